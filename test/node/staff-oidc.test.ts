// Staff signing in with the city's OpenID Connect provider (#13), against the real dev provider:
// an invited person links their provider account by accepting the invitation through it; afterwards
// the provider alone signs them in; someone the city has not invited gets no session.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StaffOidcChallenge, StaffSession } from '../../src/contract/index.js';
import { startDevProvider, type DevProvider } from '../../src/server/identity/dev-provider.js';
import { AT, adultIins, call, testServer, type TestServer } from '../../src/server/testing.js';
import { handedBack, playSignIn } from './support/oidc-browser.js';

const CALLBACK = 'http://localhost/api/v1/admin/oidc/callback';
const A = '/admin/cities/aksu';
const [EXPERT_IIN, STRANGER_IIN, COORD_IIN] = adultIins(3, 1200);
const EXPERT = { login: 'expert', password: 'pw-expert' };
const STRANGER = { login: 'stranger', password: 'pw-stranger' };
const COORDINATOR = { login: 'coordinator', password: 'pw-coordinator' };

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

  it('accepting an invitation through the provider links the account; later the provider alone signs the person in', async () => {
    const inv = await call(t.app, 'POST', `${A}/staff`, { token: admin, body: { name: 'Асхат Беков', organisation: 'Akimat', role: 'expert', contact: '+77016660011' } });
    const c = await start(inv.body.inviteToken);
    assert.equal((await confirm(c.challengeId)).status, 409, 'not back from the provider yet');
    const res = await callback(await playSignIn(c.authorizationUrl, EXPERT, CALLBACK));
    assert.equal(res.status, 303);
    const { proof } = await handedBack(res);
    assert.equal(res.headers.get('location'), `http://localhost/centre/#qala-oidc=${c.challengeId}&proof=${proof}`);
    const session = await confirm(c.challengeId, proof);
    assert.equal(session.status, 200, session.text);
    const s = StaffSession.parse(session.body);
    assert.equal(s.me.staffId, inv.body.member.id);
    assert.equal((await call(t.app, 'GET', `${A}/staff/${inv.body.member.id}`, { token: admin })).body.status, 'active');
    assert.equal((await confirm(c.challengeId, proof)).status, 404, 'one session per sign-in');

    const again = await start();
    const second = await confirm(again.challengeId, await signIn(again, EXPERT));
    assert.equal(second.status, 200, second.text);
    assert.equal(second.body.me.staffId, inv.body.member.id);
  });

  it('someone the city has not invited gets no session; the invitation link cannot be replayed through the provider', async () => {
    const c = await start();
    const r = await confirm(c.challengeId, await signIn(c, STRANGER));
    assert.equal(r.status, 403);
    assert.deepEqual(r.body.details.issues, [{ path: [], message: 'identity.not_staff' }]);
  });

  it('a revoked person cannot sign in through the provider', async () => {
    const inv = await call(t.app, 'POST', `${A}/staff`, { token: admin, body: { name: 'Soon Gone', organisation: 'Akimat', role: 'expert', contact: '+77016660022' } });
    const c = await start(inv.body.inviteToken);
    assert.equal((await confirm(c.challengeId, await signIn(c, STRANGER))).status, 200);
    await call(t.app, 'POST', `${A}/staff/${inv.body.member.id}/revoke`, { token: admin });
    const again = await start();
    assert.equal((await confirm(again.challengeId, await signIn(again, STRANGER))).status, 403);
  });

  it('returnTo must be a page of this server', async () => {
    const r = await call(t.app, 'POST', `${A}/sign-in/oidc`, { body: { returnTo: 'https://evil.example/centre/', mode: 'redirect' } });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.details.issues, [{ path: ['returnTo'], message: 'url.not_allowed' }]);
  });

  it('the lure: whoever started a sign-in and sent its link to a coordinator gets no session; the coordinator’s own browser does, once', async () => {
    const inv = await call(t.app, 'POST', `${A}/staff`, { token: admin, body: { name: 'Coordinator', organisation: 'Akimat', role: 'coordinator', contact: '+77016660033' } });
    const linked = await start(inv.body.inviteToken);
    assert.equal((await confirm(linked.challengeId, await signIn(linked, COORDINATOR))).status, 200);
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
