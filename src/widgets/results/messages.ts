import type { CountingRuleName, TieBreak } from '../../contract/index.js';
import { plural } from '../../ui/locale.js';
import { withCommon } from '../../ui/messages/index.js';

type RuleKeys = `rule.${CountingRuleName}`;
type TieKeys = `tie.${TieBreak}`;

/** Strings of `<qala-results>`, in every language. */
export type ResultsMessages = { readonly [K in RuleKeys | TieKeys]: string } & {
  readonly 'results.title': string;
  readonly 'results.publishedOn': (p: { date: string }) => string;
  readonly 'results.votingUntil': (p: { date: string }) => string;
  readonly 'results.cityTime': (p: { city: string }) => string;
  readonly 'mode.live': string;
  readonly 'mode.final': string;
  readonly 'mode.liveLead': (p: { at: string }) => string;
  readonly 'mode.finalLead': (p: { at: string }) => string;
  readonly 'turnout.total': string;
  readonly 'turnout.online': string;
  readonly 'turnout.paper': string;
  readonly 'rule.how': string;
  readonly 'pool.projects': string;
  readonly 'pool.summary': (p: { funded: number; total: number; spent: string; budget: string }) => string;
  readonly 'pool.summaryLive': (p: { funded: number; total: number; spent: string; budget: string }) => string;
  readonly 'pool.left': (p: { left: string }) => string;
  readonly 'pool.ballots': (p: { n: number }) => string;
  readonly 'chart.spent': (p: { spent: string; budget: string }) => string;
  readonly 'chart.caption': (p: { votes: string }) => string;
  readonly 'chart.more': (p: { shown: number; total: number }) => string;
  readonly 'chart.fundedLegend': string;
  readonly 'chart.otherLegend': string;
  readonly 'table.caption': (p: { pool: string }) => string;
  readonly 'table.project': string;
  readonly 'table.votes': string;
  readonly 'table.points': string;
  readonly 'table.firstChoices': string;
  readonly 'table.cost': string;
  readonly 'table.result': string;
  readonly 'table.funded': string;
  readonly 'table.notFunded': string;
  readonly 'table.fundedLive': string;
  readonly 'table.notFundedLive': string;
  readonly 'table.showAll': (p: { n: number }) => string;
  readonly 'why.funded': (p: { round: number; supporters: number }) => string;
  readonly 'why.fundedCompletion': (p: { round: number; supporters: number }) => string;
  readonly 'why.averagePayment': (p: { amount: string }) => string;
  readonly 'why.remainingAfter': (p: { amount: string }) => string;
  readonly 'why.did_not_fit': (p: { remaining: string; cost: string }) => string;
  readonly 'why.supporters_ran_out': (p: { supporters: number; money: string; cost: string }) => string;
  readonly 'why.no_support': string;
  readonly 'why.over_budget': (p: { budget: string }) => string;
  readonly 'why.rule_stopped': (p: { remaining: string }) => string;
  readonly 'downloads.title': string;
  readonly 'downloads.csv': string;
  readonly 'downloads.pb': string;
  readonly 'downloads.note': string;
};

const ruN = (n: number, one: string, few: string, many: string) => plural('ru', n, { one, few, many, other: few });
const enN = (n: number, one: string, other: string) => plural('en', n, { one, other });

