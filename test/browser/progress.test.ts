import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { HttpBackend } from '../../src/client/http-backend.js';
import { progressFixtures } from '../../src/mock/progress-handlers.js';
import '../../src/widgets/progress/define.js';
import '../../src/widgets/results/define.js';
import type { QalaResults } from '../../src/widgets/results/results.js';
import type { QalaProgress } from '../../src/widgets/progress/progress.js';
import { projectFromHash } from '../../src/widgets/progress/progress.js';
import { sendKeys, setViewport } from './support/commands.js';
import { active, fits, norm, q, qa, root, text, waitUntil } from './support/dom.js';
import { mockApi } from './support/msw.js';

const API = '/api/v1';
const backend = () => new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 });
const ready = (el: QalaProgress) =>
  waitUntil(() => !!root(el).querySelector('[part=heading]') && !root(el).querySelector('[aria-busy=true]'), 'rendered', { timeout: 5000 }).then(() => el.updateComplete);
const cards = (el: QalaProgress) => qa(el, '[part=card]');
// Photos are lazy: Firefox and WebKit fetch one only once it is near the screen, as a resident scrolling would bring it.
const photosLoaded = (el: QalaProgress) =>
  waitUntil(
    () => qa<HTMLImageElement>(el, 'img').every((img) => (img.complete && img.naturalWidth > 0) || (img.scrollIntoView({ block: 'nearest' }), false)),
    'photos loaded',
    { timeout: 8000 },
  );

async function select(el: QalaProgress, id: string, value: string) {
  // The filter is drawn with the list, once the city's config is there too (`ready`); waiting costs nothing.
  await waitUntil(() => root(el).querySelector(`#${id}`), `no #${id}`, { timeout: 5000 });
  const s = q<HTMLSelectElement>(el, `#${id}`);
  s.value = value;
  s.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}

