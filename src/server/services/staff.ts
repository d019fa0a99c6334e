import { randomBytes } from 'node:crypto';
import {
  StaffCodeInput,
  StaffInviteAcceptInput,
  StaffOidcConfirmInput,
  StaffInviteInput,
  StaffOidcStartInput,
  StaffSignInInput,
  StaffUpdateInput,
  contactKind,
  type StaffChallenge,
  type StaffCodeStep,
  type StaffInvitation,
  type StaffList,
  type StaffMe,
  type StaffMember,
  type StaffOidcChallenge,
  type StaffRole,
  type StaffSession,
} from '../../contract/index.js';
import { SIGN_IN_TOO_LONG, SIGN_IN_TTL_MS } from '../../domain/provider-sign-in.js';
import type { CityRuntime } from '../config.js';
import { numericCode, randomId, type Keys } from '../crypto.js';
import { fail, validationError } from '../errors.js';
import type { MailProvider } from '../mail.js';
import { isStoreError } from '../store/errors.js';
import type { StaffChallengeRecord, StaffRecord } from '../store/staff.js';
import type { AuditWrite } from '../store/types.js';
import type { AdminActor } from './admin.js';
import type { Core } from './core.js';
import { ATTEMPTS, CODE_LENGTH, CODE_TTL_MS, HOUR, RESEND_AFTER_MS, assertEmptyBody, checkCode, claimResend } from './one-time-codes.js';
import { newSignInProof, signInProofMatches } from './sign-in-proof.js';
import type { OidcPort, SignInOutcome } from './verification.js';

/** A session ends after this long without a request… */
export const STAFF_IDLE_MS = 30 * 60_000;
/** …and this long after sign-in, whatever happens. */
export const STAFF_SESSION_MS = 12 * 3600_000;
export const INVITE_TTL_MS = 7 * 24 * 3600_000;
/** Sign-in attempts per client address per hour (staff are few; a script trying contacts is not). */
const SIGN_INS_PER_IP_PER_HOUR = 60;
/** `last_seen_at` is written at most this often, so a busy session is not a write per request. */
const TOUCH_EVERY_MS = 60_000;

/** The keyed digest's purpose for a staff sign-in's proof. */
const PROOF = 'staff-oidc-proof';

const SESSION_PREFIX = 'st1.';
const INVITE_PREFIX = 'inv1.';

/** A bearer token that is a staff session (not a config-file admin token). */
export const isStaffToken = (token: string) => token.startsWith(SESSION_PREFIX);

type OidcIdentity = Extract<CityRuntime['identity'], { method: 'oidc' }>;

interface SignInSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  mode: 'popup' | 'redirect';
  redirectUri: string;
}

/** Keyed hash that finds a person by their normalised contact in a city. */
export const staffContactHash = (keys: Keys, slug: string, contact: string) => keys.digest('staff-contact', `${slug}\u0000${contact}`);
/** The context a person's contact is sealed under (a sealed contact moved to another row does not open). */
export const staffContactContext = (id: string) => `staff-contact:${id}`;

/** `…47` for a phone, `a…@akimat.kz` for an e-mail: enough to tell people apart, never the contact. */
export function contactHint(contact: string): string {
  if (contactKind(contact) === 'phone') return `…${contact.slice(-2)}`;
  const [local, domain] = contact.split('@') as [string, string];
  return `${local.slice(0, 1)}…@${domain}`;
}

/**
 * Named people of a city: invitations, sign-in by a one-time code (SMS or
 * e-mail) or the city's OpenID Connect provider, sessions kept in the store
 * (any instance accepts them; a revocation is seen at once everywhere).
 */
export class StaffService {
  constructor(
    private readonly core: Core,
    private readonly mail: MailProvider,
    private readonly oidc: OidcPort | null,
  ) {}

  private get store() {
    return this.core.store.staff;
  }

  private nowMs() {
    return this.core.clock().getTime();
  }

  private contactHash = (slug: string, contact: string) => staffContactHash(this.core.keys, slug, contact);
  private tokenHash = (token: string) => this.core.keys.digest('staff-session', token);
  private inviteHash = (token: string) => this.core.keys.digest('staff-invite', token);
  private subjectHash = (slug: string, subject: string) => this.core.keys.digest('staff-subject', `${slug}\u0000${subject}`);
  private contactContext = staffContactContext;
  private signInContext = (id: string) => `staff-oidc:${id}`;

