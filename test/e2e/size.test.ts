import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { esmWidget, sizes } from '../../scripts/size.js';
import { ROOT } from './support.js';

/**
 * Issue 7 asks for 45 KB gzip. The four widgets with all three languages inline
 * measure about 88 KB; `npm run size` prints what each part costs (texts ≈ 27 %,
 * zod/mini ≈ 11 %, Lit ≈ 8 %, widget code and styles ≈ 36 %, client, contract
 * and base the rest). This budget stops it growing until the product decides
 * how to get there (see the note on issue 7). The ES module build already loads
 * one language per page (below).
 */
const BUDGET_GZIP = 90 * 1024;

describe('dist/qala.js', () => {
  const bundle = readFileSync(join(ROOT, 'dist/qala.js'));
  const text = bundle.toString('utf8');

  it(`stays within the size budget (${BUDGET_GZIP / 1024} KB gzip)`, () => {
    const s = sizes(bundle);
    assert.ok(s.gzip <= BUDGET_GZIP, `dist/qala.js is ${(s.gzip / 1024).toFixed(1)} KB gzip, over the ${BUDGET_GZIP / 1024} KB budget`);
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

  it('is wrapped so that a second copy on a page does not run', () => {
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
