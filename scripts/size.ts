/**
 * `npm run size`: minified, gzip and brotli sizes of dist/qala.js and of each
 * widget of the ESM build bundled on its own (Lit included, as an app would ship it).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { build } from 'esbuild';

export function sizes(bytes: Uint8Array): { min: number; gzip: number; brotli: number } {
  return {
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const row = (name: string, s: ReturnType<typeof sizes>) => `${name.padEnd(28)} ${kb(s.min).padStart(10)} ${kb(s.gzip).padStart(10)} ${kb(s.brotli).padStart(10)}`;

if (process.argv[1]?.endsWith('size.ts')) {
  if (!existsSync('dist/qala.js')) {
    console.error('dist/qala.js is missing: run `npm run build` first');
    process.exit(1);
  }
  console.log(`${'file'.padEnd(28)} ${'min'.padStart(10)} ${'gzip'.padStart(10)} ${'brotli'.padStart(10)}`);
  console.log(row('dist/qala.js', sizes(readFileSync('dist/qala.js'))));
  const widgets = existsSync('dist/esm/widgets') ? readdirSync('dist/esm/widgets') : [];
  for (const name of widgets) {
    const entry = `dist/esm/widgets/${name}/define.js`;
    if (!existsSync(entry)) continue;
    const out = await build({ entryPoints: [entry], bundle: true, minify: true, write: false, format: 'esm', conditions: ['browser', 'production'], logLevel: 'silent' });
    console.log(row(`esm: ${name}`, sizes(out.outputFiles[0]!.contents)));
  }
}
