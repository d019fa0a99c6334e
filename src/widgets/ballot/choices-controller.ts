import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
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
  type PoolTally,
} from '../../domain/ballot-editor.js';
import { afterFrame } from '../../ui/after-frame.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { BallotMessages, VoteMessages } from './messages.js';
import type { PoolIssue } from './steps.js';
import { blockText, issueText, pointsBlockText, summaryOf, tallyText } from './texts.js';

/** Ballots longer than this get category / district filters. */
const FILTER_FROM = 12;
/** At most this many cards shown are drawn at once; more are drawn a few at a time (see `drawMore`). */
const AT_ONCE = FILTER_FROM;
/**
 * Cards drawn with the ballot step, in the task that shows it: the first screen of a laptop's window (two rows of
 * three) or of a phone's (two cards, one a row), below the meters and the filters.
 */
const FIRST_CARDS = 6;
/**
 * The rest come in tasks of their own, one after each frame (the browser styles, lays out and paints a task's cards
 * in the frame after it; cards off screen cost that frame little: `content-visibility: auto` in vote.styles.ts).
 * Each task draws as many as would take about `BUDGET` ms of script by the last one's, from `MIN_STEP` to `MAX_STEP`
 * (the most a frame then meets): a few on a slow phone, `MAX_STEP` on a laptop. Measured with a CPU trace of the
 * bench's 100 projects at 1× (a task of 12.5 ms there is 50 on a 4× slow phone), three runs on each screen: no task
 * of the drawing above 6.6 ms, where the 40 cards a task drew before made one or two of 22–39 ms.
 */
const BUDGET = 8;
/** At least this many: a task's time counts whatever else held the thread up (another process, the browser), not only its cards. */
const MIN_STEP = 4;
const MAX_STEP = 24;

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
 * district filters and cards drawn a few per task, so no single task blocks the
 * page. Every change goes to the ballot's draft through `setPicks` and is
 * announced; the ballot keeps the step, its issues and the review.
 */
