import type { PgStore } from './postgres.js';
import type { AssignmentRecord, SignInChange, StaffChallengeRecord, StaffRecord, StaffSessionRecord, StaffStore } from './staff.js';
import { assignmentFromRow, staffChallengeFromRow, staffFromRow, type AssignmentRow, type StaffChallengeRow, type StaffRow } from './staff-rows.js';
import { StoreError } from './errors.js';
import type { AuditWrite } from './types.js';

/** Migration 23 of `postgres.ts`: the same tables as SQLite's migration 3. */
export const PG_STAFF_SQL = `
  CREATE TABLE staff (
    id text PRIMARY KEY,
    city text NOT NULL,
    name text NOT NULL,
    organisation text NOT NULL,
    role text NOT NULL CHECK (role IN ('coordinator', 'expert')),
    status text NOT NULL CHECK (status IN ('invited', 'active', 'revoked')),
    contact_kind text NOT NULL CHECK (contact_kind IN ('phone', 'email')),
    contact_hash text NOT NULL,
    contact_sealed text NOT NULL,
    contact_hint text NOT NULL,
    subject_hash text,
    invite_hash text UNIQUE,
    invite_expires_at bigint,
    invited_at text NOT NULL,
    invited_by text NOT NULL,
    activated_at text,
    revoked_at text,
    last_sign_in_at text,
    version integer NOT NULL,
    UNIQUE (city, contact_hash),
    UNIQUE (city, subject_hash)
  );

  CREATE TABLE staff_sessions (
    token_hash text PRIMARY KEY,
    staff_id text NOT NULL REFERENCES staff (id),
    city text NOT NULL,
    created_at bigint NOT NULL,
    last_seen_at bigint NOT NULL,
    expires_at bigint NOT NULL
  );
  CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

  CREATE TABLE staff_challenges (
    id text PRIMARY KEY,
    city text NOT NULL,
    staff_id text,
    kind text NOT NULL CHECK (kind IN ('code', 'oidc')),
    channel text NOT NULL,
    code_hash text,
    state_hash text UNIQUE,
    sealed text,
    invite_hash text,
    subject_hash text,
    expires_at bigint NOT NULL,
    resend_at bigint NOT NULL,
    attempts_left integer NOT NULL,
    outcome text
  );
  CREATE INDEX staff_challenges_expiry ON staff_challenges (expires_at);

  CREATE TABLE assignments (
    city text NOT NULL,
    proposal_id text NOT NULL,
    staff_id text NOT NULL REFERENCES staff (id),
    state text NOT NULL CHECK (state IN ('pending', 'assessed', 'conflict')),
    assigned_at text NOT NULL,
    assigned_by text NOT NULL,
    scores text,
    recommendation text,
    note text,
    conflict_reason text,
    updated_at text,
    PRIMARY KEY (city, proposal_id, staff_id)
  );
  CREATE INDEX assignments_staff ON assignments (city, staff_id);
`;

const STAFF_INSERT = `INSERT INTO staff (id, city, name, organisation, role, status, contact_kind, contact_hash, contact_sealed, contact_hint, subject_hash, invite_hash,
  invite_expires_at, invited_at, invited_by, activated_at, revoked_at, last_sign_in_at, version)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 1) ON CONFLICT DO NOTHING`;

/** Staff, sessions, challenges and assignments on PostgreSQL; each change one statement or one transaction. */
export class PgStaffStore implements StaffStore {
  constructor(private readonly store: PgStore) {}

  async createStaff(s: StaffRecord, audit: AuditWrite): Promise<boolean> {
    return this.store.tx(async (c) => {
      const r = await c.query(STAFF_INSERT, [
        s.id, s.city, s.name, s.organisation, s.role, s.status, s.contactKind, s.contactHash, s.contactSealed, s.contactHint, s.subjectHash, s.inviteHash,
        s.inviteExpiresAt, s.invitedAt, s.invitedBy, s.activatedAt, s.revokedAt, s.lastSignInAt,
      ]);
      if (r.rowCount !== 1) return false;
      await this.store.audit(c, audit);
      return true;
    });
  }

