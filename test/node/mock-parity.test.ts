/**
 * The msw mock must answer as the server does: the same verification requests
 * go to the reference server's app and to the mock's handlers (msw in node),
 * and the statuses, error codes and issue messages must be the same. The
 * browser tests run against the mock, so a drift here would let them pass
 * while residents saw something else.
 */
import assert from 'node:assert/strict';
import { HttpResponse, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { after, before, mock as clock, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { PROPOSAL_LIMITS, ProgressList, Results, StaffCodeStep, StaffSession, type BallotRule, type PoolChoice, type Proposal, type ProposalPage, type ProposalStatus, type StatusChange } from '../../src/contract/index.js';
import { createAdminMock, MOCK_ADMIN_TOKEN, MOCK_STAFF_CODE, mockOidcFinish } from '../../src/mock/admin-handlers.js';
import { createMockApi } from '../../src/mock/handlers.js';
import { JSON_BODY_LIMIT } from '../../src/domain/body-limit.js';
import { decodeCursor } from '../../src/domain/cursor.js';
import { DEMO_VOTERS, demoPng } from '../../src/server/seed.js';
import { startDevProvider } from '../../src/server/identity/dev-provider.js';
import { AT, OUTSIDE, RUDNY_INSIDE, adultIins, call, makeIin, newKey, phoneFor, proposalBody, testServer, verify, type TestServer, demoServer } from '../../src/server/testing.js';
import { fundedProject } from './support/implementation.js';
import { handedBack, playSignIn } from './support/oidc-browser.js';
import { same, shape, twoClocks, type Answer, type Pair } from './support/parity.js';

const MOCK = 'http://mock.test/api/v1';
const mock = createMockApi({ base: MOCK, identity: 'voter_list', code: '123456' });
/** A phone-only city's mock (the default method), on an origin of its own. */
const PHONE_MOCK = 'http://phone-mock.test/api/v1';
const phoneMock = createMockApi({ base: PHONE_MOCK, code: '123456' });
const msw = setupServer(...mock.handlers, ...phoneMock.handlers);
let t: TestServer;

before(async () => {
  msw.listen({ onUnhandledRequest: 'error' });
  t = testServer({ now: AT.aksu.review, identity: 'example' });
  const csv = DEMO_VOTERS.map(([iin, phone]) => `${iin},${phone}`).join('\n');
  const r = await call(t.app, 'PUT', '/admin/cities/aksu/voter-list', { token: t.adminTokens['aksu-centre'], raw: csv, contentType: 'text/csv' });
  assert.equal(r.status, 200, r.text);
  t.setNow(AT.aksu.voting);
});
after(() => {
  msw.close();
  t.close();
});


async function both(method: string, path: string, body: unknown): Promise<{ server: Answer; mock: Answer; serverBody: any; mockBody: any }> {
  const s = await call(t.app, method, path, { body });
  const res = await fetch(`${MOCK}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const m = await res.json().catch(() => null);
  return { server: shape(s.status, s.body), mock: shape(res.status, m), serverBody: s.body, mockBody: m };
}

const [listed] = DEMO_VOTERS[0]!;
const unlisted = '881102300009';

test('verification by the voter list: the mock answers as the server does', async () => {
  const cases: [string, unknown][] = [
    ['listed IIN, no phone', { cycleId: 'aksu-2026', iin: listed }],
    ['not on the list', { cycleId: 'aksu-2026', iin: unlisted }],
    ['bad check digit', { cycleId: 'aksu-2026', iin: listed.slice(0, 11) + ((Number(listed[11]) + 1) % 10) }],
    ['not 12 digits', { cycleId: 'aksu-2026', iin: '12345' }],
    ['another cycle', { cycleId: 'aksu-2025', iin: listed }],
    ['an unknown field', { cycleId: 'aksu-2026', iin: listed, extra: 1 }],
  ];
  for (const [what, body] of cases) {
    const r = await both('POST', '/cities/aksu/verification', body);
    assert.deepEqual(r.mock, r.server, what);
    if (r.server.status === 201) assert.equal(typeof r.mockBody.phoneMask, typeof r.serverBody.phoneMask, `${what}: both mask the listed phone`);
  }
});

test('bodies are read as the server reads them: malformed JSON, another content type, an unknown city, no token or key — refused alike, in the server’s order', async () => {
  const raw = async (path: string, body: string | Uint8Array<ArrayBuffer>, o: { type?: string; key?: string; token?: string } = {}) => {
    const headers: Record<string, string> = { 'content-type': o.type ?? 'application/json', ...(o.key ? { 'idempotency-key': o.key } : {}) };
    const s = await call(t.app, 'POST', path, { raw: body, contentType: headers['content-type'], ...(o.key ? { key: o.key } : {}), ...(o.token ? { token: o.token } : {}) });
    const res = await fetch(`${MOCK}${path}`, { method: 'POST', headers: { ...headers, ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) }, body });
    return { server: shape(s.status, s.body), mock: shape(res.status, await res.json().catch(() => null)), serverBody: s.body };
  };
  const cases: [string, Promise<Awaited<ReturnType<typeof raw>>>, number][] = [
    ['verification: malformed JSON', raw('/cities/aksu/verification', '{nope'), 400],
    ['verification: malformed JSON for an unknown city (the body first)', raw('/cities/nowhere/verification', '{nope'), 400],
    ['verification: missing fields for an unknown city (the fields first)', raw('/cities/nowhere/verification', '{}'), 400],
    ['verification: text/plain', raw('/cities/aksu/verification', '{}', { type: 'text/plain' }), 415],
    ['verification: a NUL in a string', raw('/cities/aksu/verification', '{"cycleId":"aksu-2026","iin":"1\\u0000"}'), 400],
    ['verification: half a surrogate pair in a key', raw('/cities/aksu/verification', '{"\\ud800":1}'), 400],
    ['verification: bytes that are not UTF-8', raw('/cities/aksu/verification', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), 400],
    ['confirm: malformed JSON', raw('/cities/aksu/verification/ch_nope/confirm', '{nope'), 400],
    ['confirm: an unknown city', raw('/cities/nowhere/verification/ch_nope/confirm', '{"code":"123456"}'), 404],
    ['ballot: malformed JSON without a token (the body first)', raw('/cities/aksu/ballots', '{nope'), 400],
    ['ballot: no token', raw('/cities/aksu/ballots', '{}'), 401],
    ['proposal: no key (the key first)', raw('/cities/aksu/proposals', '{nope'), 400],
    ['proposal: malformed JSON', raw('/cities/aksu/proposals', '{nope', { key: newKey() }), 400],
    ['proposal: missing fields out of the submission phase (the fields first)', raw('/cities/aksu/proposals', '{}', { key: newKey() }), 400],
    ['author code: malformed JSON for an unknown city', raw('/cities/nowhere/authors/verification', '{nope'), 400],
    ['author code: confirm with malformed JSON', raw('/cities/aksu/authors/verification/ch_nope/confirm', '{nope'), 400],
  ];
  for (const [what, answer, status] of cases) {
    const r = await answer;
    assert.deepEqual(r.mock, r.server, what);
    assert.equal(r.server.status, status, `${what}: ${JSON.stringify(r.serverBody)}`);
  }
  // A challenge of Aksu confirmed at Rudny's address: forbidden, not unknown.
  const start = { cycleId: 'aksu-2026', iin: listed };
  const s = await call(t.app, 'POST', '/cities/aksu/verification', { body: start });
  const m = await (await fetch(`${MOCK}/cities/aksu/verification`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(start) })).json();
  const server = await call(t.app, 'POST', `/cities/rudny/verification/${s.body.challengeId}/confirm`, { body: { code: '123456' } });
  const res = await fetch(`${MOCK}/cities/rudny/verification/${m.challengeId}/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: '123456' }) });
  assert.deepEqual(shape(res.status, await res.json()), shape(server.status, server.body), 'another city’s challenge');
  assert.equal(server.status, 403);
});

test('confirming: a wrong code and a missing code are refused alike', async () => {
  const s = await call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId: 'aksu-2026', iin: listed } });
  const m = await (await fetch(`${MOCK}/cities/aksu/verification`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cycleId: 'aksu-2026', iin: listed }) })).json();
  const right = t.sms.last(s.body.challengeId);
  const wrong = right === '000000' ? '111111' : '000000';
  for (const [what, body] of [['wrong code', { code: wrong }], ['no code', {}]] as const) {
    const server = await call(t.app, 'POST', `/cities/aksu/verification/${s.body.challengeId}/confirm`, { body });
    const res = await fetch(`${MOCK}/cities/aksu/verification/${m.challengeId}/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.deepEqual(shape(res.status, await res.json()), shape(server.status, server.body), what);
  }
});

test('phone only: a phone that verified another voter is refused at the confirmation, by the mock as by the server, with the limit; a voter verified on another phone gives the first back', async () => {
  const server = testServer({ now: AT.aksu.voting });
  try {
    const onMock = async (path: string, body: unknown) => {
      const res = await fetch(`${PHONE_MOCK}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    };
    const verifyBoth = async (iin: string, phone: string) => {
      const start = { cycleId: 'aksu-2026', iin, phone };
      const [s0, m0] = [await call(server.app, 'POST', '/cities/aksu/verification', { body: start }), await onMock('/cities/aksu/verification', start)];
      assert.deepEqual(shape(m0.status, m0.body), shape(s0.status, s0.body), `start ${phone}`);
      const s = await call(server.app, 'POST', `/cities/aksu/verification/${s0.body.challengeId}/confirm`, { body: { code: server.sms.last(s0.body.challengeId) } });
      const m = await onMock(`/cities/aksu/verification/${m0.body.challengeId}/confirm`, { code: '123456' });
      assert.deepEqual(shape(m.status, m.body), shape(s.status, s.body), `confirm ${phone}`);
      return { server: s.body, mock: m.body };
    };
    const [a, b] = adultIins(2, 420);
    await verifyBoth(a!, '+77015550401');
    await verifyBoth(a!, '+77015550401');
    const refused = await verifyBoth(b!, '+77015550401');
    assert.equal(refused.server.code, 'not_eligible');
    assert.deepEqual(refused.mock.details.issues, refused.server.details.issues, 'the same issue, with the same limit');
    assert.equal(refused.mock.message, refused.server.message);
    await verifyBoth(b!, '+77015550402');
    // A voter holds one phone: a verified again on b's phone is refused (b holds it); on a third, a's first is given
    // back, and b verifies on it; a stranger is refused on either.
    assert.equal((await verifyBoth(a!, '+77015550402')).server.code, 'not_eligible');
    await verifyBoth(a!, '+77015550403');
    await verifyBoth(b!, '+77015550401');
    const [c] = adultIins(1, 425);
    assert.equal((await verifyBoth(c!, '+77015550403')).mock.code, 'not_eligible');
  } finally {
    server.close();
  }
});

