import * as z from 'zod/mini';
import { CountingRuleName, TieBreak } from './ballot-rule.js';
import { CityInstant, Id, Instant, LocalizedName, Money } from './common.js';
import { userText } from './text.js';

/**
 * Why a project was or was not funded, as data the widgets phrase in each
 * language. Money figures are whole tenge, rounded for display; the exact
 * arithmetic stays in the counting module.
 */
export const Explanation = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('funded'),
    /** 1-based position in the order of selection. */
    round: z.int().check(z.minimum(1)),
    /** `main`: by the rule itself; `completion`: by the completion step (add1 / greedy). */
    stage: z.enum(['main', 'completion']),
    supporters: z.int().check(z.minimum(0)),
    /** Under MES / Phragmén: what a supporter paid on average (tenge). */
    averagePayment: z.optional(z.number().check(z.gte(0))),
    /** Budget left after funding it. */
    remainingAfter: z.number(),
  }),
  /** Greedy: its turn came but the remaining budget was smaller than its cost. */
  z.strictObject({ kind: z.literal('did_not_fit'), remaining: z.number().check(z.gte(0)) }),
  /** MES: its supporters together no longer had enough money left to pay for it. */
  z.strictObject({
    kind: z.literal('supporters_ran_out'),
    supporters: z.int().check(z.minimum(0)),
    /** What its supporters had left together when it dropped out. */
    supportersMoney: z.number().check(z.gte(0)),
  }),
  /** Nobody voted for it. */
  z.strictObject({ kind: z.literal('no_support') }),
  /** Costs more than the whole pool. */
  z.strictObject({ kind: z.literal('over_budget'), budget: z.number() }),
  /** Phragmén stopped when the next project in line did not fit. */
  z.strictObject({ kind: z.literal('rule_stopped'), remaining: z.number().check(z.gte(0)) }),
]);
export type Explanation = z.infer<typeof Explanation>;

/**
 * The expert council's own decision where it differs from the count (final
 * results only): a project funded although the count did not fund it, or not
 * funded although it did, with the reason the council gave in public. The
 * count itself is never changed: both are shown.
 */
export const CouncilDecision = z.strictObject({
  funded: z.boolean(),
  at: Instant,
  note: z.optional(userText({ max: 2000, multiline: true })),
});
export type CouncilDecision = z.infer<typeof CouncilDecision>;

export const ProjectResult = z.strictObject({
  projectId: Id,
  title: userText({ max: 120 }),
  cost: Money,
  /** Approvals, points, or first preferences. */
  votes: z.int().check(z.minimum(0)),
  funded: z.boolean(),
  explanation: Explanation,
  decision: z.optional(CouncilDecision),
});
export type ProjectResult = z.infer<typeof ProjectResult>;

export const PoolResult = z.strictObject({
  poolId: Id,
  name: LocalizedName,
  budget: Money,
  spent: Money,
  rule: CountingRuleName,
  tieBreak: TieBreak,
  /** Ballots that chose something in this pool. */
  ballots: z.int().check(z.minimum(0)),
  /** Funded first (in order of selection), then the rest by votes. */
  projects: z.array(ProjectResult),
  /**
   * MES with Add1 (`mes-add1`, `mes-add1-greedy`) only: how the count reached
   * its outcome, so an auditor can rerun MES with that per-voter budget in
   * another tool and get the same projects.
   */
  add1: z.optional(
    z.strictObject({
      /** MES runs made (as pabutools counts them): the first with budget / voters, one more per raise. */
      runs: z.int().check(z.minimum(1)),
      /** One-unit raises of the run kept: its per-voter budget is budget / voters + increments. */
      increments: z.int().check(z.minimum(0)),
      /** That final per-voter budget, exact: an integer or `p/q` (currency units). */
      voterBudget: z.string().check(z.regex(/^\d+(\/\d+)?$/)),
      /** The same, rounded to 2 decimals, for display. */
      voterBudgetAmount: z.number().check(z.gte(0)),
    }),
  ),
});
export type PoolResult = z.infer<typeof PoolResult>;

export const Results = z.strictObject({
  cycleId: Id,
  /** `live`: counts so far during voting; `final`: published outcome. */
  mode: z.enum(['live', 'final']),
  computedAt: CityInstant,
  turnout: z.strictObject({
    online: z.int().check(z.minimum(0)),
    paper: z.int().check(z.minimum(0)),
    total: z.int().check(z.minimum(0)),
  }),
  pools: z.array(PoolResult),
  /** Server-relative links to downloads the server offers. */
  downloads: z.optional(z.strictObject({ csv: z.optional(z.string()), pb: z.optional(z.string()) })),
});
export type Results = z.infer<typeof Results>;
