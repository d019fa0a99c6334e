import * as z from 'zod/mini';
import { Money } from './common.js';

const Count = z.int().check(z.minimum(0), z.maximum(10_000));

/** "1 project — 1 vote" (Tugan Qala). pabulib `choose-1`. */
export const SingleRule = z.strictObject({ kind: z.literal('single') });

/** Pick between `min` and `max` projects (Almaty: up to 3). pabulib `approval`. */
export const ApprovalRule = z.strictObject({
  kind: z.literal('approval'),
  min: Count,
  max: Count,
});

/**
 * Pick projects whose total cost fits `limit` (defaults to the pool budget);
 * optionally at least `minShare` of it (Decidim: 0.7), checked only on submit.
 */
export const KnapsackRule = z.strictObject({
  kind: z.literal('knapsack'),
  limit: z.optional(Money),
  minShare: z.optional(z.number().check(z.gte(0), z.lte(1))),
});

/** Spread `points` over projects, at most `maxPerProject` on one. */
export const CumulativeRule = z.strictObject({
  kind: z.literal('cumulative'),
  points: z.int().check(z.minimum(1), z.maximum(1000)),
  maxPerProject: z.int().check(z.minimum(1), z.maximum(1000)),
});

/** Rank up to `maxRanks` projects. pabulib `ordinal`. */
export const RankedRule = z.strictObject({
  kind: z.literal('ranked'),
  maxRanks: z.int().check(z.minimum(1), z.maximum(100)),
});

export const BallotRule = z.discriminatedUnion('kind', [SingleRule, ApprovalRule, KnapsackRule, CumulativeRule, RankedRule]);
export type BallotRule = z.infer<typeof BallotRule>;
export type BallotRuleKind = BallotRule['kind'];

export const COUNTING_RULES = ['greedy', 'greedy-card', 'mes', 'mes-card', 'mes-add1', 'mes-add1-greedy', 'phragmen'] as const;
export const CountingRuleName = z.enum(COUNTING_RULES);
export type CountingRuleName = z.infer<typeof CountingRuleName>;

/**
 * `lexico`: ties go to the smaller project id string (pabutools' default).
 * `cost-then-votes`: lower cost first, then more votes, then id (equalshares.net).
 */
export const TieBreak = z.enum(['lexico', 'cost-then-votes']);
export type TieBreak = z.infer<typeof TieBreak>;

export const CountingRule = z.strictObject({
  rule: CountingRuleName,
  tieBreak: z._default(TieBreak, 'lexico'),
});
export type CountingRule = z.infer<typeof CountingRule>;
