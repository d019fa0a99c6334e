import { css } from 'lit';

export const styles = css`
  :host {
    padding: var(--_space);
  }
  .eyebrow {
    color: var(--_muted);
    font-size: 0.875em;
    font-weight: 600;
  }
  .head {
    justify-content: space-between;
  }
  .badge.live {
    color: var(--_warning);
  }
  .badge.final {
    color: var(--_success);
  }
  .turnout {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    margin: 0;
  }
  .turnout div {
    display: flex;
    flex-direction: column-reverse;
    min-width: 6em;
  }
  .turnout dt {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .turnout dd {
    font-size: 1.5em;
    font-weight: 700;
    line-height: 1.2;
  }
  .rule p + p {
    margin-top: 0.5em;
  }
  .pool {
    border-top: 1px solid var(--_border);
    padding-top: var(--_space);
  }
  .chart {
    margin: 0;
  }
  .chart svg {
    display: block;
    overflow: visible;
  }
  .chart-label {
    font-weight: 600;
    font-size: 0.875em;
  }
  .bars {
    list-style: none;
    margin: 0.75em 0 0;
    padding: 0;
    display: grid;
    gap: 0.5em;
    font-size: 0.875em;
  }
  .bars li {
    display: grid;
    gap: 0.15em;
    min-width: 0;
  }
  /* A bar's place until the bars come (a frame after the rest): a line for its label, then its row (the bar, or
     the number's line if taller), as lines of text so that each engine rounds them as it rounds the bars'
     (WebKit makes a line of 18.9 px 18), in blocks (a grid lays its items out more than once); the table below
     does not move when they come, unless a label wraps on a narrow screen. */
  .bars .slot {
    display: block;
  }
  .bars .slot::before,
  .bars .slot::after {
    display: block;
    content: '\a0';
  }
  .bars .slot::before {
    margin-block-end: 0.15em;
  }
  .bars .slot::after {
    font-size: 0.9em;
    min-height: 14px;
  }
  .bar-row {
    display: flex;
    align-items: center;
    gap: 0.4em;
  }
  .bar-svg {
    flex: 1 1 auto;
    min-width: 0;
  }
  .chart .value {
    flex: none;
    color: var(--_muted);
    font-size: 0.9em;
    font-variant-numeric: tabular-nums;
  }
  .chart .track {
    fill: var(--_surface-2);
    stroke: var(--_border);
  }
  .chart .seg {
    fill: var(--_accent);
  }
  .chart .seg.alt {
    fill: var(--_accent);
    opacity: 0.7;
  }
  .chart .bar {
    fill: var(--_muted);
    opacity: 0.55;
  }
  .chart .bar.funded {
    fill: var(--_accent);
    opacity: 1;
  }
  .chart .budget-line {
    stroke: var(--_danger);
    stroke-width: 2;
    stroke-dasharray: 4 3;
  }
  .chart figcaption {
    margin-block-start: 0.75em;
  }
  .legend {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    margin-inline-end: 0.8em;
  }
  .swatch {
    display: inline-block;
    width: 0.9em;
    height: 0.9em;
    border-radius: 0.2em;
    background: var(--_muted);
    opacity: 0.55;
  }
  .swatch.funded {
    background: var(--_accent);
    opacity: 1;
  }
  .table-wrap {
    max-width: 100%;
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.9375em;
  }
  /* Widths that no row's text changes: a title longer than those before it, among the rows "show all" adds,
     made the browser lay out every row of the table again (8 ms with 110 rows at 1× CPU, a long task on a
     slow phone). A word longer than its column still widens it. */
  thead th:first-child {
    width: 30%;
  }
  thead .num {
    width: 6em;
  }
  thead .num + .num {
    width: 8em;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-bottom: 0.4em;
  }
  th,
  td {
    text-align: start;
    vertical-align: top;
    padding: 0.45em 0.5em;
    border-bottom: 1px solid var(--_border);
  }
  thead th {
    color: var(--_muted);
    font-size: 0.875em;
  }
  tbody th {
    font-weight: 600;
    min-width: 8em;
  }
  .num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .nowrap {
    white-space: nowrap;
  }
  tr.funded th {
    border-inline-start: 0.25em solid var(--_accent);
  }
  .yes {
    color: var(--_success);
  }
  .no {
    color: var(--_muted);
  }
  .why {
    display: block;
    color: var(--_text);
    font-size: 0.9em;
  }
  .decision {
    display: block;
    margin-block-start: 0.35em;
    padding-inline-start: 0.5em;
    border-inline-start: 0.2em solid var(--_accent);
    font-size: 0.9em;
  }
  .downloads ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  @container (max-width: 30em) {
    table {
      font-size: 0.8125em;
    }
    th,
    td {
      padding: 0.35em 0.3em;
    }
    tbody th {
      min-width: 6em;
    }
  }
  /* On a phone the table becomes one block per project, each number with its column name. */
  @container (max-width: 32em) {
    table,
    caption,
    tbody,
    tr,
    th,
    td {
      display: block;
    }
    tbody td.num {
      text-align: start;
    }
    thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    /* A row off screen is not laid out or painted until it nears the screen (about 12em is a row's height here):
       the first 50 rows, and the rows "show all" adds, cost a phone their style only. */
    tbody tr {
      content-visibility: auto;
      contain-intrinsic-size: auto 12em;
      padding: 0.5em 0 0.5em 0.6em;
      border-bottom: 1px solid var(--_border);
    }
    tbody tr.funded {
      border-inline-start: 0.25em solid var(--_accent);
    }
    tbody th,
    tbody td {
      border: 0;
      padding: 0.1em 0;
      text-align: start;
    }
    td[data-label]::before {
      content: attr(data-label) ': ';
      color: var(--_muted);
      font-weight: 400;
    }
  }
`;
