/**
 * The Kazakh individual identification number (ИИН / ЖСН): `YYMMDD C NNNN K`.
 * An IIN identifies a person; it does not authenticate one (it is printed on
 * every ID card), so it is only ever one input to verification, and never stored.
 */
import { cityDay } from './city-time.js';

export type IinProblem = 'format' | 'century' | 'date' | 'checksum';

export type IinCheck =
  | { valid: true; birthDate: { year: number; month: number; day: number }; sex: 'male' | 'female' }
  | { valid: false; problem: IinProblem };

const WEIGHTS_1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const WEIGHTS_2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

function checkDigit(digits: number[], weights: number[]): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += digits[i]! * weights[i]!;
  return sum % 11;
}

export function checkIin(value: string): IinCheck {
  if (!/^\d{12}$/.test(value)) return { valid: false, problem: 'format' };
  const d = [...value].map(Number);
  const c = d[6]!;
  if (c < 1 || c > 6) return { valid: false, problem: 'century' };
  const year = 1800 + 100 * Math.floor((c - 1) / 2) + Number(value.slice(0, 2));
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { valid: false, problem: 'date' };
  }
  let k = checkDigit(d, WEIGHTS_1);
  if (k === 10) k = checkDigit(d, WEIGHTS_2);
  if (k === 10 || k !== d[11]) return { valid: false, problem: 'checksum' };
  return { valid: true, birthDate: { year, month, day }, sex: c % 2 === 1 ? 'male' : 'female' };
}

/** Full years of age on a calendar day (`today` as year/month/day in the city's zone). */
export function ageOn(birth: { year: number; month: number; day: number }, today: { year: number; month: number; day: number }): number {
  let age = today.year - birth.year;
  if (today.month < birth.month || (today.month === birth.month && today.day < birth.day)) age--;
  return age;
}

/** The calendar day of an instant in a city's zone (Kazakh zones by the domain's rule, not the browser's tz data). */
export function dayIn(timeZone: string, at: Date): { year: number; month: number; day: number } {
  return cityDay(timeZone, at);
}

export type EligibilityCheck = { ok: true; age: number } | { ok: false; problem: IinProblem | 'too_young'; age?: number };

/** Everything that can be told from the IIN alone: well-formed, real, old enough. */
export function checkVoterIin(value: string, minAge: number, timeZone: string, now: Date = new Date()): EligibilityCheck {
  const iin = checkIin(value);
  if (!iin.valid) return { ok: false, problem: iin.problem };
  const age = ageOn(iin.birthDate, dayIn(timeZone, now));
  if (age < minAge) return { ok: false, problem: 'too_young', age };
  return { ok: true, age };
}
