import type { ServerConfigFile } from '../contract/config.js';
import { noteOf, type Cycle, type PhotoTag, type PublicText, type StatusChange } from '../contract/index.js';
import type { CityRuntime } from './config.js';
import { randomId, receiptCode } from './crypto.js';
import { demoPng } from './seed.js';
import type { StoredImplementation, StoredUpdate } from './store/implementation.js';
import type { BallotRecord, ProposalRecord, Store } from './store/types.js';

/**
 * Following the winners in the demo (#11): Aksu, Khromtau and Lisakovsk each
 * run this year's cycle while last year's winners are being built — stages,
 * spending, news and before/after photos, one built, one cancelled.
 */

const DAY = 86_400_000;
const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The towns whose previous cycle the demo adds. */
const TOWNS = ['aksu', 'khromtau', 'lisakovsk'];

/** Adds last year's cycle to the demo towns: results published long ago, implementation under way now. */
export function addLastYearCycles(file: ServerConfigFile, now: Date): void {
  const t = now.getTime();
  for (const city of file.cities) {
    if (!TOWNS.includes(city.slug)) continue;
    const current = city.cycles[city.cycles.length - 1]!;
    const year = Number(/(\d{4})$/.exec(current.id)?.[1] ?? new Date(t).getUTCFullYear()) - 1;
    const id = `${city.slug}-${year}`;
    if (city.cycles.some((c) => c.id === id)) continue;
    const last = structuredClone(current);
    last.id = id;
    last.title = { kk: current.title.kk.replace(/\d{4}$/, String(year)), ru: current.title.ru.replace(/\d{4}$/, String(year)), en: current.title.en.replace(/\d{4}$/, String(year)) };
    const w = (a: number, b: number) => ({ start: isoDate(t + a * DAY), end: isoDate(t + b * DAY) });
    last.phases = { submission: w(-420, -391), review: w(-390, -300), voting: w(-299, -270), results: w(-269, -200), implementation: w(-199, 200) };
    last.liveCounts = false;
    // Last year's pot: the four winners fit, the fifth project does not.
    last.pools = [{ ...last.pools[0]!, budget: 24_000_000 }];
    city.cycles.unshift(last);
  }
}

interface DemoWinner {
  key: string;
  title: string;
  description: string;
  category: string;
  address: string;
  cost: number;
  votes: number;
  state: StoredImplementation['state'] | 'not_funded';
  progress: number;
  spent: number;
  contractor?: string;
  overspend?: PublicText;
  cancel?: PublicText;
  stages: [kk: string, ru: string, done: 'done' | 'started' | 'planned'][];
  news: [kk: string, ru: string, tags: PhotoTag[]][];
}

