/**
 * Three real `qala serve` processes on one PostgreSQL database behind a small
 * round-robin proxy, as an operator runs them: whatever instance a request
 * reaches, the answer is the same. Also: SQLite refuses a second process, and
 * `qala migrate-store` moves a deployment to PostgreSQL with a matching recount.
 */
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { parseConfig } from '../../src/server/config.js';
import { Keys } from '../../src/server/crypto.js';
import { demoConfig, seedAll } from '../../src/server/seed.js';
import { PgStore } from '../../src/server/store/postgres.js';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import { adultIins, exampleConfigFile, phoneFor } from '../../src/server/testing.js';
import { PG_ADMIN_URL, tempDatabase, type TempDatabase } from './support/pg.js';
import { spawnServe } from './support/serve.js';

const BIN = new URL('../../bin/qala.mjs', import.meta.url).pathname;
const CITY = 'aksu';
const CYCLE = 'aksu-2026';

interface Instance {
  child: ChildProcess;
  base: string;
  alive: boolean;
  exited: Promise<unknown>;
}

/** Codes from every instance's log (the console SMS provider), by challenge. */
const codes = new Map<string, string>();

async function spawnServer(configPath: string, db: string, secret: string): Promise<Instance> {
  const { child, base, exited } = await spawnServe(configPath, db, secret, { env: { QALA_PG_POOL_SIZE: '8' }, codes });
  const instance: Instance = { child, base, alive: true, exited };
  exited.then(() => (instance.alive = false));
  return instance;
}

