import { readdirSync, existsSync } from 'node:fs';
import { defineConfig, type UserConfig } from 'vite';
import { minifyLiteralsPlugin } from './scripts/minify-literals.js';

/**
 * Two builds.
 * - default (this file's default export): `dist/qala.js`, one classic script
 *   with Lit inlined in production mode, for `<script src defer>`.
 * - `esmConfig`: ES modules for npm with `lit` (and our other dependencies)
 *   external, one entry per widget, module structure kept for tree-shaking.
 */

/** Guard around the whole script: a second copy must not run again (nor register a second `lit-html` Trusted Types policy). */
const GUARD_START =
  '(function(){var k=Symbol.for("qala.v0");if(globalThis[k]){console.warn("[qala] qala.js is included more than once on this page; only the first copy ("+globalThis[k]+") runs.");return;}globalThis[k]="0.1.0";\n';
const GUARD_END = '\n})();';

export default defineConfig({
  mode: 'production',
  plugins: [minifyLiteralsPlugin()],
  define: { 'process.env.NODE_ENV': '"production"' },
  resolve: { conditions: ['browser', 'production'] },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    lib: { entry: 'src/qala.ts', formats: ['iife'], name: 'QalaBundle', fileName: () => 'qala.js' },
    rollupOptions: { output: { banner: GUARD_START, footer: GUARD_END } },
  },
});

const widgetEntries = existsSync('src/widgets')
  ? Object.fromEntries(
      readdirSync('src/widgets', { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(`src/widgets/${d.name}/define.ts`))
        .map((d) => [`widgets/${d.name}/define`, `src/widgets/${d.name}/define.ts`]),
    )
  : {};

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
      external: (id) => /^(lit|@lit|lit-html|lit-element|zod|idb-keyval)(\/|$)/.test(id),
      output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
    },
  },
};
