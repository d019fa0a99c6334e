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
import { countPool, countPoolAsync } from '../../src/server/services/results.js';
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
