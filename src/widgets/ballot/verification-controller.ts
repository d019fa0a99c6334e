import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Backend } from '../../client/backend.js';
import type { QalaError } from '../../client/errors.js';
import { OIDC_MESSAGE, Phone, readOidcFragment, type Challenge, type CityConfig, type GeoPoint, type IdentityMethod, type OidcMessage, type VoterSession } from '../../contract/index.js';
import { checkIinPrefix } from '../../domain/verification-time.js';
import { checkVoterIin } from '../../domain/iin.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { CodeHost, CodeStep } from './code-step.js';
import { BallotPart } from './lazy-part.js';
import type { BallotKey, BallotMessages, SignInMessages } from './messages.js';
import type { SignIn, SignInHost } from './sign-in.js';
import type { Words } from './steps.js';

/**
 * Where proving the resident stands. `form`: the IIN (and phone) form, or the
 * sign-in button; `code`: an SMS code is on its way; `waiting`: the identity
 * provider is open in another window (or the page went there); `checking`: a
 * finished sign-in is being confirmed. `proof`: what the provider's callback
 * handed this browser (its message, or the fragment back), which confirming
 * needs; held in memory only, null until it comes.
 */
export type VerificationStep =
  | { kind: 'form' }
  | { kind: 'code'; challenge: Challenge; attemptsLeft: number; expired: boolean }
  | { kind: 'waiting'; challengeId: string; proof: string | null }
  | { kind: 'checking'; challengeId: string; proof: string | null };

/** A sign-in that came back, and the proof its callback handed this browser. */
type Returned = { challengeId: string; proof: string | null };

type Field = 'iin' | 'phone' | 'code';

/** What the verification needs from the ballot it sits in. */
export interface VerificationHost {
  backend(): Backend | null;
  config(): CityConfig | undefined;
  /** The server's clock now (the config's `serverTime` moved on by the time since). */
  serverNow(): Date;
  /** The position from the residence step, when the city checks residence. */
  location(): GeoPoint | null;
  focus(selector: string): void;
  say(text: string): void;
  report(error: unknown): QalaError;
  errorText(error: QalaError): string;
  heading(text: string): TemplateResult;
  intro(): TemplateResult;
  /** What follows the form (the receipt check). */
  after(): TemplateResult;
  /** The person is proven: the session (with their stored ballot, if any) is theirs. */
  verified(session: VoterSession): void;
  /** The server refused the position: the residence step again; the step held here resumes after it. */
  locationRefused(message: Words): void;
  /** The page is about to go to the identity provider (redirect mode): nothing here is lost work. */
  leaving(): void;
  /** Fetches the code step (`code-step.ts`, a module of its own: the first words do not wait for it). */
  codeModule(): Promise<typeof import('./code-step.js')>;
  /** Fetches the sign-in part (`sign-in.ts`, a module of its own: only `oidc` cities use it). */
  signInModule(): Promise<typeof import('./sign-in.js')>;
  /** Fetches the sign-in's texts in the language shown (beside its module): the ballot's words with them. */
  signInTexts(): Promise<LocalizeController<CommonMessages & BallotMessages & SignInMessages>>;
}

/**
 * A sign-in that came back to this page in redirect mode
 * (`#qala-oidc=<id>&proof=<proof>`): taken once and removed from the address
 * bar, so a reload, the history or a shared link does not carry it.
 */
function takeReturnedSignIn(): Returned | null {
  if (typeof location === 'undefined') return null;
  const back = readOidcFragment(location.hash);
  if (!back) return null;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return back;
}

/**
 * Proving who votes, by the city's identity method: an IIN whose code goes to
 * the phone on the voter list (`voter_list`), an IIN and the phone the census
 * registered for it (`census`), an IIN and any phone (`phone_only`, said so),
 * or a sign-in with the city's identity provider (`oidc`) in a popup, or by
 * leaving the page and coming back. Owns the step's state, its errors and its
 * timers; the ballot draws what `render()` returns and continues on `verified`.
 */
export class VerificationController implements ReactiveController {
  step: VerificationStep = { kind: 'form' };
  private busy = false;
  private fieldErrors: Partial<Record<Field, Words>> = {};
  private error: Words | null = null;
  private notice: Words | null = null;
  /** What is wrong with the IIN as it is typed (`checkIinPrefix`'s problem), none while it is fine. */
  private iinProblem: string | null = null;
  private iinComplete = false;
  private now = Date.now();
  private ticker: ReturnType<typeof setInterval> | undefined;
  /** A sign-in that came back by redirect, waiting for the config (and the residence step). */
  private returned: Returned | null = null;
  /** A step interrupted by the residence step; it resumes after it. */
  private held: VerificationStep | null = null;

