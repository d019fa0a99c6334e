import pg from 'pg';
import { randomInt } from 'node:crypto';
import type { AuditEntry, PhaseName } from '../../contract/index.js';
import { sha256 } from '../crypto.js';
import { StoreError } from './errors.js';
import { PgIdentityStore, PG_IDENTITY_SQL, PG_PHONE_LINKS_BY_VOTER_SQL, PG_PHONE_LINKS_SQL } from './postgres-identity.js';
import { PgImplementationStore, PG_IMPLEMENTATION_SQL } from './postgres-implementation.js';
import { PgAuthorStore, PG_AUTHORS_SQL } from './postgres-authors.js';
import { PgStaffStore, PG_STAFF_SQL } from './postgres-staff.js';
import { ballotFromRow, photoFromRow, proposalData, proposalFromRow, type BallotRow, type PhotoRow } from './rows.js';
import type {
  AuditWrite,
  BallotRecord,
  CastResult,
  CountedBallot,
  IdempotencyClaim,
  IdempotencyRecord,
  PhaseOverride,
  PhotoRecord,
  ProposalRecord,
  Store,
  StoreVersions,
} from './types.js';

/**
 * Versioned migrations of the PostgreSQL store, applied at start in one
 * transaction under an advisory lock (five instances starting at once migrate
 * once). Never edit a released one; add the next. Versions follow SQLite's
 * numbering where the tables are the same (1, 2); PostgreSQL-only ones start
 * at 20, like this branch's SQLite ones, so that other work may add 3, 4, ….
 */
