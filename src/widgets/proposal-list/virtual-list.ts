/**
 * The proposal list's virtualizer, in a module of its own so that a page
 * fetches it only once a list grows long (`import()` from the list; the
 * script-tag build makes it a chunk of its own, about 8 KB gzip).
 * `@lit-labs/virtualizer` writes only inline styles through the CSSOM (allowed
 * by a strict `style-src`), renders through Lit (our Trusted Types policy) and
 * registers no element: we use its directive, not `<lit-virtualizer>`.
 */
import { noChange, nothing, type ChildPart, type Part } from 'lit';
import { AsyncDirective, directive, type PartInfo } from 'lit/async-directive.js';
import { FlowLayout } from '@lit-labs/virtualizer/layouts/flow.js';
import type { VisibleRows } from './card-rows-controller.js';

type Args = ConstructorParameters<typeof FlowLayout>;
type Sizes = Parameters<FlowLayout['updateItemSizes']>[0];
type Size = Sizes[number];
type Positions = FlowLayout['viewportScroll'];

/** A row whose cards are still to be drawn (see `rowCards`): the layout keeps its estimate for it, not its empty box. */
const PENDING = 'data-pending';

export { virtualize, virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';

/** What `lighten` touches of a virtualizer (2.1.1): its element, its rows in it, the observer of their sizes, and the method that places them. */
interface Placing {
  _hostElement: Element;
  _children: Element[];
  _childrenRO: ResizeObserver | null;
  _positionChildren(positions: unknown): void;
}
const lightened = new WeakSet<object>();

/**
 * Our virtualizer (this instance only, never the shared class) places its rows reading the list
 * of rows once, not once per row (`_children` walks the element's children each time it is read),
 * and each time it places them it also clears up after the rows that left, which two bugs upstream
 * leave behind (see `dropLeftMarkers` and `unwatchLeftRows`). Both grew with every row drawn: in the
 * bench's scroll through 2,000 proposals and back on a phone's screen, by the end the list's element
 * held 4,800 stray comments and its observer about as many rows gone from the page.
 */
export function lighten(virtualizer: object): void {
  if (lightened.has(virtualizer)) return;
  lightened.add(virtualizer);
  const v = virtualizer as Placing;
  const place = v._positionChildren;
  if (typeof place !== 'function') return;
  const watched = new Set<Element>();
  v._positionChildren = function (this: Placing, positions: unknown) {
    // It places rows after every change of its element's children: the rows that left have just gone.
    dropLeftMarkers(this._hostElement);
    // Placing rows only writes their styles: the rows stay the same for the whole call.
    const rows = this._children;
    Object.defineProperty(this, '_children', { value: rows, configurable: true });
    try {
      place.call(this, positions);
    } finally {
      delete (this as Partial<Placing>)._children;
    }
    unwatchLeftRows(this, watched, rows);
  };
}

/**
 * Lit 3.3.1 to 3.3.3 (the latest in December 2026) leaves the end marker of a part it removes, an
 * empty comment, in the page (lit/lit#5298, not fixed yet). The virtualizer's `repeat` removes a row's part at one edge in each frame
 * of a scroll, so the list's element kept one comment for every row ever drawn, and whatever walks its
 * children (the virtualizer's `_children`, several times a frame; Lit's inserts) walked them all. A
 * row's part has its own markers on either side of its row (a single element, `<div class="row">`), so an
 * empty comment with no element on either side is one of those left behind, which no part refers to any
 * more. (The list's own part starts at a marker that is not empty, and ends at the text after it.)
 */
function dropLeftMarkers(host: Element): void {
  const notRow = (n: Node | null) => n?.nodeType !== Node.ELEMENT_NODE;
  let node = host.firstChild;
  while (node) {
    const next: ChildNode | null = node.nextSibling;
    if (node.nodeType === Node.COMMENT_NODE && (node as Comment).data === '' && notRow(node.previousSibling) && notRow(next)) {
      node.remove();
    }
    node = next;
  }
}

/**
 * The virtualizer (2.1.1) observes the size of every row it draws and never stops (lit/lit#5363): a
 * row gone from the page stayed observed, so it and its cards were never collected (each major
 * collection marked them all again), and the observer reported each one's new size of zero in the
 * next frame, which had the virtualizer measure its rows and lay them out once more. Rows that left
 * since the last placing are no longer observed; the rows still in the page are, as before.
 */
function unwatchLeftRows(v: Placing, watched: Set<Element>, rows: Element[]): void {
  for (const row of watched) {
    if (row.parentNode === v._hostElement) continue;
    v._childrenRO?.unobserve(row);
    watched.delete(row);
  }
  for (const row of rows) watched.add(row);
}

/**
 * Rows drawn beyond the screen, above and below, in px (the virtualizer's default is 1000): enough
 * for the next card to be in the page when Tab moves to it (one row gap is), and fewer rows to draw
 * after a filter or a jump than two screens of them.
 */
const OVERHANG = 500;

function measureRow(element: Element): Size | null {
  if (element.hasAttribute(PENDING)) return null;
  const { width, height } = element.getBoundingClientRect();
  return { width, height, marginTop: 0, marginRight: 0, marginBottom: 0, marginLeft: 0 };
}

/**
 * The flow layout, starting from the height the rows are expected to have
 * instead of its 100 px: with 100 px it first draws every row that would fit
 * 100 px apart in the screen and the overhang past it (about 19 rows of cards
 * where 6 are needed), measures them and drops most.
 */
export function cardRows(rowHeight: number): { type: typeof FlowLayout } {
  class CardRows extends FlowLayout {
    constructor(...args: Args) {
      super(...args);
      if (rowHeight > 0) this._itemSize = { width: this._itemSize.width, height: rowHeight };
      this._overhang = OVERHANG;
      // How the virtualizer measures a row (it takes a function here as well as `true`): its box, without
      // the margins it would read through `getComputedStyle` for each row (ours have none); nothing for
      // a row still waiting for its cards, whose empty box says nothing of its height.
      Object.defineProperty(this, 'measureChildren', { value: measureRow });
    }

    /**
     * A jump of more than a screen (a dragged scrollbar, a script, a fast scroll while the first rows are
     * still being measured) lays the rows out around where the page now is, and so does a scroll that
     * leaves the anchor outside the rows to draw. The flow layout (2.1.1) keeps the row it anchors on until
     * a layout gives the same range twice; while a new list's rows are measured that takes several, and a
     * jump in that time left the anchor off screen, which the layout took for its own error and "corrected"
     * by scrolling the page back to it (Firefox, a fresh list scrolled to its middle at once: 16 times in
     * 20 back to 1,031 px from 10,988). A scroll of a screen at a time does the same whenever a frame's
     * last layout still changed the range (the bench's fast scroll upwards on a laptop's screen: 200 of
     * 300 frames, the page pushed back by 100,000 px in all), which the virtualizer's stray layouts after
     * each row that left (see `unwatchLeftRows`) had mostly hidden. Not while pinned: a row asked for
     * (`scrollIntoView`) stays the anchor.
     */
    override get viewportScroll(): Positions {
      return super.viewportScroll;
    }
    override set viewportScroll(coords: Positions) {
      const before = this._scrollPosition;
      super.viewportScroll = coords;
      if (this._pin !== null || this._anchorIdx === null || this._anchorPos === null) return;
      const from = this._scrollPosition - this._overhang;
      const to = this._scrollPosition + this._viewDim1 + this._overhang;
      const anchorEnd = this._anchorPos + (this._getSize(this._anchorIdx) ?? this._getAverageSize());
      if (Math.abs(this._scrollPosition - before) > this._viewDim1 || anchorEnd < from || this._anchorPos > to) {
        this._anchorIdx = null;
        this._anchorPos = null;
      }
    }

    override updateItemSizes(sizes: Sizes): void {
      const known: Sizes = {};
      for (const [index, size] of Object.entries(sizes)) if (size) known[Number(index)] = size;
      super.updateItemSizes(known);
    }
  }
  return { type: CardRows };
}

/**
 * Rows whose cards wait for a task of their own. A re-filter, the virtualizer's arrival or a fast
 * scroll asks for a screen or more of new rows at once, and one task for all of them passes 50 ms
 * on a slow phone. So each task draws rows until `BUDGET` ms of script have gone, and leaves the
 * rest for the next (a message, not a timer: no 4 ms clamp, and the browser may draw a frame in
 * between). The budget is small because the script is the smaller part of a card's cost: the
 * browser then styles, lays out and paints it, about three times as long. Measured with
 * `bench:render --trace` at 1×, a budget of 4 ms (and `OVERHANG` 500) left 52–90 of ~375 frames
 * of the fast scroll over 12.5 ms of CPU, 10 ms left 127–140, and 10 with an overhang of 1000, 214–264.
 * At 4× CPU, 2 ms instead of 4 made the fast scroll's median frame 36–49 ms instead of 48–82 (four
 * runs each, alternated, on a busy machine). The bench said then that no row was blank on screen when a frame
 * began, but its count could not see one: it read the rows' places with a regular expression that had lost its
 * backslashes. Mended (6 December 2026), it found rows on screen still waiting in 191 of 1,222 frames of the
 * fast scroll on a phone's screen and 211 of 402 on a laptop's (see `SCREEN_CARDS` for what they show now).
 */
const BUDGET = 2;
/**
 * At most this many cards beyond the screen are put into the page between two frames; the rest wait
 * for a task after the next frame. Rows drawn task after task between two frames are all styled,
 * laid out and painted in the next one, so without a cap a fast scroll's frame followed up to 28 new
 * cards. Rows on screen have a cap of their own (`SCREEN_CARDS`), which rows off screen do not use up.
 * `bench:render --trace` at 1× (tasks of the fast scroll over 12.5 ms of CPU, i.e. 50 ms at 4×): no
 * cap 11–28 in six runs, 8 cards 2–6 in five, 12 cards 9 and 24, 4 cards 8 and 9. (Those runs capped
 * only rows drawn later from `waiting`: rows new to the page all counted as on screen until 22a0f0f.
 * Since, one run: 9 at 1×; at 4×, 8 tasks over 50 ms of 431 frames, against 27–152 before.)
 */
const FRAME_CARDS = 8;
/**
 * Cards of rows on screen put into the page between two frames: the first row on screen always, and more
 * while their cards stay within this (a row is drawn whole: on a laptop's screen of three or four columns,
 * one row; on a phone's, four cards). A scroll of a screen at a time, as a dragged scrollbar does, brings
 * a whole screen of new rows in every frame, 12 to 16 cards on a laptop's screen, and a frame that styles,
 * lays out and paints that many passes 50 ms on a slow phone. The rows past the cap show a placeholder as
 * tall as a row (`.row[data-pending]`) and are drawn after that frame, first, if still on screen.
 * `bench:render` at 4× on the laptop's screen (about 430 frames of a screen each, 6 December 2026; the
 * machine was not quiet for all of them): no cap (rows on screen drawn whatever their number), 18–53 tasks
 * over 50 ms in four runs, frame median 38–45 ms; 6 cards, 1–30 in seven, 30–38 ms; 3 cards, 1 and 2 in
 * two quiet runs, 24–28 ms; 4 cards, 1–4 in six, 24–29 ms. On the phone's screen (1,220 frames) the cap
 * seldom binds: 0–13 with or without it (up to 35 while the machine was busy). A finger's fling brings fewer
 * new cards a frame than the cap: no fling frame began with a placeholder on screen in any of these runs.
 */
const SCREEN_CARDS = 4;
const waiting = new Set<RowCards>();
let budgetFrom = -1;
let port: MessagePort | null = null;
let posted = false;
/** Cards drawn since the last frame began (all, and those of rows on screen), and whether a frame is asked for to count anew. */
let frameCards = 0;
let screenCards = 0;
/** A row on screen was held back since the last frame began: rows off screen wait too. */
let screenHeld = false;
let frameAsked = false;
let afterFrame = false;

/** Starts a task's budget with its first row; the next task starts a new one. */
function withinBudget(): boolean {
  const now = performance.now();
  if (budgetFrom < 0) {
    budgetFrom = now;
    post();
  }
  return now - budgetFrom < BUDGET;
}

function counted(cards: number, onScreen: boolean): void {
  frameCards += cards;
  if (onScreen) screenCards += cards;
  if (frameAsked) return;
  frameAsked = true;
  requestAnimationFrame(() => {
    frameAsked = false;
    frameCards = 0;
    screenCards = 0;
    screenHeld = false;
    // The rows held back by the cap: in a task after this frame (a message sent here runs after its paint).
    if (afterFrame) {
      afterFrame = false;
      post();
    }
  });
}

/**
 * A row of `cards` may be drawn between these two frames: on screen, it is the first or its cards stay within
 * `SCREEN_CARDS`; off screen, the frame has room (`FRAME_CARDS`) and no row on screen was held back.
 */
function frameRoom(onScreen: boolean, cards: number): boolean {
  if (onScreen ? screenCards === 0 || screenCards + cards <= SCREEN_CARDS : !screenHeld && frameCards < FRAME_CARDS) return true;
  if (onScreen) screenHeld = true;
  afterFrame = true;
  counted(0, false);
  return false;
}

function post(): void {
  if (posted) return;
  posted = true;
  if (!port) {
    const channel = new MessageChannel();
    channel.port1.onmessage = drawWaiting;
    port = channel.port2;
  }
  port.postMessage(null);
}

function drawWaiting(): void {
  posted = false;
  budgetFrom = -1;
  // Rows on screen first, then the others while this frame has room for them.
  let screenLeft = false;
  rows: for (const onScreen of [true, false]) {
    for (const row of waiting) {
      if (row.onScreen() !== onScreen) continue;
      if (!withinBudget()) {
        screenLeft ||= onScreen;
        break rows;
      }
      if (!frameRoom(onScreen, row.size)) break rows;
      waiting.delete(row);
      row.draw();
    }
  }
  // Rows on screen are drawn before the next frame if tasks can; the others, held back by the cap, after it.
  if (waiting.size && (screenLeft || !afterFrame)) post();
}

/** Starts the task's budget now, before the list's own update: a re-filter's rows then share one budget with it. */
export function startBudget(): void {
  withinBudget();
}

/** Draws every waiting row now: before focus moves to a card (by Tab or by the list itself). */
export function drawRows(): void {
  for (const row of waiting) {
    waiting.delete(row);
    row.draw();
  }
}

/** Where a row is among the virtualizer's rows, how many cards it has, and the rows on screen (`CardRowsController.visible`). */
interface At {
  index: number;
  size: number;
  visible: VisibleRows;
}

/**
 * A row's cards, like `guard(deps, cards)`: drawn again only when `deps` change. A row new to
 * the page is drawn at once, unless it is above the screen, while the task's budget lasts and
 * the frame has room for it (`SCREEN_CARDS`, `FRAME_CARDS`), else in a later task, rows on
 * screen first (in the meantime it is a placeholder marked `data-pending`, placed where the
 * layout expects it). A row already drawn is updated at once. A row that leaves the page before
 * its turn is never drawn.
 */
class RowCards extends AsyncDirective {
  private deps: readonly unknown[] | null = null;
  private next: { deps: readonly unknown[]; cards: () => unknown } | null = null;
  private row: Element | null = null;
  /** The row's index among the virtualizer's rows, how many cards it has, and where to read the rows on screen. */
  private at: At = { index: 0, size: 1, visible: { first: -1, last: -1 } };

  constructor(part: PartInfo) {
    super(part);
  }

  render(_deps: readonly unknown[], cards: () => unknown, _at: At): unknown {
    return cards();
  }

  override update(part: Part, [deps, cards, at]: [readonly unknown[], () => unknown, At]): unknown {
    this.row ??= (part as ChildPart).parentNode as Element;
    this.at = at;
    if (this.deps) {
      if (deps.length === this.deps.length && deps.every((d, i) => d === this.deps![i])) return noChange;
      this.deps = deps;
      return cards();
    }
    // The virtualizer draws its rows in order, so a row above the screen comes before the rows on screen: it waits
    // for `drawWaiting`, which draws those on screen first. A row below comes after them, and only if none was held back.
    const onScreen = this.onScreen();
    if ((onScreen || !this.aboveScreen()) && withinBudget() && frameRoom(onScreen, at.size)) {
      this.deps = deps;
      counted(at.size, onScreen);
      return cards();
    }
    this.next = { deps, cards };
    this.row.setAttribute(PENDING, '');
    waiting.add(this);
    post();
    return nothing;
  }

  /**
   * On screen by the virtualizer's last layout, as its `visibilityChanged` event told the list (not by
   * measuring: that would lay out every row just drawn); before its first, not. (Not through the row's
   * parent: a row new to the page is not in it yet when its cards are asked for.)
   */
  /** How many cards the row has. */
  get size(): number {
    return this.at.size;
  }

  onScreen(): boolean {
    const { index, visible } = this.at;
    return index >= visible.first && index <= visible.last;
  }

  /** Above the screen by the virtualizer's last layout (before its first, none is known to be). */
  private aboveScreen(): boolean {
    const { index, visible } = this.at;
    return visible.first >= 0 && index < visible.first;
  }

  draw(): void {
    const next = this.next;
    if (!next || !this.isConnected) return;
    this.next = null;
    counted(this.at.size, this.onScreen());
    this.deps = next.deps;
    this.setValue(next.cards());
    this.row?.removeAttribute(PENDING);
  }

  protected override disconnected(): void {
    waiting.delete(this);
  }

  protected override reconnected(): void {
    if (this.next) {
      waiting.add(this);
      post();
    }
  }
}

export const rowCards = directive(RowCards);

/**
 * A card photo's address, given to its `<img>` in a task after the frame that
 * drew the card, not in it: asking for an image costs the main thread about
 * a millisecond on a slow phone, and a screen of new cards scrolled in asks
 * for several; each then asks in a short task of its own, and a row already
 * gone by then asks for none. (The row keeps its size meanwhile: the photo's
 * box has a fixed height.)
 */
class PhotoLater extends AsyncDirective {
  private url = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  render(url: string): string | typeof nothing {
    if (url !== this.url) {
      this.url = url;
      this.later();
    }
    return nothing;
  }

  override update(_part: Part, [url]: [string]): string | typeof nothing {
    if (url === this.url) return noChange as never;
    return this.render(url);
  }

  private later(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.isConnected) this.setValue(this.url);
    });
  }

  protected override disconnected(): void {
    clearTimeout(this.timer);
  }

  protected override reconnected(): void {
    this.later();
  }
}

export const photoLater = directive(PhotoLater);
