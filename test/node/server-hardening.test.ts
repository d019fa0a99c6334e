/**
 * Defects found trying the server as an attacker would (#17): photos keep no
 * camera metadata and cannot unpack to hundreds of megabytes; idempotency
 * records keep no enumerable hash of a body that holds a phone; slow bodies
 * and slow headers do not hold a connection for free.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkPhotoBody } from '../../src/domain/photo-upload.js';
import { parseConfig } from '../../src/server/config.js';
import { silentLogger } from '../../src/server/logger.js';
import { demoPng } from '../../src/server/seed.js';
import { startServer } from '../../src/server/server.js';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import { AT, call, exampleConfigFile, newKey, testServer } from '../../src/server/testing.js';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const has = (bytes: Uint8Array, s: string) => Buffer.from(bytes).includes(Buffer.from(s, 'latin1'));

/**
 * A small JPEG with an Exif segment that carries a GPS position, a comment, and its frame and scan; `fill` 0xFF
 * bytes before the Exif's marker (allowed before any marker, ITU T.81 B.1.1.2).
 */
function jpegWithExif(fill = 0): Uint8Array {
  const segment = (marker: number, payload: number[]) => [0xff, marker, ...u16(payload.length + 2), ...payload];
  return new Uint8Array([
    0xff, 0xd8,
    ...segment(0xe0, [...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...Array<number>(fill).fill(0xff),
    ...segment(0xe1, [...ascii('Exif'), 0, 0, ...ascii('GPSLatitude 52.9612 GPSLongitude 63.1187')]),
    ...segment(0xfe, ascii('taken at home')),
    ...segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    ...segment(0xda, [1, 1, 0, 0, 0x3f, 0]),
    0x12, 0x34, 0x56,
    0xff, 0xd9,
  ]);
}

/** A PNG with a text chunk and an eXIf chunk before IEND (our reader does not check CRCs; browsers' would be fine either way for this test). */
function pngWithText(): Uint8Array {
  const png = Buffer.from(demoPng(8, 8, [1, 2, 3]));
  const iend = png.length - 12;
  const chunk = (kind: string, data: number[]) => Buffer.from([0, 0, ...u16(data.length), ...ascii(kind), ...data, 0, 0, 0, 0]);
  return new Uint8Array(Buffer.concat([png.subarray(0, iend), chunk('tEXt', ascii('GPS\u000052.9612,63.1187')), chunk('eXIf', ascii('MM\u0000*GPS')), png.subarray(iend)]));
}

/** An extended WebP: VP8X saying Exif follows, an EXIF chunk, a (tiny) image chunk. */
function webpWithExif(): Uint8Array {
  const vp8x = [...ascii('VP8X'), ...le32(10), 0x08, 0, 0, 0, 7, 0, 0, 7, 0, 0];
  const exif = [...ascii('EXIF'), ...le32(12), ...ascii('GPS 52.9612 ')];
  const image = [...ascii('VP8L'), ...le32(6), 0x2f, 7, 0xc0, 0x01, 0, 0];
  const body = [...ascii('WEBP'), ...vp8x, ...exif, ...image];
  return new Uint8Array([...ascii('RIFF'), ...le32(body.length), ...body]);
}

test('photos are served without Exif, XMP, comments or text chunks (no GPS position), and still as the same image type', async () => {
  const t = testServer({ now: AT.aksu.submission });
  try {
    for (const [type, bytes] of [['image/jpeg', jpegWithExif()], ['image/jpeg', jpegWithExif(1)], ['image/jpeg', jpegWithExif(2)], ['image/png', pngWithText()], ['image/webp', webpWithExif()]] as const) {
      assert.ok(has(bytes, 'GPS'), 'the test image carries a position');
      const up = await call(t.app, 'POST', '/cities/aksu/photos?name=p', { raw: bytes as Uint8Array<ArrayBuffer>, contentType: type });
      assert.equal(up.status, 201, `${type}: ${up.text}`);
      const res = await t.app.request(`http://localhost/api/v1/photos/${up.body.id}`);
      assert.equal(res.headers.get('content-type'), type);
      const served = new Uint8Array(await res.arrayBuffer());
      for (const word of ['GPS', 'Exif', 'EXIF', 'taken at home']) assert.ok(!has(served, word), `${type}: "${word}" is gone`);
      if (type === 'image/jpeg') assert.ok(has(served, 'JFIF') && served[0] === 0xff && served.at(-1) === 0xd9, 'the JPEG keeps its JFIF header, frame and scan');
      if (type === 'image/webp') {
        assert.equal(new DataView(served.buffer).getUint32(4, true) + 8, served.length, 'the RIFF size fits the file');
        assert.equal(served[20]! & 0x08, 0, 'VP8X no longer announces Exif');
      }
    }
  } finally {
    t.close();
  }
});

/**
 * What a phone writes besides the picture, where the old stripper (a walk to the first scan, the rest copied) kept it:
 * a second picture after the first one's end (a multi-picture or gain-map JPEG) with an Exif position of its own, a
 * motion photo's video after the end, an Exif block between the scans of a progressive JPEG, a multi-picture index,
 * a JFIF thumbnail, a maker's own APP block; and the pieces that make the image: coded data with stuffed bytes and
 * restart markers, an ICC profile, Adobe's colour transform.
 */
function phoneJpeg(): Uint8Array {
  const segment = (marker: number, payload: number[]) => [0xff, marker, ...u16(payload.length + 2), ...payload];
  const second = [0xff, 0xd8, ...segment(0xe1, [...ascii('Exif'), 0, 0, ...ascii('GPS second 52.9612')]), ...segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]), ...segment(0xda, [1, 1, 0, 0, 0x3f, 0]), 0x55, 0xff, 0xd9];
  return new Uint8Array([
    0xff, 0xd8,
    ...segment(0xe0, [...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, ...ascii('THM')]),
    ...segment(0xe2, [...ascii('ICC_PROFILE'), 0, 1, 1, ...ascii('colours')]),
    ...segment(0xe2, [...ascii('MPF'), 0, ...ascii('index GPS')]),
    ...segment(0xeb, [...ascii('JP'), ...ascii('jumb GPS credentials')]),
    ...segment(0xee, [...ascii('Adobe'), 0, 100, 0, 0, 0, 0, 1]),
    ...segment(0xdb, [0, ...Array<number>(64).fill(1)]),
    ...segment(0xc2, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    ...segment(0xc4, [0, 0, 1, ...Array<number>(15).fill(0), 0]),
    ...segment(0xda, [1, 1, 0, 0, 0, 0]),
    0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56,
    ...segment(0xe1, [...ascii('Exif'), 0, 0, ...ascii('GPS between scans')]),
    0xff,
    ...segment(0xda, [1, 1, 0, 1, 0x3f, 0]),
    0x78, 0x9a,
    0xff, 0xd9,
    ...second,
    ...ascii('ftypmp42 moov udta \u00a9xyz+52.9612+063.1187/'),
  ]);
}

test('a phone\'s JPEG is served as its first picture only, with nothing but what draws it (no second picture, video, index, thumbnail or Exif between scans)', async () => {
  const t = testServer({ now: AT.aksu.submission });
  try {
    const bytes = phoneJpeg();
    const up = await call(t.app, 'POST', '/cities/aksu/photos?name=p', { raw: bytes as Uint8Array<ArrayBuffer>, contentType: 'image/jpeg' });
    assert.equal(up.status, 201, up.text);
    const served = new Uint8Array(await (await t.app.request(`http://localhost/api/v1/photos/${up.body.id}`)).arrayBuffer());
    for (const word of ['GPS', 'Exif', 'MPF', 'jumb', 'THM', 'ftyp', '52.9612']) assert.ok(!has(served, word), `"${word}" is gone`);
    for (const word of ['JFIF', 'ICC_PROFILE', 'colours', 'Adobe']) assert.ok(has(served, word), `"${word}" stays`);
    assert.deepEqual([...served.subarray(-2)], [0xff, 0xd9], 'the file ends at the first picture\'s end');
    assert.ok(Buffer.from(served).includes(Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56])), 'the first scan\'s coded data is whole');
    assert.ok(Buffer.from(served).includes(Buffer.from([0x78, 0x9a, 0xff, 0xd9])), 'so is the second scan\'s');
    const app0 = Buffer.from(served).indexOf(Buffer.from([0xff, 0xe0]));
    assert.deepEqual([...served.subarray(app0 + 2, app0 + 4)], [0, 16], 'the JFIF header keeps no thumbnail');
    assert.deepEqual([...served.subarray(app0 + 16, app0 + 18)], [0, 0]);
  } finally {
    t.close();
  }
});