test('verification outside voting: a start, and a confirmation whose voting closed meanwhile, refused alike (phase_closed)', async () => {
  const server = testServer({ now: AT.aksu.voting });
  const onMock = async (path: string, body: unknown) => {
    const res = await fetch(`${PHONE_MOCK}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  try {
    // Two minutes before voting ends (the code is still good a minute after).
    const end = Date.parse((await call(server.app, 'GET', '/cities/aksu')).body.cycle.phases.voting.end);
    server.setNow(new Date(end - 120_000).toISOString());
    const start = { cycleId: 'aksu-2026', iin: adultIins(1, 450)[0]!, phone: '+77015550450' };
    const s0 = await call(server.app, 'POST', '/cities/aksu/verification', { body: start });
    const m0 = await onMock('/cities/aksu/verification', start);
    assert.deepEqual(shape(m0.status, m0.body), shape(s0.status, s0.body), 'started while voting');
    // Voting ends before the code is typed.
    server.setNow(new Date(end + 60_000).toISOString());
    phoneMock.state.setPhase('aksu', 'results');
    const s1 = await call(server.app, 'POST', `/cities/aksu/verification/${s0.body.challengeId}/confirm`, { body: { code: server.sms.last(s0.body.challengeId) } });
    const m1 = await onMock(`/cities/aksu/verification/${m0.body.challengeId}/confirm`, { code: '123456' });
    assert.deepEqual(shape(m1.status, m1.body), shape(s1.status, s1.body), 'confirmed once voting closed');
    assert.equal(s1.body.code, 'phase_closed');
    const s2 = await call(server.app, 'POST', '/cities/aksu/verification', { body: start });
    const m2 = await onMock('/cities/aksu/verification', start);
    assert.deepEqual(shape(m2.status, m2.body), shape(s2.status, s2.body), 'started once voting closed');
    assert.equal(s2.body.code, 'phase_closed');
  } finally {
    phoneMock.state.setPhase('aksu', 'voting');
    server.close();
  }
});

test('verification confirmed once the city’s next cycle has begun: refused alike, whole (phase_closed, “the cycle changed”), after the code is checked', async () => {
  // The server: Aksu's next cycle opens its submission two minutes into the voting of this one (the code is still good then).
  const next = '2026-09-10T10:02:00+05:00';
  const server = testServer({
    now: AT.aksu.voting,
    edit: (f) => {
      const aksu = f.cities.find((c) => c.slug === 'aksu')!;
      const phases = { submission: { start: next, end: '2026-10-31' }, review: { start: '2026-11-01', end: '2026-11-30' }, voting: { start: '2026-12-01', end: '2026-12-15' }, results: { start: '2026-12-16', end: '2026-12-31' }, implementation: { start: '2027-01-01', end: '2027-12-31' } };
      aksu.cycles.push({ ...structuredClone(aksu.cycles.at(-1)!), id: 'aksu-2027', phases });
    },
  });
  const onMock = async (path: string, body: unknown) => {
    const res = await fetch(`${PHONE_MOCK}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  try {
    const start = { cycleId: 'aksu-2026', iin: adultIins(1, 470)[0]!, phone: '+77015550470' };
    const s0 = await call(server.app, 'POST', '/cities/aksu/verification', { body: start });
    const m0 = await onMock('/cities/aksu/verification', start);
    assert.equal(s0.status, 201, s0.text);
    assert.deepEqual(shape(m0.status, m0.body), shape(s0.status, s0.body), 'started while voting');
    // The next cycle becomes the current one before the code is typed (the mock's, as the end-times tests change it).
    server.setNow(new Date(Date.parse(next) + 60_000).toISOString());
    phoneMock.state.setPhase('aksu', 'submission');
    phoneMock.state.configs.get('aksu')!.cycle.id = 'aksu-2027';
    assert.equal((await call(server.app, 'GET', '/cities/aksu')).body.cycle.id, 'aksu-2027', 'the server’s current cycle is the next one');
    const confirm = async (code: string | undefined, mockCode: string | undefined) => {
      const s = await call(server.app, 'POST', `/cities/aksu/verification/${s0.body.challengeId}/confirm`, { body: code === undefined ? {} : { code } });
      const m = await onMock(`/cities/aksu/verification/${m0.body.challengeId}/confirm`, mockCode === undefined ? {} : { code: mockCode });
      return { s: { status: s.status, body: s.body }, m, server: shape(s.status, s.body), mock: shape(m.status, m.body) };
    };
    // The fields and the code are checked first: a wrong one is wrong, whatever the cycle.
    const right = server.sms.last(s0.body.challengeId);
    const missing = await confirm(undefined, undefined);
    assert.deepEqual(missing.mock, missing.server, 'no code');
    assert.equal(missing.s.status, 400);
    const wrong = await confirm(right === '000000' ? '111111' : '000000', '000000');
    assert.deepEqual(wrong.mock, wrong.server, 'a wrong code');
    assert.equal(wrong.server.code, 'code_invalid');
    const changed = await confirm(right, '123456');
    assert.deepEqual(changed.s, { status: 403, body: { code: 'phase_closed', message: 'the cycle changed; start again' } });
    assert.deepEqual({ status: changed.m.status, body: changed.m.body }, changed.s, 'the right code, for the cycle before');
  } finally {
    phoneMock.state.setPhase('aksu', 'voting');
    server.close();
  }
});

test('a new code asked for too soon, or for an unknown challenge (residents and authors): refused alike, with the wait', async () => {
  const s = testServer({ now: AT.aksu.submission });
  try {
    // An author with a proposal on both sides (else no code is sent, and none can be asked for again).
    const photo = await call(s.app, 'POST', '/cities/aksu/photos?name=a.png', { raw: demoPng(8, 8, [1, 2, 3]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' });
    assert.equal((await call(s.app, 'POST', '/cities/aksu/proposals', { key: newKey(), body: proposalBody(photo.body.id, '+77071234567') })).status, 201);
    mock.state.authors.set(mock.state.proposals.get('aksu')![0]!.id, '+77071234567');
    // Residents on this file's voter-list server (in voting), authors on this one.
    for (const [who, app, start, body] of [
      ['resident', t.app, '/cities/aksu/verification', { cycleId: 'aksu-2026', iin: listed }],
      ['author', s.app, '/cities/aksu/authors/verification', { phone: '+77071234567' }],
    ] as const) {
      const server = await call(app, 'POST', start, { body });
      const mocked = await (await fetch(`${MOCK}${start}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
      assert.equal(server.status, 201, `${who}: ${server.text}`);
      const again = async (id: string, onServer: boolean) => {
        if (onServer) {
          const r = await call(app, 'POST', `${start}/${id}/resend`, { body: {} });
          return { shape: shape(r.status, r.body), retryAfter: r.headers.get('retry-after') };
        }
        const r = await fetch(`${MOCK}${start}/${id}/resend`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        return { shape: shape(r.status, await r.json()), retryAfter: r.headers.get('retry-after') };
      };
      const [soonS, soonM] = [await again(server.body.challengeId, true), await again(mocked.challengeId, false)];
      assert.deepEqual(soonM.shape, soonS.shape, `${who}: too soon`);
      assert.equal(soonS.shape.status, 429);
      assert.ok(Number(soonS.retryAfter) > 0 && Number(soonM.retryAfter) > 0, `${who}: the wait is said`);
      assert.deepEqual((await again('ch_nope', false)).shape, (await again('ch_nope', true)).shape, `${who}: unknown`);
    }
  } finally {
    s.close();
  }
});

test('progress of the funded projects (#11): the mock answers as the server does', async () => {
  const get = async (path: string) => {
    const s = await call(t.app, 'GET', path);
    const res = await fetch(`${MOCK}${path}`);
    const m = (res.headers.get('content-type') ?? '').includes('json') ? await res.json() : await res.text();
    return { server: shape(s.status, s.body), mock: shape(res.status, m), serverBody: s.body, mockBody: m };
  };
  const cases = [
    '/cities/aksu/progress',
    '/cities/aksu/progress?cycle=aksu-2026',
    '/cities/aksu/progress?cycle=nope-2020',
    '/cities/aksu/progress?cycle=%3Cx%3E',
    '/cities/aksu/progress?sort=votes',
    '/cities/aksu/progress/nope',
    '/cities/aksu/progress/nope/feed.atom',
    '/cities/nowhere/progress',
  ];
  for (const path of cases) {
    const r = await get(path);
    assert.deepEqual(r.mock, r.server, path);
    if (r.server.status === 200) {
      assert.ok(ProgressList.safeParse(r.mockBody).success, `${path}: the mock's answer is a ProgressList`);
      if (path.includes('cycle=')) assert.deepEqual(r.mockBody.cycles.map((c: { id: string }) => c.id), r.serverBody.cycles.map((c: { id: string }) => c.id), path);
    }
  }
  const feed = await fetch(`${MOCK}/cities/aksu/progress/feed.atom`);
  assert.equal(feed.headers.get('content-type'), (await t.app.request('http://localhost/api/v1/cities/aksu/progress/feed.atom')).headers.get('content-type'));
});

test('authors’ "My proposals" (#13): the mock answers as the server does', async () => {
  const s = testServer({ now: AT.aksu.review });
  const ask = async (method: string, path: string, body?: unknown, token?: string) => {
    const server = await call(s.app, method, path, { ...(body !== undefined ? { body } : {}), ...(token ? { token } : {}) });
    const res = await fetch(`${MOCK}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const m = await res.json().catch(() => null);
    return { server: shape(server.status, server.body), mock: shape(res.status, m), serverBody: server.body, mockBody: m };
  };
  try {
    for (const [what, body] of [
      ['no phone', {}],
      ['not a phone', { phone: '12345' }],
      ['an unknown field', { phone: '+77071234567', iin: '791028302728' }],
    ] as const) {
      const r = await ask('POST', '/cities/aksu/authors/verification', body);
      assert.deepEqual(r.mock, r.server, what);
    }
    const started = await ask('POST', '/cities/aksu/authors/verification', { phone: '8 707 123 45 67' });
    assert.deepEqual(started.mock, started.server, 'a phone is accepted');
    assert.deepEqual(Object.keys(started.mockBody).sort(), Object.keys(started.serverBody).sort());
    assert.equal(started.mockBody.phoneHint, started.serverBody.phoneHint);
    // Each side's own challenge: a wrong code, a malformed one, an unknown challenge.
    const confirmBoth = async (body: unknown, ids = [started.serverBody.challengeId, started.mockBody.challengeId]) => {
      const server = await call(s.app, 'POST', `/cities/aksu/authors/verification/${ids[0]}/confirm`, { body });
      const res = await fetch(`${MOCK}/cities/aksu/authors/verification/${ids[1]}/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { server: shape(server.status, server.body), mock: shape(res.status, await res.json()) };
    };
    for (const [what, body] of [['wrong code', { code: '000001' }], ['malformed code', { code: 'abc' }], ['no code', {}]] as const) {
      const r = await confirmBoth(body);
      assert.deepEqual(r.mock, r.server, what);
    }
    const unknown = await confirmBoth({ code: '123456' }, ['ch_nope', 'ch_nope']);
    assert.deepEqual(unknown.mock, unknown.server, 'unknown challenge');
    for (const [what, token] of [['no session', undefined], ['a session that is not one', 'at_AAAAAAAAAAAAAAAAAAAAAAAA']] as const) {
      const list = await ask('GET', '/cities/aksu/authors/proposals', undefined, token);
      assert.deepEqual(list.mock, list.server, `list: ${what}`);
      const resubmit = await ask('POST', '/cities/aksu/authors/proposals/p_x/resubmit', {}, token);
      assert.deepEqual(resubmit.mock, resubmit.server, `resubmit: ${what}`);
    }
  } finally {
    s.close();
  }
});

/**
 * An author whose proposal was sent back for changes, signed in on both sides: on a server of its own (which the
 * caller closes) and on a mock of its own at `base`.
 */
async function authorSentBack(base: string) {
  const s = testServer({ now: AT.aksu.submission });
  const reviewing = createMockApi({ base, phase: 'review', code: '123456' });
  msw.use(...reviewing.handlers);
  const PHONE = '+77071234567';
  try {
    // The server: a proposal sent back for changes, its author signed in.
    const photo = await call(s.app, 'POST', '/cities/aksu/photos?name=a.png', { raw: demoPng(8, 8, [1, 2, 3]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' });
    const submitted = await call(s.app, 'POST', '/cities/aksu/proposals', { key: newKey(), body: proposalBody(photo.body.id, PHONE) });
    assert.equal(submitted.status, 201, submitted.text);
    s.setNow(AT.aksu.review);
    assert.equal((await call(s.app, 'POST', `/admin/cities/aksu/proposals/${submitted.body.id}/status`, { token: s.adminTokens['aksu-centre'], body: { status: 'needs_changes', note: 'Уточните место.' } })).status, 200);
    const started = await call(s.app, 'POST', '/cities/aksu/authors/verification', { body: { phone: PHONE } });
    const token: string = (await call(s.app, 'POST', `/cities/aksu/authors/verification/${started.body.challengeId}/confirm`, { body: { code: s.sms.last(started.body.challengeId) } })).body.token;
    // The mock: one of its proposals, the author's, sent back.
    const list = reviewing.state.proposals.get('aksu')!;
    const cycleId = reviewing.state.configs.get('aksu')!.cycle.id;
    list[0] = { ...list[0]!, cycleId, status: 'needs_changes' };
    reviewing.state.authors.set(list[0].id, PHONE);
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const mockStart = await (await post('/cities/aksu/authors/verification', { phone: PHONE })).json();
    const mockToken: string = (await (await post(`/cities/aksu/authors/verification/${mockStart.challengeId}/confirm`, { code: '123456' })).json()).token;
    return { s, submitted, token, list, mockToken, post };
  } catch (e) {
    s.close();
    throw e;
  }
}

/** A proposal as its edit: what a resubmission sends. */
const editOf = (p: { title: string; description: string; category: string; address: string; estimatedCost: number; authorName: string; photos: { id: string }[] }, title = p.title) => ({
  title,
  description: p.description,
  category: p.category,
  address: p.address,
  estimatedCost: p.estimatedCost,
  photos: p.photos.map((ph) => ph.id),
  authorName: p.authorName,
});

test('authors’ resubmission under an Idempotency-Key: the mock keeps and replays it as the server does', async () => {
  const base = 'http://mock-authors.test/api/v1';
  const { s, submitted, token, list, mockToken, post } = await authorSentBack(base);
  try {
    const ask = async (key: string | undefined, title?: string) => {
      const server = await call(s.app, 'POST', `/cities/aksu/authors/proposals/${submitted.body.id}/resubmit`, { token, ...(key ? { key } : {}), body: editOf(submitted.body, title) });
      const res = await post(`/cities/aksu/authors/proposals/${list[0]!.id}/resubmit`, editOf(list[0]!, title), { authorization: `Bearer ${mockToken}`, ...(key ? { 'idempotency-key': key } : {}) });
      const m = await res.json();
      return { server: shape(server.status, server.body), mock: shape(res.status, m), serverBody: server.body, mockBody: m };
    };
    const key = newKey();
    const cases: [string, string | undefined, string?][] = [
      ['no key', undefined],
      ['a malformed key', 'short'],
      ['the first send', key, 'Скамейки у школы номер 3, у входа'],
      ['its answer lost, sent again', key, 'Скамейки у школы номер 3, у входа'],
      ['another text under that key', key, 'Скамейки у школы номер 3, у двери'],
      ['a new key once under review', newKey(), 'Скамейки у школы номер 3, у входа'],
    ];
    const answers = [];
    for (const [what, k, title] of cases) {
      const r = await ask(k, title);
      assert.deepEqual(r.mock, r.server, what);
      answers.push(r);
    }
    assert.deepEqual(answers.map((a) => a.server.status), [400, 400, 200, 200, 422, 409]);
    for (const side of ['serverBody', 'mockBody'] as const) assert.deepEqual(answers[3]![side], answers[2]![side], `${side}: the same answer again`);
  } finally {
    s.close();
  }
});

test('an author’s resubmission keeps the history within 100 entries: the first (the submission) stays and the oldest after it makes room, alike', async () => {
  const base = 'http://mock-authors-history.test/api/v1';
  const { s, submitted, token, list, mockToken, post } = await authorSentBack(base);
  try {
    // On each side the proposal sent back has a full history: its first entry, then 99 notes of the council.
    const notes = Array.from({ length: 99 }, (_, i) => ({ status: 'needs_changes' as const, at: '2026-06-01T10:00:00+05:00', note: `№${i + 1}` }));
    const p = (await s.store.getProposal('aksu', submitted.body.id))!;
    assert.ok(await s.store.updateProposals([{ ...p, history: [p.history[0]!, ...notes] }], { at: s.now().toISOString(), city: 'aksu', actor: 'test', action: 'test.history', target: p.id, details: {} }));
    list[0] = { ...list[0]!, history: [list[0]!.history[0]!, ...notes] };
    const server = await call(s.app, 'POST', `/cities/aksu/authors/proposals/${submitted.body.id}/resubmit`, { token, key: newKey(), body: editOf(submitted.body) });
    const res = await post(`/cities/aksu/authors/proposals/${list[0].id}/resubmit`, editOf(list[0]), { authorization: `Bearer ${mockToken}`, 'idempotency-key': newKey() });
    const mock = await res.json();
    assert.deepEqual([server.status, res.status], [200, 200], `${server.text} / ${JSON.stringify(mock)}`);
    const entries = (body: { history: StatusChange[] }) => body.history.map((h) => h.note ?? h.status);
    const expected = ['submitted', ...Array.from({ length: 98 }, (_, i) => `№${i + 2}`), 'under_review'];
    assert.deepEqual(entries(server.body), expected, 'the server’s');
    assert.deepEqual(entries(mock), expected, 'the mock’s');
  } finally {
    s.close();
  }
});

test('a photo taken out in a resubmission is gone: putting it back is refused alike, and so is a photo twice', async () => {
  const base = 'http://mock-authors-photos.test/api/v1';
  const { s, submitted, token, list, mockToken, post } = await authorSentBack(base);
  try {
    const png = demoPng(8, 8, [4, 5, 6]) as Uint8Array<ArrayBuffer>;
    const fresh = (await call(s.app, 'POST', '/cities/aksu/authors/photos?name=b.png', { raw: png, contentType: 'image/png', token })).body.id as string;
    const mockFresh = (await (await fetch(`${base}/cities/aksu/authors/photos?name=b.png`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: `Bearer ${mockToken}` }, body: png })).json()).id as string;
    const sides = {
      server: { id: submitted.body.id as string, old: submitted.body.photos[0].id as string, fresh, base: editOf(submitted.body) },
      mock: { id: list[0]!.id, old: list[0]!.photos[0]!.id, fresh: mockFresh, base: editOf(list[0]!) },
    };
    const resubmit = async (photos: (side: typeof sides.server) => string[]) => {
      const server = await call(s.app, 'POST', `/cities/aksu/authors/proposals/${sides.server.id}/resubmit`, { token, key: newKey(), body: { ...sides.server.base, photos: photos(sides.server) } });
      const res = await post(`/cities/aksu/authors/proposals/${sides.mock.id}/resubmit`, { ...sides.mock.base, photos: photos(sides.mock) }, { authorization: `Bearer ${mockToken}`, 'idempotency-key': newKey() });
      return { server: shape(server.status, server.body), mock: shape(res.status, await res.json()) };
    };
    const sentBack = async () => {
      assert.equal((await call(s.app, 'POST', `/admin/cities/aksu/proposals/${sides.server.id}/status`, { token: s.adminTokens['aksu-centre'], body: { status: 'needs_changes', note: 'Уточните место.' } })).status, 200);
      const i = list.findIndex((p) => p.id === sides.mock.id);
      list[i] = { ...list[i]!, status: 'needs_changes' };
    };
    // The same photo twice: refused, with no issue of its own (as a submission's).
    const twice = await resubmit((x) => [x.old, x.old]);
    assert.deepEqual(twice.mock, twice.server, 'a photo twice');
    assert.deepEqual(twice.server, { status: 400, code: 'validation_failed', issues: [] });
    for (const [what, photos] of [
      ['a new photo added', (x: typeof sides.server) => [x.old, x.fresh]],
      ['the new photo taken out again', (x: typeof sides.server) => [x.old]],
    ] as const) {
      const r = await resubmit(photos);
      assert.deepEqual(r.mock, r.server, what);
      assert.equal(r.server.status, 200, what);
      await sentBack();
    }
    const back = await resubmit((x) => [x.old, x.fresh]);
    assert.deepEqual(back.mock, back.server, 'the photo taken out, put back');
    assert.deepEqual(back.server, { status: 400, code: 'validation_failed', issues: ['photos.1:photos.unknown'] });
  } finally {
    s.close();
  }
});

test('a resubmission’s body is read before its session: a stranger’s malformed body is refused as malformed, on the mock as on the server', async () => {
  const base = 'http://mock-authors-body.test/api/v1';
  const { s, submitted, token, list, mockToken } = await authorSentBack(base);
  try {
    const ask = async (raw: string, contentType: string, tokens?: [string, string]) => {
      const server = await call(s.app, 'POST', `/cities/aksu/authors/proposals/${submitted.body.id}/resubmit`, { raw, contentType, key: newKey(), ...(tokens ? { token: tokens[0] } : {}) });
      const res = await fetch(`${base}/cities/aksu/authors/proposals/${list[0]!.id}/resubmit`, {
        method: 'POST',
        headers: { 'content-type': contentType, 'idempotency-key': newKey(), ...(tokens ? { authorization: `Bearer ${tokens[1]}` } : {}) },
        body: raw,
      });
      return { server: shape(server.status, server.body), mock: shape(res.status, await res.json()) };
    };
    const notOne: [string, string] = ['at_AAAAAAAAAAAAAAAAAAAAAAAA', 'at_AAAAAAAAAAAAAAAAAAAAAAAA'];
    const valid = JSON.stringify(editOf(submitted.body));
    const cases: [string, string, string, [string, string] | undefined, number][] = [
      ['malformed JSON, no session', '{"title": ', 'application/json', undefined, 400],
      ['malformed JSON, a session that is not one', '{"title": ', 'application/json', notOne, 400],
      ['malformed JSON, signed in', '{"title": ', 'application/json', [token, mockToken], 400],
      ['not JSON, no session', valid, 'text/plain', undefined, 415],
      ['a valid body, no session', valid, 'application/json', undefined, 401],
      ['a valid body, a session that is not one', valid, 'application/json', notOne, 401],
    ];
    for (const [what, raw, type, tokens, status] of cases) {
      const r = await ask(raw, type, tokens);
      assert.deepEqual(r.mock, r.server, what);
      assert.equal(r.server.status, status, what);
    }
  } finally {
    s.close();
  }
});

test('residence (Rudny): refused before any code is sent, alike', async () => {
  t.setNow(AT.rudny.voting);
  try {
    const cases: [string, unknown][] = [
      ['no location', { cycleId: 'rudny-2026', iin: listed, phone: '+77010000001' }],
      ['outside the city', { cycleId: 'rudny-2026', iin: listed, phone: '+77010000001', location: OUTSIDE }],
    ];
    for (const [what, body] of cases) {
      const sent = t.sms.sent.length;
      const r = await both('POST', '/cities/rudny/verification', body);
      assert.deepEqual(r.mock, r.server, what);
      assert.ok(r.server.status >= 400, `${what}: refused`);
      assert.equal(t.sms.sent.length, sent, `${what}: no code sent`);
    }
  } finally {
    t.setNow(AT.aksu.voting);
  }
});

test('paper ballots in the project centre (#13): the centre’s mock refuses and accepts as the server does', async () => {
  const now = new Date();
  const s = await demoServer(now);
  const token = s.adminTokens['aksu-centre']!;
  const ADMIN = 'http://admin.test/api/v1';
  const REVIEW = 'http://admin-review.test/api/v1';
  const voting = createAdminMock({ base: ADMIN, now: now.getTime(), phase: 'voting' });
  const review = createAdminMock({ base: REVIEW, now: now.getTime(), phase: 'review' });
  msw.use(...voting.handlers, ...review.handlers);
  const PATH = '/admin/cities/aksu/paper-ballots';
  try {
    const serverProjects = (await call(s.app, 'GET', '/admin/cities/aksu/proposals?limit=500', { token })).body.items.filter((p: any) => p.status === 'on_ballot' && p.poolId === 'city');
    const mockProjects = voting.state.proposals.filter((p) => p.status === 'on_ballot' && p.poolId === 'city');
    assert.ok(serverProjects.length >= 4 && mockProjects.length >= 4, 'both have four projects on the ballot');
    // The same ballot on each side, with that side's project ids.
    const ballot = (side: 'server' | 'mock', picks: number[], extra: Record<string, unknown> = {}) => ({
      choices: [{ poolId: 'city', picks: picks.map((i) => ({ projectId: (side === 'server' ? serverProjects : mockProjects)[i]!.id, ...extra })) }],
    });
    const body = (side: 'server' | 'mock', ballots: unknown[], over: Record<string, unknown> = {}) => ({ cycleId: 'aksu-2026', desk: 'Библиотека № 1', ballots, ...over });
    const both = async (what: string, make: (side: 'server' | 'mock') => unknown, o: { key?: string | null; auth?: boolean; mockBase?: string } = {}) => {
      const key = o.key === undefined ? newKey() : o.key;
      const server = await call(s.app, 'POST', PATH, { body: make('server'), ...((o.auth ?? true) ? { token } : {}), ...(key !== null ? { key } : {}) });
      const res = await fetch(`${o.mockBase ?? ADMIN}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...((o.auth ?? true) ? { authorization: `Bearer ${MOCK_ADMIN_TOKEN}` } : {}), ...(key !== null ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify(make('mock')),
      });
      const m = await res.json().catch(() => null);
      const r = { server: shape(server.status, server.body), mock: shape(res.status, m), serverBody: server.body, mockBody: m };
      assert.deepEqual(r.mock, r.server, what);
      return r;
    };
    await both('no credential', (side) => body(side, [ballot(side, [0])]), { auth: false });
    await both('no Idempotency-Key', (side) => body(side, [ballot(side, [0])]), { key: null });
    await both('a malformed Idempotency-Key', (side) => body(side, [ballot(side, [0])]), { key: 'short' });
    await both('no ballots', (side) => body(side, []));
    await both('no desk', (side) => ({ cycleId: 'aksu-2026', ballots: [ballot(side, [0])] }));
    await both('an unknown field', (side) => body(side, [ballot(side, [0])], { extra: 1 }));
    await both('another cycle', (side) => body(side, [ballot(side, [0])], { cycleId: 'aksu-2025' }));
    await both('an unknown project', () => body('server', [{ choices: [{ poolId: 'city', picks: [{ projectId: 'p_nope' }] }] }]));
    await both('an unknown pool', (side) => body(side, [{ choices: [{ poolId: 'nowhere', picks: ballot(side, [0]).choices[0]!.picks }] }]));
    await both('the second ballot has four where the rule allows three', (side) => body(side, [ballot(side, [0]), ballot(side, [0, 1, 2, 3])]));
    await both('a blank paper', () => body('server', [{ choices: [{ poolId: 'city', picks: [] }] }]));
    await both('points on an approval ballot', (side) => body(side, [ballot(side, [0], { points: 2 })]));
    await both('a project twice', (side) => body(side, [ballot(side, [1, 1])]));
    s.setNow(new Date(now.getTime() - 5 * 86_400_000).toISOString());
    const early = await both('before voting', (side) => body(side, [ballot(side, [0])]), { mockBase: REVIEW });
    assert.equal(early.server.code, 'phase_closed');
    s.setNow(now.toISOString());
    const key = newKey();
    const ok = await both('a batch of two', (side) => body(side, [ballot(side, [0, 1]), ballot(side, [2])]), { key });
    assert.equal(ok.server.status, 201);
    assert.equal(ok.mockBody.receipts.length, ok.serverBody.receipts.length);
    const again = await both('the same batch again, same key', (side) => body(side, [ballot(side, [0, 1]), ballot(side, [2])]), { key });
    assert.deepEqual(again.mockBody, ok.mockBody, 'the mock replays its answer');
    assert.deepEqual(again.serverBody, ok.serverBody, 'the server replays its answer');
    await both('the same key, another batch', (side) => body(side, [ballot(side, [3])]), { key });
    assert.equal(voting.state.paperBallots.length, 2, 'the mock entered the batch once');
    const mockResults = await (await fetch(`${ADMIN}/admin/cities/aksu/results`, { headers: { authorization: `Bearer ${MOCK_ADMIN_TOKEN}` } })).json();
    assert.ok(Results.safeParse(mockResults).success, 'the mock’s results are Results');
    assert.equal(mockResults.turnout.paper, 2);
    const stored = (await s.store.countedBallots('aksu', 'aksu-2026')).filter((b) => b.channel === 'paper');
    assert.equal(stored.length, 2, 'the server entered the batch once');
  } finally {
    s.close();
  }
});

test('paper ballots where the budget has district pools: the centre’s mock asks for the district as the server does', async () => {
  const townPool = { id: 'town-pool', name: { kk: 'Қала', ru: 'Город', en: 'Town' }, budget: 40_000_000, scope: { kind: 'district' as const, districts: ['town'] } };
  const s = testServer({ now: AT.aksu.voting, edit: (f) => void f.cities.find((c) => c.slug === 'aksu')!.cycles.at(-1)!.pools.push(townPool) });
  const ADMIN = 'http://admin-paper-district.test/api/v1';
  const mock = createAdminMock({ base: ADMIN, phase: 'voting' });
  mock.state.config.cycle.pools.push({ ...townPool, scope: { kind: 'district', districts: [mock.state.config.city.districts[0]!.id] } });
  msw.use(...mock.handlers);
  try {
    const both = async (what: string, district: string | undefined) => {
      const body = (cycleId: string) => ({ cycleId, desk: 'Библиотека № 1', ...(district ? { district } : {}), ballots: [{ choices: [{ poolId: 'city', picks: [{ projectId: 'p_any' }] }] }] });
      const server = await call(s.app, 'POST', '/admin/cities/aksu/paper-ballots', { token: s.adminTokens['aksu-centre'], key: newKey(), body: body('aksu-2026') });
      const res = await fetch(`${ADMIN}/admin/cities/aksu/paper-ballots`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${MOCK_ADMIN_TOKEN}`, 'idempotency-key': newKey() },
        body: JSON.stringify(body(mock.state.config.cycle.id)),
      });
      const answer = shape(server.status, server.body);
      assert.deepEqual(shape(res.status, await res.json()), answer, what);
      return answer;
    };
    assert.deepEqual(await both('no district', undefined), { status: 400, code: 'validation_failed', issues: ['district:paper.district_required'] });
    assert.deepEqual(await both('a district the city does not have', 'atlantis'), { status: 400, code: 'validation_failed', issues: ['district:district.unknown'] });
  } finally {
    s.close();
  }
});

test('a merge that touches the ballot once voting has started: the centre’s mock refuses it as the server does; others still merge', async () => {
  const now = new Date();
  const s = await demoServer(now);
  const token = s.adminTokens['aksu-centre']!;
  const ADMIN = 'http://admin-merge.test/api/v1';
  const voting = createAdminMock({ base: ADMIN, now: now.getTime(), phase: 'voting' });
  msw.use(...voting.handlers);
  try {
    const serverList = (await call(s.app, 'GET', '/admin/cities/aksu/proposals?limit=500', { token })).body.items as { id: string; status: string; poolId?: string }[];
    const mockList = voting.state.proposals;
    const pick = (list: readonly { id: string; status: string; poolId?: string }[]) => {
      const onBallot = list.filter((p) => p.poolId !== undefined);
      const off = list.filter((p) => p.poolId === undefined && p.status !== 'merged' && p.status !== 'withdrawn');
      assert.ok(onBallot.length >= 2 && off.length >= 3, 'two on the ballot and three off it');
      return { onBallot, off };
    };
    const sides = { server: pick(serverList), mock: pick(mockList) };
    const both = async (what: string, from: (p: typeof sides.server) => string, into: (p: typeof sides.server) => string) => {
      const body = (side: 'server' | 'mock') => ({ into: into(sides[side]), note: 'Повтор' });
      const server = await call(s.app, 'POST', `/admin/cities/aksu/proposals/${from(sides.server)}/merge`, { token, body: body('server') });
      const res = await fetch(`${ADMIN}/admin/cities/aksu/proposals/${from(sides.mock)}/merge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${MOCK_ADMIN_TOKEN}` },
        body: JSON.stringify(body('mock')),
      });
      const answer = shape(server.status, server.body);
      assert.deepEqual(shape(res.status, await res.json()), answer, what);
      return answer;
    };
    assert.deepEqual(await both('on the ballot into another on it', (p) => p.onBallot[0]!.id, (p) => p.onBallot[1]!.id), { status: 403, code: 'phase_closed' });
    assert.deepEqual(await both('off the ballot into one on it', (p) => p.off[0]!.id, (p) => p.onBallot[0]!.id), { status: 403, code: 'phase_closed' });
    assert.equal((await both('off the ballot into another off it', (p) => p.off[1]!.id, (p) => p.off[2]!.id)).status, 200);
  } finally {
    s.close();
  }
});

test('staff sign-in with the city’s provider (#13): the centre’s mock refuses the start as the server does', async () => {
  process.env.QALA_TEST_PARITY_OIDC_SECRET = 'parity-secret';
  const oidc = testServer({
    now: AT.aksu.review,
    // Nothing listens there: every case below is refused before the provider is asked.
    identity: { method: 'oidc', provider: { kk: 'eGov', ru: 'eGov', en: 'eGov' }, issuer: 'http://127.0.0.1:9/', clientId: 'qala-aksu', clientSecret: 'env:QALA_TEST_PARITY_OIDC_SECRET', claim: 'iin' },
  });
  const plain = testServer({ now: AT.aksu.review });
  const WITH = 'http://localhost/api/v1';
  const WITHOUT = 'http://plain.test/api/v1';
  msw.use(...createAdminMock({ base: WITH, staff: true, identity: 'oidc' }).handlers, ...createAdminMock({ base: WITHOUT, staff: true }).handlers);
  const PATH = '/admin/cities/aksu/sign-in/oidc';
  const both = async (what: string, server: TestServer, base: string, body: unknown) => {
    const s = await call(server.app, 'POST', PATH, { body });
    const res = await fetch(`${base}${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const m = shape(res.status, await res.json().catch(() => null));
    assert.deepEqual(m, shape(s.status, s.body), what);
    assert.ok(s.status >= 400, `${what}: refused`);
  };
  try {
    await both('a city without a provider', plain, WITHOUT, { returnTo: 'http://plain.test/centre/', mode: 'popup' });
    await both('not a mode', oidc, WITH, { returnTo: 'http://localhost/centre/', mode: 'tab' });
    await both('not a URL', oidc, WITH, { returnTo: 'centre', mode: 'popup' });
    await both('an unknown field', oidc, WITH, { returnTo: 'http://localhost/centre/', mode: 'popup', extra: 1 });
    await both('a page of another site', oidc, WITH, { returnTo: 'https://evil.example/centre/', mode: 'popup' });
  } finally {
    oidc.close();
    plain.close();
  }
});

test('staff sign-in with the city’s provider: confirming needs the proof the callback handed the browser; an invitation then needs the code sent to the invited contact; sent back again once used, the sign-in is reported expired and no proof is handed out — on the mock as on the server', async () => {
  const CALLBACK = 'http://localhost/api/v1/admin/oidc/callback';
  const [iin] = adultIins(1, 1700);
  const account = { login: 'parity-expert', password: 'pw-parity' };
  const provider = await startDevProvider({ clients: [{ clientId: 'qala-aksu', clientSecret: 'parity-secret', redirectUris: [CALLBACK] }], accounts: [{ ...account, claims: { iin: iin! } }] });
  process.env.QALA_TEST_PARITY_OIDC_SECRET = 'parity-secret';
  const server = testServer({
    now: AT.aksu.review,
    identity: { method: 'oidc', provider: { kk: 'eGov', ru: 'eGov', en: 'eGov' }, issuer: provider.issuer, clientId: 'qala-aksu', clientSecret: 'env:QALA_TEST_PARITY_OIDC_SECRET', claim: 'iin' },
  });
  const BASE = 'http://localhost/api/v1';
  const centre = createAdminMock({ base: BASE, staff: true, identity: 'oidc' });
  // The server and this test's browser talk to the real provider, past msw.
  msw.use(...centre.handlers, http.all(`${new URL(provider.issuer).origin}/*`, () => passthrough()));
  const A = '/admin/cities/aksu/sign-in';
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${BASE}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  /** What a success is: a session, or the code step (with its challenge's channel and attempts). */
  const answered = (body: unknown) => {
    if (StaffSession.safeParse(body).success) return 'session';
    const step = StaffCodeStep.parse(body);
    return `${step.next}:${step.challenge.channel}:${step.challenge.attemptsLeft}`;
  };
  const what = (status: number, body: any) => ({
    ...shape(status, body),
    ...(status === 200 ? { answer: answered(body) } : {}),
    ...(body?.details?.attemptsLeft !== undefined ? { attemptsLeft: body.details.attemptsLeft } : {}),
  });
  try {
    // Each side invites the same person and accepts the invitation through the provider.
    const person = { name: 'Parity', organisation: 'Akimat', role: 'expert', contact: '+77016660044' };
    const inv = await call(server.app, 'POST', '/admin/cities/aksu/staff', { token: server.adminTokens['aksu-centre'], body: person });
    const mockInv = await post('/admin/cities/aksu/staff', person, MOCK_ADMIN_TOKEN);
    assert.equal(mockInv.status, inv.status);
    const start = { returnTo: 'http://localhost/centre/', mode: 'redirect' };
    const s = (await call(server.app, 'POST', `${A}/oidc`, { body: { ...start, inviteToken: inv.body.inviteToken } })).body;
    assert.ok(s.challengeId, JSON.stringify(s));
    const m = (await post(`${A}/oidc`, { ...start, inviteToken: mockInv.body.inviteToken })).body;
    const both = async (label: string, ids: { server: string; mock: string }, body: (side: 'server' | 'mock') => unknown, expect: number) => {
      const a = await call(server.app, 'POST', `${A}/${ids.server}/confirm`, { body: body('server') });
      const b = await post(`${A}/${ids.mock}/confirm`, body('mock'));
      assert.deepEqual(what(b.status, b.body), what(a.status, a.body), label);
      assert.equal(a.status, expect, `${label}: ${a.text}`);
      return { server: a.body, mock: b.body };
    };
    const ids = { server: s.challengeId as string, mock: m.challengeId as string };
    const none = { server: '', mock: '' };
    const confirm = (label: string, body: (proof: string) => unknown, proofs: { server: string; mock: string }, expect: number) => both(label, ids, (side) => body(proofs[side]), expect);
    await confirm('pending, no proof', () => ({}), none, 409);
    await confirm('pending, a malformed proof', () => ({ proof: 'not a proof!' }), none, 400);
    const back = await playSignIn(s.authorizationUrl, account, CALLBACK);
    const proofs = {
      server: (await handedBack(await server.app.request(back.href))).proof!,
      mock: mockOidcFinish(centre.state, m.challengeId, mockInv.body.member.id)!,
    };
    await confirm('finished, no proof (whoever started it, not the browser sent back)', () => ({}), proofs, 403);
    await confirm('finished, a wrong proof', () => ({ proof: 'x'.repeat(43) }), proofs, 403);
    await confirm('finished, a code instead', () => ({ code: '123456' }), proofs, 400);
    await confirm('finished, the proof and more', (proof) => ({ proof, extra: 1 }), proofs, 400);
    const step = await confirm('finished, the proof: the code step, no session', (proof) => ({ proof }), proofs, 200);
    const again = await confirm('the proof again', (proof) => ({ proof }), proofs, 404);
    assert.equal(again.mock.message, again.server.message, 'the proof again: the sign-in is gone, in the server’s words');
    // The provider sending the person back again once the sign-in is used (and so deleted): the server's callback
    // reports it expired and hands out no proof, and so does mockOidcFinish (null, as for a sign-in sent back too late).
    const replayed = await server.app.qala.staff.finishOidc(back);
    assert.deepEqual([replayed.outcome, replayed.proof, mockOidcFinish(centre.state, m.challengeId, mockInv.body.member.id)], ['expired', null, null], 'sent back again once used');
    assert.equal(step.server.contactHint, step.mock.contactHint);
    const codeIds = { server: step.server.challenge.challengeId as string, mock: step.mock.challenge.challengeId as string };
    const right = { server: server.sms.last(codeIds.server), mock: MOCK_STAFF_CODE };
    const wrong = { server: right.server === '000000' ? '111111' : '000000', mock: '000000' };
    await both('the code step, a wrong code', codeIds, (side) => ({ code: wrong[side] }), 422);
    await both('the code step, the proof instead', codeIds, (side) => ({ proof: proofs[side] }), 400);
    await both('the code step, the code', codeIds, (side) => ({ code: right[side] }), 200);
    await both('the code step again', codeIds, (side) => ({ code: right[side] }), 404);
    // Accepted: the provider alone signs the same person in from now on.
    const s2 = (await call(server.app, 'POST', `${A}/oidc`, { body: start })).body;
    const m2 = (await post(`${A}/oidc`, start)).body;
    const later = {
      server: (await handedBack(await server.app.request((await playSignIn(s2.authorizationUrl, account, CALLBACK)).href))).proof!,
      mock: mockOidcFinish(centre.state, m2.challengeId, mockInv.body.member.id)!,
    };
    await both('a later sign-in through the provider: a session at once', { server: s2.challengeId, mock: m2.challengeId }, (side) => ({ proof: later[side] }), 200);
  } finally {
    server.close();
    await provider.close();
  }
});

test('ballots and proposals: refusals carry the same status and code (the status comes from the contract, HTTP_STATUS_OF)', async () => {
  // A voter session on each side.
  const s = await call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId: 'aksu-2026', iin: listed } });
  const sc = await call(t.app, 'POST', `/cities/aksu/verification/${s.body.challengeId}/confirm`, { body: { code: t.sms.last(s.body.challengeId) } });
  assert.equal(sc.status, 200, sc.text);
  const post = (path: string, init: { body: unknown; token?: string; key?: string }) =>
    fetch(`${MOCK}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.key ? { 'idempotency-key': init.key } : {}) },
      body: JSON.stringify(init.body),
    });
  const ms = await (await post('/cities/aksu/verification', { body: { cycleId: 'aksu-2026', iin: listed } })).json();
  const mc = await (await post(`/cities/aksu/verification/${ms.challengeId}/confirm`, { body: { code: '123456' } })).json();
  assert.ok(mc.token, JSON.stringify(mc));
  const ballotCases: [string, unknown][] = [
    ['an unknown project', { cycleId: 'aksu-2026', choices: [{ poolId: 'city', picks: [{ projectId: 'no-such-project' }] }] }],
    ['no pool at all', { cycleId: 'aksu-2026', choices: [] }],
    ['an unknown field', { cycleId: 'aksu-2026', choices: [], extra: true }],
  ];
  for (const [what, body] of ballotCases) {
    const server = await call(t.app, 'POST', '/cities/aksu/ballots', { body, token: sc.body.token, key: newKey() });
    const res = await post('/cities/aksu/ballots', { body, token: mc.token, key: newKey() });
    assert.deepEqual(shape(res.status, await res.json()), shape(server.status, server.body), what);
    assert.ok(server.status >= 400 && server.status < 500, `${what}: refused with 4xx`);
    if (what === 'an unknown project') assert.equal(server.body.code, 'ballot_invalid');
  }
  // A proposal while voting runs: the submission phase is closed on both.
  const proposal = {
    title: 'Скамейки у школы №2',
    description: 'Поставить шесть скамеек и урны вдоль аллеи у школы.',
    category: 'yards',
    address: 'ул. Ленина, 10',
    estimatedCost: 1_000_000,
    photos: ['ph_parity'],
    authorName: 'Айгүл',
    phone: '+77011234567',
    consent: true,
  };
  const server = await call(t.app, 'POST', '/cities/aksu/proposals', { body: proposal, key: newKey() });
  const res = await post('/cities/aksu/proposals', { body: proposal, key: newKey() });
  assert.deepEqual(shape(res.status, await res.json()), shape(server.status, server.body), 'a proposal while voting');
  assert.equal(server.body.code, 'phase_closed');
});

test('a district on the voter list: the session says it, a ballot in another district’s pool is refused alike, and so is a voter removed from the list after confirming', async () => {
  // Each side: a city-wide pool, a pool of the listed voter's district (`home`) and one of another district (`away`).
  const pools = (home: string, away: string) => [
    { id: 'home', name: { kk: 'Үй', ru: 'Свой район', en: 'Home' }, budget: 40_000_000, scope: { kind: 'district' as const, districts: [home] } },
    { id: 'away', name: { kk: 'Басқа', ru: 'Другой район', en: 'Away' }, budget: 40_000_000, scope: { kind: 'district' as const, districts: [away] } },
  ];
  const s = testServer({ now: AT.aksu.submission, identity: 'example', edit: (f) => void f.cities.find((c) => c.slug === 'aksu')!.cycles.at(-1)!.pools.push(...pools('town', 'villages')) });
  const BASE = 'http://mock-district.test/api/v1';
  const [inDistrict] = DEMO_VOTERS[0]!;
  const [noDistrict] = DEMO_VOTERS[1]!;
  const [removedLater] = DEMO_VOTERS[2]!;
  const mockVoters = new Map(DEMO_VOTERS);
  const m = createMockApi({ base: BASE, identity: 'voter_list', code: '123456', voters: mockVoters, districts: new Map([[inDistrict, 'center']]) });
  const mockCycle = m.state.configs.get('aksu')!.cycle;
  mockCycle.pools.push(...pools('center', 'zharma'));
  const mockProjects = m.state.proposals.get('aksu')!;
  const mockIds = { home: 'aksu-1', away: 'aksu-3' };
  for (const [poolId, id] of Object.entries(mockIds)) mockProjects.find((p) => p.id === id)!.poolId = poolId;
  msw.use(...m.handlers);
  try {
    const serverIds: Record<string, string> = {};
    for (const [poolId, district] of [['home', 'town'], ['away', 'villages']] as const) {
      const photo = await call(s.app, 'POST', '/cities/aksu/photos?name=p.png', { raw: demoPng(8, 8, [10, 20, 30]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' });
      const p = await call(s.app, 'POST', '/cities/aksu/proposals', {
        key: newKey(),
        body: { title: `Скамейки в районе ${district}`, description: 'Подробное описание предложения для проверки.', category: 'improvement', district, address: 'ул. Ленина, 1', estimatedCost: 1_000_000, photos: [photo.body.id], authorName: 'Автор', phone: '+77015550000', consent: true },
      });
      assert.equal(p.status, 201, p.text);
      serverIds[poolId] = p.body.id;
    }
    s.setNow(AT.aksu.review);
    for (const [poolId, id] of Object.entries(serverIds))
      assert.equal((await call(s.app, 'POST', `/admin/cities/aksu/proposals/${id}/ballot`, { token: s.adminTokens['aksu-centre'], body: { poolId } })).status, 200);
    const csv = DEMO_VOTERS.map(([iin, phone]) => `${iin},${phone}${iin === inDistrict ? ',town' : ''}`).join('\n');
    assert.equal((await call(s.app, 'PUT', '/admin/cities/aksu/voter-list', { token: s.adminTokens['aksu-centre'], raw: csv, contentType: 'text/csv' })).status, 200);
    s.setNow(AT.aksu.voting);

    const session = async (iin: string) => {
      const st = await call(s.app, 'POST', '/cities/aksu/verification', { body: { cycleId: 'aksu-2026', iin } });
      const server = await call(s.app, 'POST', `/cities/aksu/verification/${st.body.challengeId}/confirm`, { body: { code: s.sms.last(st.body.challengeId) } });
      const send = (path: string, body: unknown) => fetch(`${BASE}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const mc = await (await send('/cities/aksu/verification', { cycleId: 'aksu-2026', iin })).json();
      const mock = await (await send(`/cities/aksu/verification/${mc.challengeId}/confirm`, { code: '123456' })).json();
      assert.equal(server.status, 200, server.text);
      return { server: server.body, mock };
    };
    const ballot = (side: 'server' | 'mock', picks: Record<string, ('home' | 'away')[]>) => ({
      cycleId: 'aksu-2026',
      choices: Object.entries(picks).map(([poolId, keys]) => ({ poolId, picks: keys.map((k) => ({ projectId: side === 'server' ? serverIds[k]! : mockIds[k] })) })),
    });
    const castBoth = async (tokens: { server: any; mock: any }, picks: Record<string, ('home' | 'away')[]>, what: string) => {
      const server = await call(s.app, 'POST', '/cities/aksu/ballots', { body: ballot('server', picks), token: tokens.server.token, key: newKey() });
      const res = await fetch(`${BASE}/cities/aksu/ballots`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.mock.token}`, 'idempotency-key': newKey() },
        body: JSON.stringify(ballot('mock', picks)),
      });
      const answer = shape(server.status, server.body);
      const mocked = await res.json();
      assert.deepEqual(shape(res.status, mocked), answer, what);
      if (server.status >= 400) assert.equal(mocked.message, server.body.message, `${what}: the server’s words`);
      return answer;
    };

    const withDistrict = await session(inDistrict);
    assert.equal(typeof withDistrict.server.district, 'string', 'the server says the district');
    assert.equal(typeof withDistrict.mock.district, 'string', 'the mock says the district');
    const refused = await castBoth(withDistrict, { away: ['away'] }, 'picks in another district’s pool');
    assert.deepEqual(refused, { status: 403, code: 'district_mismatch', issues: ['choices.0.poolId:ballot.pool_other_district'] });
    assert.equal((await castBoth(withDistrict, { home: ['home'], away: [] }, 'the own district, an empty choice elsewhere')).status, 201);

    const unlisted = await session(noDistrict);
    assert.ok(!('district' in unlisted.server) && !('district' in unlisted.mock), 'no district on the row, none said');
    assert.equal((await castBoth(unlisted, { home: ['home'], away: ['away'] }, 'no district: every pool')).status, 201);

    // Confirmed, then taken off the list by the project centre: the token is still within its time, the ballot is refused.
    const removed = await session(removedLater);
    const r = await call(s.app, 'POST', '/admin/cities/aksu/voter-list/remove', { token: s.adminTokens['aksu-centre'], raw: `${removedLater}\n`, contentType: 'text/csv' });
    assert.equal(r.status, 200, r.text);
    mockVoters.delete(removedLater);
    assert.deepEqual(await castBoth(removed, { home: ['home'], away: [] }, 'removed from the list after confirming'), { status: 403, code: 'not_eligible', issues: [':iin.not_listed'] });
  } finally {
    s.close();
  }
});

test('a refused request frees its Idempotency-Key: the corrected one sent with the same key is taken, on the mock as on the server', async () => {
  const s = await call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId: 'aksu-2026', iin: DEMO_VOTERS[1]![0] } });
  const sc = await call(t.app, 'POST', `/cities/aksu/verification/${s.body.challengeId}/confirm`, { body: { code: t.sms.last(s.body.challengeId) } });
  assert.equal(sc.status, 200, sc.text);
  const post = (path: string, body: unknown, token: string, key: string) =>
    fetch(`${MOCK}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key }, body: JSON.stringify(body) });
  const ms = await (await post('/cities/aksu/verification', { cycleId: 'aksu-2026', iin: DEMO_VOTERS[1]![0] }, '', newKey())).json();
  const mc = await (await post(`/cities/aksu/verification/${ms.challengeId}/confirm`, { code: '123456' }, '', newKey())).json();
  // A project on the city's ballot on each side (the server's made here: submitted, then placed during review).
  t.setNow(AT.aksu.submission);
  const photo = await call(t.app, 'POST', '/cities/aksu/photos?name=p.png', { raw: demoPng(8, 8, [10, 20, 30]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' });
  const made = await call(t.app, 'POST', '/cities/aksu/proposals', {
    key: newKey(),
    body: { title: 'Скамейки во дворе дома 14', description: 'Подробное описание предложения для проверки.', category: 'improvement', address: 'ул. Ленина, 1', estimatedCost: 1_000_000, photos: [photo.body.id], authorName: 'Автор', phone: '+77015550001', consent: true },
  });
  assert.equal(made.status, 201, made.text);
  t.setNow(AT.aksu.review);
  assert.equal((await call(t.app, 'POST', `/admin/cities/aksu/proposals/${made.body.id}/ballot`, { token: t.adminTokens['aksu-centre'], body: { poolId: 'city' } })).status, 200);
  t.setNow(AT.aksu.voting);
  const serverProject = made.body.id as string;
  const mockList = await fetch(`${MOCK}/cities/aksu/proposals?status=on_ballot&limit=50`).then((r) => r.json());
  const mockProject = mockList.items.find((p: { poolId?: string }) => p.poolId === 'city').id as string;
  const ballot = (projectId: string) => ({ cycleId: 'aksu-2026', choices: [{ poolId: 'city', picks: [{ projectId }] }] });
  const [serverKey, mockKey] = [newKey(), newKey()];
  const refusedS = await call(t.app, 'POST', '/cities/aksu/ballots', { body: ballot('no-such-project'), token: sc.body.token, key: serverKey });
  const refusedM = await post('/cities/aksu/ballots', ballot('no-such-project'), mc.token, mockKey);
  assert.deepEqual(shape(refusedM.status, await refusedM.json()), shape(refusedS.status, refusedS.body), 'refused alike');
  const takenS = await call(t.app, 'POST', '/cities/aksu/ballots', { body: ballot(serverProject), token: sc.body.token, key: serverKey });
  const takenM = await post('/cities/aksu/ballots', ballot(mockProject), mc.token, mockKey);
  assert.equal(takenS.status, 201, takenS.text);
  assert.equal(takenM.status, takenS.status, 'the mock takes the corrected ballot under the same key too');
  // The same ballot again under that key, spaced otherwise (a client that formats its JSON): replayed on both, as the
  // server compares what the JSON says; another ballot under it: refused alike, in the server's words.
  const spaced = (projectId: string) => JSON.stringify(ballot(projectId), null, 2);
  const againS = await call(t.app, 'POST', '/cities/aksu/ballots', { raw: spaced(serverProject), contentType: 'application/json', token: sc.body.token, key: serverKey });
  const againM = await fetch(`${MOCK}/cities/aksu/ballots`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${mc.token}`, 'idempotency-key': mockKey }, body: spaced(mockProject) });
  assert.equal(againS.status, 201, againS.text);
  assert.equal(againM.status, againS.status, 'the same ballot, spaced otherwise, replayed');
  const otherS = await call(t.app, 'POST', '/cities/aksu/ballots', { body: { ...ballot(serverProject), choices: [{ poolId: 'city', picks: [] }] }, token: sc.body.token, key: serverKey });
  const otherM = await post('/cities/aksu/ballots', { ...ballot(mockProject), choices: [{ poolId: 'city', picks: [] }] }, mc.token, mockKey);
  const otherMBody = await otherM.json();
  assert.deepEqual(shape(otherM.status, otherMBody), shape(otherS.status, otherS.body), 'another ballot under a used key');
  assert.equal(otherS.body.code, 'idempotency_key_reused');
  assert.equal(otherMBody.message, otherS.body.message);
});

test('a body over the server’s limit is refused alike, 413 with the server’s words, at the point the server reads it: before its type, token or fields, after the city and key; a photo has a limit of its own', async () => {
  const [JSON_LIMIT, PHOTO_LIMIT] = [JSON_BODY_LIMIT, PROPOSAL_LIMITS.photoBytes];
  /** A JSON text of exactly `size` bytes: a verification start with a `pad` field (an unknown field, refused when read). */
  const jsonOf = (size: number) => {
    const head = `{"cycleId":"aksu-2026","iin":"${listed}","pad":"`;
    return `${head}${'x'.repeat(size - head.length - 2)}"}`;
  };
  const over = jsonOf(JSON_LIMIT + 1);
  const photo = new Uint8Array(PHOTO_LIMIT + 1);
  photo.set(demoPng(8, 8, [1, 2, 3]));
  const send = async (path: string, body: string | Uint8Array<ArrayBuffer>, o: { type?: string; key?: string; token?: string } = {}) => {
    const type = o.type ?? 'application/json';
    const s = await call(t.app, 'POST', path, { raw: body, contentType: type, ...(o.key ? { key: o.key } : {}), ...(o.token ? { token: o.token } : {}) });
    const res = await fetch(`${MOCK}${path}`, {
      method: 'POST',
      headers: { 'content-type': type, ...(o.key ? { 'idempotency-key': o.key } : {}), ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) },
      body,
    });
    const m = await res.json().catch(() => null);
    return { server: shape(s.status, s.body), mock: shape(res.status, m), serverBody: s.body, mockBody: m };
  };
  assert.equal(new TextEncoder().encode(jsonOf(JSON_LIMIT)).length, JSON_LIMIT);
  const cases: [string, string, string | Uint8Array<ArrayBuffer>, { type?: string; key?: string; token?: string }, number][] = [
    ['verification: at the limit (read, then its fields refused)', '/cities/aksu/verification', jsonOf(JSON_LIMIT), {}, 400],
    ['verification: a byte over the limit', '/cities/aksu/verification', over, {}, 413],
    ['verification: over the limit as text/plain (the size before the type)', '/cities/aksu/verification', over, { type: 'text/plain' }, 413],
    ['verification: over the limit for an unknown city (the body first)', '/cities/nowhere/verification', over, {}, 413],
    ['a new code: over the limit for an unknown challenge (the body first)', '/cities/aksu/verification/ch_nope/resend', over, {}, 413],
    ['confirm: over the limit', '/cities/aksu/verification/ch_nope/confirm', over, {}, 413],
    ['ballot: over the limit without a token (the body first)', '/cities/aksu/ballots', over, {}, 413],
    ['proposal: over the limit without a key (the key first)', '/cities/aksu/proposals', over, {}, 400],
    ['proposal: over the limit with a key', '/cities/aksu/proposals', over, { key: newKey() }, 413],
    ['proposal: over the limit for an unknown city (the city first)', '/cities/nowhere/proposals', over, { key: newKey() }, 404],
    ['author code: over the limit', '/cities/aksu/authors/verification', over, {}, 413],
    ['author code again: over the limit', '/cities/aksu/authors/verification/ch_nope/resend', over, {}, 413],
    ['author confirm: over the limit', '/cities/aksu/authors/verification/ch_nope/confirm', over, {}, 413],
    ['resubmission: over the limit without a session (the body first)', '/cities/aksu/authors/proposals/p_x/resubmit', over, { key: newKey() }, 413],
    ['photo: over the photo limit', '/cities/aksu/photos?name=big.png', photo, { type: 'image/png' }, 413],
    ['photo: over the photo limit as text/plain (the size before the type)', '/cities/aksu/photos', photo, { type: 'text/plain' }, 413],
    ['photo: over the photo limit for an unknown city (the city first)', '/cities/nowhere/photos', photo, { type: 'image/png' }, 404],
    ['author photo: over the photo limit without a session (the session first)', '/cities/aksu/authors/photos', photo, { type: 'image/png' }, 401],
  ];
  for (const [what, path, body, o, status] of cases) {
    const r = await send(path, body, o);
    assert.deepEqual(r.mock, r.server, what);
    assert.equal(r.server.status, status, `${what}: ${JSON.stringify(r.serverBody)}`);
    if (status === 413) assert.equal(r.mockBody.message, r.serverBody.message, `${what}: the server’s words`);
  }
});

test('an author’s photo over the photo limit, signed in: refused alike, 413 with the server’s words', async () => {
  const base = 'http://mock-authors-big-photo.test/api/v1';
  const { s, token, mockToken } = await authorSentBack(base);
  try {
    const photo = new Uint8Array(PROPOSAL_LIMITS.photoBytes + 1);
    photo.set(demoPng(8, 8, [7, 8, 9]));
    const server = await call(s.app, 'POST', '/cities/aksu/authors/photos?name=big.png', { raw: photo, contentType: 'image/png', token });
    const res = await fetch(`${base}/cities/aksu/authors/photos?name=big.png`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: `Bearer ${mockToken}` }, body: photo });
    const m = await res.json();
    assert.deepEqual(shape(res.status, m), shape(server.status, server.body));
    assert.equal(server.status, 413, server.text);
    assert.equal(m.message, server.body.message);
  } finally {
    s.close();
  }
});

test('an author’s photo is read as the server reads it: the bytes say what it is (any image type or none), a broken or empty one and a bad name refused, with the server’s words and the image’s own size', async () => {
  const base = 'http://mock-authors-photo-bytes.test/api/v1';
  const { s, token, mockToken } = await authorSentBack(base);
  try {
    const png = demoPng(12, 7, [7, 8, 9]);
    const cases: [string, Uint8Array, string | null, string, number][] = [
      ['a PNG', png, 'image/png', 'a.png', 201],
      ['a PNG sent as bytes of no stated kind', png, 'application/octet-stream', 'b.png', 201],
      ['a PNG declared as a JPEG (the bytes decide)', png, 'image/jpeg', 'c.jpg', 201],
      ['text', new TextEncoder().encode('not an image at all'), 'image/png', 'd.png', 415],
      ['a cut-short PNG', png.slice(0, 20), 'image/png', 'e.png', 415],
      ['an empty body', new Uint8Array(0), 'image/png', 'f.png', 400],
      ['a GIF', png, 'image/gif', 'g.gif', 415],
      ['a name over 200 characters', png, 'image/png', 'n'.repeat(201), 400],
    ];
    for (const [what, bytes, type, name, status] of cases) {
      const path = `/cities/aksu/authors/photos?name=${encodeURIComponent(name)}`;
      const server = await call(s.app, 'POST', path, { raw: bytes as Uint8Array<ArrayBuffer>, ...(type ? { contentType: type } : {}), token });
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { ...(type ? { 'content-type': type } : {}), authorization: `Bearer ${mockToken}` }, body: bytes as Uint8Array<ArrayBuffer> });
      const m = await res.json();
      assert.deepEqual(shape(res.status, m), shape(server.status, server.body), what);
      assert.equal(server.status, status, `${what}: ${server.text}`);
      if (status === 201) assert.deepEqual([m.width, m.height], [server.body.width, server.body.height], `${what}: the image's own size`);
      else assert.equal(m.message, server.body.message, `${what}: the server’s words`);
    }
  } finally {
    s.close();
  }
});

