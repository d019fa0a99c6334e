import { readdirSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type UserConfig } from 'vite';
import { importAgainPlugin } from './scripts/import-again.js';
import { minifyLiteralsPlugin } from './scripts/minify-literals.js';
import { pureSchemasPlugin } from './scripts/pure-schemas.js';

/**
 * The builds (run in order by `scripts/build.ts`).
 * - `chunksConfig`: `dist/qala/`, the script tag's modules: a small boot
 *   module, one chunk per widget, one per widget and language, shared chunks
 *   (Lit in production mode, zod/mini, client); minified, names hashed.
 * - `loaderConfig(manifest)`: `dist/qala.js`, the classic script a host page
 *   includes with `<script src defer>`; it loads from `dist/qala/` only the
 *   widgets on the page (see `src/script/loader.ts`).
 * - default export: `dist/qala.bundle.js`, everything in one classic script
 *   (all widgets, all languages), for a host that can publish only one file.
 * - `centreConfig`: `dist/centre/`, the project centre's page (`/centre/` on the
 *   reference server): its own entry and chunks, nothing shared with the
 *   script tag's files, so the residents' pages never load a byte of it.
 * - `esmConfig`: ES modules for npm with `lit` (and our other dependencies)
 *   external, one entry per widget, module structure kept for tree-shaking.
 */

/** Guard around the whole script: a second copy must not run again (nor register a second `lit-html` Trusted Types policy). */
const GUARD_START =
  '(function(){var k=Symbol.for("qala.v0");if(globalThis[k]){console.warn("[qala] qala.js is included more than once on this page; only the first copy ("+globalThis[k]+") runs.");return;}globalThis[k]="0.1.0";\n';
const GUARD_END = '\n})();';

/** `widgets/ballot/define` → `src/widgets/ballot/define.ts`, one entry per widget. */
const widgetEntries = existsSync('src/widgets')
  ? Object.fromEntries(
      readdirSync('src/widgets', { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(`src/widgets/${d.name}/define.ts`))
        .map((d) => [`widgets/${d.name}/define`, `src/widgets/${d.name}/define.ts`]),
    )
  : {};

/** What every browser build shares: Lit in production mode, our template squeezer, minified ES2022. */
const browser = {
  mode: 'production',
  plugins: [minifyLiteralsPlugin(), pureSchemasPlugin()],
  define: { 'process.env.NODE_ENV': '"production"' },
  resolve: { conditions: ['browser', 'production'] },
} satisfies UserConfig;
const minified = { target: 'es2022', minify: true, sourcemap: false, reportCompressedSize: false } as const;

/** A classic script in `dist/` wrapped in the guard (`qala.js`, `qala.bundle.js`). */
function classicScript(entry: string, fileName: string, define: Record<string, string> = {}): UserConfig {
  return {
    ...browser,
    define: { ...browser.define, ...define },
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      ...minified,
      lib: { entry, formats: ['iife'], name: 'Qala', fileName: () => fileName },
      rollupOptions: { output: { banner: GUARD_START, footer: GUARD_END } },
    },
  };
}

export default defineConfig(classicScript('src/qala.ts', 'qala.bundle.js'));

/** Each widget's folder name: `ballot`, `proposal-form`… */
const widgetNames = Object.keys(widgetEntries).map((entry) => entry.split('/')[1]!);

/**
 * The widgets residents act in (choose, write, vote): what the first loads of two of them need (the announcer, the
 * lazily loaded parts' loader, Lit's `live`…) is one chunk of its own, which the pages of the widgets that only
 * show (results, progress) never download. What one needs first and another only in a part it loads later (the
 * IndexedDB store: the form's drafts at once, the ballot's outbox later; Lit's `repeat`: the list at once, the
 * ballot's choices later) is not in it: in that chunk the ballot's page downloaded about 0.9 KB gzip it did not
 * use before its first step (5 December 2026: ballot 46.9 → 46.0 KB, form 46.1 → 45.8, list 43.7 → 43.5; the form
 * and the list one request more, the all-widgets page 0.35 KB more).
 */
const INTERACTIVE = ['ballot', 'proposal-form', 'proposal-list'];

type ModuleInfo = { code: string | null; importedIds: readonly string[]; dynamicallyImportedIds: readonly string[]; exports: readonly string[] };
type ModuleGraph = { getModuleInfo(id: string): ModuleInfo | null };
const usageByBuild = new WeakMap<ModuleGraph, Map<'with parts' | 'first load', Map<string, Set<string>>>>();

/** The contract's index, which only re-exports the contract's modules. */
const CONTRACT_INDEX = /[\\/]contract[\\/]index\.ts$/;

/**
 * The modules `importer` needs through the contract's index: those exporting a name it imports from there
 * (`import { Phone } from '../contract/index.js'` needs `contract/proposal.ts`), read from its compiled code (type
 * imports are gone by then). All of them when it cannot tell.
 */