describe('<qala-progress>', () => {
  beforeEach(async () => {
    history.replaceState(null, '', location.pathname + location.search);
    await mockApi({ phase: 'submission' });
  });
  afterEach(async () => {
    history.replaceState(null, '', location.pathname + location.search);
    await setViewport({ width: 800, height: 600 });
  });

  it('reads a project from the address', () => {
    expect(projectFromHash('#project=aksu-2025-light')).to.equal('aksu-2025-light');
    expect(projectFromHash('#project=a%20b')).to.equal('a b');
    expect(projectFromHash('#project=')).to.equal(null);
    expect(projectFromHash('#other')).to.equal(null);
    expect(projectFromHash('#project=%E0%A4%A')).to.equal(null);
  });

  for (const [lang, words] of [
    ['ru', { title: 'Как реализуются проекты-победители', state: 'Реализуется', spent: 'Потрачено', cancelled: 'Проект отменён', over: 'Сверх утверждённой стоимости', feed: 'Подписаться на новости (Atom)' }],
    ['kk', { title: 'Жеңімпаз жобалар қалай іске асырылуда', state: 'Іске асырылуда', spent: 'жұмсалды', cancelled: 'Жоба тоқтатылды', over: 'Бекітілген құннан артық', feed: 'Жаңалықтарға жазылу (Atom)' }],
    ['en', { title: 'How the winning projects are being built', state: 'In progress', spent: 'Spent', cancelled: 'This project was cancelled', over: 'Above the approved cost', feed: 'Subscribe to the news (Atom)' }],
  ] as const) {
    it(`lists the winners with progress, money, photos and news (${lang}), axe-clean`, async () => {
      const el = await fixture<QalaProgress>(html`<qala-progress lang=${lang} .backend=${backend()}></qala-progress>`);
      await ready(el);
      const t = text(el);
      expect(t).to.contain(words.title);
      // Last year's four and this year's two (built, being built): the funded proposals of every cycle.
      expect(cards(el).length).to.equal(6);
      expect(cards(el).map((c) => c.querySelector('a[data-project]')!.getAttribute('data-project'))).to.deep.equal([
        'aksu-13',
        'aksu-14',
        'aksu-2025-light',
        'aksu-2025-play',
        'aksu-2025-sport',
        'aksu-2025-walk',
      ]);
      expect(t).to.contain(words.state);
      expect(t).to.contain(words.spent);
      expect(t).to.contain(words.cancelled);
      expect(t).to.contain(words.over);
      const bar = (id: string) => q(el, `a[data-project="${id}"]`).closest('[part=card]')!.querySelector('progress')!;
      expect(bar('aksu-2025-light').value).to.equal(60);
      expect(bar('aksu-14').value).to.equal(35);
      expect(q(el, '[part=feed]').textContent).to.contain(words.feed);
      expect(q<HTMLAnchorElement>(el, '[part=feed]').href).to.contain(`/api/v1/cities/aksu/progress/feed.atom?lang=${lang}`);
      // Money in the city's format: groups with a no-break space, ₸ after the number.
      expect(t).to.match(/5\s000\s000|6\s000\s000|5\s800\s000/);
      await photosLoaded(el);
      const img = q<HTMLImageElement>(el, '[part=card] img');
      expect(img.alt).to.match(/:/);
      await expect(el).to.be.accessible();
    });
  }

  it('filters by district and by state; says when nothing matches', async () => {
    const el = await fixture<QalaProgress>(html`<qala-progress lang="ru" .backend=${backend()}></qala-progress>`);
    await ready(el);
    await select(el, 'f-district', 'kalkaman');
    expect(cards(el).map((c) => norm(c.querySelector('h3')!.textContent))).to.deep.equal(['Спортивная площадка в с. Калкаман']);
    await select(el, 'f-state', 'implemented');
    expect(cards(el).length).to.equal(0);
    expect(text(el)).to.contain('Под выбранные условия проектов нет.');
    await expect(el).to.be.accessible();
    await select(el, 'f-district', '');
    expect(cards(el).map((c) => norm(c.querySelector('h3')!.textContent))).to.deep.equal(['Спорт алаңындағы жаттығу құралдары', 'Детская площадка в мкр. Ертіс']);
    expect(text(el)).to.contain('Показано 2 проекта из 6.');
  });

  it('opens a project page from the address, with stages, news, before/after photos; back keeps the focus on its card', async () => {
    const el = await fixture<QalaProgress>(html`<qala-progress lang="ru" .backend=${backend()}></qala-progress>`);
    await ready(el);
    const link = q<HTMLAnchorElement>(el, 'a[data-project="aksu-2025-play"]');
    expect(new URL(link.href).hash).to.equal('#project=aksu-2025-play');
    link.click();
    await waitUntil(() => !!root(el).querySelector('#project-h'), 'project page', { timeout: 5000 });
    await el.updateComplete;
    expect(location.hash).to.equal('#project=aksu-2025-play');
    expect(active(el)?.id).to.equal('project-h', 'the focus moves to the project heading');
    const t = text(el);
    expect(t).to.contain('Детская площадка в мкр. Ертіс');
    expect(t).to.contain('Реализован');
    expect(t).to.contain('Подорожало резиновое покрытие.');
    expect(qa(el, '[part=timeline] li').length).to.equal(2);
    expect(qa(el, '[part=update]').length).to.equal(2);
    const pair = qa(el, '.photos.pair figcaption').map((f) => norm(f.textContent));
    expect(pair).to.deep.equal(['До', 'После']);
    await photosLoaded(el);
    expect(q<HTMLAnchorElement>(el, '[part=feed]').href).to.contain('/progress/aksu-2025-play/feed.atom');
    await expect(el).to.be.accessible();

    q<HTMLAnchorElement>(el, '[part=back]').click();
    await waitUntil(() => cards(el).length === 6, 'back to the list', { timeout: 5000 });
    await el.updateComplete;
    await el.updateComplete;
    expect(active(el)?.getAttribute('data-project')).to.equal('aksu-2025-play');
  });

  it('the project attribute deep-links a page; an unknown project says so', async () => {
    const el = await fixture<QalaProgress>(html`<qala-progress lang="en" project="aksu-2025-light" .backend=${backend()}></qala-progress>`);
    await ready(el);
    expect(text(el)).to.contain('Stages');
    expect(qa(el, '[part=timeline] li').map((li) => norm(li.querySelector('.badge')!.textContent))).to.deep.equal(['Done', 'Done', 'Under way', 'Planned']);
    expect(text(el)).to.contain('ТОО «Жарық Сервис»');
    await expect(el).to.be.accessible();
    el.project = 'nope';
    await waitUntil(() => text(el).includes('There is no such project among the funded ones.'), 'not found', { timeout: 5000 });
    await expect(el).to.be.accessible();
  });

  it('works with the keyboard alone: filters, then a card link opens the page, the back link returns', async () => {
    const el = await fixture<QalaProgress>(html`<qala-progress lang="ru" .backend=${backend()}></qala-progress>`);
    await ready(el);
    q<HTMLSelectElement>(el, '#f-state').focus();
    await sendKeys({ press: 'Tab' });
    expect(active(el)?.getAttribute('data-project'), 'the first card link follows the filters').to.equal('aksu-13');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !!root(el).querySelector('#project-h'), 'project page', { timeout: 5000 });
    await el.updateComplete;
    expect(active(el)?.id).to.equal('project-h');
    q<HTMLAnchorElement>(el, '[part=back]').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => cards(el).length === 6, 'back to the list', { timeout: 5000 });
  });

  it('fits 360 px, list and page', async () => {
    await setViewport({ width: 360, height: 740 });
    const el = await fixture<QalaProgress>(html`<qala-progress lang="kk" .backend=${backend()}></qala-progress>`);
    await ready(el);
    fits(el, 'list');
    el.project = 'aksu-2025-light';
    await waitUntil(() => !!root(el).querySelector('#project-h'), 'project page', { timeout: 5000 });
    await el.updateComplete;
    fits(el, 'page', '[part=timeline], [part=photos], [part=money], [part=update]');
    await expect(el).to.be.accessible();
  });

  it('dark theme is axe-clean', async () => {
    const el = await fixture<QalaProgress>(html`<qala-progress lang="ru" theme="dark" .backend=${backend()}></qala-progress>`);
    await ready(el);
    await expect(el).to.be.accessible();
  });

  it('a cycle attribute shows that cycle only', async () => {
    const el = await fixture<QalaProgress>(html`<qala-progress lang="ru" cycle="aksu-2026" api=${API} city="aksu"></qala-progress>`);
    await ready(el);
    expect(cards(el).map((c) => c.querySelector('a[data-project]')!.getAttribute('data-project'))).to.deep.equal(['aksu-13', 'aksu-14']);
    expect(text(el)).to.contain('2026');
    expect(text(el)).not.to.contain('2025');
    await expect(el).to.be.accessible();
  });

  it('what is funded follows the proposals’ statuses: a new winner appears, and with none funded it is said plainly', async () => {
    const { state } = await mockApi({ phase: 'results' });
    const aksu = state.proposals.get('aksu')!;
    aksu.find((p) => p.id === 'aksu-1')!.status = 'winner';
    const first = await fixture<QalaProgress>(html`<qala-progress lang="ru" cycle="aksu-2026" api=${API} city="aksu"></qala-progress>`);
    await ready(first);
    expect(cards(first).map((c) => c.querySelector('a[data-project]')!.getAttribute('data-project'))).to.deep.equal(['aksu-1', 'aksu-13', 'aksu-14']);
    expect(norm(cards(first)[0]!.querySelector('[part=state]')!.textContent), 'no record yet: not started').to.equal('Ещё не начат');

    for (const p of aksu) if (['winner', 'in_progress', 'implemented', 'cancelled'].includes(p.status)) p.status = 'not_funded';
    const el = await fixture<QalaProgress>(html`<qala-progress lang="ru" cycle="aksu-2026" api=${API} city="aksu"></qala-progress>`);
    await ready(el);
    expect(text(el)).to.contain('Профинансированных проектов пока нет.');
    expect(text(el)).to.contain('2026');
    await expect(el).to.be.accessible();
  });

  it('offline: the error and a retry, then the last good answer stays on screen when a refresh fails', async () => {
    const { use } = await mockApi({ phase: 'submission' });
    let down = true;
    use(http.get(`${API}/cities/aksu/progress`, () => (down ? HttpResponse.error() : undefined)));
    const el = await fixture<QalaProgress>(html`<qala-progress lang="ru" .backend=${backend()}></qala-progress>`);
    await ready(el);
    expect(q(el, '[role=alert]').textContent).to.contain('Нет соединения с сервером.');
    await expect(el).to.be.accessible();
    down = false;
    q<HTMLButtonElement>(el, 'button.primary').click();
    await waitUntil(() => cards(el).length === 6, 'loaded after retry', { timeout: 5000 });
    down = true;
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => text(el).includes('Не удалось обновить данные'), 'stale notice', { timeout: 5000 });
    expect(cards(el).length, 'the last answer stays').to.equal(6);
    await expect(el).to.be.accessible();
  });

  it('draws nothing before the city’s config: districts by name, never by id, when the list answers first', async () => {
    const { use } = await mockApi({ phase: 'submission' });
    let release!: () => void;
    const configHeld = new Promise<void>((r) => (release = r));
    let listServed = false;
    use(
      http.get(`${API}/cities/aksu`, async () => {
        await configHeld;
        return undefined;
      }),
      http.get(`${API}/cities/aksu/progress`, () => {
        listServed = true;
        return undefined;
      }),
    );
    const el = await fixture<QalaProgress>(html`<qala-progress lang="ru" .backend=${backend()}></qala-progress>`);
    await waitUntil(() => listServed, 'the list asked for', { timeout: 5000 });
    // The list's answer is in; the config's is not.
    await new Promise((r) => setTimeout(r, 200));
    await el.updateComplete;
    expect(cards(el).length, 'no card before the config').to.equal(0);
    expect(q(el, '[aria-busy=true]'), 'a loading state meanwhile').to.exist;
    expect(text(el)).not.to.contain('kalkaman');
    release();
    await ready(el);
    expect(cards(el).length).to.equal(6);
    expect(q(el, '#f-district'), 'the district filter comes with the list').to.exist;
    const meta = cards(el).map((c) => norm(c.querySelector('.meta')!.textContent));
    expect(meta.some((m) => m.includes('Калкаман'))).to.equal(true);
    expect(meta.join(' ')).not.to.match(/kalkaman|center|zharma/);
    await expect(el).to.be.accessible();
  });

  it('the city’s config failing: the error and a retry, not a list without district names', async () => {
    const { use } = await mockApi({ phase: 'submission' });
    let down = true;
    use(http.get(`${API}/cities/aksu`, () => (down ? HttpResponse.error() : undefined)));
    const el = await fixture<QalaProgress>(html`<qala-progress lang="kk" .backend=${backend()}></qala-progress>`);
    await ready(el);
    expect(cards(el).length).to.equal(0);
    expect(q(el, '[role=alert]').textContent).to.contain('Сервермен байланыс жоқ.');
    await expect(el).to.be.accessible();
    down = false;
    q<HTMLButtonElement>(el, 'button.primary').focus();
    q<HTMLButtonElement>(el, 'button.primary').click();
    await waitUntil(() => cards(el).length === 6, 'loaded after retry', { timeout: 5000 });
    expect(q(el, '#f-district')).to.exist;
    // The retry went with the error: the focus is on the heading of what came instead.
    await waitUntil(() => active(el)?.id === 'progress-h', 'the focus on the heading', { timeout: 5000 });
  });

  it('escapes what staff wrote', async () => {
    const { use } = await mockApi({ phase: 'submission' });
    const evil = '<img src=x onerror="window.__pwned=1">';
    use(
      http.get(`${API}/cities/aksu/progress/aksu-2025-walk`, () => {
        const body = progressFixtures(Date.now(), API)[0]!;
        return HttpResponse.json({ ...body, projectId: 'aksu-2025-walk', title: evil, contractor: evil, updates: [{ ...body.updates[0]!, text: { kk: evil, ru: evil } }] });
      }),
    );
    const el = await fixture<QalaProgress>(html`<qala-progress lang="ru" project="aksu-2025-walk" .backend=${backend()}></qala-progress>`);
    await ready(el);
    expect(text(el)).to.contain(evil);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('<qala-results progress-page> links each funded project to its page, final results only', async () => {
    const { state } = await mockApi({ phase: 'results' });
    state.proposals.get('aksu')!.forEach((p, i) => p.status === 'on_ballot' && (p.votes = 400 - i * 10));
    const el = await fixture<QalaResults>(html`<qala-results lang="ru" progress-page="https://aksu.gov.kz/progress#old" .backend=${new HttpBackend({ baseUrl: API, city: 'aksu' })}></qala-results>`);
    await waitUntil(() => !!el.shadowRoot!.querySelector('tbody tr'), 'results', { timeout: 5000 });
    const funded = [...el.shadowRoot!.querySelectorAll('tbody tr.funded')];
    const links = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[part=progress-link]')];
    expect(links.length).to.equal(funded.length);
    expect(links.length).to.be.greaterThan(0);
    expect(links[0]!.href).to.match(/^https:\/\/aksu\.gov\.kz\/progress#project=/);
    expect(el.shadowRoot!.querySelectorAll('tbody tr:not(.funded) a').length).to.equal(0);
    await expect(el).to.be.accessible();
  });
});
