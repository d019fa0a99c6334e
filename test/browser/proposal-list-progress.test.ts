// Following the winners on the list (#11): funded projects' cards show how they are being built, and a cancelled one says so.
import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import '../../src/widgets/proposal-list/define.js';
import type { QalaProposalList } from '../../src/widgets/proposal-list/proposal-list.js';
import type { Backend } from '../../src/client/backend.js';
import { ProgressList, type ProjectProgress, type Proposal, type ProposalQuery } from '../../src/contract/index.js';
import { demoConfig } from '../../src/mock/fixtures.js';
import { sendKeys, setViewport } from './support/commands.js';
import { active, fits, norm, qa, waitUntil } from './support/dom.js';
import { mockApi } from './support/msw.js';

let run = 0;
let API = '/api/v1';
const PAGE = 'https://aksu.gov.kz/progress?tab=1#old';
const CANCEL = { kk: 'Көшеде жылу желісі ауыстырылады.', ru: 'На улице меняют теплосеть.' };

/** What the server records for the mock's funded proposals: one being built, one built, one waiting, one given up. */
const RECORDS: Record<string, Pick<ProjectProgress, 'state' | 'progress'>> = {
  'aksu-14': { state: 'in_progress', progress: 60 },
  'aksu-13': { state: 'implemented', progress: 100 },
  'aksu-1': { state: 'not_started', progress: 0 },
  'aksu-2': { state: 'cancelled', progress: 0 },
};

/** The progress summary of the list's cycle as the server builds it: every funded, visible proposal with its record. */
function progressOf(proposals: Proposal[], cycle: string): ProgressList {
  const funded = proposals.filter((p) => ['winner', 'in_progress', 'implemented', 'cancelled'].includes(p.status));
  return ProgressList.parse({
    cycles: [{ id: cycle, title: { kk: 'Туған қала 2026', ru: 'Родной город 2026', en: 'Tugan Qala 2026' } }],
    items: funded.map((p) => ({
      projectId: p.id,
      cycleId: p.cycleId,
      cycleTitle: { kk: 'Туған қала 2026', ru: 'Родной город 2026', en: 'Tugan Qala 2026' },
      title: p.title,
      category: p.category,
      ...(p.district ? { district: p.district } : {}),
      address: p.address,
      approvedCost: p.finalCost ?? p.estimatedCost,
      committed: 0,
      spent: 0,
      ...(RECORDS[p.id] ?? { state: 'not_started', progress: 0 }),
      ...(p.status === 'cancelled' ? { cancelReason: CANCEL } : {}),
    })),
    feed: `${API}/cities/aksu/progress/feed.atom`,
  });
}

/** The mock with a winner and a cancelled project besides the one being built and the one built; counts progress requests. */
async function withWinners(progress: 'up' | 'down' = 'up') {
  API = `/api/lp${++run}`;
  const mock = await mockApi({ phase: 'results', base: API });
  const aksu = mock.state.proposals.get('aksu')!;
  const set = (id: string, change: Partial<Proposal>) => Object.assign(aksu.find((p) => p.id === id)!, change);
  set('aksu-1', { status: 'winner', finalCost: 8_500_000, poolId: 'city' });
  const at = aksu.find((p) => p.id === 'aksu-2')!.updatedAt;
  set('aksu-2', {
    status: 'cancelled',
    reviewNote: `${CANCEL.kk}\n\n${CANCEL.ru}`,
    reviewNotes: CANCEL,
    history: [...aksu.find((p) => p.id === 'aksu-2')!.history, { status: 'cancelled', at, note: `${CANCEL.kk}\n\n${CANCEL.ru}`, notes: CANCEL }],
  });
  const calls: string[] = [];
  const state = { down: progress === 'down' };
  mock.use(
    http.get(`${API}/cities/aksu/progress`, ({ request }) => {
      calls.push(new URL(request.url).search);
      if (state.down) return HttpResponse.error();
      return HttpResponse.json(progressOf(aksu, new URL(request.url).searchParams.get('cycle') ?? 'aksu-2026'));
    }),
  );
  return { ...mock, calls, state };
}

