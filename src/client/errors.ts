import { ERROR_CODES, FieldIssue, type ApiError, type ErrorCode } from '../contract/index.js';

/** What went wrong talking to a backend. `kind` says where; `code` is the server's code when there is one. */
export type QalaErrorKind = 'network' | 'timeout' | 'aborted' | 'validation' | 'server';

/** Statuses below 500 that ask to come back later, whoever answered them. */
const RETRYABLE_STATUSES: readonly number[] = [408, 425, 429];

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

  /**
   * Worth trying again later: lost connection, timeout, a request still in progress, or a status that says so
   * whatever the body (5xx, 408, 425 too early, 429: a proxy's or CDN's page too).
   */
  get retryable(): boolean {
    if (this.kind === 'network' || this.kind === 'timeout') return true;
    if (this.kind !== 'server' || this.status === undefined) return false;
    return this.status >= 500 || RETRYABLE_STATUSES.includes(this.status) || this.code === 'idempotency_in_progress';
  }

  static fromApi(status: number, body: ApiError): QalaError {
    return new QalaError('server', body.code, body.message, status, body.details?.issues ?? [], body.details?.retryAfter);
  }
}

const KINDS: readonly QalaErrorKind[] = ['network', 'timeout', 'aborted', 'validation', 'server'];

/**
 * Any rejection as a `QalaError`. A host's own backend (the script-tag build
 * exports no classes) may reject with a plain object shaped like one —
 * `{ code, message, kind?, status?, issues?, retryAfter? }` with a code from the
 * contract's list — and the widgets explain it just the same.
 */
export function toQalaError(error: unknown, fallback: ErrorCode = 'unavailable'): QalaError {
  if (error instanceof QalaError) return error;
  if (error && typeof error === 'object') {
    const e = error as Record<string, unknown>;
    if (typeof e.code === 'string' && (ERROR_CODES as readonly string[]).includes(e.code)) {
      const kind = KINDS.find((k) => k === e.kind) ?? 'server';
      const issues = Array.isArray(e.issues) ? e.issues.filter((i): i is FieldIssue => FieldIssue.safeParse(i).success) : [];
      return new QalaError(
        kind,
        e.code as ErrorCode,
        typeof e.message === 'string' ? e.message : e.code,
        typeof e.status === 'number' ? e.status : undefined,
        issues,
        typeof e.retryAfter === 'number' ? e.retryAfter : undefined,
      );
    }
    if (e.name === 'AbortError') return new QalaError('aborted', 'unavailable', 'aborted');
  }
  return new QalaError('network', fallback, error instanceof Error ? error.message : String(error));
}
