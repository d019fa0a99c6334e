import { issuesFromZod, type ApiError, type ErrorCode, type FieldIssue, type ZodIssueLike } from '../contract/index.js';

export { issuesFromZod };

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

/** One line per problem, for people reading a config error: `cities[0].timeZone: timezone.invalid`. */
export function describeIssue(issue: FieldIssue): string {
  const path = issue.path.map((p, k) => (typeof p === 'number' ? `[${p}]` : k === 0 ? p : `.${p}`)).join('') || '(root)';
  const params = issue.params ? ` ${JSON.stringify(issue.params)}` : '';
  return `${path}: ${issue.message}${params}`;
}

export function validationError(error: { issues: ReadonlyArray<ZodIssueLike> }, prefix: (string | number)[] = []): HttpError {
  return new HttpError('validation_failed', 'the request has invalid fields', { issues: issuesFromZod(error, prefix) });
}
