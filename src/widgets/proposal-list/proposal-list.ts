import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { toQalaError, type QalaError } from '../../client/errors.js';
import type { Backend } from '../../client/backend.js';
import type { CityConfig, Proposal, ProposalSort } from '../../contract/index.js';
import { Announcer } from '../../ui/announcer.js';
import { baseStyles } from '../../ui/base.styles.js';
import { QalaElement, textsPending } from '../../ui/base-element.js';
import { ConfigController } from '../../ui/config-controller.js';
import { LocalizeController } from '../../ui/localize.js';
import type { ProposalSubmittedEvent } from '../proposal-form/events.js';
import { CardRowsController } from './card-rows-controller.js';
import { CardViews, cardTexts, renderCard, votesVisible, type FateLinks } from './cards.js';
import { DetailController } from './detail-controller.js';
import { emptyText, renderFilters } from './filters-view.js';
import { messages } from './messages.js';
import { FundedProgressController } from './funded-progress-controller.js';
import { styles } from './proposal-list.styles.js';
import { isFiltered, parseSort, parseStatuses, toQuery, type ListState } from './query.js';
import { UrlHashController } from './url-hash-controller.js';

/**
 * Everyone browses the proposals of the current cycle and what became of
 * them: cards with photo, category, district, cost and a status badge (word
 * and colour), the expert council's reason for rejected and merged ones;
 * filters, search, sort, "show more" paging and a detail dialog with the full
 * description, all photos and the review history.
 *
 * @tag qala-proposal-list
 * @summary Browsable, filterable list of participatory-budgeting proposals.
 *
 * @attr api - Base URL of the API, e.g. `https://pb.example.kz/api/v1`.
 * @attr city - City slug, e.g. `aksu`.
 * @attr lang - `kk`, `ru` or `en`; falls back to `<html lang>`, then Russian.
 * @attr theme - `light`, `dark` or `auto`.
 * @attr accent - Accent colour.
 * @attr radius - `none|small|medium|large|pill` or a length.
 * @attr density - `compact|comfortable|spacious`.
 * @attr font - `system|serif|mono|inherit` or a family name.
 * @attr category - Category id filter (reflected).
 * @attr district - District id filter (reflected).
 * @attr status - Comma-separated statuses, e.g. `on_ballot,winner` (reflected).
 * @attr q - Text search (reflected).
 * @attr sort - `newest`, `cost_asc`, `cost_desc` or `votes` (reflected).
 * @attr proposal - Id of the proposal whose details are open (reflected); set it for a deep link.
 * @attr sync-url - Also keep the state in the page's URL hash (`#qala:category=…&proposal=…`).
 * @attr page-size - Proposals per page, 1–100 (default 20).
 * @attr progress-page - Address of the page with `<qala-progress>`: funded projects' cards link to their page there (`#project=<id>`).
 *
 * @prop {Backend} backend - A backend object of the host's own; wins over `api`.
 *
 * @fires qala-proposal-opened - The details of a proposal were opened; `detail`: `{ id }`.
 * @fires qala-error - An error the widget shows; `detail`: `{ code, message, retryable }`.
 *
 * @csspart heading - The list heading.
 * @csspart filters - The filter and search form.
 * @csspart list - The `<ul>` of cards.
 * @csspart card - One proposal card.
 * @csspart thumbnail - A card's photo.
 * @csspart badge - A status badge.
 * @csspart progress - A funded project's progress line (bar, state of the works, link).
 * @csspart progress-link - A funded project's link to its page (with `progress-page`).
 * @csspart show-more - The "show more" button.
 * @csspart dialog - The detail `<dialog>`.
 * @csspart notice - Empty and error notices.
 *
 * @cssprop --qala-color-accent - Accent colour.
 * @cssprop --qala-color-surface - Background.
 * @cssprop --qala-color-text - Text colour.
 * @cssprop --qala-color-success - Colour of funded / implemented badges.
 * @cssprop --qala-color-danger - Colour of rejected badges.
 * @cssprop --qala-color-warning - Colour of "needs changes" badges.
 * @cssprop --qala-color-info - Colour of submitted / under review badges.
 * @cssprop --qala-radius - Corner radius.
 * @cssprop --qala-font-family - Font family.
 * @cssprop --qala-font-size - Base size (everything else is in `em`).
 * @cssprop --qala-proposal-list-thumb-height - Height of card photos (default `9em`).
 */
