import { QalaError } from './errors.js';

/**
 * A file sent with XMLHttpRequest, which reports upload progress (fetch does not): what
 * `HttpBackend.uploadPhoto` does when asked for progress. A module of its own, imported then, so the script tag's
 * shared chunk does not carry it to pages with no photos to send (after a failed fetch the next photo asks for it
 * again, under a fresh address in the script tag's build: see `http-backend.ts`).
 */
export function withProgress(url: string, file: Blob, timeoutMs: number, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new QalaError('aborted', 'unavailable', 'aborted'));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.timeout = timeoutMs;
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new QalaError('network', 'unavailable', 'network error'));
    xhr.ontimeout = () => reject(new QalaError('timeout', 'unavailable', 'timed out'));
    xhr.onabort = () => reject(new QalaError('aborted', 'unavailable', 'aborted'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
