import { http, HttpResponse, type HttpHandler } from 'msw';
import {
  ProgressQuery,
  issuesFromZod,
  type ApiError,
  type ErrorCode,
  type FieldIssue,
  type LocalizedName,
  type ProgressList,
  type ProgressPhoto,
  type ProgressUpdate,
  type ProjectProgress,
  type ProjectProgressDetail,
} from '../contract/index.js';

/**
 * The public progress API in the mock (`/cities/:city/progress…`), answering
 * as the reference server does: Aksu's 2025 winners being built while its
 * 2026 cycle runs (one in progress with stages and spending, one built with
 * before/after photos and overspending explained, one not started, one
 * cancelled). `test/node/mock-parity.test.ts` holds its errors to the server's.
 */

const json = (body: unknown, status = 200) => HttpResponse.json(body as never, { status });
const fail = (status: number, code: ErrorCode, message: string, issues?: FieldIssue[]) =>
  json({ code, message, ...(issues ? { details: { issues } } : {}) } satisfies ApiError, status);

const DAY = 86_400_000;
const day = (now: number, offset: number) => new Date(now + offset * DAY).toISOString().slice(0, 10);
const instant = (now: number, offset: number) => `${new Date(now + offset * DAY).toISOString().slice(0, 19)}+00:00`;

export const AKSU_2025: LocalizedName = { kk: 'Туған қала — Ақсу 2025', ru: 'Родной город — Аксу 2025', en: 'Tugan Qala — Aksu 2025' };
export const AKSU_2026: LocalizedName = { kk: 'Туған қала — Ақсу 2026', ru: 'Родной город — Аксу 2026', en: 'Tugan Qala — Aksu 2026' };

const photo = (id: string, tag: ProgressPhoto['tag']): ProgressPhoto => ({ id, url: `/photos/${id}.jpg`, width: 1600, height: 1200, tag });

/** Aksu's funded projects of 2025, dated around `now`. */
export function progressFixtures(now: number, base: string): ProjectProgressDetail[] {
  const feed = (id: string) => `${base}/cities/aksu/progress/${id}/feed.atom`;
  const common = { cycleId: 'aksu-2025', cycleTitle: AKSU_2025, category: 'yards' };
  const lightUpdates: ProgressUpdate[] = [
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
  ];
  const playUpdates: ProgressUpdate[] = [
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
  ];
  const light: ProjectProgressDetail = {
    ...common,
    projectId: 'aksu-2025-light',
    title: 'Освещение сквера Абая',
    district: 'center',
    address: 'сквер Абая',
    approvedCost: 5_800_000,
    state: 'in_progress',
    progress: 60,
    committed: 5_500_000,
    spent: 3_100_000,
    contractor: 'ТОО «Жарық Сервис»',
    plannedStart: day(now, -60),
    plannedEnd: day(now, 45),
    latestUpdate: lightUpdates[0]!,
    before: lightUpdates[1]!.photos[0]!,
    updatedAt: lightUpdates[0]!.at,
    stages: [
      { id: 'design', title: { kk: 'Жобалау', ru: 'Проектирование', en: 'Design' }, plannedStart: day(now, -60), plannedEnd: day(now, -40), actualStart: day(now, -60), actualEnd: day(now, -42), state: 'done' },
      { id: 'supply', title: { kk: 'Жабдық жеткізу', ru: 'Поставка оборудования' }, plannedStart: day(now, -40), plannedEnd: day(now, -20), actualStart: day(now, -41), actualEnd: day(now, -15), state: 'done' },
      { id: 'install', title: { kk: 'Монтаж', ru: 'Монтаж', en: 'Installation' }, plannedStart: day(now, -20), plannedEnd: day(now, 30), actualStart: day(now, -14), state: 'in_progress' },
      { id: 'handover', title: { kk: 'Тапсыру', ru: 'Сдача', en: 'Handover' }, plannedStart: day(now, 30), plannedEnd: day(now, 45), state: 'planned' },
    ],
    updates: lightUpdates,
    feed: feed('aksu-2025-light'),
  };
  const play: ProjectProgressDetail = {
    ...common,
    projectId: 'aksu-2025-play',
    title: 'Детская площадка в мкр. Ертіс',
    district: 'zharma',
    approvedCost: 6_000_000,
    state: 'implemented',
    progress: 100,
    committed: 6_300_000,
    spent: 6_300_000,
    overspendReason: { kk: 'Резеңке жабынның бағасы өсті.', ru: 'Подорожало резиновое покрытие.', en: 'The rubber surface cost more.' },
    contractor: 'ИП «Балапан»',
    plannedStart: day(now, -120),
    plannedEnd: day(now, -20),
    implementedOn: day(now, -12),
    latestUpdate: playUpdates[0]!,
    before: playUpdates[1]!.photos[0]!,
    after: playUpdates[0]!.photos[0]!,
    updatedAt: playUpdates[0]!.at,
    stages: [
      { id: 'dismantle', title: { kk: 'Бөлшектеу', ru: 'Демонтаж' }, plannedStart: day(now, -120), plannedEnd: day(now, -100), actualStart: day(now, -118), actualEnd: day(now, -95), state: 'done' },
      { id: 'build', title: { kk: 'Орнату', ru: 'Установка' }, plannedStart: day(now, -100), plannedEnd: day(now, -20), actualStart: day(now, -95), actualEnd: day(now, -13), state: 'done' },
    ],
    updates: playUpdates,
    feed: feed('aksu-2025-play'),
  };
  const sport: ProjectProgressDetail = {
    ...common,
    projectId: 'aksu-2025-sport',
    title: 'Спортивная площадка в с. Калкаман',
    category: 'sport',
    district: 'kalkaman',
    approvedCost: 7_400_000,
    state: 'not_started',
    progress: 0,
    committed: 0,
    spent: 0,
    stages: [],
    updates: [],
    feed: feed('aksu-2025-sport'),
  };
  const walk: ProjectProgressDetail = {
    ...common,
    projectId: 'aksu-2025-walk',
    title: 'Тротуар по ул. Торайгырова',
    district: 'center',
    approvedCost: 4_200_000,
    state: 'cancelled',
    progress: 0,
    committed: 0,
    spent: 0,
    cancelReason: { kk: 'Көшеде жылу желісі ауыстырылады; тротуар 2027 жылға ауыстырылды.', ru: 'На улице меняют теплосеть; тротуар перенесён на 2027 год.', en: 'The heating main under the street is being replaced; the pavement moves to 2027.' },
    updatedAt: instant(now, -30),
    stages: [],
    updates: [],
    feed: feed('aksu-2025-walk'),
  };
  return [light, play, sport, walk];
}

