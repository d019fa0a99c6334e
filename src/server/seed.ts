import { deflateSync } from 'node:zlib';
import type { ServerConfigFile } from '../contract/config.js';
import type { Cycle, PoolChoice, ProposalStatus, StatusChange } from '../contract/index.js';
import type { CityRuntime, ServerConfig } from './config.js';
import { Keys, randomId, receiptCode } from './crypto.js';
import { countPool } from './services/results.js';
import { addLastYearCycles, seedProgress } from './seed-progress.js';
import { voterPhoneContext } from './services/voter-list.js';
import type { CountedBallot, ProposalRecord, Store } from './store/types.js';
import type { StaffRecord } from './store/staff.js';
import { contactHint, staffContactContext, staffContactHash } from './services/staff.js';
import { newReference } from './services/author-notices.js';

/**
 * Demo data for `npm start` and `qala seed`: realistic proposals in Kazakh and
 * Russian in every status (across the three demo towns), ballots, and the
 * phases moved relative to today (see {@link demoConfig}).
 */

const DAY = 86_400_000;
const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * The example config with its dates moved relative to `now`: Aksu and Rudny
 * are voting now (Aksu shows live counts, Rudny hides them until results), and
 * a third town, Khromtau (west, Asia/Aqtobe), has just published its results,
 * so every status and the final results can be seen. Rudny's pools are made
 * smaller so its few demo projects compete.
 */
export function demoConfig(file: ServerConfigFile, now: Date): ServerConfigFile {
  const t = now.getTime();
  const copy = structuredClone(file);
  const windows = (offsets: [number, number][]) => {
    const names = ['submission', 'review', 'voting', 'results', 'implementation'] as const;
    return Object.fromEntries(names.map((n, i) => [n, { start: isoDate(t + offsets[i]![0] * DAY), end: isoDate(t + offsets[i]![1] * DAY) }])) as ServerConfigFile['cities'][number]['cycles'][number]['phases'];
  };
  const voting = windows([[-60, -36], [-35, -4], [-3, 14], [15, 90], [91, 450]]);
  const aksu = copy.cities.find((c) => c.slug === 'aksu');
  // Authors may ask for an SMS on each status change (#13); set before the towns below are copied from Aksu,
  // so Lisakovsk, the town taking proposals in the demo, offers the consent in its form.
  if (aksu) aksu.notifications = { sms: true };
  for (const city of copy.cities) {
    const cycle = city.cycles[city.cycles.length - 1]!;
    cycle.phases = voting;
    if (city.slug === 'aksu') cycle.liveCounts = true;
    if (city.slug === 'rudny') for (const pool of cycle.pools) pool.budget = pool.id === 'events' ? 5_000_000 : 30_000_000;
  }
  if (aksu && !copy.cities.some((c) => c.slug === 'khromtau')) {
    const k = structuredClone(aksu);
    k.slug = 'khromtau';
    k.name = { kk: 'Хромтау', ru: 'Хромтау', en: 'Khromtau' };
    k.timeZone = 'Asia/Aqtobe';
    k.districts = [];
    k.allowedOrigins = ['https://tuganqala.kz'];
    const cycle = k.cycles[k.cycles.length - 1]!;
    cycle.id = 'khromtau-2026';
    cycle.title = { kk: 'Туған қала — Хромтау 2026', ru: 'Родной город — Хромтау 2026', en: 'Tugan Qala — Khromtau 2026' };
    cycle.phases = windows([[-120, -91], [-90, -46], [-45, -3], [-2, 60], [61, 400]]);
    cycle.pools = [{ ...cycle.pools[0]!, budget: 25_000_000 }];
    cycle.liveCounts = false;
    copy.cities.push(k);
    copy.admins = [...(copy.admins ?? []), { id: 'khromtau-centre', name: 'Khromtau project centre', cities: ['khromtau'] }];
  }
  // A fourth town, Lisakovsk, is taking proposals now: the form and the list in the submission phase.
  if (aksu && !copy.cities.some((c) => c.slug === 'lisakovsk')) {
    const l = structuredClone(aksu);
    l.slug = 'lisakovsk';
    l.name = { kk: 'Лисаковск', ru: 'Лисаковск', en: 'Lisakovsk' };
    l.districts = [];
    const cycle = l.cycles[l.cycles.length - 1]!;
    cycle.id = 'lisakovsk-2027';
    cycle.title = { kk: 'Туған қала — Лисаковск 2027', ru: 'Родной город — Лисаковск 2027', en: 'Tugan Qala — Lisakovsk 2027' };
    cycle.phases = windows([[-5, 25], [26, 60], [61, 80], [81, 120], [121, 480]]);
    cycle.pools = [{ ...cycle.pools[0]!, budget: 40_000_000 }];
    copy.cities.push(l);
    copy.admins = [...(copy.admins ?? []), { id: 'lisakovsk-centre', name: 'Lisakovsk project centre', cities: ['lisakovsk'] }];
  }
  // One Aksu per ballot rule, so the demo can switch the rule (demo/rules.html); no ballots are seeded in them.
  if (aksu) {
    const variants: [string, Cycle['ballot'], Cycle['counting']['rule']][] = [
      ['single', { kind: 'single' }, 'greedy'],
      ['knapsack', { kind: 'knapsack', minShare: 0.5 }, 'mes-add1-greedy'],
      ['cumulative', { kind: 'cumulative', points: 10, maxPerProject: 5 }, 'greedy'],
      ['ranked', { kind: 'ranked', maxRanks: 3 }, 'greedy'],
    ];
    for (const [kind, ballot, rule] of variants) {
      const slug = `aksu-${kind}`;
      if (copy.cities.some((c) => c.slug === slug)) continue;
      const v = structuredClone(aksu);
      v.slug = slug;
      v.name = { kk: `Ақсу (${kind})`, ru: `Аксу (${kind})`, en: `Aksu (${kind})` };
      const cycle = v.cycles[v.cycles.length - 1]!;
      cycle.id = `${slug}-2026`;
      cycle.ballot = ballot;
      cycle.counting = { ...cycle.counting, rule };
      cycle.pools = [{ ...cycle.pools[0]!, budget: 30_000_000 }];
      copy.cities.push(v);
      copy.admins = [...(copy.admins ?? []), { id: `${slug}-centre`, name: `Aksu (${kind}) project centre`, cities: [slug] }];
    }
  }
  // Following the winners (#11): last year's cycle being built while this year's runs.
  addLastYearCycles(copy, now);
  for (const city of copy.cities) city.allowedOrigins = [...new Set([...city.allowedOrigins, 'http://localhost:8080', 'http://127.0.0.1:8080'])];
  return copy;
}

