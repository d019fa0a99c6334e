/**
 * Named staff and the expert council (#13, items 1 and 2) on the real server
 * app: invitations, sign-in by code (SMS and e-mail), sessions, revocation,
 * roles, assignments, assessments, conflicts, the summary and the decision.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Proposal, noteIn } from '../../src/contract/index.js';
import { Keys } from '../../src/server/crypto.js';
import { DEMO_STAFF, demoConfig, seedAll, seedCity } from '../../src/server/seed.js';
import { STAFF_IDLE_MS, STAFF_SESSION_MS } from '../../src/server/services/staff.js';
import { AT, call, testServer, type TestServer } from '../../src/server/testing.js';

const CITY = 'aksu';
const A = `/admin/cities/${CITY}`;

/** Invites a person as the config coordinator, accepts the invitation by the code sent, returns their session token. */
export async function inviteAndSignIn(t: TestServer, admin: string, who: { name: string; role: 'coordinator' | 'expert'; contact: string; organisation?: string }) {
  const inv = await call(t.app, 'POST', `${A}/staff`, { token: admin, body: { name: who.name, organisation: who.organisation ?? 'Akimat of Aksu', role: who.role, contact: who.contact } });
  assert.equal(inv.status, 201, inv.text);
  const start = await call(t.app, 'POST', `${A}/sign-in/invite`, { body: { inviteToken: inv.body.inviteToken } });
  assert.equal(start.status, 201, start.text);
  // Where the code went, as the centre lists the person (`…22`, `d…@akimat.kz`): the invited person knows where to look.
  assert.equal(start.body.contactHint, inv.body.member.contactHint);
  assert.match(start.body.contactHint, /^(…\d\d|.…@.+)$/);
  const code = start.body.channel === 'email' ? t.mail.lastCode(start.body.challengeId) : t.sms.last(start.body.challengeId);
  const done = await call(t.app, 'POST', `${A}/sign-in/${start.body.challengeId}/confirm`, { body: { code } });
  assert.equal(done.status, 200, done.text);
  return { id: inv.body.member.id as string, token: done.body.token as string, invitation: inv.body };
}

