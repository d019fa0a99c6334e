/**
 * The ballot's outbox (`client/outbox.ts`), in a module (and in the script-tag
 * build a chunk, `ballot.outbox-part-….js`) of its own: the first step does not
 * need it, so it is fetched once that step shows, and whatever needs the outbox
 * (the end of a verification, the review's "Send") waits for it.
 */
export { Outbox } from '../../client/outbox.js';
