/**
 * A part of a widget fetched later (here the ballot's voting part) that met a
 * dead network is fetched again when the resident presses retry, without a
 * reload — in Firefox too, which keeps a failed module failed under its address
 * (scripts/import-again.ts, the build's answer to that). The network fails for
 * real: a server in front of the site drops every connection that asks for the
 * part's file while the "network" is dead.
 *
 * Also, without a browser: no chunk in dist/qala/ imports a sibling chunk with a
 * bare `import()` any more, and no chunk fetched through the helper is imported
 * statically by another (it could arrive under a retry address, and a second
 * copy or a failed address would come of it), but a widget's first load.
 *
 * QALA_E2E_DIST points at another build's dist/ (default: dist/).
 * E2E_ENGINES=firefox,chromium,webkit picks engines (default Firefox and Chromium).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join, normalize } from 'node:path';
import { adultIins } from '../../src/server/testing.js';
import { HELPER } from '../../scripts/import-again.js';
import { has, openDriver, shows, stepIs, until, type Engine } from './drivers.js';
import { codeCount, newCode, ROOT, startStack, submitProposal, type Stack } from './support.js';
import { ballotText } from './texts.js';

const ENGINES = (process.env.E2E_ENGINES ?? 'firefox,chromium').split(',').map((e) => e.trim()) as Engine[];
for (const engine of ENGINES) if (!['chromium', 'firefox', 'webkit'].includes(engine)) throw new Error(`E2E_ENGINES: no engine called ${engine}`);
const DIST = process.env.QALA_E2E_DIST ?? join(ROOT, 'dist');
const CHUNKS = join(DIST, 'qala');

describe('chunks fetched later go through the import-again helper', () => {
  const files = readdirSync(CHUNKS).filter((f) => f.endsWith('.js'));
  const code = new Map(files.map((f) => [f, readFileSync(join(CHUNKS, f), 'utf8')]));
  const manifest = JSON.parse(readFileSync(join(CHUNKS, 'manifest.json'), 'utf8')) as { boot: string[]; widgets: Record<string, { files: string[] }> };
  const firstLoad = new Set([...manifest.boot, ...Object.values(manifest.widgets).flatMap((w) => w.files)]);

  it('no chunk imports a sibling chunk with a bare import()', () => {
    const bare = [...code].flatMap(([file, text]) => [...text.matchAll(/\bimport\(\s*[`"']\.\/([^`"']+)[`"']\s*\)/g)].filter((m) => files.includes(m[1]!)).map((m) => `${file}: ${m[0]}`));
    assert.deepEqual(bare, []);
    // And the build did rewrite them: the widgets' chunks load their texts and parts through the helper.
    assert.equal([...code.values()].filter((text) => new RegExp(`export\\{[^}]* as ${HELPER}[,}]`).test(text)).length, 1, 'one chunk carries the helper');
    for (const file of manifest.widgets['qala-ballot']!.files.slice(0, 1)) assert.match(code.get(file)!, /\([`"']\.\/ballot\.vote-part-[\w-]+\.js[`"'],\s*import\.meta\.url\)/);
  });

  it('a chunk fetched through the helper is imported statically only where it is first-load', () => {
    const throughHelper = new Set([...code.values()].flatMap((text) => [...text.matchAll(/\([`"']\.\/([^`"']+\.js)[`"'],\s*import\.meta\.url\)/g)].map((m) => m[1]!)));
    assert.ok(throughHelper.size > 10, `chunks through the helper: ${[...throughHelper].join(' ')}`);
    const staticImports = [...code].flatMap(([file, text]) => [...text.matchAll(/(?:\bfrom|\bimport)\s*[`"']\.\/([^`"']+)[`"']/g)].map((m) => ({ file, imported: m[1]! })));
    const both = staticImports.filter(({ imported }) => throughHelper.has(imported) && !firstLoad.has(imported)).map(({ file, imported }) => `${file} -> ${imported}`);
    assert.deepEqual(both, []);
  });
});

/**
 * The site as the browser reaches it: dist/ from `DIST`, the rest from the test stack's host site. While `dead(file)`
 * is true for a file of dist/qala/, every connection asking for it is dropped (no answer, as on a dead network);
 * while `stalled(file)` is, it is held open and never answered (a mobile network that went quiet without a reset).
 */
