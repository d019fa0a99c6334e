// A long ballot draws its cards a few at a time (no task long enough to block a slow phone): what residents rely on must still hold.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from './support/commands.js';
import { HttpBackend } from '../../src/client/http-backend.js';
import type { Proposal } from '../../src/contract/index.js';
import type { MockState } from '../../src/mock/handlers.js';
import '../../src/widgets/ballot/define.js';
import type { QalaBallot } from '../../src/widgets/ballot/ballot.js';
import { ChoicesController } from '../../src/widgets/ballot/choices-controller.js';
import { active, clearOutbox, norm, q, qa, root, shiftTab, until, verifyByCode } from './support/dom.js';
import { mockApi } from './support/msw.js';

const API = '/api/v1';
const CYCLE = 'aksu-long';
/** Projects on the ballot: 36 in the first pool, 24 in the second, as the server lists them (newest first). */
const N = 60;
/** The most cards one task may put into the page (the first screen, then a budget's worth): far fewer than a ballot. */
const MOST_AT_ONCE = 24;
const clearOwn = () => clearOutbox(CYCLE);

/** Aksu with a knapsack ballot in two pools and N projects, numbered in the order the ballot lists them. */
async function setup(): Promise<MockState> {
  const { state } = await mockApi();
  const config = state.configs.get('aksu')!;
  config.cycle.id = CYCLE;
  config.cycle.eligibility.residence = 'none';
  config.cycle.ballot = { kind: 'knapsack' };
  const [city] = config.cycle.pools;
  config.cycle.pools = [
    { ...city!, id: 'north', budget: 24_000_000, name: { kk: 'Солтүстік', ru: 'Север', en: 'North' } },
    { ...city!, id: 'south', budget: 20_000_000, name: { kk: 'Оңтүстік', ru: 'Юг', en: 'South' } },
  ];
  const base = state.proposals.get('aksu')!.find((p) => p.status === 'on_ballot')!;
  const at = Date.parse(base.createdAt);
  const projects = Array.from({ length: N }, (_, i): Proposal & { votes: number } => ({
    ...(base as Proposal & { votes: number }),
    id: `aksu-long-${i}`,
    title: `Жоба ${i + 1}: аулаға жаңа орындықтар`,
    estimatedCost: 4_000_000 + (i % 7) * 2_000_000,
    finalCost: 4_000_000 + (i % 7) * 2_000_000,
    poolId: i < 36 ? 'north' : 'south',
    createdAt: new Date(at - i * 60_000).toISOString(),
  }));
  state.proposals.set('aksu', projects);
  await clearOwn();
  return state;
}

const cards = (el: QalaBallot) => qa(el, '[part=card]');
const titles = (pool: Element) => [...pool.querySelectorAll('[part=card] h4')].map((h) => norm(h.textContent));

/** Counts the cards each mutation delivery puts into the widget (one delivery per render: never fewer than a task's). */
function watchCards(el: QalaBallot): { batches: number[]; stop: () => void } {
  const batches: number[] = [];
  const watch = new MutationObserver((records) => {
    let added = 0;
    for (const r of records) for (const node of r.addedNodes) if (node instanceof Element) added += node.matches('[part=card]') ? 1 : node.querySelectorAll('[part=card]').length;
    if (added) batches.push(added);
  });
  watch.observe(root(el), { childList: true, subtree: true });
  return { batches, stop: () => watch.disconnect() };
}

/**
 * Frames held back, as on a phone too busy to draw one (or a page in the background): cards drawn after a frame wait
 * for it. What a resident does in the meantime must work on the cards drawn so far and on those to come.
 */
function holdFrames(): () => void {
  const raf = window.requestAnimationFrame;
  window.requestAnimationFrame = () => 0;
  return () => void (window.requestAnimationFrame = raf);
}

/**
 * Frames drawn when the test says: `frame()` runs the animation callbacks waiting (or only those of `asked()` then).
 */
function manualFrames(): { asked: () => number[]; frame: (only?: number[]) => void; release: () => void } {
  const raf = window.requestAnimationFrame;
  const caf = window.cancelAnimationFrame;
  const waiting = new Map<number, FrameRequestCallback>();
  let id = 0;
  window.requestAnimationFrame = (callback) => (waiting.set(++id, callback), id);
  window.cancelAnimationFrame = (handle) => void waiting.delete(handle);
  return {
    asked: () => [...waiting.keys()],
    frame: (only) => {
      const now = [...waiting].filter(([handle]) => !only || only.includes(handle));
      for (const [handle, callback] of now) {
        waiting.delete(handle);
        callback(performance.now());
      }
    },
    release: () => {
      window.requestAnimationFrame = raf;
      window.cancelAnimationFrame = caf;
    },
  };
}

