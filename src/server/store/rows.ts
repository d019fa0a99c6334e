import type { ChallengeRecord } from './identity.js';
import type { BallotRecord, PhotoRecord, ProposalRecord } from './types.js';

/**
 * Rows as both stores keep them (the same column names in SQLite and
 * PostgreSQL) and the records the services see: one mapping, two stores.
 */

export interface ProposalRow {
  data: string;
  version: number;
}

/** Fields kept as JSON in `proposals.data` (everything but the indexed columns). */
export function proposalFromRow(row: ProposalRow): ProposalRecord {
  const p = JSON.parse(row.data) as ProposalRecord;
  p.version = row.version;
  return p;
}

export function proposalData(p: ProposalRecord): string {
  const { version: _v, ...rest } = p;
  return JSON.stringify(rest);
}

export interface BallotRow {
  city: string;
  cycle_id: string;
  voter_hash: string | null;
  receipt_code: string;
  channel: 'online' | 'paper';
  cast_at: string;
  replaced_at: string | null;
  choices: string;
}

export const ballotFromRow = (r: BallotRow): BallotRecord => ({
  city: r.city,
  cycleId: r.cycle_id,
  voterHash: r.voter_hash,
  receiptCode: r.receipt_code,
  channel: r.channel,
  castAt: r.cast_at,
  replacedAt: r.replaced_at,
  choices: JSON.parse(r.choices),
});

export interface PhotoRow {
  id: string;
  city: string;
  type: string;
  width: number;
  height: number;
  name: string | null;
  size: number;
  created_at: string;
  proposal_id: string | null;
}

export const photoFromRow = (r: PhotoRow): PhotoRecord => ({
  id: r.id,
  city: r.city,
  type: r.type,
  width: r.width,
  height: r.height,
  ...(r.name ? { name: r.name } : {}),
  size: r.size,
  createdAt: r.created_at,
  proposalId: r.proposal_id,
});

export interface ChallengeRow {
  id: string;
  city: string;
  cycle_id: string;
  kind: 'sms' | 'oidc';
  voter_hash: string | null;
  phone_hash: string | null;
  sealed: string;
  code_hash: string | null;
  state_hash: string | null;
  proof_hash: string | null;
  expires_at: number;
  resend_at: number;
  attempts_left: number;
  outcome: string | null;
  district: string | null;
}

export const challengeFromRow = (r: ChallengeRow): ChallengeRecord => ({
  id: r.id,
  city: r.city,
  cycleId: r.cycle_id,
  kind: r.kind,
  voterHash: r.voter_hash,
  phoneHash: r.phone_hash,
  sealed: r.sealed,
  codeHash: r.code_hash,
  stateHash: r.state_hash,
  proofHash: r.proof_hash,
  expiresAt: r.expires_at,
  resendAt: r.resend_at,
  attemptsLeft: r.attempts_left,
  outcome: r.outcome,
  district: r.district,
});
