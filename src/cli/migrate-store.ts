/** `qala migrate-store --from FILE.db --to postgres://…`: moving a deployment from SQLite to PostgreSQL. */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile, type ServerConfig } from '../server/config.js';
import { StoreError } from '../server/store/errors.js';
import { migrateSqliteToPostgres } from '../server/store/migrate.js';
import { PgStore } from '../server/store/postgres.js';
import { SqliteStore } from '../server/store/sqlite.js';

const USAGE = 'usage: qala migrate-store --from FILE.db --to postgres://user@host:port/database [--config FILE]\n' +
  'Copies every table (proposals, photos, ballots and receipts, idempotency answers, phase changes, the audit log, challenges, voter lists)\n' +
  'into an empty PostgreSQL database in one transaction, then checks row counts and recounts every cycle on the target\n' +
  '(by its rule when --config names the cycle). Stop the server first: the SQLite file is locked while it runs.';

export async function migrateStore(args: string[]): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean' } }, strict: true }).values;
  } catch (error) {
    err(`qala migrate-store: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help || !values.from || !values.to) {
    err(USAGE);
    return values.help ? 0 : 2;
  }
  const fromPath = String(values.from).replace(/^sqlite:(\/\/)?/, '');
  if (!existsSync(fromPath)) {
    err(`qala migrate-store: no SQLite file at ${fromPath}`);
    return 1;
  }
  let config: ServerConfig | null = null;
  if (values.config) {
    try {
      config = loadConfigFile(String(values.config));
    } catch (error) {
      err(`qala migrate-store: the config file cannot be used\n${error instanceof ConfigError ? error.message : String(error)}`);
      return 1;
    }
  }
  let from: SqliteStore | undefined;
  let to: PgStore | undefined;
  try {
    from = new SqliteStore(fromPath);
    to = await PgStore.open(String(values.to));
    const report = await migrateSqliteToPostgres(from, to, config, (line) => err(`qala migrate-store: ${line}`));
    const total = Object.values(report.rows).reduce((s, n) => s + n, 0);
    err(`qala migrate-store: done: ${total} rows in ${Object.keys(report.rows).length} tables, ${report.recounts.length} cycle(s) recounted on the target and matching`);
    return 0;
  } catch (error) {
    if (error instanceof StoreError) {
      err(`qala migrate-store: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await from?.close();
    await to?.close();
  }
}
