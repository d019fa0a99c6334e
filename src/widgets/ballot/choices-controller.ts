import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { BallotPick, BallotRule, CityConfig, Pool, Proposal } from '../../contract/index.js';
import {
  filterProjects,
  isPicked,
  knapsackLimit,
  knapsackMinimum,
  maxPointsFor,
  pointsOn,
  poolsFor,
  setPoints,
  tallyPool,
  togglePick,
  whyCannotAdd,
  type AddBlock,
  type BallotDraft,
  type BallotProject,
} from '../../domain/ballot-editor.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { BallotMessages, VoteMessages } from './messages.js';
import type { PoolIssue } from './steps.js';
import { blockText, issueText, pointsBlockText, summaryOf, tallyText } from './texts.js';

/** Ballots longer than this get category / district filters. */
const FILTER_FROM = 12;
/** Project cards drawn per task on a long ballot. */
const CARD_CHUNK = 40;

/** What the choosing needs from the ballot it sits in. */
export interface ChoicesHost {
  config(): CityConfig;
  /** The voter's district on the voter list (from the session), or null: it decides which district pools they see. */
  district(): string | null;
  /** The projects on the ballot, in the order shown. */
  projects(): Proposal[];
  byId(): ReadonlyMap<string, BallotProject>;
  draft(): BallotDraft;
  /** A pool's picks in the draft. */
  picks(poolId: string): readonly BallotPick[];
  setPicks(poolId: string, picks: BallotPick[]): void;
  titleOf(projectId: string): string;
  /** Where a project's photo loads from (a path of the API becomes the backend's URL). */
  photoUrl(url: string): string;
  focus(selector: string): void;
  say(text: string): void;
  /** A ranked ballot's "Your ranking" of one pool. */
  ranking(pool: Pool, picks: readonly BallotPick[]): TemplateResult;
}

/**
 * Choosing on the ballot step, under every rule: the pools with their meters
 * (picks, points or tenge left), the project cards with their tick box, radio
 * or points stepper (saying why a project cannot be added), the ranked
 * ballot's ranking (drawn by the ballot: `RankingController`, a module of its own), and on a long ballot the category /
 * district filters and cards drawn in chunks, so no single task blocks the
 * page. Every change goes to the ballot's draft through `setPicks` and is
 * announced; the ballot keeps the step, its issues and the review.
 */
