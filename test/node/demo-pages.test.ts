/**
 * The demo pages (`npm start` serves demo/ at /, dist/ at /dist/): every
 * address a page refers to resolves — a demo file the server serves, an API
 * route, or a file the build writes — and the akimat page's winners link to
 * the town's progress page (#11). town.js and progress.js run here against a
 * small stand-in for the page's DOM: a winner's link on
 * `akimat.html?city=khromtau` keeps the town, the progress page it opens
 * shows that town (last year's results, its progress), and the seeded demo
 * server has a progress page for every winner a list or the results link to.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { after, before, test } from 'node:test';
import { ProgressList, type Proposal } from '../../src/contract/index.js';
import { createApp } from '../../src/server/app.js';
import { demoConfig } from '../../src/server/seed.js';
import { call, exampleConfigFile, type TestServer, demoServer } from '../../src/server/testing.js';
import { projectLink } from '../../src/widgets/progress/link.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const DEMO = join(ROOT, 'demo');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const PAGES = readdirSync(DEMO).filter((f) => f.endsWith('.html'));
const TOWNS = ['aksu', 'rudny', 'khromtau', 'lisakovsk'];
const now = new Date('2026-06-15T09:00:00Z');
let t: TestServer;

before(async () => {
  t = await demoServer(now);
});
after(() => t.close());

// ——— a small stand-in for the DOM the demo's own scripts touch ———

interface El {
  tag: string;
  id: string;
  classes: string[];
  parent: El | null;
  attrs: Map<string, string>;
  textContent: string;
  href: string;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  removeAttribute(name: string): void;
}

const VOID = new Set(['meta', 'link', 'br', 'img', 'input', 'hr', 'source']);

function element(tag: string, attrs: Map<string, string>, parent: El | null): El {
  return {
    tag,
    parent,
    attrs,
    textContent: '',
    get id() {
      return attrs.get('id') ?? '';
    },
    get classes() {
      return (attrs.get('class') ?? '').split(/\s+/).filter(Boolean);
    },
    get href() {
      return attrs.get('href') ?? '';
    },
    set href(v: string) {
      attrs.set('href', v);
    },
    setAttribute: (name, value) => void attrs.set(name, String(value)),
    getAttribute: (name) => attrs.get(name) ?? null,
    removeAttribute: (name) => void attrs.delete(name),
  };
}

/** The page's elements in document order, each knowing its parent (our own pages: well formed, no inline script). */
function parse(html: string): El[] {
  const out: El[] = [];
  const open: El[] = [];
  for (const m of html.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<(\/?)([a-z][a-z0-9-]*)([^>]*)>/g)) {
    const [, closing, tag, rest] = m;
    if (closing) {
      const i = open.map((e) => e.tag).lastIndexOf(tag!);
      if (i >= 0) open.length = i;
      continue;
    }
    const attrs = new Map([...rest!.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)].map(([, k, v]) => [k!, v ?? ''] as [string, string]));
    const el = element(tag!, attrs, open.at(-1) ?? null);
    out.push(el);
    if (!VOID.has(tag!) && !rest!.endsWith('/')) open.push(el);
  }
  return out;
}

/** `tag`, `.class`, `#id` and their compounds, with descendant combinators: what the demo scripts use. */
function matches(el: El, selector: string): boolean {
  const compound = (e: El, c: string) => {
    const tag = /^[a-z][a-z0-9-]*/.exec(c)?.[0];
    const id = /#([\w-]+)/.exec(c)?.[1];
    const classes = [...c.matchAll(/\.([\w-]+)/g)].map((x) => x[1]!);
    return (!tag || e.tag === tag) && (!id || e.id === id) && classes.every((k) => e.classes.includes(k));
  };
  const parts = selector.trim().split(/\s+/);
  if (!compound(el, parts.at(-1)!)) return false;
  let at = el.parent;
  for (const part of parts.slice(0, -1).reverse()) {
    while (at && !compound(at, part)) at = at.parent;
    if (!at) return false;
    at = at.parent;
  }
  return true;
}

/** Runs a demo script on a page at `search`; returns the page's elements as the script left them. */
function run(page: string, script: string, search: string): { all: El[]; title: string; one(selector: string): El } {
  const all = parse(read(`demo/${page}`));
  const pick = (selector: string) => all.filter((e) => selector.split(',').some((s) => matches(e, s)));
  const document = {
    title: '',
    querySelector: (s: string) => pick(s)[0] ?? null,
    querySelectorAll: (s: string) => pick(s),
  };
  runInNewContext(read(`demo/${script}`), { document, location: { search }, URLSearchParams });
  return {
    all,
    get title() {
      return document.title;
    },
    one(selector: string) {
      const found = pick(selector);
      assert.equal(found.length, 1, `${page}${search}: one ${selector}`);
      return found[0]!;
    },
  };
}

// ——— the tests ———

