import type { AssignmentRecord, StaffChallengeRecord, StaffRecord } from './staff.js';

/** Rows of the staff tables as both SQL stores return them (PostgreSQL's bigint columns come back as strings). */

export interface StaffRow {
  id: string;
  city: string;
  name: string;
  organisation: string;
  role: string;
  status: string;
  contact_kind: string;
  contact_hash: string;
  contact_sealed: string;
  contact_hint: string;
  subject_hash: string | null;
  invite_hash: string | null;
  invite_expires_at: number | string | null;
  invited_at: string;
  invited_by: string;
  activated_at: string | null;
  revoked_at: string | null;
  last_sign_in_at: string | null;
  version: number;
}

export function staffFromRow(r: StaffRow): StaffRecord {
  return {
    id: r.id,
    city: r.city,
    name: r.name,
    organisation: r.organisation,
    role: r.role as StaffRecord['role'],
    status: r.status as StaffRecord['status'],
    contactKind: r.contact_kind as StaffRecord['contactKind'],
    contactHash: r.contact_hash,
    contactSealed: r.contact_sealed,
    contactHint: r.contact_hint,
    subjectHash: r.subject_hash,
    inviteHash: r.invite_hash,
    inviteExpiresAt: r.invite_expires_at === null ? null : Number(r.invite_expires_at),
    invitedAt: r.invited_at,
    invitedBy: r.invited_by,
    activatedAt: r.activated_at,
    revokedAt: r.revoked_at,
    lastSignInAt: r.last_sign_in_at,
    version: Number(r.version),
  };
}

export function staffParams(s: StaffRecord) {
  return {
    id: s.id,
    city: s.city,
    name: s.name,
    organisation: s.organisation,
    role: s.role,
    status: s.status,
    contactKind: s.contactKind,
    contactHash: s.contactHash,
    contactSealed: s.contactSealed,
    contactHint: s.contactHint,
    subjectHash: s.subjectHash,
    inviteHash: s.inviteHash,
    inviteExpiresAt: s.inviteExpiresAt,
    invitedAt: s.invitedAt,
    invitedBy: s.invitedBy,
    activatedAt: s.activatedAt,
    revokedAt: s.revokedAt,
    lastSignInAt: s.lastSignInAt,
    version: s.version,
  };
}

export interface StaffChallengeRow {
  id: string;
  city: string;
  staff_id: string | null;
  kind: string;
  channel: string;
  code_hash: string | null;
  state_hash: string | null;
  sealed: string | null;
  invite_hash: string | null;
  subject_hash: string | null;
  proof_hash: string | null;
  expires_at: number | string;
  resend_at: number | string;
  attempts_left: number;
  outcome: string | null;
}

export function staffChallengeFromRow(r: StaffChallengeRow): StaffChallengeRecord {
  return {
    id: r.id,
    city: r.city,
    staffId: r.staff_id,
    kind: r.kind as StaffChallengeRecord['kind'],
    channel: r.channel as StaffChallengeRecord['channel'],
    codeHash: r.code_hash,
    stateHash: r.state_hash,
    sealed: r.sealed,
    inviteHash: r.invite_hash,
    subjectHash: r.subject_hash,
    proofHash: r.proof_hash,
    expiresAt: Number(r.expires_at),
    resendAt: Number(r.resend_at),
    attemptsLeft: Number(r.attempts_left),
    outcome: r.outcome,
  };
}

export function challengeParams(c: StaffChallengeRecord) {
  return { ...c };
}

export interface AssignmentRow {
  city: string;
  proposal_id: string;
  staff_id: string;
  state: string;
  assigned_at: string;
  assigned_by: string;
  scores: string | null;
  recommendation: string | null;
  note: string | null;
  conflict_reason: string | null;
  updated_at: string | null;
}

export function assignmentFromRow(r: AssignmentRow): AssignmentRecord {
  return {
    city: r.city,
    proposalId: r.proposal_id,
    staffId: r.staff_id,
    state: r.state as AssignmentRecord['state'],
    assignedAt: r.assigned_at,
    assignedBy: r.assigned_by,
    scores: r.scores === null ? null : (JSON.parse(r.scores) as Record<string, number>),
    recommendation: r.recommendation as AssignmentRecord['recommendation'],
    note: r.note,
    conflictReason: r.conflict_reason,
    updatedAt: r.updated_at,
  };
}

export function assignmentParams(a: AssignmentRecord) {
  return { ...a, scores: a.scores === null ? null : JSON.stringify(a.scores) };
}
