import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { ApiError, CityConfig, Proposal, ProposalPage, Receipt, ReceiptStatus, Results, VoterSession, Challenge, Photo, AdminProposal, AuditPage, PaperBallotsResult, ApplyResultsResult } from '../../src/contract/index.js';
import { parsePabulib } from '../../src/domain/pabulib.js';
import { ConfigError, parseConfig } from '../../src/server/config.js';
import { demoPng } from '../../src/server/seed.js';
import { AT, OUTSIDE, RUDNY_INSIDE, adultIins, call, exampleConfigFile, makeIin, newKey, phoneFor, testServer, verify, type TestServer } from '../../src/server/testing.js';

const PNG = demoPng(40, 30, [10, 120, 200]) as Uint8Array<ArrayBuffer>;

function assertError(r: { status: number; body: unknown }, status: number, code: string) {
  assert.equal(r.status, status, JSON.stringify(r.body));
  const parsed = ApiError.safeParse(r.body);
  assert.ok(parsed.success, `error shape: ${JSON.stringify(r.body)}`);
  assert.equal(parsed.data.code, code);
}

function proposalInput(photo: string, over: Record<string, unknown> = {}) {
  return {
    title: 'Скамейки и урны в сквере у школы №3',
    description: 'В сквере нет ни одной скамейки, пожилым людям негде присесть. Предлагаем десять скамеек и урны.',
    category: 'improvement',
    district: 'town',
    address: 'ул. Ленина, сквер у школы №3',
    estimatedCost: 2_500_000,
    photos: [photo],
    authorName: 'Айгүл Н.',
    phone: '8 701 555 12 34',
    consent: true,
    ...over,
  };
}

async function upload(t: TestServer, city = 'aksu', name = 'двор.png'): Promise<string> {
  const r = await call(t.app, 'POST', `/cities/${city}/photos?name=${encodeURIComponent(name)}`, { raw: PNG, contentType: 'image/png' });
  assert.equal(r.status, 201, r.text);
  assert.ok(Photo.safeParse(r.body).success);
  return r.body.id;
}

