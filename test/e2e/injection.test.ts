/**
 * Stored and reflected injection, end to end: XSS and markup payloads go in
 * wherever a resident, the expert council or the host page can put text —
 * proposal titles, descriptions, addresses, author names, photo file names,
 * review notes, widget attributes, the URL hash — travel through the real
 * server, and come back in every widget. Each payload sets `window.__pwned`
 * if it ever runs; it must never run, must never become an element or an
 * attribute, and must be readable as the text the resident typed.
 *
 * The host page has no CSP, so nothing but the widgets' own rendering stands
 * between a payload and the page.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { normalizeLine, normalizeText } from '../../src/contract/text.js';
import { adultIins } from '../../src/server/testing.js';
import { codeCount, newCode, openPage, png, residentCall, screenshot, settled, submitProposal, verifyVoter, type Stack, type Watched, stackAndBrowser } from './support.js';
import { ballotText, formText, listText } from './texts.js';

/** Every payload would set `window.__pwned` to its own name if the browser ever ran it. */
const PAYLOADS: Record<string, string> = {
  img: `<img src=x onerror="window.__pwned='img'">`,
  script: `<script>window.__pwned='script'</script>`,
  svg: `"><svg onload="window.__pwned='svg'">`,
  jsUrl: `javascript:window.__pwned='jsUrl'//`,
  template: `{{constructor.constructor('window.__pwned="template"')()}}`,
  bidi: `\u202Eexe.gnp\u202C <b onmouseover="window.__pwned='bidi'">x</b>`,
  longWord: 'Ө'.repeat(70),
  style: `</style><img src=x onerror="window.__pwned='style'">`,
  templateLiteral: '${window.__pwned="templateLiteral"}<!--?lit$123$-->',
  iframe: `<iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe>`,
  entity: `&lt;img src=x onerror=window.__pwned='entity'&gt; &amp;`,
  attr: `' autofocus onfocus='window.__pwned="attr"' x='`,
};
const NAMES = Object.keys(PAYLOADS);
/** Payloads without a slash (a file name keeps only what follows the last one). */
const FILE_SAFE = NAMES.filter((n) => !PAYLOADS[n]!.includes('/'));

/** What the page would look like after an attack: the flag, and any element or attribute a payload could have made. */
async function damage(page: Page): Promise<{ pwned: unknown; bad: string[] }> {
  return page.evaluate(() => {
    const bad: string[] = [];
    // Iterative on purpose: no named functions in here (the test transpiler would wrap them in a helper the page lacks).
    const roots: { root: Document | ShadowRoot; inShadow: boolean }[] = [{ root: document, inShadow: false }];
    while (roots.length) {
      const { root, inShadow } = roots.pop()!;
      for (const el of root.querySelectorAll('*')) {
        for (const a of Array.from(el.attributes)) if (/^on/i.test(a.name)) bad.push(`<${el.localName} ${a.name}>`);
        if (inShadow && ['script', 'iframe', 'object', 'embed'].includes(el.localName)) bad.push(`<${el.localName}> in a shadow root`);
        for (const name of ['href', 'src', 'action', 'formaction', 'srcdoc']) {
          const v = el.getAttribute(name);
          if (v !== null && (/^\s*javascript:/i.test(v) || v === 'x' || name === 'srcdoc')) bad.push(`<${el.localName} ${name}="${v.slice(0, 40)}">`);
        }
        if (el.hasAttribute('autofocus') && inShadow) bad.push(`<${el.localName} autofocus>`);
        if (el.shadowRoot) roots.push({ root: el.shadowRoot, inShadow: true });
      }
    }
    return { pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null, bad };
  });
}

async function assertSafe(page: Page, where: string): Promise<void> {
  // Give onerror/onload handlers of anything that slipped through time to fire.
  await page.waitForTimeout(150);
  const d = await damage(page);
  assert.equal(d.pwned, null, `a payload ran (${where})`);
  assert.deepEqual(d.bad, [], `payload markup became elements or attributes (${where})`);
}

/** The widget's text (the payloads must be readable as text, not swallowed). */
async function textOf(page: Page, selector: string): Promise<string> {
  return page.evaluate((sel) => document.querySelector(sel)!.shadowRoot!.textContent ?? '', selector);
}

function assertShows(text: string, expected: string[], where: string): void {
  const missing = expected.filter((e) => !text.includes(e));
  assert.deepEqual(missing, [], `${where} does not show these as text`);
}

