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

const pluralRules = new Map<Locale, Intl.PluralRules>();
/**
 * Picks the form for `count`: Kazakh has one/other, Russian one/few/many
 * (21 проект, 22 проекта, 25 проектов). Missing forms fall back to `other`.
 */
export function plural(locale: Locale, count: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(INTL_TAG[locale])));
  return (forms[rules.select(count)] ?? forms.other).replace('{n}', String(count));
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
  let rules: Intl.PluralRules | undefined;
  return ({ n }) => {
    rules ??= new Intl.PluralRules(tag);
    return (forms[rules.select(n) as keyof Forms] ?? forms.other).replace('{n}', String(n));
  };
}
