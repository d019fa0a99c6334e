import type Database from 'better-sqlite3';
import type { ChallengeRecord, IdentityStore, VoterListChange, VoterListEntry } from './identity.js';
import { challengeFromRow, type ChallengeRow } from './rows.js';
import type { AuditWrite } from './types.js';

/** Migration 2 of `sqlite.ts`: challenges and the voter list (migration 7: `PHONE_LINKS_SQL`). */
export const IDENTITY_SQL = `
  CREATE TABLE challenges (
    id TEXT PRIMARY KEY,
    city TEXT NOT NULL,
    cycle_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('sms', 'oidc')),
    voter_hash TEXT,
    phone_hash TEXT,
    sealed TEXT NOT NULL,
    code_hash TEXT,
    state_hash TEXT UNIQUE,
    expires_at INTEGER NOT NULL,
    resend_at INTEGER NOT NULL,
    attempts_left INTEGER NOT NULL,
    outcome TEXT,
    district TEXT
  ) STRICT;
  CREATE INDEX challenges_expiry ON challenges (expires_at);

  CREATE TABLE voter_list (
    city TEXT NOT NULL,
    cycle_id TEXT NOT NULL,
    voter_hash TEXT NOT NULL,
    phone_hash TEXT NOT NULL,
    phone_sealed TEXT NOT NULL,
    district TEXT,
    PRIMARY KEY (city, cycle_id, voter_hash)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE voter_list_meta (
    city TEXT NOT NULL,
    cycle_id TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (city, cycle_id)
  ) STRICT;
`;

/**
 * Migration 7 of `sqlite.ts`: in a phone-only city, which voters each phone has verified in a cycle (keyed hashes
 * of both), so one phone verifies at most the city's `votersPerPhone`. Deleted when the cycle's voting ends.
 */
export const PHONE_LINKS_SQL = `
  CREATE TABLE phone_voters (
    city TEXT NOT NULL,
    cycle_id TEXT NOT NULL,
    phone_hash TEXT NOT NULL,
    voter_hash TEXT NOT NULL,
    PRIMARY KEY (city, cycle_id, phone_hash, voter_hash)
  ) STRICT, WITHOUT ROWID;
`;

/** Migration 8 of `sqlite.ts`: a voter's phone links found by the voter (a new phone takes the old one's place). */
export const PHONE_LINKS_BY_VOTER_SQL = `
  CREATE INDEX phone_voters_by_voter ON phone_voters (city, cycle_id, voter_hash);
`;

