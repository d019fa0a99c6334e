import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { axeWhere, codeCount, newCode, openPage, screenshot, stackAndBrowser, submitProposal } from './support.js';

/**
 * Authors refine their proposals (#13) against the real server: a proposal is
 * submitted, the centre sends it back with a note through the admin API, the
 * author opens "My proposals" in the form in Kazakh, proves the phone with the
 * code the server sent, reads the note, corrects the place and sends it again;
 * the status is back under review and the centre sees both versions.
 */
describe('authors refine their proposals', { timeout: 180_000 }, () => {
  const env = stackAndBrowser('submission');

  it('submit → needs changes with a note → the author sees it in kk, corrects, resubmits → under review, two versions', async () => {
    const { stack, browser } = env;
    const phone = '+77015550177';
    const created = await submitProposal(stack, 'aksu', {
      title: 'Орындықтар мектеп жанында',
      description: 'Мектептің жанында бірде-бір орындық жоқ, ата-аналар балаларын тұрып күтеді.',
      category: 'improvement',
      address: 'Абай көшесі, 10',
      estimatedCost: 1_300_000,
      authorName: 'Айгүл',
      phone,
    });
    assert.match(created.reference, /^[A-HJ-NPR-Z]{3}-[2-9]{4}$/, 'the proposal has a short reference');
    const note = 'Орнын нақтылаңыз: мектептің қай кіреберісі?';
    const sent = await stack.admin('aksu', `/proposals/${created.id}/status`, { status: 'needs_changes', note });
    assert.equal(sent.status, 200, JSON.stringify(sent.json));

    const { page } = await openPage(browser, { viewport: { width: 360, height: 740 } });
    await page.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=kk&only=form`);
    const form = (sel: string) => page.locator(`qala-proposal-form ${sel}`);
    await form('[part~="my-proposals-button"]').first().waitFor({ timeout: 15_000 });
    await form('[part~="my-proposals-button"]').first().click();
    await form('#mine-phone').waitFor();
    assert.deepEqual(await axeWhere(page), [], 'the phone step passes axe');
    const before = codeCount(stack);
    await form('#mine-phone').fill('8 701 555 01 77');
    await form('#mine-phone').press('Enter');
    await form('#mine-code').waitFor();
    const code = await newCode(stack, before);
    await form('#mine-code').fill(code);
    await form('#mine-code').press('Enter');
    await form('.mine-item').waitFor({ timeout: 15_000 });
    const item = (await form('.mine-item').innerText()).replace(/\s+/g, ' ');
    assert.ok(item.includes('Түзету керек'), item);
    assert.ok(item.includes(note), 'the council’s note is shown');
    assert.ok(item.includes(created.reference), 'and the reference');
    assert.deepEqual(await axeWhere(page), [], 'the list passes axe');
    await screenshot(page, 'authors-01-list');

    await form(`#mine-edit-${created.id}`).click();
    await form('#edit-address').waitFor();
    await form('#edit-address').fill('Абай көшесі, 10, бас кіреберіс');
    assert.deepEqual(await axeWhere(page), [], 'the edit form passes axe');
    await form('#edit-address').press('Enter');
    await form('#mine-notice').waitFor({ timeout: 15_000 });
    assert.ok((await form('.mine-item').innerText()).includes('Қаралуда'), 'the status is back under review');
    await screenshot(page, 'authors-02-resubmitted');

    const now = await stack.admin('aksu', `/proposals/${created.id}`);
    assert.equal(now.json.status, 'under_review');
    assert.equal(now.json.address, 'Абай көшесі, 10, бас кіреберіс');
    const versions = await stack.admin('aksu', `/proposals/${created.id}/versions`);
    assert.equal(versions.status, 200);
    assert.deepEqual(
      versions.json.items.map((v: { n: number; changed: string[] }) => [v.n, v.changed]),
      [
        [1, []],
        [2, ['address']],
      ],
    );
    assert.ok(!stack.logs().includes(phone) && !stack.logs().includes('7015550177'), 'the phone is never in the server log');
  });
});
