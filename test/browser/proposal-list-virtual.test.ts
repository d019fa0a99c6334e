// A long list draws only the rows on screen (@lit-labs/virtualizer): what residents rely on must still hold.
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from './support/dom.js';
import { sendKeys, setViewport } from './support/commands.js';
import '../../src/widgets/proposal-list/define.js';
import type { QalaProposalList } from '../../src/widgets/proposal-list/proposal-list.js';
import type { Backend } from '../../src/client/backend.js';
import type { Proposal, ProposalQuery } from '../../src/contract/index.js';
import { demoConfig } from '../../src/mock/fixtures.js';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import type { RangeChangedEvent, VisibilityChangedEvent } from '@lit-labs/virtualizer/events.js';

const N = 300;
const CATEGORIES = ['yards', 'sport', 'culture', 'safety'];

function proposals(n: number): Proposal[] {
  const at = new Date(Date.now() - 86_400_000).toISOString();
  return Array.from({ length: n }, (_, i) => ({
    id: `p-${i}`,
    cycleId: 'aksu-2026',
    title: `Жоба №${i + 1}: аулаға орындықтар`,
    description: 'Ескі орындықтардың орнына жаңа орындықтар қою.',
    category: CATEGORIES[i % 4]!,
    district: 'center',
    address: `Абай көшесі, ${i + 1}`,
    estimatedCost: 1_000_000 + i * 1000,
    photos: [],
    authorName: `Тұрғын ${i}`,
    status: 'on_ballot',
    history: [{ status: 'submitted', at }],
    createdAt: at,
    updatedAt: at,
  })) as Proposal[];
}

/** A host's own backend that answers every match in one page (as a large `page-size` or many "show more" do). */
function backend(items: Proposal[]): Backend {
  const config = demoConfig('aksu', Date.now(), 'voting');
  return {
    city: 'aksu',
    getConfig: async () => config,
    listProposals: async (q: ProposalQuery) => {
      const found = items.filter((p) => !q.category || p.category === q.category);
      return { items: found, nextCursor: null, total: found.length };
    },
    getProposal: async (id: string) => items.find((p) => p.id === id)!,
  } as unknown as Backend;
}

const $ = <T extends Element = HTMLElement>(el: QalaProposalList, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const items = (el: QalaProposalList) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="listitem"]')];
const positions = (el: QalaProposalList) => items(el).map((li) => Number(li.getAttribute('aria-posinset')));
const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

/** A row of cards partly or wholly on screen. */
const onScreen = (row: Element) => {
  const box = row.getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight;
};
/** The rows on screen still waiting for their cards (a placeholder each). */
const waitingOnScreen = (el: QalaProposalList) => [...el.shadowRoot!.querySelectorAll('.cards > .row[data-pending]')].filter(onScreen);

async function longList(list: Proposal[] = proposals(N)): Promise<QalaProposalList> {
  const el = await fixture<QalaProposalList>(html`<qala-proposal-list lang="kk" .backend=${backend(list)}></qala-proposal-list>`);
  await waitUntil(() => el.shadowRoot!.querySelector('.cards[aria-busy="false"]') && items(el).length > 0, 'the list did not settle', { timeout: 8000 });
  // And the virtualizer has given the list the height of all its rows (after its first layout, a frame or more
  // later in Firefox): a test that scrolls to the middle of the page before then scrolls to the middle of a screen.
  await waitUntil(() => document.documentElement.scrollHeight > 10 * window.innerHeight, 'the list was not given its height', { timeout: 5000 });
  await frame();
  return el;
}

