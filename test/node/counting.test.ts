import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { COUNTING_RULES, Explanation, type CountingRuleName, type TieBreak } from '../../src/contract/index.js';
import { CountingInputError, compareIds, tally, type CountingBallot, type TallyInput } from '../../src/domain/counting/index.js';
import { Rational } from '../../src/domain/rational.js';

const approve = (...ids: string[]): CountingBallot => ({ picks: ids.map((projectId) => ({ projectId })) });
const many = (count: number, ...ids: string[]): CountingBallot[] => Array.from({ length: count }, () => approve(...ids));

describe('tie-breaking', () => {
  it('lexico compares ids as strings, like pabutools ("10" < "9"), under every rule', () => {
    assert.ok(compareIds('10', '9') < 0);
    assert.ok(compareIds('L025', 'L1') < 0);
    assert.ok(compareIds('M/01/VIII', 'M/01/IX') > 0);
    for (const rule of COUNTING_RULES) {
      const r = tally({
        rule,
        budget: 60,
        projects: [
          { id: '9', cost: 60 },
          { id: '10', cost: 60 },
        ],
        ballots: many(6, '9', '10'),
      });
      assert.deepEqual(r.selected, ['10'], rule);
    }
  });

  it('cost-then-votes prefers the cheaper project (greedy)', () => {
    const input = (tieBreak: TieBreak): TallyInput => ({
      rule: 'greedy',
      tieBreak,
      budget: 60,
      projects: [
        { id: '9', cost: 50 },
        { id: '10', cost: 60 },
      ],
      ballots: [...many(3, '9'), ...many(3, '10')],
    });
    assert.deepEqual(tally(input('lexico')).selected, ['10']);
    assert.deepEqual(tally(input('lexico')).explanations['9'], { kind: 'did_not_fit', remaining: 0 });
    assert.deepEqual(tally(input('cost-then-votes')).selected, ['9']);
    assert.deepEqual(tally(input('cost-then-votes')).explanations['10'], { kind: 'did_not_fit', remaining: 10 });
  });

  it('cost-then-votes under MES: equal ρ, the cheaper project goes first', () => {
    // 3 voters with 20 each approve both: ρ = 1/3 for both
    const input = (tieBreak: TieBreak): TallyInput => ({
      rule: 'mes',
      tieBreak,
      budget: 60,
      projects: [
        { id: 'a', cost: 60 },
        { id: 'b', cost: 30 },
      ],
      ballots: many(3, 'a', 'b'),
    });
    assert.deepEqual(tally(input('lexico')).selected, ['a']);
    assert.deepEqual(tally(input('cost-then-votes')).selected, ['b']);
  });

  it('cost-then-votes under Phragmén: equal load, cheaper first; then votes', () => {
    const input = (tieBreak: TieBreak): TallyInput => ({
      rule: 'phragmen',
      tieBreak,
      budget: 60,
      projects: [
        { id: 'a', cost: 60 },
        { id: 'b', cost: 30 },
      ],
      ballots: [...many(2, 'a'), approve('b')],
    });
    assert.deepEqual(tally(input('lexico')).selected, ['a']);
    assert.deepEqual(tally(input('cost-then-votes')).selected, ['b']);
  });
});

