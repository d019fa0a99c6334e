/**
 * The residents' key journeys in Firefox and WebKit, on the real server and the
 * built dist/qala.js (the other e2e files drive Chromium through playwright-core,
 * which cannot drive Debian's Firefox or WebKit): a proposal written, kept as a
 * draft over a reload, sent while the network is dead and arriving once when it
 * is back; a full vote with its receipt; the results; the site's language switch.
 *
 * Firefox ESR through puppeteer-core over WebDriver BiDi, WebKit (WebKitGTK's
 * MiniBrowser) through WebKitWebDriver and webdriverio (drivers.ts).
 * E2E_ENGINES=firefox,webkit,chromium picks engines (Chromium is covered by
 * cycle.test.ts and offline.test.ts already, so it is not in the default).
 *
 * "Offline" here is a dead network between the browser and the site (a gate
 * that drops every connection), not the browser's offline switch: WebDriver
 * classic has no such switch, and a dead network while the phone believes it
 * is online is the harder case for the outbox.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adultIins } from '../../src/server/testing.js';
import { openDriver, shadowText, shows, stepIs, until, valueOf, type Driver, type Engine } from './drivers.js';
import { codeCount, newCode, png, residentCall, startStack, submitProposal, type Stack } from './support.js';
import { ballotText, formText, listText, resultsText } from './texts.js';

const ENGINES = (process.env.E2E_ENGINES ?? 'firefox,webkit').split(',').map((e) => e.trim()) as Engine[];

/**
 * A TCP gate between the browser and the host site: open, it passes bytes both
 * ways; cut, it drops every connection and refuses new ones — a dead network.
 */
