// Staff signing in with the city's OpenID Connect provider (#13), against the real dev provider:
// an invited person links their provider account by accepting the invitation through it and then
// the code sent to the contact they were invited with (the link alone proves nothing: it may have
// been forwarded); afterwards the provider alone signs them in; someone the city has not invited
// gets no session.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { StaffCodeStep, StaffOidcChallenge, StaffSession } from '../../src/contract/index.js';
import { createApp, type QalaApp } from '../../src/server/app.js';
import { parseConfig } from '../../src/server/config.js';
import { Keys } from '../../src/server/crypto.js';
import { startDevProvider, type DevProvider } from '../../src/server/identity/dev-provider.js';
import { memoryLogger } from '../../src/server/logger.js';
import { sha256Hex, type Secrets } from '../../src/server/secrets.js';
import { seedCity } from '../../src/server/seed.js';
import { PgStore } from '../../src/server/store/postgres.js';
import { AT, adultIins, call, capturingMail, capturingSms, exampleConfigFile, testServer, type TestServer } from '../../src/server/testing.js';
import { handedBack, playSignIn } from './support/oidc-browser.js';
import { tempDatabase, type TempDatabase } from './support/pg.js';

const CALLBACK = 'http://localhost/api/v1/admin/oidc/callback';
const A = '/admin/cities/aksu';
const [EXPERT_IIN, STRANGER_IIN, COORD_IIN, OUTSIDER_IIN, TWICE_IIN, PATIENT_IIN] = adultIins(6, 1200);
const EXPERT = { login: 'expert', password: 'pw-expert' };
const STRANGER = { login: 'stranger', password: 'pw-stranger' };
const COORDINATOR = { login: 'coordinator', password: 'pw-coordinator' };
/** Has an account at the provider and a forwarded invitation link, not the phone or e-mail it was made for. */
const OUTSIDER = { login: 'outsider', password: 'pw-outsider' };
/** One person invited twice (two organisations), who accepts both at once with one account. */
const TWICE = { login: 'twice', password: 'pw-twice' };
/** Accepts while the SMS provider is down. */
const PATIENT = { login: 'patient', password: 'pw-patient' };

