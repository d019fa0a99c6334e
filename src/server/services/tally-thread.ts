/**
 * Counting off the event loop. MES with Add1 on a large, varied election can
 * take seconds; done on the main thread it would stall every request (ballots
 * included) while live results are recounted. Large pools go to one worker
 * thread; small ones are counted in place, where a thread would cost more than
 * it saves.
 */
import { Worker } from 'node:worker_threads';
import { tally, type TallyInput } from '../../domain/counting/index.js';
import type { PoolTally } from '../../domain/results-count.js';

/** Ballots in a pool from which it is counted on the worker thread. */
let threshold = 5_000;

/** For tests: count every pool on the thread (0), or never (Infinity). */
export function setOffThreadThreshold(ballots: number): void {
  threshold = ballots;
}

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, { resolve: (r: PoolTally) => void; reject: (e: Error) => void }>();

function failAll(error: Error): void {
  for (const p of pending.values()) p.reject(error);
  pending.clear();
  worker = null;
}

function thread(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./tally-thread.worker.mjs', import.meta.url));
  w.on('message', (m: { id: number; ok: boolean; result?: PoolTally; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (pending.size === 0) w.unref();
    if (m.ok) p.resolve(m.result!);
    else p.reject(new Error(m.error));
  });
  w.on('error', (e) => failAll(e));
  w.on('exit', (code) => failAll(new Error(`counting thread exited with ${code}`)));
  // Referenced only while a count is under way: an idle counting thread never keeps the process alive.
  w.unref();
  worker = w;
  return w;
}

export async function tallyPool(input: TallyInput): Promise<PoolTally> {
  if (input.ballots.length < threshold) return tally(input);
  const id = ++nextId;
  return new Promise<PoolTally>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    const w = thread();
    w.ref();
    w.postMessage({ id, input });
  });
}
