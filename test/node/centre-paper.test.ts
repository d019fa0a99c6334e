// A paper ballot as the centre builds it from what was typed (src/centre/paper-ballot.ts): the
// rule's mark (tick, points, rank), ranks in order, and the same checks the server runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROPOSAL_STATUSES, type BallotRule, type Cycle } from '../../src/contract/index.js';
import { markKind, paperBallot, paperProjects, type PaperProject } from '../../src/centre/paper-ballot.js';
import { aksuProposals } from '../../src/mock/fixtures.js';
import { BALLOT_STATUSES } from '../../src/domain/ballot-projects.js';

const pools: Cycle['pools'] = [
  { id: 'north', name: { kk: 'Солтүстік', ru: 'Север', en: 'North' }, budget: 10_000_000, scope: { kind: 'city' } },
  { id: 'south', name: { kk: 'Оңтүстік', ru: 'Юг', en: 'South' }, budget: 10_000_000, scope: { kind: 'city' } },
];
const projects: PaperProject[] = [
  { id: 'n1', title: 'A', cost: 3_000_000, poolId: 'north' },
  { id: 'n2', title: 'B', cost: 4_000_000, poolId: 'north' },
  { id: 'n3', title: 'C', cost: 5_000_000, poolId: 'north' },
  { id: 's1', title: 'D', cost: 2_000_000, poolId: 'south' },
];
const cycle = (ballot: BallotRule) => ({ ballot, pools });
const messages = (r: ReturnType<typeof paperBallot>) => r.issues.map((i) => `${i.path.join('.')}:${i.message}`);

test('ticks: one choice per pool, the rule’s limits from the shared validation', () => {
  const rule: BallotRule = { kind: 'approval', min: 1, max: 2 };
  assert.equal(markKind(rule), 'tick');
  const ok = paperBallot(cycle(rule), projects, new Map([['n1', 1], ['s1', 1]]));
  assert.deepEqual(ok.issues, []);
  assert.deepEqual(ok.choices, [
    { poolId: 'north', picks: [{ projectId: 'n1' }] },
    { poolId: 'south', picks: [{ projectId: 's1' }] },
  ]);
  assert.deepEqual(messages(paperBallot(cycle(rule), projects, new Map([['n1', 1], ['n2', 1], ['n3', 1]]))), ['choices.0.picks:ballot.too_many']);
  assert.deepEqual(messages(paperBallot(cycle(rule), projects, new Map())), ['choices:ballot.empty']);
  assert.deepEqual(messages(paperBallot(cycle({ kind: 'knapsack' }), projects, new Map([['n1', 1], ['n2', 1], ['n3', 1]]))), ['choices.0.picks:ballot.over_budget']);
});

test('ranks: picks in the order of their ranks; a rank twice or not a whole number is refused', () => {
  const rule: BallotRule = { kind: 'ranked', maxRanks: 2 };
  assert.equal(markKind(rule), 'rank');
  const ok = paperBallot(cycle(rule), projects, new Map([['n3', 1], ['n1', 2]]));
  assert.deepEqual(ok.issues, []);
  assert.deepEqual(ok.choices[0], { poolId: 'north', picks: [{ projectId: 'n3' }, { projectId: 'n1' }] });
  assert.deepEqual(messages(paperBallot(cycle(rule), projects, new Map([['n3', 1], ['n1', 1]]))), ['choices.0.picks:paper.rank_twice']);
  assert.deepEqual(messages(paperBallot(cycle(rule), projects, new Map([['n3', 1.5]]))), ['choices.0.picks:paper.rank_whole']);
  assert.deepEqual(messages(paperBallot(cycle(rule), projects, new Map([['n3', 0]]))), ['choices.0.picks:paper.rank_whole']);
  assert.deepEqual(messages(paperBallot(cycle(rule), projects, new Map([['n1', 1], ['n2', 2], ['n3', 3]]))), ['choices.0.picks:ballot.too_many']);
});

test('points: zero is no pick; the caps come from the shared validation', () => {
  const rule: BallotRule = { kind: 'cumulative', points: 5, maxPerProject: 3 };
  assert.equal(markKind(rule), 'points');
  const ok = paperBallot(cycle(rule), projects, new Map([['n1', 3], ['n2', 0], ['s1', 2]]));
  assert.deepEqual(ok.issues, []);
  assert.deepEqual(ok.choices, [
    { poolId: 'north', picks: [{ projectId: 'n1', points: 3 }] },
    { poolId: 'south', picks: [{ projectId: 's1', points: 2 }] },
  ]);
  assert.deepEqual(messages(paperBallot(cycle(rule), projects, new Map([['n1', 4]]))), ['choices.0.picks.0.points:ballot.points_over_max']);
  assert.deepEqual(messages(paperBallot(cycle(rule), projects, new Map([['n1', 3], ['n2', 3]]))), ['choices.0.picks:ballot.over_points']);
  assert.deepEqual(messages(paperBallot(cycle(rule), projects, new Map([['n1', Number.NaN]]))), ['choices.0.picks:paper.points_whole']);
});

test('the projects a paper can mark: those the server checks a ballot against (on the ballot, in a pool, not hidden)', () => {
  const base = aksuProposals(Date.now()).map((p) => ({ ...p, hidden: false, published: true, authorKey: 'a', votes: 0 }));
  // Every status once, on a project in a pool: the centre takes exactly the server's.
  const proposals = PROPOSAL_STATUSES.map((status, i) => ({ ...base[i % base.length]!, id: `p_${status}`, status, poolId: 'city' }));
  const marked = paperProjects(proposals);
  assert.deepEqual(marked.map((p) => p.id), proposals.filter((p) => BALLOT_STATUSES.has(p.status)).map((p) => p.id));
  proposals.find((p) => p.id === marked[0]!.id)!.hidden = true;
  assert.equal(paperProjects(proposals).length, marked.length - 1);
});