describe('edge cases', () => {
  const projects = [
    { id: 'a', cost: 60 },
    { id: 'b', cost: 30 },
    { id: 'big', cost: 1000 },
  ];

  it('a zero budget funds nothing and says why', () => {
    for (const rule of COUNTING_RULES) {
      const r = tally({ rule, budget: 0, projects, ballots: [approve('a', 'b'), approve('big')] });
      assert.deepEqual(r.selected, [], rule);
      assert.equal(r.cost, '0');
      assert.deepEqual(r.explanations.a, { kind: 'over_budget', budget: 0 }, rule);
    }
  });

  it('a project costing more than the budget is never funded, even with every vote', () => {
    for (const rule of COUNTING_RULES) {
      const r = tally({ rule, budget: 100, projects, ballots: [...many(50, 'big'), approve('b')] });
      assert.ok(!r.selected.includes('big'), rule);
      assert.deepEqual(r.explanations.big, { kind: 'over_budget', budget: 100 });
      assert.equal(r.votes.big, 50);
    }
  });

  it('empty ballots count as voters: under MES they take a share of the budget', () => {
    const base = { budget: 100, projects: [{ id: 'a', cost: 60 }] };
    const alone = tally({ ...base, rule: 'mes', ballots: [approve('a')] });
    assert.deepEqual(alone.selected, ['a']);
    const withEmpty = tally({ ...base, rule: 'mes', ballots: [approve('a'), approve()] });
    assert.deepEqual(withEmpty.selected, []);
    assert.equal(withEmpty.voters, 2);
    assert.deepEqual(withEmpty.explanations.a, { kind: 'supporters_ran_out', supporters: 1, supportersMoney: 50 });
    assert.deepEqual(tally({ ...base, rule: 'greedy', ballots: [approve('a'), approve()] }).selected, ['a']);
    // Add1 raises each share by 1 until the project is affordable: 50, 51, …, 60 → 11 runs
    const add1 = tally({ ...base, rule: 'mes-add1', ballots: [approve('a'), approve()] });
    assert.deepEqual(add1.selected, ['a']);
    assert.deepEqual(add1.add1, { runs: 11, increments: 10, voterBudget: '60' });
    assert.equal(add1.explanations.a!.kind === 'funded' && add1.explanations.a!.stage, 'completion');
  });

  it('a single voter gets what fits, under every rule', () => {
    for (const rule of COUNTING_RULES) {
      const r = tally({ rule, budget: 100, projects, ballots: [approve('a', 'b', 'big')] });
      assert.deepEqual([...r.selected].sort(), ['a', 'b'], rule);
      assert.equal(r.cost, '90');
    }
  });

  it('no voters at all', () => {
    for (const rule of COUNTING_RULES) {
      const r = tally({ rule, budget: 100, projects, ballots: [] });
      assert.equal(r.voters, 0);
      assert.deepEqual(r.explanations.b, rule.startsWith('greedy') || rule === 'mes-add1-greedy' || rule === 'phragmen' ? r.explanations.b : { kind: 'no_support' });
      if (rule === 'mes' || rule === 'mes-card' || rule === 'mes-add1') assert.deepEqual(r.selected, []);
    }
  });

  it('duplicate project ids, unknown projects and missing points are errors', () => {
    assert.throws(
      () => tally({ rule: 'greedy', budget: 10, projects: [{ id: 'a', cost: 1 }, { id: 'a', cost: 2 }], ballots: [] }),
      (e: unknown) => e instanceof CountingInputError && /duplicate project id "a"/.test(e.message),
    );
    assert.throws(() => tally({ rule: 'greedy', budget: 10, projects: [{ id: 'a', cost: 1 }], ballots: [approve('zz')] }), /unknown project "zz"/);
    assert.throws(
      () => tally({ rule: 'mes', voteType: 'cumulative', budget: 10, projects: [{ id: 'a', cost: 1 }], ballots: [approve('a')] }),
      /no points/,
    );
    assert.throws(() => tally({ rule: 'mes', budget: -1, projects: [], ballots: [] }), /negative/);
  });

  it('is exact where doubles are not: 0.1 + 0.2 fits in 0.3', () => {
    const r = tally({
      rule: 'greedy',
      budget: '0.3',
      projects: [
        { id: 'a', cost: '0,1' },
        { id: 'b', cost: 0.2 },
      ],
      ballots: [approve('a', 'b')],
    });
    assert.deepEqual(r.selected, ['a', 'b']);
    assert.equal(r.cost, '0.3');
    assert.equal(r.budget, '0.3');
  });

  it('weighted ballots count like repeated ones', () => {
    const base = { budget: 100, projects: [{ id: 'a', cost: 70 }, { id: 'b', cost: 40 }, { id: 'c', cost: 30 }] };
    for (const rule of COUNTING_RULES) {
      const expanded = tally({ ...base, rule, ballots: [...many(3, 'a'), ...many(2, 'b', 'c'), approve('c')] });
      const weighted = tally({ ...base, rule, ballots: [{ ...approve('a'), weight: 3 }, { ...approve('b', 'c'), weight: 2 }, approve('c')] });
      assert.deepEqual(weighted, expanded, rule);
    }
  });
});

