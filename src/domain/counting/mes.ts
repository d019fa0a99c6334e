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
 * budgets are equal form a *class*; a group of identical ballots points at one
 * class. A class born from a payment remembers its parent class, the round and
 * the utility, so its exact budget (an integer numerator over that round's
 * common denominator D, which only grows: D' = D·m) is only computed when a
 * decision needs it. Every class also carries a double estimate with a
 * rigorous bound on its absolute error.
 *
 * Each round, ρ of a candidate is first bracketed with doubles: an estimate
 * from the double budgets, then f(x) = Σ w·min(b, x·u) is evaluated at both
 * ends of a narrow interval with an explicit bound on the rounding error, and
 * the interval is accepted only if f provably crosses c(p) inside it
 * (otherwise the exact computation is used). Candidates whose lower bound
 * exceeds the smallest upper bound cannot win or tie; the remaining
 * contenders (usually one) are computed exactly with bigints and compared
 * exactly. Doubles therefore only prune work, never decide: the outcome is
 * the exact argmin with pabutools' tie-breaking. Stale lower bounds from
 * earlier rounds stay valid because ρ never decreases (pabutools' lazy
 * "affordability" ordering). When one contender is left and its bracket
 * places every supporter class as capped or not, the round is paid with q as
 * a double within a proven bound and its exact ρ is computed only if
 * something exact is needed later ("Lazy exact ρ" in the code): most rounds
 * then use no bigints at all.
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
  /**
   * ρ of each project funded after the free ones, exact, when it won its
   * round (`rho[t]` belongs to `selected[upfront + t]`), as `num/den` in the
   * run's internal units (comparable between runs of one profile and rule).
   */
  rho: { num: bigint; den: bigint }[];
  /** Bounds of `rho[t]` as doubles, `rhoLo[t] ≤ rho[t] ≤ rhoHi[t]`, known without computing `rho`. */
  rhoLo: readonly number[];
  rhoHi: readonly number[];
  /** What this run's estimates proved, for the next Add1 run (see "Bounds from the previous run"). */
  readonly trace: MesTrace;
}

/**
 * Every estimate a run made, in round order: at round `round[j]`, ρ of
 * project `p[j]` was at least `lo[j]`; its supporters holding at least
 * lo·κ·u (κ = c(p) with `cost` utility, else 1) had Σ w·u ≥ `slope[j]`, and
 * all its other supporters weighed at most `capW[j]`.
 */
export interface MesTrace {
  voterBudgetN: bigint;
  round: number[];
  p: number[];
  lo: number[];
  slope: number[];
  capW: number[];
}

/**
 * Per profile and utility kind (uniform or points), built once for all the
 * runs of a count: each project's supporter weight, and the co-support rows
 * of funded projects, `row[p]` = Σ w·u_f over the groups that support both f
 * and p (plus `row[P]` = the largest u_f).
 */
interface Shared {
  listWeight: Float64Array;
  rows: Map<number, Float64Array>;
}
const sharedOf = new WeakMap<Profile, Shared[]>();
function shared(profile: Profile, uniform: boolean): Shared {
  let both = sharedOf.get(profile);
  if (!both) sharedOf.set(profile, (both = []));
  const key = uniform ? 0 : 1;
  let out = both[key];
  if (!out) {
    const P = profile.ids.length;
    const listWeight = new Float64Array(P);
    for (let p = 0; p < P; p++) {
      let w = 0;
      for (let j = profile.projectStart[p]!; j < profile.projectStart[p + 1]!; j++) w += profile.groupWeight[profile.projectGroup[j]!]!;
      listWeight[p] = w;
    }
    both[key] = out = { listWeight, rows: new Map() };
  }
  return out;
}

/** Co-support row of f (see {@link Shared}), computed the first time it is asked for. */
function coSupport(profile: Profile, uniform: boolean, f: number): Float64Array {
  const { rows } = shared(profile, uniform);
  let row = rows.get(f);
  if (row) return row;
  const P = profile.ids.length;
  row = new Float64Array(P + 1);
  const { projectStart, projectGroup, projectPoints, groupStart, groupProject, groupWeight } = profile;
  for (let j = projectStart[f]!; j < projectStart[f + 1]!; j++) {
    const g = projectGroup[j]!;
    const u = uniform ? 1 : projectPoints[j]!;
    if (u > row[P]!) row[P] = u;
    const add = groupWeight[g]! * u;
    for (let x = groupStart[g]!; x < groupStart[g + 1]!; x++) row[groupProject[x]!]! += add;
  }
  rows.set(f, row);
  return row;
}


/** Total utility of p is positive. */
export function mesSupported(profile: Profile, sat: Satisfaction, p: number): boolean {
  if (sat === 'cost') return profile.supporters[p]! > 0 && profile.costS[p]! > 0n;
  if (sat === 'card') return profile.supporters[p]! > 0;
  return profile.pointsTotal[p]! > 0;
}

const EPS = 2 ** -52;
/** Relative error bound of a budget converted from its exact value. */
const CONV = 2 ** -50;

/** Growable typed arrays for the per-class state. */
class ClassStore {
  size = 0;
  parent: Int32Array;
  round: Int32Array;
  util: Float64Array;
  value: Float64Array;
  error: Float64Array;
  exact: (bigint | undefined)[] = [];

  /** `capacity`: a guess of how many classes the run makes; growing copies every array. */
  constructor(capacity: number) {
    this.parent = new Int32Array(capacity);
    this.round = new Int32Array(capacity);
    this.util = new Float64Array(capacity);
    this.value = new Float64Array(capacity);
    this.error = new Float64Array(capacity);
  }

  add(parent: number, round: number, util: number, value: number, error: number, exact: bigint | undefined): number {
    const c = this.size++;
    if (c >= this.parent.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.parent = grow(this.parent);
      this.round = grow(this.round);
      this.util = grow(this.util);
      this.value = grow(this.value);
      this.error = grow(this.error);
    }
    this.parent[c] = parent;
    this.round[c] = round;
    this.util[c] = util;
    this.value[c] = value;
    this.error[c] = error;
    this.exact[c] = exact;
    return c;
  }
}

/** A round's winner paid with q as a double (see "Lazy exact ρ" in mesCore). */
interface LazyRho {
  /** Supporter classes capped at q*, and their weights: `capN` entries of the run's arena from `capAt`. */
  capAt: number;
  capN: number;
  /** Σ w·u over the others. */
  ur: number;
  /** q* (payment per unit of utility, scaled money) within ±qErr. */
  qF: number;
  qErr: number;
}

interface ExactRho {
  /** ρ·κ·D·ur = qN: q (payment per unit of utility) = qN / (ur·D). */
  qN: bigint;
  ur: number;
  /** ρ ∝ qN / den within a round. */
  den: bigint;
}

/**
 * One MES run where every voter starts with `voterBudgetN / (voters·S)` (so
 * `voterBudgetN = B·S` gives plain MES with b = B/n). The budget limit B is not
 * used inside the run, as in pabutools; `stopAboveS` only lets the caller stop
 * early once the outcome is known to cost more than that. `prior`, a run of
 * the same profile and rule with a smaller budget (the previous Add1 run),
 * only speeds the run up: see "Bounds from the previous run" in {@link mesAdd1}.
 */
export function mesRun(profile: Profile, sat: Satisfaction, rank: Int32Array, voterBudgetN: bigint, stopAboveS?: bigint, prior?: MesRun): MesRun {
  return mesCore(profile, sat, rank, voterBudgetN, stopAboveS, undefined, undefined, prior)!;
}

