import { expect, fixtureCleanup } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { PoolResult, Results } from '../../src/contract/index.js';
import { formatMoney, formatNumber } from '../../src/domain/money.js';
import { MOCK_ADMIN_TOKEN, type AdminMockState } from '../../src/mock/admin-handlers.js';
import { formatDate, formatDateTime } from '../../src/ui/city-time.js';
import type { QalaCentre } from '../../src/centre/centre.js';
import { setViewport } from './support/commands.js';
import { norm } from './support/dom.js';
import { $, active, adminMock, click, override, root, signedIn, text, until } from './support/centre.js';
import { whyEn } from '../../src/widgets/results/messages/why-en.js';
import { explainOutcome, type WhyMessages, type WhyTexts } from '../../src/widgets/results/why.js';

// The count in the project centre's Results section (coordinators): live while voting, final after, in the
// admin API's figures whether or not residents may see them yet; and the pabulib file of the pool chosen.

const A = '/api/v1/admin/cities/aksu';
const RESULTS = { kk: 'Қорытындылар', ru: 'Итоги', en: 'Results' } as const;

/** The count as the mock answers the centre now: what the section must show. */
async function mockCount(): Promise<Results> {
  const response = await fetch(`${A}/results`, { headers: { Authorization: `Bearer ${MOCK_ADMIN_TOKEN}` } });
  expect(response.status).to.equal(200);
  return (await response.json()) as Results;
}

async function openResults(el: QalaCentre, lang: keyof typeof RESULTS = 'en'): Promise<void> {
  await click(el, RESULTS[lang]);
  await until('the count', () => $(el, '#count-mode'));
}

/** Each shown row of a pool's table: title, cost, votes and what the count says, as read. */
function rows(el: QalaCentre, pool: PoolResult): { title: string; titleClass: string; cells: string[] }[] {
  const table = root(el).querySelector(`#count-pool-${CSS.escape(pool.poolId)}`)!.closest('section')!.querySelector('table')!;
  return [...table.querySelectorAll('tbody tr')].map((tr) => ({
    title: tr.querySelector('th')!.textContent!.trim(),
    titleClass: tr.querySelector('th')!.className,
    cells: [...tr.querySelectorAll('td')].map((td) => norm(td.textContent)),
  }));
}

/** The results widget's English words for why (its own tests check them), as the section should use them. */
const whyInEnglish: WhyTexts = {
  t: ((key: keyof WhyMessages, params?: never) => {
    const message = whyEn[key];
    return typeof message === 'function' ? message(params as never) : message;
  }) as WhyTexts['t'],
  money: (n) => formatMoney(n, 'en'),
};

/** A row as the section should show it in English: the outcome, then why. */
const expectedRow = (p: PoolResult['projects'][number], live: boolean, pool: PoolResult) => [
  norm(`Cost: ${formatMoney(p.cost, 'en')}`),
  norm(`Votes: ${formatNumber(p.votes, 'en')}`),
  norm(`By the count: ${p.funded ? (live ? 'Funded so far' : 'Funded') : live ? 'Not funded so far' : 'Not funded'} ${explainOutcome(whyInEnglish, p.explanation, p.cost, pool.budget)}`),
];

async function accessibleLightAndDark(el: QalaCentre): Promise<void> {
  el.setAttribute('theme', 'light');
  await el.updateComplete;
  await expect(el).to.be.accessible();
  el.setAttribute('theme', 'dark');
  await el.updateComplete;
  await expect(el).to.be.accessible();
  el.setAttribute('theme', 'light');
  await el.updateComplete;
}

/**
 * Ballots cast online to count: the mock's demo starts with none, and a project's `votes` in its state stand for
 * that many ballots, each choosing it alone.
 */
function withVotes(state: AdminMockState): void {
  const votes = [41, 38, 29, 15, 35, 12];
  state.proposals.filter((p) => p.status === 'on_ballot' && p.poolId).forEach((p, i) => (p.votes = votes[i % votes.length]!));
}

/** A list of facts as read: each term with its value. */
const facts = (dl: Element | null) => [...(dl?.querySelectorAll(':scope > div') ?? [])].map((d) => `${norm(d.querySelector('dt')!.textContent)} ${norm(d.querySelector('dd')!.textContent)}`);
const turnout = (el: QalaCentre) => facts($(el, '#count-turnout'));

