import type { BallotInput, BallotPick, BallotRule, Cycle, FieldIssue, Pool } from '../contract/index.js';
import { knapsackLimit, poolsFor, tallyPool, validateBallot, whyCannotAdd, type AddBlock, type BallotProject, type PoolTally } from './ballot.js';

/**
 * Pure helpers for a resident editing a ballot: the widget keeps a draft
 * (picks per pool) and asks these functions what each click does. Caps are
 * enforced here while editing; minimums only by `submitIssues`.
 */

/** Picks per pool id. For ranked ballots the order is the ranking. */
export type BallotDraft = Readonly<Record<string, readonly BallotPick[]>>;

export type EditResult = { ok: true; picks: BallotPick[] } | { ok: false; block: AddBlock };

export function picksOf(draft: BallotDraft, poolId: string): readonly BallotPick[] {
  return draft[poolId] ?? [];
}

export function isPicked(picks: readonly BallotPick[], projectId: string): boolean {
  return picks.some((p) => p.projectId === projectId);
}

/**
 * Adds the project (or, when it is already chosen, removes it). Single choice
 * replaces the previous pick; the other rules refuse what breaks a cap and say why.
 */
export function togglePick(
  rule: BallotRule,
  pool: Pool,
  picks: readonly BallotPick[],
  project: BallotProject,
  projects: ReadonlyMap<string, BallotProject>,
): EditResult {
  if (isPicked(picks, project.id)) return { ok: true, picks: picks.filter((p) => p.projectId !== project.id) };
  if (rule.kind === 'single') return { ok: true, picks: [{ projectId: project.id }] };
  const block = whyCannotAdd(rule, pool, picks, project, projects);
  if (block) return { ok: false, block };
  return { ok: true, picks: [...picks, rule.kind === 'cumulative' ? { projectId: project.id, points: 1 } : { projectId: project.id }] };
}

/** Points on one project of a cumulative ballot. */
export function pointsOn(picks: readonly BallotPick[], projectId: string): number {
  return picks.find((p) => p.projectId === projectId)?.points ?? 0;
}

/** The most points this project could have now (its cap, or what is left plus what it has). */
export function maxPointsFor(rule: BallotRule, picks: readonly BallotPick[], projectId: string): number {
  if (rule.kind !== 'cumulative') return 0;
  let others = 0;
  for (const p of picks) if (p.projectId !== projectId) others += p.points ?? 0;
  return Math.max(0, Math.min(rule.maxPerProject, rule.points - others));
}

/**
 * Sets the points on a project, clamped to `[0, maxPointsFor]`; 0 removes the
 * pick. Returns `clamped: true` when the wish did not fit.
 */
export function setPoints(
  rule: BallotRule,
  picks: readonly BallotPick[],
  projectId: string,
  wanted: number,
): { picks: BallotPick[]; points: number; clamped: boolean } {
  const max = maxPointsFor(rule, picks, projectId);
  const whole = Number.isFinite(wanted) ? Math.trunc(wanted) : 0;
  const points = Math.max(0, Math.min(max, whole));
  const index = picks.findIndex((p) => p.projectId === projectId);
  let next: BallotPick[];
  if (points === 0) next = picks.filter((p) => p.projectId !== projectId);
  else if (index === -1) next = [...picks, { projectId, points }];
  else next = picks.map((p, i) => (i === index ? { projectId, points } : p));
  return { picks: next, points, clamped: points !== whole };
}

/** Moves a pick of a ranked ballot from one place to another (indices are clamped). */
export function movePick(picks: readonly BallotPick[], from: number, to: number): BallotPick[] {
  if (from < 0 || from >= picks.length) return [...picks];
  const target = Math.max(0, Math.min(picks.length - 1, to));
  const next = [...picks];
  const [moved] = next.splice(from, 1);
  next.splice(target, 0, moved!);
  return next;
}

/** The ballot to send: one choice per pool that has picks (an empty pool is an abstention). */
export function toBallotInput(cycleId: string, pools: readonly Pool[], draft: BallotDraft): BallotInput {
  const choices = pools
    .map((pool) => ({ poolId: pool.id, picks: picksOf(draft, pool.id).map((p) => (p.points === undefined ? { projectId: p.projectId } : { projectId: p.projectId, points: p.points })) }))
    .filter((c) => c.picks.length > 0);
  return { cycleId, choices };
}

/** What stops the ballot from being sent (minimums included), with pool ids instead of indices. */
export function submitIssues(
  cycle: Pick<Cycle, 'ballot' | 'pools' | 'id'>,
  projects: readonly BallotProject[],
  draft: BallotDraft,
): { poolId: string | null; issue: FieldIssue }[] {
  const input = toBallotInput(cycle.id, cycle.pools, draft);
  return validateBallot(cycle, projects, input).map((issue) => {
    const index = issue.path[0] === 'choices' && typeof issue.path[1] === 'number' ? issue.path[1] : -1;
    return { poolId: input.choices[index]?.poolId ?? null, issue };
  });
}

/** Whether the resident has started choosing. */
export function draftTouched(draft: BallotDraft): boolean {
  return Object.values(draft).some((picks) => picks.length > 0);
}

/** The smallest sum a knapsack ballot must reach in a pool it votes in (0 when there is no minimum). */
export function knapsackMinimum(rule: BallotRule, pool: Pool): number {
  return rule.kind === 'knapsack' ? Math.ceil((rule.minShare ?? 0) * knapsackLimit(rule, pool)) : 0;
}

export { tallyPool, whyCannotAdd, knapsackLimit, poolsFor };
export type { AddBlock, BallotProject, PoolTally };

/** Projects that pass the filters (empty filter = any). */
export function filterProjects<P extends { category: string; district?: string }>(projects: readonly P[], filter: { category?: string; district?: string }): P[] {
  return projects.filter((p) => (!filter.category || p.category === filter.category) && (!filter.district || p.district === filter.district));
}
