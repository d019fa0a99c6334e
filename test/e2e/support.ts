/**
 * End-to-end harness: the real `qala serve` process on a temporary SQLite
 * file, a front server that plays the host site (test pages with the headers
 * we choose, dist/qala.js, and /api/v1 proxied to the real server, so it is
 * one origin), and the system Chromium driven by playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before } from 'node:test';
import { deflateSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const ARTIFACTS = join(ROOT, 'test-results', 'e2e');
const BIN = join(ROOT, 'bin', 'qala.mjs');
const DAY = 86_400_000;

export const CHROMIUM = process.env.CHROME_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? '/usr/bin/chromium';

export const IIN_ADULT = '791028302728';
export const IIN_YOUNG_ADULT = '061211600012';
export const RUDNY_INSIDE = { latitude: 52.96, longitude: 63.12 };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Dates so that, for every city in the example config, `phase` is open today. */
function shiftedConfig(phase: 'submission' | 'voting', hostOrigin: string, identity: unknown): unknown {
  const config = JSON.parse(readFileSync(join(ROOT, 'qala.config.example.json'), 'utf8'));
  const now = Date.now();
  const iso = (t: number) => new Date(t).toISOString();
  const order = ['submission', 'review', 'voting', 'results', 'implementation'];
  const open = order.indexOf(phase);
  for (const city of config.cities) {
    // The host site may embed every city from its own origin too (the cross-origin test loads qala.js and the API from the server's).
    city.allowedOrigins = [hostOrigin];
    // Most journeys type IIN and phone; the identity e2e tests pass the method they exercise.
    city.identity = identity ?? { method: 'phone_only' };
    for (const cycle of city.cycles) {
      for (const [i, name] of order.entries()) {
        const start = now + (i - open) * 10 * DAY - DAY;
        cycle.phases[name] = { start: iso(start), end: iso(start + 10 * DAY) };
      }
    }
  }
  return config;
}

