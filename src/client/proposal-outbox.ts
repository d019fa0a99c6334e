import type { Photo, Proposal, ProposalInput } from '../contract/index.js';
import type { Backend } from './backend.js';
import type { Connectivity } from './drafts.js';
import { toQalaError, type QalaError } from './errors.js';

/**
 * Sending side of the proposal form, a module of its own: a form fetches it
 * once it is drawn (in idle time), not with its first paint. Its drafts and
 * the connectivity it listens to from the start stay in `drafts.ts`.
 */
export type { Connectivity };

export interface OutboxPhoto {
  localId: string;
  blob: Blob;
  name: string;
  uploaded?: Photo;
}

/** One submission: validated fields (photo ids are filled in after upload) and the key that makes retries safe. */
export interface OutboxJob {
  key: string;
  input: Omit<ProposalInput, 'photos'> & { photos: string[] };
  photos: OutboxPhoto[];
}

export type SubmissionState =
  | { kind: 'sending' }
  | { kind: 'waiting'; reason: 'offline' | 'error'; attempt: number; retryAt: number | null; error?: QalaError }
  | { kind: 'done'; proposal: Proposal }
  /** The key was already used with another body: an earlier attempt reached the server. */
  | { kind: 'duplicate' }
  /** The backend said no for good (validation, phase closed, …); `photo` names the photo it refused. */
  | { kind: 'failed'; error: QalaError; photo?: string }
  | { kind: 'cancelled' };

export type FinalState = Extract<SubmissionState, { kind: 'done' | 'duplicate' | 'failed' | 'cancelled' }>;

export interface OutboxCallbacks {
  onState?(state: SubmissionState): void;
  onPhotoProgress?(localId: string, fraction: number): void;
  onPhotoUploaded?(localId: string, photo: Photo): void;
}

export interface OutboxOptions {
  /** Whether the browser is online (`browserConnectivity()` from `drafts.ts`, listened to from the form's start). */
  connectivity: Connectivity;
  /** First retry delay; doubles each attempt up to `maxDelayMs`, with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

/** Delay before retry number `attempt` (1-based): exponential, capped, with jitter in [½, 1]. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}


/**
 * Sends one proposal at a time. Photos that are not uploaded yet go first (with
 * progress), then the proposal with its Idempotency-Key. A lost connection, a
 * timeout, 5xx or 429 keeps the job and retries: when the browser comes back
 * online, after a backoff, or on `retryNow()`. The same key and body are sent
 * every time, so the server creates the proposal at most once.
 */
export class ProposalOutbox {
  private job: OutboxJob | null = null;
  private running: Promise<FinalState> | null = null;
  private wake: (() => void) | null = null;
  private cancelled = false;
  /** The resident pressed "send now": the next turn tries even where the browser says it is offline. */
  private forced = false;
  private abort: AbortController | null = null;
  private readonly connectivity: Connectivity;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly backend: Backend,
    private readonly options: OutboxOptions,
  ) {
    this.connectivity = options.connectivity;
    this.unsubscribe = this.connectivity.subscribe((online) => {
      if (online) this.wake?.();
    });
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** The job in flight, if any (the same object that was passed to `send`). */
  get current(): OutboxJob | null {
    return this.job;
  }

  /** Starts sending; while a job runs, returns that job's promise instead of starting another. */
  send(job: OutboxJob, callbacks: OutboxCallbacks = {}): Promise<FinalState> {
    if (this.running) return this.running;
    this.job = job;
    this.cancelled = false;
    this.forced = false;
    this.running = this.run(job, callbacks).finally(() => {
      this.running = null;
      this.job = null;
      this.abort = null;
    });
    return this.running;
  }

  /**
   * Skip the wait and try now, once, even where the browser believes it is offline (its flag can be wrong, and a
   * "send now" that does nothing is a dead button); a failure waits again as before.
   */
  retryNow(): void {
    if (!this.wake) return; // not waiting: a request is on its way, or nothing is being sent
    this.forced = true;
    this.wake?.();
  }

  /** Stops waiting. A request already on the wire is aborted; its key stays valid. */
  cancel(): void {
    this.cancelled = true;
    this.abort?.abort();
    this.wake?.();
  }

  dispose(): void {
    this.cancel();
    this.unsubscribe();
  }

  private async run(job: OutboxJob, cb: OutboxCallbacks): Promise<FinalState> {
    const base = this.options.baseDelayMs ?? 2000;
    const max = this.options.maxDelayMs ?? 60_000;
    let attempt = 0;
    let reuploaded = false;
    for (;;) {
      if (this.cancelled) return this.finish({ kind: 'cancelled' }, cb);
      const forced = this.forced;
      this.forced = false;
      if (!forced && !this.connectivity.online) {
        cb.onState?.({ kind: 'waiting', reason: 'offline', attempt, retryAt: null });
        await this.sleep(null);
        continue;
      }
      cb.onState?.({ kind: 'sending' });
      this.abort = new AbortController();
      const signal = this.abort.signal;
      let photo: string | undefined;
      try {
        for (const p of job.photos) {
          if (p.uploaded) continue;
          photo = p.localId;
          p.uploaded = await this.backend.uploadPhoto(p.blob, p.name, {
            signal,
            onProgress: (f) => cb.onPhotoProgress?.(p.localId, f),
          });
          cb.onPhotoUploaded?.(p.localId, p.uploaded);
        }
        photo = undefined;
        const input: ProposalInput = { ...job.input, photos: job.photos.map((p) => p.uploaded!.id) } as ProposalInput;
        const proposal = await this.backend.submitProposal(input, job.key, { signal });
        return this.finish({ kind: 'done', proposal }, cb);
      } catch (e) {
        const error = toQalaError(e);
        if (this.cancelled) return this.finish({ kind: 'cancelled' }, cb);
        if (error.code === 'idempotency_key_reused') return this.finish({ kind: 'duplicate' }, cb);
        if (!reuploaded && error.issues.some((i) => i.message === 'photos.unknown')) {
          // The server let go of photos uploaded long ago (a submission that waited offline for days): send them again, once.
          reuploaded = true;
          for (const p of job.photos) delete p.uploaded;
          continue;
        }
        if (!error.retryable) return this.finish({ kind: 'failed', error, ...(photo ? { photo } : {}) }, cb);
        attempt++;
        const hinted = error.retryAfter !== undefined ? error.retryAfter * 1000 : 0;
        const delay = Math.max(hinted, backoffDelay(attempt, base, max, this.options.random));
        const offline = !this.connectivity.online;
        cb.onState?.({ kind: 'waiting', reason: offline ? 'offline' : 'error', attempt, retryAt: offline ? null : Date.now() + delay, error });
        await this.sleep(offline ? null : delay);
      }
    }
  }

  private finish(state: FinalState, cb: OutboxCallbacks): FinalState {
    cb.onState?.(state);
    return state;
  }

  /** Waits `ms` (or until woken when null): woken early by `online`, `retryNow()` or `cancel()`. */
  private sleep(ms: number | null): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      this.wake = done;
      if (ms !== null) timer = setTimeout(done, ms);
    });
  }
}
