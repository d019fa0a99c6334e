import { css } from 'lit';

/** The dark palette, for `theme="dark"` and for `theme="auto"` on a dark system. */
const darkTokens = css`
  --_accent: var(--_accent-attr, var(--qala-color-accent, #8ab4f8));
  --_on-accent: var(--qala-color-on-accent, #0b1a2e);
  --_surface: var(--qala-color-surface, #15181d);
  --_surface-2: var(--qala-color-surface-raised, #222730);
  --_text: var(--qala-color-text, #eef1f5);
  --_muted: var(--qala-color-text-muted, #b3bcc8);
  --_border: var(--qala-color-border, #5b6573);
  --_danger: var(--qala-color-danger, #ffb4ab);
  --_success: var(--qala-color-success, #7fd99a);
  --_warning: var(--qala-color-warning, #f5c46b);
  --_info: var(--qala-color-info, #8ab4f8);
  --_focus: var(--qala-color-focus, #8ab4f8);
  color-scheme: dark;
`;

/**
 * Shared look of every widget. Public custom properties (`--qala-*`) feed
 * private ones (`--_*`); attributes (`accent`, `radius`, `density`, `font`)
 * win over both. Sizes are in `em` from the host's own font size, never `rem`:
 * host pages set `html { font-size: 62.5% }`.
 */
export const baseStyles = css`
  :host {
    --_accent: var(--_accent-attr, var(--qala-color-accent, #1656a8));
    --_on-accent: var(--qala-color-on-accent, #ffffff);
    --_surface: var(--qala-color-surface, #ffffff);
    --_surface-2: var(--qala-color-surface-raised, #f3f5f8);
    --_text: var(--qala-color-text, #15191e);
    --_muted: var(--qala-color-text-muted, #4f5864);
    --_border: var(--qala-color-border, #b9c1cc);
    --_danger: var(--qala-color-danger, #b3261e);
    --_success: var(--qala-color-success, #146c2e);
    --_warning: var(--qala-color-warning, #8a5300);
    --_info: var(--qala-color-info, #1656a8);
    --_focus: var(--qala-color-focus, #1656a8);
    --_radius: var(--_radius-attr, var(--qala-radius, 0.5em));
    --_density: var(--_density-attr, var(--qala-density, 1));
    --_space: calc(1em * var(--_density));
    --_font: var(
      --_font-attr,
      var(--qala-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif)
    );

    display: block;
    container-type: inline-size;
    max-width: 100%;
    color: var(--_text);
    background: var(--_surface);
    /* A host page's own "* { … }" rules reach this element and would be
       inherited inside: the typography and box model are ours, so they win. */
    box-sizing: border-box !important;
    font-family: var(--_font) !important;
    font-size: var(--qala-font-size, 16px) !important;
    font-weight: 400 !important;
    font-style: normal !important;
    line-height: 1.5 !important;
    letter-spacing: normal !important;
    word-spacing: normal !important;
    text-align: start !important;
    text-transform: none !important;
    text-indent: 0 !important;
    text-shadow: none !important;
    white-space: normal !important;
    font-variant: normal !important;
    color-scheme: light;
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='dark']) {
    ${darkTokens}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${darkTokens}
    }
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  h2,
  h3,
  h4,
  p,
  ul,
  ol,
  dl,
  dd,
  figure,
  fieldset {
    margin: 0;
    padding: 0;
  }
  h2 {
    font-size: 1.375em;
    line-height: 1.25;
    font-weight: 700;
  }
  h3 {
    font-size: 1.125em;
    line-height: 1.3;
    font-weight: 650;
  }
  fieldset {
    border: 0;
    min-width: 0;
  }
  img {
    max-width: 100%;
    display: block;
  }
  a {
    color: var(--_accent);
  }
  .user-text {
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  .stack {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) * 0.5);
  }
  .muted {
    color: var(--_muted);
  }
  .sr-only {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  button,
  .button {
    all: revert;
    box-sizing: border-box;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4em;
    min-height: 2.75em;
    min-width: 2.75em;
    padding: calc(0.5em * var(--_density)) calc(1em * var(--_density));
    font: inherit;
    font-weight: 600;
    line-height: 1.2;
    color: var(--_text);
    background: var(--_surface-2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
    text-decoration: none;
  }
  button.primary,
  .button.primary {
    color: var(--_on-accent);
    background: var(--_accent);
    border-color: var(--_accent);
  }
  button.link {
    min-height: auto;
    min-width: auto;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    font-weight: 500;
  }
  button:disabled,
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  :focus-visible {
    outline: 0.15em solid var(--_focus);
    outline-offset: 0.15em;
  }
  label {
    font-weight: 600;
  }
  details summary {
    cursor: pointer;
    color: var(--_accent);
    font-weight: 600;
    min-height: 2.75em;
    display: flex;
    align-items: center;
  }
  input,
  select,
  textarea {
    all: revert;
    box-sizing: border-box;
    width: 100%;
    min-height: 2.75em;
    padding: calc(0.5em * var(--_density)) 0.75em;
    font: inherit;
    line-height: 1.4;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: 1.25em;
    height: 1.25em;
    min-height: auto;
    margin: 0.15em 0 0;
    accent-color: var(--_accent);
    flex: none;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
    border-width: 2px;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.3em;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .field-error {
    color: var(--_danger);
    font-size: 0.875em;
    font-weight: 600;
  }
  .notice {
    padding: calc(0.75em * var(--_density)) 1em;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface-2);
  }
  .notice.error {
    border-color: var(--_danger);
  }
  .notice.success {
    border-color: var(--_success);
  }
  .notice.warning {
    border-color: var(--_warning);
  }
  .card {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    padding: var(--_space);
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    padding: 0.1em 0.6em;
    border-radius: 1em;
    font-size: 0.8125em;
    font-weight: 700;
    border: 1px solid currentColor;
  }
  .skeleton {
    background: linear-gradient(90deg, var(--_surface-2), var(--_border), var(--_surface-2));
    background-size: 200% 100%;
    border-radius: var(--_radius);
    min-height: 1em;
    animation: qala-shimmer 1.4s ease-in-out infinite;
  }
  /* Skeleton sizes as classes: a strict CSP (style-src 'self') refuses style attributes. */
  .sk-title {
    height: 1.6em;
    width: 50%;
  }
  .sk-block {
    height: 6em;
  }
  .sk-tall {
    height: 12em;
  }
  @keyframes qala-shimmer {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
  progress,
  meter {
    width: 100%;
    height: 0.75em;
    accent-color: var(--_accent);
  }
`;
