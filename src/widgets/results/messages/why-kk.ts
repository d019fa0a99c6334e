import type { WhyMessages } from '../why.js';

/** Why the count funded a project or not, in Kazakh: the results widget's table and the project centre's count say it alike. */
export const whyKk: WhyMessages = {
  'why.funded': ({ round, supporters }) => `${round}-кезекте таңдалды; ${supporters} жақтаушы.`,
  'why.fundedCompletion': ({ round, supporters }) => `Толықтыру кезеңінде ${round}-кезекте таңдалды; ${supporters} жақтаушы.`,
  'why.averagePayment': ({ amount }) => `Әр жақтаушы орта есеппен ${amount} «төледі».`,
  'why.remainingAfter': ({ amount }) => `Одан кейін бюджетте ${amount} қалды.`,
  'why.did_not_fit': ({ remaining, cost }) => `Бюджет қалдығына сыймады: құны ${cost}, ал ${remaining} қалған еді.`,
  'why.supporters_ran_out': ({ supporters, money, cost }) => `Жақтаушылардың үлесі жетпеді: ${supporters} жақтаушыда бірге ${money} қалды, ал жобаның құны ${cost}.`,
  'why.no_support': 'Дауыс алмады.',
  'why.over_budget': ({ budget }) => `Бөлімнің бүкіл бюджетінен (${budget}) қымбат.`,
  'why.rule_stopped': ({ remaining }) => `Санау ертерек тоқтады: келесі жоба ${remaining} қалдыққа сыймады.`,
};
