import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { adultIins } from '../../src/server/testing.js';
import { startDevProvider, type DevProvider } from '../../src/server/identity/dev-provider.js';
import { IIN_ADULT, axe, axeWhere, codeCount, launch, newCode, openPage, settled, startStack, submitProposal, waitBallotStep, type Stack } from './support.js';
import { ballotText, resultsText } from './texts.js';

/**
 * Proving the person, in a browser on the real server: the project centre
 * uploads the voter list on its page; residents then vote by the list (the
 * code to the listed phone) or by signing in with a real OpenID Connect
 * provider; someone who knows a neighbour's IIN gets nowhere.
 */

/** A proposal on Aksu's ballot, then voting opened. */
async function ballotWithOneProject(stack: Stack): Promise<string> {
  const p = await submitProposal(stack, 'aksu', {
    title: 'Аялдамаға шатыр',
    description: 'Аялдамаға жаңбырдан қорғайтын шатыр мен орындық орнату.',
    category: 'improvement',
    address: 'Бейбітшілік көшесі, 2',
    estimatedCost: 900_000,
    authorName: 'Гүлнар',
    phone: '+77017770003',
  });
  assert.equal((await stack.admin('aksu', `/proposals/${p.id}/status`, { status: 'under_review' })).status, 200);
  assert.equal((await stack.admin('aksu', `/proposals/${p.id}/ballot`, { poolId: 'city' })).status, 200);
  assert.equal((await stack.admin('aksu', '/phases', { phase: 'voting', action: 'open' })).status, 200);
  return p.id;
}

/** Picks the project, reviews and sends the ballot; waits for the receipt. */
async function vote(page: Page, lang: 'kk' | 'ru', projectId: string): Promise<string> {
  const B = ballotText[lang];
  await waitBallotStep(page, B['ballot.title']);
  await page.locator(`qala-ballot #c-${projectId}`).check();
  await page.locator('qala-ballot').getByRole('button', { name: B['ballot.review'] }).click();
  await waitBallotStep(page, B['review.title']);
  await page.locator('qala-ballot [part~="submit-button"]').click();
  await waitBallotStep(page, B['done.title']);
  return ((await page.locator('qala-ballot [part~="receipt"]').textContent()) ?? '').trim();
}

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
    // The project centre (#13) is served by the server itself: the admin API is same-origin only.
    await page.goto(`${stack.api}/centre/?city=aksu&lang=en`);
    await page.getByText('Sign in with an admin token').click();
    await page.getByLabel('Admin token').fill(stack.adminToken('aksu'));
    await page.locator('qala-centre #act-signin').click();
    await page.getByText('Signed in as').waitFor();
    await page.locator('qala-centre nav button', { hasText: 'Voter list' }).click();
    const summary = (n: number) => page.getByText(`${n} resident(s) on the list`).waitFor({ timeout: 15_000 });
    await summary(0);

    const csv = ['IIN,Phone,District', `${IIN_ADULT},+7 701 222 33 44,`, `${bad},+77012223345`, `${second},555`, `${third},8 (701) 222-33-46`].join('\n');
    await page.locator('qala-centre #voters-file').setInputFiles({ name: 'voters.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload the list' }).click();
    await page.locator('qala-centre #voters-refused').waitFor({ timeout: 15_000 });
    assert.match(await page.locator('qala-centre #voters-refused').innerText(), /Rows refused: 2/);
    const report = await page.locator('qala-centre [aria-labelledby=voters-refused]').innerText();
    assert.match(report, /Line 3: the IIN’s check digit is wrong/);
    assert.match(report, /Line 4: not a Kazakh mobile number/);
    for (const value of [bad, second!, '555', '2223345']) assert.ok(!report.includes(value), 'the report shows no value of a refused row');
    await summary(2);
    assert.deepEqual(await axeWhere(page), [], 'the centre with the voter list passes axe');

    // Take one off again with "remove".
    await page.locator('qala-centre #voters-file').setInputFiles({ name: 'off.csv', mimeType: 'text/csv', buffer: Buffer.from(`${third}\n`) });
    await page.locator('qala-centre input[name=mode][value=remove]').check();
    await page.getByRole('button', { name: 'Upload the list' }).click();
    await summary(1);
    assert.equal((await stack.admin('aksu', '/voter-list')).json.total, 1);
    const wide = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    assert.ok(wide <= 360, `the page scrolls sideways on a 360px screen (${wide}px wide)`);
    assert.deepEqual(w.pageErrors, []);
    await w.context.close();
  });
});