describe('vote types', () => {
  const projects = [
    { id: 'x', cost: 50 },
    { id: 'y', cost: 20 },
    { id: 'z', cost: 40 },
  ];
  const points = (entries: [string, number][]): CountingBallot => ({ picks: entries.map(([projectId, p]) => ({ projectId, points: p })) });

  it('cumulative: greedy ranks by points per unit of cost, MES uses points as utility', () => {
    const ballots = [points([['x', 5]]), points([['x', 4], ['y', 1]]), points([['z', 3]])];
    const greedy = tally({ rule: 'greedy', voteType: 'cumulative', budget: 70, projects, ballots });
    // densities: x 9/50 = .18, y 1/20 = .05, z 3/40 = .075
    assert.deepEqual(greedy.selected, ['x', 'y']);
    assert.deepEqual(greedy.votes, { x: 9, y: 1, z: 3 });
    const mes = tally({ rule: 'mes', voteType: 'cumulative', budget: 90, projects, ballots });
    // each voter has 30: x costs its two supporters 25 each (ρ = 25/4.5 per point), z needs 40 from one voter with 30
    assert.deepEqual(mes.selected, ['x']);
    assert.equal(mes.explanations.z!.kind, 'supporters_ran_out');
  });

  it('ordinal ballots count their first preference; choose-1 is a one-project approval', () => {
    const ranked = tally({
      rule: 'greedy',
      voteType: 'ordinal',
      budget: 60,
      projects,
      ballots: [approve('y', 'x'), approve('y', 'z'), approve('x', 'y')],
    });
    assert.deepEqual(ranked.votes, { x: 1, y: 2, z: 0 });
    // y (2 first preferences) then x (1) does not fit; z has none but fits, and greedy funds what fits
    assert.deepEqual(ranked.selected, ['y', 'z']);
    assert.deepEqual(ranked.explanations.x, { kind: 'did_not_fit', remaining: 40 });
    const single = tally({ rule: 'greedy', voteType: 'choose-1', budget: 60, projects, ballots: [approve('z'), approve('z'), approve('x')] });
    assert.deepEqual(single.selected, ['z', 'y']);
    assert.deepEqual(single.explanations.x, { kind: 'did_not_fit', remaining: 20 });
    assert.deepEqual(single.explanations.y, { kind: 'funded', round: 2, stage: 'main', supporters: 0, remainingAfter: 0 });
  });
});

describe('explanations', () => {
  it('gives each kind with its figures', () => {
    const projects = [
      { id: 'a', cost: 80 },
      { id: 'b', cost: 50 },
      { id: 'c', cost: 10 },
      { id: 'nobody', cost: 5 },
      { id: 'huge', cost: 500 },
    ];
    const ballots = [...many(10, 'a'), ...many(9, 'b'), approve('c', 'huge')];
    const phragmen = tally({ rule: 'phragmen', budget: 100, projects, ballots });
    // loads: b 50/9 < a 80/10 < c 10/1; a is next but does not fit: the rule stops
    assert.deepEqual(phragmen.selected, ['b']);
    assert.deepEqual(phragmen.explanations.b, { kind: 'funded', round: 1, stage: 'main', supporters: 9, averagePayment: 5.56, remainingAfter: 50 });
    assert.deepEqual(phragmen.explanations.a, { kind: 'rule_stopped', remaining: 50 });
    assert.deepEqual(phragmen.explanations.c, { kind: 'rule_stopped', remaining: 50 });
    assert.deepEqual(phragmen.explanations.nobody, { kind: 'no_support' });
    assert.deepEqual(phragmen.explanations.huge, { kind: 'over_budget', budget: 100 });

    const greedy = tally({ rule: 'greedy', budget: 100, projects, ballots });
    assert.deepEqual(greedy.selected, ['a', 'c', 'nobody']);
    assert.deepEqual(greedy.explanations.b, { kind: 'did_not_fit', remaining: 20 });
    assert.deepEqual(greedy.explanations.nobody, { kind: 'funded', round: 3, stage: 'main', supporters: 0, remainingAfter: 5 });

    const mes = tally({ rule: 'mes', budget: 140, projects, ballots });
    // 20 voters with 7 each: b costs its 9 supporters 50/9 each; a's 10 hold 70 < 80; c's one holds 7 < 10
    assert.deepEqual(mes.selected, ['b']);
    assert.deepEqual(mes.explanations.b, { kind: 'funded', round: 1, stage: 'main', supporters: 9, averagePayment: 5.56, remainingAfter: 90 });
    assert.deepEqual(mes.explanations.a, { kind: 'supporters_ran_out', supporters: 10, supportersMoney: 70 });
    assert.deepEqual(mes.explanations.c, { kind: 'supporters_ran_out', supporters: 1, supportersMoney: 7 });
    assert.deepEqual(mes.explanations.huge, { kind: 'over_budget', budget: 140 });

    const completed = tally({ rule: 'mes-add1-greedy', budget: 100, projects, ballots });
    for (const e of Object.values(completed.explanations)) Explanation.parse(e);
    const stages = completed.selected.map((id) => {
      const e = completed.explanations[id]!;
      return e.kind === 'funded' ? e.stage : e.kind;
    });
    assert.ok(stages.includes('completion'));
  });
});

