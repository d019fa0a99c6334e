/**
 * The one-time codes' rules (SMS and e-mail codes of residents, authors and staff): shared by the server
 * (`server/services/one-time-codes.ts`) and the mocks, so both time and count them alike.
 */
export const CODE_LENGTH = 6;
/** How long a code is good for; a challenge is forgotten as long again after that. */
export const CODE_TTL_MS = 10 * 60_000;
/** How long after a code another may be sent. */
export const RESEND_AFTER_MS = 60_000;
/** Wrong codes a challenge takes before it is locked (and deleted). */
export const ATTEMPTS = 5;
