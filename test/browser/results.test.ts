import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from './support/dom.js';
import { setViewport } from './support/commands.js';
import { delay, http, HttpResponse } from 'msw';
import type { Backend } from '../../src/client/backend.js';
import { HttpBackend } from '../../src/client/http-backend.js';
import { Poller } from '../../src/client/poll.js';
import type { Explanation, ProjectResult, Results } from '../../src/contract/index.js';
import { demoConfig } from '../../src/mock/fixtures.js';
import '../../src/widgets/results/define.js';
import type { QalaResults } from '../../src/widgets/results/results.js';
import { mockApi } from './support/msw.js';

const API = '/api/v1';
const root = (el: QalaResults) => el.shadowRoot!;
const text = (el: QalaResults) => root(el).textContent!.replace(/\s+/g, ' ');
const ready = (el: QalaResults) => waitUntil(() => !!root(el).querySelector('[part=heading]') && !root(el).querySelector('[aria-busy=true]'), 'rendered', { timeout: 5000 });

function results(projects: ProjectResult[], extra: Partial<Results> = {}): Results {
  const spent = projects.filter((p) => p.funded).reduce((s, p) => s + p.cost, 0);
  return {
    cycleId: 'aksu-2026',
    mode: 'final',
    computedAt: '2026-06-01T10:00:00+05:00',
    turnout: { online: 2700, paper: 61, total: 2761 },
    pools: [{ poolId: 'city', name: { kk: 'Бүкіл қала', ru: 'Весь город', en: 'Whole city' }, budget: 100_000_000, spent, rule: 'mes-add1', tieBreak: 'lexico', ballots: 2761, projects }],
    ...extra,
  };
}

function fakeBackend(r: Results | (() => Promise<Results>), phase: 'results' | 'voting' = 'results'): Backend {
  const config = demoConfig('aksu', Date.now(), phase);
  return {
    city: 'aksu',
    getConfig: async () => config,
    getResults: typeof r === 'function' ? r : async () => r,
    downloadUrl: (p: string) => `https://pb.example.kz${p}`,
  } as unknown as Backend;
}

const EXPLANATIONS: [Explanation, boolean][] = [
  [{ kind: 'funded', round: 1, stage: 'main', supporters: 420, averagePayment: 20_238, remainingAfter: 91_500_000 }, true],
  [{ kind: 'funded', round: 2, stage: 'completion', supporters: 12, remainingAfter: 88_000_000 }, true],
  [{ kind: 'did_not_fit', remaining: 2_300_000 }, false],
  [{ kind: 'supporters_ran_out', supporters: 40, supportersMoney: 1_500_000 }, false],
  [{ kind: 'no_support' }, false],
  [{ kind: 'over_budget', budget: 100_000_000 }, false],
  [{ kind: 'rule_stopped', remaining: 700_000 }, false],
];
const everyKind = (): ProjectResult[] =>
  EXPLANATIONS.map(([explanation, funded], i) => ({ projectId: `p${i}`, title: `Проект ${i}`, cost: funded ? 8_500_000 - i * 5 : 3_000_000 + i, votes: 500 - i * 50, funded, explanation }));

