import { randomBytes } from 'node:crypto';
import type { Challenge } from '../../contract/index.js';
import { emptyBodyRefusal } from '../../domain/empty-body.js';
import { ATTEMPTS, CODE_LENGTH, CODE_TTL_MS, RESEND_AFTER_MS } from '../../domain/one-time-code.js';
import { numericCode, randomId, sameDigest } from '../crypto.js';
import { HttpError, fail, refusedFields } from '../errors.js';
import { SmsError } from '../sms.js';
import type { ChallengeRecord } from '../store/identity.js';
import type { Core } from './core.js';

/**
 * One-time codes by SMS, as voters and authors prove a phone: how a
 * challenge is made, how its code is sent and sent again, and how a typed code
 * is checked. The code itself is never kept — only its keyed digest — and the
 * phone only sealed under the challenge's own context. Challenges live in the
 * store, so any instance answers any step; wrong codes are counted there
 * atomically.
 */
export { ATTEMPTS, CODE_LENGTH, CODE_TTL_MS, RESEND_AFTER_MS } from '../../domain/one-time-code.js';
export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

/** A new SMS challenge for a phone, not yet saved (`issueCode` saves it with its code). */
export function smsChallenge(
  core: Core,
  init: { city: string; cycleId: string; voterHash: string | null; phoneHash: string; phone: string; district: string | null },
  phoneContext: (id: string) => string,
): ChallengeRecord {
  const id = randomId('ch', 16);
  return {
    id,
    city: init.city,
    cycleId: init.cycleId,
    kind: 'sms',
    voterHash: init.voterHash,
    phoneHash: init.phoneHash,
    sealed: core.keys.seal(phoneContext(id), init.phone),
    codeHash: null,
    stateHash: null,
    proofHash: null,
    expiresAt: 0,
    resendAt: 0,
    attemptsLeft: ATTEMPTS,
    outcome: null,
    district: init.district,
  };
}

/** What every challenge answer states; the caller adds how much of the phone to show. */
export function challengeBase(c: ChallengeRecord): Omit<Challenge, 'phoneHint' | 'phoneMask'> {
  return {
    challengeId: c.id,
    expiresAt: new Date(c.expiresAt).toISOString(),
    resendAt: new Date(c.resendAt).toISOString(),
    codeLength: CODE_LENGTH,
    attemptsLeft: c.attemptsLeft,
  };
}

/**
 * A fresh code for the challenge: saved as a keyed digest with new deadlines
 * and attempts, then sent. With `deliver: false` the challenge gets a digest of
 * a random secret and no SMS goes out — for a phone that must not learn
 * whether it is known (an author's number without proposals). When the SMS
 * provider fails, the challenge is deleted and the resident told to retry.
 */
export async function issueCode(core: Core, c: ChallengeRecord, phone: string, deliver = true, again = false): Promise<void> {
  const code = numericCode(CODE_LENGTH);
  const now = core.clock().getTime();
  c.codeHash = core.keys.digest('code', `${c.id}:${deliver ? code : randomBytes(16).toString('hex')}`);
  c.expiresAt = now + CODE_TTL_MS;
  c.resendAt = now + RESEND_AFTER_MS;
  c.attemptsLeft = ATTEMPTS;
  // Sent again: only while the challenge is there — one used meanwhile (its code confirmed) is not brought back.
  if (again) {
    if (!(await core.store.identity.refreshChallenge(c))) fail('not_found', 'this verification was already used; start again');
  } else await core.store.identity.saveChallenge(c);
  if (!deliver) return;
  try {
    await core.sms.send({ phone, code, challengeId: c.id });
  } catch (error) {
    await core.store.identity.deleteChallenge(c.id);
    core.logger.log('error', 'sms.failed', { challengeId: c.id, reason: error instanceof SmsError ? error.message : 'provider error' });
    fail('unavailable', 'the code could not be sent; try again in a minute', { retryAfter: 60 });
  }
}

/** The body of "send the code again" must be empty or `{}` (`domain/empty-body.ts`, the mock's rule too). */
export function assertEmptyBody(json: unknown): void {
  const refused = emptyBodyRefusal(json);
  if (refused) throw refusedFields(refused);
}

/** Before a code is sent again: not before `resendAt`, within the phone's hourly limit; returns the unsealed phone. */
export async function phoneForResend(core: Core, c: ChallengeRecord, phoneContext: (id: string) => string): Promise<string> {
  const now = core.clock().getTime();
  await claimResend(now, c.resendAt, (next) => core.store.identity.claimResend(c.id, now, next));
  const phone = core.keys.unseal(phoneContext(c.id), c.sealed);
  if (!phone) fail('not_found', 'no such verification; it may have expired, start again');
  await core.rateLimit(`codes:${c.phoneHash}`, core.config.limits.codesPerPhonePerHour, HOUR, 'too_many_codes');
  return phone!;
}

/**
 * Not before `resendAt`, and once however many requests ask at the same moment (on any instance): the store moves
 * `resendAt` on for the one that may send; the others are told to wait, as after a send.
 */
export async function claimResend(now: number, resendAt: number, claim: (nextMs: number) => Promise<boolean>): Promise<void> {
  if (now < resendAt) fail('rate_limited', 'wait before asking for a new code', { retryAfter: Math.ceil((resendAt - now) / 1000) });
  if (!(await claim(now + RESEND_AFTER_MS))) fail('rate_limited', 'wait before asking for a new code', { retryAfter: RESEND_AFTER_MS / 1000 });
}

/** Where a kind of challenge keeps its count of wrong codes, and how its codes are digested. */
export interface CodeKeeping {
  /** The label of the keyed digest (`code` for residents, `staff-code` for staff). */
  label: string;
  /** Counts a wrong code atomically in the store; returns the attempts left. */
  wrongCode(id: string): Promise<number>;
  /** Removes an expired challenge. */
  discard(id: string): Promise<unknown>;
}

/** Residents' challenges (voters and authors): `identity` in the store. */
export const residentCodes = (core: Core): CodeKeeping => ({
  label: 'code',
  wrongCode: (id) => core.store.identity.wrongCode(id),
  discard: (id) => core.store.identity.deleteChallenge(id),
});

/**
 * A typed code against the challenge: expired, locked after too many wrong
 * ones, or wrong with the attempts left. A challenge without a code digest
 * (sent to nobody) accepts no code.
 */
export async function checkCode(
  core: Core,
  c: { id: string; expiresAt: number; attemptsLeft: number; codeHash: string | null },
  code: string,
  now: number,
  /** Whose daily tries this counts against (`codeTriesPerPhonePerDay`): the phone the code went to, or the person. */
  tries: string | null,
  keeping: CodeKeeping = residentCodes(core),
): Promise<void> {
  if (now >= c.expiresAt) {
    await keeping.discard(c.id);
    fail('code_expired', 'the code has expired; ask for a new one');
  }
  if (c.attemptsLeft <= 0) fail('code_locked', 'too many wrong codes; start again');
  // Across challenges: a new challenge gives 5 tries again, the day does not.
  if (tries) await core.rateLimit(`code-tries:${tries}`, core.config.limits.codeTriesPerPhonePerDay, DAY, 'too_many_codes');
  if (c.codeHash && sameDigest(core.keys.digest(keeping.label, `${c.id}:${code}`), c.codeHash)) return;
  const left = await keeping.wrongCode(c.id);
  if (left <= 0) fail('code_locked', 'too many wrong codes; start again');
  throw new HttpError('code_invalid', 'the code is not right', {
    attemptsLeft: left,
    issues: [{ path: ['code'], message: 'code.invalid', params: { attemptsLeft: left } }],
  });
}
