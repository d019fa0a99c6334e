import { css } from 'lit';

export const styles = css`
  /* A finger's target (WCAG 2.5.8, 24 px): a link-looking button is a line of text tall, not its glyphs' 20 px. */
  button.link {
    min-height: 1.5em;
  }
  form,
  .panel {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 1.25);
    max-width: var(--qala-proposal-form-max-width, 40em);
  }
  .field {
    min-width: 0;
  }
  .field label .tag,
  .legend .tag {
    font-weight: 400;
    color: var(--_muted);
  }
  textarea {
    min-height: 8em;
    resize: vertical;
  }
  .money {
    display: flex;
    align-items: center;
    gap: 0.5em;
  }
  .money input {
    flex: 1 1 auto;
    min-width: 0;
    font-variant-numeric: tabular-nums;
  }
  .money .sign {
    font-weight: 700;
  }
  .legend {
    font-weight: 600;
    padding: 0;
  }
  .check {
    display: flex;
    gap: 0.6em;
    align-items: flex-start;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
  }
  .notice p + p,
  .notice p + .actions {
    margin-top: 0.5em;
  }
  h2:focus,
  [tabindex='-1']:focus {
    outline: none;
  }
  h2:focus-visible,
  [tabindex='-1']:focus-visible {
    outline: 0.15em solid var(--_focus);
    outline-offset: 0.15em;
  }
  .skeleton.line {
    height: 2.75em;
  }
  .skeleton.title {
    height: 1.6em;
    width: 60%;
  }
  .skeleton.area {
    height: 8em;
  }
`;
