import type { FieldIssue } from '../contract/index.js';

/** 8–200 visible ASCII characters: a UUID, or any client's own scheme. */
const KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

/** Why an Idempotency-Key header will not do: none was sent, or it is malformed (a 400 with its issue). */
export type IdempotencyKeyRefusal =
  | { code: 'idempotency_key_required'; message: string }
  | { code: 'validation_failed'; message: string; issues: FieldIssue[] };

/**
 * The Idempotency-Key header refused as the server refuses it, or null when it
 * will do. Shared by the server (`requireIdempotencyKey`) and the mocks so both
 * refuse in the same words.
 */
export function idempotencyKeyRefusal(value: string | null | undefined): IdempotencyKeyRefusal | null {
  if (value === undefined || value === null || value === '')
    return { code: 'idempotency_key_required', message: 'send an Idempotency-Key header (a random UUID per action, reused on retries)' };
  if (!KEY_PATTERN.test(value)) return { code: 'validation_failed', message: 'the Idempotency-Key header is malformed', issues: [{ path: ['Idempotency-Key'], message: 'idempotency_key.invalid' }] };
  return null;
}
