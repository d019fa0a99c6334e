/**
 * The schemas of the answers an author receives in "My proposals" (the form's part loaded when opened), which
 * `HttpBackend` imports the first time it needs one, as `ballot-answers.ts` does for the ballot's.
 */
export { Challenge } from '../contract/ballot.js';
export { AuthorProposal, AuthorProposals, AuthorSession } from '../contract/authors.js';