describe('<qala-results>', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('shows final results from the server: funded first, reasons, chart with budget line, table, turnout, downloads', async () => {
    const { state } = await mockApi({ phase: 'results' });
    state.proposals.get('aksu')!.forEach((p, i) => p.status === 'on_ballot' && (p.votes = i === 5 ? 0 : 400 - i * 10));
    // The mock counts as the server does, whose greedy count funds any project that fits, voted for or not: a budget
    // the voted-for projects nearly use up leaves no room for the one nobody voted for.
    state.configs.get('aksu')!.cycle.pools[0]!.budget = 30_000_000;
    const el = await fixture<QalaResults>(html`<qala-results lang="en" .backend=${new HttpBackend({ baseUrl: API, city: 'aksu' })}></qala-results>`);
    await ready(el);
    const rows = root(el).querySelectorAll('tbody tr');
    expect(rows.length).to.equal(6);
    expect(root(el).querySelectorAll('tbody tr.funded').length, text(el)).to.be.greaterThan(0);
    expect(text(el)).to.contain('Final results');
    expect(text(el)).to.contain('Projects are taken in order of votes');
    expect(text(el)).to.contain('Nobody voted for it.');
    const line = root(el).querySelector('[part=budget-line]')!;
    expect(line).to.exist;
    expect(root(el).querySelector('svg[part=chart]')!.getAttribute('role')).to.equal('img');
    const links = [...root(el).querySelectorAll<HTMLAnchorElement>('[part=downloads] a')];
    expect(links.map((a) => new URL(a.href).pathname)).to.deep.equal(['/api/v1/cities/aksu/results.csv', '/api/v1/cities/aksu/results.pb']);
    expect(root(el).querySelector('[part=turnout]')).to.exist;
  });

  it('explains every kind of outcome in plain words (ru)', async () => {
    const el = await fixture<QalaResults>(html`<qala-results lang="ru" .backend=${fakeBackend(results(everyKind()))}></qala-results>`);
    await ready(el);
    const t = text(el);
    expect(t).to.contain('Выбран 1-м; 420 сторонников.');
    expect(t).to.contain('в среднем «заплатил» 20 238 ₸');
    expect(t).to.contain('на этапе дополнения');
    expect(t).to.match(/Не поместился в остаток бюджета: стоит 3 000 002 ₸, а оставалось 2 300 000 ₸/);
    expect(t).to.contain('Не хватило долей сторонников: у 40 сторонников вместе оставалось 1 500 000 ₸');
    expect(t).to.contain('Не получил голосов.');
    expect(t).to.contain('Стоит больше всего бюджета раздела (100 000 000 ₸)');
    expect(t).to.contain('следующий проект не поместился в остаток 700 000 ₸');
    expect(t).to.contain('Метод равных долей с дополнением');
    expect(t).to.contain('2 761');
    expect(root(el).querySelector('[part=downloads]')).to.equal(null);
  });

  it('states, for equal shares with completion, how many runs the count took and the final share per voter, in every language', async () => {
    const base = results(everyKind());
    const withAdd1: Results = { ...base, pools: [{ ...base.pools[0]!, add1: { runs: 37, increments: 36, voterBudget: '12345/7', voterBudgetAmount: 1763.57 } }] };
    const expected = {
      kk: ['санау 37 рет жүргізілді', '1 764 ₸', 'дәл 12345/7 ₸'],
      ru: ['подсчёт выполнен 37 раз,', '1 764 ₸', 'точно 12345/7 ₸'],
      en: ['the count ran 37 times', '1 764 ₸', 'exactly 12345/7 ₸'],
    };
    for (const [lang, words] of Object.entries(expected)) {
      const el = await fixture<QalaResults>(html`<qala-results lang=${lang} .backend=${fakeBackend(withAdd1)}></qala-results>`);
      await ready(el);
      const line = root(el).querySelector('[part=add1]')!;
      expect(line, lang).to.exist;
      const said = line.textContent!.replace(/\s+/g, ' ');
      for (const w of words) expect(said.replace(/[\u00a0\u202f]/g, ' '), `${lang}: ${said}`).to.contain(w.replace(/[\u00a0\u202f]/g, ' '));
      await expect(el).to.be.accessible();
    }
    // Other rules have no such line.
    const greedy = await fixture<QalaResults>(html`<qala-results lang="ru" .backend=${fakeBackend(results(everyKind(), { pools: [{ ...base.pools[0]!, rule: 'greedy' }] }))}></qala-results>`);
    await ready(greedy);
    expect(root(greedy).querySelector('[part=add1]')).to.equal(null);
  });

  it("shows the expert council's decision next to the count where they differ, with its reason as text, in every language", async () => {
    const projects = everyKind();
    projects[0] = { ...projects[0]!, decision: { funded: false, at: '2026-06-03T12:00:00+05:00', note: 'Участок <b>занят</b> под школу.' } };
    projects[2] = { ...projects[2]!, decision: { funded: true, at: '2026-06-04T09:00:00+05:00' } };
    const expected = {
      ru: ['Экспертный совет 03.06.2026 решил не финансировать проект.', 'Причина:', 'Экспертный совет 04.06.2026 решил профинансировать проект.'],
      kk: ['Сараптама кеңесі 03.06.2026 жобаны қаржыландырмауды шешті.', 'Себебі:', 'Сараптама кеңесі 04.06.2026 жобаны қаржыландыруды шешті.'],
      en: ['The expert council decided on 03.06.2026 not to fund it.', 'Its reason:', 'The expert council decided on 04.06.2026 to fund it.'],
    };
    for (const [lang, words] of Object.entries(expected)) {
      const el = await fixture<QalaResults>(html`<qala-results lang=${lang} .backend=${fakeBackend(results(projects))}></qala-results>`);
      await ready(el);
      const decisions = [...root(el).querySelectorAll('[part=decision]')];
      expect(decisions.length).to.equal(2);
      const first = decisions[0]!.textContent!.replace(/\s+/g, ' ');
      expect(first).to.contain(words[0]);
      expect(first).to.contain(words[1]);
      expect(decisions[0]!.querySelector('bdi')!.textContent).to.equal('Участок <b>занят</b> под школу.');
      expect(decisions[0]!.querySelector('b')).to.equal(null);
      expect(decisions[1]!.textContent!.replace(/\s+/g, ' ')).to.contain(words[2]);
      // The count itself stands: the first project is still listed as funded by the count.
      expect(decisions[0]!.closest('tr')!.classList.contains('funded')).to.equal(true);
      await expect(el).to.be.accessible();
    }
  });

  it('says when results will be published before they are', async () => {
    await mockApi({ phase: 'review' });
    const el = await fixture<QalaResults>(html`<qala-results lang="ru" .backend=${new HttpBackend({ baseUrl: API, city: 'aksu' })}></qala-results>`);
    await ready(el);
    expect(text(el)).to.match(/Итоги будут опубликованы \d\d\.\d\d\.\d{4}\./);
    expect(root(el).querySelector('table')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it("understands a host backend's plain-object errors (the script-tag build exports no QalaError)", async () => {
    const closed = fakeBackend(() => Promise.reject({ code: 'phase_closed', message: 'not yet', status: 403 }), 'voting');
    const el = await fixture<QalaResults>(html`<qala-results lang="ru" .backend=${closed}></qala-results>`);
    await ready(el);
    expect(text(el)).to.match(/Итоги будут опубликованы \d\d\.\d\d\.\d{4}\./);
    const seen: string[] = [];
    const down = fakeBackend(() => Promise.reject({ code: 'rate_limited', message: 'slow down' }));
    const el2 = await fixture<QalaResults>(html`<qala-results lang="ru" .backend=${down} @qala-error=${(e: CustomEvent<{ code: string }>) => seen.push(e.detail.code)}></qala-results>`);
    await ready(el2);
    expect(text(el2)).to.contain('Слишком много попыток');
    expect(seen).to.deep.equal(['rate_limited']);
  });

  it('is live during voting when the city allows it, and refreshes itself', async () => {
    // The poller rests while the page is hidden; test files share one browser, so this page may be a background tab.
    Object.defineProperty(document, 'hidden', { value: false, configurable: true });
    const { state } = await mockApi({ phase: 'voting' });
    // Counted by equal shares, which funds nothing before a ballot (the mock counts as the server does, whose greedy
    // count would fund every project that fits).
    state.configs.get('rudny')!.cycle.counting = { rule: 'mes', tieBreak: 'lexico' };
    const el = await fixture<QalaResults>(html`<qala-results lang="en" poll-interval="40" .backend=${new HttpBackend({ baseUrl: API, city: 'rudny' })}></qala-results>`);
    await ready(el);
    expect(root(el).querySelector('[part=mode]')!.textContent).to.contain('Counting live');
    expect(text(el)).to.contain('0 of 3 projects');
    state.ballots.set('v1', {
      input: { cycleId: 'rudny-2026', choices: [{ poolId: 'infra', picks: [{ projectId: 'rudny-i-2' }] }] },
      receipt: { receiptCode: 'AAAA-BBBB-CCCC-DDDD', cycleId: 'rudny-2026', castAt: new Date().toISOString(), changeableUntil: null },
    });
    await waitUntil(() => text(el).includes('1 of 3 projects'), 'live refresh', { timeout: 5000 });
    expect(root(el).querySelector('tbody tr.funded th')!.textContent).to.contain('Освещение парка Победы');
    el.remove();
    delete (document as { hidden?: boolean }).hidden;
  });

  it('live: a refresh on its way when the host changes the city never lands on the new city’s results', async () => {
    Object.defineProperty(document, 'hidden', { value: false, configurable: true });
    try {
      const { state, use } = await mockApi({ phase: 'voting' });
      const el = await fixture<QalaResults>(html`<qala-results lang="en" poll-interval="40" .backend=${new HttpBackend({ baseUrl: API, city: 'rudny' })}></qala-results>`);
      await ready(el);
      expect(root(el).querySelector('[part=mode]')!.textContent).to.contain('Counting live');
      let slow = 0;
      use(
        http.get(`${API}/cities/rudny/results`, async () => {
          slow++;
          await delay(400);
          return undefined;
        }),
      );
      await waitUntil(() => slow > 0, 'a refresh on its way', { timeout: 5000 });
      state.setPhase('aksu', 'results');
      el.backend = new HttpBackend({ baseUrl: API, city: 'aksu' });
      await waitUntil(() => root(el).querySelector('[part=mode]')?.textContent?.includes('Final results'), 'the new city’s final results', { timeout: 5000 });
      await delay(700);
      await el.updateComplete;
      expect(root(el).querySelector('[part=mode]')!.textContent, 'still the new city’s').to.contain('Final results');
      expect(text(el)).not.to.contain('Освещение парка Победы');
      el.remove();
    } finally {
      delete (document as { hidden?: boolean }).hidden;
    }
  });

  it('live: taken off the page before its first answer, it never starts polling', async () => {
    Object.defineProperty(document, 'hidden', { value: false, configurable: true });
    try {
      const { use } = await mockApi({ phase: 'voting' });
      let asked = 0;
      use(
        http.get(`${API}/cities/rudny/results`, async () => {
          asked++;
          await delay(200);
          return undefined;
        }),
      );
      const el = await fixture<QalaResults>(html`<qala-results lang="en" poll-interval="40" .backend=${new HttpBackend({ baseUrl: API, city: 'rudny' })}></qala-results>`);
      await waitUntil(() => asked > 0, 'the first request', { timeout: 5000 });
      el.remove();
      await delay(800);
      expect(asked, 'no poller left behind').to.equal(1);
    } finally {
      delete (document as { hidden?: boolean }).hidden;
    }
  });

  it('stays on the unpublished message during voting when live counts are off', async () => {
    await mockApi({ phase: 'voting' });
    const el = await fixture<QalaResults>(html`<qala-results lang="en" .backend=${new HttpBackend({ baseUrl: API, city: 'aksu' })}></qala-results>`);
    await ready(el);
    expect(text(el)).to.contain('Results will be published on');
    expect(text(el)).to.contain('Voting is open until');
  });

  it('shows an error with a retry that works', async () => {
    const { use } = await mockApi({ phase: 'results' });
    let fail = true;
    let asked = 0;
    use(
      http.get(`${API}/cities/aksu/results`, () => {
        asked++;
        return fail ? HttpResponse.json({ code: 'internal', message: 'boom' }, { status: 500 }) : undefined;
      }),
    );
    const el = await fixture<QalaResults>(html`<qala-results lang="ru" .backend=${new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 })}></qala-results>`);
    await waitUntil(() => !!root(el).querySelector('[role=alert]'), 'error shown', { timeout: 5000 });
    expect(text(el)).to.contain('Ошибка сервера');
    await expect(el).to.be.accessible();
    // A retry that fails again leaves the focus on the retry; one that works puts it on the results' heading.
    const first = root(el).querySelector<HTMLButtonElement>('button.primary')!;
    first.focus();
    first.click();
    await waitUntil(() => asked === 2 && !!root(el).querySelector('[role=alert]'), 'failed again', { timeout: 5000 });
    await el.updateComplete;
    expect(root(el).querySelector('button.primary'), 'a new retry button').not.to.equal(first);
    expect(root(el).activeElement?.matches('button.primary'), 'the focus on the retry again').to.equal(true);
    fail = false;
    root(el).querySelector<HTMLButtonElement>('button.primary')!.click();
    await waitUntil(() => !!root(el).querySelector('table'), 'results after retry', { timeout: 5000 });
    await waitUntil(() => root(el).activeElement?.matches('[part=heading]'), 'the focus on the heading', { timeout: 5000 });
  });

  const many = (n: number): ProjectResult[] =>
    Array.from({ length: n }, (_, i) => ({
      projectId: `p${i}`,
      title: `Жоба ${i} — ${'ұзын атау '.repeat(i % 5)}`,
      cost: 1_000_000 + i * 1000,
      votes: 1000 - i,
      funded: i < 60,
      explanation: i < 60 ? { kind: 'funded', round: i + 1, stage: 'main', supporters: 1000 - i, remainingAfter: 40_000_000 - i } : { kind: 'did_not_fit', remaining: 400_000 },
    }));

  it('handles 200+ projects: every one in the table (after "show all"), the chart capped', async () => {
    const el = await fixture<QalaResults>(html`<qala-results lang="kk" .backend=${fakeBackend(results(many(230)))}></qala-results>`);
    await ready(el);
    // The first 50 come over a few frames (see the test after the next).
    await waitUntil(() => root(el).querySelectorAll('tbody tr').length === 50, 'the first 50 rows');
    expect(root(el).querySelectorAll('svg rect.bar').length).to.equal(30);
    root(el).querySelector<HTMLButtonElement>('.pool .row button')!.click();
    // The table grows over some twenty frames (see the next test).
    await waitUntil(() => root(el).querySelectorAll('tbody tr').length === 230, 'every row', { timeout: 5000 });
    await waitUntil(() => root(el).activeElement?.tagName === 'CAPTION', 'focus on the table');
    expect(root(el).querySelectorAll('tbody tr.funded').length).to.equal(60);
  });

  it('"show all" adds a few rows before each frame, the page drawing them before more come, focus on the table all along', async () => {
    const el = await fixture<QalaResults>(html`<qala-results lang="ru" .backend=${fakeBackend(results(many(230)))}></qala-results>`);
    await ready(el);
    const rows = () => root(el).querySelectorAll('tbody tr').length;
    const button = root(el).querySelector<HTMLButtonElement>('.pool .row button')!;
    button.focus();
    button.click();
    // Rows counted at the start of each frame: the rows added before a frame are all styled, laid out and painted in it.
    const atFrames = [rows()];
    const focused = new Set<string>();
    while (atFrames.at(-1)! < 230 && atFrames.length < 1000) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      atFrames.push(rows());
      focused.add(root(el).activeElement?.textContent ?? String(document.activeElement?.tagName));
    }
    const added = atFrames.slice(1).map((n, i) => n - atFrames[i]!);
    // Before, 40 rows a chunk, and chunk after chunk before one frame (all 180 in Chromium).
    expect(Math.max(...added), `rows at each frame: ${atFrames.join(' ')}`).to.be.at.most(10);
    expect(atFrames.at(-1)).to.equal(230);
    // Never on the page's body while the button is disabled: on the caption, which names the table, from the start.
    expect([...focused]).to.deep.equal(['Проекты: голоса, стоимость и решение по каждому проекту']);
    expect(root(el).querySelector('.pool .row button'), 'no "show all" left').to.equal(null);
  });

  it('draws a screen of rows with the results and the rest of the first 50 a few a frame, the table stating 51 rows all along', async () => {
    const el = await fixture<QalaResults>(html`<qala-results lang="ru" .backend=${fakeBackend(results(many(230)))}></qala-results>`);
    const rows = () => root(el).querySelectorAll('tbody tr').length;
    // Rows counted at the start of each frame, from before the results come.
    const atFrames = [rows()];
    const rowCounts = new Set<string | null>();
    while (atFrames.at(-1)! < 50 && atFrames.length < 1000) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      atFrames.push(rows());
      if (rows() && rows() < 50) rowCounts.add(root(el).querySelector('table')!.getAttribute('aria-rowcount'));
    }
    const drawn = atFrames.filter((n) => n > 0);
    const added = drawn.slice(1).map((n, i) => n - drawn[i]!);
    // Before, all 50 came with the results, laid out in one frame (a long task on a phone).
    expect(drawn[0], `rows at each frame: ${atFrames.join(' ')}`).to.be.at.most(10);
    expect(Math.max(...added), `rows at each frame: ${atFrames.join(' ')}`).to.be.at.most(10);
    expect(drawn.at(-1)).to.equal(50);
    // The header row and the 50 to come, while fewer are drawn; then the rows themselves say it.
    expect([...rowCounts]).to.deep.equal(['51']);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await el.updateComplete;
    expect(rows()).to.equal(50);
    expect(root(el).querySelector('table')!.hasAttribute('aria-rowcount')).to.equal(false);
    const button = root(el).querySelector<HTMLButtonElement>('.pool .row button')!;
    expect(button.disabled).to.equal(false);
    expect(button.textContent).to.contain('230');
  });

  it('"show all" while the first 50 rows still come: every row, focus on the table', async () => {
    const el = await fixture<QalaResults>(html`<qala-results lang="en" .backend=${fakeBackend(results(many(230)))}></qala-results>`);
    while (!root(el).querySelector('tbody tr')) await new Promise((resolve) => requestAnimationFrame(resolve));
    const table = root(el).querySelector('table')!;
    expect(root(el).querySelectorAll('tbody tr').length, 'clicked before the first 50 are drawn').to.be.below(50);
    root(el).querySelector<HTMLButtonElement>('.pool .row button')!.click();
    await el.updateComplete;
    expect(table.getAttribute('aria-rowcount')).to.equal('231');
    await waitUntil(() => root(el).querySelectorAll('tbody tr').length === 230, 'every row', { timeout: 5000 });
    expect(root(el).activeElement?.tagName).to.equal('CAPTION');
    expect(table.hasAttribute('aria-rowcount')).to.equal(false);
    expect(root(el).querySelector('.pool .row button'), 'no "show all" left').to.equal(null);
  });

  /** The chart as a reader meets it: its name, its description, and where its bars and the table below it are. */
  const chart = (el: QalaResults) => {
    const figure = root(el).querySelector('figure.chart')!;
    const top = (e: Element) => e.getBoundingClientRect().top - el.getBoundingClientRect().top;
    return {
      busy: figure.getAttribute('aria-busy'),
      name: root(el).getElementById(figure.getAttribute('aria-labelledby')!)!.textContent!.replace(/\s+/g, ' ').trim(),
      image: root(el).querySelector('svg[part=chart]')!.getAttribute('aria-label'),
      slots: root(el).querySelectorAll('.bars .slot').length,
      bars: root(el).querySelectorAll('.bars .bar-label').length,
      barsHeight: root(el).querySelector('.bars')!.getBoundingClientRect().height,
      tableTop: top(root(el).querySelector('table')!),
    };
  };

  it("draws the chart's bars a frame after the rest, in a place kept for them; the chart keeps its name and axe passes while it is busy and after (kk, ru, en, light and dark, 360 px)", async () => {
    for (const [lang, theme, width] of [['kk', 'light', 800], ['ru', 'dark', 360], ['en', 'dark', 800]] as const) {
      await setViewport({ width, height: 600 });
      let answer!: () => void;
      const asked = new Promise<void>((resolve) => (answer = resolve));
      const el = await fixture<QalaResults>(html`<qala-results lang=${lang} theme=${theme} .backend=${fakeBackend(async () => (await asked, results(everyKind())))}></qala-results>`);
      // No frame until the test has looked (a page too busy to draw one; the bars also come after half a second without frames).
      const raf = window.requestAnimationFrame;
      window.requestAnimationFrame = () => 0;
      try {
        answer();
        await waitUntil(() => !!root(el).querySelector('table'), 'the results', { interval: 5 });
        const first = chart(el);
        // Before, every bar came with the results, laid out in the same frame as the rest (half of it).
        expect(first.busy, lang).to.equal('true');
        expect([first.slots, first.bars], lang).to.deep.equal([7, 0]);
        expect(first.name, lang).to.not.equal('');
        expect(first.image, lang).to.not.equal('');
        expect(root(el).querySelectorAll('tbody tr').length, lang).to.equal(7);
        expect(el.scrollWidth, lang).to.be.at.most(el.clientWidth);
        await expect(el).to.be.accessible();
        expect(chart(el).busy, `${lang}: still busy after axe`).to.equal('true');
      } finally {
        window.requestAnimationFrame = raf;
      }
      const before = chart(el);
      await waitUntil(() => !root(el).querySelector('[aria-busy=true]'), 'the bars');
      const after = chart(el);
      expect([after.slots, after.bars], lang).to.deep.equal([0, 7]);
      expect([after.name, after.image], lang).to.deep.equal([before.name, before.image]);
      // Their place was kept: the table below did not move (each label fits its line here).
      expect(Math.abs(after.barsHeight - before.barsHeight), `${lang}: ${before.barsHeight} → ${after.barsHeight}`).to.be.below(1);
      expect(Math.abs(after.tableTop - before.tableTop), lang).to.be.below(1);
      await expect(el).to.be.accessible();
      el.remove();
    }
  });

  it('draws the bars in a frame of their own, before the table grows, the table staying where it is', async () => {
    const el = await fixture<QalaResults>(html`<qala-results lang="ru" .backend=${fakeBackend(results(many(230)))}></qala-results>`);
    const rows = () => root(el).querySelectorAll('tbody tr').length;
    // Rows and bars counted at the start of each frame, from before the results come.
    const atFrames: [rows: number, bars: number][] = [];
    const tops: number[] = [];
    while ((atFrames.at(-1)?.[0] ?? 0) < 50 && atFrames.length < 1000) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      atFrames.push([rows(), root(el).querySelectorAll('.bars .bar-label').length]);
      if (rows()) tops.push(chart(el).tableTop);
    }
    const seen = atFrames.map(([n, b]) => `${n}/${b}`).filter((s, i, all) => s !== '0/0' && s !== all[i - 1]);
    // Before, the 30 bars came with the first 10 rows.
    expect(seen[0], seen.join(' ')).to.equal('10/0');
    expect(seen[1], seen.join(' ')).to.equal('10/30');
    expect(seen.at(-1), seen.join(' ')).to.equal('50/30');
    expect(Math.max(...tops) - Math.min(...tops), seen.join(' ')).to.be.below(1);
  });

  for (const lang of ['kk', 'ru']) {
    for (const theme of ['light', 'dark']) {
      it(`passes axe in ${lang}, ${theme}, final and live`, async () => {
        const final = await fixture<QalaResults>(html`<qala-results lang=${lang} theme=${theme} .backend=${fakeBackend(results(everyKind(), { downloads: { csv: '/r.csv', pb: '/r.pb' } }))}></qala-results>`);
        await ready(final);
        await expect(final).to.be.accessible();
        const live = await fixture<QalaResults>(html`<qala-results lang=${lang} theme=${theme} .backend=${fakeBackend(results(everyKind(), { mode: 'live' }), 'voting')}></qala-results>`);
        await ready(live);
        await expect(live).to.be.accessible();
        live.remove();
      });
    }
  }

  it('fits a 360 px screen', async () => {
    await setViewport({ width: 360, height: 740 });
    const el = await fixture<QalaResults>(html`<qala-results lang="ru" .backend=${fakeBackend(results(everyKind()))}></qala-results>`);
    await ready(el);
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    expect(document.documentElement.scrollWidth).to.be.at.most(360);
  });

  it('shows a loading skeleton first', async () => {
    let release!: () => void;
    const wait = new Promise<void>((r) => (release = r));
    const el = await fixture<QalaResults>(html`<qala-results lang="kk" .backend=${fakeBackend(async () => (await wait, results(everyKind())))}></qala-results>`);
    await el.updateComplete;
    expect(root(el).querySelector('[aria-busy=true] .skeleton')).to.exist;
    await expect(el).to.be.accessible();
    release();
    await ready(el);
  });
});

describe('Poller', () => {
  it('backs off while the task fails and resets after a success', async () => {
    let calls = 0;
    let failing = true;
    const poller = new Poller(
      async () => {
        calls++;
        if (failing) throw new Error('down');
      },
      { interval: 10, maxInterval: 80, pauseWhenHidden: false },
    );
    poller.start();
    await waitUntil(() => calls >= 3, 'three failures');
    expect(poller.nextWait).to.be.greaterThan(10);
    await waitUntil(() => poller.nextWait === 80, 'capped at max', { timeout: 3000 });
    failing = false;
    await waitUntil(() => poller.nextWait === 10, 'reset after success', { timeout: 3000 });
    poller.stop();
  });
});
