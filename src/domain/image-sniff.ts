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
  return info && isComplete(info.type, b) ? info : null;
}

/** A whole file, not just a plausible header: JPEG ends with EOI, PNG with IEND, WebP's RIFF size is the file's. */
function isComplete(type: ImageType, b: Uint8Array): boolean {
  const n = b.length;
  if (type === 'image/jpeg') return n >= 4 && b[n - 2] === 0xff && b[n - 1] === 0xd9;
  if (type === 'image/png') return n >= 12 && b[n - 8] === 0x49 && b[n - 7] === 0x45 && b[n - 6] === 0x4e && b[n - 5] === 0x44;
  return n >= 12 && new DataView(b.buffer, b.byteOffset, n).getUint32(4, true) + 8 === n;
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
