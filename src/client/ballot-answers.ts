/**
 * The schemas of the answers only the ballot receives (verification, vote, receipt check), which `HttpBackend`
 * imports the first time it needs one (see `http-backend.ts`). Imported only dynamically, so the script tag's build
 * makes it a chunk that pages without a ballot never fetch; a module of its own (not `contract/ballot.ts`, which the
 * ballot imports statically) so that this chunk exports just these.
 */
export { Challenge, Receipt, ReceiptStatus, VoterSession } from '../contract/ballot.js';
