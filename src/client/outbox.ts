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
 *
 * Every open tab that shows a waiting ballot keeps its own timer (the tab that
 * sent may close), each jittered, so that a city's phones and tabs do not all
 * come back at once; the first to fire sends, and the others, seeing that
 * attempt, wait for the next. A server's `Retry-After` is waited out (up to
 * ten minutes) — except when the browser comes back online or the resident
 * asks to send now.
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
  /** The last failure: a retryable one keeps the entry pending; `retryAfter` (s) is the wait the server asked for. */
  error?: { code: ErrorCode; retryable: boolean; retryAfter?: number };
  /** When the next automatic attempt is due (ms since the epoch, before each tab's jitter), shared by every tab. */
  retryAt?: number;
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
  /** When this tab tries again by itself (ms since the epoch), or null when it does not wait to. */
  nextAttemptAt: number | null;
}

export interface OutboxOptions {
  backend: Backend;
  city: string;
  cycleId: string;
  /** Defaults to IndexedDB, falling back to memory when IndexedDB does not work. */
  storage?: OutboxStorage;
  /** Defaults to `navigator.locks`; `null` sends without a lock. */
  locks?: LockManager | null;
  /** Waits between automatic retries (ms); the last one repeats. A longer `Retry-After` from the server wins. */
  retryDelays?: readonly number[];
  /** Listen to `online` and the other tabs (default true). */
  listen?: boolean;
  /** Longest random wait (ms) before sending when the browser comes back online (default 2 s). */
  onlineDelayMs?: number;
  /** Random numbers in [0, 1) for the jitter (default `Math.random`; tests pin it). */
  random?: () => number;
}

const CHANNEL = 'qala-outbox-v1';
const DEFAULT_DELAYS = [2_000, 5_000, 15_000, 30_000, 60_000];
/** The longest `Retry-After` honoured: a wrong header must not park a ballot for hours. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;
/** Scheduled retries spread ±30 % (a server's `Retry-After`: 0 to +30 %, never sooner). */
const JITTER = 0.3;
const ONLINE_DELAY_MS = 2_000;

