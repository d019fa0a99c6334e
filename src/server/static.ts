import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.pb': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

/** CSP for pages we serve: our own scripts only, no inline script, API calls to this origin. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

export interface StaticFile {
  body: Uint8Array;
  type: string;
  modified: Date;
}

/**
 * A file under `root` for a URL path relative to the mount point, or null.
 * Refuses anything that could leave the folder: `..`, dot-files, backslashes,
 * NUL, encoded separators, and symlinks pointing outside.
 */
export async function readStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return null;
  const base = resolve(root);
  let target = resolve(base, ...segments);
  if (target !== base && !target.startsWith(base + sep)) return null;
  try {
    let info = await stat(target);
    if (info.isDirectory()) {
      target = join(target, 'index.html');
      info = await stat(target);
    }
    if (!info.isFile()) return null;
    const real = await realpath(target);
    const realBase = await realpath(base);
    if (!real.startsWith(realBase + sep)) return null;
    return { body: await readFile(real), type: TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream', modified: info.mtime };
  } catch {
    return null;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A plain page linking to the demo pages that exist, for when `demo/index.html` does not. */
export async function demoIndex(root: string, apiBase: string): Promise<string> {
  let pages: string[] = [];
  try {
    pages = (await readdir(root, { recursive: true }))
      .map(String)
      .filter((f) => f.endsWith('.html') && !f.split(sep).some((s) => s.startsWith('.')))
      .sort();
  } catch {
    // no demo folder yet
  }
  const links = pages.length
    ? `<ul>${pages.map((p) => `<li><a href="/${escapeHtml(p.split(sep).map(encodeURIComponent).join('/'))}">${escapeHtml(p)}</a></li>`).join('')}</ul>`
    : '<p>No demo pages yet (the <code>demo/</code> folder is empty).</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Qala reference server</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em">
<h1>Qala reference server</h1>
<h2>Demo pages</h2>
${links}
<h2>API</h2>
<ul>
<li><a href="${apiBase}/openapi.json">OpenAPI document</a></li>
<li><a href="${apiBase}/cities/aksu">Aksu: configuration</a>, <a href="${apiBase}/cities/aksu/proposals">proposals</a>, <a href="${apiBase}/cities/aksu/results">results</a></li>
<li><a href="${apiBase}/cities/rudny">Rudny: configuration</a>, <a href="${apiBase}/cities/rudny/proposals">proposals</a>, <a href="${apiBase}/cities/rudny/results">results</a></li>
</ul>
</body></html>
`;
}
