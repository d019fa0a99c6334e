import type { City, Cycle, FieldIssue, Pool } from '../contract/index.js';

/**
 * The cap on one proposal's cost, shared by the server, the proposal form and
 * the mock so the three cannot disagree on the amount or on the message code.
 */

/** The issue message of a cost above the cap; its `params.cap` is the cap in tenge. */
export const COST_OVER_CAP = 'cost.over_cap';

/**
 * The most one proposal of this category (and district) may cost: the smallest
 * of the category's cap and, for every pool it would count in, that pool's cap
 * (its budget when it has none). Undefined when nothing caps it.
 */
export function costCap(city: Pick<City, 'categories'>, cycle: Pick<Cycle, 'pools'>, category: string, district?: string): number | undefined {
  return costCapRule(city, cycle, category, district)?.cap;
}

/**
 * Which cap applies and why: the category's own, or a pool's (its cost cap, or
 * its whole budget when it has none). A tie goes to the category, whose words
 * are then true. Undefined when nothing caps it.
 */
export type CostCapRule = { cap: number; by: 'category' } | { cap: number; by: 'pool'; pool: Pool; budget: boolean };

export function costCapRule(city: Pick<City, 'categories'>, cycle: Pick<Cycle, 'pools'>, category: string, district?: string): CostCapRule | undefined {
  const own = city.categories.find((c) => c.id === category)?.costCap;
  let rule: CostCapRule | undefined = own !== undefined ? { cap: own, by: 'category' } : undefined;
  for (const pool of cycle.pools) {
    const cap = pool.costCap ?? pool.budget;
    if (poolCovers(pool, category, district) && (rule === undefined || cap < rule.cap)) rule = { cap, by: 'pool', pool, budget: pool.costCap === undefined };
  }
  return rule;
}

/**
 * Whether a proposal of `category` (in `district`, if any) belongs in the pool: a city-wide pool takes every one, a
 * category or district pool those of its own. Its cost is capped by the pool, and the centre may place it on the
 * ballot there (the server and the centre's mock refuse any other pool, `pool.scope_mismatch`).
 */
export function poolCovers(pool: Pool, category: string, district: string | undefined): boolean {
  const scope = pool.scope;
  return scope.kind === 'city' || (scope.kind === 'category' && scope.categories.includes(category)) || (scope.kind === 'district' && district !== undefined && scope.districts.includes(district));
}

/** The issue to send (or show) when `cost` is above `cap`, else null. */
export function costOverCap(cost: number, cap: number | undefined): (FieldIssue & { params: { cap: number } }) | null {
  return cap !== undefined && cost > cap ? { path: ['estimatedCost'], message: COST_OVER_CAP, params: { cap } } : null;
}
