import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { noteIn, type AdminProposal, type AuditEntry, type ProposalStatus, type StatusChange } from '../contract/index.js';
import { needsPublicReason, statusChangeRefusal } from '../domain/status-change.js';
import { windowState } from '../domain/phase.js';
import { toCentreError, type CentreError } from './api.js';
import { CouncilPanels } from './council-panels.js';
import { LANGUAGES, categoryName, districtName, poolName, statusName } from './labels.js';
import type { CentreContext } from './section.js';

/** Statuses the status form sets; `merged` and `on_ballot` have their own forms (they carry a target or a pool). */
export const SETTABLE: readonly ProposalStatus[] = ['under_review', 'needs_changes', 'accepted', 'rejected', 'withdrawn', 'winner', 'not_funded', 'in_progress', 'implemented'];


/**
 * Whether this proposal is on a ballot that is fixed: it has a pool and voting has started. The server then refuses
 * whatever would take it out of the count (a status off the ballot, hiding) or change it (its cost, showing it again).
 */
function onFixedBallot(ctx: CentreContext, p: AdminProposal): boolean {
  return p.poolId !== undefined && windowState(ctx.config.cycle, 'voting', new Date(ctx.config.serverTime)) !== 'before';
}

export interface CostChange {
  at: string;
  actor: string;
  cost: number;
  note?: string;
}

/** A proposal's cost changes, oldest first, from the audit log (cost edits and placing on the ballot with a cost). */
export function costHistory(entries: readonly AuditEntry[], id: string): CostChange[] {
  const out: CostChange[] = [];
  for (const e of entries) {
    if (e.target !== id || (e.action !== 'proposal.cost' && e.action !== 'proposal.ballot')) continue;
    const request = (e.details as { request?: { finalCost?: unknown; note?: unknown } }).request;
    if (typeof request?.finalCost !== 'number') continue;
    out.push({ at: e.at, actor: e.actor, cost: request.finalCost, ...(typeof request.note === 'string' ? { note: request.note } : {}) });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

type AuditState = { status: 'loading' } | { status: 'ready'; entries: AuditEntry[] } | { status: 'error'; error: CentreError };

/** Reads a form's named fields as trimmed strings. */
function fields(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form)) if (typeof v === 'string') out[k] = v.trim();
  return out;
}

/**
 * The review of one proposal: what the author sent (text, photos, place,
 * cost), its history, and the council's actions on it — status with a public
 * note, final cost with its history, the ballot, a merge, moderation.
 */
