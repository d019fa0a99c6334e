/**
 * `npm run bench:load`: how long a resident waits for the widgets on a slow
 * link, through the script tag — `dist/qala.js` (the loader, a page fetches
 * only its widgets and language) against `dist/qala.bundle.js` (one file,
 * everything). The real server (`qala serve`: brotli, CORS) serves the
 * scripts and the API; a page on another origin embeds them, as an akimat's
 * site does. Chromium's network emulation sets the link; every load runs in a
 * fresh browser context (nothing cached). Prints the median of `--runs N`
 * (default 3) time from navigation to the widgets' first words, and the bytes
 * of script transferred; then the same through the script tag with the CPU
 * slowed 4× (a cheap phone on the same links). Then every page of the demo
 * (`npm start`'s server, run from a temporary folder so its database is its
 * own), through the script tag as the demo includes it: first words = every
 * widget on the page shows its heading. Figures only: nothing is asserted. Needs `npm run build`
 * first.
 *
 *   node --import tsx bench/load.ts [--runs N] [--trace]
 *
 * With `--trace`, only the main thread's work before the first words: each page through the script tag, on this
 * machine's loopback (no emulated link: the figures are CPU, not waiting) and unthrottled, traced (see `trace.ts`):
 * the CPU time of every task from navigation to the first words, the longest tasks and what filled them. A cheap
 * phone runs the same work about four times slower, and on 4G that is most of what it waits for.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launch, startStack, type Stack } from '../test/e2e/support.js';
import { ballotText, formText, listText, resultsText } from '../test/e2e/texts.js';
import { TRACE_CATEGORIES, tracePhases } from './trace.js';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${root}dist/qala/manifest.json`)) {
  console.error('bench:load needs the build: run `npm run build` first');
  process.exit(1);
}
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const TRACE = process.argv.includes('--trace');

/** Links as Chromium emulates them: latency added to every request, throughput in bytes per second. */
const LINKS = {
  'slow 3G (400 ms, 400 kbit/s)': { latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 },
  '4G (100 ms, 4 Mbit/s)': { latency: 100, downloadThroughput: 500_000, uploadThroughput: 250_000 },
};
const PAGES = {
  'ballot only': { only: 'ballot', words: [['#ballot', ballotText.kk['identify.title']]] },
  'all four widgets': {
    only: '',
    words: [
      ['#ballot', ballotText.kk['identify.title']],
      ['#list', listText.kk['filter.search']],
      ['#form', formText.kk.heading],
      ['#results', resultsText.kk['results.title']],
    ],
  },
} as const;
const SCRIPTS = ['qala.js', 'qala.bundle.js'] as const;

type BenchPage = (typeof PAGES)[keyof typeof PAGES];

/** The cross-origin host page with `page`'s widgets through `script`. */
const pageUrl = (stack: Stack, page: BenchPage, script: string) =>
  `${stack.origin}/pages/cross-origin.html?${new URLSearchParams({ qala: stack.api, script, ...(page.only ? { only: page.only } : {}) })}`;

/** When every widget of `page` shows its words (see `firstWords`); call before the tab navigates. */
const pageWords = (tab: Page, page: BenchPage) =>
  firstWords(tab, (words) => words.every(([sel, text]) => (document.querySelector(sel)?.shadowRoot?.textContent ?? '').includes(text)), page.words as unknown as [string, string][]);

async function load(browser: Browser, stack: Stack, link: (typeof LINKS)[keyof typeof LINKS], page: (typeof PAGES)[keyof typeof PAGES], script: string, cpu = 1): Promise<{ ms: number; bytes: number }> {
  const context = await browser.newContext({ locale: 'kk-KZ' });
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...link });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength));
  const seen = pageWords(tab, page);
  await tab.goto(pageUrl(stack, page, script), { waitUntil: 'commit' });
  const result = { ms: (await seen)[0]!, bytes };
  await context.close();
  return result;
}

/**
 * When the page first passes `shown` (checked every 20 ms from the page's start): `[performance.now(), what shown
 * returned]`. Checked by a script of the page's own, which reports on the console, not by Playwright's
 * `waitForFunction`: that injects Playwright's own scripts into the page as it loads, some 150–300 ms of the main
 * thread at 4× CPU that a resident's phone never runs, before the widgets' own.
 */
async function firstWords<A>(tab: Page, shown: (arg: A) => unknown, arg: A): Promise<number[]> {
  const seen = tab.waitForEvent('console', { predicate: (m) => m.text().startsWith('qala-bench:first-words '), timeout: 120_000 });
  // Written into the script (not `new Function` in the page: the host page's CSP may forbid it).
  await tab.addInitScript({
    content: `if (window === window.top) {
      const shown = (${shown.toString()});
      const poll = () => {
        const found = shown(${JSON.stringify(arg)});
        if (found) {
          performance.mark('bench:end');
          console.debug('qala-bench:first-words ' + performance.now() + ' ' + Number(found));
        } else setTimeout(poll, 20);
      };
      performance.mark('bench:load');
      poll();
    }`,
  });
  return seen.then((m) => m.text().split(' ').slice(1).map(Number));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `npm start`'s demo server on a free port, in a temporary folder that links to our demo, dist and example config. */
async function startDemo(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'qala-bench-demo-'));
  for (const name of ['demo', 'dist', 'qala.config.example.json']) symlinkSync(join(root, name), join(dir, name));
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', `import('${root}src/cli/serve.ts').then((m) => m.startDemo(${JSON.stringify(dir)}, 0)).then((code) => process.exit(code))`], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the demo server did not start: ${err}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /Qala demo: (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace('localhost', '127.0.0.1'));
      }
    });
    child.once('exit', (code) => reject(new Error(`the demo server exited (${code}): ${err}`)));
  });
  return {
    url,
    async close() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A demo page loaded on `link` in a fresh context: time until every widget on it shows a heading, and bytes transferred. */
async function loadDemoPage(browser: Browser, url: string, link: (typeof LINKS)[keyof typeof LINKS]): Promise<{ ms: number; bytes: number; widgets: number }> {
  const context = await browser.newContext({ locale: 'kk-KZ' });
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...link });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength));
  const seen = firstWords(
    tab,
    () => {
      const widgets = [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('qala-'));
      const shown = widgets.length > 0 && widgets.every((w) => [...(w.shadowRoot?.querySelectorAll('h1, h2, h3') ?? [])].some((h) => (h.textContent ?? '').trim()));
      return shown && widgets.length;
    },
    null,
  );
  await tab.goto(url, { waitUntil: 'commit' });
  const [ms, widgets] = (await seen) as [number, number];
  await context.close();
  return { ms, bytes, widgets };
}

