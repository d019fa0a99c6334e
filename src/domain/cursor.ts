/**
 * Page cursors: two strings as base64url JSON (`PageCursor`'s alphabet),
 * opaque to clients. Browser-safe, so the mock gives and reads the very
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
