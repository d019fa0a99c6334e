/**
 * Published results stay as counted, and results answer for the cycle asked.
 *
 * - A cycle's ballot is fixed from the start of its voting on, for good: while
 *   the next cycle takes proposals, last year's projects cannot be re-costed,
 *   taken off the ballot's statuses, hidden, shown again, merged or placed
 *   (403 `phase_closed`, as the existing guard answers); the same holds within
 *   the cycle after its voting (a winner cannot be rejected out of the count).
 *   Moving between the ballot's statuses stays allowed (the final results keep
 *   the count and show the council's decision next to it), and so does
 *   cancelling a funded project through its implementation record.
 * - A count of one cycle is never the answer for another: last year's final
 *   results asked for while this year's live count runs (and the other way
 *   round) each get their own cycle's.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Results, type Cycle, type PoolResult } from '../../src/contract/index.js';
import { parseConfig } from '../../src/server/config.js';
import { silentLogger } from '../../src/server/logger.js';
import { Core } from '../../src/server/services/core.js';
import { ProposalService } from '../../src/server/services/proposals.js';
import { ResultsService } from '../../src/server/services/results.js';
import { consoleSms } from '../../src/server/sms.js';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import type { CountedBallot, ProposalRecord } from '../../src/server/store/types.js';
import { AT, call, exampleConfigFile, testServer, type TestServer } from '../../src/server/testing.js';
import { assertError, fundedProject, withLastYear } from './support/implementation.js';

const FIXED = 'the ballot is fixed once voting has started';
const NO_HIDING = 'a project on the ballot cannot be hidden once voting has started';

/** The refusal the existing guard gives: 403 `phase_closed` with its message, no issue. */
function assertFixed(r: { status: number; body: any; text: string }, message = FIXED) {
  assertError(r, 403, 'phase_closed');
  assert.equal(r.body.message, message, r.text);
  assert.equal(r.body.details?.issues, undefined);
}

/** A pool's count reduced to what the published results say: project, cost, votes, funded. */
const counted = (r: Results) => r.pools.map((pool) => pool.projects.map((p) => [p.projectId, p.cost, p.votes, p.funded] as const));

async function paperBallots(t: TestServer, cycleId: string, picks: string[][]) {
  await t.store.castPaperBallots(
    picks.map((ids, i) => ({ city: 'aksu', cycleId, voterHash: null, receiptCode: `AAAA-AAAA-AAAA-AA${String(i).padStart(2, '0')}`, channel: 'paper' as const, castAt: '2025-09-10T00:00:00Z', replacedAt: null, choices: [{ poolId: 'city', picks: ids.map((projectId) => ({ projectId })) }] })),
    { scope: 's', key: `k-${cycleId}`, requestHash: 'h', status: 201, body: '{}', createdAt: '2025-09-10T00:00:00Z' },
    { at: '2025-09-10T00:00:00Z', city: 'aksu', actor: 't', action: 't', target: null, details: {} },
  );
}

