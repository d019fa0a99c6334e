/**
 * Issue #12 item 4: the results API says, for MES with Add1, how many MES runs
 * the count made and the final per-voter budget (exact, and rounded for
 * display), so an auditor can rerun the count in another tool; other rules
 * carry no such figures. Counted in place and on the counting thread alike.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PoolResult, type Cycle, type CountingRuleName } from '../../src/contract/index.js';
import { tally } from '../../src/domain/counting/index.js';
import { parsePabulib } from '../../src/domain/pabulib.js';
import { Rational } from '../../src/domain/rational.js';
import { aksuCycle } from '../../src/mock/fixtures.js';
import { countPool, countPoolAsync } from '../../src/server/services/results.js';
import { setOffThreadThreshold } from '../../src/server/services/tally-thread.js';
import type { CountedBallot, ProposalRecord } from '../../src/server/store/types.js';

// Warsaw, Anin 2019 (457 voters) as a pool of the reference server; costs are whole units there.
const pb = parsePabulib(readFileSync(new URL('../fixtures/pabulib/poland_warszawa_2019_anin.pb', import.meta.url), 'utf8'));
const budget = Math.floor(Number(pb.meta.budget!.replace(',', '.')));
const base = aksuCycle(Date.now());
const cycleWith = (rule: CountingRuleName): Cycle => ({ ...base, counting: { rule, tieBreak: 'lexico' }, pools: [{ ...base.pools[0]!, budget }] });
const projects = pb.projectIds.map((id, i) => ({ id, title: `Projekt ${id}`, estimatedCost: Math.round(pb.costs[i]!.toNumber()), poolId: 'city' }) as unknown as ProposalRecord);
const ballots: CountedBallot[] = pb.ballots.map((b, seq) => ({ seq, channel: 'online', choices: [{ poolId: 'city', picks: b.projects.map((projectId) => ({ projectId })) }] }));
const direct = (rule: CountingRuleName) =>
  tally({
    projects: projects.map((p) => ({ id: p.id, cost: (p as unknown as { estimatedCost: number }).estimatedCost })),
    ballots: ballots.map((b) => ({ picks: b.choices[0]!.picks })),
    budget,
    rule,
  });

describe('results API: Add1 figures of an MES count', () => {
  after(() => setOffThreadThreshold(5_000));

  for (const rule of ['mes-add1', 'mes-add1-greedy'] as const) {
    test(`${rule}: runs, raises and the final per-voter budget, as the count gave them`, async () => {
      const pool = countPool(cycleWith(rule), 0, projects, ballots);
      PoolResult.parse(pool);
      const expected = direct(rule).add1!;
      assert.ok(expected.runs > 1, 'this election needs raises');
      assert.deepEqual(pool.add1, { ...expected, voterBudgetAmount: Rational.parse(expected.voterBudget).toFixedNumber(2) });
      // budget / voters + increments, exactly
      assert.equal(Rational.parse(pool.add1!.voterBudget).toString(), Rational.of(BigInt(budget), BigInt(ballots.length)).add(Rational.from(pool.add1!.increments)).toString());
      setOffThreadThreshold(0);
      assert.deepEqual(await countPoolAsync(cycleWith(rule), 0, projects, ballots), pool);
      setOffThreadThreshold(5_000);
    });
  }

  for (const rule of ['mes', 'greedy', 'phragmen'] as const) {
    test(`${rule}: no Add1 figures`, () => {
      const pool = countPool(cycleWith(rule), 0, projects, ballots);
      PoolResult.parse(pool);
      assert.equal(pool.add1, undefined);
    });
  }

  test('the contract refuses a per-voter budget that is not an exact number', () => {
    const pool = countPool(cycleWith('mes-add1'), 0, projects, ballots);
    assert.throws(() => PoolResult.parse({ ...pool, add1: { ...pool.add1!, voterBudget: '778.66' } }));
  });
});
