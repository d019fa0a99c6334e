/**
 * Every ballot rule against the real app: the demo's rule variants of Aksu
 * (single, knapsack with a minimum share, cumulative, ranked) take a valid
 * ballot, refuse one that breaks the rule, and count it in the results.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keys } from '../../src/server/crypto.js';
import { demoConfig, seedAll, seedCity } from '../../src/server/seed.js';
import { AT, adultIins, call, newKey, phoneFor, testServer, verify, type TestServer } from '../../src/server/testing.js';

describe('every ballot rule on the reference server', () => {
  let t: TestServer;
  const now = new Date();
  before(async () => {
    t = testServer({
      now: now.toISOString(),
      edit: (file) => Object.assign(file, demoConfig(file, now)),
    });
    await seedAll(t.store, new Keys(t.secrets.secret), t.config, now);
  });
  after(() => t.close());

  const iins = adultIins(20, 500);
  let voter = 0;

  async function onBallot(city: string): Promise<{ id: string; cost: number }[]> {
    const page = await call(t.app, 'GET', `/cities/${city}/proposals?status=on_ballot&limit=100&sort=cost_asc`);
    assert.equal(page.status, 200, page.text);
    return page.body.items.map((p: { id: string; finalCost?: number; estimatedCost: number }) => ({ id: p.id, cost: p.finalCost ?? p.estimatedCost }));
  }

  async function cast(city: string, picks: { projectId: string; points?: number }[]) {
    const i = voter++;
    const { token, session } = await verify(t, city, iins[i]!, phoneFor(900 + i));
    return call(t.app, 'POST', `/cities/${city}/ballots`, { token, key: newKey(), body: { cycleId: session.cycleId, choices: [{ poolId: 'city', picks }] } });
  }

  const cases: { city: string; valid: (p: { id: string; cost: number }[]) => { projectId: string; points?: number }[]; invalid: (p: { id: string; cost: number }[]) => { projectId: string; points?: number }[]; issue: string }[] = [
    { city: 'aksu-single', valid: (p) => [{ projectId: p[0]!.id }], invalid: (p) => [{ projectId: p[0]!.id }, { projectId: p[1]!.id }], issue: 'ballot.too_many' },
    {
      city: 'aksu-knapsack',
      // Cheapest first until at least half of the 30 000 000 ₸ pool is chosen, never over it.
      valid: (p) => {
        const picks: { projectId: string }[] = [];
        let sum = 0;
        for (const x of p) if (sum < 15_000_000 && sum + x.cost <= 30_000_000) (picks.push({ projectId: x.id }), (sum += x.cost));
        return picks;
      },
      invalid: (p) => [{ projectId: p[0]!.id }],
      issue: 'ballot.under_min_share',
    },
    { city: 'aksu-cumulative', valid: (p) => [{ projectId: p[0]!.id, points: 5 }, { projectId: p[1]!.id, points: 5 }], invalid: (p) => [{ projectId: p[0]!.id, points: 6 }], issue: 'ballot.points_over_max' },
    { city: 'aksu-ranked', valid: (p) => [{ projectId: p[2]!.id }, { projectId: p[0]!.id }, { projectId: p[1]!.id }], invalid: (p) => p.slice(0, 4).map((x) => ({ projectId: x.id })), issue: 'ballot.too_many' },
  ];

  for (const c of cases) {
    test(`${c.city}: a valid ballot is counted, a ballot breaking the rule is refused with the reason`, async () => {
      const projects = await onBallot(c.city);
      assert.ok(projects.length >= 4, 'the demo puts projects on the ballot');
      const bad = await cast(c.city, c.invalid(projects));
      assert.equal(bad.status, 422, bad.text);
      assert.equal(bad.body.code, 'ballot_invalid');
      assert.ok(bad.body.details.issues.some((i: { message: string }) => i.message === c.issue), JSON.stringify(bad.body.details.issues));
      const picks = c.valid(projects);
      const good = await cast(c.city, picks);
      assert.equal(good.status, 201, good.text);
      const receipt = await call(t.app, 'GET', `/cities/${c.city}/receipts/${good.body.receiptCode}`);
      assert.equal(receipt.body.status, 'counted');
      // When results are published, the pick is counted with its weight.
      t.setNow(new Date(now.getTime() + 20 * 86_400_000).toISOString());
      const results = await call(t.app, 'GET', `/cities/${c.city}/results`);
      t.setNow(now.toISOString());
      assert.equal(results.status, 200, results.text);
      assert.equal(results.body.mode, 'final');
      const rows = results.body.pools[0].projects as { projectId: string; votes: number; funded: boolean; explanation: { kind: string } }[];
      const first = rows.find((r) => r.projectId === picks[0]!.projectId)!;
      assert.equal(first.votes, picks[0]!.points ?? 1);
      assert.ok(rows.every((r) => typeof r.explanation.kind === 'string'));
      if (c.city === 'aksu-ranked') {
        // Ranked ballots count first preferences: the second and third ranks add no votes.
        assert.equal(rows.find((r) => r.projectId === picks[1]!.projectId)!.votes, 0);
      }
    });
  }
});

test('the admin list refuses a repeated query key (except status) and a cursor that is not one it gave, as the public list does', async () => {
  const t = testServer({ now: AT.aksu.review });
  try {
    const token = t.adminTokens['aksu-centre']!;
    const list = (query: string) => call(t.app, 'GET', `/admin/cities/aksu/proposals?${query}`, { token });
    assert.equal((await list('status=submitted&status=under_review')).status, 200, 'several statuses');
    for (const query of ['limit=1&limit=500', 'q=a&q=b', 'hidden=true&hidden=false']) {
      const r = await list(query);
      assert.deepEqual([r.status, r.body.details?.issues?.[0]?.message], [400, 'query.repeated'], query);
    }
    const cursor = (text: string) => Buffer.from(text).toString('base64url');
    assert.equal((await list(`cursor=${cursor('0')}`)).status, 200);
    for (const bad of ['12abc', ' 1', '1e3', '-1']) {
      const r = await list(`cursor=${cursor(bad)}`);
      assert.deepEqual([r.status, r.body.details?.issues?.[0]?.message], [400, 'cursor.invalid'], JSON.stringify(bad));
    }
  } finally {
    t.close();
  }
});

test('the audit log pages with its own cursor and refuses one it did not give (malformed, an id, another list’s) and a repeated key, as the proposal lists do', async () => {
  const t = testServer({ now: AT.aksu.review });
  try {
    const token = t.adminTokens['aksu-centre']!;
    const rt = t.config.cities.get('aksu')!;
    await seedCity(t.store, new Keys(t.secrets.secret), rt, rt.cycles[0]!, t.now());
    const proposals = (await call(t.app, 'GET', '/admin/cities/aksu/proposals?limit=2', { token })).body;
    for (const p of proposals.items) assert.equal((await call(t.app, 'POST', `/admin/cities/aksu/proposals/${p.id}/visibility`, { token, body: { published: true } })).status, 200);
    const audit = (query: string) => call(t.app, 'GET', `/admin/cities/aksu/audit?${query}`, { token });

    const first = await audit('limit=2');
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.items.length, 2);
    assert.ok(first.body.nextCursor, 'more than one page');
    const second = await audit(`limit=2&cursor=${first.body.nextCursor}`);
    assert.equal(second.status, 200, second.text);
    assert.ok(second.body.items.length > 0 && second.body.items.every((e: { id: number }) => e.id < first.body.items[1].id), 'the next page goes on from the last entry shown');
    assert.equal((await audit('cursor=')).body.items[0]?.id, first.body.items[0].id, 'an empty cursor is the first page, as in the lists');

    const lastId = String(first.body.items[1].id);
    const publicPage = await call(t.app, 'GET', '/cities/aksu/proposals?limit=1');
    for (const [what, cursor] of [
      ['an entry’s id', lastId],
      ['an id written otherwise', '1e3'],
      ['a hexadecimal id', '0x10'],
      ['an id with a space', `%20${lastId}`],
      ['letters', 'abc'],
      ['the admin list’s cursor', proposals.nextCursor],
      ['the public list’s cursor', publicPage.body.nextCursor],
    ] as const) {
      assert.ok(cursor, what);
      const r = await audit(`cursor=${cursor}`);
      // A space is not even of a cursor's alphabet: the schema refuses it (`schema.invalid_format`), as in the lists.
      const issue = what === 'an id with a space' ? 'schema.invalid_format' : 'cursor.invalid';
      const { path, message } = r.body.details?.issues?.[0] ?? {};
      assert.deepEqual([r.status, r.body.code, path, message], [400, 'validation_failed', ['cursor'], issue], what);
    }
    const repeated = await audit(`cursor=${first.body.nextCursor}&cursor=${first.body.nextCursor}`);
    assert.deepEqual([repeated.status, repeated.body.code, repeated.body.details?.issues?.[0]?.message], [400, 'validation_failed', 'query.repeated']);
    for (const query of ['limit=0', 'limit=501', 'limit=ten', 'before=3']) assert.equal((await audit(query)).status, 400, query);
  } finally {
    t.close();
  }
});

test('a request under a key whose first request is still running waits (409 in progress), whatever its body: the first may yet be refused and free the key', async () => {
  const t = testServer({ now: AT.aksu.submission });
  try {
    const key = newKey();
    // The first request's claim, as an instance holds it while it works (or died holding it, for up to a minute).
    const claim = await t.store.claimIdempotency('proposal:aksu', key, 'digest-of-the-first-body', t.now().toISOString(), new Date(t.now().getTime() - 60_000).toISOString());
    assert.equal(claim.state, 'claimed');
    const body = { title: 'Скамейки у школы №5', description: 'Поставить скамейки и урны вдоль аллеи у школы.', category: 'improvement', address: 'ул. Абая, 5', estimatedCost: 1_000_000, photos: ['ph_none'], authorName: 'Айгүл', phone: phoneFor(9), consent: true };
    const r = await call(t.app, 'POST', '/cities/aksu/proposals', { key, body });
    assert.deepEqual([r.status, r.body.code], [409, 'idempotency_in_progress']);
    // Freed (the first was refused): the corrected request is handled (refused here for its photo, but not as a duplicate).
    await t.store.releaseIdempotency('proposal:aksu', key);
    const again = await call(t.app, 'POST', '/cities/aksu/proposals', { key, body });
    assert.notEqual(again.body.code, 'idempotency_key_reused');
    assert.notEqual(again.body.code, 'idempotency_in_progress');
  } finally {
    t.close();
  }
});
