import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CityConfig, VoterListReport, VoterListSummary } from '../../src/contract/index.js';
import { parseConfig, ConfigError } from '../../src/server/config.js';
import { createApp } from '../../src/server/app.js';
import { DEMO_VOTERS, demoPng } from '../../src/server/seed.js';
import { AT, adultIins, call, exampleConfigFile, newKey, testServer, verify, type TestServer, demoServer } from '../../src/server/testing.js';

const CITY = 'aksu';
const CYCLE = 'aksu-2026';

function csv(rows: string[][]): string {
  return rows.map((r) => r.join(',')).join('\n');
}

const upload = (t: TestServer, text: string, method: 'PUT' | 'POST' = 'PUT', path = '/voter-list') =>
  call(t.app, method, `/admin/cities/${CITY}${path}`, { token: t.adminTokens['aksu-centre'], raw: text, contentType: 'text/csv' });

async function projectIds(t: TestServer): Promise<string[]> {
  const list = await call(t.app, 'GET', `/cities/${CITY}/proposals?status=on_ballot&limit=50`);
  return list.body.items.map((p: { id: string }) => p.id);
}

/** Puts two proposals on Aksu's ballot during review, then opens voting. */
async function ballotReady(t: TestServer): Promise<string[]> {
  t.setNow(AT.aksu.submission);
  const ids: string[] = [];
  for (const title of ['Скамейки во дворе дома 12', 'Освещение спортивной площадки']) {
    const photo = await call(t.app, 'POST', `/cities/${CITY}/photos?name=p.png`, { raw: demoPng(8, 8, [10, 20, 30]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' });
    const p = await call(t.app, 'POST', `/cities/${CITY}/proposals`, {
      key: newKey(),
      body: { title, description: 'Подробное описание предложения для проверки.', category: 'improvement', address: 'ул. Ленина, 1', estimatedCost: 1_000_000, photos: [photo.body.id], authorName: 'Автор', phone: '+77015550000', consent: true },
    });
    assert.equal(p.status, 201, p.text);
    ids.push(p.body.id);
  }
  t.setNow(AT.aksu.review);
  for (const id of ids) assert.equal((await call(t.app, 'POST', `/admin/cities/${CITY}/proposals/${id}/ballot`, { token: t.adminTokens['aksu-centre'], body: { poolId: 'city' } })).status, 200);
  t.setNow(AT.aksu.voting);
  assert.deepEqual((await projectIds(t)).sort(), [...ids].sort());
  return ids;
}

test('the city config says how voters prove who they are; a city without a method is refused at start', () => {
  const file = exampleConfigFile();
  delete (file.cities[0] as { identity?: unknown }).identity;
  assert.throws(() => parseConfig(file), (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.includes('identity')));
  const census = exampleConfigFile();
  census.cities[0]!.identity = { method: 'census', url: 'https://census.example.kz/check', auth: 'bearer', secret: 'env:QALA_TEST_UNSET_CENSUS' };
  assert.throws(() => parseConfig(census, 'c', {}), (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.includes('QALA_TEST_UNSET_CENSUS')));
  const plain = exampleConfigFile();
  plain.cities[0]!.identity = { method: 'census', url: 'http://census.example.kz/check', auth: 'bearer', secret: 'env:X' };
  assert.throws(() => parseConfig(plain, 'c', { X: 'y' }), (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.includes('https')));
});

test('phone only: said in the public config, and the server warns at start', async () => {
  const t = testServer({ now: AT.aksu.voting });
  try {
    const config = CityConfig.parse((await call(t.app, 'GET', `/cities/${CITY}`)).body);
    assert.deepEqual(config.identity, { method: 'phone_only' });
    assert.ok(t.logger.lines.some((l) => l.includes('"msg":"identity.phone_only"') && l.includes('"city":"aksu"')));
  } finally {
    t.close();
  }
});

test('voter list: upload, bad rows reported by line without their values, amend, remove, replace, summary', async () => {
  const t = testServer({ now: AT.aksu.review, identity: 'example' });
  try {
    const [a, b, c, d] = adultIins(4, 700);
    const badChecksum = a!.slice(0, 11) + ((Number(a![11]) + 1) % 10);
    const text = ['IIN;Phone;District', `${a};8 701 111 22 33;`, `${b};+7 (702) 222-33-44`, `${badChecksum};+77013334455`, `${c};12345`, `${a};+77019999999`, `${d};+77014445566;nowhere`, 'only-one-cell', ''].join('\r\n');
    const r = await upload(t, text);
    assert.equal(r.status, 200, r.text);
    const report = VoterListReport.parse(r.body);
    assert.equal(report.added, 2);
    assert.equal(report.total, 2);
    assert.deepEqual(report.rejected, [
      { line: 4, problem: 'iin.checksum' },
      { line: 5, problem: 'phone.invalid' },
      { line: 6, problem: 'duplicate' },
      { line: 7, problem: 'district.unknown' },
      { line: 8, problem: 'columns' },
    ]);
    for (const secret of [a!, b!, badChecksum, c!, d!, '7011112233', '77022233344', '+77014445566']) assert.ok(!r.text.includes(secret), 'the report echoes no value');

    const amend = VoterListReport.parse((await upload(t, csv([[c!, '+77015556677'], [a!, '+77010000099']]), 'POST')).body);
    assert.deepEqual([amend.added, amend.updated, amend.total], [1, 1, 3]);
    const removed = VoterListReport.parse((await upload(t, `${b}\n`, 'POST', '/voter-list/remove')).body);
    assert.deepEqual([removed.removed, removed.total], [1, 2]);
    const summary = VoterListSummary.parse((await call(t.app, 'GET', `/admin/cities/${CITY}/voter-list`, { token: t.adminTokens['aksu-centre'] })).body);
    assert.equal(summary.total, 2);
    assert.equal(summary.method, 'voter_list');
    const replaced = VoterListReport.parse((await upload(t, csv([[d!, '+77016667788']]))).body);
    assert.deepEqual([replaced.added, replaced.removed, replaced.total], [1, 2, 1]);

    // Bad files lose nothing: an empty list, a wrong type, no token.
    assert.equal((await upload(t, 'IIN,Phone\n')).body.code, 'validation_failed');
    assert.equal((await call(t.app, 'PUT', `/admin/cities/${CITY}/voter-list`, { token: t.adminTokens['aksu-centre'], body: { rows: [] } })).status, 415);
    assert.equal((await call(t.app, 'PUT', `/admin/cities/${CITY}/voter-list`, { raw: csv([[a!, '+77010000001']]), contentType: 'text/csv' })).status, 401);
    assert.equal((await call(t.app, 'PUT', `/admin/cities/rudny/voter-list`, { token: t.adminTokens['aksu-centre'], raw: csv([[a!, '+77010000001']]), contentType: 'text/csv' })).status, 403);
    assert.equal(VoterListSummary.parse((await call(t.app, 'GET', `/admin/cities/${CITY}/voter-list`, { token: t.adminTokens['aksu-centre'] })).body).total, 1);
    const audit = (await call(t.app, 'GET', `/admin/cities/${CITY}/audit`, { token: t.adminTokens['aksu-centre'] })).body.items.map((e: { action: string }) => e.action);
    assert.deepEqual(audit.filter((x: string) => x.startsWith('voter_list')), ['voter_list.replace', 'voter_list.remove', 'voter_list.amend', 'voter_list.replace']);
  } finally {
    t.close();
  }
});

test('voter list: the code goes only to the listed phone, shown masked; a typed phone is never used; not listed → clear refusal', async () => {
  const t = testServer({ now: AT.aksu.review, identity: 'example' });
  try {
    const [listed, unlisted] = adultIins(2, 720);
    await upload(t, csv([[listed!, '+77012345612']]));
    t.setNow(AT.aksu.voting);
    const start = await call(t.app, 'POST', `/cities/${CITY}/verification`, { body: { cycleId: CYCLE, iin: listed, phone: '+77019998877' } });
    assert.equal(start.status, 201, start.text);
    assert.equal(start.body.phoneMask, '+7 7•• ••• •• 12');
    assert.equal(start.body.phoneHint, '12');
    assert.deepEqual(t.sms.sent.map((s) => s.phone), ['+77012345612']);
    assert.ok(!start.text.includes('2345612'));
    const no = await call(t.app, 'POST', `/cities/${CITY}/verification`, { body: { cycleId: CYCLE, iin: unlisted } });
    assert.equal(no.status, 403);
    assert.equal(no.body.code, 'not_eligible');
    assert.deepEqual(no.body.details.issues, [{ path: ['iin'], message: 'iin.not_listed' }]);
    assert.equal(t.sms.sent.length, 1, 'no code for an IIN that is not listed');
    // Resend goes to the same listed phone.
    t.setNow(new Date(Date.parse(AT.aksu.voting) + 61_000).toISOString());
    const again = await call(t.app, 'POST', `/cities/${CITY}/verification/${start.body.challengeId}/resend`, { body: {} });
    assert.equal(again.status, 201, again.text);
    assert.equal(again.body.phoneMask, '+7 7•• ••• •• 12');
    assert.deepEqual(t.sms.sent.map((s) => s.phone), ['+77012345612', '+77012345612']);
  } finally {
    t.close();
  }
});

test('the attack, voter list: knowing an IIN without its phone gives no ballot, no receipt, no "already voted", and cannot replace the vote', async () => {
  const t = testServer({ now: AT.aksu.review, identity: 'example', edit: (f) => (f.cities.find((c) => c.slug === CITY)!.cycles.at(-1)!.revote = 'until_close') });
  try {
    const [victim] = adultIins(1, 740);
    await upload(t, csv([[victim!, '+77011112233']]));
    const [p1, p2] = await ballotReady(t);
    // The victim votes from their own phone.
    const s = await call(t.app, 'POST', `/cities/${CITY}/verification`, { body: { cycleId: CYCLE, iin: victim } });
    const ok = await call(t.app, 'POST', `/cities/${CITY}/verification/${s.body.challengeId}/confirm`, { body: { code: t.sms.last(s.body.challengeId) } });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.receipt, null);
    const ballot = { cycleId: CYCLE, choices: [{ poolId: 'city', picks: [{ projectId: p1 }] }] };
    const cast = await call(t.app, 'POST', `/cities/${CITY}/ballots`, { token: ok.body.token, key: newKey(), body: ballot });
    assert.equal(cast.status, 201, cast.text);
    const receipt = cast.body.receiptCode as string;

    // The attacker knows the IIN and has their own phone.
    const attempt = await call(t.app, 'POST', `/cities/${CITY}/verification`, { body: { cycleId: CYCLE, iin: victim, phone: '+77075550000' } });
    assert.equal(attempt.status, 201);
    assert.ok(!attempt.text.includes(receipt) && !/already/i.test(attempt.text), 'starting says nothing about the vote');
    assert.equal(t.sms.sent.at(-1)!.phone, '+77011112233', 'the code went to the victim, not the attacker');
    const id = attempt.body.challengeId;
    const real = t.sms.last(id);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const guess = String((Number(real) + 1 + i) % 1_000_000).padStart(6, '0');
      const r = await call(t.app, 'POST', `/cities/${CITY}/verification/${id}/confirm`, { body: { code: guess } });
      statuses.push(r.status);
      assert.ok(!r.text.includes(receipt) && !('token' in (r.body ?? {})));
    }
    assert.deepEqual(statuses, [422, 422, 422, 422, 403, 404], 'five wrong codes lock the challenge, then it is gone');
    const late = await call(t.app, 'POST', `/cities/${CITY}/verification/${id}/confirm`, { body: { code: real } });
    assert.notEqual(late.status, 200, 'even the right code is useless once locked');
    // The vote is untouched.
    const counted = await call(t.app, 'GET', `/cities/${CITY}/receipts/${receipt}`);
    assert.equal(counted.body.status, 'counted');

    // Second device of the victim: continues from the stored ballot.
    const s2 = await call(t.app, 'POST', `/cities/${CITY}/verification`, { body: { cycleId: CYCLE, iin: victim } });
    const ok2 = await call(t.app, 'POST', `/cities/${CITY}/verification/${s2.body.challengeId}/confirm`, { body: { code: t.sms.last(s2.body.challengeId) } });
    assert.equal(ok2.status, 200);
    assert.equal(ok2.body.receipt.receiptCode, receipt);
    assert.deepEqual(ok2.body.receipt.choices, ballot.choices);
    const revote = await call(t.app, 'POST', `/cities/${CITY}/ballots`, { token: ok2.body.token, key: newKey(), body: { cycleId: CYCLE, choices: [{ poolId: 'city', picks: [{ projectId: p2 }] }] } });
    assert.equal(revote.status, 201, 're-voting with the same proof works');
  } finally {
    t.close();
  }
});

test('voter list: a voter the project centre removes after their confirmation cannot vote with the token they hold, and can once added again', async () => {
  const t = testServer({ now: AT.aksu.review, identity: 'example', edit: (f) => (f.cities.find((c) => c.slug === CITY)!.cycles.at(-1)!.revote = 'until_close') });
  try {
    const [resident] = adultIins(1, 760);
    await upload(t, csv([[resident!, '+77011112244']]));
    const [p1, p2] = await ballotReady(t);
    const { token } = await verify(t, CITY, resident!, '+77011112244');
    const ballot = (projectId: string) => ({ cycleId: CYCLE, choices: [{ poolId: 'city', picks: [{ projectId }] }] });
    const first = await call(t.app, 'POST', `/cities/${CITY}/ballots`, { token, key: newKey(), body: ballot(p1!) });
    assert.equal(first.status, 201, first.text);

    assert.equal((await upload(t, `${resident}\n`, 'POST', '/voter-list/remove')).status, 200);
    const refused = await call(t.app, 'POST', `/cities/${CITY}/ballots`, { token, key: newKey(), body: ballot(p2!) });
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.body.code, 'not_eligible');
    assert.deepEqual(refused.body.details.issues, [{ path: [], message: 'iin.not_listed' }]);
    assert.ok(!refused.text.includes(resident!), 'the refusal echoes no IIN');
    const kept = await call(t.app, 'GET', `/cities/${CITY}/receipts/${first.body.receiptCode}`);
    assert.equal(kept.body.status, 'counted', 'the refusal replaces nothing');

    assert.equal((await upload(t, csv([[resident!, '+77011112244']]), 'POST')).status, 200);
    const again = await call(t.app, 'POST', `/cities/${CITY}/ballots`, { token, key: newKey(), body: ballot(p2!) });
    assert.equal(again.status, 201, again.text);
  } finally {
    t.close();
  }
});

