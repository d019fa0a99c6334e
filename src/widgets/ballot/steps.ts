import type { QalaError } from '../../client/errors.js';
import type { OutboxSnapshot } from '../../client/outbox.js';
import type { FieldIssue } from '../../contract/index.js';

/** The receipt of a ballot the server has. */
export interface ReceiptInfo {
  receiptCode: string;
  castAt: string;
  changeableUntil: string | null;
}

/**
 * Words a step shows (an error, a notice), made when drawn: a host that switches the page's language
 * while they show gets them in the new one.
 */
export type Words = () => string;

/** A ballot issue, of one pool or (`poolId: null`) of the whole ballot. */
export interface PoolIssue {
  poolId: string | null;
  issue: FieldIssue;
}

/**
 * Where the resident is, with the data of that step only: an issue list exists
 * only on the ballot, a receipt only once voted, an outbox state only while a
 * ballot is on its way. What outlives a step (the draft, the session, the
 * outbox itself) stays on the widget.
 *
 * - `loading`, `closed`: nothing of their own (`closed` reads the config).
 * - `error`: the ballot's load failed (`error`), or the config's did (`null`: the config controller has it).
 * - `location`: the residence check; `notice` waits for the verification step.
 * - `verify`: the verification controller's step; `notice` says why it is shown again (a session that expired).
 * - `voted`: this person voted before; the receipt when the server knows it.
 * - `ballot`: the choices; `issues` from the last check, `error` for the ballot as a whole.
 * - `review`: the choices once more before sending; `error` when the host vetoed sending.
 * - `sending`, `queued`, `failed`: the outbox holds the ballot; its latest state.
 * - `done`: the server has the ballot.
 */
export type Step =
  | { step: 'loading' }
  | { step: 'error'; error: QalaError | null }
  | { step: 'closed' }
  | { step: 'location'; locating: boolean; error: Words | null; notice: Words | null }
  | { step: 'verify'; notice: Words | null }
  | { step: 'voted'; receipt: ReceiptInfo | null }
  | { step: 'ballot'; issues: readonly PoolIssue[]; error: Words | null }
  | { step: 'review'; error: Words | null }
  | { step: 'sending'; outbox: OutboxSnapshot }
  | { step: 'queued'; outbox: OutboxSnapshot }
  | { step: 'failed'; outbox: OutboxSnapshot }
  | { step: 'done'; receipt: ReceiptInfo };

export type StepName = Step['step'];

/** The ballot's projects: on their way, there, or why not (the ballot step shows it with a retry). */
export type ProjectsLoad = { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: QalaError };

/** The step named `name`. */
export type StepOf<N extends StepName> = Extract<Step, { step: N }>;

/** Whether the outbox's state is what the step shows. */
export function isOutboxStep(step: Step): step is StepOf<'sending' | 'queued' | 'failed'> {
  return step.step === 'sending' || step.step === 'queued' || step.step === 'failed';
}
