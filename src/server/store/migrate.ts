import type { Cycle } from '../../contract/index.js';
import type { ServerConfig } from '../config.js';
import { countPool } from '../services/results.js';
import { isBallotProject } from '../../domain/ballot-projects.js';
import { StoreError } from './errors.js';
import type { PgStore } from './postgres.js';
import type { SqliteStore } from './sqlite.js';
import type { CountedBallot, Store } from './types.js';

/** Every table of a deployment, parents first, with the columns both schemas share. */
const TABLES: { name: string; columns: string[]; order: string; serial?: string }[] = [
  { name: 'proposals', columns: ['id', 'city', 'cycle_id', 'status', 'author_hash', 'created_at', 'version', 'data'], order: 'rowid' },
  { name: 'photos', columns: ['id', 'city', 'type', 'width', 'height', 'name', 'size', 'created_at', 'proposal_id', 'bytes'], order: 'rowid' },
  { name: 'ballots', columns: ['seq', 'city', 'cycle_id', 'voter_hash', 'receipt_code', 'channel', 'cast_at', 'replaced_at', 'choices'], order: 'seq', serial: 'seq' },
  { name: 'idempotency', columns: ['scope', 'key', 'request_hash', 'status', 'body', 'created_at'], order: 'scope, key' },
  { name: 'phase_overrides', columns: ['city', 'cycle_id', 'phase', 'start', 'end'], order: 'rowid' },
  { name: 'audit', columns: ['id', 'at', 'city', 'actor', 'action', 'target', 'details'], order: 'id', serial: 'id' },
  { name: 'challenges', columns: ['id', 'city', 'cycle_id', 'kind', 'voter_hash', 'phone_hash', 'sealed', 'code_hash', 'state_hash', 'expires_at', 'resend_at', 'attempts_left', 'outcome', 'district', 'proof_hash'], order: 'rowid' },
  { name: 'voter_list', columns: ['city', 'cycle_id', 'voter_hash', 'phone_hash', 'phone_sealed', 'district'], order: 'city, cycle_id, voter_hash' },
  { name: 'voter_list_meta', columns: ['city', 'cycle_id', 'updated_at'], order: 'rowid' },
  { name: 'phone_voters', columns: ['city', 'cycle_id', 'phone_hash', 'voter_hash'], order: 'city, cycle_id, phone_hash, voter_hash' },
  {
    name: 'staff',
    columns: ['id', 'city', 'name', 'organisation', 'role', 'status', 'contact_kind', 'contact_hash', 'contact_sealed', 'contact_hint', 'subject_hash', 'invite_hash', 'invite_expires_at', 'invited_at', 'invited_by', 'activated_at', 'revoked_at', 'last_sign_in_at', 'version'],
    order: 'rowid',
  },
  { name: 'staff_sessions', columns: ['token_hash', 'staff_id', 'city', 'created_at', 'last_seen_at', 'expires_at'], order: 'token_hash' },
  { name: 'staff_challenges', columns: ['id', 'city', 'staff_id', 'kind', 'channel', 'code_hash', 'state_hash', 'sealed', 'invite_hash', 'subject_hash', 'expires_at', 'resend_at', 'attempts_left', 'outcome', 'proof_hash'], order: 'rowid' },
  { name: 'assignments', columns: ['city', 'proposal_id', 'staff_id', 'state', 'assigned_at', 'assigned_by', 'scores', 'recommendation', 'note', 'conflict_reason', 'updated_at'], order: 'city, proposal_id, staff_id' },
  { name: 'author_sessions', columns: ['token_hash', 'city', 'author_hash', 'expires_at'], order: 'token_hash' },
  { name: 'proposal_versions', columns: ['city', 'proposal_id', 'n', 'at', 'status', 'content'], order: 'city, proposal_id, n' },
  { name: 'author_contacts', columns: ['city', 'proposal_id', 'cycle_id', 'phone_sealed', 'locale', 'created_at'], order: 'city, proposal_id' },
  { name: 'implementations', columns: ['city', 'project_id', 'cycle_id', 'state', 'version', 'created_at', 'updated_at', 'data'], order: 'city, project_id' },
  { name: 'implementation_updates', columns: ['id', 'seq', 'city', 'project_id', 'at', 'public', 'data'], order: 'seq', serial: 'seq' },
];

export interface MigrationReport {
  rows: Record<string, number>;
  /** One line per (city, cycle) recounted on the target. */
  recounts: string[];
}

