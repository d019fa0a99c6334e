import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { BallotInput, BallotPick, Pool } from '../../contract/index.js';
import { movePick, picksOf, poolsFor, submitIssues, tallyPool, toBallotInput } from '../../domain/ballot-editor.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import { ChoicesController, type ChoicesHost } from './choices-controller.js';
import { QalaBeforeBallotCastEvent, type BallotShape } from './events.js';
import type { BallotMessages, VoteMessages } from './messages.js';
import type { PoolIssue, Step, StepOf, Words } from './steps.js';
import { issueText, ruleText } from './texts.js';
import { voteStyles } from './vote.styles.js';

/** What the voting part needs from the ballot it sits in, besides what the choosing needs. */
export interface VoteHost extends ChoicesHost {
  /** The step's heading (one element for every state of the step, so focus on it stays). */
  heading(text: string): TemplateResult;
  stepError(error: Words | null): TemplateResult | typeof nothing;
  /** The outbox is taking the ballot: the send button waits. */
  submitting(): boolean;
  /** Shows `step`, focus moving to `focus` (default: its heading). */
  go(step: Step, focus?: string): void;
  /** The ballot checked and not stopped by the host page: the outbox takes it. */
  submit(ballot: BallotInput): void;
}

/**
 * What a resident reaches only once verified: the choosing (`ChoicesController`),
 * the ballot's rules (`ballot-editor`, `domain/ballot`), its texts, the review
 * step with its checks and the host's veto (`qala-before-ballot-cast`), and the
 * styles of both steps (`vote.styles.ts`). A module of its own (in the
 * script-tag build a chunk, `ballot.vote-part-….js`), with its words in a
 * catalogue of their own (`messages/vote/`, one chunk per language), both
 * fetched as soon as the first step shows, so they are there long before the
 * verification ends; the ballot shows its step's heading with a loading state
 * until they are, and the outbox's steps (sending, queued, done) and "already
 * voted" never wait for them.
 */
