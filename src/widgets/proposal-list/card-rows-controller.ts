import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { VisibilityChangedEvent } from '@lit-labs/virtualizer/events.js';
import type { Proposal } from '../../contract/index.js';

/**
 * Up to this many proposals the cards are drawn as they are; from there on
 * (after a few "show more", or a large `page-size`) only the rows on screen
 * are, by `@lit-labs/virtualizer`, whose module is fetched then — until it
 * arrives, only the first cards are drawn. So 2 000 proposals never block
 * input for long, and a page with one or two pages of them never downloads
 * the virtualizer.
 */
export const VIRTUAL_FROM = 24;
export type VirtualList = typeof import('./virtual-list.js');
let virtualList: Promise<VirtualList> | undefined;

/** A row of cards: as many as fit side by side (the grid's own column count). */
export interface Row {
  key: string;
  start: number;
  items: Proposal[];
}

/** The rows on screen, first and last by index, as the virtualizer's last layout placed them; -1 while not known. */
export interface VisibleRows {
  first: number;
  last: number;
}

type VirtualListElement = HTMLElement & Partial<import('./virtual-list.js').VirtualizerHostElement>;

/**
 * The cards in rows: how many fit side by side (from the list's width), the
 * rows they make, and — for a long list — the virtualizer, fetched when the
 * list grows past `VIRTUAL_FROM`, that draws only the rows near the screen,
 * each within a per-task budget. The list calls `updated()` after each of its
 * updates and draws `renderRows()` inside its `.cards`.
 */
