// The browser's part of an OpenID Connect sign-in, played with fetch against the dev provider:
// follow the redirect to the sign-in page, post the form with the provider's cookies, and stop at
// the redirect back to the relying party.
import assert from 'node:assert/strict';
import { readOidcFragment } from '../../../src/contract/index.js';

/** Plays the browser from the authorization URL to the redirect back; returns the URL it was sent to. */
export async function playSignIn(
  authorizationUrl: string,
  account: { login: string; password: string },
  redirectUri: string,
  action: 'login' | 'cancel' = 'login',
  cookies = new Map<string, string>(),
): Promise<URL> {
  let request: { url: URL; init: RequestInit } = { url: new URL(authorizationUrl), init: {} };
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(request.url, {
      ...request.init,
      redirect: 'manual',
      headers: { ...(request.init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      if (attributes.some((a) => /expires=thu, 01 jan 1970/i.test(a.trim()))) cookies.delete(name);
      else cookies.set(name, pair.slice(pair.indexOf('=') + 1));
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, request.url);
      if (next.href.startsWith(redirectUri)) return next;
      request = { url: next, init: {} };
      continue;
    }
    const html = await response.text();
    assert.equal(response.status, 200, `the provider answered ${response.status}: ${html.slice(0, 300)}`);
    const formAction = /<form method="post" action="([^"]+)"/i.exec(html)?.[1];
    assert.ok(formAction, 'the page has a form');
    // Our sign-in form, or one of oidc-provider's self-submitting forms of hidden fields.
    const hidden = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]);
    const fields = html.includes('id="password"') ? { login: account.login, password: account.password, action } : Object.fromEntries(hidden);
    request = {
      url: new URL(formAction, request.url),
      init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() },
    };
  }
  throw new Error('too many redirects');
}


/**
 * What the server's callback handed the browser the provider sent back: the challenge and its one-time proof, from a
 * redirect's fragment or from the popup page's message to its opener (with the origin it is posted to).
 */
export async function handedBack(res: Response): Promise<{ challengeId: string | null; proof: string | null; outcome?: string; target?: string }> {
  const location = res.headers.get('location');
  if (res.status === 303 && location) {
    const back = readOidcFragment(new URL(location).hash);
    assert.ok(back, `a redirect back with the sign-in in its fragment: ${location}`);
    assert.equal(new URL(location).search.includes('proof'), false, 'the proof is never in the query');
    return back;
  }
  const m = /var m=(\{.*?\});.*?postMessage\(m,("[^"]*")\)/.exec(await res.clone().text());
  if (!m) return { challengeId: null, proof: null };
  const message = JSON.parse(m[1]!) as { challengeId: string | null; outcome: string; proof?: string };
  return { challengeId: message.challengeId, proof: message.proof ?? null, outcome: message.outcome, target: JSON.parse(m[2]!) as string };
}