test('a PNG or WebP is served without chunks nobody listed as drawing it, nor anything after its end', async () => {
  const t = testServer({ now: AT.aksu.submission });
  try {
    const png = Buffer.from(demoPng(8, 8, [1, 2, 3]));
    const iend = png.length - 12;
    const chunk = (kind: string, data: number[]) => Buffer.from([0, 0, ...u16(data.length), ...ascii(kind), ...data, 0, 0, 0, 0]);
    const withExtras = Buffer.concat([png.subarray(0, iend), chunk('caBX', ascii('jumb GPS credentials')), chunk('tIME', [7, 234, 12, 7, 1, 2, 3]), png.subarray(iend), Buffer.from('trailing GPS 52.9612')]);
    const webpBody = [...ascii('WEBP'), ...ascii('VP8X'), ...le32(10), 0x0c, 0, 0, 0, 7, 0, 0, 7, 0, 0, ...ascii('XMP '), ...le32(4), ...ascii('GPS '), ...ascii('MAKR'), ...le32(3), ...ascii('GPS'), 0, ...ascii('VP8L'), ...le32(6), 0x2f, 7, 0xc0, 0x01, 0, 0];
    const webp = new Uint8Array([...ascii('RIFF'), ...le32(webpBody.length), ...webpBody]);
    for (const [type, bytes] of [['image/png', new Uint8Array(withExtras)], ['image/webp', webp]] as const) {
      const up = await call(t.app, 'POST', '/cities/aksu/photos?name=p', { raw: bytes as Uint8Array<ArrayBuffer>, contentType: type });
      assert.equal(up.status, 201, `${type}: ${up.text}`);
      const served = new Uint8Array(await (await t.app.request(`http://localhost/api/v1/photos/${up.body.id}`)).arrayBuffer());
      for (const word of ['GPS', 'jumb', 'tIME', 'MAKR', 'XMP']) assert.ok(!has(served, word), `${type}: "${word}" is gone`);
      if (type === 'image/png') assert.ok(has(served.subarray(-8), 'IEND'), 'the PNG ends with IEND');
      else {
        assert.equal(new DataView(served.buffer).getUint32(4, true) + 8, served.length, 'the RIFF size fits the file');
        assert.equal(served[20]! & 0x0c, 0, 'VP8X announces neither Exif nor XMP');
        assert.ok(has(served, 'VP8L'));
      }
    }
  } finally {
    t.close();
  }
});

