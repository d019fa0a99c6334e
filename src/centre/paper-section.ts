import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { PaperBallotsInput, PoolChoice, Receipt } from '../contract/index.js';
import { hasDistrictPools, mayChooseIn } from '../domain/ballot.js';
import { CentreError } from './api.js';
import { districtName } from './labels.js';
import { markKind, paperBallot, paperProjects, type PaperProject } from './paper-ballot.js';
import type { CentreContext, CentreSection } from './section.js';
import { Retry } from './retry.js';

/** The API takes at most this many ballots in one request. */
const BATCH_MAX = 500;

/**
 * Whether a request that failed may still have been carried out: no answer came (the connection dropped after the
 * server wrote the ballots), the server failed or timed out, or the same key is still being handled. A refusal
 * (4xx) was not: the server keeps nothing of it.
 */
function mayHaveHappened(error: unknown): boolean {
  if (!(error instanceof CentreError)) return true;
  return error.status === 0 || error.status >= 500 || error.status === 408 || error.code === 'idempotency_in_progress';
}

/** A fresh Idempotency-Key (crypto.randomUUID needs a secure context; an intranet may serve the centre over plain http). */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Paper ballots (coordinators): residents who voted on paper at a desk. Each
 * counted ballot is entered as it is marked, checked against the rule of the
 * vote (the same `validateBallot` the server runs), and collected in a batch;
 * the batch goes to the server in one request that is safe to retry (one
 * Idempotency-Key per batch), and every ballot gets a receipt code to write on
 * its paper. The count of paper ballots entered so far comes from the server.
 *
 * A batch whose answer did not come may have been entered: it is kept aside,
 * exactly as it was sent and under its key (`unsure`), and sent again before
 * the next batch — the server answers a key it has seen with the first answer,
 * so those papers are entered once whatever happened. Meanwhile the next
 * papers go into a new batch, of the same district.
 */
