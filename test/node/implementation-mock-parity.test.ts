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
import { AdminProposal, ImplementationList, ImplementationRecord, noteOf, type StatusChange } from '../../src/contract/index.js';
import { createAdminMock, MOCK_ADMIN_TOKEN } from '../../src/mock/admin-handlers.js';
import { createImplementationAdminMock } from '../../src/mock/implementation-admin-handlers.js';
import { JSON_BODY_LIMIT } from '../../src/domain/body-limit.js';
import { PROPOSAL_LIMITS } from '../../src/contract/index.js';
import { demoPng } from '../../src/server/seed.js';
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

test('implementation records without a valid credential: 401 alike, whole, in the server’s words, before the body', async () => {
  const [s, m] = await openProject();
  const routes: [method: string, path: [string, string], body?: unknown][] = [
    ['GET', ['', '']],
    ['PUT', [`/${s.projectId}`, `/${m.projectId}`], { progress: 101 }],
    ['POST', [`/${s.projectId}/finish`, `/${m.projectId}/finish`], { outcome: 'maybe' }],
  ];
  for (const [what, authorization] of [
    ['no Authorization header', undefined],
    ['a bearer token too short to be one', 'Bearer short'],
    ['a token that is no one’s', 'Bearer qa_nobody_0123456789abcdef'],
    ['a staff session that has ended (or never was)', 'Bearer st1.ended-session-0123456789abcdef'],
  ] as const)
    for (const [method, path, body] of routes) {
      const headers: Record<string, string> = { ...(authorization ? { authorization } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
      const sr = await call(t.app, method, `/admin/cities/aksu/implementation${path[0]}`, { headers, ...(body !== undefined ? { body } : {}) });
      const res = await fetch(`${MOCK}/admin/cities/aksu/implementation${path[1]}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      assert.equal(sr.status, 401, `${what}, ${method} ${path[0]}: ${sr.text}`);
      assert.deepEqual({ status: res.status, body: await res.json() }, { status: sr.status, body: sr.body }, `${what}, ${method} ${path[0]}`);
    }
});

test('implementation records: a body that fails its schema is refused alike, whole (code, the server’s words, the issues)', async () => {
  const [s, m] = await openProject();
  for (const [what, method, rest, body] of [
    ['save: bad fields', 'PUT', '', { ...plan(s), progress: 101, extra: 1 }],
    ['finish: no outcome', 'POST', '/finish', { on: '2026-06-01' }],
  ] as const) {
    const sr = await call(t.app, method, `/admin/cities/aksu/implementation/${s.projectId}${rest}`, { token, body });
    const res = await fetch(`${MOCK}/admin/cities/aksu/implementation/${m.projectId}${rest}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${MOCK_ADMIN_TOKEN}` }, body: JSON.stringify(body) });
    assert.equal(sr.status, 400, `${what}: ${sr.text}`);
    assert.deepEqual({ status: res.status, body: await res.json() }, { status: sr.status, body: sr.body }, what);
  }
});

test('implementation records: a photo is taken and refused alike (the whole file read, its own size)', async () => {
  const whole = demoPng(6, 4, [1, 2, 3]);
  for (const [what, type, bytes] of [
    ['empty', 'image/png', new Uint8Array()],
    ['not an image', 'image/png', new TextEncoder().encode('hello, not a picture')],
    ['a text type', 'text/plain', new TextEncoder().encode('hello')],
    ['a PNG’s signature and header alone', 'image/png', whole.slice(0, 33)],
    ['a whole PNG', 'image/png', whole],
    ['a whole PNG as bytes of no stated kind', 'application/octet-stream', whole],
  ] as const) {
    const s = await call(t.app, 'POST', '/admin/cities/aksu/implementation/photos', { token, raw: bytes as Uint8Array<ArrayBuffer>, contentType: type });
    const res = await fetch(`${MOCK}/admin/cities/aksu/implementation/photos`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${MOCK_ADMIN_TOKEN}` }, body: bytes as Uint8Array<ArrayBuffer> });
    const m = await res.json();
    assert.deepEqual(shape(res.status, m), shape(s.status, s.body), what);
    if (s.status === 201) assert.deepEqual([m.width, m.height], [s.body.width, s.body.height], `${what}: its own size`);
  }
});

