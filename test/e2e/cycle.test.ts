/**
 * The whole cycle of one town, as its people live it, on the real server and
 * the built bundle: a resident submits a proposal with a photo → the expert
 * council reviews it, costs it and puts it on the ballot, and opens voting →
 * a resident verifies and votes → the same person cannot vote twice → voting
 * closes, results open → the results show the winner and why, the list shows
 * what became of every proposal.
 *
 * Twice: in Kazakh for Aksu (approval ballot, re-voting allowed) on a desktop,
 * and in Russian for Rudny (single choice, geolocation check, final ballots)
 * on a 360×740 phone. Screenshots of every step go to test-results/e2e/.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { adultIins } from '../../src/server/testing.js';
import {
  ARTIFACTS,
  IIN_ADULT,
  RUDNY_INSIDE,
  codeCount,
  focused,
  newCode,
  openPage,
  png,
  residentCall,
  submitProposal,
  verifyVoter,
  type Watched,
  waitBallotStep,
  settled,
  stackAndBrowser,
} from './support.js';
import { ballotText, formText, listText, resultsText } from './texts.js';

type Lang = 'kk' | 'ru';

interface Run {
  city: 'aksu' | 'rudny';
  cycleId: string;
  lang: Lang;
  viewport: { width: number; height: number };
  geolocation?: { latitude: number; longitude: number };
  category: string;
  district?: string;
  poolId: string;
  iin: string;
  proposal: { title: string; description: string; address: string; cost: string; author: string; phone: string };
  finalCost: number;
  revote: 'until_close' | 'final';
}

const RUNS: Run[] = [
  {
    city: 'aksu',
    cycleId: 'aksu-2026',
    lang: 'kk',
    viewport: { width: 1280, height: 900 },
    category: 'improvement',
    district: 'town',
    poolId: 'city',
    iin: IIN_ADULT,
    proposal: {
      title: 'Мектеп жанындағы саябаққа орындықтар',
      description: '№2 мектеп жанындағы аллеяға он орындық пен екі қоқыс жәшігін орнату. Қазір ата-аналар мен балалар отыратын жер жоқ.',
      address: 'Абай көшесі, 10',
      cost: '1500000',
      author: 'Әсел Қ.',
      phone: '8 701 555 01 01',
    },
    finalCost: 1_800_000,
    revote: 'until_close',
  },
  {
    city: 'rudny',
    cycleId: 'rudny-2026',
    lang: 'ru',
    viewport: { width: 360, height: 740 },
    geolocation: RUDNY_INSIDE,
    category: 'infrastructure',
    poolId: 'infrastructure',
    iin: adultIins(3)[2]!,
    proposal: {
      title: 'Освещение пешеходной дорожки к парку',
      description: 'Поставить двенадцать фонарей вдоль дорожки от улицы Ленина к парку: вечером там темно, дети идут из секций.',
      address: 'ул. Ленина, 45',
      cost: '7500000',
      author: 'Игорь П.',
      phone: '+7 702 555 02 02',
    },
    finalCost: 8_200_000,
    revote: 'final',
  },
];

/** Text of the current ballot step's heading (the element that gets focus after each step). */
async function ballotStep(page: Page): Promise<string> {
  const heading = page.locator('qala-ballot [data-step-heading]');
  await heading.waitFor();
  return ((await heading.textContent()) ?? '').trim();
}

async function noHorizontalScroll(page: Page, width: number): Promise<void> {
  const scroll = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  assert.ok(scroll <= width, `the page scrolls sideways on a ${width}px screen (${scroll}px wide)`);
}

