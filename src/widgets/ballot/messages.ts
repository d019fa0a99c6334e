import type { Catalogues } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';

type N = { n: number };

/** Strings of `<qala-ballot>`, in every language. */
export type BallotMessages = {
  readonly 'load.failed': string;
  /** A part of the ballot in a module of its own (the ranking, the receipt check, the sign-in) did not load. */
  readonly 'part.loadFailed': string;
  readonly 'time.cityZone': (p: { city: string }) => string;
  readonly 'intro.closes': (p: { end: string; zone: string }) => string;
  readonly 'closed.beforeTitle': string;
  readonly 'closed.afterTitle': string;
  readonly 'closed.before': (p: { start: string; end: string }) => string;
  readonly 'closed.after': (p: { end: string }) => string;
  readonly 'closed.results': (p: { date: string }) => string;
  readonly 'location.title': string;
  readonly 'location.why': (p: { city: string }) => string;
  readonly 'location.privacy': string;
  readonly 'location.share': string;
  readonly 'location.locating': string;
  readonly 'location.denied': string;
  readonly 'location.unavailable': string;
  readonly 'location.unsupported': string;
  readonly 'location.outside': string;
  /** Issue messages the server sends (no text meant a generic "check this field"). */
  readonly 'location.required': string;
  readonly 'cycle.not_current': string;
  readonly 'identify.title': string;
  readonly 'identify.lead': (p: { minAge: number }) => string;
  readonly 'identify.iin': string;
  readonly 'identify.iinHint': string;
  readonly 'identify.iinOk': string;
  readonly 'identify.phone': string;
  readonly 'identify.phoneHint': string;
  readonly 'identify.privacy': string;
  readonly 'identify.submit': string;
  readonly 'identify.sending': string;
  readonly 'notice.sessionExpired': string;
  readonly 'identify.listLead': string;
  readonly 'identify.listPrivacy': string;
  readonly 'identify.censusPhoneHint': string;
  readonly 'identify.phoneOnly': string;
  readonly 'iin.not_listed': string;
  readonly 'iin.not_eligible': string;
  readonly 'phone.not_registered': string;
  readonly 'phone.taken': string;
  readonly 'identity.unavailableCensus': string;
  readonly 'identity.unavailableSignIn': string;
  readonly 'identity.use_sign_in': string;
  readonly 'signIn.providerFallback': string;
  readonly 'signIn.checking': string;
  readonly 'identity.oidc_denied': string;
  readonly 'identity.oidc_invalid': string;
  readonly 'identity.oidc_claim_missing': (p: { provider: string }) => string;
  readonly 'identity.oidc_unavailable': (p: { provider: string }) => string;
  readonly 'identity.expired': string;
  readonly 'identity.not_eligible': string;
  readonly 'code.leadMasked': (p: { mask: string }) => string;
  readonly 'code.resentMasked': (p: { mask: string }) => string;
  readonly 'code.changeIin': string;
  readonly 'code.title': string;
  readonly 'code.lead': (p: { hint: string }) => string;
  readonly 'code.label': (p: { length: number }) => string;
  readonly 'code.confirm': string;
  readonly 'code.resend': string;
  readonly 'code.resendIn': (p: { time: string }) => string;
  readonly 'code.resent': (p: { hint: string }) => string;
  readonly 'code.validUntil': (p: { time: string }) => string;
  readonly 'code.wrong': (p: { left: number }) => string;
  readonly 'code.expired': string;
  readonly 'code.locked': string;
  readonly 'code.ended': string;
  readonly 'code.gone': string;
  readonly 'code.startAgain': string;
  readonly 'code.startAgainPhone': string;
  readonly 'code.changePhone': string;
  readonly 'voted.title': string;
  readonly 'voted.when': (p: { at: string }) => string;
  readonly 'voted.noReceipt': string;
  readonly 'voted.change': string;
  readonly 'ballot.title': string;
  readonly 'done.receiptLabel': string;
  readonly 'done.changeable': (p: { until: string }) => string;
  readonly 'done.final': string;
  readonly 'done.nextVoter': string;
  readonly 'receipt.haveCode': string;
};

