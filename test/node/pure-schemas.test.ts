import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markSchemasPure } from '../../scripts/pure-schemas.js';

const P = '/* @__PURE__ */ ';

describe('marking the contract’s schemas pure for the browser builds', () => {
  test('every call of a top-level const initializer is marked, nested ones too; nothing inside a function, nothing else', () => {
    const code = [
      "export const A = z.string().check(z.maxLength(3));",
      "const B = A.extend({ b: z.optional(Money) });",
      "export const C = z.string().check(z.superRefine((v, ctx) => { ctx.issues.push(make(v)); }));",
      "let d = f();",
      "g();",
      "export function h() { return z.string(); }",
    ].join('\n');
    assert.equal(
      markSchemasPure(code),
      [
        `export const A = ${P}z.string().check(${P}z.maxLength(3));`,
        `const B = ${P}A.extend({ b: ${P}z.optional(Money) });`,
        `export const C = ${P}z.string().check(${P}z.superRefine((v, ctx) => { ctx.issues.push(make(v)); }));`,
        'let d = f();',
        'g();',
        'export function h() { return z.string(); }',
      ].join('\n'),
    );
  });

  test('a bundle keeps the schemas it uses and drops the others (and what only they use), which it kept unmarked', async () => {
    const contract = [
      "import * as z from 'zod/mini';",
      "export const Used = z.strictObject({ name: z.string().check(z.maxLength(40)) });",
      "export const Unused = z.strictObject({ note: z.string().check(z.regex(/^never_in_the_bundle$/)) });",
      "export const AlsoUnused = Used.extend({ extra: z.literal('only_in_unused') });",
    ].join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'qala-pure-'));
    try {
      const bundle = async (source: string) => {
        writeFileSync(join(dir, 'contract.ts'), source);
        writeFileSync(join(dir, 'entry.ts'), "import { Used } from './contract.ts';\nconsole.log(Used.parse({ name: 'x' }));\n");
        const out = await build({ entryPoints: [join(dir, 'entry.ts')], nodePaths: [join(process.cwd(), 'node_modules')], bundle: true, write: false, format: 'esm', minify: true, logLevel: 'silent' });
        return out.outputFiles[0]!.text;
      };
      const kept = await bundle(contract);
      assert.ok(kept.includes('never_in_the_bundle') && kept.includes('only_in_unused'), 'unmarked, the unused schemas stay');
      const marked = await bundle(markSchemasPure(contract));
      assert.ok(!marked.includes('never_in_the_bundle') && !marked.includes('only_in_unused'), 'marked, they are gone');
      assert.ok(marked.length < kept.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
