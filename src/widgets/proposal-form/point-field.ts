import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { GeoPoint } from '../../contract/index.js';
import { LazyPart } from '../../ui/lazy-part.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { ProposalFormMessages, SubmitI18n } from './messages.js';
import type { PointController } from './point-controller.js';

/** The place on the map's module: asking the device, the place found or refused (fetched when the field is reached). */
export type PointModule = typeof import('./point-controller.js');

/** What the field needs from the form. */
export interface PointFieldHost {
  /** Fetches the module and its texts in the language shown (the form's `loadPoint` and `submitTexts`, which tests replace). */
  load(): Promise<PointModule>;
  say(text: string): void;
}

/**
 * The optional place on the map as the form draws it from its first paint:
 * the label, the hint and "use my position". The rest (`PointController`) is
 * a module fetched when a resident reaches the field (focus, pointer) and at
 * the latest when they press the button; if it cannot be fetched (offline),
 * the field says so with a retry.
 */
export class PointField implements ReactiveController {
  private readonly part: LazyPart<PointModule>;
  private controller: PointController | null = null;
  /** The resident asked for the position and the module is on its way. */
  private asked = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly i18n: LocalizeController<CommonMessages & ProposalFormMessages>,
    private readonly hooks: PointFieldHost,
  ) {
    host.addController(this);
    this.part = new LazyPart(() => this.hooks.load(), () => this.host.requestUpdate());
  }

  hostConnected(): void {}

  /** The place found, if any. */
  get point(): GeoPoint | undefined {
    return this.controller?.point;
  }

  /** No place (a new proposal). */
  clear(): void {
    this.controller?.clear();
  }

  private readonly prefetch = (): void => this.part.prefetch();

  private readonly handleUse = async (): Promise<void> => {
    this.asked = true;
    this.host.requestUpdate();
    let module: PointModule;
    try {
      module = await this.part.get();
    } catch {
      this.asked = false;
      this.hooks.say(this.i18n.t('part.loadFailed'));
      return;
    }
    if (!this.asked) return;
    this.asked = false;
    // Its texts came beside its module (the form's `load` fetches both).
    this.controller ??= new module.PointController(this.host, this.i18n as unknown as SubmitI18n, (text) => this.hooks.say(text));
    this.controller.locate();
  };

  render(): TemplateResult {
    return html`<div class="field" part="field" role="group" aria-labelledby="f-point-label" @focusin=${this.prefetch} @pointerover=${this.prefetch}>
      <p class="legend" id="f-point-label">${this.i18n.t('point.label')} <span class="tag">(${this.i18n.t('optional')})</span></p>
      <p class="hint" id="f-point-hint">${this.i18n.t('point.hint')}</p>
      ${this.controller
        ? this.controller.render()
        : html`<div class="actions">
              <button type="button" id="f-point" aria-describedby="f-point-hint" @click=${this.handleUse}>
                ${this.asked ? this.i18n.t('point.locating') : this.i18n.t('point.use')}
              </button>
            </div>
            ${this.part.failed ? html`<p class="notice error" part="notice" id="f-point-load-error">${this.i18n.t('part.loadFailed')}</p>` : nothing}`}
    </div>`;
  }
}
