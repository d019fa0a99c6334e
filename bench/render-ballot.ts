/**
 * `npm run bench:render:ballot`: `<qala-ballot>` with 100 projects and
 * `<qala-results>` with 200 projects in headless Chromium, against an
 * in-page `backend` object (no network): first render and one interaction
 * each, with every long task (> 50 ms) seen by a PerformanceObserver.
 *
 * Ballot: the ballot step is drawn when the one-time code is confirmed
 * (knapsack, two pools, every card asks "does it still fit?"); the
 * interaction is ticking one project, which re-checks all 100 cards.
 * Results: first render (table of 50 rows, chart of 30 bars per pool), then
 * "show all" (the table grows to every project).
 *
 * Each runs at every CPU speed of `--rates` (default `1,4`): 4 is Chromium's
 * CPU throttling at 4× (CDP `Emulation.setCPUThrottlingRate`), about an
 * inexpensive Android phone. Printed, never asserted.
 *
 * And on each screen of `--viewports` (default `desktop,phone`, see `viewports.ts`): a 1024×800 window,
 * and an inexpensive phone's (360×740 CSS px, two device pixels each, touch).
 *
 * Flags: --runs N (default 5), --rates 1,4, --viewports desktop,phone, --trace.
 *
 * With `--trace`, the unthrottled results runs are also traced (CDP) and each phase (first render, show all)
 * is summed up in the main thread's CPU time, as `bench/render.ts --trace` does (see `trace.ts`): a task
 * of 12.5 ms CPU at 1× is one of 50 ms on a phone 4× slower. BENCH_TRACE_FILE=t.json keeps the last trace.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { TRACE_CATEGORIES, tracePhases } from './trace.js';
import { pageOptions, viewportLabel, viewportsOf } from './viewports.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, rates: { type: 'string', default: '1,4' }, viewports: { type: 'string', default: 'desktop,phone' }, trace: { type: 'boolean', default: false } } });
const RUNS = Math.max(1, Number(values.runs));
const RATES = values.rates.split(',').map(Number).filter((r) => r >= 1);
const VIEWPORTS = viewportsOf(values.viewports);
const root = fileURLToPath(new URL('..', import.meta.url));

/** The page: both widgets, a fake backend, and the measuring code. Runs in the browser. */
const PAGE_SOURCE = String.raw`
import '${root}src/widgets/ballot/define.ts';
import '${root}src/widgets/results/define.ts';
import { demoConfig } from '${root}src/mock/fixtures.ts';

const longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
const settle = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const tasksSince = (t) => longTasks.filter((x) => x.start >= t);
const iso = (t) => new Date(t).toISOString();

function ballotBackend() {
  const now = Date.now();
  const config = demoConfig('aksu', now, 'voting');
  config.cycle.id = 'bench-' + Math.random().toString(36).slice(2);
  config.cycle.ballot = { kind: 'knapsack', minShare: 0.5 };
  config.cycle.pools = [
    { ...config.cycle.pools[0], id: 'north', budget: 300_000_000, name: { kk: 'Солтүстік', ru: 'Север', en: 'North' } },
    { ...config.cycle.pools[0], id: 'south', budget: 200_000_000, name: { kk: 'Оңтүстік', ru: 'Юг', en: 'South' } },
  ];
  const categories = config.city.categories.map((c) => c.id);
  const districts = config.city.districts.map((d) => d.id);
  const items = Array.from({ length: 100 }, (_, i) => ({
    id: 'p' + i, cycleId: config.cycle.id,
    title: 'Жоба ' + i + ': аулаға жаңа ойын алаңы және жарықтандыру',
    description: 'Ескі ойын алаңының орнына жұмсақ жабыны бар қауіпсіз жаңа алаң салу. '.repeat(3 + (i % 4)),
    category: categories[i % categories.length], district: districts[i % districts.length], address: 'Абай көшесі, ' + (i + 1),
    estimatedCost: 1_000_000 + ((i * 7919) % 8_000_000), finalCost: 1_000_000 + ((i * 7919) % 8_000_000),
    photos: [], authorName: 'Тұрғын ' + i, status: 'on_ballot', poolId: i % 5 < 3 ? 'north' : 'south',
    history: [{ status: 'submitted', at: iso(now - 9e8) }], createdAt: iso(now - 9e8 + i * 1000), updatedAt: iso(now - 9e8),
  }));
  return {
    city: 'aksu',
    getConfig: async () => config,
    listProposals: async () => ({ items, nextCursor: null, total: items.length }),
    startVerification: async () => ({ challengeId: 'ch1', expiresAt: iso(now + 3e5), resendAt: iso(now + 6e4), codeLength: 6, attemptsLeft: 5, phoneHint: '5678' }),
    resendCode: async () => { throw new Error('unused'); },
    confirmCode: async () => ({ token: 'tok_' + 'x'.repeat(32), expiresAt: iso(now + 18e5), cycleId: config.cycle.id, receipt: null }),
    castBallot: async () => { throw new Error('unused'); },
    checkReceipt: async () => { throw new Error('unused'); },
    getResults: async () => { throw new Error('unused'); },
  };
}

function resultsBackend() {
  const now = Date.now();
  const config = demoConfig('aksu', now, 'results');
  let remaining = 100_000_000;
  const projects = Array.from({ length: 200 }, (_, i) => {
    const cost = 1_500_000 + ((i * 104729) % 7_000_000);
    const votes = 3000 - i * 13;
    const base = { projectId: 'p' + i, title: 'Жоба ' + i + ': саябақтағы жаттығу құралдары мен орындықтар', cost, votes };
    if (cost <= remaining && i < 40) { remaining -= cost; return { ...base, funded: true, explanation: { kind: 'funded', round: i + 1, stage: 'main', supporters: votes, averagePayment: cost / votes, remainingAfter: remaining } }; }
    return { ...base, funded: false, explanation: i % 3 ? { kind: 'did_not_fit', remaining } : { kind: 'supporters_ran_out', supporters: votes, supportersMoney: cost / 3 } };
  }).sort((a, b) => (a.funded === b.funded ? 0 : a.funded ? -1 : 1));
  const results = {
    // In the city's offset, as the server writes it: an instant in Z made every first render format it with an
    // Intl time zone, which costs a fresh page ~40 ms at 1× (the zone data) that a real one never spends.
    cycleId: config.cycle.id, mode: 'final', computedAt: new Date(now + 5 * 3600e3).toISOString().replace('Z', '+05:00'), turnout: { online: 2700, paper: 61, total: 2761 },
    pools: [{ poolId: 'city', name: config.cycle.pools[0].name, budget: 100_000_000, spent: 100_000_000 - remaining, rule: 'mes-add1', tieBreak: 'lexico', ballots: 2761, projects }],
    downloads: { csv: '/r.csv', pb: '/r.pb' },
  };
  return { city: 'aksu', getConfig: async () => config, getResults: async () => results, downloadUrl: (p) => p };
}

async function waitFor(fn) { while (!fn()) await new Promise((r) => setTimeout(r, 1)); }

window.benchBallot = async () => {
  const el = document.createElement('qala-ballot');
  el.lang = 'ru';
  el.backend = ballotBackend();
  const t0 = performance.now();
  document.body.append(el);
  const root = el.shadowRoot;
  await waitFor(() => root.querySelector('#iin'));
  await el.updateComplete; await settle();
  const mount = performance.now() - t0;
  root.querySelector('#iin').value = '791028302728';
  root.querySelector('#phone').value = '+77012345678';
  root.querySelector('form button[type=submit]').click();
  await waitFor(() => root.querySelector('#code'));
  await el.updateComplete;
  root.querySelector('#code').value = '123456';
  const t1 = performance.now();
  root.querySelector('form button[type=submit]').click();
  await waitFor(() => root.querySelectorAll('[part=card]').length === 100);
  await el.updateComplete; await settle();
  const firstRender = performance.now() - t1;
  const firstTasks = tasksSince(t1);
  const t2 = performance.now();
  root.querySelector('[part=card] .pick input').click();
  await el.updateComplete; await settle();
  const interaction = performance.now() - t2;
  const interactionTasks = tasksSince(t2);
  const cards = root.querySelectorAll('[part=card]').length;
  el.remove();
  return { mount, firstRender, interaction, firstTasks, interactionTasks, cards };
};

window.benchResults = async () => {
  const el = document.createElement('qala-results');
  el.lang = 'ru';
  el.backend = resultsBackend();
  performance.mark('bench:first-render');
  const t0 = performance.now();
  document.body.append(el);
  const root = el.shadowRoot;
  // The first 50 rows (a first render may draw fewer and the rest after frames).
  await waitFor(() => root.querySelectorAll('tbody tr').length >= 50);
  await el.updateComplete; await settle();
  const firstRender = performance.now() - t0;
  const firstTasks = tasksSince(t0);
  performance.mark('bench:show-all');
  const t1 = performance.now();
  root.querySelector('.pool .row button').click();
  await waitFor(() => root.querySelectorAll('tbody tr').length === 200);
  await el.updateComplete; await settle();
  performance.mark('bench:end');
  const interaction = performance.now() - t1;
  const interactionTasks = tasksSince(t1);
  const rows = root.querySelectorAll('tbody tr').length;
  el.remove();
  return { firstRender, interaction, firstTasks, interactionTasks, rows };
};
window.benchReady = true;
`;

