import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from './support/commands.js';
import { HttpBackend } from '../../src/client/http-backend.js';
import type { BallotRule } from '../../src/contract/index.js';
import type { MockState } from '../../src/mock/handlers.js';
import '../../src/widgets/ballot/define.js';
import type { QalaBallot } from '../../src/widgets/ballot/ballot.js';
import { active, announced, button, clearOutbox, heading, labelled, norm, q, qa, root, tabTo, text, until, verifyByCode } from './support/dom.js';
import { mockApi } from './support/msw.js';

const API = '/api/v1';
/** Forgets this file's outbox entries only: other test files run alongside in the same browser and share IndexedDB. */
const clearOwn = () => clearOutbox('aksu-rules', 'rudny-rules');

/** The card of a project, by the start of its title. */
function card(el: QalaBallot, title: string): HTMLElement {
  const found = qa(el, '[part=card]').find((c) => c.querySelector('h4')!.textContent!.startsWith(title));
  if (!found) throw new Error(`no card ${title}`);
  return found;
}
const pick = (el: QalaBallot, title: string) => card(el, title).querySelector<HTMLInputElement>('.pick input')!;
const meter = (el: QalaBallot, i = 0) => norm(qa(el, '[part=meter]')[i]!.textContent);
const inCard = (el: QalaBallot, title: string, selector: string) => (e: Element) => card(el, title).contains(e) && e.matches(selector);

async function mount(state: MockState, city: 'aksu' | 'rudny', rule?: BallotRule) {
  const config = state.configs.get(city)!;
  config.cycle.id = `${city}-rules`;
  config.cycle.eligibility.residence = 'none';
  if (rule) config.cycle.ballot = rule;
  const el = await fixture<QalaBallot>(html`<qala-ballot lang="ru" .backend=${new HttpBackend({ baseUrl: API, city, retries: 0 })}></qala-ballot>`);
  await verifyByCode(el, '+77012345678');
  await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot');
  return el;
}
/** Review and send with the keyboard only; resolves with what the server stored. */
async function sendByKeyboard(el: QalaBallot, state: MockState) {
  await tabTo(el, labelled('Проверить выбор'), 'review button');
  await sendKeys({ press: 'Enter' });
  await until(el, () => heading(el) === 'Проверьте свой выбор', 'review');
  expect(active(el)?.hasAttribute('data-step-heading')).to.equal(true);
  await tabTo(el, (e) => e.getAttribute('part') === 'submit-button', 'submit');
  await sendKeys({ press: 'Enter' });
  await until(el, () => heading(el) === 'Ваш голос принят', 'done');
  return [...state.ballots.values()][0]!.input;
}

