import type { BallotInput, BallotPick, BallotRule, Cycle, FieldIssue, Pool } from '../contract/index.js';

/** A project as the ballot needs it. */
export interface BallotProject {
  id: string;
  cost: number;
  poolId: string;
}

/** The money a knapsack ballot may spend in a pool. */
export function knapsackLimit(rule: BallotRule, pool: Pool): number {
  return rule.kind === 'knapsack' && rule.limit !== undefined ? Math.min(rule.limit, pool.budget) : pool.budget;
}

/** Live figures for one pool while the resident edits (caps are enforced here; minimums only on submit). */
export interface PoolTally {
  picks: number;
  cost: number;
  points: number;
  /** Projects still allowed (approval/single/ranked), or null when not counted that way. */
  picksLeft: number | null;
  /** Money still allowed (knapsack), or null. */
  moneyLeft: number | null;
  /** Points still to spend (cumulative), or null. */
  pointsLeft: number | null;
}

export function tallyPool(rule: BallotRule, pool: Pool, picks: readonly BallotPick[], projects: ReadonlyMap<string, BallotProject>): PoolTally {
  let cost = 0;
  let points = 0;
  for (const p of picks) {
    cost += projects.get(p.projectId)?.cost ?? 0;
    points += p.points ?? 0;
  }
  const n = picks.length;
  return {
    picks: n,
    cost,
    points,
    picksLeft:
      rule.kind === 'single' ? 1 - n : rule.kind === 'approval' ? rule.max - n : rule.kind === 'ranked' ? rule.maxRanks - n : null,
    moneyLeft: rule.kind === 'knapsack' ? knapsackLimit(rule, pool) - cost : null,
    pointsLeft: rule.kind === 'cumulative' ? rule.points - points : null,
  };
}

export type AddBlock =
  | { reason: 'max_picks'; max: number }
  | { reason: 'does_not_fit'; remaining: number; cost: number }
  | { reason: 'no_points_left' };

/**
 * Why the resident cannot add this project now, or null when they can. For single choice adding replaces, so never blocked.
 * `t`: the pool's tally of `picks`, when the caller asks for many projects of one pool (a ballot's cards) and has it.
 */
export function whyCannotAdd(
  rule: BallotRule,
  pool: Pool,
  picks: readonly BallotPick[],
  project: BallotProject,
  projects: ReadonlyMap<string, BallotProject>,
  t: PoolTally = tallyPool(rule, pool, picks, projects),
): AddBlock | null {
  if (picks.some((p) => p.projectId === project.id)) return null;
  switch (rule.kind) {
    case 'single':
      return null;
    case 'approval':
      return t.picksLeft! <= 0 ? { reason: 'max_picks', max: rule.max } : null;
    case 'ranked':
      return t.picksLeft! <= 0 ? { reason: 'max_picks', max: rule.maxRanks } : null;
    case 'knapsack':
      return project.cost > t.moneyLeft! ? { reason: 'does_not_fit', remaining: t.moneyLeft!, cost: project.cost } : null;
    case 'cumulative':
      return t.pointsLeft! <= 0 ? { reason: 'no_points_left' } : null;
  }
}

function issue(path: FieldIssue['path'], message: string, params?: Record<string, unknown>): FieldIssue {
  return params ? { path, message, params } : { path, message };
}

/**
 * Whether a voter may choose in the pool: a district pool is for the residents
 * of its districts, so a voter whose district is known (from the voter list)
 * may choose only in their own district's pools; city-wide and category pools
 * are everyone's. `district` null: no district is known, every pool is open.
 */
export function mayChooseIn(pool: Pool, district: string | null): boolean {
  return district === null || pool.scope.kind !== 'district' || pool.scope.districts.includes(district);
}

/** Whether some of the budget is split by district (a voter's district then matters). */
export function hasDistrictPools(pools: readonly Pool[]): boolean {
  return pools.some((pool) => pool.scope.kind === 'district');
}

/** The pools a voter whose district is `district` may choose in, in the cycle's order. */
export function poolsFor(pools: readonly Pool[], district: string | null): Pool[] {
  return pools.filter((pool) => mayChooseIn(pool, district));
}

