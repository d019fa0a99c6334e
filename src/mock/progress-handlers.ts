import { HttpResponse, type HttpHandler } from 'msw';
import {
  ProgressQuery,
  type ImplementationState,
  type LocalizedName,
  type ProgressList,
  type ProgressPhoto,
  type ProgressStage,
  type ProgressUpdate,
  type ProjectProgress,
  type ProjectProgressDetail,
  type Proposal,
  type ProposalStatus,
  type PublicText,
} from '../contract/index.js';
import { FEED_CACHE_CONTROL } from '../domain/answer-headers.js';
import { formatInstant } from '../domain/city-time.js';
import { NO_SUCH_CYCLE } from '../domain/cycle-refusals.js';
import { FUNDED_STATUSES } from '../domain/results-decisions.js';
import { feedLang, feedPage, progressFeed } from '../domain/progress-feed.js';
import { fail, http, invalidFields, oldestFirst } from './answers.js';

/**
 * The public progress API in the mock (`/cities/:city/progress…`), answering
 * as the reference server does (`ImplementationService.list` in
 * src/server/services/implementation.ts): the funded projects are every
 * proposal with a funded status (winner, in progress, implemented, cancelled)
 * — the current cycle's from the mock's own proposals, so a status a test or
 * the centre changes shows here — newest cycle first, each with the
 * implementation record the mock keeps for it, or a blank one. Aksu's 2025
 * winners are being built while its 2026 cycle runs (one in progress with
 * stages and spending, one built with before/after photos and overspending
 * explained, one not started, one cancelled), and its current cycle's built and
 * building projects (`aksu-13`, `aksu-14`) have records too.
 * `test/node/progress-mock-parity.test.ts` holds the lists to the server's,
 * `test/node/mock-parity.test.ts` the errors.
 */

const json = (body: unknown, status = 200) => HttpResponse.json(body as never, { status });

const DAY = 86_400_000;
const day = (now: number, offset: number) => new Date(now + offset * DAY).toISOString().slice(0, 10);
/** Instants in Almaty's offset, as the server writes the demo cities'. */
const instant = (now: number, offset: number) => formatInstant(new Date(now + offset * DAY), 'Asia/Almaty');


export const AKSU_2025: LocalizedName = { kk: 'Туған қала — Ақсу 2025', ru: 'Родной город — Аксу 2025', en: 'Tugan Qala — Aksu 2025' };
export const AKSU_2026: LocalizedName = { kk: 'Туған қала — Ақсу 2026', ru: 'Родной город — Аксу 2026', en: 'Tugan Qala — Aksu 2026' };

/**
 * What the mock keeps of a funded project's implementation, as the server's
 * store does: the record (plan, figures, final word) and its public updates,
 * newest first.
 */
export interface MockImplementation {
  state: ImplementationState;
  progress: number;
  committed: number;
  spent: number;
  contractor?: string;
  plannedStart?: string;
  plannedEnd?: string;
  overspendReason?: PublicText;
  implementedOn?: string;
  cancelReason?: PublicText;
  completionNote?: PublicText;
  updatedAt: string;
  stages: ProgressStage[];
  updates: ProgressUpdate[];
}

export interface MockCycle {
  id: string;
  title: LocalizedName;
}

/** The progress the mock starts with, per city. */
export interface ProgressSeed {
  /** Cycles before the current one, oldest first. */
  pastCycles: Map<string, MockCycle[]>;
  /** Their proposals (the mock's proposal list shows the current cycle only, as the server's does, so they live here). */
  pastProposals: Map<string, Proposal[]>;
  /** Implementation records by project id, of any cycle. */
  records: Map<string, Map<string, MockImplementation>>;
}

const photo = (id: string, tag: ProgressPhoto['tag']): ProgressPhoto => ({ id, url: `/photos/${id}.jpg`, width: 1600, height: 1200, tag });

interface PastWinner {
  id: string;
  title: string;
  category: string;
  district: string;
  address: string;
  cost: number;
  status: ProposalStatus;
  /** Public history after the vote: when the works started, ended or were given up. */
  after: Proposal['history'];
}

