/**
 * A cancelled project must not read "in progress" (#11): when the project
 * centre gives a funded project up (the implementation record's final word),
 * the proposal becomes `cancelled` with the public reason in its history, in
 * each language; the status is set only that way and only from `winner` or
 * `in_progress`; a cancelled proposal stays cancelled; the count it won is
 * not changed; and both stores keep the status.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AdminProposal, ApiError, AuditPage, ImplementationRecord, Proposal, ProjectProgressDetail, Results, noteIn } from '../../src/contract/index.js';
import type { ServerConfigFile } from '../../src/contract/config.js';
import { PgStore } from '../../src/server/store/postgres.js';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import type { ProposalRecord, Store } from '../../src/server/store/types.js';
import { call, testServer, type TestServer } from '../../src/server/testing.js';
import { tempDatabase, type TempDatabase } from './support/pg.js';
import { assertError, fundedProject, withLastYear } from './support/implementation.js';

const project = (over: Partial<ProposalRecord> = {}) => fundedProject('pc', { estimatedCost: 4_200_000, finalCost: 4_200_000, ...over });




const REASON = { kk: 'Көшеде жылу желісі ауыстырылады.', ru: 'На улице меняют теплосеть.', en: 'The heating main is being replaced.' };

describe('a cancelled project reads "cancelled" (#11)', () => {
  let t: TestServer;
  const token = () => t.adminTokens['aksu-centre']!;
  const winner = project();
  const building = project({ status: 'in_progress', history: [...project().history, { status: 'in_progress', at: '2026-03-01T00:00:00.000Z' }] });
  const built = project({ status: 'implemented' });
  const long = project();
  // Funded by the council against the count (it costs more than the whole pool), with the reason.
  const reserve = project({ estimatedCost: 150_000_000, finalCost: 150_000_000, history: [{ status: 'submitted', at: '2025-05-01T00:00:00.000Z' }, { status: 'winner', at: '2025-10-02T00:00:00.000Z', note: 'Из резерва акимата.' }] });

  before(async () => {
    t = testServer({ now: '2026-07-01T10:00:00+05:00', edit: withLastYear });
    for (const p of [winner, building, built, long, reserve]) await t.store.createProposal(p, null);
  });
  after(() => t.close());

  const admin = (method: string, path: string, body?: unknown) => call(t.app, method, `/admin/cities/aksu${path}`, { token: token(), ...(body === undefined ? {} : { body }) });
  const proposalOf = async (id: string) => AdminProposal.parse((await admin('GET', `/proposals/${id}`)).body);
  const finish = (id: string, reason: unknown = REASON) => admin('POST', `/implementation/${id}/finish`, { outcome: 'cancelled', reason });
  const fundedIn = async () => {
    const r = Results.parse((await call(t.app, 'GET', '/cities/aksu/results?cycle=aksu-2025')).body);
    return r.pools.flatMap((pool) => pool.projects.map((x) => `${x.projectId}:${x.funded}`)).sort();
  };

  test('cancelling a winner makes the proposal cancelled, the reason public in every language, audited', async () => {
    const countBefore = await fundedIn();
    const r = await finish(winner.id);
    assert.equal(r.status, 200, r.text);
    assert.equal(ImplementationRecord.parse(r.body).state, 'cancelled');

    const p = await proposalOf(winner.id);
    assert.equal(p.status, 'cancelled');
    const last = p.history.at(-1)!;
    assert.equal(last.status, 'cancelled');
    assert.deepEqual(last.notes, REASON);
    for (const lang of ['kk', 'ru', 'en'] as const) assert.equal(noteIn(lang, last.note, last.notes), REASON[lang], `the ${lang} reader gets the ${lang} words`);
    assert.equal(noteIn('ru', p.reviewNote, p.reviewNotes), REASON.ru, 'the latest public note is the reason');

    const pub = await call(t.app, 'GET', `/cities/aksu/proposals/${winner.id}`);
    assert.equal(pub.status, 200, pub.text);
    const publicProposal = Proposal.parse(pub.body);
    assert.equal(publicProposal.status, 'cancelled', 'residents read "cancelled", not "winner"');
    assert.equal(publicProposal.history.at(-1)!.notes?.kk, REASON.kk);

    const progress = ProjectProgressDetail.parse((await call(t.app, 'GET', `/cities/aksu/progress/${winner.id}`)).body);
    assert.equal(progress.state, 'cancelled', 'the progress page still shows it, with its reason');
    assert.equal(progress.cancelReason?.ru, REASON.ru);

    const audit = AuditPage.parse((await admin('GET', '/audit')).body);
    const status = audit.items.find((x) => x.action === 'proposal.status' && x.target === winner.id);
    assert.ok(status, 'the status change has its audit entry');
    assert.equal((status!.details as { request: { status: string } }).request.status, 'cancelled');
    assert.ok(audit.items.some((x) => x.action === 'implementation.finish' && x.target === winner.id));

    assert.deepEqual(await fundedIn(), countBefore, 'the count it won is the same: a cancelled project stays in its pool');
  });

  test('a project being built can be cancelled too', async () => {
    const r = await finish(building.id, { kk: REASON.kk, ru: REASON.ru });
    assert.equal(r.status, 200, r.text);
    const p = await proposalOf(building.id);
    assert.equal(p.status, 'cancelled');
    assert.equal(p.history.at(-1)!.note, `${REASON.kk}\n\n${REASON.ru}`, 'the joined note has the languages given');
    assert.equal(noteIn('en', p.history.at(-1)!.note, p.history.at(-1)!.notes), `${REASON.kk}\n\n${REASON.ru}`, 'no English words: an English reader gets both');
  });

  test('a project the council funded against the count keeps that decision in the results once cancelled', async () => {
    const decision = async () => Results.parse((await call(t.app, 'GET', '/cities/aksu/results?cycle=aksu-2025')).body).pools.flatMap((p) => p.projects).find((x) => x.projectId === reserve.id)!.decision;
    assert.equal((await decision())?.funded, true, 'before');
    assert.equal((await finish(reserve.id)).status, 200);
    const after = await decision();
    assert.equal(after?.funded, true, 'after: still the council’s decision to fund it');
    assert.equal(after?.note, 'Из резерва акимата.');
  });

  test('refused otherwise, with { code, message }, and nothing written', async () => {
    // Only through the record's final word: the status form cannot set it.
    assertError(await admin('POST', `/proposals/${long.id}/status`, { status: 'cancelled', note: 'Нет' }), 400, 'validation_failed', 'status.use_action');
    assert.equal((await proposalOf(long.id)).status, 'winner');
    // Once cancelled, a cancelled proposal stays so.
    for (const status of ['winner', 'in_progress', 'implemented', 'rejected'])
      assertError(await admin('POST', `/proposals/${winner.id}/status`, { status, note: 'Решение совета.' }), 409, 'conflict');
    assert.equal((await proposalOf(winner.id)).status, 'cancelled');
    // A project already built is not given up: neither the record nor the proposal changes.
    assertError(await finish(built.id), 409, 'conflict');
    assert.equal((await proposalOf(built.id)).status, 'implemented');
    assert.equal(ImplementationRecord.parse((await admin('GET', `/implementation/${built.id}`)).body).state, 'not_started');
    // A reason longer than a public note can carry, all languages together.
    const words = 'Ұзақ себеп. '.repeat(70);
    assertError(await finish(long.id, { kk: words, ru: words, en: words }), 400, 'validation_failed', 'text.too_long');
    assert.equal((await proposalOf(long.id)).status, 'winner');
    assert.equal(ImplementationRecord.parse((await admin('GET', `/implementation/${long.id}`)).body).state, 'not_started');
    // Finished once is finished.
    assertError(await finish(winner.id), 409, 'conflict');
  });
});

describe('both stores keep the cancelled status (#11)', () => {
  let db: TempDatabase;
  let dir: string;
  const stores: [string, () => Promise<Store>][] = [];
  const opened: Store[] = [];

  before(async () => {
    db = await tempDatabase('qala_cancel');
    dir = mkdtempSync(join(tmpdir(), 'qala-cancel-'));
    stores.push(['SQLite', async () => new SqliteStore(join(dir, 'qala.db'))], ['PostgreSQL', () => PgStore.open(db.url)]);
  });
  after(async () => {
    for (const s of opened) await s.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a winner written as cancelled is read back cancelled, and so is one created so', async () => {
    for (const [name, open] of stores) {
      const store = await open();
      opened.push(store);
      const p = project({ id: `store-${name}` });
      await store.createProposal(p, null);
      const at = '2026-07-01T05:00:00.000Z';
      const ok = await store.updateProposals(
        [{ ...p, status: 'cancelled', history: [...p.history, { status: 'cancelled', at, note: REASON.ru, notes: { ru: REASON.ru } }], updatedAt: at }],
        { at, city: 'aksu', actor: 'test', action: 'proposal.status', target: p.id, details: {} },
      );
      assert.ok(ok, `${name}: written`);
      const back = await store.getProposal('aksu', p.id);
      assert.equal(back?.status, 'cancelled', name);
      assert.deepEqual(back?.history.at(-1)?.notes, { ru: REASON.ru }, name);
      const created = project({ id: `store-${name}-2`, status: 'cancelled' });
      await store.createProposal(created, null);
      assert.equal((await store.listProposals('aksu', 'aksu-2025')).find((x) => x.id === created.id)?.status, 'cancelled', name);
    }
  });
});
