import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import centreKk from '../../src/centre/messages/kk.js';
import centreRu from '../../src/centre/messages/ru.js';
import { axeWhere, codeCount, newCode, openPage, png, screenshot, stackAndBrowser, type Stack } from './support.js';
import { formText, listText } from './texts.js';

const PHONE = { width: 360, height: 740 };

/** Mails the console provider has logged so far (staff codes by e-mail). */
const mailCount = (stack: Stack) => [...stack.logs().matchAll(/"msg":"mail\.message"/g)].length;

/** The code in the first e-mail logged after `before` mails. */
async function newMailCode(stack: Stack, before: number): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const texts = [...stack.logs().matchAll(/"msg":"mail\.message"[^\n]*?"text":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    if (texts.length > before) {
      const code = /\b(\d{4,8})\b/.exec(texts[before]!)?.[1];
      if (!code) throw new Error(`no code in the mail: ${texts[before]}`);
      return code;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no mail was sent');
}

/** Every answer of 400 or more any page of the walk got (none is expected). */
const refused: string[] = [];
function watchRefusals(page: Page, who: string): void {
  page.on('response', (r) => {
    if (r.status() >= 400) refused.push(`${who}: ${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
}

/** Axe on the page as it is now; the label names the state in the failure. */
async function clean(page: Page, state: string): Promise<void> {
  assert.deepEqual(await axeWhere(page), [], `${state} passes axe`);
}

/** The page never scrolls sideways on a phone. */
async function fitsPhone(page: Page, state: string): Promise<void> {
  const wide = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  assert.ok(wide <= PHONE.width, `${state}: the page is ${wide}px wide on a ${PHONE.width}px screen`);
}

/**
 * Issue #13's "done when", walked in real pages on a phone: an author submits
 * through the form, a coordinator invites two experts who sign in for
 * themselves (one by SMS in Russian, one by e-mail in Kazakh), both assess,
 * the council sends the proposal back, the author refines it in Kazakh, an
 * expert reads what changed, the council accepts it with a final cost, puts
 * it on the ballot and opens voting. Only the stage (the phase the server
 * starts in) and the checks afterwards use the API.
 */
describe('the programme walked end to end (#13)', { timeout: 180_000 }, () => {
  const env = stackAndBrowser('submission');

  it('submit → two experts assess → needs changes → the author refines in kk → an expert sees the diff → accepted, on the ballot, voting open; the audit names everyone, no phone anywhere', async () => {
    const { stack, browser } = env;
    const F = formText.kk;
    const L = listText.kk;
    const K = centreKk;
    const R = centreRu;
    const phone = '+77015550133';
    const phoneDigits = '7015550133';
    const proposal = {
      title: 'Мектеп алдындағы жаяу жүргіншілер өтпесі',
      description: 'Мектеп алдында жарықталған өтпе мен жасанды кедір-бұдыр керек: балалар жолды жүгіріп өтеді.',
      address: 'Абай көшесі, 21',
      cost: '2400000',
      author: 'Сәуле',
    };
    const fixedAddress = 'Абай көшесі, 21, №2 мектептің бас кіреберісі';

    // ——— 1. The author submits through the form, in Kazakh, on a phone ———
    const a = await openPage(browser, { viewport: PHONE, locale: 'kk-KZ' });
    const author = a.page;
    watchRefusals(author, 'author');
    const form = (sel: string) => author.locator(`qala-proposal-form ${sel}`);
    await author.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=kk&only=form`);
    await form('#f-title').waitFor({ timeout: 15_000 });
    await form('#f-title').fill(proposal.title);
    await form('#f-description').fill(proposal.description);
    await form('#f-category').selectOption('improvement');
    await form('#f-address').fill(proposal.address);
    await form('#f-cost').fill(proposal.cost);
    const [chooser] = await Promise.all([author.waitForEvent('filechooser'), form('#f-photos').click()]);
    await chooser.setFiles({ name: 'crossing.png', mimeType: 'image/png', buffer: png(640, 480) });
    await form('.photo img').waitFor();
    await form('#f-author').fill(proposal.author);
    await form('#f-phone').fill('8 701 555 01 33');
    await form('#f-consent').check();
    await clean(author, 'the filled form');
    await form('[part~="submit-button"]').click();
    await form('#result-heading').waitFor({ timeout: 15_000 });
    assert.equal((await form('#result-heading').textContent())?.trim(), F['done.heading']);
    const reference = ((await form('.reference').textContent()) ?? '').trim();
    assert.match(reference, /^[A-HJ-NPR-Z]{3}-[2-9]{4}$/, 'the author gets a short reference');
    const id = ((await form('.id').textContent()) ?? '').trim();
    assert.equal((await stack.admin('aksu', `/proposals/${id}`)).json.reference, reference, 'the reference is the proposal’s');
    await clean(author, 'the confirmation');
    await fitsPhone(author, 'the confirmation');
    await screenshot(author, 'programme-01-submitted');

    // ——— 2. The coordinator (bootstrap token) invites two experts, in Russian, on a phone ———
    const c = await openPage(browser, { viewport: PHONE });
    const coord = c.page;
    watchRefusals(coord, 'coordinator');
    const inCentre = (page: Page, sel: string) => page.locator(`qala-centre ${sel}`);
    await coord.goto(`${stack.api}/centre/?city=aksu&lang=ru`);
    await coord.getByRole('heading', { name: R['signin.title'] }).waitFor();
    await coord.getByText(R['signin.tokenTitle']).click();
    await coord.getByLabel(R['signin.token']).fill(stack.adminToken('aksu'));
    await inCentre(coord, '#act-signin').click();
    await coord.getByText(R['who.bootstrap']).waitFor();
    await coord.getByRole('button', { name: R['nav.staff'], exact: true }).click();
    const experts = [
      { name: 'Дина Ахметова', organisation: 'Акимат, отдел ЖКХ', contact: '+7 701 555 01 91', lang: 'ru' as const },
      { name: 'Ерболат Нұрланұлы', organisation: 'Қоғамдық кеңес', contact: 'erbolat.expert@example.kz', lang: 'kk' as const },
    ];
    const invites: string[] = [];
    for (const x of experts) {
      await inCentre(coord, '#invite-name').fill(x.name);
      await inCentre(coord, '#invite-organisation').fill(x.organisation);
      await inCentre(coord, '#invite-contact').fill(x.contact);
      await inCentre(coord, '#act-invite').click();
      await coord.getByLabel(R['invite.link']({ name: x.name })).waitFor();
      invites.push(await inCentre(coord, '#invite-link').inputValue());
    }
    assert.notEqual(invites[0], invites[1], 'each expert has their own invitation');
    await clean(coord, 'people with two invitations');
    await fitsPhone(coord, 'people');

    // Each expert accepts on their own phone: the first by SMS in Russian, the second by e-mail in Kazakh.
    const expertPages: Page[] = [];
    const watched = [a, c];
    for (const [i, x] of experts.entries()) {
      const w = await openPage(browser, { viewport: PHONE, locale: x.lang === 'kk' ? 'kk-KZ' : 'ru-KZ' });
      watched.push(w);
      watchRefusals(w.page, x.name);
      const T = x.lang === 'kk' ? K : R;
      await w.page.goto(invites[i]!.replace(/^https?:\/\/[^/]+/, stack.api).replace('#invite=', `&lang=${x.lang}#invite=`));
      await w.page.getByRole('heading', { name: T['signin.inviteTitle'] }).waitFor();
      await clean(w.page, `the invitation (${x.lang})`);
      const sms = codeCount(stack);
      const mails = mailCount(stack);
      await inCentre(w.page, '#act-signin-code').click();
      await inCentre(w.page, '#signin-code').waitFor();
      const code = x.contact.includes('@') ? await newMailCode(stack, mails) : await newCode(stack, sms);
      await inCentre(w.page, '#signin-code').fill(code);
      await inCentre(w.page, '#act-signin-confirm').click();
      await w.page.getByText(T['who.signedIn']({ name: x.name })).waitFor();
      expertPages.push(w.page);
    }

    // The coordinator assigns both to the proposal.
    await inCentre(coord, '#act-refresh').click();
    await coord.getByText(R['refreshed']).waitFor();
    await coord.getByRole('button', { name: R['nav.proposals'], exact: true }).click();
    await inCentre(coord, `#open-${id}`).click();
    await inCentre(coord, '#review-heading').waitFor();
    for (const x of experts) {
      await inCentre(coord, '#assign-expert').selectOption({ label: `${x.name} — ${x.organisation}` });
      await inCentre(coord, `#act-assign-${id}`).click();
      await inCentre(coord, 'section[aria-labelledby="assign-heading"] li').filter({ hasText: x.name }).waitFor();
    }
    await coord.getByText(R['summary.counts']({ assigned: 2, assessed: 0, pending: 2, conflicts: 0 })).waitFor();
    await clean(coord, 'the review with two experts assigned');

    // ——— 3. Both experts assess: scores, "needs changes", a private note ———
    const scores = [
      [4, 2, 3, 5],
      [2, 2, 4, 5],
    ];
    const notes = ['Нужен проект организации движения, согласование с ГАИ.', 'Өтпенің нақты орнын көрсету керек: мектептің қай кіреберісі?'];
    for (const [i, page] of expertPages.entries()) {
      const T = experts[i]!.lang === 'kk' ? K : R;
      await inCentre(page, '#act-refresh').click();
      await page.getByText(T['refreshed']).waitFor();
      await inCentre(page, `#open-${id}`).click();
      const scales = inCentre(page, 'fieldset.scale');
      await scales.first().waitFor();
      assert.equal(await scales.count(), scores[i]!.length, 'one scale per criterion of the city');
      for (const [k, score] of scores[i]!.entries()) await scales.nth(k).locator(`input[type=radio][value="${score}"]`).check();
      await inCentre(page, 'input[name="recommendation"][value="needs_changes"]').check();
      await inCentre(page, '#assess-note').fill(notes[i]!);
      await clean(page, `the assessment form (${experts[i]!.lang})`);
      await fitsPhone(page, 'the assessment form');
      await inCentre(page, `#act-assess-${id}`).click();
      await page.getByText(T['assess.saved']).waitFor();
      await screenshot(page, `programme-02-assessed-${experts[i]!.lang}`);
    }

    // The coordinator reads the summary and sends the proposal back with a public reason.
    await inCentre(coord, '#act-refresh').click();
    await coord.getByText(R['refreshed']).waitFor();
    await coord.getByText(R['summary.counts']({ assigned: 2, assessed: 2, pending: 0, conflicts: 0 })).waitFor();
    const summary = inCentre(coord, 'section[aria-labelledby="summary-heading"]');
    const summaryText = (await summary.innerText()).replace(/\s+/g, ' ');
    for (const avg of ['3.0', '2.0', '3.5', '5.0']) assert.ok(summaryText.includes(R['summary.average']({ avg, max: 5 })), `the average ${avg} in: ${summaryText}`);
    assert.ok(summaryText.includes(`${R['recommendation.needs_changes']}: 2`), 'both recommend changes');
    for (const note of notes) assert.ok(summaryText.includes(note), 'the coordinator reads each private note');
    for (const x of experts) assert.ok(summaryText.includes(x.name), 'and who wrote it');
    const reason = {
      kk: 'Өтпенің орнын нақтылаңыз: мектептің қай кіреберісі алдында?',
      ru: 'Уточните место перехода: у какого входа в школу?',
    };
    await inCentre(coord, 'input[name="outcome"][value="needs_changes"]').check();
    await inCentre(coord, '#decision-reason-kk').fill(reason.kk);
    await inCentre(coord, '#decision-reason-ru').fill(reason.ru);
    await inCentre(coord, `#act-decision-${id}`).click();
    await coord.getByText(R['decision.saved']).waitFor();
    assert.equal((await stack.admin('aksu', `/proposals/${id}`)).json.status, 'needs_changes');
    await clean(coord, 'the recorded decision');
    await fitsPhone(coord, 'the review');
    await screenshot(coord, 'programme-03-sent-back');

    // ——— 4. The author opens "My proposals" in Kazakh, proves the phone, refines, resubmits ———
    await form('[part~="my-proposals-button"]').first().click();
    await form('#mine-phone').waitFor();
    await clean(author, 'the phone step');
    const before = codeCount(stack);
    await form('#mine-phone').fill('+7 701 555 01 33');
    await form('#mine-phone').press('Enter');
    await form('#mine-code').waitFor();
    await clean(author, 'the code step');
    await form('#mine-code').fill(await newCode(stack, before));
    await form('#mine-code').press('Enter');
    const item = form('.mine-item');
    await item.waitFor({ timeout: 15_000 });
    const itemText = (await item.innerText()).replace(/\s+/g, ' ');
    assert.ok(itemText.includes(L['status.needs_changes']), `the status in Kazakh: ${itemText}`);
    assert.ok(itemText.includes(reason.kk), 'the council’s reason, in Kazakh');
    assert.ok(itemText.includes(reference), 'the reference');
    for (const note of notes) assert.ok(!itemText.includes(note), 'no expert’s private note');
    await clean(author, 'my proposals');
    await fitsPhone(author, 'my proposals');
    await screenshot(author, 'programme-04-request');
    await form(`#mine-edit-${id}`).click();
    await form('#edit-address').waitFor();
    await form('#edit-address').fill(fixedAddress);
    await clean(author, 'the edit form');
    await form('#edit-address').press('Enter');
    await form('#mine-notice').waitFor({ timeout: 15_000 });
    assert.equal((await form('#mine-notice').textContent())?.trim(), F['mine.resubmitted']);
    assert.ok((await item.innerText()).includes(L['status.under_review']), 'back under review');
    await clean(author, 'the resubmitted proposal');
    await screenshot(author, 'programme-05-resubmitted');

    // ——— 5. Each expert sees what the author changed (the review they have open, after "Refresh") ———
    for (const [i, page] of expertPages.entries()) {
      const x = experts[i]!;
      const T = x.lang === 'kk' ? K : R;
      await inCentre(page, '#act-refresh').click();
      await page.getByText(T['refreshed']).waitFor();
      await inCentre(page, '#versions-heading').filter({ hasText: T['versions.title']({ n: 2 }) }).waitFor();
      const diff = inCentre(page, 'dl.diff');
      assert.equal((await diff.locator('dt').innerText()).trim(), T['field.address'], 'only the address changed');
      assert.equal((await diff.locator('del').innerText()).trim(), proposal.address, 'the address before');
      assert.equal((await diff.locator('ins').innerText()).trim(), fixedAddress, 'and after');
      await clean(page, `the diff (${x.lang})`);
      await fitsPhone(page, 'the diff');
      await screenshot(page, `programme-06-diff-${x.lang}`);
    }

    // ——— 6. The council accepts with a final cost, puts it on the ballot, opens voting ———
    await inCentre(coord, '#act-refresh').click();
    await coord.getByText(R['refreshed']).waitFor();
    await inCentre(coord, '#versions-heading').waitFor();
    await inCentre(coord, 'input[name="outcome"][value="accept"]').check();
    await inCentre(coord, '#decision-reason-kk').fill('Кеңес қолдады: орны нақтыланды.');
    await inCentre(coord, '#decision-reason-ru').fill('Совет поддержал: место уточнено.');
    await inCentre(coord, '#decision-cost').fill('2550000');
    await inCentre(coord, `#act-decision-${id}`).click();
    await coord.getByText(R['decision.saved']).waitFor();
    const accepted = (await stack.admin('aksu', `/proposals/${id}`)).json;
    assert.deepEqual([accepted.status, accepted.finalCost], ['accepted', 2_550_000]);
    await inCentre(coord, `#act-ballot-${id}`).click();
    await coord.getByText(R['ballot.saved']).waitFor();
    const placed = (await stack.admin('aksu', `/proposals/${id}`)).json;
    assert.deepEqual([placed.status, placed.finalCost], ['on_ballot', 2_550_000], 'on the ballot at the council’s cost');
    await clean(coord, 'on the ballot');

    await coord.getByRole('button', { name: R['review.back'] }).click();
    await coord.getByRole('button', { name: R['nav.phases'], exact: true }).click();
    await inCentre(coord, '#act-phase-voting').click();
    const dialog = inCentre(coord, 'dialog[open]');
    await dialog.waitFor();
    const said = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.ok(said.includes(R['csq.ballot']({ n: 1 })), `the confirmation counts the ballot: ${said}`);
    await clean(coord, 'the phase confirmation');
    await inCentre(coord, '#phase-confirm').click();
    await dialog.waitFor({ state: 'detached' }).catch(() => dialog.waitFor({ state: 'hidden' }));
    await coord.getByText(R['phases.opened']({ phase: R['phase.voting'] })).waitFor();
    assert.equal((await stack.admin('aksu', '')).json.currentPhase, 'voting');
    await clean(coord, 'voting open');
    await fitsPhone(coord, 'phases');
    await screenshot(coord, 'programme-07-voting');

    // ——— 7. Afterwards: who did what, and no author's phone anywhere ———
    const audit = await stack.admin('aksu', '/audit?limit=500');
    assert.equal(audit.status, 200, JSON.stringify(audit.json));
    const staff = (await stack.admin('aksu', '/staff')).json.items as { id: string; name: string }[];
    const who = (actor: string) => (actor.startsWith('staff:') ? (staff.find((m) => `staff:${m.id}` === actor)?.name ?? actor) : actor);
    const mine = (audit.json.items as { actor: string; action: string; target: string | null }[]).filter((e) => e.target === id || e.action.startsWith('staff.') || e.action.startsWith('phase.'));
    const acts = mine.map((e) => `${e.action} · ${who(e.actor)}`).reverse();
    const names = experts.map((x) => x.name);
    for (const expected of [
      ...names.map(() => 'staff.invite · aksu-centre'),
      ...names.map((n) => `staff.accept · ${n}`),
      ...names.map(() => 'assessment.assign · aksu-centre'),
      ...names.map((n) => `assessment.record · ${n}`),
      'proposal.decision · aksu-centre',
      'proposal.resubmitted · author',
      'proposal.ballot · aksu-centre',
      'phase.open · aksu-centre',
    ])
      assert.ok(acts.includes(expected), `the audit log has “${expected}”: ${acts.join(' | ')}`);
    assert.deepEqual(
      acts.filter((a) => a.startsWith('assessment.record')).sort(),
      names.map((n) => `assessment.record · ${n}`).sort(),
      'each assessment is logged under the expert who made it',
    );

    // The same log in the centre, in words: each expert by name, the author as the author, no raw ids.
    await coord.getByRole('button', { name: R['nav.audit'], exact: true }).click();
    const log = inCentre(coord, 'ol.audit');
    await log.locator('li').filter({ hasText: R['audit.proposal.resubmitted'] }).waitFor();
    const logText = (await log.innerText()).replace(/\s+/g, ' ');
    for (const n of names) {
      assert.ok(logText.includes(`${n} · ${R['audit.assessment.record']}: ${proposal.title}`), `the log names ${n} for the assessment: ${logText}`);
      assert.ok(logText.includes(`${n} · ${R['audit.staff.accept']}: ${n}`), `and for accepting the invitation`);
    }
    assert.ok(logText.includes(`${R['audit.actor.author']} · ${R['audit.proposal.resubmitted']}: ${proposal.title}`), 'the author resubmitted');
    assert.doesNotMatch(logText, /staff:|st_[\w-]{6,}|assessment\.|proposal\.|staff\.|phase\./, 'no raw ids or action names');
    await clean(coord, 'the action log');
    await fitsPhone(coord, 'the action log');
    await screenshot(coord, 'programme-08-audit');

    const auditText = JSON.stringify(audit.json);
    const exported = await fetch(`${stack.api}/api/v1/admin/cities/aksu/export.pb`, { headers: { Authorization: `Bearer ${stack.adminToken('aksu')}` } });
    assert.equal(exported.status, 200);
    const exportText = await exported.text();
    assert.ok(exportText.includes(proposal.title), 'the export holds the project');
    const publicText = JSON.stringify(await (await fetch(`${stack.api}/api/v1/cities/aksu/proposals/${id}`)).json());
    for (const [where, text] of [
      ['the audit log', auditText],
      ['the pabulib export', exportText],
      ['the public proposal', publicText],
      ['the server log', stack.logs()],
    ] as const) {
      for (const form of [phone, phoneDigits, '555 01 33', '5550133']) assert.ok(!text.includes(form), `no author phone (${form}) in ${where}`);
      // The author typed no IIN here (phone-only city); no 12-digit number that could be one leaks either.
      assert.doesNotMatch(text.replace(/"(at|id|challengeId|ref|reference|time)":"[^"]*"/g, ''), /(?<!\d)\d{12}(?!\d)/, `no IIN-like number in ${where}`);
    }
    for (const note of notes) assert.ok(!publicText.includes(note), 'residents never read an expert’s private note');
    assert.deepEqual(watched.flatMap((w) => w.pageErrors), []);
    assert.deepEqual(refused, [], 'no request of the walk was refused or missing');
    assert.deepEqual(watched.flatMap((w) => w.consoleErrors), [], 'no console errors');
    for (const w of watched) await w.context.close();
  });
});