/** A solid-colour PNG (with a darker band), so demo proposals have real images. */
export function demoPng(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const row = 1 + width * 3;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0;
    const shade = y > height * 0.7 ? 0.7 : 1;
    for (let x = 0; x < width; x++) {
      const o = y * row + 1 + x * 3;
      raw[o] = Math.round(rgb[0] * shade);
      raw[o + 1] = Math.round(rgb[1] * shade);
      raw[o + 2] = Math.round(rgb[2] * shade);
    }
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
}

interface DemoProposal {
  key: string;
  title: string;
  description: string;
  category: string;
  district?: string;
  address: string;
  cost: number;
  finalCost?: number;
  author: string;
  status: ProposalStatus | 'ballot';
  pool?: string;
  note?: string;
  mergedInto?: string;
  point?: { lat: number; lng: number };
}

const AKSU: DemoProposal[] = [
  { key: 'a1', title: 'Детская игровая площадка во дворе дома по ул. Ленина, 12', description: 'Во дворе пять домов и больше сотни детей, а играть негде: старые качели сломаны и опасны. Предлагаем безопасную площадку с мягким покрытием, горкой, качелями и песочницей.', category: 'improvement', district: 'town', address: 'ул. Ленина, 12, двор', cost: 7_500_000, finalCost: 7_200_000, author: 'Айгерим С.', status: 'ballot', point: { lat: 52.041, lng: 76.925 } },
  { key: 'a2', title: 'Абай көшесіндегі аялдамаға шатыр мен орындық орнату', description: 'Аялдамада жаңбыр мен қардан қорғайтын ештеңе жоқ. Қарттар мен балалар автобусты ашық аспан астында күтеді. Шатыр, орындық және жарық орнатуды ұсынамыз.', category: 'improvement', district: 'town', address: 'Абай көшесі, «Орталық» аялдамасы', cost: 3_200_000, author: 'Ерлан Қ.', status: 'ballot' },
  { key: 'a3', title: 'Уличные тренажёры у набережной', description: 'Набережная — любимое место прогулок, но заниматься спортом там негде. Комплекс из восьми уличных тренажёров для взрослых и подростков с покрытием и информационным стендом.', category: 'sport', district: 'town', address: 'Набережная, у лодочной станции', cost: 4_800_000, author: 'Дмитрий П.', status: 'ballot' },
  { key: 'a4', title: 'Мектеп кітапханасын жаңарту: кітаптар мен оқу залы', description: 'Кітапханадағы кітаптардың көбі ескірген, оқу залында жиһаз жоқ. Жаңа қазақ және орыс тіліндегі кітаптар, үстелдер, жарық және компьютерлер сатып алуды ұсынамыз.', category: 'education', district: 'town', address: '№3 мектеп-гимназия', cost: 6_000_000, author: 'Гүлнар Т.', status: 'ballot' },
  { key: 'a5', title: 'Освещение пешеходной дорожки к городской больнице', description: 'Дорожка от остановки к больнице зимой в темноте, люди падают. Нужны 20 фонарей на солнечных батареях и ремонт покрытия на самых плохих участках.', category: 'improvement', district: 'town', address: 'от ост. «Больница» до главного входа', cost: 8_900_000, author: 'Ольга В.', status: 'ballot' },
  { key: 'a6', title: 'Ауылда шағын футбол алаңын салу', description: 'Ауыл балалары футболды шаңды далада ойнайды. Жасанды шөбі бар шағын футбол алаңы, қоршау және қақпалар салуды ұсынамыз. Алаңды мектеп те пайдаланады.', category: 'sport', district: 'villages', address: 'Қызылжар ауылы, мектеп жанында', cost: 9_000_000, author: 'Нұрлан Ж.', status: 'ballot' },
  { key: 'a7', title: 'Сквер с лавочками и деревьями у ДК «Энергетик»', description: 'Пустырь у Дома культуры превратился в парковку и свалку. Предлагаем посадить 60 деревьев, поставить лавочки, урны и проложить дорожки — получится сквер для всего района.', category: 'ecology', district: 'town', address: 'ул. Астана, ДК «Энергетик»', cost: 8_500_000, author: 'Марат Е.', status: 'ballot' },
  { key: 'a8', title: 'Балалар шығармашылық үйіне музыкалық аспаптар', description: 'Балалар шығармашылық үйінде домбыра, қобыз және фортепиано жетіспейді, балалар кезекпен ойнайды. 30 аспап сатып алуды ұсынамыз.', category: 'culture', district: 'town', address: 'Балалар шығармашылық үйі', cost: 2_700_000, author: 'Сәуле М.', status: 'ballot' },
  { key: 'a9', title: 'Пандусы у входов в поликлинику и почту', description: 'Людям на колясках и мамам с колясками не подняться по ступеням поликлиники и почты. Нужны пандусы с поручнями по нормам доступности и кнопки вызова.', category: 'improvement', district: 'town', address: 'ул. Ленина, 20 и 24', cost: 1_900_000, author: 'Виктор Л.', status: 'ballot' },
  { key: 'a10', title: 'Ремонт крыши многоквартирного дома по ул. Торайгырова, 5', description: 'Крыша течёт уже третий год, верхние квартиры заливает. Просим заменить кровлю полностью.', category: 'improvement', district: 'town', address: 'ул. Торайгырова, 5', cost: 8_000_000, author: 'Сергей К.', status: 'rejected', note: 'Кровля — общее имущество дома; ремонт оплачивается собственниками через ОСИ, программа его не финансирует.' },
  { key: 'a11', title: 'Иттерді серуендетуге арналған алаң', description: 'Қалада иттерді серуендететін арнайы орын жоқ, иттер балалар алаңына кіреді. Қоршалған алаң мен құрал-жабдық орнатуды ұсынамыз.', category: 'improvement', district: 'town', address: 'Бейбітшілік көшесі, бос жер', cost: 2_500_000, author: 'Асель Б.', status: 'rejected', note: 'Көрсетілген жер учаскесі жеке меншікте. Басқа орын ұсынып, келесі жылы қайта өтінім беріңіз.' },
  { key: 'a12', title: 'Игровая площадка для двора на Ленина, 14', description: 'Нашему двору нужна детская площадка: качели, горка и песочница, сейчас дети играют у дороги.', category: 'improvement', district: 'town', address: 'ул. Ленина, 14', cost: 6_800_000, author: 'Татьяна Р.', status: 'merged', mergedInto: 'a1', note: 'Объединено с предложением для соседнего двора: одна большая площадка для обоих дворов.' },
  { key: 'a13', title: 'Велодорожка вдоль набережной', description: 'Отдельная велодорожка вдоль всей набережной с разметкой и знаками, чтобы велосипедисты не мешали пешеходам.', category: 'sport', district: 'town', address: 'Набережная', cost: 8_700_000, author: 'Игорь Н.', status: 'withdrawn', note: 'Автор отозвал предложение.' },
  { key: 'a14', title: 'Тарихи-өлкетану мұражайына интерактивті экран', description: 'Мұражайға келетін оқушыларға қаланың тарихын интерактивті экран арқылы көрсету. Экран, бағдарлама және мазмұн дайындау кіреді.', category: 'culture', district: 'town', address: 'Тарихи-өлкетану мұражайы', cost: 5_400_000, author: 'Дәурен А.', status: 'under_review' },
  { key: 'a15', title: 'Зимний каток во дворе школы №2', description: 'Зимой детям негде кататься на коньках. Заливной каток с бортами, освещением и раздевалкой в школьном дворе.', category: 'sport', district: 'town', address: 'школа №2', cost: 3_600_000, author: 'Руслан Ш.', status: 'needs_changes', note: 'Уточните, где именно во дворе будет каток, и приложите письмо школы о согласии.' },
  { key: 'a16', title: 'Қоқысты сұрыптауға арналған контейнерлер', description: 'Пластик, қағаз және шыныға арналған бөлек контейнерлерді қаланың он аулаға орнату және тұрғындарға түсіндіру жұмыстары.', category: 'ecology', district: 'town', address: 'он көп қабатты үйдің аулалары', cost: 4_100_000, author: 'Жанар О.', status: 'submitted' },
];