function throughContractIndex(importer: ModuleInfo, index: string, graph: ModuleGraph): readonly string[] {
  const all = graph.getModuleInfo(index)?.importedIds ?? [];
  const names = new Set<string>();
  for (const [, list, from] of (importer.code ?? '').matchAll(/import\s*\{([^}]*)\}\s*from\s*["']([^"']+)["']/g)) {
    if (!/contract\/index(\.[jt]s)?$/.test(from!)) continue;
    for (const spec of list!.split(',')) names.add(spec.trim().split(/\s+as\s+/)[0]!);
  }
  names.delete('');
  if (names.size === 0) return all;
  const used = all.filter((id) => graph.getModuleInfo(id)?.exports.some((name) => names.has(name)));
  const found = new Set(used.flatMap((id) => graph.getModuleInfo(id)!.exports.filter((name) => names.has(name))));
  return found.size === names.size ? used : all;
}

/**
 * The widgets that use a module: those whose `define.ts` reaches it through static imports or a widget's own
 * dynamic ones (a part a widget loads later is still that widget's), each language's texts aside (chunks of their
 * own). Not through the client's dynamic imports: an answer's schema `HttpBackend` imports when a request needs it
 * belongs to the widgets that make that request, not to every widget. Through the contract's index, a module
 * reaches only the contract modules whose names it imports.
 */
function widgetsUsing(id: string, graph: ModuleGraph): Set<string> {
  return usage(graph, 'with parts').get(id) ?? new Set();
}

/** The widgets whose first load needs a module: as `widgetsUsing`, but through static imports only (not a part loaded later). */
function widgetsLoading(id: string, graph: ModuleGraph): Set<string> {
  return usage(graph, 'first load').get(id) ?? new Set();
}

/** Module → the widgets that reach it (see `widgetsUsing`), worked out once per build and kind. */
function usage(graph: ModuleGraph, kind: 'with parts' | 'first load'): Map<string, Set<string>> {
  let byKind = usageByBuild.get(graph);
  if (!byKind) usageByBuild.set(graph, (byKind = new Map()));
  let users = byKind.get(kind);
  if (users) return users;
  byKind.set(kind, (users = new Map()));
  for (const widget of widgetNames) {
    const seen = new Set<string>();
    const stack = [resolve(`src/widgets/${widget}/define.ts`)];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (seen.has(next)) continue;
      seen.add(next);
      let of = users.get(next);
      if (!of) users.set(next, (of = new Set()));
      of.add(widget);
      const info = graph.getModuleInfo(next);
      if (!info) continue;
      const lazy = kind === 'with parts' && /[\\/]src[\\/]widgets[\\/]/.test(next) ? info.dynamicallyImportedIds : [];
      for (const imported of [...info.importedIds, ...lazy]) {
        if (CONTRACT_INDEX.test(imported)) stack.push(...throughContractIndex(info, imported, graph));
        else if (!/[\\/]messages[\\/]/.test(imported)) stack.push(imported);
      }
    }
  }
  return users;
}

/** Not the texts: a chunk per widget and language. */
const sharable = (id: string) => !/[\\/]messages[\\/]/.test(id);

/**
 * A chunk's name: `ballot.kk-…js` for its Kazakh texts, `ballot.vote.kk-…` for the Kazakh texts of a part it loads
 * later (`messages/vote/kk.ts`), `common.kk-…` for the texts widgets share, `client.…`/`contract.…` for what the client
 * imports when a request needs it, `shared-…` for code they share. Hashes of seven characters, the fewest rolldown
 * allows for this many chunks: every name is in the loader's manifest and in the chunks that import it, and a hash
 * does not compress (0.06 KB gzip off each page, 6 December 2026).
 */
function chunkName(chunk: { facadeModuleId: string | null; moduleIds: readonly string[] }): string {
  const ids = chunk.facadeModuleId ? [chunk.facadeModuleId] : chunk.moduleIds;
  const texts = ids.map((id) => /\/(?:widgets\/([^/]+)|ui)\/messages\/(?:([\w-]+)\/)?(kk|ru|en)\.ts$/.exec(id)).find(Boolean);
  if (texts) return `${texts[1] ?? 'common'}.${texts[2] ? `${texts[2]}.` : ''}${texts[3]}-[hash:7].js`;
  // A module a widget loads with `import()` when it is needed: `proposal-form.my-proposals-….js`, `proposal-list.virtual-list-….js`.
  const lazy = chunk.facadeModuleId && /\/widgets\/([^/]+)\/([\w-]+)\.ts$/.exec(chunk.facadeModuleId);
  if (lazy && lazy[2] !== 'define') return `${lazy[1]}.${lazy[2]}-[hash:7].js`;
  // What the client imports when a request needs it (an answer's schemas, the uploader): `client.ballot-answers-….js`,
  // `contract.results-….js`, not `shared-…` (it is one request's, not code the widgets share).
  const asked = chunk.facadeModuleId && /\/src\/(client|contract)\/([\w-]+)\.ts$/.exec(chunk.facadeModuleId);
  if (asked) return `${asked[1]}.${asked[2]}-[hash:7].js`;
  return 'shared-[hash:7].js';
}

