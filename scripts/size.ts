/**
 * `npm run size`: minified, gzip and brotli sizes of what a page loads through
 * the script tag (dist/qala.js and the files it fetches from dist/qala/, per
 * widget and language), of the one-file dist/qala.bundle.js with what each
 * part of it costs, and of each widget of the ESM build bundled on its own
 * (Lit included, as an app would ship it).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { relative } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { build, transform } from 'esbuild';
import type { Manifest } from '../src/script/loader.js';

export function sizes(bytes: Uint8Array): { min: number; gzip: number; brotli: number } {
  return {
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const GROUPS: [RegExp, string][] = [
  [/\/messages(\/|\.ts$)/, 'texts (all languages)'],
  [/node_modules\/(lit|lit-html|lit-element|@lit)\//, 'Lit'],
  [/node_modules\/zod\//, 'zod/mini'],
  [/node_modules\//, 'other dependencies (idb-keyval)'],
  [/\.styles\.ts$/, 'styles'],
  [/^src\/contract\//, 'contract'],
  [/^src\/domain\//, 'domain (IIN, money, ballot rules)'],
  [/^src\/client\//, 'client (HTTP, drafts, outbox)'],
  [/^src\/ui\//, 'widget base'],
  [/^src\/widgets\/([^/]+)\//, 'code: $1'],
];

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const row = (name: string, s: ReturnType<typeof sizes>) => `${name.padEnd(34)} ${kb(s.min).padStart(10)} ${kb(s.gzip).padStart(10)} ${kb(s.brotli).padStart(10)}`;

if (process.argv[1]?.endsWith('size.ts')) {
  if (!existsSync('dist/qala.js')) {
    console.error('dist/qala.js is missing: run `npm run build` first');
    process.exit(1);
  }
  console.log(`${'file'.padEnd(34)} ${'min'.padStart(10)} ${'gzip'.padStart(10)} ${'brotli'.padStart(10)}`);
  console.log(row('dist/qala.js (the loader)', sizes(readFileSync('dist/qala.js'))));
  console.log('');
  console.log('what a page loads with the script tag (qala.js + its files from dist/qala/, each compressed on its own):');
  for (const page of scriptPages()) console.log(row(`  ${page.name}`, page.size));
  console.log('');
  console.log(row('dist/qala.bundle.js (one file)', sizes(readFileSync('dist/qala.bundle.js'))));
  console.log('');
  console.log('what costs the bytes in dist/qala.bundle.js (min, gzip of each part alone, share):');
  for (const [group, part] of await breakdown('src/qala.ts')) console.log(`  ${group.padEnd(32)} ${kb(part.min).padStart(10)} ${kb(part.gzip).padStart(10)}  ${part.share.toFixed(0).padStart(3)} %`);
  console.log('');
  const widgets = existsSync('dist/esm/widgets') ? readdirSync('dist/esm/widgets') : [];
  for (const name of widgets) {
    const entry = `dist/esm/widgets/${name}/define.js`;
    if (!existsSync(entry)) continue;
    for (const [label, bytes] of await esmWidget(entry)) console.log(row(`esm: ${name}${label}`, sizes(bytes)));
  }
}

type Size = ReturnType<typeof sizes>;

/**
 * What a page that includes `dist/qala.js` downloads: the loader, then (from
 * dist/qala/manifest.json) the boot module, the widgets it shows and one
 * language's texts, each file compressed on its own as a server sends it.
 * One row per widget and language, and one for all widgets in Russian.
 */
export function scriptPages(root = '.'): { name: string; tags: string[]; lang: 'kk' | 'ru' | 'en'; files: string[]; size: Size }[] {
  const manifest = JSON.parse(readFileSync(`${root}/dist/qala/manifest.json`, 'utf8')) as Manifest;
  const tags = Object.keys(manifest.widgets);
  const cache = new Map<string, Size>();
  const sizeOf = (file: string) => cache.get(file) ?? cache.set(file, sizes(readFileSync(`${root}/dist/${file}`))).get(file)!;
  const page = (tags: readonly string[], lang: 'kk' | 'ru' | 'en') => {
    const files = [...new Set(['qala.js', ...[...manifest.boot, ...tags.flatMap((t) => [...manifest.widgets[t]!.files, ...manifest.widgets[t]!.texts[lang]])].map((f) => `qala/${f}`)])];
    const size = files.map(sizeOf).reduce((a, b) => ({ min: a.min + b.min, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }));
    return { name: `${tags.length === 1 ? tags[0]!.replace('qala-', '') : `all ${tags.length} widgets`}, ${lang}`, tags: [...tags], lang, files, size };
  };
  return [...tags.flatMap((tag) => (['kk', 'ru', 'en'] as const).map((lang) => page([tag], lang))), page(tags, 'ru')];
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
  // The widget's own entry: a chunk loaded with `import()` (texts, a lazily loaded part) is an entry point too.
  const wanted = relative(process.cwd(), entry);
  const entryFile = Object.keys(outputs).find((f) => outputs[f]!.entryPoint === wanted)!;
  const rows: [string, Uint8Array][] = [[' (first load)', closure([entryFile])]];
  for (const lang of ['kk', 'ru', 'en']) {
    const chunk = Object.keys(outputs).find((f) => Object.keys(outputs[f]!.inputs).some((i) => i.endsWith(`/messages/${lang}.js`) && i.includes(`widgets/`)));
    if (chunk) rows.push([` + ${lang} texts`, closure([entryFile, chunk])]);
  }
  return rows;
}


/**
 * Splits the script-tag bundle by source module (esbuild marks each module's
 * start when whitespace is kept), minifies and gzips each group on its own.
 * Parts compressed alone add up to a little more than the whole; the share is
 * of that sum.
 */
export async function breakdown(entry: string): Promise<[string, { min: number; gzip: number; share: number }][]> {
  const out = await build({ entryPoints: [entry], bundle: true, minifySyntax: true, minifyIdentifiers: true, write: false, format: 'iife', charset: 'utf8', conditions: ['browser', 'production'], define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'silent' });
  const parts = out.outputFiles[0]!.text.split(/^\s*\/\/ (\S+\.(?:ts|js))$/m);
  const groups = new Map<string, string[]>();
  for (let i = 1; i < parts.length; i += 2) {
    const file = parts[i]!;
    let code = parts[i + 1]!;
    code = await transform(code, { minifyWhitespace: true, charset: 'utf8' }).then((r) => r.code, () => code.replace(/\s+/g, ' '));
    const rule = GROUPS.find(([re]) => re.test(file));
    const name = rule ? rule[1].replace('$1', rule[0].exec(file)?.[1] ?? '') : 'other';
    groups.set(name, [...(groups.get(name) ?? []), code]);
  }
  const rows = [...groups].map(([name, codes]) => {
    const bytes = Buffer.from(codes.join('\n'));
    return [name, { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }] as const;
  });
  const alone = rows.reduce((sum, [, r]) => sum + r.gzip, 0);
  return rows
    .map(([name, r]) => [name, { ...r, share: (100 * r.gzip) / alone }] as [string, { min: number; gzip: number; share: number }])
    .sort((a, b) => b[1].gzip - a[1].gzip);
}