describe('identity: voting by the voter list, and the neighbour who knows an IIN', { timeout: 180_000 }, () => {
  let stack: Stack;
  let browser: Browser;
  let projectId = '';
  before(async () => {
    stack = await startStack({ phase: 'submission', identity: { method: 'voter_list' } });
    browser = await launch();
    const csv = `${IIN_ADULT},+77012223344\n`;
    const r = await fetch(`${stack.api}/api/v1/admin/cities/aksu/voter-list`, { method: 'PUT', headers: { Authorization: `Bearer ${stack.adminToken('aksu')}`, 'Content-Type': 'text/csv' }, body: csv });
    assert.equal(r.status, 200);
    projectId = await ballotWithOneProject(stack);
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('kk at 360 px: IIN only, the code goes to the masked listed phone, the vote is counted; axe on each new state', async () => {
    const B = ballotText.kk;
    const w = await openPage(browser, { locale: 'kk-KZ', viewport: { width: 360, height: 740 } });
    const { page } = w;
    await page.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=kk&only=ballot`);
    await settled(page);
    await waitBallotStep(page, B['identify.title']);
    assert.equal(await page.locator('qala-ballot #phone').count(), 0, 'no phone field: the code goes to the listed phone');
    assert.deepEqual(await axe(page), [], 'identify (voter list)');
    // An IIN that is not on the list is told what to do.
    await page.locator('qala-ballot #iin').fill(adultIins(1, 1300)[0]!);
    await page.locator('qala-ballot').getByRole('button', { name: B['identify.submit'] }).click();
    await page.waitForFunction((text) => (document.querySelector('qala-ballot')!.shadowRoot!.textContent ?? '').includes(text), B['iin.not_listed'] as string);
    assert.deepEqual(await axe(page), [], 'identify with "not on the list"');
    const before = codeCount(stack);
    await page.locator('qala-ballot #iin').fill(IIN_ADULT);
    await page.locator('qala-ballot').getByRole('button', { name: B['identify.submit'] }).click();
    await waitBallotStep(page, B['code.title']);
    assert.match((await page.locator('qala-ballot #code-sent-to').textContent())!, /\+7 7•• ••• •• 44/);
    assert.deepEqual(await axe(page), [], 'code (masked phone)');
    await page.locator('qala-ballot #code').fill(await newCode(stack, before));
    await page.locator('qala-ballot').getByRole('button', { name: B['code.confirm'] }).click();
    const receipt = await vote(page, 'kk', projectId);
    assert.match(receipt, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const wide = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    assert.ok(wide <= 360, `sideways scroll at 360 px (${wide}px)`);
    assert.deepEqual(w.pageErrors, []);
    await w.context.close();

    // The neighbour knows the IIN. There is no phone to type; the code goes to the resident's phone; guessing locks it.
    const n = await openPage(browser, { locale: 'ru-KZ' });
    const R = ballotText.ru;
    await n.page.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=ru&only=ballot`);
    await settled(n.page);
    await waitBallotStep(n.page, R['identify.title']);
    await n.page.locator('qala-ballot #iin').fill(IIN_ADULT);
    await n.page.locator('qala-ballot').getByRole('button', { name: R['identify.submit'] }).click();
    await waitBallotStep(n.page, R['code.title']);
    assert.match((await n.page.locator('qala-ballot #code-sent-to').textContent())!, /\+7 7•• ••• •• 44/, 'the code went to the resident, shown masked');
    for (let i = 0; i < 5; i++) {
      await n.page.locator('qala-ballot #code').fill(String(100000 + i));
      await n.page.locator('qala-ballot').getByRole('button', { name: R['code.confirm'] }).click();
      if (i < 4) await n.page.locator('qala-ballot #code-error').filter({ hasText: (R['code.wrong'] as (p: { left: number }) => string)({ left: 4 - i }) }).waitFor();
    }
    // The server ended that verification: the widget is back at the IIN, saying why (no "new code" that could only fail).
    await n.page.locator('qala-ballot #step-error[role="alert"]').waitFor();
    assert.equal((await n.page.locator('qala-ballot #step-error').textContent())!.trim(), `${R['code.locked']} ${R['code.startAgain']}`);
    assert.equal(await n.page.locator('qala-ballot #iin').count(), 1, 'back at the IIN');
    const text = (await n.page.locator('qala-ballot').evaluate((el) => el.shadowRoot!.textContent)) ?? '';
    assert.ok(!text.includes(receipt), 'no receipt for the neighbour');
    assert.ok(!text.includes(R['voted.title'] as string), 'no "you have already voted" for the neighbour');
    assert.deepEqual(n.pageErrors, []);
    await n.context.close();
    // The resident's vote stands.
    const status = await (await fetch(`${stack.api}/api/v1/cities/aksu/receipts/${receipt}`)).json();
    assert.equal(status.status, 'counted');
  });
});

describe('identity: signing in with a real OpenID Connect provider', { timeout: 180_000 }, () => {
  let stack: Stack;
  let browser: Browser;
  let provider: DevProvider;
  let projectId = '';
  const [kkIin, ruIin] = adultIins(2, 1400);
  const accounts = { kk: { login: 'aigerim', password: 'pw-aigerim-1' }, ru: { login: 'sergey', password: 'pw-sergey-1' } };
  before(async () => {
    stack = await startStack({
      phase: 'submission',
      publicUrlIsHost: true,
      identity: async (origin: string) => {
        provider = await startDevProvider({
          clients: [{ clientId: 'qala-e2e', redirectUris: [`${origin}/api/v1/oidc/callback`] }],
          accounts: [
            { ...accounts.kk, claims: { iin: kkIin! } },
            { ...accounts.ru, claims: { iin: ruIin! } },
          ],
        });
        return { method: 'oidc', provider: { kk: 'eGov', ru: 'eGov', en: 'eGov' }, issuer: provider.issuer, clientId: 'qala-e2e', claim: 'iin' };
      },
    });
    browser = await launch();
    projectId = await ballotWithOneProject(stack);
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
    await provider?.close();
  });

  for (const lang of ['kk', 'ru'] as const) {
    it(`${lang}: the sign-in opens in a popup, comes back to the same step, the vote is counted; the results say how votes were verified`, async () => {
      const B = ballotText[lang];
      const w = await openPage(browser, { locale: `${lang}-KZ`, viewport: { width: 360, height: 740 } });
      const { page } = w;
      await page.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=${lang}&only=ballot,results`);
      await settled(page, 'qala-ballot');
      await waitBallotStep(page, B['identify.title']);
      assert.equal(await page.locator('qala-ballot #iin').count(), 0, 'no IIN to type: the provider vouches for it');
      assert.deepEqual(await axe(page), [], 'sign-in step');
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('qala-ballot #sign-in').click()]);
      await waitBallotStep(page, B['signIn.waitingTitle']);
      assert.deepEqual(await axe(page, 'qala-ballot'), [], 'waiting for the sign-in');
      await popup.locator('#login').fill(accounts[lang].login);
      await popup.locator('#password').fill(accounts[lang].password);
      // Wait for the window to close from before the click: it may close before the click returns.
      const closed = popup.waitForEvent('close', { timeout: 15_000 });
      await popup.locator('button[value=login]').click();
      await closed.catch(async (e) => {
        throw new Error(`the sign-in window stayed open at ${popup.url()}: ${(await popup.content()).slice(0, 600)} (${e})`);
      });
      const receipt = await vote(page, lang, projectId);
      assert.match(receipt, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      assert.deepEqual(w.pageErrors, []);
      await w.context.close();
    });
  }

  it('a resident who cancels at the provider is told so and can sign in again', async () => {
    const B = ballotText.ru;
    const w = await openPage(browser, { locale: 'ru-KZ' });
    const { page } = w;
    await page.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=ru&only=ballot`);
    await settled(page, 'qala-ballot');
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('qala-ballot #sign-in').click()]);
    const closed = popup.waitForEvent('close', { timeout: 15_000 });
    await popup.locator('button[value=cancel]').click();
    await closed;
    await page.locator('qala-ballot #step-error').waitFor();
    assert.deepEqual(await axe(page, 'qala-ballot'), [], 'refused sign-in');
    assert.ok(await page.locator('qala-ballot #sign-in, qala-ballot #sign-in-again').first().isVisible());
    assert.equal(await page.locator('qala-ballot [part~="receipt"]').count(), 0);
    await w.context.close();
    void B;
  });

  it('the final results say the votes were verified by signing in with eGov (kk), and count both ballots', async () => {
    assert.equal((await stack.admin('aksu', '/phases', { phase: 'voting', action: 'close' })).status, 200);
    assert.equal((await stack.admin('aksu', '/phases', { phase: 'results', action: 'open' })).status, 200);
    const w = await openPage(browser, { locale: 'kk-KZ' });
    await w.page.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=kk&only=results`);
    await settled(w.page, 'qala-results');
    const said = (await w.page.locator('qala-results [part~="verified-by"]').textContent())!.trim();
    assert.equal(said, (resultsText.kk['verified.oidc'] as (p: { provider: string }) => string)({ provider: 'eGov' }));
    assert.equal((await stack.admin('aksu', '/results')).json.turnout.total, 2);
    await w.context.close();
  });
});

describe('identity: the census check, in a browser', { timeout: 180_000 }, () => {
  let stack: Stack;
  let browser: Browser;
  let census: Server;
  let up = true;
  let projectId = '';
  const [resident] = adultIins(1, 1500);
  before(async () => {
    // The city's register: bearer secret, answers for one resident with one registered phone.
    census = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (!up) return void res.writeHead(503).end();
        if (req.headers.authorization !== 'Bearer e2e-census-secret') return void res.writeHead(401).end();
        const { iin, phone } = JSON.parse(body) as { iin: string; phone: string };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ eligible: iin === resident, phoneMatches: iin === resident && phone === '+77016665544' }));
      });
    });
    await new Promise<void>((r) => census.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(census.address() as AddressInfo).port}/check`;
    stack = await startStack({ phase: 'submission', identity: { method: 'census', url, auth: 'bearer', secret: 'env:QALA_E2E_CENSUS' }, env: { QALA_E2E_CENSUS: 'e2e-census-secret' } });
    browser = await launch();
    projectId = await ballotWithOneProject(stack);
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
    await new Promise<void>((r) => census?.close(() => r()));
  });

  it('ru: another phone is refused before any code is sent, the register down is said plainly, the registered phone votes', async () => {
    const B = ballotText.ru;
    const w = await openPage(browser, { locale: 'ru-KZ', viewport: { width: 360, height: 740 } });
    const { page } = w;
    await page.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=ru&only=ballot`);
    await settled(page, 'qala-ballot');
    await waitBallotStep(page, B['identify.title']);
    const submit = () => page.locator('qala-ballot').getByRole('button', { name: B['identify.submit'] }).click();
    const codesBefore = codeCount(stack);
    await page.locator('qala-ballot #iin').fill(resident!);
    await page.locator('qala-ballot #phone').fill('+7 707 555 00 00');
    await submit();
    await page.locator('qala-ballot #phone[aria-invalid="true"]').waitFor();
    assert.equal((await page.locator('qala-ballot #phone-error').textContent())!.trim(), B['phone.not_registered']);
    assert.deepEqual(await axe(page, 'qala-ballot'), [], 'phone not the registered one');
    up = false;
    await page.locator('qala-ballot #phone').fill('+7 701 666 55 44');
    await submit();
    await page.locator('qala-ballot #step-error').waitFor();
    assert.equal((await page.locator('qala-ballot #step-error').textContent())!.trim(), B['identity.unavailableCensus']);
    assert.equal(codeCount(stack), codesBefore, 'no code was sent for a refused or unchecked phone');
    up = true;
    await submit();
    await waitBallotStep(page, B['code.title']);
    await page.locator('qala-ballot #code').fill(await newCode(stack, codesBefore));
    await page.locator('qala-ballot').getByRole('button', { name: B['code.confirm'] }).click();
    assert.match(await vote(page, 'ru', projectId), /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    assert.deepEqual(w.pageErrors, []);
    await w.context.close();
  });
});