const RUDNY: DemoProposal[] = [
  { key: 'r1', title: 'Модернизация спортивной площадки в 5 микрорайоне', description: 'Площадка построена в 1980-х, покрытие разбито, ворота ржавые. Новое резиновое покрытие, ограждение, тренажёры и освещение для игр вечером.', category: 'infrastructure', address: '5 мкр., у дома 12', cost: 11_500_000, author: 'Алексей Г.', status: 'ballot', pool: 'infrastructure' },
  { key: 'r2', title: 'Саябақтағы субұрқақты қалпына келтіру', description: 'Орталық саябақтағы субұрқақ он жылдан бері жұмыс істемейді. Құбырларды, сорғыны ауыстырып, жарық пен орындықтар орнатуды ұсынамыз.', category: 'infrastructure', address: 'Орталық саябақ', cost: 10_000_000, author: 'Айдос Н.', status: 'ballot', pool: 'infrastructure' },
  { key: 'r3', title: 'Освещение аллеи в парке Победы', description: 'Главная аллея парка не освещена, вечером там опасно. 40 светодиодных фонарей вдоль аллеи и у входов.', category: 'infrastructure', address: 'Парк Победы', cost: 7_800_000, author: 'Наталья Ф.', status: 'ballot', pool: 'infrastructure' },
  { key: 'r4', title: 'Детский городок в 3 микрорайоне', description: 'Единственная площадка микрорайона закрыта из-за аварийного состояния. Детский городок с горками, лазалками и мягким покрытием для детей от 3 до 12 лет.', category: 'infrastructure', address: '3 мкр., между домами 7 и 9', cost: 9_600_000, author: 'Елена М.', status: 'ballot', pool: 'infrastructure' },
  { key: 'r5', title: 'Ауладағы автотұрақты абаттандыру', description: 'Аулада автотұрақ жоқ, көліктер газонға қойылады. Асфальт төсеп, белгі салып, 30 орындық автотұрақ жасауды ұсынамыз.', category: 'infrastructure', address: 'Степной көшесі, 40', cost: 12_000_000, author: 'Бауыржан Т.', status: 'ballot', pool: 'infrastructure' },
  { key: 'r6', title: 'Площадка для воркаута у школы №7', description: 'Турники, брусья и шведские стенки для школьников и молодёжи района, с покрытием и стендом с упражнениями.', category: 'infrastructure', address: 'школа №7', cost: 6_300_000, author: 'Павел И.', status: 'ballot', pool: 'infrastructure' },
  { key: 'r7', title: 'Наурыз мерекесіне арналған қалалық фестиваль', description: 'Наурыз күні алаңда киіз үйлер, ұлттық ойындар, концерт және балаларға арналған шеберханалар өткізу.', category: 'event', address: 'Орталық алаң', cost: 3_500_000, author: 'Гүлмира С.', status: 'ballot', pool: 'events' },
  { key: 'r8', title: 'Турнир по шахматам среди школьников', description: 'Городской турнир для школьников в двух возрастных группах: призы, судьи, шахматные часы, которые потом останутся школам.', category: 'event', address: 'Дворец школьников', cost: 1_200_000, author: 'Владимир Ж.', status: 'ballot', pool: 'events' },
  { key: 'r9', title: 'Фестиваль уличной музыки «Рудный звучит»', description: 'Однодневный фестиваль на набережной: выступления местных групп, сцена, звук и площадка для детей.', category: 'event', address: 'Набережная', cost: 3_900_000, author: 'Ксения Д.', status: 'ballot', pool: 'events' },
  { key: 'r10', title: 'Строительство крытого бассейна', description: 'В городе нет общедоступного бассейна, дети ездят в Костанай. Построить небольшой крытый бассейн.', category: 'infrastructure', address: 'ул. Топоркова', cost: 12_000_000, author: 'Андрей Х.', status: 'rejected', note: 'Стоимость строительства и содержания бассейна намного больше лимита программы.' },
  { key: 'r11', title: 'Саябақтағы фонтанды жөндеу', description: 'Орталық саябақтағы фонтанды жөндеп, айналасын абаттандыру керек.', category: 'infrastructure', address: 'Орталық саябақ', cost: 8_000_000, author: 'Маржан Қ.', status: 'merged', mergedInto: 'r2', note: 'Ұқсас ұсыныспен біріктірілді.' },
];