const ru: ResultsMessages = {
  'results.title': 'Итоги голосования',
  'results.publishedOn': ({ date }) => `Итоги будут опубликованы ${date}.`,
  'results.votingUntil': ({ date }) => `Голосование идёт до ${date}.`,
  'results.cityTime': ({ city }) => `Время — по часовому поясу города ${city}.`,
  'mode.live': 'Идёт подсчёт',
  'mode.final': 'Окончательные итоги',
  'mode.liveLead': ({ at }) => `Голосование ещё идёт: это промежуточные данные на ${at}, они обновляются сами. Окончательные итоги — после закрытия голосования.`,
  'mode.finalLead': ({ at }) => `Подсчитано ${at}.`,
  'turnout.total': 'Проголосовали',
  'turnout.online': 'онлайн',
  'turnout.paper': 'на бумаге',
  'rule.how': 'Как считали голоса',
  'rule.greedy': 'Проекты берутся по числу голосов, начиная с самого популярного. Проект получает деньги, если его стоимость ещё помещается в остаток бюджета; если не помещается, его пропускают и смотрят следующий.',
  'rule.greedy-card': 'Проекты берутся по числу голосов на каждый тенге стоимости: недорогой проект с многими голосами идёт раньше дорогого. Проект получает деньги, если ещё помещается в остаток бюджета; иначе его пропускают.',
  'rule.mes': 'Метод равных долей: бюджет поровну делится между проголосовавшими. Проект получает деньги, если его сторонники могут вместе оплатить его из своих долей; каждый раз выбирается проект, который обходится сторонникам дешевле всего. Так и у небольших групп жителей есть шанс на свой проект.',
  'rule.mes-card': 'Метод равных долей: бюджет поровну делится между проголосовавшими, и каждый выбранный проект считается одинаково ценным для его сторонника. Проект получает деньги, если сторонники могут оплатить его из своих долей; сначала тот, что обходится им дешевле всего.',
  'rule.mes-add1': 'Метод равных долей с дополнением: бюджет поровну делится между проголосовавшими, проект получает деньги, если сторонники могут оплатить его из своих долей. Если после этого деньги остаются, доли понемногу увеличивают и считают заново, пока бюджет не будет израсходован.',
  'rule.mes-add1-greedy': 'Метод равных долей с дополнением, а на оставшиеся деньги — проекты по числу голосов, пока они помещаются в остаток.',
  'rule.phragmen': 'Последовательный метод Фрагмена: расходы распределяются между сторонниками как можно ровнее; каждый раз выбирается проект, после которого самая большая «нагрузка» на одного сторонника будет наименьшей. Подсчёт останавливается, когда следующий проект не помещается в бюджет.',
  'tie.lexico': 'При равенстве выше идёт проект с меньшим номером.',
  'tie.cost-then-votes': 'При равенстве выше идёт более дешёвый проект, затем — с большим числом голосов.',
  'pool.projects': 'Проекты',
  'pool.summary': ({ funded, total, spent, budget }) => `Профинансировано ${funded} ${ruN(funded, 'проект', 'проекта', 'проектов')} из ${total} на ${spent} из ${budget}.`,
  'pool.summaryLive': ({ funded, total, spent, budget }) => `Если бы голосование закончилось сейчас: ${funded} ${ruN(funded, 'проект', 'проекта', 'проектов')} из ${total} на ${spent} из ${budget}.`,
  'pool.left': ({ left }) => `Остаток: ${left}.`,
  'pool.ballots': ({ n }) => `${n} ${ruN(n, 'бюллетень', 'бюллетеня', 'бюллетеней')} в этом разделе.`,
  'chart.spent': ({ spent, budget }) => `Бюджет: потрачено ${spent} из ${budget}`,
  'chart.caption': ({ votes }) => `Сверху — бюджет: закрашено то, что получили проекты-победители, линия — граница бюджета. Ниже — ${votes} по проектам. Те же цифры — в таблице.`,
  'chart.more': ({ shown, total }) => `На графике первые ${shown} из ${total}.`,
  'chart.fundedLegend': 'профинансирован',
  'chart.otherLegend': 'не прошёл',
  'table.caption': ({ pool }) => `${pool}: голоса, стоимость и решение по каждому проекту`,
  'table.project': 'Проект',
  'table.votes': 'Голоса',
  'table.points': 'Баллы',
  'table.firstChoices': 'Первые места',
  'table.cost': 'Стоимость',
  'table.result': 'Решение и почему',
  'table.funded': 'Профинансирован.',
  'table.notFunded': 'Не прошёл.',
  'table.fundedLive': 'Пока проходит.',
  'table.notFundedLive': 'Пока не проходит.',
  'table.showAll': ({ n }) => `Показать все ${n}`,
  'why.funded': ({ round, supporters }) => `Выбран ${round}-м; ${supporters} ${ruN(supporters, 'сторонник', 'сторонника', 'сторонников')}.`,
  'why.fundedCompletion': ({ round, supporters }) => `Выбран ${round}-м, на этапе дополнения; ${supporters} ${ruN(supporters, 'сторонник', 'сторонника', 'сторонников')}.`,
  'why.averagePayment': ({ amount }) => `Каждый сторонник в среднем «заплатил» ${amount}.`,
  'why.remainingAfter': ({ amount }) => `После него в бюджете осталось ${amount}.`,
  'why.did_not_fit': ({ remaining, cost }) => `Не поместился в остаток бюджета: стоит ${cost}, а оставалось ${remaining}.`,
  'why.supporters_ran_out': ({ supporters, money, cost }) => `Не хватило долей сторонников: у ${supporters} ${ruN(supporters, 'сторонника', 'сторонников', 'сторонников')} вместе оставалось ${money}, а проект стоит ${cost}.`,
  'why.no_support': 'Не получил голосов.',
  'why.over_budget': ({ budget }) => `Стоит больше всего бюджета раздела (${budget}).`,
  'why.rule_stopped': ({ remaining }) => `Подсчёт остановился раньше: следующий проект не поместился в остаток ${remaining}.`,
  'downloads.title': 'Скачать данные',
  'downloads.csv': 'Таблица CSV',
  'downloads.pb': 'Файл pabulib (.pb)',
  'downloads.note': 'Открытые данные без персональных сведений: голоса в файле анонимны.',
};