test('the public list’s cursor: the mock gives the server’s kind (the last item’s sort key and id, opaque), each takes the other’s, pages follow on without a gap or a repeat, and a cursor neither gave is refused alike', async () => {
  const now = new Date();
  const s = await demoServer(now);
  const BASE = 'http://mock-cursor.test/api/v1';
  const m = createMockApi({ base: BASE, now: now.getTime() });
  msw.use(...m.handlers);
  const onServer = async (query: string) => {
    const r = await call(s.app, 'GET', `/cities/aksu/proposals${query}`);
    return { status: r.status, body: r.body };
  };
  const onMock = async (query: string) => {
    const res = await fetch(`${BASE}/cities/aksu/proposals${query}`);
    return { status: res.status, body: await res.json() };
  };
  try {
    for (const [side, get] of [['server', onServer], ['mock', onMock]] as const) {
      for (const sort of ['newest', 'cost_asc', 'cost_desc']) {
        const all = await get(`?sort=${sort}&limit=100`);
        assert.equal(all.status, 200, `${side} ${sort}: ${JSON.stringify(all.body)}`);
        assert.ok(all.body.items.length > 3, `${side}: more than a page`);
        const walked: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { status: number; body: any } = await get(`?sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
          assert.equal(page.status, 200, `${side} ${sort}: ${JSON.stringify(page.body)}`);
          walked.push(...page.body.items.map((p: { id: string }) => p.id));
          cursor = page.body.nextCursor;
          if (cursor !== null) {
            const pair = decodeCursor(cursor);
            assert.ok(pair, `${side} ${sort}: the cursor is a pair of strings`);
            assert.equal(pair![1], page.body.items.at(-1).id, `${side} ${sort}: naming the page’s last item`);
          }
        } while (cursor !== null);
        assert.deepEqual(walked, all.body.items.map((p: { id: string }) => p.id), `${side} ${sort}: every item once, in order`);
      }
    }
    // Each takes the other's cursor (it names a place in the list, whatever the item).
    const serverCursor = (await onServer('?limit=2')).body.nextCursor as string;
    const mockCursor = (await onMock('?limit=2')).body.nextCursor as string;
    assert.equal((await onMock(`?limit=2&cursor=${serverCursor}`)).status, 200, 'the mock takes the server’s cursor');
    const taken = await onServer(`?limit=2&cursor=${mockCursor}`);
    assert.equal(taken.status, 200, `the server takes the mock’s cursor: ${JSON.stringify(taken.body)}`);
    const base64url = (text: string) => Buffer.from(text).toString('base64url');
    for (const [what, cursor] of [
      ['an offset, as a plain number', base64url('2')],
      ['not JSON', base64url('nope')],
      ['one string', base64url('["2026-01-01T00:00:00Z"]')],
      ['the audit log’s cursor read as a number', base64url('["audit",2]')],
      ['not base64url', encodeURIComponent('a+b/c=')],
    ]) {
      const [server, mocked] = [await onServer(`?cursor=${cursor}`), await onMock(`?cursor=${cursor}`)];
      assert.deepEqual(shape(mocked.status, mocked.body), shape(server.status, server.body), what);
      assert.equal(server.status, 400, what);
      assert.equal(mocked.body.message, server.body.message, `${what}: the server’s words`);
    }
  } finally {
    s.close();
  }
});

test('a ballot for another cycle than its token’s: refused alike, with the server’s words, after the key and before the phase', async () => {
  const [iin] = DEMO_VOTERS[4]!;
  const s = await call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId: 'aksu-2026', iin } });
  const sc = await call(t.app, 'POST', `/cities/aksu/verification/${s.body.challengeId}/confirm`, { body: { code: t.sms.last(s.body.challengeId) } });
  assert.equal(sc.status, 200, sc.text);
  const post = (path: string, body: unknown, o: { token?: string; key?: string } = {}) =>
    fetch(`${MOCK}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(o.key ? { 'idempotency-key': o.key } : {}) },
      body: JSON.stringify(body),
    });
  const ms = await (await post('/cities/aksu/verification', { cycleId: 'aksu-2026', iin })).json();
  const mc = await (await post(`/cities/aksu/verification/${ms.challengeId}/confirm`, { code: '123456' })).json();
  assert.equal(mc.cycleId, sc.body.cycleId, 'both tokens are for the same cycle');
  const ballot = (cycleId: string) => ({ cycleId, choices: [{ poolId: 'city', picks: [] }] });
  const both = async (what: string, body: unknown, key: string | null = newKey()) => {
    const server = await call(t.app, 'POST', '/cities/aksu/ballots', { body, token: sc.body.token, ...(key ? { key } : {}) });
    const res = await post('/cities/aksu/ballots', body, { token: mc.token, ...(key ? { key } : {}) });
    const m = await res.json();
    assert.deepEqual(shape(res.status, m), shape(server.status, server.body), what);
    if (server.body.details?.issues?.[0]?.message === 'cycle.not_current') assert.equal(m.message, server.body.message, `${what}: the server’s words`);
    return shape(server.status, server.body);
  };
  const anotherCycle = { status: 400, code: 'validation_failed', issues: ['cycleId:cycle.not_current'] };
  assert.deepEqual(await both('another cycle, while voting', ballot('aksu-2025')), anotherCycle);
  assert.deepEqual(await both('another cycle, no key (the key first)', ballot('aksu-2025'), null), { status: 400, code: 'idempotency_key_required' });
  assert.deepEqual(await both('a cycle that does not exist', ballot('nowhere-1999')), anotherCycle);
  t.setNow(AT.aksu.review);
  mock.state.setPhase('aksu', 'review');
  try {
    assert.deepEqual(await both('another cycle, before voting (the cycle before the phase)', ballot('aksu-2025')), anotherCycle);
    assert.equal((await both('the token’s cycle, before voting', ballot('aksu-2026'))).code, 'phase_closed');
  } finally {
    t.setNow(AT.aksu.voting);
    mock.state.setPhase('aksu', 'voting');
  }
});

/** A GET of the public list on the server and on a mock at `base`, reduced for comparison. */
async function listBoth(app: TestServer['app'], base: string, path: string) {
  const s = await call(app, 'GET', path);
  const res = await fetch(`${base}${path}`);
  const m = await res.json();
  return { server: shape(s.status, s.body), mock: shape(res.status, m), serverBody: s.body, mockBody: m };
}

test('the public list sorted by votes while the counts are hidden: refused alike, with the server’s words, before the cursor; taken alike once they are public, every item with its count; one proposal’s count alike', async () => {
  // The demo's Aksu shows its counts live, but only from the start of voting; the example's counts them in private.
  const now = new Date();
  const s = await demoServer(now);
  const BASE = 'http://mock-votes-sort.test/api/v1';
  const m = createMockApi({ base: BASE, now: now.getTime() });
  msw.use(...m.handlers);
  const liveFrom = (phase: 'review' | 'voting') => {
    m.state.setPhase('aksu', phase);
    m.state.configs.get('aksu')!.cycle.liveCounts = true;
  };
  const hidden = { status: 400, code: 'validation_failed', issues: ['sort:sort.votes_hidden'] };
  const refused = async (what: string, app: TestServer['app'], base: string, path: string) => {
    const r = await listBoth(app, base, path);
    assert.deepEqual(r.mock, r.server, what);
    assert.deepEqual(r.server, hidden, `${what}: ${JSON.stringify(r.serverBody)}`);
    assert.equal(r.mockBody.message, r.serverBody.message, `${what}: the server’s words`);
  };
  try {
    await refused('counts private, while voting', t.app, MOCK, '/cities/aksu/proposals?sort=votes');
    await refused('counts private: a cursor neither gave (the counts first)', t.app, MOCK, '/cities/aksu/proposals?sort=votes&cursor=bm9wZQ');
    s.setNow(new Date(now.getTime() - 10 * 86_400_000).toISOString());
    liveFrom('review');
    await refused('counts live, but voting has not started', s.app, BASE, '/cities/aksu/proposals?sort=votes');
    s.setNow(now.toISOString());
    liveFrom('voting');
    const r = await listBoth(s.app, BASE, '/cities/aksu/proposals?sort=votes&limit=100');
    assert.deepEqual(r.mock, r.server, 'counts live, while voting');
    assert.equal(r.server.status, 200, JSON.stringify(r.serverBody));
    for (const [side, body] of [['server', r.serverBody], ['mock', r.mockBody]] as const) {
      assert.ok(body.items.some((p: { status: string }) => p.status !== 'on_ballot'), `${side}: some items not on the ballot`);
      assert.ok(body.items.every((p: { votes?: unknown }) => typeof p.votes === 'number'), `${side}: every item has its count, none or not`);
    }
    // One proposal's page alike: its count while the counts are public, none before.
    const one = async (what: string, counted: boolean) => {
      const server = (await call(s.app, 'GET', `/cities/aksu/proposals/${r.serverBody.items[0].id}`)).body;
      const mock = await (await fetch(`${BASE}/cities/aksu/proposals/${r.mockBody.items[0].id}`)).json();
      assert.equal(typeof server.votes, counted ? 'number' : 'undefined', `${what}: the server`);
      assert.equal(typeof mock.votes, typeof server.votes, `${what}: the mock`);
    };
    await one('one proposal, counts live while voting', true);
    s.setNow(new Date(now.getTime() - 10 * 86_400_000).toISOString());
    liveFrom('review');
    await one('one proposal, counts live but voting not started', false);
  } finally {
    s.close();
  }
});

test('the votes a proposal shows (in the list, sorted by them, and on its own page) are those of the ballots cast: approvals, points, first preferences only on a ranked ballot; none for a proposal not on the ballot — alike', async () => {
  // Aksu shows its counts live while it votes, on each side, by each rule in turn; three projects on its ballot and one
  // proposal still under review, then the same ballots through each side's API.
  const rounds: { rule: BallotRule; ballots: (p: string[]) => PoolChoice['picks'][]; votes: (p: string[]) => Record<string, number> }[] = [
    {
      rule: { kind: 'approval', min: 1, max: 3 },
      ballots: ([a, b, c]) => [[{ projectId: a! }, { projectId: b! }], [{ projectId: a! }], [{ projectId: c! }, { projectId: a! }, { projectId: b! }]],
      votes: ([a, b, c]) => ({ [a!]: 3, [b!]: 2, [c!]: 1 }),
    },
    {
      // Only the first choice counts: the project ranked second by everyone shows no votes.
      rule: { kind: 'ranked', maxRanks: 3 },
      ballots: ([a, b, c]) => [[{ projectId: c! }, { projectId: b! }, { projectId: a! }], [{ projectId: a! }, { projectId: b! }], [{ projectId: c! }, { projectId: b! }]],
      votes: ([a, b, c]) => ({ [a!]: 1, [b!]: 0, [c!]: 2 }),
    },
    {
      rule: { kind: 'cumulative', points: 10, maxPerProject: 6 },
      ballots: ([a, b, c]) => [[{ projectId: a!, points: 6 }, { projectId: b!, points: 4 }], [{ projectId: b!, points: 5 }], [{ projectId: c!, points: 1 }, { projectId: a!, points: 2 }]],
      votes: ([a, b, c]) => ({ [a!]: 8, [b!]: 9, [c!]: 1 }),
    },
  ];
  for (const { rule, ballots, votes } of rounds) {
    const server = testServer({
      now: AT.aksu.voting,
      edit: (f) => void Object.assign(f.cities.find((c) => c.slug === 'aksu')!.cycles[0]!, { liveCounts: true, ballot: rule }),
    });
    try {
      const projects = [3_000_000, 2_000_000, 1_000_000].map((cost) => onTheBallot('aksu', 'city', 'improvement', cost));
      const { poolId: _none, ...reviewed } = fundedProject('votes-parity', {
        cycleId: 'aksu-2026',
        status: 'under_review',
        history: [
          { status: 'submitted', at: '2026-04-20T10:00:00+05:00' },
          { status: 'under_review', at: '2026-05-20T10:00:00+05:00' },
        ],
      });
      for (const p of [...projects, reviewed]) await server.store.createProposal(p, null);
      const ids = projects.map((p) => p.id);
      const side = await mirrorCity(server, `http://mock-votes-${rule.kind}.test/api/v1`, 'aksu', AT.aksu.voting);
      for (const picks of ballots(ids)) await side.cast([{ poolId: 'city', picks }]);
      // The server reuses its count of the ballots for a second while voting (its list counted them when the mock mirrored it).
      clock.timers.enable({ apis: ['Date'], now: Date.now() + 1_000 });
      const expected = { ...votes(ids), [reviewed.id]: 0 };
      const list = await side.get('/cities/aksu/proposals?sort=votes&limit=100');
      assert.deepEqual([list.s.status, list.m.status], [200, 200], `${rule.kind}: ${list.s.bytes.toString()}`);
      const shown = (body: ProposalPage) => body.items.map((p) => [p.id, p.votes]);
      assert.deepEqual(
        shown(list.s.body).filter(([id]) => id! in expected),
        Object.entries(expected).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)),
        `${rule.kind}: the server’s list, most votes first`,
      );
      assert.deepEqual(shown(list.m.body), shown(list.s.body), `${rule.kind}: the mock’s list, in the server’s order`);
      for (const id of Object.keys(expected)) {
        const one = await side.get(`/cities/aksu/proposals/${id}`);
        assert.deepEqual([one.s.status, one.s.body.votes], [200, expected[id]], `${rule.kind}: the server’s ${id}`);
        assert.deepEqual([one.m.status, one.m.body.votes], [200, one.s.body.votes], `${rule.kind}: the mock’s ${id}`);
      }
    } finally {
      clock.timers.reset();
      server.close();
    }
  }
});

