/** The counting thread: one `tally` per message, so a long count never blocks the server's event loop. */
import { parentPort } from 'node:worker_threads';
import { tally, type TallyInput } from '../../domain/counting/index.js';

parentPort!.on('message', ({ id, input }: { id: number; input: TallyInput }) => {
  try {
    const { selected, votes, explanations, cost, add1 } = tally(input);
    parentPort!.postMessage({ id, ok: true, result: { selected, votes, explanations, cost, ...(add1 ? { add1 } : {}) } });
  } catch (error) {
    parentPort!.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