test('implementation records: bodies are read as the server reads them (malformed, another type, over the limit, text no store keeps), after the credential and the city, before the fields and the project', async () => {
  const [s, m] = await openProject();
  const ids = (rest = ''): [string, string] => [`/${s.projectId}${rest}`, `/${m.projectId}${rest}`];
  const over = `{"pad":"${'x'.repeat(JSON_BODY_LIMIT + 1 - 10)}"}`;
  const photo = new Uint8Array(PROPOSAL_LIMITS.photoBytes + 1);
  photo.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
  const cases: [string, string, [string, string], string | Uint8Array<ArrayBuffer>, { type?: string; auth?: boolean; city?: string }, number][] = [
    ['save: malformed JSON without a credential (the credential first)', 'PUT', ids(), '{nope', { auth: false }, 401],
    ['save: malformed JSON for an unknown city (the city first)', 'PUT', ids(), '{nope', { city: 'nowhere' }, 404],
    ['save: malformed JSON', 'PUT', ids(), '{nope', {}, 400],
    ['save: malformed JSON for no project (the body first)', 'PUT', ['/nope', '/nope'], '{nope', {}, 400],
    ['save: text/plain', 'PUT', ids(), '{}', { type: 'text/plain' }, 415],
    ['update: over the limit', 'POST', ids('/updates'), over, {}, 413],
    ['update: a NUL in a string', 'POST', ids('/updates'), '{"text":{"kk":"\\u0000","ru":"x"},"photos":[]}', {}, 400],
    ['publish: malformed JSON', 'POST', ids('/updates/up_nope/publish'), '{"public":', {}, 400],
    ['publish: over the limit', 'POST', ids('/updates/up_nope/publish'), over, {}, 413],
    ['finish: bytes that are not UTF-8', 'POST', ids('/finish'), new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), {}, 400],
    ['finish: text/plain', 'POST', ids('/finish'), '{"outcome":"implemented","on":"2026-06-01"}', { type: 'text/plain' }, 415],
    ['a photo: over the photo limit', 'POST', ['/photos', '/photos'], photo, { type: 'image/png' }, 413],
    ['a photo: over the photo limit as text/plain (the size before the type)', 'POST', ['/photos', '/photos'], photo, { type: 'text/plain' }, 413],
    ['a photo: over the photo limit without a credential (the credential first)', 'POST', ['/photos', '/photos'], photo, { type: 'image/png', auth: false }, 401],
    ['a photo: over the photo limit for an unknown city (the city first)', 'POST', ['/photos', '/photos'], photo, { type: 'image/png', city: 'nowhere' }, 404],
  ];
  const off: string[] = [];
  for (const [what, method, path, body, o, status] of cases) {
    const type = o.type ?? 'application/json';
    const auth = o.auth ?? true;
    const at = `/admin/cities/${o.city ?? 'aksu'}/implementation`;
    const sr = await call(t.app, method, `${at}${path[0]}`, { raw: body, contentType: type, ...(auth ? { token } : {}) });
    const res = await fetch(`${MOCK}${at}${path[1]}`, { method, headers: { 'content-type': type, ...(auth ? { authorization: `Bearer ${MOCK_ADMIN_TOKEN}` } : {}) }, body });
    const mb = await res.json().catch(() => null);
    assert.equal(sr.status, status, `${what}: the server answers ${status} (${sr.text.slice(0, 200)})`);
    const [server, mock] = [shape(sr.status, sr.body), shape(res.status, mb)];
    const words = ['bad_request', 'payload_too_large', 'unsupported_media_type'].includes(server.code ?? '');
    if (JSON.stringify(mock) !== JSON.stringify(server) || (words && mb?.message !== sr.body.message))
      off.push(`${what}: server ${JSON.stringify(server)} ${words ? sr.body.message : ''}, mock ${JSON.stringify(mock)} ${words ? mb?.message : ''}`);
  }
  assert.deepEqual(off, [], 'answered otherwise by the mock');
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

/**
 * Fresh sides for following a proposal's status through its implementation record: the demo server (its winner and
 * its project being built), and a new centre mock with its implementation records at `base` (its project being built,
 * and one of its projects on the ballot made a winner, as the server's is). `send` makes the same change to a record on
 * both (the body from each side's record as it stands) and expects both to take it.
 */
async function freshSides(base: string) {
  const server = await demoServer(now);
  const centre = createAdminMock({ base, now: now.getTime() });
  const records = createImplementationAdminMock({ base, now: now.getTime(), admin: centre.state });
  msw.use(...records.handlers, ...centre.handlers);
  const tok = server.adminTokens['aksu-centre']!;
  const won = centre.state.proposals.find((p) => p.status === 'on_ballot')!;
  Object.assign(won, { status: 'winner', history: [...won.history, { status: 'winner', at: won.updatedAt }] });
  const list = ImplementationList.parse((await call(server.app, 'GET', '/admin/cities/aksu/implementation', { token: tok })).body).items;
  const serverStatus = async (id: string) => (await call(server.app, 'GET', `/admin/cities/aksu/proposals/${id}`, { token: tok })).body.status as string;
  const firstWith = async (status: string) => {
    for (const r of list) if ((r.state === 'not_started' || r.state === 'in_progress') && (await serverStatus(r.projectId)) === status) return r.projectId;
    throw new Error(`no ${status} project on the server`);
  };
  const winner: [string, string] = [await firstWith('winner'), won.id];
  const building: [string, string] = [await firstWith('in_progress'), centre.state.proposals.find((p) => p.status === 'in_progress')!.id];
  const send = async (method: string, ids: [string, string], rest: string, body: (record: ImplementationRecord) => unknown) => {
    const records = [await call(server.app, 'GET', `/admin/cities/aksu/implementation/${ids[0]}`, { token: tok }), await (await fetch(`${base}/admin/cities/aksu/implementation/${ids[1]}`, { headers: { authorization: `Bearer ${MOCK_ADMIN_TOKEN}` } })).json()];
    const s = await call(server.app, method, `/admin/cities/aksu/implementation/${ids[0]}${rest}`, { token: tok, body: body(records[0]!.body) });
    const res = await fetch(`${base}/admin/cities/aksu/implementation/${ids[1]}${rest}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${MOCK_ADMIN_TOKEN}` }, body: JSON.stringify(body(records[1])) });
    assert.deepEqual([s.status, res.status], [200, 200], `${method} ${rest}: ${s.text} / ${await res.text()}`);
  };
  return { server, centre, tok, winner, building, send };
}