describe('<qala-proposal-list> with a long list', () => {
  // The virtualizer measures the rows it has just placed in the same frame; Chromium then reports a benign
  // "ResizeObserver loop completed with undelivered notifications" on window (not in the console). Lit's own
  // virtualizer tests ignore it the same way.
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);
  beforeEach(() => setViewport({ width: 800, height: 600 }));
  afterEach(() => window.scrollTo(0, 0));

  it('draws only the cards on screen, each saying its place among all, and the rest as the page scrolls; passes axe', async () => {
    const el = await longList();
    const drawn = items(el).length;
    expect(drawn).to.be.greaterThan(0);
    expect(drawn).to.be.lessThan(N / 4);
    expect(items(el).every((li) => li.getAttribute('aria-setsize') === String(N))).to.equal(true);
    expect(positions(el)[0]).to.equal(1);
    // In order, one after another: a screen reader and the Tab key meet them as on paper.
    expect(positions(el)).to.deep.equal(positions(el).map((_, i) => i + 1));
    expect($(el, '[role="list"]').getAttribute('aria-labelledby')).to.equal('list-heading');
    await expect(el).to.be.accessible();

    window.scrollTo(0, document.documentElement.scrollHeight);
    await waitUntil(() => positions(el).includes(N), 'the last card was not drawn at the end of the page', { timeout: 5000 });
    expect(items(el).length).to.be.lessThan(N / 4);
    const last = items(el).find((li) => li.getAttribute('aria-posinset') === String(N))!;
    expect(last.textContent).to.contain(`Жоба №${N}:`);
    await expect(el).to.be.accessible();
  });

  it('draws the first cards in rows of as many as fit side by side, and about a screen of cards until the list settles', async () => {
    const el = document.createElement('qala-proposal-list') as QalaProposalList;
    el.lang = 'kk';
    el.backend = backend(proposals(N));
    const rowsDrawn: number[] = [];
    let cardsDrawn = 0;
    const watch = new MutationObserver((records) => {
      for (const r of records) {
        for (const node of r.addedNodes) {
          if (!(node instanceof Element)) continue;
          for (const row of [node, ...node.querySelectorAll('.row')].filter((n) => n.matches('.cards > .row'))) rowsDrawn.push(row.querySelectorAll('[role="listitem"]').length);
          cardsDrawn += node.matches('[part~="card"]') ? 1 : node.querySelectorAll('[part~="card"]').length;
        }
      }
    });
    document.body.append(el);
    watch.observe(el.shadowRoot!, { childList: true, subtree: true });
    try {
      await waitUntil(() => el.shadowRoot!.querySelector('.cards[aria-busy="false"]') && items(el).length > 0, 'the list did not settle', { timeout: 8000 });
      await frame();
      await frame();
      const columns = el.shadowRoot!.querySelector('.cards > .row')!.querySelectorAll('[role="listitem"]').length;
      expect(columns).to.be.greaterThan(1);
      // Not one card a row first and the rows drawn again once the list's width is known.
      expect(rowsDrawn[0]).to.equal(columns);
      // The first cards before the virtualizer's module arrives, then the rows on screen and the virtualizer's margin:
      // not the rows that would fit if each were 100 px high (its default guess), drawn and then dropped.
      expect(cardsDrawn).to.be.at.most(24 + items(el).length + columns);
    } finally {
      watch.disconnect();
      el.remove();
    }
  });

  it('Tab goes from card to card in order, past the first screen', async () => {
    const el = await longList();
    const first = $(el, '[data-index="0"]');
    first.focus();
    for (let i = 1; i <= 24; i++) {
      await sendKeys({ press: 'Tab' });
      await frame();
      const focused = el.shadowRoot!.activeElement as HTMLElement | null;
      expect(focused?.dataset.index, `Tab ${i}`).to.equal(String(i));
    }
    expect(window.scrollY).to.be.greaterThan(0);
  });

  it('keeps the page where it was when a filter changes', async () => {
    const el = await longList();
    const filters = $(el, '[part~="filters"]');
    window.scrollTo(0, filters.getBoundingClientRect().top + window.scrollY - 40);
    await frame();
    const before = filters.getBoundingClientRect().top;
    const select = $<HTMLSelectElement>(el, '#flt-category');
    select.value = 'sport';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => $(el, '#count').textContent!.includes(String(N / 4)) && el.shadowRoot!.querySelector('.cards[aria-busy="false"]'), 'the filter was not applied', { timeout: 5000 });
    await frame();
    expect(Math.abs(filters.getBoundingClientRect().top - before)).to.be.lessThan(2);
    expect(items(el).every((li) => li.getAttribute('aria-setsize') === String(N / 4))).to.equal(true);
  });

  it('a filter changed again before the first one is drawn: the rows show the latest only, every row on screen gets its cards', async () => {
    const el = await longList();
    const select = $<HTMLSelectElement>(el, '#flt-category');
    for (const category of ['sport', 'culture']) {
      select.value = category;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await el.updateComplete;
    }
    // A long list draws a few rows of cards per task; none may stay empty, nor show the first filter's cards.
    await waitUntil(
      () => $(el, '#count').textContent!.includes(String(N / 4)) && el.shadowRoot!.querySelector('.cards[aria-busy="false"]') && !el.shadowRoot!.querySelector('.row[data-pending]') && items(el).length > 0,
      'the second filter was not drawn',
      { timeout: 5000 },
    );
    await frame();
    expect(el.shadowRoot!.querySelector('.row[data-pending]')).to.equal(null);
    const numbers = items(el).map((li) => Number(/№(\d+)/.exec(li.textContent!)![1]));
    expect(numbers.every((n) => (n - 1) % 4 === 2), numbers.join(',')).to.equal(true);
    expect(positions(el)).to.deep.equal(positions(el).map((_, i) => i + 1));
    const rows = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.cards > .row')].filter(onScreen);
    expect(rows.length).to.be.greaterThan(0);
    expect(rows.every((r) => r.querySelector('[role="listitem"]'))).to.equal(true);
  });

  it('a jump far down the list: the rows the virtualizer puts on screen come first, a row of them in the same update, none beyond the screen before them', async () => {
    // Wide enough for three or more cards a row: two rows on screen would pass the cards drawn on screen between two
    // frames (SCREEN_CARDS, 4), so one row is drawn in the update. A row on screen not known as such (the
    // virtualizer's `visibilityChanged` unheard) would not be drawn there; one above the screen, the first of the
    // range, drawn there would come before the rows on screen.
    await setViewport({ width: 1400, height: 900 });
    const el = await longList();
    const list = $(el, '.cards');
    const now = performance.now();
    // Time stands still: no row waits for the per-task budget either, only for the caps.
    Object.defineProperty(performance, 'now', { value: () => now, configurable: true });
    const rows = () => [...list.children].filter((c) => c.matches('.row'));
    let visible = { first: -1, last: -1 };
    let seen: { first: number; last: number; drawnOnScreen: boolean[]; drawnOff: number; off: number } | null = null;
    const onVisible = (e: Event) => (visible = { first: (e as VisibilityChangedEvent).first, last: (e as VisibilityChangedEvent).last });
    const onRange = (e: Event) => {
      // After the virtualizer's own listener has drawn the new range's rows (one for each index from `first`).
      if (seen) return;
      const from = visible.first - (e as RangeChangedEvent).first;
      const drawn = rows().map((r) => !r.hasAttribute('data-pending'));
      const onScreen = drawn.slice(from, from + visible.last - visible.first + 1);
      const off = [...drawn.slice(0, from), ...drawn.slice(from + onScreen.length)];
      seen = { ...visible, drawnOnScreen: onScreen, drawnOff: off.filter(Boolean).length, off: off.length };
    };
    try {
      await frame();
      list.addEventListener('visibilityChanged', onVisible);
      list.addEventListener('rangeChanged', onRange);
      window.scrollTo(0, document.documentElement.scrollHeight / 2);
      await waitUntil(() => seen, 'the virtualizer did not draw the middle of the list', { timeout: 5000 });
      const said = JSON.stringify(seen);
      expect(seen!.first, said).to.be.greaterThan(10);
      expect(seen!.drawnOnScreen.length, said).to.be.greaterThan(1);
      // The first row on screen, and only it.
      expect(seen!.drawnOnScreen, said).to.deep.equal(seen!.drawnOnScreen.map((_, i) => i === 0));
      expect(seen!.off, said).to.be.greaterThan(0);
      expect(seen!.drawnOff, said).to.equal(0);
      // The next frames draw the rest of the screen, then the rows around it.
      await waitUntil(() => waitingOnScreen(el).length === 0, 'rows on screen still wait for their cards', { timeout: 3000 });
      await waitUntil(() => !list.querySelector('[data-pending]'), 'rows beyond the screen still wait for their cards', { timeout: 3000 });
    } finally {
      delete (performance as { now?: unknown }).now;
      list.removeEventListener('visibilityChanged', onVisible);
      list.removeEventListener('rangeChanged', onRange);
    }
  });

  it('Shift+Tab as WebKitGTK sends it (key "Unidentified", code Tab) draws the rows held back before focus moves', async () => {
    await setViewport({ width: 1400, height: 900 });
    const el = await longList();
    const list = $(el, '.cards');
    const now = performance.now();
    // Time stands still: rows wait only for the cap on cards beyond the screen, not for a task's budget.
    Object.defineProperty(performance, 'now', { value: () => now, configurable: true });
    const pending = () => list.querySelectorAll('.row[data-pending]').length;
    let seen: { before: number; after: number } | null = null;
    const onRange = () => {
      // After the virtualizer's own listener has put the new range's rows in: those beyond the cap wait.
      const before = pending();
      if (seen || !before) return;
      const card = list.querySelector<HTMLElement>('.row:not([data-pending]) button[data-index]')!;
      card.dispatchEvent(new KeyboardEvent('keydown', { key: 'Unidentified', code: 'Tab', shiftKey: true, bubbles: true, composed: true, cancelable: true }));
      seen = { before, after: pending() };
    };
    try {
      await frame();
      list.addEventListener('rangeChanged', onRange);
      window.scrollTo(0, document.documentElement.scrollHeight / 2);
      await waitUntil(() => seen, 'no row was held back after a jump', { timeout: 5000 });
      expect(seen!.before).to.be.greaterThan(0);
      expect(seen!.after).to.equal(0);
    } finally {
      delete (performance as { now?: unknown }).now;
      list.removeEventListener('rangeChanged', onRange);
    }
  });

  it('a fresh long list scrolled far at once stays there (the layout does not take the jump for its own error and scroll back to the first rows)', async function () {
    this.timeout(30_000);
    // In Firefox the flow layout, still measuring its first rows, scrolled the page back to them 3 to 16 times in 20
    // (a run of this test on that code failed 4 times in 6 with five lists; ten make it surer).
    for (let i = 0; i < 10; i++) {
      const el = await fixture<QalaProposalList>(html`<qala-proposal-list lang="kk" .backend=${backend(proposals(N))}></qala-proposal-list>`);
      // As soon as the page is as tall as the list: its first rows are still being measured.
      await waitUntil(() => document.documentElement.scrollHeight > 10 * window.innerHeight, 'the list was not given its height', { timeout: 8000 });
      const target = Math.round(document.documentElement.scrollHeight / 2);
      window.scrollTo(0, target);
      await new Promise((r) => setTimeout(r, 700));
      await frame();
      // Not back towards the first rows (the bug: ~10,000 px back). The layout may still correct its estimates by a
      // row or so (WebKit on a loaded machine: 669 px forward once).
      expect(window.scrollY, `run ${i + 1}: at ${window.scrollY}, scrolled to ${target}`).to.be.above(target - window.innerHeight);
      await waitUntil(() => positions(el).some((p) => p > 100), 'the middle of the list was not drawn', { timeout: 5000 });
      el.remove();
      window.scrollTo(0, 0);
    }
  });

  it('scrolled a screen a frame to the end and back, the page goes where it is sent both ways and keeps only the rows near the screen', async function () {
    this.timeout(30_000);
    const el = await longList();
    const page = document.scrollingElement!;
    const list = $(el, '.cards');
    // The virtualizer corrects the page by a row or so as it measures rows it had only estimated; pushed back by half a
    // screen or more, a reader scrolling up fast felt the list resist (upwards, 200 of 300 frames before the fix).
    const pushedBack: string[] = [];
    for (const direction of [1, -1]) {
      for (let i = 0; i < 200; i++) {
        const end = direction > 0 ? page.scrollHeight - window.innerHeight : 0;
        if (Math.abs(end - page.scrollTop) < 2) break;
        const want = direction > 0 ? Math.min(page.scrollTop + window.innerHeight, end) : Math.max(page.scrollTop - window.innerHeight, 0);
        page.scrollTop = want;
        await new Promise((r) => requestAnimationFrame(r));
        if (direction * (page.scrollTop - want) < -window.innerHeight / 2) pushedBack.push(`${Math.round(want)}→${Math.round(page.scrollTop)}`);
      }
    }
    expect(page.scrollTop, 'back at the top').to.be.lessThan(2);
    expect(pushedBack, pushedBack.join(', ')).to.deep.equal([]);
    // Every row drawn on the way has left the page again, and nothing of it stays behind: Lit (3.3.1 to 3.3.3) left
    // an empty comment in the list for each row removed, thousands after a long scroll, walked again at every frame.
    await frame();
    const rows = list.querySelectorAll(':scope > .row').length;
    const comments = [...list.childNodes].filter((n) => n.nodeType === Node.COMMENT_NODE).length;
    expect(rows).to.be.greaterThan(0);
    expect(comments, `${comments} comments for ${rows} rows`).to.be.at.most(2 * rows + 1);
  });

  it('scrolled faster than its cards can be drawn, a row on screen still waiting shows a placeholder as tall as a row, and gets its cards once the page stops', async function () {
    this.timeout(30_000);
    // Four or five columns and five rows of cards on screen: more new cards each frame than are drawn in one (SCREEN_CARDS).
    await setViewport({ width: 1280, height: 900 });
    const el = await longList();
    const page = document.scrollingElement!;
    let framesWithPlaceholders = 0;
    const flat: string[] = [];
    for (let i = 0; i < 30 && page.scrollTop + window.innerHeight < page.scrollHeight - 2; i++) {
      page.scrollTop += window.innerHeight;
      await new Promise((r) => requestAnimationFrame(r));
      const waiting = waitingOnScreen(el);
      if (waiting.length) framesWithPlaceholders++;
      for (const row of waiting) {
        const height = row.getBoundingClientRect().height;
        const content = getComputedStyle(row, '::before').content;
        if (content === 'none' || height < 100) flat.push(`${Math.round(height)} px, ${content}`);
      }
    }
    expect(framesWithPlaceholders, 'no row on screen waited for its cards: the test scrolled too slowly to say anything').to.be.greaterThan(0);
    expect(flat, 'rows waiting with no placeholder, or a flat one').to.deep.equal([]);
    await waitUntil(() => waitingOnScreen(el).length === 0, 'rows on screen still wait for their cards after the page stopped', { timeout: 3000 });
    const rowsOnScreen = [...el.shadowRoot!.querySelectorAll('.cards > .row')].filter(onScreen);
    expect(rowsOnScreen.length).to.be.greaterThan(0);
    expect(rowsOnScreen.every((row) => row.querySelector('[part~="card"]'))).to.equal(true);
  });

  it('cards side by side in a row are as tall as the tallest of them, whatever their words', async () => {
    await setViewport({ width: 1280, height: 900 });
    const items = proposals(N).map((p, i) => (i % 4 === 0 ? { ...p, title: `${p.title}: ${'ұзын атау '.repeat(12)}` } : p));
    const el = await longList(items);
    await waitUntil(() => !el.shadowRoot!.querySelector('[data-pending]'), 'rows still wait for their cards', { timeout: 3000 });
    const rows = [...el.shadowRoot!.querySelectorAll('.cards > .row')].map((row) => [...row.querySelectorAll<HTMLElement>('[part~="card"]')]).filter((cards) => cards.length > 1);
    expect(rows.length).to.be.greaterThan(0);
    // The words differ: the long title takes more lines than the others in its row.
    const titles = rows[0]!.map((card) => Math.round(card.querySelector('h3')!.getBoundingClientRect().height));
    expect(titles[0], titles.join(', ')).to.be.greaterThan(Math.max(...titles.slice(1)));
    const uneven = rows.map((cards) => cards.map((card) => Math.round(card.getBoundingClientRect().height))).filter((heights) => Math.max(...heights) - Math.min(...heights) > 1);
    expect(uneven.map((h) => h.join('/')).join(', ')).to.equal('');
  });

  it('coming back from a proposal deep in the list: the same place on the page, focus on its card', async () => {
    const el = await longList();
    window.scrollTo(0, document.documentElement.scrollHeight / 2);
    await waitUntil(() => positions(el).some((p) => p > 100), 'the middle of the list was not drawn', { timeout: 5000 });
    await frame();
    const button = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[data-index]')].find((b) => b.getBoundingClientRect().top > 0)!;
    const index = button.dataset.index!;
    const scrolled = window.scrollY;
    button.click();
    await waitUntil(() => el.shadowRoot!.querySelector('dialog')?.open, 'the proposal did not open', { timeout: 5000 });
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !el.shadowRoot!.querySelector('dialog')?.open && (el.shadowRoot!.activeElement as HTMLElement | null)?.dataset.index === index, 'focus did not come back to the card', {
      timeout: 5000,
    });
    expect(Math.abs(window.scrollY - scrolled)).to.be.lessThan(2);
  });

  it('focus comes back to a card that had left the screen while its proposal was open', async () => {
    const el = await longList();
    $(el, '[data-index="1"]').click();
    await waitUntil(() => el.shadowRoot!.querySelector('dialog')?.open, 'the proposal did not open', { timeout: 5000 });
    // The page behind a dialog can still scroll (a script, the scroll bar): card 2 is gone meanwhile.
    window.scrollTo(0, document.documentElement.scrollHeight);
    await waitUntil(() => !el.shadowRoot!.querySelector('[data-index="1"]'), 'the card stayed drawn', { timeout: 5000 });
    el.proposal = '';
    await waitUntil(() => (el.shadowRoot!.activeElement as HTMLElement | null)?.dataset.index === '1', 'focus did not come back to the card', { timeout: 5000 });
    const card = $(el, '[data-index="1"]').getBoundingClientRect();
    expect(card.top).to.be.greaterThan(-1);
    expect(card.bottom).to.be.lessThan(window.innerHeight + 1);
  });

  it('cards drawn while scrolling get their photos, and a council note in the reader’s language, in rows that keep their place', async () => {
    const withPhotos = proposals(N).map((p, i) => ({
      ...p,
      photos: i % 3 === 0 ? [{ id: `ph-${i}`, url: `/photos/p-${i}.jpg`, width: 1600, height: 1200 }] : [],
      ...(i % 5 === 0 ? { status: 'rejected', reviewNote: 'Жер телімі жоқ.\n\nНет участка.', reviewNotes: { kk: 'Жер телімі жоқ.', ru: 'Нет участка.' } } : {}),
    })) as Proposal[];
    const el = await fixture<QalaProposalList>(html`<qala-proposal-list lang="ru" .backend=${backend(withPhotos)}></qala-proposal-list>`);
    await waitUntil(() => el.shadowRoot!.querySelector('.cards[aria-busy="false"]') && items(el).length > 0, 'the list did not settle', { timeout: 8000 });
    await frame();
    // To the middle of the page, and again until the page is as tall as the list: the virtualizer's first layout
    // gives it that height a frame or more after the first cards (later in Firefox).
    const middle = () => positions(el).some((p) => p > 100);
    await waitUntil(() => middle() || void window.scrollTo(0, document.documentElement.scrollHeight / 2), 'the middle of the list was not drawn', { timeout: 5000 });
    const photoOf = (li: HTMLElement) => li.querySelector('img')?.getAttribute('src');
    await waitUntil(() => items(el).every((li) => photoOf(li) !== null), 'the photos were not given their addresses', { timeout: 5000 });
    for (const li of items(el)) {
      const i = Number(li.getAttribute('aria-posinset')) - 1;
      expect(photoOf(li), `card ${i + 1}`).to.equal(i % 3 === 0 ? `/photos/p-${i}.jpg` : undefined);
      if (i % 5 === 0) expect(li.querySelector('.reason')!.textContent).to.contain('Нет участка.').and.not.contain('Жер');
      expect(li.querySelector('.cost')!.textContent).to.match(/₸/);
    }
    await expect(el).to.be.accessible();
  });

  it('filtered short and back: scrolled down once, each card is made once (the first virtualizer does not draw its rows over the second’s)', async () => {
    await setViewport({ width: 360, height: 740 });
    const el = await fixture<QalaProposalList>(html`<qala-proposal-list lang="kk" .backend=${backend(proposals(60))}></qala-proposal-list>`);
    const settled = (n: number) => () => el.shadowRoot!.querySelector('.cards[aria-busy="false"]') && $(el, '#count').textContent!.includes(String(n)) && !el.shadowRoot!.querySelector('.row[data-pending]');
    await waitUntil(settled(60), 'the list did not settle', { timeout: 8000 });
    // A category of 15 (drawn without the virtualizer), then all 60 again: a new virtualizer.
    for (const category of ['sport', '']) {
      el.category = category;
      await waitUntil(settled(category ? 15 : 60), `the list did not settle on "${category}"`, { timeout: 8000 });
      await frame();
    }
    const page = document.scrollingElement!;
    page.scrollTop = $(el, '.cards').getBoundingClientRect().top + page.scrollTop;
    await frame();
    await frame();
    // Each card put into the page while it is scrolled down once: a row that comes into the page is made once, and
    // none goes back up into it.
    const made = new Map<string, number>();
    const watch = new MutationObserver((records) => {
      for (const r of records)
        for (const node of r.addedNodes)
          if (node instanceof Element)
            for (const card of node.matches('[part~="card"]') ? [node] : node.querySelectorAll('[part~="card"]')) {
              const id = card.querySelector('[data-id]')?.getAttribute('data-id') ?? '?';
              made.set(id, (made.get(id) ?? 0) + 1);
            }
    });
    watch.observe(el.shadowRoot!, { childList: true, subtree: true });
    try {
      // Down the page 120 px a frame, as a quick finger does, to the end of the list.
      for (let i = 0; i < 150 && page.scrollTop + window.innerHeight < page.scrollHeight - 10; i++) {
        page.scrollTop += 120;
        await new Promise((r) => requestAnimationFrame(r));
      }
      await frame();
    } finally {
      watch.disconnect();
    }
    expect(made.size).to.be.greaterThan(20);
    const again = [...made].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`);
    expect(again, `cards made more than once: ${again.join(', ')}`).to.deep.equal([]);
  });

  it('filtered short after a long list: the short list is as tall as its cards (no height, nor containment, left by the virtualizer)', async () => {
    await setViewport({ width: 360, height: 740 });
    const el = await fixture<QalaProposalList>(html`<qala-proposal-list lang="kk" .backend=${backend(proposals(60))}></qala-proposal-list>`);
    const settled = (n: number) => () => el.shadowRoot!.querySelector('.cards[aria-busy="false"]') && $(el, '#count').textContent!.includes(String(n)) && !el.shadowRoot!.querySelector('.row[data-pending]');
    await waitUntil(settled(60), 'the list did not settle', { timeout: 8000 });
    el.category = 'sport';
    await waitUntil(settled(15), 'the filter was not applied', { timeout: 8000 });
    await frame();
    const list = $(el, '.cards');
    const rows = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.cards > .row')];
    expect(rows.length).to.equal(15);
    expect(list.style.minHeight, 'min-height').to.equal('');
    expect(list.style.contain, 'contain').to.equal('');
    // The list ends where its last row does (not thousands of pixels of the long list's height below).
    expect(list.getBoundingClientRect().bottom - rows.at(-1)!.getBoundingClientRect().bottom).to.be.lessThan(40);
    await expect(el).to.be.accessible();
  });

  it('scrolled by the reader through cards of different heights, the page goes where the reader takes it, not back (the browser’s scroll anchoring would fight the virtualizer)', async () => {
    // Rows of different heights (photos, council notes): the virtualizer places and corrects them itself.
    const varied = proposals(80).map((p, i) => ({
      ...p,
      photos: i % 3 === 0 ? [{ id: `ph-${i}`, url: `/photos/p-${i}.jpg`, width: 1600, height: 1200 }] : [],
      ...(i % 5 === 0 ? { status: 'rejected', reviewNote: 'Жер телімі жоқ. '.repeat(1 + (i % 4)) } : {}),
    })) as Proposal[];
    await setViewport({ width: 1280, height: 900 });
    const el = await fixture<QalaProposalList>(html`<qala-proposal-list lang="kk" .backend=${backend(varied)}></qala-proposal-list>`);
    const settled = (n: number) => () => el.shadowRoot!.querySelector('.cards[aria-busy="false"]') && $(el, '#count').textContent!.includes(String(n)) && !el.shadowRoot!.querySelector('.row[data-pending]');
    await waitUntil(settled(varied.length), 'the list did not settle', { timeout: 8000 });
    // Short for a while (one category: drawn without the virtualizer), then long again.
    for (const category of ['sport', '', 'culture', '']) {
      el.category = category;
      await waitUntil(settled(category ? varied.length / 4 : varied.length), `the list did not settle on "${category}"`, { timeout: 8000 });
      await frame();
    }
    // Down the page 60 px a frame, as a finger does, through the scroller itself (not the virtualizer's scrollTo).
    const page = document.scrollingElement!;
    const jumps: string[] = [];
    for (let i = 0; i < 150 && page.scrollTop + window.innerHeight < page.scrollHeight - 100; i++) {
      const want = Math.round(page.scrollTop) + 60;
      page.scrollTop = want;
      await new Promise((r) => requestAnimationFrame(r));
      if (Math.abs(page.scrollTop - want) > 40) jumps.push(`${want}→${Math.round(page.scrollTop)}`);
    }
    expect(jumps, jumps.join(', ')).to.deep.equal([]);
    expect(page.scrollTop).to.be.greaterThan(3000);
  });
});