/** Round robin over the live instances; a request that fails on a dead one is answered 502, as a proxy would. */
function roundRobin(instances: Instance[]): Promise<{ server: HttpServer; base: string }> {
  let next = 0;
  const server = createServer((req, res) => {
    const live = instances.filter((i) => i.alive);
    const target = new URL(live[next++ % live.length]!.base);
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end('{"code":"bad_gateway"}');
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (a proxy error page)
  }
  return { status: res.status, body: parsed };
}

async function codeFor(id: string): Promise<string> {
  for (let k = 0; k < 400 && !codes.has(id); k++) await new Promise((r) => setTimeout(r, 5));
  const code = codes.get(id);
  if (!code) throw new Error(`no code logged for ${id}`);
  return code;
}

/** Distinct IINs for the whole file (neighbouring offsets of adultIins may give the same one). */
const IINS = adultIins(300, 5000);
let iinNext = 0;
const nextIin = () => IINS[iinNext++]!;
let phoneOffset = 50_000;

describe('three instances on one PostgreSQL database', () => {
  let db: TempDatabase;
  let dir: string;
  let secret: string;
  let adminToken: string;
  let instances: Instance[] = [];
  let proxy: { server: HttpServer; base: string };
  let projects: string[];

  /** A voter token from a challenge started on one instance and confirmed on another. */
  async function voter(startAt: string, confirmAt: string): Promise<string> {
    const iin = nextIin();
    const start = await post(startAt, `/cities/${CITY}/verification`, { cycleId: CYCLE, iin, phone: phoneFor(phoneOffset++) });
    assert.equal(start.status, 201, JSON.stringify(start.body));
    const ok = await post(confirmAt, `/cities/${CITY}/verification/${start.body.challengeId}/confirm`, { code: await codeFor(start.body.challengeId) });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    return ok.body.token;
  }

  const ballotOf = (i: number) => ({ cycleId: CYCLE, choices: [{ poolId: 'city', picks: [{ projectId: projects[i % projects.length]! }] }] });

  before(async () => {
    db = await tempDatabase('qala_multi');
    dir = mkdtempSync(join(tmpdir(), 'qala-multi-'));
    secret = randomBytes(32).toString('base64');
    adminToken = `qa_${randomBytes(16).toString('hex')}`;
    const file = demoConfig(exampleConfigFile(), new Date());
    file.server!.limits = { ...file.server!.limits, verificationsPerIpPerHour: 100_000, receiptChecksPerIpPerMinute: 100_000 };
    for (const city of file.cities) city.identity = { method: 'phone_only' };
    const admin = file.admins!.find((a) => a.cities.includes(CITY))!;
    admin.tokenSha256 = (await import('node:crypto')).createHash('sha256').update(adminToken).digest('hex');
    writeFileSync(join(dir, 'config.json'), JSON.stringify(file));
    const store = await PgStore.open(db.url);
    await seedAll(store, new Keys(Buffer.from(secret, 'base64')), parseConfig(file), new Date());
    projects = (await store.listProposals(CITY, CYCLE)).filter((p) => p.status === 'on_ballot').map((p) => p.id);
    await store.close();
    instances = await Promise.all([0, 1, 2].map(() => spawnServer(join(dir, 'config.json'), db.url, secret)));
    proxy = await roundRobin(instances);
  });

  after(async () => {
    proxy?.server.close();
    for (const i of instances) if (i.alive) i.child.kill('SIGKILL');
    await Promise.all(instances.map((i) => i.exited));
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('50 parallel ballots of one voter over the instances: exactly one counted, the per-voter limit shared', async () => {
    // Aksu lets a voter change the ballot until voting closes: each accepted ballot replaces the previous one.
    const token = await voter(instances[0]!.base, instances[1]!.base);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post(proxy.base, `/cities/${CITY}/ballots`, ballotOf(i), { authorization: `Bearer ${token}`, 'idempotency-key': `par-${i}-${randomBytes(6).toString('hex')}` })),
    );
    const accepted = results.filter((r) => r.status === 201);
    assert.ok(results.every((r) => r.status === 201 || r.body.code === 'rate_limited'), JSON.stringify(results.map((r) => r.body.code)));
    assert.equal(accepted.length, 30, 'ballotsPerVoterPerMinute (30) counted over all instances together');
    const statuses = await Promise.all(accepted.map(async (r) => ((await (await fetch(`${proxy.base}/api/v1/cities/${CITY}/receipts/${r.body.receiptCode}`)).json()) as any).status));
    assert.equal(statuses.filter((s) => s === 'counted').length, 1, JSON.stringify(statuses));
    assert.equal(statuses.filter((s) => s === 'replaced').length, 29);
  });

  test('one Idempotency-Key sent to every instance at once: one ballot, the same receipt or "in progress"', async () => {
    const token = await voter(instances[1]!.base, instances[2]!.base);
    const key = `same-${randomBytes(6).toString('hex')}`;
    const results = await Promise.all(instances.flatMap((i) => [0, 1].map(() => post(i.base, `/cities/${CITY}/ballots`, ballotOf(1), { authorization: `Bearer ${token}`, 'idempotency-key': key }))));
    const receipts = new Set(results.filter((r) => r.status === 201).map((r) => r.body.receiptCode));
    assert.equal(receipts.size, 1);
    assert.ok(results.every((r) => r.status === 201 || r.body.code === 'idempotency_in_progress'), JSON.stringify(results.map((r) => r.body.code)));
    const again = await post(instances[2]!.base, `/cities/${CITY}/ballots`, ballotOf(1), { authorization: `Bearer ${token}`, 'idempotency-key': key });
    assert.equal(again.body.receiptCode, [...receipts][0]);
  });

  test('wrong codes spread over the instances: the challenge dies after five in total', async () => {
    const start = await post(instances[0]!.base, `/cities/${CITY}/verification`, { cycleId: CYCLE, iin: nextIin(), phone: phoneFor(phoneOffset++) });
    const id = start.body.challengeId;
    const right = await codeFor(id);
    const wrong = right === '000000' ? '111111' : '000000';
    const statuses: string[] = [];
    for (let k = 0; k < 5; k++) statuses.push((await post(instances[k % 3]!.base, `/cities/${CITY}/verification/${id}/confirm`, { code: wrong })).body.code);
    assert.deepEqual(statuses, ['code_invalid', 'code_invalid', 'code_invalid', 'code_invalid', 'code_locked']);
    const late = await post(instances[2]!.base, `/cities/${CITY}/verification/${id}/confirm`, { code: right });
    assert.notEqual(late.status, 200, 'the right code no longer helps');
  });

  test('the per-phone code cap is shared by the instances', async () => {
    const phone = phoneFor(phoneOffset++);
    const statuses: number[] = [];
    for (let k = 0; k < 6; k++) statuses.push((await post(instances[k % 3]!.base, `/cities/${CITY}/verification`, { cycleId: CYCLE, iin: nextIin(), phone })).status);
    assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429]);
  });

  test('SIGKILL of one instance during a ballot stream: every acknowledged receipt counted, the others keep serving', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 45; i++) tokens.push(await voter(instances[i % 3]!.base, instances[(i + 1) % 3]!.base));
    const acked = new Map<number, string>();
    let next = 0;
    const victim = instances[2]!;
    const worker = async () => {
      while (next < tokens.length) {
        const i = next++;
        if (i === 15) victim.child.kill('SIGKILL');
        const r = await post(proxy.base, `/cities/${CITY}/ballots`, ballotOf(i), { authorization: `Bearer ${tokens[i]}`, 'idempotency-key': `kill-${i}-${randomBytes(4).toString('hex')}` }).catch(() => null);
        if (r?.status === 201) acked.set(i, r.body.receiptCode);
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    await victim.exited;
    instances[2] = await spawnServer(join(dir, 'config.json'), db.url, secret);
    assert.ok(acked.size >= 25, `acknowledged ${acked.size} of 45`);
    for (const [, code] of acked) {
      const res = await fetch(`${instances[0]!.base}/api/v1/cities/${CITY}/receipts/${code}`);
      assert.equal(((await res.json()) as any).status, 'counted', code);
    }
  });

  test('PostgreSQL unreachable mid-stream: 503 unavailable, then recovery without a restart, nothing acknowledged lost', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 30; i++) tokens.push(await voter(instances[i % 3]!.base, instances[(i + 2) % 3]!.base));
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    const acked = new Map<number, string>();
    const statuses: number[] = [];
    try {
      let next = 0;
      const worker = async () => {
        while (next < tokens.length) {
          const i = next++;
          if (i === 10) {
            // What a restart looks like to the instances: every connection dropped, new ones refused for a while.
            await admin.query(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
            await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [db.name]);
            setTimeout(() => void admin.query(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`), 1500);
          }
          const key = `pgdown-${i}`;
          for (let attempt = 0; attempt < 40; attempt++) {
            const r = await post(proxy.base, `/cities/${CITY}/ballots`, ballotOf(i), { authorization: `Bearer ${tokens[i]}`, 'idempotency-key': key });
            statuses.push(r.status);
            if (r.status === 201) {
              acked.set(i, r.body.receiptCode);
              break;
            }
            assert.ok(r.status === 503 || r.body.code === 'idempotency_in_progress', JSON.stringify(r.body));
            await new Promise((res) => setTimeout(res, 250));
          }
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
    } finally {
      await admin.query(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    assert.ok(statuses.includes(503), 'some requests met the outage');
    assert.equal(acked.size, 30, 'every voter got through once the database was back');
    for (const [, code] of acked) {
      const res = await fetch(`${instances[1]!.base}/api/v1/cities/${CITY}/receipts/${code}`);
      assert.equal(((await res.json()) as any).status, 'counted');
    }
    const health = await Promise.all(instances.map((i) => fetch(`${i.base}/api/v1/health`).then((r) => r.status)));
    assert.deepEqual(health, [200, 200, 200]);
  });

  test('voting closed through one instance: the others refuse ballots at once', async () => {
    const token = await voter(instances[0]!.base, instances[0]!.base);
    const res = await fetch(`${instances[0]!.base}/api/v1/admin/cities/${CITY}/phases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ phase: 'voting', action: 'close' }),
    });
    assert.equal(res.status, 200, await res.text());
    for (const i of [instances[1]!, instances[2]!]) {
      const r = await post(i.base, `/cities/${CITY}/ballots`, ballotOf(0), { authorization: `Bearer ${token}`, 'idempotency-key': `closed-${randomBytes(6).toString('hex')}` });
      assert.equal(r.body.code, 'phase_closed');
      const city = (await (await fetch(`${i.base}/api/v1/cities/${CITY}`)).json()) as any;
      assert.notEqual(city.phase, 'voting');
    }
  });
});

