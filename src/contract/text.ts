import * as z from 'zod/mini';

/**
 * Bidi controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM)
 * are removed from user text: they let one resident's title reorder the rest
 * of the page ("Trojan Source"). Natural RTL letters stay; the widgets isolate
 * every user string with `dir="auto"` / `<bdi>` instead.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** C0/C1 controls other than tab and line breaks are never meaningful in user text. */
const OTHER_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * Well-formed (half of a surrogate pair alone becomes U+FFFD: it is no character, PostgreSQL's JSON refuses it and an
 * Atom feed with it is not XML; a browser without `toWellFormed` leaves it, and the server refuses it), NFC, no bidi
 * or control characters, CRLF → LF, trimmed. The same on client and server.
 */
export function normalizeText(value: string): string {
  return (value.toWellFormed?.() ?? value)
    .normalize('NFC')
    .replace(BIDI_CONTROLS, '')
    .replace(/\r\n?/g, '\n')
    .replace(OTHER_CONTROLS, '')
    .trim();
}

/** Single-line fields also fold every run of whitespace into one space. */
export function normalizeLine(value: string): string {
  return normalizeText(value).replace(/\s+/g, ' ');
}

/**
 * Characters each of which is a grapheme cluster of its own whatever stands beside it (in UAX #29 none is Extend,
 * ZWJ, SpacingMark, Prepend, a regional indicator, a Hangul jamo, an Indic conjunct linker or CR): tab, line feed,
 * printable ASCII, Latin-1 and Latin Extended-A and -B, the Cyrillic letters (not its combining marks,
 * U+0483–U+0489), general punctuation (U+2010–U+2027, U+2030–U+205E), the currency signs (₸ among them) and №.
 * A text of these alone — nearly every Kazakh, Russian and English one — has as many graphemes as UTF-16 units, so
 * it is counted without `Intl.Segmenter`, whose first use costs tens of milliseconds (more on a phone) and whose
 * walk over 2,000 proposals' texts costs more. `test/node/contract.test.ts` checks every one of them against it.
 */
export const ONE_UNIT_GRAPHEMES = /^[\t\n\x20-\x7e\xa0-\u024f\u0400-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e\u20a0-\u20c0\u2116]*$/;

let segmenter: Intl.Segmenter | undefined;
/** Length as a reader sees it: user-perceived characters (grapheme clusters). */
export function graphemeLength(value: string): number {
  if (ONE_UNIT_GRAPHEMES.test(value)) return value.length;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let count = 0;
  for (const _ of segmenter.segment(value)) count++;
  return count;
}

let encoder: TextEncoder | undefined;
/** Bytes in UTF-8. */
function utf8Length(value: string): number {
  encoder ??= new TextEncoder();
  return encoder.encode(value).length;
}

/**
 * Whether a text is over `bytes` in UTF-8. A UTF-16 unit is at most 3 bytes of UTF-8 (a pair of them, 4), so a text
 * of up to `bytes / 3` units is not encoded at all: nearly every text, whose cap is 16 bytes a grapheme. (Encoding
 * each text cost the parse of a page of 100 proposals several milliseconds on a phone.)
 */
export function overBytes(value: string, bytes: number): boolean {
  return value.length * 3 > bytes && utf8Length(value) > bytes;
}

export interface TextLimits {
  /** Minimum graphemes after normalisation (0 allows empty). */
  min?: number;
  /** Maximum graphemes after normalisation. */
  max: number;
  /** Hard cap on UTF-8 bytes, so a string of combining marks cannot be huge. Defaults to 16 bytes per grapheme. */
  bytes?: number;
  /** Multi-line text keeps line breaks. */
  multiline?: boolean;
}

/**
 * A user-written text field. Normalised first, then counted in graphemes, then
 * capped in bytes. Issue messages are stable codes (`text.too_short`, …) that
 * the widgets translate; `params` carries the limit.
 */
export function userText(limits: TextLimits) {
  const { min = 1, max, multiline = false } = limits;
  const bytes = limits.bytes ?? max * 16;
  return z.string().check(
    z.maxLength(bytes * 4, 'text.too_long'),
    z.overwrite(multiline ? normalizeText : normalizeLine),
    z.superRefine((value, ctx) => {
      const length = graphemeLength(value);
      if (length < min) {
        ctx.issues.push({
          code: 'custom',
          message: length === 0 ? 'text.required' : 'text.too_short',
          input: value,
          params: { min, length },
        });
      } else if (length > max) {
        ctx.issues.push({ code: 'custom', message: 'text.too_long', input: value, params: { max, length } });
      } else if (overBytes(value, bytes)) {
        ctx.issues.push({ code: 'custom', message: 'text.too_long', input: value, params: { max, length } });
      }
    }),
  );
}
