import { normalizeLine } from '../contract/index.js';

/**
 * The public list's search (`q`), the server's and the mock's: the words
 * normalised as a single-line field is (NFC, no bidi or control characters,
 * each run of whitespace one space) and lower-cased the Russian way, looked
 * for in a proposal's title, description, address and author's name.
 */

/** What the search looks in (the server's record and the public proposal both have it). */
export interface Searchable {
  title: string;
  description: string;
  address: string;
  authorName: string;
}

/** The text `searchNeedle`'s words are looked for in. */
export function searchText(p: Searchable): string {
  return `${p.title}\n${p.description}\n${p.address}\n${p.authorName}`.toLocaleLowerCase('ru');
}

/** The words looked for; empty when `q` says nothing (then every proposal is found). */
export function searchNeedle(q: string | undefined): string {
  return q ? normalizeLine(q).toLocaleLowerCase('ru') : '';
}
