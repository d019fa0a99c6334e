import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PabulibError, parsePabulib, writePabulib, type ParsedPabulib } from '../../src/domain/pabulib.js';
import { Rational } from '../../src/domain/rational.js';

const DIR = new URL('../fixtures/pabulib/', import.meta.url);
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.pb'));

const SMALL = `META
key;value
description;"A town; with a semicolon"
num_projects;3
num_votes;3
budget;1000,50
vote_type;approval
PROJECTS
project_id;cost;name;category
a;500;"Park ""North""";green,sport
b;250.25;Library;culture
c;2000;None;
VOTES
voter_id;vote;age
1;a,b;30
2;;41
3;c,a;None
`;

function errorOf(text: string): PabulibError {
  try {
    parsePabulib(text);
  } catch (e) {
    assert.ok(e instanceof PabulibError, `expected PabulibError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a PabulibError');
}

/** Warnings other than the decimal comma of SMALL's budget and its empty ballot. */
const others = (pb: ParsedPabulib): ParsedPabulib['warnings'] => pb.warnings.filter((w) => w.code !== 'decimal_comma' && w.code !== 'empty_ballot');

function replaceLine(text: string, line: number, content: string): string {
  const lines = text.split('\n');
  lines[line - 1] = content;
  return lines.join('\n');
}

describe('parsePabulib', () => {
  it('reads the three sections, quoting, lists and exact decimals', () => {
    const pb = parsePabulib(SMALL);
    assert.equal(pb.meta.description, 'A town; with a semicolon');
    assert.equal(pb.voteType, 'approval');
    assert.equal(pb.budget.toString(), '2001/2');
    assert.deepEqual(pb.projectIds, ['a', 'b', 'c']);
    assert.deepEqual(pb.costs.map(String), ['500', '1001/4', '2000']);
    assert.equal(pb.projects[0]!.name, 'Park "North"');
    assert.equal(pb.projects[0]!.category, 'green,sport');
    assert.deepEqual(pb.projectColumns, ['project_id', 'cost', 'name', 'category']);
    assert.deepEqual(
      pb.ballots.map((b) => b.projects),
      [['a', 'b'], [], ['c', 'a']],
    );
    assert.equal(pb.votes[2]!.age, 'None');
    assert.deepEqual(
      pb.warnings.map((w) => [w.code, w.line]),
      [
        ['decimal_comma', 6],
        ['empty_ballot', 16],
      ],
    );
  });

  it('reads CRLF files and a byte-order mark', () => {
    const pb = parsePabulib(`\uFEFF${SMALL.replace(/\n/g, '\r\n')}`);
    assert.equal(pb.meta.description, 'A town; with a semicolon');
    assert.deepEqual(pb.ballots[0]!.projects, ['a', 'b']);
  });

  it('reads cumulative points, scoring and ordinal ballots', () => {
    const cumulative = parsePabulib(
      'META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\nx;5\ny;6\nVOTES\nvoter_id;vote;points\n1;x,y;2,1\n2;y;3\n',
    );
    assert.deepEqual(cumulative.ballots[0]!.points!.map(String), ['2', '1']);
    const scoring = parsePabulib('META\nkey;value\nbudget;10\nvote_type;scoring\nPROJECTS\nproject_id;cost\nx;5\nVOTES\nvoter_id;vote;points\n1;x;0.5\n');
    assert.equal(scoring.ballots[0]!.points![0]!.toString(), '1/2');
    const ordinal = parsePabulib('META\nkey;value\nbudget;10\nvote_type;ordinal\nPROJECTS\nproject_id;cost\nx;5\ny;6\nVOTES\nvoter_id;vote\n1;y,x\n');
    assert.deepEqual(ordinal.ballots[0]!.projects, ['y', 'x']);
    const choose1 = parsePabulib('META\nkey;value\nbudget;10\nvote_type;choose-1\nPROJECTS\nproject_id;cost\nx;5\ny;6\nVOTES\nvoter_id;vote\n1;y\n2;x,y\n');
    assert.deepEqual(choose1.warnings.map((w) => [w.code, w.line]), [['choose1_several', 12]]);
  });

  it('reports META counts that disagree with the rows as warnings with their line', () => {
    const pb = parsePabulib(SMALL.replace('num_projects;3', 'num_projects;4').replace('num_votes;3', 'num_votes;2'));
    assert.deepEqual(
      others(pb).map((w) => [w.code, w.line]),
      [
        ['count_mismatch', 4],
        ['count_mismatch', 5],
      ],
    );
  });

  it('keeps the first META entry when the key;value header is missing (pabutools drops it)', () => {
    const pb = parsePabulib(SMALL.replace('key;value\n', ''));
    assert.equal(pb.meta.description, 'A town; with a semicolon');
    assert.equal(pb.warnings[0]!.code, 'meta_header_missing');
  });

  it('reads a points ballot that lists a project several times as pabutools does: the last entry counts', () => {
    const pb = parsePabulib(
      'META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n579;5\nx;6\nVOTES\nvoter_id;vote;points\n1;579,579,579,579;1,1,1,1\n2;x,579,x;2,1,3\n3;x;1\n',
    );
    assert.deepEqual(
      pb.ballots.map((b) => [b.projects, b.points!.map(String)]),
      [
        [['579'], ['1']],
        [['x', '579'], ['3', '1']],
        [['x'], ['1']],
      ],
    );
    assert.deepEqual(
      pb.warnings.map((w) => [w.code, w.line]),
      [
        ['duplicate_in_ballot', 11],
        ['duplicate_in_ballot', 12],
      ],
    );
    assert.match(pb.warnings[1]!.message, /"x" listed more than once.*last entry/);
  });

  it('reads rows that end in extra separators, with one warning per section naming the first line', () => {
    const text = SMALL.replace('green,sport', 'green,sport;').replace('c;2000;None;', 'c;2000;None;;;').replace('1;a,b;30', '1;a,b;30;').replace('2;;41', '2;;41;');
    const pb = parsePabulib(text);
    assert.deepEqual(pb.projects[2], { project_id: 'c', cost: '2000', name: 'None', category: '' });
    assert.deepEqual(
      pb.ballots.map((b) => b.projects),
      [['a', 'b'], [], ['c', 'a']],
    );
    assert.deepEqual(
      others(pb).map((w) => [w.code, w.line]),
      [
        ['trailing_separator', 10],
        ['trailing_separator', 15],
      ],
    );
    assert.match(others(pb)[0]!.message, /and 1 more line/);
    // a non-empty extra field is not a trailing separator
    assert.match(errorOf(SMALL.replace('1;a,b;30', '1;a,b;30;x')).message, /line 15: VOTES row has 4 field/);
  });

  it('names the project an approval ballot lists twice', () => {
    const pb = parsePabulib(SMALL.replace('1;a,b;30', '1;a,b,a;30'));
    assert.deepEqual(pb.ballots[0]!.projects, ['a', 'b']);
    assert.deepEqual(
      others(pb).map((w) => [w.code, w.line, w.message]),
      [['duplicate_in_ballot', 15, '"a" listed more than once in one ballot; counted once']],
    );
  });

  it('reads the odd real-world fixture: BOM, CRLF, repeated points entries, trailing separator, decimal comma, empty ballot', () => {
    const pb = parsePabulib(readFileSync(new URL('odd/cumulative-repeated-entries.pb', DIR), 'utf8'));
    assert.deepEqual(pb.costs.map(String), ['60', '60', '40']);
    assert.deepEqual(
      pb.ballots.map((b) => [b.projects, b.points!.map(String)]),
      [
        [['A', 'B'], ['1', '2']],
        [['B'], ['4']],
        [['C'], ['1']],
        [[], []],
      ],
    );
    assert.deepEqual(
      pb.warnings.map((w) => [w.code, w.line]),
      [
        ['trailing_separator', 11],
        ['decimal_comma', 12],
        ['duplicate_in_ballot', 15],
        ['duplicate_in_ballot', 17],
        ['empty_ballot', 18],
      ],
    );
  });

  it('reads costs and a budget with a decimal comma, with one warning each naming the first line and the value read', () => {
    const text = SMALL.replace('b;250.25', 'b;250,25').replace('c;2000', 'c;1,000');
    const pb = parsePabulib(text);
    assert.deepEqual(pb.costs.map(String), ['500', '1001/4', '1']);
    assert.equal(pb.budget.toString(), '2001/2');
    const commas = pb.warnings.filter((w) => w.code === 'decimal_comma');
    assert.deepEqual(
      commas.map((w) => [w.line, w.message]),
      [
        [6, 'budget "1000,50" has a comma, read as the decimal point: 1000.5'],
        [11, 'the cost "250,25" of project "b" has a comma, read as the decimal point: 250.25 (and 1 more cost(s))'],
      ],
    );
    assert.deepEqual(others(parsePabulib(SMALL.replace('budget;1000,50', 'budget;1000.50'))), []);
    assert.equal(
      parsePabulib(SMALL.replace('budget;1000,50', 'budget;1000.50')).warnings.some((w) => w.code === 'decimal_comma'),
      false,
    );
  });

  it('accepts empty ballots with one warning naming the first and how many', () => {
    const pb = parsePabulib(SMALL.replace('3;c,a;None', '3;;None').replace('num_votes;3', 'num_votes;4') + '4; , ;50\n');
    assert.deepEqual(
      pb.ballots.map((b) => b.projects),
      [['a', 'b'], [], [], []],
    );
    const empty = pb.warnings.filter((w) => w.code === 'empty_ballot');
    assert.equal(empty.length, 1);
    assert.equal(empty[0]!.line, 16);
    assert.match(empty[0]!.message, /^3 empty ballots/);
    // a ballot with a project is not empty
    assert.equal(parsePabulib(SMALL.replace('2;;41', '2;b;41')).warnings.some((w) => w.code === 'empty_ballot'), false);
  });

  it('rejects malformed files with the line number and the reason', () => {
    const cases: [string, number, RegExp][] = [
      [SMALL.replace('b;250.25;Library;culture', 'a;250.25;Library;culture'), 11, /duplicate project_id "a".*line 10/],
      [SMALL.replace('b;250.25', 'b;25x'), 11, /cost of project "b" "25x" is not a number/],
      [SMALL.replace('b;250.25', 'b;-3'), 11, /negative/],
      [SMALL.replace('1;a,b;30', '1;a,zz;30'), 15, /unknown project "zz"/],
      [SMALL.replace('1;a,b;30', '1;a,b'), 15, /1 field|2 field/],
      [SMALL.replace('budget;1000,50', 'budget;lots'), 6, /budget "lots" is not a number/],
      [SMALL.replace('vote_type;approval', 'vote_type;quadratic'), 7, /unknown vote_type/],
      [`${SMALL}4;"a,b;50\n`, 18, /never closed/],
      [SMALL.replace('project_id;cost;name;category', 'project_id;price;name;category'), 9, /no "cost" column/],
      [`x;y\n${SMALL}`, 1, /before the META/],
      [replaceLine(SMALL, 3, 'description;a;b'), 3, /key;value/],
    ];
    for (const [text, line, reason] of cases) {
      const e = errorOf(text);
      assert.equal(e.line, line, e.message);
      assert.match(e.message, reason);
      assert.match(e.message, new RegExp(`line ${line}`));
    }
    assert.match(errorOf('META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\n').message, /no "budget"/);
    assert.match(errorOf('META\nkey;value\nbudget;5\nvote_type;approval\n').message, /no PROJECTS/);
    const points = errorOf('META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\nx;5\ny;6\nVOTES\nvoter_id;vote;points\n1;x,y;2\n');
    assert.equal(points.line, 11);
    assert.match(points.message, /2 project\(s\) in "vote" but 1 value/);
    assert.match(errorOf('META\nkey;value\nbudget;10\nvote_type;ordinal\nPROJECTS\nproject_id;cost\nx;5\nVOTES\nvoter_id;vote\n1;x,x\n').message, /ranked twice/);
  });
});

