import { plural } from '../../../ui/locale.js';
import type { WhyMessages } from '../why.js';

const ruN = (n: number, one: string, few: string, many: string) => plural('ru', n, { one, few, many, other: few });

/** Why the count funded a project or not, in Russian: the results widget's table and the project centre's count say it alike. */
export const whyRu: WhyMessages = {
  'why.funded': ({ round, supporters }) => `Выбран ${round}-м; ${supporters} ${ruN(supporters, 'сторонник', 'сторонника', 'сторонников')}.`,
  'why.fundedCompletion': ({ round, supporters }) => `Выбран ${round}-м, на этапе дополнения; ${supporters} ${ruN(supporters, 'сторонник', 'сторонника', 'сторонников')}.`,
  'why.averagePayment': ({ amount }) => `Каждый сторонник в среднем «заплатил» ${amount}.`,
  'why.remainingAfter': ({ amount }) => `После него в бюджете осталось ${amount}.`,
  'why.did_not_fit': ({ remaining, cost }) => `Не поместился в остаток бюджета: стоит ${cost}, а оставалось ${remaining}.`,
  'why.supporters_ran_out': ({ supporters, money, cost }) => `Не хватило долей сторонников: у ${supporters} ${ruN(supporters, 'сторонника', 'сторонников', 'сторонников')} вместе оставалось ${money}, а проект стоит ${cost}.`,
  'why.no_support': 'Не получил голосов.',
  'why.over_budget': ({ budget }) => `Стоит больше всего бюджета раздела (${budget}).`,
  'why.rule_stopped': ({ remaining }) => `Подсчёт остановился раньше: следующий проект не поместился в остаток ${remaining}.`,
};