/**
 * The choices that pick projects in a pool of another district than the
 * voter's: the server refuses such a ballot whatever else it says. An empty
 * choice there is an abstention and passes; an unknown pool is `validateBallot`'s.
 */
export function otherDistrictIssues(pools: readonly Pool[], district: string | null, ballot: Pick<BallotInput, 'choices'>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (district === null) return issues;
  ballot.choices.forEach((choice, ci) => {
    const pool = pools.find((p) => p.id === choice.poolId);
    if (pool && choice.picks.length > 0 && !mayChooseIn(pool, district)) issues.push(issue(['choices', ci, 'poolId'], 'ballot.pool_other_district'));
  });
  return issues;
}

/**
 * Everything the rule demands of a ballot, as the server enforces it and the
 * widget checks before sending. A pool left empty is an abstention in that
 * pool; the ballot as a whole must choose something. Minimums apply to pools
 * the resident voted in.
 */
export function validateBallot(cycle: Pick<Cycle, 'ballot' | 'pools'>, projects: readonly BallotProject[], ballot: Pick<BallotInput, 'choices'>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const rule = cycle.ballot;
  const byId = new Map(projects.map((p) => [p.id, p]));
  const pools = new Map(cycle.pools.map((p) => [p.id, p]));
  const seenPools = new Set<string>();
  let total = 0;
  ballot.choices.forEach((choice, ci) => {
    const pool = pools.get(choice.poolId);
    if (!pool) return issues.push(issue(['choices', ci, 'poolId'], 'ballot.pool_unknown'));
    if (seenPools.has(choice.poolId)) return issues.push(issue(['choices', ci, 'poolId'], 'ballot.pool_twice'));
    seenPools.add(choice.poolId);
    const seen = new Set<string>();
    let bad = false;
    choice.picks.forEach((pick, pi) => {
      const project = byId.get(pick.projectId);
      if (!project || project.poolId !== pool.id) {
        bad = true;
        issues.push(issue(['choices', ci, 'picks', pi, 'projectId'], 'ballot.project_unknown'));
      } else if (seen.has(pick.projectId)) {
        bad = true;
        issues.push(issue(['choices', ci, 'picks', pi, 'projectId'], 'ballot.project_twice'));
      }
      seen.add(pick.projectId);
      if (rule.kind === 'cumulative') {
        if (pick.points === undefined) issues.push(issue(['choices', ci, 'picks', pi, 'points'], 'ballot.points_required'));
        else if (pick.points > rule.maxPerProject)
          issues.push(issue(['choices', ci, 'picks', pi, 'points'], 'ballot.points_over_max', { max: rule.maxPerProject }));
      } else if (pick.points !== undefined) {
        issues.push(issue(['choices', ci, 'picks', pi, 'points'], 'ballot.points_not_allowed'));
      }
    });
    const n = choice.picks.length;
    total += n;
    if (n === 0 || bad) return;
    const path = ['choices', ci, 'picks'];
    const t = tallyPool(rule, pool, choice.picks, byId);
    switch (rule.kind) {
      case 'single':
        if (n > 1) issues.push(issue(path, 'ballot.too_many', { max: 1 }));
        break;
      case 'approval':
        if (n > rule.max) issues.push(issue(path, 'ballot.too_many', { max: rule.max }));
        if (n < rule.min) issues.push(issue(path, 'ballot.too_few', { min: rule.min }));
        break;
      case 'ranked':
        if (n > rule.maxRanks) issues.push(issue(path, 'ballot.too_many', { max: rule.maxRanks }));
        break;
      case 'knapsack': {
        const limit = knapsackLimit(rule, pool);
        if (t.cost > limit) issues.push(issue(path, 'ballot.over_budget', { limit, cost: t.cost }));
        const min = Math.ceil((rule.minShare ?? 0) * limit);
        if (t.cost < min) issues.push(issue(path, 'ballot.under_min_share', { min, cost: t.cost, share: rule.minShare }));
        break;
      }
      case 'cumulative':
        if (t.points > rule.points) issues.push(issue(path, 'ballot.over_points', { max: rule.points, points: t.points }));
        break;
    }
  });
  if (total === 0 && issues.length === 0) issues.push(issue(['choices'], 'ballot.empty'));
  return issues;
}