/** A second pool, as Rudny's events, with two of Aksu's projects on the ballot moved into it. */
function twoPools(state: AdminMockState): void {
  state.config.cycle.pools.push({ id: 'events', name: { kk: 'Іс-шаралар', ru: 'Мероприятия', en: 'Events' }, budget: 12_000_000, scope: { kind: 'category', categories: ['culture'] }, costCap: 4_000_000 });
  const moved = state.proposals.filter((p) => p.status === 'on_ballot' && p.poolId).slice(-2);
  for (const p of moved) p.poolId = 'events';
}

describe('<qala-centre> results: the count', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('while voting shows the live count of a city that hides it from residents: when it was computed, the turnout and each project in the answer’s order; passes axe, light and dark', async () => {
    withVotes(await adminMock({ phase: 'voting' }));
    const el = await signedIn('en');
    await openResults(el);
    const count = await mockCount();
    expect(count.mode).to.equal('live');
    expect($(el, '#count-mode')!.textContent).to.contain(`Live: the votes counted so far, computed at ${formatDateTime(count.computedAt, 'Asia/Almaty')}`);
    expect(text(el)).to.contain('Residents do not see these figures until the results phase.');
    expect(turnout(el)).to.deep.equal([
      norm(`Ballots online ${formatNumber(count.turnout.online, 'en')}`),
      norm(`Ballots on paper ${formatNumber(count.turnout.paper, 'en')}`),
      norm(`Ballots in all ${formatNumber(count.turnout.total, 'en')}`),
    ]);
    expect(count.turnout.total, 'the mock has ballots to count').to.be.above(0);
    for (const pool of count.pools) {
      const heading = root(el).querySelector(`#count-pool-${CSS.escape(pool.poolId)}`)!;
      expect(heading.textContent).to.equal(pool.name.en);
      expect(facts(heading.closest('section')!.querySelector('dl'))).to.deep.equal([
        norm(`Budget ${formatMoney(pool.budget, 'en')}`),
        norm(`Allocated ${formatMoney(pool.spent, 'en')}`),
        'Counting rule By votes, while the budget lasts',
        norm(`Ballots with a choice in this pool ${formatNumber(pool.ballots, 'en')}`),
      ]);
      const shown = rows(el, pool);
      expect(shown.map((r) => r.title)).to.deep.equal(pool.projects.map((p) => p.title));
      expect(shown.every((r) => r.titleClass.includes('user-text'))).to.equal(true);
      expect(shown.map((r) => r.cells)).to.deep.equal(pool.projects.map((p) => expectedRow(p, true, pool)));
    }
    // Why, in words: the first in the count's order was chosen first, by the ballots that chose it.
    const first = count.pools[0]!.projects[0]!;
    expect(first.funded).to.equal(true);
    expect(rows(el, count.pools[0]!)[0]!.cells[2]).to.match(new RegExp(`^By the count: Funded so far Chosen in round 1; ${first.votes} supporters\\. .+ was left in the budget after it\\.$`));
    const table = root(el).querySelector('table.count')!;
    expect(table.querySelector('caption')!.textContent).to.contain('Whole city: the projects in the order of the count');
    expect([...table.querySelectorAll('thead th')].every((th) => th.getAttribute('scope') === 'col')).to.equal(true);
    expect([...table.querySelectorAll('tbody th')].every((th) => th.getAttribute('scope') === 'row')).to.equal(true);
    await accessibleLightAndDark(el);
  });

  it('ru: final in the results phase, with the council’s decision where it disagrees with the count; marking the winners loads the count again', async () => {
    const state = await adminMock({ phase: 'results' });
    withVotes(state);
    // The council took a project the count funds off the list, with its reason.
    const overruled = state.proposals.find((p) => p.status === 'on_ballot' && p.poolId)!;
    overruled.status = 'not_funded';
    overruled.history = [...overruled.history, { status: 'not_funded', at: state.config.serverTime, note: 'Участок <b>не</b> принадлежит городу.' }];
    const el = await signedIn('ru');
    await openResults(el, 'ru');
    const count = await mockCount();
    expect(count.mode).to.equal('final');
    expect($(el, '#count-mode')!.textContent).to.contain(`Окончательные итоги: подсчёт после закрытия голосования, выполнен ${formatDateTime(count.computedAt, 'Asia/Almaty')}`);
    expect(text(el)).not.to.contain('Жители не видят');
    const decided = count.pools[0]!.projects.find((p) => p.projectId === overruled.id)!;
    expect(decided.funded, 'the count funds it').to.equal(true);
    expect(decided.decision).to.deep.include({ funded: false });
    const row = [...root(el).querySelectorAll('table.count tbody tr')].find((tr) => tr.querySelector('th')!.textContent!.trim() === overruled.title)!;
    // Why the count funds it (the results widget's words), then what the council decided.
    expect(norm(row.textContent)).to.match(/По подсчёту: Финансируется Выбран \d+-м; \d+ сторонник(а|ов)?\. После него в бюджете осталось [\d\s\u00a0]+₸\. Совет /);
    expect(norm(row.textContent)).to.contain(`Совет ${formatDate(decided.decision!.at, 'Asia/Almaty')} решил не финансировать проект вопреки подсчёту. Причина: Участок <b>не</b> принадлежит городу.`);
    expect(row.querySelector('b'), 'the council’s reason is text, not markup').to.equal(null);
    expect(root(el).querySelectorAll('table.count .decision')).to.have.length(1);
    expect(turnout(el)).to.include(norm(`Бюллетеней на бумаге ${formatNumber(count.turnout.paper, 'ru')}`));

    // Another desk entered a paper meanwhile: after marking the winners the count shown is the new one.
    const other = count.pools[0]!.projects.at(-1)!;
    state.paperBallots.push([{ poolId: count.pools[0]!.poolId, picks: [{ projectId: other.projectId }] }]);
    await click(el, 'Отметить победителей по подсчёту');
    await until('the winners marked', () => $(el, '#act-results-apply-msg .done'));
    await until('the new count', () => turnout(el).includes(norm(`Бюллетеней на бумаге ${formatNumber(count.turnout.paper + 1, 'ru')}`)));
    const after = await mockCount();
    expect(turnout(el)).to.include(norm(`Всего бюллетеней ${formatNumber(after.turnout.total, 'ru')}`));
    await accessibleLightAndDark(el);
  });

  it('the turnout counts a paper ballot entered, when the section is shown again and on Refresh', async () => {
    const state = await adminMock({ phase: 'voting' });
    withVotes(state);
    const el = await signedIn('en');
    await openResults(el);
    const before = await mockCount();
    expect(turnout(el)).to.include(norm(`Ballots on paper ${formatNumber(before.turnout.paper, 'en')}`));

    // One paper entered at a desk, through the centre.
    const project = before.pools[0]!.projects[0]!;
    await click(el, 'Paper ballots');
    await until('the paper form', () => $(el, `#paper-mark-${project.projectId.replace(/[^A-Za-z0-9_-]/g, '_')}`));
    $<HTMLInputElement>(el, `#paper-mark-${project.projectId.replace(/[^A-Za-z0-9_-]/g, '_')}`)!.click();
    $<HTMLFormElement>(el, '#paper-form')!.requestSubmit();
    await until('added', () => $(el, '#act-paper-add-msg .done'));
    const desk = $<HTMLInputElement>(el, '#paper-desk')!;
    desk.value = 'Desk 1';
    desk.dispatchEvent(new Event('input', { bubbles: true }));
    $<HTMLButtonElement>(el, '#act-paper-send')!.click();
    await until('the receipts', () => $(el, '#paper-receipts-heading'));

    await click(el, 'Results');
    await until('the paper ballot counted', () => turnout(el).includes(norm(`Ballots on paper ${formatNumber(before.turnout.paper + 1, 'en')}`)));
    const after = await mockCount();
    expect(after.turnout.total).to.equal(before.turnout.total + 1);
    expect(turnout(el)).to.include(norm(`Ballots in all ${formatNumber(after.turnout.total, 'en')}`));
    const votes = after.pools[0]!.projects.find((p) => p.projectId === project.projectId)!.votes;
    expect(votes).to.equal(project.votes + 1);
    expect(rows(el, after.pools[0]!).find((r) => r.title === project.title)!.cells[1]).to.equal(`Votes: ${formatNumber(votes, 'en')}`);

    // Another desk's paper, then "Refresh" while the section is shown.
    state.paperBallots.push([{ poolId: after.pools[0]!.poolId, picks: [{ projectId: project.projectId }] }]);
    await click(el, 'Refresh');
    await until('the second paper ballot counted', () => turnout(el).includes(norm(`Ballots on paper ${formatNumber(before.turnout.paper + 2, 'en')}`)));
  });

  it('a count that failed to load says so with a retry that recovers and takes the focus to the count; a failed refresh keeps the count shown; passes axe, light and dark', async () => {
    const state = await adminMock({ phase: 'voting' });
    withVotes(state);
    override(http.get(`${A}/results`, () => HttpResponse.json({ code: 'unavailable', message: 'down for maintenance' }, { status: 503 }), { once: true }));
    const el = await signedIn('en');
    await click(el, 'Results');
    await until('the failure', () => $(el, '#count-retry'));
    expect(text(el)).to.contain('The count did not load.');
    expect($(el, '#act-results-count-msg [role="alert"]')!.textContent).to.contain('The server is unavailable');
    expect($(el, '#count-mode')).to.equal(null);
    await accessibleLightAndDark(el);

    $<HTMLButtonElement>(el, '#count-retry')!.focus();
    $<HTMLButtonElement>(el, '#count-retry')!.click();
    await until('the count', () => $(el, '#count-mode'));
    await until('the focus on the count', () => active(el)?.id === 'count-heading');
    expect($(el, '#count-retry')).to.equal(null);
    // The failed answer was the outage's; the mock answered the retry, once.
    expect(state.calls.filter((c) => c === `GET ${A}/results`)).to.have.length(1);
    await accessibleLightAndDark(el);

    // Refresh fails once: the count that loaded stays, said to be of its time, with the retry.
    const shown = await mockCount();
    override(http.get(`${A}/results`, () => HttpResponse.json({ code: 'unavailable', message: 'down again' }, { status: 503 }), { once: true }));
    await click(el, 'Refresh');
    await until('the stale notice', () => $(el, '#count-retry'));
    expect(text(el)).to.contain(`The count could not be refreshed: what is shown was computed at ${formatDateTime(shown.computedAt, 'Asia/Almaty')}.`);
    expect($(el, '#count-turnout'), 'the count shown before stays').not.to.equal(null);
    await accessibleLightAndDark(el);
    $<HTMLButtonElement>(el, '#count-retry')!.click();
    await until('the notice gone', () => !$(el, '#count-retry'));
  });

  it('an empty cycle says there are no ballots yet, and a pool with nothing on the ballot says so', async () => {
    const state = await adminMock({ phase: 'voting' });
    for (const p of state.proposals) p.votes = 0;
    const el = await signedIn('en');
    await openResults(el);
    expect(text(el)).to.contain('No ballots yet: the count starts with the first one.');
    expect(root(el).querySelector('table.count')).to.equal(null);

    state.paperBallots.push([{ poolId: 'city', picks: [{ projectId: state.proposals.find((p) => p.status === 'on_ballot')!.id }] }]);
    state.config.cycle.pools.push({ id: 'empty', name: { kk: 'Бос', ru: 'Пустой', en: 'Empty pool' }, budget: 1_000_000, scope: { kind: 'city' } });
    await click(el, 'Refresh');
    await until('the pools', () => $(el, '#count-pool-empty'));
    expect(norm($(el, '#count-pool-empty')!.closest('section')!.textContent)).to.contain('No projects on the ballot in this pool.');
    await expect(el).to.be.accessible();
  });
});

