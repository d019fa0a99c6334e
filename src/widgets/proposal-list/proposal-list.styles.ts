import { css } from 'lit';

export const styles = css`
  :host {
    --_thumb-h: var(--qala-proposal-list-thumb-height, 9em);
  }
  .wrap {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  .filters {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 12em), 1fr));
    gap: calc(var(--_space) * 0.75);
    align-items: end;
  }
  .filters .search {
    grid-column: 1 / -1;
  }
  .summary {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1em;
    align-items: center;
    justify-content: space-between;
  }
  /*
   * The cards come in rows (the list groups them by as many columns as fit,
   * the same count the grid below makes), so that a long list draws only the
   * rows on screen. The gap between columns is read by the list to count them.
   */
  .cards {
    display: block;
    column-gap: var(--_space);
  }
  /*
   * The virtualizer keeps the page in place itself as rows are measured (it corrects the scroll), so the
   * browser's scroll anchoring must not pick a row as its anchor: both would make up for the same shift and
   * the page jumped back and forth by a screen or more as the reader scrolled (Chromium, Firefox).
   */
  .cards.virtual {
    overflow-anchor: none;
  }
  .cards > .row,
  ul.cards-sk {
    list-style: none;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 17em), 1fr));
    gap: var(--_space);
  }
  /*
   * A card is laid out as blocks and lines, not as nested flex boxes: the browser lays out a
   * screen of new cards in each frame of a fast scroll, and a flex column (in a flex item, in a
   * grid row) is measured twice or more. The row stretches its items to one height (grid; said
   * here, since the base styles' flex .row centres them), and the card fills its item; a row is
   * a layout and paint boundary of its own.
   */
  .cards > .row {
    width: 100%;
    padding-block-end: var(--_space);
    align-items: stretch;
    contain: layout paint style;
  }
  /*
   * A row whose cards wait for a later task (a scroll faster than they can be drawn, see
   * SCREEN_CARDS in virtual-list.ts): a placeholder as tall as the layout expects the row to be
   * (--_row-h, set by the list), not a gap.
   */
  .cards > .row[data-pending]::before {
    content: '';
    grid-column: 1 / -1;
    height: calc(var(--_row-h, 18em) - var(--_space));
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface-2);
  }
  .cards .item,
  ul.cards-sk > li {
    min-width: 0;
  }
  ul.cards-sk > li {
    display: flex;
  }
  .card {
    display: block;
    height: 100%;
    min-width: 0;
  }
  .card > * + * {
    margin-block-start: 0.5em;
  }
  .thumb {
    width: 100%;
    height: var(--_thumb-h);
    object-fit: cover;
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface-2);
  }
  .thumb.none {
    display: flex;
    align-items: center;
    justify-content: center;
    color: var(--_muted);
    font-size: 2em;
  }
  .card h3 {
    font-size: 1.0625em;
  }
  .card h3 button.link {
    display: inline;
    text-align: start;
    font-weight: 650;
    color: var(--_text);
    text-decoration: underline;
    text-decoration-color: var(--_border);
    text-underline-offset: 0.2em;
  }
  .meta {
    color: var(--_muted);
    font-size: 0.9375em;
  }
  .meta > span {
    margin-inline-end: 0.75em;
  }
  .meta > .votes {
    white-space: nowrap;
  }
  .cost {
    white-space: nowrap;
    font-weight: 700;
    color: var(--_text);
    font-variant-numeric: tabular-nums;
  }
  .badge {
    align-self: flex-start;
    background: var(--_surface);
  }
  .card .badge {
    display: flex;
    width: fit-content;
    max-width: 100%;
    background: var(--_surface);
  }
  .badge::before {
    content: '';
    width: 0.6em;
    height: 0.6em;
    border-radius: 50%;
    background: currentColor;
  }
  .tone-info {
    color: var(--_info);
  }
  .tone-accent {
    color: var(--_accent);
  }
  .tone-warning {
    color: var(--_warning);
  }
  .tone-danger {
    color: var(--_danger);
  }
  .tone-success {
    color: var(--_success);
  }
  .tone-neutral {
    color: var(--_muted);
  }
  .progress-line {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 0.75em;
    font-size: 0.9375em;
  }
  .progress-line progress {
    flex: 1 1 6em;
    width: auto;
    min-width: 0;
  }
  .reason {
    border-inline-start: 0.25em solid var(--_border);
    padding-inline-start: 0.6em;
    font-size: 0.9375em;
    white-space: pre-line;
  }
  .skeleton.card-sk {
    height: 18em;
  }
  .more {
    display: flex;
    justify-content: center;
  }
  dialog {
    width: min(46em, calc(100vw - 1em));
    max-height: calc(100dvh - 2em);
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
    box-sizing: border-box;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.5);
  }
  .dialog-body {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    padding: var(--_space);
  }
  .dialog-head {
    display: flex;
    gap: 0.75em;
    align-items: flex-start;
    justify-content: space-between;
  }
  .dialog-head h2 {
    min-width: 0;
  }
  .description {
    white-space: pre-line;
  }
  .gallery {
    list-style: none;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 14em), 1fr));
    gap: 0.5em;
  }
  .gallery img {
    width: 100%;
    height: auto;
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface-2);
  }
  dl.facts {
    display: grid;
    grid-template-columns: minmax(0, max-content) minmax(0, 1fr);
    gap: 0.25em 1em;
  }
  dl.facts dt {
    color: var(--_muted);
  }
  ol.history {
    list-style: none;
    display: flex;
    flex-direction: column;
    gap: 0.5em;
    border-inline-start: 2px solid var(--_border);
    padding-inline-start: 0.75em;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  [tabindex='-1']:focus-visible {
    outline: 0.15em solid var(--_focus);
  }
`;
