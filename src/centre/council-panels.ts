import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { AdminProposal, Assessment, AssessmentCriterion, AssessmentSummary, ProposalVersion, Recommendation } from '../contract/index.js';
import { RECOMMENDATIONS } from '../contract/index.js';
import { toCentreError, type CentreError } from './api.js';
import { actionId } from './action-controller.js';
import { categoryName, districtName } from './labels.js';
import type { CentreContext } from './section.js';

type Loaded<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'absent' } | { status: 'error'; error: CentreError };

function fields(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form)) if (typeof v === 'string') out[k] = v.trim();
  return out;
}

/** A criterion's scale as choices when short (1–5, 0–10), else a number field. */
const asChoices = (c: AssessmentCriterion) => c.max - c.min <= 10;

/**
 * The council's data (criteria, assignments, people) did not load: said where it is used, in place of what
 * could not be known ("nobody is assigned"), with a retry. When the retry works, the notice and its button go:
 * the focus goes to the first of `focusAfter` that is there.
 */
export function renderCouncilFailed(ctx: CentreContext, place: string, text: string, focusAfter: string[]): TemplateResult {
  const { actions, host } = ctx;
  const key = `council-retry-${place}`;
  const retry = () =>
    void actions
      .run(key, async () => {
        await ctx.council.retry();
        if (ctx.council.state.status === 'error') throw ctx.council.state.error;
      })
      .then(async () => {
        if (actions.error(key)) return;
        await host.updateComplete;
        const root = host.shadowRoot;
        if (root && !root.activeElement) focusAfter.map((s) => root.querySelector<HTMLElement>(s)).find(Boolean)?.focus();
      });
  return html`<div class="notice error stack">
    <p>${text}</p>
    ${actions.control(key, ctx.i18n.t('retry'), retry)}
  </div>`;
}

/**
 * The council's parts of a proposal's review: what the author changed
 * between versions; for an expert, their assessment (scores, recommendation,
 * private note) or a declared conflict of interest; for a coordinator, the
 * summary (who assessed, averages, disagreements), the experts assigned, and
 * the council's decision with its public reason and final cost.
 */
export class CouncilPanels {
  private id = '';
  private versions: Loaded<ProposalVersion[]> = { status: 'loading' };
  private summary: Loaded<AssessmentSummary> = { status: 'loading' };
  private mine: Loaded<Assessment> = { status: 'loading' };
  /** The proposal whose decision was sent without a public reason (its reason fields are marked until it is given). */
  private reasonMissing = '';
  /** The proposal whose expert asked to declare a conflict of interest: asked once more first (it is for good). */
  private confirmingConflict = '';

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {}

  reset(): void {
    this.id = '';
    this.reasonMissing = '';
    this.confirmingConflict = '';
  }

  opened(ctx: CentreContext, id: string): void {
    this.id = id;
    this.reasonMissing = '';
    this.confirmingConflict = '';
    this.versions = { status: 'loading' };
    this.summary = { status: 'loading' };
    this.mine = { status: 'loading' };
    void this.load(ctx, id, 'versions', () => ctx.api.versions(ctx.city, id).then((v) => v.items));
    this.refresh(ctx);
  }

  /** Loads the role's own parts again (after an action). */
  refresh(ctx: CentreContext): void {
    void this.loadOwn(ctx);
  }

  /** Everything again (the person asked for fresh data): the author may have resubmitted, other experts assessed. */
  async reload(ctx: CentreContext): Promise<void> {
    const id = this.id;
    if (!id) return;
    await Promise.all([this.load(ctx, id, 'versions', () => ctx.api.versions(ctx.city, id).then((v) => v.items)), this.loadOwn(ctx)]);
  }

  private async loadOwn(ctx: CentreContext): Promise<void> {
    const id = this.id;
    if (!id) return;
    if (ctx.signed.role === 'coordinator') await this.load(ctx, id, 'summary', () => ctx.api.summary(ctx.city, id));
    else await this.load(ctx, id, 'mine', () => ctx.api.myAssessment(ctx.city, id));
  }

