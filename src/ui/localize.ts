import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Locale } from '../contract/index.js';
import { formatMoney, formatNumber } from '../domain/money.js';
import { formatDate, formatDateTime, formatEnd, plural, resolveLocale } from './locale.js';

/** A message is a string, or a function of one params object (so a city can override it with `{name}` placeholders). */
export type Message = string | ((params: never) => string);
export type Catalogue = { readonly [key: string]: Message };
/**
 * A language's catalogue, or a function that loads it (a dynamic `import()`, so
 * the ES module build ships one chunk per language and a page loads only the
 * languages it shows; the script-tag build inlines them all).
 */
export type CatalogueSource<M extends Catalogue> = M | (() => Promise<{ default: M }>);
export type Catalogues<M extends Catalogue> = Record<Locale, CatalogueSource<M>>;

/** Loaded catalogues, by loader: every widget of a kind shares one. */
const loadedCatalogues = new WeakMap<object, Catalogue>();
const loadingCatalogues = new WeakMap<object, Promise<void>>();
/** Per element, the catalogue load it waits for. */
const waiting = new WeakMap<object, Promise<void>>();

/** What an element's `updateComplete` must also wait for: a catalogue on its way (undefined when none is). */
export function catalogueLoad(host: object): Promise<void> | undefined {
  return waiting.get(host);
}

function loadCatalogue(loader: () => Promise<{ default: Catalogue }>): Promise<void> {
  let load = loadingCatalogues.get(loader);
  if (!load) {
    load = loader().then(
      (module) => void loadedCatalogues.set(loader, module.default),
      (error: unknown) => {
        loadingCatalogues.delete(loader);
        throw error;
      },
    );
    loadingCatalogues.set(loader, load);
  }
  return load;
}

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
  /** The catalogue shown last: kept on screen while another language loads. */
  private shown?: M;

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

  /** Whether there is text to show (false only until the first catalogue arrives). */
  get ready(): boolean {
    return this.catalogue() !== undefined;
  }

  /** The language whose texts did not arrive: not asked for again until the browser says it is back online. */
  private failedLocale?: Locale;

  /** Whether there is no text to show because the texts could not be loaded (offline, or the file is gone). */
  get failed(): boolean {
    return !this.ready && this.failedLocale === this.locale;
  }

  private catalogue(locale: Locale = this.locale): M | undefined {
    const source = this.catalogues[locale];
    if (typeof source !== 'function') return (this.shown = source);
    const loaded = loadedCatalogues.get(source) as M | undefined;
    if (loaded) return (this.shown = loaded);
    if (!waiting.has(this.host) && this.failedLocale !== locale) {
      const load = loadCatalogue(source as () => Promise<{ default: Catalogue }>).then(
        () => {
          waiting.delete(this.host);
          this.host.requestUpdate();
        },
        () => {
          // Offline or the chunk is gone: keep what is shown (or say so), try again when back online.
          waiting.delete(this.host);
          this.failedLocale = locale;
          console.warn(`[qala] could not load the ${locale} texts of <${this.host.localName}>; will try again when back online`);
          if (typeof window !== 'undefined') {
            window.addEventListener(
              'online',
              () => {
                if (this.failedLocale === locale) this.failedLocale = undefined;
                this.host.requestUpdate();
              },
              { once: true },
            );
          }
          this.host.requestUpdate();
        },
      );
      waiting.set(this.host, load);
    }
    return this.shown;
  }

  t<K extends keyof M & string>(key: K, ...params: ParamsOf<M[K]>): string {
    const locale = this.locale;
    const override = this.overrides[locale]?.[key];
    const p = params[0] as Record<string, unknown> | undefined;
    if (override !== undefined) return override.replace(/\{(\w+)\}/g, (all, name: string) => (p && name in p ? String(p[name]) : all));
    const message = this.catalogue(locale)?.[key];
    if (typeof message === 'function') return (message as (p: unknown) => string)(p);
    return message ?? '';
  }

  /** Whether the catalogue has this key (for codes coming from a server). */
  has(key: string): key is keyof M & string {
    return key in (this.catalogue() ?? {});
  }

  money(amount: number): string {
    return formatMoney(amount, this.locale);
  }

  number(value: number): string {
    return formatNumber(value, this.locale);
  }

  /** `dd.mm.yyyy` in the city: from the offset the instant states (the server's), else `Intl` in `timeZone`. */
  date(instant: string | Date, timeZone: string): string {
    return formatDate(instant, this.locale, timeZone);
  }

  /** `dd.mm.yyyy, HH:MM` in the city, as `date`. */
  dateTime(instant: string | Date, timeZone: string): string {
    return formatDateTime(instant, this.locale, timeZone);
  }

  /** The end of a window for "until …": a midnight end is `24:00` of the day before (`18.12.2026, 24:00`). */
  until(end: string | Date, timeZone: string): string {
    return formatEnd(end, this.locale, timeZone);
  }

  plural(count: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
    return plural(this.locale, count, forms);
  }
}
