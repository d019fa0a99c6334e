import { plural } from '../../../ui/locale.js';
import type { WhyMessages } from '../why.js';

const enN = (n: number, one: string, other: string) => plural('en', n, { one, other });

/** Why the count funded a project or not, in English: the results widget's table and the project centre's count say it alike. */
export const whyEn: WhyMessages = {
  'why.funded': ({ round, supporters }) => `Chosen in round ${round}; ${supporters} ${enN(supporters, 'supporter', 'supporters')}.`,
  'why.fundedCompletion': ({ round, supporters }) => `Chosen in round ${round}, in the completion step; ${supporters} ${enN(supporters, 'supporter', 'supporters')}.`,
  'why.averagePayment': ({ amount }) => `Each supporter “paid” ${amount} on average.`,
  'why.remainingAfter': ({ amount }) => `${amount} was left in the budget after it.`,
  'why.did_not_fit': ({ remaining, cost }) => `Did not fit in the remaining ${remaining}: it costs ${cost}.`,
  'why.supporters_ran_out': ({ supporters, money, cost }) => `Its supporters ran out of money: ${supporters} ${enN(supporters, 'supporter', 'supporters')} had ${money} left together, and it costs ${cost}.`,
  'why.no_support': 'Nobody voted for it.',
  'why.over_budget': ({ budget }) => `Costs more than the whole budget of this section (${budget}).`,
  'why.rule_stopped': ({ remaining }) => `Counting stopped before it: the next project did not fit in the remaining ${remaining}.`,
};
