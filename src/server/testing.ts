/**
 * Fixtures for the server's tests and benchmark: the example config on a
 * movable clock, an SMS provider that keeps codes, valid test IINs, and a
 * small request helper around `app.request`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerConfigFile } from '../contract/config.js';
import { createApp, type QalaApp } from './app.js';
import { parseConfig, type ServerConfig } from './config.js';
import { demoConfig, seedAll } from './seed.js';
import { memoryLogger } from './logger.js';
import { sha256Hex, type Secrets } from './secrets.js';
import type { Hooks } from './services/core.js';
import type { OidcPort } from './services/verification.js';
import { consoleSms, type SmsProvider } from './sms.js';
import type { MailProvider } from './mail.js';
import { SqliteStore } from './store/sqlite.js';

export const EXAMPLE_CONFIG_PATH = new URL('../../qala.config.example.json', import.meta.url);

export function exampleConfigFile(): ServerConfigFile {
  return JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as ServerConfigFile;
}

/** Instants inside each phase of the example cycles. */
export const AT = {
  aksu: {
    submission: '2026-04-20T10:00:00+05:00',
    review: '2026-06-01T10:00:00+05:00',
    voting: '2026-09-10T10:00:00+05:00',
    results: '2026-10-05T10:00:00+05:00',
  },
  rudny: {
    submission: '2025-10-10T10:00:00+05:00',
    review: '2025-12-01T10:00:00+05:00',
    voting: '2026-01-20T10:00:00+05:00',
    results: '2026-02-20T10:00:00+05:00',
  },
} as const;

/** A point inside Rudny's example boundary, and one outside it (Almaty). */
export const RUDNY_INSIDE = { lat: 52.96, lng: 63.12 };
export const OUTSIDE = { lat: 43.24, lng: 76.89 };

export function makeIin(year: number, month: number, day: number, sex: 'male' | 'female', serial: number): string | null {
  const century = year < 1900 ? 1 : year < 2000 ? 3 : 5;
  const c = century + (sex === 'female' ? 1 : 0);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const first = `${pad(year % 100)}${pad(month)}${pad(day)}${c}${pad(serial % 10000, 4)}`;
  const d = [...first].map(Number);
  const w1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const w2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
  let k = d.reduce((s, x, i) => s + x * w1[i]!, 0) % 11;
  if (k === 10) k = d.reduce((s, x, i) => s + x * w2[i]!, 0) % 11;
  return k === 10 ? null : `${first}${k}`;
}

/** `n` distinct valid IINs of adults (born 1960–1999). */
export function adultIins(n: number, offset = 0): string[] {
  const out: string[] = [];
  for (let i = offset; out.length < n; i++) {
    const iin = makeIin(1960 + (i % 40), 1 + (i % 12), 1 + (i % 28), i % 2 ? 'male' : 'female', 1000 + Math.floor(i / 7));
    if (iin && !out.includes(iin)) out.push(iin);
  }
  return out;
}

export const phoneFor = (i: number) => `+7701${String(1000000 + i).slice(-7)}`;

export interface SentCode {
  challengeId: string;
  code: string;
  phone: string;
  /** A notice to an author (status change), not a code. */
  text?: string;
}

export function capturingSms(): SmsProvider & { sent: SentCode[]; last(challengeId: string): string } {
  const sent: SentCode[] = [];
  return {
    sent,
    async send({ phone, code, challengeId, text }) {
      sent.push({ phone, code, challengeId, ...(text !== undefined ? { text } : {}) });
    },
    last(challengeId: string) {
      const s = [...sent].reverse().find((x) => x.challengeId === challengeId && x.text === undefined);
      if (!s) throw new Error(`no code sent for ${challengeId}`);
      return s.code;
    },
  };
}

/** Keeps every e-mail (staff sign-in codes) for the test to read. */
export function capturingMail(): MailProvider & { sent: { to: string; subject: string; text: string; reference: string }[]; lastCode(reference: string): string } {
  const sent: { to: string; subject: string; text: string; reference: string }[] = [];
  return {
    sent,
    async send(m) {
      sent.push(m);
    },
    lastCode(reference: string) {
      const m = [...sent].reverse().find((x) => x.reference === reference);
      const code = m && /\b(\d{6})\b/.exec(m.text)?.[1];
      if (!code) throw new Error(`no code mailed for ${reference}`);
      return code;
    },
  };
}

export interface TestServer {
  app: QalaApp;
  store: SqliteStore;
  sms: ReturnType<typeof capturingSms>;
  mail: ReturnType<typeof capturingMail>;
  logger: ReturnType<typeof memoryLogger>;
  config: ServerConfig;
  secrets: Secrets;
  adminTokens: Record<string, string>;
  dir: string;
  dbPath: string;
  setNow(iso: string): void;
  now(): Date;
  close(): void;
}

