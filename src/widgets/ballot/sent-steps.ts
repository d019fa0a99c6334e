import { html, nothing, type TemplateResult } from 'lit';
import type { OutboxSnapshot } from '../../client/outbox.js';
import type { BallotDraft } from '../../domain/ballot-editor.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import { QalaBallotCastEvent } from './events.js';
import type { BallotMessages, SentMessages } from './messages.js';
import { isOutboxStep, type PoolIssue, type Step, type StepOf, type Words } from './steps.js';

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
  /** The step shown. */
  step(): Step;
  /** Shows `step`, focus moving to `focus` (default: its heading), or staying where it is (`null`). */
  show(step: Step, focus?: string | null): void;
  /** Dispatches `event` from the ballot. */
  dispatch(event: Event): void;
  /** The receipt check starts anew (a new receipt is shown). */
  resetReceipt(): void;
  /** The choices back in the draft. */
  restore(draft: BallotDraft): void;
  /** The verified session ends. */
  signOut(): void;
  /** The outbox forgets its ballot. */
  discard(): void;
  /** Where a resident starts, `notice` saying why they start again. */
  firstStep(notice: Words): Step;
  /** What stops the draft from being sent (none before the projects and the vote part are there). */
  issues(): PoolIssue[];
}

/**
 * What the ballot shows only once a ballot is cast — sending, waiting for a
 * connection, refused, and received with its receipt — in the outbox's part
 * (`outbox-part.ts`), with its words in a catalogue of their own
 * (`messages/sent/`, one chunk per language) fetched beside it. These steps
 * are reached only through the outbox (a ballot cast, or one this device keeps
 * found at start-up), so both are there by then; which of them each state of
 * the outbox leads to is decided here too (`follow`).
 */
export class SentSteps {
  /** The ballots whose receipt the host page has been told of (`qala-ballot-cast`), by idempotency key. */
  private readonly notified = new Set<string>();

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
      ${step.step === 'queued' && !s.sending && s.nextAttemptAt !== null && s.nextAttemptAt - Date.now() >= 60_000
        ? html`<p class="hint" id="next-attempt">${t.t('status.nextAttempt', { at: t.dateTime(new Date(s.nextAttemptAt), this.host.timeZone()) })}</p>`
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

  /**
   * The step a new state of the outbox leads to: sending, waiting, received (the host page told once), or back to
   * where a refusal sends the resident (the choices restored). `initial`: what this device kept, found at start-up.
   */
  follow(s: OutboxSnapshot, initial = false): void {
    const host = this.host;
    const shown = host.step();
    if (isOutboxStep(shown)) host.show({ ...shown, outbox: s }, null);
    // On load the state is shown as it is, without moving focus; afterwards focus follows the step.
    const go = (step: Step, focus?: string): void => host.show(step, initial ? null : focus);
    const entry = s.entry;
    if (!entry) return;
    const now = host.step().step;
    const following = initial || ['sending', 'queued', 'failed', 'review', 'done'].includes(now);
    if (!following) return;
    if (entry.status === 'sent' && entry.receipt) {
      const receipt = { receiptCode: entry.receipt.receiptCode, castAt: entry.receipt.castAt, changeableUntil: entry.receipt.changeableUntil };
      if (!this.notified.has(entry.idempotencyKey)) {
        this.notified.add(entry.idempotencyKey);
        if (!initial) {
          host.dispatch(
            new QalaBallotCastEvent({ cycleId: entry.cycleId, receiptCode: entry.receipt.receiptCode, castAt: entry.receipt.castAt, changeableUntil: entry.receipt.changeableUntil }),
          );
        }
      }
      if (now !== 'done') {
        host.resetReceipt();
        go({ step: 'done', receipt });
      } else host.show({ step: 'done', receipt }, null);
      return;
    }
    if (entry.status === 'pending') {
      const next = s.sending && entry.attempts === 0 ? 'sending' : 'queued';
      if (now !== next && !(now === 'queued' && next === 'sending')) go({ step: next, outbox: s });
      return;
    }
    // failed: the server refused; the choices are restored so nothing is retyped.
    host.restore(Object.fromEntries(entry.ballot.choices.map((c) => [c.poolId, c.picks])));
    const code = entry.error?.code;
    if (code === 'unauthorized' || code === 'district_mismatch' || code === 'not_eligible') {
      // A district the voter list changed since the confirmation: confirming again shows the pools of the new one.
      // Taken off the list since: the first step says so, and the choices wait in case the project centre adds them again.
      host.signOut();
      host.discard();
      const notice = code === 'unauthorized' ? 'notice.sessionExpired' : code === 'district_mismatch' ? 'error.district_mismatch' : 'iin.not_listed';
      go(host.firstStep(() => this.i18n.t(notice)));
    } else if (code === 'already_voted') {
      host.discard();
      go({ step: 'voted', receipt: null });
    } else if (code === 'phase_closed') {
      host.discard();
      go({ step: 'closed' });
    } else if (code === 'ballot_invalid' || code === 'validation_failed') {
      // Without the projects or the vote part yet, the issues wait for the resident's next check (the error says what happened).
      const issues = host.issues();
      host.discard();
      go({ step: 'ballot', issues, error: () => this.i18n.t('error.ballot_invalid') }, '#ballot-errors');
    } else if (now !== 'failed') {
      go({ step: 'failed', outbox: s });
    }
  }
}
