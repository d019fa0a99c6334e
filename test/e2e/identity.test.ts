import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { adultIins } from '../../src/server/testing.js';
import { IIN_ADULT, axe, launch, openPage, startStack, type Stack } from './support.js';

/**
 * Proving the person, in a browser on the real server: the project centre
 * uploads the voter list on its page; residents then vote by the list (the
 * code to the listed phone) or by signing in with a real OpenID Connect
 * provider; someone who knows a neighbour's IIN gets nowhere.
 */

const done = (page: Page, words: string) => page.waitForFunction((w) => document.getElementById('status')!.textContent!.includes(w), words, { timeout: 15_000 });

describe('identity: the voter list', { timeout: 180_000 }, () => {
  let stack: Stack;
  let browser: Browser;
  before(async () => {
    stack = await startStack({ phase: 'submission', identity: { method: 'voter_list' } });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('the centre uploads a list from a CSV file on a phone-sized screen: refused rows by line, never their values; axe-clean', async () => {
    const [second, third] = adultIins(2, 1200);
    const bad = IIN_ADULT.slice(0, 11) + ((Number(IIN_ADULT[11]) + 1) % 10);
    const w = await openPage(browser, { viewport: { width: 360, height: 740 } });
    const { page } = w;
    await page.goto(`${stack.origin}/centre.html`);
    await page.fill('#token', stack.adminToken('aksu'));
    await page.click('#sign-in button');
    await done(page, 'Signed in');
    await page.waitForFunction(() => document.getElementById('voters-summary')!.textContent!.includes('0 residents'));
    assert.match((await page.locator('#voters-method').textContent())!, /voter list/);

    const csv = ['IIN,Phone,District', `${IIN_ADULT},+7 701 222 33 44,`, `${bad},+77012223345`, `${second},555`, `${third},8 (701) 222-33-46`].join('\n');
    await page.setInputFiles('#voters-file', { name: 'voters.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload the list' }).click();
    await done(page, 'Voter list: 2 added');
    const report = (await page.locator('#voters-report').textContent())!;
    assert.match(report, /line 3: the IIN check digit is wrong/);
    assert.match(report, /line 4: not a Kazakh mobile number/);
    for (const value of [bad, second!, '555', '2223345']) assert.ok(!report.includes(value), 'the report shows no value of a refused row');
    await page.waitForFunction(() => document.getElementById('voters-summary')!.textContent!.includes('2 residents'));
    assert.deepEqual(await axe(page), [], 'the centre page with the voter list passes axe');

    // Take one off again with "remove".
    await page.setInputFiles('#voters-file', { name: 'off.csv', mimeType: 'text/csv', buffer: Buffer.from(`${third}\n`) });
    await page.locator('input[name=mode][value=remove]').check();
    await page.getByRole('button', { name: 'Upload the list' }).click();
    await done(page, '1 removed');
    assert.equal((await stack.admin('aksu', '/voter-list')).json.total, 1);
    const wide = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    assert.ok(wide <= 360, `the page scrolls sideways on a 360px screen (${wide}px wide)`);
    assert.deepEqual(w.pageErrors, []);
    await w.context.close();
  });
});
