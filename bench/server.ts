/**
 * `npm run bench:server`: the reference server on loopback, as a separate
 * process (`qala serve`), driven by a keep-alive load generator in this one.
 *
 * - ballots: each request is a different voter (tokens sealed with the
 *   server's secret, as verification would issue them), Aksu approval ballots;
 * - listing: the public proposal list (20 per page);
 * - raw SQLite: one ballot + its idempotency record per transaction, same
 *   pragmas (WAL, synchronous=FULL), measured in the same run, so the
 *   server's ballot rate can be read as a fraction of what the disk allows.
 *
 * Flags: --seconds N (per level, default 4), --levels 1,8,32,128.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { parseConfig } from '../src/server/config.js';
import { Keys, receiptCode } from '../src/server/crypto.js';
import { demoConfig, seedAll } from '../src/server/seed.js';
import { SqliteStore } from '../src/server/store/sqlite.js';
import { exampleConfigFile } from '../src/server/testing.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '4' }, levels: { type: 'string', default: '1,8,32,128' } } });
const SECONDS = Number(values.seconds);
const LEVELS = values.levels!.split(',').map(Number);

interface Outcome {
  requests: number;
  errors: number;
  statuses: Map<number, number>;
  latencies: number[];
  seconds: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function request(agent: http.Agent, base: URL, method: string, path: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: base.hostname, port: base.port, method, path, headers: body ? { ...headers, 'content-length': Buffer.byteLength(body) } : headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** `concurrency` loops issuing `make(i)` requests for `seconds`; every non-expected status is an error. */
async function load(base: URL, concurrency: number, seconds: number, expect: number, make: (i: number) => { method: string; path: string; headers: Record<string, string>; body?: string } | null): Promise<Outcome> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const spec = make(issued++);
      if (!spec) return;
      const t0 = performance.now();
      try {
        const status = await request(agent, base, spec.method, spec.path, spec.headers, spec.body);
        latencies.push(performance.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status !== expect) errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, errors, statuses, latencies, seconds: elapsed };
}

function row(name: string, c: number, o: Outcome): string {
  const rps = o.requests / o.seconds;
  const st = [...o.statuses].map(([s, n]) => `${s}×${n}`).join(' ');
  return `${name.padEnd(8)} ${String(c).padStart(5)} ${rps.toFixed(0).padStart(9)} ${percentile(o.latencies, 50).toFixed(2).padStart(8)} ${percentile(o.latencies, 99).toFixed(2).padStart(8)} ${String(o.errors).padStart(7)}   ${st}`;
}

