// The centre's sign-in with the city's provider (#13), as src/centre/signin-view.ts drives it, against
// the real dev provider: in popup mode the callback page hands the challenge to the centre's window
// and its one-time proof (posted to the centre's origin only) and the centre confirms it with the proof;
// in redirect mode the browser comes back to the centre with the city in the query and the challenge and
// proof in the fragment. Without the proof — a sign-in someone else started — confirming gives nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StaffCodeStep, StaffOidcChallenge, StaffSession } from '../../src/contract/index.js';
import { StaffSignIn } from '../../src/centre/api.js';
import { oidcReturn } from '../../src/centre/signin-view.js';
import { startDevProvider, type DevProvider } from '../../src/server/identity/dev-provider.js';
import { AT, adultIins, call, testServer, type TestServer } from '../../src/server/testing.js';
import { handedBack, playSignIn } from './support/oidc-browser.js';

const CALLBACK = 'http://localhost/api/v1/admin/oidc/callback';
const CENTRE = 'http://localhost/centre/?city=aksu';
const [EXPERT_IIN] = adultIins(1, 1300);
const EXPERT = { login: 'centre-expert', password: 'pw-centre' };

describe('the centre signs staff in with the city’s provider', () => {
  let provider: DevProvider;
  let t: TestServer;
  let signIn: StaffSignIn;

  before(async () => {
    provider = await startDevProvider({
      clients: [{ clientId: 'qala-aksu', clientSecret: 'aksu-centre-secret', redirectUris: [CALLBACK] }],
      accounts: [{ ...EXPERT, claims: { iin: EXPERT_IIN! } }],
    });
    process.env.QALA_TEST_CENTRE_OIDC_SECRET = 'aksu-centre-secret';
    t = testServer({
      now: AT.aksu.review,
      identity: { method: 'oidc', provider: { kk: 'eGov', ru: 'eGov', en: 'eGov' }, issuer: provider.issuer, clientId: 'qala-aksu', clientSecret: 'env:QALA_TEST_CENTRE_OIDC_SECRET', claim: 'iin' },
    });
    // The centre's own client code, over the app instead of the network.
    signIn = new StaffSignIn('http://localhost/api/v1', (input, init) => Promise.resolve(t.app.request(String(input), init as RequestInit)));
  });
  after(async () => {
    t.close();
    await provider.close();
  });

  it('reads the provider from the public config', async () => {
    assert.deepEqual(await signIn.identity('aksu'), { method: 'oidc', provider: { kk: 'eGov', ru: 'eGov', en: 'eGov' } });
  });

  it('popup: an invited expert accepts through the provider; the callback page posts the challenge to the centre’s origin; the centre confirms it, then the code sent to the invited phone', async () => {
    const admin = t.adminTokens['aksu-centre']!;
    const inv = await call(t.app, 'POST', '/admin/cities/aksu/staff', { token: admin, body: { name: 'Асхат Беков', organisation: 'Akimat', role: 'expert', contact: '+77016660031' } });
    assert.equal(inv.status, 201, inv.text);
    const started = StaffOidcChallenge.parse(await signIn.oidc('aksu', CENTRE, 'popup', inv.body.inviteToken));
    await assert.rejects(signIn.confirmOidc('aksu', started.challengeId, null), (e: { code: string; issues: { message: string }[] }) => e.code === 'conflict' && e.issues[0]?.message === 'identity.sign_in_pending');
    const page = await t.app.request((await playSignIn(started.authorizationUrl, EXPERT, CALLBACK)).href);
    assert.equal(page.status, 200);
    const back = await handedBack(page);
    assert.equal(back.target, 'http://localhost');
    const html = await page.text();
    assert.ok(html.includes(`"challengeId":"${started.challengeId}"`), 'the page hands over the challenge');
    assert.ok(html.includes('"type":"qala-oidc"'));
    assert.ok(html.includes('postMessage(m,"http://localhost")'), 'to the centre’s origin only');
    assert.ok(html.includes('Signed in to the project centre') && !html.includes('voting continues'), 'the page speaks of the centre, not of voting');
    // Without the proof (whoever started the sign-in but never saw the callback's answer): refused, and nothing spent.
    await assert.rejects(signIn.confirmOidc('aksu', started.challengeId, null), (e: { code: string; issues: { message: string }[] }) => e.code === 'forbidden' && e.issues[0]?.message === 'identity.oidc_invalid');
    // An invitation: the provider's account is not yet the invited person; the code to the invited phone finishes it.
    const step = StaffCodeStep.parse(await signIn.confirmOidc('aksu', started.challengeId, back.proof));
    assert.equal(step.contactHint, '…31');
    const session = StaffSession.parse(await signIn.confirm('aksu', step.challenge.challengeId, t.sms.last(step.challenge.challengeId)));
    assert.equal(session.me.staffId, inv.body.member.id);
    assert.equal(session.me.role, 'expert');
  });

  it('redirect: back to the centre with the city and the challenge, which the centre reads and confirms', async () => {
    const started = await signIn.oidc('aksu', CENTRE, 'redirect');
    const back = await t.app.request((await playSignIn(started.authorizationUrl, EXPERT, CALLBACK)).href);
    assert.equal(back.status, 303);
    const to = new URL(back.headers.get('location')!);
    assert.equal(`${to.origin}${to.pathname}${to.search}`, CENTRE);
    const returned = oidcReturn(to.hash, to.search);
    assert.match(returned?.proof ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(returned, { challengeId: started.challengeId, proof: returned!.proof, city: 'aksu' });
    await assert.rejects(signIn.confirmOidc('aksu', started.challengeId, null), (e: { code: string }) => e.code === 'forbidden', 'no proof, no session');
    const session = StaffSession.parse(await signIn.confirmOidc('aksu', started.challengeId, returned!.proof));
    assert.equal(session.me.name, 'Асхат Беков');
    await assert.rejects(signIn.confirmOidc('aksu', started.challengeId, returned!.proof), (e: { code: string }) => e.code === 'not_found', 'one session per sign-in');
  });
});
