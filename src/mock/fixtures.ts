import { formatInstant } from '../domain/city-time.js';
import { REFERENCE_DIGITS, REFERENCE_LETTERS, type City, type Cycle, type CityConfig, type IdentityMethod, type Photo, type Proposal, type ProposalStatus } from '../contract/index.js';

/**
 * Demo data for msw (browser tests, the offline demo): Aksu's approval ballot
 * and Rudny's two pools, with proposals in Kazakh and Russian in every status.
 * Dates are relative to `now`, so the phase under test is always open.
 */
const DAY = 86_400_000;
/** Both demo cities keep Almaty's clock; instants are written in its offset, as the server writes a city's. */
const iso = (t: number) => formatInstant(new Date(t), 'Asia/Almaty');

export type DemoPhase = 'submission' | 'review' | 'voting' | 'results';

/** Phase windows laid out so that `phase` contains `now`. */
export function phasesAround(now: number, phase: DemoPhase): Cycle['phases'] {
  const order = ['submission', 'review', 'voting', 'results', 'implementation'] as const;
  const index = order.indexOf(phase);
  // Each phase lasts 20 days; the open one started 5 days ago.
  const start0 = now - 5 * DAY - index * 20 * DAY;
  const w = (i: number) => ({ start: iso(start0 + i * 20 * DAY), end: iso(start0 + (i + 1) * 20 * DAY) });
  return { submission: w(0), review: w(1), voting: w(2), results: w(3), implementation: { start: iso(start0 + 80 * DAY), end: iso(start0 + 445 * DAY) } };
}

export const aksuCity: City = {
  slug: 'aksu',
  name: { kk: 'Ақсу', ru: 'Аксу', en: 'Aksu' },
  timeZone: 'Asia/Almaty',
  currency: 'KZT',
  categories: [
    { id: 'yards', name: { kk: 'Аулалар мен саябақтар', ru: 'Дворы и скверы', en: 'Yards and parks' }, costCap: 9_000_000 },
    { id: 'sport', name: { kk: 'Спорт', ru: 'Спорт', en: 'Sport' }, costCap: 9_000_000 },
    { id: 'culture', name: { kk: 'Мәдениет', ru: 'Культура', en: 'Culture' }, costCap: 6_000_000 },
    { id: 'safety', name: { kk: 'Қауіпсіздік', ru: 'Безопасность', en: 'Safety' }, costCap: 9_000_000 },
  ],
  districts: [
    { id: 'center', name: { kk: 'Орталық', ru: 'Центр', en: 'Centre' } },
    { id: 'zharma', name: { kk: 'Жарма', ru: 'Жарма', en: 'Zharma' } },
    { id: 'kalkaman', name: { kk: 'Қалқаман', ru: 'Калкаман', en: 'Kalkaman' } },
  ],
  allowedOrigins: ['http://localhost:8080'],
};

export function aksuCycle(now: number, phase: DemoPhase = 'voting'): Cycle {
  return {
    id: 'aksu-2026',
    title: { kk: 'Туған қала 2026', ru: 'Родной город 2026', en: 'Tugan Qala 2026' },
    phases: phasesAround(now, phase),
    pools: [{ id: 'city', name: { kk: 'Бүкіл қала', ru: 'Весь город', en: 'Whole city' }, budget: 100_000_000, scope: { kind: 'city' }, costCap: 9_000_000 }],
    ballot: { kind: 'approval', min: 1, max: 3 },
    counting: { rule: 'greedy', tieBreak: 'lexico' },
    eligibility: { minAge: 16, residence: 'none' },
    revote: 'until_close',
    liveCounts: false,
  };
}

export const rudnyCity: City = {
  slug: 'rudny',
  name: { kk: 'Рудный', ru: 'Рудный', en: 'Rudny' },
  timeZone: 'Asia/Almaty',
  currency: 'KZT',
  categories: [
    { id: 'infra', name: { kk: 'Инфрақұрылым', ru: 'Инфраструктура', en: 'Infrastructure' }, costCap: 12_000_000 },
    { id: 'events', name: { kk: 'Іс-шаралар', ru: 'Мероприятия', en: 'Events' }, costCap: 4_000_000 },
  ],
  districts: [],
  allowedOrigins: ['http://localhost:8080'],
  boundary: [
    { lat: 52.92, lng: 63.05 },
    { lat: 52.92, lng: 63.17 },
    { lat: 53.0, lng: 63.17 },
    { lat: 53.0, lng: 63.05 },
  ],
};

