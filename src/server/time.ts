import { formatInstant, utcOffsetMinutes } from '../domain/city-time.js';

/** The server's notion of now; tests pass their own to walk through phases. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Minutes the zone is ahead of UTC at an instant (Asia/Almaty: 300); Kazakh zones from the domain's rule, not the system's tz data. */
export const offsetMinutes = utcOffsetMinutes;

/** The instant a wall-clock time in a zone denotes (the earlier one when a clock change makes it ambiguous). */
export function zonedToInstant(timeZone: string, wall: Wall, ms = 0): Date {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, ms);
  const first = offsetMinutes(timeZone, new Date(guess));
  let t = guess - first * 60_000;
  const second = offsetMinutes(timeZone, new Date(t));
  if (second !== first) t = guess - second * 60_000;
  return new Date(t);
}

export { formatInstant };

/**
 * A moment from the config file: an instant with an offset stays as it is; a
 * local date-time is read in the city's zone; a bare date is the start of that
 * day (`edge: 'start'`) or the end of it, i.e. the next midnight (`edge: 'end'`).
 */
export function parseConfigMoment(value: string, timeZone: string, edge: 'start' | 'end'): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const wall: Wall = { year: +y!, month: +mo!, day: +d!, hour: h ? +h : 0, minute: mi ? +mi : 0, second: s ? +s : 0 };
  if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31 || wall.hour > 23 || wall.minute > 59 || wall.second > 59) return null;
  const probe = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  if (probe.getUTCDate() !== wall.day) return null;
  if (zone) {
    const t = Date.parse(value);
    return Number.isNaN(t) ? null : new Date(t);
  }
  const ms = frac ? Number(frac.padEnd(3, '0')) : 0;
  if (!h && edge === 'end') {
    const next = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + 1));
    return zonedToInstant(timeZone, { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0, second: 0 });
  }
  return zonedToInstant(timeZone, wall, ms);
}