  private async load<K extends 'versions' | 'summary' | 'mine'>(ctx: CentreContext, id: string, key: K, get: () => Promise<unknown>): Promise<void> {
    let next: Loaded<unknown>;
    try {
      next = { status: 'ready', value: await get() };
    } catch (error) {
      const e = toCentreError(error);
      next = e.status === 404 || e.status === 403 ? { status: 'absent' } : { status: 'error', error: e };
      if (e.code === 'unauthorized') ctx.signedOut(e);
    }
    if (this.id !== id) return;
    (this as unknown as Record<K, Loaded<unknown>>)[key] = next;
    this.host.requestUpdate();
  }

  private async changed(ctx: CentreContext, form?: HTMLFormElement): Promise<void> {
    form?.reset();
    await ctx.reload();
    this.refresh(ctx);
  }

  // ---------------------------------------------------------------- versions

  renderVersions(ctx: CentreContext): TemplateResult {
    const { i18n, config, locale } = ctx;
    if (this.versions.status !== 'ready' || this.versions.value.length < 2) return html``;
    const items = this.versions.value;
    const latest = items[items.length - 1]!;
    const before = items[items.length - 2]!;
    const show = (v: ProposalVersion, field: string): string => {
      const c = v.content as Record<string, unknown>;
      const value = c[field];
      if (field === 'category') return categoryName(config, String(value), locale);
      if (field === 'district') return districtName(config, value as string | undefined, locale) ?? '—';
      if (field === 'estimatedCost') return i18n.money(Number(value));
      if (field === 'point') return value ? `${(value as { lat: number }).lat.toFixed(5)}, ${(value as { lng: number }).lng.toFixed(5)}` : '—';
      if (field === 'photos') return i18n.t('versions.photos', { n: Array.isArray(value) ? value.length : 0 });
      return value === undefined ? '—' : String(value);
    };
    return html`<section class="card stack" aria-labelledby="versions-heading">
      <h3 id="versions-heading">${i18n.t('versions.title', { n: latest.n })}</h3>
      <p class="muted">${i18n.t('versions.lead', { date: i18n.dateTime(latest.at, config.city.timeZone) })}</p>
      ${latest.changed.length === 0
        ? html`<p>${i18n.t('versions.none')}</p>`
        : html`<dl class="diff">
            ${latest.changed.map(
              (f) => html`<div>
                <dt>${i18n.t(`field.${f}`)}</dt>
                <dd><span class="sr-only">${i18n.t('versions.before')}</span><del class="user-text pre">${show(before, f)}</del></dd>
                <dd><span class="sr-only">${i18n.t('versions.after')}</span><ins class="user-text pre">${show(latest, f)}</ins></dd>
              </div>`,
            )}
          </dl>`}
    </section>`;
  }

  // ---------------------------------------------------------------- expert