export const PG_MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE proposals (
        id text PRIMARY KEY,
        city text NOT NULL,
        cycle_id text NOT NULL,
        status text NOT NULL,
        author_hash text NOT NULL,
        created_at text NOT NULL,
        version integer NOT NULL,
        data text NOT NULL
      );
      CREATE INDEX proposals_cycle ON proposals (city, cycle_id, created_at);
      CREATE INDEX proposals_author ON proposals (city, cycle_id, author_hash);

      CREATE TABLE photos (
        id text PRIMARY KEY,
        city text NOT NULL,
        type text NOT NULL,
        width integer NOT NULL,
        height integer NOT NULL,
        name text,
        size integer NOT NULL,
        created_at text NOT NULL,
        proposal_id text REFERENCES proposals (id),
        bytes bytea NOT NULL
      );
      CREATE INDEX photos_proposal ON photos (proposal_id);

      CREATE TABLE ballots (
        seq bigserial PRIMARY KEY,
        city text NOT NULL,
        cycle_id text NOT NULL,
        voter_hash text,
        receipt_code text NOT NULL CONSTRAINT ballots_receipt_code UNIQUE,
        channel text NOT NULL CHECK (channel IN ('online', 'paper')),
        cast_at text NOT NULL,
        replaced_at text,
        choices text NOT NULL
      );
      -- One counted ballot per person per cycle: the constraint, not the code, is what enforces it.
      CREATE UNIQUE INDEX ballots_one_per_voter ON ballots (city, cycle_id, voter_hash) WHERE replaced_at IS NULL AND voter_hash IS NOT NULL;
      CREATE INDEX ballots_counted ON ballots (city, cycle_id, seq) WHERE replaced_at IS NULL;

      -- status 0: claimed, the effect is still running (insert-first idempotency).
      CREATE TABLE idempotency (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status integer NOT NULL,
        body text NOT NULL,
        created_at text NOT NULL,
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotency_age ON idempotency (created_at);

      CREATE TABLE phase_overrides (
        city text NOT NULL,
        cycle_id text NOT NULL,
        phase text NOT NULL,
        start text NOT NULL,
        "end" text NOT NULL,
        PRIMARY KEY (city, cycle_id, phase)
      );

      CREATE TABLE audit (
        id bigserial PRIMARY KEY,
        at text NOT NULL,
        city text NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        target text,
        details text NOT NULL
      );
      CREATE INDEX audit_city ON audit (city, id);
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
      CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
      CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
    `,
  },
  { version: 2, name: 'identity: challenges and the voter list', sql: PG_IDENTITY_SQL },
  {
    version: 20,
    name: 'state shared by instances: change counters, rate limits',
    sql: `
      -- Change counters in 16 shards per (city, kind): a write bumps one at random, readers sum them,
      -- so ballots of one city do not queue on a single row's lock.
      CREATE TABLE change_counters (
        city text NOT NULL,
        kind text NOT NULL,
        shard smallint NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (city, kind, shard)
      );
      -- Fixed windows; the key is a sha256 of the keyed digest (HMAC) the services make of the limit's key (Core.rateLimit): no addresses or phone hashes in the clear, nor a plain hash of one.
      CREATE TABLE rate_limits (
        key text PRIMARY KEY,
        window_start bigint NOT NULL,
        hits integer NOT NULL
      );
      CREATE INDEX rate_limits_age ON rate_limits (window_start);
    `,
  },
  {
    version: 21,
    name: 'one count per city at a time: leases',
    sql: `
      CREATE TABLE leases (
        name text PRIMARY KEY,
        holder text NOT NULL,
        expires_at bigint NOT NULL
      );
    `,
  },
  {
    version: 22,
    name: 'a replacing ballot in one round trip',
    sql: `
      -- Replaces the voter's counted ballot (if any), inserts the new one, records the idempotent answer and
      -- bumps the change counter: one statement from the server, one transaction. Replacements of one voter take
      -- turns (a transaction-scoped advisory lock, on whichever instance they arrive); should a final ballot of the
      -- voter commit in between anyway, the unique index refuses this one and the caller tries again.
      CREATE FUNCTION qala_replace_ballot(
        p_city text, p_cycle text, p_voter text, p_receipt text, p_channel text, p_cast_at text, p_choices text,
        i_scope text, i_key text, i_hash text, i_status integer, i_body text, i_created text, p_shard smallint
      ) RETURNS text LANGUAGE plpgsql AS $fn$
      DECLARE old_receipt text;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('ballot:' || p_city || ':' || p_cycle || ':' || p_voter, 0));
        UPDATE ballots SET replaced_at = p_cast_at
          WHERE city = p_city AND cycle_id = p_cycle AND voter_hash = p_voter AND replaced_at IS NULL
          RETURNING receipt_code INTO old_receipt;
        INSERT INTO ballots (city, cycle_id, voter_hash, receipt_code, channel, cast_at, replaced_at, choices)
          VALUES (p_city, p_cycle, p_voter, p_receipt, p_channel, p_cast_at, NULL, p_choices);
        INSERT INTO idempotency (scope, key, request_hash, status, body, created_at) VALUES (i_scope, i_key, i_hash, i_status, i_body, i_created)
          ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status, body = excluded.body, created_at = excluded.created_at
          WHERE idempotency.status = 0;
        INSERT INTO change_counters (city, kind, shard, n) VALUES (p_city, 'ballots', p_shard, 1)
          ON CONFLICT (city, kind, shard) DO UPDATE SET n = change_counters.n + 1;
        RETURN old_receipt;
      END
      $fn$;
    `,
  },
  { version: 23, name: 'staff: people, sessions, sign-in challenges, assignments and assessments', sql: PG_STAFF_SQL },
  { version: 24, name: 'authors: sessions, proposal versions, consented phones, references', sql: PG_AUTHORS_SQL },
  // Keep this list in version order (23 and 24: staff and authors, #13).
  { version: 25, name: 'implementation records and their updates', sql: PG_IMPLEMENTATION_SQL },
  {
    version: 26,
    name: 'sign-ins with the provider: the digest of the proof only the browser sent back holds',
    sql: `
      ALTER TABLE challenges ADD COLUMN proof_hash text;
      ALTER TABLE staff_challenges ADD COLUMN proof_hash text;
    `,
  },
  { version: 27, name: 'phone-only cities: the voters each phone verified in a cycle', sql: PG_PHONE_LINKS_SQL },
  { version: 28, name: 'phone-only cities: a voter\'s phone links by voter', sql: PG_PHONE_LINKS_BY_VOTER_SQL },
];

/** Arbitrary, fixed: the advisory lock the instances take while migrating. */
const MIGRATION_LOCK = 7_411_520_150;

/** int8 (counts, sequence numbers) as numbers: they stay far below 2^53 here. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

/** Driver errors that mean "the database is out of reach", not "the request is wrong". */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (!e) return false;
  const code = e.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN'].includes(code)) return true;
  // 08: connection exceptions; 57P: shutting down / starting up; 53300: too many connections;
  // 55000 while a database refuses connections; 3D000/28xxx when it was dropped or access revoked at run time.
  if (code.startsWith('08') || code.startsWith('57P') || code === '53300' || code === '3D000' || code.startsWith('28')) return true;
  if (code === '55000' && /accepting connections/.test(e.message ?? '')) return true;
  return /Connection terminated|timeout exceeded when trying to connect|connection error|Client was closed|Cannot use a pool after calling end/i.test(e.message ?? '');
}

function translate(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  if (isConnectionError(error)) return new StoreError('unavailable', `the database is unavailable: ${(error as Error).message}`);
  return error;
}

const constraintOf = (error: unknown): string | null => {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' ? (e.constraint ?? '') : null;
};

type Queryable = pg.Pool | pg.PoolClient;

const IDEM_UPSERT = `INSERT INTO idempotency (scope, key, request_hash, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status, body = excluded.body, created_at = excluded.created_at
  WHERE idempotency.status = 0`;

const idemParams = (r: IdempotencyRecord) => [r.scope, r.key, r.requestHash, r.status, r.body, r.createdAt];

const BUMP = `INSERT INTO change_counters (city, kind, shard, n) VALUES ($1, $2, $3, 1) ON CONFLICT (city, kind, shard) DO UPDATE SET n = change_counters.n + 1`;

const AUDIT_INSERT = 'INSERT INTO audit (at, city, actor, action, target, details) VALUES ($1, $2, $3, $4, $5, $6)';
const auditParams = (a: AuditWrite) => [a.at, a.city, a.actor, a.action, a.target, JSON.stringify(a.details)];

export interface PgStoreOptions {
  /** Connections in this instance's pool (default 10; `QALA_PG_POOL_SIZE`). */
  poolSize?: number;
  /** How long a request waits for a connection before it fails with 503 (default 5 s). */
  connectTimeoutMs?: number;
}

/** `postgres://user:secret@host/db` → `postgres://user@host/db` for messages: never print a password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the PostgreSQL URL';
  }
}