type Payloaded = { id: string; title: string; description: string; address: string; authorName: string; note: string };
type Seeded = { byPayload: Map<string, Payloaded>; rejected: { id: string; note: string }; merged: { id: string; note: string; into: string } };

/** Proposals carrying the payloads, put through review and onto the ballot; a rejected one and a merged one with payload notes. */
async function seed(stack: Stack): Promise<Seeded> {
  /** Proposal id → the payload it carries. */
  const byPayload = new Map<string, Payloaded>();
  // Residents' proposals through the public API, one payload in every field; the photo's file name too.
  for (const [i, name] of NAMES.entries()) {
    const payload = PAYLOADS[name]!;
    const fields = {
      title: `T${i} ${payload}`,
      description: `Описание ${i}: ${payload}\nвторая строка ${payload}`,
      category: 'improvement',
      address: `A${i} ${payload}`,
      estimatedCost: 100_000 + i * 1000,
      authorName: `N${i} ${payload}`.slice(0, 80),
      phone: `+7701${String(3000000 + i)}`,
    };
    const created = await submitProposal(stack, 'aksu', fields, `${payload}.png`);
    assert.equal(created.photos[0].name, normalizeLine(`${payload}.png`).slice(0, 200), 'the file name is stored as text');
    byPayload.set(name, { id: created.id, ...fields, note: `N${i}: ${payload}` });
  }
  // The expert council writes payloads in its notes too.
  for (const p of byPayload.values()) {
    assert.equal((await stack.admin('aksu', `/proposals/${p.id}/status`, { status: 'under_review', note: p.note })).status, 200);
    assert.equal((await stack.admin('aksu', `/proposals/${p.id}/ballot`, { poolId: 'city', note: `${p.note} (ballot)` })).status, 200);
  }
  const all = Object.values(PAYLOADS).join('\n');
  const r = await submitProposal(stack, 'aksu', { title: 'Отклонённая заявка', description: 'Заявка, которую совет отклонит с причиной.', category: 'sport', address: 'ул. Мира, 1', estimatedCost: 50_000, authorName: 'Ерлан', phone: '+77019990001' });
  assert.equal((await stack.admin('aksu', `/proposals/${r.id}/status`, { status: 'rejected', note: all })).status, 200);
  const rejected = { id: r.id, note: all };
  const m = await submitProposal(stack, 'aksu', { title: 'Дубликат заявки', description: 'Та же идея, что и у другой заявки, её объединят.', category: 'sport', address: 'ул. Мира, 2', estimatedCost: 60_000, authorName: 'Дана', phone: '+77019990002' });
  const into = byPayload.get('img')!.id;
  assert.equal((await stack.admin('aksu', `/proposals/${m.id}/merge`, { into, note: PAYLOADS.svg })).status, 200);
  const merged = { id: m.id, note: PAYLOADS.svg!, into };
  return { byPayload, rejected, merged };
}

