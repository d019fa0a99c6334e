import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Locale } from '../contract/index.js';
import { formatMoney, formatNumber } from '../domain/money.js';
import { formatDate, formatDateTime, plural, resolveLocale } from './locale.js';

/** A message is a string, or a function of one params object (so a city can override it with `{name}` placeholders). */
export type Message = string | ((params: never) => string);
export type Catalogue = { readonly [key: string]: Message };
export type Catalogues<M extends Catalogue> = Record<Locale, M>;

type ParamsOf<V> = V extends (params: infer P) => string ? [params: P] : [];

/** Overrides a city gives: per language, per message key, a string with `{param}` placeholders. */
export type Overrides = Partial<Record<Locale, Record<string, string>>>;

let htmlLangObserver: MutationObserver | undefined;
const htmlLangListeners = new Set<() => void>();

function watchHtmlLang(listener: () => void): () => void {
  if (typeof MutationObserver !== 'undefined' && !htmlLangObserver && typeof document !== 'undefined') {
    htmlLangObserver = new MutationObserver(() => htmlLangListeners.forEach((l) => l()));
    htmlLangObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }
  htmlLangListeners.add(listener);
  return () => htmlLangListeners.delete(listener);
}

/**
 * Per-element localisation: unlike `@lit/localize` (one locale per page), every
 * widget follows its own `lang`, then the page's, and re-renders when either
 * changes. Money, numbers and dates go through `Intl` with the KZ conventions.
 */
export class LocalizeController<M extends Catalogue> implements ReactiveController {
  private unwatch?: () => void;
  private overrides: Overrides = {};

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly catalogues: Catalogues<M>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unwatch = watchHtmlLang(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.unwatch?.();
  }

  get locale(): Locale {
    return resolveLocale(this.host);
  }

  /** Single strings a city replaces (from its config). */
  setOverrides(overrides: Overrides | undefined): void {
    this.overrides = overrides ?? {};
    this.host.requestUpdate();
  }

  t<K extends keyof M & string>(key: K, ...params: ParamsOf<M[K]>): string {
    const locale = this.locale;
    const override = this.overrides[locale]?.[key];
    const p = params[0] as Record<string, unknown> | undefined;
    if (override !== undefined) return override.replace(/\{(\w+)\}/g, (all, name: string) => (p && name in p ? String(p[name]) : all));
    const message = this.catalogues[locale][key] ?? this.catalogues.en[key];
    if (typeof message === 'function') return (message as (p: unknown) => string)(p);
    return message as string;
  }

  /** Whether the catalogue has this key (for codes coming from a server). */
  has(key: string): key is keyof M & string {
    return key in this.catalogues[this.locale];
  }

  money(amount: number): string {
    return formatMoney(amount, this.locale);
  }

  number(value: number): string {
    return formatNumber(value, this.locale);
  }

  date(instant: string | Date, timeZone: string): string {
    return formatDate(instant, this.locale, timeZone);
  }

  dateTime(instant: string | Date, timeZone: string): string {
    return formatDateTime(instant, this.locale, timeZone);
  }

  plural(count: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
    return plural(this.locale, count, forms);
  }
}