/**
 * One traced load of `page` through the script tag, unthrottled on loopback: the CPU time (ms) of each main-thread
 * task from navigation to the first words, and the events that filled the longest one.
 */
async function tracedLoad(browser: Browser, stack: Stack, page: (typeof PAGES)[keyof typeof PAGES]): Promise<{ ms: number; tasks: number[]; longest: string }> {
  const context = await browser.newContext({ locale: 'kk-KZ' });
  const tab = await context.newPage();
  const seen = pageWords(tab, page);
  await browser.startTracing(tab, { categories: TRACE_CATEGORIES });
  await tab.goto(pageUrl(stack, page, 'qala.js'), { waitUntil: 'commit' });
  const [ms] = await seen;
  const json = await browser.stopTracing();
  await context.close();
  const phase = tracePhases(json).get('load');
  if (!phase) throw new Error('the trace has no bench:load mark');
  const names = [...phase.longestTask].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return { ms: ms!, tasks: phase.tasks, longest: names.map(([name, cpu]) => `${name} ${cpu.toFixed(1)}`).join(', ') };
}

const stack = await startStack({ phase: 'voting' });
const browser = await launch();
if (TRACE) {
  try {
    console.log(`main-thread CPU from navigation to the first words, unthrottled, loopback, ${RUNS} runs after one to warm up (a task of 12.5 ms here is one of 50 ms on a phone 4× slower)\n`);
    for (const [pageName, page] of Object.entries(PAGES)) {
      await tracedLoad(browser, stack, page);
      for (let i = 0; i < RUNS; i++) {
        const r = await tracedLoad(browser, stack, page);
        const total = r.tasks.reduce((a, b) => a + b, 0);
        const sorted = [...r.tasks].sort((a, b) => b - a);
        console.log(`  ${pageName.padEnd(17)} first words ${r.ms.toFixed(0).padStart(4)} ms, CPU ${total.toFixed(0).padStart(4)} ms in ${r.tasks.length} tasks, over 12.5 ms: ${r.tasks.filter((t) => t > 12.5).length}, longest ${sorted.slice(0, 3).map((t) => t.toFixed(1)).join(' ')} ms (the longest: ${r.longest})`);
      }
    }
  } finally {
    await browser.close();
    await stack.close();
  }
  process.exit(0);
}
try {
  console.log(`time from navigation to the widgets' first words, median of ${RUNS}; bytes the page transferred (all requests, as sent)\n`);
  for (const [linkName, link] of Object.entries(LINKS)) {
    console.log(linkName);
    for (const [pageName, page] of Object.entries(PAGES)) {
      for (const script of SCRIPTS) {
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await load(browser, stack, link, page, script));
        const ms = median(runs.map((r) => r.ms));
        const kb = median(runs.map((r) => r.bytes)) / 1024;
        console.log(`  ${pageName.padEnd(17)} ${script.padEnd(15)} ${ms.toFixed(0).padStart(6)} ms ${kb.toFixed(1).padStart(8)} KB`);
      }
    }
  }
  // A cheap phone is slow twice: the same links with Chromium's CPU slowed 4× (as bench:render's), the script tag only.
  for (const [linkName, link] of Object.entries(LINKS)) {
    console.log(`${linkName}, CPU slowed 4×`);
    for (const [pageName, page] of Object.entries(PAGES)) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await load(browser, stack, link, page, 'qala.js', 4));
      const ms = median(runs.map((r) => r.ms));
      const kb = median(runs.map((r) => r.bytes)) / 1024;
      console.log(`  ${pageName.padEnd(17)} ${'qala.js'.padEnd(15)} ${ms.toFixed(0).padStart(6)} ms ${kb.toFixed(1).padStart(8)} KB`);
    }
  }
} finally {
  await stack.close();
}

const demo = await startDemo();
try {
  const pages = readdirSync(join(root, 'demo')).filter((f) => f.endsWith('.html') && f !== 'index.html' && f !== 'centre.html');
  console.log(`\nthe demo's pages (npm start), through the script tag as they include it: time until every widget shows its heading, median of ${RUNS}`);
  for (const [linkName, link] of Object.entries(LINKS)) {
    console.log(linkName);
    for (const file of pages) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await loadDemoPage(browser, `${demo.url}/${file}`, link));
      const ms = median(runs.map((r) => r.ms));
      const kb = median(runs.map((r) => r.bytes)) / 1024;
      console.log(`  ${file.padEnd(17)} ${`${runs[0]!.widgets} widgets`.padEnd(15)} ${ms.toFixed(0).padStart(6)} ms ${kb.toFixed(1).padStart(8)} KB`);
    }
  }
} finally {
  await browser.close();
  await demo.close();
}
