import { imageParts, type ImagePart, type ImageType } from '../domain/image-sniff.js';

// Sniffing and walking an image's pieces live in `domain/image-sniff.ts` (the mock sniffs too, through
// `domain/photo-upload.ts`); choosing what is kept of them stays here.

/**
 * What a photo keeps: the pieces that make its pixels and colours, by name, and nothing else — not Exif or XMP
 * (with the GPS position where the photo was taken), IPTC, comments, text chunks, a multi-picture index, content
 * credentials, a maker's own blocks, nor anything after the image's end (a second picture, a motion photo's
 * video). A list of what stays rather than of what goes: a kind of block nobody listed is dropped.
 */
const JPEG_KEEP = (p: ImagePart, b: Uint8Array) =>
  p.marker === 0 || // a scan's coded data
  (p.marker >= 0xc0 && p.marker <= 0xcf) || // frames, Huffman and arithmetic coding tables
  (p.marker >= 0xd0 && p.marker <= 0xdf) || // restarts, SOI, EOI, SOS, DQT, DNL, DRI, DHP, EXP
  (p.marker === 0xe2 && startsWith(b, p.start + 4, 'ICC_PROFILE\0')) ||
  (p.marker === 0xee && startsWith(b, p.start + 4, 'Adobe')); // how the colours are coded
const PNG_KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'cHRM', 'gAMA', 'iCCP', 'sBIT', 'sRGB', 'cICP', 'mDCv', 'cLLi', 'bKGD', 'hIST', 'pHYs', 'sPLT', 'acTL', 'fcTL', 'fdAT']);
const WEBP_KEEP = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);

const startsWith = (b: Uint8Array, at: number, s: string) => at + s.length <= b.length && [...s].every((ch, i) => b[at + i] === ch.charCodeAt(0));

/**
 * The image without what a camera, a phone or an editor writes about it (see `JPEG_KEEP`), since photos are served
 * publicly. Pixels and colour profile stay as they are. `bytes` must be an image of `type` that `sniffImage`
 * (`domain/image-sniff.ts`) took (it walked the same pieces).
 */
export function stripMetadata(type: ImageType, bytes: Uint8Array): Uint8Array {
  const parts = imageParts(type, bytes);
  if (!parts) throw new Error(`stripMetadata: not a ${type} that sniffImage took`);
  if (type === 'image/jpeg') return join(parts.flatMap((p) => (p.marker === 0xe0 ? jfif(bytes, p) : JPEG_KEEP(p, bytes) ? [bytes.subarray(p.start, p.end)] : [])));
  if (type === 'image/png') return join(parts.flatMap((p, i) => (i === 0 || PNG_KEEP.has(p.kind) ? [bytes.subarray(p.start, p.end)] : [])));
  return webp(bytes, parts);
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

/** A JFIF header (APP0) without the thumbnail it may carry (a thumbnail can show what a crop took out); any other APP0 (JFXX: only a thumbnail) goes. */
function jfif(b: Uint8Array, p: ImagePart): Uint8Array[] {
  if (!startsWith(b, p.start + 4, 'JFIF\0') || p.end - p.start < 18) return [];
  const header = b.slice(p.start, p.start + 18);
  header[2] = 0;
  header[3] = 16;
  header[16] = 0;
  header[17] = 0;
  return [header];
}

function webp(b: Uint8Array, parts: ImagePart[]): Uint8Array {
  const kept = parts.slice(1).filter((p) => WEBP_KEEP.has(p.kind)).map((p) => b.slice(p.start, p.end));
  // VP8X says which optional chunks follow: no Exif (bit 3), no XMP (bit 2) any more.
  const extended = kept.find((c) => startsWith(c, 0, 'VP8X'));
  if (extended) extended[8] = extended[8]! & ~0x0c;
  const body = join(kept);
  const head = new Uint8Array(12);
  head.set(b.subarray(0, 12));
  new DataView(head.buffer).setUint32(4, body.length + 4, true);
  return join([head, body]);
}
