/**
 * `npm run bench:tally`: every counting rule on the largest shared pabulib
 * elections and on a synthetic one of 200 000 voters × 150 projects.
 * Prints milliseconds per rule (one warm-up-free run, then the best of
 * `--repeat N`, default 1) and peak memory. Figures only: nothing is asserted.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COUNTING_RULES } from '../src/contract/index.js';
import { buildProfile, profileFromPabulib, tallyProfile, type CountingBallot, type Profile } from '../src/domain/counting/index.js';
import { parsePabulib } from '../src/domain/pabulib.js';

const DATA = fileURLToPath(new URL('../test/fixtures/pabulib/', import.meta.url));
const repeatArg = process.argv.indexOf('--repeat');
const REPEAT = repeatArg > 0 ? Number(process.argv[repeatArg + 1]) : 1;

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function time<T>(f: () => T): { value: T; ms: number } {
  let best = Infinity;
  let value!: T;
  for (let i = 0; i < Math.max(1, REPEAT); i++) {
    const t0 = performance.now();
    value = f();
    best = Math.min(best, performance.now() - t0);
  }
  return { value, ms: best };
}

function bench(name: string, load: () => Profile): void {
  const { value: profile, ms } = time(load);
  console.log(`\n${name}: ${profile.voters} voters, ${profile.ids.length} projects, ${profile.groupCount} distinct ballots (read + profile ${ms.toFixed(0)} ms)`);
  for (const rule of COUNTING_RULES) {
    const { value: r, ms: t } = time(() => tallyProfile(profile, { rule }));
    const extra = r.add1 ? `  (${r.add1.runs} MES runs)` : '';
    console.log(`  ${rule.padEnd(16)} ${t.toFixed(1).padStart(9)} ms   ${String(r.selected.length).padStart(3)} funded${extra}`);
  }
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

for (const file of ['poland_wroclaw_2015_up-to-150.pb', 'poland_lodz_2022_.pb', 'poland_warszawa_2021_mokotow.pb']) {
  bench(file, () => profileFromPabulib(parsePabulib(readFileSync(DATA + file, 'utf8'))));
}
bench('synthetic 200 000 × 150', () => synthetic(200_000, 150));

const memory = process.memoryUsage();
console.log(`\npeak RSS ${mb(process.resourceUsage().maxRSS * 1024)} · now: RSS ${mb(memory.rss)}, heap used ${mb(memory.heapUsed)}`);
