import { css } from 'lit';

/** What every step needs; the voting's own styles come with it (`vote.styles.ts`). */
export const styles = css`
  :host {
    padding: var(--_space);
  }
  [data-step-heading]:focus {
    outline: none;
  }
  [data-step-heading]:focus-visible {
    outline: 0.15em solid var(--_focus);
  }
  .eyebrow {
    color: var(--_muted);
    font-size: 0.875em;
    font-weight: 600;
  }
  .nowrap {
    flex-wrap: nowrap;
  }
  .ok {
    color: var(--_success);
  }
  .receipt {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 1.25em;
    letter-spacing: 0.05em;
    overflow-wrap: anywhere;
  }
  .receipt-check input {
    flex: 1 1 12em;
    min-width: 0;
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
  }
  #receipt-result:focus,
  #step-error:focus {
    outline: 0.15em solid var(--_focus);
  }
`;
