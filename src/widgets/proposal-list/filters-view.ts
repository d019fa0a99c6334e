import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { PROPOSAL_STATUSES, type CityConfig, type ProposalSort } from '../../contract/index.js';
import { votesVisible, type ListI18n } from './cards.js';
import { parseStatuses } from './query.js';

/** The filters as the form shows them, and what its events go to. */
export interface FiltersView {
  category: string;
  district: string;
  status: string;
  sort: ProposalSort | '';
  /** The search field's text, applied as `q` after a pause or on submit. */
  searchText: string;
  change: (event: Event) => void;
  submit: (event: SubmitEvent) => void;
}

export function renderFilters(i18n: ListI18n, config: CityConfig, f: FiltersView): TemplateResult {
  const lang = i18n.locale;
  const statuses = parseStatuses(f.status);
  const statusValue = statuses.length === 0 ? '' : statuses.length === 1 ? statuses[0]! : '__some';
  const sorts: ProposalSort[] = ['newest', 'cost_asc', 'cost_desc', ...(votesVisible(config) ? (['votes'] as const) : [])];
  const sort = f.sort && sorts.includes(f.sort) ? f.sort : 'newest';
  return html`<form class="filters" part="filters" role="search" aria-label=${i18n.t('filters')} @submit=${f.submit} @input=${f.change} @change=${f.change}>
    <div class="field search">
      <label for="flt-q">${i18n.t('filter.search')}</label>
      <input id="flt-q" data-filter="q" type="search" dir="auto" maxlength="200" aria-describedby="flt-q-hint" .value=${live(f.searchText)} />
      <span class="hint" id="flt-q-hint">${i18n.t('filter.searchHint')}</span>
    </div>
    <div class="field">
      <label for="flt-category">${i18n.t('filter.category')}</label>
      <select id="flt-category" data-filter="category" .value=${live(f.category)}>
        <option value="" ?selected=${!f.category}>${i18n.t('filter.allCategories')}</option>
        ${config.city.categories.map((c) => html`<option value=${c.id} ?selected=${f.category === c.id}>${c.name[lang]}</option>`)}
      </select>
    </div>
    ${config.city.districts.length
      ? html`<div class="field">
          <label for="flt-district">${i18n.t('filter.district')}</label>
          <select id="flt-district" data-filter="district" .value=${live(f.district)}>
            <option value="" ?selected=${!f.district}>${i18n.t('filter.allDistricts')}</option>
            ${config.city.districts.map((d) => html`<option value=${d.id} ?selected=${f.district === d.id}>${d.name[lang]}</option>`)}
          </select>
        </div>`
      : nothing}
    <div class="field">
      <label for="flt-status">${i18n.t('filter.status')}</label>
      <select id="flt-status" data-filter="status" .value=${live(statusValue)}>
        <option value="" ?selected=${statusValue === ''}>${i18n.t('filter.allStatuses')}</option>
        ${statusValue === '__some' ? html`<option value="__some" selected>${i18n.t('filter.someStatuses', { count: statuses.length })}</option>` : nothing}
        ${PROPOSAL_STATUSES.map((st) => html`<option value=${st} ?selected=${statusValue === st}>${i18n.t(`status.${st}`)}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="flt-sort">${i18n.t('filter.sort')}</label>
      <select id="flt-sort" data-filter="sort" .value=${live(sort)}>
        ${sorts.map((s) => html`<option value=${s} ?selected=${sort === s}>${i18n.t(`sort.${s}`)}</option>`)}
      </select>
    </div>
  </form>`;
}

/** What an empty, unfiltered list says: when proposals can be sent, or when they will be reviewed or voted on. */
export function emptyText(i18n: ListI18n, config: CityConfig): string {
  const tz = config.city.timeZone;
  const phases = config.cycle.phases;
  switch (config.currentPhase) {
    case 'upcoming':
      return i18n.t('empty.upcoming', { date: i18n.date(phases.submission.start, tz) });
    case 'submission':
      return i18n.t('empty.submission', { date: i18n.until(phases.submission.end, tz) });
    case 'review':
      return i18n.t('empty.review', { date: i18n.until(phases.review.end, tz) });
    case 'voting':
      return i18n.t('empty.voting', { date: i18n.until(phases.voting.end, tz) });
    default:
      return i18n.t('empty.other');
  }
}