describe('injection: payloads are shown as text everywhere and never run', { timeout: 150_000 }, () => {
  const env = stackAndBrowser('submission');
  let seeded: Seeded;
  before(async () => {
    seeded = await seed(env.stack);
  });

  it('the form: payloads typed into every field and in photo file names are kept as text; a javascript: proposal-url gives no link', async () => {
    const { stack, browser } = env;
    const w: Watched = await openPage(browser);
    const { page } = w;
    const F = formText.ru;
    await page.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=ru&only=form&proposal-url=${encodeURIComponent(`javascript:window.__pwned='proposalUrl'//{id}`)}`);
    await settled(page);
    const form = (sel: string) => page.locator(`qala-proposal-form ${sel}`);
    await form('#f-title').fill(`Форма ${PAYLOADS.img}`);
    await form('#f-description').fill(`${PAYLOADS.script}\n${PAYLOADS.style}\n${PAYLOADS.templateLiteral}`);
    await form('#f-category').selectOption('culture');
    await form('#f-address').fill(PAYLOADS.svg!);
    await form('#f-cost').fill('250000');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), form('#f-photos').click()]);
    await chooser.setFiles(FILE_SAFE.slice(0, 5).map((n) => ({ name: `${PAYLOADS[n]}.png`, mimeType: 'image/png', buffer: png(40, 30) })));
    await page.waitForFunction(() => document.querySelector('qala-proposal-form')!.shadowRoot!.querySelectorAll('.photo img').length === 5, undefined, { timeout: 15_000 });
    await form('#f-author').fill(PAYLOADS.template!.slice(0, 60));
    await form('#f-phone').fill('+77019990003');
    await form('#f-consent').check();
    // Each photo's name is shown as text (re-encoded as .jpg).
    const shownNames = await page.evaluate(() => [...document.querySelector('qala-proposal-form')!.shadowRoot!.querySelectorAll('.photo .user-text')].map((e) => e.textContent));
    assert.deepEqual(shownNames, FILE_SAFE.slice(0, 5).map((n) => `${normalizeLine(PAYLOADS[n]!)}.jpg`));
    assert.equal(await form('#f-address').inputValue(), PAYLOADS.svg);
    await assertSafe(page, 'form, filled');
    await screenshot(page, 'injection-form');
    await form('[part~="submit-button"]').click();
    await form('#result-heading').waitFor({ timeout: 15_000 });
    assert.equal((await form('#result-heading').textContent())?.trim(), F['done.heading']);
    assert.equal(await form('a[href]').count(), 0, 'a javascript: proposal-url must not become a link');
    const id = ((await form('.id').textContent()) ?? '').trim();
    const stored = await residentCall(stack, 'GET', `/cities/aksu/proposals/${id}`);
    assert.equal(stored.json.title, normalizeLine(`Форма ${PAYLOADS.img}`), 'the server keeps the title as the resident typed it');
    assert.equal(stored.json.address, normalizeLine(PAYLOADS.svg!));
    assert.deepEqual(
      stored.json.photos.map((p: { name: string }) => p.name),
      FILE_SAFE.slice(0, 5).map((n) => `${normalizeLine(PAYLOADS[n]!)}.jpg`),
    );
    await assertSafe(page, 'form, sent');
    assert.deepEqual(w.pageErrors, []);
    await w.context.close();
  });

  it('the list: cards, reasons, merged-into titles and the detail dialog show payloads as text; the URL hash is not code', async () => {
    const { stack, browser } = env;
    const w: Watched = await openPage(browser, { viewport: { width: 360, height: 740 } });
    const { page } = w;
    await page.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=ru&only=list`);
    await settled(page);
    const list = await textOf(page, 'qala-proposal-list');
    assertShows(list, [...seeded.byPayload.values()].map((p) => normalizeLine(p.title)), 'the list (titles)');
    assertShows(list, [normalizeText(seeded.rejected.note)], 'the rejected card (reason)');
    const mergedCard = page.locator(`qala-proposal-list article:has(button[data-id="${seeded.merged.id}"])`);
    assert.ok(((await mergedCard.textContent()) ?? '').includes(normalizeLine(seeded.byPayload.get('img')!.title)), 'merged card names the target by its title, as text');
    await assertSafe(page, 'list');
    // A word with no break points must not push a phone screen sideways.
    const scroll = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    assert.ok(scroll <= 360, `the page is ${scroll}px wide on a 360px screen`);
    await screenshot(page, 'injection-list');

    // Every detail dialog: description, address, author, every note of the history (the merge note too).
    const dialogs = [...seeded.byPayload.values(), { id: seeded.merged.id, title: 'Дубликат заявки', description: 'Та же идея, что и у другой заявки, её объединят.', address: 'ул. Мира, 2', authorName: 'Дана', note: seeded.merged.note }];
    for (const p of dialogs) {
      await page.locator(`qala-proposal-list button[data-id="${p.id}"]`).click();
      const dialog = page.locator('qala-proposal-list dialog[open]');
      await dialog.locator('#detail-title').waitFor();
      const text = (await dialog.textContent()) ?? '';
      const notes = p.id === seeded.merged.id ? [normalizeText(p.note)] : [normalizeText(p.note), normalizeText(`${p.note} (ballot)`)];
      assertShows(text, [normalizeLine(p.title), normalizeText(p.description), normalizeLine(p.address), normalizeLine(p.authorName), ...notes], `the dialog of ${p.id}`);
      await assertSafe(page, `dialog of ${p.id}`);
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('qala-proposal-list')!.shadowRoot!.querySelector('dialog[open]'));
    }
    await w.context.close();

    // The hash of a list with sync-url: a search and a proposal id built from payloads.
    const h: Watched = await openPage(browser);
    const hash = `#qala:q=${encodeURIComponent(PAYLOADS.img!)}&proposal=${encodeURIComponent(PAYLOADS.svg!)}&category=${encodeURIComponent(PAYLOADS.script!)}`;
    await h.page.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=ru&only=list&sync-url=1${hash}`);
    await settled(h.page);
    assert.equal(await h.page.locator('qala-proposal-list #flt-q').inputValue(), PAYLOADS.img, 'the search from the hash is a search, as text');
    assert.equal(await h.page.locator('qala-proposal-list dialog[open]').count(), 0, 'an id that is not an id opens nothing');
    assert.equal(await h.page.locator('qala-proposal-list').getAttribute('category'), '', 'a category that is not an id is ignored');
    // The search finds the proposal that carries this payload, as plain text.
    await h.page.waitForFunction(() => !document.querySelector('qala-proposal-list')!.shadowRoot!.querySelector('[aria-busy="true"]'));
    assertShows(await textOf(h.page, 'qala-proposal-list'), [normalizeLine(seeded.byPayload.get('img')!.title)], 'the list searched for the payload');
    await assertSafe(h.page, 'list from a hostile hash');
    // A hash change while the page is open, too.
    await h.page.evaluate((p) => (location.hash = `#qala:q=${encodeURIComponent(p)}`), PAYLOADS.iframe!);
    await h.page.waitForFunction((p) => (document.querySelector('qala-proposal-list')!.shadowRoot!.querySelector('#flt-q') as HTMLInputElement).value === p, PAYLOADS.iframe!);
    await h.page.waitForFunction(
      (title) => (document.querySelector('qala-proposal-list')!.shadowRoot!.textContent ?? '').includes(title),
      normalizeLine(seeded.byPayload.get('iframe')!.title),
      { timeout: 10_000 },
    );
    await assertSafe(h.page, 'list after a hostile hashchange');
    assert.deepEqual([...w.pageErrors, ...h.pageErrors], []);
    await h.context.close();
  });

  it('attributes set to payloads (city, lang, accent, radius, font, theme, api) break nothing and run nothing', async () => {
    const { stack, browser } = env;
    const w: Watched = await openPage(browser);
    const { page } = w;
    await page.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=ru`);
    await settled(page);
    const attrs: Record<string, string> = {
      accent: `red;}</style><img src=x onerror="window.__pwned='accent'"><style>`,
      radius: `1em;} :host{background:url(javascript:window.__pwned='radius')}`,
      font: `x"; } </style><script>window.__pwned='font'</script>`,
      theme: PAYLOADS.img!,
      density: PAYLOADS.svg!,
      lang: PAYLOADS.attr!,
    };
    await page.evaluate((a) => {
      for (const el of document.querySelectorAll('qala-proposal-form, qala-proposal-list, qala-ballot, qala-results')) for (const [k, v] of Object.entries(a)) el.setAttribute(k, v);
    }, attrs);
    await page.waitForTimeout(300);
    await assertSafe(page, 'theme and language attributes');
    // An unknown language falls back to the page's language: the list still speaks Russian.
    assert.equal((await page.locator('qala-proposal-list #list-heading').textContent())?.trim(), listText.ru.heading);
    await screenshot(page, 'injection-attributes');

    // A city (and an API base) that are payloads: an error the resident can read, nothing else.
    await page.evaluate((p) => {
      document.getElementById('list')!.setAttribute('city', p.img!);
      document.getElementById('results')!.setAttribute('city', p.svg!);
      document.getElementById('form')!.setAttribute('city', p.script!);
      document.getElementById('ballot')!.setAttribute('api', p.jsUrl!);
    }, PAYLOADS as Record<string, string>);
    // Each says, in words, that the city is unknown or the server unreachable.
    const expected: Record<string, string> = {
      'qala-proposal-list': listText.ru['error.not_found'],
      'qala-results': listText.ru['error.not_found'],
      'qala-proposal-form': listText.ru['error.not_found'],
      'qala-ballot': listText.ru['error.network'],
    };
    await page.waitForFunction(
      (e) => Object.entries(e).every(([tag, text]) => (document.querySelector(tag)!.shadowRoot!.textContent ?? '').includes(text)),
      expected,
      { timeout: 10_000 },
    );
    await assertSafe(page, 'city and api attributes');
    assert.deepEqual(w.pageErrors, []);
    await w.context.close();
  });

});