describe('the whole cycle', { timeout: 200_000 }, () => {
  before(() => mkdirSync(ARTIFACTS, { recursive: true }));
  const env = stackAndBrowser('submission');

  for (const run of RUNS) {
    const name = `${run.lang}-${run.city}-${run.viewport.width}`;
    it(`${run.lang}, ${run.city}, ${run.viewport.width}×${run.viewport.height}: submit → review → vote → same person again → results`, async () => {
      const { stack, browser } = env;
      const F = formText[run.lang];
      const L = listText[run.lang];
      const B = ballotText[run.lang];
      const R = resultsText[run.lang];
      const w: Watched = await openPage(browser, { viewport: run.viewport, locale: run.lang === 'kk' ? 'kk-KZ' : 'ru-KZ', ...(run.geolocation ? { geolocation: run.geolocation } : {}) });
      const { page } = w;
      const url = `${stack.origin}/pages/cycle.html?city=${run.city}&lang=${run.lang}`;
      // The widget the step is about (the whole page is long on a phone); the open dialog as the viewport shows it.
      const shot = async (step: string, widget?: 'form' | 'list' | 'ballot' | 'results') => {
        const path = join(ARTIFACTS, `cycle-${name}-${step}.png`);
        if (widget) await page.locator(`#s-${widget}`).screenshot({ path });
        else await page.screenshot({ path });
      };

      // Two other residents' proposals: one will compete on the ballot, one will be turned down.
      const rival = await submitProposal(stack, run.city, {
        title: run.lang === 'kk' ? 'Аулаға балалар алаңы' : 'Детская площадка во дворе',
        description: run.lang === 'kk' ? 'Көпқабатты үйлер арасындағы аулаға балалар алаңын салу.' : 'Построить детскую площадку во дворе между многоэтажками.',
        category: run.category,
        address: run.lang === 'kk' ? 'Достық көшесі, 3' : 'ул. Дружбы, 3',
        estimatedCost: 3_000_000,
        authorName: 'Марат',
        phone: `+7705${randomBytes(4).readUInt32BE() % 10_000_000}`.padEnd(12, '0'),
      });
      const turnedDown = await submitProposal(stack, run.city, {
        title: run.lang === 'kk' ? 'Қала орталығында фонтан' : 'Фонтан в центре города',
        description: run.lang === 'kk' ? 'Орталық алаңда үлкен фонтан салу, түнде жарықпен.' : 'Построить большой фонтан на центральной площади с подсветкой.',
        category: run.category,
        address: run.lang === 'kk' ? 'Орталық алаң' : 'Центральная площадь',
        estimatedCost: 4_000_000,
        authorName: 'Айгүл',
        phone: `+7706${randomBytes(4).readUInt32BE() % 10_000_000}`.padEnd(12, '0'),
      });

      // ——— 1. A resident submits a proposal with a photo ———
      await page.goto(url);
      await settled(page);
      assert.equal(await page.locator('qala-proposal-form #form-heading').textContent(), F.heading);
      await shot('01-form', 'form');
      const form = (sel: string) => page.locator(`qala-proposal-form ${sel}`);
      await form('#f-title').fill(run.proposal.title);
      await form('#f-description').fill(run.proposal.description);
      await form('#f-category').selectOption(run.category);
      if (run.district) await form('#f-district').selectOption(run.district);
      await form('#f-address').fill(run.proposal.address);
      await form('#f-cost').fill(run.proposal.cost);
      assert.match((await form('#f-cost').inputValue()).replace(/\s/g, ' '), /^\d{1,3}( \d{3})+$/, 'the cost is grouped as it is typed');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), form('#f-photos').click()]);
      await chooser.setFiles({ name: 'place.png', mimeType: 'image/png', buffer: png(900, 600) });
      await form('.photo img').waitFor();
      await form('#f-author').fill(run.proposal.author);
      await form('#f-phone').fill(run.proposal.phone);
      await form('#f-consent').check();
      await shot('02-form-filled', 'form');
      await form('[part~="submit-button"]').click();
      await form('#result-heading').waitFor({ timeout: 15_000 });
      assert.equal((await form('#result-heading').textContent())?.trim(), F['done.heading']);
      assert.equal((await focused(page)).id, 'result-heading', 'focus moves to the confirmation');
      const id = ((await form('.id').textContent()) ?? '').trim();
      assert.match(id, /^[A-Za-z0-9_-]+$/, 'the confirmation shows the proposal number');
      await shot('03-form-sent', 'form');

      // The proposal reached the server with its photo, as the resident wrote it.
      const stored = await residentCall(stack, 'GET', `/cities/${run.city}/proposals/${id}`);
      assert.equal(stored.status, 200);
      assert.equal(stored.json.title, run.proposal.title);
      assert.equal(stored.json.status, 'submitted');
      assert.equal(stored.json.photos.length, 1);
      assert.equal(stored.json.estimatedCost, Number(run.proposal.cost));

      // The list shows it, with its status.
      await page.reload();
      await settled(page);
      const card = page.locator(`qala-proposal-list article:has(button[data-id="${id}"])`);
      assert.equal((await card.locator('h3').textContent())?.trim(), run.proposal.title);
      assert.equal((await card.locator('[part~="badge"]').textContent())?.trim(), L['status.submitted']);
      assert.equal(await card.locator('img[part~="thumbnail"]').count(), 1, 'the card shows the photo');
      const decodes = await card.locator('img[part~="thumbnail"]').evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth > 0, () => false));
      assert.ok(decodes, 'the photo as the server serves it, its metadata stripped, still decodes');

      // ——— 2. The expert council reviews, costs, places on the ballot; opens voting early ———
      const reviewNote = run.lang === 'kk' ? 'Жоба орындалады: сметасы тексерілді.' : 'Проект реализуем: смета проверена.';
      const rejectNote = run.lang === 'kk' ? 'Бюджет шегінен асады және жер учаскесі бос емес.' : 'Не помещается в лимит, участок занят.';
      assert.equal((await stack.admin(run.city, `/proposals/${id}/status`, { status: 'under_review', note: reviewNote })).status, 200);
      assert.equal((await stack.admin(run.city, `/proposals/${id}/cost`, { finalCost: run.finalCost })).status, 200);
      assert.equal((await stack.admin(run.city, `/proposals/${id}/ballot`, { poolId: run.poolId })).status, 200);
      assert.equal((await stack.admin(run.city, `/proposals/${rival.id}/ballot`, { poolId: run.poolId })).status, 200);
      assert.equal((await stack.admin(run.city, `/proposals/${turnedDown.id}/status`, { status: 'rejected', note: rejectNote })).status, 200);

      await page.reload();
      await settled(page);
      assert.equal((await card.locator('[part~="badge"]').textContent())?.trim(), L['status.on_ballot']);
      await shot('04-list', 'list');
      const rejectedCard = page.locator(`qala-proposal-list article:has(button[data-id="${turnedDown.id}"])`);
      assert.equal((await rejectedCard.locator('[part~="badge"]').textContent())?.trim(), L['status.rejected']);
      assert.ok(((await rejectedCard.textContent()) ?? '').includes(rejectNote), 'a rejected proposal shows the council’s reason');
      // The detail dialog: the full description, the cost the council set, and the review history with its note.
      await card.locator(`button[data-id="${id}"]`).click();
      const dialog = page.locator('qala-proposal-list dialog[open]');
      await dialog.waitFor();
      assert.equal((await dialog.locator('#detail-title').textContent())?.trim(), run.proposal.title);
      const detail = (await dialog.textContent()) ?? '';
      assert.ok(detail.includes(run.proposal.description), 'full description');
      assert.ok(detail.includes(reviewNote), 'review note in the history');
      assert.ok(detail.includes(L['detail.history']));
      assert.equal(await dialog.locator('.gallery img').count(), 1);
      await shot('05-list-detail');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' }).catch(() => undefined);
      assert.equal(await page.locator('qala-proposal-list dialog[open]').count(), 0, 'Escape closes the dialog');

      const opened = await stack.admin(run.city, '/phases', { phase: 'voting', action: 'open' });
      assert.equal(opened.status, 200, JSON.stringify(opened.json));

      // ——— 3. A resident verifies and votes ———
      await page.reload();
      await settled(page);
      if (run.geolocation) {
        assert.equal(await ballotStep(page), B['location.title']);
        await shot('06-ballot-location', 'ballot');
        await page.locator('qala-ballot').getByRole('button', { name: B['location.share'] }).click();
      }
      await waitBallotStep(page, B['identify.title']);
      await shot('07-ballot-identify', 'ballot');
      const phones = ['+77015550301', '+77015550302'];
      let before = codeCount(stack);
      await page.locator('qala-ballot #iin').fill(run.iin);
      await page.locator('qala-ballot #phone').fill(phones[0]!);
      await page.locator('qala-ballot').getByRole('button', { name: B['identify.submit'] }).click();
      await waitBallotStep(page, B['code.title']);
      await shot('08-ballot-code', 'ballot');
      await page.locator('qala-ballot #code').fill(await newCode(stack, before));
      await page.locator('qala-ballot').getByRole('button', { name: B['code.confirm'] }).click();
      await waitBallotStep(page, B['ballot.title']);
      const choice = page.locator(`qala-ballot #c-${id}`);
      assert.equal(await page.locator(`qala-ballot #c-${rival.id}`).count(), 1, 'the rival is on the ballot');
      assert.equal(await page.locator(`qala-ballot #c-${turnedDown.id}`).count(), 0, 'a rejected proposal is not on the ballot');
      await choice.check();
      assert.ok(await choice.isChecked());
      await shot('09-ballot-chosen', 'ballot');
      await page.locator('qala-ballot').getByRole('button', { name: B['ballot.review'] }).click();
      await waitBallotStep(page, B['review.title']);
      assert.ok(((await page.locator('qala-ballot [part~="review"]').textContent()) ?? '').includes(run.proposal.title), 'the review lists the choice');
      await shot('10-ballot-review', 'ballot');
      await page.locator('qala-ballot [part~="submit-button"]').click();
      await waitBallotStep(page, B['done.title']);
      const receipt = ((await page.locator('qala-ballot [part~="receipt"]').textContent()) ?? '').trim();
      assert.match(receipt, /^[0-9A-HJ-NP-Z]{4}(-[0-9A-HJ-NP-Z]{4}){3}$/);
      await shot('11-ballot-receipt', 'ballot');
      const counted = await residentCall(stack, 'GET', `/cities/${run.city}/receipts/${receipt}`);
      assert.equal(counted.json?.status, 'counted');

      // ——— 4. The same person again: the widget says they have voted and shows their receipt ———
      await page.locator('qala-ballot button', { hasText: B['done.nextVoter'] }).click();
      if (run.geolocation) {
        await waitBallotStep(page, B['location.title']);
        await page.locator('qala-ballot').getByRole('button', { name: B['location.share'] }).click();
      }
      await waitBallotStep(page, B['identify.title']);
      before = codeCount(stack);
      await page.locator('qala-ballot #iin').fill(run.iin);
      await page.locator('qala-ballot #phone').fill(phones[1]!);
      await page.locator('qala-ballot').getByRole('button', { name: B['identify.submit'] }).click();
      await waitBallotStep(page, B['code.title']);
      await page.locator('qala-ballot #code').fill(await newCode(stack, before));
      await page.locator('qala-ballot').getByRole('button', { name: B['code.confirm'] }).click();
      await waitBallotStep(page, B['voted.title']);
      assert.equal(((await page.locator('qala-ballot [part~="receipt"]').textContent()) ?? '').trim(), receipt, 'the earlier receipt is shown');
      assert.equal(await page.locator(`qala-ballot #c-${id}`).count(), 0, 'no ballot to fill in');
      const changeButton = page.locator('qala-ballot button', { hasText: B['voted.change'] });
      assert.equal(await changeButton.count(), run.revote === 'until_close' ? 1 : 0, 'changing the vote is offered only where the city allows it');
      await shot('12-ballot-already-voted', 'ballot');

      // …and straight through the API: a final ballot refuses a second one; a changeable one is replaced, never added.
      const session = await verifyVoter(stack, run.city, run.cycleId, run.iin, '+77015550303', run.geolocation ? { lat: run.geolocation.latitude, lng: run.geolocation.longitude } : undefined);
      assert.equal(session.receipt?.receiptCode, receipt);
      const second = await residentCall(
        stack,
        'POST',
        `/cities/${run.city}/ballots`,
        { cycleId: run.cycleId, choices: [{ poolId: run.poolId, picks: [{ projectId: rival.id }] }] },
        { Authorization: `Bearer ${session.token}`, 'Idempotency-Key': randomBytes(8).toString('hex') },
      );
      if (run.revote === 'final') {
        assert.equal(second.status, 409, JSON.stringify(second.json));
        assert.equal(second.json.code, 'already_voted');
        assert.equal((await residentCall(stack, 'GET', `/cities/${run.city}/receipts/${receipt}`)).json.status, 'counted');
      } else {
        // Re-voting until the close: the new ballot replaces the old one. Put the first choice back.
        assert.equal(second.status, 201, JSON.stringify(second.json));
        assert.equal((await residentCall(stack, 'GET', `/cities/${run.city}/receipts/${receipt}`)).json.status, 'replaced');
        const again = await verifyVoter(stack, run.city, run.cycleId, run.iin, '+77015550304');
        const third = await residentCall(
          stack,
          'POST',
          `/cities/${run.city}/ballots`,
          { cycleId: run.cycleId, choices: [{ poolId: run.poolId, picks: [{ projectId: id }] }] },
          { Authorization: `Bearer ${again.token}`, 'Idempotency-Key': randomBytes(8).toString('hex') },
        );
        assert.equal(third.status, 201, JSON.stringify(third.json));
      }

      // ——— 5. Voting closes, results open; the council marks the winner ———
      assert.equal((await stack.admin(run.city, '/phases', { phase: 'voting', action: 'close' })).status, 200);
      assert.equal((await stack.admin(run.city, '/phases', { phase: 'results', action: 'open' })).status, 200);
      const winnerNote = run.lang === 'kk' ? 'Келесі жылы салынады.' : 'Будет построено в следующем году.';
      assert.equal((await stack.admin(run.city, `/proposals/${id}/status`, { status: 'winner', note: winnerNote })).status, 200);
      // The rest of the ballot takes the counted outcome; the council's own decision above stays.
      const applied = await stack.admin(run.city, '/results/apply', {});
      assert.equal(applied.status, 200, JSON.stringify(applied.json));
      assert.deepEqual(applied.json.unchanged, [id]);
      assert.deepEqual([...applied.json.winners, ...applied.json.notFunded], [rival.id]);

      await page.reload();
      await settled(page);
      const rows = await page.evaluate(() =>
        [...document.querySelector('qala-results')!.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => ({
          title: tr.querySelector('th')!.textContent!.trim(),
          votes: tr.querySelector('td')!.textContent!.trim(),
          funded: tr.classList.contains('funded'),
          text: tr.textContent!.replace(/\s+/g, ' ').trim(),
        })),
      );
      const ours = rows.find((r) => r.title === run.proposal.title);
      const theirs = rows.find((r) => r.title === rival.title);
      assert.ok(ours && theirs, `both projects in the results table: ${JSON.stringify(rows)}`);
      assert.equal(ours.funded, true);
      assert.equal(ours.votes, '1');
      assert.ok(ours.text.includes(R['table.funded']), ours.text);
      assert.ok(ours.text.includes(R['why.funded']({ round: 1, supporters: 1 })), `the reason it was funded: ${ours.text}`);
      // Greedy takes projects by votes: ours first (round 1). The rival, with no votes, comes after it
      // (greedy still funds it, as the money is there; see the report).
      assert.ok(rows.indexOf(ours) < rows.indexOf(theirs), 'the project with the votes is listed first');
      assert.equal(theirs.votes, '0');
      assert.ok(!theirs.text.includes(R['why.funded']({ round: 1, supporters: 1 })), theirs.text);
      assert.equal((await page.locator('qala-results [part~="mode"]').textContent())?.trim(), R['mode.final']);
      assert.equal((await page.locator('qala-results [part~="turnout"] dd').first().textContent())?.trim(), '1', 'one person, one ballot');
      assert.equal((await card.locator('[part~="badge"]').textContent())?.trim(), L['status.winner'], 'the list shows the winner');
      await shot('14-list-winner', 'list');
      await shot('13-results', 'results');

      if (run.viewport.width <= 400) await noHorizontalScroll(page, run.viewport.width);
      assert.deepEqual(w.pageErrors, [], 'no uncaught errors');
      assert.deepEqual(w.consoleErrors, [], 'no console errors');
      await w.context.close();
    });
  }

  // Runs after the Rudny cycle above (same stack): Rudny's results are published by now.
  it('ru, rudny, 360×740: every word of the results is on screen', async () => {
    const { stack, browser } = env;
    const w = await openPage(browser, { viewport: { width: 360, height: 740 }, locale: 'ru-KZ' });
    await w.page.goto(`${stack.origin}/pages/cycle.html?city=rudny&lang=ru&only=results`);
    await settled(w.page);
    const clipped = await w.page.evaluate(() => {
      const out: string[] = [];
      const root = document.querySelector('qala-results')!.shadowRoot!;
      const edge = document.querySelector('qala-results')!.getBoundingClientRect().right;
      // Every piece of text, in SVG or HTML, ends inside the widget.
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent!.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
          if (r.width > 0 && r.right > edge + 1) out.push(`“${node.textContent!.trim().slice(0, 40)}” by ${Math.round(r.right - edge)}px`);
        }
      }
      return out;
    });
    await w.context.close();
    assert.deepEqual(clipped, [], 'text cut off at the right edge');
  });
});