describe('last year’s ballot stays fixed while this year takes proposals', () => {
  let t: TestServer;
  const winner = fundedProject('fz', { status: 'winner', finalCost: 60_000_000 });
  const loser = fundedProject('fz', { status: 'not_funded', finalCost: 60_000_000 });
  const other = fundedProject('fz', { status: 'winner', finalCost: 20_000_000 });
  // Off last year's ballot (rejected in review): not counted, and it cannot be put on that ballot now.
  const offBallot = fundedProject('fz', { status: 'rejected', poolId: undefined });
  // This year's, in this year's submission: its ballot is not fixed yet.
  const current = fundedProject('fz', { cycleId: 'aksu-2026', status: 'on_ballot', finalCost: 5_000_000 });

  before(async () => {
    t = testServer({ now: AT.aksu.submission, edit: withLastYear });
    for (const p of [winner, loser, other, offBallot, current]) await t.store.createProposal(p, null);
    await paperBallots(t, 'aksu-2025', [[winner.id, loser.id, other.id], [winner.id, other.id], [other.id]]);
  });
  after(() => t.close());

  const admin = (path: string, body: unknown) => call(t.app, 'POST', `/admin/cities/aksu/proposals/${path}`, { token: t.adminTokens['aksu-centre']!, body });
  const lastYear = async () => Results.parse((await call(t.app, 'GET', '/cities/aksu/results?cycle=aksu-2025')).body);

  test('re-costing, leaving the ballot’s statuses, hiding, showing again, merging and placing are refused; the published count stays', async () => {
    const before = await lastYear();
    assert.equal(before.mode, 'final');
    assert.deepEqual(counted(before)[0]!.map((x) => [x[0], x[3]]).sort(), [[loser.id, false], [other.id, true], [winner.id, true]].sort());

    assertFixed(await admin(`${loser.id}/cost`, { finalCost: 8_000_000 }));
    for (const status of ['rejected', 'withdrawn', 'accepted', 'under_review', 'needs_changes'])
      for (const p of [winner, loser]) assertFixed(await admin(`${p.id}/status`, { status, note: 'x' }));
    assertFixed(await admin(`${winner.id}/visibility`, { hidden: true }), NO_HIDING);
    assertFixed(await admin(`${loser.id}/visibility`, { hidden: true }), NO_HIDING);
    assertFixed(await admin(`${winner.id}/merge`, { into: offBallot.id }));
    assertFixed(await admin(`${offBallot.id}/merge`, { into: loser.id }));
    assertFixed(await admin(`${offBallot.id}/ballot`, { poolId: 'city' }));

    const after = await lastYear();
    assert.deepEqual(counted(after), counted(before), 'the published final results are as counted');
    for (const p of [winner, loser]) {
      const stored = (await t.store.getProposal('aksu', p.id))!;
      assert.equal(stored.status, p.status);
      assert.equal(stored.poolId, 'city');
      assert.equal(stored.finalCost, p.finalCost);
      assert.equal(stored.hidden, false);
    }
  });

  test('a project hidden before last year’s voting is not shown again (that would add it to the count)', async () => {
    const hidden = fundedProject('fz', { status: 'not_funded', hidden: true, finalCost: 1_000_000 });
    await t.store.createProposal(hidden, null);
    const before = await lastYear();
    assertFixed(await admin(`${hidden.id}/visibility`, { hidden: false }));
    assert.deepEqual(counted(await lastYear()), counted(before));
    // Publishing stays the centre's to change.
    const r = await admin(`${hidden.id}/visibility`, { published: false });
    assert.equal(r.status, 200, r.text);
  });

  test('moving between the ballot’s statuses is allowed: the count stays and shows the council’s decision', async () => {
    const r = await admin(`${loser.id}/status`, { status: 'winner', note: 'Из резерва акимата.' });
    assert.equal(r.status, 200, r.text);
    const results = await lastYear();
    const row = results.pools[0]!.projects.find((p) => p.projectId === loser.id)!;
    assert.equal(row.funded, false, 'as counted');
    assert.deepEqual(row.decision && { funded: row.decision.funded, note: row.decision.note }, { funded: true, note: 'Из резерва акимата.' });
  });

  test('cancelling a funded project through its implementation record still works and keeps its place in the count', async () => {
    const before = await lastYear();
    const reason = { kk: 'Жер телімі берілмеді.', ru: 'Участок не выделен.', en: 'The plot was not allotted.' };
    const r = await call(t.app, 'POST', `/admin/cities/aksu/implementation/${other.id}/finish`, { token: t.adminTokens['aksu-centre']!, body: { outcome: 'cancelled', reason } });
    assert.equal(r.status, 200, r.text);
    assert.equal((await t.store.getProposal('aksu', other.id))!.status, 'cancelled');
    assert.deepEqual(counted(await lastYear()), counted(before));
  });

  test('this year’s ballot, before its voting, can still change', async () => {
    const cost = await admin(`${current.id}/cost`, { finalCost: 6_000_000 });
    assert.equal(cost.status, 200, cost.text);
    const hide = await admin(`${current.id}/visibility`, { hidden: true });
    assert.equal(hide.status, 200, hide.text);
    const off = await admin(`${current.id}/status`, { status: 'needs_changes', note: 'Уточните адрес' });
    assert.equal(off.status, 200, off.text);
    assert.equal((await t.store.getProposal('aksu', current.id))!.poolId, undefined);
  });
});

