/**
 * scripts/import-again.ts: which imports it routes through its helper, how it
 * rewrites them, and the helper itself (run in node on real files: a failed
 * import, the file arriving, a retry under a fresh address, one module).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HELPER, HELPER_SOURCE, homeChunk, plan, rewriteChunk, type ChunkLink } from '../../scripts/import-again.js';

const chunk = (fileName: string, imports: string[] = [], dynamicImports: string[] = [], isEntry = false, name = fileName.replace(/\.js$/, '')): ChunkLink => ({
  fileName,
  name,
  isEntry,
  imports,
  dynamicImports,
});

describe('import-again: which static imports go through the helper', () => {
  const graph = [
    chunk('boot.js', ['shared.js'], [], true, 'boot'),
    chunk('shared.js'),
    chunk('list.js', ['shared.js'], ['list.ru.js', 'list.line.js'], true),
    chunk('progress.js', ['shared.js', 'progress-api.js'], [], true),
    chunk('progress-api.js', ['shared.js']),
    chunk('list.ru.js', ['shared.js', 'common.ru.js']),
    chunk('common.ru.js'),
    chunk('list.line.js', ['shared.js', 'progress-api.js']),
  ];
  const { late, home } = plan(graph, ['boot']);

  it('the helper lives in the chunk the boot module imports', () => assert.equal(home, 'shared.js'));

  it('a chunk fetched later imports what the page may not have through the helper, what it has statically', () => {
    assert.deepEqual([...(late.get('list.ru.js') ?? [])], ['common.ru.js']);
    // Another widget's first-load chunk: there on a page with that widget, not on the list's own page.
    assert.deepEqual([...(late.get('list.line.js') ?? [])], ['progress-api.js']);
    assert.equal(late.has('list.js'), false);
    assert.equal(late.has('progress.js'), false);
  });

  it('two late chunks that import each other fail the build (an awaited import of each other never settles)', () => {
    const cycle = [chunk('boot.js', ['shared.js'], [], true, 'boot'), chunk('shared.js'), chunk('w.js', ['shared.js'], ['a.js'], true), chunk('a.js', ['b.js']), chunk('b.js', ['a.js'])];
    assert.throws(() => plan(cycle, ['boot']), /import each other/);
  });
});

describe('import-again: rewriting a chunk', () => {
  const siblings = new Set(['shared.js', 'part-AB12.js', 'common.kk-X.js', 'layout.js']);

  it('a dynamic import of a sibling chunk calls the helper; other imports stay', () => {
    const out = rewriteChunk('import { a as b } from "./shared.js";\nconst p = () => import("./part-AB12.js");\nconst q = () => import(`./part-AB12.js`);\nconst r = import(url);\nconst s = import("./elsewhere.js");\n', siblings, new Set(), 'shared.js')!;
    assert.match(out, new RegExp(`^import \\{ ${HELPER}, a as b \\} from "\\./shared\\.js";`));
    assert.equal(out.split(`${HELPER}("./part-AB12.js", import.meta.url)`).length, 3);
    assert.match(out, /import\(url\)/);
    assert.match(out, /import\("\.\/elsewhere\.js"\)/);
    assert.doesNotMatch(out, /import\("\.\/part/);
  });

  it('a static import of a late chunk becomes an awaited call of the helper, keeping its names', () => {
    const out = rewriteChunk('import { u as plural } from "./shared.js";\nimport { t as kk$1, v } from "./common.kk-X.js";\nexport default { ...kk$1, v };\n', siblings, new Set(['common.kk-X.js']), 'shared.js')!;
    assert.match(out, new RegExp(`const \\{ t: kk\\$1, v \\} = await ${HELPER}\\("\\./common\\.kk-X\\.js", import\\.meta\\.url\\);`));
    assert.doesNotMatch(out, /from "\.\/common/);
  });

  it('a re-export of a late chunk, and a chunk without an import of the helper\'s chunk', () => {
    const out = rewriteChunk('export { t as FlowLayout } from "./layout.js";\n', siblings, new Set(['layout.js']), 'shared.js')!;
    assert.match(out, new RegExp(`^import \\{ ${HELPER} \\} from "\\./shared\\.js";`));
    assert.match(out, new RegExp(`const \\{ t: (${HELPER}\\$0) \\} = await ${HELPER}\\("\\./layout\\.js", import\\.meta\\.url\\);\\nexport \\{ \\1 as FlowLayout \\};`));
  });

  it('a form it cannot rewrite fails the build instead of staying failed in Firefox', () => {
    assert.throws(() => rewriteChunk('import x, { a } from "./layout.js";\n', siblings, new Set(['layout.js']), 'shared.js'), /does not rewrite/);
  });

  it('in the helper\'s own chunk, its imports call the helper there', () => {
    const out = rewriteChunk('const load = () => import("./part-AB12.js");\n', siblings, new Set(), null)!;
    assert.equal(out, `const load = () => ${HELPER}("./part-AB12.js", import.meta.url);\n`);
    assert.match(homeChunk(out), new RegExp(`^const ${HELPER}\\$loads[^]*export \\{ ${HELPER} \\};\\n$`));
  });

  it('nothing to do: null', () => assert.equal(rewriteChunk('import { a } from "./shared.js";\nexport { a };\n', siblings, new Set(), 'shared.js'), null));
});

describe('import-again: the helper, on real files', () => {
  it('a failed import is tried again under a fresh address, and the module that came is the one every later call gets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qala-import-again-'));
    try {
      const home = join(dir, 'home.mjs');
      writeFileSync(home, homeChunk('export const unused = 0;'));
      const importAgain = ((await import(pathToFileURL(home).href)) as Record<string, unknown>)[HELPER] as (file: string, base: string) => Promise<{ n: number; url: string }>;
      const base = pathToFileURL(join(dir, 'widget.js')).href;
      await assert.rejects(importAgain('./part.mjs', base));
      (globalThis as Record<string, unknown>).qalaImportAgainRuns = 0;
      writeFileSync(join(dir, 'part.mjs'), 'globalThis.qalaImportAgainRuns++; export const n = 42; export const url = import.meta.url;');
      const [first, second] = await Promise.all([importAgain('./part.mjs', base), importAgain('./part.mjs', base)]);
      assert.equal(first.n, 42);
      assert.match(first.url, /\/part\.mjs\?retry=1$/, 'fetched under a fresh address');
      assert.equal(first, second, 'one module for calls on their way together');
      assert.equal(await importAgain('./part.mjs', pathToFileURL(join(dir, 'other.js')).href), first, 'one module whichever chunk asks');
      assert.equal((globalThis as Record<string, unknown>).qalaImportAgainRuns, 1, 'evaluated once');
      assert.ok(HELPER_SOURCE.includes('?retry='));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a fetch that stalls is given up after the stall time and asked again under a fresh address; only one module is handed out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qala-import-again-'));
    const g = globalThis as Record<string, unknown>;
    try {
      const home = join(dir, 'home.mjs');
      writeFileSync(home, homeChunk('export const unused = 0;', 150));
      const importAgain = ((await import(pathToFileURL(home).href)) as Record<string, unknown>)[HELPER] as (file: string, base: string) => Promise<{ url: string }>;
      const base = pathToFileURL(join(dir, 'widget.js')).href;
      // The first fetch never ends (a module awaiting for ever stands for a connection that stalled).
      writeFileSync(join(dir, 'part.mjs'), 'await new Promise((resolve) => { globalThis.qalaStalled = resolve; }); export const url = import.meta.url;');
      const started = Date.now();
      await assert.rejects(importAgain('./part.mjs', base), /timeout/);
      assert.ok(Date.now() - started >= 140, 'given up after the stall time, not before');
      writeFileSync(join(dir, 'part.mjs'), 'export const url = import.meta.url;');
      const again = await importAgain('./part.mjs', base);
      assert.match(again.url, /\/part\.mjs\?retry=1$/, 'asked under a fresh address');
      // The stalled fetch arrives after all: nobody gets its module, every call the retry's.
      (g.qalaStalled as () => void)();
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(await importAgain('./part.mjs', base), again);

      // A stalled fetch that arrives before anyone asked again is kept: no second fetch.
      writeFileSync(join(dir, 'late.mjs'), 'await new Promise((resolve) => { globalThis.qalaStalled = resolve; }); export const url = import.meta.url;');
      await assert.rejects(importAgain('./late.mjs', base));
      (g.qalaStalled as () => void)();
      await new Promise((r) => setTimeout(r, 20));
      const late = await importAgain('./late.mjs', base);
      assert.match(late.url, /\/late\.mjs$/, 'the first address, arrived late, not fetched again');
    } finally {
      delete g.qalaStalled;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
