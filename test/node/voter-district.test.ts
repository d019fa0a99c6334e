/**
 * A voter list row may name the resident's district. Where the budget is split
 * into district pools, that resident may choose in the city-wide and category
 * pools and in their own district's pools only: a ballot with picks in another
 * district's pool is refused (403 `district_mismatch`), on either store, on
 * whichever instance the ballot reaches. The district is read from the store
 * when the ballot arrives, so the project centre's correction of a row holds at
 * once. Residents without a listed district vote as before.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ServerConfigFile } from '../../src/contract/config.js';
import { HTTP_STATUS_OF, VoterSession, type Pool } from '../../src/contract/index.js';
import { mayChooseIn, otherDistrictIssues, poolsFor } from '../../src/domain/ballot.js';
import { paperDistrictIssue } from '../../src/domain/paper.js';
import { createApp, type QalaApp } from '../../src/server/app.js';
import { demoPng } from '../../src/server/seed.js';
import { PgStore } from '../../src/server/store/postgres.js';
import { AT, adultIins, call, newKey, testServer, verify, type TestServer } from '../../src/server/testing.js';
import { tempDatabase, type TempDatabase } from './support/pg.js';

const CITY = 'aksu';
const CYCLE = 'aksu-2026';

/** Aksu with a city-wide pool and one pool for each of its two districts (`town`, `villages`); a ballot may be changed until voting closes. */
function districtPools(file: ServerConfigFile): void {
  const cycle = file.cities.find((c) => c.slug === CITY)!.cycles.at(-1)!;
  const city = cycle.pools[0]!;
  cycle.pools = [
    city,
    { id: 'town-pool', name: { kk: 'Қала', ru: 'Город', en: 'Town' }, budget: 40_000_000, scope: { kind: 'district', districts: ['town'] } },
    { id: 'villages-pool', name: { kk: 'Ауылдар', ru: 'Сёла', en: 'Villages' }, budget: 20_000_000, scope: { kind: 'district', districts: ['villages'] } },
  ];
  cycle.revote = 'until_close';
}

interface Instances {
  t: TestServer;
  /** Two server instances sharing one store. */
  one: QalaApp;
  two: QalaApp;
}

const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n');

