/**
 * Add1 without a run per raise (`mesAdd1`: proven jumps over raises that
 * change nothing) against the definition kept as the oracle
 * (`mesAdd1Stepwise`: one MES run per raise).
 * Everything must be identical: the outcome and its order, the number of
 * runs counted, the raises, the per-voter budget, and what the supporters of
 * each project held at the end of the run returned.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { TieBreak } from '../../src/contract/index.js';
import { buildProfile, profileFromPabulib, tieRanks, type Profile } from '../../src/domain/counting/index.js';
import type { Satisfaction } from '../../src/domain/counting/greedy.js';
import { mesAdd1, mesAdd1Stepwise, mesRun, type Add1Outcome } from '../../src/domain/counting/mes.js';
import { ratioToNumber } from '../../src/domain/rational.js';
import { parsePabulib } from '../../src/domain/pabulib.js';

const DIR = new URL('../fixtures/pabulib/', import.meta.url);

function summary(profile: Profile, out: Add1Outcome): unknown {
  return {
    selected: out.run.selected,
    first: out.first.selected,
    runs: out.runs,
    increments: out.increments,
    voterBudget: out.run.voterBudget.toString(),
    money: profile.ids.map((_, p) => out.run.supportersMoney(p).toString()),
  };
}

function same(profile: Profile, sat: Satisfaction, tieBreak: TieBreak): { fast: Add1Outcome; slow: Add1Outcome } {
  const rank = tieRanks(profile, tieBreak);
  const fast = mesAdd1(profile, sat, rank);
  const slow = mesAdd1Stepwise(profile, sat, rank);
  assert.deepEqual(summary(profile, fast), summary(profile, slow));
  return { fast, slow };
}

// Small elections with few distinct costs and ballots, so that ties between
// projects (twins: same cost, same supporters) and between ρ values are common.
const electionArb = fc
  .record({
    costs: fc.array(fc.constantFrom(10, 20, 30, 40, 60, 90, 150), { minLength: 1, maxLength: 7 }),
    budget: fc.integer({ min: 1, max: 400 }),
    ballots: fc.array(fc.record({ picks: fc.uniqueArray(fc.nat({ max: 6 }), { maxLength: 4 }), points: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }), copies: fc.integer({ min: 1, max: 4 }) }), {
      minLength: 1,
      maxLength: 12,
    }),
    twins: fc.boolean(),
    points: fc.boolean(),
  })
  .map(({ costs, budget, ballots, twins, points }) => {
    const ids = costs.map((_, i) => `p${i}`);
    const all = ballots.flatMap((b) => {
      let picks = b.picks.filter((p) => p < costs.length);
      // a twin of p0: the same cost, on every ballot that has p0
      if (twins && costs.length > 1) picks = [...new Set(picks.flatMap((p) => (p === 0 ? [0, costs.length - 1] : p === costs.length - 1 ? [] : [p])))];
      return Array.from({ length: b.copies }, () => ({
        picks: picks.map((p, i) => (points ? { projectId: ids[p]!, points: b.points[(twins && p === costs.length - 1 ? picks.indexOf(0) : i) % 4]! } : { projectId: ids[p]! })),
      }));
    });
    if (twins && costs.length > 1) costs[costs.length - 1] = costs[0]!;
    return {
      budget,
      points,
      projects: ids.map((id, i) => ({ id, cost: costs[i]! })),
      ballots: all,
    };
  });

describe('Add1 with jumps equals Add1 run by run', () => {
  // The three slowest elections (Mokotów, Ursynów, Wrocław) are checked against pabutools'
  // own runs and budgets in counting-reference.test.ts; running the oracle on them takes minutes.
  const files = [
    'france_toulouse_2019_.pb',
    'poland_gdansk_2020_.pb',
    'poland_katowice_2021_dab.pb',
    'poland_lodz_2020_im-montwilla-mireckiego.pb',
    'poland_warszawa_2017_goclaw.pb',
    'poland_warszawa_2017_plac-wojska-polskiego.pb',
    'poland_warszawa_2018_niskie-okecie.pb',
    'poland_warszawa_2019_anin.pb',
    'poland_zabrze_2020_.pb',
    'poland_zabrze_2021_konczyce.pb',
  ];
  for (const file of files) {
    it(file, () => {
      const profile = profileFromPabulib(parsePabulib(readFileSync(new URL(file, DIR), 'utf8')));
      const sat: Satisfaction = profile.hasPoints ? 'points' : 'cost';
      same(profile, sat, 'lexico');
      if (!profile.hasPoints) same(profile, 'card', 'cost-then-votes');
    });
  }

  it('a project nobody can afford until the shares rise: the raises are counted, not run one by one', () => {
    // 2 voters, budget 100: one approves a (cost 60), the other nothing → b = 50, 51, …, 60
    const profile = buildProfile({
      budget: 100,
      projects: [{ id: 'a', cost: 60 }],
      ballots: [{ picks: [{ projectId: 'a' }] }, { picks: [] }],
    });
    const { fast } = same(profile, 'cost', 'lexico');
    assert.equal(fast.runs, 11);
    assert.equal(fast.run.voterBudget.toString(), '60');
  });

  it('generated elections with ties: every rule variant, both tie-breaks', () => {
    fc.assert(
      fc.property(electionArb, fc.constantFrom<TieBreak>('lexico', 'cost-then-votes'), fc.boolean(), (e, tieBreak, card) => {
        const profile = buildProfile({ budget: e.budget, projects: e.projects, ballots: e.ballots, voteType: e.points ? 'cumulative' : 'approval' });
        const sat: Satisfaction = card ? 'card' : profile.hasPoints ? 'points' : 'cost';
        same(profile, sat, tieBreak);
      }),
      { numRuns: 600 },
    );
  });

  it('generated elections where the shares must rise a lot (small budget, a voter who supports nothing)', () => {
    fc.assert(
      fc.property(electionArb, fc.integer({ min: 1, max: 40 }), (e, empty) => {
        const ballots = [...e.ballots, ...Array.from({ length: empty }, () => ({ picks: [] }))];
        const profile = buildProfile({ budget: e.budget, projects: e.projects, ballots, voteType: e.points ? 'cumulative' : 'approval' });
        same(profile, profile.hasPoints ? 'points' : 'cost', 'lexico');
      }),
      { numRuns: 300 },
    );
  });
});

describe('lazy exact ρ', () => {
  // Most rounds pay their winner with q as a double within a proven bound and
  // compute the exact ρ only when asked (run.rho); the exact values must lie
  // within the bounds the run kept, and MES's ρ never decreases along a run.
  const files = ['poland_warszawa_2021_mokotow.pb', 'poland_warszawa_2019_ursynow.pb', 'poland_wroclaw_2015_up-to-150.pb', 'france_toulouse_2019_.pb', 'poland_lodz_2022_.pb'];
  for (const file of files) {
    it(file, () => {
      const profile = profileFromPabulib(parsePabulib(readFileSync(new URL(file, DIR), 'utf8')));
      const sat: Satisfaction = profile.hasPoints ? 'points' : 'cost';
      const rank = tieRanks(profile, 'lexico');
      // plain MES, and a raised budget as Add1 runs it
      for (const budgetN of [profile.budgetS, profile.budgetS + 100n * profile.scale * BigInt(profile.voters)]) {
        const run = mesRun(profile, sat, rank, budgetN);
        const rho = run.rho;
        assert.equal(rho.length, run.selected.length - run.upfront);
        assert.ok(rho.length > 0);
        rho.forEach((r, t) => {
          const v = ratioToNumber(r.num, r.den);
          assert.ok(run.rhoLo[t]! <= v && v <= run.rhoHi[t]!, `round ${t}: ${v} outside [${run.rhoLo[t]}, ${run.rhoHi[t]}]`);
          if (t > 0) assert.ok(rho[t - 1]!.num * r.den <= r.num * rho[t - 1]!.den, `ρ fell at round ${t}`);
        });
        // the exact figures asked for after the run agree with a second run's
        const again = mesRun(profile, sat, rank, budgetN);
        assert.deepEqual(
          profile.ids.map((_, p) => again.supportersMoney(p).toString()),
          profile.ids.map((_, p) => run.supportersMoney(p).toString()),
        );
      }
    });
  }
});

describe('a run given the previous run (bounds carried over) is the run without it', () => {
  // mesAdd1 hands each run the one before; the carried bounds and the order of
  // estimates may only change which candidates are estimated, never the run.
  function sameRun(profile: Profile, sat: Satisfaction, rank: Int32Array, budgetN: bigint, priorN: bigint): void {
    const prior = mesRun(profile, sat, rank, priorN);
    const plain = mesRun(profile, sat, rank, budgetN);
    const given = mesRun(profile, sat, rank, budgetN, undefined, prior);
    assert.deepEqual(given.selected, plain.selected);
    assert.deepEqual(given.rho, plain.rho);
    assert.deepEqual(
      profile.ids.map((_, p) => given.supportersMoney(p).toString()),
      profile.ids.map((_, p) => plain.supportersMoney(p).toString()),
    );
  }
  const files = ['poland_warszawa_2021_mokotow.pb', 'poland_warszawa_2019_ursynow.pb', 'france_toulouse_2019_.pb', 'poland_gdansk_2020_.pb', 'poland_warszawa_2017_goclaw.pb'];
  for (const file of files) {
    it(file, () => {
      const profile = profileFromPabulib(parsePabulib(readFileSync(new URL(file, DIR), 'utf8')));
      const sat: Satisfaction = profile.hasPoints ? 'points' : 'cost';
      const rank = tieRanks(profile, 'lexico');
      const step = profile.scale * BigInt(profile.voters);
      for (const k of [1n, 2n, 17n, 60n, 150n]) {
        // the previous raise, a few raises back, and a prior that is not smaller (not followed)
        for (const gap of [1n, 3n, 20n, 0n, -1n]) sameRun(profile, sat, rank, profile.budgetS + k * step, profile.budgetS + (k - gap) * step);
      }
    });
  }

  it('generated elections', () => {
    fc.assert(
      fc.property(electionArb, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 10 }), fc.boolean(), (e, k, gap, card) => {
        const profile = buildProfile({ budget: e.budget, projects: e.projects, ballots: e.ballots, voteType: e.points ? 'cumulative' : 'approval' });
        const sat: Satisfaction = card ? 'card' : profile.hasPoints ? 'points' : 'cost';
        const step = profile.scale * BigInt(profile.voters);
        sameRun(profile, sat, tieRanks(profile, 'lexico'), profile.budgetS + BigInt(k + gap) * step, profile.budgetS + BigInt(k) * step);
      }),
      { numRuns: 400 },
    );
  });
});
