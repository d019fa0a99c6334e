import { Hono, type Context } from 'hono';
import { ROUTES } from '../client/backend.js';
import { PROPOSAL_LIMITS, type CityConfig } from '../contract/index.js';
import type { ServerConfig } from './config.js';
import { CONFIG_CACHE_CONTROL, JSON_TYPE, PHOTO_CSP, entityTag, notModified, setAnswerHeaders } from '../domain/answer-headers.js';
import { PAPER_BALLOTS_BODY_LIMIT, VOTER_LIST_BODY_LIMIT } from '../domain/body-limit.js';
import { pabulibClosedMessage, resultsFinal } from '../domain/phase.js';
import { pabulibFileName } from '../domain/results-downloads.js';
import { HttpError } from './errors.js';
import { isStoreError } from './store/errors.js';
import { clientIp, json, ownOrigin, readBytes, readJson, readText } from './http.js';
import { callbackResponse } from './identity/callback-page.js';
import { OidcRelyingParty } from './identity/oidc.js';
import { stdoutLogger, type Logger } from './logger.js';
import { buildOpenApi } from './openapi.js';
import type { Secrets } from './secrets.js';
import { AdminService } from './services/admin.js';
import { ImplementationService } from './services/implementation.js';
import { implementationRoutes } from './implementation-routes.js';
import { AuthorService } from './services/authors.js';
import { mountAuthorRoutes } from './routes/authors.js';
import { AssessmentService } from './services/assessment.js';
import { StaffService } from './services/staff.js';
import { adminActor, mountStaffRoutes, staffSessions, type StaffResolution } from './routes/staff.js';
import { mailFromConfig, type MailProvider } from './mail.js';
import { BallotService } from './services/ballots.js';
import { Core, requireIdempotencyKey, type Hooks } from './services/core.js';
import { ProposalService } from './services/proposals.js';
import { ResultsService } from './services/results.js';
import { VerificationService, type OidcPort } from './services/verification.js';
import { VoterListService } from './services/voter-list.js';
import { smsFromConfig, type SmsProvider } from './sms.js';
import { compression } from './compress.js';
import { PAGE_CSP, demoIndex, readStatic } from './static.js';
import type { Store } from './store/types.js';
import { formatInstant, systemClock, type Clock } from './time.js';

export interface AppOptions {
  config: ServerConfig;
  store: Store;
  secrets: Secrets;
  clock?: Clock;
  sms?: SmsProvider;
  /** Staff sign-in codes by e-mail (default: from the config, the console in development). */
  mail?: MailProvider;
  logger?: Logger;
  hooks?: Hooks;
  /** The OpenID Connect relying party for cities that verify by signing in (default: openid-client). */
  oidc?: OidcPort;
  /** Folders served as they are: `demo` at `/`, `dist` at `/dist/`. */
  static?: { demo?: string; dist?: string };
}

export const API = '/api/v1';

/** The script tag's files: the loader, the one-file bundle and the loader's modules (`dist/qala/*.js`). */
const WIDGET_SCRIPT = /^\/dist\/(qala(\.bundle)?\.js|qala\/[\w.-]+\.js)$/;

type Vars = { Variables: { route: string; bodyDeadline: number; staffSession?: StaffResolution } };
type Handler = (c: Context<Vars>) => Promise<Response> | Response;

/** `ROUTES.x('{city}')` → `/cities/:city`: the server serves exactly the paths the client calls. */
function pattern(path: string): string {
  return API + path.replace(/%7Bcity%7D/g, ':city').replace(/%7Bid%7D/g, ':id');
}

const C = '{city}';
const I = '{id}';

export interface QalaApp extends Hono<Vars> {
  /** The services behind the routes (tests reach the store and caches through them). */
  readonly qala: {
    core: Core;
    proposals: ProposalService;
    verification: VerificationService;
    voterList: VoterListService;
    ballots: BallotService;
    results: ResultsService;
    admin: AdminService;
    implementation: ImplementationService;
    staff: StaffService;
    assessment: AssessmentService;
    authors: AuthorService;
  };
}

/**
 * The reference server as a Hono app: web-standard Request → Response, so
 * tests call `app.request(...)` without a port and other runtimes can host it.
 */
