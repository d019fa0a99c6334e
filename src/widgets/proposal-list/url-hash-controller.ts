import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { HASH_PREFIX, parseHash, toHash, type ListState } from './query.js';

/** What the hash needs from the list. */
export interface UrlHashHost {
  /** `sync-url` is set. */
  syncUrl(): boolean;
  state(): ListState;
  /** The state a hash of ours asks for (filters and the open proposal). */
  apply(state: ListState): void;
}

/**
 * The list's state in the page's URL hash (`#qala:category=…&proposal=…`), for
 * deep links and the back button: with `sync-url` only, read when the list
 * connects and on every `hashchange` that is ours, written (with
 * `replaceState`) when the list asks. Another script's hash is left alone, and
 * a list without `sync-url` (another list on the page may have it) follows none.
 */
export class UrlHashController implements ReactiveController {
  private readonly onHashChange = () => {
    if (this.hooks.syncUrl()) this.read();
  };

  constructor(
    host: ReactiveControllerHost,
    private readonly hooks: UrlHashHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.hooks.syncUrl()) this.read();
    window.addEventListener('hashchange', this.onHashChange);
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.onHashChange);
  }

  read(): void {
    const parsed = parseHash(location.hash);
    if (parsed) this.hooks.apply(parsed);
  }

  write(): void {
    const current = location.hash;
    // Another script's hash is not ours to overwrite.
    if (current && current !== '#' && !current.startsWith(HASH_PREFIX)) return;
    const next = toHash(this.hooks.state());
    if (next === current || (!next && !current)) return;
    history.replaceState(history.state, '', next || `${location.pathname}${location.search}`);
  }
}
