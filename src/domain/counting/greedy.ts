/**
 * Utilitarian greedy, exactly as pabutools' `greedy_utilitarian_welfare`
 * (additive satisfaction): projects sorted by total satisfaction per unit of
 * cost, descending, ties in tie-break order; each is funded when its cost
 * still fits in what is left, skipped otherwise. Projects nobody supports
 * score 0 and come last, but are still funded when they fit.
 *
 * Satisfaction: `cost` (u = c(p) per supporter, so the score is the number of
 * supporters: the classic "most votes first"), `card` (u = 1, score =
 * supporters per unit of cost), `points` (u = points, score = points per unit
 * of cost).
 */
import type { Profile } from './profile.js';

export type Satisfaction = 'cost' | 'card' | 'points';

export interface GreedyStep {
  project: number;
  /** Scaled remaining budget when its turn came (before funding it). */
  remainingBefore: bigint;
  funded: boolean;
}

export interface GreedyOutcome {
  /** Funded projects in order. */
  selected: number[];
  /** Every project looked at, in the order of the walk. */
  steps: GreedyStep[];
  costS: bigint;
}

/**
 * Density of p as an exact fraction `num/den` (den 0 = infinite), scaled by a
 * factor common to all projects.
 */
function density(profile: Profile, sat: Satisfaction, p: number): { num: bigint; den: bigint } {
  const c = profile.costS[p]!;
  const support = profile.supporters[p]!;
  if (sat === 'cost') {
    // total satisfaction = A·c: zero when c = 0, so a free project scores 0
    if (support === 0 || c === 0n) return { num: 0n, den: 1n };
    return { num: BigInt(support), den: 1n };
  }
  const total = sat === 'card' ? support : profile.pointsTotal[p]!;
  if (total === 0) return { num: 0n, den: 1n };
  if (c === 0n) return { num: 1n, den: 0n };
  return { num: BigInt(total), den: c };
}

/** Projects in greedy order (best first). */
export function greedyOrder(profile: Profile, sat: Satisfaction, rank: Int32Array, among?: readonly number[]): number[] {
  const projects = among ? [...among] : profile.ids.map((_, i) => i);
  const d = projects.map((p) => density(profile, sat, p));
  const dens = new Map<number, { num: bigint; den: bigint }>();
  projects.forEach((p, i) => dens.set(p, d[i]!));
  return projects.sort((a, b) => {
    const x = dens.get(a)!;
    const y = dens.get(b)!;
    if (x.den === 0n || y.den === 0n) {
      if (x.den === 0n && y.den === 0n) return rank[a]! - rank[b]!;
      return x.den === 0n ? -1 : 1;
    }
    const l = x.num * y.den;
    const r = y.num * x.den;
    if (l !== r) return l > r ? -1 : 1;
    return rank[a]! - rank[b]!;
  });
}

/**
 * Runs greedy over the projects not in `initial`, with the budget minus the
 * cost of `initial` (pabutools' `initial_budget_allocation`).
 */
export function greedy(profile: Profile, sat: Satisfaction, rank: Int32Array, initial: readonly number[] = []): GreedyOutcome {
  const taken = new Set(initial);
  let spent = 0n;
  for (const p of initial) spent += profile.costS[p]!;
  const rest = profile.ids.map((_, i) => i).filter((p) => !taken.has(p));
  const selected: number[] = [];
  const steps: GreedyStep[] = [];
  for (const p of greedyOrder(profile, sat, rank, rest)) {
    const remaining = profile.budgetS - spent;
    const fits = profile.costS[p]! <= remaining;
    steps.push({ project: p, remainingBefore: remaining, funded: fits });
    if (fits) {
      selected.push(p);
      spent += profile.costS[p]!;
    }
  }
  return { selected, steps, costS: spent };
}
