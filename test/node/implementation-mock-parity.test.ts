/**
 * The centre's msw mock of the implementation records
 * (src/mock/implementation-admin-handlers.ts) must refuse as the server does:
 * the same requests go to the reference server (the demo, with last year's
 * winners being built) and to the mock, and the statuses, codes and issue
 * messages must be the same. The centre's browser tests run against the mock.
 */
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import { after, before, test } from 'node:test';
import { AdminProposal, ImplementationList, ImplementationRecord } from '../../src/contract/index.js';
import { createAdminMock, MOCK_ADMIN_TOKEN } from '../../src/mock/admin-handlers.js';
import { createImplementationAdminMock } from '../../src/mock/implementation-admin-handlers.js';
import { call, type TestServer, demoServer } from '../../src/server/testing.js';
import { shape, type Answer } from './support/parity.js';

const MOCK = 'http://mock.test/api/v1';
const now = new Date('2026-06-15T09:00:00Z');
const admin = createAdminMock({ base: MOCK, now: now.getTime() });
const impl = createImplementationAdminMock({ base: MOCK, now: now.getTime(), admin: admin.state });
const msw = setupServer(...impl.handlers, ...admin.handlers);
let t: TestServer;
let token: string;

before(async () => {
  msw.listen({ onUnhandledRequest: 'error' });
  t = await demoServer(now);
  token = t.adminTokens['aksu-centre']!;
});
after(() => {
  msw.close();
  t.close();
});


