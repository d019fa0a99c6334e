import type { Cycle, PoolResult, Results } from '../../contract/index.js';
import { NO_SUCH_POOL } from '../../domain/cycle-refusals.js';
import { countsPublic, resultsClosedMessage, resultsFinal } from '../../domain/phase.js';
import { poolInput, poolProjects, poolResult, projectVotes } from '../../domain/results-count.js';
import { withDecisions } from '../../domain/results-decisions.js';
import { resultsDownloads } from '../../domain/results-downloads.js';
import { poolPabulib, resultsCsv } from '../../domain/results-files.js';
import { fail } from '../errors.js';
import type { CountedBallot, ProposalRecord } from '../store/types.js';
import { formatInstant } from '../time.js';
import { tallyPool } from './tally-thread.js';
import type { Core, CycleView } from './core.js';
import type { ProposalService } from './proposals.js';

/** Whether the cycle's counts are public now (`countsPublic` in `domain/phase.ts`, which the mock asks too). */
export function countsVisible(view: CycleView): boolean {
  return countsPublic(view.cycle, view.now);
}

/** Whether the view's results are final (`resultsFinal` in `domain/phase.ts`, which the mock asks too). */
export function isFinal(view: CycleView): boolean {
  return resultsFinal(view.cycle, view.now);
}

interface Snapshot {
  key: string;
  at: number;
  ballots: CountedBallot[];
  votes: Map<string, number>;
}

const snapshots = new WeakMap<Core, Map<string, Snapshot>>();

/**
 * The counted ballots of a cycle, cached (per city and cycle) until the next ballot is written. In
 * live mode a snapshot is reused for up to a second even if ballots arrived,
 * so a voting peak does not recount on every page view.
 */
export async function snapshot(core: Core, view: CycleView): Promise<Snapshot> {
  let perCore = snapshots.get(core);
  if (!perCore) snapshots.set(core, (perCore = new Map()));
  const slug = view.rt.city.slug;
  const key = `${view.cycle.id}:${core.version('ballots', slug)}`;
  // Per cycle: last year's results asked for between this year's do not throw this year's snapshot (and its count) away.
  const at = `${slug}\u0000${view.cycle.id}`;
  const hit = perCore.get(at);
  const now = Date.now();
  if (hit && (hit.key === key || (!isFinal(view) && hit.key.startsWith(`${view.cycle.id}:`) && now - hit.at < 1000))) return hit;
  const ballots = await core.store.countedBallots(slug, view.cycle.id);
  const votes = projectVotes(view.cycle.ballot, ballots);
  const snap = { key, at: now, ballots, votes };
  perCore.set(at, snap);
  return snap;
}

/** Approvals, points or first preferences per project. */
export async function voteCounts(core: Core, _proposals: ProposalService, view: CycleView): Promise<Map<string, number>> {
  return (await snapshot(core, view)).votes;
}

/** The pure count of a pool (`domain/results-count.ts`), which the public mock counts with too. */
export { countPool, voteKind } from '../../domain/results-count.js';

/** One pool counted by the cycle's rule; a large pool on the counting thread. */
export async function countPoolAsync(cycle: Cycle, poolIndex: number, projects: ProposalRecord[], ballots: CountedBallot[]): Promise<PoolResult> {
  const { input, inPool } = poolInput(cycle, poolIndex, projects, ballots);
  return poolResult(cycle, poolIndex, inPool, input, await tallyPool(input));
}

type PoolCounter = typeof countPoolAsync;

/** Longer than any count takes (MES with Add1 on a large election: seconds); only matters when an instance dies counting. */
const COUNT_LEASE_MS = 5 * 60_000;
const LEASE_POLL_MS = 150;

/** What the count's cache, its running count and its lease are kept under: one city's one cycle (last year's results are asked for while this year's are counted). */
const cycleKey = (view: CycleView) => `${view.rt.city.slug}\u0000${view.cycle.id}`;

export class ResultsService {
  /** The last count per city and cycle; `key` starts with the cycle id (the snapshot's key). */
  private readonly cache = new Map<string, { key: string; results: Results }>();
  /** The count under way per city and cycle: at most one at a time. */
  private readonly running = new Map<string, { key: string; promise: Promise<Results> }>();

  constructor(
    private readonly core: Core,
    private readonly proposals: ProposalService,
    private readonly countPool: PoolCounter = countPoolAsync,
  ) {}

  async visibleView(slug: string, cycleId?: string): Promise<CycleView> {
    const view = await this.core.view(slug, cycleId);
    if (!countsVisible(view)) fail('phase_closed', resultsClosedMessage(view.cycle));
    return view;
  }

