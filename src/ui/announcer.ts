import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/**
 * How long words said stay in the region: long enough for a screen reader to take them (it reads a change when it
 * happens; emptying the region later says nothing), short enough that they are gone before the resident reads on,
 * through the next step, and finds them there, out of place ("3 projects picked" above the receipt).
 */
export const LINGER_MS = 7000;

/**
 * One polite live region per widget, shared by every widget instead of a copy
 * in each: `say()` empties the region and fills it a moment later, so the same
 * words said twice are announced twice, and empties it again `LINGER_MS`
 * later. Timers, not requestAnimationFrame: frames do not run in a background
 * tab. Render `announcer.render()` once, anywhere in the shadow root (it is
 * visually hidden by `.sr-only`).
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
    this.set('');
    this.timer = setTimeout(() => {
      this.set(text);
      this.timer = setTimeout(() => this.set(''), LINGER_MS);
    }, 30);
  }

  private set(text: string): void {
    clearTimeout(this.timer);
    this.text = text;
    this.host.requestUpdate();
  }

  render(): TemplateResult {
    return html`<div class="live sr-only" role="status" aria-live="polite" aria-atomic="true">${this.text}</div>`;
  }
}