test('a challenge lives in the store: started on one instance, confirmed on another sharing the database; wrong codes counted across both', async () => {
  const t = testServer({ now: AT.aksu.review, identity: 'example' });
  const other = createApp({ config: t.config, store: t.store, secrets: t.secrets, clock: () => t.now(), sms: t.sms, logger: t.logger });
  try {
    const [iin] = adultIins(1, 760);
    await upload(t, csv([[iin!, '+77013334455']]));
    t.setNow(AT.aksu.voting);
    const s = await call(t.app, 'POST', `/cities/${CITY}/verification`, { body: { cycleId: CYCLE, iin } });
    const id = s.body.challengeId;
    const code = t.sms.last(id);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const lefts: number[] = [];
    for (const app of [other, t.app, other]) lefts.push((await call(app, 'POST', `/cities/${CITY}/verification/${id}/confirm`, { body: { code: wrong } })).body.details.attemptsLeft);
    assert.deepEqual(lefts, [4, 3, 2]);
    const ok = await call(other, 'POST', `/cities/${CITY}/verification/${id}/confirm`, { body: { code } });
    assert.equal(ok.status, 200, ok.text);
    const twice = await call(t.app, 'POST', `/cities/${CITY}/verification/${id}/confirm`, { body: { code } });
    assert.equal(twice.status, 404, 'a code is used once, on whichever instance');
  } finally {
    t.close();
  }
});

