import { createStore, get, getMany, promisifyRequest, set, type UseStore } from 'idb-keyval';
import type { Photo } from '../contract/index.js';

/**
 * Offline side of the proposal form, kept out of the widget:
 *
 * - `openDraftStore()`: the resident's unfinished proposal in an IndexedDB
 *   database of our own, per city and cycle, photos as bytes (an ArrayBuffer
 *   and the type, not a Blob: WebKit's ephemeral sessions — Safari's private
 *   browsing, in-app browsers, WebDriver — keep IndexedDB in memory and refuse
 *   Blob values with "Error preparing Blob/File data to be stored in object
 *   store", while bytes are kept everywhere). Falls back to a
 *   store that keeps nothing when IndexedDB is missing or refuses to write
 *   (private mode, quota), and says so through `persistent`.
 * - `browserConnectivity()`: whether the browser is online, listened to from
 *   the form's start; `ProposalOutbox` (`proposal-outbox.ts`, a module of its
 *   own that the form fetches before the first submit) sends with it.
 *
 * The phone, the consent and the map point never go into storage
 * (architecture.md: phone and location are never kept in the browser).
 */

export const DRAFT_DB = 'qala-drafts-v1';
export const DRAFT_STORE = 'drafts';
const PROBE_KEY = 'qala:v1:probe';

/** What of the form survives a reload. No phone, no consent, no point. */
export interface DraftFields {
  title: string;
  description: string;
  category: string;
  district: string;
  address: string;
  /** Whole tenge, or null while empty. */
  estimatedCost: number | null;
  authorName: string;
}

export interface DraftPhotoMeta {
  /** Our own id for the photo while it lives in the browser. */
  localId: string;
  name: string;
  type: string;
  width: number;
  height: number;
  size: number;
  /** Set once the backend accepted the upload, so a reload does not upload it again. */
  uploaded?: Photo;
}

export interface DraftRecord {
  v: 1;
  fields: DraftFields;
  photos: DraftPhotoMeta[];
  /** Idempotency-Key of a submission that may have reached the server; reused when the resident sends again. */
  pendingKey?: string;
  savedAt: string;
  /** Which write this is (set by the store): a form overwrites or deletes only the one it last read or wrote. */
  rev?: string;
}

/** How a photo's bytes are stored (see above for why not as a Blob). */
export interface StoredPhoto {
  type: string;
  bytes: ArrayBuffer;
  /** When they were put (`Date.now()`): bytes no draft lists are swept once they are older than a day. */
  at?: number;
}


function photoBlob(value: unknown): Blob | null {
  // Drafts saved before photos were stored as bytes hold the Blob itself.
  if (value instanceof Blob) return value;
  const v = value as Partial<StoredPhoto> | null;
  if (v && typeof v === 'object' && v.bytes instanceof ArrayBuffer && typeof v.type === 'string') return new Blob([v.bytes], { type: v.type });
  return null;
}

export interface LoadedDraft {
  record: DraftRecord;
  /** Resized photo bytes by `localId`; a photo whose bytes were lost is left out. */
  blobs: Map<string, Blob>;
}

/**
 * One form's hold on the draft of a city and cycle. Two tabs (or two forms) share that draft: a store overwrites or
 * deletes only the draft it owns, the one it last read (`load`) or wrote, checked in the write's own transaction;
 * another tab's newer draft is left alone, with its photos.
 */
export interface DraftStore {
  /** False when nothing survives a reload (no IndexedDB, or it refused a write). */
  readonly persistent: boolean;
  /** The `rev` of the draft this store owns (undefined: none; it may still write where nothing is stored). */
  rev?: string | undefined;
  load(): Promise<LoadedDraft | null>;
  /** Resolves false when the write failed (then `persistent` turns false), null when another tab's draft is stored (kept). */
  save(record: DraftRecord): Promise<boolean | null>;
  putPhoto(localId: string, blob: Blob): Promise<boolean>;
  /** Deletes a photo's bytes unless the stored draft lists them (its owner deletes them once it drops the photo). */
  deletePhoto(localId: string): Promise<void>;
  /** Deletes the draft and its photos; resolves false when another tab's draft is stored (kept). */
  clear(): Promise<boolean>;
}

