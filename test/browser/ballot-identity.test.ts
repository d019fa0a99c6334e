import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from './support/commands.js';
import { http, HttpResponse } from 'msw';
import type { Backend } from '../../src/client/backend.js';
import { QalaError } from '../../src/client/errors.js';
import { HttpBackend } from '../../src/client/http-backend.js';
import type { OidcStartInput, VerificationConfirm, VerificationStart, VoterSession } from '../../src/contract/index.js';
import { UNLISTED_IIN } from '../../src/mock/fixtures.js';
import type { MockOptions, MockState } from '../../src/mock/handlers.js';
import '../../src/widgets/ballot/define.js';
import type { QalaBallot } from '../../src/widgets/ballot/ballot.js';
import { ADULT, active, clearOutbox, fits as fitsParts, heading, q, qa, root, text, type, until } from './support/dom.js';
import { mockApi } from './support/msw.js';

const API = '/api/v1';
/** On the mock's voter list (DEMO_VOTERS) with the phone +77010000001. */
const LISTED = ADULT;
const REGISTERED_PHONE = '+7 701 000 00 01';
const CYCLE = 'aksu-identity';
/** Forgets this file's outbox entries only: other test files share IndexedDB. */
const clearOwn = () => clearOutbox(CYCLE);

/** Nothing wider than the element, nor the page (360 px phones). */
const fits = (el: QalaBallot, where: string) => fitsParts(el, where, null);
async function axe(el: QalaBallot) {
  await expect(el).to.be.accessible();
}

/** The mock backend over HTTP, with a record of what verification sent. */
function recording() {
  const real = new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 });
  const starts: VerificationStart[] = [];
  const backend: Backend = Object.assign(Object.create(real) as Backend, {
    startVerification: (input: VerificationStart) => {
      starts.push(input);
      return real.startVerification(input);
    },
  });
  return { backend, starts };
}

async function setup(options: MockOptions): Promise<{ state: MockState; use: (...h: Parameters<Awaited<ReturnType<typeof mockApi>>['use']>) => void }> {
  const api = await mockApi(options);
  api.state.configs.get('aksu')!.cycle.id = CYCLE;
  await clearOwn();
  return api;
}

async function mount(backend: Backend, lang = 'en') {
  const el = await fixture<QalaBallot>(html`<qala-ballot lang=${lang} .backend=${backend} .retryDelays=${[60_000]}></qala-ballot>`);
  // A sign-in city's button comes with its part (a module of its own), just after the step's heading.
  await until(el, () => !!root(el).querySelector('[data-identity]') && !root(el).querySelector('[data-part="sign-in"]'), 'verification step');
  return el;
}
function submit(el: QalaBallot) {
  q<HTMLButtonElement>(el, 'form button[type=submit]').click();
}

