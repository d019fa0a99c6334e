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
    await page.getByText('Sign in with an admin token').click();
    await page.getByLabel('Admin token').fill('not-a-valid-token-at-all');
    await page.locator('qala-centre #act-signin').click();
    await page.locator('qala-centre #act-signin-msg .field-error').waitFor();
    assert.match(await messageOf(page, 'act-signin'), /not valid/);
    assert.equal((await focusIn(page)).id, 'act-signin');
    assert.deepEqual(await axeWhere(page), [], 'the refused sign-in passes axe');

    await page.getByLabel('Admin token').fill(stack.adminToken('aksu'));
    await page.locator('qala-centre #act-signin').click();
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

    // A paper ballot through the centre (#13): entered as marked, sent with the desk, its receipt counted by the server.
    await page.getByRole('button', { name: 'Paper ballots', exact: true }).click();
    const paperCount = page.locator('qala-centre #paper-count');
    await paperCount.waitFor();
    assert.match(await paperCount.innerText(), /Entered on paper so far: 0 ballots/);
    await page.getByRole('checkbox', { name: /Фонари во дворе/ }).check();
    await page.getByRole('button', { name: 'Add to the batch' }).click();
    await page.getByRole('heading', { name: 'Batch to send: 1 ballot' }).waitFor();
    await page.getByLabel('Desk or polling place').fill('Библиотека № 1');
    await page.getByRole('button', { name: 'Send 1 ballot' }).click();
    const receipt = page.locator('qala-centre .receipts code');
    await receipt.waitFor();
    const receiptCode = (await receipt.innerText()).trim();
    const counted = await (await fetch(`${stack.api}/api/v1/cities/aksu/receipts/${receiptCode}`)).json();
    assert.deepEqual([counted.status, counted.channel], ['counted', 'paper']);
    // A live count may come from the server's snapshot of the last second: ask again for a moment.
    let paper = -1;
    for (let i = 0; i < 30 && paper !== 1; i++) {
      if (i) await new Promise((r) => setTimeout(r, 200));
      paper = (await stack.admin('aksu', '/results')).json.turnout.paper;
    }
    assert.equal(paper, 1, 'the server counts the paper ballot');
    await page.getByText('Entered on paper so far: 1 ballot').waitFor();
    assert.deepEqual(await axeWhere(page), [], 'paper ballots pass axe');
    await page.getByRole('button', { name: 'Phases', exact: true }).click();

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
    assert.equal(await page.locator('qala-centre #token').inputValue(), '', 'the token is not kept in the form');
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

