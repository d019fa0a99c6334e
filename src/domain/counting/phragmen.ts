/**
 * Sequential Phragmén, exactly as pabutools' `sequential_phragmen`.
 *
 * Candidates are the projects costing at most the budget; every voter's load
 * starts at 0. Each round, new_load(p) = (Σ_{i supports p} load_i + c(p)) / A(p)
 * (infinite when nobody supports p). L is the smallest new load and T the
 * candidates reaching exactly L. If any project of T no longer fits in what is
 * left of the budget, the rule stops (it does not skip to cheaper ones);
 * otherwise the first of T in tie-break order is funded and the load of each
 * of its supporters becomes L. Projects nobody supports come last: they are
 * all tied at infinity, so they are funded in tie-break order only while every
 * remaining one fits.
 *
 * Loads are exact integers over a common denominator that only grows, as in
 * the MES module; a voter's load is one of at most (rounds + 1) values, so
 * groups of identical ballots point at a load class.
 */
import { gcd } from '../rational.js';
import type { Profile } from './profile.js';

export interface PhragmenOutcome {
  selected: number[];
  costS: bigint;
  /** Projects still in the running when the rule stopped (empty when it ran out of candidates). */
  stoppedWith: number[];
  /** Scaled budget left when it stopped. */
  remainingS: bigint;
}

export function phragmen(profile: Profile, rank: Int32Array): PhragmenOutcome {
  const P = profile.ids.length;
  const { projectStart, projectGroup, groupStart, groupProject, groupWeight, costS, supporters, budgetS } = profile;
  let D = 1n;
  const loadN: bigint[] = [0n]; // load classes, numerators over D
  const cls = new Int32Array(profile.groupCount); // all in class 0
  const sumN: bigint[] = new Array<bigint>(P).fill(0n); // Σ loads of supporters, over D
  let live: number[] = [];
  for (let p = 0; p < P; p++) if (costS[p]! <= budgetS) live.push(p);
  const selected: number[] = [];
  let spent = 0n;

  while (live.length > 0) {
    // smallest new load; supported candidates only (unsupported ones are infinite)
    let best: number[] = [];
    let bestNum = 0n; // new load ∝ bestNum / bestDen (common factor 1/D)
    let bestDen = 0n;
    for (const p of live) {
      const a = supporters[p]!;
      if (a === 0) continue;
      const num = sumN[p]! + costS[p]! * D;
      const den = BigInt(a);
      if (best.length === 0) {
        best = [p];
        bestNum = num;
        bestDen = den;
        continue;
      }
      const l = num * bestDen;
      const r = bestNum * den;
      if (l < r) {
        best = [p];
        bestNum = num;
        bestDen = den;
      } else if (l === r) best.push(p);
    }
    const infinite = best.length === 0;
    if (infinite) best = live.slice();
    if (best.some((p) => spent + costS[p]! > budgetS)) break;
    let f = best[0]!;
    for (const p of best) if (rank[p]! < rank[f]!) f = p;
    selected.push(f);
    spent += costS[f]!;
    live = live.filter((p) => p !== f);
    if (infinite) continue;

    // L = bestNum / (bestDen·D); move to the denominator D·m where L is whole.
    const g = gcd(bestNum % bestDen, bestDen) || bestDen;
    const m = bestDen / g;
    const L = bestNum / g;
    if (m !== 1n) {
      D *= m;
      for (let k = 0; k < loadN.length; k++) loadN[k]! *= m;
      for (let p = 0; p < P; p++) if (sumN[p] !== 0n) sumN[p]! *= m;
    }
    const K = loadN.length;
    loadN.push(L);
    for (let k = projectStart[f]!; k < projectStart[f + 1]!; k++) {
      const grp = projectGroup[k]!;
      const delta = BigInt(groupWeight[grp]!) * (L - loadN[cls[grp]!]!);
      cls[grp] = K;
      if (delta === 0n) continue;
      for (let j = groupStart[grp]!; j < groupStart[grp + 1]!; j++) {
        const s = groupProject[j]!;
        sumN[s]! += delta;
      }
    }
  }
  return { selected, costS: spent, stoppedWith: live, remainingS: budgetS - spent };
}
