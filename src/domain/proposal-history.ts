import { HISTORY_MAX, type StatusChange } from '../contract/index.js';

/**
 * A proposal's history with `entry` added, kept within the contract's `HISTORY_MAX` entries: once it is full, the
 * oldest entry after the first (the submission) makes room. The server's rule (`services/admin.ts`, `authors.ts`) and
 * the centre's mock's.
 */
export function withEntry(history: readonly StatusChange[], entry: StatusChange): StatusChange[] {
  return [...(history.length >= HISTORY_MAX ? [history[0]!, ...history.slice(2)] : history), entry];
}