describe('staff accounts and the expert council', () => {
  let t: TestServer;
  let admin: string;
  let proposals: { id: string; status: string }[];
  let coordinator: { id: string; token: string };
  let expertA: { id: string; token: string };
  let expertB: { id: string; token: string };
  let expertC: { id: string; token: string };

  before(async () => {
    t = testServer({ now: AT.aksu.review });
    admin = t.adminTokens['aksu-centre']!;
    const rt = t.config.cities.get(CITY)!;
    await seedCity(t.store, new Keys(t.secrets.secret), rt, rt.cycles[0]!, t.now());
    // The demo's ballot projects go back to review, so the council has work.
    const onBallot = (await call(t.app, 'GET', `${A}/proposals?status=on_ballot`, { token: admin })).body.items.slice(0, 3);
    for (const p of onBallot) assert.equal((await call(t.app, 'POST', `${A}/proposals/${p.id}/status`, { token: admin, body: { status: 'under_review' } })).status, 200);
    const list = await call(t.app, 'GET', `${A}/proposals?status=under_review&status=submitted`, { token: admin });
    proposals = list.body.items;
    assert.ok(proposals.length >= 3, 'the demo has proposals under review');
    coordinator = await inviteAndSignIn(t, admin, { name: 'Айгерим Нурланова', role: 'coordinator', contact: '+7 701 555 00 11' });
    expertA = await inviteAndSignIn(t, coordinator.token, { name: 'Дамир Сейткали', role: 'expert', contact: '+77015550022', organisation: 'Aksu Ferroalloy Plant' });
    expertB = await inviteAndSignIn(t, coordinator.token, { name: 'Ольга Ким', role: 'expert', contact: 'Olga.Kim@Example.kz', organisation: 'Public council' });
    expertC = await inviteAndSignIn(t, coordinator.token, { name: 'Ерлан Ахметов', role: 'expert', contact: '+77015550044' });
  });
  after(() => t.close());

  it('an invited person accepts by a code and becomes active; their session says who they are', async () => {
    const me = await call(t.app, 'GET', `${A}/me`, { token: expertB.token });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.kind, 'staff');
    assert.equal(me.body.role, 'expert');
    assert.equal(me.body.name, 'Ольга Ким');
    assert.equal(me.body.actor, `staff:${expertB.id}`);
    const member = await call(t.app, 'GET', `${A}/staff/${expertB.id}`, { token: coordinator.token });
    assert.equal(member.body.status, 'active');
    assert.equal(member.body.contactKind, 'email');
    assert.equal(member.body.contactHint, 'o…@example.kz');
    // The e-mail went through the mail provider, to the normalised address.
    assert.ok(t.mail.sent.some((m) => m.to === 'olga.kim@example.kz'));
    const whoami = await call(t.app, 'GET', '/admin/whoami', { token: expertB.token });
    assert.deepEqual(whoami.body, { id: expertB.id, name: 'Ольга Ким', cities: [CITY] });
  });

  it('an invitation works once; a used or unknown one is refused', async () => {
    const inv = await call(t.app, 'POST', `${A}/staff`, { token: admin, body: { name: 'Once Only', organisation: 'Funder', role: 'expert', contact: '+77015550099' } });
    const start = await call(t.app, 'POST', `${A}/sign-in/invite`, { body: { inviteToken: inv.body.inviteToken } });
    const ok = await call(t.app, 'POST', `${A}/sign-in/${start.body.challengeId}/confirm`, { body: { code: t.sms.last(start.body.challengeId) } });
    assert.equal(ok.status, 200);
    const again = await call(t.app, 'POST', `${A}/sign-in/invite`, { body: { inviteToken: inv.body.inviteToken } });
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'not_found');
    const forged = await call(t.app, 'POST', `${A}/sign-in/invite`, { body: { inviteToken: 'inv1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    assert.equal(forged.status, 404);
  });

  it('an invitation expires', async () => {
    const inv = await call(t.app, 'POST', `${A}/staff`, { token: admin, body: { name: 'Late Comer', organisation: 'Funder', role: 'expert', contact: '+77015550098' } });
    t.setNow(new Date(t.now().getTime() + 8 * 24 * 3600_000).toISOString());
    try {
      const late = await call(t.app, 'POST', `${A}/sign-in/invite`, { body: { inviteToken: inv.body.inviteToken } });
      assert.equal(late.status, 410);
      assert.equal(late.body.code, 'code_expired');
    } finally {
      t.setNow(AT.aksu.review);
    }
    const re = await call(t.app, 'POST', `${A}/staff/${inv.body.member.id}/reinvite`, { token: admin });
    assert.equal(re.status, 200);
    assert.notEqual(re.body.inviteToken, inv.body.inviteToken);
    assert.match(re.body.inviteUrl, /\/centre\/\?city=aksu#invite=inv1\./, 'the link names the city, so the invited person need not type it');
  });

  it('an active person signs in again by a code; an unknown contact gets the same answer and no code', async () => {
    const before = t.sms.sent.length;
    const known = await call(t.app, 'POST', `${A}/sign-in`, { body: { contact: '8 701 555 00 22' } });
    assert.equal(known.status, 201);
    assert.equal(t.sms.sent.length, before + 1);
    const unknown = await call(t.app, 'POST', `${A}/sign-in`, { body: { contact: '+77019999999' } });
    assert.equal(unknown.status, 201);
    assert.deepEqual(Object.keys(unknown.body).sort(), Object.keys(known.body).sort());
    assert.equal(known.body.contactHint, undefined, 'a sign-in by contact names no contact (an invitation does)');
    assert.equal(unknown.body.channel, 'sms');
    assert.equal(t.sms.sent.length, before + 1, 'nothing is sent to a contact the city does not know');
    const guess = await call(t.app, 'POST', `${A}/sign-in/${unknown.body.challengeId}/confirm`, { body: { code: '123456' } });
    assert.equal(guess.status, 422);
    assert.equal(guess.body.code, 'code_invalid');
    const good = await call(t.app, 'POST', `${A}/sign-in/${known.body.challengeId}/confirm`, { body: { code: t.sms.last(known.body.challengeId) } });
    assert.equal(good.status, 200);
    assert.equal(good.body.me.staffId, expertA.id);
    const reuse = await call(t.app, 'POST', `${A}/sign-in/${known.body.challengeId}/confirm`, { body: { code: t.sms.last(known.body.challengeId) } });
    assert.equal(reuse.status, 404);
  });

  it('wrong codes are limited, then the sign-in is locked', async () => {
    const start = await call(t.app, 'POST', `${A}/sign-in`, { body: { contact: '+77015550044' } });
    const right = t.sms.last(start.body.challengeId);
    const wrong = right === '000000' ? '111111' : '000000';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(t.app, 'POST', `${A}/sign-in/${start.body.challengeId}/confirm`, { body: { code: wrong } })).status);
    assert.deepEqual(statuses, [422, 422, 422, 422, 403]);
    const late = await call(t.app, 'POST', `${A}/sign-in/${start.body.challengeId}/confirm`, { body: { code: right } });
    assert.equal(late.status, 404, 'the right code no longer works');
  });

  it('sessions end after idle time, at their absolute end, and on sign-out', async () => {
    const s = await inviteAndSignIn(t, admin, { name: 'Session Tester', role: 'expert', contact: '+77015550077' });
    const t0 = t.now().getTime();
    try {
      t.setNow(new Date(t0 + STAFF_IDLE_MS - 60_000).toISOString());
      assert.equal((await call(t.app, 'GET', `${A}/me`, { token: s.token })).status, 200);
      t.setNow(new Date(t0 + 2 * STAFF_IDLE_MS - 120_000).toISOString());
      assert.equal((await call(t.app, 'GET', `${A}/me`, { token: s.token })).status, 200, 'activity keeps the session alive');
      t.setNow(new Date(t0 + 3 * STAFF_IDLE_MS).toISOString());
      const idle = await call(t.app, 'GET', `${A}/me`, { token: s.token });
      assert.equal(idle.status, 401);
      assert.equal(idle.body.code, 'unauthorized');

      t.setNow(new Date(t0).toISOString());
      const again = await call(t.app, 'POST', `${A}/sign-in`, { body: { contact: '+77015550077' } });
      const token = (await call(t.app, 'POST', `${A}/sign-in/${again.body.challengeId}/confirm`, { body: { code: t.sms.last(again.body.challengeId) } })).body.token;
      for (let at = t0; at < t0 + STAFF_SESSION_MS; at += STAFF_IDLE_MS / 2) {
        t.setNow(new Date(at).toISOString());
        assert.equal((await call(t.app, 'GET', `${A}/me`, { token })).status, 200);
      }
      t.setNow(new Date(t0 + STAFF_SESSION_MS).toISOString());
      assert.equal((await call(t.app, 'GET', `${A}/me`, { token })).status, 401, 'the absolute end holds however active');

      t.setNow(new Date(t0).toISOString());
      const third = await call(t.app, 'POST', `${A}/sign-in`, { body: { contact: '+77015550077' } });
      const tok3 = (await call(t.app, 'POST', `${A}/sign-in/${third.body.challengeId}/confirm`, { body: { code: t.sms.last(third.body.challengeId) } })).body.token;
      assert.equal((await call(t.app, 'POST', '/admin/sign-out', { token: tok3 })).status, 200);
      assert.equal((await call(t.app, 'GET', `${A}/me`, { token: tok3 })).status, 401);
    } finally {
      t.setNow(AT.aksu.review);
    }
  });

  it('a revoked person is refused at once, every session of theirs', async () => {
    const s = await inviteAndSignIn(t, admin, { name: 'To Be Revoked', role: 'expert', contact: '+77015550066' });
    const again = await call(t.app, 'POST', `${A}/sign-in`, { body: { contact: '+77015550066' } });
    const second = (await call(t.app, 'POST', `${A}/sign-in/${again.body.challengeId}/confirm`, { body: { code: t.sms.last(again.body.challengeId) } })).body.token;
    assert.equal((await call(t.app, 'GET', `${A}/proposals`, { token: s.token })).status, 200);
    const revoke = await call(t.app, 'POST', `${A}/staff/${s.id}/revoke`, { token: coordinator.token });
    assert.equal(revoke.status, 200);
    assert.equal(revoke.body.status, 'revoked');
    for (const token of [s.token, second]) {
      const r = await call(t.app, 'GET', `${A}/proposals`, { token });
      assert.equal(r.status, 401);
      assert.equal(r.body.code, 'unauthorized');
    }
    // Nor can they sign in again (the answer looks like any unknown contact's).
    const retry = await call(t.app, 'POST', `${A}/sign-in`, { body: { contact: '+77015550066' } });
    const code = t.sms.sent.find((m) => m.challengeId === retry.body.challengeId);
    assert.equal(code, undefined);
    // The audit names the coordinator who revoked, by id and display name.
    const audit = await call(t.app, 'GET', `${A}/audit`, { token: admin });
    const entry = audit.body.items.find((e: any) => e.action === 'staff.revoke' && e.target === s.id);
    assert.equal(entry.actor, `staff:${coordinator.id}`);
    assert.equal(entry.details.by, 'Айгерим Нурланова');
  });

  it('a coordinator cannot revoke themselves; revoking twice is a conflict', async () => {
    const self = await call(t.app, 'POST', `${A}/staff/${coordinator.id}/revoke`, { token: coordinator.token });
    assert.equal(self.status, 409);
  });

  it('a session is for its own city only', async () => {
    const r = await call(t.app, 'GET', '/admin/cities/rudny/proposals', { token: coordinator.token });
    assert.equal(r.status, 403);
    assert.equal(r.body.code, 'forbidden');
  });

  it('an expert reads proposals but does nothing else a coordinator does', async () => {
    const p = proposals[0]!.id;
    assert.equal((await call(t.app, 'GET', `${A}/proposals`, { token: expertA.token })).status, 200);
    assert.equal((await call(t.app, 'GET', `${A}/proposals/${p}`, { token: expertA.token })).status, 200);
    assert.equal((await call(t.app, 'GET', `${A}/criteria`, { token: expertA.token })).status, 200);
    const refused: [string, string, unknown?][] = [
      ['POST', `${A}/proposals/${p}/status`, { status: 'rejected', note: 'no' }],
      ['POST', `${A}/proposals/${p}/cost`, { finalCost: 100 }],
      ['POST', `${A}/phases`, { phase: 'voting', action: 'open' }],
      ['GET', `${A}/audit`],
      ['GET', `${A}/staff`],
      ['POST', `${A}/staff`, { name: 'Sneaky', organisation: 'X Y', role: 'coordinator', contact: '+77015550033' }],
      ['PUT', `${A}/proposals/${p}/assignments/${expertA.id}`],
      ['GET', `${A}/proposals/${p}/assessments`],
      ['GET', `${A}/assessments`],
      ['POST', `${A}/proposals/${p}/decision`, { outcome: 'accept', reason: 'good', finalCost: 1000 }],
      ['GET', `${A}/voter-list`],
      ['GET', `${A}/results`],
    ];
    for (const [method, path, body] of refused) {
      const r = await call(t.app, method, path, { token: expertA.token, ...(body !== undefined ? { body } : {}) });
      assert.equal(r.status, 403, `${method} ${path}: ${r.text}`);
      assert.equal(r.body.code, 'forbidden');
      assert.equal(typeof r.body.message, 'string');
    }
    // Experts see what changed between an author's versions (reading, like the proposal itself).
    assert.equal((await call(t.app, 'GET', `${A}/proposals/${p}/versions`, { token: expertA.token })).status, 200);
    // Not assigned yet: no assessing.
    const early = await call(t.app, 'PUT', `${A}/proposals/${p}/assessment`, { token: expertA.token, body: { scores: { feasibility: 3, land_legal: 3, cost_realism: 3, public_benefit: 3 }, recommendation: 'accept' } });
    assert.equal(early.status, 403);
    assert.match(early.body.message, /not assigned to you/);
  });

  it('assessment: assigned experts score, a conflict excludes, the summary averages and flags disagreement', async () => {
    const p = proposals[1]!.id;
    for (const e of [expertA, expertB, expertC]) {
      const r = await call(t.app, 'PUT', `${A}/proposals/${p}/assignments/${e.id}`, { token: coordinator.token });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.state, 'pending');
    }
    // Assigning twice changes nothing; a coordinator is not assigned.
    assert.equal((await call(t.app, 'PUT', `${A}/proposals/${p}/assignments/${expertA.id}`, { token: coordinator.token })).status, 200);
    assert.equal((await call(t.app, 'PUT', `${A}/proposals/${p}/assignments/${coordinator.id}`, { token: admin })).status, 409);

    const mine = await call(t.app, 'GET', `${A}/assignments`, { token: expertA.token });
    assert.ok(mine.body.items.every((a: any) => a.staffId === expertA.id));
    assert.ok(mine.body.items.some((a: any) => a.proposalId === p));
    const others = await call(t.app, 'GET', `${A}/assignments?expert=${expertB.id}`, { token: expertA.token });
    assert.ok(others.body.items.every((a: any) => a.staffId === expertA.id), 'an expert never lists other experts’ assignments');

    const a = await call(t.app, 'PUT', `${A}/proposals/${p}/assessment`, {
      token: expertA.token,
      body: { scores: { feasibility: 4, land_legal: 5, cost_realism: 3, public_benefit: 5 }, recommendation: 'accept', note: 'Участок свободен, согласовано с ЖКХ.' },
    });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.body.state, 'assessed');
    const b = await call(t.app, 'PUT', `${A}/proposals/${p}/assessment`, {
      token: expertB.token,
      body: { scores: { feasibility: 2, land_legal: 4, cost_realism: 3, public_benefit: 4 }, recommendation: 'needs_changes', note: 'Смета завышена на скамейки.' },
    });
    assert.equal(b.status, 200, b.text);
    // C declares a conflict of interest: excluded, cannot assess afterwards.
    const c = await call(t.app, 'POST', `${A}/proposals/${p}/conflict`, { token: expertC.token, body: { reason: 'My brother is the author.' } });
    assert.equal(c.status, 200);
    assert.equal(c.body.state, 'conflict');
    const cAssess = await call(t.app, 'PUT', `${A}/proposals/${p}/assessment`, { token: expertC.token, body: { scores: { feasibility: 1, land_legal: 1, cost_realism: 1, public_benefit: 1 }, recommendation: 'reject' } });
    assert.equal(cAssess.status, 403);
    assert.match(cAssess.body.message, /conflict of interest/);

    const sum = await call(t.app, 'GET', `${A}/proposals/${p}/assessments`, { token: coordinator.token });
    assert.equal(sum.status, 200, sum.text);
    assert.equal(sum.body.assigned, 3);
    assert.equal(sum.body.assessed, 2);
    assert.equal(sum.body.conflicts, 1);
    assert.equal(sum.body.pending, 0);
    assert.deepEqual(sum.body.averages, { feasibility: 3, land_legal: 4.5, cost_realism: 3, public_benefit: 4.5 });
    assert.deepEqual(sum.body.recommendations, { accept: 1, needs_changes: 1, reject: 0 });
    assert.deepEqual(sum.body.disagreement, { any: true, recommendations: true, criteria: ['feasibility'] });
    const names = sum.body.assessments.map((x: any) => `${x.expertName}:${x.state}`).sort();
    assert.deepEqual(names, ['Дамир Сейткали:assessed', 'Ерлан Ахметов:conflict', 'Ольга Ким:assessed']);
    assert.equal(sum.body.assessments.find((x: any) => x.staffId === expertA.id).note, 'Участок свободен, согласовано с ЖКХ.');

    // The queue shows the proposal with its counts.
    const queue = await call(t.app, 'GET', `${A}/assessments`, { token: coordinator.token });
    const line = queue.body.items.find((x: any) => x.proposalId === p);
    assert.deepEqual({ assessed: line.assessed, conflicts: line.conflicts, disagreement: line.disagreement, decision: line.decision }, { assessed: 2, conflicts: 1, disagreement: true, decision: null });

    // B changes their mind: same recommendation as A, scores within 1 → no disagreement.
    await call(t.app, 'PUT', `${A}/proposals/${p}/assessment`, { token: expertB.token, body: { scores: { feasibility: 3, land_legal: 4, cost_realism: 3, public_benefit: 4 }, recommendation: 'accept' } });
    const sum2 = await call(t.app, 'GET', `${A}/proposals/${p}/assessments`, { token: coordinator.token });
    assert.deepEqual(sum2.body.disagreement, { any: false, recommendations: false, criteria: [] });
    assert.equal(sum2.body.averages.feasibility, 3.5);
    assert.equal(sum2.body.assessments.find((x: any) => x.staffId === expertB.id).note, null, 'a note left out is cleared');
  });

  it('a spread of 2 on one criterion is a disagreement even when recommendations agree', async () => {
    const p = proposals[2]!.id;
    for (const e of [expertA, expertB]) await call(t.app, 'PUT', `${A}/proposals/${p}/assignments/${e.id}`, { token: admin });
    await call(t.app, 'PUT', `${A}/proposals/${p}/assessment`, { token: expertA.token, body: { scores: { feasibility: 5, land_legal: 3, cost_realism: 3, public_benefit: 3 }, recommendation: 'reject' } });
    await call(t.app, 'PUT', `${A}/proposals/${p}/assessment`, { token: expertB.token, body: { scores: { feasibility: 3, land_legal: 3, cost_realism: 3, public_benefit: 3 }, recommendation: 'reject' } });
    const sum = await call(t.app, 'GET', `${A}/proposals/${p}/assessments`, { token: admin });
    assert.deepEqual(sum.body.disagreement, { any: true, recommendations: false, criteria: ['feasibility'] });
    // Unassigning drops what the expert recorded; the averages follow.
    const un = await call(t.app, 'DELETE', `${A}/proposals/${p}/assignments/${expertA.id}`, { token: admin });
    assert.equal(un.status, 200);
    const after = await call(t.app, 'GET', `${A}/proposals/${p}/assessments`, { token: admin });
    assert.equal(after.body.assessed, 1);
    assert.equal(after.body.averages.feasibility, 3);
    assert.equal((await call(t.app, 'GET', `${A}/proposals/${p}/assessment`, { token: expertA.token })).status, 403);
  });

  it('the decision sets the status with the public reason and final cost, through the admin service; the audit names the coordinator', async () => {
    const p = proposals[1]!.id;
    const decide = await call(t.app, 'POST', `${A}/proposals/${p}/decision`, {
      token: coordinator.token,
      body: { outcome: 'accept', reason: { kk: 'Кеңес мақұлдады.', ru: 'Совет одобрил проект.' }, finalCost: 2_500_000 },
    });
    assert.equal(decide.status, 200, decide.text);
    assert.equal(decide.body.proposal.status, 'accepted');
    assert.equal(decide.body.proposal.finalCost, 2_500_000);
    assert.equal(decide.body.decision.decidedBy, 'Айгерим Нурланова');
    assert.deepEqual(decide.body.decision.reason, { kk: 'Кеңес мақұлдады.', ru: 'Совет одобрил проект.' });

    const pub = await call(t.app, 'GET', `/cities/${CITY}/proposals/${p}`);
    assert.equal(pub.body.status, 'accepted');
    assert.equal(pub.body.reviewNote, 'Кеңес мақұлдады.\n\nСовет одобрил проект.');
    const notes = { kk: 'Кеңес мақұлдады.', ru: 'Совет одобрил проект.' };
    assert.deepEqual(pub.body.history.at(-1), { status: 'accepted', at: pub.body.history.at(-1).at, note: 'Кеңес мақұлдады.\n\nСовет одобрил проект.', notes });
    // Residents read the reason in their language; a reader in a language not given reads both.
    assert.deepEqual(pub.body.reviewNotes, notes);
    assert.ok(Proposal.safeParse(pub.body).success);
    assert.equal(noteIn('kk', pub.body.reviewNote, pub.body.reviewNotes), 'Кеңес мақұлдады.');
    assert.equal(noteIn('ru', pub.body.history.at(-1).note, pub.body.history.at(-1).notes), 'Совет одобрил проект.');
    assert.equal(noteIn('en', pub.body.reviewNote, pub.body.reviewNotes), 'Кеңес мақұлдады.\n\nСовет одобрил проект.');

    const audit = await call(t.app, 'GET', `${A}/audit`, { token: admin });
    const entry = audit.body.items.find((e: any) => e.action === 'proposal.decision' && e.target === p);
    assert.equal(entry.actor, `staff:${coordinator.id}`);
    assert.equal(entry.details.by, 'Айгерим Нурланова');

    const sum = await call(t.app, 'GET', `${A}/proposals/${p}/assessments`, { token: coordinator.token });
    assert.equal(sum.body.decision.outcome, 'accept');
    assert.equal(sum.body.decision.status, 'accepted');

    // An accepted proposal can go on the ballot as before.
    const pool = (await call(t.app, 'GET', `/cities/${CITY}`)).body.cycle.pools[0].id;
    const ballot = await call(t.app, 'POST', `${A}/proposals/${p}/ballot`, { token: coordinator.token, body: { poolId: pool } });
    assert.equal(ballot.status, 200, ballot.text);
    const cost = await call(t.app, 'POST', `${A}/proposals/${p}/cost`, { token: coordinator.token, body: { finalCost: 2_400_000, note: 'Смета уточнена.' } });
    assert.equal(cost.status, 200, cost.text);
    const later = (await call(t.app, 'GET', `/cities/${CITY}/proposals/${p}`)).body;
    assert.equal(later.reviewNote, 'Смета уточнена.');
    assert.equal(later.reviewNotes, undefined, 'a later note in one text replaces the per-language one');
    // Once on the ballot, it has left the council's hands.
    const late = await call(t.app, 'POST', `${A}/proposals/${p}/decision`, { token: coordinator.token, body: { outcome: 'reject', reason: 'late' } });
    assert.equal(late.status, 409);
  });

  it('needs changes and reject set their statuses with the free-text reason', async () => {
    const [p0, p2] = [proposals[0]!.id, proposals[2]!.id];
    const nc = await call(t.app, 'POST', `${A}/proposals/${p0}/decision`, { token: admin, body: { outcome: 'needs_changes', reason: 'Уточните адрес и приложите схему.' } });
    assert.equal(nc.status, 200, nc.text);
    assert.equal(nc.body.proposal.status, 'needs_changes');
    assert.equal(nc.body.proposal.reviewNote, 'Уточните адрес и приложите схему.');
    assert.equal(nc.body.decision.decidedBy, 'Aksu project centre');
    const rj = await call(t.app, 'POST', `${A}/proposals/${p2}/decision`, { token: admin, body: { outcome: 'reject', reason: 'Land is private.' } });
    assert.equal(rj.body.proposal.status, 'rejected');
    // The expert can no longer change a pending assessment of… nothing: rejected proposals stay assessable for reconsideration.
    const audit = await call(t.app, 'GET', `${A}/audit`, { token: admin });
    assert.equal(audit.body.items.find((e: any) => e.action === 'proposal.decision' && e.target === p2).actor, 'aksu-centre');
  });

  it('bad input gets a 4xx { code, message }, never a 500', async () => {
    const p = proposals[0]!.id;
    const cases: [string, string, string, unknown, number, string][] = [
      ['POST', `${A}/staff`, admin, { name: 'X', organisation: 'Y', role: 'boss', contact: 'nope' }, 400, 'validation_failed'],
      ['POST', `${A}/staff`, admin, { name: 'Дубль', organisation: 'Akimat', role: 'expert', contact: '+77015550022' }, 409, 'conflict'],
      ['POST', `${A}/staff`, admin, 'not an object', 400, 'validation_failed'],
      ['POST', `${A}/sign-in`, '', { contact: 'not a contact' }, 400, 'validation_failed'],
      ['POST', `${A}/sign-in`, '', { contact: '+77015550022', extra: 1 }, 400, 'validation_failed'],
      ['POST', `${A}/sign-in/invite`, '', { inviteToken: 'x' }, 400, 'validation_failed'],
      ['POST', `${A}/sign-in/sc_nope/confirm`, '', { code: '123456' }, 404, 'not_found'],
      ['POST', `${A}/sign-in/${'x'.repeat(300)}/confirm`, '', { code: '123456' }, 404, 'not_found'],
      ['GET', `${A}/staff/st_nobody`, admin, undefined, 404, 'not_found'],
      ['POST', `${A}/staff/${expertA.id}`, admin, {}, 400, 'validation_failed'],
      ['PUT', `${A}/proposals/nope/assignments/${expertA.id}`, admin, undefined, 404, 'not_found'],
      ['PUT', `${A}/proposals/${p}/assignments/nobody`, admin, undefined, 404, 'not_found'],
      ['GET', `${A}/assignments?state=done`, admin, undefined, 400, 'validation_failed'],
      ['GET', `${A}/assignments?bogus=1`, admin, undefined, 400, 'validation_failed'],
      ['POST', `${A}/proposals/${p}/decision`, admin, { outcome: 'accept', reason: 'ok' }, 400, 'validation_failed'],
      ['POST', `${A}/proposals/${p}/decision`, admin, { outcome: 'reject', reason: 'ok', finalCost: 5 }, 400, 'validation_failed'],
      ['POST', `${A}/proposals/${p}/decision`, admin, { outcome: 'reject', reason: {} }, 400, 'validation_failed'],
      ['POST', `${A}/proposals/${p}/decision`, admin, { outcome: 'maybe', reason: 'x' }, 400, 'validation_failed'],
      ['POST', `${A}/proposals/${p}/decision`, admin, { outcome: 'accept', reason: 'ok', finalCost: 10_000_000_000 }, 422, 'over_cap'],
      ['GET', `${A}/me`, 'st1.forged-session-token-xxxxxxxx', undefined, 401, 'unauthorized'],
      ['GET', `${A}/me`, '', undefined, 401, 'unauthorized'],
      ['POST', '/admin/sign-out', admin, undefined, 401, 'unauthorized'],
    ];
    for (const [method, path, token, body, status, code] of cases) {
      const r = await call(t.app, method, path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });
      assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
      assert.equal(r.body.code, code, `${method} ${path}`);
      assert.equal(typeof r.body.message, 'string');
    }
    // Scores that do not fit the criteria say which.
    const p1 = proposals[1]!.id;
    const p3 = proposals[3]?.id ?? p1;
    await call(t.app, 'PUT', `${A}/proposals/${p3}/assignments/${expertC.id}`, { token: admin });
    const bad = await call(t.app, 'PUT', `${A}/proposals/${p3}/assessment`, { token: expertC.token, body: { scores: { feasibility: 9, nonsense: 2 }, recommendation: 'accept' } });
    assert.equal(bad.status, 400, bad.text);
    const messages = bad.body.details.issues.map((i: any) => `${i.path.join('.')}:${i.message}`).sort();
    assert.deepEqual(messages, ['scores.cost_realism:score.required', 'scores.feasibility:score.out_of_range', 'scores.land_legal:score.required', 'scores.nonsense:score.unknown_criterion', 'scores.public_benefit:score.required']);
  });

  it('residents never see scores, private notes, expert names or staff contacts; logs hold no staff phone or e-mail', async () => {
    const list = await call(t.app, 'GET', `/cities/${CITY}/proposals?limit=100`);
    const one = await call(t.app, 'GET', `/cities/${CITY}/proposals/${proposals[1]!.id}`);
    const config = await call(t.app, 'GET', `/cities/${CITY}`);
    const publicText = list.text + one.text + config.text;
    for (const secret of ['Участок свободен', 'Смета завышена', 'brother', 'Дамир Сейткали', 'Ольга Ким', 'Ерлан Ахметов', 'Akimat of Aksu', 'Public council', 'feasibility', 'land_legal', 'decisions', 'recommendation', 'conflict']) {
      assert.ok(!publicText.includes(secret), `the public API shows ${secret}`);
    }
    const logs = t.logger.lines.join('\n');
    for (const contact of ['5550011', '5550022', '5550044', 'olga.kim', 'Olga.Kim', '701 555']) assert.ok(!logs.includes(contact), `a log line holds ${contact}`);
    // The audit log (staff only) names people but never their contacts or the private notes.
    const audit = await call(t.app, 'GET', `${A}/audit?limit=500`, { token: admin });
    for (const secret of ['5550022', 'olga.kim', 'Участок свободен', 'brother']) assert.ok(!audit.text.includes(secret), `the audit log holds ${secret}`);
    // Nor is a contact stored in the clear.
    const rows = t.store.db.prepare('SELECT * FROM staff').all();
    assert.ok(!JSON.stringify(rows).includes('5550022') && !JSON.stringify(rows).includes('olga.kim'));
  });
});