async function startNetwork(stack: Stack, dead: (file: string) => boolean, stalled: (file: string) => boolean = () => false): Promise<{ origin: string; asked: string[]; close(): Promise<void> }> {
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://net');
    if (url.pathname.startsWith('/dist/qala/')) asked.push(url.pathname.slice('/dist/qala/'.length) + url.search);
    if (url.pathname.startsWith('/dist/qala/') && dead(url.pathname.slice('/dist/qala/'.length))) return void req.socket.destroy();
    if (url.pathname.startsWith('/dist/qala/') && stalled(url.pathname.slice('/dist/qala/'.length))) return;
    if (url.pathname === '/dist/qala.js' || url.pathname.startsWith('/dist/qala/')) {
      const file = join(DIST, normalize(url.pathname.slice('/dist/'.length)));
      if (!file.startsWith(DIST) || !existsSync(file)) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }).end(readFileSync(file));
    }
    const upstream = request(`${stack.origin}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    asked,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('a part whose fetch failed is fetched again on retry', { timeout: 300_000 }, () => {
  const B = ballotText.ru;
  const ballot = 'qala-ballot';
  const isVotePart = (file: string) => /^ballot\.vote-part-[\w-]+\.js$/.test(file.split('?')[0]!);
  let stack: Stack;
  let net: Awaited<ReturnType<typeof startNetwork>>;
  let partDead = false;
  let partStalled = false;
  let project: { id: string };
  before(async () => {
    stack = await startStack({ phase: 'submission' });
    net = await startNetwork(stack, (file) => partDead && isVotePart(file), (file) => partStalled && isVotePart(file));
    project = await submitProposal(stack, 'aksu', { title: 'Скамейки у пруда', description: 'Десять скамеек вдоль пруда в парке.', category: 'improvement', address: 'Парк', estimatedCost: 1_500_000, authorName: 'Алия', phone: '+77055551010' });
    assert.equal((await stack.admin('aksu', `/proposals/${project.id}/ballot`, { poolId: 'city' })).status, 200);
    assert.equal((await stack.admin('aksu', '/phases', { phase: 'voting', action: 'open' })).status, 200);
  });
  after(async () => {
    await net?.close();
    await stack?.close();
  });

  for (const [i, engine] of ENGINES.entries()) {
    it(`${engine}: the voting part, dropped by the network twice, comes on retry without a reload`, async () => {
      const driver = await openDriver(engine);
      try {
        partDead = true;
        await driver.goto(`${net.origin}/pages/cycle.html?city=aksu&lang=ru&only=ballot`);
        await until(driver, stepIs, [B['identify.title']], 'the identify step');
        const before = codeCount(stack);
        await driver.type(ballot, '#iin', adultIins(1, 800 + i)[0]!);
        await driver.type(ballot, '#phone', `+7701555${String(1100 + i).padStart(4, '0')}`);
        await driver.click(ballot, 'button', B['identify.submit']);
        await until(driver, stepIs, [B['code.title']], 'the code step');
        await driver.type(ballot, '#code', await newCode(stack, before));
        await driver.click(ballot, 'button', B['code.confirm']);
        // Fetched when the first step showed and asked again on reaching the ballot: both dropped.
        await until(driver, shows, [ballot, B['part.loadFailed']], 'the part\'s failure and its retry');
        assert.ok(net.asked.some(isVotePart), 'the browser asked for the part');

        partDead = false;
        const askedBefore = net.asked.length;
        await driver.click(ballot, 'button', B.retry);
        await until(driver, has, [ballot, `#c-${project.id}`], 'the ballot\'s choices after the retry');
        assert.ok(net.asked.slice(askedBefore).some(isVotePart), 'the retry fetched the part again');
        assert.equal(await driver.run(shows, ballot, B['part.loadFailed']), false, 'the failure message is gone');
      } finally {
        partDead = false;
        await driver.close();
      }
    });
  }

  // The helper's own logic, the same in every engine: one engine is enough (15 s of waiting for it).
  it(`${ENGINES[0]}: the voting part, whose fetch stalls, is given up after 15 s and comes on retry`, async () => {
    const driver = await openDriver(ENGINES[0]!);
    try {
      partStalled = true;
      await driver.goto(`${net.origin}/pages/cycle.html?city=aksu&lang=ru&only=ballot`);
      await until(driver, stepIs, [B['identify.title']], 'the identify step');
      const before = codeCount(stack);
      await driver.type(ballot, '#iin', adultIins(1, 820)[0]!);
      await driver.type(ballot, '#phone', '+77015551190');
      await driver.click(ballot, 'button', B['identify.submit']);
      await until(driver, stepIs, [B['code.title']], 'the code step');
      await driver.type(ballot, '#code', await newCode(stack, before));
      await driver.click(ballot, 'button', B['code.confirm']);
      assert.ok(net.asked.some(isVotePart), 'the browser asked for the part');
      // Nothing comes and nothing fails on the wire: the helper gives up after its 15 s and the widget says so.
      await until(driver, shows, [ballot, B['part.loadFailed']], 'the part\'s failure and its retry', 30_000);

      partStalled = false;
      const askedBefore = net.asked.length;
      await driver.click(ballot, 'button', B.retry);
      await until(driver, has, [ballot, `#c-${project.id}`], 'the ballot\'s choices after the retry');
      assert.ok(net.asked.slice(askedBefore).some((file) => isVotePart(file) && file.includes('?retry=')), 'the retry fetched the part under a fresh address');
    } finally {
      partStalled = false;
      await driver.close();
    }
  });
});