describe('<qala-ballot> verification by voter list', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('asks only for the IIN, sends no phone, and says the code went to the listed phone, masked', async () => {
    await setup({ identity: 'voter_list' });
    const { backend, starts } = recording();
    const el = await mount(backend);
    expect(root(el).querySelector('#phone'), 'no phone field').to.equal(null);
    expect(text(el)).to.include('phone number the project centre has for your IIN');
    await axe(el);
    type(q<HTMLInputElement>(el, '#iin'), LISTED);
    submit(el);
    await until(el, () => !!root(el).querySelector('#code'), 'code step');
    expect(starts).to.have.length(1);
    expect(starts[0]).to.not.have.property('phone');
    expect(q(el, '#code-sent-to').textContent).to.include('+7 7•• ••• •• 01');
    expect(q<HTMLInputElement>(el, '#code').getAttribute('aria-describedby')).to.include('code-sent-to');
    expect(active(el)).to.equal(q(el, '#code'));
    expect(text(el)).to.include('Change IIN');
    await axe(el);
    q<HTMLInputElement>(el, '#code').value = '123456';
    submit(el);
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot');
  });

  it('an IIN not on the list: says so next to the field, with whom to contact, and focuses the field', async () => {
    await setup({ identity: 'voter_list' });
    const el = await mount(recording().backend, 'ru');
    type(q<HTMLInputElement>(el, '#iin'), UNLISTED_IIN);
    submit(el);
    await until(el, () => q<HTMLInputElement>(el, '#iin').getAttribute('aria-invalid') === 'true', 'refused');
    expect(q(el, '#iin-status').textContent).to.include('нет в списке избирателей');
    expect(q(el, '#iin-status').textContent).to.include('проектный центр');
    expect(active(el)).to.equal(q(el, '#iin'));
    expect(root(el).querySelector('#code')).to.equal(null);
    await axe(el);
  });

  it('a cycle that is no longer current: the step error says so in words of its own, not a generic error', async () => {
    await setup({ identity: 'voter_list' });
    const { backend } = recording();
    const stale: Backend = Object.assign(Object.create(backend) as Backend, {
      startVerification: () =>
        Promise.reject(new QalaError('server', 'validation_failed', 'this cycle is not the current one', 400, [{ path: ['cycleId'], message: 'cycle.not_current' }])),
    });
    const el = await mount(stale, 'kk');
    type(q<HTMLInputElement>(el, '#iin'), LISTED);
    submit(el);
    await until(el, () => !!root(el).querySelector('#step-error'), 'the step error');
    expect(q(el, '#step-error').textContent).to.include('ағымдағы емес');
    expect(active(el)).to.equal(q(el, '#step-error'));
    await axe(el);
  });

  it('fits 360 px and resends to the same masked phone', async () => {
    await setViewport({ width: 360, height: 740 });
    const { use } = await setup({ identity: 'voter_list' });
    const el = await mount(recording().backend, 'kk');
    fits(el, 'identify');
    type(q<HTMLInputElement>(el, '#iin'), LISTED);
    submit(el);
    await until(el, () => !!root(el).querySelector('#code'), 'code step');
    fits(el, 'code');
    expect(q(el, 'form button.link').getBoundingClientRect().height, 'a finger\'s target (24 px): change the IIN').to.be.at.least(24);
    expect(q(el, '#code-sent-to').textContent).to.include('+7 7•• ••• •• 01');
    use(
      http.post(`${API}/cities/aksu/verification/:id/resend`, ({ params }) =>
        HttpResponse.json({ challengeId: String(params.id), expiresAt: new Date(Date.now() + 300_000).toISOString(), resendAt: new Date(Date.now() + 60_000).toISOString(), codeLength: 6, attemptsLeft: 5, phoneHint: '01', phoneMask: '+7 7•• ••• •• 01' }),
      ),
    );
    (el as unknown as { verification: { step: { challenge: { resendAt: string } } } }).verification.step.challenge.resendAt = new Date(Date.now() - 1000).toISOString();
    el.requestUpdate();
    await el.updateComplete;
    q<HTMLButtonElement>(el, '#resend').click();
    await until(el, () => text(el).includes('Жаңа код +7 7•• ••• •• 01 нөміріне жіберілді'), 'resent, masked');
  });
});

