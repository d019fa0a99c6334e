import type { ApiError, ErrorCode, FieldIssue } from '../contract/index.js';

/** HTTP status of each error code. Every non-2xx answer is `{ code, message, details? }`. */
export const STATUS_OF: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  idempotency_key_required: 400,
  unauthorized: 401,
  forbidden: 403,
  phase_closed: 403,
  not_eligible: 403,
  code_locked: 403,
  not_found: 404,
  method_not_allowed: 405,
  already_voted: 409,
  idempotency_in_progress: 409,
  conflict: 409,
  limit_reached: 409,
  code_expired: 410,
  request_timeout: 408,
  payload_too_large: 413,
  unsupported_media_type: 415,
  over_cap: 422,
  ballot_invalid: 422,
  invalid_iin: 422,
  idempotency_key_reused: 422,
  code_invalid: 422,
  rate_limited: 429,
  too_many_codes: 429,
  internal: 500,
  unavailable: 503,
};

export interface ErrorDetails {
  issues?: FieldIssue[];
  retryAfter?: number;
  [key: string]: unknown;
}

/** A refusal the client caused or may act on; anything else thrown becomes a bare 500 `internal`. */
export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.status = STATUS_OF[code];
  }

  toBody(): ApiError {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export const fail = (code: ErrorCode, message: string, details?: ErrorDetails): never => {
  throw new HttpError(code, message, details);
};

type ZodIssueLike = { readonly path: ReadonlyArray<PropertyKey>; readonly message: string; readonly code?: string };

/**
 * A zod error as field issues with stable message codes, never the offending
 * value: the schema's own codes (`text.too_long`, `phone.invalid`) stay; zod's
 * built-in checks become `schema.<kind>` with the limit in `params`.
 */
export function issuesFromZod(error: { issues: ReadonlyArray<ZodIssueLike> }, prefix: (string | number)[] = []): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const i = issue as ZodIssueLike & Record<string, unknown>;
    if (out.length >= 50) break;
    const path = [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (i.code === 'unrecognized_keys' && Array.isArray(i.keys)) {
      for (const key of i.keys.slice(0, 10)) out.push({ path: [...path, String(key).slice(0, 64)], message: 'schema.unrecognized_key' });
      continue;
    }
    if (/^[a-z_]+(\.[a-z_]+)+$/.test(i.message)) {
      const params = i.params && typeof i.params === 'object' ? (i.params as Record<string, unknown>) : undefined;
      out.push(params ? { path, message: i.message, params } : { path, message: i.message });
      continue;
    }
    const params: Record<string, unknown> = {};
    if (typeof i.maximum === 'number' || typeof i.maximum === 'bigint') params.max = Number(i.maximum);
    if (typeof i.minimum === 'number' || typeof i.minimum === 'bigint') params.min = Number(i.minimum);
    if (typeof i.expected === 'string') params.expected = i.expected;
    if (typeof i.format === 'string') params.format = i.format;
    out.push(Object.keys(params).length ? { path, message: `schema.${i.code ?? 'invalid'}`, params } : { path, message: `schema.${i.code ?? 'invalid'}` });
  }
  return out;
}

/** One line per problem, for people reading a config error: `cities[0].timeZone: timezone.invalid`. */
export function describeIssue(issue: FieldIssue): string {
  const path = issue.path.map((p, k) => (typeof p === 'number' ? `[${p}]` : k === 0 ? p : `.${p}`)).join('') || '(root)';
  const params = issue.params ? ` ${JSON.stringify(issue.params)}` : '';
  return `${path}: ${issue.message}${params}`;
}

export function validationError(error: { issues: ReadonlyArray<ZodIssueLike> }, prefix: (string | number)[] = []): HttpError {
  return new HttpError('validation_failed', 'the request has invalid fields', { issues: issuesFromZod(error, prefix) });
}