const KHROMTAU: DemoProposal[] = [
  { key: 'k1', title: 'Орталық саябаққа балалар алаңы', description: 'Саябақта балаларға арналған бірде-бір ойын алаңы жоқ. Әткеншек, сырғанақ және жұмсақ жабыны бар заманауи алаң салуды ұсынамыз.', category: 'improvement', address: 'Орталық саябақ', cost: 8_200_000, author: 'Айнұр Ж.', status: 'ballot' },
  { key: 'k2', title: 'Освещение улицы Мира', description: 'На улице Мира вечером темно, по ней дети идут из школы и секций. Нужны 25 фонарей и ремонт тротуара у перекрёстков.', category: 'improvement', address: 'ул. Мира', cost: 7_400_000, author: 'Евгений С.', status: 'ballot' },
  { key: 'k3', title: 'Хоккейная коробка у школы №1', description: 'Хоккейная коробка с бортами, освещением и раздевалкой: зимой каток, летом площадка для мини-футбола.', category: 'sport', address: 'школа №1', cost: 8_900_000, author: 'Тимур К.', status: 'ballot' },
  { key: 'k4', title: 'Қалалық кітапханада балалар бұрышы', description: 'Кітапханада балаларға арналған жайлы бұрыш: кітаптар, жұмсақ орындықтар, ойыншықтар және оқу сабақтарына арналған жабдық.', category: 'education', address: 'Қалалық кітапхана', cost: 2_100_000, author: 'Сымбат Е.', status: 'ballot' },
  { key: 'k5', title: 'Аллея памяти горняков', description: 'Аллея с деревьями, лавочками и стендами о горняках города — к юбилею комбината.', category: 'culture', address: 'пр. Абая, от ДК до площади', cost: 6_500_000, author: 'Галина П.', status: 'ballot' },
  { key: 'k6', title: 'Ауладағы гүлзарлар мен ағаштар', description: 'Бес көп қабатты үйдің ауласына 80 ағаш пен гүлзар отырғызу, суару жүйесін орнату.', category: 'ecology', address: 'Мичурин көшесі, 3–11', cost: 3_300_000, author: 'Бекзат Р.', status: 'ballot' },
  { key: 'k7', title: 'Скейт-площадка для подростков', description: 'Подросткам негде кататься на самокатах и скейтах, катаются по дороге. Бетонная площадка с фигурами.', category: 'sport', address: 'у стадиона «Горняк»', cost: 8_800_000, author: 'Данияр М.', status: 'ballot' },
  { key: 'k8', title: 'Снос старых гаражей и парковка', description: 'Снести заброшенные гаражи и сделать на их месте парковку.', category: 'improvement', address: 'ул. Окраинная', cost: 9_000_000, author: 'Олег Т.', status: 'rejected', note: 'Гаражи находятся в частной собственности; снос не может финансироваться программой.' },
];

