import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { BallotPick, BallotRule, Pool } from '../../src/contract/index.js';
import { validateBallot } from '../../src/domain/ballot.js';
import {
  draftTouched,
  filterProjects,
  knapsackMinimum,
  maxPointsFor,
  movePick,
  setPoints,
  submitIssues,
  tallyPool,
  toBallotInput,
  togglePick,
  type BallotProject,
} from '../../src/domain/ballot-editor.js';
import { checkIinPrefix, clock, secondsUntil } from '../../src/domain/verification-time.js';
import { checkVoterIin } from '../../src/domain/iin.js';

const pool: Pool = { id: 'city', name: { kk: 'Қала', ru: 'Город', en: 'City' }, budget: 100, scope: { kind: 'city' } };
const projects: BallotProject[] = Array.from({ length: 12 }, (_, i) => ({ id: `p${i}`, cost: 5 + ((i * 7) % 40), poolId: 'city' }));
const byId = new Map(projects.map((p) => [p.id, p]));
const NOW = new Date('2026-11-27T06:00:00Z');

const ruleArb: fc.Arbitrary<BallotRule> = fc.oneof(
  fc.constant<BallotRule>({ kind: 'single' }),
  fc.integer({ min: 1, max: 5 }).chain((max) => fc.integer({ min: 0, max }).map((min): BallotRule => ({ kind: 'approval', min, max }))),
  fc.record({ limit: fc.option(fc.integer({ min: 10, max: 150 }), { nil: undefined }), minShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }) }).map(
    (r): BallotRule => ({ kind: 'knapsack', ...(r.limit !== undefined ? { limit: r.limit } : {}), ...(r.minShare !== undefined ? { minShare: r.minShare } : {}) }),
  ),
  fc.integer({ min: 1, max: 10 }).chain((points) => fc.integer({ min: 1, max: 10 }).map((maxPerProject): BallotRule => ({ kind: 'cumulative', points, maxPerProject }))),
  fc.integer({ min: 1, max: 6 }).map((maxRanks): BallotRule => ({ kind: 'ranked', maxRanks })),
);

describe('ballot editor', () => {
  it('no sequence of clicks and steps breaks a cap of the rule', () => {
    fc.assert(
      fc.property(ruleArb, fc.array(fc.record({ project: fc.integer({ min: 0, max: 11 }), step: fc.integer({ min: -3, max: 3 }) }), { maxLength: 40 }), (rule, actions) => {
        let picks: BallotPick[] = [];
        for (const a of actions) {
          const project = projects[a.project]!;
          if (rule.kind === 'cumulative' && a.step !== 0) picks = setPoints(rule, picks, project.id, (picks.find((p) => p.projectId === project.id)?.points ?? 0) + a.step).picks;
          else {
            const r = togglePick(rule, pool, picks, project, byId);
            if (r.ok) picks = r.picks;
          }
          const issues = validateBallot({ ballot: rule, pools: [pool] }, projects, { choices: [{ poolId: 'city', picks }] }).filter(
            (i) => !['ballot.too_few', 'ballot.under_min_share', 'ballot.empty'].includes(i.message),
          );
          assert.deepEqual(issues, [], `${JSON.stringify(rule)} ${JSON.stringify(picks)}`);
        }
      }),
    );
  });

  it('says why a project cannot be added, with the money left', () => {
    const rule: BallotRule = { kind: 'knapsack', limit: 30 };
    const first = togglePick(rule, pool, [], { id: 'a', cost: 25, poolId: 'city' }, new Map([['a', { id: 'a', cost: 25, poolId: 'city' }]]));
    assert.ok(first.ok);
    const map = new Map([
      ['a', { id: 'a', cost: 25, poolId: 'city' }],
      ['b', { id: 'b', cost: 10, poolId: 'city' }],
    ]);
    const second = togglePick(rule, pool, first.picks, map.get('b')!, map);
    assert.deepEqual(second, { ok: false, block: { reason: 'does_not_fit', remaining: 5, cost: 10 } });
    assert.equal(knapsackMinimum({ kind: 'knapsack', minShare: 0.7 }, pool), 70);
    assert.equal(tallyPool(rule, pool, first.picks, map).moneyLeft, 5);
  });

  it('single choice replaces, approval refuses at max', () => {
    const one = togglePick({ kind: 'single' }, pool, [{ projectId: 'p1' }], projects[2]!, byId);
    assert.deepEqual(one, { ok: true, picks: [{ projectId: 'p2' }] });
    const full = togglePick({ kind: 'approval', min: 0, max: 1 }, pool, [{ projectId: 'p1' }], projects[2]!, byId);
    assert.deepEqual(full, { ok: false, block: { reason: 'max_picks', max: 1 } });
  });

  it('points are clamped to the cap and to what is left; 0 removes the pick', () => {
    const rule: BallotRule = { kind: 'cumulative', points: 5, maxPerProject: 3 };
    let r = setPoints(rule, [], 'p1', 9);
    assert.deepEqual(r, { picks: [{ projectId: 'p1', points: 3 }], points: 3, clamped: true });
    r = setPoints(rule, r.picks, 'p2', 3);
    assert.deepEqual(r.picks, [{ projectId: 'p1', points: 3 }, { projectId: 'p2', points: 2 }]);
    assert.equal(maxPointsFor(rule, r.picks, 'p3'), 0);
    r = setPoints(rule, r.picks, 'p1', 0);
    assert.deepEqual(r.picks, [{ projectId: 'p2', points: 2 }]);
    assert.equal(setPoints(rule, [], 'p1', Number.NaN).points, 0);
  });

  it('moving a ranked pick is a permutation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: -2, max: 10 }), fc.integer({ min: -2, max: 10 }), (n, from, to) => {
        const picks = Array.from({ length: n }, (_, i) => ({ projectId: `p${i}` }));
        const moved = movePick(picks, from, to);
        assert.deepEqual([...moved].map((p) => p.projectId).sort(), picks.map((p) => p.projectId).sort());
        if (from >= 0 && from < n) assert.equal(moved[Math.max(0, Math.min(n - 1, to))]!.projectId, `p${from}`);
      }),
    );
    assert.deepEqual(movePick([{ projectId: 'a' }, { projectId: 'b' }, { projectId: 'c' }], 2, 0).map((p) => p.projectId), ['c', 'a', 'b']);
  });

  it('builds the ballot from the draft, skipping empty pools, and reports issues per pool', () => {
    const pools: Pool[] = [pool, { ...pool, id: 'events' }];
    const draft = { city: [{ projectId: 'p1' }], events: [] };
    assert.deepEqual(toBallotInput('c1', pools, draft), { cycleId: 'c1', choices: [{ poolId: 'city', picks: [{ projectId: 'p1' }] }] });
    assert.equal(draftTouched(draft), true);
    assert.equal(draftTouched({ city: [] }), false);
    const issues = submitIssues({ id: 'c1', ballot: { kind: 'approval', min: 2, max: 3 }, pools }, projects, draft);
    assert.deepEqual(issues.map((i) => [i.poolId, i.issue.message]), [['city', 'ballot.too_few']]);
    assert.deepEqual(submitIssues({ id: 'c1', ballot: { kind: 'single' }, pools }, projects, {}).map((i) => [i.poolId, i.issue.message]), [[null, 'ballot.empty']]);
  });

  it('filters by category and district', () => {
    const list = [
      { id: 'a', category: 'x', district: 'd1' },
      { id: 'b', category: 'y' },
      { id: 'c', category: 'x', district: 'd2' },
    ];
    assert.deepEqual(filterProjects(list, { category: 'x' }).map((p) => p.id), ['a', 'c']);
    assert.deepEqual(filterProjects(list, { category: 'x', district: 'd2' }).map((p) => p.id), ['c']);
    assert.deepEqual(filterProjects(list, {}).map((p) => p.id), ['a', 'b', 'c']);
  });
});

