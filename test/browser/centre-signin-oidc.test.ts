import { expect, fixture as mount, html } from '@open-wc/testing';
import { createAdminMock, MOCK_EXPIRED_INVITE, mockOidcFinish, type AdminMockOptions, type AdminMockState } from '../../src/mock/admin-handlers.js';
import '../../src/centre/define.js';
import type { QalaCentre } from '../../src/centre/centre.js';
import { navigation } from '../../src/centre/signin-view.js';
import { setViewport } from './support/commands.js';
import { $, active, fill, serve, text, until } from './support/centre.js';
import { waitUntil } from './support/dom.js';

// Staff sign in with the city's OpenID Connect provider (#13): offered beside the one-time code
// when the city has one; a popup that reports back (or leaving the page and coming back).

async function mock(options: AdminMockOptions = {}): Promise<AdminMockState> {
  const { handlers, state } = createAdminMock({ base: '/api/v1', staff: true, identity: 'oidc', ...options });
  await serve(handlers);
  return state;
}


async function centre(lang: 'kk' | 'ru' | 'en'): Promise<QalaCentre> {
  const main = await mount<HTMLElement>(html`<main><qala-centre api="/api/v1" city="aksu" lang=${lang}></qala-centre></main>`);
  const el = main.firstElementChild as QalaCentre;
  await until('sign-in', () => $(el, '#signin-contact'));
  return el;
}

/** The provider's window, as the page sees it: where it was sent, whether it was closed. */
function stubPopup(open: boolean) {
  const popup = { location: { href: '' }, closed: false, close() { popup.closed = true; } };
  const original = window.open;
  const opened: string[] = [];
  window.open = ((url?: string | URL) => {
    opened.push(String(url ?? ''));
    return open ? (popup as unknown as Window) : null;
  }) as typeof window.open;
  return { popup, opened, restore: () => (window.open = original) };
}

/** What the server's callback page posts to the centre once the provider sent the person back: with the proof confirming needs (none when it recorded nothing). */
const callbackPage = (challengeId: string, outcome: string, proof: string | null) => window.postMessage({ type: 'qala-oidc', challengeId, outcome, ...(proof ? { proof } : {}) }, location.origin);

