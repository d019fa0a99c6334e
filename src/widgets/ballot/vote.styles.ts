import { css } from 'lit';

/**
 * The styles of the ballot and review steps (pools, meters, cards, ranking,
 * review): they come with the vote part and join the widget's own when it
 * arrives, so the first step's page does not download them.
 *
 * A card off screen is not styled, laid out or painted (`content-visibility: auto`; its height is the last it had, or
 * about a card's) until it nears the screen; Tab, find in page and screen readers still reach it.
 */
export const voteStyles = css`
  .grow {
    flex: 1 1 auto;
    min-width: 0;
  }
  .pool {
    border-top: 1px solid var(--_border);
    padding-top: var(--_space);
  }
  .meter {
    position: sticky;
    top: 0;
    z-index: 1;
    background: var(--_surface-2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(0.5em * var(--_density)) 0.75em;
    display: flex;
    flex-direction: column;
    gap: 0.4em;
  }
  .bar {
    position: relative;
    block-size: 0.9em;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 0.45em;
    overflow: hidden;
  }
  .bar-fill {
    block-size: 100%;
    background: var(--_accent);
    transition: inline-size 0.15s ease-out;
  }
  .bar-min {
    position: absolute;
    inset-block: 0;
    inline-size: 0.2em;
    background: var(--_text);
  }
  @media (prefers-reduced-motion: reduce) {
    .bar-fill {
      transition: none;
    }
  }
  .filters {
    align-items: end;
  }
  .filters .field {
    flex: 1 1 12em;
    min-width: 0;
  }
  .cards {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 17em), 1fr));
    gap: var(--_space);
  }
  .project {
    display: flex;
    flex-direction: column;
    padding: 0;
    overflow: hidden;
    block-size: 100%;
    content-visibility: auto;
    contain-intrinsic-block-size: auto 22em;
  }
  .project.picked {
    border-color: var(--_accent);
    box-shadow: 0 0 0 0.1em var(--_accent);
  }
  .project img {
    inline-size: 100%;
    block-size: auto;
    aspect-ratio: 4 / 3;
    object-fit: cover;
    background: var(--_surface-2);
  }
  .card-body {
    padding: var(--_space);
    gap: calc(var(--_space) * 0.6);
    flex: 1 1 auto;
  }
  .card-body h4 {
    font-size: 1.05em;
    line-height: 1.3;
    margin: 0;
  }
  .cost {
    font-size: 1.05em;
  }
  .meta {
    gap: 0.4em;
  }
  .description {
    white-space: pre-line;
  }
  .pick {
    display: flex;
    align-items: center;
    gap: 0.6em;
    min-height: 2.75em;
    margin-top: auto;
    padding: 0.3em 0.6em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .pick.is-blocked {
    border-style: dashed;
    color: var(--_muted);
  }
  .blocked {
    color: var(--_warning);
    font-weight: 600;
  }
  .stepper {
    display: flex;
    align-items: center;
    gap: 0.4em;
    margin-top: auto;
  }
  .stepper input {
    inline-size: 4.5em;
    text-align: center;
  }
  .ranking-box {
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    padding: calc(0.5em * var(--_density)) 0.75em;
    display: flex;
    flex-direction: column;
    gap: 0.5em;
  }
  .ranking-box h4 {
    margin: 0;
  }
  .ranking {
    margin: 0;
    padding: 0;
    list-style: none;
    display: flex;
    flex-direction: column;
    gap: 0.4em;
  }
  .ranking li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    padding: 0.3em 0.5em;
    background: var(--_surface-2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: grab;
  }
  /* On a narrow screen the title keeps the row and the move buttons go under it, to the end. */
  .ranking li > .grow {
    flex: 1 1 12em;
  }
  .ranking li > .row {
    margin-inline-start: auto;
  }
  .ranking li.dragging {
    opacity: 0.6;
  }
  .rank {
    flex: none;
    inline-size: 1.8em;
    block-size: 1.8em;
    border-radius: 50%;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 700;
  }
  .review-pool {
    display: flex;
    flex-direction: column;
    gap: 0.4em;
  }
  .review-list {
    margin: 0;
    padding-inline-start: 1.2em;
    display: flex;
    flex-direction: column;
    gap: 0.3em;
  }
  .review-list li span + span {
    display: block;
  }
  .total {
    font-weight: 700;
  }
  .actions {
    justify-content: flex-end;
  }
  .notice ul {
    margin: 0.3em 0 0;
    padding-inline-start: 1.2em;
  }
  #ballot-errors:focus,
  .ranking-box h4:focus {
    outline: 0.15em solid var(--_focus);
  }
`;
