import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { esmWidget, scriptPages, sizes } from '../../scripts/size.js';
import type { Manifest } from '../../src/script/loader.js';
import { createApp } from '../../src/server/app.js';
import { testServer } from '../../src/server/testing.js';
import { ROOT } from './support.js';

/**
 * What a page downloads through the script tag before its widget can show its
 * first words: `dist/qala.js` (a loader of about 2.5 KB) and, from
 * `dist/qala/`, the boot module, the widget's chunk with what it imports and
 * one language's texts (each file compressed on its own, as a server sends
 * it). `npm run size` prints each. Parts a widget fetches only when reached
 * (the ballot's voting, ranking, receipt check and identity-provider sign-in;
 * the form's photos, sending, place on the map and "My proposals"; the list's
 * virtualizer and progress line) are chunks of their own, not counted here
 * (the test below checks they stay out).
 *
 * History: issue 7 asked for 45 KB; issue 14 asks for 40 KB a page and 65
 * for all. Early on 4 December (ru, the largest): ballot 57.2 KB, form 49.8,
 * list 43.3, results 41.5, progress 41.3, all five 99.3, bundle 124.6. Issue
 * 14, later the same day: the ballot's rare steps and its voting part, the
 * form's photos, sending and map are loaded when reached; the shared chunk
 * holds only what every widget uses (a second one, what the ballot, form and
 * list share), the answer schemas of rarely used requests come with them.
 * Measured then: ballot 50.6 KB, form 48.1, list 42.5, results 39.0, progress
 * 38.8, all five 91.6 (then the list split into controllers, +0.44 KB on the
 * list and on all five; then the answer schemas and the photo uploader back in
 * the shared chunk, +0.7 KB on every page: a module fetched only when a request
 * needs it stays failed, in browsers that keep a failed module until the page
 * is reloaded, if that fetch met a dead network — no photo, vote or
 * verification could be sent again); the one-file bundle 129.4 (it inlines every part, and
 * each lazily loaded part adds its loading and retry code). The budgets sit
 * about 0.4 KB above, so growth fails here. 5 December: a failed chunk is
 * asked again under a fresh address (scripts/import-again.ts), so the answer
 * schemas come with their requests again; the ballot's voting, receipt and
 * sign-in texts, the voting's styles and checks, and the form's texts for its
 * parts and its confirmation are loaded with those parts. Measured: ballot
 * 48.3 KB, form 46.0, list 43.5, results 39.3, progress 39.1, all five 87.5;
 * the one-file bundle 131.2 (each part's texts loader and retry inlined).
 * Results and progress meet the 40 KB target, held by their budgets; the
 * ballot, form and list do not yet. Later on 5 December: the ballot's outbox
 * is a part fetched after its first step shows, then with it the steps of a
 * cast ballot and their texts; grapheme counting without Intl.Segmenter and
 * Kazakh time zones without Intl add ~0.15 KB to every page. Measured: ballot
 * 46.9 KB, form 46.1, list 43.7, results 39.5, progress 39.2, all five 86.3;
 * the one-file bundle 131.9 (each new part's loader inlined). 5 December,
 * later: the chunk the ballot, form and list share holds only what the first
 * loads of two of them need (vite.config.ts, `INTERACTIVE`): the IndexedDB
 * store and Lit's `repeat` left the ballot's first load. Measured: ballot
 * 46.0 KB, form 45.8, list 43.5, results 39.5, progress 39.2, all five 86.6
 * (two requests more, 0.35 KB more). Then voter-list districts (+0.05–0.1
 * KB on every page: an error code's text) and a long ballot drawn in tasks
 * (+0.6 KB in the vote part, none in the ballot's first load): ballot 46.1,
 * form 45.9, list 43.6, results 39.5, progress 39.3, all five 86.7; the
 * one-file bundle 133.0 (it inlines the vote part). 5 December, next session:
 * the ballot's SMS code step is a part fetched once the IIN form shows
 * (ballot 46.1 → 45.7, all five 86.6; the one-file bundle +0.3 with its
 * loader inlined); the ballot's outbox orchestration moved into its part
 * (ballot 45.4); the proposals' answer schemas come with the requests that
 * need them (contract/proposal-record.ts), Lit's guard and repeat (the list's
 * at once, the ballot's choices later) one chunk: ballot 45.2, form 45.7, list
 * 43.5, results 39.5, progress 39.2, all five 86.0; the one-file bundle 134.0.
 * Then the results draw their first rows a screen at a time (a controller of
 * their own): results 39.7 (still under the 40 KB target), all five 86.2.
 * 5 December, a third session: instants checked by a pattern of ours, not
 * zod's iso.datetime (−0.2 to −0.3 KB on every page); whole numbers' plural
 * forms without Intl (+0.05–0.1); the list's element keyed (Lit's keyed, list
 * +0.1); the results' bars a frame later (+0.15). Measured: ballot 45.1,
 * form 45.6, list 43.5, results 39.7, progress 39.1, all five 86.4; the
 * one-file bundle 134.2.
 * 5 December, a fourth session, state defects a review found: the city's
 * config shared for 10 s and the server's clock from its arrival (shared
 * chunk +0.12), a retry that keeps the focus, late answers dropped (results
 * +0.12, ballot +0.2 with its errors made when drawn), the list forgetting
 * another city's cards and the dialog's retry (list +0.3). Measured: ballot
 * 45.3, form 45.7, list 43.8, results 39.95 (the 40 KB target is its budget),
 * progress 39.3, all five 86.9; the one-file bundle 134.8 (all three
 * languages: +0.6).
 * 5 December, a fifth session: the fixes of a review (errors classified by
 * status, Retry-After, text made well-formed, the form's change of city, the
 * sign-in's proof: +0.1–0.3 on every page, the proof's fragment reader in a
 * contract module of its own), then the contract's schemas marked pure for the
 * bundler (scripts/pure-schemas.ts: a page keeps only the schemas it uses,
 * −0.1 to −0.5). Measured: ballot 45.4, form 46.0, list 43.8, results 39.9,
 * progress 38.9, all five 86.8; the one-file bundle 135.1. Then the form's
 * draft kept safe from another tab (a checked write, a notice and its texts,
 * the channel between tabs; in the form's first load, which saves the draft
 * from the first keystroke: +0.66) and the ballot outbox's waits (its part
 * only, +0.37): form 46.6, all five 87.45, the one-file bundle 136.3; a
 * form whose draft another tab sent or discarded empties itself (+0.07): form
 * 46.7, all five 87.5, the one-file bundle 136.4.
 * 6 December: a resubmission's key, the ballot's next attempt (three
 * languages' texts), photo uploads through one uploader: pages unchanged
 * within 0.05 KB (their parts load lazily), the one-file bundle 136.8.
 * 6 December, a second session: a phone-only city's refusal of a phone that
 * verified another voter (its words in the ballot's texts, three languages)
 * and the outbox hearing `online` while its store opens: ballot 45.44, all
 * five 87.62; the one-file bundle 137.0.
 * 6 December, a third session: a chunk fetched later that stalls is given up
 * after 15 s (the import-again helper, +0.1 on every page) and chunk names
 * with seven-character hashes (−0.06 on every page); the list's counts by the
 * server's rule (+0.08), the form's closed phase met by a photo upload (+0.05):
 * ballot 45.50, form 46.83, list 43.92, results 39.97, progress 38.92, all
 * five 87.71; the one-file bundle 137.11.
 * 6 December, a fourth session: the ballot's code step goes back to the form
 * when the server has ended the verification (its words in three languages,
 * +0.07) and the drafts' sweep of unlisted photo bytes (a part of its own the
 * form fetches after its draft, +0.06 in its first load for the import; the
 * one-file bundle carries it whole): ballot 45.57, form 46.89, all five 87.84;
 * the one-file bundle 137.67; "My proposals" going back to the phone in the
 * same case (its part only): the one-file bundle 137.84. The second read's
 * shared pool rule (poolCovers, in the cost cap the form loads first): form
 * 46.91. 6 December, a fifth session: the list clears up after two upstream
 * bugs while scrolling (stray markers, rows still observed; its virtualizer
 * part only): the one-file bundle 138.02. The results' words for why a
 * project was funded or not in modules of their own, which the project centre
 * shares (results, ru: 40.95 of 40.96 KB, +0.02): the one-file bundle 138.14.
 * Later that day, rows on screen drawn a few cards a frame and a placeholder
 * (its style in the list's chunk, +0.09): list, ru 44.00 (was 43.91); all five
 * 87.97; the one-file bundle 138.34.
 * 7 December: the form's hint on the map point says everyone will see the
 * point with the proposal (a privacy review; three languages, +0.03): form,
 * ru 46.94; all five 88.01; the one-file bundle 138.43. A review of the
 * widgets on a phone: the live region empties itself after a while, link
 * buttons are 24 px tall in the form and the ballot, the receipt code whole
 * on its line and in its field, the form's consent marked required: ballot,
 * ru 45.62; form 46.97; all five 88.09; the one-file bundle 138.50.
 */
