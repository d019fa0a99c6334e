/**
 * The form's way to the server (`ProposalOutbox`), a module the form fetches
 * once the config says submission is open, so the first paint does not carry it; the
 * script-tag build names its chunk `proposal-form.sending`.
 */
export { ProposalOutbox } from '../../client/proposal-outbox.js';