/** A funded proposal of Aksu's 2025 cycle, its history through the vote and after. */
function pastProposal(now: number, w: PastWinner, index: number): Proposal {
  const created = instant(now, -415 + index);
  const history: Proposal['history'] = [
    { status: 'submitted', at: created },
    { status: 'under_review', at: instant(now, -385) },
    { status: 'on_ballot', at: instant(now, -320) },
    { status: 'winner', at: instant(now, -269) },
    ...w.after,
  ];
  const last = history[history.length - 1]!;
  return {
    id: w.id,
    cycleId: 'aksu-2025',
    title: w.title,
    description: w.title,
    category: w.category,
    district: w.district,
    address: w.address,
    estimatedCost: w.cost,
    finalCost: w.cost,
    poolId: 'city',
    photos: [],
    authorName: 'Демо',
    status: w.status,
    ...(last.note ? { reviewNote: last.note } : {}),
    history,
    createdAt: created,
    updatedAt: last.at,
  };
}

/** Aksu's 2025 winners and the records of every Aksu project being built or built, dated around `now`. */
export function progressSeed(now: number): ProgressSeed {
  const walkReason: PublicText = {
    kk: 'Көшеде жылу желісі ауыстырылады; тротуар 2027 жылға ауыстырылды.',
    ru: 'На улице меняют теплосеть; тротуар перенесён на 2027 год.',
    en: 'The heating main under the street is being replaced; the pavement moves to 2027.',
  };
  const winners: PastWinner[] = [
    { id: 'aksu-2025-light', title: 'Освещение сквера Абая', category: 'yards', district: 'center', address: 'сквер Абая', cost: 5_800_000, status: 'in_progress', after: [{ status: 'in_progress', at: instant(now, -60) }] },
    {
      id: 'aksu-2025-play',
      title: 'Детская площадка в мкр. Ертіс',
      category: 'yards',
      district: 'zharma',
      address: 'мкр. Ертіс, 12',
      cost: 6_000_000,
      status: 'implemented',
      after: [
        { status: 'in_progress', at: instant(now, -118) },
        { status: 'implemented', at: instant(now, -12) },
      ],
    },
    { id: 'aksu-2025-sport', title: 'Спортивная площадка в с. Калкаман', category: 'sport', district: 'kalkaman', address: 'с. Калкаман, школа', cost: 7_400_000, status: 'winner', after: [] },
    { id: 'aksu-2025-walk', title: 'Тротуар по ул. Торайгырова', category: 'yards', district: 'center', address: 'ул. Торайгырова', cost: 4_200_000, status: 'cancelled', after: [{ status: 'cancelled', at: instant(now, -30), note: walkReason.ru }] },
  ];

  const records = new Map<string, MockImplementation>();
  records.set('aksu-2025-light', {
    state: 'in_progress',
    progress: 60,
    committed: 5_500_000,
    spent: 3_100_000,
    contractor: 'ТОО «Жарық Сервис»',
    plannedStart: day(now, -60),
    plannedEnd: day(now, 45),
    updatedAt: instant(now, -6),
    stages: [
      { id: 'design', title: { kk: 'Жобалау', ru: 'Проектирование', en: 'Design' }, plannedStart: day(now, -60), plannedEnd: day(now, -40), actualStart: day(now, -60), actualEnd: day(now, -42), state: 'done' },
      { id: 'supply', title: { kk: 'Жабдық жеткізу', ru: 'Поставка оборудования' }, plannedStart: day(now, -40), plannedEnd: day(now, -20), actualStart: day(now, -41), actualEnd: day(now, -15), state: 'done' },
      { id: 'install', title: { kk: 'Монтаж', ru: 'Монтаж', en: 'Installation' }, plannedStart: day(now, -20), plannedEnd: day(now, 30), actualStart: day(now, -14), state: 'in_progress' },
      { id: 'handover', title: { kk: 'Тапсыру', ru: 'Сдача', en: 'Handover' }, plannedStart: day(now, 30), plannedEnd: day(now, 45), state: 'planned' },
    ],
    updates: [
      {
        id: 'up-light-2',
        at: instant(now, -6),
        text: { kk: 'Тіректер орнатылды, шамдарды қосу басталды.', ru: 'Опоры установлены, начался монтаж светильников.', en: 'The poles are up; the lamps are being fitted.' },
        photos: [photo('impl-light-during', 'during')],
      },
      {
        id: 'up-light-1',
        at: instant(now, -40),
        text: { kk: 'Мердігермен шарт жасалды, жоба келісілді.', ru: 'Заключён договор с подрядчиком, проект согласован.' },
        photos: [photo('impl-light-before', 'before')],
      },
    ],
  });
  records.set('aksu-2025-play', {
    state: 'implemented',
    progress: 100,
    committed: 6_300_000,
    spent: 6_300_000,
    overspendReason: { kk: 'Резеңке жабынның бағасы өсті.', ru: 'Подорожало резиновое покрытие.', en: 'The rubber surface cost more.' },
    contractor: 'ИП «Балапан»',
    plannedStart: day(now, -120),
    plannedEnd: day(now, -20),
    implementedOn: day(now, -12),
    updatedAt: instant(now, -12),
    stages: [
      { id: 'dismantle', title: { kk: 'Бөлшектеу', ru: 'Демонтаж' }, plannedStart: day(now, -120), plannedEnd: day(now, -100), actualStart: day(now, -118), actualEnd: day(now, -95), state: 'done' },
      { id: 'build', title: { kk: 'Орнату', ru: 'Установка' }, plannedStart: day(now, -100), plannedEnd: day(now, -20), actualStart: day(now, -95), actualEnd: day(now, -13), state: 'done' },
    ],
    updates: [
      {
        id: 'up-play-2',
        at: instant(now, -12),
        text: { kk: 'Алаң ашылды. Рахмет дауыс бергендерге!', ru: 'Площадка открыта. Спасибо всем, кто голосовал!', en: 'The playground is open. Thank you for voting!' },
        photos: [photo('impl-play-after', 'after')],
      },
      {
        id: 'up-play-1',
        at: instant(now, -90),
        text: { kk: 'Ескі жабдық бөлшектелді.', ru: 'Демонтировано старое оборудование.' },
        photos: [photo('impl-play-before', 'before'), photo('impl-play-during', 'during')],
      },
    ],
  });
  // aksu-2025-sport has no record yet: a winner whose works have not started reads as a blank one.
  records.set('aksu-2025-walk', { state: 'cancelled', progress: 0, committed: 0, spent: 0, cancelReason: walkReason, updatedAt: instant(now, -30), stages: [], updates: [] });

  // This cycle's built and building projects in the fixtures (fixtures.ts: aksu-13 implemented, aksu-14 in progress).
  records.set('aksu-13', {
    state: 'implemented',
    progress: 100,
    committed: 4_400_000,
    spent: 4_150_000,
    contractor: 'ТОО «Белсенді Ақсу»',
    plannedStart: day(now, -26),
    plannedEnd: day(now, -19),
    implementedOn: day(now, -18),
    completionNote: { kk: 'Құралдар саябаққа тапсырылды.', ru: 'Тренажёры переданы парку.', en: 'The machines were handed over to the park.' },
    updatedAt: instant(now, -18),
    stages: [{ id: 'install', title: { kk: 'Орнату', ru: 'Установка', en: 'Installation' }, plannedStart: day(now, -26), plannedEnd: day(now, -19), actualStart: day(now, -25), actualEnd: day(now, -18), state: 'done' }],
    updates: [
      {
        id: 'up-gym-1',
        at: instant(now, -18),
        text: { kk: 'Он жаттығу құралы орнатылды, саябақ ашық.', ru: 'Установлены десять тренажёров, парк открыт.', en: 'Ten exercise machines are in; the park is open.' },
        photos: [photo('impl-gym-after', 'after')],
      },
    ],
  });
  records.set('aksu-14', {
    state: 'in_progress',
    progress: 35,
    committed: 7_300_000,
    spent: 2_600_000,
    contractor: 'ТОО «Қауіпсіз Аула»',
    plannedStart: day(now, -17),
    plannedEnd: day(now, 40),
    updatedAt: instant(now, -4),
    stages: [
      { id: 'design', title: { kk: 'Жобалау', ru: 'Проектирование', en: 'Design' }, plannedStart: day(now, -17), plannedEnd: day(now, -10), actualStart: day(now, -17), actualEnd: day(now, -11), state: 'done' },
      { id: 'install', title: { kk: 'Камераларды орнату', ru: 'Установка камер', en: 'Fitting the cameras' }, plannedStart: day(now, -10), plannedEnd: day(now, 30), actualStart: day(now, -9), state: 'in_progress' },
      { id: 'handover', title: { kk: 'Тапсыру', ru: 'Сдача', en: 'Handover' }, plannedStart: day(now, 30), plannedEnd: day(now, 40), state: 'planned' },
    ],
    updates: [
      {
        id: 'up-cam-1',
        at: instant(now, -4),
        text: { kk: '32 камераның алғашқы 12-сі орнатылды.', ru: 'Установлены первые 12 камер из 32.', en: 'The first 12 of 32 cameras are up.' },
        photos: [photo('impl-cam-during', 'during')],
      },
    ],
  });

  return {
    pastCycles: new Map([['aksu', [{ id: 'aksu-2025', title: AKSU_2025 }]]]),
    pastProposals: new Map([['aksu', winners.map((w, i) => pastProposal(now, w, i))]]),
    records: new Map([['aksu', records]]),
  };
}

