import type { ProposalStatus } from '../contract/index.js';

/** Statuses a project keeps its pool in: it is (or was) on the ballot, and the council's later word does not take it off. */
export const BALLOT_STATUSES: ReadonlySet<ProposalStatus> = new Set(['on_ballot', 'winner', 'not_funded', 'in_progress', 'implemented', 'cancelled']);

/**
 * Whether a proposal is counted on its cycle's ballot: placed in a pool, in a status of the ballot, not hidden by
 * moderation. The server's (`ProposalService.ballotProjects`) and the mocks' results.
 */
export function isBallotProject(p: { poolId?: string | undefined; status: ProposalStatus; hidden?: boolean }): boolean {
  return p.poolId !== undefined && BALLOT_STATUSES.has(p.status) && !p.hidden;
}
