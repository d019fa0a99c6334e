/**
 * The wire contract: every shape that crosses between a widget and a backend.
 * Written with `zod/mini` so the browser bundle stays small; the server uses
 * the very same schemas.
 */
export * from './text.js';
export * from './common.js';
export * from './error.js';
export * from './issues.js';
export * from './ballot-rule.js';
export * from './city.js';
export * from './cycle.js';
export * from './proposal.js';
export * from './proposal-record.js';
export * from './ballot.js';
export * from './results.js';
export * from './identity.js';
export * from './oidc-return.js';
export * from './public-config.js';
export * from './admin.js';
export * from './authors.js';
export * from './implementation.js';
export * from './staff.js';
