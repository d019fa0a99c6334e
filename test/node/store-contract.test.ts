/**
 * One contract, two stores: every method of `Store` (and its identity part)
 * and every guarantee the services rely on, run against SQLite and against a
 * real PostgreSQL database of the test's own.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isStoreError } from '../../src/server/store/errors.js';
import { openStore, storeLocation } from '../../src/server/store/index.js';
import { PgStore } from '../../src/server/store/postgres.js';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import type { AuditWrite, BallotRecord, IdempotencyRecord, PhotoRecord, ProposalRecord, Store } from '../../src/server/store/types.js';
import type { ChallengeRecord } from '../../src/server/store/identity.js';
import type { StoredImplementation } from '../../src/server/store/implementation.js';
import type { AssignmentRecord, StaffRecord } from '../../src/server/store/staff.js';
import { tempDatabase, type TempDatabase } from './support/pg.js';

const CITY = 'aksu';
const CYCLE = 'aksu-2026';
let seq = 0;
const uid = (p: string) => `${p}-${++seq}-${randomBytes(3).toString('hex')}`;

function proposal(over: Partial<ProposalRecord> = {}): ProposalRecord {
  const at = new Date(Date.UTC(2026, 3, 1, 0, 0, seq)).toISOString();
  return {
    id: uid('p'),
    city: CITY,
    cycleId: CYCLE,
    title: 'Benches',
    description: 'Benches in the park',
    category: 'parks',
    address: 'Park',
    estimatedCost: 1000,
    photos: [],
    authorName: 'A',
    authorHash: 'author-1',
    status: 'submitted',
    hidden: false,
    published: true,
    history: [{ status: 'submitted', at }],
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...over,
  };
}

const idem = (scope: string, key = uid('k')): IdempotencyRecord => ({ scope, key, requestHash: 'h', status: 201, body: '{"ok":true}', createdAt: new Date().toISOString() });
const audit = (action = 'test.action', city = CITY): AuditWrite => ({ at: new Date().toISOString(), city, actor: 'admin', action, target: null, details: { n: 1 } });
const ballot = (voterHash: string | null, over: Partial<BallotRecord> = {}): BallotRecord => ({
  city: CITY,
  cycleId: CYCLE,
  voterHash,
  receiptCode: uid('R'),
  channel: voterHash ? 'online' : 'paper',
  castAt: new Date().toISOString(),
  replacedAt: null,
  choices: [{ poolId: 'city', picks: [{ projectId: 'p1' }] }],
  ...over,
});
const person = (over: Partial<StaffRecord> = {}): StaffRecord => ({
  id: uid('st'),
  city: CITY,
  name: 'Дамир Сейткали',
  organisation: 'Akimat',
  role: 'expert',
  status: 'invited',
  contactKind: 'phone',
  contactHash: uid('contact'),
  contactSealed: 's1.sealed',
  contactHint: '…22',
  subjectHash: null,
  inviteHash: uid('invite'),
  inviteExpiresAt: Date.UTC(2026, 5, 1),
  invitedAt: '2026-05-01T00:00:00.000Z',
  invitedBy: 'Coordinator',
  activatedAt: null,
  revokedAt: null,
  lastSignInAt: null,
  version: 1,
  ...over,
});
const session = (staffId: string, tokenHash = uid('tok'), now = Date.UTC(2026, 4, 2)) => ({ tokenHash, staffId, city: CITY, createdAt: now, lastSeenAt: now, expiresAt: now + 12 * 3600_000 });
const photo = (over: Partial<PhotoRecord> = {}): PhotoRecord => ({ id: uid('ph'), city: CITY, type: 'image/png', width: 10, height: 10, size: 3, createdAt: new Date().toISOString(), proposalId: null, ...over });

interface Harness {
  name: string;
  open(): Promise<Store>;
  /** Runs raw SQL on the store's database (to prove append-only etc.). */
  raw(store: Store, sql: string): Promise<unknown>;
  cleanup(): Promise<void>;
}

const dirs: string[] = [];
const dbs: TempDatabase[] = [];

const sqliteHarness: Harness = {
  name: 'SQLite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'qala-contract-'));
    dirs.push(dir);
    return new SqliteStore(join(dir, 'qala.db'));
  },
  async raw(store, sql) {
    return (store as SqliteStore).db.exec(sql);
  },
  async cleanup() {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  },
};

const pgHarness: Harness = {
  name: 'PostgreSQL',
  async open() {
    const db = await tempDatabase('qala_contract');
    dbs.push(db);
    return PgStore.open(db.url);
  },
  async raw(store, sql) {
    return (store as PgStore).pool.query(sql);
  },
  async cleanup() {
    for (const d of dbs.splice(0)) await d.drop();
  },
};

