// The OpenID Connect relying party against a real provider (oidc-provider on a free local port),
// with the browser's part played by plain fetch: follow the redirect to the sign-in page, post the
// form with the provider's cookies, and stop at the redirect back to Qala (nothing listens there).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import * as client from 'openid-client';
import { startDevProvider, type DevProvider, type DevProviderAccount, type DevProviderClient } from '../../src/server/identity/dev-provider.js';
import { playSignIn } from './support/oidc-browser.js';
import { OidcError, OidcRelyingParty, type OidcErrorCode, type OidcSettings } from '../../src/server/identity/oidc.js';

const REDIRECT_URI = 'http://127.0.0.1:9/verify/oidc/callback';
const IIN = '900101300123';
const RESIDENT = { login: 'aigerim', password: 'correct horse' };
const WITHOUT_IIN = { login: 'staff', password: 'battery staple' };

const YOUNG = { login: 'aruzhan', password: 'tulip garden' };
/** The domain's example: a woman born on 11 December 2006 (the IIN starts with 0). */
const YOUNG_IIN = '061211600012';

const accounts: DevProviderAccount[] = [
  { ...RESIDENT, claims: { iin: IIN } },
  // A provider that sends the IIN as a JSON number (it loses the leading 0), and an employee id as one.
  { ...YOUNG, claims: { iin: Number(YOUNG_IIN) as unknown as string, employee_id: 17 as unknown as string } },
  { ...WITHOUT_IIN, claims: { employee_id: 'E-0017' } },
];
const clients: DevProviderClient[] = [
  { clientId: 'qala-a', clientSecret: 'secret-a', redirectUris: [REDIRECT_URI] },
  { clientId: 'qala-b', clientSecret: 'secret-b', redirectUris: [REDIRECT_URI] },
  { clientId: 'qala-public', redirectUris: [REDIRECT_URI] },
];

/** Plays the browser from the authorization URL to the redirect back; returns the URL it was sent to. */
const signIn = (authorizationUrl: string, account: { login: string; password: string }, action: 'login' | 'cancel' = 'login', cookies = new Map<string, string>()) =>
  playSignIn(authorizationUrl, account, REDIRECT_URI, action, cookies);

