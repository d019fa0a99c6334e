import { PHASES, type CurrentPhase, type Cycle, type PhaseName } from '../../contract/index.js';
import { NO_SUCH_CYCLE } from '../../domain/cycle-refusals.js';
import { idempotencyKeyRefusal } from '../../domain/idempotency-key.js';
import { phaseAt, phaseClosedMessage } from '../../domain/phase.js';
import type { CityRuntime, ServerConfig } from '../config.js';
import { Keys, randomId } from '../crypto.js';
import { HttpError, fail, refusedFields } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Secrets } from '../secrets.js';
import type { SmsProvider } from '../sms.js';
import type { IdempotencyRecord, PhaseOverride, Store, StoreVersions } from '../store/types.js';
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
 * and `Idempotency-Key` handling. Nothing here decides on process-local
 * state: limits, claims, phases and change counters come from the store, so
 * any instance answers any request the same way.
 */
export class Core {
  readonly config: ServerConfig;
  readonly store: Store;
  readonly keys: Keys;
  /** This process among the instances sharing the store (who holds a lease). */
  readonly instance = randomId('in', 12);
  readonly clock: Clock;
  readonly sms: SmsProvider;
  readonly logger: Logger;
  readonly hooks: Hooks;
  /** sha256(token) → admin account. */
  readonly adminTokens = new Map<string, { id: string; name: string; cities: string[] }>();
  /** Phase overrides per city and cycle, with the store's phase counter they were read at. */
  private readonly overrides = new Map<string, { at: number; windows: Partial<Record<PhaseName, PhaseOverride>> }>();
  /** The store's change counters of each city as last read (at every `view`). */
  private readonly versions = new Map<string, StoreVersions>();
  /** Bumps by this instance, added on top: a cache misses right after its own write, before the next read of the store's counter. */
  private readonly localBumps = new Map<string, number>();