describe('assessment criteria in the city config', () => {
  it('defaults to four criteria on 1–5 when the city says nothing', () => {
    const t = testServer();
    try {
      assert.deepEqual(
        t.config.cities.get(CITY)!.criteria.map((c) => `${c.id}:${c.min}-${c.max}`),
        ['feasibility:1-5', 'land_legal:1-5', 'cost_realism:1-5', 'public_benefit:1-5'],
      );
    } finally {
      t.close();
    }
  });

  it('a city’s own criteria are served and enforced', async () => {
    const criteria = [
      { id: 'need', label: { kk: 'Қажеттілік', ru: 'Потребность', en: 'Need' }, min: 0, max: 10 },
      { id: 'cost', label: { kk: 'Құны', ru: 'Стоимость', en: 'Cost' }, min: 1, max: 3 },
    ];
    const t = testServer({ now: AT.aksu.review, edit: (f) => (f.cities[0]!.assessment = { criteria }) });
    try {
      const admin = t.adminTokens['aksu-centre']!;
      assert.deepEqual((await call(t.app, 'GET', `${A}/criteria`, { token: admin })).body, { criteria });
      const rt = t.config.cities.get(CITY)!;
      await seedCity(t.store, new Keys(t.secrets.secret), rt, rt.cycles[0]!, t.now());
      const p = (await call(t.app, 'GET', `${A}/proposals?status=under_review`, { token: admin })).body.items[0].id;
      const e = await inviteAndSignIn(t, admin, { name: 'Expert Ten', role: 'expert', contact: '+77015551010' });
      await call(t.app, 'PUT', `${A}/proposals/${p}/assignments/${e.id}`, { token: admin });
      const bad = await call(t.app, 'PUT', `${A}/proposals/${p}/assessment`, { token: e.token, body: { scores: { need: 10, cost: 4 }, recommendation: 'accept' } });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.details.issues, [{ path: ['scores', 'cost'], message: 'score.out_of_range', params: { min: 1, max: 3 } }]);
      const ok = await call(t.app, 'PUT', `${A}/proposals/${p}/assessment`, { token: e.token, body: { scores: { need: 0, cost: 3 }, recommendation: 'accept' } });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual((await call(t.app, 'GET', `${A}/proposals/${p}/assessments`, { token: admin })).body.averages, { need: 0, cost: 3 });
    } finally {
      t.close();
    }
  });

  it('a config with repeated criteria or an empty scale is refused, saying where', () => {
    for (const [criteria, where] of [
      [[{ id: 'a', label: { kk: 'А', ru: 'А', en: 'A' }, min: 1, max: 5 }, { id: 'a', label: { kk: 'Б', ru: 'Б', en: 'B' }, min: 1, max: 5 }], /assessment\.criteria\[1\]\.id: criterion \"a\" appears twice/],
      [[{ id: 'a', label: { kk: 'А', ru: 'А', en: 'A' }, min: 5, max: 5 }], /assessment\.criteria\[0\]\.max/],
      [[], /assessment\.criteria/],
      [[{ id: 'a', label: { ru: 'А' }, min: 1, max: 5 }], /assessment\.criteria\[0\]\.label/],
    ] as const) {
      assert.throws(() => testServer({ edit: (f) => (f.cities[0]!.assessment = { criteria: criteria as never }) }), (e: Error) => where.test(e.message), JSON.stringify(criteria));
    }
  });
});

