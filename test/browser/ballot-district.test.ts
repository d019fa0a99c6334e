import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { HttpBackend } from '../../src/client/http-backend.js';
import { DEMO_VOTERS } from '../../src/mock/fixtures.js';
import type { MockState } from '../../src/mock/handlers.js';
import '../../src/widgets/ballot/define.js';
import type { QalaBallot } from '../../src/widgets/ballot/ballot.js';
import { ADULT, active, clearOutbox, heading, q, qa, root, text, type, until } from './support/dom.js';
import { mockApi } from './support/msw.js';

const API = '/api/v1';
const CYCLE = 'aksu-district';
/** On the mock's voter list (DEMO_VOTERS), its row naming the district Zharma. */
const IN_ZHARMA = ADULT;
/** On the list too, its row naming no district. */
const NO_DISTRICT = '061211600012';
/** Forgets this file's outbox entries only: other test files share IndexedDB. */
const clearOwn = () => clearOutbox(CYCLE);

/**
 * Aksu's budget split: the whole city, and a pool for each of two districts (Centre, Zharma), each with projects;
 * verification by the voter list, which puts IN_ZHARMA in Zharma.
 */
async function setup(): Promise<{ state: MockState; voters: Map<string, string>; use: (...h: Parameters<Awaited<ReturnType<typeof mockApi>>['use']>) => void }> {
  const voters = new Map(DEMO_VOTERS);
  const api = await mockApi({ identity: 'voter_list', voters, districts: new Map([[IN_ZHARMA, 'zharma']]) });
  const cycle = api.state.configs.get('aksu')!.cycle;
  cycle.id = CYCLE;
  cycle.pools.push(
    { id: 'centre-pool', name: { kk: 'Орталық ауданы', ru: 'Район Центр', en: 'Centre district' }, budget: 30_000_000, scope: { kind: 'district', districts: ['center'] } },
    { id: 'zharma-pool', name: { kk: 'Жарма ауданы', ru: 'Район Жарма', en: 'Zharma district' }, budget: 30_000_000, scope: { kind: 'district', districts: ['zharma'] } },
  );
  for (const p of api.state.proposals.get('aksu')!) {
    if (p.status !== 'on_ballot') continue;
    // Two projects of each district go to their district's pool; the rest stay city-wide.
    if (p.id === 'aksu-1' || p.id === 'aksu-2') p.poolId = 'centre-pool';
    if (p.id === 'aksu-3' || p.id === 'aksu-6') p.poolId = 'zharma-pool';
  }
  await clearOwn();
  return { ...api, voters };
}

const titleOf = (state: MockState, id: string) => state.proposals.get('aksu')!.find((p) => p.id === id)!.title;
const poolHeadings = (el: QalaBallot) => qa(el, '[part=pool] h3').map((h) => h.textContent!.trim());

async function toBallot(iin: string, lang: string): Promise<QalaBallot> {
  const el = await fixture<QalaBallot>(html`<qala-ballot lang=${lang} .backend=${new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 })} .retryDelays=${[60_000]}></qala-ballot>`);
  await until(el, () => !!root(el).querySelector('#iin'), 'verification step');
  await confirm(el, iin);
  return el;
}

/** From the IIN step: the IIN, the mock's code, and on to the ballot's cards. */
async function confirm(el: QalaBallot, iin: string): Promise<void> {
  type(q<HTMLInputElement>(el, '#iin'), iin);
  q<HTMLButtonElement>(el, 'form button[type=submit]').click();
  await until(el, () => !!root(el).querySelector('#code'), 'code step');
  q<HTMLInputElement>(el, '#code').value = '123456';
  q<HTMLButtonElement>(el, 'form button[type=submit]').click();
  await until(el, () => qa(el, '[part=card]').length > 0, 'ballot step with its cards');
}

/** Whether the card of this project is ticked. */
function ticked(el: QalaBallot, state: MockState, id: string): boolean {
  const card = qa(el, '[part=card]').find((c) => c.querySelector('h4')!.textContent!.trim() === titleOf(state, id))!;
  return card.querySelector<HTMLInputElement>('input[type=checkbox]')!.checked;
}

/** Ticks the card of this project. */
function pick(el: QalaBallot, state: MockState, id: string): void {
  const card = qa(el, '[part=card]').find((c) => c.querySelector('h4')!.textContent!.trim() === titleOf(state, id));
  expect(card, `card of ${id}`).to.exist;
  card!.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
}