/**
 * The texts of the steps a ballot reaches once cast (sending, waiting, refused, received): fetched with the
 * outbox's part, in the language shown, so the first step's texts stay small. ("Already voted" and the keys it
 * shares with the received step — the receipt's label, whether it may change, the next voter — stay in the first.)
 */
export type SentMessages = {
  readonly 'status.sending': string;
  readonly 'status.sendingLead': string;
  readonly 'status.queuedTitle': string;
  readonly 'status.queued': string;
  readonly 'status.queuedMemory': string;
  readonly 'status.noStorage': string;
  readonly 'status.lastError': (p: { error: string }) => string;
  /** When this page tries again by itself (the city's date and time), said for a wait of a minute or more. */
  readonly 'status.nextAttempt': (p: { at: string }) => string;
  readonly 'status.retry': string;
  readonly 'status.failedTitle': string;
  readonly 'status.startOver': string;
  readonly 'done.title': string;
  readonly 'done.sent': (p: { at: string }) => string;
  readonly 'done.howToCheck': string;
};

/** The texts of the sign-in with an identity provider: fetched with it (cities that verify by sign-in only). */
export type SignInMessages = {
  readonly 'signIn.lead': (p: { provider: string }) => string;
  readonly 'signIn.privacy': string;
  readonly 'signIn.button': (p: { provider: string }) => string;
  readonly 'signIn.opening': string;
  readonly 'signIn.waitingTitle': string;
  readonly 'signIn.waiting': (p: { provider: string }) => string;
  readonly 'signIn.waitingHint': string;
  readonly 'signIn.continue': string;
  readonly 'signIn.again': string;
  readonly 'signIn.pending': string;
  readonly 'signIn.tooLong': string;
};

/** The receipt check's texts: fetched with it, not on the first step. */
export type ReceiptMessages = {
  readonly 'receipt.label': string;
  readonly 'receipt.check': string;
  readonly 'receipt.invalid': string;
  readonly 'receipt.notFound': string;
  readonly 'receipt.counted': (p: { at: string; channel: string }) => string;
  readonly 'receipt.replaced': (p: { at: string }) => string;
  readonly 'receipt.online': string;
  readonly 'receipt.paper': string;
};

/**
 * Strings of the ballot's vote part (the choices, the rules, the ranking, the
 * review): a catalogue of its own per language, fetched with that part
 * (`LocalizeController.withPart`), so the first step's texts stay small.
 */
