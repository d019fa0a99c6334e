import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServerConfigFile } from '../../src/contract/config.js';
import type { Hooks } from '../../src/server/services/core.js';
import { demoPng } from '../../src/server/seed.js';
import { AT, RUDNY_INSIDE, adultIins, call, newKey, phoneFor, proposalBody, testServer, verify, type TestServer } from '../../src/server/testing.js';

const N = 50;

/** Rudny (final ballots) or Aksu (revote until close) in voting, with two projects on the ballot. */
async function votingServer(city: 'rudny' | 'aksu', hooks?: Hooks): Promise<{ t: TestServer; ballot: unknown }> {
  const t = testServer({
    now: AT[city].review,
    hooks,
    edit: (f: ServerConfigFile) => {
      f.server!.limits = { ...f.server!.limits, ballotsPerVoterPerMinute: 10_000, codesPerPhonePerHour: 10_000 };
    },
  });
  const made: string[] = [];
  for (let i = 0; i < 2; i++) {
    const category = city === 'rudny' ? 'infrastructure' : 'improvement';
    const id = `p_seed${i}`;
    await t.store.createProposal(
      {
        id,
        city,
        cycleId: `${city}-2026`,
        title: `Проект номер ${i}`,
        description: 'Описание проекта, достаточно длинное для схемы.',
        category,
        address: 'центр',
        estimatedCost: 1_000_000,
        photos: [],
        authorName: 'Житель',
        authorHash: 'x',
        status: 'submitted',
        hidden: false,
        published: true,
        history: [],
        createdAt: t.now().toISOString(),
        updatedAt: t.now().toISOString(),
        version: 1,
      },
      null,
    );
    const r = await call(t.app, 'POST', `/admin/cities/${city}/proposals/${id}/ballot`, { token: t.adminTokens[`${city}-centre`]!, body: { poolId: city === 'rudny' ? 'infrastructure' : 'city' } });
    assert.equal(r.status, 200, r.text);
    made.push(id);
  }
  t.setNow(AT[city].voting);
  return { t, ballot: { cycleId: `${city}-2026`, choices: [{ poolId: city === 'rudny' ? 'infrastructure' : 'city', picks: [{ projectId: made[0] }] }] } };
}

const counted = (t: TestServer, city: string) => (t.store.db.prepare('SELECT count(*) AS n FROM ballots WHERE city = ? AND replaced_at IS NULL').get(city) as { n: number }).n;
const rows = (t: TestServer, city: string) => (t.store.db.prepare('SELECT count(*) AS n FROM ballots WHERE city = ?').get(city) as { n: number }).n;

test('50 parallel ballots of one resident with different keys: exactly one stored (final)', async () => {
  const { t, ballot } = await votingServer('rudny');
  try {
    const [iin] = adultIins(1);
    const { token } = await verify(t, 'rudny', iin!, phoneFor(1), RUDNY_INSIDE);
    const answers = await Promise.all(Array.from({ length: N }, () => call(t.app, 'POST', '/cities/rudny/ballots', { token, key: newKey(), body: ballot })));
    const statuses = answers.map((a) => a.status).sort();
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join());
    assert.ok(answers.filter((a) => a.status !== 201).every((a) => a.status === 409 && a.body.code === 'already_voted'));
    assert.equal(rows(t, 'rudny'), 1);
  } finally {
    t.close();
  }
});

test('50 parallel ballots with different keys under revote-until-close: exactly one counted', async () => {
  const { t, ballot } = await votingServer('aksu');
  try {
    const [iin] = adultIins(1);
    const { token } = await verify(t, 'aksu', iin!, phoneFor(1));
    const answers = await Promise.all(Array.from({ length: N }, () => call(t.app, 'POST', '/cities/aksu/ballots', { token, key: newKey(), body: ballot })));
    const ok = answers.filter((a) => a.status === 201);
    assert.equal(ok.length, N, answers.map((a) => a.status).join());
    assert.equal(counted(t, 'aksu'), 1);
    assert.equal(rows(t, 'aksu'), N);
    const states = await Promise.all(ok.map((a) => call(t.app, 'GET', `/cities/aksu/receipts/${a.body.receiptCode}`)));
    assert.equal(states.filter((s) => s.body.status === 'counted').length, 1);
  } finally {
    t.close();
  }
});

