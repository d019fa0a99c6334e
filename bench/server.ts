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
 * - PostgreSQL (#15): ballots at concurrency 8/32/64 (--pg-levels) for one
 *   instance on SQLite, one on PostgreSQL and two on PostgreSQL (the load
 *   client alternates between them), and the raw PostgreSQL insert rate over
 *   one connection (one autocommit insert of a ballot-sized row at a time) as
 *   the anchor. PostgreSQL from QALA_TEST_PG or 127.0.0.1:5432; skipped with
 *   a note when none answers.
 *
 * Flags: --seconds N (per level, default 4), --levels 1,8,32,128, --pg-levels 8,32,64.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { parseConfig } from '../src/server/config.js';
import { Keys, receiptCode } from '../src/server/crypto.js';
import { demoConfig, seedAll } from '../src/server/seed.js';
import { PgStore } from '../src/server/store/postgres.js';
import { SqliteStore } from '../src/server/store/sqlite.js';
import { exampleConfigFile } from '../src/server/testing.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '4' }, levels: { type: 'string', default: '1,8,32,128' }, 'pg-levels': { type: 'string', default: '8,32,64' } } });
const PG_LEVELS = values['pg-levels']!.split(',').map(Number);
const PG_ADMIN = process.env.QALA_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
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

/** `concurrency` loops issuing `make(i)` requests for `seconds`; every non-expected status is an error. With several bases, loop k uses base k mod n. */
async function load(bases: URL | URL[], concurrency: number, seconds: number, expect: number, make: (i: number) => { method: string; path: string; headers: Record<string, string>; body?: string } | null): Promise<Outcome> {
  const all = Array.isArray(bases) ? bases : [bases];
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let loops = 0;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const loop = async () => {
    const base = all[loops++ % all.length]!;
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

/** Raw PostgreSQL: one autocommit insert of a ballot-sized row at a time over one connection (synchronous_commit on). */
async function rawPostgres(url: string, seconds: number): Promise<number> {
  const c = new pg.Client({ connectionString: url, options: '-c synchronous_commit=on' });
  await c.connect();
  try {
    await c.query('CREATE TEMP TABLE raw_ballots (seq bigserial PRIMARY KEY, voter_hash text, receipt_code text UNIQUE, cast_at text, choices text)');
    const choices = JSON.stringify([{ poolId: 'city', picks: [{ projectId: 'p_aaaaaaaaaaaa' }, { projectId: 'p_bbbbbbbbbbbb' }] }]);
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      await c.query('INSERT INTO raw_ballots (voter_hash, receipt_code, cast_at, choices) VALUES ($1, $2, $3, $4)', [randomBytes(32).toString('base64url'), receiptCode(), new Date().toISOString(), choices]);
      n++;
    }
    return n / ((performance.now() - t0) / 1000);
  } finally {
    await c.end();
  }
}

async function pgAvailable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function adminQuery(sql: string) {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function spawnServe(configPath: string, db: string, secret: Buffer): Promise<{ child: ChildProcess; base: URL }> {
  const child = spawn(process.execPath, [new URL('../bin/qala.mjs', import.meta.url).pathname, 'serve', '--config', configPath, '--db', db, '--port', '0', '--host', '127.0.0.1'], {
    env: { ...process.env, QALA_SECRET: secret.toString('base64') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /serving on (http:\/\/\S+)/.exec(err);
      if (m) resolve({ child, base: new URL(m[1]!) });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

/** Ballots at each level against one or more instances on a freshly seeded database; the rows printed. */
async function ballotRun(label: string, bases: URL[], keys: Keys, projects: string[], votingEnd: number, voterStart: { n: number }): Promise<{ c: number; o: Outcome }[]> {
  const out: { c: number; o: Outcome }[] = [];
  await load(bases, 8, 1, 200, () => ({ method: 'GET', path: '/api/v1/cities/aksu/proposals', headers: {} }));
  for (const c of PG_LEVELS) {
    const o = await load(bases, c, SECONDS, 201, () => {
      const i = voterStart.n++;
      const token = keys.sealToken({ c: 'aksu', y: 'aksu-2026', h: keys.voterHash('aksu', `bench-voter-${i}`), e: votingEnd });
      const body = JSON.stringify({ cycleId: 'aksu-2026', choices: [{ poolId: 'city', picks: [{ projectId: projects[i % projects.length] }, { projectId: projects[(i + 1) % projects.length] }] }] });
      return { method: 'POST', path: '/api/v1/cities/aksu/ballots', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `bench-${i}-${c}` }, body };
    });
    out.push({ c, o });
    console.log(row(label, c, o));
  }
  return out;
}

/** SQLite ×1, PostgreSQL ×1, PostgreSQL ×2, and the raw PostgreSQL anchor. */
async function postgresComparison(dir: string, secret: Buffer, file: ReturnType<typeof demoConfig>) {
  if (!(await pgAvailable())) {
    console.log(`\nPostgreSQL: nothing answers at ${PG_ADMIN.replace(/:[^:@/]*@/, ':***@')}; set QALA_TEST_PG to compare`);
    return;
  }
  const config = parseConfig(file);
  const keys = new Keys(secret);
  const votingEnd = Date.parse(config.cities.get('aksu')!.cycles[0]!.phases.voting.end);
  const name = `qala_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const children: ChildProcess[] = [];
  const voters = { n: 10_000_000 };
  const rows: { label: string; c: number; o: Outcome }[] = [];
  try {
    console.log('\nraw PostgreSQL (one connection, one autocommit insert of a ballot-sized row at a time)…');
    const raw = await rawPostgres(PG_ADMIN, 3);
    console.log(`\nballots, SQLite ×1 vs PostgreSQL ×1 vs PostgreSQL ×2 (${SECONDS} s per level)\n`);
    console.log('setup    conc.     req/s  p50 ms   p99 ms  errors   statuses');
    // SQLite ×1 on a fresh file.
    const sqlitePath = join(dir, 'cmp.db');
    const sq = new SqliteStore(sqlitePath);
    await seedAll(sq, keys, config, new Date());
    const projects = (await sq.listProposals('aksu', 'aksu-2026')).filter((p) => p.status === 'on_ballot').map((p) => p.id);
    await sq.close();
    let s = await spawnServe(join(dir, 'config.json'), sqlitePath, secret);
    children.push(s.child);
    for (const r of await ballotRun('sqlite×1', [s.base], keys, projects, votingEnd, voters)) rows.push({ label: 'sqlite×1', ...r });
    s.child.kill('SIGTERM');
    // PostgreSQL ×1, then ×2, on one database seeded once (a new voter for every ballot).
    await adminQuery(`CREATE DATABASE ${name}`);
    const store = await PgStore.open(url.toString());
    await seedAll(store, keys, config, new Date());
    // The seed gives the projects new ids in each store: ballots name PostgreSQL's own.
    const pgProjects = (await store.listProposals('aksu', 'aksu-2026')).filter((p) => p.status === 'on_ballot').map((p) => p.id);
    await store.close();
    s = await spawnServe(join(dir, 'config.json'), url.toString(), secret);
    children.push(s.child);
    for (const r of await ballotRun('pg×1', [s.base], keys, pgProjects, votingEnd, voters)) rows.push({ label: 'pg×1', ...r });
    const t = await spawnServe(join(dir, 'config.json'), url.toString(), secret);
    children.push(t.child);
    for (const r of await ballotRun('pg×2', [s.base, t.base], keys, pgProjects, votingEnd, voters)) rows.push({ label: 'pg×2', ...r });
    console.log(`\nraw PostgreSQL insert rate: ${raw.toFixed(0)} rows/s over one connection`);
    const at32 = rows.find((r) => r.label === 'pg×2' && r.c === 32);
    if (at32) {
      const rate = at32.o.requests / at32.o.seconds;
      console.log(`pg×2 at concurrency 32: ${rate.toFixed(0)} ballots/s = ${(rate / raw).toFixed(2)} × the raw rate, p99 ${percentile(at32.o.latencies, 99).toFixed(1)} ms`);
    }
    console.log('aim on 2 cores: pg×2 ≥ 1 500 ballots/s with p99 < 50 ms at concurrency 32 (≥ 0.35 × the raw rate)');
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  }
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
    child?.kill('SIGTERM');
    child = undefined;
    await new Promise((r) => setTimeout(r, 300));
    await postgresComparison(dir, secret, file);
  } finally {
    child?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
