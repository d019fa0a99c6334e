/**
 * The Atom 1.0 feed of how funded projects are built: a city's or one
 * project's public updates and final words (built, cancelled), newest first.
 * One writer for the reference server and the msw mock, so a feed reader
 * pointed at either gets the same entries; each side only gathers what goes in.
 */
import type { FieldIssue, PhotoTag, PublicText } from '../contract/index.js';

/** Entries a feed shows at most. */
export const FEED_ENTRIES = 50;

export type FeedLang = 'kk' | 'ru' | 'en';

/** `?lang=` of a feed: Kazakh, English, else Russian. */
export const feedLang = (value: string | null): FeedLang => (value === 'kk' || value === 'en' ? value : 'ru');

/**
 * `?page=` of a feed: the host page its entries link to, on the API's own origin or one of the city's embedding
 * origins, without its fragment; null when absent; a refusal (its message and issue) otherwise.
 */
export function feedPage(value: string | null, allowedOrigins: readonly string[], origin: string): { page: string | null } | { refused: string; issue: FieldIssue } {
  if (!value) return { page: null };
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return { refused: 'page is not an address', issue: { path: ['page'], message: 'url.invalid' } };
  }
  const ok = (u.protocol === 'https:' || u.protocol === 'http:') && (u.origin === origin || allowedOrigins.some((o) => o.toLowerCase() === u.origin.toLowerCase()));
  if (!ok || value.length > 2048) return { refused: 'page must be on one of the city’s embedding origins', issue: { path: ['page'], message: 'origin.invalid' } };
  u.hash = '';
  return { page: u.href };
}

export interface FeedUpdate {
  id: string;
  projectId: string;
  at: string;
  text: PublicText;
  photos: readonly { url: string; width: number; height: number; tag: PhotoTag }[];
}

/** A project's last word: built on a day (with an optional note), or cancelled with a reason. */
export interface FeedOutcome {
  projectId: string;
  state: 'implemented' | 'cancelled';
  implementedOn?: string;
  completionNote?: PublicText;
  cancelReason?: PublicText;
  /** When the record last changed: the entry's date. */
  at: string;
}

export interface ProgressFeed {
  lang: FeedLang;
  city: { slug: string; name: string };
  /** One project's feed, or null for the city's. */
  projectId: string | null;
  /** The title of each project the feed covers. */
  titles: ReadonlyMap<string, string>;
  updates: readonly FeedUpdate[];
  outcomes: readonly FeedOutcome[];
  /** Where an entry about a project links. */
  link: (projectId: string) => string;
  /** The feed's own address. */
  self: string;
  /** The page that shows the progress widget, when the entries link there. */
  page: string | null;
  /** The feed's date when it has no entry yet. */
  quietSince: string;
}

const WORDS = {
  kk: { feedTitle: 'жобалардың іске асырылуы', update: 'жаңалық', implemented: 'Жоба іске асырылды:', implementedTitle: 'іске асырылды', cancelled: 'Жоба тоқтатылды.', cancelledTitle: 'тоқтатылды', before: 'Дейін', during: 'Жұмыс барысы', after: 'Кейін' },
  ru: { feedTitle: 'реализация проектов', update: 'новости', implemented: 'Проект реализован:', implementedTitle: 'реализован', cancelled: 'Проект отменён.', cancelledTitle: 'отменён', before: 'До', during: 'В ходе работ', after: 'После' },
  en: { feedTitle: 'how the projects are built', update: 'update', implemented: 'Built on', implementedTitle: 'built', cancelled: 'Cancelled.', cancelledTitle: 'cancelled', before: 'Before', during: 'During the works', after: 'After' },
} as const;

interface Entry {
  id: string;
  title: string;
  updated: string;
  link: string;
  html: string;
}

/** The feed as XML: entries from the updates and the outcomes of projects in `titles`, newest first, at most `FEED_ENTRIES`. */
export function progressFeed(f: ProgressFeed): string {
  const words = WORDS[f.lang];
  const text = (t: PublicText) => (f.lang === 'en' ? (t.en ?? t.ru) : t[f.lang]);
  const urn = `urn:qala:${f.city.slug}`;
  const entries: Entry[] = [];
  for (const u of f.updates) {
    const title = f.titles.get(u.projectId);
    if (title === undefined) continue;
    const photos = u.photos.map((ph) => `<p><img src="${escapeXml(ph.url)}" width="${ph.width}" height="${ph.height}" alt="${escapeXml(words[ph.tag])}"></p>`).join('');
    entries.push({ id: `${urn}:update:${u.id}`, title: `${title}: ${words.update}`, updated: u.at, link: f.link(u.projectId), html: `${paragraphs(text(u.text))}${photos}` });
  }
  for (const o of f.outcomes) {
    const title = f.titles.get(o.projectId);
    if (title === undefined) continue;
    const implemented = o.state === 'implemented';
    const body = implemented ? `${words.implemented} ${o.implementedOn}.${o.completionNote ? ` ${text(o.completionNote)}` : ''}` : `${words.cancelled} ${o.cancelReason ? text(o.cancelReason) : ''}`.trim();
    entries.push({ id: `${urn}:${o.state}:${o.projectId}`, title: `${title}: ${implemented ? words.implementedTitle : words.cancelledTitle}`, updated: o.at, link: f.link(o.projectId), html: paragraphs(body) });
  }
  entries.sort((a, b) => (a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : 0));
  const shown = entries.slice(0, FEED_ENTRIES);
  const newest = shown[0]?.updated ?? f.quietSince;
  const title = f.projectId === null ? `${f.city.name}: ${words.feedTitle}` : `${f.titles.get(f.projectId) ?? f.projectId}: ${words.feedTitle}`;
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${f.lang}">`,
    `<id>${escapeXml(`${urn}:progress${f.projectId ? `:${f.projectId}` : ''}`)}</id>`,
    `<title>${escapeXml(title)}</title>`,
    `<updated>${new Date(newest).toISOString()}</updated>`,
    `<author><name>${escapeXml(f.city.name)}</name></author>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(f.self)}"/>`,
    ...(f.page ? [`<link rel="alternate" type="text/html" href="${escapeXml(f.projectId ? f.link(f.projectId) : f.page)}"/>`] : []),
    ...shown.map((e) =>
      [
        '<entry>',
        `<id>${escapeXml(e.id)}</id>`,
        `<title>${escapeXml(e.title)}</title>`,
        `<updated>${new Date(e.updated).toISOString()}</updated>`,
        `<link rel="alternate" href="${escapeXml(e.link)}"/>`,
        `<content type="html">${escapeXml(e.html)}</content>`,
        '</entry>',
      ].join(''),
    ),
    '</feed>',
  ];
  return `${out.join('\n')}\n`;
}

/** Text → HTML paragraphs, every character of it escaped. */
function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** XML 1.0 text: escaped, and the characters XML cannot carry at all dropped. */
export function escapeXml(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
