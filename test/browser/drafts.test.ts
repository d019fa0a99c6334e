import { expect } from '@open-wc/testing';
import { createStore, delMany, get, keys, set } from 'idb-keyval';
import { DRAFT_DB, DRAFT_STORE, VolatileDraftStore, browserConnectivity, draftKey, emptyFields, openDraftStore, type Connectivity } from '../../src/client/drafts.js';
import { ProposalOutbox, backoffDelay, type OutboxJob, type SubmissionState } from '../../src/client/proposal-outbox.js';
import { checkImageFile, fitWithin, resizeImage, ImageError } from '../../src/client/images.js';
import { QalaError } from '../../src/client/errors.js';
import type { Backend } from '../../src/client/backend.js';
import type { Photo, Proposal, ProposalInput } from '../../src/contract/index.js';
import { waitUntil } from './support/dom.js';
import { UNLISTED_PHOTO_TTL_MS } from '../../src/client/drafts-sweep.js';

const store = () => createStore(DRAFT_DB, DRAFT_STORE);

function connectivity(initial = true): Connectivity & { set(online: boolean): void } {
  let online = initial;
  const listeners = new Set<(o: boolean) => void>();
  return {
    get online() {
      return online;
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    set(value) {
      online = value;
      listeners.forEach((l) => l(value));
    },
  };
}

const input: OutboxJob['input'] = {
  title: 'Скамейки у школы',
  description: 'Поставить десять скамеек вдоль аллеи у школы.',
  category: 'yards',
  address: 'ул. Абая, 10',
  estimatedCost: 1_000_000,
  photos: [],
  authorName: 'Асель',
  phone: '+77011234567',
  consent: true,
};

/** A backend that records calls and fails as told. */
function fakeBackend(plan: { upload?: (n: number) => Error | null; submit?: (n: number) => Error | null }) {
  const calls = { upload: 0, submit: 0, keys: [] as string[], bodies: [] as ProposalInput[] };
  const created = new Map<string, Proposal>();
  const backend = {
    city: 'aksu',
    async uploadPhoto(_b: Blob, name: string, o?: { onProgress?: (f: number) => void }): Promise<Photo> {
      const n = ++calls.upload;
      const error = plan.upload?.(n);
      if (error) throw error;
      o?.onProgress?.(0.5);
      o?.onProgress?.(1);
      return { id: `up${n}`, url: `/photos/up${n}.jpg`, width: 10, height: 10, name };
    },
    async submitProposal(body: ProposalInput, key: string): Promise<Proposal> {
      const n = ++calls.submit;
      calls.keys.push(key);
      calls.bodies.push(body);
      const error = plan.submit?.(n);
      if (error) throw error;
      const existing = created.get(key);
      if (existing) return existing;
      const p = { id: `aksu-${created.size + 1}`, status: 'submitted' } as Proposal;
      created.set(key, p);
      return p;
    },
  } as unknown as Backend;
  return { backend, calls, created };
}

const net = () => new QalaError('network', 'unavailable', 'offline');

describe('draft store', () => {
  // Other test files use the same database at the same time: touch only this file's keys.
  beforeEach(async () => {
    const mine = (await keys(store())).filter((k) => String(k).startsWith('qala:v1:aksu:t-drafts'));
    await delMany(mine, store());
  });

  it('keeps fields and photo blobs per city and cycle, in its own database', async () => {
    const a = await openDraftStore('aksu', 't-drafts-2026');
    expect(a.persistent).to.equal(true);
    const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' });
    expect(await a.putPhoto('ph-1', blob)).to.equal(true);
    await a.save({ v: 1, fields: { ...emptyFields(), title: 'Аула' }, photos: [{ localId: 'ph-1', name: 'a.jpg', type: 'image/jpeg', width: 1, height: 1, size: 3 }], savedAt: new Date().toISOString() });
    const b = await openDraftStore('aksu', 't-drafts-2027');
    expect(await b.load()).to.equal(null);
    const loaded = await (await openDraftStore('aksu', 't-drafts-2026')).load();
    expect(loaded!.record.fields.title).to.equal('Аула');
    expect(await loaded!.blobs.get('ph-1')!.arrayBuffer()).to.deep.equal(new Uint8Array([1, 2, 3]).buffer);
    expect((await keys(store())).map(String)).to.include(draftKey('aksu', 't-drafts-2026'));
    await a.clear();
    expect((await keys(store())).map(String).filter((k) => k.startsWith('qala:v1:aksu:t-drafts-2026'))).to.deep.equal([]);
  });

  it('keeps photos as bytes, not Blobs, so a WebKit private window keeps the draft; restores Blobs saved earlier', async () => {
    // WebKit's ephemeral sessions (Safari private browsing, WebDriver's MiniBrowser) refuse a Blob in IndexedDB
    // ("Error preparing Blob/File data to be stored in object store"): the draft said "not kept on this device".
    const s = await openDraftStore('aksu', 't-drafts-bytes');
    expect(await s.putPhoto('ph-b', new Blob([new Uint8Array([7, 8, 9])], { type: 'image/jpeg' }))).to.equal(true);
    expect(s.persistent).to.equal(true);
    const raw = await get<unknown>(`${draftKey('aksu', 't-drafts-bytes')}:photo:ph-b`, store());
    expect(raw).to.not.be.instanceOf(Blob);
    expect((raw as { bytes: unknown }).bytes).to.be.instanceOf(ArrayBuffer);
    const meta = (localId: string) => ({ localId, name: `${localId}.jpg`, type: 'image/jpeg', width: 1, height: 1, size: 3 });
    await s.save({ v: 1, fields: emptyFields(), photos: [meta('ph-b'), meta('ph-old')], savedAt: '' });
    let oldFormat = true;
    try {
      await set(`${draftKey('aksu', 't-drafts-bytes')}:photo:ph-old`, new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), store());
    } catch {
      oldFormat = false; // this engine never could have stored a Blob
    }
    const loaded = await (await openDraftStore('aksu', 't-drafts-bytes')).load();
    const photo = loaded!.blobs.get('ph-b')!;
    expect(photo.type).to.equal('image/jpeg');
    expect(new Uint8Array(await photo.arrayBuffer())).to.deep.equal(new Uint8Array([7, 8, 9]));
    if (oldFormat) expect(new Uint8Array(await loaded!.blobs.get('ph-old')!.arrayBuffer())).to.deep.equal(new Uint8Array([1, 2, 3]));
    await s.clear();
  });

  it('drops a photo whose bytes are gone instead of restoring a broken one', async () => {
    const s = await openDraftStore('aksu', 't-drafts-c1');
    await s.save({ v: 1, fields: emptyFields(), photos: [{ localId: 'gone', name: 'x.jpg', type: 'image/jpeg', width: 1, height: 1, size: 1 }], savedAt: '' });
    const loaded = await s.load();
    expect(loaded!.record.photos).to.deep.equal([]);
  });

  it('sweeps photo bytes no draft lists once a day old, of any city and cycle; listed and younger ones stay', async () => {
    // A form that could not write its draft (another tab's was stored) and was closed leaves its photos' bytes behind.
    const key = draftKey('aksu', 't-drafts-sweep');
    const gone = draftKey('aksu', 't-drafts-sweep-ended');
    const s = await openDraftStore('aksu', 't-drafts-sweep');
    const blob = new Blob([new Uint8Array([4, 5, 6])], { type: 'image/jpeg' });
    await s.putPhoto('listed', blob);
    await s.putPhoto('young', blob);
    const meta = (localId: string) => ({ localId, name: `${localId}.jpg`, type: 'image/jpeg', width: 1, height: 1, size: 3 });
    await s.save({ v: 1, fields: { ...emptyFields(), title: 'Аула' }, photos: [meta('listed'), meta('listed-old')], savedAt: new Date().toISOString() });
    const bytes = new Uint8Array([1, 2, 3]).buffer;
    const old = Date.now() - UNLISTED_PHOTO_TTL_MS - 60_000;
    await set(`${key}:photo:listed-old`, { type: 'image/jpeg', bytes, at: old }, store());
    await set(`${key}:photo:stale`, { type: 'image/jpeg', bytes, at: old }, store());
    await set(`${key}:photo:untimed`, { type: 'image/jpeg', bytes }, store());
    await set(`${gone}:photo:orphan`, { type: 'image/jpeg', bytes, at: old }, store());
    const mine = async () => (await keys(store())).map(String).filter((k) => k.startsWith('qala:v1:aksu:t-drafts-sweep')).sort();
    expect(await mine()).to.have.length(7);

    const loaded = await (await openDraftStore('aksu', 't-drafts-sweep')).load();
    expect([...loaded!.blobs.keys()].sort()).to.deep.equal(['listed', 'listed-old']);
    await waitUntil(async () => (await mine()).length === 4, 'nothing was swept', { timeout: 3000 });
    expect(await mine()).to.deep.equal([key, `${key}:photo:listed`, `${key}:photo:listed-old`, `${key}:photo:young`].sort());
    await s.clear();
  });

  it('falls back to a store that keeps nothing when IndexedDB is missing', async () => {
    const own = Object.getOwnPropertyDescriptor(window, 'indexedDB');
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true, writable: true });
    try {
      const s = await openDraftStore('aksu', 't-drafts-c1');
      expect(s).to.be.instanceOf(VolatileDraftStore);
      expect(s.persistent).to.equal(false);
      expect(await s.save({ v: 1, fields: emptyFields(), photos: [], savedAt: '' })).to.equal(false);
    } finally {
      if (own) Object.defineProperty(window, 'indexedDB', own);
      else delete (window as { indexedDB?: unknown }).indexedDB;
    }
  });
});

