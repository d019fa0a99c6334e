import { randomBytes } from 'node:crypto';
import {
  AuthorVerificationConfirm,
  AuthorVerificationStart,
  ProposalEditInput,
  VERSIONED_FIELDS,
  type AuthorProposal,
  type AuthorProposals,
  type AuthorSession,
  type Challenge,
  type Photo,
  type ProposalContent,
  type ProposalStatus,
  type ProposalVersion,
  type ProposalVersions,
  type VersionedField,
} from '../../contract/index.js';
import { withEntry } from '../../domain/proposal-history.js';
import { PHOTOS_UNAVAILABLE, photoIdsRefusal } from '../../domain/proposal-refusals.js';
import { fail, refusedFields, validationError } from '../errors.js';
import { SmsError } from '../sms.js';
import type { AuthorSessionRecord, ProposalVersionRecord } from '../store/authors.js';
import type { ChallengeRecord } from '../store/identity.js';
import type { IdempotencyRecord, PhotoMeta, ProposalRecord } from '../store/types.js';
import { authorPhoneContext, statusSmsText } from './author-notices.js';
import { phaseClosed, requireIdempotencyKey, type Core, type CycleView } from './core.js';
import { CODE_TTL_MS, HOUR, assertEmptyBody, challengeBase, checkCode, issueCode, phoneForResend, smsChallenge } from './one-time-codes.js';
import { photoUrl, toPublic, type ProposalService, type StatusTransition } from './proposals.js';

const SESSION_MS = 30 * 60_000;

/**
 * The cycle id an author's challenge carries. Not a valid cycle id (`Id`
 * starts with a letter or digit), so the voters' confirm step can never take
 * an author's code for a voter's: it refuses any challenge of another cycle.
 */
const AUTHOR_CHALLENGE = '~author';

/** Phases in which a proposal sent back for changes may be resubmitted. */
const EDIT_PHASES = new Set(['submission', 'review']);

function contentOf(p: Pick<ProposalRecord, VersionedField>): StoredContent {
  return {
    title: p.title,
    description: p.description,
    category: p.category,
    ...(p.district !== undefined ? { district: p.district } : {}),
    address: p.address,
    ...(p.point ? { point: p.point } : {}),
    estimatedCost: p.estimatedCost,
    photos: p.photos,
    authorName: p.authorName,
  };
}

/** A version as kept: photos as stored (no URL, which depends on the request's origin). */
type StoredContent = Omit<ProposalContent, 'photos'> & { photos: PhotoMeta[] };

/** The fields that differ between two versions, in the contract's order. */
export function changedFields(before: StoredContent, after: StoredContent): VersionedField[] {
  const same = (field: VersionedField): boolean => {
    if (field === 'photos') return before.photos.map((p) => p.id).join(',') === after.photos.map((p) => p.id).join(',');
    return JSON.stringify(before[field] ?? null) === JSON.stringify(after[field] ?? null);
  };
  return VERSIONED_FIELDS.filter((f) => !same(f));
}

/**
 * Authors refine their proposals: prove the phone they submitted with (a
 * one-time code, through the same challenges and per-phone limits as voters),
 * hold a short session (its keyed hash in the store, so any instance answers),
 * see their proposals with the council's public notes, edit and resubmit one
 * sent back for changes (every version kept), and — only with their consent,
 * only where the city sends SMS — get an SMS on each status change, the phone
 * sealed until the cycle ends and deleted after.
 */
export class AuthorService {
  constructor(
    private readonly core: Core,
    private readonly proposals: ProposalService,
  ) {
    proposals.onStatusChange((slug, changes) => this.notify(slug, changes));
  }

  private phoneContext = (id: string) => `author-challenge-phone:${id}`;

  // ——— proving the phone ———

  private challengeOf(c: ChallengeRecord, phone: string): Challenge {
    return { ...challengeBase(c), phoneHint: phone.slice(-4) };
  }

  /**
   * A code goes only to a phone that submitted a proposal here; for any other
   * the challenge is made all the same (and no SMS sent), so the answer does
   * not tell whether a number has proposals.
   */
  private async hasProposals(slug: string, authorHash: string): Promise<boolean> {
    return (await this.core.store.authors.proposalsByAuthor(slug, authorHash)).length > 0;
  }