test('50 parallel ballots with the same key: one receipt', async () => {
  const { t, ballot } = await votingServer('rudny');
  try {
    const [iin] = adultIins(1, 7);
    const { token } = await verify(t, 'rudny', iin!, phoneFor(2), RUDNY_INSIDE);
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: N }, () => call(t.app, 'POST', '/cities/rudny/ballots', { token, key, body: ballot })));
    const ok = answers.filter((a) => a.status === 201);
    assert.ok(ok.length >= 1);
    assert.equal(new Set(ok.map((a) => a.body.receiptCode)).size, 1);
    assert.ok(answers.filter((a) => a.status !== 201).every((a) => a.status === 409 && a.body.code === 'idempotency_in_progress'), answers.map((a) => a.body.code).join());
    assert.equal(rows(t, 'rudny'), 1);
    const retry = await call(t.app, 'POST', '/cities/rudny/ballots', { token, key, body: ballot });
    assert.equal(retry.status, 201);
    assert.equal(retry.body.receiptCode, ok[0]!.body.receiptCode);
  } finally {
    t.close();
  }
});

test('forced interleaving: every request passes the "already voted?" check, the constraint still lets one through', async () => {
  let arrived = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let confirming = 0;
  const hooks: Hooks = {
    // Hold every ballot between the pre-check and the insert until all 50 are there.
    beforeBallotInsert: async () => {
      if (++arrived === N) release();
      await Promise.race([gate, new Promise((r) => setTimeout(r, 2000))]);
    },
    // And an artificial await inside verification, so the 50 sessions are issued interleaved.
    afterCodeChecked: async () => {
      confirming++;
      await new Promise((r) => setTimeout(r, 5));
    },
  };
  const { t, ballot } = await votingServer('rudny', hooks);
  try {
    const [iin] = adultIins(1, 9);
    // The same person verifies 50 times at once (different phones), then votes with all 50 tokens at once.
    const starts = await Promise.all(Array.from({ length: N }, (_, i) => call(t.app, 'POST', '/cities/rudny/verification', { body: { cycleId: 'rudny-2026', iin, phone: phoneFor(100 + i), location: RUDNY_INSIDE } })));
    const sessions = await Promise.all(
      starts.map((s) => call(t.app, 'POST', `/cities/rudny/verification/${s.body.challengeId}/confirm`, { body: { code: t.sms.last(s.body.challengeId) } })),
    );
    assert.equal(confirming, N);
    assert.ok(sessions.every((s) => s.status === 200));
    const answers = await Promise.all(sessions.map((s) => call(t.app, 'POST', '/cities/rudny/ballots', { token: s.body.token, key: newKey(), body: ballot })));
    assert.equal(arrived, N, 'all requests were interleaved past the pre-check');
    assert.equal(answers.filter((a) => a.status === 201).length, 1, answers.map((a) => a.status).join());
    assert.ok(answers.filter((a) => a.status !== 201).every((a) => a.body.code === 'already_voted'));
    assert.equal(rows(t, 'rudny'), 1);

    // One code, 50 simultaneous confirmations: one session.
    const [other] = adultIins(1, 11);
    const s = await call(t.app, 'POST', '/cities/rudny/verification', { body: { cycleId: 'rudny-2026', iin: other, phone: phoneFor(999), location: RUDNY_INSIDE } });
    const code = t.sms.last(s.body.challengeId);
    const confirms = await Promise.all(Array.from({ length: N }, () => call(t.app, 'POST', `/cities/rudny/verification/${s.body.challengeId}/confirm`, { body: { code } })));
    assert.equal(confirms.filter((c) => c.status === 200).length, 1);
  } finally {
    t.close();
  }
});