test('an image whose pieces cannot be walked to its end is refused as the mock refuses it (a stray byte between segments, a cut scan)', async () => {
  const t = testServer({ now: AT.aksu.submission });
  try {
    const good = jpegWithExif();
    // After the frame header (the old walk stopped there and copied the rest as it was, an Exif block after it too).
    const sos = Buffer.from(good).indexOf(Buffer.from([0xff, 0xda]));
    const stray = new Uint8Array([...good.subarray(0, sos), 0x00, ...good.subarray(sos)]);
    const cut = good.subarray(0, good.length - 2);
    for (const bytes of [stray, cut]) {
      const up = await call(t.app, 'POST', '/cities/aksu/photos?name=p', { raw: bytes as Uint8Array<ArrayBuffer>, contentType: 'image/jpeg' });
      assert.equal(up.status, 415, up.text);
      assert.equal(up.body.code, 'unsupported_media_type');
      const mock = checkPhotoBody('image/jpeg', bytes);
      assert.ok(!mock.ok && mock.code === up.body.code && mock.message === up.body.message, 'the mock (domain/photo-upload.ts) refuses it alike');
    }
  } finally {
    t.close();
  }
});

test('rate limits reach the store as keyed digests: no client address, nor a plain hash of one (undone by trying every IPv4 address)', async () => {
  const t = testServer({ now: AT.aksu.voting });
  const keys: string[] = [];
  const hit = t.store.hitRateLimit.bind(t.store);
  t.store.hitRateLimit = (key, ...rest) => (keys.push(key), hit(key, ...rest));
  try {
    const ip = '203.0.113.7';
    const headers = { 'x-forwarded-for': ip };
    await call(t.app, 'GET', '/cities/aksu/receipts/ABCD-EFGH-JKLM', { headers });
    await call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId: 'aksu-2026', iin: '791028302728', phone: '+77015551234' }, headers });
    assert.ok(keys.length >= 2, `the limits were counted: ${keys.length}`);
    const plain = new Set(['receipt-ip', 'verify-ip'].flatMap((kind) => [ip, 'local', 'unknown'].map((at) => createHash('sha256').update(`${kind}:${at}`).digest('hex'))));
    for (const key of keys) {
      assert.match(key, /^[0-9a-f]{64}$/, 'a digest');
      assert.ok(!key.includes(ip) && !plain.has(key), `not the address nor its plain hash: ${key}`);
    }
  } finally {
    t.close();
  }
});