  async updateStaff(s: StaffRecord, audit: AuditWrite): Promise<boolean> {
    return this.store.tx(async (c) => {
      const r = await c.query(
        `UPDATE staff SET name = $1, organisation = $2, role = $3, status = $4, subject_hash = $5, invite_hash = $6, invite_expires_at = $7, activated_at = $8,
           revoked_at = $9, last_sign_in_at = $10, version = version + 1 WHERE city = $11 AND id = $12 AND version = $13`,
        [s.name, s.organisation, s.role, s.status, s.subjectHash, s.inviteHash, s.inviteExpiresAt, s.activatedAt, s.revokedAt, s.lastSignInAt, s.city, s.id, s.version],
      );
      if (r.rowCount !== 1) return false;
      await this.store.audit(c, audit);
      return true;
    });
  }

  private async one(sql: string, params: unknown[]): Promise<StaffRecord | null> {
    const r = await this.store.q<StaffRow>(sql, params);
    return r.rows[0] ? staffFromRow(r.rows[0]) : null;
  }

  getStaff(city: string, id: string) {
    return this.one('SELECT * FROM staff WHERE city = $1 AND id = $2', [city, id]);
  }

  async listStaff(city: string): Promise<StaffRecord[]> {
    return (await this.store.q<StaffRow>('SELECT * FROM staff WHERE city = $1 ORDER BY invited_at, id', [city])).rows.map(staffFromRow);
  }

  staffByContact(city: string, contactHash: string) {
    return this.one('SELECT * FROM staff WHERE city = $1 AND contact_hash = $2', [city, contactHash]);
  }

  staffByInvite(city: string, inviteHash: string) {
    return this.one('SELECT * FROM staff WHERE city = $1 AND invite_hash = $2', [city, inviteHash]);
  }

  staffBySubject(city: string, subjectHash: string) {
    return this.one('SELECT * FROM staff WHERE city = $1 AND subject_hash = $2', [city, subjectHash]);
  }

  async revokeStaff(city: string, id: string, at: string, audit: AuditWrite): Promise<boolean> {
    return this.store.tx(async (c) => {
      const r = await c.query(
        "UPDATE staff SET status = 'revoked', revoked_at = $1, invite_hash = NULL, invite_expires_at = NULL, version = version + 1 WHERE city = $2 AND id = $3 AND status <> 'revoked'",
        [at, city, id],
      );
      if (r.rowCount !== 1) return false;
      await c.query('DELETE FROM staff_sessions WHERE staff_id = $1', [id]);
      await this.store.audit(c, audit);
      return true;
    });
  }