export function rudnyCycle(now: number, phase: DemoPhase = 'voting'): Cycle {
  return {
    id: 'rudny-2026',
    title: { kk: 'Туған қала 2026', ru: 'Родной город 2026', en: 'Tugan Qala 2026' },
    phases: phasesAround(now, phase),
    pools: [
      { id: 'infra', name: { kk: 'Инфрақұрылым', ru: 'Инфраструктура', en: 'Infrastructure' }, budget: 60_000_000, scope: { kind: 'category', categories: ['infra'] }, costCap: 12_000_000 },
      { id: 'events', name: { kk: 'Іс-шаралар', ru: 'Мероприятия', en: 'Events' }, budget: 12_000_000, scope: { kind: 'category', categories: ['events'] }, costCap: 4_000_000 },
    ],
    ballot: { kind: 'single' },
    counting: { rule: 'greedy', tieBreak: 'lexico' },
    eligibility: { minAge: 16, residence: 'geolocation' },
    revote: 'final',
    liveCounts: true,
  };
}

interface Seed {
  title: string;
  description: string;
  category: string;
  district?: string;
  address: string;
  cost: number;
  author: string;
  status: ProposalStatus;
  note?: string;
  mergedInto?: string;
  votes?: number;
}

const AKSU_SEEDS: Seed[] = [
  { title: 'Балалар ойын алаңы, Ауэзов көшесі 12', description: 'Ескі ойын алаңының орнына жұмсақ жабыны бар қауіпсіз жаңа алаң салу. Ауладағы 200-ден астам бала ойнайды.', category: 'yards', district: 'center', address: 'Ауэзов көшесі, 12', cost: 8_500_000, author: 'Айгүл С.', status: 'on_ballot', votes: 412 },
  { title: 'Освещение сквера у Дворца культуры', description: 'Установить 24 светодиодных фонаря вдоль аллей сквера. Вечером там темно и небезопасно, особенно зимой.', category: 'safety', district: 'center', address: 'ул. Астана, 30', cost: 6_200_000, author: 'Сергей П.', status: 'on_ballot', votes: 380 },
  { title: 'Workout-площадка в микрорайоне Жарма', description: 'Турники, брусья и резиновое покрытие рядом со школой №3. Сейчас молодёжи негде заниматься.', category: 'sport', district: 'zharma', address: 'мкр. Жарма, 5', cost: 5_400_000, author: 'Ерлан Т.', status: 'on_ballot', votes: 290 },
  { title: 'Кітапхана жанындағы оқу аулası', description: 'Кітапхана алдында орындықтар, көлеңке шатыры және кітап алмасу сөресі бар жазғы оқу аймағын жасау.', category: 'culture', district: 'kalkaman', address: 'Қалқаман ауылы, Абай көшесі, 3', cost: 3_100_000, author: 'Мәдина Қ.', status: 'on_ballot', votes: 150 },
  { title: 'Пешеходный переход с подсветкой у школы №1', description: 'Светофор Т.7 и подсветка перехода, по которому каждое утро идут сотни детей.', category: 'safety', district: 'center', address: 'ул. Ленина, 2', cost: 4_800_000, author: 'Наталья В.', status: 'on_ballot', votes: 355 },
  { title: 'Хоккейная коробка во дворе', description: 'Бортики, освещение и заливка льда зимой; летом — площадка для мини-футбола.', category: 'sport', district: 'zharma', address: 'ул. Целинная, 7', cost: 8_900_000, author: 'Дмитрий К.', status: 'on_ballot', votes: 120 },
  { title: 'Скамейки и урны на набережной', description: 'Поставить 30 скамеек и 30 урн вдоль набережной Иртыша.', category: 'yards', district: 'center', address: 'Набережная', cost: 2_700_000, author: 'Гульнара А.', status: 'under_review' },
  { title: 'Фонтан на центральной площади', description: 'Построить большой музыкальный фонтан с подсветкой на центральной площади города.', category: 'culture', district: 'center', address: 'Центральная площадь', cost: 45_000_000, author: 'Игорь М.', status: 'rejected', note: 'Стоимость превышает лимит 9 000 000 ₸ на один проект, а содержание фонтана требует ежегодных расходов, которые программа не покрывает.' },
  { title: 'Аулаға арналған ойын алаңы', description: 'Ауэзов көшесіндегі аулада балаларға ойын алаңын салу керек, қазір ештеңе жоқ.', category: 'yards', district: 'center', address: 'Ауэзов көшесі, 14', cost: 7_000_000, author: 'Бауыржан Н.', status: 'merged', note: 'Осы мекенжайдағы ұқсас өтініммен біріктірілді.', mergedInto: 'aksu-1' },
  { title: 'Велодорожка вдоль улицы Комсомольской', description: 'Выделенная велодорожка длиной 1,2 км с разметкой и знаками.', category: 'sport', district: 'zharma', address: 'ул. Комсомольская', cost: 8_700_000, author: 'Алексей Р.', status: 'needs_changes', note: 'Уточните начало и конец маршрута и приложите схему.' },
  { title: 'Мерекелік концерт Наурызда', description: 'Наурыз мейрамына арналған ашық аспан астындағы концерт және жәрмеңке.', category: 'culture', district: 'center', address: 'Орталық алаң', cost: 2_000_000, author: 'Асель Б.', status: 'submitted' },
  { title: 'Ремонт детского сада «Балапан» (кровля)', description: 'Заменить протекающую кровлю над музыкальным залом.', category: 'yards', district: 'kalkaman', address: 'с. Калкаман, ул. Школьная, 1', cost: 5_000_000, author: 'Ольга Ш.', status: 'withdrawn' },
  { title: 'Спорт алаңындағы жаттығу құралдары', description: 'Саябақта ересектерге арналған 10 жаттығу құралын орнату.', category: 'sport', district: 'center', address: 'Орталық саябақ', cost: 4_400_000, author: 'Нұрлан Ж.', status: 'implemented' },
  { title: 'Видеонаблюдение во дворах мкр. Жарма', description: 'Камеры на въездах во дворы и у детских площадок.', category: 'safety', district: 'zharma', address: 'мкр. Жарма', cost: 7_600_000, author: 'Виктор Л.', status: 'in_progress' },
];