// ------------------------------------------------------------- properties

/** Straightforward exact MES (one Rational budget per voter), pabutools' algorithm as written. */
function naiveMes(input: TallyInput, voterBudget: Rational): string[] {
  const n = input.ballots.length;
  const budgets = Array.from({ length: n }, () => voterBudget);
  const cost = new Map(input.projects.map((p) => [p.id, Rational.from(p.cost)]));
  const supporters = new Map(input.projects.map((p) => [p.id, [] as number[]]));
  input.ballots.forEach((b, i) => new Set(b.picks.map((p) => p.projectId)).forEach((id) => supporters.get(id)!.push(i)));
  const util = (id: string): Rational => (input.rule === 'mes-card' ? Rational.ONE : cost.get(id)!);
  let live = input.projects.map((p) => p.id).filter((id) => supporters.get(id)!.length > 0 && cost.get(id)!.sign() > 0);
  const selected = input.projects.map((p) => p.id).filter((id) => input.rule === 'mes-card' && supporters.get(id)!.length > 0 && cost.get(id)!.isZero());
  selected.sort(compareIds);
  for (;;) {
    let best: Rational | null = null;
    let winner: string | null = null;
    const keep: string[] = [];
    for (const id of [...live].sort(compareIds)) {
      const sup = supporters.get(id)!;
      const c = cost.get(id)!;
      if (sup.reduce((s, i) => s.add(budgets[i]!), Rational.ZERO).lt(c)) continue;
      keep.push(id);
      const u = util(id);
      let rich = new Set(sup);
      let poor = Rational.ZERO;
      let rho = Rational.ZERO;
      for (;;) {
        rho = c.sub(poor).div(u.mul(Rational.of(rich.size)));
        const now = [...rich].filter((i) => budgets[i]!.lt(rho.mul(u)));
        if (now.length === 0) break;
        for (const i of now) {
          rich.delete(i);
          poor = poor.add(budgets[i]!);
        }
        rich = new Set(rich);
      }
      if (!best || rho.lt(best)) {
        best = rho;
        winner = id;
      }
    }
    live = keep;
    if (!winner || !best) return selected;
    for (const i of supporters.get(winner)!) budgets[i] = budgets[i]!.sub(Rational.min(budgets[i]!, best.mul(util(winner))));
    selected.push(winner);
    live = live.filter((id) => id !== winner);
  }
}

function naiveAdd1(input: TallyInput): string[] {
  const B = Rational.from(input.budget);
  const cost = (id: string): Rational => Rational.from(input.projects.find((p) => p.id === id)!.cost);
  const supported = new Set(input.ballots.flatMap((b) => b.picks.map((p) => p.projectId)));
  const candidates = input.projects.filter((p) => supported.has(p.id) && Rational.from(p.cost).sign() > 0).map((p) => p.id);
  let b = B.div(Rational.of(input.ballots.length));
  let prev: string[] = [];
  for (;;) {
    const out = naiveMes(input, b);
    const spent = out.reduce((s, id) => s.add(cost(id)), Rational.ZERO);
    if (spent.gt(B)) return prev;
    if (!candidates.some((id) => !out.includes(id) && spent.add(cost(id)).lte(B))) return out;
    prev = out;
    b = b.add(Rational.ONE);
  }
}