  async start(slug: string, json: unknown, ip: string): Promise<Challenge> {
    this.core.cityRuntime(slug);
    const parsed = AuthorVerificationStart.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const phone = parsed.data.phone;
    const limits = this.core.config.limits;
    await this.core.rateLimit(`verify-ip:${ip}`, limits.verificationsPerIpPerHour, HOUR);
    const phoneHash = this.core.keys.phoneHash(slug, phone);
    await this.core.rateLimit(`codes:${phoneHash}`, limits.codesPerPhonePerHour, HOUR, 'too_many_codes');
    const c = smsChallenge(this.core, { city: slug, cycleId: AUTHOR_CHALLENGE, voterHash: null, phoneHash, phone, district: null }, this.phoneContext);
    await issueCode(this.core, c, phone, await this.hasProposals(slug, phoneHash));
    return this.challengeOf(c, phone);
  }

  private async find(slug: string, id: string): Promise<ChallengeRecord> {
    const c = /^ch_[A-Za-z0-9_-]{1,60}$/.test(id) ? await this.core.store.identity.getChallenge(id) : null;
    if (!c || c.city !== slug || c.cycleId !== AUTHOR_CHALLENGE || c.expiresAt <= this.core.clock().getTime() - CODE_TTL_MS)
      fail('not_found', 'no such verification; it may have expired, start again');
    return c!;
  }

  async resend(slug: string, id: string, json: unknown): Promise<Challenge> {
    assertEmptyBody(json);
    this.core.cityRuntime(slug);
    const c = await this.find(slug, id);
    const phone = await phoneForResend(this.core, c, this.phoneContext);
    await issueCode(this.core, c, phone, await this.hasProposals(slug, c.phoneHash!), true);
    return this.challengeOf(c, phone);
  }

  async confirm(slug: string, id: string, json: unknown): Promise<AuthorSession> {
    this.core.cityRuntime(slug);
    const c = await this.find(slug, id);
    const parsed = AuthorVerificationConfirm.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const now = this.core.clock().getTime();
    await checkCode(this.core, c, parsed.data.code, now, c.phoneHash);
    if (!(await this.core.store.identity.consumeChallenge(c.id))) fail('not_found', 'this verification was already used; start again');
    const token = `at_${randomBytes(24).toString('base64url')}`;
    const expiresAt = now + SESSION_MS;
    await this.core.store.authors.saveSession({ tokenHash: this.tokenHash(token), city: slug, authorHash: c.phoneHash!, expiresAt });
    return { token, expiresAt: new Date(expiresAt).toISOString() };
  }

  private tokenHash(token: string): string {
    return this.core.keys.digest('author-session', token);
  }

  /** The proven author behind an `Authorization: Bearer at_…` header; 401 when absent, unknown or expired. */
  async session(slug: string, header: string | undefined): Promise<AuthorSessionRecord> {
    this.core.cityRuntime(slug);
    const m = /^Bearer (at_[A-Za-z0-9_-]{16,100})$/.exec(header ?? '');
    if (!m) fail('unauthorized', 'prove your phone first (an author session token)', { issues: [{ path: [], message: 'author.session_required' }] });
    const s = await this.core.store.authors.getSession(this.tokenHash(m![1]!));
    if (!s || s.city !== slug || s.expiresAt <= this.core.clock().getTime())
      fail('unauthorized', 'the session has ended; prove your phone again', { issues: [{ path: [], message: 'author.session_expired' }] });
    return s!;
  }

  async signOut(slug: string, header: string | undefined): Promise<{ ok: true }> {
    const s = await this.session(slug, header);
    await this.core.store.authors.deleteSession(s.tokenHash);
    return { ok: true };
  }

  // ——— the author's proposals ———

  private editBlock(p: ProposalRecord, view: CycleView): AuthorProposal['editBlock'] {
    if (p.cycleId !== view.cycle.id) return 'cycle';
    if (p.status !== 'needs_changes') return 'status';
    if (!EDIT_PHASES.has(view.phase)) return 'phase';
    return undefined;
  }

  private async toAuthor(p: ProposalRecord, view: CycleView, origin: string, versions: number, sms: boolean): Promise<AuthorProposal> {
    const block = this.editBlock(p, view);
    return {
      ...toPublic(p, origin, view.rt.city.timeZone),
      editable: block === undefined,
      ...(block ? { editBlock: block } : { editableUntil: view.cycle.phases.review.end }),
      smsNotifications: sms,
      versions: Math.max(1, versions),
      hidden: p.hidden,
    };
  }

  async list(slug: string, header: string | undefined, origin: string): Promise<AuthorProposals> {
    const s = await this.session(slug, header);
    const view = await this.core.view(slug);
    const mine = await this.core.store.authors.proposalsByAuthor(slug, s.authorHash);
    const counts = await this.core.store.authors.versionCounts(slug, mine.map((p) => p.id));
    const items: AuthorProposal[] = [];
    for (const p of mine) {
      const sms = (await this.core.store.authors.getContact(slug, p.id)) !== null;
      items.push(await this.toAuthor(p, view, origin, counts.get(p.id) ?? 1, sms));
    }
    return { items };
  }

