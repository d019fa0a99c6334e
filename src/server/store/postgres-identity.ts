import type pg from 'pg';
import type { ChallengeRecord, IdentityStore, VoterListChange, VoterListEntry } from './identity.js';
import type { PgStore } from './postgres.js';
import { challengeFromRow, type ChallengeRow } from './rows.js';
import type { AuditWrite } from './types.js';

/** Migration 2 of `postgres.ts`: challenges and the voter list (the same tables as SQLite's; migration 27: `PG_PHONE_LINKS_SQL`). */
export const PG_IDENTITY_SQL = `
  CREATE TABLE challenges (
    id text PRIMARY KEY,
    city text NOT NULL,
    cycle_id text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('sms', 'oidc')),
    voter_hash text,
    phone_hash text,
    sealed text NOT NULL,
    code_hash text,
    state_hash text UNIQUE,
    expires_at bigint NOT NULL,
    resend_at bigint NOT NULL,
    attempts_left integer NOT NULL,
    outcome text,
    district text
  );
  CREATE INDEX challenges_expiry ON challenges (expires_at);

  CREATE TABLE voter_list (
    city text NOT NULL,
    cycle_id text NOT NULL,
    voter_hash text NOT NULL,
    phone_hash text NOT NULL,
    phone_sealed text NOT NULL,
    district text,
    PRIMARY KEY (city, cycle_id, voter_hash)
  );

  CREATE TABLE voter_list_meta (
    city text NOT NULL,
    cycle_id text NOT NULL,
    updated_at text NOT NULL,
    PRIMARY KEY (city, cycle_id)
  );
`;

/** Migration 27 of `postgres.ts`: the voters each phone verified in a phone-only city's cycle (SQLite's `PHONE_LINKS_SQL`). */
export const PG_PHONE_LINKS_SQL = `
  CREATE TABLE phone_voters (
    city text NOT NULL,
    cycle_id text NOT NULL,
    phone_hash text NOT NULL,
    voter_hash text NOT NULL,
    PRIMARY KEY (city, cycle_id, phone_hash, voter_hash)
  );
`;

/** Migration 28 of `postgres.ts`: a voter's phone links found by the voter (SQLite's `PHONE_LINKS_BY_VOTER_SQL`). */
export const PG_PHONE_LINKS_BY_VOTER_SQL = `
  CREATE INDEX phone_voters_by_voter ON phone_voters (city, cycle_id, voter_hash);
`;

/** Challenges and the voter list on PostgreSQL; each change one statement or one transaction, atomic across instances. */
export class PgIdentityStore implements IdentityStore {
  constructor(private readonly store: PgStore) {}

  async saveChallenge(c: ChallengeRecord): Promise<void> {
    await this.store.q(
      `INSERT INTO challenges (id, city, cycle_id, kind, voter_hash, phone_hash, sealed, code_hash, state_hash, expires_at, resend_at, attempts_left, outcome, district, proof_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (id) DO UPDATE SET voter_hash = excluded.voter_hash, phone_hash = excluded.phone_hash, sealed = excluded.sealed, code_hash = excluded.code_hash,
         expires_at = excluded.expires_at, resend_at = excluded.resend_at, attempts_left = excluded.attempts_left, outcome = excluded.outcome, district = excluded.district`,
      [c.id, c.city, c.cycleId, c.kind, c.voterHash, c.phoneHash, c.sealed, c.codeHash, c.stateHash, c.expiresAt, c.resendAt, c.attemptsLeft, c.outcome, c.district, c.proofHash],
    );
  }

  async getChallenge(id: string): Promise<ChallengeRecord | null> {
    const r = await this.store.q<ChallengeRow>('SELECT * FROM challenges WHERE id = $1', [id]);
    return r.rows[0] ? challengeFromRow(r.rows[0]) : null;
  }

  async challengeByState(stateHash: string): Promise<ChallengeRecord | null> {
    const r = await this.store.q<ChallengeRow>('SELECT * FROM challenges WHERE state_hash = $1', [stateHash]);
    return r.rows[0] ? challengeFromRow(r.rows[0]) : null;
  }

  async finishSignIn(id: string, outcome: string, voterHash: string | null, proofHash: string): Promise<boolean> {
    const r = await this.store.q("UPDATE challenges SET outcome = $1, voter_hash = $2, proof_hash = $3 WHERE id = $4 AND outcome = 'pending'", [outcome, voterHash, proofHash, id]);
    return r.rowCount === 1;
  }

