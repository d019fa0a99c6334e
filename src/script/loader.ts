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
/** Files are relative to the `qala/` folder; each list is a module followed by everything it imports. */
export interface Manifest {
  boot: string[];
  widgets: Record<string, { files: string[]; texts: Record<Lang, string[]> }>;
}
interface Boot {
  setDefaults(values: WidgetDefaults): void;
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
  preconnect(el?.getAttribute('api') ?? dataset.api);
  const retry = attempt ? `?retry=${attempt}` : '';
  if (!retry) preload([...manifest.boot, ...widget.files, ...widget.texts[langOf(el)]]);
  boot ??= (import(/* @vite-ignore */ url(manifest.boot[0]!) + retry) as Promise<Boot>).then(
    (m) => m.setDefaults(dataset),
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
      console.warn(`[qala] could not load <${tag}> from ${base.href}; will try again when back online`);
      addEventListener('online', retryAll, { once: true });
    });
}

function retryAll(): void {
  attempt++;
  scan(document);
}

function scan(root: ParentNode): void {
  if (root instanceof Element && tags.includes(root.localName)) request(root.localName, root);
  for (const el of root.querySelectorAll(tags.join(','))) request(el.localName, el);
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
