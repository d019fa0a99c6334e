/**
 * Accessibility of the whole cycle on the real server and the built bundle:
 * axe-core (shadow roots included) on every page and state a resident meets,
 * in Kazakh and in Russian — the form empty, with errors and confirmed; the
 * list and its detail dialog; every ballot step (location, verification,
 * code, ballot, review, receipt, already voted); the results — and the whole
 * cycle done with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrows,
 * typing; no clicks, no programmatic focus or fill).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, FileChooser, Page } from 'playwright-core';
import { adultIins } from '../../src/server/testing.js';
import {
  IIN_ADULT,
  RUDNY_INSIDE,
  axeWhere,
  codeCount,
  focused,
  launch,
  newCode,
  openPage,
  png,
  screenshot,
  startStack,
  submitProposal,
  tabTo,
  type FocusInfo,
  type Stack,
  type Watched,
  settled,
  waitBallotStep,
} from './support.js';
import { ballotText, formText, listText, resultsText } from './texts.js';

type Lang = 'kk' | 'ru';

/** Runs axe on the page as it is now and files any violation under the state's name. */
class AxeLog {
  readonly states: string[] = [];
  readonly problems: string[] = [];
  constructor(
    private readonly page: Page,
    private readonly prefix: string,
  ) {}
  async check(state: string): Promise<void> {
    // Let transitions and live-region updates settle before looking.
    await this.page.waitForTimeout(150);
    this.states.push(state);
    for (const v of await axeWhere(this.page)) this.problems.push(`${state}: ${v.id} (${v.impact}) ${v.help}\n      ${v.where.join('\n      ')}`);
    await screenshot(this.page, `a11y-${this.prefix}-${String(this.states.length).padStart(2, '0')}-${state.replace(/[^a-z0-9]+/gi, '-')}`);
  }
  assertClean(): void {
    assert.deepEqual(this.problems, [], `axe violations in ${this.prefix}:\n${this.problems.join('\n')}`);
  }
}

const ballotChoice = (id: string) => (f: FocusInfo) => f.host === 'ballot' && f.id === `c-${id}`;
const button = (host: string, text: string) => (f: FocusInfo) => f.host === host && f.tag === 'button' && (f.text === text || f.label === text);