  audit(actor: AdminActor, slug: string, action: string, target: string | null, details: Record<string, unknown>): AuditWrite {
    return { at: this.core.now(), city: slug, actor: actor.id, action, target, details: actor.staff ? { ...details, by: actor.name } : details };
  }

  member(s: StaffRecord): StaffMember {
    return {
      id: s.id,
      city: s.city,
      name: s.name,
      organisation: s.organisation,
      role: s.role,
      status: s.status,
      contactKind: s.contactKind,
      contactHint: s.contactHint,
      invitedAt: s.invitedAt,
      invitedBy: s.invitedBy,
      inviteExpiresAt: s.status === 'invited' && s.inviteExpiresAt !== null ? new Date(s.inviteExpiresAt).toISOString() : null,
      activatedAt: s.activatedAt,
      revokedAt: s.revokedAt,
      lastSignInAt: s.lastSignInAt,
    };
  }

  // ——— coordinators manage people ———

  async list(slug: string): Promise<StaffList> {
    this.core.cityRuntime(slug);
    return { items: (await this.store.listStaff(slug)).map((s) => this.member(s)) };
  }

  async find(slug: string, id: string): Promise<StaffRecord> {
    const s = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await this.store.getStaff(slug, id) : null;
    if (!s) fail('not_found', 'no such person in this city');
    return s!;
  }

  async get(slug: string, id: string): Promise<StaffMember> {
    return this.member(await this.find(slug, id));
  }

  private newInvite(slug: string, origin: string): { token: string; hash: string; expiresAt: number; url: string } {
    const token = `${INVITE_PREFIX}${randomBytes(24).toString('base64url')}`;
    const expiresAt = this.nowMs() + INVITE_TTL_MS;
    return { token, hash: this.inviteHash(token), expiresAt, // The city in the query (the centre's page reads `?city=`), the token in the fragment (never sent to a server).
    url: `${this.core.config.publicUrl ?? origin}/centre/?city=${encodeURIComponent(slug)}#invite=${token}` };
  }

  async invite(actor: AdminActor, slug: string, json: unknown, origin: string): Promise<StaffInvitation> {
    this.core.cityRuntime(slug);
    const parsed = StaffInviteInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const input = parsed.data;
    const id = randomId('st', 9);
    const invite = this.newInvite(slug, origin);
    const record: StaffRecord = {
      id,
      city: slug,
      name: input.name,
      organisation: input.organisation,
      role: input.role,
      status: 'invited',
      contactKind: contactKind(input.contact),
      contactHash: this.contactHash(slug, input.contact),
      contactSealed: this.core.keys.seal(this.contactContext(id), input.contact),
      contactHint: contactHint(input.contact),
      subjectHash: null,
      inviteHash: invite.hash,
      inviteExpiresAt: invite.expiresAt,
      invitedAt: this.core.now(),
      invitedBy: actor.name,
      activatedAt: null,
      revokedAt: null,
      lastSignInAt: null,
      version: 1,
    };
    // The audit names the person and role, never their contact.
    const ok = await this.store.createStaff(record, this.audit(actor, slug, 'staff.invite', id, { name: input.name, organisation: input.organisation, role: input.role }));
    if (!ok) fail('conflict', 'someone in this city already has this phone or e-mail', { issues: [{ path: ['contact'], message: 'contact.taken' }] });
    return { member: this.member(record), inviteToken: invite.token, inviteUrl: invite.url, expiresAt: new Date(invite.expiresAt).toISOString() };
  }

  async update(actor: AdminActor, slug: string, id: string, json: unknown): Promise<StaffMember> {
    const parsed = StaffUpdateInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const change = parsed.data;
    if (change.name === undefined && change.organisation === undefined && change.role === undefined)
      fail('validation_failed', 'nothing to change', { issues: [{ path: [], message: 'staff.nothing_to_change' }] });
    const s = await this.find(slug, id);
    if (actor.staff?.id === id && change.role !== undefined && change.role !== s.role) fail('conflict', 'you cannot change your own role; ask another coordinator');
    const next: StaffRecord = { ...s, ...change };
    if (!(await this.store.updateStaff(next, this.audit(actor, slug, 'staff.update', id, { ...change }))))
      fail('conflict', 'this person changed meanwhile; reload and try again');
    return this.member({ ...next, version: s.version + 1 });
  }