const KB = 1024;
const LOADER_BUDGET = 45 * KB;
const PAGE_BUDGET: Record<string, number> = {
  'qala-proposal-form': 47.0 * KB,
  'qala-proposal-list': 44.1 * KB,
  'qala-ballot': 45.7 * KB,
  // The target (#14): a page with the results stays within 40 KB.
  'qala-results': 40.0 * KB,
  // Its own schemas travel with it alone (client/progress.ts, kept out of the shared chunk).
  'qala-progress': 39.2 * KB,
};
const ALL_BUDGET = 88.1 * KB;
/** The one-file build carries all three languages. */
const BUNDLE_BUDGET = 138.6 * KB;
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

  it('the parts a widget fetches only when reached are chunks of their own, outside every page\'s first load', () => {
    const parts: Record<string, string[]> = {
      // Their texts too: a catalogue per part and language, fetched with it (`ballot.vote.ru-….js`).
      'qala-ballot': [
        // The outbox too, with the steps of a cast ballot and their texts (`ballot.sent.ru-….js`): fetched once the first step shows.
        // The SMS code's step too: fetched once the IIN form shows.
        ...['vote-part', 'ranking-controller', 'receipt-check-controller', 'sign-in', 'outbox-part', 'code-step'],
        ...['vote', 'receipt', 'sign-in', 'sent'].flatMap((part) => ['kk', 'ru', 'en'].map((lang) => `${part}.${lang}`)),
      ],
      'qala-proposal-form': [
        ...['my-proposals', 'photos-controller', 'point-controller', 'sending'],
        ...['submit', 'mine'].flatMap((part) => ['kk', 'ru', 'en'].map((lang) => `${part}.${lang}`)),
      ],
      'qala-proposal-list': ['virtual-list', 'progress-line'],
    };
    const prefix: Record<string, string> = { 'qala-ballot': 'ballot', 'qala-proposal-form': 'proposal-form', 'qala-proposal-list': 'proposal-list' };
    for (const [tag, names] of Object.entries(parts)) {
      for (const name of names) {
        const chunk = chunks.find((c) => c.file.startsWith(`${prefix[tag]}.${name}-`));
        assert.ok(chunk, `${tag}: no chunk of its own for ${name}`);
        for (const page of pages) assert.ok(!page.files.includes(`qala/${chunk.file}`), `${page.name} downloads ${chunk.file} first`);
      }
    }
  });

  it('a page downloads first only the shared code its widget needs first: the IndexedDB store with the form, not with the ballot (its outbox is a part) nor the list', () => {
    const idb = chunks.filter((c) => c.text.includes('indexedDB.open'));
    assert.equal(idb.length, 1, 'one chunk has idb-keyval');
    const first = (name: string) => pages.find((p) => p.name === name)!.files;
    assert.ok(first('proposal-form, ru').includes(`qala/${idb[0]!.file}`), 'the form needs it for its drafts at once');
    for (const name of ['ballot, ru', 'proposal-list, ru', 'results, ru', 'progress, ru']) assert.ok(!first(name).includes(`qala/${idb[0]!.file}`), `${name} downloads ${idb[0]!.file} first`);
    // The ballot's outbox part imports it when it is fetched.
    const outbox = chunks.find((c) => c.file.startsWith('ballot.outbox-part-'))!;
    assert.ok(outbox.text.includes(idb[0]!.file), 'the outbox part imports the IndexedDB store');
  });

  it("no page downloads the proposals' answer schemas first: the HTTP client imports them with the request that needs them", () => {
    const record = chunks.filter((c) => c.text.includes('nextCursor:'));
    assert.equal(record.length, 1, 'one chunk has the proposal page schema');
    for (const page of pages) assert.ok(!page.files.includes(`qala/${record[0]!.file}`), `${page.name} downloads ${record[0]!.file} first`);
    const client = chunks.find((c) => c.text.includes('could not load the schema of the answer'))!;
    assert.ok(client.text.includes(record[0]!.file), 'the HTTP client imports it when asked');
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

  it('the reference server caches each of its modules for good (their names carry their hash), the loader and manifest not', async () => {
    const t = testServer();
    try {
      const app = createApp({ config: t.config, store: t.store, secrets: t.secrets, logger: t.logger, static: { dist: join(ROOT, 'dist') } });
      const cache = async (path: string) => (await app.request(`http://localhost/dist/${path}`)).headers.get('cache-control');
      for (const file of readdirSync(join(ROOT, 'dist/qala')).filter((f) => f.endsWith('.js'))) assert.equal(await cache(`qala/${file}`), 'public, max-age=31536000, immutable', file);
      for (const path of ['qala.js', 'qala/manifest.json']) assert.equal(await cache(path), 'no-cache', path);
    } finally {
      t.close();
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
