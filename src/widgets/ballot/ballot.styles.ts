import { css } from 'lit';

/** What every step needs; the voting's own styles come with it (`vote.styles.ts`). */
export const styles = css`
  /* A finger's target (WCAG 2.5.8, 24 px): a link-looking button is a line of text tall, not its glyphs' 20 px. */
  button.link {
    min-height: 1.5em;
  }
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
  /* The code whole on a line of its own when it does not fit after its label (it broke in the middle at 360 px),
     broken anywhere only on a screen narrower than the code itself. */
  .receipt {
    display: inline-block;
    max-width: 100%;
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 1.25em;
    letter-spacing: 0.05em;
    overflow-wrap: anywhere;
  }
  /* The field as wide as a whole code (19 characters), its button under it when both do not fit. */
  .receipt-check input {
    flex: 1 1 calc(19ch + 2em);
    min-width: 0;
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
  }
  #receipt-result:focus,
  #step-error:focus {
    outline: 0.15em solid var(--_focus);
  }
`;