/** Which attempt a tab had seen when it decided to send by itself: a later attempt, by any tab, was that one. */
interface Seen {
  idempotencyKey: string;
  attempts: number;
}
const seenOf = (entry: OutboxEntry): Seen => ({ idempotencyKey: entry.idempotencyKey, attempts: entry.attempts });

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
  /** The store has been read: whether a ballot waits is known. */
  private loaded = false;
  /** `online` came before the store was read. */
  private onlineWhileOpening = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private nextAttemptAt: number | null = null;
  private onlineTimer: ReturnType<typeof setTimeout> | undefined;
  private channel: BroadcastChannel | null = null;
  private stopped = false;
  private readonly random: () => number;
  /**
   * Back online: every tab of every resident hears it at once, so each waits a moment of its own first. Then it sends
   * whatever was tried meanwhile: an attempt made while the network was down (one still failing when the event came)
   * is no reason to wait for the next retry. Two tabs still send one ballot once: the lock takes them in turn, and
   * the second finds it sent.
   */
  private readonly onOnline = () => {
    if (!this.loaded) {
      this.onlineWhileOpening = true;
      return;
    }
    if (this.entry?.status !== 'pending') return;
    clearTimeout(this.onlineTimer);
    this.onlineTimer = setTimeout(() => void this.retry(null), this.random() * (this.options.onlineDelayMs ?? ONLINE_DELAY_MS));
  };

  constructor(private readonly options: OutboxOptions) {
    this.key = outboxKey(options.city, options.cycleId);
    this.storage = options.storage ?? idbOutboxStorage();
    this.locks = options.locks !== undefined ? options.locks : typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
    this.delays = options.retryDelays?.length ? options.retryDelays : DEFAULT_DELAYS;
    this.random = options.random ?? Math.random;
    // Heard from the start, not once the store is open: reading IndexedDB takes a while, and an `online` meanwhile
    // would otherwise be lost, leaving a waiting ballot to its timer.
    if (options.listen !== false && typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
  }

  get snapshot(): OutboxSnapshot {
    return { entry: this.entry, sending: this.sending, persistent: this.persistentStorage, nextAttemptAt: this.nextAttemptAt };
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
   * Reads what this device kept, starts listening to the other tabs, and sends
   * a ballot left from an earlier visit ("on load"). `online` is heard from
   * construction on and acted on once the store is read.
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
    this.loaded = true;
    // Closed while the store was opening: no channel to leave open, nothing to send.
    if (this.stopped) return;
    if (this.options.listen !== false && typeof window !== 'undefined' && typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(CHANNEL);
      this.channel.onmessage = (e: MessageEvent<{ key?: string }>) => {
        if (e.data?.key === this.key) void this.reload();
      };
    }
    const entry = this.entry;
    // A wait the server asked for is kept by a page opened meanwhile too; any other waiting ballot is sent now.
    if (entry?.status === 'pending' && entry.error?.retryAfter !== undefined && (entry.retryAt ?? 0) > Date.now()) this.schedule(entry);
    this.emit();
    if (entry?.status === 'pending' && this.nextAttemptAt === null) void this.retry(seenOf(entry));
    // Back online while the store was opening cuts that wait short, as it would now; a ballot sent on load needs no second send.
    else if (this.onlineWhileOpening) this.onOnline();
  }

  /** Stops timers and listeners (the widget left the page). Nothing kept is lost. */
  close(): void {
    this.stopped = true;
    this.unschedule();
    clearTimeout(this.onlineTimer);
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

  /** Sends the waiting ballot now (the resident pressed "retry"), whatever wait the last attempt set. */
  flush(): Promise<OutboxEntry | null> {
    return this.retry(null);
  }

  /**
   * Sends the waiting ballot, one tab at a time. `seen`: sent by this tab's own accord (its timer, `online`, a
   * load), which an attempt made since by any tab answers — that tab's wait is then this one's too.
   */
  private async retry(seen: Seen | null): Promise<OutboxEntry | null> {
    await this.open();
    if (this.stopped) return this.entry;
    this.unschedule();
    const run = () => this.sendOnce(seen);
    if (this.locks) return this.locks.request(`${this.key}:send`, run);
    return run();
  }

  /** Forgets the kept ballot (after the resident saw the receipt, or starts over). */
  async discard(): Promise<void> {
    await this.open();
    this.unschedule();
    this.entry = null;
    try {
      await this.storage.del(this.key);
    } catch {
      /* nothing kept, nothing to lose */
    }
    this.emit();
    this.broadcast();
  }

  private async sendOnce(seen: Seen | null): Promise<OutboxEntry | null> {
    // Another tab may have sent it while this one waited for the lock, or tried it since this one meant to.
    const current = await this.read();
    if (!current || current.status !== 'pending' || (seen && current.idempotencyKey === seen.idempotencyKey && current.attempts > seen.attempts)) {
      this.adopt(current);
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
      const { error: _old, retryAt: _due, ...rest } = current;
      // Once the server has it, the device keeps only the receipt: no token, and not what was chosen (a shared phone keeps the ballot secret).
      next = { ...rest, ballot: { cycleId: current.ballot.cycleId, choices: [] }, status: 'sent', token: null, tokenExpiresAt: null, attempts: current.attempts + 1, receipt };
    } catch (error) {
      const e = toQalaError(error);
      const retryable = e.retryable;
      const { retryAt: _due, ...rest } = current;
      next = {
        ...rest,
        attempts: current.attempts + 1,
        status: retryable ? 'pending' : 'failed',
        token: retryable ? current.token : null,
        tokenExpiresAt: retryable ? current.tokenExpiresAt : null,
        error: { code: e.code, retryable, ...(retryable && e.retryAfter !== undefined ? { retryAfter: e.retryAfter } : {}) },
      };
      if (retryable) next.retryAt = Date.now() + this.wait(next).ms;
    }
    this.sending = false;
    // A newer ballot may have replaced this one meanwhile (a re-vote in another tab): keep the newer one.
    const latest = await this.read();
    if (latest && latest.idempotencyKey !== current.idempotencyKey) {
      this.adopt(latest);
      return latest;
    }
    this.schedule(next);
    await this.write(next);
    return next;
  }

  /** The wait after the last attempt of `entry`: this outbox's own, or the server's when it asked for longer. */
  private wait(entry: OutboxEntry): { ms: number; hinted: boolean } {
    const own = this.delays[Math.min(Math.max(entry.attempts - 1, 0), this.delays.length - 1)] ?? 60_000;
    const asked = entry.error?.retryAfter;
    const hint = asked !== undefined && asked > 0 ? Math.min(asked * 1000, MAX_RETRY_AFTER_MS) : 0;
    return hint >= own ? { ms: hint, hinted: true } : { ms: own, hinted: false };
  }

  /** This tab's own timer for a waiting entry: what remains of the shared wait, jittered for this tab. */
  private schedule(entry: OutboxEntry | null): void {
    this.unschedule();
    if (this.stopped || entry?.status !== 'pending') return;
    const { ms, hinted } = this.wait(entry);
    const remaining = entry.retryAt !== undefined ? Math.min(Math.max(0, entry.retryAt - Date.now()), ms) : ms;
    const r = this.random();
    const wait = Math.round(remaining * (hinted ? 1 + JITTER * r : 1 - JITTER + 2 * JITTER * r));
    const seen = seenOf(entry);
    this.nextAttemptAt = Date.now() + wait;
    this.timer = setTimeout(() => void this.retry(seen), wait);
  }

  private unschedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.nextAttemptAt = null;
  }

  /** What another tab wrote (a send, an attempt, a new ballot): shown, and waited for by this tab's own timer. */
  private adopt(entry: OutboxEntry | null): void {
    this.entry = entry;
    this.schedule(entry);
    this.emit();
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
    const entry = await this.read();
    if (!this.stopped) this.adopt(entry);
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
