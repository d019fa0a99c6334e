/**
 * A proposal shown to the project centre carries the votes of its own cycle:
 * while this year's vote runs, last year's winners (built now, opened from
 * the implementation records) keep the figures they were counted with, not
 * this year's (where they have none). On both stores.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AdminProposal, AdminProposalPage, Results } from '../../src/contract/index.js';
import { createApp, type QalaApp } from '../../src/server/app.js';
import { PgStore } from '../../src/server/store/postgres.js';
import type { BallotRecord, Store } from '../../src/server/store/types.js';
import { AT, call, testServer, type TestServer } from '../../src/server/testing.js';
import { tempDatabase, type TempDatabase } from './support/pg.js';
import { fundedProject, withLastYear } from './support/implementation.js';

const A = '/admin/cities/aksu';

/** Paper ballots for `picks` in the city pool of `cycleId`, one ballot per pick list. */
async function ballots(store: Store, cycleId: string, picks: string[][]): Promise<void> {
  const at = new Date(AT.aksu.voting).toISOString();
  const records: BallotRecord[] = picks.map((ids, i) => ({
    city: 'aksu',
    cycleId,
    voterHash: null,
    receiptCode: `${cycleId}-R${i}`,
    channel: 'paper',
    castAt: at,
    replacedAt: null,
    choices: [{ poolId: 'city', picks: ids.map((projectId) => ({ projectId })) }],
  }));
  await store.castPaperBallots(records, { scope: 'test', key: `paper-${cycleId}`, requestHash: 'h', status: 201, body: '{}', createdAt: at }, { at, city: 'aksu', actor: 'test', action: 'ballots.paper', target: null, details: {} });
}

/** Last year's winner counted 3 votes (this year's ballots never name it); this year's project has 2 so far. */
async function ownCycleStory(t: TestServer, app: QalaApp, store: Store) {
  const token = t.adminTokens['aksu-centre']!;
  const lastYear = fundedProject('own-cycle');
  const thisYear = fundedProject('own-cycle', { cycleId: 'aksu-2026', status: 'on_ballot', history: [{ status: 'on_ballot', at: '2026-08-01T00:00:00.000Z' }] });
  for (const p of [lastYear, thisYear]) await store.createProposal(p, null);
  await ballots(store, 'aksu-2025', [[lastYear.id], [lastYear.id], [lastYear.id]]);
  await ballots(store, 'aksu-2026', [[thisYear.id], [thisYear.id]]);

  const published = Results.parse((await call(app, 'GET', '/cities/aksu/results?cycle=aksu-2025')).body);
  const counted = published.pools.flatMap((pool) => pool.projects).find((x) => x.projectId === lastYear.id)!;
  assert.equal(counted.votes, 3, 'the published count of last year');

  const last = await call(app, 'GET', `${A}/proposals/${lastYear.id}`, { token });
  assert.equal(last.status, 200, last.text);
  assert.equal(AdminProposal.parse(last.body).votes, 3, 'last year’s winner shows last year’s votes, as counted');

  const current = await call(app, 'GET', `${A}/proposals/${thisYear.id}`, { token });
  assert.equal(AdminProposal.parse(current.body).votes, 2, 'this year’s project shows this year’s votes');
  const list = AdminProposalPage.parse((await call(app, 'GET', `${A}/proposals?status=on_ballot`, { token })).body);
  assert.equal(list.items.find((p) => p.id === thisYear.id)?.votes, 2, 'and so does the list (this year’s proposals)');

  // An action on last year's project answers with the same figures.
  const moved = await call(app, 'POST', `${A}/proposals/${lastYear.id}/status`, { token, body: { status: 'in_progress' } });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(AdminProposal.parse(moved.body).votes, 3);
}

describe('the project centre sees a proposal’s votes of its own cycle', () => {
  test('SQLite', async () => {
    const t = testServer({ now: AT.aksu.voting, edit: withLastYear });
    try {
      await ownCycleStory(t, t.app, t.store);
    } finally {
      t.close();
    }
  });

  describe('PostgreSQL', () => {
    let db: TempDatabase;
    let store: PgStore | undefined;
    before(async () => {
      db = await tempDatabase('qala_own_cycle');
    });
    after(async () => {
      await store?.close();
      await db.drop();
    });

    test('the same', async () => {
      // The test server gives the config, secrets and clock; the app runs on PostgreSQL.
      const t = testServer({ now: AT.aksu.voting, edit: withLastYear });
      try {
        store = await PgStore.open(db.url);
        const app = createApp({ config: t.config, store, secrets: t.secrets, clock: () => t.now(), sms: t.sms, logger: t.logger });
        await ownCycleStory(t, app, store);
      } finally {
        t.close();
      }
    });
  });
});