/** Where focus is, as "more:Жоба 3" (a card's "more"), "pick:Жоба 3" (its pick), or null when not in a card. */
function stop(el: QalaBallot): string | null {
  const focused = active(el);
  const card = focused?.closest('[part=card]');
  return card ? `${focused!.matches('summary') ? 'more' : focused!.matches('.pick input') ? 'pick' : focused!.tagName}:${norm(card.querySelector('h4')!.textContent).split(':')[0]}` : null;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
async function mount(): Promise<QalaBallot> {
  const el = await fixture<QalaBallot>(html`<qala-ballot lang="kk" .backend=${new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 })} .retryDelays=${[60_000]}></qala-ballot>`);
  await verifyByCode(el);
  return el;
}

describe('<qala-ballot> a long ballot', () => {
  let state: MockState;
  beforeEach(async () => {
    state = await setup();
  });
  afterEach(clearOwn);

  it('draws the first cards with the step and the rest a few at a time after it, in the order of the ballot; then every card shows and passes axe', async () => {
    const el = await fixture<QalaBallot>(html`<qala-ballot lang="kk" .backend=${new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 })}></qala-ballot>`);
    const drawn = watchCards(el);
    try {
      await verifyByCode(el);
      await until(el, () => cards(el).length === N, 'every card', 8000);
    } finally {
      drawn.stop();
    }
    expect(drawn.batches.reduce((a, b) => a + b, 0)).to.equal(N);
    expect(drawn.batches.length, drawn.batches.join(',')).to.be.greaterThan(2);
    expect(Math.max(...drawn.batches), drawn.batches.join(',')).to.be.at.most(MOST_AT_ONCE);
    const pools = qa(el, '[part=pool]');
    expect(titles(pools[0]!)).to.deep.equal(Array.from({ length: 36 }, (_, i) => `Жоба ${i + 1}: аулаға жаңа орындықтар`));
    expect(titles(pools[1]!)).to.deep.equal(Array.from({ length: 24 }, (_, i) => `Жоба ${i + 37}: аулаға жаңа орындықтар`));
    expect(root(el).querySelector('[part=pool] .skeleton')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('a card drawn after a tick knows what the picks leave: the cards that no longer fit say so, the others not', async () => {
    const release = holdFrames();
    let el: QalaBallot;
    try {
      el = await mount();
      await until(el, () => cards(el).length > 0, 'first cards');
      expect(cards(el).length, 'cards still to come').to.be.lessThan(N);
      // Жоба 6 costs 14 000 000 of the north's 24 000 000: 10 000 000 left.
      const sixth = cards(el).find((c) => norm(c.querySelector('h4')!.textContent).startsWith('Жоба 6:'))!;
      sixth.querySelector<HTMLInputElement>('.pick input')!.click();
      await el.updateComplete;
    } finally {
      release();
    }
    await until(el, () => cards(el).length === N, 'every card', 8000);
    const north = qa(el, '[part=pool]')[0]!;
    for (const card of north.querySelectorAll<HTMLElement>('[part=card]')) {
      const number = Number(/Жоба (\d+):/.exec(card.querySelector('h4')!.textContent!)![1]);
      const cost = 4_000_000 + ((number - 1) % 7) * 2_000_000;
      const input = card.querySelector<HTMLInputElement>('.pick input')!;
      if (number === 6) expect(input.checked, 'Жоба 6 ticked').to.equal(true);
      else {
        expect(input.getAttribute('aria-disabled'), `Жоба ${number}, ${cost}`).to.equal(cost > 10_000_000 ? 'true' : 'false');
        expect(!!card.querySelector('.blocked'), `Жоба ${number}, ${cost}: why not`).to.equal(cost > 10_000_000);
      }
    }
    expect(norm(q(el, '[part=meter]').textContent)).to.contain('10 000 000 ₸');
  });

  it('a pick makes again only the cards whose state it changed: on a slow phone a tick must not rebuild a hundred cards', async () => {
    const el = await mount();
    await until(el, () => cards(el).length === N, 'every card', 8000);
    const proto = ChoicesController.prototype as unknown as { cardOf(pool: unknown, project: Proposal, ...rest: unknown[]): unknown };
    const cardOf = proto.cardOf;
    const made: string[] = [];
    proto.cardOf = function (this: unknown, pool: unknown, project: Proposal, ...rest: unknown[]) {
      made.push(project.id);
      return cardOf.call(this, pool, project, ...rest);
    };
    try {
      // Жоба 1 costs 4 000 000 of the north's 24 000 000: every other card still fits, only its own changes.
      cards(el)[0]!.querySelector<HTMLInputElement>('.pick input')!.click();
      await el.updateComplete;
      expect(made).to.deep.equal(['aksu-long-0']);
      // Жоба 6 (14 000 000) leaves 6 000 000: it and the north's cards that cost more now say why not; the south's stay.
      made.length = 0;
      cards(el)[5]!.querySelector<HTMLInputElement>('.pick input')!.click();
      await el.updateComplete;
      const cost = (i: number) => 4_000_000 + (i % 7) * 2_000_000;
      const changed = Array.from({ length: 36 }, (_, i) => i).filter((i) => i === 5 || (i !== 0 && cost(i) > 6_000_000));
      expect([...made].sort()).to.deep.equal(changed.map((i) => `aksu-long-${i}`).sort());
    } finally {
      proto.cardOf = cardOf;
    }
    expect(cards(el)[0]!.querySelector<HTMLInputElement>('.pick input')!.checked, 'Жоба 1 still ticked').to.equal(true);
    expect(norm(q(el, '[part=meter]').textContent)).to.contain('6 000 000 ₸');
  });

  it('Tab reaches every card, its "more" and its pick, in the order of the ballot, those not drawn yet too, and Shift+Tab back from the review', async () => {
    const release = holdFrames();
    try {
      const el = await mount();
      await until(el, () => cards(el).length > 0, 'first cards');
      expect(cards(el).length, 'cards still to come').to.be.lessThan(N);
      expect(active(el)?.hasAttribute('data-step-heading'), 'focus on the heading').to.equal(true);
      const stops: string[] = [];
      for (let i = 0; i < 3 * N && !active(el)?.matches('.actions button.primary'); i++) {
        await sendKeys({ press: 'Tab' });
        const at = stop(el);
        if (at) stops.push(at);
      }
      expect(active(el)?.matches('.actions button.primary'), 'Tab reached the review button').to.equal(true);
      expect(stops).to.deep.equal(Array.from({ length: N }, (_, i) => [`more:Жоба ${i + 1}`, `pick:Жоба ${i + 1}`]).flat());

      // The ballot shown anew (back from the review), its first cards only: Tab from the last of them goes on to the
      // next card, Shift+Tab from the review button to the last card's pick.
      cards(el)[0]!.querySelector<HTMLInputElement>('.pick input')!.click();
      await el.updateComplete;
      q<HTMLButtonElement>(el, '.actions button.primary').click();
      await until(el, () => !!root(el).querySelector('[part=submit-button]'), 'review');
      qa<HTMLButtonElement>(el, '.actions button').find((b) => !b.matches('[part=submit-button]'))!.click();
      await until(el, () => cards(el).length > 0, 'the ballot again');
      expect(cards(el).length, 'cards still to come').to.be.lessThan(N);
      expect(cards(el)[0]!.querySelector<HTMLInputElement>('.pick input')!.checked, 'the pick kept').to.equal(true);
      const lastDrawn = cards(el).length;
      cards(el)[lastDrawn - 1]!.querySelector<HTMLInputElement>('.pick input')!.focus();
      await sendKeys({ press: 'Tab' });
      expect(stop(el)).to.equal(`more:Жоба ${lastDrawn + 1}`);
      q<HTMLButtonElement>(el, '.actions button.primary').focus();
      await shiftTab();
      expect(stop(el)).to.equal(`pick:Жоба ${N}`);
    } finally {
      release();
    }
  });

  it('one project a pool: the arrow keys go from the last card drawn on to the next, not round to the first', async () => {
    state.configs.get('aksu')!.cycle.ballot = { kind: 'single' };
    const release = holdFrames();
    try {
      const el = await mount();
      await until(el, () => cards(el).length > 0, 'first cards');
      const lastDrawn = cards(el).length;
      expect(lastDrawn, 'cards still to come').to.be.lessThan(36);
      cards(el)[lastDrawn - 1]!.querySelector<HTMLInputElement>('.pick input')!.focus();
      await sendKeys({ press: 'ArrowDown' });
      expect(stop(el)).to.equal(`pick:Жоба ${lastDrawn + 1}`);
      expect(active(el)!.matches(':checked'), 'the arrow chose it').to.equal(true);
    } finally {
      release();
    }
  });

  it('a tap on the review button while cards are still to come leaves them to come a few at a time; Shift+Tab from there still reaches the last card', async () => {
    const release = holdFrames();
    try {
      const el = await mount();
      await until(el, () => cards(el).length > 0, 'first cards');
      const review = q<HTMLButtonElement>(el, '.actions button.primary');
      review.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
      review.focus();
      await el.updateComplete;
      expect(cards(el).length, 'not every card at once').to.be.lessThan(N);
      await shiftTab();
      expect(stop(el)).to.equal(`pick:Жоба ${N}`);
    } finally {
      release();
    }
  });

  it('a filter changed while cards wait for a frame: the cards it shows wait for a frame after it, not for the one asked for before it', async () => {
    const frames = manualFrames();
    try {
      const el = await mount();
      await until(el, () => cards(el).length > 0, 'first cards');
      expect(cards(el).length, 'cards still to come').to.be.lessThan(N);
      const asked = frames.asked();
      const select = q<HTMLSelectElement>(el, '#filter-category');
      select.value = select.options[1]!.value;
      select.dispatchEvent(new Event('change'));
      await el.updateComplete;
      const first = cards(el).length;
      expect(first, 'cards still to come').to.be.lessThan(N);
      // The frame asked for before the filter comes: it draws nothing of what the filter shows.
      frames.frame(asked);
      await tick();
      await tick();
      await el.updateComplete;
      expect(cards(el).length, 'nothing drawn by the frame asked for before').to.equal(first);
      frames.frame();
      await until(el, () => cards(el).length > first, 'the next cards after a frame');
    } finally {
      frames.release();
    }
  });
});
