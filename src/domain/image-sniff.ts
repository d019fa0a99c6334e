/**
 * What an uploaded file really is, read from its bytes (never from the name or
 * the declared type), and its pixel size from the header. Browser-safe: the
 * server and the mock sniff alike.
 */
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

export interface ImageInfo {
  type: ImageType;
  width: number;
  height: number;
}

export function sniffImage(b: Uint8Array): ImageInfo | null {
  const info = sniffHeader(b);
  return info && imageParts(info.type, b) ? info : null;
}

/**
 * One piece of an image file: a JPEG segment (its marker; a scan's coded data is `marker` 0), a PNG or WebP chunk
 * (its four-letter type), from `start` to `end` in the file.
 */
export interface ImagePart {
  marker: number;
  kind: string;
  start: number;
  end: number;
}

/**
 * The pieces of the image, walked from its start to its end — a JPEG's end of image, a PNG's IEND chunk, a WebP's
 * RIFF size — or null when the file cannot be walked that far (cut short, or not built as its type says). What
 * follows the end is not part of it: phones append a second picture (a gain map, a multi-picture file's other
 * images) or a motion photo's video there, with metadata of their own.
 */
export function imageParts(type: ImageType, b: Uint8Array): ImagePart[] | null {
  if (type === 'image/jpeg') return jpegParts(b);
  if (type === 'image/png') return pngParts(b);
  return webpParts(b);
}

const part = (marker: number, kind: string, start: number, end: number): ImagePart => ({ marker, kind, start, end });

/** JPEG (ITU T.81 B.1): segments, each scan's coded data after its SOS, to the first EOI. */
function jpegParts(b: Uint8Array): ImagePart[] | null {
  const n = b.length;
  if (n < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  const parts = [part(0xd8, '', 0, 2)];
  let pos = 2;
  for (;;) {
    if (pos + 2 > n || b[pos] !== 0xff) return null;
    // Fill bytes (0xFF before a marker's own 0xFF, B.1.1.2) belong to no segment.
    while (pos + 2 < n && b[pos + 1] === 0xff) pos++;
    const marker = b[pos + 1]!;
    if (marker === 0xd9) {
      parts.push(part(marker, '', pos, pos + 2));
      return parts;
    }
    if (marker === 0x00 || marker === 0xd8 || marker === 0xff) return null;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      parts.push(part(marker, '', pos, pos + 2));
      pos += 2;
      continue;
    }
    if (pos + 4 > n) return null;
    const end = pos + 2 + ((b[pos + 2]! << 8) | b[pos + 3]!);
    if (end < pos + 4 || end > n) return null;
    parts.push(part(marker, '', pos, end));
    pos = end;
    if (marker !== 0xda) continue;
    // The scan's coded data runs to the next marker: 0xFF there is followed by 0 (a stuffed byte) or a restart marker.
    let at = pos;
    while (at + 1 < n && !(b[at] === 0xff && b[at + 1] !== 0x00 && (b[at + 1]! < 0xd0 || b[at + 1]! > 0xd7))) at += b[at] === 0xff ? 2 : 1;
    if (at + 1 >= n) return null;
    if (at > pos) parts.push(part(0, '', pos, at));
    pos = at;
  }
}

/** PNG: the signature, then chunks (length, type, data, CRC) to IEND. */
function pngParts(b: Uint8Array): ImagePart[] | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const parts = [part(0, '', 0, 8)];
  let pos = 8;
  while (pos + 12 <= b.length) {
    const kind = String.fromCharCode(b[pos + 4]!, b[pos + 5]!, b[pos + 6]!, b[pos + 7]!);
    const end = pos + 12 + view.getUint32(pos);
    if (end > b.length) return null;
    parts.push(part(0, kind, pos, end));
    if (kind === 'IEND') return parts;
    pos = end;
  }
  return null;
}

/** WebP: the RIFF header, whose size is the file's, then chunks (type, size, data, a pad byte to an even size) filling it exactly. */
function webpParts(b: Uint8Array): ImagePart[] | null {
  const n = b.length;
  const view = new DataView(b.buffer, b.byteOffset, n);
  if (n < 20 || view.getUint32(4, true) + 8 !== n) return null;
  const parts = [part(0, '', 0, 12)];
  let pos = 12;
  while (pos + 8 <= n) {
    const kind = String.fromCharCode(b[pos]!, b[pos + 1]!, b[pos + 2]!, b[pos + 3]!);
    const size = view.getUint32(pos + 4, true);
    const end = Math.min(n, pos + 8 + size + (size & 1));
    if (pos + 8 + size > n) return null;
    parts.push(part(0, kind, pos, end));
    pos = end;
  }
  return pos === n ? parts : null;
}

function sniffHeader(b: Uint8Array): ImageInfo | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ascii = (at: number, s: string) => b.length >= at + s.length && [...s].every((ch, i) => b[at + i] === ch.charCodeAt(0));
  // PNG: signature, then the IHDR chunk.
  if (b.length >= 24 && b[0] === 0x89 && ascii(1, 'PNG\r\n\u001a\n') && ascii(12, 'IHDR')) {
    return sized('image/png', view.getUint32(16), view.getUint32(20));
  }
  // JPEG: walk the segments to the first start-of-frame.
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    let pos = 2;
    while (pos + 4 <= b.length) {
      if (b[pos] !== 0xff) return null;
      const marker = b[pos + 1]!;
      if (marker === 0xff) {
        pos++;
        continue;
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        pos += 2;
        continue;
      }
      if (marker === 0xd9 || marker === 0xda) return null; // end of image / scan before any frame header
      const length = view.getUint16(pos + 2);
      if (length < 2) return null;
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) {
        if (pos + 9 > b.length) return null;
        return sized('image/jpeg', view.getUint16(pos + 7), view.getUint16(pos + 5));
      }
      pos += 2 + length;
    }
    return null;
  }
  // WebP: RIFF container with a VP8, VP8L or VP8X first chunk.
  if (b.length >= 30 && ascii(0, 'RIFF') && ascii(8, 'WEBP')) {
    if (ascii(12, 'VP8 ') && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
      return sized('image/webp', view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
    }
    if (ascii(12, 'VP8L') && b[20] === 0x2f) {
      const w = 1 + (((b[22]! & 0x3f) << 8) | b[21]!);
      const h = 1 + (((b[24]! & 0x0f) << 10) | (b[23]! << 2) | ((b[22]! & 0xc0) >> 6));
      return sized('image/webp', w, h);
    }
    if (ascii(12, 'VP8X')) {
      const w = 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16));
      const h = 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16));
      return sized('image/webp', w, h);
    }
  }
  return null;
}

function sized(type: ImageType, width: number, height: number): ImageInfo | null {
  return width > 0 && height > 0 ? { type, width, height } : null;
}

/** Largest decoded size a photo may have: a 6000 × 4000 camera original fits; a 12 KB PNG that unpacks to 400 MB on a phone does not. */
export const MAX_PIXELS = 25_000_000;
