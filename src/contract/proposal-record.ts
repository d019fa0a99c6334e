import * as z from 'zod/mini';
import { GeoPoint, Id, Instant, Money } from './common.js';
import {
  AuthorName,
  NoteByLocale,
  PROPOSAL_LIMITS,
  ProposalAddress,
  ProposalDescription,
  ProposalReference,
  ProposalStatus,
  ProposalTitle,
} from './proposal.js';
import { userText } from './text.js';

/*
 * The proposals as the server answers them (the list's pages, one proposal, a photo uploaded). A module of its own,
 * apart from `proposal.ts` (the statuses, limits and fields the widgets use from their first moment): the HTTP
 * client imports it when a request needs it, so pages that never ask for a proposal do not download these schemas,
 * and no page builds them before its first words.
 */

export const Photo = z.strictObject({
  id: Id,
  /** Absolute or server-relative URL of the image (served as image/jpeg|png|webp). */
  url: z.string().check(z.maxLength(2048), z.regex(/^(https?:\/\/|\/)[^\s"'<>]*$/, 'url.invalid')),
  width: z.int().check(z.minimum(1), z.maximum(10000)),
  height: z.int().check(z.minimum(1), z.maximum(10000)),
  /** The name the resident's file had, shown as text only. */
  name: z.optional(userText({ max: 200 })),
});
export type Photo = z.infer<typeof Photo>;

export const StatusChange = z.strictObject({
  status: ProposalStatus,
  at: Instant,
  /** The expert council's words for the author (why rejected, what to change); when given per language, all of them. */
  note: z.optional(userText({ max: 2000, multiline: true })),
  /** The same note per language, when the council wrote it so (see `noteIn`). */
  notes: z.optional(NoteByLocale),
});
export type StatusChange = z.infer<typeof StatusChange>;

/** The most entries a proposal's history holds; `domain/proposal-history.ts` says which one makes room for the next. */
export const HISTORY_MAX = 100;

/** A proposal as anyone may see it. Never carries the author's phone. */
export const Proposal = z.strictObject({
  id: Id,
  cycleId: Id,
  title: ProposalTitle,
  description: ProposalDescription,
  category: Id,
  district: z.optional(Id),
  address: ProposalAddress,
  point: z.optional(GeoPoint),
  estimatedCost: Money,
  finalCost: z.optional(Money),
  photos: z.array(Photo).check(z.maxLength(PROPOSAL_LIMITS.photos.max)),
  authorName: AuthorName,
  /** Short readable reference the author quotes (absent on proposals older than references). */
  reference: z.optional(ProposalReference),
  status: ProposalStatus,
  /** Latest public note of the expert council (reason of rejection, what to change). */
  reviewNote: z.optional(userText({ max: 2000, multiline: true })),
  /** The same note per language, when the council wrote it so (see `noteIn`). */
  reviewNotes: z.optional(NoteByLocale),
  /** When merged: the proposal it became part of. */
  mergedInto: z.optional(Id),
  /** Pool it is counted in, once on the ballot. */
  poolId: z.optional(Id),
  /** Votes or points, only when the city shows counts (or after results). */
  votes: z.optional(z.int().check(z.minimum(0))),
  history: z.array(StatusChange).check(z.maxLength(HISTORY_MAX)),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Proposal = z.infer<typeof Proposal>;

export const ProposalPage = z.strictObject({
  items: z.array(Proposal),
  nextCursor: z.nullable(z.string()),
  total: z.int().check(z.minimum(0)),
});
export type ProposalPage = z.infer<typeof ProposalPage>;
