import * as z from 'zod/mini';
import { userText } from './text.js';
import { RULED_ZONES } from '../domain/city-time.js';

export const LOCALES = ['kk', 'ru', 'en'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/** City slug as used in attributes and URLs: `aksu`, `rudny`. */
export const Slug = z.string().check(z.regex(/^[a-z][a-z0-9-]{1,39}$/, 'slug.invalid'));

/** Opaque identifier of a proposal, photo, category, district, pool or cycle. */
export const Id = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'id.invalid'));

/** A list's `nextCursor` sent back for the next page: opaque, base64url; the server refuses one it did not give. */
export const PageCursor = z.string().check(z.maxLength(200), z.regex(/^[A-Za-z0-9_-]*$/));

/** Whole tenge. Budgets have no tiyn. Upper bound keeps every sum a safe integer. */
export const Money = z.int().check(z.minimum(0, 'money.negative'), z.maximum(1e13, 'money.too_large'));
export type Money = z.infer<typeof Money>;

/**
 * An instant with an explicit offset, ISO 8601 (`2026-04-18T00:00:00+05:00`, `…T19:00:00.5Z`): seconds written, a
 * fraction of any length, `Z` or `±hh:mm`, a day that exists. The form zod's `iso.datetime({ offset: true })` takes,
 * checked by a pattern of ours and the calendar: that built-in cost every widget's page 0.2–0.3 KB gzip (it builds its
 * patterns from parts at run time). `openapi.ts` gives it `format: date-time`.
 */
export const INSTANT_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
/** Whether the day of an instant exists (its pattern's own issue covers one that does not match). */
function dayExists(value: string): boolean {
  const [, year, month, day] = INSTANT_PATTERN.exec(value) ?? [];
  if (!day) return true;
  const y = Number(year);
  const m = Number(month);
  return Number(day) <= (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);
}
export const Instant = z.string().check(z.regex(INSTANT_PATTERN, 'instant.invalid'), z.refine(dayExists, 'instant.invalid'));
export type Instant = z.infer<typeof Instant>;

/**
 * An instant a resident reads, written in the city's UTC offset at that moment
 * (`2026-12-19T00:00:00+05:00`, never `Z`): its digits are the city's wall
 * clock, so widgets show it without the browser's zone database (which many
 * phones carry from before Kazakhstan's move to UTC+5 in March 2024).
 */
export const CityInstant = Instant.check(z.regex(/[+-]\d{2}:\d{2}$/, 'instant.city_offset'));
export type CityInstant = z.infer<typeof CityInstant>;

/** A name shown to residents, in each language. */
export const LocalizedName = z.strictObject({
  kk: userText({ max: 120 }),
  ru: userText({ max: 120 }),
  en: userText({ max: 120 }),
});
export type LocalizedName = z.infer<typeof LocalizedName>;

/** WGS 84 point, for the place of a proposal or a residence check. */
export const GeoPoint = z.strictObject({
  lat: z.number().check(z.gte(-90), z.lte(90)),
  lng: z.number().check(z.gte(-180), z.lte(180)),
});
export type GeoPoint = z.infer<typeof GeoPoint>;

function intlKnows(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * An IANA zone: `UTC`, a zone whose offsets `domain/city-time.ts` writes out (Kazakhstan's: the widgets never ask
 * `Intl` about them, so neither does this check — an old phone's tz data may not know Asia/Qostanay, and the first
 * `Intl.DateTimeFormat` costs tens of milliseconds before a widget's first words), else an `Area/Place` `Intl` knows.
 */
export const TimeZone = z.string().check(
  z.refine((tz) => tz === 'UTC' || RULED_ZONES.includes(tz) || (/\//.test(tz) && intlKnows(tz)), 'timezone.invalid'),
);
