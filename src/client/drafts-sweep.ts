import { promisifyRequest, type UseStore } from 'idb-keyval';
import type { DraftRecord, StoredPhoto } from './drafts.js';

/**
 * Bytes no draft lists: a form put them and then could not write its draft (another tab's was stored) and was
 * closed. Younger ones may be such a form's, still open, which writes its draft once the other tab's is gone.
 */
export const UNLISTED_PHOTO_TTL_MS = 24 * 3600_000;
const PHOTO_KEY = /^(.+):photo:(.+)$/;

/**
 * Deletes, in one transaction, the photo bytes of any city and cycle that their draft does not list and that are
 * older than `UNLISTED_PHOTO_TTL_MS` (bytes put before they carried a time, and the Blobs of the first drafts, count
 * as old). Run after a draft is opened (`drafts.ts`), in a part of its own: a form's first load does not carry it.
 */
export function sweepUnlistedPhotos(idb: UseStore, now = Date.now()): Promise<void> {
  return idb('readwrite', (store) => {
    const all = store.getAllKeys();
    all.onsuccess = () => {
      const byDraft = new Map<string, [key: IDBValidKey, localId: string][]>();
      for (const key of all.result) {
        const match = typeof key === 'string' ? PHOTO_KEY.exec(key) : null;
        if (match) byDraft.set(match[1]!, [...(byDraft.get(match[1]!) ?? []), [key, match[2]!]]);
      }
      for (const [draft, stored] of byDraft) {
        const read = store.get(draft);
        read.onsuccess = () => {
          // Read as `drafts.ts` writes it (not imported from there: this part would then share a chunk with the form's first load).
          const photos = (read.result as Partial<DraftRecord> | undefined)?.photos;
          const listed = new Set(Array.isArray(photos) ? photos.map((p) => p.localId) : []);
          for (const [key, id] of stored) {
            if (listed.has(id)) continue;
            const photo = store.get(key);
            photo.onsuccess = () => {
              const at = (photo.result as Partial<StoredPhoto> | undefined)?.at;
              if (typeof at !== 'number' || now - at > UNLISTED_PHOTO_TTL_MS) store.delete(key);
            };
          }
        };
      }
    };
    return promisifyRequest(store.transaction).then(() => undefined);
  });
}
