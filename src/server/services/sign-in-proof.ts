import { randomBytes } from 'node:crypto';
import { sameDigest, type Keys } from '../crypto.js';

/**
 * Binds a sign-in with the identity provider to the browser the provider sent
 * back. Knowing a challenge's id proves nothing: whoever starts a sign-in knows
 * it, and can send its `authorizationUrl` to someone else. So the callback
 * makes a one-time secret and gives it only to the browser it answers (the
 * redirect's fragment, the popup page's message to `returnTo`'s origin); the
 * store keeps its keyed digest, bound to the challenge, set in the same write
 * as the outcome (a replayed callback gets none). Confirming needs the secret.
 */
export function newSignInProof(keys: Keys, purpose: string, challengeId: string): { proof: string; digest: string } {
  const proof = randomBytes(32).toString('base64url');
  return { proof, digest: keys.digest(purpose, `${challengeId}:${proof}`) };
}

/** Whether `given` is the proof the callback handed out for this challenge: keyed digests compared in constant time. */
export function signInProofMatches(keys: Keys, purpose: string, challengeId: string, stored: string | null, given: string | undefined): boolean {
  if (!stored || given === undefined) return false;
  return sameDigest(stored, keys.digest(purpose, `${challengeId}:${given}`));
}