export class PaperSection implements CentreSection {
  readonly id = 'paper';
  /** What the person has marked on the ballot being entered: project → 1 (tick), points or rank. */
  private marks = new Map<string, number>();
  private batch: PoolChoice[][] = [];
  private desk = '';
  /** The district whose papers the batch holds ('' none chosen), where the budget has district pools. */
  private district = '';
  /** The key of the batch as it is now; a new one once the batch or the desk changes. */
  private key: string | null = null;
  private receipts: Receipt[] = [];
  /** A batch sent whose answer did not come: what was sent, under which key, and its papers as they were entered. */
  private unsure: { key: string; input: PaperBallotsInput; ballots: PoolChoice[][] } | null = null;
  private entered: { paper: number; online: number } | null = null;
  /** The person asked to load the count again: its button stays (and keeps the focus) until the answer. */
  private readonly retry: Retry;
  private loadedFor = '';

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    this.retry = new Retry(host);
  }

  label(ctx: CentreContext): string {
    return ctx.i18n.t('nav.paper');
  }

  visible(ctx: CentreContext): boolean {
    return ctx.signed.role === 'coordinator';
  }

  reset(): void {
    this.marks = new Map();
    this.batch = [];
    this.desk = '';
    this.district = '';
    this.key = null;
    this.receipts = [];
    this.unsure = null;
    this.entered = null;
    this.loadedFor = '';
  }

  /** Papers entered and not known to be in (a batch, or one kept aside): leaving the page asks first. */
  unsaved(): boolean {
    return this.batch.length > 0 || this.unsure !== null;
  }

  private focus(selector: string): void {
    void this.host.updateComplete.then(() => this.host.shadowRoot?.querySelector<HTMLElement>(selector)?.focus());
  }

  /** Loads the count; a failure is shown where the count goes, with a retry. */
  private async loadCount(ctx: CentreContext): Promise<void> {
    this.loadedFor = `${ctx.city}\n${ctx.config.cycle.id}`;
    await ctx.actions.run('paper-count', async () => {
      const r = await ctx.api.results(ctx.city);
      this.entered = { paper: r.turnout.paper, online: r.turnout.online };
    });
  }

  private retryCount(ctx: CentreContext): Promise<void> {
    return this.retry.run(
      () => this.loadCount(ctx),
      () => (this.entered ? '#paper-count' : '#paper-count-retry'),
    );
  }

  async refreshed(ctx: CentreContext): Promise<void> {
    await this.loadCount(ctx);
    const error = ctx.actions.error('paper-count');
    if (error) throw error;
  }

  private changed(): void {
    this.key = null;
    this.host.requestUpdate();
  }

  private async add(ctx: CentreContext, projects: PaperProject[], e: Event): Promise<void> {
    e.preventDefault();
    const added = await ctx.actions.run(
      'paper-add',
      async () => {
        if (this.batch.length >= BATCH_MAX) throw new CentreError('paper_batch_full', 'send this batch first', 0);
        if (hasDistrictPools(ctx.config.cycle.pools) && !this.district)
          throw new CentreError('validation_failed', 'choose the district', 0, [{ path: ['district'], message: 'paper.district_required' }]);
        const { choices, issues } = paperBallot(ctx.config.cycle, projects, this.marks);
        if (issues.length) throw new CentreError('ballot_invalid', 'the ballot breaks the rules of this vote', 0, issues);
        this.batch = [...this.batch, choices.filter((c) => c.picks.length > 0)];
        this.marks = new Map();
        this.changed();
        return this.batch.length;
      },
      (n) => ctx.i18n.t('paper.added', { n }),
    );
    // The next paper: back to the first mark, the form emptied.
    if (added !== undefined) this.focus('#paper-form input');
  }

  private async send(ctx: CentreContext): Promise<void> {
    const sent = await ctx.actions.run(
      'paper-send',
      async () => {
        const desk = this.desk.trim();
        if (!this.batch.length && !this.unsure) throw new CentreError('paper_batch_empty', 'enter a ballot first', 0);
        if (this.batch.length && !desk) throw new CentreError('validation_failed', 'name the desk', 0, [{ path: ['desk'], message: 'paper.desk_required' }]);
        const before = this.entered?.paper ?? 0;
        const receipts: Receipt[] = [];
        // First the batch whose answer did not come, as it was sent and under its key.
        if (this.unsure) {
          const { key, input, ballots } = this.unsure;
          try {
            receipts.push(...(await ctx.api.paperBallots(ctx.city, input, key)).receipts);
          } catch (error) {
            // Refused after all (nothing of it was entered): its papers come back to the batch, to be mended.
            if (!mayHaveHappened(error)) {
              this.unsure = null;
              this.batch = [...ballots, ...this.batch];
              this.desk ||= input.desk;
            }
            throw error;
          }
          this.unsure = null;
          this.receipts = receipts;
        }
        if (this.batch.length) {
          this.key ??= newKey();
          const district = hasDistrictPools(ctx.config.cycle.pools) && this.district ? { district: this.district } : {};
          const input: PaperBallotsInput = { cycleId: ctx.config.cycle.id, desk, ...district, ballots: this.batch.map((choices) => ({ choices })) };
          try {
            receipts.push(...(await ctx.api.paperBallots(ctx.city, input, this.key)).receipts);
          } catch (error) {
            // It may have been entered: kept aside as sent, and the next papers go into a new batch.
            if (mayHaveHappened(error)) {
              this.unsure = { key: this.key, input, ballots: this.batch };
              this.batch = [];
              this.key = null;
            }
            throw error;
          }
          this.batch = [];
          this.key = null;
        }
        this.receipts = receipts;
        // The server may answer a live count from its snapshot of the last second: what was just entered counts at least.
        const r = await ctx.api.results(ctx.city).catch(() => null);
        if (r) this.entered = { paper: Math.max(r.turnout.paper, before + receipts.length), online: r.turnout.online };
        else if (this.entered) this.entered = { ...this.entered, paper: before + receipts.length };
        return receipts.length;
      },
      (n) => ctx.i18n.t('paper.sent', { n }),
    );
    if (sent !== undefined) this.focus('#paper-receipts-heading');
    else this.host.requestUpdate();
  }

  private remove(index: number): void {
    this.batch = this.batch.filter((_, i) => i !== index);
    this.changed();
    this.focus(this.batch.length ? `#paper-remove-${Math.min(index, this.batch.length - 1)}` : '#paper-batch-heading');
  }

  private mark(projectId: string, raw: string | boolean): void {
    if (raw === false || raw === '') this.marks.delete(projectId);
    else this.marks.set(projectId, raw === true ? 1 : Number(raw));
    this.host.requestUpdate();
  }

  render(ctx: CentreContext): TemplateResult {
    const { i18n, actions, config } = ctx;
    if (this.loadedFor !== `${ctx.city}\n${config.cycle.id}`) void this.loadCount(ctx);
    const open = config.currentPhase === 'voting' || config.currentPhase === 'results';
    const projects = paperProjects(ctx.proposals);
    return html`<section class="stack" aria-labelledby="paper-heading">
      <h2 id="paper-heading" tabindex="-1">${i18n.t('paper.title')}</h2>
      <p>${i18n.t('paper.lead')}</p>
      ${this.entered
        ? html`<p id="paper-count" tabindex="-1"><strong>${i18n.t('paper.count', { n: this.entered.paper })}</strong> <span class="muted">${i18n.t('paper.online', { n: this.entered.online })}</span></p>`
        : html`${actions.message('paper-count')}
            ${actions.error('paper-count') || this.retry.active
              ? html`<p>
                  <button
                    type="button"
                    id="paper-count-retry"
                    aria-disabled=${actions.isBusy('paper-count') ? 'true' : 'false'}
                    @click=${() => actions.isBusy('paper-count') || void this.retryCount(ctx)}
                  >
                    ${i18n.t('retry')}
                  </button>
                </p>`
              : nothing}`}
      ${!open
        ? html`<p class="notice">${i18n.t('paper.closed')}</p>`
        : !projects.length
          ? html`<p class="notice">${i18n.t('paper.noProjects')}</p>`
          : html`${this.renderForm(ctx, projects)} ${this.renderBatch(ctx, projects)}`}
      ${this.renderReceipts(ctx)}
    </section>`;
  }

  private ruleText(ctx: CentreContext): string {
    const rule = ctx.config.cycle.ballot;
    const { i18n } = ctx;
    switch (rule.kind) {
      case 'single':
        return i18n.t('paper.rule.single');
      case 'approval':
        return i18n.t('paper.rule.approval', { min: rule.min, max: rule.max });
      case 'knapsack':
        return i18n.t('paper.rule.knapsack');
      case 'cumulative':
        return i18n.t('paper.rule.cumulative', { points: rule.points, max: rule.maxPerProject });
      case 'ranked':
        return i18n.t('paper.rule.ranked', { max: rule.maxRanks });
    }
  }

  private renderForm(ctx: CentreContext, projects: PaperProject[]): TemplateResult {
    const { i18n, actions, config } = ctx;
    const kind = markKind(config.cycle.ballot);
    const rule = config.cycle.ballot;
    const byDistrict = hasDistrictPools(config.cycle.pools);
    // A district's paper lists its own pools and the city-wide and category ones; none until the district is chosen.
    const pools = config.cycle.pools.filter((pool) => projects.some((p) => p.poolId === pool.id) && (!byDistrict || (this.district !== '' && mayChooseIn(pool, this.district))));
    return html`<form id="paper-form" class="card stack" novalidate aria-labelledby="paper-form-heading" @submit=${(e: Event) => void this.add(ctx, projects, e)}>
      <h3 id="paper-form-heading">${i18n.t('paper.formTitle', { n: this.batch.length + 1 })}</h3>
      ${byDistrict ? this.renderDistrict(ctx) : nothing}
      <p class="muted" id="paper-rule">${this.ruleText(ctx)}</p>
      ${byDistrict && !this.district ? html`<p class="notice" id="paper-district-first">${i18n.t('paper.districtFirst')}</p>` : nothing}
      ${pools.map(
        (pool) => html`<fieldset class="stack">
          <legend>${pool.name[ctx.locale]}</legend>
          ${projects
            .filter((p) => p.poolId === pool.id)
            .map((p) => {
              const id = `paper-mark-${p.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
              const value = this.marks.get(p.id);
              if (kind === 'tick')
                return html`<label class="choice"
                  ><input id=${id} type="checkbox" .checked=${value !== undefined} @change=${(e: Event) => this.mark(p.id, (e.target as HTMLInputElement).checked)} />
                  <span class="user-text">${p.title}</span> <span class="muted">${i18n.money(p.cost)}</span></label
                >`;
              return html`<div class="field inline">
                <label for=${id}><span class="user-text">${p.title}</span> <span class="muted">${i18n.money(p.cost)}</span></label>
                <input
                  id=${id}
                  class="short"
                  type="number"
                  inputmode="numeric"
                  min=${kind === 'points' ? 0 : 1}
                  max=${kind === 'points' ? (rule.kind === 'cumulative' ? rule.maxPerProject : nothing) : rule.kind === 'ranked' ? rule.maxRanks : nothing}
                  step="1"
                  .value=${value === undefined || Number.isNaN(value) ? '' : String(value)}
                  aria-describedby="paper-rule"
                  @input=${(e: Event) => this.mark(p.id, (e.target as HTMLInputElement).value.trim())}
                />
              </div>`;
            })}
        </fieldset>`,
      )}
      ${actions.control('paper-add', i18n.t('paper.add'), null, { type: 'submit', primary: true })}
    </form>`;
  }

  /** Whose papers the batch holds: fixed while the batch has papers (they were checked against its pools). */
  private renderDistrict(ctx: CentreContext): TemplateResult {
    const { i18n, config, locale } = ctx;
    // (A batch kept aside unsure is of this district too: if it was refused after all, its papers come back to this one.)
    const locked = this.batch.length > 0 || this.unsure !== null;
    return html`<div class="field">
      <label for="paper-district">${i18n.t('paper.district')}</label>
      <select
        id="paper-district"
        aria-describedby="paper-district-hint"
        ?disabled=${locked}
        @change=${(e: Event) => {
          this.district = (e.target as HTMLSelectElement).value;
          this.marks = new Map();
          this.changed();
        }}
      >
        <option value="" ?selected=${this.district === ''}>${i18n.t('paper.districtChoose')}</option>
        ${config.city.districts.map((d) => html`<option value=${d.id} ?selected=${d.id === this.district}>${districtName(config, d.id, locale)}</option>`)}
      </select>
      <span class="hint" id="paper-district-hint">${i18n.t(locked ? 'paper.districtLocked' : 'paper.districtHint')}</span>
    </div>`;
  }

  private summary(ctx: CentreContext, projects: PaperProject[], choices: PoolChoice[]): string {
    const { i18n, config } = ctx;
    const kind = markKind(config.cycle.ballot);
    const title = (id: string) => projects.find((p) => p.id === id)?.title ?? id;
    const manyPools = config.cycle.pools.filter((pool) => projects.some((p) => p.poolId === pool.id)).length > 1;
    return choices
      .map((c) => {
        const picks = c.picks.map((pick, i) =>
          kind === 'points' ? i18n.t('paper.pickPoints', { title: title(pick.projectId), n: pick.points ?? 0 }) : kind === 'rank' ? `${i + 1}. ${title(pick.projectId)}` : title(pick.projectId),
        );
        const pool = config.cycle.pools.find((p) => p.id === c.poolId)?.name[ctx.locale] ?? c.poolId;
        return manyPools ? `${pool}: ${picks.join('; ')}` : picks.join('; ');
      })
      .join(' · ');
  }

  private renderBatch(ctx: CentreContext, projects: PaperProject[]): TemplateResult {
    const { i18n, actions } = ctx;
    const n = this.batch.length;
    return html`<section class="card stack" aria-labelledby="paper-batch-heading">
      <h3 id="paper-batch-heading" tabindex="-1">${i18n.t('paper.batchTitle', { n })}</h3>
      ${n
        ? html`<ol class="plain stack" id="paper-batch">
            ${this.batch.map(
              (choices, i) => html`<li class="row">
                <span><strong>${i18n.t('paper.ballotN', { n: i + 1 })}</strong> <span class="user-text">${this.summary(ctx, projects, choices)}</span></span>
                <button type="button" class="link" id=${`paper-remove-${i}`} aria-label=${i18n.t('paper.removeN', { n: i + 1 })} @click=${() => this.remove(i)}>${i18n.t('paper.remove')}</button>
              </li>`,
            )}
          </ol>`
        : html`<p class="muted">${i18n.t('paper.batchEmpty')}</p>`}
      <div class="field">
        <label for="paper-desk">${i18n.t('paper.desk')}</label>
        <input
          id="paper-desk"
          type="text"
          maxlength="120"
          autocomplete="off"
          aria-describedby="paper-desk-hint"
          .value=${this.desk}
          @input=${(e: Event) => {
            this.desk = (e.target as HTMLInputElement).value;
            this.key = null;
          }}
        />
        <span class="hint" id="paper-desk-hint">${i18n.t('paper.deskHint')}</span>
      </div>
      ${this.renderUnsure(ctx, projects)}
      ${actions.control('paper-send', i18n.t(this.unsure && !n ? 'paper.sendAgain' : 'paper.send', { n: n + (this.unsure?.ballots.length ?? 0) }), () => void this.send(ctx), { primary: true })}
    </section>`;
  }

  /** The batch whose answer did not come: what it held, and that it goes again, under its key, with the next send. */
  private renderUnsure(ctx: CentreContext, projects: PaperProject[]): TemplateResult | typeof nothing {
    if (!this.unsure) return nothing;
    const { i18n } = ctx;
    const { ballots, input } = this.unsure;
    return html`<div class="notice stack" id="paper-unsure" role="group" aria-labelledby="paper-unsure-heading">
      <h4 id="paper-unsure-heading">${i18n.t('paper.unsureTitle', { n: ballots.length, desk: input.desk })}</h4>
      <p>${i18n.t('paper.unsureLead')}</p>
      <ol class="plain stack">
        ${ballots.map((choices, i) => html`<li><strong>${i18n.t('paper.ballotN', { n: i + 1 })}</strong> <span class="user-text">${this.summary(ctx, projects, choices)}</span></li>`)}
      </ol>
    </div>`;
  }

  private renderReceipts(ctx: CentreContext): TemplateResult | typeof nothing {
    if (!this.receipts.length) return nothing;
    const { i18n } = ctx;
    return html`<section class="notice stack" aria-labelledby="paper-receipts-heading">
      <h3 id="paper-receipts-heading" tabindex="-1">${i18n.t('paper.receiptsTitle', { n: this.receipts.length })}</h3>
      <p>${i18n.t('paper.receiptsLead')}</p>
      <ol class="receipts">
        ${this.receipts.map((r) => html`<li><code>${r.receiptCode}</code></li>`)}
      </ol>
    </section>`;
  }
}
