/**
 * The proposal list's virtualizer, in a module of its own so that a page
 * fetches it only once a list grows long (`import()` from the list; the
 * script-tag build makes it a chunk of its own, about 8 KB gzip).
 * `@lit-labs/virtualizer` writes only inline styles through the CSSOM (allowed
 * by a strict `style-src`), renders through Lit (our Trusted Types policy) and
 * registers no element: we use its directive, not `<lit-virtualizer>`.
 */
import { noChange, nothing, type Part } from 'lit';
import { AsyncDirective, directive } from 'lit/async-directive.js';
import { FlowLayout } from '@lit-labs/virtualizer/layouts/flow.js';

type Args = ConstructorParameters<typeof FlowLayout>;

export { virtualize, virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';

/**
 * The flow layout, starting from the height the rows are expected to have
 * instead of its 100 px: with 100 px it first draws every row that would fit
 * 100 px apart in the screen and the 1000 px past it (about 19 rows of cards
 * where 6 are needed), measures them and drops most.
 */
export function cardRows(rowHeight: number): { type: typeof FlowLayout } {
  class CardRows extends FlowLayout {
    constructor(...args: Args) {
      super(...args);
      if (rowHeight > 0) this._itemSize = { width: this._itemSize.width, height: rowHeight };
    }
  }
  return { type: CardRows };
}

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
