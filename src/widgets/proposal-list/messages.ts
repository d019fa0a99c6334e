import { withCommon } from '../../ui/messages/index.js';

type Forms = { one: string; few?: string; many?: string; other: string };
type Counted = (p: { n: number }) => string;

/** A message that picks its plural form (Russian one/few/many, Kazakh and English one/other). */
function counted(tag: string, forms: Forms): Counted {
  let rules: Intl.PluralRules | undefined;
  return ({ n }) => {
    rules ??= new Intl.PluralRules(tag);
    return (forms[rules.select(n) as keyof Forms] ?? forms.other).replace('{n}', String(n));
  };
}

/** Strings of `<qala-proposal-list>`; user-written text is never put inside them. */
export type ProposalListMessages = {
  readonly heading: string;
  readonly filters: string;
  readonly 'filter.category': string;
  readonly 'filter.district': string;
  readonly 'filter.status': string;
  readonly 'filter.search': string;
  readonly 'filter.searchHint': string;
  readonly 'filter.sort': string;
  readonly 'filter.allCategories': string;
  readonly 'filter.allDistricts': string;
  readonly 'filter.allStatuses': string;
  readonly 'filter.someStatuses': (p: { count: number }) => string;
  readonly 'filter.reset': string;
  readonly 'sort.newest': string;
  readonly 'sort.cost_asc': string;
  readonly 'sort.cost_desc': string;
  readonly 'sort.votes': string;
  readonly count: Counted;
  readonly shown: (p: { shown: number; total: number }) => string;
  readonly loadingList: string;
  readonly 'card.cost': string;
  readonly 'card.finalCost': string;
  readonly votes: Counted;
  readonly 'card.reason': string;
  readonly 'card.mergedInto': string;
  readonly 'card.more': string;
  readonly 'card.district': string;
  readonly 'detail.label': string;
  readonly 'detail.description': string;
  readonly 'detail.address': string;
  readonly 'detail.author': string;
  readonly 'detail.photos': string;
  readonly 'detail.photo': (p: { n: number; total: number }) => string;
  readonly 'detail.history': string;
  readonly 'detail.submittedAt': (p: { date: string }) => string;
  readonly 'detail.notFound': string;
  readonly 'empty.filtered': string;
  readonly 'empty.upcoming': (p: { date: string }) => string;
  readonly 'empty.submission': (p: { date: string }) => string;
  readonly 'empty.review': (p: { date: string }) => string;
  readonly 'empty.voting': (p: { date: string }) => string;
  readonly 'empty.other': string;
};

const kk: ProposalListMessages = {
  heading: 'Өтінімдер',
  filters: 'Сүзгілер',
  'filter.category': 'Санаты',
  'filter.district': 'Аудан',
  'filter.status': 'Мәртебесі',
  'filter.search': 'Іздеу',
  'filter.searchHint': 'Атауы, сипаттамасы немесе мекенжайы бойынша',
  'filter.sort': 'Сұрыптау',
  'filter.allCategories': 'Барлық санаттар',
  'filter.allDistricts': 'Барлық аудандар',
  'filter.allStatuses': 'Барлық мәртебелер',
  'filter.someStatuses': ({ count }) => `Таңдалған мәртебелер (${count})`,
  'filter.reset': 'Сүзгілерді тазалау',
  'sort.newest': 'Алдымен жаңалары',
  'sort.cost_asc': 'Алдымен арзандары',
  'sort.cost_desc': 'Алдымен қымбаттары',
  'sort.votes': 'Дауыс саны бойынша',
  count: counted('kk', { one: '{n} өтінім', other: '{n} өтінім' }),
  shown: ({ shown, total }) => `${total} өтінімнің ${shown} көрсетілді`,
  loadingList: 'Өтінімдер жүктелуде…',
  'card.cost': 'Құны',
  'card.finalCost': 'Түпкілікті құны',
  votes: counted('kk', { one: '{n} дауыс', other: '{n} дауыс' }),
  'card.reason': 'Сараптама кеңесінің шешімі:',
  'card.mergedInto': 'Мына өтініммен біріктірілді:',
  'card.more': 'Толығырақ',
  'card.district': 'Аудан',
  'detail.label': 'Өтінім',
  'detail.description': 'Сипаттамасы',
  'detail.address': 'Мекенжайы',
  'detail.author': 'Авторы',
  'detail.photos': 'Фото',
  'detail.photo': ({ n, total }) => `${total} фотоның ${n}-сі`,
  'detail.history': 'Қарау тарихы',
  'detail.submittedAt': ({ date }) => `${date} берілді`,
  'detail.notFound': 'Мұндай өтінім табылмады.',
  'empty.filtered': 'Осы шарттар бойынша ештеңе табылмады.',
  'empty.upcoming': ({ date }) => `Өтінімдерді қабылдау ${date} басталады.`,
  'empty.submission': ({ date }) => `Әзірге өтінім жоқ. Өтінімдер ${date} дейін қабылданады — сіздікі бірінші болуы мүмкін.`,
  'empty.review': ({ date }) => `Өтінімдер ${date} дейін сараптамадан өтуде.`,
  'empty.voting': ({ date }) => `Дауыс беру ${date} дейін жүреді, бірақ бұл тізімде әзірге жоба жоқ.`,
  'empty.other': 'Бұл циклде өтінімдер жоқ.',
};