describe('accessibility', { timeout: 200_000 }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  describe('axe on every state of the cycle', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack({ phase: 'submission' });
    });
    after(async () => {
      await stack?.close();
    });

    const runs: { lang: Lang; city: 'aksu' | 'rudny'; cycleId: string; category: string; poolId: string; iin: string; geolocation?: typeof RUDNY_INSIDE }[] = [
      { lang: 'kk', city: 'aksu', cycleId: 'aksu-2026', category: 'sport', poolId: 'city', iin: IIN_ADULT },
      { lang: 'ru', city: 'rudny', cycleId: 'rudny-2026', category: 'infrastructure', poolId: 'infrastructure', iin: adultIins(2)[1]!, geolocation: RUDNY_INSIDE },
    ];
    for (const run of runs) {
      it(`${run.lang} (${run.city}): form, list and dialog, every ballot step, results — zero violations`, async () => {
        const F = formText[run.lang];
        const B = ballotText[run.lang];
        const w: Watched = await openPage(browser, { locale: `${run.lang}-KZ`, ...(run.geolocation ? { geolocation: run.geolocation } : {}) });
        const { page } = w;
        const log = new AxeLog(page, `${run.lang}-${run.city}`);
        const other = await submitProposal(stack, run.city, {
          title: run.lang === 'kk' ? 'Спорт алаңын жөндеу' : 'Ремонт спортивной площадки',
          description: run.lang === 'kk' ? 'Мектеп жанындағы спорт алаңының жабынын ауыстыру.' : 'Заменить покрытие спортивной площадки у школы.',
          category: run.category,
          address: run.lang === 'kk' ? 'Абай көшесі, 5' : 'ул. Абая, 5',
          estimatedCost: 2_000_000,
          authorName: 'Нұрлан',
          phone: run.city === 'aksu' ? '+77017770001' : '+77017770002',
        });
        const url = `${stack.origin}/pages/cycle.html?city=${run.city}&lang=${run.lang}`;
        await page.goto(url);
        await settled(page);
        await log.check('form empty, list, ballot not open, results not published');

        const form = (sel: string) => page.locator(`qala-proposal-form ${sel}`);
        await form('[part~="submit-button"]').click();
        await form('.field-error').first().waitFor();
        assert.equal(await form('[aria-invalid="true"]').count() > 3, true, 'the empty form marks its fields invalid');
        await log.check('form with errors');

        await form('#f-title').fill(run.lang === 'kk' ? 'Аялдамаға шатыр' : 'Навес на остановке');
        await form('#f-description').fill(run.lang === 'kk' ? 'Аялдамаға жаңбырдан қорғайтын шатыр мен орындық орнату.' : 'Поставить на остановке навес от дождя и скамейку.');
        await form('#f-category').selectOption(run.category);
        await form('#f-address').fill(run.lang === 'kk' ? 'Бейбітшілік көшесі, 2' : 'ул. Мира, 2');
        await form('#f-cost').fill('900000');
        const [chooser] = await Promise.all([page.waitForEvent('filechooser'), form('#f-photos').click()]);
        await chooser.setFiles({ name: 'stop.png', mimeType: 'image/png', buffer: png(400, 300) });
        await form('.photo img').waitFor();
        await form('#f-author').fill('Гүлнар');
        await form('#f-phone').fill(run.city === 'aksu' ? '+77017770003' : '+77017770004');
        await form('#f-consent').check();
        await log.check('form filled, with a photo');
        await form('[part~="submit-button"]').click();
        await form('#result-heading').waitFor({ timeout: 15_000 });
        assert.equal((await form('#result-heading').textContent())?.trim(), F['done.heading']);
        await log.check('form confirmation');
        const id = ((await form('.id').textContent()) ?? '').trim();

        // Review: on the ballot, with a note; the other one rejected with a reason.
        assert.equal((await stack.admin(run.city, `/proposals/${id}/status`, { status: 'under_review', note: run.lang === 'kk' ? 'Қаралуда.' : 'На рассмотрении.' })).status, 200);
        assert.equal((await stack.admin(run.city, `/proposals/${id}/ballot`, { poolId: run.poolId, finalCost: 950_000 })).status, 200);
        assert.equal((await stack.admin(run.city, `/proposals/${other.id}/status`, { status: 'rejected', note: run.lang === 'kk' ? 'Жер учаскесі бос емес.' : 'Участок занят.' })).status, 200);
        await page.reload();
        await settled(page);
        await log.check('list with statuses and a reason');
        await page.locator(`qala-proposal-list button[data-id="${id}"]`).click();
        await page.locator('qala-proposal-list dialog[open] #detail-title').waitFor();
        await log.check('list detail dialog');
        await page.keyboard.press('Escape');

        assert.equal((await stack.admin(run.city, '/phases', { phase: 'voting', action: 'open' })).status, 200);
        await page.goto(`${url}&only=ballot,results`);
        await settled(page);
        const ballot = page.locator('qala-ballot');
        if (run.geolocation) {
          await waitBallotStep(page, B['location.title']);
          await log.check('ballot: location');
          await ballot.getByRole('button', { name: B['location.share'] }).click();
        }
        await waitBallotStep(page, B['identify.title']);
        await log.check('ballot: verification');
        await page.locator('qala-ballot #iin').fill('123');
        await ballot.getByRole('button', { name: B['identify.submit'] }).click();
        await page.locator('qala-ballot #iin[aria-invalid="true"]').waitFor();
        await log.check('ballot: verification with errors');
        let before = codeCount(stack);
        await page.locator('qala-ballot #iin').fill(run.iin);
        await page.locator('qala-ballot #phone').fill('+77017770101');
        await ballot.getByRole('button', { name: B['identify.submit'] }).click();
        await waitBallotStep(page, B['code.title']);
        await log.check('ballot: code');
        await page.locator('qala-ballot #code').fill(await newCode(stack, before));
        await ballot.getByRole('button', { name: B['code.confirm'] }).click();
        await waitBallotStep(page, B['ballot.title']);
        await log.check('ballot: ballot');
        await ballot.getByRole('button', { name: B['ballot.review'] }).click();
        await page.locator('qala-ballot #ballot-errors').waitFor();
        await log.check('ballot: ballot with an error (nothing chosen)');
        await page.locator(`qala-ballot #c-${id}`).check();
        await ballot.getByRole('button', { name: B['ballot.review'] }).click();
        await waitBallotStep(page, B['review.title']);
        await log.check('ballot: review');
        await page.locator('qala-ballot [part~="submit-button"]').click();
        await waitBallotStep(page, B['done.title']);
        await log.check('ballot: receipt');
        await ballot.getByRole('button', { name: B['done.nextVoter'] }).click();
        if (run.geolocation) {
          await waitBallotStep(page, B['location.title']);
          await ballot.getByRole('button', { name: B['location.share'] }).click();
        }
        await waitBallotStep(page, B['identify.title']);
        before = codeCount(stack);
        await page.locator('qala-ballot #iin').fill(run.iin);
        await page.locator('qala-ballot #phone').fill('+77017770102');
        await ballot.getByRole('button', { name: B['identify.submit'] }).click();
        await waitBallotStep(page, B['code.title']);
        await page.locator('qala-ballot #code').fill(await newCode(stack, before));
        await ballot.getByRole('button', { name: B['code.confirm'] }).click();
        await waitBallotStep(page, B['voted.title']);
        await log.check('ballot: already voted');

        assert.equal((await stack.admin(run.city, '/phases', { phase: 'voting', action: 'close' })).status, 200);
        assert.equal((await stack.admin(run.city, '/phases', { phase: 'results', action: 'open' })).status, 200);
        await page.goto(url);
        await settled(page);
        assert.equal((await page.locator('qala-results [part~="mode"]').textContent())?.trim(), resultsText[run.lang]['mode.final']);
        await log.check('results, list with votes, ballot closed, form closed');

        assert.ok(log.states.length >= (run.geolocation ? 15 : 14), `states checked: ${log.states.join(', ')}`);
        log.assertClean();
        assert.deepEqual(w.pageErrors, []);
        await w.context.close();
      });
    }
  });

  it('the whole cycle with the keyboard alone (kk, Aksu)', async () => {
    const stack = await startStack({ phase: 'submission' });
    try {
      const F = formText.kk;
      const L = listText.kk;
      const B = ballotText.kk;
      const w: Watched = await openPage(browser, { locale: 'kk-KZ' });
      const { page } = w;
      const kb = page.keyboard;
      // Playwright intercepts file choosers only once a listener is on, and turns that on
      // asynchronously: a bare key press right after `waitForEvent` could beat it (seen on CI),
      // and Chrome then opens a dialog nobody sees. So listen from the start.
      const choosers: FileChooser[] = [];
      page.on('filechooser', (c) => choosers.push(c));
      const nextChooser = async () => {
        for (let waited = 0; !choosers.length; waited += 50) {
          if (waited > 20_000) throw new Error('Enter on the add-photo button opened no file chooser');
          await new Promise((r) => setTimeout(r, 50));
        }
        return choosers.shift()!;
      };
      const base = `${stack.origin}/pages/cycle.html?city=aksu&lang=kk`;
      const title = 'Аулаға жарық шамдар';

      // ——— The form ———
      await page.goto(`${base}&only=form`);
      await settled(page);
      // Sending the empty form puts the focus on the first field to fix.
      await tabTo(page, (f) => f.host === 'form' && f.tag === 'button' && f.text === F.submit, 'the send button');
      await kb.press('Enter');
      await page.waitForFunction(() => !!document.querySelector('qala-proposal-form')!.shadowRoot!.querySelector('#f-title[aria-invalid="true"]'));
      assert.equal((await focused(page)).id, 'f-title', 'focus goes to the first invalid field');
      await kb.type(title);
      await tabTo(page, (f) => f.id === 'f-description', 'the description');
      await kb.type('Аулаға алты шам орнату: кешке балалар қараңғыда ойнайды.');
      await tabTo(page, (f) => f.id === 'f-category', 'the category');
      await kb.press('ArrowDown');
      const category = await page.evaluate(() => (document.querySelector('qala-proposal-form')!.shadowRoot!.querySelector('#f-category') as HTMLSelectElement).value);
      assert.equal(category, 'improvement', 'arrow keys choose a category');
      await tabTo(page, (f) => f.id === 'f-address', 'the address');
      await kb.type('Бейбітшілік көшесі, 12');
      await tabTo(page, (f) => f.id === 'f-cost', 'the cost');
      await kb.type('2500000');
      await tabTo(page, (f) => f.id === 'f-photos', 'the add-photo button');
      await kb.press('Enter');
      const chooser = await nextChooser();
      await chooser.setFiles({ name: 'yard.png', mimeType: 'image/png', buffer: png(300, 200) });
      await page.locator('qala-proposal-form .photo img').waitFor();
      await tabTo(page, (f) => f.id === 'f-author', 'the author name');
      await kb.type('Ержан');
      await tabTo(page, (f) => f.id === 'f-phone', 'the phone');
      await kb.type('87017770201');
      await tabTo(page, (f) => f.id === 'f-consent', 'the consent box');
      await kb.press('Space');
      await tabTo(page, (f) => f.host === 'form' && f.tag === 'button' && f.text === F.submit, 'the send button');
      await kb.press('Enter');
      await page.locator('qala-proposal-form #result-heading').waitFor({ timeout: 15_000 });
      assert.equal((await focused(page)).id, 'result-heading', 'focus moves to the confirmation');
      const id = ((await page.locator('qala-proposal-form .id').textContent()) ?? '').trim();
      await screenshot(page, 'keyboard-01-form-sent');

      // ——— The council reviews; the list by keyboard: open the details, close them, focus comes back ———
      assert.equal((await stack.admin('aksu', `/proposals/${id}/status`, { status: 'under_review', note: 'Сметасы тексерілді.' })).status, 200);
      assert.equal((await stack.admin('aksu', `/proposals/${id}/ballot`, { poolId: 'city', finalCost: 2_600_000 })).status, 200);
      await page.goto(`${base}&only=list`);
      await settled(page);
      await tabTo(page, (f) => f.host === 'list' && f.tag === 'button' && f.text === title, 'the proposal in the list', { max: 40 });
      await kb.press('Enter');
      await page.locator('qala-proposal-list dialog[open]').waitFor();
      await page.waitForFunction(() => document.querySelector('qala-proposal-list')!.shadowRoot!.activeElement?.id === 'detail-title');
      assert.ok(((await page.locator('qala-proposal-list dialog[open]').textContent()) ?? '').includes(L['status.on_ballot']));
      await screenshot(page, 'keyboard-02-list-detail');
      // Tab reaches the modal dialog's close button; Enter on it closes the dialog.
      await tabTo(page, (f) => f.host === 'list' && f.tag === 'button' && f.label === L.close, 'the dialog’s close button', { max: 10 });
      await kb.press('Enter');
      await page.waitForFunction(() => !document.querySelector('qala-proposal-list')!.shadowRoot!.querySelector('dialog[open]'));
      const back = await focused(page);
      assert.equal(back.text, title, 'closing the dialog returns focus to the proposal');

      // ——— Voting, by keyboard ———
      assert.equal((await stack.admin('aksu', '/phases', { phase: 'voting', action: 'open' })).status, 200);
      await page.goto(`${base}&only=ballot`);
      await settled(page);
      const verify = async (phone: string) => {
        await tabTo(page, (f) => f.id === 'iin', 'the IIN field');
        await kb.type(IIN_ADULT);
        await tabTo(page, (f) => f.id === 'phone', 'the phone field');
        await kb.type(phone);
        const before = codeCount(stack);
        await kb.press('Enter');
        await waitBallotStep(page, B['code.title']);
        assert.equal((await focused(page)).id, 'code', 'focus goes to the code field');
        await kb.type(await newCode(stack, before));
        await kb.press('Enter');
      };
      await verify('+77017770202');
      await waitBallotStep(page, B['ballot.title']);
      assert.equal((await focused(page)).text, B['ballot.title'], 'focus on the ballot’s heading');
      await tabTo(page, ballotChoice(id), 'the project’s checkbox', { max: 20 });
      await kb.press('Space');
      assert.ok(await page.locator(`qala-ballot #c-${id}`).isChecked(), 'Space picks the project');
      await tabTo(page, button('ballot', B['ballot.review']), 'the review button', { max: 20 });
      await kb.press('Enter');
      await waitBallotStep(page, B['review.title']);
      await tabTo(page, button('ballot', B['review.submit']), 'the send button', { max: 20 });
      // Shift+Tab goes back to "back to the ballot", Tab returns to "send".
      await kb.press('Shift+Tab');
      assert.notEqual((await focused(page)).text, B['review.submit']);
      await kb.press('Tab');
      assert.equal((await focused(page)).text, B['review.submit']);
      await kb.press('Enter');
      await waitBallotStep(page, B['done.title']);
      const receipt = ((await page.locator('qala-ballot [part~="receipt"]').textContent()) ?? '').trim();
      assert.match(receipt, /^[0-9A-HJ-NP-Z]{4}(-[0-9A-HJ-NP-Z]{4}){3}$/);
      await screenshot(page, 'keyboard-03-receipt');

      // The same person again: told they have voted, with their receipt.
      await tabTo(page, button('ballot', B['done.nextVoter']), 'the next-voter button', { max: 20 });
      await kb.press('Enter');
      await waitBallotStep(page, B['identify.title']);
      await verify('+77017770203');
      await waitBallotStep(page, B['voted.title']);
      assert.equal(((await page.locator('qala-ballot [part~="receipt"]').textContent()) ?? '').trim(), receipt);

      // ——— Results, by keyboard: the table is reachable and scrollable, the rule can be folded ———
      assert.equal((await stack.admin('aksu', '/phases', { phase: 'voting', action: 'close' })).status, 200);
      assert.equal((await stack.admin('aksu', '/phases', { phase: 'results', action: 'open' })).status, 200);
      await page.goto(`${base}&only=results`);
      await settled(page);
      const R = resultsText.kk;
      await tabTo(page, (f) => f.host === 'results' && f.tag === 'summary', 'the counting rule', { max: 10 });
      const open = () => page.evaluate(() => (document.querySelector('qala-results')!.shadowRoot!.querySelector('details[part~="rule"]') as HTMLDetailsElement).open);
      const wasOpen = await open();
      await kb.press('Enter');
      assert.equal(await open(), !wasOpen, 'Enter folds and unfolds the rule');
      // The table sits in a focusable region, so it can be scrolled with the arrow keys on a narrow screen.
      const region = await tabTo(page, (f) => f.host === 'results' && f.tag === 'div' && f.text.includes(title), 'the results table', { max: 10 });
      assert.ok(region.text.includes(R['table.funded']), 'the winner is funded');
      await screenshot(page, 'keyboard-04-results');
      assert.deepEqual(w.pageErrors, []);
      await w.context.close();
    } finally {
      await stack.close();
    }
  });
});
