/**
 * Following the winners (#11), on the real server with the demo's data and
 * the built script tag: a city runs this year's cycle while last year's
 * winners are built. Last year's results (`cycle` attribute) link every
 * funded project to its page in `<qala-progress>` (`progress-page`), where a
 * resident sees where it stands, what was spent and photos of the works;
 * meanwhile the same town takes this year's proposals. Screenshots go to
 * test-results/e2e/.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { demoConfig } from '../../src/server/seed.js';
import { ROOT, axe, launch, openPage, screenshot } from './support.js';

const BIN = join(ROOT, 'bin/qala.mjs');

describe('following the winners: two cycles at once, results linked to progress (#11)', () => {
  let dir: string;
  let server: ChildProcess;
  let base: string;
  let browser: Browser;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qala-e2e-progress-'));
    const now = new Date();
    const file = demoConfig(JSON.parse(readFileSync(join(ROOT, 'qala.config.example.json'), 'utf8')), now);
    for (const city of file.cities) city.identity = { method: 'phone_only' };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(file));
    const env = { ...process.env, QALA_SECRET: randomBytes(32).toString('base64') };
    const args = ['--config', join(dir, 'config.json'), '--db', join(dir, 'qala.db')];
    const seeded = spawnSync(process.execPath, [BIN, 'seed', ...args], { env, encoding: 'utf8' });
    assert.equal(seeded.status, 0, seeded.stderr);
    assert.match(seeded.stderr, /aksu: aksu-2025 winners being built/);
    server = spawn(process.execPath, [BIN, 'serve', ...args, '--dist', join(ROOT, 'dist'), '--static', join(ROOT, 'demo'), '--port', '0', '--host', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    base = await new Promise<string>((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 30_000);
      server.stderr!.on('data', (chunk: Buffer) => {
        err += chunk.toString();
        const m = /serving on (http:\/\/\S+)/.exec(err);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!.replace(/\/$/, ''));
        }
      });
      server.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
    });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    if (server) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('Aksu: last year’s results link each funded project to its progress page: stages, money, photos, feed (ru, desktop)', async () => {
    const { page, pageErrors } = await openPage(browser);
    await page.goto(`${base}/progress.html`);
    const results = page.locator('qala-results');
    await results.locator('[part=progress-link]').first().waitFor({ timeout: 20_000 });
    assert.equal(await results.locator('[part=mode]').textContent(), 'Окончательные итоги');
    const links = results.locator('[part=progress-link]');
    assert.equal(await links.count(), 4, 'the four funded projects of 2025 link to their pages');
    const progress = page.locator('qala-progress');
    await progress.locator('[part=card]').first().waitFor();
    assert.equal(await progress.locator('[part=card]').count(), 4);
    await screenshot(page, 'progress-aksu-list');

    const built = results.locator('[part=progress-link]', { hasText: 'Балалар алаңы' });
    await built.click();
    await progress.locator('#project-h').waitFor();
    assert.match(page.url(), /#project=p_/);
    const detail = (await progress.locator('.detail').textContent())!.replace(/\s+/g, ' ');
    assert.match(detail, /Реализован/);
    assert.match(detail, /Подорожало резиновое покрытие/);
    assert.match(detail, /ИП «Балапан»/);
    assert.equal(await progress.locator('.photos.pair img').count(), 2, 'before and after');
    for (const img of await progress.locator('.photos.pair img').all()) assert.ok(await img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0), 'the photo loads');
    assert.equal(await progress.locator('[part=timeline] li').count(), 2);
    const feed = await progress.locator('[part=feed]').getAttribute('href');
    const atom = await fetch(new URL(feed!, base));
    assert.equal(atom.status, 200);
    assert.match(atom.headers.get('content-type')!, /application\/atom\+xml/);
    const xml = await atom.text();
    assert.match(xml, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
    assert.match(xml, new RegExp(`href="${base.replace(/[.]/g, '\\.')}/progress\\.html#project=p_`), 'entries link to the page the resident subscribed from');
    await screenshot(page, 'progress-aksu-project');
    const violations = await axe(page, 'qala-progress');
    assert.deepEqual(violations, [], JSON.stringify(violations));
    assert.deepEqual(pageErrors, []);
    await page.context().close();
  });

  it('Lisakovsk takes this year’s proposals while last year’s winners are built (kk, 360 px)', async () => {
    const { page, pageErrors } = await openPage(browser, { viewport: { width: 360, height: 740 }, locale: 'kk-KZ' });
    await page.goto(`${base}/akimat.html?city=lisakovsk`);
    const form = page.locator('qala-proposal-form');
    await form.locator('form').first().waitFor({ timeout: 20_000 });
    await page.goto(`${base}/progress.html?city=lisakovsk`);
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('qala-results, qala-progress')) el.setAttribute('lang', 'kk');
    });
    const progress = page.locator('qala-progress');
    await progress.locator('[part=card]').first().waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector('qala-progress')!.shadowRoot!.textContent!.includes('Жеңімпаз жобалар'));
    const list = (await page.evaluate(() => document.querySelector('qala-progress')!.shadowRoot!.textContent!)).replace(/\s+/g, ' ');
    assert.match(list, /Жеңімпаз жобалар қалай іске асырылуда/);
    assert.match(list, /Лисаковск 2026/);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'fits 360 px');
    await progress.locator('a[data-project]').first().click();
    await progress.locator('#project-h').waitFor();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page fits 360 px');
    await screenshot(page, 'progress-lisakovsk-360');
    const violations = await axe(page, 'qala-progress');
    assert.deepEqual(violations, [], JSON.stringify(violations));
    assert.deepEqual(pageErrors, []);
    await page.context().close();
  });
});