  async wrongCode(id: string): Promise<number> {
    // The decrement is atomic whichever instance the wrong code reached; the last attempt deletes the challenge.
    return this.store.tx(async (c) => {
      const r = await c.query<{ attempts_left: number }>('UPDATE challenges SET attempts_left = attempts_left - 1 WHERE id = $1 AND attempts_left > 0 RETURNING attempts_left', [id]);
      const left = r.rows[0]?.attempts_left;
      if (left === undefined || left <= 0) await c.query('DELETE FROM challenges WHERE id = $1', [id]);
      return left === undefined ? -1 : left;
    });
  }

  async consumeChallenge(id: string): Promise<boolean> {
    return (await this.store.q('DELETE FROM challenges WHERE id = $1', [id])).rowCount === 1;
  }

  async refreshChallenge(c: ChallengeRecord): Promise<boolean> {
    const r = await this.store.q('UPDATE challenges SET code_hash = $1, expires_at = $2, resend_at = $3, attempts_left = $4 WHERE id = $5', [c.codeHash, c.expiresAt, c.resendAt, c.attemptsLeft, c.id]);
    return r.rowCount === 1;
  }

  async claimResend(id: string, nowMs: number, nextMs: number): Promise<boolean> {
    return (await this.store.q('UPDATE challenges SET resend_at = $1 WHERE id = $2 AND resend_at <= $3', [nextMs, id, nowMs])).rowCount === 1;
  }

  async deleteChallenge(id: string): Promise<void> {
    await this.store.q('DELETE FROM challenges WHERE id = $1', [id]);
  }

  async sweepChallenges(nowMs: number): Promise<number> {
    return (await this.store.q('DELETE FROM challenges WHERE expires_at < $1', [nowMs])).rowCount ?? 0;
  }