test('a proposal’s status that follows its implementation record (being built, implemented, cancelled) keeps its history within 100 entries — the submission stays, the oldest after it makes room — and marks the proposal changed now (updatedAt), alike', async () => {
  // Fresh sides: the demo's winner and project being built on the server; the mock's project being built, and one of
  // its projects on the ballot made a winner, as the server's is.
  const { server, centre, tok, winner, building, send } = await freshSides('http://impl-history.test/api/v1');
  try {
    /** On each side, the proposal's history made full (its first entry, then 99 notes in its status), changed long ago. */
    const full = async (ids: [string, string]) => {
      const entries = (status: StatusChange['status']) => Array.from({ length: 99 }, (_, i) => ({ status, at: '2026-01-01T10:00:00+05:00', note: `№${i + 1}` }));
      const p = (await server.store.getProposal('aksu', ids[0]))!;
      const audit = { at: now.toISOString(), city: 'aksu', actor: 'test', action: 'test.history', target: p.id, details: {} };
      assert.ok(await server.store.updateProposals([{ ...p, history: [p.history[0]!, ...entries(p.status)], updatedAt: '2026-01-01T05:00:00.000Z' }], audit));
      const m = centre.state.proposals.find((x) => x.id === ids[1])!;
      Object.assign(m, { history: [m.history[0]!, ...entries(m.status)], updatedAt: '2026-01-01T10:00:00+05:00' });
    };
    /** Each side's proposal: its history as notes (or statuses), and when it changed. */
    const seen = async (ids: [string, string]) => {
      const s = AdminProposal.parse((await call(server.app, 'GET', `/admin/cities/aksu/proposals/${ids[0]}`, { token: tok })).body);
      const m = centre.state.proposals.find((x) => x.id === ids[1])!;
      const of = (p: { history: StatusChange[]; updatedAt: string }) => ({ history: p.history.map((h) => h.note ?? h.status), updatedAt: Date.parse(p.updatedAt) });
      return { server: of(s), mock: of(m) };
    };
    const expected = (last: string) => ({ history: ['submitted', ...Array.from({ length: 98 }, (_, i) => `№${i + 2}`), last], updatedAt: now.getTime() });

    await full(winner);
    await send('PUT', winner, '', (r) => plan(r));
    const started = await seen(winner);
    assert.deepEqual(started.server, expected('in_progress'), 'a winner being built: the server’s');
    assert.deepEqual(started.mock, expected('in_progress'), 'a winner being built: the mock’s');

    await full(building);
    await send('POST', building, '/finish', () => ({ outcome: 'implemented', on: '2026-06-01' }));
    const done = await seen(building);
    assert.deepEqual(done.server, expected('implemented'), 'implemented: the server’s');
    assert.deepEqual(done.mock, expected('implemented'), 'implemented: the mock’s');

    await full(winner);
    await send('POST', winner, '/finish', () => ({ outcome: 'cancelled', reason: REASON }));
    const cancelled = await seen(winner);
    assert.deepEqual(cancelled.server, expected(noteOf(REASON).note), 'cancelled: the server’s');
    assert.deepEqual(cancelled.mock, expected(noteOf(REASON).note), 'cancelled: the mock’s');
  } finally {
    server.close();
  }
});