describe('<qala-centre> results: the pabulib file', () => {
  it('with two pools the coordinator picks one: the request names it and the file is named for it; with one pool, as before', async () => {
    const state = await adminMock({ phase: 'results' });
    withVotes(state);
    const asked: string[] = [];
    override(
      http.get(`${A}/export.pb`, ({ request }) => {
        asked.push(request.url);
      }),
    );
    // One pool: no choice, the server's default, the cycle's file name.
    let el = await signedIn('en');
    await click(el, 'Results');
    await until('the export', () => $(el, '#export-heading'));
    expect($(el, '#export-pool')).to.equal(null);
    await click(el, 'Prepare the pabulib file');
    await until('the link', () => $(el, 'a[download]'));
    expect(new URL(asked[0]!).search).to.equal('');
    expect($(el, 'a[download]')!.getAttribute('download')).to.equal('aksu-aksu-2026.pb');
    fixtureCleanup();

    twoPools(state);
    el = await signedIn('en');
    await click(el, 'Results');
    await until('the export', () => $(el, '#export-heading'));
    const count = await mockCount();
    expect(count.pools.map((p) => p.poolId)).to.deep.equal(['city', 'events']);
    const select = $<HTMLSelectElement>(el, '#export-pool')!;
    expect(root(el).querySelector('label[for="export-pool"]')!.textContent).to.equal('Pool');
    expect(select.value, 'the first pool by default').to.equal('city');
    expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal(['Whole city', 'Events']);
    select.value = 'events';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    await click(el, 'Prepare the pabulib file');
    await until('the link', () => $(el, 'a[download]'));
    expect(new URL(asked[1]!).searchParams.get('pool')).to.equal('events');
    expect(state.audit[0]).to.deep.include({ action: 'export.pb', target: 'events' });
    const link = $<HTMLAnchorElement>(el, 'a[download]')!;
    expect(link.getAttribute('download')).to.equal('aksu-aksu-2026-events.pb');
    expect(link.textContent).to.contain('Download aksu-aksu-2026-events.pb');
    const file = await (await fetch(link.href)).text();
    expect(file).to.contain('subunit;Events');
    for (const p of count.pools[1]!.projects) expect(file).to.contain(p.projectId);
    for (const p of count.pools[0]!.projects) expect(file).not.to.contain(`\n${p.projectId};`);
    await expect(el).to.be.accessible();

    // Another pool chosen: the file prepared for the events is not offered as this one's.
    select.value = 'city';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect($(el, 'a[download]')).to.equal(null);

    // The count shows each pool's own table.
    await until('the count', () => $(el, '#count-mode'));
    for (const pool of count.pools) expect(rows(el, pool).map((r) => r.title)).to.deep.equal(pool.projects.map((p) => p.title));
  });
});