function toProposal(seed: Seed, index: number, cycleId: string, prefix: string, now: number): Proposal {
  const created = now - (40 - index) * DAY;
  const history: Proposal['history'] = [{ status: 'submitted', at: iso(created) }];
  if (seed.status !== 'submitted' && seed.status !== 'withdrawn') history.push({ status: 'under_review', at: iso(created + 3 * DAY) });
  if (!['submitted', 'under_review'].includes(seed.status))
    history.push({ status: seed.status, at: iso(created + 10 * DAY), ...(seed.note ? { note: seed.note } : {}) });
  return {
    id: `${prefix}-${index + 1}`,
    cycleId,
    title: seed.title,
    description: seed.description,
    category: seed.category,
    ...(seed.district ? { district: seed.district } : {}),
    address: seed.address,
    estimatedCost: seed.cost,
    ...(seed.status === 'on_ballot' ? { finalCost: seed.cost, poolId: 'city' } : {}),
    photos: demoPhotos(`${prefix}-${index + 1}`),
    authorName: seed.author,
    status: seed.status,
    ...(seed.note ? { reviewNote: seed.note } : {}),
    ...(seed.mergedInto ? { mergedInto: seed.mergedInto } : {}),
    history,
    createdAt: iso(created),
    updatedAt: iso(created + 10 * DAY),
  };
}

/** How many demo photos some proposals have; the mock serves them at `GET /photos/<id>.jpg`. */
const DEMO_PHOTOS: Record<string, number> = { 'aksu-1': 2, 'aksu-2': 1, 'aksu-3': 1, 'aksu-8': 1, 'aksu-13': 3, 'rudny-i-2': 1 };

export function demoPhotos(proposalId: string): Photo[] {
  const count = DEMO_PHOTOS[proposalId] ?? 0;
  return Array.from({ length: count }, (_, i) => ({ id: `${proposalId}-p${i + 1}`, url: `/photos/${proposalId}-p${i + 1}.jpg`, width: 1600, height: 1200 }));
}

export function aksuProposals(now: number): Proposal[] {
  return AKSU_SEEDS.map((s, i) => toProposal(s, i, 'aksu-2026', 'aksu', now)).map(withReference('aksu'));
}

