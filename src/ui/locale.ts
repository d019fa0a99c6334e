import { LOCALES, type Locale } from '../contract/index.js';
import { formatDate as cityDate, formatDateTime as cityDateTime, formatEnd as cityEnd } from './city-time.js';

export const DEFAULT_LOCALE: Locale = 'ru';

/** `kk-KZ` → `kk`, `ru` → `ru`, anything else → null. */
export function toLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : null;
}

/** The element's own `lang`, then the nearest ancestor's (`<html lang>` included), then the default. */
export function resolveLocale(element: Element): Locale {
  const own = toLocale((element as HTMLElement).lang ?? element.getAttribute('lang'));
  if (own) return own;
  const ancestor = element.parentElement?.closest('[lang]') ?? element.ownerDocument?.documentElement;
  return toLocale(ancestor?.getAttribute('lang')) ?? DEFAULT_LOCALE;
}

const INTL_TAG: Record<Locale, string> = { kk: 'kk-KZ', ru: 'ru-KZ', en: 'en-GB' };
export function intlTag(locale: Locale): string {
  return INTL_TAG[locale];
}

const pluralRules = new Map<string, Intl.PluralRules>();
/**
 * The plural category of `n` in a language (`kk`, `ru`, `en`, or an Intl tag of one): for a whole number from 0 up,
 * CLDR's integer rules written out (Russian one/few/many, Kazakh and English one/other), as `formatNumber` writes whole
 * numbers; anything else through `Intl.PluralRules`. A page's first `Intl.PluralRules` loads the engine's plural data
 * inside the render that asks (3.5–8 ms on a fresh page at 1×, four times that on a cheap phone).
 */
export function pluralCategory(tag: string, n: number): Intl.LDMLPluralRule {
  const lang = tag.slice(0, 2);
  if (Number.isSafeInteger(n) && n >= 0 && (lang === 'ru' || lang === 'kk' || lang === 'en')) {
    if (lang !== 'ru') return n === 1 ? 'one' : 'other';
    const last = n % 10;
    const lastTwo = n % 100;
    if (last === 1 && lastTwo !== 11) return 'one';
    return last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14) ? 'few' : 'many';
  }
  let rules = pluralRules.get(tag);
  if (!rules) pluralRules.set(tag, (rules = new Intl.PluralRules(tag)));
  return rules.select(n);
}

/**
 * Picks the form for `count`: Kazakh has one/other, Russian one/few/many
 * (21 проект, 22 проекта, 25 проектов). Missing forms fall back to `other`.
 */
export function plural(locale: Locale, count: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
  return (forms[pluralCategory(INTL_TAG[locale], count)] ?? forms.other).replace('{n}', String(count));
}

/** `dd.mm.yyyy` in the city (see `city-time.ts`); the locale is kept for the day a language writes dates otherwise. */
export function formatDate(instant: string | Date, _locale: Locale, timeZone: string): string {
  return cityDate(instant, timeZone);
}

/** `dd.mm.yyyy, HH:MM` in the city. */
export function formatDateTime(instant: string | Date, _locale: Locale, timeZone: string): string {
  return cityDateTime(instant, timeZone);
}

/** The end of a window, `dd.mm.yyyy, HH:MM`, a midnight end as `24:00` of the day before. */
export function formatEnd(instant: string | Date, _locale: Locale, timeZone: string): string {
  return cityEnd(instant, timeZone);
}

type Forms = { one: string; few?: string; many?: string; other: string };
export type Counted = (p: { n: number }) => string;

/** A message that picks its plural form (Russian one/few/many, Kazakh and English one/other). */
export function counted(tag: string, forms: Forms): Counted {
  return ({ n }) => (forms[pluralCategory(tag, n) as keyof Forms] ?? forms.other).replace('{n}', String(n));
}