  private async own(slug: string, authorHash: string, id: string): Promise<ProposalRecord> {
    const p = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(id) ? await this.core.store.getProposal(slug, id) : null;
    // Someone else's proposal is "not found", as one that does not exist.
    if (!p || p.authorHash !== authorHash) fail('not_found', 'no such proposal of yours');
    return p!;
  }

  /**
   * The author sends a proposal the council sent back (`needs_changes`) again:
   * the same rules as a submission, while the review phase lasts. Its status
   * goes back to `under_review`; the version before and this one are kept.
   * Under an Idempotency-Key, as a submission: an author whose answer was
   * lost and who sends again gets the answer, not "this one is under review".
   */
  async resubmit(slug: string, header: string | undefined, keyHeader: string | undefined, id: string, json: unknown, origin: string): Promise<AuthorProposal> {
    const s = await this.session(slug, header);
    const first = await this.own(slug, s.authorHash, id);
    const key = requireIdempotencyKey(keyHeader);
    // Per proposal: a key reused for another proposal is another request.
    const r = await this.core.idempotent(`resubmit:${slug}:${first.id}`, key, json, async (record) => {
      const body = await this.resubmitOnce(slug, s.authorHash, id, json, origin, record);
      return { status: 200, body };
    });
    return r.body as AuthorProposal;
  }

  private async resubmitOnce(slug: string, authorHash: string, id: string, json: unknown, origin: string, record: (status: number, body: unknown) => IdempotencyRecord): Promise<AuthorProposal> {
    // Read again under the claim: what was checked before it may have changed meanwhile.
    const p = await this.own(slug, authorHash, id);
    const parsed = ProposalEditInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const input = parsed.data;
    const view = await this.core.view(slug);
    const block = this.editBlock(p, view);
    if (block === 'cycle') fail('phase_closed', 'this proposal belongs to a cycle that is over');
    if (block === 'status')
      fail('conflict', `only a proposal sent back for changes can be resubmitted; this one is ${p.status}`, { issues: [{ path: [], message: 'proposal.not_editable', params: { status: p.status } }] });
    if (block === 'phase') phaseClosed('resubmitting a proposal', view.cycle, 'review');
    this.proposals.checkContent({ city: view.rt.city, cycle: view.cycle }, input);
    const metas = new Map((await this.core.store.getPhotoMeta(slug, [...new Set(input.photos)])).map((m) => [m.id, m]));
    const photosRefused = photoIdsRefusal(input.photos, (pid) => {
      const m = metas.get(pid);
      return m !== undefined && (m.proposalId === null || m.proposalId === p.id);
    });
    if (photosRefused) throw refusedFields(photosRefused);

    const at = this.core.now();
    const next: ProposalRecord = structuredClone(p);
    next.title = input.title;
    next.description = input.description;
    next.category = input.category;
    if (input.district !== undefined) next.district = input.district;
    else delete next.district;
    next.address = input.address;
    if (input.point) next.point = input.point;
    else delete next.point;
    next.estimatedCost = input.estimatedCost;
    next.photos = input.photos.map((pid) => {
      const m = metas.get(pid)!;
      return { id: pid, width: m.width, height: m.height, ...(m.name ? { name: m.name } : {}) };
    });
    next.authorName = input.authorName;
    next.history = withEntry(next.history, { status: 'under_review', at });
    next.status = 'under_review';
    // The council's request is answered; it stays in the history, not as the current note.
    delete next.reviewNote;
    next.updatedAt = at;

    const kept = await this.core.store.authors.versions(slug, p.id);
    const before: StoredContent = kept.length ? (JSON.parse(kept[kept.length - 1]!.content) as StoredContent) : contentOf(p);
    const after = contentOf(next);
    const changed = changedFields(before, after);
    const n = Math.max(1, kept.length) + 1;
    const versions: ProposalVersionRecord[] = [];
    if (!kept.length) versions.push({ city: slug, proposalId: p.id, n: 1, at: p.createdAt, status: 'submitted', content: JSON.stringify(contentOf(p)) });
    versions.push({ city: slug, proposalId: p.id, n, at, status: p.status, content: JSON.stringify(after) });
    const attach = next.photos.filter((ph) => metas.get(ph.id)!.proposalId === null).map((ph) => ph.id);
    // A photo the author took out is deleted with the change: it may show what they no longer want shown (a face, a
    // house number), and its address was public. The versions keep that there were so many photos, not the bytes.
    const remove = p.photos.map((ph) => ph.id).filter((pid) => !next.photos.some((ph) => ph.id === pid));
    // The answer is kept with the change, so it is built first (a resubmission does not touch the SMS contact).
    const sms = (await this.core.store.authors.getContact(slug, p.id)) !== null;
    const answer = await this.toAuthor({ ...next, version: next.version + 1 }, view, origin, n, sms);
    // The author is named by role only: never the phone, nor its hash.
    const audit = { at, city: slug, actor: 'author', action: 'proposal.resubmitted', target: p.id, details: { version: n, changed } } as const;
    const outcome = await this.core.store.authors.resubmit(next, versions, attach, remove, audit, record(200, answer));
    if (outcome === 'conflict') fail('conflict', 'the proposal changed meanwhile; reload and try again');
    if (outcome === 'photo_unavailable') fail('validation_failed', PHOTOS_UNAVAILABLE, { issues: [{ path: ['photos'], message: 'photos.unknown' }] });
    this.core.bump('proposals', slug);
    return answer;
  }