export class QalaProposalList extends QalaElement {
  static override styles = [baseStyles, styles];

  private readonly i18n = new LocalizeController(this, messages);
  private readonly cfg = new ConfigController(this, (config) => {
    this.i18n.setOverrides(config.city.messages);
    // A config arrives only for a new source (or after its own failure): the list held is not its cycle's.
    this.forgetList();
    this.needsLoad = true;
    this.progress.reset();
  });
  private readonly hash = new UrlHashController(this, {
    syncUrl: () => this.syncUrl,
    state: () => this.listState,
    apply: (s) => {
      this.category = s.category;
      this.district = s.district;
      this.status = s.status.join(',');
      this.q = s.q;
      this.sort = s.sort;
      this.proposal = s.proposal;
    },
  });
  private readonly cardRows = new CardRowsController(this, () => this.items);
  private readonly progress = new FundedProgressController(this, {
    backend: () => this.activeBackend,
    cycle: () => this.cfg.config?.cycle.id,
    items: () => this.items,
  });
  /** Where a merged proposal's link leads, on its card and in the dialog. */
  private readonly links: FateLinks = { byId: () => this.byId(), openMerged: (id) => (this.proposal = id) };
  private readonly details = new DetailController(this, this.i18n, this.links, {
    backend: () => this.activeBackend,
    proposal: () => this.proposal,
    items: () => this.items,
    report: (error) => this.reportError(error),
    errorText: (error) => this.errorText(error),
    focusCard: (index) => this.cardRows.focusCard(index),
  });
  private readonly cardViews = new CardViews(this.i18n);
  private readonly announcer = new Announcer(this);

  @state() private items: Proposal[] = [];
  @state() private total = 0;
  @state() private nextCursor: string | null = null;
  @state() private listStatus: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  @state() private refreshing = false;
  @state() private loadingMore = false;
  @state() private listError: QalaError | null = null;

  /** Category id filter. */
  @property({ reflect: true }) category = '';
  /** District id filter. */
  @property({ reflect: true }) district = '';
  /** Comma-separated statuses. */
  @property({ reflect: true }) status = '';
  /** Text search. */
  @property({ reflect: true }) q = '';
  /** `newest`, `cost_asc`, `cost_desc` or `votes`. */
  @property({ reflect: true }) sort: ProposalSort | '' = '';
  /** Id of the proposal whose details are open. */
  @property({ reflect: true }) proposal = '';
  /** Keep the state in the URL hash too. */
  @property({ type: Boolean, attribute: 'sync-url' }) syncUrl = false;
  /** Proposals per page (1–100). */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 20;
  /** Address of the page with `<qala-progress>`; funded projects' cards link to their page there. */
  @property({ attribute: 'progress-page' }) progressPage = '';

  private needsLoad = false;
  /** The backend the list was loaded from: another one (city, api, backend) makes the list start over. */
  private listSource: Backend | null = null;
  private generation = 0;
  private abort: AbortController | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * The search field's text, applied as `q` after a pause or on submit. Not reactive state: the field
   * shows what is typed by itself, and a keystroke re-rendering the whole list (2 000 cards' rows
   * checked again) made typing stutter on a slow phone; only the applied `q` renders the list again.
   */
  private searchText = '';
  private announceNextCount = false;
  private focusAfterLoad: 'count' | number | null = null;
  /** A form on the same page sent a proposal to this cycle: the list would otherwise show it only after a reload. */
  private readonly onProposalSubmitted = (event: ProposalSubmittedEvent): void => {
    const config = this.cfg.config;
    if (!config || config.cycle.id !== event.detail.cycleId || this.listStatus === 'idle') return;
    void this.load(false);
  };

