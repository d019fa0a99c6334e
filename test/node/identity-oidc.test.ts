// Signing in to vote through the server's routes, against the real dev provider: start → the
// provider's sign-in → the server's callback → confirm → a voter session. The browser's part is
// played with fetch (test/node/support/oidc-browser.ts); the widget's part is in the e2e tests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OidcChallenge, VoterSession } from '../../src/contract/index.js';
import { startDevProvider, type DevProvider } from '../../src/server/identity/dev-provider.js';
import { AT, adultIins, call, makeIin, testServer, type TestServer } from '../../src/server/testing.js';
import { handedBack, playSignIn } from './support/oidc-browser.js';

const CALLBACK = 'http://localhost/api/v1/oidc/callback';
const [IIN, OTHER] = adultIins(2, 950);
const RESIDENT = { login: 'resident', password: 'pw-resident' };
const NEIGHBOUR = { login: 'neighbour', password: 'pw-neighbour' };
const NO_IIN = { login: 'staff', password: 'pw-staff' };
const CHILD = { login: 'child', password: 'pw-child' };

describe('voting after signing in with the city’s identity provider', () => {
  let provider: DevProvider;
  let t: TestServer;

  before(async () => {
    provider = await startDevProvider({
      clients: [{ clientId: 'qala-aksu', clientSecret: 'aksu-secret', redirectUris: [CALLBACK] }],
      accounts: [
        { ...RESIDENT, claims: { iin: IIN! } },
        { ...NEIGHBOUR, claims: { iin: OTHER! } },
        { ...NO_IIN, claims: { employee_id: 'E-1' } },
        { ...CHILD, claims: { iin: makeIin(2015, 1, 1, 'male', 1)! } },
      ],
    });
    process.env.QALA_TEST_OIDC_SECRET = 'aksu-secret';
    t = testServer({
      now: AT.aksu.voting,
      identity: { method: 'oidc', provider: { kk: 'eGov', ru: 'eGov', en: 'eGov' }, issuer: provider.issuer, clientId: 'qala-aksu', clientSecret: 'env:QALA_TEST_OIDC_SECRET', claim: 'iin' },
    });
  });
  after(async () => {
    t.close();
    await provider.close();
  });

  const start = async (mode: 'popup' | 'redirect' = 'redirect', returnTo = 'http://localhost/vote.html') => {
    const r = await call(t.app, 'POST', '/cities/aksu/verification/oidc', { body: { cycleId: 'aksu-2026', returnTo, mode } });
    assert.equal(r.status, 201, r.text);
    return OidcChallenge.parse(r.body);
  };
  const callback = (url: URL) => t.app.request(url.href.replace(/^http:\/\/localhost/, 'http://localhost'));
  /** Confirms as a browser that holds `proof` (the one its callback handed it), or none. */
  const confirm = (id: string, proof?: string | null) => call(t.app, 'POST', `/cities/aksu/verification/${id}/confirm`, { body: proof ? { proof } : {} });
  /** Signs `account` in through the provider in a browser of its own; what the callback handed that browser. */
  const signIn = async (c: OidcChallenge, account = RESIDENT, action: 'login' | 'cancel' = 'login') => handedBack(await callback(await playSignIn(c.authorizationUrl, account, CALLBACK, action)));

  it('the public config names the provider; the IIN + phone route is closed for this city', async () => {
    const config = (await call(t.app, 'GET', '/cities/aksu')).body;
    assert.deepEqual(config.identity, { method: 'oidc', provider: { kk: 'eGov', ru: 'eGov', en: 'eGov' } });
    const r = await call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId: 'aksu-2026', iin: IIN, phone: '+77011234567' } });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.details.issues, [{ path: [], message: 'identity.use_sign_in' }]);
  });

  it('redirect mode: back to the page with the challenge in the fragment; confirm gives a session; the callback replayed gives nothing', async () => {
    const c = await start('redirect');
    const pending = await confirm(c.challengeId);
    assert.equal(pending.status, 409, 'not signed in yet');
    assert.deepEqual(pending.body.details.issues, [{ path: [], message: 'identity.sign_in_pending' }]);
    const back = await playSignIn(c.authorizationUrl, RESIDENT, CALLBACK);
    const res = await callback(back);
    assert.equal(res.status, 303);
    const { proof } = await handedBack(res);
    assert.match(proof ?? '', /^[A-Za-z0-9_-]{43}$/, 'a proof of 256 random bits');
    assert.equal(res.headers.get('location'), `http://localhost/vote.html#qala-oidc=${c.challengeId}&proof=${proof}`);
    const session = await confirm(c.challengeId, proof);
    assert.equal(session.status, 200, session.text);
    VoterSession.parse(session.body);
    assert.equal((await confirm(c.challengeId, proof)).status, 404, 'a sign-in gives one session');
    // The same callback again (a replayed code and state) records nothing new.
    const replay = await callback(back);
    assert.notEqual(replay.status, 303);
    assert.equal((await confirm(c.challengeId, proof)).status, 404);
  });

  it('popup mode: a page that posts the outcome to the opener on the page’s origin only, under a strict CSP', async () => {
    const c = await start('popup', 'https://aksu.gov.kz/budget/vote');
    const res = await callback(await playSignIn(c.authorizationUrl, RESIDENT, CALLBACK));
    assert.equal(res.status, 200);
    const back = await handedBack(res);
    const html = await res.text();
    assert.ok(html.includes(`"challengeId":"${c.challengeId}"`) && html.includes('"outcome":"done"'));
    assert.ok(html.includes('postMessage(m,"https://aksu.gov.kz")'), 'the message goes to the page’s origin, never "*"');
    assert.equal(back.target, 'https://aksu.gov.kz');
    assert.equal(html.split(back.proof!).length - 1, 2, 'the proof is in the message to the opener and in the way on without one (callback-page.test.ts), nowhere else');
    assert.ok(html.includes(`location.replace("https://aksu.gov.kz/budget/vote#qala-oidc=${c.challengeId}&proof=${back.proof}")`));
    assert.ok(html.includes('voting continues on the page you came from') && !html.includes('project centre'), 'a resident is sent back to voting');
    const csp = res.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    assert.ok(html.includes(`<script nonce="${nonce}">`) && csp.includes("default-src 'none'"));
    assert.ok(!html.includes(IIN!));
    assert.equal((await confirm(c.challengeId, back.proof)).status, 200);
  });

  it('a page off the city’s allowed origins cannot receive a sign-in', async () => {
    const r = await call(t.app, 'POST', '/cities/aksu/verification/oidc', { body: { cycleId: 'aksu-2026', returnTo: 'https://evil.example/steal', mode: 'popup' } });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.details.issues, [{ path: ['returnTo'], message: 'url.not_allowed' }]);
  });

  it('cancelled at the provider, no IIN claim, or a child: a clear refusal, no session', async () => {
    for (const [account, action, issue] of [
      [RESIDENT, 'cancel', 'identity.oidc_denied'],
      [NO_IIN, 'login', 'identity.oidc_claim_missing'],
      [CHILD, 'login', 'identity.not_eligible'],
    ] as const) {
      const c = await start('redirect');
      const { proof } = await signIn(c, account, action);
      const r = await confirm(c.challengeId, proof);
      assert.ok(r.status === 403, `${account.login}: ${r.text}`);
      assert.deepEqual(r.body.details.issues, [{ path: [], message: issue }]);
      assert.ok(!('token' in r.body));
    }
  });

  it('a callback with a forged state, or one for another sign-in, changes nothing', async () => {
    const c = await start('redirect');
    const back = await playSignIn(c.authorizationUrl, RESIDENT, CALLBACK);
    const forged = new URL(back);
    forged.searchParams.set('state', 'forged-state-value');
    const res = await callback(forged);
    assert.equal(res.status, 400);
    assert.equal((await confirm(c.challengeId)).status, 409, 'still pending');
  });

  it('the attack: someone who knows the resident’s IIN but signs in as themselves votes as themselves, never as the resident', async () => {
    // The resident signs in: the session is bound to the keyed hash of the IIN the provider vouched for.
    const mine = await start('redirect');
    const session = (await confirm(mine.challengeId, (await signIn(mine)).proof)).body;
    assert.equal(t.app.qala.core.keys.openToken(session.token)!.h, t.app.qala.core.keys.voterHash('aksu', IIN!));
    // The neighbour knows the IIN but can only sign in as themselves: their session is their own, without the resident's receipt.
    const theirs = await start('redirect');
    const other = (await confirm(theirs.challengeId, (await signIn(theirs, NEIGHBOUR)).proof)).body;
    assert.equal(other.receipt, null);
    assert.notEqual(t.app.qala.core.keys.openToken(other.token)!.h, t.app.qala.core.keys.openToken(session.token)!.h);
  });

  it('the lure: whoever started a sign-in and sent its link to a resident gets nothing from it; the resident’s own browser does, once', async () => {
    // The attacker starts a sign-in (no credential needed) and keeps its id; the resident signs in through its link.
    const lure = await start('redirect');
    assert.equal((await confirm(lure.challengeId, 'a'.repeat(43))).status, 409, 'pending: nothing to prove yet');
    const resident = await signIn(lure, RESIDENT);
    // The attacker's own finished sign-in: a real proof, but of another challenge.
    const own = await start('redirect');
    const attacker = await signIn(own, NEIGHBOUR);
    for (const [proof, what] of [
      [undefined, 'no proof'],
      ['x'.repeat(43), 'a guessed proof'],
      [attacker.proof, 'the proof of another sign-in'],
      [resident.proof!.slice(0, -1) + (resident.proof!.endsWith('A') ? 'B' : 'A'), 'a proof one character off'],
    ] as const) {
      const r = await confirm(lure.challengeId, proof);
      assert.equal(r.status, 403, `${what}: ${r.text}`);
      assert.deepEqual(r.body.details.issues, [{ path: [], message: 'identity.oidc_invalid' }], what);
      assert.ok(!('token' in r.body) && !('receipt' in r.body), what);
    }
    const malformed = await confirm(lure.challengeId, 'not a proof!');
    assert.equal(malformed.status, 400);
    assert.deepEqual(malformed.body.details.issues, [{ path: ['proof'], message: 'proof.format' }]);
    // None of that spent the sign-in: the resident's browser, holding the proof, gets the resident's own session, once.
    const session = await confirm(lure.challengeId, resident.proof);
    assert.equal(session.status, 200, session.text);
    assert.equal(t.app.qala.core.keys.openToken(session.body.token)!.h, t.app.qala.core.keys.voterHash('aksu', IIN!));
    assert.equal((await confirm(lure.challengeId, resident.proof)).status, 404, 'the proof works once');
    // The attacker's own sign-in still works with its own proof.
    assert.equal((await confirm(own.challengeId, attacker.proof)).status, 200);
  });
});