const COLORS: [number, number, number][] = [
  [72, 140, 200],
  [90, 170, 110],
  [210, 150, 70],
  [180, 90, 120],
  [120, 110, 190],
  [200, 200, 90],
];

/** Deterministic pseudo-random numbers, so every fresh demo looks the same. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weightedPick(rand: () => number, items: string[], weights: number[]): string {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = rand() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i]!;
    if (r < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

/** Seeds one city's current cycle unless it already has proposals. Returns what it did. */
export async function seedCity(store: Store, keys: Keys, rt: CityRuntime, cycle: Cycle, now: Date): Promise<string> {
  const slug = rt.city.slug;
  if ((await store.listProposals(slug, cycle.id)).length > 0) return `${slug}: already has data, left as it is`;
  const ruleVariant = slug.startsWith('aksu-');
  const demo = slug === 'aksu' || ruleVariant ? AKSU : slug === 'rudny' ? RUDNY : slug === 'khromtau' ? KHROMTAU : [];
  if (!demo.length) return `${slug}: no demo data for this city`;
  const ids = new Map(demo.map((d) => [d.key, randomId('p', 9)]));
  const submissionStart = Date.parse(cycle.phases.submission.start);
  const reviewStart = Date.parse(cycle.phases.review.start);
  const votingStart = Date.parse(cycle.phases.voting.start);
  const records: ProposalRecord[] = [];
  const defaultPool = cycle.pools[0]!.id;
  for (const [i, d] of demo.entries()) {
    const createdAt = new Date(submissionStart + (i + 1) * 3600_000 * 7).toISOString();
    const photoId = randomId('ph', 16);
    const png = demoPng(320, 240, COLORS[i % COLORS.length]!);
    await store.savePhoto({ id: photoId, city: slug, type: 'image/png', width: 320, height: 240, name: `photo-${d.key}.png`, size: png.length, createdAt, proposalId: null }, png);
    const history: StatusChange[] = [{ status: 'submitted', at: createdAt }];
    const status: ProposalStatus = d.status === 'ballot' ? 'on_ballot' : d.status;
    if (status !== 'submitted') history.push({ status: 'under_review', at: new Date(reviewStart + i * 3600_000).toISOString() });
    const finalAt = new Date(reviewStart + 20 * DAY + i * 3600_000).toISOString();
    if (!['submitted', 'under_review'].includes(status)) history.push(d.note ? { status, at: finalAt, note: d.note } : { status, at: finalAt });
    const last = history[history.length - 1]!.at;
    records.push({
      id: ids.get(d.key)!,
      city: slug,
      cycleId: cycle.id,
      title: d.title,
      description: d.description,
      category: d.category,
      ...(d.district ? { district: d.district } : {}),
      address: d.address,
      ...(d.point ? { point: d.point } : {}),
      estimatedCost: d.cost,
      ...(d.finalCost ? { finalCost: d.finalCost } : {}),
      photos: [{ id: photoId, width: 320, height: 240, name: `photo-${d.key}.png` }],
      authorName: d.author,
      authorHash: keys.phoneHash(slug, `+7700000${String(1000 + i)}`),
      reference: newReference(),
      status,
      ...(d.note ? { reviewNote: d.note } : {}),
      ...(d.mergedInto ? { mergedInto: ids.get(d.mergedInto)! } : {}),
      ...(status === 'on_ballot' ? { poolId: d.pool ?? defaultPool } : {}),
      hidden: false,
      published: true,
      history,
      createdAt,
      updatedAt: last < createdAt ? createdAt : last,
      version: 1,
    });
  }
  for (const r of records) await store.createProposal(r, null);

  // Ballots: voters with made-up identities (never an IIN), spread over the voting window so far.
  const rand = prng(slug === 'aksu' ? 11 : slug === 'rudny' ? 29 : 47);
  const onBallot = records.filter((r) => r.status === 'on_ballot');
  const votingEnd = Math.min(now.getTime(), Date.parse(cycle.phases.voting.end));
  const voters = ruleVariant ? 0 : slug === 'aksu' ? 180 : slug === 'rudny' ? 240 : 520;
  const ballots: CountedBallot[] = [];
  for (let v = 0; v < voters; v++) {
    const choices: PoolChoice[] = [];
    for (const pool of cycle.pools) {
      const inPool = onBallot.filter((p) => p.poolId === pool.id);
      if (!inPool.length) continue;
      const weights = inPool.map((_, k) => 1 + ((k * 7 + (slug === 'aksu' ? 3 : 5)) % 6));
      const ids = inPool.map((p) => p.id);
      let n = 1;
      if (cycle.ballot.kind === 'approval') n = 1 + Math.floor(rand() * cycle.ballot.max);
      if (cycle.pools.length > 1 && rand() < 0.3 && choices.length) continue;
      const picks = new Set<string>();
      while (picks.size < Math.min(n, ids.length)) picks.add(weightedPick(rand, ids, weights));
      choices.push({ poolId: pool.id, picks: [...picks].map((projectId) => ({ projectId })) });
    }
    if (!choices.length) continue;
    const castAt = new Date(votingStart + ((votingEnd - votingStart) * (v + 1)) / (voters + 1)).toISOString();
    const paper = slug === 'khromtau' && v % 14 === 0;
    const code = receiptCode();
    await store.castBallot(
      { city: slug, cycleId: cycle.id, voterHash: paper ? null : keys.voterHash(slug, `demo-voter-${v}`), receiptCode: code, channel: paper ? 'paper' : 'online', castAt, replacedAt: null, choices },
      'final',
      { scope: `seed:${slug}`, key: `v${v}`, requestHash: '-', status: 201, body: '{}', createdAt: castAt },
    );
    ballots.push({ seq: v, channel: paper ? 'paper' : 'online', choices });
  }

  // Where results are out, the project centre has marked winners; one is being built, one (an event) is done.
  if (now.getTime() >= Date.parse(cycle.phases.results.start)) {
    const at = new Date(Date.parse(cycle.phases.results.start) + 3600_000).toISOString();
    const updated: ProposalRecord[] = [];
    let built = 0;
    for (const [pi] of cycle.pools.entries()) {
      const result = countPool(cycle, pi, onBallot, ballots);
      for (const pr of result.projects) {
        const p = onBallot.find((x) => x.id === pr.projectId)!;
        let status: ProposalStatus = pr.funded ? 'winner' : 'not_funded';
        if (pr.funded && built < 2) status = built++ === 0 ? 'in_progress' : 'implemented';
        p.history.push({ status: pr.funded ? 'winner' : 'not_funded', at });
        if (status !== 'winner' && status !== 'not_funded') p.history.push({ status, at: new Date(Date.parse(at) + DAY).toISOString() });
        p.status = status;
        p.updatedAt = p.history[p.history.length - 1]!.at;
        updated.push(p);
      }
      // One decision of the council's own, shown next to the count: the best-supported project that did not fit is funded from the akimat's reserve.
      const overruled = result.projects.find((pr) => !pr.funded && pr.explanation.kind === 'did_not_fit' && pr.votes > 0);
      if (overruled && slug === 'khromtau') {
        const p = onBallot.find((x) => x.id === overruled.projectId)!;
        const decidedAt = new Date(Date.parse(at) + 2 * DAY).toISOString();
        p.history.push({ status: 'winner', at: decidedAt, note: 'Профинансирован из резерва акимата: совет решил не откладывать проект на год.' });
        p.status = 'winner';
        p.updatedAt = decidedAt;
      }
    }
    if (updated.length) await store.updateProposals(updated, { at: now.toISOString(), city: slug, actor: 'seed', action: 'seed.results', target: null, details: { count: updated.length } });
  }
  await store.appendAudit({ at: now.toISOString(), city: slug, actor: 'seed', action: 'seed', target: cycle.id, details: { proposals: records.length, ballots: ballots.length } });
  return `${slug}: ${records.length} proposals, ${ballots.length} ballots`;
}