export function emptyFields(): DraftFields {
  return { title: '', description: '', category: '', district: '', address: '', estimatedCost: null, authorName: '' };
}

/** Whether a draft holds anything worth restoring. */
export function hasContent(record: Pick<DraftRecord, 'fields' | 'photos'>): boolean {
  const f = record.fields;
  return (
    record.photos.length > 0 ||
    f.estimatedCost !== null ||
    // A chosen category or district alone is not worth a "draft restored" notice.
    [f.title, f.description, f.address, f.authorName].some((v) => v.trim() !== '')
  );
}

/** `qala:v1:<city>:<cycle>:proposal-draft` */
export function draftKey(city: string, cycleId: string): string {
  return `qala:v1:${city}:${cycleId}:proposal-draft`;
}

function isRecord(value: unknown): value is DraftRecord {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<DraftRecord>;
  return v.v === 1 && !!v.fields && typeof v.fields === 'object' && Array.isArray(v.photos);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('IndexedDB did not answer')), ms))]);
}

class IdbDraftStore implements DraftStore {
  persistent = true;
  rev: string | undefined;
  private readonly key: string;
  constructor(
    private readonly store: UseStore,
    city: string,
    cycleId: string,
  ) {
    this.key = draftKey(city, cycleId);
  }

  private photoKey(localId: string): string {
    return `${this.key}:photo:${localId}`;
  }

  async load(): Promise<LoadedDraft | null> {
    try {
      const record = await get<unknown>(this.key, this.store);
      this.rev = undefined;
      if (!isRecord(record)) return null;
      this.rev = record.rev ?? record.savedAt;
      const fields = { ...emptyFields(), ...record.fields };
      const blobsFound = await getMany<unknown>(
        record.photos.map((p) => this.photoKey(p.localId)),
        this.store,
      );
      const blobs = new Map<string, Blob>();
      const photos: DraftPhotoMeta[] = [];
      record.photos.forEach((meta, i) => {
        const blob = photoBlob(blobsFound[i]);
        if (blob) {
          blobs.set(meta.localId, blob);
          photos.push(meta);
        }
      });
      return { record: { ...record, fields, photos }, blobs };
    } catch {
      this.persistent = false;
      return null;
    } finally {
      // Housekeeping, in a part of its own that comes after the draft (and from the cache on later visits).
      void import('./drafts-sweep.js').then((m) => m.sweepUnlistedPhotos(this.store)).catch(() => undefined);
    }
  }

  /**
   * One read-write transaction over the stored draft: `change` sees it (null when none) and may write; resolves
   * what `change` returned once the transaction committed.
   */
  private change(change: (store: IDBObjectStore, stored: DraftRecord | null) => boolean): Promise<boolean> {
    return this.store('readwrite', (store) => {
      let result = false;
      const read = store.get(this.key);
      read.onsuccess = () => (result = change(store, isRecord(read.result) ? read.result : null));
      return promisifyRequest(store.transaction).then(() => result);
    });
  }

  /**
   * Puts `next` in place of the stored draft (none: deletes it) with the bytes of the photos it no longer lists,
   * unless another tab wrote the draft since this store last read or wrote it: false then, nothing written.
   */
  private swap(next: DraftRecord | null): Promise<boolean> {
    const rev = next ? randomToken() : undefined;
    return this.change((store, stored) => {
      if (stored && (stored.rev ?? stored.savedAt) !== this.rev) return false;
      const kept = new Set(next?.photos.map((p) => p.localId));
      for (const p of stored?.photos ?? []) if (!kept.has(p.localId)) store.delete(this.photoKey(p.localId));
      if (next) store.put({ ...next, rev }, this.key);
      else store.delete(this.key);
      // Now, not once committed: a save made meanwhile checks after this one. (A failed write ends the saving.)
      this.rev = rev;
      return true;
    });
  }

  async save(record: DraftRecord): Promise<boolean | null> {
    if (!this.persistent) return false;
    try {
      return (await this.swap(record)) || null;
    } catch {
      this.persistent = false;
      return false;
    }
  }

  async putPhoto(localId: string, blob: Blob): Promise<boolean> {
    if (!this.persistent) return false;
    try {
      const stored: StoredPhoto = { type: blob.type, bytes: await blob.arrayBuffer(), at: Date.now() };
      await set(this.photoKey(localId), stored, this.store);
      return true;
    } catch {
      this.persistent = false;
      return false;
    }
  }