const kk: ResultsMessages = {
  'results.title': 'Дауыс беру қорытындысы',
  'results.publishedOn': ({ date }) => `Қорытынды ${date} жарияланады.`,
  'results.votingUntil': ({ date }) => `Дауыс беру ${date} дейін жүреді.`,
  'results.cityTime': ({ city }) => `Уақыт ${city} қаласының уақыт белдеуі бойынша.`,
  'mode.live': 'Санау жүріп жатыр',
  'mode.final': 'Түпкілікті қорытынды',
  'mode.liveLead': ({ at }) => `Дауыс беру әлі жүріп жатыр: бұл ${at} кезіндегі аралық деректер, олар өздігінен жаңарады. Түпкілікті қорытынды дауыс беру жабылғаннан кейін шығады.`,
  'mode.finalLead': ({ at }) => `${at} есептелді.`,
  'turnout.total': 'Дауыс бергендер',
  'turnout.online': 'онлайн',
  'turnout.paper': 'қағазбен',
  'rule.how': 'Дауыстар қалай есептелді',
  'rule.greedy': 'Жобалар дауыс санына қарай, ең көп дауыс алғанынан бастап қаралады. Жобаның құны бюджеттің қалдығына әлі сыйса, ол қаржыландырылады; сыймаса, өткізіліп, келесі жоба қаралады.',
  'rule.greedy-card': 'Жобалар құнының әр теңгесіне шаққандағы дауыс саны бойынша қаралады: көп дауыс алған арзан жоба қымбатынан бұрын тұрады. Жоба бюджет қалдығына сыйса, қаржыландырылады; әйтпесе өткізіледі.',
  'rule.mes': 'Тең үлестер әдісі: бюджет дауыс бергендерге тең бөлінеді. Жобаны жақтаушылар оны өз үлестерінен бірге төлей алса, жоба қаржыландырылады; әр жолы жақтаушыларына ең арзанға түсетін жоба таңдалады. Осылайша тұрғындардың шағын топтарының да өз жобасына мүмкіндігі болады.',
  'rule.mes-card': 'Тең үлестер әдісі: бюджет дауыс бергендерге тең бөлінеді, әр таңдалған жоба жақтаушысы үшін бірдей құнды саналады. Жақтаушылар жобаны өз үлестерінен төлей алса, ол қаржыландырылады; алдымен оларға ең арзанға түсетіні.',
  'rule.mes-add1': 'Толықтыруы бар тең үлестер әдісі: бюджет дауыс бергендерге тең бөлінеді, жақтаушылар өз үлестерінен төлей алатын жоба қаржыландырылады. Ақша қалса, үлестер біртіндеп көбейтіліп, бюджет жұмсалғанша қайта есептеледі.',
  'rule.mes-add1-greedy': 'Толықтыруы бар тең үлестер әдісі, ал қалған ақшаға — қалдыққа сыйғанша дауыс саны бойынша жобалар.',
  'rule.phragmen': 'Фрагменнің кезекті әдісі: шығын жақтаушылар арасында барынша тең бөлінеді; әр жолы бір жақтаушыға түсетін ең үлкен «жүктеме» ең аз болатын жоба таңдалады. Келесі жоба бюджетке сыймаған кезде санау тоқтайды.',
  'tie.lexico': 'Тең болған жағдайда нөмірі кішірек жоба жоғары тұрады.',
  'tie.cost-then-votes': 'Тең болған жағдайда арзанырақ жоба, содан кейін дауысы көбірек жоба жоғары тұрады.',
  'pool.projects': 'Жобалар',
  'pool.summary': ({ funded, total, spent, budget }) => `${total} жобадан ${funded} жоба қаржыландырылды: ${budget} ішінен ${spent} жұмсалды.`,
  'pool.summaryLive': ({ funded, total, spent, budget }) => `Дауыс беру қазір аяқталса: ${total} жобадан ${funded} жоба, ${budget} ішінен ${spent}.`,
  'pool.left': ({ left }) => `Қалдық: ${left}.`,
  'pool.ballots': ({ n }) => `Бұл бөлімде ${n} бюллетень.`,
  'chart.spent': ({ spent, budget }) => `Бюджет: ${budget} ішінен ${spent} жұмсалды`,
  'chart.caption': ({ votes }) => `Жоғарыда — бюджет: жеңімпаз жобаларға бөлінгені боялған, сызық — бюджет шегі. Төменде — жобалар бойынша ${votes}. Дәл осы сандар кестеде.`,
  'chart.more': ({ shown, total }) => `Графикте ${total} жобадан алғашқы ${shown} жоба көрсетілген.`,
  'chart.fundedLegend': 'қаржыландырылды',
  'chart.otherLegend': 'өтпеді',
  'table.caption': ({ pool }) => `${pool}: әр жобаның дауыстары, құны және шешімі`,
  'table.project': 'Жоба',
  'table.votes': 'Дауыстар',
  'table.points': 'Ұпайлар',
  'table.firstChoices': 'Бірінші орындар',
  'table.cost': 'Құны',
  'table.result': 'Шешім және себебі',
  'table.funded': 'Қаржыландырылды.',
  'table.notFunded': 'Өтпеді.',
  'table.fundedLive': 'Әзірге өтіп тұр.',
  'table.notFundedLive': 'Әзірге өтпей тұр.',
  'table.showAll': ({ n }) => `Барлық ${n} жобаны көрсету`,
  'why.funded': ({ round, supporters }) => `${round}-кезекте таңдалды; ${supporters} жақтаушы.`,
  'why.fundedCompletion': ({ round, supporters }) => `Толықтыру кезеңінде ${round}-кезекте таңдалды; ${supporters} жақтаушы.`,
  'why.averagePayment': ({ amount }) => `Әр жақтаушы орта есеппен ${amount} «төледі».`,
  'why.remainingAfter': ({ amount }) => `Одан кейін бюджетте ${amount} қалды.`,
  'why.did_not_fit': ({ remaining, cost }) => `Бюджет қалдығына сыймады: құны ${cost}, ал ${remaining} қалған еді.`,
  'why.supporters_ran_out': ({ supporters, money, cost }) => `Жақтаушылардың үлесі жетпеді: ${supporters} жақтаушыда бірге ${money} қалды, ал жобаның құны ${cost}.`,
  'why.no_support': 'Дауыс алмады.',
  'why.over_budget': ({ budget }) => `Бөлімнің бүкіл бюджетінен (${budget}) қымбат.`,
  'why.rule_stopped': ({ remaining }) => `Санау ертерек тоқтады: келесі жоба ${remaining} қалдыққа сыймады.`,
  'downloads.title': 'Деректерді жүктеу',
  'downloads.csv': 'CSV кестесі',
  'downloads.pb': 'pabulib файлы (.pb)',
  'downloads.note': 'Жеке мәліметтерсіз ашық деректер: файлдағы дауыстар жасырын.',
};

