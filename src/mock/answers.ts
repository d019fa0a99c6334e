import { HttpResponse, http as msw, type HttpHandler, type HttpRequestHandler } from 'msw';
import { HTTP_STATUS_OF, type ApiError, type ErrorCode, type FieldIssue, type ZodIssueLike } from '../contract/index.js';
import { setAnswerHeaders } from '../domain/answer-headers.js';
import { JSON_BODY_LIMIT, TEXT_BODY_REFUSAL, bodyTooLarge } from '../domain/body-limit.js';
import { emptyBodyRefusal } from '../domain/empty-body.js';
import { CODE_TTL_MS, RESEND_AFTER_MS } from '../domain/one-time-code.js';

export { CODE_TTL_MS, RESEND_AFTER_MS };
import { idempotencyKeyRefusal } from '../domain/idempotency-key.js';
import { invalidFieldsRefusal } from '../domain/invalid-fields.js';
import { JSON_TEXT_REFUSAL, parseJsonText } from '../domain/json-text.js';

/**
 * A mock's answer with what the server's answers carry besides their body: JSON and text said to be UTF-8, as the
 * server types them, and the headers its outermost middleware sets (`setAnswerHeaders`: no sniffing, no referrer,
 * `no-store` unless the handler said how it may be kept, the API's policy unless it set its own; HSTS over HTTPS).
 * The server's request id is left out: nothing reads it but its logs. msw's passthrough is not an answer and is left
 * as it is.
 */
export function asServerAnswers(response: Response, request: Request): Response {
  if (response.headers.has('x-msw-intention')) return response;
  const type = response.headers.get('Content-Type');
  if (type && /^(application\/json|text\/[\w.+-]+)$/i.test(type.trim())) response.headers.set('Content-Type', `${type.trim()}; charset=utf-8`);
  setAnswerHeaders(response.headers, { policies: true, https: new URL(request.url).protocol === 'https:' });
  return response;
}

/** How a route is declared with msw (`http.get(path, resolver, options)`), with the types its generics carry left out. */
type Declare = (predicate: unknown, resolver: (info: { request: Request }) => unknown, options?: unknown) => HttpHandler;

/**
 * One of msw's declarations (`http.get`, …) whose answers, returned or thrown, are given the server's headers. msw
 * types a resolver's answer by the route's generic body types, which an answer keeps here; so it is declared loosely
 * inside and typed as msw's outside, for the handlers that name those types.
 */
function answering(declare: HttpRequestHandler): HttpRequestHandler {
  const loose = declare as unknown as Declare;
  const answered: Declare = (predicate, resolver, options) =>
    loose(
      predicate,
      async (info) => {
        let result: unknown;
        try {
          result = await resolver(info);
        } catch (thrown) {
          // msw answers with a Response a resolver throws: it is an answer too.
          if (thrown instanceof Response) throw asServerAnswers(thrown, info.request);
          throw thrown;
        }
        return result instanceof Response ? asServerAnswers(result, info.request) : result;
      },
      options,
    );
  return answered as unknown as HttpRequestHandler;
}

/**
 * msw's `http`, answering with the server's headers (`asServerAnswers`): the mocks declare their routes with this one
 * instead of msw's, so no handler can forget them. What else a mock file takes from msw for its answers is passed on
 * from here too, so that moving a file onto this `http` changes where it imports them from, nothing else.
 */
export const http: typeof msw = {
  all: answering(msw.all),
  head: answering(msw.head),
  get: answering(msw.get),
  post: answering(msw.post),
  put: answering(msw.put),
  delete: answering(msw.delete),
  patch: answering(msw.patch),
  options: answering(msw.options),
};
export { HttpResponse, type HttpHandler };

/**
 * Error answers as the reference server gives them: `{ code, message,
 * details? }` with the HTTP status the contract assigns to the code
 * (`HTTP_STATUS_OF`, which the server's errors use too), so a handler cannot
 * answer a status of its own.
 */
export function refusal(code: ErrorCode, message: string, issues?: FieldIssue[]): { status: number; body: ApiError } {
  return { status: HTTP_STATUS_OF[code], body: { code, message, ...(issues ? { details: { issues } } : {}) } };
}

/** `refusal` as a response. */
export function fail(code: ErrorCode, message: string, issues?: FieldIssue[]): HttpResponse<ApiError> {
  const { status, body } = refusal(code, message, issues);
  return HttpResponse.json(body, { status });
}

/** Fields that fail their schema: 400 `validation_failed` in the server's words (`validationError`), with its issues (under `prefix`). */
export function invalidFields(error: { issues: ReadonlyArray<ZodIssueLike> }, prefix: (string | number)[] = []): HttpResponse<ApiError> {
  const { message, issues } = invalidFieldsRefusal(error, prefix);
  return fail('validation_failed', message, issues);
}

