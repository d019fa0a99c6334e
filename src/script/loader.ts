/**
 * `dist/qala.js`: what a host page includes with one
 * `<script src=".../qala.js" defer>`. It is small and carries no widget: it
 * watches the page for our tags and, the first time one appears, loads that
 * widget (and the texts of the language it will most likely show) from the
 * `qala/` folder beside it, all files at once. A page with only a ballot in
 * Kazakh downloads the ballot and Kazakh, not four widgets in three languages.
 *
 * The build writes the file lists in (`__QALA_MANIFEST__`, see
 * `scripts/build.ts`) and wraps this script in the same guard as the one-file
 * bundle, so a second copy on the page does not run.
 */
import type { WidgetDefaults } from '../ui/defaults.js';

type Lang = 'kk' | 'ru' | 'en';
/**
 * Files are relative to the `qala/` folder. `boot` and a widget's `files`: a module followed by everything it
 * imports; `texts`: a language's module and what it imports beyond those.
 */
export interface Manifest {
  boot: string[];
  widgets: Record<string, { files: string[]; texts: Record<Lang, string[]> }>;
}
interface Boot {
  setDefaults(values: WidgetDefaults): void;
  offerEarly(url: string, response: Promise<Response>): void;
}

declare const __QALA_MANIFEST__: Manifest;
const manifest = __QALA_MANIFEST__;
const tags = Object.keys(manifest.widgets);

// `currentScript` is this script while it runs (defer or not); a page that loads it some other way is found by name.
const script = (document.currentScript ?? document.querySelector('script[src*="qala.js"]')) as HTMLScriptElement | null;
const dataset = { ...script?.dataset };
const base = new URL('qala/', script?.src || document.baseURI);
const url = (file: string) => new URL(file, base).href;

const preloaded = new Set<string>();
/** `<link rel=modulepreload>` for every file at once, so the browser fetches a widget's whole tree in one round trip. */
function preload(files: string[]): void {
  for (const file of files) {
    if (preloaded.has(file)) continue;
    preloaded.add(file);
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = url(file);
    document.head.append(link);
  }
}

const asLang = (value: string | null | undefined): Lang | undefined => {
  const base = value?.trim().toLowerCase().split(/[-_]/)[0];
  return base === 'kk' || base === 'ru' || base === 'en' ? base : undefined;
};
/** The language the widget will show, as it decides it (its `lang`, the script's `data-lang`, the nearest `lang` above it, else Russian): a hint for preloading only. */
const langOf = (el: Element | undefined): Lang =>
  asLang(el?.getAttribute('lang')) ?? asLang(dataset.lang) ?? asLang(el?.parentElement?.closest('[lang]')?.getAttribute('lang')) ?? asLang(document.documentElement.lang) ?? 'ru';

let boot: Promise<void> | undefined;
let booted: Boot | undefined;

/**
 * The city's config, asked for now rather than once the widget's files have
 * arrived (the widget would ask then: a whole round trip later). The widget's
 * HTTP client takes this request over (`client/early.ts`).
 */
const early = new Map<string, Promise<Response>>();
function askConfigEarly(el: Element | undefined): void {
  const api = el?.getAttribute('api') || dataset.api;
  const city = el?.getAttribute('city') || dataset.city;
  if (!api || !city) return;
  let url: string;
  try {
    url = new URL(`${api.replace(/\/+$/, '')}/cities/${encodeURIComponent(city)}`, document.baseURI).href;
  } catch {
    return;
  }
  if (early.has(url)) return;
  const response = fetch(url, { headers: { Accept: 'application/json' }, credentials: 'omit' });
  response.catch(() => {});
  early.set(url, response);
  booted?.offerEarly(url, response);
}
const requested = new Set<string>();
/** Failed tries so far: a module that failed to arrive stays failed in the browser under its URL, so a retry asks under a new one. */
let attempt = 0;

const preconnected = new Set<string>();
/** The API on another origin: open the connection while the widget's files arrive (it is asked for once they have). */
function preconnect(api: string | null | undefined): void {
  let origin: string;
  try {
    origin = new URL(api ?? '', document.baseURI).origin;
  } catch {
    return;
  }
  if (!api || origin === location.origin || origin === 'null' || preconnected.has(origin)) return;
  preconnected.add(origin);
  const link = document.createElement('link');
  link.rel = 'preconnect';
  link.href = origin;
  link.crossOrigin = 'anonymous';
  document.head.append(link);
}

