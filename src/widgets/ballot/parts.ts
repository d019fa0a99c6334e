/**
 * The ballot's rarely used parts, each a module (and in the script-tag build a
 * chunk, `ballot.<name>-….js`) of its own, fetched when a resident is known to
 * need it: the ranking when the ballot is ranked, the receipt check when it is
 * opened or shown, the sign-in with an identity provider when the city verifies that way.
 */
export const ballotParts = {
  ranking: () => import('./ranking-controller.js'),
  receiptCheck: () => import('./receipt-check-controller.js'),
  signIn: () => import('./sign-in.js'),
};

export type BallotParts = typeof ballotParts;