describe('<qala-ballot> verification by census and by phone only', () => {
  it('census: asks for the registered phone; an IIN not in the register, a phone that is not the registered one, a register that is down', async () => {
    const { use } = await setup({ identity: 'census' });
    const el = await mount(recording().backend);
    expect(q(el, '#phone-hint').textContent).to.include('registered for your IIN');
    expect(root(el).querySelector('[part=identity-statement]')).to.equal(null);
    await axe(el);

    type(q<HTMLInputElement>(el, '#iin'), UNLISTED_IIN);
    q<HTMLInputElement>(el, '#phone').value = REGISTERED_PHONE;
    submit(el);
    await until(el, () => q<HTMLInputElement>(el, '#iin').getAttribute('aria-invalid') === 'true', 'IIN refused');
    expect(q(el, '#iin-status').textContent).to.include('register of residents does not list this IIN');

    type(q<HTMLInputElement>(el, '#iin'), LISTED);
    q<HTMLInputElement>(el, '#phone').value = '+7 701 234 56 78';
    submit(el);
    await until(el, () => q<HTMLInputElement>(el, '#phone').getAttribute('aria-invalid') === 'true', 'phone refused');
    expect(q(el, '#phone-error').textContent).to.include('not the number registered for your IIN');
    expect(active(el)).to.equal(q(el, '#phone'));
    await axe(el);

    use(
      http.post(`${API}/cities/aksu/verification`, () =>
        HttpResponse.json({ code: 'unavailable', message: 'register down', details: { retryAfter: 60, issues: [{ path: [], message: 'identity.unavailable' }] } }, { status: 503 }),
      ),
    );
    q<HTMLInputElement>(el, '#phone').value = REGISTERED_PHONE;
    submit(el);
    await until(el, () => !!root(el).querySelector('#step-error'), 'register down');
    expect(q(el, '#step-error').textContent).to.include('register of residents cannot be checked right now');
    expect(active(el)).to.equal(q(el, '#step-error'));
    await axe(el);
  });

  it('census: the registered phone gets the code', async () => {
    await setup({ identity: 'census' });
    const el = await mount(recording().backend);
    type(q<HTMLInputElement>(el, '#iin'), LISTED);
    q<HTMLInputElement>(el, '#phone').value = REGISTERED_PHONE;
    submit(el);
    await until(el, () => !!root(el).querySelector('#code'), 'code step');
    expect(q(el, '#code-sent-to').textContent).to.include('…0001');
  });

  it('phone only: a phone that has already verified another voter is refused once its code is right, in words that say what to do; another phone goes on', async () => {
    await setup({});
    const { backend } = recording();
    // Someone else verified with this phone first (the mock, as the server, links a phone to one voter a cycle).
    const first = await backend.startVerification({ cycleId: CYCLE, iin: UNLISTED_IIN, phone: '+77015550123' });
    await backend.confirmCode(first.challengeId, { code: '123456' });
    const el = await mount(backend);
    /** The IIN and a phone, then the right code. */
    const identify = async (phone: string) => {
      type(q<HTMLInputElement>(el, '#iin'), ADULT);
      q<HTMLInputElement>(el, '#phone').value = phone;
      submit(el);
      await until(el, () => !!root(el).querySelector('#code'), `code step for ${phone}`);
      q<HTMLInputElement>(el, '#code').value = '123456';
      submit(el);
    };
    await identify('+7 701 555 01 23');
    await until(el, () => !!root(el).querySelector('#step-error'), 'refused');
    expect(q(el, '#step-error').textContent).to.include('already confirmed as many voters as this city allows');
    expect(q(el, '#step-error').textContent).to.not.include('You cannot vote in this city');
    expect(active(el)).to.equal(q(el, '#step-error'));
    await axe(el);

    qa<HTMLButtonElement>(el, 'button').find((b) => b.textContent!.includes('Change IIN or number'))!.click();
    await until(el, () => !!root(el).querySelector('#iin'), 'identify again');
    await identify('+7 701 555 01 24');
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot');
  });

  for (const [lang, words] of [
    ['kk', 'телефонның сізде екенін ғана'],
    ['ru', 'подтверждает телефон, а не то, кто вы'],
    ['en', 'proves you have the phone, not who you are'],
  ] as const) {
    it(`phone only: says plainly, in ${lang}, that only the phone is checked`, async () => {
      await setup({});
      const el = await mount(recording().backend, lang);
      expect(q(el, '[part=identity-statement]').textContent).to.include(words);
      expect(root(el).querySelector('#phone')).to.not.equal(null);
      await axe(el);
    });
  }
});

// ——— signing in with an identity provider (a stubbed Backend: the real protocol is tested end to end) ———

const API_ORIGIN = 'https://api.example.kz';

