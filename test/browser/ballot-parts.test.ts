import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { Backend } from '../../src/client/backend.js';
import { HttpBackend } from '../../src/client/http-backend.js';
import { outboxKey, type OutboxEntry, type OutboxStorage } from '../../src/client/outbox.js';
import type { VerificationConfirm, VoterSession } from '../../src/contract/index.js';
import { formatInstant } from '../../src/domain/city-time.js';
import type { MockOptions, MockState } from '../../src/mock/handlers.js';
import '../../src/widgets/ballot/define.js';
import type { QalaBallot } from '../../src/widgets/ballot/ballot.js';
import { ballotParts, type BallotParts } from '../../src/widgets/ballot/parts.js';
import type { Catalogue, Catalogues } from '../../src/ui/localize.js';
import type { SentMessages, VoteMessages } from '../../src/widgets/ballot/messages.js';
import ballotKk from '../../src/widgets/ballot/messages/kk.js';
import ballotRu from '../../src/widgets/ballot/messages/ru.js';
import ballotEn from '../../src/widgets/ballot/messages/en.js';
import sentKk from '../../src/widgets/ballot/messages/sent/kk.js';
import sentRu from '../../src/widgets/ballot/messages/sent/ru.js';
import sentEn from '../../src/widgets/ballot/messages/sent/en.js';
import voteKk from '../../src/widgets/ballot/messages/vote/kk.js';
import { active, ADULT, announced, button, clearOutbox, heading, q, qa, root, text, type, until, verifyByCode, gate, expectBallotStepLoading, waitUntil } from './support/dom.js';
import { mockApi } from './support/msw.js';

const API = '/api/v1';
const CYCLE = 'aksu-parts';
/** Forgets this file's outbox entries only: other test files run alongside in the same browser and share IndexedDB. */
const clearOwn = () => clearOutbox(CYCLE);
const offline = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));

async function mount(parts: BallotParts, lang = 'ru', backend: Backend = new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 })) {
  return fixture<QalaBallot>(html`<qala-ballot lang=${lang} .parts=${parts} .backend=${backend} .retryDelays=${[60_000]}></qala-ballot>`);
}
/** A fresh mock API whose cycle is this file's own (its outbox keys meet no other file's), this file's old entries forgotten. */
async function setup(options?: MockOptions) {
  const api = await mockApi(options);
  api.state.configs.get('aksu')!.cycle.id = CYCLE;
  await clearOwn();
  return api;
}
async function verify(el: QalaBallot) {
  await verifyByCode(el);
  await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot step');
}