/** The expert council over the staff API: people, sign-in by code, assessments, conflict of interest, the decision, revocation. */
describe('the expert council in the project centre', { timeout: 240_000 }, () => {
  const env = stackAndBrowser('submission');

  it('the council: a coordinator invites an expert, the expert signs in and assesses, declares a conflict on another, the coordinator decides, a revoked expert is refused at once', async () => {
    const { stack, browser } = env;
    const me = await fetch(`${stack.api}/api/v1/admin/cities/aksu/criteria`, { headers: { Authorization: `Bearer ${stack.adminToken('aksu')}` } });
    if (me.status === 404) return; // a server without the staff API yet
    const park = await submitProposal(stack, 'aksu', {
      title: 'Скамейки в сквере у школы',
      description: 'Десять скамеек и урны в сквере у школы № 3, где ждут детей.',
      category: 'improvement',
      address: 'ул. Ленина, 12',
      estimatedCost: 900_000,
      authorName: 'Гүлнар',
      phone: '+77015550111',
    });
    const court = await submitProposal(stack, 'aksu', {
      title: 'Баскетбольная площадка во дворе',
      description: 'Покрытие и два кольца во дворе, где подростки играют на асфальте.',
      category: 'improvement',
      address: 'ул. Ленина, 14',
      estimatedCost: 2_100_000,
      authorName: 'Ерлан',
      phone: '+77015550112',
    });
    // The coordinator (bootstrap token) invites an expert.
    const c = await openPage(browser, { viewport: { width: 1100, height: 900 } });
    await c.page.goto(`${stack.api}/centre/?city=aksu&lang=en`);
    await c.page.getByText('Sign in with an admin token').click();
    await c.page.getByLabel('Admin token').fill(stack.adminToken('aksu'));
    await c.page.locator('qala-centre #act-signin').click();
    await c.page.getByText('Signed in as').waitFor();
    await c.page.getByRole('button', { name: 'People', exact: true }).click();
    await c.page.getByLabel('Name').fill('Айгүл Серікқызы');
    await c.page.getByLabel('Organisation').fill('Акимат, отдел архитектуры');
    await c.page.getByLabel('Phone or e-mail for their codes').fill('+7 701 555 01 99');
    await c.page.getByRole('button', { name: 'Invite', exact: true }).click();
    const link = c.page.locator('qala-centre #invite-link');
    await link.waitFor();
    const inviteUrl = await link.inputValue();
    assert.match(inviteUrl, /\/centre\/\?city=aksu#invite=inv1\./);
    assert.deepEqual(await axeWhere(c.page), [], 'people with an invitation pass axe');

    // The expert accepts the invitation on a phone, in Russian.
    const e = await openPage(browser, { viewport: { width: 360, height: 740 } });
    await e.page.goto(inviteUrl.replace(/^https?:\/\/[^/]+/, stack.api).replace('#invite=', '&lang=ru#invite='));
    await e.page.getByRole('heading', { name: 'Принять приглашение' }).waitFor();
    assert.doesNotMatch(e.page.url(), /invite=/, 'the invitation token leaves the address bar');
    assert.equal(await e.page.getByLabel('Город').inputValue(), 'aksu', 'the link brings the city');
    await e.page.getByRole('button', { name: 'Отправить код' }).click();
    await e.page.locator('qala-centre #signin-code').waitFor();
    await e.page.locator('qala-centre #signin-code').fill(await stack.lastCode());
    await e.page.locator('qala-centre #act-signin-confirm').click();
    await e.page.getByText('Вы вошли как Айгүл Серікқызы').waitFor();

    // The coordinator assigns her to both proposals.
    await c.page.locator('qala-centre #act-refresh').click();
    await c.page.getByText('Up to date.').waitFor();
    await c.page.getByRole('button', { name: 'Proposals', exact: true }).click();
    for (const p of [park, court]) {
      await c.page.locator(`qala-centre #open-${p.id}`).click();
      await c.page.getByLabel('Assign an expert').selectOption({ label: 'Айгүл Серікқызы — Акимат, отдел архитектуры' });
      await c.page.getByRole('button', { name: 'Assign', exact: true }).click();
      await c.page.getByText('Assigned: 1').waitFor();
      await c.page.getByRole('button', { name: 'Back to the queue' }).click();
    }

    // The expert assesses the first and steps aside from the second.
    await e.page.locator('qala-centre #act-refresh').click();
    await e.page.getByText('Данные обновлены.').waitFor();
    await e.page.locator(`qala-centre #open-${park.id}`).click();
    const scales = e.page.locator('qala-centre fieldset.scale');
    await scales.first().waitFor();
    for (let i = 0; i < (await scales.count()); i++) await scales.nth(i).locator('input[type=radio]').last().check();
    await e.page.getByLabel('Принять').check();
    await e.page.getByLabel('Закрытая заметка').fill('Место согласовано, смета реальная.');
    await e.page.getByRole('button', { name: 'Сохранить оценку' }).click();
    await e.page.getByText('Ваша оценка сохранена.').waitFor();
    assert.deepEqual(await axeWhere(e.page), [], 'the assessment passes axe');
    await e.page.getByRole('button', { name: 'Назад к очереди' }).click();
    await e.page.locator(`qala-centre #open-${court.id}`).click();
    await e.page.getByLabel('Причина (необязательно, только для сотрудников)').fill('Мой брат — подрядчик этого двора.');
    await e.page.getByRole('button', { name: 'Заявить о конфликте интересов' }).click();
    // It is for good: asked once more.
    await e.page.getByText('Вы будете исключены из оценки этого предложения насовсем.').waitFor();
    await e.page.getByRole('button', { name: 'Да, заявить о конфликте' }).click();
    await e.page.getByText('вы исключены').first().waitFor();

    // The coordinator reads the summary and decides.
    await c.page.locator('qala-centre #act-refresh').click();
    await c.page.locator(`qala-centre #open-${court.id}`).click();
    await c.page.getByText('conflicts of interest: 1').waitFor();
    await c.page.getByRole('button', { name: 'Back to the queue' }).click();
    await c.page.locator(`qala-centre #open-${park.id}`).click();
    await c.page.getByText('Assigned: 1; assessed: 1').waitFor();
    await c.page.getByText('Место согласовано, смета реальная.').waitFor(); // the coordinator reads the private note
    await c.page.getByLabel('Accept (ready for the ballot)').check();
    await c.page.getByLabel('In Kazakh').fill('Кеңес қолдады: орын келісілген, смета тексерілген.');
    await c.page.getByLabel('In Russian').fill('Совет поддержал: место согласовано, смета проверена.');
    await c.page.getByLabel('Final cost, ₸ (needed to accept)').fill('950000');
    await c.page.getByRole('button', { name: 'Record the decision' }).click();
    await c.page.getByText('The decision is recorded.').waitFor();
    const decided = (await stack.admin('aksu', `/proposals/${park.id}`)).json;
    assert.deepEqual([decided.status, decided.finalCost], ['accepted', 950_000]);
    const publicView = (await fetch(`${stack.api}/api/v1/cities/aksu/proposals/${park.id}`).then((r) => r.json())) as Record<string, unknown>;
    assert.doesNotMatch(JSON.stringify(publicView), /смета реальная|Айгүл/, 'residents see neither the private note nor who assessed');
    assert.deepEqual(publicView.reviewNotes, { kk: 'Кеңес қолдады: орын келісілген, смета тексерілген.', ru: 'Совет поддержал: место согласовано, смета проверена.' }, 'the reason in each language, for residents to read in theirs');

    // Revoked while the expert has the form open: her next action is refused beside its button, the focus on it.
    await e.page.getByRole('button', { name: 'Назад к очереди' }).click();
    await e.page.locator(`qala-centre #open-${park.id}`).click();
    await e.page.getByRole('button', { name: 'Сохранить оценку' }).waitFor();
    await c.page.getByRole('button', { name: 'People', exact: true }).click();
    await c.page.getByRole('button', { name: 'Revoke: Айгүл Серікқызы' }).click();
    await c.page.getByText('can no longer sign in').waitFor();
    await e.page.getByRole('button', { name: 'Сохранить оценку' }).click();
    const refused = e.page.locator(`qala-centre #act-assess-${park.id}-msg .field-error`);
    await refused.waitFor({ state: 'attached' });
    assert.match(await refused.innerText(), /вход закончился/);
    // The sign-in opens over her work (a revoked person cannot get a code): she signs out from it instead.
    await e.page.locator('qala-centre #resign-dialog #signin-contact').waitFor();
    assert.equal((await focusIn(e.page)).id, 'signin-contact');
    await e.page.locator('qala-centre #resign-signout').click();
    await e.page.locator('qala-centre #signin-contact').waitFor();
    assert.equal(await e.page.locator('qala-centre #resign-dialog').count(), 0);
    assert.deepEqual([...c.pageErrors, ...e.pageErrors], []);
    await c.context.close();
    await e.context.close();
  });
});