/**
 * The run with starting budget `voterBudgetN` (as in {@link mesRun}) if it can
 * be *proven* to fund exactly what `base` funded, in the same order, for
 * every starting budget between `base`'s and this one; null when that cannot
 * be proven (it may still be true). See {@link mesAdd1} for the argument.
 * `base` must be a complete run (not cut short) with a smaller budget.
 * `twin[p]`: projects with equal `twin` have the same cost and the same
 * supporters with the same utilities, so their ρ is always equal.
 */
export function mesFollow(profile: Profile, sat: Satisfaction, rank: Int32Array, voterBudgetN: bigint, base: MesRun, twin: Int32Array): MesRun | null {
  return mesCore(profile, sat, rank, voterBudgetN, undefined, base, twin, undefined);
}

/**
 * Scratch arrays of a run that nothing keeps after it returns (the returned
 * run's closures use only its {@link RunState} and the round figures), kept
 * for the next run: an Add1 count makes hundreds of runs, and allocating these
 * afresh each time showed up as garbage collection. `slotOf` and `memoRound`
 * are reset, and the supporter lists copied afresh, on reuse.
 */
interface Scratch {
  itC: Int32Array;
  itW: Float64Array;
  itU: Float64Array;
  itV: Float64Array;
  itE: Float64Array;
  capped: Uint8Array;
  slotOf: Int32Array;
  memoRound: Int32Array;
  memoTarget: Int32Array;
  snapC: Int32Array;
  snapW: Float64Array;
  snapU: Float64Array;
  snapV: Float64Array;
  listG: Int32Array;
  listU: Float64Array;
  listEnd: Int32Array;
}
let spare: Scratch | null = null;

/** The state a returned run's closures read: its class store and the class of each group. */
interface RunState {
  store: ClassStore;
  cls: Int32Array;
  /** Arena of the capped classes (and weights) of rounds whose exact ρ is pending. */
  capC: Int32Array;
  capW: Float64Array;
}
const stateOf = new WeakMap<MesRun, RunState>();
/** States of runs that will never be read again, for the next runs (see {@link releaseRun}). */
const spareStates: RunState[] = [];
/**
 * Lets the next run reuse `run`'s class store and class array: an Add1 count
 * makes hundreds of runs of ~10 000 classes each, and allocating them afresh
 * was a tenth of its time in garbage collection. Only for runs nothing reads
 * again: `run` is broken afterwards (its exact figures read the reused store).
 */
function releaseRun(run: MesRun): void {
  const state = stateOf.get(run);
  if (!state) return;
  stateOf.delete(run);
  keepSpare(state);
}

/** Pools a state, without an arena a large run grew (it would be held for good). */
function keepSpare(state: RunState): void {
  if (spareStates.length >= 2) return;
  if (state.capC.length > 1 << 16) {
    state.capC = new Int32Array(1024);
    state.capW = new Float64Array(1024);
  }
  spareStates.push(state);
}

function mesCore(
  profile: Profile,
  sat: Satisfaction,
  rank: Int32Array,
  voterBudgetN: bigint,
  stopAboveS: bigint | undefined,
  follow: MesRun | undefined,
  twin: Int32Array | undefined,
  prior: MesRun | undefined,
): MesRun | null {
  // taken while the run lasts, so a nested run (none today) would allocate its own
  const scratch = spare;
  spare = null;
  const out: { release?: () => Scratch; state?: RunState } = {};
  const run = mesBody(profile, sat, rank, voterBudgetN, stopAboveS, follow, twin, prior, scratch, out);
  // only after a run that finished (a throw leaves nothing worth keeping)
  if (out.release) spare = out.release();
  if (run) stateOf.set(run, out.state!);
  else if (out.state) keepSpare(out.state);
  return run;
}

