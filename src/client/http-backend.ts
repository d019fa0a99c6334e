import * as z from 'zod/mini';
import { AUTHOR_ROUTES } from '../contract/author-routes.js';
import {
  ApiError,
  CityConfig,
  OidcChallenge,
  type AuthorProposal,
  type AuthorProposals,
  type AuthorSession,
  type BallotInput,
  type Challenge,
  type FieldIssue,
  type OidcStartInput,
  type ProposalInput,
  type ProposalQuery,
  type Receipt,
  type ReceiptStatus,
  type Results,
  type VerificationConfirm,
  type VerificationStart,
  type VoterSession,
  type AuthorVerificationConfirm,
  type AuthorVerificationStart,
  type ProposalEditInput,
  type Photo,
  type Proposal,
  type ProposalPage,
} from '../contract/index.js';
import { ROUTES, proposalQueryString, type Backend, type RequestOptions, type UploadOptions } from './backend.js';
import { takeEarly } from './early.js';
import { QalaError } from './errors.js';

const OkBody = z.strictObject({ ok: z.literal(true) });

type Schema<T> = z.ZodMiniType<T>;

/**
 * The schemas of answers that only some widgets receive (the ballot's verification, vote and receipt check; an
 * author's proposals; the results), and the proposals' (no widget needs them before its first words), are imported when first needed, so the script tag's shared chunk, which every
 * page downloads, does not carry them: each chunk is fetched once, by the first request that needs it, while that
 * request is on its way. One whose fetch failed (a dead network) is asked for again by the next request that needs
 * it; the script tag's build asks under a fresh address then (`scripts/import-again.ts`), since Firefox keeps a
 * module whose fetch failed as failed until the page is reloaded.
 */
const ballotAnswers = () => import('./ballot-answers.js');
const authorAnswers = () => import('./author-answers.js');
const resultsAnswer = () => import('../contract/results.js');
/** A proposal as answered (the list's pages, one proposal, an uploaded photo): not needed before any page's first words. */
const proposalAnswers = () => import('../contract/proposal-record.js');
const ProposalAnswer = () => proposalAnswers().then((m) => m.Proposal);
const ProposalPageAnswer = () => proposalAnswers().then((m) => m.ProposalPage);
const PhotoAnswer = () => proposalAnswers().then((m) => m.Photo);

export interface HttpBackendOptions {
  /** API base, e.g. `https://pb.example.kz/api/v1` (a trailing slash is fine). */
  baseUrl: string;
  city: string;
  /** A cycle of the city other than the current one (last year's, while this year's runs): the config and results are that cycle's. */
  cycle?: string;
  /** Give up on one attempt after this long (a photo upload with progress: after four times this with nothing moving). */
  timeoutMs?: number;
  /** Further attempts after the first, only for requests that are safe to repeat. */
  retries?: number;
  /** First backoff delay; doubles each attempt, with full jitter. */
  backoffMs?: number;
  /** Longest single backoff delay. */
  maxBackoffMs?: number;
  fetch?: typeof fetch;
}

interface Call<T> {
  method: 'GET' | 'POST';
  path: string;
  /** The answer's schema, or a function that imports it (see `ballotAnswers`). */
  schema: Schema<T> | (() => Promise<Schema<T>>);
  body?: unknown;
  token?: string;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(new QalaError('aborted', 'unavailable', 'aborted'));
    }
    signal?.addEventListener('abort', abort, { once: true });
  });

/** Rejects when the signal aborts (for a request this client did not start, so cannot hand the signal to). */
function abortion(signal: AbortSignal): Promise<never> {
  const aborted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
  aborted.catch(() => {});
  return aborted;
}

/** The code of an error answer that is not our JSON error (a proxy's or CDN's page, an empty body). */
function codeOfStatus(status: number): 'request_timeout' | 'rate_limited' | 'unavailable' | 'bad_request' {
  if (status === 408) return 'request_timeout';
  if (status === 429) return 'rate_limited';
  if (status >= 500 || status === 425) return 'unavailable';
  return 'bad_request';
}

