import { randomBytes } from 'node:crypto';
import { OIDC_MESSAGE, oidcFragment, type OidcMessage } from '../../contract/index.js';
import type { SignInOutcome } from '../services/verification.js';

/** Who signed in: a resident proving who they are to vote, or a member of staff signing in to the project centre. */
export type SignInAudience = 'resident' | 'staff';

const TEXT = {
  resident: {
    done: {
      kk: 'Кіру аяқталды. Бұл терезені жабуға болады — дауыс беру бастапқы бетте жалғасады.',
      ru: 'Вход выполнен. Это окно можно закрыть — голосование продолжится на исходной странице.',
      en: 'Signed in. You can close this window — voting continues on the page you came from.',
    },
    failed: {
      kk: 'Кіру сәтсіз аяқталды. Бұл терезені жауып, бастапқы бетте қайталап көріңіз.',
      ru: 'Войти не удалось. Закройте это окно и попробуйте ещё раз на исходной странице.',
      en: 'Signing in did not work. Close this window and try again on the page you came from.',
    },
  },
  staff: {
    done: {
      kk: 'Жобалық орталыққа кіру аяқталды. Бұл терезені жабуға болады — жұмыс бастапқы бетте жалғасады.',
      ru: 'Вход в проектный центр выполнен. Это окно можно закрыть — работа продолжится на исходной странице.',
      en: 'Signed in to the project centre. You can close this window — your work continues on the page you came from.',
    },
    failed: {
      kk: 'Жобалық орталыққа кіру сәтсіз аяқталды. Бұл терезені жауып, бастапқы бетте қайталап көріңіз.',
      ru: 'Войти в проектный центр не удалось. Закройте это окно и попробуйте ещё раз на исходной странице.',
      en: 'Signing in to the project centre did not work. Close this window and try again on the page you came from.',
    },
  },
  back: { kk: 'Бетке оралу', ru: 'Вернуться на страницу', en: 'Back to the page' },
} as const;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * What the browser gets back from the identity provider. Redirect mode: back
 * to the page that started it, the challenge and its one-time proof in the
 * fragment (never sent to a server). Popup mode: a tiny page that hands the
 * challenge and its proof to the window that opened it — only if that window
 * is on `returnTo`'s origin (the message's target origin, never `*`) — and
 * closes; without an opener (cut by the provider's opener policy) it goes on
 * in its own window as a redirect would. The proof goes nowhere else (not in
 * the page's text or links), and
 * the page is not cached nor told to anyone as a referrer. Its words fit who
 * signed in (`audience`): a resident goes back to voting, staff to the project
 * centre.
 */
export function callbackResponse(o: SignInOutcome, audience: SignInAudience): Response {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };
  if (o.mode === 'redirect' && o.returnTo && o.challengeId) {
    return new Response(null, { status: 303, headers: { ...headers, Location: `${o.returnTo}${oidcFragment(o.challengeId, o.proof)}` } });
  }
  const nonce = randomBytes(16).toString('base64');
  const ok = o.outcome === 'done';
  const t = ok ? TEXT[audience].done : TEXT[audience].failed;
  const target = o.returnTo ? new URL(o.returnTo).origin : null;
  const message: OidcMessage = { type: OIDC_MESSAGE, challengeId: o.challengeId, outcome: o.outcome, ...(o.proof ? { proof: o.proof } : {}) };
  // A popup that lost its opener (a provider whose pages set Cross-Origin-Opener-Policy severs it) cannot hand the
  // proof back: it goes on in this window as a redirect would, to the page with the proof in the fragment.
  const here = o.returnTo && o.challengeId ? `${o.returnTo}${oidcFragment(o.challengeId, o.proof)}` : null;
  const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');
  const script =
    target && here
      ? `<script nonce="${nonce}">(function(){var m=${json(message)};if(window.opener){try{window.opener.postMessage(m,${json(target)});}catch(e){}window.close();}else{location.replace(${json(here)});}})();</script>`
      : '';
  const back = o.returnTo ? `<p><a href="${escapeHtml(o.returnTo)}">${TEXT.back.kk} · ${TEXT.back.ru} · ${TEXT.back.en}</a></p>` : '';
  const html = `<!doctype html><html lang="kk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Qala</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;background:#fff}@media (prefers-color-scheme:dark){body{color:#eee;background:#161616}a{color:#9cf}}</style></head>
<body><main><h1>${ok ? '✓' : '✕'} Qala</h1><p lang="kk">${t.kk}</p><p lang="ru">${t.ru}</p><p lang="en">${t.en}</p>${back}</main>${script}</body></html>`;
  return new Response(html, {
    status: ok ? 200 : 400,
    headers: {
      ...headers,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    },
  });
}
