import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BallotRule, Locale, Pool } from '../../src/contract/index.js';
import type { BallotProject } from '../../src/domain/ballot-editor.js';
import { formatMoney } from '../../src/domain/money.js';
import { formatDateTime } from '../../src/ui/locale.js';
import en from '../../src/widgets/ballot/messages/en.js';
import kk from '../../src/widgets/ballot/messages/kk.js';
import ru from '../../src/widgets/ballot/messages/ru.js';
import receiptEn from '../../src/widgets/ballot/messages/receipt/en.js';
import receiptKk from '../../src/widgets/ballot/messages/receipt/kk.js';
import receiptRu from '../../src/widgets/ballot/messages/receipt/ru.js';
import voteEn from '../../src/widgets/ballot/messages/vote/en.js';
import voteKk from '../../src/widgets/ballot/messages/vote/kk.js';
import voteRu from '../../src/widgets/ballot/messages/vote/ru.js';
import { receiptText } from '../../src/widgets/ballot/receipt-text.js';
import { blockText, issueText, pointsBlockText, ruleText, summaryOf, tallyText, type Words } from '../../src/widgets/ballot/texts.js';

/** The first catalogue and the parts' (voting, receipt check), as the widget has them once those parts came. */
const catalogues = { en: { ...en, ...voteEn, ...receiptEn }, kk: { ...kk, ...voteKk, ...receiptKk }, ru: { ...ru, ...voteRu, ...receiptRu } } as const;

/** The ballot's real catalogue of a language, read the way the widget's LocalizeController reads it. */
function words(locale: Locale): Words {
  const catalogue = catalogues[locale] as Record<string, string | ((p: unknown) => string)>;
  const t = (key: string, params?: unknown): string => {
    const message = catalogue[key];
    assert.ok(message !== undefined, `${locale} has no text for ${key}`);
    return typeof message === 'function' ? message(params) : message;
  };
  return {
    t: t as Words['t'],
    money: (amount: number) => formatMoney(amount, locale),
    dateTime: (instant: string | Date, timeZone: string) => formatDateTime(instant, locale, timeZone),
    locale,
  };
}
const w = words('en');
const money = (amount: number) => formatMoney(amount, 'en');

const pool = (id: string, budget: number, name = id): Pool => ({ id, name: { kk: `${name} kk`, ru: `${name} ru`, en: name }, budget, scope: { kind: 'city' } });
const roads = pool('roads', 10_000_000, 'Roads');
const parks = pool('parks', 5_000_000, 'Parks');
const projects = new Map<string, BallotProject>([
  ['a', { id: 'a', cost: 4_000_000, poolId: 'roads' }],
  ['b', { id: 'b', cost: 3_500_000, poolId: 'roads' }],
]);

test('blockText says why a project cannot be added, with tenge as Kazakhstan writes it', () => {
  assert.equal(blockText(w, { reason: 'max_picks', max: 3 }), 'You have chosen 3, the most allowed. Unselect another project to choose this one.');
  assert.equal(blockText(w, { reason: 'does_not_fit', cost: 4_000_000, remaining: 2_500_000 }), `Does not fit: it costs ${money(4_000_000)} and ${money(2_500_000)} is left.`);
  assert.match(blockText(w, { reason: 'does_not_fit', cost: 4_000_000, remaining: 2_500_000 }), /4\s000\s000\s₸/);
  assert.equal(blockText(w, { reason: 'no_points_left' }), 'No points left — take a point from another project.');
});

