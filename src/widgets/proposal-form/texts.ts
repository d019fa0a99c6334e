import { normalizeLine, type FieldIssue } from '../../contract/index.js';

/**
 * Pure text helpers of the proposal form (no DOM, no Lit): tested in node.
 */

/** A field's problem: a message key and its parameters. */
export interface EditIssue {
  code: string;
  params?: Record<string, unknown>;
}

/** The code and issues of whatever a backend rejected with (a `QalaError`, or a plain object shaped like one). */
export function problemOf(error: unknown): { code: string; issues: FieldIssue[] } {
  const e = error as { code?: unknown; issues?: unknown; details?: { issues?: unknown } } | null;
  const issues = Array.isArray(e?.issues) ? e.issues : Array.isArray(e?.details?.issues) ? e.details.issues : [];
  return { code: typeof e?.code === 'string' ? e.code : 'generic', issues: issues as FieldIssue[] };
}

/** A server issue with words of its own (`code.invalid`), else the error code's (`error.code_expired`), else the generic words. */
export function issueOf(error: unknown, has: (key: string) => boolean): EditIssue {
  const { code, issues } = problemOf(error);
  const withText = issues.find((i) => has(i.message));
  if (withText) return { code: withText.message, ...(withText.params ? { params: withText.params } : {}) };
  return { code: has(`error.${code}`) ? `error.${code}` : 'error.generic' };
}

/** Digits of a typed amount ("1 200 000", with any kind of space) → 1200000; anything else NaN. */
export function parseAmount(text: string): number {
  const digits = text.replace(/[\s\u00a0\u202f]/g, '');
  return /^\d{1,13}$/.test(digits) ? Number(digits) : Number.NaN;
}

/** A file name as text (no controls, no path), with the `.jpg` the re-encoded photo has. */
export function photoName(raw: string): string {
  const base = normalizeLine(raw.split(/[\\/]/).pop() ?? '').replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return `${(base || 'photo').slice(0, 150)}.jpg`;
}