/** A funded project as residents see it in a list, from its proposal and record (none: a blank one), as the server's `summary`. */
function summary(p: Proposal, cycle: MockCycle, r: MockImplementation | undefined): ProjectProgress {
  const updates = r?.updates ?? [];
  const tagged = (tag: ProgressPhoto['tag']) => updates.flatMap((u) => u.photos).find((ph) => ph.tag === tag);
  const before = tagged('before');
  const after = tagged('after');
  return {
    projectId: p.id,
    cycleId: cycle.id,
    cycleTitle: cycle.title,
    title: p.title,
    category: p.category,
    ...(p.district ? { district: p.district } : {}),
    ...(p.address ? { address: p.address } : {}),
    approvedCost: p.finalCost ?? p.estimatedCost,
    state: r?.state ?? 'not_started',
    progress: r?.progress ?? 0,
    committed: r?.committed ?? 0,
    spent: r?.spent ?? 0,
    ...(r?.overspendReason ? { overspendReason: r.overspendReason } : {}),
    ...(r?.contractor ? { contractor: r.contractor } : {}),
    ...(r?.plannedStart ? { plannedStart: r.plannedStart } : {}),
    ...(r?.plannedEnd ? { plannedEnd: r.plannedEnd } : {}),
    ...(r?.implementedOn ? { implementedOn: r.implementedOn } : {}),
    ...(r?.cancelReason ? { cancelReason: r.cancelReason } : {}),
    ...(r?.completionNote ? { completionNote: r.completionNote } : {}),
    ...(updates[0] ? { latestUpdate: updates[0] } : {}),
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
    ...(r ? { updatedAt: r.updatedAt } : {}),
  };
}

