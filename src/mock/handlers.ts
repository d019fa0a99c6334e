import { CODE_TTL_MS, RESEND_AFTER_MS, challengeGone, codeExpired, fail, http, invalidFields, keyRefused, oldestFirst, readBody, readEmptyBody, readJsonBody, refusal, resendTooSoon, wrongCode } from './answers.js';
import { ATTEMPTS } from '../domain/one-time-code.js';
import { HttpResponse, delay, type HttpHandler } from 'msw';
import {
  ApiError,
  BallotInput,
  Phone,
  PROPOSAL_LIMITS,
  ProposalInput,
  ProposalQuery,
  ReceiptCode,
  VerificationConfirm,
  VerificationStart,
  type CityConfig,
  type ErrorCode,
  type FieldIssue,
  type IdentityMethod,
  type Photo,
  type PoolChoice,
  type Proposal,
  type Receipt,
  type Results,
  type VoterSession,
} from '../contract/index.js';
import { CONFIG_CACHE_CONTROL, JSON_TYPE, PHOTO_CSP, entityTag, notModified } from '../domain/answer-headers.js';
import { hasDistrictPools, otherDistrictIssues, validateBallot } from '../domain/ballot.js';
import { isBallotProject } from '../domain/ballot-projects.js';
import { formatInstant } from '../domain/city-time.js';
import { costCap, costOverCap } from '../domain/cost-cap.js';
import { cursorRefusal, decodeCursor, encodeCursor } from '../domain/cursor.js';
import { NO_SUCH_CYCLE, NO_SUCH_POOL } from '../domain/cycle-refusals.js';
import { checkVoterIin } from '../domain/iin.js';
import { readListQuery } from '../domain/list-query.js';
import { countsPublic, pabulibClosedMessage, phaseClosedMessage, resultsClosedMessage, resultsFinal } from '../domain/phase.js';
import { checkPhotoBody, photoName } from '../domain/photo-upload.js';
import { proposalOrder, votesHiddenRefusal } from '../domain/proposal-order.js';
import { photoIdsRefusal, proposalLimitRefusal } from '../domain/proposal-refusals.js';
import { searchNeedle, searchText } from '../domain/proposal-search.js';
import { residenceIssue } from '../domain/residence.js';
import { countPool, poolProjects, projectVotes, voteKind } from '../domain/results-count.js';
import { withDecisions } from '../domain/results-decisions.js';
import { pabulibFileName, resultsDownloads } from '../domain/results-downloads.js';
import { poolPabulib, resultsCsv } from '../domain/results-files.js';
import { maskPhone } from '../domain/voter-list.js';
import { DEMO_VOTERS, aksuProposals, demoConfig, mockReference, rudnyProposals, type DemoPhase } from './fixtures.js';
import { progressHandlers } from './progress-handlers.js';
import { authorHandlers } from './authors.js';

/**
 * An in-memory backend behind msw, speaking the same contract as the
 * reference server: for browser tests and the offline demo. Every request
 * body is validated with the contract schemas; answers are contract shapes.
 */
export interface MockOptions {
  /** API base the widgets are given, e.g. `/api/v1` or `https://api.test/api/v1`. */
  base?: string;
  now?: number;
  phase?: DemoPhase;
  /** The one-time code every verification accepts. */
  code?: string;
  /** Artificial latency per request (ms). */
  latency?: number;
  /**
   * How voters prove who they are, for every city or per city; `phone_only` by
   * default. `voter_list` and `census` answer from `DEMO_VOTERS` as the server
   * does (masked phone, `iin.not_listed`, `iin.not_eligible`,
   * `phone.not_registered`). `oidc` only sets the config: the mock has no
   * identity provider, so signing in is not answered.
   */
  identity?: IdentityMethod | Partial<Record<'aksu' | 'rudny', IdentityMethod>>;
  /** The voter list / census register (IIN → phone); `DEMO_VOTERS` by default. */
  voters?: ReadonlyMap<string, string>;
  /** The district the voter list names for some of its residents (IIN → district id); none by default. */
  districts?: ReadonlyMap<string, string>;
  /** Phone only: how many residents one phone may verify in a cycle (the city's `votersPerPhone`); 1 by default, as the server. */
  votersPerPhone?: number;
}

export interface MockState {
  configs: Map<string, CityConfig>;
  proposals: Map<string, Proposal[]>;
  /** Ballots by voter key (cycle + IIN), as the server keeps them. */
  ballots: Map<string, { input: BallotInput; receipt: Receipt }>;
  idempotency: Map<string, { body: string; response: unknown; status: number }>;
  /** How many POST requests each route received (tests count retries with it). */
  calls: Map<string, number>;
  sentCodes: string[];
  /** Proposal id → the phone it was submitted with, for "My proposals" (tests may add fixture proposals). */
  authors: Map<string, string>;
  setPhase(city: string, phase: DemoPhase): void;
}

const json = (body: unknown, status = 200) => HttpResponse.json(body as never, { status });