  async revoke(actor: AdminActor, slug: string, id: string): Promise<StaffMember> {
    const s = await this.find(slug, id);
    if (actor.staff?.id === id) fail('conflict', 'you cannot revoke yourself; ask another coordinator');
    if (s.status === 'revoked') fail('conflict', 'this person is already revoked');
    const at = this.core.now();
    if (!(await this.store.revokeStaff(slug, id, at, this.audit(actor, slug, 'staff.revoke', id, { name: s.name }))))
      fail('conflict', 'this person is already revoked');
    return this.member({ ...s, status: 'revoked', revokedAt: at, inviteHash: null, inviteExpiresAt: null });
  }

  async reinvite(actor: AdminActor, slug: string, id: string, origin: string): Promise<StaffInvitation> {
    const s = await this.find(slug, id);
    if (s.status === 'active') fail('conflict', 'this person has already accepted; they sign in with their phone or e-mail');
    const invite = this.newInvite(slug, origin);
    const next: StaffRecord = { ...s, status: 'invited', inviteHash: invite.hash, inviteExpiresAt: invite.expiresAt, revokedAt: null, activatedAt: null };
    if (!(await this.store.updateStaff(next, this.audit(actor, slug, 'staff.reinvite', id, { name: s.name }))))
      fail('conflict', 'this person changed meanwhile; reload and try again');
    return { member: this.member({ ...next, version: s.version + 1 }), inviteToken: invite.token, inviteUrl: invite.url, expiresAt: new Date(invite.expiresAt).toISOString() };
  }

  me(actor: AdminActor, slug: string): StaffMe {
    const st = actor.staff;
    if (!st) return { kind: 'token', actor: actor.id, staffId: null, name: actor.name, organisation: null, role: 'coordinator', city: slug, sessionExpiresAt: null, idleMinutes: null };
    return {
      kind: 'staff',
      actor: actor.id,
      staffId: st.id,
      name: actor.name,
      organisation: st.organisation,
      role: st.role,
      city: st.city,
      sessionExpiresAt: new Date(st.expiresAt).toISOString(),
      idleMinutes: STAFF_IDLE_MS / 60_000,
    };
  }

  // ——— sessions ———

