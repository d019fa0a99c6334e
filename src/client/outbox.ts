import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';
import type { BallotInput, ErrorCode, Receipt } from '../contract/index.js';
import type { Backend } from './backend.js';
import { toQalaError } from './errors.js';

/**
 * The ballot outbox: a cast ballot is written to IndexedDB (choices, bearer
 * token, idempotency key — never the IIN, phone or location) before it is
 * sent, and sent again on load, when the browser comes back online, on a timer
 * and on demand until the server answers. A Web Lock per city and cycle lets
 * only one tab send at a time; the idempotency key makes a repeat harmless.
 */

export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface OutboxEntry {
  /** `qala:v1:<city>:<cycle>:ballot` */
  key: string;
  city: string;
  cycleId: string;
  /** The choices while they wait to be sent; emptied once the server has them. */
  ballot: BallotInput;
  /** Bearer token of the voter session; dropped once the ballot is sent or refused. */
  token: string | null;
  tokenExpiresAt: string | null;
  idempotencyKey: string;
  createdAt: string;
  status: OutboxStatus;
  attempts: number;
  receipt?: Receipt;
  /** The last failure: a retryable one keeps the entry pending. */
  error?: { code: ErrorCode; retryable: boolean };
}

/** Where the outbox keeps entries. The default is IndexedDB (`qala-outbox-v1` / `outbox`). */
export interface OutboxStorage {
  get(key: string): Promise<OutboxEntry | undefined>;
  set(key: string, entry: OutboxEntry): Promise<void>;
  del(key: string): Promise<void>;
  entries(): Promise<[string, OutboxEntry][]>;
}

export const OUTBOX_DB = 'qala-outbox-v1';
export const OUTBOX_STORE = 'outbox';

let idbStore: UseStore | undefined;
/** The outbox's own IndexedDB database (never idb-keyval's default store). */
export function idbOutboxStorage(): OutboxStorage {
  const store = () => (idbStore ??= createStore(OUTBOX_DB, OUTBOX_STORE));
  return {
    get: (key) => get<OutboxEntry>(key, store()),
    set: (key, entry) => set(key, entry, store()),
    del: (key) => del(key, store()),
    entries: () => entries<string, OutboxEntry>(store()),
  };
}

/** Keeps entries for this page only (when IndexedDB is unavailable). */
export function memoryOutboxStorage(): OutboxStorage {
  const map = new Map<string, OutboxEntry>();
  return {
    get: async (key) => (map.has(key) ? structuredClone(map.get(key)) : undefined),
    set: async (key, entry) => void map.set(key, structuredClone(entry)),
    del: async (key) => void map.delete(key),
    entries: async () => [...map.entries()].map(([k, v]) => [k, structuredClone(v)] as [string, OutboxEntry]),
  };
}

export interface OutboxSnapshot {
  entry: OutboxEntry | null;
  /** A send is running in this tab. */
  sending: boolean;
  /** False when the ballot cannot be kept on this device (no IndexedDB): it is sent, but lost if the page closes first. */
  persistent: boolean;
}

export interface OutboxOptions {
  backend: Backend;
  city: string;
  cycleId: string;
  /** Defaults to IndexedDB, falling back to memory when IndexedDB does not work. */
  storage?: OutboxStorage;
  /** Defaults to `navigator.locks`; `null` sends without a lock. */
  locks?: LockManager | null;
  /** Waits between automatic retries (ms); the last one repeats. */
  retryDelays?: readonly number[];
  /** Listen to `online` and the other tabs (default true). */
  listen?: boolean;
}

const CHANNEL = 'qala-outbox-v1';
const DEFAULT_DELAYS = [2_000, 5_000, 15_000, 30_000, 60_000];