describe('<qala-centre> results: languages and narrow screens', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('kk: the count and the export in Kazakh, no raw keys', async () => {
    const state = await adminMock({ phase: 'voting' });
    withVotes(state);
    twoPools(state);
    const el = await signedIn('kk');
    await openResults(el, 'kk');
    const t = text(el);
    for (const words of ['Дауыстарды есептеу', 'Ағымдағы есеп:', 'Тұрғындар бұл сандарды қорытындылар кезеңіне дейін көрмейді.', 'Онлайн бюллетеньдер', 'Бюджет', 'Бөлінгені', 'Санау ережесі', 'Дауыс саны бойынша, бюджет жеткенше', 'Бүкіл қала: жобалар есеп ретімен', 'Іс-шаралар', 'Әзірге өтіп тұр'])
      expect(t, words).to.contain(words);
    expect(root(el).querySelector('label[for="export-pool"]')!.textContent).to.equal('Бюджет бөлімі');
    for (const raw of ['count.', 'export.', 'greedy', 'undefined']) expect(t, `raw ${raw}`).not.to.contain(raw);
  });

  it('fits 360 px without sideways scrolling, each project a card of its own, in Kazakh with two pools and a council’s decision; passes axe, light and dark', async () => {
    const state = await adminMock({ phase: 'results' });
    withVotes(state);
    twoPools(state);
    const overruled = state.proposals.find((p) => p.status === 'on_ballot' && p.poolId === 'city')!;
    overruled.status = 'not_funded';
    overruled.history = [...overruled.history, { status: 'not_funded', at: state.config.serverTime, note: 'Жер телімі қалаға тиесілі емес, сондықтан жобаны осы жерде салу мүмкін емес.' }];
    await setViewport({ width: 360, height: 740 });
    const el = await signedIn('kk');
    await openResults(el, 'kk');
    expect(root(el).querySelectorAll('table.count')).to.have.length(2);
    expect(text(el)).to.contain('Қаржыландырылмайды');
    expect(Math.max(document.scrollingElement!.scrollWidth, el.scrollWidth)).to.be.at.most(360);
    for (const table of root(el).querySelectorAll<HTMLElement>('table.count')) {
      expect(table.getBoundingClientRect().right, 'the table stays on the screen').to.be.at.most(360);
      expect(table.scrollWidth, 'nothing scrolls sideways inside it').to.be.at.most(table.clientWidth);
      // A card of its own: a project's values one under another, each with its column's name.
      const label = table.querySelector<HTMLElement>('tbody .cell-label')!;
      expect(getComputedStyle(label).display).not.to.equal('none');
    }
    await accessibleLightAndDark(el);
  });
});
