/** Rules of paper ballots entered by the project centre that online ballots do not have. */
import type { FieldIssue, Pool } from '../contract/index.js';
import { hasDistrictPools } from './ballot.js';

/**
 * The district a batch of paper ballots names, where the budget has district
 * pools: a desk's papers are printed for one district (its pools and the
 * city-wide and category ones), so the batch must say which, and it must be one
 * of the city's. Null when all is well, or when no pool is a district's and no
 * district is named. Each paper is then held to `otherDistrictIssues`, as a
 * listed voter's ballot is online.
 */
export function paperDistrictIssue(pools: readonly Pool[], districts: readonly string[], district: string | undefined): FieldIssue | null {
  if (district !== undefined && !districts.includes(district)) return { path: ['district'], message: 'district.unknown' };
  if (district === undefined && hasDistrictPools(pools)) return { path: ['district'], message: 'paper.district_required' };
  return null;
}