export function createApp(options: AppOptions): QalaApp {
  const config = options.config;
  const logger = options.logger ?? stdoutLogger();
  const clock = options.clock ?? systemClock;
  const core = new Core({ config, store: options.store, secrets: options.secrets, clock, sms: options.sms ?? smsFromConfig(config.sms, logger), logger, hooks: options.hooks });
  const proposals = new ProposalService(core);
  const results = new ResultsService(core, proposals);
  const signsIn = [...config.cities.values()].some((rt) => rt.identity.method === 'oidc');
  const oidc = options.oidc ?? (signsIn ? new OidcRelyingParty() : null);
  const verification = new VerificationService(core, oidc);
  const voterList = new VoterListService(core);
  const ballots = new BallotService(core, proposals);
  const admin = new AdminService(core, proposals, results);
  const implementation = new ImplementationService(core, admin);
  const authors = new AuthorService(core, proposals);
  const staff = new StaffService(core, options.mail ?? mailFromConfig(config.mail, logger), oidc);
  const assessment = new AssessmentService(core, staff, admin);
  for (const [slug, rt] of config.cities) {
    if (rt.identity.method === 'phone_only')
      logger.log('warn', 'identity.phone_only', { city: slug, message: 'this city verifies voters by phone only: a code proves a phone, not a person; results will say so' });
  }
  const app = new Hono<Vars>() as QalaApp;
  Object.defineProperty(app, 'qala', { value: { core, proposals, verification, voterList, ballots, results, admin, staff, assessment, authors, implementation } });

  const known: { re: RegExp; methods: Set<string> }[] = [];
  const route = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: Handler) => {
    const re = new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/:[a-z]+/g, '[^/]+')}$`);
    const entry = known.find((k) => k.re.source === re.source);
    if (entry) entry.methods.add(method);
    else known.push({ re, methods: new Set([method]) });
    app.on(method, path, async (c) => {
      c.set('route', `${method} ${path}`);
      return handler(c);
    });
  };
  const ip = (c: Context) => clientIp(c, config.trustProxy);
  const origin = (c: Context) => ownOrigin(c, config.publicUrl);
  const jsonBody = (c: Context, optional = false) => readJson(c, config.jsonBodyLimit, optional);

  // Outermost: request id, timing, security headers, one JSON log line without personal data.
  let requestSeq = 0;
  app.use('*', async (c, next) => {
    const started = performance.now();
    const rid = `${Date.now().toString(36)}-${(++requestSeq).toString(36)}`;
    c.set('bodyDeadline', Date.now() + config.bodyTimeoutMs);
    await next();
    c.res.headers.set('X-Request-Id', rid);
    // The widgets' scripts run in the host's page, never as a document or a worker: a document's policies would
    // do nothing on them but cost every file about 400 bytes of headers (on slow 3G, ~60 ms for a ballot page).
    // (The mocks set the same headers with the same function, `mock/answers.ts`.)
    setAnswerHeaders(c.res.headers, {
      policies: !(c.res.status === 200 && WIDGET_SCRIPT.test(new URL(c.req.url).pathname)),
      https: new URL(c.req.url).protocol === 'https:' || !!config.publicUrl?.startsWith('https:'),
    });
    logger.log('info', 'request', { rid, method: c.req.method, route: c.get('route') ?? 'static', status: c.res.status, ms: Math.round((performance.now() - started) * 10) / 10 });
  });

  // Brotli or gzip for text, JSON and scripts (static files compressed once and kept).
  app.use('*', compression((path) => !(path === API || path.startsWith(`${API}/`))));

  // No id, name or search holds a NUL character, and PostgreSQL's text cannot (a `%00` in a path or query reached it
  // and came back as a 500 there, a 404 on SQLite): refused alike on both, before any route.
  app.use(`${API}/*`, async (c, next) => {
    if (c.req.url.includes('%00')) return json(c, 400, { code: 'bad_request', message: 'the address holds a NUL character' });
    await next();
  });

  app.onError((error, c) => {
    if (error instanceof HttpError) {
      const res = json(c, error.status, error.toBody());
      if (error.details?.retryAfter !== undefined) res.headers.set('Retry-After', String(error.details.retryAfter));
      return res;
    }
    if (isStoreError(error, 'unavailable')) {
      // The database is restarting or out of reach: the client may retry; the pool reconnects by itself.
      logger.log('warn', 'store.unavailable', { route: c.get('route') ?? null });
      const res = json(c, 503, { code: 'unavailable', message: 'the database is not reachable right now; try again shortly' });
      res.headers.set('Retry-After', '2');
      return res;
    }
    logger.log('error', 'unhandled', { route: c.get('route') ?? null, error: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'unknown' });
    return json(c, 500, { code: 'internal', message: 'internal error' });
  });

  // CORS for the residents' API: only the city's embedding origins and this server's own.
  app.use(`${API}/cities/:city/*`, cityCors);
  app.use(`${API}/cities/:city`, cityCors);
  async function cityCors(c: Context, next: () => Promise<void>) {
    const from = c.req.header('origin');
    if (!from) return next();
    const slug = c.req.param('city') ?? '';
    const rt = config.cities.get(slug);
    const allowed = from === origin(c) || (rt?.city.allowedOrigins.some((o) => o.toLowerCase() === from.toLowerCase()) ?? false);
    if (c.req.method === 'OPTIONS') {
      if (!allowed) return json(c, 403, { code: 'forbidden', message: 'this origin may not embed this city' });
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': from,
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'Content-Type, Authorization, Idempotency-Key, Accept',
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
    }
    if (!allowed && c.req.method !== 'GET' && c.req.method !== 'HEAD') return json(c, 403, { code: 'forbidden', message: 'this origin may not embed this city' });
    await next();
    // (`/cities/:city/*` also matches `/cities/:city`: this may run twice on one request.)
    if (!/\bOrigin\b/.test(c.res.headers.get('Vary') ?? '')) c.res.headers.append('Vary', 'Origin');
    if (allowed) {
      c.res.headers.set('Access-Control-Allow-Origin', from);
      c.res.headers.set('Access-Control-Expose-Headers', 'Retry-After, X-Request-Id');
    }
  }
  // The admin API is same-origin only: a browser on another origin gets no CORS headers and a refused preflight.
  app.use(`${API}/admin/*`, async (c, next) => {
    const from = c.req.header('origin');
    if (from && from !== origin(c)) return json(c, 403, { code: 'forbidden', message: 'the admin API is not available cross-origin' });
    return next();
  });
  // A staff session token is looked up in the store on every request (revocations count at once, on every instance).
  app.use(`${API}/admin/*`, staffSessions(staff));

  // ---------------------------------------------------------------- residents' API

  let openapi: string | undefined;
  route('GET', `${API}/openapi.json`, (c) => {
    openapi ??= JSON.stringify(buildOpenApi());
    return c.body(openapi, 200, { 'content-type': JSON_TYPE, 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=300' });
  });

  // Checks the database too, so a load balancer takes an instance out while it cannot reach it.
  route('GET', `${API}/health`, async (c) => ((await core.store.ping()) ? json(c, 200, { ok: true }) : json(c, 503, { code: 'unavailable', message: 'the database is not reachable' })));

  route('GET', pattern(ROUTES.config(C)), async (c) => {
    // `?cycle=`: another cycle of the city than the current one (widgets with a `cycle` attribute).
    const body: CityConfig = await admin.config(c.req.param('city')!, c.req.query('cycle'));
    // Every page of the city asks for it: a validator lets the browser keep it and ask "changed?" (304, no body).
    // `no-cache`, not a max-age: a phase opens at a set instant and the answer must follow at once.
    const text = JSON.stringify(body);
    const headers = { ETag: await entityTag(text), 'Cache-Control': CONFIG_CACHE_CONTROL };
    if (notModified(c.req.header('if-none-match'), headers.ETag)) return c.body(null, 304, headers);
    return c.body(text, 200, { 'content-type': JSON_TYPE, ...headers });
  });

  route('GET', pattern(ROUTES.proposals(C)), async (c) =>
    c.body(await proposals.listJson(c.req.param('city')!, new URL(c.req.url).searchParams, origin(c)), 200, { 'content-type': JSON_TYPE }),
  );

  route('POST', pattern(ROUTES.proposals(C)), async (c) => {
    const slug = c.req.param('city')!;
    core.cityRuntime(slug);
    const key = requireIdempotencyKey(c.req.header('idempotency-key'));
    const r = await proposals.submit(slug, key, await jsonBody(c), ip(c), origin(c));
    return json(c, r.status, r.body);
  });

  route('GET', pattern(ROUTES.proposal(C, I)), async (c) => json(c, 200, await proposals.get(c.req.param('city')!, c.req.param('id')!, origin(c))));

  route('POST', pattern(ROUTES.photos(C)), async (c) => {
    const slug = c.req.param('city')!;
    core.cityRuntime(slug);
    const bytes = await readBytes(c, PROPOSAL_LIMITS.photoBytes);
    const photo = await proposals.uploadPhoto(slug, c.req.header('content-type'), c.req.query('name') ?? null, bytes, ip(c), origin(c));
    return json(c, 201, photo);
  });

  route('GET', `${API}/photos/:id`, async (c) => {
    const id = c.req.param('id')!;
    if (!/^ph_[A-Za-z0-9_-]{1,60}$/.test(id)) throw new HttpError('not_found', 'no such photo');
    const photo = await core.store.getPhoto(id);
    if (!photo || photo.proposalHidden) throw new HttpError('not_found', 'no such photo');
    return c.body(photo.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': photo.meta.type,
      'Content-Disposition': 'inline',
      'Content-Security-Policy': PHOTO_CSP,
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Cache-Control': 'public, max-age=3600',
    });
  });

  route('POST', pattern(ROUTES.verification(C)), async (c) => json(c, 201, await verification.start(c.req.param('city')!, await jsonBody(c), ip(c))));

  route('POST', pattern(ROUTES.resend(C, I)), async (c) => json(c, 201, await verification.resend(c.req.param('city')!, c.req.param('id')!, await jsonBody(c, true))));

  route('POST', pattern(ROUTES.confirm(C, I)), async (c) => json(c, 200, await verification.confirm(c.req.param('city')!, c.req.param('id')!, await jsonBody(c))));

  route('POST', pattern(ROUTES.signIn(C)), async (c) => json(c, 201, await verification.startSignIn(c.req.param('city')!, await jsonBody(c), ip(c), origin(c))));

  // The identity provider sends the browser here; the page (or redirect) hands the outcome back to the widget.
  route('GET', `${API}/oidc/callback`, async (c) => callbackResponse(await verification.finishSignIn(new URL(c.req.url)), 'resident'));

  route('POST', pattern(ROUTES.ballots(C)), async (c) => {
    const slug = c.req.param('city')!;
    core.cityRuntime(slug);
    const body = await jsonBody(c);
    const r = await ballots.cast(slug, c.req.header('authorization'), c.req.header('idempotency-key'), body, requireIdempotencyKey);
    return json(c, r.status, r.body);
  });

  route('GET', pattern(ROUTES.receipt(C, I)), async (c) => json(c, 200, await ballots.receipt(c.req.param('city')!, c.req.param('id')!, ip(c))));

  route('GET', pattern(ROUTES.results(C)), async (c) => json(c, 200, await results.results(c.req.param('city')!, c.req.query('cycle'))));

  route('GET', `${pattern(ROUTES.results(C))}.csv`, async (c) => {
    const slug = c.req.param('city')!;
    return c.body(await results.csv(slug, c.req.query('cycle')), 200, { 'content-type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${slug}-results.csv"` });
  });

  route('GET', `${pattern(ROUTES.results(C))}.pb`, async (c) => {
    const slug = c.req.param('city')!;
    const view = await results.visibleView(slug, c.req.query('cycle'));
    if (!resultsFinal(view.cycle, view.now)) throw new HttpError('phase_closed', pabulibClosedMessage(view.cycle));
    const pool = c.req.query('pool');
    return c.body(await results.pabulib(view, pool), 200, { 'content-type': 'text/plain; charset=utf-8', 'Content-Disposition': `attachment; filename="${pabulibFileName(slug, view.cycle.id, pool)}"` });
  });

  // ---------------------------------------------------------------- admin API

  const A = `${API}/admin/cities/:city`;
  // Every admin action needs a coordinator (or a config token); experts only read proposals (`reader`) and assess (routes/staff.ts).
  const actor = (c: Context) => adminActor(core, c);
  const reader = (c: Context) => adminActor(core, c, 'staff');

  route('GET', `${API}/admin/whoami`, (c) => json(c, 200, admin.whoami(adminActor(core, c, 'staff'))));
  route('GET', A, async (c) => {
    reader(c);
    return json(c, 200, await admin.config(c.req.param('city')!));
  });
  route('GET', `${A}/proposals`, async (c) => {
    reader(c);
    return json(c, 200, await admin.list(c.req.param('city')!, new URL(c.req.url).searchParams, origin(c)));
  });
  route('GET', `${A}/proposals/:id`, async (c) => {
    reader(c);
    return json(c, 200, await admin.get(c.req.param('city')!, c.req.param('id')!, origin(c)));
  });
  const proposalAction = (name: string, run: (a: ReturnType<typeof actor>, slug: string, id: string, body: unknown, origin: string) => Promise<unknown>) =>
    route('POST', `${A}/proposals/:id/${name}`, async (c) => {
      const a = actor(c);
      return json(c, 200, await run(a, c.req.param('city')!, c.req.param('id')!, await jsonBody(c), origin(c)));
    });
  proposalAction('status', (a, s, id, b, o) => admin.setStatus(a, s, id, b, o));
  proposalAction('cost', (a, s, id, b, o) => admin.setCost(a, s, id, b, o));
  proposalAction('merge', (a, s, id, b, o) => admin.merge(a, s, id, b, o));
  proposalAction('ballot', (a, s, id, b, o) => admin.placeOnBallot(a, s, id, b, o));
  proposalAction('visibility', (a, s, id, b, o) => admin.visibility(a, s, id, b, o));
  route('POST', `${A}/paper-ballots`, async (c) => {
    const a = actor(c);
    const key = requireIdempotencyKey(c.req.header('idempotency-key'));
    const r = await admin.paperBallots(a, c.req.param('city')!, key, await readJson(c, Math.max(config.jsonBodyLimit, PAPER_BALLOTS_BODY_LIMIT)));
    return json(c, r.status, r.body);
  });
  route('POST', `${A}/phases`, async (c) => {
    const a = actor(c);
    return json(c, 200, await admin.phase(a, c.req.param('city')!, await jsonBody(c)));
  });
  route('GET', `${A}/results`, async (c) => {
    actor(c);
    return json(c, 200, await results.compute(await core.view(c.req.param('city')!)));
  });
  route('POST', `${A}/results/apply`, async (c) => {
    const a = actor(c);
    return json(c, 200, await admin.applyResults(a, c.req.param('city')!, await jsonBody(c)));
  });
  route('GET', `${A}/export.pb`, async (c) => {
    const a = actor(c);
    const slug = c.req.param('city')!;
    const { text, fileName } = await admin.exportPb(a, slug, c.req.query('pool'));
    return c.body(text, 200, { 'content-type': 'text/plain; charset=utf-8', 'Content-Disposition': `attachment; filename="${fileName}"` });
  });
  // The voter list: CSV in (IIN, phone, optional district), a report of refused rows by line number out.
  route('GET', `${A}/voter-list`, async (c) => {
    actor(c);
    return json(c, 200, await voterList.summary(c.req.param('city')!));
  });
  route('PUT', `${A}/voter-list`, async (c) => json(c, 200, await voterList.upload(actor(c), c.req.param('city')!, 'replace', await readText(c, VOTER_LIST_BODY_LIMIT))));
  route('POST', `${A}/voter-list`, async (c) => json(c, 200, await voterList.upload(actor(c), c.req.param('city')!, 'amend', await readText(c, VOTER_LIST_BODY_LIMIT))));
  route('POST', `${A}/voter-list/remove`, async (c) => json(c, 200, await voterList.upload(actor(c), c.req.param('city')!, 'remove', await readText(c, VOTER_LIST_BODY_LIMIT))));
  route('DELETE', `${A}/voter-list`, async (c) => json(c, 200, await voterList.remove(actor(c), c.req.param('city')!)));

  mountAuthorRoutes({ route, pattern, jsonBody, ip, origin, staff: reader }, authors);

  route('GET', `${A}/audit`, async (c) => {
    actor(c);
    return json(c, 200, await admin.auditLog(c.req.param('city')!, new URL(c.req.url).searchParams));
  });

  // Named staff: sign-in, people, the council's assessment.
  mountStaffRoutes({ api: API, core, staff, assessment, route, jsonBody, ip, origin });

  // Following the winners: progress for residents (with Atom feeds), implementation records for the centre (coordinators).
  implementationRoutes(route, { api: API, core, implementation, actor, origin, jsonBody: (c) => jsonBody(c) });

  // ---------------------------------------------------------------- static files and fallbacks

  const demoDir = options.static?.demo;
  const distDir = options.static?.dist;
  app.notFound(async (c) => {
    const path = c.req.path;
    if (path === API || path.startsWith(`${API}/`)) {
      const match = known.find((k) => k.re.test(path));
      if (match && c.req.method !== 'OPTIONS') {
        c.set('route', 'method_not_allowed');
        return json(c, 405, { code: 'method_not_allowed', message: `use ${[...match.methods].join(' or ')}` });
      }
      return json(c, 404, { code: 'not_found', message: 'no such endpoint' });
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return json(c, 405, { code: 'method_not_allowed', message: 'static files are read-only' });
    if (distDir && (path === '/dist' || path.startsWith('/dist/'))) {
      const file = await readStatic(distDir, path.slice('/dist'.length));
      if (file) {
        return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
          'content-type': file.type,
          // The script tag's modules carry a hash of their content in their name (`ballot-3fA9x_Q.js`): they never change.
          'Cache-Control': /^\/dist\/qala\/[\w.-]+-[\w-]{7}\.js$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
          'Last-Modified': file.modified.toUTCString(),
          // The bundle is loaded by host pages on other origins (`<script type="module" src>` needs CORS).
          'Access-Control-Allow-Origin': '*',
          'Cross-Origin-Resource-Policy': 'cross-origin',
          // Pages and workers under dist/ (the offline demo, msw's worker) run under the page policy; the widgets'
          // scripts (`WIDGET_SCRIPT`) run in the host's page, under the host's policy, so they carry none.
          ...(WIDGET_SCRIPT.test(path) ? {} : { 'Content-Security-Policy': PAGE_CSP }),
          ...(file.type.startsWith('text/html') ? { 'X-Frame-Options': 'SAMEORIGIN' } : {}),
        });
      }
    }
    // The project centre (staff): its own build in dist/centre/, at /centre/.
    if (distDir && (path === '/centre' || path.startsWith('/centre/'))) {
      if (path === '/centre') return c.redirect('/centre/', 301);
      const file = await readStatic(`${distDir}/centre`, path.slice('/centre'.length));
      if (file) {
        return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
          'content-type': file.type,
          'Cache-Control': 'no-cache',
          'Last-Modified': file.modified.toUTCString(),
          'Content-Security-Policy': PAGE_CSP,
          // Staff only: no other site may frame it (an intranet embeds the element itself, not the page).
          ...(file.type.startsWith('text/html') ? { 'X-Frame-Options': 'SAMEORIGIN' } : {}),
        });
      }
    }
    if (demoDir) {
      const file = await readStatic(demoDir, path);
      if (file) {
        const html = file.type.startsWith('text/html');
        return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
          'content-type': file.type,
          'Cache-Control': 'no-cache',
          'Content-Security-Policy': PAGE_CSP,
          ...(html ? { 'X-Frame-Options': 'SAMEORIGIN' } : {}),
        });
      }
      if (path === '/' || path === '/index.html') {
        return c.body(await demoIndex(demoDir, API), 200, { 'content-type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP, 'X-Frame-Options': 'SAMEORIGIN' });
      }
    }
    return json(c, 404, { code: 'not_found', message: 'not found' });
  });

  return app;
}

export type { ServerConfig };
