import type { AdminProposalQuery, FieldIssue, ProposalStatus } from '../contract/index.js';
import { decodeOffsetCursor, encodeOffsetCursor } from './cursor.js';
import { searchNeedle } from './proposal-search.js';

/**
 * The project centre's proposal list (`GET /admin/cities/:city/proposals`),
 * the server's and the mock's: a query read by `readListQuery` against
 * `AdminProposalQuery`, applied to the current cycle's proposals in the
 * store's order (oldest first, then by id). It pages by offset, not by a sort
 * key as the public list does: its order is fixed, and the centre follows the
 * cursor to the end to hold every proposal at once.
 */

/** What the list filters on (the server's record and the admin proposal both have it). */
export interface AdminListed {
  status: ProposalStatus;
  hidden: boolean;
  title: string;
  description: string;
  address: string;
  authorName: string;
  reference?: string | undefined;
}

/** How many a page holds when the query does not say. */
const DEFAULT_LIMIT = 100;

/**
 * The text `q` is looked for in, and the centre's search box (`centre/proposals-section.ts`): what staff read a
 * proposal by, the author's name and the reference included (an author calling the centre quotes the code the form
 * gave them), lower-cased the Russian way.
 */
export function adminSearchText(p: AdminListed): string {
  return `${p.title}\n${p.description}\n${p.address}\n${p.authorName}\n${p.reference ?? ''}`.toLocaleLowerCase('ru');
}

/** Whether a proposal holds the words of a search (`q` as the public search normalises it; anything when empty). */
export function adminMatches(p: AdminListed, q: string | undefined): boolean {
  const needle = searchNeedle(q);
  return !needle || adminSearchText(p).includes(needle);
}

/** A page of the list, or the refusal of its cursor (400 `validation_failed`, in the server's words). */
export type AdminListPage<T> = { ok: true; items: T[]; nextCursor: string | null; total: number } | { ok: false; message: string; issues: FieldIssue[] };

/**
 * The page `query` asks for of `proposals` (already in the list's order): those
 * of the statuses named (any, when none is), shown or hidden as `hidden` says,
 * and holding the words of `q` (normalised as the public search's); `total`
 * counts all that match, not the page.
 */
export function adminProposalPage<T extends AdminListed>(proposals: readonly T[], query: AdminProposalQuery): AdminListPage<T> {
  const wanted = query.status?.length ? new Set(query.status) : null;
  const items = proposals.filter((p) => (!wanted || wanted.has(p.status)) && (!query.hidden || p.hidden === (query.hidden === 'true')) && adminMatches(p, query.q));
  // An empty cursor is no cursor: the first page.
  const offset = query.cursor ? decodeOffsetCursor(query.cursor) : 0;
  if (offset === null) return { ok: false, message: 'bad cursor', issues: [{ path: ['cursor'], message: 'cursor.invalid' }] };
  const limit = query.limit ?? DEFAULT_LIMIT;
  return {
    ok: true,
    items: items.slice(offset, offset + limit),
    nextCursor: offset + limit < items.length ? encodeOffsetCursor(offset + limit) : null,
    total: items.length,
  };
}
