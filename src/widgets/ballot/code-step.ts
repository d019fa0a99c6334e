import { html, nothing, type TemplateResult } from 'lit';
import type { QalaError } from '../../client/errors.js';
import type { Challenge, VoterSession } from '../../contract/index.js';
import { clock, secondsUntil } from '../../domain/verification-time.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { BallotMessages } from './messages.js';
import type { Words } from './steps.js';
import type { VerificationHost, VerificationStep } from './verification-controller.js';

type CodeStepState = Extract<VerificationStep, { kind: 'code' }>;

/** What the code step needs from the verification it is part of. */
export interface CodeHost {
  readonly hooks: VerificationHost;
  step(): VerificationStep;
  busy(): boolean;
  /** The clock the countdowns show (moved on each second while the step shows). */
  now(): number;
  notice(): Words | null;
  codeError(): Words | undefined;
  /** Changes the verification's state and draws it again. */
  set(patch: { busy?: boolean; error?: Words | null; notice?: Words | null; codeError?: Words }): void;
  /** A code is on its way: the step shows it (a new one after a resend). */
  challenge(challenge: Challenge): void;
  refusedLocation(e: QalaError): boolean;
  done(session: VoterSession): void;
  /** Back to the IIN and phone form; with `reason`, saying why (a code that can no longer be used). */
  changeIdentity(reason?: Words): void;
  renderError(): TemplateResult | typeof nothing;
}

/** Where the code went: the phone's mask (the voter list's), or the hint the resident typed it by. */
function sentTo(challenge: Challenge): { mask: string } | { hint: string } {
  return challenge.phoneMask ? { mask: challenge.phoneMask } : { hint: challenge.phoneHint };
}

/**
 * The one-time code sent by SMS: entering and confirming it, a code sent again, the countdowns and the code that
 * expired or was locked. A part of its own (`ballot.code-step-….js`), fetched as soon as the IIN form is drawn: the
 * first words never wait for it, and it is there long before a resident has typed an IIN and a phone. The
 * verification owns the step, its busy flag and its errors; this part drives them.
 */
export class CodeStep {
  constructor(
    private readonly v: CodeHost,
    private readonly i18n: LocalizeController<CommonMessages & BallotMessages>,
  ) {}

  private get hooks(): VerificationHost {
    return this.v.hooks;
  }

  private readonly handleResend = async (): Promise<void> => {
    const step = this.v.step();
    if (step.kind !== 'code' || this.v.busy()) return;
    const wait = secondsUntil(step.challenge.resendAt, Date.now());
    if (wait > 0) {
      this.hooks.say(this.i18n.t('code.resendIn', { time: clock(wait) }));
      return;
    }
    this.v.set({ busy: true });
    try {
      const challenge = await this.hooks.backend()!.resendCode(step.challenge.challengeId);
      this.v.challenge(challenge);
      const where = sentTo(challenge);
      const notice = () => ('mask' in where ? this.i18n.t('code.resentMasked', where) : this.i18n.t('code.resent', where));
      this.v.set({ notice });
      this.hooks.focus('#code');
      this.hooks.say(notice());
    } catch (error) {
      const e = this.hooks.report(error);
      // The server no longer has the verification (a code typed after its time, or swept): a new one is started.
      if (e.code === 'not_found') return this.startAgain(step, 'code.gone');
      this.v.set({ error: () => this.hooks.errorText(e) });
      this.hooks.focus('#step-error');
    } finally {
      this.v.set({ busy: false });
    }
  };

