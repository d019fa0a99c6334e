import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    max-width: 72em;
    margin: 0 auto;
    padding: var(--_space);
    background: var(--_surface);
  }
  h1 {
    margin: 0;
    font-size: 1.6em;
    line-height: 1.2;
  }
  h4 {
    margin: 0;
    font-size: 1em;
  }
  /* A finger's target (WCAG 2.5.8, 24 px): a link-looking button (back to the queue, remove a paper) is one line of
     the page's text tall, not its own 1.2 lines of glyphs; in a sentence it takes no more than the line it sits on. */
  button.link {
    min-height: 1.5em;
  }
  .top,
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_space) * 0.5);
  }
  .bar {
    padding-bottom: calc(var(--_space) * 0.5);
    border-bottom: 1px solid var(--_border);
  }
  .chip {
    min-height: 2.75em;
    font-weight: 500;
  }
  .chip[aria-pressed='true'],
  .chip[aria-current='page'] {
    color: var(--_on-accent);
    background: var(--_accent);
    border-color: var(--_accent);
    font-weight: 700;
  }
  .nav,
  .cards,
  .phases,
  .photos,
  .consequences {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .nav,
  .queues {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    margin-bottom: var(--_space);
  }
  .count {
    font-variant-numeric: tabular-nums;
    opacity: 0.85;
  }
  .cards,
  .phases {
    display: grid;
    gap: var(--_space);
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 20em), 1fr));
  }
  .proposal h3 {
    margin-bottom: 0.4em;
  }
  button.title {
    display: block;
    width: 100%;
    min-width: 0;
    white-space: normal;
    overflow-wrap: anywhere;
    word-break: break-word;
    text-align: start;
    font-size: inherit;
    font-weight: 650;
    min-height: 2.75em;
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3em 0.8em;
    align-items: center;
  }
  .badge.warn,
  .badge.state-open {
    color: var(--_warning);
  }
  .badge.state-open {
    color: var(--_success);
  }
  .facts-list {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 16em), 1fr));
    gap: 0.6em var(--_space);
    margin: 0;
  }
  .facts-list dt {
    font-weight: 600;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .facts-list dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .pre {
    white-space: pre-wrap;
  }
  .photos {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  .photos li {
    display: flex;
    flex-direction: column;
    gap: 0.3em;
    width: min(100%, 16em);
  }
  .photos a {
    display: block;
  }
  .photos img {
    width: 100%;
    height: auto;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
  }
  .history {
    margin: 0;
    padding-inline-start: 1.25em;
    display: flex;
    flex-direction: column;
    gap: 0.4em;
    overflow-wrap: anywhere;
  }
  .other-languages summary {
    cursor: pointer;
    color: var(--_muted);
    inline-size: fit-content;
  }
  .action {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.4em;
  }
  .action-msg:empty {
    display: none;
  }
  .action-msg .field-error {
    border-inline-start: 0.25em solid var(--_danger);
    padding-inline-start: 0.6em;
  }
  .action-msg .done {
    color: var(--_success);
    font-weight: 600;
  }
  .actions-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: flex-start;
  }
  .field.inline {
    flex-direction: row;
    align-items: center;
    gap: 0.5em;
  }
  /* A label and its choice on one line while both fit; else the choice goes
     under its label and may take the whole width, so a long one (a cycle's
     name with its year) is read whole on a phone. */
  .field.inline:has(> select) {
    flex-wrap: wrap;
  }
  /* WebKit lays a select's chosen option out at its full width and lets it
     overflow the control (a long pool or proposal name widened the review past
     360 px); the control clips its own text and keeps it out of the page's width. */
  select {
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    contain: paint;
  }
  .field.inline input {
    width: auto;
    max-width: 14em;
  }
  .field.inline select {
    width: auto;
    max-width: 100%;
  }
  dialog {
    max-width: min(36em, calc(100vw - 2em));
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    padding: calc(var(--_space) * 1.25);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.5);
  }
  .consequences {
    display: flex;
    flex-direction: column;
    gap: 0.5em;
  }
  .consequences li {
    padding-inline-start: 0.75em;
    border-inline-start: 0.25em solid var(--_border);
  }
  .consequences li.warning {
    border-color: var(--_warning);
    font-weight: 600;
  }
  .choice {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    min-height: 2.75em;
    font-weight: 500;
  }
  .scale .row {
    gap: 0.25em 1em;
  }
  legend {
    font-weight: 600;
    margin-bottom: 0.25em;
  }
  .plain {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .diff {
    display: flex;
    flex-direction: column;
    gap: 0.75em;
    margin: 0;
  }
  .diff dt {
    font-weight: 600;
  }
  .diff dd {
    margin: 0;
  }
  del {
    color: var(--_muted);
  }
  ins {
    text-decoration: none;
    border-inline-start: 0.25em solid var(--_success);
    padding-inline-start: 0.4em;
    display: inline-block;
  }
  .signin {
    max-width: 36em;
  }
  .field.inline input.short {
    width: 5em;
    flex: none;
  }
  .field.inline label {
    flex: 1 1 auto;
    min-width: 0;
  }
  .receipts code {
    font-size: 1.1em;
    letter-spacing: 0.05em;
  }
  table.count {
    width: 100%;
    border-collapse: collapse;
  }
  table.count caption {
    text-align: start;
    font-weight: 600;
    padding-bottom: 0.4em;
  }
  table.count th,
  table.count td {
    text-align: start;
    vertical-align: top;
    padding: 0.45em 0.5em;
    border-bottom: 1px solid var(--_border);
  }
  table.count thead th {
    color: var(--_muted);
    font-size: 0.875em;
  }
  /* The same columns in every pool's table, whatever its titles: the pools read as one list. */
  table.count thead th:first-child {
    width: 40%;
  }
  table.count thead th:last-child {
    width: 35%;
  }
  table.count tbody th {
    font-weight: 600;
  }
  table.count .num {
    text-align: end;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  table.count tr.funded th {
    border-inline-start: 0.25em solid var(--_success);
  }
  table.count strong.funded {
    color: var(--_success);
  }
  table.count .why {
    display: block;
    margin-top: 0.25em;
    color: var(--_muted);
    font-size: 0.9em;
  }
  table.count .decision {
    display: block;
    margin-top: 0.35em;
    padding-inline-start: 0.5em;
    border-inline-start: 0.2em solid var(--_warning);
    font-size: 0.9em;
  }
  table.count .cell-label {
    display: none;
  }
  /* Four columns do not fit a phone (a Kazakh "not funded" is one long word, a cost never breaks): each project
     becomes a card of its own, each value with its column's name, and the page never scrolls sideways. */
  @container (max-width: 36em) {
    table.count,
    table.count caption,
    table.count tbody,
    table.count tr,
    table.count th,
    table.count td {
      display: block;
    }
    table.count thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    table.count tbody tr {
      padding: 0.5em 0 0.5em 0.6em;
      border-bottom: 1px solid var(--_border);
      border-inline-start: 0.25em solid transparent;
    }
    table.count tbody tr.funded {
      border-inline-start-color: var(--_success);
    }
    table.count tbody th,
    table.count tbody td,
    table.count tbody .num,
    table.count tr.funded th {
      border: 0;
      padding: 0.1em 0;
      text-align: start;
      white-space: normal;
    }
    table.count .cell-label {
      display: inline;
      color: var(--_muted);
      font-weight: 400;
    }
  }
`;