export const chunksConfig: UserConfig = {
  ...browser,
  // A chunk fetched later that met a dead network is fetched again at the next ask (Firefox keeps a failed module).
  plugins: [...browser.plugins, importAgainPlugin()],
  build: {
    outDir: 'dist/qala',
    emptyOutDir: true,
    ...minified,
    lib: { entry: { boot: 'src/script/boot.ts', ...widgetEntries }, formats: ['es'] },
    rollupOptions: {
      output: {
        // `ballot-….js`, `proposal-form-….js`…: each widget's `define.ts` is an entry.
        entryFileNames: (chunk) => `${chunk.name.replace(/^widgets\/([^/]+)\/define$/, '$1')}-[hash:7].js`,
        chunkFileNames: chunkName,
        // Code every widget uses (Lit, zod/mini, the widget base, the client, the config's schemas) is one chunk, and
        // what the first loads of two of the widgets residents act in need (see `INTERACTIVE`) another: fewer requests and better
        // compression than a chunk per combination of widgets, for a kilobyte or so a page may not use. Anything
        // else stays with the one widget that uses it, or, shared by a few, in a chunk rolldown makes for them.
        codeSplitting: {
          groups: [
            {
              debugName: 'shared',
              // And the link to a funded project's page, a few dozen bytes the results and the list's progress line
              // share: in a file of its own it would cost a request, and the server sends so small a file uncompressed.
              // And the proposals' statuses, limits and fields (contract/proposal.ts, not the answers' schemas in
              // proposal-record.ts, which come with the requests): the ballot, form and list need them at once, the
              // results and progress not; in the chunk of those three they compressed worse, 0.4 KB more on each of
              // their pages than the 0.2 KB the results' and progress' pages carry here (5 December 2026).
              name: (id, ctx) => (widgetsUsing(id, ctx).size === widgetNames.length || /[\\/]widgets[\\/]progress[\\/]link\.ts$|[\\/]contract[\\/]proposal\.ts$/.test(id) ? 'shared' : null),
              test: sharable,
              minShareCount: 2,
              priority: 2,
            },
            {
              debugName: 'shared-interactive',
              name: (id, ctx) => ([...widgetsLoading(id, ctx)].filter((w) => INTERACTIVE.includes(w)).length >= 2 ? 'shared-interactive' : null),
              test: sharable,
              minShareCount: 2,
              priority: 1,
            },
            {
              // What one widget's first load needs and other widgets' parts use later (Lit's `guard` and `repeat`: the
              // list's cards at once, the ballot's choices later), one chunk per such widget, not one per combination:
              // the list's page one request and 0.2 KB less. Not in that widget's `-parts` chunk: the other widgets'
              // parts would download its own modules with it (the ballot's outbox the form's validation, 1.4 KB).
              debugName: 'first-shared',
              name: (id, ctx) => {
                const first = [...widgetsLoading(id, ctx)];
                return first.length === 1 && widgetsUsing(id, ctx).size >= 2 ? `${first[0]}-first-shared` : null;
              },
              test: sharable,
              minShareCount: 2,
              priority: 1,
            },
            {
              // What one widget's own chunk shares with the parts it loads later (the form's drafts and text helpers),
              // one chunk, not one per combination of parts; what only those parts use stays with them.
              debugName: 'widget-parts',
              name: (id, ctx) => {
                const users = widgetsUsing(id, ctx);
                return users.size === 1 ? `${[...users][0]}-parts` : null;
              },
              test: sharable,
              tags: ['$initial'],
              minShareCount: 2,
            },
          ],
        },
        // Vite keeps whitespace, comments and pure annotations in an ES-format library build (for the bundlers
        // of npm users); these files go straight to browsers, so they are minified in full (about 4 KB gzip
        // less on the ballot page).
        minify: true,
        comments: false,
      },
    },
  },
};

export function loaderConfig(manifest: unknown): UserConfig {
  return classicScript('src/script/loader.ts', 'qala.js', { __QALA_MANIFEST__: JSON.stringify(manifest) });
}

export const centreConfig: UserConfig = {
  ...browser,
  build: {
    outDir: 'dist/centre',
    emptyOutDir: true,
    ...minified,
    lib: { entry: { centre: 'src/centre/page.ts' }, formats: ['es'] },
    rollupOptions: {
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: (chunk) => {
          const lang = /[\\/]centre[\\/]messages[\\/](kk|ru|en)\.ts$/.exec(chunk.facadeModuleId ?? '')?.[1];
          return lang ? `centre.${lang}-[hash].js` : 'centre-[hash].js';
        },
        minify: true,
        comments: false,
      },
    },
  },
};

export const esmConfig: UserConfig = {
  mode: 'production',
  plugins: [minifyLiteralsPlugin(), pureSchemasPlugin()],
  resolve: { conditions: ['browser', 'production'] },
  build: {
    outDir: 'dist/esm',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: true,
    reportCompressedSize: false,
    lib: { entry: { index: 'src/index.ts', define: 'src/widgets.ts', ...widgetEntries }, formats: ['es'] },
    rollupOptions: {
      external: (id) => /^(lit|@lit|@lit-labs|lit-html|lit-element|zod|idb-keyval)(\/|$)/.test(id),
      output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
    },
  },
};
