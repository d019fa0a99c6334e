import { Phone, VerificationConfirm, VerificationStart, type Challenge, type VoterSession } from '../../contract/index.js';
import { checkVoterIin } from '../../domain/iin.js';
import { numericCode, randomId, sameDigest, sha256 } from '../crypto.js';
import { HttpError, fail, validationError } from '../errors.js';
import { pointInPolygon } from '../geo.js';
import { SmsError } from '../sms.js';
import { formatInstant } from '../time.js';
import { phaseClosed, type Core } from './core.js';

const CODE_LENGTH = 6;
const CODE_TTL_MS = 10 * 60_000;
const RESEND_AFTER_MS = 60_000;
const ATTEMPTS = 5;
const HOUR = 3600_000;

interface PendingChallenge {
  id: string;
  city: string;
  cycleId: string;
  voterHash: string;
  phoneHash: string;
  /** Kept only while the code is pending (to resend it); never written to disk or logs. */
  phone: string;
  codeHash: string;
  expiresAt: number;
  resendAt: number;
  attemptsLeft: number;
}

/**
 * IIN + phone → one-time code → bearer token. Pending challenges live in
 * memory only: the phone is needed to resend a code and is dropped as soon as
 * the code is used, expires or dies; a restart only asks residents for a new code.
 */
export class VerificationService {
  private readonly pending = new Map<string, PendingChallenge>();
  private ops = 0;

  constructor(private readonly core: Core) {}

  private sweep(now: number) {
    if (++this.ops % 256 !== 0) return;
    for (const [id, c] of this.pending) if (c.expiresAt <= now) this.pending.delete(id);
  }

  private challengeOf(c: PendingChallenge): Challenge {
    return {
      challengeId: c.id,
      expiresAt: new Date(c.expiresAt).toISOString(),
      resendAt: new Date(c.resendAt).toISOString(),
      codeLength: CODE_LENGTH,
      attemptsLeft: c.attemptsLeft,
      phoneHint: c.phone.slice(-4),
    };
  }

  private async sendCode(c: PendingChallenge) {
    const code = numericCode(CODE_LENGTH);
    const now = this.core.clock().getTime();
    c.codeHash = sha256(`${c.id}:${code}`);
    c.expiresAt = now + CODE_TTL_MS;
    c.resendAt = now + RESEND_AFTER_MS;
    c.attemptsLeft = ATTEMPTS;
    try {
      await this.core.sms.send({ phone: c.phone, code, challengeId: c.id });
    } catch (error) {
      this.pending.delete(c.id);
      this.core.logger.log('error', 'sms.failed', { challengeId: c.id, reason: error instanceof SmsError ? error.message : 'provider error' });
      fail('unavailable', 'the code could not be sent; try again in a minute', { retryAfter: 60 });
    }
  }

  async start(slug: string, json: unknown, ip: string): Promise<Challenge> {
    const parsed = VerificationStart.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const input = parsed.data;
    const phone = Phone.safeParse(input.phone);
    if (!phone.success) throw validationError(phone.error, ['phone']);
    const view = await this.core.view(slug);
    if (input.cycleId !== view.cycle.id) fail('validation_failed', 'this cycle is not the current one', { issues: [{ path: ['cycleId'], message: 'cycle.not_current' }] });
    if (view.phase !== 'voting') phaseClosed('voting', view.cycle, 'voting');
    const minAge = view.cycle.eligibility.minAge;
    const iin = checkVoterIin(input.iin, minAge, view.rt.city.timeZone, view.now);
    if (!iin.ok) {
      if (iin.problem === 'too_young') fail('not_eligible', `residents may vote from the age of ${minAge}`, { issues: [{ path: ['iin'], message: 'iin.too_young', params: { minAge } }] });
      fail('invalid_iin', 'this is not a valid IIN', { issues: [{ path: ['iin'], message: `iin.${iin.problem}` }] });
    }
    const limits = this.core.config.limits;
    this.core.rateLimit(`verify-ip:${ip}`, limits.verificationsPerIpPerHour, HOUR);
    const phoneHash = this.core.keys.phoneHash(slug, phone.data);
    this.core.rateLimit(`codes:${phoneHash}`, limits.codesPerPhonePerHour, HOUR, 'too_many_codes');
    const now = view.now.getTime();
    this.sweep(now);
    const c: PendingChallenge = {
      id: randomId('ch', 16),
      city: slug,
      cycleId: view.cycle.id,
      voterHash: this.core.keys.voterHash(slug, input.iin),
      phoneHash,
      phone: phone.data,
      codeHash: '',
      expiresAt: 0,
      resendAt: 0,
      attemptsLeft: ATTEMPTS,
    };
    this.pending.set(c.id, c);
    await this.sendCode(c);
    return this.challengeOf(c);
  }