/**
 * The store for more than one instance: PostgreSQL through node-postgres's
 * pool. Every use case is one transaction (or one statement), the guarantees
 * are constraints (one ballot per voter, unique receipts), commits are
 * synchronous, and everything instances must agree on (idempotency claims,
 * rate limits, change counters, phase overrides, challenges) is in the
 * database. A connection lost mid-request surfaces as StoreError
 * `unavailable` (503); the pool reconnects on the next request.
 */
export class PgStore implements Store {
  readonly identity: PgIdentityStore;
  readonly implementation: PgImplementationStore;
  readonly authors: PgAuthorStore;
  readonly staff: PgStaffStore;

  private constructor(
    readonly pool: pg.Pool,
    readonly url: string,
  ) {
    this.identity = new PgIdentityStore(this);
    this.implementation = new PgImplementationStore(this);
    this.authors = new PgAuthorStore(this);
    this.staff = new PgStaffStore(this);
  }

  /** Connects, checks the server answers, migrates; a bad URL or an unreachable server is a StoreError `unusable` saying which. */
  static async open(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new StoreError('unusable', 'the PostgreSQL URL is malformed (expected postgres://user@host:port/database)');
    }
    if (!/^postgres(ql)?:$/.test(parsed.protocol) || parsed.pathname.length <= 1)
      throw new StoreError('unusable', `the PostgreSQL URL ${redactUrl(url)} names no database (expected postgres://user@host:port/database)`);
    const poolSize = options.poolSize ?? (Number(process.env.QALA_PG_POOL_SIZE) || 10);
    const pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      idleTimeoutMillis: 30_000,
      // Acknowledged means on disk, whatever the server's default says.
      options: '-c synchronous_commit=on',
      types: TYPES,
    });
    // An idle connection dropped by a restarting server must not crash the process; the next checkout reconnects.
    pool.on('error', () => undefined);
    // Likewise for a connection that is checked out between two queries when the server goes away: the query fails, the process stays.
    pool.on('connect', (client) => client.on('error', () => undefined));
    const store = new PgStore(pool, url);
    try {
      await store.migrate();
    } catch (error) {
      await pool.end().catch(() => undefined);
      if (error instanceof StoreError) throw error;
      const e = error as { message?: string; code?: string };
      throw new StoreError('unusable', `cannot use PostgreSQL at ${redactUrl(url)}: ${e.message ?? String(error)}${e.code ? ` (${e.code})` : ''}`);
    }
    return store;
  }

  private async migrate() {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)');
      const current = (await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations')).rows[0]!.v ?? 0;
      const latest = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;
      if (current > latest) throw new StoreError('unusable', `the database is at schema version ${current}, newer than this server knows (${latest}); refusing to start`);
      const applied = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const m of PG_MIGRATIONS) {
        if (applied.has(m.version)) continue;
        await c.query(m.sql);
        await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
      }
      await c.query('COMMIT');
    } catch (error) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      c.release();
    }
  }

  /** One statement outside a transaction, with connection errors typed. */
  async q<R extends pg.QueryResultRow = any>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (error) {
      throw translate(error);
    }
  }

  /** One transaction on one pooled connection; rolled back on any error. */
  async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    let c: pg.PoolClient;
    try {
      c = await this.pool.connect();
    } catch (error) {
      throw translate(error);
    }
    let broken = false;
    try {
      await c.query('BEGIN');
      const result = await fn(c);
      await c.query('COMMIT');
      return result;
    } catch (error) {
      broken = isConnectionError(error);
      if (!broken) await c.query('ROLLBACK').catch(() => undefined);
      throw translate(error);
    } finally {
      c.release(broken);
    }
  }

  bump(c: Queryable, city: string, kind: keyof StoreVersions) {
    return c.query(BUMP, [city, kind, randomInt(16)]);
  }

  audit(c: Queryable, entry: AuditWrite) {
    return c.query(AUDIT_INSERT, auditParams(entry));
  }

  /** Replaces the claim (status 0) with what a retry under the key is answered. */
  idem(c: Queryable, record: IdempotencyRecord) {
    return c.query(IDEM_UPSERT, idemParams(record));
  }

  async createProposal(p: ProposalRecord, idempotency: IdempotencyRecord | null, authorLimit: number | null = null): Promise<void> {
    await this.tx(async (c) => {
      if (authorLimit !== null) {
        // Serialises this author's submissions across instances, so count-then-insert cannot race.
        await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`author:${p.city}:${p.cycleId}:${p.authorHash}`]);
        const n = (await c.query<{ n: number }>('SELECT count(*) AS n FROM proposals WHERE city = $1 AND cycle_id = $2 AND author_hash = $3', [p.city, p.cycleId, p.authorHash])).rows[0]!.n;
        if (n >= authorLimit) throw new StoreError('limit_reached', 'the author has reached the proposal limit');
      }
      await c.query('INSERT INTO proposals (id, city, cycle_id, status, author_hash, created_at, version, data) VALUES ($1, $2, $3, $4, $5, $6, 1, $7)', [
        p.id,
        p.city,
        p.cycleId,
        p.status,
        p.authorHash,
        p.createdAt,
        proposalData(p),
      ]);
      for (const photo of p.photos) {
        const r = await c.query('UPDATE photos SET proposal_id = $1 WHERE id = $2 AND city = $3 AND proposal_id IS NULL', [p.id, photo.id, p.city]);
        if (r.rowCount !== 1) throw new StoreError('photo_unavailable', `photo ${photo.id} is not available`);
      }
      if (idempotency) await this.idem(c, idempotency);
      await this.bump(c, p.city, 'proposals');
    });
  }

  async updateProposals(proposals: ProposalRecord[], audit: AuditWrite): Promise<boolean> {
    try {
      await this.tx(async (c) => {
        for (const p of proposals) {
          const r = await c.query('UPDATE proposals SET status = $1, version = version + 1, data = $2 WHERE id = $3 AND city = $4 AND version = $5', [p.status, proposalData(p), p.id, p.city, p.version]);
          if (r.rowCount !== 1) throw new StoreError('version_conflict', 'the proposal changed meanwhile');
        }
        await this.audit(c, audit);
        for (const city of new Set(proposals.map((p) => p.city))) await this.bump(c, city, 'proposals');
      });
      return true;
    } catch (error) {
      if (error instanceof StoreError && error.code === 'version_conflict') return false;
      throw error;
    }
  }

  async getProposal(city: string, id: string): Promise<ProposalRecord | null> {
    const r = await this.q<{ data: string; version: number }>('SELECT data, version FROM proposals WHERE city = $1 AND id = $2', [city, id]);
    return r.rows[0] ? proposalFromRow(r.rows[0]) : null;
  }

  async listProposals(city: string, cycleId: string): Promise<ProposalRecord[]> {
    const r = await this.q<{ data: string; version: number }>('SELECT data, version FROM proposals WHERE city = $1 AND cycle_id = $2 ORDER BY created_at COLLATE "C", id COLLATE "C"', [city, cycleId]);
    return r.rows.map(proposalFromRow);
  }

  async countProposalsByAuthor(city: string, cycleId: string, authorHash: string): Promise<number> {
    return (await this.q<{ n: number }>('SELECT count(*) AS n FROM proposals WHERE city = $1 AND cycle_id = $2 AND author_hash = $3', [city, cycleId, authorHash])).rows[0]!.n;
  }

  async savePhoto(photo: PhotoRecord, bytes: Uint8Array): Promise<void> {
    await this.q('INSERT INTO photos (id, city, type, width, height, name, size, created_at, proposal_id, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9)', [
      photo.id,
      photo.city,
      photo.type,
      photo.width,
      photo.height,
      photo.name ?? null,
      photo.size,
      photo.createdAt,
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    ]);
  }

  async getPhotoMeta(city: string, ids: string[]): Promise<PhotoRecord[]> {
    if (!ids.length) return [];
    const r = await this.q<PhotoRow>('SELECT id, city, type, width, height, name, size, created_at, proposal_id FROM photos WHERE city = $1 AND id = ANY($2::text[])', [city, ids]);
    return r.rows.map(photoFromRow);
  }

  async getPhoto(id: string) {
    const r = await this.q<PhotoRow & { bytes: Buffer; proposal_data: string | null }>(
      'SELECT photos.id, photos.city, photos.type, photos.width, photos.height, photos.name, photos.size, photos.created_at, photos.proposal_id, photos.bytes, proposals.data AS proposal_data FROM photos LEFT JOIN proposals ON proposals.id = photos.proposal_id WHERE photos.id = $1',
      [id],
    );
    const row = r.rows[0];
    if (!row) return null;
    const hidden = row.proposal_data ? (JSON.parse(row.proposal_data) as ProposalRecord).hidden : false;
    return { meta: photoFromRow(row), bytes: new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength), proposalHidden: hidden };
  }

  /**
   * A final ballot is one statement (ballot, idempotent answer and change
   * counter together, atomically, one round trip); a replacement is a
   * transaction that retries when a concurrent replacement of the same voter
   * won (the unique index refuses the second counted ballot).
   */
  async castBallot(b: BallotRecord, mode: 'final' | 'replace', idempotency: IdempotencyRecord): Promise<CastResult> {
    const ballot = [b.city, b.cycleId, b.voterHash, b.receiptCode, b.channel, b.castAt, JSON.stringify(b.choices)];
    if (mode === 'final') {
      try {
        await this.q(
          `WITH ballot AS (
             INSERT INTO ballots (city, cycle_id, voter_hash, receipt_code, channel, cast_at, replaced_at, choices) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7) RETURNING seq
           ), idem AS (
             INSERT INTO idempotency (scope, key, request_hash, status, body, created_at) SELECT $8, $9, $10, $11, $12, $13 FROM ballot
             ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status, body = excluded.body, created_at = excluded.created_at WHERE idempotency.status = 0
           )
           INSERT INTO change_counters (city, kind, shard, n) SELECT $1, 'ballots', $14, 1 FROM ballot
           ON CONFLICT (city, kind, shard) DO UPDATE SET n = change_counters.n + 1`,
          [...ballot, ...idemParams(idempotency), randomInt(16)],
        );
        return { ok: true, replacedReceipt: null };
      } catch (error) {
        return this.castFailed(error);
      }
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await this.q<{ old: string | null }>('SELECT qala_replace_ballot($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) AS old', [
          ...ballot,
          ...idemParams(idempotency),
          randomInt(16),
        ]);
        return { ok: true, replacedReceipt: r.rows[0]?.old ?? null };
      } catch (error) {
        // Another ballot of this voter committed between our UPDATE and INSERT: replace that one.
        if (constraintOf(error) === 'ballots_one_per_voter' && attempt < 5) continue;
        return this.castFailed(error);
      }
    }
  }

  private castFailed(error: unknown): CastResult {
    const constraint = constraintOf(error);
    if (constraint === 'ballots_one_per_voter') return { ok: false, reason: 'already_voted' };
    if (constraint === 'ballots_receipt_code') throw new StoreError('receipt_taken', 'the receipt code is taken');
    throw translate(error);
  }

  async castPaperBallots(ballots: BallotRecord[], idempotency: IdempotencyRecord, audit: AuditWrite): Promise<void> {
    try {
      await this.tx(async (c) => {
        if (ballots.length) {
          await c.query(
            `INSERT INTO ballots (city, cycle_id, voter_hash, receipt_code, channel, cast_at, replaced_at, choices)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
            [
              ballots.map((b) => b.city),
              ballots.map((b) => b.cycleId),
              ballots.map((b) => b.voterHash),
              ballots.map((b) => b.receiptCode),
              ballots.map((b) => b.channel),
              ballots.map((b) => b.castAt),
              ballots.map((b) => b.replacedAt),
              ballots.map((b) => JSON.stringify(b.choices)),
            ],
          );
        }
        await this.idem(c, idempotency);
        await this.audit(c, audit);
        await this.bump(c, audit.city, 'ballots');
      });
    } catch (error) {
      if (constraintOf(error) === 'ballots_receipt_code') throw new StoreError('receipt_taken', 'a receipt code is taken');
      throw error;
    }
  }

  async currentBallot(city: string, cycleId: string, voterHash: string): Promise<BallotRecord | null> {
    const r = await this.q<BallotRow>('SELECT * FROM ballots WHERE city = $1 AND cycle_id = $2 AND voter_hash = $3 AND replaced_at IS NULL', [city, cycleId, voterHash]);
    return r.rows[0] ? ballotFromRow(r.rows[0]) : null;
  }

  async findReceipt(receiptCode: string): Promise<BallotRecord | null> {
    const r = await this.q<BallotRow>('SELECT * FROM ballots WHERE receipt_code = $1', [receiptCode]);
    return r.rows[0] ? ballotFromRow(r.rows[0]) : null;
  }

  async countedBallots(city: string, cycleId: string): Promise<CountedBallot[]> {
    const r = await this.q<{ seq: number; channel: 'online' | 'paper'; choices: string }>(
      'SELECT seq, channel, choices FROM ballots WHERE city = $1 AND cycle_id = $2 AND replaced_at IS NULL ORDER BY seq',
      [city, cycleId],
    );
    return r.rows.map((x) => ({ seq: x.seq, channel: x.channel, choices: JSON.parse(x.choices) }));
  }

  async getIdempotency(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const r = await this.q<{ scope: string; key: string; request_hash: string; status: number; body: string; created_at: string }>(
      'SELECT * FROM idempotency WHERE scope = $1 AND key = $2 AND status <> 0',
      [scope, key],
    );
    const x = r.rows[0];
    return x ? { scope: x.scope, key: x.key, requestHash: x.request_hash, status: x.status, body: x.body, createdAt: x.created_at } : null;
  }

  async claimIdempotency(scope: string, key: string, requestHash: string, at: string, staleBefore: string): Promise<IdempotencyClaim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const claimed = await this.q(
        `INSERT INTO idempotency (scope, key, request_hash, status, body, created_at) VALUES ($1, $2, $3, 0, '', $4)
         ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash, created_at = excluded.created_at
         WHERE idempotency.status = 0 AND idempotency.created_at < $5
         RETURNING 1`,
        [scope, key, requestHash, at, staleBefore],
      );
      if (claimed.rowCount === 1) return { state: 'claimed' };
      const r = await this.q<{ scope: string; key: string; request_hash: string; status: number; body: string; created_at: string }>('SELECT * FROM idempotency WHERE scope = $1 AND key = $2', [scope, key]);
      const x = r.rows[0];
      if (!x) continue; // released meanwhile: claim again
      if (x.status === 0) return { state: 'running', requestHash: x.request_hash };
      return { state: 'done', record: { scope: x.scope, key: x.key, requestHash: x.request_hash, status: x.status, body: x.body, createdAt: x.created_at } };
    }
    return { state: 'running', requestHash };
  }

  async releaseIdempotency(scope: string, key: string): Promise<void> {
    await this.q('DELETE FROM idempotency WHERE scope = $1 AND key = $2 AND status = 0', [scope, key]);
  }

  async hitRateLimit(key: string, limit: number, windowMs: number, nowMs: number): Promise<number> {
    const r = await this.q<{ window_start: number; hits: number }>(
      `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (key) DO UPDATE SET
         window_start = CASE WHEN rate_limits.window_start + $3 <= $2 THEN $2 ELSE rate_limits.window_start END,
         hits = CASE WHEN rate_limits.window_start + $3 <= $2 THEN 1 ELSE least(rate_limits.hits + 1, $4 + 1) END
       RETURNING window_start, hits`,
      [sha256(key), nowMs, windowMs, limit],
    );
    const row = r.rows[0]!;
    if (row.hits <= limit) return 0;
    return Math.max(1, Math.ceil((row.window_start + windowMs - nowMs) / 1000));
  }

  async tryLease(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
    const r = await this.q<{ holder: string }>(
      `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.expires_at <= $4 OR leases.holder = excluded.holder
       RETURNING holder`,
      [name, holder, nowMs + ttlMs, nowMs],
    );
    return r.rows.length === 1;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.q('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
  }

  async versions(city: string): Promise<StoreVersions> {
    const r = await this.q<{ kind: keyof StoreVersions; n: number }>('SELECT kind, sum(n)::int8 AS n FROM change_counters WHERE city = $1 GROUP BY kind', [city]);
    const out: StoreVersions = { proposals: 0, ballots: 0, phases: 0 };
    for (const row of r.rows) if (row.kind in out) out[row.kind] = row.n;
    return out;
  }

  async phaseOverrides(city: string, cycleId: string) {
    const r = await this.q<{ phase: PhaseName; start: string; end: string }>('SELECT phase, start, "end" FROM phase_overrides WHERE city = $1 AND cycle_id = $2', [city, cycleId]);
    const out: Partial<Record<PhaseName, PhaseOverride>> = {};
    for (const x of r.rows) out[x.phase] = { start: x.start, end: x.end };
    return out;
  }

  async setPhaseOverrides(city: string, cycleId: string, windows: Partial<Record<PhaseName, PhaseOverride>>, audit: AuditWrite): Promise<void> {
    await this.tx(async (c) => {
      for (const [phase, w] of Object.entries(windows)) {
        await c.query(
          'INSERT INTO phase_overrides (city, cycle_id, phase, start, "end") VALUES ($1, $2, $3, $4, $5) ON CONFLICT (city, cycle_id, phase) DO UPDATE SET start = excluded.start, "end" = excluded."end"',
          [city, cycleId, phase, w.start, w.end],
        );
      }
      await this.audit(c, audit);
      await this.bump(c, city, 'phases');
    });
  }

  async appendAudit(entry: AuditWrite): Promise<void> {
    await this.q(AUDIT_INSERT, auditParams(entry));
  }

  async listAudit(city: string, beforeId: number | null, limit: number): Promise<AuditEntry[]> {
    const r = await this.q<{ id: number; at: string; actor: string; action: string; target: string | null; details: string }>(
      'SELECT id, at, actor, action, target, details FROM audit WHERE city = $1 AND id < $2 ORDER BY id DESC LIMIT $3',
      [city, beforeId ?? Number.MAX_SAFE_INTEGER, limit],
    );
    return r.rows.map((x) => ({ ...x, details: JSON.parse(x.details) }));
  }

  async sweep(photosBefore: string, idempotencyBefore: string): Promise<void> {
    await this.q('DELETE FROM photos WHERE proposal_id IS NULL AND created_at < $1', [photosBefore]);
    await this.q('DELETE FROM idempotency WHERE created_at < $1', [idempotencyBefore]);
    await this.q('DELETE FROM rate_limits WHERE window_start < $1', [Date.parse(idempotencyBefore)]);
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** Rows per table, for tests that check a refused request changed nothing. */
  async tableCounts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of ['proposals', 'photos', 'ballots', 'idempotency', 'phase_overrides', 'audit', 'challenges', 'voter_list']) {
      out[t] = (await this.q<{ n: number }>(`SELECT count(*) AS n FROM ${t}`)).rows[0]!.n;
    }
    return out;
  }

  private closing: Promise<void> | null = null;

  async close(): Promise<void> {
    this.closing ??= this.pool.end().catch(() => undefined);
    return this.closing;
  }
}
