import type { BallotPick, BallotRule, FieldIssue, Pool } from '../../contract/index.js';
import { maxPointsFor, tallyPool, type AddBlock, type BallotProject } from '../../domain/ballot-editor.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { BallotMessages, VoteMessages } from './messages.js';

/**
 * Pure text helpers of the ballot (no DOM, no Lit): the words said or shown
 * for data — why a project cannot be added, what a pick leaves, an issue, the
 * rule — tested in node against the real catalogues.
 */

/** What the texts need from the widget's localisation (a `LocalizeController` is one). */
export type Words = Pick<LocalizeController<CommonMessages & BallotMessages & VoteMessages>, 't' | 'money' | 'dateTime' | 'locale'>;

/** Why a project cannot be added to the pool's picks. */
export function blockText(w: Words, block: AddBlock): string {
  switch (block.reason) {
    case 'max_picks':
      return w.t('block.max_picks', { max: block.max });
    case 'does_not_fit':
      return w.t('block.does_not_fit', { cost: w.money(block.cost), remaining: w.money(block.remaining) });
    case 'no_points_left':
      return w.t('block.no_points_left');
  }
}

/** Said after a pick is added or removed: the change, and what the pool leaves (money or picks). */
export function tallyText(
  w: Words,
  rule: BallotRule,
  pool: Pool,
  picks: readonly BallotPick[],
  byId: ReadonlyMap<string, BallotProject>,
  change: 'added' | 'removed',
  title: string,
): string {
  const t = tallyPool(rule, pool, picks, byId);
  const head = w.t(change === 'added' ? 'pick.added' : 'pick.removed', { title });
  if (rule.kind === 'knapsack') return `${head} ${w.t('meter.moneyLeft', { left: w.money(t.moneyLeft ?? 0) })}`;
  if (rule.kind === 'approval' || rule.kind === 'ranked') return `${head} ${w.t('meter.picksLeft', { left: t.picksLeft ?? 0 })}`;
  return head;
}

/** Why a project gets no more points: its own maximum, or none left in the pool ('' outside a cumulative ballot). */
export function pointsBlockText(w: Words, rule: BallotRule, picks: readonly BallotPick[], projectId: string): string {
  if (rule.kind !== 'cumulative') return '';
  return maxPointsFor(rule, picks, projectId) >= rule.maxPerProject ? w.t('points.maxPerProject', { max: rule.maxPerProject }) : w.t('block.no_points_left');
}

/** A ballot issue (from `submitIssues` or the server), led by its pool's name when the ballot has more than one pool and `poolId` is given. */
export function issueText(w: Words, pools: readonly Pool[], poolId: string | null, issue: FieldIssue): string {
  const p = (issue.params ?? {}) as Record<string, number>;
  const named = poolId && pools.length > 1 ? pools.find((x) => x.id === poolId) : undefined;
  const pool = named ? `${named.name[w.locale]}: ` : '';
  switch (issue.message) {
    case 'ballot.empty':
      return w.t('issue.empty');
    case 'ballot.too_few':
      return pool + w.t('issue.too_few', { min: p.min ?? 0 });
    case 'ballot.too_many':
      return pool + w.t('issue.too_many', { max: p.max ?? 0 });
    case 'ballot.under_min_share':
      return pool + w.t('issue.under_min_share', { min: w.money(p.min ?? 0), cost: w.money(p.cost ?? 0) });
    case 'ballot.over_budget':
      return pool + w.t('issue.over_budget', { limit: w.money(p.limit ?? 0) });
    case 'ballot.over_points':
      return pool + w.t('issue.over_points', { max: p.max ?? 0 });
    default:
      return pool + w.t('error.ballot_invalid');
  }
}

/** The rule of the ballot in one sentence, with "vote in each" when there are several pools. */
export function ruleText(w: Words, rule: BallotRule, poolCount: number): string {
  const each = poolCount > 1 ? w.t('rule.eachPool') : '';
  switch (rule.kind) {
    case 'single':
      return w.t('rule.single') + each;
    case 'approval':
      return w.t('rule.approval', { min: rule.min, max: rule.max }) + each;
    case 'knapsack':
      return w.t('rule.knapsack') + (rule.minShare ? ` ${w.t('rule.knapsackMin', { percent: Math.round(rule.minShare * 100) })}` : '') + each;
    case 'cumulative':
      return w.t('rule.cumulative', { points: rule.points, max: rule.maxPerProject }) + each;
    case 'ranked':
      return w.t('rule.ranked', { max: rule.maxRanks }) + each;
  }
}

/** The card's short description: at most 160 characters (whole code points), else the first 150 and "…". */
export function summaryOf(description: string): string {
  const chars = Array.from(description);
  return chars.length > 160 ? `${chars.slice(0, 150).join('').trimEnd()}…` : description;
}