export class CardRowsController implements ReactiveController {
  /** The virtualizer's module, once a long list asked for it. */
  virtual: VirtualList | null = null;
  /** Cards side by side in a row, from the list's width. */
  columns = 1;
  private resizeObserver: ResizeObserver | null = null;
  private columnsMeasured = false;
  /** The list (or the widget) and the width the columns were last counted for. */
  private columnsOf: { el: HTMLElement | null; width: number } = { el: null, width: 0 };
  private observedList: HTMLElement | null = null;
  private rowsMemo: { items: Proposal[]; columns: number; rows: Row[] } | null = null;
  private layout: ReturnType<VirtualList['cardRows']> | undefined;
  /** The height the layout expects of a row (px): its first estimate. */
  private rowHeight = 0;
  /** The key of the `.cards` element (`hostKey`), and whether the virtualizer drew in it last. */
  private cardsElement = { key: 0, virtual: false };
  /**
   * The rows on screen, from the virtualizer's `visibilityChanged` event (a `VisibilityChangedEvent`): it
   * sends it to the list's `.cards` as it updates the page, before it draws the rows of a new range. The
   * rows read it (`rowCards`: rows on screen are drawn first); the list's template listens from its
   * first render, before the virtualizer's module comes, so the first layout's range is kept too.
   */
  readonly visible: VisibleRows = { first: -1, last: -1 };
  private virtualizerSeen: object | undefined;
  readonly keepVisible = (event: Event): void => {
    const { first, last } = event as VisibilityChangedEvent;
    this.visible.first = first;
    this.visible.last = last;
  };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly items: () => Proposal[],
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.observedList = null;
  }

  /** A long list draws its cards through the virtualizer. */
  get long(): boolean {
    return this.items().length > VIRTUAL_FROM;
  }

  /** Drawn by the virtualizer, only near the screen: a photo's address comes after the frame. */
  get photoLater(): VirtualList['photoLater'] | undefined {
    return this.long ? this.virtual?.photoLater : undefined;
  }

  /** After the host's update: fetch the virtualizer for a long list, lighten it, count the columns. */
  updated(): void {
    if (this.long && !this.virtual) {
      virtualList ??= import('./virtual-list.js');
      virtualList.then(
        (module) => {
          if (this.virtual === module) return;
          this.virtual = module;
          this.host.requestUpdate();
        },
        () => (virtualList = undefined),
      );
    }
    if (this.virtual && this.long) {
      const list = this.listEl();
      const virtualizer = list?.[this.virtual.virtualizerRef];
      // A row still waiting for its cards shows a placeholder as tall as the layout expects the row to be.
      if (list && this.rowHeight > 0) list.style.setProperty('--_row-h', `${this.rowHeight}px`);
      // A new virtualizer (a new list, or a list long again) lays out after this: its rows on screen are not known yet.
      if (virtualizer !== this.virtualizerSeen) {
        this.virtualizerSeen = virtualizer;
        this.visible.first = this.visible.last = -1;
      }
      if (virtualizer) this.virtual.lighten(virtualizer);
    }
    this.observeColumns();
  }

  /**
   * The key of the list's `.cards` element (the list renders it through Lit's `keyed`): a new element each time a
   * list the virtualizer drew is drawn without it (a filter left `VIRTUAL_FROM` or fewer). The virtualizer's
   * directive (2.1.1) never removes the `rangeChanged` listener it puts on that element, nor the inline styles: in
   * the same element, the old virtualizer's listener drew its own rows over the new one's at every change of range,
   * so every row on screen was made again a frame after frame (a list of 50 filtered and back: 400 cards made while
   * flinging where 89 were new, 40 tasks over 50 ms at 4×). Upstream, lit/lit#5314 is the same family ("virtualize()
   * directive zombies").
   */
  hostKey(): number {
    const virtual = this.long && this.virtual !== null;
    if (this.cardsElement.virtual && !virtual) this.cardsElement.key++;
    this.cardsElement.virtual = virtual;
    return this.cardsElement.key;
  }

  /** Proposals came before the observer's first report: the width now, while only the filters are drawn (a small layout). */
  measureEarly(): void {
    if (!this.columnsMeasured && this.observedList === this.host) this.countColumns(this.host.clientWidth);
  }

  private listEl(): VirtualListElement | null {
    return (this.host.shadowRoot?.querySelector('.cards') as VirtualListElement | null) ?? null;
  }

  /**
   * Counts the columns as the list's grid would (`repeat(auto-fill, minmax(min(100%, 17em), 1fr))`),
   * whenever its width changes. Until the list is drawn the widget's own width stands for it, so the
   * first cards come in rows of the right count (not redrawn once measured). Widths come from the
   * observer's entries, read after the browser's own layout: asking `clientWidth` here would force
   * one more layout of every card just drawn.
   */
  private observeColumns(): void {
    const list = this.host.shadowRoot?.querySelector<HTMLElement>('.cards') ?? null;
    const target = list ?? (this.host.isConnected ? this.host : null);
    if (target === this.observedList) return;
    this.observedList = target;
    this.resizeObserver?.disconnect();
    if (!target) return;
    // Counted in the next frame, not in the observer's callback: rows that change there would be
    // measured again in the same frame (a "ResizeObserver loop" error on the host's page).
    this.resizeObserver ??= new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (!entry || entry.target !== this.observedList) return;
      const width = entry.contentRect.width;
      requestAnimationFrame(() => this.countColumns(width));
    });
    this.resizeObserver.observe(target);
  }

  private countColumns(width: number): void {
    const el = this.observedList;
    const host = this.host;
    // The list's height changes with every filter and every row the virtualizer draws; only its width counts here
    // (reading its style again would make the browser work out the new rows' styles before their frame).
    if (!el || width <= 0 || (el === this.columnsOf.el && width === this.columnsOf.width)) return;
    this.columnsOf = { el, width };
    const style = getComputedStyle(el === host ? host.shadowRoot?.querySelector('.wrap') ?? el : el);
    const em = parseFloat(style.fontSize) || 16;
    // The list's column gap is set on `.cards` (var(--_space)); before the list exists, the same space from the wrapper's gap.
    const gap = parseFloat(el === host ? style.rowGap : style.columnGap) || 0;
    const columns = Math.max(1, Math.floor((width + gap) / (17 * em + gap)));
    this.columnsMeasured = true;
    if (columns !== this.columns) {
      this.columns = columns;
      host.requestUpdate();
    }
  }

  rows(): Row[] {
    const items = this.items();
    const memo = this.rowsMemo;
    if (memo && memo.items === items && memo.columns === this.columns) return memo.rows;
    const rows: Row[] = [];
    for (let start = 0; start < items.length; start += this.columns) {
      const slice = items.slice(start, start + this.columns);
      rows.push({ key: slice[0]!.id, start, items: slice });
    }
    this.rowsMemo = { items, columns: this.columns, rows };
    return rows;
  }

  /**
   * The rows of cards: all of them for a short list, else only those on
   * screen (and a little around). A row re-renders only when its proposals
   * or one of `deps` (the texts, the config, …) change.
   */
  renderRows(deps: unknown[], card: (p: Proposal, index: number) => unknown): unknown {
    // A long list's rows are drawn within a budget per task (`rowCards`); a short one's at once.
    const rowCards = this.long && this.virtual ? this.virtual.rowCards : null;
    const row = (r: Row, index: number) => {
      const cards = () => r.items.map((p, i) => card(p, r.start + i));
      const d = [r.items, r.start, ...deps];
      return html`<div class="row" role="none">${rowCards ? rowCards(d, cards, { index, size: r.items.length, visible: this.visible }) : guard(d, cards)}</div>`;
    };
    const rows = this.rows();
    if (!this.long) return repeat(rows, (r) => r.key, row);
    if (!this.virtual) return repeat(rows.slice(0, this.firstRows()), (r) => r.key, row);
    const { virtualize, cardRows } = this.virtual;
    return virtualize({ items: rows, keyFunction: (r: Row) => r.key, renderItem: row, layout: (this.layout ??= cardRows((this.rowHeight = this.rowHeightEstimate()))), scroller: false });
  }

  /**
   * Rows drawn before the virtualizer's module arrives: about a screen (rows of a card with a photo,
   * about 18 em), at most `VIRTUAL_FROM` cards — not more in the task that draws the first cards,
   * since the virtualizer draws its rows anew anyway.
   */
  private firstRows(): number {
    const em = parseFloat(getComputedStyle(this.host).fontSize) || 16;
    const screen = Math.max(2, Math.ceil(window.innerHeight / (18 * em)));
    return Math.min(screen, Math.ceil(VIRTUAL_FROM / this.columns));
  }

  /** The height of a row of cards as drawn before the virtualizer came (they are on screen already), else about a card with a photo. */
  private rowHeightEstimate(): number {
    const rows = [...(this.host.shadowRoot?.querySelectorAll<HTMLElement>('.cards > .row') ?? [])];
    const heights = rows.map((r) => r.getBoundingClientRect().height).filter((h) => h > 0);
    if (heights.length) return heights.reduce((a, b) => a + b, 0) / heights.length;
    return 20 * (parseFloat(getComputedStyle(this.host).fontSize) || 16);
  }

  /** Focuses a card's title button, bringing its row on screen first when the virtualizer does not draw it. */
  async focusCard(index: number): Promise<void> {
    const button = () => this.host.shadowRoot?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (!button() && this.virtual) {
      const virtualizer = this.listEl()?.[this.virtual.virtualizerRef];
      const row = this.rows().findIndex((r) => index >= r.start && index < r.start + r.items.length);
      if (virtualizer && row >= 0) {
        virtualizer.element(row)?.scrollIntoView({ block: 'center' });
        await virtualizer.layoutComplete.catch(() => {});
        await this.host.updateComplete;
      }
    }
    if (!button()) this.virtual?.drawRows();
    button()?.focus();
  }
}