const quote = (c: string) => `"${c}"`;

/**
 * Copies a SQLite deployment into an empty PostgreSQL database in one
 * transaction (all or nothing), then checks the copy: the same number of rows
 * in every table, the same counted ballots, and the same result of every
 * cycle's count on both sides (by the cycle's rule when `config` knows the
 * cycle, else the votes per project).
 */
export async function migrateSqliteToPostgres(from: SqliteStore, to: PgStore, config: ServerConfig | null, log: (line: string) => void = () => undefined): Promise<MigrationReport> {
  for (const t of TABLES) {
    const n = (await to.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.name}`)).rows[0]!.n;
    if (n > 0) throw new StoreError('unusable', `the target database is not empty (${t.name} has ${n} rows); migrate-store copies only into an empty database`);
  }
  const rows: Record<string, number> = {};
  await to.tx(async (c) => {
    for (const t of TABLES) {
      const select = from.db.prepare(`SELECT ${t.columns.map(quote).join(', ')} FROM ${t.name} ORDER BY ${t.order}`).raw(true);
      let batch: unknown[][] = [];
      let n = 0;
      const flush = async () => {
        if (!batch.length) return;
        const params: unknown[] = [];
        const values = batch.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`).join(', ');
        await c.query(`INSERT INTO ${t.name} (${t.columns.map(quote).join(', ')}) VALUES ${values}`, params);
        n += batch.length;
        batch = [];
      };
      for (const row of select.iterate() as Iterable<unknown[]>) {
        batch.push(row);
        if (batch.length >= 200) await flush();
      }
      await flush();
      if (t.serial && n > 0) await c.query(`SELECT setval(pg_get_serial_sequence('${t.name}', '${t.serial}'), (SELECT max(${t.serial}) FROM ${t.name}))`);
      rows[t.name] = n;
      log(`copied ${t.name}: ${n} rows`);
    }
  });

  for (const t of TABLES) {
    const there = (await to.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.name}`)).rows[0]!.n;
    if (there !== rows[t.name]) throw new StoreError('unusable', `verification failed: ${t.name} has ${rows[t.name]} rows in the source and ${there} in the target`);
  }

  const recounts: string[] = [];
  const cycles = from.db.prepare('SELECT DISTINCT city, cycle_id FROM ballots UNION SELECT DISTINCT city, cycle_id FROM proposals ORDER BY 1, 2').all() as { city: string; cycle_id: string }[];
  for (const { city, cycle_id: cycleId } of cycles) {
    const [a, b] = await Promise.all([recount(from, city, cycleId, config), recount(to, city, cycleId, config)]);
    if (a.ballots !== b.ballots) throw new StoreError('unusable', `verification failed: ${city}/${cycleId} counts different ballots on the target`);
    if (a.outcome !== b.outcome) throw new StoreError('unusable', `verification failed: the recount of ${city}/${cycleId} differs on the target`);
    const line = `${city}/${cycleId}: ${a.counted} counted ballots, ${a.how} recount matches`;
    recounts.push(line);
    log(line);
  }
  return { rows, recounts };
}

/** A cycle's count as text, to compare two stores: the counted ballots, and the outcome by rule (or votes per project). */
async function recount(store: Store, city: string, cycleId: string, config: ServerConfig | null): Promise<{ ballots: string; outcome: string; counted: number; how: string }> {
  const ballots = await store.countedBallots(city, cycleId);
  const cycle: Cycle | undefined = config?.cities.get(city)?.cycles.find((c) => c.id === cycleId);
  const ballotsText = JSON.stringify(ballots.map((b: CountedBallot) => [b.seq, b.channel, b.choices]));
  if (cycle) {
    const projects = (await store.listProposals(city, cycleId)).filter(isBallotProject);
    const pools = cycle.pools.map((_, i) => countPool(cycle, i, projects, ballots));
    return { ballots: ballotsText, outcome: JSON.stringify(pools), counted: ballots.length, how: `${cycle.counting.rule}` };
  }
  const votes: Record<string, number> = {};
  for (const b of ballots) for (const c of b.choices) for (const p of c.picks) votes[`${c.poolId}/${p.projectId}`] = (votes[`${c.poolId}/${p.projectId}`] ?? 0) + (p.points ?? 1);
  return { ballots: ballotsText, outcome: JSON.stringify(Object.entries(votes).sort()), counted: ballots.length, how: 'votes-per-project' };
}