describe('after this cycle’s voting a project of its ballot stays in the count', () => {
  let t: TestServer;
  const a = fundedProject('fy', { cycleId: 'aksu-2026', status: 'on_ballot', finalCost: 8_000_000 });
  const b = fundedProject('fy', { cycleId: 'aksu-2026', status: 'on_ballot', finalCost: 8_000_000 });
  before(async () => {
    t = testServer({ now: AT.aksu.results });
    for (const p of [a, b]) await t.store.createProposal(p, null);
  });
  after(() => t.close());

  const admin = (path: string, body: unknown) => call(t.app, 'POST', `/admin/cities/aksu/${path}`, { token: t.adminTokens['aksu-centre']!, body });
  const results = async () => Results.parse((await call(t.app, 'GET', '/cities/aksu/results')).body);

  test('a winner cannot be rejected, withdrawn or hidden out of the final count; not funded against the count is allowed and shown', async () => {
    const applied = await admin('results/apply', {});
    assert.equal(applied.status, 200, applied.text);
    assert.deepEqual([...applied.body.winners].sort(), [a.id, b.id].sort());
    const before = await results();
    assert.equal(before.mode, 'final');
    for (const status of ['rejected', 'withdrawn', 'accepted']) assertFixed(await admin(`proposals/${a.id}/status`, { status, note: 'Совет передумал' }));
    assertFixed(await admin(`proposals/${a.id}/visibility`, { hidden: true }), NO_HIDING);
    assertFixed(await admin(`proposals/${a.id}/cost`, { finalCost: 1_000_000 }));
    assert.deepEqual(counted(await results()), counted(before), 'the final results are as counted');
    assert.equal((await t.store.getProposal('aksu', a.id))!.status, 'winner');

    const against = await admin(`proposals/${a.id}/status`, { status: 'not_funded', note: 'Совет передумал' });
    assert.equal(against.status, 200, against.text);
    const after = await results();
    assert.deepEqual(counted(after), counted(before), 'the count stays');
    assert.equal(after.pools[0]!.projects.find((p) => p.projectId === a.id)!.decision?.funded, false, 'and shows the decision');
  });
});

describe('results answer for the cycle asked, never with another cycle’s count', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qala-results-cycle-'));
  let store: SqliteStore;
  after(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('this year’s live count asked for while last year’s final one is counted is this year’s, and each cycle keeps its own count', async () => {
    const file = exampleConfigFile();
    withLastYear(file);
    const aksu = file.cities.find((c) => c.slug === 'aksu')!;
    for (const c of file.cities) c.identity = { method: 'phone_only' };
    aksu.cycles.find((c) => c.id === 'aksu-2026')!.liveCounts = true;
    const config = parseConfig(file);
    store = new SqliteStore(join(dir, 'qala.db'));
    const core = new Core({ config, store, secrets: { secret: randomBytes(32), adminTokens: {} }, clock: () => new Date(AT.aksu.voting), sms: consoleSms(silentLogger), logger: silentLogger });
    await store.createProposal(fundedProject('fx', {}), null);
    await store.createProposal(fundedProject('fx', { cycleId: 'aksu-2026', status: 'on_ballot' }), null);
    // A count that waits until the test lets it finish, so the two requests overlap for certain.
    const waiting: { cycle: string; release: () => void }[] = [];
    const counter = (c: Cycle, i: number, projects: ProposalRecord[], b: CountedBallot[]) =>
      new Promise<PoolResult>((resolve) => {
        const pool = c.pools[i]!;
        const ids = projects.filter((p) => p.poolId === pool.id).map((p) => p.id);
        waiting.push({
          cycle: c.id,
          release: () => resolve({ poolId: pool.id, name: pool.name, budget: pool.budget, spent: 0, rule: c.counting.rule, tieBreak: c.counting.tieBreak, ballots: b.length, projects: ids.map((projectId) => ({ projectId, title: projectId, cost: 1, votes: 0, funded: false, explanation: { kind: 'no_support' } })) }),
        });
      });
    const results = new ResultsService(core, new ProposalService(core), counter);
    const until = async (what: string, ok: () => boolean) => {
      for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(ok(), what);
    };
    const releaseAll = () => {
      for (const w of waiting.splice(0)) w.release();
    };

    const last = results.compute(await core.view('aksu', 'aksu-2025'));
    await until('last year’s count started', () => waiting.some((w) => w.cycle === 'aksu-2025'));
    const current = results.compute(await core.view('aksu'));
    // This year's count starts too (its own, not a wait on last year's); let everything finish.
    await until('this year’s count started', () => waiting.some((w) => w.cycle === 'aksu-2026'));
    releaseAll();
    const [l, c] = await Promise.all([last, current]);
    assert.equal(l.cycleId, 'aksu-2025');
    assert.equal(l.mode, 'final');
    assert.equal(c.cycleId, 'aksu-2026', 'this year’s results are this year’s');
    assert.equal(c.mode, 'live');
    assert.ok(c.pools[0]!.projects.every((p) => p.projectId.startsWith('fx-') && p.projectId !== l.pools[0]!.projects[0]!.projectId));

    // Each cycle keeps its own count: asking for one, then the other, then the first again counts nothing anew.
    for (const cycleId of ['aksu-2025', undefined, 'aksu-2025', undefined]) {
      const r = results.compute(await core.view('aksu', cycleId));
      const settled = await Promise.race([r, new Promise<null>((resolve) => setTimeout(() => resolve(null), 100))]);
      assert.equal(waiting.length, 0, `no new count for ${cycleId ?? 'this year'}`);
      assert.equal(settled?.cycleId, cycleId ?? 'aksu-2026');
    }
    releaseAll();
  });
});
