import type { Context } from 'hono';
import { HttpError, fail } from './errors.js';
import { JSON_TYPE } from '../domain/answer-headers.js';
import { TEXT_BODY_REFUSAL, bodyTooLarge } from '../domain/body-limit.js';
import { JSON_TEXT_REFUSAL, parseJsonText } from '../domain/json-text.js';

/**
 * After the first `bodyTimeoutMs`, a body must have kept on average at least this many bytes a second: a photo on a
 * slow mobile connection (a few KB/s) that keeps moving goes through, a client sending a byte now and then does not.
 */
export const MIN_BODY_BYTES_PER_SECOND = 2048;

/** Reads the raw body with a hard cap: 413 as soon as it is exceeded, whatever Content-Length claims. */
export async function readBytes(c: Context, limit: number): Promise<Uint8Array> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && (!/^\d+$/.test(declared) || Number(declared) > limit)) {
    if (!/^\d+$/.test(declared)) fail('bad_request', 'bad Content-Length');
    fail('payload_too_large', bodyTooLarge(limit));
  }
  const body = c.req.raw.body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  // A client that sends its body a byte at a time may not hold the connection: the body has a deadline, which each
  // byte that arrives moves on by what it is worth at the slowest rate accepted.
  const start = (c.get('bodyDeadline' as never) as number | undefined) ?? Date.now() + 30_000;
  let deadline = start;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array> | 'late' = 'late';
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      next = await Promise.race([reader.read(), new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now()))))]);
    } catch {
      fail('bad_request', 'the request body could not be read');
    } finally {
      clearTimeout(timer);
    }
    if (next! === 'late') {
      await reader.cancel().catch(() => {});
      c.header('Connection', 'close');
      fail('request_timeout', 'the request body did not arrive in time');
    }
    const { done, value } = next as ReadableStreamReadResult<Uint8Array>;
    if (done) break;
    size += value.byteLength;
    deadline = start + (size * 1000) / MIN_BODY_BYTES_PER_SECOND;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      fail('payload_too_large', bodyTooLarge(limit));
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const ch of chunks) {
    out.set(ch, at);
    at += ch.byteLength;
  }
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * A JSON body: `Content-Type: application/json` required (which also makes
 * every cross-origin browser POST go through a CORS preflight), valid UTF-8,
 * valid JSON without half surrogate pairs. `undefined` for an empty body when `optional`.
 */
export async function readJson(c: Context, limit: number, optional = false): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const bytes = await readBytes(c, limit);
  if (bytes.length === 0 && optional) return undefined;
  if (type !== 'application/json') fail('unsupported_media_type', 'send the body as application/json');
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    fail('bad_request', JSON_TEXT_REFUSAL.utf8);
  }
  // `\ud800` decodes to half a surrogate pair, `\u0000` to NUL: neither is text PostgreSQL keeps (a 500 there).
  const parsed = parseJsonText(text!);
  if (!parsed.ok) throw new HttpError('bad_request', JSON_TEXT_REFUSAL[parsed.problem]);
  return parsed.value;
}

/**
 * The client address for coarse rate limits: the socket peer, or, behind `proxies` proxies of ours, the address the
 * outermost of them appended to X-Forwarded-For — counted from the right, since each proxy appends and a client can
 * write anything on the left (`X-Forwarded-For: 1.2.3.4` from a client becomes `1.2.3.4, <client>` at nginx).
 */
export function clientIp(c: Context, proxies: number): string {
  if (proxies > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    const hop = hops[Math.max(0, hops.length - proxies)];
    if (hop) return hop.slice(0, 64);
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

/** This server's own origin: the configured public URL, else the request's. */
export function ownOrigin(c: Context, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  return new URL(c.req.url).origin;
}

export function json(c: Context, status: number, body: unknown): Response {
  return c.body(JSON.stringify(body), status as 200, { 'content-type': JSON_TYPE });
}

/** A text body (a CSV upload): `text/csv` or `text/plain`, valid UTF-8, at most `limit` bytes. */
export async function readText(c: Context, limit: number): Promise<string> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const bytes = await readBytes(c, limit);
  if (type !== 'text/csv' && type !== 'text/plain') fail('unsupported_media_type', TEXT_BODY_REFUSAL.type);
  try {
    return decoder.decode(bytes);
  } catch {
    return fail('bad_request', TEXT_BODY_REFUSAL.utf8);
  }
}
