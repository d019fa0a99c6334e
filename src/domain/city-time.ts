/**
 * A city's UTC offset, and instants written in it.
 *
 * Residents read times in their city's wall clock. Their browsers' zone
 * databases cannot be trusted for that (WebKitGTK and many phones still carry
 * tz data from before March 2024, when Kazakhstan moved to one UTC+5 zone, and
 * show Almaty an hour late), so the server writes every instant a resident
 * acts on with the city's offset (`2026-12-19T00:00:00+05:00`) and the widgets
 * read the wall clock from those digits (`ui/city-time.ts`).
 *
 * The server's own zone database is not trusted blindly either: Node built
 * against the system ICU (Debian's package) has the system's tz data, which
 * may be as old as a phone's. Kazakhstan has kept no daylight saving since
 * 2005, so its zones' offsets since then are a handful of rows, written here
 * and held against the current tz data by a test (`city-time.test.ts`); other
 * zones (and instants before 2005) fall back to `Intl`. The same rule runs in
 * the msw mock in the browser.
 */

const H = 60;
/** From this instant on the rows below are complete (Kazakhstan abolished daylight saving in March 2005). */
const RULES_FROM = Date.UTC(2005, 0, 1);

/** Per zone: the offset in minutes, and from which instant (UTC ms) a later offset applies. */
type Rule = readonly { until: number; minutes: number }[];
const KZ_SINGLE_ZONE = Date.UTC(2024, 1, 29, 18); // 2024-03-01 00:00 at +06:00
const KAZAKH_ZONES: Record<string, Rule> = {
  'Asia/Almaty': [
    { until: KZ_SINGLE_ZONE, minutes: 6 * H },
    { until: Infinity, minutes: 5 * H },
  ],
  'Asia/Qostanay': [
    { until: KZ_SINGLE_ZONE, minutes: 6 * H },
    { until: Infinity, minutes: 5 * H },
  ],
  'Asia/Qyzylorda': [
    { until: Date.UTC(2018, 11, 20, 18), minutes: 6 * H },
    { until: Infinity, minutes: 5 * H },
  ],
  'Asia/Aqtobe': [{ until: Infinity, minutes: 5 * H }],
  'Asia/Aqtau': [{ until: Infinity, minutes: 5 * H }],
  'Asia/Atyrau': [{ until: Infinity, minutes: 5 * H }],
  'Asia/Oral': [{ until: Infinity, minutes: 5 * H }],
};

/** The zones whose offsets come from the rows above, not from `Intl`. */
export const RULED_ZONES: readonly string[] = Object.keys(KAZAKH_ZONES);

const intlFormats = new Map<string, Intl.DateTimeFormat>();
function intlOffset(timeZone: string, at: Date): number {
  let f = intlFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    intlFormats.set(timeZone, f);
  }
  const parts = f.formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** Minutes the zone is ahead of UTC at an instant (Asia/Almaty since March 2024: 300). */
export function utcOffsetMinutes(timeZone: string, at: Date): number {
  const rule = KAZAKH_ZONES[timeZone];
  const t = at.getTime();
  if (rule && t >= RULES_FROM) return rule.find((r) => t < r.until)!.minutes;
  return intlOffset(timeZone, at);
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** `+05:00` for 300 minutes. */
export function offsetText(minutes: number): string {
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** The instant written with a given offset: `2026-04-18T00:00:00+05:00` (milliseconds only when there are some). */
export function instantWithOffset(at: Date, minutes: number): string {
  const wall = new Date(at.getTime() + minutes * 60_000);
  const ms = wall.getUTCMilliseconds();
  return (
    `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
    `T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ''}${offsetText(minutes)}`
  );
}

/** `2026-04-18T00:00:00+05:00`: the instant written in the city's own offset, as residents read it. */
export function formatInstant(at: Date, timeZone: string): string {
  return instantWithOffset(at, utcOffsetMinutes(timeZone, at));
}

/** The city's calendar day at an instant. */
export function cityDay(timeZone: string, at: Date): { year: number; month: number; day: number } {
  const wall = new Date(at.getTime() + utcOffsetMinutes(timeZone, at) * 60_000);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}