  private index: { items: Proposal[]; map: Map<string, Proposal> } | null = null;
  private byId(): Map<string, Proposal> {
    if (this.index?.items !== this.items) this.index = { items: this.items, map: new Map(this.items.map((p) => [p.id, p])) };
    return this.index.map;
  }

  private get listState(): ListState {
    return {
      category: this.category,
      district: this.district,
      status: parseStatuses(this.status),
      q: this.q,
      sort: parseSort(this.sort),
      proposal: this.proposal,
    };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('qala-proposal-submitted', this.onProposalSubmitted);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('qala-proposal-submitted', this.onProposalSubmitted);
    this.abort?.abort();
    clearTimeout(this.searchTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if ((changed as PropertyValues).has('items')) this.cardRows.virtual?.startBudget();
    const source = this.activeBackend;
    if (source !== this.listSource) {
      this.listSource = source;
      this.forgetList();
      this.details.forget();
    }
    this.cfg.use(source);
    if (['category', 'district', 'status', 'q', 'sort', 'pageSize', 'backend', 'api', 'city'].some((k) => changed.has(k as keyof QalaProposalList))) {
      this.needsLoad = true;
    }
    if (changed.has('q') && this.searchText.trim() !== this.q.trim()) this.searchText = this.q;
    if (changed.has('syncUrl') && this.syncUrl && this.isConnected && changed.get('syncUrl') === false) this.hash.read();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.needsLoad && this.cfg.config) {
      this.needsLoad = false;
      void this.load(false);
    }
    if (this.syncUrl && ['category', 'district', 'status', 'q', 'sort', 'proposal', 'syncUrl'].some((k) => changed.has(k as keyof QalaProposalList))) {
      this.hash.write();
    }
    this.details.updated();
    this.cardRows.updated();
  }

  /**
   * Another city's (or cycle's) cards must not be drawn with this one's categories and filters, even for a
   * moment, nor an answer still on its way for them: the list shows its skeleton until the new list is there.
   */
  private forgetList(): void {
    if (this.listStatus === 'idle') return;
    this.generation++;
    this.abort?.abort();
    this.abort = null;
    this.items = [];
    this.total = 0;
    this.nextCursor = null;
    this.listStatus = 'idle';
    this.listError = null;
    this.refreshing = false;
    this.loadingMore = false;
    this.focusAfterLoad = null;
  }

  private async load(more: boolean): Promise<void> {
    const backend = this.activeBackend;
    if (!backend) return;
    const generation = ++this.generation;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    if (more) this.loadingMore = true;
    else if (this.listStatus === 'ready') this.refreshing = true;
    else this.listStatus = 'loading';
    try {
      const page = await backend.listProposals(toQuery(this.listState, this.pageSize, more ? (this.nextCursor ?? undefined) : undefined), { signal: abort.signal });
      if (generation !== this.generation) return;
      // A backend that answers at once (the host's own, in memory) would put the filter's update and the new
      // cards in one task: the cards come in a task of their own (the browser may draw a frame in between).
      await new Promise<void>((resolve) => setTimeout(resolve));
      if (generation !== this.generation) return;
      this.cardRows.measureEarly();
      this.items = more ? [...this.items, ...page.items] : page.items;
      this.total = page.total;
      this.nextCursor = page.nextCursor;
      this.listStatus = 'ready';
      this.listError = null;
      void this.progress.load();
      if (this.announceNextCount || more) this.announce(more ? this.i18n.t('shown', { shown: this.items.length, total: this.total }) : this.countText());
    } catch (error) {
      if (generation !== this.generation) return;
      if (toQalaError(error).kind === 'aborted') return;
      const e = this.reportError(error);
      if (more) this.announce(this.errorText(e));
      else {
        this.listError = e;
        this.listStatus = 'error';
        this.announce(this.errorText(e));
      }
    } finally {
      if (generation === this.generation) {
        this.refreshing = false;
        this.loadingMore = false;
        this.announceNextCount = false;
      }
    }
    if (generation !== this.generation) return;
    await this.updateComplete;
    const target = this.focusAfterLoad;
    this.focusAfterLoad = null;
    if (target === 'count') this.shadowRoot?.getElementById('count')?.focus();
    else if (typeof target === 'number') {
      const more = this.shadowRoot?.querySelector<HTMLElement>('[part~="show-more"]');
      if (more) more.focus();
      else void this.cardRows.focusCard(target);
    }
  }

