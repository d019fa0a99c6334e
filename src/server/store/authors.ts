import type { ProposalStatus } from '../../contract/index.js';
import type { AuditWrite, IdempotencyRecord, ProposalRecord } from './types.js';

/**
 * What the server keeps so authors can refine their proposals: their proven
 * sessions (only a keyed hash of each token), every version of a proposal an
 * author wrote, and — only with the author's consent, only where the city
 * sends SMS — the phone, sealed, until the cycle ends. Nothing here holds a
 * phone in the clear.
 */

export interface AuthorSessionRecord {
  /** Keyed digest of the bearer token (never the token). */
  tokenHash: string;
  city: string;
  /** Keyed hash of the proven phone: the same value the author's proposals carry. */
  authorHash: string;
  /** ms since epoch. */
  expiresAt: number;
}

/** One version of a proposal's author-written content (JSON of `ProposalContent`). */
export interface ProposalVersionRecord {
  city: string;
  proposalId: string;
  n: number;
  at: string;
  status: ProposalStatus;
  content: string;
}

/** The sealed phone of an author who asked for SMS on status changes. */
export interface AuthorContactRecord {
  city: string;
  proposalId: string;
  cycleId: string;
  /** The phone, sealed under `authorPhoneContext(city, proposalId)`. */
  phoneSealed: string;
  locale: 'kk' | 'ru' | 'en';
  createdAt: string;
}

export type ResubmitOutcome = 'ok' | 'conflict' | 'photo_unavailable';

export interface AuthorStore {
  saveSession(s: AuthorSessionRecord): Promise<void>;
  getSession(tokenHash: string): Promise<AuthorSessionRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Deletes sessions that expired before `nowMs`; how many. */
  sweepSessions(nowMs: number): Promise<number>;

  /** Every proposal of the city whose author hash is `authorHash`, newest first. */
  proposalsByAuthor(city: string, authorHash: string): Promise<ProposalRecord[]>;

  /**
   * One transaction: replaces the proposal if its stored version still equals
   * `proposal.version` (else `conflict`, nothing written), attaches the photos
   * in `attach` only if still free (else `photo_unavailable`), deletes the
   * photos in `remove` (the author took them out: their bytes go, and their
   * address stops answering; only photos of this proposal), inserts the
   * versions not yet kept (a version number already kept is left as it is),
   * writes the audit entry and the idempotency record (the answer a retry
   * under the same key gets) and bumps the city's proposal counter.
   */
  resubmit(proposal: ProposalRecord, versions: ProposalVersionRecord[], attach: string[], remove: string[], audit: AuditWrite, idempotency: IdempotencyRecord): Promise<ResubmitOutcome>;
  /** Kept versions of a proposal, oldest first. */
  versions(city: string, proposalId: string): Promise<ProposalVersionRecord[]>;
  /** How many versions are kept per proposal (proposals with none are absent). */
  versionCounts(city: string, proposalIds: string[]): Promise<Map<string, number>>;

  saveContact(c: AuthorContactRecord): Promise<void>;
  getContact(city: string, proposalId: string): Promise<AuthorContactRecord | null>;
  deleteContact(city: string, proposalId: string): Promise<void>;
  /** Every (city, cycle) with a kept phone, for the deletion at the cycle's end. */
  contactCycles(): Promise<{ city: string; cycleId: string }[]>;
  /** Deletes every kept phone of a cycle, with its audit entry in the same transaction; how many. */
  deleteContacts(city: string, cycleId: string, audit: AuditWrite): Promise<number>;
}

export interface ProposalVersionRow {
  city: string;
  proposal_id: string;
  n: number;
  at: string;
  status: string;
  content: string;
}

export const versionFromRow = (r: ProposalVersionRow): ProposalVersionRecord => ({
  city: r.city,
  proposalId: r.proposal_id,
  n: Number(r.n),
  at: r.at,
  status: r.status as ProposalStatus,
  content: r.content,
});

export interface AuthorContactRow {
  city: string;
  proposal_id: string;
  cycle_id: string;
  phone_sealed: string;
  locale: string;
  created_at: string;
}

export const contactFromRow = (r: AuthorContactRow): AuthorContactRecord => ({
  city: r.city,
  proposalId: r.proposal_id,
  cycleId: r.cycle_id,
  phoneSealed: r.phone_sealed,
  locale: r.locale as AuthorContactRecord['locale'],
  createdAt: r.created_at,
});

/** A reference already taken in this city (the unique index refused it); the caller draws another. */
export function isReferenceTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (!e) return false;
  if (e.code === '23505') return e.constraint === 'proposals_reference';
  return typeof e.message === 'string' && e.message.includes('UNIQUE constraint failed') && e.message.includes('proposals_reference');
}
