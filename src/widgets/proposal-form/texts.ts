import { normalizeLine, type FieldIssue } from '../../contract/index.js';
import { COST_OVER_CAP } from '../../domain/cost-cap.js';

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

/** Message keys the form's own texts can be looked up in (a `LocalizeController`, or a plain object in tests). */
export interface Words {
  has(key: string): boolean;
  t(key: string, params?: Record<string, unknown>): string;
  money(amount: number): string;
}

/** A problem's words: its key when the catalogue has one, else `fallback`; the cost cap reads as money. */
export function issueWords(words: Words, issue: EditIssue, fallback = 'field.invalid'): string {
  const params = { ...(issue.params ?? {}) };
  if (issue.code === COST_OVER_CAP && typeof params.cap === 'number') params.cap = words.money(params.cap);
  return words.t(words.has(issue.code) ? issue.code : fallback, params);
}

/** Why a chosen file was not added: the resize's problem, or one photo too many. */
export type PhotoProblem = 'type' | 'size' | 'decode' | 'tooMany';

/** The words for a file that was not added (`maxMegabytes`: the largest original accepted). */
export function photoProblemIssue(problem: PhotoProblem, maxMegabytes: number, maxPhotos: number): EditIssue {
  switch (problem) {
    case 'type':
      return { code: 'photo.problem.type' };
    case 'size':
      return { code: 'photo.problem.size', params: { max: maxMegabytes } };
    case 'tooMany':
      return { code: 'photo.problem.tooMany', params: { max: maxPhotos } };
    default:
      return { code: 'photo.problem.decode' };
  }
}

export type PhotoStatus = 'processing' | 'ready' | 'uploading' | 'uploaded' | 'error';

/** The line under a chosen photo: preparing, uploading with its percentage, uploaded, refused, or kept until sending. */
export function photoStatusIssue(status: PhotoStatus, progress: number): EditIssue {
  switch (status) {
    case 'processing':
      return { code: 'photo.processing' };
    case 'uploading':
      return { code: 'photo.uploading', params: { percent: Math.round(progress * 100) } };
    case 'uploaded':
      return { code: 'photo.uploaded' };
    case 'error':
      return { code: 'photo.problem.server' };
    default:
      return { code: 'photo.local' };
  }
}

/** A position as the form shows it: five decimals (about a metre), which is all the draft rounding keeps. */
export function pointParams(point: { lat: number; lng: number }): { lat: string; lng: string } {
  return { lat: point.lat.toFixed(5), lng: point.lng.toFixed(5) };
}

/** The host's link to a submitted proposal (`{id}` replaced); only web, root-relative, fragment or query links, never `javascript:`. */
export function proposalLink(template: string, id: string): string | null {
  if (!template) return null;
  const url = template.replace(/\{id\}/g, encodeURIComponent(id));
  return /^(https?:\/\/|\/|#|\?)/i.test(url) ? url : null;
}

/** `aria-describedby` of a field: its hint (when it has one) and its error (when shown). */
export function describedBy(id: string, hint: boolean, error: boolean): string {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
}
