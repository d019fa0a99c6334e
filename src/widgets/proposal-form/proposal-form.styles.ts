import { css } from 'lit';

export const styles = css`
  :host {
    --_thumb: var(--qala-proposal-form-thumb-size, 5em);
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
  .photos {
    list-style: none;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 11em), 1fr));
    gap: calc(var(--_space) * 0.75);
  }
  .photo {
    display: grid;
    grid-template-columns: var(--_thumb) 1fr;
    gap: 0.5em;
    align-items: start;
    padding: 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface-2);
    min-width: 0;
  }
  .photo img {
    width: var(--_thumb);
    height: var(--_thumb);
    object-fit: cover;
    border-radius: calc(var(--_radius) * 0.5);
    background: var(--_border);
  }
  .photo .meta {
    display: flex;
    flex-direction: column;
    gap: 0.25em;
    min-width: 0;
    font-size: 0.875em;
  }
  .photo .meta button {
    align-self: flex-start;
    min-height: 2.75em;
  }
  .problems {
    list-style: none;
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
  .id {
    font-weight: 700;
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
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
  .thumb-sk {
    width: var(--_thumb);
    height: var(--_thumb);
  }
  ul.mine {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 1em;
  }
  .mine-item {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.75em 1em;
    display: grid;
    gap: 0.5em;
    overflow-wrap: anywhere;
  }
  .mine-item h3,
  #edit-heading {
    margin: 0;
    font-size: 1.1em;
  }
  .reference {
    font-weight: 700;
    letter-spacing: 0.05em;
  }
`;