export interface Stack {
  /** The host site's origin (pages, dist, proxied API). */
  origin: string;
  /** The qala server itself. */
  api: string;
  adminToken(city: 'aksu' | 'rudny'): string;
  /** The last one-time code the console SMS provider logged. */
  lastCode(): Promise<string>;
  logs(): string;
  admin(city: string, path: string, body?: unknown, method?: string): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

async function stackConfig(options: StackOptions, origin: string): Promise<unknown> {
  const identity = typeof options.identity === 'function' ? await (options.identity as (o: string) => Promise<unknown>)(origin) : options.identity;
  const config = shiftedConfig(options.phase, origin, identity) as { server?: Record<string, unknown> };
  if (options.publicUrlIsHost) config.server = { ...config.server, publicUrl: origin };
  return config;
}

export interface StackOptions {
  phase: 'submission' | 'voting';
  /** Every city's identity method (default phone only), or a function of the host site's origin that returns it (to start an identity provider that must know where to send residents back). */
  identity?: unknown | ((hostOrigin: string) => Promise<unknown>);
  env?: Record<string, string>;
  /** The server's public URL is the host site's (the API is proxied there), as behind a reverse proxy. */
  publicUrlIsHost?: boolean;
}

export async function startStack(options: StackOptions = { phase: 'submission' }): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'qala-e2e-'));
  const tokens = { 'aksu-centre': randomBytes(24).toString('hex'), 'rudny-centre': randomBytes(24).toString('hex') };
  // The host site first: the cities' config allows its origin.
  let api = '';
  const front = await startFront(() => api);
  const origin = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  writeFileSync(join(dir, 'config.json'), JSON.stringify(await stackConfig(options, origin)));
  const env = {
    ...process.env,
    ...options.env,
    QALA_SECRET: randomBytes(32).toString('base64'),
    QALA_ADMIN_TOKENS: JSON.stringify(Object.fromEntries(Object.entries(tokens).map(([id, t]) => [id, createHash('sha256').update(t).digest('hex')]))),
  };
  const child = spawn(process.execPath, [BIN, 'serve', '--config', join(dir, 'config.json'), '--db', join(dir, 'qala.db'), '--dist', join(ROOT, 'dist'), '--port', '0', '--host', '127.0.0.1'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const codes: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    log += chunk.toString();
    for (const m of chunk.toString().matchAll(/"msg":"sms\.code"[^\n]*?"code":"(\d+)"/g)) codes.push(m[1]!);
  });
  api = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      log += chunk.toString();
      const m = /serving on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace(/\/$/, ''));
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });

  await buildHostLit2();

  return {
    origin,
    api,
    adminToken: (city) => tokens[`${city}-centre`],
    async lastCode() {
      for (let i = 0; i < 100 && codes.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      const code = codes.at(-1);
      if (!code) throw new Error('no code was sent');
      return code;
    },
    logs: () => log,
    async admin(city, path, body, method) {
      const response = await fetch(`${api}/api/v1/admin/cities/${city}${path}`, {
        method: method ?? (body === undefined ? 'GET' : 'POST'),
        headers: { Authorization: `Bearer ${tokens[`${city}-centre` as keyof typeof tokens]}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomBytes(8).toString('hex') },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json().catch(() => null) };
    },
    async close() {
      await new Promise<void>((r) => front.close(() => r()));
      front.closeAllConnections?.();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh server stack (started in `phase`) and a browser for the enclosing `describe`, both closed after it. */
export function stackAndBrowser(phase: 'submission' | 'voting'): { readonly stack: Stack; readonly browser: Browser } {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  before(async () => {
    stack = await startStack({ phase });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });
  return {
    get stack() {
      return stack!;
    },
    get browser() {
      return browser!;
    },
  };
}

let hostLitBuilt: Promise<unknown> | undefined;
function buildHostLit2() {
  hostLitBuilt ??= build({
    entryPoints: [join(ROOT, 'test/e2e/pages/host-lit2.ts')],
    bundle: true,
    format: 'iife',
    outfile: join(ARTIFACTS, 'host-lit2.js'),
    logLevel: 'warning',
  });
  return hostLitBuilt;
}

/** Headers per page: `csp.html` and `csp-bundle.html` get the strict policy the issue names, `csp-nonce.html` a nonce-based one. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; trusted-types lit-html";
/** The other strict policy sites use: scripts by nonce, and what they load themselves ('strict-dynamic'). */
export const NONCE_CSP = STRICT_CSP.replace("script-src 'self'", "script-src 'nonce-qala-e2e-nonce' 'strict-dynamic'");

const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * `/pages/cross-origin.html?qala=<Qala server origin>[&script=qala.bundle.js][&only=ballot,list]`: the akimat's
 * page as a real one is written, with the script tag in its head (written here because the server's port is
 * known only at run time) and only the widgets asked for (by id). Written on the server, not by a script of
 * the page: a script that writes the tag costs the page a round trip a real page does not pay (bench:load).
 */
function crossOriginPage(html: string, params: URLSearchParams): string {
  const qala = params.get('qala') ?? '';
  const only = (params.get('only') ?? '').split(',').filter(Boolean);
  const script = params.get('script') === 'qala.bundle.js' ? 'qala.bundle.js' : 'qala.js';
  const tag = `<script src="${attr(`${qala}/dist/${script}`)}" defer data-api="${attr(`${qala}/api/v1`)}" data-city="aksu"></script>`;
  return html
    .replace('<!-- qala script -->', tag)
    .replace(/^\s*<(qala-[\w-]+) id="(\w+)"><\/\1>\n/gm, (line, _tag: string, id: string) => (only.length && !only.includes(id) ? '' : line));
}

function startFront(api: () => string): Promise<Server> {
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://front');
    try {
      if (url.pathname.startsWith('/api/')) return await proxy(api(), req, res);
      let file: string | null = null;
      if (url.pathname === '/pages/host-lit2.js') file = join(ARTIFACTS, 'host-lit2.js');
      else if (url.pathname.startsWith('/pages/')) file = join(ROOT, 'test/e2e', normalize(url.pathname).replace(/^\/+/, ''));
      else if (url.pathname.startsWith('/dist/')) file = join(ROOT, normalize(url.pathname).replace(/^\/+/, ''));
      else if (url.pathname === '/' || /\.(html|css|js|svg)$/.test(url.pathname))
        file = join(ROOT, 'demo', normalize(url.pathname === '/' ? '/index.html' : url.pathname));
      if (!file || file.includes('..') || !existsSync(file)) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      const headers: Record<string, string> = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' };
      if (/^\/pages\/csp(-bundle)?\.html$/.test(url.pathname)) headers['Content-Security-Policy'] = STRICT_CSP;
      if (url.pathname === '/pages/csp-nonce.html') headers['Content-Security-Policy'] = NONCE_CSP;
      if (url.pathname === '/pages/cross-origin.html') return void res.writeHead(200, headers).end(crossOriginPage(readFileSync(file, 'utf8'), url.searchParams));
      res.writeHead(200, headers).end(readFileSync(file));
    } catch (error) {
      res.writeHead(502, { 'Content-Type': 'text/plain' }).end(String(error));
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function proxy(api: string, req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'origin', 'referer', 'connection'].includes(k)) headers[k] = v;
  const response = await fetch(`${api}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined, redirect: 'manual' });
  const out: Record<string, string> = {};
  response.headers.forEach((v, k) => {
    if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(k)) out[k] = v;
  });
  res.writeHead(response.status, out).end(Buffer.from(await response.arrayBuffer()));
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface Watched {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  consoleWarnings: string[];
  pageErrors: string[];
}

/** A page whose console errors, warnings and uncaught errors are collected. */
export async function openPage(browser: Browser, options: { viewport?: { width: number; height: number }; locale?: string; geolocation?: { latitude: number; longitude: number } } = {}): Promise<Watched> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: options.locale ?? 'ru-KZ',
    ...(options.geolocation ? { geolocation: options.geolocation, permissions: ['geolocation'] } : {}),
  });
  // tsx compiles the test files with esbuild's keepNames: functions passed to page.evaluate may call `__name`.
  await context.addInitScript(() => {
    (globalThis as any).__name ??= (f: unknown) => f;
  });
  const page = await context.newPage();
  const watched: Watched = { page, context, consoleErrors: [], consoleWarnings: [], pageErrors: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') watched.consoleErrors.push(m.text());
    if (m.type() === 'warning') watched.consoleWarnings.push(m.text());
  });
  page.on('pageerror', (e) => watched.pageErrors.push(String(e)));
  return watched;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Runs axe-core (from node_modules) on the page, shadow roots included; returns the violations. */
