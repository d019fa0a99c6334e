import type { ApplyResultsResult, PoolResult, ProposalStatus, StatusChange } from '../contract/index.js';

/**
 * Statuses of a project that was funded: it has (or may get) an implementation record. A cancelled one was funded too:
 * it keeps its record with the reason, and the council's decision to fund it stays next to the count.
 */
export const FUNDED_STATUSES: ReadonlySet<ProposalStatus> = new Set(['winner', 'in_progress', 'implemented', 'cancelled']);

/** What of a project on the ballot says how the council decided it: its status, the history of it, when it last changed. */
export interface DecidedProject {
  id: string;
  status: ProposalStatus;
  history: readonly StatusChange[];
  updatedAt: string;
}

/**
 * Final results: where the council's status of a project disagrees with the count, says so (with its reason) next to
 * the count, which itself never changes. The server's (`services/results.ts`) and the centre's mock's rule.
 */
export function withDecisions(pools: PoolResult[], projects: readonly DecidedProject[]): PoolResult[] {
  const byId = new Map(projects.map((p) => [p.id, p]));
  return pools.map((pool) => ({
    ...pool,
    projects: pool.projects.map((r) => {
      const p = byId.get(r.projectId);
      if (!p) return r;
      const decidedFunded = FUNDED_STATUSES.has(p.status) ? true : p.status === 'not_funded' ? false : null;
      if (decidedFunded === null || decidedFunded === r.funded) return r;
      // The entry that made the decision: in the latest run of statuses on this side (winner → in progress → implemented,
      // or "not funded"), the latest "winner" / "not funded" — the reason is given there; follow-ups carry their own notes.
      const onThisSide = (status: ProposalStatus) => (decidedFunded ? FUNDED_STATUSES.has(status) : status === 'not_funded');
      let start = p.history.length;
      while (start > 0 && onThisSide(p.history[start - 1]!.status)) start--;
      const run = p.history.slice(start);
      const change = [...run].reverse().find((h) => h.status === (decidedFunded ? 'winner' : 'not_funded')) ?? run[0];
      return { ...r, decision: { funded: decidedFunded, at: change?.at ?? p.updatedAt, ...(change?.note ? { note: change.note } : {}) } };
    }),
  }));
}

/**
 * What applying final results changes (the server's `applyResults`, and the centre's mock's): each project still
 * `on_ballot` takes the count's outcome (`winner` or `not_funded`); one the council moved already is `unchanged`.
 * `projects`: the cycle's ballot projects, by id; the caller writes each move with its note.
 */
export function resultsToApply<P extends { id: string; status: ProposalStatus }>(
  pools: readonly PoolResult[],
  projects: ReadonlyMap<string, P>,
): { out: ApplyResultsResult; moves: { project: P; status: 'winner' | 'not_funded' }[] } {
  const out: ApplyResultsResult = { winners: [], notFunded: [], unchanged: [] };
  const moves: { project: P; status: 'winner' | 'not_funded' }[] = [];
  for (const pool of pools) {
    for (const counted of pool.projects) {
      const project = projects.get(counted.projectId);
      if (!project) continue;
      if (project.status !== 'on_ballot') {
        out.unchanged.push(project.id);
        continue;
      }
      moves.push({ project, status: counted.funded ? 'winner' : 'not_funded' });
      (counted.funded ? out.winners : out.notFunded).push(project.id);
    }
  }
  return { out, moves };
}
