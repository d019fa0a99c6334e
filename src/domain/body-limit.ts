/**
 * How large a request body the reference server reads, shared with the mock so
 * both refuse the same bodies, with the same words: 413 `payload_too_large` as
 * soon as a body is over its limit, before its type or content is looked at.
 * A photo's limit is the contract's `PROPOSAL_LIMITS.photoBytes`.
 */

/** A JSON body's limit when the server's config sets no `jsonBodyLimit`. */
export const JSON_BODY_LIMIT = 256 * 1024;

/** The least a batch of paper ballots may be (a desk's evening of them); the limit is this or `jsonBodyLimit`, the larger. */
export const PAPER_BALLOTS_BODY_LIMIT = 1024 * 1024;

/** A voter list's CSV (a city's whole register). */
export const VOTER_LIST_BODY_LIMIT = 32 * 1024 * 1024;

/** The words of a body over `limit` bytes. */
export function bodyTooLarge(limit: number): string {
  return `the body may be at most ${limit} bytes`;
}

/** The words of a refused text body (a voter list's CSV): another type (415), bytes that are not UTF-8 (400). */
export const TEXT_BODY_REFUSAL = {
  type: 'send the list as text/csv',
  utf8: 'the file is not valid UTF-8; save it from the spreadsheet as "CSV UTF-8"',
} as const;