describe('resident and admin flow (Aksu: approval up to 3, revote until close)', () => {
  let t: TestServer;
  const admin = () => t.adminTokens['aksu-centre']!;
  const ids: Record<string, string> = {};
  const [iinA, iinB, iinC] = adultIins(3);

  before(() => {
    t = testServer({ now: AT.aksu.submission });
  });
  after(() => t.close());

  test('config carries the phase computed from the clock', async () => {
    const r = await call(t.app, 'GET', '/cities/aksu');
    assert.equal(r.status, 200);
    const cfg = CityConfig.parse(r.body);
    assert.equal(cfg.currentPhase, 'submission');
    assert.equal(cfg.cycle.phases.submission.start, '2026-04-18T00:00:00+05:00');
    // "18 April – 17 May": the end date is inclusive.
    assert.equal(cfg.cycle.phases.submission.end, '2026-05-18T00:00:00+05:00');
    assertError(await call(t.app, 'GET', '/cities/nowhere'), 404, 'not_found');
  });

  test('photo upload checks content, not the declared type, and serves it safely', async () => {
    const id = await upload(t);
    const img = await t.app.request(`http://localhost/api/v1/photos/${id}`);
    assert.equal(img.status, 200);
    assert.equal(img.headers.get('content-type'), 'image/png');
    assert.equal(img.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(img.headers.get('content-disposition'), 'inline');
    assert.match(img.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.deepEqual(new Uint8Array(await img.arrayBuffer()), PNG);
    // HTML pretending to be a PNG.
    assertError(await call(t.app, 'POST', '/cities/aksu/photos?name=x.png', { raw: '<script>alert(1)</script>', contentType: 'image/png' }), 415, 'unsupported_media_type');
    assertError(await call(t.app, 'POST', '/cities/aksu/photos', { raw: PNG, contentType: 'text/html' }), 415, 'unsupported_media_type');
    assertError(await call(t.app, 'POST', '/cities/aksu/photos', { raw: new Uint8Array(new ArrayBuffer(10 * 1024 * 1024 + 1)), contentType: 'image/jpeg' }), 413, 'payload_too_large');
  });

  test('submitting a proposal: idempotent, validated, capped', async () => {
    const photo = await upload(t);
    const key = newKey();
    const first = await call(t.app, 'POST', '/cities/aksu/proposals', { body: proposalInput(photo), key });
    assert.equal(first.status, 201, first.text);
    const p = Proposal.parse(first.body);
    assert.equal(p.status, 'submitted');
    assert.equal(p.votes, undefined);
    assert.ok(!first.text.includes('555'), 'the phone never comes back');
    ids.bench = p.id;
    const again = await call(t.app, 'POST', '/cities/aksu/proposals', { body: proposalInput(photo), key });
    assert.equal(again.status, 201);
    assert.deepEqual(again.body, first.body);
    assertError(await call(t.app, 'POST', '/cities/aksu/proposals', { body: proposalInput(photo, { title: 'Другое название проекта' }), key }), 422, 'idempotency_key_reused');
    assertError(await call(t.app, 'POST', '/cities/aksu/proposals', { body: proposalInput(photo) }), 400, 'idempotency_key_required');
    // The photo is now attached: it cannot be reused by another proposal.
    assertError(await call(t.app, 'POST', '/cities/aksu/proposals', { body: proposalInput(photo), key: newKey() }), 400, 'validation_failed');
    const photo2 = await upload(t);
    const over = await call(t.app, 'POST', '/cities/aksu/proposals', { body: proposalInput(photo2, { estimatedCost: 9_000_001 }), key: newKey() });
    assertError(over, 422, 'over_cap');
    assert.deepEqual(over.body.details.issues[0].path, ['estimatedCost']);
    const bad = await call(t.app, 'POST', '/cities/aksu/proposals', { body: proposalInput(photo2, { title: 'x', phone: '123', extra: 1 }), key: newKey() });
    assertError(bad, 400, 'validation_failed');
    const messages = bad.body.details.issues.map((i: { path: unknown[]; message: string }) => `${i.path.join('.')}:${i.message}`);
    assert.ok(messages.includes('title:text.too_short'), messages.join());
    assert.ok(messages.includes('phone:phone.invalid'), messages.join());
    assert.ok(messages.includes('extra:schema.unrecognized_key'), messages.join());
    for (const [name, over] of [
      ['kids', { title: 'Детская площадка на улице Абая, 5', category: 'improvement', estimatedCost: 8_000_000 }],
      ['library', { title: 'Кітапханаға жаңа кітаптар мен орындықтар', category: 'education', estimatedCost: 3_000_000 }],
      ['trees', { title: 'Посадка деревьев вдоль улицы Мира', category: 'ecology', estimatedCost: 1_500_000, district: 'villages' }],
      ['spam', { title: 'Реклама: купите окна недорого', category: 'improvement', estimatedCost: 1_000 }],
      ['dup', { title: 'Детская площадка на Абая, 5 (повтор)', category: 'improvement', estimatedCost: 7_000_000 }],
    ] as const) {
      const r = await call(t.app, 'POST', '/cities/aksu/proposals', { body: proposalInput(await upload(t), { ...over, phone: `+7702000000${Object.keys(ids).length}` }), key: newKey() });
      assert.equal(r.status, 201, r.text);
      ids[name] = r.body.id;
    }
  });

  test('the public list filters, searches, sorts and pages', async () => {
    const all = ProposalPage.parse((await call(t.app, 'GET', '/cities/aksu/proposals')).body);
    assert.equal(all.total, 6);
    const edu = (await call(t.app, 'GET', '/cities/aksu/proposals?category=education')).body;
    assert.deepEqual(edu.items.map((p: Proposal) => p.id), [ids.library]);
    const village = (await call(t.app, 'GET', '/cities/aksu/proposals?district=villages')).body;
    assert.deepEqual(village.items.map((p: Proposal) => p.id), [ids.trees]);
    const search = (await call(t.app, 'GET', `/cities/aksu/proposals?q=${encodeURIComponent('ДЕТСКАЯ площадка')}`)).body;
    assert.equal(search.total, 2);
    const cheap = (await call(t.app, 'GET', '/cities/aksu/proposals?sort=cost_asc&limit=2')).body;
    assert.deepEqual(cheap.items.map((p: Proposal) => p.estimatedCost), [1_000, 1_500_000]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = (await call(t.app, 'GET', `/cities/aksu/proposals?sort=cost_desc&limit=4${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...page.items.map((p: Proposal) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 6);
    assert.equal(new Set(seen).size, 6);
    assertError(await call(t.app, 'GET', '/cities/aksu/proposals?sort=votes'), 400, 'validation_failed');
    assertError(await call(t.app, 'GET', '/cities/aksu/proposals?sort=title;drop table proposals'), 400, 'validation_failed');
    assertError(await call(t.app, 'GET', '/cities/aksu/proposals?orderBy=id'), 400, 'validation_failed');
    assertError(await call(t.app, 'GET', '/cities/aksu/proposals?cursor=bm9wZQ'), 400, 'validation_failed');
    const one = await call(t.app, 'GET', `/cities/aksu/proposals/${ids.kids}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.history[0].status, 'submitted');
  });

  test('review: statuses with reasons, moderation, merge, cost, ballot; all audited', async () => {
    t.setNow(AT.aksu.review);
    assertError(await call(t.app, 'POST', '/cities/aksu/proposals', { body: proposalInput(ids.bench!), key: newKey() }), 403, 'phase_closed');
    assertError(await call(t.app, 'GET', '/admin/cities/aksu/proposals'), 401, 'unauthorized');
    const list = AdminProposalPageLike((await call(t.app, 'GET', '/admin/cities/aksu/proposals', { token: admin() })).body);
    assert.equal(list.total, 6);
    const post = (id: string, action: string, body: unknown) => call(t.app, 'POST', `/admin/cities/aksu/proposals/${id}/${action}`, { token: admin(), body });

    const rejected = await post(ids.library!, 'status', { status: 'rejected', note: 'Кітапхана жеке меншікте; басқа орын ұсыныңыз.' });
    assert.equal(rejected.status, 200, rejected.text);
    assert.ok(AdminProposal.safeParse(rejected.body).success);
    const pub = (await call(t.app, 'GET', `/cities/aksu/proposals/${ids.library}`)).body;
    assert.equal(pub.status, 'rejected');
    assert.equal(pub.reviewNote, 'Кітапхана жеке меншікте; басқа орын ұсыныңыз.');
    assert.equal(pub.history.at(-1).note, 'Кітапхана жеке меншікте; басқа орын ұсыныңыз.');

    const spamPhoto = (await call(t.app, 'GET', `/cities/aksu/proposals/${ids.spam}`)).body.photos[0].id;
    assert.equal((await post(ids.spam!, 'visibility', { hidden: true, reason: 'реклама' })).status, 200);
    assertError(await call(t.app, 'GET', `/cities/aksu/proposals/${ids.spam}`), 404, 'not_found');
    assert.equal((await call(t.app, 'GET', '/cities/aksu/proposals')).body.total, 5);
    assert.equal((await t.app.request(`http://localhost/api/v1/photos/${spamPhoto}`)).status, 404, 'photos of hidden proposals are not served');

    const merged = await post(ids.dup!, 'merge', { into: ids.kids, note: 'Объединено с похожим предложением.' });
    assert.equal(merged.status, 200, merged.text);
    assert.equal(merged.body.mergedInto, ids.kids);
    // The target's author sees the reason too: in its public history, its status unchanged.
    const target = (await call(t.app, 'GET', `/cities/aksu/proposals/${ids.kids}`)).body;
    assert.deepEqual(target.history.at(-1), { status: target.status, at: target.history.at(-1).at, note: 'Объединено с похожим предложением.' });
    assert.notEqual(target.status, 'merged');
    assertError(await post(ids.dup!, 'status', { status: 'merged' }), 400, 'validation_failed');
    assertError(await post(ids.kids!, 'merge', { into: ids.kids }), 400, 'validation_failed');

    assert.equal((await post(ids.kids!, 'cost', { finalCost: 7_800_000 })).body.finalCost, 7_800_000);
    assertError(await post(ids.kids!, 'ballot', { poolId: 'city', finalCost: 9_500_000 }), 422, 'over_cap');
    assertError(await post(ids.kids!, 'ballot', { poolId: 'nope' }), 400, 'validation_failed');
    for (const id of [ids.kids!, ids.bench!, ids.trees!]) assert.equal((await post(id, 'ballot', { poolId: 'city' })).body.status, 'on_ballot');
    assertError(await post('p_unknown', 'status', { status: 'rejected', note: 'Участок занят.' }), 404, 'not_found');

    const audit = AuditPage.parse((await call(t.app, 'GET', '/admin/cities/aksu/audit', { token: admin() })).body);
    const actions = audit.items.map((a) => a.action);
    for (const a of ['proposal.status', 'proposal.visibility', 'proposal.merge', 'proposal.cost', 'proposal.ballot']) assert.ok(actions.includes(a), a);
    assert.ok(audit.items.every((a) => a.actor === 'aksu-centre'));
    assert.throws(() => t.store.db.prepare('UPDATE audit SET action = ?').run('x'), /append-only/);
    assert.throws(() => t.store.db.prepare('DELETE FROM audit').run(), /append-only/);
  });

  test('voting: verify, cast, revote, receipts; the ballot is frozen', async () => {
    t.setNow(AT.aksu.voting);
    assertError(await call(t.app, 'POST', `/admin/cities/aksu/proposals/${ids.kids}/status`, { token: admin(), body: { status: 'rejected', note: 'Участок занят.' } }), 403, 'phase_closed');
    assertError(await call(t.app, 'POST', `/admin/cities/aksu/proposals/${ids.library}/ballot`, { token: admin(), body: { poolId: 'city' } }), 403, 'phase_closed');
    const cycleId = 'aksu-2026';
    const bad = await call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId, iin: '791028302729', phone: phoneFor(1) } });
    assertError(bad, 422, 'invalid_iin');
    assert.equal(bad.body.details.issues[0].message, 'iin.checksum');
    const young = makeIin(2012, 5, 5, 'female', 1234) ?? makeIin(2012, 5, 6, 'female', 1234)!;
    const tooYoung = await call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId, iin: young, phone: phoneFor(2) } });
    assertError(tooYoung, 403, 'not_eligible');
    assert.equal(tooYoung.body.details.issues[0].message, 'iin.too_young');

    const start = await call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId, iin: iinA, phone: phoneFor(3) } });
    assert.equal(start.status, 201, start.text);
    const ch = Challenge.parse(start.body);
    assert.equal(ch.attemptsLeft, 5);
    assert.equal(ch.phoneHint, phoneFor(3).slice(-4));
    const code = t.sms.last(ch.challengeId);
    const wrong = await call(t.app, 'POST', `/cities/aksu/verification/${ch.challengeId}/confirm`, { body: { code: code === '000000' ? '111111' : '000000' } });
    assertError(wrong, 422, 'code_invalid');
    assert.equal(wrong.body.details.issues[0].params.attemptsLeft, 4);
    const ok = await call(t.app, 'POST', `/cities/aksu/verification/${ch.challengeId}/confirm`, { body: { code } });
    assert.equal(ok.status, 200, ok.text);
    const session = VoterSession.parse(ok.body);
    assert.equal(session.receipt, null);
    assertError(await call(t.app, 'POST', `/cities/aksu/verification/${ch.challengeId}/confirm`, { body: { code } }), 404, 'not_found');

    const ballot = (picks: string[]) => ({ cycleId, choices: [{ poolId: 'city', picks: picks.map((projectId) => ({ projectId })) }] });
    assertError(await call(t.app, 'POST', '/cities/aksu/ballots', { body: ballot([ids.kids!]), key: newKey() }), 401, 'unauthorized');
    assertError(await call(t.app, 'POST', '/cities/aksu/ballots', { body: ballot([ids.kids!]), token: session.token }), 400, 'idempotency_key_required');
    const tooMany = await call(t.app, 'POST', '/cities/aksu/ballots', { body: ballot([ids.kids!, ids.bench!, ids.trees!, ids.library!]), token: session.token, key: newKey() });
    assertError(tooMany, 422, 'ballot_invalid');
    assertError(await call(t.app, 'POST', '/cities/aksu/ballots', { body: ballot([]), token: session.token, key: newKey() }), 422, 'ballot_invalid');
    const cast = await call(t.app, 'POST', '/cities/aksu/ballots', { body: ballot([ids.kids!, ids.bench!]), token: session.token, key: newKey() });
    assert.equal(cast.status, 201, cast.text);
    const receipt = Receipt.parse(cast.body);
    assert.equal(receipt.changeableUntil, '2026-10-01T00:00:00+05:00');
    const status = ReceiptStatus.parse((await call(t.app, 'GET', `/cities/aksu/receipts/${receipt.receiptCode}`)).body);
    assert.deepEqual([status.status, status.channel], ['counted', 'online']);
    assert.ok(!JSON.stringify(status).includes(ids.kids!), 'a receipt never shows the choices');

    // Revote until close: the new ballot replaces the old one.
    const again = await verify(t, 'aksu', iinA!, phoneFor(3));
    assert.equal(again.session.receipt.receiptCode, receipt.receiptCode);
    const second = await call(t.app, 'POST', '/cities/aksu/ballots', { body: ballot([ids.trees!]), token: again.token, key: newKey() });
    assert.equal(second.status, 201);
    assert.equal((await call(t.app, 'GET', `/cities/aksu/receipts/${receipt.receiptCode}`)).body.status, 'replaced');
    assert.equal((await call(t.app, 'GET', `/cities/aksu/receipts/${second.body.receiptCode}`)).body.status, 'counted');
    assertError(await call(t.app, 'GET', '/cities/aksu/receipts/AAAA-AAAA-AAAA-AAAA'), 404, 'not_found');
    assertError(await call(t.app, 'GET', '/cities/aksu/receipts/nope'), 400, 'validation_failed');

    for (const [iin, picks, phone] of [
      [iinB!, [ids.kids!, ids.trees!], phoneFor(4)],
      [iinC!, [ids.kids!], phoneFor(5)],
    ] as const) {
      const { token } = await verify(t, 'aksu', iin, phone);
      assert.equal((await call(t.app, 'POST', '/cities/aksu/ballots', { body: ballot([...picks]), token, key: newKey() })).status, 201);
    }
    // Counts stay hidden during voting in Aksu.
    assertError(await call(t.app, 'GET', '/cities/aksu/results'), 403, 'phase_closed');
    assert.equal((await call(t.app, 'GET', '/cities/aksu/proposals')).body.items[0].votes, undefined);

    const paper = await call(t.app, 'POST', '/admin/cities/aksu/paper-ballots', {
      token: admin(),
      key: newKey(),
      body: { cycleId, desk: 'Библиотека №1', ballots: [{ choices: ballot([ids.bench!]).choices }, { choices: ballot([ids.bench!, ids.kids!]).choices }] },
    });
    assert.equal(paper.status, 201, paper.text);
    const paperReceipts = PaperBallotsResult.parse(paper.body).receipts;
    assert.equal((await call(t.app, 'GET', `/cities/aksu/receipts/${paperReceipts[0]!.receiptCode}`)).body.channel, 'paper');
  });

  test('results: counted by the configured rule, with turnout and downloads', async () => {
    t.setNow(AT.aksu.results);
    assertError(await call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId: 'aksu-2026', iin: iinA, phone: phoneFor(3) } }), 403, 'phase_closed');
    const r = await call(t.app, 'GET', '/cities/aksu/results');
    assert.equal(r.status, 200, r.text);
    const results = Results.parse(r.body);
    assert.equal(results.mode, 'final');
    assert.deepEqual(results.turnout, { online: 3, paper: 2, total: 5 });
    const pool = results.pools[0]!;
    const votes = Object.fromEntries(pool.projects.map((p) => [p.projectId, p.votes]));
    // A: trees (revoted); B: kids+trees; C: kids; paper: bench, bench+kids.
    assert.deepEqual(votes, { [ids.kids!]: 3, [ids.trees!]: 2, [ids.bench!]: 2 });
    assert.ok(pool.projects.every((p) => p.funded));
    assert.equal(pool.projects[0]!.explanation.kind, 'funded');
    assert.ok(results.downloads?.pb && results.downloads.csv);
    const csv = await call(t.app, 'GET', results.downloads!.csv!);
    assert.equal(csv.status, 200);
    assert.match(csv.text, /^pool,project_id,title,cost,votes,funded,council_decision\r\n/);
    const pb = await call(t.app, 'GET', results.downloads!.pb!);
    assert.equal(pb.status, 200);
    const parsed = parsePabulib(pb.text);
    assert.equal(parsed.votes.length, 5);
    assert.ok(parsed.votes.every((v, i) => v.voter_id === String(i + 1) || typeof v.voter_id === 'string'));
    assert.ok(!pb.text.includes(iinA!), 'no IIN in an export');
    const byVotes = (await call(t.app, 'GET', '/cities/aksu/proposals?sort=votes')).body;
    assert.equal(byVotes.items[0].id, ids.kids);
    assert.equal(byVotes.items[0].votes, 3);
    const exported = await call(t.app, 'GET', '/admin/cities/aksu/export.pb', { token: admin() });
    assert.equal(exported.status, 200);
    assert.equal((await call(t.app, 'GET', '/admin/cities/aksu/audit', { token: admin() })).body.items[0].action, 'export.pb');
  });
});

