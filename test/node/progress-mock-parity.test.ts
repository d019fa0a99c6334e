/**
 * The public progress list in the msw mock (src/mock/progress-handlers.ts)
 * must list the funded projects the server would (#11): the reference server
 * is given the mock's own data — its cities' cycles, its proposals (this
 * cycle's and last year's) and its implementation records — and the same GET
 * requests go to both. The projects listed (ids, in order), their cycles,
 * states and figures must be the same, also after proposals' statuses change.
 * The offline demo and the browser tests run on the mock; when it listed only
 * last year's projects, this year's winners had no progress on their cards.
 */
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import { after, before, test } from 'node:test';
import { ProgressList, ProjectProgressDetail, type Proposal, type ProposalStatus } from '../../src/contract/index.js';
import { aksuCity } from '../../src/mock/fixtures.js';
import { createMockApi } from '../../src/mock/handlers.js';
import { progressSeed } from '../../src/mock/progress-handlers.js';
import type { StoredImplementation } from '../../src/server/store/implementation.js';
import type { ProposalRecord } from '../../src/server/store/types.js';
import { call, testServer, type TestServer } from '../../src/server/testing.js';

const MOCK = 'http://mock-progress.test/api/v1';
const DAY = 86_400_000;
const now = new Date('2026-06-15T09:00:00Z');
const mock = createMockApi({ base: MOCK, now: now.getTime(), phase: 'results' });
/** What the mock's progress handlers start from (the same function, the same clock). */
const seed = progressSeed(now.getTime());
const msw = setupServer(...mock.handlers);
let t: TestServer;

const mockAksu = () => mock.state.proposals.get('aksu')!;
const pastAksu = () => seed.pastProposals.get('aksu')!;

before(async () => {
  msw.listen({ onUnhandledRequest: 'error' });
  t = testServer({
    now: now.toISOString(),
    edit: (file) => {
      // Aksu as the mock has it: its categories and districts, last year's cycle and this year's.
      const aksu = file.cities.find((c) => c.slug === 'aksu')!;
      const current = structuredClone(mock.state.configs.get('aksu')!.cycle);
      const past = seed.pastCycles.get('aksu')!;
      const yearsBefore = (years: number) =>
        Object.fromEntries(
          Object.entries(current.phases).map(([k, w]) => [k, { start: new Date(Date.parse(w.start) - years * 365 * DAY).toISOString(), end: new Date(Date.parse(w.end) - years * 365 * DAY).toISOString() }]),
        ) as typeof current.phases;
      aksu.categories = structuredClone(aksuCity.categories);
      // The mock's embedding origin too, so a feed linking to a page there is answered on both sides.
      aksu.allowedOrigins = [...aksu.allowedOrigins, ...aksuCity.allowedOrigins];
      aksu.districts = structuredClone(aksuCity.districts);
      aksu.cycles = [
        ...past.map((c, i) => ({ ...structuredClone(current), id: c.id, title: c.title, phases: yearsBefore(past.length - i) })),
        current,
      ];
    },
  });
  const record = (p: Proposal): ProposalRecord => {
    const { votes: _votes, photos: _photos, ...rest } = p;
    return { ...rest, city: 'aksu', photos: [], authorHash: `mock-author-${p.id}`, hidden: false, published: true, version: 1 };
  };
  for (const p of [...mockAksu(), ...pastAksu()]) await t.store.createProposal(record(p), null);
  const cycleOf = new Map([...mockAksu(), ...pastAksu()].map((p) => [p.id, p.cycleId]));
  for (const [projectId, r] of seed.records.get('aksu')!) {
    const { stages, updates: _updates, ...figures } = r;
    const stored: StoredImplementation = {
      ...figures,
      city: 'aksu',
      projectId,
      cycleId: cycleOf.get(projectId)!,
      version: 0,
      createdAt: r.updatedAt,
      stages: stages.map(({ state: _state, ...s }) => s),
    };
    assert.ok(await t.store.implementation.save(stored, 0, { at: now.toISOString(), city: 'aksu', actor: 'test', action: 'implementation.save', target: projectId, details: {} }));
  }
});
after(() => {
  msw.close();
  t.close();
});