test('five requests at once to send a code again (resident, author, staff): one code goes out, the others are told to wait', async () => {
  const t = testServer({ now: AT.aksu.submission });
  try {
    const [iin] = adultIins(1, 300);
    // An author with a proposal (so the code is really sent), a staff member of the test city, a resident in voting.
    const photo = await call(t.app, 'POST', '/cities/aksu/photos?name=a.png', { raw: demoPng(8, 8, [1, 2, 3]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' });
    assert.equal((await call(t.app, 'POST', '/cities/aksu/proposals', { key: newKey(), body: proposalBody(photo.body.id, phoneFor(31)) })).status, 201);
    const invited = await call(t.app, 'POST', '/admin/cities/aksu/staff', { token: t.adminTokens['aksu-centre'], body: { name: 'Айгерим Сапарова', organisation: 'Akimat of Aksu', role: 'expert', contact: phoneFor(33) } });
    assert.equal(invited.status, 201, invited.text);
    const cases = [
      ['author', AT.aksu.submission, '/cities/aksu/authors/verification', { phone: phoneFor(31) }, (id: string) => `/cities/aksu/authors/verification/${id}/resend`],
      ['staff', AT.aksu.submission, '/admin/cities/aksu/sign-in/invite', { inviteToken: invited.body.inviteToken }, (id: string) => `/admin/cities/aksu/sign-in/${id}/resend`],
      ['resident', AT.aksu.voting, '/cities/aksu/verification', { cycleId: 'aksu-2026', iin, phone: phoneFor(32) }, (id: string) => `/cities/aksu/verification/${id}/resend`],
    ] as const;
    for (const [who, when, start, body, resend] of cases) {
      t.setNow(when);
      const started = await call(t.app, 'POST', start, { body });
      assert.equal(started.status, 201, started.text);
      const id = started.body.challengeId as string;
      t.setNow(new Date(Date.parse(when) + 61_000).toISOString());
      const sent = t.sms.sent.filter((s) => s.challengeId === id).length;
      const answers = await Promise.all(Array.from({ length: 5 }, () => call(t.app, 'POST', resend(id), { body: {} })));
      assert.deepEqual(answers.map((a) => a.status).sort(), [201, 429, 429, 429, 429], `${who}: ${answers.map((a) => a.text).join(' | ')}`);
      assert.ok(answers.filter((a) => a.status === 429).every((a) => a.body.code === 'rate_limited' && Number(a.headers.get('retry-after')) > 0), who);
      assert.equal(t.sms.sent.filter((s) => s.challengeId === id).length, sent + 1, `${who}: one code sent`);
    }
  } finally {
    t.close();
  }
});

test('a code confirmed while another is being sent again is not brought back: the resend finds the challenge gone (resident, staff)', async () => {
  const t = testServer({ now: AT.aksu.voting });
  try {
    // The confirm lands between the resend's claim and its new code: played by consuming the challenge in the claim.
    const identityClaim = t.store.identity.claimResend.bind(t.store.identity);
    t.store.identity.claimResend = async (id, nowMs, nextMs) => (await identityClaim(id, nowMs, nextMs)) && (await t.store.identity.consumeChallenge(id));
    const staffClaim = t.store.staff.claimResend.bind(t.store.staff);
    t.store.staff.claimResend = async (id, nowMs, nextMs) => (await staffClaim(id, nowMs, nextMs)) && (await t.store.staff.consumeChallenge(id));
    const invited = await call(t.app, 'POST', '/admin/cities/aksu/staff', { token: t.adminTokens['aksu-centre'], body: { name: 'Айгерим Сапарова', organisation: 'Akimat of Aksu', role: 'expert', contact: phoneFor(43) } });
    assert.equal(invited.status, 201, invited.text);
    const [iin] = adultIins(1, 500);
    for (const [who, start, body, resend, gone] of [
      ['resident', '/cities/aksu/verification', { cycleId: 'aksu-2026', iin, phone: phoneFor(42) }, (id: string) => `/cities/aksu/verification/${id}/resend`, (id: string) => t.store.identity.getChallenge(id)],
      ['staff', '/admin/cities/aksu/sign-in/invite', { inviteToken: invited.body.inviteToken }, (id: string) => `/admin/cities/aksu/sign-in/${id}/resend`, (id: string) => t.store.staff.getChallenge(id)],
    ] as const) {
      t.setNow(AT.aksu.voting);
      const started = await call(t.app, 'POST', start, { body });
      assert.equal(started.status, 201, started.text);
      const id = started.body.challengeId as string;
      const sent = t.sms.sent.filter((s) => s.challengeId === id).length;
      t.setNow(new Date(Date.parse(AT.aksu.voting) + 61_000).toISOString());
      const again = await call(t.app, 'POST', resend(id), { body: {} });
      assert.equal(again.status, 404, `${who}: ${again.text}`);
      assert.equal(await gone(id), null, `${who}: not brought back`);
      assert.equal(t.sms.sent.filter((s) => s.challengeId === id).length, sent, `${who}: no new code`);
    }
  } finally {
    t.close();
  }
});