interface FakePopup {
  location: { href: string };
  closed: boolean;
  close(): void;
}

function signInBackend(confirm: (id: string, input: VerificationConfirm) => Promise<VoterSession>, start?: (input: OidcStartInput) => Promise<unknown>) {
  const real = new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 });
  const starts: OidcStartInput[] = [];
  const confirms: [string, VerificationConfirm][] = [];
  let n = 0;
  const backend: Backend = Object.assign(Object.create(real) as Backend, {
    apiOrigin: () => API_ORIGIN,
    startSignIn: async (input: OidcStartInput) => {
      starts.push(input);
      if (start) await start(input);
      n++;
      return { challengeId: `ch-${n}`, authorizationUrl: `https://idp.example.kz/auth?state=s${n}`, expiresAt: new Date(Date.now() + 600_000).toISOString() };
    },
    confirmCode: (id: string, input: VerificationConfirm) => {
      confirms.push([id, input]);
      return confirm(id, input);
    },
  });
  return { backend, starts, confirms };
}
/** What the server's callback hands the browser the provider sent back (its message, or the fragment back); confirming needs it. */
const PROOF = 'pr00f_0123456789abcdefghijklmnopqrstuvwxyzAB';
const refusedProof = () => new QalaError('server', 'forbidden', 'no proof', 403, [{ path: [], message: 'identity.oidc_invalid' }]);
/** Confirms as the server does: only with the proof. */
const withProof = (input: VerificationConfirm, answer: () => Promise<VoterSession>) => (input.proof === PROOF ? answer() : Promise.reject(refusedProof()));
const session = (receipt: VoterSession['receipt'] = null): VoterSession => ({ token: 'tok_test', expiresAt: new Date(Date.now() + 600_000).toISOString(), cycleId: CYCLE, receipt });
const pending = () => new QalaError('server', 'conflict', 'the sign-in has not finished yet', 409, [{ path: [], message: 'identity.sign_in_pending' }]);
function post(data: unknown, origin = API_ORIGIN) {
  window.dispatchEvent(new MessageEvent('message', { data, origin }));
}

