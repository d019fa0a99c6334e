import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { BallotMessages } from './messages.js';

/** What a lazily loaded part needs from the ballot it sits in. */
export interface LazyPartHost<T> {
  /** The part's name, marking its placeholder (`data-part`). */
  name: string;
  /** What takes focus once the part arrives after a retry the resident pressed (the placeholder is gone then). */
  focusAfter: string;
  /** What takes focus when the resident presses retry (default: the part's loading line). */
  focusOnRetry?: string;
  focus(selector: string): void;
  /** The part arrived (first time only). */
  ready?(value: T): void;
}

/**
 * A part of the ballot few residents reach (the ranking, the receipt check, a
 * sign-in with the identity provider), in a module of its own fetched with
 * `import()` when it is known to be needed. Until it is there its place shows
 * a loading line; when it cannot come (offline), a message with a retry, and
 * the rest of the ballot (the choices, the session) goes on.
 *
 * A failed fetch is forgotten, so the next `load()` calls `import()` again (the
 * same pattern as the proposal form's "My proposals" loader; it could be shared).
 */
export class LazyPart<T> {
  /** The part, once its module arrived. */
  value: T | undefined;
  private pending: Promise<T | undefined> | undefined;
  private lost = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly i18n: LocalizeController<CommonMessages & BallotMessages>,
    /** Fetches the module and makes the part from it. */
    private readonly make: () => Promise<T>,
    private readonly hooks: LazyPartHost<T>,
  ) {}

  /** Starts fetching (once; again after a failure); resolves with the part, or undefined when it could not come. */
  load(): Promise<T | undefined> {
    if (this.value) return Promise.resolve(this.value);
    this.pending ??= this.make().then(
      (value) => {
        this.value = value;
        this.lost = false;
        this.pending = undefined;
        // The resident was on the placeholder (they pressed retry): focus goes on into the part.
        if (this.host.shadowRoot?.activeElement?.closest(`[data-part="${this.hooks.name}"]`)) this.hooks.focus(this.hooks.focusAfter);
        this.host.requestUpdate();
        this.hooks.ready?.(value);
        return value;
      },
      () => {
        this.lost = true;
        this.pending = undefined;
        this.host.requestUpdate();
        return undefined;
      },
    );
    return this.pending;
  }

  /** Starts fetching unless it is there, on its way, or failed (then only the resident's retry asks again). */
  want(): void {
    if (!this.value && !this.pending && !this.lost) void this.load();
  }

  /** The last fetch failed and no retry has been asked for yet. */
  get failed(): boolean {
    return this.lost;
  }

  private readonly handleRetry = (): void => {
    this.lost = false;
    void this.load();
    this.hooks.focus(this.hooks.focusOnRetry ?? `[data-part="${this.hooks.name}"] [data-part-status]`);
    this.host.requestUpdate();
  };

  /** The part's place until it is there: a loading line, or why it is not there with a retry. */
  placeholder(): TemplateResult {
    if (this.lost) {
      return html`<div class="notice error stack" data-part=${this.hooks.name}>
        <p role="alert">${this.i18n.t('part.loadFailed')}</p>
        <div class="row"><button type="button" @click=${this.handleRetry}>${this.i18n.t('retry')}</button></div>
      </div>`;
    }
    return html`<div data-part=${this.hooks.name}><p class="hint" role="status" tabindex="-1" data-part-status>${this.i18n.t('loading')}</p></div>`;
  }
}
