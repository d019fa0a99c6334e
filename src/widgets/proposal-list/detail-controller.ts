import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Backend } from '../../client/backend.js';
import type { QalaError } from '../../client/errors.js';
import { noteIn, type CityConfig, type Proposal } from '../../contract/index.js';
import { renderBadge, renderFate, votesVisible, type FateLinks, type ListI18n } from './cards.js';
import { ProposalOpenedEvent } from './events.js';

/** The open proposal: being fetched (a deep link to one not in the list), shown, or why it cannot be. */
export type Detail = { status: 'loading'; id: string } | { status: 'ready'; proposal: Proposal } | { status: 'error'; id: string; error: QalaError };

/** What the detail view needs from the list. */
export interface DetailHost {
  backend(): Backend | null;
  /** Id of the proposal that should be open ('' = none). */
  proposal(): string;
  items(): Proposal[];
  report(error: unknown): QalaError;
  errorText(error: QalaError): string;
  focusCard(index: number): Promise<void>;
}

/**
 * The detail `<dialog>` of one proposal: opened and closed to follow the
 * list's `proposal` (a click, a merged proposal's link, a deep link), the
 * proposal fetched when the list does not hold it, focus moved to its title
 * and back to the card it was opened from. The list calls `updated()` after
 * each of its updates and draws `render()` inside the dialog.
 */