  private announce(text: string): void {
    this.announcer.say(text);
  }

  private errorText(error: QalaError): string {
    const key = this.errorKey(error);
    return this.i18n.has(key) ? (this.i18n.t as (k: string) => string)(key) : this.i18n.t('error.generic');
  }

  private countText(): string {
    return this.i18n.t('count', { n: this.total });
  }

  private readonly handleFilterChange = (event: Event): void => {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const name = target.dataset.filter;
    if (!name) return;
    if (name === 'q') {
      this.searchText = target.value;
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => this.applySearch(), 300);
      return;
    }
    if (event.type !== 'change') return;
    this.announceNextCount = true;
    if (name === 'category') this.category = target.value;
    else if (name === 'district') this.district = target.value;
    else if (name === 'status') {
      if (target.value !== '__some') this.status = target.value;
    } else if (name === 'sort') this.sort = parseSort(target.value);
  };

  private applySearch(): void {
    clearTimeout(this.searchTimer);
    if (this.q === this.searchText) return;
    this.announceNextCount = true;
    this.q = this.searchText;
  }

  private readonly handleSearchSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    this.applySearch();
  };

  private async handleReset(): Promise<void> {
    this.category = '';
    this.district = '';
    this.status = '';
    this.q = '';
    this.searchText = '';
    this.announceNextCount = true;
    this.focusAfterLoad = 'count';
  }

  private handleMore(): void {
    if (this.loadingMore || !this.nextCursor) return;
    this.focusAfterLoad = this.items.length;
    void this.load(true);
  }

  /** Tab moves to the next card in the page's order: rows still waiting for their cards get them first. */
  private handleListKey(event: KeyboardEvent): void {
    // WebKitGTK names Shift+Tab's key "Unidentified" (GTK's ISO_Left_Tab); its code is Tab.
    if (event.key === 'Tab' || event.code === 'Tab') this.cardRows.virtual?.drawRows();
  }

  private handleRetry(): void {
    this.focusAfterLoad = 'count';
    void this.load(false);
  }

  private readonly handleOpen = (event: Event): void => {
    const button = event.currentTarget as HTMLElement;
    const id = button.dataset.id;
    if (!id) return;
    this.details.returnFocusTo = button.dataset.index ?? null;
    this.proposal = id;
  };

  private handleDialogClose(): void {
    if (this.proposal) this.proposal = '';
  }

  override render(): TemplateResult {
    if (!this.i18n.ready) return textsPending(this.i18n);
    return html`${this.renderBody()}${this.announcer.render()}`;
  }

  private renderBody(): TemplateResult {
    if (!this.activeBackend) return html`<p class="notice error" part="notice">${this.i18n.t('error.noBackend')}</p>`;
    const s = this.cfg.state;
    if (s.status === 'idle' || s.status === 'loading') return this.renderSkeleton(true);
    if (s.status === 'error') {
      return html`<div class="notice error stack" part="notice">
        <p>${this.errorText(s.error)}</p>
        <div class="row"><button type="button" @click=${() => this.cfg.retry()}>${this.i18n.t('retry')}</button></div>
      </div>`;
    }
    const config = s.config;
    const lang = this.i18n.locale;
    const categories = new Map(config.city.categories.map((c) => [c.id, c.name[lang]]));
    const districts = new Map(config.city.districts.map((d) => [d.id, d.name[lang]]));
    return html`<section class="wrap" aria-labelledby="list-heading">
      <h2 id="list-heading" part="heading">${this.i18n.t('heading')}</h2>
      ${renderFilters(this.i18n, config, {
        category: this.category,
        district: this.district,
        status: this.status,
        sort: this.sort,
        searchText: this.searchText,
        change: this.handleFilterChange,
        submit: this.handleSearchSubmit,
      })}
      ${this.renderResults(config, categories, districts)}
      <dialog part="dialog" aria-labelledby="detail-title" @close=${this.handleDialogClose}>
        ${this.details.render(config, categories, districts)}
      </dialog>
    </section>`;
  }

  private renderSkeleton(withHeading: boolean): TemplateResult {
    return html`<div class="wrap" aria-busy="true">
      ${withHeading ? html`<div class="skeleton sk-title" aria-hidden="true"></div>` : nothing}
      <p class="sr-only">${this.i18n.t('loadingList')}</p>
      <ul class="cards-sk" aria-hidden="true">
        ${[0, 1, 2].map(() => html`<li><div class="skeleton card-sk"></div></li>`)}
      </ul>
    </div>`;
  }

  private renderResults(config: CityConfig, categories: Map<string, string>, districts: Map<string, string>): TemplateResult {
    if (this.listStatus === 'idle' || this.listStatus === 'loading') return this.renderSkeleton(false);
    if (this.listStatus === 'error') {
      return html`<div class="notice error stack" part="notice">
        <p id="count" tabindex="-1">${this.listError ? this.errorText(this.listError) : this.i18n.t('error.generic')}</p>
        <div class="row"><button type="button" @click=${this.handleRetry}>${this.i18n.t('retry')}</button></div>
      </div>`;
    }
    const filtered = isFiltered(this.listState);
    if (this.items.length === 0) {
      return html`<div class="notice stack" part="notice">
        <p id="count" tabindex="-1">${filtered ? this.i18n.t('empty.filtered') : emptyText(this.i18n, config)}</p>
        ${filtered ? html`<div class="row"><button type="button" @click=${this.handleReset}>${this.i18n.t('filter.reset')}</button></div>` : nothing}
      </div>`;
    }
    const busy = this.refreshing || (this.cardRows.long && !this.cardRows.virtual);
    return html`<div class="summary">
        <p id="count" tabindex="-1">${this.countText()}</p>
        ${filtered ? html`<button type="button" class="link" @click=${this.handleReset}>${this.i18n.t('filter.reset')}</button>` : nothing}
      </div>
      ${keyed(
        this.cardRows.hostKey(),
        html`<div class="cards ${this.cardRows.long ? 'virtual' : ''}" part="list" role="list" aria-busy=${busy ? 'true' : 'false'} aria-labelledby="list-heading" @keydown=${this.handleListKey} @visibilityChanged=${this.cardRows.keepVisible}>
          ${this.renderRows(config, categories, districts)}
        </div>`,
      )}
      ${this.nextCursor
        ? html`<div class="more">
            <button type="button" part="show-more" aria-disabled=${this.loadingMore ? 'true' : 'false'} aria-describedby="shown" @click=${this.handleMore}>
              ${this.loadingMore ? this.i18n.t('loading') : this.i18n.t('showMore')}
            </button>
          </div>
          <p class="hint" id="shown">${this.i18n.t('shown', { shown: this.items.length, total: this.total })}</p>`
        : nothing}`;
  }

  /** The cards, in rows of as many as fit side by side; a row re-renders only when its proposals, the texts or the config change. */
  private renderRows(config: CityConfig, categories: Map<string, string>, districts: Map<string, string>): unknown {
    // The locale alone is not enough: it changes before its texts arrive, and the rows would keep the old language's.
    const texts = cardTexts(this.i18n);
    const total = Math.max(this.total, this.items.length);
    const showVotes = votesVisible(config);
    const progress = this.progress.value;
    const ctx = { i18n: this.i18n, links: this.links, later: this.cardRows.photoLater, progress, progressPage: this.progressPage, open: this.handleOpen };
    return this.cardRows.renderRows([texts, config, showVotes, total, progress, this.progressPage], (p, index) =>
      renderCard(ctx, p, this.cardViews.get(p, texts, config, categories, districts, showVotes), index, total),
    );
  }
}