  renderExpert(ctx: CentreContext, p: AdminProposal): TemplateResult {
    const { i18n } = ctx;
    const assignment = ctx.council.assignmentsOf(p.id).find((a) => `staff:${a.staffId}` === ctx.signed.id || a.staffId === ctx.signed.id);
    const criteria = ctx.council.ready?.criteria ?? [];
    if (ctx.council.state.status === 'error') return renderCouncilFailed(ctx, 'assess', i18n.t('council.assessFailed'), ['#assess-heading', '#assess-not-assigned', '#review-heading']);
    if (ctx.council.state.status === 'loading') return html`<p class="muted" aria-busy="true">${i18n.t('loading')}</p>`;
    if (!assignment) return html`<p class="notice" id="assess-not-assigned" tabindex="-1">${i18n.t('assess.notAssigned')}</p>`;
    if (this.mine.status === 'loading') return html`<p class="muted" aria-busy="true">${i18n.t('loading')}</p>`;
    if (this.mine.status === 'error') return html`<p class="notice error">${i18n.t('assess.loadFailed')}</p>`;
    const mine = this.mine.status === 'ready' ? this.mine.value : null;
    if (mine?.state === 'conflict' || assignment.state === 'conflict')
      return html`<section class="card stack" aria-labelledby="assess-heading">
        <h3 id="assess-heading" tabindex="-1">${i18n.t('assess.title')}</h3>
        <p class="notice">${i18n.t('assess.conflictDeclared')}</p>
        ${ctx.actions.message(`conflict-${p.id}`)}
      </section>`;
    const key = `assess-${p.id}`;
    const submit = (e: Event) => {
      e.preventDefault();
      const form = e.currentTarget as HTMLFormElement;
      const f = fields(form);
      const scores: Record<string, number> = {};
      for (const c of criteria) if (f[`score-${c.id}`]) scores[c.id] = Number(f[`score-${c.id}`]);
      void ctx.actions.run(
        key,
        async () => {
          await ctx.api.assess(ctx.city, p.id, { scores, recommendation: f.recommendation as Recommendation, ...(f.note ? { note: f.note } : {}) });
          await ctx.reload();
          this.refresh(ctx);
        },
        () => i18n.t('assess.saved'),
      );
    };
    const conflictKey = `conflict-${p.id}`;
    const focus = (selector: string) => void this.host.updateComplete.then(() => this.host.shadowRoot?.querySelector<HTMLElement>(selector)?.focus());
    const declare = () => {
      const reason = this.host.shadowRoot?.querySelector<HTMLTextAreaElement>('#conflict-reason')?.value.trim() ?? '';
      void ctx.actions
        .run(
          conflictKey,
          async () => {
            await ctx.api.conflict(ctx.city, p.id, reason ? { reason } : {});
            this.confirmingConflict = '';
            await ctx.reload();
            this.refresh(ctx);
          },
          () => i18n.t('conflict.done'),
        )
        .then(() => {
          if (!ctx.actions.error(conflictKey)) focus('#assess-heading');
        });
    };
    // The declaration is for good, and deletes an assessment recorded: asked once more, saying so.
    const ask = () => {
      this.confirmingConflict = p.id;
      this.host.requestUpdate();
      focus('#conflict-confirm-heading');
    };
    const cancel = () => {
      this.confirmingConflict = '';
      this.host.requestUpdate();
      focus(`#${actionId(conflictKey)}`);
    };
    return html`<section class="card stack" aria-labelledby="assess-heading">
        <h3 id="assess-heading" tabindex="-1">${i18n.t('assess.title')}</h3>
        <p class="muted">${mine?.state === 'assessed' ? i18n.t('assess.recorded', { date: i18n.dateTime(mine.updatedAt ?? '', ctx.config.city.timeZone) }) : i18n.t('assess.lead')}</p>
        <form class="stack" @submit=${submit}>
          ${criteria.map((c) => this.renderCriterion(ctx, c, mine?.scores?.[c.id]))}
          <fieldset class="stack">
            <legend>${i18n.t('assess.recommendation')}</legend>
            ${RECOMMENDATIONS.map(
              (r) => html`<label class="choice"><input type="radio" name="recommendation" value=${r} required ?checked=${mine?.recommendation === r} /> ${i18n.t(`recommendation.${r}`)}</label>`,
            )}
          </fieldset>
          <div class="field">
            <label for="assess-note">${i18n.t('assess.note')}</label>
            <textarea id="assess-note" name="note" rows="4" maxlength="4000" aria-describedby="assess-note-hint" .value=${mine?.note ?? ''}></textarea>
            <span class="hint" id="assess-note-hint">${i18n.t('assess.noteHint')}</span>
          </div>
          ${ctx.actions.control(key, i18n.t('assess.save'), null, { type: 'submit', primary: true })}
        </form>
      </section>
      <section class="card stack" aria-labelledby="conflict-heading">
        <h3 id="conflict-heading">${i18n.t('conflict.title')}</h3>
        <p>${i18n.t('conflict.lead')}</p>
        <div class="field">
          <label for="conflict-reason">${i18n.t('conflict.reason')}</label>
          <textarea id="conflict-reason" rows="2" maxlength="500"></textarea>
        </div>
        ${this.confirmingConflict === p.id
          ? html`<div class="notice warning stack" role="group" aria-labelledby="conflict-confirm-heading">
              <h4 id="conflict-confirm-heading" tabindex="-1">${i18n.t('conflict.confirmTitle')}</h4>
              <p>
                ${mine?.state === 'assessed' && mine.updatedAt
                  ? i18n.t('conflict.confirmLead', { date: i18n.dateTime(mine.updatedAt, ctx.config.city.timeZone) })
                  : i18n.t('conflict.confirmLeadNone')}
              </p>
              <div class="row">
                ${ctx.actions.control(conflictKey, i18n.t(mine?.state === 'assessed' ? 'conflict.confirm' : 'conflict.confirmNone'), declare, { primary: true })}
                <button type="button" id="conflict-cancel" @click=${cancel}>${i18n.t('conflict.cancel')}</button>
              </div>
            </div>`
          : ctx.actions.control(conflictKey, i18n.t('conflict.declare'), ask)}
      </section>`;
  }