describe('staff sign-in limits', () => {
  it('codes per contact per hour are limited, whichever way they are asked for', async () => {
    const t = testServer({ now: AT.aksu.review, edit: (f) => (f.server = { ...f.server, limits: { ...f.server?.limits, codesPerPhonePerHour: 3 } }) });
    try {
      const admin = t.adminTokens['aksu-centre']!;
      await inviteAndSignIn(t, admin, { name: 'Busy Person', role: 'expert', contact: '+77015552020' });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(t.app, 'POST', `${A}/sign-in`, { body: { contact: '+77015552020' } })).status);
      assert.deepEqual(statuses, [201, 201, 429], 'the invitation’s code counted too');
      const r = await call(t.app, 'POST', `${A}/sign-in`, { body: { contact: '+77015552020' } });
      assert.equal(r.body.code, 'too_many_codes');
      assert.ok(Number(r.headers.get('retry-after')) > 0);
      // An unknown contact is limited the same way (the answers stay alike).
      const unknown: number[] = [];
      for (let i = 0; i < 4; i++) unknown.push((await call(t.app, 'POST', `${A}/sign-in`, { body: { contact: '+77015559999' } })).status);
      assert.deepEqual(unknown, [201, 201, 201, 429]);
    } finally {
      t.close();
    }
  });
});