export interface TestServerOptions {
  now?: string;
  hooks?: Hooks;
  /** Changes to the example config before it is parsed. */
  edit?: (file: ServerConfigFile) => void;
  dir?: string;
  /** Also write codes to the log through the console provider (what development uses). */
  logCodes?: boolean;
  /**
   * How the example cities verify voters. Default `phone_only`: most server
   * tests are about something else and type the phone; the identity tests set
   * `'example'` (the voter list, as shipped) or a method of their own.
   */
  identity?: 'example' | ServerConfigFile['cities'][number]['identity'];
  oidc?: OidcPort;
}

export function testServer(options: TestServerOptions = {}): TestServer {
  const file = exampleConfigFile();
  // Generous outer limits: tests drive hundreds of residents from one address.
  file.server = { ...file.server, limits: { ...file.server?.limits, verificationsPerIpPerHour: 100_000, proposalsPerIpPerHour: 100_000, photosPerIpPerHour: 100_000, receiptChecksPerIpPerMinute: 100_000 } };
  if (options.identity !== 'example') for (const city of file.cities) city.identity = options.identity ?? { method: 'phone_only' };
  options.edit?.(file);
  const config = parseConfig(file, 'test config');
  const adminTokens: Record<string, string> = {};
  const secrets: Secrets = { secret: randomBytes(32), adminTokens: {} };
  for (const a of config.admins) {
    adminTokens[a.id] = `qa_test_${a.id}_${randomBytes(16).toString('hex')}`;
    secrets.adminTokens[a.id] = sha256Hex(adminTokens[a.id]!);
  }
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'qala-test-'));
  const dbPath = join(dir, 'qala.db');
  const store = new SqliteStore(dbPath);
  let now = Date.parse(options.now ?? AT.aksu.submission);
  const sms = capturingSms();
  const mail = capturingMail();
  const logger = memoryLogger();
  const console = consoleSms(logger);
  const provider: SmsProvider = options.logCodes ? { send: async (m) => (await sms.send(m), console.send(m)) } : sms;
  const app = createApp({ config, store, secrets, clock: () => new Date(now), sms: provider, mail, logger, hooks: options.hooks, ...(options.oidc ? { oidc: options.oidc } : {}) });
  return {
    app,
    store,
    sms,
    mail,
    logger,
    config,
    secrets,
    adminTokens,
    dir,
    dbPath,
    setNow: (iso) => {
      now = Date.parse(iso);
    },
    now: () => new Date(now),
    close: () => {
      store.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CallOptions {
  body?: unknown;
  raw?: BodyInit;
  headers?: Record<string, string>;
  token?: string;
  key?: string;
  contentType?: string;
}

export interface CallResult {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/** One request through `app.request`; JSON in, parsed JSON (when it is JSON) out. */
export async function call(app: QalaApp, method: string, path: string, o: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...o.headers };
  let body: BodyInit | undefined = o.raw;
  if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] ??= 'application/json';
  }
  if (o.contentType) headers['content-type'] = o.contentType;
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.key) headers['idempotency-key'] = o.key;
  const res = await app.request(`http://localhost${path.startsWith('/api') ? path : `/api/v1${path}`}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** IIN + phone → code (from the capturing provider) → voter token. */
export async function verify(t: TestServer, city: string, iin: string, phone: string, location?: { lat: number; lng: number }): Promise<{ token: string; session: any }> {
  const cycleId = (await call(t.app, 'GET', `/cities/${city}`)).body.cycle.id;
  const start = await call(t.app, 'POST', `/cities/${city}/verification`, { body: { cycleId, iin, phone, ...(location ? { location } : {}) } });
  if (start.status !== 201) throw new Error(`verification start ${start.status}: ${start.text}`);
  const id = start.body.challengeId as string;
  const confirm = await call(t.app, 'POST', `/cities/${city}/verification/${id}/confirm`, { body: { code: t.sms.last(id) } });
  if (confirm.status !== 200) throw new Error(`verification confirm ${confirm.status}: ${confirm.text}`);
  return { token: confirm.body.token, session: confirm.body };
}

/** A proposal a resident could send to Aksu: its photo (an uploaded id) and phone given. */
export const proposalBody = (photo: string, phone: string) => ({
  title: 'Скамейки в сквере у школы',
  description: 'Нужны скамейки и урны в сквере у школы номер три.',
  category: 'improvement',
  address: 'ул. Абая, 1',
  estimatedCost: 1_000_000,
  photos: [photo],
  authorName: 'Житель',
  phone,
  consent: true,
});

let keySeq = 0;
export const newKey = () => `k-${Date.now().toString(36)}-${(++keySeq).toString(36)}-${randomBytes(4).toString('hex')}`;

/** The demo as `npm start` ships it (its config and seeded data) at `now`, on a test server. */
export async function demoServer(now: Date, options: Omit<TestServerOptions, 'now' | 'edit'> = {}): Promise<TestServer> {
  const t = testServer({ ...options, now: now.toISOString(), edit: (f) => Object.assign(f, demoConfig(f, now)) });
  await seedAll(t.store, t.app.qala.core.keys, t.config, now);
  return t;
}