  private renderCriterion(ctx: CentreContext, c: AssessmentCriterion, value: number | undefined): TemplateResult {
    const { i18n, locale } = ctx;
    const id = `score-${c.id}`;
    if (!asChoices(c))
      return html`<div class="field">
        <label for=${id}>${c.label[locale]} (${c.min}–${c.max})</label>
        <input id=${id} name=${id} type="number" min=${c.min} max=${c.max} step="1" required .value=${value === undefined ? '' : String(value)} />
      </div>`;
    const steps = Array.from({ length: c.max - c.min + 1 }, (_, i) => c.min + i);
    return html`<fieldset class="scale">
      <legend>${c.label[locale]} <span class="muted">${i18n.t('assess.scale', { min: c.min, max: c.max })}</span></legend>
      <div class="row">
        ${steps.map((n) => html`<label class="choice"><input type="radio" name=${id} value=${n} required ?checked=${value === n} /> ${n}</label>`)}
      </div>
    </fieldset>`;
  }

  // ---------------------------------------------------------------- coordinator

  renderCoordinator(ctx: CentreContext, p: AdminProposal): TemplateResult {
    if (ctx.council.state.status === 'absent') return html``;
    return html`${this.renderSummary(ctx)} ${this.renderAssignments(ctx, p)} ${this.renderDecision(ctx, p)}`;
  }

  private renderSummary(ctx: CentreContext): TemplateResult {
    const { i18n, locale } = ctx;
    const s = this.summary;
    const body =
      s.status === 'loading'
        ? html`<p class="muted" aria-busy="true">${i18n.t('loading')}</p>`
        : s.status !== 'ready'
          ? html`<p class="notice">${i18n.t('summary.unavailable')}</p>`
          : html`<p>${i18n.t('summary.counts', { assigned: s.value.assigned, assessed: s.value.assessed, pending: s.value.pending, conflicts: s.value.conflicts })}</p>
              ${s.value.disagreement.any
                ? html`<p class="notice warning">
                    ${i18n.t('summary.disagreement')}
                    ${s.value.disagreement.recommendations ? i18n.t('summary.disagreeRecommendations') : nothing}
                    ${s.value.disagreement.criteria.length
                      ? i18n.t('summary.disagreeCriteria', { criteria: s.value.disagreement.criteria.map((id) => s.value.criteria.find((c) => c.id === id)?.label[locale] ?? id).join(', ') })
                      : nothing}
                  </p>`
                : nothing}
              <dl class="facts-list">
                ${s.value.criteria.map((c) => {
                  const avg = s.value.averages[c.id];
                  return html`<div><dt>${c.label[locale]}</dt><dd>${avg === null || avg === undefined ? '—' : i18n.t('summary.average', { avg: avg.toFixed(1), max: c.max })}</dd></div>`;
                })}
                <div><dt>${i18n.t('assess.recommendation')}</dt><dd>${RECOMMENDATIONS.map((r) => `${i18n.t(`recommendation.${r}`)}: ${s.value.recommendations[r]}`).join(' · ')}</dd></div>
              </dl>
              <ul class="cards">
                ${s.value.assessments.map(
                  (a) => html`<li class="card stack">
                    <p><strong class="user-text">${a.expertName}</strong> <span class="muted user-text">${a.organisation}</span></p>
                    <p><span class="badge">${i18n.t(`assignment.${a.state}`)}</span> ${a.recommendation ? i18n.t(`recommendation.${a.recommendation}`) : nothing}</p>
                    ${a.scores
                      ? html`<p>${s.value.criteria.map((c) => `${c.label[locale]}: ${a.scores![c.id] ?? '—'}`).join(' · ')}</p>`
                      : nothing}
                    ${a.note ? html`<p class="user-text pre"><span class="muted">${i18n.t('summary.privateNote')}</span> ${a.note}</p>` : nothing}
                    ${a.conflictReason ? html`<p class="user-text pre"><span class="muted">${i18n.t('summary.conflictReason')}</span> ${a.conflictReason}</p>` : nothing}
                  </li>`,
                )}
              </ul>
              ${s.value.decision
                ? html`<p class="notice">${i18n.t('summary.decided', { outcome: i18n.t(`recommendation.${s.value.decision.outcome}`), by: s.value.decision.decidedBy, date: i18n.dateTime(s.value.decision.decidedAt, ctx.config.city.timeZone) })}</p>`
                : nothing}`;
    return html`<section class="card stack" aria-labelledby="summary-heading">
      <h3 id="summary-heading">${i18n.t('summary.title')}</h3>
      ${body}
    </section>`;
  }

