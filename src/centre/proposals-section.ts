import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { AdminProposal, Assignment, ProposalStatus } from '../contract/index.js';
import { adminMatches } from '../domain/admin-proposal-list.js';
import { renderCouncilFailed } from './council-panels.js';
import { categoryName, districtName, statusName } from './labels.js';
import { ReviewView } from './review-view.js';
import type { CentreContext, CentreSection } from './section.js';

/** The review queue: proposals still waiting for the council's decision. */
export const AWAITING: readonly ProposalStatus[] = ['submitted', 'under_review', 'needs_changes'];
const QUEUE_ORDER: readonly ProposalStatus[] = ['submitted', 'under_review', 'needs_changes', 'accepted', 'on_ballot', 'rejected', 'merged', 'withdrawn', 'winner', 'not_funded', 'in_progress', 'implemented', 'cancelled'];

type Queue = 'mine' | 'awaiting' | 'all' | ProposalStatus;


export function inQueue(p: AdminProposal, queue: Queue, mine: ReadonlySet<string> = new Set()): boolean {
  if (queue === 'all') return true;
  if (queue === 'mine') return mine.has(p.id);
  if (queue === 'awaiting') return AWAITING.includes(p.status);
  return p.status === queue;
}

/**
 * Proposals: queues by status, a search, cards that open the review of one
 * proposal (its photos, place, history, and the council's actions on it).
 */
