/**
 * `npm run bench:render`: how fast the widgets draw in a real (headless)
 * Chromium. Each scenario runs in a fresh page that loads the widgets bundled
 * with esbuild and fed by an in-page `backend` object (no network), and
 * reports its own figures. Long tasks come from PerformanceObserver('longtask').
 *
 * Every scenario runs at each CPU speed of `--rates` (default `1,4`): 1 is
 * this machine, 4 is Chromium's CPU throttling at 4× (CDP
 * `Emulation.setCPUThrottlingRate`), about an inexpensive Android phone.
 * Figures are printed, never asserted.
 *
 * Adding a scenario: write a page-side function in `PAGE_SOURCE` that returns
 * `Record<string, number>`, then push a `Scenario` onto `SCENARIOS` that
 * calls it through `page.evaluate`.
 *
 * With `--trace`, each unthrottled scenario is also traced (CDP) and its phases (first render, re-filter, typing,
 * fling, scrolling) are summed up in the main thread's CPU time (see `trace.ts`): unthrottled, the tasks
 * that would pass 50 ms at 4×, and where the time went (script, style, layout, paint).
 *
 * With `--trace-scroll`, each throttled scenario is traced with the V8 sampling profiler on (see `longTasks` in
 * `trace.ts`), its page bundled unminified, and every task of its fast scroll over 50 ms is printed with what filled
 * it: CPU time by kind (script, garbage collection, style, layout, paint) and the functions the profiler found
 * running. Tracing makes the page slower (the sampling most), so a traced run has more long tasks than an untraced
 * one: it says what fills them; count them in runs without it. Issue #14's case, a phone at 4×:
 * `node --import tsx bench/render.ts "2 000" --rates 4 --viewports phone --trace-scroll`.
 *
 * Every scenario also runs on each screen of `--viewports` (default `desktop,phone`, see `viewports.ts`): a
 * laptop's window, and an inexpensive phone's (360×740 CSS px, two device pixels each, touch).
 *
 *   node --import tsx bench/render.ts [name-filter] [--rates 1,4] [--viewports desktop,phone] [--trace] [--trace-scroll]
 *
 * To look closer: BENCH_TRACE_FILE=t.json keeps the trace (open it in the Performance panel),
 * BENCH_NAMES=1 prints each phase's main-thread self time by event name, BENCH_TRACE_THROTTLED=1 traces the
 * throttled runs too (their CPU figures are inflated, see `trace.ts`, but what fills a long task shows),
 * BENCH_PROFILE=p.cpuprofile keeps a CPU profile of the page's script, bundled unminified, and with `--trace-scroll`,
 * BENCH_LONG_TASK=30 shows the tasks over 30 ms instead of 50 (the longest of a run that has none over 50) and
 * BENCH_TASKS=n the first n of them one by one (20 unless said).
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { SAMPLED_TRACE_CATEGORIES, TRACE_CATEGORIES, longTasks, tracePhases, type LongTask } from './trace.js';
import { pageOptions, viewportLabel, viewportsOf } from './viewports.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs inside the page: the widgets, a fake backend, and one measuring function per scenario. */
const PAGE_SOURCE = `
import '../src/widgets/proposal-list/define.ts';
import { demoConfig } from '../src/mock/fixtures.ts';

const STATUSES = ['submitted', 'under_review', 'needs_changes', 'rejected', 'merged', 'on_ballot', 'winner', 'not_funded', 'in_progress', 'implemented'];
const CATEGORIES = ['yards', 'sport', 'culture', 'safety'];
const DISTRICTS = ['center', 'zharma', 'kalkaman'];
const WORDS = ['Балалар', 'алаңы', 'освещение', 'сквера', 'скамейки', 'аула', 'спорт', 'площадка', 'дорожка', 'саябақ', 'жарық', 'ремонт'];

function proposals(n) {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => {
    const status = STATUSES[i % STATUSES.length];
    const at = new Date(now - i * 3_600_000).toISOString();
    const words = Array.from({ length: 5 }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]);
    return {
      id: 'p-' + i, cycleId: 'aksu-2026',
      title: words.join(' ') + ' №' + i,
      description: (words.join(' ') + '. ').repeat(6),
      category: CATEGORIES[i % 4], district: DISTRICTS[i % 3],
      address: 'ул. Абая, ' + (i % 90 + 1),
      estimatedCost: 500_000 + ((i * 7919) % 85) * 100_000,
      photos: i % 3 === 0 ? [{ id: 'ph' + i, url: '/photo.png?' + i, width: 1600, height: 1200 }] : [],
      authorName: 'Автор ' + i, status,
      ...(status === 'rejected' ? { reviewNote: 'Превышает лимит стоимости.' } : {}),
      ...(status === 'merged' ? { mergedInto: 'p-0', reviewNote: 'Объединена с похожей заявкой.' } : {}),
      history: [{ status: 'submitted', at }], createdAt: at, updatedAt: at,
    };
  });
}

/** Answers everything in one page (no limit), to measure drawing N cards at once. */
function backendOf(items) {
  const config = demoConfig('aksu', Date.now(), 'review');
  return {
    city: 'aksu',
    async getConfig() { return config; },
    async listProposals(q) {
      const words = (q.q ?? '').toLowerCase();
      const found = items.filter((p) => (!q.category || p.category === q.category) && (!q.district || p.district === q.district) && (!q.status || q.status.includes(p.status)) && (!words || p.title.toLowerCase().includes(words)));
      return { items: found, nextCursor: null, total: found.length };
    },
    async getProposal(id) { return items.find((p) => p.id === id); },
  };
}

const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
/** Flings down the list (and as many back up) in the list scenario. */
const FLINGS = 5;
async function until(check) { while (!check()) await frame(); }

const longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); }).observe({ type: 'longtask' });
const longest = (from) => Math.max(0, ...longTasks.slice(from));

/**
 * The list of n proposals: first cards, the list settled (its count shown and
 * not busy: every card drawn, or every card on screen when only those are),
 * re-filtering by category, typing a search word a key at a time, flinging
 * it as a finger does (five flings down, five up), and scrolling to the end
 * and back a screen per frame.
 */
window.benchList = async function benchList(n) {
  const items = proposals(n);
  const el = document.createElement('qala-proposal-list');
  el.lang = 'ru';
  el.backend = backendOf(items);
  const root = () => el.shadowRoot;
  const cards = () => root()?.querySelectorAll('[part~="card"]').length ?? 0;
  // Settled: the count shown, the list not busy, and no row still waiting for its cards (drawn a few per task).
  const settled = (count) => cards() > 0 && root()?.querySelector('[part~="list"][aria-busy="false"]') && !root()?.querySelector('[data-pending]') && root()?.querySelector('#count')?.textContent.trim().startsWith(String(count));
  // Cards put into the DOM (a count of work that the machine's load does not blur as it does milliseconds).
  let drawn = 0;
  // Cards put into the DOM between two frames while scrolling (the browser styles, lays out and paints them in one frame).
  let drawnInFrame = 0;
  let mostInFrame = 0;
  const perFrame = [];
  const seen = new WeakSet();
  const count = (records) => {
    for (const r of records) for (const node of r.addedNodes) if (node instanceof Element) {
      // A row the virtualizer only moves is added again, but its cards are not new: each card is counted once.
      let n = 0;
      for (const card of node.matches('[part~="card"]') ? [node] : node.querySelectorAll('[part~="card"]')) if (!seen.has(card)) { seen.add(card); n++; }
      drawn += n;
      drawnInFrame += n;
    }
  };
  const countDrawn = new MutationObserver(count);
  // The 2,000 made-up proposals are the bench's own work, in a task before the widget's, and not counted; so is
  // the host page's own first layout (see HOST_PAGE).
  void document.body.offsetHeight;
  await frame();
  await new Promise((r) => setTimeout(r, 50));
  performance.mark('bench:first-render');
  const t0 = performance.now();
  const before = longTasks.length;
  document.body.append(el);
  countDrawn.observe(el.shadowRoot, { childList: true, subtree: true });
  await until(() => cards() > 0);
  const firstCards = performance.now() - t0;
  await until(() => settled(n));
  const ready = performance.now() - t0;
  await frame();
  const firstRenderLongest = longest(before);
  const firstRenderDrawn = drawn;

  const refilter = [];
  performance.mark('bench:re-filter');
  let mark = longTasks.length;
  for (const category of ['sport', 'culture', '', 'yards', 'safety', '']) {
    const expected = items.filter((p) => !category || p.category === category).length;
    const t = performance.now();
    el.category = category;
    await until(() => settled(expected));
    refilter.push(performance.now() - t);
    await frame();
  }
  const refilterLongest = longest(mark);

  // A search typed a key at a time (what stuttered): the longest task while typing and until the list settles.
  performance.mark('bench:typing');
  mark = longTasks.length;
  const input = root().querySelector('input[type="search"]');
  input.focus();
  const word = 'площадка';
  for (let i = 1; i <= word.length; i++) {
    input.value = word.slice(0, i);
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: word[i - 1], inputType: 'insertText' }));
    await new Promise((r) => setTimeout(r, 120));
  }
  const expectedQ = items.filter((p) => p.title.toLowerCase().includes(word)).length;
  await until(() => settled(expectedQ));
  const typingLongest = longest(mark);
  input.value = '';
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'deleteContentBackward' }));
  await until(() => settled(n));
  await frame();

  // Rows on screen still waiting for their cards when a frame starts (a placeholder where cards should be): read from the
  // virtualizer's inline transforms and the list's place on the page, so that counting forces no layout.
  const listTop = root().querySelector('[part~="list"]').getBoundingClientRect().top + scrollY;
  const waitingOnScreen = () => {
    let waiting = 0;
    for (const row of root().querySelectorAll('.row[data-pending]')) {
      // (Not a regular expression: in this template literal its backslashes would be lost.)
      const y = listTop + new DOMMatrixReadOnly(row.style.transform || 'none').f;
      if (y < scrollY + innerHeight && y + 200 > scrollY) waiting++;
    }
    return waiting;
  };

  // Flinging as a finger does on a phone: a fling starts at Android's fastest (8,000 px a second, its
  // ViewConfiguration maximum, in CSS pixels) and slows down as Android's scroller does (about a third of its speed
  // lost every 0.4 s), the page moved by speed × the frame's real time (a slow frame moves it further, as on a
  // phone); the next fling starts when it has nearly stopped. FLINGS down, then as many up.
  performance.mark('bench:fling');
  mark = longTasks.length;
  drawn = 0;
  count(countDrawn.takeRecords());
  drawnInFrame = 0;
  const flingFrames = [];
  let flingFramesOver12 = 0;
  let flingPlaceholderFrames = 0;
  for (const direction of [1, -1]) {
    for (let f = 0; f < FLINGS; f++) {
      let speed = 8000;
      let at = performance.now();
      while (speed > 100) {
        await frame();
        count(countDrawn.takeRecords());
        if (drawnInFrame > 12) flingFramesOver12++;
        drawnInFrame = 0;
        if (waitingOnScreen()) flingPlaceholderFrames++;
        const now = performance.now();
        const dt = (now - at) / 1000;
        flingFrames.push(now - at);
        at = now;
        scrollBy(0, direction * speed * dt);
        speed *= Math.exp(-dt / 0.4);
      }
    }
  }
  const flingLongest = longest(mark);
  const flingLongTasks = longTasks.length - mark;
  const flingDrawn = drawn;
  flingFrames.sort((a, b) => a - b);
  scrollTo(0, 0);
  await frame();
  await until(() => !root().querySelector('[data-pending]'));

  // Scrolling the page to the end of the list and back, a screen per frame: far faster than a finger (five times
  // the fastest fling), as dragging a scrollbar does; what the virtualizer's catching up costs at worst.
  performance.mark('bench:scrolling');
  mark = longTasks.length;
  drawn = 0;
  count(countDrawn.takeRecords());
  drawnInFrame = 0;
  const step = innerHeight;
  let frames = 0;
  // Each frame's time (rAF to rAF): the median and 90th percentile say what a resident feels while scrolling; the
  // longest task alone is one frame in hundreds, and on a machine busy with other work, often not ours.
  const frameTimes = [];
  let last = performance.now();
  let placeholderRows = 0;
  let placeholderFrames = 0;
  const countBlank = () => {
    const waiting = waitingOnScreen();
    placeholderRows += waiting;
    if (waiting) placeholderFrames++;
  };
  const timedFrame = async () => { await frame(); count(countDrawn.takeRecords()); mostInFrame = Math.max(mostInFrame, drawnInFrame); perFrame.push(drawnInFrame); drawnInFrame = 0; countBlank(); const now = performance.now(); frameTimes.push(now - last); last = now; };
  while (scrollY + innerHeight < document.documentElement.scrollHeight - 2 && frames < 4000) { scrollBy(0, step); await timedFrame(); frames++; }
  while (scrollY > 0 && frames < 8000) { scrollBy(0, -step); await timedFrame(); frames++; }
  const scrollLongest = longest(mark);
  const scrollLongTasks = longTasks.length - mark;
  frameTimes.sort((a, b) => a - b);
  const percentile = (q) => frameTimes[Math.min(frameTimes.length - 1, Math.floor(frameTimes.length * q))] ?? 0;
  const scrollDrawn = drawn;
  countDrawn.disconnect();
  performance.mark('bench:end');

  el.remove();
  refilter.sort((a, b) => a - b);
  return {
    'first cards visible (ms)': firstCards,
    'list settled (ms)': ready,
    'first render longest task': firstRenderLongest,
    'cards drawn until settled': firstRenderDrawn,
    're-filter median (ms)': refilter[Math.floor(refilter.length / 2)],
    're-filter max (ms)': refilter[refilter.length - 1],
    're-filter longest task': refilterLongest,
    'typing search longest task': typingLongest,
    'fling longest task': flingLongest,
    'fling frame median (ms)': flingFrames[Math.floor(flingFrames.length / 2)] ?? 0,
    'fling frame p90 (ms)': flingFrames[Math.floor(flingFrames.length * 0.9)] ?? 0,
    'fling tasks over 50 ms': flingLongTasks,
    'cards drawn while flinging': flingDrawn,
    'fling frames after more than 12 new cards': flingFramesOver12,
    'fling frames with a placeholder row on screen': flingPlaceholderFrames,
    'fling frames': flingFrames.length,
    'scrolling longest task': scrollLongest,
    'scrolling frame median (ms)': percentile(0.5),
    'scrolling frame p90 (ms)': percentile(0.9),
    'scrolling tasks over 50 ms': scrollLongTasks,
    'cards drawn while scrolling': scrollDrawn,
    'most cards drawn between two frames': mostInFrame,
    // Rows drawn task after task between two frames are all styled, laid out and painted in the next one.
    'frames after more than 12 new cards': perFrame.filter((c) => c > 12).length,
    'frames with a placeholder row on screen': placeholderFrames,
    'placeholder rows on screen (sum)': placeholderRows,
    'scroll frames (a screen each)': frames,
    'long tasks (count)': longTasks.length - before,
    'longest task (ms)': longest(before),
  };
};
`;

