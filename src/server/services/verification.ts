import {
  OidcStartInput,
  Phone,
  VerificationConfirm,
  VerificationStart,
  type Challenge,
  type FieldIssue,
  type OidcChallenge,
  type VoterSession,
} from '../../contract/index.js';
import { hasDistrictPools } from '../../domain/ballot.js';
import { checkVoterIin } from '../../domain/iin.js';
import { SIGN_IN_TOO_LONG, SIGN_IN_TTL_MS } from '../../domain/provider-sign-in.js';
import { residenceIssue } from '../../domain/residence.js';
import { maskPhone } from '../../domain/voter-list.js';
import type { CityRuntime, ResolvedIdentity } from '../config.js';
import { randomId, sha256 } from '../crypto.js';
import { fail, validationError } from '../errors.js';
import { CensusUnavailable, askCensus } from '../identity/census.js';
import type { ChallengeRecord } from '../store/identity.js';
import { voterPhoneContext } from './voter-list.js';
import { formatInstant } from '../time.js';
import { phaseClosed, type Core, type CycleView } from './core.js';
import { CODE_TTL_MS, HOUR, assertEmptyBody, challengeBase, checkCode, issueCode, phoneForResend, smsChallenge } from './one-time-codes.js';
import { newSignInProof, signInProofMatches } from './sign-in-proof.js';

/** The keyed digest's purpose for a resident's sign-in proof. */
const PROOF = 'oidc-proof';

type OidcIdentity = Extract<ResolvedIdentity, { method: 'oidc' }>;

/** The OpenID Connect relying party the service uses (`identity/oidc.ts`); a seam so the service does not know the library. */
export interface OidcPort {
  start(settings: OidcIdentity, redirectUri: string): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }>;
  finish(settings: OidcIdentity, redirectUri: string, callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<{ subject: string }>;
}

/** What a sign-in keeps sealed between its start and the provider's answer. */
interface SignInSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  mode: 'popup' | 'redirect';
  redirectUri: string;
}

/** How a finished sign-in reports back to the page (the callback route renders it). */
export interface SignInOutcome {
  challengeId: string | null;
  /** `done`, or why not: `oidc_denied`, `oidc_invalid`, `oidc_claim_missing`, `oidc_unavailable`, `not_eligible`, `expired`. */
  outcome: string;
  returnTo: string | null;
  mode: 'popup' | 'redirect';
  /** The one-time secret that confirming needs, for the browser the provider sent back only; null when this callback recorded nothing. */
  proof: string | null;
}

/**
 * Proving the person before a ballot: the city's identity method decides
 * what a resident must show (a code to the phone on the voter list, a code to
 * the phone the census registered for the IIN, a sign-in with an identity
 * provider, or — only where a city chose it — a code to any phone). Every step
 * is kept in the store, so any server instance can answer the next one; the
 * phone a code goes to is kept sealed only while the code is pending.
 */
export class VerificationService {
  constructor(
    private readonly core: Core,
    private readonly oidc: OidcPort | null = null,
  ) {}

  private phoneContext = (id: string) => `challenge-phone:${id}`;
  private signInContext = (id: string) => `challenge-oidc:${id}`;

  private challengeOf(c: ChallengeRecord, phone: string, listed: boolean): Challenge {
    return {
      ...challengeBase(c),
      // A phone the resident did not type is shown only as much as its owner needs to recognise it.
      phoneHint: listed ? phone.slice(-2) : phone.slice(-4),
      ...(listed ? { phoneMask: maskPhone(phone) } : {}),
    };
  }

  private async votingView(slug: string, cycleId: string): Promise<CycleView> {
    const view = await this.core.view(slug);
    if (cycleId !== view.cycle.id) fail('validation_failed', 'this cycle is not the current one', { issues: [{ path: ['cycleId'], message: 'cycle.not_current' }] });
    if (view.phase !== 'voting') phaseClosed('voting', view.cycle, 'voting');
    return view;
  }

