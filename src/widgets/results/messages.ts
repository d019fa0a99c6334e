import type { CountingRuleName, TieBreak } from '../../contract/index.js';
import type { Catalogues } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { WhyMessages } from './why.js';

type RuleKeys = `rule.${CountingRuleName}`;
type TieKeys = `tie.${TieBreak}`;

/** Strings of `<qala-results>`, in every language. */
export type ResultsMessages = { readonly [K in RuleKeys | TieKeys]: string } & WhyMessages & {
  readonly 'results.title': string;
  readonly 'results.publishedOn': (p: { date: string }) => string;
  readonly 'results.votingUntil': (p: { date: string }) => string;
  readonly 'results.cityTime': (p: { city: string }) => string;
  readonly 'mode.live': string;
  readonly 'mode.final': string;
  readonly 'mode.liveLead': (p: { at: string }) => string;
  readonly 'mode.finalLead': (p: { at: string }) => string;
  readonly 'turnout.total': string;
  readonly 'turnout.online': string;
  readonly 'turnout.paper': string;
  readonly 'rule.how': string;
  readonly 'pool.projects': string;
  readonly 'pool.summary': (p: { funded: number; total: number; spent: string; budget: string }) => string;
  readonly 'pool.summaryLive': (p: { funded: number; total: number; spent: string; budget: string }) => string;
  readonly 'pool.left': (p: { left: string }) => string;
  readonly 'pool.ballots': (p: { n: number }) => string;
  /** MES with Add1: how many runs the count took and each voter's final share (rounded and exact), for an auditor. */
  readonly 'pool.add1': (p: { runs: number; amount: string; exact: string }) => string;
  readonly 'chart.spent': (p: { spent: string; budget: string }) => string;
  readonly 'chart.caption': (p: { votes: string }) => string;
  readonly 'chart.more': (p: { shown: number; total: number }) => string;
  readonly 'chart.fundedLegend': string;
  readonly 'chart.otherLegend': string;
  readonly 'table.caption': (p: { pool: string }) => string;
  readonly 'table.project': string;
  readonly 'table.votes': string;
  readonly 'table.points': string;
  readonly 'table.firstChoices': string;
  readonly 'table.cost': string;
  readonly 'table.result': string;
  readonly 'table.funded': string;
  readonly 'table.notFunded': string;
  readonly 'table.fundedLive': string;
  readonly 'table.notFundedLive': string;
  readonly 'table.showAll': (p: { n: number }) => string;
  readonly 'decision.funded': (p: { date: string }) => string;
  readonly 'decision.notFunded': (p: { date: string }) => string;
  readonly 'decision.reason': string;
  readonly 'downloads.title': string;
  readonly 'downloads.csv': string;
  readonly 'downloads.pb': string;
  readonly 'downloads.note': string;
  readonly 'verified.voter_list': string;
  readonly 'verified.census': string;
  readonly 'verified.oidc': (p: { provider: string }) => string;
  readonly 'verified.phone_only': string;
  readonly 'verified.providerFallback': string;
};

/** One chunk per language: the ES module build loads only the languages a page shows. */
export const messages: Catalogues<CommonMessages & ResultsMessages> = {
  kk: () => import('./messages/kk.js'),
  ru: () => import('./messages/ru.js'),
  en: () => import('./messages/en.js'),
};
