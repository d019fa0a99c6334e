import * as z from 'zod/mini';
import { Id, Instant } from './common.js';
import {
  Phone,
  ProposalInput,
  ProposalStatus,
} from './proposal.js';
import { Proposal } from './proposal-record.js';

/**
 * Authors refine their proposals (`/api/v1/cities/:city/authors/…`): the
 * author proves the phone they submitted with (a one-time code to it), gets a
 * short-lived session, sees their proposals with the council's public notes,
 * and edits and resubmits one the council sent back (`needs_changes`). The
 * phone is never returned; the server finds the proposals by the keyed hash
 * it kept at submission.
 */

/** Start proving the phone a proposal was submitted with. */
export const AuthorVerificationStart = z.strictObject({ phone: Phone });
export type AuthorVerificationStart = z.infer<typeof AuthorVerificationStart>;

export const AuthorVerificationConfirm = z.strictObject({ code: z.string().check(z.regex(/^\d{4,8}$/, 'code.format')) });
export type AuthorVerificationConfirm = z.infer<typeof AuthorVerificationConfirm>;

/** A proven author: a bearer token for the author routes, valid until `expiresAt` (the server keeps only its keyed hash). */
export const AuthorSession = z.strictObject({
  token: z.string().check(z.minLength(16), z.maxLength(200)),
  expiresAt: Instant,
});
export type AuthorSession = z.infer<typeof AuthorSession>;

/** Why a proposal cannot be edited now (absent when it can). */
export const EDIT_BLOCKS = ['status', 'phase', 'cycle'] as const;
export const EditBlock = z.enum(EDIT_BLOCKS);
export type EditBlock = z.infer<typeof EditBlock>;

/** One of the author's own proposals, as only its author sees it. */
export const AuthorProposal = z.extend(Proposal, {
  /** Whether the author may edit and resubmit it now. */
  editable: z.boolean(),
  /** Why not, when not editable. */
  editBlock: z.optional(EditBlock),
  /** Until when the review phase allows resubmitting (an instant with offset), when editable. */
  editableUntil: z.optional(Instant),
  /** The author agreed to an SMS on each status change (the phone is kept sealed until the cycle ends). */
  smsNotifications: z.boolean(),
  /** How many versions the proposal has had (1 until the first resubmission). */
  versions: z.int().check(z.minimum(1)),
  /** Public or hidden by moderation; a hidden proposal is shown only to its author. */
  hidden: z.boolean(),
});
export type AuthorProposal = z.infer<typeof AuthorProposal>;

export const AuthorProposals = z.strictObject({ items: z.array(AuthorProposal).check(z.maxLength(500)) });
export type AuthorProposals = z.infer<typeof AuthorProposals>;

/**
 * What an author sends to resubmit: the same fields and rules as a
 * submission (`ProposalInput`), without the phone and consent, which stay as
 * they were.
 */
export const ProposalEditInput = z.omit(ProposalInput, { phone: true, consent: true, notify: true });
export type ProposalEditInput = z.infer<typeof ProposalEditInput>;

/** The fields of a proposal an author writes, as kept in each version. */
export const VERSIONED_FIELDS = ['title', 'description', 'category', 'district', 'address', 'point', 'estimatedCost', 'photos', 'authorName'] as const;
export const VersionedField = z.enum(VERSIONED_FIELDS);
export type VersionedField = z.infer<typeof VersionedField>;

export const ProposalContent = z.pick(Proposal, {
  title: true,
  description: true,
  category: true,
  district: true,
  address: true,
  point: true,
  estimatedCost: true,
  photos: true,
  authorName: true,
} satisfies Record<VersionedField, true>);
export type ProposalContent = z.infer<typeof ProposalContent>;

/** One version of a proposal as the author wrote it, with what changed from the one before. */
export const ProposalVersion = z.strictObject({
  /** 1 for the submission, then one more for each resubmission. */
  n: z.int().check(z.minimum(1)),
  at: Instant,
  content: ProposalContent,
  /** Fields that differ from version n − 1 (empty for version 1). */
  changed: z.array(VersionedField),
  /** The status it had when this version was written (`submitted` for the first, else what it was sent back with). */
  status: ProposalStatus,
});
export type ProposalVersion = z.infer<typeof ProposalVersion>;

/** `GET /admin/cities/:city/proposals/:id/versions`, oldest first. */
export const ProposalVersions = z.strictObject({ proposalId: Id, items: z.array(ProposalVersion).check(z.maxLength(1000)) });
export type ProposalVersions = z.infer<typeof ProposalVersions>;

// The route table is a module of its own: `HttpBackend` (on every page) needs the paths, while these schemas travel
// in a chunk of their own, fetched only when an author opens "My proposals".
export { AUTHOR_ROUTES } from './author-routes.js';
