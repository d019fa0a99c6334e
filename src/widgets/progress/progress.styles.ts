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
    align-items: flex-start;
    flex-wrap: wrap;
  }
  .head h2,
  .head h3 {
    flex: 1 1 12em;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  .filters .field {
    flex: 1 1 10em;
    min-width: 0;
  }
  .filters select {
    width: 100%;
  }
  .cards {
    list-style: none;
    padding: 0;
    display: grid;
    gap: var(--_space);
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 20em), 1fr));
  }
  .card {
    height: 100%;
    box-sizing: border-box;
  }
  .card h3 a {
    color: inherit;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.75em;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .state-in_progress {
    color: var(--_info);
  }
  .state-implemented {
    color: var(--_success);
  }
  .state-cancelled {
    color: var(--_danger);
  }
  .state-not_started {
    color: var(--_muted);
  }
  .bar-wrap {
    display: flex;
    flex-direction: column;
    gap: 0.25em;
  }
  .bar-label {
    font-weight: 600;
    font-size: 0.875em;
  }
  progress {
    width: 100%;
    height: 0.75em;
    accent-color: var(--_accent);
  }
  .money p {
    font-size: 0.9375em;
  }
  .money-track {
    height: 0.5em;
    border-radius: 0.25em;
    background: var(--_surface);
    border: 1px solid var(--_border);
    overflow: hidden;
    margin: 0.25em 0;
  }
  .money-fill {
    display: block;
    height: 100%;
    background: var(--_accent);
  }
  .money-fill.over {
    background: var(--_warning);
  }
  .over,
  .late {
    color: var(--_warning);
    font-size: 0.875em;
  }
  .error-soft {
    border-color: var(--_danger);
  }
  .photos {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 8em), 1fr));
    gap: 0.5em;
  }
  .photos.pair {
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 14em), 1fr));
  }
  .photo {
    margin: 0;
  }
  .photo img {
    display: block;
    width: 100%;
    height: auto;
    aspect-ratio: 4 / 3;
    object-fit: cover;
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .photo figcaption {
    font-size: 0.8125em;
    color: var(--_muted);
  }
  .update {
    border-top: 1px solid var(--_border);
    padding-top: 0.5em;
  }
  .update-head {
    font-size: 0.875em;
    color: var(--_muted);
  }
  .update-text {
    white-space: pre-line;
  }
  .card .update-text {
    display: -webkit-box;
    -webkit-line-clamp: 3;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  .updates,
  .timeline {
    list-style: none;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  .timeline {
    border-inline-start: 2px solid var(--_border);
    padding-inline-start: var(--_space);
  }
  .stage {
    position: relative;
  }
  .stage::before {
    content: '';
    position: absolute;
    inset-inline-start: calc(-1 * var(--_space) - 0.4em - 1px);
    top: 0.35em;
    width: 0.8em;
    height: 0.8em;
    border-radius: 50%;
    background: var(--_surface);
    border: 2px solid var(--_border);
    box-sizing: border-box;
  }
  .stage-done::before {
    background: var(--_success);
    border-color: var(--_success);
  }
  .stage-in_progress::before {
    border-color: var(--_accent);
  }
  .stage-head {
    font-weight: 600;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: baseline;
  }
  .facts {
    display: grid;
    gap: 0.5em var(--_space);
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 12em), 1fr));
    margin: 0;
  }
  .facts dt {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .facts dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .feed {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.75em;
    align-items: baseline;
  }
  .back {
    align-self: flex-start;
  }
`;