test('an image that unpacks to too many pixels is refused, however small the file', async () => {
  const t = testServer({ now: AT.aksu.submission });
  try {
    const png = Buffer.from(demoPng(8, 8, [1, 2, 3]));
    png.writeUInt32BE(9_000, 16);
    png.writeUInt32BE(9_000, 20);
    const r = await call(t.app, 'POST', '/cities/aksu/photos?name=big.png', { raw: new Uint8Array(png) as Uint8Array<ArrayBuffer>, contentType: 'image/png' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.details.issues[0].message, 'photo.dimensions');
  } finally {
    t.close();
  }
});

test('the idempotency record of a proposal keeps a keyed digest of its body, not a plain sha256 (which gave the phone away by enumeration)', async () => {
  const t = testServer({ now: AT.aksu.submission });
  try {
    const photo = await call(t.app, 'POST', '/cities/aksu/photos?name=p.png', { raw: demoPng(8, 8, [4, 5, 6]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' });
    const body = { title: 'Скамейки во дворе', description: 'Поставить шесть скамеек во дворе дома.', category: 'improvement', address: 'ул. Абая, 1', estimatedCost: 500_000, photos: [photo.body.id], authorName: 'Айгуль', phone: '+77015551234', consent: true };
    assert.equal((await call(t.app, 'POST', '/cities/aksu/proposals', { key: newKey(), body })).status, 201);
    const rows = t.store.db.prepare("SELECT request_hash FROM idempotency WHERE scope LIKE 'proposal%'").all() as { request_hash: string }[];
    assert.equal(rows.length, 1);
    assert.notEqual(rows[0]!.request_hash, createHash('sha256').update(JSON.stringify(body)).digest('hex'));
  } finally {
    t.close();
  }
});

/** Sends `head` (and nothing more) on a raw connection; resolves with what came back and how long until the server closed it. */
function slowClient(port: number, head: string): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    socket.on('error', reject);
    setTimeout(() => {
      socket.destroy();
      resolve({ text, ms: Date.now() - started });
    }, 20_000).unref();
  });
}

/** Sends `head`, then each of `chunks` `everyMs` apart; resolves with what came back once the server closed. */
function trickleClient(port: number, head: string, chunks: string[], everyMs: number): Promise<{ text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      let i = 0;
      const timer = setInterval(() => {
        if (i < chunks.length) socket.write(chunks[i++]!);
        else clearInterval(timer);
      }, everyMs);
      socket.on('close', () => clearInterval(timer));
    });
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('close', () => resolve({ text }));
    socket.on('error', reject);
  });
}

