import type { AssignmentState, Decision, Recommendation, StaffRole, StaffStatus } from '../../contract/index.js';
import type { AuditWrite } from './types.js';

/**
 * The people of a city's project centre and council, their sessions and
 * sign-in challenges, and the council's assignments and assessments. Contacts
 * are never stored in the clear: a keyed hash finds the person, a sealed copy
 * lets the server send a code. Session and invitation tokens are stored only
 * as keyed hashes. Everything is in the store, so any instance accepts a
 * session and a revocation is seen by every instance on the next request.
 */

/** A decision as kept on the proposal it is about (`ProposalRecord.decisions`). */
export type CouncilDecision = Omit<Decision, 'proposalId'> & { actor: string };

export interface StaffRecord {
  id: string;
  city: string;
  name: string;
  organisation: string;
  role: StaffRole;
  status: StaffStatus;
  contactKind: 'phone' | 'email';
  /** Keyed hash of the normalised contact (unique per city). */
  contactHash: string;
  /** The contact, sealed (context `staff-contact:<id>`). */
  contactSealed: string;
  contactHint: string;
  /** Keyed hash of the city's OpenID Connect subject, once the person signed in with it. */
  subjectHash: string | null;
  /** Keyed hash of the current invitation token (null once accepted or revoked). */
  inviteHash: string | null;
  /** ms since epoch. */
  inviteExpiresAt: number | null;
  invitedAt: string;
  invitedBy: string;
  activatedAt: string | null;
  revokedAt: string | null;
  lastSignInAt: string | null;
  /** Optimistic concurrency: bumped on every update. */
  version: number;
}

export interface StaffSessionRecord {
  /** Keyed hash of the bearer token. */
  tokenHash: string;
  staffId: string;
  city: string;
  /** ms since epoch. */
  createdAt: number;
  lastSeenAt: number;
  /** The absolute end. */
  expiresAt: number;
}

export interface StaffChallengeRecord {
  id: string;
  city: string;
  /** Null when the contact is unknown: the challenge exists so the answer looks the same, and no code works. */
  staffId: string | null;
  kind: 'code' | 'oidc';
  channel: 'sms' | 'email' | 'oidc';
  /** Keyed digest of `id:code`. */
  codeHash: string | null;
  /** Keyed hash of an OpenID Connect sign-in's `state`. */
  stateHash: string | null;
  /** Sealed sign-in secrets (state, nonce, verifier, return address). */
  sealed: string | null;
  /** Keyed hash of the invitation this sign-in accepts. */
  inviteHash: string | null;
  /** Keyed hash of the provider's subject, once an OpenID Connect sign-in came back. */
  subjectHash: string | null;
  /** Keyed digest of the one-time proof the provider's callback handed to the browser it came back to (set with the outcome). */
  proofHash: string | null;
  expiresAt: number;
  resendAt: number;
  attemptsLeft: number;
  /** `pending`, `done`, or why it failed. */
  outcome: string | null;
}

export interface AssignmentRecord {
  city: string;
  proposalId: string;
  staffId: string;
  state: AssignmentState;
  assignedAt: string;
  assignedBy: string;
  scores: Record<string, number> | null;
  recommendation: Recommendation | null;
  note: string | null;
  conflictReason: string | null;
  updatedAt: string | null;
}

/** What a sign-in does to the person besides opening a session. */
export interface SignInChange {
  /** Accepting an invitation: the person must still be `invited` with this invitation, and becomes `active`. */
  acceptInvite?: string;
  /** Links the city's OpenID Connect subject to the person. */
  subjectHash?: string;
  at: string;
}

export interface StaffStore {
  /** Inserts a person; false when the city already has someone with this contact. */
  createStaff(staff: StaffRecord, audit: AuditWrite): Promise<boolean>;
  /** Replaces a person whose stored version still equals `version`; false when they changed meanwhile. */
  updateStaff(staff: StaffRecord, audit: AuditWrite): Promise<boolean>;
  getStaff(city: string, id: string): Promise<StaffRecord | null>;
  listStaff(city: string): Promise<StaffRecord[]>;
  staffByContact(city: string, contactHash: string): Promise<StaffRecord | null>;
  staffByInvite(city: string, inviteHash: string): Promise<StaffRecord | null>;
  staffBySubject(city: string, subjectHash: string): Promise<StaffRecord | null>;
  /** Revokes and deletes every session of the person, one transaction with the audit entry; false when already revoked or unknown. */
  revokeStaff(city: string, id: string, at: string, audit: AuditWrite): Promise<boolean>;

  /**
   * One transaction: checks the person is not revoked (and, when accepting,
   * still invited with that invitation), applies `change`, records the sign-in
   * and inserts the session. False (nothing written) when a check fails.
   */
  openSession(session: StaffSessionRecord, change: SignInChange, audit: AuditWrite): Promise<boolean>;
  /** The session and its person when the session exists; the caller checks expiry and status. */
  getSession(tokenHash: string): Promise<{ session: StaffSessionRecord; staff: StaffRecord } | null>;
  touchSession(tokenHash: string, lastSeenAt: number): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;

  saveChallenge(c: StaffChallengeRecord): Promise<void>;
  getChallenge(id: string): Promise<StaffChallengeRecord | null>;
  challengeByState(stateHash: string): Promise<StaffChallengeRecord | null>;
  /** Records an OpenID Connect sign-in's outcome once; false when it already had one. */
  finishChallenge(id: string, outcome: string, staffId: string | null, subjectHash: string | null, proofHash: string): Promise<boolean>;
  /** One wrong code, atomically: attempts left afterwards (deleted at 0), or -1 when gone. */
  wrongCode(id: string): Promise<number>;
  /** Deletes the challenge; true only for the one caller that did. */
  consumeChallenge(id: string): Promise<boolean>;
  /**
   * Moves the challenge's `resendAt` to `nextMs` if it is still due at `nowMs`: true only for the one caller that did
   * (two requests to send the code again, on two instances, send one code).
   */
  claimResend(id: string, nowMs: number, nextMs: number): Promise<boolean>;
  /** A new code for a challenge that still exists (code digest, deadlines, attempts): false when it is gone (used meanwhile). */
  refreshChallenge(c: StaffChallengeRecord): Promise<boolean>;
  /** Deletes expired challenges and sessions; how many rows. */
  sweepStaff(nowMs: number): Promise<number>;

  /** Inserts an assignment with its audit entry; false when it already exists. */
  assign(a: AssignmentRecord, audit: AuditWrite): Promise<boolean>;
  /** Deletes an assignment (and what it recorded) with its audit entry; the removed record, or null. */
  unassign(city: string, proposalId: string, staffId: string, audit: AuditWrite): Promise<AssignmentRecord | null>;
  getAssignment(city: string, proposalId: string, staffId: string): Promise<AssignmentRecord | null>;
  listAssignments(city: string, filter: { proposalId?: string; staffId?: string }): Promise<AssignmentRecord[]>;
  /**
   * Writes an expert's assessment or conflict if the stored row still has
   * `expectedUpdatedAt` (null: never recorded); false when it changed or is gone.
   */
  saveAssessment(a: AssignmentRecord, expectedUpdatedAt: string | null, audit: AuditWrite): Promise<boolean>;
}