  /**
   * Results of the view's cycle (the current one, or another named by
   * `?cycle=`), whether or not they are public yet (for admins and exports).
   * One count per city and cycle at a time: while live counts are being
   * recounted (seconds, under MES with Add1 on a large election), requests get
   * the last finished count of the same cycle, which says when it was made,
   * instead of queueing recount after recount during a voting peak. Final
   * results always wait for the count of the final ballots. Nothing of another
   * cycle is ever answered: the cache, the running count and the lease are
   * per city and cycle, and a reused count is checked to be of this cycle.
   */
  async compute(view: CycleView): Promise<Results> {
    const slug = view.rt.city.slug;
    const at = cycleKey(view);
    const snap = await snapshot(this.core, view);
    const mode = isFinal(view) ? 'final' : 'live';
    const key = `${snap.key}:${snap.at}:${this.core.version('proposals', slug)}:${mode}`;
    const ours = (r: Results | undefined) => r !== undefined && r.cycleId === view.cycle.id;
    const cached = this.cache.get(at);
    const hit = cached && ours(cached.results) ? cached : undefined;
    if (hit && hit.key === key) return hit.results;
    const running = this.running.get(at);
    if (running) {
      if (running.key === key) return running.promise;
      // The count under way is of this cycle (kept per city and cycle).
      if (mode === 'live') return hit?.results.mode === 'live' ? hit.results : running.promise;
      await running.promise.catch(() => undefined);
      return this.compute(view);
    }
    const promise = this.countAlone(view, snap, key, mode, hit).finally(() => {
      if (this.running.get(at)?.promise === promise) this.running.delete(at);
    });
    this.running.set(at, { key, promise });
    return promise;
  }

  /**
   * One count per city and cycle at a time across every instance: the count
   * holds that cycle's lease in the store. While another instance counts, a
   * live request gets this instance's last live count of the cycle if it has
   * one; anything else waits for the lease (a dead instance's lease runs out
   * after COUNT_LEASE_MS).
   */
  private async countAlone(view: CycleView, snap: Snapshot, key: string, mode: Results['mode'], hit: { results: Results } | undefined): Promise<Results> {
    const lease = `count:${view.rt.city.slug}:${view.cycle.id}`;
    for (;;) {
      if (await this.core.store.tryLease(lease, this.core.instance, Date.now(), COUNT_LEASE_MS)) {
        try {
          return await this.count(view, snap, key, mode);
        } finally {
          await this.core.store.releaseLease(lease, this.core.instance).catch(() => undefined);
        }
      }
      if (mode === 'live' && hit?.results.mode === 'live' && hit.results.cycleId === view.cycle.id) return hit.results;
      await new Promise((r) => setTimeout(r, LEASE_POLL_MS));
    }
  }

  private async count(view: CycleView, snap: Snapshot, key: string, mode: Results['mode']): Promise<Results> {
    const slug = view.rt.city.slug;
    const projects = await this.proposals.ballotProjects(view);
    const counted = await Promise.all(view.cycle.pools.map((_, i) => this.countPool(view.cycle, i, projects, snap.ballots)));
    const pools = mode === 'final' ? withDecisions(counted, projects) : counted;
    const online = snap.ballots.filter((b) => b.channel === 'online').length;
    // Another cycle than the current one (last year's, while this year's runs): its downloads say which.
    const other = view.cycle.id === this.core.configCycle(view.rt, view.now).id ? null : view.cycle.id;
    const results: Results = {
      cycleId: view.cycle.id,
      mode,
      computedAt: formatInstant(view.now, view.rt.city.timeZone),
      turnout: { online, paper: snap.ballots.length - online, total: snap.ballots.length },
      pools,
      downloads: resultsDownloads(slug, mode === 'final', other),
    };
    this.cache.set(cycleKey(view), { key, results });
    return results;
  }

  async results(slug: string, cycleId?: string): Promise<Results> {
    return this.compute(await this.visibleView(slug, cycleId));
  }

  /** The CSV table (`resultsCsv` in `domain/results-files.ts`, which the mock writes with too). */
  async csv(slug: string, cycleId?: string): Promise<string> {
    return resultsCsv(await this.results(slug, cycleId));
  }

  /** The pabulib file of one pool (the first by default), with anonymous voter ids. */
  async pabulib(view: CycleView, poolId: string | undefined): Promise<string> {
    const { cycle, rt } = view;
    const pool = poolId === undefined ? cycle.pools[0]! : cycle.pools.find((p) => p.id === poolId);
    if (!pool) fail('not_found', NO_SUCH_POOL);
    const snap = await snapshot(this.core, view);
    const projects = poolProjects(await this.proposals.ballotProjects(view), pool!.id);
    const results = await this.compute(view);
    const result = results.pools.find((p) => p.poolId === pool!.id)!;
    // Anonymous, unlinkable voter ids: ballots ordered by a keyed hash of their sequence number, then numbered.
    const ballots = snap.ballots
      .map((b) => ({ b, picks: b.choices.find((c) => c.poolId === pool!.id)?.picks ?? [] }))
      .filter((x) => x.picks.length > 0)
      .map((x) => ({ ...x, order: this.core.keys.exportPseudonym(`${rt.city.slug}:${cycle.id}`, String(x.b.seq)) }))
      .sort((a, b) => (a.order < b.order ? -1 : 1));
    return poolPabulib({ city: rt.city, cycle, pool: pool!, projects, result, ballots: ballots.map((x) => x.picks) });
  }
}
