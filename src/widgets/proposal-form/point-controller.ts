import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { GeoPoint } from '../../contract/index.js';
import type { SubmitI18n } from './messages.js';
import { pointParams } from './texts.js';

/** Where asking the device for the position stands; the three refusals each have words of their own. */
export type LocateState = 'idle' | 'locating' | 'denied' | 'unavailable' | 'unsupported';

/** The point a resident picked, if any, rounded to about a metre: more digits tell nothing about a yard. */
export function roundPoint(point: GeoPoint): GeoPoint {
  return { lat: Math.round(point.lat * 1e5) / 1e5, lng: Math.round(point.lng * 1e5) / 1e5 };
}

/**
 * The optional place on the map: the device's position on request (rounded,
 * and never kept in the draft), said aloud when found or refused; removing it
 * keeps the focus on the field. A module of its own, which `PointField` (the
 * field's frame) fetches when a resident reaches the field or asks for the
 * position.
 */
export class PointController implements ReactiveController {
  point: GeoPoint | undefined;
  state: LocateState = 'idle';

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly i18n: SubmitI18n,
    private readonly say: (text: string) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  private set(state: LocateState, point = this.point): void {
    this.state = state;
    this.point = point;
    this.host.requestUpdate();
  }

  /** No place (a new proposal). */
  clear(): void {
    this.set('idle', undefined);
  }

  /** Asks the device for its position. */
  readonly locate = (): void => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      this.set('unsupported');
      this.say(this.i18n.t('point.unsupported'));
      return;
    }
    this.set('locating');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const point = roundPoint({ lat: position.coords.latitude, lng: position.coords.longitude });
        this.set('idle', point);
        this.say(this.i18n.t('point.set', pointParams(point)));
      },
      (error) => {
        this.set(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable');
        this.say(this.i18n.t(this.state === 'denied' ? 'point.denied' : 'point.unavailable'));
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };

  private readonly handleRemove = (): void => {
    this.clear();
    void this.host.updateComplete.then(() => this.host.shadowRoot?.getElementById('f-point')?.focus());
  };

  /** The field's inside, under its label and hint (drawn by `PointField`). */
  render(): TemplateResult {
    const s = this.state;
    const message = s === 'denied' ? 'point.denied' : s === 'unavailable' ? 'point.unavailable' : s === 'unsupported' ? 'point.unsupported' : null;
    return html`${this.point
        ? html`<div class="row">
            <p>${this.i18n.t('point.set', pointParams(this.point))}</p>
            <button type="button" class="link" id="f-point" @click=${this.handleRemove}>${this.i18n.t('point.remove')}</button>
          </div>`
        : html`<div class="actions">
            <button type="button" id="f-point" aria-describedby="f-point-hint" ?disabled=${s === 'unsupported'} @click=${this.locate}>
              ${s === 'locating' ? this.i18n.t('point.locating') : this.i18n.t('point.use')}
            </button>
          </div>`}
      ${message ? html`<p class="notice" part="notice">${this.i18n.t(message)}</p>` : nothing}`;
  }
}
