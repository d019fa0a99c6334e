import type { FieldIssue, ProposalSort } from '../contract/index.js';

/**
 * The public proposal list's orders, shared by the server and the mock so that
 * their cursors (`cursor.ts`: the last item's sort key and id) name the same
 * place: each order sorts by a key, then by id, and the next page starts at the
 * first item strictly after the cursor's (key, id), even when that item has
 * gone since the cursor was given.
 */

/** What the list orders a proposal by (the server's record and the public proposal both have it). */
export interface Ordered {
  id: string;
  createdAt: string;
  estimatedCost: number;
  finalCost?: number;
}

export interface ProposalOrder<T> {
  compare(a: T, b: T): number;
  /** The sort key a cursor carries: strings that compare as the order does. */
  key(item: T): string;
  /** Where the page after the cursor's (key, id) starts in `items` (sorted by `compare`); their length when nothing is after it. */
  start(items: readonly T[], after: readonly [string, string]): number;
}

/** The order `sort` names, with `votes` giving each item's count (read only by `votes`). */
export function proposalOrder<T extends Ordered>(sort: ProposalSort, votes: (item: T) => number): ProposalOrder<T> {
  const cost = (p: T) => p.finalCost ?? p.estimatedCost;
  const byId = (a: T, b: T) => (a.id < b.id ? -1 : 1);
  const compare: (a: T, b: T) => number =
    sort === 'newest'
      ? (a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1)
      : sort === 'cost_asc'
        ? (a, b) => cost(a) - cost(b) || byId(a, b)
        : sort === 'cost_desc'
          ? (a, b) => cost(b) - cost(a) || byId(a, b)
          : (a, b) => votes(b) - votes(a) || byId(a, b);
  const key = (p: T) => (sort === 'newest' ? p.createdAt : sort === 'votes' ? String(votes(p)).padStart(12, '0') : String(cost(p)).padStart(16, '0'));
  const keyAscending = sort === 'cost_asc';
  const idAscending = sort !== 'newest';
  return {
    compare,
    key,
    start(items, [after, afterId]) {
      const at = items.findIndex((p) => {
        const k = key(p);
        if (k !== after) return keyAscending ? k > after : k < after;
        return idAscending ? p.id > afterId : p.id < afterId;
      });
      return at < 0 ? items.length : at;
    },
  };
}

/** The words and issue of `sort=votes` refused while the counts are not public (400 `validation_failed`), the server's and the mock's. */
export function votesHiddenRefusal(): { message: string; issues: FieldIssue[] } {
  return { message: 'vote counts are not public yet', issues: [{ path: ['sort'], message: 'sort.votes_hidden' }] };
}