describe('<qala-ballot> verification by signing in', () => {
  const realOpen = window.open;
  let popups: FakePopup[];
  let opened: unknown[][];
  beforeEach(async () => {
    popups = [];
    opened = [];
    window.open = ((...args: unknown[]) => {
      opened.push(args);
      const popup: FakePopup = { location: { href: '' }, closed: false, close: () => void (popup.closed = true) };
      popups.push(popup);
      return popup as unknown as Window;
    }) as typeof window.open;
    await setup({ identity: 'oidc' });
  });
  afterEach(() => {
    window.open = realOpen;
    return setViewport({ width: 800, height: 600 });
  });

  it('opens the provider in a popup, waits, and continues to the ballot when the sign-in window reports back with its proof', async () => {
    const { backend, starts, confirms } = signInBackend((_id, input) => withProof(input, async () => session()));
    const el = await mount(backend);
    expect(root(el).querySelector('#iin'), 'no IIN field').to.equal(null);
    const button = q<HTMLButtonElement>(el, '#sign-in');
    expect(button.textContent).to.include('Sign in with eGov');
    await axe(el);
    button.click();
    await until(el, () => heading(el) === 'Finish signing in', 'waiting');
    expect(opened[0]!.slice(1)).to.deep.equal(['qala-sign-in', 'popup,width=520,height=720']);
    expect(popups[0]!.location.href).to.equal('https://idp.example.kz/auth?state=s1');
    expect(starts[0]).to.deep.equal({ cycleId: CYCLE, returnTo: location.href.split('#')[0], mode: 'popup' });
    expect(active(el)).to.equal(q(el, '[data-step-heading]'));
    expect(text(el)).to.include('in the window that opened');
    await axe(el);

    // Not from the server's origin, or not this sign-in: ignored.
    post({ type: 'qala-oidc', challengeId: 'ch-1', outcome: 'done', proof: 'evil_0123456789abcdefghijklmnop' }, 'https://evil.example');
    post({ type: 'qala-oidc', challengeId: 'ch-other', outcome: 'done', proof: PROOF });
    await el.updateComplete;
    expect(confirms).to.have.length(0);

    post({ type: 'qala-oidc', challengeId: 'ch-1', outcome: 'done', proof: PROOF });
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot');
    expect(confirms).to.deep.equal([['ch-1', { proof: PROOF }]]);
    expect(location.href.includes(PROOF), 'the proof never reaches the address').to.equal(false);
    expect(active(el)).to.equal(q(el, '[data-step-heading]'));
  });

  it('a sign-in not finished yet: says so; "continue" tries again, "open again" starts a new sign-in', async () => {
    let answer: () => Promise<VoterSession> = () => Promise.reject(pending());
    const { backend, starts, confirms } = signInBackend((_id, input) => answer().then((s) => withProof(input, async () => s)));
    const el = await mount(backend, 'ru');
    q<HTMLButtonElement>(el, '#sign-in').click();
    await until(el, () => !!root(el).querySelector('#sign-in-continue'), 'waiting');
    q<HTMLButtonElement>(el, '#sign-in-continue').click();
    await until(el, () => !!root(el).querySelector('#step-error'), 'pending');
    expect(q(el, '#step-error').textContent).to.include('Вход ещё не завершён');
    expect(active(el)).to.equal(q(el, '#step-error'));
    expect(q(el, '#sign-in-again').textContent).to.include('Открыть вход снова');
    await axe(el);

    q<HTMLButtonElement>(el, '#sign-in-again').click();
    await until(el, () => starts.length === 2 && !!root(el).querySelector('#sign-in-continue'), 'a new sign-in');
    expect(popups[0]!.closed, 'the old window closed').to.equal(true);
    expect(popups[1]!.location.href).to.equal('https://idp.example.kz/auth?state=s2');

    // The new sign-in finishes: its window reports back with the proof, and the ballot follows.
    answer = async () => session();
    post({ type: 'qala-oidc', challengeId: 'ch-2', outcome: 'done', proof: PROOF });
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot');
    expect(confirms).to.deep.equal([
      ['ch-1', {}],
      ['ch-2', { proof: PROOF }],
    ]);
  });

  it('"continue" without the proof (the sign-in window never reported back): refused as the server refuses it, and the sign-in can start again', async () => {
    const { backend, confirms } = signInBackend((_id, input) => withProof(input, async () => session()));
    const el = await mount(backend);
    q<HTMLButtonElement>(el, '#sign-in').click();
    await until(el, () => !!root(el).querySelector('#sign-in-continue'), 'waiting');
    q<HTMLButtonElement>(el, '#sign-in-continue').click();
    await until(el, () => !!root(el).querySelector('#step-error'), 'refused');
    expect(q(el, '#step-error').textContent).to.include('could not be confirmed');
    expect(root(el).querySelector('#sign-in')).to.not.equal(null);
    expect(root(el).querySelector('[part=pool]')).to.equal(null);
    expect(confirms).to.deep.equal([['ch-1', {}]]);
    await axe(el);
  });

  for (const [issue, status, code, words] of [
    ['identity.oidc_denied', 403, 'forbidden', 'cancelled or refused'],
    ['identity.oidc_claim_missing', 403, 'forbidden', 'did not give us your IIN'],
    ['identity.oidc_unavailable', 403, 'forbidden', 'Signing in with eGov is not available'],
    ['identity.oidc_invalid', 403, 'forbidden', 'could not be confirmed'],
    ['identity.expired', 403, 'forbidden', 'has expired'],
    ['identity.not_eligible', 403, 'not_eligible', 'you may not vote in this city'],
    [null, 410, 'code_expired', 'took too long'],
  ] as const) {
    it(`a refused sign-in (${issue ?? code}): a clear message and the sign-in button again`, async () => {
      const { backend } = signInBackend(() => Promise.reject(new QalaError('server', code, 'refused', status, issue ? [{ path: [], message: issue }] : [])));
      const el = await mount(backend);
      q<HTMLButtonElement>(el, '#sign-in').click();
      await until(el, () => !!root(el).querySelector('#sign-in-continue'), 'waiting');
      post({ type: 'qala-oidc', challengeId: 'ch-1', outcome: 'x', proof: PROOF });
      await until(el, () => !!root(el).querySelector('#step-error'), 'refused');
      expect(q(el, '#step-error').textContent).to.include(words);
      expect(root(el).querySelector('#sign-in')).to.not.equal(null);
      expect(active(el)).to.equal(q(el, '#step-error'));
      await axe(el);
    });
  }

  it('a blocked popup: starts in redirect mode instead; a provider that is down is said so', async () => {
    window.open = (() => null) as typeof window.open;
    const { backend, starts } = signInBackend(
      async () => session(),
      () => Promise.reject(new QalaError('server', 'unavailable', 'down', 503, [{ path: [], message: 'identity.unavailable' }])),
    );
    const el = await mount(backend, 'kk');
    q<HTMLButtonElement>(el, '#sign-in').click();
    await until(el, () => !!root(el).querySelector('#step-error'), 'unavailable');
    expect(starts[0]!.mode).to.equal('redirect');
    expect(q(el, '#step-error').textContent).to.include('Кіру қызметі қазір қолжетімсіз');
    await axe(el);
  });

  it('back from the provider by redirect: takes #qala-oidc and its proof from the address, removes them, and continues', async () => {
    const before = location.pathname + location.search;
    const length = history.length;
    history.replaceState(history.state, '', `${before}#qala-oidc=ch-back&proof=${PROOF}`);
    const { backend, confirms } = signInBackend((_id, input) => withProof(input, async () => session()));
    const el = await fixture<QalaBallot>(html`<qala-ballot lang="en" .backend=${backend}></qala-ballot>`);
    expect(location.hash, 'fragment removed at once').to.equal('');
    expect(location.href.includes(PROOF)).to.equal(false);
    expect(history.length, 'replaced, not pushed').to.equal(length);
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot');
    expect(confirms).to.deep.equal([['ch-back', { proof: PROOF }]]);
  });

  it('fits 360 px in every sign-in state', async () => {
    await setViewport({ width: 360, height: 740 });
    const { backend } = signInBackend(() => Promise.reject(pending()));
    const el = await mount(backend, 'kk');
    fits(el, 'sign-in');
    q<HTMLButtonElement>(el, '#sign-in').click();
    await until(el, () => !!root(el).querySelector('#sign-in-continue'), 'waiting');
    q<HTMLButtonElement>(el, '#sign-in-continue').click();
    await until(el, () => !!root(el).querySelector('#step-error'), 'pending');
    fits(el, 'waiting');
    await axe(el);
  });
});

