import * as z from 'zod/mini';
import { GeoPoint, Id, Instant, Locale, Money, PageCursor } from './common.js';
import { userText } from './text.js';

export const PROPOSAL_STATUSES = [
  'submitted',
  'under_review',
  'needs_changes',
  /** The expert council accepted it (with its final cost): ready to be put on the ballot. */
  'accepted',
  'rejected',
  'merged',
  'on_ballot',
  'winner',
  'not_funded',
  'in_progress',
  'implemented',
  /** Funded, then given up: the project centre cancelled its implementation, with a public reason. */
  'cancelled',
  'withdrawn',
] as const;
export const ProposalStatus = z.enum(PROPOSAL_STATUSES);
export type ProposalStatus = z.infer<typeof ProposalStatus>;

/** A council note written per language (kk, ru, en; any of them). */
export const NoteByLocale = z.strictObject({
  kk: z.optional(userText({ max: 2000, multiline: true })),
  ru: z.optional(userText({ max: 2000, multiline: true })),
  en: z.optional(userText({ max: 2000, multiline: true })),
});
export type NoteByLocale = z.infer<typeof NoteByLocale>;

/**
 * The note a reader in `locale` sees: the words given in their language when
 * the council wrote it per language, else `note` (all the languages given, or
 * the one free text). Nothing when there is no `note`.
 */
export function noteIn(locale: 'kk' | 'ru' | 'en', note: string | undefined, notes: NoteByLocale | undefined): string | undefined {
  return note === undefined ? undefined : (notes?.[locale] ?? note);
}

/**
 * Words written per language as one public note: the languages given, joined
 * (Kazakh, Russian, English), and the words per language beside it, so each
 * reader gets theirs through `noteIn`. A cancelled project's reason is
 * written so in its history.
 */
export function noteOf(words: NoteByLocale): { note: string; notes: NoteByLocale } {
  const notes: NoteByLocale = { ...(words.kk !== undefined ? { kk: words.kk } : {}), ...(words.ru !== undefined ? { ru: words.ru } : {}), ...(words.en !== undefined ? { en: words.en } : {}) };
  return { note: [notes.kk, notes.ru, notes.en].filter((x): x is string => x !== undefined).join('\n\n'), notes };
}

export const PROPOSAL_LIMITS = {
  title: { min: 5, max: 120 },
  description: { min: 20, max: 4000 },
  address: { min: 3, max: 300 },
  authorName: { min: 2, max: 80 },
  photos: { min: 1, max: 5 },
  photoBytes: 10 * 1024 * 1024,
} as const;

export const ProposalTitle = userText(PROPOSAL_LIMITS.title);
export const ProposalDescription = userText({ ...PROPOSAL_LIMITS.description, multiline: true });
export const ProposalAddress = userText(PROPOSAL_LIMITS.address);
export const AuthorName = userText(PROPOSAL_LIMITS.authorName);

/** Kazakhstan mobile number, normalised to `+7XXXXXXXXXX`. */
export const Phone = z.string().check(
  z.maxLength(40),
  z.overwrite((v) => {
    const digits = v.replace(/[\s()+-]/g, '');
    if (/^8\d{10}$/.test(digits)) return `+7${digits.slice(1)}`;
    if (/^7\d{10}$/.test(digits)) return `+${digits}`;
    return v.trim();
  }),
  z.regex(/^\+7\d{10}$/, 'phone.invalid'),
);

/** Letters without look-alikes (no I, O, Q) and digits without 0 and 1: read aloud or typed, never confused. */
export const REFERENCE_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
export const REFERENCE_DIGITS = '23456789';

/** A proposal's short, readable reference, unique in its city: `AKS-4827`. Not personal data. */
export const ProposalReference = z.string().check(z.regex(/^[A-HJ-NPR-Z]{3}-[2-9]{4}$/, 'reference.invalid'));
export type ProposalReference = z.infer<typeof ProposalReference>;

/** Consent to an SMS on each status change: the phone is then kept sealed until the cycle ends, and deleted after. */
export const NotifyChoice = z.strictObject({
  sms: z.boolean(),
  /** The language of those messages (the form's at submission). */
  locale: Locale,
});
export type NotifyChoice = z.infer<typeof NotifyChoice>;

/** What a resident sends. The server keeps only a keyed hash of the phone (for the per-author limit); it is never shown or returned. */
export const ProposalInput = z.strictObject({
  title: ProposalTitle,
  description: ProposalDescription,
  category: Id,
  district: z.optional(Id),
  address: ProposalAddress,
  point: z.optional(GeoPoint),
  estimatedCost: Money.check(z.minimum(1, 'money.required')),
  photos: z
    .array(Id)
    .check(z.minLength(PROPOSAL_LIMITS.photos.min, 'photos.required'), z.maxLength(PROPOSAL_LIMITS.photos.max, 'photos.too_many')),
  authorName: AuthorName,
  phone: Phone,
  consent: z.literal(true, 'consent.required'),
  /** Optional SMS on each status change, only where the city sends them (`city.notifications.sms`). */
  notify: z.optional(NotifyChoice),
});
export type ProposalInput = z.infer<typeof ProposalInput>;

export const PROPOSAL_SORTS = ['newest', 'cost_asc', 'cost_desc', 'votes'] as const;
export const ProposalSort = z.enum(PROPOSAL_SORTS);
export type ProposalSort = z.infer<typeof ProposalSort>;

/** Filters and paging of the public list; the same keys are the query string. */
export const ProposalQuery = z.strictObject({
  category: z.optional(Id),
  district: z.optional(Id),
  status: z.optional(z.array(ProposalStatus).check(z.maxLength(PROPOSAL_STATUSES.length))),
  q: z.optional(z.string().check(z.maxLength(200))),
  sort: z.optional(ProposalSort),
  cursor: z.optional(PageCursor),
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(100))),
});
export type ProposalQuery = z.infer<typeof ProposalQuery>;

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