describe('<qala-ballot> a district on the voter list', () => {
  it('a listed voter sees the city-wide pool and their own district’s, never another district’s; the review and the ballot sent hold only those', async () => {
    const { state } = await setup();
    const el = await toBallot(IN_ZHARMA, 'en');
    expect(poolHeadings(el)).to.deep.equal(['Whole city', 'Zharma district']);
    const shown = text(el);
    for (const id of ['aksu-1', 'aksu-2']) expect(shown, `${id} of the Centre pool`).not.to.include(titleOf(state, id));
    for (const id of ['aksu-3', 'aksu-6', 'aksu-4']) expect(shown, id).to.include(titleOf(state, id));
    expect(q(el, '[data-district]').textContent).to.include('Zharma');
    await expect(el).to.be.accessible();

    pick(el, state, 'aksu-4');
    pick(el, state, 'aksu-3');
    await el.updateComplete;
    q<HTMLButtonElement>(el, '.actions button.primary').click();
    await until(el, () => !!root(el).querySelector('[part=submit-button]'), 'review');
    expect(qa(el, '[part=review] h3').map((h) => h.textContent!.trim())).to.deep.equal(['Whole city', 'Zharma district']);
    q<HTMLButtonElement>(el, '[part=submit-button]').click();
    await until(el, () => !!root(el).querySelector('[part=receipt]'), 'done');
    const [stored] = [...state.ballots.values()];
    expect(stored!.input.choices.map((c) => c.poolId)).to.deep.equal(['city', 'zharma-pool']);
  });

  it('a listed voter without a district sees every pool, as before', async () => {
    const { state } = await setup();
    const el = await toBallot(NO_DISTRICT, 'kk');
    expect(poolHeadings(el)).to.deep.equal(['Бүкіл қала', 'Орталық ауданы', 'Жарма ауданы']);
    expect(text(el)).to.include(titleOf(state, 'aksu-1'));
    expect(root(el).querySelector('[data-district]')).to.equal(null);
  });

  it('the district is said in Russian and Kazakh too', async () => {
    await setup();
    for (const [lang, words] of [['ru', 'Ваш район в списке избирателей: Жарма'], ['kk', 'Сайлаушылар тізіміндегі ауданыңыз: Жарма']] as const) {
      const el = await toBallot(IN_ZHARMA, lang);
      expect(q(el, '[data-district]').textContent).to.include(words);
      el.remove();
      await setup();
    }
  });

  it('the server refuses for the district (the list was corrected since): the voter confirms again, told why, the choices kept', async () => {
    const { state, use } = await setup();
    const el = await toBallot(IN_ZHARMA, 'ru');
    use(
      http.post(`${API}/cities/aksu/ballots`, () =>
        HttpResponse.json({ code: 'district_mismatch', message: 'another district', details: { issues: [{ path: ['choices', 1, 'poolId'], message: 'ballot.pool_other_district' }] } }, { status: 403 }),
      ),
    );
    pick(el, state, 'aksu-3');
    await el.updateComplete;
    q<HTMLButtonElement>(el, '.actions button.primary').click();
    await until(el, () => !!root(el).querySelector('[part=submit-button]'), 'review');
    q<HTMLButtonElement>(el, '[part=submit-button]').click();
    await until(el, () => !!root(el).querySelector('#iin'), 'verification again');
    expect(text(el)).to.include('Ваш район в списке избирателей изменился');
    expect(heading(el)).to.not.equal('');
    expect(active(el), 'focus on the step').to.exist;
    expect(state.ballots.size).to.equal(0);
    // Confirmed again (the mock's list still says Zharma): the choice is still there.
    await confirm(el, IN_ZHARMA);
    expect(ticked(el, state, 'aksu-3')).to.equal(true);
  });

  it('taken off the voter list after confirming: the ballot is refused, the first step says why, nothing is counted; added again, the choices are still there', async () => {
    const { state, voters } = await setup();
    const el = await toBallot(IN_ZHARMA, 'ru');
    pick(el, state, 'aksu-3');
    await el.updateComplete;
    q<HTMLButtonElement>(el, '.actions button.primary').click();
    await until(el, () => !!root(el).querySelector('[part=submit-button]'), 'review');
    const phone = voters.get(IN_ZHARMA)!;
    voters.delete(IN_ZHARMA);
    q<HTMLButtonElement>(el, '[part=submit-button]').click();
    await until(el, () => !!root(el).querySelector('#iin'), 'the first step again');
    expect(text(el)).to.include('Этого ИИН нет в списке избирателей этого голосования');
    expect(active(el), 'focus on the step').to.exist;
    expect(state.ballots.size).to.equal(0);
    expect(root(el).querySelector('[part=receipt]')).to.equal(null);
    await expect(el).to.be.accessible();

    voters.set(IN_ZHARMA, phone);
    await confirm(el, IN_ZHARMA);
    expect(ticked(el, state, 'aksu-3')).to.equal(true);
  });
});
