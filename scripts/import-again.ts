/**
 * A Vite (rolldown) plugin for the script tag's chunks (`dist/qala/`): a chunk
 * fetched later (a widget's part, a language's texts) that failed to arrive is
 * fetched again at the next ask.
 *
 * Why: a module whose fetch failed stays failed in the browser's module map
 * under its address in Firefox (ESR 153 today): every later `import()` of that
 * address, and every module importing it, fails at once without a request,
 * until the page is reloaded. (Chromium fetches it again since
 * whatwg/html#10327.) So a part that met a dead network could never load.
 *
 * What: every `import("./x.js")` of a sibling chunk becomes a call of a small
 * helper, which lives in the shared chunk every page loads first (`home`). It
 * imports the plain address first (so a chunk the page already has is the same
 * module), and after a failure the next call imports `./x.js?retry=<n>`, an
 * address the browser has not seen and really fetches. A chunk that arrived is
 * kept by its plain address in the helper's one registry for the page, so it is
 * evaluated once whichever address brought it and whichever chunk asks.
 *
 * A chunk fetched later may itself import a chunk the page does not have yet
 * (a widget's texts import the texts every widget shares; two of the form's
 * parts share a chunk; the list's progress line imports a chunk of the
 * progress widget; the virtualizer's layout chunk imports the virtualizer).
 * A static import keeps the plain address, which in Firefox stays failed too,
 * so such an import becomes `const {…} = await helper("./d.js")`: the same
 * retry and the same registry. Imports of chunks certain to be there already
 * (the first load of every widget that can reach the chunk, and the boot
 * module's) stay static.
 *
 * Not for the one-file bundle (it has no chunks) nor the npm build (the
 * bundlers of npm users do their own chunking and loading).
 */
import type { Plugin } from 'vite';

/** The helper's name in a chunk (nothing else in a bundle is called so). */
export const HELPER = '__qalaImportAgain';

/**
 * How long a chunk may take to arrive before the helper gives up on it: as long as the client gives one attempt of a
 * request (`HttpBackend`'s `timeoutMs`). A stalled fetch (a mobile network that dropped without a reset) can stay
 * open for minutes; the widget says it failed and offers its retry, which asks under a fresh address. The stalled
 * fetch is not cancelled (an import cannot be): should it still arrive before anyone asks again, that module is kept.
 */
export const STALL_MS = 15_000;

/**
 * The helper, in the one chunk every page has before any widget's code runs (`home`), so one registry serves the
 * page: a chunk that arrived is kept by its plain address and only one module of it is ever handed out (a stalled
 * fetch that arrives after a retry's is evaluated, but nobody gets it).
 */
export function helperSource(stallMs = STALL_MS): string {
  // Small on purpose (every page loads it): the stall timer is not cleared (it fires into a settled race).
  return `const ${HELPER}$loads = {};
const ${HELPER}$tries = {};
const ${HELPER} = (file, base) => {
  const url = new URL(file, base).href;
  const tries = ${HELPER}$tries[url] ?? 0;
  if (${HELPER}$loads[url]) return ${HELPER}$loads[url];
  const given = Promise.race([
    import(tries ? url + "?retry=" + tries : url).then((module) => (${HELPER}$loads[url] ??= Promise.resolve(module), module)),
    new Promise((_, reject) => setTimeout(reject, ${stallMs}, Error("timeout"))),
  ]).catch((error) => {
    if (${HELPER}$loads[url] === given) {
      ${HELPER}$tries[url] = tries + 1;
      ${HELPER}$loads[url] = undefined;
    }
    throw error;
  });
  return (${HELPER}$loads[url] = given);
};
`;
}

export const HELPER_SOURCE = helperSource();

export interface ChunkLink {
  fileName: string;
  name: string;
  isEntry: boolean;
  imports: readonly string[];
  dynamicImports: readonly string[];
}

export interface Plan {
  /** For each chunk, the chunks it imports statically that a page may not have yet when it runs. */
  late: Map<string, Set<string>>;
  /** A chunk every page has before any widget's code runs (one the boot module imports): it carries the helper for the others. */
  home: string | undefined;
}

/**
 * Which static imports go through the helper: a chunk's import of a chunk that, for some widget that can reach the
 * importer, is in neither that widget's first load nor the boot module's (`everyPage`, by entry name).
 */