function mesBody(
  profile: Profile,
  sat: Satisfaction,
  rank: Int32Array,
  voterBudgetN: bigint,
  stopAboveS: bigint | undefined,
  follow: MesRun | undefined,
  twin: Int32Array | undefined,
  prior: MesRun | undefined,
  scratch: Scratch | null,
  out: { release?: () => Scratch; state?: RunState },
): MesRun | null {
  const P = profile.ids.length;
  const n = profile.voters;
  const uniform = sat !== 'points';
  const { projectStart, projectGroup, projectPoints, groupWeight, costS } = profile;
  const S = profile.scale;
  const costF = costS.map((c) => Number(c));
  const { listWeight } = shared(profile, uniform);

  // Class 0: empty purses. Class 1: the starting budget (epoch 0, D0 = n).
  // classes are fewer than distinct ballots early on; the store doubles when needed
  // (a run usually ends with a few more classes than ballots: room for a quarter more saves copying)
  const capacity = Math.max(256, Math.ceil(profile.groupCount * 1.25) + 64);
  // a released run's store and class array when they fit (every slot below `size` is rewritten by `add`)
  const at = spareStates.findIndex((st) => st.cls.length === profile.groupCount);
  const state = at >= 0 ? spareStates.splice(at, 1)[0]! : { store: new ClassStore(capacity), cls: new Int32Array(profile.groupCount), capC: new Int32Array(1024), capW: new Float64Array(1024) };
  out.state = state;
  const store = state.store;
  store.size = 0;
  store.add(-1, -1, 0, 0, 0, 0n);
  const D0 = BigInt(Math.max(n, 1));
  const b0 = ratioToNumber(voterBudgetN, D0);
  store.add(-1, -1, 0, b0, b0 * CONV, voterBudgetN);
  const cls = state.cls.fill(1);

  // Per round r: D[r] before the payment, m[r], qR[r] (q·D[r+1] per unit of utility),
  // and the winner's exact ρ as qN[r] / (ur[r]·κ[r]·D[r]). These are known for
  // rounds < `forced` only: see "Lazy exact ρ" below.
  const D: bigint[] = [D0];
  const M: bigint[] = [];
  const QR: bigint[] = [];
  const QN: bigint[] = [];
  const UR: number[] = [];
  const KAPPA: bigint[] = [];
  let forced = 0;
  /** Rounds < `forced` wait for their winner's exact ρ: its capped classes (weights) and cost. */
  const pendingAt: number[] = [];
  const pendingN: number[] = [];
  let arenaEnd = 0;
  const pendingCost: bigint[] = [];
  const pendingQ: number[] = [];
  const pendingErr: number[] = [];
  const rhoLo: number[] = [];
  const rhoHi: number[] = [];
  let round = 0;
  const epochOf = (c: number): number => store.round[c]! + 1;
  const factorCache = new Map<number, bigint>();
  /** D[to] / D[from]. */
  const factor = (from: number, to: number): bigint => {
    if (from === to) return 1n;
    const key = from * 65536 + to;
    let f = factorCache.get(key);
    if (f === undefined) {
      f = D[to]! / D[from]!;
      factorCache.set(key, f);
    }
    return f;
  };
  /** Records the exact ρ of round r's winner (r === forced) and the round's factors. */
  const settle = (r: number, qN: bigint, ur: number, kappa: bigint): void => {
    const U = BigInt(ur);
    const gq = gcd(qN % U, U) || U;
    const m = U / gq;
    QN[r] = qN;
    UR[r] = ur;
    KAPPA[r] = kappa;
    M[r] = m;
    QR[r] = qN / gq;
    D[r + 1] = D[r]! * m;
    forced = r + 1;
  };
  /**
   * Makes D[e] and the exact figures of every round before e known, computing
   * the pending winners' exact ρ in round order (see "Lazy exact ρ").
   */
  const ensure = (e: number): void => {
    while (forced < e) {
      const r = forced;
      const { capC, capW } = state;
      let qN = pendingCost[r]! * D[r]!;
      for (let i = pendingAt[r]!, end = i + pendingN[r]!; i < end; i++) qN -= BigInt(capW[i]!) * exactAt(capC[i]!, r);
      settle(r, qN, UR[r]!, KAPPA[r]!);
      // the round was paid with q as a double: check the proven bound (it cannot fail)
      const q = ratioToNumber(qN, BigInt(UR[r]!) * D[r]!);
      if (!(Math.abs(q - pendingQ[r]!) <= pendingErr[r]! + 4 * EPS * q)) throw new Error(`MES: q of round ${r} off its bound`);
    }
  };
  /** Exact budget of class c as a numerator over D[e] (e ≥ its epoch). */
  const exactAt = (c: number, e: number): bigint => {
    if (c === 0) return 0n;
    if (forced < e) ensure(e);
    let N = store.exact[c];
    if (N === undefined) {
      // Materialise the chain of ancestors iteratively.
      const chain: number[] = [];
      let a = c;
      while (store.exact[a] === undefined) {
        chain.push(a);
        a = store.parent[a]!;
      }
      for (let i = chain.length - 1; i >= 0; i--) {
        const k = chain[i]!;
        const r = store.round[k]!;
        const parent = store.parent[k]!;
        const pN = store.exact[parent]! * factor(epochOf(parent), r);
        store.exact[k] = pN * M[r]! - QR[r]! * BigInt(store.util[k]!);
      }
      N = store.exact[c]!;
    }
    return N * factor(epochOf(c), e);
  };
  const exactToFloat = (N: bigint, e: number): number => ratioToNumber(N, D[e]!);

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
  const voterBudget = Rational.of(voterBudgetN, D0 * S);
  if (n === 0) candidates.length = 0;

  // Lower bounds of ρ (as doubles), pabutools' "affordability". ρ is scaled by
  // κ: ρ·κ = q for `cost` (κ = c(p)), ρ = q otherwise.
  const stale = new Float64Array(P);
  for (const p of candidates) {
    const total = sat === 'points' ? profile.pointsTotal[p]! : profile.supporters[p]!;
    stale[p] = (sat === 'cost' ? 1 / total : costF[p]! / total) * (1 - 1e-12);
  }

  // Scratch items of one evaluation: class, weight, utility.
  let widest = 1;
  for (let p = 0; p < P; p++) widest = Math.max(widest, projectStart[p + 1]! - projectStart[p]!);
  const reuse = scratch !== null && scratch.itC.length >= widest && scratch.slotOf.length >= capacity && scratch.memoRound.length >= capacity;
  let itC = reuse ? scratch.itC : new Int32Array(widest);
  let itW = reuse ? scratch.itW : new Float64Array(widest);
  let itU = reuse ? scratch.itU : new Float64Array(widest);
  let itV = reuse ? scratch.itV : new Float64Array(widest);
  let itE = reuse ? scratch.itE : new Float64Array(widest);
  let capped = reuse ? scratch.capped : new Uint8Array(widest);
  // sums of the last gather: Σ w·value, Σ w·error, Σ w·u
  let gSum = 0;
  let gErr = 0;
  let gUr = 0;
  // slotOf[c] − base is the item of class c in the current gather when ≥ 0 (each gather raises base past every slot before)
  let slotOf = reuse ? scratch.slotOf.fill(0) : new Int32Array(capacity);
  let slotBase = 1;
  /** The project whose items the scratch holds, in this round (-1: none). */
  let scratchP = -1;
  // The run's own copy of the supporter lists: a gather drops the groups it
  // finds with an empty purse (they stay empty), so later gathers skip them.
  const entries = projectGroup.length;
  const listG = reuse && scratch.listG.length >= entries ? scratch.listG : new Int32Array(entries);
  listG.set(projectGroup);
  const listU = uniform ? (reuse ? scratch.listU : new Float64Array(0)) : reuse && scratch.listU.length >= entries ? scratch.listU : new Float64Array(entries);
  if (!uniform) listU.set(projectPoints);
  const listEnd = reuse && scratch.listEnd.length >= P ? scratch.listEnd : new Int32Array(P);
  listEnd.set(projectStart.subarray(1, P + 1));

  const gather = (p: number): number => {
    scratchP = p;
    const from = projectStart[p]!;
    const to = listEnd[p]!;
    if (to - from > itC.length) {
      const size = Math.max(to - from, itC.length * 2);
      itC = new Int32Array(size);
      itW = new Float64Array(size);
      itU = new Float64Array(size);
      itV = new Float64Array(size);
      itE = new Float64Array(size);
      capped = new Uint8Array(size);
    }
    let k = 0;
    let sum = 0;
    let err = 0;
    let ur = 0;
    const value = store.value;
    const error = store.error;
    if (uniform) {
      if (slotOf.length < store.size) {
        const grown = new Int32Array(Math.max(store.size, slotOf.length * 2));
        grown.set(slotOf);
        slotOf = grown;
      }
      if (slotBase > 2 ** 30) {
        slotOf.fill(0);
        slotBase = 1;
      }
      const base = slotBase;
      slotBase += to - from + 1;
      let keep = from;
      for (let j = from; j < to; j++) {
        const g = listG[j]!;
        const c = cls[g]!;
        if (c === 0) continue;
        listG[keep++] = g;
        const w = groupWeight[g]!;
        const slot = slotOf[c]! - base;
        if (slot >= 0) itW[slot]! += w;
        else {
          slotOf[c] = base + k;
          itC[k] = c;
          itW[k++] = w;
        }
      }
      listEnd[p] = keep;
      for (let i = 0; i < k; i++) {
        const c = itC[i]!;
        const w = itW[i]!;
        const v = value[c]!;
        const e = error[c]!;
        itU[i] = 1;
        itV[i] = v;
        itE[i] = e;
        sum += w * v;
        err += w * e;
        ur += w;
      }
    } else {
      let keep = from;
      for (let j = from; j < to; j++) {
        const g = listG[j]!;
        const c = cls[g]!;
        if (c === 0) continue;
        const w = groupWeight[g]!;
        const u = listU[j]!;
        listG[keep] = g;
        listU[keep++] = u;
        const v = value[c]!;
        const e = error[c]!;
        itC[k] = c;
        itW[k] = w;
        itU[k] = u;
        itV[k] = v;
        itE[k] = e;
        sum += w * v;
        err += w * e;
        ur += w * u;
        k++;
      }
      listEnd[p] = keep;
    }
    gSum = sum;
    gErr = err;
    gUr = ur;
    return k;
  };

  /** Exact ρ of p from the items in scratch (k of them); null if its supporters cannot afford it. */
  const exactEval = (p: number, k: number, lo?: number, hi?: number): ExactRho | null => {
    ensure(round);
    const Dn = D[round]!;
    const cD = costS[p]! * Dn;
    let paid = 0n;
    let ur = 0;
    const open: { b: bigint; w: number; u: number }[] = [];
    for (let i = 0; i < k; i++) {
      const c = itC[i]!;
      const u = itU[i]!;
      const w = itW[i]!;
      if (lo !== undefined && hi !== undefined) {
        const v = store.value[c]!;
        const e = store.error[c]!;
        if (((v + e) / u) * (1 + 4 * EPS) < lo) {
          paid += BigInt(w) * exactAt(c, round);
          continue;
        }
        if (((v - e) / u) * (1 - 4 * EPS) > hi) {
          ur += w * u;
          continue;
        }
      }
      open.push({ b: exactAt(c, round), w, u });
      ur += w * u;
    }
    if (lo === undefined) {
      let sum = 0n;
      for (const it of open) sum += BigInt(it.w) * it.b;
      if (sum < cD) return null;
    }
    open.sort((x, y) => {
      const l = x.b * BigInt(y.u);
      const r = y.b * BigInt(x.u);
      return l < r ? -1 : l > r ? 1 : 0;
    });
    const kappa = sat === 'cost' ? costS[p]! : 1n;
    for (const it of open) {
      const qN = cD - paid;
      if (qN * BigInt(it.u) <= it.b * BigInt(ur)) return { qN, ur, den: BigInt(ur) * kappa };
      paid += BigInt(it.w) * it.b;
      ur -= it.w * it.u;
    }
    if (ur > 0 && paid <= cD) {
      const qN = cD - paid;
      return { qN, ur, den: BigInt(ur) * kappa };
    }
    return null;
  };

  interface Estimate {
    p: number;
    k: number;
    lo: number;
    hi: number;
    exact?: ExactRho;
    /** q bracket (payment per unit of utility, scaled money) when not exact. */
    qlo: number;
    qhi: number;
    /**
     * Supporters surely holding at least lo·κ·u (not capped at ρ = lo): a
     * lower bound of their Σ w·u, and the weight of all the others (empty
     * purses included), for the next Add1 run (see "Bounds from the previous run").
     */
    slope: number;
    capW: number;
  }

  /** Σ w·u (rounded down) and the weight left over, of the gathered items surely holding at least x·u. */
  let splitSlope = 0;
  let splitCap = 0;
  const split = (p: number, k: number, x: number): void => {
    let slope = 0;
    let free = 0;
    for (let i = 0; i < k; i++) {
      if ((itV[i]! - itE[i]!) * (1 - 4 * EPS) >= x * itU[i]!) {
        slope += itW[i]! * itU[i]!;
        free += itW[i]!;
      }
    }
    splitSlope = slope * (1 - (k + 4) * EPS);
    splitCap = listWeight[p]! - free;
  };


  /** Bracket ρ of p with doubles; 'drop' when its supporters provably cannot afford it. */
  const estimate = (p: number, cut = Infinity): Estimate | 'drop' => {
    const k = gather(p);
    const cF = costF[p]!;
    const kappa = sat === 'cost' ? cF : 1;
    const sum = gSum;
    const urTotal = gUr;
    const E = gErr + (k + 4) * EPS * (sum + cF) + cF * EPS;
    const exactly = (): Estimate | 'drop' => {
      ensure(round);
      const ex = exactEval(p, k);
      if (!ex) return 'drop';
      const v = ratioToNumber(ex.qN, ex.den * D[round]!);
      split(p, k, v * kappa);
      return { p, k, lo: v * (1 - 4 * EPS), hi: v * (1 + 4 * EPS), exact: ex, qlo: 0, qhi: 0, slope: splitSlope, capW: splitCap };
    };
    if (sum + E < cF) return 'drop';
    if (sum - E < cF) return exactly();
    // q estimate, pabutools' poor/rich iteration in doubles, started from the
    // stale lower bound when higher (from any q0 ≤ q* the iteration stays ≤ q*:
    // supporters capped at q0 are capped at q*, so c ≤ paid + q*·ur)
    let q = Math.max(cF / urTotal, stale[p]! * kappa);
    let paid = 0;
    let ur = urTotal;
    capped.fill(0, 0, k);
    for (let iter = 0; iter < 64; iter++) {
      let moved = false;
      for (let i = 0; i < k; i++) {
        if (capped[i]) continue;
        const v = itV[i]!;
        if (v < q * itU[i]!) {
          capped[i] = 1;
          paid += itW[i]! * v;
          ur -= itW[i]! * itU[i]!;
          moved = true;
        }
      }
      if (ur <= 0) break;
      const next = (cF - paid) / ur;
      // converged: nobody newly capped and q does not rise (a start from the stale bound may need a further pass)
      const done = !moved && next <= q;
      q = next;
      // Each q of this iteration is at most q* (in exact arithmetic). When one
      // already puts ρ above `cut` (the round's best upper bound so far), p
      // cannot win the round: prove q* > x with one pass, f(x) < c, and stop.
      const x = q * (1 - 1e-9);
      if ((x / kappa) * (1 - 4 * EPS) > cut) {
        let fx = 0;
        // split(p, k, x) in the same pass
        let slope = 0;
        let free = 0;
        for (let i = 0; i < k; i++) {
          const v = itV[i]!;
          const u = itU[i]!;
          const w = itW[i]!;
          fx += w * Math.min(v, x * u);
          if ((v - itE[i]!) * (1 - 4 * EPS) >= x * u) {
            slope += w * u;
            free += w;
          }
        }
        if (fx + E < cF) {
          return { p, k, lo: (x / kappa) * (1 - 4 * EPS), hi: Infinity, exact: undefined, qlo: x, qhi: Infinity, slope: slope * (1 - (k + 4) * EPS), capW: listWeight[p]! - free };
        }
      }
      if (done) break;
    }
    if (!(ur > 0) || !(q > 0)) return exactly();
    for (let margin = 1e-9; margin < 1e-3; margin *= 1000) {
      const qlo = q * (1 - margin);
      const qhi = q * (1 + margin);
      // q* ≤ qhi iff f(qhi) ≥ c; q* > qlo iff f(qlo) < c, with f(x) = Σ w·min(b, x·u) nondecreasing
      let fLo = 0;
      let fHi = 0;
      // split(p, k, qlo) in the same pass
      let slope = 0;
      let free = 0;
      for (let i = 0; i < k; i++) {
        const v = itV[i]!;
        const u = itU[i]!;
        const w = itW[i]!;
        fLo += w * Math.min(v, qlo * u);
        fHi += w * Math.min(v, qhi * u);
        if ((v - itE[i]!) * (1 - 4 * EPS) >= qlo * u) {
          slope += w * u;
          free += w;
        }
      }
      if (fHi - E >= cF && fLo + E < cF) {
        const lo = (qlo / kappa) * (1 - 4 * EPS);
        return { p, k, lo, hi: (qhi / kappa) * (1 + 4 * EPS), exact: undefined, qlo, qhi, slope: slope * (1 - (k + 4) * EPS), capW: listWeight[p]! - free };
      }
    }
    return exactly();
  };

  /**
   * ## Lazy exact ρ
   *
   * When the doubles alone settle a round (one contender, whose bracket
   * qlo < q* ≤ qhi classifies every supporter class as surely capped,
   * b < qlo·u, or surely not, b > qhi·u), the winner's exact q* is
   * (c − Σ_capped w·b) / Σ_uncapped w·u: on (qlo, qhi] the capped classes pay
   * their whole budget b and the others q·u, and f(q*) = c. The class budgets
   * are immutable records, so this sum can be taken later: the round keeps
   * the capped classes and pays with q as a double within a proven ±qErr (the
   * classes' own error bounds plus rounding); a class that the doubles cannot
   * place (capped or not) forces the exact value. `ensure(e)` computes the
   * pending rounds' exact ρ, in order, as soon as anything exact at round e
   * is needed (a close comparison, a near-cap payment, `rho`, the
   * supporters' money), so every decision is still exact; most rounds of a
   * run never need bigints.
   */
  const lazyRho = (est: Estimate): LazyRho | null => {
    const p = est.p;
    const k = est.k;
    if (scratchP === p) {
      // the scratch still holds p's items from this round
    } else if (snapP === p) {
      itC.set(snapC.subarray(0, k));
      itW.set(snapW.subarray(0, k));
      itU.set(snapU.subarray(0, k));
      itV.set(snapV.subarray(0, k));
      scratchP = p;
    } else gather(p);
    const { qlo, qhi } = est;
    // the capped classes go straight to the arena, past what pending rounds hold (kept only if f is paid
    // so); with no round pending, nothing in the arena is read again
    if (forced === round) arenaEnd = 0;
    if (state.capC.length < arenaEnd + k) {
      const size = Math.max(arenaEnd + k, state.capC.length * 2);
      const grownC = new Int32Array(size);
      grownC.set(state.capC.subarray(0, arenaEnd));
      const grownW = new Float64Array(size);
      grownW.set(state.capW.subarray(0, arenaEnd));
      state.capC = grownC;
      state.capW = grownW;
    }
    const tmpC = state.capC;
    const tmpW = state.capW;
    let nCap = arenaEnd;
    let sumV = 0;
    let sumE = 0;
    let ur = 0;
    const error = store.error;
    for (let i = 0; i < k; i++) {
      const c = itC[i]!;
      const v = itV[i]!;
      const u = itU[i]!;
      const w = itW[i]!;
      const e = error[c]!;
      if (((v + e) / u) * (1 + 4 * EPS) < qlo) {
        tmpC[nCap] = c;
        tmpW[nCap++] = w;
        sumV += w * v;
        sumE += w * e;
      } else if (((v - e) / u) * (1 - 4 * EPS) > qhi) ur += w * u;
      else return null;
    }
    if (!(ur > 0)) return null;
    const cF = costF[p]!;
    const qF = (cF - sumV) / ur;
    const n = nCap - arenaEnd + 4;
    const qErr = ((sumE * (1 + n * EPS) + n * EPS * (sumV + cF)) / ur) * (1 + 4 * EPS) + 4 * EPS * Math.abs(qF);
    if (!(qF > 0) || !(qErr < qF * 1e-6)) return null;
    return { capAt: arenaEnd, capN: nCap - arenaEnd, ur, qF, qErr };
  };

  // The items of the round's best estimate so far (saves gathering the winner again)
  let snapP = -1;
  let snapC = reuse ? scratch.snapC : new Int32Array(0);
  let snapW = reuse ? scratch.snapW : new Float64Array(0);
  let snapU = reuse ? scratch.snapU : new Float64Array(0);
  let snapV = reuse ? scratch.snapV : new Float64Array(0);
  const snapshot = (p: number, k: number): void => {
    if (snapC.length < k) {
      snapC = new Int32Array(itC.length);
      snapW = new Float64Array(itC.length);
      snapU = new Float64Array(itC.length);
      snapV = new Float64Array(itC.length);
    }
    snapC.set(itC.subarray(0, k));
    snapW.set(itW.subarray(0, k));
    snapU.set(itU.subarray(0, k));
    snapV.set(itV.subarray(0, k));
    snapP = p;
  };

  // Bounds from the previous run (see mesAdd1): while this run has made the
  // same choices as `prior`, carry[p] is the latest of prior's estimates of p
  // up to this round; carryH[p] and carryGamma bound what the supporters of p
  // can hold more than in prior (H and Γ in the argument).
  const trace: MesTrace = { voterBudgetN, round: [], p: [], lo: [], slope: [], capW: [] };
  let following = prior !== undefined && prior.upfront === upfront && prior.trace.voterBudgetN < voterBudgetN && n > 0;
  const delta = following ? ratioToNumber(voterBudgetN - prior!.trace.voterBudgetN, D0) * (1 + 1e-9) : 0;
  const carryLo = following ? new Float64Array(P) : null;
  const carrySlope = following ? new Float64Array(P) : null;
  const carryCap = following ? new Float64Array(P) : null;
  const carryH = following ? new Float64Array(P) : null;
  let carryGamma = 0;
  let traceAt = 0;
  /** Takes in prior's estimates made up to this round. */
  const carryIn = (): void => {
    const tr = prior!.trace;
    for (; traceAt < tr.round.length && tr.round[traceAt]! <= round; traceAt++) {
      const p = tr.p[traceAt]!;
      carryLo![p] = tr.lo[traceAt]!;
      carrySlope![p] = tr.slope[traceAt]!;
      carryCap![p] = tr.capW[traceAt]!;
    }
  };
  /** A lower bound of ρ_p now, from prior's latest estimate of p (0 when there is none). */
  const carried = (p: number): number => {
    const slope = carrySlope![p]!;
    if (!(slope > 0)) return 0;
    const cap = carryCap![p]!;
    const G = (delta * cap + Math.min(carryH![p]!, cap * carryGamma)) * (1 + 1e-9);
    const kappa = sat === 'cost' ? costF[p]! : 1;
    return carryLo![p]! * (1 - 1e-12) - (G / (kappa * slope)) * (1 + 1e-9);
  };
  /** After round r funded f: stop following at the first choice that differs, else add f's γ to H and Γ. */
  const carryPaid = (f: number, r: number): void => {
    if (prior!.selected[upfront + r] !== f || !(r < prior!.rhoHi.length)) {
      following = false;
      return;
    }
    // γ_r = (θ_r in prior − θ_r here)·κ_f ≥ 0, rounded up
    const hi = prior!.rhoHi[r]!;
    const gamma = Math.max(0, hi - rhoLo[r]! + 4 * EPS * hi) * (sat === 'cost' ? costF[f]! : 1) * (1 + 4 * EPS);
    if (!(gamma > 0)) return;
    const row = coSupport(profile, uniform, f);
    for (let p = 0; p < P; p++) carryH![p]! += gamma * row[p]!;
    carryGamma += gamma * row[P]!;
  };

  let memoRound = reuse ? scratch.memoRound.fill(-1) : new Int32Array(capacity).fill(-1);
  let memoTarget = reuse ? scratch.memoTarget : new Int32Array(capacity);
  out.release = () => ({ itC, itW, itU, itV, itE, capped, slotOf, memoRound, memoTarget, snapC, snapW, snapU, snapV, listG, listU, listEnd });
  /**
   * Funds f: with its exact ρ `ex`, or with `lazy` (its capped classes, and
   * q as a double within ±qErr), leaving the exact ρ pending.
   */
  const pay = (f: number, ex: ExactRho | null, lazy: LazyRho | null): void => {
    const r = round;
    const kappa = sat === 'cost' ? costS[f]! : 1n;
    let qF: number;
    let qErr: number;
    if (ex) {
      ensure(r);
      settle(r, ex.qN, ex.ur, kappa);
      qF = ratioToNumber(ex.qN, BigInt(ex.ur) * D[r]!);
      qErr = 0;
    } else {
      pendingAt[r] = lazy!.capAt;
      pendingN[r] = lazy!.capN;
      arenaEnd = lazy!.capAt + lazy!.capN;
      pendingCost[r] = costS[f]!;
      UR[r] = lazy!.ur;
      KAPPA[r] = kappa;
      qF = pendingQ[r] = lazy!.qF;
      qErr = pendingErr[r] = lazy!.qErr;
    }
    // ρ = q/κ
    const kF = sat === 'cost' ? costF[f]! : 1;
    rhoLo[r] = ((qF - qErr) / kF) * (1 - 4 * EPS);
    rhoHi[r] = ((qF + qErr) / kF) * (1 + 4 * EPS);
    const next = uniform ? null : new Map<number, number>();
    scratchP = -1;
    if (memoRound.length < store.size) {
      const grownR = new Int32Array(Math.max(store.size, memoRound.length * 2)).fill(-1);
      grownR.set(memoRound);
      memoRound = grownR;
      const grownT = new Int32Array(grownR.length);
      grownT.set(memoTarget);
      memoTarget = grownT;
    }
    for (let j = projectStart[f]!; j < listEnd[f]!; j++) {
      const g = listG[j]!;
      const c = cls[g]!;
      if (c === 0) continue;
      const u = uniform ? 1 : listU[j]!;
      const key = c * 4096 + u;
      const memo = uniform || u < 4096;
      let t = uniform ? (memoRound[c] === r ? memoTarget[c] : undefined) : memo ? next!.get(key) : undefined;
      if (t === undefined) {
        const v = store.value[c]!;
        const e = store.error[c]!;
        const pay = qF * u;
        const pe = qErr * u;
        const child = v - pay;
        if (v - e > (pay + pe) * (1 + 4 * EPS) && child > (v + e) * 2 ** -20) {
          // surely not capped, and no cancellation to speak of: stay in doubles
          t = store.add(c, r, u, child, e + pe + 4 * EPS * (v + pay), undefined);
        } else if (v + e < (pay - pe) * (1 - 4 * EPS)) {
          t = 0;
        } else {
          ensure(r + 1);
          const N = exactAt(c, r) * M[r]! - QR[r]! * BigInt(u);
          if (N <= 0n) t = 0;
          else {
            const val = exactToFloat(N, r + 1);
            t = store.add(c, r, u, val, val * CONV, N);
          }
        }
        if (uniform) {
          memoRound[c] = r;
          memoTarget[c] = t;
        } else if (memo) next!.set(key, t);
      }
      cls[g] = t;
    }
    if (following) carryPaid(f, r);
    round++;
  };

  /** Drops `gone` and `f`, re-sorts the visited prefix and merges it with the untouched rest. */
  const resort = (list: number[], visited: number, gone: Set<number>, f: number): number[] => {
    const head = list.slice(0, visited).filter((p) => p !== f && !gone.has(p));
    head.sort((a, b) => stale[a]! - stale[b]!);
    const out: number[] = [];
    let i = 0;
    let j = visited;
    while (i < head.length || j < list.length) {
      if (j >= list.length || (i < head.length && stale[head[i]!]! <= stale[list[j]!]!)) out.push(head[i++]!);
      else {
        const p = list[j++]!;
        if (p !== f && !gone.has(p)) out.push(p);
      }
    }
    return out;
  };


  let exceeded = false;
  let live = candidates.sort((a, b) => stale[a]! - stale[b]!);

  if (follow) {
    // Replay `follow`'s choices and check, round by round, the conditions of
    // the argument in `mesAdd1`: every other live candidate p has
    // ρ_p(here) > θ_t (or = θ_t with f_t first in tie-break order), and at the
    // end nothing left is affordable. Any doubt → null (the caller steps by one).
    if (!twin || follow.exceeded || follow.upfront !== upfront || follow.rhoLo.length !== follow.selected.length - upfront) return null;
    const exactOrDrop = (p: number, est: Estimate): ExactRho | null => {
      if (est.exact) return est.exact;
      const k = gather(p);
      return exactEval(p, k, est.qlo, est.qhi) ?? exactEval(p, k);
    };
    for (let t = 0; t < follow.rhoLo.length; t++) {
      const f = follow.selected[upfront + t]!;
      // θ_t within [thLo, thHi]; exact (follow.rho, computed once) only for a close call
      const thLo = follow.rhoLo[t]!;
      const thHi = follow.rhoHi[t]!;
      if (!live.includes(f)) return null;
      const dropped = new Set<number>();
      let visited = 0;
      for (const p of live) {
        // stale[p] ≤ ρ_p now: past this point every candidate is above θ_t
        if (stale[p]! > thHi) break;
        visited++;
        // a twin of f later in tie-break order ties with f for every budget and loses
        if (p === f || (twin[p] === twin[f] && rank[p]! > rank[f]!)) continue;
        const est = estimate(p);
        if (est === 'drop') {
          dropped.add(p);
          continue;
        }
        stale[p] = est.lo;
        if (est.lo > thHi) continue;
        if (est.hi < thLo) return null;
        const ex = exactOrDrop(p, est);
        if (!ex) {
          dropped.add(p);
          continue;
        }
        // ρ_p = qN / (den·D[round]) against θ_t = num / den
        const th = follow.rho[t]!;
        const l = ex.qN * th.den;
        const r = th.num * ex.den * D[round]!;
        if (l < r || (l === r && rank[p]! < rank[f]!)) return null;
      }
      const est = estimate(f);
      if (est === 'drop') return null; // cannot happen: f's supporters hold at least what they held in `follow`
      stale[f] = est.lo;
      // ρ_f here ≤ θ_t always holds (more money, lower ρ); checked anyway where it is cheap
      if (est.lo > thHi) return null;
      const lazy = est.exact ? null : lazyRho(est);
      if (lazy) pay(f, null, lazy);
      else {
        const ex = exactOrDrop(f, est);
        if (!ex) return null;
        pay(f, ex, null);
      }
      selected.push(f);
      spent += costS[f]!;
      live = resort(live, visited, dropped, f);
    }
    for (const p of live) {
      if (estimate(p) !== 'drop' && exactEval(p, gather(p)) !== null) return null;
    }
    live = [];
  }

  while (live.length > 0) {
    // `live` is sorted by stale bound; only the visited prefix changes each round
    let bestHi = Infinity;
    const evaluated: Estimate[] = [];
    const dropped = new Set<number>();
    let visited = 0;
    snapP = -1;
    // prior's choice of this round is evaluated first: its upper bound then prunes the rest
    let first = -1;
    if (prior) {
      const f = prior.selected[upfront + round];
      const at = f === undefined ? -1 : live.indexOf(f);
      if (at >= 0) {
        first = f!;
        if (at > 0) {
          live.splice(at, 1);
          live.unshift(first);
        }
      }
      if (following) carryIn();
    }
    for (const p of live) {
      if (stale[p]! > bestHi) break;
      visited++;
      if (following && p !== first) {
        const bound = carried(p);
        if (bound > stale[p]!) {
          stale[p] = bound;
          if (bound > bestHi) continue;
        }
      }
      const est = estimate(p, bestHi);
      if (est === 'drop') {
        dropped.add(p);
        continue;
      }
      // (a carried bound may be the higher one; both hold)
      stale[p] = Math.max(stale[p]!, est.lo);
      trace.round.push(round);
      trace.p.push(p);
      trace.lo.push(est.lo);
      trace.slope.push(est.slope);
      trace.capW.push(est.capW);
      evaluated.push(est);
      if (est.hi < bestHi) {
        bestHi = est.hi;
        if (!est.exact) snapshot(p, est.k);
      }
    }
    if (evaluated.length === 0) break;
    // One contender whose bracket settles its supporters: paid without bigints
    let lone: Estimate | null = null;
    let contenders = 0;
    for (const est of evaluated) {
      if (est.lo > bestHi) continue;
      contenders++;
      lone = est;
    }
    const lazy = contenders === 1 && !lone!.exact ? lazyRho(lone!) : null;
    if (lazy) {
      const f = lone!.p;
      pay(f, null, lazy);
      selected.push(f);
      spent += costS[f]!;
      live = resort(live, visited, dropped, f);
      if (stopAboveS !== undefined && spent > stopAboveS) {
        exceeded = true;
        break;
      }
      continue;
    }
    let best: ExactRho | null = null;
    let tied: number[] = [];
    const exactOf = new Map<number, ExactRho>();
    for (const est of evaluated) {
      if (est.lo > bestHi) continue;
      let ex = est.exact;
      if (!ex) {
        const k = gather(est.p);
        ex = exactEval(est.p, k, est.qlo, est.qhi) ?? undefined;
        if (!ex) ex = exactEval(est.p, k) ?? undefined;
        if (!ex) {
          dropped.add(est.p);
          continue;
        }
      }
      exactOf.set(est.p, ex);
      if (!best) {
        best = ex;
        tied = [est.p];
        continue;
      }
      const l = ex.qN * best.den;
      const rr = best.qN * ex.den;
      if (l < rr) {
        best = ex;
        tied = [est.p];
      } else if (l === rr) tied.push(est.p);
    }
    if (!best) {
      live = resort(live, visited, dropped, -1);
      continue;
    }
    let f = tied[0]!;
    for (const p of tied) if (rank[p]! < rank[f]!) f = p;
    // tied projects share ρ but not q or the paying weight: pay with the winner's own figures
    const won = exactOf.get(f)!;
    pay(f, won, null);
    selected.push(f);
    spent += costS[f]!;
    live = resort(live, visited, dropped, f);
    if (stopAboveS !== undefined && spent > stopAboveS) {
      exceeded = true;
      break;
    }
  }

  const supportersMoney = (p: number): Rational => {
    ensure(round);
    let sum = 0n;
    for (let j = projectStart[p]!; j < projectStart[p + 1]!; j++) {
      const g = projectGroup[j]!;
      sum += BigInt(groupWeight[g]!) * exactAt(cls[g]!, round);
    }
    return Rational.of(sum, D[round]! * S);
  };

  const rounds = round;
  let rho: { num: bigint; den: bigint }[] | undefined;
  return {
    selected,
    upfront,
    costS: spent,
    exceeded,
    voterBudget,
    supportersMoney,
    rhoLo,
    rhoHi,
    trace,
    get rho() {
      if (!rho) {
        ensure(rounds);
        rho = [];
        for (let t = 0; t < rounds; t++) rho.push({ num: QN[t]!, den: BigInt(UR[t]!) * KAPPA[t]! * D[t]! });
      }
      return rho;
    },
  };
}