describe('ProposalOutbox', () => {
  const job = (): OutboxJob => ({ key: 'key-1', input, photos: [{ localId: 'l1', blob: new Blob(['x'], { type: 'image/jpeg' }), name: 'a.jpg' }] });

  it('uploads photos, then sends the proposal with the key and the uploaded ids', async () => {
    const { backend, calls } = fakeBackend({});
    const progress: number[] = [];
    const final = await new ProposalOutbox(backend, { connectivity: connectivity() }).send(job(), { onPhotoProgress: (_id, f) => progress.push(f) });
    expect(final.kind).to.equal('done');
    expect(calls.keys).to.deep.equal(['key-1']);
    expect(calls.bodies[0]!.photos).to.deep.equal(['up1']);
    expect(progress).to.deep.equal([0.5, 1]);
  });

  it('waits while offline and sends once when the browser is back online', async () => {
    const net1 = connectivity(false);
    const { backend, calls, created } = fakeBackend({});
    const states: SubmissionState['kind'][] = [];
    const outbox = new ProposalOutbox(backend, { connectivity: net1 });
    const sending = outbox.send(job(), { onState: (s) => states.push(s.kind) });
    await new Promise((r) => setTimeout(r, 20));
    expect(calls.submit).to.equal(0);
    expect(states).to.deep.equal(['waiting']);
    expect(outbox.send(job())).to.equal(sending);
    net1.set(true);
    expect((await sending).kind).to.equal('done');
    expect(calls.submit).to.equal(1);
    expect(created.size).to.equal(1);
  });

  it('retries retryable failures with the same key and body, without uploading a photo twice', async () => {
    const { backend, calls, created } = fakeBackend({ upload: (n) => (n === 1 ? net() : null), submit: (n) => (n < 3 ? net() : null) });
    const final = await new ProposalOutbox(backend, { connectivity: connectivity(), baseDelayMs: 1, maxDelayMs: 4 }).send(job());
    expect(final.kind).to.equal('done');
    expect(calls.upload).to.equal(2);
    expect(calls.submit).to.equal(3);
    expect(new Set(calls.keys)).to.deep.equal(new Set(['key-1']));
    expect(new Set(calls.bodies.map((b) => JSON.stringify(b))).size).to.equal(1);
    expect(created.size).to.equal(1);
  });

  it('stops on a definitive refusal and names the refused photo', async () => {
    const refused = new QalaError('server', 'unsupported_media_type', 'no', 415);
    const { backend, calls } = fakeBackend({ upload: () => refused });
    const final = await new ProposalOutbox(backend, { connectivity: connectivity() }).send(job());
    expect(final).to.deep.equal({ kind: 'failed', error: refused, photo: 'l1' });
    expect(calls.submit).to.equal(0);
  });

  it('reports a reused key as a duplicate (an earlier attempt arrived)', async () => {
    const { backend } = fakeBackend({ submit: () => new QalaError('server', 'idempotency_key_reused', 'reused', 422) });
    expect((await new ProposalOutbox(backend, { connectivity: connectivity() }).send(job())).kind).to.equal('duplicate');
  });

  it('uploads the photos again, once, when the server has let go of them (a submission that waited for days)', async () => {
    const gone = () => new QalaError('server', 'validation_failed', 'a photo is unknown', 422, [{ path: ['photos', 0], message: 'photos.unknown' }]);
    const { backend, calls } = fakeBackend({ submit: (n) => (n === 1 ? gone() : null) });
    const stale: OutboxJob = { ...job(), photos: [{ ...job().photos[0]!, uploaded: { id: 'old1', url: '/photos/old1.jpg', width: 10, height: 10 } }] };
    const uploaded: string[] = [];
    const final = await new ProposalOutbox(backend, { connectivity: connectivity() }).send(stale, { onPhotoUploaded: (_l, p) => uploaded.push(p.id) });
    expect(final.kind).to.equal('done');
    expect(calls.bodies.map((b) => b.photos)).to.deep.equal([['old1'], ['up1']]);
    expect(uploaded).to.deep.equal(['up1']);

    const again = fakeBackend({ submit: () => gone() });
    const refused = await new ProposalOutbox(again.backend, { connectivity: connectivity() }).send(stale);
    expect(refused.kind).to.equal('failed');
    expect(again.calls.submit).to.equal(2);
  });

  it('can be cancelled while waiting', async () => {
    const { backend, calls } = fakeBackend({});
    const outbox = new ProposalOutbox(backend, { connectivity: connectivity(false) });
    const sending = outbox.send(job());
    outbox.cancel();
    expect((await sending).kind).to.equal('cancelled');
    expect(calls.submit).to.equal(0);
  });

  it('"send now" tries at once even where the browser says it is offline, and waits again if that fails', async () => {
    const { backend, calls } = fakeBackend({ upload: (n) => (n === 1 ? net() : null) });
    const states: string[] = [];
    const outbox = new ProposalOutbox(backend, { connectivity: connectivity(false) });
    const sending = outbox.send(job(), { onState: (s) => states.push(s.kind === 'waiting' ? `waiting:${s.reason}` : s.kind) });
    await new Promise((r) => setTimeout(r, 20));
    expect(`${calls.upload} ${states.join(',')}`).to.equal('0 waiting:offline');
    outbox.retryNow();
    await new Promise((r) => setTimeout(r, 20));
    // Tried, failed on the lost connection, and waits for it again (no retries on its own while offline).
    expect(`${calls.upload} ${states.join(',')}`).to.equal('1 waiting:offline,sending,waiting:offline');
    outbox.retryNow();
    expect((await sending).kind).to.equal('done');
    expect(`${calls.upload} ${calls.submit}`).to.equal('2 1');
  });

  it('reads the browser\'s online flag fresh: an "online" event nobody heard does not keep it offline', () => {
    const own = Object.getOwnPropertyDescriptor(navigator, 'onLine');
    let onLine = true;
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => onLine });
    try {
      const net = browserConnectivity();
      const stop = net.subscribe(() => {});
      onLine = false;
      window.dispatchEvent(new Event('offline'));
      expect(net.online).to.equal(false);
      stop();
      // Back online while nobody listened (the form was between listeners): the flag says so at once.
      onLine = true;
      expect(net.online).to.equal(true);
      // An event the browser's flag has not followed (a host's or a test's) still counts until the flag changes.
      const again = browserConnectivity();
      const stop2 = again.subscribe(() => {});
      window.dispatchEvent(new Event('offline'));
      expect(again.online).to.equal(false);
      onLine = false;
      expect(again.online).to.equal(false);
      onLine = true;
      expect(again.online).to.equal(true);
      stop2();
    } finally {
      if (own) Object.defineProperty(navigator, 'onLine', own);
      else delete (navigator as { onLine?: boolean }).onLine;
    }
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0)).to.equal(500);
    expect(backoffDelay(1, 1000, 60_000, () => 1)).to.equal(1000);
    expect(backoffDelay(4, 1000, 60_000, () => 1)).to.equal(8000);
    expect(backoffDelay(20, 1000, 60_000, () => 1)).to.equal(60_000);
  });
});

