/**
 * Large pools are counted on a worker thread, so a long count (MES with Add1)
 * never stalls the server; the outcome is the one counted in place.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Cycle } from '../../src/contract/index.js';
import { parsePabulib } from '../../src/domain/pabulib.js';
import { aksuCycle } from '../../src/mock/fixtures.js';
import { ResultsService, countPool, countPoolAsync } from '../../src/server/services/results.js';
import { AT, testServer } from '../../src/server/testing.js';
import type { PoolResult } from '../../src/contract/index.js';
import { setOffThreadThreshold } from '../../src/server/services/tally-thread.js';
import type { CountedBallot, ProposalRecord } from '../../src/server/store/types.js';

// A real election (Warsaw, Gocław 2017: 1 500+ voters) as a pool of the reference server.
const pb = parsePabulib(readFileSync(new URL('../fixtures/pabulib/poland_warszawa_2017_goclaw.pb', import.meta.url), 'utf8'));
const budget = Math.floor(Number(pb.meta.budget!.replace(',', '.')));
const base = aksuCycle(Date.now());
const cycle: Cycle = { ...base, counting: { rule: 'mes-add1', tieBreak: 'lexico' }, pools: [{ ...base.pools[0]!, budget }] };
const projects = pb.projectIds.map((id, i) => ({ id, title: `Projekt ${id}`, estimatedCost: Math.round(pb.costs[i]!.toNumber()), poolId: 'city' }) as unknown as ProposalRecord);
const ballots: CountedBallot[] = pb.ballots.map((b, seq) => ({ seq, channel: 'online', choices: [{ poolId: 'city', picks: b.projects.map((projectId) => ({ projectId })) }] }));

describe('counting on a worker thread', () => {
  after(() => setOffThreadThreshold(5_000));

  test('gives the outcome counted in place, and leaves the event loop free meanwhile', async () => {
    const inPlace = countPool(cycle, 0, projects, ballots);
    setOffThreadThreshold(0);
    let loopRan = false;
    const counting = countPoolAsync(cycle, 0, projects, ballots);
    setImmediate(() => (loopRan = true));
    const offThread = await counting;
    assert.ok(loopRan, 'the event loop went on while the pool was counted');
    assert.deepEqual(offThread, inPlace);
    assert.ok(inPlace.projects.some((p) => p.funded));
  });

  test('counts small pools in place (no thread for a handful of ballots)', async () => {
    setOffThreadThreshold(10_000);
    let loopRan = false;
    const counting = countPoolAsync(cycle, 0, projects, ballots.slice(0, 50));
    setImmediate(() => (loopRan = true));
    const result = await counting;
    assert.equal(loopRan, false, 'counted synchronously, before the loop turned');
    assert.deepEqual(result, countPool(cycle, 0, projects, ballots.slice(0, 50)));
  });

  test('a failing count rejects, and the next count still works', async () => {
    setOffThreadThreshold(0);
    const duplicate = [...projects, projects[0]!];
    await assert.rejects(countPoolAsync(cycle, 0, duplicate, ballots));
    const again = await countPoolAsync(cycle, 0, projects, ballots);
    assert.ok(again.projects.some((p) => p.funded));
  });
});

describe('recounting live results', () => {
  test('one count per city at a time: while one runs, live requests get the last finished count; final results wait for their own', async () => {
    const t = testServer({ now: AT.aksu.voting });
    try {
      const { core, proposals } = t.app.qala;
      const started: { release: () => void }[] = [];
      const counter = (c: Cycle, i: number, _p: ProposalRecord[], b: CountedBallot[]) =>
        new Promise<PoolResult>((resolve) => {
          const pool = c.pools[i]!;
          started.push({ release: () => resolve({ poolId: pool.id, name: pool.name, budget: pool.budget, spent: 0, rule: c.counting.rule, tieBreak: c.counting.tieBreak, ballots: b.length, projects: [] }) });
        });
      const service = new ResultsService(core, proposals, counter);
      /** New ballots: a new snapshot once the live snapshot's second is over. */
      const newBallots = async () => {
        core.bump('ballots', 'aksu');
        await new Promise((r) => setTimeout(r, 1_100));
      };
      const live = () => core.view('aksu').then((v) => service.compute(v));

      const a = live();
      const b = live();
      await new Promise((r) => setImmediate(r));
      assert.equal(started.length, 1, 'the same request waits for the same count');
      await newBallots();
      const c = live();
      await new Promise((r) => setImmediate(r));
      assert.equal(started.length, 1, 'nothing counted yet: a newer request waits for the count under way, it does not start another');
      started[0]!.release();
      const [ra, rb, rc] = await Promise.all([a, b, c]);
      assert.equal(ra, rb);
      assert.equal(rc, ra);

      const d = live();
      await new Promise((r) => setImmediate(r));
      assert.equal(started.length, 2, 'new ballots since the last count: a recount');
      await newBallots();
      assert.equal(await live(), ra, 'while it runs, the last finished count is served at once');
      assert.equal(started.length, 2);
      started[1]!.release();
      const rd = await d;
      assert.notEqual(rd, ra);

      await newBallots();
      const e = live();
      await new Promise((r) => setImmediate(r));
      assert.equal(started.length, 3);
      t.setNow(AT.aksu.results);
      const final = core.view('aksu').then((v) => service.compute(v));
      await new Promise((r) => setImmediate(r));
      assert.equal(started.length, 3, 'final results wait for the count under way first');
      started[2]!.release();
      await e;
      for (let i = 0; i < 20 && started.length < 4; i++) await new Promise((r) => setImmediate(r));
      assert.equal(started.length, 4, 'then count the final ballots');
      started[3]!.release();
      assert.equal((await final).mode, 'final');
    } finally {
      t.close();
    }
  });
});
