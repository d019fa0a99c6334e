/**
 * The profile the counting rules read: projects with exact costs, a budget,
 * and ballots merged into groups of identical ballots (pabutools calls this a
 * multiprofile). Every rule treats voters with the same ballot the same way,
 * so a group carries one weight and, under MES, one budget; this is what makes
 * counting 100 000 voters fast without giving up exactness.
 *
 * Built from the server's own ballots ({@link buildProfile}) or from a parsed
 * pabulib file ({@link profileFromPabulib}). One profile is one pool: when a
 * cycle splits its budget per district or category, the caller builds one
 * profile per pool, with that pool's projects, budget and the picks that fall
 * in it, and tallies each separately.
 *
 * Pure module: no DOM, no Node API.
 */
import type { TieBreak } from '../../contract/index.js';
import type { ParsedPabulib } from '../pabulib.js';
import { Rational, lcm, type RationalLike } from '../rational.js';

/**
 * How a ballot is read:
 * - `approval`: the picks are the approved projects (a set);
 * - `choose-1`: the same, with one pick (several picks are counted as approvals);
 * - `cumulative`, `scoring`: each pick carries `points`, the voter's utility;
 * - `ordinal`: picks are a ranking, best first. Only the first preference is
 *   counted (as a one-project approval ballot); `votes` are first preferences.
 *   None of pabutools' rules here is defined on rankings, so this is our choice.
 */
export type VoteKind = 'approval' | 'choose-1' | 'cumulative' | 'scoring' | 'ordinal';

export interface CountingProject {
  id: string;
  /** Exact: a decimal string (`"748772.64"`, `"748772,64"`), an integer, or a Rational. */
  cost: RationalLike;
}

export interface CountingPick {
  projectId: string;
  /** Needed for `cumulative` / `scoring`; ignored otherwise. */
  points?: RationalLike;
}

export interface CountingBallot {
  picks: readonly CountingPick[];
  /** How many voters cast exactly this ballot (default 1). Lets a caller pass pre-grouped ballots. */
  weight?: number;
}

export interface ProfileInput {
  projects: readonly CountingProject[];
  ballots: readonly CountingBallot[];
  budget: RationalLike;
  voteType?: VoteKind;
}

export class CountingInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CountingInputError';
  }
}

export interface Profile {
  readonly voteType: VoteKind;
  /** True for `cumulative` / `scoring`: utilities are points. */
  readonly hasPoints: boolean;
  readonly ids: readonly string[];
  readonly costs: readonly Rational[];
  readonly budget: Rational;
  /** Number of voters, empty ballots included (each gets a share under MES). */
  readonly voters: number;
  /** `S`: every cost and the budget times `S` is an integer. */
  readonly scale: bigint;
  readonly costS: readonly bigint[];
  readonly budgetS: bigint;
  /** Groups of identical ballots. */
  readonly groupCount: number;
  readonly groupWeight: Float64Array;
  /** CSR: projects of group g are `groupProject[groupStart[g] .. groupStart[g+1]-1]`. */
  readonly groupStart: Int32Array;
  readonly groupProject: Int32Array;
  /** CSR: supporter groups of project p are `projectGroup[projectStart[p] .. projectStart[p+1]-1]`. */
  readonly projectStart: Int32Array;
  readonly projectGroup: Int32Array;
  /** Integer points (scaled by a common factor) aligned with `projectGroup`; all 1 without points. */
  readonly projectPoints: Float64Array;
  /** Voters who picked the project. */
  readonly supporters: Float64Array;
  /** Sum of scaled points per project (equals `supporters` without points). */
  readonly pointsTotal: Float64Array;
  /** What `votes` reports: approvals, points, or first preferences. */
  readonly votes: readonly number[];
}

/**
 * Builds a {@link Profile}. Throws {@link CountingInputError} on a duplicate
 * project id, a pick of an unknown project, a negative cost or budget, or
 * missing / negative points.
 */
