import type { FieldIssue } from '../contract/index.js';

/**
 * "Send the code again" (residents', authors', staff's) takes no fields: its
 * body is empty or `{}`. Shared by the server and the mock so both refuse the
 * same bodies in the same words.
 */

/** Why a body read as JSON (`undefined` when empty) is refused (400 `validation_failed`), or null when it is empty or `{}`. */
export function emptyBodyRefusal(json: unknown): { message: string; issues: FieldIssue[] } | null {
  if (json === undefined || (typeof json === 'object' && json !== null && !Array.isArray(json) && Object.keys(json).length === 0)) return null;
  return { message: 'the body must be empty or {}', issues: [{ path: [], message: 'schema.unrecognized_key' }] };
}