  private checkIin(iin: string, view: CycleView): void {
    const minAge = view.cycle.eligibility.minAge;
    const check = checkVoterIin(iin, minAge, view.rt.city.timeZone, view.now);
    if (check.ok) return;
    if (check.problem === 'too_young') fail('not_eligible', `residents may vote from the age of ${minAge}`, { issues: [{ path: ['iin'], message: 'iin.too_young', params: { minAge } }] });
    fail('invalid_iin', 'this is not a valid IIN', { issues: [{ path: ['iin'], message: `iin.${check.problem}` }] });
  }

  private checkResidence(view: CycleView, location: VerificationStart['location']): void {
    const issue = residenceIssue(view.rt.city, view.cycle.eligibility, location);
    if (!issue) return;
    if (issue.message === 'location.required') fail('validation_failed', 'this city checks residence: send your location', { issues: [issue] });
    fail('not_eligible', 'the location is outside the city', { issues: [issue] });
  }

  /** Where the code goes, by the city's method: the phone on the list, the phone the census confirms, or (phone only) the phone typed. */
  private async phoneFor(slug: string, view: CycleView, iin: string, voterHash: string, typed: string | undefined): Promise<{ phone: string; listed: boolean; district: string | null }> {
    const identity = view.rt.identity;
    const typedPhone = (): string => {
      const phone = Phone.safeParse(typed ?? '');
      if (!phone.success) throw validationError(phone.error, ['phone']);
      return phone.data;
    };
    switch (identity.method) {
      case 'voter_list': {
        // The phone typed (if any) is never used: the code goes only to the phone the project centre listed.
        const entry = await this.core.store.identity.voterListEntry(slug, view.cycle.id, voterHash);
        const phone = entry && this.core.keys.unseal(voterPhoneContext(slug, view.cycle.id, voterHash), entry.phoneSealed);
        if (!entry || !phone)
          fail('not_eligible', 'this IIN is not on the voter list of this cycle; the project centre can add it', { issues: [{ path: ['iin'], message: 'iin.not_listed' }] });
        return { phone: phone!, listed: true, district: entry!.district };
      }
      case 'census': {
        const phone = typedPhone();
        let answer;
        try {
          answer = await askCensus(identity, iin, phone, view.now);
        } catch (error) {
          if (!(error instanceof CensusUnavailable)) throw error;
          this.core.logger.log('error', 'census.unavailable', { city: slug, reason: error.message });
          fail('unavailable', 'the register of residents cannot be checked right now; try again later', {
            retryAfter: 60,
            issues: [{ path: [], message: 'identity.unavailable' }],
          });
        }
        if (!answer!.eligible) fail('not_eligible', 'the register of residents does not list this IIN as a voter here', { issues: [{ path: ['iin'], message: 'iin.not_eligible' }] });
        if (!answer!.phoneMatches)
          fail('not_eligible', 'this phone is not the one registered for this IIN', { issues: [{ path: ['phone'], message: 'phone.not_registered' }] });
        return { phone, listed: false, district: null };
      }
      case 'phone_only':
        return { phone: typedPhone(), listed: false, district: null };
      case 'oidc':
        return fail('validation_failed', 'this city verifies voters by signing in with its identity provider', { issues: [{ path: [], message: 'identity.use_sign_in' }] });
    }
  }

  async start(slug: string, json: unknown, ip: string): Promise<Challenge> {
    const parsed = VerificationStart.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const input = parsed.data;
    const view = await this.votingView(slug, input.cycleId);
    this.checkIin(input.iin, view);
    // Residence before any code: a refusal after the SMS would spend it for nothing.
    this.checkResidence(view, input.location);
    const limits = this.core.config.limits;
    await this.core.rateLimit(`verify-ip:${ip}`, limits.verificationsPerIpPerHour, HOUR);
    const voterHash = this.core.keys.voterHash(slug, input.iin);
    const { phone, listed, district } = await this.phoneFor(slug, view, input.iin, voterHash, input.phone);
    const phoneHash = this.core.keys.phoneHash(slug, phone);
    await this.core.rateLimit(`codes:${phoneHash}`, limits.codesPerPhonePerHour, HOUR, 'too_many_codes');
    const c = smsChallenge(this.core, { city: slug, cycleId: view.cycle.id, voterHash, phoneHash, phone, district }, this.phoneContext);
    await issueCode(this.core, c, phone);
    return this.challengeOf(c, phone, listed);
  }

