/**
 * The centre's msw mock (src/mock/admin-handlers.ts) must answer as the server
 * does: the same staff and voter-list requests go to the reference server's
 * app and to the mock (msw in node), and the statuses, error codes and issue
 * messages must be the same — refusals above all, since the centre's browser
 * tests run against the mock and explain each refusal to people.
 */
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import { after, before, mock as clock, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { ASSESSED_STATUSES, DecisionResult, ProposalVersions, StaffChallenge, StaffInvitation, type AdminProposal, type ProposalStatus, type Results, type StatusChange } from '../../src/contract/index.js';
import { createAdminMock, mockOidcFinish, mockStaffSession, MOCK_ADMIN_TOKEN, MOCK_CRITERIA, MOCK_EXPIRED_INVITE, MOCK_STAFF_CODE } from '../../src/mock/admin-handlers.js';
import { JSON_BODY_LIMIT, PAPER_BALLOTS_BODY_LIMIT, VOTER_LIST_BODY_LIMIT } from '../../src/domain/body-limit.js';
import { phaseClosedMessage } from '../../src/domain/phase.js';
import { Keys } from '../../src/server/crypto.js';
import { DEMO_VOTERS, seedCity } from '../../src/server/seed.js';
import type { OidcPort } from '../../src/server/services/verification.js';
import { AT, call, newKey, testServer, type TestServer } from '../../src/server/testing.js';
import { same, shape, twoClocks, type Answer, type Pair } from './support/parity.js';
import { fundedProject, withLastYear } from './support/implementation.js';
import { handedBack } from './support/oidc-browser.js';

const MOCK = 'http://admin-mock.test/api/v1';
const A = '/admin/cities/aksu';
const mock = createAdminMock({ base: MOCK, now: Date.parse(AT.aksu.review), phase: 'review', staff: true, identity: 'voter_list' });
/** The mock after the vote (results), beside the server at the same moment: the ballot is fixed. */
const MOCK_AFTER = 'http://admin-mock-after.test/api/v1';
const mockAfter = createAdminMock({ base: MOCK_AFTER, now: Date.parse(AT.aksu.results), phase: 'results' });
const msw = setupServer(...mock.handlers, ...mockAfter.handlers);
let t: TestServer;
let admin: string;
/** The server's active expert's session (the mock's is `mockStaffSession(mock.state, 'st_expert1')`). */
let expert: string;

type Side = { path?: string; body?: unknown; raw?: string; token?: string };
type Reply = { status: number; body: any };

async function onServer(method: string, path: string, o: Side): Promise<Reply> {
  const r = await call(t.app, method, o.path ?? path, { ...(o.body !== undefined ? { body: o.body } : {}), ...(o.raw !== undefined ? { raw: o.raw, contentType: 'text/csv' } : {}), ...(o.token ? { token: o.token } : {}) });
  return { status: r.status, body: r.body };
}

async function onMock(method: string, path: string, o: Side): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (o.raw !== undefined) headers['content-type'] = 'text/csv';
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const res = await fetch(`${MOCK}${o.path ?? path}`, { method, headers, ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : o.raw !== undefined ? { body: o.raw } : {}) });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** The same request to both (`as: 'admin'` sends each side's config token); `server`/`mock` override per side (own ids, own tokens). */
async function both(method: string, path: string, o: Side & { as?: 'admin'; server?: Side; mock?: Side } = {}) {
  const { as, server: so, mock: mo, ...common } = o;
  const s = await onServer(method, path, { ...common, ...(as ? { token: admin } : {}), ...so });
  const m = await onMock(method, path, { ...common, ...(as ? { token: MOCK_ADMIN_TOKEN } : {}), ...mo });
  return { server: shape(s.status, s.body) as Answer, mock: shape(m.status, m.body) as Answer, s, m };
}

async function alike(what: string, method: string, path: string, o: Parameters<typeof both>[2] = {}) {
  const r = await both(method, path, o);
  assert.deepEqual(r.mock, r.server, what);
  return r;
}

before(async () => {
  msw.listen({ onUnhandledRequest: 'error' });
  // The council scores on the mock's criteria on both sides.
  t = testServer({ now: AT.aksu.review, identity: 'example', edit: (f) => void (f.cities.find((c) => c.slug === 'aksu')!.assessment = { criteria: MOCK_CRITERIA }) });
  admin = t.adminTokens['aksu-centre']!;
  const rt = t.config.cities.get('aksu')!;
  await seedCity(t.store, new Keys(t.secrets.secret), rt, rt.cycles[0]!, t.now());
  // The server gets the mock's two people: the active expert (phone …47) and the invited one (an e-mail).
  const inv = await call(t.app, 'POST', `${A}/staff`, { token: admin, body: { name: 'Айгүл Серікқызы', organisation: 'Акимат', role: 'expert', contact: '+77010000047' } });
  assert.equal(inv.status, 201, inv.text);
  const start = await call(t.app, 'POST', `${A}/sign-in/invite`, { body: { inviteToken: inv.body.inviteToken } });
  const done = await call(t.app, 'POST', `${A}/sign-in/${start.body.challengeId}/confirm`, { body: { code: t.sms.last(start.body.challengeId) } });
  assert.equal(done.status, 200, done.text);
  expert = done.body.token;
  assert.equal((await call(t.app, 'POST', `${A}/staff`, { token: admin, body: { name: 'Pavel Ivanov', organisation: 'ERG', role: 'expert', contact: 'pavel@erg.kz' } })).status, 201);
});
after(() => {
  msw.close();
  t.close();
});

test('voter list: a replacement with no usable row is refused with its rows by line, and nothing changes', async () => {
  const [iin, phone] = DEMO_VOTERS[0]!;
  const loaded = await alike('a usable list', 'PUT', `${A}/voter-list`, { as: 'admin', raw: `${iin},${phone}\n` });
  assert.equal(loaded.s.status, 200);
  for (const [what, raw] of [
    ['a header and a bad row', 'IIN;phone\n12345,+77010000002\n'],
    ['bad IINs and phones', '12345,+77010000002\n791028302729,+77010000003\n791028302728,123\n'],
    ['nothing but blank lines', '\n\n'],
  ] as const) {
    const r = await alike(what, 'PUT', `${A}/voter-list`, { as: 'admin', raw });
    assert.equal(r.s.status, 400, what);
    assert.deepEqual(r.server.issues, [':voter_list.empty'], what);
    assert.deepEqual(r.m.body.details.rejected, r.s.body.details.rejected, `${what}: the refused rows by line`);
  }
  const s = await onServer('GET', `${A}/voter-list`, { token: admin });
  const m = await onMock('GET', `${A}/voter-list`, { token: MOCK_ADMIN_TOKEN });
  assert.equal(s.body.total, 1, 'the server kept its list');
  assert.equal(m.body.total, s.body.total, 'the mock kept its list');
  // Adding nothing is not refused (only a replacement would empty the list).
  await alike('an amendment with no usable row', 'POST', `${A}/voter-list`, { as: 'admin', raw: '12345,+77010000002\n' });
});

test('inviting: a phone or e-mail someone on the staff list already has is refused (409 contact.taken)', async () => {
  for (const [what, contact] of [
    ['the active expert’s phone, written differently', '8 701 000 00 47'],
    ['the invited person’s e-mail, in capitals', 'Pavel@ERG.kz'],
    ['not a contact', '8 701 000'],
  ] as const)
    await alike(what, 'POST', `${A}/staff`, { as: 'admin', body: { name: 'Ерлан Болатұлы', organisation: 'Акимат', role: 'expert', contact } });
  const fresh = await alike('a new contact', 'POST', `${A}/staff`, { as: 'admin', body: { name: 'Ерлан Болатұлы', organisation: 'Акимат', role: 'expert', contact: '+77010000012' } });
  assert.equal(fresh.s.status, 201);
  assert.ok(StaffInvitation.safeParse(fresh.m.body).success, 'the mock’s invitation is a StaffInvitation');
  const again = await alike('the same new contact again', 'POST', `${A}/staff`, { as: 'admin', body: { name: 'Ерлан Болатұлы', organisation: 'Акимат', role: 'expert', contact: '+7 701 000 00 12' } });
  assert.deepEqual(again.server, { status: 409, code: 'conflict', issues: ['contact:contact.taken'] });
});

test('changing a person’s name, organisation or role: refused and taken as the server does', async () => {
  const staffList = (await onServer('GET', `${A}/staff`, { token: admin })).body.items as { id: string; name: string }[];
  const serverAigul = staffList.find((x) => x.name === 'Айгүл Серікқызы')!.id;
  const ids = (rest: string) => ({ server: { path: `${A}/staff/${serverAigul}${rest}` }, mock: { path: `${A}/staff/st_expert1${rest}` } });
  await alike('nothing to change', 'POST', '', { as: 'admin', body: {}, ...ids('') });
  await alike('a name too short', 'POST', '', { as: 'admin', body: { name: 'A' }, ...ids('') });
  await alike('an unknown role', 'POST', '', { as: 'admin', body: { role: 'mayor' }, ...ids('') });
  await alike('an unknown field', 'POST', '', { as: 'admin', body: { contact: '+77010000099' }, ...ids('') });
  await alike('nobody', 'POST', `${A}/staff/st_nobody`, { as: 'admin', body: { organisation: 'ERG' } });
  await alike('an expert may not', 'POST', '', { body: { organisation: 'ERG' }, server: { path: `${A}/staff/${serverAigul}`, token: expert }, mock: { path: `${A}/staff/st_expert1`, token: mockStaffSession(mock.state, 'st_expert1') } });
  const changed = await alike('a new organisation', 'POST', '', { as: 'admin', body: { organisation: 'Акимат города Аксу' }, ...ids('') });
  assert.equal(changed.s.status, 200, JSON.stringify(changed.s.body));
  assert.equal(changed.m.body.organisation, changed.s.body.organisation);
  assert.equal(changed.m.body.role, 'expert');
});

test('a city neither knows: 404 with a valid credential, 401 without, as the server answers', async () => {
  for (const [what, method, path] of [
    ['proposals', 'GET', '/admin/cities/nowhere/proposals'],
    ['the voter list', 'GET', '/admin/cities/nowhere/voter-list'],
    ['the staff list', 'GET', '/admin/cities/nowhere/staff'],
  ] as const) {
    const r = await alike(what, method, path, { as: 'admin' });
    assert.deepEqual(r.server, { status: 404, code: 'not_found' }, what);
    assert.equal((await alike(`${what}, no credential`, method, path)).s.status, 401, what);
  }
});

test('signing in: an unknown city and a contact that is no phone or e-mail are refused; anyone else gets the same answer', async () => {
  await alike('an unknown city', 'POST', '/admin/cities/nowhere/sign-in', { body: { contact: '+77010000047' } });
  for (const [what, body] of [
    ['not a phone', { contact: '8 701 000' }],
    ['not an e-mail', { contact: 'pavel@erg' }],
    ['no contact', {}],
    ['an unknown field', { contact: '+77010000047', iin: '791028302728' }],
  ] as const) {
    const r = await alike(what, 'POST', `${A}/sign-in`, { body });
    assert.equal(r.s.status, 400, what);
  }
  for (const [what, contact] of [
    ['the active expert', '+7 701 000 00 47'],
    ['someone not on the list', '+77019999999'],
    ['the invited person (who must use the invitation)', 'pavel@erg.kz'],
  ] as const) {
    const r = await alike(what, 'POST', `${A}/sign-in`, { body: { contact } });
    assert.equal(r.s.status, 201, what);
    assert.ok(StaffChallenge.safeParse(r.m.body).success, `${what}: the mock’s answer is a StaffChallenge`);
    assert.equal(r.m.body.channel, r.s.body.channel, `${what}: the channel`);
  }
});

test('confirming a code: letters, no code, a wrong code, an unknown or used sign-in are refused as the server does', async () => {
  const s = await onServer('POST', `${A}/sign-in`, { body: { contact: '+77010000047' } });
  const m = await onMock('POST', `${A}/sign-in`, { body: { contact: '+77010000047' } });
  const confirm = (what: string, body: unknown) =>
    alike(what, 'POST', '', { body, server: { path: `${A}/sign-in/${s.body.challengeId}/confirm` }, mock: { path: `${A}/sign-in/${m.body.challengeId}/confirm` } });
  assert.deepEqual((await confirm('letters', { code: '12ab56' })).server, { status: 400, code: 'validation_failed', issues: ['code:code.invalid'] });
  await confirm('no code', {});
  await confirm('an unknown field', { code: '123456', extra: 1 });
  assert.equal((await confirm('a wrong code', { code: '000000' })).s.status, 422);
  await alike('an unknown sign-in', 'POST', `${A}/sign-in/sc_nope/confirm`, { body: { code: '123456' } });
  await alike('a new code too soon', 'POST', '', { body: {}, server: { path: `${A}/sign-in/${s.body.challengeId}/resend` }, mock: { path: `${A}/sign-in/${m.body.challengeId}/resend` } });
  await alike('a new code for an unknown sign-in', 'POST', `${A}/sign-in/sc_nope/resend`, { body: {} });
  const ok = await alike('the right code', 'POST', '', {
    server: { path: `${A}/sign-in/${s.body.challengeId}/confirm`, body: { code: t.sms.last(s.body.challengeId) } },
    mock: { path: `${A}/sign-in/${m.body.challengeId}/confirm`, body: { code: MOCK_STAFF_CODE } },
  });
  assert.equal(ok.s.status, 200);
  assert.deepEqual(Object.keys(ok.m.body.me).sort(), Object.keys(ok.s.body.me).sort());
  await alike('the same sign-in again', 'POST', '', {
    server: { path: `${A}/sign-in/${s.body.challengeId}/confirm`, body: { code: t.sms.last(s.body.challengeId) } },
    mock: { path: `${A}/sign-in/${m.body.challengeId}/confirm`, body: { code: MOCK_STAFF_CODE } },
  });
  await alike('whoever the session is', 'GET', `${A}/me`, { server: { token: ok.s.body.token }, mock: { token: ok.m.body.token } });
  await alike('signing out with the config token', 'POST', '/admin/sign-out', { as: 'admin', body: {} });
  await alike('signing out', 'POST', '/admin/sign-out', { body: {}, server: { token: ok.s.body.token }, mock: { token: ok.m.body.token } });
  await alike('the ended session', 'GET', `${A}/me`, { server: { token: ok.s.body.token }, mock: { token: ok.m.body.token } });
});

test('accepting an invitation (sign-in/invite): malformed, unknown, used and expired invitations are refused as the server does', async () => {
  await alike('not an invitation', 'POST', `${A}/sign-in/invite`, { body: { inviteToken: 'nope' } });
  await alike('no invitation', 'POST', `${A}/sign-in/invite`, { body: {} });
  await alike('an unknown invitation', 'POST', `${A}/sign-in/invite`, { body: { inviteToken: `inv1.${'A'.repeat(32)}` } });
  await alike('an unknown city', 'POST', '/admin/cities/nowhere/sign-in/invite', { body: { inviteToken: `inv1.${'A'.repeat(32)}` } });
  const body = { name: 'Дана Ахметова', organisation: 'Акимат', role: 'coordinator', contact: 'dana@akimat.kz' };
  const inv = await alike('an invitation', 'POST', `${A}/staff`, { as: 'admin', body });
  const start = await alike('accepting it', 'POST', `${A}/sign-in/invite`, { server: { body: { inviteToken: inv.s.body.inviteToken } }, mock: { body: { inviteToken: inv.m.body.inviteToken } } });
  assert.equal(start.s.status, 201);
  assert.equal(start.m.body.channel, 'email');
  assert.equal(start.m.body.contactHint, start.s.body.contactHint, 'where the code went, named alike');
  assert.ok(start.s.body.contactHint);
  const done = await alike('its code', 'POST', '', {
    server: { path: `${A}/sign-in/${start.s.body.challengeId}/confirm`, body: { code: t.mail.lastCode(start.s.body.challengeId) } },
    mock: { path: `${A}/sign-in/${start.m.body.challengeId}/confirm`, body: { code: MOCK_STAFF_CODE } },
  });
  assert.equal(done.m.body.me.role, 'coordinator');
  await alike('a used invitation', 'POST', `${A}/sign-in/invite`, { server: { body: { inviteToken: inv.s.body.inviteToken } }, mock: { body: { inviteToken: inv.m.body.inviteToken } } });
  const staffList = (await onServer('GET', `${A}/staff`, { token: admin })).body.items as { id: string; name: string }[];
  const serverDana = staffList.find((x) => x.name === body.name)!.id;
  await alike('inviting an active person again', 'POST', '', { as: 'admin', server: { path: `${A}/staff/${serverDana}/reinvite` }, mock: { path: `${A}/staff/${inv.m.body.member.id}/reinvite` } });
  await alike('inviting nobody again', 'POST', `${A}/staff/st_nobody/reinvite`, { as: 'admin' });
  // Seven days later on the server; the mock's invited expert holds an invitation already past its end.
  const late = await onServer('POST', `${A}/staff`, { token: admin, body: { ...body, name: 'Late Comer', contact: '+77010000077' } });
  t.setNow(new Date(Date.parse(AT.aksu.review) + 8 * 24 * 3600_000).toISOString());
  try {
    const r = await alike('an expired invitation', 'POST', `${A}/sign-in/invite`, { server: { body: { inviteToken: late.body.inviteToken } }, mock: { body: { inviteToken: MOCK_EXPIRED_INVITE } } });
    assert.deepEqual(r.server, { status: 410, code: 'code_expired' });
  } finally {
    t.setNow(AT.aksu.review);
  }
});

test('the council’s decision and a proposal’s versions: the routes exist and refuse as the server does', async () => {
  await alike('versions without a credential', 'GET', `${A}/proposals/p_nope/versions`);
  await alike('versions of no proposal', 'GET', `${A}/proposals/p_nope/versions`, { as: 'admin' });
  for (const [what, body] of [
    ['no body', {}],
    ['not an outcome', { outcome: 'maybe', reason: 'x' }],
    ['no reason in any language', { outcome: 'reject', reason: {} }],
    ['accepted without a cost', { outcome: 'accept', reason: 'Fits the plan' }],
    ['a cost with a rejection', { outcome: 'reject', reason: 'Out of scope', finalCost: 5_000_000 }],
    ['a reason too long', { outcome: 'reject', reason: { kk: 'а'.repeat(1500), ru: 'б'.repeat(1500) } }],
    ['a valid decision on no proposal', { outcome: 'reject', reason: 'Out of scope' }],
  ] as const)
    await alike(`decision: ${what}`, 'POST', `${A}/proposals/p_nope/decision`, { as: 'admin', body });
  await alike('decision without a credential', 'POST', `${A}/proposals/p_nope/decision`, { body: { outcome: 'reject', reason: 'x' } });
  // One open proposal and one on the ballot on each side (the ids differ: each side's own).
  const serverItems = (await onServer('GET', `${A}/proposals`, { token: admin })).body.items as { id: string; status: string; category: string }[];
  const pick = (items: { id: string; status: string }[], statuses: string[]) => items.find((p) => statuses.includes(p.status))!.id;
  const open = [pick(serverItems, ['submitted', 'under_review']), pick(mock.state.proposals, ['submitted', 'under_review'])] as const;
  const onBallot = [pick(serverItems, ['on_ballot']), pick(mock.state.proposals, ['on_ballot'])] as const;
  const at = (ids: readonly [string, string], rest: string) => ({ server: { path: `${A}/proposals/${ids[0]}${rest}` }, mock: { path: `${A}/proposals/${ids[1]}${rest}` } });
  const versions = await alike('versions of a proposal', 'GET', '', { as: 'admin', ...at(open, '/versions') });
  assert.equal(versions.s.status, 200);
  assert.ok(ProposalVersions.safeParse(versions.m.body).success, 'the mock’s versions are ProposalVersions');
  assert.deepEqual(versions.m.body.items.map((v: { n: number; changed: string[] }) => [v.n, v.changed]), versions.s.body.items.map((v: { n: number; changed: string[] }) => [v.n, v.changed]));
  await alike('a decision on a proposal on the ballot', 'POST', '', { as: 'admin', body: { outcome: 'reject', reason: 'x' }, ...at(onBallot, '/decision') });
  await alike('accepted above the cost cap', 'POST', '', { as: 'admin', body: { outcome: 'accept', reason: 'ok', finalCost: 900_000_000 }, ...at(open, '/decision') });
  const decided = await alike('a decision', 'POST', '', { as: 'admin', body: { outcome: 'needs_changes', reason: { ru: 'Уточните адрес', en: 'Give the address' } }, ...at(open, '/decision') });
  assert.equal(decided.s.status, 200);
  assert.ok(DecisionResult.safeParse(decided.m.body).success, 'the mock’s answer is a DecisionResult');
  assert.deepEqual([decided.m.body.decision.status, decided.m.body.proposal.status, decided.m.body.proposal.reviewNotes], [decided.s.body.decision.status, decided.s.body.proposal.status, decided.s.body.proposal.reviewNotes]);
  const summary = await alike('the summary after it', 'GET', '', { as: 'admin', ...at(open, '/assessments') });
  assert.equal(summary.m.body.decisions.length, summary.s.body.decisions.length);
  const overview = await alike('the council’s queue', 'GET', `${A}/assessments`, { as: 'admin' });
  assert.equal(overview.m.body.items.find((i: { proposalId: string }) => i.proposalId === open[1]).decision, overview.s.body.items.find((i: { proposalId: string }) => i.proposalId === open[0]).decision);
  await alike('unassigning nobody', 'DELETE', '', { as: 'admin', ...at(open, '/assignments/st_nobody') });
});

test('a conflict of interest: declared once (again, the first stands), then the expert cannot assess — alike', async () => {
  const staffList = (await onServer('GET', `${A}/staff`, { token: admin })).body.items as { id: string; name: string }[];
  const serverAigul = staffList.find((x) => x.name === 'Айгүл Серікқызы')!.id;
  const serverItems = (await onServer('GET', `${A}/proposals`, { token: admin })).body.items as { id: string; status: string }[];
  const taken = new Set(mock.state.assignments.map((a) => a.proposalId));
  const ids = [serverItems.filter((p) => p.status === 'submitted').at(-1)!.id, mock.state.proposals.filter((p) => p.status === 'submitted' && !taken.has(p.id)).at(-1)!.id] as const;
  const asExpert = (rest: string) => ({ server: { path: `${A}/proposals/${ids[0]}${rest}`, token: expert }, mock: { path: `${A}/proposals/${ids[1]}${rest}`, token: mockStaffSession(mock.state, 'st_expert1') } });
  const assigned = await alike('assigning the expert', 'PUT', '', { as: 'admin', server: { path: `${A}/proposals/${ids[0]}/assignments/${serverAigul}` }, mock: { path: `${A}/proposals/${ids[1]}/assignments/st_expert1` } });
  assert.equal(assigned.s.status, 200, JSON.stringify(assigned.s.body));
  const first = await alike('declaring a conflict', 'POST', '', { body: { reason: 'My brother builds it' }, ...asExpert('/conflict') });
  assert.equal(first.s.status, 200, JSON.stringify(first.s.body));
  const again = await alike('declaring it again', 'POST', '', { body: { reason: 'Another reason' }, ...asExpert('/conflict') });
  assert.deepEqual([again.s.body.conflictReason, again.m.body.conflictReason], ['My brother builds it', 'My brother builds it'], 'the first declaration stands');
  const refused = await alike('assessing after it', 'PUT', '', { body: { scores: { feasibility: 3, benefit: 4 }, recommendation: 'accept' }, ...asExpert('/assessment') });
  assert.deepEqual(refused.server, { status: 403, code: 'forbidden' });
  assert.equal(refused.m.body.message, refused.s.body.message);
});

test('a status of the ballot (winner, not funded, in progress, implemented) for a project that was never on it is refused as the server does', async () => {
  const serverItems = (await onServer('GET', `${A}/proposals`, { token: admin })).body.items as { id: string; status: string; poolId?: string }[];
  const offBallot = (items: { id: string; status: string; poolId?: string }[]) => items.find((p) => p.poolId === undefined && ['submitted', 'under_review', 'accepted'].includes(p.status))!.id;
  const ids = [offBallot(serverItems), offBallot(mock.state.proposals)] as const;
  for (const status of ['winner', 'not_funded', 'in_progress', 'implemented']) {
    const r = await alike(`set ${status}`, 'POST', '', { as: 'admin', body: { status, note: 'Решение совета' }, server: { path: `${A}/proposals/${ids[0]}/status` }, mock: { path: `${A}/proposals/${ids[1]}/status` } });
    assert.deepEqual(r.server, { status: 400, code: 'validation_failed', issues: ['status:status.needs_ballot'] }, status);
    assert.equal(r.m.body.message, r.s.body.message, `${status}: the message`);
    assert.deepEqual(r.m.body.details, r.s.body.details, `${status}: the details`);
  }
  assert.equal(mock.state.proposals.find((p) => p.id === ids[1])!.poolId, undefined, 'the mock’s project is still off the ballot');
});

test('rejecting or sending back without a public note is refused alike, naming the note (400, never 500), and nothing changes', async () => {
  const serverItems = (await onServer('GET', `${A}/proposals`, { token: admin })).body.items as { id: string; status: string; poolId?: string }[];
  const open = (items: { id: string; status: string; poolId?: string }[]) => items.find((p) => p.poolId === undefined && ['submitted', 'under_review'].includes(p.status))!;
  const [server, mocked] = [open(serverItems), open(mock.state.proposals)] as const;
  const at = { server: { path: `${A}/proposals/${server.id}/status` }, mock: { path: `${A}/proposals/${mocked.id}/status` } };
  for (const [status, body] of [
    ['rejected', { status: 'rejected' }],
    ['needs_changes', { status: 'needs_changes' }],
    ['rejected, a note of spaces', { status: 'rejected', note: '   ' }],
  ] as const) {
    const r = await alike(`${status} without a note`, 'POST', '', { as: 'admin', body, ...at });
    if (status === 'rejected, a note of spaces') {
      // A note of spaces is no text at all to the schema already: refused as the note, alike.
      assert.equal(r.s.status, 400, JSON.stringify(r.s.body));
      assert.deepEqual(r.s.body.details.issues.map((i: { path: string[] }) => i.path), [['note']]);
      continue;
    }
    assert.deepEqual(r.server, { status: 400, code: 'validation_failed', issues: ['note:status.reason_required'] }, status);
    assert.equal(r.m.body.message, r.s.body.message, `${status}: the message`);
  }
  // An unknown proposal without a note: the request is refused before the proposal is looked up, on both sides.
  await alike('rejected without a note, no such proposal', 'POST', `${A}/proposals/p_nope/status`, { as: 'admin', body: { status: 'rejected' } });
  assert.equal((await onServer('GET', `${A}/proposals/${server.id}`, { token: admin })).body.status, server.status, 'the server’s proposal did not change');
  assert.equal(mock.state.proposals.find((p) => p.id === mocked.id)!.status, mocked.status, 'the mock’s proposal did not change');
});

test('the audit log pages with the cursor it gave, and refuses one it did not give, a repeated key, a bad limit and an unknown key as the server does', async () => {
  // Cursors of the proposal lists, as they give them: the public list's (sort key and id), the admin list's (an offset).
  const publicCursor = Buffer.from(JSON.stringify(['2026-06-01T05:00:00.000Z', 'p_1'])).toString('base64url');
  const adminCursor = Buffer.from('20').toString('base64url');
  for (const [what, query] of [
    ['an entry’s id', 'cursor=5'],
    ['an id written otherwise', 'cursor=1e3'],
    ['letters', 'cursor=abc'],
    ['not of a cursor’s alphabet', 'cursor=%205'],
    ['the public list’s cursor', `cursor=${publicCursor}`],
    ['the admin list’s cursor', `cursor=${adminCursor}`],
    ['a repeated cursor', 'cursor=5&cursor=6'],
    ['a limit of 0', 'limit=0'],
    ['a limit over 500', 'limit=501'],
    ['a limit in words', 'limit=ten'],
    ['an unknown key', 'before=3'],
  ] as const) {
    const r = await alike(what, 'GET', `${A}/audit?${query}`, { as: 'admin' });
    assert.equal(r.s.status, 400, what);
  }
  assert.equal((await alike('no cursor yet (empty)', 'GET', `${A}/audit?cursor=&limit=1`, { as: 'admin' })).s.status, 200);

  // Two amendments of the voter list, each an entry of the log on both sides: a page of one, then the next.
  for (const [iin, phone] of DEMO_VOTERS.slice(1, 3)) await alike('an amendment', 'POST', `${A}/voter-list`, { as: 'admin', raw: `${iin},${phone}\n` });
  const first = await alike('the first page', 'GET', `${A}/audit?limit=1`, { as: 'admin' });
  const second = await both('GET', `${A}/audit`, { as: 'admin', server: { path: `${A}/audit?limit=1&cursor=${first.s.body.nextCursor}` }, mock: { path: `${A}/audit?limit=1&cursor=${first.m.body.nextCursor}` } });
  assert.deepEqual(second.mock, second.server, 'the second page');
  for (const [side, one, two] of [['server', first.s, second.s], ['mock', first.m, second.m]] as const) {
    assert.equal(two.status, 200, `${side}: the second page`);
    assert.deepEqual([...one.body.items, ...two.body.items].map((e: { action: string }) => e.action), ['voter_list.amend', 'voter_list.amend'], `${side}: the two amendments, one a page`);
    assert.ok(two.body.items[0].id < one.body.items[0].id, `${side}: the second page goes on with older entries`);
    assert.equal(typeof two.body.nextCursor, 'string', `${side}: a full page gives a cursor`);
  }
});

test('after voting, a project of the fixed ballot cannot leave the count (status, hiding, showing again, cost), but can move between the ballot’s statuses, as on the server', async () => {
  const late = testServer({ now: AT.aksu.results });
  try {
    const token = late.adminTokens['aksu-centre']!;
    const serverWinner = fundedProject('parity', { cycleId: 'aksu-2026', status: 'winner', finalCost: 8_000_000 });
    const serverHidden = fundedProject('parity', { cycleId: 'aksu-2026', status: 'not_funded', hidden: true, finalCost: 8_000_000 });
    for (const p of [serverWinner, serverHidden]) await late.store.createProposal(p, null);
    const [mockWinner, mockHidden] = mockAfter.state.proposals.filter((p) => p.status === 'on_ballot' && p.poolId !== undefined);
    mockWinner!.status = 'winner';
    mockHidden!.status = 'not_funded';
    mockHidden!.hidden = true;
    const same = async (what: string, ids: [string, string], rest: string, body: unknown) => {
      const s = await call(late.app, 'POST', `${A}/proposals/${ids[0]}${rest}`, { token, body });
      const res = await fetch(`${MOCK_AFTER}${A}/proposals/${ids[1]}${rest}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${MOCK_ADMIN_TOKEN}` }, body: JSON.stringify(body) });
      const m = { status: res.status, body: await res.json().catch(() => null) };
      assert.deepEqual(shape(m.status, m.body), shape(s.status, s.body), what);
      if (s.status >= 400) assert.equal(m.body.message, s.body.message, `${what}: the message`);
      return { s, m };
    };
    const winner: [string, string] = [serverWinner.id, mockWinner!.id];
    const hidden: [string, string] = [serverHidden.id, mockHidden!.id];
    for (const status of ['rejected', 'withdrawn', 'accepted', 'needs_changes']) {
      const r = await same(`a winner set ${status}`, winner, '/status', { status, note: 'Совет передумал' });
      assert.deepEqual(shape(r.s.status, r.s.body), { status: 403, code: 'phase_closed' });
    }
    assert.equal((await same('a winner hidden', winner, '/visibility', { hidden: true })).s.status, 403);
    assert.equal((await same('a hidden project of the ballot shown again', hidden, '/visibility', { hidden: false })).s.status, 403);
    assert.equal((await same('a winner re-costed', winner, '/cost', { finalCost: 1_000_000 })).s.status, 403);
    assert.equal((await same('publishing is still the centre’s', winner, '/visibility', { published: false })).s.status, 200);
    const against = await same('a winner not funded against the count', winner, '/status', { status: 'not_funded', note: 'Совет передумал' });
    assert.equal(against.s.status, 200);
    assert.equal(against.m.body.poolId, 'city', 'the mock keeps it in its pool');
    assert.equal(mockAfter.state.proposals.find((p) => p.id === mockWinner!.id)!.hidden, false);
  } finally {
    late.close();
  }
});