export class VotePart {
  /** The styles of what it draws, which the ballot adopts when it arrives. */
  readonly styles = voteStyles;
  private readonly choices: ChoicesController;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly i18n: LocalizeController<CommonMessages & BallotMessages & VoteMessages>,
    private readonly hooks: VoteHost,
  ) {
    this.choices = new ChoicesController(host, i18n, hooks);
  }

  /** The ballot step is shown anew: cards are drawn from the first chunk. */
  drawFromStart(): void {
    this.choices.drawFromStart();
  }

  /** After a render of the ballot step: the next chunk of cards, until all are drawn. */
  drawMore(): void {
    this.choices.drawMore();
  }

  /**
   * The pools this voter may choose in, in the cycle's order: all of them, or for a voter the voter list places in a
   * district, the city-wide and category pools and their district's (the server refuses picks in another's). Only
   * these are shown, checked, reviewed and sent.
   */
  private pools(): Pool[] {
    return poolsFor(this.hooks.config().cycle.pools, this.hooks.district());
  }

  /** What stops the draft from being sent (minimums included), by pool. */
  issues(): PoolIssue[] {
    return submitIssues({ ...this.hooks.config().cycle, pools: this.pools() }, [...this.hooks.byId().values()], this.hooks.draft());
  }

  /** The issues in words, as said when the review is refused. */
  private issuesText(issues: readonly PoolIssue[]): string {
    const pools = this.pools();
    return issues.map((i) => issueText(this.i18n, pools, i.poolId, i.issue)).join(' ');
  }

  /** The rule of the ballot in one sentence (said when the ballot step fills in). */
  ruleText(): string {
    return ruleText(this.i18n, this.hooks.config().cycle.ballot, this.pools().length);
  }

  /** The ballot step's "Review": the review, or the choices again with what stops the ballot, said. */
  private review(): void {
    const issues = this.issues();
    if (!issues.length) return this.hooks.go({ step: 'review', error: null });
    this.hooks.go({ step: 'ballot', issues, error: null }, '#ballot-errors');
    this.hooks.say(this.issuesText(issues));
  }

  /**
   * The review's "Send": the choices again if something stops the ballot, the review with why if the host page
   * stopped it (`qala-before-ballot-cast`), else the ballot goes to the outbox.
   */
  private send({ error }: StepOf<'review'>): void {
    if (this.hooks.submitting()) return;
    const issues = this.issues();
    if (issues.length) return this.hooks.go({ step: 'ballot', issues, error }, '#ballot-errors');
    const before = new QalaBeforeBallotCastEvent({ cycleId: this.hooks.config().cycle.id, pools: this.shape() });
    this.host.dispatchEvent(before);
    if (before.defaultPrevented) return this.hooks.go({ step: 'review', error: () => this.i18n.t('review.vetoed') }, '#step-error');
    this.hooks.submit(this.ballot());
  }

  /** The ballot to send. */
  private ballot(): BallotInput {
    return toBallotInput(this.hooks.config().cycle.id, this.pools(), this.hooks.draft());
  }

  /** The ballot's shape for `qala-before-ballot-cast` (counts and sums, no project ids). */
  private shape(): BallotShape[] {
    const rule = this.hooks.config().cycle.ballot;
    return this.pools().map((pool) => {
      const t = tallyPool(rule, pool, picksOf(this.hooks.draft(), pool.id), this.hooks.byId());
      return { poolId: pool.id, picks: t.picks, cost: t.cost, points: t.points };
    });
  }

  /** A ranked pool's picks with the one at `from` moved to `to`. */
  move(picks: readonly BallotPick[], from: number, to: number): BallotPick[] {
    return movePick(picks, from, to);
  }

  /** The ballot step below its heading: the rule, the issues of the last check, the pools, and the review button. */
  renderChoices({ issues, error }: StepOf<'ballot'>): TemplateResult {
    const pools = this.pools();
    return html`<p>${this.ruleText()}</p>
      ${this.renderDistrict()}
      ${issues.length || error
        ? html`<div id="ballot-errors" class="notice error" role="alert" tabindex="-1">
            ${error ? html`<p>${error()}</p>` : nothing}
            <ul>
              ${issues.map((i) => html`<li>${issueText(this.i18n, pools, i.poolId, i.issue)}</li>`)}
            </ul>
          </div>`
        : nothing}
      ${this.choices.render(issues)}
      <div class="row actions">
        <button class="primary" @click=${() => this.review()}>${this.i18n.t('ballot.review')}</button>
      </div>`;
  }

  /** For a voter the voter list places in a district (said only where the budget has district pools): which district's sections they see. */
  private renderDistrict(): TemplateResult | typeof nothing {
    const id = this.hooks.district();
    if (id === null) return nothing;
    const district = this.hooks.config().city.districts.find((d) => d.id === id)?.name[this.i18n.locale] ?? id;
    return html`<p class="hint" data-district>${this.i18n.t('ballot.district', { district })}</p>`;
  }

  renderReview(step: StepOf<'review'>): TemplateResult {
    const config = this.hooks.config();
    const locale = this.i18n.locale;
    const rule = config.cycle.ballot;
    const pools = this.pools();
    return html`<section part="step" class="stack">
      ${this.hooks.heading(this.i18n.t('review.title'))}
      <p>${this.i18n.t('review.lead')}</p>
      <div part="review" class="stack">
        ${pools.map((pool) => {
          const picks = this.hooks.picks(pool.id);
          const t = tallyPool(rule, pool, picks, this.hooks.byId());
          return html`<section class="review-pool" aria-labelledby="rv-${pool.id}">
            <h3 id="rv-${pool.id}">${pools.length > 1 ? pool.name[locale] : this.i18n.t('review.yourChoice')}</h3>
            ${picks.length
              ? html`${rule.kind === 'ranked'
                    ? html`<ol class="review-list">${picks.map((pick) => this.renderReviewPick(pick))}</ol>`
                    : html`<ul class="review-list">${picks.map((pick) => this.renderReviewPick(pick))}</ul>`}
                <p class="total">
                  ${this.i18n.t('review.total', { n: t.picks, cost: this.i18n.money(t.cost) })}${rule.kind === 'cumulative'
                    ? ` · ${this.i18n.t('review.points', { points: t.points, total: rule.points })}`
                    : ''}
                </p>`
              : html`<p class="muted">${this.i18n.t('review.abstain')}</p>`}
          </section>`;
        })}
      </div>
      <p class="hint">${config.cycle.revote === 'until_close' ? this.i18n.t('review.revote') : this.i18n.t('review.final')}</p>
      ${this.hooks.stepError(step.error)}
      <div class="row actions">
        <button type="button" @click=${() => this.hooks.go({ step: 'ballot', issues: [], error: step.error })}>${this.i18n.t('review.back')}</button>
        <button part="submit-button" class="primary" type="button" ?disabled=${this.hooks.submitting()} @click=${() => this.send(step)}>${this.i18n.t('review.submit')}</button>
      </div>
    </section>`;
  }

  /** One pick in the review: numbered only by a ranked ballot's `<ol>` (an approval pick has no rank). */
  private renderReviewPick(pick: { projectId: string; points?: number | undefined }): TemplateResult {
    return html`<li>
      <span class="user-text" dir="auto">${this.hooks.titleOf(pick.projectId)}</span>
      <span class="muted">
        ${this.i18n.money(this.hooks.byId().get(pick.projectId)?.cost ?? 0)}${pick.points !== undefined ? ` · ${this.i18n.t('points.unit', { n: pick.points })}` : ''}
      </span>
    </li>`;
  }
}