describe('<qala-ballot> a second device', () => {
  it('continues from the stored ballot where re-voting is allowed', async () => {
    await setup({ identity: 'voter_list' });
    const el = await mount(recording().backend);
    const verify = async () => {
      await until(el, () => !!root(el).querySelector('#iin'), 'identify');
      type(q<HTMLInputElement>(el, '#iin'), LISTED);
      submit(el);
      await until(el, () => !!root(el).querySelector('#code'), 'code');
      q<HTMLInputElement>(el, '#code').value = '123456';
      submit(el);
    };
    await verify();
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot');
    const boxes = () => qa<HTMLInputElement>(el, '[part=card] input[type=checkbox]');
    boxes()[1]!.click();
    boxes()[2]!.click();
    await el.updateComplete;
    const chosen = boxes().filter((b) => b.checked).map((b) => b.id);
    expect(chosen).to.have.length(2);
    q<HTMLButtonElement>(el, '.actions button.primary').click();
    await until(el, () => !!root(el).querySelector('[part=submit-button]'), 'review');
    q<HTMLButtonElement>(el, '[part=submit-button]').click();
    await until(el, () => !!root(el).querySelector('[part=receipt]'), 'done');

    // Another device: nothing of this one's draft, the same person proven again.
    qa<HTMLButtonElement>(el, 'button').find((b) => b.textContent!.includes('Someone else will vote'))!.click();
    await verify();
    await until(el, () => heading(el) === 'You have already voted', 'voted');
    qa<HTMLButtonElement>(el, 'button').find((b) => b.textContent!.includes('Change my vote'))!.click();
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot again');
    expect(boxes().filter((b) => b.checked).map((b) => b.id)).to.deep.equal(chosen);
  });
});