export async function seedAll(store: Store, keys: Keys, config: ServerConfig, now: Date): Promise<string[]> {
  const out: string[] = [];
  for (const rt of config.cities.values()) {
    let cycle = rt.cycles[0]!;
    for (const c of rt.cycles) if (Date.parse(c.phases.submission.start) <= now.getTime()) cycle = c;
    out.push(await seedCity(store, keys, rt, cycle, now));
    const progress = await seedProgress(store, rt, cycle, now);
    if (progress) out.push(progress);
    if (rt.city.slug === 'aksu') out.push(await seedStaff(store, keys, rt, cycle, now));
    if (rt.identity.method === 'voter_list') await seedVoterList(store, keys, rt, cycle, now);
  }
  return out;
}

/**
 * The demo's voter list: the test IINs the demo pages name, each with a demo
 * phone (the console SMS provider prints the code, so any phone will do). In
 * a real programme the project centre uploads the list (admin API or the
 * centre page).
 */
export const DEMO_VOTERS: readonly (readonly [iin: string, phone: string])[] = [
  ['791028302728', '+77010000001'],
  ['061211600012', '+77010000002'],
  ...['750310441004', '760411341019', '770512441026', '780613341030', '790714441048', '800815341055', '810916441062', '821017341073'].map(
    (iin, i) => [iin, `+770100000${String(i + 3).padStart(2, '0')}`] as const,
  ),
];