  private readonly onMessage = (event: MessageEvent): void => {
    const data = event.data as Partial<Record<keyof OidcMessage, unknown>> | null;
    if (!data || typeof data !== 'object' || data.type !== OIDC_MESSAGE) return;
    const step = this.step;
    if (step.kind !== 'waiting' || data.challengeId !== step.challengeId) return;
    // Only the server's own callback page speaks for a sign-in (or, with no known origin, the window we opened).
    const signIn = this.signIn.value;
    if (signIn?.trusts(event)) void signIn.confirm(step.challengeId, typeof data.proof === 'string' ? data.proof : step.proof);
  };

  /** What the sign-in part drives here. */
  private readonly signInHost: SignInHost = {
    hooks: this.hooks,
    provider: () => this.provider,
    step: () => this.step,
    busy: () => this.busy,
    set: (patch) => {
      if (patch.step) this.step = patch.step;
      if (patch.busy !== undefined) this.busy = patch.busy;
      if (patch.error !== undefined) this.error = patch.error;
      this.update();
    },
    fail: (e) => this.fail(e),
    refusedLocation: (e) => this.refusedLocation(e),
    done: (session) => this.done(session),
    issueText: (message, e) => this.issueText(message, e),
    renderError: () => this.renderError(),
    renderLead: (notice) => this.renderLead(notice),
  };

  /** Signing in with the identity provider: fetched as soon as the config names it; a sign-in that came back is confirmed when it arrives. */
  private readonly signIn = new BallotPart<SignIn>(this.host, this.i18n, async () => {
    const [module, words] = await Promise.all([this.hooks.signInModule(), this.hooks.signInTexts()]);
    return new module.SignIn(this.signInHost, words);
  }, {
    name: 'sign-in',
    focusAfter: '#sign-in',
    focus: (selector) => this.hooks.focus(selector),
    ready: (signIn) => {
      if (this.step.kind === 'checking') void signIn.confirm(this.step.challengeId, this.step.proof);
    },
  });

  /** What the code step drives here. */
  private readonly codeHost: CodeHost = {
    hooks: this.hooks,
    step: () => this.step,
    busy: () => this.busy,
    now: () => this.now,
    notice: () => this.notice,
    codeError: () => this.fieldErrors.code,
    set: (patch) => {
      if (patch.busy !== undefined) this.busy = patch.busy;
      if (patch.error !== undefined) this.error = patch.error;
      if (patch.notice !== undefined) this.notice = patch.notice;
      if (patch.codeError !== undefined) this.fieldErrors = { code: patch.codeError };
      this.update();
    },
    challenge: (challenge) => {
      this.setChallenge(challenge);
      this.update();
    },
    refusedLocation: (e) => this.refusedLocation(e),
    done: (session) => this.done(session),
    changeIdentity: (reason) => this.handleChangeIdentity(reason),
    renderError: () => this.renderError(),
  };

