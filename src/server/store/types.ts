import type { AuthorStore } from './authors.js';
import type { CouncilDecision, StaffStore } from './staff.js';
import type { IdentityStore } from './identity.js';
import type { ImplementationStore } from './implementation.js';
import type { AuditEntry, GeoPoint, NoteByLocale, PhaseName, PoolChoice, ProposalStatus, StatusChange } from '../../contract/index.js';

/**
 * Where the server keeps its data. Routes and services see only this
 * interface; SQL lives in the implementations (`sqlite.ts` today, PostgreSQL
 * later). Every method that changes data is one transaction, so a crash leaves
 * either all of a use case's writes or none.
 */

export interface PhotoMeta {
  id: string;
  width: number;
  height: number;
  name?: string;
}

export interface ProposalRecord {
  id: string;
  city: string;
  cycleId: string;
  title: string;
  description: string;
  category: string;
  district?: string;
  address: string;
  point?: GeoPoint;
  estimatedCost: number;
  finalCost?: number;
  photos: PhotoMeta[];
  authorName: string;
  /** Keyed hash of the author's phone; the phone itself is never stored. */
  authorHash: string;
  /** Short readable reference (`AKS-4827`), unique in the city; absent on proposals older than references. */
  reference?: string;
  status: ProposalStatus;
  reviewNote?: string;
  /** `reviewNote` per language, when the council's decision gave it so. */
  reviewNotes?: NoteByLocale;
  mergedInto?: string;
  poolId?: string;
  hidden: boolean;
  published: boolean;
  history: StatusChange[];
  createdAt: string;
  updatedAt: string;
  /** The expert council's decisions, oldest first; staff only, never in the residents' API. Written with the status they set. */
  decisions?: CouncilDecision[];
  /** Optimistic concurrency: bumped on every update. */
  version: number;
}

export interface PhotoRecord extends PhotoMeta {
  city: string;
  type: string;
  size: number;
  createdAt: string;
  proposalId: string | null;
}

export interface BallotRecord {
  city: string;
  cycleId: string;
  /** Keyed hash of the voter's IIN; null for paper ballots. */
  voterHash: string | null;
  receiptCode: string;
  channel: 'online' | 'paper';
  castAt: string;
  replacedAt: string | null;
  choices: PoolChoice[];
}

export interface CountedBallot {
  /** Opaque sequence number, stable for a ballot, carries nothing about the voter. */
  seq: number;
  channel: 'online' | 'paper';
  choices: PoolChoice[];
}

/** A stored answer for an `Idempotency-Key`, written in the same transaction as the effect. */
export interface IdempotencyRecord {
  scope: string;
  key: string;
  requestHash: string;
  status: number;
  body: string;
  createdAt: string;
}

export interface AuditWrite {
  at: string;
  city: string;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

export interface PhaseOverride {
  start: string;
  end: string;
}

export type CastResult = { ok: true; replacedReceipt: string | null } | { ok: false; reason: 'already_voted' };

/** Change counters of a city, bumped in the same transaction as each write of their kind; caches compare them. */
export interface StoreVersions {
  proposals: number;
  ballots: number;
  phases: number;
}

/**
 * Insert-first idempotency: the first request with a key claims it before its
 * effect runs, so a concurrent duplicate on any instance sees `running`.
 */
export type IdempotencyClaim = { state: 'claimed' } | { state: 'done'; record: IdempotencyRecord } | { state: 'running'; requestHash: string };

export interface Store {
  /** Challenges and the voter list (`identity.ts`). */
  readonly identity: IdentityStore;
  /** Implementation records of funded projects and their updates (`implementation.ts`). */
  readonly implementation: ImplementationStore;
  /** Author sessions, proposal versions, consented phones (`authors.ts`). */
  readonly authors: AuthorStore;
  /** Staff accounts, sessions, the council's assignments and assessments (`staff.ts`). */
  readonly staff: StaffStore;

  // Proposals
  /**
   * One transaction: checks the author's proposal count against `authorLimit`
   * (StoreError `limit_reached`), attaches the photos only if still free
   * (`photo_unavailable`), inserts the proposal and its idempotent answer.
   */
  createProposal(proposal: ProposalRecord, idempotency: IdempotencyRecord | null, authorLimit?: number | null): Promise<void>;
  /** Replaces proposals whose stored version still equals `version`; false (and nothing written) when any changed meanwhile. */
  updateProposals(proposals: ProposalRecord[], audit: AuditWrite): Promise<boolean>;
  getProposal(city: string, id: string): Promise<ProposalRecord | null>;
  listProposals(city: string, cycleId: string): Promise<ProposalRecord[]>;
  countProposalsByAuthor(city: string, cycleId: string, authorHash: string): Promise<number>;

  // Photos
  savePhoto(photo: PhotoRecord, bytes: Uint8Array): Promise<void>;
  getPhotoMeta(city: string, ids: string[]): Promise<PhotoRecord[]>;
  getPhoto(id: string): Promise<{ meta: PhotoRecord; bytes: Uint8Array; proposalHidden: boolean } | null>;

  // Ballots
  /** One transaction: (replace the voter's counted ballot,) insert the ballot, record the idempotent answer. */
  castBallot(ballot: BallotRecord, mode: 'final' | 'replace', idempotency: IdempotencyRecord): Promise<CastResult>;
  castPaperBallots(ballots: BallotRecord[], idempotency: IdempotencyRecord, audit: AuditWrite): Promise<void>;
  currentBallot(city: string, cycleId: string, voterHash: string): Promise<BallotRecord | null>;
  findReceipt(receiptCode: string): Promise<BallotRecord | null>;
  countedBallots(city: string, cycleId: string): Promise<CountedBallot[]>;

  // Idempotency
  /** The finished answer for a key (never a claim still running). */
  getIdempotency(scope: string, key: string): Promise<IdempotencyRecord | null>;
  /** Claims a key before the effect runs; a claim older than `staleBefore` (its instance died) may be taken over. */
  claimIdempotency(scope: string, key: string, requestHash: string, at: string, staleBefore: string): Promise<IdempotencyClaim>;
  /** Drops a claim whose effect failed, so a retry may run it again. A finished answer stays. */
  releaseIdempotency(scope: string, key: string): Promise<void>;

  // Shared across instances
  /** Fixed-window counter: counts one hit; 0 when allowed, else the seconds until the window resets. */
  hitRateLimit(key: string, limit: number, windowMs: number, nowMs: number): Promise<number>;
  versions(city: string): Promise<StoreVersions>;

  // Phases opened or closed early by the project centre
  phaseOverrides(city: string, cycleId: string): Promise<Partial<Record<PhaseName, PhaseOverride>>>;
  setPhaseOverrides(city: string, cycleId: string, windows: Partial<Record<PhaseName, PhaseOverride>>, audit: AuditWrite): Promise<void>;

  // Audit log (append-only)
  appendAudit(entry: AuditWrite): Promise<void>;
  listAudit(city: string, beforeId: number | null, limit: number): Promise<AuditEntry[]>;

  /** Drops photos never attached to a proposal and idempotency records older than the given instants. */
  sweep(photosBefore: string, idempotencyBefore: string): Promise<void>;
  /**
   * A named lease held by one instance until it releases it or `ttlMs` runs
   * out (its instance died): "one count per city at a time" across instances.
   * True when `holder` has it now.
   */
  tryLease(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
  /** Whether the database answers (the health endpoint). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
