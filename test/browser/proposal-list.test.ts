import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from './support/dom.js';
import { sendKeys, setViewport } from './support/commands.js';
import { http, HttpResponse } from 'msw';
import '../../src/widgets/proposal-list/define.js';
import type { QalaProposalList } from '../../src/widgets/proposal-list/proposal-list.js';
import type { Proposal } from '../../src/contract/index.js';
import { cityDay } from '../../src/domain/city-time.js';
import { mockApi } from './support/msw.js';

let run = 0;
let API = '/api/v1';
async function fresh(options: Parameters<typeof mockApi>[0] = {}) {
  API = `/api/l${++run}`;
  return mockApi({ ...options, base: API });
}

async function mount(template: (api: string) => ReturnType<typeof html>): Promise<QalaProposalList> {
  const el = await fixture<QalaProposalList>(template(API));
  await waitUntil(() => el.shadowRoot!.querySelector('.cards[aria-busy="false"], .notice'), 'list did not load', { timeout: 5000 });
  await el.updateComplete;
  return el;
}
const list = (lang = 'ru', extra = '') => mount((api) => html`<qala-proposal-list api=${api} city="aksu" lang=${lang} .pageSize=${extra === 'paged' ? 5 : 20}></qala-proposal-list>`);

const $ = <T extends Element = HTMLElement>(el: QalaProposalList, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const $$ = (el: QalaProposalList, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const titles = (el: QalaProposalList) => $$(el, '[part~="card"] h3').map((h) => h.textContent!.trim());
const active = (el: QalaProposalList) => el.shadowRoot!.activeElement as HTMLElement | null;
const live = (el: QalaProposalList) => $(el, '[aria-live="polite"]').textContent!;

async function settle(el: QalaProposalList): Promise<void> {
  await aTimeout(30);
  await waitUntil(() => $(el, '.cards[aria-busy="false"]') || $(el, '.notice'), 'list did not settle', { timeout: 5000 });
  await el.updateComplete;
}

function select(el: QalaProposalList, sel: string, value: string): void {
  const s = $<HTMLSelectElement>(el, sel);
  s.value = value;
  s.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('<qala-proposal-list>', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('shows cards with lazy thumbnails, status in words, reasons and merges; passes axe in kk, ru and dark', async () => {
    await fresh({ phase: 'voting' });
    for (const lang of ['kk', 'ru']) {
      const el = await list(lang);
      expect($$(el, '[part~="card"]').length).to.equal(14);
      const card = $$(el, '[part~="card"]').find((c) => c.textContent!.includes('Освещение сквера'))!;
      const img = card.querySelector('img')!;
      expect(img.getAttribute('loading')).to.equal('lazy');
      expect(img.getAttribute('src')).to.equal('/photos/aksu-2-p1.jpg');
      expect(card.querySelector('[part~="badge"]')!.textContent).to.equal(lang === 'kk' ? 'Дауыс беруде' : 'В голосовании');
      expect(card.textContent).to.match(/6\s200\s000/);
      expect(card.textContent).to.contain(lang === 'kk' ? 'Қауіпсіздік' : 'Безопасность');
      const rejected = $$(el, '[part~="card"]').find((c) => c.textContent!.includes('Фонтан'))!;
      expect(rejected.querySelector('.reason')!.textContent).to.contain('Стоимость превышает лимит');
      expect(rejected.querySelector('.badge')!.classList.contains('tone-danger')).to.equal(true);
      const merged = $$(el, '[part~="card"]').find((c) => c.textContent!.includes('Аулаға арналған'))!;
      expect(merged.querySelector('.reason button')!.textContent).to.contain('Балалар ойын алаңы');
      // …and the council's words about the merge, on the card itself.
      expect(merged.textContent).to.contain('Осы мекенжайдағы ұқсас өтініммен біріктірілді.');
      // User text is isolated.
      expect(card.querySelector('h3 [dir="auto"].user-text')).to.exist;
      await expect(el).to.be.accessible();
      el.theme = 'dark';
      await el.updateComplete;
      await expect(el).to.be.accessible();
      el.remove();
    }
  });

  it('shows skeletons while loading, then an error with a retry that moves focus to the result', async () => {
    const { use } = await fresh({ phase: 'voting', latency: 150 });
    let fail = true;
    use(http.get(`${API}/cities/aksu/proposals`, () => (fail ? HttpResponse.json({ code: 'unavailable', message: 'down' }, { status: 400 }) : undefined)));
    const el = await fixture<QalaProposalList>(html`<qala-proposal-list api=${API} city="aksu" lang="kk"></qala-proposal-list>`);
    expect($(el, '[aria-busy="true"] .skeleton')).to.exist;
    await expect(el).to.be.accessible();
    await waitUntil(() => $(el, '.notice.error'), 'no error', { timeout: 5000 });
    expect($(el, '.notice.error').textContent).to.contain('Сервер қолжетімсіз');
    await expect(el).to.be.accessible();
    fail = false;
    $<HTMLButtonElement>(el, '.notice.error button').click();
    await waitUntil(() => active(el)?.id === 'count', 'focus not on the result', { timeout: 5000 });
    expect($(el, '#count').textContent).to.equal('14 өтінім');
  });

  it('filters by category, district and status, searches, sorts, and reflects it all in attributes', async () => {
    const { use } = await fresh({ phase: 'voting' });
    const queries: string[] = [];
    use(http.get(`${API}/cities/aksu/proposals`, ({ request }) => {
      queries.push(new URL(request.url).search);
      return undefined;
    }));
    const el = await list('ru');
    select(el, '#flt-category', 'sport');
    await settle(el);
    expect(el.getAttribute('category')).to.equal('sport');
    expect(titles(el).length).to.equal(4);
    await waitUntil(() => live(el).includes('4 заявки'), 'count not announced');
    select(el, '#flt-district', 'zharma');
    await settle(el);
    expect(titles(el).length).to.equal(3);
    select(el, '#flt-status', 'on_ballot');
    await settle(el);
    expect(el.getAttribute('status')).to.equal('on_ballot');
    expect(titles(el)).to.have.members(['Workout-площадка в микрорайоне Жарма', 'Хоккейная коробка во дворе']);
    select(el, '#flt-sort', 'cost_desc');
    await settle(el);
    expect(el.getAttribute('sort')).to.equal('cost_desc');
    expect(titles(el)[0]).to.equal('Хоккейная коробка во дворе');
    const search = $<HTMLInputElement>(el, '#flt-q');
    search.value = 'турники';
    search.dispatchEvent(new Event('input', { bubbles: true }));
    await waitUntil(() => el.getAttribute('q') === 'турники', 'search not applied');
    await settle(el);
    expect(titles(el)).to.deep.equal(['Workout-площадка в микрорайоне Жарма']);
    expect(queries.at(-1)).to.contain('category=sport').and.contain('district=zharma').and.contain('status=on_ballot').and.contain('sort=cost_desc').and.contain('q=');
    // Votes are hidden in Aksu until results, so no sort by votes.
    expect([...$<HTMLSelectElement>(el, '#flt-sort').options].map((o) => o.value)).to.not.include('votes');
  });

  it('a city with live counts offers sorting by votes from the start of voting, not before (the server has no counts to sort by then)', async () => {
    const sorts = (el: QalaProposalList) => [...$<HTMLSelectElement>(el, '#flt-sort').options].map((o) => o.value);
    await fresh({ phase: 'submission' });
    const early = await mount((api) => html`<qala-proposal-list api=${api} city="rudny" lang="ru"></qala-proposal-list>`);
    expect(sorts(early)).to.not.include('votes');
    early.remove();
    await fresh({ phase: 'voting' });
    const live = await mount((api) => html`<qala-proposal-list api=${api} city="rudny" lang="ru"></qala-proposal-list>`);
    expect(sorts(live)).to.include('votes');
  });

  it('takes filters preset by the host and offers sorting by votes when the city shows them', async () => {
    const { state } = await fresh({ phase: 'results' });
    const aksu = state.proposals.get('aksu')!;
    aksu.find((p) => p.id === 'aksu-1')!.votes = 412;
    aksu.find((p) => p.id === 'aksu-2')!.votes = 380;
    const el = await mount((api) => html`<qala-proposal-list api=${api} city="aksu" lang="ru" status="on_ballot" sort="votes"></qala-proposal-list>`);
    expect(titles(el).length).to.equal(6);
    expect(titles(el)[0]).to.equal('Балалар ойын алаңы, Ауэзов көшесі 12');
    expect($<HTMLSelectElement>(el, '#flt-sort').value).to.equal('votes');
    expect($$(el, '[part~="card"]')[0]!.textContent).to.contain('412 голосов');
    el.setAttribute('status', 'rejected,merged');
    await settle(el);
    expect(titles(el).length).to.equal(2);
    expect($<HTMLSelectElement>(el, '#flt-status').value).to.equal('__some');
  });

  it('keeps state in the URL hash only with sync-url, and opens a deep link', async () => {
    await fresh({ phase: 'voting' });
    const plain = await list('ru');
    select(plain, '#flt-category', 'culture');
    await settle(plain);
    expect(location.hash).to.equal('');
    // Nor does it follow a hash of ours that another list (with sync-url) or a link sets.
    history.replaceState(null, '', '#qala:category=sport');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await settle(plain);
    expect(plain.category).to.equal('culture');
    history.replaceState(null, '', location.pathname + location.search);
    plain.remove();

    history.replaceState(null, '', '#qala:category=sport&proposal=aksu-6');
    const el = await mount((api) => html`<qala-proposal-list api=${api} city="aksu" lang="ru" sync-url></qala-proposal-list>`);
    expect(el.category).to.equal('sport');
    await waitUntil(() => $<HTMLDialogElement>(el, 'dialog').open, 'deep link did not open');
    // The dialog opens at once and says it is loading until the proposal arrives (slower in WebKit).
    await waitUntil(() => $(el, '#detail-title').textContent!.includes('Хоккейная коробка'), `the deep-linked proposal did not load: ${$(el, '#detail-title').textContent}`);
    select(el, '#flt-status', 'on_ballot');
    await settle(el);
    expect(location.hash).to.contain('status=on_ballot').and.contain('category=sport');
    $<HTMLButtonElement>(el, 'dialog form button').click();
    await waitUntil(() => !location.hash.includes('proposal='), 'hash still has the proposal');
    history.replaceState(null, '', '#qala:category=yards');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await settle(el);
    expect(el.category).to.equal('yards');
    expect(el.status).to.equal('');
  });

  it('"show more" loads the next page and keeps keyboard focus in place', async () => {
    await fresh({ phase: 'voting' });
    const el = await list('ru', 'paged');
    expect(titles(el).length).to.equal(5);
    const more = $<HTMLButtonElement>(el, '[part~="show-more"]');
    more.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => titles(el).length === 10, 'second page not loaded');
    await el.updateComplete;
    expect(active(el)).to.equal($(el, '[part~="show-more"]'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => titles(el).length === 14, 'last page not loaded');
    await waitUntil(() => active(el)?.dataset.index === '10', 'focus not on the first new card');
    expect($(el, '[part~="show-more"]')).to.not.exist;
    await expect(el).to.be.accessible();
  });

  it('opens details in a dialog with description, photos and history, and returns focus on close', async () => {
    await fresh({ phase: 'voting' });
    const el = await list('kk');
    const button = $$(el, '[part~="card"] h3 button').find((b) => b.textContent!.includes('Видеонаблюдение'))!;
    button.focus();
    const opened = oneEvent(el, 'qala-proposal-opened');
    button.click();
    expect((await opened).detail).to.deep.equal({ id: 'aksu-14' });
    const dialog = $<HTMLDialogElement>(el, 'dialog');
    await waitUntil(() => dialog.open && active(el)?.id === 'detail-title', 'dialog not focused');
    expect(dialog.textContent).to.contain('Камеры на въездах');
    expect(dialog.querySelectorAll('.gallery img').length).to.equal(0);
    expect(dialog.querySelectorAll('.history li').length).to.equal(3);
    expect(el.getAttribute('proposal')).to.equal('aksu-14');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open && active(el) === button, 'focus not returned');
    expect(el.hasAttribute('proposal') && el.getAttribute('proposal') !== '').to.equal(false);

    // A proposal with photos and a merge link inside the dialog.
    $$(el, '[part~="card"] h3 button').find((b) => b.textContent!.includes('Аулаға арналған'))!.click();
    await waitUntil(() => dialog.open);
    $<HTMLButtonElement>(el, 'dialog .reason button').click();
    await waitUntil(() => $(el, '#detail-title').textContent!.includes('Балалар ойын алаңы'), 'merge link did not open');
    expect(dialog.querySelectorAll('.gallery img').length).to.equal(2);
    expect(dialog.querySelector('.gallery img')!.getAttribute('alt')).to.equal('2 фотоның 1-сі');
  });

  it('opens a proposal that is not on the current page, and says when it does not exist', async () => {
    await fresh({ phase: 'voting' });
    const el = await mount((api) => html`<qala-proposal-list api=${api} city="aksu" lang="ru" status="implemented" proposal="aksu-13"></qala-proposal-list>`);
    await waitUntil(() => $<HTMLDialogElement>(el, 'dialog').open && $(el, '.gallery'), 'deep link not opened');
    expect($$(el, 'dialog .gallery img').length).to.equal(3);
    el.proposal = 'nope-1';
    await waitUntil(() => $(el, 'dialog .notice.error'), 'no not-found message', { timeout: 5000 });
    expect($(el, 'dialog .notice.error').textContent).to.equal('Такая заявка не найдена.');
    await expect(el).to.be.accessible();
  });

  it('explains an empty list by the phase, and offers to reset filters when they hide everything', async () => {
    const { state } = await fresh({ phase: 'review' });
    state.proposals.set('aksu', []);
    const el = await list('ru');
    const review = state.configs.get('aksu')!.cycle.phases.review;
    // The city's day by its own offset, not this browser's zone database (WebKitGTK's is older than March 2024 and reads Almaty an hour late).
    const { year, month, day } = cityDay('Asia/Almaty', new Date(Date.parse(review.end) - 1));
    const last = `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`;
    expect($(el, '.notice').textContent).to.contain(`Заявки проходят экспертизу до ${last}`);
    await expect(el).to.be.accessible();

    const { state: s2 } = await fresh({ phase: 'voting' });
    void s2;
    const el2 = await mount((api) => html`<qala-proposal-list api=${api} city="aksu" lang="kk" q="жоқ-сөз-xyz"></qala-proposal-list>`);
    expect($(el2, '.notice').textContent).to.contain('ештеңе табылмады');
    await expect(el2).to.be.accessible();
    $<HTMLButtonElement>(el2, '.notice button').click();
    await waitUntil(() => active(el2)?.id === 'count' && titles(el2).length === 14, 'reset did not bring everything back');
    expect(el2.getAttribute('q')).to.equal('');
  });

  it('renders user text as text: markup stays inert, bidi is isolated, long words wrap at 360 px', async () => {
    await setViewport({ width: 360, height: 740 });
    const { state } = await fresh({ phase: 'voting' });
    const base = state.proposals.get('aksu')![0]!;
    const evil: Proposal = {
      ...base,
      id: 'aksu-99',
      title: '<img src=x onerror="window.__pwned=1"> \u202Eتجربة عنوان',
      description: 'Сверхдлинноеслово'.repeat(20),
      authorName: 'مستخدم',
      photos: [],
      createdAt: new Date().toISOString(),
    };
    state.proposals.get('aksu')!.unshift(evil);
    const el = await list('ru');
    const card = $$(el, '[part~="card"]')[0]!;
    expect(card.querySelector('img')).to.equal(null);
    expect(card.querySelector('h3')!.textContent).to.contain('<img');
    expect(card.querySelector('h3')!.textContent).to.not.contain('\u202E');
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    card.querySelector<HTMLButtonElement>('h3 button')!.click();
    await waitUntil(() => $<HTMLDialogElement>(el, 'dialog').open);
    expect($(el, 'dialog .description').getAttribute('dir')).to.equal('auto');
    const dialog = $<HTMLDialogElement>(el, 'dialog');
    expect(dialog.scrollWidth).to.be.at.most(dialog.clientWidth + 1);
    expect(document.documentElement.scrollWidth).to.be.at.most(360);
    dialog.close();
    await el.updateComplete;
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    await expect(el).to.be.accessible();
  });

  it('a keystroke in the search does not draw the list again; the applied search does, keeping what was typed', async () => {
    await fresh({ phase: 'voting' });
    const el = await list('ru');
    const search = $<HTMLInputElement>(el, '#flt-q');
    search.value = 'скве';
    search.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: 'е' }));
    expect(el.isUpdatePending, 'a keystroke asked for an update of the whole list').to.equal(false);
    // A change the list draws before the search is applied (another filter) keeps the text typed.
    select(el, '#flt-category', 'safety');
    await el.updateComplete;
    expect(search.value).to.equal('скве');
    await waitUntil(() => el.getAttribute('q') === 'скве', 'search not applied');
    await settle(el);
    expect(search.value).to.equal('скве');
    expect(titles(el)).to.deep.equal(['Освещение сквера у Дворца культуры']);
    await waitUntil(() => live(el).includes($(el, '#count').textContent!.trim()), 'count not announced');
  });

  it('works with the keyboard alone: filters, open a card, close it', async () => {
    await fresh({ phase: 'voting' });
    const el = await list('ru');
    $<HTMLInputElement>(el, '#flt-q').focus();
    await sendKeys({ type: 'сквера' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.getAttribute('q') === 'сквера', 'search not applied by Enter');
    await settle(el);
    expect(titles(el)).to.deep.equal(['Освещение сквера у Дворца культуры']);
    const stops: string[] = [];
    for (let i = 0; i < 6; i++) {
      await sendKeys({ press: 'Tab' });
      stops.push(active(el)?.id || active(el)?.dataset.index || active(el)?.textContent!.trim() || '');
    }
    expect(stops).to.deep.equal(['flt-category', 'flt-district', 'flt-status', 'flt-sort', 'Сбросить фильтры', '0']);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $<HTMLDialogElement>(el, 'dialog').open, 'Enter did not open');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => active(el)?.dataset.index === '0', 'focus not back on the card');
  });
});