function request(tag: string, el?: Element): void {
  const widget = manifest.widgets[tag];
  if (!widget || requested.has(tag)) return;
  requested.add(tag);
  showAll(tag, false);
  preconnect(el?.getAttribute('api') ?? dataset.api);
  const retry = attempt ? `?retry=${attempt}` : '';
  if (!retry) preload([...manifest.boot, ...widget.files, ...widget.texts[langOf(el)]]);
  askConfigEarly(el);
  boot ??= (import(/* @vite-ignore */ url(manifest.boot[0]!) + retry) as Promise<Boot>).then(
    (m) => {
      m.setDefaults(dataset);
      for (const [u, response] of early) m.offerEarly(u, response);
      booted = m;
    },
    (error: unknown) => {
      boot = undefined;
      throw error;
    },
  );
  // The page-wide defaults are in place before the widget's module defines its tag.
  boot
    .then(() => import(/* @vite-ignore */ url(widget.files[0]!) + retry))
    .catch(() => {
      // Offline, or the folder is not beside qala.js: say so and try again when the connection is back.
      // (A shared file that failed stays failed until the page is reloaded.)
      requested.delete(tag);
      showAll(tag, true);
      console.warn(`[qala] could not load <${tag}> from ${base.href}; will try again when back online`);
      addEventListener('online', retryAll, { once: true });
    });
}

function retryAll(): void {
  attempt++;
  scan(document);
}

/**
 * Until its files arrive, each of our elements shows a loading box in a
 * shadow root of its own (the widget takes that root over and clears it), or,
 * when they cannot be loaded, a short message in all three languages. DOM
 * calls and a constructed style sheet only: nothing a strict CSP or Trusted
 * Types refuses.
 */
const placeholders = new WeakSet<ShadowRoot>();
let sheet: CSSStyleSheet | undefined;
const FAILED: [Lang, string][] = [
  ['kk', 'Беттің бұл бөлігі жүктелмеді. Байланыс қалпына келгенде қайта жүктеледі, болмаса бетті қайта жүктеңіз.'],
  ['ru', 'Эта часть страницы не загрузилась. Она загрузится, когда вернётся связь, или перезагрузите страницу.'],
  ['en', 'This part of the page did not load. It will load when the connection is back, or reload the page.'],
];

function show(root: ShadowRoot, failed: boolean): void {
  const box = document.createElement('div');
  // The widget removes what carries this mark when it takes the root over.
  box.setAttribute('data-qala-loader', '');
  if (failed) {
    box.className = 'failed';
    box.setAttribute('role', 'alert');
    for (const [lang, text] of FAILED) {
      const p = document.createElement('p');
      p.lang = lang;
      p.textContent = text;
      box.append(p);
    }
  } else {
    box.setAttribute('aria-busy', 'true');
    for (const name of ['title', 'block']) box.append(Object.assign(document.createElement('div'), { className: `sk ${name}` }));
  }
  root.replaceChildren(box);
}

function placehold(el: Element): void {
  if (el.shadowRoot || customElements.get(el.localName)) return;
  try {
    const root = el.attachShadow({ mode: 'open' });
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(
        ':host{display:block;color-scheme:light dark}.sk{border-radius:6px;background:rgba(128,128,128,.15);background:color-mix(in srgb,currentColor 12%,transparent);margin:0 0 12px;animation:p 1.4s ease-in-out infinite alternate}' +
          '.title{height:26px;width:50%}.block{height:96px}.failed{font:16px/1.5 system-ui,sans-serif;padding:12px 16px;border:1px solid #b3261e;border-radius:6px}.failed p{margin:4px 0}' +
          '@keyframes p{to{opacity:.5}}@media (prefers-reduced-motion:reduce){.sk{animation:none}}',
      );
    }
    root.adoptedStyleSheets = [sheet];
    show(root, false);
    placeholders.add(root);
  } catch {
    // The element is someone else's (or cannot hold a shadow root): leave it alone.
  }
}

/** Every placeholder of a tag, loading again or failed. */
function showAll(tag: string, failed: boolean): void {
  if (customElements.get(tag)) return;
  for (const el of document.querySelectorAll(tag)) if (el.shadowRoot && placeholders.has(el.shadowRoot)) show(el.shadowRoot, failed);
}

function scan(root: ParentNode): void {
  const found = root instanceof Element && tags.includes(root.localName) ? [root, ...root.querySelectorAll(tags.join(','))] : [...root.querySelectorAll(tags.join(','))];
  for (const el of found) {
    placehold(el);
    request(el.localName, el);
  }
}

if (dataset.load === 'all') tags.forEach((tag) => request(tag));
scan(document);
// Widgets a site adds later (a framework rendering, a tab opened): the first of each kind loads its widget.
const allRequested = () => tags.every((tag) => requested.has(tag));
if (!allRequested()) {
  const observer = new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) scan(node);
    if (allRequested()) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
}
