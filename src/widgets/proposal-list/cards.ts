import { html, nothing, type TemplateResult } from 'lit';
import { PROPOSAL_STATUSES, noteIn, type CityConfig, type Proposal, type ProposalStatus } from '../../contract/index.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { VirtualList } from './card-rows-controller.js';
import type { ProposalListMessages } from './messages.js';
import type { FundedProgress } from './funded-progress-controller.js';
import { countsPublic } from '../../domain/phase.js';
import { isFunded, statusTone, type Tone } from './query.js';

export type ListI18n = LocalizeController<CommonMessages & ProposalListMessages>;

/** A card's words, made once per proposal (see `CardViews`). */
export interface CardView {
  status: string;
  tone: Tone;
  category: string;
  /** '' when the proposal names no district. */
  district: string;
  cost: string;
  /** '' when votes are not shown. */
  votes: string;
}

/**
 * Whether the cycle shows vote counts: once the results are out, or from the start of voting where the city shows
 * live counts — the server's rule, at the server's time the config was given (before voting there are no counts,
 * and a sort by them is refused).
 */
export function votesVisible(config: CityConfig): boolean {
  return countsPublic(config.cycle, new Date(config.serverTime));
}

/** Every text a card shows (and the locale of its numbers): the rows render again when any of them changes. */
export function cardTexts(t: ListI18n): string {
  return [
    t.locale,
    ...PROPOSAL_STATUSES.map((st) => t.t(`status.${st}`)),
    t.t('card.reason'),
    t.t('card.mergedInto'),
    ...[1, 2, 5].map((n) => t.t('votes', { n })),
  ].join('\n');
}

/**
 * What a card shows in words (status, category, district, cost, votes): made once per proposal
 * while the texts, the config and the votes' visibility stay the same, not each time its row is
 * drawn again — a long list draws the same cards over and over while it is scrolled.
 */
export class CardViews {
  private cache: { texts: string; config: CityConfig | null; showVotes: boolean; views: WeakMap<Proposal, CardView> } = { texts: '', config: null, showVotes: false, views: new WeakMap() };

  constructor(private readonly i18n: ListI18n) {}

  get(p: Proposal, texts: string, config: CityConfig, categories: Map<string, string>, districts: Map<string, string>, showVotes: boolean): CardView {
    let cache = this.cache;
    if (cache.texts !== texts || cache.config !== config || cache.showVotes !== showVotes) {
      cache = this.cache = { texts, config, showVotes, views: new WeakMap() };
    }
    let view = cache.views.get(p);
    if (!view) {
      view = {
        status: this.i18n.t(`status.${p.status}`),
        tone: statusTone(p.status),
        category: categories.get(p.category) ?? p.category,
        district: p.district ? (districts.get(p.district) ?? p.district) : '',
        cost: this.i18n.money(p.finalCost ?? p.estimatedCost),
        votes: showVotes && p.votes !== undefined ? this.i18n.t('votes', { n: p.votes }) : '',
      };
      cache.views.set(p, view);
    }
    return view;
  }
}

export function renderBadge(i18n: ListI18n, status: ProposalStatus): TemplateResult {
  return html`<span class="badge tone-${statusTone(status)}" part="badge">${i18n.t(`status.${status}`)}</span>`;
}

/** What a card's links lead to. */
export interface FateLinks {
  /** The proposals shown, by id (a merged one names its target's title). */
  byId(): Map<string, Proposal>;
  openMerged(id: string): void;
}

/** Why a proposal was rejected, what to change, or what it was merged into. */
export function renderFate(i18n: ListI18n, links: FateLinks, p: Proposal): TemplateResult | typeof nothing {
  if (p.status === 'merged' && p.mergedInto) {
    const target = links.byId().get(p.mergedInto);
    return html`<p class="reason">
        ${i18n.t('card.mergedInto')}
        <button type="button" class="link" @click=${() => links.openMerged(p.mergedInto!)}>
          <bdi class="user-text" dir="auto">${target ? target.title : p.mergedInto}</bdi>
        </button>
      </p>
      ${p.reviewNote ? html`<p class="reason">${i18n.t('card.reason')} <bdi class="user-text" dir="auto">${noteIn(i18n.locale, p.reviewNote, p.reviewNotes)}</bdi></p>` : nothing}`;
  }
  if ((p.status === 'rejected' || p.status === 'needs_changes' || p.status === 'cancelled') && p.reviewNote) {
    return html`<p class="reason">${i18n.t(p.status === 'cancelled' ? 'card.cancelReason' : 'card.reason')} <bdi class="user-text" dir="auto">${noteIn(i18n.locale, p.reviewNote, p.reviewNotes)}</bdi></p>`;
  }
  return nothing;
}

/** What a card needs besides its proposal and words. */
export interface CardContext {
  i18n: ListI18n;
  links: FateLinks;
  /** The virtualizer's late photo address, for a long list. */
  later: VirtualList['photoLater'] | undefined;
  progress: FundedProgress | null;
  progressPage: string;
  /** Click on a card's title (the button carries `data-id` and `data-index`). */
  open: (event: Event) => void;
}

/**
 * One card in one template (its rarer parts — photo, progress, the council's reason — apart). Each card
 * is a list item that says its place among all the proposals that match (aria-posinset of aria-setsize),
 * since a screen reader sees only the rows drawn.
 */
export function renderCard(ctx: CardContext, p: Proposal, v: CardView, index: number, total: number): TemplateResult {
  const photo = p.photos[0];
  // Drawn by the virtualizer, only near the screen: no lazy loading needed, and the address comes after the frame.
  const later = ctx.later;
  return html`<div class="item" role="listitem" aria-posinset=${index + 1} aria-setsize=${total}>
    <article class="card" part="card" aria-labelledby="t-${index}">
      ${photo
        ? html`<img class="thumb" part="thumbnail" src=${later ? later(photo.url) : photo.url} alt="" loading=${later ? 'eager' : 'lazy'} decoding="async" width=${photo.width} height=${photo.height} />`
        : nothing}
      <h3 id="t-${index}">
        <button type="button" class="link user-text" dir="auto" data-id=${p.id} data-index=${index} @click=${ctx.open}>${p.title}</button>
      </h3>
      <span class="badge tone-${v.tone}" part="badge">${v.status}</span>
      ${ctx.progress && isFunded(p.status) ? ctx.progress.line.renderProgress(ctx.i18n, p, ctx.progress.items.get(p.id), ctx.progressPage, index) : nothing}
      <p class="meta">
        <span>${v.category}</span>
        <span ?hidden=${!v.district}>${v.district}</span>
        <span class="cost">${v.cost}</span>
        <span class="votes" ?hidden=${!v.votes}>${v.votes}</span>
      </p>
      ${p.reviewNote || p.status === 'merged' ? renderFate(ctx.i18n, ctx.links, p) : nothing}
    </article>
  </div>`;
}