describe('staff sign-in with the city’s identity provider', () => {
  let provider: DevProvider;
  let t: TestServer;
  let admin: string;

  before(async () => {
    provider = await startDevProvider({
      clients: [{ clientId: 'qala-aksu', clientSecret: 'aksu-secret', redirectUris: [CALLBACK] }],
      accounts: [
        { ...EXPERT, claims: { iin: EXPERT_IIN! } },
        { ...STRANGER, claims: { iin: STRANGER_IIN! } },
        { ...COORDINATOR, claims: { iin: COORD_IIN! } },
        { ...OUTSIDER, claims: { iin: OUTSIDER_IIN! } },
        { ...TWICE, claims: { iin: TWICE_IIN! } },
        { ...PATIENT, claims: { iin: PATIENT_IIN! } },
      ],
    });
    process.env.QALA_TEST_STAFF_OIDC_SECRET = 'aksu-secret';
    t = testServer({
      now: AT.aksu.review,
      identity: { method: 'oidc', provider: { kk: 'eGov', ru: 'eGov', en: 'eGov' }, issuer: provider.issuer, clientId: 'qala-aksu', clientSecret: 'env:QALA_TEST_STAFF_OIDC_SECRET', claim: 'iin' },
    });
    admin = t.adminTokens['aksu-centre']!;
  });
  after(async () => {
    t.close();
    await provider.close();
  });

  const start = async (inviteToken?: string) => {
    const r = await call(t.app, 'POST', `${A}/sign-in/oidc`, { body: { returnTo: 'http://localhost/centre/', mode: 'redirect', ...(inviteToken ? { inviteToken } : {}) } });
    assert.equal(r.status, 201, r.text);
    return StaffOidcChallenge.parse(r.body);
  };
  const callback = (url: URL) => t.app.request(url.href);
  /** Confirms as a browser that holds `proof` (the one its callback handed it), or none. */
  const confirm = (id: string, proof?: string | null) => call(t.app, 'POST', `${A}/sign-in/${id}/confirm`, { body: proof ? { proof } : {} });
  /** Signs `account` in through the provider in a browser of its own; the proof the callback handed that browser. */
  const signIn = async (c: StaffOidcChallenge, account: { login: string; password: string }) => (await handedBack(await callback(await playSignIn(c.authorizationUrl, account, CALLBACK)))).proof;
  const code = (id: string, value: string) => call(t.app, 'POST', `${A}/sign-in/${id}/confirm`, { body: { code: value } });
  const member = async (id: string) => (await call(t.app, 'GET', `${A}/staff/${id}`, { token: admin })).body;
  /** Accepts an invitation as its person: through the provider with `account`, then the code sent to their phone. */
  const accept = async (inviteToken: string, account: { login: string; password: string }) => {
    const c = await start(inviteToken);
    const step = await confirm(c.challengeId, await signIn(c, account));
    assert.equal(step.status, 200, step.text);
    const id = StaffCodeStep.parse(step.body).challenge.challengeId;
    const session = await code(id, t.sms.last(id));
    assert.equal(session.status, 200, session.text);
    return StaffSession.parse(session.body);
  };

  it('accepting an invitation through the provider takes the code sent to the invited phone too; it links the account; later the provider alone signs the person in', async () => {
    const inv = await call(t.app, 'POST', `${A}/staff`, { token: admin, body: { name: 'Асхат Беков', organisation: 'Akimat', role: 'expert', contact: '+77016660011' } });
    const c = await start(inv.body.inviteToken);
    assert.equal((await confirm(c.challengeId)).status, 409, 'not back from the provider yet');
    const res = await callback(await playSignIn(c.authorizationUrl, EXPERT, CALLBACK));
    assert.equal(res.status, 303);
    const { proof } = await handedBack(res);
    assert.equal(res.headers.get('location'), `http://localhost/centre/#qala-oidc=${c.challengeId}&proof=${proof}`);
    const answer = await confirm(c.challengeId, proof);
    assert.equal(answer.status, 200, answer.text);
    assert.ok(!('token' in answer.body), 'the provider alone opens no session for an invitation');
    const step = StaffCodeStep.parse(answer.body);
    assert.deepEqual({ next: step.next, contactHint: step.contactHint, channel: step.challenge.channel, attemptsLeft: step.challenge.attemptsLeft }, { next: 'code', contactHint: '…11', channel: 'sms', attemptsLeft: 5 });
    assert.equal((await member(inv.body.member.id)).status, 'invited', 'not accepted yet');
    const sent = t.sms.sent.filter((m) => m.challengeId === step.challenge.challengeId);
    assert.deepEqual(sent.map((m) => m.phone), ['+77016660011'], 'the code went to the phone the coordinator entered');
    assert.equal((await confirm(c.challengeId, proof)).status, 404, 'the provider’s sign-in is used once');

    const right = t.sms.last(step.challenge.challengeId);
    const wrong = await code(step.challenge.challengeId, right === '000000' ? '111111' : '000000');
    assert.equal(wrong.status, 422, wrong.text);
    assert.equal(wrong.body.details.attemptsLeft, 4, 'a wrong code counts down');
    assert.equal((await member(inv.body.member.id)).status, 'invited');
    const session = await code(step.challenge.challengeId, right);
    assert.equal(session.status, 200, session.text);
    const s = StaffSession.parse(session.body);
    assert.equal(s.me.staffId, inv.body.member.id);
    assert.equal((await member(inv.body.member.id)).status, 'active');
    assert.ok((await t.store.staff.getStaff('aksu', inv.body.member.id))!.subjectHash, 'the provider’s account is bound to the person');
    assert.equal((await code(step.challenge.challengeId, right)).status, 404, 'one session per code');

    const again = await start();
    const second = await confirm(again.challengeId, await signIn(again, EXPERT));
    assert.equal(second.status, 200, second.text);
    assert.equal(second.body.me.staffId, inv.body.member.id);
  });

  it('one provider account accepting two invitations at once: one is accepted, the other refused as taken, never a 500', async () => {
    const steps: string[] = [];
    for (const contact of ['+77016660031', '+77016660032']) {
      const inv = await call(t.app, 'POST', `${A}/staff`, { token: admin, body: { name: `Twice ${contact.slice(-1)}`, organisation: 'Akimat', role: 'expert', contact } });
      const c = await start(inv.body.inviteToken);
      const step = await confirm(c.challengeId, await signIn(c, TWICE));
      steps.push(StaffCodeStep.parse(step.body).challenge.challengeId);
    }
    const answers = await Promise.all(steps.map((id) => code(id, t.sms.last(id))));
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 403], answers.map((r) => r.text).join(' | '));
    assert.deepEqual(answers.find((r) => r.status === 403)!.body.details.issues, [{ path: [], message: 'identity.subject_taken' }]);
  });

  it('the code cannot be sent after the provider (the SMS provider is down): the same sign-in goes on once it is back, without signing in again', async () => {
    const inv = await call(t.app, 'POST', `${A}/staff`, { token: admin, body: { name: 'Ерлан Сейтов', organisation: 'Akimat', role: 'expert', contact: '+77016660041' } });
    const c = await start(inv.body.inviteToken);
    const proof = await signIn(c, PATIENT);
    const send = t.sms.send;
    t.sms.send = async () => {
      throw new Error('provider down');
    };
    let down;
    try {
      down = await confirm(c.challengeId, proof);
    } finally {
      t.sms.send = send;
    }
    assert.equal(down.status, 503, down.text);
    assert.equal((await member(inv.body.member.id)).status, 'invited');
    const again = await confirm(c.challengeId, proof);
    assert.equal(again.status, 200, again.text);
    const step = StaffCodeStep.parse(again.body);
    const session = await code(step.challenge.challengeId, t.sms.last(step.challenge.challengeId));
    assert.equal(session.status, 200, session.text);
    assert.equal((await member(inv.body.member.id)).status, 'active');
    assert.equal((await confirm(c.challengeId, proof)).status, 404, 'and then it is used');
  });

  it('someone the city has not invited gets no session; the invitation link cannot be replayed through the provider', async () => {
    const c = await start();
    const r = await confirm(c.challengeId, await signIn(c, STRANGER));
    assert.equal(r.status, 403);
    assert.deepEqual(r.body.details.issues, [{ path: [], message: 'identity.not_staff' }]);
  });

  it('a revoked person cannot sign in through the provider', async () => {
    const inv = await call(t.app, 'POST', `${A}/staff`, { token: admin, body: { name: 'Soon Gone', organisation: 'Akimat', role: 'expert', contact: '+77016660022' } });
    await accept(inv.body.inviteToken, STRANGER);
    await call(t.app, 'POST', `${A}/staff/${inv.body.member.id}/revoke`, { token: admin });
    const again = await start();
    assert.equal((await confirm(again.challengeId, await signIn(again, STRANGER))).status, 403);
  });

  it('a forwarded invitation link and any provider account are not enough: the code goes to the invited e-mail, guesses run out, nothing is bound', async () => {
    const inv = await call(t.app, 'POST', `${A}/staff`, { token: admin, body: { name: 'Dana Invited', organisation: 'Akimat', role: 'expert', contact: 'dana@akimat.kz' } });
    const c = await start(inv.body.inviteToken);
    const proof = await signIn(c, OUTSIDER);
    // Two tabs confirm at once: one gets the code step, the other finds the sign-in used.
    const both = await Promise.all([confirm(c.challengeId, proof), confirm(c.challengeId, proof)]);
    assert.deepEqual(both.map((r) => r.status).sort(), [200, 404], both.map((r) => r.text).join(' | '));
    const step = StaffCodeStep.parse(both.find((r) => r.status === 200)!.body);
    assert.deepEqual([step.contactHint, step.challenge.channel], ['d…@akimat.kz', 'email']);
    const mailed = t.mail.sent.filter((m) => m.reference === step.challenge.challengeId);
    assert.deepEqual(mailed.map((m) => m.to), ['dana@akimat.kz'], 'one code, to the invited address only');
    const right = t.mail.lastCode(step.challenge.challengeId);
    const guesses = ['000000', '111111', '222222', '333333', '444444', '555555'].filter((g) => g !== right).slice(0, 5);
    const answers = [];
    for (const g of guesses) answers.push(await code(step.challenge.challengeId, g));
    assert.deepEqual(answers.map((r) => r.body.code), ['code_invalid', 'code_invalid', 'code_invalid', 'code_invalid', 'code_locked']);
    assert.equal((await code(step.challenge.challengeId, right)).status, 404, 'locked out: even the right code is too late');
    assert.equal((await member(inv.body.member.id)).status, 'invited');
    assert.equal((await t.store.staff.getStaff('aksu', inv.body.member.id))!.subjectHash, null, 'the outsider’s account is bound to nobody');
    const later = await start();
    const refused = await confirm(later.challengeId, await signIn(later, OUTSIDER));
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.body.details.issues, [{ path: [], message: 'identity.not_staff' }]);
    // The invited person still accepts, with the code to their own address.
    const own = await call(t.app, 'POST', `${A}/sign-in/invite`, { body: { inviteToken: inv.body.inviteToken } });
    assert.equal(own.status, 201, own.text);
    assert.equal((await code(own.body.challengeId, t.mail.lastCode(own.body.challengeId))).status, 200);
  });

  it('the invitation’s code step is sent again and expires as any code', async () => {
    const inv = await call(t.app, 'POST', `${A}/staff`, { token: admin, body: { name: 'Late Comer', organisation: 'Akimat', role: 'expert', contact: '+77016660055' } });
    const c = await start(inv.body.inviteToken);
    const id = StaffCodeStep.parse((await confirm(c.challengeId, await signIn(c, OUTSIDER))).body).challenge.challengeId;
    const tooSoon = await call(t.app, 'POST', `${A}/sign-in/${id}/resend`, {});
    const ordinary = await call(t.app, 'POST', `${A}/sign-in/invite`, { body: { inviteToken: inv.body.inviteToken } });
    const ordinaryTooSoon = await call(t.app, 'POST', `${A}/sign-in/${ordinary.body.challengeId}/resend`, {});
    assert.deepEqual([tooSoon.status, tooSoon.body.code], [ordinaryTooSoon.status, ordinaryTooSoon.body.code], 'a code asked again too soon: refused alike');
    assert.equal(tooSoon.status, 429);
    // A minute later (the test's clock stands still: the challenge is moved back instead), a new code, to the same phone.
    const due = (await t.store.staff.getChallenge(id))!;
    await t.store.staff.saveChallenge({ ...due, resendAt: due.resendAt - 2 * 60_000 });
    const resent = await call(t.app, 'POST', `${A}/sign-in/${id}/resend`, {});
    assert.equal(resent.status, 201, resent.text);
    assert.deepEqual(t.sms.sent.filter((m) => m.challengeId === id).map((m) => m.phone), ['+77016660055', '+77016660055']);
    const record = (await t.store.staff.getChallenge(id))!;
    await t.store.staff.saveChallenge({ ...record, expiresAt: record.expiresAt - 11 * 60_000 });
    const expired = await code(id, t.sms.last(id));
    assert.equal(expired.status, 410, expired.text);
    assert.equal(expired.body.code, 'code_expired');
    assert.equal((await member(inv.body.member.id)).status, 'invited');
  });

  it('returnTo must be a page of this server', async () => {
    const r = await call(t.app, 'POST', `${A}/sign-in/oidc`, { body: { returnTo: 'https://evil.example/centre/', mode: 'redirect' } });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.details.issues, [{ path: ['returnTo'], message: 'url.not_allowed' }]);
  });

  it('the lure: whoever started a sign-in and sent its link to a coordinator gets no session; the coordinator’s own browser does, once', async () => {
    const inv = await call(t.app, 'POST', `${A}/staff`, { token: admin, body: { name: 'Coordinator', organisation: 'Akimat', role: 'coordinator', contact: '+77016660033' } });
    await accept(inv.body.inviteToken, COORDINATOR);
    // The attacker starts a sign-in (no credential needed); the coordinator signs in through its link.
    const lure = await start();
    assert.equal((await confirm(lure.challengeId, 'a'.repeat(43))).status, 409, 'pending: nothing to prove yet');
    const coordinator = await signIn(lure, COORDINATOR);
    const own = await start();
    const attacker = await signIn(own, STRANGER);
    for (const [body, what] of [
      [{}, 'no proof'],
      [undefined, 'no body'],
      [{ proof: 'x'.repeat(43) }, 'a guessed proof'],
      [{ proof: attacker }, 'the proof of another sign-in'],
    ] as const) {
      const r = await call(t.app, 'POST', `${A}/sign-in/${lure.challengeId}/confirm`, body === undefined ? {} : { body });
      assert.equal(r.status, 403, `${what}: ${r.text}`);
      assert.deepEqual(r.body.details.issues, [{ path: [], message: 'identity.oidc_invalid' }], what);
      assert.ok(!('token' in r.body), what);
    }
    for (const body of [{ code: '123456' }, { proof: 'not a proof!' }, { proof: coordinator, extra: 1 }]) {
      const r = await call(t.app, 'POST', `${A}/sign-in/${lure.challengeId}/confirm`, { body });
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    }
    // None of that spent the sign-in: the coordinator's browser, holding the proof, gets their own session, once.
    const session = await confirm(lure.challengeId, coordinator);
    assert.equal(session.status, 200, session.text);
    assert.equal(session.body.me.staffId, inv.body.member.id);
    assert.equal(session.body.me.role, 'coordinator');
    assert.equal((await confirm(lure.challengeId, coordinator)).status, 404, 'the proof works once');
  });
});

