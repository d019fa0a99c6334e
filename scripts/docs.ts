/**
 * `npm run docs`: writes the widget reference of README.md (between the
 * `<!-- reference:start -->` and `<!-- reference:end -->` markers) from
 * dist/custom-elements.json, so the tables are never copied by hand.
 * `--check` exits non-zero when README.md is out of date.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';

interface Documented {
  name?: string;
  description?: string;
  summary?: string;
  type?: { text?: string };
  default?: string;
  attribute?: string;
  kind?: string;
  privacy?: string;
  static?: boolean;
  fieldName?: string;
}
interface Declaration extends Documented {
  tagName?: string;
  customElement?: boolean;
  attributes?: Documented[];
  members?: Documented[];
  events?: Documented[];
  cssParts?: Documented[];
  cssProperties?: Documented[];
}

const START = '<!-- reference:start -->';
const END = '<!-- reference:end -->';

const cell = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

export function renderReference(manifest: { modules: { declarations?: Declaration[] }[] }): string {
  const elements = manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d) => d.customElement && d.tagName)
    .sort((a, b) => a.tagName!.localeCompare(b.tagName!));
  const out: string[] = [];
  for (const el of elements) {
    out.push(`### \`<${el.tagName}>\``, '', cell(el.summary || el.description), '');
    const attributes = (el.attributes ?? []).filter((a) => a.name);
    if (attributes.length) {
      out.push('| attribute | type | default | description |', '| --- | --- | --- | --- |');
      for (const a of attributes) out.push(`| \`${a.name}\` | ${cell(a.type?.text)} | ${cell(a.default)} | ${cell(a.description)} |`);
      out.push('');
    }
    const properties = (el.members ?? []).filter((m) => m.kind === 'field' && !m.static && m.privacy !== 'private' && m.privacy !== 'protected' && !m.attribute && m.description);
    if (properties.length) {
      out.push('| property (JS only) | type | description |', '| --- | --- | --- |');
      for (const p of properties) out.push(`| \`${p.name}\` | ${cell(p.type?.text)} | ${cell(p.description)} |`);
      out.push('');
    }
    const events = (el.events ?? []).filter((e) => e.name);
    if (events.length) {
      out.push('| event | description |', '| --- | --- |');
      for (const e of events) out.push(`| \`${e.name}\` | ${cell(e.description)} |`);
      out.push('');
    }
    if (el.cssParts?.length) {
      out.push('| `::part` | description |', '| --- | --- |');
      for (const p of el.cssParts) out.push(`| \`${p.name}\` | ${cell(p.description)} |`);
      out.push('');
    }
    if (el.cssProperties?.length) {
      out.push('| custom property | description |', '| --- | --- |');
      for (const p of el.cssProperties) out.push(`| \`${p.name}\` | ${cell(p.description)} |`);
      out.push('');
    }
  }
  return out.join('\n').trim();
}

export function updateReadme(readme: string, reference: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error('README.md lacks the reference markers');
  return `${readme.slice(0, start + START.length)}\n\n${reference}\n\n${readme.slice(end)}`;
}

/** Every tag the library defines: `defineElement('qala-…')` in each widget's define.ts. */
export function definedTags(): string[] {
  return readdirSync('src/widgets', { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      try {
        return [...readFileSync(`src/widgets/${d.name}/define.ts`, 'utf8').matchAll(/defineElement\('([a-z-]+)'/g)].map((m) => m[1]!);
      } catch {
        return [];
      }
    })
    .sort();
}

if (process.argv[1]?.endsWith('docs.ts')) {
  if (!existsSync('dist/custom-elements.json')) {
    // `npm run build` writes it (its step after the .d.ts); a build stopped before then (killed, or another build's
    // `rm -rf dist` in the same checkout meanwhile) leaves dist/ without it.
    console.error('dist/custom-elements.json is missing: run `npm run build` to the end (and not while another build or e2e run uses the same dist/)');
    process.exit(1);
  }
  const manifest = JSON.parse(readFileSync('dist/custom-elements.json', 'utf8'));
  // A widget whose class lacks the `@tag` JSDoc is missing from the manifest, and so from the README.
  const documented = new Set<string>(manifest.modules.flatMap((m: { declarations?: Declaration[] }) => m.declarations ?? []).filter((d: Declaration) => d.customElement && d.tagName).map((d: Declaration) => d.tagName!));
  const missing = definedTags().filter((t) => !documented.has(t));
  if (missing.length) {
    console.error(`the widget reference misses ${missing.map((t) => `<${t}>`).join(', ')}: give its class a \`@tag\` JSDoc`);
    process.exit(1);
  }
  const readme = readFileSync('README.md', 'utf8');
  const next = updateReadme(readme, renderReference(manifest));
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md reference is out of date: run `npm run docs`');
      process.exit(1);
    }
  } else {
    writeFileSync('README.md', next);
  }
}
