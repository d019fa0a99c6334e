import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from './support/commands.js';
import { http, HttpResponse } from 'msw';
import type { Backend } from '../../src/client/backend.js';
import { HttpBackend } from '../../src/client/http-backend.js';
import type { BallotRule } from '../../src/contract/index.js';
import type { MockState } from '../../src/mock/handlers.js';
import '../../src/widgets/ballot/define.js';
import type { QalaBallot } from '../../src/widgets/ballot/ballot.js';
import { clearOutbox, fits, heading, q, qa, root, type, until } from './support/dom.js';
import { mockApi } from './support/msw.js';

const API = '/api/v1';
/** Forgets this file's outbox entries only: other test files run alongside in the same browser and share IndexedDB. */
const clearOwn = () => clearOutbox('aksu-a11y', 'rudny-a11y');
async function mount(state: MockState, lang: string, theme: string, rule?: BallotRule, city = 'aksu') {
  const config = state.configs.get(city)!;
  config.cycle.id = `${city}-a11y`;
  if (rule) config.cycle.ballot = rule;
  return fixture<QalaBallot>(html`<qala-ballot lang=${lang} theme=${theme} .backend=${new HttpBackend({ baseUrl: API, city, retries: 0 })} .retryDelays=${[60_000]}></qala-ballot>`);
}
async function verify(el: QalaBallot, check?: () => Promise<void>, target = '[part=pool]') {
  await until(el, () => !!root(el).querySelector('#iin'), 'identify');
  const iin = q<HTMLInputElement>(el, '#iin');
  type(iin, '791028302727');
  await el.updateComplete;
  await check?.(); // identify with a live IIN error
  type(iin, '791028302728');
  q<HTMLInputElement>(el, '#phone').value = '+77012345678';
  q<HTMLButtonElement>(el, 'form button[type=submit]').click();
  await until(el, () => !!root(el).querySelector('#code'), 'code');
  q<HTMLInputElement>(el, '#code').value = '000000';
  q<HTMLButtonElement>(el, 'form button[type=submit]').click();
  await until(el, () => !!q(el, '#code-error').textContent, 'wrong code');
  await check?.(); // code step with an error
  q<HTMLInputElement>(el, '#code').value = '123456';
  q<HTMLButtonElement>(el, 'form button[type=submit]').click();
  await until(el, () => !!root(el).querySelector(target), target);
}