describe('<qala-centre> sign-in with the city’s provider', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  /** The centre opened from an invitation link (`#invite=…`), popups allowed; the address and window.open come back after the test. */
  async function invited(token: string, lang: 'kk' | 'ru' | 'en' = 'en'): Promise<{ el: QalaCentre; stub: ReturnType<typeof stubPopup> }> {
    const address = location.href;
    history.replaceState(null, '', `${location.pathname}?city=aksu#invite=${token}`);
    const stub = stubPopup(true);
    restore = () => {
      stub.restore();
      history.replaceState(null, '', address);
    };
    const main = await mount<HTMLElement>(html`<main><qala-centre api="/api/v1" lang=${lang}></qala-centre></main>`);
    const el = main.firstElementChild as QalaCentre;
    await until('the provider’s button', () => $(el, '#act-signin-oidc'));
    return { el, stub };
  }

  /** A live invitation for the mock's invited expert (the one it has expired), whose contact is an e-mail. */
  function liveInvite(state: AdminMockState): string {
    const token = 'inv1.AbCdEfGhIjKlMnOpQrStUvWx';
    state.invites.set(token, { staffId: 'st_expert2', expiresAt: Date.now() + 86_400_000 });
    return token;
  }

  /** Submits the code step with `code`. */
  function enterCode(el: QalaCentre, code: string): void {
    fill(el, '#signin-code', code);
    $<HTMLFormElement>(el, '#signin-code')!.form!.requestSubmit();
  }

  it('offers "Sign in with eGov" beside the code; the popup reports back and the person is signed in', async () => {
    const state = await mock();
    const el = await centre('en');
    await until('the provider’s button', () => $(el, '#act-signin-oidc'));
    expect($(el, '#act-signin-oidc')!.textContent!.trim()).to.equal('Sign in with eGov');
    expect($(el, '#signin-contact'), 'the code stays offered').to.exist;
    await expect(el).to.be.accessible();

    const stub = stubPopup(true);
    restore = stub.restore;
    $<HTMLButtonElement>(el, '#act-signin-oidc')!.click();
    await until('waiting', () => active(el)?.id === 'signin-oidc-wait');
    expect(stub.popup.location.href).to.match(/\/mock-provider\/authorize\?state=oc_1$/);
    expect(text(el)).to.contain('Finish signing in in the eGov window');
    expect(state.calls).to.include('POST sign-in/oidc');
    await expect(el).to.be.accessible();

    // "Continue" before the provider is done: said beside that button, which keeps the focus.
    $<HTMLButtonElement>(el, '#act-signin-oidc')!.focus();
    $<HTMLButtonElement>(el, '#act-signin-oidc')!.click();
    await el.updateComplete;
    await until('not yet', () => $(el, '#act-signin-oidc-msg .field-error'));
    expect($(el, '#act-signin-oidc-msg')!.textContent).to.contain('You have not finished signing in yet');
    expect(active(el)?.id).to.equal('act-signin-oidc');

    // A message from another origin is not the callback page: ignored.
    const proof = mockOidcFinish(state, 'oc_1', 'st_expert1');
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'qala-oidc', challengeId: 'oc_1', outcome: 'done', proof }, origin: 'https://evil.example' }));
    await new Promise((r) => setTimeout(r, 100));
    expect($(el, '#who')).to.equal(null);
    callbackPage('oc_1', 'done', proof);
    await until('signed in', () => active(el)?.id === 'who');
    expect(text(el)).to.contain('Signed in as Айгүл Серікқызы');
    expect(text(el)).to.contain('expert');
  });

  it('kk: someone the city has not invited is told why, beside the button, which keeps the focus; fits 360 px', async () => {
    const state = await mock();
    await setViewport({ width: 360, height: 740 });
    const el = await centre('kk');
    await until('the provider’s button', () => $(el, '#act-signin-oidc'));
    expect($(el, '#act-signin-oidc')!.textContent!.trim()).to.equal('eGov арқылы кіру');
    const wide = () => Math.max(document.scrollingElement!.scrollWidth, el.scrollWidth);
    expect(wide()).to.be.at.most(360);
    const stub = stubPopup(true);
    restore = stub.restore;
    $<HTMLButtonElement>(el, '#act-signin-oidc')!.click();
    await until('waiting', () => $(el, '#signin-oidc-wait'));
    callbackPage('oc_1', 'not_staff', mockOidcFinish(state, 'oc_1', null));
    await until('the refusal', () => $(el, '#act-signin-oidc-msg .field-error'));
    expect($(el, '#act-signin-oidc-msg')!.textContent).to.contain('Бұл тіркелгі осы қаланың орталығының мүшесі емес');
    expect($(el, '#act-signin-oidc')!.textContent!.trim(), 'back to the start').to.equal('eGov арқылы кіру');
    await until('focus on the button', () => active(el)?.id === 'act-signin-oidc');
    expect(stub.popup.closed).to.equal(true);
    expect($(el, '#who')).to.equal(null);
    expect(wide()).to.be.at.most(360);
    await expect(el).to.be.accessible();
    await setViewport({ width: 800, height: 600 });
  });

  it('an invitation can be accepted through the provider, then the code sent to the invited contact: the token goes with the sign-in, never in the address bar', async () => {
    const state = await mock();
    const token = liveInvite(state);
    const { el, stub } = await invited(token);
    expect(location.hash).to.equal('');
    expect(text(el)).to.contain('Accept your invitation');
    expect(text(el)).to.contain('Or accept it by signing in with eGov');
    $<HTMLButtonElement>(el, '#act-signin-oidc')!.click();
    await until('waiting', () => $(el, '#signin-oidc-wait'));
    const started = state.oidc.get('oc_1')!;
    expect([started.inviteToken, started.mode]).to.deep.equal([token, 'popup']);
    expect(new URL(started.returnTo).search).to.equal('?city=aksu');
    expect(started.returnTo).not.to.contain(token);
    expect(stub.popup.location.href).not.to.contain(token);

    // Back from the provider: the account alone does not accept the invitation; the code to the invited address does.
    callbackPage('oc_1', 'done', mockOidcFinish(state, 'oc_1', 'st_expert2'));
    await until('the code step', () => active(el)?.id === 'signin-code');
    expect(text(el)).to.contain('To finish accepting your invitation, enter the code we sent to p…@erg.kz.');
    expect($(el, '#signin-oidc-wait')).to.equal(null);
    expect($(el, '#who')).to.equal(null);
    expect(state.sessions.size, 'no session yet').to.equal(0);
    expect(state.staff.find((m) => m.id === 'st_expert2')!.status).to.equal('invited');
    await expect(el).to.be.accessible();

    enterCode(el, '000000');
    await until('the refusal', () => $(el, '#act-signin-confirm-msg .field-error'));
    expect($(el, '#act-signin-confirm-msg [role="alert"]')!.textContent).to.contain('Attempts left: 4.');
    await until('focus on the button', () => active(el)?.id === 'act-signin-confirm');
    await expect(el).to.be.accessible();

    enterCode(el, '123456');
    await until('signed in', () => active(el)?.id === 'who');
    expect(text(el)).to.contain('Signed in as Pavel Ivanov');
    expect(state.staff.find((m) => m.id === 'st_expert2')!.status).to.equal('active');
  });

  it('kk: the invitation’s code step after the provider fits 360 px and is said in Kazakh', async () => {
    const state = await mock();
    await setViewport({ width: 360, height: 740 });
    const { el } = await invited(liveInvite(state), 'kk');
    const wide = () => Math.max(document.scrollingElement!.scrollWidth, el.scrollWidth);
    $<HTMLButtonElement>(el, '#act-signin-oidc')!.click();
    await until('waiting', () => $(el, '#signin-oidc-wait'));
    callbackPage('oc_1', 'done', mockOidcFinish(state, 'oc_1', 'st_expert2'));
    await until('the code step', () => active(el)?.id === 'signin-code');
    expect(text(el)).to.contain('Шақыруды қабылдауды аяқтау үшін p…@erg.kz мекенжайына жіберілген кодты енгізіңіз.');
    expect(wide()).to.be.at.most(360);
    await expect(el).to.be.accessible();
    enterCode(el, '123456');
    await until('signed in', () => $(el, '#who'));
    expect(wide()).to.be.at.most(360);
    await setViewport({ width: 800, height: 600 });
  });

  it('an invitation that expired is refused before the provider opens, and says to ask for a new one', async () => {
    const state = await mock();
    const { el, stub } = await invited(MOCK_EXPIRED_INVITE);
    $<HTMLButtonElement>(el, '#act-signin-oidc')!.click();
    await until('the refusal', () => /no longer valid/.test(text(el)));
    expect(text(el)).to.contain('The invitation is no longer valid. Ask your coordinator for a new one.');
    expect(state.oidc.size, 'no sign-in was started').to.equal(0);
    expect(stub.popup.closed, 'the window opened for the provider is closed').to.equal(true);
    expect($(el, '#signin-oidc-wait')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('a city without a provider offers the code only; an unknown city offers nothing more', async () => {
    await mock({ identity: 'phone_only' });
    const el = await centre('en');
    await new Promise((r) => setTimeout(r, 200));
    await el.updateComplete;
    expect($(el, '#act-signin-oidc')).to.equal(null);
    expect($(el, '#act-signin-code')).to.exist;

    const state = await mock();
    const other = await centre('en');
    await until('the provider’s button', () => $(other, '#act-signin-oidc'));
    const city = $<HTMLInputElement>(other, '#signin-city')!;
    city.value = 'nowhere';
    // Clicked before the change re-rendered the button: it is for the city the field says now, which has no provider.
    const stub = stubPopup(true);
    restore = stub.restore;
    $<HTMLButtonElement>(other, '#act-signin-oidc')!.click();
    city.dispatchEvent(new Event('change'));
    await new Promise((r) => setTimeout(r, 200));
    expect(state.calls).not.to.include('POST sign-in/oidc');
    expect(stub.opened).to.deep.equal([]);
    await new Promise((r) => setTimeout(r, 200));
    await other.updateComplete;
    expect($(other, '#act-signin-oidc')).to.equal(null);
  });

  it('ru: with popups blocked the page goes to the provider and, back with #qala-oidc, signs in by itself; the fragment leaves the address bar', async () => {
    const state = await mock();
    const el = await centre('ru');
    await until('the provider’s button', () => $(el, '#act-signin-oidc'));
    expect($(el, '#act-signin-oidc')!.textContent!.trim()).to.equal('Войти через eGov');
    const stub = stubPopup(false);
    const assign = navigation.assign;
    const went: string[] = [];
    navigation.assign = (url) => void went.push(url);
    const address = location.href;
    restore = () => {
      stub.restore();
      navigation.assign = assign;
      history.replaceState(null, '', address);
    };
    $<HTMLButtonElement>(el, '#act-signin-oidc')!.click();
    await until('left for the provider', () => went.length);
    expect(went[0]).to.match(/\/mock-provider\/authorize\?state=oc_1$/);

    // Back from the provider: a new page load, the challenge in the fragment, the city in the query.
    const proof = mockOidcFinish(state, 'oc_1', 'st_expert1')!;
    const length = history.length;
    history.replaceState(null, '', `${location.pathname}?city=aksu#qala-oidc=oc_1&proof=${proof}`);
    const main = await mount<HTMLElement>(html`<main><qala-centre api="/api/v1" lang="ru"></qala-centre></main>`);
    const back = main.firstElementChild as QalaCentre;
    await until('signed in', () => $(back, '#who'));
    expect(text(back)).to.contain('Айгүл Серікқызы');
    expect(location.hash).to.equal('');
    expect(location.search).to.equal('?city=aksu');
    expect(location.href.includes(proof), 'the proof leaves the address bar').to.equal(false);
    expect(history.length, 'replaced, not pushed').to.equal(length);
  });

  it('a sign-in finished without its proof reaching this page (someone else’s browser came back) gives no session, and says to start again', async () => {
    const state = await mock();
    const el = await centre('en');
    await until('the provider’s button', () => $(el, '#act-signin-oidc'));
    const stub = stubPopup(true);
    restore = stub.restore;
    $<HTMLButtonElement>(el, '#act-signin-oidc')!.click();
    await until('waiting', () => active(el)?.id === 'signin-oidc-wait');
    mockOidcFinish(state, 'oc_1', 'st_expert1');
    // The provider came back, but not to this page: "Continue" has no proof to show.
    $<HTMLButtonElement>(el, '#act-signin-oidc')!.click();
    await until('the refusal', () => $(el, '#act-signin-oidc-msg .field-error'));
    expect($(el, '#act-signin-oidc-msg')!.textContent).to.contain('The provider did not confirm who you are. Start again.');
    expect($(el, '#act-signin-oidc')!.textContent!.trim(), 'back to the start').to.equal('Sign in with eGov');
    expect($(el, '#who')).to.equal(null);
    expect(state.sessions.size, 'no session was opened').to.equal(0);
    await expect(el).to.be.accessible();
  });
});
