/**
 * The proposal list's virtualizer, in a module of its own so that a page
 * fetches it only once a list grows long (`import()` from the list; the
 * script-tag build makes it a chunk of its own, about 8 KB gzip).
 * `@lit-labs/virtualizer` writes only inline styles through the CSSOM (allowed
 * by a strict `style-src`), renders through Lit (our Trusted Types policy) and
 * registers no element: we use its directive, not `<lit-virtualizer>`.
 */
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
