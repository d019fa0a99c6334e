import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ApplyResultsResult, Pool, Results } from '../contract/index.js';
import { pabulibFileName } from '../domain/results-downloads.js';
import { renderStanding } from './results-standing.js';
import type { CentreContext, CentreSection } from './section.js';
import { Retry } from './retry.js';

/**
 * Results: the count as it stands (public or not yet: a city may hide it from residents until the results phase),
 * marking the counted winners on the proposals, and downloading the election as a pabulib file, one pool a file.
 */
export class ResultsSection implements CentreSection {
  readonly id = 'results';
  private applied: ApplyResultsResult | null = null;
  private download: { url: string; name: string } | null = null;
  /** The pool to export ('' until the coordinator picks one: the cycle's first). */
  private pool = '';
  private count: Results | null = null;
  /** The city and cycle the count is of: another city or cycle loads it anew. */
  private loadedFor = '';
  /** The person asked to load the count again: its button stays (and keeps the focus) until the answer. */
  private readonly retry: Retry;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    this.retry = new Retry(host);
  }

  label(ctx: CentreContext): string {
    return ctx.i18n.t('nav.results');
  }

  visible(ctx: CentreContext): boolean {
    return ctx.signed.role === 'coordinator';
  }

  reset(): void {
    this.applied = null;
    if (this.download) URL.revokeObjectURL(this.download.url);
    this.download = null;
    this.pool = '';
    this.count = null;
    this.loadedFor = '';
  }

  /** Shown again: the count has moved since (ballots keep coming while voting is open). */
  open(ctx: CentreContext): void {
    void this.loadCount(ctx);
  }

  async refreshed(ctx: CentreContext): Promise<void> {
    await this.loadCount(ctx);
    const error = ctx.actions.error('results-count');
    if (error) throw error;
  }

  /** Loads the count; a failure is said where the count goes (beside what loaded before, if anything did), with a retry. */
  private async loadCount(ctx: CentreContext): Promise<void> {
    const key = `${ctx.city}\n${ctx.config.cycle.id}`;
    if (this.loadedFor !== key) this.count = null;
    this.loadedFor = key;
    await ctx.actions.run('results-count', async () => {
      const count = await ctx.api.results(ctx.city);
      // A city chosen meanwhile has its own load under way: this answer is of the one before.
      if (this.loadedFor === key) this.count = count;
    });
  }

  private retryCount(ctx: CentreContext): Promise<void> {
    return this.retry.run(
      () => this.loadCount(ctx),
      () => (ctx.actions.error('results-count') ? '#count-retry' : '#count-heading'),
    );
  }

  /** Marks the winners; the reload of the proposals after it is its own step, so a failed reload never reads as a failed marking. */
  private async apply(ctx: CentreContext): Promise<void> {
    const { actions, i18n } = ctx;
    actions.clear('results-reload');
    const applied = await actions.run(
      'results-apply',
      async () => (this.applied = await ctx.api.applyResults(ctx.city)),
      (r) => i18n.t('results.applied', { winners: r.winners.length, notFunded: r.notFunded.length, unchanged: r.unchanged.length }),
    );
    // The count itself does not change, but where the council's word now agrees with it, it says so no more.
    if (applied) await Promise.all([this.reload(ctx), this.loadCount(ctx)]);
  }

  private async reload(ctx: CentreContext): Promise<void> {
    await ctx.actions.run('results-reload', () => ctx.reload());
  }

  /** The pool the coordinator picked, while the cycle still has it; else the first. */
  private chosenPool(pools: readonly Pool[]): Pool | undefined {
    return pools.find((p) => p.id === this.pool) ?? pools[0];
  }

  private async exportPb(ctx: CentreContext): Promise<void> {
    const pools = ctx.config.cycle.pools;
    const pool = pools.length > 1 ? this.chosenPool(pools) : undefined;
    await ctx.actions.run(
      'export-pb',
      async () => {
        const text = await ctx.api.exportPb(ctx.city, pool?.id);
        if (this.download) URL.revokeObjectURL(this.download.url);
        // Named as the server names the file (`pabulibFileName`): city, cycle, then the pool.
        this.download = { url: URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' })), name: pabulibFileName(ctx.city, ctx.config.cycle.id, pool?.id) };
      },
      () => ctx.i18n.t('export.ready'),
    );
  }

  /** Another pool: the file prepared for the one before is not this one's. */
  private choosePool(ctx: CentreContext, id: string): void {
    this.pool = id;
    if (this.download) URL.revokeObjectURL(this.download.url);
    this.download = null;
    ctx.actions.clear('export-pb');
  }

  render(ctx: CentreContext): TemplateResult {
    const { i18n, actions } = ctx;
    if (this.loadedFor !== `${ctx.city}\n${ctx.config.cycle.id}`) void this.loadCount(ctx);
    const final = ctx.config.currentPhase === 'results' || ctx.config.currentPhase === 'implementation' || ctx.config.currentPhase === 'closed';
    const onBallot = ctx.proposals.filter((p) => p.status === 'on_ballot').length;
    return html`<section class="stack" aria-labelledby="results-heading">
      <h2 id="results-heading" tabindex="-1">${i18n.t('results.title')}</h2>
      ${this.renderCount(ctx)}
      <section class="card stack" aria-labelledby="apply-heading">
        <h3 id="apply-heading">${i18n.t('results.applyTitle')}</h3>
        <p>${i18n.t('results.applyLead')}</p>
        ${final ? html`<p class="muted">${i18n.t('results.onBallot', { n: onBallot })}</p>` : html`<p class="notice">${i18n.t('results.notYet')}</p>`}
        ${actions.control('results-apply', i18n.t('results.apply'), () => void this.apply(ctx))}
        ${actions.error('results-reload') && !actions.isBusy('results-reload')
          ? html`<div class="notice warning stack">
              <p>${i18n.t('reload.failed')}</p>
              ${actions.message('results-reload')}
              <p><button type="button" @click=${() => void this.reload(ctx)}>${i18n.t('retry')}</button></p>
            </div>`
          : nothing}
      </section>
      ${this.renderExport(ctx)}
    </section>`;
  }

  /** The count, or its loading or its failure; a failed refresh keeps the count that loaded before, said as such. */
  private renderCount(ctx: CentreContext): TemplateResult {
    const { i18n, actions } = ctx;
    const busy = actions.isBusy('results-count');
    const error = actions.error('results-count');
    const retry = html`<p>
      <button type="button" id="count-retry" aria-disabled=${busy ? 'true' : 'false'} @click=${() => busy || void this.retryCount(ctx)}>${i18n.t('retry')}</button>
    </p>`;
    const problem = error || this.retry.active;
    return html`<section class="card stack" aria-labelledby="count-heading" aria-busy=${busy ? 'true' : 'false'}>
      <h3 id="count-heading" tabindex="-1">${i18n.t('count.title')}</h3>
      ${this.count
        ? html`${problem
              ? html`<div class="notice warning stack">
                  <p>${i18n.t('count.stale', { at: i18n.dateTime(this.count.computedAt, ctx.config.city.timeZone) })}</p>
                  ${actions.message('results-count')} ${retry}
                </div>`
              : nothing}
            ${renderStanding(ctx, this.count)}`
        : problem
          ? html`<div class="notice error stack">
              <p>${i18n.t('count.failed')}</p>
              ${actions.message('results-count')} ${retry}
            </div>`
          : html`<p class="muted">${i18n.t('loading')}</p>
              <div class="skeleton sk-block"></div>`}
    </section>`;
  }

  private renderExport(ctx: CentreContext): TemplateResult {
    const { i18n, actions, config, locale } = ctx;
    const pools = config.cycle.pools;
    const chosen = this.chosenPool(pools);
    return html`<section class="card stack" aria-labelledby="export-heading">
      <h3 id="export-heading">${i18n.t('export.title')}</h3>
      <p>${i18n.t('export.lead')}</p>
      ${pools.length > 1
        ? html`<div class="field">
            <label for="export-pool">${i18n.t('export.pool')}</label>
            <select id="export-pool" aria-describedby="export-pool-hint" @change=${(e: Event) => this.choosePool(ctx, (e.target as HTMLSelectElement).value)}>
              ${pools.map((p) => html`<option value=${p.id} ?selected=${p === chosen}>${p.name[locale]}</option>`)}
            </select>
            <span class="hint" id="export-pool-hint">${i18n.t('export.poolHint')}</span>
          </div>`
        : nothing}
      ${actions.control('export-pb', i18n.t('export.prepare'), () => void this.exportPb(ctx))}
      ${this.download ? html`<p><a href=${this.download.url} download=${this.download.name}>${i18n.t('export.link', { name: this.download.name })}</a></p>` : nothing}
    </section>`;
  }
}