export type VoteMessages = {
  readonly 'ballot.review': string;
  readonly 'rule.single': string;
  readonly 'rule.approval': (p: { min: number; max: number }) => string;
  readonly 'rule.knapsack': string;
  readonly 'rule.knapsackMin': (p: { percent: number }) => string;
  readonly 'rule.cumulative': (p: { points: number; max: number }) => string;
  readonly 'rule.ranked': (p: { max: number }) => string;
  readonly 'rule.eachPool': string;
  readonly 'ballot.district': (p: { district: string }) => string;
  readonly 'filter.label': string;
  readonly 'filter.category': string;
  readonly 'filter.district': string;
  readonly 'filter.all': string;
  readonly 'filter.shown': (p: { shown: number; total: number }) => string;
  readonly 'filter.hiddenPicked': (p: { count: number }) => string;
  readonly 'pool.projects': string;
  readonly 'pool.noneShown': string;
  readonly 'pool.empty': string;
  readonly 'pool.clear': string;
  readonly 'pool.cleared': (p: { pool: string }) => string;
  readonly 'meter.singleNone': string;
  readonly 'meter.singleChosen': string;
  readonly 'meter.chosen': (p: { n: number; max: number }) => string;
  readonly 'meter.picksLeft': (p: { left: number }) => string;
  readonly 'meter.atLeast': (p: { min: number }) => string;
  readonly 'meter.ranked': (p: { n: number; max: number }) => string;
  readonly 'meter.points': (p: { left: number; total: number }) => string;
  readonly 'meter.money': (p: { spent: string; limit: string }) => string;
  readonly 'meter.moneyLeft': (p: { left: string }) => string;
  readonly 'meter.minShare': (p: { min: string }) => string;
  readonly 'block.max_picks': (p: { max: number }) => string;
  readonly 'block.does_not_fit': (p: { cost: string; remaining: string }) => string;
  readonly 'block.no_points_left': string;
  readonly 'pick.added': (p: { title: string }) => string;
  readonly 'pick.removed': (p: { title: string }) => string;
  readonly 'points.label': (p: { title: string }) => string;
  readonly 'points.less': (p: { title: string }) => string;
  readonly 'points.more': (p: { title: string }) => string;
  readonly 'points.unit': (p: N) => string;
  readonly 'points.now': (p: { points: number; left: number }) => string;
  readonly 'points.none': string;
  readonly 'points.maxPerProject': (p: { max: number }) => string;
  readonly 'rank.title': string;
  readonly 'rank.howTo': string;
  readonly 'rank.empty': string;
  readonly 'rank.place': (p: { rank: number }) => string;
  readonly 'rank.up': (p: { title: string }) => string;
  readonly 'rank.down': (p: { title: string }) => string;
  readonly 'rank.remove': (p: { title: string }) => string;
  readonly 'rank.moved': (p: { title: string; rank: number }) => string;
  readonly 'rank.removed': (p: { title: string }) => string;
  readonly 'rank.alreadyFirst': string;
  readonly 'rank.alreadyLast': string;
  readonly 'card.more': string;
  readonly 'card.address': string;
  readonly 'card.author': string;
  readonly 'card.choose': string;
  readonly 'card.pick': string;
  readonly 'card.rank': string;
  readonly 'issue.empty': string;
  readonly 'issue.too_few': (p: { min: number }) => string;
  readonly 'issue.too_many': (p: { max: number }) => string;
  readonly 'issue.under_min_share': (p: { min: string; cost: string }) => string;
  readonly 'issue.over_budget': (p: { limit: string }) => string;
  readonly 'issue.over_points': (p: { max: number }) => string;
  readonly 'review.title': string;
  readonly 'review.lead': string;
  readonly 'review.yourChoice': string;
  readonly 'review.abstain': string;
  readonly 'review.total': (p: { n: number; cost: string }) => string;
  readonly 'review.points': (p: { points: number; total: number }) => string;
  readonly 'review.revote': string;
  readonly 'review.final': string;
  readonly 'review.back': string;
  readonly 'review.submit': string;
  readonly 'review.vetoed': string;
};

export type BallotKey = keyof (BallotMessages & CommonMessages) & string;

/** One chunk per language: the ES module build loads only the languages a page shows. */
export const messages: Catalogues<CommonMessages & BallotMessages> = {
  kk: () => import('./messages/kk.js'),
  ru: () => import('./messages/ru.js'),
  en: () => import('./messages/en.js'),
};

/**
 * The texts of the steps once a ballot is cast (`ballot.sent.ru-….js`), fetched with the outbox's part in the
 * language shown. Declared next to the first catalogues: the one-file bundle then places these texts near theirs,
 * and gzip finds their shared words (0.13 KB less than after the other parts' texts).
 */
export const sentMessages: Catalogues<SentMessages> = {
  kk: () => import('./messages/sent/kk.js'),
  ru: () => import('./messages/sent/ru.js'),
  en: () => import('./messages/sent/en.js'),
};

/** The vote part's texts, one chunk per language (`ballot.vote.ru-….js`), fetched with the vote part in the language shown. */
export const voteMessages: Catalogues<VoteMessages> = {
  kk: () => import('./messages/vote/kk.js'),
  ru: () => import('./messages/vote/ru.js'),
  en: () => import('./messages/vote/en.js'),
};

/** The receipt check's texts (`ballot.receipt.ru-….js`), fetched with it in the language shown. */
export const receiptMessages: Catalogues<ReceiptMessages> = {
  kk: () => import('./messages/receipt/kk.js'),
  ru: () => import('./messages/receipt/ru.js'),
  en: () => import('./messages/receipt/en.js'),
};

/** The sign-in's texts (`ballot.sign-in.ru-….js`), fetched with it in the language shown. */
export const signInMessages: Catalogues<SignInMessages> = {
  kk: () => import('./messages/sign-in/kk.js'),
  ru: () => import('./messages/sign-in/ru.js'),
  en: () => import('./messages/sign-in/en.js'),
};