async function seedVoterList(store: Store, keys: Keys, rt: CityRuntime, cycle: Cycle, now: Date): Promise<void> {
  const slug = rt.city.slug;
  const entries = DEMO_VOTERS.map(([iin, phone]) => {
    const voterHash = keys.voterHash(slug, iin);
    return { voterHash, phoneHash: keys.phoneHash(slug, phone), phoneSealed: keys.seal(voterPhoneContext(slug, cycle.id, voterHash), phone), district: null };
  });
  const at = now.toISOString();
  await store.identity.replaceVoterList(slug, cycle.id, entries, at, { at, city: slug, actor: 'seed', action: 'voter_list.replace', target: cycle.id, details: { demo: true } });
}

/**
 * Aksu's demo project centre and council: a coordinator and two experts, all
 * active, who sign in at `/centre/` with a one-time code (printed in the
 * server log by the console SMS and mail providers). The proposals still in
 * review are assigned to the experts.
 */
export const DEMO_STAFF: readonly { name: string; organisation: string; role: 'coordinator' | 'expert'; contact: string }[] = [
  { name: 'Айгерим Нурланова', organisation: 'Ақсу жобалық орталығы / Проектный центр Аксу', role: 'coordinator', contact: '+77010000101' },
  { name: 'Дамир Сейткали', organisation: 'Аксуский завод ферросплавов', role: 'expert', contact: '+77010000102' },
  { name: 'Ольга Ким', organisation: 'Общественный совет', role: 'expert', contact: 'expert@aksu.example' },
];

