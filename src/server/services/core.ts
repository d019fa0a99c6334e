import { PHASES, type CurrentPhase, type Cycle, type PhaseName } from '../../contract/index.js';
import { phaseAt } from '../../domain/phase.js';
import type { CityRuntime, ServerConfig } from '../config.js';
import { Keys, sha256 } from '../crypto.js';
import { HttpError, fail } from '../errors.js';
import type { Logger } from '../logger.js';
import { RateLimiter } from '../rate-limit.js';
import type { Secrets } from '../secrets.js';
import type { SmsProvider } from '../sms.js';
import type { IdempotencyRecord, PhaseOverride, Store } from '../store/types.js';
import { formatInstant, type Clock } from '../time.js';

/** Test seams: let a test pause a request at a chosen point to force interleavings. */
export interface Hooks {
  /** Called while casting, after the "has this person voted?" pre-check and before the insert. */
  beforeBallotInsert?: () => Promise<void>;
  /** Called while confirming a code, after the code was checked and before the session is issued. */
  afterCodeChecked?: () => Promise<void>;
}

export interface CoreDeps {
  config: ServerConfig;
  store: Store;
  secrets: Secrets;
  clock: Clock;
  sms: SmsProvider;
  logger: Logger;
  hooks?: Hooks;
}

export interface CycleView {
  rt: CityRuntime;
  /** The cycle with phases opened or closed early applied. */
  cycle: Cycle;
  phase: CurrentPhase;
  now: Date;
}

/**
 * What every service shares: dependencies, the city/cycle lookup with the
 * project centre's phase overrides, version counters that invalidate caches,
 * and the in-flight set for `Idempotency-Key`s.
 */
export class Core {
  readonly config: ServerConfig;
  readonly store: Store;
  readonly keys: Keys;
  readonly clock: Clock;
  readonly sms: SmsProvider;
  readonly logger: Logger;
  readonly hooks: Hooks;
  readonly limiter: RateLimiter;
  /** sha256(token) → admin account. */
  readonly adminTokens = new Map<string, { id: string; name: string; cities: string[] }>();
  private readonly overrides = new Map<string, Partial<Record<PhaseName, PhaseOverride>>>();
  private readonly versions = new Map<string, number>();
  private readonly inflight = new Map<string, string>();

  constructor(deps: CoreDeps) {
    this.config = deps.config;
    this.store = deps.store;
    this.keys = new Keys(deps.secrets.secret);
    this.clock = deps.clock;
    this.sms = deps.sms;
    this.logger = deps.logger;
    this.hooks = deps.hooks ?? {};
    this.limiter = new RateLimiter(deps.clock);
    for (const admin of deps.config.admins) {
      const hash = deps.secrets.adminTokens[admin.id] ?? admin.tokenSha256;
      if (hash) this.adminTokens.set(hash, { id: admin.id, name: admin.name, cities: admin.cities });
    }
  }

  cityRuntime(slug: string): CityRuntime {
    const rt = this.config.cities.get(slug);
    if (!rt) fail('not_found', 'no such city');
    return rt!;
  }

  /** The city's current cycle: the latest whose submission has started, else the first. */
  configCycle(rt: CityRuntime, now: Date): Cycle {
    let chosen = rt.cycles[0]!;
    for (const c of rt.cycles) {
      if (Date.parse(c.phases.submission.start) <= now.getTime() && Date.parse(c.phases.submission.start) >= Date.parse(chosen.phases.submission.start)) chosen = c;
    }
    return chosen;
  }

  async view(slug: string): Promise<CycleView> {
    const rt = this.cityRuntime(slug);
    const now = this.clock();
    const base = this.configCycle(rt, now);
    const key = `${slug}\u0000${base.id}`;
    let o = this.overrides.get(key);
    if (!o) {
      o = await this.store.phaseOverrides(slug, base.id);
      this.overrides.set(key, o);
    }
    let cycle = base;
    if (Object.keys(o).length) {
      const phases = { ...base.phases };
      for (const name of PHASES) {
        const w = o[name];
        if (w) phases[name] = { start: formatInstant(new Date(w.start), rt.city.timeZone), end: formatInstant(new Date(w.end), rt.city.timeZone) };
      }
      cycle = { ...base, phases };
    }
    return { rt, cycle, phase: phaseAt(cycle, now), now };
  }

  forgetOverrides(slug: string, cycleId: string) {
    this.overrides.delete(`${slug}\u0000${cycleId}`);
  }

  /** Counters bumped on every write of a kind; caches compare them. */
  version(kind: 'proposals' | 'ballots', slug: string): number {
    return this.versions.get(`${kind}:${slug}`) ?? 0;
  }

  bump(kind: 'proposals' | 'ballots', slug: string) {
    this.versions.set(`${kind}:${slug}`, this.version(kind, slug) + 1);
  }

  now(): string {
    return this.clock().toISOString();
  }

  /** Coarse or fine rate limit; throws 429 with `retryAfter`. */
  rateLimit(key: string, limit: number, windowMs: number, code: 'rate_limited' | 'too_many_codes' = 'rate_limited') {
    const wait = this.limiter.hit(key, limit, windowMs);
    if (wait) fail(code, code === 'too_many_codes' ? 'too many codes were sent to this phone; try again later' : 'too many requests; try again later', { retryAfter: wait });
  }

  /**
   * Runs `effect` at most once per (scope, key). The effect writes the
   * idempotency record in the same transaction as its own change, through the
   * `record` it is given; a retry with the same body gets the stored answer,
   * with another body 422, while the first is still running 409.
   */
  async idempotent(scope: string, key: string, requestBody: unknown, effect: (record: (status: number, body: unknown) => IdempotencyRecord) => Promise<{ status: number; body: unknown }>): Promise<{ status: number; body: unknown }> {
    const requestHash = sha256(JSON.stringify(requestBody) ?? '');
    const slot = `${scope}\u0000${key}`;
    const running = this.inflight.get(slot);
    if (running !== undefined) {
      if (running === requestHash) fail('idempotency_in_progress', 'a request with this Idempotency-Key is still being processed');
      fail('idempotency_key_reused', 'this Idempotency-Key was used with a different request');
    }
    this.inflight.set(slot, requestHash);
    try {
      const stored = await this.store.getIdempotency(scope, key);
      if (stored) {
        if (stored.requestHash !== requestHash) fail('idempotency_key_reused', 'this Idempotency-Key was used with a different request');
        return { status: stored.status, body: JSON.parse(stored.body) };
      }
      return await effect((status, body) => ({ scope, key, requestHash, status, body: JSON.stringify(body), createdAt: this.now() }));
    } finally {
      this.inflight.delete(slot);
    }
  }
}

const KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

export function requireIdempotencyKey(value: string | undefined): string {
  if (value === undefined || value === '') fail('idempotency_key_required', 'send an Idempotency-Key header (a random UUID per action, reused on retries)');
  if (!KEY_PATTERN.test(value!)) throw new HttpError('validation_failed', 'the Idempotency-Key header is malformed', { issues: [{ path: ['Idempotency-Key'], message: 'idempotency_key.invalid' }] });
  return value!;
}

export function phaseClosed(action: string, cycle: Cycle, phase: PhaseName): never {
  const w = cycle.phases[phase];
  return fail('phase_closed', `${action} is possible from ${w.start} until ${w.end}`);
}
