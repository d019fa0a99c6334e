import type { City, Cycle, FieldIssue } from '../contract/index.js';

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
  let cap = city.categories.find((c) => c.id === category)?.costCap ?? Infinity;
  for (const pool of cycle.pools) {
    const applies =
      pool.scope.kind === 'city' ||
      (pool.scope.kind === 'category' && pool.scope.categories.includes(category)) ||
      (pool.scope.kind === 'district' && district !== undefined && pool.scope.districts.includes(district));
    if (applies) cap = Math.min(cap, pool.costCap ?? pool.budget);
  }
  return Number.isFinite(cap) ? cap : undefined;
}

/** The issue to send (or show) when `cost` is above `cap`, else null. */
export function costOverCap(cost: number, cap: number | undefined): (FieldIssue & { params: { cap: number } }) | null {
  return cap !== undefined && cost > cap ? { path: ['estimatedCost'], message: COST_OVER_CAP, params: { cap } } : null;
}
