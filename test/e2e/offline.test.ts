/**
 * A bad connection, on the real server and the built bundle — what issues 5
 * and 6 promise: a proposal written in Kazakh on a phone survives a reload as
 * a draft, waits while the connection is gone and arrives exactly once; a
 * ballot sent while offline (and even reloaded while it waits) gives exactly
 * one receipt.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { adultIins } from '../../src/server/testing.js';
import { axe, codeCount, newCode, openPage, png, residentCall, screenshot, submitProposal, waitBallotStep, type Stack, stackAndBrowser } from './support.js';
import { ballotText, formText } from './texts.js';

async function waitFor(page: Page, fn: () => boolean, what: string): Promise<void> {
  await page.waitForFunction(fn, undefined, { timeout: 15_000 }).catch(() => assert.fail(`timed out waiting for ${what}`));
}

async function proposalsTitled(stack: Stack, title: string): Promise<number> {
  const page = await residentCall(stack, 'GET', `/cities/aksu/proposals?q=${encodeURIComponent(title)}&limit=100`);
  return (page.json.items as { title: string }[]).filter((p) => p.title === title).length;
}

describe('a bad connection', { timeout: 180_000 }, () => {
  const env = stackAndBrowser('submission');

  it('kk, 360×740: a proposal survives a reload as a draft, waits offline, and arrives once', async () => {
    const { stack, browser } = env;
    const F = formText.kk;
    const w = await openPage(browser, { viewport: { width: 360, height: 740 }, locale: 'kk-KZ' });
    const { page, context } = w;
    const form = (sel: string) => page.locator(`qala-proposal-form ${sel}`);
    const title = 'Аялдамаға күн қалқаны мен орындықтар';
    await page.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=kk&only=form`);
    await form('#f-title').waitFor();
    await form('#f-title').fill(title);
    await form('#f-description').fill('Бейбітшілік көшесіндегі аялдамаға күн мен жаңбырдан қорғайтын қалқан және үш орындық орнату.');
    await form('#f-category').selectOption('improvement');
    await form('#f-address').fill('Бейбітшілік көшесі, 7');
    await form('#f-cost').fill('2400000');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), form('#f-photos').click()]);
    await chooser.setFiles({ name: 'ayaldama.png', mimeType: 'image/png', buffer: png(800, 600) });
    await form('.photo img').waitFor();
    await form('#f-author').fill('Гүлнар С.');
    await form('#f-phone').fill('+7 701 555 07 07');
    // The draft is saved as she types (debounced); then the page is reloaded.
    await page.waitForTimeout(1200);
    await page.reload();
    await form('#f-title').waitFor();
    await waitFor(page, () => (document.querySelector('qala-proposal-form')!.shadowRoot!.querySelector('#f-title') as HTMLInputElement).value.length > 0, 'the draft to come back');
    assert.equal(await form('#f-title').inputValue(), title, 'the title comes back from the draft');
    assert.match((await form('#f-cost').inputValue()).replace(/\s/g, ' '), /^2 400 000$/);
    // The photos' part of the form may arrive a paint after the fields (issue 14: it is a module of its own).
    await form('.photo img').first().waitFor();
    assert.equal(await form('.photo img').count(), 1, 'the photo comes back from the draft');
    assert.equal(await form('#f-phone').inputValue(), '', 'the phone is never kept in the browser');
    assert.ok(((await page.locator('qala-proposal-form').evaluate((el) => el.shadowRoot!.textContent)) ?? '').includes(F['draft.discard']), 'a way to discard the draft');
    await screenshot(page, 'offline-01-draft-restored');

    // She gives the phone and consent again and sends — with no connection.
    await form('#f-phone').fill('+7 701 555 07 07');
    await form('#f-consent').check();
    await context.setOffline(true);
    await form('[part~="submit-button"]').click();
    await form('#sending-status').waitFor({ timeout: 15_000 });
    assert.ok(((await form('#sending-status').textContent()) ?? '').includes(F['wait.offline']), 'she sees that it waits for the connection');
    await screenshot(page, 'offline-02-waiting');
    assert.equal(await proposalsTitled(stack, title), 0, 'nothing has arrived yet');

    // The connection comes back: it is sent by itself, exactly once.
    await context.setOffline(false);
    await form('#result-heading').waitFor({ timeout: 30_000 });
    assert.equal((await form('#result-heading').textContent())?.trim(), F['done.heading']);
    await screenshot(page, 'offline-03-sent');
    assert.equal(await proposalsTitled(stack, title), 1, 'exactly one proposal');
    assert.deepEqual(w.pageErrors, []);
    await context.close();
  });

  it('kk: the script tag loads only the widget on the page and its language, and loads it when the connection comes back', async () => {
    const { stack, browser } = env;
    const w = await openPage(browser, { locale: 'kk-KZ' });
    const { page } = w;
    const fetched: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/dist/')) fetched.push(path.slice('/dist/'.length));
    });
    // The list's own file does not arrive the first time (a dropped connection); the second time it takes a while.
    // Every request of the first attempt is dropped (its modulepreload and its import: newer Chromium asks again
    // for a module whose preload failed); the loader's retry (`?retry=N`) is held until the test lets it through.
    let dropped = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/dist\/qala\/proposal-list-[^/.]+\.js(\?.*)?$/, async (route) => {
      dropped++;
      if (!new URL(route.request().url()).searchParams.has('retry')) return route.abort('internetdisconnected');
      await held;
      return route.continue();
    });
    await page.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=kk&only=list`);
    await waitFor(page, () => document.querySelector('qala-proposal-list') !== null, 'the page');
    for (let i = 0; i < 100 && !w.consoleWarnings.some((m) => m.includes('could not load <qala-proposal-list>')); i++) await page.waitForTimeout(50);
    assert.ok(w.consoleWarnings.some((m) => m.includes('could not load <qala-proposal-list>')), `a warning names the widget: ${w.consoleWarnings.join(' | ')}`);
    assert.equal(await page.evaluate(() => customElements.get('qala-proposal-list') === undefined), true, 'not defined while its file is missing');
    // The resident sees why, in all three languages, where the list will be.
    await waitFor(page, () => !!document.querySelector('qala-proposal-list')?.shadowRoot?.querySelector('[role=alert]'), 'the message that it did not load');
    assert.deepEqual(await page.evaluate(() => [...document.querySelector('qala-proposal-list')!.shadowRoot!.querySelectorAll('[role=alert] p')].map((p) => (p as HTMLElement).lang)), ['kk', 'ru', 'en']);
    assert.deepEqual(await axe(page), [], 'the message passes axe');
    await screenshot(page, 'loader-failed');

    // Back online: a loading box while the file is on its way, then the list, and nothing of the loader's left.
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await waitFor(page, () => !!document.querySelector('qala-proposal-list')?.shadowRoot?.querySelector('[aria-busy=true]'), 'the loading box');
    release();
    await waitFor(page, () => !!document.querySelector('qala-proposal-list')?.shadowRoot?.querySelector('li'), 'the list to load and show proposals');
    assert.equal(await page.evaluate(() => document.querySelector('qala-proposal-list')!.shadowRoot!.querySelectorAll('[data-qala-loader]').length), 0, 'the loader\'s box is gone');
    assert.ok(dropped >= 2, 'the file was asked for again');
    // Code two widgets share may come in more than one `shared-…` chunk (the list and the ballot share Lit's repeat apart).
    const names = [...new Set([...new Set(fetched)].map((f) => f.replace(/-[\w-]{7}\.js$/, '')))];
    assert.deepEqual(names.sort(), ['qala.js', 'qala/boot', 'qala/common.kk', 'qala/proposal-list', 'qala/proposal-list.kk', 'qala/shared'].sort(), 'nothing of the other widgets or languages');
    assert.deepEqual(w.pageErrors, []);
    await w.context.close();
  });

  it('ru: a ballot sent offline, the page reloaded while it waits, gives exactly one receipt', async () => {
    const { stack, browser } = env;
    const B = ballotText.ru;
    // Two projects on the ballot, voting open.
    const a = await submitProposal(stack, 'aksu', { title: 'Скамейки вдоль набережной', description: 'Поставить двадцать скамеек вдоль набережной Иртыша.', category: 'improvement', address: 'Набережная', estimatedCost: 2_000_000, authorName: 'Ольга', phone: '+77055550808' });
    const b = await submitProposal(stack, 'aksu', { title: 'Тренажёры в парке', description: 'Десять уличных тренажёров для взрослых в центральном парке.', category: 'improvement', address: 'Центральный парк', estimatedCost: 3_000_000, authorName: 'Ерлан', phone: '+77055550909' });
    for (const id of [a.id, b.id]) assert.equal((await stack.admin('aksu', `/proposals/${id}/ballot`, { poolId: 'city' })).status, 200);
    assert.equal((await stack.admin('aksu', '/phases', { phase: 'voting', action: 'open' })).status, 200);

    const w = await openPage(browser, { locale: 'ru-KZ' });
    const { page, context } = w;
    const step = (text: string) => waitBallotStep(page, text, 30_000);
    await page.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=ru&only=ballot`);
    await step(B['identify.title']);
    const before = codeCount(stack);
    await page.locator('qala-ballot #iin').fill(adultIins(1, 300)[0]!);
    await page.locator('qala-ballot #phone').fill('+77015550808');
    await page.locator('qala-ballot').getByRole('button', { name: B['identify.submit'] }).click();
    await step(B['code.title']);
    await page.locator('qala-ballot #code').fill(await newCode(stack, before));
    await page.locator('qala-ballot').getByRole('button', { name: B['code.confirm'] }).click();
    await step(B['ballot.title']);
    await page.locator(`qala-ballot #c-${a.id}`).check();
    await page.locator('qala-ballot').getByRole('button', { name: B['ballot.review'] }).click();
    await step(B['review.title']);

    // Offline at the moment of sending: the ballot waits in the outbox, and says so.
    await context.setOffline(true);
    await page.locator('qala-ballot [part~="submit-button"]').click();
    await step(B['status.queuedTitle']);
    await screenshot(page, 'offline-04-ballot-queued');

    // The page is reloaded while the server is still out of reach: the ballot is still there, still waiting.
    await page.route('**/api/v1/cities/aksu/ballots', (route) => route.abort('internetdisconnected'));
    await context.setOffline(false);
    await page.reload();
    await step(B['status.queuedTitle']);
    const results = async () => (await stack.admin('aksu', '/results')).json;
    assert.equal((await results()).turnout.online, 0, 'nothing has arrived yet');

    // The connection to the server is back: it is sent (by the timer, or by "send now"), exactly once.
    await page.unroute('**/api/v1/cities/aksu/ballots');
    const sendNow = page.locator('qala-ballot button', { hasText: B['status.retry'] });
    if (await sendNow.count()) await sendNow.first().click();
    await step(B['done.title']);
    const receipt = ((await page.locator('qala-ballot [part~="receipt"]').textContent()) ?? '').trim();
    assert.match(receipt, /^[0-9A-HJ-NP-Z]{4}(-[0-9A-HJ-NP-Z]{4}){3}$/);
    await screenshot(page, 'offline-05-ballot-sent');
    assert.equal((await residentCall(stack, 'GET', `/cities/aksu/receipts/${receipt}`)).json.status, 'counted');
    // Live counts may lag by a second; the count made when voting closes holds every ballot, so it tells "exactly one".
    assert.equal((await stack.admin('aksu', '/phases', { phase: 'voting', action: 'close' })).status, 200);
    assert.equal((await stack.admin('aksu', '/phases', { phase: 'results', action: 'open' })).status, 200);
    const final = await results();
    assert.equal(final.mode, 'final');
    assert.equal(final.turnout.online, 1, 'exactly one ballot');
    assert.deepEqual(w.pageErrors, []);
    await context.close();
  });
});