export function createMockApi(options: MockOptions = {}): { handlers: HttpHandler[]; state: MockState } {
  const base = (options.base ?? '/api/v1').replace(/\/$/, '');
  /** The path the mock's API is served under, whatever its origin (the server's links are server-relative). */
  const apiPath = new URL(base, 'http://mock.invalid').pathname.replace(/\/$/, '');
  const now = options.now ?? Date.now();
  const code = options.code ?? '123456';
  const voters = options.voters ?? DEMO_VOTERS;
  const methodOf = (slug: 'aksu' | 'rudny'): IdentityMethod =>
    typeof options.identity === 'string' ? options.identity : (options.identity?.[slug] ?? 'phone_only');
  const state: MockState = {
    configs: new Map([
      ['aksu', demoConfig('aksu', now, options.phase, methodOf('aksu'))],
      ['rudny', demoConfig('rudny', now, options.phase, methodOf('rudny'))],
    ]),
    proposals: new Map([
      ['aksu', aksuProposals(now)],
      ['rudny', rudnyProposals(now)],
    ]),
    ballots: new Map(),
    idempotency: new Map(),
    calls: new Map(),
    sentCodes: [],
    authors: new Map(),
    setPhase(city, phase) {
      const slug = city as 'aksu' | 'rudny';
      state.configs.set(city, demoConfig(slug, now, phase, methodOf(slug)));
    },
  };
  /**
   * Verifications by challenge id, each for the cycle current when it started (`cycleId`), with when its code was sent
   * and when it expires (ms), as the server keeps them.
   */
  const challenges = new Map<string, { city: string; cycleId: string; voter: string; attempts: number; phone: string; listed: boolean; district: string | null; sentAt: number; expiresAt: number }>();
  /** Voter tokens: each names its city and cycle (the cycle its code was confirmed in) and when it ends (ms), as the server's do. */
  const sessions = new Map<string, { city: string; cycleId: string; voter: string; listed: boolean; district: string | null; expiresAt: number }>();
  /** Phone only: the voters each phone verified in a cycle (`city:cycle:phone` → voter keys), as the server links them. */
  const phoneVoters = new Map<string, Set<string>>();
  const photos = new Map<string, Photo>();
  /** Each uploaded photo's city and the proposal that took it (null while none has), as the server's store keeps them. */
  const photoHomes = new Map<string, { city: string; proposalId: string | null }>();
  /** Receipts of ballots cast again since (the server keeps those ballots, `replaced`), by receipt code. */
  const replaced = new Map<string, Receipt>();
  const photoBytes = new Map<string, { type: string; bytes: Uint8Array<ArrayBuffer> }>();
  let seq = 0;

  const count = (key: string) => state.calls.set(key, (state.calls.get(key) ?? 0) + 1);
  const pause = () => (options.latency ? delay(options.latency) : undefined);
  const configOf = (city: string) => state.configs.get(city);
  /** The city a receipt's ballot was cast in: the one whose cycle it names (or named, before a test moved it on). */
  const cityOf = (receipt: Receipt) =>
    [...state.configs].find(([, c]) => c.cycle.id === receipt.cycleId)?.[0] ?? [...state.configs.keys()].find((slug) => receipt.cycleId.startsWith(`${slug}-`));
  const receiptCode = () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
    const group = () => Array.from({ length: 4 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
    return `${group()}-${group()}-${group()}-${group()}`;
  };

  /**
   * The voter token of `Authorization: Bearer …` for this city, or the server's refusal (`voterFromHeader` in
   * server/services/ballots.ts): none or not a bearer token, not a token, expired (401), another city's (403).
   */
  function voterSession(request: Request, city: string) {
    const token = /^Bearer ([A-Za-z0-9._~+/=-]{1,600})$/.exec(request.headers.get('Authorization') ?? '')?.[1];
    if (!token) return fail('unauthorized', 'verify first: this needs the bearer token from the code confirmation');
    const session = sessions.get(token);
    if (!session) return fail('unauthorized', 'the token is not valid');
    if (session.expiresAt <= Date.now()) return fail('unauthorized', 'the token has expired; verify again');
    if (session.city !== city) return fail('forbidden', 'this token belongs to another city');
    return session;
  }

  /** As the server's: the request compared as the JSON it parsed to (not its spacing), a refusal in its words. */
  function idempotent(request: Request, route: string, body: unknown, run: () => { status: number; body: unknown }) {
    const refused = keyRefused(request);
    if (refused) return refused;
    const key = request.headers.get('Idempotency-Key')!;
    const stored = state.idempotency.get(`${route}:${key}`);
    const bodyText = JSON.stringify(body) ?? '';
    if (stored) {
      if (stored.body !== bodyText) return fail('idempotency_key_reused', 'this Idempotency-Key was used with a different request');
      return json(stored.response, stored.status);
    }
    const result = run();
    // As the server: only what was done is kept under the key; a refusal frees it for the corrected request.
    if (result.status < 300) state.idempotency.set(`${route}:${key}`, { body: bodyText, response: result.body, status: result.status });
    return json(result.body, result.status);
  }

  /**
   * What the server counts for a city's current cycle (`ProposalService.ballotProjects`, `countedBallots`): that
   * cycle's projects on the ballot (`domain/ballot-projects.ts`: the council's later statuses too, in the server's
   * order: oldest first) and that cycle's ballots. A fixture's `votes` stand for that many ballots of the demo's other
   * voters, each choosing that project alone, as the server's demo seeds ballots.
   */
  function counted(city: string, config: CityConfig): { projects: Proposal[]; ballots: { choices: PoolChoice[] }[] } {
    const cycle = config.cycle;
    const projects = (state.proposals.get(city) ?? [])
      .filter((p) => p.cycleId === cycle.id && isBallotProject(p))
      .sort(oldestFirst);
    const points = voteKind(cycle.ballot) === 'cumulative';
    const ballots: { choices: PoolChoice[] }[] = [];
    for (const p of projects) for (let i = 0; i < (p.votes ?? 0); i++) ballots.push({ choices: [{ poolId: p.poolId!, picks: [points ? { projectId: p.id, points: 1 } : { projectId: p.id }] }] });
    for (const { input } of state.ballots.values()) if (input.cycleId === cycle.id) ballots.push({ choices: input.choices });
    return { projects, ballots };
  }

  /**
   * The results as the server gives them: each pool counted by the cycle's rule (`domain/results-count.ts`, the
   * server's count), final from the start of the results phase, then saying where the council's status of a project
   * disagrees with the count, and the downloads linked server-relative (under the path of the mock's base), the
   * pabulib file once final. What `counted` gives may be passed when the caller has it already (the pabulib file).
   */
  function results(city: string, config: CityConfig, { projects, ballots } = counted(city, config)): Results {
    const final = resultsFinal(config.cycle, new Date(now));
    const pools = config.cycle.pools.map((_, i) => countPool(config.cycle, i, projects, ballots));
    return {
      cycleId: config.cycle.id,
      mode: final ? 'final' : 'live',
      computedAt: formatInstant(new Date(now), config.city.timeZone),
      // The mock's ballots are all cast online (paper ballots are the centre's mock's).
      turnout: { online: ballots.length, paper: 0, total: ballots.length },
      pools: final ? withDecisions(pools, projects) : pools,
      downloads: resultsDownloads(config.city.slug, final, null, apiPath),
    };
  }

  /**
   * The city whose results (or their downloads) are asked for, or the server's refusal in its order
   * (`ResultsService.visibleView`): an unknown city, a `?cycle=` that is not one of its cycles (whatever else it says,
   * empty too: the mock's city has one, its current one, which the query then names as no query does), results not
   * public yet (from the results phase on, or from the start of voting where the city shows live counts).
   */
  function publicResults(city: string, request: Request): CityConfig | Response {
    const config = configOf(city);
    if (!config) return fail('not_found', 'no such city');
    const cycle = new URL(request.url).searchParams.get('cycle');
    if (cycle !== null && cycle !== config.cycle.id) return fail('not_found', NO_SUCH_CYCLE);
    if (!countsPublic(config.cycle, new Date(now))) return fail('phase_closed', resultsClosedMessage(config.cycle));
    return config;
  }

  /** A download as the server sends one: its type, and a file name to save it under. */
  const download = (text: string, type: string, filename: string) =>
    new HttpResponse(text, { status: 200, headers: { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${filename}"` } });

  const handlers: HttpHandler[] = [
    http.get(`${base}/cities/:city`, async ({ params, request }) => {
      await pause();
      const config = configOf(String(params.city));
      if (!config) return fail('not_found', 'no such city');
      // `?cycle=` (a widget's `cycle` attribute): the mock's city has one cycle, the one it answers with; another is
      // none of the city's cycles, which the server refuses.
      const cycle = new URL(request.url).searchParams.get('cycle');
      if (cycle !== null && cycle !== config.cycle.id) return fail('not_found', NO_SUCH_CYCLE);
      // As the server: a validator, so that a repeat is answered "not changed" (304, no body), and `no-cache`.
      const text = JSON.stringify(config);
      const headers = { ETag: await entityTag(text), 'Cache-Control': CONFIG_CACHE_CONTROL };
      if (notModified(request.headers.get('If-None-Match'), headers.ETag)) return new HttpResponse(null, { status: 304, headers });
      return new HttpResponse(text, { headers: { 'Content-Type': JSON_TYPE, ...headers } });
    }),

    http.get(`${base}/cities/:city/proposals`, async ({ params, request }) => {
      await pause();
      const city = String(params.city);
      const config = configOf(city);
      if (!config) return fail('not_found', 'no such city');
      // Read, filtered and searched as the server does (domain/list-query.ts, domain/proposal-search.ts); its
      // proposals are all published and shown (nothing here hides one or keeps one back).
      const read = readListQuery(new URL(request.url).searchParams, ProposalQuery);
      if (!read.ok) return fail('validation_failed', read.message, read.issues);
      const q = read.query;
      const shownCounts = countsPublic(config.cycle, new Date(now));
      if (q.sort === 'votes' && !shownCounts) {
        const { message, issues } = votesHiddenRefusal();
        return fail('validation_failed', message, issues);
      }
      // As the server: the votes of the ballots counted (approvals, points or first preferences), only while public.
      const votes = shownCounts ? projectVotes(config.cycle.ballot, counted(city, config).ballots) : new Map<string, number>();
      const needle = searchNeedle(q.q);
      let items = (state.proposals.get(city) ?? []).filter(
        (p) =>
          (!q.category || p.category === q.category) &&
          (!q.district || p.district === q.district) &&
          (!q.status?.length || q.status.includes(p.status)) &&
          (!needle || searchText(p).includes(needle)),
      );
      // The server's orders and cursors (the last item's sort key and id), so either's cursor pages the other's list.
      const order = proposalOrder<Proposal>(q.sort ?? 'newest', (p) => votes.get(p.id) ?? 0);
      items = [...items].sort(order.compare);
      let start = 0;
      if (q.cursor) {
        const after = decodeCursor(q.cursor);
        if (!after) {
          const { message, issues } = cursorRefusal();
          return fail('validation_failed', message, issues);
        }
        start = order.start(items, after);
      }
      const limit = q.limit ?? 20;
      const page = items.slice(start, start + limit);
      const last = page[page.length - 1];
      const next = last && start + limit < items.length ? encodeCursor([order.key(last), last.id]) : null;
      // As the server: while the counts are public every item carries its count (none yet is 0, as for a proposal not
      // on the ballot), else none does.
      const shown = page.map((p) => {
        const { votes: _fixture, ...rest } = p;
        return shownCounts ? { ...rest, votes: votes.get(p.id) ?? 0 } : rest;
      });
      return json({ items: shown, nextCursor: next, total: items.length });
    }),

    http.get(`${base}/cities/:city/proposals/:id`, async ({ params }) => {
      await pause();
      const city = String(params.city);
      const config = configOf(city);
      if (!config) return fail('not_found', 'no such city');
      const found = state.proposals.get(city)?.find((p) => p.id === params.id);
      if (!found) return fail('not_found', 'no such proposal');
      // As the server: its count of the ballots counted (none yet is 0), only while the counts are public, and only for
      // this cycle's proposal.
      const { votes: _fixture, ...rest } = found;
      if (!countsPublic(config.cycle, new Date(now)) || found.cycleId !== config.cycle.id) return json(rest);
      return json({ ...rest, votes: projectVotes(config.cycle.ballot, counted(city, config).ballots).get(found.id) ?? 0 });
    }),

    http.post(`${base}/cities/:city/photos`, async ({ params, request }) => {
      count('photos');
      await pause();
      // The server's order: the city, the body (at most a photo's bytes), the phase, what the bytes are
      // (domain/photo-upload.ts: any image type or none declared, the kind and size read from the bytes), then the name.
      const config = configOf(String(params.city));
      if (!config) return fail('not_found', 'no such city');
      const bytes = await readBody(request, PROPOSAL_LIMITS.photoBytes);
      if (bytes instanceof Response) return bytes;
      if (config.currentPhase !== 'submission') return fail('phase_closed', phaseClosedMessage('uploading a photo', config.cycle, 'submission'));
      const body = checkPhotoBody(request.headers.get('Content-Type'), bytes);
      if (!body.ok) return fail(body.code, body.message, body.issues);
      const named = photoName(new URL(request.url).searchParams.get('name'));
      if (!named.ok) return fail(named.code, named.message, named.issues);
      const id = `ph${++seq}`;
      const { type, width, height } = body.info;
      const photo: Photo = { id, url: `/photos/${id}.jpg`, width, height, ...(named.name ? { name: named.name } : {}) };
      photos.set(id, photo);
      photoHomes.set(id, { city: String(params.city), proposalId: null });
      photoBytes.set(id, { type, bytes });
      return json(photo, 201);
    }),

    // Photos: what was uploaded, or a drawn placeholder for the demo proposals' photos.
    http.get('/photos/:file', async ({ params }) => {
      const id = String(params.file).replace(/\.(jpg|jpeg|png|webp)$/, '');
      const uploaded = photoBytes.get(id);
      // An image's own policy, as the server gives its photos (not the API's, which the answer would carry otherwise).
      if (uploaded) return new HttpResponse(uploaded.bytes, { headers: { 'Content-Type': uploaded.type, 'Cache-Control': 'max-age=3600', 'Content-Security-Policy': PHOTO_CSP } });
      const image = await placeholderImage(id);
      return new HttpResponse(image.bytes, { headers: { 'Content-Type': image.type, 'Cache-Control': 'max-age=3600', 'Content-Security-Policy': PHOTO_CSP } });
    }),

    http.post(`${base}/cities/:city/proposals`, async ({ params, request }) => {
      count('proposals');
      await pause();
      const city = String(params.city);
      const config = configOf(city);
      if (!config) return fail('not_found', 'no such city');
      // The server's order: the key, the body as JSON, its fields, then (under the key) the phase and the rest.
      const noKey = keyRefused(request);
      if (noKey) return noKey;
      const read = await readJsonBody(request);
      if (read instanceof Response) return read;
      const parsed = ProposalInput.safeParse(read.json);
      if (!parsed.success) return invalidFields(parsed.error);
      return idempotent(request, `${city}/proposals`, read.json, () => {
        if (config.currentPhase !== 'submission') return refusal('phase_closed', phaseClosedMessage('submitting a proposal', config.cycle, 'submission'));
        const input = parsed.data;
        const category = config.city.categories.find((c) => c.id === input.category);
        const unknown: FieldIssue[] = [];
        if (!category) unknown.push({ path: ['category'], message: 'category.unknown' });
        if (input.district !== undefined && !config.city.districts.some((d) => d.id === input.district)) unknown.push({ path: ['district'], message: 'district.unknown' });
        if (unknown.length) return refusal('validation_failed', 'the request has invalid fields', unknown);
        const overCap = costOverCap(input.estimatedCost, costCap(config.city, config.cycle, input.category, input.district));
        if (overCap) return refusal('over_cap', `one proposal may cost at most ${overCap.params.cap} ₸`, [overCap]);
        if (input.notify?.sms && !config.city.notifications?.sms)
          return refusal('validation_failed', 'this city does not send SMS about proposals', [{ path: ['notify', 'sms'], message: 'notify.disabled' }]);
        // As the server: photos uploaded to this city that no proposal has taken, each once; then the author's limit.
        const photosRefused = photoIdsRefusal(input.photos, (id) => photoHomes.get(id)?.city === city && photoHomes.get(id)?.proposalId === null);
        if (photosRefused) return refusal('validation_failed', photosRefused.message, photosRefused.issues);
        const limit = config.cycle.proposalLimit;
        if (limit !== undefined) {
          const mine = (state.proposals.get(city) ?? []).filter((p) => p.cycleId === config.cycle.id && state.authors.get(p.id) === input.phone).length;
          if (mine >= limit) {
            const { message, issues } = proposalLimitRefusal(limit);
            return refusal('limit_reached', message, issues);
          }
        }
        const at = formatInstant(new Date(), config.city.timeZone);
        const proposal: Proposal = {
          id: `${city}-${(state.proposals.get(city)?.length ?? 0) + 1}`,
          cycleId: config.cycle.id,
          title: input.title,
          description: input.description,
          category: input.category,
          ...(input.district ? { district: input.district } : {}),
          address: input.address,
          ...(input.point ? { point: input.point } : {}),
          estimatedCost: input.estimatedCost,
          photos: input.photos.map((id) => photos.get(id)!),
          authorName: input.authorName,
          reference: mockReference(city, state.proposals.get(city)?.length ?? 0),
          status: 'submitted',
          history: [{ status: 'submitted', at }],
          createdAt: at,
          updatedAt: at,
        };
        state.proposals.get(city)?.unshift(proposal);
        state.authors.set(proposal.id, input.phone);
        for (const id of input.photos) photoHomes.get(id)!.proposalId = proposal.id;
        return { status: 201, body: proposal };
      });
    }),

    http.post(`${base}/cities/:city/verification`, async ({ params, request }) => {
      count('verification');
      await pause();
      // The server's order: the body as JSON, its fields, then the city.
      const read = await readJsonBody(request);
      if (read instanceof Response) return read;
      const parsed = VerificationStart.safeParse(read.json);
      if (!parsed.success) return invalidFields(parsed.error);
      const city = String(params.city);
      const config = configOf(city);
      if (!config) return fail('not_found', 'no such city');
      if (parsed.data.cycleId !== config.cycle.id) return fail('validation_failed', 'this cycle is not the current one', [{ path: ['cycleId'], message: 'cycle.not_current' }]);
      if (config.currentPhase !== 'voting') return fail('phase_closed', phaseClosedMessage('voting', config.cycle, 'voting'));
      const minAge = config.cycle.eligibility.minAge;
      const check = checkVoterIin(parsed.data.iin, minAge, config.city.timeZone, new Date(now));
      if (!check.ok)
        return check.problem === 'too_young'
          ? fail('not_eligible', `residents may vote from the age of ${minAge}`, [{ path: ['iin'], message: 'iin.too_young', params: { minAge } }])
          : fail('invalid_iin', 'this is not a valid IIN', [{ path: ['iin'], message: `iin.${check.problem}` }]);
      // Residence before any code, as the server does.
      const residence = residenceIssue(config.city, config.cycle.eligibility, parsed.data.location);
      if (residence)
        return residence.message === 'location.required'
          ? fail('validation_failed', 'this city checks residence: send your location', [residence])
          : fail('not_eligible', 'the location is outside the city', [residence]);
      const method = config.identity.method;
      if (method === 'oidc')
        return fail('validation_failed', 'this city verifies voters by signing in with its identity provider', [{ path: [], message: 'identity.use_sign_in' }]);
      let phone: string;
      if (method === 'voter_list') {
        // The phone typed (if any) is never used: the code goes only to the phone on the list.
        const listed = voters.get(parsed.data.iin);
        if (!listed) return fail('not_eligible', 'this IIN is not on the voter list of this cycle; the project centre can add it', [{ path: ['iin'], message: 'iin.not_listed' }]);
        phone = listed;
      } else {
        const typedPhone = Phone.safeParse(parsed.data.phone ?? '');
        if (!typedPhone.success) return invalidFields(typedPhone.error, ['phone']);
        const typed = typedPhone.data;
        if (method === 'census') {
          const registered = voters.get(parsed.data.iin);
          if (!registered) return fail('not_eligible', 'the register of residents does not list this IIN as a voter here', [{ path: ['iin'], message: 'iin.not_eligible' }]);
          if (registered !== typed) return fail('not_eligible', 'this phone is not the one registered for this IIN', [{ path: ['phone'], message: 'phone.not_registered' }]);
        }
        phone = typed;
      }
      const id = `ch${++seq}`;
      const listed = method === 'voter_list';
      const district = (listed && options.districts?.get(parsed.data.iin)) || null;
      const sentAt = Date.now();
      challenges.set(id, { city, cycleId: config.cycle.id, voter: `${config.cycle.id}:${parsed.data.iin}`, attempts: 0, phone, listed, district, sentAt, expiresAt: sentAt + CODE_TTL_MS });
      state.sentCodes.push(code);
      return json(challengeOf(id, challenges.get(id)!), 201);
    }),

    http.post(`${base}/cities/:city/verification/:id/resend`, async ({ params, request }) => {
      count('resend');
      // As the server: the body first (empty or {}), then the city, the challenge (another city's is forbidden), the wait.
      const refused = await readEmptyBody(request);
      if (refused) return refused;
      if (!configOf(String(params.city))) return fail('not_found', 'no such city');
      const challenge = challenges.get(String(params.id));
      if (challenge && challenge.city !== params.city) return fail('forbidden', 'this verification belongs to another city');
      if (!challenge || challengeGone(challenge.expiresAt)) return fail('not_found', 'no such verification; it may have expired, start again');
      const early = resendTooSoon(challenge.sentAt);
      if (early) return early;
      // As the server: a new code, good for its own ten minutes, with all its attempts.
      challenge.attempts = 0;
      challenge.sentAt = Date.now();
      challenge.expiresAt = challenge.sentAt + CODE_TTL_MS;
      return json(challengeOf(String(params.id), challenge), 201);
    }),

    http.post(`${base}/cities/:city/verification/:id/confirm`, async ({ params, request }) => {
      count('confirm');
      await pause();
      // The server's order: the body as JSON, the city, the challenge (another city's is forbidden; one long expired is
      // gone), the fields, the code (expired, then wrong), then the challenge's cycle against the current one and the phase.
      const read = await readJsonBody(request);
      if (read instanceof Response) return read;
      if (!configOf(String(params.city))) return fail('not_found', 'no such city');
      const challenge = challenges.get(String(params.id));
      if (challenge && challenge.city !== params.city) return fail('forbidden', 'this verification belongs to another city');
      if (!challenge || challengeGone(challenge.expiresAt)) return fail('not_found', 'no such verification; it may have expired, start again');
      const parsed = VerificationConfirm.safeParse(read.json);
      if (!parsed.success) return invalidFields(parsed.error);
      if (parsed.data.code === undefined) return fail('validation_failed', 'send the code', [{ path: ['code'], message: 'code.format' }]);
      const expired = codeExpired(challenge.expiresAt);
      if (expired) {
        challenges.delete(String(params.id));
        return expired;
      }
      if (parsed.data.code !== code) {
        challenge.attempts++;
        if (challenge.attempts < 5) return wrongCode(5 - challenge.attempts);
        // As the server: the last wrong code ends the verification (a new one starts again).
        challenges.delete(String(params.id));
        return fail('code_locked', 'too many wrong codes; start again');
      }
      const config = configOf(challenge.city)!;
      // Started in a cycle that is no longer the current one (the next began meanwhile): over, whatever its phase.
      if (config.cycle.id !== challenge.cycleId) return fail('phase_closed', 'the cycle changed; start again');
      if (config.currentPhase !== 'voting') return fail('phase_closed', phaseClosedMessage('voting', config.cycle, 'voting'));
      if (config.identity.method === 'phone_only') {
        const limit = options.votersPerPhone ?? 1;
        const key = `${challenge.city}:${config.cycle.id}:${challenge.phone}`;
        const linked = phoneVoters.get(key) ?? new Set<string>();
        if (!linked.has(challenge.voter) && linked.size >= limit)
          return fail('not_eligible', `this phone has already verified ${limit === 1 ? 'another voter' : `${limit} other voters`} in this cycle`, [{ path: ['phone'], message: 'phone.taken', params: { limit } }]);
        // A voter holds one phone: a link to another phone of this cycle is given back.
        const cycleKeys = `${challenge.city}:${config.cycle.id}:`;
        for (const [other, voters] of phoneVoters) if (other !== key && other.startsWith(cycleKeys)) voters.delete(challenge.voter);
        phoneVoters.set(key, linked.add(challenge.voter));
      }
      const token = `tok_${crypto.randomUUID().replace(/-/g, '')}`;
      const expiresAt = Date.now() + 30 * 60_000;
      sessions.set(token, { city: challenge.city, cycleId: config.cycle.id, voter: challenge.voter, listed: challenge.listed, district: challenge.district, expiresAt });
      challenges.delete(String(params.id));
      const existing = state.ballots.get(challenge.voter);
      const session: VoterSession = {
        token,
        expiresAt: new Date(expiresAt).toISOString(),
        cycleId: config.cycle.id,
        // As the server: said only where the budget has district pools.
        ...(challenge.district !== null && hasDistrictPools(config.cycle.pools) ? { district: challenge.district } : {}),
        // Only to the person who proved the identity: their receipt and what their ballot says.
        receipt: existing
          ? { receiptCode: existing.receipt.receiptCode, castAt: existing.receipt.castAt, changeableUntil: existing.receipt.changeableUntil, choices: existing.input.choices }
          : null,
      };
      return json(session);
    }),

    http.post(`${base}/cities/:city/ballots`, async ({ params, request }) => {
      count('ballots');
      await pause();
      const city = String(params.city);
      const config = configOf(city);
      if (!config) return fail('not_found', 'no such city');
      // The server's order: the body as JSON, the token, the key, the fields, the ballot's cycle against the token's,
      // then (under the key) the token's cycle against the current one, the phase and the rest.
      const read = await readJsonBody(request);
      if (read instanceof Response) return read;
      const session = voterSession(request, city);
      if (session instanceof Response) return session;
      const noKey = keyRefused(request);
      if (noKey) return noKey;
      const parsed = BallotInput.safeParse(read.json);
      if (!parsed.success) return invalidFields(parsed.error);
      if (parsed.data.cycleId !== session.cycleId)
        return fail('validation_failed', 'the ballot is for another cycle than the token', [{ path: ['cycleId'], message: 'cycle.not_current' }]);
      return idempotent(request, `${city}/ballots`, read.json, () => {
        if (config.cycle.id !== session.cycleId) return refusal('forbidden', 'this token is for another cycle');
        if (config.currentPhase !== 'voting') return refusal('phase_closed', phaseClosedMessage('voting', config.cycle, 'voting'));
        // As the server: the voter list is read when the ballot arrives (a voter removed since the confirmation is refused).
        const iin = session.voter.slice(session.voter.indexOf(':') + 1);
        if (session.listed && !voters.has(iin))
          return refusal('not_eligible', 'this person is no longer on the voter list of this cycle; the project centre can add them again', [{ path: [], message: 'iin.not_listed' }]);
        const district = session.listed ? (options.districts?.get(iin) ?? null) : session.district;
        const elsewhere = otherDistrictIssues(config.cycle.pools, district, parsed.data);
        if (elsewhere.length)
          return refusal('district_mismatch', 'the voter list puts this voter in another district: choose only in the city-wide and category pools and in the pools of that district', elsewhere);
        // As the server: against what is on the ballot (`domain/ballot-projects.ts`: the council's later statuses too).
        const projects = (state.proposals.get(city) ?? [])
          .filter(isBallotProject)
          .map((p) => ({ id: p.id, cost: p.finalCost ?? p.estimatedCost, poolId: p.poolId! }));
        const issues = validateBallot(config.cycle, projects, parsed.data);
        if (issues.length) return refusal('ballot_invalid', 'the ballot breaks the rules of this vote', issues);
        const previous = state.ballots.get(session.voter);
        if (previous && config.cycle.revote === 'final') return refusal('already_voted', 'this person has already voted in this cycle');
        // As the server: the ballot before is kept as replaced, its receipt still answers.
        if (previous) replaced.set(previous.receipt.receiptCode, previous.receipt);
        const receipt: Receipt = {
          receiptCode: receiptCode(),
          cycleId: config.cycle.id,
          castAt: formatInstant(new Date(), config.city.timeZone),
          changeableUntil: config.cycle.revote === 'until_close' ? config.cycle.phases.voting.end : null,
        };
        state.ballots.set(session.voter, { input: parsed.data, receipt });
        return { status: 201, body: receipt };
      });
    }),

    http.get(`${base}/cities/:city/receipts/:code`, async ({ params }) => {
      await pause();
      // The server's order (`receipt` in server/services/ballots.ts): the city, the code's form, then the ballot of any
      // city with that code (none: 404), and only then whether it is this city's.
      const city = String(params.city);
      if (!configOf(city)) return fail('not_found', 'no such city');
      const parsed = ReceiptCode.safeParse(String(params.code));
      if (!parsed.success) return invalidFields(parsed.error, ['code']);
      const current = [...state.ballots.values()].find((b) => b.receipt.receiptCode === parsed.data)?.receipt;
      const receipt = current ?? replaced.get(parsed.data);
      if (!receipt) return fail('not_found', 'no ballot has this receipt code');
      if (cityOf(receipt) !== city) return fail('forbidden', 'this receipt belongs to another city');
      return json({ receiptCode: receipt.receiptCode, cycleId: receipt.cycleId, castAt: receipt.castAt, status: current ? 'counted' : 'replaced', channel: 'online' });
    }),

    http.get(`${base}/cities/:city/results`, async ({ params, request }) => {
      await pause();
      const city = String(params.city);
      const config = publicResults(city, request);
      if (config instanceof Response) return config;
      return json(results(city, config));
    }),

    // The downloads the results link to, as the server answers them (`app.ts`): the same refusals, then the CSV table,
    // or the pabulib file of a pool (the first without `?pool=`) once the results are final.
    http.get(`${base}/cities/:city/results.csv`, async ({ params, request }) => {
      await pause();
      const city = String(params.city);
      const config = publicResults(city, request);
      if (config instanceof Response) return config;
      return download(resultsCsv(results(city, config)), 'text/csv; charset=utf-8', `${city}-results.csv`);
    }),

    http.get(`${base}/cities/:city/results.pb`, async ({ params, request }) => {
      await pause();
      const city = String(params.city);
      const config = publicResults(city, request);
      if (config instanceof Response) return config;
      const cycle = config.cycle;
      if (!resultsFinal(cycle, new Date(now))) return fail('phase_closed', pabulibClosedMessage(cycle));
      const asked = new URL(request.url).searchParams.get('pool');
      const pool = asked === null ? cycle.pools[0]! : cycle.pools.find((p) => p.id === asked);
      if (!pool) return fail('not_found', NO_SUCH_POOL);
      const tallied = counted(city, config);
      const { projects, ballots } = tallied;
      const result = results(city, config, tallied).pools.find((p) => p.poolId === pool.id)!;
      // Numbered in the order the mock keeps them (the server orders them by a keyed hash first, so that a voter's
      // number says nothing of when they voted; the mock has no such key).
      const picks = ballots.map((b) => b.choices.find((c) => c.poolId === pool.id)?.picks ?? []).filter((p) => p.length > 0);
      const text = poolPabulib({ city: config.city, cycle, pool, projects: poolProjects(projects, pool.id), result, ballots: picks });
      return download(text, 'text/plain; charset=utf-8', pabulibFileName(city, cycle.id, asked ?? undefined));
    }),
  ];

  function challengeOf(id: string, { phone, listed, sentAt, expiresAt }: { phone: string; listed: boolean; sentAt: number; expiresAt: number }) {
    return {
      challengeId: id,
      expiresAt: new Date(expiresAt).toISOString(),
      resendAt: new Date(sentAt + RESEND_AFTER_MS).toISOString(),
      codeLength: code.length,
      attemptsLeft: ATTEMPTS,
      // A phone the resident did not type is shown only as much as its owner needs to recognise it.
      phoneHint: listed ? phone.slice(-2) : phone.slice(-4),
      ...(listed ? { phoneMask: maskPhone(phone) } : {}),
    };
  }

  // Following the winners (#11): Aksu's 2025 projects being built while its 2026 cycle runs.
  handlers.push(
    ...authorHandlers({
      base,
      code,
      configOf,
      proposals: (city) => state.proposals.get(city) ?? [],
      photos,
      photoHomes,
      authors: state.authors,
      versions: new Map(),
      sentCodes: state.sentCodes,
      nextId: () => ++seq,
      idempotent,
    }),
  );
  handlers.push(
    ...progressHandlers(
      base,
      now,
      () => new Map([...state.configs].map(([slug, c]) => [slug, { cycleId: c.cycle.id, title: c.cycle.title, name: c.city.name, allowedOrigins: c.city.allowedOrigins }])),
      (city) => state.proposals.get(city) ?? [],
    ),
  );

  return { handlers, state };
}

/** 1×1 grey PNG, where no canvas can draw a better placeholder (Node). */
const GREY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mO8/x8AAwMCAO+ip1sAAAAASUVORK5CYII=';

/** A recognisable placeholder photo (sky, ground, a bench), tinted by the id, as a JPEG. */
async function placeholderImage(id: string): Promise<{ type: string; bytes: ArrayBuffer }> {
  if (typeof OffscreenCanvas === 'undefined') {
    const bytes = Uint8Array.from(atob(GREY_PNG), (c) => c.charCodeAt(0));
    return { type: 'image/png', bytes: bytes.buffer };
  }
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const canvas = new OffscreenCanvas(480, 360);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = `hsl(${hash % 360} 55% 78%)`;
  ctx.fillRect(0, 0, 480, 360);
  ctx.fillStyle = `hsl(${(hash >> 8) % 360} 35% 45%)`;
  ctx.fillRect(0, 230, 480, 130);
  ctx.fillStyle = '#5b3a1e';
  ctx.fillRect(150, 200, 180, 16);
  ctx.fillRect(160, 216, 12, 40);
  ctx.fillRect(308, 216, 12, 40);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.7 });
  return { type: 'image/jpeg', bytes: await blob.arrayBuffer() };
}