async function seedStaff(store: Store, keys: Keys, rt: CityRuntime, cycle: Cycle, now: Date): Promise<string> {
  const slug = rt.city.slug;
  if ((await store.staff.listStaff(slug)).length > 0) return `${slug}: staff already there, left as they are`;
  const at = now.toISOString();
  const ids: string[] = [];
  for (const person of DEMO_STAFF) {
    const id = randomId('st', 9);
    const record: StaffRecord = {
      id,
      city: slug,
      name: person.name,
      organisation: person.organisation,
      role: person.role,
      status: 'active',
      contactKind: person.contact.includes('@') ? 'email' : 'phone',
      contactHash: staffContactHash(keys, slug, person.contact),
      contactSealed: keys.seal(staffContactContext(id), person.contact),
      contactHint: contactHint(person.contact),
      subjectHash: null,
      inviteHash: null,
      inviteExpiresAt: null,
      invitedAt: at,
      invitedBy: 'seed',
      activatedAt: at,
      revokedAt: null,
      lastSignInAt: null,
      version: 1,
    };
    await store.staff.createStaff(record, { at, city: slug, actor: 'seed', action: 'staff.invite', target: id, details: { name: person.name, role: person.role, demo: true } });
    ids.push(id);
  }
  const experts = ids.flatMap((id, i) => (DEMO_STAFF[i]!.role === 'expert' ? [{ id, name: DEMO_STAFF[i]!.name }] : []));
  const open = (await store.listProposals(slug, cycle.id)).filter((p) => p.status === 'under_review' || p.status === 'submitted' || p.status === 'needs_changes');
  let assigned = 0;
  for (const p of open) {
    for (const { id: staffId, name } of experts) {
      const ok = await store.staff.assign(
        { city: slug, proposalId: p.id, staffId, state: 'pending', assignedAt: at, assignedBy: DEMO_STAFF[0]!.name, scores: null, recommendation: null, note: null, conflictReason: null, updatedAt: null },
        { at, city: slug, actor: 'seed', action: 'assessment.assign', target: p.id, details: { staffId, expert: name, demo: true } },
      );
      if (ok) assigned++;
    }
  }
  return `${slug}: ${DEMO_STAFF.length} staff (a coordinator, ${experts.length} experts), ${assigned} assignments`;
}