export class ChoicesController implements ReactiveController {
  private filter: { category: string; district: string } = { category: '', district: '' };
  /** Cards drawn so far. */
  private cardLimit = CARD_CHUNK;
  private growing = false;
  private growth: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly i18n: LocalizeController<CommonMessages & BallotMessages & VoteMessages>,
    private readonly hooks: ChoicesHost,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.growth);
    this.growing = false;
  }

  private get rule(): BallotRule {
    return this.hooks.config().cycle.ballot;
  }

  /** The pools this voter may choose in (a listed voter: their district's, not another's) and the projects in them. */
  private get ballot(): { pools: Pool[]; projects: Proposal[] } {
    const all = this.hooks.config().cycle.pools;
    const pools = poolsFor(all, this.hooks.district());
    const projects = this.hooks.projects();
    return { pools, projects: pools.length === all.length ? projects : projects.filter((p) => pools.some((pool) => pool.id === p.poolId)) };
  }

  private get projects(): Proposal[] {
    return this.ballot.projects;
  }

  private get byId(): ReadonlyMap<string, BallotProject> {
    return this.hooks.byId();
  }

  /** The ballot step is shown anew: cards are drawn from the first chunk. */
  drawFromStart(): void {
    this.cardLimit = CARD_CHUNK;
  }

  /** After a render of the ballot step: the next chunk of cards in a task of its own, until all are drawn. */
  drawMore(): void {
    if (this.cardLimit >= this.projects.length || this.growing) return;
    this.growing = true;
    this.growth = setTimeout(() => {
      this.growing = false;
      this.cardLimit += CARD_CHUNK;
      this.host.requestUpdate();
    });
  }

  private poolOf(poolId: string): Pool {
    return this.hooks.config().cycle.pools.find((p) => p.id === poolId)!;
  }

  private handleToggle(event: Event, project: Proposal): void {
    const pool = this.poolOf(project.poolId!);
    const picks = this.hooks.picks(pool.id);
    const result = togglePick(this.rule, pool, picks, this.byId.get(project.id)!, this.byId);
    if (!result.ok) {
      event.preventDefault();
      (event.target as HTMLInputElement).checked = false;
      this.hooks.say(blockText(this.i18n, result.block));
      return;
    }
    this.hooks.setPicks(pool.id, result.picks);
    const now = isPicked(result.picks, project.id);
    this.hooks.say(tallyText(this.i18n, this.rule, pool, result.picks, this.byId, now ? 'added' : 'removed', project.title));
  }

  private handleClearPool(pool: Pool): void {
    this.hooks.setPicks(pool.id, []);
    this.hooks.say(this.i18n.t('pool.cleared', { pool: pool.name[this.i18n.locale] }));
  }

  private handleStep(project: Proposal, delta: number): void {
    const pool = this.poolOf(project.poolId!);
    const picks = this.hooks.picks(pool.id);
    const current = pointsOn(picks, project.id);
    const { picks: next, points, clamped } = setPoints(this.rule, picks, project.id, current + delta);
    if (clamped || points === current) {
      this.hooks.say(delta > 0 ? pointsBlockText(this.i18n, this.rule, picks, project.id) : this.i18n.t('points.none'));
      return;
    }
    this.hooks.setPicks(pool.id, next);
    this.hooks.say(this.i18n.t('points.now', { points, left: tallyPool(this.rule, pool, next, this.byId).pointsLeft ?? 0 }));
  }

  private handlePointsInput(event: Event, project: Proposal): void {
    const input = event.target as HTMLInputElement;
    const pool = this.poolOf(project.poolId!);
    const picks = this.hooks.picks(pool.id);
    const { picks: next, points, clamped } = setPoints(this.rule, picks, project.id, Number(input.value));
    input.value = String(points);
    this.hooks.setPicks(pool.id, next);
    const left = tallyPool(this.rule, pool, next, this.byId).pointsLeft ?? 0;
    this.hooks.say(clamped ? `${pointsBlockText(this.i18n, this.rule, picks, project.id)} ${this.i18n.t('points.now', { points, left })}` : this.i18n.t('points.now', { points, left }));
  }

  private handleFilter(event: Event, key: 'category' | 'district'): void {
    this.filter = { ...this.filter, [key]: (event.target as HTMLSelectElement).value };
    this.host.requestUpdate();
  }

  /** The filters of a long ballot and every pool; `issues` are the ballot step's, shown by their pools. */
  render(issues: readonly PoolIssue[]): TemplateResult {
    const long = this.projects.length > FILTER_FROM;
    const visible = long ? filterProjects(this.projects, { category: this.filter.category, district: this.filter.district }) : this.projects;
    const drawn = visible.length > this.cardLimit ? visible.slice(0, this.cardLimit) : visible;
    return html`${long ? this.renderFilters(visible.length) : nothing}
    ${this.ballot.pools.map((pool) => this.renderPool(pool, drawn, visible, issues))}`;
  }

  private renderFilters(shown: number): TemplateResult {
    const config = this.hooks.config();
    const locale = this.i18n.locale;
    const categories = config.city.categories.filter((c) => this.projects.some((p) => p.category === c.id));
    const districts = config.city.districts.filter((d) => this.projects.some((p) => p.district === d.id));
    const hiddenPicked = Object.values(this.hooks.draft())
      .flat()
      .filter((pick) => {
        const p = this.projects.find((x) => x.id === pick.projectId);
        return p && ((this.filter.category && p.category !== this.filter.category) || (this.filter.district && p.district !== this.filter.district));
      }).length;
    return html`<div part="filters" class="filters row" role="group" aria-label=${this.i18n.t('filter.label')}>
      <div class="field">
        <label for="filter-category">${this.i18n.t('filter.category')}</label>
        <select id="filter-category" @change=${(e: Event) => this.handleFilter(e, 'category')}>
          <option value="" ?selected=${!this.filter.category}>${this.i18n.t('filter.all')}</option>
          ${categories.map((c) => html`<option value=${c.id} ?selected=${this.filter.category === c.id}>${c.name[locale]}</option>`)}
        </select>
      </div>
      ${districts.length
        ? html`<div class="field">
            <label for="filter-district">${this.i18n.t('filter.district')}</label>
            <select id="filter-district" @change=${(e: Event) => this.handleFilter(e, 'district')}>
              <option value="" ?selected=${!this.filter.district}>${this.i18n.t('filter.all')}</option>
              ${districts.map((d) => html`<option value=${d.id} ?selected=${this.filter.district === d.id}>${d.name[locale]}</option>`)}
            </select>
          </div>`
        : nothing}
      <p class="hint" role="status">
        ${this.i18n.t('filter.shown', { shown, total: this.projects.length })}
        ${hiddenPicked ? this.i18n.t('filter.hiddenPicked', { count: hiddenPicked }) : ''}
      </p>
    </div>`;
  }

  private renderPool(pool: Pool, drawn: Proposal[], visible: Proposal[], issues: readonly PoolIssue[]): TemplateResult {
    const locale = this.i18n.locale;
    const picks = this.hooks.picks(pool.id);
    const projects = drawn.filter((p) => p.poolId === pool.id);
    const waiting = projects.length === 0 && visible.some((p) => p.poolId === pool.id);
    const poolIssues = issues.filter((i) => i.poolId === pool.id);
    const multiple = this.ballot.pools.length > 1;
    return html`<section part="pool" class="pool stack" aria-labelledby="pool-${pool.id}">
      <h3 id="pool-${pool.id}">${multiple ? pool.name[locale] : this.i18n.t('pool.projects')}</h3>
      ${this.projects.some((p) => p.poolId === pool.id) ? this.renderMeter(pool, picks) : nothing}
      ${poolIssues.length ? html`<p class="field-error">${poolIssues.map((i) => issueText(this.i18n, this.hooks.config().cycle.pools, null, i.issue)).join(' ')}</p>` : nothing}
      ${this.rule.kind === 'ranked' ? this.hooks.ranking(pool, picks) : nothing}
      ${projects.length
        ? html`<ul class="cards" role="list">
            ${repeat(
              projects,
              (p) => p.id,
              (p) => html`<li>${this.renderCard(pool, p, picks)}</li>`,
            )}
          </ul>`
        : waiting
          ? html`<div class="skeleton sk-block" aria-hidden="true"></div>`
          : html`<p class="muted">${this.i18n.t(this.projects.some((p) => p.poolId === pool.id) ? 'pool.noneShown' : 'pool.empty')}</p>`}
    </section>`;
  }

  private renderMeter(pool: Pool, picks: readonly BallotPick[]): TemplateResult {
    const rule = this.rule;
    const t = tallyPool(rule, pool, picks, this.byId);
    const id = `meter-${pool.id}`;
    let body: TemplateResult;
    switch (rule.kind) {
      case 'single':
        body = html`<p id=${id}>${t.picks ? this.i18n.t('meter.singleChosen') : this.i18n.t('meter.singleNone')}</p>`;
        break;
      case 'approval':
        body = html`<p id=${id}>
          ${this.i18n.t('meter.chosen', { n: t.picks, max: rule.max })} · ${this.i18n.t('meter.picksLeft', { left: t.picksLeft ?? 0 })}
          ${t.picks < rule.min ? html`· ${this.i18n.t('meter.atLeast', { min: rule.min })}` : nothing}
        </p>`;
        break;
      case 'ranked':
        body = html`<p id=${id}>${this.i18n.t('meter.ranked', { n: t.picks, max: rule.maxRanks })} · ${this.i18n.t('meter.picksLeft', { left: t.picksLeft ?? 0 })}</p>`;
        break;
      case 'cumulative':
        body = html`<p id=${id}>${this.i18n.t('meter.points', { left: t.pointsLeft ?? 0, total: rule.points })}</p>`;
        break;
      case 'knapsack': {
        const limit = knapsackLimit(rule, pool);
        const min = knapsackMinimum(rule, pool);
        const share = limit > 0 ? Math.min(1, t.cost / limit) : 0;
        body = html`<p id=${id}>
            ${this.i18n.t('meter.money', { spent: this.i18n.money(t.cost), limit: this.i18n.money(limit) })} ·
            <strong>${this.i18n.t('meter.moneyLeft', { left: this.i18n.money(t.moneyLeft ?? 0) })}</strong>
          </p>
          <div
            part="budget-meter"
            class="bar"
            role="meter"
            aria-labelledby=${id}
            aria-valuemin="0"
            aria-valuemax=${limit}
            aria-valuenow=${t.cost}
            aria-valuetext=${this.i18n.t('meter.money', { spent: this.i18n.money(t.cost), limit: this.i18n.money(limit) })}
          >
            <div class="bar-fill" style=${styleMap({ inlineSize: `${(share * 100).toFixed(2)}%` })}></div>
            ${min > 0 ? html`<div class="bar-min" style=${styleMap({ insetInlineStart: `${((min / limit) * 100).toFixed(2)}%` })}></div>` : nothing}
          </div>
          ${min > 0 ? html`<p class="hint">${this.i18n.t('meter.minShare', { min: this.i18n.money(min) })}</p>` : nothing}`;
        break;
      }
    }
    return html`<div part="meter" class="meter">
      ${body}
      ${picks.length && rule.kind === 'single'
        ? html`<button type="button" class="link" @click=${() => this.handleClearPool(pool)}>${this.i18n.t('pool.clear')}</button>`
        : nothing}
    </div>`;
  }

  private renderCard(pool: Pool, project: Proposal, picks: readonly BallotPick[]): TemplateResult {
    const config = this.hooks.config();
    const locale = this.i18n.locale;
    const rule = this.rule;
    const bp = this.byId.get(project.id)!;
    const picked = isPicked(picks, project.id);
    const block = picked || rule.kind === 'cumulative' ? null : whyCannotAdd(rule, pool, picks, bp, this.byId);
    const titleId = `t-${project.id}`;
    const blockId = `b-${project.id}`;
    const photo = project.photos[0];
    const photoUrl = photo ? this.hooks.photoUrl(photo.url) : null;
    const category = config.city.categories.find((c) => c.id === project.category);
    const district = project.district ? config.city.districts.find((d) => d.id === project.district) : undefined;
    const rank = rule.kind === 'ranked' && picked ? picks.findIndex((p) => p.projectId === project.id) + 1 : 0;
    return html`<article part="card" class="card project ${picked ? 'picked' : ''}" aria-labelledby=${titleId}>
      ${photoUrl
        ? html`<img part="photo" src=${photoUrl} alt="" loading="lazy" decoding="async" width=${photo!.width} height=${photo!.height} />`
        : nothing}
      <div class="card-body stack">
        <h4 id=${titleId} class="user-text" dir="auto">${project.title}</h4>
        <p class="row meta">
          <strong class="cost">${this.i18n.money(bp.cost)}</strong>
          ${category ? html`<span class="badge">${category.name[locale]}</span>` : nothing}
          ${district ? html`<span class="badge">${district.name[locale]}</span>` : nothing}
          ${rank ? html`<span class="badge rank-badge">${this.i18n.t('rank.place', { rank })}</span>` : nothing}
        </p>
        <p class="user-text" dir="auto">${summaryOf(project.description)}</p>
        <details>
          <summary>${this.i18n.t('card.more')}<span class="sr-only">: ${project.title}</span></summary>
          <div class="stack detail">
            <p class="user-text description" dir="auto">${project.description}</p>
            <p><span class="muted">${this.i18n.t('card.address')}</span> <span class="user-text" dir="auto">${project.address}</span></p>
            <p><span class="muted">${this.i18n.t('card.author')}</span> <span class="user-text" dir="auto">${project.authorName}</span></p>
          </div>
        </details>
        ${this.renderControl(pool, project, picks, picked, block, titleId, blockId)}
        ${block ? html`<p id=${blockId} class="hint blocked">${blockText(this.i18n, block)}</p>` : nothing}
      </div>
    </article>`;
  }

  private renderControl(pool: Pool, project: Proposal, picks: readonly BallotPick[], picked: boolean, block: AddBlock | null, titleId: string, blockId: string): TemplateResult {
    const rule = this.rule;
    const inputId = `c-${project.id}`;
    if (rule.kind === 'cumulative') {
      const points = pointsOn(picks, project.id);
      const max = maxPointsFor(rule, picks, project.id);
      return html`<div class="stepper" role="group" aria-labelledby=${titleId}>
        <button
          type="button"
          data-step="minus"
          aria-label=${this.i18n.t('points.less', { title: project.title })}
          aria-disabled=${points === 0 ? 'true' : 'false'}
          @click=${() => this.handleStep(project, -1)}
        >
          −
        </button>
        <label class="sr-only" for=${inputId}>${this.i18n.t('points.label', { title: project.title })}</label>
        <input id=${inputId} type="number" inputmode="numeric" min="0" max=${rule.maxPerProject} .value=${String(points)} @change=${(e: Event) => this.handlePointsInput(e, project)} />
        <button
          type="button"
          data-step="plus"
          aria-label=${this.i18n.t('points.more', { title: project.title })}
          aria-disabled=${points >= max ? 'true' : 'false'}
          @click=${() => this.handleStep(project, 1)}
        >
          +
        </button>
        <span class="hint" aria-hidden="true">${this.i18n.t('points.unit', { n: points })}</span>
      </div>`;
    }
    const type = rule.kind === 'single' ? 'radio' : 'checkbox';
    const label = rule.kind === 'single' ? this.i18n.t('card.choose') : rule.kind === 'ranked' ? this.i18n.t('card.rank') : this.i18n.t('card.pick');
    return html`<label class="pick ${block ? 'is-blocked' : ''}" for=${inputId}>
      <input
        id=${inputId}
        type=${type}
        name=${`pool-${pool.id}`}
        .checked=${picked}
        aria-disabled=${block ? 'true' : 'false'}
        aria-describedby=${block ? blockId : nothing}
        @click=${(e: Event) => this.handleToggle(e, project)}
      />
      <span>${label}<span class="sr-only">: ${project.title}</span></span>
    </label>`;
  }
}
