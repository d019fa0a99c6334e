import { QalaError } from './errors.js';

/**
 * A file sent with XMLHttpRequest, which reports upload progress (fetch does not): what
 * `HttpBackend.uploadPhoto` does when asked for progress. Imported statically: a module fetched only when a photo
 * is sent would, once that fetch failed on a dead network, stay failed in browsers that keep a failed module until
 * the page is reloaded, and no photo could be sent again.
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