describe('Rudny: single choice in two pools, geolocation, one final ballot, phases moved early', () => {
  let t: TestServer;
  before(() => {
    t = testServer({ now: AT.rudny.review });
  });
  after(() => t.close());

  test('the whole cycle', async () => {
    const admin = t.adminTokens['rudny-centre']!;
    // Seed two projects per pool straight into the store (submission is over), then use the admin API.
    t.setNow(AT.rudny.submission);
    const made: Record<string, string> = {};
    for (const [name, category, cost] of [
      ['park', 'infrastructure', 11_000_000],
      ['light', 'infrastructure', 6_000_000],
      ['fest', 'event', 3_500_000],
      ['chess', 'event', 1_000_000],
    ] as const) {
      const photo = await upload(t, 'rudny');
      const r = await call(t.app, 'POST', '/cities/rudny/proposals', {
        key: newKey(),
        body: { title: `Проект ${name} для города Рудный`, description: 'Описание проекта для жителей города, достаточно подробное.', category, address: 'Рудный, центр', estimatedCost: cost, photos: [photo], authorName: 'Житель', phone: phoneFor(100 + Object.keys(made).length), consent: true },
      });
      assert.equal(r.status, 201, r.text);
      made[name] = r.body.id;
    }
    t.setNow(AT.rudny.review);
    assertError(await call(t.app, 'POST', `/admin/cities/rudny/proposals/${made.fest}/ballot`, { token: admin, body: { poolId: 'infrastructure' } }), 400, 'validation_failed');
    for (const [name, pool] of [['park', 'infrastructure'], ['light', 'infrastructure'], ['fest', 'events'], ['chess', 'events']] as const) {
      const r = await call(t.app, 'POST', `/admin/cities/rudny/proposals/${made[name]}/ballot`, { token: admin, body: { poolId: pool } });
      assert.equal(r.status, 200, r.text);
    }
    // The project centre opens voting early.
    const opened = await call(t.app, 'POST', '/admin/cities/rudny/phases', { token: admin, body: { phase: 'voting', action: 'open' } });
    assert.equal(opened.status, 200, opened.text);
    assert.equal(opened.body.currentPhase, 'voting');
    assert.equal((await call(t.app, 'GET', '/cities/rudny')).body.currentPhase, 'voting');

    const [iin, iin2] = adultIins(2, 50);
    // Residence is checked before any code is sent: a refusal spends no SMS, and the resident may share the location again.
    const sentBefore = t.sms.sent.length;
    const noLocation = await call(t.app, 'POST', '/cities/rudny/verification', { body: { cycleId: 'rudny-2026', iin, phone: phoneFor(7) } });
    assertError(noLocation, 400, 'validation_failed');
    assert.deepEqual(noLocation.body.details.issues, [{ path: ['location'], message: 'location.required' }]);
    const outside = await call(t.app, 'POST', '/cities/rudny/verification', { body: { cycleId: 'rudny-2026', iin, phone: phoneFor(7), location: OUTSIDE } });
    assertError(outside, 403, 'not_eligible');
    assert.deepEqual(outside.body.details.issues, [{ path: ['location'], message: 'location.outside' }]);
    assert.equal(t.sms.sent.length, sentBefore, 'no code was sent to a refused resident');
    const start = await call(t.app, 'POST', '/cities/rudny/verification', { body: { cycleId: 'rudny-2026', iin, phone: phoneFor(7), location: RUDNY_INSIDE } });
    assert.equal(start.status, 201, start.text);
    const id = start.body.challengeId;
    const code = t.sms.last(id);
    const ok = await call(t.app, 'POST', `/cities/rudny/verification/${id}/confirm`, { body: { code } });
    assert.equal(ok.status, 200, ok.text);
    const token = ok.body.token;
    const two = { cycleId: 'rudny-2026', choices: [{ poolId: 'infrastructure', picks: [{ projectId: made.park }, { projectId: made.light }] }] };
    assertError(await call(t.app, 'POST', '/cities/rudny/ballots', { token, key: newKey(), body: two }), 422, 'ballot_invalid');
    const vote = { cycleId: 'rudny-2026', choices: [{ poolId: 'infrastructure', picks: [{ projectId: made.park }] }, { poolId: 'events', picks: [{ projectId: made.chess }] }] };
    const cast = await call(t.app, 'POST', '/cities/rudny/ballots', { token, key: newKey(), body: vote });
    assert.equal(cast.status, 201, cast.text);
    assert.equal(cast.body.changeableUntil, null);
    assertError(await call(t.app, 'POST', '/cities/rudny/ballots', { token, key: newKey(), body: vote }), 409, 'already_voted');
    const { token: t2 } = await verify(t, 'rudny', iin2!, phoneFor(8), RUDNY_INSIDE);
    assert.equal((await call(t.app, 'POST', '/cities/rudny/ballots', { token: t2, key: newKey(), body: { cycleId: 'rudny-2026', choices: [{ poolId: 'infrastructure', picks: [{ projectId: made.light }] }] } })).status, 201);

    // Closing voting early stops ballots; opening results publishes them.
    assert.equal((await call(t.app, 'POST', '/admin/cities/rudny/phases', { token: admin, body: { phase: 'voting', action: 'close' } })).status, 200);
    assertError(await call(t.app, 'POST', '/cities/rudny/ballots', { token: t2, key: newKey(), body: vote }), 403, 'phase_closed');
    assertError(await call(t.app, 'GET', '/cities/rudny/results'), 403, 'phase_closed');
    assertError(await call(t.app, 'POST', '/admin/cities/rudny/results/apply', { token: admin, body: {} }), 403, 'phase_closed');
    assert.equal((await call(t.app, 'POST', '/admin/cities/rudny/phases', { token: admin, body: { phase: 'results', action: 'open' } })).status, 200);
    const results = Results.parse((await call(t.app, 'GET', '/cities/rudny/results')).body);
    assert.deepEqual(results.pools.map((p) => [p.poolId, p.ballots]), [['infrastructure', 2], ['events', 1]]);

    // The council records its own decision on one project first; applying the count leaves that one alone.
    const decided = await call(t.app, 'POST', `/admin/cities/rudny/proposals/${made.fest}/status`, { token: admin, body: { status: 'not_funded', note: 'Площадка занята на даты фестиваля.' } });
    assert.equal(decided.status, 200, decided.text);
    assertError(await call(t.app, 'POST', '/admin/cities/rudny/results/apply', { token: admin, body: { extra: 1 } }), 400, 'validation_failed');
    const applied = await call(t.app, 'POST', '/admin/cities/rudny/results/apply', { token: admin, body: { note: 'Итоги голосования.' } });
    assert.equal(applied.status, 200, applied.text);
    const outcome = ApplyResultsResult.parse(applied.body);
    const counted = results.pools.flatMap((p) => p.projects).filter((p) => p.projectId !== made.fest);
    assert.deepEqual(outcome.winners.sort(), counted.filter((p) => p.funded).map((p) => p.projectId).sort());
    assert.deepEqual(outcome.notFunded.sort(), counted.filter((p) => !p.funded).map((p) => p.projectId).sort());
    assert.deepEqual(outcome.unchanged, [made.fest]);
    assert.ok(outcome.winners.includes(made.chess!), 'the only project voted for in its pool is a winner');
    const shown = new Map<string, { status: string; history: { status: string; note?: string }[] }>(
      (await call(t.app, 'GET', '/cities/rudny/proposals?limit=50')).body.items.map((p: { id: string }) => [p.id, p]),
    );
    for (const id of outcome.winners) assert.equal(shown.get(id)!.status, 'winner');
    for (const id of outcome.notFunded) assert.equal(shown.get(id)!.status, 'not_funded');
    assert.equal(shown.get(made.fest!)!.status, 'not_funded');
    assert.equal((await call(t.app, 'GET', `/cities/rudny/proposals/${made.chess}`)).body.history.at(-1).note, 'Итоги голосования.');
    assert.equal((await call(t.app, 'GET', '/admin/cities/rudny/audit', { token: admin })).body.items[0].action, 'results.apply');
    // Again: nothing left to change.
    const again = ApplyResultsResult.parse((await call(t.app, 'POST', '/admin/cities/rudny/results/apply', { token: admin, body: {} })).body);
    assert.deepEqual([again.winners, again.notFunded, again.unchanged.length], [[], [], 4]);

    // The council overrules the count for one project: the results keep the count and show the decision with its reason.
    const wasFunded = outcome.winners.includes(made.light!);
    const reason = wasFunded ? 'Участок передан под школу.' : 'Дополнительное финансирование из резерва акимата.';
    assert.equal((await call(t.app, 'POST', `/admin/cities/rudny/proposals/${made.light}/status`, { token: admin, body: { status: wasFunded ? 'not_funded' : 'winner', note: reason } })).status, 200);
    const after = Results.parse((await call(t.app, 'GET', '/cities/rudny/results')).body);
    const row = after.pools.flatMap((p) => p.projects).find((p) => p.projectId === made.light)!;
    assert.equal(row.funded, wasFunded, 'the count is unchanged');
    assert.deepEqual({ funded: row.decision?.funded, note: row.decision?.note }, { funded: !wasFunded, note: reason });
    // Only where the council disagrees with the count: here, and on the festival if the count funded it (decided "not funded" above).
    const festCounted = after.pools.flatMap((p) => p.projects).find((p) => p.projectId === made.fest)!;
    const expected = [made.light, ...(festCounted.funded ? [made.fest] : [])].sort();
    assert.deepEqual(after.pools.flatMap((p) => p.projects).filter((p) => p.decision).map((p) => p.projectId).sort(), expected);
    // A follow-up keeps the decision's reason (funded: work starts); a new decision on the same side replaces it (not funded: a newer reason).
    const followUp = wasFunded ? { status: 'not_funded', note: 'Участок передан под школу решением маслихата.' } : { status: 'in_progress', note: 'Работы начались.' };
    assert.equal((await call(t.app, 'POST', `/admin/cities/rudny/proposals/${made.light}/status`, { token: admin, body: followUp })).status, 200);
    const later = Results.parse((await call(t.app, 'GET', '/cities/rudny/results')).body).pools.flatMap((p) => p.projects).find((p) => p.projectId === made.light)!;
    assert.equal(later.decision?.note, wasFunded ? followUp.note : reason);
    assert.match((await call(t.app, 'GET', '/cities/rudny/results.csv')).text, new RegExp(`${made.light},[^\\r]*,${wasFunded ? 'not_funded' : 'funded'}\\r\\n`));
    const pb = parsePabulib((await call(t.app, 'GET', '/cities/rudny/results.pb?pool=events')).text);
    assert.equal(pb.meta.vote_type, 'choose-1');
    assertError(await call(t.app, 'POST', '/admin/cities/rudny/phases', { token: admin, body: { phase: 'voting', action: 'open' } }), 409, 'conflict');
  });
});

