import { CODE_TTL_MS, RESEND_AFTER_MS, challengeGone, codeExpired, fail, http, invalidFields, readBody, readEmptyBody, readJsonBody, refusal, resendTooSoon, wrongCode } from './answers.js';
import { ATTEMPTS } from '../domain/one-time-code.js';
import { HttpResponse, type HttpHandler } from 'msw';
import {
  AUTHOR_ROUTES,
  AuthorVerificationConfirm,
  AuthorVerificationStart,
  PROPOSAL_LIMITS,
  ProposalEditInput,
  type ApiError,
  type AuthorProposal,
  type Challenge,
  type CityConfig,
  type ErrorCode,
  type FieldIssue,
  type Photo,
  type Proposal,
} from '../contract/index.js';
import { costCap, costOverCap } from '../domain/cost-cap.js';
import { formatInstant } from '../domain/city-time.js';
import { invalidFieldsRefusal } from '../domain/invalid-fields.js';
import { phaseClosedMessage } from '../domain/phase.js';
import { checkPhotoBody, photoName } from '../domain/photo-upload.js';
import { withEntry } from '../domain/proposal-history.js';
import { photoIdsRefusal } from '../domain/proposal-refusals.js';

/** What the author handlers share with the rest of the mock. */
export interface AuthorMockContext {
  base: string;
  code: string;
  configOf(city: string): CityConfig | undefined;
  proposals(city: string): Proposal[];
  photos: Map<string, Photo>;
  /** Each uploaded photo's city and the proposal that took it (null while none has). */
  photoHomes: Map<string, { city: string; proposalId: string | null }>;
  /** Proposal id → the phone it was submitted with (normalised `+7…`); tests may add fixture proposals. */
  authors: Map<string, string>;
  /** Proposal id → how many versions it has had. */
  versions: Map<string, number>;
  sentCodes: string[];
  nextId(): number;
  /** Runs `run` once per route and Idempotency-Key, as the server does (the key checked, the answer kept). */
  idempotent(request: Request, route: string, body: unknown, run: () => { status: number; body: unknown }): Response;
}

const json = (body: unknown, status = 200) => HttpResponse.json(body as never, { status });

