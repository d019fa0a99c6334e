import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Server secrets. Never in the config file or the repository: they come from
 * the environment (`QALA_SECRET`, `QALA_ADMIN_TOKENS`) or from a JSON file
 * outside the repository (`QALA_SECRETS_FILE` / `--secrets FILE`).
 *
 * `secret` is the master key every keyed hash and token key is derived from.
 * Changing it mid-cycle would let everyone vote again: keep it for the cycle.
 */
export interface Secrets {
  secret: Buffer;
  /** Admin account id → sha256 (hex) of its bearer token. */
  adminTokens: Record<string, string>;
}

export interface SecretsFile {
  /** At least 32 random bytes, base64. */
  secret: string;
  adminTokens?: Record<string, string>;
  /** Development only: raw admin tokens, so `npm start` can print them. */
  devAdminTokens?: Record<string, string>;
}

export class SecretsError extends Error {
  override name = 'SecretsError';
}

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

function decodeSecret(value: string, where: string): Buffer {
  const bytes = /^[0-9a-f]+$/i.test(value) && value.length >= 64 ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (bytes.length < 32) throw new SecretsError(`${where}: the secret must hold at least 32 random bytes (base64 or hex)`);
  return bytes;
}

function parseAdminTokens(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new SecretsError(`${where}: adminTokens must be an object { adminId: sha256hex }`);
  const out: Record<string, string> = {};
  for (const [id, hash] of Object.entries(value)) {
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) throw new SecretsError(`${where}: adminTokens.${id} must be the sha256 (hex) of the token`);
    out[id] = hash;
  }
  return out;
}

export function parseSecretsFile(json: unknown, where: string): Secrets {
  if (!json || typeof json !== 'object') throw new SecretsError(`${where}: expected a JSON object`);
  const file = json as Partial<SecretsFile>;
  if (typeof file.secret !== 'string') throw new SecretsError(`${where}: "secret" is missing`);
  return { secret: decodeSecret(file.secret, where), adminTokens: parseAdminTokens(file.adminTokens, `${where}`) };
}

export function readSecretsFile(path: string): Secrets {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SecretsError(`${path}: cannot read the secrets file (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  try {
    return parseSecretsFile(JSON.parse(text), path);
  } catch (error) {
    if (error instanceof SecretsError) throw error;
    throw new SecretsError(`${path}: not valid JSON`);
  }
}

/**
 * Secrets from, in order: an explicit file, `QALA_SECRETS_FILE`, or
 * `QALA_SECRET` (+ optional `QALA_ADMIN_TOKENS` as JSON `{ id: sha256hex }`).
 */
export function loadSecrets(options: { file?: string; env?: NodeJS.ProcessEnv } = {}): Secrets {
  const env = options.env ?? process.env;
  const file = options.file ?? env.QALA_SECRETS_FILE;
  if (file) {
    const secrets = readSecretsFile(file);
    if (env.QALA_ADMIN_TOKENS) Object.assign(secrets.adminTokens, parseAdminTokens(JSON.parse(env.QALA_ADMIN_TOKENS), 'QALA_ADMIN_TOKENS'));
    return secrets;
  }
  if (env.QALA_SECRET) {
    let admin: unknown;
    try {
      admin = env.QALA_ADMIN_TOKENS ? JSON.parse(env.QALA_ADMIN_TOKENS) : undefined;
    } catch {
      throw new SecretsError('QALA_ADMIN_TOKENS: not valid JSON');
    }
    return { secret: decodeSecret(env.QALA_SECRET, 'QALA_SECRET'), adminTokens: parseAdminTokens(admin, 'QALA_ADMIN_TOKENS') };
  }
  throw new SecretsError('no secrets: set QALA_SECRET (32+ random bytes, base64) or QALA_SECRETS_FILE, or pass --secrets FILE');
}

export function newAdminToken(): string {
  return `qa_${randomBytes(32).toString('base64url')}`;
}

/**
 * Development secrets for `npm start`: created once in `path` with one admin
 * token per given admin id; the raw tokens are kept there too (dev only) so
 * they can be printed. Returns whether the file was created now.
 */
export function ensureDevSecrets(path: string, adminIds: string[]): { secrets: Secrets; tokens: Record<string, string>; created: boolean } {
  let file: SecretsFile;
  let created = false;
  if (existsSync(path)) {
    file = JSON.parse(readFileSync(path, 'utf8')) as SecretsFile;
  } else {
    file = { secret: randomBytes(32).toString('base64'), adminTokens: {}, devAdminTokens: {} };
    created = true;
  }
  file.adminTokens ??= {};
  file.devAdminTokens ??= {};
  let changed = created;
  for (const id of adminIds) {
    if (!file.devAdminTokens[id]) {
      const token = newAdminToken();
      file.devAdminTokens[id] = token;
      file.adminTokens[id] = sha256Hex(token);
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
  }
  return { secrets: parseSecretsFile(file, path), tokens: file.devAdminTokens, created };
}
