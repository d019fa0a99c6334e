/**
 * Web Worker entry that counts off the main thread, so a page never freezes
 * while 100 000 ballots are counted.
 *
 * ```ts
 * const worker = new Worker(new URL('../domain/counting/worker.js', import.meta.url), { type: 'module' });
 * worker.postMessage({ id: 1, input });           // input: TallyInput
 * worker.onmessage = ({ data }) => data.ok ? show(data.result) : fail(data.error);
 * ```
 *
 * Messages are structured clones: give costs, budget and points as strings or
 * numbers (a `Rational` instance would arrive without its methods). The reply
 * is `{ id, ok: true, result: TallyResult }` or `{ id, ok: false, error: { name, message } }`.
 */
import { tally, type TallyInput, type TallyResult } from './index.js';

export interface TallyRequest {
  id: number | string;
  input: TallyInput;
}

export type TallyReply = { id: number | string; ok: true; result: TallyResult } | { id: number | string; ok: false; error: { name: string; message: string } };

interface WorkerScope {
  addEventListener(type: 'message', listener: (event: { data: TallyRequest }) => void): void;
  postMessage(message: TallyReply): void;
}

/** Counts one request; exported so the message protocol can be tested without a worker. */
export function handleTallyRequest(request: TallyRequest): TallyReply {
  try {
    return { id: request.id, ok: true, result: tally(request.input) };
  } catch (e) {
    const error = e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
    return { id: request.id, ok: false, error };
  }
}

const scope = globalThis as unknown as Partial<WorkerScope> & { document?: unknown };
// Only listen inside a worker (no `document`), never when imported on a page or in Node.
if (typeof scope.addEventListener === 'function' && typeof scope.postMessage === 'function' && scope.document === undefined && typeof (globalThis as { process?: unknown }).process === 'undefined') {
  scope.addEventListener('message', (event) => scope.postMessage!(handleTallyRequest(event.data)));
}
