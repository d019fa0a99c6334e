import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { axeWhere, openPage, screenshot, submitProposal, stackAndBrowser } from './support.js';

/** The focused element inside <qala-centre>: its id and text. */
const focusIn = (page: Page) =>
  page.evaluate(() => {
    const a = document.querySelector('qala-centre')!.shadowRoot!.activeElement as HTMLElement | null;
    return { id: a?.id ?? '', text: (a?.textContent ?? '').trim() };
  });
/** The text of an action's message, right after its button. */
const messageOf = (page: Page, buttonId: string) => page.locator(`qala-centre #${buttonId}-msg`).innerText();

/**
 * The project centre (`/centre/`, `<qala-centre>`) against the real server:
 * a person signs in, reviews, merges, moves a phase after reading what it
 * does, and sees a refused action's reason beside its button.
 */
describe('the project centre', { timeout: 180_000 }, () => {
  const env = stackAndBrowser('submission');
  const proposal = async (id: string) => (await env.stack.admin('aksu', `/proposals/${id}`)).json;

  it('signs in with a token, merges through the UI, shows a refused action beside its button, confirms a phase change; kk labels, 360 px, axe', async () => {
    const { stack, browser } = env;
    const payload = '<img src=x onerror="window.__pwned=1">';
    const lights = await submitProposal(stack, 'aksu', {
      title: `Фонари во дворе ${payload}`,
      description: 'Шесть фонарей во дворе дома, где вечером темно и играют дети.',
      category: 'improvement',
      address: 'ул. Абая, 3',
      estimatedCost: 1_400_000,
      authorName: 'Асель',
      phone: '+77015550101',
    });
    const duplicate = await submitProposal(stack, 'aksu', {
      title: 'Освещение двора на Абая',
      description: 'Во дворе на Абая 3 нет света, нужны фонари у детской площадки.',
      category: 'improvement',
      address: 'ул. Абая, 3',
      estimatedCost: 1_200_000,
      authorName: 'Марат',
      phone: '+77015550102',
    });
    const w = await openPage(browser, { viewport: { width: 360, height: 740 } });
    const { page } = w;
    // The admin API is same-origin only: the centre is served by the server itself.
    await page.goto(`${stack.api}/centre/?city=aksu&lang=en`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.deepEqual(await axeWhere(page), [], 'sign-in passes axe');

    // A wrong token: the refusal is beside the button, the focus on it.
    await page.getByLabel('Admin token').fill('not-a-valid-token-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('qala-centre #act-signin-msg .field-error').waitFor();
    assert.match(await messageOf(page, 'act-signin'), /not valid/);
    assert.equal((await focusIn(page)).id, 'act-signin');
    assert.deepEqual(await axeWhere(page), [], 'the refused sign-in passes axe');

    await page.getByLabel('Admin token').fill(stack.adminToken('aksu'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as').waitFor();
    assert.equal((await focusIn(page)).id, 'who', 'the focus goes to who is signed in');
    const card = page.locator('qala-centre li.proposal', { hasText: 'Фонари во дворе' });
    await card.waitFor();
    assert.ok((await card.locator('h3').textContent())!.includes(payload), 'the title is shown as text');
    assert.match(await card.innerText(), /Public space/, 'the category by its name');
    assert.doesNotMatch(await card.innerText(), /\bimprovement\b|submitted/, 'no raw ids');
    assert.deepEqual(await axeWhere(page), [], 'the queue passes axe');

    // Merge the duplicate into the first, with the reason.
    await page.locator('qala-centre li.proposal', { hasText: 'Освещение двора' }).getByRole('button').click();
    await page.locator('qala-centre #review-heading').waitFor();
    assert.equal((await focusIn(page)).id, 'review-heading');
    assert.deepEqual(await axeWhere(page), [], 'the review passes axe');
    await page.getByLabel('Merge into').selectOption(lights.id);
    await page.getByLabel('Reason for the merge (public)').fill('Одно и то же место: объединили с предложением Асель.');
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByText('Merged into “Фонари во дворе').waitFor();
    const merged = await proposal(duplicate.id);
    assert.deepEqual([merged.status, merged.mergedInto, merged.reviewNote], ['merged', lights.id, 'Одно и то же место: объединили с предложением Асель.']);
    assert.equal((await focusIn(page)).id, 'review-heading', 'the focus stays in the review after the merge form goes');
    await page.getByRole('button', { name: 'Back to the queue' }).click();

    // Over the pool's cap: refused, the reason beside "Put on the ballot", the focus on it, the typed cost kept.
    await card.getByRole('button').click();
    await page.getByLabel('Final cost, ₸ (optional)').fill('20000000');
    await page.getByRole('button', { name: 'Put on the ballot' }).click();
    const ballotButton = `act-ballot-${lights.id}`;
    await page.locator(`qala-centre #${ballotButton}-msg .field-error`).waitFor();
    assert.match(await messageOf(page, ballotButton), /at most/);
    assert.equal((await focusIn(page)).id, ballotButton, 'the focus stays on the button');
    assert.equal(await page.getByLabel('Final cost, ₸ (optional)').inputValue(), '20000000', 'what was typed is kept');
    assert.equal((await proposal(lights.id)).status, 'submitted');
    assert.deepEqual(await axeWhere(page), [], 'the refused action passes axe');
    await screenshot(page, 'centre-refused-360');

    // Phases: opening voting says what it does; cancelling changes nothing.
    await page.getByRole('button', { name: 'Back to the queue' }).click();
    await page.getByRole('button', { name: 'Phases', exact: true }).click();
    const openVoting = page.getByRole('button', { name: 'Open “Voting” now' });
    await openVoting.click();
    const dialog = page.locator('qala-centre dialog[open]');
    await dialog.waitFor();
    const said = await dialog.innerText();
    assert.match(said, /1 proposal still awaiting/);
    assert.match(said, /The ballot is empty/);
    assert.match(said, /These stages end now: Accepting proposals, Expert review/);
    assert.deepEqual(await axeWhere(page), [], 'the confirmation passes axe');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' }).catch(() => dialog.waitFor({ state: 'hidden' }));
    assert.equal((await focusIn(page)).id, 'act-phase-voting', 'the focus returns to the button');
    assert.equal((await stack.admin('aksu', '')).json.currentPhase, 'submission');

    // Put it on the ballot, then open voting for real.
    await page.getByRole('button', { name: 'Proposals', exact: true }).click();
    await card.getByRole('button').click();
    await page.getByLabel('Final cost, ₸ (optional)').fill('1500000');
    await page.getByRole('button', { name: 'Put on the ballot' }).click();
    await page.getByText('The proposal is on the ballot.').waitFor();
    assert.deepEqual([(await proposal(lights.id)).status, (await proposal(lights.id)).finalCost], ['on_ballot', 1_500_000]);
    await page.getByRole('button', { name: 'Back to the queue' }).click();
    await page.getByRole('button', { name: 'Phases', exact: true }).click();
    await openVoting.click();
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /1 project on the ballot/);
    await page.getByRole('button', { name: 'Yes, open “Voting”' }).click();
    await page.getByText('“Voting” is open.').waitFor();
    assert.equal((await stack.admin('aksu', '')).json.currentPhase, 'voting');

    // Kazakh: labels, statuses, categories and phases in words.
    await page.getByRole('button', { name: 'Қазақша' }).click();
    await page.getByRole('heading', { name: 'Цикл кезеңдері' }).waitFor();
    await page.getByRole('button', { name: 'Ұсыныстар', exact: true }).click();
    await page.getByRole('button', { name: /Барлығы/ }).click();
    const kkCard = await card.innerText();
    assert.match(kkCard, /Дауыс беруде/, 'the status in Kazakh');
    assert.match(kkCard, /Абаттандыру/, 'the category in Kazakh');
    assert.doesNotMatch(kkCard, /on_ballot|improvement/);
    assert.deepEqual(await axeWhere(page), [], 'the Kazakh queue passes axe');
    await page.getByRole('button', { name: 'Қараңғы тақырып' }).click();
    assert.deepEqual(await axeWhere(page), [], 'the dark theme passes axe');
    await screenshot(page, 'centre-kk-dark-360');
    const wide = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    assert.ok(wide <= 360, `the page scrolls sideways on a 360px screen (${wide}px wide)`);

    // Signing out forgets the token.
    await page.getByRole('button', { name: 'Шығу' }).click();
    await page.getByRole('heading', { name: 'Кіру' }).waitFor();
    assert.equal(await page.evaluate(() => (window as any).__pwned), undefined, 'no payload ran');
    assert.deepEqual(w.pageErrors, []);
    await w.context.close();
  });

  it('the old demo address leads to the centre', async () => {
    const res = await fetch(`${env.stack.api}/centre`, { redirect: 'manual' });
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), '/centre/');
    const page = await fetch(`${env.stack.api}/centre/`);
    assert.match(await page.text(), /<qala-centre/);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  });
});
