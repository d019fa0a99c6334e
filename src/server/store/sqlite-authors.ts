import type Database from 'better-sqlite3';
import { proposalData, proposalFromRow, type ProposalRow } from './rows.js';
import {
  contactFromRow,
  versionFromRow,
  type AuthorContactRecord,
  type AuthorContactRow,
  type AuthorSessionRecord,
  type AuthorStore,
  type ProposalVersionRecord,
  type ProposalVersionRow,
  type ResubmitOutcome,
} from './authors.js';
import type { AuditWrite, IdempotencyRecord, ProposalRecord } from './types.js';

/** Migration 4 of `sqlite.ts`: author sessions, proposal versions, consented phones, a unique reference per city. */
export const AUTHORS_SQL = `
  CREATE TABLE author_sessions (
    token_hash TEXT PRIMARY KEY,
    city TEXT NOT NULL,
    author_hash TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX author_sessions_expiry ON author_sessions (expires_at);

  CREATE TABLE proposal_versions (
    city TEXT NOT NULL,
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    n INTEGER NOT NULL,
    at TEXT NOT NULL,
    status TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (city, proposal_id, n)
  ) STRICT;

  CREATE TABLE author_contacts (
    city TEXT NOT NULL,
    proposal_id TEXT NOT NULL,
    cycle_id TEXT NOT NULL,
    phone_sealed TEXT NOT NULL,
    locale TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (city, proposal_id)
  ) STRICT;
  CREATE INDEX author_contacts_cycle ON author_contacts (city, cycle_id);

  CREATE UNIQUE INDEX proposals_reference ON proposals (city, json_extract(data, '$.reference'));
  CREATE INDEX proposals_author_city ON proposals (city, author_hash);
`;

class Conflict extends Error {
  constructor(readonly outcome: ResubmitOutcome) {
    super(outcome);
  }
}

export class SqliteAuthorStore implements AuthorStore {
  private readonly s;

  constructor(
    private readonly db: Database.Database,
    /** The store's own change counter (it lives in the store object: one process per file). */
    private readonly bumpProposals: (city: string) => void,
    /** Writes an idempotency record in the caller's transaction and ends its claim. */
    private readonly idem: (record: IdempotencyRecord) => void,
  ) {
    // A deleted session or phone is overwritten, not left in a free page of the file.
    db.pragma('secure_delete = ON');
    this.s = {
      saveSession: db.prepare('INSERT INTO author_sessions (token_hash, city, author_hash, expires_at) VALUES (@tokenHash, @city, @authorHash, @expiresAt)'),
      getSession: db.prepare<[string], { token_hash: string; city: string; author_hash: string; expires_at: number }>('SELECT * FROM author_sessions WHERE token_hash = ?'),
      delSession: db.prepare('DELETE FROM author_sessions WHERE token_hash = ?'),
      sweepSessions: db.prepare('DELETE FROM author_sessions WHERE expires_at < ?'),
      byAuthor: db.prepare<[string, string], ProposalRow>('SELECT data, version FROM proposals WHERE city = ? AND author_hash = ? ORDER BY created_at DESC, id DESC'),
      update: db.prepare('UPDATE proposals SET status = @status, version = version + 1, data = @data WHERE id = @id AND city = @city AND version = @version'),
      attach: db.prepare('UPDATE photos SET proposal_id = ? WHERE id = ? AND city = ? AND proposal_id IS NULL'),
      removePhoto: db.prepare('DELETE FROM photos WHERE id = ? AND city = ? AND proposal_id = ?'),
      insertVersion: db.prepare('INSERT INTO proposal_versions (city, proposal_id, n, at, status, content) VALUES (@city, @proposalId, @n, @at, @status, @content) ON CONFLICT DO NOTHING'),
      versions: db.prepare<[string, string], ProposalVersionRow>('SELECT * FROM proposal_versions WHERE city = ? AND proposal_id = ? ORDER BY n'),
      audit: db.prepare('INSERT INTO audit (at, city, actor, action, target, details) VALUES (@at, @city, @actor, @action, @target, @details)'),
      saveContact: db.prepare(
        `INSERT INTO author_contacts (city, proposal_id, cycle_id, phone_sealed, locale, created_at) VALUES (@city, @proposalId, @cycleId, @phoneSealed, @locale, @createdAt)
         ON CONFLICT (city, proposal_id) DO UPDATE SET phone_sealed = excluded.phone_sealed, locale = excluded.locale`,
      ),
      getContact: db.prepare<[string, string], AuthorContactRow>('SELECT * FROM author_contacts WHERE city = ? AND proposal_id = ?'),
      delContact: db.prepare('DELETE FROM author_contacts WHERE city = ? AND proposal_id = ?'),
      contactCycles: db.prepare<[], { city: string; cycle_id: string }>('SELECT DISTINCT city, cycle_id FROM author_contacts ORDER BY city, cycle_id'),
      delContacts: db.prepare('DELETE FROM author_contacts WHERE city = ? AND cycle_id = ?'),
    };
  }