async function startGate(origin: string): Promise<{ origin: string; cut(): void; restore(): void; close(): Promise<void> }> {
  const target = new URL(origin);
  const sockets = new Set<Socket>();
  let open = true;
  const server: Server = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = createConnection(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      open = true;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

async function proposalsTitled(stack: Stack, title: string): Promise<number> {
  const page = await residentCall(stack, 'GET', `/cities/aksu/proposals?q=${encodeURIComponent(title)}&limit=100`);
  return (page.json.items as { title: string }[]).filter((p) => p.title === title).length;
}

for (const engine of ENGINES) {
  describe(`key journeys in ${engine}`, { timeout: 300_000 }, () => {
    let stack: Stack;
    let gate: Awaited<ReturnType<typeof startGate>>;
    let driver: Driver;
    let files: string;
    before(async () => {
      stack = await startStack({ phase: 'submission' });
      gate = await startGate(stack.origin);
      driver = await openDriver(engine, { width: 1280, height: 900 });
      files = mkdtempSync(join(tmpdir(), 'qala-e2e-files-'));
      writeFileSync(join(files, 'place.png'), png(800, 600));
    });
    after(async () => {
      await driver?.close();
      await gate?.close();
      await stack?.close();
      if (files) rmSync(files, { recursive: true, force: true });
    });

    it('ru: a proposal with a photo survives a reload as a draft, waits while the network is dead, arrives once', async () => {
      const F = formText.ru;
      const form = 'qala-proposal-form';
      const title = `Навес на остановке (${engine})`;
      await driver.goto(`${gate.origin}/pages/cycle.html?city=aksu&lang=ru&only=form`);
      await until(driver, shows, [form, F.heading], 'the form');
      await driver.type(form, '#f-title', title);
      await driver.type(form, '#f-description', 'Навес от солнца и дождя и три скамейки на остановке по улице Мира.');
      await driver.select(form, '#f-category', 'improvement');
      await driver.type(form, '#f-address', 'ул. Мира, 7');
      await driver.type(form, '#f-cost', '2400000');
      // The widget's "add photos" button opens this (hidden) input's file chooser.
      await driver.upload(form, '#photo-input', join(files, 'place.png'));
      await until(driver, (h: string) => !!document.querySelector(h)?.shadowRoot?.querySelector('.photo img'), [form], 'the photo preview');
      await driver.type(form, '#f-author', 'Гульнар С.');
      await driver.type(form, '#f-phone', '+7 701 555 07 07');
      assert.equal(await driver.run(shows, form, F['draft.notKept']), false, 'the draft is kept on this device');
      // The draft is saved as she types (debounced, and at once when she leaves a field): wait until IndexedDB holds
      // what she typed, with the photo's entry and its bytes — not just any draft key, which an earlier save already
      // made — then reload.
      await until(
        driver,
        (wanted: { title: string; cost: number; author: string }) =>
          new Promise((resolve) => {
            const open = indexedDB.open('qala-drafts-v1');
            open.onerror = () => resolve(false);
            open.onsuccess = () => {
              // (No named functions in here: tsx would wrap them in a helper the page does not have.)
              const db = open.result;
              if (!db.objectStoreNames.contains('drafts')) {
                db.close();
                return resolve(false);
              }
              const store = db.transaction('drafts').objectStore('drafts');
              const keys = store.getAllKeys();
              const values = store.getAll();
              values.onsuccess = () => {
                const draftAt = keys.result.findIndex((k) => String(k).endsWith('proposal-draft'));
                const draft = values.result[draftAt] as { fields?: { title?: string; estimatedCost?: number | null; authorName?: string }; photos?: { localId: string }[] } | undefined;
                const f = draft?.fields;
                const photo = draft?.photos?.length === 1 ? draft.photos[0]!.localId : null;
                db.close();
                resolve(
                  !!f &&
                    f.title === wanted.title &&
                    f.estimatedCost === wanted.cost &&
                    f.authorName === wanted.author &&
                    photo !== null &&
                    keys.result.some((k) => String(k).endsWith(`:photo:${photo}`)),
                );
              };
              values.onerror = () => {
                db.close();
                resolve(false);
              };
            };
          }),
        [{ title, cost: 2_400_000, author: 'Гульнар С.' }],
        'the draft with what she typed and its photo in IndexedDB',
      );
      await driver.reload();
      await until(driver, (h: string, s: string) => ((document.querySelector(h)?.shadowRoot?.querySelector(s) as HTMLInputElement | null)?.value ?? '').length > 0, [form, '#f-title'], 'the draft to come back');
      assert.equal(await driver.run(valueOf, form, '#f-title'), title);
      assert.equal(((await driver.run(valueOf, form, '#f-cost')) ?? '').replace(/\s/g, ' '), '2 400 000');
      assert.equal(await driver.run(valueOf, form, '#f-author'), 'Гульнар С.');
      await until(driver, (h: string) => document.querySelector(h)!.shadowRoot!.querySelectorAll('.photo img').length === 1, [form], 'the photo back from the draft');
      assert.equal(await driver.run(valueOf, form, '#f-phone'), '', 'the phone is never kept in the browser');

      // Phone and consent again, then send — into a dead network.
      await driver.type(form, '#f-phone', '+7 701 555 07 07');
      await driver.click(form, '#f-consent');
      await until(driver, (h: string) => (document.querySelector(h)!.shadowRoot!.querySelector('#f-consent') as HTMLInputElement).checked, [form], 'the consent ticked');
      gate.cut();
      try {
        await driver.click(form, '[part~="submit-button"]');
        await until(driver, (h: string) => !!document.querySelector(h)?.shadowRoot?.querySelector('#sending-status'), [form], 'the sending status');
        assert.equal(await proposalsTitled(stack, title), 0, 'nothing has arrived yet');
      } finally {
        // The network is back: the outbox sends it by itself (after its backoff), exactly once.
        gate.restore();
      }
      await until(driver, shows, [form, F['done.heading']], 'the confirmation', 60_000);
      assert.equal(await proposalsTitled(stack, title), 1, 'exactly one proposal');
    });

    it('kk: a full vote gives a receipt that is counted; the results show it', async () => {
      const B = ballotText.kk;
      const R = resultsText.kk;
      const ballot = 'qala-ballot';
      const a = await submitProposal(stack, 'aksu', { title: `Орындықтар (${engine})`, description: 'Жағалау бойына жиырма орындық қою.', category: 'improvement', address: 'Жағалау', estimatedCost: 2_000_000, authorName: 'Ольга', phone: '+77055550808' });
      const b = await submitProposal(stack, 'aksu', { title: `Тренажёрлар (${engine})`, description: 'Орталық саябаққа он тренажёр.', category: 'improvement', address: 'Орталық саябақ', estimatedCost: 3_000_000, authorName: 'Ерлан', phone: '+77055550909' });
      for (const id of [a.id, b.id]) assert.equal((await stack.admin('aksu', `/proposals/${id}/ballot`, { poolId: 'city' })).status, 200);
      assert.equal((await stack.admin('aksu', '/phases', { phase: 'voting', action: 'open' })).status, 200);

      await driver.goto(`${gate.origin}/pages/cycle.html?city=aksu&lang=kk&only=ballot`);
      await until(driver, stepIs, [B['identify.title']], 'the identify step');
      const before = codeCount(stack);
      await driver.type(ballot, '#iin', adultIins(1, 700)[0]!);
      await driver.type(ballot, '#phone', '+77015550808');
      await driver.click(ballot, 'button', B['identify.submit']);
      await until(driver, stepIs, [B['code.title']], 'the code step');
      await driver.type(ballot, '#code', await newCode(stack, before));
      await driver.click(ballot, 'button', B['code.confirm']);
      await until(driver, stepIs, [B['ballot.title']], 'the ballot');
      await driver.click(ballot, `#c-${a.id}`);
      await driver.click(ballot, 'button', B['ballot.review']);
      await until(driver, stepIs, [B['review.title']], 'the review');
      await driver.click(ballot, '[part~="submit-button"]');
      await until(driver, stepIs, [B['done.title']], 'the receipt');
      const receipt = ((await driver.run((h: string) => document.querySelector(h)!.shadowRoot!.querySelector('[part~="receipt"]')?.textContent ?? '', ballot)) as string).trim();
      assert.match(receipt, /^[0-9A-HJ-NP-Z]{4}(-[0-9A-HJ-NP-Z]{4}){3}$/);
      assert.equal((await residentCall(stack, 'GET', `/cities/aksu/receipts/${receipt}`)).json.status, 'counted');

      // Voting closes, results open: the results widget shows the count.
      assert.equal((await stack.admin('aksu', '/phases', { phase: 'voting', action: 'close' })).status, 200);
      assert.equal((await stack.admin('aksu', '/phases', { phase: 'results', action: 'open' })).status, 200);
      await driver.goto(`${gate.origin}/pages/cycle.html?city=aksu&lang=kk&only=results`);
      await until(driver, shows, ['qala-results', R['mode.final']], 'the final results');
      const rows = (await driver.run(() =>
        [...document.querySelector('qala-results')!.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => [tr.querySelector('th')!.textContent!.trim(), tr.querySelector('td')!.textContent!.trim()]),
      )) as [string, string][];
      assert.deepEqual(rows.find(([t]) => t === a.title)?.[1], '1', `the voted project has one vote: ${JSON.stringify(rows)}`);
      assert.deepEqual(rows.find(([t]) => t === b.title)?.[1], '0');
      assert.ok(rows.findIndex(([t]) => t === a.title) < rows.findIndex(([t]) => t === b.title), 'the project with the vote comes first');
    });

    it('the akimat page at 360 px: the site\'s language switch takes every widget from Kazakh to Russian', async () => {
      await driver.setViewport(360, 740);
      const lines = (lang: 'kk' | 'ru') => [
        ['qala-proposal-list', listText[lang]['filter.search']],
        ['qala-proposal-form', formText[lang].heading],
        ['qala-results', resultsText[lang]['results.title']],
      ];
      const all = (pairs: string[][]) => pairs.every(([host, text]) => (document.querySelector(host!)?.shadowRoot?.textContent ?? '').includes(text!));
      await driver.goto(`${gate.origin}/akimat.html`);
      await until(driver, all, [lines('kk')], 'the widgets in Kazakh');
      await driver.click('', 'button[data-lang="ru"]');
      await until(driver, all, [lines('ru')], 'the widgets in Russian');
      assert.equal(await driver.run(shadowText, 'qala-proposal-list').then((t) => (t as string).includes(listText.kk['filter.search'])), false, 'no Kazakh left in the list');
      const scroll = (await driver.run(() => document.scrollingElement!.scrollWidth)) as number;
      assert.ok(scroll <= 360, `the page scrolls sideways at 360 px (${scroll}px)`);
      await driver.setViewport(1280, 900);
    });
  });
}
