/**
 * `qala tally` on real files as they are: oddities of the file are warnings
 * on stderr (stdout stays one JSON object), and `--explain` gives what an
 * auditor needs to rerun MES with Add1 elsewhere.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { Rational } from '../../src/domain/rational.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATA = fileURLToPath(new URL('../fixtures/pabulib/', import.meta.url));

function qala(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/qala.mjs', 'tally', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('qala tally on real files as they are', () => {
  it('counts a cumulative file that repeats a project in a ballot, the last entry winning, with warnings on stderr', () => {
    const r = qala(`${DATA}odd/cumulative-repeated-entries.pb`, '--rule', 'greedy');
    assert.equal(r.status, 0, r.stderr);
    // last entry wins: A has 1 point, B 6 → B first, then C (first entry or sum would give A 7 or 8 points and fund A)
    assert.deepEqual(JSON.parse(r.stdout), { rule: 'greedy', budget: '100', selected: ['B', 'C'], cost: '100' });
    assert.match(r.stderr, /warning: line 15: "A" listed more than once in one ballot; the last entry's points count/);
    assert.match(r.stderr, /warning: line 17: "C" listed more than once/);
    assert.match(r.stderr, /warning: line 11: the line ends in extra ";"/);
    const mes = qala(`${DATA}odd/cumulative-repeated-entries.pb`, '--rule', 'mes-add1-greedy');
    assert.equal(mes.status, 0, mes.stderr);
    assert.deepEqual(JSON.parse(mes.stdout).selected, ['B', 'C']);
  });

  it('--explain gives the MES runs, the raises and the exact per-voter budget of the Add1 run returned', () => {
    const file = 'poland_warszawa_2017_goclaw.pb';
    const ref = (JSON.parse(readFileSync(`${DATA}expected.json`, 'utf8')) as { instances: Record<string, { budget_exact: string; num_voters: number; rules: Record<string, { add1_num_mes_runs: number; add1_returned_voter_budget: string }> }> }).instances[file]!;
    const r = qala(`${DATA}${file}`, '--rule', 'mes-add1', '--explain');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { add1: { runs: number; increments: number; voterBudget: string } };
    assert.equal(out.add1.runs, ref.rules.mes_cost_add1!.add1_num_mes_runs);
    assert.equal(out.add1.voterBudget, Rational.parse(ref.rules.mes_cost_add1!.add1_returned_voter_budget).toString());
    // B/n + increments is that budget
    const perVoter = Rational.parse(ref.budget_exact).div(Rational.of(ref.num_voters)).add(Rational.of(out.add1.increments));
    assert.equal(perVoter.toString(), out.add1.voterBudget);
    const plain = qala(`${DATA}${file}`, '--rule', 'mes-add1');
    assert.equal(JSON.parse(plain.stdout).add1, undefined, 'only with --explain');
  });
});