describe('verification limits', () => {
  test('expired code, five wrong codes, sends per phone per hour, resend wait', async () => {
    const t = testServer({ now: AT.aksu.voting });
    try {
      const [iin] = adultIins(1, 200);
      const start = () => call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId: 'aksu-2026', iin, phone: phoneFor(9) } });
      const a = (await start()).body.challengeId;
      assertError(await call(t.app, 'POST', `/cities/aksu/verification/${a}/resend`, { body: {} }), 429, 'rate_limited');
      t.setNow('2026-09-10T10:11:00+05:00');
      assertError(await call(t.app, 'POST', `/cities/aksu/verification/${a}/confirm`, { body: { code: t.sms.last(a) } }), 410, 'code_expired');
      const b = (await start()).body.challengeId;
      const wrong = t.sms.last(b) === '123456' ? '654321' : '123456';
      for (let i = 4; i >= 1; i--) assert.equal((await call(t.app, 'POST', `/cities/aksu/verification/${b}/confirm`, { body: { code: wrong } })).body.details.attemptsLeft, i);
      assertError(await call(t.app, 'POST', `/cities/aksu/verification/${b}/confirm`, { body: { code: wrong } }), 403, 'code_locked');
      assertError(await call(t.app, 'POST', `/cities/aksu/verification/${b}/confirm`, { body: { code: t.sms.last(b) } }), 404, 'not_found');
      const c = (await start()).body.challengeId;
      t.setNow('2026-09-10T10:13:00+05:00');
      const resent = await call(t.app, 'POST', `/cities/aksu/verification/${c}/resend`);
      assert.equal(resent.status, 201, resent.text);
      const r5 = await start();
      assert.equal(r5.status, 201);
      const sixth = await start();
      assertError(sixth, 429, 'too_many_codes');
      assert.ok(Number(sixth.headers.get('retry-after')) > 0);
    } finally {
      t.close();
    }
  });
});