describe('<qala-ballot> parts in modules of their own', () => {
  let state: MockState;
  beforeEach(async () => {
    ({ state } = await setup());
  });

  it('fetches the SMS code step once the IIN form is drawn; a code that comes first shows the step heading, then focus goes to the field', async () => {
    let asked = 0;
    const held = gate();
    const el = await mount({ ...ballotParts, code: () => (asked++, held.opened.then(() => ballotParts.code())) });
    await until(el, () => !!root(el).querySelector('#iin'), 'identify step');
    await until(el, () => asked === 1, 'the code step asked for once the form is drawn');
    type(q<HTMLInputElement>(el, '#iin'), ADULT);
    q<HTMLInputElement>(el, '#phone').value = '+7 701 234 56 78';
    q<HTMLButtonElement>(el, 'form button[type=submit]').click();
    await until(el, () => heading(el) === 'Введите код из SMS', 'code step heading while its part is on its way');
    expect(root(el).querySelector('#code')).to.equal(null);
    expect(root(el).querySelector('[data-part="code"] [data-part-status]')).to.not.equal(null);
    expect(active(el)?.hasAttribute('data-step-heading')).to.equal(true);
    await expect(el).to.be.accessible();
    held.open();
    await until(el, () => active(el)?.id === 'code', 'focus on the code field once the part is here');
    expect(asked).to.equal(1);
    q<HTMLInputElement>(el, '#code').value = '123456';
    q<HTMLButtonElement>(el, 'form button[type=submit]').click();
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot step');
  });

  it('an SMS code step that cannot load says so with a retry, which brings the field and focuses it', async () => {
    const parts: BallotParts = { ...ballotParts, code: offline };
    const el = await mount(parts, 'en');
    await until(el, () => !!root(el).querySelector('#iin'), 'identify step');
    type(q<HTMLInputElement>(el, '#iin'), ADULT);
    q<HTMLInputElement>(el, '#phone').value = '+7 701 234 56 78';
    q<HTMLButtonElement>(el, 'form button[type=submit]').click();
    await until(el, () => !!root(el).querySelector('[data-part="code"] [role=alert]'), 'code step: load error');
    expect(heading(el)).to.equal('Enter the code from the SMS');
    await expect(el).to.be.accessible();
    parts.code = ballotParts.code;
    const retry = button(el, 'Try again');
    retry.focus();
    retry.click();
    await until(el, () => active(el)?.id === 'code', 'code field after retry, focused');
  });

  it('fetches the ranking as soon as the config says the ballot is ranked, without holding up the first step', async () => {
    state.configs.get('aksu')!.cycle.ballot = { kind: 'ranked', maxRanks: 3 };
    let asked = 0;
    let arrive!: () => void;
    const held = new Promise<void>((resolve) => (arrive = resolve));
    const el = await mount({ ...ballotParts, ranking: () => (asked++, held.then(() => ballotParts.ranking())) });
    await until(el, () => heading(el) === 'Кто голосует', 'verify step while the ranking is on its way');
    expect(asked).to.equal(1);
    arrive();
    await verify(el);
    await until(el, () => !!root(el).querySelector('[part=ranking], .ranking-box .muted'), 'ranking');
  });

  it('does not fetch the ranking for a ballot of another rule', async () => {
    let asked = 0;
    const el = await mount({ ...ballotParts, ranking: () => (asked++, ballotParts.ranking()) });
    await verify(el);
    expect(asked).to.equal(0);
    expect(root(el).querySelector('.ranking-box')).to.equal(null);
  });

  it('a ranking that cannot load says so with a retry; the picks stay and the retry brings it', async () => {
    state.configs.get('aksu')!.cycle.ballot = { kind: 'ranked', maxRanks: 3 };
    const parts: BallotParts = { ...ballotParts, ranking: offline };
    const el = await mount(parts);
    await verify(el);
    await until(el, () => text(el).includes('Эта часть не загрузилась'), 'ranking load error');
    expect(q(el, '.ranking-box [role=alert]')).to.exist;
    // Choosing goes on without it.
    const boxes = qa<HTMLInputElement>(el, '[part=card] input[type=checkbox]');
    boxes[1]!.click();
    boxes[0]!.click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
    parts.ranking = ballotParts.ranking;
    const retry = button(el, 'Повторить');
    retry.focus();
    retry.click();
    await until(el, () => !!root(el).querySelector('[part=ranking]'), 'ranking after retry');
    // Both picks, in the order they were ticked; focus went on to the ranking's heading.
    expect(qa(el, '[part=ranking] li').length).to.equal(2);
    expect(active(el)?.matches('.ranking-box h4')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('a receipt check that cannot load says so with a retry, in the verification step', async () => {
    const parts: BallotParts = { ...ballotParts, receiptCheck: offline };
    const el = await mount(parts, 'en');
    await until(el, () => !!root(el).querySelector('details.check-details'), 'verify step');
    const details = q<HTMLDetailsElement>(el, 'details.check-details');
    details.open = true;
    await until(el, () => text(el).includes('This part did not load'), 'receipt check load error');
    await expect(el).to.be.accessible();
    parts.receiptCheck = ballotParts.receiptCheck;
    const retry = button(el, 'Try again');
    retry.focus();
    retry.click();
    await until(el, () => !!root(el).querySelector('#receipt-code'), 'receipt form after retry');
    expect(active(el)?.id).to.equal('receipt-code');
  });
});

describe("<qala-ballot> the receipt check's and the sign-in's texts, catalogues of their own", () => {
  /** A part's catalogues that fail until `online` is set, and say which languages were asked. */
  function flaky<M extends Catalogue>(real: Catalogues<M>) {
    const state = { online: false, asked: [] as string[] };
    const ask = (lang: 'kk' | 'ru' | 'en') => () => (state.asked.push(lang), state.online ? (real[lang] as () => Promise<{ default: M }>)() : offline());
    return { texts: { kk: ask('kk'), ru: ask('ru'), en: ask('en') } as Catalogues<M>, state };
  }

  it("receipt check: its texts come with it in the widget's language; when they cannot, it says so with a retry", async () => {
    await setup();
    const texts = flaky(ballotParts.receiptTexts);
    const el = await mount({ ...ballotParts, receiptTexts: texts.texts }, 'en');
    await until(el, () => !!root(el).querySelector('details.check-details'), 'verify step');
    q<HTMLDetailsElement>(el, 'details.check-details').open = true;
    await until(el, () => text(el).includes('This part did not load'), 'receipt check load error');
    expect(texts.state.asked.every((lang) => lang === 'en')).to.equal(true);
    texts.state.online = true;
    const retry = button(el, 'Try again');
    retry.focus();
    retry.click();
    await until(el, () => !!root(el).querySelector('#receipt-code'), 'receipt form after retry');
    expect(q(el, 'label[for=receipt-code]').textContent).to.equal('Receipt code');
    expect(active(el)?.id).to.equal('receipt-code');
  });

  it("sign-in: its texts come with it in the widget's language; when they cannot, it says so with a retry, which brings the button", async () => {
    await mockApi({ identity: 'oidc' });
    await clearOwn();
    const texts = flaky(ballotParts.signInTexts);
    const el = await mount({ ...ballotParts, signInTexts: texts.texts }, 'kk');
    await until(el, () => !!root(el).querySelector('[data-part="sign-in"] [role=alert]'), 'sign-in load error');
    expect(text(el)).to.include('Бұл бөлім жүктелмеді');
    expect(texts.state.asked.every((lang) => lang === 'kk')).to.equal(true);
    await expect(el).to.be.accessible();
    texts.state.online = true;
    const retry = button(el, 'Қайталау');
    retry.focus();
    retry.click();
    await until(el, () => !!root(el).querySelector('#sign-in'), 'sign-in after retry');
    expect(q(el, '#sign-in').textContent!.trim()).to.not.equal('');
    expect(active(el)?.id).to.equal('sign-in');
  });
});

describe('<qala-ballot> the vote part (choices, rules, review)', () => {
  let state: MockState;
  beforeEach(async () => {
    ({ state } = await setup());
  });

  it('is fetched as the first step shows, without holding it up; a resident verified before it came sees the ballot step loading, then the ballot', async () => {
    let asked = 0;
    const held = gate();
    const el = await mount({ ...ballotParts, vote: () => (asked++, held.opened.then(() => ballotParts.vote())) });
    await until(el, () => heading(el) === 'Кто голосует', 'verify step while the vote part is on its way');
    await until(el, () => asked === 1, 'vote part asked for once the first step shows');
    await verifyByCode(el);
    await expectBallotStepLoading(el);
    held.open();
    await until(el, () => qa(el, '[part=card]').length > 0, 'vote part arrives');
    expect(q(el, '[part=step]').getAttribute('aria-busy')).to.equal('false');
    // Its styles came with it: the meter stays in view while scrolling, the cards are a grid.
    expect(getComputedStyle(q(el, '[part=meter]')).position).to.equal('sticky');
    expect(getComputedStyle(q(el, '.cards')).display).to.equal('grid');
    // The heading is the same element: focus stayed on it, and the rule is announced.
    expect(active(el)?.hasAttribute('data-step-heading')).to.equal(true);
    await announced(el, 'Выберите');
    expect(asked).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('a vote part whose background fetch failed is asked for once more when the ballot step is reached: no retry to press when the connection is back', async () => {
    let asked = 0;
    const el = await mount({ ...ballotParts, vote: () => (++asked === 1 ? offline() : ballotParts.vote()) });
    await until(el, () => asked === 1, 'fetched as the first step shows');
    await verifyByCode(el);
    await until(el, () => qa(el, '[part=card]').length > 0, 'the ballot, fetched again on reaching it');
    expect(asked).to.equal(2);
    expect(text(el)).to.not.include('Эта часть не загрузилась');
    expect(active(el)?.hasAttribute('data-step-heading')).to.equal(true);
  });

  it('a vote part that cannot load: "already voted" still shows; the ballot step says so with a retry, which brings the ballot with the stored picks, without verifying again', async () => {
    const config = state.configs.get('aksu')!;
    state.ballots.set(`aksu-parts:${ADULT}`, {
      input: { cycleId: 'aksu-parts', choices: [{ poolId: 'city', picks: [{ projectId: 'aksu-2' }] }] },
      receipt: { receiptCode: 'K7QM-2HXP-9TRW-4DNB', cycleId: 'aksu-parts', castAt: formatInstant(new Date(), config.city.timeZone), changeableUntil: config.cycle.phases.voting.end },
    });
    const parts: BallotParts = { ...ballotParts, vote: offline };
    const el = await mount(parts);
    await verifyByCode(el);
    // An outbox-like step needs no vote part.
    await until(el, () => heading(el) === 'Вы уже проголосовали', 'voted without the vote part');
    button(el, 'Изменить голос').click();
    await until(el, () => text(el).includes('Эта часть не загрузилась'), 'ballot step: load error');
    expect(heading(el)).to.equal('Ваш выбор');
    expect(q(el, '[data-part=vote] [role=alert]')).to.exist;
    await expect(el).to.be.accessible();
    parts.vote = ballotParts.vote;
    const retry = button(el, 'Повторить');
    retry.focus();
    retry.click();
    await until(el, () => qa(el, '[part=card]').length > 0, 'ballot after retry');
    expect(root(el).querySelector('#iin')).to.equal(null);
    expect(active(el)?.hasAttribute('data-step-heading')).to.equal(true);
    // The picks stored on the server came back with the session and are on the ballot.
    const picked = qa<HTMLInputElement>(el, '[part=card] input').filter((i) => i.checked);
    expect(picked.map((i) => i.closest('[part=card]')!.querySelector('h4')!.id)).to.deep.equal(['t-aksu-2']);
    await expect(el).to.be.accessible();
  });
});

describe("<qala-ballot> the vote part's texts, a catalogue of their own", () => {
  beforeEach(() => setup());

  /** The vote part's catalogues, each asked through `load(lang)`: the test sees which languages were asked and can fail them. */
  function voteTexts(load: (lang: 'kk' | 'ru' | 'en') => Promise<{ default: VoteMessages }>): { texts: Catalogues<VoteMessages>; asked: string[] } {
    const asked: string[] = [];
    const ask = (lang: 'kk' | 'ru' | 'en') => () => (asked.push(lang), load(lang));
    return { texts: { kk: ask('kk'), ru: ask('ru'), en: ask('en') }, asked };
  }
  const real = (lang: 'kk' | 'ru' | 'en') => (ballotParts.voteTexts[lang] as () => Promise<{ default: VoteMessages }>)();

  it("come beside the vote part in the widget's language only, not with the first step", async () => {
    const { texts, asked } = voteTexts(real);
    const el = await mount({ ...ballotParts, voteTexts: texts }, 'kk');
    await until(el, () => asked.length > 0, 'asked for as the first step shows');
    expect(asked).to.deep.equal(['kk']);
    // The first step's texts came with the widget: its heading and form are there whether or not the vote texts are.
    expect(root(el).querySelector('#iin')).to.exist;
    await verifyByCode(el);
    await until(el, () => qa(el, '[part=card]').length > 0, 'ballot');
    expect(text(el)).to.include(voteKk['ballot.review']);
    expect(asked).to.deep.equal(['kk']);
  });

  it('that cannot come: the ballot step says so in Kazakh with a retry, which brings the ballot in Kazakh with the session kept', async () => {
    let online = false;
    const { texts, asked } = voteTexts((lang) => (online ? real(lang) : offline()));
    const parts: BallotParts = { ...ballotParts, voteTexts: texts };
    const el = await mount(parts, 'kk');
    await until(el, () => asked.length === 1, 'fetched as the first step shows');
    await verifyByCode(el);
    await until(el, () => !!root(el).querySelector('[data-part=vote] [role=alert]'), 'ballot step: load error');
    expect(text(el)).to.include('Бұл бөлім жүктелмеді');
    expect(root(el).querySelector('[part=pool]')).to.equal(null);
    await expect(el).to.be.accessible();
    online = true;
    const retry = button(el, 'Қайталау');
    retry.focus();
    retry.click();
    await until(el, () => qa(el, '[part=card]').length > 0, 'ballot after retry');
    expect(text(el)).to.include(voteKk['ballot.review']);
    expect(root(el).querySelector('#iin')).to.equal(null);
    expect(active(el)?.hasAttribute('data-step-heading')).to.equal(true);
    expect(asked.every((lang) => lang === 'kk')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('follow a change of language on the ballot step', async () => {
    const el = await mount({ ...ballotParts }, 'ru');
    await verifyByCode(el);
    await until(el, () => qa(el, '[part=card]').length > 0, 'ballot');
    expect(text(el)).to.include('Проверить выбор');
    el.lang = 'en';
    await until(el, () => text(el).includes('Review my choice'), 'English vote texts');
    expect(heading(el)).to.equal('Your choice');
  });
});

describe('<qala-ballot> the sign-in part of an identity-provider city', () => {
  let confirms: string[];
  let backend: Backend;
  beforeEach(async () => {
    await setup({ identity: 'oidc' });
    confirms = [];
    const real = new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 });
    const session: VoterSession = { token: 'tok_test', expiresAt: new Date(Date.now() + 600_000).toISOString(), cycleId: 'aksu-parts', receipt: null };
    backend = Object.assign(Object.create(real) as Backend, {
      // The proof the callback handed this browser goes with the confirmation.
      confirmCode: async (id: string, input: VerificationConfirm) => (confirms.push(input.proof ? `${id} ${input.proof}` : id), session),
    });
  });

  it('shows the step heading while the sign-in part is on its way, fetched once the config names the method', async () => {
    let asked = 0;
    let arrive!: () => void;
    const held = new Promise<void>((resolve) => (arrive = resolve));
    const el = await mount({ ...ballotParts, signIn: () => (asked++, held.then(() => ballotParts.signIn())) }, 'en', backend);
    await until(el, () => heading(el) === 'Who is voting', 'verify heading');
    expect(asked).to.equal(1);
    expect(root(el).querySelector('#sign-in')).to.equal(null);
    await expect(el).to.be.accessible();
    arrive();
    await until(el, () => !!root(el).querySelector('#sign-in'), 'sign-in button');
    // Not pulled onto the widget on page load.
    expect(root(el).activeElement).to.equal(null);
  });

  it('a sign-in part that cannot load says so with a retry, which brings the button and focuses it', async () => {
    const parts: BallotParts = { ...ballotParts, signIn: offline };
    const el = await mount(parts, 'kk', backend);
    await until(el, () => !!root(el).querySelector('[data-part="sign-in"] [role=alert]'), 'sign-in load error');
    expect(heading(el)).to.not.equal('');
    await expect(el).to.be.accessible();
    parts.signIn = ballotParts.signIn;
    const retry = button(el, 'Қайталау');
    retry.focus();
    retry.click();
    await until(el, () => !!root(el).querySelector('#sign-in'), 'sign-in after retry');
    expect(active(el)?.id).to.equal('sign-in');
  });

  it('a sign-in back by redirect waits for its part, and its retry, then is confirmed once', async () => {
    const parts: BallotParts = { ...ballotParts, signIn: offline };
    history.replaceState(history.state, '', `${location.pathname}${location.search}#qala-oidc=ch-back&proof=pr00f_back_0123456789abcdefghijklmnopqrstu`);
    const el = await mount(parts, 'en', backend);
    expect(location.hash).to.equal('');
    await until(el, () => !!root(el).querySelector('[data-part="sign-in"] [role=alert]'), 'checking step: load error');
    expect(confirms).to.have.length(0);
    parts.signIn = ballotParts.signIn;
    button(el, 'Try again').click();
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot');
    expect(confirms).to.deep.equal(['ch-back pr00f_back_0123456789abcdefghijklmnopqrstu']);
  });
});

describe('<qala-ballot> the outbox, a module of its own', () => {
  let state: MockState;
  let use: Awaited<ReturnType<typeof mockApi>>['use'];
  beforeEach(async () => {
    ({ state, use } = await setup());
  });

  /** This device's outbox store (one object across "visits"), whose reads wait while `hold()` is on; it counts them. */
  function deviceStorage() {
    const map = new Map<string, OutboxEntry>();
    let held: Promise<void> | null = null;
    const storage = {
      reads: 0,
      hold: () => {
        const g = gate();
        held = g.opened;
        return () => (g.open(), (held = null));
      },
      kept: () => [...map.values()],
      get: async (key: string) => (storage.reads++, await held, structuredClone(map.get(key))),
      set: async (key: string, entry: OutboxEntry) => void map.set(key, structuredClone(entry)),
      del: async (key: string) => void map.delete(key),
      entries: async () => [...map].map(([k, v]) => [k, structuredClone(v)] as [string, OutboxEntry]),
    };
    return storage satisfies OutboxStorage;
  }
  /** The outbox's module held back until the test opens the returned gate; `asked` counts the fetches. */
  function heldOutbox() {
    const held = gate();
    const counter = { asked: 0, open: held.open };
    const parts: BallotParts = { ...ballotParts, outbox: () => (counter.asked++, held.opened.then(() => ballotParts.outbox())) };
    return { parts, counter };
  }
  const mountWith = (parts: BallotParts, storage: OutboxStorage, lang = 'ru') =>
    fixture<QalaBallot>(
      html`<qala-ballot lang=${lang} .parts=${parts} .outboxStorage=${storage} .backend=${new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 })} .retryDelays=${[60_000]}></qala-ballot>`,
    );
  async function cast(el: QalaBallot) {
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot step');
    qa<HTMLInputElement>(el, '[part=card] input[type=checkbox], [part=card] input[type=radio]')[0]!.click();
    await el.updateComplete;
    q<HTMLButtonElement>(el, '.actions button.primary').click();
    await until(el, () => !!root(el).querySelector('[part=submit-button]'), 'review');
    q<HTMLButtonElement>(el, '[part=submit-button]').click();
  }

  it('is fetched once the first step shows, without holding it up; a resident verified before it came waits, then the ballot is kept, and after a reload still shows and is sent', async () => {
    const storage = deviceStorage();
    const first = heldOutbox();
    const el = await mountWith(first.parts, storage);
    await until(el, () => heading(el) === 'Кто голосует', 'first step while the outbox is on its way');
    await until(el, () => first.counter.asked === 1, 'the outbox asked for once the first step shows');
    await verifyByCode(el);
    // Verified before the outbox came: loading (not the form again, not a ballot that might overlook a kept one).
    await until(el, () => !!root(el).querySelector('[part=step][aria-busy=true]') && !root(el).querySelector('#code'), 'loading');
    expect(root(el).querySelector('#iin, #code, [part=pool]')).to.equal(null);
    expect(storage.reads).to.equal(0);
    first.counter.open();
    let down = true;
    let refused = 0;
    use(http.post(`${API}/cities/aksu/ballots`, () => (down ? (refused++, HttpResponse.error()) : undefined)));
    await cast(el);
    await until(el, () => heading(el) === 'Голос ещё не отправлен', 'queued');
    expect(el.hasUnsavedWork).to.equal(true);
    expect(storage.kept().map((e) => e.status)).to.deep.equal(['pending']);
    expect(storage.kept()[0]!.ballot.choices[0]!.picks.length).to.equal(1);
    el.remove();
    // A reload: the first step again while the outbox's code is on its way, then the ballot this device keeps.
    const second = heldOutbox();
    const again = await mountWith(second.parts, storage);
    await until(again, () => heading(again) === 'Кто голосует', 'first step on reload');
    second.counter.open();
    await until(again, () => heading(again) === 'Голос ещё не отправлен', 'the kept ballot after the reload');
    // Sent once when cast, once more on load (still down).
    await until(again, () => refused >= 2, 'sent again on load');
    down = false;
    const retry = () => qa<HTMLButtonElement>(again, 'button').find((b) => b.textContent!.includes('Отправить сейчас') && !b.disabled);
    await until(again, () => !!retry(), 'retry ready');
    retry()!.click();
    await until(again, () => heading(again) === 'Ваш голос принят', 'sent');
    expect(state.ballots.size).to.equal(1);
    expect(storage.kept().map((e) => e.status)).to.deep.equal(['sent']);
  });

  it("a review's Send pressed while the outbox is away (the widget moved in the page) waits for it: the ballot is kept and sent", async () => {
    const storage = deviceStorage();
    const el = await mountWith({ ...ballotParts }, storage);
    await verifyByCode(el);
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot step');
    qa<HTMLInputElement>(el, '[part=card] input[type=checkbox], [part=card] input[type=radio]')[0]!.click();
    await el.updateComplete;
    q<HTMLButtonElement>(el, '.actions button.primary').click();
    await until(el, () => !!root(el).querySelector('[part=submit-button]'), 'review');
    // Moved: it leaves the page (its outbox closes) and comes back; the new outbox's read of this device is slow.
    const release = storage.hold();
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    q<HTMLButtonElement>(el, '[part=submit-button]').click();
    await el.updateComplete;
    expect(q<HTMLButtonElement>(el, '[part=submit-button]').disabled, 'the press is taken').to.equal(true);
    expect(el.hasUnsavedWork).to.equal(true);
    expect(state.ballots.size).to.equal(0);
    release();
    await until(el, () => heading(el) === 'Ваш голос принят', 'sent once the outbox opened');
    expect(state.ballots.size).to.equal(1);
    expect(storage.kept().map((e) => e.status)).to.deep.equal(['sent']);
  });

  it('an outbox that cannot load: a verified resident is told, with a retry that brings the ballot', async () => {
    let asked = 0;
    const parts: BallotParts = { ...ballotParts, outbox: () => (asked++, offline()) };
    const el = await mountWith(parts, deviceStorage());
    await until(el, () => asked === 1, 'fetched as the first step shows');
    await verifyByCode(el);
    // Reaching the end of the verification asks once more before saying so.
    await until(el, () => text(el).includes('Эта часть не загрузилась'), 'outbox load error');
    expect(asked).to.equal(2);
    await expect(el).to.be.accessible();
    parts.outbox = ballotParts.outbox;
    const retry = button(el, 'Повторить');
    retry.focus();
    retry.click();
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot after retry');
    expect(active(el)?.hasAttribute('data-step-heading')).to.equal(true);
  });

  it('a widget removed before its outbox came opens none; back on the page, it does', async () => {
    const storage = deviceStorage();
    const held = heldOutbox();
    const el = await mountWith(held.parts, storage);
    await until(el, () => held.counter.asked === 1, 'outbox asked for');
    const parent = el.parentElement!;
    el.remove();
    held.counter.open();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(storage.reads).to.equal(0);
    parent.append(el);
    await until(el, () => storage.reads === 1, 'the outbox reads this device once back on the page');
  });

  describe("the steps of a cast ballot (sending, waiting, refused, received): in the outbox's part, their texts a catalogue of their own", () => {
    const sent = { kk: sentKk, ru: sentRu, en: sentEn };
    /** The sent steps' catalogues, each language's fetch recorded in `asked` and held until `online` (default: open). */
    function sentTexts(online = true) {
      const state = { online, asked: [] as string[], held: gate() };
      const ask = (lang: 'kk' | 'ru' | 'en') => async () => {
        state.asked.push(lang);
        await state.held.opened;
        return state.online ? (ballotParts.sentTexts[lang] as () => Promise<{ default: SentMessages }>)() : offline();
      };
      return { texts: { kk: ask('kk'), ru: ask('ru'), en: ask('en') } as Catalogues<SentMessages>, state };
    }
    /**
     * The widget, mounted without waiting for its first update to complete: that waits for texts on their way, which
     * these tests hold back (so they wait with `waitUntil` until they let them come, then with `until`).
     */
    function mountHeld(parts: BallotParts, storage: OutboxStorage, lang: string): QalaBallot {
      void mountWith(parts, storage, lang);
      return document.querySelector<QalaBallot>('qala-ballot')!;
    }
    /** A ballot this device keeps from an earlier visit, not yet sent. */
    const kept = (): OutboxEntry => ({
      key: outboxKey('aksu', CYCLE),
      city: 'aksu',
      cycleId: CYCLE,
      ballot: { cycleId: CYCLE, choices: [{ poolId: 'city', picks: [{ projectId: 'aksu-2' }] }] },
      token: 'tok_kept',
      tokenExpiresAt: new Date(Date.now() + 600_000).toISOString(),
      idempotencyKey: `kept-${Math.random()}`,
      createdAt: new Date().toISOString(),
      status: 'pending',
      attempts: 1,
    });

    it('are not in the first catalogue: they come beside the outbox in the language shown, and the received step speaks them', async () => {
      // Not one of these keys is in a first catalogue (whose other "done" keys "already voted" shares).
      for (const first of [ballotKk, ballotRu, ballotEn]) {
        expect(Object.keys(first).filter((key) => key in sentKk)).to.deep.equal([]);
        expect(first).to.include.keys('done.receiptLabel', 'done.changeable', 'done.final', 'done.nextVoter');
      }
      const { texts, state: sentState } = sentTexts();
      const storage = deviceStorage();
      const el = mountHeld({ ...ballotParts, sentTexts: texts }, storage, 'kk');
      // The first step needs none of them: it shows while they are held back, and they were asked in Kazakh only.
      await waitUntil(() => sentState.asked.length === 1, 'asked for once the first step shows');
      expect(sentState.asked).to.deep.equal(['kk']);
      expect(heading(el)).to.equal(ballotKk['identify.title']);
      expect(root(el).querySelector('#iin')).to.exist;
      // The outbox comes with them, not before: nothing read this device yet.
      expect(storage.reads).to.equal(0);
      sentState.held.open();
      await until(el, () => storage.reads > 0, 'the outbox reads this device once its part came');
      await verifyByCode(el);
      await cast(el);
      await until(el, () => heading(el) === sentKk['done.title'], 'the received step in Kazakh');
      expect(text(el)).to.include(sentKk['done.howToCheck']);
      expect(text(el)).to.include(ballotKk['done.nextVoter']);
      expect(active(el)?.hasAttribute('data-step-heading')).to.equal(true);
      expect(sentState.asked).to.deep.equal(['kk']);
      await expect(el).to.be.accessible();
    });

    for (const lang of ['kk', 'ru', 'en'] as const) {
      it(`a ballot this device keeps shows its waiting step in ${lang} once the outbox's part and its texts came`, async () => {
        // A server that asks for two minutes: the step says when this page tries again (a wait of seconds it does not).
        use(http.post(`${API}/cities/aksu/ballots`, () => HttpResponse.json({ code: 'unavailable', message: 'down' }, { status: 503, headers: { 'Retry-After': '120' } })));
        const storage = deviceStorage();
        const entry = kept();
        await storage.set(entry.key, entry);
        const { texts, state: sentState } = sentTexts();
        const el = mountHeld({ ...ballotParts, sentTexts: texts }, storage, lang);
        await waitUntil(() => !!root(el).querySelector('#iin') && sentState.asked.length === 1, 'first step while the texts are held');
        expect(heading(el)).to.not.equal(sent[lang]['status.queuedTitle']);
        sentState.held.open();
        await until(el, () => heading(el) === sent[lang]['status.queuedTitle'], `the kept ballot, in ${lang}`);
        expect(q(el, '[part=status]').textContent).to.include(sent[lang]['status.queued']);
        await until(el, () => !!qa<HTMLButtonElement>(el, 'button').find((b) => b.textContent!.includes(sent[lang]['status.retry']) && !b.disabled), 'send now');
        // When it tries again by itself, in the city's time.
        await until(el, () => !!root(el).querySelector('#next-attempt'), 'the next attempt is said');
        const [words] = sent[lang]['status.nextAttempt']({ at: '\u0000' }).split('\u0000');
        expect(q(el, '#next-attempt').textContent).to.match(new RegExp(`^${words}\\d{2}\\.\\d{2}\\.\\d{4}, \\d{2}:\\d{2}$`));
        expect(sentState.asked).to.deep.equal([lang]);
        // Found on page load: the widget takes no focus.
        expect(active(el)).to.equal(null);
        await expect(el).to.be.accessible();
      });
    }

    it('that cannot come: a verified resident is told in Kazakh, with a retry that brings them and the ballot', async () => {
      const { texts, state: sentState } = sentTexts(false);
      sentState.held.open();
      const el = await mountWith({ ...ballotParts, sentTexts: texts }, deviceStorage(), 'kk');
      await until(el, () => sentState.asked.length === 1, 'asked for as the first step shows');
      await verifyByCode(el);
      await until(el, () => text(el).includes('Бұл бөлім жүктелмеді'), 'outbox part load error');
      await expect(el).to.be.accessible();
      sentState.online = true;
      const retry = button(el, 'Қайталау');
      retry.focus();
      retry.click();
      await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot after retry');
      expect(active(el)?.hasAttribute('data-step-heading')).to.equal(true);
      await cast(el);
      await until(el, () => heading(el) === sentKk['done.title'], 'received, in Kazakh');
      expect(sentState.asked.every((l) => l === 'kk')).to.equal(true);
    });
  });
});