describe('IIN while it is typed', () => {
  it('spots a wrong month, day, century and a too young voter early', () => {
    assert.equal(checkIinPrefix('79', 16, 'Asia/Almaty', NOW), null);
    assert.equal(checkIinPrefix('792', 16, 'Asia/Almaty', NOW), 'date');
    assert.equal(checkIinPrefix('7913', 16, 'Asia/Almaty', NOW), 'date');
    assert.equal(checkIinPrefix('791032', 16, 'Asia/Almaty', NOW), 'date');
    assert.equal(checkIinPrefix('010229', 16, 'Asia/Almaty', NOW), 'date'); // 29 Feb never in 1801, 1901, 2001
    assert.equal(checkIinPrefix('000229', 16, 'Asia/Almaty', NOW), null); // 2000 was a leap year
    assert.equal(checkIinPrefix('7910287', 16, 'Asia/Almaty', NOW), 'century');
    assert.equal(checkIinPrefix('1501015', 16, 'Asia/Almaty', NOW), 'too_young');
    assert.equal(checkIinPrefix('0612116', 16, 'Asia/Almaty', NOW), null);
    assert.equal(checkIinPrefix('12a', 16, 'Asia/Almaty', NOW), 'format');
  });

  it('never flags a prefix of an IIN that is valid and old enough', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2009-01-01'), noInvalidDate: true }), fc.integer({ min: 0, max: 9999 }), (birth, serial) => {
        const yy = String(birth.getUTCFullYear() % 100).padStart(2, '0');
        const mm = String(birth.getUTCMonth() + 1).padStart(2, '0');
        const dd = String(birth.getUTCDate()).padStart(2, '0');
        const c = birth.getUTCFullYear() >= 2000 ? '5' : '3';
        const body = `${yy}${mm}${dd}${c}${String(serial).padStart(4, '0')}`;
        const digits = [...body].map(Number);
        let k = digits.reduce((s, d, i) => s + d * (i + 1), 0) % 11;
        if (k === 10) k = digits.reduce((s, d, i) => s + d * (((i + 2) % 11) + 1), 0) % 11;
        fc.pre(k !== 10);
        const iin = body + k;
        if (!checkVoterIin(iin, 16, 'Asia/Almaty', NOW).ok) return;
        for (let n = 0; n < 12; n++) assert.equal(checkIinPrefix(iin.slice(0, n), 16, 'Asia/Almaty', NOW), null, iin.slice(0, n));
      }),
    );
  });

  it('counts down in m:ss', () => {
    assert.equal(clock(61), '1:01');
    assert.equal(clock(-5), '0:00');
    assert.equal(secondsUntil(new Date(10_500).toISOString(), 10_000), 1);
    assert.equal(secondsUntil(new Date(0).toISOString(), 10_000), 0);
  });
});
