import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditEntry, PhaseName } from '../../contract/index.js';
import { RateLimiter } from '../rate-limit.js';
import { StoreError } from './errors.js';
import { ballotFromRow, photoFromRow, proposalData, proposalFromRow, type BallotRow, type PhotoRow, type ProposalRow } from './rows.js';
import { IDENTITY_SQL, PHONE_LINKS_BY_VOTER_SQL, PHONE_LINKS_SQL, SqliteIdentityStore } from './sqlite-identity.js';
import { IMPLEMENTATION_SQL, SqliteImplementationStore } from './sqlite-implementation.js';
import { AUTHORS_SQL, SqliteAuthorStore } from './sqlite-authors.js';
import { STAFF_SQL, SqliteStaffStore } from './sqlite-staff.js';
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

export { StoreError } from './errors.js';

/**
 * Versioned migrations, applied in order at start, each in its own
 * transaction. Never edit a released one; add the next.
 */
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE proposals (
        id TEXT PRIMARY KEY,
        city TEXT NOT NULL,
        cycle_id TEXT NOT NULL,
        status TEXT NOT NULL,
        author_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        data TEXT NOT NULL
      ) STRICT;
      CREATE INDEX proposals_cycle ON proposals (city, cycle_id, created_at);
      CREATE INDEX proposals_author ON proposals (city, cycle_id, author_hash);

      CREATE TABLE photos (
        id TEXT PRIMARY KEY,
        city TEXT NOT NULL,
        type TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        name TEXT,
        size INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        proposal_id TEXT REFERENCES proposals (id),
        bytes BLOB NOT NULL
      ) STRICT;
      CREATE INDEX photos_proposal ON photos (proposal_id);

      CREATE TABLE ballots (
        seq INTEGER PRIMARY KEY,
        city TEXT NOT NULL,
        cycle_id TEXT NOT NULL,
        voter_hash TEXT,
        receipt_code TEXT NOT NULL UNIQUE,
        channel TEXT NOT NULL CHECK (channel IN ('online', 'paper')),
        cast_at TEXT NOT NULL,
        replaced_at TEXT,
        choices TEXT NOT NULL
      ) STRICT;
      -- One counted ballot per person per cycle: the constraint, not the code, is what enforces it.
      CREATE UNIQUE INDEX ballots_one_per_voter ON ballots (city, cycle_id, voter_hash) WHERE replaced_at IS NULL AND voter_hash IS NOT NULL;
      CREATE INDEX ballots_counted ON ballots (city, cycle_id) WHERE replaced_at IS NULL;

      CREATE TABLE idempotency (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (scope, key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE phase_overrides (
        city TEXT NOT NULL,
        cycle_id TEXT NOT NULL,
        phase TEXT NOT NULL,
        start TEXT NOT NULL,
        end TEXT NOT NULL,
        PRIMARY KEY (city, cycle_id, phase)
      ) STRICT;

      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        city TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        details TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_city ON audit (city, id);
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  { version: 2, name: 'identity: challenges and the voter list', sql: IDENTITY_SQL },
  // Keep this list in version order (3 and 4: staff and authors, #13).
  { version: 3, name: 'staff: people, sessions, sign-in challenges, assignments and assessments', sql: STAFF_SQL },
  { version: 4, name: 'authors: sessions, proposal versions, consented phones, references', sql: AUTHORS_SQL },
  { version: 5, name: 'implementation records and their updates', sql: IMPLEMENTATION_SQL },
  {
    version: 6,
    name: 'sign-ins with the provider: the digest of the proof only the browser sent back holds',
    sql: `
      ALTER TABLE challenges ADD COLUMN proof_hash TEXT;
      ALTER TABLE staff_challenges ADD COLUMN proof_hash TEXT;
    `,
  },
  { version: 7, name: 'phone-only cities: the voters each phone verified in a cycle', sql: PHONE_LINKS_SQL },
  { version: 8, name: 'phone-only cities: a voter\'s phone links by voter', sql: PHONE_LINKS_BY_VOTER_SQL },
];

class AlreadyVoted extends Error {}

/**
 * The default store: one SQLite file, WAL journal, `synchronous=FULL` so that
 * whatever the server acknowledged survives a crash or a power cut.
 * better-sqlite3 is synchronous; the async interface is for other stores.
 *
 * One process per file, enforced: the connection holds SQLite's exclusive
 * lock from the start, and a second process refuses to start. That is why
 * rate limits, idempotency claims and change counters may live in this
 * object's memory: no other process can write the file meanwhile.
 * (PostgreSQL keeps them in the database, for many instances.)
 */
export class SqliteStore implements Store {
  readonly db: Database.Database;
  readonly identity: SqliteIdentityStore;
  readonly implementation: SqliteImplementationStore;
  readonly authors: SqliteAuthorStore;
  readonly staff: SqliteStaffStore;
  private readonly s;
  private readonly limiter = new RateLimiter(() => new Date(this.limiterNow));
  private limiterNow = 0;
  private readonly claims = new Map<string, { requestHash: string; at: string }>();
  private readonly counters = new Map<string, StoreVersions>();

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    if (path !== ':memory:') takeExclusiveLock(this.db, path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    this.identity = new SqliteIdentityStore(this.db);
    this.implementation = new SqliteImplementationStore(this.db);
    this.authors = new SqliteAuthorStore(
      this.db,
      (city) => this.bumpCounter(city, 'proposals'),
      (record) => this.idem(record),
    );
    this.staff = new SqliteStaffStore(this.db);
    const db = this.db;
    this.s = {
      insertProposal: db.prepare(
        'INSERT INTO proposals (id, city, cycle_id, status, author_hash, created_at, version, data) VALUES (@id, @city, @cycleId, @status, @authorHash, @createdAt, 1, @data)',
      ),
      updateProposal: db.prepare('UPDATE proposals SET status = @status, version = version + 1, data = @data WHERE id = @id AND city = @city AND version = @version'),
      getProposal: db.prepare<[string, string], ProposalRow>('SELECT data, version FROM proposals WHERE city = ? AND id = ?'),
      listProposals: db.prepare<[string, string], ProposalRow>('SELECT data, version FROM proposals WHERE city = ? AND cycle_id = ? ORDER BY created_at, id'),
      countByAuthor: db.prepare<[string, string, string], { n: number }>('SELECT count(*) AS n FROM proposals WHERE city = ? AND cycle_id = ? AND author_hash = ?'),
      attachPhoto: db.prepare('UPDATE photos SET proposal_id = ? WHERE id = ? AND city = ? AND proposal_id IS NULL'),
      insertPhoto: db.prepare(
        'INSERT INTO photos (id, city, type, width, height, name, size, created_at, proposal_id, bytes) VALUES (@id, @city, @type, @width, @height, @name, @size, @createdAt, NULL, @bytes)',
      ),
      getPhoto: db.prepare<[string], PhotoRow & { bytes: Buffer; proposal_data: string | null }>(
        'SELECT photos.*, proposals.data AS proposal_data FROM photos LEFT JOIN proposals ON proposals.id = photos.proposal_id WHERE photos.id = ?',
      ),
      insertBallot: db.prepare(
        'INSERT INTO ballots (city, cycle_id, voter_hash, receipt_code, channel, cast_at, replaced_at, choices) VALUES (@city, @cycleId, @voterHash, @receiptCode, @channel, @castAt, NULL, @choices)',
      ),
      currentBallot: db.prepare<[string, string, string], BallotRow>(
        'SELECT * FROM ballots WHERE city = ? AND cycle_id = ? AND voter_hash = ? AND replaced_at IS NULL',
      ),
      replaceBallot: db.prepare('UPDATE ballots SET replaced_at = ? WHERE city = ? AND cycle_id = ? AND voter_hash = ? AND replaced_at IS NULL'),
      findReceipt: db.prepare<[string], BallotRow>('SELECT * FROM ballots WHERE receipt_code = ?'),
      counted: db.prepare<[string, string], { seq: number; channel: 'online' | 'paper'; choices: string }>(
        'SELECT seq, channel, choices FROM ballots WHERE city = ? AND cycle_id = ? AND replaced_at IS NULL ORDER BY seq',
      ),
      insertIdem: db.prepare('INSERT INTO idempotency (scope, key, request_hash, status, body, created_at) VALUES (@scope, @key, @requestHash, @status, @body, @createdAt)'),
      getIdem: db.prepare<[string, string], { scope: string; key: string; request_hash: string; status: number; body: string; created_at: string }>(
        'SELECT * FROM idempotency WHERE scope = ? AND key = ?',
      ),
      overrides: db.prepare<[string, string], { phase: PhaseName; start: string; end: string }>('SELECT phase, start, end FROM phase_overrides WHERE city = ? AND cycle_id = ?'),
      setOverride: db.prepare(
        'INSERT INTO phase_overrides (city, cycle_id, phase, start, end) VALUES (?, ?, ?, ?, ?) ON CONFLICT (city, cycle_id, phase) DO UPDATE SET start = excluded.start, end = excluded.end',
      ),
      insertAudit: db.prepare('INSERT INTO audit (at, city, actor, action, target, details) VALUES (@at, @city, @actor, @action, @target, @details)'),
      listAudit: db.prepare<[string, number, number], { id: number; at: string; actor: string; action: string; target: string | null; details: string }>(
        'SELECT id, at, actor, action, target, details FROM audit WHERE city = ? AND id < ? ORDER BY id DESC LIMIT ?',
      ),
      sweepPhotos: db.prepare('DELETE FROM photos WHERE proposal_id IS NULL AND created_at < ?'),
      sweepIdem: db.prepare('DELETE FROM idempotency WHERE created_at < ?'),
    };
  }

  private audit(entry: AuditWrite) {
    this.s.insertAudit.run({ ...entry, details: JSON.stringify(entry.details) });
  }

  private idem(record: IdempotencyRecord) {
    this.s.insertIdem.run(record);
    this.claims.delete(`${record.scope}\u0000${record.key}`);
  }

  private bumpCounter(city: string, kind: keyof StoreVersions) {
    const v = this.counters.get(city) ?? { proposals: 0, ballots: 0, phases: 0 };
    this.counters.set(city, { ...v, [kind]: v[kind] + 1 });
  }

  async createProposal(p: ProposalRecord, idempotency: IdempotencyRecord | null, authorLimit: number | null = null): Promise<void> {
    this.db.transaction(() => {
      if (authorLimit !== null && this.s.countByAuthor.get(p.city, p.cycleId, p.authorHash)!.n >= authorLimit) throw new StoreError('limit_reached', 'the author has reached the proposal limit');
      this.s.insertProposal.run({ id: p.id, city: p.city, cycleId: p.cycleId, status: p.status, authorHash: p.authorHash, createdAt: p.createdAt, data: proposalData(p) });
      for (const photo of p.photos) {
        if (this.s.attachPhoto.run(p.id, photo.id, p.city).changes !== 1) throw new StoreError('photo_unavailable', `photo ${photo.id} is not available`);
      }
      if (idempotency) this.idem(idempotency);
    })();
    this.bumpCounter(p.city, 'proposals');
  }

  async updateProposals(proposals: ProposalRecord[], audit: AuditWrite): Promise<boolean> {
    try {
      this.db
        .transaction(() => {
          for (const p of proposals) {
            const r = this.s.updateProposal.run({ id: p.id, city: p.city, status: p.status, version: p.version, data: proposalData(p) });
            if (r.changes !== 1) throw new VersionConflict();
          }
          this.audit(audit);
        })
        .immediate();
      for (const city of new Set(proposals.map((p) => p.city))) this.bumpCounter(city, 'proposals');
      return true;
    } catch (error) {
      if (error instanceof VersionConflict) return false;
      throw error;
    }
  }

  async getProposal(city: string, id: string): Promise<ProposalRecord | null> {
    const row = this.s.getProposal.get(city, id);
    return row ? proposalFromRow(row) : null;
  }

  async listProposals(city: string, cycleId: string): Promise<ProposalRecord[]> {
    return this.s.listProposals.all(city, cycleId).map(proposalFromRow);
  }

  async countProposalsByAuthor(city: string, cycleId: string, authorHash: string): Promise<number> {
    return this.s.countByAuthor.get(city, cycleId, authorHash)!.n;
  }

  async savePhoto(photo: PhotoRecord, bytes: Uint8Array): Promise<void> {
    this.s.insertPhoto.run({ ...photo, name: photo.name ?? null, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  }

  async getPhotoMeta(city: string, ids: string[]): Promise<PhotoRecord[]> {
    if (!ids.length) return [];
    const rows = this.db
      .prepare<string[], PhotoRow>(`SELECT id, city, type, width, height, name, size, created_at, proposal_id FROM photos WHERE city = ? AND id IN (${ids.map(() => '?').join(',')})`)
      .all(city, ...ids);
    return rows.map(photoFromRow);
  }

  async getPhoto(id: string) {
    const row = this.s.getPhoto.get(id);
    if (!row) return null;
    const hidden = row.proposal_data ? (JSON.parse(row.proposal_data) as ProposalRecord).hidden : false;
    return { meta: photoFromRow(row), bytes: new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength), proposalHidden: hidden };
  }

  /**
   * Group commit: ballots that arrive while the previous commit was being
   * flushed to disk are written together, each in its own savepoint, in one
   * transaction with one fsync. Nobody is answered before that commit.
   */
  castBallot(b: BallotRecord, mode: 'final' | 'replace', idempotency: IdempotencyRecord): Promise<CastResult> {
    return new Promise((resolve, reject) => {
      this.pendingBallots.push({ b, mode, idempotency, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flushBallots());
      }
    });
  }

  private readonly pendingBallots: { b: BallotRecord; mode: 'final' | 'replace'; idempotency: IdempotencyRecord; resolve: (r: CastResult) => void; reject: (e: unknown) => void }[] = [];
  private flushScheduled = false;

  private readonly castOne = (b: BallotRecord, mode: 'final' | 'replace', idempotency: IdempotencyRecord): CastResult =>
    this.db.transaction((): CastResult => {
      let replacedReceipt: string | null = null;
      if (mode === 'replace') {
        const old = this.s.currentBallot.get(b.city, b.cycleId, b.voterHash!);
        if (old) {
          this.s.replaceBallot.run(b.castAt, b.city, b.cycleId, b.voterHash);
          replacedReceipt = old.receipt_code;
        }
      }
      try {
        this.s.insertBallot.run({ ...b, choices: JSON.stringify(b.choices) });
      } catch (error) {
        if (isUniqueViolation(error, 'voter_hash')) throw new AlreadyVoted();
        if (isUniqueViolation(error, 'receipt_code')) throw new StoreError('receipt_taken', 'the receipt code is taken');
        throw error;
      }
      this.idem(idempotency);
      return { ok: true, replacedReceipt };
    })();

  private flushBallots() {
    this.flushScheduled = false;
    const batch = this.pendingBallots.splice(0, 512);
    if (this.pendingBallots.length) {
      this.flushScheduled = true;
      setImmediate(() => this.flushBallots());
    }
    if (!batch.length) return;
    const outcomes: ({ result: CastResult } | { error: unknown })[] = [];
    try {
      this.db
        .transaction(() => {
          for (const op of batch) {
            try {
              // Nested: a savepoint, rolled back alone if this ballot fails.
              outcomes.push({ result: this.castOne(op.b, op.mode, op.idempotency) });
            } catch (error) {
              outcomes.push(error instanceof AlreadyVoted ? { result: { ok: false, reason: 'already_voted' } } : { error });
            }
          }
        })
        .immediate();
    } catch (error) {
      for (const op of batch) op.reject(error);
      return;
    }
    for (const op of batch) this.bumpCounter(op.b.city, 'ballots');
    batch.forEach((op, i) => {
      const o = outcomes[i]!;
      if ('result' in o) op.resolve(o.result);
      else op.reject(o.error);
    });
  }

  async castPaperBallots(ballots: BallotRecord[], idempotency: IdempotencyRecord, audit: AuditWrite): Promise<void> {
    this.db
      .transaction(() => {
        for (const b of ballots) this.s.insertBallot.run({ ...b, choices: JSON.stringify(b.choices) });
        this.idem(idempotency);
        this.audit(audit);
      })
      .immediate();
    this.bumpCounter(audit.city, 'ballots');
  }

  async currentBallot(city: string, cycleId: string, voterHash: string): Promise<BallotRecord | null> {
    const row = this.s.currentBallot.get(city, cycleId, voterHash);
    return row ? ballotFromRow(row) : null;
  }

  async findReceipt(receiptCode: string): Promise<BallotRecord | null> {
    const row = this.s.findReceipt.get(receiptCode);
    return row ? ballotFromRow(row) : null;
  }

  async countedBallots(city: string, cycleId: string): Promise<CountedBallot[]> {
    return this.s.counted.all(city, cycleId).map((r) => ({ seq: r.seq, channel: r.channel, choices: JSON.parse(r.choices) }));
  }

  async getIdempotency(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const r = this.s.getIdem.get(scope, key);
    return r ? { scope: r.scope, key: r.key, requestHash: r.request_hash, status: r.status, body: r.body, createdAt: r.created_at } : null;
  }

  async phaseOverrides(city: string, cycleId: string) {
    const out: Partial<Record<PhaseName, PhaseOverride>> = {};
    for (const r of this.s.overrides.all(city, cycleId)) out[r.phase] = { start: r.start, end: r.end };
    return out;
  }

  async setPhaseOverrides(city: string, cycleId: string, windows: Partial<Record<PhaseName, PhaseOverride>>, audit: AuditWrite): Promise<void> {
    this.db.transaction(() => {
      for (const [phase, w] of Object.entries(windows)) this.s.setOverride.run(city, cycleId, phase, w.start, w.end);
      this.audit(audit);
    })();
    this.bumpCounter(city, 'phases');
  }

  async claimIdempotency(scope: string, key: string, requestHash: string, at: string, staleBefore: string): Promise<IdempotencyClaim> {
    const done = await this.getIdempotency(scope, key);
    if (done) return { state: 'done', record: done };
    const slot = `${scope}\u0000${key}`;
    const running = this.claims.get(slot);
    if (running && running.at >= staleBefore) return { state: 'running', requestHash: running.requestHash };
    this.claims.set(slot, { requestHash, at });
    return { state: 'claimed' };
  }

  async releaseIdempotency(scope: string, key: string): Promise<void> {
    this.claims.delete(`${scope}\u0000${key}`);
  }

  async hitRateLimit(key: string, limit: number, windowMs: number, nowMs: number): Promise<number> {
    this.limiterNow = nowMs;
    return this.limiter.hit(key, limit, windowMs);
  }

  // One process holds the file (exclusive lock), so its leases can live in this object.
  private readonly leases = new Map<string, { holder: string; expiresAt: number }>();

  async tryLease(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
    const l = this.leases.get(name);
    if (l && l.expiresAt > nowMs && l.holder !== holder) return false;
    this.leases.set(name, { holder, expiresAt: nowMs + ttlMs });
    return true;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
  }

  async versions(city: string): Promise<StoreVersions> {
    return this.counters.get(city) ?? { proposals: 0, ballots: 0, phases: 0 };
  }

  async ping(): Promise<boolean> {
    return this.db.open;
  }

  async appendAudit(entry: AuditWrite): Promise<void> {
    this.audit(entry);
  }

  async listAudit(city: string, beforeId: number | null, limit: number): Promise<AuditEntry[]> {
    return this.s.listAudit.all(city, beforeId ?? Number.MAX_SAFE_INTEGER, limit).map((r) => ({ ...r, details: JSON.parse(r.details) }));
  }

  async sweep(photosBefore: string, idempotencyBefore: string): Promise<void> {
    this.s.sweepPhotos.run(photosBefore);
    this.s.sweepIdem.run(idempotencyBefore);
  }

  /** Rows per table, for tests that check a refused request changed nothing. */
  tableCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of ['proposals', 'photos', 'ballots', 'idempotency', 'phase_overrides', 'audit', 'challenges', 'voter_list']) {
      out[t] = (this.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    }
    return out;
  }

  /** Closes at once (synchronously inside); the promise is for the interface. */
  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

export class VersionConflict extends Error {
  override name = 'VersionConflict';
}


function isUniqueViolation(error: unknown, column: string): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' && (e.message ?? '').includes(column);
}

/**
 * Takes the file's exclusive lock for as long as this connection lives, or
 * refuses at once when another process has it: two processes on one file
 * would each trust their own memory (phases, limits, caches) and answer
 * differently.
 */
function takeExclusiveLock(db: Database.Database, path: string) {
  db.pragma('busy_timeout = 0');
  db.pragma('locking_mode = EXCLUSIVE');
  try {
    // A write transaction takes the EXCLUSIVE lock; in this mode it is kept after the commit.
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    db.close();
    const e = error as { code?: string };
    if (e?.code === 'SQLITE_BUSY' || e?.code === 'SQLITE_LOCKED')
      throw new StoreError('locked', `another process is using the database ${path}; SQLite serves one process per file (stop the other one, or run several instances on PostgreSQL)`);
    throw error;
  }
}

function migrate(db: Database.Database) {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
  const current = (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
  if (current > latest) throw new StoreError('unusable', `the database is at schema version ${current}, newer than this server knows (${latest}); refusing to start`);
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
}

export function openSqliteStore(path: string): SqliteStore {
  return new SqliteStore(path);
}
