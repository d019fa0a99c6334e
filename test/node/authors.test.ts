import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { demoPng } from '../../src/server/seed.js';
import { AT, call, newKey, testServer, type TestServer } from '../../src/server/testing.js';

const ADMIN = 'aksu-centre';
const PHONE = '+77075550001';
const OTHER_PHONE = '+77075550002';

function server(smsCity = true) {
  return testServer({
    now: AT.aksu.submission,
    logCodes: true,
    edit: (file) => {
      if (smsCity) file.cities.find((c) => c.slug === 'aksu')!.notifications = { sms: true };
    },
  });
}

async function photo(t: TestServer, path = '/cities/aksu/photos', token?: string) {
  const r = await call(t.app, 'POST', `${path}?name=a.png`, { raw: demoPng(8, 8, [9, 8, 7]) as Uint8Array<ArrayBuffer>, contentType: 'image/png', ...(token ? { token } : {}) });
  assert.equal(r.status, 201, r.text);
  return r.body.id as string;
}

const body = (photoId: string, phone: string, extra: Record<string, unknown> = {}) => ({
  title: 'Скамейки у школы номер 3',
  description: 'Возле школы нет ни одной скамейки, родителям негде подождать детей.',
  category: 'improvement',
  address: 'ул. Ленина, 10',
  estimatedCost: 1_500_000,
  photos: [photoId],
  authorName: 'Айгүл',
  phone,
  consent: true,
  ...extra,
});

async function submit(t: TestServer, phone: string, extra: Record<string, unknown> = {}) {
  const r = await call(t.app, 'POST', '/cities/aksu/proposals', { key: newKey(), body: body(await photo(t), phone, extra) });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function signIn(t: TestServer, phone: string): Promise<string> {
  const start = await call(t.app, 'POST', '/cities/aksu/authors/verification', { body: { phone } });
  assert.equal(start.status, 201, start.text);
  const confirm = await call(t.app, 'POST', `/cities/aksu/authors/verification/${start.body.challengeId}/confirm`, { body: { code: t.sms.last(start.body.challengeId) } });
  assert.equal(confirm.status, 200, confirm.text);
  return confirm.body.token;
}

test('a submitted proposal gets a short readable reference, unique in the city', async () => {
  const t = server();
  try {
    const refs = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const p = await submit(t, PHONE);
      assert.match(p.reference, /^[A-HJ-NPR-Z]{3}-[2-9]{4}$/);
      refs.add(p.reference);
    }
    assert.equal(refs.size, 5);
    // The unique index is what guarantees it: the same reference twice in one city is refused by the store.
    const [a] = await t.store.listProposals('aksu', 'aksu-2026');
    const clone = { ...a!, id: 'p_clone', photos: [], version: 1 };
    assert.throws(() => t.store.db.prepare('INSERT INTO proposals (id, city, cycle_id, status, author_hash, created_at, version, data) VALUES (?, ?, ?, ?, ?, ?, 1, ?)').run(clone.id, 'aksu', 'aksu-2026', 'submitted', 'x', clone.createdAt, JSON.stringify(clone)), /proposals_reference/);
  } finally {
    t.close();
  }
});