async function both(method: string, path: [string, string], body: unknown, auth = true): Promise<{ server: Answer; mock: Answer; mockBody: any }> {
  const s = await call(t.app, method, `/admin/cities/aksu/implementation${path[0]}`, { body, ...(auth ? { token } : {}) });
  const res = await fetch(`${MOCK}/admin/cities/aksu/implementation${path[1]}`, {
    method,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${MOCK_ADMIN_TOKEN}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const m = await res.json().catch(() => null);
  return { server: shape(s.status, s.body), mock: shape(res.status, m), mockBody: m };
}

/** A funded project each side has that is not finished yet. */
async function openProject(): Promise<[ImplementationRecord, ImplementationRecord]> {
  const s = ImplementationList.parse((await call(t.app, 'GET', '/admin/cities/aksu/implementation', { token })).body);
  const m = ImplementationList.parse(await (await fetch(`${MOCK}/admin/cities/aksu/implementation`, { headers: { authorization: `Bearer ${MOCK_ADMIN_TOKEN}` } })).json());
  const pick = (l: ImplementationList) => l.items.find((r) => r.state === 'not_started' || r.state === 'in_progress')!;
  return [pick(s), pick(m)];
}

const plan = (r: ImplementationRecord, over: Record<string, unknown> = {}) => ({
  version: r.version,
  contractor: 'ТОО «Құрылыс»',
  plannedStart: '2026-05-01',
  plannedEnd: '2026-09-30',
  stages: [],
  progress: 10,
  committed: r.approvedCost,
  spent: 0,
  ...over,
});

test('implementation records (#11): the centre’s mock refuses as the server does', async () => {
  const [s, m] = await openProject();
  const ids = (rest = ''): [string, string] => [`/${s.projectId}${rest}`, `/${m.projectId}${rest}`];
  const cases: [string, string, [string, string], unknown, boolean?][] = [
    ['no credential', 'GET', ['', ''], undefined, false],
    ['unknown project', 'GET', ['/nope', '/nope'], undefined],
    ['save: unknown project', 'PUT', ['/nope', '/nope'], plan(s)],
    ['save: bad fields', 'PUT', ids(), { ...plan(s), progress: 101, plannedEnd: '2026-04-01', extra: 1 }],
    ['save: a stage ending before it started', 'PUT', ids(), plan(s, { stages: [{ id: 'st1', title: { kk: 'Жобалау', ru: 'Проект' }, plannedStart: '2026-05-01', plannedEnd: '2026-05-10', actualEnd: '2026-05-09' }] })],
    ['save: spending above the approved cost without a reason', 'PUT', ids(), plan(s, { spent: s.approvedCost + 1, committed: s.approvedCost + 1 })],
    ['save: an old version', 'PUT', ids(), plan(s, { version: s.version + 5 })],
    ['update: no text', 'POST', ids('/updates'), { photos: [] }],
    ['update: an unknown photo', 'POST', ids('/updates'), { text: { kk: 'Жаңалық', ru: 'Новость' }, photos: [{ id: 'ph_nope', tag: 'before' }] }],
    ['update: a bad tag', 'POST', ids('/updates'), { text: { kk: 'Жаңалық', ru: 'Новость' }, photos: [{ id: 'ph_nope', tag: 'later' }] }],
    ['publish: not a boolean', 'POST', ids('/updates/up_nope/publish'), { public: 'yes' }],
    ['publish: unknown update', 'POST', ids('/updates/up_nope/publish'), { public: true }],
    ['finish: in the future', 'POST', ids('/finish'), { outcome: 'implemented', on: '2027-01-01' }],
    ['finish: cancelled without a reason', 'POST', ids('/finish'), { outcome: 'cancelled' }],
    ['finish: not a day', 'POST', ids('/finish'), { outcome: 'implemented', on: '2026-02-30' }],
  ];
  for (const [what, method, path, body, auth] of cases) {
    const r = await both(method, path, body, auth ?? true);
    assert.deepEqual(r.mock, r.server, what);
    assert.ok(r.server.status >= 400, `${what}: refused`);
  }
});

test('implementation records of a city neither knows: 404, as the server answers', async () => {
  const s = await call(t.app, 'GET', '/admin/cities/nowhere/implementation', { token });
  const res = await fetch(`${MOCK}/admin/cities/nowhere/implementation`, { headers: { authorization: `Bearer ${MOCK_ADMIN_TOKEN}` } });
  assert.deepEqual(shape(res.status, await res.json()), shape(s.status, s.body));
  assert.equal(s.status, 404);
});

test('implementation records: a photo is refused alike when it is not an image', async () => {
  for (const [what, type, bytes] of [
    ['empty', 'image/png', new Uint8Array()],
    ['not an image', 'image/png', new TextEncoder().encode('hello, not a picture')],
    ['a text type', 'text/plain', new TextEncoder().encode('hello')],
  ] as const) {
    const s = await call(t.app, 'POST', '/admin/cities/aksu/implementation/photos', { token, raw: bytes, contentType: type });
    const res = await fetch(`${MOCK}/admin/cities/aksu/implementation/photos`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${MOCK_ADMIN_TOKEN}` }, body: bytes });
    assert.deepEqual(shape(res.status, await res.json()), shape(s.status, s.body), what);
  }
});

// ——— Cancelling a funded project (#11) in the centre's msw mock
// (src/mock/implementation-admin-handlers.ts) as on the reference server: the
// same refusals (a reason too long for a public note, finishing twice, the
// status action setting or leaving `cancelled`), and on success the proposal
// becomes `cancelled` with the same public note.

const serverList = async () => ImplementationList.parse((await call(t.app, 'GET', '/admin/cities/aksu/implementation', { token })).body).items;
const mockList = async () => ImplementationList.parse(await (await fetch(`${MOCK}/admin/cities/aksu/implementation`, { headers: { authorization: `Bearer ${MOCK_ADMIN_TOKEN}` } })).json()).items;
const serverProposal = async (id: string) => AdminProposal.parse((await call(t.app, 'GET', `/admin/cities/aksu/proposals/${id}`, { token })).body);
const mockProposal = (id: string) => admin.state.proposals.find((p) => p.id === id)!;

async function finishBoth(ids: [string, string], body: unknown) {
  const s = await call(t.app, 'POST', `/admin/cities/aksu/implementation/${ids[0]}/finish`, { token, body });
  const res = await fetch(`${MOCK}/admin/cities/aksu/implementation/${ids[1]}/finish`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${MOCK_ADMIN_TOKEN}` },
    body: JSON.stringify(body),
  });
  return { server: shape(s.status, s.body), mock: shape(res.status, await res.json()) };
}

/** On each side, a funded project whose proposal has the status and whose record is not finished. */
async function withStatus(status: string): Promise<[string, string]> {
  const open = (r: ImplementationRecord) => r.state === 'not_started' || r.state === 'in_progress';
  const s = (await serverList()).filter(open);
  const m = (await mockList()).filter(open);
  const sid = (await Promise.all(s.map(async (r) => ((await serverProposal(r.projectId)).status === status ? r.projectId : null)))).find(Boolean);
  const mid = m.find((r) => mockProposal(r.projectId).status === status)?.projectId;
  assert.ok(sid && mid, `a ${status} project on both sides`);
  return [sid!, mid!];
}

const REASON = { kk: 'Көшеде жылу желісі ауыстырылады.', ru: 'На улице меняют теплосеть.' };

test('cancelling (#11): the mock refuses and succeeds as the server does, and the proposal reads cancelled on both', async () => {
  const building = await withStatus('in_progress');
  const words = 'Ұзақ себеп. '.repeat(90);
  const long = await finishBoth(building, { outcome: 'cancelled', reason: { kk: words, ru: words } });
  assert.deepEqual(long.mock, long.server, 'a reason too long for a public note');
  assert.equal(long.server.status, 400);

  const ok = await finishBoth(building, { outcome: 'cancelled', reason: REASON });
  assert.deepEqual(ok.mock, ok.server);
  assert.equal(ok.server.status, 200);
  const s = await serverProposal(building[0]);
  const m = mockProposal(building[1]);
  assert.equal(s.status, 'cancelled');
  assert.equal(m.status, 'cancelled');
  assert.deepEqual({ note: m.history.at(-1)!.note, notes: m.history.at(-1)!.notes }, { note: s.history.at(-1)!.note, notes: s.history.at(-1)!.notes });
  assert.equal(m.reviewNote, s.reviewNote);

  const again = await finishBoth(building, { outcome: 'cancelled', reason: REASON });
  assert.deepEqual(again.mock, again.server, 'finished once');
  assert.equal(again.server.status, 409);

  // The status action: it cannot cancel, and a cancelled proposal stays so.
  const waiting = await withStatus('winner').catch(() => null);
  const cases: [string, [string, string], unknown][] = [
    ['cancelled is not set by the status action', waiting ?? building, { status: 'cancelled', note: 'Нет' }],
    ['a cancelled proposal stays cancelled', building, { status: 'in_progress' }],
  ];
  for (const [what, ids, body] of cases) {
    const s = await call(t.app, 'POST', `/admin/cities/aksu/proposals/${ids[0]}/status`, { token, body });
    const res = await fetch(`${MOCK}/admin/cities/aksu/proposals/${ids[1]}/status`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${MOCK_ADMIN_TOKEN}` }, body: JSON.stringify(body) });
    assert.deepEqual(shape(res.status, await res.json()), shape(s.status, s.body), what);
    assert.ok(s.status >= 400, `${what}: refused`);
  }
});
