import { QalaError } from './errors.js';

/**
 * A file sent with XMLHttpRequest, which reports upload progress (fetch does not): what
 * `HttpBackend.uploadPhoto` does when asked for progress. A module of its own, imported then, so the script tag's
 * shared chunk does not carry it to pages with no photos to send (after a failed fetch the next photo asks for it
 * again, under a fresh address in the script tag's build: see `http-backend.ts`).
 */
export function withProgress(
  url: string,
  file: Blob,
  idleMs: number,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
  token?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new QalaError('aborted', 'unavailable', 'aborted'));
    const xhr = new XMLHttpRequest();
    // Timed out when nothing moves for `idleMs` (no byte sent, no byte of the answer), not after a fixed total: on a
    // slow connection a photo that keeps going may take minutes, and one that stalled is given up on as soon.
    let timer: ReturnType<typeof setTimeout> | undefined;
    let idle = false;
    const moved = () => {
      clearTimeout(timer);
      timer = setTimeout(() => ((idle = true), xhr.abort()), idleMs);
    };
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => (moved(), e.lengthComputable && onProgress(e.loaded / e.total));
    xhr.upload.onload = moved;
    xhr.onprogress = moved;
    xhr.onloadend = () => clearTimeout(timer);
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new QalaError('network', 'unavailable', 'network error'));
    xhr.onabort = () => reject(idle ? new QalaError('timeout', 'unavailable', 'nothing moved for too long') : new QalaError('aborted', 'unavailable', 'aborted'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    moved();
    xhr.send(file);
  });
}
