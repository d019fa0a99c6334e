/**
 * Dropping Qala into pages we do not control: a hostile host (resets, 62.5 %
 * root font, Lit 2 already loaded, one of our tags taken, the bundle included
 * twice, idb-keyval's default store holding our keys) and a strict CSP with
 * Trusted Types.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { MIN_BYTES } from '../../src/server/compress.js';
import { ROOT, openPage, screenshot, stackAndBrowser } from './support.js';
import { ballotText, formText, listText, resultsText } from './texts.js';

const WIDGETS = ['list', 'ballot', 'results'] as const;

/** Waits until a widget has rendered past its loading state (its shadow root has a heading or a form control). */
async function rendered(page: Page, id: string) {
  await page.waitForFunction(
    (sel) => {
      const root = document.getElementById(sel)?.shadowRoot;
      return !!root && !root.querySelector('.skeleton, [aria-busy="true"]') && (root.textContent ?? '').trim().length > 20;
    },
    id,
    { timeout: 15_000 },
  );
}

/** Waits until each widget (by selector) shows its text: a line from its catalogue, in the language it should show. */
async function showing(page: Page, expected: [selector: string, text: string][]) {
  await page.waitForFunction(
    (pairs) => pairs.every(([sel, text]) => (document.querySelector(sel)?.shadowRoot?.textContent ?? '').includes(text)),
    expected,
    { timeout: 15_000 },
  );
}

/** The four widgets' opening lines in a language (the ballot's first step given). */
const openingLines = (lang: 'kk' | 'ru', ballotKey: 'identify.title' | 'closed.afterTitle' = 'identify.title'): [string, string][] => [
  ['qala-ballot', ballotText[lang][ballotKey]],
  ['qala-proposal-list', listText[lang]['filter.search']],
  ['qala-proposal-form', formText[lang].heading],
  ['qala-results', resultsText[lang]['results.title']],
];

