import type { Locale } from '../../contract/index.js';
import { costCapRule } from '../../domain/cost-cap.js';
import type { FormScope, FormValues } from './validate.js';

/** What the hint needs from the form's localize controller (its `t`, money and language). */
export interface CostHintTexts {
  readonly locale: Locale;
  money(amount: number): string;
  t(key: 'cost.hint.noCategory' | 'cost.hint.plain'): string;
  t(key: 'cost.hint.cap', params: { cap: string }): string;
  t(key: 'cost.hint.poolCap' | 'cost.hint.poolBudget', params: { cap: string; pool: string }): string;
}

/**
 * The hint under the cost field: which cap applies, as the server reckons it
 * (`domain/cost-cap.ts`). A pool's cap smaller than the category's is named as
 * the pool's — "for this category" would be untrue there.
 */
export function costHint(texts: CostHintTexts, scope: FormScope, values: Pick<FormValues, 'category' | 'district'>): string {
  if (values.category === '') return texts.t('cost.hint.noCategory');
  const rule = costCapRule(scope.city, scope.cycle, values.category, values.district || undefined);
  if (!rule) return texts.t('cost.hint.plain');
  const cap = texts.money(rule.cap);
  if (rule.by === 'category') return texts.t('cost.hint.cap', { cap });
  return texts.t(rule.budget ? 'cost.hint.poolBudget' : 'cost.hint.poolCap', { cap, pool: rule.pool.name[texts.locale] });
}
