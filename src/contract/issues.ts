import type { FieldIssue } from './error.js';

// Apart from `error.ts`: the server, the mock and "My proposals" (a part the form loads when opened) turn zod errors
// into field issues, while every widget reads `ApiError` and needs none of this.

export type ZodIssueLike = { readonly path: ReadonlyArray<PropertyKey>; readonly message: string; readonly code?: string };

/**
 * A zod error as field issues with stable message codes, never the offending
 * value: the schema's own codes (`text.too_long`, `phone.invalid`) stay; zod's
 * built-in checks become `schema.<kind>` with the limit in `params`.
 */
export function issuesFromZod(error: { issues: ReadonlyArray<ZodIssueLike> }, prefix: (string | number)[] = []): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const i = issue as ZodIssueLike & Record<string, unknown>;
    if (out.length >= 50) break;
    const path = [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (i.code === 'unrecognized_keys' && Array.isArray(i.keys)) {
      for (const key of i.keys.slice(0, 10)) out.push({ path: [...path, String(key).slice(0, 64)], message: 'schema.unrecognized_key' });
      continue;
    }
    if (/^[a-z_]+(\.[a-z_]+)+$/.test(i.message)) {
      const params = i.params && typeof i.params === 'object' ? (i.params as Record<string, unknown>) : undefined;
      out.push(params ? { path, message: i.message, params } : { path, message: i.message });
      continue;
    }
    const params: Record<string, unknown> = {};
    if (typeof i.maximum === 'number' || typeof i.maximum === 'bigint') params.max = Number(i.maximum);
    if (typeof i.minimum === 'number' || typeof i.minimum === 'bigint') params.min = Number(i.minimum);
    if (typeof i.expected === 'string') params.expected = i.expected;
    if (typeof i.format === 'string') params.format = i.format;
    out.push(Object.keys(params).length ? { path, message: `schema.${i.code ?? 'invalid'}`, params } : { path, message: `schema.${i.code ?? 'invalid'}` });
  }
  return out;
}
