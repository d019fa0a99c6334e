import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { VoterListReport, VoterListSummary } from '../contract/index.js';
import { toCentreError, type CentreError } from './api.js';
import type { CentreContext, CentreSection } from './section.js';
import { Retry } from './retry.js';

type Mode = 'replace' | 'amend' | 'remove';
type Refused = VoterListReport['rejected'];

/** The refused rows a refused upload names in `details.rejected` (line and problem only), as far as they are well-formed. */
function refusedRows(error: CentreError): Refused {
  const rows = error.details.rejected;
  if (!Array.isArray(rows)) return [];
  return rows.filter((r): r is Refused[number] => !!r && typeof r === 'object' && Number.isInteger((r as { line?: unknown }).line) && typeof (r as { problem?: unknown }).problem === 'string');
}

/**
 * The voter list (cities that prove voters with one): how many residents are
 * on it, a CSV upload (replace, add, take off) and the rows refused by line.
 * The server keeps only keyed hashes of each IIN and the phone sealed.
 */
export class VotersSection implements CentreSection {
  readonly id = 'voters';
  private summary: VoterListSummary | null = null;
  private report: VoterListReport | null = null;
  /** The rows named by an upload the server refused as a whole (nothing changed). */
  private refused: Refused | null = null;
  /**
   * A file to replace a list that has residents on it, waiting for the person to confirm: a replace takes off
   * everyone the file does not name, and during voting that takes their vote away.
   */
  private confirming: File | null = null;
  /** The person asked to load the summary again: its button stays (and keeps the focus) until the answer. */
  private readonly retry: Retry;
  private loadedFor = '';

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    this.retry = new Retry(host);
  }

  label(ctx: CentreContext): string {
    return ctx.i18n.t('nav.voters');
  }

  visible(ctx: CentreContext): boolean {
    return ctx.signed.role === 'coordinator' && ctx.config.identity.method === 'voter_list';
  }

  reset(): void {
    this.summary = null;
    this.report = null;
    this.refused = null;
    this.confirming = null;
    this.loadedFor = '';
  }

  private focus(selector: string): void {
    void this.host.updateComplete.then(() => this.host.shadowRoot?.querySelector<HTMLElement>(selector)?.focus());
  }

  /** Loads the summary; a failure is shown where the summary goes, with a retry (an upload's own success stays said beside its button). */
  private async load(ctx: CentreContext): Promise<void> {
    this.loadedFor = ctx.city;
    await ctx.actions.run('voters-load', async () => {
      this.summary = await ctx.api.voterList(ctx.city);
      this.host.requestUpdate();
    });
  }

  private retryLoad(ctx: CentreContext): Promise<void> {
    return this.retry.run(
      () => this.load(ctx),
      () => (this.summary ? '#voters-summary' : '#voters-retry'),
    );
  }

  async refreshed(ctx: CentreContext): Promise<void> {
    await this.load(ctx);
    const error = ctx.actions.error('voters-load');
    if (error) throw error;
  }

  render(ctx: CentreContext): TemplateResult {
    const { i18n, actions, config } = ctx;
    if (this.loadedFor !== ctx.city) void this.load(ctx);
    const s = this.summary;
    const upload = (form: HTMLFormElement, file: File, mode: Mode) =>
      actions.run(
        'voters-upload',
        async () => {
          this.refused = null;
          let report: VoterListReport;
          try {
            report = await ctx.api.uploadVoterList(ctx.city, mode, await file.text());
          } catch (error) {
            const refused = toCentreError(error);
            this.report = null;
            this.refused = refusedRows(refused);
            throw refused;
          }
          form.reset();
          // The list changed: the old summary is wrong now. Its reload cannot fail the upload: a failure is its own, with a retry.
          this.summary = null;
          await this.load(ctx);
          this.report = report;
          return report;
        },
        (r) => i18n.t('voters.done', { added: r.added, updated: r.updated, removed: r.removed, total: r.total, rejected: r.rejectedTotal }),
      );
    const submit = (e: Event) => {
      e.preventDefault();
      const form = e.currentTarget as HTMLFormElement;
      const file = form.querySelector<HTMLInputElement>('#voters-file')!.files?.[0];
      const mode = (new FormData(form).get('mode') as Mode | null) ?? 'amend';
      if (!file) return form.querySelector<HTMLInputElement>('#voters-file')!.focus();
      // Replacing a list with residents on it is asked again first, saying what it does.
      if (mode === 'replace' && (this.summary === null || this.summary.total > 0)) {
        this.confirming = file;
        this.host.requestUpdate();
        return this.focus('#voters-confirm-heading');
      }
      void upload(form, file, mode);
    };
    const confirmed = async () => {
      const file = this.confirming;
      const form = this.host.shadowRoot?.querySelector<HTMLFormElement>('#voters-form');
      this.confirming = null;
      if (!file || !form) return;
      this.focus('#act-voters-upload');
      await upload(form, file, 'replace');
    };
    const cancelled = () => {
      this.confirming = null;
      this.host.requestUpdate();
      this.focus('#voters-mode-replace');
    };
    return html`<section class="stack" aria-labelledby="voters-heading">
      <h2 id="voters-heading" tabindex="-1">${i18n.t('voters.title')}</h2>
      ${s
        ? html`<p id="voters-summary" tabindex="-1">${i18n.t('voters.summary', { n: s.total, until: i18n.dateTime(s.deleteAfter, config.city.timeZone) })}</p>
            ${Object.entries(s.byDistrict).filter(([d]) => d).length
              ? html`<ul class="plain">
                  ${Object.entries(s.byDistrict)
                    .filter(([d]) => d)
                    .map(([d, n]) => html`<li>${config.city.districts.find((x) => x.id === d)?.name[ctx.locale] ?? d}: ${i18n.number(n)}</li>`)}
                </ul>`
              : nothing}`
        : html`${actions.message('voters-load')}
            ${actions.error('voters-load') || this.retry.active
              ? html`<p>
                  <button
                    type="button"
                    id="voters-retry"
                    aria-disabled=${actions.isBusy('voters-load') ? 'true' : 'false'}
                    @click=${() => actions.isBusy('voters-load') || void this.retryLoad(ctx)}
                  >
                    ${i18n.t('retry')}
                  </button>
                </p>`
              : nothing}`}
      <form class="card stack" id="voters-form" @submit=${submit} @change=${() => this.confirming && cancelled()}>
        <p>${i18n.t('voters.lead')}</p>
        <div class="field">
          <label for="voters-file">${i18n.t('voters.file')}</label>
          <input id="voters-file" type="file" accept=".csv,text/csv,text/plain" />
        </div>
        <fieldset class="stack">
          <legend>${i18n.t('voters.mode')}</legend>
          ${(['replace', 'amend', 'remove'] as const).map(
            // Adding is what the form does unless asked otherwise: one click must not take a city's voters off its list.
            (m) => html`<label class="choice"><input type="radio" id="voters-mode-${m}" name="mode" value=${m} ?checked=${m === 'amend'} /> ${i18n.t(`voters.${m}`)}</label>`,
          )}
        </fieldset>
        ${this.confirming
          ? html`<div class="notice warning stack" role="group" aria-labelledby="voters-confirm-heading" aria-describedby="voters-confirm-lead">
              <h3 id="voters-confirm-heading" tabindex="-1">${i18n.t('voters.confirmTitle')}</h3>
              <p id="voters-confirm-lead">
                ${this.summary ? i18n.t('voters.confirmLead', { n: this.summary.total }) : i18n.t('voters.confirmLeadUnknown')} ${config.currentPhase === 'voting' ? i18n.t('voters.confirmVoting') : nothing}
              </p>
              <div class="row">
                <button type="button" class="primary" id="voters-confirm" @click=${() => void confirmed()}>${i18n.t('voters.confirmReplace')}</button>
                <button type="button" id="voters-confirm-cancel" @click=${cancelled}>${i18n.t('voters.confirmCancel')}</button>
              </div>
            </div>`
          : actions.control('voters-upload', i18n.t('voters.upload'), null, { type: 'submit', primary: true })}
      </form>
      ${this.renderRefused(ctx)}
    </section>`;
  }

  /** The refused rows by line: of the last upload, or of a file refused as a whole. */
  private renderRefused(ctx: CentreContext): TemplateResult | typeof nothing {
    const { i18n } = ctx;
    const rows = this.report?.rejected ?? this.refused ?? [];
    if (!rows.length) return nothing;
    const total = this.report ? this.report.rejectedTotal : rows.length;
    return html`<section class="notice warning stack" aria-labelledby="voters-refused">
      <h3 id="voters-refused">${this.report ? i18n.t('voters.refused', { n: total }) : i18n.t('voters.refusedAll', { n: total })}</h3>
      <ul class="plain">
        ${rows.map((r) => html`<li>${i18n.t('voters.line', { line: r.line })} ${i18n.has(`voters.problem.${r.problem}`) ? i18n.t(`voters.problem.${r.problem}` as 'voters.problem.columns') : r.problem}</li>`)}
      </ul>
    </section>`;
  }
}
