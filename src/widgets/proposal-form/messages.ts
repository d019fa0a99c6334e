import type { Catalogues, LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';

/** Strings of `<qala-proposal-form>`; user-written text (file names, ids) is never put inside them. */
export type ProposalFormMessages = {
  readonly heading: string;
  readonly openUntil: (p: { date: string }) => string;
  readonly required: string;
  readonly optional: string;
  readonly choose: string;
  readonly noDistrict: string;
  readonly 'field.choose': string;
  readonly 'field.invalid': string;
  readonly 'title.label': string;
  readonly 'title.hint': string;
  readonly 'description.label': string;
  readonly 'description.hint': string;
  readonly 'category.label': string;
  readonly 'district.label': string;
  readonly 'address.label': string;
  readonly 'address.hint': string;
  readonly 'point.label': string;
  readonly 'point.hint': string;
  readonly 'point.use': string;
  readonly 'point.locating': string;
  readonly 'cost.label': string;
  readonly 'cost.hint.cap': (p: { cap: string }) => string;
  /** A pool's cap is smaller than the category's: the pool's name, not "this category". */
  readonly 'cost.hint.poolCap': (p: { cap: string; pool: string }) => string;
  /** A pool without a cap of its own caps a project at its whole budget. */
  readonly 'cost.hint.poolBudget': (p: { cap: string; pool: string }) => string;
  readonly 'cost.hint.noCategory': string;
  readonly 'cost.hint.plain': string;
  /** The server's and the form's refusal of a cost above the cap (the smaller of the category's and the pool's). */
  readonly 'cost.over_cap': (p: { cap: string }) => string;
  readonly 'photos.label': string;
  readonly 'photos.hint': (p: { max: number; side: number }) => string;
  readonly 'photos.add': string;
  readonly 'photos.count': (p: { count: number; max: number }) => string;
  readonly 'photo.processing': string;
  readonly 'author.label': string;
  readonly 'author.hint': string;
  readonly 'phone.label': string;
  readonly 'phone.hint': string;
  readonly 'consent.label': string;
  readonly 'consent.notice': string;
  readonly submit: string;
  readonly sending: string;
  readonly summary: (p: { count: number }) => string;
  readonly 'draft.restored': (p: { date: string }) => string;
  readonly 'draft.pending': string;
  readonly 'draft.discard': string;
  readonly 'draft.discarded': string;
  readonly 'draft.notKept': string;
  readonly 'draft.kept': string;
  /** Another tab (or form) of the same city and cycle wrote the draft: this one's changes are not saved. */
  readonly 'draft.elsewhere': string;
  readonly 'draft.loadLatest': string;
  /** The draft this form showed, untouched, was sent or discarded in another tab: the form is empty again. */
  readonly 'draft.gone': string;
  readonly 'wait.offline': string;
  readonly 'wait.error': string;
  readonly 'wait.retryNow': string;
  readonly 'wait.cancel': string;
  readonly 'wait.cancelled': string;
  readonly 'closed.before': (p: { date: string; zone: string }) => string;
  readonly 'closed.after': (p: { from: string; to: string }) => string;
  readonly 'closed.next': string;
  readonly 'notify.label': string;
  readonly 'notify.hint': string;
  // "My proposals": its button, and its panel while its module and texts are on their way.
  readonly 'mine.open': string;
  readonly 'mine.heading': string;
  readonly 'mine.close': string;
  readonly 'mine.loading': string;
  readonly 'mine.loadFailed': string;
  /** A part of the form (photos, the place on the map) could not be fetched; what the resident entered stays. */
  readonly 'part.loadFailed': string;
};

/**
 * Strings of the parts a resident meets while submitting — the photos' list and
 * problems, the place on the map, the confirmation after sending, and the words
 * of the server's refusals (shown on the fields once the sending part brought
 * them): a catalogue of its own per language (`submitMessages`), fetched beside
 * those parts' modules once submission is open, so the first screen's texts
 * stay small.
 */
export type SubmitMessages = {
  readonly 'point.set': (p: { lat: string; lng: string }) => string;
  readonly 'point.remove': string;
  readonly 'point.denied': string;
  readonly 'point.unavailable': string;
  readonly 'point.unsupported': string;
  /** Issue messages the server sends (no text meant a generic "check this field"). */
  readonly 'category.unknown': string;
  readonly 'district.unknown': string;
  readonly 'photo.dimensions': string;
  readonly 'photo.empty': string;
  readonly 'proposal.limit_reached': (p: { limit: number }) => string;
  readonly 'photo.alt': (p: { n: number }) => string;
  readonly 'photo.remove': (p: { n: number }) => string;
  readonly 'photo.uploading': (p: { percent: number }) => string;
  readonly 'photo.progressLabel': (p: { n: number }) => string;
  readonly 'photo.uploaded': string;
  readonly 'photo.local': string;
  readonly 'photo.problem.type': string;
  readonly 'photo.problem.size': (p: { max: number }) => string;
  readonly 'photo.problem.decode': string;
  readonly 'photo.problem.tooMany': (p: { max: number }) => string;
  readonly 'photo.problem.server': string;
  readonly 'done.heading': string;
  readonly 'done.id': string;
  readonly 'done.next': (p: { date: string }) => string;
  readonly 'done.open': string;
  readonly 'done.another': string;
  readonly 'duplicate.heading': string;
  readonly 'duplicate.text': string;
  /** The short reference shown after sending ("AKS-4827"). */
  readonly 'done.reference': string;
  readonly 'notify.disabled': string;
};

/**
 * Strings of "My proposals" (prove the phone, see the council's notes, edit and
 * resubmit), its sign-in's errors among them (`mine.error.<code>`, over the
 * common `error.<code>`): a catalogue of its own per language (`mineMessages`),
 * fetched with it — few residents open it.
 */
export type MineMessages = {
  readonly 'mine.intro': string;
  readonly 'mine.phone.label': string;
  readonly 'mine.sendCode': string;
  readonly 'mine.code.label': string;
  readonly 'mine.code.hint': (p: { hint: string }) => string;
  readonly 'mine.confirm': string;
  readonly 'mine.resend': string;
  readonly 'mine.back': string;
  readonly 'mine.signOut': string;
  readonly 'mine.empty': string;
  /** Over the reason, when the list did not come after the code was accepted (a retry beside it keeps the session). */
  readonly 'mine.listFailed': string;
  readonly 'mine.status': string;
  readonly 'mine.note': string;
  /** Over the public reason, for a funded project the city cancelled (it is not the council's note). */
  readonly 'mine.cancelReason': string;
  readonly 'mine.history': string;
  readonly 'mine.sms.on': string;
  readonly 'mine.edit': string;
  readonly 'mine.editUntil': (p: { date: string }) => string;
  readonly 'mine.notEditable.phase': string;
  readonly 'mine.resubmit': string;
  readonly 'mine.cancelEdit': string;
  readonly 'mine.editHeading': (p: { reference: string }) => string;
  readonly 'mine.resubmitted': string;
  readonly 'code.invalid': (p: { attemptsLeft: number }) => string;
  readonly 'mine.error.code_invalid': string;
  readonly 'mine.error.code_expired': string;
  readonly 'mine.error.code_locked': string;
  readonly 'mine.gone': string;
  readonly 'mine.error.too_many_codes': string;
  readonly 'mine.error.unauthorized': string;
  readonly 'mine.error.conflict': string;
};

/** The form's texts as the submitting parts speak them: theirs come beside their modules (`PartedLocalizeController.withPart`). */
export type SubmitI18n = LocalizeController<CommonMessages & ProposalFormMessages & SubmitMessages>;
/** The form's texts as "My proposals" speaks them: its own and the submitting parts' (photos, refusals) come beside its module. */
export type MineI18n = LocalizeController<CommonMessages & ProposalFormMessages & SubmitMessages & MineMessages>;

/** One chunk per language: the ES module build loads only the languages a page shows. */
export const messages: Catalogues<CommonMessages & ProposalFormMessages> = {
  kk: () => import('./messages/kk.js'),
  ru: () => import('./messages/ru.js'),
  en: () => import('./messages/en.js'),
};

/** The submitting parts' texts, one chunk per language (`proposal-form.submit.ru-….js`), fetched with them in the language shown. */
export const submitMessages: Catalogues<SubmitMessages> = {
  kk: () => import('./messages/submit/kk.js'),
  ru: () => import('./messages/submit/ru.js'),
  en: () => import('./messages/submit/en.js'),
};

/** The texts of "My proposals" (`proposal-form.mine.ru-….js`), fetched with it in the language shown. */
export const mineMessages: Catalogues<MineMessages> = {
  kk: () => import('./messages/mine/kk.js'),
  ru: () => import('./messages/mine/ru.js'),
  en: () => import('./messages/mine/en.js'),
};
