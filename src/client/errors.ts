import type { ApiError, ErrorCode, FieldIssue } from '../contract/index.js';

/** What went wrong talking to a backend. `kind` says where; `code` is the server's code when there is one. */
export type QalaErrorKind = 'network' | 'timeout' | 'aborted' | 'validation' | 'server';

export class QalaError extends Error {
  override readonly name = 'QalaError';
  constructor(
    readonly kind: QalaErrorKind,
    /** The server's error code, or `unavailable` for network/timeout, `bad_request` for a response that broke the contract. */
    readonly code: ErrorCode,
    message: string,
    readonly status?: number,
    /** Field issues from `details.issues` (server) or from validating a response (validation). */
    readonly issues: FieldIssue[] = [],
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  /** Worth trying again later: lost connection, timeout, 5xx, 429, or a request still in progress. */
  get retryable(): boolean {
    if (this.kind === 'network' || this.kind === 'timeout') return true;
    if (this.kind !== 'server' || this.status === undefined) return false;
    return this.status >= 500 || this.status === 429 || this.code === 'idempotency_in_progress';
  }

  static fromApi(status: number, body: ApiError): QalaError {
    return new QalaError('server', body.code, body.message, status, body.details?.issues ?? [], body.details?.retryAfter);
  }
}