test('tallyText says the change and what the pool leaves: money for knapsack, picks for approval and ranked, nothing more for single and cumulative', () => {
  const picks = [{ projectId: 'a' }];
  assert.equal(tallyText(w, { kind: 'knapsack' }, roads, picks, projects, 'added', 'Lights'), `“Lights” chosen. ${money(6_000_000)} left`);
  assert.equal(tallyText(w, { kind: 'knapsack', limit: 5_000_000 }, roads, picks, projects, 'added', 'Lights'), `“Lights” chosen. ${money(1_000_000)} left`);
  assert.equal(tallyText(w, { kind: 'approval', min: 1, max: 3 }, roads, picks, projects, 'removed', 'Lights'), '“Lights” removed. 2 more possible');
  assert.equal(tallyText(w, { kind: 'ranked', maxRanks: 1 }, roads, picks, projects, 'added', 'Lights'), '“Lights” chosen. no more can be chosen');
  assert.equal(tallyText(w, { kind: 'single' }, roads, picks, projects, 'added', 'Lights'), '“Lights” chosen.');
  assert.equal(tallyText(w, { kind: 'cumulative', points: 10, maxPerProject: 5 }, roads, picks, projects, 'added', 'Lights'), '“Lights” chosen.');
});

test('pointsBlockText tells a project at its own maximum from a pool with no points left', () => {
  const rule: BallotRule = { kind: 'cumulative', points: 6, maxPerProject: 4 };
  assert.equal(pointsBlockText(w, rule, [{ projectId: 'a', points: 4 }], 'a'), 'One project can get at most 4.');
  assert.equal(pointsBlockText(w, rule, [{ projectId: 'a', points: 2 }, { projectId: 'b', points: 4 }], 'a'), 'No points left — take a point from another project.');
  assert.equal(pointsBlockText(w, { kind: 'approval', min: 1, max: 3 }, [], 'a'), '');
});

test('issueText names the pool only on a ballot of several pools, and falls back to the generic words for an unknown issue', () => {
  const tooFew = { path: [], message: 'ballot.too_few', params: { min: 2 } };
  assert.equal(issueText(w, [roads], 'roads', tooFew), 'Choose at least 2 projects.');
  assert.equal(issueText(w, [roads, parks], 'parks', tooFew), 'Parks: Choose at least 2 projects.');
  assert.equal(issueText(w, [roads, parks], null, tooFew), 'Choose at least 2 projects.');
  assert.equal(issueText(words('ru'), [roads, parks], 'parks', tooFew).startsWith('Parks ru: '), true);
  assert.equal(issueText(w, [roads, parks], 'parks', { path: [], message: 'ballot.empty' }), 'Choose at least one project.');
  assert.equal(
    issueText(w, [roads], null, { path: [], message: 'ballot.under_min_share', params: { min: 7_000_000, cost: 4_000_000 } }),
    `You chose ${money(4_000_000)}; at least ${money(7_000_000)} is needed. Add projects.`,
  );
  assert.equal(issueText(w, [roads], null, { path: [], message: 'ballot.over_budget', params: { limit: 10_000_000 } }), `The total is over ${money(10_000_000)}.`);
  assert.equal(issueText(w, [roads], null, { path: [], message: 'ballot.too_many', params: { max: 3 } }), 'Choose at most 3.');
  assert.equal(issueText(w, [roads], null, { path: [], message: 'ballot.over_points', params: { max: 10 } }), 'More than 10 points given.');
  assert.equal(issueText(w, [roads, parks], 'roads', { path: [], message: 'ballot.something_new' }), `Roads: ${en['error.ballot_invalid']}`);
});

test('ruleText states every rule, the minimum share as a percentage, and "vote in each" for several pools', () => {
  assert.equal(ruleText(w, { kind: 'single' }, 1), 'Choose one project.');
  assert.equal(ruleText(w, { kind: 'single' }, 2), 'Choose one project. Each section is a separate budget; vote in each.');
  assert.equal(ruleText(w, { kind: 'approval', min: 1, max: 3 }, 1), 'Choose up to 3 projects.');
  assert.equal(ruleText(w, { kind: 'approval', min: 2, max: 5 }, 1), 'Choose 2 to 5 projects.');
  assert.equal(ruleText(w, { kind: 'knapsack' }, 1), 'Choose projects whose total cost fits the budget.');
  assert.equal(ruleText(w, { kind: 'knapsack', minShare: 0.7 }, 1), 'Choose projects whose total cost fits the budget. You must use at least 70% of it.');
  assert.equal(ruleText(w, { kind: 'cumulative', points: 10, maxPerProject: 4 }, 1), 'Spread 10 points over the projects, at most 4 on one project.');
  assert.equal(ruleText(w, { kind: 'ranked', maxRanks: 1 }, 1), 'Rank up to 1 project: the first is the one that matters most to you.');
});