export function buildProfile(input: ProfileInput): Profile {
  const voteType: VoteKind = input.voteType ?? 'approval';
  const hasPoints = voteType === 'cumulative' || voteType === 'scoring';
  const ids = input.projects.map((p) => p.id);
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    if (index.has(id)) throw new CountingInputError(`duplicate project id "${id}"`);
    index.set(id, i);
  });
  const costs = input.projects.map((p) => toRational(p.cost, `cost of "${p.id}"`));
  const budget = toRational(input.budget, 'budget');
  for (const [i, c] of costs.entries()) if (c.sign() < 0) throw new CountingInputError(`cost of "${ids[i]}" is negative`);
  if (budget.sign() < 0) throw new CountingInputError('budget is negative');

  let scale = budget.den;
  for (const c of costs) if (c.den !== 1n) scale = lcm(scale, c.den);
  const costS = costs.map((c) => (c.num * scale) / c.den);
  const budgetS = (budget.num * scale) / budget.den;

  // Read ballots into (project index, exact points) lists.
  const P = ids.length;
  const read: { items: number[]; points: Rational[] | null; weight: number }[] = [];
  let pointScale = 1n;
  let voters = 0;
  const firstPrefs = new Float64Array(P);
  for (const ballot of input.ballots) {
    const weight = ballot.weight ?? 1;
    if (!Number.isSafeInteger(weight) || weight < 0) throw new CountingInputError(`ballot weight ${weight} is not a non-negative integer`);
    voters += weight;
    let picks = ballot.picks;
    if (voteType === 'ordinal') {
      const first = picks[0];
      if (first) {
        const fi = index.get(first.projectId);
        if (fi !== undefined) firstPrefs[fi]! += weight;
      }
      picks = first ? [first] : [];
    }
    const items: number[] = [];
    const points: Rational[] | null = hasPoints ? [] : null;
    const seen = new Set<number>();
    for (const pick of picks) {
      const pi = index.get(pick.projectId);
      if (pi === undefined) throw new CountingInputError(`a ballot picks unknown project "${pick.projectId}"`);
      if (seen.has(pi)) {
        if (hasPoints) throw new CountingInputError(`a ballot gives points to "${pick.projectId}" twice`);
        continue;
      }
      seen.add(pi);
      if (points) {
        if (pick.points === undefined) throw new CountingInputError(`a ${voteType} ballot has no points for "${pick.projectId}"`);
        const pt = toRational(pick.points, 'points');
        if (pt.sign() < 0) throw new CountingInputError('points must not be negative');
        if (pt.isZero()) continue; // zero points: no utility, not a supporter
        if (pt.den !== 1n) pointScale = lcm(pointScale, pt.den);
        points.push(pt);
      }
      items.push(pi);
    }
    read.push({ items, points, weight });
  }

  // Merge identical ballots.
  const groupOf = new Map<string, number>();
  const gWeight: number[] = [];
  const gItems: number[][] = [];
  const gPoints: number[][] = [];
  for (const r of read) {
    if (r.weight === 0 || r.items.length === 0) continue; // empty ballots only count in `voters`
    const order = r.items.map((_, i) => i).sort((a, b) => r.items[a]! - r.items[b]!);
    const items = order.map((i) => r.items[i]!);
    const pts = r.points ? order.map((i) => scaledPoints(r.points![i]!, pointScale)) : items.map(() => 1);
    const key = r.points ? `${items.join(',')}|${pts.join(',')}` : items.join(',');
    const g = groupOf.get(key);
    if (g !== undefined) gWeight[g]! += r.weight;
    else {
      groupOf.set(key, gWeight.length);
      gWeight.push(r.weight);
      gItems.push(items);
      gPoints.push(pts);
    }
  }
  const G = gWeight.length;
  const groupWeight = Float64Array.from(gWeight);
  const groupStart = new Int32Array(G + 1);
  let total = 0;
  for (let g = 0; g < G; g++) {
    groupStart[g] = total;
    total += gItems[g]!.length;
  }
  groupStart[G] = total;
  const groupProject = new Int32Array(total);
  const projectCount = new Int32Array(P + 1);
  for (let g = 0; g < G; g++) {
    const items = gItems[g]!;
    for (let k = 0; k < items.length; k++) {
      groupProject[groupStart[g]! + k] = items[k]!;
      projectCount[items[k]!]!++;
    }
  }
  const projectStart = new Int32Array(P + 1);
  for (let p = 0; p < P; p++) projectStart[p + 1] = projectStart[p]! + projectCount[p]!;
  const fill = projectStart.slice(0, P);
  const projectGroup = new Int32Array(total);
  const projectPoints = new Float64Array(total);
  const supporters = new Float64Array(P);
  const pointsTotal = new Float64Array(P);
  for (let g = 0; g < G; g++) {
    const items = gItems[g]!;
    const pts = gPoints[g]!;
    const w = groupWeight[g]!;
    for (let k = 0; k < items.length; k++) {
      const p = items[k]!;
      const at = fill[p]!++;
      projectGroup[at] = g;
      projectPoints[at] = pts[k]!;
      supporters[p]! += w;
      pointsTotal[p]! += w * pts[k]!;
    }
  }
  for (const t of pointsTotal) {
    if (!Number.isSafeInteger(t)) throw new CountingInputError('points too large to count exactly');
  }

  let votes: number[];
  if (voteType === 'ordinal') votes = Array.from(firstPrefs);
  else if (hasPoints) votes = Array.from(pointsTotal, (t) => Number(t) / Number(pointScale));
  else votes = Array.from(supporters);

  return {
    voteType,
    hasPoints,
    ids,
    costs,
    budget,
    voters,
    scale,
    costS,
    budgetS,
    groupCount: G,
    groupWeight,
    groupStart,
    groupProject,
    projectStart,
    projectGroup,
    projectPoints,
    supporters,
    pointsTotal,
    votes,
  };
}