/** A JSON text of exactly `size` bytes: `{"pad":"xx…"}` (an unknown field wherever it is read). */
const jsonOf = (size: number) => `{"pad":"${'x'.repeat(size - 10)}"}`;

type RawOptions = { type?: string | null; as?: 'admin' | 'expert'; key?: string; server?: { path?: string }; mock?: { path?: string } };
/** The same bytes to both, as they are (`type`: their Content-Type, application/json unless given; null: none of ours). */
async function rawBoth(method: string, path: string, body: string | Uint8Array<ArrayBuffer> | undefined, o: RawOptions = {}) {
  const type = o.type === undefined ? 'application/json' : o.type;
  const [serverToken, mockToken] = o.as === 'admin' ? [admin, MOCK_ADMIN_TOKEN] : o.as === 'expert' ? [expert, mockStaffSession(mock.state, 'st_expert1')] : [undefined, undefined];
  const s = await call(t.app, method, o.server?.path ?? path, { ...(body !== undefined ? { raw: body } : {}), ...(type ? { contentType: type } : {}), ...(serverToken ? { token: serverToken } : {}), ...(o.key ? { key: o.key } : {}) });
  const headers: Record<string, string> = { ...(type ? { 'content-type': type } : {}), ...(mockToken ? { authorization: `Bearer ${mockToken}` } : {}), ...(o.key ? { 'idempotency-key': o.key } : {}) };
  const res = await fetch(`${MOCK}${o.mock?.path ?? path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const m = await res.json().catch(() => null);
  return { server: shape(s.status, s.body), mock: shape(res.status, m), s: { status: s.status, body: s.body as any }, m: { status: res.status, body: m } };
}

type RawCase = [what: string, method: string, path: string, body: string | Uint8Array<ArrayBuffer> | undefined, o: RawOptions, status: number];

/** Each case alike on both sides, with the server's words for a body refused as a body (400 `bad_request`, 413, 415); every case that is not is listed. */
async function allAlike(cases: RawCase[]) {
  const off: string[] = [];
  for (const [what, method, path, body, o, status] of cases) {
    const r = await rawBoth(method, path, body, o);
    assert.equal(r.s.status, status, `${what}: the server answers ${status} (${JSON.stringify(r.s.body)})`);
    const words = ['bad_request', 'payload_too_large', 'unsupported_media_type'].includes(r.server.code ?? '');
    if (JSON.stringify(r.mock) !== JSON.stringify(r.server) || (words && r.m.body?.message !== r.s.body.message))
      off.push(`${what}: server ${JSON.stringify(r.server)} ${words ? r.s.body.message : ''}, mock ${JSON.stringify(r.mock)} ${words ? r.m.body?.message : ''}`);
  }
  assert.deepEqual(off, [], 'answered otherwise by the mock');
}

test('the centre’s JSON bodies are read as the server reads them: malformed, another type, over the limit, text no store keeps — refused alike, in the server’s words, after the credential and the city, before the fields and the proposal', async () => {
  const over = jsonOf(JSON_BODY_LIMIT + 1);
  const P = `${A}/proposals/p_nope`;
  const cases: RawCase[] = [
    ['status: malformed JSON without a credential (the credential first)', 'POST', `${P}/status`, '{nope', {}, 401],
    ['status: malformed JSON for an unknown city (the city first)', 'POST', '/admin/cities/nowhere/proposals/p_nope/status', '{nope', { as: 'admin' }, 404],
    ...(['status', 'cost', 'merge', 'ballot', 'visibility'] as const).map((name): RawCase => [`${name}: malformed JSON for no proposal (the body first)`, 'POST', `${P}/${name}`, '{nope', { as: 'admin' }, 400]),
    ['status: text/plain', 'POST', `${P}/status`, '{}', { as: 'admin', type: 'text/plain' }, 415],
    ['status: over the limit', 'POST', `${P}/status`, over, { as: 'admin' }, 413],
    ['status: a NUL in a string', 'POST', `${P}/status`, '{"status":"rejected","note":"\\u0000"}', { as: 'admin' }, 400],
    ['status: bad fields for no proposal (the fields before the proposal)', 'POST', `${P}/status`, '{"status":"nope"}', { as: 'admin' }, 400],
    ['merge: into itself, no such proposal (checked before the proposal)', 'POST', `${P}/merge`, '{"into":"p_nope"}', { as: 'admin' }, 400],
    ['visibility: nothing to change, no such proposal (checked before the proposal)', 'POST', `${P}/visibility`, '{}', { as: 'admin' }, 400],
    ['phases: malformed JSON', 'POST', `${A}/phases`, '{nope', { as: 'admin' }, 400],
    ['phases: text/plain', 'POST', `${A}/phases`, '{}', { as: 'admin', type: 'text/plain' }, 415],
    ['phases: over the limit', 'POST', `${A}/phases`, over, { as: 'admin' }, 413],
    ['applying the results: malformed JSON (before the phase)', 'POST', `${A}/results/apply`, '{nope', { as: 'admin' }, 400],
    ['applying the results: an unknown field (before the phase)', 'POST', `${A}/results/apply`, '{"x":1}', { as: 'admin' }, 400],
    ['applying the results: no body', 'POST', `${A}/results/apply`, undefined, { as: 'admin', type: null }, 415],
    ['paper ballots: malformed JSON', 'POST', `${A}/paper-ballots`, '{nope', { as: 'admin', key: 'paper-key-0001' }, 400],
    ['paper ballots: text/plain', 'POST', `${A}/paper-ballots`, '{}', { as: 'admin', type: 'text/plain', key: 'paper-key-0002' }, 415],
    ['paper ballots: a NUL in a key', 'POST', `${A}/paper-ballots`, '{"\\u0000":1}', { as: 'admin', key: 'paper-key-0003' }, 400],
    ['paper ballots: over the JSON limit, within their own (read, then its fields refused)', 'POST', `${A}/paper-ballots`, over, { as: 'admin', key: 'paper-key-0004' }, 400],
    ['paper ballots: over their own limit', 'POST', `${A}/paper-ballots`, jsonOf(PAPER_BALLOTS_BODY_LIMIT + 1), { as: 'admin', key: 'paper-key-0005' }, 413],
    ['paper ballots: over their limit without a key (the key first)', 'POST', `${A}/paper-ballots`, jsonOf(PAPER_BALLOTS_BODY_LIMIT + 1), { as: 'admin' }, 400],
    ['inviting: malformed JSON', 'POST', `${A}/staff`, '{nope', { as: 'admin' }, 400],
    ['inviting: over the limit', 'POST', `${A}/staff`, over, { as: 'admin' }, 413],
    ['inviting again: malformed JSON for nobody (the body before the person)', 'POST', `${A}/staff/st_nobody/reinvite`, '{nope', { as: 'admin' }, 400],
    ['inviting again: text/plain for nobody', 'POST', `${A}/staff/st_nobody/reinvite`, 'x', { as: 'admin', type: 'text/plain' }, 415],
    ['inviting again: an empty body of no type (read, nobody found)', 'POST', `${A}/staff/st_nobody/reinvite`, undefined, { as: 'admin', type: null }, 404],
    ['revoking: malformed JSON for nobody (the body before the person)', 'POST', `${A}/staff/st_nobody/revoke`, '{nope', { as: 'admin' }, 400],
    ['revoking: over the limit for nobody', 'POST', `${A}/staff/st_nobody/revoke`, over, { as: 'admin' }, 413],
    ['assessing: malformed JSON (the body before the assignment)', 'PUT', `${P}/assessment`, '{nope', { as: 'expert' }, 400],
    ['assessing: no fields (the fields before the assignment)', 'PUT', `${P}/assessment`, '{}', { as: 'expert' }, 400],
    ['assessing: malformed JSON from a coordinator (the body before the role)', 'PUT', `${P}/assessment`, '{nope', { as: 'admin' }, 400],
    ['assessing: a whole assessment of no proposal (the proposal before the assignment)', 'PUT', `${P}/assessment`, '{"scores":{"feasibility":3,"benefit":4},"recommendation":"accept"}', { as: 'expert' }, 404],
    ['a conflict: malformed JSON', 'POST', `${P}/conflict`, '{nope', { as: 'expert' }, 400],
    ['a conflict: an unknown field', 'POST', `${P}/conflict`, '{"why":"x"}', { as: 'expert' }, 400],
    ['a conflict: no body, no proposal', 'POST', `${P}/conflict`, undefined, { as: 'expert', type: null }, 404],
    ['decision: malformed JSON', 'POST', `${P}/decision`, '{nope', { as: 'admin' }, 400],
    ['decision: over the limit', 'POST', `${P}/decision`, over, { as: 'admin' }, 413],
  ];
  await allAlike(cases);
});

test('signing in: bodies are read first, as the server reads them (before the city and the sign-in), and a new code takes an empty body or {} only', async () => {
  const over = jsonOf(JSON_BODY_LIMIT + 1);
  const N = '/admin/cities/nowhere';
  const cases: RawCase[] = [
    ['sign-in: malformed JSON for an unknown city (the body first)', 'POST', `${N}/sign-in`, '{nope', {}, 400],
    ['sign-in: text/plain', 'POST', `${A}/sign-in`, '{}', { type: 'text/plain' }, 415],
    ['sign-in: over the limit', 'POST', `${A}/sign-in`, over, {}, 413],
    ['an invitation: malformed JSON for an unknown city', 'POST', `${N}/sign-in/invite`, '{nope', {}, 400],
    ['the provider: malformed JSON', 'POST', `${A}/sign-in/oidc`, '{nope', {}, 400],
    ['the provider: malformed JSON for an unknown city', 'POST', `${N}/sign-in/oidc`, '{nope', {}, 400],
    ['confirming: malformed JSON for no sign-in (the body first)', 'POST', `${A}/sign-in/sc_nope/confirm`, '{nope', {}, 400],
    ['confirming: malformed JSON for an unknown city', 'POST', `${N}/sign-in/sc_nope/confirm`, '{nope', {}, 400],
    ['confirming: over the limit', 'POST', `${A}/sign-in/sc_nope/confirm`, over, {}, 413],
    ['confirming: an empty body of no type (read; no sign-in)', 'POST', `${A}/sign-in/sc_nope/confirm`, undefined, { type: null }, 404],
    ['a new code: malformed JSON', 'POST', `${A}/sign-in/sc_nope/resend`, '{nope', {}, 400],
    ['a new code: {} as text/plain', 'POST', `${A}/sign-in/sc_nope/resend`, '{}', { type: 'text/plain' }, 415],
    ['a new code: over the limit', 'POST', `${A}/sign-in/sc_nope/resend`, over, {}, 413],
    ['a new code: a NUL in a key', 'POST', `${A}/sign-in/sc_nope/resend`, '{"\\u0000":1}', {}, 400],
    ['a new code: bytes that are not UTF-8', 'POST', `${A}/sign-in/sc_nope/resend`, new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), {}, 400],
    ['a new code: a field (refused before the sign-in)', 'POST', `${A}/sign-in/sc_nope/resend`, '{"x":1}', {}, 400],
    ['a new code: an array', 'POST', `${A}/sign-in/sc_nope/resend`, '[]', {}, 400],
    ['a new code: null', 'POST', `${A}/sign-in/sc_nope/resend`, 'null', {}, 400],
    ['a new code: a field for an unknown city (the body before the city)', 'POST', `${N}/sign-in/sc_nope/resend`, '{"x":1}', {}, 400],
    ['a new code: {} (no sign-in)', 'POST', `${A}/sign-in/sc_nope/resend`, '{}', {}, 404],
    ['a new code: an empty body of no type (no sign-in)', 'POST', `${A}/sign-in/sc_nope/resend`, undefined, { type: null }, 404],
    ['a new code: {} for an unknown city', 'POST', `${N}/sign-in/sc_nope/resend`, '{}', {}, 404],
  ];
  await allAlike(cases);
});

test('the voter list is read as the server reads it: CSV or plain text, UTF-8, at most its limit, after the credential and before anything else', async () => {
  const [iin, phone] = DEMO_VOTERS[3]!;
  const big = new Uint8Array(VOTER_LIST_BODY_LIMIT + 1).fill(0x78);
  const cases: RawCase[] = [
    ['amending: as text/html (the type)', 'POST', `${A}/voter-list`, `${iin},${phone}\n`, { as: 'admin', type: 'text/html' }, 415],
    ['amending: as application/json', 'POST', `${A}/voter-list`, '"791028302728,+77010000002"', { as: 'admin' }, 415],
    ['replacing: bytes that are not UTF-8', 'PUT', `${A}/voter-list`, new Uint8Array([0x37, 0x39, 0xff, 0x2c, 0x31, 0x0a]), { as: 'admin', type: 'text/csv' }, 400],
    ['removing: over the limit', 'POST', `${A}/voter-list/remove`, big, { as: 'admin', type: 'text/csv' }, 413],
    ['removing: over the limit as text/html (the size before the type)', 'POST', `${A}/voter-list/remove`, big, { as: 'admin', type: 'text/html' }, 413],
    ['removing: over the limit without a credential (the credential first)', 'POST', `${A}/voter-list/remove`, big, { type: 'text/csv' }, 401],
    ['amending: as text/plain; charset=utf-8 (taken)', 'POST', `${A}/voter-list`, '12345,+77010000002\n', { as: 'admin', type: 'text/plain; charset=utf-8' }, 200],
  ];
  await allAlike(cases);
});

/** Both answers whole: the status and the body (code, words, issues). */
const wholeAlike = (what: string, r: { s: { status: number; body: unknown }; m: { status: number; body: unknown } }) =>
  assert.deepEqual({ status: r.m.status, body: r.m.body }, { status: r.s.status, body: r.s.body }, what);

test('a body that fails its schema, on every kind of route of the centre: refused alike, whole (code, the server’s words, the issues)', async () => {
  const staffList = (await onServer('GET', `${A}/staff`, { token: admin })).body.items as { id: string; name: string }[];
  const serverAigul = staffList.find((x) => x.name === 'Айгүл Серікқызы')!.id;
  const P = `${A}/proposals/p_nope`;
  const cases: [what: string, method: string, path: string, body: unknown, o: RawOptions][] = [
    ['a status that is none', 'POST', `${P}/status`, { status: 'nope' }, { as: 'admin' }],
    ['a cost in words', 'POST', `${P}/cost`, { finalCost: 'much' }, { as: 'admin' }],
    ['a merge into nothing', 'POST', `${P}/merge`, {}, { as: 'admin' }],
    ['a ballot with no pool', 'POST', `${P}/ballot`, { finalCost: 1 }, { as: 'admin' }],
    ['visibility in words', 'POST', `${P}/visibility`, { hidden: 'yes' }, { as: 'admin' }],
    ['a phase that is none', 'POST', `${A}/phases`, { phase: 'party', action: 'open' }, { as: 'admin' }],
    ['applying the results with a field', 'POST', `${A}/results/apply`, { x: 1 }, { as: 'admin' }],
    ['paper ballots with no fields', 'POST', `${A}/paper-ballots`, {}, { as: 'admin', key: 'paper-key-schema-1' }],
    ['an invitation with a name too short', 'POST', `${A}/staff`, { name: 'A', organisation: 'Акимат', role: 'expert', contact: '+77010000099' }, { as: 'admin' }],
    ['a role that is none', 'POST', '', { role: 'mayor' }, { as: 'admin', server: { path: `${A}/staff/${serverAigul}` }, mock: { path: `${A}/staff/st_expert1` } }],
    ['an assessment with no fields', 'PUT', `${P}/assessment`, {}, { as: 'expert' }],
    ['a conflict with a field of its own', 'POST', `${P}/conflict`, { why: 'x' }, { as: 'expert' }],
    ['a decision with no fields', 'POST', `${P}/decision`, {}, { as: 'admin' }],
    ['signing in with no contact', 'POST', `${A}/sign-in`, { contact: '8 701 000' }, {}],
    ['an invitation that is none', 'POST', `${A}/sign-in/invite`, { inviteToken: 'nope' }, {}],
    ['the provider with no page to come back to', 'POST', `${A}/sign-in/oidc`, {}, {}],
  ];
  for (const [what, method, path, body, o] of cases) {
    const r = await rawBoth(method, path, JSON.stringify(body), o);
    assert.equal(r.s.status, 400, `${what}: ${JSON.stringify(r.s.body)}`);
    wholeAlike(what, r);
  }
  const audit = await rawBoth('GET', `${A}/audit?limit=ten`, undefined, { as: 'admin', type: null });
  assert.equal(audit.s.status, 400);
  wholeAlike('the audit log’s limit in words', audit);
  // A code of letters, for a sign-in each side started.
  const s = await onServer('POST', `${A}/sign-in`, { body: { contact: '+77010000047' } });
  const m = await onMock('POST', `${A}/sign-in`, { body: { contact: '+77010000047' } });
  const letters = await rawBoth('POST', '', JSON.stringify({ code: '12ab56' }), { server: { path: `${A}/sign-in/${s.body.challengeId}/confirm` }, mock: { path: `${A}/sign-in/${m.body.challengeId}/confirm` } });
  assert.equal(letters.s.status, 400);
  wholeAlike('a code of letters', letters);
});

test('a missing or invalid credential on the centre’s routes: refused alike, whole, in the server’s words — and a staff session’s role as the server says it', async () => {
  /** The same Authorization header (or none) to both, as it is. */
  const asIs = async (method: string, path: string, authorization: string | undefined, body?: unknown) => {
    const headers: Record<string, string> = { ...(authorization !== undefined ? { authorization } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
    const s = await call(t.app, method, path, { headers, ...(body !== undefined ? { body } : {}) });
    const res = await fetch(`${MOCK}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { s: { status: s.status, body: s.body }, m: { status: res.status, body: await res.json().catch(() => null) } };
  };
  const credentials: [what: string, authorization: string | undefined][] = [
    ['no Authorization header', undefined],
    ['another scheme', 'Basic YWRtaW46YWRtaW4='],
    ['a bearer token too short to be one', 'Bearer short'],
    ['a token that is no one’s', 'Bearer qa_nobody_0123456789abcdef'],
    ['a staff session that has ended (or never was)', 'Bearer st1.ended-session-0123456789abcdef'],
    ['a staff session token too long to be one', `Bearer st1.${'x'.repeat(250)}`],
  ];
  const routes: [method: string, path: string, body?: unknown][] = [
    ['GET', '/admin/whoami'],
    ['GET', `${A}/proposals`],
    // The credential before the body's fields.
    ['POST', `${A}/proposals/p_nope/status`, { status: 'nope' }],
    ['GET', `${A}/staff`],
    ['PUT', `${A}/proposals/p_nope/assessment`, {}],
  ];
  for (const [who, authorization] of credentials)
    for (const [method, path, body] of routes) {
      const r = await asIs(method, path, authorization, body);
      assert.equal(r.s.status, 401, `${who}, ${method} ${path}: ${JSON.stringify(r.s.body)}`);
      wholeAlike(`${who}, ${method} ${path}`, r);
    }
  // Signing out needs a staff session: without one (a config token included) the server says so; an ended one is ended.
  for (const [who, authorization] of credentials) wholeAlike(`signing out: ${who}`, await asIs('POST', '/admin/sign-out', authorization, {}));
  wholeAlike('signing out with the config token', await both('POST', '/admin/sign-out', { as: 'admin', body: {} }));
  // An expert's session on a coordinator's route: 403 in the server's words.
  const forbidden = await both('GET', `${A}/staff`, { server: { token: expert }, mock: { token: mockStaffSession(mock.state, 'st_expert1') } });
  assert.equal(forbidden.s.status, 403);
  wholeAlike('an expert on the staff list', forbidden);
});

