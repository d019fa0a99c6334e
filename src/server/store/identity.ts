import type { AuditWrite } from './types.js';

/**
 * Where proof of identity is kept between requests, so that any server
 * instance can answer any step: pending challenges (a code sent, a sign-in
 * under way) and the voter list. Nothing here is ever in the clear: IINs and
 * phones only as keyed hashes, and what must stay readable for a while (the
 * phone a code goes to, a sign-in's PKCE verifier) sealed with a key derived
 * from the server secret.
 */

export interface ChallengeRecord {
  id: string;
  city: string;
  cycleId: string;
  kind: 'sms' | 'oidc';
  /** Keyed hash of the IIN (or employee id); for a sign-in, set once it succeeded. */
  voterHash: string | null;
  /** Keyed hash of the phone the code went to (rate limits). */
  phoneHash: string | null;
  /** Sealed: the phone (to resend a code), or the sign-in's state, nonce, verifier and return address. */
  sealed: string;
  /** sha256 of `id:code`. */
  codeHash: string | null;
  /** sha256 of a sign-in's `state`, to find it when the provider sends the browser back. */
  stateHash: string | null;
  /** Keyed digest of the one-time proof the provider's callback handed to the browser it came back to (set with the outcome). */
  proofHash: string | null;
  /** ms since epoch. */
  expiresAt: number;
  resendAt: number;
  attemptsLeft: number;
  /** A sign-in: `pending`, `done`, or why it failed (`oidc_denied`, …). */
  outcome: string | null;
  /** The voter list's district for this person, when it has one. */
  district: string | null;
}

export interface VoterListEntry {
  voterHash: string;
  phoneHash: string;
  /** The phone, sealed; needed to send the code. Deleted with the list when the cycle's voting ends. */
  phoneSealed: string;
  district: string | null;
}

export interface VoterListChange {
  added: number;
  updated: number;
  removed: number;
  total: number;
}

export interface IdentityStore {
  saveChallenge(c: ChallengeRecord): Promise<void>;
  getChallenge(id: string): Promise<ChallengeRecord | null>;
  challengeByState(stateHash: string): Promise<ChallengeRecord | null>;
  /** Records a sign-in's outcome (and its proof's digest) once: false when it already had one (a replayed callback). */
  finishSignIn(id: string, outcome: string, voterHash: string | null, proofHash: string): Promise<boolean>;
  /** One wrong code, atomically across instances: the attempts left afterwards (the challenge is deleted at 0), or -1 when it is gone. */
  wrongCode(id: string): Promise<number>;
  /** Deletes the challenge; true only for the one caller that did (a code is used once, however many requests race). */
  consumeChallenge(id: string): Promise<boolean>;
  /**
   * Moves the challenge's `resendAt` to `nextMs` if it is still due at `nowMs`: true only for the one caller that did
   * (two requests to send the code again, on two instances, send one code).
   */
  claimResend(id: string, nowMs: number, nextMs: number): Promise<boolean>;
  /** A new code for a challenge that still exists (code digest, deadlines, attempts): false when it is gone (used meanwhile). */
  refreshChallenge(c: ChallengeRecord): Promise<boolean>;
  deleteChallenge(id: string): Promise<void>;
  /** Deletes challenges that expired before `nowMs`; how many. */
  sweepChallenges(nowMs: number): Promise<number>;

  /** The list becomes exactly `entries` (one transaction with its audit entry). */
  replaceVoterList(city: string, cycleId: string, entries: VoterListEntry[], at: string, audit: AuditWrite): Promise<VoterListChange>;
  /** Adds `entries`, or updates those already listed. */
  amendVoterList(city: string, cycleId: string, entries: VoterListEntry[], at: string, audit: AuditWrite): Promise<VoterListChange>;
  removeFromVoterList(city: string, cycleId: string, voterHashes: string[], at: string, audit: AuditWrite): Promise<VoterListChange>;
  voterListEntry(city: string, cycleId: string, voterHash: string): Promise<VoterListEntry | null>;
  voterListSummary(city: string, cycleId: string): Promise<{ total: number; byDistrict: Record<string, number>; updatedAt: string | null }>;
  /** Deletes the whole list (hashes and sealed phones); how many rows. `audit` null for the automatic deletion at the cycle's end, which audits itself. */
  deleteVoterList(city: string, cycleId: string, audit: AuditWrite): Promise<number>;
  /** Every (city, cycle) that has a list, for the deletion at the end of voting. */
  voterLists(): Promise<{ city: string; cycleId: string }[]>;

  /**
   * Phone-only cities: links a phone that has just proved itself with a code to the voter it verifies in a cycle,
   * atomically across instances. True when the link was there already or is made; false when the phone is linked
   * to `limit` other voters of the cycle (then nothing is written). A voter holds one phone: a new link takes the
   * voter's links to other phones away (a grandmother who verified on her son's phone and then on her own gives his
   * back). No phone ever holds more than `limit`, so the voters a set of phones verifies stay at most `limit` each.
   */
  linkPhone(city: string, cycleId: string, phoneHash: string, voterHash: string, limit: number): Promise<boolean>;
  /** Deletes a cycle's phone links (once its voting has ended); how many. */
  deletePhoneLinks(city: string, cycleId: string): Promise<number>;
  /** Every (city, cycle) that has phone links, for the deletion at the end of voting. */
  phoneLinkCycles(): Promise<{ city: string; cycleId: string }[]>;
}
