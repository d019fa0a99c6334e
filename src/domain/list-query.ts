import type * as z from 'zod/mini';
import { issuesFromZod, type FieldIssue } from '../contract/index.js';

/**
 * A list's query string read into its query schema (`ProposalQuery`,
 * `AdminProposalQuery`, `AuditQuery`), the server's way and the mock's:
 * `status` may be repeated (one each), `limit` is an integer only when written
 * in up to four digits (anything else reaches the schema as the text it is,
 * and is refused there), and another key twice is refused before the schema
 * is asked, as is a key the schema does not name.
 */
export type ListQuery<T> = { ok: true; query: T } | { ok: false; message: string; issues: FieldIssue[] };

export function readListQuery<T>(params: URLSearchParams, schema: z.ZodMiniType<T>): ListQuery<T> {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    if (key === 'status') raw.status = values;
    else if (values.length > 1) return { ok: false, message: 'a query parameter is repeated', issues: [{ path: [key.slice(0, 64)], message: 'query.repeated' }] };
    else if (key === 'limit') raw.limit = /^\d{1,4}$/.test(values[0]!) ? Number(values[0]) : values[0];
    else raw[key] = values[0];
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: 'the request has invalid fields', issues: issuesFromZod(parsed.error) };
  return { ok: true, query: parsed.data };
}