describe('<qala-ballot> ballot rules', () => {
  let state: MockState;
  beforeEach(async () => {
    ({ state } = await mockApi());
    await clearOwn();
  });

  it('a long ballot (120 projects in two pools) ends up showing every card', async () => {
    const rudny = state.proposals.get('rudny')!;
    const infra = rudny.find((p) => p.poolId === 'infra')!;
    const extra = Array.from({ length: 115 }, (_, i) => ({ ...infra, id: `rudny-x${i}`, title: `Проект номер ${i + 1}` }));
    state.proposals.set('rudny', [...extra, ...rudny]);
    const el = await mount(state, 'rudny');
    await until(el, () => root(el).querySelectorAll('[part=card]').length === rudny.length + extra.length, 'every card');
    const pools = [...root(el).querySelectorAll('[part=pool]')];
    expect(pools[1]!.querySelectorAll('[part=card]').length).to.equal(rudny.filter((p) => p.poolId === 'events').length);
    expect(root(el).querySelector('[part=pool] .skeleton')).to.equal(null);
  });

  it('a pool without projects says so (not "nothing matches the filter"), with no meter asking for a choice', async () => {
    state.proposals.set('rudny', state.proposals.get('rudny')!.filter((p) => p.poolId !== 'events'));
    const el = await mount(state, 'rudny');
    const pools = [...root(el).querySelectorAll('[part=pool]')];
    expect(pools[1]!.textContent).to.contain('В этом разделе нет проектов для голосования.');
    expect(pools[1]!.textContent).not.to.contain('По этому фильтру');
    expect(pools[0]!.querySelector('[part=meter]')).to.exist;
    expect(pools[1]!.querySelector('[part=meter]')).to.equal(null);
  });

  it('single choice: one per pool, a second pick replaces the first, pools are separate sections; keyboard only', async () => {
    const el = await mount(state, 'rudny');
    expect(root(el).querySelectorAll('[part=pool]').length).to.equal(2);
    expect([...root(el).querySelectorAll('[part=pool] h3')].map((h) => h.textContent)).to.deep.equal(['Инфраструктура', 'Мероприятия']);
    expect(meter(el)).to.contain('Проект ещё не выбран');
    // Tab enters a radio group at its first radio; arrows move the one choice.
    await tabTo(el, inCard(el, 'Балалар алаңы', 'input[type=radio]'), 'first radio');
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(meter(el, 0)).to.contain('Проект выбран');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(pick(el, 'Балалар алаңы').checked).to.equal(false);
    expect(pick(el, 'Освещение парка').checked).to.equal(true);
    await tabTo(el, inCard(el, 'Жастар арасындағы', 'input[type=radio]'), 'events radio');
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(meter(el, 1)).to.contain('Проект выбран');
    const sent = await sendByKeyboard(el, state);
    expect(sent.choices).to.deep.equal([
      { poolId: 'infra', picks: [{ projectId: 'rudny-i-2' }] },
      { poolId: 'events', picks: [{ projectId: 'rudny-e-2' }] },
    ]);
  });

  it('single choice: a pick can be cleared', async () => {
    const el = await mount(state, 'rudny');
    pick(el, 'Ремонт тротуара').click();
    await el.updateComplete;
    button(el, 'Снять выбор').click();
    await el.updateComplete;
    expect(pick(el, 'Ремонт тротуара').checked).to.equal(false);
    expect(meter(el)).to.contain('не выбран');
  });

  it('approval: shows how many are left, refuses over the max and says why, checks the min only at review', async () => {
    const el = await mount(state, 'aksu', { kind: 'approval', min: 2, max: 3 });
    expect(text(el)).to.contain('Выберите от 2 до 3 проектов.');
    pick(el, 'Хоккейная').click();
    await el.updateComplete;
    expect(meter(el)).to.equal('Выбрано 1 из 3 · можно выбрать ещё 2 · нужно не меньше 2');
    button(el, 'Проверить выбор').click();
    await el.updateComplete;
    expect(norm(q(el, '#ballot-errors').textContent)).to.contain('Нужно выбрать не меньше 2 проектов.');
    expect(active(el)?.id).to.equal('ballot-errors');
    pick(el, 'Пешеходный').click();
    pick(el, 'Кітапхана').click();
    await el.updateComplete;
    expect(meter(el)).to.contain('больше выбрать нельзя');
    const fourth = pick(el, 'Workout');
    expect(fourth.getAttribute('aria-disabled')).to.equal('true');
    expect(norm(card(el, 'Workout').textContent)).to.contain('Уже выбрано 3 — это максимум.');
    fourth.click();
    await el.updateComplete;
    expect(fourth.checked).to.equal(false);
    await announced(el, 'Уже выбрано 3');
  });

  it('approval with the keyboard only', async () => {
    const el = await mount(state, 'aksu', { kind: 'approval', min: 1, max: 2 });
    await tabTo(el, inCard(el, 'Хоккейная', 'input'), 'first checkbox');
    await sendKeys({ press: 'Space' });
    await tabTo(el, inCard(el, 'Пешеходный', 'input'), 'second checkbox');
    await sendKeys({ press: 'Space' });
    await tabTo(el, inCard(el, 'Кітапхана', 'input'), 'third checkbox');
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(pick(el, 'Кітапхана').checked).to.equal(false);
    const sent = await sendByKeyboard(el, state);
    expect(sent.choices[0]!.picks.map((p) => p.projectId).sort()).to.deep.equal(['aksu-5', 'aksu-6']);
  });

  it('knapsack: a live tenge meter that cannot be overrun, a project that no longer fits says why, the minimum only at review', async () => {
    const el = await mount(state, 'aksu', { kind: 'knapsack', limit: 20_000_000, minShare: 0.5 });
    const bar = () => q(el, '[part=budget-meter]');
    expect(bar().getAttribute('role')).to.equal('meter');
    expect(bar().getAttribute('aria-valuemax')).to.equal('20000000');
    pick(el, 'Хоккейная').click();
    await el.updateComplete;
    expect(meter(el)).to.contain('Выбрано на 8 900 000 ₸ из 20 000 000 ₸');
    expect(meter(el)).to.contain('осталось 11 100 000 ₸');
    expect(meter(el)).to.contain('минимум на 10 000 000 ₸');
    // Under the minimum is fine while editing…
    expect(root(el).querySelector('#ballot-errors')).to.equal(null);
    // …and refused at review.
    button(el, 'Проверить выбор').click();
    await el.updateComplete;
    expect(norm(q(el, '#ballot-errors').textContent)).to.contain('Выбрано на 8 900 000 ₸, а нужно не меньше 10 000 000 ₸');
    pick(el, 'Балалар ойын').click();
    await el.updateComplete;
    expect(bar().getAttribute('aria-valuenow')).to.equal('17400000');
    expect(meter(el)).to.contain('осталось 2 600 000 ₸');
    const tooBig = pick(el, 'Кітапхана');
    expect(norm(card(el, 'Кітапхана').textContent)).to.contain('Не помещается: стоит 3 100 000 ₸, а осталось 2 600 000 ₸.');
    tooBig.click();
    await el.updateComplete;
    expect(tooBig.checked).to.equal(false);
    expect(bar().getAttribute('aria-valuenow')).to.equal('17400000');
    // Removing one frees the money again.
    pick(el, 'Хоккейная').click();
    await el.updateComplete;
    expect(norm(card(el, 'Кітапхана').textContent)).not.to.contain('Не помещается');
  });

  it('knapsack with the keyboard only', async () => {
    const el = await mount(state, 'aksu', { kind: 'knapsack', limit: 15_000_000 });
    await tabTo(el, inCard(el, 'Хоккейная', 'input'), 'checkbox');
    await sendKeys({ press: 'Space' });
    await tabTo(el, inCard(el, 'Пешеходный', 'input'), 'checkbox');
    await sendKeys({ press: 'Space' });
    const sent = await sendByKeyboard(el, state);
    expect(sent.choices[0]!.picks.length).to.equal(2);
  });

  it('cumulative: steppers, points left, the cap per project, nothing beyond the points; keyboard only', async function () {
    const el = await mount(state, 'aksu', { kind: 'cumulative', points: 5, maxPerProject: 3 });
    expect(meter(el)).to.equal('Осталось 5 баллов из 5');
    await tabTo(el, labelled('На балл больше: «Хоккейная'), 'plus');
    for (let i = 0; i < 4; i++) await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(card(el, 'Хоккейная').querySelector<HTMLInputElement>('input[type=number]')!.value).to.equal('3');
    await announced(el, 'не больше 3');
    expect(meter(el)).to.equal('Осталось 2 балла из 5');
    await tabTo(el, labelled('На балл больше: «Пешеходный'), 'plus 2');
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(meter(el)).to.equal('Осталось 0 баллов из 5');
    await tabTo(el, labelled('На балл больше: «Кітапхана'), 'plus 3');
    expect(active(el)!.getAttribute('aria-disabled')).to.equal('true');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await announced(el, 'Баллы закончились');
    await tabTo(el, labelled('На балл меньше: «Хоккейная'), 'minus');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(meter(el)).to.equal('Осталось 1 балл из 5');
    const sent = await sendByKeyboard(el, state);
    expect(sent.choices[0]!.picks).to.deep.equal([
      { projectId: 'aksu-6', points: 2 },
      { projectId: 'aksu-5', points: 2 },
    ]);
  });

  it('cumulative: a typed number is clamped to what is allowed', async () => {
    const el = await mount(state, 'aksu', { kind: 'cumulative', points: 4, maxPerProject: 3 });
    const input = card(el, 'Хоккейная').querySelector<HTMLInputElement>('input[type=number]')!;
    input.value = '9';
    input.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(input.value).to.equal('3');
    const other = card(el, 'Пешеходный').querySelector<HTMLInputElement>('input[type=number]')!;
    other.value = '3';
    other.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(other.value).to.equal('1');
    expect(meter(el)).to.contain('Осталось 0 баллов из 4');
  });

  it('ranked: reorder by buttons, by Alt+arrow and by drag; the cap is honest; keyboard only', async function () {
    const el = await mount(state, 'aksu', { kind: 'ranked', maxRanks: 3 });
    for (const title of ['Хоккейная', 'Пешеходный', 'Кітапхана']) {
      await tabTo(el, inCard(el, title, 'input'), title);
      await sendKeys({ press: 'Space' });
    }
    await el.updateComplete;
    const order = () => [...root(el).querySelectorAll('[part=ranking] li .user-text')].map((li) => li.textContent!.replace(/^Место \d+\s*/, '').slice(0, 10));
    expect(order()).to.deep.equal(['Хоккейная ', 'Пешеходный', 'Кітапхана ']);
    expect(norm(card(el, 'Workout').textContent)).to.contain('Уже выбрано 3');
    await tabTo(el, labelled('Выше: «Кітапхана'), 'move up');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(order()).to.deep.equal(['Хоккейная ', 'Кітапхана ', 'Пешеходный']);
    expect(active(el)!.getAttribute('aria-label')).to.contain('Выше: «Кітапхана');
    await announced(el, 'на 2-м месте');
    await sendKeys({ down: 'Alt' });
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ up: 'Alt' });
    await el.updateComplete;
    expect(order()).to.deep.equal(['Кітапхана ', 'Хоккейная ', 'Пешеходный']);
    const sent = await sendByKeyboard(el, state);
    expect(sent.choices[0]!.picks.map((p) => p.projectId)).to.deep.equal(['aksu-4', 'aksu-6', 'aksu-5']);
  });

  it('ranked at 360 px: each title in "your ranking" gets most of the row, not a few letters a line', async () => {
    await setViewport({ width: 360, height: 740 });
    try {
      const el = await mount(state, 'aksu', { kind: 'ranked', maxRanks: 3 });
      for (const title of ['Хоккейная', 'Пешеходный', 'Кітапхана']) {
        pick(el, title).click();
        await el.updateComplete;
      }
      const titles = [...root(el).querySelectorAll<HTMLElement>('[part=ranking] li .user-text')];
      expect(titles.length).to.equal(3);
      for (const t of titles) {
        const box = t.getBoundingClientRect();
        // At 360 px the buttons took the row and a title got ~29 px, breaking one or two letters a line.
        expect(box.width, `${t.textContent} is ${box.width.toFixed(0)} px wide`).to.be.at.least(180);
      }
      expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('ranked: drag and drop reorders', async () => {
    const el = await mount(state, 'aksu', { kind: 'ranked', maxRanks: 5 });
    pick(el, 'Хоккейная').click();
    pick(el, 'Пешеходный').click();
    pick(el, 'Кітапхана').click();
    await el.updateComplete;
    const items = () => [...root(el).querySelectorAll<HTMLLIElement>('[part=ranking] li')];
    const data = new DataTransfer();
    items()[2]!.dispatchEvent(new DragEvent('dragstart', { dataTransfer: data, bubbles: true }));
    const over = new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true });
    items()[0]!.dispatchEvent(over);
    expect(over.defaultPrevented).to.equal(true);
    items()[0]!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect(items().map((li) => li.querySelector('.rank')!.textContent)).to.deep.equal(['1', '2', '3']);
    expect(items()[0]!.textContent).to.contain('Кітапхана');
    expect(norm(card(el, 'Кітапхана').textContent)).to.contain('Место 1');
  });

  it('filters a long ballot by category and district, and says when picks are hidden', async () => {
    const base = state.proposals.get('aksu')!.find((p) => p.id === 'aksu-1')!;
    for (let i = 0; i < 14; i++) {
      state.proposals.get('aksu')!.push({ ...base, id: `aksu-x${i}`, title: `Дополнительный проект ${i}`, category: i % 2 ? 'sport' : 'yards', district: i % 3 ? 'center' : 'zharma' });
    }
    const el = await mount(state, 'aksu', { kind: 'approval', min: 1, max: 3 });
    // A ballot this long draws its cards a few at a time (ballot-long.test.ts).
    await until(el, () => root(el).querySelectorAll('[part=card]').length === 20, 'every card');
    pick(el, 'Хоккейная').click();
    const category = q<HTMLSelectElement>(el, '#filter-category');
    category.value = 'safety';
    category.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(root(el).querySelectorAll('[part=card]').length).to.equal(2);
    expect(norm(q(el, '[part=filters]').textContent)).to.contain('Показано 2 из 20.');
    expect(norm(q(el, '[part=filters]').textContent)).to.contain('1 из выбранных вами скрыто фильтром');
    const district = q<HTMLSelectElement>(el, '#filter-district');
    category.value = '';
    category.dispatchEvent(new Event('change'));
    district.value = 'zharma';
    district.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(root(el).querySelectorAll('[part=card]').length).to.equal(7);
  });

  it('cards show photo, cost, description and an expandable detail', async () => {
    const p = state.proposals.get('aksu')!.find((x) => x.id === 'aksu-1')!;
    p.photos = [{ id: 'ph1', url: '/photos/ph1.jpg', width: 800, height: 600 }];
    const el = await mount(state, 'aksu');
    const c = card(el, 'Балалар ойын');
    expect(c.querySelector('img[part=photo]')!.getAttribute('src')).to.contain('/photos/ph1.jpg');
    expect(norm(c.textContent)).to.contain('8 500 000 ₸');
    expect(c.querySelector('h4')!.getAttribute('dir')).to.equal('auto');
    const details = c.querySelector('details')!;
    expect(details.open).to.equal(false);
    details.querySelector('summary')!.click();
    await el.updateComplete;
    expect(details.open).to.equal(true);
    expect(details.textContent).to.contain('Ауэзов көшесі, 12');
  });
});