test('no raw IIN or phone of the voter list in the database bytes, the logs or any response; the list is deleted when voting ends', async () => {
  const t = testServer({ now: AT.aksu.review, identity: 'example', logCodes: true });
  try {
    const iins = adultIins(20, 800);
    const phones = iins.map((_, i) => `+7705${String(3000000 + i * 7919).padStart(7, '0')}`);
    const texts: string[] = [];
    texts.push((await upload(t, csv(iins.map((iin, i) => [iin, phones[i]!])))).text);
    t.setNow(AT.aksu.voting);
    for (const iin of iins.slice(0, 5)) {
      const s = await call(t.app, 'POST', `/cities/${CITY}/verification`, { body: { cycleId: CYCLE, iin } });
      texts.push(s.text);
      texts.push((await call(t.app, 'POST', `/cities/${CITY}/verification/${s.body.challengeId}/confirm`, { body: { code: t.sms.last(s.body.challengeId) } })).text);
    }
    texts.push((await call(t.app, 'GET', `/admin/cities/${CITY}/voter-list`, { token: t.adminTokens['aksu-centre'] })).text);
    texts.push((await call(t.app, 'GET', `/admin/cities/${CITY}/audit`, { token: t.adminTokens['aksu-centre'] })).text);
    const files = () => ['', '-wal', '-shm'].map((s) => t.dbPath + s).filter(existsSync).map((f) => readFileSync(f).toString('latin1'));
    const haystacks = [...files(), t.logger.lines.join('\n'), ...texts];
    for (const value of [...iins, ...phones, ...phones.map((p) => p.slice(2))]) for (const h of haystacks) assert.ok(!h.includes(value), 'a raw IIN or phone was found');
    assert.ok((t.store.db.prepare('SELECT count(*) AS n FROM voter_list').get() as { n: number }).n === 20);

    // Voting ends: the sweep deletes the list (hashes and sealed phones).
    t.setNow(AT.aksu.results);
    assert.equal(await t.app.qala.voterList.purgeEnded(), 20);
    assert.equal((t.store.db.prepare('SELECT count(*) AS n FROM voter_list').get() as { n: number }).n, 0);
    const audit = (await call(t.app, 'GET', `/admin/cities/${CITY}/audit`, { token: t.adminTokens['aksu-centre'] })).body.items;
    assert.equal(audit[0].action, 'voter_list.deleted_after_voting');
    assert.equal((await upload(t, csv([[iins[0]!, phones[0]!]]))).body.code, 'phase_closed');
  } finally {
    t.close();
  }
});

