import type { Catalogues } from '../ui/localize.js';
import type { CommonMessages } from '../ui/messages/index.js';
import type { centreEn } from './messages/en.js';

/** The centre's own strings (the English catalogue is the reference; kk and ru implement the same keys). */
export type CentreOwnMessages = { readonly [K in keyof typeof centreEn]: (typeof centreEn)[K] };
export type CentreMessages = CommonMessages & CentreOwnMessages;

/** One chunk per language: the page loads only the language it shows. */
export const messages: Catalogues<CentreMessages> = {
  kk: () => import('./messages/kk.js'),
  ru: () => import('./messages/ru.js'),
  en: () => import('./messages/en.js'),
};