  /** A photo for a proposal sent back for changes: only for an author who has one, also during review. */
  async uploadPhoto(slug: string, header: string | undefined, contentType: string | undefined, name: string | null, bytes: Uint8Array, ip: string, origin: string): Promise<Photo> {
    const s = await this.session(slug, header);
    const view = await this.core.view(slug);
    const mine = await this.core.store.authors.proposalsByAuthor(slug, s.authorHash);
    if (!mine.some((p) => this.editBlock(p, view) === undefined))
      fail('conflict', 'none of your proposals can be edited now', { issues: [{ path: [], message: 'proposal.not_editable' }] });
    return this.proposals.uploadPhoto(slug, contentType, name, bytes, ip, origin, true);
  }

  // ——— what experts see: every version and what changed ———

  async versions(slug: string, id: string, origin: string): Promise<ProposalVersions> {
    this.core.cityRuntime(slug);
    const p = await this.core.store.getProposal(slug, id);
    if (!p) fail('not_found', 'no such proposal');
    const kept = await this.core.store.authors.versions(slug, id);
    const stored: { n: number; at: string; status: ProposalStatus; content: StoredContent }[] = kept.length
      ? kept.map((v) => ({ n: v.n, at: v.at, status: v.status, content: JSON.parse(v.content) as StoredContent }))
      : [{ n: 1, at: p!.createdAt, status: 'submitted', content: contentOf(p!) }];
    const items: ProposalVersion[] = stored.map((v, i) => ({
      n: v.n,
      at: v.at,
      status: v.status,
      content: { ...v.content, photos: v.content.photos.map((ph) => ({ id: ph.id, url: photoUrl(origin, ph.id), width: ph.width, height: ph.height, ...(ph.name ? { name: ph.name } : {}) })) },
      changed: i === 0 ? [] : changedFields(stored[i - 1]!.content, v.content),
    }));
    return { proposalId: p!.id, items };
  }

  // ——— SMS on status changes, with consent ———

  private async notify(slug: string, changes: StatusTransition[]): Promise<void> {
    const rt = this.core.config.cities.get(slug);
    if (!rt?.city.notifications?.sms) return;
    for (const { proposal } of changes) {
      if (!proposal.reference) continue;
      const contact = await this.core.store.authors.getContact(slug, proposal.id);
      const phone = contact && this.core.keys.unseal(authorPhoneContext(slug, proposal.id), contact.phoneSealed);
      if (!contact || !phone) continue;
      try {
        await this.core.sms.send({ phone, code: '', challengeId: proposal.reference, locale: contact.locale, text: statusSmsText(contact.locale, proposal.reference, proposal.status) });
        this.core.logger.log('info', 'author.notified', { city: slug, ref: proposal.reference, status: proposal.status });
      } catch (error) {
        this.core.logger.log('error', 'sms.failed', { ref: proposal.reference, reason: error instanceof SmsError ? error.message : 'provider error' });
      }
    }
  }

  /**
   * Deletes every kept phone whose cycle has ended (its implementation phase
   * is over); run by the server's hourly sweep and at start. Also drops
   * expired author sessions.
   */
  async purgeEnded(): Promise<number> {
    await this.core.store.authors.sweepSessions(this.core.clock().getTime());
    return this.core.purgeAfter('implementation', await this.core.store.authors.contactCycles(), (city, cycleId) =>
      this.core.store.authors.deleteContacts(city, cycleId, { at: this.core.now(), city, actor: 'system', action: 'author_phones.deleted_after_cycle', target: cycleId, details: {} }),
    );
  }
}
