import { receiptMessages, sentMessages, signInMessages, voteMessages } from './messages.js';

/**
 * The ballot's parts that the first step does not need, each a module (and in
 * the script-tag build a chunk, `ballot.<name>-….js`) of its own: the voting
 * (choices, rules, review), fetched as soon as the first step shows; the SMS
 * code's step, fetched as soon as the IIN form shows (its texts are the
 * ballot's own); and the
 * rarely used ones, fetched when a resident is known to need them — the
 * ranking when the ballot is ranked, the receipt check when it is opened or
 * shown, the sign-in with an identity provider when the city verifies that way;
 * and the outbox with the steps of a cast ballot, fetched once the first step
 * shows (which never waits for it). The texts of each (`voteTexts`,
 * `receiptTexts`, `signInTexts`, `sentTexts`; the ranking's are the voting's)
 * are a catalogue of their own per language, fetched beside its module in the
 * language shown.
 */
export const ballotParts = {
  vote: () => import('./vote-part.js'),
  voteTexts: voteMessages,
  ranking: () => import('./ranking-controller.js'),
  receiptCheck: () => import('./receipt-check-controller.js'),
  receiptTexts: receiptMessages,
  code: () => import('./code-step.js'),
  signIn: () => import('./sign-in.js'),
  signInTexts: signInMessages,
  outbox: () => import('./outbox-part.js'),
  sentTexts: sentMessages,
};

export type BallotParts = typeof ballotParts;
