import * as z from 'zod/mini';

/**
 * The way back from the city's identity provider (voters and staff alike): the
 * popup's message, the redirect's fragment and the one-time proof they carry.
 * A module of its own: only the ballot's sign-in, the centre and the server use
 * it, so the other widgets' pages do not download it.
 */

/** What the sign-in window posts to the page that opened it, and what a redirect back carries in its fragment. */
export const OIDC_MESSAGE = 'qala-oidc';

/**
 * The one-time secret the provider's callback hands to the browser it came
 * back to, and to no one else: in the popup page's message to the opener (on
 * `returnTo`'s origin only) or in the redirect's fragment (never sent to a
 * server). Confirming a sign-in needs it, so whoever started a sign-in and
 * lured someone else through it gets nothing. Never put in a query, storage,
 * logs or events.
 */
export const OidcProof = z.string().check(z.regex(/^[A-Za-z0-9_-]{20,100}$/, 'proof.format'));
export type OidcProof = z.infer<typeof OidcProof>;

/** The popup callback page's message to the page that opened it. */
export interface OidcMessage {
  type: typeof OIDC_MESSAGE;
  challengeId: string | null;
  outcome: string;
  /** Absent when the callback recorded nothing (an unknown, expired or replayed sign-in). */
  proof?: string;
}

const OIDC_FRAGMENT = new RegExp(`^#${OIDC_MESSAGE}=([A-Za-z0-9][A-Za-z0-9_.-]{0,63})(?:&proof=([A-Za-z0-9_-]{20,100}))?$`);

/** The fragment a redirect back carries: `#qala-oidc=<challengeId>&proof=<proof>`. */
export function oidcFragment(challengeId: string, proof: string | null): string {
  return `#${OIDC_MESSAGE}=${challengeId}${proof ? `&proof=${proof}` : ''}`;
}

/** Reads a redirect back's fragment (`location.hash`); null when it is not one. */
export function readOidcFragment(hash: string): { challengeId: string; proof: string | null } | null {
  const match = OIDC_FRAGMENT.exec(hash);
  return match ? { challengeId: match[1]!, proof: match[2] ?? null } : null;
}
