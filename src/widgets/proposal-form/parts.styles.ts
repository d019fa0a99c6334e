import { adoptStyles, css, supportsAdoptingStyleSheets, type ReactiveControllerHost } from 'lit';

/**
 * The rules only the form's parts draw with (the photos list, "My proposals",
 * the confirmation's reference and id), kept out of the first load: each part
 * adds them to the form's shadow root when it arrives (`adoptPartStyles`).
 */
export const partStyles = css`
  .photos {
    --_thumb: var(--qala-proposal-form-thumb-size, 5em);
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
  .photo img,
  .thumb-sk {
    width: var(--_thumb);
    height: var(--_thumb);
  }
  .photo img {
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
  .id {
    font-weight: 700;
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
  }
  .reference {
    font-weight: 700;
    letter-spacing: 0.05em;
  }
`;

/** Shadow roots that have them already. */
const adopted = new WeakSet<ShadowRoot>();

/**
 * Adds `partStyles` to the form's shadow root, once, with Lit's `adoptStyles`
 * (as the ballot adds its vote part's): a constructed sheet beside the
 * element's own, or a `<style>` where constructed sheets are not supported.
 */
export function adoptPartStyles(host: ReactiveControllerHost & HTMLElement): void {
  const root = host.shadowRoot;
  if (!root || adopted.has(root)) return;
  adopted.add(root);
  adoptStyles(root, supportsAdoptingStyleSheets ? [...root.adoptedStyleSheets, partStyles] : [partStyles]);
}
