import type { ImplementationState, PhotoTag, StageState } from '../../contract/index.js';
import type { Catalogues } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';

type StateKeys = `state.${ImplementationState}`;
type StageKeys = `stage.${StageState}`;
type TagKeys = `photo.${PhotoTag}`;

/** Strings of `<qala-progress>`, in every language. */
export type ProgressMessages = { readonly [K in StateKeys | StageKeys | TagKeys]: string } & {
  readonly 'progress.title': string;
  readonly 'progress.lead': string;
  readonly 'progress.empty': string;
  readonly 'progress.noMatch': string;
  readonly 'progress.count': (p: { n: number; total: number }) => string;
  readonly 'progress.stale': string;
  readonly 'progress.cityTime': (p: { city: string }) => string;
  readonly 'filter.title': string;
  readonly 'filter.cycle': string;
  readonly 'filter.district': string;
  readonly 'filter.state': string;
  readonly 'filter.all': string;
  readonly 'filter.allCycles': string;
  readonly 'filter.noDistrict': string;
  readonly 'card.percent': (p: { percent: number }) => string;
  readonly 'card.open': (p: { title: string }) => string;
  readonly 'money.spentOf': (p: { spent: string; approved: string }) => string;
  readonly 'money.committed': (p: { committed: string }) => string;
  readonly 'money.over': (p: { amount: string }) => string;
  readonly 'money.overReason': string;
  readonly 'money.label': string;
  readonly 'project.back': string;
  readonly 'project.notFound': string;
  readonly 'project.contractor': string;
  readonly 'project.planned': string;
  readonly 'project.plannedRange': (p: { from: string; to: string }) => string;
  readonly 'project.implementedOn': (p: { date: string }) => string;
  readonly 'project.cancelled': string;
  readonly 'project.cycle': string;
  readonly 'project.district': string;
  readonly 'project.address': string;
  readonly 'project.progress': string;
  readonly 'stages.title': string;
  readonly 'stages.none': string;
  readonly 'stages.planned': (p: { from: string; to: string }) => string;
  readonly 'stages.actual': (p: { from: string; to: string }) => string;
  readonly 'stages.started': (p: { from: string }) => string;
  readonly 'stages.late': string;
  readonly 'updates.title': string;
  readonly 'updates.latest': string;
  readonly 'updates.none': string;
  readonly 'photos.title': string;
  readonly 'photos.alt': (p: { tag: string; title: string }) => string;
  readonly 'feed.city': string;
  readonly 'feed.project': string;
  readonly 'feed.hint': string;
};

/** One chunk per language: the ES module build loads only the languages a page shows. */
export const messages: Catalogues<CommonMessages & ProgressMessages> = {
  kk: () => import('./messages/kk.js'),
  ru: () => import('./messages/ru.js'),
  en: () => import('./messages/en.js'),
};
