import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Backend } from '../../client/backend.js';
import { newIdempotencyKey } from '../../client/drafts.js';
import type { CityConfig } from '../../contract/index.js';
import { LazyPart } from '../../ui/lazy-part.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { MineI18n, ProposalFormMessages } from './messages.js';
import type { MyProposalsController } from './my-proposals-controller.js';

/** "My proposals", a module of its own fetched when a resident first opens it (few do). */
export type MineModule = typeof import('./my-proposals.js');

/** What the loader needs from the form. */
export interface MineLoaderHost {
  backend(): Backend | null;
  /** Fetches the module and its texts in the language shown (the form's `loadMyProposals`, `submitTexts` and `mineTexts`, which tests replace). */
  load(): Promise<MineModule>;
  say(text: string): void;
}

/**
 * Brings "My proposals" into the form on first use: the button (only where the
 * backend has the author routes), a loading state while its module arrives, a
 * retryable error when it cannot (offline), then its controller and views.
 */
export class MineLoader implements ReactiveController {
  private readonly part: LazyPart<MineModule>;
  /** Opened while its module is on the way, or could not be fetched (`part.failed`). */
  private asked = false;
  private controller: MyProposalsController | null = null;
  /** The backend (city and API) the form had at the last update; undefined before the first. */
  private backend: Backend | null | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly i18n: LocalizeController<CommonMessages & ProposalFormMessages>,
    private readonly hooks: MineLoaderHost,
  ) {
    host.addController(this);
    this.part = new LazyPart(() => this.hooks.load(), () => this.host.requestUpdate());
  }

  hostConnected(): void {}

  /**
   * The form's backend at each update. When the host moves the form to another city (or API), an open "My
   * proposals" belongs to the one before: it closes, and its session ends there, not at the new city.
   */
  useBackend(backend: Backend | null): void {
    const before = this.backend;
    this.backend = backend;
    if (before === undefined || before === backend) return;
    this.controller?.close(before);
    if (this.asked) this.show(false);
  }

  private focus(id: string): void {
    this.host.shadowRoot?.getElementById(id)?.focus();
  }

  private show(asked: boolean): void {
    this.asked = asked;
    this.host.requestUpdate();
  }

  /** Opens "My proposals", fetching its module the first time. */
  async open(): Promise<void> {
    if (this.controller) return this.controller.open();
    this.show(true);
    void this.host.updateComplete.then(() => this.focus('mine-heading'));
    let module: MineModule;
    try {
      module = await this.part.get();
    } catch {
      if (!this.asked) return;
      await this.host.updateComplete;
      this.focus('mine-error');
      return;
    }
    if (!this.asked) return; // closed while it loaded
    this.show(false);
    this.controller ??= new module.MyProposalsController(this.host, {
      backend: () => this.hooks.backend(),
      has: (key) => this.i18n.has(key),
      focus: (id) => this.focus(id),
      announce: (key) => this.hooks.say((this.i18n.t as (k: string, p?: unknown) => string)(key, { count: 1 })),
      newKey: newIdempotencyKey,
    });
    this.controller.open();
  }

  /** The button that opens it, where the backend can do it (a host's own backend may not). */
  renderButton(): TemplateResult | typeof nothing {
    const b = this.hooks.backend();
    if (!b?.startAuthorVerification || !b.confirmAuthorCode || !b.myProposals || !b.resubmitProposal) return nothing;
    return html`<div class="actions"><button type="button" class="link" part="my-proposals-button" @click=${() => void this.open()}>${this.i18n.t('mine.open')}</button></div>`;
  }

  /** "My proposals" when it is open or loading, else null (the form shows itself). */
  render(config: CityConfig): TemplateResult | null {
    if (this.asked) return this.renderLoading();
    const module = this.part.value;
    // Its texts came beside its module (the form's `load` fetches both).
    if (module && this.controller && this.controller.step.kind !== 'off') return module.renderMine(this.controller, this.i18n as unknown as MineI18n, config);
    return null;
  }

  private renderLoading(): TemplateResult {
    const failed = this.part.failed;
    return html`<section class="panel stack" part="my-proposals" aria-labelledby="mine-heading" aria-busy=${failed ? 'false' : 'true'}>
      <div class="row">
        <h2 id="mine-heading" tabindex="-1" part="heading">${this.i18n.t('mine.heading')}</h2>
        <button type="button" class="link" @click=${() => this.show(false)}>${this.i18n.t('mine.close')}</button>
      </div>
      ${failed
        ? html`<div class="notice error stack" part="notice">
            <p id="mine-error" tabindex="-1">${this.i18n.t('mine.loadFailed')}</p>
            <div class="actions"><button type="button" @click=${() => void this.open()}>${this.i18n.t('retry')}</button></div>
          </div>`
        : html`<p class="notice" role="status" part="notice">${this.i18n.t('mine.loading')}</p>`}
    </section>`;
  }
}
