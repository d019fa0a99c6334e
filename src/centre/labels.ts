import type { CityConfig, Locale, PhaseName, ProposalStatus } from '../contract/index.js';
import type { LocalizeController } from '../ui/localize.js';
import type { CentreMessages } from './messages.js';

/** The centre's languages, each named in itself. */
export const LANGUAGES: readonly { locale: Locale; name: string }[] = [
  { locale: 'kk', name: 'Қазақша' },
  { locale: 'ru', name: 'Русский' },
  { locale: 'en', name: 'English' },
];

/** Who the demo's seed (`qala serve`'s demo data, `server/seed.ts`) names as having acted: it is no one's name. */
export const DEMO_ACTOR = 'seed';

/** A name the API gives for who acted or invited, the demo's seed in words. */
export function actorName(i18n: LocalizeController<CentreMessages>, name: string): string {
  return name === DEMO_ACTOR ? i18n.t('actor.demo') : name;
}

/** Human names for the ids the API speaks: never show a raw id when the city has a name for it. */
export function categoryName(config: CityConfig, id: string, locale: Locale): string {
  return config.city.categories.find((c) => c.id === id)?.name[locale] ?? id;
}

export function districtName(config: CityConfig, id: string | undefined, locale: Locale): string | undefined {
  if (id === undefined) return undefined;
  return config.city.districts.find((d) => d.id === id)?.name[locale] ?? id;
}

export function poolName(config: CityConfig, id: string | undefined, locale: Locale): string | undefined {
  if (id === undefined) return undefined;
  return config.cycle.pools.find((p) => p.id === id)?.name[locale] ?? id;
}

export function statusName(i18n: LocalizeController<CentreMessages>, status: ProposalStatus): string {
  return i18n.t(`status.${status}`);
}

export function phaseName(i18n: LocalizeController<CentreMessages>, phase: PhaseName | 'upcoming' | 'between' | 'closed'): string {
  return i18n.t(`phase.${phase}`);
}
