/**
 * One count per city at a time across instances: two server cores on one
 * PostgreSQL database, each with a count that blocks until released. While
 * one instance counts, the other does not start a count of its own; it counts
 * once the first has finished.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Cycle, PoolResult } from '../../src/contract/index.js';
import { parseConfig } from '../../src/server/config.js';
import { silentLogger } from '../../src/server/logger.js';
import { Core } from '../../src/server/services/core.js';
import { ProposalService } from '../../src/server/services/proposals.js';
import { ResultsService } from '../../src/server/services/results.js';
import { consoleSms } from '../../src/server/sms.js';
import { PgStore } from '../../src/server/store/postgres.js';
import type { CountedBallot, ProposalRecord } from '../../src/server/store/types.js';
import { AT, exampleConfigFile } from '../../src/server/testing.js';
import { tempDatabase, type TempDatabase } from './support/pg.js';

let db: TempDatabase;
const stores: PgStore[] = [];
before(async () => {
  db = await tempDatabase('qala_lease');
});
after(async () => {
  for (const s of stores) await s.close();
  await db.drop();
});

test('two instances never count the same city at once; the second counts after the first', async () => {
  const file = exampleConfigFile();
  for (const c of file.cities) c.identity = { method: 'phone_only' };
  const config = parseConfig(file);
  const secrets = { secret: randomBytes(32), adminTokens: {} };
  const running: string[] = [];
  let most = 0;
  const releases: (() => void)[] = [];
  const instance = async (name: string) => {
    const store = await PgStore.open(db.url);
    stores.push(store);
    const core = new Core({ config, store, secrets, clock: () => new Date(AT.aksu.results), sms: consoleSms(silentLogger), logger: silentLogger });
    const counter = (c: Cycle, i: number, _p: ProposalRecord[], b: CountedBallot[]) =>
      new Promise<PoolResult>((resolve) => {
        running.push(name);
        most = Math.max(most, running.length);
        const pool = c.pools[i]!;
        releases.push(() => {
          running.splice(running.indexOf(name), 1);
          resolve({ poolId: pool.id, name: pool.name, budget: pool.budget, spent: 0, rule: c.counting.rule, tieBreak: c.counting.tieBreak, ballots: b.length, projects: [] });
        });
      });
    return { core, results: new ResultsService(core, new ProposalService(core), counter) };
  };
  const a = await instance('a');
  const b = await instance('b');
  const fromA = a.core.view('aksu').then((v) => a.results.compute(v));
  for (let i = 0; i < 100 && running.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(running, ['a']);
  const fromB = b.core.view('aksu').then((v) => b.results.compute(v));
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(running, ['a'], 'b waits while a counts (final results)');
  releases.shift()!();
  assert.equal((await fromA).mode, 'final');
  for (let i = 0; i < 100 && running.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(running, ['b'], 'then b counts');
  releases.shift()!();
  assert.equal((await fromB).mode, 'final');
  assert.equal(most, 1, 'never two counts at once');
});