test('a proposal’s status that follows its implementation record (being built, implemented, cancelled) is logged as the server’s status change: a `proposal.status` entry with the request it makes (the status, and the public note when cancelled), after the record’s own entry; none when the status stays — alike', async () => {
  // Fresh sides, as above: the demo's winner and project being built on the server; the mock's project being built,
  // and one of its projects on the ballot made a winner, as the server's is.
  const BASE = 'http://impl-status-log.test/api/v1';
  const { server, tok, winner, building, send } = await freshSides(BASE);
  try {
    type Entry = { actor: string; action: string; target: string | null; details: Record<string, unknown> };
    /**
     * Each side's newest two entries of the log, their targets read as the project's own (`project`) or not, and the
     * details of the record's own entries left out (the record tests hold those).
     */
    const newest = async (ids: [string, string]) => {
      const s = (await call(server.app, 'GET', '/admin/cities/aksu/audit?limit=2', { token: tok })).body.items as Entry[];
      const m = (await (await fetch(`${BASE}/admin/cities/aksu/audit?limit=2`, { headers: { authorization: `Bearer ${MOCK_ADMIN_TOKEN}` } })).json()).items as Entry[];
      const of = (entries: Entry[], id: string) =>
        entries.map((e) => ({ actor: e.actor, action: e.action, target: e.target === id ? 'project' : e.target, ...(e.action.startsWith('implementation.') ? {} : { details: e.details }) }));
      return { server: of(s, ids[0]), mock: of(m, ids[1]) };
    };
    const entries = (record: string, status?: Record<string, unknown>) => [
      ...(status ? [{ actor: 'aksu-centre', action: 'proposal.status', target: 'project', details: { request: status } }] : []),
      { actor: 'aksu-centre', action: record, target: 'project' },
    ];

    await send('PUT', winner, '', (r) => plan(r));
    const started = await newest(winner);
    assert.deepEqual(started.server, entries('implementation.save', { status: 'in_progress' }), 'a winner being built: the server’s');
    assert.deepEqual(started.mock, started.server, 'a winner being built: the mock’s');

    await send('PUT', winner, '', (r) => plan(r, { progress: 20 }));
    const still = await newest(winner);
    assert.deepEqual(still.server.slice(0, 1), entries('implementation.save'), 'still being built: the server logs the record alone');
    assert.deepEqual(still.mock.slice(0, 1), still.server.slice(0, 1), 'still being built: the mock’s');

    await send('POST', building, '/finish', () => ({ outcome: 'implemented', on: '2026-06-01' }));
    const done = await newest(building);
    assert.deepEqual(done.server, entries('implementation.finish', { status: 'implemented' }), 'implemented: the server’s');
    assert.deepEqual(done.mock, done.server, 'implemented: the mock’s');

    await send('POST', winner, '/finish', () => ({ outcome: 'cancelled', reason: REASON }));
    const cancelled = await newest(winner);
    assert.deepEqual(cancelled.server, entries('implementation.finish', { status: 'cancelled', note: noteOf(REASON).note }), 'cancelled: the server’s');
    assert.deepEqual(cancelled.mock, cancelled.server, 'cancelled: the mock’s');
  } finally {
    server.close();
  }
});