  private async find(slug: string, id: string): Promise<ChallengeRecord> {
    const c = await this.core.store.identity.getChallenge(id);
    if (c && c.city !== slug) fail('forbidden', 'this verification belongs to another city');
    if (!c || c.expiresAt <= this.core.clock().getTime() - CODE_TTL_MS) fail('not_found', 'no such verification; it may have expired, start again');
    return c!;
  }

  async resend(slug: string, id: string, json: unknown): Promise<Challenge> {
    assertEmptyBody(json);
    this.core.cityRuntime(slug);
    const c = await this.find(slug, id);
    if (c.kind !== 'sms') fail('conflict', 'a sign-in has no code to send again');
    const phone = await phoneForResend(this.core, c, this.phoneContext);
    await issueCode(this.core, c, phone, true, true);
    return this.challengeOf(c, phone, this.core.cityRuntime(slug).identity.method === 'voter_list');
  }

  async confirm(slug: string, id: string, json: unknown): Promise<VoterSession> {
    this.core.cityRuntime(slug);
    await this.find(slug, id);
    const parsed = VerificationConfirm.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const view = await this.core.view(slug);
    const c = await this.find(slug, id);
    const now = this.core.clock().getTime();
    if (c.kind === 'sms') {
      if (parsed.data.code === undefined) fail('validation_failed', 'send the code', { issues: [{ path: ['code'], message: 'code.format' }] });
      await checkCode(this.core, c, parsed.data.code!, now, c.phoneHash);
    }
    else this.checkSignIn(c, now, parsed.data.proof);
    if (view.cycle.id !== c.cycleId) fail('phase_closed', 'the cycle changed; start again');
    if (view.phase !== 'voting') phaseClosed('voting', view.cycle, 'voting');
    // A code's residence was checked when it was sent; a sign-in sends none, so it is checked here.
    if (c.kind !== 'sms') this.checkResidence(view, parsed.data.location);
    else await this.linkPhone(view, c);
    // Whatever races here, one request consumes the challenge and gets the session.
    if (!(await this.core.store.identity.consumeChallenge(c.id))) fail('not_found', 'this verification was already used; start again');
    await this.core.hooks.afterCodeChecked?.();
    return this.session(view, c.cycleId, c.voterHash!, now, c.district);
  }

  /**
   * Phone only: a code proves the phone, so a phone verifies at most the city's `votersPerPhone` residents in a
   * cycle (else anyone could vote again with each IIN that passes the checksum). Linked once the code is right, so
   * typing someone's number spends nothing of theirs, and refused only to whoever holds the phone.
   */
  private async linkPhone(view: CycleView, c: ChallengeRecord): Promise<void> {
    const identity = view.rt.identity;
    if (identity.method !== 'phone_only' || !c.phoneHash || !c.voterHash) return;
    if (await this.core.store.identity.linkPhone(c.city, c.cycleId, c.phoneHash, c.voterHash, identity.votersPerPhone)) return;
    this.core.logger.log('warn', 'verification.phone_taken', { city: c.city });
    fail('not_eligible', `this phone has already verified ${identity.votersPerPhone === 1 ? 'another voter' : `${identity.votersPerPhone} other voters`} in this cycle`, {
      issues: [{ path: ['phone'], message: 'phone.taken', params: { limit: identity.votersPerPhone } }],
    });
  }

  /** Deletes the links of phones to voters once a cycle's voting has ended; run by the server's hourly sweep and at start. */
  async purgeEnded(): Promise<number> {
    return this.core.purgeAfter('voting', await this.core.store.identity.phoneLinkCycles(), (city, cycleId) => this.core.store.identity.deletePhoneLinks(city, cycleId));
  }