test('a body sent a byte at a time gets 408 request_timeout and the connection closed, one that keeps moving is read however long it takes; slow headers are cut at their timeout, not at 30 s', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qala-slow-'));
  const file = exampleConfigFile();
  for (const c of file.cities) c.identity = { method: 'phone_only' };
  file.server = { ...file.server, bodyTimeoutMs: 500 };
  const running = await startServer({
    config: parseConfig(file),
    store: new SqliteStore(join(dir, 'q.db')),
    secrets: { secret: randomBytes(32), adminTokens: {} },
    logger: silentLogger,
    port: 0,
    hostname: '127.0.0.1',
    timeouts: { headersMs: 1_000 },
  });
  try {
    const slowBody = await slowClient(
      running.port,
      'POST /api/v1/cities/aksu/verification HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
    );
    assert.match(slowBody.text, /^HTTP\/1\.1 408/);
    assert.match(slowBody.text, /"code":"request_timeout"/);
    assert.ok(slowBody.ms < 10_000, `the connection was held ${slowBody.ms} ms`);
    // A slow connection that keeps moving (2 KB every 200 ms, 2 s in all: four times the 500 ms) is read to the end.
    const json = `${' '.repeat(20 * 2048 - 2)}{}`;
    const moving = await trickleClient(
      running.port,
      `POST /api/v1/cities/aksu/verification HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\nConnection: close\r\n\r\n`,
      Array.from({ length: 10 }, (_, i) => json.slice(i * 4096, (i + 1) * 4096)),
      200,
    );
    assert.match(moving.text, /^HTTP\/1\.1 400/, moving.text.slice(0, 200));
    assert.match(moving.text, /"code":"validation_failed"/);
    // Node's own limit on a whole request does not cut such an upload at 30 s (its default): the pace is ours to judge.
    assert.equal((running.server as unknown as { requestTimeout: number }).requestTimeout, 600_000);
    const slowHeaders = await slowClient(running.port, 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n');
    assert.ok(slowHeaders.ms < 10_000, `slow headers held the connection ${slowHeaders.ms} ms (Node checks every 30 s unless told otherwise)`);
  } finally {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('behind a proxy, the client address is the one the proxy appended (rightmost): writing X-Forwarded-For oneself does not escape a per-address limit', async () => {
  const receipts = async (trustProxy: boolean | number, hops: (i: number) => string) => {
    const t = testServer({ edit: (f) => void (f.server = { ...f.server, trustProxy, limits: { ...f.server!.limits, receiptChecksPerIpPerMinute: 2 } }) });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(t.app, 'GET', '/cities/aksu/receipts/AAAA-AAAA-AAAA-AAAA', { headers: { 'x-forwarded-for': hops(i) } })).status);
      return statuses;
    } finally {
      t.close();
    }
  };
  // nginx's $proxy_add_x_forwarded_for: what the client sent, then the address nginx saw.
  assert.deepEqual(await receipts(true, () => '203.0.113.7'), [404, 404, 429, 429], 'one client');
  assert.deepEqual(await receipts(true, (i) => `198.51.100.${i}, 203.0.113.7`), [404, 404, 429, 429], 'one client writing a new address each time');
  assert.deepEqual(await receipts(true, (i) => `198.51.100.${i}, 203.0.113.${i}`), [404, 404, 404, 404], 'four clients');
  // A CDN then nginx (2): the CDN's entry is the client's; nginx appended the CDN's own address.
  assert.deepEqual(await receipts(2, (i) => `198.51.100.${i}, 203.0.113.7, 192.0.2.${i % 2}`), [404, 404, 429, 429], 'one client through two CDN nodes');
  assert.deepEqual(await receipts(2, (i) => `203.0.113.${i}, 192.0.2.1`), [404, 404, 404, 404], 'four clients through one CDN node');
});
