/**
 * The form's way to the server (`ProposalOutbox`) and what only follows a
 * sent proposal (a refusal put on its fields, the confirmation, the event): a
 * module the form fetches once the config says submission is open, so the
 * first paint does not carry it; the script-tag build names its chunk
 * `proposal-form.sending`.
 */
export { ProposalOutbox } from '../../client/proposal-outbox.js';
export { refusalErrors } from './texts.js';
export { renderResult, submittedEvent } from './result-view.js';
export { adoptPartStyles } from './parts.styles.js';
