import { ageOn, dayIn, type IinProblem } from './iin.js';

/**
 * Pure helpers of the verification step: what the first digits of an IIN
 * already tell while it is typed, and the countdown of a one-time code. Kept
 * apart from the ballot's editing rules (`ballot-editor.ts`), so the first step
 * a resident sees does not download them.
 */

/**
 * What can be told from the first digits of an IIN while it is typed: a
 * non-digit, a century digit never issued, a date that does not exist, or an
 * age under the minimum (the birth date is known from 7 digits on). The
 * checksum needs all 12 (`checkVoterIin`).
 */
export function checkIinPrefix(value: string, minAge: number, timeZone: string, now: Date = new Date()): IinProblem | 'too_young' | null {
  if (!/^\d*$/.test(value) || value.length > 12) return 'format';
  if (value.length < 6) {
    const month = value.length >= 4 ? Number(value.slice(2, 4)) : null;
    if (month !== null && (month < 1 || month > 12)) return 'date';
    if (value.length >= 3 && value[2]! > '1') return 'date';
    return null;
  }
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  if (month < 1 || month > 12 || day < 1 || day > 31) return 'date';
  if (value.length < 7) {
    // Some century makes the date real? (29 February needs a leap year.)
    const yy = Number(value.slice(0, 2));
    const real = [1800, 1900, 2000].some((c) => isRealDate(c + yy, month, day));
    return real ? null : 'date';
  }
  const c = Number(value[6]);
  if (c < 1 || c > 6) return 'century';
  const year = 1800 + 100 * Math.floor((c - 1) / 2) + Number(value.slice(0, 2));
  if (!isRealDate(year, month, day)) return 'date';
  if (ageOn({ year, month, day }, dayIn(timeZone, now)) < minAge) return 'too_young';
  return null;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Whole seconds from `now` until `instant` (0 when past). */
export function secondsUntil(instant: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(instant) - now) / 1000));
}

/** `m:ss` for a countdown. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
