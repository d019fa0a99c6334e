import type Database from 'better-sqlite3';
import type { AssignmentRecord, SignInChange, StaffChallengeRecord, StaffRecord, StaffSessionRecord, StaffStore } from './staff.js';
import { assignmentFromRow, assignmentParams, challengeParams, staffChallengeFromRow, staffFromRow, staffParams, type AssignmentRow, type StaffChallengeRow, type StaffRow } from './staff-rows.js';
import { StoreError } from './errors.js';
import type { AuditWrite } from './types.js';

/** Migration 3 of `sqlite.ts`: staff accounts, sessions, sign-in challenges, the council's assignments. */
export const STAFF_SQL = `
  CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    city TEXT NOT NULL,
    name TEXT NOT NULL,
    organisation TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('coordinator', 'expert')),
    status TEXT NOT NULL CHECK (status IN ('invited', 'active', 'revoked')),
    contact_kind TEXT NOT NULL CHECK (contact_kind IN ('phone', 'email')),
    contact_hash TEXT NOT NULL,
    contact_sealed TEXT NOT NULL,
    contact_hint TEXT NOT NULL,
    subject_hash TEXT,
    invite_hash TEXT UNIQUE,
    invite_expires_at INTEGER,
    invited_at TEXT NOT NULL,
    invited_by TEXT NOT NULL,
    activated_at TEXT,
    revoked_at TEXT,
    last_sign_in_at TEXT,
    version INTEGER NOT NULL,
    UNIQUE (city, contact_hash),
    UNIQUE (city, subject_hash)
  ) STRICT;

  CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff (id),
    city TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

  CREATE TABLE staff_challenges (
    id TEXT PRIMARY KEY,
    city TEXT NOT NULL,
    staff_id TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('code', 'oidc')),
    channel TEXT NOT NULL,
    code_hash TEXT,
    state_hash TEXT UNIQUE,
    sealed TEXT,
    invite_hash TEXT,
    subject_hash TEXT,
    expires_at INTEGER NOT NULL,
    resend_at INTEGER NOT NULL,
    attempts_left INTEGER NOT NULL,
    outcome TEXT
  ) STRICT;
  CREATE INDEX staff_challenges_expiry ON staff_challenges (expires_at);

  CREATE TABLE assignments (
    city TEXT NOT NULL,
    proposal_id TEXT NOT NULL,
    staff_id TEXT NOT NULL REFERENCES staff (id),
    state TEXT NOT NULL CHECK (state IN ('pending', 'assessed', 'conflict')),
    assigned_at TEXT NOT NULL,
    assigned_by TEXT NOT NULL,
    scores TEXT,
    recommendation TEXT,
    note TEXT,
    conflict_reason TEXT,
    updated_at TEXT,
    PRIMARY KEY (city, proposal_id, staff_id)
  ) STRICT;
  CREATE INDEX assignments_staff ON assignments (city, staff_id);
`;

const STAFF_COLUMNS =
  'id, city, name, organisation, role, status, contact_kind, contact_hash, contact_sealed, contact_hint, subject_hash, invite_hash, invite_expires_at, invited_at, invited_by, activated_at, revoked_at, last_sign_in_at, version';