test('demo pages: every address they refer to resolves (a demo file, an API route or a file the build writes)', async () => {
  const app = createApp({ config: t.config, store: t.store, secrets: t.secrets, logger: t.logger, static: { demo: DEMO } });
  const built = `${read('scripts/build.ts')}\n${read('package.json')}`;
  let checked = 0;
  for (const page of PAGES) {
    for (const [, ref] of read(`demo/${page}`).matchAll(/\s(?:src|href)="([^"]*)"/g)) {
      if (!ref!.startsWith('/') || ref!.startsWith('//')) continue;
      const path = ref!.replace(/[?#].*$/, '');
      checked++;
      if (path.startsWith('/dist/') || path.startsWith('/centre/')) {
        const file = path.startsWith('/centre/') ? `dist${path}index.html` : path.slice(1);
        assert.ok(built.includes(file), `${page}: ${ref} is not a file the build writes (${file})`);
        continue;
      }
      const res = await app.request(`http://localhost${path}`);
      assert.equal(res.status, 200, `${page}: ${ref}`);
    }
  }
  // The offline demo's files sit next to it in dist/offline.
  const offline = [...read('demo/offline/index.html').matchAll(/\s(?:src|href)="([^"?#]+)"/g), ...read('demo/offline/main.ts').matchAll(/new URL\('([^']+)', here\)/g)].map((m) => m[1]!);
  for (const ref of offline.filter((r) => !r.startsWith('api/'))) {
    checked++;
    assert.ok(built.includes(`dist/offline/${ref}`), `offline demo: ${ref} is not copied to dist/offline`);
  }
  assert.ok(checked > 20, `references checked: ${checked}`);
});

test('the akimat page (#11): winners in the list and the results link to the town’s progress page, keeping ?city=', () => {
  const plain = run('akimat.html', 'town.js', '');
  for (const tag of ['qala-proposal-list', 'qala-results']) assert.equal(plain.one(tag).getAttribute('progress-page'), '/progress.html', `${tag} without a town`);
  assert.equal(plain.one('a.progress-page').href, '/progress.html');

  const config = demoConfig(exampleConfigFile(), now);
  for (const town of TOWNS) {
    const akimat = run('akimat.html', 'town.js', `?city=${town}`);
    for (const tag of ['qala-ballot', 'qala-proposal-list', 'qala-proposal-form', 'qala-results']) assert.equal(akimat.one(tag).getAttribute('city'), town, `${tag} in ${town}`);
    const page = akimat.one('qala-proposal-list').getAttribute('progress-page')!;
    assert.equal(akimat.one('qala-results').getAttribute('progress-page'), page, town);
    assert.equal(akimat.one('a.progress-page').href, page, `${town}: the sidebar's link`);

    // A winner's link, as the widgets make it, opened from the akimat's page.
    const link = new URL(projectLink(page, 'p_win1'), `http://demo.test/akimat.html?city=${town}`);
    assert.equal(link.pathname, '/progress.html');
    assert.equal(link.searchParams.get('city'), town, `${town}: the link keeps the town`);
    assert.equal(link.hash, '#project=p_win1');

    // The progress page it opens shows that town: its progress, last year's results (where it has a last year).
    const progress = run('progress.html', 'progress.js', link.search);
    assert.equal(progress.one('qala-progress').getAttribute('city'), town);
    assert.equal(progress.one('qala-progress').getAttribute('cycle'), null, 'progress of every cycle, so this year’s winners open too');
    const results = progress.one('qala-results');
    assert.equal(results.getAttribute('city'), town);
    const cycles = config.cities.find((c) => c.slug === town)!.cycles;
    assert.equal(results.getAttribute('cycle'), cycles.length > 1 ? cycles[cycles.length - 2]!.id : null, `${town}: last year's cycle`);
    assert.equal(new URL(projectLink(results.getAttribute('progress-page')!, 'p_x'), link).searchParams.get('city'), town);
    for (const a of progress.all.filter((e) => e.tag === 'a' && e.classes.includes('this-year'))) assert.equal(a.href, `/akimat.html?city=${town}`);
    assert.ok(progress.title.length > 0);
  }
});

test('the demo server has a progress page for every winner the akimat page links to (Khromtau’s results are out)', async () => {
  let winners = 0;
  for (const town of TOWNS) {
    const list = await call(t.app, 'GET', `/cities/${town}/proposals?limit=100`);
    assert.equal(list.status, 200, town);
    const funded = (list.body.items as Proposal[]).filter((p) => ['winner', 'in_progress', 'implemented', 'cancelled'].includes(p.status));
    const progress = ProgressList.parse((await call(t.app, 'GET', `/cities/${town}/progress`)).body);
    for (const p of funded) {
      winners++;
      assert.ok(progress.items.some((i) => i.projectId === p.id), `${town}: ${p.id} (${p.status}) is in the progress list the page shows`);
      assert.equal((await call(t.app, 'GET', `/cities/${town}/progress/${encodeURIComponent(p.id)}`)).status, 200, `${town}: ${p.id} has a page`);
    }
  }
  assert.ok(winners > 0, 'some town has winners this year');
});