test('every text has words in kk, ru and en', () => {
  for (const locale of ['kk', 'ru', 'en'] as const) {
    const l = words(locale);
    const texts = [
      blockText(l, { reason: 'max_picks', max: 3 }),
      blockText(l, { reason: 'does_not_fit', cost: 1, remaining: 0 }),
      blockText(l, { reason: 'no_points_left' }),
      tallyText(l, { kind: 'knapsack' }, roads, [], projects, 'added', 'X'),
      tallyText(l, { kind: 'approval', min: 1, max: 3 }, roads, [], projects, 'removed', 'X'),
      pointsBlockText(l, { kind: 'cumulative', points: 1, maxPerProject: 1 }, [], 'a'),
      ...['ballot.empty', 'ballot.too_few', 'ballot.too_many', 'ballot.under_min_share', 'ballot.over_budget', 'ballot.over_points', 'other'].map((message) =>
        issueText(l, [roads], null, { path: [], message, params: { min: 1, max: 1, cost: 1, limit: 1 } }),
      ),
      ...(['single', 'knapsack'] as const).map((kind) => ruleText(l, { kind }, 2)),
      ruleText(l, { kind: 'approval', min: 1, max: 2 }, 1),
      ruleText(l, { kind: 'cumulative', points: 3, maxPerProject: 2 }, 1),
      ruleText(l, { kind: 'ranked', maxRanks: 3 }, 1),
      receiptText(l, { receiptCode: 'ABCD-EFGH-JKLM-NPQR', cycleId: 'c', castAt: '2026-12-10T09:30:00+05:00', status: 'counted', channel: 'paper' }, 'Asia/Almaty'),
      receiptText(l, { receiptCode: 'ABCD-EFGH-JKLM-NPQR', cycleId: 'c', castAt: '2026-12-10T09:30:00+05:00', status: 'replaced', channel: 'online' }, 'Asia/Almaty'),
    ];
    for (const text of texts) assert.ok(text.trim().length > 3 && !text.includes('undefined') && !text.includes('NaN'), `${locale}: ${text}`);
  }
});

test('receiptText says counted (online or on paper) or replaced, at the time the server wrote in the city', () => {
  const base = { receiptCode: 'ABCD-EFGH-JKLM-NPQR', cycleId: 'c', castAt: '2026-12-10T09:30:00+05:00' } as const;
  assert.equal(receiptText(w, { ...base, status: 'counted', channel: 'online' }, 'Asia/Almaty'), 'Counted: received on 10.12.2026, 09:30, online.');
  assert.equal(receiptText(w, { ...base, status: 'counted', channel: 'paper' }, 'Asia/Almaty'), 'Counted: received on 10.12.2026, 09:30, on a paper ballot.');
  assert.equal(receiptText(w, { ...base, status: 'replaced', channel: 'online' }, 'Asia/Almaty'), 'This ballot (10.12.2026, 09:30) was replaced by a newer one — the newer one counts.');
});

test('summaryOf keeps a short description whole and cuts a long one at 150 whole characters', () => {
  assert.equal(summaryOf('A bench by the school.'), 'A bench by the school.');
  const exactly = 'x'.repeat(160);
  assert.equal(summaryOf(exactly), exactly);
  const long = `${'y'.repeat(148)}  ${'z'.repeat(20)}`;
  assert.equal(summaryOf(long), `${'y'.repeat(148)}…`);
  // Characters beyond the BMP count once and are never split.
  const emoji = '🌳'.repeat(170);
  assert.equal(summaryOf(emoji), `${'🌳'.repeat(150)}…`);
});
