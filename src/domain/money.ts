import type { Locale } from '../contract/index.js';

const cache = new Map<string, Intl.NumberFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

let kkHasData: boolean | undefined;
/**
 * `kk-KZ`, or `ru-KZ` where the engine has no Kazakh number data (some
 * Chromium builds ship ICU without it and print `KZT 9,000,000`). Both write
 * tenge the same way: `9 000 000 ₸`.
 */
function kzTag(locale: Locale): 'kk-KZ' | 'ru-KZ' {
  if (locale !== 'kk') return 'ru-KZ';
  kkHasData ??= /\d[\s\u00A0\u202F]\d/.test(new Intl.NumberFormat('kk-KZ').format(1000));
  return kkHasData ? 'kk-KZ' : 'ru-KZ';
}

/**
 * Tenge as Kazakhstan writes it: groups split by a no-break space, the sign
 * after the number, no tiyn — `100 000 000 ₸`. Plain `ru-RU` would print `KZT`,
 * so every language formats with the KZ conventions.
 *
 * A whole number of tenge is written here, not by `Intl.NumberFormat`: the
 * first number format a page makes loads the engine's number data, about
 * 25–50 ms on this machine (100–200 ms on a slow phone), and the proposal
 * list made it in the task that draws its first cards. The result is the same
 * as `kk-KZ`'s and `ru-KZ`'s currency format (U+00A0 between groups and before
 * the sign, `-` before a negative amount); anything else (not finite, past
 * 2^53) still goes through `Intl`.
 */
export function formatMoney(amount: number, locale: Locale): string {
  const whole = Math.round(amount);
  if (!Number.isSafeInteger(whole)) return intlMoney(whole, locale);
  return `${whole < 0 || Object.is(whole, -0) ? '-' : ''}${grouped(String(Math.abs(whole)), '\u00A0')}\u00A0₸`;
}

/** Digits in groups of three from the right: `9000000` → `9 000 000`. */
function grouped(digits: string, separator: string): string {
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `${separator}${digits.slice(i, i + 3)}`;
  return out;
}

function intlMoney(amount: number, locale: Locale): string {
  const tag = kzTag(locale);
  let format = cache.get(tag);
  if (!format) {
    format = new Intl.NumberFormat(tag, { style: 'currency', currency: 'KZT', maximumFractionDigits: 0, minimumFractionDigits: 0 });
    cache.set(tag, format);
  }
  return format.format(amount);
}

/**
 * A plain grouped number (`9 000 000`; `9,000,000` in English): votes, points, inputs that show the sign
 * separately. A whole number from 0 up is written here, as `formatMoney` writes tenge, with the separators of
 * `kk-KZ` and `ru-KZ` (U+00A0) and `en-KZ` (a comma): the first number format a page made loaded the engine's number
 * data inside the results' first render, 45–85 ms on a fresh tab at 1×. Anything else goes through `Intl`.
 */
export function formatNumber(value: number, locale: Locale): string {
  if (Number.isSafeInteger(value) && value >= 0) return grouped(String(value), locale === 'en' ? ',' : '\u00A0');
  // One format per language, not one per number: making one cost more than the rest of a results row.
  const tag = locale === 'en' ? 'en-KZ' : kzTag(locale);
  let format = numberFormats.get(tag);
  if (!format) numberFormats.set(tag, (format = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 })));
  return format.format(value);
}

/** Reads what a resident typed into a money field: `9 000 000`, `9000000 ₸`, `9.000.000`. Null when it is not a whole number. */
export function parseMoneyInput(text: string): number | null {
  const digits = text.replace(/[\s\u00A0\u202F.,'₸]|KZT|тг|тенге/gi, '');
  if (digits === '') return null;
  if (!/^\d{1,14}$/.test(digits)) return null;
  return Number(digits);
}
