/**
 * Method of Equal Shares, exactly as pabutools' `method_of_equal_shares`
 * (and its "Add1" completion, `voter_budget_increment=1`).
 *
 * Every voter starts with the same budget b. Candidates are the projects with
 * positive total utility and a positive cost (a free project with positive
 * utility is funded up front). Each round, a candidate whose supporters hold
 * less than its cost together drops out for good; for the others ρ(p) is the
 * smallest ρ with Σ_{i supports p} min(b_i, ρ·u_i(p)) = c(p), and the
 * candidate with the smallest ρ is funded (exact ties: tie-break order), each
 * supporter paying min(b_i, ρ·u_i(p)). With `cost` utility u_i(p) = c(p), with
 * `card` u_i(p) = 1, with `points` the points given.
 *
 * ## Exactness and speed
 *
 * Voters with identical ballots always hold the same budget, and voters whose
 * budgets are equal form a *class*; a group of identical ballots belongs to
 * one class. Class budgets are exact integers over a common denominator `D`
 * that only grows (D' = D·m after a payment of denominator m), so comparing
 * two budgets is comparing two bigints, and no fraction is ever reduced.
 * A class keeps the round in which its numerator was written and is rescaled
 * to the current `D` only when it is read again. ρ values are exact fractions;
 * doubles are used only to order the work (which candidates to evaluate first,
 * pabutools' lazy "affordability" ordering), never to decide an outcome: a
 * candidate is skipped only when a lower bound of its ρ exceeds the best ρ by a
 * relative margin of 1e-12, far above the error of the double estimates.
 */
import { Rational, gcd, ratioToNumber } from '../rational.js';
import type { Satisfaction } from './greedy.js';
import type { Profile } from './profile.js';

export interface MesRun {
  /** Funded projects in order (free ones funded up front come first). */
  selected: number[];
  /** How many of `selected` were free projects funded up front. */
  upfront: number;
  costS: bigint;
  /** True when the run was cut short because its cost passed `stopAboveS`. */
  exceeded: boolean;
  /** Per-voter starting budget, exact, in currency units. */
  voterBudget: Rational;
  /** What the supporters of p held together at the end of the run (currency units). */
  supportersMoney(p: number): Rational;
}

const MARGIN = 1e-12;

/** Total utility of p is positive. */
export function mesSupported(profile: Profile, sat: Satisfaction, p: number): boolean {
  if (sat === 'cost') return profile.supporters[p]! > 0 && profile.costS[p]! > 0n;
  if (sat === 'card') return profile.supporters[p]! > 0;
  return profile.pointsTotal[p]! > 0;
}

/**
 * One MES run where every voter starts with `voterBudgetN / (voters·S)` (so
 * `voterBudgetN = B·S` gives plain MES with b = B/n). The budget limit B is not
 * used inside the run, as in pabutools; `stopAboveS` only lets the caller stop
 * early once the outcome is known to cost more than that.
 */