export class ProposalsSection implements CentreSection {
  readonly id = 'proposals';
  private queue: Queue | null = null;
  private query = '';
  /** Coordinators: only the proposals assigned to this expert (staff id), or every one. */
  private expert = '';
  private readonly review: ReviewView;
  /** The proposal whose review is open, if any. */
  private openId: string | null = null;
  /** The card to return the focus to when the review closes. */
  private lastOpened: string | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    this.review = new ReviewView(host, () => this.close());
  }

  label(ctx: CentreContext): string {
    return ctx.i18n.t('nav.proposals');
  }

  open(ctx: CentreContext, detail?: string): void {
    if (detail) this.show(ctx, detail);
  }

  reset(): void {
    this.openId = null;
    this.queue = null;
    this.query = '';
    this.expert = '';
    this.review.reset();
  }

  async refreshed(ctx: CentreContext): Promise<void> {
    if (this.openId) await this.review.refreshed(ctx);
  }

  private show(ctx: CentreContext, id: string): void {
    this.openId = id;
    this.lastOpened = id;
    this.review.opened(ctx, id);
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.focus('#review-heading'));
  }

  private close(): void {
    this.openId = null;
    this.host.requestUpdate();
    const id = this.lastOpened;
    void this.host.updateComplete.then(() => this.focus(id ? `#open-${CSS.escape(id)}` : '#proposals-heading'));
  }

  private focus(selector: string): void {
    this.host.shadowRoot?.querySelector<HTMLElement>(selector)?.focus();
  }

  render(ctx: CentreContext): TemplateResult {
    const open = this.openId ? ctx.proposals.find((p) => p.id === this.openId) : undefined;
    if (open) return this.review.render(ctx, open);
    return this.renderQueue(ctx);
  }

  private renderQueue(ctx: CentreContext): TemplateResult {
    const { i18n } = ctx;
    const expertView = ctx.signed.role === 'expert';
    const assignments = ctx.council.ready?.assignments ?? [];
    // An expert's own assignments (the server answers only theirs); a coordinator's filter by expert.
    const mine = new Set(assignments.filter((a) => expertView || (this.expert !== '' && a.staffId === this.expert)).map((a) => a.proposalId));
    const queue: Queue = this.queue ?? (expertView ? 'mine' : 'awaiting');
    const counts = new Map<Queue, number>([['mine', mine.size], ['awaiting', 0], ['all', ctx.proposals.length]]);
    for (const p of ctx.proposals) {
      counts.set(p.status, (counts.get(p.status) ?? 0) + 1);
      if (AWAITING.includes(p.status)) counts.set('awaiting', counts.get('awaiting')! + 1);
    }
    const queues: Queue[] = [...(expertView ? (['mine'] as const) : []), 'awaiting', ...QUEUE_ORDER.filter((s) => (counts.get(s) ?? 0) > 0), 'all'];
    const byExpert = !expertView && this.expert !== '';
    const shown = ctx.proposals.filter((p) => inQueue(p, queue, mine) && (!byExpert || mine.has(p.id)) && adminMatches(p, this.query));
    // The council's data never loaded: whose proposals are whose is not known, so "mine" and the expert filter say so, not 0.
    const unknown = ctx.council.state.status === 'error' && (queue === 'mine' || byExpert);
    const queueName = (q: Queue) => (q === 'mine' ? i18n.t('queue.mine') : q === 'awaiting' ? i18n.t('queue.awaiting') : q === 'all' ? i18n.t('queue.all') : statusName(i18n, q));
    const experts = ctx.council.ready?.staff.filter((s) => s.role === 'expert') ?? [];
    return html`<section class="stack" aria-labelledby="proposals-heading">
      <h2 id="proposals-heading" tabindex="-1">${i18n.t('proposals.title')}</h2>
      <div class="queues" role="group" aria-label=${i18n.t('queue.label')}>
        ${queues.map(
          (q) => html`<button
            type="button"
            class="chip"
            aria-pressed=${queue === q ? 'true' : 'false'}
            @click=${() => {
              this.queue = q;
              this.host.requestUpdate();
            }}
          >
            ${queueName(q)} ${q === 'mine' && ctx.council.state.status !== 'ready' ? nothing : html`<span class="count">${i18n.number(counts.get(q) ?? 0)}</span>`}
          </button>`,
        )}
      </div>
      ${!expertView && experts.length
        ? html`<div class="field">
            <label for="by-expert">${i18n.t('queue.expert')}</label>
            <select
              id="by-expert"
              @change=${(e: Event) => {
                this.expert = (e.target as HTMLSelectElement).value;
                this.host.requestUpdate();
              }}
            >
              <option value="" ?selected=${this.expert === ''}>${i18n.t('queue.anyExpert')}</option>
              ${experts.map((x) => html`<option value=${x.id} ?selected=${this.expert === x.id}>${x.name} — ${x.organisation}</option>`)}
            </select>
          </div>`
        : nothing}
      <div class="field search">
        <label for="search">${i18n.t('search.label')}</label>
        <input
          id="search"
          type="search"
          autocomplete="off"
          aria-describedby="search-hint"
          .value=${this.query}
          @input=${(e: Event) => {
            this.query = (e.target as HTMLInputElement).value;
            this.host.requestUpdate();
          }}
        />
        <span class="hint" id="search-hint">${i18n.t('search.hint')}</span>
      </div>
      ${unknown ? renderCouncilFailed(ctx, 'queue', i18n.t('council.queueFailed'), ['#proposals-heading']) : nothing}
      <p class="muted" role="status">${unknown ? '' : i18n.t('queue.shown', { n: shown.length, queue: queueName(queue) })}</p>
      ${unknown
        ? nothing
        : shown.length === 0
        ? html`<p class="notice">${this.query.trim() ? i18n.t('queue.noMatch', { query: this.query.trim() }) : i18n.t('queue.empty')}</p>`
        : html`<ul class="cards" aria-labelledby="proposals-heading">
            ${repeat(shown, (p) => p.id, (p) => this.renderCard(ctx, p, assignments.filter((a) => a.proposalId === p.id)))}
          </ul>`}
    </section>`;
  }

  private renderCard(ctx: CentreContext, p: AdminProposal, assigned: readonly Assignment[]): TemplateResult {
    const { i18n, config, locale } = ctx;
    const district = districtName(config, p.district, locale);
    const cost = p.finalCost ?? p.estimatedCost;
    return html`<li class="card proposal">
      <h3>
        <button type="button" class="link title user-text" id=${`open-${p.id}`} @click=${() => this.show(ctx, p.id)}>${p.title}</button>
      </h3>
      <p class="facts">
        <span class=${`badge status-${p.status}`}>${statusName(i18n, p.status)}</span>
        <span>${categoryName(config, p.category, locale)}</span>
        ${district ? html`<span>${district}</span>` : nothing}
        <span>${i18n.money(cost)}${p.finalCost !== undefined ? html` <span class="muted">(${i18n.t('cost.finalShort')})</span>` : nothing}</span>
        <span>${i18n.t('card.votes', { n: p.votes })}</span>
        ${p.hidden ? html`<span class="badge warn">${i18n.t('card.hidden')}</span>` : nothing}
        ${p.published ? nothing : html`<span class="badge warn">${i18n.t('card.unpublished')}</span>`}
      </p>
      ${assigned.length
        ? html`<p class="muted">
            ${ctx.signed.role === 'expert'
              ? i18n.t(`assignment.${assigned[0]!.state}`)
              : assigned.map((a) => `${a.expertName}: ${i18n.t(`assignment.${a.state}`)}`).join(' · ')}
          </p>`
        : nothing}
      <p class="muted"><span class="user-text">${i18n.t('card.author', { name: p.authorName })}</span> · ${i18n.date(p.createdAt, config.city.timeZone)}${p.reference
        ? html` · ${i18n.t('card.reference')} <bdi>${p.reference}</bdi>`
        : nothing}</p>
    </li>`;
  }
}