async function mount(template: (api: string) => ReturnType<typeof html>): Promise<QalaProposalList> {
  const el = await fixture<QalaProposalList>(template(API));
  await waitUntil(() => el.shadowRoot!.querySelector('.cards[aria-busy="false"], .notice'), 'list did not load', { timeout: 5000 });
  await el.updateComplete;
  return el;
}
const card = (el: QalaProposalList, id: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-id="${id}"]`)!.closest<HTMLElement>('[part~="card"]')!;
const lines = (el: QalaProposalList) => qa(el, '[part~="progress"]');
const linesShown = (el: QalaProposalList, n: number) => waitUntil(() => lines(el).length === n, `${n} progress lines`, { timeout: 5000 });

describe('<qala-proposal-list>: progress on funded cards (#11)', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
    history.replaceState(null, '', location.pathname + location.search);
  });

  for (const [lang, words] of [
    ['ru', { building: 'Идут работы · 60 %', built: 'Построено · 100 %', waiting: 'Работы ещё не начаты', link: 'Ход работ', cancelled: 'Отменена', why: 'Почему отменена:' }],
    ['kk', { building: 'Жұмыс жүріп жатыр · 60 %', built: 'Салынды · 100 %', waiting: 'Жұмыс әлі басталған жоқ', link: 'Жұмыс барысы', cancelled: 'Тоқтатылды', why: 'Неге тоқтатылды:' }],
    ['en', { building: 'Works under way · 60%', built: 'Built · 100%', waiting: 'Works not started yet', link: 'Follow the works', cancelled: 'Cancelled', why: 'Why it was cancelled:' }],
  ] as const) {
    it(`funded cards show a bar, the state of the works and a link to the project's page (${lang}); a cancelled one says so, with its reason; axe light and dark`, async () => {
      const { calls } = await withWinners();
      const el = await mount((api) => html`<qala-proposal-list api=${api} city="aksu" lang=${lang} progress-page=${PAGE}></qala-proposal-list>`);
      await linesShown(el, 4);
      expect(calls, 'one request, for the list’s cycle').to.deep.equal(['?cycle=aksu-2026']);

      const building = card(el, 'aksu-14');
      expect(building.querySelector<HTMLProgressElement>('progress')!.value).to.equal(60);
      expect(norm(building.querySelector('[part~="progress"]')!.textContent)).to.contain(words.building);
      const link = building.querySelector<HTMLAnchorElement>('[part~="progress-link"]')!;
      expect(link.href).to.equal('https://aksu.gov.kz/progress?tab=1#project=aksu-14');
      expect(norm(link.textContent)).to.equal(`${words.link}: Видеонаблюдение во дворах мкр. Жарма`);

      expect(card(el, 'aksu-13').querySelector<HTMLProgressElement>('progress')!.value).to.equal(100);
      expect(norm(card(el, 'aksu-13').textContent)).to.contain(words.built);
      const waiting = card(el, 'aksu-1');
      expect(waiting.querySelector('progress'), 'no bar before the works start').to.equal(null);
      expect(norm(waiting.textContent)).to.contain(words.waiting);

      const cancelled = card(el, 'aksu-2');
      const badge = cancelled.querySelector('[part~="badge"]')!;
      expect(badge.textContent).to.equal(words.cancelled);
      expect(badge.classList.contains('tone-success'), 'not shown as a success').to.equal(false);
      expect(cancelled.querySelector('progress'), 'a cancelled project has no bar').to.equal(null);
      expect(norm(cancelled.querySelector('.reason')!.textContent)).to.equal(`${words.why} ${lang === 'kk' ? CANCEL.kk : lang === 'ru' ? CANCEL.ru : `${CANCEL.kk} ${CANCEL.ru}`}`);
      expect(cancelled.querySelector('[part~="progress-link"]'), 'its page says why, too').to.exist;

      for (const id of ['aksu-3', 'aksu-8', 'aksu-11']) expect(card(el, id).querySelector('[part~="progress"]'), `${id} was not funded`).to.equal(null);
      await expect(el).to.be.accessible();
      el.theme = 'dark';
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });
  }

  it('without progress-page: the line without a link', async () => {
    await withWinners();
    const el = await mount((api) => html`<qala-proposal-list api=${api} city="aksu" lang="ru"></qala-proposal-list>`);
    await linesShown(el, 3);
    expect(qa(el, '[part~="progress-link"]').length).to.equal(0);
    expect(card(el, 'aksu-14').querySelector<HTMLProgressElement>('progress')!.value).to.equal(60);
  });

  it('a list without funded cards never asks for progress; a list with them asks once, whatever the filters', async () => {
    const { calls } = await withWinners();
    const el = await mount((api) => html`<qala-proposal-list api=${api} city="aksu" lang="ru" status="on_ballot,rejected" progress-page=${PAGE}></qala-proposal-list>`);
    expect(qa(el, '[part~="card"]').length).to.be.greaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(calls, 'nothing funded on screen: no request').to.deep.equal([]);
    expect(lines(el).length).to.equal(0);
    el.status = 'in_progress';
    await waitUntil(() => lines(el).length === 1, 'the funded card’s line', { timeout: 5000 });
    el.status = '';
    await waitUntil(() => lines(el).length === 4, 'every funded card', { timeout: 5000 });
    expect(calls.length, 'asked once').to.equal(1);
  });

  it('when progress cannot be had, the cards keep their status; back online, the lines come', async () => {
    const { calls, state } = await withWinners('down');
    const el = await mount((api) => html`<qala-proposal-list api=${api} city="aksu" lang="ru" progress-page=${PAGE}></qala-proposal-list>`);
    await waitUntil(() => calls.length >= 1, 'asked', { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(lines(el).length).to.equal(0);
    expect(card(el, 'aksu-14').querySelector('[part~="badge"]')!.textContent).to.equal('Реализуется');
    expect(card(el, 'aksu-2').querySelector('[part~="badge"]')!.textContent).to.equal('Отменена');
    expect(el.shadowRoot!.querySelector('.notice'), 'no error on the list for it').to.equal(null);
    await expect(el).to.be.accessible();
    state.down = false;
    window.dispatchEvent(new Event('online'));
    await linesShown(el, 4);
  });

  it('keyboard: a card’s link comes right after its title, then the next card; fits 360 px', async () => {
    await withWinners();
    const el = await mount((api) => html`<qala-proposal-list api=${api} city="aksu" lang="kk" status="in_progress,implemented" progress-page=${PAGE}></qala-proposal-list>`);
    await linesShown(el, 2);
    const titles = qa(el, '[part~="card"] h3 button');
    titles[0]!.focus();
    await sendKeys({ press: 'Tab' });
    expect(active(el)?.getAttribute('part')).to.equal('progress-link');
    expect(active(el)?.closest('[part~="card"]')).to.equal(titles[0]!.closest('[part~="card"]'));
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(titles[1]);
    await setViewport({ width: 360, height: 740 });
    await el.updateComplete;
    fits(el, '360 px', '[part~="card"], [part~="progress"]');
    await expect(el).to.be.accessible();
  });
});