interface Task {
  start: number;
  duration: number;
}
interface BallotRun {
  mount: number;
  firstRender: number;
  interaction: number;
  firstTasks: Task[];
  interactionTasks: Task[];
  cards: number;
}
interface ResultsRun {
  firstRender: number;
  interaction: number;
  firstTasks: Task[];
  interactionTasks: Task[];
  rows: number;
}

/** Per phase of one results run's trace (see `trace.ts`): the longest task and the tasks over 12.5 ms of CPU, and the self time by kind. */
function phaseFigures(json: Buffer): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const [phase, { tasks, self }] of tracePhases(json)) out.set(phase, { longest: Math.max(0, ...tasks), over: tasks.filter((t) => t > 12.5).length, ...self });
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const worst = (runs: Task[][]) => Math.max(0, ...runs.flat().map((t) => t.duration));
const count = (runs: Task[][]) => runs.reduce((n, r) => n + r.length, 0);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qala-bench-ballot-'));
  try {
    const entry = join(dir, 'page.ts');
    writeFileSync(entry, PAGE_SOURCE);
    await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      target: 'es2022',
      minify: true,
      outfile: join(dir, 'page.js'),
      conditions: ['browser', 'production'],
      tsconfig: join(root, 'tsconfig.json'),
      nodePaths: [join(root, 'node_modules')],
      logLevel: 'error',
    });
    const script = readFileSync(join(dir, 'page.js'), 'utf8');
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      for (const viewport of VIEWPORTS) {
        const page = await browser.newPage(pageOptions(viewport, { width: 1024, height: 800 }));
        await page.route('http://bench.qala.test/**', (route) => {
          const url = new URL(route.request().url());
          if (url.pathname === '/page.js') return route.fulfill({ contentType: 'text/javascript', body: script });
          return route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="ru"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><body><script type="module" src="/page.js"></script></body></html>' });
        });
        await page.goto('http://bench.qala.test/');
        await page.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady === true);
        const cdp = await page.context().newCDPSession(page);
        for (const rate of RATES) {
          await cdp.send('Emulation.setCPUThrottlingRate', { rate });
          const ballots: BallotRun[] = [];
          const results: ResultsRun[] = [];
          const traced: Map<string, Record<string, number>>[] = [];
          const trace = values.trace && rate === 1;
          for (let i = 0; i < RUNS; i++) {
            ballots.push(await page.evaluate(() => (window as unknown as { benchBallot: () => Promise<BallotRun> }).benchBallot()));
            if (trace) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
            results.push(await page.evaluate(() => (window as unknown as { benchResults: () => Promise<ResultsRun> }).benchResults()));
            if (trace) {
              const json = await browser.stopTracing();
              if (process.env.BENCH_TRACE_FILE) writeFileSync(process.env.BENCH_TRACE_FILE, json);
              traced.push(phaseFigures(json));
            }
          }
          const cpu = `${rate === 1 ? 'CPU unthrottled' : `CPU throttled ${rate}×`}${viewportLabel(viewport)}`;
          console.log(`\nrender bench, ${cpu}: ballot and results, ${RUNS} runs each, headless Chromium (median, worst long task; long task = over 50 ms)`);
          console.log(`ballot, ${ballots[0]!.cards} projects (knapsack, 2 pools):`);
          console.log(`  mount to the first step  ${ms(median(ballots.map((r) => r.mount)))}`);
          console.log(`  first render of ballot   ${ms(median(ballots.map((r) => r.firstRender)))}   long tasks: ${count(ballots.map((r) => r.firstTasks))}, worst ${ms(worst(ballots.map((r) => r.firstTasks)))}`);
          console.log(`  tick one project         ${ms(median(ballots.map((r) => r.interaction)))}   long tasks: ${count(ballots.map((r) => r.interactionTasks))}, worst ${ms(worst(ballots.map((r) => r.interactionTasks)))}`);
          console.log(`results, 200 projects (1 pool):`);
          console.log(`  first render             ${ms(median(results.map((r) => r.firstRender)))}   long tasks: ${count(results.map((r) => r.firstTasks))}, worst ${ms(worst(results.map((r) => r.firstTasks)))}`);
          console.log(`  show all ${results[0]!.rows} rows        ${ms(median(results.map((r) => r.interaction)))}   long tasks: ${count(results.map((r) => r.interactionTasks))}, worst ${ms(worst(results.map((r) => r.interactionTasks)))}`);
          for (const phase of trace ? ['first-render', 'show-all'] : []) {
            const runs = traced.map((t) => t.get(phase)).filter((f) => f !== undefined);
            const med = (key: string) => median(runs.map((f) => f[key]!)).toFixed(1);
            console.log(`  trace, ${phase}: longest task CPU ${runs.map((f) => f.longest!.toFixed(1)).join(' ')} ms, tasks over 12.5 ms CPU ${runs.map((f) => f.over).join(' ')}; CPU median script ${med('script')}, style ${med('style')}, layout ${med('layout')}, paint ${med('paint')}, other ${med('other')} ms`);
          }
        }
        await page.close();
      }
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
