import { html, nothing, type TemplateResult } from 'lit';
import type { QalaError } from '../../client/errors.js';
import type { VoterSession } from '../../contract/index.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { BallotMessages, SignInMessages } from './messages.js';
import type { Words } from './steps.js';
import type { VerificationHost, VerificationStep } from './verification-controller.js';

/** What the sign-in needs from the verification it is part of. */
export interface SignInHost {
  readonly hooks: VerificationHost;
  /** The identity provider's name, in the resident's language. */
  provider(): string;
  step(): VerificationStep;
  busy(): boolean;
  /** Changes the verification's state and draws it again. */
  set(patch: { step?: VerificationStep; busy?: boolean; error?: Words | null }): void;
  fail(e: QalaError): void;
  refusedLocation(e: QalaError): boolean;
  done(session: VoterSession): void;
  issueText(message: string, e: QalaError): string;
  renderError(): TemplateResult | typeof nothing;
  renderLead(notice: Words | null): TemplateResult;
}

const POPUP_NAME = 'qala-sign-in';
const POPUP_FEATURES = 'popup,width=520,height=720';

/**
 * Signing in with the city's identity provider (`oidc` cities only, so a
 * module of its own, fetched as soon as the config names the method): in a
 * popup, or by leaving the page and coming back; waiting for the provider and
 * confirming the finished sign-in. The verification owns the step, its busy
 * flag and its error; this part drives them.
 */
export class SignIn {
  private popup: Window | null = null;

  constructor(
    private readonly v: SignInHost,
    /** The ballot's words with the sign-in's own (fetched beside this module). */
    private readonly i18n: LocalizeController<CommonMessages & BallotMessages & SignInMessages>,
  ) {}


  /** Whether a message that names the waiting sign-in speaks for it: the server's own callback page, or with no known origin the window we opened. */
  trusts(event: MessageEvent): boolean {
    const origin = this.v.hooks.backend()?.apiOrigin?.();
    return origin ? event.origin === origin : !!this.popup && event.source === this.popup;
  }

  private readonly handleSignIn = (): void => {
    if (this.v.busy()) return;
    // Opened now, while the click still counts as the resident's: a window opened after a request would be blocked.
    let popup: Window | null = null;
    try {
      popup = window.open('', POPUP_NAME, POPUP_FEATURES);
    } catch {
      popup = null;
    }
    void this.start(popup);
  };

  private async start(popup: Window | null): Promise<void> {
    const { hooks } = this.v;
    const config = hooks.config()!;
    const mode = popup ? 'popup' : 'redirect';
    this.v.set({ busy: true, error: null });
    hooks.say(this.i18n.t('signIn.opening'));
    try {
      const returnTo = location.href.split('#')[0]!;
      const started = await hooks.backend()!.startSignIn({ cycleId: config.cycle.id, returnTo, mode });
      if (!popup) {
        hooks.leaving();
        this.v.set({ step: { kind: 'waiting', challengeId: started.challengeId, proof: null } });
        location.assign(started.authorizationUrl);
        return;
      }
      popup.location.href = started.authorizationUrl;
      this.popup = popup;
      this.v.set({ step: { kind: 'waiting', challengeId: started.challengeId, proof: null } });
      hooks.focus('[data-step-heading]');
      hooks.say(this.i18n.t('signIn.waiting', { provider: this.v.provider() }));
    } catch (error) {
      popup?.close();
      this.v.fail(hooks.report(error));
    } finally {
      this.v.set({ busy: false });
    }
  }

  private readonly handleSignInAgain = (): void => {
    this.popup?.close();
    this.popup = null;
    this.v.set({ step: { kind: 'form' } });
    this.handleSignIn();
  };

  private readonly handleContinue = (): void => {
    const step = this.v.step();
    if (step.kind === 'waiting' && !this.v.busy()) void this.confirm(step.challengeId, step.proof);
  };

  /**
   * Asks the server whether the sign-in `challengeId` finished: the session, still pending, or why not. `proof`: what
   * the callback handed this browser (kept on the step, in memory only, should the confirmation have to be repeated).
   */
  async confirm(challengeId: string, proof: string | null): Promise<void> {
    const { hooks } = this.v;
    const backend = hooks.backend();
    if (!backend) return;
    const step = this.v.step();
    const wasWaiting = step.kind === 'waiting';
    if ((step.kind === 'waiting' || step.kind === 'checking') && step.challengeId === challengeId && step.proof !== proof) this.v.set({ step: { ...step, proof } });
    this.v.set({ busy: true, error: null });
    try {
      const location = hooks.location();
      const session = await backend.confirmCode(challengeId, { ...(location ? { location } : {}), ...(proof ? { proof } : {}) });
      this.popup = null;
      this.v.done(session);
    } catch (error) {
      const e = hooks.report(error);
      const issue = e.issues.find((i) => i.path.length === 0)?.message;
      if (e.code === 'conflict' && issue === 'identity.sign_in_pending') {
        // Not finished yet: the resident may still be in the provider's window.
        const pending = () => this.i18n.t('signIn.pending');
        this.v.set({ step: { kind: 'waiting', challengeId, proof }, error: pending });
        hooks.focus(wasWaiting ? '#step-error' : '[data-step-heading]');
        hooks.say(pending());
      } else if (!this.v.refusedLocation(e)) {
        this.popup = null;
        this.v.set({
          step: { kind: 'form' },
          error: () =>
            e.code === 'code_expired'
              ? this.i18n.t('signIn.tooLong')
              : e.code === 'not_found'
                ? this.i18n.t('identity.expired')
                : issue
                  ? this.v.issueText(issue, e)
                  : hooks.errorText(e),
        });
        hooks.focus('#step-error');
      }
    } finally {
      this.v.set({ busy: false });
    }
  }

  /** The sign-in button's step; `notice` is the ballot's own (a session that expired). */
  renderSignIn(notice: Words | null): TemplateResult {
    const provider = this.v.provider();
    const busy = this.v.busy();
    const { hooks } = this.v;
    return html`<section part="step" class="stack" data-identity="oidc">
      ${hooks.intro()} ${hooks.heading(this.i18n.t('identify.title'))} ${this.v.renderLead(notice)}
      <p>${this.i18n.t('signIn.lead', { provider })}</p>
      <p class="hint">${this.i18n.t('signIn.privacy')}</p>
      ${this.v.renderError()}
      <div class="row">
        <button id="sign-in" part="sign-in-button" class="primary" type="button" ?disabled=${busy} @click=${this.handleSignIn}>
          ${busy ? this.i18n.t('signIn.opening') : this.i18n.t('signIn.button', { provider })}
        </button>
      </div>
      ${hooks.after()}
    </section>`;
  }

  renderWaiting(): TemplateResult {
    const busy = this.v.busy();
    return html`<section part="step" class="stack" aria-busy=${busy ? 'true' : 'false'}>
      ${this.v.hooks.heading(this.i18n.t('signIn.waitingTitle'))}
      <p>${this.i18n.t('signIn.waiting', { provider: this.v.provider() })}</p>
      <p class="hint">${this.i18n.t('signIn.waitingHint')}</p>
      ${this.v.renderError()}
      <div class="row">
        <button id="sign-in-continue" class="primary" type="button" ?disabled=${busy} @click=${this.handleContinue}>${this.i18n.t('signIn.continue')}</button>
        <button id="sign-in-again" type="button" ?disabled=${busy} @click=${this.handleSignInAgain}>${this.i18n.t('signIn.again')}</button>
      </div>
    </section>`;
  }
}