/**
 * The mock's `n`th reference in a city (`AKS-2222`, `AKS-2223`…): the server's shape (three letters of its alphabet,
 * four of its digits), unique in the city for the first 4,096, and the same on every run so a test can ask for one.
 * The server draws them at random (`newReference`).
 */
export function mockReference(city: string, n: number): string {
  const letters = [...city.toUpperCase()].filter((c) => REFERENCE_LETTERS.includes(c)).join('').padEnd(3, 'X').slice(0, 3);
  let digits = '';
  for (let i = 0, rest = n; i < 4; i++, rest = Math.floor(rest / REFERENCE_DIGITS.length)) digits = REFERENCE_DIGITS[rest % REFERENCE_DIGITS.length] + digits;
  return `${letters}-${digits}`;
}

/** Every seeded proposal has its reference, as the server's demo seed gives one to each. */
const withReference = (city: string) => (p: Proposal, n: number): Proposal => ({ ...p, reference: mockReference(city, n) });

export function rudnyProposals(now: number): Proposal[] {
  const infra: Seed[] = [
    { title: 'Ремонт тротуара по ул. Качарской', description: 'Заменить разбитую плитку на участке 400 м от рынка до остановки.', category: 'infra', address: 'ул. Качарская', cost: 11_500_000, author: 'Марат Е.', status: 'on_ballot' },
    { title: 'Освещение парка Победы', description: 'Поставить 40 фонарей вдоль главной аллеи парка.', category: 'infra', address: 'Парк Победы', cost: 9_800_000, author: 'Елена С.', status: 'on_ballot' },
    { title: 'Балалар алаңы, 50 лет Октября көшесі', description: 'Көпқабатты үйлер арасындағы аулаға жаңа ойын алаңы.', category: 'infra', address: '50 лет Октября көшесі, 71', cost: 10_200_000, author: 'Жанар О.', status: 'on_ballot' },
  ];
  const events: Seed[] = [
    { title: 'Городской фестиваль уличной еды', description: 'Однодневный фестиваль на площади с местными кафе и музыкой.', category: 'events', address: 'Центральная площадь', cost: 3_500_000, author: 'Анна Г.', status: 'on_ballot' },
    { title: 'Жастар арасындағы шахмат турнирі', description: 'Мектеп оқушыларына арналған қалалық шахмат турнирі және жүлделер.', category: 'events', address: 'Мәдениет үйі', cost: 1_200_000, author: 'Ерболат Д.', status: 'on_ballot' },
  ];
  return [
    ...infra.map((s, i) => ({ ...toProposal(s, i, 'rudny-2026', 'rudny-i', now), poolId: 'infra' })),
    ...events.map((s, i) => ({ ...toProposal(s, i, 'rudny-2026', 'rudny-e', now), poolId: 'events' })),
  ].map(withReference('rudny'));
}

export function demoConfig(slug: 'aksu' | 'rudny', now: number, phase: DemoPhase = 'voting', method: IdentityMethod = 'phone_only'): CityConfig {
  const city = slug === 'aksu' ? aksuCity : rudnyCity;
  const cycle = slug === 'aksu' ? aksuCycle(now, phase) : rudnyCycle(now, phase);
  const identity = method === 'oidc' ? { method, provider: { kk: 'eGov', ru: 'eGov', en: 'eGov' } } : { method };
  return { city, cycle, currentPhase: phase, serverTime: iso(now), identity };
}

/**
 * The demo voter list, as the reference server's demo seed writes it
 * (`DEMO_VOTERS` in `server/seed.ts`): the test IINs the demo pages name, each
 * with a demo phone. The mock's census answers from the same list (the phone
 * is the one "registered" for the IIN).
 */
export const DEMO_VOTERS: ReadonlyMap<string, string> = new Map([
  ['791028302728', '+77010000001'],
  ['061211600012', '+77010000002'],
  ...['750310441004', '760411341019', '770512441026', '780613341030', '790714441048', '800815341055', '810916441062', '821017341073'].map(
    (iin, i) => [iin, `+770100000${String(i + 3).padStart(2, '0')}`] as [string, string],
  ),
]);

/** A valid adult IIN that is on no demo list: the "not on the list" case. */
export const UNLISTED_IIN = '881102300009';