describe('image resizing', () => {
  it('fits the longest side into 1600 px and never enlarges', () => {
    expect(fitWithin(4000, 3000, 1600)).to.deep.equal({ width: 1600, height: 1200 });
    expect(fitWithin(1200, 5000, 1600)).to.deep.equal({ width: 384, height: 1600 });
    expect(fitWithin(800, 600, 1600)).to.deep.equal({ width: 800, height: 600 });
  });

  it('rejects wrong types and sizes before reading', () => {
    expect(checkImageFile({ type: 'image/gif', size: 10 })).to.equal('type');
    expect(checkImageFile({ type: 'image/heic', size: 10 })).to.equal('type');
    expect(checkImageFile({ type: 'image/jpeg', size: 30 * 1024 * 1024 })).to.equal('size');
    expect(checkImageFile({ type: 'image/webp', size: 10 })).to.equal(null);
  });

  it('re-encodes to JPEG, which drops EXIF (and with it the GPS position)', async () => {
    const canvas = new OffscreenCanvas(2000, 1000);
    canvas.getContext('2d')!.fillRect(0, 0, 10, 10);
    const plain = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer());
    // Splice an APP1 "Exif" segment carrying a fake GPS tag right after SOI.
    const payload = new TextEncoder().encode('Exif\0\0GPSLatitude=52.04');
    const app1 = new Uint8Array([0xff, 0xe1, 0, payload.length + 2, ...payload]);
    const withExif = new Uint8Array([...plain.slice(0, 2), ...app1, ...plain.slice(2)]);
    expect(new TextDecoder('latin1').decode(withExif)).to.contain('GPSLatitude');
    const resized = await resizeImage(new Blob([withExif], { type: 'image/jpeg' }));
    expect([resized.width, resized.height, resized.type]).to.deep.equal([1600, 800, 'image/jpeg']);
    const out = new TextDecoder('latin1').decode(new Uint8Array(await resized.blob.arrayBuffer()));
    expect(out).to.not.contain('Exif');
    expect(out).to.not.contain('GPSLatitude');
  });

  it('says so when a file is not a readable image', async () => {
    try {
      await resizeImage(new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }));
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).to.be.instanceOf(ImageError);
      expect((error as ImageError).problem).to.equal('decode');
    }
  });
});