export async function axe(page: Page, include?: string): Promise<{ id: string; impact: string; nodes: number; help: string }[]> {
  const source = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source);
  return page.evaluate(async (selector) => {
    const axe = (window as any).axe;
    const result = await axe.run(selector ? { include: [[selector]] } : document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
  }, include);
}

// ——— Helpers for the cycle, injection and accessibility tests (additive) ———

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A real PNG, `width`×`height`, two colours (so a resize has something to do). */
export function png(width = 64, height = 48, rgb: [number, number, number] = [40, 150, 110]): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      const o = row + 1 + x * 3;
      const corner = x < width / 2 && y < height / 2;
      raw[o] = corner ? 200 : rgb[0];
      raw[o + 1] = corner ? 60 : rgb[1];
      raw[o + 2] = corner ? 50 : rgb[2];
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A resident's request to the real server (JSON in and out). */
export async function residentCall(stack: Stack, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const response = await fetch(`${stack.api}/api/v1${path}`, {
    method,
    headers: { ...(body === undefined || body instanceof Uint8Array ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: (body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body)) as BodyInit | undefined,
  });
  return { status: response.status, json: await response.json().catch(() => null) };
}

/** Uploads a photo (raw PNG body, `?name=`) and submits a proposal through the public API, as a resident's browser would. */
export async function submitProposal(
  stack: Stack,
  city: string,
  fields: { title: string; description: string; category: string; address: string; estimatedCost: number; authorName: string; phone: string; district?: string },
  photoName = 'photo.png',
): Promise<any> {
  const photo = await residentCall(stack, 'POST', `/cities/${city}/photos?name=${encodeURIComponent(photoName)}`, new Uint8Array(png(32, 24)), { 'Content-Type': 'image/png' });
  if (photo.status !== 201 && photo.status !== 200) throw new Error(`photo upload: ${photo.status} ${JSON.stringify(photo.json)}`);
  const created = await residentCall(stack, 'POST', `/cities/${city}/proposals`, { ...fields, photos: [photo.json.id], consent: true }, { 'Idempotency-Key': randomBytes(8).toString('hex') });
  if (created.status !== 201 && created.status !== 200) throw new Error(`proposal: ${created.status} ${JSON.stringify(created.json)}`);
  return created.json;
}

/** How many one-time codes the console SMS provider has logged so far. */
export function codeCount(stack: Stack): number {
  return [...stack.logs().matchAll(/"msg":"sms\.code"/g)].length;
}

/** Waits for a one-time code logged after `before` codes (the one just sent). */
export async function newCode(stack: Stack, before: number): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const codes = [...stack.logs().matchAll(/"msg":"sms\.code"[^\n]*?"code":"(\d+)"/g)].map((m) => m[1]!);
    if (codes.length > before) return codes.at(-1)!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no new code was sent');
}

