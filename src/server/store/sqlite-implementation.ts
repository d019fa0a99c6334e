import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import {
  implementationData,
  implementationFromRow,
  updateData,
  updateFromRow,
  type ImplementationRow,
  type ImplementationStore,
  type StoredImplementation,
  type StoredUpdate,
  type UpdateRow,
} from './implementation.js';
import type { AuditWrite } from './types.js';

/** Migration 5 of `sqlite.ts`: implementation records and their updates. */
export const IMPLEMENTATION_SQL = `
  CREATE TABLE implementations (
    city TEXT NOT NULL,
    project_id TEXT NOT NULL REFERENCES proposals (id),
    cycle_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('not_started', 'in_progress', 'implemented', 'cancelled')),
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (city, project_id)
  ) STRICT;

  CREATE TABLE implementation_updates (
    id TEXT PRIMARY KEY,
    -- Order of posting: updates posted within one clock tick keep it.
    seq INTEGER NOT NULL UNIQUE,
    city TEXT NOT NULL,
    project_id TEXT NOT NULL,
    at TEXT NOT NULL,
    public INTEGER NOT NULL,
    data TEXT NOT NULL,
    FOREIGN KEY (city, project_id) REFERENCES implementations (city, project_id)
  ) STRICT;
  CREATE INDEX implementation_updates_city ON implementation_updates (city, at);
  CREATE INDEX implementation_updates_project ON implementation_updates (city, project_id, at);
`;

export class SqliteImplementationStore implements ImplementationStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      get: db.prepare<[string, string], ImplementationRow>('SELECT * FROM implementations WHERE city = ? AND project_id = ?'),
      list: db.prepare<[string], ImplementationRow>('SELECT * FROM implementations WHERE city = ? ORDER BY cycle_id, project_id'),
      version: db.prepare<[string, string], { version: number }>('SELECT version FROM implementations WHERE city = ? AND project_id = ?'),
      insert: db.prepare(
        `INSERT INTO implementations (city, project_id, cycle_id, state, version, created_at, updated_at, data)
         VALUES (@city, @projectId, @cycleId, @state, 1, @createdAt, @updatedAt, @data)`,
      ),
      replace: db.prepare(
        `UPDATE implementations SET state = @state, version = version + 1, updated_at = @updatedAt, data = @data
         WHERE city = @city AND project_id = @projectId AND version = @expected`,
      ),
      touch: db.prepare('UPDATE implementations SET updated_at = ? WHERE city = ? AND project_id = ?'),
      attach: db.prepare('UPDATE photos SET proposal_id = ? WHERE id = ? AND city = ? AND proposal_id IS NULL'),
      insertUpdate: db.prepare(
        'INSERT INTO implementation_updates (id, seq, city, project_id, at, public, data) VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM implementation_updates), ?, ?, ?, ?, ?)',
      ),
      publish: db.prepare('UPDATE implementation_updates SET public = ? WHERE city = ? AND project_id = ? AND id = ?'),
      audit: db.prepare('INSERT INTO audit (at, city, actor, action, target, details) VALUES (@at, @city, @actor, @action, @target, @details)'),
    };
  }

  private audit(a: AuditWrite) {
    this.s.audit.run({ ...a, details: JSON.stringify(a.details) });
  }

  async get(city: string, projectId: string): Promise<StoredImplementation | null> {
    const row = this.s.get.get(city, projectId);
    return row ? implementationFromRow(row) : null;
  }

  async list(city: string): Promise<StoredImplementation[]> {
    return this.s.list.all(city).map(implementationFromRow);
  }

  async save(r: StoredImplementation, expected: number, audit: AuditWrite): Promise<boolean> {
    return this.db
      .transaction(() => {
        const params = { city: r.city, projectId: r.projectId, cycleId: r.cycleId, state: r.state, createdAt: r.createdAt, updatedAt: r.updatedAt, data: implementationData(r), expected };
        if (expected === 0) {
          if (this.s.version.get(r.city, r.projectId)) return false;
          this.s.insert.run(params);
        } else if (this.s.replace.run(params).changes !== 1) return false;
        this.audit(audit);
        return true;
      })
      .immediate();
  }

  async addUpdate(u: StoredUpdate, audit: AuditWrite): Promise<void> {
    this.db
      .transaction(() => {
        if (this.s.touch.run(u.at, u.city, u.projectId).changes !== 1) throw new StoreError('version_conflict', 'no implementation record for this project');
        for (const p of u.photos) {
          if (this.s.attach.run(u.projectId, p.id, u.city).changes !== 1) throw new StoreError('photo_unavailable', `photo ${p.id} is not available`);
        }
        this.s.insertUpdate.run(u.id, u.city, u.projectId, u.at, u.public ? 1 : 0, updateData(u));
        this.audit(audit);
      })
      .immediate();
  }

  async setUpdatePublic(city: string, projectId: string, updateId: string, isPublic: boolean, at: string, audit: AuditWrite): Promise<boolean> {
    return this.db
      .transaction(() => {
        if (this.s.publish.run(isPublic ? 1 : 0, city, projectId, updateId).changes !== 1) return false;
        this.s.touch.run(at, city, projectId);
        this.audit(audit);
        return true;
      })
      .immediate();
  }

  async updates(city: string, projectId: string | null, publicOnly: boolean, limit: number): Promise<StoredUpdate[]> {
    const where = ['city = ?'];
    const params: unknown[] = [city];
    if (projectId !== null) {
      where.push('project_id = ?');
      params.push(projectId);
    }
    if (publicOnly) where.push('public = 1');
    params.push(limit);
    return this.db
      .prepare<unknown[], UpdateRow>(`SELECT * FROM implementation_updates WHERE ${where.join(' AND ')} ORDER BY at DESC, seq DESC LIMIT ?`)
      .all(...params)
      .map(updateFromRow);
  }
}
