/**
 * `npm run bench:tally [-- --repeat N] [-- --equalshares ADAPTER.mjs]`: every
 * counting rule on every shared pabulib election (test/fixtures/pabulib, the
 * ordinal parser fixtures left out) and on a synthetic one of 200 000 voters ×
 * 150 projects. Prints one row per election: read + profile time, the time of
 * MES + Add1 + greedy completion (wall, and the CPU time this process spent,
 * steadier on a shared machine) and its number of MES runs, the slowest rule,
 * and the heap the count used (heap Δ: the most the heap grew over what the
 * profile holds, sampled after each rule; run with `node --expose-gc` for
 * steadier figures); then the peak RSS of the whole run. Times are
 * the best of `--repeat N` (default 1). Figures only: nothing is asserted.
 *
 * Side by side with the equalshares.net compute tool: its files are not ours
 * and are never committed. Give the bench an adapter module by path that
 * exports `run(pbText: string): unknown`, running the tool's default (floats,
 * add1u completion) on one file; the bench times that call on each election
 * and prints it next to ours: its time, its heap Δ, and how many times
 * slower than ours it is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { COUNTING_RULES, type CountingRuleName } from '../src/contract/index.js';
import { buildProfile, profileFromPabulib, tallyProfile, type CountingBallot, type Profile } from '../src/domain/counting/index.js';
import { parsePabulib } from '../src/domain/pabulib.js';

const DATA = fileURLToPath(new URL('../test/fixtures/pabulib/', import.meta.url));
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const REPEAT = Number(arg('--repeat') ?? 1);
const adapterPath = arg('--equalshares');
const equalshares = adapterPath ? ((await import(pathToFileURL(resolve(adapterPath)).href)) as { run: (text: string) => unknown }) : null;

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Best wall time and best CPU time (this process, user + system) of `--repeat N` calls. */
function time<T>(f: () => T): { value: T; ms: number; cpu: number } {
  let best = Infinity;
  let cpu = Infinity;
  let value!: T;
  for (let i = 0; i < Math.max(1, REPEAT); i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    value = f();
    const c = process.cpuUsage(c0);
    best = Math.min(best, performance.now() - t0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
  }
  return { value, ms: best, cpu };
}

const MAIN: CountingRuleName = 'mes-add1-greedy';
const cols = ['election', 'voters', 'proj', 'read ms', `${MAIN} ms`, 'cpu ms', 'runs', 'slowest rule', 'heap Δ'];
if (equalshares) cols.push('equalshares ms', 'its heap Δ', 'ratio');
const widths = [44, 7, 5, 8, 20, 8, 5, 26, 7, 15, 11, 7];
const row = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
console.log(row(cols));

function bench(name: string, load: () => Profile, text?: string): void {
  const { value: profile, ms: readMs } = time(load);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  let slowest = { rule: '', ms: -1 };
  let main = { ms: 0, cpu: 0, runs: 0 };
  for (const rule of COUNTING_RULES) {
    const { value: r, ms, cpu } = time(() => tallyProfile(profile, { rule }));
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    if (ms > slowest.ms) slowest = { rule, ms };
    if (rule === MAIN) main = { ms, cpu, runs: r.add1?.runs ?? 0 };
  }
  const cells = [
    name,
    String(profile.voters),
    String(profile.ids.length),
    readMs.toFixed(0),
    `${main.ms.toFixed(1)}${main.ms < 1000 ? '' : ' (>1 s)'}`,
    main.cpu.toFixed(0),
    String(main.runs),
    `${slowest.rule} ${slowest.ms.toFixed(1)}`,
    mb(Math.max(0, heapPeak - heapBefore)),
  ];
  if (equalshares && text !== undefined) {
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const theirs = time(() => {
      const out = equalshares.run(text);
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      return out;
    }).ms;
    cells.push(theirs.toFixed(0), mb(Math.max(0, peak - before)), `${(theirs / main.ms).toFixed(1)}×`);
  }
  console.log(row(cells));
}

/** Deterministic xorshift32. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** 200 000 voters approving 1–5 of 150 projects, popularity skewed (Zipf-like), costs 50 000–3 000 000. */
function synthetic(voters: number, projects: number): Profile {
  const random = rng(2026);
  const ids = Array.from({ length: projects }, (_, i) => `S${String(i + 1).padStart(3, '0')}`);
  const costs = ids.map(() => 50_000 + Math.floor(random() * 2_950) * 1000);
  const weights = ids.map((_, i) => 1 / (i + 1) ** 0.8);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push((acc += w / total));
  const pick = (): number => {
    const x = random();
    let lo = 0;
    let hi = projects - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const ballots: CountingBallot[] = [];
  for (let v = 0; v < voters; v++) {
    const size = 1 + Math.floor(random() * 5);
    const chosen = new Set<number>();
    while (chosen.size < size) chosen.add(pick());
    ballots.push({ picks: [...chosen].map((p) => ({ projectId: ids[p]! })) });
  }
  const budget = Math.round(costs.reduce((a, b) => a + b, 0) * 0.25);
  return buildProfile({ projects: ids.map((id, i) => ({ id, cost: costs[i]! })), ballots, budget, voteType: 'approval' });
}

for (const file of readdirSync(DATA).filter((f) => f.endsWith('.pb')).sort()) {
  const text = readFileSync(DATA + file, 'utf8');
  if (/^vote_type;ordinal\s*$/m.test(text)) continue;
  bench(file.replace(/\.pb$/, ''), () => profileFromPabulib(parsePabulib(text)), text);
}
bench('synthetic 200 000 × 150', () => synthetic(200_000, 150));

const memory = process.memoryUsage();
console.log(`\npeak RSS ${mb(process.resourceUsage().maxRSS * 1024)} · now: RSS ${mb(memory.rss)}, heap used ${mb(memory.heapUsed)}`);
