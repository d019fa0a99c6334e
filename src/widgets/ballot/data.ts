import type { Backend } from '../../client/backend.js';
import type { CityConfig, Proposal } from '../../contract/index.js';

/** Most pages followed for one ballot (100 projects a page): far above any real ballot. */
const MAX_PAGES = 20;

/** Every project on the ballot of the current cycle, following `nextCursor`, keeping only those in a known pool. */
export async function loadBallotProjects(backend: Backend, config: CityConfig, signal?: AbortSignal): Promise<Proposal[]> {
  const pools = new Set(config.cycle.pools.map((p) => p.id));
  const out: Proposal[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await backend.listProposals({ status: ['on_ballot'], limit: 100, ...(cursor ? { cursor } : {}) }, signal ? { signal } : undefined);
    for (const p of result.items) if (p.poolId && pools.has(p.poolId)) out.push(p);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return out;
}