describe('SQLite in its own lane', () => {
  test('a second process on the same SQLite file refuses to start, with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qala-lane-'));
    let first: Instance | undefined;
    try {
      const file = exampleConfigFile();
      writeFileSync(join(dir, 'config.json'), JSON.stringify(file));
      const secret = randomBytes(32).toString('base64');
      first = await spawnServer(join(dir, 'config.json'), join(dir, 'qala.db'), secret);
      const second = spawnSync(process.execPath, [BIN, 'serve', '--config', join(dir, 'config.json'), '--db', join(dir, 'qala.db'), '--port', '0'], {
        env: { ...process.env, QALA_SECRET: secret },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(second.status, 1);
      assert.match(second.stderr, /another process is using the database .*qala\.db/);
      assert.equal((await fetch(`${first.base}/api/v1/health`)).status, 200, 'the first keeps serving');
    } finally {
      first?.child.kill('SIGKILL');
      await first?.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('qala migrate-store', () => {
  test('copies a SQLite deployment to PostgreSQL, recounts every cycle, refuses a non-empty target', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qala-migrate-'));
    const db = await tempDatabase('qala_migrate');
    try {
      const file = demoConfig(exampleConfigFile(), new Date());
      writeFileSync(join(dir, 'config.json'), JSON.stringify(file));
      const config = parseConfig(file);
      const source = new SqliteStore(join(dir, 'qala.db'));
      await seedAll(source, new Keys(randomBytes(32)), config, new Date());
      const counts = source.tableCounts();
      const receipts = source.db.prepare('SELECT receipt_code FROM ballots ORDER BY seq').pluck().all() as string[];
      await source.close();
      assert.ok(counts.ballots! > 0 && counts.audit! > 0 && counts.proposals! > 0);

      const run = () => spawnSync(process.execPath, [BIN, 'migrate-store', '--from', join(dir, 'qala.db'), '--to', db.url, '--config', join(dir, 'config.json')], { encoding: 'utf8', timeout: 120_000 });
      const r = run();
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /recount matches/);
      assert.match(r.stderr, /done: .* cycle\(s\) recounted on the target and matching/);

      const target = await PgStore.open(db.url);
      try {
        assert.deepEqual(await target.tableCounts(), counts);
        for (const code of receipts.slice(0, 20)) assert.equal((await target.findReceipt(code))!.receiptCode, code);
        // New ballots continue the sequence instead of clashing with copied ones.
        const before = (await target.countedBallots(CITY, CYCLE)).length;
        const ok = await target.castBallot(
          { city: CITY, cycleId: CYCLE, voterHash: 'after-migration', receiptCode: `R-${randomBytes(6).toString('hex')}`, channel: 'online', castAt: new Date().toISOString(), replacedAt: null, choices: [] },
          'final',
          { scope: 's', key: 'k-after', requestHash: 'h', status: 201, body: '{}', createdAt: new Date().toISOString() },
        );
        assert.equal(ok.ok, true);
        assert.equal((await target.countedBallots(CITY, CYCLE)).length, before + 1);
      } finally {
        await target.close();
      }

      const again = run();
      assert.equal(again.status, 1);
      assert.match(again.stderr, /target database is not empty/);
    } finally {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
