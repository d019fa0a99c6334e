import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { esmWidget, scriptPages, sizes } from '../../scripts/size.js';
import type { Manifest } from '../../src/script/loader.js';
import { ROOT } from './support.js';

/**
 * Issue 7 asks for 45 KB gzip. `dist/qala.js`, the script a host page
 * includes, is a loader of about 2.5 KB: it fetches from `dist/qala/` only the
 * widgets a page shows and the one language it shows them in. What a page
 * downloads in all (each file compressed on its own, as a server sends it):
 * results, list ≈ 37–38 KB, form ≈ 43 KB, ballot ≈ 54 KB, all four ≈ 83 KB.
 * `npm run size` prints each. The page budgets below stop that growing; the
 * ballot page is over 45 KB gzip, see the note on issue 7. Proving the person
 * (issue 16: voter list, census, sign-in with a provider, their texts) added
 * about 3.5 KB to the ballot page. Issue 14 (4 December, measured with
 * `npm run size`, kk/ru/en): ballot 54.8–56.5 KB, form 45.3–46.6, list
 * 41.1–42.0, results 39.5–40.8, progress 38.6–39.6, all five widgets 93.1,
 * the one-file bundle 114.4 (it inlines the proposal list's virtualizer,
 * 8.4 KB, which script-tag pages fetch only for a long list, and the fifth
 * widget). The budgets sit about half a kilobyte above, so growth fails here;
 * issue 14's targets (40 KB a page, 65 all) are not reached yet. "My proposals"
 * (issue 13) took the form to 49.2–50.7 KB; since it loads only when opened
 * (its own chunk, 3.6 KB gzip), measured 4 December: ballot 54.6–56.3 KB, form
 * 47.3–48.7, list 41.2–42.0, results 39.6–40.8, progress 39.6–40.6, all five
 * 96.7, the one-file bundle 121.1 (it inlines every lazily loaded chunk).
 * Later on 4 December (ru, the largest): ballot 57.2 KB, form 49.8, list 43.3,
 * results 41.5, progress 41.3, all five 99.3, bundle 124.6. What grew: the
 * ballot and the form split into controllers (issue 17; each controller's
 * class and host calls, ~0.3–0.4 KB a widget), the list's progress line on
 * winners' cards and the cancelled status (issue 11, ~0.8 KB on the list; its
 * progress client is a lazy chunk), the results' Add1 line (issue 12). The
 * progress client and its schemas were taken out of the shared chunk (0.6–0.7
 * KB less on the ballot, form, list and results pages, 0.7 more on the
 * progress page and on all five, where they travel twice).
 */
const KB = 1024;
const LOADER_BUDGET = 45 * KB;
const PAGE_BUDGET: Record<string, number> = {
  'qala-proposal-form': 50.2 * KB,
  'qala-proposal-list': 43.7 * KB,
  'qala-ballot': 57.6 * KB,
  'qala-results': 41.9 * KB,
  // Its own schemas travel with it alone (client/progress.ts, kept out of the shared chunk).
  'qala-progress': 41.7 * KB,
};
const ALL_BUDGET = 99.7 * KB;
/** The one-file build carries all three languages. */
const BUNDLE_BUDGET = 125 * KB;
const kb = (n: number) => `${(n / KB).toFixed(1)} KB`;