test('the centre’s log is one, for its actions and its implementation records’: entries written by turns, read a page of two at a time by the cursor, list every entry once, newest first — alike', async () => {
  // Fresh sides, as above; the mock's log starts empty, the server's has the demo's entries after the ones read here.
  const BASE = 'http://impl-audit-pages.test/api/v1';
  const { server, tok, building, send } = await freshSides(BASE);
  try {
    type Entry = { id: number; actor: string; action: string; target: string | null };
    type Page = { items: Entry[]; nextCursor: string | null };
    /** A centre action on the project's proposal on both sides: shown, as it is. */
    const shown = async () => {
      const s = await call(server.app, 'POST', `/admin/cities/aksu/proposals/${building[0]}/visibility`, { token: tok, body: { published: true } });
      const res = await fetch(`${BASE}/admin/cities/aksu/proposals/${building[1]}/visibility`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${MOCK_ADMIN_TOKEN}` }, body: JSON.stringify({ published: true }) });
      assert.deepEqual([s.status, res.status], [200, 200], `${s.text} / ${await res.text()}`);
    };
    const written: string[] = [];
    for (const progress of [10, 20, 30]) {
      await shown();
      await send('PUT', building, '', (r) => plan(r, { progress }));
      written.unshift('implementation.save', 'proposal.visibility');
    }
    /** A side's log read by pages of two, following the cursor, until `wanted` entries are read or none are left. */
    const paged = async (page: (query: string) => Promise<Page>, wanted: number) => {
      const read: Entry[] = [];
      let cursor: string | null = null;
      do {
        const p: Page = await page(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        read.push(...p.items);
        cursor = p.nextCursor;
      } while (cursor && read.length < wanted);
      return read;
    };
    const s = (await paged(async (q) => (await call(server.app, 'GET', `/admin/cities/aksu/audit${q}`, { token: tok })).body, written.length)).slice(0, written.length);
    const m = await paged(async (q) => (await fetch(`${BASE}/admin/cities/aksu/audit${q}`, { headers: { authorization: `Bearer ${MOCK_ADMIN_TOKEN}` } })).json(), Infinity);
    const of = (entries: Entry[]) => entries.map((e) => e.action);
    assert.deepEqual(of(s), written, 'the server’s, newest first');
    assert.deepEqual(of(m), written, 'the mock’s: every entry once, newest first');
    for (const [side, entries] of [['server', s], ['mock', m]] as const)
      assert.ok(entries.every((e, i) => i === 0 || e.id < entries[i - 1]!.id), `${side}: numbered in the order written`);
  } finally {
    server.close();
  }
});