test('applying the results: refused before the results phase in the server’s words (each side’s own window), and taken from then on, also once implementation has opened early', async () => {
  const early = await both('POST', `${A}/results/apply`, { as: 'admin', body: {} });
  assert.deepEqual(early.server, { status: 403, code: 'phase_closed' });
  assert.deepEqual(early.mock, early.server);
  // The words alike but for the dates: each names its own cycle's results window (the mock's demo cycle is not the example's).
  const words = (message: unknown) => String(message).replace(/\d{4}-\d\d-\d\d[^ ]*/g, '<date>');
  assert.equal(words(early.m.body.message), words(early.s.body.message), 'the server’s words');
  assert.equal(early.s.body.message, phaseClosedMessage('applying the results', (await onServer('GET', A, { token: admin })).body.cycle, 'results'));
  assert.equal(early.m.body.message, phaseClosedMessage('applying the results', mock.state.config.cycle, 'results'), 'the mock’s own window');
  // In the results phase, the centre opens implementation early: the results are still final, and applying them is taken.
  const late = testServer({ now: AT.aksu.results });
  const LATE = 'http://admin-mock-late.test/api/v1';
  const lateMock = createAdminMock({ base: LATE, now: Date.parse(AT.aksu.results), phase: 'results' });
  msw.use(...lateMock.handlers);
  try {
    const token = late.adminTokens['aksu-centre']!;
    const same = async (what: string, path: string, body: unknown) => {
      const s = await call(late.app, 'POST', path, { token, body });
      const res = await fetch(`${LATE}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${MOCK_ADMIN_TOKEN}` }, body: JSON.stringify(body) });
      const m = { status: res.status, body: await res.json() };
      assert.equal(s.status, 200, `${what}: ${s.text}`);
      assert.equal(m.status, s.status, `${what}: ${JSON.stringify(m.body)}`);
      return { s, m };
    };
    const opened = await same('opening implementation', `${A}/phases`, { phase: 'implementation', action: 'open' });
    assert.deepEqual([opened.m.body.currentPhase, opened.s.body.currentPhase], ['implementation', 'implementation']);
    const applied = await same('applying the results', `${A}/results/apply`, {});
    assert.deepEqual(Object.keys(applied.m.body), Object.keys(applied.s.body), 'what was applied, said alike');
  } finally {
    late.close();
  }
});