  private renderAssignments(ctx: CentreContext, p: AdminProposal): TemplateResult {
    const { i18n, actions } = ctx;
    const assigned = ctx.council.assignmentsOf(p.id);
    const free = ctx.council.experts().filter((e) => !assigned.some((a) => a.staffId === e.id));
    const key = `assign-${p.id}`;
    // What removing someone said: their row goes with the removal, so it is said (politely) under the list's heading.
    const listKey = `assigned-${p.id}`;
    const unassign = (a: (typeof assigned)[number]) => {
      const own = `unassign-${p.id}-${a.staffId}`;
      actions.clear(listKey);
      void actions.run(own, async () => this.changed(ctx, (await ctx.api.unassign(ctx.city, p.id, a.staffId), undefined))).then(async () => {
        if (actions.error(own)) return;
        actions.clear(own);
        actions.announce(listKey, i18n.t('assign.removed', { name: a.expertName }));
        // The row and its button are gone: the focus goes to the list's heading, which stays, not to the next person's button.
        await this.host.updateComplete;
        this.host.shadowRoot?.querySelector<HTMLElement>('#assign-heading')?.focus();
      });
    };
    const submit = (e: Event) => {
      e.preventDefault();
      const form = e.currentTarget as HTMLFormElement;
      const expert = fields(form).expert;
      if (!expert) return;
      actions.clear(listKey);
      void actions.run(key, async () => this.changed(ctx, (await ctx.api.assign(ctx.city, p.id, expert), form)), () => i18n.t('assign.done'));
    };
    if (ctx.council.state.status !== 'ready')
      return html`<section class="card stack" aria-labelledby="assign-heading">
        <h3 id="assign-heading" tabindex="-1">${i18n.t('assign.title')}</h3>
        ${ctx.council.state.status === 'error'
          ? renderCouncilFailed(ctx, 'assign', i18n.t('council.assignFailed'), ['#assign-heading'])
          : html`<p class="muted" aria-busy="true">${i18n.t('loading')}</p>`}
      </section>`;
    return html`<section class="card stack" aria-labelledby="assign-heading">
      <h3 id="assign-heading" tabindex="-1">${i18n.t('assign.title')}</h3>
      ${actions.message(listKey)}
      ${assigned.length === 0
        ? html`<p class="muted">${i18n.t('assign.none')}</p>`
        : html`<ul class="stack plain">
            ${repeat(
              assigned,
              (a) => a.staffId,
              (a) => html`<li class="row">
                <span class="user-text">${a.expertName}</span> <span class="muted user-text">(${a.organisation})</span>
                <span class="badge">${i18n.t(`assignment.${a.state}`)}</span>
                ${actions.control(`unassign-${p.id}-${a.staffId}`, i18n.t('assign.remove'), () => unassign(a), { ariaLabel: `${i18n.t('assign.remove')}: ${a.expertName}` })}
              </li>`,
            )}
          </ul>`}
      ${free.length
        ? html`<form class="stack" @submit=${submit}>
            <div class="field">
              <label for="assign-expert">${i18n.t('assign.expert')}</label>
              <select id="assign-expert" name="expert" required>
                <option value="">${i18n.t('assign.choose')}</option>
                ${free.map((e) => html`<option value=${e.id}>${e.name} — ${e.organisation}</option>`)}
              </select>
            </div>
            ${actions.control(key, i18n.t('assign.save'), null, { type: 'submit' })}
          </form>`
        : html`<p class="muted">${i18n.t('assign.noExperts')}</p>`}
    </section>`;
  }

