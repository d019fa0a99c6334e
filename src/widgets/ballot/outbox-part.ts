/**
 * The ballot's outbox (`client/outbox.ts`) and the steps only a cast ballot
 * reaches (`sent-steps.ts`: sending, waiting, refused, received), in a module
 * (and in the script-tag build a chunk, `ballot.outbox-part-….js`) of their
 * own: the first step needs neither, so they are fetched once that step shows,
 * their texts (`messages/sent/`) beside them, and whatever needs the outbox
 * (the end of a verification, the review's "Send") waits for them.
 */
export { Outbox } from '../../client/outbox.js';
export { SentSteps } from './sent-steps.js';