export class SqliteStaffStore implements StaffStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      audit: db.prepare('INSERT INTO audit (at, city, actor, action, target, details) VALUES (@at, @city, @actor, @action, @target, @details)'),
      insertStaff: db.prepare(
        `INSERT INTO staff (${STAFF_COLUMNS}) VALUES (@id, @city, @name, @organisation, @role, @status, @contactKind, @contactHash, @contactSealed, @contactHint, @subjectHash, @inviteHash, @inviteExpiresAt, @invitedAt, @invitedBy, @activatedAt, @revokedAt, @lastSignInAt, 1)
         ON CONFLICT DO NOTHING`,
      ),
      updateStaff: db.prepare(
        `UPDATE staff SET name = @name, organisation = @organisation, role = @role, status = @status, subject_hash = @subjectHash, invite_hash = @inviteHash,
           invite_expires_at = @inviteExpiresAt, activated_at = @activatedAt, revoked_at = @revokedAt, last_sign_in_at = @lastSignInAt, version = version + 1
         WHERE city = @city AND id = @id AND version = @version`,
      ),
      getStaff: db.prepare<[string, string], StaffRow>('SELECT * FROM staff WHERE city = ? AND id = ?'),
      listStaff: db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE city = ? ORDER BY invited_at, id'),
      byContact: db.prepare<[string, string], StaffRow>('SELECT * FROM staff WHERE city = ? AND contact_hash = ?'),
      byInvite: db.prepare<[string, string], StaffRow>('SELECT * FROM staff WHERE city = ? AND invite_hash = ?'),
      bySubject: db.prepare<[string, string], StaffRow>('SELECT * FROM staff WHERE city = ? AND subject_hash = ?'),
      revoke: db.prepare("UPDATE staff SET status = 'revoked', revoked_at = ?, invite_hash = NULL, invite_expires_at = NULL, version = version + 1 WHERE city = ? AND id = ? AND status <> 'revoked'"),
      dropSessions: db.prepare('DELETE FROM staff_sessions WHERE staff_id = ?'),
      signInAccept: db.prepare(
        "UPDATE staff SET status = 'active', activated_at = @at, invite_hash = NULL, invite_expires_at = NULL, last_sign_in_at = @at, subject_hash = coalesce(@subjectHash, subject_hash), version = version + 1 WHERE id = @id AND status = 'invited' AND invite_hash = @invite",
      ),
      signIn: db.prepare("UPDATE staff SET last_sign_in_at = @at, subject_hash = coalesce(@subjectHash, subject_hash), version = version + 1 WHERE id = @id AND status = 'active'"),
      insertSession: db.prepare('INSERT INTO staff_sessions (token_hash, staff_id, city, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)'),
      getSession: db.prepare<[string], { token_hash: string; staff_id: string; city: string; created_at: number; last_seen_at: number; expires_at: number }>('SELECT * FROM staff_sessions WHERE token_hash = ?'),
      getStaffById: db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE id = ?'),
      touch: db.prepare('UPDATE staff_sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?'),
      delSession: db.prepare('DELETE FROM staff_sessions WHERE token_hash = ?'),
      saveChallenge: db.prepare(
        `INSERT INTO staff_challenges (id, city, staff_id, kind, channel, code_hash, state_hash, sealed, invite_hash, subject_hash, proof_hash, expires_at, resend_at, attempts_left, outcome)
         VALUES (@id, @city, @staffId, @kind, @channel, @codeHash, @stateHash, @sealed, @inviteHash, @subjectHash, @proofHash, @expiresAt, @resendAt, @attemptsLeft, @outcome)
         ON CONFLICT (id) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at, resend_at = excluded.resend_at, attempts_left = excluded.attempts_left,
           outcome = excluded.outcome, staff_id = excluded.staff_id, subject_hash = excluded.subject_hash`,
      ),
      getChallenge: db.prepare<[string], StaffChallengeRow>('SELECT * FROM staff_challenges WHERE id = ?'),
      byState: db.prepare<[string], StaffChallengeRow>('SELECT * FROM staff_challenges WHERE state_hash = ?'),
      finish: db.prepare("UPDATE staff_challenges SET outcome = ?, staff_id = ?, subject_hash = ?, proof_hash = ? WHERE id = ? AND outcome = 'pending'"),
      wrong: db.prepare<[string], { attempts_left: number }>('UPDATE staff_challenges SET attempts_left = attempts_left - 1 WHERE id = ? AND attempts_left > 0 RETURNING attempts_left'),
      delChallenge: db.prepare('DELETE FROM staff_challenges WHERE id = ?'),
      refresh: db.prepare('UPDATE staff_challenges SET code_hash = ?, expires_at = ?, resend_at = ?, attempts_left = ? WHERE id = ?'),
      claimResend: db.prepare('UPDATE staff_challenges SET resend_at = ? WHERE id = ? AND resend_at <= ?'),
      sweepChallenges: db.prepare('DELETE FROM staff_challenges WHERE expires_at < ?'),
      sweepSessions: db.prepare('DELETE FROM staff_sessions WHERE expires_at < ?'),
      assign: db.prepare(
        `INSERT INTO assignments (city, proposal_id, staff_id, state, assigned_at, assigned_by, scores, recommendation, note, conflict_reason, updated_at)
         VALUES (@city, @proposalId, @staffId, @state, @assignedAt, @assignedBy, @scores, @recommendation, @note, @conflictReason, @updatedAt) ON CONFLICT DO NOTHING`,
      ),
      getAssignment: db.prepare<[string, string, string], AssignmentRow>('SELECT * FROM assignments WHERE city = ? AND proposal_id = ? AND staff_id = ?'),
      unassign: db.prepare<[string, string, string], AssignmentRow>('DELETE FROM assignments WHERE city = ? AND proposal_id = ? AND staff_id = ? RETURNING *'),
      listAll: db.prepare<[string], AssignmentRow>('SELECT * FROM assignments WHERE city = ? ORDER BY assigned_at, proposal_id, staff_id'),
      byProposal: db.prepare<[string, string], AssignmentRow>('SELECT * FROM assignments WHERE city = ? AND proposal_id = ? ORDER BY assigned_at, staff_id'),
      byExpert: db.prepare<[string, string], AssignmentRow>('SELECT * FROM assignments WHERE city = ? AND staff_id = ? ORDER BY assigned_at, proposal_id'),
      saveAssessment: db.prepare(
        `UPDATE assignments SET state = @state, scores = @scores, recommendation = @recommendation, note = @note, conflict_reason = @conflictReason, updated_at = @updatedAt
         WHERE city = @city AND proposal_id = @proposalId AND staff_id = @staffId AND updated_at IS @expected`,
      ),
    };
  }

  private audit(a: AuditWrite) {
    this.s.audit.run({ ...a, details: JSON.stringify(a.details) });
  }

  async createStaff(staff: StaffRecord, audit: AuditWrite): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.s.insertStaff.run(staffParams(staff)).changes !== 1) return false;
      this.audit(audit);
      return true;
    })();
  }

  async updateStaff(staff: StaffRecord, audit: AuditWrite): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.s.updateStaff.run(staffParams(staff)).changes !== 1) return false;
      this.audit(audit);
      return true;
    })();
  }

  async getStaff(city: string, id: string): Promise<StaffRecord | null> {
    const r = this.s.getStaff.get(city, id);
    return r ? staffFromRow(r) : null;
  }

  async listStaff(city: string): Promise<StaffRecord[]> {
    return this.s.listStaff.all(city).map(staffFromRow);
  }

  async staffByContact(city: string, contactHash: string): Promise<StaffRecord | null> {
    const r = this.s.byContact.get(city, contactHash);
    return r ? staffFromRow(r) : null;
  }

  async staffByInvite(city: string, inviteHash: string): Promise<StaffRecord | null> {
    const r = this.s.byInvite.get(city, inviteHash);
    return r ? staffFromRow(r) : null;
  }

  async staffBySubject(city: string, subjectHash: string): Promise<StaffRecord | null> {
    const r = this.s.bySubject.get(city, subjectHash);
    return r ? staffFromRow(r) : null;
  }

  async revokeStaff(city: string, id: string, at: string, audit: AuditWrite): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.s.revoke.run(at, city, id).changes !== 1) return false;
      this.s.dropSessions.run(id);
      this.audit(audit);
      return true;
    })();
  }

  async openSession(session: StaffSessionRecord, change: SignInChange, audit: AuditWrite): Promise<boolean> {
    return this.db.transaction(() => {
      const params = { id: session.staffId, at: change.at, subjectHash: change.subjectHash ?? null, invite: change.acceptInvite ?? null };
      let r;
      try {
        r = change.acceptInvite ? this.s.signInAccept.run(params) : this.s.signIn.run({ id: params.id, at: params.at, subjectHash: params.subjectHash });
      } catch (error) {
        // Two people binding one provider account at once: the second meets the unique index.
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && /subject_hash/.test((error as Error).message))
          throw new StoreError('subject_taken', 'this provider account is bound to another staff member');
        throw error;
      }
      if (r.changes !== 1) return false;
      this.s.insertSession.run(session.tokenHash, session.staffId, session.city, session.createdAt, session.lastSeenAt, session.expiresAt);
      this.audit(audit);
      return true;
    })();
  }

  async getSession(tokenHash: string): Promise<{ session: StaffSessionRecord; staff: StaffRecord } | null> {
    const r = this.s.getSession.get(tokenHash);
    if (!r) return null;
    const staff = this.s.getStaffById.get(r.staff_id);
    if (!staff) return null;
    return {
      session: { tokenHash: r.token_hash, staffId: r.staff_id, city: r.city, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at },
      staff: staffFromRow(staff),
    };
  }

  async touchSession(tokenHash: string, lastSeenAt: number): Promise<void> {
    this.s.touch.run(lastSeenAt, tokenHash, lastSeenAt);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.s.delSession.run(tokenHash);
  }

  async saveChallenge(c: StaffChallengeRecord): Promise<void> {
    this.s.saveChallenge.run(challengeParams(c));
  }

  async getChallenge(id: string): Promise<StaffChallengeRecord | null> {
    const r = this.s.getChallenge.get(id);
    return r ? staffChallengeFromRow(r) : null;
  }

  async challengeByState(stateHash: string): Promise<StaffChallengeRecord | null> {
    const r = this.s.byState.get(stateHash);
    return r ? staffChallengeFromRow(r) : null;
  }

  async finishChallenge(id: string, outcome: string, staffId: string | null, subjectHash: string | null, proofHash: string): Promise<boolean> {
    return this.s.finish.run(outcome, staffId, subjectHash, proofHash, id).changes === 1;
  }

  async wrongCode(id: string): Promise<number> {
    return this.db.transaction(() => {
      const r = this.s.wrong.get(id);
      if (r === undefined || r.attempts_left <= 0) this.s.delChallenge.run(id);
      return r === undefined ? -1 : r.attempts_left;
    })();
  }

  async consumeChallenge(id: string): Promise<boolean> {
    return this.s.delChallenge.run(id).changes === 1;
  }

  async refreshChallenge(c: StaffChallengeRecord): Promise<boolean> {
    return this.s.refresh.run(c.codeHash, c.expiresAt, c.resendAt, c.attemptsLeft, c.id).changes === 1;
  }

  async claimResend(id: string, nowMs: number, nextMs: number): Promise<boolean> {
    return this.s.claimResend.run(nextMs, id, nowMs).changes === 1;
  }

  async sweepStaff(nowMs: number): Promise<number> {
    return this.db.transaction(() => this.s.sweepChallenges.run(nowMs).changes + this.s.sweepSessions.run(nowMs).changes)();
  }

  async assign(a: AssignmentRecord, audit: AuditWrite): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.s.assign.run(assignmentParams(a)).changes !== 1) return false;
      this.audit(audit);
      return true;
    })();
  }

  async unassign(city: string, proposalId: string, staffId: string, audit: AuditWrite): Promise<AssignmentRecord | null> {
    return this.db.transaction(() => {
      const r = this.s.unassign.get(city, proposalId, staffId);
      if (!r) return null;
      const removed = assignmentFromRow(r);
      this.audit({ ...audit, details: { ...audit.details, dropped: removed.state } });
      return removed;
    })();
  }

  async getAssignment(city: string, proposalId: string, staffId: string): Promise<AssignmentRecord | null> {
    const r = this.s.getAssignment.get(city, proposalId, staffId);
    return r ? assignmentFromRow(r) : null;
  }

  async listAssignments(city: string, filter: { proposalId?: string; staffId?: string }): Promise<AssignmentRecord[]> {
    let rows: AssignmentRow[];
    if (filter.proposalId !== undefined) rows = this.s.byProposal.all(city, filter.proposalId).filter((r) => filter.staffId === undefined || r.staff_id === filter.staffId);
    else if (filter.staffId !== undefined) rows = this.s.byExpert.all(city, filter.staffId);
    else rows = this.s.listAll.all(city);
    return rows.map(assignmentFromRow);
  }

  async saveAssessment(a: AssignmentRecord, expectedUpdatedAt: string | null, audit: AuditWrite): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.s.saveAssessment.run({ ...assignmentParams(a), expected: expectedUpdatedAt }).changes !== 1) return false;
      this.audit(audit);
      return true;
    })();
  }
}