/** The author routes ("My proposals"), answering as the reference server does. */
export function authorHandlers(ctx: AuthorMockContext): HttpHandler[] {
  /** Challenges with when their code was sent and when it expires (ms), as the server keeps them. */
  const challenges = new Map<string, { city: string; phone: string; attempts: number; sentAt: number; expiresAt: number }>();
  const sessions = new Map<string, { city: string; phone: string }>();
  const path = (route: string) => ctx.base + route.replace(/%7Bcity%7D/g, ':city').replace(/%7Bid%7D/g, ':id');
  const C = '{city}';
  const I = '{id}';

  const challengeOf = (id: string, { phone, sentAt, expiresAt }: { phone: string; sentAt: number; expiresAt: number }): Challenge => ({
    challengeId: id,
    expiresAt: new Date(expiresAt).toISOString(),
    resendAt: new Date(sentAt + RESEND_AFTER_MS).toISOString(),
    codeLength: ctx.code.length,
    attemptsLeft: ATTEMPTS,
    phoneHint: phone.slice(-4),
  });

  const session = (request: Request, city: string) => {
    const m = /^Bearer (at_[A-Za-z0-9_-]{16,100})$/.exec(request.headers.get('Authorization') ?? '');
    const s = m ? sessions.get(m[1]!) : undefined;
    return s && s.city === city ? s : null;
  };
  const unauthorized = (request: Request) =>
    request.headers.get('Authorization')
      ? fail('unauthorized', 'the session has ended; prove your phone again', [{ path: [], message: 'author.session_expired' }])
      : fail('unauthorized', 'prove your phone first (an author session token)', [{ path: [], message: 'author.session_required' }]);

  const editBlock = (p: Proposal, config: CityConfig): AuthorProposal['editBlock'] => {
    if (p.cycleId !== config.cycle.id) return 'cycle';
    if (p.status !== 'needs_changes') return 'status';
    if (config.currentPhase !== 'submission' && config.currentPhase !== 'review') return 'phase';
    return undefined;
  };
  const toAuthor = (p: Proposal, config: CityConfig): AuthorProposal => {
    const block = editBlock(p, config);
    return {
      ...p,
      editable: block === undefined,
      ...(block ? { editBlock: block } : { editableUntil: config.cycle.phases.review.end }),
      smsNotifications: false,
      versions: ctx.versions.get(p.id) ?? 1,
      hidden: false,
    };
  };
  const mine = (city: string, phone: string) => ctx.proposals(city).filter((p) => ctx.authors.get(p.id) === phone);

  return [
    http.post(path(AUTHOR_ROUTES.verification(C)), async ({ params, request }) => {
      const body = await readJsonBody(request);
      if (body instanceof Response) return body;
      const city = String(params.city);
      if (!ctx.configOf(city)) return fail('not_found', 'no such city');
      const parsed = AuthorVerificationStart.safeParse(body.json);
      if (!parsed.success) return invalidFields(parsed.error);
      const id = `ch_a${ctx.nextId()}`;
      const sentAt = Date.now();
      const c = { city, phone: parsed.data.phone, attempts: 0, sentAt, expiresAt: sentAt + CODE_TTL_MS };
      challenges.set(id, c);
      if (mine(city, parsed.data.phone).length) ctx.sentCodes.push(ctx.code);
      return json(challengeOf(id, c), 201);
    }),

    http.post(path(AUTHOR_ROUTES.resend(C, I)), async ({ params, request }) => {
      // As the server: the body first, empty or {}.
      const refused = await readEmptyBody(request);
      if (refused) return refused;
      if (!ctx.configOf(String(params.city))) return fail('not_found', 'no such city');
      const c = challenges.get(String(params.id));
      if (!c || c.city !== params.city || challengeGone(c.expiresAt)) return fail('not_found', 'no such verification; it may have expired, start again');
      const early = resendTooSoon(c.sentAt);
      if (early) return early;
      // As the server: a new code, good for its own ten minutes, with all its attempts.
      c.attempts = 0;
      c.sentAt = Date.now();
      c.expiresAt = c.sentAt + CODE_TTL_MS;
      return json(challengeOf(String(params.id), c), 201);
    }),

    http.post(path(AUTHOR_ROUTES.confirm(C, I)), async ({ params, request }) => {
      const body = await readJsonBody(request);
      if (body instanceof Response) return body;
      if (!ctx.configOf(String(params.city))) return fail('not_found', 'no such city');
      const c = challenges.get(String(params.id));
      if (!c || c.city !== params.city || challengeGone(c.expiresAt)) return fail('not_found', 'no such verification; it may have expired, start again');
      const parsed = AuthorVerificationConfirm.safeParse(body.json);
      if (!parsed.success) return invalidFields(parsed.error);
      // As the server's `checkCode`: an expired code first (the verification is then gone), whoever the phone is.
      const expired = codeExpired(c.expiresAt);
      if (expired) {
        challenges.delete(String(params.id));
        return expired;
      }
      // A phone without proposals never got a code: no code is right for it.
      if (parsed.data.code !== ctx.code || !mine(c.city, c.phone).length) {
        c.attempts++;
        if (c.attempts < 5) return wrongCode(5 - c.attempts);
        // As the server: the last wrong code ends the verification.
        challenges.delete(String(params.id));
        return fail('code_locked', 'too many wrong codes; start again');
      }
      challenges.delete(String(params.id));
      const token = `at_${crypto.randomUUID().replace(/-/g, '')}`;
      sessions.set(token, { city: c.city, phone: c.phone });
      return json({ token, expiresAt: new Date(Date.now() + 30 * 60_000).toISOString() });
    }),

    http.get(path(AUTHOR_ROUTES.proposals(C)), async ({ params, request }) => {
      const city = String(params.city);
      const config = ctx.configOf(city);
      if (!config) return fail('not_found', 'no such city');
      const s = session(request, city);
      if (!s) return unauthorized(request);
      return json({ items: mine(city, s.phone).map((p) => toAuthor(p, config)) });
    }),

    http.post(path(AUTHOR_ROUTES.resubmit(C, I)), async ({ params, request }) => {
      const body = await readJsonBody(request);
      if (body instanceof Response) return body;
      const city = String(params.city);
      const config = ctx.configOf(city);
      if (!config) return fail('not_found', 'no such city');
      const s = session(request, city);
      if (!s) return unauthorized(request);
      const own = mine(city, s.phone).find((x) => x.id === params.id);
      if (!own) return fail('not_found', 'no such proposal of yours');
      return ctx.idempotent(request, `${city}/resubmit/${own.id}`, body.json, () => {
        // As the server: read again under the key.
        const p = mine(city, s.phone).find((x) => x.id === own.id)!;
        const parsed = ProposalEditInput.safeParse(body.json);
        if (!parsed.success) {
          const { message, issues } = invalidFieldsRefusal(parsed.error);
          return refusal('validation_failed', message, issues);
        }
        const block = editBlock(p, config);
        if (block === 'cycle') return refusal('phase_closed', 'this proposal belongs to a cycle that is over');
        if (block === 'status') return refusal('conflict', `only a proposal sent back for changes can be resubmitted; this one is ${p.status}`, [{ path: [], message: 'proposal.not_editable', params: { status: p.status } }]);
        if (block === 'phase') return refusal('phase_closed', phaseClosedMessage('resubmitting a proposal', config.cycle, 'review'));
        const input = parsed.data;
        const issues: FieldIssue[] = [];
        if (!config.city.categories.some((c) => c.id === input.category)) issues.push({ path: ['category'], message: 'category.unknown' });
        if (input.district !== undefined && !config.city.districts.some((d) => d.id === input.district)) issues.push({ path: ['district'], message: 'district.unknown' });
        if (issues.length) return refusal('validation_failed', 'the request has invalid fields', issues);
        const overCap = costOverCap(input.estimatedCost, costCap(config.city, config.cycle, input.category, input.district));
        if (overCap) return refusal('over_cap', `one proposal may cost at most ${overCap.params.cap} ₸`, [overCap]);
        // As the server: the proposal's own photos, or ones uploaded to this city that no other proposal took, each once.
        const known = new Map([...p.photos.map((ph) => [ph.id, ph] as const), ...ctx.photos]);
        const photosRefused = photoIdsRefusal(input.photos, (id) => {
          if (p.photos.some((ph) => ph.id === id)) return true;
          const home = ctx.photoHomes.get(id);
          return home?.city === city && (home.proposalId === null || home.proposalId === p.id);
        });
        if (photosRefused) return refusal('validation_failed', photosRefused.message, photosRefused.issues);
        const at = formatInstant(new Date(), config.city.timeZone);
        const next: Proposal = {
          ...p,
          title: input.title,
          description: input.description,
          category: input.category,
          address: input.address,
          estimatedCost: input.estimatedCost,
          photos: input.photos.map((id) => known.get(id)!),
          authorName: input.authorName,
          status: 'under_review',
          // As the server: a full history makes room (the oldest entry after the submission goes).
          history: withEntry(p.history, { status: 'under_review', at }),
          updatedAt: at,
        };
        delete next.reviewNote;
        if (input.district !== undefined) next.district = input.district;
        else delete next.district;
        if (input.point) next.point = input.point;
        else delete next.point;
        const list = ctx.proposals(city);
        list.splice(list.indexOf(p), 1, next);
        // A photo taken out is deleted, as on the server: it cannot be put back; one added is the proposal's now.
        for (const ph of p.photos)
          if (!input.photos.includes(ph.id)) {
            ctx.photos.delete(ph.id);
            ctx.photoHomes.delete(ph.id);
          }
        for (const id of input.photos) {
          const home = ctx.photoHomes.get(id);
          if (home) home.proposalId = p.id;
        }
        ctx.versions.set(p.id, (ctx.versions.get(p.id) ?? 1) + 1);
        return { status: 200, body: toAuthor(next, config) };
      });
    }),

    http.post(path(AUTHOR_ROUTES.photos(C)), async ({ params, request }) => {
      const city = String(params.city);
      const config = ctx.configOf(city);
      if (!config) return fail('not_found', 'no such city');
      const s = session(request, city);
      if (!s) return unauthorized(request);
      // As the server: the session first (a stranger's body is not read), then the body, at most a photo's bytes.
      const bytes = await readBody(request, PROPOSAL_LIMITS.photoBytes);
      if (bytes instanceof Response) return bytes;
      if (!mine(city, s.phone).some((p) => editBlock(p, config) === undefined)) return fail('conflict', 'none of your proposals can be edited now', [{ path: [], message: 'proposal.not_editable' }]);
      // Then, as the server's photo upload: the phase (an author's also in review), the bytes, the name.
      if (config.currentPhase !== 'submission' && config.currentPhase !== 'review') return fail('phase_closed', phaseClosedMessage('uploading a photo', config.cycle, 'submission'));
      const body = checkPhotoBody(request.headers.get('Content-Type'), bytes);
      if (!body.ok) return fail(body.code, body.message, body.issues);
      const named = photoName(new URL(request.url).searchParams.get('name'));
      if (!named.ok) return fail(named.code, named.message, named.issues);
      const id = `ph_a${ctx.nextId()}`;
      const photo: Photo = { id, url: `/photos/${id}.jpg`, width: body.info.width, height: body.info.height, ...(named.name ? { name: named.name } : {}) };
      ctx.photos.set(id, photo);
      ctx.photoHomes.set(id, { city, proposalId: null });
      return json(photo, 201);
    }),

    http.post(path(AUTHOR_ROUTES.signOut(C)), async ({ params, request }) => {
      const s = session(request, String(params.city));
      if (!s) return unauthorized(request);
      const token = /^Bearer (\S+)$/.exec(request.headers.get('Authorization') ?? '')![1]!;
      sessions.delete(token);
      return json({ ok: true });
    }),
  ];
}
