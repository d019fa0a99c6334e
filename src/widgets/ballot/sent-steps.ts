import { html, nothing, type TemplateResult } from 'lit';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { BallotMessages, SentMessages } from './messages.js';
import type { StepOf } from './steps.js';

/** What the steps of a cast ballot need from the ballot they sit in. */
export interface SentHost {
  /** The step's heading (it takes focus as each step shows). */
  heading(text: string): TemplateResult;
  /** The city's time zone, for the time the server received the ballot and the end of changes. */
  timeZone(): string;
  /** A verified resident is here (a ballot that may still change offers "Change my vote"). */
  verified(): boolean;
  /** The receipt check, `prefill` in its field. */
  receiptCheck(prefill: string): TemplateResult;
  say(text: string): void;
  /** The outbox tries to send the ballot now. */
  sendNow(): void;
  /** The ballot is forgotten on this device; the first step for the next resident. */
  nextVoter(): void;
  /** Back to the ballot (verified) or to the first step, to vote again. */
  changeVote(): void;
}

/**
 * What the ballot shows only once a ballot is cast — sending, waiting for a
 * connection, refused, and received with its receipt — in the outbox's part
 * (`outbox-part.ts`), with its words in a catalogue of their own
 * (`messages/sent/`, one chunk per language) fetched beside it. These steps
 * are reached only through the outbox (a ballot cast, or one this device keeps
 * found at start-up), so both are there by then.
 */
export class SentSteps {
  constructor(
    private readonly i18n: LocalizeController<CommonMessages & BallotMessages & SentMessages>,
    private readonly host: SentHost,
  ) {}

  /** "Send now" on the waiting step: said, and the outbox tries at once. */
  private sendNow(): void {
    this.host.say(this.i18n.t('status.sending'));
    this.host.sendNow();
  }

  renderSending(step: StepOf<'sending' | 'queued' | 'failed'>): TemplateResult {
    const t = this.i18n;
    const s = step.outbox;
    const entry = s.entry;
    const persistent = s.persistent;
    const sending = step.step === 'sending' || s.sending;
    if (step.step === 'failed') {
      return html`<section part="step" class="stack">
        ${this.host.heading(t.t('status.failedTitle'))}
        <p part="status" class="notice error" role="alert">${entry?.error ? t.t(`error.${entry.error.code}` as 'error.generic') : t.t('error.generic')}</p>
        <div class="row"><button class="primary" @click=${() => this.host.nextVoter()}>${t.t('status.startOver')}</button></div>
      </section>`;
    }
    return html`<section part="step" class="stack" aria-busy=${sending ? 'true' : 'false'}>
      ${this.host.heading(step.step === 'sending' ? t.t('status.sending') : t.t('status.queuedTitle'))}
      <p part="status" class="notice ${step.step === 'queued' ? 'warning' : ''}">
        ${step.step === 'sending' ? t.t('status.sendingLead') : persistent ? t.t('status.queued') : t.t('status.queuedMemory')}
      </p>
      ${!persistent ? html`<p class="notice warning">${t.t('status.noStorage')}</p>` : nothing}
      ${step.step === 'queued' && entry?.error
        ? html`<p class="hint">${t.t('status.lastError', { error: t.t(entry.error.code === 'unavailable' ? 'error.network' : (`error.${entry.error.code}` as 'error.generic')) })}</p>`
        : nothing}
      ${step.step === 'queued'
        ? html`<div class="row">
            <button class="primary" ?disabled=${s.sending} @click=${() => this.sendNow()}>${s.sending ? t.t('status.sending') : t.t('status.retry')}</button>
          </div>`
        : nothing}
    </section>`;
  }

  renderDone({ receipt }: StepOf<'done'>): TemplateResult {
    const t = this.i18n;
    const tz = this.host.timeZone();
    const changeable = receipt.changeableUntil && Date.parse(receipt.changeableUntil) > Date.now();
    return html`<section part="step" class="stack">
      ${this.host.heading(t.t('done.title'))}
      <p part="status" class="notice success">${t.t('done.sent', { at: t.dateTime(receipt.castAt, tz) })}</p>
      <p>${t.t('done.receiptLabel')} <strong part="receipt" class="receipt">${receipt.receiptCode}</strong></p>
      <p>${t.t('done.howToCheck')}</p>
      <p>${changeable ? t.t('done.changeable', { until: t.until(receipt.changeableUntil!, tz) }) : t.t('done.final')}</p>
      ${this.host.receiptCheck(receipt.receiptCode)}
      <div class="row">
        ${changeable && this.host.verified() ? html`<button @click=${() => this.host.changeVote()}>${t.t('voted.change')}</button>` : nothing}
        <button @click=${() => this.host.nextVoter()}>${t.t('done.nextVoter')}</button>
      </div>
    </section>`;
  }
}