function summary(d: ProjectProgressDetail): ProjectProgress {
  const { stages: _s, updates: _u, feed: _f, ...rest } = d;
  return rest;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function progressHandlers(base: string, now: number, cities: () => Map<string, { cycleId: string; title: LocalizedName }>): HttpHandler[] {
  const projects = progressFixtures(now, base);
  const byCity = (city: string) => (city === 'aksu' ? projects : []);
  const cycleIds = (city: string) => {
    const current = cities().get(city);
    return current ? [{ id: 'aksu-2025', title: AKSU_2025 }, { id: current.cycleId, title: current.title }].filter((c) => city === 'aksu' || c.id === current.cycleId) : null;
  };
  const atom = (city: string, items: ProjectProgressDetail[], lang: 'kk' | 'ru' | 'en') => {
    const entries = items.flatMap((p) => p.updates.map((u) => ({ p, u }))).sort((a, b) => (a.u.at < b.u.at ? 1 : -1));
    const text = (t: { kk: string; ru: string; en?: string }) => (lang === 'en' ? (t.en ?? t.ru) : t[lang]);
    return [
      '<?xml version="1.0" encoding="utf-8"?>',
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">`,
      `<id>urn:qala:${city}:progress</id>`,
      `<title>${escapeXml(city)}</title>`,
      `<updated>${new Date(entries[0] ? Date.parse(entries[0].u.at) : now).toISOString()}</updated>`,
      `<author><name>${escapeXml(city)}</name></author>`,
      ...entries.map(
        ({ p, u }) =>
          `<entry><id>urn:qala:${city}:update:${u.id}</id><title>${escapeXml(p.title)}</title><updated>${new Date(Date.parse(u.at)).toISOString()}</updated><link rel="alternate" href="${escapeXml(`${base}/cities/${city}/progress/${p.projectId}`)}"/><content type="text">${escapeXml(text(u.text))}</content></entry>`,
      ),
      '</feed>',
    ].join('\n');
  };
  const feedAnswer = (city: string, items: ProjectProgressDetail[], request: Request) => {
    const l = new URL(request.url).searchParams.get('lang');
    return new HttpResponse(atom(city, items, l === 'kk' || l === 'en' ? l : 'ru'), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
  };
  return [
    http.get(`${base}/cities/:city/progress`, ({ params, request }) => {
      const city = String(params.city);
      const cycles = cycleIds(city);
      if (!cycles) return fail(404, 'not_found', 'no such city');
      const raw: Record<string, string> = {};
      const search = new URL(request.url).searchParams;
      for (const key of new Set(search.keys())) raw[key] = search.get(key)!;
      const parsed = ProgressQuery.safeParse(raw);
      if (!parsed.success) return fail(400, 'validation_failed', 'the request is not valid', issuesFromZod(parsed.error));
      const cycle = parsed.data.cycle;
      if (cycle !== undefined && !cycles.some((c) => c.id === cycle)) return fail(400, 'validation_failed', 'no such cycle in this city', [{ path: ['cycle'], message: 'cycle.unknown' }]);
      const items = byCity(city).filter((p) => !cycle || p.cycleId === cycle);
      const shown = cycle ? cycles.filter((c) => c.id === cycle) : cycles.filter((c) => items.some((p) => p.cycleId === c.id));
      const body: ProgressList = { cycles: shown, items: items.map(summary), feed: `${base}/cities/${city}/progress/feed.atom` };
      return json(body);
    }),
    http.get(`${base}/cities/:city/progress/feed.atom`, ({ params, request }) => {
      const city = String(params.city);
      if (!cycleIds(city)) return fail(404, 'not_found', 'no such city');
      return feedAnswer(city, byCity(city), request);
    }),
    http.get(`${base}/cities/:city/progress/:id/feed.atom`, ({ params, request }) => {
      const city = String(params.city);
      const p = byCity(city).find((x) => x.projectId === params.id);
      if (!cycleIds(city) || !p) return fail(404, 'not_found', 'no such funded project');
      return feedAnswer(city, [p], request);
    }),
    http.get(`${base}/cities/:city/progress/:id`, ({ params }) => {
      const city = String(params.city);
      if (!cycleIds(city)) return fail(404, 'not_found', 'no such city');
      const p = byCity(city).find((x) => x.projectId === params.id);
      return p ? json(p) : fail(404, 'not_found', 'no such funded project');
    }),
  ];
}
