import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { test } from 'node:test';
import { demoPng } from '../../src/server/seed.js';
import { AT, RUDNY_INSIDE, adultIins, call, newKey, phoneFor, testServer, type CallResult } from '../../src/server/testing.js';

test('raw IINs, phones and locations never reach the database file, the WAL, the logs or any response', async () => {
  const t = testServer({ now: AT.rudny.submission, logCodes: true });
  const responses: string[] = [];
  const record = async (p: Promise<CallResult>) => {
    const r = await p;
    responses.push(r.text, JSON.stringify([...r.headers]));
    return r;
  };
  try {
    const iins = adultIins(12, 300);
    const phones = iins.map((_, i) => phoneFor(5000 + i));
    const authorPhone = '+77075554433';
    // A proposal with the author's phone.
    const photo = await record(call(t.app, 'POST', '/cities/rudny/photos?name=a.png', { raw: demoPng(8, 8, [1, 2, 3]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' }));
    const p = await record(
      call(t.app, 'POST', '/cities/rudny/proposals', {
        key: newKey(),
        body: { title: 'Освещение двора на улице Горняков', description: 'Во дворе темно, нужны фонари и ремонт дорожки.', category: 'infrastructure', address: 'ул. Горняков, 3', estimatedCost: 2_000_000, photos: [photo.body.id], authorName: 'Жанна', phone: '8 707 555 44 33', consent: true },
      }),
    );
    assert.equal(p.status, 201);
    t.setNow(AT.rudny.review);
    assert.equal((await record(call(t.app, 'POST', `/admin/cities/rudny/proposals/${p.body.id}/ballot`, { token: t.adminTokens['rudny-centre'], body: { poolId: 'infrastructure' } }))).status, 200);
    t.setNow(AT.rudny.voting);
    const ballot = { cycleId: 'rudny-2026', choices: [{ poolId: 'infrastructure', picks: [{ projectId: p.body.id }] }] };
    const receipts: string[] = [];
    for (const [i, iin] of iins.entries()) {
      const start = await record(call(t.app, 'POST', '/cities/rudny/verification', { body: { cycleId: 'rudny-2026', iin, phone: phones[i], location: RUDNY_INSIDE } }));
      assert.equal(start.status, 201, start.text);
      const id = start.body.challengeId;
      if (i % 3 === 0) await record(call(t.app, 'POST', `/cities/rudny/verification/${id}/confirm`, { body: { code: '000000' === t.sms.last(id) ? '111111' : '000000', location: RUDNY_INSIDE } }));
      const ok = await record(call(t.app, 'POST', `/cities/rudny/verification/${id}/confirm`, { body: { code: t.sms.last(id), location: RUDNY_INSIDE } }));
      assert.equal(ok.status, 200, ok.text);
      const cast = await record(call(t.app, 'POST', '/cities/rudny/ballots', { token: ok.body.token, key: newKey(), body: ballot }));
      assert.equal(cast.status, 201);
      receipts.push(cast.body.receiptCode);
      await record(call(t.app, 'POST', '/cities/rudny/ballots', { token: ok.body.token, key: newKey(), body: ballot }));
      await record(call(t.app, 'GET', `/cities/rudny/receipts/${cast.body.receiptCode}`));
    }
    // Refused attempts carry the IIN too: they must not leak it either.
    await record(call(t.app, 'POST', '/cities/rudny/verification', { body: { cycleId: 'rudny-2026', iin: iins[0]!.slice(0, 11) + ((Number(iins[0]![11]) + 1) % 10), phone: phones[0] } }));
    t.setNow(AT.rudny.results);
    await record(call(t.app, 'GET', '/cities/rudny/results'));
    await record(call(t.app, 'GET', '/cities/rudny/results.pb'));
    await record(call(t.app, 'GET', '/cities/rudny/results.csv'));
    await record(call(t.app, 'GET', '/admin/cities/rudny/proposals', { token: t.adminTokens['rudny-centre'] }));
    await record(call(t.app, 'GET', '/admin/cities/rudny/audit', { token: t.adminTokens['rudny-centre'] }));
    await record(call(t.app, 'GET', '/admin/cities/rudny/export.pb', { token: t.adminTokens['rudny-centre'] }));

    const logs = t.logger.lines.join('');
    assert.ok(logs.includes('"msg":"sms.code"'), 'the console provider logs codes');
    assert.ok(logs.includes('"msg":"request"'));
    const files = () => ['', '-wal', '-shm'].map((s) => t.dbPath + s).filter(existsSync).map((f) => readFileSync(f).toString('latin1'));
    const dbWhileOpen = files();
    assert.ok(dbWhileOpen.length >= 2, 'the WAL is there to be searched');
    t.store.close();
    const dbAfter = files();
    // Timestamps go first: "…T10:15:52.961Z" would otherwise "contain" the latitude 52.96 about once in 60 runs.
    const noTimes = (text: string) => text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>');
    const haystacks = { responses: noTimes(responses.join('\n')), logs: noTimes(logs), database: noTimes([...dbWhileOpen, ...dbAfter].join('\n')) };
    const needles = [
      ...iins.map((iin) => ['IIN', iin]),
      ...phones.flatMap((ph) => [['phone', ph], ['phone digits', ph.slice(2)]]),
      ['author phone', authorPhone],
      ['author phone digits', authorPhone.slice(2)],
      ['latitude', String(RUDNY_INSIDE.lat)],
      ['longitude', String(RUDNY_INSIDE.lng)],
    ];
    for (const [where, text] of Object.entries(haystacks)) {
      for (const [what, needle] of needles) assert.ok(!text!.includes(needle!), `${what} ${needle} found in ${where}`);
    }
    // The receipts are there (so the search above did look at real data).
    assert.ok(receipts.every((r) => haystacks.database.includes(r)));
  } finally {
    t.close();
  }
});