const WINNERS: DemoWinner[] = [
  {
    key: 'light',
    title: 'Освещение сквера Абая',
    description: 'Вечером в сквере темно: поставить 24 фонаря вдоль аллей и у детской площадки.',
    category: 'improvement',
    address: 'сквер Абая',
    cost: 5_800_000,
    votes: 412,
    state: 'in_progress',
    progress: 60,
    spent: 3_100_000,
    contractor: 'ТОО «Жарық Сервис»',
    stages: [
      ['Жобалау', 'Проектирование', 'done'],
      ['Жабдық жеткізу', 'Поставка оборудования', 'done'],
      ['Монтаж', 'Монтаж', 'started'],
      ['Тапсыру', 'Сдача', 'planned'],
    ],
    news: [
      ['Мердігермен шарт жасалды, жоба келісілді.', 'Заключён договор с подрядчиком, проект согласован.', ['before']],
      ['Тіректер орнатылды, шамдарды қосу басталды.', 'Опоры установлены, начался монтаж светильников.', ['during']],
    ],
  },
  {
    key: 'play',
    title: 'Балалар алаңы, Ертіс шағынауданы',
    description: 'Ескі алаңның орнына жаңа ойын кешені, резеңке жабын және орындықтар.',
    category: 'improvement',
    address: 'мкр. Ертис, 12',
    cost: 6_000_000,
    votes: 388,
    state: 'implemented',
    progress: 100,
    spent: 6_300_000,
    contractor: 'ИП «Балапан»',
    overspend: { kk: 'Резеңке жабынның бағасы өсті; айырмасын әкімдік төледі.', ru: 'Подорожало резиновое покрытие; разницу оплатил акимат.', en: 'The rubber surface cost more; the akimat paid the difference.' },
    stages: [
      ['Бөлшектеу', 'Демонтаж', 'done'],
      ['Орнату', 'Установка', 'done'],
    ],
    news: [
      ['Ескі жабдық бөлшектелді.', 'Демонтировано старое оборудование.', ['before', 'during']],
      ['Алаң ашылды. Дауыс бергендердің бәріне рахмет!', 'Площадка открыта. Спасибо всем, кто голосовал!', ['after']],
    ],
  },
  {
    key: 'sport',
    title: 'Спортивная площадка в с. Калкаман',
    description: 'Площадка для мини-футбола и тренажёры у школы села.',
    category: 'sport',
    address: 'с. Калкаман, школа',
    cost: 7_400_000,
    votes: 301,
    state: 'not_started',
    progress: 0,
    spent: 0,
    stages: [],
    news: [],
  },
  {
    key: 'walk',
    title: 'Тротуар по ул. Торайгырова',
    description: 'Новый тротуар с бордюром от школы до остановки.',
    category: 'improvement',
    address: 'ул. Торайгырова',
    cost: 4_200_000,
    votes: 260,
    state: 'cancelled',
    progress: 0,
    spent: 0,
    cancel: { kk: 'Көшеде жылу желісі ауыстырылады; тротуар келесі жылға ауыстырылды.', ru: 'На улице меняют теплосеть; тротуар перенесён на следующий год.', en: 'The heating main under the street is being replaced; the pavement moves to next year.' },
    stages: [],
    news: [],
  },
  {
    key: 'library',
    title: 'Кітапханаға жаңа кітаптар',
    description: 'Балалар кітапханасына қазақ және орыс тілдеріндегі 600 кітап.',
    category: 'culture',
    address: 'детская библиотека',
    cost: 2_500_000,
    votes: 40,
    state: 'not_funded',
    progress: 0,
    spent: 0,
    stages: [],
    news: [],
  },
];

const TAG_COLOURS: Record<PhotoTag, [number, number, number]> = { before: [150, 130, 110], during: [200, 160, 60], after: [70, 160, 90] };

/** The previous cycle of a demo town: its implementation window is open now and it is not the current cycle. */
function lastYear(rt: CityRuntime, now: Date, current: Cycle): Cycle | undefined {
  return rt.cycles.find((c) => c.id !== current.id && Date.parse(c.phases.implementation.start) <= now.getTime() && now.getTime() < Date.parse(c.phases.implementation.end));
}