export function plan(chunks: readonly ChunkLink[], everyPage: readonly string[]): Plan {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const walk = (from: string, dynamic: boolean): Set<string> => {
    const seen = new Set<string>();
    const stack = [from];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (seen.has(next)) continue;
      seen.add(next);
      const chunk = byName.get(next);
      if (chunk) stack.push(...chunk.imports, ...(dynamic ? chunk.dynamicImports : []));
    }
    return seen;
  };
  const entries = chunks.filter((c) => c.isEntry);
  const always = new Set(entries.filter((c) => everyPage.includes(c.name)).flatMap((c) => [...walk(c.fileName, false)]));
  const late = new Map<string, Set<string>>();
  for (const entry of entries) {
    const first = walk(entry.fileName, false);
    const there = (f: string) => first.has(f) || always.has(f);
    for (const name of walk(entry.fileName, true)) {
      if (there(name)) continue;
      for (const imported of byName.get(name)?.imports ?? []) {
        if (there(imported)) continue;
        let set = late.get(name);
        if (!set) late.set(name, (set = new Set()));
        set.add(imported);
      }
    }
  }
  // An awaited import of a chunk that imports the awaiting one back would wait for itself for ever.
  for (const [name, imported] of late) {
    for (const d of imported) if (walk(d, false).has(name)) throw new Error(`import-again: ${name} and ${d} import each other; a late import between them would never settle`);
  }
  return { late, home: [...always].find((f) => !byName.get(f)?.isEntry) };
}

const quoted = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `{ a as b, c }` (import or export list) as destructuring: `{ a: b, c }`. */
const destructure = (list: string) =>
  list.replace(/([\w$]+)\s+as\s+([\w$]+)/g, '$1: $2');

/**
 * The chunk's code with each dynamic import of a sibling chunk, and each static import of one in `late`, going
 * through the helper imported from `home` (null: the chunk is the helper's own); null when there is none. Throws
 * when a late chunk is imported in a form it does not rewrite.
 */
export function rewriteChunk(code: string, siblings: ReadonlySet<string>, late: ReadonlySet<string>, home: string | null): string | null {
  let changed = false;
  let out = code.replace(/\bimport\(\s*(["'`])\.\/([^"'`]+)\1\s*\)/g, (whole, _q: string, file: string) => {
    if (!siblings.has(file)) return whole;
    changed = true;
    return `${HELPER}("./${file}", import.meta.url)`;
  });
  let reexports = 0;
  for (const file of late) {
    const from = `\\s*["']\\./${quoted(file)}["'];?`;
    out = out
      .replace(new RegExp(`^import\\s*(\\{[^}]*\\})\\s*from${from}`, 'gm'), (_, list: string) => `const ${destructure(list)} = await ${HELPER}("./${file}", import.meta.url);`)
      .replace(new RegExp(`^import\\s*\\*\\s*as\\s+([\\w$]+)\\s*from${from}`, 'gm'), (_, name: string) => `const ${name} = await ${HELPER}("./${file}", import.meta.url);`)
      .replace(new RegExp(`^import${from}`, 'gm'), () => `await ${HELPER}("./${file}", import.meta.url);`)
      .replace(new RegExp(`^export\\s*\\{([^}]*)\\}\\s*from${from}`, 'gm'), (_, list: string) => {
        const names = list
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .map((spec) => {
            const [name, as = name] = spec.split(/\s+as\s+/) as [string, string?];
            return { name, as, local: `${HELPER}$${reexports++}` };
          });
        return `const { ${names.map((n) => `${n.name}: ${n.local}`).join(', ')} } = await ${HELPER}("./${file}", import.meta.url);\nexport { ${names.map((n) => `${n.local} as ${n.as}`).join(', ')} };`;
      });
    if (new RegExp(`(?:\\bfrom|\\bimport)\\s*["']\\./${quoted(file)}["']`).test(out)) {
      throw new Error(`import-again: a static import of ./${file} in a form this plugin does not rewrite; it would stay failed in Firefox after a failed fetch`);
    }
    changed = true;
  }
  if (!changed) return null;
  if (home === null) return out;
  // Into the chunk's import of `home` when it has one (most do: it is the shared chunk), else an import of its own.
  let joined = false;
  out = out.replace(new RegExp(`^import\\s*\\{(?=[^}]*\\}\\s*from\\s*["']\\./${quoted(home)}["'])`, 'm'), (whole) => {
    joined = true;
    return `${whole} ${HELPER},`;
  });
  return joined ? out : `import { ${HELPER} } from "./${home}";\n${out}`;
}

/** The chunk that carries the helper for the others: it and its export added. */
export function homeChunk(code: string, stallMs = STALL_MS): string {
  return `${helperSource(stallMs)}${code}\nexport { ${HELPER} };\n`;
}

/** `everyPage`: the entries (by name) every page loads before any chunk of a widget runs: the boot module. */
export function importAgainPlugin(everyPage: readonly string[] = ['boot']): Plugin {
  const plans = new WeakMap<object, Plan>();
  return {
    name: 'qala-import-again',
    renderChunk(code, chunk, _options, meta) {
      const chunks = meta.chunks as Record<string, ChunkLink>;
      let found = plans.get(chunks);
      if (!found) plans.set(chunks, (found = plan(Object.values(chunks), everyPage)));
      const { late, home } = found;
      if (!home) this.error('import-again: no chunk that every page loads (the boot module\'s imports) to carry the helper');
      const own = chunk.fileName === home;
      const rewritten = rewriteChunk(code, new Set(Object.keys(chunks)), late.get(chunk.fileName) ?? new Set(), own ? null : home);
      if (own) return { code: homeChunk(rewritten ?? code), map: null };
      return rewritten === null ? null : { code: rewritten, map: null };
    },
  };
}
