import type { AdminProposal, BallotRule, Cycle, FieldIssue, PoolChoice } from '../contract/index.js';
import { validateBallot, type BallotProject } from '../domain/ballot.js';
import { isBallotProject } from '../domain/ballot-projects.js';

export interface PaperProject extends BallotProject {
  title: string;
}

/** The projects a paper ballot can mark, as the server checks them (on the ballot, in a pool, not hidden). */
export function paperProjects(proposals: readonly AdminProposal[]): PaperProject[] {
  return proposals
    .filter(isBallotProject)
    .map((p) => ({ id: p.id, title: p.title, cost: p.finalCost ?? p.estimatedCost, poolId: p.poolId! }));
}

/** How a project is marked on the paper, by the rule: ticked, given points, or given a rank. */
export type MarkKind = 'tick' | 'points' | 'rank';

export function markKind(rule: BallotRule): MarkKind {
  return rule.kind === 'cumulative' ? 'points' : rule.kind === 'ranked' ? 'rank' : 'tick';
}

/**
 * What a person typed for one paper ballot: per project a tick (1), its points
 * or its rank; an empty field is absent, and `NaN` is something that is not a
 * whole number.
 */
export type PaperMarks = ReadonlyMap<string, number>;

/**
 * A paper ballot as the API takes it, from the marks: one choice per pool;
 * ranked picks in the order of their ranks. The issues are those of the same
 * rules the server enforces (`validateBallot`), after what only a form can get
 * wrong (a rank given twice, points or ranks that are not whole numbers).
 */
export function paperBallot(cycle: Pick<Cycle, 'ballot' | 'pools'>, projects: readonly PaperProject[], marks: PaperMarks): { choices: PoolChoice[]; issues: FieldIssue[] } {
  const kind = markKind(cycle.ballot);
  const issues: FieldIssue[] = [];
  const pools = cycle.pools.filter((pool) => projects.some((p) => p.poolId === pool.id));
  const choices: PoolChoice[] = pools.map((pool, ci) => {
    const marked = projects.filter((p) => p.poolId === pool.id && marks.has(p.id));
    for (const p of marked) {
      const value = marks.get(p.id)!;
      if (!Number.isInteger(value) || value < (kind === 'points' ? 0 : 1)) issues.push({ path: ['choices', ci, 'picks'], message: kind === 'rank' ? 'paper.rank_whole' : 'paper.points_whole' });
    }
    if (kind === 'rank') {
      const ranks = marked.map((p) => marks.get(p.id)!);
      if (new Set(ranks).size !== ranks.length) issues.push({ path: ['choices', ci, 'picks'], message: 'paper.rank_twice' });
      marked.sort((a, b) => marks.get(a.id)! - marks.get(b.id)!);
    }
    const picks = marked.filter((p) => marks.get(p.id)! > 0).map((p) => (kind === 'points' ? { projectId: p.id, points: marks.get(p.id)! } : { projectId: p.id }));
    return { poolId: pool.id, picks };
  });
  if (issues.length) return { choices, issues: dedupe(issues) };
  return { choices, issues: validateBallot(cycle, projects, { choices }) };
}

function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path.join('.')}:${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