  private checkSignIn(c: ChallengeRecord, now: number, proof: string | undefined): void {
    if (now >= c.expiresAt) fail('code_expired', SIGN_IN_TOO_LONG);
    if (c.outcome === 'pending') fail('conflict', 'the sign-in has not finished yet', { issues: [{ path: [], message: 'identity.sign_in_pending' }] });
    // Only the browser the provider sent back holds the proof: a sign-in someone else started and lured you through gives them nothing.
    if (!signInProofMatches(this.core.keys, PROOF, c.id, c.proofHash, proof))
      fail('forbidden', 'the sign-in can be confirmed only with the proof its callback gave the browser; start again', { issues: [{ path: [], message: 'identity.oidc_invalid' }] });
    if (c.outcome !== 'done' || !c.voterHash) {
      const issue: FieldIssue = { path: [], message: `identity.${c.outcome ?? 'oidc_invalid'}` };
      if (c.outcome === 'not_eligible') fail('not_eligible', 'the identity provider vouched for someone who may not vote here', { issues: [issue] });
      fail('forbidden', 'the sign-in did not prove who you are; start again', { issues: [issue] });
    }
  }

  /** `district`: the voter list's district for this person (kept on the challenge since the code was sent), or null. */
  private async session(view: CycleView, cycleId: string, voterHash: string, now: number, district: string | null): Promise<VoterSession> {
    const expiresAt = Math.min(now + this.core.config.voterTokenMinutes * 60_000, Date.parse(view.cycle.phases.voting.end));
    const token = this.core.keys.sealToken({ c: view.rt.city.slug, y: cycleId, h: voterHash, e: expiresAt });
    const current = await this.core.store.currentBallot(view.rt.city.slug, cycleId, voterHash);
    const tz = view.rt.city.timeZone;
    return {
      token,
      expiresAt: new Date(expiresAt).toISOString(),
      cycleId,
      // Said only where it decides something: which district pools this voter may choose in (the ballot is checked against the list itself).
      ...(district !== null && hasDistrictPools(view.cycle.pools) ? { district } : {}),
      // Only now, to the person who proved the identity: their receipt and what their ballot says (a second device continues from it).
      receipt: current
        ? {
            receiptCode: current.receiptCode,
            castAt: formatInstant(new Date(current.castAt), tz),
            changeableUntil: view.cycle.revote === 'until_close' ? formatInstant(new Date(view.cycle.phases.voting.end), tz) : null,
            choices: current.choices,
          }
        : null,
    };
  }

  // ——— signing in with the city's identity provider ———

  private oidcOf(rt: CityRuntime): OidcIdentity {
    const identity = rt.identity;
    if (identity.method !== 'oidc') fail('validation_failed', 'this city does not verify voters with an identity provider', { issues: [{ path: [], message: 'identity.no_sign_in' }] });
    if (!this.oidc) fail('unavailable', 'signing in is not set up on this server');
    return identity as OidcIdentity;
  }

  /** Is `returnTo` a page of the city's (an allowed origin) or of this server? */
  private allowedReturn(rt: CityRuntime, returnTo: string, serverOrigin: string): boolean {
    let origin: string;
    try {
      origin = new URL(returnTo).origin;
    } catch {
      return false;
    }
    return origin === serverOrigin || rt.city.allowedOrigins.some((o) => o.toLowerCase() === origin.toLowerCase());
  }

