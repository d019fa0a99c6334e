import type { ImageType } from '../domain/image-sniff.js';

// Sniffing lives in `domain/image-sniff.ts` (the mock sniffs too, through `domain/photo-upload.ts`); stripping what a
// camera wrote stays here.

const JPEG_DROP = new Set([0xe1, 0xed, 0xfe]); // APP1 (Exif, XMP), APP13 (IPTC), COM
const PNG_DROP = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);
const WEBP_DROP = new Set(['EXIF', 'XMP ']);

/**
 * The image without what a camera or an editor writes about it — Exif (with
 * the GPS position where the photo was taken), XMP, IPTC, comments, text
 * chunks — since photos are served publicly. Pixels and colour profile stay
 * as they are. `bytes` must be a complete image of `type` (`sniffImage` in `domain/image-sniff.ts`).
 */
export function stripMetadata(type: ImageType, bytes: Uint8Array): Uint8Array {
  if (type === 'image/jpeg') return stripJpeg(bytes);
  if (type === 'image/png') return stripPng(bytes);
  return stripWebp(bytes);
}

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function stripJpeg(b: Uint8Array): Uint8Array {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  let pos = 2;
  while (pos + 4 <= b.length && b[pos] === 0xff) {
    const marker = b[pos + 1]!;
    // From the start of scan on, the rest is image data (and what follows it): kept as it is.
    if (marker === 0xda || marker === 0xd9) break;
    // A fill byte (0xFF before a marker's own 0xFF, ITU T.81 B.1.1.2): dropped, and the walk stays on the markers.
    if (marker === 0xff) {
      pos += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      parts.push(b.subarray(pos, pos + 2));
      pos += 2;
      continue;
    }
    const end = pos + 2 + view.getUint16(pos + 2);
    if (!JPEG_DROP.has(marker)) parts.push(b.subarray(pos, end));
    pos = end;
  }
  parts.push(b.subarray(pos));
  return join(parts);
}

function stripPng(b: Uint8Array): Uint8Array {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  let pos = 8;
  while (pos + 12 <= b.length) {
    const length = view.getUint32(pos);
    const kind = String.fromCharCode(b[pos + 4]!, b[pos + 5]!, b[pos + 6]!, b[pos + 7]!);
    const end = pos + 12 + length;
    if (!PNG_DROP.has(kind)) parts.push(b.subarray(pos, end));
    pos = end;
  }
  return join(parts);
}

function stripWebp(b: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let pos = 12;
  let extended: Uint8Array | null = null;
  while (pos + 8 <= b.length) {
    const kind = String.fromCharCode(b[pos]!, b[pos + 1]!, b[pos + 2]!, b[pos + 3]!);
    const size = new DataView(b.buffer, b.byteOffset + pos + 4, 4).getUint32(0, true);
    const end = Math.min(b.length, pos + 8 + size + (size & 1));
    if (!WEBP_DROP.has(kind)) {
      const chunk = b.slice(pos, end);
      if (kind === 'VP8X') extended = chunk;
      parts.push(chunk);
    }
    pos = end;
  }
  // VP8X says which optional chunks follow: no Exif (bit 3), no XMP (bit 2) any more.
  if (extended) extended[8] = extended[8]! & ~0x0c;
  const body = join(parts);
  const head = new Uint8Array(12);
  head.set(b.subarray(0, 12));
  new DataView(head.buffer).setUint32(4, body.length + 4, true);
  return join([head, body]);
}
