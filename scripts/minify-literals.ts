/**
 * A Vite plugin that squeezes the whitespace out of Lit's `html`, `svg` and
 * `css` template literals in our own sources, for the script-tag bundle. It
 * walks the TypeScript AST, so `${…}` expressions (and templates nested in
 * them) are never touched: only the static parts of each literal change.
 *
 * HTML: every run of whitespace becomes one space (never removed entirely, so
 * inline text keeps its spacing). CSS: comments go, whitespace runs collapse,
 * and spaces around `{ } ; ,` and after `:` in declarations go.
 */
import ts from 'typescript';
import type { Plugin } from 'vite';

type Kind = 'html' | 'css';

export function squeezeHtml(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** Comments go; quoted strings (`content: ': '`) stay exactly as written; the rest is squeezed. */
export function squeezeCss(text: string): string {
  const strings: string[] = [];
  // One left-to-right pass: whichever starts first, a comment (dropped) or a string (held aside), wins.
  const held = text.replace(/\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (m) => (m.startsWith('/*') ? ' ' : `\u0000${strings.push(m) - 1}\u0000`));
  return held
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}')
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => strings[Number(i)]!);
}

function tagKind(tag: ts.Expression): Kind | null {
  const name = ts.isIdentifier(tag) ? tag.text : ts.isPropertyAccessExpression(tag) ? tag.name.text : '';
  if (name === 'html' || name === 'svg') return 'html';
  if (name === 'css') return 'css';
  return null;
}

export function minifyLiterals(code: string, fileName = 'x.ts'): string {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  const squeezePart = (kind: Kind, start: number, end: number) => {
    const raw = code.slice(start, end);
    const text = kind === 'html' ? squeezeHtml(raw) : squeezeCss(raw);
    if (text !== raw) edits.push({ start, end, text });
  };
  const visit = (node: ts.Node) => {
    if (ts.isTaggedTemplateExpression(node)) {
      const kind = tagKind(node.tag);
      const template = node.template;
      if (kind) {
        if (ts.isNoSubstitutionTemplateLiteral(template)) {
          squeezePart(kind, template.getStart() + 1, template.end - 1);
        } else {
          // head: after "`" up to "${"; each span literal: after "}" up to "${" or "`".
          squeezePart(kind, template.head.getStart() + 1, template.head.end - 2);
          for (const span of template.templateSpans) {
            const lit = span.literal;
            squeezePart(kind, lit.getStart() + 1, ts.isTemplateTail(lit) ? lit.end - 1 : lit.end - 2);
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = code;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

export function minifyLiteralsPlugin(): Plugin {
  return {
    name: 'qala-minify-literals',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\b(html|css|svg)`/.test(code)) return null;
      return { code: minifyLiterals(code, id), map: null };
    },
  };
}
