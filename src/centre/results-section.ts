import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ApplyResultsResult } from '../contract/index.js';
import type { CentreContext, CentreSection } from './section.js';

/** Results: mark the counted winners on the proposals, and download the election as a pabulib file. */
export class ResultsSection implements CentreSection {
  readonly id = 'results';
  private applied: ApplyResultsResult | null = null;
  private download: { url: string; name: string } | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {}

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
    if (applied) await this.reload(ctx);
  }

  private async reload(ctx: CentreContext): Promise<void> {
    await ctx.actions.run('results-reload', () => ctx.reload());
  }

  render(ctx: CentreContext): TemplateResult {
    const { i18n, actions } = ctx;
    const final = ctx.config.currentPhase === 'results' || ctx.config.currentPhase === 'implementation' || ctx.config.currentPhase === 'closed';
    const onBallot = ctx.proposals.filter((p) => p.status === 'on_ballot').length;
    return html`<section class="stack" aria-labelledby="results-heading">
      <h2 id="results-heading" tabindex="-1">${i18n.t('results.title')}</h2>
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
      <section class="card stack" aria-labelledby="export-heading">
        <h3 id="export-heading">${i18n.t('export.title')}</h3>
        <p>${i18n.t('export.lead')}</p>
        ${actions.control('export-pb', i18n.t('export.prepare'), () => {
          void actions.run(
            'export-pb',
            async () => {
              const text = await ctx.api.exportPb(ctx.city);
              if (this.download) URL.revokeObjectURL(this.download.url);
              this.download = { url: URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' })), name: `${ctx.city}-${ctx.config.cycle.id}.pb` };
            },
            () => i18n.t('export.ready'),
          );
        })}
        ${this.download ? html`<p><a href=${this.download.url} download=${this.download.name}>${i18n.t('export.link', { name: this.download.name })}</a></p>` : nothing}
      </section>
    </section>`;
  }
}
