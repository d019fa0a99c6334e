/**
 * `qala serve | seed | export-pb`, and the `npm start` demo: thin shells over
 * `src/server`. Each returns the process exit code.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ServerConfigFile } from '../contract/config.js';
import { ConfigError, loadConfigFile, parseConfig, type ServerConfig } from '../server/config.js';
import { Keys } from '../server/crypto.js';
import { stdoutLogger } from '../server/logger.js';
import { DEMO_STAFF, DEMO_VOTERS, demoConfig, seedAll } from '../server/seed.js';
import { SecretsError, ensureDevSecrets, loadSecrets, type Secrets } from '../server/secrets.js';
import { startServer } from '../server/server.js';
import { Core } from '../server/services/core.js';
import { ResultsService } from '../server/services/results.js';
import { ProposalService } from '../server/services/proposals.js';
import { StoreError, openStore, type Store } from '../server/store/index.js';
import { SqliteStore } from '../server/store/sqlite.js';
import { silentLogger } from '../server/logger.js';
import { consoleSms } from '../server/sms.js';

const err = (line: string) => process.stderr.write(`${line}\n`);

function options(args: string[], extra: Record<string, { type: 'string' | 'boolean' }> = {}) {
  return parseArgs({
    args,
    options: {
      config: { type: 'string' },
      db: { type: 'string' },
      secrets: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      static: { type: 'string' },
      dist: { type: 'string' },
      help: { type: 'boolean' },
      ...extra,
    },
    strict: true,
  }).values as Record<string, string | boolean | undefined>;
}

/** Config, secrets and store, or an exit code after saying exactly what is wrong. */
async function open(values: Record<string, string | boolean | undefined>): Promise<{ config: ServerConfig; secrets: Secrets; store: Store & { describe(): string } } | number> {
  const configPath = (values.config as string | undefined) ?? 'qala.config.json';
  let config: ServerConfig;
  try {
    config = loadConfigFile(configPath);
  } catch (error) {
    if (error instanceof ConfigError) {
      err(`qala: the config file cannot be used\n${error.message}`);
      return 1;
    }
    throw error;
  }
  let secrets: Secrets;
  try {
    secrets = loadSecrets({ file: values.secrets as string | undefined });
  } catch (error) {
    if (error instanceof SecretsError) {
      err(`qala: ${error.message}`);
      return 1;
    }
    throw error;
  }
  // --db FILE | sqlite:FILE | postgres://…; without it DATABASE_URL, then .qala/qala.db.
  let store;
  try {
    store = await openStore(values.db as string | undefined);
  } catch (error) {
    if (error instanceof StoreError) {
      err(`qala: the database cannot be used\n${error.message}`);
      return 1;
    }
    throw error;
  }
  return { config, secrets, store };
}

export async function serve(args: string[]): Promise<number> {
  let values;
  try {
    values = options(args);
  } catch (error) {
    err(`qala serve: ${(error as Error).message}`);
    return 2;
  }
  if (values.help) {
    err('usage: qala serve --config FILE [--db FILE|postgres://…] [--port N] [--host H] [--secrets FILE] [--static DIR] [--dist DIR]\nsecrets: QALA_SECRET (+ QALA_ADMIN_TOKENS) or QALA_SECRETS_FILE');
    return 0;
  }
  const opened = await open(values);
  if (typeof opened === 'number') return opened;
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    err('qala serve: --port must be a port number');
    return 2;
  }
  const running = await startServer({
    ...opened,
    port,
    hostname: values.host as string | undefined,
    logger: stdoutLogger(),
    static: { demo: values.static as string | undefined, dist: values.dist as string | undefined },
  });
  process.stderr.write(`qala: serving on ${running.url} (database: ${opened.store.describe()})\n`);
  return waitForSignal(running.close);
}