export function outboxKey(city: string, cycleId: string): string {
  return `qala:v1:${city}:${cycleId}:ballot`;
}

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export class Outbox {
  readonly key: string;
  private storage: OutboxStorage;
  private persistentStorage = true;
  private readonly locks: LockManager | null;
  private readonly delays: readonly number[];
  private readonly listeners = new Set<(s: OutboxSnapshot) => void>();
  private entry: OutboxEntry | null = null;
  private sending = false;
  private opened: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private channel: BroadcastChannel | null = null;
  private stopped = false;
  private readonly onOnline = () => void this.flush();

  constructor(private readonly options: OutboxOptions) {
    this.key = outboxKey(options.city, options.cycleId);
    this.storage = options.storage ?? idbOutboxStorage();
    this.locks = options.locks !== undefined ? options.locks : typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
    this.delays = options.retryDelays?.length ? options.retryDelays : DEFAULT_DELAYS;
  }

  get snapshot(): OutboxSnapshot {
    return { entry: this.entry, sending: this.sending, persistent: this.persistentStorage };
  }

  /** A ballot waits to be sent (or is being sent). */
  get hasUnsent(): boolean {
    return this.entry?.status === 'pending';
  }

  subscribe(listener: (s: OutboxSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Reads what this device kept, starts listening for `online` and the other
   * tabs, and sends a ballot left from an earlier visit ("on load").
   */
  open(): Promise<void> {
    this.opened ??= this.doOpen();
    return this.opened;
  }

  private async doOpen(): Promise<void> {
    try {
      if (typeof indexedDB === 'undefined' && !this.options.storage) throw new Error('no IndexedDB');
      this.entry = (await this.storage.get(this.key)) ?? null;
    } catch {
      this.storage = memoryOutboxStorage();
      this.persistentStorage = false;
      this.entry = null;
    }
    if (this.options.listen !== false && typeof window !== 'undefined') {
      window.addEventListener('online', this.onOnline);
      if (typeof BroadcastChannel !== 'undefined') {
        this.channel = new BroadcastChannel(CHANNEL);
        this.channel.onmessage = (e: MessageEvent<{ key?: string }>) => {
          if (e.data?.key === this.key) void this.reload();
        };
      }
    }
    this.emit();
    if (this.entry?.status === 'pending') void this.flush();
  }

  /** Stops timers and listeners (the widget left the page). Nothing kept is lost. */
  close(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
    this.channel?.close();
    this.channel = null;
    this.listeners.clear();
  }

  /**
   * Keeps the ballot (replacing any earlier one for this cycle) and sends it.
   * Resolves with the entry after the first attempt: `sent` with a receipt,
   * `pending` when it will be retried, or `failed` with the server's code.
   */
  async submit(ballot: BallotInput, session: { token: string; expiresAt?: string }): Promise<OutboxEntry> {
    await this.open();
    const entry: OutboxEntry = {
      key: this.key,
      city: this.options.city,
      cycleId: this.options.cycleId,
      ballot: structuredClone(ballot),
      token: session.token,
      tokenExpiresAt: session.expiresAt ?? null,
      idempotencyKey: newKey(),
      createdAt: new Date().toISOString(),
      status: 'pending',
      attempts: 0,
    };
    await this.write(entry);
    return (await this.flush()) ?? entry;
  }

  /** Sends the waiting ballot now (the resident pressed "retry", or the browser came online). */
  async flush(): Promise<OutboxEntry | null> {
    await this.open();
    if (this.stopped) return this.entry;
    clearTimeout(this.timer);
    const run = () => this.sendOnce();
    if (this.locks) return this.locks.request(`${this.key}:send`, run);
    return run();
  }

  /** Forgets the kept ballot (after the resident saw the receipt, or starts over). */
  async discard(): Promise<void> {
    await this.open();
    clearTimeout(this.timer);
    this.entry = null;
    try {
      await this.storage.del(this.key);
    } catch {
      /* nothing kept, nothing to lose */
    }
    this.emit();
    this.broadcast();
  }

  private async sendOnce(): Promise<OutboxEntry | null> {
    // Another tab may have sent it while this one waited for the lock.
    const current = await this.read();
    if (!current || current.status !== 'pending') {
      this.entry = current;
      this.emit();
      return current;
    }
    if (!current.token) {
      const failed: OutboxEntry = { ...current, status: 'failed', error: { code: 'unauthorized', retryable: false } };
      await this.write(failed);
      return failed;
    }
    this.sending = true;
    this.entry = current;
    this.emit();
    let next: OutboxEntry;
    try {
      const receipt = await this.options.backend.castBallot(current.token, current.ballot, current.idempotencyKey);
      const { error: _old, ...rest } = current;
      // Once the server has it, the device keeps only the receipt: no token, and not what was chosen (a shared phone keeps the ballot secret).
      next = { ...rest, ballot: { cycleId: current.ballot.cycleId, choices: [] }, status: 'sent', token: null, tokenExpiresAt: null, attempts: current.attempts + 1, receipt };
    } catch (error) {
      const e = toQalaError(error);
      const retryable = e.retryable;
      next = {
        ...current,
        attempts: current.attempts + 1,
        status: retryable ? 'pending' : 'failed',
        token: retryable ? current.token : null,
        tokenExpiresAt: retryable ? current.tokenExpiresAt : null,
        error: { code: e.code, retryable },
      };
    }
    this.sending = false;
    // A newer ballot may have replaced this one meanwhile (a re-vote in another tab): keep the newer one.
    const latest = await this.read();
    if (latest && latest.idempotencyKey !== current.idempotencyKey) {
      this.entry = latest;
      this.emit();
      return latest;
    }
    await this.write(next);
    if (next.status === 'pending') this.schedule(next.attempts);
    return next;
  }

  private schedule(attempts: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const wait = this.delays[Math.min(attempts - 1, this.delays.length - 1)] ?? 60_000;
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  private async read(): Promise<OutboxEntry | null> {
    try {
      return (await this.storage.get(this.key)) ?? null;
    } catch {
      return this.entry;
    }
  }

  private async write(entry: OutboxEntry): Promise<void> {
    this.entry = entry;
    try {
      await this.storage.set(this.key, entry);
    } catch {
      // IndexedDB refused (private mode, quota): keep sending from memory and say so.
      if (this.persistentStorage) {
        this.persistentStorage = false;
        this.storage = memoryOutboxStorage();
        await this.storage.set(this.key, entry);
      }
    }
    this.emit();
    this.broadcast();
  }

  private async reload(): Promise<void> {
    this.entry = await this.read();
    this.emit();
  }

  private broadcast(): void {
    try {
      this.channel?.postMessage({ key: this.key });
    } catch {
      /* the other tabs will see it on their next flush */
    }
  }

  private emit(): void {
    const s = this.snapshot;
    for (const l of this.listeners) l(s);
  }
}
