import { StoreError } from './errors.js';
import { PgStore, type PgStoreOptions } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export { StoreError, isStoreError, type StoreErrorCode } from './errors.js';
export type { Store } from './types.js';

/** The embedded default when neither `--db` nor `DATABASE_URL` says otherwise. */
export const DEFAULT_SQLITE_PATH = '.qala/qala.db';

export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/**
 * Where a store lives, from a URL or path: `postgres://…` / `postgresql://…`
 * is PostgreSQL; `sqlite:FILE` or a plain path is SQLite; nothing given means
 * `DATABASE_URL`, then the embedded default.
 */
export function storeLocation(url: string | undefined, env: Record<string, string | undefined> = process.env): StoreLocation {
  const value = url ?? env.DATABASE_URL ?? DEFAULT_SQLITE_PATH;
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  if (/^sqlite:/i.test(value)) {
    const path = value.replace(/^sqlite:(\/\/)?/i, '');
    if (!path) throw new StoreError('unusable', 'the sqlite: URL names no file (expected sqlite:path/to/qala.db)');
    return { kind: 'sqlite', path };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) throw new StoreError('unusable', `unknown database URL scheme in ${value.split('://')[0]}:// (use postgres://… or a SQLite file path)`);
  return { kind: 'sqlite', path: value };
}

/** Opens (and migrates) the store a URL or path names; errors are StoreErrors that say what to fix. */
export async function openStore(url?: string, options: PgStoreOptions = {}): Promise<Store & { describe(): string }> {
  const where = storeLocation(url);
  if (where.kind === 'postgres') {
    const store = await PgStore.open(where.url, options);
    return Object.assign(store, { describe: () => `PostgreSQL ${redacted(where.url)}` });
  }
  const store = new SqliteStore(where.path);
  return Object.assign(store, { describe: () => `SQLite ${where.path}` });
}

function redacted(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}