function scaledPoints(p: Rational, scale: bigint): number {
  const v = (p.num * scale) / p.den;
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new CountingInputError('points too large to count exactly');
  return Number(v);
}

function toRational(value: RationalLike, what: string): Rational {
  try {
    return Rational.from(value);
  } catch {
    throw new CountingInputError(`${what} is not a number: ${String(value)}`);
  }
}

/** A profile from a parsed `.pb` file: its projects, budget, vote type and one ballot per VOTES row. */
export function profileFromPabulib(pb: ParsedPabulib): Profile {
  return buildProfile(pabulibInput(pb));
}

/** The {@link ProfileInput} of a parsed `.pb` file. */
export function pabulibInput(pb: ParsedPabulib): ProfileInput {
  return {
    projects: pb.projectIds.map((id, i) => ({ id, cost: pb.costs[i]! })),
    budget: pb.budget,
    voteType: pb.voteType,
    ballots: pb.ballots.map((b) => ({
      picks: b.projects.map((projectId, i) => (b.points ? { projectId, points: b.points[i]! } : { projectId })),
    })),
  };
}

/**
 * Python's `str` order (by code point), which pabutools' lexicographic
 * tie-breaking uses: `"10" < "9"`, `"L025" < "L1"`. Differs from JS `<` only
 * for characters outside the Basic Multilingual Plane.
 */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * The order in which tied projects win: `rank[p]` smaller wins.
 * - `lexico` (pabutools' default `lexico_tie_breaking`): the smaller project
 *   id string, compared as Python compares strings (see {@link compareIds}).
 * - `cost-then-votes` (equalshares.net): the cheaper project, then the one
 *   with more votes, then the smaller id.
 */
export function tieRanks(profile: Profile, tieBreak: TieBreak): Int32Array {
  const order = profile.ids.map((_, i) => i);
  if (tieBreak === 'cost-then-votes') {
    order.sort(
      (a, b) =>
        profile.costs[a]!.cmp(profile.costs[b]!) ||
        profile.votes[b]! - profile.votes[a]! ||
        compareIds(profile.ids[a]!, profile.ids[b]!),
    );
  } else {
    order.sort((a, b) => compareIds(profile.ids[a]!, profile.ids[b]!));
  }
  const rank = new Int32Array(order.length);
  order.forEach((p, r) => (rank[p] = r));
  return rank;
}