/** On a stack of its own: this one opens voting, which the tests above (taking proposals) must not see. */
describe('injection: the ballot and the results', { timeout: 150_000 }, () => {
  const env = stackAndBrowser('submission');
  let seeded: Seeded;
  before(async () => {
    seeded = await seed(env.stack);
  });

  it('the ballot and the results show payloads as text; voting with them on the ballot works', async () => {
    const { stack, browser } = env;
    assert.equal((await stack.admin('aksu', '/phases', { phase: 'voting', action: 'open' })).status, 200);
    const w: Watched = await openPage(browser);
    const { page } = w;
    const B = ballotText.ru;
    await page.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=ru&only=ballot`);
    await settled(page);
    const before = codeCount(stack);
    await page.locator('qala-ballot #iin').fill(adultIins(1)[0]!);
    await page.locator('qala-ballot #phone').fill('+77019990010');
    await page.locator('qala-ballot').getByRole('button', { name: B['identify.submit'] }).click();
    await page.locator('qala-ballot #code').fill(await newCode(stack, before));
    await page.locator('qala-ballot').getByRole('button', { name: B['code.confirm'] }).click();
    await page.locator(`qala-ballot #c-${seeded.byPayload.get('img')!.id}`).waitFor();
    const ballot = await textOf(page, 'qala-ballot');
    for (const p of seeded.byPayload.values()) {
      assertShows(ballot, [normalizeLine(p.title), normalizeLine(p.address), normalizeLine(p.authorName)], `ballot card of ${p.id}`);
    }
    await assertSafe(page, 'ballot');
    await screenshot(page, 'injection-ballot');
    const picks = ['img', 'script', 'bidi'].map((n) => seeded.byPayload.get(n)!);
    for (const p of picks) await page.locator(`qala-ballot #c-${p.id}`).check();
    await page.locator('qala-ballot').getByRole('button', { name: B['ballot.review'] }).click();
    await page.locator('qala-ballot [part~="review"]').waitFor();
    assertShows((await page.locator('qala-ballot [part~="review"]').textContent()) ?? '', picks.map((p) => normalizeLine(p.title)), 'the review step');
    await assertSafe(page, 'ballot review');
    await page.locator('qala-ballot [part~="submit-button"]').click();
    await page.locator('qala-ballot [part~="receipt"]').waitFor({ timeout: 15_000 });
    await assertSafe(page, 'ballot receipt');

    // Two more voters through the API, then results.
    for (const [i, iin] of adultIins(3).slice(1).entries()) {
      const session = await verifyVoter(stack, 'aksu', 'aksu-2026', iin, `+7701999002${i}`);
      const cast = await residentCall(
        stack,
        'POST',
        '/cities/aksu/ballots',
        { cycleId: 'aksu-2026', choices: [{ poolId: 'city', picks: [{ projectId: seeded.byPayload.get('template')!.id }, { projectId: seeded.byPayload.get('style')!.id }] }] },
        { Authorization: `Bearer ${session.token}`, 'Idempotency-Key': randomBytes(8).toString('hex') },
      );
      assert.equal(cast.status, 201);
    }
    assert.equal((await stack.admin('aksu', '/phases', { phase: 'voting', action: 'close' })).status, 200);
    assert.equal((await stack.admin('aksu', '/phases', { phase: 'results', action: 'open' })).status, 200);
    for (const p of picks) assert.equal((await stack.admin('aksu', `/proposals/${p.id}/status`, { status: 'winner', note: `${PAYLOADS.iframe} ${PAYLOADS.entity}` })).status, 200);

    await page.goto(`${stack.origin}/pages/cycle.html?city=aksu&lang=ru&only=results,list`);
    await settled(page);
    const results = await textOf(page, 'qala-results');
    assertShows(results, [...seeded.byPayload.values()].map((p) => normalizeLine(p.title)), 'the results table');
    // The chart's labels and tooltips (SVG text) too.
    const chart = await page.evaluate(() => [...document.querySelector('qala-results')!.shadowRoot!.querySelectorAll('svg title')].map((t) => t.textContent ?? ''));
    assert.ok(chart.some((t) => t.startsWith(normalizeLine(picks[0]!.title))), `chart tooltips: ${chart.join(' | ').slice(0, 300)}`);
    await assertSafe(page, 'results');
    await screenshot(page, 'injection-results');
    // The winners' notes in the list's history.
    await page.locator(`qala-proposal-list button[data-id="${picks[0]!.id}"]`).click();
    const dialog = page.locator('qala-proposal-list dialog[open]');
    await dialog.locator('#detail-title').waitFor();
    assertShows((await dialog.textContent()) ?? '', [normalizeText(`${PAYLOADS.iframe} ${PAYLOADS.entity}`)], 'the winner note');
    await assertSafe(page, 'winner dialog');
    assert.deepEqual(w.pageErrors, []);
    await w.context.close();
  });
});