describe('the staff route table', () => {
  it('every route of the contract is served and in the OpenAPI document', async () => {
    const { STAFF_ROUTES, staffPath } = await import('../../src/contract/index.js');
    const t = testServer();
    try {
      const doc = (await call(t.app, 'GET', '/openapi.json')).body;
      for (const r of STAFF_ROUTES) {
        assert.ok(doc.paths[r.path]?.[r.method.toLowerCase()], `${r.method} ${r.path} is in openapi.json`);
        const path = staffPath(r.path, { city: CITY, id: 'p_x', staffId: 'st_x', challengeId: 'sc_x' });
        const res = await call(t.app, r.method, path, r.method === 'GET' ? {} : { body: {} });
        assert.ok(res.status < 500, `${r.method} ${path}: ${res.text}`);
        assert.notEqual(res.body.message, 'no such endpoint', `${r.method} ${path} is served`);
        assert.notEqual(res.status, 405, `${r.method} ${path}`);
      }
    } finally {
      t.close();
    }
  });
});

describe('the demo seed', () => {
  it('Aksu has a coordinator and two experts who sign in with a code, the proposals in review assigned', async () => {
    const now = new Date();
    const t = testServer({ now: now.toISOString(), edit: (file) => Object.assign(file, demoConfig(file, now)) });
    try {
      const lines = await seedAll(t.store, new Keys(t.secrets.secret), t.config, now);
      assert.ok(lines.some((l) => /aksu: 3 staff/.test(l)), lines.join('\n'));
      assert.ok((await seedAll(t.store, new Keys(t.secrets.secret), t.config, now)).some((l) => /staff already there/.test(l)), 'seeding again changes nothing');
      // The log names the expert each assignment went to, as an assignment made in the centre does.
      const log = await call(t.app, 'GET', `${A}/audit?limit=100`, { token: t.adminTokens['aksu-centre']! });
      const assigned = log.body.items.filter((e: { action: string }) => e.action === 'assessment.assign');
      assert.ok(assigned.length >= 4, 'the seed’s assignments are logged');
      const experts = DEMO_STAFF.filter((p) => p.role === 'expert').map((p) => p.name);
      for (const e of assigned) assert.ok(experts.includes(e.details.expert), `the expert named: ${JSON.stringify(e.details)}`);
      for (const person of DEMO_STAFF) {
        const start = await call(t.app, 'POST', `${A}/sign-in`, { body: { contact: person.contact } });
        assert.equal(start.status, 201, start.text);
        const code = start.body.channel === 'email' ? t.mail.lastCode(start.body.challengeId) : t.sms.last(start.body.challengeId);
        const done = await call(t.app, 'POST', `${A}/sign-in/${start.body.challengeId}/confirm`, { body: { code } });
        assert.equal(done.status, 200, done.text);
        assert.equal(done.body.me.role, person.role);
        const mine = await call(t.app, 'GET', `${A}/assignments`, { token: done.body.token });
        if (person.role === 'expert') assert.ok(mine.body.items.length >= 2, 'the expert has proposals to assess');
        else assert.ok(mine.body.items.length >= 4, 'the coordinator sees every assignment');
      }
    } finally {
      t.close();
    }
  });
});