export interface Add1Outcome {
  /** The MES run returned (its `selected` is the outcome). */
  run: MesRun;
  /** The run with b = B/n (plain MES), for telling main from completion. */
  first: MesRun;
  /** How many MES runs were made (pabutools' count). */
  runs: number;
  /** k of the returned run: its per-voter budget is B/n + k currency units. */
  increments: number;
}

/**
 * MES with pabutools' Add1 completion, one MES run per raise: b = B/n; run
 * MES; if the outcome costs more than B return the previous outcome; if no
 * supported candidate outside it still fits in B, return it; otherwise
 * b += 1 (one currency unit per voter, exact) and run again.
 *
 * This is the definition, kept as the oracle {@link mesAdd1} is tested
 * against; {@link mesAdd1} gives the same result with fewer runs.
 */
export function mesAdd1Stepwise(profile: Profile, sat: Satisfaction, rank: Int32Array): Add1Outcome {
  const step = profile.scale * BigInt(profile.voters);
  const B = profile.budgetS;
  const candidates = add1Candidates(profile, sat);
  const first = mesRun(profile, sat, rank, B, B);
  let prev: MesRun | null = null;
  let run = first;
  let runs = 1;
  for (let k = 1n; ; k++) {
    if (run.costS > B) return { run: prev ?? run, first, runs, increments: prev ? Number(k) - 2 : 0 };
    if (!add1Open(profile, candidates, run) || profile.voters === 0) return { run, first, runs, increments: Number(k) - 1 };
    prev = run;
    run = mesRun(profile, sat, rank, B + k * step, B);
    runs++;
  }
}