const en: ResultsMessages = {
  'results.title': 'Voting results',
  'results.publishedOn': ({ date }) => `Results will be published on ${date}.`,
  'results.votingUntil': ({ date }) => `Voting is open until ${date}.`,
  'results.cityTime': ({ city }) => `Times are in ${city} local time.`,
  'mode.live': 'Counting live',
  'mode.final': 'Final results',
  'mode.liveLead': ({ at }) => `Voting is still open: these are interim figures as of ${at} and they refresh by themselves. Final results come after voting closes.`,
  'mode.finalLead': ({ at }) => `Counted on ${at}.`,
  'turnout.total': 'Voters',
  'turnout.online': 'online',
  'turnout.paper': 'on paper',
  'rule.how': 'How the votes were counted',
  'rule.greedy': 'Projects are taken in order of votes, most first. A project is funded if its cost still fits in what is left of the budget; if it does not fit, it is skipped and the next one is tried.',
  'rule.greedy-card': 'Projects are taken in order of votes per tenge of cost, so a cheap project with many votes comes before an expensive one. A project is funded if it still fits in what is left; otherwise it is skipped.',
  'rule.mes': 'Method of Equal Shares: the budget is split equally among the voters. A project is funded if its supporters can pay for it together from their shares, each time choosing the project that costs its supporters least. This gives smaller groups of residents a fair chance too.',
  'rule.mes-card': 'Method of Equal Shares: the budget is split equally among the voters, and every chosen project counts the same to its supporter. A project is funded if its supporters can pay for it from their shares, cheapest for them first.',
  'rule.mes-add1': 'Method of Equal Shares with completion: the budget is split equally among the voters and a project is funded if its supporters can pay for it from their shares. If money is left, the shares are raised step by step and the count is repeated until the budget is spent.',
  'rule.mes-add1-greedy': 'Method of Equal Shares with completion; the money still left goes to projects in order of votes while they fit.',
  'rule.phragmen': 'Sequential Phragmén: the cost is spread over supporters as evenly as possible; each time the project chosen is the one that keeps the largest load on any supporter smallest. Counting stops when the next project does not fit.',
  'tie.lexico': 'On a tie, the project with the smaller number comes first.',
  'tie.cost-then-votes': 'On a tie, the cheaper project comes first, then the one with more votes.',
  'pool.projects': 'Projects',
  'pool.summary': ({ funded, total, spent, budget }) => `${funded} of ${total} ${enN(total, 'project', 'projects')} funded, ${spent} of ${budget}.`,
  'pool.summaryLive': ({ funded, total, spent, budget }) => `If voting ended now: ${funded} of ${total} ${enN(total, 'project', 'projects')}, ${spent} of ${budget}.`,
  'pool.left': ({ left }) => `Left: ${left}.`,
  'pool.ballots': ({ n }) => `${n} ${enN(n, 'ballot', 'ballots')} in this section.`,
  'chart.spent': ({ spent, budget }) => `Budget: ${spent} of ${budget} spent`,
  'chart.caption': ({ votes }) => `Top: the budget — the filled part went to funded projects, the line marks the budget. Below: ${votes} per project. The table has the same numbers.`,
  'chart.more': ({ shown, total }) => `The chart shows the first ${shown} of ${total}.`,
  'chart.fundedLegend': 'funded',
  'chart.otherLegend': 'not funded',
  'table.caption': ({ pool }) => `${pool}: votes, cost and the decision for each project`,
  'table.project': 'Project',
  'table.votes': 'Votes',
  'table.points': 'Points',
  'table.firstChoices': 'First choices',
  'table.cost': 'Cost',
  'table.result': 'Decision and why',
  'table.funded': 'Funded.',
  'table.notFunded': 'Not funded.',
  'table.fundedLive': 'Funded so far.',
  'table.notFundedLive': 'Not funded so far.',
  'table.showAll': ({ n }) => `Show all ${n}`,
  'why.funded': ({ round, supporters }) => `Chosen in round ${round}; ${supporters} ${enN(supporters, 'supporter', 'supporters')}.`,
  'why.fundedCompletion': ({ round, supporters }) => `Chosen in round ${round}, in the completion step; ${supporters} ${enN(supporters, 'supporter', 'supporters')}.`,
  'why.averagePayment': ({ amount }) => `Each supporter “paid” ${amount} on average.`,
  'why.remainingAfter': ({ amount }) => `${amount} was left in the budget after it.`,
  'why.did_not_fit': ({ remaining, cost }) => `Did not fit in the remaining ${remaining}: it costs ${cost}.`,
  'why.supporters_ran_out': ({ supporters, money, cost }) => `Its supporters ran out of money: ${supporters} ${enN(supporters, 'supporter', 'supporters')} had ${money} left together, and it costs ${cost}.`,
  'why.no_support': 'Nobody voted for it.',
  'why.over_budget': ({ budget }) => `Costs more than the whole budget of this section (${budget}).`,
  'why.rule_stopped': ({ remaining }) => `Counting stopped before it: the next project did not fit in the remaining ${remaining}.`,
  'downloads.title': 'Download the data',
  'downloads.csv': 'CSV table',
  'downloads.pb': 'pabulib file (.pb)',
  'downloads.note': 'Open data without personal details: the votes in the file are anonymous.',
};

export const messages = withCommon({ kk, ru, en });
