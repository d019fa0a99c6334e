import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { VoterListReport, VoterListSummary } from '../contract/index.js';
import type { CentreContext, CentreSection } from './section.js';

type Mode = 'replace' | 'amend' | 'remove';

/**
 * The voter list (cities that prove voters with one): how many residents are
 * on it, a CSV upload (replace, add, take off) and the rows refused by line.
 * The server keeps only keyed hashes of each IIN and the phone sealed.
 */
export class VotersSection implements CentreSection {
  readonly id = 'voters';
  private summary: VoterListSummary | null = null;
  private report: VoterListReport | null = null;
  private loadedFor = '';

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {}

  label(ctx: CentreContext): string {
    return ctx.i18n.t('nav.voters');
  }

  visible(ctx: CentreContext): boolean {
    return ctx.signed.role === 'coordinator' && ctx.config.identity.method === 'voter_list';
  }

  reset(): void {
    this.summary = null;
    this.report = null;
    this.loadedFor = '';
  }

  private load(ctx: CentreContext): void {
    this.loadedFor = ctx.city;
    void ctx.actions.run('voters-load', async () => {
      this.summary = await ctx.api.voterList(ctx.city);
      this.host.requestUpdate();
    });
  }

  render(ctx: CentreContext): TemplateResult {
    const { i18n, actions, config } = ctx;
    if (this.loadedFor !== ctx.city) this.load(ctx);
    const s = this.summary;
    const submit = (e: Event) => {
      e.preventDefault();
      const form = e.currentTarget as HTMLFormElement;
      const file = form.querySelector<HTMLInputElement>('#voters-file')!.files?.[0];
      const mode = (new FormData(form).get('mode') as Mode | null) ?? 'replace';
      if (!file) return form.querySelector<HTMLInputElement>('#voters-file')!.focus();
      void actions.run(
        'voters-upload',
        async () => {
          this.report = await ctx.api.uploadVoterList(ctx.city, mode, await file.text());
          form.reset();
          this.summary = await ctx.api.voterList(ctx.city);
          return this.report;
        },
        (r) => i18n.t('voters.done', { added: r.added, updated: r.updated, removed: r.removed, total: r.total, rejected: r.rejectedTotal }),
      );
    };
    return html`<section class="stack" aria-labelledby="voters-heading">
      <h2 id="voters-heading" tabindex="-1">${i18n.t('voters.title')}</h2>
      ${s
        ? html`<p>${i18n.t('voters.summary', { n: s.total, until: i18n.dateTime(s.deleteAfter, config.city.timeZone) })}</p>
            ${Object.entries(s.byDistrict).filter(([d]) => d).length
              ? html`<ul class="plain">
                  ${Object.entries(s.byDistrict)
                    .filter(([d]) => d)
                    .map(([d, n]) => html`<li>${config.city.districts.find((x) => x.id === d)?.name[ctx.locale] ?? d}: ${i18n.number(n)}</li>`)}
                </ul>`
              : nothing}`
        : actions.message('voters-load')}
      <form class="card stack" @submit=${submit}>
        <p>${i18n.t('voters.lead')}</p>
        <div class="field">
          <label for="voters-file">${i18n.t('voters.file')}</label>
          <input id="voters-file" type="file" accept=".csv,text/csv,text/plain" />
        </div>
        <fieldset class="stack">
          <legend>${i18n.t('voters.mode')}</legend>
          ${(['replace', 'amend', 'remove'] as const).map(
            (m) => html`<label class="choice"><input type="radio" name="mode" value=${m} ?checked=${m === 'replace'} /> ${i18n.t(`voters.${m}`)}</label>`,
          )}
        </fieldset>
        ${actions.control('voters-upload', i18n.t('voters.upload'), null, { type: 'submit', primary: true })}
      </form>
      ${this.report && this.report.rejected.length
        ? html`<section class="notice warning stack" aria-labelledby="voters-refused">
            <h3 id="voters-refused">${i18n.t('voters.refused', { n: this.report.rejectedTotal })}</h3>
            <ul class="plain">
              ${this.report.rejected.map((r) => html`<li>${i18n.t('voters.line', { line: r.line })} ${i18n.t(`voters.problem.${r.problem}`)}</li>`)}
            </ul>
          </section>`
        : nothing}
    </section>`;
  }
}