  /** The person behind a staff session token, or 401 (unknown, expired, idle too long, revoked). Touches the session. */
  async resolve(token: string): Promise<AdminActor> {
    if (token.length > 200) fail('unauthorized', 'the session is not valid; sign in again');
    const hash = this.tokenHash(token);
    const found = await this.store.getSession(hash);
    const now = this.nowMs();
    if (!found) fail('unauthorized', 'the session has ended; sign in again');
    const { session, staff } = found!;
    if (staff.status !== 'active') {
      await this.store.deleteSession(hash);
      fail('unauthorized', 'this account is no longer active; ask a coordinator');
    }
    if (now >= session.expiresAt || now - session.lastSeenAt >= STAFF_IDLE_MS) {
      await this.store.deleteSession(hash);
      fail('unauthorized', 'the session has ended; sign in again');
    }
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS) await this.store.touchSession(hash, now);
    return {
      id: `staff:${staff.id}`,
      name: staff.name,
      cities: [staff.city],
      staff: { id: staff.id, role: staff.role, organisation: staff.organisation, city: staff.city, expiresAt: session.expiresAt, tokenHash: hash },
    };
  }

  async signOut(actor: AdminActor): Promise<{ ok: true }> {
    if (!actor.staff) fail('forbidden', 'a config token has no session to end');
    await this.store.deleteSession(actor.staff!.tokenHash);
    return { ok: true };
  }

  // ——— signing in with a code ———

  private challengeOf(c: StaffChallengeRecord): StaffChallenge {
    return {
      challengeId: c.id,
      channel: c.channel === 'email' ? 'email' : 'sms',
      expiresAt: new Date(c.expiresAt).toISOString(),
      resendAt: new Date(c.resendAt).toISOString(),
      codeLength: CODE_LENGTH,
      attemptsLeft: c.attemptsLeft,
    };
  }

  /** Sends a fresh code to the person (or, for an unknown contact, sends nothing and stores no code: no code will work). */
  private async sendCode(c: StaffChallengeRecord, staff: StaffRecord | null, locale: string | undefined, again = false): Promise<void> {
    const now = this.nowMs();
    const code = numericCode(CODE_LENGTH);
    c.codeHash = staff ? this.core.keys.digest('staff-code', `${c.id}:${code}`) : null;
    c.expiresAt = now + CODE_TTL_MS;
    c.resendAt = now + RESEND_AFTER_MS;
    c.attemptsLeft = ATTEMPTS;
    // Sent again: only while the sign-in is there — one confirmed meanwhile is not brought back with a new code.
    if (again) {
      if (!(await this.store.refreshChallenge(c))) fail('not_found', 'this sign-in was already used; start again');
    } else await this.store.saveChallenge(c);
    if (!staff) return;
    const contact = this.core.keys.unseal(this.contactContext(staff.id), staff.contactSealed);
    if (!contact) fail('unavailable', 'this account cannot receive codes; ask a coordinator to invite it again');
    try {
      if (staff.contactKind === 'email') {
        const city = this.core.cityRuntime(staff.city).city.name;
        await this.mail.send({
          to: contact!,
          subject: `Qala: ${code}`,
          text: `${code} — кіру коды / код для входа / sign-in code (${city.kk} / ${city.ru}). 10 мин.`,
          reference: c.id,
        });
      } else await this.core.sms.send({ phone: contact!, code, challengeId: c.id, ...(locale ? { locale } : {}) });
    } catch (error) {
      await this.store.consumeChallenge(c.id);
      this.core.logger.log('error', 'staff.code_failed', { challengeId: c.id, channel: staff.contactKind, reason: error instanceof Error ? error.name : 'provider error' });
      fail('unavailable', 'the code could not be sent; try again in a minute', { retryAfter: 60 });
    }
  }

  /**
   * A code challenge for the person (null: an unknown contact). `subjectHash`: the provider's account that signed in to
   * accept `inviteHash`, bound to the person only when the code is confirmed.
   */
  private async startCode(slug: string, staff: StaffRecord | null, contactHash: string, kind: 'phone' | 'email', inviteHash: string | null, subjectHash: string | null = null): Promise<StaffChallenge> {
    await this.core.rateLimit(`staff-codes:${contactHash}`, this.core.config.limits.codesPerPhonePerHour, HOUR, 'too_many_codes');
    const c: StaffChallengeRecord = {
      id: randomId('sc', 16),
      city: slug,
      staffId: staff?.id ?? null,
      kind: 'code',
      channel: kind === 'email' ? 'email' : 'sms',
      codeHash: null,
      stateHash: null,
      sealed: null,
      inviteHash,
      subjectHash,
      proofHash: null,
      expiresAt: 0,
      resendAt: 0,
      attemptsLeft: ATTEMPTS,
      outcome: null,
    };
    await this.sendCode(c, staff, undefined);
    return this.challengeOf(c);
  }

  async signIn(slug: string, json: unknown, ip: string): Promise<StaffChallenge> {
    this.core.cityRuntime(slug);
    const parsed = StaffSignInInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    await this.core.rateLimit(`staff-ip:${ip}`, SIGN_INS_PER_IP_PER_HOUR, HOUR);
    const contact = parsed.data.contact;
    const hash = this.contactHash(slug, contact);
    const staff = await this.store.staffByContact(slug, hash);
    // Invited people sign in the first time through their invitation; revoked ones not at all. The answer looks the same.
    return this.startCode(slug, staff?.status === 'active' ? staff : null, hash, contactKind(contact), null);
  }

  private async byInvite(slug: string, token: string): Promise<StaffRecord> {
    const staff = await this.store.staffByInvite(slug, this.inviteHash(token));
    if (!staff || staff.status !== 'invited') fail('not_found', 'this invitation is not valid; ask your coordinator for a new one');
    if (staff!.inviteExpiresAt === null || this.nowMs() >= staff!.inviteExpiresAt) fail('code_expired', 'this invitation has expired; ask your coordinator for a new one');
    return staff!;
  }

  async acceptInvite(slug: string, json: unknown, ip: string): Promise<StaffChallenge> {
    this.core.cityRuntime(slug);
    const parsed = StaffInviteAcceptInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    await this.core.rateLimit(`staff-ip:${ip}`, SIGN_INS_PER_IP_PER_HOUR, HOUR);
    const staff = await this.byInvite(slug, parsed.data.inviteToken);
    return { ...(await this.startCode(slug, staff, staff.contactHash, staff.contactKind, staff.inviteHash)), contactHint: staff.contactHint };
  }

  private async challenge(slug: string, id: string): Promise<StaffChallengeRecord> {
    const c = /^sc_[A-Za-z0-9_-]{1,40}$/.test(id) ? await this.store.getChallenge(id) : null;
    if (c && c.city !== slug) fail('forbidden', 'this sign-in belongs to another city');
    if (!c || c.expiresAt <= this.nowMs() - CODE_TTL_MS) fail('not_found', 'no such sign-in; it may have expired, start again');
    return c!;
  }

  async resend(slug: string, id: string, json: unknown): Promise<StaffChallenge> {
    assertEmptyBody(json);
    this.core.cityRuntime(slug);
    const c = await this.challenge(slug, id);
    if (c.kind !== 'code') fail('conflict', 'a sign-in with the identity provider has no code to send again');
    const now = this.nowMs();
    await claimResend(now, c.resendAt, (next) => this.store.claimResend(c.id, now, next));
    const staff = c.staffId ? await this.store.getStaff(slug, c.staffId) : null;
    const live = staff && (staff.status === 'active' || (staff.status === 'invited' && c.inviteHash !== null && staff.inviteHash === c.inviteHash)) ? staff : null;
    if (live) await this.core.rateLimit(`staff-codes:${live.contactHash}`, this.core.config.limits.codesPerPhonePerHour, HOUR, 'too_many_codes');
    await this.sendCode(c, live, undefined, true);
    return this.challengeOf(c);
  }

  private async checkCode(c: StaffChallengeRecord, code: string | undefined, now: number): Promise<void> {
    if (code === undefined) fail('validation_failed', 'send the code', { issues: [{ path: ['code'], message: 'code.format' }] });
    await checkCode(this.core, c, code!, now, c.staffId && `staff:${c.staffId}`, { label: 'staff-code', wrongCode: (id) => this.store.wrongCode(id), discard: (id) => this.store.consumeChallenge(id) });
  }

  /**
   * A session for the code (or the provider's proof). An invitation accepted through the provider is the exception: the
   * provider proved an account, not that it is the invited person, so the proof buys a code to the invited contact
   * (`StaffCodeStep`), and only that code opens the session and binds the account to the person.
   */
  async confirm(slug: string, id: string, json: unknown): Promise<StaffSession | StaffCodeStep> {
    this.core.cityRuntime(slug);
    const c = await this.challenge(slug, id);
    const now = this.nowMs();
    if (c.kind === 'code') {
      const parsed = StaffCodeInput.safeParse(json);
      if (!parsed.success) throw validationError(parsed.error);
      await this.checkCode(c, parsed.data.code, now);
    } else {
      // No code here: only the proof the callback handed to the browser the provider sent back (absent while it is pending).
      const body = json ?? {};
      const parsed = typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0 ? null : StaffOidcConfirmInput.safeParse(body);
      if (parsed && !parsed.success) throw validationError(parsed.error);
      if (now >= c.expiresAt) fail('code_expired', SIGN_IN_TOO_LONG);
      if (c.outcome === 'pending') fail('conflict', 'the sign-in has not finished yet', { issues: [{ path: [], message: 'identity.sign_in_pending' }] });
      // A sign-in someone else started and lured you through gives them nothing: they never see the callback's answer.
      if (!signInProofMatches(this.core.keys, PROOF, c.id, c.proofHash, parsed?.data.proof))
        fail('forbidden', 'the sign-in can be confirmed only with the proof its callback gave the browser; start again', { issues: [{ path: [], message: 'identity.oidc_invalid' }] });
      if (c.outcome !== 'done' || !c.staffId) fail('forbidden', 'the sign-in did not prove who you are, or you are not staff of this city', { issues: [{ path: [], message: `identity.${c.outcome ?? 'oidc_invalid'}` }] });
    }
    if (!(await this.store.consumeChallenge(c.id))) fail('not_found', 'this sign-in was already used; start again');
    const staff = await this.store.getStaff(slug, c.staffId!);
    if (!staff) fail('forbidden', 'this account is not active; ask a coordinator');
    if (c.kind === 'oidc' && c.inviteHash) return this.inviteCodeStep(slug, staff!, c);
    const token = `${SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
    const tokenHash = this.tokenHash(token);
    const session = { tokenHash, staffId: staff!.id, city: slug, createdAt: now, lastSeenAt: now, expiresAt: now + STAFF_SESSION_MS };
    const at = this.core.now();
    const accepting = c.inviteHash ?? undefined;
    const audit: AuditWrite = { at, city: slug, actor: `staff:${staff!.id}`, action: accepting ? 'staff.accept' : 'staff.sign_in', target: staff!.id, details: { by: staff!.name, method: c.channel, ...(c.kind === 'code' && c.subjectHash ? { linked: 'oidc' } : {}) } };
    const opened = await this.store.openSession(session, { at, ...(accepting ? { acceptInvite: accepting } : {}), ...(c.subjectHash ? { subjectHash: c.subjectHash } : {}) }, audit).catch((error: unknown) => {
      // The account was free when the provider sent the person back; someone bound it while the code was on its way (or
      // at this very moment): the store's unique index is the one check, atomic across instances.
      if (isStoreError(error, 'subject_taken')) fail('forbidden', 'this provider account already belongs to another person of this city', { issues: [{ path: [], message: 'identity.subject_taken' }] });
      throw error;
    });
    if (!opened) fail('forbidden', accepting ? 'this invitation is no longer valid; ask your coordinator for a new one' : 'this account is not active; ask a coordinator');
    const actor: AdminActor = {
      id: `staff:${staff!.id}`,
      name: staff!.name,
      cities: [slug],
      staff: { id: staff!.id, role: staff!.role, organisation: staff!.organisation, city: slug, expiresAt: session.expiresAt, tokenHash },
    };
    return { token, me: this.me(actor, slug) };
  }

  /** After the provider signed someone in with an invitation: a code to the invited contact, carrying the account to bind. */
  private async inviteCodeStep(slug: string, staff: StaffRecord, c: StaffChallengeRecord): Promise<StaffCodeStep> {
    if (staff.status !== 'invited' || staff.inviteHash !== c.inviteHash) fail('forbidden', 'this invitation is no longer valid; ask your coordinator for a new one', { issues: [{ path: [], message: 'identity.invite_invalid' }] });
    try {
      const challenge = await this.startCode(slug, staff, staff.contactHash, staff.contactKind, c.inviteHash, c.subjectHash);
      return { next: 'code', contactHint: staff.contactHint, challenge };
    } catch (error) {
      // No code went (the SMS or mail provider failed, or the contact's codes for the hour are spent): the provider's
      // sign-in is given back as it was, so the person tries again with the same proof instead of signing in again.
      await this.store.saveChallenge(c);
      throw error;
    }
  }

  // ——— signing in with the city's identity provider ———

  async startOidc(slug: string, json: unknown, ip: string, serverOrigin: string): Promise<StaffOidcChallenge> {
    const rt = this.core.cityRuntime(slug);
    const parsed = StaffOidcStartInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const input = parsed.data;
    if (rt.identity.method !== 'oidc') fail('validation_failed', 'this city has no identity provider; sign in with a code', { issues: [{ path: [], message: 'identity.no_sign_in' }] });
    if (!this.oidc) fail('unavailable', 'signing in is not set up on this server');
    const own = this.core.config.publicUrl ?? serverOrigin;
    let returnOrigin = '';
    try {
      returnOrigin = new URL(input.returnTo).origin;
    } catch {
      /* refused below */
    }
    if (returnOrigin !== own && returnOrigin !== serverOrigin)
      fail('validation_failed', 'returnTo must be a page of this server', { issues: [{ path: ['returnTo'], message: 'url.not_allowed' }] });
    await this.core.rateLimit(`staff-ip:${ip}`, SIGN_INS_PER_IP_PER_HOUR, HOUR);
    const inviteHash = input.inviteToken ? (await this.byInvite(slug, input.inviteToken)).inviteHash : null;
    const redirectUri = `${own}/api/v1/admin/oidc/callback`;
    let started;
    try {
      started = await this.oidc!.start(rt.identity as OidcIdentity, redirectUri);
    } catch (error) {
      this.core.logger.log('error', 'oidc.unavailable', { city: slug, reason: (error as Error).message });
      return fail('unavailable', 'the identity provider cannot be reached right now; try again later', { retryAfter: 60 });
    }
    const id = randomId('sc', 16);
    const now = this.nowMs();
    const secrets: SignInSecrets = { state: started.state, nonce: started.nonce, codeVerifier: started.codeVerifier, returnTo: input.returnTo, mode: input.mode, redirectUri };
    await this.store.saveChallenge({
      id,
      city: slug,
      staffId: null,
      kind: 'oidc',
      channel: 'oidc',
      codeHash: null,
      stateHash: this.core.keys.digest('staff-state', started.state),
      sealed: this.core.keys.seal(this.signInContext(id), JSON.stringify(secrets)),
      inviteHash,
      subjectHash: null,
      proofHash: null,
      expiresAt: now + SIGN_IN_TTL_MS,
      resendAt: now + SIGN_IN_TTL_MS,
      attemptsLeft: 0,
      outcome: 'pending',
    });
    return { challengeId: id, authorizationUrl: started.url, expiresAt: new Date(now + SIGN_IN_TTL_MS).toISOString() };
  }

  /** The provider sent a staff sign-in back: records who it proved (once); the centre then confirms the challenge. */
  async finishOidc(callbackUrl: URL): Promise<SignInOutcome> {
    const state = callbackUrl.searchParams.get('state');
    const c = state && state.length <= 512 ? await this.store.challengeByState(this.core.keys.digest('staff-state', state)) : null;
    const open = c && c.sealed && this.core.keys.unseal(this.signInContext(c.id), c.sealed);
    if (!c || !open) return { challengeId: null, outcome: 'expired', returnTo: null, mode: 'popup', proof: null };
    const secrets = JSON.parse(open) as SignInSecrets;
    const report = (outcome: string, proof: string | null = null): SignInOutcome => ({ challengeId: c.id, outcome, returnTo: secrets.returnTo, mode: secrets.mode, proof });
    if (c.outcome !== 'pending') return report('oidc_invalid');
    if (this.nowMs() >= c.expiresAt) return report('expired');
    const rt = this.core.cityRuntime(c.city);
    let outcome = 'done';
    let staffId: string | null = null;
    let subjectHash: string | null = null;
    try {
      const { subject } = await this.oidc!.finish(rt.identity as OidcIdentity, secrets.redirectUri, callbackUrl, { state: secrets.state, nonce: secrets.nonce, codeVerifier: secrets.codeVerifier });
      subjectHash = this.subjectHash(c.city, subject);
      const bySubject = await this.store.staffBySubject(c.city, subjectHash);
      if (c.inviteHash) {
        const invited = await this.store.staffByInvite(c.city, c.inviteHash);
        if (!invited || invited.status !== 'invited') outcome = 'invite_invalid';
        else if (bySubject && bySubject.id !== invited.id) outcome = 'subject_taken';
        else staffId = invited.id;
      } else if (bySubject && bySubject.status === 'active') staffId = bySubject.id;
      else outcome = 'not_staff';
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      outcome = typeof code === 'string' && code.startsWith('oidc_') ? code : 'oidc_invalid';
      this.core.logger.log(outcome === 'oidc_unavailable' ? 'error' : 'warn', 'oidc.refused', { city: c.city, challengeId: c.id, outcome });
    }
    // The outcome and the proof's digest in one write: a callback that lost the race hands out no proof.
    const { proof, digest } = newSignInProof(this.core.keys, PROOF, c.id);
    const recorded = await this.store.finishChallenge(c.id, outcome, staffId, outcome === 'done' ? subjectHash : null, digest);
    return recorded ? report(outcome, proof) : report('oidc_invalid');
  }

  /** Drops expired challenges and sessions. */
  async sweep(): Promise<void> {
    await this.store.sweepStaff(this.nowMs() - CODE_TTL_MS);
  }
}

/** What a role may do: experts read and assess; everything else is a coordinator's. */
export function roleOf(actor: AdminActor): StaffRole {
  return actor.staff?.role ?? 'coordinator';
}
