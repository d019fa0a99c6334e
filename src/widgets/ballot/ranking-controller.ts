import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { BallotPick, Pool } from '../../contract/index.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { BallotMessages, VoteMessages } from './messages.js';

/** What the ranking needs from the ballot it sits in. */
export interface RankingHost {
  /** The pool's picks, in rank order. */
  picks(poolId: string): readonly BallotPick[];
  setPicks(poolId: string, picks: BallotPick[]): void;
  /** Moves the pool's pick at `from` to `to` (the ballot's `movePick`: importing the domain module here would put it in the chunk every page loads). */
  move(poolId: string, from: number, to: number): void;
  titleOf(projectId: string): string;
  focus(selector: string): void;
  say(text: string): void;
}

/**
 * The ranked ballot's "Your ranking": moving a pick up or down (buttons, or
 * Alt + arrow keys on its row), taking it out, and dragging it to a new place.
 * Owns the drag in progress; every change goes to the ballot's draft through
 * `setPicks`, is announced, and keeps focus on the control that made it.
 */
export class RankingController implements ReactiveController {
  /** The row being dragged. */
  private dragFrom: { poolId: string; index: number } | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly i18n: LocalizeController<CommonMessages & BallotMessages & VoteMessages>,
    private readonly hooks: RankingHost,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.dragFrom = null;
  }

  private move(poolId: string, index: number, delta: number, projectId: string): void {
    const picks = this.hooks.picks(poolId);
    const to = index + delta;
    if (to < 0 || to >= picks.length) {
      this.hooks.say(this.i18n.t(delta < 0 ? 'rank.alreadyFirst' : 'rank.alreadyLast'));
      return;
    }
    this.hooks.move(poolId, index, to);
    this.hooks.focus(`button[data-move="${delta < 0 ? 'up' : 'down'}"][data-project="${CSS.escape(projectId)}"]`);
    this.hooks.say(this.i18n.t('rank.moved', { title: this.hooks.titleOf(projectId), rank: to + 1 }));
  }

  private remove(poolId: string, projectId: string): void {
    const picks = this.hooks.picks(poolId).filter((p) => p.projectId !== projectId);
    this.hooks.setPicks(poolId, picks);
    this.hooks.focus(`#ranking-${CSS.escape(poolId)}`);
    this.hooks.say(this.i18n.t('rank.removed', { title: this.hooks.titleOf(projectId) }));
  }

  private handleKey(event: KeyboardEvent, poolId: string, index: number, projectId: string): void {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    this.move(poolId, index, event.key === 'ArrowUp' ? -1 : 1, projectId);
  }

  private handleDragStart(event: DragEvent, poolId: string, index: number): void {
    this.dragFrom = { poolId, index };
    this.host.requestUpdate();
    event.dataTransfer?.setData('text/plain', String(index));
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
  }

  private handleDragOver(event: DragEvent, poolId: string): void {
    if (this.dragFrom?.poolId !== poolId) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
  }

  private handleDrop(event: DragEvent, poolId: string, index: number): void {
    event.preventDefault();
    const from = this.dragFrom;
    this.dragFrom = null;
    this.host.requestUpdate();
    if (!from || from.poolId !== poolId || from.index === index) return;
    const picks = this.hooks.picks(poolId);
    const moved = picks[from.index];
    this.hooks.move(poolId, from.index, index);
    if (moved) this.hooks.say(this.i18n.t('rank.moved', { title: this.hooks.titleOf(moved.projectId), rank: index + 1 }));
  }

  private readonly handleDragEnd = (): void => {
    this.dragFrom = null;
    this.host.requestUpdate();
  };

  /** "Your ranking" of one pool: its picks in order, each movable by buttons, Alt + arrow keys or dragging. */
  render(pool: Pool, picks: readonly BallotPick[]): TemplateResult {
    const headingId = `ranking-${pool.id}`;
    return html`<div class="ranking-box">
      <h4 id=${headingId} tabindex="-1">${this.i18n.t('rank.title')}</h4>
      ${picks.length
        ? html`<p class="hint">${this.i18n.t('rank.howTo')}</p>
            <ol part="ranking" class="ranking" aria-labelledby=${headingId}>
              ${repeat(
                picks,
                (p) => p.projectId,
                (pick, index) => {
                  const title = this.hooks.titleOf(pick.projectId);
                  return html`<li
                    draggable="true"
                    class=${this.dragFrom?.poolId === pool.id && this.dragFrom.index === index ? 'dragging' : ''}
                    data-index=${index}
                    @dragstart=${(e: DragEvent) => this.handleDragStart(e, pool.id, index)}
                    @dragover=${(e: DragEvent) => this.handleDragOver(e, pool.id)}
                    @drop=${(e: DragEvent) => this.handleDrop(e, pool.id, index)}
                    @dragend=${this.handleDragEnd}
                    @keydown=${(e: KeyboardEvent) => this.handleKey(e, pool.id, index, pick.projectId)}
                  >
                    <span class="rank" aria-hidden="true">${index + 1}</span>
                    <span class="user-text grow" dir="auto"><span class="sr-only">${this.i18n.t('rank.place', { rank: index + 1 })} </span>${title}</span>
                    <span class="row nowrap">
                      <button
                        type="button"
                        data-move="up"
                        data-project=${pick.projectId}
                        aria-label=${this.i18n.t('rank.up', { title })}
                        aria-disabled=${index === 0 ? 'true' : 'false'}
                        @click=${() => this.move(pool.id, index, -1, pick.projectId)}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        data-move="down"
                        data-project=${pick.projectId}
                        aria-label=${this.i18n.t('rank.down', { title })}
                        aria-disabled=${index === picks.length - 1 ? 'true' : 'false'}
                        @click=${() => this.move(pool.id, index, 1, pick.projectId)}
                      >
                        ↓
                      </button>
                      <button type="button" aria-label=${this.i18n.t('rank.remove', { title })} @click=${() => this.remove(pool.id, pick.projectId)}>✕</button>
                    </span>
                  </li>`;
                },
              )}
            </ol>`
        : html`<p class="muted">${this.i18n.t('rank.empty')}</p>`}
    </div>`;
  }
}