/** Seeds last year's winners and their implementation records, unless that cycle already has proposals. */
export async function seedProgress(store: Store, rt: CityRuntime, current: Cycle, now: Date): Promise<string | null> {
  const slug = rt.city.slug;
  if (!TOWNS.includes(slug)) return null;
  const cycle = lastYear(rt, now, current);
  if (!cycle) return null;
  if ((await store.listProposals(slug, cycle.id)).length > 0) return `${slug}: ${cycle.id} already has data`;
  const t = now.getTime();
  const at = (days: number) => new Date(t + days * DAY).toISOString();
  const day = (days: number) => isoDate(t + days * DAY);
  const resultsAt = cycle.phases.results.start;
  const pool = cycle.pools[0]!.id;
  const district = rt.city.districts[0]?.id;
  const category = (c: string) => (rt.city.categories.some((x) => x.id === c) ? c : rt.city.categories[0]!.id);
  const ids = new Map<string, string>();
  for (const [i, w] of WINNERS.entries()) {
    const id = randomId('p', 9);
    ids.set(w.key, id);
    const created = at(-415 + i);
    const history: StatusChange[] = [
      { status: 'submitted', at: created },
      { status: 'under_review', at: at(-385) },
      { status: 'on_ballot', at: at(-320) },
      { status: w.state === 'not_funded' ? 'not_funded' : 'winner', at: new Date(resultsAt).toISOString() },
    ];
    if (w.state === 'in_progress' || w.state === 'implemented') history.push({ status: 'in_progress', at: at(-150) });
    if (w.state === 'implemented') history.push({ status: 'implemented', at: at(-12) });
    // Given up: the proposal says so, with the reason the centre gave (as ImplementationService.finish writes it).
    if (w.state === 'cancelled' && w.cancel) history.push({ status: 'cancelled', at: at(-6), ...noteOf(w.cancel) });
    const record: ProposalRecord = {
      id,
      city: slug,
      cycleId: cycle.id,
      title: w.title,
      description: w.description,
      category: category(w.category),
      ...(district && i % 3 !== 2 ? { district } : {}),
      address: w.address,
      estimatedCost: w.cost,
      finalCost: w.cost,
      photos: [],
      authorName: 'Демо',
      authorHash: `demo-author-${slug}-${w.key}`,
      status: history[history.length - 1]!.status,
      ...(w.state === 'cancelled' && w.cancel ? (({ note, notes }) => ({ reviewNote: note, reviewNotes: notes }))(noteOf(w.cancel)) : {}),
      poolId: pool,
      hidden: false,
      published: true,
      history,
      createdAt: created,
      updatedAt: history[history.length - 1]!.at,
      version: 1,
    };
    await store.createProposal(record, null);
  }
  // The votes that made them winners: paper ballots, so the year's results read as they were published.
  const ballots: BallotRecord[] = [];
  const funded = WINNERS.filter((w) => w.votes > 0);
  for (let v = 0; v < 420; v++) {
    const picks = funded.filter((w) => v < w.votes).slice(v % 2, (v % 2) + 3).map((w) => ({ projectId: ids.get(w.key)! }));
    if (picks.length) ballots.push({ city: slug, cycleId: cycle.id, voterHash: null, receiptCode: receiptCode(), channel: 'paper', castAt: new Date(Date.parse(cycle.phases.voting.start) + v * 60_000).toISOString(), replacedAt: null, choices: [{ poolId: pool, picks }] });
  }
  await store.castPaperBallots(ballots, { scope: `seed:${slug}`, key: cycle.id, requestHash: 'seed', status: 201, body: '{}', createdAt: now.toISOString() }, { at: now.toISOString(), city: slug, actor: 'seed', action: 'seed.ballots', target: cycle.id, details: { count: ballots.length } });

  const audit = (action: string, target: string) => ({ at: now.toISOString(), city: slug, actor: 'seed', action, target, details: {} });
  for (const w of WINNERS) {
    if (w.state === 'not_funded') continue;
    const id = ids.get(w.key)!;
    const n = w.stages.length;
    const rec: StoredImplementation = {
      city: slug,
      projectId: id,
      cycleId: cycle.id,
      version: 0,
      createdAt: at(-160),
      updatedAt: at(-6),
      state: w.state,
      ...(w.contractor ? { contractor: w.contractor } : {}),
      ...(n ? { plannedStart: day(-160), plannedEnd: day(w.state === 'implemented' ? -20 : 45) } : {}),
      stages: w.stages.map(([kk, ru, done], i) => {
        const from = -160 + Math.round((i * 200) / n);
        const to = -160 + Math.round(((i + 1) * 200) / n);
        return {
          id: `s${i + 1}`,
          title: { kk, ru },
          plannedStart: day(from),
          plannedEnd: day(to),
          ...(done !== 'planned' ? { actualStart: day(from + 2) } : {}),
          ...(done === 'done' ? { actualEnd: day(Math.min(to + 3, -13)) } : {}),
        };
      }),
      progress: w.progress,
      committed: Math.max(w.spent, w.state === 'in_progress' ? Math.round(w.cost * 0.95) : 0),
      spent: w.spent,
      ...(w.overspend ? { overspendReason: w.overspend } : {}),
      ...(w.state === 'implemented' ? { implementedOn: day(-12), completionNote: { kk: 'Алаң тұрғындарға тапсырылды.', ru: 'Площадка передана жителям.' } } : {}),
      ...(w.cancel ? { cancelReason: w.cancel } : {}),
    };
    await store.implementation.save(rec, 0, audit('implementation.save', id));
    for (const [k, [kk, ru, tags]] of w.news.entries()) {
      const when = w.news.length === 1 ? -6 : -120 + Math.round((k * 114) / (w.news.length - 1));
      const photos: StoredUpdate['photos'] = [];
      for (const tag of tags) {
        const photoId = randomId('ph', 16);
        const png = demoPng(480, 360, TAG_COLOURS[tag]);
        await store.savePhoto({ id: photoId, city: slug, type: 'image/png', width: 480, height: 360, size: png.length, createdAt: at(when), proposalId: null }, png);
        photos.push({ id: photoId, tag, width: 480, height: 360 });
      }
      await store.implementation.addUpdate({ id: randomId('up', 16), city: slug, projectId: id, at: at(when), public: true, author: 'seed', text: { kk, ru }, photos }, audit('implementation.update', id));
    }
  }
  return `${slug}: ${cycle.id} winners being built (${WINNERS.length - 1} funded, with stages, spending, news, photos)`;
}