function waitForSignal(close: () => Promise<void>): Promise<number> {
  return new Promise((resolveExit) => {
    const stop = () => {
      close().then(() => resolveExit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export async function seed(args: string[]): Promise<number> {
  let values;
  try {
    values = options(args);
  } catch (error) {
    err(`qala seed: ${(error as Error).message}`);
    return 2;
  }
  const opened = await open(values);
  if (typeof opened === 'number') return opened;
  const lines = await seedAll(opened.store, new Keys(opened.secrets.secret), opened.config, new Date());
  await opened.store.close();
  for (const l of lines) err(`qala seed: ${l}`);
  return 0;
}

export async function exportPb(args: string[]): Promise<number> {
  let values;
  try {
    values = options(args, { city: { type: 'string' }, pool: { type: 'string' }, out: { type: 'string' } });
  } catch (error) {
    err(`qala export-pb: ${(error as Error).message}`);
    return 2;
  }
  if (!values.city) {
    err('usage: qala export-pb --config FILE --db FILE --city SLUG [--pool ID] [--out FILE]');
    return 2;
  }
  const opened = await open(values);
  if (typeof opened === 'number') return opened;
  try {
    const core = new Core({ ...opened, clock: () => new Date(), sms: consoleSms(silentLogger), logger: silentLogger });
    const proposals = new ProposalService(core);
    const results = new ResultsService(core, proposals);
    const text = await results.pabulib(await core.view(values.city as string), values.pool as string | undefined);
    if (values.out) writeFileSync(values.out as string, text);
    else process.stdout.write(text);
    return 0;
  } catch (error) {
    err(`qala export-pb: ${(error as Error).message}`);
    return 1;
  } finally {
    await opened.store.close();
  }
}

/**
 * `npm start`: dev secrets in `.qala/secrets.json`, a demo config in
 * `.qala/config.json` made from `qala.config.example.json` with the dates
 * moved so Aksu and Rudny are voting now and a third town has results, `.qala/qala.db` created, migrated and seeded,
 * `demo/` served at `/` and `dist/` at `/dist/`.
 */
export async function startDemo(root: string, port = Number(process.env.PORT ?? 8080)): Promise<number> {
  const dir = join(root, '.qala');
  mkdirSync(dir, { recursive: true });
  const example = JSON.parse(readFileSync(join(root, 'qala.config.example.json'), 'utf8')) as ServerConfigFile;
  const now = new Date();
  const file = demoConfig(example, now);
  // Rudny's voters sign in with a small local OpenID Connect provider (eGov stands in): a real one, not a fake.
  const { startDevProvider } = await import('../server/identity/dev-provider.js');
  // Residents' sign-in, and the staff's in the project centre (#13: an invited person may accept with the provider).
  const callbacks = ['localhost', '127.0.0.1'].flatMap((host) => [`http://${host}:${port}/api/v1/oidc/callback`, `http://${host}:${port}/api/v1/admin/oidc/callback`]);
  const provider = await startDevProvider({
    clients: [{ clientId: 'qala-demo', redirectUris: callbacks }],
    accounts: DEMO_VOTERS.map(([iin]) => ({ login: iin, password: 'qala', claims: { iin } })),
  });
  const rudny = file.cities.find((c) => c.slug === 'rudny');
  if (rudny)
    rudny.identity = { method: 'oidc', provider: { kk: 'eGov (демо)', ru: 'eGov (демо)', en: 'eGov (demo)' }, issuer: provider.issuer, clientId: 'qala-demo', claim: 'iin' };
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(file, null, 2) + '\n');
  let config: ServerConfig;
  try {
    config = parseConfig(file, configPath);
  } catch (error) {
    err(error instanceof ConfigError ? error.message : String(error));
    return 1;
  }
  const secretsPath = join(dir, 'secrets.json');
  const { secrets, tokens, created } = ensureDevSecrets(secretsPath, config.admins.map((a) => a.id));
  if (created) err(`qala: generated development secrets in ${secretsPath} (HMAC key and admin tokens; never use them in production)`);
  const dbPath = join(dir, 'qala.db');
  const fresh = !existsSync(dbPath);
  const store = new SqliteStore(dbPath);
  const keys = new Keys(secrets.secret);
  const seeded = await seedAll(store, keys, config, now);
  if (fresh) err(`qala: created ${dbPath}`);
  for (const line of seeded) err(`qala: seed ${line}`);
  const running = await startServer({
    config,
    store,
    secrets,
    port,
    logger: stdoutLogger(),
    static: { demo: resolve(root, 'demo'), dist: resolve(root, 'dist') },
  });
  const url = `http://localhost:${running.port}`;
  process.stderr.write(
    [
      '',
      `  Qala demo: ${url}`,
      `  API:       ${url}/api/v1/openapi.json`,
      `  Cities:    aksu (voting now, live counts, voter list), rudny (voting now, sign-in with the demo eGov, geolocation check, counts hidden),`,
      `             khromtau (results published), lisakovsk (taking proposals),`,
      `             aksu-single, aksu-knapsack, aksu-cumulative, aksu-ranked (one per ballot rule: ${url}/rules.html)`,
      ...Object.entries(tokens)
        .filter(([id]) => ['aksu-centre', 'rudny-centre', 'khromtau-centre', 'lisakovsk-centre'].includes(id))
        .map(([id, token]) => `  Admin token (${id}): ${token}`),
      `  (all admin tokens: .qala/secrets.json)`,
      `  Voters:    IINs ${DEMO_VOTERS.slice(0, 2).map(([iin]) => iin).join(', ')} (and 8 more, src/server/seed.ts) are on the voter lists;`,
      `             one-time codes appear in this log (console SMS provider).`,
      `  Sign-in:   Rudny's demo eGov (${provider.issuer}): login = one of those IINs, password "qala".`,
      `  Centre:    ${url}/centre/ — Aksu's staff sign in with a one-time code (it appears in this log):`,
      ...DEMO_STAFF.map((p) => `             ${p.role === 'coordinator' ? 'coordinator' : 'expert     '} ${p.name} (${p.organisation}): ${p.contact}`),
      '',
    ].join('\n') + '\n',
  );
  return waitForSignal(() => running.close().then(() => provider.close()));
}