  private renderDecision(ctx: CentreContext, p: AdminProposal): TemplateResult {
    const { i18n, actions, locale } = ctx;
    const key = `decision-${p.id}`;
    const missing = this.reasonMissing === p.id;
    const markMissing = async () => {
      this.reasonMissing = p.id;
      this.host.requestUpdate();
      await this.host.updateComplete;
      // The field in the person's language first: the one they are most likely to write.
      this.host.shadowRoot?.querySelector<HTMLElement>(locale === 'ru' ? '#decision-reason-ru' : '#decision-reason-kk')?.focus();
    };
    const submit = (e: Event) => {
      e.preventDefault();
      const form = e.currentTarget as HTMLFormElement;
      const f = fields(form);
      // The server refuses a decision without a public reason: said at the reason, naming it, before anything is sent.
      if (!f.reasonKk && !f.reasonRu) {
        actions.clear(key);
        void markMissing();
        return;
      }
      this.reasonMissing = '';
      void actions
        .run(
          key,
          async () => {
            // The reason in Kazakh and Russian (either or both): residents read the one in their language.
            const reason = { ...(f.reasonKk ? { kk: f.reasonKk } : {}), ...(f.reasonRu ? { ru: f.reasonRu } : {}) };
            const r = await ctx.api.decide(ctx.city, p.id, { outcome: f.outcome as Recommendation, reason, ...(f.finalCost ? { finalCost: Number(f.finalCost) } : {}) });
            ctx.replaceProposal(r.proposal);
            await this.changed(ctx, form);
          },
          () => i18n.t('decision.saved'),
        )
        .then(() => {
          if (actions.error(key)?.issues.some((i) => i.path[0] === 'reason')) {
            this.reasonMissing = p.id;
            this.host.requestUpdate();
          }
        });
    };
    const reasonInput = () => {
      if (!missing) return;
      this.reasonMissing = '';
      this.host.requestUpdate();
    };
    const described = (hint?: string) => [hint, missing ? 'decision-reason-error' : ''].filter(Boolean).join(' ') || nothing;
    return html`<section class="card stack" aria-labelledby="decision-heading">
      <h3 id="decision-heading">${i18n.t('decision.title')}</h3>
      <form class="stack" @submit=${submit}>
        <fieldset class="stack">
          <legend>${i18n.t('decision.outcome')}</legend>
          ${RECOMMENDATIONS.map((r) => html`<label class="choice"><input type="radio" name="outcome" value=${r} required /> ${i18n.t(`decision.${r}`)}</label>`)}
        </fieldset>
        <fieldset class="stack" aria-describedby=${described('decision-reason-hint')}>
          <legend>${i18n.t('decision.reason')}</legend>
          <span class="hint" id="decision-reason-hint">${i18n.t('decision.reasonHint')}</span>
          ${missing ? html`<p class="field-error" id="decision-reason-error">${i18n.t('decision.reasonMissing', { field: i18n.t('decision.reason') })}</p>` : nothing}
          <div class="field">
            <label for="decision-reason-kk">${i18n.t('decision.reasonKk')}</label>
            <textarea id="decision-reason-kk" name="reasonKk" lang="kk" rows="3" maxlength="2000" aria-invalid=${missing ? 'true' : nothing} aria-describedby=${described()} @input=${reasonInput}></textarea>
          </div>
          <div class="field">
            <label for="decision-reason-ru">${i18n.t('decision.reasonRu')}</label>
            <textarea id="decision-reason-ru" name="reasonRu" lang="ru" rows="3" maxlength="2000" aria-invalid=${missing ? 'true' : nothing} aria-describedby=${described()} @input=${reasonInput}></textarea>
          </div>
        </fieldset>
        <div class="field">
          <label for="decision-cost">${i18n.t('decision.cost')}</label>
          <input id="decision-cost" name="finalCost" type="number" min="1" step="1" inputmode="numeric" aria-describedby="decision-cost-hint" />
          <span class="hint" id="decision-cost-hint">${i18n.t('decision.costHint', { cost: i18n.money(p.finalCost ?? p.estimatedCost) })}</span>
        </div>
        ${actions.control(key, i18n.t('decision.save'), null, { type: 'submit', primary: true })}
      </form>
    </section>`;
  }
}
