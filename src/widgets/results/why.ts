import type { Explanation } from '../../contract/index.js';
import type { ParamsOf } from '../../ui/localize.js';

/** The words for why the count funded a project or not (`Explanation`), in every language (`messages/why-*.ts`). */
export type WhyMessages = {
  readonly 'why.funded': (p: { round: number; supporters: number }) => string;
  readonly 'why.fundedCompletion': (p: { round: number; supporters: number }) => string;
  readonly 'why.averagePayment': (p: { amount: string }) => string;
  readonly 'why.remainingAfter': (p: { amount: string }) => string;
  readonly 'why.did_not_fit': (p: { remaining: string; cost: string }) => string;
  readonly 'why.supporters_ran_out': (p: { supporters: number; money: string; cost: string }) => string;
  readonly 'why.no_support': string;
  readonly 'why.over_budget': (p: { budget: string }) => string;
  readonly 'why.rule_stopped': (p: { remaining: string }) => string;
};

/** What `explainOutcome` needs of a widget's texts: any catalogue with the `why.*` words, and money in its language. */
export interface WhyTexts {
  t<K extends keyof WhyMessages>(key: K, ...params: ParamsOf<WhyMessages[K]>): string;
  money(amount: number): string;
}

/**
 * Why the count funded a project or left it out, in a sentence or two: the round it was chosen in and by how many
 * supporters (with what each paid under equal shares, and what was left after it), or what stopped it. The
 * results widget shows it to residents and the project centre to its staff, from the same answer.
 */
export function explainOutcome(texts: WhyTexts, e: Explanation, cost: number, poolBudget: number): string {
  const m = (n: number) => texts.money(n);
  switch (e.kind) {
    case 'funded': {
      const base = texts.t(e.stage === 'completion' ? 'why.fundedCompletion' : 'why.funded', { round: e.round, supporters: e.supporters });
      const paid = e.averagePayment !== undefined ? ` ${texts.t('why.averagePayment', { amount: m(e.averagePayment) })}` : '';
      return `${base}${paid} ${texts.t('why.remainingAfter', { amount: m(e.remainingAfter) })}`;
    }
    case 'did_not_fit':
      return texts.t('why.did_not_fit', { remaining: m(e.remaining), cost: m(cost) });
    case 'supporters_ran_out':
      return texts.t('why.supporters_ran_out', { supporters: e.supporters, money: m(e.supportersMoney), cost: m(cost) });
    case 'no_support':
      return texts.t('why.no_support');
    case 'over_budget':
      return texts.t('why.over_budget', { budget: m(e.budget || poolBudget) });
    case 'rule_stopped':
      return texts.t('why.rule_stopped', { remaining: m(e.remaining) });
  }
}
