import { proposalData, proposalFromRow } from './rows.js';
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
import { StoreError } from './errors.js';
import type { PgStore } from './postgres.js';
import type { AuditWrite, IdempotencyRecord, ProposalRecord } from './types.js';

/** Migration 24 of `postgres.ts`: the same tables as SQLite's migration 4. */
export const PG_AUTHORS_SQL = `
  CREATE TABLE author_sessions (
    token_hash text PRIMARY KEY,
    city text NOT NULL,
    author_hash text NOT NULL,
    expires_at bigint NOT NULL
  );
  CREATE INDEX author_sessions_expiry ON author_sessions (expires_at);

  CREATE TABLE proposal_versions (
    city text NOT NULL,
    proposal_id text NOT NULL REFERENCES proposals (id),
    n integer NOT NULL,
    at text NOT NULL,
    status text NOT NULL,
    content text NOT NULL,
    PRIMARY KEY (city, proposal_id, n)
  );

  CREATE TABLE author_contacts (
    city text NOT NULL,
    proposal_id text NOT NULL,
    cycle_id text NOT NULL,
    phone_sealed text NOT NULL,
    locale text NOT NULL,
    created_at text NOT NULL,
    PRIMARY KEY (city, proposal_id)
  );
  CREATE INDEX author_contacts_cycle ON author_contacts (city, cycle_id);

  CREATE UNIQUE INDEX proposals_reference ON proposals (city, ((data::jsonb) ->> 'reference'));
  CREATE INDEX proposals_author_city ON proposals (city, author_hash);
`;

const AUDIT = 'INSERT INTO audit (at, city, actor, action, target, details) VALUES ($1, $2, $3, $4, $5, $6)';
const auditParams = (a: AuditWrite) => [a.at, a.city, a.actor, a.action, a.target, JSON.stringify(a.details)];

/** The author sub-store on PostgreSQL; each change one statement or one transaction, atomic across instances. */
export class PgAuthorStore implements AuthorStore {
  constructor(private readonly store: PgStore) {}

  async saveSession(s: AuthorSessionRecord): Promise<void> {
    await this.store.q('INSERT INTO author_sessions (token_hash, city, author_hash, expires_at) VALUES ($1, $2, $3, $4)', [s.tokenHash, s.city, s.authorHash, s.expiresAt]);
  }

  async getSession(tokenHash: string): Promise<AuthorSessionRecord | null> {
    const r = (await this.store.q<{ token_hash: string; city: string; author_hash: string; expires_at: string | number }>('SELECT * FROM author_sessions WHERE token_hash = $1', [tokenHash])).rows[0];
    return r ? { tokenHash: r.token_hash, city: r.city, authorHash: r.author_hash, expiresAt: Number(r.expires_at) } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.store.q('DELETE FROM author_sessions WHERE token_hash = $1', [tokenHash]);
  }

  async sweepSessions(nowMs: number): Promise<number> {
    return (await this.store.q('DELETE FROM author_sessions WHERE expires_at < $1', [nowMs])).rowCount ?? 0;
  }

  async proposalsByAuthor(city: string, authorHash: string): Promise<ProposalRecord[]> {
    const r = await this.store.q<{ data: string; version: number }>(
      'SELECT data, version FROM proposals WHERE city = $1 AND author_hash = $2 ORDER BY created_at COLLATE "C" DESC, id COLLATE "C" DESC',
      [city, authorHash],
    );
    return r.rows.map(proposalFromRow);
  }

  async resubmit(p: ProposalRecord, versions: ProposalVersionRecord[], attach: string[], remove: string[], audit: AuditWrite, idempotency: IdempotencyRecord): Promise<ResubmitOutcome> {
    try {
      await this.store.tx(async (c) => {
        const r = await c.query('UPDATE proposals SET status = $1, version = version + 1, data = $2 WHERE id = $3 AND city = $4 AND version = $5', [p.status, proposalData(p), p.id, p.city, p.version]);
        if (r.rowCount !== 1) throw new StoreError('version_conflict', 'the proposal changed meanwhile');
        for (const id of attach) {
          const a = await c.query('UPDATE photos SET proposal_id = $1 WHERE id = $2 AND city = $3 AND proposal_id IS NULL', [p.id, id, p.city]);
          if (a.rowCount !== 1) throw new StoreError('photo_unavailable', `photo ${id} is not available`);
        }
        if (remove.length) await c.query('DELETE FROM photos WHERE id = ANY($1) AND city = $2 AND proposal_id = $3', [remove, p.city, p.id]);
        for (const v of versions)
          await c.query('INSERT INTO proposal_versions (city, proposal_id, n, at, status, content) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [v.city, v.proposalId, v.n, v.at, v.status, v.content]);
        await c.query(AUDIT, auditParams(audit));
        await this.store.idem(c, idempotency);
        await this.store.bump(c, p.city, 'proposals');
      });
      return 'ok';
    } catch (error) {
      if (error instanceof StoreError && error.code === 'version_conflict') return 'conflict';
      if (error instanceof StoreError && error.code === 'photo_unavailable') return 'photo_unavailable';
      throw error;
    }
  }

  async versions(city: string, proposalId: string): Promise<ProposalVersionRecord[]> {
    return (await this.store.q<ProposalVersionRow>('SELECT * FROM proposal_versions WHERE city = $1 AND proposal_id = $2 ORDER BY n', [city, proposalId])).rows.map(versionFromRow);
  }

  async versionCounts(city: string, proposalIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!proposalIds.length) return out;
    const r = await this.store.q<{ proposal_id: string; n: number }>(
      'SELECT proposal_id, count(*)::int AS n FROM proposal_versions WHERE city = $1 AND proposal_id = ANY($2) GROUP BY proposal_id',
      [city, proposalIds],
    );
    for (const row of r.rows) out.set(row.proposal_id, Number(row.n));
    return out;
  }

  async saveContact(c: AuthorContactRecord): Promise<void> {
    await this.store.q(
      `INSERT INTO author_contacts (city, proposal_id, cycle_id, phone_sealed, locale, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (city, proposal_id) DO UPDATE SET phone_sealed = excluded.phone_sealed, locale = excluded.locale`,
      [c.city, c.proposalId, c.cycleId, c.phoneSealed, c.locale, c.createdAt],
    );
  }

  async getContact(city: string, proposalId: string): Promise<AuthorContactRecord | null> {
    const r = (await this.store.q<AuthorContactRow>('SELECT * FROM author_contacts WHERE city = $1 AND proposal_id = $2', [city, proposalId])).rows[0];
    return r ? contactFromRow(r) : null;
  }

  async deleteContact(city: string, proposalId: string): Promise<void> {
    await this.store.q('DELETE FROM author_contacts WHERE city = $1 AND proposal_id = $2', [city, proposalId]);
  }

  async contactCycles(): Promise<{ city: string; cycleId: string }[]> {
    const r = await this.store.q<{ city: string; cycle_id: string }>('SELECT DISTINCT city, cycle_id FROM author_contacts ORDER BY city, cycle_id');
    return r.rows.map((x) => ({ city: x.city, cycleId: x.cycle_id }));
  }

  async deleteContacts(city: string, cycleId: string, audit: AuditWrite): Promise<number> {
    return this.store.tx(async (c) => {
      const n = (await c.query('DELETE FROM author_contacts WHERE city = $1 AND cycle_id = $2', [city, cycleId])).rowCount ?? 0;
      await c.query(AUDIT, auditParams({ ...audit, details: { ...audit.details, deleted: n } }));
      return n;
    });
  }
}