async function refusal(promise: Promise<unknown>, code: OidcErrorCode): Promise<OidcError> {
  const error = await promise.then(
    () => assert.fail(`expected ${code}, but the sign-in was accepted`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof OidcError, `expected an OidcError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  assert.ok(!error.message.includes(IIN), 'no IIN in the message');
  return error;
}

describe('OpenID Connect relying party against a real provider', () => {
  let provider: DevProvider;
  let settingsA: OidcSettings;
  let settingsB: OidcSettings;
  const rp = new OidcRelyingParty();

  before(async () => {
    provider = await startDevProvider({ clients, accounts });
    settingsA = { issuer: provider.issuer, clientId: 'qala-a', clientSecret: 'secret-a', claim: 'iin' };
    settingsB = { issuer: provider.issuer, clientId: 'qala-b', clientSecret: 'secret-b', claim: 'iin' };
  });
  after(() => provider.close());

  it('signs a resident in and returns the IIN claim; the request uses PKCE S256, state and nonce', async () => {
    const started = await rp.start(settingsA, REDIRECT_URI);
    const url = new URL(started.url);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('code_challenge'), await client.calculatePKCECodeChallenge(started.codeVerifier));
    assert.equal(url.searchParams.get('state'), started.state);
    assert.equal(url.searchParams.get('nonce'), started.nonce);
    const callback = await signIn(started.url, RESIDENT);
    assert.deepEqual(await rp.finish(settingsA, REDIRECT_URI, callback, started), { subject: IIN });
  });

  it('a public client (no secret) signs in with PKCE alone', async () => {
    const settings: OidcSettings = { issuer: provider.issuer, clientId: 'qala-public', claim: 'iin', scopes: 'openid iin' };
    const started = await rp.start(settings, REDIRECT_URI);
    const callback = await signIn(started.url, RESIDENT);
    assert.deepEqual(await rp.finish(settings, REDIRECT_URI, callback, started), { subject: IIN });
  });

  it('refuses a callback whose state is not the one this sign-in started with, before spending the code', async () => {
    const started = await rp.start(settingsA, REDIRECT_URI);
    const callback = await signIn(started.url, RESIDENT);
    const error = await refusal(rp.finish(settingsA, REDIRECT_URI, callback, { ...started, state: client.randomState() }), 'oidc_invalid');
    assert.match(error.message, /"state"/);
    // The same callback with the right state still works: the refusal was the state check alone.
    assert.deepEqual(await rp.finish(settingsA, REDIRECT_URI, callback, started), { subject: IIN });
  });

  it('refuses an ID token whose nonce is not this sign-in’s', async () => {
    const started = await rp.start(settingsA, REDIRECT_URI);
    const callback = await signIn(started.url, RESIDENT);
    const error = await refusal(rp.finish(settingsA, REDIRECT_URI, callback, { ...started, nonce: client.randomNonce() }), 'oidc_invalid');
    assert.match(error.message, /"nonce"/);
  });

  it('refuses a code exchanged with another PKCE verifier', async () => {
    const started = await rp.start(settingsA, REDIRECT_URI);
    const other = await rp.start(settingsA, REDIRECT_URI);
    const callback = await signIn(started.url, RESIDENT);
    const error = await refusal(rp.finish(settingsA, REDIRECT_URI, callback, { ...started, codeVerifier: other.codeVerifier }), 'oidc_invalid');
    assert.match(error.message, /invalid_grant/, 'the provider refused the code');
  });

  it('refuses a replayed code', async () => {
    const started = await rp.start(settingsA, REDIRECT_URI);
    const callback = await signIn(started.url, RESIDENT);
    assert.deepEqual(await rp.finish(settingsA, REDIRECT_URI, callback, started), { subject: IIN });
    const error = await refusal(rp.finish(settingsA, REDIRECT_URI, callback, started), 'oidc_invalid');
    assert.match(error.message, /invalid_grant/, 'the provider refused the code');
  });

  it('refuses an ID token issued to another client', async () => {
    // A correct provider only hands client A's token endpoint tokens for A, so an ID token for
    // another audience reaches A only when the token response is not the one A asked for (a
    // misrouted or compromised token endpoint, a proxy mixing clients up). The test plays that
    // part for real: the resident signs in for client B, the relying party finishes configured
    // as client A, and the transport swaps A's client credentials for B's on the token request.
    // The provider then really issues B's tokens (status 200, same state, nonce and PKCE), so
    // the only thing wrong with the answer is the ID token's audience — and A must refuse it.
    const started = await rp.start(settingsB, REDIRECT_URI);
    const callback = await signIn(started.url, RESIDENT);
    const realFetch = globalThis.fetch;
    const tokenStatuses: number[] = [];
    const basicUser = (header: string | null) => decodeURIComponent(Buffer.from((header ?? '').replace(/^Basic /, ''), 'base64').toString().split(':')[0]!);
    globalThis.fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      if (url.pathname !== '/token') return realFetch(input, init);
      const headers = new Headers(init?.headers);
      assert.equal(basicUser(headers.get('authorization')), 'qala-a', 'the relying party authenticates as A');
      headers.set('authorization', `Basic ${Buffer.from('qala-b:secret-b').toString('base64')}`);
      const response = await realFetch(input, { ...init, headers });
      tokenStatuses.push(response.status);
      return response;
    };
    try {
      const error = await refusal(rp.finish(settingsA, REDIRECT_URI, callback, started), 'oidc_invalid');
      assert.match(error.message, /"aud"/);
    } finally {
      globalThis.fetch = realFetch;
    }
    assert.deepEqual(tokenStatuses, [200], 'the provider issued the tokens; the refusal is the relying party’s');
  });

  it('asks every resident on the same browser for their own password, and returns their own IIN', async () => {
    const browser = new Map<string, string>();
    const first = await rp.start(settingsA, REDIRECT_URI);
    assert.deepEqual(await rp.finish(settingsA, REDIRECT_URI, await signIn(first.url, RESIDENT, 'login', browser), first), { subject: IIN });
    assert.ok([...browser.keys()].some((name) => name.startsWith('_session')), 'the provider keeps a session cookie');
    const second = await rp.start({ ...settingsA, claim: 'employee_id' }, REDIRECT_URI);
    const callback = await signIn(second.url, WITHOUT_IIN, 'login', browser);
    assert.deepEqual(await rp.finish({ ...settingsA, claim: 'employee_id' }, REDIRECT_URI, callback, second), { subject: 'E-0017' });
    const third = await rp.start(settingsA, REDIRECT_URI);
    await assert.rejects(signIn(third.url, { login: RESIDENT.login, password: 'wrong' }, 'login', browser), /answered 401/, 'no sign-in on the strength of the earlier session');
  });

  it('says the claim is missing when the account has no IIN', async () => {
    const started = await rp.start(settingsA, REDIRECT_URI);
    const callback = await signIn(started.url, WITHOUT_IIN);
    const error = await refusal(rp.finish(settingsA, REDIRECT_URI, callback, started), 'oidc_claim_missing');
    assert.match(error.message, /"iin"/);
  });

  it('an IIN sent as a JSON number is the IIN, leading zero and all; an employee id sent as one is kept as it is', async () => {
    const started = await rp.start(settingsA, REDIRECT_URI);
    assert.deepEqual(await rp.finish(settingsA, REDIRECT_URI, await signIn(started.url, YOUNG), started), { subject: YOUNG_IIN });
    const byId = { ...settingsA, claim: 'employee_id', subject: 'id' as const };
    const second = await rp.start(byId, REDIRECT_URI);
    assert.deepEqual(await rp.finish(byId, REDIRECT_URI, await signIn(second.url, YOUNG), second), { subject: '17' });
  });

  it('reads the claim from the same account under another name when the city configures it', async () => {
    const started = await rp.start({ ...settingsA, claim: 'employee_id' }, REDIRECT_URI);
    const callback = await signIn(started.url, WITHOUT_IIN);
    assert.deepEqual(await rp.finish({ ...settingsA, claim: 'employee_id' }, REDIRECT_URI, callback, started), { subject: 'E-0017' });
  });

  it('reports a resident who cancels at the provider as denied', async () => {
    const started = await rp.start(settingsA, REDIRECT_URI);
    const callback = await signIn(started.url, RESIDENT, 'cancel');
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    await refusal(rp.finish(settingsA, REDIRECT_URI, callback, started), 'oidc_denied');
  });

  it('the sign-in page is labelled in the resident’s language and refuses a wrong password', async () => {
    const started = await rp.start(settingsA, REDIRECT_URI);
    const first = await fetch(started.url, { redirect: 'manual' });
    const page = await fetch(new URL(first.headers.get('location')!, started.url), {
      headers: { cookie: first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), 'accept-language': 'ru-KZ,ru;q=0.9' },
    });
    const html = await page.text();
    assert.match(html, /<html lang="ru">/);
    assert.match(html, /<label for="login">Логин<\/label>/);
    assert.match(html, /<label for="password">Пароль<\/label>/);
    await assert.rejects(signIn(started.url, { login: RESIDENT.login, password: 'wrong' }), /answered 401/);
  });

  it('reads the claim from userinfo when the provider keeps it out of the ID token', async () => {
    const userinfoProvider = await startDevProvider({ clients, accounts, claimsIn: 'userinfo' });
    try {
      const settings: OidcSettings = { ...settingsA, issuer: userinfoProvider.issuer, scopes: 'openid iin' };
      // First see, through openid-client itself, that the ID token really lacks the claim.
      const config = await client.discovery(new URL(settings.issuer), 'qala-a', 'secret-a', undefined, { execute: [client.allowInsecureRequests] });
      const direct = await rp.start(settings, REDIRECT_URI);
      const directCallback = await signIn(direct.url, RESIDENT);
      const tokens = await client.authorizationCodeGrant(config, directCallback, {
        expectedState: direct.state,
        expectedNonce: direct.nonce,
        pkceCodeVerifier: direct.codeVerifier,
      });
      assert.equal(tokens.claims()?.iin, undefined);

      const started = await rp.start(settings, REDIRECT_URI);
      const callback = await signIn(started.url, RESIDENT);
      assert.deepEqual(await rp.finish(settings, REDIRECT_URI, callback, started), { subject: IIN });
    } finally {
      await userinfoProvider.close();
    }
  });

  it('reports a provider that is down, or that went down during the sign-in, as unavailable', async () => {
    const shortLived = await startDevProvider({ clients, accounts });
    const settings: OidcSettings = { ...settingsA, issuer: shortLived.issuer };
    const started = await rp.start(settings, REDIRECT_URI);
    const callback = await signIn(started.url, RESIDENT);
    await shortLived.close();
    await refusal(rp.finish(settings, REDIRECT_URI, callback, started), 'oidc_unavailable');
    await refusal(rp.start(settings, REDIRECT_URI), 'oidc_unavailable');
  });

  it('reports a provider that does not answer in time as unavailable', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const impatient = new OidcRelyingParty({ timeoutMs: 200 });
      await refusal(impatient.start({ ...settingsA, issuer: `http://127.0.0.1:${port}` }, REDIRECT_URI), 'oidc_unavailable');
    } finally {
      silent.close();
    }
  });

  it('refuses plain http to anything but the loopback interface', async () => {
    await refusal(rp.start({ ...settingsA, issuer: 'http://idp.example.kz' }, REDIRECT_URI), 'oidc_invalid');
  });
});