describe('the mail provider seam', () => {
  it('console: the code is logged for development, never the address', async () => {
    const { consoleMail } = await import('../../src/server/mail.js');
    const { memoryLogger } = await import('../../src/server/logger.js');
    const logger = memoryLogger();
    await consoleMail(logger).send({ to: 'secret.person@akimat.kz', subject: 'Qala: 123456', text: '123456 — code', reference: 'sc_1' });
    assert.match(logger.lines.join(''), /sc_1/);
    assert.ok(!logger.lines.join('').includes('secret.person'));
  });

  it('http: posts to the mail API with the configured fields and a header from the environment; a refusal is an error', async () => {
    const { httpMail, MailError } = await import('../../src/server/mail.js');
    const seen: { url: string; init: RequestInit }[] = [];
    const ok = (async (url: string, init: RequestInit) => (seen.push({ url, init }), new Response('{}', { status: 202 }))) as unknown as typeof fetch;
    const mail = httpMail({ provider: 'http', url: 'https://mail.example/send', from: 'qala@aksu.kz', headers: { Authorization: 'env:QALA_TEST_MAIL_KEY' }, toField: 'recipient' }, { QALA_TEST_MAIL_KEY: 'Bearer k-1' }, ok);
    await mail.send({ to: 'a@b.kz', subject: 'Qala: 1', text: '1', reference: 'sc_2' });
    assert.equal(seen[0]!.url, 'https://mail.example/send');
    assert.equal((seen[0]!.init.headers as Record<string, string>).Authorization, 'Bearer k-1');
    assert.deepEqual(JSON.parse(String(seen[0]!.init.body)), { recipient: 'a@b.kz', subject: 'Qala: 1', text: '1', from: 'qala@aksu.kz' });
    const refused = httpMail({ provider: 'http', url: 'https://mail.example/send' }, {}, (async () => new Response('no', { status: 500 })) as unknown as typeof fetch);
    await assert.rejects(refused.send({ to: 'a@b.kz', subject: 's', text: 't', reference: 'r' }), MailError);
  });

  it('a mail API that fails gives 503 unavailable and leaves no usable sign-in', async () => {
    const { createApp } = await import('../../src/server/app.js');
    const t = testServer({ now: AT.aksu.review });
    try {
      const app = createApp({ config: t.config, store: t.store, secrets: t.secrets, clock: () => t.now(), sms: t.sms, logger: t.logger, mail: { send: async () => Promise.reject(new Error('down')) } });
      const inv = await call(app, 'POST', `${A}/staff`, { token: t.adminTokens['aksu-centre']!, body: { name: 'Mail Less', organisation: 'Akimat', role: 'expert', contact: 'mail.less@aksu.kz' } });
      const r = await call(app, 'POST', `${A}/sign-in/invite`, { body: { inviteToken: inv.body.inviteToken } });
      assert.equal(r.status, 503);
      assert.equal(r.body.code, 'unavailable');
      assert.ok(!t.logger.lines.join('').includes('mail.less'));
    } finally {
      t.close();
    }
  });
});
