import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Backend } from '../../client/backend.js';
import type { QalaError } from '../../client/errors.js';
import { IMPLEMENTATION_STATES, type CityConfig, type ImplementationState, type ProgressList, type ProgressPhoto, type ProgressStage, type ProgressUpdate, type ProjectProgress, type ProjectProgressDetail, type PublicText } from '../../contract/index.js';
import { QalaElement, httpBackendFor, textsPending } from '../../ui/base-element.js';
import { baseStyles } from '../../ui/base.styles.js';
import { ConfigController } from '../../ui/config-controller.js';
import { getDefaults } from '../../ui/defaults.js';
import { LocalizeController } from '../../ui/localize.js';
import { messages } from './messages.js';
import { ProgressController, type Loaded } from './progress-controller.js';
import { styles } from './progress.styles.js';

const HASH = /^#project=([^&]+)$/;

/** The project a page address points at (`#project=…`), if any. */
export function projectFromHash(hash: string): string | null {
  const m = HASH.exec(hash);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

/**
 * Following the winners: every funded project of a cycle (or of all cycles
 * of the city) with its progress, money spent against the approved cost, the
 * latest news and before/after photos, filters by district and state; and a
 * page per project with its stages, all its news and photos. A project's
 * page is deep-linkable: `#project=<id>` in the page address, or the
 * `project` attribute. Atom feeds of the news are linked.
 *
 * @tag qala-progress
 * @summary Implementation progress of funded projects: stages, spending, news, photos, feeds.
 *
 * @attr api - Base URL of the API. Ignored when `backend` is set.
 * @attr city - City slug.
 * @attr cycle - One cycle to show (its id); absent: every cycle of the city.
 * @attr project - Show this project's page (wins over `#project=` in the address).
 * @attr lang - `kk`, `ru` or `en`.
 * @attr theme - `light`, `dark` or `auto`.
 * @attr accent - Accent colour.
 * @attr radius - Corner radius.
 * @attr density - Spacing.
 * @attr font - Font.
 *
 * @fires qala-error - An error the widget shows; detail `{ code, message, retryable }`.
 *
 * @csspart heading - The main heading (the list's, or the project's on its page).
 * @csspart filters - The district, state and year filters.
 * @csspart card - One project in the list.
 * @csspart state - A project's state badge (not started, in progress, built, cancelled).
 * @csspart progress-bar - A project's progress bar.
 * @csspart money - Money spent against the approved cost.
 * @csspart timeline - A project's stages.
 * @csspart update - One news item.
 * @csspart photos - Before/after photos.
 * @csspart feed - The Atom feed link.
 * @csspart back - The link back to the list.
 *
 * @cssprop --qala-color-accent - Progress bars and links.
 * @cssprop --qala-color-surface - Background.
 * @cssprop --qala-color-surface-raised - Cards.
 * @cssprop --qala-color-text - Text colour.
 * @cssprop --qala-color-text-muted - Secondary text.
 * @cssprop --qala-color-border - Borders.
 * @cssprop --qala-color-success - Built.
 * @cssprop --qala-color-warning - Overspending, late stages.
 * @cssprop --qala-color-danger - Cancelled, errors.
 * @cssprop --qala-radius - Corner radius.
 * @cssprop --qala-font-family - Font.
 */
export class QalaProgress extends QalaElement {
  static override styles = [baseStyles, styles];

  private readonly i18n = new LocalizeController(this, messages);
  private readonly cfg = new ConfigController(this, (config) => this.i18n.setOverrides(config.city.messages));
  private readonly data = new ProgressController(this, (e) => this.reportError(e));

  @state() private hashProject: string | null = null;
  @state() private district = '';
  @state() private stateFilter: ImplementationState | '' = '';
  @state() private cycleFilter = '';

  /** One cycle to show (its id); empty: every cycle of the city. */
  @property() cycle = '';

  /** Show this project's page (wins over `#project=` in the page address). */
  @property() project = '';

  /** The project whose page the list left for: its link gets the focus back. */
  private cameFrom: string | null = null;
  private focusHeading = false;
  /** The resident pressed retry: once the answer is drawn, the focus goes to it (another retry, or the heading). */
  private focusAfterRetry = false;

  private readonly onHash = () => {
    this.hashProject = projectFromHash(globalThis.location?.hash ?? '');
  };

  private get config(): CityConfig | undefined {
    return this.cfg.config;
  }

  /** With `cycle`, config and results are that cycle's. */
  protected override get activeBackend(): Backend | null {
    if (this.backend || !this.cycle) return super.activeBackend;
    const defaults = getDefaults();
    const api = this.api || defaults.api;
    const city = this.city || defaults.city;
    return api && city ? httpBackendFor(api, city, this.cycle) : null;
  }

  private get shownProject(): string | null {
    return this.project || this.hashProject;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    globalThis.addEventListener?.('hashchange', this.onHash);
    this.onHash();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    globalThis.removeEventListener?.('hashchange', this.onHash);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const backend = this.activeBackend;
    this.cfg.use(backend);
    this.data.useList(backend, this.cycle);
    const id = this.shownProject;
    if (id !== this.data.shownDetail) {
      if (id) this.focusHeading = true;
      else if (this.data.shownDetail) this.cameFrom = this.data.shownDetail;
      this.data.useDetail(id);
    }
  }

  protected override updated(): void {
    // Nothing is drawn until the city's config is there (render): the focus waits for it too.
    if (this.cfg.state.status === 'loading') return;
    const shown = this.shownProject ? this.data.detail : this.data.list;
    if (this.focusAfterRetry && shown.status !== 'loading' && shown.status !== 'idle') {
      this.focusAfterRetry = false;
      const root = this.renderRoot;
      (root.querySelector<HTMLElement>('.notice.error ~ .row button.primary') ?? root.querySelector<HTMLElement>('[part=heading]'))?.focus();
    }
    if (this.focusHeading && this.data.detail.status !== 'loading' && this.data.detail.status !== 'idle') {
      this.focusHeading = false;
      this.renderRoot.querySelector<HTMLElement>('h2[tabindex]')?.focus();
    }
    if (this.cameFrom && this.data.list.status === 'ready') {
      const link = this.renderRoot.querySelector<HTMLElement>(`a[data-project="${CSS.escape(this.cameFrom)}"]`);
      this.cameFrom = null;
      link?.focus();
    }
  }

  private handleRetry(): void {
    // From the error (its button goes with it); a stale notice's retry stays where it is while the list is refreshed.
    this.focusAfterRetry = this.cfg.state.status === 'error' || (this.shownProject ? this.data.detail : this.data.list).status === 'error';
    if (this.cfg.state.status === 'error') this.cfg.retry();
    this.data.reload();
  }

  private handleBack(e: Event): void {
    // With the `project` attribute the host decides; otherwise the address does.
    if (this.project) {
      e.preventDefault();
      this.cameFrom = this.project;
      this.project = '';
    }
  }

  // ——— text ———

  private day(d: string): string {
    return this.i18n.date(`${d}T12:00:00Z`, 'UTC');
  }

  private text(t: PublicText): string {
    const locale = this.i18n.locale;
    return locale === 'en' ? (t.en ?? t.ru) : t[locale];
  }

  private districtName(id: string | undefined): string {
    if (!id) return '';
    return this.config?.city.districts.find((d) => d.id === id)?.name[this.i18n.locale] ?? id;
  }

  private feedHref(feed: string): string {
    const params = new URLSearchParams({ lang: this.i18n.locale });
    const here = globalThis.location;
    const origins = this.config?.city.allowedOrigins ?? [];
    if (here && (origins.some((o) => o.toLowerCase() === here.origin.toLowerCase()) || feed.startsWith(`${here.origin}/`))) params.set('page', `${here.origin}${here.pathname}${here.search}`);
    return `${feed}?${params}`;
  }

  // ——— render ———

  override render(): TemplateResult {
    if (!this.i18n.ready) return textsPending(this.i18n);
    if (!this.activeBackend) return html`<p class="notice error" role="alert">${this.i18n.t('error.noBackend')}</p>`;
    // The city's config names the districts and the city and may carry its own wording: nothing is drawn without it.
    const cfg = this.cfg.state;
    if (cfg.status === 'error') return this.renderError(cfg.error, this.i18n.t('progress.title'), false);
    if (cfg.status !== 'ready') return this.renderLoading();
    const id = this.shownProject;
    return id ? this.renderDetail(this.data.detail) : this.renderList(this.data.list);
  }

  private renderLoading(): TemplateResult {
    return html`<section class="stack" aria-busy="true">
      <p class="sr-only">${this.i18n.t('loading')}</p>
      <div class="skeleton sk-title"></div>
      <div class="skeleton sk-block"></div>
      <div class="skeleton sk-tall"></div>
    </section>`;
  }

  /** `ofProject`: the error is the shown project's own (not found: the project, not the city). */
  private renderError(error: QalaError, heading: string, ofProject = !!this.shownProject): TemplateResult {
    const missing = error.code === 'not_found';
    return html`<section class="stack">
      <h2 part="heading" tabindex="-1">${heading}</h2>
      <p class="notice error" role="alert">${missing && ofProject ? this.i18n.t('project.notFound') : this.i18n.t(this.errorKey(error) as 'error.generic')}</p>
      <div class="row">
        ${missing ? nothing : html`<button class="primary" @click=${this.handleRetry}>${this.i18n.t('retry')}</button>`}
        ${this.shownProject ? this.renderBack() : nothing}
      </div>
    </section>`;
  }

  private renderStale(stale: QalaError | null): TemplateResult | typeof nothing {
    if (!stale) return nothing;
    return html`<div class="notice warning row" role="status">
      <span>${this.i18n.t('progress.stale')}</span>
      <button @click=${this.handleRetry}>${this.i18n.t('retry')}</button>
    </div>`;
  }

  private renderList(list: Loaded<ProgressList>): TemplateResult {
    if (list.status === 'error') return this.renderError(list.error, this.i18n.t('progress.title'));
    if (list.status !== 'ready') return this.renderLoading();
    const data = list.data;
    const items = data.items.filter(
      (p) =>
        (!this.district || (this.district === '-' ? !p.district : p.district === this.district)) &&
        (!this.stateFilter || p.state === this.stateFilter) &&
        (!this.cycleFilter || p.cycleId === this.cycleFilter),
    );
    const city = this.config?.city.name[this.i18n.locale];
    return html`<section class="stack">
      ${data.cycles.length === 1 ? html`<p class="eyebrow">${data.cycles[0]!.title[this.i18n.locale]}${city ? ` · ${city}` : ''}</p>` : city ? html`<p class="eyebrow">${city}</p>` : nothing}
      <h2 part="heading" id="progress-h" tabindex="-1">${this.i18n.t('progress.title')}</h2>
      <p class="hint">${this.i18n.t('progress.lead')}</p>
      ${this.renderStale(list.stale)}
      ${data.items.length ? this.renderFilters(data) : nothing}
      ${data.items.length === 0
        ? html`<p class="notice">${this.i18n.t('progress.empty')}</p>`
        : html`<p class="hint" role="status">${items.length ? this.i18n.t('progress.count', { n: items.length, total: data.items.length }) : this.i18n.t('progress.noMatch')}</p>
            <ul class="cards" aria-labelledby="progress-h">
              ${items.map((p) => html`<li>${this.renderCard(p, data.cycles.length > 1)}</li>`)}
            </ul>`}
      ${this.renderFeed(data.feed, 'feed.city')}
    </section>`;
  }

  private renderFilters(data: ProgressList): TemplateResult {
    const locale = this.i18n.locale;
    const districts = this.config?.city.districts ?? [];
    const hasNone = data.items.some((p) => !p.district);
    return html`<form part="filters" class="filters" @submit=${(e: Event) => e.preventDefault()} aria-label=${this.i18n.t('filter.title')}>
      ${data.cycles.length > 1 && !this.cycle
        ? html`<div class="field">
            <label for="f-cycle">${this.i18n.t('filter.cycle')}</label>
            <select id="f-cycle" @change=${(e: Event) => (this.cycleFilter = (e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${!this.cycleFilter}>${this.i18n.t('filter.allCycles')}</option>
              ${data.cycles.map((c) => html`<option value=${c.id} ?selected=${this.cycleFilter === c.id}>${c.title[locale]}</option>`)}
            </select>
          </div>`
        : nothing}
      ${districts.length
        ? html`<div class="field">
            <label for="f-district">${this.i18n.t('filter.district')}</label>
            <select id="f-district" @change=${(e: Event) => (this.district = (e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${!this.district}>${this.i18n.t('filter.all')}</option>
              ${districts.map((d) => html`<option value=${d.id} ?selected=${this.district === d.id}>${d.name[locale]}</option>`)}
              ${hasNone ? html`<option value="-" ?selected=${this.district === '-'}>${this.i18n.t('filter.noDistrict')}</option>` : nothing}
            </select>
          </div>`
        : nothing}
      <div class="field">
        <label for="f-state">${this.i18n.t('filter.state')}</label>
        <select id="f-state" @change=${(e: Event) => (this.stateFilter = (e.target as HTMLSelectElement).value as ImplementationState | '')}>
          <option value="" ?selected=${!this.stateFilter}>${this.i18n.t('filter.all')}</option>
          ${IMPLEMENTATION_STATES.map((s) => html`<option value=${s} ?selected=${this.stateFilter === s}>${this.i18n.t(`state.${s}`)}</option>`)}
        </select>
      </div>
    </form>`;
  }

  private renderState(s: ImplementationState): TemplateResult {
    return html`<span part="state" class="badge state-${s}">${this.i18n.t(`state.${s}`)}</span>`;
  }

  private renderBar(p: ProjectProgress, id: string): TemplateResult {
    const label = this.i18n.t('card.percent', { percent: p.progress });
    return html`<div class="bar-wrap">
      <span id=${id} class="bar-label">${label}</span>
      <progress part="progress-bar" max="100" .value=${p.progress} aria-labelledby=${id}>${label}</progress>
    </div>`;
  }

  private renderMoney(p: ProjectProgress): TemplateResult {
    const over = p.spent - p.approvedCost;
    const share = p.approvedCost ? Math.min(100, (p.spent / p.approvedCost) * 100) : 0;
    return html`<div part="money" class="money">
      <p>${this.i18n.t('money.spentOf', { spent: this.i18n.money(p.spent), approved: this.i18n.money(p.approvedCost) })}</p>
      <div class="money-track" aria-hidden="true"><span class=${over > 0 ? 'money-fill over' : 'money-fill'} style="width:${share}%"></span></div>
      ${over > 0
        ? html`<p class="over">
            ${this.i18n.t('money.over', { amount: this.i18n.money(over) })}
            ${p.overspendReason ? html`${this.i18n.t('money.overReason')} <bdi class="user-text" dir="auto">${this.text(p.overspendReason)}</bdi>` : nothing}
          </p>`
        : nothing}
    </div>`;
  }

  private renderPhoto(ph: ProgressPhoto, title: string, thumb = false): TemplateResult {
    const tag = this.i18n.t(`photo.${ph.tag}`);
    return html`<figure class=${thumb ? 'photo thumb' : 'photo'}>
      <img src=${ph.url} width=${ph.width} height=${ph.height} loading="lazy" decoding="async" alt=${this.i18n.t('photos.alt', { tag, title })} />
      <figcaption>${tag}</figcaption>
    </figure>`;
  }

  private renderCard(p: ProjectProgress, showCycle: boolean): TemplateResult {
    const locale = this.i18n.locale;
    const bar = `bar-${p.projectId}`;
    return html`<article part="card" class="card stack">
      <div class="row head">
        <h3 class="user-text" dir="auto">
          <a href="#project=${encodeURIComponent(p.projectId)}" data-project=${p.projectId} aria-label=${this.i18n.t('card.open', { title: p.title })}>${p.title}</a>
        </h3>
        ${this.renderState(p.state)}
      </div>
      <p class="meta">
        ${showCycle ? html`<span>${p.cycleTitle[locale]}</span>` : nothing}
        ${p.district ? html`<span>${this.districtName(p.district)}</span>` : nothing}
      </p>
      ${p.state === 'cancelled' && p.cancelReason
        ? html`<p class="notice error-soft">${this.i18n.t('project.cancelled')} <bdi class="user-text" dir="auto">${this.text(p.cancelReason)}</bdi></p>`
        : this.renderBar(p, bar)}
      ${this.renderMoney(p)}
      ${p.before || p.after
        ? html`<div part="photos" class="photos">${p.before ? this.renderPhoto(p.before, p.title, true) : nothing}${p.after ? this.renderPhoto(p.after, p.title, true) : nothing}</div>`
        : nothing}
      ${p.latestUpdate ? this.renderUpdate(p.latestUpdate, p.title, true) : nothing}
    </article>`;
  }

  private renderUpdate(u: ProgressUpdate, title: string, latest = false): TemplateResult {
    const tz = this.config?.city.timeZone ?? 'Asia/Almaty';
    return html`<div part="update" class="update">
      <p class="update-head">${latest ? html`<strong>${this.i18n.t('updates.latest')}</strong> · ` : nothing}<time datetime=${u.at}>${this.i18n.date(u.at, tz)}</time></p>
      <p class="user-text update-text" dir="auto">${this.text(u.text)}</p>
      ${!latest && u.photos.length ? html`<div part="photos" class="photos">${u.photos.map((ph) => this.renderPhoto(ph, title))}</div>` : nothing}
    </div>`;
  }

  private renderFeed(feed: string, key: 'feed.city' | 'feed.project'): TemplateResult {
    return html`<p class="feed">
      <a part="feed" href=${this.feedHref(feed)} type="application/atom+xml">${this.i18n.t(key)}</a>
      <span class="hint">${this.i18n.t('feed.hint')}</span>
    </p>`;
  }

  private renderBack(): TemplateResult {
    return html`<a part="back" class="back" href="#project=" @click=${this.handleBack}>← ${this.i18n.t('project.back')}</a>`;
  }

  private renderDetail(detail: Loaded<ProjectProgressDetail>): TemplateResult {
    if (detail.status === 'error') return this.renderError(detail.error, this.i18n.t('progress.title'));
    if (detail.status !== 'ready') return this.renderLoading();
    const p = detail.data;
    const locale = this.i18n.locale;
    const city = this.config?.city.name[locale];
    return html`<article class="stack detail" aria-labelledby="project-h">
      ${this.renderBack()}
      <p class="eyebrow">${p.cycleTitle[locale]}${city ? ` · ${city}` : ''}</p>
      <div class="row head">
        <h2 part="heading" id="project-h" class="user-text" dir="auto" tabindex="-1">${p.title}</h2>
        ${this.renderState(p.state)}
      </div>
      ${this.renderStale(detail.stale)}
      ${p.state === 'cancelled' && p.cancelReason
        ? html`<p class="notice error-soft">${this.i18n.t('project.cancelled')} <bdi class="user-text" dir="auto">${this.text(p.cancelReason)}</bdi></p>`
        : nothing}
      ${p.state === 'implemented' && p.implementedOn
        ? html`<p class="notice success">${this.i18n.t('project.implementedOn', { date: this.day(p.implementedOn) })}
            ${p.completionNote ? html`<bdi class="user-text" dir="auto">${this.text(p.completionNote)}</bdi>` : nothing}</p>`
        : nothing}
      ${p.state !== 'cancelled' ? this.renderBar(p, 'bar-detail') : nothing}
      <dl class="facts">
        ${p.contractor ? html`<div><dt>${this.i18n.t('project.contractor')}</dt><dd class="user-text" dir="auto">${p.contractor}</dd></div>` : nothing}
        ${p.plannedStart && p.plannedEnd
          ? html`<div><dt>${this.i18n.t('project.planned')}</dt><dd>${this.i18n.t('project.plannedRange', { from: this.day(p.plannedStart), to: this.day(p.plannedEnd) })}</dd></div>`
          : nothing}
        ${p.district ? html`<div><dt>${this.i18n.t('project.district')}</dt><dd>${this.districtName(p.district)}</dd></div>` : nothing}
        ${p.address ? html`<div><dt>${this.i18n.t('project.address')}</dt><dd class="user-text" dir="auto">${p.address}</dd></div>` : nothing}
      </dl>
      <section class="stack" aria-labelledby="money-h">
        <h3 id="money-h">${this.i18n.t('money.label')}</h3>
        ${this.renderMoney(p)} ${p.committed ? html`<p class="hint">${this.i18n.t('money.committed', { committed: this.i18n.money(p.committed) })}</p>` : nothing}
      </section>
      ${p.before || p.after
        ? html`<section class="stack" aria-labelledby="photos-h">
            <h3 id="photos-h">${this.i18n.t('photos.title')}</h3>
            <div part="photos" class="photos pair">${p.before ? this.renderPhoto(p.before, p.title) : nothing}${p.after ? this.renderPhoto(p.after, p.title) : nothing}</div>
          </section>`
        : nothing}
      ${this.renderStages(p.stages)}
      <section class="stack" aria-labelledby="updates-h">
        <h3 id="updates-h">${this.i18n.t('updates.title')}</h3>
        ${p.updates.length ? html`<ol class="updates">${p.updates.map((u) => html`<li>${this.renderUpdate(u, p.title)}</li>`)}</ol>` : html`<p class="hint">${this.i18n.t('updates.none')}</p>`}
      </section>
      ${this.renderFeed(p.feed, 'feed.project')}
      <p class="hint">${this.i18n.t('progress.cityTime', { city: city ?? '' })}</p>
    </article>`;
  }

  private renderStages(stages: ProgressStage[]): TemplateResult {
    const today = new Date().toISOString().slice(0, 10);
    return html`<section class="stack" aria-labelledby="stages-h">
      <h3 id="stages-h">${this.i18n.t('stages.title')}</h3>
      ${stages.length
        ? html`<ol part="timeline" class="timeline">
            ${stages.map((s) => {
              const late = s.state !== 'done' && s.plannedEnd < today;
              return html`<li class="stage stage-${s.state}">
                <p class="stage-head"><span class="user-text" dir="auto">${this.text(s.title)}</span> <span class="badge">${this.i18n.t(`stage.${s.state}`)}</span></p>
                <p class="hint">${this.i18n.t('stages.planned', { from: this.day(s.plannedStart), to: this.day(s.plannedEnd) })}</p>
                ${s.actualStart && s.actualEnd
                  ? html`<p class="hint">${this.i18n.t('stages.actual', { from: this.day(s.actualStart), to: this.day(s.actualEnd) })}</p>`
                  : s.actualStart
                    ? html`<p class="hint">${this.i18n.t('stages.started', { from: this.day(s.actualStart) })}</p>`
                    : nothing}
                ${late ? html`<p class="late">${this.i18n.t('stages.late')}</p>` : nothing}
              </li>`;
            })}
          </ol>`
        : html`<p class="hint">${this.i18n.t('stages.none')}</p>`}
    </section>`;
  }
}
