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
/** Per element, the catalogue loads it waits for (its own texts, a part's). */
const waiting = new WeakMap<object, Set<Promise<void>>>();

/** What an element's `updateComplete` must also wait for: catalogues on their way (undefined when none is). */
export function catalogueLoad(host: object): Promise<void> | undefined {
  const loads = waiting.get(host);
  return loads?.size ? Promise.all(loads).then(() => undefined) : undefined;
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

/** One catalogue of an element (its own texts, or a part's) in every language. */
export interface Texts<M extends Catalogue> {
  /** The catalogue of `locale`, else the one shown last while `locale` loads (started here unless it failed). */
  get(locale: Locale): M | undefined;
  /** Loads `locale` (one load at a time), whether or not it failed before; rejects when it cannot come. */
  load(locale: Locale): Promise<void>;
  /** The language whose texts did not arrive: not asked for again until the browser says it is back online, or `load` is called. */
  failed(): Locale | undefined;
}

/** A closure rather than a class: its state minifies to one letter (this is in every page's shared chunk). */
export function texts<M extends Catalogue>(host: ReactiveControllerHost & HTMLElement, catalogues: Catalogues<M>): Texts<M> {
  /** The catalogue shown last: kept on screen while another language loads. */
  let shown: M | undefined;
  let failed: Locale | undefined;
  let loading: Promise<void> | undefined;
  const load = (locale: Locale): Promise<void> => {
    const source = catalogues[locale];
    if (typeof source !== 'function' || loadedCatalogues.has(source)) return Promise.resolve();
    if (loading) return loading;
    if (failed === locale) failed = undefined;
    let loads = waiting.get(host);
    if (!loads) waiting.set(host, (loads = new Set()));
    const settled = (): void => {
      loads.delete(promise);
      loading = undefined;
      host.requestUpdate();
    };
    const promise: Promise<void> = loadCatalogue(source as () => Promise<{ default: Catalogue }>).then(settled, (error: unknown) => {
      // Offline or the chunk is gone: keep what is shown (or say so), try again when back online.
      failed = locale;
      console.warn(`[qala] could not load the ${locale} texts of <${host.localName}>; will try again when back online`);
      if (typeof window !== 'undefined') {
        window.addEventListener(
          'online',
          () => {
            if (failed === locale) failed = undefined;
            host.requestUpdate();
          },
          { once: true },
        );
      }
      settled();
      throw error;
    });
    loads.add((loading = promise));
    return promise;
  };
  return {
    get(locale) {
      const source = catalogues[locale];
      if (typeof source !== 'function') return (shown = source);
      const loaded = loadedCatalogues.get(source) as M | undefined;
      if (loaded) return (shown = loaded);
      if (failed !== locale) load(locale).catch(() => undefined);
      return shown;
    },
    load,
    failed: () => failed,
  };
}

/** The parameters a message takes: its one object, or none for a plain string. */
export type ParamsOf<V> = V extends (params: infer P) => string ? [params: P] : [];

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
  /** The widget's own texts: what it shows first. */
  private readonly own: Texts<M>;

  constructor(
    protected readonly host: ReactiveControllerHost & HTMLElement,
    catalogues: Catalogues<M>,
  ) {
    this.own = texts(host, catalogues);
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
    return this.own.get(this.locale) !== undefined;
  }

  /** Whether there is no text to show because the texts could not be loaded (offline, or the file is gone). */
  get failed(): boolean {
    return !this.ready && this.own.failed() === this.locale;
  }

  /** The message of `key` in `locale` (or in the language shown while that one loads). */
  protected message(key: string, locale: Locale): Message | undefined {
    return this.own.get(locale)?.[key];
  }

  t<K extends keyof M & string>(key: K, ...params: ParamsOf<M[K]>): string {
    const locale = this.locale;
    const override = this.overrides[locale]?.[key];
    const p = params[0] as Record<string, unknown> | undefined;
    if (override !== undefined) return override.replace(/\{(\w+)\}/g, (all, name: string) => (p && name in p ? String(p[name]) : all));
    const message = this.message(key, locale);
    if (typeof message === 'function') return (message as (p: unknown) => string)(p);
    return message ?? '';
  }

  /** Whether the catalogue has this key (for codes coming from a server). */
  has(key: string): key is keyof M & string {
    return this.message(key, this.locale) !== undefined;
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