  private readonly handleConfirm = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const step = this.v.step();
    if (step.kind !== 'code' || this.v.busy()) return;
    const { challenge } = step;
    const input = (event.target as HTMLFormElement).elements.namedItem('code') as HTMLInputElement;
    const code = input.value.replace(/\D/g, '');
    if (code.length !== challenge.codeLength) {
      const message = () => this.i18n.t('code.format', { length: challenge.codeLength });
      this.v.set({ notice: null, codeError: message });
      this.hooks.focus('#code');
      this.hooks.say(message());
      return;
    }
    if (Date.now() >= Date.parse(challenge.expiresAt)) {
      this.v.set({ notice: null });
      this.failed(step, 'code_expired');
      return;
    }
    this.v.set({ notice: null, busy: true });
    try {
      // The position was checked when the code was sent: it is not sent twice.
      const session = await this.hooks.backend()!.confirmCode(challenge.challengeId, { code });
      this.v.done(session);
    } catch (error) {
      const e = this.hooks.report(error);
      if (e.code === 'code_invalid') this.failed(step, e.code);
      // The server deletes a verification that locked or whose code came too late: no new code can be sent for it.
      else if (e.code === 'code_locked' || e.code === 'code_expired') this.startAgain(step, e.code === 'code_locked' ? 'code.locked' : 'code.ended');
      else if (!this.v.refusedLocation(e)) {
        // A refusal with words of its own (`phone.taken`: this phone verified as many voters as the city allows).
        const known = e.issues.find((i) => this.i18n.has(i.message));
        this.v.set({ error: () => (known ? this.i18n.t(known.message as 'phone.taken') : e.code === 'not_eligible' ? this.i18n.t('error.not_eligible') : this.hooks.errorText(e)) });
        this.hooks.focus('#step-error');
      }
    } finally {
      this.v.set({ busy: false });
    }
  };

  /** A wrong code (the attempts left said), or one this device sees has expired (the server still sends a new one for it). */
  private failed(step: CodeStepState, code: 'code_invalid' | 'code_expired'): void {
    if (this.v.step() !== step) return;
    let message: Words;
    if (code === 'code_invalid') {
      step.attemptsLeft = Math.max(0, step.attemptsLeft - 1);
      const left = step.attemptsLeft;
      if (left === 0) return this.startAgain(step, 'code.locked');
      message = () => this.i18n.t('code.wrong', { left });
    } else {
      step.expired = true;
      message = () => this.i18n.t('code.expired');
    }
    this.v.set({ codeError: message });
    this.hooks.focus(step.expired ? '#resend' : '#code');
    this.hooks.say(message());
  }

  /** The verification is gone on the server (locked, too late, swept): back to the form, saying why and what to do. */
  private startAgain(step: CodeStepState, reason: 'code.locked' | 'code.ended' | 'code.gone'): void {
    if (this.v.step() !== step) return;
    const again = step.challenge.phoneMask ? 'code.startAgain' : 'code.startAgainPhone';
    this.v.changeIdentity(() => `${this.i18n.t(reason)} ${this.i18n.t(again)}`);
  }

  private readonly handleChangeIdentity = (): void => this.v.changeIdentity();

  render(step: CodeStepState): TemplateResult {
    const { challenge } = step;
    const now = this.v.now();
    const busy = this.v.busy();
    const notice = this.v.notice();
    const resendIn = secondsUntil(challenge.resendAt, now);
    const expired = step.expired || now >= Date.parse(challenge.expiresAt);
    const error = this.v.codeError()?.() ?? (expired ? this.i18n.t('code.expired') : undefined);
    const where = sentTo(challenge);
    return html`<section part="step" class="stack">
      ${this.hooks.heading(this.i18n.t('code.title'))}
      <p id="code-sent-to">${'mask' in where ? html`${this.i18n.t('code.leadMasked', where)}` : this.i18n.t('code.lead', where)}</p>
      ${notice ? html`<p class="notice success">${notice()}</p>` : nothing}
      <form class="stack" novalidate @submit=${this.handleConfirm}>
        <div class="field">
          <label for="code">${this.i18n.t('code.label', { length: challenge.codeLength })}</label>
          <input
            id="code"
            name="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            maxlength=${challenge.codeLength}
            spellcheck="false"
            aria-describedby="code-error code-expiry code-sent-to"
            aria-invalid=${error ? 'true' : 'false'}
            ?disabled=${step.expired}
          />
          <span id="code-error" class="field-error">${error ?? ''}</span>
          <span id="code-expiry" class="hint">${expired ? '' : this.i18n.t('code.validUntil', { time: clock(secondsUntil(challenge.expiresAt, now)) })}</span>
        </div>
        ${this.v.renderError()}
        <div class="row">
          <button class="primary" type="submit" ?disabled=${busy || step.expired}>${this.i18n.t('code.confirm')}</button>
          <button id="resend" type="button" aria-disabled=${resendIn > 0 || busy ? 'true' : 'false'} @click=${this.handleResend}>
            ${resendIn > 0 ? this.i18n.t('code.resendIn', { time: clock(resendIn) }) : this.i18n.t('code.resend')}
          </button>
        </div>
        <p>
          <button type="button" class="link" @click=${this.handleChangeIdentity}>
            ${this.i18n.t(challenge.phoneMask ? 'code.changeIin' : 'code.changePhone')}
          </button>
        </p>
      </form>
    </section>`;
  }
}
