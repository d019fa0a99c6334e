import type { Catalogues } from '../ui/localize.js';
import type { implementationEn } from './messages/implementation-en.js';

/** The implementation section's own strings (English is the reference; kk and ru implement the same keys). */
export type ImplementationMessages = { readonly [K in keyof typeof implementationEn]: (typeof implementationEn)[K] };

/** One chunk per language, loaded when the section is first drawn in that language. */
export const implementationMessages: Catalogues<ImplementationMessages> = {
  kk: () => import('./messages/implementation-kk.js'),
  ru: () => import('./messages/implementation-ru.js'),
  en: () => import('./messages/implementation-en.js'),
};
