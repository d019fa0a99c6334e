/**
 * The proposal list's virtualizer, in a module of its own so that a page
 * fetches it only once a list grows long (`import()` from the list; the
 * script-tag build makes it a chunk of its own, about 8 KB gzip).
 * `@lit-labs/virtualizer` writes only inline styles through the CSSOM (allowed
 * by a strict `style-src`), renders through Lit (our Trusted Types policy) and
 * registers no element: we use its directive, not `<lit-virtualizer>`.
 */
export { virtualize, virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';
export { flow } from '@lit-labs/virtualizer/layouts/flow.js';