function detailOf(base: string, city: string, p: Proposal, cycle: MockCycle, r: MockImplementation | undefined): ProjectProgressDetail {
  return {
    ...summary(p, cycle, r),
    stages: r?.stages ?? [],
    updates: r?.updates ?? [],
    feed: `${base}/cities/${encodeURIComponent(city)}/progress/${encodeURIComponent(p.id)}/feed.atom`,
  };
}

/** Aksu's funded projects of 2025 as the mock answers them, dated around `now`. */
export function progressFixtures(now: number, base: string): ProjectProgressDetail[] {
  const seed = progressSeed(now);
  const cycle = seed.pastCycles.get('aksu')![0]!;
  return seed.pastProposals.get('aksu')!.map((p) => detailOf(base, 'aksu', p, cycle, seed.records.get('aksu')!.get(p.id)));
}


/**
 * @param cities the current cycle of each city the mock knows
 * @param proposals the mock's proposals of a city (its current cycle), whose statuses say what is funded
 * @param seed past cycles, their proposals and the implementation records ({@link progressSeed} by default)
 */
export function progressHandlers(
  base: string,
  now: number,
  cities: () => Map<string, { cycleId: string; title: LocalizedName; name: LocalizedName; allowedOrigins: readonly string[] }>,
  proposals: (city: string) => readonly Proposal[],
  seed: ProgressSeed = progressSeed(now),
): HttpHandler[] {
  /** The city's cycles, newest first (the current one is the newest the mock knows); null for an unknown city. */
  const cyclesOf = (city: string): MockCycle[] | null => {
    const current = cities().get(city);
    if (!current) return null;
    const past = (seed.pastCycles.get(city) ?? []).filter((c) => c.id !== current.cycleId);
    return [{ id: current.cycleId, title: current.title }, ...[...past].reverse()];
  };
  /** Funded projects of a city (of one cycle, or all), newest cycle first, in the order they were submitted — as the server lists them. */
  const funded = (city: string, cycleId: string | null) => {
    const all = [...proposals(city), ...(seed.pastProposals.get(city) ?? [])];
    const records = seed.records.get(city);
    return (cyclesOf(city) ?? [])
      .filter((c) => cycleId === null || c.id === cycleId)
      .flatMap((cycle) =>
        all
          .filter((p) => p.cycleId === cycle.id && FUNDED_STATUSES.has(p.status))
          .sort(oldestFirst)
          .map((p) => detailOf(base, city, p, cycle, records?.get(p.id))),
      );
  };
  const listItem = (d: ProjectProgressDetail): ProjectProgress => {
    const { stages: _s, updates: _u, feed: _f, ...rest } = d;
    return rest;
  };
  /** The Atom feed of a city (projectId null) or of one project, written as the server writes it; `?page=` checked as it does. */
  const feedAnswer = (city: string, projectId: string | null, items: ProjectProgressDetail[], request: Request) => {
    const url = new URL(request.url);
    const info = cities().get(city)!;
    const lang = feedLang(url.searchParams.get('lang'));
    const absolute = (path: string) => new URL(path, request.url).href;
    const checked = feedPage(url.searchParams.get('page'), info.allowedOrigins, url.origin);
    if ('refused' in checked) return fail('validation_failed', checked.refused, [checked.issue]);
    const page = checked.page;
    const project = (id: string) => absolute(`${base}/cities/${encodeURIComponent(city)}/progress/${encodeURIComponent(id)}`);
    const xml = progressFeed({
      lang,
      city: { slug: city, name: info.name[lang] },
      projectId,
      titles: new Map(items.map((p) => [p.projectId, p.title])),
      updates: items.flatMap((p) => p.updates.map((u) => ({ ...u, projectId: p.projectId, photos: u.photos.map((ph) => ({ ...ph, url: absolute(ph.url) })) }))),
      outcomes: items.flatMap((p) =>
        p.state === 'implemented' || p.state === 'cancelled'
          ? [{ projectId: p.projectId, state: p.state, implementedOn: p.implementedOn, completionNote: p.completionNote, cancelReason: p.cancelReason, at: p.updatedAt ?? new Date(now).toISOString() }]
          : [],
      ),
      link: (id) => (page ? `${page}#project=${encodeURIComponent(id)}` : project(id)),
      self: `${absolute(`${base}/cities/${encodeURIComponent(city)}/progress${projectId ? `/${encodeURIComponent(projectId)}` : ''}/feed.atom`)}${lang !== 'ru' ? `?lang=${lang}` : ''}`,
      page,
      quietSince: items.map((p) => p.updatedAt).filter((x): x is string => x !== undefined).sort().pop() ?? new Date(0).toISOString(),
    });
    return new HttpResponse(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': FEED_CACHE_CONTROL } });
  };
  return [
    http.get(`${base}/cities/:city/progress`, ({ params, request }) => {
      // As the server: the query first, then the city.
      const raw: Record<string, string> = {};
      const search = new URL(request.url).searchParams;
      for (const key of new Set(search.keys())) raw[key] = search.get(key)!;
      const parsed = ProgressQuery.safeParse(raw);
      if (!parsed.success) return invalidFields(parsed.error);
      const city = String(params.city);
      const cycles = cyclesOf(city);
      if (!cycles) return fail('not_found', 'no such city');
      const cycle = parsed.data.cycle;
      if (cycle !== undefined && !cycles.some((c) => c.id === cycle)) return fail('validation_failed', NO_SUCH_CYCLE, [{ path: ['cycle'], message: 'cycle.unknown' }]);
      const items = funded(city, cycle ?? null);
      const shown = cycle ? cycles.filter((c) => c.id === cycle) : cycles.filter((c) => items.some((p) => p.cycleId === c.id));
      const body: ProgressList = { cycles: shown, items: items.map(listItem), feed: `${base}/cities/${city}/progress/feed.atom` };
      return json(body);
    }),
    http.get(`${base}/cities/:city/progress/feed.atom`, ({ params, request }) => {
      const city = String(params.city);
      if (!cyclesOf(city)) return fail('not_found', 'no such city');
      return feedAnswer(city, null, funded(city, null), request);
    }),
    http.get(`${base}/cities/:city/progress/:id/feed.atom`, ({ params, request }) => {
      const city = String(params.city);
      const p = funded(city, null).find((x) => x.projectId === params.id);
      if (!cyclesOf(city) || !p) return fail('not_found', 'no such funded project');
      return feedAnswer(city, p.projectId, [p], request);
    }),
    http.get(`${base}/cities/:city/progress/:id`, ({ params }) => {
      const city = String(params.city);
      if (!cyclesOf(city)) return fail('not_found', 'no such city');
      const p = funded(city, null).find((x) => x.projectId === params.id);
      return p ? json(p) : fail('not_found', 'no such funded project');
    }),
  ];
}
