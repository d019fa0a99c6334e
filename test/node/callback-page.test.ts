// The page the identity provider sends the browser back to (#13): its words fit who signed in — a
// resident goes back to voting, a member of staff to the project centre — in kk, ru and en.
// The routes pass who it is: identity-oidc (residents) and staff-oidc-centre (staff) check the wiring.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callbackResponse, type SignInAudience } from '../../src/server/identity/callback-page.js';
import type { SignInOutcome } from '../../src/server/services/verification.js';

const popup = (outcome: string, returnTo: string | null = 'https://aksu.gov.kz/budget/'): SignInOutcome => ({ challengeId: 'ch_1', outcome, returnTo, mode: 'popup' });

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

  it('redirect mode sends either audience straight back, the challenge in the fragment', () => {
    for (const audience of ['resident', 'staff'] as SignInAudience[]) {
      const res = callbackResponse({ challengeId: 'ch_2', outcome: 'done', returnTo: 'http://localhost/centre/?city=aksu', mode: 'redirect' }, audience);
      assert.equal(res.status, 303, audience);
      assert.equal(res.headers.get('location'), 'http://localhost/centre/?city=aksu#qala-oidc=ch_2', audience);
    }
  });

  it('the page back is escaped', async () => {
    const res = callbackResponse(popup('done', 'https://aksu.gov.kz/a?x="><script>alert(1)</script>'), 'staff');
    const html = await res.text();
    assert.ok(!html.includes('"><script>alert'), 'no markup from the address');
    assert.ok(html.includes('&#34;&#62;&#60;script&#62;'));
  });
});