describe('<qala-ballot> the residence step (Rudny) with every method', () => {
  const geo = navigator.geolocation;
  const original = geo.getCurrentPosition;
  const realOpen = window.open;
  const AT = { lat: 52.96, lng: 63.11 };
  beforeEach(() => {
    geo.getCurrentPosition = (ok) => ok({ coords: { latitude: AT.lat, longitude: AT.lng, accuracy: 20 } } as GeolocationPosition);
  });
  afterEach(() => {
    geo.getCurrentPosition = original;
    window.open = realOpen;
  });
  const rudny = (backend: Backend) => fixture<QalaBallot>(html`<qala-ballot lang="en" .backend=${backend}></qala-ballot>`);
  async function share(el: QalaBallot) {
    await until(el, () => heading(el) === 'Confirm that you are in the city', 'location step');
    q<HTMLButtonElement>(el, 'button.primary').click();
    await until(el, () => !!root(el).querySelector('[data-identity]'), 'verification step');
  }

  it('voter list: the location goes with the request for a code, not with the code', async () => {
    const { state } = await mockApi({ identity: 'voter_list' });
    state.configs.get('rudny')!.cycle.id = 'rudny-identity';
    const real = new HttpBackend({ baseUrl: API, city: 'rudny', retries: 0 });
    const starts: VerificationStart[] = [];
    const confirms: VerificationConfirm[] = [];
    const backend: Backend = Object.assign(Object.create(real) as Backend, {
      startVerification: (input: VerificationStart) => (starts.push(input), real.startVerification(input)),
      confirmCode: (id: string, input: VerificationConfirm) => (confirms.push(input), real.confirmCode(id, input)),
    });
    const el = await rudny(backend);
    await share(el);
    type(q<HTMLInputElement>(el, '#iin'), LISTED);
    submit(el);
    await until(el, () => !!root(el).querySelector('#code'), 'code');
    q<HTMLInputElement>(el, '#code').value = '123456';
    submit(el);
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot');
    expect(starts.map((s) => s.location)).to.deep.equal([AT]);
    expect(confirms).to.deep.equal([{ code: '123456' }]);
  });

  it('a position outside the city is refused before any code is sent, and the resident can share it again', async () => {
    const { state } = await mockApi({ identity: 'voter_list' });
    state.configs.get('rudny')!.cycle.id = 'rudny-identity';
    const el = await rudny(new HttpBackend({ baseUrl: API, city: 'rudny', retries: 0 }));
    const OUT = { lat: 43.24, lng: 76.89 };
    geo.getCurrentPosition = (ok) => ok({ coords: { latitude: OUT.lat, longitude: OUT.lng, accuracy: 20 } } as GeolocationPosition);
    await share(el);
    type(q<HTMLInputElement>(el, '#iin'), LISTED);
    submit(el);
    await until(el, () => heading(el) === 'Confirm that you are in the city' && !!root(el).querySelector('#step-error'), 'back to the location step');
    expect(state.sentCodes.length, 'no SMS spent on a refused resident').to.equal(0);
    expect(q(el, '#step-error').textContent).to.match(/outside|city/i);
    await expect(el).to.be.accessible();
    // Shared again, from inside the city: on to the code and the ballot.
    geo.getCurrentPosition = (ok) => ok({ coords: { latitude: AT.lat, longitude: AT.lng, accuracy: 20 } } as GeolocationPosition);
    q<HTMLButtonElement>(el, 'button.primary').click();
    await until(el, () => !!root(el).querySelector('[data-identity]'), 'verification step again');
    type(q<HTMLInputElement>(el, '#iin'), LISTED);
    submit(el);
    await until(el, () => !!root(el).querySelector('#code'), 'code');
    expect(state.sentCodes.length).to.equal(1);
    q<HTMLInputElement>(el, '#code').value = '123456';
    submit(el);
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot');
  });

  it('sign-in: the location goes with the confirmation; a refused location sends the resident back to it, then on', async () => {
    window.open = (() => ({ location: { href: '' }, closed: false, close() {} })) as unknown as typeof window.open;
    const { state } = await mockApi({ identity: 'oidc' });
    state.configs.get('rudny')!.cycle.id = 'rudny-identity';
    const real = new HttpBackend({ baseUrl: API, city: 'rudny', retries: 0 });
    const confirms: [string, VerificationConfirm][] = [];
    let outside = true;
    const backend: Backend = Object.assign(Object.create(real) as Backend, {
      apiOrigin: () => API_ORIGIN,
      startSignIn: async () => ({ challengeId: 'ch-r', authorizationUrl: 'https://idp.example.kz/auth', expiresAt: new Date(Date.now() + 600_000).toISOString() }),
      confirmCode: async (id: string, input: VerificationConfirm) => {
        confirms.push([id, input]);
        if (input.proof !== PROOF) throw refusedProof();
        if (outside) throw new QalaError('server', 'not_eligible', 'outside', 403, [{ path: ['location'], message: 'location.outside' }]);
        return { ...session(), cycleId: 'rudny-identity' };
      },
    });
    const el = await rudny(backend);
    await share(el);
    q<HTMLButtonElement>(el, '#sign-in').click();
    await until(el, () => !!root(el).querySelector('#sign-in-continue'), 'waiting');
    post({ type: 'qala-oidc', challengeId: 'ch-r', outcome: 'done', proof: PROOF });
    await until(el, () => heading(el) === 'Confirm that you are in the city' && !!root(el).querySelector('#step-error'), 'back to the location step');
    expect(q(el, '#step-error').textContent).to.include('outside the city');
    outside = false;
    q<HTMLButtonElement>(el, 'button.primary').click();
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot');
    // The proof is kept (in memory) through the residence step: the confirmation after it carries it too.
    expect(confirms).to.deep.equal([
      ['ch-r', { location: AT, proof: PROOF }],
      ['ch-r', { location: AT, proof: PROOF }],
    ]);
  });

  it('sign-in that came back by redirect: the residence step first, then the sign-in continues', async () => {
    const { state } = await mockApi({ identity: 'oidc' });
    state.configs.get('rudny')!.cycle.id = 'rudny-identity';
    const real = new HttpBackend({ baseUrl: API, city: 'rudny', retries: 0 });
    const confirms: [string, VerificationConfirm][] = [];
    const backend: Backend = Object.assign(Object.create(real) as Backend, {
      confirmCode: async (id: string, input: VerificationConfirm) => (confirms.push([id, input]), { ...session(), cycleId: 'rudny-identity' }),
    });
    history.replaceState(history.state, '', `${location.pathname}${location.search}#qala-oidc=ch-back&proof=${PROOF}`);
    const el = await rudny(backend);
    expect(location.hash).to.equal('');
    await until(el, () => heading(el) === 'Confirm that you are in the city', 'location step');
    expect(confirms).to.have.length(0);
    q<HTMLButtonElement>(el, 'button.primary').click();
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot');
    expect(confirms).to.deep.equal([['ch-back', { location: AT, proof: PROOF }]]);
  });
});
