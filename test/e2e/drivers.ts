/**
 * The e2e files' one way to drive a browser engine that playwright-core cannot
 * (Debian's Firefox and WebKit), and Chromium the same way: Chromium and Firefox
 * ESR through puppeteer-core (Firefox over WebDriver BiDi), WebKit (WebKitGTK's
 * MiniBrowser) through WebKitWebDriver and webdriverio, on an Xvfb display — the
 * same launchers as the browser suite (test/browser/support/engines.mjs).
 *
 * Functions given to the page (`driver.run(fn, …)`, `until(driver, fn, …)`, the
 * predicates below) are sent as their source text: they must use nothing from
 * outside their arguments, and must not declare named functions inside (tsx
 * wraps those in a `__name()` helper the page does not have).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { launch as launchPuppeteer, type Browser as PuppeteerBrowser, type ElementHandle, type Page } from 'puppeteer-core';
import { remote } from 'webdriverio';
// The browser suite's launch details (executables, Xvfb, MiniBrowser's GTK style sheet) — one place for both.
// @ts-expect-error a plain ES module of the test rig, without types
import { CHROMIUM, FIREFOX, MINIBROWSER, WEBKIT_DRIVER, gtkConfigHome, startXvfb, freePort, waitForDriver } from '../browser/support/engines.mjs';

export type Engine = 'chromium' | 'firefox' | 'webkit';

/** What a journey does with a page: real clicks and keys on elements inside a widget's shadow root. */
export interface Driver {
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /** Runs `fn` in the page (it must not use anything from outside its arguments). */
  run<T>(fn: (...args: any[]) => T, ...args: unknown[]): Promise<Awaited<T>>;
  type(host: string, selector: string, text: string): Promise<void>;
  /** Clicks the first match (with `text`: the first whose text is that); host '' is the page itself. */
  click(host: string, selector: string, text?: string): Promise<void>;
  select(host: string, selector: string, value: string): Promise<void>;
  upload(host: string, selector: string, file: string): Promise<void>;
  setViewport(width: number, height: number): Promise<void>;
  close(): Promise<void>;
}

/** The page's size, when a test needs one; without it the engine keeps its own (puppeteer's 800×600, MiniBrowser's window). */
export interface Viewport {
  width: number;
  height: number;
}

/** Runs in the page: an element in a widget's shadow root (or the page when host is ''), by selector and text. */
const find = (host: string, selector: string, text?: string): Element | null => {
  const root = host ? document.querySelector(host)?.shadowRoot : document;
  const all = [...(root?.querySelectorAll(selector) ?? [])];
  return (text == null ? all[0] : all.find((e) => e.textContent?.trim() === text)) ?? null;
};

