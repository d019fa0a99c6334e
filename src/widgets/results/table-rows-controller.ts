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

interface Table {
  /** Rows drawn (at most the rows it grows to). */
  shown: number;
  /** "Show all" was asked for. */
  all: boolean;
  /** Fewer rows drawn than it grows to, as its last render found. */
  more: boolean;
}

/**
 * How many rows each pool's table draws: `TABLE_CHUNK` with the results, then `TABLE_CHUNK` more after each
 * frame up to `TABLE_ROWS`, and after "show all" up to every project, so no frame lays out more than a piece
 * (the first 50 rows drawn at once were one task of ~100 ms on a phone 4× slower). One table grows at a time,
 * in the page's order. While a table grows it states the rows it grows to in `aria-rowcount`, so a screen
 * reader knows its size from the first frame.
 */
export class TableRowsController {
  private readonly tables = new Map<string, Table>();
  private growing = false;

  constructor(private readonly host: LitElement) {}

  /** The rows a pool's table draws now and those it grows to, and whether "show all" was asked for; grows it after this render. */
  rows(poolId: string, total: number): [shown: number, target: number, all: boolean] {
    let t = this.tables.get(poolId);
    if (!t) this.tables.set(poolId, (t = { shown: TABLE_CHUNK, all: false, more: false }));
    const target = t.all ? total : Math.min(TABLE_ROWS, total);
    if ((t.more = t.shown < target)) void this.grow();
    return [Math.min(t.shown, target), target, t.all];
  }

  /** "Show all": focus on the table's caption at once (the button, disabled while the rows come and then gone, would leave it to the page), then every row. */
  showAll(poolId: string): void {
    (this.host.renderRoot as ShadowRoot).getElementById(`caption-${poolId}`)?.focus();
    this.tables.get(poolId)!.all = true;
    this.host.requestUpdate();
  }

  /** Adds `TABLE_CHUNK` rows at a time, each piece drawn in a frame before the next comes. */
  private async grow(): Promise<void> {
    if (this.growing) return;
    this.growing = true;
    for (let t; (t = [...this.tables.values()].find((table) => table.more)); ) {
      await afterFrame();
      // Its next render says whether it needs more (none, if the table is gone).
      t.more = false;
      t.shown += TABLE_CHUNK;
      this.host.requestUpdate();
      await this.host.updateComplete;
    }
    this.growing = false;
  }
}
