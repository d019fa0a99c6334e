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
  /* WebKit lays a select's chosen option out at its full width and lets it
     overflow the control (a long pool or proposal name widened the review past
     360 px); the control clips its own text and keeps it out of the page's width. */
  select {
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    contain: paint;
  }
  .field.inline input,
  .field.inline select {
    width: auto;
    max-width: 14em;
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
`;
