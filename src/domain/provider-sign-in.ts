/**
 * A sign-in with the city's identity provider (OpenID Connect), a resident's (`server/services/verification.ts`) or a
 * staff member's (`server/services/staff.ts`): how long it may take from its start to its confirmation, and the
 * server's words when it took longer (410 `code_expired`), so the centre's mock times and refuses it alike. Like a
 * code's challenge, it is forgotten `CODE_TTL_MS` after that (`domain/one-time-code.ts`): then no such sign-in (404).
 */
export const SIGN_IN_TTL_MS = 10 * 60_000;
export const SIGN_IN_TOO_LONG = 'the sign-in took too long; start again';