test('the public list’s query string is read as the server reads it: another key than status twice is refused, limit only as an integer written in digits', async () => {
  const long = 'k'.repeat(100);
  const cases: [string, number][] = [
    ['?status=submitted&status=on_ballot', 200],
    ['?category=yards&category=sport', 400],
    ['?q=a&q=b', 400],
    ['?sort=newest&sort=newest', 400],
    ['?limit=5&limit=5', 400],
    ['?cursor=bm9wZQ&cursor=bm9wZQ', 400],
    [`?${long}=1&${long}=2`, 400],
    ['?limit=abc&category=a&category=b', 400],
    ['?limit=0010', 200],
    ['?limit=2.5', 400],
    ['?limit=', 400],
    ['?limit=1e1', 400],
    ['?limit=0x10', 400],
    ['?limit=%2010', 400],
    ['?limit=00010', 400],
    ['?limit=-1', 400],
    ['?limit=0', 400],
    ['?limit=101', 400],
  ];
  for (const [query, status] of cases) {
    const r = await listBoth(t.app, MOCK, `/cities/aksu/proposals${query}`);
    assert.deepEqual(r.mock, r.server, query);
    assert.equal(r.server.status, status, `${query}: ${JSON.stringify(r.serverBody)}`);
    if (status === 400) assert.equal(r.mockBody.message, r.serverBody.message, `${query}: the server’s words`);
  }
});

