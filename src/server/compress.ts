/**
 * Response compression for the reference server: brotli or gzip, as the client
 * accepts, for text, JSON and scripts of 1 KB or more. The script tag's files
 * are what a resident on a slow connection waits for, so static files get the
 * strongest setting once and are kept compressed in memory (by path, date and
 * size); API answers get a fast setting.
 */
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { MiddlewareHandler } from 'hono';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export type Encoding = 'br' | 'gzip';

/** The encoding to answer with for an `Accept-Encoding` header: brotli first, then gzip; `;q=0` refuses one. */
export function negotiate(header: string | undefined): Encoding | null {
  if (!header) return null;
  const accepted = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (name: Encoding) => (accepted.get(name) ?? (accepted.has('*') ? accepted.get('*')! : 0)) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|problem\+json)|image\/svg\+xml)/i;
export const MIN_BYTES = 1024;

export function compress(body: Uint8Array, encoding: Encoding, strong: boolean): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: strong ? 11 : 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gz(body, { level: strong ? 9 : 6 });
}

/** Compressed static files, by encoding, path, date and size; at most `limit` of them, the oldest dropped first. */
class StaticCache {
  private readonly entries = new Map<string, Promise<Buffer>>();
  constructor(private readonly limit = 300) {}
  get(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
    let hit = this.entries.get(key);
    if (!hit) {
      hit = make();
      hit.catch(() => this.entries.delete(key));
      this.entries.set(key, hit);
      if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    }
    return hit;
  }
}

/**
 * Hono middleware. A response is left as it is when the client accepts
 * neither encoding, when it is already encoded, small, not text, a HEAD or
 * not a 200. Every compressible response says `Vary: Accept-Encoding`.
 * `isStatic(c)` tells the files served from disk (cached, strongest setting).
 */
export function compression(isStatic: (path: string) => boolean): MiddlewareHandler {
  const cache = new StaticCache();
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get('content-type') ?? '';
    if (!COMPRESSIBLE.test(type) || res.headers.has('content-encoding')) return;
    // Copy the headers before reading the body: @hono/node-server's lightweight Response rebuilds
    // itself when read, without the headers middlewares added afterwards (CORS among them).
    const headers = new Headers(res.headers);
    const lastModified = res.headers.get('last-modified') ?? '';
    const body = new Uint8Array(await res.arrayBuffer());
    headers.append('Vary', 'Accept-Encoding');
    headers.delete('content-length');
    const encoding = negotiate(c.req.header('accept-encoding'));
    let out: Uint8Array = body;
    if (encoding && c.req.method !== 'HEAD' && res.status === 200 && body.length >= MIN_BYTES) {
      const path = c.req.path;
      out = isStatic(path)
        ? await cache.get(`${encoding} ${path} ${lastModified} ${body.length}`, () => compress(body, encoding, true))
        : await compress(body, encoding, false);
      headers.set('Content-Encoding', encoding);
    }
    // Hono's `c.res` setter copies the old response's headers over the new one's (its `Vary: Origin`
    // would replace `Origin, Accept-Encoding`); they are all in `headers` already, so drop the old one first.
    c.res = undefined;
    c.res = new Response(out as Uint8Array<ArrayBuffer>, { status: res.status, statusText: res.statusText, headers });
  };
}
