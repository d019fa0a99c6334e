import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Backend } from '../../client/backend.js';
import type { QalaError } from '../../client/errors.js';
import { ReceiptCode, type ReceiptStatus } from '../../contract/index.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { BallotMessages, ReceiptMessages } from './messages.js';
import { receiptText } from './receipt-text.js';

/** Where a check stands: nothing asked yet, waiting for the server, its answer, or why there is none. */
export type ReceiptCheck = { status: 'idle' } | { status: 'busy' } | { status: 'done'; result: ReceiptStatus } | { status: 'error'; error: QalaError };

/** What the receipt check needs from the ballot it sits in. */
export interface ReceiptCheckHost {
  backend(): Backend | null;
  /** The city's time zone, for the time a ballot was received. */
  timeZone(): string;
  focus(selector: string): void;
  say(text: string): void;
  report(error: unknown): QalaError;
  errorText(error: QalaError): string;
}

/**
 * "Check my receipt": a resident types a receipt code (or finds theirs filled
 * in) and learns whether that ballot is counted, on paper or online, or was
 * replaced by a newer one. Owns the code's field error, the request and its
 * answer; the ballot draws `render()` wherever the check belongs (before
 * verification, after voting, after the vote closed).
 */
export class ReceiptCheckController implements ReactiveController {
  check: ReceiptCheck = { status: 'idle' };
  /** The code typed is not a receipt code (said in the language shown, whenever it changes). */
  private invalid = false;
  /** Each check, and each new step, gets a number: an answer for an earlier one is dropped (the next voter at a desk never sees it). */
  private asked = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly i18n: LocalizeController<CommonMessages & BallotMessages & ReceiptMessages>,
    private readonly hooks: ReceiptCheckHost,
  ) {
    host.addController(this);
  }

  /** Nothing starts with the host: a check runs only when asked (a controller needs at least one hook). */
  hostConnected(): void {}

  /** A new step: the last answer goes (a code typed wrong stays marked until it is corrected). */
  reset(): void {
    this.asked++;
    this.check = { status: 'idle' };
    this.host.requestUpdate();
  }

  private handleSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('receipt') as HTMLInputElement;
    const code = input.value.trim().toUpperCase().replace(/\s+/g, '');
    const parsed = ReceiptCode.safeParse(code);
    if (!parsed.success) {
      this.invalid = true;
      this.hooks.focus('#receipt-code');
      this.hooks.say(this.i18n.t('receipt.invalid'));
      this.host.requestUpdate();
      return;
    }
    this.invalid = false;
    const asked = ++this.asked;
    this.check = { status: 'busy' };
    this.host.requestUpdate();
    let check: ReceiptCheck;
    try {
      check = { status: 'done', result: await this.hooks.backend()!.checkReceipt(parsed.data) };
    } catch (error) {
      if (asked !== this.asked) return;
      check = { status: 'error', error: this.hooks.report(error) };
    }
    if (asked !== this.asked) return;
    this.check = check;
    this.hooks.focus('#receipt-result');
    this.host.requestUpdate();
  };

  /** The form, with `prefill` in the field (the resident's own receipt, when the widget knows it). */
  render(prefill: string): TemplateResult {
    const check = this.check;
    return html`<form class="stack receipt-check" novalidate @submit=${this.handleSubmit}>
      <div class="field">
        <label for="receipt-code">${this.i18n.t('receipt.label')}</label>
        <div class="row">
          <input
            id="receipt-code"
            name="receipt"
            autocomplete="off"
            spellcheck="false"
            .value=${prefill}
            placeholder="XXXX-XXXX-XXXX-XXXX"
            aria-describedby="receipt-error"
            aria-invalid=${this.invalid ? 'true' : 'false'}
          />
          <button type="submit" ?disabled=${check.status === 'busy'}>${this.i18n.t('receipt.check')}</button>
        </div>
        <span id="receipt-error" class="field-error">${this.invalid ? this.i18n.t('receipt.invalid') : ''}</span>
      </div>
      <div id="receipt-result" tabindex="-1" role="status">
        ${check.status === 'done'
          ? html`<p class="notice ${check.result.status === 'counted' ? 'success' : 'warning'}">${receiptText(this.i18n, check.result, this.hooks.timeZone())}</p>`
          : check.status === 'error'
            ? html`<p class="notice error">${check.error.code === 'not_found' ? this.i18n.t('receipt.notFound') : this.hooks.errorText(check.error)}</p>`
            : check.status === 'busy'
              ? html`<p class="hint">${this.i18n.t('loading')}</p>`
              : nothing}
      </div>
    </form>`;
  }
}
