import * as z from 'zod/mini';

/** The closed list of error codes any backend may answer with. */
export const ERROR_CODES = [
  'bad_request', // malformed JSON, wrong query parameter
  'validation_failed', // body parsed but a field is wrong; details.issues lists them
  'unauthorized', // no or bad bearer token
  'forbidden', // token valid but not for this city/cycle
  'not_found',
  'method_not_allowed',
  'payload_too_large',
  'request_timeout', // the body did not arrive in time (408; the connection is closed)
  'unsupported_media_type',
  'rate_limited',
  'phase_closed', // the action is not allowed in the current phase
  'over_cap', // cost over the category / pool cap
  'limit_reached', // per-author proposal limit
  'idempotency_key_required',
  'idempotency_key_reused', // same key, different body (422)
  'idempotency_in_progress', // same key, request still running (409)
  'invalid_iin',
  'not_eligible', // too young, outside the city
  'code_invalid',
  'code_expired',
  'code_locked', // too many wrong codes
  'too_many_codes', // sends per phone per hour
  'already_voted',
  'ballot_invalid', // ballot breaks the rule (caps, minimums); details.issues lists them
  'district_mismatch', // picks in a district pool of a district other than the voter's on the voter list; details.issues lists the pools
  'conflict',
  'internal',
  'unavailable',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/**
 * HTTP status of each error code. Every non-2xx answer is `{ code, message, details? }`;
 * the server and the msw mock both take the status from here, so they cannot drift.
 */
export const HTTP_STATUS_OF: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  idempotency_key_required: 400,
  unauthorized: 401,
  forbidden: 403,
  phase_closed: 403,
  not_eligible: 403,
  code_locked: 403,
  district_mismatch: 403,
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

/** One issue inside `details.issues`: a path into the request and a stable message code. */
export const FieldIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  params: z.optional(z.record(z.string(), z.unknown())),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

/** Every non-2xx answer has this body. */
export const ApiError = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.optional(
    z.object({
      issues: z.optional(z.array(FieldIssue)),
      retryAfter: z.optional(z.number()),
    }),
  ),
});
export type ApiError = z.infer<typeof ApiError>;