export class DetailController implements ReactiveController {
  detail: Detail | null = null;
  /** The index of the card whose title opened the dialog, to focus again when it closes. */
  returnFocusTo: string | null = null;
  /** The proposal the dialog was last synced to ('' = closed). */
  private dialogFor = '';
  /**
   * The dialog element it was synced in: another city's config draws a new one (closed), which follows `proposal`
   * again, fetched from the new source.
   */
  private syncedIn: HTMLDialogElement | null = null;
  /** Counts the sources the list was loaded from: a proposal fetched from the one before is dropped. */
  private source = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly i18n: ListI18n,
    private readonly links: FateLinks,
    private readonly hooks: DetailHost,
  ) {
    host.addController(this);
  }

  /** Nothing starts with the host: the dialog follows `proposal` after each update. */
  hostConnected(): void {}

  private get dialog(): HTMLDialogElement | null {
    return this.host.shadowRoot?.querySelector('dialog') ?? null;
  }

  /** The dialog exists only once the config is loaded, so a deep link may wait for it. */
  updated(): void {
    const dialog = this.dialog;
    if (dialog && (dialog !== this.syncedIn || this.dialogFor !== this.hooks.proposal())) this.sync();
  }

  /** The list's source changed (city, cycle, API, backend): what the dialog shows was the old one's. */
  forget(): void {
    this.source++;
    this.syncedIn = null;
    this.returnFocusTo = null;
    this.set(null);
  }

  private set(detail: Detail | null): void {
    if (detail === this.detail) return;
    this.detail = detail;
    this.host.requestUpdate();
  }

  private focusTitle(): void {
    this.host.shadowRoot?.getElementById('detail-title')?.focus();
  }

  private sync(): void {
    const dialog = this.dialog;
    if (!dialog) return;
    const id = this.hooks.proposal();
    this.dialogFor = id;
    this.syncedIn = dialog;
    if (!id) {
      this.set(null);
      if (dialog.open) dialog.close();
      const index = this.returnFocusTo;
      this.returnFocusTo = null;
      if (index !== null) void this.host.updateComplete.then(() => this.hooks.focusCard(Number(index)));
      return;
    }
    this.host.dispatchEvent(new ProposalOpenedEvent({ id }));
    const known = this.hooks.items().find((p) => p.id === id);
    if (known) this.set({ status: 'ready', proposal: known });
    else void this.load(id);
    if (!dialog.open) dialog.showModal();
    void this.host.updateComplete.then(() => this.focusTitle());
  }

  /** A retry puts focus on the title while it loads (its button is gone), and back on the button if it fails again. */
  private async load(id: string, retry = false): Promise<void> {
    const backend = this.hooks.backend();
    if (!backend) return;
    const source = this.source;
    this.set({ status: 'loading', id });
    if (retry) void this.host.updateComplete.then(() => this.focusTitle());
    try {
      const proposal = await backend.getProposal(id);
      if (this.hooks.proposal() !== id || source !== this.source) return;
      this.set({ status: 'ready', proposal });
    } catch (error) {
      if (this.hooks.proposal() !== id || source !== this.source) return;
      this.set({ status: 'error', id, error: this.hooks.report(error) });
    }
    await this.host.updateComplete;
    const again = retry && this.detail?.status === 'error' ? this.host.shadowRoot?.getElementById('detail-retry') : null;
    if (again) again.focus();
    else this.focusTitle();
  }

  private readonly handleRetry = (): void => {
    const d = this.detail;
    if (d?.status === 'error' && this.hooks.proposal() === d.id) void this.load(d.id, true);
  };

  render(config: CityConfig, categories: Map<string, string>, districts: Map<string, string>): TemplateResult | typeof nothing {
    const d = this.detail;
    if (!d) return nothing;
    const i18n = this.i18n;
    const close = html`<form method="dialog"><button type="submit" aria-label=${i18n.t('close')}>✕</button></form>`;
    if (d.status !== 'ready') {
      return html`<div class="dialog-body">
        <div class="dialog-head">
          <h2 id="detail-title" tabindex="-1">${d.status === 'loading' ? i18n.t('loading') : i18n.t('detail.label')}</h2>
          ${close}
        </div>
        ${d.status === 'loading'
          ? html`<div class="skeleton sk-block" aria-hidden="true"></div>`
          : d.error.code === 'not_found'
            ? html`<p class="notice error" part="notice">${i18n.t('detail.notFound')}</p>`
            : html`<div class="notice error stack" part="notice">
                <p id="detail-error">${this.hooks.errorText(d.error)}</p>
                <div class="row"><button type="button" id="detail-retry" aria-describedby="detail-error" @click=${this.handleRetry}>${i18n.t('retry')}</button></div>
              </div>`}
      </div>`;
    }
    const p = d.proposal;
    const tz = config.city.timeZone;
    const showVotes = votesVisible(config);
    return html`<article class="dialog-body" aria-labelledby="detail-title">
      <div class="dialog-head">
        <h2 id="detail-title" tabindex="-1"><span class="user-text" dir="auto">${p.title}</span></h2>
        ${close}
      </div>
      ${renderBadge(i18n, p.status)} ${renderFate(i18n, this.links, p)}
      <dl class="facts">
        <dt>${i18n.t('filter.category')}</dt>
        <dd>${categories.get(p.category) ?? p.category}</dd>
        ${p.district ? html`<dt>${i18n.t('card.district')}</dt><dd>${districts.get(p.district) ?? p.district}</dd>` : nothing}
        <dt>${i18n.t('detail.address')}</dt>
        <dd class="user-text" dir="auto">${p.address}</dd>
        <dt>${i18n.t('card.cost')}</dt>
        <dd class="cost">${i18n.money(p.estimatedCost)}</dd>
        ${p.finalCost !== undefined && p.finalCost !== p.estimatedCost ? html`<dt>${i18n.t('card.finalCost')}</dt><dd class="cost">${i18n.money(p.finalCost)}</dd>` : nothing}
        ${showVotes && p.votes !== undefined ? html`<dt>${i18n.t('detail.votes')}</dt><dd>${i18n.number(p.votes)}</dd>` : nothing}
        <dt>${i18n.t('detail.author')}</dt>
        <dd class="user-text" dir="auto">${p.authorName}</dd>
      </dl>
      <section class="stack" aria-labelledby="detail-desc">
        <h3 id="detail-desc">${i18n.t('detail.description')}</h3>
        <p class="description user-text" dir="auto">${p.description}</p>
      </section>
      ${p.photos.length
        ? html`<section class="stack" aria-labelledby="detail-photos">
            <h3 id="detail-photos">${i18n.t('detail.photos')}</h3>
            <ul class="gallery">
              ${p.photos.map(
                (ph, i) => html`<li>
                  <img src=${ph.url} width=${ph.width} height=${ph.height} loading="lazy" decoding="async" alt=${i18n.t('detail.photo', { n: i + 1, total: p.photos.length })} />
                </li>`,
              )}
            </ul>
          </section>`
        : nothing}
      <section class="stack" aria-labelledby="detail-history">
        <h3 id="detail-history">${i18n.t('detail.history')}</h3>
        <ol class="history">
          ${p.history.map(
            (h) => html`<li>
              <span>${i18n.date(h.at, tz)}</span> — <strong>${i18n.t(`status.${h.status}`)}</strong>
              ${h.note ? html`<p class="reason user-text" dir="auto">${noteIn(i18n.locale, h.note, h.notes)}</p>` : nothing}
            </li>`,
          )}
        </ol>
      </section>
    </article>`;
  }
}