/**
 * The server with its demo ballots cast during the vote, then in the results phase, beside a new mock at `base` in the
 * results phase (with the council's routes: `staff`). `on` sends a request to both with each side's config token (to
 * the same path, or each its own; the same body, or each its own when `body` is a function of the side), and checks
 * the answers have the same shape.
 */
async function afterTheVote(base: string, staff = false) {
  const server = testServer({ now: AT.aksu.voting });
  const m = createAdminMock({ base, now: Date.parse(AT.aksu.results), phase: 'results', staff });
  msw.use(...m.handlers);
  const rt = server.config.cities.get('aksu')!;
  await seedCity(server.store, new Keys(server.secrets.secret), rt, rt.cycles[0]!, server.now());
  server.setNow(AT.aksu.results);
  const token = server.adminTokens['aksu-centre']!;
  const on = async (method: string, path: string | Pair, body?: unknown) => {
    const paths = typeof path === 'string' ? same(path) : path;
    const bodies = typeof body === 'function' ? { server: body('server'), mock: body('mock') } : same(body);
    const s = await call(server.app, method, paths.server, { token, ...(bodies.server !== undefined ? { body: bodies.server } : {}) });
    const res = await fetch(`${base}${paths.mock}`, { method, headers: { authorization: `Bearer ${MOCK_ADMIN_TOKEN}`, ...(bodies.mock !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(bodies.mock !== undefined ? { body: JSON.stringify(bodies.mock) } : {}) });
    const r = { s: { status: s.status, body: s.body as any }, m: { status: res.status, body: await res.json().catch(() => null) } };
    assert.deepEqual(shape(r.m.status, r.m.body), shape(r.s.status, r.s.body), `${method} ${paths.server}: ${s.text} / ${JSON.stringify(r.m.body)}`);
    return r;
  };
  return { server, m, on };
}

test('applying the results and the pabulib export: the projects still on the ballot become winners (or not funded) with the note, once, and each writes the server’s entry in the audit log', async () => {
  // The server's demo ballots cast during the vote, its results not yet applied; then the results phase on both.
  const { server, on } = await afterTheVote('http://admin-mock-apply.test/api/v1');
  try {
    // The newest entry of each side's log, its counts reduced to their kind (each side has its own ballot).
    const newest = async () => {
      const log = await on('GET', `${A}/audit?limit=1`);
      return { s: log.s.body.items[0], m: log.m.body.items[0] };
    };
    const entry = (e: { actor: string; action: string; target: string | null; details: Record<string, unknown> }) => ({ actor: e.actor, action: e.action, target: e.target, details: Object.fromEntries(Object.entries(e.details).map(([k, v]) => [k, typeof v])) });

    const note = 'Итоги утверждены акиматом.';
    const applied = await on('POST', `${A}/results/apply`, { note });
    // Each side's own count (the server's demo ballots; the mock's fixture votes, each that many one-project ballots).
    for (const side of ['s', 'm'] as const) assert.ok(applied[side].body.winners.length + applied[side].body.notFunded.length > 0, `${side}: projects applied`);
    const logged = await newest();
    assert.deepEqual(entry(logged.m), entry(logged.s), 'the entry of applying them');
    for (const side of ['s', 'm'] as const) assert.deepEqual([logged[side].details.winners, logged[side].details.notFunded], [applied[side].body.winners.length, applied[side].body.notFunded.length], `${side}: what it counted`);
    // What the centre sees of the projects afterwards: their new statuses, with the note.
    for (const side of ['s', 'm'] as const) {
      const listed = (await on('GET', `${A}/proposals`))[side].body.items as { id: string; status: string; reviewNote?: string }[];
      const seen = (ids: string[]) => [...new Set(listed.filter((p) => ids.includes(p.id)).map((p) => `${p.status}: ${p.reviewNote}`))];
      for (const [key, status] of [['winners', 'winner'], ['notFunded', 'not_funded']] as const) {
        const ids: string[] = applied[side].body[key];
        assert.deepEqual(seen(ids), ids.length ? [`${status}: ${note}`] : [], `${side}: ${key}`);
      }
    }
    // Again: nothing left on the ballot to change, and nothing written.
    const again = await on('POST', `${A}/results/apply`, {});
    for (const side of ['s', 'm'] as const) {
      assert.deepEqual([again[side].body.winners, again[side].body.notFunded, again[side].body.unchanged.length], [[], [], applied[side].body.winners.length + applied[side].body.notFunded.length], `${side}: applied once`);
    }
    const after = await newest();
    assert.deepEqual([after.s.id, after.m.id], [logged.s.id, logged.m.id], 'nothing more written on either');

    for (const query of ['', '?pool=city']) {
      await on('GET', `${A}/export.pb${query}`);
      const exported = await newest();
      assert.deepEqual(entry(exported.m), entry(exported.s), `the export${query}`);
    }
    const unknown = await on('GET', `${A}/export.pb?pool=nope`);
    assert.deepEqual(unknown.m, unknown.s, 'an unknown pool');
  } finally {
    server.close();
  }
});

test('the centre’s results: the downloads linked as the server links them (the CSV while live, the pabulib file too once final), and, once final, the council’s decision beside the count where its status disagrees — alike', async () => {
  const live = await alike('live results', 'GET', `${A}/results`, { as: 'admin' });
  assert.deepEqual([live.s.body.mode, live.s.body.downloads], ['live', { csv: '/api/v1/cities/aksu/results.csv' }], 'the server’s');
  assert.deepEqual(Object.keys(live.m.body), Object.keys(live.s.body), 'the fields of the mock’s');
  assert.deepEqual([live.m.body.mode, live.m.body.downloads], [live.s.body.mode, live.s.body.downloads], 'the mock’s');

  // The server's demo ballots cast during the vote; then the results phase on both.
  const { server, m, on } = await afterTheVote('http://admin-mock-results.test/api/v1');
  try {
    const results = () => on('GET', `${A}/results`);
    type Project = { projectId: string; funded: boolean; decision?: { funded: boolean; at: string; note?: string } };
    const projects = (body: any): Project[] => body.pools.flatMap((p: { projects: Project[] }) => p.projects);
    // On each side two projects the count funds (the mock's greedy count of its fixture votes and a paper ballot for
    // them, the server's of its demo ballots, funds all of each side's): the council does not fund one (with its
    // reason), and agrees on the other.
    const [a, b] = m.state.proposals.filter((p) => p.status === 'on_ballot' && p.poolId === 'city');
    m.state.paperBallots.push([{ poolId: 'city', picks: [{ projectId: a!.id }, { projectId: b!.id }] }]);
    const before = await results();
    const counted = (body: any) => projects(body).filter((p) => p.funded).map((p) => p.projectId);
    const [dropped, agreed] = [0, 1].map((i) => ({ server: counted(before.s.body)[i]!, mock: counted(before.m.body)[i]! }));
    const path = (ids: { server: string; mock: string }) => ({ server: `${A}/proposals/${ids.server}/status`, mock: `${A}/proposals/${ids.mock}/status` });
    const note = 'Совет не финансирует проект: участок передан под застройку.';
    assert.equal((await on('POST', path(dropped!), { status: 'not_funded', note })).s.status, 200);
    assert.equal((await on('POST', path(agreed!), { status: 'winner' })).s.status, 200);

    const after = await results();
    assert.equal(after.s.body.mode, 'final');
    assert.deepEqual(Object.keys(after.m.body), Object.keys(after.s.body), 'the fields of the mock’s');
    assert.deepEqual([after.m.body.mode, after.m.body.downloads], [after.s.body.mode, after.s.body.downloads], 'the mock’s downloads');
    assert.deepEqual(after.s.body.downloads, { csv: '/api/v1/cities/aksu/results.csv', pb: '/api/v1/cities/aksu/results.pb' }, 'the server’s downloads');
    const decided = (body: any, ids: { server: string; mock: string }, side: 'server' | 'mock') => {
      const p = projects(body).find((x) => x.projectId === ids[side])!;
      return { funded: p.funded, decision: p.decision && { ...p.decision, at: Date.parse(p.decision.at) } };
    };
    const expected = { funded: true, decision: { funded: false, at: Date.parse(AT.aksu.results), note } };
    assert.deepEqual(decided(after.s.body, dropped!, 'server'), expected, 'the server’s: not funded by the council');
    assert.deepEqual(decided(after.m.body, dropped!, 'mock'), expected, 'the mock’s: not funded by the council');
    assert.deepEqual(decided(after.m.body, agreed!, 'mock'), decided(after.s.body, agreed!, 'server'), 'funded, as counted');
    assert.deepEqual(projects(after.m.body).filter((p) => p.decision).length, projects(after.s.body).filter((p) => p.decision).length, 'decisions on each side');
  } finally {
    server.close();
  }
});

/**
 * Aksu counted by equal shares in a pool of 20 000 000 ₸, with the same projects and ballots on the server and on two
 * mocks that mirror it (its config and its centre's list of proposals): `live` read while Aksu votes, `final` in the
 * results phase. On each side projects get ballots cast online, each choosing one project (the mocks' fixture `votes`
 * stand for those), and paper ballots entered at a desk of the centre; a project of last year's ballot, with last
 * year's ballots, is on each side too (no count of 2026 reads them).
 */
async function countedByTheCentre(tag: string) {
  const server = testServer({
    now: AT.aksu.voting,
    edit: (f) => {
      const cycle = f.cities.find((c) => c.slug === 'aksu')!.cycles[0]!;
      cycle.counting = { rule: 'mes', tieBreak: 'lexico' };
      cycle.pools[0]!.budget = 20_000_000;
      // Last year's cycle named too: its proposal is counted by its own ballots.
      withLastYear(f);
    },
  });
  const token = server.adminTokens['aksu-centre']!;
  const project = (cycleId: string, cost: number) => {
    const { district: _none, ...p } = fundedProject(`centre-count-${tag}`, {
      cycleId,
      status: 'on_ballot',
      estimatedCost: cost,
      finalCost: cost,
      history: [
        { status: 'submitted', at: '2025-05-01T00:00:00.000Z' },
        { status: 'on_ballot', at: '2025-06-01T00:00:00.000Z' },
      ],
    });
    return { ...p, district: 'town' };
  };
  const projects = [9_000_000, 8_000_000, 7_000_000, 2_000_000, 1_000_000].map((cost) => project('aksu-2026', cost));
  const lastYear = project('aksu-2025', 1_000_000);
  for (const p of [...projects, lastYear]) await server.store.createProposal(p, null);
  const [p1, p2, p3, p4, p5] = projects.map((p) => p.id) as [string, string, string, string, string];
  // Ballots cast online, each choosing one project: this year's (three, two, one, none and one), and last year's.
  const online = new Map([[p1, 3], [p2, 2], [p3, 1], [p5, 1], [lastYear.id, 4]]);
  let voter = 0;
  for (const [projectId, n] of online) {
    const cycleId = projectId === lastYear.id ? 'aksu-2025' : 'aksu-2026';
    for (let i = 0; i < n; i++) {
      const v = ++voter;
      const castAt = cycleId === 'aksu-2025' ? '2025-09-10T10:00:00+05:00' : AT.aksu.voting;
      await server.store.castBallot(
        { city: 'aksu', cycleId, voterHash: `centre-count-${tag}-${v}`, receiptCode: `CNTR-0000-0000-${String(v).padStart(4, '0')}`, channel: 'online', castAt, replacedAt: null, choices: [{ poolId: 'city', picks: [{ projectId }] }] },
        'final',
        { scope: `centre-count-${tag}`, key: `ballot-${v}`, requestHash: '-', status: 201, body: '{}', createdAt: castAt },
      );
    }
  }
  const city = (...ids: string[]) => ({ choices: [{ poolId: 'city', picks: ids.map((projectId) => ({ projectId })) }] });
  const paper = { cycleId: 'aksu-2026', desk: 'Участок №1', ballots: [city(p1, p2, p3), city(p1, p4), city(p3, p5), city(p2)] };
  const entered = await call(server.app, 'POST', `${A}/paper-ballots`, { token, key: newKey(), body: paper });
  assert.equal(entered.status, 201, entered.text);

  const mirror = async (m: ReturnType<typeof createAdminMock>) => {
    const config = await call(server.app, 'GET', A, { token });
    assert.equal(config.status, 200, config.text);
    m.state.config = config.body;
  };
  const mockOf = async (side: string, now: string) => {
    const base = `http://admin-mock-count-${tag}-${side}.test/api/v1`;
    const m = createAdminMock({ base, now: Date.parse(now), phase: 'voting' });
    msw.use(...m.handlers);
    await mirror(m);
    const list = await call(server.app, 'GET', `${A}/proposals?limit=500`, { token });
    assert.equal(list.status, 200, list.text);
    const mirrored = (list.body.items as AdminProposal[]).filter((p) => p.cycleId === 'aksu-2026').map((p) => ({ ...p, votes: online.get(p.id) ?? 0 }));
    m.state.proposals = [...mirrored, { ...mirrored[0]!, id: lastYear.id, cycleId: 'aksu-2025', votes: online.get(lastYear.id)! }];
    const res = await fetch(`${base}${A}/paper-ballots`, { method: 'POST', headers: { authorization: `Bearer ${MOCK_ADMIN_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': newKey() }, body: JSON.stringify(paper) });
    assert.equal(res.status, 201, await res.text());
    return { m, base };
  };
  const live = await mockOf('live', AT.aksu.voting);
  const final = await mockOf('final', AT.aksu.results);
  /** The same request to the server (now) and to a mock, with each side's config token. */
  const on = async (side: { base: string }, method: string, path: string, body?: unknown) => {
    const s = await call(server.app, method, path, { token, ...(body !== undefined ? { body } : {}) });
    const res = await fetch(`${side.base}${path}`, { method, headers: { authorization: `Bearer ${MOCK_ADMIN_TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { s: { status: s.status, body: s.body as any }, m: { status: res.status, body: await res.json() } };
  };
  /** In the results phase on both: the server's clock, and the final mock's config as the server gives it then. */
  const toResults = async () => {
    server.setNow(AT.aksu.results);
    await mirror(final.m);
  };
  return { server, live, final, on, toResults };
}

test('the centre’s results count as the server’s admin results do: each pool by the cycle’s rule (here equal shares) over that cycle’s projects and its ballots cast online and entered on paper, the turnout split by channel, live until the results phase and final from its start; applying them marks the same projects — alike, whole', async () => {
  const { server, live, final, on, toResults } = await countedByTheCentre('rule');
  try {
    const whileVoting = await on(live, 'GET', `${A}/results`);
    assert.equal(whileVoting.s.status, 200, JSON.stringify(whileVoting.s.body));
    const s = whileVoting.s.body as Results;
    // The server's count: seven ballots online (last year's four not among them), four on paper; by equal shares it
    // funds what the shares pay for, not every project that fits the budget.
    assert.deepEqual([s.mode, s.turnout, s.pools.map((p) => p.ballots)], ['live', { online: 7, paper: 4, total: 11 }, [11]], 'the server’s count');
    assert.ok(s.pools[0]!.projects.some((p) => !p.funded) && s.pools[0]!.spent < s.pools[0]!.budget, 'the server’s equal shares leave a project that fits unfunded');
    assert.deepEqual(whileVoting.m, whileVoting.s, 'live, while voting: whole');

    await toResults();
    const after = await on(final, 'GET', `${A}/results`);
    assert.equal(after.s.body.mode, 'final');
    assert.deepEqual(after.m, after.s, 'final, in the results phase: whole');
    const applied = await on(final, 'POST', `${A}/results/apply`, {});
    assert.equal(applied.s.status, 200, JSON.stringify(applied.s.body));
    assert.deepEqual(applied.m, applied.s, 'applying them: the same winners and the same projects not funded');
  } finally {
    server.close();
  }
});

test('the votes a proposal shows the centre count its ballots cast online and entered on paper, as the server’s do: in the list, one proposal and an action’s answer, while voting and once final (a paper ballot entered since counted too); last year’s proposal shows its own cycle’s — alike', async () => {
  const { server, live, final, on, toResults } = await countedByTheCentre('votes');
  try {
    /** Each side's votes of the proposals the server lists (the current cycle's), by id. */
    const listed = async (side: { base: string }) => {
      const r = await on(side, 'GET', `${A}/proposals?limit=500`);
      assert.equal(r.s.status, 200, JSON.stringify(r.s.body));
      const ids = (r.s.body.items as AdminProposal[]).map((p) => p.id);
      const votes = (items: AdminProposal[]) => Object.fromEntries(ids.map((id) => [id, items.find((p) => p.id === id)?.votes]));
      return { server: votes(r.s.body.items), mock: votes(r.m.body.items) };
    };
    const total = (votes: Record<string, number | undefined>) => Object.values(votes).reduce<number>((sum, n) => sum + (n ?? 0), 0);
    /** The same paper ballots entered through the server and through a mock. */
    const enter = async (side: { base: string }, body: unknown) => {
      const s = await call(server.app, 'POST', `${A}/paper-ballots`, { token: server.adminTokens['aksu-centre']!, key: newKey(), body });
      const res = await fetch(`${side.base}${A}/paper-ballots`, { method: 'POST', headers: { authorization: `Bearer ${MOCK_ADMIN_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': newKey() }, body: JSON.stringify(body) });
      assert.deepEqual([s.status, res.status], [201, 201], `${s.text} / ${await res.text()}`);
    };

    // While voting: seven ballots online (one project each) and four on paper choosing eight projects in all.
    const voting = await listed(live);
    assert.equal(total(voting.server), 15, `the server’s: ${JSON.stringify(voting.server)}`);
    assert.deepEqual(voting.mock, voting.server, 'the list while voting');
    const [top] = Object.entries(voting.server).sort((a, b) => b[1]! - a[1]!)[0]!;
    const one = await on(live, 'GET', `${A}/proposals/${top}`);
    assert.deepEqual([one.m.body.votes, one.s.body.votes], [voting.server[top], voting.server[top]], 'one proposal (mock, server)');
    const acted = await on(live, 'POST', `${A}/proposals/${top}/visibility`, { published: true });
    assert.equal(acted.s.status, 200, JSON.stringify(acted.s.body));
    assert.deepEqual([acted.m.body.votes, acted.s.body.votes], [voting.server[top], voting.server[top]], 'an action’s answer (mock, server)');
    // Last year's project: its own cycle's four ballots, none of this year's.
    const lastYear = live.m.state.proposals.find((p) => p.cycleId === 'aksu-2025')!.id;
    const old = await on(live, 'GET', `${A}/proposals/${lastYear}`);
    assert.deepEqual([old.m.body.votes, old.s.body.votes], [4, 4], 'last year’s proposal (mock, server)');

    // Once final, a paper ballot entered since on both: counted in the list (the server's count waits for it then).
    await toResults();
    const [first, second] = Object.keys(voting.server);
    await enter(final, { cycleId: 'aksu-2026', desk: 'Участок №2', ballots: [{ choices: [{ poolId: 'city', picks: [{ projectId: first }, { projectId: second }] }] }] });
    const counted = await listed(final);
    assert.equal(total(counted.server), 17, `the server’s: ${JSON.stringify(counted.server)}`);
    assert.deepEqual(counted.mock, counted.server, 'the list once final, with the paper ballot entered since');
    const decided = await on(final, 'POST', `${A}/proposals/${first}/status`, { status: 'winner' });
    assert.equal(decided.s.status, 200, JSON.stringify(decided.s.body));
    assert.deepEqual([decided.m.body.votes, decided.s.body.votes], [counted.server[first!], counted.server[first!]], 'an action’s answer once final (mock, server)');
  } finally {
    server.close();
  }
});

/**
 * A pabulib file as far as two exports of the same ballots can agree: META and PROJECTS line by line, the header of
 * VOTES, the voters' ids, and each ballot without its voter's id. Not which ballot is whose: the server numbers its
 * voters in the order of a keyed hash (so that a number says nothing of when a voter voted), a key the mock does not have.
 */
function pabulibParts(text: string) {
  const lines = text.split('\n');
  const [projects, votes] = [lines.indexOf('PROJECTS'), lines.indexOf('VOTES')];
  const rows = lines.slice(votes + 2).filter((line) => line !== '').map((line) => line.split(';'));
  return {
    meta: lines.slice(0, projects),
    projects: lines.slice(projects, votes),
    votesHeader: lines[votes + 1],
    voters: rows.map((row) => row[0]).sort(),
    ballots: rows.map((row) => row.slice(1).join(';')).sort(),
  };
}

test('the centre’s pabulib export is the pool’s real file, as the server’s: its type and file name, its META and PROJECTS as they are, and the same ballots cast online and on paper (numbered in another order) — while voting and once final, for a pool named and the first by default', async () => {
  const { server, live, final, toResults } = await countedByTheCentre('export');
  try {
    const token = server.adminTokens['aksu-centre']!;
    const exported = async (side: { base: string }, query: string) => {
      const s = await call(server.app, 'GET', `${A}/export.pb${query}`, { token });
      const res = await fetch(`${side.base}${A}/export.pb${query}`, { headers: { authorization: `Bearer ${MOCK_ADMIN_TOKEN}` } });
      const m = { status: res.status, headers: res.headers, text: await res.text() };
      assert.equal(s.status, 200, s.text);
      const answer = (r: { status: number; headers: Headers }) => [r.status, r.headers.get('content-type'), r.headers.get('content-disposition')];
      // Named as the public file of the pool asked for: the city, the cycle, the pool.
      const name = `aksu-aksu-2026${query ? `-${new URLSearchParams(query).get('pool')}` : ''}.pb`;
      assert.deepEqual(answer(s), [200, 'text/plain; charset=utf-8', `attachment; filename="${name}"`], `the server’s answer${query}`);
      assert.deepEqual(answer(m), answer(s), `the mock’s answer${query}`);
      const parts = { server: pabulibParts(s.text), mock: pabulibParts(m.text) };
      // Seven ballots cast online and four on paper, each with picks in the only pool.
      assert.deepEqual([parts.server.voters.length, parts.server.meta.includes('num_votes;11')], [11, true], `the server’s ballots${query}: ${s.text}`);
      assert.deepEqual(parts.mock, parts.server, `the file${query}`);
    };
    await exported(live, '?pool=city');
    await toResults();
    await exported(final, '');
  } finally {
    server.close();
  }
});

/** The first proposal of each side's list in this status, and a proposal's own address (with `rest` after it) on each side. */
const firstIn = (lists: Pair<{ items: { id: string; status: string }[] }>, status: ProposalStatus): Pair => ({
  server: lists.server.items.find((p) => p.status === status)!.id,
  mock: lists.mock.items.find((p) => p.status === status)!.id,
});
const proposalAt = (ids: Pair, rest = ''): Pair => ({ server: `${A}/proposals/${ids.server}${rest}`, mock: `${A}/proposals/${ids.mock}${rest}` });

test('a proposal’s history keeps at most 100 entries: the first (the submission) stays and the oldest after it makes room — for a new status, the council’s decision and a merge’s reason on its target — alike', async () => {
  const { server, on } = await afterTheVote('http://admin-mock-history.test/api/v1', true);
  try {
    const list = await on('GET', `${A}/proposals?limit=500`);
    const lists = { server: list.s.body, mock: list.m.body };
    const [kept, merged] = [firstIn(lists, 'rejected'), firstIn(lists, 'needs_changes')];
    for (let i = 1; i <= 100; i++) assert.equal((await on('POST', proposalAt(kept, '/status'), { status: i % 2 ? 'under_review' : 'rejected', note: `№${i}` })).s.status, 200);
    assert.equal((await on('POST', proposalAt(kept, '/decision'), { outcome: 'reject', reason: 'Решение совета.' })).s.status, 200);
    assert.equal((await on('POST', proposalAt(merged, '/merge'), (side: 'server' | 'mock') => ({ into: kept[side], note: 'Объединено.' }))).s.status, 200);
    const after = await on('GET', proposalAt(kept));
    const entries = (body: { history: StatusChange[] }) => body.history.map((h) => h.note ?? h.status);
    const expected = ['submitted', ...Array.from({ length: 97 }, (_, i) => `№${i + 4}`), 'Решение совета.', 'Объединено.'];
    assert.deepEqual(entries(after.s.body), expected, 'the server’s');
    assert.deepEqual(entries(after.m.body), expected, 'the mock’s');
  } finally {
    server.close();
  }
});

test('an action marks the proposal changed now (updatedAt): a status, the council’s decision, a cost, its visibility, a merge (its target too, without a note), applying the results — alike', async () => {
  const { server, on } = await afterTheVote('http://admin-mock-updated.test/api/v1', true);
  try {
    const list = await on('GET', `${A}/proposals?limit=500`);
    const lists = { server: list.s.body, mock: list.m.body };
    const picked = (['needs_changes', 'rejected', 'withdrawn', 'merged', 'under_review', 'submitted', 'on_ballot'] as const).map((status) => firstIn(lists, status));
    const [status, decided, costed, shown, merged, target] = picked;
    const updated = async (ids: Pair) => {
      const r = await on('GET', proposalAt(ids));
      return [r.s.body.updatedAt, r.m.body.updatedAt].map(Date.parse);
    };
    const now = Date.parse(AT.aksu.results);
    for (const ids of picked) assert.ok(!(await updated(ids)).includes(now), `${ids.server}, ${ids.mock}: not changed yet`);
    for (const [what, ids, rest, body] of [
      ['a status', status, '/status', { status: 'under_review' }],
      ['the council’s decision', decided, '/decision', { outcome: 'reject', reason: 'Решение совета.' }],
      ['a cost', costed, '/cost', { finalCost: 5_000_000 }],
      ['its visibility, as it was', shown, '/visibility', { published: true }],
      ['a merge without a note', merged, '/merge', (side: 'server' | 'mock') => ({ into: target![side] })],
    ] as const)
      assert.equal((await on('POST', proposalAt(ids!, rest), body)).s.status, 200, what);
    assert.equal((await on('POST', `${A}/results/apply`, {})).s.status, 200, 'applying the results');
    for (const ids of picked) assert.deepEqual(await updated(ids), [now, now], `${ids.server}, ${ids.mock}: changed now (server, mock)`);
  } finally {
    server.close();
  }
});

test('a proposal’s action writes the request in the audit log as its schema read it (notes normalised), and one refused for an unknown field writes nothing', async () => {
  const serverItems = (await onServer('GET', `${A}/proposals`, { token: admin })).body.items as { id: string; status: string; poolId?: string }[];
  // A rejected proposal on each side, given its status again with a note.
  const rejected = (items: { id: string; status: string; poolId?: string }[]) => items.find((p) => p.status === 'rejected' && p.poolId === undefined)!.id;
  const ids = [rejected(serverItems), rejected(mock.state.proposals)] as const;
  const at = (rest: string) => ({ server: { path: `${A}/proposals/${ids[0]}${rest}` }, mock: { path: `${A}/proposals/${ids[1]}${rest}` } });
  const status = await alike('a note with spaces, CRLF, a bidi control and a decomposed letter', 'POST', '', { as: 'admin', body: { status: 'rejected', note: '  Уточните\r\nадрес\u202E cafe\u0301  ' }, ...at('/status') });
  assert.equal(status.s.status, 200, JSON.stringify(status.s.body));
  const hidden = await alike('a reason with runs of spaces', 'POST', '', { as: 'admin', body: { hidden: false, reason: '  не   спам\u200F ' }, ...at('/visibility') });
  assert.equal(hidden.s.status, 200, JSON.stringify(hidden.s.body));
  const refused = await alike('an unknown field', 'POST', '', { as: 'admin', body: { status: 'rejected', note: 'x', extra: 1 }, ...at('/status') });
  assert.equal(refused.s.status, 400);
  const log = await both('GET', `${A}/audit?limit=2`, { as: 'admin' });
  const entries = (body: any) => body.items.map((e: { action: string; details: unknown }) => ({ action: e.action, details: e.details }));
  assert.deepEqual(entries(log.s.body), [
    { action: 'proposal.visibility', details: { request: { hidden: false, reason: 'не спам' } } },
    { action: 'proposal.status', details: { request: { status: 'rejected', note: 'Уточните\nадрес café' } } },
  ], 'the server’s log');
  assert.deepEqual(entries(log.m.body), entries(log.s.body), 'the mock’s log');
});

test('a proposal’s final cost with a note: the note becomes the latest and the council’s words per language go (without a note both stay) — alike', async () => {
  const serverItems = (await onServer('GET', `${A}/proposals`, { token: admin })).body.items as { id: string; status: ProposalStatus; poolId?: string }[];
  // On each side a proposal the council still decides on, off the ballot, given the council's reason in two languages.
  const open = (items: { id: string; status: ProposalStatus; poolId?: string }[]) => items.filter((p) => ASSESSED_STATUSES.has(p.status) && p.poolId === undefined).at(-2)!.id;
  const ids = [open(serverItems), open(mock.state.proposals)] as const;
  const at = (rest: string) => ({ server: { path: `${A}/proposals/${ids[0]}${rest}` }, mock: { path: `${A}/proposals/${ids[1]}${rest}` } });
  const decided = await alike('a decision in two languages', 'POST', '', { as: 'admin', body: { outcome: 'needs_changes', reason: { kk: 'Мекенжайды нақтылаңыз', ru: 'Уточните адрес' } }, ...at('/decision') });
  assert.equal(decided.s.status, 200, JSON.stringify(decided.s.body));
  const notes = (body: { reviewNote?: string; reviewNotes?: unknown }) => [body.reviewNote, body.reviewNotes];
  const kept = await alike('a cost without a note', 'POST', '', { as: 'admin', body: { finalCost: 7_000_000 }, ...at('/cost') });
  assert.deepEqual(notes(kept.s.body), [decided.s.body.proposal.reviewNote, { kk: 'Мекенжайды нақтылаңыз', ru: 'Уточните адрес' }], 'the server keeps both');
  assert.deepEqual(notes(kept.m.body), notes(kept.s.body), 'the mock keeps both');
  const noted = await alike('a cost with a note', 'POST', '', { as: 'admin', body: { finalCost: 6_500_000, note: 'Смета пересчитана.' }, ...at('/cost') });
  assert.deepEqual(notes(noted.s.body), ['Смета пересчитана.', undefined], 'the server’s note, alone');
  assert.deepEqual(notes(noted.m.body), notes(noted.s.body), 'the mock’s');
});

test('assessing a proposal the council no longer assesses (withdrawn by the centre after it was assigned): 409 alike, whole', async () => {
  const staffList = (await onServer('GET', `${A}/staff`, { token: admin })).body.items as { id: string; name: string }[];
  const serverAigul = staffList.find((x) => x.name === 'Айгүл Серікқызы')!.id;
  // On each side a proposal the council still assesses, off the ballot, that no other test assigned.
  const serverAssigned = new Set(((await onServer('GET', `${A}/assignments`, { token: admin })).body.items as { proposalId: string }[]).map((a) => a.proposalId));
  const serverItems = (await onServer('GET', `${A}/proposals`, { token: admin })).body.items as { id: string; status: ProposalStatus; poolId?: string }[];
  const free = (items: { id: string; status: ProposalStatus; poolId?: string }[], assigned: Set<string>) => items.find((p) => ASSESSED_STATUSES.has(p.status) && p.poolId === undefined && !assigned.has(p.id))!.id;
  const ids = [free(serverItems, serverAssigned), free(mock.state.proposals, new Set(mock.state.assignments.map((a) => a.proposalId)))] as const;
  const on = (rest: string, o: { server?: Side; mock?: Side } = {}) => ({ server: { path: `${A}/proposals/${ids[0]}${rest}`, ...o.server }, mock: { path: `${A}/proposals/${ids[1]}${rest}`, ...o.mock } });
  const assigned = await alike('assigning the expert', 'PUT', '', { as: 'admin', server: { path: `${A}/proposals/${ids[0]}/assignments/${serverAigul}` }, mock: { path: `${A}/proposals/${ids[1]}/assignments/st_expert1` } });
  assert.equal(assigned.s.status, 200, JSON.stringify(assigned.s.body));
  const withdrawn = await alike('withdrawn by the centre', 'POST', '', { as: 'admin', body: { status: 'withdrawn', note: 'Автор отозвал предложение.' }, ...on('/status') });
  assert.equal(withdrawn.s.status, 200, JSON.stringify(withdrawn.s.body));
  const r = await both('PUT', '', { body: { scores: { feasibility: 3, benefit: 4 }, recommendation: 'accept' }, ...on('/assessment', { server: { token: expert }, mock: { token: mockStaffSession(mock.state, 'st_expert1') } }) });
  assert.deepEqual(r.server, { status: 409, code: 'conflict' }, JSON.stringify(r.s.body));
  wholeAlike('the expert’s assessment of the withdrawn proposal', r);
});

test('assigning an expert: nobody, a coordinator, a revoked expert, no proposal, a proposal the council no longer assesses — refused alike, whole; an invited expert is assigned on both', async () => {
  const staffList = async () => (await onServer('GET', `${A}/staff`, { token: admin })).body.items as { id: string; name: string }[];
  const serverOf = async (name: string) => (await staffList()).find((x) => x.name === name)!.id;
  const [serverAigul, serverPavel] = [await serverOf('Айгүл Серікқызы'), await serverOf('Pavel Ivanov')];
  // A coordinator and a revoked expert on each side.
  const coordinator = await alike('inviting a coordinator', 'POST', `${A}/staff`, { as: 'admin', body: { name: 'Гүлнар Сапарова', organisation: 'Акимат', role: 'coordinator', contact: '+77010000131' } });
  const revoked = await alike('inviting an expert', 'POST', `${A}/staff`, { as: 'admin', body: { name: 'Марат Есенов', organisation: 'ERG', role: 'expert', contact: '+77010000132' } });
  const ids = (r: typeof coordinator) => ({ server: r.s.body.member.id as string, mock: r.m.body.member.id as string });
  const [coord, gone] = [ids(coordinator), ids(revoked)];
  assert.equal((await alike('revoking the expert', 'POST', '', { as: 'admin', body: {}, server: { path: `${A}/staff/${gone.server}/revoke` }, mock: { path: `${A}/staff/${gone.mock}/revoke` } })).s.status, 200);
  // A proposal the council assesses (no one assigned yet) and one on the ballot, on each side.
  const serverItems = (await onServer('GET', `${A}/proposals`, { token: admin })).body.items as { id: string; status: ProposalStatus; poolId?: string }[];
  const serverAssigned = new Set(((await onServer('GET', `${A}/assignments`, { token: admin })).body.items as { proposalId: string }[]).map((a) => a.proposalId));
  const free = (items: { id: string; status: ProposalStatus; poolId?: string }[], assigned: Set<string>) => items.filter((p) => ASSESSED_STATUSES.has(p.status) && p.poolId === undefined && !assigned.has(p.id)).at(-1)!.id;
  const open = { server: free(serverItems, serverAssigned), mock: free(mock.state.proposals, new Set(mock.state.assignments.map((a) => a.proposalId))) };
  const onBallot = { server: serverItems.find((p) => p.status === 'on_ballot')!.id, mock: mock.state.proposals.find((p) => p.status === 'on_ballot')!.id };
  const assign = (proposal: { server: string; mock: string }, person: { server: string; mock: string }) => ({
    as: 'admin' as const,
    server: { path: `${A}/proposals/${proposal.server}/assignments/${person.server}` },
    mock: { path: `${A}/proposals/${proposal.mock}/assignments/${person.mock}` },
  });
  const off: string[] = [];
  for (const [what, proposal, person, status] of [
    ['nobody', open, { server: 'st_nobody', mock: 'st_nobody' }, 404],
    ['a coordinator', open, coord, 409],
    ['a revoked expert', open, gone, 409],
    ['no proposal', { server: 'p_nope', mock: 'p_nope' }, { server: serverAigul, mock: 'st_expert1' }, 404],
    ['a proposal on the ballot', onBallot, { server: serverAigul, mock: 'st_expert1' }, 409],
    ['no proposal, nobody (the proposal first)', { server: 'p_nope', mock: 'p_nope' }, { server: 'st_nobody', mock: 'st_nobody' }, 404],
  ] as const) {
    const r = await both('PUT', '', assign(proposal, person));
    assert.equal(r.s.status, status, `${what}: ${JSON.stringify(r.s.body)}`);
    if (!isDeepStrictEqual(r.m, r.s)) off.push(`${what}: server ${JSON.stringify(r.s)}, mock ${JSON.stringify(r.m)}`);
  }
  const invited = await both('PUT', '', assign(open, { server: serverPavel, mock: 'st_expert2' }));
  assert.equal(invited.s.status, 200, JSON.stringify(invited.s.body));
  if (invited.m.status !== 200) off.push(`an invited expert: mock ${JSON.stringify(invited.m)}`);
  // The assignment is in the audit log on both.
  const latest = await both('GET', `${A}/audit?limit=1`, { as: 'admin' });
  const entry = (body: any) => ({ action: body.items[0]?.action, expert: body.items[0]?.details.expert });
  if (!isDeepStrictEqual(entry(latest.m.body), entry(latest.s.body))) off.push(`the audit log: server ${JSON.stringify(entry(latest.s.body))}, mock ${JSON.stringify(entry(latest.m.body))}`);
  assert.deepEqual(off, [], 'answered otherwise by the mock');
});

test('an expert’s scores that do not match the city’s criteria (one missing, one out of range, one unknown) are refused alike, whole; the right ones are taken', async () => {
  const serverAigul = ((await onServer('GET', `${A}/staff`, { token: admin })).body.items as { id: string; name: string }[]).find((x) => x.name === 'Айгүл Серікқызы')!.id;
  const serverItems = (await onServer('GET', `${A}/proposals`, { token: admin })).body.items as { id: string; status: ProposalStatus; poolId?: string }[];
  const serverAssigned = new Set(((await onServer('GET', `${A}/assignments`, { token: admin })).body.items as { proposalId: string }[]).map((a) => a.proposalId));
  const free = (items: { id: string; status: ProposalStatus; poolId?: string }[], assigned: Set<string>) => items.find((p) => ASSESSED_STATUSES.has(p.status) && p.poolId === undefined && !assigned.has(p.id))!.id;
  const ids = [free(serverItems, serverAssigned), free(mock.state.proposals, new Set(mock.state.assignments.map((a) => a.proposalId)))] as const;
  const assigned = await alike('assigning the expert', 'PUT', '', { as: 'admin', server: { path: `${A}/proposals/${ids[0]}/assignments/${serverAigul}` }, mock: { path: `${A}/proposals/${ids[1]}/assignments/st_expert1` } });
  assert.equal(assigned.s.status, 200, JSON.stringify(assigned.s.body));
  const assess = (scores: Record<string, number>) =>
    both('PUT', '', {
      body: { scores, recommendation: 'accept' },
      server: { path: `${A}/proposals/${ids[0]}/assessment`, token: expert },
      mock: { path: `${A}/proposals/${ids[1]}/assessment`, token: mockStaffSession(mock.state, 'st_expert1') },
    });
  const off: string[] = [];
  for (const [what, scores] of [
    ['one criterion missing', { feasibility: 3 }],
    ['a score out of range', { feasibility: 3, benefit: 6 }],
    ['a criterion the city does not have', { feasibility: 3, benefit: 4, beauty: 5 }],
    ['all three at once', { feasibility: 0, beauty: 5 }],
  ] as const) {
    const r = await assess(scores);
    assert.equal(r.s.status, 400, `${what}: ${JSON.stringify(r.s.body)}`);
    if (!isDeepStrictEqual(r.m, r.s)) off.push(`${what}: server ${JSON.stringify(r.s)}, mock ${JSON.stringify(r.m)}`);
  }
  const taken = await assess({ feasibility: 3, benefit: 4 });
  assert.deepEqual([taken.s.status, taken.m.status], [200, 200], `the right scores: ${JSON.stringify(taken.s.body)} ${JSON.stringify(taken.m.body)}`);
  assert.deepEqual(off, [], 'answered otherwise by the mock');
});

test('opening a phase that has already ended, or has already started: refused alike, whole, in the server’s words', async () => {
  const off: string[] = [];
  for (const [what, phase] of [
    ['submission, over by the review', 'submission'],
    ['review, running', 'review'],
  ] as const) {
    const r = await both('POST', `${A}/phases`, { as: 'admin', body: { phase, action: 'open' } });
    assert.equal(r.s.status, 409, `${what}: ${JSON.stringify(r.s.body)}`);
    if (!isDeepStrictEqual(r.m, r.s)) off.push(`${what}: server ${JSON.stringify(r.s)}, mock ${JSON.stringify(r.m)}`);
  }
  assert.deepEqual(off, [], 'answered otherwise by the mock');
});

test('paper ballots without an Idempotency-Key or with a malformed one: refused alike, whole, in the server’s words', async () => {
  const body = JSON.stringify({ cycleId: 'aksu-2026', desk: 'Библиотека № 1', ballots: [] });
  const off: string[] = [];
  for (const [what, key] of [
    ['no key', undefined],
    ['a malformed key', 'short'],
  ] as const) {
    const r = await rawBoth('POST', `${A}/paper-ballots`, body, { as: 'admin', ...(key ? { key } : {}) });
    assert.equal(r.s.status, 400, `${what}: ${JSON.stringify(r.s.body)}`);
    if (!isDeepStrictEqual(r.m, r.s)) off.push(`${what}: server ${JSON.stringify(r.s)}, mock ${JSON.stringify(r.m)}`);
  }
  assert.deepEqual(off, [], 'answered otherwise by the mock');
});

test('placing a proposal on the ballot: a pool it does not belong in, and a withdrawn proposal, are refused alike, whole; one that belongs is placed', async () => {
  // Each side with a pool for sport only (both cities have the category); the mock as the server, in review.
  const sportPool = { id: 'sport-pool', name: { kk: 'Спорт', ru: 'Спорт', en: 'Sport' }, budget: 20_000_000, scope: { kind: 'category' as const, categories: ['sport'] } };
  const server = testServer({ now: AT.aksu.review, edit: (f) => void f.cities.find((c) => c.slug === 'aksu')!.cycles.at(-1)!.pools.push(sportPool) });
  const BASE = 'http://admin-mock-pools.test/api/v1';
  const m = createAdminMock({ base: BASE, now: Date.parse(AT.aksu.review), phase: 'review' });
  m.state.config.cycle.pools.push(structuredClone(sportPool));
  msw.use(...m.handlers);
  try {
    const rt = server.config.cities.get('aksu')!;
    await seedCity(server.store, new Keys(server.secrets.secret), rt, rt.cycles.at(-1)!, server.now());
    const token = server.adminTokens['aksu-centre']!;
    const post = async (ids: { server: string; mock: string }, rest: string, body: unknown) => {
      const s = await call(server.app, 'POST', `${A}/proposals/${ids.server}${rest}`, { token, body });
      const res = await fetch(`${BASE}${A}/proposals/${ids.mock}${rest}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${MOCK_ADMIN_TOKEN}` }, body: JSON.stringify(body) });
      return { s: { status: s.status, body: s.body as any }, m: { status: res.status, body: await res.json() } };
    };
    const serverItems = (await call(server.app, 'GET', `${A}/proposals?limit=500`, { token })).body.items as { id: string; status: ProposalStatus; category: string; poolId?: string }[];
    const pick = (items: { id: string; status: ProposalStatus; category: string; poolId?: string }[], sport: boolean, skip: string[] = []) =>
      items.find((p) => p.poolId === undefined && ASSESSED_STATUSES.has(p.status) && (p.category === 'sport') === sport && !skip.includes(p.id))!.id;
    const notSport = { server: pick(serverItems, false), mock: pick(m.state.proposals, false) };
    const other = { server: pick(serverItems, false, [notSport.server]), mock: pick(m.state.proposals, false, [notSport.mock]) };
    const off: string[] = [];
    const refused = (what: string, r: Awaited<ReturnType<typeof post>>, status: number) => {
      assert.equal(r.s.status, status, `${what}: ${JSON.stringify(r.s.body)}`);
      if (!isDeepStrictEqual(r.m, r.s)) off.push(`${what}: server ${JSON.stringify(r.s)}, mock ${JSON.stringify(r.m)}`);
    };
    refused('a pool of another category', await post(notSport, '/ballot', { poolId: 'sport-pool' }), 400);
    assert.equal((await post(other, '/status', { status: 'withdrawn', note: 'Автор отозвал предложение.' })).s.status, 200);
    refused('a withdrawn proposal', await post(other, '/ballot', { poolId: 'city' }), 409);
    const placed = await post(notSport, '/ballot', { poolId: 'city' });
    assert.deepEqual([placed.s.status, placed.m.status], [200, 200], `the city’s pool: ${JSON.stringify(placed.s.body)} ${JSON.stringify(placed.m.body)}`);
    assert.deepEqual(off, [], 'answered otherwise by the mock');
  } finally {
    server.close();
  }
});

test('signing in: wrong codes counted down to the lock, after which the sign-in is gone — alike, whole', async () => {
  // Someone not on the staff list gets a sign-in too (no code works for it), so the count is the same on both sides.
  const s = await onServer('POST', `${A}/sign-in`, { body: { contact: '+77019999998' } });
  const m = await onMock('POST', `${A}/sign-in`, { body: { contact: '+77019999998' } });
  assert.equal(s.status, 201, JSON.stringify(s.body));
  const off: string[] = [];
  const confirm = async (what: string, status: number) => {
    const r = await both('POST', '', { body: { code: '000000' }, server: { path: `${A}/sign-in/${s.body.challengeId}/confirm` }, mock: { path: `${A}/sign-in/${m.body.challengeId}/confirm` } });
    assert.equal(r.s.status, status, `${what}: ${JSON.stringify(r.s.body)}`);
    if (!isDeepStrictEqual(r.m, r.s)) off.push(`${what}: server ${JSON.stringify(r.s)}, mock ${JSON.stringify(r.m)}`);
  };
  for (let left = 4; left >= 1; left--) await confirm(`a wrong code, ${left} attempts left`, 422);
  await confirm('the fifth wrong code', 403);
  await confirm('a code once locked', 404);
  assert.deepEqual(off, [], 'answered otherwise by the mock');
});

test('signing in: a code typed after it expired is refused alike (410 code_expired) and the sign-in is gone (404); one left alone past its grace is gone, also for a new code; a new code asked for in time gives ten minutes again', async () => {
  const server = testServer({ now: AT.aksu.review });
  const BASE = 'http://admin-mock-expiry.test/api/v1';
  const m = createAdminMock({ base: BASE, now: Date.parse(AT.aksu.review), phase: 'review', staff: true });
  msw.use(...m.handlers);
  const { off, post, later } = twoClocks(server, BASE, AT.aksu.review);
  // Contacts on neither staff list: each gets a sign-in all the same (no code works for it), and each its own hourly codes.
  const started = async (what: string, contact: string) => {
    const r = await post(what, same(`${A}/sign-in`), same({ contact }), 201);
    return { server: r.s.body.challengeId as string, mock: r.m.body.challengeId as string };
  };
  const at = (ids: Pair, rest: string): Pair => ({ server: `${A}/sign-in/${ids.server}${rest}`, mock: `${A}/sign-in/${ids.mock}${rest}` });
  clock.timers.enable({ apis: ['Date'], now: Date.now() });
  try {
    const late = await started('a sign-in', '+77019990001');
    later(11);
    await post('a code eleven minutes later', at(late, '/confirm'), same({ code: '123456' }), 410);
    await post('a code again', at(late, '/confirm'), same({ code: '123456' }), 404);

    const left = await started('another sign-in', '+77019990002');
    later(21);
    await post('a code twenty-one minutes later', at(left, '/confirm'), same({ code: '123456' }), 404);
    await post('a new code twenty-one minutes later', at(left, '/resend'), same({}), 404);

    const renewed = await started('a third sign-in', '+77019990003');
    later(11);
    await post('a new code eleven minutes later', at(renewed, '/resend'), same({}), 201);
    await post('a code after it (wrong: the contact is nobody’s), with every attempt', at(renewed, '/confirm'), same({ code: '123456' }), 422);
    assert.deepEqual(off, [], 'answered otherwise by the mock');
  } finally {
    clock.timers.reset();
    server.close();
  }
});

/**
 * Staff sign-ins with the city's provider on the server and on a mock at `base`, on two clocks (`twoClocks`). The
 * server's provider is only started: no one comes back from it unless `sentBack` plays its callback for a sign-in
 * (the provider then proved someone who is not staff). `start` begins a sign-in on both.
 */
function withProvider(base: string) {
  let state = 0;
  const provider: OidcPort = {
    start: async () => {
      const next = `parity-state-${++state}`;
      return { url: `https://idp.test/authorize?state=${next}`, state: next, nonce: 'nonce', codeVerifier: 'verifier' };
    },
    finish: async () => ({ subject: 'nobody' }),
  };
  process.env.QALA_TEST_ADMIN_PARITY_OIDC_SECRET = 'parity-secret';
  const server = testServer({
    now: AT.aksu.review,
    identity: { method: 'oidc', provider: { kk: 'eGov', ru: 'eGov', en: 'eGov' }, issuer: 'https://idp.test', clientId: 'qala-aksu', clientSecret: 'env:QALA_TEST_ADMIN_PARITY_OIDC_SECRET', claim: 'iin' },
    oidc: provider,
  });
  const m = createAdminMock({ base, now: Date.parse(AT.aksu.review), phase: 'review', staff: true, identity: 'oidc' });
  msw.use(...m.handlers);
  const clocks = twoClocks(server, base, AT.aksu.review);
  const states = new Map<string, string>();
  // Each side takes pages of its own origin to come back to.
  const start = async (what: string) => {
    const returnTo = { server: 'http://localhost/centre/', mock: `${new URL(base).origin}/centre/` };
    const r = await clocks.post(what, same(`${A}/sign-in/oidc`), { server: { returnTo: returnTo.server, mode: 'popup' }, mock: { returnTo: returnTo.mock, mode: 'popup' } }, 201);
    states.set(r.s.body.challengeId, new URL(r.s.body.authorizationUrl).searchParams.get('state')!);
    return { server: r.s.body.challengeId as string, mock: r.m.body.challengeId as string };
  };
  /** What the server's callback hands the browser the provider sent back for this sign-in of the server's. */
  const sentBack = async (challengeId: string) => handedBack(await server.app.request(`http://localhost/api/v1/admin/oidc/callback?state=${states.get(challengeId)}&code=parity`));
  const at = (ids: Pair, rest: string): Pair => ({ server: `${A}/sign-in/${ids.server}${rest}`, mock: `${A}/sign-in/${ids.mock}${rest}` });
  return { server, m, ...clocks, start, sentBack, at };
}

test('signing in with the city’s provider: the sign-in is good for ten minutes; confirmed later it is refused alike (410 code_expired, in the server’s words) and stays so, until as long again after it is gone (404), also for a new code', async () => {
  const { server, off, post, later, start, at } = withProvider('http://admin-mock-oidc.test/api/v1');
  clock.timers.enable({ apis: ['Date'], now: Date.now() });
  try {
    const slow = await start('a sign-in');
    later(9);
    await post('confirmed nine minutes later (the provider has not sent anyone back)', at(slow, '/confirm'), same({}), 409);
    later(2);
    await post('confirmed eleven minutes later', at(slow, '/confirm'), same({}), 410);
    await post('again, with a proof', at(slow, '/confirm'), same({ proof: 'x'.repeat(43) }), 410);
    await post('a code asked for', at(slow, '/resend'), same({}), 409);
    later(10);
    await post('confirmed twenty-one minutes later', at(slow, '/confirm'), same({}), 404);
    await post('a code asked for twenty-one minutes later', at(slow, '/resend'), same({}), 404);
    assert.deepEqual(off, [], 'answered otherwise by the mock');
  } finally {
    clock.timers.reset();
    server.close();
  }
});

test('the provider sending the person back: in time the callback hands out a proof, once; after the sign-in expired it reports expired, hands out none and records nothing — mockOidcFinish as the server’s callback', async () => {
  const { server, m, start, sentBack, later } = withProvider('http://admin-mock-oidc-back.test/api/v1');
  clock.timers.enable({ apis: ['Date'], now: Date.now() });
  // What the server's callback reported, and whether each side handed out a proof (the mock's: mockOidcFinish).
  const back = async (ids: Pair) => {
    const s = await sentBack(ids.server);
    return { outcome: s.outcome, proofs: [s.proof !== null, mockOidcFinish(m.state, ids.mock, null) !== null] };
  };
  try {
    const first = await start('a sign-in');
    assert.deepEqual(await back(first), { outcome: 'not_staff', proofs: [true, true] }, 'sent back in time');
    assert.deepEqual(await back(first), { outcome: 'oidc_invalid', proofs: [false, false] }, 'sent back again');
    const late = await start('another sign-in');
    later(11);
    assert.deepEqual(await back(late), { outcome: 'expired', proofs: [false, false] }, 'sent back eleven minutes later');
    const { outcome, proof } = m.state.oidc.get(late.mock)!;
    assert.deepEqual({ outcome, proof }, { outcome: 'pending', proof: null }, 'the mock recorded nothing');
  } finally {
    clock.timers.reset();
    server.close();
  }
});

test('the provider sending the person back for a sign-in neither side has (never started): the server’s callback reports it expired and hands out no proof — mockOidcFinish answers null, as for a sign-in sent back too late', async () => {
  const { server, m } = withProvider('http://admin-mock-oidc-none.test/api/v1');
  try {
    const callback = 'http://localhost/api/v1/admin/oidc/callback?state=never-started&code=parity';
    const reported = await server.app.qala.staff.finishOidc(new URL(callback));
    const page = await handedBack(await server.app.request(callback));
    assert.deepEqual(
      { outcome: reported.outcome, proofs: [reported.proof, page.proof, mockOidcFinish(m.state, 'oc_never_started', null)] },
      { outcome: 'expired', proofs: [null, null, null] },
    );
  } finally {
    server.close();
  }
});

test('staff signed in: a coordinator’s assignment records their name as who assigned it, whoami says who they are, and the audit log names each person (actor and name) for what they did, their acceptance included — on the mock as on the server', async () => {
  // A coordinator invited by the config token and signed in by accepting the invitation, on each side.
  const person = { name: 'Сәуле Қасымова', organisation: 'Акимат', role: 'coordinator', contact: '+77010000141' };
  const invited = await alike('inviting a coordinator', 'POST', `${A}/staff`, { as: 'admin', body: person });
  assert.equal(invited.s.status, 201, JSON.stringify(invited.s.body));
  const ids = { server: invited.s.body.member.id as string, mock: invited.m.body.member.id as string };
  const sS = await onServer('POST', `${A}/sign-in/invite`, { body: { inviteToken: invited.s.body.inviteToken } });
  const sC = await onServer('POST', `${A}/sign-in/${sS.body.challengeId}/confirm`, { body: { code: t.sms.last(sS.body.challengeId) } });
  const mS = await onMock('POST', `${A}/sign-in/invite`, { body: { inviteToken: invited.m.body.inviteToken } });
  const mC = await onMock('POST', `${A}/sign-in/${mS.body.challengeId}/confirm`, { body: { code: MOCK_STAFF_CODE } });
  assert.deepEqual([sC.status, mC.status], [200, 200], `${JSON.stringify(sC.body)} ${JSON.stringify(mC.body)}`);
  const tokens = { server: sC.body.token as string, mock: mC.body.token as string };
  const off: string[] = [];
  const differ = (what: string, server: unknown, mock: unknown) => {
    if (!isDeepStrictEqual(mock, server)) off.push(`${what}: server ${JSON.stringify(server)}, mock ${JSON.stringify(mock)}`);
  };
  // Who the session is (whoami names a person by their own id).
  const who = await both('GET', '/admin/whoami', { server: { token: tokens.server }, mock: { token: tokens.mock } });
  assert.equal(who.s.status, 200, JSON.stringify(who.s.body));
  differ('whoami', { ...who.s.body, id: who.s.body.id === ids.server ? '<own id>' : who.s.body.id }, { ...who.m.body, id: who.m.body.id === ids.mock ? '<own id>' : who.m.body.id });
  // The coordinator invites an expert and assigns them to a proposal the council assesses, on each side.
  const expertInvited = await both('POST', `${A}/staff`, { body: { name: 'Бауыржан Сейітов', organisation: 'ERG', role: 'expert', contact: '+77010000142' }, server: { token: tokens.server }, mock: { token: tokens.mock } });
  assert.deepEqual([expertInvited.s.status, expertInvited.m.status], [201, 201], JSON.stringify(expertInvited.s.body));
  differ('who invited the expert', expertInvited.s.body.member.invitedBy, expertInvited.m.body.member.invitedBy);
  const serverItems = (await onServer('GET', `${A}/proposals`, { token: admin })).body.items as { id: string; status: ProposalStatus; poolId?: string }[];
  const assessed = (items: { id: string; status: ProposalStatus; poolId?: string }[]) => items.find((p) => ASSESSED_STATUSES.has(p.status) && p.poolId === undefined)!.id;
  const assigned = await both('PUT', '', {
    server: { path: `${A}/proposals/${assessed(serverItems)}/assignments/${expertInvited.s.body.member.id}`, token: tokens.server },
    mock: { path: `${A}/proposals/${assessed(mock.state.proposals)}/assignments/${expertInvited.m.body.member.id}`, token: tokens.mock },
  });
  assert.equal(assigned.s.status, 200, JSON.stringify(assigned.s.body));
  assert.equal(assigned.s.body.assignedBy, person.name, 'the server records the coordinator’s name');
  differ('who assigned it', assigned.s.body.assignedBy, assigned.m.body.assignedBy);
  // The expert accepts the invitation and records an assessment, on each side.
  const accept = async (inviteTokens: { server: string; mock: string }) => {
    const ss = await onServer('POST', `${A}/sign-in/invite`, { body: { inviteToken: inviteTokens.server } });
    const sc = await onServer('POST', `${A}/sign-in/${ss.body.challengeId}/confirm`, { body: { code: t.sms.last(ss.body.challengeId) } });
    const ms = await onMock('POST', `${A}/sign-in/invite`, { body: { inviteToken: inviteTokens.mock } });
    const mc = await onMock('POST', `${A}/sign-in/${ms.body.challengeId}/confirm`, { body: { code: MOCK_STAFF_CODE } });
    assert.deepEqual([sc.status, mc.status], [200, 200], `${JSON.stringify(sc.body)} ${JSON.stringify(mc.body)}`);
    return { server: sc.body.token as string, mock: mc.body.token as string };
  };
  const expertTokens = await accept({ server: expertInvited.s.body.inviteToken, mock: expertInvited.m.body.inviteToken });
  const scored = await both('PUT', '', {
    body: { scores: { feasibility: 4, benefit: 5 }, recommendation: 'accept', note: 'Всё понятно.' },
    server: { path: `${A}/proposals/${assessed(serverItems)}/assessment`, token: expertTokens.server },
    mock: { path: `${A}/proposals/${assessed(mock.state.proposals)}/assessment`, token: expertTokens.mock },
  });
  assert.deepEqual([scored.s.status, scored.m.status], [200, 200], JSON.stringify(scored.s.body));
  // The audit log, newest first: the expert's assessment and acceptance; the assignment and the expert's invitation
  // (by the coordinator), the coordinator's acceptance, their invitation (by the config token).
  const log = await both('GET', `${A}/audit?limit=6`, { as: 'admin' });
  const own = { server: { [`staff:${ids.server}`]: 'staff:<coordinator>', [`staff:${expertInvited.s.body.member.id}`]: 'staff:<expert>' }, mock: { [`staff:${ids.mock}`]: 'staff:<coordinator>', [`staff:${expertInvited.m.body.member.id}`]: 'staff:<expert>' } };
  const entries = (body: any, names: Record<string, string>) =>
    body.items.map((e: { actor: string; action: string; target: string | null; details: Record<string, unknown> }) => ({
      actor: names[e.actor] ?? e.actor,
      action: e.action,
      // Each side's own ids.
      details: Object.fromEntries(Object.entries(e.details).filter(([k]) => k !== 'staffId')),
      target: e.target === null ? null : '<id>',
    }));
  differ('the audit log', entries(log.s.body, own.server), entries(log.m.body, own.mock));
  assert.deepEqual(log.s.body.items.map((e: { action: string }) => e.action), ['assessment.record', 'staff.accept', 'assessment.assign', 'staff.invite', 'staff.accept', 'staff.invite'], 'the server’s log');
  assert.equal(log.s.body.items[2].details.by, person.name, 'the server’s log names the coordinator');
  // The coordinator takes the pabulib export: its entry names them too, as every action of a person's.
  const exported = await both('GET', `${A}/export.pb`, { server: { token: tokens.server }, mock: { token: tokens.mock } });
  assert.deepEqual([exported.s.status, exported.m.status], [200, 200]);
  const newest = await both('GET', `${A}/audit?limit=1`, { as: 'admin' });
  assert.deepEqual(entries(newest.s.body, own.server), [{ actor: 'staff:<coordinator>', action: 'export.pb', details: { by: person.name }, target: null }], 'the server’s entry of the export');
  differ('the export’s entry', entries(newest.s.body, own.server), entries(newest.m.body, own.mock));
  assert.deepEqual(off, [], 'answered otherwise by the mock');
});

/**
 * A server of Aksu in review with its demo proposals, one of them hidden, two more submitted at the same moment (the
 * store orders them by id), and a project of last year's cycle; and a mock holding the very same proposals (the same
 * ids), kept in another order than either lists them, with the server's config. A list's answers then compare id for id.
 */
async function listedByTheCentre() {
  const server = testServer({ now: AT.aksu.review, edit: withLastYear });
  const token = server.adminTokens['aksu-centre']!;
  const rt = server.config.cities.get('aksu')!;
  await seedCity(server.store, new Keys(server.secrets.secret), rt, rt.cycles.find((c) => c.id === 'aksu-2026')!, server.now());
  const sameMoment = '2026-05-02T04:00:00.000Z';
  for (const id of ['admin-list-b', 'admin-list-a'])
    await server.store.createProposal(fundedProject('admin-list', { id, cycleId: 'aksu-2026', status: 'submitted', poolId: undefined, finalCost: undefined, history: [{ status: 'submitted', at: sameMoment }], createdAt: sameMoment, updatedAt: sameMoment }), null);
  // Last year's: a playground too, so that a search for one would find it were the list not of this cycle only.
  const lastYear = fundedProject('admin-list');
  await server.store.createProposal(lastYear, null);
  const all = await call(server.app, 'GET', `${A}/proposals?limit=500`, { token });
  assert.equal(all.status, 200, all.text);
  const hidden = (all.body.items as AdminProposal[]).find((p) => p.status === 'under_review')!.id;
  const hid = await call(server.app, 'POST', `${A}/proposals/${hidden}/visibility`, { token, body: { hidden: true, reason: 'Персональные данные в описании' } });
  assert.equal(hid.status, 200, hid.text);

  const base = 'http://admin-mock-list.test/api/v1';
  const m = createAdminMock({ base, now: Date.parse(AT.aksu.review), phase: 'review' });
  msw.use(...m.handlers);
  m.state.config = (await call(server.app, 'GET', A, { token })).body;
  const current = (await call(server.app, 'GET', `${A}/proposals?limit=500`, { token })).body.items as AdminProposal[];
  const old = (await call(server.app, 'GET', `${A}/proposals/${lastYear.id}`, { token })).body as AdminProposal;
  m.state.proposals = [...current, old].reverse();

  /** The same list query to the server and to the mock, each answer reduced to what the centre reads of it. */
  const listed = async (query: string) => {
    const s = await call(server.app, 'GET', `${A}/proposals${query}`, { token });
    const res = await fetch(`${base}${A}/proposals${query}`, { headers: { authorization: `Bearer ${MOCK_ADMIN_TOKEN}` } });
    const reduced = (status: number, body: any) => (status === 200 ? { status, ids: (body.items as AdminProposal[]).map((p) => p.id), total: body.total, nextCursor: body.nextCursor } : { status, body });
    return { server: reduced(s.status, s.body), mock: reduced(res.status, await res.json()) };
  };
  return { server, listed, hidden, lastYear: lastYear.id, current };
}

test('the centre’s proposal list: the current cycle’s only, in the server’s order, filtered by status, visibility and words (Kazakh and Russian, any case; an author’s name, a reference) alone and together, with the same total — alike', async () => {
  const { server, listed, hidden, lastYear, current } = await listedByTheCentre();
  try {
    const reference = current.find((p) => p.status === 'on_ballot' && p.reference)!.reference!;
    const cases: [string, string][] = [
      ['no query', ''],
      ['an empty search', '?q='],
      ['one status', '?status=submitted'],
      ['two statuses', '?status=on_ballot&status=rejected'],
      ['hidden', '?hidden=true'],
      ['shown', '?hidden=false'],
      ['Russian words in capitals', '?q=ПЛОЩАДКА'],
      ['Russian words with runs of spaces', `?q=${encodeURIComponent('  детская   ИГРОВАЯ ')}`],
      ['a Kazakh word in capitals', '?q=АЛАҢ'],
      ['a Kazakh word as written', '?q=алаң'],
      ['a reference, lower-cased', `?q=${reference.toLowerCase()}`],
      ['an author’s name', `?q=${encodeURIComponent('Дмитрий')}`],
      ['status, visibility and words together', `?status=on_ballot&status=under_review&hidden=false&q=${encodeURIComponent('алаң')}`],
      ['words that nothing holds', '?q=nothing-holds-this'],
    ];
    const answers = new Map<string, any>();
    for (const [what, query] of cases) {
      const r = await listed(query);
      assert.equal(r.server.status, 200, `${what}: ${JSON.stringify(r.server)}`);
      assert.deepEqual(r.mock, r.server, what);
      answers.set(what, r.server);
    }
    // What the server's answers are, so that the cases say something.
    const all = answers.get('no query');
    assert.ok(!all.ids.includes(lastYear), 'last year’s project is not listed');
    assert.equal(all.total, current.length);
    assert.deepEqual(all.ids.filter((id: string) => id.startsWith('admin-list-')), ['admin-list-a', 'admin-list-b'], 'proposals of one moment by id');
    assert.deepEqual(answers.get('hidden').ids, [hidden]);
    assert.equal(answers.get('shown').total, current.length - 1);
    for (const what of ['Russian words in capitals', 'Russian words with runs of spaces', 'a Kazakh word in capitals', 'status, visibility and words together'])
      assert.ok(answers.get(what).total > 0 && answers.get(what).total < current.length, `${what}: some found (${answers.get(what).total})`);
    assert.deepEqual(answers.get('a Kazakh word in capitals').ids, answers.get('a Kazakh word as written').ids);
    assert.equal(answers.get('a reference, lower-cased').total, 1);
    assert.ok(answers.get('an author’s name').total > 0 && answers.get('an author’s name').total < current.length, 'an author’s name: some found');
  } finally {
    server.close();
  }
});

test('the centre’s proposal list pages through its cursor to the end, with a filter too, as the server does (the same cursors); a cursor past the end or with a stray last character is read as there — alike', async () => {
  const { server, listed, current } = await listedByTheCentre();
  try {
    for (const filter of ['', 'status=on_ballot&']) {
      const seen: string[] = [];
      let query = `?${filter}limit=4`;
      for (let n = 1; ; n++) {
        const r = await listed(query);
        assert.equal(r.server.status, 200, JSON.stringify(r.server));
        assert.deepEqual(r.mock, r.server, `${filter || 'all'}: page ${n}`);
        const page = r.server as { ids: string[]; total: number; nextCursor: string | null };
        seen.push(...page.ids);
        if (!page.nextCursor) break;
        query = `?${filter}limit=4&cursor=${page.nextCursor}`;
      }
      const whole = await listed(`?${filter}limit=500`);
      assert.deepEqual(whole.mock, whole.server, `${filter || 'all'}: one page of 500`);
      assert.deepEqual(seen, (whole.server as { ids: string[] }).ids, `${filter || 'all'}: the pages hold the list, each once, in order`);
      assert.ok(seen.length > 8, `${filter || 'all'}: more than two pages (${seen.length})`);
    }
    for (const [what, cursor] of [
      ['past the end', Buffer.from('999').toString('base64url')],
      ['with a stray last character', `${Buffer.from('201').toString('base64url')}M`],
      ['of the second page', Buffer.from('4').toString('base64url')],
    ] as const) {
      const r = await listed(`?limit=4&cursor=${cursor}`);
      assert.equal(r.server.status, 200, `${what}: ${JSON.stringify(r.server)}`);
      assert.deepEqual(r.mock, r.server, what);
    }
  } finally {
    server.close();
  }
});

test('the centre’s proposal list refuses a bad query as the server does: an unknown status, key or visibility, a repeated key, a bad limit, words too long, a cursor it did not give — alike, whole', async () => {
  const { server, listed } = await listedByTheCentre();
  try {
    for (const [what, query] of [
      ['an unknown status', '?status=nope'],
      ['an unknown status among known ones', '?status=submitted&status=nope'],
      ['a visibility in other words', '?hidden=yes'],
      ['a repeated visibility', '?hidden=true&hidden=false'],
      ['another cycle (no such key)', '?cycle=aksu-2025'],
      ['the public list’s order (no such key)', '?sort=newest'],
      ['a limit of 0', '?limit=0'],
      ['a limit over 500', '?limit=501'],
      ['a limit in words', '?limit=ten'],
      ['a limit with a fraction', '?limit=1.5'],
      ['words too long', `?q=${'а'.repeat(201)}`],
      ['letters for a cursor', '?cursor=abc'],
      ['not of a cursor’s alphabet', '?cursor=%205'],
      ['digits and letters', `?cursor=${Buffer.from('12abc').toString('base64url')}`],
      ['ten digits', `?cursor=${Buffer.from('1234567890').toString('base64url')}`],
      ['the public list’s cursor', `?cursor=${Buffer.from(JSON.stringify(['2026-06-01T05:00:00.000Z', 'p_1'])).toString('base64url')}`],
      ['a bad cursor and a bad limit (the query first)', '?cursor=abc&limit=0'],
    ] as const) {
      const r = await listed(query);
      assert.equal(r.server.status, 400, `${what}: ${JSON.stringify(r.server)}`);
      assert.deepEqual(r.mock, r.server, what);
    }
  } finally {
    server.close();
  }
});

test('the centre’s answers carry the server’s headers: JSON said to be UTF-8, never stored, the security headers — a list, its refusals, the audit log and the pabulib export — alike', async () => {
  const HEADERS = ['content-type', 'cache-control', 'x-content-type-options', 'referrer-policy', 'content-security-policy', 'x-frame-options', 'permissions-policy'];
  const headersOf = (res: Response) => Object.fromEntries(HEADERS.map((name) => [name, res.headers.get(name)]));
  const answer = async (what: string, path: string, status: number, token: Pair<string | null> = { server: admin, mock: MOCK_ADMIN_TOKEN }) => {
    const auth = (t: string | null): RequestInit => (t ? { headers: { authorization: `Bearer ${t}` } } : {});
    const s = await t.app.request(`http://localhost/api/v1${path}`, auth(token.server));
    const m = await fetch(`${MOCK}${path}`, auth(token.mock));
    assert.deepEqual([s.status, m.status], [status, status], `${what}: ${await s.clone().text()}`);
    assert.deepEqual(headersOf(m), headersOf(s), what);
    return s;
  };
  const list = await answer('the proposals (JSON, 200)', `${A}/proposals`, 200);
  assert.deepEqual([list.headers.get('content-type'), list.headers.get('cache-control')], ['application/json; charset=utf-8', 'no-store'], 'the server’s list: UTF-8, never stored');
  await answer('without a credential (401)', `${A}/proposals`, 401, same(null));
  await answer('a bad query (400)', `${A}/proposals?limit=0`, 400);
  await answer('no such proposal (404)', `${A}/proposals/nope`, 404);
  await answer('the audit log', `${A}/audit?limit=2`, 200);
  const file = await answer('the pabulib export (text)', `${A}/export.pb`, 200);
  assert.equal(file.headers.get('content-type'), 'text/plain; charset=utf-8', 'the server’s file: text, UTF-8');
});