  /**
   * The SMS code's step: fetched once the IIN form is drawn. Should a code come before it (a very slow link), the step
   * shows its heading and a loading line, and focus goes to the code's field when it arrives.
   */
  private readonly code = new BallotPart<CodeStep>(this.host, this.i18n, async () => new (await this.hooks.codeModule()).CodeStep(this.codeHost, this.i18n), {
    name: 'code',
    focusAfter: '#code',
    focus: (selector) => this.hooks.focus(selector),
    ready: () => {
      const focused = this.host.shadowRoot?.activeElement;
      if (this.step.kind === 'code' && (!focused || focused.matches('[data-step-heading]'))) this.hooks.focus('#code');
    },
  });
  /** The IIN form was drawn in the last render: the code step comes after it. */
  private formDrawn = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly i18n: LocalizeController<CommonMessages & BallotMessages>,
    private readonly hooks: VerificationHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.returned ??= takeReturnedSignIn();
    window.addEventListener('message', this.onMessage);
  }

  hostDisconnected(): void {
    window.removeEventListener('message', this.onMessage);
    this.setTicking(false);
  }

  hostUpdated(): void {
    if (!this.formDrawn) return;
    this.formDrawn = false;
    this.code.want();
  }

  /** The config arrived: a city that verifies by sign-in fetches that part now, while the page draws. */
  configured(config: CityConfig): void {
    if (config.identity.method === 'oidc') void this.signIn.load();
  }

  private get method(): IdentityMethod {
    return this.hooks.config()?.identity.method ?? 'phone_only';
  }

  private get provider(): string {
    return this.hooks.config()?.identity.provider?.[this.i18n.locale] ?? this.i18n.t('signIn.providerFallback');
  }

  /** Whether the resident has set the verification going (an identity sent, a code asked for, a sign-in opened). */
  get started(): boolean {
    return this.busy || this.step.kind !== 'form';
  }

  /** Whether a timer runs (a code's countdown). */
  get ticking(): boolean {
    return this.step.kind === 'code';
  }

  setTicking(on: boolean): void {
    if (on && !this.ticker) {
      this.ticker = setInterval(() => {
        this.now = Date.now();
        this.host.requestUpdate();
      }, 1000);
    } else if (!on && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  /** The verification step is shown anew: the form, a step held over the residence check, or a sign-in that came back. */
  begin(): void {
    this.busy = false;
    this.fieldErrors = {};
    this.notice = null;
    this.iinProblem = null;
    this.iinComplete = false;
    const held = this.held;
    this.held = null;
    if (held) {
      this.step = held;
      this.error = null;
      if (held.kind === 'checking') void this.confirmSignIn(held.challengeId, held.proof);
      return;
    }
    this.error = null;
    this.step = { kind: 'form' };
    if (this.returned && this.method === 'oidc') {
      const { challengeId, proof } = this.returned;
      this.returned = null;
      this.step = { kind: 'checking', challengeId, proof };
      void this.confirmSignIn(challengeId, proof);
    }
  }

  private update(): void {
    this.host.requestUpdate();
  }

  private serverIinCheck(iin: string) {
    const config = this.hooks.config()!;
    return checkVoterIin(iin, config.cycle.eligibility.minAge, config.city.timeZone, this.hooks.serverNow());
  }

  private iinMessage(problem: string): string {
    if (problem === 'too_young') return this.i18n.t('iin.too_young', { minAge: this.hooks.config()!.cycle.eligibility.minAge });
    const key = `iin.${problem}`;
    return this.i18n.has(key) ? this.i18n.t(key as BallotKey & `iin.${'format'}`) : this.i18n.t('iin.format');
  }

  /** The text of an issue the server sent (`iin.not_listed`, `phone.not_registered`, …), or of the error itself. */
  private issueText(message: string, e: QalaError): string {
    if (message === 'iin.too_young') return this.iinMessage('too_young');
    if (message === 'identity.unavailable') return this.i18n.t(this.method === 'oidc' ? 'identity.unavailableSignIn' : 'identity.unavailableCensus');
    if (message === 'identity.oidc_claim_missing' || message === 'identity.oidc_unavailable') return this.i18n.t(message, { provider: this.provider });
    if (this.i18n.has(message)) return this.i18n.t(message as 'phone.invalid');
    return this.hooks.errorText(e);
  }

  private fail(e: QalaError): void {
    const issue = e.issues.find((i) => i.path[0] === 'iin' || i.path[0] === 'phone');
    if (issue && this.step.kind === 'form') {
      const field = issue.path[0] as 'iin' | 'phone';
      const message = () => this.issueText(issue.message, e);
      this.fieldErrors = { [field]: message };
      this.hooks.focus(`#${field}`);
      this.hooks.say(message());
    } else {
      // The request's own issue (no path), else any issue with words of its own (`cycle.not_current`, `location.required`).
      const general = e.issues.find((i) => i.path.length === 0) ?? e.issues.find((i) => this.i18n.has(i.message));
      this.error = () => (general ? this.issueText(general.message, e) : this.hooks.errorText(e));
      this.hooks.focus('#step-error');
    }
    this.update();
  }

  // ——— IIN and phone ———

  private handleIinInput = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const cleaned = input.value.replace(/\D/g, '').slice(0, 12);
    if (cleaned !== input.value && /^[\d\s-]*$/.test(input.value)) input.value = cleaned;
    const value = input.value;
    const config = this.hooks.config()!;
    const { minAge } = config.cycle.eligibility;
    let problem: string | null;
    if (value.length === 12) {
      const check = this.serverIinCheck(value);
      problem = check.ok ? null : check.problem;
    } else {
      problem = checkIinPrefix(value, minAge, config.city.timeZone, this.hooks.serverNow());
    }
    this.iinComplete = value.length === 12 && problem === null;
    if (problem !== this.iinProblem && problem) this.hooks.say(this.iinMessage(problem));
    this.iinProblem = problem;
    if (this.fieldErrors.iin) this.fieldErrors = { ...this.fieldErrors, iin: undefined };
    this.update();
  };

  private handleIdentify = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this.busy) return;
    const form = event.target as HTMLFormElement;
    const iinInput = form.elements.namedItem('iin') as HTMLInputElement;
    const phoneInput = form.elements.namedItem('phone') as HTMLInputElement | null;
    const config = this.hooks.config()!;
    const errors: typeof this.fieldErrors = {};
    const iin = iinInput.value.replace(/\D/g, '');
    const check = this.serverIinCheck(iin);
    if (!check.ok) {
      const problem = check.problem;
      errors.iin = () => this.iinMessage(problem);
    }
    // The voter list has the phone: none is asked for, and none is sent.
    const phone = phoneInput ? Phone.safeParse(phoneInput.value) : null;
    if (phone && !phone.success) errors.phone = () => this.i18n.t('phone.invalid');
    this.error = null;
    this.notice = null;
    this.fieldErrors = errors;
    if (errors.iin || errors.phone) {
      this.hooks.focus(errors.iin ? '#iin' : '#phone');
      this.hooks.say(Object.values(errors).map((words) => words()).join(' '));
      this.update();
      return;
    }
    this.busy = true;
    this.update();
    try {
      // Where the city checks residence, the position goes with the request for a code: a refusal comes before any SMS is spent.
      const location = this.hooks.location();
      const challenge = await this.hooks.backend()!.startVerification({ cycleId: config.cycle.id, iin, ...(phone ? { phone: phone.data! } : {}), ...(location ? { location } : {}) });
      // Sent once; the browser keeps neither.
      form.reset();
      this.iinComplete = false;
      this.iinProblem = null;
      this.setChallenge(challenge);
      this.hooks.focus(this.code.value ? '#code' : '[data-step-heading]');
      // Fetched when the form was drawn; one that did not come then (a dropped connection) is asked for once more.
      if (!this.code.value) void this.code.load();
    } catch (error) {
      const e = this.hooks.report(error);
      if (!this.refusedLocation(e)) this.fail(e);
    } finally {
      this.busy = false;
      this.update();
    }
  };

  private setChallenge(challenge: Challenge): void {
    this.step = { kind: 'code', challenge, attemptsLeft: challenge.attemptsLeft, expired: false };
    this.now = Date.now();
    this.fieldErrors = {};
    this.error = null;
  }

  /** Back to the form; `reason` (a code that can no longer be used) shows there as an alert, the focus on the IIN. */
  private handleChangeIdentity = (reason?: Words): void => {
    this.step = { kind: 'form' };
    this.fieldErrors = {};
    this.error = reason ?? null;
    this.notice = null;
    this.hooks.focus('#iin');
    this.update();
  };

  /** The city checks residence and the server refused the position (or had none): the residence step again to share it anew, then back here. */
  private refusedLocation(e: QalaError): boolean {
    const issue = e.issues.find((i) => i.path[0] === 'location');
    if (!issue || !this.hooks.location()) return false;
    const step = this.step;
    this.held = step.kind === 'code' ? { ...step, expired: false } : step.kind === 'checking' || step.kind === 'waiting' ? { kind: 'checking', challengeId: step.challengeId, proof: step.proof } : null;
    this.hooks.locationRefused(() => (this.i18n.has(issue.message) ? this.i18n.t(issue.message as 'location.outside') : this.i18n.t('location.outside')));
    return true;
  }

  private done(session: VoterSession): void {
    this.step = { kind: 'form' };
    this.fieldErrors = {};
    this.error = null;
    this.notice = null;
    this.hooks.verified(session);
  }

  // ——— signing in with the identity provider ———

  /** Confirms a sign-in that came back (or resumes after the residence step), once the sign-in part is there. */
  private confirmSignIn(challengeId: string, proof: string | null): void {
    if (this.signIn.value) void this.signIn.value.confirm(challengeId, proof);
    // Not there yet: its arrival confirms the step's sign-in (`ready`); if it cannot come, the step shows a retry.
    else void this.signIn.load();
  }

  // ——— render ———

  /** The verification step; `notice` is the ballot's own (a session that expired). */
  render(notice: Words | null): TemplateResult {
    const step = this.step;
    switch (step.kind) {
      case 'form':
        if (this.method === 'oidc') return this.signIn.value?.renderSignIn(notice) ?? this.renderSignInPending(notice);
        this.formDrawn = true;
        return this.renderForm(notice);
      case 'code':
        return this.code.value?.render(step) ?? this.renderCodePending();
      case 'waiting':
        return this.signIn.value?.renderWaiting() ?? this.renderChecking();
      case 'checking':
        return this.renderChecking();
    }
  }

  /** The sign-in step's frame while its part is on its way (or could not come): the first words do not wait for it. */
  private renderSignInPending(notice: Words | null): TemplateResult {
    return html`<section part="step" class="stack" data-identity="oidc">
      ${this.hooks.intro()} ${this.hooks.heading(this.i18n.t('identify.title'))} ${this.renderLead(notice)} ${this.signIn.placeholder()} ${this.hooks.after()}
    </section>`;
  }

  private renderError(): TemplateResult | typeof nothing {
    return this.error ? html`<p id="step-error" class="notice error" role="alert" tabindex="-1">${this.error()}</p>` : nothing;
  }

  private renderLead(notice: Words | null): TemplateResult {
    const config = this.hooks.config()!;
    return html`${notice ? html`<p class="notice warning">${notice()}</p>` : nothing}
      <p>${this.i18n.t('identify.lead', { minAge: config.cycle.eligibility.minAge })}</p>`;
  }

  private renderForm(notice: Words | null): TemplateResult {
    const method = this.method;
    const iinError = this.fieldErrors.iin?.() ?? (this.iinProblem ? this.iinMessage(this.iinProblem) : null);
    const askPhone = method !== 'voter_list';
    return html`<section part="step" class="stack" data-identity=${method}>
      ${this.hooks.intro()} ${this.hooks.heading(this.i18n.t('identify.title'))} ${this.renderLead(notice)}
      ${method === 'phone_only' ? html`<p id="identity-statement" part="identity-statement" class="notice warning">${this.i18n.t('identify.phoneOnly')}</p>` : nothing}
      <form class="stack" novalidate @submit=${this.handleIdentify}>
        <div class="field">
          <label for="iin">${this.i18n.t('identify.iin')}</label>
          <span class="hint" id="iin-hint">${this.i18n.t('identify.iinHint')}</span>
          <input
            id="iin"
            name="iin"
            inputmode="numeric"
            autocomplete="off"
            maxlength="12"
            spellcheck="false"
            aria-describedby=${method === 'voter_list' ? 'iin-hint iin-status identity-statement' : 'iin-hint iin-status'}
            aria-invalid=${iinError ? 'true' : 'false'}
            @input=${this.handleIinInput}
          />
          <span id="iin-status" class=${iinError ? 'field-error' : 'hint ok'}>${iinError ?? (this.iinComplete ? this.i18n.t('identify.iinOk') : '')}</span>
        </div>
        ${askPhone
          ? html`<div class="field">
              <label for="phone">${this.i18n.t('identify.phone')}</label>
              <span class="hint" id="phone-hint">${this.i18n.t(method === 'census' ? 'identify.censusPhoneHint' : 'identify.phoneHint')}</span>
              <input
                id="phone"
                name="phone"
                type="tel"
                inputmode="tel"
                autocomplete="tel"
                aria-describedby="phone-hint phone-error"
                aria-invalid=${this.fieldErrors.phone ? 'true' : 'false'}
              />
              <span id="phone-error" class="field-error">${this.fieldErrors.phone?.() ?? ''}</span>
            </div>`
          : html`<p id="identity-statement" class="hint">${this.i18n.t('identify.listLead')}</p>`}
        <p class="hint">${this.i18n.t(askPhone ? 'identify.privacy' : 'identify.listPrivacy')}</p>
        ${this.renderError()}
        <div class="row">
          <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? this.i18n.t('identify.sending') : this.i18n.t('identify.submit')}</button>
        </div>
      </form>
      ${this.hooks.after()}
    </section>`;
  }

  /** The code's step while its part is on its way (or could not come: a retry). */
  private renderCodePending(): TemplateResult {
    return html`<section part="step" class="stack">${this.hooks.heading(this.i18n.t('code.title'))} ${this.code.placeholder()}</section>`;
  }

  private renderChecking(): TemplateResult {
    return html`<section part="step" class="stack" aria-busy="true">
      ${this.hooks.heading(this.i18n.t('signIn.checking'))}
      ${this.signIn.value ? html`<div class="skeleton sk-block"></div>` : this.signIn.placeholder()}
    </section>`;
  }
}