for (const h of [sqliteHarness, pgHarness]) {
  describe(`store contract: ${h.name}`, () => {
    let store: Store;
    before(async () => {
      store = await h.open();
    });
    after(async () => {
      await store.close();
      await h.cleanup();
    });

    test('proposals: create, get, list in creation order, count by author', async () => {
      const a = proposal({ authorHash: 'count-me' });
      const b = proposal({ authorHash: 'count-me' });
      await store.createProposal(a, idem('proposal:aksu'));
      await store.createProposal(b, null);
      assert.deepEqual(await store.getProposal(CITY, a.id), a);
      assert.equal(await store.getProposal('rudny', a.id), null, 'another city does not see it');
      const list = (await store.listProposals(CITY, CYCLE)).map((p) => p.id);
      assert.ok(list.indexOf(a.id) < list.indexOf(b.id));
      assert.equal(await store.countProposalsByAuthor(CITY, CYCLE, 'count-me'), 2);
    });

    test('leases: one holder at a time, re-entrant for the holder, free once released or run out', async () => {
      const name = uid('count');
      const t = Date.now();
      assert.equal(await store.tryLease(name, 'one', t, 1000), true);
      assert.equal(await store.tryLease(name, 'two', t + 10, 1000), false, 'held by another');
      assert.equal(await store.tryLease(name, 'one', t + 20, 1000), true, 'the holder may renew');
      await store.releaseLease(name, 'two');
      assert.equal(await store.tryLease(name, 'two', t + 30, 1000), false, 'only the holder releases');
      await store.releaseLease(name, 'one');
      assert.equal(await store.tryLease(name, 'two', t + 40, 1000), true, 'free once released');
      assert.equal(await store.tryLease(name, 'one', t + 500, 1000), false);
      assert.equal(await store.tryLease(name, 'one', t + 1041, 1000), true, 'a dead holder’s lease runs out');
    });

    test('updateProposals: all or nothing under optimistic versions, audited only when written', async () => {
      const a = proposal();
      const b = proposal();
      await store.createProposal(a, null);
      await store.createProposal(b, null);
      const auditBefore = (await store.listAudit(CITY, null, 500)).length;
      assert.equal(await store.updateProposals([{ ...a, status: 'under_review' }, { ...b, status: 'under_review' }], audit('both')), true);
      const a2 = (await store.getProposal(CITY, a.id))!;
      assert.equal(a2.version, 2);
      assert.equal(a2.status, 'under_review');
      // b is stale now (version 1 but stored 2): nothing is written, not even a's change.
      assert.equal(await store.updateProposals([{ ...a2, status: 'rejected' }, { ...b, status: 'rejected' }], audit('stale')), false);
      assert.equal((await store.getProposal(CITY, a.id))!.status, 'under_review');
      assert.equal((await store.listAudit(CITY, null, 500)).length, auditBefore + 1);
    });

    test('the author limit holds under concurrent submissions (checked inside the transaction)', async () => {
      const author = uid('author');
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => store.createProposal(proposal({ authorHash: author }), null, 2)));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 2);
      for (const r of results) if (r.status === 'rejected') assert.ok(isStoreError(r.reason, 'limit_reached'), String(r.reason));
      assert.equal(await store.countProposalsByAuthor(CITY, CYCLE, author), 2);
    });

    test('photos: stored bytes, metadata by city, attached once only', async () => {
      const ph = photo({ name: 'bench.png' });
      await store.savePhoto(ph, new Uint8Array([1, 2, 3]));
      assert.deepEqual(await store.getPhotoMeta(CITY, [ph.id, 'ph-missing']), [ph]);
      assert.deepEqual(await store.getPhotoMeta('rudny', [ph.id]), []);
      const p = proposal({ photos: [{ id: ph.id, width: 10, height: 10 }] });
      await store.createProposal(p, null);
      const got = (await store.getPhoto(ph.id))!;
      assert.deepEqual([...got.bytes], [1, 2, 3]);
      assert.equal(got.meta.proposalId, p.id);
      assert.equal(got.proposalHidden, false);
      // The same photo for a second proposal: refused, and the proposal is not written.
      const q = proposal({ photos: [{ id: ph.id, width: 10, height: 10 }] });
      await assert.rejects(store.createProposal(q, null), (e) => isStoreError(e, 'photo_unavailable'));
      assert.equal(await store.getProposal(CITY, q.id), null);
    });

    test('ballots: one counted ballot per voter, even with 20 at once', async () => {
      const voter = uid('v');
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => store.castBallot(ballot(voter), 'final', idem(`ballot:aksu:${voter}`))));
      assert.equal(outcomes.filter((o) => o.ok).length, 1);
      assert.equal(outcomes.filter((o) => !o.ok && o.reason === 'already_voted').length, 19);
      const current = (await store.currentBallot(CITY, CYCLE, voter))!;
      assert.equal((await store.findReceipt(current.receiptCode))!.voterHash, voter);
      const counted = await store.countedBallots(CITY, CYCLE);
      assert.equal(counted.filter((b) => b.seq === counted.find((x) => x.seq)!.seq).length, 1);
    });

    test('ballots: replacements in parallel leave exactly one counted, the others marked replaced', async () => {
      const voter = uid('v');
      const first = ballot(voter);
      assert.deepEqual(await store.castBallot(first, 'replace', idem(`ballot:aksu:${voter}`)), { ok: true, replacedReceipt: null });
      const before = (await store.countedBallots(CITY, CYCLE)).length;
      const next = Array.from({ length: 10 }, () => ballot(voter));
      const outcomes = await Promise.all(next.map((b) => store.castBallot(b, 'replace', idem(`ballot:aksu:${voter}`))));
      assert.ok(outcomes.every((o) => o.ok));
      const replaced = outcomes.map((o) => (o.ok ? o.replacedReceipt : null));
      assert.equal(new Set(replaced).size, 10, 'each replacement replaced a different ballot: a chain, none lost');
      assert.equal((await store.countedBallots(CITY, CYCLE)).length, before);
      assert.equal((await store.findReceipt(first.receiptCode))!.replacedAt !== null, true);
    });

    test('ballots: a taken receipt code is a typed error, and nothing is written', async () => {
      const a = ballot(uid('v'));
      await store.castBallot(a, 'final', idem('ballot:aksu:x'));
      const key = uid('k');
      await assert.rejects(store.castBallot(ballot(uid('v'), { receiptCode: a.receiptCode }), 'final', idem('ballot:aksu:y', key)), (e) => isStoreError(e, 'receipt_taken'));
      assert.equal(await store.getIdempotency('ballot:aksu:y', key), null);
    });

    test('paper ballots: all with their audit entry and idempotent answer', async () => {
      const rec = idem('paper:aksu:admin');
      const papers = [ballot(null), ballot(null), ballot(null)];
      const before = (await store.countedBallots(CITY, CYCLE)).length;
      await store.castPaperBallots(papers, rec, audit('ballots.paper'));
      const counted = await store.countedBallots(CITY, CYCLE);
      assert.equal(counted.length, before + 3);
      assert.equal(counted.filter((b) => b.channel === 'paper').length >= 3, true);
      assert.deepEqual(counted.map((b) => b.seq), [...counted.map((b) => b.seq)].sort((x, y) => x - y), 'in sequence order');
      assert.equal((await store.getIdempotency(rec.scope, rec.key))!.status, 201);
      assert.equal((await store.listAudit(CITY, null, 1))[0]!.action, 'ballots.paper');
    });

    test('idempotency: insert-first claims, a duplicate sees it running, release frees it, the answer replaces it', async () => {
      const scope = 'ballot:aksu:claims';
      const key = uid('k');
      const now = new Date().toISOString();
      const old = new Date(Date.now() - 120_000).toISOString();
      assert.deepEqual(await store.claimIdempotency(scope, key, 'h1', now, old), { state: 'claimed' });
      assert.deepEqual(await store.claimIdempotency(scope, key, 'h2', now, old), { state: 'running', requestHash: 'h1' });
      assert.equal(await store.getIdempotency(scope, key), null, 'a claim is not an answer');
      await store.releaseIdempotency(scope, key);
      assert.deepEqual(await store.claimIdempotency(scope, key, 'h1', now, old), { state: 'claimed' });
      const voter = uid('v');
      await store.castBallot(ballot(voter), 'final', { ...idem(scope, key), requestHash: 'h1' });
      const done = await store.claimIdempotency(scope, key, 'h1', now, old);
      assert.equal(done.state, 'done');
      assert.equal(done.state === 'done' && done.record.status, 201);
      await store.releaseIdempotency(scope, key);
      assert.equal((await store.getIdempotency(scope, key))!.status, 201, 'releasing never drops a finished answer');
      // A claim whose instance died (older than staleBefore) is taken over.
      const k2 = uid('k');
      await store.claimIdempotency(scope, k2, 'h1', old, new Date(Date.now() - 240_000).toISOString());
      assert.deepEqual(await store.claimIdempotency(scope, k2, 'h1', now, new Date(Date.now() - 60_000).toISOString()), { state: 'claimed' });
      // Concurrent claims of one key: exactly one wins.
      const k3 = uid('k');
      const many = await Promise.all(Array.from({ length: 10 }, () => store.claimIdempotency(scope, k3, 'h', now, old)));
      assert.equal(many.filter((c) => c.state === 'claimed').length, 1);
    });

    test('rate limits: a fixed window per key', async () => {
      const key = uid('limit');
      const t = Date.now();
      const hits = [];
      for (let i = 0; i < 4; i++) hits.push(await store.hitRateLimit(key, 3, 60_000, t + i));
      assert.deepEqual(hits.slice(0, 3), [0, 0, 0]);
      assert.ok(hits[3]! >= 59 && hits[3]! <= 60, `retry after ${hits[3]}`);
      assert.equal(await store.hitRateLimit(uid('other'), 3, 60_000, t), 0, 'keys are apart');
      assert.equal(await store.hitRateLimit(key, 3, 60_000, t + 60_000), 0, 'a new window');
    });

    test('change counters move with every write of their kind', async () => {
      const city = `c${uid('x').replace(/-/g, '')}`;
      const v0 = await store.versions(city);
      assert.deepEqual(v0, { proposals: 0, ballots: 0, phases: 0 });
      const p = proposal({ city });
      await store.createProposal(p, null);
      await store.updateProposals([{ ...p, status: 'under_review' }], audit('x', city));
      await store.castBallot(ballot(uid('v'), { city }), 'final', idem(`ballot:${city}:v`));
      await store.castPaperBallots([ballot(null, { city })], idem(`paper:${city}`), audit('p', city));
      await store.setPhaseOverrides(city, CYCLE, { voting: { start: '2026-01-01T00:00:00.000Z', end: '2026-01-02T00:00:00.000Z' } }, audit('phase', city));
      assert.deepEqual(await store.versions(city), { proposals: 2, ballots: 2, phases: 1 });
    });

    test('phase overrides: set, read back, overwrite, audited', async () => {
      const w = { start: '2026-09-01T00:00:00.000Z', end: '2026-09-10T00:00:00.000Z' };
      await store.setPhaseOverrides(CITY, 'cycle-ph', { voting: w }, audit('phase.close'));
      await store.setPhaseOverrides(CITY, 'cycle-ph', { voting: { ...w, end: '2026-09-05T00:00:00.000Z' }, review: w }, audit('phase.open'));
      assert.deepEqual(await store.phaseOverrides(CITY, 'cycle-ph'), { voting: { ...w, end: '2026-09-05T00:00:00.000Z' }, review: w });
      assert.deepEqual(await store.phaseOverrides(CITY, 'other'), {});
      assert.equal((await store.listAudit(CITY, null, 1))[0]!.action, 'phase.open');
    });

    test('audit: newest first, paged by id, append-only in the database itself', async () => {
      for (let i = 0; i < 5; i++) await store.appendAudit({ ...audit(`page.${i}`, 'audit-city'), details: { i } });
      const first = await store.listAudit('audit-city', null, 3);
      assert.deepEqual(first.map((e) => e.action), ['page.4', 'page.3', 'page.2']);
      assert.deepEqual(first[0]!.details, { i: 4 });
      const rest = await store.listAudit('audit-city', first[2]!.id, 3);
      assert.deepEqual(rest.map((e) => e.action), ['page.1', 'page.0']);
      await assert.rejects(h.raw(store, "UPDATE audit SET action = 'x'"), /append-only/);
      await assert.rejects(h.raw(store, 'DELETE FROM audit'), /append-only/);
    });

    test('sweep: drops unattached old photos and old idempotency answers only', async () => {
      const oldPhoto = photo({ createdAt: '2020-01-01T00:00:00.000Z' });
      const newPhoto = photo();
      const attached = photo({ createdAt: '2020-01-01T00:00:00.000Z' });
      for (const ph of [oldPhoto, newPhoto, attached]) await store.savePhoto(ph, new Uint8Array([9]));
      await store.createProposal(proposal({ photos: [{ id: attached.id, width: 1, height: 1 }] }), null);
      const oldIdem = { ...idem('sweep'), createdAt: '2020-01-01T00:00:00.000Z' };
      await store.castBallot(ballot(uid('v')), 'final', oldIdem);
      await store.sweep('2021-01-01T00:00:00.000Z', '2021-01-01T00:00:00.000Z');
      assert.equal(await store.getPhoto(oldPhoto.id), null);
      assert.ok(await store.getPhoto(newPhoto.id));
      assert.ok(await store.getPhoto(attached.id));
      assert.equal(await store.getIdempotency(oldIdem.scope, oldIdem.key), null);
    });

    test('challenges: saved, found by state, attempts counted atomically, used once', async () => {
      const c: ChallengeRecord = {
        id: uid('ch'),
        city: CITY,
        cycleId: CYCLE,
        kind: 'sms',
        voterHash: 'vh',
        phoneHash: 'ph',
        sealed: 'sealed',
        codeHash: 'code',
        stateHash: uid('state'),
        proofHash: null,
        expiresAt: Date.now() + 60_000,
        resendAt: Date.now(),
        attemptsLeft: 5,
        outcome: null,
        district: null,
      };
      await store.identity.saveChallenge(c);
      assert.deepEqual(await store.identity.getChallenge(c.id), c);
      assert.deepEqual(await store.identity.challengeByState(c.stateHash!), c);
      const lefts = await Promise.all(Array.from({ length: 8 }, () => store.identity.wrongCode(c.id)));
      assert.deepEqual(lefts.filter((n) => n >= 0).sort(), [0, 1, 2, 3, 4], 'five attempts in total, however they race');
      assert.equal(await store.identity.getChallenge(c.id), null, 'dead after the last');
      const d = { ...c, id: uid('ch'), stateHash: null };
      await store.identity.saveChallenge(d);
      // Sending the code again: once it is due, one caller of those racing moves it on.
      assert.equal(await store.identity.claimResend(d.id, d.resendAt - 1, d.resendAt + 60_000), false, 'not due yet');
      const claims = await Promise.all(Array.from({ length: 5 }, () => store.identity.claimResend(d.id, d.resendAt, d.resendAt + 60_000)));
      assert.equal(claims.filter(Boolean).length, 1);
      assert.equal((await store.identity.getChallenge(d.id))!.resendAt, d.resendAt + 60_000);
      assert.equal(await store.identity.claimResend('ch_none', d.resendAt, d.resendAt + 60_000), false);
      const fresh = { ...d, codeHash: 'h2', expiresAt: d.expiresAt + 1, resendAt: d.resendAt + 60_000, attemptsLeft: 5 };
      assert.equal(await store.identity.refreshChallenge(fresh), true);
      assert.deepEqual(await store.identity.getChallenge(d.id), fresh);
      const used = await Promise.all(Array.from({ length: 5 }, () => store.identity.consumeChallenge(d.id)));
      assert.equal(used.filter(Boolean).length, 1);
      assert.equal(await store.identity.refreshChallenge(fresh), false, 'a used challenge is not brought back');
      assert.equal(await store.identity.getChallenge(d.id), null);
      const s = { ...c, id: uid('ch'), stateHash: uid('state'), kind: 'oidc' as const, outcome: 'pending', expiresAt: 1 };
      await store.identity.saveChallenge(s);
      assert.equal(await store.identity.finishSignIn(s.id, 'done', 'vh2', 'proof-1'), true);
      assert.equal(await store.identity.finishSignIn(s.id, 'done', 'vh3', 'proof-2'), false, 'a replayed callback');
      assert.deepEqual(await store.identity.getChallenge(s.id), { ...s, outcome: 'done', voterHash: 'vh2', proofHash: 'proof-1' }, 'the outcome and the proof’s digest of the first callback, together');
      assert.ok((await store.identity.sweepChallenges(Date.now())) >= 1);
      assert.equal(await store.identity.getChallenge(s.id), null);
    });

    test('voter list: replace, amend, remove, summary, delete', async () => {
      const e = (n: number, district: string | null = 'north') => ({ voterHash: `v${n}`, phoneHash: `p${n}`, phoneSealed: `s${n}`, district });
      const L = 'list-city';
      assert.deepEqual(await store.identity.replaceVoterList(L, CYCLE, [e(1), e(2), e(3, null)], '2026-01-01T00:00:00.000Z', audit('list.replace', L)), { added: 3, updated: 0, removed: 0, total: 3 });
      assert.deepEqual(await store.identity.replaceVoterList(L, CYCLE, [e(2), e(4)], '2026-01-02T00:00:00.000Z', audit('list.replace', L)), { added: 1, updated: 1, removed: 2, total: 2 });
      assert.deepEqual(await store.identity.amendVoterList(L, CYCLE, [e(4, 'south'), e(5)], '2026-01-03T00:00:00.000Z', audit('list.amend', L)), { added: 1, updated: 1, removed: 0, total: 3 });
      assert.deepEqual(await store.identity.removeFromVoterList(L, CYCLE, ['v5', 'v9'], '2026-01-04T00:00:00.000Z', audit('list.remove', L)), { added: 0, updated: 0, removed: 1, total: 2 });
      assert.deepEqual(await store.identity.voterListEntry(L, CYCLE, 'v4'), e(4, 'south'));
      assert.equal(await store.identity.voterListEntry(L, 'other', 'v4'), null);
      assert.deepEqual(await store.identity.voterListSummary(L, CYCLE), { total: 2, byDistrict: { north: 1, south: 1 }, updatedAt: '2026-01-04T00:00:00.000Z' });
      assert.deepEqual(await store.identity.voterLists().then((x) => x.filter((l) => l.city === L)), [{ city: L, cycleId: CYCLE }]);
      assert.deepEqual((await store.listAudit(L, null, 1))[0]!.details, { n: 1, added: 0, updated: 0, removed: 1, total: 2 });
      assert.equal(await store.identity.deleteVoterList(L, CYCLE, audit('list.delete', L)), 2);
      assert.deepEqual(await store.identity.voterListSummary(L, CYCLE), { total: 0, byDistrict: {}, updatedAt: null });
    });

    test('phone links: a phone verifies at most the limit of voters a cycle, however the confirmations race; a voter holds one phone; deleted per cycle', async () => {
      const P = 'phone-city';
      assert.equal(await store.identity.linkPhone(P, CYCLE, 'ph1', 'v1', 1), true);
      assert.equal(await store.identity.linkPhone(P, CYCLE, 'ph1', 'v1', 1), true, 'the same voter again (a second vote, a second device)');
      assert.equal(await store.identity.linkPhone(P, CYCLE, 'ph1', 'v2', 1), false, 'another voter on a phone that has one');
      assert.equal(await store.identity.linkPhone(P, 'next-cycle', 'ph1', 'v2', 1), true, 'each cycle on its own');
      assert.equal(await store.identity.linkPhone(P, CYCLE, 'ph2', 'v1', 1), true, 'the voter on another phone: linked to that one now');
      assert.equal(await store.identity.linkPhone(P, CYCLE, 'ph1', 'v2', 1), true, 'the first phone given back');
      assert.equal(await store.identity.linkPhone(P, CYCLE, 'ph2', 'v2', 1), false, 'not the phone another voter holds');
      assert.equal(await store.identity.linkPhone(P, CYCLE, 'ph1', 'v3', 1), false, 'a refused link takes nothing away: v2 still holds ph1');
      const raced = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((v) => store.identity.linkPhone(P, CYCLE, 'ph3', v, 2)));
      assert.equal(raced.filter(Boolean).length, 2, 'two of six voters at once on a phone allowed two');
      assert.deepEqual((await store.identity.phoneLinkCycles()).filter((l) => l.city === P).sort((x, y) => x.cycleId.localeCompare(y.cycleId)), [
        { city: P, cycleId: CYCLE },
        { city: P, cycleId: 'next-cycle' },
      ]);
      assert.equal(await store.identity.deletePhoneLinks(P, CYCLE), 4);
      assert.equal(await store.identity.linkPhone(P, CYCLE, 'ph1', 'v2', 1), true, 'free again once deleted');
      assert.deepEqual((await store.identity.phoneLinkCycles()).filter((l) => l.city === P).length, 2);
    });

    test('implementation: save under versions, updates attach photos, public ones only when asked, audited in one transaction', async () => {
      const p = proposal({ status: 'winner', poolId: 'city' });
      await store.createProposal(p, null);
      const at = '2026-05-01T00:00:00.000Z';
      const rec: StoredImplementation = {
        city: CITY, projectId: p.id, cycleId: CYCLE, version: 0, createdAt: at, updatedAt: at, state: 'in_progress',
        contractor: 'TOO Qurylys', contractorContact: '+7 700 000 00 00', plannedStart: '2026-05-01', plannedEnd: '2026-09-30',
        stages: [{ id: 's1', title: { kk: 'Жобалау', ru: 'Проект' }, plannedStart: '2026-05-01', plannedEnd: '2026-05-31' }],
        progress: 10, committed: 900, spent: 100, internalNote: 'staff only',
      };
      const auditBefore = (await store.listAudit(CITY, null, 500)).length;
      assert.equal(await store.implementation.save(rec, 0, audit('implementation.save')), true);
      assert.equal(await store.implementation.save(rec, 0, audit('implementation.save')), false, 'a second first save loses');
      const stored = await store.implementation.get(CITY, p.id);
      assert.deepEqual(stored, { ...rec, version: 1 });
      assert.equal(await store.implementation.save({ ...rec, progress: 50, updatedAt: '2026-06-01T00:00:00.000Z' }, 1, audit('implementation.save')), true);
      assert.equal(await store.implementation.save({ ...rec, progress: 70 }, 1, audit('implementation.save')), false, 'a stale version is refused');
      assert.equal((await store.implementation.get(CITY, p.id))!.progress, 50);
      assert.equal((await store.implementation.get(CITY, p.id))!.version, 2);
      assert.equal((await store.listAudit(CITY, null, 500)).length, auditBefore + 2, 'only the writes that happened are audited');
      assert.equal(await store.implementation.get('rudny', p.id), null);
      assert.deepEqual((await store.implementation.list(CITY)).map((r) => r.projectId).filter((id) => id === p.id), [p.id]);

      const ph = photo();
      await store.savePhoto(ph, new Uint8Array([1, 2, 3]));
      const u1 = { id: uid('up'), city: CITY, projectId: p.id, at: '2026-06-02T00:00:00.000Z', public: true, author: 'admin', text: { kk: 'Басталды', ru: 'Начали' }, photos: [{ id: ph.id, tag: 'before' as const, width: 10, height: 10 }] };
      await store.implementation.addUpdate(u1, audit('implementation.update'));
      assert.equal((await store.getPhotoMeta(CITY, [ph.id]))[0]!.proposalId, p.id, 'the photo is attached to the project');
      await assert.rejects(
        store.implementation.addUpdate({ ...u1, id: uid('up') }, audit('implementation.update')),
        (e) => isStoreError(e, 'photo_unavailable'),
        'a photo is used once',
      );
      const u2 = { ...u1, id: uid('up'), at: '2026-06-03T00:00:00.000Z', public: false, photos: [] };
      await store.implementation.addUpdate(u2, audit('implementation.update'));
      assert.deepEqual((await store.implementation.updates(CITY, p.id, true, 10)).map((u) => u.id), [u1.id]);
      assert.deepEqual((await store.implementation.updates(CITY, p.id, false, 10)).map((u) => u.id), [u2.id, u1.id], 'newest first');
      assert.deepEqual(await store.implementation.updates(CITY, p.id, true, 10).then((x) => x[0]), u1);
      assert.equal((await store.implementation.get(CITY, p.id))!.updatedAt, u2.at, 'an update touches the record');
      assert.equal(await store.implementation.setUpdatePublic(CITY, p.id, u2.id, true, '2026-06-04T00:00:00.000Z', audit('implementation.publish')), true);
      assert.equal(await store.implementation.setUpdatePublic(CITY, p.id, 'nope', true, '2026-06-04T00:00:00.000Z', audit('implementation.publish')), false);
      assert.equal((await store.implementation.updates(CITY, null, true, 10)).filter((u) => u.projectId === p.id).length, 2);
      assert.equal((await store.listAudit(CITY, null, 1))[0]!.action, 'implementation.publish');
    });

    test('staff: people by contact, invitation and subject; accepting an invitation once; revoking ends every session', async () => {
      const auditBefore = (await store.listAudit(CITY, null, 500)).length;
      const p = person();
      assert.equal(await store.staff.createStaff(p, audit('staff.invite')), true);
      assert.equal(await store.staff.createStaff({ ...person(), contactHash: p.contactHash }, audit('staff.invite')), false, 'one person per contact in a city');
      assert.equal(await store.staff.createStaff({ ...person(), city: 'rudny', contactHash: p.contactHash }, audit('staff.invite', 'rudny')), true, 'another city may have the same contact');
      assert.deepEqual(await store.staff.getStaff(CITY, p.id), p);
      assert.equal(await store.staff.getStaff('rudny', p.id), null);
      assert.deepEqual(await store.staff.staffByContact(CITY, p.contactHash), p);
      assert.deepEqual(await store.staff.staffByInvite(CITY, p.inviteHash!), p);
      assert.ok((await store.staff.listStaff(CITY)).some((x) => x.id === p.id));

      const s1 = session(p.id);
      const at = '2026-05-02T00:00:00.000Z';
      assert.equal(await store.staff.openSession(s1, { at, acceptInvite: 'another-invite' }, audit('staff.accept')), false, 'only with the current invitation');
      assert.equal(await store.staff.openSession(s1, { at }, audit('staff.sign_in')), false, 'an invited person signs in only by accepting');
      assert.equal(await store.staff.openSession(s1, { at, acceptInvite: p.inviteHash!, subjectHash: 'subject-1' }, audit('staff.accept')), true);
      const active = (await store.staff.getStaff(CITY, p.id))!;
      assert.deepEqual({ status: active.status, inviteHash: active.inviteHash, activatedAt: active.activatedAt, lastSignInAt: active.lastSignInAt, subjectHash: active.subjectHash, version: active.version }, {
        status: 'active', inviteHash: null, activatedAt: at, lastSignInAt: at, subjectHash: 'subject-1', version: 2,
      });
      assert.equal((await store.staff.staffBySubject(CITY, 'subject-1'))!.id, p.id);
      assert.equal(await store.staff.openSession(session(p.id), { at, acceptInvite: p.inviteHash! }, audit('staff.accept')), false, 'an invitation is accepted once');
      const q = person();
      await store.staff.createStaff(q, audit('staff.invite'));
      await assert.rejects(
        store.staff.openSession(session(q.id), { at, acceptInvite: q.inviteHash!, subjectHash: 'subject-1' }, audit('staff.accept')),
        (e: unknown) => isStoreError(e, 'subject_taken'),
        'a provider account bound to one person is refused to another, as a typed error',
      );
      assert.equal((await store.staff.getStaff(CITY, q.id))!.status, 'invited', 'and nothing of that acceptance is written');
      const s2 = session(p.id);
      assert.equal(await store.staff.openSession(s2, { at }, audit('staff.sign_in')), true);
      const got = await store.staff.getSession(s1.tokenHash);
      assert.deepEqual(got!.session, s1);
      assert.equal(got!.staff.id, p.id);
      await store.staff.touchSession(s1.tokenHash, s1.lastSeenAt + 60_000);
      await store.staff.touchSession(s1.tokenHash, s1.lastSeenAt + 1_000);
      assert.equal((await store.staff.getSession(s1.tokenHash))!.session.lastSeenAt, s1.lastSeenAt + 60_000, 'last seen never goes back');

      const current = (await store.staff.getStaff(CITY, p.id))!;
      assert.equal(current.version, 3, 'each sign-in bumps the version');
      assert.equal(await store.staff.updateStaff({ ...current, role: 'coordinator' }, audit('staff.update')), true);
      assert.equal(await store.staff.updateStaff({ ...current, name: 'Stale' }, audit('staff.update')), false, 'a stale version is refused');
      assert.equal((await store.staff.getStaff(CITY, p.id))!.role, 'coordinator');

      assert.equal(await store.staff.revokeStaff(CITY, p.id, '2026-05-03T00:00:00.000Z', audit('staff.revoke')), true);
      assert.equal(await store.staff.revokeStaff(CITY, p.id, '2026-05-03T00:00:00.000Z', audit('staff.revoke')), false);
      assert.equal(await store.staff.getSession(s1.tokenHash), null, 'every session ends with the revocation');
      assert.equal(await store.staff.getSession(s2.tokenHash), null);
      assert.equal((await store.staff.getStaff(CITY, p.id))!.status, 'revoked');
      assert.equal(await store.staff.openSession(session(p.id), { at }, audit('staff.sign_in')), false, 'a revoked person gets no session');
      // invite ×2 (one refused), accept, a second person invited (whose acceptance was refused), sign in, update, revoke:
      // the writes that happened, each with its audit entry.
      assert.equal((await store.listAudit(CITY, null, 500)).length, auditBefore + 6);

      const s3 = session(person().id);
      await store.staff.deleteSession(s3.tokenHash);
      assert.equal(await store.staff.getSession('nope'), null);
    });

    test('staff challenges: wrong codes count down atomically, used once, outcome recorded once, swept when expired', async () => {
      const now = Date.UTC(2026, 4, 2);
      const c = { id: uid('sc'), city: CITY, staffId: null, kind: 'code' as const, channel: 'sms' as const, codeHash: 'h', stateHash: null, sealed: null, inviteHash: null, subjectHash: null, proofHash: null, expiresAt: now + 600_000, resendAt: now + 60_000, attemptsLeft: 2, outcome: null };
      await store.staff.saveChallenge(c);
      assert.deepEqual(await store.staff.getChallenge(c.id), c);
      // The code that finishes accepting an invitation through the provider carries the invitation and the account to bind.
      const carried = { ...c, id: uid('sc'), staffId: 'st-1', inviteHash: 'invite-1', subjectHash: 'subject-1' };
      await store.staff.saveChallenge(carried);
      assert.deepEqual(await store.staff.getChallenge(carried.id), carried);
      assert.equal(await store.staff.wrongCode(c.id), 1);
      assert.equal(await store.staff.wrongCode(c.id), 0);
      assert.equal(await store.staff.getChallenge(c.id), null, 'the last wrong code deletes it');
      assert.equal(await store.staff.wrongCode(c.id), -1);
      const d = { ...c, id: uid('sc'), attemptsLeft: 5 };
      await store.staff.saveChallenge(d);
      assert.equal(await store.staff.claimResend(d.id, d.resendAt - 1, d.resendAt + 60_000), false, 'not due yet');
      const claims = await Promise.all(Array.from({ length: 5 }, () => store.staff.claimResend(d.id, d.resendAt, d.resendAt + 60_000)));
      assert.equal(claims.filter(Boolean).length, 1, 'one caller sends the code again');
      assert.equal((await store.staff.getChallenge(d.id))!.resendAt, d.resendAt + 60_000);
      assert.equal(await store.staff.refreshChallenge({ ...d, codeHash: 'h2' }), true);
      assert.equal((await store.staff.getChallenge(d.id))!.codeHash, 'h2');
      const [x, y] = await Promise.all([store.staff.consumeChallenge(d.id), store.staff.consumeChallenge(d.id)]);
      assert.equal(Number(x) + Number(y), 1, 'one caller consumes it');
      assert.equal(await store.staff.refreshChallenge(d), false, 'a used sign-in is not brought back');
      assert.equal(await store.staff.getChallenge(d.id), null);
      const o = { ...c, id: uid('sc'), kind: 'oidc' as const, channel: 'oidc' as const, stateHash: uid('state'), sealed: 's1.x', outcome: 'pending' };
      await store.staff.saveChallenge(o);
      assert.equal((await store.staff.challengeByState(o.stateHash))!.id, o.id);
      assert.equal(await store.staff.finishChallenge(o.id, 'done', 'st-1', 'subj', 'proof-1'), true);
      assert.equal(await store.staff.finishChallenge(o.id, 'done', 'st-2', 'subj', 'proof-2'), false, 'a replayed callback changes nothing');
      assert.deepEqual({ ...(await store.staff.getChallenge(o.id)) }, { ...o, outcome: 'done', staffId: 'st-1', subjectHash: 'subj', proofHash: 'proof-1' });
      assert.ok((await store.staff.sweepStaff(now + 700_000)) >= 1);
      assert.equal(await store.staff.getChallenge(o.id), null);
    });

    test('assignments: one per expert and proposal, listed by proposal or expert, assessments under optimistic concurrency', async () => {
      const e1 = person({ status: 'active', inviteHash: null });
      const e2 = person({ status: 'active', inviteHash: null });
      await store.staff.createStaff(e1, audit('staff.invite'));
      await store.staff.createStaff(e2, audit('staff.invite'));
      const pid = uid('p');
      const base = (staffId: string): AssignmentRecord => ({ city: CITY, proposalId: pid, staffId, state: 'pending', assignedAt: '2026-05-04T00:00:00.000Z', assignedBy: 'Coordinator', scores: null, recommendation: null, note: null, conflictReason: null, updatedAt: null });
      assert.equal(await store.staff.assign(base(e1.id), audit('assessment.assign')), true);
      assert.equal(await store.staff.assign(base(e1.id), audit('assessment.assign')), false);
      assert.equal(await store.staff.assign(base(e2.id), audit('assessment.assign')), true);
      assert.deepEqual((await store.staff.listAssignments(CITY, { proposalId: pid })).map((a) => a.staffId).sort(), [e1.id, e2.id].sort());
      assert.deepEqual((await store.staff.listAssignments(CITY, { staffId: e1.id })).map((a) => a.proposalId), [pid]);
      assert.deepEqual((await store.staff.listAssignments(CITY, { proposalId: pid, staffId: e2.id })).map((a) => a.staffId), [e2.id]);
      assert.equal((await store.staff.listAssignments('rudny', { proposalId: pid })).length, 0);

      const assessed: AssignmentRecord = { ...base(e1.id), state: 'assessed', scores: { feasibility: 4, cost_realism: 2 }, recommendation: 'accept', note: 'Частная заметка', updatedAt: '2026-05-05T00:00:00.000Z' };
      assert.equal(await store.staff.saveAssessment(assessed, null, audit('assessment.record')), true);
      assert.equal(await store.staff.saveAssessment({ ...assessed, recommendation: 'reject' }, null, audit('assessment.record')), false, 'written meanwhile: refused');
      assert.deepEqual(await store.staff.getAssignment(CITY, pid, e1.id), assessed);
      const changed = { ...assessed, recommendation: 'needs_changes' as const, updatedAt: '2026-05-06T00:00:00.000Z' };
      assert.equal(await store.staff.saveAssessment(changed, assessed.updatedAt, audit('assessment.record')), true);
      const removed = await store.staff.unassign(CITY, pid, e1.id, audit('assessment.unassign'));
      assert.deepEqual(removed, changed);
      assert.equal(await store.staff.unassign(CITY, pid, e1.id, audit('assessment.unassign')), null);
      assert.equal((await store.listAudit(CITY, null, 1))[0]!.details.dropped, 'assessed', 'the audit says what was dropped');
      assert.equal(await store.staff.saveAssessment(changed, changed.updatedAt, audit('assessment.record')), false, 'gone: refused');
    });

    test('authors (#13): a reference is unique per city, the author finds only their proposals, sessions expire', async () => {
      const a = proposal({ authorHash: 'author-ref', reference: 'ABC-2345' });
      await store.createProposal(a, null);
      await assert.rejects(store.createProposal(proposal({ authorHash: 'author-ref', reference: 'ABC-2345' }), null), 'the same reference twice in a city is refused');
      await store.createProposal(proposal({ city: 'rudny', cycleId: 'rudny-2026', authorHash: 'author-ref', reference: 'ABC-2345' }), null);
      await store.createProposal(proposal({ authorHash: 'author-ref' }), null);
      await store.createProposal(proposal({ authorHash: 'author-ref' }), null);
      const mine = await store.authors.proposalsByAuthor(CITY, 'author-ref');
      assert.equal(mine.length, 3);
      assert.ok(mine.every((p) => p.city === CITY && p.authorHash === 'author-ref'));
      assert.deepEqual(await store.authors.proposalsByAuthor(CITY, 'nobody'), []);

      const tokenHash = uid('th');
      await store.authors.saveSession({ tokenHash, city: CITY, authorHash: 'author-ref', expiresAt: 5_000 });
      assert.deepEqual(await store.authors.getSession(tokenHash), { tokenHash, city: CITY, authorHash: 'author-ref', expiresAt: 5_000 });
      assert.equal(await store.authors.sweepSessions(4_000), 0);
      assert.ok((await store.authors.sweepSessions(6_000)) >= 1);
      assert.equal(await store.authors.getSession(tokenHash), null);
      const other = uid('th');
      await store.authors.saveSession({ tokenHash: other, city: CITY, authorHash: 'author-ref', expiresAt: Date.now() + 60_000 });
      await store.authors.deleteSession(other);
      assert.equal(await store.authors.getSession(other), null);
    });

    test('authors (#13): a resubmission is one transaction — proposal, photos, versions, audit, its answer under the key — under optimistic concurrency', async () => {
      const p = proposal({ status: 'needs_changes' });
      await store.createProposal(p, null);
      const free = photo();
      await store.savePhoto(free, new Uint8Array([1, 2, 3]));
      const before = (await store.versions(CITY)).proposals;
      const next = { ...p, title: 'Benches, fewer', status: 'under_review' as const, photos: [{ id: free.id, width: 10, height: 10 }] };
      const v = (n: number) => ({ city: CITY, proposalId: p.id, n, at: new Date().toISOString(), status: 'submitted' as const, content: JSON.stringify({ n }) });
      const scope = `resubmit:${CITY}:${p.id}`;
      const answered = idem(scope);
      const now = new Date().toISOString();
      assert.deepEqual(await store.claimIdempotency(scope, answered.key, 'h', now, now), { state: 'claimed' });
      assert.equal(await store.authors.resubmit(next, [v(1), v(2)], [free.id], [], audit('proposal.resubmitted'), answered), 'ok');
      assert.deepEqual(await store.claimIdempotency(scope, answered.key, 'h', now, now), { state: 'done', record: answered }, 'the answer replaced the claim');
      assert.ok((await store.versions(CITY)).proposals > before, 'the change counter moved');
      const stored = (await store.getProposal(CITY, p.id))!;
      assert.equal(stored.title, 'Benches, fewer');
      assert.equal(stored.status, 'under_review');
      assert.equal(stored.version, 2);
      assert.equal((await store.getPhotoMeta(CITY, [free.id]))[0]!.proposalId, p.id);
      assert.deepEqual((await store.authors.versions(CITY, p.id)).map((x) => x.n), [1, 2]);
      assert.equal((await store.authors.versionCounts(CITY, [p.id, 'p_none'])).get(p.id), 2);
      assert.equal((await store.listAudit(CITY, null, 1))[0]!.action, 'proposal.resubmitted');

      // A stale version: nothing written.
      const refused = idem(scope);
      assert.equal(await store.authors.resubmit({ ...next, title: 'stale' }, [v(3)], [], [free.id], audit('proposal.resubmitted'), refused), 'conflict');
      assert.equal(await store.getIdempotency(scope, refused.key), null, 'a refused resubmission keeps no answer');
      assert.equal((await store.getProposal(CITY, p.id))!.title, 'Benches, fewer');
      assert.deepEqual((await store.authors.versions(CITY, p.id)).map((x) => x.n), [1, 2]);
      // A photo another proposal holds: refused, and the whole transaction with it.
      const taken = photo();
      await store.savePhoto(taken, new Uint8Array([4]));
      await store.createProposal(proposal({ photos: [{ id: taken.id, width: 10, height: 10 }] }), null);
      assert.equal(await store.authors.resubmit({ ...stored, title: 'with a taken photo' }, [v(3)], [taken.id], [free.id], audit('proposal.resubmitted'), refused), 'photo_unavailable');
      assert.equal(await store.getIdempotency(scope, refused.key), null);
      assert.equal((await store.getProposal(CITY, p.id))!.version, 2);
      assert.deepEqual((await store.authors.versions(CITY, p.id)).map((x) => x.n), [1, 2]);
      // A version number already kept is left as it is.
      assert.equal((await store.getPhotoMeta(CITY, [free.id])).length, 1, 'a refused resubmission removes no photo');
      assert.equal(await store.authors.resubmit({ ...stored }, [{ ...v(2), content: '{"changed":true}' }, v(3)], [], [], audit('proposal.resubmitted'), idem(scope)), 'ok');
      const kept = await store.authors.versions(CITY, p.id);
      assert.deepEqual(kept.map((x) => x.n), [1, 2, 3]);
      assert.equal(kept[1]!.content, JSON.stringify({ n: 2 }));
      // The author took a photo out: it is deleted with the change; another proposal's photo is never touched.
      const now2 = (await store.getProposal(CITY, p.id))!;
      assert.equal(await store.authors.resubmit({ ...now2, photos: [] }, [v(4)], [], [free.id, taken.id], audit('proposal.resubmitted'), idem(scope)), 'ok');
      assert.deepEqual(await store.getPhotoMeta(CITY, [free.id]), []);
      assert.equal(await store.getPhoto(free.id), null);
      assert.equal((await store.getPhotoMeta(CITY, [taken.id])).length, 1, 'a photo of another proposal stays');
    });

    test('authors (#13): consented phones are kept per proposal and deleted per cycle with an audit entry', async () => {
      const at = new Date().toISOString();
      await store.authors.saveContact({ city: CITY, proposalId: 'p_c1', cycleId: 'old-cycle', phoneSealed: 's1.sealed-one', locale: 'kk', createdAt: at });
      await store.authors.saveContact({ city: CITY, proposalId: 'p_c2', cycleId: 'old-cycle', phoneSealed: 's1.sealed-two', locale: 'ru', createdAt: at });
      await store.authors.saveContact({ city: CITY, proposalId: 'p_c3', cycleId: 'new-cycle', phoneSealed: 's1.sealed-three', locale: 'en', createdAt: at });
      assert.deepEqual(await store.authors.getContact(CITY, 'p_c1'), { city: CITY, proposalId: 'p_c1', cycleId: 'old-cycle', phoneSealed: 's1.sealed-one', locale: 'kk', createdAt: at });
      const cycles = await store.authors.contactCycles();
      assert.ok(cycles.some((c) => c.cycleId === 'old-cycle') && cycles.some((c) => c.cycleId === 'new-cycle'));
      assert.equal(await store.authors.deleteContacts(CITY, 'old-cycle', audit('author_phones.deleted_after_cycle')), 2);
      assert.equal(await store.authors.getContact(CITY, 'p_c1'), null);
      assert.notEqual(await store.authors.getContact(CITY, 'p_c3'), null);
      assert.equal((await store.listAudit(CITY, null, 1))[0]!.details.deleted, 2);
      await store.authors.deleteContact(CITY, 'p_c3');
      assert.equal(await store.authors.getContact(CITY, 'p_c3'), null);
    });

    test('ping answers while the database is reachable', async () => {
      assert.equal(await store.ping(), true);
    });
  });
}