const ru: ProposalListMessages = {
  heading: 'Заявки',
  filters: 'Фильтры',
  'filter.category': 'Категория',
  'filter.district': 'Район',
  'filter.status': 'Статус',
  'filter.search': 'Поиск',
  'filter.searchHint': 'По названию, описанию или адресу',
  'filter.sort': 'Сортировка',
  'filter.allCategories': 'Все категории',
  'filter.allDistricts': 'Все районы',
  'filter.allStatuses': 'Все статусы',
  'filter.someStatuses': ({ count }) => `Выбранные статусы (${count})`,
  'filter.reset': 'Сбросить фильтры',
  'sort.newest': 'Сначала новые',
  'sort.cost_asc': 'Сначала дешевле',
  'sort.cost_desc': 'Сначала дороже',
  'sort.votes': 'По числу голосов',
  count: counted('ru', { one: '{n} заявка', few: '{n} заявки', many: '{n} заявок', other: '{n} заявки' }),
  shown: ({ shown, total }) => `Показано ${shown} из ${total}`,
  loadingList: 'Загружаем заявки…',
  'card.cost': 'Стоимость',
  'card.finalCost': 'Итоговая стоимость',
  votes: counted('ru', { one: '{n} голос', few: '{n} голоса', many: '{n} голосов', other: '{n} голоса' }),
  'card.reason': 'Решение экспертного совета:',
  'card.mergedInto': 'Объединена с заявкой:',
  'card.more': 'Подробнее',
  'card.district': 'Район',
  'detail.label': 'Заявка',
  'detail.description': 'Описание',
  'detail.address': 'Адрес',
  'detail.author': 'Автор',
  'detail.photos': 'Фото',
  'detail.photo': ({ n, total }) => `Фото ${n} из ${total}`,
  'detail.history': 'История рассмотрения',
  'detail.submittedAt': ({ date }) => `Подана ${date}`,
  'detail.notFound': 'Такая заявка не найдена.',
  'empty.filtered': 'По этим условиям ничего не найдено.',
  'empty.upcoming': ({ date }) => `Приём заявок начнётся ${date}.`,
  'empty.submission': ({ date }) => `Заявок пока нет. Приём идёт до ${date} — ваша может стать первой.`,
  'empty.review': ({ date }) => `Заявки проходят экспертизу до ${date}.`,
  'empty.voting': ({ date }) => `Голосование идёт до ${date}, но в этом списке пока нет проектов.`,
  'empty.other': 'В этом цикле заявок нет.',
};

const en: ProposalListMessages = {
  heading: 'Proposals',
  filters: 'Filters',
  'filter.category': 'Category',
  'filter.district': 'District',
  'filter.status': 'Status',
  'filter.search': 'Search',
  'filter.searchHint': 'In titles, descriptions and addresses',
  'filter.sort': 'Sort',
  'filter.allCategories': 'All categories',
  'filter.allDistricts': 'All districts',
  'filter.allStatuses': 'All statuses',
  'filter.someStatuses': ({ count }) => `Selected statuses (${count})`,
  'filter.reset': 'Reset filters',
  'sort.newest': 'Newest first',
  'sort.cost_asc': 'Cheapest first',
  'sort.cost_desc': 'Most expensive first',
  'sort.votes': 'Most votes',
  count: counted('en', { one: '{n} proposal', other: '{n} proposals' }),
  shown: ({ shown, total }) => `Showing ${shown} of ${total}`,
  loadingList: 'Loading proposals…',
  'card.cost': 'Cost',
  'card.finalCost': 'Final cost',
  votes: counted('en', { one: '{n} vote', other: '{n} votes' }),
  'card.reason': 'Expert council’s decision:',
  'card.mergedInto': 'Merged into proposal:',
  'card.more': 'Details',
  'card.district': 'District',
  'detail.label': 'Proposal',
  'detail.description': 'Description',
  'detail.address': 'Address',
  'detail.author': 'Author',
  'detail.photos': 'Photos',
  'detail.photo': ({ n, total }) => `Photo ${n} of ${total}`,
  'detail.history': 'Review history',
  'detail.submittedAt': ({ date }) => `Submitted ${date}`,
  'detail.notFound': 'No such proposal.',
  'empty.filtered': 'Nothing matches these filters.',
  'empty.upcoming': ({ date }) => `Submission opens on ${date}.`,
  'empty.submission': ({ date }) => `No proposals yet. Submission is open until ${date} — yours could be the first.`,
  'empty.review': ({ date }) => `Proposals are being reviewed until ${date}.`,
  'empty.voting': ({ date }) => `Voting is open until ${date}, but this list has no projects yet.`,
  'empty.other': 'There are no proposals in this cycle.',
};

export const messages = withCommon<ProposalListMessages>({ kk, ru, en });
