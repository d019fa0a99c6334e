import type { FieldIssue } from '../contract/index.js';

/**
 * What a submission (and an author's resubmission) is refused for beyond its
 * schema, in the server's words, so the mock refuses in the same ones.
 */

/**
 * A proposal's photo ids: each must be one the proposal may take (`usable`:
 * uploaded to this city and not in another proposal), and none may come twice.
 * Each unusable one is named (`photos.<i>`, `photos.unknown`); ids only
 * repeated are refused with no issue. Null when the photos will do.
 */
export function photoIdsRefusal(ids: readonly string[], usable: (id: string) => boolean): { message: string; issues: FieldIssue[] } | null {
  const issues: FieldIssue[] = ids.flatMap((id, i) => (usable(id) ? [] : [{ path: ['photos', i], message: 'photos.unknown' }]));
  if (!issues.length && new Set(ids).size === ids.length) return null;
  return { message: PHOTOS_UNAVAILABLE, issues };
}

export const PHOTOS_UNAVAILABLE = 'a photo is unknown or already used';

/** 409 `limit_reached`: the author (by phone) has submitted the cycle's `proposalLimit` already. */
export function proposalLimitRefusal(limit: number): { message: string; issues: FieldIssue[] } {
  return { message: `one author may submit at most ${limit} proposal(s) in this cycle`, issues: [{ path: ['phone'], message: 'proposal.limit_reached', params: { limit } }] };
}