test('the demo as shipped (npm start): voter lists seeded, and the neighbour’s-IIN attack gets a code sent to the listed phone only', async () => {
  const now = new Date();
  const t = await demoServer(now, { identity: 'example' });
  try {
    const config = (await call(t.app, 'GET', '/cities/aksu')).body;
    assert.equal(config.currentPhase, 'voting');
    assert.deepEqual(config.identity, { method: 'voter_list' });
    const [victimIin, victimPhone] = DEMO_VOTERS[0]!;
    const attacker = await call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId: config.cycle.id, iin: victimIin, phone: '+77075550000' } });
    assert.equal(attacker.status, 201);
    assert.equal(t.sms.sent.at(-1)!.phone, victimPhone, 'the code goes to the phone on the list, not the one typed');
    assert.equal(attacker.body.phoneMask, `+7 7•• ••• •• ${victimPhone.slice(-2)}`);
    const stranger = await call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId: config.cycle.id, iin: adultIins(1, 5000)[0] } });
    assert.equal(stranger.body.details.issues[0].message, 'iin.not_listed');
  } finally {
    t.close();
  }
});

test('the attack, voter list: guessing codes at the listed phone stops for the day after 20 tries, whatever the challenges — a new challenge no longer brings 5 more', async () => {
  const t = testServer({ now: AT.aksu.review, identity: 'example' });
  try {
    const [victim] = adultIins(1, 741);
    await upload(t, csv([[victim!, '+77011112244']]));
    await ballotReady(t);
    const wrong = (real: string, i: number) => String((Number(real) + 1 + i) % 1_000_000).padStart(6, '0');
    const answers: string[] = [];
    // Four challenges (codes to the victim's phone, within its 5 an hour), five wrong codes each: 20 tries.
    for (let n = 0; n < 4; n++) {
      const s = await call(t.app, 'POST', `/cities/${CITY}/verification`, { body: { cycleId: CYCLE, iin: victim } });
      assert.equal(s.status, 201, s.text);
      for (let i = 0; i < 5; i++) {
        const r = await call(t.app, 'POST', `/cities/${CITY}/verification/${s.body.challengeId}/confirm`, { body: { code: wrong(t.sms.last(s.body.challengeId), i) } });
        answers.push(r.body.code);
      }
    }
    assert.deepEqual([...new Set(answers)].sort(), ['code_invalid', 'code_locked']);
    // A fifth challenge: its first try, even the right code, is refused for the day, with when to come back.
    const fifth = await call(t.app, 'POST', `/cities/${CITY}/verification`, { body: { cycleId: CYCLE, iin: victim } });
    assert.equal(fifth.status, 201);
    const id = fifth.body.challengeId;
    const right = await call(t.app, 'POST', `/cities/${CITY}/verification/${id}/confirm`, { body: { code: t.sms.last(id) } });
    assert.deepEqual([right.status, right.body.code], [429, 'too_many_codes']);
    assert.ok(Number(right.headers.get('retry-after')) > 3600, 'come back tomorrow, not in an hour');
    // The next day the owner gets in at once.
    t.setNow(new Date(Date.parse(AT.aksu.voting) + 24 * 3600_000 + 60_000).toISOString());
    const next = await call(t.app, 'POST', `/cities/${CITY}/verification`, { body: { cycleId: CYCLE, iin: victim } });
    const ok = await call(t.app, 'POST', `/cities/${CITY}/verification/${next.body.challengeId}/confirm`, { body: { code: t.sms.last(next.body.challengeId) } });
    assert.equal(ok.status, 200, ok.text);
  } finally {
    t.close();
  }
});