describe('two PostgreSQL stores on one database (two instances)', () => {
  let db: TempDatabase;
  let a: PgStore;
  let b: PgStore;
  before(async () => {
    db = await tempDatabase('qala_two');
    // Five instances starting at once migrate once.
    const opened = await Promise.all(Array.from({ length: 5 }, () => PgStore.open(db.url)));
    [a, b] = opened as [PgStore, PgStore];
    for (const s of opened.slice(2)) await s.close();
  });
  after(async () => {
    await a.close();
    await b.close();
    await db.drop();
  });

  test('migrations ran once', async () => {
    const r = await a.pool.query('SELECT version, count(*)::int AS n FROM schema_migrations GROUP BY version ORDER BY version');
    assert.ok(r.rows.length >= 3);
    assert.ok(r.rows.every((x) => x.n === 1));
  });

  test('claims, limits, counters and challenges are shared', async () => {
    const now = new Date().toISOString();
    const old = new Date(Date.now() - 60_000).toISOString();
    assert.equal((await a.claimIdempotency('s', 'k', 'h', now, old)).state, 'claimed');
    assert.equal((await b.claimIdempotency('s', 'k', 'h', now, old)).state, 'running');
    const t = Date.now();
    assert.equal(await a.hitRateLimit('codes:x', 2, 60_000, t), 0);
    assert.equal(await b.hitRateLimit('codes:x', 2, 60_000, t), 0);
    assert.ok((await a.hitRateLimit('codes:x', 2, 60_000, t)) > 0, 'the third hit anywhere is refused');
    await a.setPhaseOverrides(CITY, CYCLE, { voting: { start: now, end: now } }, audit());
    assert.equal((await b.versions(CITY)).phases, 1);
    assert.deepEqual(Object.keys(await b.phaseOverrides(CITY, CYCLE)), ['voting']);
  });

  test('a staff session opened on one instance is seen, and its revocation too, on the other', async () => {
    const p = person({ status: 'active', inviteHash: null });
    await a.staff.createStaff(p, audit('staff.invite'));
    const s = session(p.id);
    assert.equal(await a.staff.openSession(s, { at: '2026-05-02T00:00:00.000Z' }, audit('staff.sign_in')), true);
    assert.equal((await b.staff.getSession(s.tokenHash))!.staff.id, p.id);
    assert.equal(await b.staff.revokeStaff(CITY, p.id, '2026-05-03T00:00:00.000Z', audit('staff.revoke')), true);
    assert.equal(await a.staff.getSession(s.tokenHash), null);
  });

  test('a phone linked to a voter on one instance is refused to another voter on the other, at once or after', async () => {
    const raced = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).identity.linkPhone(CITY, CYCLE, 'ph-two', `v${i}`, 1)));
    assert.equal(raced.filter(Boolean).length, 1);
    const winner = `v${raced.indexOf(true)}`;
    assert.equal(await a.identity.linkPhone(CITY, CYCLE, 'ph-two', winner, 1), true);
    assert.equal(await b.identity.linkPhone(CITY, CYCLE, 'ph-two', 'v-late', 1), false);
  });

  test('a lease taken on one instance is held against the other', async () => {
    const t = Date.now();
    assert.equal(await a.tryLease('count:aksu', 'instance-a', t, 60_000), true);
    assert.equal(await b.tryLease('count:aksu', 'instance-b', t, 60_000), false);
    await a.releaseLease('count:aksu', 'instance-a');
    assert.equal(await b.tryLease('count:aksu', 'instance-b', t, 60_000), true);
  });
});