export class ReviewView {
  private audit: AuditState = { status: 'loading' };
  private id = '';
  /** The status chosen in the status form and not saved yet (it decides whether the note is required). */
  private statusChoice: ProposalStatus | null = null;
  /** The status was sent without the public note it needs: the note is marked until it is written. */
  private noteMissing = false;
  private readonly council: CouncilPanels;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly onClose: () => void,
  ) {
    this.council = new CouncilPanels(host);
  }

  reset(): void {
    this.id = '';
    this.statusChoice = null;
    this.noteMissing = false;
    this.audit = { status: 'loading' };
    this.council.reset();
  }

  opened(ctx: CentreContext, id: string): void {
    this.id = id;
    this.statusChoice = null;
    this.noteMissing = false;
    this.council.opened(ctx, id);
    // The cost history comes from the audit log, which only coordinators read.
    if (ctx.signed.role === 'coordinator') void this.loadAudit(ctx, id);
  }

  /** Loads this proposal's parts again, keeping what is shown until the answers arrive. */
  async refreshed(ctx: CentreContext): Promise<void> {
    await Promise.all([this.council.reload(ctx), ctx.signed.role === 'coordinator' ? this.loadAudit(ctx, this.id, false) : undefined]);
  }

  private async loadAudit(ctx: CentreContext, id: string, blank = true): Promise<void> {
    if (blank) {
      this.audit = { status: 'loading' };
      this.host.requestUpdate();
    }
    try {
      const page = await ctx.api.audit(ctx.city, null, 500);
      if (this.id === id) this.audit = { status: 'ready', entries: page.items };
    } catch (error) {
      if (this.id === id) this.audit = { status: 'error', error: toCentreError(error) };
    }
    this.host.requestUpdate();
  }

  /** After a change: show the server's answer, reload the city, refresh the cost history. */
  private async changed(ctx: CentreContext, p: AdminProposal, form?: HTMLFormElement): Promise<void> {
    ctx.replaceProposal(p);
    form?.reset();
    this.statusChoice = null;
    await ctx.reload();
    void this.loadAudit(ctx, this.id);
  }

  render(ctx: CentreContext, p: AdminProposal): TemplateResult {
    const { i18n } = ctx;
    return html`<article class="stack review" aria-labelledby="review-heading">
      <p><button type="button" class="link" @click=${this.onClose}>← ${i18n.t('review.back')}</button></p>
      <h2 id="review-heading" tabindex="-1" class="user-text">${p.title}</h2>
      ${this.renderFacts(ctx, p)}
      <section class="stack" aria-labelledby="description-heading">
        <h3 id="description-heading">${i18n.t('review.description')}</h3>
        <p class="user-text pre">${p.description}</p>
      </section>
      ${this.renderPhotos(ctx, p)} ${this.council.renderVersions(ctx)} ${this.renderHistory(ctx, p)}
      ${ctx.signed.role === 'expert'
        ? this.council.renderExpert(ctx, p)
        : html`${this.council.renderCoordinator(ctx, p)}
          ${p.status === 'merged' ? ctx.actions.message(`merge-${p.id}`) : html`${this.renderStatusForm(ctx, p)} ${this.renderCostForm(ctx, p)} ${this.renderBallotForm(ctx, p)} ${this.renderMergeForm(ctx, p)}`}
          ${this.renderModeration(ctx, p)}`}
    </article>`;
  }

  private renderFacts(ctx: CentreContext, p: AdminProposal): TemplateResult {
    const { i18n, config, locale } = ctx;
    const district = districtName(config, p.district, locale);
    const pool = poolName(config, p.poolId, locale);
    const target = p.mergedInto ? ctx.proposals.find((x) => x.id === p.mergedInto) : undefined;
    return html`<dl class="facts-list">
      <div><dt>${i18n.t('review.status')}</dt><dd><span class=${`badge status-${p.status}`}>${statusName(i18n, p.status)}</span>
        ${p.hidden ? html`<span class="badge warn">${i18n.t('card.hidden')}</span>` : nothing}
        ${p.published ? nothing : html`<span class="badge warn">${i18n.t('card.unpublished')}</span>`}</dd></div>
      ${p.reference ? html`<div><dt>${i18n.t('review.reference')}</dt><dd><bdi>${p.reference}</bdi></dd></div>` : nothing}
      ${target ? html`<div><dt>${i18n.t('review.mergedInto')}</dt><dd class="user-text">${target.title}</dd></div>` : nothing}
      <div><dt>${i18n.t('review.category')}</dt><dd>${categoryName(config, p.category, locale)}</dd></div>
      ${district ? html`<div><dt>${i18n.t('review.district')}</dt><dd>${district}</dd></div>` : nothing}
      <div><dt>${i18n.t('review.address')}</dt><dd class="user-text">${p.address}</dd></div>
      <div><dt>${i18n.t('review.point')}</dt><dd>${p.point
        ? html`${i18n.t('review.coordinates', { lat: p.point.lat.toFixed(5), lng: p.point.lng.toFixed(5) })}
            <a href=${`https://www.openstreetmap.org/?mlat=${p.point.lat}&mlon=${p.point.lng}#map=18/${p.point.lat}/${p.point.lng}`} target="_blank" rel="noopener noreferrer">${i18n.t('review.map')}</a>`
        : i18n.t('review.noPoint')}</dd></div>
      <div><dt>${i18n.t('review.author')}</dt><dd class="user-text">${p.authorName}</dd></div>
      <div><dt>${i18n.t('review.estimated')}</dt><dd>${i18n.money(p.estimatedCost)}</dd></div>
      ${p.finalCost !== undefined ? html`<div><dt>${i18n.t('review.final')}</dt><dd>${i18n.money(p.finalCost)}</dd></div>` : nothing}
      ${pool ? html`<div><dt>${i18n.t('review.pool')}</dt><dd>${pool}</dd></div>` : nothing}
      <div><dt>${i18n.t('review.votes')}</dt><dd>${i18n.number(p.votes)}</dd></div>
      <div><dt>${i18n.t('review.submitted')}</dt><dd>${i18n.dateTime(p.createdAt, config.city.timeZone)}</dd></div>
    </dl>`;
  }

  private renderPhotos(ctx: CentreContext, p: AdminProposal): TemplateResult {
    const { i18n } = ctx;
    return html`<section class="stack" aria-labelledby="photos-heading">
      <h3 id="photos-heading">${i18n.t('review.photos')}</h3>
      ${p.photos.length === 0
        ? html`<p class="muted">${i18n.t('review.noPhotos')}</p>`
        : html`<ul class="photos">
            ${p.photos.map(
              (photo, i) => html`<li>
                <a href=${photo.url} target="_blank" rel="noopener noreferrer">
                  <img src=${photo.url} width=${photo.width} height=${photo.height} loading="lazy" alt=${i18n.t('review.photoAlt', { n: i + 1, total: p.photos.length })} />
                </a>
                ${photo.name ? html`<span class="muted user-text">${photo.name}</span>` : nothing}
              </li>`,
            )}
          </ul>`}
    </section>`;
  }

  private renderHistory(ctx: CentreContext, p: AdminProposal): TemplateResult {
    const { i18n, config } = ctx;
    return html`<section class="stack" aria-labelledby="history-heading">
      <h3 id="history-heading">${i18n.t('review.history')}</h3>
      <ol class="history">
        ${p.history.map(
          (h) => html`<li>
            <span>${i18n.dateTime(h.at, config.city.timeZone)}</span> · <strong>${statusName(i18n, h.status)}</strong>
            ${this.renderNote(ctx, h)}
          </li>`,
        )}
      </ol>
    </section>`;
  }

  /**
   * A history note: written per language, the words in the reader's language, the others (as the authors and
   * residents read them) one click away; else the one text.
   */
  private renderNote(ctx: CentreContext, h: StatusChange): TemplateResult | typeof nothing {
    if (!h.note) return nothing;
    const { i18n, locale } = ctx;
    const own = h.notes?.[locale];
    const others = LANGUAGES.filter((l) => l.locale !== locale && h.notes?.[l.locale] !== undefined);
    if (own === undefined || others.length === 0) return html`<p class="user-text pre">${noteIn(locale, h.note, h.notes)}</p>`;
    return html`<p class="user-text pre" lang=${locale}>${own}</p>
      <details class="other-languages">
        <summary>${i18n.t('review.noteOtherLanguages')}</summary>
        ${others.map((l) => html`<p class="user-text pre" lang=${l.locale}><strong>${l.name}:</strong> ${h.notes![l.locale]}</p>`)}
      </details>`;
  }

  private renderStatusForm(ctx: CentreContext, p: AdminProposal): TemplateResult {
    const { i18n, actions } = ctx;
    const key = `status-${p.id}`;
    // The server refuses any status change of a cancelled project (409): its implementation record was closed with a public reason.
    if (p.status === 'cancelled')
      return html`<section class="card stack" aria-labelledby="status-heading">
        <h3 id="status-heading">${i18n.t('status.title')}</h3>
        <p class="notice" id="status-locked">${i18n.t('status.cancelledLocked')}</p>
      </section>`;
    // Only what the server would accept for this proposal now (the same rule, domain/status-change.ts): on a fixed
    // ballot only the ballot's own statuses (the count stays; the results show the decision next to it), off the
    // ballot none of them.
    const ballotFixed = windowState(ctx.config.cycle, 'voting', new Date(ctx.config.serverTime)) !== 'before';
    const fixed = onFixedBallot(ctx, p);
    const offered = SETTABLE.filter((s) => statusChangeRefusal(p, s, ballotFixed) === null);
    const chosen = this.statusChoice && offered.includes(this.statusChoice) ? this.statusChoice : offered.includes(p.status) ? p.status : offered[0]!;
    const reasoned = needsPublicReason(chosen);
    const missing = this.noteMissing && reasoned;
    const noteMissing = async () => {
      this.noteMissing = true;
      this.host.requestUpdate();
      await this.host.updateComplete;
      this.host.shadowRoot?.querySelector<HTMLElement>('#status-note')?.focus();
    };
    const submit = (e: Event) => {
      e.preventDefault();
      const form = e.currentTarget as HTMLFormElement;
      const f = fields(form);
      const status = f.status as ProposalStatus;
      // The server refuses it without its public reason: said at the note, naming it, before anything is sent.
      if (needsPublicReason(status) && !f.note) {
        actions.clear(key);
        void noteMissing();
        return;
      }
      this.noteMissing = false;
      void actions
        .run(key, async () => this.changed(ctx, await ctx.api.setStatus(ctx.city, p.id, { status, ...(f.note ? { note: f.note } : {}) }), form), () => i18n.t('status.saved'))
        .then(() => {
          if (actions.error(key)?.issues.some((i) => i.path[0] === 'note')) {
            this.noteMissing = true;
            this.host.requestUpdate();
          }
        });
    };
    const noteDescribedBy = ['status-note-hint', reasoned ? 'status-note-required' : '', missing ? 'status-note-error' : ''].filter(Boolean).join(' ');
    const chosenName = statusName(i18n, chosen);
    return html`<section class="card stack" aria-labelledby="status-heading">
      <h3 id="status-heading">${i18n.t('status.title')}</h3>
      <form class="stack" @submit=${submit}>
        <div class="field">
          <label for="status-select">${i18n.t('status.field')}</label>
          <select
            id="status-select"
            name="status"
            aria-describedby=${fixed ? 'status-fixed' : nothing}
            @change=${(e: Event) => {
              this.statusChoice = (e.target as HTMLSelectElement).value as ProposalStatus;
              this.host.requestUpdate();
            }}
          >
            ${offered.map((s) => html`<option value=${s} ?selected=${s === chosen}>${statusName(i18n, s)}</option>`)}
          </select>
          ${fixed ? html`<span class="hint" id="status-fixed">${i18n.t('ballot.frozen')}</span>` : nothing}
        </div>
        <div class="field">
          <label for="status-note">${i18n.t('status.note')}</label>
          <textarea
            id="status-note"
            name="note"
            rows="3"
            maxlength="2000"
            aria-required=${reasoned ? 'true' : 'false'}
            aria-invalid=${missing ? 'true' : nothing}
            aria-describedby=${noteDescribedBy}
            @input=${() => {
              if (!this.noteMissing) return;
              this.noteMissing = false;
              this.host.requestUpdate();
            }}
          ></textarea>
          ${reasoned ? html`<span class="hint" id="status-note-required">${i18n.t('status.noteRequired', { status: chosenName })}</span>` : nothing}
          <span class="hint" id="status-note-hint">${i18n.t('status.noteHint')}</span>
          ${missing ? html`<p class="field-error" id="status-note-error">${i18n.t('status.noteMissing', { field: i18n.t('status.note'), status: chosenName })}</p>` : nothing}
        </div>
        ${actions.control(key, i18n.t('status.save'), null, { type: 'submit', primary: true })}
      </form>
    </section>`;
  }

  private renderCostForm(ctx: CentreContext, p: AdminProposal): TemplateResult {
    const { i18n, actions } = ctx;
    const key = `cost-${p.id}`;
    const frozen = onFixedBallot(ctx, p);
    const submit = (e: Event) => {
      e.preventDefault();
      const form = e.currentTarget as HTMLFormElement;
      const f = fields(form);
      void actions.run(
        key,
        async () => this.changed(ctx, await ctx.api.setCost(ctx.city, p.id, { finalCost: Number(f.finalCost), ...(f.note ? { note: f.note } : {}) }), form),
        () => i18n.t('cost.saved'),
      );
    };
    return html`<section class="card stack" aria-labelledby="cost-heading">
      <h3 id="cost-heading">${i18n.t('cost.title')}</h3>
      ${this.renderCostHistory(ctx, p)}
      ${frozen
        ? html`<p class="notice">${i18n.t('ballot.frozen')}</p>`
        : html`<form class="stack" @submit=${submit}>
            <div class="field">
              <label for="cost-value">${i18n.t('cost.field')}</label>
              <input id="cost-value" name="finalCost" type="number" min="1" step="1" inputmode="numeric" required />
            </div>
            <div class="field">
              <label for="cost-note">${i18n.t('cost.note')}</label>
              <textarea id="cost-note" name="note" rows="2" maxlength="2000" aria-describedby="cost-note-hint"></textarea>
              <span class="hint" id="cost-note-hint">${i18n.t('cost.noteHint')}</span>
            </div>
            ${actions.control(key, i18n.t('cost.save'), null, { type: 'submit' })}
          </form>`}
    </section>`;
  }

  private renderCostHistory(ctx: CentreContext, p: AdminProposal): TemplateResult {
    const { i18n, config } = ctx;
    if (this.audit.status === 'loading') return html`<p class="muted" aria-busy="true">${i18n.t('loading')}</p>`;
    if (this.audit.status === 'error') return html`<p class="field-error">${i18n.t('cost.historyFailed')}</p>`;
    const changes = costHistory(this.audit.entries, p.id);
    return html`<div class="stack">
      <h4 id="cost-history-heading">${i18n.t('cost.history')}</h4>
      <ol class="history" aria-labelledby="cost-history-heading">
        <li>${i18n.dateTime(p.createdAt, config.city.timeZone)} · ${i18n.t('cost.estimatedEntry', { cost: i18n.money(p.estimatedCost), name: p.authorName })}</li>
        ${changes.map(
          (c) => html`<li>
            ${i18n.dateTime(c.at, config.city.timeZone)} · ${i18n.t('cost.changeEntry', { cost: i18n.money(c.cost), who: c.actor })}
            ${c.note ? html`<p class="user-text pre">${c.note}</p>` : nothing}
          </li>`,
        )}
      </ol>
    </div>`;
  }

  private renderBallotForm(ctx: CentreContext, p: AdminProposal): TemplateResult {
    const { i18n, actions, config, locale } = ctx;
    const key = `ballot-${p.id}`;
    const frozen = windowState(config.cycle, 'voting', new Date(config.serverTime)) !== 'before';
    const submit = (e: Event) => {
      e.preventDefault();
      const form = e.currentTarget as HTMLFormElement;
      const f = fields(form);
      void actions.run(
        key,
        async () => this.changed(ctx, await ctx.api.placeOnBallot(ctx.city, p.id, { poolId: f.poolId!, ...(f.finalCost ? { finalCost: Number(f.finalCost) } : {}), ...(f.note ? { note: f.note } : {}) }), form),
        () => i18n.t('ballot.saved'),
      );
    };
    return html`<section class="card stack" aria-labelledby="ballot-heading">
      <h3 id="ballot-heading">${i18n.t('ballot.title')}</h3>
      ${frozen
        ? html`<p class="notice">${i18n.t('ballot.frozen')}</p>`
        : html`<form class="stack" @submit=${submit}>
            <div class="field">
              <label for="ballot-pool">${i18n.t('ballot.pool')}</label>
              <select id="ballot-pool" name="poolId">
                ${config.cycle.pools.map(
                  (pool) => html`<option value=${pool.id} ?selected=${pool.id === p.poolId}>
                    ${i18n.t('ballot.poolOption', { name: poolName(config, pool.id, locale)!, cap: i18n.money(Math.min(pool.costCap ?? pool.budget, pool.budget)) })}
                  </option>`,
                )}
              </select>
            </div>
            <div class="field">
              <label for="ballot-cost">${i18n.t('ballot.cost')}</label>
              <input id="ballot-cost" name="finalCost" type="number" min="1" step="1" inputmode="numeric" aria-describedby="ballot-cost-hint" />
              <span class="hint" id="ballot-cost-hint">${i18n.t('ballot.costHint', { cost: i18n.money(p.finalCost ?? p.estimatedCost) })}</span>
            </div>
            <div class="field">
              <label for="ballot-note">${i18n.t('ballot.note')}</label>
              <textarea id="ballot-note" name="note" rows="2" maxlength="2000"></textarea>
            </div>
            ${actions.control(key, i18n.t('ballot.save'), null, { type: 'submit' })}
          </form>`}
    </section>`;
  }

  private renderMergeForm(ctx: CentreContext, p: AdminProposal): TemplateResult {
    const { i18n, actions, config, locale } = ctx;
    const key = `merge-${p.id}`;
    // Once voting has started the server refuses a merge that touches the ballot (this proposal or its target on it).
    const frozen = windowState(config.cycle, 'voting', new Date(config.serverTime)) !== 'before';
    if (frozen && p.poolId !== undefined)
      return html`<section class="card stack" aria-labelledby="merge-heading">
        <h3 id="merge-heading">${i18n.t('merge.title')}</h3>
        <p class="notice">${i18n.t('merge.frozen')}</p>
      </section>`;
    const targets = ctx.proposals
      .filter((x) => x.id !== p.id && x.status !== 'merged' && x.status !== 'withdrawn' && !(frozen && x.poolId !== undefined))
      .sort((a, b) => a.title.localeCompare(b.title, locale));
    const submit = (e: Event) => {
      e.preventDefault();
      const form = e.currentTarget as HTMLFormElement;
      const f = fields(form);
      const target = ctx.proposals.find((x) => x.id === f.into);
      void actions
        .run(
          key,
          async () => this.changed(ctx, await ctx.api.merge(ctx.city, p.id, { into: f.into!, ...(f.note ? { note: f.note } : {}) }), form),
          () => i18n.t('merge.done', { title: target?.title ?? '' }),
        )
        .then(() => {
          // The merge form is gone with the merge: the focus goes to the proposal's heading, the result under it.
          if (!actions.error(key)) this.host.shadowRoot?.querySelector<HTMLElement>('#review-heading')?.focus();
        });
    };
    return html`<section class="card stack" aria-labelledby="merge-heading">
      <h3 id="merge-heading">${i18n.t('merge.title')}</h3>
      <p class="muted" id="merge-lead">${i18n.t('merge.lead')}${frozen ? html` ${i18n.t('merge.frozenTargets')}` : nothing}</p>
      <form class="stack" @submit=${submit}>
        <div class="field">
          <label for="merge-target">${i18n.t('merge.target')}</label>
          <select id="merge-target" name="into" required aria-describedby="merge-lead">
            <option value="">${i18n.t('merge.choose')}</option>
            ${targets.map(
              (x) => html`<option value=${x.id}>${i18n.t('merge.option', { title: x.title, author: x.authorName, status: statusName(i18n, x.status), category: categoryName(config, x.category, locale) })}</option>`,
            )}
          </select>
        </div>
        <div class="field">
          <label for="merge-note">${i18n.t('merge.reason')}</label>
          <textarea id="merge-note" name="note" rows="3" maxlength="2000" aria-describedby="merge-note-hint"></textarea>
          <span class="hint" id="merge-note-hint">${i18n.t('merge.reasonHint')}</span>
        </div>
        ${actions.control(key, i18n.t('merge.save'), null, { type: 'submit' })}
      </form>
    </section>`;
  }

  private renderModeration(ctx: CentreContext, p: AdminProposal): TemplateResult {
    const { i18n, actions } = ctx;
    const hideKey = `hide-${p.id}`;
    const publishKey = `publish-${p.id}`;
    const reason = () => (this.host.shadowRoot?.querySelector<HTMLInputElement>('#moderation-reason')?.value.trim() ?? '').slice(0, 500);
    // A project of a fixed ballot can be neither hidden nor shown again (the server refuses both): only publishing is left.
    const fixed = onFixedBallot(ctx, p);
    return html`<section class="card stack" aria-labelledby="moderation-heading">
      <h3 id="moderation-heading">${i18n.t('moderation.title')}</h3>
      <div class="field">
        <label for="moderation-reason">${i18n.t('moderation.reason')}</label>
        <input id="moderation-reason" type="text" maxlength="500" aria-describedby="moderation-reason-hint" />
        <span class="hint" id="moderation-reason-hint">${i18n.t('moderation.reasonHint')}</span>
      </div>
      ${fixed ? html`<p class="notice" id="moderation-fixed">${i18n.t('ballot.frozen')}</p>` : nothing}
      <div class="actions-row">
        ${fixed
          ? nothing
          : actions.control(hideKey, p.hidden ? i18n.t('moderation.show') : i18n.t('moderation.hide'), () => {
              const why = reason();
              void actions.run(hideKey, async () => this.changed(ctx, await ctx.api.visibility(ctx.city, p.id, { hidden: !p.hidden, ...(why ? { reason: why } : {}) })), () => i18n.t('moderation.saved'));
            })}
        ${actions.control(publishKey, p.published ? i18n.t('moderation.unpublish') : i18n.t('moderation.publish'), () => {
          const why = reason();
          void actions.run(publishKey, async () => this.changed(ctx, await ctx.api.visibility(ctx.city, p.id, { published: !p.published, ...(why ? { reason: why } : {}) })), () => i18n.t('moderation.saved'));
        })}
      </div>
    </section>`;
  }
}
