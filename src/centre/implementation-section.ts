import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { PHOTO_TAGS, type AdminUpdate, type ImplementationRecord, type PhotoTag, type PublicText } from '../contract/index.js';
import { LocalizeController } from '../ui/localize.js';
import { ActionController } from './action-controller.js';
import { CentreError, toCentreError } from './api.js';
import { explainError } from './centre.js';
import {
  ImplementationApi,
  ImplementationData,
  planDraft,
  planInput,
  planMoneyIssues,
  type FinishDraft,
  type PlanDraft,
  type StageDraft,
  type UpdateDraft,
} from './implementation-data.js';
import { implementationMessages, type ImplementationMessages } from './implementation-messages.js';
import { actorName } from './labels.js';
import type { CentreContext, CentreSection } from './section.js';

const STYLE = html`<style>
  .impl-grid {
    display: grid;
    gap: 0.75em;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 11em), 1fr));
  }
  .impl-photos {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .impl-photos img {
    display: block;
    max-width: min(100%, 10em);
    height: auto;
  }
  .impl-section textarea,
  .impl-section input,
  .impl-section select {
    max-width: 100%;
    box-sizing: border-box;
  }
  .impl-section fieldset {
    min-width: 0;
  }
</style>`;

/** Today in the city's calendar (`2026-05-14`), the default day of a finish. */
function today(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

const fieldId = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * Implementation (coordinators): the funded projects of a chosen cycle with
 * their implementation records. The plan and figures (contractor, dates,
 * stages, progress, money), updates with tagged photos (published or kept
 * for staff), and the final word (implemented on a day, or cancelled with a
 * public reason). Every action runs through its own button, which shows the
 * server's refusal beside it and keeps the focus; what was typed stays.
 */
export class ImplementationSection implements CentreSection {
  readonly id = 'implementation';
  private readonly i18n: LocalizeController<ImplementationMessages>;
  private readonly actions: ActionController;
  private readonly data: ImplementationData;
  /** The context of the last render, for the action controller's explanations. */
  private ctx: CentreContext | null = null;
  private cycle = '';
  private openId: string | null = null;
  private detail: { status: 'loading' } | { status: 'ready'; record: ImplementationRecord } | { status: 'error'; error: CentreError } | null = null;
  private plan: PlanDraft | null = null;
  private update: UpdateDraft = { kk: '', ru: '', public: true, photos: [] };
  private finishDraft: FinishDraft = { outcome: 'implemented', on: '', reasonKk: '', reasonRu: '' };
  private photoKey = 0;
  private stageKey = 0;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    this.i18n = new LocalizeController(host, implementationMessages);
    this.actions = new ActionController(
      host,
      (error) => this.explain(error),
      () => this.ctx?.i18n.t('busy') ?? '…',
    );
    this.data = new ImplementationData(() => host.requestUpdate());
  }

  /** The centre's words for the error, then this section's words for the issues the centre does not know. */
  private explain(error: CentreError): string[] {
    const lines = this.ctx ? explainError(this.ctx.i18n, error) : [error.message];
    const i18n = this.i18n;
    for (const issue of error.issues) {
      const key = `issue.${issue.message}`;
      if (!i18n.has(key)) continue;
      const params = { ...(issue.params ?? {}) } as Record<string, unknown>;
      if (typeof params.approved === 'number') params.approved = i18n.money(params.approved);
      lines.push((i18n.t as (k: string, p: unknown) => string)(key, params));
    }
    return [...new Set(lines)];
  }

  label(ctx: CentreContext): string {
    // The centre's catalogue is loaded before any section is drawn; this section's may still be on its way.
    return this.i18n.ready ? this.i18n.t('impl.nav') : ctx.locale === 'kk' ? 'Іске асыру' : ctx.locale === 'ru' ? 'Реализация' : 'Implementation';
  }

  visible(ctx: CentreContext): boolean {
    return ctx.signed.role === 'coordinator';
  }

  reset(): void {
    this.data.reset();
    this.cycle = '';
    this.close();
  }

  open(ctx: CentreContext, detail?: string): void {
    this.ctx = ctx;
    this.data.ensure(this.apiOf(ctx), ctx.city);
    if (detail) void this.openProject(ctx, detail);
  }

  private apiOf(ctx: CentreContext): ImplementationApi {
    return new ImplementationApi(ctx.api, ctx.city);
  }

  private close(): void {
    this.openId = null;
    this.detail = null;
    this.plan = null;
    this.update = { kk: '', ru: '', public: true, photos: [] };
    this.finishDraft = { outcome: 'implemented', on: '', reasonKk: '', reasonRu: '' };
    this.actions.clear();
  }

  private focus(selector: string): void {
    void this.host.updateComplete.then(() => this.host.shadowRoot?.querySelector<HTMLElement>(selector)?.focus());
  }

  private async openProject(ctx: CentreContext, id: string): Promise<void> {
    this.close();
    this.openId = id;
    this.detail = { status: 'loading' };
    this.host.requestUpdate();
    try {
      const record = await this.apiOf(ctx).get(id);
      if (this.openId !== id) return;
      this.show(record);
    } catch (error) {
      if (this.openId !== id) return;
      const e = toCentreError(error);
      if (e.code === 'unauthorized') ctx.signedOut(e);
      this.detail = { status: 'error', error: e };
    }
    this.host.requestUpdate();
    this.focus('#impl-project-heading');
  }

  private show(record: ImplementationRecord): void {
    this.detail = { status: 'ready', record };
    this.plan = planDraft(record);
    this.data.replace({ ...record, updates: [] });
    this.host.requestUpdate();
  }

  private back(): void {
    const id = this.openId;
    this.close();
    this.host.requestUpdate();
    this.focus(id ? `#impl-open-${fieldId(id)}` : '#implementation-heading');
  }

  // ---------------------------------------------------------------- rendering

  render(ctx: CentreContext): TemplateResult {
    this.ctx = ctx;
    this.data.ensure(this.apiOf(ctx), ctx.city);
    const t = this.i18n;
    if (!t.ready)
      return html`<section class="stack" aria-busy="true"><h2 id="implementation-heading" tabindex="-1">${this.label(ctx)}</h2><p class="muted">${ctx.i18n.t('loading')}</p></section>`;
    return html`${STYLE}<section class="stack impl-section" aria-labelledby="implementation-heading">
      <h2 id="implementation-heading" tabindex="-1">${t.t('impl.title')}</h2>
      ${this.openId ? this.renderDetail(ctx) : this.renderList(ctx)}
    </section>`;
  }

  private renderList(ctx: CentreContext): TemplateResult {
    const t = this.i18n;
    const s = this.data.state;
    if (s.status === 'idle' || s.status === 'loading')
      return html`<div class="stack" aria-busy="true"><p class="muted">${t.t('impl.loading')}</p><div class="skeleton sk-block"></div></div>`;
    if (s.status === 'error')
      return html`<div class="notice error stack" role="alert">
        <p>${t.t('impl.loadFailed')}</p>
        ${this.explain(s.error).map((l) => html`<p>${l}</p>`)}
        <p><button type="button" @click=${() => void this.data.load(this.apiOf(ctx), ctx.city)}>${t.t('impl.retry')}</button></p>
      </div>`;
    const cycles = [...new Set(s.items.map((r) => r.cycleId))];
    if (!cycles.includes(ctx.config.cycle.id)) cycles.unshift(ctx.config.cycle.id);
    const chosen = cycles.includes(this.cycle) ? this.cycle : (cycles.find((c) => s.items.some((r) => r.cycleId === c)) ?? ctx.config.cycle.id);
    const items = s.items.filter((r) => r.cycleId === chosen);
    const cycleName = (id: string) => (id === ctx.config.cycle.id ? ctx.config.cycle.title[ctx.locale] : (this.data.cycleNames.get(id)?.[ctx.locale] ?? id));
    return html`<p class="muted">${t.t('impl.lead')}</p>
      <div class="field inline">
        <label for="impl-cycle">${t.t('impl.cycle')}</label>
        <select
          id="impl-cycle"
          @change=${(e: Event) => {
            this.cycle = (e.target as HTMLSelectElement).value;
            this.host.requestUpdate();
          }}
        >
          ${cycles.map((c) => html`<option value=${c} ?selected=${c === chosen}>${cycleName(c)}</option>`)}
        </select>
      </div>
      ${items.length === 0
        ? html`<p class="notice">${t.t('impl.empty')}</p>`
        : html`<ul class="cards">
            ${items.map((r) => this.renderCard(ctx, r))}
          </ul>`}`;
  }

  private renderCard(ctx: CentreContext, r: ImplementationRecord): TemplateResult {
    const t = this.i18n;
    const headingId = `impl-card-${fieldId(r.projectId)}`;
    return html`<li class="card stack">
      <h3 class="user-text" id=${headingId}>${r.title}</h3>
      <p class="facts">
        <span class=${`badge ${r.state === 'cancelled' ? 'warn' : ''}`}>${t.t(`state.${r.state}`)}</span>
        <span>${t.t('impl.progressShort', { n: r.progress })}</span>
        <span>${t.t('impl.approved', { cost: t.money(r.approvedCost) })}</span>
      </p>
      <p class="muted">${t.t('impl.spentOf', { spent: t.money(r.spent), committed: t.money(r.committed) })}</p>
      <p>
        <button type="button" id=${`impl-open-${fieldId(r.projectId)}`} aria-describedby=${headingId} @click=${() => void this.openProject(ctx, r.projectId)}>
          ${t.t('impl.open')}
        </button>
      </p>
    </li>`;
  }

  private renderDetail(ctx: CentreContext): TemplateResult {
    const t = this.i18n;
    const d = this.detail;
    const back = html`<p><button type="button" id="impl-back" @click=${() => this.back()}>${t.t('impl.back')}</button></p>`;
    if (!d || d.status === 'loading')
      return html`${back}<div class="stack" aria-busy="true"><h3 id="impl-project-heading" tabindex="-1">${t.t('impl.loading')}</h3><div class="skeleton sk-block"></div></div>`;
    if (d.status === 'error')
      return html`${back}<div class="notice error stack" role="alert">
          <h3 id="impl-project-heading" tabindex="-1">${t.t('impl.loadFailed')}</h3>
          ${this.explain(d.error).map((l) => html`<p>${l}</p>`)}
          <p><button type="button" @click=${() => void this.openProject(ctx, this.openId!)}>${t.t('impl.retry')}</button></p>
        </div>`;
    const r = d.record;
    const tz = ctx.config.city.timeZone;
    const finished = r.state === 'implemented' || r.state === 'cancelled';
    return html`${back}
      <article class="stack" aria-labelledby="impl-project-heading">
        <h3 id="impl-project-heading" class="user-text" tabindex="-1">${r.title}</h3>
        <p class="facts">
          <span class=${`badge ${r.state === 'cancelled' ? 'warn' : ''}`}>${t.t(`state.${r.state}`)}</span>
          <span>${t.t('impl.approved', { cost: t.money(r.approvedCost) })}</span>
          ${r.updatedAt ? html`<span class="muted">${t.t('impl.updated', { date: t.dateTime(r.updatedAt, tz) })}</span>` : nothing}
        </p>
        ${r.state === 'implemented' && r.implementedOn ? html`<p class="notice success">${t.t('finish.implementedOn', { date: t.date(`${r.implementedOn}T12:00:00Z`, tz) })}</p>` : nothing}
        ${r.state === 'cancelled' && r.cancelReason ? html`<p class="notice warning user-text">${t.t('finish.cancelledBecause', { reason: this.localText(ctx, r.cancelReason) })}</p>` : nothing}
        ${this.renderPlan(ctx, r)} ${this.renderUpdates(ctx, r)} ${this.renderUpdateForm(ctx, r)} ${finished ? nothing : this.renderFinish(ctx, r)}
      </article>`;
  }

  private localText(ctx: CentreContext, text: PublicText): string {
    return ctx.locale === 'en' ? (text.en ?? text.ru) : text[ctx.locale];
  }

  /** A text field bound to a draft: the value is the draft's, every keystroke goes into it. */
  private input(id: string, label: string, value: string, set: (v: string) => void, opts: { type?: string; hint?: string; required?: boolean; inputmode?: string; multiline?: boolean; lang?: string } = {}): TemplateResult {
    const onInput = (e: Event) => set((e.target as HTMLInputElement | HTMLTextAreaElement).value);
    const hintId = opts.hint ? `${id}-hint` : undefined;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${opts.multiline
        ? html`<textarea id=${id} rows="3" lang=${opts.lang ?? nothing} ?required=${opts.required ?? false} aria-describedby=${hintId ?? nothing} .value=${value} @input=${onInput}></textarea>`
        : html`<input
            id=${id}
            type=${opts.type ?? 'text'}
            lang=${opts.lang ?? nothing}
            inputmode=${opts.inputmode ?? nothing}
            autocomplete="off"
            ?required=${opts.required ?? false}
            aria-describedby=${hintId ?? nothing}
            .value=${value}
            @input=${onInput}
          />`}
      ${opts.hint ? html`<span class="hint" id=${hintId}>${opts.hint}</span>` : nothing}
    </div>`;
  }

  private renderPlan(ctx: CentreContext, r: ImplementationRecord): TemplateResult {
    const t = this.i18n;
    const p = this.plan!;
    const key = `impl-save-${r.projectId}`;
    const set = <K extends keyof PlanDraft>(k: K) => (v: PlanDraft[K]) => {
      p[k] = v;
      this.host.requestUpdate();
    };
    const spent = Number(p.spent);
    const over = Number.isFinite(spent) && spent > r.approvedCost;
    const submit = (e: Event) => {
      e.preventDefault();
      void this.actions.run(
        key,
        async () => {
          const money = planMoneyIssues(p);
          if (money.length) throw new CentreError('validation_failed', 'the money fields are not whole tenge', 0, money);
          const record = await this.apiOf(ctx).save(r.projectId, planInput(p));
          this.show(record);
          // The proposal's status may have moved (winner → in progress): the centre's own data follows.
          void ctx.reload().catch(() => undefined);
        },
        () => t.t('plan.saved'),
      );
    };
    return html`<section class="card stack" aria-labelledby="impl-plan-heading">
      <h4 id="impl-plan-heading">${t.t('plan.title')}</h4>
      <form class="stack" novalidate @submit=${submit}>
        <div class="impl-grid">
          ${this.input('impl-contractor', t.t('plan.contractor'), p.contractor, set('contractor'), { required: true })}
          ${this.input('impl-contact', t.t('plan.contact'), p.contractorContact, set('contractorContact'))}
          ${this.input('impl-planned-start', t.t('plan.plannedStart'), p.plannedStart, set('plannedStart'), { type: 'date', required: true })}
          ${this.input('impl-planned-end', t.t('plan.plannedEnd'), p.plannedEnd, set('plannedEnd'), { type: 'date', required: true })}
          ${this.input('impl-progress', t.t('plan.progress'), p.progress, set('progress'), { inputmode: 'numeric', required: true })}
          ${this.input('impl-committed', t.t('plan.committed'), p.committed, set('committed'), { inputmode: 'numeric', hint: t.t('plan.moneyHint'), required: true })}
          ${this.input('impl-spent', t.t('plan.spent'), p.spent, set('spent'), { inputmode: 'numeric', hint: t.t('plan.moneyHint'), required: true })}
        </div>
        <fieldset class="stack">
          <legend>${t.t('plan.overTitle')}</legend>
          ${over ? html`<p class="notice warning">${t.t('plan.over')}</p>` : html`<p class="hint">${t.t('plan.overHint')}</p>`}
          ${this.input('impl-over-kk', `${t.t('plan.overTitle')} — ${t.t('lang.kk')}`, p.overKk, set('overKk'), { multiline: true, lang: 'kk', required: over })}
          ${this.input('impl-over-ru', `${t.t('plan.overTitle')} — ${t.t('lang.ru')}`, p.overRu, set('overRu'), { multiline: true, lang: 'ru', required: over })}
        </fieldset>
        ${this.renderStages(p)}
        ${this.actions.control(key, t.t('plan.save'), null, { type: 'submit', primary: true })}
      </form>
    </section>`;
  }

  private renderStages(p: PlanDraft): TemplateResult {
    const t = this.i18n;
    const stage = (s: StageDraft, i: number) => {
      const n = i + 1;
      const sid = `impl-stage-${fieldId(s.id)}`;
      const set = (k: keyof Omit<StageDraft, 'id'>) => (v: string) => {
        s[k] = v;
        this.host.requestUpdate();
      };
      return html`<fieldset class="stack card">
        <legend>${t.t('stage.legend', { n })}</legend>
        <div class="impl-grid">
          ${this.input(`${sid}-kk`, t.t('stage.titleKk'), s.titleKk, set('titleKk'), { lang: 'kk', required: true })}
          ${this.input(`${sid}-ru`, t.t('stage.titleRu'), s.titleRu, set('titleRu'), { lang: 'ru', required: true })}
          ${this.input(`${sid}-ps`, t.t('stage.plannedStart'), s.plannedStart, set('plannedStart'), { type: 'date', required: true })}
          ${this.input(`${sid}-pe`, t.t('stage.plannedEnd'), s.plannedEnd, set('plannedEnd'), { type: 'date', required: true })}
          ${this.input(`${sid}-as`, t.t('stage.actualStart'), s.actualStart, set('actualStart'), { type: 'date' })}
          ${this.input(`${sid}-ae`, t.t('stage.actualEnd'), s.actualEnd, set('actualEnd'), { type: 'date' })}
        </div>
        <p>
          <button
            type="button"
            @click=${() => {
              p.stages = p.stages.filter((x) => x !== s);
              this.host.requestUpdate();
              this.focus('#impl-stage-add');
            }}
          >
            ${t.t('stage.remove', { n })}
          </button>
        </p>
      </fieldset>`;
    };
    return html`<fieldset class="stack">
      <legend>${t.t('stages.title')}</legend>
      ${p.stages.length === 0 ? html`<p class="muted">${t.t('stages.empty')}</p>` : nothing} ${p.stages.map(stage)}
      <p>
        <button
          type="button"
          id="impl-stage-add"
          @click=${() => {
            const id = `stage-${Date.now().toString(36)}-${++this.stageKey}`;
            p.stages = [...p.stages, { id, titleKk: '', titleRu: '', plannedStart: p.plannedStart, plannedEnd: p.plannedEnd, actualStart: '', actualEnd: '' }];
            this.host.requestUpdate();
            this.focus(`#impl-stage-${fieldId(id)}-kk`);
          }}
        >
          ${t.t('stage.add')}
        </button>
      </p>
    </fieldset>`;
  }

  private renderUpdates(ctx: CentreContext, r: ImplementationRecord): TemplateResult {
    const t = this.i18n;
    const tz = ctx.config.city.timeZone;
    const one = (u: AdminUpdate) => {
      const key = `impl-publish-${u.id}`;
      const metaId = `impl-update-${fieldId(u.id)}`;
      return html`<li class="card stack">
        <p class="facts">
          <span class=${`badge ${u.public ? '' : 'warn'}`}>${u.public ? t.t('updates.public') : t.t('updates.draft')}</span>
          <span class="muted user-text" id=${metaId}>${t.t('updates.meta', { date: t.dateTime(u.at, tz), author: actorName(ctx.i18n, u.author) })}</span>
        </p>
        <p class="user-text" lang=${ctx.locale === 'en' && !u.text.en ? 'ru' : ctx.locale}>${this.localText(ctx, u.text)}</p>
        ${u.photos.length
          ? html`<ul class="impl-photos">
              ${u.photos.map(
                (ph) => html`<li>
                  <figure>
                    <img src=${ph.url} width=${ph.width} height=${ph.height} alt="" loading="lazy" />
                    <figcaption>${t.t(`tag.${ph.tag}`)}</figcaption>
                  </figure>
                </li>`,
              )}
            </ul>`
          : nothing}
        ${this.actions.control(
          key,
          u.public ? t.t('updates.withdraw') : t.t('updates.publish'),
          () =>
            void this.actions.run(
              key,
              async () => this.show(await this.apiOf(ctx).publish(r.projectId, u.id, !u.public)),
              () => (u.public ? t.t('updates.withdrawn') : t.t('updates.published')),
            ),
          { describedBy: metaId },
        )}
      </li>`;
    };
    return html`<section class="stack" aria-labelledby="impl-updates-heading">
      <h4 id="impl-updates-heading">${t.t('updates.title')}</h4>
      ${r.updates.length === 0 ? html`<p class="muted">${t.t('updates.empty')}</p>` : html`<ul class="cards">${r.updates.map(one)}</ul>`}
    </section>`;
  }

  private renderUpdateForm(ctx: CentreContext, r: ImplementationRecord): TemplateResult {
    const t = this.i18n;
    const u = this.update;
    const key = `impl-update-${r.projectId}`;
    const set = (k: 'kk' | 'ru') => (v: string) => {
      u[k] = v;
      this.host.requestUpdate();
    };
    const submit = (e: Event) => {
      e.preventDefault();
      void this.actions.run(
        key,
        async () => {
          const api = this.apiOf(ctx);
          for (const ph of u.photos) if (!ph.uploaded) ph.uploaded = (await api.uploadPhoto(ph.file)).id;
          const record = await api.addUpdate(r.projectId, {
            text: { kk: u.kk.trim(), ru: u.ru.trim() },
            photos: u.photos.map((ph) => ({ id: ph.uploaded!, tag: ph.tag })),
            public: u.public,
          });
          this.update = { kk: '', ru: '', public: true, photos: [] };
          this.show(record);
        },
        () => t.t('update.posted'),
      );
    };
    return html`<section class="card stack" aria-labelledby="impl-post-heading">
      <h4 id="impl-post-heading">${t.t('update.title')}</h4>
      <form class="stack" novalidate @submit=${submit}>
        ${this.input('impl-update-kk', t.t('update.textKk'), u.kk, set('kk'), { multiline: true, lang: 'kk', required: true })}
        ${this.input('impl-update-ru', t.t('update.textRu'), u.ru, set('ru'), { multiline: true, lang: 'ru', required: true })}
        <div class="field">
          <label for="impl-update-photos">${t.t('update.photos')}</label>
          <input
            id="impl-update-photos"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            multiple
            @change=${(e: Event) => {
              const input = e.target as HTMLInputElement;
              for (const file of input.files ?? []) u.photos.push({ key: ++this.photoKey, file, tag: 'during' });
              input.value = '';
              this.host.requestUpdate();
            }}
          />
        </div>
        ${u.photos.length
          ? html`<ul class="stack impl-photos">
              ${u.photos.map(
                (ph) => html`<li class="field">
                  <label for=${`impl-photo-tag-${ph.key}`}>${t.t('update.photoTag', { name: ph.file.name })}</label>
                  <select
                    id=${`impl-photo-tag-${ph.key}`}
                    @change=${(e: Event) => {
                      ph.tag = (e.target as HTMLSelectElement).value as PhotoTag;
                      this.host.requestUpdate();
                    }}
                  >
                    ${PHOTO_TAGS.map((tag) => html`<option value=${tag} ?selected=${tag === ph.tag}>${t.t(`tag.${tag}`)}</option>`)}
                  </select>
                </li>`,
              )}
            </ul>`
          : nothing}
        <label class="choice">
          <input
            type="checkbox"
            id="impl-update-public"
            .checked=${u.public}
            @change=${(e: Event) => {
              u.public = (e.target as HTMLInputElement).checked;
              this.host.requestUpdate();
            }}
          />
          ${t.t('update.public')}
        </label>
        ${this.actions.control(key, t.t('update.post'), null, { type: 'submit', primary: true })}
      </form>
    </section>`;
  }

  private renderFinish(ctx: CentreContext, r: ImplementationRecord): TemplateResult {
    const t = this.i18n;
    const f = this.finishDraft;
    if (!f.on) f.on = today(ctx.config.city.timeZone);
    const key = `impl-finish-${r.projectId}`;
    const submit = (e: Event) => {
      e.preventDefault();
      void this.actions.run(
        key,
        async () => {
          const input = f.outcome === 'implemented' ? { outcome: 'implemented' as const, on: f.on } : { outcome: 'cancelled' as const, reason: { kk: f.reasonKk.trim(), ru: f.reasonRu.trim() } };
          this.show(await this.apiOf(ctx).finish(r.projectId, input));
          void ctx.reload().catch(() => undefined);
          this.focus('#impl-project-heading');
        },
        () => t.t('finish.done'),
      );
    };
    const choose = (outcome: FinishDraft['outcome']) => () => {
      f.outcome = outcome;
      this.host.requestUpdate();
    };
    return html`<section class="card stack" aria-labelledby="impl-finish-heading">
      <h4 id="impl-finish-heading">${t.t('finish.title')}</h4>
      <form class="stack" novalidate @submit=${submit}>
        <fieldset class="stack">
          <legend>${t.t('finish.outcome')}</legend>
          <label class="choice"><input type="radio" name="impl-outcome" value="implemented" .checked=${f.outcome === 'implemented'} @change=${choose('implemented')} /> ${t.t('finish.implemented')}</label>
          <label class="choice"><input type="radio" name="impl-outcome" value="cancelled" .checked=${f.outcome === 'cancelled'} @change=${choose('cancelled')} /> ${t.t('finish.cancelled')}</label>
        </fieldset>
        ${f.outcome === 'implemented'
          ? this.input('impl-finish-on', t.t('finish.on'), f.on, (v) => ((f.on = v), this.host.requestUpdate()), { type: 'date', required: true })
          : html`${this.input('impl-cancel-kk', `${t.t('finish.reasonTitle')} — ${t.t('lang.kk')}`, f.reasonKk, (v) => ((f.reasonKk = v), this.host.requestUpdate()), { multiline: true, lang: 'kk', required: true })}
            ${this.input('impl-cancel-ru', `${t.t('finish.reasonTitle')} — ${t.t('lang.ru')}`, f.reasonRu, (v) => ((f.reasonRu = v), this.host.requestUpdate()), { multiline: true, lang: 'ru', required: true })}`}
        ${this.actions.control(key, t.t('finish.save'), null, { type: 'submit' })}
      </form>
    </section>`;
  }
}