/** A schema module that cannot be fetched fails the request as a lost connection does (worth trying again). */
function importSchema<T>(load: () => Promise<Schema<T>>): Promise<Schema<T>> {
  const schema = load().catch(() => {
    throw new QalaError('network', 'unavailable', 'could not load the schema of the answer');
  });
  schema.catch(() => {}); // read only once an answer is here; a failed request never reads it
  return schema;
}

function issuesOf(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
}

/**
 * The default `Backend`: JSON over HTTP to the reference server (or any server
 * that honours its OpenAPI document). Every response is validated by the
 * contract, so a wrong answer becomes a `QalaError` of kind `validation`, never
 * a crash deeper in a widget.
 */
export class HttpBackend implements Backend {
  readonly city: string;
  readonly cycle: string | undefined;
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: HttpBackendOptions) {
    this.city = options.city;
    this.cycle = options.cycle || undefined;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.retries = options.retries ?? 3;
    this.backoffMs = options.backoffMs ?? 400;
    this.maxBackoffMs = options.maxBackoffMs ?? 8_000;
    this.fetchImpl = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  getConfig(o?: RequestOptions) {
    return this.get(ROUTES.config(this.city) + this.cycleQuery(), CityConfig, o);
  }

  listProposals(query: ProposalQuery, o?: RequestOptions) {
    return this.get(ROUTES.proposals(this.city) + proposalQueryString(query), ProposalPageAnswer, o);
  }

  getProposal(id: string, o?: RequestOptions) {
    return this.get(ROUTES.proposal(this.city, id), ProposalAnswer, o);
  }

  submitProposal(input: ProposalInput, idempotencyKey: string, o?: RequestOptions) {
    return this.post(ROUTES.proposals(this.city), ProposalAnswer, input, o, undefined, idempotencyKey);
  }

  startVerification(input: VerificationStart, o?: RequestOptions) {
    return this.post(ROUTES.verification(this.city), () => ballotAnswers().then((m) => m.Challenge), input, o);
  }

  resendCode(challengeId: string, o?: RequestOptions) {
    return this.post(ROUTES.resend(this.city, challengeId), () => ballotAnswers().then((m) => m.Challenge), {}, o);
  }

  confirmCode(challengeId: string, input: VerificationConfirm, o?: RequestOptions) {
    return this.post(ROUTES.confirm(this.city, challengeId), () => ballotAnswers().then((m) => m.VoterSession), input, o);
  }

  startSignIn(input: OidcStartInput, o?: RequestOptions) {
    return this.post(ROUTES.signIn(this.city), OidcChallenge, input, o);
  }

  apiOrigin(): string | null {
    try {
      return new URL(this.baseUrl, globalThis.location?.href).origin;
    } catch {
      return null;
    }
  }

  castBallot(token: string, ballot: BallotInput, idempotencyKey: string, o?: RequestOptions) {
    return this.post(ROUTES.ballots(this.city), () => ballotAnswers().then((m) => m.Receipt), ballot, o, token, idempotencyKey);
  }

  checkReceipt(code: string, o?: RequestOptions) {
    return this.get(ROUTES.receipt(this.city, code), () => ballotAnswers().then((m) => m.ReceiptStatus), o);
  }

  getResults(o?: RequestOptions) {
    return this.get(ROUTES.results(this.city) + this.cycleQuery(), () => resultsAnswer().then((m) => m.Results), o);
  }

  /**
   * GET a path under the API base (`/cities/…`), answer validated by `schema`, with this client's retries.
   * For a widget's own routes whose schemas should come with that widget only (`client/progress.ts`).
   */
  getJson<T>(path: string, schema: Schema<T>, o?: RequestOptions): Promise<T> {
    return this.get(path, schema, o);
  }

  startAuthorVerification(input: AuthorVerificationStart, o?: RequestOptions) {
    return this.post(AUTHOR_ROUTES.verification(this.city), () => authorAnswers().then((m) => m.Challenge), input, o);
  }

  resendAuthorCode(challengeId: string, o?: RequestOptions) {
    return this.post(AUTHOR_ROUTES.resend(this.city, challengeId), () => authorAnswers().then((m) => m.Challenge), {}, o);
  }

  confirmAuthorCode(challengeId: string, input: AuthorVerificationConfirm, o?: RequestOptions) {
    return this.post(AUTHOR_ROUTES.confirm(this.city, challengeId), () => authorAnswers().then((m) => m.AuthorSession), input, o);
  }

  myProposals(token: string, o?: RequestOptions) {
    return this.get(AUTHOR_ROUTES.proposals(this.city), () => authorAnswers().then((m) => m.AuthorProposals), o, token);
  }

  resubmitProposal(token: string, id: string, input: ProposalEditInput, idempotencyKey: string, o?: RequestOptions) {
    return this.post(AUTHOR_ROUTES.resubmit(this.city, id), () => authorAnswers().then((m) => m.AuthorProposal), input, o, token, idempotencyKey);
  }

  uploadAuthorPhoto(token: string, file: Blob, name: string, o: UploadOptions = {}) {
    // Always through the uploader: its timeout waits while bytes move (a flat one gave up on slow connections).
    return this.sendPhoto(`${AUTHOR_ROUTES.photos(this.city)}?name=${encodeURIComponent(name.slice(0, 200))}`, file, { ...o, onProgress: o.onProgress ?? (() => {}) }, token);
  }

  async signOutAuthor(token: string, o?: RequestOptions): Promise<void> {
    await this.post(AUTHOR_ROUTES.signOut(this.city), OkBody, {}, o, token);
  }

  private get<T>(path: string, schema: Call<T>['schema'], o?: RequestOptions, token?: string): Promise<T> {
    return this.call({ method: 'GET', path, schema, token, signal: o?.signal });
  }

  /** Repeated on failure only with an `idempotencyKey` (see `call`). */
  private post<T>(path: string, schema: Call<T>['schema'], body: unknown, o?: RequestOptions, token?: string, idempotencyKey?: string): Promise<T> {
    return this.call({ method: 'POST', path, schema, body, token, idempotencyKey, signal: o?.signal });
  }

  private cycleQuery(): string {
    return this.cycle ? `?cycle=${encodeURIComponent(this.cycle)}` : '';
  }

  downloadUrl(path: string): string | null {
    if (/^https?:\/\//.test(path)) return path;
    if (!path.startsWith('/')) return null;
    // Server-relative links are relative to the server's origin.
    return new URL(path, this.baseUrl.startsWith('http') ? this.baseUrl : globalThis.location?.href).href;
  }

  /** Photos go up as the raw image body; progress needs XMLHttpRequest where there is one. */
  uploadPhoto(file: Blob, name: string, o: UploadOptions = {}): Promise<Photo> {
    return this.sendPhoto(`${ROUTES.photos(this.city)}?name=${encodeURIComponent(name.slice(0, 200))}`, file, o);
  }

  private async sendPhoto(path: string, file: Blob, o: UploadOptions, token?: string): Promise<Photo> {
    if (typeof XMLHttpRequest === 'undefined' || !o.onProgress) {
      return this.post(path, PhotoAnswer, file, o, token);
    }
    const url = `${this.baseUrl}${path}`;
    // Both before the upload, side by side: one that cannot load fails it before anything was sent.
    const [schema, send] = await Promise.all([
      importSchema(PhotoAnswer),
      import('./upload.js').catch(() => {
        throw new QalaError('network', 'unavailable', 'could not load the uploader');
      }),
    ]);
    // Given up when nothing moves for a minute; a slow upload that keeps moving goes on (see `withProgress`).
    const { status, text } = await send.withProgress(url, file, this.timeoutMs * 4, o.onProgress, o.signal, token);
    o.onProgress(1);
    return this.interpret(status, text, schema);
  }

  private async call<T>(c: Call<T>): Promise<T> {
    const repeatable = c.method === 'GET' || c.idempotencyKey !== undefined;
    const attempts = repeatable ? this.retries + 1 : 1;
    let lastError: QalaError | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) {
        const cap = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (attempt - 1));
        const hinted = lastError?.retryAfter !== undefined ? lastError.retryAfter * 1000 : 0;
        await sleep(Math.max(hinted, Math.random() * cap), c.signal);
      }
      try {
        return await this.once(c);
      } catch (error) {
        if (!(error instanceof QalaError) || !error.retryable) throw error;
        // A server that asks for a longer wait than this client's own backoff (up to an hour) is waited out by the
        // caller, where the resident sees the wait and can cut it short (the outboxes), not hidden in here.
        if (error.retryAfter !== undefined && error.retryAfter * 1000 > this.maxBackoffMs) throw error;
        lastError = error;
      }
    }
    throw lastError!;
  }

  private async once<T>(c: Call<T>): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: BodyInit | undefined;
    if (c.body instanceof Blob) {
      body = c.body;
      headers['Content-Type'] = c.body.type || 'application/octet-stream';
    } else if (c.body !== undefined) {
      body = JSON.stringify(c.body);
      headers['Content-Type'] = 'application/json';
    }
    if (c.token) headers.Authorization = `Bearer ${c.token}`;
    if (c.idempotencyKey) headers['Idempotency-Key'] = c.idempotencyKey;
    // Asked for before the request goes out, so a schema of its own module arrives while the answer is on its way.
    const schema = typeof c.schema === 'function' ? importSchema(c.schema) : c.schema;
    // Except for a request that must not be sent twice (a POST without an idempotency key: an SMS code, a sign-in):
    // it goes out only once its schema is here, so a schema that cannot load fails it before anything was sent
    // and the resident's retry is safe.
    if (schema instanceof Promise && c.method === 'POST' && c.idempotencyKey === undefined) await schema;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = c.signal ? AbortSignal.any([c.signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    const url = `${this.baseUrl}${c.path}`;
    const ask = () => this.fetchImpl(url, { method: c.method, headers, body, signal, credentials: 'omit' });
    // The same request, already on its way from the script tag's loader (failing that, ask anew).
    const early = c.method === 'GET' && !c.token && typeof document !== 'undefined' ? takeEarly(new URL(url, document.baseURI).href) : undefined;
    try {
      response = await (early ? Promise.race([early.then((r) => (r.status < 500 ? r : ask()), ask), abortion(signal)]) : ask());
      text = await response.text();
    } catch (error) {
      if (c.signal?.aborted) throw new QalaError('aborted', 'unavailable', 'aborted');
      if (timeout.aborted) throw new QalaError('timeout', 'unavailable', `no answer within ${this.timeoutMs} ms`);
      throw new QalaError('network', 'unavailable', error instanceof Error ? error.message : 'network error');
    }
    const retryAfter = Number(response.headers.get('Retry-After'));
    return this.interpret(response.status, text, schema, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
  }

  private async interpret<T>(status: number, text: string, schema: Schema<T> | Promise<Schema<T>>, retryAfter?: number): Promise<T> {
    let json: unknown;
    let isJson = true;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      isJson = false;
    }
    // An error is classified by its status first: a proxy's or CDN's page (a 429 in HTML, a 408 with no body) is
    // still worth trying again; only our own JSON error says more (its code). See `QalaError.retryable`.
    if (status < 200 || status >= 300) {
      const parsed = isJson ? ApiError.safeParse(json) : null;
      if (parsed?.success) {
        const { code, message, details } = parsed.data;
        throw new QalaError('server', code, message, status, details?.issues ?? [], details?.retryAfter ?? retryAfter);
      }
      throw new QalaError('server', codeOfStatus(status), `server answered ${status}`, status, [], retryAfter);
    }
    if (!isJson) throw new QalaError('validation', 'bad_request', `response ${status} is not JSON`, status);
    const parsed = (schema instanceof Promise ? await schema : schema).safeParse(json);
    if (!parsed.success) throw new QalaError('validation', 'bad_request', 'the server answered with data that breaks the contract', status, issuesOf(parsed.error));
    return parsed.data;
  }
}