describe('openStore picks the store from the URL', () => {
  test('paths and sqlite: are SQLite, postgres:// is PostgreSQL, others are refused clearly', async () => {
    assert.deepEqual(storeLocation('data/q.db', {}), { kind: 'sqlite', path: 'data/q.db' });
    assert.deepEqual(storeLocation('sqlite:data/q.db', {}), { kind: 'sqlite', path: 'data/q.db' });
    assert.deepEqual(storeLocation(undefined, { DATABASE_URL: 'postgres://u@h/d' }), { kind: 'postgres', url: 'postgres://u@h/d' });
    assert.deepEqual(storeLocation(undefined, {}), { kind: 'sqlite', path: '.qala/qala.db' });
    assert.throws(() => storeLocation('mysql://x/y', {}), /unknown database URL scheme/);
  });

  test('an unreachable or nameless PostgreSQL is a clear error, without the password', async () => {
    await assert.rejects(openStore('postgres://u:hunter2@127.0.0.1:1/qala', { connectTimeoutMs: 2000 }), (e: Error) => isStoreError(e, 'unusable') && /127\.0\.0\.1:1/.test(e.message) && !e.message.includes('hunter2'));
    await assert.rejects(openStore('postgres://127.0.0.1:5432'), (e: Error) => isStoreError(e, 'unusable') && /names no database/.test(e.message));
  });

  test('a SQLite file held by another store is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qala-lock-'));
    try {
      const first = await openStore(join(dir, 'q.db'));
      assert.throws(() => new SqliteStore(join(dir, 'q.db')), (e: Error) => isStoreError(e, 'locked') && /another process is using/.test(e.message));
      await first.close();
      (await openStore(`sqlite:${join(dir, 'q.db')}`)).close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