  private change(city: string, cycleId: string, at: string, audit: AuditWrite, write: (c: pg.PoolClient) => Promise<Omit<VoterListChange, 'total'>>): Promise<VoterListChange> {
    return this.store.tx(async (c) => {
      // One change of a city's list at a time, across instances.
      await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`voter-list:${city}:${cycleId}`]);
      const done = await write(c);
      await c.query('INSERT INTO voter_list_meta (city, cycle_id, updated_at) VALUES ($1, $2, $3) ON CONFLICT (city, cycle_id) DO UPDATE SET updated_at = excluded.updated_at', [city, cycleId, at]);
      const total = (await c.query<{ n: number }>('SELECT count(*) AS n FROM voter_list WHERE city = $1 AND cycle_id = $2', [city, cycleId])).rows[0]!.n;
      await this.store.audit(c, { ...audit, details: { ...audit.details, ...done, total } });
      return { ...done, total };
    });
  }

  private async upsert(c: pg.PoolClient, city: string, cycleId: string, entries: VoterListEntry[]): Promise<{ added: number; updated: number }> {
    let added = 0;
    let updated = 0;
    // A list names each person once; if an upload repeats one, the last row wins, as in SQLite.
    const unique = [...new Map(entries.map((e) => [e.voterHash, e])).values()];
    for (let i = 0; i < unique.length; i += 5000) {
      const chunk = unique.slice(i, i + 5000);
      const r = await c.query<{ inserted: boolean }>(
        `INSERT INTO voter_list (city, cycle_id, voter_hash, phone_hash, phone_sealed, district)
         SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[])
         ON CONFLICT (city, cycle_id, voter_hash) DO UPDATE SET phone_hash = excluded.phone_hash, phone_sealed = excluded.phone_sealed, district = excluded.district
         RETURNING (xmax = 0) AS inserted`,
        [city, cycleId, chunk.map((e) => e.voterHash), chunk.map((e) => e.phoneHash), chunk.map((e) => e.phoneSealed), chunk.map((e) => e.district)],
      );
      for (const row of r.rows) row.inserted ? added++ : updated++;
    }
    // Repeated rows count as updates, as they do when SQLite writes them one by one.
    updated += entries.length - unique.length;
    return { added, updated };
  }

  async replaceVoterList(city: string, cycleId: string, entries: VoterListEntry[], at: string, audit: AuditWrite): Promise<VoterListChange> {
    return this.change(city, cycleId, at, audit, async (c) => {
      const { added, updated } = await this.upsert(c, city, cycleId, entries);
      const keep = [...new Set(entries.map((e) => e.voterHash))];
      const r = await c.query('DELETE FROM voter_list WHERE city = $1 AND cycle_id = $2 AND NOT (voter_hash = ANY($3::text[]))', [city, cycleId, keep]);
      return { added, updated, removed: r.rowCount ?? 0 };
    });
  }

  async amendVoterList(city: string, cycleId: string, entries: VoterListEntry[], at: string, audit: AuditWrite): Promise<VoterListChange> {
    return this.change(city, cycleId, at, audit, async (c) => ({ ...(await this.upsert(c, city, cycleId, entries)), removed: 0 }));
  }

  async removeFromVoterList(city: string, cycleId: string, voterHashes: string[], at: string, audit: AuditWrite): Promise<VoterListChange> {
    return this.change(city, cycleId, at, audit, async (c) => {
      const r = await c.query('DELETE FROM voter_list WHERE city = $1 AND cycle_id = $2 AND voter_hash = ANY($3::text[])', [city, cycleId, voterHashes]);
      return { added: 0, updated: 0, removed: r.rowCount ?? 0 };
    });
  }

  async voterListEntry(city: string, cycleId: string, voterHash: string): Promise<VoterListEntry | null> {
    const r = await this.store.q<{ voter_hash: string; phone_hash: string; phone_sealed: string; district: string | null }>(
      'SELECT voter_hash, phone_hash, phone_sealed, district FROM voter_list WHERE city = $1 AND cycle_id = $2 AND voter_hash = $3',
      [city, cycleId, voterHash],
    );
    const x = r.rows[0];
    return x ? { voterHash: x.voter_hash, phoneHash: x.phone_hash, phoneSealed: x.phone_sealed, district: x.district } : null;
  }

  async voterListSummary(city: string, cycleId: string) {
    const byDistrict: Record<string, number> = {};
    let total = 0;
    const r = await this.store.q<{ district: string | null; n: number }>('SELECT district, count(*) AS n FROM voter_list WHERE city = $1 AND cycle_id = $2 GROUP BY district', [city, cycleId]);
    for (const x of r.rows) {
      byDistrict[x.district ?? ''] = x.n;
      total += x.n;
    }
    const meta = await this.store.q<{ updated_at: string }>('SELECT updated_at FROM voter_list_meta WHERE city = $1 AND cycle_id = $2', [city, cycleId]);
    return { total, byDistrict, updatedAt: meta.rows[0]?.updated_at ?? null };
  }

  async deleteVoterList(city: string, cycleId: string, audit: AuditWrite): Promise<number> {
    return this.store.tx(async (c) => {
      const n = (await c.query('DELETE FROM voter_list WHERE city = $1 AND cycle_id = $2', [city, cycleId])).rowCount ?? 0;
      await c.query('DELETE FROM voter_list_meta WHERE city = $1 AND cycle_id = $2', [city, cycleId]);
      await this.store.audit(c, { ...audit, details: { ...audit.details, removed: n } });
      return n;
    });
  }

  async voterLists(): Promise<{ city: string; cycleId: string }[]> {
    const r = await this.store.q<{ city: string; cycle_id: string }>('SELECT city, cycle_id FROM voter_list_meta');
    return r.rows.map((x) => ({ city: x.city, cycleId: x.cycle_id }));
  }

  async linkPhone(city: string, cycleId: string, phoneHash: string, voterHash: string, limit: number): Promise<boolean> {
    return this.store.tx(async (c) => {
      // One phone's links are counted and written by one transaction at a time, across instances.
      await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`phone-voters:${city}:${cycleId}:${phoneHash}`]);
      const linked = await c.query('SELECT 1 FROM phone_voters WHERE city = $1 AND cycle_id = $2 AND phone_hash = $3 AND voter_hash = $4', [city, cycleId, phoneHash, voterHash]);
      if (linked.rowCount) return true;
      const n = (await c.query<{ n: number }>('SELECT count(*) AS n FROM phone_voters WHERE city = $1 AND cycle_id = $2 AND phone_hash = $3', [city, cycleId, phoneHash])).rows[0]!.n;
      if (n >= limit) return false;
      // Under this phone's lock only: taking a link from another phone can only leave that phone more room.
      await c.query('DELETE FROM phone_voters WHERE city = $1 AND cycle_id = $2 AND voter_hash = $3', [city, cycleId, voterHash]);
      await c.query('INSERT INTO phone_voters (city, cycle_id, phone_hash, voter_hash) VALUES ($1, $2, $3, $4)', [city, cycleId, phoneHash, voterHash]);
      return true;
    });
  }

  async deletePhoneLinks(city: string, cycleId: string): Promise<number> {
    return (await this.store.q('DELETE FROM phone_voters WHERE city = $1 AND cycle_id = $2', [city, cycleId])).rowCount ?? 0;
  }

  async phoneLinkCycles(): Promise<{ city: string; cycleId: string }[]> {
    const r = await this.store.q<{ city: string; cycle_id: string }>('SELECT DISTINCT city, cycle_id FROM phone_voters');
    return r.rows.map((x) => ({ city: x.city, cycleId: x.cycle_id }));
  }
}
