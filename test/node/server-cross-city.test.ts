import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../src/contract/index.js';
import { AT, RUDNY_INSIDE, adultIins, call, newKey, phoneFor, testServer, verify } from '../../src/server/testing.js';

/** Every admin endpoint of a city, with a body that would be acceptable in shape. */
const adminEndpoints = (city: string): [string, string, unknown?][] => [
  ['GET', `/admin/cities/${city}`],
  ['GET', `/admin/cities/${city}/proposals`],
  ['GET', `/admin/cities/${city}/proposals/p_any`],
  ['POST', `/admin/cities/${city}/proposals/p_any/status`, { status: 'rejected', note: 'нет' }],
  ['POST', `/admin/cities/${city}/proposals/p_any/cost`, { finalCost: 100 }],
  ['POST', `/admin/cities/${city}/proposals/p_any/merge`, { into: 'p_other' }],
  ['POST', `/admin/cities/${city}/proposals/p_any/ballot`, { poolId: 'city' }],
  ['POST', `/admin/cities/${city}/proposals/p_any/visibility`, { hidden: true }],
  ['POST', `/admin/cities/${city}/paper-ballots`, { cycleId: `${city}-2026`, desk: 'desk', ballots: [{ choices: [{ poolId: 'city', picks: [] }] }] }],
  ['POST', `/admin/cities/${city}/phases`, { phase: 'voting', action: 'close' }],
  ['GET', `/admin/cities/${city}/results`],
  ['GET', `/admin/cities/${city}/export.pb`],
  ['GET', `/admin/cities/${city}/audit`],
];

test('tokens, receipts and challenges of one city are refused by every endpoint of the other', async () => {
  const t = testServer({ now: AT.aksu.voting });
  try {
    const [iinA, iinB] = adultIins(2);
    // Credentials of Aksu (voting in September 2026)…
    const aksu = await verify(t, 'aksu', iinA!, phoneFor(1));
    const aksuVote = await call(t.app, 'POST', '/cities/aksu/ballots', { token: aksu.token, key: newKey(), body: { cycleId: 'aksu-2026', choices: [{ poolId: 'city', picks: [] }] } });
    assert.equal(aksuVote.status, 422, 'no project on the ballot: refused, but the token works here');
    const aksuChallenge = (await call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId: 'aksu-2026', iin: iinA, phone: phoneFor(1) } })).body.challengeId;
    const paper = await call(t.app, 'POST', '/admin/cities/aksu/paper-ballots', { token: t.adminTokens['aksu-centre'], key: newKey(), body: { cycleId: 'aksu-2026', desk: 'x', ballots: [{ choices: [{ poolId: 'city', picks: [] }] }] } });
    assert.equal(paper.status, 422);
    // …and of Rudny (voting in January 2026).
    t.setNow(AT.rudny.voting);
    const rudny = await verify(t, 'rudny', iinB!, phoneFor(2), RUDNY_INSIDE);
    const rudnyChallenge = (await call(t.app, 'POST', '/cities/rudny/verification', { body: { cycleId: 'rudny-2026', iin: iinB, phone: phoneFor(2), location: RUDNY_INSIDE } })).body.challengeId;
    // A receipt in each city (a paper ballot needs a project; write one straight in the store).
    const receipts: Record<string, string> = { aksu: 'AAAA-BBBB-CCCC-DDD1', rudny: 'AAAA-BBBB-CCCC-DDD2' };
    for (const city of ['aksu', 'rudny']) {
      await t.store.castBallot({ city, cycleId: `${city}-2026`, voterHash: null, receiptCode: receipts[city]!, channel: 'paper', castAt: t.now().toISOString(), replacedAt: null, choices: [] }, 'final', { scope: 'test', key: city, requestHash: '-', status: 201, body: '{}', createdAt: t.now().toISOString() });
    }
    const creds = {
      aksu: { voter: aksu.token, admin: t.adminTokens['aksu-centre']!, challenge: aksuChallenge, receipt: receipts.aksu! },
      rudny: { voter: rudny.token, admin: t.adminTokens['rudny-centre']!, challenge: rudnyChallenge, receipt: receipts.rudny! },
    };
    const before = JSON.stringify(t.store.tableCounts());
    let checked = 0;
    for (const [from, to] of [['aksu', 'rudny'], ['rudny', 'aksu']] as const) {
      for (const phase of [AT.aksu.voting, AT.rudny.voting]) {
        t.setNow(phase);
        const c = creds[from];
        const expect = async (r: Promise<{ status: number; body: unknown }>, what: string) => {
          const res = await r;
          assert.ok(res.status === 401 || res.status === 403, `${from} → ${to}: ${what} answered ${res.status} ${JSON.stringify(res.body)}`);
          assert.ok(ApiError.safeParse(res.body).success);
          checked++;
        };
        await expect(call(t.app, 'POST', `/cities/${to}/ballots`, { token: c.voter, key: newKey(), body: { cycleId: `${to}-2026`, choices: [{ poolId: 'city', picks: [{ projectId: 'p_x' }] }] } }), 'voter token on ballots');
        await expect(call(t.app, 'POST', `/cities/${to}/ballots`, { token: c.voter, key: newKey(), body: { cycleId: `${from}-2026`, choices: [{ poolId: 'city', picks: [{ projectId: 'p_x' }] }] } }), 'voter token with its own cycle id');
        await expect(call(t.app, 'GET', `/cities/${to}/receipts/${c.receipt}`), 'receipt');
        await expect(call(t.app, 'POST', `/cities/${to}/verification/${c.challenge}/confirm`, { body: { code: '123456' } }), 'challenge confirm');
        await expect(call(t.app, 'POST', `/cities/${to}/verification/${c.challenge}/resend`, { body: {} }), 'challenge resend');
        for (const [method, path, body] of adminEndpoints(to)) {
          await expect(call(t.app, method, path, { token: c.admin, body, key: newKey() }), `admin token on ${method} ${path}`);
          await expect(call(t.app, method, path, { token: c.voter, body, key: newKey() }), `voter token on ${method} ${path}`);
        }
        await expect(call(t.app, 'POST', `/cities/${to}/ballots`, { token: c.admin, key: newKey(), body: { cycleId: `${to}-2026`, choices: [] } }), 'admin token as voter token');
      }
    }
    assert.ok(checked > 100);
    assert.equal(JSON.stringify(t.store.tableCounts()), before, 'nothing changed');
    // The challenge of Aksu still works in Aksu: the refusals did not burn it.
    t.setNow(AT.aksu.voting);
    const ok = await call(t.app, 'POST', `/cities/aksu/verification/${aksuChallenge}/confirm`, { body: { code: t.sms.last(aksuChallenge) } });
    assert.equal(ok.status, 200, ok.text);
  } finally {
    t.close();
  }
});
