import type { LitElement } from 'lit';
import { afterFrame } from '../../ui/after-frame.js';

/** Rows of a table shown before "show all". */
export const TABLE_ROWS = 50;
/**
 * Rows a table grows by in a frame, and the rows of its first render: a laptop's screen of them (78 px a row in
 * a 1024 px window, 800 px high; on a 360 px phone a row is a block of 170 px, 4 a screen). Drawing rows (style,
 * layout and paint, in the next frame) costs far more than the script that adds them: traced at 1× CPU (the
 * results of `bench/render-ballot.ts --trace`, 200 projects), about 0.3 ms a row on top of the frame's own
 * 3–4 ms, so 10 rows make frames of 6–11 ms, under 12.5 ms (50 ms on a phone 4× slower); 20 rows made some
 * of 14–20 ms, and the first 50 drawn with the results made a first frame of 23–25 ms (12–17 with 10).
 * Fewer rows made the growth longer, not its frames much cheaper.
 */
export const TABLE_CHUNK = 10;

interface Pool {
  /** The chart's bars are drawn (until then the chart keeps their place, see `chart`). */
  bars: boolean;
  /** Table rows drawn (at most the rows it grows to). */
  shown: number;
  /** "Show all" was asked for. */
  all: boolean;
  /** Fewer rows drawn than it grows to, as its last render found. */
  more: boolean;
}

/**
 * What of each pool is drawn, so that no frame lays out more than a piece of the results. The first render has
 * the text of every pool, its chart without the bars (their place kept) and `TABLE_CHUNK` rows of its table; a
 * frame later the bars of the first pool's chart come, a frame after that the next pool's, and then the tables
 * grow by `TABLE_CHUNK` rows a frame up to `TABLE_ROWS`, and after "show all" up to every project, one table at
 * a time in the page's order. The 30 bars (labels, grid, SVG) were about half of the first frame: traced at 1×
 * CPU (`bench/render-ballot.ts --trace`, 200 projects, a page that drew before) its layout took 8.4 ms with
 * them and 4–6 ms without (the frame 12 ms → 8–10), and their own frame takes 7–9 ms; the first 50 rows drawn at
 * once were one task of ~100 ms on a phone 4× slower. While a table grows it states the rows it grows to in
 * `aria-rowcount`, so a screen reader knows its size from the first frame.
 */
export class PoolDrawingController {
  private readonly pools = new Map<string, Pool>();
  private growing = false;

  constructor(private readonly host: LitElement) {}

  /** Whether the pool's chart draws its bars now; they come a frame after its first render. */
  chart(poolId: string): boolean {
    const bars = this.pool(poolId).bars;
    if (!bars) void this.grow();
    return bars;
  }

  /** The rows a pool's table draws now and those it grows to, and whether "show all" was asked for; grows it after this render. */
  rows(poolId: string, total: number): [shown: number, target: number, all: boolean] {
    const t = this.pool(poolId);
    const target = t.all ? total : Math.min(TABLE_ROWS, total);
    if ((t.more = t.shown < target)) void this.grow();
    return [Math.min(t.shown, target), target, t.all];
  }

  /** "Show all": focus on the table's caption at once (the button, disabled while the rows come and then gone, would leave it to the page), then every row. */
  showAll(poolId: string): void {
    (this.host.renderRoot as ShadowRoot).getElementById(`caption-${poolId}`)?.focus();
    this.pool(poolId).all = true;
    this.host.requestUpdate();
  }

  private pool(poolId: string): Pool {
    let p = this.pools.get(poolId);
    if (!p) this.pools.set(poolId, (p = { bars: false, shown: TABLE_CHUNK, all: false, more: false }));
    return p;
  }

  /** The next piece: a chart's bars, then `TABLE_CHUNK` rows of a table; nothing when all is drawn. */
  private next(): (() => void) | undefined {
    const pools = [...this.pools.values()];
    const chart = pools.find((p) => !p.bars);
    if (chart) return () => void (chart.bars = true);
    const table = pools.find((p) => p.more);
    if (table)
      return () => {
        // Its next render says whether it needs more (none, if the table is gone).
        table.more = false;
        table.shown += TABLE_CHUNK;
      };
    return undefined;
  }

  /** Draws one piece at a time, each in a frame before the next comes. */
  private async grow(): Promise<void> {
    if (this.growing) return;
    this.growing = true;
    for (let piece; (piece = this.next()); ) {
      await afterFrame();
      piece();
      this.host.requestUpdate();
      await this.host.updateComplete;
    }
    this.growing = false;
  }
}
