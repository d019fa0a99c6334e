/**
 * A Vite plugin that marks the shared contract's schema definitions as pure
 * (`/* @__PURE__ *\/`), so a page's bundle keeps only the schemas it uses.
 *
 * A zod schema is built by calls (`z.strictObject({…})`, `Money.check(…)`),
 * and a bundler must keep any call it cannot prove free of side effects: every
 * schema of a contract module a widget imports anything from was kept, used or
 * not (the staff's, the voter list's, the admin's). Building a schema has no
 * effect beyond the value it returns (nothing here registers it anywhere), so
 * every call in a top-level `const`'s initializer of `src/contract/*.ts` is
 * annotated — not inside functions (a refinement's body runs later and may
 * push issues), and nothing else in the file. It walks the TypeScript AST, as
 * `minify-literals.ts` does.
 */
import ts from 'typescript';
import type { Plugin } from 'vite';

const CONTRACT = /[\\/]src[\\/]contract[\\/][^\\/]+\.ts$/;
const PURE = '/* @__PURE__ */ ';

/** Where each call of a top-level `const` initializer starts, outside any function in it. */
function callStarts(source: ts.SourceFile): number[] {
  const starts = new Set<number>();
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) starts.add(node.getStart(source));
    ts.forEachChild(node, visit);
  };
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) if (declaration.initializer) visit(declaration.initializer);
  }
  return [...starts].sort((a, b) => b - a);
}

/** The module's code with every such call marked pure. */
export function markSchemasPure(code: string, fileName = 'x.ts'): string {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let out = code;
  for (const at of callStarts(source)) out = `${out.slice(0, at)}${PURE}${out.slice(at)}`;
  return out;
}

export function pureSchemasPlugin(): Plugin {
  return {
    name: 'qala-pure-schemas',
    enforce: 'pre',
    transform(code, id) {
      if (!CONTRACT.test(id.split('?')[0]!)) return null;
      return { code: markSchemasPure(code, id), map: null };
    },
  };
}
