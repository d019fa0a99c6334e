import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { LazyPart } from '../../ui/lazy-part.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { BallotMessages } from './messages.js';

/** What a lazily loaded part needs from the ballot it sits in. */
export interface BallotPartHost<T> {
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
 * A part of the ballot in a module of its own (the voting, the ranking, the
 * receipt check, a sign-in with the identity provider), fetched when it is
 * known to be needed: every fetch here is a needed one, whose failure shows.
 * Until it is there its place shows a loading line; when it cannot come
 * (offline), a message with a retry, and the rest of the ballot (the choices,
 * the session) goes on.
 */
export class BallotPart<T> extends LazyPart<T> {
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly i18n: LocalizeController<CommonMessages & BallotMessages>,
    fetch: () => Promise<T>,
    private readonly hooks: BallotPartHost<T>,
  ) {
    super(fetch, () => host.requestUpdate());
  }

  /** Starts fetching (once; again after a failure); resolves with the part, or undefined when it could not come. */
  load(): Promise<T | undefined> {
    return this.get().catch(() => undefined);
  }

  /** Starts fetching unless it is there, on its way, or failed (then only the resident's retry asks again). */
  want(): void {
    if (this.value === undefined && !this.loading && !this.failed) void this.load();
  }

  protected override arrived(value: T): void {
    // The resident was on the placeholder (they pressed retry): focus goes on into the part.
    if (this.host.shadowRoot?.activeElement?.closest(`[data-part="${this.hooks.name}"]`)) this.hooks.focus(this.hooks.focusAfter);
    this.hooks.ready?.(value);
  }

  private readonly handleRetry = (): void => {
    void this.load();
    this.hooks.focus(this.hooks.focusOnRetry ?? `[data-part="${this.hooks.name}"] [data-part-status]`);
  };

  /** The part's place until it is there: a loading line, or why it is not there with a retry. */
  placeholder(): TemplateResult {
    if (this.failed) {
      return html`<div class="notice error stack" data-part=${this.hooks.name}>
        <p role="alert">${this.i18n.t('part.loadFailed')}</p>
        <div class="row"><button type="button" @click=${this.handleRetry}>${this.i18n.t('retry')}</button></div>
      </div>`;
    }
    return html`<div data-part=${this.hooks.name}><p class="hint" role="status" tabindex="-1" data-part-status>${this.i18n.t('loading')}</p></div>`;
  }
}