/**
 * The figures of each phase of a scenario (first render, re-filter, typing, fling, scrolling) from its trace, in the
 * main thread's CPU time (see `trace.ts`): tasks over 12.5 ms of CPU (50 ms at 4×), the longest, and the self time
 * by kind (script, style, layout, paint). BENCH_NAMES=1 prints each phase's self time by event name.
 */
function traceFigures(json: Buffer): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [phase, { tasks, self, byName }] of tracePhases(json)) {
    if (process.env.BENCH_NAMES) process.stderr.write(`bench:${phase}: ${[...byName].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([n, v]) => `${n} ${v.toFixed(0)}`).join(', ')}\n`);
    out[phase] = {
      tasks: tasks.length,
      'tasks over 12.5 ms CPU (50 at 4×)': tasks.filter((t) => t * 4 > 50).length,
      'longest task CPU (ms)': tasks.reduce((a, b) => Math.max(a, b), 0),
      'CPU script (ms)': self.script,
      'CPU style (ms)': self.style,
      'CPU layout (ms)': self.layout,
      'CPU paint (ms)': self.paint,
      'CPU other (ms)': self.other,
    };
  }
  return out;
}

/** What `--trace-scroll` shows: tasks longer than this (ms), 50 unless `BENCH_LONG_TASK` says (to see the longest of a run that has none). */
const LONG_TASK = Number(process.env.BENCH_LONG_TASK ?? 50);

