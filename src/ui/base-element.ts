import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { Backend } from '../client/backend.js';
import { toQalaError, type QalaError } from '../client/errors.js';
import { HttpBackend } from '../client/http-backend.js';
import { VERSION } from './define.js';
import { getDefaults } from './defaults.js';
import { QalaErrorEvent } from './events.js';
import { catalogueLoad } from './localize.js';
import { applyTheme, type ThemeName } from './theme.js';

const textsLoading = html`<div class="stack" aria-busy="true"><div class="skeleton sk-title"></div><div class="skeleton sk-block"></div></div>`;
/** In all three languages, as the texts of none of them are here. */
const textsFailed = html`<div class="notice error" role="alert">
  <p lang="kk">Беттің бұл бөлігі толық жүктелмеді. Байланысты тексеріп, бетті қайта жүктеңіз.</p>
  <p lang="ru">Эта часть страницы загрузилась не полностью. Проверьте связь и перезагрузите страницу.</p>
  <p lang="en">This part of the page did not fully load. Check the connection and reload the page.</p>
</div>`;

/**
 * What a widget shows before its texts are here (the script tag and the ES
 * module build load each language apart): a loading skeleton, or, when they
 * could not be loaded, a short message in all three languages.
 */
export function textsPending(i18n: { readonly failed: boolean }): TemplateResult {
  return i18n.failed ? textsFailed : textsLoading;
}

const httpBackends = new Map<string, HttpBackend>();

/** One HttpBackend per (api, city, cycle), so widgets on one page share requests and the config cache. */
export function httpBackendFor(api: string, city: string, cycle?: string): HttpBackend {
  const key = `${api}\n${city}\n${cycle ?? ''}`;
  let backend = httpBackends.get(key);
  if (!backend) httpBackends.set(key, (backend = new HttpBackend({ baseUrl: api, city, ...(cycle ? { cycle } : {}) })));
  return backend;
}

/**
 * What every Qala widget has: where its data comes from (`api` + `city`, or a
 * `backend` object), its language and its look.
 */
export abstract class QalaElement extends LitElement {
  static qalaVersion = VERSION;

  /** Base URL of the API, e.g. `https://pb.example.kz/api/v1`. Ignored when `backend` is set. */
  @property() api = '';

  /** City slug, e.g. `aksu`. */
  @property() city = '';

  /** Language: `kk`, `ru` or `en` (`kk-KZ` works). Falls back to the page's `<html lang>`, then Russian. */
  @property({ reflect: true }) override lang = '';

  /** `light`, `dark`, or `auto` (follows the resident's system setting). */
  @property({ reflect: true }) theme: ThemeName = 'light';

  /** Accent colour, any CSS colour: `#0a7d5a`. */
  @property() accent = '';

  /** Corner radius: `none`, `small`, `medium`, `large`, `pill`, or a length in `em`/`px`. */
  @property() radius = '';

  /** Spacing: `compact`, `comfortable` (default) or `spacious`. */
  @property() density = '';

  /** Font: `system`, `serif`, `mono`, `inherit`, or a family name. */
  @property() font = '';

  /** A backend object of the host's own (see `Backend`); wins over `api`. */
  @property({ attribute: false }) backend?: Backend;

  /** The backend in use, or null when the widget is not configured. */
  protected get activeBackend(): Backend | null {
    if (this.backend) return this.backend;
    const defaults = getDefaults();
    const api = this.api || defaults.api;
    const city = this.city || defaults.city;
    return api && city ? httpBackendFor(api, city) : null;
  }

  /** `qala.js` may have put a loading box in our shadow root while our files were on their way: it goes. */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    this.shadowRoot?.querySelectorAll('[data-qala-loader]').forEach((box) => box.remove());
    return super.createRenderRoot();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const defaults = getDefaults();
    if (!this.hasAttribute('theme') && (defaults.theme === 'dark' || defaults.theme === 'auto')) this.theme = defaults.theme;
    if (!this.hasAttribute('lang') && defaults.lang) this.lang = defaults.lang;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('accent') || changed.has('radius') || changed.has('density') || changed.has('font')) {
      applyTheme(this, { accent: this.accent, radius: this.radius, density: this.density, font: this.font });
    }
  }

  /** `updateComplete` also waits for the texts: a widget is complete once it shows them. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    for (let load = catalogueLoad(this); load; load = catalogueLoad(this)) {
      await load.catch(() => undefined);
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  /** Tells the host about an error the widget shows (no personal data in it). */
  protected reportError(error: unknown): QalaError {
    const e = toQalaError(error, 'internal');
    this.dispatchEvent(new QalaErrorEvent({ code: e.code, message: e.message, retryable: e.retryable }));
    return e;
  }

  /** The catalogue key that explains an error to a resident. */
  protected errorKey(error: QalaError): string {
    if (error.kind === 'network') return 'error.network';
    if (error.kind === 'timeout') return 'error.timeout';
    if (error.kind === 'validation') return 'error.contract';
    return `error.${error.code}`;
  }
}