test('code → session → only the author’s own proposals, with the council’s notes; no phone anywhere', async () => {
  const t = server();
  try {
    const mine = await submit(t, PHONE);
    const theirs = await submit(t, OTHER_PHONE);
    t.setNow(AT.aksu.review);
    const note = 'Укажите точное место: у какого входа в школу?';
    const set = await call(t.app, 'POST', `/admin/cities/aksu/proposals/${mine.id}/status`, { token: t.adminTokens[ADMIN], body: { status: 'needs_changes', note } });
    assert.equal(set.status, 200, set.text);

    // No token, a forged one: 401.
    assert.equal((await call(t.app, 'GET', '/cities/aksu/authors/proposals')).status, 401);
    assert.equal((await call(t.app, 'GET', '/cities/aksu/authors/proposals', { token: 'at_AAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).status, 401);

    // A wrong code counts down, then the right one gives a session.
    const start = await call(t.app, 'POST', '/cities/aksu/authors/verification', { body: { phone: '8 707 555 00 01' } });
    assert.equal(start.status, 201);
    assert.equal(start.body.phoneHint, '0001');
    const code = t.sms.last(start.body.challengeId);
    const wrong = await call(t.app, 'POST', `/cities/aksu/authors/verification/${start.body.challengeId}/confirm`, { body: { code: code === '000000' ? '111111' : '000000' } });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.code, 'code_invalid');
    // An author's code is no voter's: the voters' confirm step refuses it.
    const asVoter = await call(t.app, 'POST', `/cities/aksu/verification/${start.body.challengeId}/confirm`, { body: { code } });
    assert.notEqual(asVoter.status, 200);
    const ok = await call(t.app, 'POST', `/cities/aksu/authors/verification/${start.body.challengeId}/confirm`, { body: { code } });
    assert.equal(ok.status, 200, ok.text);
    // Used once.
    assert.equal((await call(t.app, 'POST', `/cities/aksu/authors/verification/${start.body.challengeId}/confirm`, { body: { code } })).status, 404);

    const list = await call(t.app, 'GET', '/cities/aksu/authors/proposals', { token: ok.body.token });
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.body.items.map((p: { id: string }) => p.id), [mine.id]);
    const item = list.body.items[0];
    assert.equal(item.status, 'needs_changes');
    assert.equal(item.reviewNote, note);
    assert.equal(item.history.at(-1).note, note);
    assert.equal(item.editable, true);
    assert.equal(item.reference, mine.reference);
    assert.ok(!list.text.includes(PHONE) && !list.text.includes('5550001'));

    // Someone else's proposal cannot be resubmitted through my session: it is not found.
    const foreign = await call(t.app, 'POST', `/cities/aksu/authors/proposals/${theirs.id}/resubmit`, { key: newKey(), token: ok.body.token, body: body(theirs.photos[0].id, PHONE) });
    assert.equal(foreign.status, 404);

    // A phone without proposals gets the same answer, and no SMS is sent to it.
    const sentBefore = t.sms.sent.length;
    const stranger = await call(t.app, 'POST', '/cities/aksu/authors/verification', { body: { phone: '+77079998877' } });
    assert.equal(stranger.status, 201);
    assert.deepEqual(Object.keys(stranger.body).sort(), Object.keys(start.body).sort());
    assert.equal(t.sms.sent.length, sentBefore);

    // Sign out: the token stops working at once.
    assert.equal((await call(t.app, 'POST', '/cities/aksu/authors/sign-out', { token: ok.body.token })).status, 200);
    assert.equal((await call(t.app, 'GET', '/cities/aksu/authors/proposals', { token: ok.body.token })).status, 401);

    const logs = t.logger.lines.join('');
    assert.ok(!logs.includes(PHONE) && !logs.includes('7075550001'), 'no phone in the logs');
  } finally {
    t.close();
  }
});

test('the session lives in the store: another app on the same database accepts it; it expires', async () => {
  const t = server();
  try {
    await submit(t, PHONE);
    const token = await signIn(t, PHONE);
    assert.equal((await call(t.app, 'GET', '/cities/aksu/authors/proposals', { token })).status, 200);
    const row = t.store.db.prepare('SELECT token_hash FROM author_sessions').get() as { token_hash: string };
    assert.ok(row && row.token_hash !== token && !row.token_hash.includes(token));
    t.setNow(new Date(Date.parse(AT.aksu.submission) + 31 * 60_000).toISOString());
    const late = await call(t.app, 'GET', '/cities/aksu/authors/proposals', { token });
    assert.equal(late.status, 401);
    assert.equal(late.body.details.issues[0].message, 'author.session_expired');
  } finally {
    t.close();
  }
});

test('edit and resubmit: refused unless needs_changes in the review phase; every version kept with what changed', async () => {
  const t = server();
  try {
    const p = await submit(t, PHONE);
    const token = await signIn(t, PHONE);
    const edit = (extra: Record<string, unknown> = {}) => {
      const { phone: _p, consent: _c, ...rest } = body(p.photos[0].id, PHONE);
      return { ...rest, ...extra };
    };
    // Still `submitted`: refused with a clear code.
    const early = await call(t.app, 'POST', `/cities/aksu/authors/proposals/${p.id}/resubmit`, { key: newKey(), token, body: edit({ title: 'Скамейки у школы номер 3, вход с улицы' }) });
    assert.equal(early.status, 409);
    assert.equal(early.body.code, 'conflict');
    assert.equal(early.body.details.issues[0].message, 'proposal.not_editable');

    t.setNow(AT.aksu.review);
    assert.equal((await call(t.app, 'POST', `/admin/cities/aksu/proposals/${p.id}/status`, { token: t.adminTokens[ADMIN], body: { status: 'needs_changes', note: 'Уточните место и смету.' } })).status, 200);
    const token2 = await signIn(t, PHONE);

    // Bad input: the submission's own rules (shared schema), 4xx with issues, never a 500.
    const bad = await call(t.app, 'POST', `/cities/aksu/authors/proposals/${p.id}/resubmit`, { key: newKey(), token: token2, body: edit({ title: 'ab', estimatedCost: -5 }) });
    assert.equal(bad.status, 400, bad.text);
    assert.deepEqual([...new Set(bad.body.details.issues.map((i: { path: string[] }) => i.path[0]))].sort(), ['estimatedCost', 'title']);
    const overCap = await call(t.app, 'POST', `/cities/aksu/authors/proposals/${p.id}/resubmit`, { key: newKey(), token: token2, body: edit({ estimatedCost: 50_000_000 }) });
    assert.equal(overCap.status, 422);
    assert.equal(overCap.body.code, 'over_cap');
    const extra = await call(t.app, 'POST', `/cities/aksu/authors/proposals/${p.id}/resubmit`, { key: newKey(), token: token2, body: { ...edit(), phone: PHONE } });
    assert.equal(extra.status, 400);
    assert.equal((await call(t.app, 'POST', `/cities/aksu/authors/proposals/${p.id}/resubmit`, { key: newKey(), token: token2, raw: '{nope', contentType: 'application/json' })).status, 400);

    // A new photo during review, through the author route only.
    assert.equal((await call(t.app, 'POST', '/cities/aksu/photos?name=a.png', { raw: demoPng(8, 8, [1, 1, 1]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' })).body.code, 'phase_closed');
    const newPhoto = await photo(t, '/cities/aksu/authors/photos', token2);

    const ok = await call(t.app, 'POST', `/cities/aksu/authors/proposals/${p.id}/resubmit`, {
      key: newKey(),
      token: token2,
      body: edit({ address: 'ул. Ленина, 10, у главного входа', estimatedCost: 1_200_000, photos: [p.photos[0].id, newPhoto] }),
    });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.status, 'under_review');
    assert.equal(ok.body.editable, false);
    assert.equal(ok.body.versions, 2);
    assert.equal(ok.body.photos.length, 2);

    // Public and admin views follow; the history has the resubmission; the audit names no phone.
    const pub = await call(t.app, 'GET', `/cities/aksu/proposals/${p.id}`);
    assert.equal(pub.body.status, 'under_review');
    assert.equal(pub.body.address, 'ул. Ленина, 10, у главного входа');
    assert.deepEqual(pub.body.history.map((h: { status: string }) => h.status), ['submitted', 'needs_changes', 'under_review']);
    const audit = await call(t.app, 'GET', '/admin/cities/aksu/audit', { token: t.adminTokens[ADMIN] });
    const entry = audit.body.items.find((a: { action: string }) => a.action === 'proposal.resubmitted');
    assert.equal(entry.actor, 'author');
    assert.deepEqual(entry.details.changed, ['address', 'estimatedCost', 'photos']);
    assert.ok(!audit.text.includes(PHONE) && !audit.text.includes('7075550001'));

    // Now under review: editing again is refused.
    const again = await call(t.app, 'POST', `/cities/aksu/authors/proposals/${p.id}/resubmit`, { key: newKey(), token: token2, body: edit() });
    assert.equal(again.status, 409);

    // A second round of changes keeps a third version.
    assert.equal((await call(t.app, 'POST', `/admin/cities/aksu/proposals/${p.id}/status`, { token: t.adminTokens[ADMIN], body: { status: 'needs_changes', note: 'Ещё уточните смету.' } })).status, 200);
    const third = await call(t.app, 'POST', `/cities/aksu/authors/proposals/${p.id}/resubmit`, {
      key: newKey(),
      token: token2,
      body: edit({ address: 'ул. Ленина, 10, у главного входа', estimatedCost: 1_100_000, photos: [p.photos[0].id, newPhoto] }),
    });
    assert.equal(third.status, 200, third.text);

    // Staff see every version and what changed; without a token nobody does.
    assert.equal((await call(t.app, 'GET', `/admin/cities/aksu/proposals/${p.id}/versions`)).status, 401);
    const versions = await call(t.app, 'GET', `/admin/cities/aksu/proposals/${p.id}/versions`, { token: t.adminTokens[ADMIN] });
    assert.equal(versions.status, 200, versions.text);
    assert.deepEqual(versions.body.items.map((v: { n: number }) => v.n), [1, 2, 3]);
    assert.deepEqual(versions.body.items.map((v: { changed: string[] }) => v.changed), [[], ['address', 'estimatedCost', 'photos'], ['estimatedCost']]);
    assert.equal(versions.body.items[0].content.estimatedCost, 1_500_000);
    assert.equal(versions.body.items[0].content.photos.length, 1);
    assert.equal(versions.body.items[2].content.estimatedCost, 1_100_000);
    assert.ok(!versions.text.includes(PHONE));
    assert.equal((await call(t.app, 'GET', `/admin/cities/aksu/proposals/p_nope/versions`, { token: t.adminTokens[ADMIN] })).status, 404);

    // After the review phase: refused as phase_closed, even when sent back.
    assert.equal((await call(t.app, 'POST', `/admin/cities/aksu/proposals/${p.id}/status`, { token: t.adminTokens[ADMIN], body: { status: 'needs_changes', note: 'Уточните место и смету.' } })).status, 200);
    t.setNow(AT.aksu.voting);
    const token3 = await signIn(t, PHONE);
    const late = await call(t.app, 'POST', `/cities/aksu/authors/proposals/${p.id}/resubmit`, { key: newKey(), token: token3, body: edit() });
    assert.equal(late.status, 403);
    assert.equal(late.body.code, 'phase_closed');
    const listed = await call(t.app, 'GET', '/cities/aksu/authors/proposals', { token: token3 });
    assert.equal(listed.body.items[0].editable, false);
    assert.equal(listed.body.items[0].editBlock, 'phase');
  } finally {
    t.close();
  }
});

test('a photo the author takes out in a resubmission is deleted: its address no longer answers; the kept and new ones do', async () => {
  const t = server();
  try {
    const p = await submit(t, PHONE);
    const removed = p.photos[0].id as string;
    const served = async (id: string) => (await t.app.request(`http://localhost/api/v1/photos/${id}`)).status;
    assert.equal(await served(removed), 200);
    t.setNow(AT.aksu.review);
    assert.equal((await call(t.app, 'POST', `/admin/cities/aksu/proposals/${p.id}/status`, { token: t.adminTokens[ADMIN], body: { status: 'needs_changes', note: 'Другое фото, без лиц.' } })).status, 200);
    const token = await signIn(t, PHONE);
    const fresh = await photo(t, '/cities/aksu/authors/photos', token);
    const { phone: _p, consent: _c, ...edit } = body(fresh, PHONE);
    const ok = await call(t.app, 'POST', `/cities/aksu/authors/proposals/${p.id}/resubmit`, { key: newKey(), token, body: edit });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(await served(removed), 404, 'the photo taken out');
    assert.equal(await served(fresh), 200);
    // Staff still see that the first version had a photo, and that photos changed.
    const versions = await call(t.app, 'GET', `/admin/cities/aksu/proposals/${p.id}/versions`, { token: t.adminTokens[ADMIN] });
    assert.equal(versions.body.items[0].content.photos.length, 1);
    assert.deepEqual(versions.body.items[1].changed, ['photos']);
    // Putting it back is refused as an unknown photo (it is gone), not a 500.
    assert.equal((await call(t.app, 'POST', `/admin/cities/aksu/proposals/${p.id}/status`, { token: t.adminTokens[ADMIN], body: { status: 'needs_changes', note: 'Уточните место и смету.' } })).status, 200);
    const back = await call(t.app, 'POST', `/cities/aksu/authors/proposals/${p.id}/resubmit`, { key: newKey(), token, body: { ...edit, photos: [fresh, removed] } });
    assert.equal(back.status, 400, back.text);
    assert.deepEqual(back.body.details.issues, [{ path: ['photos', 1], message: 'photos.unknown' }]);
  } finally {
    t.close();
  }
});

test('a resubmission is under an Idempotency-Key: an answer lost on the way is given again, not "this one is under review"', async () => {
  const t = server();
  try {
    const p = await submit(t, PHONE);
    const mine = await submit(t, PHONE);
    await submit(t, OTHER_PHONE);
    t.setNow(AT.aksu.review);
    for (const id of [p.id, mine.id])
      assert.equal((await call(t.app, 'POST', `/admin/cities/aksu/proposals/${id}/status`, { token: t.adminTokens[ADMIN], body: { status: 'needs_changes', note: 'Уточните место и смету.' } })).status, 200);
    const token = await signIn(t, PHONE);
    const { phone: _p, consent: _c, ...edit } = body(p.photos[0].id, PHONE);
    const path = (id: string) => `/cities/aksu/authors/proposals/${id}/resubmit`;
    const changed = { ...edit, address: 'ул. Ленина, 10, у главного входа' };

    // Without a key, or with a malformed one: refused before anything changes.
    const none = await call(t.app, 'POST', path(p.id), { token, body: changed });
    assert.equal(none.status, 400, none.text);
    assert.equal(none.body.code, 'idempotency_key_required');
    assert.equal((await call(t.app, 'POST', path(p.id), { token, key: 'short', body: changed })).body.details.issues[0].message, 'idempotency_key.invalid');
    assert.equal((await call(t.app, 'GET', `/cities/aksu/proposals/${p.id}`)).body.status, 'needs_changes');

    const key = newKey();
    const first = await call(t.app, 'POST', path(p.id), { token, key, body: changed });
    assert.equal(first.status, 200, first.text);
    // The answer was lost; the author sends again: the same answer, one version, one audit entry.
    const retry = await call(t.app, 'POST', path(p.id), { token, key, body: changed });
    assert.equal(retry.status, 200, retry.text);
    assert.deepEqual(retry.body, first.body);
    const versions = await call(t.app, 'GET', `/admin/cities/aksu/proposals/${p.id}/versions`, { token: t.adminTokens[ADMIN] });
    assert.equal(versions.body.items.length, 2);
    const audit = await call(t.app, 'GET', '/admin/cities/aksu/audit', { token: t.adminTokens[ADMIN] });
    assert.equal(audit.body.items.filter((a: { action: string; target: string }) => a.action === 'proposal.resubmitted' && a.target === p.id).length, 1);
    // Another text under that key is another request: 422, nothing changed.
    const reused = await call(t.app, 'POST', path(p.id), { token, key, body: { ...changed, title: 'Скамейки у школы номер 3, вход с улицы' } });
    assert.equal(reused.status, 422, reused.text);
    assert.equal(reused.body.code, 'idempotency_key_reused');
    // A new key once it is under review: the status rule, as before.
    assert.equal((await call(t.app, 'POST', path(p.id), { token, key: newKey(), body: changed })).body.code, 'conflict');
    // The same key for another proposal of the author's is that proposal's own request.
    const other = await call(t.app, 'POST', path(mine.id), { token, key, body: { ...changed, photos: [mine.photos[0].id] } });
    assert.equal(other.status, 200, other.text);
    assert.equal(other.body.id, mine.id);
    // A stranger's session never reads the kept answer: not found, as before.
    const stranger = await signIn(t, OTHER_PHONE);
    assert.equal((await call(t.app, 'POST', path(p.id), { token: stranger, key, body: changed })).status, 404);
  } finally {
    t.close();
  }
});

test('SMS on a status change only with consent; the sealed phone is deleted at the cycle’s end (checked in the database file)', async () => {
  const t = server();
  try {
    const consenting = await submit(t, PHONE, { notify: { sms: true, locale: 'kk' } });
    const silent = await submit(t, OTHER_PHONE);
    const sealed = (t.store.db.prepare('SELECT phone_sealed FROM author_contacts').all() as { phone_sealed: string }[]).map((r) => r.phone_sealed);
    assert.equal(sealed.length, 1, 'only the consenting author’s phone is kept');
    assert.ok(sealed[0]!.startsWith('s1.') && !sealed[0]!.includes('7075550001'));

    t.setNow(AT.aksu.review);
    const before = t.sms.sent.length;
    for (const id of [consenting.id, silent.id]) {
      const r = await call(t.app, 'POST', `/admin/cities/aksu/proposals/${id}/status`, { token: t.adminTokens[ADMIN], body: { status: 'needs_changes', note: 'Уточните место.' } });
      assert.equal(r.status, 200);
    }
    const notices = t.sms.sent.slice(before).filter((s) => s.text !== undefined);
    assert.equal(notices.length, 1);
    assert.equal(notices[0]!.phone, PHONE);
    assert.ok(notices[0]!.text!.includes(consenting.reference));
    assert.ok(notices[0]!.text!.includes('түзету керек'), notices[0]!.text);
    // A change that is not a status change sends nothing.
    await call(t.app, 'POST', `/admin/cities/aksu/proposals/${consenting.id}/cost`, { token: t.adminTokens[ADMIN], body: { finalCost: 1_000_000 } });
    assert.equal(t.sms.sent.filter((s) => s.text !== undefined).length, 1);
    // The author's list says SMS are on.
    const token = await signIn(t, PHONE);
    assert.equal((await call(t.app, 'GET', '/cities/aksu/authors/proposals', { token })).body.items[0].smsNotifications, true);

    // Before the cycle ends the phone stays; after, the sweep deletes it — from the file, not only from the table.
    assert.equal(await t.app.qala.authors.purgeEnded(), 0);
    t.setNow('2028-01-02T00:00:00+05:00');
    assert.equal(await t.app.qala.authors.purgeEnded(), 1);
    assert.equal((t.store.db.prepare('SELECT count(*) AS n FROM author_contacts').get() as { n: number }).n, 0);
    const bytes = ['', '-wal'].map((s) => t.dbPath + s).filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
    assert.ok(!bytes.includes(sealed[0]!.slice(3, 40)), 'the sealed phone is gone from the database bytes');
    const audit = await call(t.app, 'GET', '/admin/cities/aksu/audit', { token: t.adminTokens[ADMIN] });
    assert.ok(audit.body.items.some((a: { action: string }) => a.action === 'author_phones.deleted_after_cycle'));
  } finally {
    t.close();
  }
});

test('a city that does not send SMS refuses the consent; nothing but the keyed hash is kept', async () => {
  const t = server(false);
  try {
    const r = await call(t.app, 'POST', '/cities/aksu/proposals', { key: newKey(), body: body(await photo(t), PHONE, { notify: { sms: true, locale: 'ru' } }) });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.body.details.issues[0].path, ['notify', 'sms']);
    const ok = await call(t.app, 'POST', '/cities/aksu/proposals', { key: newKey(), body: body(await photo(t), PHONE, { notify: { sms: false, locale: 'ru' } }) });
    assert.equal(ok.status, 201);
    assert.equal((t.store.db.prepare('SELECT count(*) AS n FROM author_contacts').get() as { n: number }).n, 0);
    const bad = await call(t.app, 'POST', '/cities/aksu/proposals', { key: newKey(), body: body(await photo(t), PHONE, { notify: { sms: true, locale: 'de' } }) });
    assert.equal(bad.status, 400);
  } finally {
    t.close();
  }
});