  async startSignIn(slug: string, json: unknown, ip: string, serverOrigin: string): Promise<OidcChallenge> {
    const parsed = OidcStartInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const input = parsed.data;
    const view = await this.votingView(slug, input.cycleId);
    const settings = this.oidcOf(view.rt);
    if (!this.allowedReturn(view.rt, input.returnTo, serverOrigin))
      fail('validation_failed', 'returnTo must be a page on one of the city’s allowed origins', { issues: [{ path: ['returnTo'], message: 'url.not_allowed' }] });
    await this.core.rateLimit(`verify-ip:${ip}`, this.core.config.limits.verificationsPerIpPerHour, HOUR);
    const redirectUri = `${this.core.config.publicUrl ?? serverOrigin}/api/v1/oidc/callback`;
    let started;
    try {
      started = await this.oidc!.start(settings, redirectUri);
    } catch (error) {
      this.core.logger.log('error', 'oidc.unavailable', { city: slug, reason: (error as Error).message });
      return fail('unavailable', 'the identity provider cannot be reached right now; try again later', { retryAfter: 60, issues: [{ path: [], message: 'identity.unavailable' }] });
    }
    const id = randomId('ch', 16);
    const now = this.core.clock().getTime();
    const secrets: SignInSecrets = { state: started.state, nonce: started.nonce, codeVerifier: started.codeVerifier, returnTo: input.returnTo, mode: input.mode, redirectUri };
    await this.core.store.identity.saveChallenge({
      id,
      city: slug,
      cycleId: view.cycle.id,
      kind: 'oidc',
      voterHash: null,
      phoneHash: null,
      sealed: this.core.keys.seal(this.signInContext(id), JSON.stringify(secrets)),
      codeHash: null,
      stateHash: sha256(started.state),
      proofHash: null,
      expiresAt: now + SIGN_IN_TTL_MS,
      resendAt: now + SIGN_IN_TTL_MS,
      attemptsLeft: 0,
      outcome: 'pending',
      district: null,
    });
    return { challengeId: id, authorizationUrl: started.url, expiresAt: new Date(now + SIGN_IN_TTL_MS).toISOString() };
  }

  /**
   * The provider sent the browser back (`?code&state` or `?error`). Records the
   * outcome on the challenge once; the page that started the sign-in then
   * confirms it like a code. A replayed or unknown callback changes nothing.
   */
  async finishSignIn(callbackUrl: URL): Promise<SignInOutcome> {
    const state = callbackUrl.searchParams.get('state');
    const c = state && state.length <= 512 ? await this.core.store.identity.challengeByState(sha256(state)) : null;
    const open = c && this.core.keys.unseal(this.signInContext(c.id), c.sealed);
    if (!c || !open) return { challengeId: null, outcome: 'expired', returnTo: null, mode: 'popup', proof: null };
    const secrets = JSON.parse(open) as SignInSecrets;
    const report = (outcome: string, proof: string | null = null): SignInOutcome => ({ challengeId: c.id, outcome, returnTo: secrets.returnTo, mode: secrets.mode, proof });
    if (c.outcome !== 'pending') return report(c.outcome === 'done' ? 'oidc_invalid' : (c.outcome ?? 'oidc_invalid'));
    if (this.core.clock().getTime() >= c.expiresAt) return report('expired');
    const rt = this.core.cityRuntime(c.city);
    const settings = rt.identity as OidcIdentity;
    let outcome = 'done';
    let voterHash: string | null = null;
    try {
      const { subject } = await this.oidc!.finish(settings, secrets.redirectUri, callbackUrl, { state: secrets.state, nonce: secrets.nonce, codeVerifier: secrets.codeVerifier });
      if ((settings.subject ?? 'iin') === 'iin') {
        const view = await this.core.view(c.city);
        const check = checkVoterIin(subject, view.cycle.eligibility.minAge, rt.city.timeZone, view.now);
        if (check.ok) voterHash = this.core.keys.voterHash(c.city, subject);
        else outcome = check.problem === 'too_young' ? 'not_eligible' : 'oidc_claim_missing';
      } else voterHash = this.core.keys.voterHash(c.city, `id:${subject}`);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      outcome = typeof code === 'string' && code.startsWith('oidc_') ? code : 'oidc_invalid';
      this.core.logger.log(outcome === 'oidc_unavailable' ? 'error' : 'warn', 'oidc.refused', { city: c.city, challengeId: c.id, outcome });
    }
    // The outcome and the proof's digest in one write: a callback that lost the race hands out no proof.
    const { proof, digest } = newSignInProof(this.core.keys, PROOF, c.id);
    const recorded = await this.core.store.identity.finishSignIn(c.id, outcome, voterHash, digest);
    return recorded ? report(outcome, proof) : report('oidc_invalid');
  }

  /** Drops challenges whose time is over (and with them any sealed phone). */
  async sweep(): Promise<void> {
    await this.core.store.identity.sweepChallenges(this.core.clock().getTime() - CODE_TTL_MS);
  }
}
