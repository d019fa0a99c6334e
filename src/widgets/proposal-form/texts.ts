import { normalizeLine, type FieldIssue } from '../../contract/index.js';
import { COST_OVER_CAP } from '../../domain/cost-cap.js';
import { fieldOfPath, type FieldError, type FieldErrors } from './validate.js';

/**
 * Pure text helpers of the proposal form's parts (no DOM, no Lit), tested in
 * node; the few the form's first paint needs are in `validate.ts`.
 */

export { describedBy, issueWords, type Words } from './validate.js';

/** A field's problem: a message key and its parameters. */
export type EditIssue = FieldError;

/** The code and issues of whatever a backend rejected with (a `QalaError`, or a plain object shaped like one). */
export function problemOf(error: unknown): { code: string; issues: FieldIssue[] } {
  const e = error as { code?: unknown; issues?: unknown; details?: { issues?: unknown } } | null;
  const issues = Array.isArray(e?.issues) ? e.issues : Array.isArray(e?.details?.issues) ? e.details.issues : [];
  return { code: typeof e?.code === 'string' ? e.code : 'generic', issues: issues as FieldIssue[] };
}

/**
 * A server issue with words of its own (`code.invalid`), else the words "My
 * proposals" has for the error code (`mine.error.code_expired`), else the
 * common ones (`error.rate_limited`), else the generic words.
 */
export function issueOf(error: unknown, has: (key: string) => boolean): EditIssue {
  const { code, issues } = problemOf(error);
  const withText = issues.find((i) => has(i.message));
  if (withText) return { code: withText.message, ...(withText.params ? { params: withText.params } : {}) };
  return { code: [`mine.error.${code}`, `error.${code}`].find(has) ?? 'error.generic' };
}

/** Digits of a typed amount ("1 200 000", with any kind of space) → 1200000; anything else NaN. */
export function parseAmount(text: string): number {
  let digits = text.replace(/[\s\u00a0\u202f]/g, '');
  // In English the field is filled as "1,500,000": commas between groups of three. A lone one ("1,5") stays refused.
  if (/^\d{1,3}(,\d{3})+$/.test(digits)) digits = digits.replace(/,/g, '');
  return /^\d{1,13}$/.test(digits) ? Number(digits) : Number.NaN;
}

/** A file name as text (no controls, no path), with the `.jpg` the re-encoded photo has. */
export function photoName(raw: string): string {
  const base = normalizeLine(raw.split(/[\\/]/).pop() ?? '').replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return `${(base || 'photo').slice(0, 150)}.jpg`;
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

/**
 * Where a refusal for good is shown: on the fields its issues name (the first
 * issue of each; issues about no known field are left to the form's message);
 * a cost above the cap on the cost (with the cap when the form knows it); a
 * refused photo on the photos, in the words of its body's issue
 * (`photo.empty`) when `has` them, else the error code's — when the photo is
 * at fault (`PHOTO_FAULTS`); a phase that closed or a limit met while it went
 * up is the form's message, and the photo stays as it was.
 */
/** Refusals of a photo upload that are the photo's own fault (its kind, size, pixels, name). */
const PHOTO_FAULTS = ['unsupported_media_type', 'payload_too_large', 'validation_failed'];

export function refusalErrors(error: { code: string; issues: readonly FieldIssue[] }, cap: number | undefined, photoRefused: boolean, has: (key: string) => boolean): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = fieldOfPath(issue.path);
    if (field && !errors[field]) errors[field] = issue.params ? { code: issue.message, params: issue.params } : { code: issue.message };
  }
  if (error.code === 'over_cap' && !errors.estimatedCost) errors.estimatedCost = cap !== undefined ? { code: COST_OVER_CAP, params: { cap } } : { code: 'error.over_cap' };
  if (photoRefused && PHOTO_FAULTS.includes(error.code)) {
    const issue = error.issues.find((i) => has(i.message));
    errors.photos = issue ? { code: issue.message, ...(issue.params ? { params: issue.params } : {}) } : { code: `error.${error.code}` };
  }
  return errors;
}