  constructor(deps: CoreDeps) {
    this.config = deps.config;
    this.store = deps.store;
    this.keys = new Keys(deps.secrets.secret);
    this.clock = deps.clock;
    this.sms = deps.sms;
    this.logger = deps.logger;
    this.hooks = deps.hooks ?? {};
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

  /** The current cycle's view, or that of the cycle `cycleId` names (a city runs one while the last one's winners are built). */
  async view(slug: string, cycleId?: string): Promise<CycleView> {
    const rt = this.cityRuntime(slug);
    const now = this.clock();
    const chosen = cycleId === undefined ? undefined : rt.cycles.find((c) => c.id === cycleId);
    if (cycleId !== undefined && !chosen) fail('not_found', NO_SUCH_CYCLE);
    const base = chosen ?? this.configCycle(rt, now);
    // One read per request: another instance's phase change or write is seen by the next request here.
    const versions = await this.store.versions(slug);
    this.versions.set(slug, versions);
    const key = `${slug}\u0000${base.id}`;
    let cached = this.overrides.get(key);
    if (!cached || cached.at !== versions.phases) {
      cached = { at: versions.phases, windows: await this.store.phaseOverrides(slug, base.id) };
      this.overrides.set(key, cached);
    }
    const o = cached.windows;
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

  /**
   * When a phase of a cycle ends (ms), the city's changes to its dates applied; 0 for a city or cycle the config no
   * longer has, whose kept data may go at once. The hourly deletions of what a phase needed ask it.
   */
  async phaseEnd(slug: string, cycleId: string, phase: PhaseName): Promise<number> {
    if (!this.config.cities.get(slug)?.cycles.some((c) => c.id === cycleId)) return 0;
    return Date.parse((await this.view(slug, cycleId)).cycle.phases[phase].end);
  }

  /**
   * The hourly deletions of what a phase needed (voter lists, phones' links, authors' phones): `remove` runs for each
   * of `kept`'s cycles whose `phase` has ended; resolves how many records went.
   */
  async purgeAfter(phase: PhaseName, kept: readonly { city: string; cycleId: string }[], remove: (city: string, cycleId: string) => Promise<number>): Promise<number> {
    let purged = 0;
    for (const { city, cycleId } of kept) if ((await this.phaseEnd(city, cycleId, phase)) <= this.clock().getTime()) purged += await remove(city, cycleId);
    return purged;
  }

  forgetOverrides(slug: string, cycleId: string) {
    this.overrides.delete(`${slug}\u0000${cycleId}`);
  }

  /** Counters bumped (in the store, in the writing transaction) on every write of a kind; caches compare them. */
  version(kind: 'proposals' | 'ballots', slug: string): number {
    return (this.versions.get(slug)?.[kind] ?? 0) + (this.localBumps.get(`${kind}:${slug}`) ?? 0);
  }

  /** After a write of this instance: caches miss at once (both parts of the sum only grow, so a key never comes back). */
  bump(kind: 'proposals' | 'ballots', slug: string) {
    this.localBumps.set(`${kind}:${slug}`, (this.localBumps.get(`${kind}:${slug}`) ?? 0) + 1);
  }

  now(): string {
    return this.clock().toISOString();
  }

  /**
   * Coarse or fine rate limit, counted in the store (shared by all instances); throws 429 with `retryAfter`. The
   * store gets a keyed digest of `key`, never the key: most hold a client's address (`verify-ip:…`), and a plain
   * hash of one is undone by trying the 2³² IPv4 addresses.
   */
  async rateLimit(key: string, limit: number, windowMs: number, code: 'rate_limited' | 'too_many_codes' = 'rate_limited'): Promise<void> {
    const wait = await this.store.hitRateLimit(this.keys.digest('rate-limit', key), limit, windowMs, this.clock().getTime());
    if (wait) fail(code, code === 'too_many_codes' ? 'too many codes were sent to this phone; try again later' : 'too many requests; try again later', { retryAfter: wait });
  }

  /**
   * Runs `effect` at most once per (scope, key). The key is claimed in the
   * store first (insert-first), so a duplicate on any instance sees it; the
   * effect writes the idempotency record in the same transaction as its own
   * change, through the `record` it is given; a retry with the same body gets
   * the stored answer, with another body 422; while the first is still
   * running, 409 whatever the body. A claim whose instance died is taken over after a minute.
   */
  async idempotent(scope: string, key: string, requestBody: unknown, effect: (record: (status: number, body: unknown) => IdempotencyRecord) => Promise<{ status: number; body: unknown }>): Promise<{ status: number; body: unknown }> {
    // Keyed: the body may hold personal data (a proposal's carries the author's phone) and is kept for days.
    const requestHash = this.keys.digest('idempotency', JSON.stringify(requestBody) ?? '');
    const now = this.clock().getTime();
    const claim = await this.store.claimIdempotency(scope, key, requestHash, new Date(now).toISOString(), new Date(now - CLAIM_STALE_MS).toISOString());
    if (claim.state === 'done') {
      if (claim.record.requestHash !== requestHash) fail('idempotency_key_reused', 'this Idempotency-Key was used with a different request');
      return { status: claim.record.status, body: JSON.parse(claim.record.body) };
    }
    // Still running, whatever the body: come back later. It may yet be refused and free the key — a resident who
    // reloaded while it ran and corrected their text would then send it; "key reused" now would say it was taken.
    if (claim.state === 'running') fail('idempotency_in_progress', 'a request with this Idempotency-Key is still being processed');
    let finished = false;
    try {
      const result = await effect((status, body) => ({ scope, key, requestHash, status, body: JSON.stringify(body), createdAt: this.now() }));
      finished = true;
      return result;
    } finally {
      // A refused or failed effect wrote no record: free the key for a retry. (A finished one's record replaced the claim.)
      if (!finished) await this.store.releaseIdempotency(scope, key).catch(() => this.releaseLater(scope, key));
    }
  }

  /**
   * The database was out of reach when a failed effect's claim should have
   * been dropped (the effect most likely failed for the same reason): try
   * again for a while, so that the client's retry is not told "in progress"
   * until the claim goes stale. Best effort only; staleness is the guarantee.
   */
  private releaseLater(scope: string, key: string, attempt = 0) {
    if (attempt >= 60) return;
    const timer = setTimeout(() => {
      this.store.releaseIdempotency(scope, key).catch(() => this.releaseLater(scope, key, attempt + 1));
    }, 500);
    timer.unref();
  }
}

/** A claim older than this belongs to a request whose instance died; requests time out after 30 s. */
const CLAIM_STALE_MS = 60_000;

/** The Idempotency-Key header, or its refusal (`domain/idempotency-key.ts`, the mocks' words too). */
export function requireIdempotencyKey(value: string | undefined): string {
  const refused = idempotencyKeyRefusal(value);
  if (refused) throw refused.code === 'validation_failed' ? refusedFields(refused) : new HttpError(refused.code, refused.message);
  return value!;
}

export function phaseClosed(action: string, cycle: Cycle, phase: PhaseName): never {
  return fail('phase_closed', phaseClosedMessage(action, cycle, phase));
}
