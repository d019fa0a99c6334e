import * as z from 'zod/mini';
import { BallotRule, CountingRule } from './ballot-rule.js';
import { Id, Instant, LocalizedName, Money } from './common.js';

export const PHASES = ['submission', 'review', 'voting', 'results', 'implementation'] as const;
export const PhaseName = z.enum(PHASES);
export type PhaseName = z.infer<typeof PhaseName>;

/** `upcoming` before submission opens, `closed` after implementation ends, otherwise a phase (or a gap between two). */
export const CurrentPhase = z.enum(['upcoming', ...PHASES, 'between', 'closed']);
export type CurrentPhase = z.infer<typeof CurrentPhase>;

export const PhaseWindow = z.strictObject({ start: Instant, end: Instant }).check(
  z.refine((w) => Date.parse(w.start) < Date.parse(w.end), { message: 'phase.end_before_start', path: ['end'] }),
);
export type PhaseWindow = z.infer<typeof PhaseWindow>;

export const PoolScope = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('city') }),
  z.strictObject({ kind: z.literal('category'), categories: z.array(Id).check(z.minLength(1)) }),
  z.strictObject({ kind: z.literal('district'), districts: z.array(Id).check(z.minLength(1)) }),
]);
export type PoolScope = z.infer<typeof PoolScope>;

/** A budget counted on its own: the whole city, or some categories or districts. */
export const Pool = z.strictObject({
  id: Id,
  name: LocalizedName,
  budget: Money,
  scope: PoolScope,
  /** Cap on one project's cost in this pool (besides any category cap). */
  costCap: z.optional(Money),
});
export type Pool = z.infer<typeof Pool>;

export const Eligibility = z.strictObject({
  /** A resident must be at least this old on the day they vote (from the IIN). */
  minAge: z.int().check(z.minimum(0), z.maximum(120)),
  /** `geolocation`: the phone's position must be inside the city boundary when verifying. */
  residence: z.enum(['none', 'geolocation']),
});
export type Eligibility = z.infer<typeof Eligibility>;

export const Cycle = z.strictObject({
  id: Id,
  title: LocalizedName,
  phases: z.strictObject({
    submission: PhaseWindow,
    review: PhaseWindow,
    voting: PhaseWindow,
    results: PhaseWindow,
    implementation: PhaseWindow,
  }),
  pools: z.array(Pool).check(z.minLength(1), z.maxLength(50)),
  ballot: BallotRule,
  counting: CountingRule,
  eligibility: Eligibility,
  /** `final`: one ballot, never changed. `until_close`: a new ballot replaces the old one until voting ends. */
  revote: z.enum(['final', 'until_close']),
  /** Whether vote counts (and live results) are visible before the results phase. */
  liveCounts: z.boolean(),
  /** Most proposals one author (by phone) may submit in this cycle; absent = no limit. */
  proposalLimit: z.optional(z.int().check(z.minimum(1), z.maximum(100))),
});
export type Cycle = z.infer<typeof Cycle>;
