import type { Locale } from '../contract/index.js';

const cache = new Map<string, Intl.NumberFormat>();

/**
 * Tenge as Kazakhstan writes it: groups split by a no-break space, the sign
 * after the number, no tiyn — `100 000 000 ₸`. Plain `ru-RU` would print `KZT`,
 * so every language formats with the KZ conventions.
 */
export function formatMoney(amount: number, locale: Locale): string {
  const tag = locale === 'kk' ? 'kk-KZ' : 'ru-KZ';
  let format = cache.get(tag);
  if (!format) {
    format = new Intl.NumberFormat(tag, { style: 'currency', currency: 'KZT', maximumFractionDigits: 0, minimumFractionDigits: 0 });
    cache.set(tag, format);
  }
  return format.format(Math.round(amount));
}

/** A plain grouped number (`9 000 000`) for inputs that show the sign separately. */
export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'kk' ? 'kk-KZ' : locale === 'ru' ? 'ru-KZ' : 'en-KZ', { maximumFractionDigits: 0 }).format(value);
}

/** Reads what a resident typed into a money field: `9 000 000`, `9000000 ₸`, `9.000.000`. Null when it is not a whole number. */
export function parseMoneyInput(text: string): number | null {
  const digits = text.replace(/[\s\u00A0\u202F.,'₸]|KZT|тг|тенге/gi, '');
  if (digits === '') return null;
  if (!/^\d{1,14}$/.test(digits)) return null;
  return Number(digits);
}
