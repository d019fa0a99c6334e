/**
 * Dates and times for residents, in the city's wall clock, without the
 * browser's zone database.
 *
 * The server writes every instant a resident reads with the city's UTC offset
 * at that instant (`2026-12-19T00:00:00+05:00`, see `domain/city-time.ts`), so
 * the digits of the string are the city's wall clock. Formatting them needs no
 * `Intl` time zone, which older browsers (WebKitGTK, phones with tz data from
 * before March 2024) get wrong for Kazakhstan by an hour. Only an instant that
 * states no offset of its own (`Z`, or a `Date` made in the browser) goes
 * through `Intl` with the city's zone. Pure: no DOM, tested in node.
 */
import { instantWithOffset } from '../domain/city-time.js';

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const STATED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([+-])(\d{2}):(\d{2})$/;

/** The offset (minutes east of UTC) an instant states, or null when it states none of a city's (`Z`, no offset). */
export function statedOffset(instant: string): number | null {
  const m = STATED.exec(instant);
  if (!m) return null;
  return (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
}

function statedWall(instant: string): Wall | null {
  const m = STATED.exec(instant);
  if (!m) return null;
  return { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: m[6] ? +m[6] : 0 };
}

function zonedWall(date: Date, timeZone: string): Wall {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The city's wall clock at an instant: from the instant's own offset, else from `Intl` in the city's zone. */
export function cityWall(instant: string | Date, timeZone: string): Wall {
  if (typeof instant === 'string') {
    const stated = statedWall(instant);
    if (stated) return stated;
  }
  return zonedWall(typeof instant === 'string' ? new Date(instant) : instant, timeZone);
}

/**
 * A moment made in the browser (a draft saved now) written in the offset the
 * server stated for a nearby instant (the config's `serverTime`), so it is
 * formatted like the server's own instants.
 */
export function atOffsetOf(at: Date, reference: string): string | Date {
  const offset = statedOffset(reference);
  return offset === null ? at : instantWithOffset(at, offset);
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayText = (w: Pick<Wall, 'year' | 'month' | 'day'>) => `${pad(w.day)}.${pad(w.month)}.${w.year}`;

/** `dd.mm.yyyy` in the city: Kazakh, Russian (and our English) all write dates so. */
export function formatDate(instant: string | Date, timeZone: string): string {
  return dayText(cityWall(instant, timeZone));
}

/** `dd.mm.yyyy, HH:MM` in the city. */
export function formatDateTime(instant: string | Date, timeZone: string): string {
  const w = cityWall(instant, timeZone);
  return `${dayText(w)}, ${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The end of a window, `dd.mm.yyyy, HH:MM`, the one way every widget writes
 * "until …". Windows are half-open, so an end at midnight is the end of the day
 * before and is written `24:00` on that day (ISO 8601's end of day):
 * `18.12.2026, 24:00`, never `19.12.2026, 00:00`, which reads as the start of
 * the 19th, nor a bare `18.12.2026 inclusive`, which hides the hour.
 */
export function formatEnd(instant: string | Date, timeZone: string): string {
  const w = cityWall(instant, timeZone);
  if (w.hour === 0 && w.minute === 0 && w.second === 0) {
    const before = new Date(Date.UTC(w.year, w.month - 1, w.day - 1));
    return `${dayText({ year: before.getUTCFullYear(), month: before.getUTCMonth() + 1, day: before.getUTCDate() })}, 24:00`;
  }
  return `${dayText(w)}, ${pad(w.hour)}:${pad(w.minute)}`;
}
