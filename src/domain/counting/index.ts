/**
 * Counting a participatory budget: one entry point, {@link tally}, for the
 * server (the city's configured rule, called once per pool), the results
 * widget (in a Web Worker, see `./worker.ts`) and the CLI.
 *
 * Every rule reproduces pabutools 1.2.3 exactly (same selected set on the
 * pabulib reference elections; see `test/fixtures/pabulib/README.md`):
 *
 * | rule | approval / choose-1 / ordinal | cumulative / scoring |
 * | --- | --- | --- |
 * | `greedy` | `greedy_utilitarian_welfare`, Cost_Sat (most approvals first) | Additive_Cardinal_Sat (most points per unit of cost first) |
 * | `greedy-card` | Cardinality_Sat (approvals per unit of cost) | same, counting supporters |
 * | `mes` | `method_of_equal_shares`, Cost_Sat | utility = points |
 * | `mes-card` | Cardinality_Sat | same, counting supporters |
 * | `mes-add1` | MES, Cost_Sat, `voter_budget_increment=1` | utility = points |
 * | `mes-add1-greedy` | Add1, then greedy (Cost_Sat) over what is left | points, then greedy by points |
 * | `phragmen` | `sequential_phragmen` | on supporters |
 *
 * Tie-breaking: `lexico` (default, pabutools' `lexico_tie_breaking`): among
 * tied projects the one whose id is the smaller *string* wins (`"10" < "9"`);
 * `cost-then-votes`: the cheaper one, then the one with more votes, then the
 * smaller id. Ordinal ballots count their first preference only (see
 * {@link VoteKind}).
 *
 * Everything that decides the outcome is exact (bigint); the explanations
 * carry JS numbers rounded to 2 decimals, for display only.
 */
import type { CountingRuleName, Explanation, TieBreak } from '../../contract/index.js';
import { Rational } from '../rational.js';
import { greedy, type Satisfaction } from './greedy.js';
import { mesAdd1, mesRun, mesSupported, type MesRun } from './mes.js';
import { phragmen } from './phragmen.js';
import { buildProfile, tieRanks, type Profile, type ProfileInput } from './profile.js';

export { buildProfile, profileFromPabulib, pabulibInput, compareIds, tieRanks, CountingInputError } from './profile.js';
export type { Profile, ProfileInput, CountingProject, CountingBallot, CountingPick, VoteKind } from './profile.js';

export interface TallyOptions {
  rule: CountingRuleName;
  /** Default `lexico`. */
  tieBreak?: TieBreak;
}

export interface TallyInput extends ProfileInput, TallyOptions {}

export interface TallyResult {
  rule: CountingRuleName;
  tieBreak: TieBreak;
  /** The budget, exact (a decimal when it has one, else `p/q`). */
  budget: string;
  /** Funded project ids in the order the rule chose them. */
  selected: string[];
  /** Total cost of `selected`, exact. */
  cost: string;
  /** One per project. */
  explanations: Record<string, Explanation>;
  /** Approvals, points, or first preferences, per project. */
  votes: Record<string, number>;
  /** Number of voters, empty ballots included. */
  voters: number;
  /**
   * Add1 rules: how many MES runs pabutools makes, how many one-unit raises
   * the returned run had (its per-voter budget is B/n + increments), and that
   * per-voter budget, exact (`p/q`) — enough to rerun MES with it in another tool.
   */
  add1?: { runs: number; increments: number; voterBudget: string };
}

/** Counts one pool. Throws `CountingInputError` on inconsistent input (e.g. a duplicate project id). */
export function tally(input: TallyInput): TallyResult {
  return tallyProfile(buildProfile(input), input);
}

function satOf(profile: Profile, rule: CountingRuleName): Satisfaction {
  if (rule === 'greedy-card' || rule === 'mes-card') return 'card';
  return profile.hasPoints ? 'points' : 'cost';
}