/**
 * `--trace-scroll`: the fast scroll's tasks over `LONG_TASK` ms in a traced run, all of them summed up, then each (the
 * first `BENCH_TASKS`, default 20): CPU time by kind, then the functions the profiler found running, with their time.
 * `(program)` (the browser's own work outside script, which the kinds tell apart) and `(idle)` are left out.
 */
function printScrollTasks(name: string, tasks: LongTask[]): void {
  const ms = (n: number) => n.toFixed(1);
  const kinds = (self: LongTask['self']) => Object.entries(self).map(([k, v]) => `${k} ${ms(v)}`).join(', ');
  const functions = (list: [string, number][], n: number) =>
    list.filter(([f]) => f !== '(program)' && f !== '(idle)').slice(0, n).map(([f, v]) => `${f} ${ms(v)}`).join(', ');
  process.stdout.write(`\n${name}, traced: ${tasks.length} scrolling tasks over ${LONG_TASK} ms\n`);
  if (!tasks.length) return;
  const self: LongTask['self'] = { script: 0, gc: 0, style: 0, layout: 0, paint: 0, other: 0 };
  const all = new Map<string, number>();
  for (const task of tasks) {
    for (const k of Object.keys(self) as (keyof LongTask['self'])[]) self[k] += task.self[k];
    for (const [f, v] of task.functions) all.set(f, (all.get(f) ?? 0) + v);
  }
  const wall = tasks.reduce((a, t) => a + t.wall, 0);
  const cpuTime = tasks.reduce((a, t) => a + t.cpu, 0);
  process.stdout.write(`  all of them: ${ms(wall)} ms (CPU ${ms(cpuTime)}): ${kinds(self)}\n`);
  process.stdout.write(`    ${functions([...all].sort((a, b) => b[1] - a[1]), 12)}\n`);
  const shown = Number(process.env.BENCH_TASKS ?? 20);
  for (const task of tasks.slice(0, shown)) {
    process.stdout.write(`  at ${(task.at / 1000).toFixed(2)} s: ${ms(task.wall)} ms (CPU ${ms(task.cpu)}): ${kinds(task.self)}\n`);
    process.stdout.write(`    ${functions(task.functions, 6)}\n`);
  }
  if (tasks.length > shown) process.stdout.write(`  … and ${tasks.length - shown} more (BENCH_TASKS=n to see more)\n`);
}

