import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const isField = (node: unknown): node is Field => node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement || node instanceof HTMLSelectElement;
const fieldValue = (f: Field): string => (f instanceof HTMLInputElement && (f.type === 'checkbox' || f.type === 'radio') ? String(f.checked) : f.value);
/** What a field held before the person typed in it, when it was not seen focused: its default. */
const fieldDefault = (f: Field): string =>
  f instanceof HTMLInputElement && (f.type === 'checkbox' || f.type === 'radio') ? String(f.defaultChecked) : f instanceof HTMLSelectElement ? ([...f.options].find((o) => o.defaultSelected)?.value ?? f.options[0]?.value ?? '') : f.defaultValue;

/**
 * The work in the centre's sections the server has not got yet: fields the person typed in (in `.content`) that
 * differ from what they held, until the action of their form works or the form is reset, and what a section holds
 * outside its fields (`held`: a batch of paper ballots). While there is some, leaving the page (a reload, a
 * pull-to-refresh, a closed tab) asks first.
 */
export class UnsavedWorkController implements ReactiveController {
  /** Fields typed in, with what they held before (marked with a leading NUL while only seen focused). */
  private readonly typed = new Map<Field, string>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** Whether anyone is signed in (signed out, nothing is anyone's work any more). */
    private readonly signedIn: () => boolean,
    /** Whether a section holds work of its own. */
    private readonly held: () => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const root = this.host.shadowRoot ?? this.host;
    addEventListener('beforeunload', this.onBeforeUnload);
    root.addEventListener('focusin', this.onFocusIn);
    root.addEventListener('input', this.onTyped);
    root.addEventListener('change', this.onTyped);
    root.addEventListener('reset', this.onFormReset);
  }

  hostDisconnected(): void {
    const root = this.host.shadowRoot ?? this.host;
    removeEventListener('beforeunload', this.onBeforeUnload);
    root.removeEventListener('focusin', this.onFocusIn);
    root.removeEventListener('input', this.onTyped);
    root.removeEventListener('change', this.onTyped);
    root.removeEventListener('reset', this.onFormReset);
  }

  /** Whether a section holds work the server has not got: typed in its fields and not saved, or its own. */
  get any(): boolean {
    if (!this.signedIn()) return false;
    for (const [field, before] of this.typed) if (field.isConnected && !before.startsWith('\u0000') && fieldValue(field) !== before) return true;
    return this.held();
  }

  /** The fields in `scope` (all without one) are with the server now, or gone. */
  forget(scope?: Element): void {
    for (const field of [...this.typed.keys()]) if (!scope || scope.contains(field) || !field.isConnected) this.typed.delete(field);
  }

  private readonly onFocusIn = (event: Event): void => {
    const field = event.composedPath()[0];
    if (isField(field) && !this.typed.has(field) && field.closest('.content')) this.typed.set(field, `\u0000${fieldValue(field)}`);
  };

  private readonly onTyped = (event: Event): void => {
    const field = event.composedPath()[0];
    if (!isField(field) || !field.closest('.content')) return;
    const before = this.typed.get(field);
    // Seen focused, not typed in yet (marked), or never seen: what it held is known, or its default.
    if (before === undefined) this.typed.set(field, fieldDefault(field));
    else if (before.startsWith('\u0000')) this.typed.set(field, before.slice(1));
  };

  private readonly onFormReset = (event: Event): void => {
    const form = event.composedPath()[0];
    if (form instanceof HTMLFormElement) this.forget(form);
  };

  /** Asks before the page goes while there is work not saved. */
  readonly onBeforeUnload = (event: Event): void => {
    if (!this.any) return;
    event.preventDefault();
    (event as BeforeUnloadEvent).returnValue = '';
  };
}