describe('accepting an invitation through the provider on two instances sharing one PostgreSQL database', () => {
  const [IIN] = adultIins(1, 1250);
  const PERSON = { login: 'pg-expert', password: 'pw-pg-expert' };
  let provider: DevProvider;
  let db: TempDatabase;
  const stores: PgStore[] = [];
  let one: QalaApp;
  let two: QalaApp;
  const sms = capturingSms();
  const admin = `qa_${randomBytes(16).toString('hex')}`;

  before(async () => {
    provider = await startDevProvider({ clients: [{ clientId: 'qala-aksu', clientSecret: 'aksu-pg-secret', redirectUris: [CALLBACK] }], accounts: [{ ...PERSON, claims: { iin: IIN! } }] });
    process.env.QALA_TEST_STAFF_OIDC_PG_SECRET = 'aksu-pg-secret';
    db = await tempDatabase('qala_staff_oidc');
    const file = exampleConfigFile();
    file.cities.find((c) => c.slug === 'aksu')!.identity = { method: 'oidc', provider: { kk: 'eGov', ru: 'eGov', en: 'eGov' }, issuer: provider.issuer, clientId: 'qala-aksu', clientSecret: 'env:QALA_TEST_STAFF_OIDC_PG_SECRET', claim: 'iin' };
    const config = parseConfig(file, 'test');
    const secrets: Secrets = { secret: randomBytes(32), adminTokens: { 'aksu-centre': sha256Hex(admin) } };
    for (let i = 0; i < 2; i++) stores.push(await PgStore.open(db.url));
    const rt = config.cities.get('aksu')!;
    const now = new Date(AT.aksu.review);
    await seedCity(stores[0]!, new Keys(secrets.secret), rt, rt.cycles[0]!, now);
    [one, two] = stores.map((store) => createApp({ config, store, secrets, clock: () => now, sms, mail: capturingMail(), logger: memoryLogger() })) as [QalaApp, QalaApp];
  });
  after(async () => {
    for (const s of stores) await s.close();
    await db.drop();
    await provider.close();
  });

  it('the provider on one, the code step raced on both (one wins), the code on the other; then the provider alone, on either', async () => {
    const inv = await call(one, 'POST', `${A}/staff`, { token: admin, body: { name: 'Мадина Жумабаева', organisation: 'Akimat', role: 'expert', contact: '+77017770044' } });
    assert.equal(inv.status, 201, inv.text);
    const c = StaffOidcChallenge.parse((await call(two, 'POST', `${A}/sign-in/oidc`, { body: { returnTo: 'http://localhost/centre/', mode: 'redirect', inviteToken: inv.body.inviteToken } })).body);
    const { proof } = await handedBack(await one.request((await playSignIn(c.authorizationUrl, PERSON, CALLBACK)).href));
    const raced = await Promise.all([one, two].map((app) => call(app, 'POST', `${A}/sign-in/${c.challengeId}/confirm`, { body: { proof } })));
    assert.deepEqual(raced.map((r) => r.status).sort(), [200, 404], raced.map((r) => r.text).join(' | '));
    const step = StaffCodeStep.parse(raced.find((r) => r.status === 200)!.body);
    assert.equal((await call(two, 'GET', `${A}/staff/${inv.body.member.id}`, { token: admin })).body.status, 'invited');
    const session = await call(two, 'POST', `${A}/sign-in/${step.challenge.challengeId}/confirm`, { body: { code: sms.last(step.challenge.challengeId) } });
    assert.equal(session.status, 200, session.text);
    assert.equal(StaffSession.parse(session.body).me.staffId, inv.body.member.id);
    assert.equal((await call(one, 'GET', `${A}/staff/${inv.body.member.id}`, { token: admin })).body.status, 'active');

    const again = StaffOidcChallenge.parse((await call(one, 'POST', `${A}/sign-in/oidc`, { body: { returnTo: 'http://localhost/centre/', mode: 'redirect' } })).body);
    const back = await handedBack(await two.request((await playSignIn(again.authorizationUrl, PERSON, CALLBACK)).href));
    const later = await call(two, 'POST', `${A}/sign-in/${again.challengeId}/confirm`, { body: { proof: back.proof } });
    assert.equal(later.status, 200, later.text);
    assert.equal(StaffSession.parse(later.body).me.staffId, inv.body.member.id);
  });
});
