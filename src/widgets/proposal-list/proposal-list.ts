import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { live } from 'lit/directives/live.js';
import { toQalaError, type QalaError } from '../../client/errors.js';
import { PROPOSAL_STATUSES, noteIn, type CityConfig, type ProjectProgress, type Proposal, type ProposalSort, type ProposalStatus } from '../../contract/index.js';
import { Announcer } from '../../ui/announcer.js';
import { baseStyles } from '../../ui/base.styles.js';
import { QalaElement, textsPending } from '../../ui/base-element.js';
import { ConfigController } from '../../ui/config-controller.js';
import { LocalizeController } from '../../ui/localize.js';
import type { ProposalSubmittedEvent } from '../proposal-form/events.js';
import { ProposalOpenedEvent } from './events.js';
import { messages } from './messages.js';
import { styles } from './proposal-list.styles.js';
import { HASH_PREFIX, isFiltered, isFunded, parseHash, parseSort, parseStatuses, statusTone, toHash, toQuery, type ListState, type Tone } from './query.js';

/**
 * Up to this many proposals the cards are drawn as they are; from there on
 * (after a few "show more", or a large `page-size`) only the rows on screen
 * are, by `@lit-labs/virtualizer`, whose module is fetched then — until it
 * arrives, only the first cards are drawn. So 2 000 proposals never block
 * input for long, and a page with one or two pages of them never downloads
 * the virtualizer.
 */
const VIRTUAL_FROM = 24;
type VirtualList = typeof import('./virtual-list.js');
let virtualList: Promise<VirtualList> | undefined;
/** The funded cards' progress line and its data, fetched only when a funded card is shown. */
type ProgressLine = typeof import('./progress-line.js');
let progressLine: Promise<ProgressLine> | undefined;

/** A row of cards: as many as fit side by side (the grid's own column count). */
interface Row {
  key: string;
  start: number;
  items: Proposal[];
}

/** A card's words, made once per proposal (see `cardView`). */
interface CardView {
  status: string;
  tone: Tone;
  category: string;
  /** '' when the proposal names no district. */
  district: string;
  cost: string;
  /** '' when votes are not shown. */
  votes: string;
}

