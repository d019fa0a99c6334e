/**
 * `npm run build`: the script-tag bundle, the npm ES modules with types,
 * custom-elements.json and the OpenAPI document, all under dist/.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { build as esbuild } from 'esbuild';
import { build } from 'vite';
import iifeConfig, { esmConfig } from '../vite.config.js';

const step = (name: string) => process.stdout.write(`qala build: ${name}\n`);
const bin = (name: string) => `node_modules/.bin/${name}`;

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

step('dist/qala.js (script tag, Lit in production mode)');
await build({ ...iifeConfig, configFile: false, logLevel: 'warn' });

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
copyFileSync('node_modules/msw/lib/mockServiceWorker.js', 'dist/offline/mockServiceWorker.js');

step('done');
