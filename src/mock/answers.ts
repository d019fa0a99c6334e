import { HttpResponse } from 'msw';
import { HTTP_STATUS_OF, type ApiError, type ErrorCode, type FieldIssue } from '../contract/index.js';

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
