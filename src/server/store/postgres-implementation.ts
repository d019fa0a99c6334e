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
import type { PgStore } from './postgres.js';
import type { AuditWrite } from './types.js';

/** Migration 25 of `postgres.ts`: implementation records and their updates (the same tables as SQLite's migration 5). */
export const PG_IMPLEMENTATION_SQL = `
  CREATE TABLE implementations (
    city text NOT NULL,
    project_id text NOT NULL REFERENCES proposals (id),
    cycle_id text NOT NULL,
    state text NOT NULL CHECK (state IN ('not_started', 'in_progress', 'implemented', 'cancelled')),
    version integer NOT NULL,
    created_at text NOT NULL,
    updated_at text NOT NULL,
    data text NOT NULL,
    PRIMARY KEY (city, project_id)
  );

  CREATE TABLE implementation_updates (
    id text PRIMARY KEY,
    -- Order of posting: updates posted within one clock tick keep it.
    seq bigserial UNIQUE,
    city text NOT NULL,
    project_id text NOT NULL,
    at text NOT NULL,
    public boolean NOT NULL,
    data text NOT NULL,
    FOREIGN KEY (city, project_id) REFERENCES implementations (city, project_id)
  );
  CREATE INDEX implementation_updates_city ON implementation_updates (city, at);
  CREATE INDEX implementation_updates_project ON implementation_updates (city, project_id, at);
`;

const AUDIT_INSERT = 'INSERT INTO audit (at, city, actor, action, target, details) VALUES ($1, $2, $3, $4, $5, $6)';
const auditParams = (a: AuditWrite) => [a.at, a.city, a.actor, a.action, a.target, JSON.stringify(a.details)];

/** Implementation records on PostgreSQL; each change one transaction with its audit entry, atomic across instances. */
export class PgImplementationStore implements ImplementationStore {
  constructor(private readonly store: PgStore) {}

  async get(city: string, projectId: string): Promise<StoredImplementation | null> {
    const r = await this.store.q<ImplementationRow>('SELECT * FROM implementations WHERE city = $1 AND project_id = $2', [city, projectId]);
    return r.rows[0] ? implementationFromRow(r.rows[0]) : null;
  }

  async list(city: string): Promise<StoredImplementation[]> {
    const r = await this.store.q<ImplementationRow>('SELECT * FROM implementations WHERE city = $1 ORDER BY cycle_id, project_id', [city]);
    return r.rows.map(implementationFromRow);
  }

  async save(rec: StoredImplementation, expected: number, audit: AuditWrite): Promise<boolean> {
    return this.store.tx(async (c) => {
      const data = implementationData(rec);
      const r =
        expected === 0
          ? await c.query(
              `INSERT INTO implementations (city, project_id, cycle_id, state, version, created_at, updated_at, data) VALUES ($1, $2, $3, $4, 1, $5, $6, $7)
               ON CONFLICT (city, project_id) DO NOTHING`,
              [rec.city, rec.projectId, rec.cycleId, rec.state, rec.createdAt, rec.updatedAt, data],
            )
          : await c.query('UPDATE implementations SET state = $1, version = version + 1, updated_at = $2, data = $3 WHERE city = $4 AND project_id = $5 AND version = $6', [
              rec.state,
              rec.updatedAt,
              data,
              rec.city,
              rec.projectId,
              expected,
            ]);
      if (r.rowCount !== 1) return false;
      await c.query(AUDIT_INSERT, auditParams(audit));
      return true;
    });
  }

  async addUpdate(u: StoredUpdate, audit: AuditWrite): Promise<void> {
    await this.store.tx(async (c) => {
      const t = await c.query('UPDATE implementations SET updated_at = $1 WHERE city = $2 AND project_id = $3', [u.at, u.city, u.projectId]);
      if (t.rowCount !== 1) throw new StoreError('version_conflict', 'no implementation record for this project');
      for (const p of u.photos) {
        const r = await c.query('UPDATE photos SET proposal_id = $1 WHERE id = $2 AND city = $3 AND proposal_id IS NULL', [u.projectId, p.id, u.city]);
        if (r.rowCount !== 1) throw new StoreError('photo_unavailable', `photo ${p.id} is not available`);
      }
      await c.query('INSERT INTO implementation_updates (id, city, project_id, at, public, data) VALUES ($1, $2, $3, $4, $5, $6)', [u.id, u.city, u.projectId, u.at, u.public, updateData(u)]);
      await c.query(AUDIT_INSERT, auditParams(audit));
    });
  }

  async setUpdatePublic(city: string, projectId: string, updateId: string, isPublic: boolean, at: string, audit: AuditWrite): Promise<boolean> {
    return this.store.tx(async (c) => {
      const r = await c.query('UPDATE implementation_updates SET public = $1 WHERE city = $2 AND project_id = $3 AND id = $4', [isPublic, city, projectId, updateId]);
      if (r.rowCount !== 1) return false;
      await c.query('UPDATE implementations SET updated_at = $1 WHERE city = $2 AND project_id = $3', [at, city, projectId]);
      await c.query(AUDIT_INSERT, auditParams(audit));
      return true;
    });
  }

  async updates(city: string, projectId: string | null, publicOnly: boolean, limit: number): Promise<StoredUpdate[]> {
    const where = ['city = $1'];
    const params: unknown[] = [city];
    if (projectId !== null) where.push(`project_id = $${params.push(projectId)}`);
    if (publicOnly) where.push('public');
    const r = await this.store.q<UpdateRow>(`SELECT * FROM implementation_updates WHERE ${where.join(' AND ')} ORDER BY at DESC, seq DESC LIMIT $${params.push(limit)}`, params);
    return r.rows.map(updateFromRow);
  }
}
