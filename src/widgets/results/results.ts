import { html, nothing, svg, type PropertyValues, type SVGTemplateResult, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Backend } from '../../client/backend.js';
import { toQalaError, type QalaError } from '../../client/errors.js';
import { Poller } from '../../client/poll.js';
import type { CityConfig, PoolResult, ProjectResult, Results } from '../../contract/index.js';
import { QalaElement, httpBackendFor, textsPending } from '../../ui/base-element.js';
import { baseStyles } from '../../ui/base.styles.js';
import { ConfigController } from '../../ui/config-controller.js';
import { getDefaults } from '../../ui/defaults.js';
import { LocalizeController } from '../../ui/localize.js';
import { projectLink } from '../progress/link.js';
import { messages } from './messages.js';
import { styles } from './results.styles.js';
import { explainOutcome } from './why.js';
import { PoolDrawingController, TABLE_ROWS } from './pool-drawing-controller.js';

/** Rows drawn in a pool's chart; the table below always has every project. */
const CHART_ROWS = 30;
type Status = 'idle' | 'loading' | 'ready' | 'error' | 'unpublished';

/**
 * What was decided: per pool, the funded projects and the rest with votes,
 * cost and the reason each one was or was not funded, a chart with the budget
 * line and a table of the same numbers, turnout, the counting rule in plain
 * words, and downloads (CSV, pabulib `.pb`) when the server offers them.
 * During voting, when the city shows live counts, it refreshes itself.
 *
 * @tag qala-results
 * @summary Participatory-budgeting results: funded projects, reasons, chart, table, downloads.
 *
 * @attr api - Base URL of the API. Ignored when `backend` is set.
 * @attr city - City slug.
 * @attr lang - `kk`, `ru` or `en`.
 * @attr theme - `light`, `dark` or `auto`.
 * @attr accent - Accent colour.
 * @attr radius - Corner radius.
 * @attr density - Spacing.
 * @attr font - Font.
 * @attr poll-interval - Live mode: milliseconds between refreshes (default 30000; backs off on errors).
 * @attr cycle - A cycle of the city other than the current one (its id): last year's results while this year's cycle runs.
 * @attr progress-page - Address of the page with `<qala-progress>`: each funded project links to its page there (`#project=<id>`).
 *
 * @fires qala-error - An error the widget shows; detail `{ code, message, retryable }`.
 *
 * @csspart heading - The main heading.
 * @csspart mode - The live / final badge.
 * @csspart turnout - The turnout figures.
 * @csspart verified-by - How the votes were verified (the city's identity method); a warning for phone only.
 * @csspart rule - The counting rule in plain words.
 * @csspart add1 - For equal shares with completion (Add1): how many runs the count took and each voter's final share, so an auditor can recheck it.
 * @csspart pool - One pool's section.
 * @csspart chart - A pool's SVG chart (budget bar with the budget line, votes per project).
 * @csspart budget-line - The line that marks the pool's budget in the chart.
 * @csspart table - A pool's table of every project.
 * @csspart decision - The expert council's own decision on a project where it differs from the count, with its reason.
 * @csspart downloads - The download links.
 * @csspart progress-link - A funded project's link to its implementation page (with `progress-page`).
 *
 * @cssprop --qala-color-accent - Funded bars and links.
 * @cssprop --qala-color-surface - Background.
 * @cssprop --qala-color-surface-raised - Raised background.
 * @cssprop --qala-color-text - Text colour.
 * @cssprop --qala-color-text-muted - Secondary text and unfunded bars.
 * @cssprop --qala-color-border - Borders.
 * @cssprop --qala-color-danger - Errors and the budget line.
 * @cssprop --qala-radius - Corner radius.
 * @cssprop --qala-font-family - Font.
 * @cssprop --qala-font-size - Base size.
 */
export class QalaResults extends QalaElement {
  static override styles = [baseStyles, styles];

  private readonly i18n = new LocalizeController(this, messages);
  private readonly cfg = new ConfigController(this, (config) => this.handleConfig(config));
  private readonly drawing = new PoolDrawingController(this);

  @state() private status: Status = 'idle';
  @state() private results: Results | null = null;
  @state() private error: QalaError | null = null;

  /** Live mode: milliseconds between refreshes (backs off on errors). */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 30_000;

  /** A cycle other than the current one (its id); empty: the current cycle. */
  @property() cycle = '';

  /** Address of the page with `<qala-progress>`; funded projects link to their page there. */
  @property({ attribute: 'progress-page' }) progressPage = '';

