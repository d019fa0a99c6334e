/**
 * Staff sessions across instances (#13): two server apps on one PostgreSQL
 * database, nothing shared between them but the store. A person invited on
 * one signs in on the other; the session works on both; a revocation on one
 * is refused at once on the other; the council's work flows across them.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createApp, type QalaApp } from '../../src/server/app.js';
import { parseConfig } from '../../src/server/config.js';
import { Keys } from '../../src/server/crypto.js';
import { memoryLogger } from '../../src/server/logger.js';
import { sha256Hex, type Secrets } from '../../src/server/secrets.js';
import { seedCity } from '../../src/server/seed.js';
import { PgStore } from '../../src/server/store/postgres.js';
import { AT, call, capturingMail, capturingSms, exampleConfigFile } from '../../src/server/testing.js';
import { tempDatabase, type TempDatabase } from './support/pg.js';

const A = '/admin/cities/aksu';

describe('staff on two instances sharing one PostgreSQL database', () => {
  let db: TempDatabase;
  const stores: PgStore[] = [];
  let one: QalaApp;
  let two: QalaApp;
  const sms = capturingSms();
  const mail = capturingMail();
  const logger = memoryLogger();
  const admin = `qa_${randomBytes(16).toString('hex')}`;
  const now = new Date(AT.aksu.review);

  before(async () => {
    db = await tempDatabase('qala_staff');
    const file = exampleConfigFile();
    for (const c of file.cities) c.identity = { method: 'phone_only' };
    const config = parseConfig(file, 'test');
    const secrets: Secrets = { secret: randomBytes(32), adminTokens: { 'aksu-centre': sha256Hex(admin) } };
    for (let i = 0; i < 2; i++) stores.push(await PgStore.open(db.url));
    const rt = config.cities.get('aksu')!;
    await seedCity(stores[0]!, new Keys(secrets.secret), rt, rt.cycles[0]!, now);
    const apps = stores.map((store) => createApp({ config, store, secrets, clock: () => now, sms, mail, logger }));
    one = apps[0]!;
    two = apps[1]!;
  });
  after(async () => {
    for (const s of stores) await s.close();
    await db.drop();
  });

  it('invite on one, accept and sign in on the other, the session works on both; revoked on one is refused at once on the other', async () => {
    const inv = await call(one, 'POST', `${A}/staff`, { token: admin, body: { name: 'Мадина Жумабаева', organisation: 'Akimat', role: 'expert', contact: 'madina@akimat.kz' } });
    assert.equal(inv.status, 201, inv.text);
    const start = await call(two, 'POST', `${A}/sign-in/invite`, { body: { inviteToken: inv.body.inviteToken } });
    assert.equal(start.status, 201, start.text);
    assert.equal(start.body.channel, 'email');
    const confirm = await call(one, 'POST', `${A}/sign-in/${start.body.challengeId}/confirm`, { body: { code: mail.lastCode(start.body.challengeId) } });
    assert.equal(confirm.status, 200, confirm.text);
    const token = confirm.body.token as string;
    for (const app of [one, two]) assert.equal((await call(app, 'GET', `${A}/proposals`, { token })).status, 200);

    const coordinator = await call(one, 'POST', `${A}/staff`, { token: admin, body: { name: 'Coordinator Two', organisation: 'Project centre', role: 'coordinator', contact: '+77017770011' } });
    const cs = await call(two, 'POST', `${A}/sign-in/invite`, { body: { inviteToken: coordinator.body.inviteToken } });
    const ctoken = (await call(two, 'POST', `${A}/sign-in/${cs.body.challengeId}/confirm`, { body: { code: sms.last(cs.body.challengeId) } })).body.token as string;

    // The council's work across the instances: assigned on one, assessed on the other, summarised on the first.
    const p = (await call(one, 'GET', `${A}/proposals?status=under_review`, { token: ctoken })).body.items[0].id as string;
    assert.equal((await call(two, 'PUT', `${A}/proposals/${p}/assignments/${inv.body.member.id}`, { token: ctoken })).status, 200);
    const assessed = await call(one, 'PUT', `${A}/proposals/${p}/assessment`, { token, body: { scores: { feasibility: 4, land_legal: 4, cost_realism: 3, public_benefit: 5 }, recommendation: 'accept', note: 'ok' } });
    assert.equal(assessed.status, 200, assessed.text);
    const summary = await call(two, 'GET', `${A}/proposals/${p}/assessments`, { token: ctoken });
    assert.deepEqual(summary.body.averages, { feasibility: 4, land_legal: 4, cost_realism: 3, public_benefit: 5 });
    const decided = await call(one, 'POST', `${A}/proposals/${p}/decision`, { token: ctoken, body: { outcome: 'needs_changes', reason: { ru: 'Приложите схему участка.' } } });
    assert.equal(decided.status, 200, decided.text);
    assert.equal((await call(two, 'GET', `/cities/aksu/proposals/${p}`)).body.status, 'needs_changes');

    const revoke = await call(two, 'POST', `${A}/staff/${inv.body.member.id}/revoke`, { token: ctoken });
    assert.equal(revoke.status, 200, revoke.text);
    for (const app of [one, two]) {
      const r = await call(app, 'GET', `${A}/proposals`, { token });
      assert.equal(r.status, 401, 'refused on the very next request, on either instance');
      assert.equal(r.body.code, 'unauthorized');
    }
    const audit = await call(one, 'GET', `${A}/audit`, { token: admin });
    const entry = audit.body.items.find((e: any) => e.action === 'staff.revoke');
    assert.equal(entry.details.by, 'Coordinator Two');
    assert.ok(!audit.text.includes('madina@') && !audit.text.includes('7770011'), 'the audit log holds no staff contact');
    assert.ok(!logger.lines.join('\n').includes('madina@'), 'nor do the logs');
  });
});