test('the public list’s search finds what the server finds: in the author’s name too, the words as the server normalises them (spaces, tabs, NFC, bidi controls, case)', async () => {
  const now = new Date();
  const s = await demoServer(now);
  const BASE = 'http://mock-search.test/api/v1';
  const m = createMockApi({ base: BASE, now: now.getTime() });
  msw.use(...m.handlers);
  try {
    // The mock holds the very proposals the server lists, so both must find the same ones.
    const all = await call(s.app, 'GET', '/cities/aksu/proposals?limit=100');
    assert.equal(all.status, 200, all.text);
    const items = all.body.items as { id: string; title: string; description: string; address: string; authorName: string }[];
    m.state.proposals.set('aksu', structuredClone(all.body.items));
    const texts = items.map((p) => `${p.title}\n${p.description}\n${p.address}`.toLocaleLowerCase('ru'));
    const author = items.map((p) => p.authorName.split(' ')[0]!).find((name) => !texts.some((x) => x.includes(name.toLocaleLowerCase('ru'))));
    assert.ok(author, 'an author whose name is in no title, description or address');
    const [w1, w2] = items[0]!.title.split(' ');
    const decomposable = items.flatMap((p) => p.title.split(' ')).find((w) => w.normalize('NFD') !== w)!;
    assert.ok(decomposable, 'a title word with a letter NFD takes apart (й, ё)');
    const cases: [string, string][] = [
      ['an author’s name', author!],
      ['two words with two spaces between', `${w1}  ${w2}`],
      ['two words with a tab between', `${w1}\t${w2}`],
      ['a word in NFD', decomposable.normalize('NFD')],
      ['a word with a left-to-right mark inside', `${w1!.slice(0, 2)}\u200E${w1!.slice(2)}`],
      ['a word in capitals', w1!.toLocaleUpperCase('ru')],
      ['spaces only', '   '],
    ];
    for (const [what, q] of cases) {
      const path = `/cities/aksu/proposals?limit=100&q=${encodeURIComponent(q)}`;
      const server = await call(s.app, 'GET', path);
      const res = await fetch(`${BASE}${path}`);
      const mocked = await res.json();
      assert.equal(server.status, 200, `${what}: ${server.text}`);
      assert.ok(server.body.total > 0, `${what}: the server finds some`);
      assert.equal(res.status, 200, `${what}: ${JSON.stringify(mocked)}`);
      assert.deepEqual(mocked.items.map((p: { id: string }) => p.id), server.body.items.map((p: { id: string }) => p.id), what);
      assert.equal(mocked.total, server.body.total, `${what}: the total`);
    }
  } finally {
    s.close();
  }
});

test('a resident’s photo is taken and refused as the server does: the phase before the type, any image type or none (the bytes say what it is), an empty or broken or too large image, its name; with the server’s words and the image’s own size', async () => {
  const png = demoPng(8, 6, [4, 5, 6]) as Uint8Array<ArrayBuffer>;
  /** The PNG claiming another size in its header (the pixels are never decoded). */
  const claiming = (width: number, height: number) => {
    const copy = png.slice();
    new DataView(copy.buffer).setUint32(16, width);
    new DataView(copy.buffer).setUint32(20, height);
    return copy;
  };
  const send = async (what: string, body: Uint8Array<ArrayBuffer>, type: string | null, query = '') => {
    const path = `/cities/aksu/photos${query}`;
    const s = await call(t.app, 'POST', path, { raw: body, ...(type !== null ? { contentType: type } : {}) });
    const res = await fetch(`${MOCK}${path}`, { method: 'POST', headers: type !== null ? { 'content-type': type } : {}, body });
    const m = await res.json();
    assert.deepEqual(shape(res.status, m), shape(s.status, s.body), what);
    // A closed phase names each side's own dates.
    const words = (message: unknown) => String(message).replace(/\d{4}-\d\d-\d\d[^ ]*/g, '<date>');
    if (s.status >= 400) assert.equal(words(m.message), words(s.body.message), `${what}: the server’s words`);
    else {
      assert.deepEqual([m.width, m.height], [s.body.width, s.body.height], `${what}: the image’s own size`);
      assert.equal(m.name, s.body.name, `${what}: the name as the server keeps it`);
    }
    return s.status;
  };
  assert.equal(await send('while voting', png, 'image/png'), 403);
  assert.equal(await send('while voting, as text/plain (the phase first)', png, 'text/plain'), 403);
  assert.equal(await send('while voting, empty (the phase first)', new Uint8Array(0), 'image/png'), 403);
  t.setNow(AT.aksu.submission);
  mock.state.setPhase('aksu', 'submission');
  try {
    const cases: [string, Uint8Array<ArrayBuffer>, string | null, string, number][] = [
      ['a PNG', png, 'image/png', '?name=a.png', 201],
      ['a PNG as application/octet-stream', png, 'application/octet-stream', '', 201],
      ['a PNG with no type', png, null, '', 201],
      ['a PNG as image/PNG with a parameter', png, 'image/PNG; charset=binary', '', 201],
      ['a PNG said to be a JPEG (the bytes decide)', png, 'image/jpeg', '', 201],
      ['a PNG as text/plain', png, 'text/plain', '', 415],
      ['a PNG as image/gif', png, 'image/gif', '', 415],
      ['an empty image', new Uint8Array(0), 'image/png', '', 400],
      ['an empty body of no type', new Uint8Array(0), null, '', 400],
      ['an empty body as text/plain (the type first)', new Uint8Array(0), 'text/plain', '', 415],
      ['bytes that are no image', new Uint8Array([1, 2, 3, 4]), 'image/png', '', 415],
      ['a PNG cut short', png.slice(0, 40), 'image/png', '', 415],
      ['a PNG 20 000 pixels wide', claiming(20_000, 10), 'image/png', '', 400],
      ['a PNG of 30 million pixels', claiming(6_000, 5_000), 'image/png', '', 400],
      ['a name too long', png, 'image/png', `?name=${'x'.repeat(201)}`, 400],
      ['a name too long on bytes that are no image (the image first)', new Uint8Array([1, 2, 3]), 'image/png', `?name=${'x'.repeat(201)}`, 415],
      ['a name of spaces only', png, 'image/png', '?name=%20%20', 201],
      ['a name with a bidi control', png, 'image/png', `?name=${encodeURIComponent('фото\u202E.png')}`, 201],
    ];
    for (const [what, body, type, query, status] of cases) assert.equal(await send(what, body, type, query), status, what);
  } finally {
    t.setNow(AT.aksu.voting);
    mock.state.setPhase('aksu', 'voting');
  }
});