async function both(path: string): Promise<{ server: { status: number; body: any }; mock: { status: number; body: any } }> {
  const s = await call(t.app, 'GET', path);
  const res = await fetch(`${MOCK}${path}`);
  return { server: { status: s.status, body: s.body }, mock: { status: res.status, body: await res.json() } };
}

/** What a resident reads of a funded project, without addresses of this server or that mock. */
function view(p: any) {
  const { latestUpdate, before, after, updatedAt, feed: _feed, updates, stages, ...rest } = p;
  return {
    ...rest,
    // Updates are posted through the centre (with uploaded photos); the server here has none, so only whether a record exists is compared.
    hasRecord: updatedAt !== undefined,
    ...(stages ? { stages: stages.map((s: { id: string; state: string; plannedStart: string }) => `${s.id}:${s.state}:${s.plannedStart}`) } : {}),
    _photos: [latestUpdate, before, after, updates].some(Boolean),
  };
}
const listView = (body: unknown) => {
  const list = ProgressList.parse(body);
  return { cycles: list.cycles, items: list.items.map((i) => ({ ...view(i), _photos: undefined })) };
};

async function sameLists(what: string) {
  for (const path of ['/cities/aksu/progress', '/cities/aksu/progress?cycle=aksu-2026', '/cities/aksu/progress?cycle=aksu-2025', '/cities/rudny/progress']) {
    const r = await both(path);
    assert.equal(r.server.status, 200, `${what}: ${path} on the server`);
    assert.equal(r.mock.status, 200, `${what}: ${path} in the mock`);
    assert.deepEqual(listView(r.mock.body), listView(r.server.body), `${what}: ${path}`);
  }
}

const ids = async (path = '/cities/aksu/progress') => ProgressList.parse((await both(path)).server.body).items.map((i) => `${i.projectId}:${i.cycleId}:${i.state}`);

async function setStatus(id: string, status: ProposalStatus) {
  const p = (await t.store.getProposal('aksu', id))!;
  assert.ok(await t.store.updateProposals([{ ...p, status }], { at: now.toISOString(), city: 'aksu', actor: 'test', action: 'test.status', target: id, details: {} }));
  mockAksu().find((x) => x.id === id)!.status = status;
}

test('progress (#11): the mock lists the funded projects of every cycle as the server does — this year’s too', async () => {
  await sameLists('as seeded');
  // The drift this holds: this cycle's built and building projects are listed, newest cycle first.
  assert.deepEqual(await ids(), [
    'aksu-13:aksu-2026:implemented',
    'aksu-14:aksu-2026:in_progress',
    'aksu-2025-light:aksu-2025:in_progress',
    'aksu-2025-play:aksu-2025:implemented',
    'aksu-2025-sport:aksu-2025:not_started',
    'aksu-2025-walk:aksu-2025:cancelled',
  ]);
});

test('progress: a project page answers alike, and a proposal that was not funded has none', async () => {
  for (const id of ['aksu-13', 'aksu-14', 'aksu-2025-light', 'aksu-2025-play', 'aksu-2025-sport', 'aksu-2025-walk']) {
    const r = await both(`/cities/aksu/progress/${id}`);
    assert.equal(r.server.status, 200, id);
    assert.equal(r.mock.status, 200, id);
    const s = view(ProjectProgressDetail.parse(r.server.body));
    const m = view(ProjectProgressDetail.parse(r.mock.body));
    assert.deepEqual({ ...m, _photos: undefined }, { ...s, _photos: undefined }, id);
  }
  for (const id of ['aksu-1', 'aksu-8', 'nope']) {
    const r = await both(`/cities/aksu/progress/${id}`);
    assert.deepEqual({ status: r.mock.status, code: r.mock.body.code }, { status: r.server.status, code: r.server.body.code }, id);
    assert.equal(r.server.status, 404, id);
  }
});

