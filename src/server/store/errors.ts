/**
 * What a store may refuse, by name: services and routes match on `code`,
 * never on a driver's error codes (SQLite's `SQLITE_CONSTRAINT_UNIQUE`,
 * PostgreSQL's SQLSTATE `23505`), so changing the store changes no service.
 */
export type StoreErrorCode =
  /** A ballot's receipt code is already used (about 1 in 2^80): draw another. */
  | 'receipt_taken'
  /** A record changed since it was read (optimistic concurrency). */
  | 'version_conflict'
  /** A photo is unknown, of another city, or already attached to a proposal. */
  | 'photo_unavailable'
  /** The author has reached the cycle's proposal limit. */
  | 'limit_reached'
  /** The identity provider's account is already bound to another staff member of the city. */
  | 'subject_taken'
  /** The database cannot be reached right now (restarting, network); the request may be retried. */
  | 'unavailable'
  /** Another process holds the SQLite file. */
  | 'locked'
  /** The database's schema is newer than this server, or the URL/target cannot be used. */
  | 'unusable';

export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const isStoreError = (error: unknown, code?: StoreErrorCode): error is StoreError =>
  error instanceof StoreError && (code === undefined || error.code === code);
