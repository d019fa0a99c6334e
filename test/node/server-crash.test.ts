import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { parseConfig } from '../../src/server/config.js';
import { Keys } from '../../src/server/crypto.js';
import { demoConfig, seedAll } from '../../src/server/seed.js';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import { adultIins, exampleConfigFile, phoneFor } from '../../src/server/testing.js';
import { spawnServe, type Served } from './support/serve.js';

const VOTERS = 160;

type Server = Served;

/** The real `qala serve` process on the test's temporary database and a free port. */
const spawnServer = (dir: string, secret: string): Promise<Server> => spawnServe(join(dir, 'config.json'), join(dir, 'qala.db'), secret);

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

test('SIGKILL during a stream of ballots: every acknowledged receipt survives, no partial ballot', { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qala-crash-'));
  const secret = randomBytes(32).toString('base64');
  let server: Server | undefined;
  try {
    // Aksu voting now, seeded with projects on the ballot.
    const file = demoConfig(exampleConfigFile(), new Date());
    file.server!.limits = { ...file.server!.limits, verificationsPerIpPerHour: 100_000 };
    // This test is about durability; each voter types a phone of their own.
    for (const city of file.cities) city.identity = { method: 'phone_only' };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(file));
    const config = parseConfig(file);
    const store = new SqliteStore(join(dir, 'qala.db'));
    await seedAll(store, new Keys(Buffer.from(secret, 'base64')), config, new Date());
    const projects = (await store.listProposals('aksu', 'aksu-2026')).filter((p) => p.status === 'on_ballot').map((p) => p.id);
    store.close();

    server = await spawnServer(dir, secret);
    const iins = adultIins(VOTERS, 1000);
    const tokens: string[] = [];
    for (const [i, iin] of iins.entries()) {
      const start = await post(server.base, '/cities/aksu/verification', { cycleId: 'aksu-2026', iin, phone: phoneFor(20_000 + i) });
      assert.equal(start.status, 201, JSON.stringify(start.body));
      const id = start.body.challengeId;
      for (let k = 0; k < 100 && !server.codes.has(id); k++) await new Promise((r) => setTimeout(r, 5));
      const ok = await post(server.base, `/cities/aksu/verification/${id}/confirm`, { code: server.codes.get(id) });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      tokens.push(ok.body.token);
    }

    const ballotOf = (i: number) => ({ cycleId: 'aksu-2026', choices: [{ poolId: 'city', picks: [{ projectId: projects[i % projects.length] }, { projectId: projects[(i + 3) % projects.length] }] }] });
    const keys = tokens.map(() => `crash-${randomBytes(8).toString('hex')}`);
    const acked = new Map<number, string>();
    const unknown = new Set<number>();
    let next = 0;
    const victim = server;
    const killAfter = Math.floor(VOTERS / 3);
    const worker = async () => {
      while (next < VOTERS) {
        const i = next++;
        try {
          const r = await post(victim.base, '/cities/aksu/ballots', ballotOf(i), { authorization: `Bearer ${tokens[i]}`, 'idempotency-key': keys[i]! });
          if (r.status === 201) acked.set(i, r.body.receiptCode);
          else unknown.add(i);
          if (acked.size === killAfter) victim.child.kill('SIGKILL');
        } catch {
          unknown.add(i); // the connection died with the server: the outcome is unknown to the client
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));
    await victim.exited;
    assert.ok(acked.size >= killAfter, `acknowledged ${acked.size}`);
    assert.ok(unknown.size > 0, 'the kill happened mid-stream');

    // The database after the crash, before any server touches it again.
    const db = new Database(join(dir, 'qala.db'), { readonly: true });
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    const online = db.prepare("SELECT receipt_code, choices FROM ballots WHERE city = 'aksu' AND channel = 'online' AND voter_hash IS NOT NULL").all() as { receipt_code: string; choices: string }[];
    const idem = db.prepare("SELECT count(*) AS n FROM idempotency WHERE scope LIKE 'ballot:aksu:%'").get() as { n: number };
    for (const b of online) assert.ok(Array.isArray(JSON.parse(b.choices)), 'every stored ballot is whole');
    // One record per seeded voter (`v<n>`); last year's paper ballots are seeded as one batch with a record of their own.
    const seeded = db.prepare("SELECT count(*) AS n FROM idempotency WHERE scope = 'seed:aksu' AND key LIKE 'v%'").get() as { n: number };
    assert.equal(online.length, idem.n + seeded.n, 'each ballot has its idempotency record: both or neither were written');
    db.close();

    // Restart: every acknowledged receipt is there and counted.
    server = await spawnServer(dir, secret);
    for (const [, code] of acked) {
      const res: Response = await fetch(`${server.base}/api/v1/cities/aksu/receipts/${code}`);
      assert.equal(res.status, 200, code);
      assert.equal(((await res.json()) as any).status, 'counted');
    }
    // Retrying the unknown ones with the same key settles each voter on exactly one counted ballot.
    for (const i of unknown) {
      const r = await post(server.base, '/cities/aksu/ballots', ballotOf(i), { authorization: `Bearer ${tokens[i]}`, 'idempotency-key': keys[i]! });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    for (const [i, code] of acked) {
      const r = await post(server.base, '/cities/aksu/ballots', ballotOf(i), { authorization: `Bearer ${tokens[i]}`, 'idempotency-key': keys[i]! });
      assert.equal(r.body.receiptCode, code, 'a retry after the crash returns the acknowledged receipt');
    }
    server.child.kill('SIGTERM');
    await server.exited;
    server = undefined;
    const after = new Database(join(dir, 'qala.db'), { readonly: true });
    const perVoter = after.prepare("SELECT count(*) AS n FROM ballots WHERE city = 'aksu' AND voter_hash IS NOT NULL AND replaced_at IS NULL").get() as { n: number };
    const seededVoters = after.prepare("SELECT count(*) AS n FROM idempotency WHERE scope = 'seed:aksu' AND key LIKE 'v%'").get() as { n: number };
    assert.equal(perVoter.n, VOTERS + seededVoters.n);
    const totalStreamed = after.prepare("SELECT count(*) AS n FROM idempotency WHERE scope LIKE 'ballot:aksu:%'").get() as { n: number };
    assert.equal(totalStreamed.n, VOTERS, 'no voter got a second ballot from a retry');
    after.close();
  } finally {
    if (server) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
