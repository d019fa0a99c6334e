import type { Catalogues } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';

import type { Counted } from '../../ui/locale.js';

/** Strings of `<qala-proposal-list>`; user-written text is never put inside them. */
export type ProposalListMessages = {
  readonly heading: string;
  readonly filters: string;
  readonly 'filter.category': string;
  readonly 'filter.district': string;
  readonly 'filter.status': string;
  readonly 'filter.search': string;
  readonly 'filter.searchHint': string;
  readonly 'filter.sort': string;
  readonly 'filter.allCategories': string;
  readonly 'filter.allDistricts': string;
  readonly 'filter.allStatuses': string;
  readonly 'filter.someStatuses': (p: { count: number }) => string;
  readonly 'filter.reset': string;
  readonly 'sort.newest': string;
  readonly 'sort.cost_asc': string;
  readonly 'sort.cost_desc': string;
  readonly 'sort.votes': string;
  readonly count: Counted;
  readonly shown: (p: { shown: number; total: number }) => string;
  readonly loadingList: string;
  readonly 'card.cost': string;
  readonly 'card.finalCost': string;
  readonly votes: Counted;
  readonly 'card.reason': string;
  readonly 'card.mergedInto': string;
  /** Before the public reason of a funded project the centre cancelled. */
  readonly 'card.cancelReason': string;
  readonly 'progress.not_started': string;
  readonly 'progress.in_progress': string;
  readonly 'progress.implemented': string;
  /** A funded card's progress line: the state of the works and its percent. */
  readonly 'progress.line': (p: { state: string; percent: number }) => string;
  /** The link to a funded project's page with `<qala-progress>` (its title follows for screen readers). */
  readonly 'progress.link': string;
  readonly 'card.more': string;
  readonly 'card.district': string;
  readonly 'detail.label': string;
  readonly 'detail.description': string;
  readonly 'detail.address': string;
  /** The vote count's label in a proposal's dialog (not the sort option's words). */
  readonly 'detail.votes': string;
  readonly 'detail.author': string;
  readonly 'detail.photos': string;
  readonly 'detail.photo': (p: { n: number; total: number }) => string;
  readonly 'detail.history': string;
  readonly 'detail.submittedAt': (p: { date: string }) => string;
  readonly 'detail.notFound': string;
  readonly 'empty.filtered': string;
  readonly 'empty.upcoming': (p: { date: string }) => string;
  readonly 'empty.submission': (p: { date: string }) => string;
  readonly 'empty.review': (p: { date: string }) => string;
  readonly 'empty.voting': (p: { date: string }) => string;
  readonly 'empty.other': string;
};

/** One chunk per language: the ES module build loads only the languages a page shows. */
export const messages: Catalogues<CommonMessages & ProposalListMessages> = {
  kk: () => import('./messages/kk.js'),
  ru: () => import('./messages/ru.js'),
  en: () => import('./messages/en.js'),
};
