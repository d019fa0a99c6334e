/**
 * `npm run build`: the script-tag bundle, the npm ES modules with types,
 * custom-elements.json and the OpenAPI document, all under dist/.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { build as esbuild } from 'esbuild';
import { build, type Rollup } from 'vite';
import bundleConfig, { centreConfig, chunksConfig, esmConfig, loaderConfig } from '../vite.config.js';
import type { Manifest } from '../src/script/loader.js';

const step = (name: string) => process.stdout.write(`qala build: ${name}\n`);
const bin = (name: string) => `node_modules/.bin/${name}`;

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

step('dist/qala/ (the script tag\'s modules: boot, a chunk per widget and per language, Lit in production mode)');
const chunks = (await build({ ...chunksConfig, configFile: false, logLevel: 'warn' })) as Rollup.RollupOutput | Rollup.RollupOutput[];
const manifest = scriptManifest((Array.isArray(chunks) ? chunks[0]! : chunks).output);
writeFileSync('dist/qala/manifest.json', JSON.stringify(manifest, null, 2) + '\n');

step('dist/qala.js (the script tag: loads from dist/qala/ the widgets a page shows)');
await build({ ...loaderConfig(manifest), configFile: false, logLevel: 'warn' });

step('dist/qala.bundle.js (everything in one classic script)');
await build({ ...bundleConfig, configFile: false, logLevel: 'warn' });

step('dist/centre (the project centre, served at /centre/: its own entry, nothing in the script tag\'s files)');
await build({ ...centreConfig, configFile: false, logLevel: 'warn' });
copyFileSync('src/centre/index.html', 'dist/centre/index.html');
copyFileSync('src/centre/page.css', 'dist/centre/page.css');

step('dist/esm (npm modules, lit external)');
await build({ ...esmConfig, configFile: false, logLevel: 'warn' });

step('dist/types (.d.ts)');
execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { stdio: 'inherit' });

step('dist/custom-elements.json');
execFileSync(bin('cem'), ['analyze', '--litelement', '--globs', 'src/widgets/**/*.ts', '--exclude', 'src/widgets/**/*.styles.ts', '--outdir', 'dist', '--quiet'], {
  stdio: 'inherit',
});

step('dist/openapi.json');
const { buildOpenApi } = await import('../src/server/openapi.js');
writeFileSync('dist/openapi.json', JSON.stringify(buildOpenApi(), null, 2) + '\n');

step('dist/offline (static demo, msw in the browser)');
mkdirSync('dist/offline', { recursive: true });
await esbuild({
  entryPoints: ['demo/offline/main.ts'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  conditions: ['browser', 'production'],
  outfile: 'dist/offline/mock.js',
  logLevel: 'warning',
});
copyFileSync('demo/offline/index.html', 'dist/offline/index.html');
copyFileSync('demo/site.css', 'dist/offline/site.css');
copyFileSync('demo/favicon.svg', 'dist/offline/favicon.svg');
copyFileSync('demo/lang-switch.js', 'dist/offline/lang-switch.js');
copyFileSync('dist/qala.js', 'dist/offline/qala.js');
cpSync('dist/qala', 'dist/offline/qala', { recursive: true });
copyFileSync('node_modules/msw/lib/mockServiceWorker.js', 'dist/offline/mockServiceWorker.js');

step('done');

/**
 * What the loader needs to know of the chunks build: the boot module, and for
 * each tag its chunk and for each language its texts, each followed by every
 * chunk it imports (so the loader can preload a widget's whole tree at once).
 */
function scriptManifest(output: (Rollup.OutputChunk | Rollup.OutputAsset)[]): Manifest {
  const chunks = new Map(output.filter((o): o is Rollup.OutputChunk => o.type === 'chunk').map((c) => [c.fileName, c]));
  const closure = (file: string): string[] => {
    const seen = new Set<string>();
    const visit = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      chunks.get(f)!.imports.forEach(visit);
    };
    visit(file);
    return [...seen];
  };
  const find = (re: RegExp) => {
    const chunk = [...chunks.values()].find((c) => c.facadeModuleId && re.test(c.facadeModuleId));
    if (!chunk) throw new Error(`scripts/build.ts: no chunk for ${re}`);
    return chunk.fileName;
  };
  // Every widget folder with a define.ts is an entry of the chunks build (vite.config.ts); its tag is `qala-<folder>`.
  const widgets = [...chunks.values()].flatMap((c) => /\/widgets\/([^/]+)\/define\.ts$/.exec(c.facadeModuleId ?? '')?.[1] ?? []);
  const langs = ['kk', 'ru', 'en'] as const;
  const boot = closure(find(/\/script\/boot\.ts$/));
  return {
    boot,
    widgets: Object.fromEntries(
      widgets.map((dir) => {
        const files = closure(find(new RegExp(`/widgets/${dir}/define\\.ts$`)));
        // A language's files, less those the widget brings anyway.
        const texts = (lang: string) => closure(find(new RegExp(`/widgets/${dir}/messages/${lang}\\.ts$`))).filter((f) => !files.includes(f) && !boot.includes(f));
        return [`qala-${dir}`, { files, texts: Object.fromEntries(langs.map((lang) => [lang, texts(lang)])) as Manifest['widgets'][string]['texts'] }];
      }),
    ),
  };
}