export function mesRun(profile: Profile, sat: Satisfaction, rank: Int32Array, voterBudgetN: bigint, stopAboveS?: bigint): MesRun {
  const P = profile.ids.length;
  const n = profile.voters;
  const uniform = sat !== 'points';
  const { projectStart, projectGroup, projectPoints, groupWeight, costS } = profile;
  const S = profile.scale;

  // classes: 0 is the class of empty purses
  const classBeta: bigint[] = [0n, voterBudgetN];
  const classEpoch: number[] = [0, 0];
  const cls = new Int32Array(profile.groupCount).fill(1);
  const Ds: bigint[] = [BigInt(Math.max(n, 1))];
  let round = 0;
  const factorRound: number[] = [];
  const factorValue: bigint[] = [];

  const beta = (c: number): bigint => {
    const e = classEpoch[c]!;
    if (c === 0 || e === round) return classBeta[c]!;
    let f: bigint;
    if (factorRound[e] === round) f = factorValue[e]!;
    else {
      f = Ds[round]! / Ds[e]!;
      factorRound[e] = round;
      factorValue[e] = f;
    }
    const v = classBeta[c]! * f;
    classBeta[c] = v;
    classEpoch[c] = round;
    return v;
  };

  const selected: number[] = [];
  let spent = 0n;
  const candidates: number[] = [];
  for (let p = 0; p < P; p++) {
    if (!mesSupported(profile, sat, p)) continue;
    if (costS[p] === 0n) selected.push(p);
    else candidates.push(p);
  }
  selected.sort((a, b) => rank[a]! - rank[b]!);
  const upfront = selected.length;
  const voterBudget = Rational.of(voterBudgetN, BigInt(Math.max(n, 1)) * S);
  if (n === 0) candidates.length = 0;

  // stale lower bounds of ρ (as doubles), pabutools' "affordability"
  const stale = new Float64Array(P);
  for (const p of candidates) {
    const total = sat === 'points' ? profile.pointsTotal[p]! : profile.supporters[p]!;
    stale[p] = sat === 'cost' ? 1 / total : Number(costS[p]!) / total;
  }

  let bucket = new Float64Array(64);
  const touched: number[] = [];

  interface Eval {
    qN: bigint;
    /** Σ weight·utility of the supporters paying ρ·u (not capped). */
    ur: number;
    /** Comparison denominator: ρ ∝ qN / den within a round. */
    den: bigint;
    approx: number;
  }

  const evaluate = (p: number): Eval | null => {
    const D = Ds[round]!;
    const cD = costS[p]! * D;
    const from = projectStart[p]!;
    const to = projectStart[p + 1]!;
    let items: { b: bigint; w: number; u: number }[];
    if (uniform) {
      for (let k = from; k < to; k++) {
        const g = projectGroup[k]!;
        const c = cls[g]!;
        if (c === 0) continue;
        if (c >= bucket.length) {
          const grown = new Float64Array(Math.max(bucket.length * 2, c + 1));
          grown.set(bucket);
          bucket = grown;
        }
        if (bucket[c] === 0) touched.push(c);
        bucket[c]! += groupWeight[g]!;
      }
      items = touched.map((c) => ({ b: beta(c), w: bucket[c]!, u: 1 }));
      for (const c of touched) bucket[c] = 0;
      touched.length = 0;
    } else {
      items = [];
      for (let k = from; k < to; k++) {
        const g = projectGroup[k]!;
        const c = cls[g]!;
        if (c === 0) continue;
        items.push({ b: beta(c), w: groupWeight[g]!, u: projectPoints[k]! });
      }
    }
    let sum = 0n;
    for (const it of items) sum += BigInt(it.w) * it.b;
    if (sum < cD) return null;
    if (uniform) items.sort((x, y) => (x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
    else {
      items.sort((x, y) => {
        const l = x.b * BigInt(y.u);
        const r = y.b * BigInt(x.u);
        return l < r ? -1 : l > r ? 1 : 0;
      });
    }
    let ur = 0;
    for (const it of items) ur += it.w * it.u;
    let paid = 0n;
    for (const it of items) {
      const qN = cD - paid;
      if (qN * BigInt(it.u) <= it.b * BigInt(ur)) {
        const den = BigInt(ur) * (sat === 'cost' ? costS[p]! : 1n);
        return { qN, ur, den, approx: ratioToNumber(qN, den * D) };
      }
      paid += BigInt(it.w) * it.b;
      ur -= it.w * it.u;
    }
    // Unreachable: Σ w·b ≥ c·D guarantees the walk stops on the last item at the latest.
    return null;
  };

  const pay = (f: number, ev: Eval): void => {
    const U = BigInt(ev.ur);
    const gq = gcd(ev.qN % U, U) || U;
    const m = U / gq;
    const qR = ev.qN / gq;
    const next = new Map<number, number>();
    const from = projectStart[f]!;
    const to = projectStart[f + 1]!;
    for (let k = from; k < to; k++) {
      const g = projectGroup[k]!;
      const c = cls[g]!;
      if (c === 0) continue;
      const u = uniform ? 1 : projectPoints[k]!;
      const key = uniform ? c : c * 4096 + u; // u ≤ 4095 keeps keys apart; larger u falls back below
      let t = uniform || u < 4096 ? next.get(key) : undefined;
      if (t === undefined) {
        const nb = beta(c) * m - qR * BigInt(u);
        if (nb <= 0n) t = 0;
        else {
          t = classBeta.length;
          classBeta.push(nb);
          classEpoch.push(round + 1);
        }
        if (uniform || u < 4096) next.set(key, t);
      }
      cls[g] = t;
    }
    Ds.push(Ds[round]! * m);
    round++;
  };

  let exceeded = false;
  let live = candidates;
  while (live.length > 0) {
    live.sort((a, b) => stale[a]! - stale[b]!);
    let best: Eval | null = null;
    let tied: number[] = [];
    const dropped = new Set<number>();
    for (const p of live) {
      if (best && best.approx * (1 + MARGIN) < stale[p]!) break;
      const ev = evaluate(p);
      if (!ev) {
        dropped.add(p);
        continue;
      }
      stale[p] = ev.approx;
      if (!best) {
        best = ev;
        tied = [p];
        continue;
      }
      const l = ev.qN * best.den;
      const r = best.qN * ev.den;
      if (l < r) {
        best = ev;
        tied = [p];
      } else if (l === r) tied.push(p);
    }
    if (!best) break;
    let f = tied[0]!;
    for (const p of tied) if (rank[p]! < rank[f]!) f = p;
    pay(f, best);
    selected.push(f);
    spent += costS[f]!;
    live = live.filter((p) => p !== f && !dropped.has(p));
    if (stopAboveS !== undefined && spent > stopAboveS) {
      exceeded = true;
      break;
    }
  }

  const supportersMoney = (p: number): Rational => {
    let sum = 0n;
    for (let k = projectStart[p]!; k < projectStart[p + 1]!; k++) {
      const g = projectGroup[k]!;
      sum += BigInt(groupWeight[g]!) * beta(cls[g]!);
    }
    return Rational.of(sum, Ds[round]! * S);
  };

  return { selected, upfront, costS: spent, exceeded, voterBudget, supportersMoney };
}

export interface Add1Outcome {
  /** The MES run returned (its `selected` is the outcome). */
  run: MesRun;
  /** The run with b = B/n (plain MES), for telling main from completion. */
  first: MesRun;
  /** How many MES runs were made (pabutools' count). */
  runs: number;
}

/**
 * MES with pabutools' Add1 completion: b = B/n; run MES; if the outcome costs
 * more than B return the previous outcome; if no supported candidate outside
 * it still fits in B, return it; otherwise b += 1 (one currency unit per
 * voter, exact) and run again.
 */
export function mesAdd1(profile: Profile, sat: Satisfaction, rank: Int32Array): Add1Outcome {
  const step = profile.scale * BigInt(profile.voters);
  const B = profile.budgetS;
  const candidates: number[] = [];
  for (let p = 0; p < profile.ids.length; p++) {
    if (mesSupported(profile, sat, p) && profile.costS[p]! > 0n) candidates.push(p);
  }
  const first = mesRun(profile, sat, rank, B, B);
  let prev: MesRun | null = null;
  let run = first;
  let runs = 1;
  for (let k = 1n; ; k++) {
    if (run.costS > B) return { run: prev ?? run, first, runs };
    const chosen = new Set(run.selected);
    const open = candidates.some((p) => !chosen.has(p) && run.costS + profile.costS[p]! <= B);
    if (!open || profile.voters === 0) return { run, first, runs };
    prev = run;
    run = mesRun(profile, sat, rank, B + k * step, B);
    runs++;
  }
}
