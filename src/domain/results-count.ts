/**
 * One pool of a cycle counted by the cycle's rule into what the results say of it: the server's count
 * (`services/results.ts`, which may run `tally` on its counting thread instead) and the public mock's, so both give
 * the same results for the same ballots.
 */
import type { BallotRule, Cycle, PoolChoice, PoolResult, ProjectResult } from '../contract/index.js';
import { tally, type TallyInput, type TallyResult, type VoteKind } from './counting/index.js';
import { Rational } from './rational.js';

/** What a count reads of a project on the ballot. */
export interface CountedProject {
  id: string;
  title: string;
  estimatedCost: number;
  finalCost?: number | undefined;
  poolId?: string | undefined;
}

/** What a count reads of a ballot: its picks in each pool. */
export interface CountedChoices {
  choices: readonly PoolChoice[];
}

/** What a pool's result needs of its count. */
export type PoolTally = Pick<TallyResult, 'selected' | 'votes' | 'explanations' | 'cost' | 'add1'>;

/**
 * The votes a proposal shows in the lists: per project, the approvals, points or (ranked ballots) first
 * preferences of the ballots counted. The server's (`services/results.ts`) and the mocks' figure.
 */
export function projectVotes(rule: BallotRule, ballots: readonly CountedChoices[]): Map<string, number> {
  const votes = new Map<string, number>();
  const firstOnly = rule.kind === 'ranked';
  for (const b of ballots) {
    for (const choice of b.choices) {
      choice.picks.forEach((pick, i) => {
        if (firstOnly && i > 0) return;
        votes.set(pick.projectId, (votes.get(pick.projectId) ?? 0) + (pick.points ?? 1));
      });
    }
  }
  return votes;
}

/** The pabulib vote type of a ballot rule. */
export function voteKind(rule: BallotRule): VoteKind {
  switch (rule.kind) {
    case 'single':
      return 'choose-1';
    case 'approval':
    case 'knapsack':
      return 'approval';
    case 'cumulative':
      return 'cumulative';
    case 'ranked':
      return 'ordinal';
  }
}

/** What a project costs in the count: the council's final cost, else the author's estimate. */
export const projectCost = (p: CountedProject): number => p.finalCost ?? p.estimatedCost;

export function poolProjects<P extends { poolId?: string | undefined }>(projects: readonly P[], poolId: string): P[] {
  return projects.filter((p) => p.poolId === poolId);
}

/** What `tally` needs for one pool: its projects, and each ballot's picks in it. */
export function poolInput<P extends CountedProject>(cycle: Cycle, poolIndex: number, projects: readonly P[], ballots: readonly CountedChoices[]): { input: TallyInput; inPool: P[] } {
  const pool = cycle.pools[poolIndex]!;
  const inPool = poolProjects(projects, pool.id);
  const ids = new Set(inPool.map((p) => p.id));
  const voted = ballots.map((b) => b.choices.find((c) => c.poolId === pool.id)?.picks ?? []).filter((p) => p.length > 0);
  const input: TallyInput = {
    projects: inPool.map((p) => ({ id: p.id, cost: projectCost(p) })),
    ballots: voted.map((picks) => ({ picks: picks.filter((p) => ids.has(p.projectId)).map((p) => (p.points !== undefined ? { projectId: p.projectId, points: p.points } : { projectId: p.projectId })) })),
    budget: pool.budget,
    voteType: voteKind(cycle.ballot),
    rule: cycle.counting.rule,
    tieBreak: cycle.counting.tieBreak,
  };
  return { input, inPool };
}

/** The pool's result from its count: funded first (in order of selection), then the rest by votes. */
export function poolResult(cycle: Cycle, poolIndex: number, inPool: readonly CountedProject[], input: TallyInput, result: PoolTally): PoolResult {
  const pool = cycle.pools[poolIndex]!;
  const byId = new Map(inPool.map((p) => [p.id, p]));
  const funded: ProjectResult[] = result.selected.map((id) => {
    const p = byId.get(id)!;
    return { projectId: id, title: p.title, cost: projectCost(p), votes: result.votes[id] ?? 0, funded: true, explanation: result.explanations[id]! };
  });
  const selected = new Set(result.selected);
  const rest: ProjectResult[] = inPool
    .filter((p) => !selected.has(p.id))
    .map((p) => ({ projectId: p.id, title: p.title, cost: projectCost(p), votes: result.votes[p.id] ?? 0, funded: false, explanation: result.explanations[p.id] ?? { kind: 'no_support' as const } }))
    .sort((a, b) => b.votes - a.votes || (a.projectId < b.projectId ? -1 : 1));
  const spent = funded.reduce((s, p) => s + p.cost, 0);
  return {
    poolId: pool.id,
    name: pool.name,
    budget: pool.budget,
    spent,
    rule: cycle.counting.rule,
    tieBreak: cycle.counting.tieBreak,
    ballots: input.ballots.length,
    projects: [...funded, ...rest],
    ...(result.add1 ? { add1: { ...result.add1, voterBudgetAmount: Rational.parse(result.add1.voterBudget).toFixedNumber(2) } } : {}),
  };
}

/** One pool counted by the cycle's rule, in place. */
export function countPool(cycle: Cycle, poolIndex: number, projects: readonly CountedProject[], ballots: readonly CountedChoices[]): PoolResult {
  const { input, inPool } = poolInput(cycle, poolIndex, projects, ballots);
  return poolResult(cycle, poolIndex, inPool, input, tally(input));
}