  async deletePhoto(localId: string): Promise<void> {
    try {
      await this.change((store, stored) => {
        if (!stored?.photos.some((p) => p.localId === localId)) store.delete(this.photoKey(localId));
        return true;
      });
    } catch {
      // Nothing to do: a leftover blob is overwritten or cleared with the draft.
    }
  }

  async clear(): Promise<boolean> {
    try {
      return await this.swap(null);
    } catch {
      // The store may be gone (private mode closed it); nothing is left to clear then.
      return true;
    }
  }
}

/** Keeps nothing: used when IndexedDB is unavailable. */
export class VolatileDraftStore implements DraftStore {
  readonly persistent = false;
  async load(): Promise<LoadedDraft | null> {
    return null;
  }
  async save(): Promise<boolean> {
    return false;
  }
  async putPhoto(): Promise<boolean> {
    return false;
  }
  async deletePhoto(): Promise<void> {}
  async clear(): Promise<boolean> {
    return true;
  }
}

let sharedStore: UseStore | undefined;

/**
 * The draft store for one city and cycle. Probes IndexedDB with a real write,
 * because private modes often expose `indexedDB` and then refuse to open it.
 */
export async function openDraftStore(city: string, cycleId: string): Promise<DraftStore> {
  try {
    if (typeof indexedDB === 'undefined' || !indexedDB) return new VolatileDraftStore();
    sharedStore ??= createStore(DRAFT_DB, DRAFT_STORE);
    const store = sharedStore;
    await withTimeout(set(PROBE_KEY, 1, store), 3000);
    return new IdbDraftStore(store, city, cycleId);
  } catch {
    sharedStore = undefined;
    return new VolatileDraftStore();
  }
}

/** Runs `fn` once the calls stop for `ms`; `flush()` runs a pending call now. */
export class Debounced {
  private timer: ReturnType<typeof setTimeout> | undefined;
  constructor(
    private readonly fn: () => void,
    private readonly ms: number,
  ) {}
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.fn();
    }, this.ms);
  }
  flush(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.fn();
  }
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** A fresh local id (also a valid contract `Id`, so a form can validate before the upload). */
export function localId(prefix = 'local'): string {
  return `${prefix}-${randomToken()}`;
}

/** An Idempotency-Key: a random UUID. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    try {
      return crypto.randomUUID();
    } catch {
      // randomUUID exists only in secure contexts; fall through.
    }
  }
  const hex = randomToken(32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function randomToken(length = 16): string {
  const bytes = new Uint8Array(Math.ceil(length / 2));
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, length);
}

// ---------------------------------------------------------------------------
// Sending

/** Whether the browser believes it is online, and when that changes. */
export interface Connectivity {
  readonly online: boolean;
  subscribe(listener: (online: boolean) => void): () => void;
}

/**
 * `navigator.onLine` and the window's `online`/`offline` events. Read fresh each time: the newer of the two wins,
 * so a missed `online` event (nobody listening when it came) does not keep a form offline, while an event the
 * browser's own flag has not followed (a host's or a test's) still counts until that flag changes.
 */
export function browserConnectivity(): Connectivity {
  const navigatorOnline = () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false);
  let online = navigatorOnline();
  /** `navigator.onLine` when `online` was last set: once it reads otherwise, it is the newer word. */
  let seen = online;
  const listeners = new Set<(online: boolean) => void>();
  const update = (value: boolean) => {
    online = value;
    seen = navigatorOnline();
    for (const l of [...listeners]) l(value);
  };
  const onOnline = () => update(true);
  const onOffline = () => update(false);
  return {
    get online() {
      const now = navigatorOnline();
      if (now !== seen) {
        online = now;
        seen = now;
      }
      return online;
    },
    subscribe(listener) {
      if (listeners.size === 0 && typeof window !== 'undefined') {
        online = seen = navigatorOnline();
        window.addEventListener('online', onOnline);
        window.addEventListener('offline', onOffline);
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && typeof window !== 'undefined') {
          window.removeEventListener('online', onOnline);
          window.removeEventListener('offline', onOffline);
        }
      };
    },
  };
}