function sameOrder(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

function add1Candidates(profile: Profile, sat: Satisfaction): number[] {
  const candidates: number[] = [];
  for (let p = 0; p < profile.ids.length; p++) {
    if (mesSupported(profile, sat, p) && profile.costS[p]! > 0n) candidates.push(p);
  }
  return candidates;
}

/** Some supported candidate outside the run's outcome still fits in the budget. */
function add1Open(profile: Profile, candidates: readonly number[], run: MesRun): boolean {
  const chosen = new Set(run.selected);
  return candidates.some((p) => !chosen.has(p) && run.costS + profile.costS[p]! <= profile.budgetS);
}

/**
 * `twin[p] === twin[q]` when p and q have the same cost and the same
 * supporters with the same utilities: their ρ is equal in every state.
 */
function twins(profile: Profile): Int32Array {
  const twin = new Int32Array(profile.ids.length);
  const seen = new Map<string, number>();
  for (let p = 0; p < profile.ids.length; p++) {
    const from = profile.projectStart[p]!;
    const to = profile.projectStart[p + 1]!;
    const key = `${profile.costS[p]!}|${profile.projectGroup.subarray(from, to).join(',')}|${profile.hasPoints ? profile.projectPoints.subarray(from, to).join(',') : ''}`;
    const t = seen.get(key);
    if (t === undefined) seen.set(key, p);
    twin[p] = t ?? p;
  }
  return twin;
}

/**
 * MES with pabutools' Add1 completion — the same result as
 * {@link mesAdd1Stepwise} (same outcome, same number of runs counted, same
 * returned run and per-voter budget), without running MES for every raise.
 *
 * ## Why a raise can be skipped
 *
 * Write M(b) for MES with every voter starting at b, and, for a state s (the
 * voters' budgets) and a project p, ρ_p(s) for the smallest ρ with
 * Σ_{i supports p} min(s_i, ρ·u_i(p)) ≥ c(p) (+∞ when the supporters cannot
 * afford p). M picks, each round, the affordable p with the least ρ_p (ties:
 * tie-break order), and a supporter i of the winner f keeps
 * max(0, s_i − ρ_f·u_i(f)).
 *
 * 1. ρ_p is antitone in s: more money for anyone never raises ρ_p.
 * 2. Paying for a fixed f is monotone: s ≤ s′ (voter by voter) gives
 *    ρ_f(s′) ≤ ρ_f(s), so max(0, s_i − ρ_f(s)·u_i) ≤ max(0, s′_i − ρ_f(s′)·u_i).
 *
 * Let M(b) fund f_1 … f_T, at ρ values θ_1 … θ_T, with states s_t(b) before
 * round t. Take b2 > b and replay the same choices from b2 (this is
 * {@link mesFollow}), giving states s_t(b2). Suppose that at every round t
 * every other project p not yet funded has ρ_p(s_t(b2)) > θ_t, or = θ_t with
 * f_t before p in tie-break order, and that after round T nothing left is
 * affordable in s_T(b2). Then M(b′) funds exactly f_1 … f_T for every
 * b ≤ b′ ≤ b2. By induction on t: if M(b′) made the same choices before round
 * t, then s_t(b) ≤ s_t(b′) ≤ s_t(b2) by (2), so by (1)
 * ρ_{f_t}(s_t(b′)) ≤ θ_t ≤ ρ_p(s_t(b2)) ≤ ρ_p(s_t(b′)), with equality
 * throughout only if θ_t = ρ_p(s_t(b2)), where f_t comes first in tie-break
 * order; so M(b′) picks f_t too (f_t is affordable: ρ_{f_t}(s_t(b′)) ≤ θ_t < ∞).
 * After round T, every p left is unaffordable in s_T(b2) ≥ s_T(b′), so M(b′)
 * stops. (A twin of f_t — same cost, same supporters, same utilities — has
 * the same ρ as f_t in every state, so when it comes later in tie-break order
 * it loses to f_t for every b′ and needs no check.)
 *
 * Add1 only looks at a run's outcome (its cost, and whether anything left
 * fits), so when M(b + k) has cost ≤ B and something left fits, and
 * M(b + k + Δ) is proven to fund the same as M(b + k), the runs for
 * k + 1 … k + Δ − 1 would all have done the same and stepped on: they are
 * counted and skipped, and the proof's own replay *is* M(b + k + Δ) (the
 * same choices, exact), so the loop goes on from it. When a proof fails
 * (an outcome changes, or the bounds are too coarse) Δ is halved, and at
 * Δ = 1 the loop runs M(b + k + 1) as the definition does; Δ doubles after
 * each success. All comparisons that decide are exact; doubles only prune
 * candidates whose bound already settles the comparison (as in `mesRun`).
 *
 * ## Bounds from the previous run
 *
 * Each run M(b′) that is run is given the previous one, M(b) with b < b′, as
 * `prior`. It changes no decision, only which candidates a round has to
 * estimate: prior's winner of the round is estimated first (its upper bound
 * is then the cut for the others), and while M(b′) has made the same choices
 * as M(b), a lower bound of ρ_p carried from M(b) can set p aside unread.
 * In q units (payment per unit of utility, q = κ·ρ with κ = c(p) under
 * `cost` utility, else 1), with rounds 1 … t−1 funding the same projects in
 * both runs and d = s_t(b′) − s_t(b), δ = b′ − b, γ_τ = q_τ(b) − q_τ(b′):
 *
 * 3. 0 ≤ d_i ≤ δ + Σ_{τ<t} γ_τ·u_i(f_τ), γ_τ ≥ 0 by (1). The lower bound
 *    is (2). The upper one by induction on τ, with q = q_τ(b), q′ = q_τ(b′),
 *    u = u_i(f_τ), s, s′ = s + d voter i's money before round τ: if i is
 *    not capped in M(b) (s ≥ q·u), it is not in M(b′) either (s′ ≥ s ≥ q·u ≥ q′·u),
 *    and d grows by exactly (q − q′)·u = γ_τ·u; if it is (s < q·u), it keeps
 *    0 in M(b) and max(0, s′ − q′·u) < max(0, d + γ_τ·u) in M(b′).
 * 4. Say M(b) estimated p at round t0 ≤ t: ρ_p(s_{t0}(b)) ≥ L, its supporters
 *    with s_i ≥ L̂·u_i (L̂ = κ·L) have Σ w·u ≥ U, and the others weigh at
 *    most C (empty purses included). Write f(x; s) = Σ_{i supports p} min(s_i, x·u_i),
 *    concave and nondecreasing in x, f(L̂; s_{t0}(b)) ≤ c(p), and its left
 *    slope at L̂ is at least U; so f(x; s_{t0}(b)) ≤ c(p) − (L̂ − x)·U for x ≤ L̂.
 *    As s_t(b) ≤ s_{t0}(b) (money only leaves a run), for x ≤ L̂
 *    f(x; s_t(b′)) ≤ f(x; s_{t0}(b) + d) ≤ f(x; s_{t0}(b)) + Σ_{i: s_{t0,i}(b) < x·u_i} d_i
 *    ≤ c(p) − (L̂ − x)·U + G, with G ≥ Σ over those C supporters of d_i.
 *    Hence f(x; s_t(b′)) < c(p) for x < L̂ − G/U: ρ_p(s_t(b′)) ≥ L − G/(κ·U).
 * 5. By (3), G = δ·C + min(H_p, C·Γ) will do, with H_p = Σ_τ γ_τ·co(p, f_τ)
 *    (co(p, f): Σ w·u_i(f) over the voters supporting both) and
 *    Γ = Σ_τ γ_τ·max_i u_i(f_τ).
 *
 * γ_τ is bounded above by the two runs' double brackets of θ_τ, every sum
 * is rounded up where it bounds from above and down where from below, and
 * the carried bound only ever raises a proven lower bound (`stale`): a
 * candidate it sets aside could not have won or tied the round. It stops at
 * the first round where the choices differ.
 */
export function mesAdd1(profile: Profile, sat: Satisfaction, rank: Int32Array): Add1Outcome {
  const step = profile.scale * BigInt(profile.voters);
  const B = profile.budgetS;
  const candidates = add1Candidates(profile, sat);
  const twin = twins(profile);
  const first = mesRun(profile, sat, rank, B, B);
  let prev: MesRun | null = null;
  let run = first;
  let runs = 1;
  let delta = 2;
  // A proof is tried only right after a raise that changed nothing (outcomes
  // then tend to stay put for a while); after a failed one, `wait` raises
  // pass before the next try (doubling while they fail).
  let same = false;
  let wait = 0;
  let backoff = 1;
  const done = (outcome: Add1Outcome): Add1Outcome => {
    spareStates.length = 0;
    return outcome;
  };
  /** Releases a run the loop no longer holds (never `first`, which is returned). */
  const retire = (x: MesRun | null): void => {
    if (x && x !== first && x !== prev && x !== run) releaseRun(x);
  };
  for (let k = 0; ; ) {
    // the pool of released states only serves this count's runs: let it go with the count
    if (run.costS > B) return done({ run: prev ?? run, first, runs, increments: prev ? k - 1 : 0 });
    if (!add1Open(profile, candidates, run) || profile.voters === 0) return done({ run, first, runs, increments: k });
    if (same && wait === 0) {
      let jumped: MesRun | null = null;
      const old = run;
      for (; delta >= 2 && !jumped; delta = jumped ? delta : Math.floor(delta / 2)) {
        jumped = mesFollow(profile, sat, rank, B + BigInt(k + delta) * step, run, twin);
      }
      if (jumped) {
        // M(b + k + delta) funds what M(b + k) funded: the raises in between are counted, not run
        k += delta;
        runs += delta;
        run = jumped;
        retire(old);
        delta *= 2;
        backoff = 1;
        continue;
      }
      wait = backoff;
      backoff = Math.min(backoff * 2, 64);
    } else if (wait > 0) wait--;
    const old = prev;
    prev = run;
    // released first, so that this run reuses its state
    retire(old);
    k++;
    run = mesRun(profile, sat, rank, B + BigInt(k) * step, B, prev);
    runs++;
    same = sameOrder(prev.selected, run.selected);
    delta = 2;
  }
}
