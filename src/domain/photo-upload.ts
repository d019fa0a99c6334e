import { PROPOSAL_LIMITS, issuesFromZod, userText, type ErrorCode, type FieldIssue } from '../contract/index.js';
import { MAX_PIXELS, sniffImage, type ImageInfo } from './image-sniff.js';

/**
 * A resident's photo as the server takes it, and the mock after it: the body
 * (read whole, at most `PROPOSAL_LIMITS.photoBytes`) sent as a JPEG, PNG or
 * WebP or as bytes of no stated kind, what it is read from the bytes, its size
 * from its header; then its name. Each refusal in the server's words.
 */

/** Types a photo may be declared as: an image we take, or bytes the server sniffs (`application/octet-stream`, none). */
const DECLARED = ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream', ''];
/** Longest side a photo may have, in pixels (its area is held by `MAX_PIXELS`). */
export const MAX_PHOTO_SIDE = 10_000;

export interface PhotoRefusal {
  ok: false;
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
}

/** The body's image (kind and size read from its bytes), or why it is refused, in the order the server checks. */
export function checkPhotoBody(contentType: string | null | undefined, bytes: Uint8Array): { ok: true; info: ImageInfo } | PhotoRefusal {
  const declared = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!DECLARED.includes(declared)) return { ok: false, code: 'unsupported_media_type', message: 'send a JPEG, PNG or WebP image as the request body' };
  if (bytes.length === 0) return { ok: false, code: 'validation_failed', message: 'the image is empty', issues: [{ path: ['body'], message: 'photo.empty' }] };
  if (bytes.length > PROPOSAL_LIMITS.photoBytes) return { ok: false, code: 'payload_too_large', message: `a photo may be at most ${PROPOSAL_LIMITS.photoBytes} bytes` };
  const info = sniffImage(bytes);
  if (!info) return { ok: false, code: 'unsupported_media_type', message: 'the body is not a JPEG, PNG or WebP image' };
  if (info.width > MAX_PHOTO_SIDE || info.height > MAX_PHOTO_SIDE || info.width * info.height > MAX_PIXELS)
    return {
      ok: false,
      code: 'validation_failed',
      message: 'the image has too many pixels',
      issues: [{ path: ['body'], message: 'photo.dimensions', params: { max: MAX_PHOTO_SIDE, maxPixels: MAX_PIXELS } }],
    };
  return { ok: true, info };
}

const PhotoName = userText({ max: 200 });

/** The `name` a photo is uploaded with, as kept (normalised; none when blank), or why it is refused. */
export function photoName(name: string | null): { ok: true; name: string | undefined } | PhotoRefusal {
  if (name === null || name.trim() === '') return { ok: true, name: undefined };
  const parsed = PhotoName.safeParse(name);
  if (!parsed.success) return { ok: false, code: 'validation_failed', message: 'the request has invalid fields', issues: issuesFromZod(parsed.error, ['name']) };
  return { ok: true, name: parsed.data };
}
