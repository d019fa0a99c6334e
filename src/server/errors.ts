import { HTTP_STATUS_OF, issuesFromZod, type ApiError, type ErrorCode, type FieldIssue, type ZodIssueLike } from '../contract/index.js';
import { invalidFieldsRefusal } from '../domain/invalid-fields.js';

export { issuesFromZod };


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
    this.status = HTTP_STATUS_OF[code];
  }

  toBody(): ApiError {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export const fail = (code: ErrorCode, message: string, details?: ErrorDetails): never => {
  throw new HttpError(code, message, details);
};

/** A refusal worded by a shared module (`domain/*`, the mock's words too) as the server's 400 `validation_failed`. */
export function refusedFields(refusal: { message: string; issues: FieldIssue[] }): HttpError {
  return new HttpError('validation_failed', refusal.message, { issues: refusal.issues });
}

/** One line per problem, for people reading a config error: `cities[0].timeZone: timezone.invalid`. */
export function describeIssue(issue: FieldIssue): string {
  const path = issue.path.map((p, k) => (typeof p === 'number' ? `[${p}]` : k === 0 ? p : `.${p}`)).join('') || '(root)';
  const params = issue.params ? ` ${JSON.stringify(issue.params)}` : '';
  return `${path}: ${issue.message}${params}`;
}

export function validationError(error: { issues: ReadonlyArray<ZodIssueLike> }, prefix: (string | number)[] = []): HttpError {
  return refusedFields(invalidFieldsRefusal(error, prefix));
}
