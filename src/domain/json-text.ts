/**
 * A request body's JSON as the reference server reads it, shared with the
 * mock so both refuse the same bodies: well-formed JSON whose strings and keys
 * are text either store keeps (no NUL, no half of a UTF-16 surrogate pair,
 * which `\u0000` and `\ud800` escapes decode to and PostgreSQL refuses).
 */

/** Whether a string holds NUL or half of a surrogate pair. */
export function unstorable(value: string): boolean {
  return value.includes('\u0000') || !value.isWellFormed();
}

/** The words of a refused body (400 `bad_request`), the server's and the mock's. */
export const JSON_TEXT_REFUSAL = {
  utf8: 'the body is not valid UTF-8',
  json: 'the body is not valid JSON',
  unstorable: 'the body holds a NUL character or half of a UTF-16 surrogate pair, which is not text',
} as const;

/** The body's value, or why it is refused: `json` (not JSON), `unstorable` (a string or key that is not text). */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; problem: 'json' | 'unstorable' } {
  let bad = false;
  let value: unknown;
  try {
    value = JSON.parse(text, (key, v: unknown) => {
      if ((typeof v === 'string' && unstorable(v)) || unstorable(key)) bad = true;
      return v;
    });
  } catch {
    return { ok: false, problem: 'json' };
  }
  return bad ? { ok: false, problem: 'unstorable' } : { ok: true, value };
}
