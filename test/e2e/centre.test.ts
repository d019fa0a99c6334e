import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { axe, openPage, screenshot, submitProposal, stackAndBrowser } from './support.js';

/**
 * The demo's project-centre page (demo/centre.html) over the real admin API:
 * a person can walk the review, the phases and the winners in a browser.
 */
describe('the project centre demo page', { timeout: 120_000 }, () => {
  const env = stackAndBrowser('submission');

  const proposal = async (id: string) => (await env.stack.admin('aksu', `/proposals/${id}`)).json;
  const done = (page: Page, words: string) => page.waitForFunction((w) => document.getElementById('status')!.textContent!.includes(w), words, { timeout: 15_000 });

  it('signs in with a token, reviews, puts on the ballot, moves the phases, enters paper ballots, marks the winner; errors are shown; payloads stay text', async () => {
    const { stack, browser } = env;
    const payload = '<img src=x onerror="window.__pwned=1">';
    const p = await submitProposal(stack, 'aksu', {
      title: `Фонари во дворе ${payload}`,
      description: 'Шесть фонарей во дворе дома, где вечером темно и играют дети.',
      category: 'improvement',
      address: 'ул. Абая, 3',
      estimatedCost: 1_400_000,
      authorName: 'Асель',
      phone: '+77015550101',
    });
    const other = await submitProposal(stack, 'aksu', {
      title: 'Скамейки у школы',
      description: 'Десять скамеек вдоль дорожки к школе, где родители ждут детей.',
      category: 'improvement',
      address: 'ул. Абая, 10',
      estimatedCost: 600_000,
      authorName: 'Марат',
      phone: '+77015550102',
    });
    const w = await openPage(browser, { viewport: { width: 360, height: 740 } });
    const { page } = w;
    await page.goto(`${stack.origin}/centre.html`);

    // A wrong token says so and lets the person try again.
    await page.fill('#token', 'not-a-token');
    await page.click('#sign-in button');
    await page.waitForFunction(() => document.getElementById('error')!.textContent!.includes('not valid'));
    await page.fill('#token', stack.adminToken('aksu'));
    await page.click('#sign-in button');
    await done(page, 'Signed in');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'city-heading', 'focus goes to the work area');

    const item = page.locator('#proposals li', { hasText: 'Фонари во дворе' });
    await item.waitFor();
    assert.ok((await item.locator('h3').textContent())!.includes(payload), 'the title is shown as text');
    await item.locator('summary').click();

    // Review with a public note.
    await item.locator('textarea').fill('Смета проверена, место согласовано.');
    await item.locator('select[id$="-status"]').selectOption('under_review');
    await item.getByRole('button', { name: 'Set status' }).click();
    await done(page, 'under review: done');
    assert.equal((await proposal(p.id)).status, 'under_review');
    assert.equal((await proposal(p.id)).reviewNote, 'Смета проверена, место согласовано.');

    // Over the cap: the server's refusal is shown, nothing changes.
    const again = page.locator('#proposals li', { hasText: 'Фонари во дворе' });
    await again.locator('summary').click();
    await again.locator('input[type=number]').fill('20000000');
    await again.getByRole('button', { name: 'Put on the ballot' }).click();
    await page.waitForFunction(() => document.getElementById('error')!.textContent!.includes('over_cap'));
    assert.equal((await proposal(p.id)).status, 'under_review');

    await again.locator('input[type=number]').fill('1500000');
    await again.getByRole('button', { name: 'Put on the ballot' }).click();
    await done(page, 'on the ballot: done');
    assert.deepEqual([(await proposal(p.id)).status, (await proposal(p.id)).finalCost, (await proposal(p.id)).poolId], ['on_ballot', 1_500_000, 'city']);
    assert.deepEqual(await axe(page), [], 'the page passes axe');

    // Voting opens; two paper ballots from a desk, entered and sent together, each with a receipt.
    await page.getByRole('button', { name: 'Open voting now' }).click();
    await done(page, 'Opening voting: done');
    const pick = page.locator('#paper-ballot label', { hasText: 'Фонари во дворе' });
    // A mark made on the paper form stays while the person does something else on the page.
    await pick.click();
    const otherItem = page.locator('#proposals li', { hasText: 'Скамейки у школы' });
    await otherItem.locator('summary').click();
    await otherItem.locator('select[id$="-status"]').selectOption('under_review');
    await otherItem.getByRole('button', { name: 'Set status' }).click();
    await done(page, 'under review: done');
    assert.equal((await proposal(other.id)).status, 'under_review');
    assert.equal(await page.locator('#paper-ballot input[data-project]').first().isChecked(), true, 'the half-entered paper ballot is kept');
    for (let i = 0; i < 2; i++) {
      if (i > 0) await pick.click();
      await page.getByRole('button', { name: 'Add this ballot' }).click();
      await done(page, `Ballot ${i + 1} added`);
    }
    assert.equal(await page.locator('#paper-batch li').count(), 2);
    await page.getByRole('button', { name: 'Send 2 ballots' }).click();
    await page.waitForFunction(() => document.getElementById('error')!.textContent!.includes('which desk'));
    await page.fill('#desk', 'Библиотека №1');
    await page.getByRole('button', { name: 'Send 2 ballots' }).click();
    await done(page, '2 paper ballot(s) counted');
    assert.equal(await page.locator('#paper-receipts li').count(), 2);
    assert.match((await page.locator('#paper-receipts').textContent())!, /receipt [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
    // Live results may answer with the count that was running when the ballots arrived (they lag by one count): ask until the next one.
    let turnout: unknown;
    for (let i = 0; i < 50; i++) {
      turnout = (await stack.admin('aksu', '/results')).json.turnout;
      if ((turnout as { total?: number }).total === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(turnout, { online: 0, paper: 2, total: 2 });
    assert.deepEqual(await axe(page), [], 'the page passes axe with the paper ballot form');

    // Then close voting and open results.
    for (const button of ['Close voting now', 'Open results now']) {
      await page.getByRole('button', { name: button }).click();
      await done(page, `${button.startsWith('Open') ? 'Opening' : 'Closing'} ${button.split(' ')[1]}: done`);
    }
    assert.equal((await stack.admin('aksu', '')).json.currentPhase, 'results');

    await page.getByRole('button', { name: 'Mark winners from the count' }).click();
    await done(page, 'Winners marked');
    assert.match((await page.locator('#applied').textContent())!, /^1 winner\(s\), 0 not funded/);
    assert.equal((await proposal(p.id)).status, 'winner');
    assert.match((await page.locator('#audit').textContent())!, /results\.apply/);
    await screenshot(page, 'centre-360');
    const wide = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    assert.ok(wide <= 360, `the page scrolls sideways on a 360px screen (${wide}px wide)`);

    assert.equal(await page.evaluate(() => (window as any).__pwned), undefined, 'no payload ran');
    assert.deepEqual(w.pageErrors, []);
    await w.context.close();
  });
});
