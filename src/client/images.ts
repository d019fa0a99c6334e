import { ACCEPTED_TYPES, MAX_SOURCE_BYTES, MAX_PHOTO_SIDE } from './photo-limits.js';

/**
 * Photos are resized in the browser before upload: longest side at most
 * 1600 px (`MAX_PHOTO_SIDE`), re-encoded as JPEG. Re-encoding through a canvas
 * keeps only pixels, so EXIF (the phone's GPS position, its serial number)
 * never leaves the phone.
 */
export { ACCEPTED_TYPES, MAX_PHOTO_SIDE, MAX_SOURCE_BYTES };

export type ImageProblem = 'type' | 'size' | 'decode';

export class ImageError extends Error {
  override readonly name = 'ImageError';
  constructor(readonly problem: ImageProblem) {
    super(`image ${problem}`);
  }
}

export interface ResizedImage {
  blob: Blob;
  width: number;
  height: number;
  type: string;
}

/** The size that fits `max` on the longest side, keeping the aspect ratio; never enlarges. */
export function fitWithin(width: number, height: number, max: number): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= max) return { width, height };
  const scale = max / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** What is wrong with a picked file before it is read, or null. */
export function checkImageFile(file: { type: string; size: number }): ImageProblem | null {
  if (!ACCEPTED_TYPES.includes(file.type)) return 'type';
  if (file.size > MAX_SOURCE_BYTES || file.size === 0) return 'size';
  return null;
}

export interface ResizeOptions {
  maxSide?: number;
  /** JPEG quality 0…1. */
  quality?: number;
}

/** Decodes, scales down and re-encodes one image. Rejects with `ImageError`. */
export async function resizeImage(file: Blob, options: ResizeOptions = {}): Promise<ResizedImage> {
  const problem = checkImageFile(file);
  if (problem) throw new ImageError(problem);
  const maxSide = options.maxSide ?? MAX_PHOTO_SIDE;
  const quality = options.quality ?? 0.85;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new ImageError('decode');
  }
  try {
    const { width, height } = fitWithin(bitmap.width, bitmap.height, maxSide);
    const blob = await encode(bitmap, width, height, quality);
    return { blob, width, height, type: blob.type || 'image/jpeg' };
  } finally {
    bitmap.close();
  }
}

async function encode(bitmap: ImageBitmap, width: number, height: number, quality: number): Promise<Blob> {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new ImageError('decode');
    draw(ctx, bitmap, width, height);
    return canvas.convertToBlob({ type: 'image/jpeg', quality });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new ImageError('decode');
  draw(ctx, bitmap, width, height);
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new ImageError('decode'))), 'image/jpeg', quality),
  );
}

function draw(ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D, bitmap: ImageBitmap, width: number, height: number): void {
  // JPEG has no transparency: a PNG sketch on white, not on black.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, width, height);
}
