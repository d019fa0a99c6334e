import { issuesFromZod, type FieldIssue, type ZodIssueLike } from '../contract/index.js';

/**
 * A body or query that fails its schema (400 `validation_failed`): one issue
 * per problem, with the contract's stable keys. Shared by the server
 * (`validationError`) and the mock so both refuse in the same words.
 */
export function invalidFieldsRefusal(error: { issues: ReadonlyArray<ZodIssueLike> }, prefix: (string | number)[] = []): { message: string; issues: FieldIssue[] } {
  return { message: 'the request has invalid fields', issues: issuesFromZod(error, prefix) };
}