describe('dist/qala.js, the script tag', () => {
  const loader = readFileSync(join(ROOT, 'dist/qala.js'));
  const manifest = JSON.parse(readFileSync(join(ROOT, 'dist/qala/manifest.json'), 'utf8')) as Manifest;
  const pages = scriptPages(ROOT);
  /** Every module in `dist/qala/`, read once for the tests below. */
  const chunks = readdirSync(join(ROOT, 'dist/qala'))
    .filter((f) => f.endsWith('.js'))
    .map((file) => ({ file, text: readFileSync(join(ROOT, 'dist/qala', file), 'utf8') }));

  it(`is a loader within the ${LOADER_BUDGET / KB} KB gzip budget, carrying no widget and no texts`, () => {
    const s = sizes(loader);
    assert.ok(s.gzip <= LOADER_BUDGET, `dist/qala.js is ${kb(s.gzip)} gzip`);
    assert.doesNotMatch(loader.toString('utf8'), /Голосование|Дауыс беру|lit-html/);
  });

  for (const page of pages) {
    const budget = page.tags.length === 1 ? PAGE_BUDGET[page.tags[0]!]! : ALL_BUDGET;
    it(`a page with ${page.name}: everything it downloads is within ${kb(budget)} gzip`, () => {
      assert.ok(page.size.gzip <= budget, `${page.name}: ${kb(page.size.gzip)} gzip (${page.files.join(', ')})`);
    });
  }

  it('a page downloads only its own widget and language', () => {
    const ballotKk = pages.find((p) => p.name === 'ballot, kk')!;
    const text = ballotKk.files.map((f) => readFileSync(join(ROOT, 'dist', f), 'utf8')).join('\n');
    assert.match(text, /Дауыс беру/); // kk
    assert.doesNotMatch(text, /Голосование/); // ru
    for (const [tag, widget] of Object.entries(manifest.widgets)) {
      if (tag !== 'qala-ballot') assert.ok(!ballotKk.files.includes(`qala/${widget.files[0]}`), `${tag} is loaded too`);
    }
  });

  it('the proposal form\'s page does not download "My proposals": a chunk of its own, fetched when a resident opens it', () => {
    const formPage = pages.find((p) => p.name === 'proposal-form, ru')!;
    const text = formPage.files.map((f) => readFileSync(join(ROOT, 'dist', f), 'utf8')).join('\n');
    assert.doesNotMatch(text, /mine-phone|edit-photo-input/);
    const mine = chunks.filter((c) => /mine-phone/.test(c.text));
    assert.equal(mine.length, 1, 'one chunk has the My-proposals views');
    assert.match(mine[0]!.file, /^proposal-form\.my-proposals-/);
    assert.ok(text.includes(mine[0]!.file), 'the form imports that chunk');
  });

  it('every widget has a budget; all widgets and all three languages are in dist/qala/, Lit in production mode', () => {
    assert.deepEqual(Object.keys(manifest.widgets).sort(), Object.keys(PAGE_BUDGET).sort());
    const all = chunks.map((c) => c.text).join('\n');
    for (const tag of Object.keys(manifest.widgets)) assert.ok(new RegExp(`["'\`]${tag}["'\`]`).test(all), `${tag} is not defined`);
    assert.match(all, /Дауыс беру/);
    assert.match(all, /Голосование/);
    assert.match(all, /Voting/);
    assert.doesNotMatch(all, /Lit is in dev mode/);
    assert.doesNotMatch(all, /litIssuedWarnings/);
  });

  it('its files are minified in full: no indentation, no comments (an ES-format library build keeps them by default)', () => {
    for (const { file, text } of chunks) {
      assert.doesNotMatch(text, /\n[\t ]+\S/, `${file} is indented`);
      assert.doesNotMatch(text, /^\/\/ |\n\/\/ |\/\*[#@]__PURE__\*\//, `${file} has comments`);
    }
  });

  it('is wrapped so that a second copy on a page does not run', () => {
    const text = loader.toString('utf8');
    assert.match(text.slice(0, 200), /^\(function\(\)\{var \w+=Symbol\.for\(.qala\.v0.\);globalThis\[\w+\]\?console\.warn/, 'guard missing at the start');
    assert.ok(text.trimEnd().endsWith('})();'), 'guard missing at the end');
  });
});

describe('dist/qala.bundle.js, everything in one file', () => {
  const bundle = readFileSync(join(ROOT, 'dist/qala.bundle.js'));
  const text = bundle.toString('utf8');

  it(`stays within its size budget (${BUNDLE_BUDGET / KB} KB gzip)`, () => {
    const s = sizes(bundle);
    assert.ok(s.gzip <= BUNDLE_BUDGET, `dist/qala.bundle.js is ${kb(s.gzip)} gzip`);
  });

  it('has Lit in production mode (no dev-mode warnings compiled in)', () => {
    assert.doesNotMatch(text, /Lit is in dev mode/);
    assert.doesNotMatch(text, /litIssuedWarnings/);
  });

  it('carries every widget and all three languages', () => {
    for (const tag of ['qala-proposal-form', 'qala-proposal-list', 'qala-ballot', 'qala-results']) assert.match(text, new RegExp(tag));
    assert.match(text, /Дауыс беру/); // kk
    assert.match(text, /Голосование/); // ru
    assert.match(text, /Voting/); // en
  });

  it('is wrapped with the same guard as qala.js (either one on a page, once)', () => {
    assert.match(text.slice(0, 200), /^\(function\(\)\{var \w+=Symbol\.for\(.qala\.v0.\);globalThis\[\w+\]\?console\.warn/, 'guard missing at the start');
    assert.ok(text.trimEnd().endsWith('})();'), 'guard missing at the end');
  });
});

describe('the npm build (dist/esm)', () => {
  it('imports without a DOM (server-side rendering hosts: Next, Nuxt, Astro)', async () => {
    const index = await import(join(ROOT, 'dist/esm/index.js'));
    assert.equal(typeof index.HttpBackend, 'function');
    assert.equal(typeof index.ProposalInput.safeParse, 'function');
    // The define modules do not throw without a browser (Lit's Node build brings its own registry shim).
    await import(join(ROOT, 'dist/esm/define.js'));
  });

  for (const widget of ['ballot', 'proposal-form', 'proposal-list', 'results']) {
    it(`${widget}: loads each language's texts on demand, not with the widget`, async () => {
      const rows = new Map((await esmWidget(join(ROOT, `dist/esm/widgets/${widget}/define.js`))).map(([label, bytes]) => [label.trim(), Buffer.from(bytes).toString('utf8')]));
      const first = rows.get('(first load)')!;
      for (const lang of ['kk', 'ru', 'en']) {
        const chunk = readFileSync(join(ROOT, `dist/esm/widgets/${widget}/messages/${lang}.js`), 'utf8');
        // A sentence of the widget's own in this language (a plain string of three words or more).
        const sentence = chunk.match(/^\s*"[\w.]+": "([^"\\]+ [^"\\]+ [^"\\]+)",?$/m)?.[1];
        assert.ok(sentence, `no sentence found in the ${lang} chunk`);
        assert.ok(!first.includes(sentence), `${lang} text "${sentence}" is in the first load`);
        assert.ok(rows.get(`+ ${lang} texts`)?.includes(sentence), `${lang} text "${sentence}" is missing from its chunk`);
      }
    });
  }
});