function equivalent(a: ParsedPabulib, b: ParsedPabulib): void {
  assert.deepEqual(b.meta, a.meta);
  assert.deepEqual(b.projectColumns, a.projectColumns);
  assert.deepEqual(b.voteColumns, a.voteColumns);
  assert.deepEqual(b.projects, a.projects);
  assert.deepEqual(b.votes, a.votes);
  assert.equal(b.budget.toString(), a.budget.toString());
  assert.deepEqual(b.costs.map(String), a.costs.map(String));
  assert.deepEqual(
    b.ballots.map((x) => [x.voterId, x.projects, x.points?.map(String)]),
    a.ballots.map((x) => [x.voterId, x.projects, x.points?.map(String)]),
  );
}

describe('writePabulib', () => {
  for (const file of FILES) {
    it(`round-trips ${file}`, () => {
      const first = parsePabulib(readFileSync(new URL(file, DIR), 'utf8'));
      const text = writePabulib(first);
      const second = parsePabulib(text);
      equivalent(first, second);
      assert.equal(writePabulib(second), text, 'writing is stable');
    });
  }

  it('round-trips quoting, empty ballots and decimals', () => {
    const first = parsePabulib(SMALL);
    const text = writePabulib(first);
    assert.match(text, /"Park ""North"""/);
    assert.match(text, /^b;250\.25;/m);
    equivalent(first, parsePabulib(text));
  });

  it('writes a cycle export from plain rows, filling the counts', () => {
    const text = writePabulib({
      meta: { description: 'Aksu 2026', country: 'Kazakhstan', unit: 'Aksu', budget: 100_000_000, vote_type: 'cumulative', currency: 'KZT' },
      projects: [
        { project_id: 'p1', cost: 9_000_000, name: 'Сквер; с фонтаном', votes: 12 },
        { project_id: 'p2', cost: Rational.parse('1500000.5'), name: 'Library', category: ['culture', 'education'] },
      ],
      votes: [
        { voter_id: 'v1', vote: ['p1', 'p2'], points: [2, 1] },
        { voter_id: 'v2', vote: [], points: [] },
      ],
    });
    const pb = parsePabulib(text);
    assert.equal(pb.meta.num_projects, '2');
    assert.equal(pb.meta.num_votes, '2');
    assert.deepEqual(pb.projectColumns, ['project_id', 'cost', 'name', 'votes', 'category']);
    assert.equal(pb.projects[0]!.name, 'Сквер; с фонтаном');
    assert.equal(pb.projects[1]!.category, 'culture,education');
    assert.equal(pb.costs[1]!.toString(), '3000001/2');
    assert.deepEqual(pb.ballots[0]!.points!.map(String), ['2', '1']);
    assert.deepEqual(pb.ballots[1]!.projects, []);
    // the empty ballot is the only thing worth a warning
    assert.deepEqual(
      pb.warnings.map((w) => [w.code, w.line]),
      [['empty_ballot', 18]],
    );
  });

  it('refuses duplicate project ids and missing required fields', () => {
    assert.throws(
      () => writePabulib({ meta: { budget: 1, vote_type: 'approval' }, projects: [{ project_id: 'a', cost: 1 }, { project_id: 'a', cost: 2 }], votes: [] }),
      /duplicate project_id "a"/,
    );
    assert.throws(() => writePabulib({ meta: { vote_type: 'approval' }, projects: [], votes: [] }), /budget/);
    assert.throws(
      () => writePabulib({ meta: { budget: 1, vote_type: 'approval' }, projects: [{ project_id: 'a', cost: 1 }], votes: [{ voter_id: '1', vote: ['a,b'] }] }),
      /comma/,
    );
  });
});

describe('Rational', () => {
  it('reads decimals exactly, with either separator', () => {
    assert.equal(Rational.parse('748772,64').toString(), '18719316/25');
    assert.equal(Rational.parse('748772,64').toDecimalString(), '748772.64');
    assert.equal(Rational.parse('969245.38').toString(), '48462269/50');
    assert.equal(Rational.parse('1e3').toString(), '1000');
    assert.equal(Rational.parse('-0.5').toString(), '-1/2');
    assert.equal(Rational.tryParse('1.2.3'), null);
    assert.equal(Rational.tryParse(''), null);
    assert.equal(Rational.parse('48462269/50').toDecimalString(), '969245.38');
    assert.equal(Rational.of(1n, 3n).toDecimalString(), '1/3');
    assert.equal(Rational.from(0.1).add(Rational.from(0.2)).eq(Rational.parse('0.3')), true);
  });

  it('converts huge fractions to doubles without overflow', () => {
    const big = 10n ** 400n;
    assert.equal(Rational.of(big * 3n + 1n, big * 2n).toNumber(), 1.5);
    assert.equal(Rational.of(2n, 3n).toFixedNumber(2), 0.67);
  });
});
