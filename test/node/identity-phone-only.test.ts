import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, parseConfig } from '../../src/server/config.js';
import { AT, adultIins, call, exampleConfigFile, testServer, verify, type TestServer } from '../../src/server/testing.js';

const CITY = 'aksu';
const PHONE = '+77015550301';

async function start(t: TestServer, iin: string, phone: string): Promise<string> {
  const cycleId = (await call(t.app, 'GET', `/cities/${CITY}`)).body.cycle.id;
  const r = await call(t.app, 'POST', `/cities/${CITY}/verification`, { body: { cycleId, iin, phone } });
  assert.equal(r.status, 201, r.text);
  return r.body.challengeId;
}

const confirm = (t: TestServer, id: string) => call(t.app, 'POST', `/cities/${CITY}/verification/${id}/confirm`, { body: { code: t.sms.last(id) } });

test('phone only: one phone verifies one voter a cycle; the refusal comes once the code is right, and says what to do', async () => {
  const t = testServer({ now: AT.aksu.voting });
  try {
    const [a, b] = adultIins(2, 300);
    await verify(t, CITY, a!, PHONE);
    // The same person again (a second device, a changed vote): the same phone still verifies them.
    await verify(t, CITY, a!, PHONE);

    // Someone else on that phone: the code is sent (typing a number tells nothing about it) but not accepted.
    const id = await start(t, b!, PHONE);
    const refused = await confirm(t, id);
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.body.code, 'not_eligible');
    assert.deepEqual(refused.body.details.issues, [{ path: ['phone'], message: 'phone.taken', params: { limit: 1 } }]);
    assert.ok(t.logger.lines.some((l) => l.includes('"msg":"verification.phone_taken"')));
    assert.ok(t.logger.lines.every((l) => !l.includes('5550301') && !l.includes(b!)), 'neither the phone nor the IIN in the log');

    // Their own phone goes on.
    const { token } = await verify(t, CITY, b!, '+77015550302');
    assert.ok(token);
  } finally {
    t.close();
  }
});

test('phone only: a voter holds one phone — verified again on another, the first is given back (a household\'s grandmother on her own phone after her son\'s)', async () => {
  const t = testServer({ now: AT.aksu.voting });
  try {
    const [grandmother, son, stranger] = adultIins(3, 330);
    const SONS = '+77015550331';
    const HERS = '+77015550332';
    await verify(t, CITY, grandmother!, SONS);
    // The son's phone is taken while she holds it.
    const taken = await confirm(t, await start(t, son!, SONS));
    assert.equal(taken.status, 403, taken.text);
    // She verifies on her own phone (to change her vote, say): his is given back, and he verifies on it.
    await verify(t, CITY, grandmother!, HERS);
    await verify(t, CITY, son!, SONS);
    // Still one voter a phone: hers is hers, his is his.
    const refused = await confirm(t, await start(t, stranger!, HERS));
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.body.code, 'not_eligible');
    const again = await confirm(t, await start(t, stranger!, SONS));
    assert.equal(again.status, 403, again.text);
  } finally {
    t.close();
  }
});

test('phone only: a city where families share a phone allows a few voters on one (votersPerPhone); out-of-range values are refused at start', async () => {
  const t = testServer({ now: AT.aksu.voting, identity: { method: 'phone_only', votersPerPhone: 2 } });
  try {
    const [a, b, c] = adultIins(3, 320);
    await verify(t, CITY, a!, PHONE);
    await verify(t, CITY, b!, PHONE);
    const refused = await confirm(t, await start(t, c!, PHONE));
    assert.equal(refused.status, 403, refused.text);
    assert.deepEqual(refused.body.details.issues[0].params, { limit: 2 });
  } finally {
    t.close();
  }
  for (const votersPerPhone of [0, 11, 1.5]) {
    const file = exampleConfigFile();
    file.cities[0]!.identity = { method: 'phone_only', votersPerPhone };
    assert.throws(() => parseConfig(file), (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.includes('votersPerPhone')), String(votersPerPhone));
  }
});

test('phone only: two people confirming on one phone at once — one is verified, the other refused', async () => {
  const t = testServer({ now: AT.aksu.voting });
  try {
    const iins = adultIins(4, 340);
    const ids = [];
    for (const iin of iins) ids.push(await start(t, iin, PHONE));
    const answers = await Promise.all(ids.map((id) => confirm(t, id)));
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 403, 403, 403]);
  } finally {
    t.close();
  }
});

test('phone only: the links of phones to voters are deleted once voting has ended, not before', async () => {
  const t = testServer({ now: AT.aksu.voting });
  try {
    const [a] = adultIins(1, 360);
    await verify(t, CITY, a!, PHONE);
    assert.equal(await t.app.qala.verification.purgeEnded(), 0, 'voting is open');
    assert.equal((await t.store.identity.phoneLinkCycles()).length, 1);
    t.setNow(AT.aksu.results);
    assert.equal(await t.app.qala.verification.purgeEnded(), 1);
    assert.deepEqual(await t.store.identity.phoneLinkCycles(), []);
  } finally {
    t.close();
  }
});

test('a voter list may give two residents one phone (the centre decided): both verify', async () => {
  const t = testServer({ now: AT.aksu.voting, identity: 'example' });
  try {
    const [a, b] = adultIins(2, 380);
    const upload = await call(t.app, 'PUT', `/admin/cities/${CITY}/voter-list`, { token: t.adminTokens['aksu-centre'], raw: `${a},${PHONE}\n${b},${PHONE}`, contentType: 'text/csv' });
    assert.equal(upload.status, 200, upload.text);
    await verify(t, CITY, a!, PHONE);
    await verify(t, CITY, b!, PHONE);
    assert.deepEqual(await t.store.identity.phoneLinkCycles(), [], 'no links kept where the phone proves nothing of its own');
  } finally {
    t.close();
  }
});
