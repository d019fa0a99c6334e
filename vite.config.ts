import { readdirSync, existsSync } from 'node:fs';
import { defineConfig, type UserConfig } from 'vite';
import { minifyLiteralsPlugin } from './scripts/minify-literals.js';

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
  plugins: [minifyLiteralsPlugin()],
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

/** A chunk's name: `ballot.kk-…js` for its Kazakh texts, `common.kk-…` for the texts widgets share, `shared-…` for code they share. */
function chunkName(chunk: { facadeModuleId: string | null; moduleIds: readonly string[] }): string {
  const ids = chunk.facadeModuleId ? [chunk.facadeModuleId] : chunk.moduleIds;
  const texts = ids.map((id) => /\/(?:widgets\/([^/]+)|ui)\/messages\/(kk|ru|en)\.ts$/.exec(id)).find(Boolean);
  if (texts) return `${texts[1] ?? 'common'}.${texts[2]}-[hash].js`;
  // A module a widget loads with `import()` when it is needed: `proposal-form.my-proposals-….js`, `proposal-list.virtual-list-….js`.
  const lazy = chunk.facadeModuleId && /\/widgets\/([^/]+)\/([\w-]+)\.ts$/.exec(chunk.facadeModuleId);
  if (lazy && lazy[2] !== 'define') return `${lazy[1]}.${lazy[2]}-[hash].js`;
  return 'shared-[hash].js';
}

export const chunksConfig: UserConfig = {
  ...browser,
  build: {
    outDir: 'dist/qala',
    emptyOutDir: true,
    ...minified,
    lib: { entry: { boot: 'src/script/boot.ts', ...widgetEntries }, formats: ['es'] },
    rollupOptions: {
      output: {
        // `ballot-….js`, `proposal-form-….js`…: each widget's `define.ts` is an entry.
        entryFileNames: (chunk) => `${chunk.name.replace(/^widgets\/([^/]+)\/define$/, '$1')}-[hash].js`,
        chunkFileNames: chunkName,
        // Code two widgets share (Lit, zod/mini, the widget base, the client) is one chunk, not a handful of
        // small ones: fewer requests, better compression, for a kilobyte or so a page may not use.
        // Not the proposal list's virtualizer (a chunk fetched once a list grows long) nor what only it and one
        // widget use (Lit's repeat, async directives): every page would download them with the shared chunk.
        // Nor what the proposal form shares only with its lazily loaded "My proposals" (its text helpers, the
        // photo resizer): counted twice (the form's chunk and that one), they would land in every page's shared chunk.
        // Nor the progress client and its schemas, which <qala-progress> shares only with the list's lazily loaded
        // progress line (about 1.2 KB gzip on every other page). Nor the contract modules of answers only some widgets
        // receive (ballot, authors, results): `HttpBackend` imports their schemas when it first needs one
        // (`client/ballot-answers.ts`…); counted twice (the ballot and that import), they would land here again.
        codeSplitting: {
          groups: [
            {
              name: 'shared',
              minShareCount: 2,
              test: (id: string) =>
                !/[\\/]messages[\\/]|[\\/]@lit-labs[\\/]virtualizer[\\/]|[\\/]lit(-html)?[\\/](async-directive|directives[\\/]repeat)\.js$|[\\/]widgets[\\/]proposal-form[\\/]|[\\/]client[\\/](images|progress)\.ts$|[\\/]contract[\\/](implementation|ballot|authors|results)\.ts$/.test(id),
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
  plugins: [minifyLiteralsPlugin()],
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
