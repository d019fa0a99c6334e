import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/**
 * One polite live region per widget, shared by every widget instead of a copy
 * in each: `say()` empties the region and fills it a moment later, so the same
 * words said twice are announced twice. A timer, not requestAnimationFrame:
 * frames do not run in a background tab. Render `announcer.render()` once,
 * anywhere in the shadow root (it is visually hidden by `.sr-only`).
 */
export class Announcer implements ReactiveController {
  private text = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  /** What the region says now (for tests and for a host that mirrors it). */
  get current(): string {
    return this.text;
  }

  say(text: string): void {
    clearTimeout(this.timer);
    this.text = '';
    this.host.requestUpdate();
    this.timer = setTimeout(() => {
      this.text = text;
      this.host.requestUpdate();
    }, 30);
  }

  render(): TemplateResult {
    return html`<div class="live sr-only" role="status" aria-live="polite" aria-atomic="true">${this.text}</div>`;
  }
}