/** Raw insert rate with the server's durability: one ballot + its idempotency record per transaction. */
function rawSqlite(dir: string, seconds: number): number {
  const store = new SqliteStore(join(dir, 'raw.db'));
  const db: Database.Database = store.db;
  const ballot = db.prepare('INSERT INTO ballots (city, cycle_id, voter_hash, receipt_code, channel, cast_at, replaced_at, choices) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)');
  const idem = db.prepare('INSERT INTO idempotency (scope, key, request_hash, status, body, created_at) VALUES (?, ?, ?, 201, ?, ?)');
  const choices = JSON.stringify([{ poolId: 'city', picks: [{ projectId: 'p_aaaaaaaaaaaa' }, { projectId: 'p_bbbbbbbbbbbb' }] }]);
  const tx = db.transaction((i: number) => {
    const hash = randomBytes(32).toString('base64url');
    const code = receiptCode();
    const at = new Date().toISOString();
    ballot.run('aksu', 'aksu-2026', hash, code, 'online', at, choices);
    idem.run(`ballot:aksu:${hash}`, `k${i}`, 'x'.repeat(64), JSON.stringify({ receiptCode: code, cycleId: 'aksu-2026', castAt: at, changeableUntil: null }), at);
  });
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) tx.immediate(n++);
  const rate = n / ((performance.now() - t0) / 1000);
  store.close();
  return rate;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'qala-bench-'));
  const secret = randomBytes(32);
  let child: ChildProcess | undefined;
  try {
    const file = demoConfig(exampleConfigFile(), new Date());
    file.server!.limits = { ...file.server!.limits, verificationsPerIpPerHour: 10_000_000, ballotsPerVoterPerMinute: 1000, receiptChecksPerIpPerMinute: 10_000_000 };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(file));
    const config = parseConfig(file);
    const keys = new Keys(secret);
    const store = new SqliteStore(join(dir, 'qala.db'));
    await seedAll(store, keys, config, new Date());
    const projects = (await store.listProposals('aksu', 'aksu-2026')).filter((p) => p.status === 'on_ballot').map((p) => p.id);
    store.close();
    const votingEnd = Date.parse(config.cities.get('aksu')!.cycles[0]!.phases.voting.end);

    console.log(`raw SQLite (WAL, synchronous=FULL, 1 ballot + idempotency record per transaction)…`);
    const raw = rawSqlite(dir, 3);

    child = spawn(process.execPath, [new URL('../bin/qala.mjs', import.meta.url).pathname, 'serve', '--config', join(dir, 'config.json'), '--db', join(dir, 'qala.db'), '--port', '0', '--host', '127.0.0.1'], {
      env: { ...process.env, QALA_SECRET: secret.toString('base64') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const base = new URL(
      await new Promise<string>((resolve, reject) => {
        let err = '';
        child!.stderr!.on('data', (c: Buffer) => {
          err += c.toString();
          const m = /serving on (http:\/\/\S+)/.exec(err);
          if (m) resolve(m[1]!);
        });
        child!.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
      }),
    );
    // Warm-up: compile paths, fill caches.
    await load(base, 8, 1, 200, () => ({ method: 'GET', path: '/api/v1/cities/aksu/proposals', headers: {} }));

    console.log(`\nserver: ${base.origin} (separate process), ${SECONDS} s per level, loopback, ${(await import('node:os')).cpus().length} cores\n`);
    console.log('kind     conc.     req/s  p50 ms   p99 ms  errors   statuses');
    let voter = 0;
    const ballotRows: string[] = [];
    const results: { kind: string; c: number; o: Outcome }[] = [];
    for (const c of LEVELS) {
      const o = await load(base, c, SECONDS, 201, () => {
        const i = voter++;
        const token = keys.sealToken({ c: 'aksu', y: 'aksu-2026', h: keys.voterHash('aksu', `bench-voter-${i}`), e: votingEnd });
        const body = JSON.stringify({ cycleId: 'aksu-2026', choices: [{ poolId: 'city', picks: [{ projectId: projects[i % projects.length] }, { projectId: projects[(i + 1) % projects.length] }] }] });
        return { method: 'POST', path: '/api/v1/cities/aksu/ballots', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `bench-${i}-${c}` }, body };
      });
      const line = row('ballots', c, o);
      ballotRows.push(line);
      results.push({ kind: 'ballots', c, o });
      console.log(line);
    }
    for (const c of LEVELS) {
      const o = await load(base, c, SECONDS, 200, () => ({ method: 'GET', path: '/api/v1/cities/aksu/proposals', headers: { accept: 'application/json' } }));
      results.push({ kind: 'listing', c, o });
      console.log(row('listing', c, o));
    }
    const bestBallots = Math.max(...results.filter((r) => r.kind === 'ballots').map((r) => r.o.requests / r.o.seconds));
    console.log(`\nraw SQLite insert rate: ${raw.toFixed(0)} ballots/s (one transaction each, fsync per commit)`);
    console.log(`best server ballot rate: ${bestBallots.toFixed(0)}/s = ${((100 * bestBallots) / raw).toFixed(0)} % of the raw rate`);
    console.log(`voters who cast a ballot: ${voter.toLocaleString('en')} distinct`);
    console.log('\naim: ≥ 2 000 ballots/s with p99 < 50 ms; listing ≥ 5 000 req/s');
  } finally {
    child?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