describe('HTTP hygiene', () => {
  let t: TestServer;
  before(() => {
    t = testServer({ now: AT.aksu.submission });
  });
  after(() => t.close());

  test('CORS only for the city origins; admin API same-origin only', async () => {
    const pre = (path: string, origin: string) => t.app.request(`http://localhost/api/v1${path}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' } });
    const ok = await pre('/cities/aksu/proposals', 'https://aksu.gov.kz');
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://aksu.gov.kz');
    assert.equal(ok.headers.get('access-control-allow-credentials'), null);
    assert.match(ok.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/);
    assert.equal((await pre('/cities/aksu/proposals', 'https://evil.example')).status, 403);
    assert.equal((await pre('/cities/rudny/proposals', 'https://aksu.gov.kz')).status, 403, "another city's origin");
    const get = await t.app.request('http://localhost/api/v1/cities/aksu', { headers: { origin: 'https://evil.example' } });
    assert.equal(get.headers.get('access-control-allow-origin'), null);
    const allowed = await t.app.request('http://localhost/api/v1/cities/aksu', { headers: { origin: 'https://aksu.gov.kz' } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://aksu.gov.kz');
    const simplePost = await t.app.request('http://localhost/api/v1/cities/aksu/verification', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'text/plain' }, body: '{}' });
    assert.equal(simplePost.status, 403);
    assert.equal((await pre('/admin/cities/aksu/proposals', 'https://aksu.gov.kz')).status, 403);
    assert.equal(allowed.headers.get('set-cookie'), null);
  });

  test('errors are always JSON with a code; security headers everywhere', async () => {
    assertError(await call(t.app, 'GET', '/nope'), 404, 'not_found');
    assertError(await call(t.app, 'DELETE', '/cities/aksu/proposals'), 405, 'method_not_allowed');
    assertError(await call(t.app, 'POST', '/cities/aksu/verification', { raw: '{"cycleId":', contentType: 'application/json' }), 400, 'bad_request');
    assertError(await call(t.app, 'POST', '/cities/aksu/verification', { raw: '{}', contentType: 'text/plain' }), 415, 'unsupported_media_type');
    assertError(await call(t.app, 'POST', '/cities/aksu/verification', { raw: 'x'.repeat(300 * 1024), contentType: 'application/json' }), 413, 'payload_too_large');
    assertError(await call(t.app, 'POST', '/cities/aksu/verification', { raw: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), contentType: 'application/json' }), 400, 'bad_request');
    const r = await call(t.app, 'GET', '/cities/aksu');
    for (const h of ['x-content-type-options', 'referrer-policy', 'content-security-policy', 'x-frame-options']) assert.ok(r.headers.get(h), h);
    // The config is revalidated by its ETag (#14); other API answers are never stored.
    assert.equal(r.headers.get('cache-control'), 'no-cache');
    assert.ok(r.headers.get('etag'));
    assert.equal((await call(t.app, 'GET', '/cities/aksu/proposals')).headers.get('cache-control'), 'no-store');
  });

  test('the OpenAPI document covers every route the client calls', async () => {
    const r = await call(t.app, 'GET', '/openapi.json');
    assert.equal(r.status, 200);
    const paths = Object.keys(r.body.paths);
    for (const p of ['/cities/{city}', '/cities/{city}/proposals', '/cities/{city}/proposals/{id}', '/cities/{city}/photos', '/cities/{city}/verification', '/cities/{city}/verification/{id}/resend', '/cities/{city}/verification/{id}/confirm', '/cities/{city}/ballots', '/cities/{city}/receipts/{id}', '/cities/{city}/results', '/cities/{city}/verification/oidc', '/oidc/callback', '/admin/cities/{city}/voter-list', '/admin/cities/{city}/voter-list/remove']) {
      assert.ok(paths.includes(p), p);
    }
    assert.ok(r.body.components.schemas.ProposalInput.properties.title);
  });

  test('static files: types, no traversal', async () => {
    const { createApp } = await import('../../src/server/app.js');
    const demo = join(t.dir, 'demo');
    mkdirSync(demo);
    writeFileSync(join(demo, 'page.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(t.dir, 'secret.txt'), 'top secret');
    const app = createApp({ config: t.config, store: t.store, secrets: t.secrets, logger: t.logger, static: { demo } });
    const page = await app.request('http://localhost/page.html');
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const index = await app.request('http://localhost/');
    assert.match(await index.text(), /page\.html/);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/.%2e/secret.txt']) {
      const res = await app.request(`http://localhost${path}`);
      assert.ok(!(await res.text()).includes('top secret'), path);
    }
  });

  /** The app serving a `dist/` folder (under the test's directory) made of these files. */
  async function distApp(folder: string, files: Record<string, string | Buffer>) {
    const { createApp } = await import('../../src/server/app.js');
    const dist = join(t.dir, folder);
    for (const [path, body] of Object.entries(files)) {
      mkdirSync(dirname(join(dist, path)), { recursive: true });
      writeFileSync(join(dist, path), body);
    }
    return createApp({ config: t.config, store: t.store, secrets: t.secrets, logger: t.logger, static: { dist } });
  }

  test('compression: brotli or gzip as the client accepts, static files and API answers; small, binary and error answers as they are', async () => {
    const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word ${i}`))};`;
    const app = await distApp('dist-z', { 'qala/shared-AbCd123.js': script, 'tiny.js': 'void 0', 'photo.png': Buffer.alloc(4000, 7) });
    const get = (path: string, accept?: string) => app.request(`http://localhost${path}`, { headers: accept ? { 'accept-encoding': accept } : {} });

    const br = await get('/dist/qala/shared-AbCd123.js', 'gzip, deflate, br');
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.match(br.headers.get('vary') ?? '', /Accept-Encoding/);
    const brBytes = Buffer.from(await br.arrayBuffer());
    assert.ok(brBytes.length < script.length / 3, `${brBytes.length} bytes for ${script.length}`);
    assert.equal(brotliDecompressSync(brBytes).toString(), script);
    assert.equal(br.headers.get('cache-control'), 'public, max-age=31536000, immutable', 'the route\'s own headers stay');
    // A widget's script runs in the host's page: no document policies on it (they would do nothing, and cost bytes on
    // every file), but what protects a script still.
    for (const name of ['content-security-policy', 'x-frame-options', 'permissions-policy']) assert.equal(br.headers.get(name), null, name);
    assert.equal(br.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(br.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.equal(br.headers.get('referrer-policy'), 'no-referrer');
    // Every other answer keeps them: a page or worker under dist/, an API answer, a missing script.
    for (const res of [await get('/dist/tiny.js'), await get('/dist/qala/missing-AbCd1234.js'), await t.app.request('http://localhost/api/v1/cities/aksu')]) {
      assert.ok(res.headers.get('content-security-policy'), `${res.url} ${res.status}: content-security-policy`);
      assert.ok(res.headers.get('permissions-policy'), `${res.url} ${res.status}: permissions-policy`);
      await res.arrayBuffer();
    }

    const again = await get('/dist/qala/shared-AbCd123.js', 'br');
    assert.deepEqual(Buffer.from(await again.arrayBuffer()), brBytes, 'the same bytes from the cache');

    const gz = await get('/dist/qala/shared-AbCd123.js', 'gzip, br;q=0');
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.equal(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString(), script);

    const plain = await get('/dist/qala/shared-AbCd123.js');
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(await plain.text(), script);
    assert.equal((await get('/dist/qala/shared-AbCd123.js', 'identity')).headers.get('content-encoding'), null);

    assert.equal((await get('/dist/tiny.js', 'br')).headers.get('content-encoding'), null, 'under 1 KB');
    const png = await get('/dist/photo.png', 'br');
    assert.equal(png.headers.get('content-encoding'), null, 'images are compressed already');
    assert.equal((await png.arrayBuffer()).byteLength, 4000);

    // API answers: the city's config is large JSON; an error stays plain.
    const config = await t.app.request('http://localhost/api/v1/cities/aksu', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(config.headers.get('content-encoding'), 'gzip');
    assert.equal(JSON.parse(gunzipSync(Buffer.from(await config.arrayBuffer())).toString()).city.slug, 'aksu');
    const missing = await t.app.request('http://localhost/api/v1/cities/atlantis', { headers: { 'accept-encoding': 'br' } });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-encoding'), null);
    assert.equal(((await missing.json()) as { code: string }).code, 'not_found');
  });

  test('on the Node server itself: a compressed answer keeps its CORS headers (the embedding depends on them)', async () => {
    const { serve } = await import('@hono/node-server');
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    try {
      const { port } = server.address() as import('node:net').AddressInfo;
      for (const encoding of ['gzip', 'br', 'identity']) {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/cities/aksu`, { headers: { origin: 'https://aksu.gov.kz', 'accept-encoding': encoding } });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('access-control-allow-origin'), 'https://aksu.gov.kz', encoding);
        assert.equal(res.headers.get('vary'), 'Origin, Accept-Encoding', encoding);
        assert.equal(res.headers.get('content-encoding'), encoding === 'identity' ? null : encoding);
        assert.equal(((await res.json()) as { city: { slug: string } }).city.slug, 'aksu');
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('dist: the script tag\'s hashed modules are cached for good, the loader is revalidated', async () => {
    const app = await distApp('dist', { 'qala.js': 'void 0', 'qala/ballot-CxclMr-.js': 'export {}', 'qala/manifest.json': '{}' });
    const chunk = await app.request('http://localhost/dist/qala/ballot-CxclMr-.js');
    assert.equal(chunk.status, 200);
    assert.match(chunk.headers.get('content-type') ?? '', /javascript/);
    assert.equal(chunk.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(chunk.headers.get('access-control-allow-origin'), '*', 'host pages on other origins import it as a module');
    for (const path of ['/dist/qala.js', '/dist/qala/manifest.json']) {
      assert.equal((await app.request(`http://localhost${path}`)).headers.get('cache-control'), 'no-cache', path);
    }
  });
});

describe('config file', () => {
  test('the example is valid; a broken one lists every problem with its path', () => {
    const config = parseConfig(exampleConfigFile(), 'example');
    assert.deepEqual([...config.cities.keys()], ['aksu', 'rudny']);
    const bad = exampleConfigFile() as any;
    bad.cities[0].timeZone = 'Mars/Olympus';
    bad.cities[1].cycles[0].ballot = { kind: 'approval', min: 3, max: 1 };
    bad.cities[1].cycles[0].phases.voting.start = '2026-02-30';
    bad.cities[1].cycles[0].pools[0].scope.categories = ['nope'];
    bad.admins[0].cities = ['atlantis'];
    try {
      parseConfig(bad, 'bad.json');
      assert.fail('should throw');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /cities\[0\]\.timeZone: timezone\.invalid/);
      const second = exampleConfigFile() as any;
      second.cities[1].cycles[0].ballot = { kind: 'approval', min: 3, max: 1 };
      second.cities[1].cycles[0].phases.voting.start = '2026-02-30';
      second.cities[1].cycles[0].pools[0].scope.categories = ['nope'];
      second.admins[0].cities = ['atlantis'];
      try {
        parseConfig(second, 'bad.json');
        assert.fail('should throw');
      } catch (e2) {
        const msg = (e2 as Error).message;
        assert.match(msg, /cities\[1\]\.cycles\[0\]\.phases\.voting\.start: not a real date/);
        assert.match(msg, /admins\[0\]\.cities\[0\]: unknown city "atlantis"/);
      }
    }
  });
});

function AdminProposalPageLike(body: any) {
  assert.ok(Array.isArray(body.items), JSON.stringify(body));
  for (const item of body.items) assert.ok(AdminProposal.safeParse(item).success, JSON.stringify(AdminProposal.safeParse(item).error?.issues));
  return body as { total: number; items: unknown[] };
}

describe('the browser client against this server', () => {
  test('HttpBackend reads config, lists with repeated status keys, maps errors to QalaError', async () => {
    const { HttpBackend } = await import('../../src/client/http-backend.js');
    const { QalaError } = await import('../../src/client/errors.js');
    const t = testServer({ now: AT.aksu.submission });
    try {
      const backend = new HttpBackend({ baseUrl: 'http://localhost/api/v1', city: 'aksu', retries: 0, fetch: (input, init) => Promise.resolve(t.app.request(input as string, init)) });
      assert.equal((await backend.getConfig()).currentPhase, 'submission');
      const photo = await backend.uploadPhoto(new Blob([PNG], { type: 'image/png' }), 'фото.png');
      assert.equal(photo.name, 'фото.png');
      const p = await backend.submitProposal(proposalInput(photo.id) as never, newKey());
      const page = await backend.listProposals({ status: ['submitted', 'rejected'], sort: 'newest', limit: 5 });
      assert.deepEqual(page.items.map((x) => x.id), [p.id]);
      await assert.rejects(backend.getResults(), (e: unknown) => e instanceof QalaError && e.code === 'phase_closed' && e.status === 403);
      await assert.rejects(backend.startVerification({ cycleId: 'aksu-2026', iin: '791028302728', phone: '+77010000000' }), (e: unknown) => e instanceof QalaError && e.code === 'phase_closed');
    } finally {
      t.close();
    }
  });

  test('the HTTP SMS provider posts to the gateway with headers from the environment, never logging the phone', async () => {
    const { httpSms, SmsError } = await import('../../src/server/sms.js');
    const seen: { url: string; headers: Record<string, string>; body: unknown }[] = [];
    const fake = (async (url: string, init: RequestInit) => {
      seen.push({ url, headers: init.headers as Record<string, string>, body: JSON.parse(init.body as string) });
      return new Response('{}', { status: seen.length > 1 ? 502 : 200 });
    }) as unknown as typeof fetch;
    const sms = httpSms({ provider: 'http', url: 'https://sms.example/send', headers: { authorization: 'env:SMS_TOKEN' }, toField: 'phone', template: 'Qala коды: {code}' }, { SMS_TOKEN: 'Bearer s3cret' }, fake);
    await sms.send({ phone: '+77011234567', code: '123456', challengeId: 'ch_1' });
    assert.deepEqual(seen[0]!.body, { phone: '+77011234567', text: 'Qala коды: 123456' });
    assert.equal(seen[0]!.headers.authorization, 'Bearer s3cret');
    await assert.rejects(sms.send({ phone: '+77011234567', code: '1', challengeId: 'ch_2' }), (e: unknown) => e instanceof SmsError && !String((e as Error).message).includes('7011234567'));
  });
});
