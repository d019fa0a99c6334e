/**
 * How large a request body the reference server reads, shared with the mock so
 * both refuse the same bodies, with the same words: 413 `payload_too_large` as
 * soon as a body is over its limit, before its type or content is looked at.
 * A photo's limit is the contract's `PROPOSAL_LIMITS.photoBytes`.
 */

/** A JSON body's limit when the server's config sets no `jsonBodyLimit`. */
export const JSON_BODY_LIMIT = 256 * 1024;

/** The words of a body over `limit` bytes. */
export function bodyTooLarge(limit: number): string {
  return `the body may be at most ${limit} bytes`;
}
