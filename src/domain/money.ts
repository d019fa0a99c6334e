import type { Locale } from '../contract/index.js';

const cache = new Map<string, Intl.NumberFormat>();

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
 */
export function formatMoney(amount: number, locale: Locale): string {
  const tag = kzTag(locale);
  let format = cache.get(tag);
  if (!format) {
    format = new Intl.NumberFormat(tag, { style: 'currency', currency: 'KZT', maximumFractionDigits: 0, minimumFractionDigits: 0 });
    cache.set(tag, format);
  }
  return format.format(Math.round(amount));
}

/** A plain grouped number (`9 000 000`) for inputs that show the sign separately. */
export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-KZ' : kzTag(locale), { maximumFractionDigits: 0 }).format(value);
}

/** Reads what a resident typed into a money field: `9 000 000`, `9000000 ₸`, `9.000.000`. Null when it is not a whole number. */
export function parseMoneyInput(text: string): number | null {
  const digits = text.replace(/[\s\u00A0\u202F.,'₸]|KZT|тг|тенге/gi, '');
  if (digits === '') return null;
  if (!/^\d{1,14}$/.test(digits)) return null;
  return Number(digits);
}