test('a new code takes an empty body or {} only (residents and authors), refused alike before the city and the challenge; another city’s challenge is forbidden', async () => {
  const send = async (path: string, body: string | undefined, type: string | null = 'application/json') => {
    const s = await call(t.app, 'POST', path, { ...(body !== undefined ? { raw: body } : {}), ...(type ? { contentType: type } : {}) });
    const res = await fetch(`${MOCK}${path}`, { method: 'POST', headers: type ? { 'content-type': type } : {}, ...(body !== undefined ? { body } : {}) });
    const m = await res.json().catch(() => null);
    return { server: shape(s.status, s.body), mock: shape(res.status, m), serverBody: s.body, mockBody: m };
  };
  const off: string[] = [];
  for (const start of ['/cities/aksu/verification', '/cities/aksu/authors/verification']) {
    const resend = `${start}/ch_nope/resend`;
    for (const [what, path, body, type, status] of [
      ['a field', resend, '{"phone":"+77010000001"}', undefined, 400],
      ['an array', resend, '[]', undefined, 400],
      ['null', resend, 'null', undefined, 400],
      ['a string', resend, '"again"', undefined, 400],
      ['a field for an unknown city (the body before the city)', resend.replace('aksu', 'nowhere'), '{"x":1}', undefined, 400],
      ['{} (no challenge)', resend, '{}', undefined, 404],
      ['an empty body of no type (no challenge)', resend, undefined, null, 404],
      ['{} for an unknown city', resend.replace('aksu', 'nowhere'), '{}', undefined, 404],
    ] as const) {
      const r = await send(path, body, type);
      assert.equal(r.server.status, status, `${start} ${what}: ${JSON.stringify(r.serverBody)}`);
      if (JSON.stringify(r.mock) !== JSON.stringify(r.server) || (status === 400 && r.mockBody?.message !== r.serverBody.message))
        off.push(`${start} ${what}: server ${JSON.stringify(r.server)}, mock ${JSON.stringify(r.mock)} ${r.mockBody?.message}`);
    }
  }
  // A challenge of Aksu asked again at Rudny's address: forbidden (before the wait), as its confirmation is.
  const [iin] = DEMO_VOTERS[4]!;
  const begin = { cycleId: 'aksu-2026', iin };
  const s = await call(t.app, 'POST', '/cities/aksu/verification', { body: begin });
  const m = await (await fetch(`${MOCK}/cities/aksu/verification`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(begin) })).json();
  assert.equal(s.status, 201, JSON.stringify(s.body));
  const server = await call(t.app, 'POST', `/cities/rudny/verification/${s.body.challengeId}/resend`, { body: {} });
  const res = await fetch(`${MOCK}/cities/rudny/verification/${m.challengeId}/resend`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const mocked = shape(res.status, await res.json());
  assert.equal(server.status, 403, JSON.stringify(server.body));
  if (JSON.stringify(mocked) !== JSON.stringify(shape(server.status, server.body))) off.push(`another city’s challenge: server ${server.status}, mock ${JSON.stringify(mocked)}`);
  assert.deepEqual(off, [], 'answered otherwise by the mock');
});

