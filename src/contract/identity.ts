import * as z from 'zod/mini';
import { Id, Instant, LocalizedName } from './common.js';

/**
 * How residents of a city prove who they are before they vote. The IIN alone
 * identifies; it proves nothing (it is printed on every ID card), so each
 * method ties it to something only its owner has:
 *
 * - `voter_list`: the project centre uploads the eligible residents (IIN,
 *   phone); the code goes only to the phone on the list.
 * - `oidc`: the resident signs in with an identity provider (eGov-style, or a
 *   company's staff sign-in); the IIN or employee id comes from a claim.
 * - `census`: the city's register answers whether the IIN may vote and whether
 *   the phone typed is the one registered for it, before any code is sent.
 * - `phone_only`: a code to whatever phone is typed. Proves a phone, not a
 *   person; only when a city sets it explicitly, and said so everywhere.
 */
export const IDENTITY_METHODS = ['voter_list', 'oidc', 'census', 'phone_only'] as const;
export const IdentityMethod = z.enum(IDENTITY_METHODS);
export type IdentityMethod = z.infer<typeof IdentityMethod>;

/** What a widget needs to know about the city's identity check (`CityConfig.identity`). */
export const PublicIdentity = z.strictObject({
  method: IdentityMethod,
  /** The identity provider's name as residents know it (`eGov`, `Staff sign-in`); only for `oidc`. */
  provider: z.optional(LocalizedName),
});
export type PublicIdentity = z.infer<typeof PublicIdentity>;

/** `POST /cities/:city/verification/oidc`: start signing in with the city's identity provider. */
export const OidcStartInput = z.strictObject({
  cycleId: Id,
  /** The page to come back to: it must be on one of the city's allowed origins (or the server's own). */
  returnTo: z.string().check(z.maxLength(2000), z.regex(/^https?:\/\/[^\s#]+$/, 'url.invalid')),
  /** `popup`: the provider opens in a window that reports back and closes; `redirect`: the page itself goes and comes back. */
  mode: z.enum(['popup', 'redirect']),
});
export type OidcStartInput = z.infer<typeof OidcStartInput>;

export const OidcChallenge = z.strictObject({
  challengeId: Id,
  /** Where to send the browser (the provider's sign-in page). */
  authorizationUrl: z.string().check(z.maxLength(4000)),
  expiresAt: Instant,
});
export type OidcChallenge = z.infer<typeof OidcChallenge>;

// ——— The voter list (admin API) ———

/** Why a row of an uploaded voter list was refused. Never echoes the row's values. */
export const VoterListRowProblem = z.enum(['columns', 'iin.format', 'iin.checksum', 'iin.date', 'phone.invalid', 'district.unknown', 'duplicate']);
export type VoterListRowProblem = z.infer<typeof VoterListRowProblem>;

export const VoterListReport = z.strictObject({
  cycleId: Id,
  /** `replace`: the list is now exactly the accepted rows; `amend`: rows were added or updated; `remove`: rows were taken off. */
  mode: z.enum(['replace', 'amend', 'remove']),
  accepted: z.int().check(z.minimum(0)),
  added: z.int().check(z.minimum(0)),
  updated: z.int().check(z.minimum(0)),
  removed: z.int().check(z.minimum(0)),
  /** Rows refused, by line number (1-based, as a spreadsheet shows them); at most 500 listed. */
  rejected: z.array(z.strictObject({ line: z.int().check(z.minimum(1)), problem: VoterListRowProblem })),
  rejectedTotal: z.int().check(z.minimum(0)),
  /** Residents on the list after the change. */
  total: z.int().check(z.minimum(0)),
});
export type VoterListReport = z.infer<typeof VoterListReport>;

export const VoterListSummary = z.strictObject({
  cycleId: Id,
  method: IdentityMethod,
  total: z.int().check(z.minimum(0)),
  /** Residents per district id (`""` for rows without one). */
  byDistrict: z.record(z.string(), z.int()),
  updatedAt: z.nullable(Instant),
  /** When the list's phones are deleted: the end of the cycle's voting. */
  deleteAfter: Instant,
});
export type VoterListSummary = z.infer<typeof VoterListSummary>;