/** The Idempotency-Key header refused as the server refuses it (`requireIdempotencyKey`: missing, malformed), or null when it will do. */
export function keyRefused(request: Request): HttpResponse<ApiError> | null {
  const refused = idempotencyKeyRefusal(request.headers.get('Idempotency-Key'));
  if (!refused) return null;
  return refused.code === 'validation_failed' ? fail(refused.code, refused.message, refused.issues) : fail(refused.code, refused.message);
}

/** A wrong one-time code, as the server's `checkCode` (server/services/one-time-codes.ts): 422 with the attempts left, in the details and in the issue. */
export function wrongCode(attemptsLeft: number) {
  const { status, body } = refusal('code_invalid', 'the code is not right', [{ path: ['code'], message: 'code.invalid', params: { attemptsLeft } }]);
  return HttpResponse.json({ ...body, details: { attemptsLeft, ...body.details } }, { status });
}

/** A new code asked for before its time (`sentAt`, ms since the epoch): 429 with the wait, as the server; null when it is due. */
export function resendTooSoon(sentAt: number): HttpResponse<ApiError> | null {
  const wait = sentAt + RESEND_AFTER_MS - Date.now();
  if (wait <= 0) return null;
  const { status, body } = refusal('rate_limited', 'wait before asking for a new code');
  const seconds = Math.ceil(wait / 1000);
  return HttpResponse.json({ ...body, details: { retryAfter: seconds } }, { status, headers: { 'retry-after': String(seconds) } });
}



/** Proposals in the order the server's store lists them (`ORDER BY created_at, id`): oldest first, then by id. */
export const oldestFirst = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number =>
  Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A challenge whose code expired as long ago again: the server no longer finds it (its services' `find`: 404). */
export const challengeGone = (expiresAt: number): boolean => expiresAt <= Date.now() - CODE_TTL_MS;

/** A code typed once its challenge's `expiresAt` has come, as the server's `checkCode` (which deletes the challenge): 410; null while it is good. */
export function codeExpired(expiresAt: number): HttpResponse<ApiError> | null {
  return Date.now() >= expiresAt ? fail('code_expired', 'the code has expired; ask for a new one') : null;
}

/**
 * The raw body the way the server reads it (`readBytes` in `server/http.ts`):
 * refused when over `limit` bytes, whatever its type.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | Response> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  return bytes.byteLength > limit ? fail('payload_too_large', bodyTooLarge(limit)) : bytes;
}

/**
 * A body the way the server reads it (`readJson` in `server/http.ts`): at most
 * `limit` bytes (the server's default `jsonBodyLimit`), then JSON only, and
 * well formed, else its refusal. The server reads the body before it looks at
 * anything else, so a handler that mirrors it must too. An `optional` body may
 * be empty, of any type (`json` is then undefined).
 */
export async function readJsonBody(request: Request, o: { limit?: number; optional?: boolean } = {}): Promise<{ text: string; json: unknown } | Response> {
  const bytes = await readBody(request, o.limit ?? JSON_BODY_LIMIT);
  if (bytes instanceof Response) return bytes;
  if (bytes.byteLength === 0 && o.optional) return { text: '', json: undefined };
  const type = (request.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return fail('unsupported_media_type', 'send the body as application/json');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('bad_request', JSON_TEXT_REFUSAL.utf8);
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) return fail('bad_request', JSON_TEXT_REFUSAL[parsed.problem]);
  return { text, json: parsed.value };
}

/**
 * The body of "send the code again" as the server reads it: empty or `{}`,
 * read as any JSON body is first (`domain/empty-body.ts`); null when it is.
 */
export async function readEmptyBody(request: Request): Promise<Response | null> {
  const read = await readJsonBody(request, { optional: true });
  if (read instanceof Response) return read;
  const refused = emptyBodyRefusal(read.json);
  return refused ? fail('validation_failed', refused.message, refused.issues) : null;
}

/**
 * A text body (a voter list's CSV) the way the server reads it (`readText` in
 * `server/http.ts`): at most `limit` bytes whatever its type, then `text/csv`
 * or `text/plain` only, and valid UTF-8, else its refusal.
 */
export async function readTextBody(request: Request, limit: number): Promise<string | Response> {
  const bytes = await readBody(request, limit);
  if (bytes instanceof Response) return bytes;
  const type = (request.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'text/csv' && type !== 'text/plain') return fail('unsupported_media_type', TEXT_BODY_REFUSAL.type);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('bad_request', TEXT_BODY_REFUSAL.utf8);
  }
}