  async saveSession(s: AuthorSessionRecord): Promise<void> {
    this.s.saveSession.run(s);
  }

  async getSession(tokenHash: string): Promise<AuthorSessionRecord | null> {
    const r = this.s.getSession.get(tokenHash);
    return r ? { tokenHash: r.token_hash, city: r.city, authorHash: r.author_hash, expiresAt: r.expires_at } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.s.delSession.run(tokenHash);
  }

  async sweepSessions(nowMs: number): Promise<number> {
    return this.s.sweepSessions.run(nowMs).changes;
  }

  async proposalsByAuthor(city: string, authorHash: string): Promise<ProposalRecord[]> {
    return this.s.byAuthor.all(city, authorHash).map(proposalFromRow);
  }

  async resubmit(p: ProposalRecord, versions: ProposalVersionRecord[], attach: string[], remove: string[], audit: AuditWrite, idempotency: IdempotencyRecord): Promise<ResubmitOutcome> {
    try {
      this.db
        .transaction(() => {
          if (this.s.update.run({ id: p.id, city: p.city, status: p.status, version: p.version, data: proposalData(p) }).changes !== 1) throw new Conflict('conflict');
          for (const id of attach) if (this.s.attach.run(p.id, id, p.city).changes !== 1) throw new Conflict('photo_unavailable');
          for (const id of remove) this.s.removePhoto.run(id, p.city, p.id);
          for (const v of versions) this.s.insertVersion.run(v);
          this.s.audit.run({ ...audit, details: JSON.stringify(audit.details) });
          this.idem(idempotency);
        })
        .immediate();
    } catch (error) {
      if (error instanceof Conflict) return error.outcome;
      throw error;
    }
    this.bumpProposals(p.city);
    return 'ok';
  }

  async versions(city: string, proposalId: string): Promise<ProposalVersionRecord[]> {
    return this.s.versions.all(city, proposalId).map(versionFromRow);
  }

  async versionCounts(city: string, proposalIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!proposalIds.length) return out;
    const rows = this.db
      .prepare<unknown[], { proposal_id: string; n: number }>(
        `SELECT proposal_id, count(*) AS n FROM proposal_versions WHERE city = ? AND proposal_id IN (${proposalIds.map(() => '?').join(', ')}) GROUP BY proposal_id`,
      )
      .all(city, ...proposalIds);
    for (const r of rows) out.set(r.proposal_id, r.n);
    return out;
  }

  async saveContact(c: AuthorContactRecord): Promise<void> {
    this.s.saveContact.run(c);
  }

  async getContact(city: string, proposalId: string): Promise<AuthorContactRecord | null> {
    const r = this.s.getContact.get(city, proposalId);
    return r ? contactFromRow(r) : null;
  }

  async deleteContact(city: string, proposalId: string): Promise<void> {
    this.s.delContact.run(city, proposalId);
  }

  async contactCycles(): Promise<{ city: string; cycleId: string }[]> {
    return this.s.contactCycles.all().map((r) => ({ city: r.city, cycleId: r.cycle_id }));
  }

  async deleteContacts(city: string, cycleId: string, audit: AuditWrite): Promise<number> {
    const n = this.db.transaction(() => {
      const deleted = this.s.delContacts.run(city, cycleId).changes;
      this.s.audit.run({ ...audit, details: JSON.stringify({ ...audit.details, deleted }) });
      return deleted;
    })();
    // The deleted rows' old pages stay in the write-ahead log until it is checkpointed: write them back (zeroed) and empty it.
    if (n > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return n;
  }
}