function naivePhragmen(input: TallyInput): string[] {
  const B = Rational.from(input.budget);
  const cost = new Map(input.projects.map((p) => [p.id, Rational.from(p.cost)]));
  const supporters = new Map(input.projects.map((p) => [p.id, [] as number[]]));
  input.ballots.forEach((b, i) => new Set(b.picks.map((p) => p.projectId)).forEach((id) => supporters.get(id)!.push(i)));
  const load = input.ballots.map(() => Rational.ZERO);
  let live = input.projects.map((p) => p.id).filter((id) => cost.get(id)!.lte(B));
  let spent = Rational.ZERO;
  const selected: string[] = [];
  while (live.length) {
    let best: Rational | null = null;
    let tied: string[] = [];
    for (const id of live) {
      const sup = supporters.get(id)!;
      if (!sup.length) continue;
      const l = sup.reduce((s, i) => s.add(load[i]!), cost.get(id)!).div(Rational.of(sup.length));
      if (!best || l.lt(best)) {
        best = l;
        tied = [id];
      } else if (l.eq(best)) tied.push(id);
    }
    if (!best) tied = [...live];
    if (tied.some((id) => spent.add(cost.get(id)!).gt(B))) break;
    const f = tied.sort(compareIds)[0]!;
    if (best) for (const i of supporters.get(f)!) load[i] = best;
    spent = spent.add(cost.get(f)!);
    selected.push(f);
    live = live.filter((id) => id !== f);
  }
  return selected;
}

const electionArb = fc
  .record({
    costs: fc.array(fc.oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 1, max: 12000 }).map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`)), {
      minLength: 1,
      maxLength: 7,
    }),
    budget: fc.integer({ min: 0, max: 300 }),
    ballots: fc.array(fc.array(fc.nat({ max: 6 }), { maxLength: 4 }), { maxLength: 25 }),
  })
  .map(({ costs, budget, ballots }) => ({
    budget,
    projects: costs.map((cost, i) => ({ id: `p${(i * 7) % 11}`, cost })),
    ballots: ballots.map((picks) => approve(...[...new Set(picks.filter((p) => p < costs.length))].map((p) => `p${(p * 7) % 11}`))),
  }));

const ruleArb = fc.constantFrom(...COUNTING_RULES);
const tieArb = fc.constantFrom<TieBreak>('lexico', 'cost-then-votes');

describe('properties', () => {
  it('the outcome never exceeds the budget, and every project has a valid explanation', () => {
    fc.assert(
      fc.property(electionArb, ruleArb, tieArb, (election, rule, tieBreak) => {
        const r = tally({ ...election, rule, tieBreak });
        assert.ok(Rational.parse(r.cost).lte(Rational.from(election.budget)));
        const total = r.selected.reduce((s, id) => s.add(Rational.from(election.projects.find((p) => p.id === id)!.cost)), Rational.ZERO);
        assert.equal(total.toString(), Rational.parse(r.cost).toString());
        assert.equal(new Set(r.selected).size, r.selected.length);
        for (const p of election.projects) {
          const e = Explanation.parse(r.explanations[p.id]);
          assert.equal(e.kind === 'funded', r.selected.includes(p.id));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('greedy rules (and Add1 + greedy) are exhaustive: nothing left out still fits', () => {
    fc.assert(
      fc.property(electionArb, fc.constantFrom<CountingRuleName>('greedy', 'greedy-card', 'mes-add1-greedy'), tieArb, (election, rule, tieBreak) => {
        const r = tally({ ...election, rule, tieBreak });
        const left = Rational.from(election.budget).sub(Rational.parse(r.cost));
        for (const p of election.projects) {
          if (!r.selected.includes(p.id)) assert.ok(Rational.from(p.cost).gt(left), `${p.id} would fit`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('running twice gives the same answer', () => {
    fc.assert(
      fc.property(electionArb, ruleArb, tieArb, (election, rule, tieBreak) => {
        assert.deepEqual(tally({ ...election, rule, tieBreak }), tally({ ...election, rule, tieBreak }));
      }),
      { numRuns: 200 },
    );
  });

  it('MES, Add1 and Phragmén agree with a naive exact implementation', () => {
    fc.assert(
      fc.property(electionArb, fc.constantFrom<CountingRuleName>('mes', 'mes-card', 'mes-add1', 'phragmen'), (election, rule) => {
        const input = { ...election, rule };
        const fast = tally(input).selected;
        const n = election.ballots.length;
        let slow: string[];
        if (rule === 'phragmen') slow = naivePhragmen(input);
        else if (n === 0) slow = [];
        else if (rule !== 'mes-add1') slow = naiveMes(input, Rational.from(election.budget).div(Rational.of(n)));
        else slow = naiveAdd1(input);
        assert.deepEqual(fast, slow);
      }),
      { numRuns: 400 },
    );
  });
});
