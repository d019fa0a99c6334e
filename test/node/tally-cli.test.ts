import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { Explanation } from '../../src/contract/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATA = fileURLToPath(new URL('../fixtures/pabulib/', import.meta.url));

function qala(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/qala.mjs', 'tally', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'qala-tally-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const small = join(tmp, 'small.pb');
writeFileSync(
  small,
  'META\nkey;value\nbudget;100\nvote_type;approval\nnum_projects;3\nnum_votes;3\nPROJECTS\nproject_id;cost\n9;60\n10;60\nx;30\nVOTES\nvoter_id;vote\n1;9,10\n2;9,10,x\n3;x\n',
);

describe('qala tally', () => {
  it('prints one JSON object with the outcome in order of selection', () => {
    const r = qala(small, '--rule', 'greedy');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { rule: 'greedy', budget: '100', selected: ['10', 'x'], cost: '90' });
  });

  it('takes --tie-break', () => {
    const r = qala(small, '--rule=greedy', '--tie-break', 'cost-then-votes');
    assert.equal(r.status, 0, r.stderr);
    // all three have 2 votes: the cheapest first, then '10' before '9' by id
    assert.deepEqual(JSON.parse(r.stdout).selected, ['x', '10']);
    const mes = qala(small, '--rule', 'mes');
    assert.deepEqual(JSON.parse(mes.stdout).selected, ['10', 'x']);
  });

  it('adds an explanation per project with --explain', () => {
    const r = qala(small, '--rule', 'mes-add1-greedy', '--explain');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { explanations: Record<string, unknown> };
    assert.deepEqual(Object.keys(out.explanations).sort(), ['10', '9', 'x']);
    for (const e of Object.values(out.explanations)) Explanation.parse(e);
  });

  it('counts a real election with the reference outcome', () => {
    const r = qala(join(DATA, 'poland_warszawa_2017_goclaw.pb'), '--rule', 'mes-add1');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.budget, '969245.38');
    assert.equal(out.cost, '868693');
    // pabutools' order of selection (expected.json)
    assert.deepEqual(out.selected, ['632', '1098', '2042', '569', '48', '394', '62', '33', '1588', '32', '972', '707']);
    assert.match(r.stderr, /warning: line 2: META has no "key;value" header/);
  });

  it('reports errors on stderr with a non-zero exit and nothing on stdout', () => {
    const cases: [string[], number, RegExp][] = [
      [[small], 2, /no --rule given/],
      [[small, '--rule', 'plurality'], 2, /unknown rule "plurality"/],
      [[small, '--rule', 'mes', '--tie-break', 'coin'], 2, /unknown tie-break "coin"/],
      [['--rule', 'mes'], 2, /no \.pb file/],
      [[join(tmp, 'missing.pb'), '--rule', 'mes'], 1, /cannot read/],
    ];
    const broken = join(tmp, 'broken.pb');
    writeFileSync(broken, 'META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\na;10\na;20\n');
    cases.push([[broken, '--rule', 'greedy'], 1, /line 8: duplicate project_id "a"/]);
    for (const [args, status, message] of cases) {
      const r = qala(...args);
      assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    }
  });
});
