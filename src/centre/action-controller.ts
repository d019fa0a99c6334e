import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { toCentreError, type CentreError } from './api.js';

/** Element ids from action keys (`status-aksu-1`): letters, digits, `_` and `-` only. */
export const actionId = (key: string): string => `act-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export interface ButtonOptions {
  primary?: boolean;
  /** Ids of other elements that describe the button (a field's hint). */
  describedBy?: string;
  /** `submit` for a form's own button (the form's submit handler runs the action). */
  type?: 'button' | 'submit';
  /** A label for assistive technology when the visible one is short. */
  ariaLabel?: string;
}

/**
 * Every action of the centre (save a status, merge, open a phase…) runs
 * through this controller under a key. While it runs its button says so
 * (`aria-disabled`, never `disabled`: a disabled button drops the focus);
 * when it fails, the error is shown right after that button, in the person's
 * language, and the focus stays on (or returns to) the button. Form fields
 * are never touched, so nothing typed is lost.
 */
export class ActionController implements ReactiveController {
  private readonly busy = new Set<string>();
  private readonly failures = new Map<string, CentreError>();
  private readonly successes = new Map<string, string>();
  /** What an action has to say that is neither its result nor an error ("signed in again: press it again"). */
  private readonly notes = new Map<string, string>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** The error in the person's words, one line per problem. */
    private readonly explain: (error: CentreError) => string[],
    private readonly busyText: () => string,
    private readonly hooks: {
      /** An action failed (the server refused the credential, say). */
      failed?: (key: string, error: CentreError) => void;
      /** An action worked. */
      done?: (key: string) => void;
    } = {},
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  isBusy(key: string): boolean {
    return this.busy.has(key);
  }

  error(key: string): CentreError | undefined {
    return this.failures.get(key);
  }

  /** Says `text` after an action's button in place of what it said last (until it runs again). */
  note(key: string, text: string): void {
    this.failures.delete(key);
    this.successes.delete(key);
    this.notes.set(key, text);
    this.host.requestUpdate();
  }

  /** Forgets what an action said (when its view closes). */
  clear(key?: string): void {
    if (key === undefined) {
      this.failures.clear();
      this.successes.clear();
      this.notes.clear();
    } else {
      this.failures.delete(key);
      this.successes.delete(key);
      this.notes.delete(key);
    }
    this.host.requestUpdate();
  }

  /** Runs `work` under `key`; resolves to its result, or `undefined` when it failed (the error is shown by `message(key)`). */
  async run<T>(key: string, work: () => Promise<T>, done?: (result: T) => string): Promise<T | undefined> {
    if (this.busy.has(key)) return undefined;
    this.busy.add(key);
    this.failures.delete(key);
    this.successes.delete(key);
    this.notes.delete(key);
    this.host.requestUpdate();
    try {
      const result = await work();
      this.successes.set(key, done?.(result) ?? '');
      this.hooks.done?.(key);
      return result;
    } catch (error) {
      const e = toCentreError(error);
      this.failures.set(key, e);
      this.hooks.failed?.(key, e);
      return undefined;
    } finally {
      this.busy.delete(key);
      this.host.requestUpdate();
      await this.host.updateComplete;
      if (this.failures.has(key)) this.focus(key);
    }
  }

  /**
   * Shows `text` as what `key` said, where `message(key)` is rendered: for an action whose own button and message
   * went with its result (a removed row), said in a place that stays.
   */
  announce(key: string, text: string): void {
    this.failures.delete(key);
    this.successes.set(key, text);
    this.host.requestUpdate();
  }

  /** Puts the focus on an action's button (after a failure, or when a dialog that asked for it closes). */
  focus(key: string): void {
    const root = (this.host.shadowRoot ?? this.host) as ParentNode;
    root.querySelector<HTMLElement>(`#${actionId(key)}`)?.focus();
  }

  /** The button of an action, described by its message. */
  button(key: string, label: string, onClick: ((event: Event) => void) | null, options: ButtonOptions = {}): TemplateResult {
    const id = actionId(key);
    const busy = this.busy.has(key);
    const describedBy = [options.describedBy, `${id}-msg`].filter(Boolean).join(' ');
    return html`<button
      id=${id}
      type=${options.type ?? 'button'}
      class=${options.primary ? 'primary' : ''}
      aria-disabled=${busy ? 'true' : 'false'}
      aria-describedby=${describedBy}
      aria-label=${options.ariaLabel ?? nothing}
      @click=${(event: Event) => {
        if (busy) {
          event.preventDefault();
          return;
        }
        onClick?.(event);
      }}
    >
      ${label}
    </button>`;
  }

  /** What the action said last: its error (an alert) or its result (a status); shown right after its button. */
  message(key: string): TemplateResult {
    const id = `${actionId(key)}-msg`;
    const error = this.failures.get(key);
    const success = this.successes.get(key);
    const note = this.notes.get(key);
    const busy = this.busy.has(key);
    return html`<div id=${id} class="action-msg" aria-live="polite">
      ${error
        ? html`<div class="field-error" role="alert">${this.explain(error).map((line) => html`<p>${line}</p>`)}</div>`
        : busy
          ? html`<p class="muted">${this.busyText()}</p>`
          : success
            ? html`<p class="done">${success}</p>`
            : note
              ? html`<p>${note}</p>`
              : nothing}
    </div>`;
  }

  /** Button and message together. */
  control(key: string, label: string, onClick: ((event: Event) => void) | null, options: ButtonOptions = {}): TemplateResult {
    return html`<div class="action">${this.button(key, label, onClick, options)}${this.message(key)}</div>`;
  }
}