describe('<qala-ballot> accessibility and small screens', () => {
  let state: MockState;
  let use: (...h: Parameters<Awaited<ReturnType<typeof mockApi>>['use']>) => void;
  beforeEach(async () => {
    ({ state, use } = await mockApi());
    await clearOwn();
  });
  afterEach(() => setViewport({ width: 800, height: 600 }));

  for (const lang of ['kk', 'ru']) {
    for (const theme of ['light', 'dark']) {
      it(`every step passes axe in ${lang}, ${theme}`, async () => {
        const axe = (el: QalaBallot) => async () => {
          await expect(el).to.be.accessible();
        };
        // loading and error
        const never = { city: 'aksu', getConfig: () => new Promise(() => {}) } as unknown as Backend;
        const loading = await fixture<QalaBallot>(html`<qala-ballot lang=${lang} theme=${theme} .backend=${never}></qala-ballot>`);
        await loading.updateComplete;
        expect(root(loading).querySelector('.skeleton')).to.exist;
        await axe(loading)();
        const failing = { city: 'aksu', getConfig: () => Promise.reject(new Error('down')) } as unknown as Backend;
        const error = await fixture<QalaBallot>(html`<qala-ballot lang=${lang} theme=${theme} .backend=${failing}></qala-ballot>`);
        await until(error, () => !!root(error).querySelector('[role=alert]'), 'error');
        await axe(error)();
        // location step (Rudny checks residence)
        const rudny = await mount(state, lang, theme, undefined, 'rudny');
        await until(rudny, () => !!root(rudny).querySelector('button.primary'), 'location');
        await axe(rudny)();
        rudny.remove();
        // the full path, knapsack (the richest meter)
        const el = await mount(state, lang, theme, { kind: 'knapsack', minShare: 0.3 });
        await verify(el, axe(el));
        q<HTMLInputElement>(el, '[part=card] .pick input').click();
        await el.updateComplete;
        await axe(el)();
        root(el).querySelectorAll<HTMLButtonElement>('.actions button')[0]!.click();
        await until(el, () => !!root(el).querySelector('#ballot-errors'), 'min share issue');
        await axe(el)();
        for (const input of root(el).querySelectorAll<HTMLInputElement>('[part=card] .pick input')) if (!input.checked && input.getAttribute('aria-disabled') !== 'true') input.click();
        await el.updateComplete;
        root(el).querySelectorAll<HTMLButtonElement>('.actions button')[0]!.click();
        await until(el, () => !!root(el).querySelector('[part=submit-button]'), 'review');
        await axe(el)();
        let offline = true;
        use(http.post(`${API}/cities/aksu/ballots`, () => (offline ? HttpResponse.error() : undefined)));
        q<HTMLButtonElement>(el, '[part=submit-button]').click();
        await until(el, () => !!root(el).querySelector('[part=status].warning'), 'queued');
        await axe(el)();
        offline = false;
        window.dispatchEvent(new Event('online'));
        // The outbox waits a random moment (up to 2 s) after coming back online, so phones do not all send at once.
        await until(el, () => !!root(el).querySelector('[part=receipt]'), 'done', 10_000);
        await axe(el)();
        await until(el, () => !!root(el).querySelector('.receipt-check button[type=submit]'), 'receipt check');
        q<HTMLButtonElement>(el, '.receipt-check button[type=submit]').click();
        await until(el, () => !!root(el).querySelector('#receipt-result .notice'), 'checked');
        await axe(el)();
        el.remove();
        await clearOwn();
        // already voted
        const voted = await mount(state, lang, theme);
        await verify(voted, undefined, '[part=receipt]');
        expect(heading(voted)).to.not.equal('');
        await axe(voted)();
        voted.remove();
        // the ballots of the other rules, with picks
        for (const rule of [{ kind: 'cumulative', points: 6, maxPerProject: 3 }, { kind: 'ranked', maxRanks: 3 }, { kind: 'single' }] as BallotRule[]) {
          state.ballots.clear();
          const other = await mount(state, lang, theme, rule);
          await verify(other);
          if (rule.kind === 'cumulative') q<HTMLButtonElement>(other, '[data-step=plus]').click();
          else q<HTMLInputElement>(other, '[part=card] .pick input').click();
          await other.updateComplete;
          await axe(other)();
          other.remove();
        }
        // closed window
        state.setPhase('aksu', 'review');
        const closed = await mount(state, lang, theme);
        await until(closed, () => !!root(closed).querySelector('[data-step-heading]'), 'closed');
        await axe(closed)();
      });
    }
  }

  it('fits a 360 px screen at every step', async () => {
    await setViewport({ width: 360, height: 740 });
    const el = await mount(state, 'kk', 'light', { kind: 'ranked', maxRanks: 3 });
    await until(el, () => !!root(el).querySelector('#iin'), 'identify');
    fits(el, 'identify');
    await verify(el);
    for (const input of qa<HTMLInputElement>(el, '[part=card] .pick input').slice(0, 3)) input.click();
    await el.updateComplete;
    fits(el, 'ballot');
    root(el).querySelectorAll<HTMLButtonElement>('.actions button')[0]!.click();
    await until(el, () => !!root(el).querySelector('[part=submit-button]'), 'review');
    fits(el, 'review');
    q<HTMLButtonElement>(el, '[part=submit-button]').click();
    await until(el, () => !!root(el).querySelector('[part=receipt]'), 'done');
    fits(el, 'done');
    // The receipt code is read whole: on a line of its own (it broke in the middle), and whole in the check's field.
    await until(el, () => !!root(el).querySelector<HTMLInputElement>('#receipt-code')?.value, 'the check, filled in');
    expect(q(el, '[part=receipt]').getClientRects().length, 'the code on one line').to.equal(1);
    const field = q<HTMLInputElement>(el, '#receipt-code');
    expect(field.scrollWidth, 'the whole code in its field').to.be.at.most(field.clientWidth);
    await clearOwn();
    state.ballots.clear();
    const knap = await mount(state, 'ru', 'dark', { kind: 'knapsack', limit: 20_000_000, minShare: 0.5 });
    await verify(knap);
    q<HTMLInputElement>(knap, '[part=card] .pick input').click();
    await knap.updateComplete;
    fits(knap, 'knapsack');
  });
});