async function puppeteerDriver(engine: 'chromium' | 'firefox', viewport?: Viewport): Promise<Driver> {
  const browser: PuppeteerBrowser =
    engine === 'firefox'
      ? await launchPuppeteer({ browser: 'firefox', executablePath: FIREFOX, headless: true })
      : await launchPuppeteer({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page: Page = await browser.newPage();
  if (viewport) await page.setViewport(viewport);
  const element = async (host: string, selector: string, text?: string): Promise<ElementHandle<Element>> => {
    const handle = (await page.evaluateHandle(find, host, selector, text)).asElement() as ElementHandle<Element> | null;
    if (!handle) throw new Error(`no ${host} ${selector} ${text ?? ''}`);
    return handle;
  };
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    run: (fn, ...args) => page.evaluate(fn as any, ...args) as any,
    async type(host, selector, text) {
      const el = await element(host, selector);
      await el.click({ count: 3 });
      await el.type(text);
    },
    click: async (host, selector, text) => (await element(host, selector, text)).click(),
    select: async (host, selector, value) => void (await (element(host, selector) as Promise<ElementHandle<HTMLSelectElement>>)).select(value),
    upload: async (host, selector, file) => (await (element(host, selector) as Promise<ElementHandle<HTMLInputElement>>)).uploadFile(file),
    setViewport: (width, height) => page.setViewport({ width, height }),
    close: () => browser.close(),
  };
}

async function webkitDriver(viewport?: Viewport): Promise<Driver> {
  const children: ChildProcess[] = [];
  let display = process.env.DISPLAY;
  if (!display) {
    const xvfb = await startXvfb();
    children.push(xvfb.child);
    display = xvfb.display;
  }
  const configHome: string = gtkConfigHome();
  const port: number = await freePort();
  const driverProcess = spawn(WEBKIT_DRIVER, [`--port=${port}`], { env: { ...process.env, DISPLAY: display, XDG_CONFIG_HOME: configHome }, stdio: 'ignore' });
  children.push(driverProcess);
  await waitForDriver(`http://127.0.0.1:${port}`, driverProcess);
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'error',
    capabilities: { browserName: 'MiniBrowser', 'wdio:enforceWebDriverClassic': true, 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } } as WebdriverIO.Capabilities,
  });
  const element = async (host: string, selector: string, text?: string) => {
    const ref = await browser.execute(find as any, host, selector, text);
    if (!ref) throw new Error(`no ${host} ${selector} ${text ?? ''}`);
    return browser.$(ref as any);
  };
  const setViewport = async (width: number, height: number) => {
    await browser.setWindowRect(null, null, width, height);
    const [w, h] = (await browser.execute(() => [window.innerWidth, window.innerHeight])) as [number, number];
    if (w !== width || h !== height) await browser.setWindowRect(null, null, 2 * width - w, 2 * height - h);
  };
  if (viewport) await setViewport(viewport.width, viewport.height);
  return {
    goto: (url) => browser.url(url).then(() => undefined),
    reload: () => browser.refresh(),
    run: (fn, ...args) => browser.execute(fn as any, ...args) as any,
    async type(host, selector, text) {
      await (await element(host, selector)).setValue(text);
    },
    click: async (host, selector, text) => (await element(host, selector, text)).click(),
    select: async (host, selector, value) => (await element(host, selector)).selectByAttribute('value', value),
    upload: async (host, selector, file) => (await element(host, selector)).addValue(file),
    setViewport,
    async close() {
      await browser.deleteSession().catch(() => {});
      for (const child of children) child.kill();
      rmSync(configHome, { recursive: true, force: true });
    },
  };
}

/** A fresh browser of `engine` with one page (of `viewport`'s size if given). */
export const openDriver = (engine: Engine, viewport?: Viewport): Promise<Driver> => (engine === 'webkit' ? webkitDriver(viewport) : puppeteerDriver(engine, viewport));

/** Waits until `fn(...args)` in the page is truthy; on time-out, fails with each widget's text as the page showed it. */
export async function until(driver: Driver, fn: (...args: any[]) => unknown, args: unknown[], what: string, timeout = 20_000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    if (await driver.run(fn, ...args).catch(() => false)) return;
    if (Date.now() > end) {
      // What the page showed instead: each widget's text.
      const shown = await driver
        .run(() => [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('qala-')).map((e) => `${e.localName}: ${e.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim().slice(-900)}`))
        .catch((e: unknown) => String(e));
      assert.fail(`timed out waiting for ${what}; the page showed ${JSON.stringify(shown)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Run in the page, through `driver.run` or `until`.
export const shadowText = (host: string) => document.querySelector(host)?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
export const shows = (host: string, text: string) => (document.querySelector(host)?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '').includes(text);
export const has = (host: string, selector: string) => !!document.querySelector(host)?.shadowRoot?.querySelector(selector);
export const valueOf = (host: string, selector: string) => (document.querySelector(host)?.shadowRoot?.querySelector(selector) as HTMLInputElement | null)?.value ?? null;
export const stepIs = (text: string) => document.querySelector('qala-ballot')?.shadowRoot?.querySelector('[data-step-heading]')?.textContent?.trim() === text;
