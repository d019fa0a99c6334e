/**
 * The headers the reference server puts on its answers (its outermost middleware in `server/app.ts`), shared with the
 * mocks, which put them on theirs (`mock/answers.ts`): a widget tested against the mock then reads the same types,
 * caching and policies it will read from the server, and a header added here reaches both. Web APIs only, no DOM:
 * the browser's mock imports it as well as the server.
 */

/** An API answer is data, never a document: nothing in it may run, load anything or be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** A resident's photo: an image and nothing else, also when opened on its own (the browser's image page styles it inline). */
export const PHOTO_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

/** The powerful features a page of ours may ask for: its own location (the residence check before a ballot), no other. */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), payment=(), geolocation=(self)';

/** JSON, said to be UTF-8 (RFC 8259 knows no other), as every JSON answer of the server is typed. */
export const JSON_TYPE = 'application/json; charset=utf-8';

/** A browser that met the server over HTTPS keeps to it for a year. */
export const HSTS = 'max-age=31536000';

/**
 * The config's caching: kept, but asked "changed?" (its `ETag` in `If-None-Match`) each time, not kept for a while:
 * a phase opens at a set instant and the answer must follow at once.
 */
export const CONFIG_CACHE_CONTROL = 'no-cache';

/** A progress feed: public, and kept five minutes by readers and caches (a project's news can wait that long). */
export const FEED_CACHE_CONTROL = 'public, max-age=300';

/**
 * What every answer carries, set on `headers` after the route answered: no sniffing of its type, no referrer sent on,
 * not stored unless the route said how it may be kept; with `policies` (every answer but the widgets' scripts, which
 * run in the host's page under the host's policy) the API's policy and no framing unless the route set its own; over
 * HTTPS, HSTS.
 */
export function setAnswerHeaders(headers: Headers, o: { policies: boolean; https: boolean }): void {
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'no-referrer');
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
  if (o.policies) {
    if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', API_CSP);
    if (!headers.has('X-Frame-Options')) headers.set('X-Frame-Options', 'DENY');
    headers.set('Permissions-Policy', PERMISSIONS_POLICY);
  }
  if (o.https) headers.set('Strict-Transport-Security', HSTS);
}

/** The config's entity tag: a strong tag of its JSON text (a SHA-256 of it, 22 base64url characters). */
export async function entityTag(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return `"${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '').slice(0, 22)}"`;
}

/** Whether `If-None-Match` names `etag` (compared weakly, as RFC 9110 says, among others or as `*`): then 304, no body. */
export function notModified(ifNoneMatch: string | null | undefined, etag: string): boolean {
  return !!ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
}