test('progress feeds: the mock writes the city’s and a project’s Atom feed as the server does (titles, final words, links to the page, in kk, ru, en); a page elsewhere is refused alike', async () => {
  const PAGE = `${aksuCity.allowedOrigins[0]}/progress.html`;
  const feed = async (path: string) => {
    const s = await call(t.app, 'GET', path);
    const res = await fetch(`${MOCK}${path}`);
    assert.equal(s.status, 200, `${path}: ${s.text}`);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-type'), s.headers.get('content-type'));
    return { server: s.text, mock: await res.text() };
  };
  // The server here holds no updates (they are posted with photos through the centre): the final words are compared, and the feed's title.
  const outcomes = (xml: string) => [...xml.matchAll(/<entry>(.*?)<\/entry>/g)].map((m) => m[1]!).filter((e) => /:(implemented|cancelled):/.test(e));
  const title = (xml: string) => /<title>(.*?)<\/title>/.exec(xml)![1];
  let finals = 0;
  for (const lang of ['kk', 'ru', 'en']) {
    const query = `?lang=${lang}&page=${encodeURIComponent(PAGE)}`;
    for (const path of ['/cities/aksu/progress/feed.atom', '/cities/aksu/progress/aksu-2025-sport/feed.atom', '/cities/aksu/progress/aksu-2025-walk/feed.atom']) {
      const { server, mock: m } = await feed(`${path}${query}`);
      assert.equal(title(m), title(server), `${lang} ${path}: title`);
      assert.deepEqual(outcomes(m), outcomes(server), `${lang} ${path}: final words`);
      finals += outcomes(server).length;
    }
  }
  assert.ok(finals >= 6, 'built and cancelled projects are in the feeds');
  const bad = await call(t.app, 'GET', '/cities/aksu/progress/feed.atom?page=https%3A%2F%2Fevil.example%2Fx');
  const res = await fetch(`${MOCK}/cities/aksu/progress/feed.atom?page=https%3A%2F%2Fevil.example%2Fx`);
  assert.deepEqual(shapeOf(res.status, await res.json()), shapeOf(bad.status, bad.body));
  assert.equal(bad.status, 400);
});

const shapeOf = (status: number, body: { code?: string; details?: { issues?: { path: unknown[]; message: string }[] } }) => ({
  status,
  code: body.code,
  issues: body.details?.issues?.map((i) => `${i.path.join('.')}:${i.message}`),
});

test('progress: what is funded follows the proposals’ statuses on both sides', async () => {
  // The centre marks a winner (no record yet: a blank one), cancels one being built, and a built one is found not funded after all.
  await setStatus('aksu-1', 'winner');
  await setStatus('aksu-14', 'cancelled');
  await setStatus('aksu-13', 'not_funded');
  await sameLists('after status changes');
  assert.deepEqual(await ids('/cities/aksu/progress?cycle=aksu-2026'), ['aksu-1:aksu-2026:not_started', 'aksu-14:aksu-2026:in_progress']);
  const r = await both('/cities/aksu/progress/aksu-13');
  assert.deepEqual([r.mock.status, r.server.status], [404, 404], 'no longer funded: no page');
  // Nothing funded this cycle: the cycle asked for is still named, with no items.
  await setStatus('aksu-1', 'on_ballot');
  await setStatus('aksu-14', 'not_funded');
  await sameLists('nothing funded this cycle');
  const empty = await both('/cities/aksu/progress?cycle=aksu-2026');
  assert.deepEqual(ProgressList.parse(empty.mock.body).items, []);
  assert.deepEqual(ProgressList.parse(empty.mock.body).cycles.map((c) => c.id), ['aksu-2026']);
});

test('progress: a query the list does not take is refused alike, whole, in the server’s words, before the city is looked at', async () => {
  const off: string[] = [];
  for (const [what, path, status] of [
    ['an unknown key', '/cities/aksu/progress?sort=votes', 400],
    ['a cycle that is no id', '/cities/aksu/progress?cycle=%3Cx%3E', 400],
    ['an unknown key for an unknown city (the query first)', '/cities/nowhere/progress?sort=votes', 400],
    ['a cycle of none of the city’s', '/cities/aksu/progress?cycle=nope-2020', 400],
    ['an unknown city', '/cities/nowhere/progress', 404],
  ] as const) {
    const r = await both(path);
    assert.equal(r.server.status, status, `${what}: ${JSON.stringify(r.server.body)}`);
    if (JSON.stringify(r.mock) !== JSON.stringify(r.server)) off.push(`${what}: server ${JSON.stringify(r.server)}, mock ${JSON.stringify(r.mock)}`);
  }
  assert.deepEqual(off, [], 'answered otherwise by the mock');
});
