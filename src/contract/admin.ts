import * as z from 'zod/mini';
import { PoolChoice, Receipt } from './ballot.js';
import { Id, Instant, Money, PageCursor } from './common.js';
import { PhaseName } from './cycle.js';
import { ProposalStatus } from './proposal.js';
import { Proposal } from './proposal-record.js';
import { userText } from './text.js';

/**
 * The project centre's and expert council's API (`/api/v1/admin/cities/:city/…`),
 * authorised by an admin bearer token scoped to its cities.
 */

/** A proposal as the project centre sees it: everything public plus moderation flags. */
export const AdminProposal = z.extend(Proposal, {
  /** Hidden by moderation: never in the public list, its photos not served. */
  hidden: z.boolean(),
  /** Visible to the public (false while a city reviews before publishing). */
  published: z.boolean(),
  /** Same value for proposals of the same author (a keyed hash of the phone, shortened); never the phone. */
  authorKey: z.string(),
  /** Current votes (approvals, points) regardless of the city's visibility setting. */
  votes: z.int().check(z.minimum(0)),
});
export type AdminProposal = z.infer<typeof AdminProposal>;

export const AdminProposalQuery = z.strictObject({
  status: z.optional(z.array(ProposalStatus)),
  q: z.optional(z.string().check(z.maxLength(200))),
  hidden: z.optional(z.enum(['true', 'false'])),
  cursor: z.optional(PageCursor),
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(500))),
});
export type AdminProposalQuery = z.infer<typeof AdminProposalQuery>;

export const AdminProposalPage = z.strictObject({
  items: z.array(AdminProposal),
  nextCursor: z.nullable(z.string()),
  total: z.int().check(z.minimum(0)),
});
export type AdminProposalPage = z.infer<typeof AdminProposalPage>;

const Note = userText({ max: 2000, multiline: true });

/**
 * Set a status with the reason the author reads. `merged`, `on_ballot` and `cancelled` have their own actions;
 * `needs_changes` and `rejected` need the note (the reason), and a status of the ballot a project that was on it
 * (`domain/status-change.ts`).
 */
export const SetStatusInput = z.strictObject({ status: ProposalStatus, note: z.optional(Note) });
export type SetStatusInput = z.infer<typeof SetStatusInput>;

export const SetCostInput = z.strictObject({ finalCost: Money.check(z.minimum(1, 'money.required')), note: z.optional(Note) });
export type SetCostInput = z.infer<typeof SetCostInput>;

export const MergeInput = z.strictObject({ into: Id, note: z.optional(Note) });
export type MergeInput = z.infer<typeof MergeInput>;

/** Put a proposal on the ballot in a pool (optionally setting its final cost at the same time). */
export const PlaceOnBallotInput = z.strictObject({ poolId: Id, finalCost: z.optional(Money.check(z.minimum(1, 'money.required'))), note: z.optional(Note) });
export type PlaceOnBallotInput = z.infer<typeof PlaceOnBallotInput>;

/** Moderation: hide (abuse, personal data) or publish. The reason goes to the audit log only. */
export const VisibilityInput = z.strictObject({
  hidden: z.optional(z.boolean()),
  published: z.optional(z.boolean()),
  reason: z.optional(userText({ max: 500 })),
});
export type VisibilityInput = z.infer<typeof VisibilityInput>;

/** Paper ballots counted at a desk, entered by staff; each becomes a ballot with a receipt. */
export const PaperBallotsInput = z.strictObject({
  cycleId: Id,
  /** Which desk / polling place, for the audit log. */
  desk: userText({ max: 120 }),
  /** The district whose papers these are: required where the budget has district pools (a paper may then mark only that district's pools and the city-wide and category ones). */
  district: z.optional(Id),
  ballots: z.array(z.strictObject({ choices: z.array(PoolChoice).check(z.minLength(1), z.maxLength(50)) })).check(z.minLength(1), z.maxLength(500)),
});
export type PaperBallotsInput = z.infer<typeof PaperBallotsInput>;

export const PaperBallotsResult = z.strictObject({ receipts: z.array(Receipt) });
export type PaperBallotsResult = z.infer<typeof PaperBallotsResult>;

/** Open a phase now (it starts now) or close it now (it ends now). */
export const PhaseActionInput = z.strictObject({ phase: PhaseName, action: z.enum(['open', 'close']) });
export type PhaseActionInput = z.infer<typeof PhaseActionInput>;

/**
 * Marks the outcome on the proposals once results are final: every project still
 * `on_ballot` becomes `winner` or `not_funded` as counted. Projects the council
 * has already moved (its own decision, with its reason) are left as they are.
 */
export const ApplyResultsInput = z.strictObject({ note: z.optional(Note) });
export type ApplyResultsInput = z.infer<typeof ApplyResultsInput>;

export const ApplyResultsResult = z.strictObject({
  winners: z.array(Id),
  notFunded: z.array(Id),
  /** Left alone: already moved from `on_ballot` by the council. */
  unchanged: z.array(Id),
});
export type ApplyResultsResult = z.infer<typeof ApplyResultsResult>;

export const AuditEntry = z.strictObject({
  id: z.int(),
  at: Instant,
  actor: z.string(),
  action: z.string(),
  target: z.nullable(z.string()),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** The audit log's query: `cursor` is a `nextCursor` it gave, as in the proposal lists. */
export const AuditQuery = z.strictObject({
  cursor: z.optional(PageCursor),
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(500))),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.strictObject({ items: z.array(AuditEntry), nextCursor: z.nullable(z.string()) });
export type AuditPage = z.infer<typeof AuditPage>;

export const AdminIdentity = z.strictObject({ id: Id, name: z.string(), cities: z.array(z.string()) });
export type AdminIdentity = z.infer<typeof AdminIdentity>;