describe('<qala-proposal-list>: progress lines in a long, virtualized list (#11)', () => {
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);
  beforeEach(() => setViewport({ width: 800, height: 600 }));
  afterEach(() => window.scrollTo(0, 0));

  it('only the rows on screen are drawn, each funded card with its line, from a host backend’s own progress API', async () => {
    const N = 120;
    const at = new Date(Date.now() - 86_400_000).toISOString();
    const items = Array.from({ length: N }, (_, i) => ({
      id: `w-${i}`,
      cycleId: 'aksu-2026',
      title: `Жоба №${i + 1}: аулаға орындықтар`,
      description: 'Ескі орындықтардың орнына жаңа орындықтар қою.',
      category: 'yards',
      address: `Абай көшесі, ${i + 1}`,
      estimatedCost: 1_000_000 + i * 1000,
      photos: [],
      authorName: `Тұрғын ${i}`,
      status: i % 2 ? 'in_progress' : 'not_funded',
      history: [{ status: 'submitted', at }],
      createdAt: at,
      updatedAt: at,
    })) as Proposal[];
    const asked: string[] = [];
    const config = demoConfig('aksu', Date.now(), 'results');
    const backend = {
      city: 'aksu',
      getConfig: async () => config,
      listProposals: async (_q: ProposalQuery) => ({ items, nextCursor: null, total: N }),
      getProposal: async (id: string) => items.find((p) => p.id === id)!,
      getProgress: async (q: { cycle?: string }) => {
        asked.push(q.cycle ?? '');
        return { ...progressOf(items, 'aksu-2026'), items: progressOf(items, 'aksu-2026').items.map((x, k) => ({ ...x, state: 'in_progress' as const, progress: k % 100 })) };
      },
      getProjectProgress: async () => {
        throw new Error('not asked');
      },
    } as unknown as Backend;
    const el = await fixture<QalaProposalList>(html`<qala-proposal-list lang="ru" .backend=${backend}></qala-proposal-list>`);
    await waitUntil(() => el.shadowRoot!.querySelector('.cards[aria-busy="false"]') && lines(el).length > 0, 'virtualized list with lines', { timeout: 8000 });
    const drawn = qa(el, '[role="listitem"]');
    expect(drawn.length).to.be.lessThan(N / 3);
    const funded = drawn.filter((li) => Number(li.getAttribute('aria-posinset')) % 2 === 0);
    expect(funded.every((li) => li.querySelector('progress')), 'every funded card drawn has its bar').to.equal(true);
    expect(drawn.filter((li) => Number(li.getAttribute('aria-posinset')) % 2 === 1).some((li) => li.querySelector('[part~="progress"]'))).to.equal(false);
    expect(asked).to.deep.equal(['aksu-2026']);
    window.scrollTo(0, document.documentElement.scrollHeight);
    await waitUntil(() => qa(el, '[role="listitem"]').some((li) => li.getAttribute('aria-posinset') === String(N)), 'the last row', { timeout: 8000 });
    const last = qa(el, '[role="listitem"]').find((li) => li.getAttribute('aria-posinset') === String(N))!;
    expect(last.querySelector('progress'), 'a row drawn later has its line too').to.exist;
    await expect(el).to.be.accessible();
  });
});