/** Counts a profile that was built once (the benchmark runs every rule on one profile). */
export function tallyProfile(profile: Profile, options: TallyOptions): TallyResult {
  const rule = options.rule;
  const tieBreak: TieBreak = options.tieBreak ?? 'lexico';
  const rank = tieRanks(profile, tieBreak);
  const sat = satOf(profile, rule);
  const P = profile.ids.length;
  const S = profile.scale;
  const money = (xS: bigint): number => Rational.of(xS, S).toFixedNumber(2);

  let order: number[] = [];
  const stage = new Map<number, 'main' | 'completion'>();
  const notFunded = new Map<number, Explanation>();
  let add1: TallyResult['add1'];
  let average = false;

  const fromMes = (run: MesRun): void => {
    for (let p = 0; p < P; p++) {
      if (run.selected.includes(p) || !mesSupported(profile, sat, p)) continue;
      notFunded.set(p, {
        kind: 'supporters_ran_out',
        supporters: profile.supporters[p]!,
        supportersMoney: run.supportersMoney(p).toFixedNumber(2),
      });
    }
  };

  switch (rule) {
    case 'greedy':
    case 'greedy-card': {
      const out = greedy(profile, sat, rank);
      order = out.selected;
      for (const s of out.steps) if (!s.funded) notFunded.set(s.project, { kind: 'did_not_fit', remaining: money(s.remainingBefore) });
      break;
    }
    case 'mes':
    case 'mes-card': {
      const run = mesRun(profile, sat, rank, profile.budgetS);
      order = run.selected;
      average = true;
      fromMes(run);
      break;
    }
    case 'mes-add1':
    case 'mes-add1-greedy': {
      const out = mesAdd1(profile, sat, rank);
      average = true;
      order = [...out.run.selected];
      const main = new Set(out.first.selected);
      for (const p of order) stage.set(p, main.has(p) ? 'main' : 'completion');
      add1 = { runs: out.runs, increments: out.increments, voterBudget: out.run.voterBudget.toString() };
      if (rule === 'mes-add1') fromMes(out.run);
      else {
        const more = greedy(profile, sat, rank, order);
        for (const p of more.selected) {
          order.push(p);
          stage.set(p, 'completion');
        }
        for (const s of more.steps) if (!s.funded) notFunded.set(s.project, { kind: 'did_not_fit', remaining: money(s.remainingBefore) });
      }
      break;
    }
    case 'phragmen': {
      const out = phragmen(profile, rank);
      order = out.selected;
      average = true;
      for (const p of out.stoppedWith) notFunded.set(p, { kind: 'rule_stopped', remaining: money(out.remainingS) });
      break;
    }
    default: {
      const never: never = rule;
      throw new Error(`unknown rule ${String(never)}`);
    }
  }

  const explanations: Record<string, Explanation> = {};
  const votes: Record<string, number> = {};
  let spent = 0n;
  order.forEach((p, i) => {
    spent += profile.costS[p]!;
    const supporters = profile.supporters[p]!;
    const e: Explanation = {
      kind: 'funded',
      round: i + 1,
      stage: stage.get(p) ?? 'main',
      supporters,
      remainingAfter: money(profile.budgetS - spent),
    };
    if (average && supporters > 0) e.averagePayment = Rational.of(profile.costS[p]!, S * BigInt(supporters)).toFixedNumber(2);
    explanations[profile.ids[p]!] = e;
  });
  const budgetNumber = profile.budget.toFixedNumber(2);
  for (let p = 0; p < P; p++) {
    const id = profile.ids[p]!;
    votes[id] = profile.votes[p]!;
    if (explanations[id]) continue;
    if (profile.costS[p]! > profile.budgetS) explanations[id] = { kind: 'over_budget', budget: budgetNumber };
    else if (profile.supporters[p] === 0) explanations[id] = { kind: 'no_support' };
    else explanations[id] = notFunded.get(p) ?? { kind: 'did_not_fit', remaining: money(profile.budgetS - spent) };
  }

  const result: TallyResult = {
    rule,
    tieBreak,
    budget: profile.budget.toDecimalString(),
    selected: order.map((p) => profile.ids[p]!),
    cost: Rational.of(spent, S).toDecimalString(),
    explanations,
    votes,
    voters: profile.voters,
  };
  if (add1) result.add1 = add1;
  return result;
}
