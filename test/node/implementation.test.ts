/**
 * Following the winners (#11): the project centre's implementation records
 * (validation, audit, the proposal's status driven through the admin
 * service), what residents may read of them, the Atom feeds, the CSV exports
 * with a byte order mark, and a city running two cycles at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AdminProposal, ApiError, AuditPage, CityConfig, ImplementationList, ImplementationRecord, Photo, ProgressList, ProjectProgressDetail, Results } from '../../src/contract/index.js';
import type { ServerConfigFile } from '../../src/contract/config.js';
import { demoPng } from '../../src/server/seed.js';
import type { ProposalRecord } from '../../src/server/store/types.js';
import { AT, call, testServer, type TestServer, demoServer } from '../../src/server/testing.js';
import { assertError, fundedProject, withLastYear } from './support/implementation.js';

const funded = (over: Partial<ProposalRecord> = {}) => fundedProject('p2025', over);

const PNG = demoPng(40, 30, [10, 120, 200]) as Uint8Array<ArrayBuffer>;




const plan = (over: Record<string, unknown> = {}) => ({
  version: 0,
  contractor: 'ТОО «Аксу Құрылыс»',
  contractorContact: 'Ерлан, +7 701 000 00 00',
  plannedStart: '2026-05-01',
  plannedEnd: '2026-09-30',
  stages: [
    { id: 'design', title: { kk: 'Жобалау', ru: 'Проектирование' }, plannedStart: '2026-05-01', plannedEnd: '2026-05-31', actualStart: '2026-05-03', actualEnd: '2026-05-30' },
    { id: 'build', title: { kk: 'Құрылыс', ru: 'Строительство' }, plannedStart: '2026-06-01', plannedEnd: '2026-09-15' },
  ],
  progress: 35,
  committed: 3_800_000,
  spent: 1_200_000,
  internalNote: 'Акт сверки у бухгалтерии',
  ...over,
});

describe('implementation records and progress (#11)', () => {
  let t: TestServer;
  const token = () => t.adminTokens['aksu-centre']!;
  const a = funded();
  const b = funded({ district: 'villages' });
  const hidden = funded({ hidden: true });
  const notFunded = funded({ status: 'not_funded' });
  const current = funded({ id: 'p2026-x', cycleId: 'aksu-2026', status: 'submitted', poolId: undefined });

  before(async () => {
    t = testServer({ now: '2026-07-01T10:00:00+05:00', edit: withLastYear });
    for (const p of [a, b, hidden, notFunded, current]) await t.store.createProposal(p, null);
  });
  after(() => t.close());

  const admin = (method: string, path: string, body?: unknown) => call(t.app, method, `/admin/cities/aksu/implementation${path}`, { token: token(), ...(body === undefined ? {} : { body }) });

  test('the centre needs its token, and only for its own city', async () => {
    assertError(await call(t.app, 'GET', '/admin/cities/aksu/implementation'), 401, 'unauthorized');
    assertError(await call(t.app, 'PUT', `/admin/cities/aksu/implementation/${a.id}`, { body: plan() }), 401, 'unauthorized');
    assertError(await call(t.app, 'GET', '/admin/cities/aksu/implementation', { token: t.adminTokens['rudny-centre']! }), 403, 'forbidden');
  });

  test('validation: dates in order, percent 0–100, spending over the approved cost only with a public reason', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ plannedStart: '2026-10-01', plannedEnd: '2026-09-30' }, 'dates.order'],
      [{ stages: [{ id: 's', title: { kk: 'а', ru: 'а' }, plannedStart: '2026-06-02', plannedEnd: '2026-06-01' }] }, 'dates.order'],
      [{ stages: [{ id: 's', title: { kk: 'а', ru: 'а' }, plannedStart: '2026-06-01', plannedEnd: '2026-06-02', actualStart: '2026-06-05', actualEnd: '2026-06-04' }] }, 'dates.order'],
      [{ stages: [{ id: 's', title: { kk: 'а', ru: 'а' }, plannedStart: '2026-06-01', plannedEnd: '2026-06-02', actualEnd: '2026-06-04' }] }, 'stage.end_without_start'],
      [{ plannedEnd: '2026-02-30' }, 'date.invalid'],
      [{ progress: 101 }, 'percent.range'],
      [{ progress: -1 }, 'percent.range'],
      [{ progress: 12.5 }, 'percent.range'],
      [{ spent: 4_000_001, committed: 4_100_000 }, 'spent.over_approved'],
    ];
    for (const [over, issue] of cases) assertError(await admin('PUT', `/${a.id}`, plan(over)), 400, 'validation_failed', issue);
    assertError(await admin('PUT', `/${a.id}`, { ...plan(), extra: 1 }), 400, 'validation_failed');
    assertError(await admin('PUT', `/${a.id}`, plan({ title: 'x' })), 400, 'validation_failed');
    assertError(await admin('PUT', `/${notFunded.id}`, plan()), 404, 'not_found');
    assertError(await admin('PUT', `/${current.id}`, plan()), 404, 'not_found');
    assertError(await admin('PUT', '/nope', plan()), 404, 'not_found');
    assert.equal((await t.store.implementation.get('aksu', a.id)), null, 'nothing was written');
  });

  test('a plan is saved, audited, and moves the proposal to in_progress through the admin service', async () => {
    const r = await admin('PUT', `/${a.id}`, plan());
    assert.equal(r.status, 200, r.text);
    const rec = ImplementationRecord.parse(r.body);
    assert.equal(rec.version, 1);
    assert.equal(rec.state, 'in_progress');
    assert.equal(rec.approvedCost, 4_000_000);
    assert.deepEqual(rec.stages.map((s) => s.state), ['done', 'planned']);
    const p = AdminProposal.parse((await call(t.app, 'GET', `/admin/cities/aksu/proposals/${a.id}`, { token: token() })).body);
    assert.equal(p.status, 'in_progress');
    assert.equal(p.history.at(-1)!.status, 'in_progress', 'the public history has the step');
    const audit = AuditPage.parse((await call(t.app, 'GET', '/admin/cities/aksu/audit', { token: token() })).body);
    const actions = audit.items.map((x) => `${x.action}:${x.target}`);
    assert.ok(actions.includes(`implementation.save:${a.id}`));
    assert.ok(actions.includes(`proposal.status:${a.id}`));
    const save = audit.items.find((x) => x.action === 'implementation.save')!;
    assert.equal(save.actor, 'aksu-centre');
    assert.doesNotMatch(JSON.stringify(audit), /\+7 701 000/, 'the contractor contact is not copied into the audit log');

    assertError(await admin('PUT', `/${a.id}`, plan({ progress: 40 })), 409, 'conflict');
    const over = await admin('PUT', `/${a.id}`, plan({ version: 1, progress: 60, spent: 4_200_000, committed: 4_200_000, overspendReason: { kk: 'Баға өсті', ru: 'Подорожали материалы' } }));
    assert.equal(over.status, 200, over.text);
    assert.equal(ImplementationRecord.parse(over.body).version, 2);
  });

  test('updates with tagged photos; drafts stay with the centre; photos are stripped and served', async () => {
    const up = await call(t.app, 'POST', '/admin/cities/aksu/implementation/photos', { token: token(), raw: PNG, contentType: 'image/png' });
    assert.equal(up.status, 201, up.text);
    const photo = Photo.parse(up.body);
    const up2 = Photo.parse((await call(t.app, 'POST', '/admin/cities/aksu/implementation/photos', { token: token(), raw: PNG, contentType: 'image/png' })).body);
    assertError(await call(t.app, 'POST', '/admin/cities/aksu/implementation/photos', { token: token(), raw: new TextEncoder().encode('<svg/>') as Uint8Array<ArrayBuffer>, contentType: 'image/png' }), 415, 'unsupported_media_type');
    assertError(await admin('POST', `/${a.id}/updates`, { text: { kk: 'Басталды', ru: 'Начали' }, photos: [{ id: photo.id, tag: 'sideways' }] }), 400, 'validation_failed');
    assertError(await admin('POST', `/${a.id}/updates`, { text: { ru: 'Начали' }, photos: [] }), 400, 'validation_failed');
    const r = await admin('POST', `/${a.id}/updates`, { text: { kk: 'Жұмыс басталды', ru: 'Работы начались <script>' }, photos: [{ id: photo.id, tag: 'before' }, { id: up2.id, tag: 'after' }] });
    assert.equal(r.status, 201, r.text);
    assertError(await admin('POST', `/${b.id}/updates`, { text: { kk: 'Қайта', ru: 'Снова' }, photos: [{ id: photo.id, tag: 'during' }] }), 400, 'validation_failed', 'photo.unavailable');
    const draft = await admin('POST', `/${a.id}/updates`, { text: { kk: 'Жоба', ru: 'Черновик для центра' }, photos: [], public: false });
    assert.equal(draft.status, 201);
    const rec = ImplementationRecord.parse(draft.body);
    assert.deepEqual(rec.updates.map((u) => u.public), [false, true]);
    const served = await call(t.app, 'GET', `/photos/${photo.id}`);
    assert.equal(served.status, 200);
  });

  test('the public API shows only the public part', async () => {
    const r = await call(t.app, 'GET', `/cities/aksu/progress/${a.id}`);
    assert.equal(r.status, 200, r.text);
    const d = ProjectProgressDetail.parse(r.body);
    assert.equal(d.state, 'in_progress');
    assert.equal(d.progress, 60);
    assert.equal(d.spent, 4_200_000);
    assert.equal(d.overspendReason?.ru, 'Подорожали материалы');
    assert.equal(d.contractor, 'ТОО «Аксу Құрылыс»');
    assert.equal(d.updates.length, 1, 'the draft is not public');
    assert.equal(d.before?.tag, 'before');
    assert.equal(d.after?.tag, 'after');
    assert.equal(d.cycleId, 'aksu-2025');
    assert.match(d.feed, /\/cities\/aksu\/progress\/p2025-1\/feed\.atom$/);
    const text = r.text;
    for (const secret of ['Ерлан', '+7 701', 'Акт сверки', 'Черновик', 'aksu-centre', 'contractorContact', 'internalNote', 'authorHash', 'author-']) assert.ok(!text.includes(secret), `${secret} leaked`);
    assertError(await call(t.app, 'GET', `/cities/aksu/progress/${hidden.id}`), 404, 'not_found');
    assertError(await call(t.app, 'GET', `/cities/aksu/progress/${notFunded.id}`), 404, 'not_found');
    assertError(await call(t.app, 'GET', `/cities/rudny/progress/${a.id}`), 404, 'not_found');

    const list = ProgressList.parse((await call(t.app, 'GET', '/cities/aksu/progress')).body);
    assert.deepEqual(list.items.map((i) => i.projectId).sort(), [a.id, b.id].sort(), 'funded and visible only');
    assert.equal(list.items.find((i) => i.projectId === b.id)!.state, 'not_started');
    assert.equal(list.items.find((i) => i.projectId === a.id)!.latestUpdate?.text.ru, 'Работы начались <script>');
    assert.ok(!JSON.stringify(list).includes('Черновик'));
    assertError(await call(t.app, 'GET', '/cities/aksu/progress?cycle=nope'), 400, 'validation_failed', 'cycle.unknown');
    assertError(await call(t.app, 'GET', '/cities/aksu/progress?cycle=%3Cx%3E'), 400, 'validation_failed');
    assertError(await call(t.app, 'GET', '/cities/aksu/progress?sort=x'), 400, 'validation_failed');
  });

  test('finish: implemented on a day not in the future moves the proposal to implemented; cancelled needs a public reason', async () => {
    assertError(await admin('POST', `/${a.id}/finish`, { outcome: 'implemented', on: '2026-07-02' }), 400, 'validation_failed', 'date.future');
    assertError(await admin('POST', `/${a.id}/finish`, { outcome: 'implemented', on: '2026-04-30' }), 400, 'validation_failed', 'dates.order');
    assertError(await admin('POST', `/${b.id}/finish`, { outcome: 'cancelled' }), 400, 'validation_failed');
    assertError(await admin('POST', `/${b.id}/finish`, { outcome: 'cancelled', reason: { kk: '', ru: '' } }), 400, 'validation_failed');
    const done = await admin('POST', `/${a.id}/finish`, { outcome: 'implemented', on: '2026-07-01', note: { kk: 'Ашылды', ru: 'Открыли' } });
    assert.equal(done.status, 200, done.text);
    assert.equal(ImplementationRecord.parse(done.body).progress, 100);
    assertError(await admin('POST', `/${a.id}/finish`, { outcome: 'cancelled', reason: { kk: 'Жоқ', ru: 'Нет' } }), 409, 'conflict');
    const p = AdminProposal.parse((await call(t.app, 'GET', `/admin/cities/aksu/proposals/${a.id}`, { token: token() })).body);
    assert.equal(p.status, 'implemented');
    const cancel = await admin('POST', `/${b.id}/finish`, { outcome: 'cancelled', reason: { kk: 'Жер телімі берілмеді', ru: 'Не выделен земельный участок' } });
    assert.equal(cancel.status, 200, cancel.text);
    const pb = ProjectProgressDetail.parse((await call(t.app, 'GET', `/cities/aksu/progress/${b.id}`)).body);
    assert.equal(pb.state, 'cancelled');
    assert.equal(pb.cancelReason?.ru, 'Не выделен земельный участок');
    const audit = AuditPage.parse((await call(t.app, 'GET', '/admin/cities/aksu/audit', { token: token() })).body);
    assert.ok(audit.items.some((x) => x.action === 'implementation.finish' && x.target === b.id && (x.details as { outcome: string }).outcome === 'cancelled'));
    assert.ok(audit.items.some((x) => x.action === 'implementation.update' && x.target === a.id));
    assert.ok(audit.items.some((x) => x.action === 'implementation.photo'));
  });

  test('Atom feeds of a city and of a project are valid Atom 1.0 with the required elements, escaped', async () => {
    for (const path of ['/cities/aksu/progress/feed.atom', `/cities/aksu/progress/${a.id}/feed.atom?lang=kk`]) {
      const r = await call(t.app, 'GET', path);
      assert.equal(r.status, 200, r.text);
      assert.match(r.headers.get('content-type')!, /^application\/atom\+xml/);
      assert.equal(XMLValidator.validate(r.text), true, 'well-formed XML');
      const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' || name === 'link' }).parse(r.text);
      const feed = doc.feed;
      assert.equal(feed['@_xmlns'], 'http://www.w3.org/2005/Atom');
      for (const k of ['id', 'title', 'updated', 'author']) assert.ok(feed[k], `feed ${k}`);
      assert.ok(!Number.isNaN(Date.parse(feed.updated)));
      assert.ok(feed.link.some((l: Record<string, string>) => l['@_rel'] === 'self'));
      assert.ok(feed.entry.length >= 2, 'the update and the final word');
      const ids = new Set<string>();
      for (const e of feed.entry) {
        for (const k of ['id', 'title', 'updated', 'content']) assert.ok(e[k] !== undefined, `entry ${k}`);
        assert.ok(e.link.some((l: Record<string, string>) => l['@_rel'] === 'alternate' && l['@_href']));
        assert.ok(!Number.isNaN(Date.parse(e.updated)));
        assert.ok(!ids.has(e.id), 'entry ids are unique');
        ids.add(e.id);
      }
      assert.ok(!r.text.includes('<script>'), 'user text is escaped');
      assert.ok(!r.text.includes('Черновик'), 'drafts stay out');
    }
    const city = await call(t.app, 'GET', '/cities/aksu/progress/feed.atom');
    assert.match(city.text, /Работы начались &amp;lt;script&amp;gt;/, 'escaped once as HTML, once as XML');
    assert.match(city.text, /Не выделен земельный участок/);
    const kk = await call(t.app, 'GET', `/cities/aksu/progress/${a.id}/feed.atom?lang=kk`);
    assert.match(kk.text, /xml:lang="kk"/);
    assert.match(kk.text, /Жұмыс басталды/);
    assert.ok(!kk.text.includes('Не выделен'), 'a project feed has that project only');
    const page = await call(t.app, 'GET', `/cities/aksu/progress/feed.atom?page=${encodeURIComponent('https://aksu.gov.kz/progress?x=1#old')}`);
    assert.match(page.text, /href="https:\/\/aksu\.gov\.kz\/progress\?x=1#project=p2025-1"/);
    assertError(await call(t.app, 'GET', `/cities/aksu/progress/feed.atom?page=${encodeURIComponent('https://evil.example/x')}`), 400, 'validation_failed', 'origin.invalid');
    assertError(await call(t.app, 'GET', `/cities/aksu/progress/${hidden.id}/feed.atom`), 404, 'not_found');
  });

  test('the feed follows a new update', async () => {
    const before = await call(t.app, 'GET', `/cities/aksu/progress/feed.atom`);
    t.setNow('2026-07-02T10:00:00+05:00');
    const r = await admin('PUT', `/${b.id}`, plan({ version: 1 }));
    assert.equal(r.status, 200, r.text);
    await admin('POST', `/${b.id}/updates`, { text: { kk: 'Жаңа хабар', ru: 'Свежая новость' }, photos: [] });
    const afterFeed = await call(t.app, 'GET', `/cities/aksu/progress/feed.atom`);
    const updated = (s: string) => /<updated>([^<]+)<\/updated>/.exec(s)![1]!;
    assert.ok(updated(afterFeed.text) > updated(before.text));
    assert.match(afterFeed.text, /Свежая новость/);
  });

  test('CSV: the implementation export (admin) and the results have a UTF-8 byte order mark', async () => {
    assertError(await call(t.app, 'GET', '/admin/cities/aksu/implementation.csv'), 401, 'unauthorized');
    const r = await t.app.request('http://localhost/api/v1/admin/cities/aksu/implementation.csv', { headers: { authorization: `Bearer ${token()}` } });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /^text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await r.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).trim().split('\r\n');
    assert.match(lines[0]!, /^cycle_id,project_id,title,/);
    assert.ok(lines.some((l) => l.startsWith(`aksu-2025,${a.id},Детская площадка`) && l.includes(',implemented,100,')));
    assert.ok(lines.some((l) => l.includes(b.id) && l.includes('Не выделен земельный участок')));
    assert.ok(!lines.join('\n').includes('Ерлан'), 'staff-only contact stays out');
    const list = ImplementationList.parse((await admin('GET', '')).body);
    assert.equal(list.items.length, 3, 'the hidden funded project is the centre’s too');
    assert.equal(list.items.find((i) => i.projectId === a.id)!.contractorContact, 'Ерлан, +7 701 000 00 00');

    t.setNow('2026-10-05T10:00:00+05:00');
    const res = await t.app.request('http://localhost/api/v1/cities/aksu/results.csv');
    assert.equal(res.status, 200);
    const csv = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...csv.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(new TextDecoder().decode(csv), /^pool,project_id,title,/, 'the header follows the mark');
    t.setNow('2026-07-02T10:00:00+05:00');
  });

  test('two cycles at once: 2026 takes proposals while 2025 is built; results and config of a chosen cycle', async () => {
    t.setNow(AT.aksu.submission.replace('04-20', '04-25'));
    const cfg = CityConfig.parse((await call(t.app, 'GET', '/cities/aksu')).body);
    assert.equal(cfg.cycle.id, 'aksu-2026');
    assert.equal(cfg.currentPhase, 'submission');
    const last = CityConfig.parse((await call(t.app, 'GET', '/cities/aksu?cycle=aksu-2025')).body);
    assert.equal(last.cycle.id, 'aksu-2025');
    assert.equal(last.currentPhase, 'implementation');
    assertError(await call(t.app, 'GET', '/cities/aksu?cycle=rudny-2026'), 404, 'not_found');
    const results = Results.parse((await call(t.app, 'GET', '/cities/aksu/results?cycle=aksu-2025')).body);
    assert.equal(results.cycleId, 'aksu-2025');
    assert.equal(results.mode, 'final');
    assert.equal(results.downloads?.csv, '/api/v1/cities/aksu/results.csv?cycle=aksu-2025');
    assertError(await call(t.app, 'GET', '/cities/aksu/results'), 403, 'phase_closed');
    const csv = await call(t.app, 'GET', '/cities/aksu/results.csv?cycle=aksu-2025');
    assert.equal(csv.status, 200);
    const all = ProgressList.parse((await call(t.app, 'GET', '/cities/aksu/progress')).body);
    assert.deepEqual(all.cycles.map((c) => c.id), ['aksu-2025']);
    const only = ProgressList.parse((await call(t.app, 'GET', '/cities/aksu/progress?cycle=aksu-2026')).body);
    assert.deepEqual(only.items, []);
    assert.deepEqual(only.cycles.map((c) => c.id), ['aksu-2026']);
  });
});

describe('the demo: Aksu, Khromtau and Lisakovsk build last year’s winners while this year’s cycle runs (#11)', () => {
  const now = new Date('2026-06-15T09:00:00Z');
  let t: TestServer;
  before(async () => {
    t = await demoServer(now);
  });
  after(() => t.close());

  for (const city of ['aksu', 'khromtau', 'lisakovsk']) {
    test(`${city}: the current cycle runs, last year's winners have stages, spending, news and photos`, async () => {
      const cfg = CityConfig.parse((await call(t.app, 'GET', `/cities/${city}`)).body);
      const all = ProgressList.parse((await call(t.app, 'GET', `/cities/${city}/progress`)).body);
      // Khromtau has just published this year's winners too: progress spans both cycles.
      assert.equal(all.cycles.length, city === 'khromtau' ? 2 : 1);
      const last = all.cycles.find((c) => c.id !== cfg.cycle.id)!.id;
      const list = ProgressList.parse((await call(t.app, 'GET', `/cities/${city}/progress?cycle=${last}`)).body);
      assert.deepEqual(list.items.map((i) => i.state).sort(), ['cancelled', 'implemented', 'in_progress', 'not_started']);
      const built = list.items.find((i) => i.state === 'implemented')!;
      assert.ok(built.before && built.after, 'before and after photos');
      assert.ok(built.spent > built.approvedCost && built.overspendReason, 'overspending with its reason');
      const going = ProjectProgressDetail.parse((await call(t.app, 'GET', `/cities/${city}/progress/${list.items.find((i) => i.state === 'in_progress')!.projectId}`)).body);
      assert.ok(going.stages.length >= 3 && going.stages.some((s) => s.state === 'done') && going.stages.some((s) => s.state === 'planned'));
      assert.ok(going.updates.length >= 2 && going.spent > 0 && going.progress > 0);
      assert.equal((await call(t.app, 'GET', new URL(going.updates[0]!.photos[0]!.url).pathname)).status, 200);
      const results = Results.parse((await call(t.app, 'GET', `/cities/${city}/results?cycle=${last}`)).body);
      assert.equal(results.mode, 'final');
      const funded = results.pools[0]!.projects.filter((p) => p.funded).map((p) => p.projectId).sort();
      assert.deepEqual(funded, list.items.map((i) => i.projectId).sort(), 'last year’s results fund exactly the projects being built');
    });
  }
  test('two cycles at once: Lisakovsk takes proposals while last year’s winners are built', async () => {
    const cfg = CityConfig.parse((await call(t.app, 'GET', '/cities/lisakovsk')).body);
    assert.equal(cfg.currentPhase, 'submission', 'Lisakovsk takes proposals while its last year’s winners are built');
  });
});