  private find(slug: string, id: string): PendingChallenge {
    const c = this.pending.get(id);
    if (!c) fail('not_found', 'no such verification; it may have expired, start again');
    if (c!.city !== slug) fail('forbidden', 'this verification belongs to another city');
    return c!;
  }

  async resend(slug: string, id: string, json: unknown): Promise<Challenge> {
    if (json !== undefined && (typeof json !== 'object' || json === null || Array.isArray(json) || Object.keys(json).length > 0))
      fail('validation_failed', 'the body must be empty or {}', { issues: [{ path: [], message: 'schema.unrecognized_key' }] });
    this.core.cityRuntime(slug);
    const c = this.find(slug, id);
    const now = this.core.clock().getTime();
    if (now < c.resendAt) fail('rate_limited', 'wait before asking for a new code', { retryAfter: Math.ceil((c.resendAt - now) / 1000) });
    this.core.rateLimit(`codes:${c.phoneHash}`, this.core.config.limits.codesPerPhonePerHour, HOUR, 'too_many_codes');
    await this.sendCode(c);
    return this.challengeOf(c);
  }

  async confirm(slug: string, id: string, json: unknown): Promise<VoterSession> {
    this.core.cityRuntime(slug);
    this.find(slug, id);
    const parsed = VerificationConfirm.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const view = await this.core.view(slug);
    // From here until the challenge is consumed nothing awaits: a code is used once, however many requests race.
    const c = this.find(slug, id);
    const now = this.core.clock().getTime();
    if (now >= c.expiresAt) {
      this.pending.delete(c.id);
      fail('code_expired', 'the code has expired; ask for a new one');
    }
    if (c.attemptsLeft <= 0) fail('code_locked', 'too many wrong codes; start again');
    if (!sameDigest(sha256(`${c.id}:${parsed.data.code}`), c.codeHash)) {
      c.attemptsLeft--;
      if (c.attemptsLeft <= 0) {
        this.pending.delete(c.id);
        fail('code_locked', 'too many wrong codes; start again');
      }
      throw new HttpError('code_invalid', 'the code is not right', {
        attemptsLeft: c.attemptsLeft,
        issues: [{ path: ['code'], message: 'code.invalid', params: { attemptsLeft: c.attemptsLeft } }],
      });
    }
    if (view.cycle.id !== c.cycleId) fail('phase_closed', 'the cycle changed; start again');
    if (view.phase !== 'voting') phaseClosed('voting', view.cycle, 'voting');
    if (view.cycle.eligibility.residence === 'geolocation') {
      const at = parsed.data.location;
      if (!at) fail('validation_failed', 'this city checks residence: send your location', { issues: [{ path: ['location'], message: 'location.required' }] });
      // The location is used for this one check and then forgotten.
      if (!view.rt.city.boundary || !pointInPolygon(at!, view.rt.city.boundary))
        fail('not_eligible', 'the location is outside the city', { issues: [{ path: ['location'], message: 'location.outside' }] });
    }
    this.pending.delete(c.id);
    await this.core.hooks.afterCodeChecked?.();
    const expiresAt = Math.min(now + this.core.config.voterTokenMinutes * 60_000, Date.parse(view.cycle.phases.voting.end));
    const token = this.core.keys.sealToken({ c: slug, y: c.cycleId, h: c.voterHash, e: expiresAt });
    const current = await this.core.store.currentBallot(slug, c.cycleId, c.voterHash);
    const tz = view.rt.city.timeZone;
    return {
      token,
      expiresAt: new Date(expiresAt).toISOString(),
      cycleId: c.cycleId,
      receipt: current
        ? {
            receiptCode: current.receiptCode,
            castAt: current.castAt,
            changeableUntil: view.cycle.revote === 'until_close' ? formatInstant(new Date(view.cycle.phases.voting.end), tz) : null,
          }
        : null,
    };
  }
}