  async openSession(session: StaffSessionRecord, change: SignInChange, audit: AuditWrite): Promise<boolean> {
    return this.store.tx(async (c) => {
      // Two people binding one provider account at once: the second meets the unique constraint.
      const taken = (error: unknown): never => {
        if ((error as { code?: string }).code === '23505' && /subject_hash/.test((error as { constraint?: string }).constraint ?? '')) throw new StoreError('subject_taken', 'this provider account is bound to another staff member');
        throw error;
      };
      const r = change.acceptInvite
        ? await c.query(
            `UPDATE staff SET status = 'active', activated_at = $1, invite_hash = NULL, invite_expires_at = NULL, last_sign_in_at = $1, subject_hash = coalesce($2, subject_hash),
               version = version + 1 WHERE id = $3 AND status = 'invited' AND invite_hash = $4`,
            [change.at, change.subjectHash ?? null, session.staffId, change.acceptInvite],
          ).catch(taken)
        : await c.query("UPDATE staff SET last_sign_in_at = $1, subject_hash = coalesce($2, subject_hash), version = version + 1 WHERE id = $3 AND status = 'active'", [
            change.at,
            change.subjectHash ?? null,
            session.staffId,
          ]).catch(taken);
      if (r.rowCount !== 1) return false;
      await c.query('INSERT INTO staff_sessions (token_hash, staff_id, city, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        session.tokenHash,
        session.staffId,
        session.city,
        session.createdAt,
        session.lastSeenAt,
        session.expiresAt,
      ]);
      await this.store.audit(c, audit);
      return true;
    });
  }

  async getSession(tokenHash: string): Promise<{ session: StaffSessionRecord; staff: StaffRecord } | null> {
    const r = await this.store.q<StaffRow & { token_hash: string; s_city: string; created_at: string; last_seen_at: string; expires_at: string }>(
      `SELECT s.token_hash, s.city AS s_city, s.created_at, s.last_seen_at, s.expires_at, p.* FROM staff_sessions s JOIN staff p ON p.id = s.staff_id WHERE s.token_hash = $1`,
      [tokenHash],
    );
    const row = r.rows[0];
    if (!row) return null;
    return {
      session: { tokenHash: row.token_hash, staffId: row.id, city: row.s_city, createdAt: Number(row.created_at), lastSeenAt: Number(row.last_seen_at), expiresAt: Number(row.expires_at) },
      staff: staffFromRow(row),
    };
  }

  async touchSession(tokenHash: string, lastSeenAt: number): Promise<void> {
    await this.store.q('UPDATE staff_sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $1', [lastSeenAt, tokenHash]);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.store.q('DELETE FROM staff_sessions WHERE token_hash = $1', [tokenHash]);
  }

  async saveChallenge(c: StaffChallengeRecord): Promise<void> {
    await this.store.q(
      `INSERT INTO staff_challenges (id, city, staff_id, kind, channel, code_hash, state_hash, sealed, invite_hash, subject_hash, expires_at, resend_at, attempts_left, outcome, proof_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (id) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at, resend_at = excluded.resend_at, attempts_left = excluded.attempts_left,
         outcome = excluded.outcome, staff_id = excluded.staff_id, subject_hash = excluded.subject_hash`,
      [c.id, c.city, c.staffId, c.kind, c.channel, c.codeHash, c.stateHash, c.sealed, c.inviteHash, c.subjectHash, c.expiresAt, c.resendAt, c.attemptsLeft, c.outcome, c.proofHash],
    );
  }

  async getChallenge(id: string): Promise<StaffChallengeRecord | null> {
    const r = await this.store.q<StaffChallengeRow>('SELECT * FROM staff_challenges WHERE id = $1', [id]);
    return r.rows[0] ? staffChallengeFromRow(r.rows[0]) : null;
  }

  async challengeByState(stateHash: string): Promise<StaffChallengeRecord | null> {
    const r = await this.store.q<StaffChallengeRow>('SELECT * FROM staff_challenges WHERE state_hash = $1', [stateHash]);
    return r.rows[0] ? staffChallengeFromRow(r.rows[0]) : null;
  }

  async finishChallenge(id: string, outcome: string, staffId: string | null, subjectHash: string | null, proofHash: string): Promise<boolean> {
    const r = await this.store.q("UPDATE staff_challenges SET outcome = $1, staff_id = $2, subject_hash = $3, proof_hash = $4 WHERE id = $5 AND outcome = 'pending'", [outcome, staffId, subjectHash, proofHash, id]);
    return r.rowCount === 1;
  }

  async wrongCode(id: string): Promise<number> {
    return this.store.tx(async (c) => {
      const r = await c.query<{ attempts_left: number }>('UPDATE staff_challenges SET attempts_left = attempts_left - 1 WHERE id = $1 AND attempts_left > 0 RETURNING attempts_left', [id]);
      const left = r.rows[0]?.attempts_left;
      if (left === undefined || left <= 0) await c.query('DELETE FROM staff_challenges WHERE id = $1', [id]);
      return left === undefined ? -1 : left;
    });
  }

  async consumeChallenge(id: string): Promise<boolean> {
    return (await this.store.q('DELETE FROM staff_challenges WHERE id = $1', [id])).rowCount === 1;
  }

  async refreshChallenge(c: StaffChallengeRecord): Promise<boolean> {
    const r = await this.store.q('UPDATE staff_challenges SET code_hash = $1, expires_at = $2, resend_at = $3, attempts_left = $4 WHERE id = $5', [c.codeHash, c.expiresAt, c.resendAt, c.attemptsLeft, c.id]);
    return r.rowCount === 1;
  }

  async claimResend(id: string, nowMs: number, nextMs: number): Promise<boolean> {
    return (await this.store.q('UPDATE staff_challenges SET resend_at = $1 WHERE id = $2 AND resend_at <= $3', [nextMs, id, nowMs])).rowCount === 1;
  }

  async sweepStaff(nowMs: number): Promise<number> {
    return this.store.tx(async (c) => {
      const a = await c.query('DELETE FROM staff_challenges WHERE expires_at < $1', [nowMs]);
      const b = await c.query('DELETE FROM staff_sessions WHERE expires_at < $1', [nowMs]);
      return (a.rowCount ?? 0) + (b.rowCount ?? 0);
    });
  }

  async assign(a: AssignmentRecord, audit: AuditWrite): Promise<boolean> {
    return this.store.tx(async (c) => {
      const r = await c.query(
        `INSERT INTO assignments (city, proposal_id, staff_id, state, assigned_at, assigned_by, scores, recommendation, note, conflict_reason, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
        [a.city, a.proposalId, a.staffId, a.state, a.assignedAt, a.assignedBy, a.scores === null ? null : JSON.stringify(a.scores), a.recommendation, a.note, a.conflictReason, a.updatedAt],
      );
      if (r.rowCount !== 1) return false;
      await this.store.audit(c, audit);
      return true;
    });
  }

  async unassign(city: string, proposalId: string, staffId: string, audit: AuditWrite): Promise<AssignmentRecord | null> {
    return this.store.tx(async (c) => {
      const r = await c.query<AssignmentRow>('DELETE FROM assignments WHERE city = $1 AND proposal_id = $2 AND staff_id = $3 RETURNING *', [city, proposalId, staffId]);
      if (!r.rows[0]) return null;
      const removed = assignmentFromRow(r.rows[0]);
      await this.store.audit(c, { ...audit, details: { ...audit.details, dropped: removed.state } });
      return removed;
    });
  }

  async getAssignment(city: string, proposalId: string, staffId: string): Promise<AssignmentRecord | null> {
    const r = await this.store.q<AssignmentRow>('SELECT * FROM assignments WHERE city = $1 AND proposal_id = $2 AND staff_id = $3', [city, proposalId, staffId]);
    return r.rows[0] ? assignmentFromRow(r.rows[0]) : null;
  }

  async listAssignments(city: string, filter: { proposalId?: string; staffId?: string }): Promise<AssignmentRecord[]> {
    const r = await this.store.q<AssignmentRow>(
      `SELECT * FROM assignments WHERE city = $1 AND ($2::text IS NULL OR proposal_id = $2) AND ($3::text IS NULL OR staff_id = $3)
       ORDER BY assigned_at, proposal_id, staff_id`,
      [city, filter.proposalId ?? null, filter.staffId ?? null],
    );
    return r.rows.map(assignmentFromRow);
  }

  async saveAssessment(a: AssignmentRecord, expectedUpdatedAt: string | null, audit: AuditWrite): Promise<boolean> {
    return this.store.tx(async (c) => {
      const r = await c.query(
        `UPDATE assignments SET state = $1, scores = $2, recommendation = $3, note = $4, conflict_reason = $5, updated_at = $6
         WHERE city = $7 AND proposal_id = $8 AND staff_id = $9 AND updated_at IS NOT DISTINCT FROM $10`,
        [a.state, a.scores === null ? null : JSON.stringify(a.scores), a.recommendation, a.note, a.conflictReason, a.updatedAt, a.city, a.proposalId, a.staffId, expectedUpdatedAt],
      );
      if (r.rowCount !== 1) return false;
      await this.store.audit(c, audit);
      return true;
    });
  }
}
