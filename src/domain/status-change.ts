import type { ErrorCode, FieldIssue, ProposalStatus } from '../contract/index.js';
import { BALLOT_STATUSES } from './ballot-projects.js';

/**
 * The status action's rules (`POST …/proposals/{id}/status`), shared by the
 * server, the mock and the centre's status form: the form offers only what
 * the server would accept, and asks for the reason the server will ask for.
 */

/** A refusal as the server answers it: its code, its message, and the field it is about. */
export interface StatusRefusal {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
}

/** Statuses set only through their own action, because they carry more than a status; the action to use. */
export const DEDICATED_STATUS_ACTIONS: ReadonlyMap<ProposalStatus, string> = new Map([
  ['merged', 'merge'],
  ['on_ballot', 'ballot'],
  // Cancelling goes with the implementation record's final word and its public reason (ImplementationService.finish).
  ['cancelled', 'implementation finish'],
]);

/**
 * Statuses the author and residents are told why: the proposal list shows the
 * public note next to them (`renderFate`), and the author cannot revise, or
 * accept a refusal, without it. The council's decision asks for its reason the
 * same way (`DecisionInput`).
 */
export const STATUSES_WITH_REASON: ReadonlySet<ProposalStatus> = new Set(['needs_changes', 'rejected', 'cancelled']);

/** Whether setting `status` needs a public note. */
export const needsPublicReason = (status: ProposalStatus): boolean => STATUSES_WITH_REASON.has(status);

/** What the request alone is refused for, before the proposal is read: a status with its own action, or a reason missing. */
export function statusInputRefusal(input: { status: ProposalStatus; note?: string | undefined }): StatusRefusal | null {
  const action = DEDICATED_STATUS_ACTIONS.get(input.status);
  if (action) return { code: 'validation_failed', message: `use the ${action} action for this status`, issues: [{ path: ['status'], message: 'status.use_action' }] };
  if (needsPublicReason(input.status) && !input.note?.trim())
    return { code: 'validation_failed', message: `a ${input.status} status needs a public note saying why`, issues: [{ path: ['note'], message: 'status.reason_required' }] };
  return null;
}

/**
 * Why moving this proposal to `status` is refused (null: it is not).
 * `ballotFixed`: voting of the proposal's cycle has started, so its ballot is fixed.
 */
export function statusChangeRefusal(p: { status: ProposalStatus; poolId?: string | undefined }, status: ProposalStatus, ballotFixed: boolean): StatusRefusal | null {
  // Its implementation record is closed with a public reason: reopening the proposal alone would contradict it.
  if (p.status === 'cancelled') return { code: 'conflict', message: 'a cancelled project stays cancelled: its implementation record was closed with a public reason' };
  // Leaving the ballot's statuses takes the project out of its pool, so out of the count: once voting started
  // that would change the count (and, after it, the published results). Moving between them (winner, not funded,
  // in progress, implemented) keeps the count, which shows the council's decision next to it.
  if (p.poolId !== undefined && !BALLOT_STATUSES.has(status) && ballotFixed) return { code: 'phase_closed', message: 'the ballot is fixed once voting has started' };
  if (BALLOT_STATUSES.has(status) && p.poolId === undefined)
    return { code: 'validation_failed', message: 'only a project that was on the ballot can have this status', issues: [{ path: ['status'], message: 'status.needs_ballot' }] };
  return null;
}
