/**
 * `npm run size`: minified, gzip and brotli sizes of dist/qala.js and of each
 * widget of the ESM build bundled on its own (Lit included, as an app would ship it).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { relative } from 'node:path';
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
const row = (name: string, s: ReturnType<typeof sizes>) => `${name.padEnd(34)} ${kb(s.min).padStart(10)} ${kb(s.gzip).padStart(10)} ${kb(s.brotli).padStart(10)}`;

if (process.argv[1]?.endsWith('size.ts')) {
  if (!existsSync('dist/qala.js')) {
    console.error('dist/qala.js is missing: run `npm run build` first');
    process.exit(1);
  }
  console.log(`${'file'.padEnd(34)} ${'min'.padStart(10)} ${'gzip'.padStart(10)} ${'brotli'.padStart(10)}`);
  console.log(row('dist/qala.js', sizes(readFileSync('dist/qala.js'))));
  const widgets = existsSync('dist/esm/widgets') ? readdirSync('dist/esm/widgets') : [];
  for (const name of widgets) {
    const entry = `dist/esm/widgets/${name}/define.js`;
    if (!existsSync(entry)) continue;
    for (const [label, bytes] of await esmWidget(entry)) console.log(row(`esm: ${name}${label}`, sizes(bytes)));
  }
}

/**
 * A widget of the ES module build bundled as an app would (Lit included, code
 * split): what a page loads first, and that plus one language's texts, which
 * arrive as a chunk of their own.
 */
export async function esmWidget(entry: string): Promise<[string, Uint8Array][]> {
  const out = await build({ entryPoints: [entry], bundle: true, splitting: true, outdir: 'out', minify: true, write: false, format: 'esm', charset: 'utf8', conditions: ['browser', 'production'], metafile: true, logLevel: 'silent' });
  const files = new Map(out.outputFiles.map((f) => [relative(process.cwd(), f.path), f.contents]));
  const outputs = out.metafile!.outputs;
  /** A chunk and everything it imports statically, in one buffer (compressed together, as a page fetches them). */
  const closure = (start: string[]): Uint8Array => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const i of outputs[file]!.imports) if (i.kind === 'import-statement') visit(i.path);
    };
    start.forEach(visit);
    return Buffer.concat([...seen].map((f) => files.get(f)!));
  };
  const entryFile = Object.keys(outputs).find((f) => outputs[f]!.entryPoint)!;
  const rows: [string, Uint8Array][] = [[' (first load)', closure([entryFile])]];
  for (const lang of ['kk', 'ru', 'en']) {
    const chunk = Object.keys(outputs).find((f) => Object.keys(outputs[f]!.inputs).some((i) => i.endsWith(`/messages/${lang}.js`) && i.includes(`widgets/`)));
    if (chunk) rows.push([` + ${lang} texts`, closure([entryFile, chunk])]);
  }
  return rows;
}