describe('embedding', { timeout: 180_000 }, () => {
  const env = stackAndBrowser('voting');

  it('a hostile host page: widgets render at their own size, nothing throws, clashes are named, host data untouched', async () => {
    const { stack, browser } = env;
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${stack.origin}/pages/hostile.html`);
    for (const id of WIDGETS) await rendered(page, id);
    await screenshot(page, 'hostile-host');

    assert.deepEqual(w.pageErrors, []);
    assert.deepEqual(await page.evaluate(() => (window as any).__errors), []);
    assert.ok(w.consoleWarnings.some((m) => m.includes('<qala-proposal-form>') && m.includes('SomeoneElsesForm')), `no clash warning in ${JSON.stringify(w.consoleWarnings)}`);
    assert.ok(w.consoleWarnings.some((m) => m.includes('included more than once')), 'no double-include warning');
    assert.equal(await page.evaluate(() => document.getElementById('form')!.textContent), 'someone else’s form');
    assert.equal(await page.evaluate(() => document.querySelector('host-banner')!.shadowRoot!.textContent!.trim()), 'host banner (Lit 2)');

    for (const id of WIDGETS) {
      const look = await page.evaluate((sel) => {
        const el = document.getElementById(sel)!;
        const root = el.shadowRoot!;
        const button = root.querySelector('button');
        const textNode = root.querySelector('h2, h3, p') as HTMLElement | null;
        const style = getComputedStyle(el);
        return {
          fontSize: style.fontSize,
          boxSizing: style.boxSizing,
          textTransform: textNode ? getComputedStyle(textNode).textTransform : 'none',
          lineHeight: textNode ? parseFloat(getComputedStyle(textNode).lineHeight) / parseFloat(getComputedStyle(textNode).fontSize) : 1.5,
          letterSpacing: textNode ? getComputedStyle(textNode).letterSpacing : 'normal',
          buttonHeight: button ? button.getBoundingClientRect().height : 44,
          buttonPadding: button ? getComputedStyle(button).paddingLeft : '1px',
          overflow: root.firstElementChild ? el.scrollWidth - el.clientWidth : 0,
        };
      }, id);
      assert.equal(look.fontSize, '16px', `${id} font size`);
      assert.equal(look.boxSizing, 'border-box', `${id} box sizing`);
      assert.equal(look.textTransform, 'none', `${id} text transform`);
      assert.ok(look.lineHeight < 2, `${id} line height ratio ${look.lineHeight}`);
      assert.equal(look.letterSpacing, 'normal', `${id} letter spacing`);
      assert.ok(look.buttonHeight >= 32 && look.buttonHeight < 120, `${id} button height ${look.buttonHeight}`);
      assert.notEqual(look.buttonPadding, '0px', `${id} button padding (host has button { all: unset })`);
      assert.ok(look.overflow <= 1, `${id} overflows by ${look.overflow}px`);
    }

    // Our data lives in databases of our own; the host's idb-keyval store is untouched.
    const host = await page.evaluate(async () => {
      await (window as any).__hostData;
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const open = indexedDB.open('keyval-store');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const read = (key: string) =>
        new Promise((resolve) => {
          const r = db.transaction('keyval').objectStore('keyval').get(key);
          r.onsuccess = () => resolve(r.result);
        });
      const count = await new Promise((resolve) => {
        const r = db.transaction('keyval').objectStore('keyval').count();
        r.onsuccess = () => resolve(r.result);
      });
      return { draft: await read('qala:v1:aksu:aksu-2026:draft'), outbox: await read('qala:v1:aksu:aksu-2026:outbox'), count };
    });
    assert.deepEqual(host, { draft: 'host-value', outbox: 'host-outbox', count: 2 });

    // The only new globals are Lit's version registries (documented in the README).
    const added = await page.evaluate(() => {
      const before = new Set<string>((window as any).__hostGlobals);
      return Object.keys(window).filter((k) => !before.has(k) && !k.startsWith('__'));
    });
    const allowed = new Set(['litHtmlVersions', 'litElementVersions', 'reactiveElementVersions', 'litPropertyMetadata']);
    assert.deepEqual(added.filter((k) => !allowed.has(k)), [], `unexpected globals: ${added.join(', ')}`);
    await w.context.close();
  });

  it('the akimat demo page: the site\'s language switch takes every widget from Kazakh to Russian, each language\'s files loaded when first shown', async () => {
    const { stack, browser } = env;
    const w = await openPage(browser, { viewport: { width: 360, height: 740 }, locale: 'kk-KZ' });
    const { page } = w;
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(`${stack.origin}/akimat.html`);
    await showing(page, openingLines('kk'));
    assert.equal(fetched.filter((p) => /\/dist\/qala\/[\w-]+\.ru-/.test(p)).length, 0, 'no Russian texts before the switch');
    await page.getByRole('button', { name: 'Рус' }).click();
    await showing(page, openingLines('ru'));
    await screenshot(page, 'akimat-ru-360');
    assert.deepEqual(fetched.filter((p) => /\/dist\/qala\/(ballot|proposal-form|proposal-list|results|common)\.ru-/.test(p)).length, 5, 'each widget\'s Russian texts and the common ones, once');
    assert.equal(fetched.filter((p) => /\.en-/.test(p)).length, 0, 'English is never fetched');
    assert.deepEqual(w.pageErrors, []);
    assert.deepEqual(w.consoleErrors, []);
    await w.context.close();
  });

  it('cross-origin, as an akimat embeds it: qala.js, its files and the API from the Qala server, the page on the site\'s own origin', async () => {
    const { stack, browser } = env;
    const w = await openPage(browser, { locale: 'kk-KZ' });
    const { page } = w;
    const responses: { url: string; status: number; encoding?: string; acao?: string }[] = [];
    page.on('response', (r) => {
      if (r.url().startsWith(stack.api)) responses.push({ url: r.url().slice(stack.api.length), status: r.status(), encoding: r.headers()['content-encoding'], acao: r.headers()['access-control-allow-origin'] });
    });
    await page.goto(`${stack.origin}/pages/cross-origin.html?qala=${encodeURIComponent(stack.api)}`);
    await showing(page, [
      ['#list', listText.kk['filter.search']],
      ['#ballot', ballotText.kk['identify.title']],
      ['#results', resultsText.kk['results.title']],
    ]);
    const files = responses.filter((r) => r.url.startsWith('/dist/qala/'));
    assert.ok(files.length >= 5, `the widgets' files came from the Qala server: ${JSON.stringify(files)}`);
    for (const r of files) {
      assert.equal(r.status, 200, r.url);
      assert.equal(r.acao, '*', `${r.url} may be imported as a module from another origin`);
    }
    // Every file worth compressing; one under MIN_BYTES (a small schema a request brings) goes as it is.
    const worth = files.filter((r) => statSync(join(ROOT, r.url.split('?')[0]!)).size >= MIN_BYTES);
    assert.ok(worth.some((r) => r.url.includes('/shared-')), `the shared chunk is among them: ${JSON.stringify(files)}`);
    for (const r of worth) assert.equal(r.encoding, 'br', `${r.url} sent brotli-compressed`);
    assert.deepEqual(
      await page.evaluate(() => [...document.querySelectorAll('link[rel=preconnect]')].map((l) => (l as HTMLLinkElement).href)),
      [`${stack.api}/`],
      'the connection to the API opens while the files arrive',
    );
    // The loader asked for the city's config while the files downloaded; the widgets took that answer over.
    assert.equal(responses.filter((r) => r.url === '/api/v1/cities/aksu').length, 1, 'the config was asked for once');
    const timing = await page.evaluate(() => {
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const config = entries.find((e) => new URL(e.name).pathname === '/api/v1/cities/aksu')!;
      const ballot = entries.find((e) => /\/dist\/qala\/ballot-[\w-]{7}\.js$/.test(new URL(e.name).pathname))!;
      return { configStart: config.startTime, ballotEnd: ballot.responseEnd };
    });
    assert.ok(timing.configStart < timing.ballotEnd, `the config was asked for before the ballot's file had arrived (${JSON.stringify(timing)})`);
    const apiCalls = responses.filter((r) => r.url.startsWith('/api/v1/cities/aksu'));
    assert.ok(apiCalls.length > 0, 'the API was called cross-origin');
    for (const r of apiCalls) assert.equal(r.acao, stack.origin, `${r.url}: the city allows the site's origin`);
    assert.deepEqual(w.pageErrors, []);
    assert.deepEqual(w.consoleErrors, []);
    await w.context.close();
  });

  it('the offline demo (static files, msw in the browser): all four widgets while voting and once results are out, no server needed', async () => {
    const { stack, browser } = env;
    const w = await openPage(browser);
    const { page } = w;
    for (const [phase, ballotKey] of [
      ['voting', 'identify.title'],
      ['results', 'closed.afterTitle'],
    ] as const) {
      await page.goto(`${stack.origin}/dist/offline/index.html?phase=${phase}`);
      await showing(page, openingLines('ru', ballotKey));
    }
    await screenshot(page, 'offline-demo-results');
    assert.deepEqual(w.pageErrors, []);
    assert.deepEqual(w.consoleErrors, []);
    await w.context.close();
  });

  it('data-load="all": a widget inside a host\'s own shadow root (unseen by the loader) is defined and renders', async () => {
    const { stack, browser } = env;
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${stack.origin}/pages/shadow-host.html`);
    await page.waitForFunction(
      (text) => (document.querySelector('host-panel')?.shadowRoot?.querySelector('qala-results')?.shadowRoot?.textContent ?? '').includes(text),
      resultsText.ru['results.title'],
      { timeout: 15_000 },
    );
    assert.deepEqual(await page.evaluate(() => ['qala-proposal-form', 'qala-proposal-list', 'qala-ballot', 'qala-results'].map((t) => !!customElements.get(t))), [true, true, true, true]);
    assert.deepEqual(w.pageErrors, []);
    assert.deepEqual(w.consoleErrors, []);
    await w.context.close();
  });

  for (const [name, file, what] of [
    ['csp', 'csp.html', 'qala.js included twice'],
    ['csp-bundle', 'csp-bundle.html', 'the one-file qala.bundle.js, then qala.js too'],
    ['csp-nonce', 'csp-nonce.html', "qala.js by nonce, its files by 'strict-dynamic'"],
  ] as const) {
  it(`a strict CSP with Trusted Types: every widget works, no violation (${what})`, async () => {
    const { stack, browser } = env;
    const w = await openPage(browser, { locale: 'kk-KZ' });
    const { page } = w;
    await page.goto(`${stack.origin}/pages/${file}`);
    for (const id of [...WIDGETS, 'form'] as const) await rendered(page, id);
    // Interact: open the first proposal's details in the list, and move the ballot on.
    await page.evaluate(() => {
      const root = document.getElementById('list')!.shadowRoot!;
      (root.querySelector('button') as HTMLButtonElement | null)?.click();
    });
    await page.waitForTimeout(500);
    await screenshot(page, name === 'csp' ? 'strict-csp' : `strict-${name}`);
    assert.deepEqual(await page.evaluate(() => (window as any).__violations), []);
    assert.deepEqual(await page.evaluate(() => (window as any).__errors), []);
    assert.deepEqual(w.pageErrors, []);
    assert.deepEqual(w.consoleErrors.filter((m) => /Content Security Policy|Trusted Type/i.test(m)), []);
    if (name !== 'csp-nonce') assert.ok(w.consoleWarnings.some((m) => m.includes('included more than once')));
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/dist/')));
    if (name === 'csp-bundle') assert.deepEqual(scripts.filter((p) => p.startsWith('/dist/qala/')), [], 'the loader after the bundle fetches nothing');
    else assert.ok(scripts.some((p) => /^\/dist\/qala\/ballot-/.test(p)), 'the loader fetched the widgets');
    await w.context.close();
  });
  }
});