export class ChoicesController implements ReactiveController {
  private filter: { category: string; district: string } = { category: '', district: '' };
  /** Cards drawn so far (of those the filters show, in their order). */
  private cardLimit = FIRST_CARDS;
  /** The last render of the choices left cards shown by the filters undrawn. */
  private undrawn = false;
  /** Cards the next task draws (see `BUDGET`). */
  private step = 8;
  /** When the task drawing more cards began (-1: no such task is drawing). */
  private grewAt = -1;
  /** A `drawMore` waits for the next frame. */
  private growing = false;
  /** Counts the waits begun and stopped: a wait that ends after a later one began, or after a stop, draws nothing. */
  private growth = 0;
  /** A pointer was pressed (a tap, a click) in the ballot since the last key: focus that comes now comes with it. */
  private pressed = false;
  /** Focus is where a pointer's press put it. */
  private focusPressed = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly i18n: LocalizeController<CommonMessages & BallotMessages & VoteMessages>,
    private readonly hooks: ChoicesHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // On the shadow root: a focusin from one element of it to another never reaches the host (both retarget to it).
    const root = this.host.shadowRoot!;
    root.addEventListener('focusin', this.handleFocus);
    root.addEventListener('pointerdown', this.handlePress);
    root.addEventListener('keydown', this.handleKey);
  }

  hostDisconnected(): void {
    const root = this.host.shadowRoot!;
    root.removeEventListener('focusin', this.handleFocus);
    root.removeEventListener('pointerdown', this.handlePress);
    root.removeEventListener('keydown', this.handleKey);
    this.stopGrowing();
  }

  hostUpdate(): void {
    // Set again by this render if it draws the choices (another step draws none).
    this.undrawn = false;
  }

  hostUpdated(): void {
    if (this.grewAt < 0) return;
    // The next task draws as many cards as fit the budget, by what this one's took.
    const took = Math.max(0.1, performance.now() - this.grewAt);
    this.step = Math.max(MIN_STEP, Math.min(MAX_STEP, Math.floor((this.step * BUDGET) / took)));
    this.grewAt = -1;
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

  /** The ballot step is shown anew: its first cards are drawn with it, the rest after. */
  drawFromStart(): void {
    this.stopGrowing();
    this.cardLimit = FIRST_CARDS;
  }

  /**
   * After a render of the ballot step that left cards undrawn: the next few, in a task after the next frame
   * (`afterFrame`), so that a frame styles and lays out only the cards of one such task.
   */
  drawMore(): void {
    if (!this.undrawn || this.growing) return;
    this.growing = true;
    const growth = ++this.growth;
    void afterFrame().then(() => {
      if (growth === this.growth) this.grow();
    });
  }

  private grow(): void {
    this.stopGrowing();
    this.grewAt = performance.now();
    this.cardLimit += this.step;
    this.host.requestUpdate();
  }

  private stopGrowing(): void {
    this.growing = false;
    this.growth++;
  }

  /**
   * Tab, Shift+Tab and a radio group's arrows move through every card in order, drawn or not. Cards are drawn in
   * order, so when focus comes to the last card drawn (its "more", its pick) the next few are drawn, and when it comes
   * past it (a later pool's "clear", the review button) all of them: in a microtask after focus moved, long before the
   * next key moves it on.
   */
  private readonly handleFocus = (event: Event): void => {
    this.focusPressed = this.pressed;
    // Not all of them when a tap put focus there (on the review button, say): drawing them would hold up the tap's own
    // work; Tab or Shift+Tab from there draws them (`handleKey`).
    this.drawAhead(event.composedPath()[0] as Node, !this.focusPressed);
  };

  private readonly handlePress = (): void => {
    this.pressed = true;
  };

  private readonly handleKey = (event: Event): void => {
    this.pressed = false;
    const { key, code } = event as KeyboardEvent;
    // Rendered in the microtask checkpoint after this listener, before the browser moves focus.
    // WebKitGTK names Shift+Tab's key "Unidentified" (GTK's ISO_Left_Tab); its code is Tab.
    if (this.focusPressed && (key === 'Tab' || code === 'Tab')) this.drawAhead(this.host.shadowRoot?.activeElement ?? null, true);
  };

  /** Focus is on `focused`: the next cards if it is in the last card drawn, or (if `all`) every card if it is past it. */
  private drawAhead(focused: Node | null, all: boolean): void {
    const root = this.host.shadowRoot;
    if (!this.undrawn || !root || !focused) return;
    const cards = root.querySelectorAll('[part~="card"]');
    const last = cards[cards.length - 1];
    if (!last) return;
    const inLast = last.contains(focused);
    const past = !inLast && !!(last.compareDocumentPosition(focused) & Node.DOCUMENT_POSITION_FOLLOWING);
    if (!inLast && !(past && all)) return;
    this.stopGrowing();
    this.cardLimit = past ? Infinity : this.cardLimit + this.step;
    this.host.requestUpdate();
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
    // The cards the filter shows come as the step's do: the first with it, the rest a few per task.
    this.drawFromStart();
    this.host.requestUpdate();
  }

  /** The filters of a long ballot and every pool; `issues` are the ballot step's, shown by their pools. */
  render(issues: readonly PoolIssue[]): TemplateResult {
    const long = this.projects.length > FILTER_FROM;
    const visible = long ? filterProjects(this.projects, { category: this.filter.category, district: this.filter.district }) : this.projects;
    const pools = this.ballot.pools;
    // Drawn in the page's order (pool by pool), so that the cards drawn first are those at the top, and Tab meets no gap.
    const drawn =
      visible.length > AT_ONCE && visible.length > this.cardLimit
        ? pools.flatMap((pool) => visible.filter((p) => p.poolId === pool.id)).slice(0, this.cardLimit)
        : visible;
    this.undrawn = drawn.length < visible.length;
    return html`${long ? this.renderFilters(visible.length) : nothing}
    ${pools.map((pool) => this.renderPool(pool, drawn, visible, issues))}`;
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
    // Counted once for every card of the pool ("does it still fit?"), not once per card.
    const tally = tallyPool(this.rule, pool, picks, this.byId);
    // What every card shows alike: the city's config (its words included), the language, and the words loaded for it.
    const words = [this.hooks.config(), locale, this.i18n.t('card.more')];
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
              (p) => html`<li>${this.renderCard(pool, p, picks, tally, words)}</li>`,
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

  /**
   * A project's card: made again only when what it shows changes (the project, its pick, rank, points, why it cannot
   * be added, the words of every card); else `guard` leaves the drawn card as it is. Its handlers read the ballot's
   * state when they run, so a card kept from an earlier render acts on the current picks.
   */
  private renderCard(pool: Pool, project: Proposal, picks: readonly BallotPick[], tally: PoolTally, words: unknown[]): unknown {
    const rule = this.rule;
    const picked = isPicked(picks, project.id);
    const block = picked || rule.kind === 'cumulative' ? null : whyCannotAdd(rule, pool, picks, this.byId.get(project.id)!, this.byId, tally);
    const blocked = block ? blockText(this.i18n, block) : '';
    const rank = rule.kind === 'ranked' && picked ? picks.findIndex((p) => p.projectId === project.id) + 1 : 0;
    const points = rule.kind === 'cumulative' ? pointsOn(picks, project.id) : 0;
    const max = rule.kind === 'cumulative' ? maxPointsFor(rule, picks, project.id) : 0;
    return guard([project, ...words, pool, picked, rank, points, max, blocked], () => this.cardOf(pool, project, picks, picked, rank, block, blocked));
  }

  private cardOf(pool: Pool, project: Proposal, picks: readonly BallotPick[], picked: boolean, rank: number, block: AddBlock | null, blocked: string): TemplateResult {
    const config = this.hooks.config();
    const locale = this.i18n.locale;
    const bp = this.byId.get(project.id)!;
    const titleId = `t-${project.id}`;
    const blockId = `b-${project.id}`;
    const photo = project.photos[0];
    const photoUrl = photo ? this.hooks.photoUrl(photo.url) : null;
    const category = config.city.categories.find((c) => c.id === project.category);
    const district = project.district ? config.city.districts.find((d) => d.id === project.district) : undefined;
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
        ${block ? html`<p id=${blockId} class="hint blocked">${blocked}</p>` : nothing}
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
