import type { Catalogues } from '../localize.js';
import type { CommonMessages } from './common.js';
import { en } from './en.js';
import { kk } from './kk.js';
import { ru } from './ru.js';

export type { CommonMessages } from './common.js';
export const common: Catalogues<CommonMessages> = { kk, ru, en };

/** Joins the common catalogue with a widget's own, per language. */
export function withCommon<W extends object>(own: Record<'kk' | 'ru' | 'en', W>): Catalogues<CommonMessages & W> {
  return { kk: { ...kk, ...own.kk }, ru: { ...ru, ...own.ru }, en: { ...en, ...own.en } } as Catalogues<CommonMessages & W>;
}