type Detail = { status: 'loading'; id: string } | { status: 'ready'; proposal: Proposal } | { status: 'error'; id: string; error: QalaError };

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
    this.needsLoad = true;
    this.progress = null;
    this.progressFor = '';
  });

  @query('dialog') private dialogEl?: HTMLDialogElement;

  @state() private items: Proposal[] = [];
  @state() private total = 0;
  @state() private nextCursor: string | null = null;
  @state() private listStatus: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  @state() private refreshing = false;
  @state() private loadingMore = false;
  @state() private listError: QalaError | null = null;
  /** The virtualizer's module, once a long list asked for it. */
  @state() private virtual: VirtualList | null = null;
  /** Cards side by side in a row, from the list's width. */
  @state() private columns = 1;
  @state() private detail: Detail | null = null;
  @state() private searchText = '';
  /** The funded projects' progress (of the list's cycle) and the module that draws it, once fetched. */
  @state() private progress: { items: Map<string, ProjectProgress>; line: ProgressLine } | null = null;

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
  private generation = 0;
  private abort: AbortController | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private resizeObserver: ResizeObserver | null = null;
  private columnsMeasured = false;
  /** The list (or the widget) and the width the columns were last counted for. */
  private columnsOf: { el: HTMLElement | null; width: number } = { el: null, width: 0 };
  private observedList: HTMLElement | null = null;
  private rowsMemo: { items: Proposal[]; columns: number; rows: Row[] } | null = null;
  private layout: ReturnType<VirtualList['cardRows']> | undefined;
  private cardViews: { texts: string; config: CityConfig | null; showVotes: boolean; views: WeakMap<Proposal, CardView> } = { texts: '', config: null, showVotes: false, views: new WeakMap() };
  private returnFocusTo: string | null = null;
  /** The proposal the dialog was last synced to ('' = closed). */
  private dialogFor = '';
  private announceNextCount = false;
  private focusAfterLoad: 'count' | number | null = null;
  private readonly onHashChange = () => this.readHash();
  /** The cycle whose progress was asked for ('' = not yet, or asked again after a failure). */
  private progressFor = '';
  private readonly onOnline = () => void this.loadProgress();
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
    if (this.syncUrl) this.readHash();
    window.addEventListener('hashchange', this.onHashChange);
    window.addEventListener('online', this.onOnline);
    document.addEventListener('qala-proposal-submitted', this.onProposalSubmitted);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
    window.removeEventListener('online', this.onOnline);
    document.removeEventListener('qala-proposal-submitted', this.onProposalSubmitted);
    this.abort?.abort();
    clearTimeout(this.searchTimer);
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.observedList = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if ((changed as PropertyValues).has('items')) this.virtual?.startBudget();
    this.cfg.use(this.activeBackend);
    if (['category', 'district', 'status', 'q', 'sort', 'pageSize', 'backend', 'api', 'city'].some((k) => changed.has(k as keyof QalaProposalList))) {
      this.needsLoad = true;
    }
    if (changed.has('q') && this.searchText.trim() !== this.q.trim()) this.searchText = this.q;
    if (changed.has('syncUrl') && this.syncUrl && this.isConnected && changed.get('syncUrl') === false) this.readHash();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.needsLoad && this.cfg.config) {
      this.needsLoad = false;
      void this.load(false);
    }
    if (this.syncUrl && ['category', 'district', 'status', 'q', 'sort', 'proposal', 'syncUrl'].some((k) => changed.has(k as keyof QalaProposalList))) {
      this.writeHash();
    }
    // The dialog exists only once the config is loaded, so a deep link may wait for it.
    if (this.dialogEl && this.dialogFor !== this.proposal) this.syncDialog();
    if (this.items.length > VIRTUAL_FROM && !this.virtual) {
      virtualList ??= import('./virtual-list.js');
      virtualList.then(
        (module) => (this.virtual = module),
        () => (virtualList = undefined),
      );
    }
    if (this.virtual && this.items.length > VIRTUAL_FROM) {
      const list = this.shadowRoot?.querySelector('.cards') as (HTMLElement & Partial<import('./virtual-list.js').VirtualizerHostElement>) | null;
      const virtualizer = list?.[this.virtual.virtualizerRef];
      if (virtualizer) this.virtual.lighten(virtualizer);
    }
    this.observeColumns();
  }

  /**
   * Counts the columns as the list's grid would (`repeat(auto-fill, minmax(min(100%, 17em), 1fr))`),
   * whenever its width changes. Until the list is drawn the widget's own width stands for it, so the
   * first cards come in rows of the right count (not redrawn once measured). Widths come from the
   * observer's entries, read after the browser's own layout: asking `clientWidth` here would force
   * one more layout of every card just drawn.
   */
  private observeColumns(): void {
    const list = this.shadowRoot?.querySelector<HTMLElement>('.cards') ?? null;
    const target = list ?? (this.isConnected ? this : null);
    if (target === this.observedList) return;
    this.observedList = target;
    this.resizeObserver?.disconnect();
    if (!target) return;
    // Counted in the next frame, not in the observer's callback: rows that change there would be
    // measured again in the same frame (a "ResizeObserver loop" error on the host's page).
    this.resizeObserver ??= new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (!entry || entry.target !== this.observedList) return;
      const width = entry.contentRect.width;
      requestAnimationFrame(() => this.countColumns(width));
    });
    this.resizeObserver.observe(target);
  }

  private countColumns(width: number): void {
    const el = this.observedList;
    // The list's height changes with every filter and every row the virtualizer draws; only its width counts here
    // (reading its style again would make the browser work out the new rows' styles before their frame).
    if (!el || width <= 0 || (el === this.columnsOf.el && width === this.columnsOf.width)) return;
    this.columnsOf = { el, width };
    const style = getComputedStyle(el === this ? this.shadowRoot?.querySelector('.wrap') ?? el : el);
    const em = parseFloat(style.fontSize) || 16;
    // The list's column gap is set on `.cards` (var(--_space)); before the list exists, the same space from the wrapper's gap.
    const gap = parseFloat(el === this ? style.rowGap : style.columnGap) || 0;
    const columns = Math.max(1, Math.floor((width + gap) / (17 * em + gap)));
    this.columnsMeasured = true;
    if (columns !== this.columns) this.columns = columns;
  }

  private rows(): Row[] {
    const memo = this.rowsMemo;
    if (memo && memo.items === this.items && memo.columns === this.columns) return memo.rows;
    const rows: Row[] = [];
    for (let start = 0; start < this.items.length; start += this.columns) {
      const items = this.items.slice(start, start + this.columns);
      rows.push({ key: items[0]!.id, start, items });
    }
    this.rowsMemo = { items: this.items, columns: this.columns, rows };
    return rows;
  }

  private readHash(): void {
    const parsed = parseHash(location.hash);
    if (!parsed) return;
    this.category = parsed.category;
    this.district = parsed.district;
    this.status = parsed.status.join(',');
    this.q = parsed.q;
    this.sort = parsed.sort;
    this.proposal = parsed.proposal;
  }

  private writeHash(): void {
    const current = location.hash;
    // Another script's hash is not ours to overwrite.
    if (current && current !== '#' && !current.startsWith(HASH_PREFIX)) return;
    const next = toHash(this.listState);
    if (next === current || (!next && !current)) return;
    history.replaceState(history.state, '', next || `${location.pathname}${location.search}`);
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
      // Proposals came before the observer's first report: the width now, while only the filters are drawn (a small layout).
      if (!this.columnsMeasured && this.observedList === this) this.countColumns(this.clientWidth);
      this.items = more ? [...this.items, ...page.items] : page.items;
      this.total = page.total;
      this.nextCursor = page.nextCursor;
      this.listStatus = 'ready';
      this.listError = null;
      void this.loadProgress();
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
      else void this.focusCard(target);
    }
  }

  /**
   * The progress of the cycle's funded projects, asked once per cycle and only
   * when a funded card is shown. When it fails (offline, an older server) the
   * cards keep their status alone; it is asked again with the next page of
   * proposals or when the browser is back online.
   */
  private async loadProgress(): Promise<void> {
    const backend = this.activeBackend;
    const cycle = this.cfg.config?.cycle.id;
    if (!backend || !cycle || this.progressFor === cycle || !this.items.some((p) => isFunded(p.status))) return;
    this.progressFor = cycle;
    try {
      const line = await (progressLine ??= import('./progress-line.js'));
      const items = await line.loadProgress(backend, cycle);
      if (this.progressFor === cycle && this.activeBackend === backend && items) this.progress = { items, line };
    } catch {
      progressLine = undefined;
      if (this.progressFor === cycle) this.progressFor = '';
    }
  }

  /** Focuses a card's title button, bringing its row on screen first when the virtualizer does not draw it. */
  private async focusCard(index: number): Promise<void> {
    const button = () => this.shadowRoot?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (!button() && this.virtual) {
      const list = this.shadowRoot?.querySelector('.cards') as (HTMLElement & Partial<import('./virtual-list.js').VirtualizerHostElement>) | null;
      const virtualizer = list?.[this.virtual.virtualizerRef];
      const row = this.rows().findIndex((r) => index >= r.start && index < r.start + r.items.length);
      if (virtualizer && row >= 0) {
        virtualizer.element(row)?.scrollIntoView({ block: 'center' });
        await virtualizer.layoutComplete.catch(() => {});
        await this.updateComplete;
      }
    }
    if (!button()) this.virtual?.drawRows();
    button()?.focus();
  }

  private readonly announcer = new Announcer(this);

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

  private handleFilterChange(event: Event): void {
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
  }

  private applySearch(): void {
    clearTimeout(this.searchTimer);
    if (this.q === this.searchText) return;
    this.announceNextCount = true;
    this.q = this.searchText;
  }

  private handleSearchSubmit(event: SubmitEvent): void {
    event.preventDefault();
    this.applySearch();
  }

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
    if (event.key === 'Tab') this.virtual?.drawRows();
  }

  private handleRetry(): void {
    this.focusAfterLoad = 'count';
    void this.load(false);
  }

  private handleOpen(event: Event): void {
    const button = event.currentTarget as HTMLElement;
    const id = button.dataset.id;
    if (!id) return;
    this.returnFocusTo = button.dataset.index ?? null;
    this.proposal = id;
  }

  private handleOpenMerged(id: string): void {
    this.proposal = id;
  }

  private handleDialogClose(): void {
    if (this.proposal) this.proposal = '';
  }

  private syncDialog(): void {
    const dialog = this.dialogEl;
    if (!dialog) return;
    this.dialogFor = this.proposal;
    if (!this.proposal) {
      this.detail = null;
      if (dialog.open) dialog.close();
      const index = this.returnFocusTo;
      this.returnFocusTo = null;
      if (index !== null) void this.updateComplete.then(() => this.focusCard(Number(index)));
      return;
    }
    const id = this.proposal;
    this.dispatchEvent(new ProposalOpenedEvent({ id }));
    const known = this.items.find((p) => p.id === id);
    if (known) this.detail = { status: 'ready', proposal: known };
    else void this.loadDetail(id);
    if (!dialog.open) dialog.showModal();
    void this.updateComplete.then(() => this.shadowRoot?.getElementById('detail-title')?.focus());
  }

  private async loadDetail(id: string): Promise<void> {
    const backend = this.activeBackend;
    if (!backend) return;
    this.detail = { status: 'loading', id };
    try {
      const proposal = await backend.getProposal(id);
      if (this.proposal === id) this.detail = { status: 'ready', proposal };
    } catch (error) {
      if (this.proposal !== id) return;
      this.detail = { status: 'error', id, error: this.reportError(error) };
    }
    await this.updateComplete;
    this.shadowRoot?.getElementById('detail-title')?.focus();
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
      ${this.renderFilters(config)}
      ${this.renderResults(config, categories, districts)}
      <dialog part="dialog" aria-labelledby="detail-title" @close=${this.handleDialogClose}>
        ${this.detail ? this.renderDetail(config, categories, districts) : nothing}
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

  private votesVisible(config: CityConfig): boolean {
    return config.cycle.liveCounts || config.currentPhase === 'results' || config.currentPhase === 'implementation';
  }

  private renderFilters(config: CityConfig): TemplateResult {
    const lang = this.i18n.locale;
    const statuses = parseStatuses(this.status);
    const statusValue = statuses.length === 0 ? '' : statuses.length === 1 ? statuses[0]! : '__some';
    const sorts: ProposalSort[] = ['newest', 'cost_asc', 'cost_desc', ...(this.votesVisible(config) ? (['votes'] as const) : [])];
    const sort = this.sort && sorts.includes(this.sort) ? this.sort : 'newest';
    return html`<form class="filters" part="filters" role="search" aria-label=${this.i18n.t('filters')} @submit=${this.handleSearchSubmit} @input=${this.handleFilterChange} @change=${this.handleFilterChange}>
      <div class="field search">
        <label for="flt-q">${this.i18n.t('filter.search')}</label>
        <input id="flt-q" data-filter="q" type="search" dir="auto" maxlength="200" aria-describedby="flt-q-hint" .value=${live(this.searchText)} />
        <span class="hint" id="flt-q-hint">${this.i18n.t('filter.searchHint')}</span>
      </div>
      <div class="field">
        <label for="flt-category">${this.i18n.t('filter.category')}</label>
        <select id="flt-category" data-filter="category" .value=${live(this.category)}>
          <option value="" ?selected=${!this.category}>${this.i18n.t('filter.allCategories')}</option>
          ${config.city.categories.map((c) => html`<option value=${c.id} ?selected=${this.category === c.id}>${c.name[lang]}</option>`)}
        </select>
      </div>
      ${config.city.districts.length
        ? html`<div class="field">
            <label for="flt-district">${this.i18n.t('filter.district')}</label>
            <select id="flt-district" data-filter="district" .value=${live(this.district)}>
              <option value="" ?selected=${!this.district}>${this.i18n.t('filter.allDistricts')}</option>
              ${config.city.districts.map((d) => html`<option value=${d.id} ?selected=${this.district === d.id}>${d.name[lang]}</option>`)}
            </select>
          </div>`
        : nothing}
      <div class="field">
        <label for="flt-status">${this.i18n.t('filter.status')}</label>
        <select id="flt-status" data-filter="status" .value=${live(statusValue)}>
          <option value="" ?selected=${statusValue === ''}>${this.i18n.t('filter.allStatuses')}</option>
          ${statusValue === '__some' ? html`<option value="__some" selected>${this.i18n.t('filter.someStatuses', { count: statuses.length })}</option>` : nothing}
          ${PROPOSAL_STATUSES.map((st) => html`<option value=${st} ?selected=${statusValue === st}>${this.i18n.t(`status.${st}`)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="flt-sort">${this.i18n.t('filter.sort')}</label>
        <select id="flt-sort" data-filter="sort" .value=${live(sort)}>
          ${sorts.map((s) => html`<option value=${s} ?selected=${sort === s}>${this.i18n.t(`sort.${s}`)}</option>`)}
        </select>
      </div>
    </form>`;
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
        <p id="count" tabindex="-1">${filtered ? this.i18n.t('empty.filtered') : this.emptyText(config)}</p>
        ${filtered ? html`<div class="row"><button type="button" @click=${this.handleReset}>${this.i18n.t('filter.reset')}</button></div>` : nothing}
      </div>`;
    }
    const long = this.items.length > VIRTUAL_FROM;
    const busy = this.refreshing || (long && !this.virtual);
    const showVotes = this.votesVisible(config);
    return html`<div class="summary">
        <p id="count" tabindex="-1">${this.countText()}</p>
        ${filtered ? html`<button type="button" class="link" @click=${this.handleReset}>${this.i18n.t('filter.reset')}</button>` : nothing}
      </div>
      <div class="cards" part="list" role="list" aria-busy=${busy ? 'true' : 'false'} aria-labelledby="list-heading" @keydown=${this.handleListKey}>
        ${this.renderRows(config, categories, districts, showVotes)}
      </div>
      ${this.nextCursor
        ? html`<div class="more">
            <button type="button" part="show-more" aria-disabled=${this.loadingMore ? 'true' : 'false'} aria-describedby="shown" @click=${this.handleMore}>
              ${this.loadingMore ? this.i18n.t('loading') : this.i18n.t('showMore')}
            </button>
          </div>
          <p class="hint" id="shown">${this.i18n.t('shown', { shown: this.items.length, total: this.total })}</p>`
        : nothing}`;
  }

  /**
   * The rows of cards: all of them for a short list, else only those on
   * screen (and a little around). Each card is a list item that says its
   * place among all the proposals that match (aria-posinset of aria-setsize),
   * since a screen reader sees only the rows drawn. A row re-renders only
   * when its proposals, the texts or the config change.
   */
  private renderRows(config: CityConfig, categories: Map<string, string>, districts: Map<string, string>, showVotes: boolean): unknown {
    // The locale alone is not enough: it changes before its texts arrive, and the rows would keep the old language's.
    const texts = this.cardTexts();
    const total = Math.max(this.total, this.items.length);
    // A long list's rows are drawn within a budget per task (`rowCards`); a short one's at once.
    const once = this.items.length > VIRTUAL_FROM && this.virtual ? this.virtual.rowCards : guard;
    const row = (r: Row) =>
      html`<div class="row" role="none">
        ${once([r.items, r.start, texts, config, showVotes, total, this.progress, this.progressPage], () =>
          r.items.map((p, i) => this.renderCard(p, this.cardView(p, texts, config, categories, districts, showVotes), r.start + i, total)),
        )}
      </div>`;
    const rows = this.rows();
    if (this.items.length <= VIRTUAL_FROM) return repeat(rows, (r) => r.key, row);
    if (!this.virtual) return repeat(rows.slice(0, this.firstRows()), (r) => r.key, row);
    const { virtualize, cardRows } = this.virtual;
    return virtualize({ items: rows, keyFunction: (r: Row) => r.key, renderItem: row, layout: (this.layout ??= cardRows(this.rowHeightEstimate())), scroller: false });
  }

  /**
   * Rows drawn before the virtualizer's module arrives: about a screen (rows of a card with a photo,
   * about 18 em), at most `VIRTUAL_FROM` cards — not more in the task that draws the first cards,
   * since the virtualizer draws its rows anew anyway.
   */
  private firstRows(): number {
    const em = parseFloat(getComputedStyle(this).fontSize) || 16;
    const screen = Math.max(2, Math.ceil(window.innerHeight / (18 * em)));
    return Math.min(screen, Math.ceil(VIRTUAL_FROM / this.columns));
  }

  /** The height of a row of cards as drawn before the virtualizer came (they are on screen already), else about a card with a photo. */
  private rowHeightEstimate(): number {
    const rows = [...(this.shadowRoot?.querySelectorAll<HTMLElement>('.cards > .row') ?? [])];
    const heights = rows.map((r) => r.getBoundingClientRect().height).filter((h) => h > 0);
    if (heights.length) return heights.reduce((a, b) => a + b, 0) / heights.length;
    return 20 * (parseFloat(getComputedStyle(this).fontSize) || 16);
  }

  /** Every text a card shows (and the locale of its numbers): the chunks render again when any of them changes. */
  private cardTexts(): string {
    const t = this.i18n;
    return [
      t.locale,
      ...PROPOSAL_STATUSES.map((st) => t.t(`status.${st}`)),
      t.t('card.reason'),
      t.t('card.mergedInto'),
      ...[1, 2, 5].map((n) => t.t('votes', { n })),
    ].join('\n');
  }

  private emptyText(config: CityConfig): string {
    const tz = config.city.timeZone;
    const phases = config.cycle.phases;
    switch (config.currentPhase) {
      case 'upcoming':
        return this.i18n.t('empty.upcoming', { date: this.i18n.date(phases.submission.start, tz) });
      case 'submission':
        return this.i18n.t('empty.submission', { date: this.i18n.until(phases.submission.end, tz) });
      case 'review':
        return this.i18n.t('empty.review', { date: this.i18n.until(phases.review.end, tz) });
      case 'voting':
        return this.i18n.t('empty.voting', { date: this.i18n.until(phases.voting.end, tz) });
      default:
        return this.i18n.t('empty.other');
    }
  }

  private renderBadge(status: ProposalStatus): TemplateResult {
    return html`<span class="badge tone-${statusTone(status)}" part="badge">${this.i18n.t(`status.${status}`)}</span>`;
  }

  /**
   * What a card shows in words (status, category, district, cost, votes): made once per proposal
   * while the texts, the config and the votes' visibility stay the same, not each time its row is
   * drawn again — a long list draws the same cards over and over while it is scrolled.
   */
  private cardView(p: Proposal, texts: string, config: CityConfig, categories: Map<string, string>, districts: Map<string, string>, showVotes: boolean): CardView {
    const cache = this.cardViews;
    if (cache.texts !== texts || cache.config !== config || cache.showVotes !== showVotes) {
      this.cardViews = { texts, config, showVotes, views: new WeakMap() };
      return this.cardView(p, texts, config, categories, districts, showVotes);
    }
    let view = cache.views.get(p);
    if (!view) {
      view = {
        status: this.i18n.t(`status.${p.status}`),
        tone: statusTone(p.status),
        category: categories.get(p.category) ?? p.category,
        district: p.district ? (districts.get(p.district) ?? p.district) : '',
        cost: this.i18n.money(p.finalCost ?? p.estimatedCost),
        votes: showVotes && p.votes !== undefined ? this.i18n.t('votes', { n: p.votes }) : '',
      };
      cache.views.set(p, view);
    }
    return view;
  }

  /** One card in one template (its rarer parts — photo, progress, the council's reason — apart). */
  private renderCard(p: Proposal, v: CardView, index: number, total: number): TemplateResult {
    const photo = p.photos[0];
    // Drawn by the virtualizer, only near the screen: no lazy loading needed, and the address comes after the frame.
    const later = this.items.length > VIRTUAL_FROM ? this.virtual?.photoLater : undefined;
    return html`<div class="item" role="listitem" aria-posinset=${index + 1} aria-setsize=${total}>
      <article class="card" part="card" aria-labelledby="t-${index}">
        ${photo
          ? html`<img class="thumb" part="thumbnail" src=${later ? later(photo.url) : photo.url} alt="" loading=${later ? 'eager' : 'lazy'} decoding="async" width=${photo.width} height=${photo.height} />`
          : nothing}
        <h3 id="t-${index}">
          <button type="button" class="link user-text" dir="auto" data-id=${p.id} data-index=${index} @click=${this.handleOpen}>${p.title}</button>
        </h3>
        <span class="badge tone-${v.tone}" part="badge">${v.status}</span>
        ${this.progress && isFunded(p.status) ? this.progress.line.renderProgress(this.i18n, p, this.progress.items.get(p.id), this.progressPage, index) : nothing}
        <p class="meta">
          <span>${v.category}</span>
          <span ?hidden=${!v.district}>${v.district}</span>
          <span class="cost">${v.cost}</span>
          <span class="votes" ?hidden=${!v.votes}>${v.votes}</span>
        </p>
        ${p.reviewNote || p.status === 'merged' ? this.renderFate(p) : nothing}
      </article>
    </div>`;
  }

  /** Why a proposal was rejected, what to change, or what it was merged into. */
  private renderFate(p: Proposal): TemplateResult | typeof nothing {
    if (p.status === 'merged' && p.mergedInto) {
      const target = this.byId().get(p.mergedInto);
      return html`<p class="reason">
          ${this.i18n.t('card.mergedInto')}
          <button type="button" class="link" @click=${() => this.handleOpenMerged(p.mergedInto!)}>
            <bdi class="user-text" dir="auto">${target ? target.title : p.mergedInto}</bdi>
          </button>
        </p>
        ${p.reviewNote ? html`<p class="reason">${this.i18n.t('card.reason')} <bdi class="user-text" dir="auto">${noteIn(this.i18n.locale, p.reviewNote, p.reviewNotes)}</bdi></p>` : nothing}`;
    }
    if ((p.status === 'rejected' || p.status === 'needs_changes' || p.status === 'cancelled') && p.reviewNote) {
      return html`<p class="reason">${this.i18n.t(p.status === 'cancelled' ? 'card.cancelReason' : 'card.reason')} <bdi class="user-text" dir="auto">${noteIn(this.i18n.locale, p.reviewNote, p.reviewNotes)}</bdi></p>`;
    }
    return nothing;
  }

  private renderDetail(config: CityConfig, categories: Map<string, string>, districts: Map<string, string>): TemplateResult {
    const d = this.detail!;
    const close = html`<form method="dialog"><button type="submit" aria-label=${this.i18n.t('close')}>✕</button></form>`;
    if (d.status !== 'ready') {
      return html`<div class="dialog-body">
        <div class="dialog-head">
          <h2 id="detail-title" tabindex="-1">${d.status === 'loading' ? this.i18n.t('loading') : this.i18n.t('detail.label')}</h2>
          ${close}
        </div>
        ${d.status === 'loading'
          ? html`<div class="skeleton sk-block" aria-hidden="true"></div>`
          : html`<p class="notice error" part="notice">${d.error.code === 'not_found' ? this.i18n.t('detail.notFound') : this.errorText(d.error)}</p>`}
      </div>`;
    }
    const p = d.proposal;
    const tz = config.city.timeZone;
    const showVotes = this.votesVisible(config);
    return html`<article class="dialog-body" aria-labelledby="detail-title">
      <div class="dialog-head">
        <h2 id="detail-title" tabindex="-1"><span class="user-text" dir="auto">${p.title}</span></h2>
        ${close}
      </div>
      ${this.renderBadge(p.status)} ${this.renderFate(p)}
      <dl class="facts">
        <dt>${this.i18n.t('filter.category')}</dt>
        <dd>${categories.get(p.category) ?? p.category}</dd>
        ${p.district ? html`<dt>${this.i18n.t('card.district')}</dt><dd>${districts.get(p.district) ?? p.district}</dd>` : nothing}
        <dt>${this.i18n.t('detail.address')}</dt>
        <dd class="user-text" dir="auto">${p.address}</dd>
        <dt>${this.i18n.t('card.cost')}</dt>
        <dd class="cost">${this.i18n.money(p.estimatedCost)}</dd>
        ${p.finalCost !== undefined && p.finalCost !== p.estimatedCost ? html`<dt>${this.i18n.t('card.finalCost')}</dt><dd class="cost">${this.i18n.money(p.finalCost)}</dd>` : nothing}
        ${showVotes && p.votes !== undefined ? html`<dt>${this.i18n.t('detail.votes')}</dt><dd>${this.i18n.number(p.votes)}</dd>` : nothing}
        <dt>${this.i18n.t('detail.author')}</dt>
        <dd class="user-text" dir="auto">${p.authorName}</dd>
      </dl>
      <section class="stack" aria-labelledby="detail-desc">
        <h3 id="detail-desc">${this.i18n.t('detail.description')}</h3>
        <p class="description user-text" dir="auto">${p.description}</p>
      </section>
      ${p.photos.length
        ? html`<section class="stack" aria-labelledby="detail-photos">
            <h3 id="detail-photos">${this.i18n.t('detail.photos')}</h3>
            <ul class="gallery">
              ${p.photos.map(
                (ph, i) => html`<li>
                  <img src=${ph.url} width=${ph.width} height=${ph.height} loading="lazy" decoding="async" alt=${this.i18n.t('detail.photo', { n: i + 1, total: p.photos.length })} />
                </li>`,
              )}
            </ul>
          </section>`
        : nothing}
      <section class="stack" aria-labelledby="detail-history">
        <h3 id="detail-history">${this.i18n.t('detail.history')}</h3>
        <ol class="history">
          ${p.history.map(
            (h) => html`<li>
              <span>${this.i18n.date(h.at, tz)}</span> — <strong>${this.i18n.t(`status.${h.status}`)}</strong>
              ${h.note ? html`<p class="reason user-text" dir="auto">${noteIn(this.i18n.locale, h.note, h.notes)}</p>` : nothing}
            </li>`,
          )}
        </ol>
      </section>
    </article>`;
  }
}