export class SqliteIdentityStore implements IdentityStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      saveChallenge: db.prepare(
        `INSERT INTO challenges (id, city, cycle_id, kind, voter_hash, phone_hash, sealed, code_hash, state_hash, proof_hash, expires_at, resend_at, attempts_left, outcome, district)
         VALUES (@id, @city, @cycleId, @kind, @voterHash, @phoneHash, @sealed, @codeHash, @stateHash, @proofHash, @expiresAt, @resendAt, @attemptsLeft, @outcome, @district)
         ON CONFLICT (id) DO UPDATE SET voter_hash = excluded.voter_hash, phone_hash = excluded.phone_hash, sealed = excluded.sealed, code_hash = excluded.code_hash,
           expires_at = excluded.expires_at, resend_at = excluded.resend_at, attempts_left = excluded.attempts_left, outcome = excluded.outcome, district = excluded.district`,
      ),
      getChallenge: db.prepare<[string], ChallengeRow>('SELECT * FROM challenges WHERE id = ?'),
      byState: db.prepare<[string], ChallengeRow>('SELECT * FROM challenges WHERE state_hash = ?'),
      finish: db.prepare("UPDATE challenges SET outcome = ?, voter_hash = ?, proof_hash = ? WHERE id = ? AND outcome = 'pending'"),
      wrong: db.prepare<[string], { attempts_left: number }>('UPDATE challenges SET attempts_left = attempts_left - 1 WHERE id = ? AND attempts_left > 0 RETURNING attempts_left'),
      del: db.prepare('DELETE FROM challenges WHERE id = ?'),
      refresh: db.prepare('UPDATE challenges SET code_hash = ?, expires_at = ?, resend_at = ?, attempts_left = ? WHERE id = ?'),
      claimResend: db.prepare('UPDATE challenges SET resend_at = ? WHERE id = ? AND resend_at <= ?'),
      sweep: db.prepare('DELETE FROM challenges WHERE expires_at < ?'),
      upsertVoter: db.prepare(
        `INSERT INTO voter_list (city, cycle_id, voter_hash, phone_hash, phone_sealed, district) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (city, cycle_id, voter_hash) DO UPDATE SET phone_hash = excluded.phone_hash, phone_sealed = excluded.phone_sealed, district = excluded.district`,
      ),
      hasVoter: db.prepare<[string, string, string], { n: number }>('SELECT 1 AS n FROM voter_list WHERE city = ? AND cycle_id = ? AND voter_hash = ?'),
      delVoter: db.prepare('DELETE FROM voter_list WHERE city = ? AND cycle_id = ? AND voter_hash = ?'),
      clearList: db.prepare('DELETE FROM voter_list WHERE city = ? AND cycle_id = ?'),
      count: db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM voter_list WHERE city = ? AND cycle_id = ?'),
      byDistrict: db.prepare<[string, string], { district: string | null; n: number }>(
        'SELECT district, count(*) AS n FROM voter_list WHERE city = ? AND cycle_id = ? GROUP BY district',
      ),
      entry: db.prepare<[string, string, string], { voter_hash: string; phone_hash: string; phone_sealed: string; district: string | null }>(
        'SELECT voter_hash, phone_hash, phone_sealed, district FROM voter_list WHERE city = ? AND cycle_id = ? AND voter_hash = ?',
      ),
      touch: db.prepare(
        'INSERT INTO voter_list_meta (city, cycle_id, updated_at) VALUES (?, ?, ?) ON CONFLICT (city, cycle_id) DO UPDATE SET updated_at = excluded.updated_at',
      ),
      meta: db.prepare<[string, string], { updated_at: string }>('SELECT updated_at FROM voter_list_meta WHERE city = ? AND cycle_id = ?'),
      delMeta: db.prepare('DELETE FROM voter_list_meta WHERE city = ? AND cycle_id = ?'),
      lists: db.prepare<[], { city: string; cycle_id: string }>('SELECT city, cycle_id FROM voter_list_meta'),
      audit: db.prepare('INSERT INTO audit (at, city, actor, action, target, details) VALUES (@at, @city, @actor, @action, @target, @details)'),
      phoneLinked: db.prepare<[string, string, string, string], { n: number }>(
        'SELECT 1 AS n FROM phone_voters WHERE city = ? AND cycle_id = ? AND phone_hash = ? AND voter_hash = ?',
      ),
      phoneVoters: db.prepare<[string, string, string], { n: number }>('SELECT count(*) AS n FROM phone_voters WHERE city = ? AND cycle_id = ? AND phone_hash = ?'),
      unlinkVoter: db.prepare('DELETE FROM phone_voters WHERE city = ? AND cycle_id = ? AND voter_hash = ?'),
      linkPhone: db.prepare('INSERT INTO phone_voters (city, cycle_id, phone_hash, voter_hash) VALUES (?, ?, ?, ?)'),
      delPhoneLinks: db.prepare('DELETE FROM phone_voters WHERE city = ? AND cycle_id = ?'),
      phoneLinkCycles: db.prepare<[], { city: string; cycle_id: string }>('SELECT DISTINCT city, cycle_id FROM phone_voters'),
    };
  }

  async saveChallenge(c: ChallengeRecord): Promise<void> {
    this.s.saveChallenge.run(c);
  }

  async getChallenge(id: string): Promise<ChallengeRecord | null> {
    const row = this.s.getChallenge.get(id);
    return row ? challengeFromRow(row) : null;
  }

  async challengeByState(stateHash: string): Promise<ChallengeRecord | null> {
    const row = this.s.byState.get(stateHash);
    return row ? challengeFromRow(row) : null;
  }

  async finishSignIn(id: string, outcome: string, voterHash: string | null, proofHash: string): Promise<boolean> {
    return this.s.finish.run(outcome, voterHash, proofHash, id).changes === 1;
  }

  async wrongCode(id: string): Promise<number> {
    return this.db.transaction(() => {
      const row = this.s.wrong.get(id);
      if (!row) {
        this.s.del.run(id);
        return -1;
      }
      if (row.attempts_left <= 0) this.s.del.run(id);
      return row.attempts_left;
    })();
  }

  async consumeChallenge(id: string): Promise<boolean> {
    return this.s.del.run(id).changes === 1;
  }

  async refreshChallenge(c: ChallengeRecord): Promise<boolean> {
    return this.s.refresh.run(c.codeHash, c.expiresAt, c.resendAt, c.attemptsLeft, c.id).changes === 1;
  }

  async claimResend(id: string, nowMs: number, nextMs: number): Promise<boolean> {
    return this.s.claimResend.run(nextMs, id, nowMs).changes === 1;
  }

  async deleteChallenge(id: string): Promise<void> {
    this.s.del.run(id);
  }

  async sweepChallenges(nowMs: number): Promise<number> {
    return this.s.sweep.run(nowMs).changes;
  }

  private change(city: string, cycleId: string, at: string, audit: AuditWrite, write: () => Omit<VoterListChange, 'total'>): VoterListChange {
    return this.db
      .transaction((): VoterListChange => {
        const done = write();
        this.s.touch.run(city, cycleId, at);
        const total = this.s.count.get(city, cycleId)!.n;
        this.s.audit.run({ ...audit, details: JSON.stringify({ ...audit.details, ...done, total }) });
        return { ...done, total };
      })
      .immediate();
  }

  private upsert(city: string, cycleId: string, entries: VoterListEntry[]): { added: number; updated: number } {
    let added = 0;
    let updated = 0;
    for (const e of entries) {
      if (this.s.hasVoter.get(city, cycleId, e.voterHash)) updated++;
      else added++;
      this.s.upsertVoter.run(city, cycleId, e.voterHash, e.phoneHash, e.phoneSealed, e.district);
    }
    return { added, updated };
  }

  async replaceVoterList(city: string, cycleId: string, entries: VoterListEntry[], at: string, audit: AuditWrite): Promise<VoterListChange> {
    return this.change(city, cycleId, at, audit, () => {
      const before = this.s.count.get(city, cycleId)!.n;
      const keep = new Set(entries.map((e) => e.voterHash));
      const { added, updated } = this.upsert(city, cycleId, entries);
      let removed = 0;
      if (before > updated) {
        const all = this.db.prepare<[string, string], { voter_hash: string }>('SELECT voter_hash FROM voter_list WHERE city = ? AND cycle_id = ?').all(city, cycleId);
        for (const r of all) if (!keep.has(r.voter_hash)) removed += this.s.delVoter.run(city, cycleId, r.voter_hash).changes;
      }
      return { added, updated, removed };
    });
  }

  async amendVoterList(city: string, cycleId: string, entries: VoterListEntry[], at: string, audit: AuditWrite): Promise<VoterListChange> {
    return this.change(city, cycleId, at, audit, () => ({ ...this.upsert(city, cycleId, entries), removed: 0 }));
  }

  async removeFromVoterList(city: string, cycleId: string, voterHashes: string[], at: string, audit: AuditWrite): Promise<VoterListChange> {
    return this.change(city, cycleId, at, audit, () => {
      let removed = 0;
      for (const h of voterHashes) removed += this.s.delVoter.run(city, cycleId, h).changes;
      return { added: 0, updated: 0, removed };
    });
  }

  async voterListEntry(city: string, cycleId: string, voterHash: string): Promise<VoterListEntry | null> {
    const r = this.s.entry.get(city, cycleId, voterHash);
    return r ? { voterHash: r.voter_hash, phoneHash: r.phone_hash, phoneSealed: r.phone_sealed, district: r.district } : null;
  }

  async voterListSummary(city: string, cycleId: string) {
    const byDistrict: Record<string, number> = {};
    let total = 0;
    for (const r of this.s.byDistrict.all(city, cycleId)) {
      byDistrict[r.district ?? ''] = r.n;
      total += r.n;
    }
    return { total, byDistrict, updatedAt: this.s.meta.get(city, cycleId)?.updated_at ?? null };
  }

  async deleteVoterList(city: string, cycleId: string, audit: AuditWrite): Promise<number> {
    return this.db
      .transaction(() => {
        const n = this.s.clearList.run(city, cycleId).changes;
        this.s.delMeta.run(city, cycleId);
        this.s.audit.run({ ...audit, details: JSON.stringify({ ...audit.details, removed: n }) });
        return n;
      })
      .immediate();
  }

  async voterLists(): Promise<{ city: string; cycleId: string }[]> {
    return this.s.lists.all().map((r) => ({ city: r.city, cycleId: r.cycle_id }));
  }

  async linkPhone(city: string, cycleId: string, phoneHash: string, voterHash: string, limit: number): Promise<boolean> {
    return this.db
      .transaction((): boolean => {
        if (this.s.phoneLinked.get(city, cycleId, phoneHash, voterHash)) return true;
        if (this.s.phoneVoters.get(city, cycleId, phoneHash)!.n >= limit) return false;
        this.s.unlinkVoter.run(city, cycleId, voterHash);
        this.s.linkPhone.run(city, cycleId, phoneHash, voterHash);
        return true;
      })
      .immediate();
  }

  async deletePhoneLinks(city: string, cycleId: string): Promise<number> {
    return this.s.delPhoneLinks.run(city, cycleId).changes;
  }

  async phoneLinkCycles(): Promise<{ city: string; cycleId: string }[]> {
    return this.s.phoneLinkCycles.all().map((r) => ({ city: r.city, cycleId: r.cycle_id }));
  }
}
