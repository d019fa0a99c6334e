// The page the identity provider sends the browser back to (#13): its words fit who signed in — a
// resident goes back to voting, a member of staff to the project centre — in kk, ru and en.
// The routes pass who it is: identity-oidc (residents) and staff-oidc-centre (staff) check the wiring.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callbackResponse, type SignInAudience } from '../../src/server/identity/callback-page.js';
import type { SignInOutcome } from '../../src/server/services/verification.js';

const PROOF = 'pRoOf_0123456789abcdefghijklmnopqrstuvwxyzABC';
const popup = (outcome: string, returnTo: string | null = 'https://aksu.gov.kz/budget/'): SignInOutcome => ({ challengeId: 'ch_1', outcome, returnTo, mode: 'popup', proof: PROOF });

/** The message the popup page posts and the origin it posts to, read from its script. */
async function posted(res: Response): Promise<{ message: Record<string, unknown>; target: string } | null> {
  const m = /var m=(\{.*?\});.*?postMessage\(m,("[^"]*")\)/.exec(await res.clone().text());
  return m ? { message: JSON.parse(m[1]!) as Record<string, unknown>, target: JSON.parse(m[2]!) as string } : null;
}

/** The page's paragraph in `lang`. */
async function said(res: Response, lang: 'kk' | 'ru' | 'en'): Promise<string> {
  const html = await res.clone().text();
  const m = new RegExp(`<p lang="${lang}">([^<]*)</p>`).exec(html);
  assert.ok(m, `no ${lang} paragraph in ${html}`);
  return m[1]!;
}

describe('the sign-in callback page', () => {
  it('tells a resident that voting continues, in kk, ru and en, and says nothing of the project centre', async () => {
    const res = callbackResponse(popup('done'), 'resident');
    assert.equal(res.status, 200);
    assert.match(await said(res, 'kk'), /дауыс беру/);
    assert.match(await said(res, 'ru'), /голосование продолжится/);
    assert.match(await said(res, 'en'), /voting continues/);
    assert.doesNotMatch(await res.text(), /project centre|проектн|Жобалық/i);
  });

  it('tells staff they are signed in to the project centre, in kk, ru and en, and says nothing of voting', async () => {
    const res = callbackResponse(popup('done'), 'staff');
    assert.equal(res.status, 200);
    assert.match(await said(res, 'kk'), /Жобалық орталыққа кіру аяқталды/);
    assert.match(await said(res, 'ru'), /Вход в проектный центр выполнен/);
    assert.match(await said(res, 'en'), /Signed in to the project centre/);
    assert.doesNotMatch(await res.text(), /voting|голосован|дауыс/i);
  });

  it('a failed sign-in says so for either audience (400), with the way back', async () => {
    for (const [audience, en] of [
      ['resident', /^Signing in did not work\./],
      ['staff', /^Signing in to the project centre did not work\./],
    ] as const) {
      const res = callbackResponse(popup('oidc_denied'), audience);
      assert.equal(res.status, 400, audience);
      assert.match(await said(res, 'en'), en, audience);
      assert.match(await said(res, 'ru'), /не удалось/, audience);
      assert.match(await said(res, 'kk'), /сәтсіз/, audience);
      const html = await res.text();
      assert.ok(html.includes('href="https://aksu.gov.kz/budget/"'), `${audience}: the link back`);
      assert.ok(html.includes('Бетке оралу · Вернуться на страницу · Back to the page'), `${audience}: the link back in three languages`);
    }
  });

  it('redirect mode sends either audience straight back, the challenge and its proof in the fragment (never the query)', () => {
    for (const audience of ['resident', 'staff'] as SignInAudience[]) {
      const res = callbackResponse({ challengeId: 'ch_2', outcome: 'done', returnTo: 'http://localhost/centre/?city=aksu', mode: 'redirect', proof: PROOF }, audience);
      assert.equal(res.status, 303, audience);
      assert.equal(res.headers.get('location'), `http://localhost/centre/?city=aksu#qala-oidc=ch_2&proof=${PROOF}`, audience);
      assert.equal(res.headers.get('cache-control'), 'no-store', audience);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer', audience);
      // A callback that recorded nothing (a replayed or expired one) hands out no proof.
      const none = callbackResponse({ challengeId: 'ch_2', outcome: 'oidc_invalid', returnTo: 'http://localhost/centre/?city=aksu', mode: 'redirect', proof: null }, audience);
      assert.equal(none.headers.get('location'), 'http://localhost/centre/?city=aksu#qala-oidc=ch_2', audience);
    }
  });

  it('popup mode posts the challenge and its proof to the opener on returnTo’s origin only (never "*"), and shows the proof nowhere', async () => {
    for (const audience of ['resident', 'staff'] as SignInAudience[]) {
      const res = callbackResponse(popup('done', 'https://aksu.gov.kz/budget/vote?x=1'), audience);
      const sent = await posted(res);
      assert.ok(sent, `${audience}: a message to the opener`);
      assert.equal(sent.target, 'https://aksu.gov.kz', audience);
      assert.deepEqual(sent.message, { type: 'qala-oidc', challengeId: 'ch_1', outcome: 'done', proof: PROOF }, audience);
      const html = await res.text();
      assert.equal(html.split(PROOF).length - 1, 2, `${audience}: the proof is in the message and the way on without an opener only, not in the text or the link back`);
      assert.ok(!/<a [^>]*pRoOf|<p[^>]*>[^<]*pRoOf/.test(html), `${audience}: not in the link back nor the text`);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      // A failed sign-in is confirmed (and explained) with its proof too; one that recorded nothing has none.
      assert.equal((await posted(callbackResponse(popup('oidc_denied'), audience)))!.message.proof, PROOF);
      assert.equal((await posted(callbackResponse({ ...popup('oidc_invalid'), proof: null }, audience)))!.message.proof, undefined);
    }
  });

  it('a popup whose opener was cut (the provider’s opener policy) goes on in its own window, as a redirect would', async () => {
    for (const [outcome, proof] of [['done', PROOF], ['oidc_denied', PROOF], ['oidc_invalid', null]] as const) {
      const html = await callbackResponse({ ...popup(outcome, 'https://aksu.gov.kz/budget/vote?x=1'), proof }, 'resident').text();
      const code = /<script nonce="[^"]+">([\s\S]*?)<\/script>/.exec(html)![1]!;
      const run = (opener: { postMessage(m: unknown, o: string): void } | null) => {
        const went: string[] = [];
        const posted: [unknown, string][] = [];
        const window = { opener: opener && { postMessage: (m: unknown, o: string) => posted.push([m, o]) }, close: () => went.push('closed') };
        new Function('window', 'location', code)(window, { replace: (u: string) => went.push(u) });
        return { went, posted };
      };
      const cut = run(null);
      assert.deepEqual(cut.went, [`https://aksu.gov.kz/budget/vote?x=1#qala-oidc=ch_1${proof ? `&proof=${proof}` : ''}`], outcome);
      const kept = run({ postMessage: () => undefined });
      assert.deepEqual([kept.went, kept.posted.length, kept.posted[0]![1]], [['closed'], 1, 'https://aksu.gov.kz'], `${outcome}: with an opener, the message and close as before`);
    }
  });

  it('the page back is escaped', async () => {
    const res = callbackResponse(popup('done', 'https://aksu.gov.kz/a?x="><script>alert(1)</script>'), 'staff');
    const html = await res.text();
    assert.ok(!html.includes('"><script>alert'), 'no markup from the address');
    assert.ok(html.includes('&#34;&#62;&#60;script&#62;'));
  });
});