/** Proposals in each pool, placed on the ballot during review; returns project ids by pool. */
async function ballotWithDistrictPools(s: Instances): Promise<Record<'city' | 'town' | 'villages', string>> {
  const { t, one } = s;
  t.setNow(AT.aksu.submission);
  const ids: Partial<Record<'city' | 'town' | 'villages', string>> = {};
  for (const [key, district] of [['city', undefined], ['town', 'town'], ['villages', 'villages']] as const) {
    const photo = await call(one, 'POST', `/cities/${CITY}/photos?name=p.png`, { raw: demoPng(8, 8, [10, 20, 30]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' });
    const p = await call(one, 'POST', `/cities/${CITY}/proposals`, {
      key: newKey(),
      body: { title: `Скамейки и фонари: ${key}`, description: 'Подробное описание предложения для проверки.', category: 'improvement', ...(district ? { district } : {}), address: 'ул. Ленина, 1', estimatedCost: 1_000_000, photos: [photo.body.id], authorName: 'Автор', phone: '+77015550000', consent: true },
    });
    assert.equal(p.status, 201, p.text);
    ids[key] = p.body.id;
  }
  t.setNow(AT.aksu.review);
  for (const [key, poolId] of [['city', 'city'], ['town', 'town-pool'], ['villages', 'villages-pool']] as const) {
    const placed = await call(one, 'POST', `/admin/cities/${CITY}/proposals/${ids[key]}/ballot`, { token: t.adminTokens['aksu-centre'], body: { poolId } });
    assert.equal(placed.status, 200, placed.text);
  }
  return ids as Record<'city' | 'town' | 'villages', string>;
}

async function voterToken(t: TestServer, app: QalaApp, iin: string): Promise<VoterSession> {
  const start = await call(app, 'POST', `/cities/${CITY}/verification`, { body: { cycleId: CYCLE, iin } });
  assert.equal(start.status, 201, start.text);
  const ok = await call(app, 'POST', `/cities/${CITY}/verification/${start.body.challengeId}/confirm`, { body: { code: t.sms.last(start.body.challengeId) } });
  assert.equal(ok.status, 200, ok.text);
  return VoterSession.parse(ok.body);
}

const cast = (app: QalaApp, token: string, choices: { poolId: string; picks: string[] }[]) =>
  call(app, 'POST', `/cities/${CITY}/ballots`, { token, key: newKey(), body: { cycleId: CYCLE, choices: choices.map((c) => ({ poolId: c.poolId, picks: c.picks.map((projectId) => ({ projectId })) })) } });

function refusedForDistrict(r: Awaited<ReturnType<typeof call>>, what: string, poolIndexes: number[]): void {
  assert.equal(r.status, 403, `${what}: ${r.text}`);
  assert.equal(r.body.code, 'district_mismatch', what);
  assert.equal(typeof r.body.message, 'string');
  assert.deepEqual(r.body.details.issues, poolIndexes.map((i) => ({ path: ['choices', i, 'poolId'], message: 'ballot.pool_other_district' })), what);
}

/** The same story on a store: listed voters of each district, one listed without a district. */
async function districtStory(s: Instances): Promise<void> {
  const { t, one, two } = s;
  const ids = await ballotWithDistrictPools(s);
  const [townVoter, villageVoter, noDistrict] = adultIins(3, 900);
  const list = await call(one, 'PUT', `/admin/cities/${CITY}/voter-list`, {
    token: t.adminTokens['aksu-centre'],
    raw: csv([[townVoter!, '+77011110001', 'town'], [villageVoter!, '+77011110002', 'Villages'], [noDistrict!, '+77011110003']]),
    contentType: 'text/csv',
  });
  assert.equal(list.status, 200, list.text);
  t.setNow(AT.aksu.voting);

  // The session says the district the voter list gives, and only then.
  const town = await voterToken(t, one, townVoter!);
  assert.equal(town.district, 'town');
  const none = await voterToken(t, two, noDistrict!);
  assert.equal(none.district, undefined, 'no district on the row, none in the session');

  // Another district's pool: refused, alone or beside allowed picks; nothing is stored.
  refusedForDistrict(await cast(one, town.token, [{ poolId: 'villages-pool', picks: [ids.villages] }]), 'the other district alone', [0]);
  refusedForDistrict(
    await cast(two, town.token, [{ poolId: 'city', picks: [ids.city] }, { poolId: 'town-pool', picks: [ids.town] }, { poolId: 'villages-pool', picks: [ids.villages] }]),
    'the other district beside the own',
    [2],
  );
  assert.equal(await t.app.qala.core.store.currentBallot(CITY, CYCLE, t.app.qala.core.keys.voterHash(CITY, townVoter!)), null, 'no ballot was stored');
  // The city-wide pool and the own district's: accepted; an empty choice in another district's pool is an abstention, not a pick.
  const ok = await cast(two, town.token, [{ poolId: 'city', picks: [ids.city] }, { poolId: 'town-pool', picks: [ids.town] }, { poolId: 'villages-pool', picks: [] }]);
  assert.equal(ok.status, 201, ok.text);

  // The villages' voter, verified on one instance, casting on the other.
  const village = await voterToken(t, one, villageVoter!);
  assert.equal(village.district, 'villages', 'the district as the city names it, whatever the case in the file');
  refusedForDistrict(await cast(two, village.token, [{ poolId: 'town-pool', picks: [ids.town] }]), 'the town pool for a villager', [0]);
  assert.equal((await cast(two, village.token, [{ poolId: 'villages-pool', picks: [ids.villages] }])).status, 201);

  // Without a district on the row: every pool, as before.
  const free = await cast(one, none.token, [{ poolId: 'town-pool', picks: [ids.town] }, { poolId: 'villages-pool', picks: [ids.villages] }]);
  assert.equal(free.status, 201, free.text);

  // The project centre corrects a row during voting: the next ballot of that voter follows the list, with the token they hold.
  const moved = await call(two, 'POST', `/admin/cities/${CITY}/voter-list`, { token: t.adminTokens['aksu-centre'], raw: csv([[townVoter!, '+77011110001', 'villages']]), contentType: 'text/csv' });
  assert.equal(moved.status, 200, moved.text);
  refusedForDistrict(await cast(one, town.token, [{ poolId: 'town-pool', picks: [ids.town] }]), 'the old district after the correction', [0]);
  assert.equal((await cast(one, town.token, [{ poolId: 'villages-pool', picks: [ids.villages] }])).status, 201);

  // Paper ballots: a batch names the district whose papers it holds; a paper marked in another district's pool is refused, as online.
  const paper = (app: QalaApp, body: Record<string, unknown>) =>
    call(app, 'POST', `/admin/cities/${CITY}/paper-ballots`, { token: t.adminTokens['aksu-centre'], key: newKey(), body: { cycleId: CYCLE, desk: 'Библиотека № 1', ...body } });
  const papers = (...marked: (keyof typeof ids)[][]) =>
    marked.map((keys) => ({ choices: keys.map((k) => ({ poolId: k === 'city' ? 'city' : `${k}-pool`, picks: [{ projectId: ids[k] }] })) }));
  const counted = async () => (await t.app.qala.core.store.countedBallots(CITY, CYCLE)).filter((b) => b.channel === 'paper').length;
  const unnamed = await paper(one, { ballots: papers(['city']) });
  assert.equal(unnamed.status, 400, unnamed.text);
  assert.deepEqual([unnamed.body.code, unnamed.body.details.issues], ['validation_failed', [{ path: ['district'], message: 'paper.district_required' }]]);
  const unknown = await paper(two, { district: 'nowhere', ballots: papers(['city']) });
  assert.deepEqual([unknown.status, unknown.body.details.issues], [400, [{ path: ['district'], message: 'district.unknown' }]]);
  const elsewhere = await paper(one, { district: 'town', ballots: papers(['city', 'town'], ['city', 'villages']) });
  assert.equal(elsewhere.status, 422, elsewhere.text);
  assert.deepEqual([elsewhere.body.code, elsewhere.body.details.issues], ['ballot_invalid', [{ path: ['ballots', 1, 'choices', 1, 'poolId'], message: 'ballot.pool_other_district' }]]);
  assert.equal(await counted(), 0, 'a refused batch enters nothing');
  const entered = await paper(two, { district: 'town', ballots: papers(['city', 'town'], ['town']) });
  assert.equal(entered.status, 201, entered.text);
  assert.equal(entered.body.receipts.length, 2);
  assert.equal(await counted(), 2);
  const audit = (await call(one, 'GET', `/admin/cities/${CITY}/audit`, { token: t.adminTokens['aksu-centre'] })).body.items.find((e: { action: string }) => e.action === 'ballots.paper');
  assert.deepEqual(audit.details, { desk: 'Библиотека № 1', district: 'town', count: 2 });
}

describe('a listed district limits the district pools a voter may choose in', () => {
  test('SQLite: two instances on one database file', async () => {
    const t = testServer({ now: AT.aksu.review, identity: 'example', edit: districtPools });
    const two = createApp({ config: t.config, store: t.store, secrets: t.secrets, clock: () => t.now(), sms: t.sms, logger: t.logger });
    try {
      await districtStory({ t, one: t.app, two });
    } finally {
      t.close();
    }
  });

  describe('PostgreSQL: two instances on one database', () => {
    let db: TempDatabase;
    const stores: PgStore[] = [];
    before(async () => {
      db = await tempDatabase('qala_district');
    });
    after(async () => {
      for (const s of stores) await s.close();
      await db.drop();
    });

    test('the same story', async () => {
      // The test server gives the config, secrets, clock and SMS; the instances run on PostgreSQL.
      const t = testServer({ now: AT.aksu.review, identity: 'example', edit: districtPools });
      try {
        for (let i = 0; i < 2; i++) stores.push(await PgStore.open(db.url));
        const [one, two] = stores.map((store) => createApp({ config: t.config, store, secrets: t.secrets, clock: () => t.now(), sms: t.sms, logger: t.logger }));
        await districtStory({ t: { ...t, app: one! }, one: one!, two: two! });
      } finally {
        t.close();
      }
    });
  });

  test('a city without a voter list (phone only): every district pool, as before', async () => {
    const t = testServer({ now: AT.aksu.review, edit: districtPools });
    try {
      const ids = await ballotWithDistrictPools({ t, one: t.app, two: t.app });
      t.setNow(AT.aksu.voting);
      const [iin] = adultIins(1, 950);
      const { token, session } = await verify(t, CITY, iin!, '+77011110009');
      assert.equal(session.district, undefined);
      const r = await cast(t.app, token, [{ poolId: 'town-pool', picks: [ids.town] }, { poolId: 'villages-pool', picks: [ids.villages] }]);
      assert.equal(r.status, 201, r.text);
    } finally {
      t.close();
    }
  });
});

test('the rule itself (domain, shared by the server, the mock and the widget)', () => {
  const name = { kk: 'x', ru: 'x', en: 'x' };
  const pools: Pool[] = [
    { id: 'city', name, budget: 1, scope: { kind: 'city' } },
    { id: 'sport', name, budget: 1, scope: { kind: 'category', categories: ['sport'] } },
    { id: 'north', name, budget: 1, scope: { kind: 'district', districts: ['n1', 'n2'] } },
    { id: 'south', name, budget: 1, scope: { kind: 'district', districts: ['s1'] } },
  ];
  assert.deepEqual(poolsFor(pools, null).map((p) => p.id), ['city', 'sport', 'north', 'south'], 'no district known: every pool');
  assert.deepEqual(poolsFor(pools, 'n2').map((p) => p.id), ['city', 'sport', 'north'], 'a pool of several districts is open to each');
  assert.deepEqual(poolsFor(pools, 'nowhere').map((p) => p.id), ['city', 'sport'], 'a district without a pool of its own: the shared pools only');
  assert.equal(mayChooseIn(pools[3]!, 's1'), true);
  const pick = (poolId: string, n = 1) => ({ poolId, picks: Array.from({ length: n }, (_, i) => ({ projectId: `${poolId}-${i}` })) });
  assert.deepEqual(otherDistrictIssues(pools, 's1', { choices: [pick('city'), pick('north'), pick('south'), pick('north', 0), pick('unknown')] }), [{ path: ['choices', 1, 'poolId'], message: 'ballot.pool_other_district' }]);
  assert.deepEqual(otherDistrictIssues(pools, null, { choices: [pick('north'), pick('south')] }), []);
  assert.equal(HTTP_STATUS_OF.district_mismatch, 403);
  // A batch of paper ballots names its district where some pool is a district's, and only one of the city's.
  const districts = ['n1', 'n2', 's1'];
  assert.deepEqual(paperDistrictIssue(pools, districts, undefined), { path: ['district'], message: 'paper.district_required' });
  assert.deepEqual(paperDistrictIssue(pools, districts, 'elsewhere'), { path: ['district'], message: 'district.unknown' });
  assert.equal(paperDistrictIssue(pools, districts, 'n2'), null);
  assert.equal(paperDistrictIssue(pools.slice(0, 2), districts, undefined), null, 'no district pools: no district needed');
  assert.deepEqual(paperDistrictIssue(pools.slice(0, 2), districts, 'elsewhere'), { path: ['district'], message: 'district.unknown' });
});

test('the OpenAPI document says the session’s district and the refusal', async () => {
  const t = testServer();
  try {
    const doc = (await call(t.app, 'GET', '/openapi.json')).body;
    assert.ok(doc.components.schemas.VoterSession.properties.district, 'VoterSession.district');
    assert.ok(!doc.components.schemas.VoterSession.required.includes('district'), 'optional');
    assert.match(doc.paths['/cities/{city}/ballots'].post.description, /403 `district_mismatch`/);
    assert.match(doc.paths['/cities/{city}/verification/{id}/confirm'].post.description, /`district`/);
    assert.match(doc.components.responses.Error.description, /district_mismatch/);
  } finally {
    t.close();
  }
});
