/**
 * Page cursors: two strings as base64url JSON (`PageCursor`'s alphabet), or
 * for the admin proposal list an offset's digits in base64url, opaque to
 * clients. Browser-safe, so the mock gives and reads the very
 * cursors the server does and refuses the same foreign ones.
 */

import type { FieldIssue } from '../contract/index.js';

/** A cursor naming a place in a list by two strings (the public list's: the last item's sort key and id). */
export function encodeCursor(pair: [string, string]): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(JSON.stringify(pair))) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A cursor's two strings; null for one that `encodeCursor` did not make, or (`valid`) did not make for this list. */
export function decodeCursor(cursor: string, valid: (pair: [string, string]) => boolean = () => true): [string, string] | null {
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const v: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && valid(v as [string, string])) return v as [string, string];
  } catch {
    // not base64 or not JSON: not a cursor of ours
  }
  return null;
}

/** The words and issue of a cursor refused (400 `validation_failed`), the server's and the mock's. */
export function cursorRefusal(): { message: string; issues: FieldIssue[] } {
  return { message: 'the cursor is not one this server gave out', issues: [{ path: ['cursor'], message: 'cursor.invalid' }] };
}

/**
 * The audit log's cursor names the log where the public list's has its sort
 * key, so another list's cursor (or a bare id, read as a number however it was
 * written) is refused instead of paging from wherever it happens to point.
 */
const AUDIT_LOG = 'audit';

/** The audit log's cursor after the entry `id` (the oldest of a page; the next page holds older ones). */
export function encodeAuditCursor(id: number): string {
  return encodeCursor([AUDIT_LOG, String(id)]);
}

/** The entry id an audit log cursor goes on after; null for any other cursor. */
export function decodeAuditCursor(cursor: string): number | null {
  const pair = decodeCursor(cursor, ([list, id]) => list === AUDIT_LOG && /^[1-9]\d{0,14}$/.test(id));
  return pair ? Number(pair[1]) : null;
}

/**
 * The admin proposal list's cursor is the offset of its next page, its digits
 * in base64url (no padding), as the server has always given it out. It is read
 * as Node's `Buffer` reads base64url, which is how the server read it before
 * this module: the bits left over at the end are dropped and a lone last
 * character is ignored (`atob` would refuse that string), so a cursor the
 * server took before is taken still, and the mock takes the same ones.
 */
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The admin list's cursor for the page starting at `offset`. */
export function encodeOffsetCursor(offset: number): string {
  // Digits are ASCII, so `btoa` takes them as they are; only the padding differs from base64url.
  return btoa(String(offset)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The offset an admin list cursor names: its bytes must be one to nine ASCII digits; null otherwise. */
export function decodeOffsetCursor(cursor: string): number | null {
  const bytes: number[] = [];
  let bits = 0;
  let buffer = 0;
  for (const c of cursor) {
    const sextet = BASE64URL.indexOf(c);
    if (sextet < 0) return null;
    buffer = ((buffer << 6) | sextet) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  // Bytes, not decoded text: a UTF-8 decoder that drops a byte-order mark would read "\uFEFF1" as "1".
  if (bytes.length < 1 || bytes.length > 9 || !bytes.every((b) => b >= 0x30 && b <= 0x39)) return null;
  return Number(String.fromCharCode(...bytes));
}