test('a resident’s way from a proposal to a second ballot, refused in the server’s words, whole (status, code, message, details): the key, the fields, the cap, the IIN, the phone, the code, the token, the ballot', async () => {
  // Phone only on both; Aksu's ballot is final (a second one is refused) and its voters are 18 or older, on both.
  const server = testServer({ now: AT.aksu.submission, edit: (f) => void (f.cities.find((c) => c.slug === 'aksu')!.cycles.at(-1)!.revote = 'final') });
  const BASE = 'http://mock-words.test/api/v1';
  const m = createMockApi({ base: BASE, code: '123456', phase: 'submission' });
  msw.use(...m.handlers);
  type Side = { path?: string; body?: unknown; key?: string; authorization?: string };
  /** A POST to both (`mock` overrides the mock's side: its own ids, bodies and tokens): refused alike, whole; taken alike. */
  const ask = async (what: string, path: string, side: Side, status: number, mockSide: Side = {}) => {
    const headers = (o: Side) => ({ ...(o.authorization !== undefined ? { authorization: o.authorization } : {}), ...(o.key ? { 'idempotency-key': o.key } : {}) });
    const mo = { ...side, ...mockSide };
    const s = await call(server.app, 'POST', side.path ?? path, { body: side.body ?? {}, headers: headers(side) });
    const res = await fetch(`${BASE}${mo.path ?? path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers(mo) }, body: JSON.stringify(mo.body ?? {}) });
    const r = { s: { status: s.status, body: s.body as any }, m: { status: res.status, body: await res.json() } };
    assert.equal(r.s.status, status, `${what}: ${JSON.stringify(r.s.body)}`);
    if (status >= 400 ? !isDeepStrictEqual(r.m, r.s) : r.m.status !== status) off.push(`${what}: server ${JSON.stringify(r.s)}, mock ${JSON.stringify(r.m)}`);
    return r;
  };
  /** What the mock answered otherwise (all of it, not only the first). */
  const off: string[] = [];
  try {
    // Proposals: each side's own category, both capped at 9 000 000 ₸.
    const proposal = (category: string, estimatedCost = 1_000_000) => ({ ...proposalBody('ph_parity', '+77015550600'), category, estimatedCost });
    await ask('a proposal without a key', '/cities/aksu/proposals', { body: proposal('improvement') }, 400, { body: proposal('yards') });
    await ask('a proposal without its fields', '/cities/aksu/proposals', { body: {}, key: newKey() }, 400);
    await ask('a proposal over the cap', '/cities/aksu/proposals', { body: proposal('improvement', 50_000_000), key: newKey() }, 422, { body: proposal('yards', 50_000_000), key: newKey() });
    // A project on the server's ballot (the mock's fixtures have theirs).
    const photo = await call(server.app, 'POST', '/cities/aksu/photos?name=p.png', { raw: demoPng(8, 8, [10, 20, 30]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' });
    const made = await call(server.app, 'POST', '/cities/aksu/proposals', { key: newKey(), body: proposalBody(photo.body.id, '+77015550601') });
    assert.equal(made.status, 201, made.text);
    server.setNow(AT.aksu.review);
    assert.equal((await call(server.app, 'POST', `/admin/cities/aksu/proposals/${made.body.id}/ballot`, { token: server.adminTokens['aksu-centre'], body: { poolId: 'city' } })).status, 200);
    server.setNow(AT.aksu.voting);
    m.state.setPhase('aksu', 'voting');
    const cycle = m.state.configs.get('aksu')!.cycle;
    cycle.eligibility.minAge = 18;
    cycle.revote = 'final';
    const mockProject = m.state.proposals.get('aksu')!.find((p) => p.status === 'on_ballot' && p.poolId === 'city')!.id;

    // Starting a verification.
    const [a, b] = adultIins(2, 600);
    const start = (iin: string, over: Record<string, unknown> = {}) => ({ body: { cycleId: 'aksu-2026', iin, phone: '+77015550602', ...over } });
    const V = '/cities/aksu/verification';
    await ask('an unknown field', V, start(a!, { extra: 1 }), 400);
    await ask('a child', V, start(makeIin(2015, 3, 3, 'female', 1000)!), 403);
    await ask('an IIN with a wrong check digit', V, start(a!.slice(0, 11) + ((Number(a![11]) + 1) % 10)), 422);
    await ask('not a phone', V, start(a!, { phone: '12345' }), 400);
    await ask('no phone', V, start(a!, { phone: undefined }), 400);
    await ask('a code for an unknown verification', `${V}/ch_nope/confirm`, { body: { code: '123456' } }, 404);
    await ask('a new code for an unknown verification', `${V}/ch_nope/resend`, { body: {} }, 404);

    // Confirming: the fields, then wrong codes counted down to the lock.
    const verifyBoth = async (iin: string, phone: string) => {
      const started = await ask('a verification', V, start(iin, { phone }), 201);
      return { server: started.s.body.challengeId as string, mock: started.m.body.challengeId as string };
    };
    const ids = await verifyBoth(a!, '+77015550602');
    const right = server.sms.last(ids.server);
    const wrong = right === '000000' ? '111111' : '000000';
    const confirm = (what: string, ids: { server: string; mock: string }, server: unknown, mock: unknown, status: number) =>
      ask(what, '', { path: `${V}/${ids.server}/confirm`, body: server }, status, { path: `${V}/${ids.mock}/confirm`, body: mock });
    await confirm('a code of letters', ids, { code: '12ab' }, { code: '12ab' }, 400);
    await confirm('a code and an unknown field', ids, { code: right, extra: 1 }, { code: '123456', extra: 1 }, 400);
    for (let left = 4; left >= 1; left--) await confirm(`a wrong code, ${left} attempts left`, ids, { code: wrong }, { code: '000000' }, 422);
    await confirm('the fifth wrong code', ids, { code: wrong }, { code: '000000' }, 403);
    // Locked, the verification is gone: even the right code finds none.
    await confirm('the right code once locked', ids, { code: right }, { code: '123456' }, 404);

    // Casting: the token, the key, the fields, the rule, a second ballot.
    const other = await verifyBoth(b!, '+77015550603');
    const session = await confirm('the right code', other, { code: server.sms.last(other.server) }, { code: '123456' }, 200);
    const tokens = { server: `Bearer ${session.s.body.token}`, mock: `Bearer ${session.m.body.token}` };
    const ballot = (projectId: string) => ({ cycleId: 'aksu-2026', choices: [{ poolId: 'city', picks: [{ projectId }] }] });
    const B = '/cities/aksu/ballots';
    /** A ballot to each side with its own project and token and a fresh key, as `change` makes it. */
    const cast = (what: string, status: number, change: (side: Side) => Side = (x) => x, path = B) => {
      const side = (projectId: string, authorization: string): Side => change({ body: ballot(projectId), authorization, key: newKey() });
      return ask(what, path, side(made.body.id, tokens.server), status, side(mockProject, tokens.mock));
    };
    await cast('a ballot without a token', 401, (x) => ({ ...x, authorization: undefined }));
    await cast('a ballot with a header that is no bearer token', 401, (x) => ({ ...x, authorization: 'Bearer two words' }));
    await cast('a ballot with a token that is none', 401, (x) => ({ ...x, authorization: 'Bearer tok_0123456789abcdef' }));
    await cast('a ballot at another city’s address', 403, undefined, '/cities/rudny/ballots');
    await cast('a ballot without a key', 400, (x) => ({ ...x, key: undefined }));
    await cast('a ballot with an unknown field', 400, (x) => ({ ...x, body: { ...(x.body as object), extra: 1 } }));
    await cast('a ballot for a project that is none', 422, (x) => ({ ...x, body: ballot('p_nope') }));
    await cast('a ballot', 201);
    await cast('a second ballot', 409);
    // Half an hour later, the token has expired (the mock's clock moved on as the server's).
    server.setNow(new Date(Date.parse(AT.aksu.voting) + 31 * 60_000).toISOString());
    clock.timers.enable({ apis: ['Date'], now: Date.now() + 31 * 60_000 });
    try {
      await cast('a ballot with an expired token', 401);
    } finally {
      clock.timers.reset();
    }
    assert.deepEqual(off, [], 'answered otherwise by the mock');
  } finally {
    server.close();
  }
});

test('an IIN the voter list or the census register does not have, and a phone the register does not know for it: refused alike, whole, in the server’s words', async () => {
  const off: string[] = [];
  const start = async (what: string, app: TestServer['app'], base: string, body: unknown) => {
    const s = await call(app, 'POST', '/cities/aksu/verification', { body });
    const res = await fetch(`${base}/cities/aksu/verification`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const m = { status: res.status, body: await res.json() };
    assert.equal(s.status, 403, `${what}: ${s.text}`);
    if (!isDeepStrictEqual(m, { status: s.status, body: s.body })) off.push(`${what}: server ${JSON.stringify({ status: s.status, body: s.body })}, mock ${JSON.stringify(m)}`);
  };
  await start('not on the voter list', t.app, MOCK, { cycleId: 'aksu-2026', iin: unlisted });
  // A census register of the test's own, that lists the demo voters with their phones (msw answers the server's request to it).
  const CENSUS = 'http://127.0.0.1:9/census';
  const register = new Map(DEMO_VOTERS);
  msw.use(
    http.post(CENSUS, async ({ request }) => {
      const { iin, phone } = (await request.json()) as { iin: string; phone: string };
      return HttpResponse.json({ eligible: register.has(iin), phoneMatches: register.get(iin) === phone });
    }),
  );
  process.env.QALA_TEST_PARITY_CENSUS = 'census-parity-secret-0123456789';
  const server = testServer({ now: AT.aksu.voting, identity: { method: 'census', url: CENSUS, auth: 'bearer', secret: 'env:QALA_TEST_PARITY_CENSUS', timeoutMs: 2000 } });
  const BASE = 'http://mock-census.test/api/v1';
  msw.use(...createMockApi({ base: BASE, identity: 'census', code: '123456' }).handlers);
  try {
    await start('not in the census register', server.app, BASE, { cycleId: 'aksu-2026', iin: unlisted, phone: '+77015550700' });
    await start('in the register with another phone', server.app, BASE, { cycleId: 'aksu-2026', iin: listed, phone: '+77015550700' });
  } finally {
    server.close();
  }
  assert.deepEqual(off, [], 'answered otherwise by the mock');
});

test('an author’s code counted down to the lock, and a resubmission over the cap or of a proposal no longer sent back: refused alike, whole, in the server’s words', async () => {
  const base = 'http://mock-authors-words.test/api/v1';
  const { s, submitted, token, list, mockToken, post } = await authorSentBack(base);
  const off: string[] = [];
  const alike = (what: string, server: { status: number; body: unknown }, mock: { status: number; body: unknown }, status: number) => {
    assert.equal(server.status, status, `${what}: ${JSON.stringify(server.body)}`);
    if (!isDeepStrictEqual(mock, server)) off.push(`${what}: server ${JSON.stringify(server)}, mock ${JSON.stringify(mock)}`);
  };
  try {
    const PHONE = '+77071234567';
    const A = '/cities/aksu/authors/verification';
    const server = await call(s.app, 'POST', A, { body: { phone: PHONE } });
    const mocked = await (await post(A, { phone: PHONE })).json();
    const right = s.sms.last(server.body.challengeId);
    const wrong = right === '000000' ? '111111' : '000000';
    const confirm = async (what: string, codes: { server: string; mock: string }, status: number) => {
      const a = await call(s.app, 'POST', `${A}/${server.body.challengeId}/confirm`, { body: { code: codes.server } });
      const b = await post(`${A}/${mocked.challengeId}/confirm`, { code: codes.mock });
      alike(what, { status: a.status, body: a.body }, { status: b.status, body: await b.json() }, status);
    };
    for (let left = 4; left >= 1; left--) await confirm(`a wrong code, ${left} attempts left`, { server: wrong, mock: '000000' }, 422);
    await confirm('the fifth wrong code', { server: wrong, mock: '000000' }, 403);
    await confirm('the right code once locked', { server: right, mock: '123456' }, 404);

    const resubmit = async (what: string, change: Record<string, unknown>, status: number) => {
      const a = await call(s.app, 'POST', `/cities/aksu/authors/proposals/${submitted.body.id}/resubmit`, { token, key: newKey(), body: { ...editOf(submitted.body), ...change } });
      const b = await post(`/cities/aksu/authors/proposals/${list[0]!.id}/resubmit`, { ...editOf(list[0]!), ...change }, { authorization: `Bearer ${mockToken}`, 'idempotency-key': newKey() });
      const answer = { status: b.status, body: await b.json() };
      if (status >= 400) alike(what, { status: a.status, body: a.body }, answer, status);
      else assert.deepEqual([a.status, answer.status], [status, status], `${what}: ${a.text} ${JSON.stringify(answer.body)}`);
    };
    await resubmit('over the cap', { estimatedCost: 50_000_000 }, 422);
    await resubmit('resubmitted', {}, 200);
    await resubmit('resubmitted again, no longer sent back', {}, 409);
  } finally {
    s.close();
  }
  assert.deepEqual(off, [], 'answered otherwise by the mock');
});

test('a proposal’s photos and its author’s limit: a photo nobody uploaded, one another proposal took, one twice, and a proposal over the cycle’s limit per author — refused alike, whole, in the server’s order (the photos first)', async () => {
  // A limit of two proposals per author on both.
  const server = testServer({ now: AT.aksu.submission, edit: (f) => void (f.cities.find((c) => c.slug === 'aksu')!.cycles.at(-1)!.proposalLimit = 2) });
  const BASE = 'http://mock-photos-limit.test/api/v1';
  const m = createMockApi({ base: BASE, phase: 'submission', code: '123456' });
  m.state.configs.get('aksu')!.cycle.proposalLimit = 2;
  msw.use(...m.handlers);
  const off: string[] = [];
  const png = demoPng(8, 8, [40, 50, 60]) as Uint8Array<ArrayBuffer>;
  type Ids = { server: string; mock: string };
  const upload = async (): Promise<Ids> => {
    const s = await call(server.app, 'POST', '/cities/aksu/photos?name=p.png', { raw: png, contentType: 'image/png' });
    const res = await fetch(`${BASE}/cities/aksu/photos?name=p.png`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png });
    const mocked = await res.json();
    assert.deepEqual([s.status, res.status], [201, 201], `uploaded: ${s.text} ${JSON.stringify(mocked)}`);
    return { server: s.body.id, mock: mocked.id };
  };
  /** A proposal to each side (each its own category and photo ids) under a fresh key: refused alike, whole; taken alike. */
  const submit = async (what: string, photos: (side: keyof Ids) => string[], status: number, phone = '+77015550800') => {
    const body = (side: keyof Ids) => ({ ...proposalBody('', phone), ...(side === 'mock' ? { category: 'yards' } : {}), photos: photos(side) });
    const s = await call(server.app, 'POST', '/cities/aksu/proposals', { key: newKey(), body: body('server') });
    const res = await fetch(`${BASE}/cities/aksu/proposals`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': newKey() }, body: JSON.stringify(body('mock')) });
    const r = { s: { status: s.status, body: s.body as any }, m: { status: res.status, body: await res.json() } };
    assert.equal(r.s.status, status, `${what}: ${s.text}`);
    if (status >= 400 ? !isDeepStrictEqual(r.m, r.s) : r.m.status !== status) off.push(`${what}: server ${JSON.stringify(r.s)}, mock ${JSON.stringify(r.m)}`);
    return r;
  };
  try {
    const first = await upload();
    await submit('a photo nobody uploaded', () => ['ph_nope'], 400);
    await submit('an uploaded photo and one nobody uploaded', (side) => [first[side], 'ph_nope'], 400);
    await submit('the same photo twice', (side) => [first[side], first[side]], 400);
    const taken = await submit('the first proposal', (side) => [first[side]], 201);
    assert.deepEqual(taken.m.body.photos.map((p: { id: string }) => p.id), [first.mock], 'the mock’s proposal has its photo');
    await submit('a photo the first proposal took', (side) => [first[side]], 400);
    const second = await upload();
    await submit('the second proposal, with a fresh photo', (side) => [second[side]], 201);
    const third = await upload();
    await submit('a third of the same author, with a photo nobody uploaded (the photos before the limit)', () => ['ph_nope'], 400);
    await submit('a third of the same author, over the limit of two', (side) => [third[side]], 409);
    await submit('a third of the same author, the phone written otherwise', (side) => [third[side]], 409, '8 701 555 08 00');
    await submit('another author, with the photo the refused one did not take', (side) => [third[side]], 201, '+77015550801');
    assert.deepEqual(off, [], 'answered otherwise by the mock');
  } finally {
    server.close();
  }
});

test('a code typed after it expired is refused alike (410 code_expired), and the verification is gone (404); one left alone past its grace is gone, also for a new code; a new code asked for in time gives ten minutes again — residents and authors', async () => {
  const server = testServer({ now: AT.aksu.voting });
  const BASE = 'http://mock-expiry.test/api/v1';
  const m = createMockApi({ base: BASE, code: '123456' });
  msw.use(...m.handlers);
  const { off, post, later } = twoClocks(server, BASE, AT.aksu.voting);
  clock.timers.enable({ apis: ['Date'], now: Date.now() });
  try {
    for (const who of ['resident', 'author'] as const) {
      const V = who === 'resident' ? '/cities/aksu/verification' : '/cities/aksu/authors/verification';
      const [a, b, c] = adultIins(3, who === 'resident' ? 800 : 810);
      const begin = (iin: string, phone: string) => (who === 'resident' ? { cycleId: 'aksu-2026', iin, phone } : { phone });
      const started = async (what: string, iin: string, phone: string) => {
        const r = await post(`${who}: ${what}`, same(V), same(begin(iin, phone)), 201);
        return { server: r.s.body.challengeId as string, mock: r.m.body.challengeId as string };
      };
      const at = (ids: Pair, rest: string): Pair => ({ server: `${V}/${ids.server}${rest}`, mock: `${V}/${ids.mock}${rest}` });

      // Typed eleven minutes later: expired, and then gone.
      const late = await started('a verification', a!, '+77015550810');
      later(11);
      const codes = { server: who === 'resident' ? server.sms.last(late.server) : '123456', mock: '123456' };
      await post(`${who}: the right code, eleven minutes later`, at(late, '/confirm'), { server: { code: codes.server }, mock: { code: codes.mock } }, 410);
      await post(`${who}: the right code again`, at(late, '/confirm'), { server: { code: codes.server }, mock: { code: codes.mock } }, 404);

      // Left alone twenty-one minutes (past the code's ten and as many of grace): gone, also for a new code.
      const left = await started('another verification', b!, '+77015550811');
      later(21);
      await post(`${who}: a code twenty-one minutes later`, at(left, '/confirm'), same({ code: '123456' }), 404);
      await post(`${who}: a new code twenty-one minutes later`, at(left, '/resend'), same({}), 404);
      if (who === 'resident') {
        // Another city's, expired: forbidden still (the city is checked first).
        await post(`${who}: an expired one at another city’s address`, { server: `/cities/rudny/verification/${left.server}/confirm`, mock: `/cities/rudny/verification/${left.mock}/confirm` }, same({ code: '123456' }), 403);
      }

      // A new code asked for eleven minutes later: ten minutes again, and it works.
      const renewed = await started('a third verification', c!, '+77015550812');
      later(11);
      await post(`${who}: a new code eleven minutes later`, at(renewed, '/resend'), same({}), 201);
      if (who === 'resident') await post(`${who}: the new code`, at(renewed, '/confirm'), { server: { code: server.sms.last(renewed.server) }, mock: { code: '123456' } }, 200);
    }
    assert.deepEqual(off, [], 'answered otherwise by the mock');
  } finally {
    clock.timers.reset();
    server.close();
  }
});

test('results before they are published: refused alike (403 phase_closed), in the server’s words (each side’s own date)', async () => {
  const s = await call(t.app, 'GET', '/cities/aksu/results');
  const res = await fetch(`${MOCK}/cities/aksu/results`);
  const m = await res.json();
  assert.deepEqual(shape(res.status, m), shape(s.status, s.body));
  assert.equal(s.status, 403, s.text);
  const words = (message: unknown) => String(message).replace(/\d{4}-\d\d-\d\d[^ ]*/g, '<date>');
  assert.equal(words(m.message), words(s.body.message), 'the server’s words');
});

/** A GET to the server's app and to the mock: each status and body. */
async function getBoth(path: string) {
  const s = await call(t.app, 'GET', path);
  const res = await fetch(`${MOCK}${path}`);
  return { s: { status: s.status, body: s.body as any }, m: { status: res.status, body: await res.json() } };
}

/** `?cycle=` naming no cycle of the city, on `route` (a city's config or results): 404 on the server, the mock's answer whole alike. */
async function unknownCyclesAlike(route: (city: string) => string): Promise<void> {
  for (const [what, path] of [
    ['an older cycle neither has', `${route('aksu')}?cycle=aksu-2025`],
    ['another city’s cycle', `${route('aksu')}?cycle=rudny-2026`],
    ['an empty one', `${route('aksu')}?cycle=`],
    ['no value', `${route('aksu')}?cycle`],
    ['another and the current one (the first counts)', `${route('rudny')}?cycle=nope&cycle=rudny-2026`],
    ['a city neither knows (the city first)', `${route('nowhere')}?cycle=nope`],
  ] as const) {
    const r = await getBoth(path);
    assert.equal(r.s.status, 404, `${what}: ${JSON.stringify(r.s.body)}`);
    assert.deepEqual(r.m, r.s, what);
  }
}

test('results of a cycle named by ?cycle=: one the city does not have (another city’s, an older one, empty) is 404 alike, whole, after the city; the current one’s answer is the same as with no query', async () => {
  await unknownCyclesAlike((city) => `/cities/${city}/results`);
  // Aksu's results are not public yet (403 in each side's own words), Rudny's are: the current cycle named or not, alike.
  const words = (message: unknown) => String(message).replace(/\d{4}-\d\d-\d\d[^ ]*/g, '<date>');
  const closed = [await getBoth('/cities/aksu/results'), await getBoth('/cities/aksu/results?cycle=aksu-2026')];
  for (const r of closed) assert.deepEqual([r.m.status, r.m.body.code, words(r.m.body.message)], [r.s.status, r.s.body.code, words(r.s.body.message)]);
  assert.deepEqual(closed[1], closed[0], 'Aksu’s current cycle named: as with no query');
  const open = [await getBoth('/cities/rudny/results'), await getBoth('/cities/rudny/results?cycle=rudny-2026'), await getBoth('/cities/rudny/results?cycle=rudny-2026&cycle=nope')];
  for (const r of open) assert.deepEqual([r.s.status, r.m.status, r.s.body.cycleId, r.m.body.cycleId], [200, 200, 'rudny-2026', 'rudny-2026']);
  assert.deepEqual([open[1], open[2]], [open[0], open[0]], 'Rudny’s current cycle named: as with no query');
});

test('a city’s config for a cycle named by ?cycle=: one the city does not have is 404 alike, whole, after the city; the current one named is answered as with no query', async () => {
  await unknownCyclesAlike((city) => `/cities/${city}`);
  for (const path of ['/cities/aksu', '/cities/aksu?cycle=aksu-2026', '/cities/rudny?cycle=rudny-2026&cycle=nope']) {
    const r = await getBoth(path);
    assert.deepEqual([r.s.status, r.m.status, r.m.body.cycle.id], [200, 200, r.s.body.cycle.id], path);
  }
});

test('results count what the server counts (the council’s later statuses too, nothing hidden), say the council’s decision beside the count once final, and link the downloads as the server does (the CSV while live, the pabulib file too once final) — alike', async () => {
  // Aksu counted live while it votes, on both sides; no ballot is cast, so the count (the server's by equal shares)
  // funds nothing.
  const server = testServer({
    now: AT.aksu.voting,
    edit: (f) => void Object.assign(f.cities.find((c) => c.slug === 'aksu')!.cycles.find((c) => c.id === 'aksu-2026')!, { liveCounts: true, counting: { rule: 'mes', tieBreak: 'lexico' } }),
  });
  const BASE = 'http://mock-results.test/api/v1';
  const m = createMockApi({ base: BASE, phase: 'voting' });
  msw.use(...m.handlers);
  // The mock's Aksu counted live and by equal shares too (its config anew in each phase).
  const countedAsTheServer = () => Object.assign(m.state.configs.get('aksu')!.cycle, { liveCounts: true, counting: { rule: 'mes', tieBreak: 'lexico' } });
  countedAsTheServer();
  // On each side a project of the city-wide pool in each status of the ballot, with the same history; the server has a
  // hidden winner too (the mock hides none).
  const entries = (status: ProposalStatus): StatusChange[] => {
    const funded = ['winner', 'in_progress', 'implemented', 'cancelled'].includes(status);
    return [
      { status: 'submitted', at: '2026-04-20T10:00:00+05:00' },
      { status: 'on_ballot', at: '2026-08-01T10:00:00+05:00' },
      ...(status === 'on_ballot' ? [] : [{ status: funded ? 'winner' : 'not_funded', at: '2026-10-02T10:00:00+05:00', note: 'Решение совета.' } as const]),
      ...(status === 'in_progress' || status === 'implemented' ? [{ status: 'in_progress', at: '2026-11-01T10:00:00+05:00' } as const] : []),
      ...(status === 'implemented' ? [{ status: 'implemented', at: '2026-12-01T10:00:00+05:00' } as const] : []),
      ...(status === 'cancelled' ? [{ status: 'cancelled', at: '2026-11-01T10:00:00+05:00', note: 'Участок изъят.' } as const] : []),
    ];
  };
  const statuses: ProposalStatus[] = ['on_ballot', 'winner', 'not_funded', 'in_progress', 'implemented', 'cancelled'];
  const labels = { server: new Map<string, string>(), mock: new Map<string, string>() };
  for (const status of statuses) {
    const p = fundedProject('results-parity', { cycleId: 'aksu-2026', status, history: entries(status) });
    await server.store.createProposal(p, null);
    labels.server.set(p.id, status);
  }
  await server.store.createProposal(fundedProject('results-parity', { cycleId: 'aksu-2026', hidden: true }), null);
  const mockBallot = m.state.proposals.get('aksu')!.filter((p) => p.status === 'on_ballot' && p.poolId === 'city');
  statuses.forEach((status, i) => {
    Object.assign(mockBallot[i]!, { status, history: entries(status), votes: 0 });
    labels.mock.set(mockBallot[i]!.id, status);
  });
  const get = async (what: string) => {
    const s = await call(server.app, 'GET', '/cities/aksu/results');
    const res = await fetch(`${BASE}/cities/aksu/results`);
    const r = { s: s.body as any, m: await res.json() };
    assert.deepEqual([s.status, res.status], [200, 200], `${what}: ${s.text}`);
    assert.deepEqual([r.m.mode, r.m.downloads], [r.s.mode, r.s.downloads], `${what}: the mock’s downloads`);
    return r;
  };
  // Each counted project by its status: funded by the count or not, and the council's decision beside it.
  type Counted = { projectId: string; funded: boolean; decision?: { funded: boolean; at: string; note?: string } };
  const counted = (body: any, side: 'server' | 'mock') =>
    Object.fromEntries(
      body.pools
        .flatMap((pool: { projects: Counted[] }) => pool.projects)
        .map((p: Counted) => [labels[side].get(p.projectId) ?? p.projectId, { funded: p.funded, ...(p.decision ? { decision: { ...p.decision, at: Date.parse(p.decision.at) } } : {}) }]),
    );
  try {
    const live = await get('live');
    assert.deepEqual([live.s.mode, live.s.downloads], ['live', { csv: '/api/v1/cities/aksu/results.csv' }], 'the server’s, live');
    server.setNow(AT.aksu.results);
    m.state.setPhase('aksu', 'results');
    countedAsTheServer();
    const final = await get('final');
    assert.deepEqual([final.s.mode, final.s.downloads], ['final', { csv: '/api/v1/cities/aksu/results.csv', pb: '/api/v1/cities/aksu/results.pb' }], 'the server’s, final');
    const decided = { funded: false, decision: { funded: true, at: Date.parse('2026-10-02T10:00:00+05:00'), note: 'Решение совета.' } };
    const expected = { on_ballot: { funded: false }, winner: decided, not_funded: { funded: false }, in_progress: decided, implemented: decided, cancelled: decided };
    assert.deepEqual(counted(final.s, 'server'), expected, 'the server’s');
    assert.deepEqual(counted(final.m, 'mock'), expected, 'the mock’s');
  } finally {
    server.close();
  }
});

/**
 * A mock at `base` that mirrors the server's city `slug`, its clock at `readAt` (when the results will be read):
 * `mirror()` gives it the server's config as the server gives it now (dates, pools, rule, phase), and the projects of
 * the server's public list (their ids, costs, statuses, history). `cast` has a voter of its own on each side verify
 * and cast a ballot with the same choices, through each side's API.
 */
async function mirrorCity(server: TestServer, base: string, slug: 'aksu' | 'rudny', readAt: string, location?: { lat: number; lng: number }) {
  const m = createMockApi({ base, now: Date.parse(readAt), code: '123456' });
  msw.use(...m.handlers);
  const mirror = async () => {
    const config = await call(server.app, 'GET', `/cities/${slug}`);
    assert.equal(config.status, 200, config.text);
    m.state.configs.set(slug, config.body);
    const list = await call(server.app, 'GET', `/cities/${slug}/proposals?limit=100`);
    assert.equal(list.status, 200, list.text);
    m.state.proposals.set(slug, list.body.items.map(({ votes: _count, ...p }: Proposal): Proposal => p));
  };
  await mirror();
  let voters = 0;
  const cast = async (choices: PoolChoice[], status = 201) => {
    const n = ++voters;
    const cycleId = m.state.configs.get(slug)!.cycle.id;
    const person = 4000 + (slug === 'aksu' ? 100 : 200) + n;
    const start = { cycleId, iin: adultIins(1, person)[0]!, phone: phoneFor(person), ...(location ? { location } : {}) };
    const { token } = await verify(server, slug, start.iin, start.phone, location);
    const s = await call(server.app, 'POST', `/cities/${slug}/ballots`, { token, key: newKey(), body: { cycleId, choices } });
    const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    };
    const started = await post(`/cities/${slug}/verification`, start);
    const session = await post(`/cities/${slug}/verification/${started.body.challengeId}/confirm`, { code: '123456' });
    assert.equal(session.status, 200, JSON.stringify(session.body));
    const mc = await post(`/cities/${slug}/ballots`, { cycleId, choices }, { authorization: `Bearer ${session.body.token}`, 'idempotency-key': newKey() });
    assert.deepEqual([s.status, mc.status], [status, status], `voter ${n}: ${s.text} / ${JSON.stringify(mc.body)}`);
  };
  /** The same GET to both: status, the headers a download is read by, and the body (its bytes, and parsed when JSON). */
  const get = async (path: string) => {
    const answer = async (res: Response) => {
      const bytes = Buffer.from(await res.arrayBuffer());
      const type = res.headers.get('content-type') ?? '';
      return { status: res.status, type, disposition: res.headers.get('content-disposition'), bytes, body: type.includes('json') ? JSON.parse(bytes.toString('utf8')) : bytes.toString('utf8') };
    };
    return { s: await answer(await server.app.request(`http://localhost/api/v1${path}`)), m: await answer(await fetch(`${base}${path}`)) };
  };
  return { m, mirror, cast, get };
}

/** A project on the server's ballot of `slug`'s 2026 cycle, as the store keeps it: in `poolId`, costing `cost`. */
function onTheBallot(slug: 'aksu' | 'rudny', poolId: string, category: string, cost: number, status: ProposalStatus = 'on_ballot') {
  const { district: _none, ...p } = fundedProject('count-parity', {
    city: slug,
    cycleId: `${slug}-2026`,
    status,
    poolId,
    category,
    estimatedCost: cost,
    finalCost: cost,
    history: [
      { status: 'submitted', at: '2025-05-01T00:00:00.000Z' },
      { status: 'on_ballot', at: '2025-06-01T00:00:00.000Z' },
      ...(status === 'on_ballot' ? [] : [{ status, at: '2025-06-02T00:00:00.000Z' }]),
    ],
  });
  return slug === 'aksu' ? { ...p, district: 'town' } : p;
}

/**
 * The same ballots on the server and on mocks that mirror it (`mirrorCity`). Rudny counts by equal shares with live
 * counts, in two pools (not every voter chooses in both); `rudny()` casts its ballots while it votes and leaves both
 * sides there, a second later (the caller resets the clock). Aksu counts greedily, in a pool of 20 000 000 ₸; `aksu()`
 * casts its ballots while it votes, puts a ballot and a project of its last cycle on each side (no count of 2026 reads
 * them), and leaves both sides in 2028, when the cycle has closed (its results final, though its phase is none of the
 * results').
 */
async function countedAlike(tag: string) {
  const server = testServer({
    now: AT.rudny.voting,
    edit: (f) => {
      Object.assign(f.cities.find((c) => c.slug === 'rudny')!.cycles[0]!, { liveCounts: true, counting: { rule: 'mes', tieBreak: 'lexico' } });
      f.cities.find((c) => c.slug === 'aksu')!.cycles[0]!.pools[0]!.budget = 20_000_000;
    },
  });
  const ids = async (projects: ReturnType<typeof onTheBallot>[]) => {
    for (const p of projects) await server.store.createProposal(p, null);
    return projects.map((p) => p.id);
  };
  const AFTER = '2028-01-10T10:00:00+05:00';
  const rudny = async () => {
    const [i1, i2, i3, i4] = await ids([12_000_000, 10_000_000, 8_000_000, 5_000_000].map((cost) => onTheBallot('rudny', 'infrastructure', 'infrastructure', cost)));
    const [e1, e2, e3] = await ids([4_000_000, 4_000_000, 4_000_000].map((cost) => onTheBallot('rudny', 'events', 'event', cost)));
    const side = await mirrorCity(server, `http://mock-count-rudny-${tag}.test/api/v1`, 'rudny', AT.rudny.voting, RUDNY_INSIDE);
    const infra = (projectId: string): PoolChoice => ({ poolId: 'infrastructure', picks: [{ projectId }] });
    const events = (projectId: string): PoolChoice => ({ poolId: 'events', picks: [{ projectId }] });
    for (const choices of [[infra(i1!), events(e1!)], [infra(i1!)], [infra(i2!), events(e2!)], [events(e1!)], [infra(i3!)], [events(e3!)]]) await side.cast(choices);
    // The server recounts live results at most once a second (its list counted them when the mock mirrored it): a
    // second later, on a clock the caller resets.
    clock.timers.enable({ apis: ['Date'], now: Date.now() + 1_000 });
    return { ...side, unvoted: i4! };
  };
  const aksu = async () => {
    server.setNow(AT.aksu.voting);
    const [p1, p2, p3, p4, p5] = await ids([9_000_000, 8_000_000, 7_000_000, 2_000_000, 1_000_000].map((cost) => onTheBallot('aksu', 'city', 'improvement', cost)));
    const side = await mirrorCity(server, `http://mock-count-aksu-${tag}.test/api/v1`, 'aksu', AFTER);
    const city = (...projects: string[]): PoolChoice[] => [{ poolId: 'city', picks: projects.map((projectId) => ({ projectId })) }];
    for (const choices of [city(p1!, p2!, p3!), city(p1!, p2!, p3!), city(p1!, p2!, p4!), city(p1!, p2!), city(p1!, p3!, p4!)]) await side.cast(choices);
    // Last year's ballot for the project nobody chose this year, on each side.
    const lastYear = { cycleId: 'aksu-2025', choices: city(p5!) };
    await server.store.castBallot(
      { city: 'aksu', cycleId: 'aksu-2025', voterHash: 'last-year-voter', receiptCode: 'AAAA-BBBB-CCCC-DDDD', channel: 'online', castAt: '2025-09-10T10:00:00+05:00', replacedAt: null, choices: lastYear.choices },
      'final',
      { scope: 'parity', key: 'last-year', requestHash: '-', status: 201, body: '{}', createdAt: '2025-09-10T10:00:00+05:00' },
    );
    side.m.state.ballots.set('aksu-2025:last-year-voter', { input: lastYear, receipt: { receiptCode: 'AAAA-BBBB-CCCC-DDDD', cycleId: 'aksu-2025', castAt: '2025-09-10T10:00:00+05:00', changeableUntil: null } });
    server.setNow(AFTER);
    await side.mirror();
    // And a project of last year's ballot, in the same pool, on each side (no count of 2026 reads it either).
    const last = { ...onTheBallot('aksu', 'city', 'improvement', 1_000_000), cycleId: 'aksu-2025' };
    await server.store.createProposal(last, null);
    const mirrored = side.m.state.proposals.get('aksu')!;
    mirrored.push({ ...mirrored[0]!, id: last.id, title: last.title, cycleId: 'aksu-2025' });
    return { ...side, unvoted: p5! };
  };
  return { server, rudny, aksu };
}

test('results count each pool by the cycle’s rule (the server’s count, greedy or by equal shares) over that cycle’s ballots and projects only, give each pool the ballots that chose in it and the turnout of the cycle, and are final from the start of the results phase on — alike, whole', async () => {
  const { server, rudny, aksu } = await countedAlike('results');
  try {
    // Rudny, by equal shares, live: a project nobody chose is not funded (no support), and a pool's ballots are those
    // that chose in it.
    const r = await rudny();
    const live = await r.get('/cities/rudny/results');
    assert.equal(live.s.status, 200, live.s.body);
    assert.deepEqual([live.s.body.mode, live.s.body.turnout.total, live.s.body.pools.map((p: { ballots: number }) => p.ballots)], ['live', 6, [4, 4]], 'the server’s count');
    const funded = (body: Results) => body.pools.map((p) => p.projects.filter((x) => x.funded).length);
    assert.deepEqual(funded(live.s.body), [3, 1], 'the server funds by equal shares: not the project nobody chose, nor the events the shares cannot pay');
    assert.deepEqual(live.m.body, live.s.body, 'Rudny, by equal shares, live');
    // Aksu, greedy, after the cycle closed: final; a project that fits is funded though nobody chose it, as the
    // server's greedy count does; last year's ballot is not counted.
    const a = await aksu();
    const final = await a.get('/cities/aksu/results');
    assert.equal(final.s.status, 200, final.s.body);
    const unvoted = final.s.body.pools[0].projects.find((p: { projectId: string }) => p.projectId === a.unvoted);
    assert.deepEqual([final.s.body.mode, final.s.body.turnout.total, unvoted.funded, unvoted.votes], ['final', 5, true, 0], 'the server’s count');
    assert.deepEqual(final.m.body, final.s.body, 'Aksu, greedy, final');
  } finally {
    clock.timers.reset();
    server.close();
  }
});

test('the results’ downloads (the CSV table, the pabulib file of a pool): the same bytes, type and file name as the server’s for the same ballots; refused alike, whole, in the server’s order (the city, ?cycle=, results not public yet, the pabulib file before the results are final, ?pool=)', async () => {
  const { server, rudny, aksu } = await countedAlike('downloads');
  try {
    const r = await rudny();
    /**
     * A download alike: its type, file name and bytes (or, for the pabulib file, `same` of its text); a refusal alike,
     * whole (status, code, the server's words).
     */
    const alike = async (side: typeof r, path: string, status: number, same = (s: string, m: string) => assert.equal(m, s)) => {
      const x = await side.get(path);
      assert.equal(x.s.status, status, `${path}: ${x.s.bytes.toString('utf8')}`);
      if (status !== 200) return assert.deepEqual([x.m.status, x.m.body], [x.s.status, x.s.body], path);
      assert.deepEqual([x.m.status, x.m.type, x.m.disposition], [x.s.status, x.s.type, x.s.disposition], path);
      if (x.s.type.startsWith('text/plain')) same(x.s.body, x.m.body);
      else assert.ok(x.m.bytes.equals(x.s.bytes), `${path}: ${x.s.bytes.toString('utf8')} / ${x.m.bytes.toString('utf8')}`);
    };
    // Live (Rudny): the CSV, byte for byte; the pabulib file only once final; unknown cycles and cities.
    await alike(r, '/cities/rudny/results.csv', 200);
    assert.equal((await r.get('/cities/rudny/results.csv')).s.bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'the server’s CSV starts with a byte order mark');
    await alike(r, '/cities/rudny/results.csv?cycle=rudny-2026', 200);
    await alike(r, '/cities/rudny/results.pb', 403);
    await alike(r, '/cities/rudny/results.pb?pool=nope', 403);
    // Aksu, mirrored on Rudny's mock too, does not show live counts: not public yet (long before its vote).
    r.m.state.configs.set('aksu', (await call(server.app, 'GET', '/cities/aksu')).body);
    for (const download of ['results.csv', 'results.pb']) {
      await alike(r, `/cities/rudny/${download}?cycle=rudny-2025`, 404);
      await alike(r, `/cities/rudny/${download}?cycle=`, 404);
      await alike(r, `/cities/nowhere/${download}?cycle=nope`, 404);
      await alike(r, `/cities/aksu/${download}`, 403);
      await alike(r, `/cities/aksu/${download}?cycle=nope`, 404);
    }
    // Final (Aksu): the CSV byte for byte; the pabulib file with the same meta, projects and ballots (the server
    // numbers its voters in an order of its own key, so the ballots are compared without their numbers).
    const a = await aksu();
    await alike(a, '/cities/aksu/results.csv', 200);
    const sections = (text: string) => {
      const [meta, rest] = text.split('\nPROJECTS\n') as [string, string];
      const [projects, votes] = rest.split('\nVOTES\n') as [string, string];
      const [header, ...rows] = votes.trimEnd().split('\n');
      return { meta, projects, header, ids: rows.map((row) => row.split(';')[0]), ballots: rows.map((row) => row.split(';').slice(1).join(';')).sort() };
    };
    const pb = (s: string, m: string) => {
      const [server, mock] = [sections(s), sections(m)];
      assert.deepEqual(server.ids, ['1', '2', '3', '4', '5'], 'the server’s voters, numbered');
      assert.deepEqual(mock, server, 'the pabulib file');
    };
    await alike(a, '/cities/aksu/results.pb', 200, pb);
    await alike(a, '/cities/aksu/results.pb?pool=city', 200, pb);
    await alike(a, '/cities/aksu/results.pb?pool=nope', 404);
    await alike(a, '/cities/aksu/results.pb?pool=', 404);
    await alike(a, '/cities/aksu/results.pb?cycle=aksu-2025&pool=nope', 404);
  } finally {
    clock.timers.reset();
    server.close();
  }
});

test('a ballot is checked against what is on the ballot as the server counts it: a project the council has since marked (winner, not funded, in progress) is still chosen, alike', async () => {
  const server = testServer({ now: AT.aksu.voting });
  try {
    const projects = (['on_ballot', 'winner', 'not_funded', 'in_progress'] as const).map((status) => onTheBallot('aksu', 'city', 'improvement', 1_000_000, status));
    for (const p of projects) await server.store.createProposal(p, null);
    const side = await mirrorCity(server, 'http://mock-ballot-statuses.test/api/v1', 'aksu', AT.aksu.voting);
    for (const p of projects.slice(1)) await side.cast([{ poolId: 'city', picks: [{ projectId: projects[0]!.id }, { projectId: p.id }] }]);
  } finally {
    server.close();
  }
});

test('checking a receipt: a malformed code (400), one no ballot has (404), another city’s (403), a city neither knows — alike, whole, in the server’s order; one’s own receipt counted, and replaced once voted again', async () => {
  const server = testServer({ now: AT.aksu.submission });
  const BASE = 'http://mock-receipts.test/api/v1';
  const m = createMockApi({ base: BASE, code: '123456' });
  msw.use(...m.handlers);
  const off: string[] = [];
  try {
    // A project on the server's ballot (the mock's fixtures have theirs), then a voter on each side.
    const photo = await call(server.app, 'POST', '/cities/aksu/photos?name=p.png', { raw: demoPng(8, 8, [10, 20, 30]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' });
    const made = await call(server.app, 'POST', '/cities/aksu/proposals', { key: newKey(), body: proposalBody(photo.body.id, '+77015550900') });
    assert.equal(made.status, 201, made.text);
    server.setNow(AT.aksu.review);
    assert.equal((await call(server.app, 'POST', `/admin/cities/aksu/proposals/${made.body.id}/ballot`, { token: server.adminTokens['aksu-centre'], body: { poolId: 'city' } })).status, 200);
    server.setNow(AT.aksu.voting);
    const mockProject = m.state.proposals.get('aksu')!.find((p) => p.status === 'on_ballot' && p.poolId === 'city')!.id;
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${BASE}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const start = { cycleId: 'aksu-2026', iin: adultIins(1, 900)[0]!, phone: '+77015550901' };
    const s0 = await call(server.app, 'POST', '/cities/aksu/verification', { body: start });
    const s1 = await call(server.app, 'POST', `/cities/aksu/verification/${s0.body.challengeId}/confirm`, { body: { code: server.sms.last(s0.body.challengeId) } });
    const m0 = await post('/cities/aksu/verification', start);
    const m1 = await post(`/cities/aksu/verification/${m0.body.challengeId}/confirm`, { code: '123456' });
    assert.deepEqual([s1.status, m1.status], [200, 200], `${s1.text} ${JSON.stringify(m1.body)}`);
    const ballot = (projectId: string) => ({ cycleId: 'aksu-2026', choices: [{ poolId: 'city', picks: [{ projectId }] }] });
    const cast = async () => {
      const s = await call(server.app, 'POST', '/cities/aksu/ballots', { token: s1.body.token, key: newKey(), body: ballot(made.body.id) });
      const mc = await post('/cities/aksu/ballots', ballot(mockProject), { authorization: `Bearer ${m1.body.token}`, 'idempotency-key': newKey() });
      assert.deepEqual([s.status, mc.status], [201, 201], `${s.text} ${JSON.stringify(mc.body)}`);
      return { server: s.body.receiptCode as string, mock: mc.body.receiptCode as string };
    };
    const first = await cast();
    const check = async (what: string, paths: { server: string; mock: string }, status: number) => {
      const s = await call(server.app, 'GET', paths.server);
      const res = await fetch(`${BASE}${paths.mock}`);
      const r = { s: { status: s.status, body: s.body as any }, m: { status: res.status, body: await res.json() } };
      assert.equal(r.s.status, status, `${what}: ${s.text}`);
      if (status >= 400 ? !isDeepStrictEqual(r.m, r.s) : r.m.status !== status) off.push(`${what}: server ${JSON.stringify(r.s)}, mock ${JSON.stringify(r.m)}`);
      return r;
    };
    const same = (path: string) => ({ server: path, mock: path });
    const of = (codes: { server: string; mock: string }, city = 'aksu') => ({ server: `/cities/${city}/receipts/${codes.server}`, mock: `/cities/${city}/receipts/${codes.mock}` });
    const counted = await check('one’s own receipt', of(first), 200);
    for (const side of ['s', 'm'] as const) assert.deepEqual([counted[side].body.status, counted[side].body.channel], ['counted', 'online'], `${side}: counted, online`);
    await check('not a receipt code', same('/cities/aksu/receipts/nope'), 400);
    await check('a receipt code in small letters', same(`/cities/aksu/receipts/${first.server.toLowerCase()}`), 400);
    await check('a receipt code no ballot has', same('/cities/aksu/receipts/2222-3333-4444-5555'), 404);
    await check('one’s own receipt at another city’s address', of(first, 'rudny'), 403);
    await check('not a receipt code, for a city neither knows (the city first)', same('/cities/nowhere/receipts/nope'), 404);
    // Voted again (Aksu's vote may be changed until it closes): the first receipt is replaced, the new one counted.
    const second = await cast();
    const replaced = await check('the first receipt, once voted again', of(first), 200);
    for (const side of ['s', 'm'] as const) assert.equal(replaced[side].body.status, 'replaced', `${side}: replaced`);
    const now = await check('the new receipt', of(second), 200);
    for (const side of ['s', 'm'] as const) assert.equal(now[side].body.status, 'counted', `${side}: counted`);
    assert.deepEqual(off, [], 'answered otherwise by the mock');
  } finally {
    server.close();
  }
});

test('answers carry the server’s headers: their type (UTF-8 said), how they may be kept, and the security headers — a list, refusals, the config (an ETag, kept only to be asked again, 304 while unchanged), a download, progress and its feed — alike', async () => {
  const HEADERS = ['content-type', 'cache-control', 'x-content-type-options', 'referrer-policy', 'content-security-policy', 'x-frame-options', 'permissions-policy'];
  const headersOf = (res: Response) => Object.fromEntries(HEADERS.map((name) => [name, res.headers.get(name)]));
  const answer = async (what: string, path: string, status: number, init: Pair<RequestInit> = same({})) => {
    const s = await t.app.request(`http://localhost/api/v1${path}`, init.server);
    const m = await fetch(`${MOCK}${path}`, init.mock);
    assert.deepEqual([s.status, m.status], [status, status], `${what}: ${await s.clone().text()}`);
    assert.deepEqual(headersOf(m), headersOf(s), what);
    return { s, m };
  };
  const malformed = same<RequestInit>({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
  const list = await answer('a list (JSON, 200)', '/cities/aksu/proposals', 200);
  assert.equal(list.s.headers.get('content-type'), 'application/json; charset=utf-8', 'the server’s JSON says UTF-8');
  assert.equal(list.s.headers.get('cache-control'), 'no-store', 'the server’s list is not stored');
  await answer('an unknown city (404)', '/cities/nowhere/proposals', 404);
  await answer('malformed JSON (400)', '/cities/aksu/verification', 400, malformed);
  await answer('a ballot without a token (401)', '/cities/aksu/ballots', 401, same<RequestInit>({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
  await answer('results not public yet (403)', '/cities/aksu/results', 403);
  await answer('the results’ CSV table', '/cities/rudny/results.csv', 200);
  await answer('progress (JSON)', '/cities/aksu/progress', 200);
  await answer('no such funded project (404)', '/cities/aksu/progress/nope', 404);
  const feed = await answer('the progress feed (Atom)', '/cities/aksu/progress/feed.atom', 200);
  assert.equal(feed.s.headers.get('cache-control'), 'public, max-age=300', 'the server lets a feed be kept five minutes');
  // The config: each side's own tag (the mock's config is not the server's), asked for again.
  const config = await answer('the config', '/cities/aksu', 200);
  const tags = { server: config.s.headers.get('etag')!, mock: config.m.headers.get('etag')! };
  assert.match(tags.server, /^"[\w-]{22}"$/, 'the server’s tag');
  assert.match(tags.mock, /^"[\w-]{22}"$/, 'the mock’s tag, of the same kind');
  assert.equal(config.s.headers.get('cache-control'), 'no-cache', 'the server’s config is kept only to be asked again');
  const asked = (tag: Pair): Pair<RequestInit> => ({ server: { headers: { 'if-none-match': tag.server } }, mock: { headers: { 'if-none-match': tag.mock } } });
  const unchanged = await answer('the config unchanged (304)', '/cities/aksu', 304, asked(tags));
  assert.deepEqual([await unchanged.m.text(), unchanged.m.headers.get('etag')], ['', tags.mock], 'the mock’s 304: no body, its tag');
  await answer('the config unchanged, its tag among others and weak (304)', '/cities/aksu', 304, asked({ server: `"other", W/${tags.server}`, mock: `"other", W/${tags.mock}` }));
  const changed = await answer('the config asked with a tag it no longer has (200)', '/cities/aksu', 200, asked(same('"stale"')));
  assert.equal(changed.m.headers.get('etag'), tags.mock, 'the mock’s tag again');
});