/** Verifies a voter through the API (IIN, phone, code from the log); returns the session. */
export async function verifyVoter(stack: Stack, city: string, cycleId: string, iin: string, phone: string, location?: { lat: number; lng: number }): Promise<any> {
  const before = codeCount(stack);
  // Residence is checked when a code is asked for (before any SMS), so the position goes with that request.
  const challenge = await residentCall(stack, 'POST', `/cities/${city}/verification`, location ? { cycleId, iin, phone, location } : { cycleId, iin, phone });
  if (challenge.status >= 300) throw new Error(`verification: ${challenge.status} ${JSON.stringify(challenge.json)}`);
  const code = await newCode(stack, before);
  const session = await residentCall(stack, 'POST', `/cities/${city}/verification/${challenge.json.challengeId}/confirm`, { code });
  if (session.status >= 300) throw new Error(`confirm: ${session.status} ${JSON.stringify(session.json)}`);
  return session.json;
}

/** The focused element, through open shadow roots: which widget, and what it is. */
export interface FocusInfo {
  host: string;
  tag: string;
  id: string;
  type: string;
  text: string;
  label: string;
}

export async function focused(page: Page): Promise<FocusInfo> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    let host = '';
    while (el?.shadowRoot?.activeElement) {
      host = el.id || el.tagName.toLowerCase();
      el = el.shadowRoot.activeElement;
    }
    if (!el) return { host, tag: '', id: '', type: '', text: '', label: '' };
    const root = el.getRootNode() as Document | ShadowRoot;
    const labelFor = el.id ? root.querySelector?.(`label[for="${CSS.escape(el.id)}"]`)?.textContent ?? '' : '';
    return {
      host,
      tag: el.tagName.toLowerCase(),
      id: el.id,
      type: el.getAttribute('type') ?? '',
      text: (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 200),
      label: (el.getAttribute('aria-label') ?? labelFor).replace(/\s+/g, ' ').trim(),
    };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element matches; fails after `max` presses. */
export async function tabTo(page: Page, match: (f: FocusInfo) => boolean, what: string, options: { max?: number; back?: boolean } = {}): Promise<FocusInfo> {
  const seen: string[] = [];
  for (let i = 0; i < (options.max ?? 60); i++) {
    const f = await focused(page);
    if (match(f)) return f;
    seen.push(`${f.host}>${f.tag}#${f.id}[${f.label || f.text.slice(0, 30)}]`);
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`could not reach ${what} with the keyboard; focus went through: ${seen.slice(-25).join(' | ')}`);
}

/** Text of a widget's shadow root, whitespace folded. */
export async function shadowText(page: Page, selector: string): Promise<string> {
  return page.evaluate((sel) => (document.querySelector(sel)?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim(), selector);
}

/** Like `axe`, with where each violation is (selector paths through shadow roots, and a snippet), for a readable failure. */
export async function axeWhere(page: Page): Promise<{ id: string; impact: string; help: string; where: string[] }[]> {
  const source = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      where: v.nodes.slice(0, 4).map((n: any) => `${JSON.stringify(n.target)} ${String(n.html).slice(0, 140)}`),
    }));
  });
}

/** Waits until every Qala widget matching `selector` has left its loading state. */
export async function settled(page: Page, selector = 'qala-proposal-form, qala-proposal-list, qala-ballot, qala-results'): Promise<void> {
  await page.waitForFunction(
    (sel) =>
      [...document.querySelectorAll(sel)].every((el) => {
        const root = el.shadowRoot;
        return !!root && !root.querySelector('[aria-busy="true"], .skeleton') && (root.textContent ?? '').trim().length > 20;
      }),
    selector,
    { timeout: 15_000 },
  );
}

/** Waits until the ballot's current step heading (the element that gets focus after each step) reads `expected`. */
export async function waitBallotStep(page: Page, expected: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (text) => document.querySelector('qala-ballot')?.shadowRoot?.querySelector('[data-step-heading]')?.textContent?.trim() === text,
    expected,
    { timeout },
  );
}