  private poller: Poller | null = null;
  private loadedFor: Backend | null = null;
  /** The resident pressed retry: once the answer is drawn, the focus goes to it. */
  private focusAfterRetry = false;

  private get config(): CityConfig | undefined {
    return this.cfg.config;
  }

  /** With `cycle`, the config and results are that cycle's. */
  protected override get activeBackend(): Backend | null {
    if (this.backend || !this.cycle) return super.activeBackend;
    const d = getDefaults();
    const api = this.api || d.api;
    const city = this.city || d.city;
    return api && city ? httpBackendFor(api, city, this.cycle) : null;
  }

  /** Where a funded project's implementation page is, when the host has one. */
  private progressHref(p: ProjectResult): string | null {
    if (!this.progressPage || !p.funded || this.results?.mode !== 'final') return null;
    return projectLink(this.progressPage, p.projectId);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.poller?.stop();
    this.poller = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.config && this.status === 'ready' && this.results?.mode === 'live') this.startPolling();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.cfg.use(this.activeBackend);
  }

  private handleConfig(config: CityConfig): void {
    this.i18n.setOverrides(config.city.messages);
    this.loadedFor = this.activeBackend;
    this.poller?.stop();
    this.poller = null;
    const phase = config.currentPhase;
    const published = phase === 'results' || phase === 'implementation' || phase === 'closed';
    const live = phase === 'voting' && config.cycle.liveCounts;
    if (!published && !live) {
      this.status = 'unpublished';
      return;
    }
    const backend = this.loadedFor;
    void this.load().then(() => {
      if (live && this.loadedFor === backend && this.results?.mode === 'live') this.startPolling();
    });
  }

  /** Polls while the widget is on the page (taken off while its first answer was on its way, it never starts). */
  private startPolling(): void {
    if (this.poller || !this.isConnected) return;
    this.poller = new Poller(() => this.refresh(), { interval: this.pollInterval, maxInterval: Math.max(this.pollInterval * 10, 300_000) });
    this.poller.start();
  }

  private async load(): Promise<void> {
    const backend = this.activeBackend;
    if (!backend) return;
    this.status = 'loading';
    this.error = null;
    try {
      const results = await backend.getResults();
      if (this.loadedFor !== backend) return;
      this.results = results;
      this.status = 'ready';
    } catch (error) {
      if (this.loadedFor !== backend) return;
      const e = toQalaError(error);
      if (e.code === 'phase_closed') {
        this.status = 'unpublished';
        return;
      }
      this.error = this.reportError(e);
      this.status = 'error';
    }
  }

  /** One live refresh; a failure keeps the last figures on screen and lets the poller back off. */
  private async refresh(): Promise<void> {
    const backend = this.loadedFor;
    if (!backend) return;
    try {
      const results = await backend.getResults();
      // The host changed the city, the cycle or the backend while this was on its way: the answer is not for what is shown.
      if (this.loadedFor !== backend) return;
      this.results = results;
      this.status = 'ready';
      if (results.mode === 'final') {
        this.poller?.stop();
        this.poller = null;
      }
    } catch (error) {
      if (this.loadedFor !== backend) return;
      if (toQalaError(error).code === 'phase_closed') {
        // Voting closed; results come later.
        this.poller?.stop();
        this.poller = null;
        this.status = 'unpublished';
        return;
      }
      throw error;
    }
  }

  private handleRetry(): void {
    // The button goes with the error: the focus follows to what comes instead (another retry, or the heading).
    this.focusAfterRetry = true;
    if (this.cfg.state.status === 'error') this.cfg.retry();
    else if (this.config) this.handleConfig(this.config);
  }

  protected override updated(): void {
    if (!this.focusAfterRetry || this.cfg.state.status === 'loading' || this.status === 'loading' || this.status === 'idle') return;
    this.focusAfterRetry = false;
    const root = this.renderRoot;
    (root.querySelector<HTMLElement>('.notice.error ~ .row button') ?? root.querySelector<HTMLElement>('[part=heading]'))?.focus();
  }

  // ——— text ———

  private ruleText(pool: PoolResult): string {
    return `${this.i18n.t(`rule.${pool.rule}`)} ${this.i18n.t(`tie.${pool.tieBreak}`)}`;
  }

  // ——— render ———

  override render(): TemplateResult {
    if (!this.i18n.ready) return textsPending(this.i18n);
    if (!this.activeBackend) return html`<p class="notice error" role="alert">${this.i18n.t('error.noBackend')}</p>`;
    const cfgState = this.cfg.state;
    if (cfgState.status === 'error') return this.renderError(cfgState.error);
    if (cfgState.status !== 'ready' || this.status === 'idle' || this.status === 'loading') return this.renderLoading();
    if (this.status === 'error') return this.renderError(this.error);
    if (this.status === 'unpublished') return this.renderUnpublished();
    return this.renderResults(this.results!);
  }

  private renderTitle(): TemplateResult {
    const config = this.config;
    return html`${config ? html`<p class="eyebrow">${config.cycle.title[this.i18n.locale]} · ${config.city.name[this.i18n.locale]}</p>` : nothing}`;
  }

  private renderLoading(): TemplateResult {
    return html`<section class="stack" aria-busy="true">
      <p class="sr-only">${this.i18n.t('loading')}</p>
      <div class="skeleton sk-title"></div>
      <div class="skeleton sk-block"></div>
      <div class="skeleton sk-tall"></div>
    </section>`;
  }

  private renderError(error: QalaError | null): TemplateResult {
    return html`<section class="stack">
      <h2 part="heading" tabindex="-1">${this.i18n.t('results.title')}</h2>
      <p class="notice error" role="alert">${error ? this.i18n.t(this.errorKey(error) as 'error.generic') : this.i18n.t('error.generic')}</p>
      <div class="row"><button class="primary" @click=${this.handleRetry}>${this.i18n.t('retry')}</button></div>
    </section>`;
  }

  private renderUnpublished(): TemplateResult {
    const config = this.config!;
    const tz = config.city.timeZone;
    return html`<section class="stack">
      ${this.renderTitle()}
      <h2 part="heading" tabindex="-1">${this.i18n.t('results.title')}</h2>
      <p class="notice">${this.i18n.t('results.publishedOn', { date: this.i18n.date(config.cycle.phases.results.start, tz) })}</p>
      ${config.currentPhase === 'voting'
        ? html`<p>${this.i18n.t('results.votingUntil', { date: this.i18n.until(config.cycle.phases.voting.end, tz) })}</p>`
        : nothing}
      <p class="hint">${this.i18n.t('results.cityTime', { city: config.city.name[this.i18n.locale] })}</p>
    </section>`;
  }

  private renderResults(results: Results): TemplateResult {
    const config = this.config!;
    const tz = config.city.timeZone;
    const live = results.mode === 'live';
    const multiple = results.pools.length > 1;
    const rules = [...new Set(results.pools.map((p) => `${p.rule}|${p.tieBreak}`))];
    return html`<section class="stack">
      ${this.renderTitle()}
      <div class="row head">
        <h2 part="heading" tabindex="-1">${this.i18n.t('results.title')}</h2>
        <span part="mode" class="badge ${live ? 'live' : 'final'}">${this.i18n.t(live ? 'mode.live' : 'mode.final')}</span>
      </div>
      ${live
        ? html`<p class="notice warning">${this.i18n.t('mode.liveLead', { at: this.i18n.dateTime(results.computedAt, tz) })}</p>`
        : html`<p class="hint">${this.i18n.t('mode.finalLead', { at: this.i18n.dateTime(results.computedAt, tz) })}</p>`}
      <dl part="turnout" class="turnout">
        <div><dt>${this.i18n.t('turnout.total')}</dt><dd>${this.i18n.number(results.turnout.total)}</dd></div>
        <div><dt>${this.i18n.t('turnout.online')}</dt><dd>${this.i18n.number(results.turnout.online)}</dd></div>
        <div><dt>${this.i18n.t('turnout.paper')}</dt><dd>${this.i18n.number(results.turnout.paper)}</dd></div>
      </dl>
      ${this.renderVerifiedBy()}
      <details part="rule" class="rule" ?open=${!live}>
        <summary>${this.i18n.t('rule.how')}</summary>
        ${rules.map((key) => {
          const pool = results.pools.find((p) => `${p.rule}|${p.tieBreak}` === key)!;
          return html`<p>${this.ruleText(pool)}</p>`;
        })}
      </details>
      ${results.pools.map((pool) => this.renderPool(pool, multiple, live))} ${this.renderDownloads(results)}
    </section>`;
  }

  /** How the votes were verified: what a reader needs to judge whether one vote is one person. */
  private renderVerifiedBy(): TemplateResult {
    const identity = this.config!.identity;
    const text =
      identity.method === 'oidc'
        ? this.i18n.t('verified.oidc', { provider: identity.provider?.[this.i18n.locale] ?? this.i18n.t('verified.providerFallback') })
        : this.i18n.t(`verified.${identity.method}`);
    return html`<p part="verified-by" class=${identity.method === 'phone_only' ? 'notice warning' : 'hint'} data-identity=${identity.method}>${text}</p>`;
  }

  private renderPool(pool: PoolResult, multiple: boolean, live: boolean): TemplateResult {
    const locale = this.i18n.locale;
    const tz = this.config!.city.timeZone;
    const funded = pool.projects.filter((p) => p.funded);
    const name = multiple ? pool.name[locale] : this.i18n.t('pool.projects');
    const total = pool.projects.length;
    const [shown, target, all] = this.drawing.rows(pool.poolId, total);
    const rows = pool.projects.slice(0, shown);
    const votesLabel = this.votesLabel();
    return html`<section part="pool" class="pool stack" aria-labelledby="pool-${pool.poolId}">
      <h3 id="pool-${pool.poolId}">${name}</h3>
      <p class="summary">
        ${this.i18n.t(live ? 'pool.summaryLive' : 'pool.summary', {
          funded: funded.length,
          total: pool.projects.length,
          spent: this.i18n.money(pool.spent),
          budget: this.i18n.money(pool.budget),
        })}
        ${this.i18n.t('pool.left', { left: this.i18n.money(Math.max(0, pool.budget - pool.spent)) })}
        ${this.i18n.t('pool.ballots', { n: pool.ballots })}
      </p>
      ${pool.add1
        ? html`<p part="add1" class="hint">
            ${this.i18n.t('pool.add1', { runs: pool.add1.runs, amount: this.i18n.money(pool.add1.voterBudgetAmount), exact: pool.add1.voterBudget })}
          </p>`
        : nothing}
      ${this.renderChart(pool, votesLabel)}
      <div class="table-wrap" role="region" tabindex="0" aria-labelledby="caption-${pool.poolId}">
        <table part="table" aria-rowcount=${shown < target ? target + 1 : nothing}>
          <caption id="caption-${pool.poolId}" tabindex="-1">${this.i18n.t('table.caption', { pool: name })}</caption>
          <thead>
            <tr>
              <th scope="col">${this.i18n.t('table.project')}</th>
              <th scope="col" class="num">${votesLabel}</th>
              <th scope="col" class="num">${this.i18n.t('table.cost')}</th>
              <th scope="col">${this.i18n.t('table.result')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (p) => html`<tr class=${p.funded ? 'funded' : ''}>
                <th scope="row" class="user-text" dir="auto">${((href) => (href ? html`<a part="progress-link" href=${href}>${p.title}</a>` : p.title))(this.progressHref(p))}</th>
                <td class="num" data-label=${votesLabel}>${this.i18n.number(p.votes)}</td>
                <td class="num nowrap" data-label=${this.i18n.t('table.cost')}>${this.i18n.money(p.cost)}</td>
                <td data-label=${this.i18n.t('table.result')}>
                  <strong class=${p.funded ? 'yes' : 'no'}>${this.i18n.t(p.funded ? (live ? 'table.fundedLive' : 'table.funded') : live ? 'table.notFundedLive' : 'table.notFunded')}</strong>
                  <span class="why">${explainOutcome(this.i18n, p.explanation, p.cost, pool.budget)}</span>
                  ${p.decision
                    ? html`<span class="decision" part="decision"
                        ><strong>${this.i18n.t(p.decision.funded ? 'decision.funded' : 'decision.notFunded', { date: this.i18n.date(p.decision.at, tz) })}</strong>
                        ${p.decision.note ? html`${this.i18n.t('decision.reason')} <bdi class="user-text" dir="auto">${p.decision.note}</bdi>` : nothing}</span
                      >`
                    : nothing}
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${total > TABLE_ROWS && shown < total
        ? html`<div class="row">
            <button ?disabled=${all} @click=${() => this.drawing.showAll(pool.poolId)}>${this.i18n.t('table.showAll', { n: total })}</button>
          </div>`
        : nothing}
    </section>`;
  }

  private votesLabel(): string {
    const kind = this.config?.cycle.ballot.kind;
    return this.i18n.t(kind === 'cumulative' ? 'table.points' : kind === 'ranked' ? 'table.firstChoices' : 'table.votes');
  }

  /**
   * The budget bar (funded projects' costs side by side, the budget marked by
   * a line) above one bar of votes per project. Lengths in `%` and heights in
   * `em`, so the chart fits any width without scaling its text. The bars come a
   * frame after the rest (see `PoolDrawingController`); until then a slot of a
   * bar's height stands for each, and the figure is busy.
   */
  private renderChart(pool: PoolResult, votesLabel: string): TemplateResult {
    const rows = pool.projects.slice(0, CHART_ROWS);
    const maxVotes = Math.max(1, ...rows.map((p) => p.votes));
    const funded = pool.projects.filter((p) => p.funded);
    // The budget sits at 90 % of the width so the line stays visible even when the pot is fully spent.
    const scale = Math.max(pool.budget, pool.spent) || 1;
    const unit = 90 / scale;
    const captionId = `chart-${pool.poolId}`;
    const spentLabel = this.i18n.t('chart.spent', { spent: this.i18n.money(pool.spent), budget: this.i18n.money(pool.budget) });
    let x = 0;
    const segments: SVGTemplateResult[] = funded.map((p, i) => {
      const w = p.cost * unit;
      const seg = svg`<rect class=${i % 2 ? 'seg alt' : 'seg'} x="${x}%" y="4" width="${Math.max(0, w)}%" height="20"><title>${p.title}: ${this.i18n.money(p.cost)}</title></rect>`;
      x += w;
      return seg;
    });
    const budgetX = pool.budget * unit;
    const drawn = this.drawing.chart(pool.poolId);
    // Words are HTML (they wrap on a phone); only the bars are SVG.
    return html`<figure class="chart" aria-labelledby=${captionId} aria-busy=${drawn ? nothing : 'true'}>
      <p class="chart-label">${spentLabel}</p>
      <svg part="chart" role="img" aria-label=${spentLabel} width="100%" height="28">
        <rect class="track" x="0" y="4" width="${budgetX}%" height="20"></rect>
        ${segments}
        <line part="budget-line" class="budget-line" x1="${budgetX}%" x2="${budgetX}%" y1="0" y2="28"></line>
      </svg>
      <ol class="bars" aria-hidden="true">
        ${rows.map((p) => {
          if (!drawn) return html`<li class="slot"></li>`;
          const w = (p.votes / maxVotes) * 85;
          return html`<li>
            <span class="bar-label user-text" dir="auto">${p.title}</span>
            <span class="bar-row">
              <svg class="bar-svg" width="100%" height="14">
                <rect class=${p.funded ? 'bar funded' : 'bar'} x="0" y="0" width="${Math.max(w, 0.3)}%" height="14"></rect>
              </svg>
              <span class="value">${this.i18n.number(p.votes)}</span>
            </span>
          </li>`;
        })}
      </ol>
      <figcaption id=${captionId} class="hint">
        ${this.i18n.t('chart.caption', { votes: votesLabel.toLocaleLowerCase(this.i18n.locale) })}
        ${pool.projects.length > CHART_ROWS ? this.i18n.t('chart.more', { shown: CHART_ROWS, total: pool.projects.length }) : ''}
        <span class="legend"><span class="swatch funded"></span>${this.i18n.t('chart.fundedLegend')}</span>
        <span class="legend"><span class="swatch"></span>${this.i18n.t('chart.otherLegend')}</span>
      </figcaption>
    </figure>`;
  }

  private renderDownloads(results: Results): TemplateResult | typeof nothing {
    const d = results.downloads;
    if (!d || (!d.csv && !d.pb)) return nothing;
    const backend = this.activeBackend;
    const url = (path: string) => backend?.downloadUrl?.(path) ?? (path.startsWith('/') || /^https?:\/\//.test(path) ? path : null);
    const csv = d.csv ? url(d.csv) : null;
    const pb = d.pb ? url(d.pb) : null;
    if (!csv && !pb) return nothing;
    const slug = this.config?.city.slug ?? 'results';
    return html`<section part="downloads" class="downloads stack" aria-labelledby="downloads-h">
      <h3 id="downloads-h">${this.i18n.t('downloads.title')}</h3>
      <ul class="row">
        ${csv ? html`<li><a class="button" href=${csv} download="${slug}-results.csv">${this.i18n.t('downloads.csv')}</a></li>` : nothing}
        ${pb ? html`<li><a class="button" href=${pb} download="${slug}.pb">${this.i18n.t('downloads.pb')}</a></li>` : nothing}
      </ul>
      <p class="hint">${this.i18n.t('downloads.note')}</p>
    </section>`;
  }
}