interface Scenario {
  name: string;
  run(page: Page): Promise<Record<string, number>>;
}

const SCENARIOS: Scenario[] = [
  { name: 'list: 50 proposals', run: (page) => page.evaluate((n) => (window as unknown as { benchList(n: number): Promise<Record<string, number>> }).benchList(n), 50) },
  { name: 'list: 2 000 proposals', run: (page) => page.evaluate((n) => (window as unknown as { benchList(n: number): Promise<Record<string, number>> }).benchList(n), 2000) },
];

/**
 * A card's photo: a raster image as residents' photos are (JPEG, WebP), decoded off the main
 * thread. An SVG here (as until December 2026) made every card's photo a whole SVG document built
 * on the main thread, about a sixth of the main thread's work while scrolling, which real photos do not cost.
 */
const PHOTO = png(160, 120);

/** An uncompressed-filter PNG of two bands of colour (no image library needed). */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const rows = Array.from({ length: height }, (_, y) => Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, y < height * 0.66 ? Buffer.from([0x99, 0xcc, 0xcc]) : Buffer.from([0x66, 0x88, 0x66]))]));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * The page's script and the chunks it imports on demand (as the widgets' own builds split them:
 * the list's virtualizer comes over the network, in a task of its own, not with the first cards).
 */
async function bundle(readable: boolean): Promise<Map<string, string>> {
  const result = await build({
    stdin: { contents: PAGE_SOURCE, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts', sourcefile: 'bench-page.ts' },
    bundle: true,
    splitting: true,
    outdir: 'out',
    entryNames: 'bench',
    format: 'esm',
    target: 'es2022',
    minify: !readable,
    write: false,
    conditions: ['browser', 'production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    tsconfig: `${root}tsconfig.json`,
    logLevel: 'error',
  });
  return new Map(result.outputFiles.map((f) => [`/${f.path.split('/').pop()}`, f.text]));
}

/**
 * The host page: a heading and a paragraph of its own before the widget's script, as the akimat's
 * page has. On a page with no text at all, the renderer's first layout of any text (setting up its
 * fonts, about 19 ms of CPU here, some 80 ms at 4×) fell into the widget's first task, a cost that a
 * real page pays for its own text before the widget comes.
 */
const HOST_PAGE =
  '<!doctype html><html lang="ru"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>bench</title>' +
  '<body><h1>Бюджет участия</h1><p>Жители предлагают, как потратить часть бюджета города.</p><script type="module" src="/bench.js"></script></body></html>';

function serve(scripts: Map<string, string>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const script = scripts.get(path);
    if (script !== undefined) {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (path === '/photo.png') {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'max-age=3600' }).end(PHOTO);
    } else {
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(HOST_PAGE);
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/` });
  }));
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { rates: { type: 'string', default: '1,4' }, viewports: { type: 'string', default: 'desktop,phone' }, trace: { type: 'boolean', default: false }, 'trace-scroll': { type: 'boolean', default: false } }, allowPositionals: true });
  const rates = values.rates.split(',').map(Number).filter((r) => r >= 1);
  const viewports = viewportsOf(values.viewports);
  const filter = positionals[0]?.toLowerCase();
  const scenarios = SCENARIOS.filter((s) => !filter || s.name.toLowerCase().includes(filter));
  // Functions keep their names in a profile.
  const script = await bundle(!!process.env.BENCH_PROFILE || values['trace-scroll']);
  const { server, url } = await serve(script);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const results: { name: string; figures: Record<string, number> }[] = [];
  const scrollTasks: { name: string; tasks: LongTask[] }[] = [];
  try {
    for (const viewport of viewports) for (const rate of rates) {
      for (const scenario of scenarios) {
        const page = await browser.newPage(pageOptions(viewport, { width: 1280, height: 900 }));
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate });
        await page.goto(url);
        await page.waitForFunction(() => 'benchList' in window);
        const name = `${scenario.name}, CPU ${rate === 1 ? 'unthrottled' : `throttled ${rate}×`}${viewportLabel(viewport)}`;
        // Traced unthrottled only: under throttling the CPU time is no better a figure than the wall clock (see trace.ts).
        const trace = values.trace && (rate === 1 || !!process.env.BENCH_TRACE_THROTTLED);
        const traceScroll = values['trace-scroll'] && rate > 1;
        if (trace || traceScroll) await browser.startTracing(page, { categories: traceScroll ? SAMPLED_TRACE_CATEGORIES : TRACE_CATEGORIES });
        if (process.env.BENCH_PROFILE) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await cdp.send('Profiler.start');
        }
        const figures = await scenario.run(page);
        if (trace || traceScroll) {
          const json = await browser.stopTracing();
          if (process.env.BENCH_TRACE_FILE) writeFileSync(process.env.BENCH_TRACE_FILE, json);
          if (trace) {
            for (const [phase, byPhase] of Object.entries(traceFigures(json))) {
              for (const [key, value] of Object.entries(byPhase)) figures[`${phase}: ${key}`] = value;
            }
          }
          if (traceScroll) scrollTasks.push({ name, tasks: longTasks(json, 'scrolling', LONG_TASK) });
        }
        if (process.env.BENCH_PROFILE) {
          const { profile } = await cdp.send('Profiler.stop');
          writeFileSync(process.env.BENCH_PROFILE, JSON.stringify(profile));
        }
        results.push({ name, figures });
        await page.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  for (const { name, figures } of results) {
    process.stdout.write(`\n${name}\n`);
    for (const [key, value] of Object.entries(figures)) process.stdout.write(`  ${key.padEnd(56)} ${value.toFixed(1).padStart(9)}\n`);
  }
  for (const { name, tasks } of scrollTasks) printScrollTasks(name, tasks);
  for (const viewport of viewports) for (const rate of rates) {
    const mine = results.filter((r) => r.name.endsWith(`${rate === 1 ? 'unthrottled' : `throttled ${rate}×`}${viewportLabel(viewport)}`));
    const worst = Math.max(...mine.map((r) => r.figures['longest task (ms)'] ?? 0));
    process.stdout.write(`\nlongest task overall at CPU ${rate}×${viewportLabel(viewport)}: ${worst.toFixed(1)} ms (aim: under 50 ms at 4×; first cards under 300 ms at 4×)`);
  }
  process.stdout.write('\n');
}

await main();
