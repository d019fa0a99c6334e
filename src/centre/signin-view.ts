import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { OIDC_MESSAGE, readOidcFragment, type OidcMessage, type PublicIdentity, type StaffChallenge, type StaffConfirmResult, type StaffSession } from '../contract/index.js';
import type { LocalizeController } from '../ui/localize.js';
import type { ActionController } from './action-controller.js';
import { CentreError, StaffSignIn, toCentreError } from './api.js';
import type { CentreMessages } from './messages.js';
import type { SessionController } from './session-controller.js';

export interface SignInHost {
  readonly shadowRoot: ShadowRoot | null;
  requestUpdate(): void;
  readonly updateComplete: Promise<boolean>;
  addController(controller: ReactiveController): void;
}

const CITY = /^[a-z][a-z0-9-]{1,39}$/;
const POPUP_NAME = 'qala-centre-sign-in';
const POPUP_FEATURES = 'popup,width=520,height=720';

type CodeChallenge = { city: string; value: StaffChallenge; contactHint?: string };
/** Why the person is back at the first step: the server ended the sign-in the code was for. */
type Restart = 'signin.locked' | 'signin.late' | 'signin.gone';

/** Leaving the page for the provider when no popup may open (a seam for tests: a page cannot stub `location`). */
export const navigation = { assign: (url: string): void => location.assign(url) };

/**
 * A sign-in with the provider that came back to this page by redirect:
 * `#qala-oidc=<challenge>&proof=<proof>`, the city in the query. The fragment
 * is taken once and removed from the address bar and history; the proof is
 * kept in memory only, until the sign-in is confirmed.
 */
export function oidcReturn(hash: string, search: string): { challengeId: string; proof: string | null; city: string | null } | null {
  const back = readOidcFragment(hash);
  if (!back) return null;
  const city = new URLSearchParams(search).get('city');
  return { ...back, city: city && CITY.test(city) ? city : null };
}

/**
 * Reads an invitation link, `/centre/?city=<slug>#invite=<token>`: the token
 * from the fragment, the city from the query (or from `city=` in the fragment).
 */
export function inviteFromHash(hash: string, search = ''): { token: string; city: string | null } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('invite');
  if (!token || !/^inv1\.[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const city = params.get('city') ?? new URLSearchParams(search).get('city');
  return { token, city: city && CITY.test(city) ? city : null };
}

/**
 * A refused start of a sign-in in the person's terms. An invitation that is
 * used, revoked, replaced, expired or for another city (`not_found`,
 * `code_expired`) is said as the provider's path says it (reloading cannot
 * help: the token has left the address); without one, `not_found` is the city.
 */
export function startRefusal(error: unknown, invited: boolean): CentreError {
  const e = toCentreError(error);
  if (invited && (e.code === 'code_expired' || e.code === 'not_found')) return new CentreError('oidc_refused', e.message, e.status, [{ path: [], message: 'identity.invite_invalid' }]);
  if (!invited && e.code === 'not_found') return new CentreError('signin_city', e.message, e.status);
  return e;
}

/**
 * The wait a refused sign-in asks for (`retryAfter`, seconds), as a message and its number: minutes up to an hour
 * and a half, rounded up, then hours. Null when there is none to say.
 */
export function retryWait(retryAfter: unknown): { message: 'signin.retryMinutes' | 'signin.retryHours'; n: number } | null {
  if (typeof retryAfter !== 'number' || !Number.isFinite(retryAfter) || retryAfter <= 0) return null;
  const minutes = Math.ceil(retryAfter / 60);
  return minutes <= 90 ? { message: 'signin.retryMinutes', n: minutes } : { message: 'signin.retryHours', n: Math.ceil(minutes / 60) };
}

/** A refusal that asks the person to wait (too many codes, too many tries, a service down) with how long, in words. */
export function withWait(error: unknown): CentreError {
  const e = toCentreError(error);
  const wait = retryWait(e.details.retryAfter);
  if (!wait || !['too_many_codes', 'rate_limited', 'unavailable', 'oidc_unavailable'].includes(e.code)) return e;
  return new CentreError(e.code, e.message, e.status, [...e.issues, { path: [], message: wait.message, params: { n: wait.n } }], e.details);
}

/**
 * Signing in: a person with a one-time code sent to their phone or e-mail
 * (or by accepting their invitation), or with the city's OpenID Connect
 * provider where it has one (in a popup, or by leaving the page and coming
 * back), or a bootstrap admin token.
 */
export class SignInView implements ReactiveController {
  /**
   * A code on its way. `contactHint` (`…47`): the code finishes accepting an invitation (by code, or through the
   * provider), and went to the contact the coordinator entered, which the server names this way only then.
   */
  private challenge: CodeChallenge | null = null;
  /** An invitation being accepted (the token stays in memory only). */
  invite: { token: string; city: string | null } | null = null;
  /** What the city field says, once the person changed it. */
  private typedCity: string | null = null;
  /** Each city's identity method, from its public config (null: not known, e.g. no such city). */
  private readonly identities = new Map<string, PublicIdentity | null | 'loading'>();
  /**
   * A sign-in with the provider that has started: waiting for the person to come back from it. `proof`: what the
   * callback handed this browser (memory only), which confirming needs.
   */
  private oidc: { city: string; challengeId: string; provider: string; proof: string | null } | null = null;
  private popup: Window | null = null;
  /** Said at the first step after the server ended the sign-in (too many wrong codes, a code too late, gone). */
  private restartReason: Restart | null = null;

  private readonly onMessage = (event: MessageEvent): void => {
    const data = event.data as Partial<Record<keyof OidcMessage, unknown>> | null;
    const pending = this.oidc;
    if (!pending || !data || typeof data !== 'object' || data.type !== OIDC_MESSAGE || data.challengeId !== pending.challengeId) return;
    // Only the API server's own callback page speaks for a sign-in.
    if (event.origin !== this.apiOrigin()) return;
    if (typeof data.proof === 'string') this.oidc = { ...pending, proof: data.proof };
    void this.confirmOidc();
  };

  constructor(
    private readonly host: SignInHost,
    private readonly session: SessionController,
    private readonly actions: ActionController,
    private readonly i18n: LocalizeController<CentreMessages>,
    private readonly base: () => string,
    private readonly defaultCity: () => string,
    private readonly signedIn: (city: string) => Promise<void>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('message', this.onMessage);
    const returned = typeof location === 'undefined' ? null : oidcReturn(location.hash, location.search);
    if (returned) {
      history.replaceState(history.state, '', location.pathname + location.search);
      const city = returned.city ?? this.defaultCity();
      this.oidc = { city, challengeId: returned.challengeId, provider: '', proof: returned.proof };
      void this.host.updateComplete.then(() => this.confirmOidc());
    }
  }

  hostDisconnected(): void {
    window.removeEventListener('message', this.onMessage);
  }

  reset(): void {
    this.challenge = null;
    this.oidc = null;
    this.popup = null;
    this.restartReason = null;
  }

  private apiOrigin(): string {
    return new URL(this.base(), location.href).origin;
  }

  /** The city the sign-in is for: what the person typed, else the invitation's, else the element's. */
  private city(): string {
    return (this.typedCity ?? this.invite?.city ?? this.defaultCity()).trim().toLowerCase();
  }

  /** The city's identity provider, when it has one (its public config is read once per city). */
  private provider(city: string): string | null {
    if (!CITY.test(city)) return null;
    const known = this.identities.get(city);
    if (known === undefined) {
      this.identities.set(city, 'loading');
      new StaffSignIn(this.base())
        .identity(city)
        .then(
          (identity) => this.identities.set(city, identity),
          () => this.identities.set(city, null),
        )
        .finally(() => this.host.requestUpdate());
      return null;
    }
    if (known === 'loading' || known === null || known.method !== 'oidc') return null;
    return known.provider?.[this.i18n.locale] ?? this.i18n.t('signin.oidcFallback');
  }

  private startOidc(city: string, provider: string): void {
    // Opened now, while the click still counts as the person's: a window opened after a request would be blocked.
    let popup: Window | null = null;
    try {
      popup = window.open('', POPUP_NAME, POPUP_FEATURES);
    } catch {
      popup = null;
    }
    const invite = this.invite;
    const api = new StaffSignIn(this.base());
    void this.actions.run('signin-oidc', async () => {
      // Back to this page, for this city (a redirect comes back without anything in memory).
      const back = new URL(location.href);
      back.hash = '';
      back.searchParams.set('city', city);
      let started;
      try {
        started = await api.oidc(city, back.href, popup ? 'popup' : 'redirect', invite?.token);
      } catch (error) {
        popup?.close();
        const e = startRefusal(error, !!invite);
        throw withWait(e.code === 'unavailable' ? new CentreError('oidc_unavailable', e.message, e.status, e.issues, e.details) : e);
      }
      this.oidc = { city, challengeId: started.challengeId, provider, proof: null };
      this.restartReason = null;
      if (!popup) return navigation.assign(started.authorizationUrl);
      popup.location.href = started.authorizationUrl;
      this.popup = popup;
      this.host.requestUpdate();
      this.focus('#signin-oidc-wait');
    });
  }

  /**
   * The provider sent the person back (or they say so): the waiting sign-in becomes a session, or (accepting an
   * invitation) the code step for the code sent to the invited contact, or the reason it does not.
   */
  private async confirmOidc(): Promise<void> {
    const pending = this.oidc;
    if (!pending) return;
    const api = new StaffSignIn(this.base());
    const result: StaffConfirmResult | undefined = await this.actions.run('signin-oidc', async () => {
      try {
        return await api.confirmOidc(pending.city, pending.challengeId, pending.proof);
      } catch (error) {
        const e = toCentreError(error);
        const issue = e.issues.find((i) => i.path.length === 0)?.message;
        if (e.code === 'conflict' && issue === 'identity.sign_in_pending') throw new CentreError('oidc_pending', e.message, e.status);
        // Anything else ends this sign-in: the reason is shown beside the button that starts a new one.
        this.oidc = null;
        this.popup?.close();
        this.popup = null;
        if (e.code === 'code_expired' || e.code === 'not_found') throw new CentreError('oidc_expired', e.message, e.status);
        if (e.code === 'forbidden') throw new CentreError('oidc_refused', e.message, e.status, e.issues);
        throw e;
      }
    });
    if (!result) return;
    this.oidc = null;
    this.popup = null;
    if ('next' in result) {
      this.challenge = { city: pending.city, value: result.challenge, contactHint: result.contactHint };
      this.host.requestUpdate();
      this.focus('#signin-code');
      return;
    }
    this.invite = null;
    this.session.signInWithSession(result);
    await this.signedIn(result.me.city);
  }

  private focus(selector: string): void {
    void this.host.updateComplete.then(() => this.host.shadowRoot?.querySelector<HTMLElement>(selector)?.focus());
  }

  private value(id: string): string {
    return this.host.shadowRoot?.querySelector<HTMLInputElement>(`#${id}`)?.value.trim() ?? '';
  }

  private sendCode(e: Event): void {
    e.preventDefault();
    const city = this.value('signin-city').toLowerCase();
    const contact = this.value('signin-contact');
    const invite = this.invite;
    if (!city) return this.focus('#signin-city');
    if (!invite && !contact) return this.focus('#signin-contact');
    const api = new StaffSignIn(this.base());
    void this.actions.run('signin-code', async () => {
      let value: StaffChallenge;
      try {
        value = invite ? await api.acceptInvite(city, invite.token) : await api.start(city, contact);
      } catch (error) {
        throw withWait(startRefusal(error, !!invite));
      }
      this.challenge = { city, value, ...(value.contactHint ? { contactHint: value.contactHint } : {}) };
      this.restartReason = null;
      this.host.requestUpdate();
      this.focus('#signin-code');
    });
  }

  private confirm(e: Event): void {
    e.preventDefault();
    const challenge = this.challenge;
    const code = this.value('signin-code');
    if (!challenge) return;
    if (!code) return this.focus('#signin-code');
    const api = new StaffSignIn(this.base());
    void this.actions.run('signin-confirm', async () => {
      let session: StaffSession;
      try {
        session = await api.confirm(challenge.city, challenge.value.challengeId, code);
      } catch (error) {
        const e = toCentreError(error);
        // The server deletes a sign-in that locked or whose code came too late (one used or long expired is gone too): no new code can help it.
        const why = e.code === 'code_locked' ? 'signin.locked' : e.code === 'code_expired' ? 'signin.late' : e.code === 'not_found' ? 'signin.gone' : null;
        if (why) return this.startAgain(challenge, why);
        throw withWait(e);
      }
      this.challenge = null;
      this.invite = null;
      this.session.signInWithSession(session);
      await this.signedIn(session.me.city);
    });
  }

  private resend(): void {
    const challenge = this.challenge;
    if (!challenge) return;
    const api = new StaffSignIn(this.base());
    void this.actions.run(
      'signin-resend',
      async () => {
        try {
          this.challenge = { ...challenge, value: await api.resend(challenge.city, challenge.value.challengeId) };
          return true;
        } catch (error) {
          if (toCentreError(error).code !== 'not_found') throw withWait(error);
          this.startAgain(challenge, 'signin.gone');
          return false;
        }
      },
      (sent) => (sent ? this.i18n.t('signin.resent') : ''),
    );
  }

  /** Back to the first step (an invitation's stays), saying why and what to do; the focus on its first field. */
  private startAgain(challenge: CodeChallenge, why: Restart): void {
    if (this.challenge?.value.challengeId !== challenge.value.challengeId) return;
    this.challenge = null;
    this.restartReason = why;
    this.actions.clear();
    this.focus(this.invite ? '#signin-city' : '#signin-contact');
  }

  private withToken(e: Event): void {
    e.preventDefault();
    const token = this.value('token');
    if (!token) return this.focus('#token');
    void this.actions.run('signin', async () => {
      const error = await this.session.signInWithToken(token);
      if (error) throw error;
      const input = this.host.shadowRoot?.querySelector<HTMLInputElement>('#token');
      if (input) input.value = '';
      await this.signedIn('');
    });
  }

  /**
   * `again`: the person's sign-in lapsed with their work on screen (the view is in a dialog over it); they sign
   * in again, as `name`, with a token when that is how they signed in before.
   */
  render(ended: boolean, again?: { name: string; token: boolean }): TemplateResult {
    const { i18n, actions } = this;
    const tokenError = actions.error('signin');
    return html`<div class="stack signin">
      ${again ? nothing : html`<p class="muted">${i18n.t('app.lead')}</p>`}
      <section class="card stack" aria-labelledby="signin-heading">
        <h2 id="signin-heading" tabindex="-1">${again ? i18n.t('resign.title') : this.invite ? i18n.t('signin.inviteTitle') : i18n.t('signin.title')}</h2>
        ${again
          ? html`<p id="resign-lead">${i18n.t('resign.lead', { name: again.name })}</p>`
          : ended
            ? html`<p class="notice warning" role="alert">${i18n.t('signin.ended')}</p>`
            : nothing}
        ${this.oidc ? this.renderOidcWaiting() : this.challenge ? this.renderCode() : html`${this.renderContact()}${this.renderOidc()}`}
      </section>
      <details class="card" ?open=${!!tokenError || !!again?.token}>
        <summary>${i18n.t('signin.tokenTitle')}</summary>
        <form class="stack" @submit=${(e: Event) => this.withToken(e)}>
          <p>${i18n.t('signin.lead')}</p>
          <div class="field">
            <label for="token">${i18n.t('signin.token')}</label>
            <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" aria-describedby="token-hint" aria-invalid=${tokenError?.code === 'unauthorized' ? 'true' : 'false'} />
            <span class="hint" id="token-hint">${i18n.t('signin.tokenHint')}</span>
          </div>
          ${tokenError?.code === 'unauthorized'
            ? html`<div class="action">
                ${actions.button('signin', i18n.t('signin.submit'), null, { type: 'submit' })}
                <div id="act-signin-msg" class="action-msg"><p class="field-error" role="alert">${i18n.t('signin.refused')}</p></div>
              </div>`
            : actions.control('signin', i18n.t('signin.submit'), null, { type: 'submit' })}
        </form>
      </details>
    </div>`;
  }

  private renderOidc(): TemplateResult | typeof nothing {
    const { i18n, actions } = this;
    const city = this.city();
    const provider = this.provider(city);
    if (!provider) return nothing;
    return html`<div class="stack oidc" data-provider-for=${city}>
      <p>${this.invite ? i18n.t('signin.oidcInviteLead', { provider }) : i18n.t('signin.oidcLead', { provider })}</p>
      ${actions.control('signin-oidc', i18n.t('signin.oidc', { provider }), () => {
        // The city as the field says now: a change typed just before the click has not re-rendered the button yet.
        const now = (this.value('signin-city') || city).toLowerCase();
        const theirs = this.provider(now);
        if (theirs) this.startOidc(now, theirs);
        else this.host.requestUpdate();
      })}
    </div>`;
  }

  private renderOidcWaiting(): TemplateResult {
    const { i18n, actions } = this;
    const pending = this.oidc!;
    const provider = pending.provider || this.provider(pending.city) || i18n.t('signin.oidcFallback');
    return html`<div class="stack">
      <p id="signin-oidc-wait" tabindex="-1" role="status">${pending.provider ? i18n.t('signin.oidcWaiting', { provider }) : i18n.t('signin.oidcChecking')}</p>
      <div class="actions-row">
        ${actions.control('signin-oidc', i18n.t('signin.oidcContinue'), () => void this.confirmOidc(), { primary: true })}
        <button
          type="button"
          class="link"
          @click=${() => {
            this.popup?.close();
            this.popup = null;
            this.oidc = null;
            this.actions.clear('signin-oidc');
            this.host.requestUpdate();
            this.focus('#act-signin-oidc');
          }}
        >
          ${i18n.t('signin.oidcAgain')}
        </button>
      </div>
    </div>`;
  }

  private renderContact(): TemplateResult {
    const { i18n, actions } = this;
    const city = this.city();
    return html`<form class="stack" @submit=${(e: Event) => this.sendCode(e)}>
      ${this.restartReason ? html`<p id="signin-restart" class="notice error" role="alert">${i18n.t(this.restartReason)}</p>` : nothing}
      <p>${this.invite ? i18n.t('signin.inviteLead') : i18n.t('signin.codeLead')}</p>
      <div class="field">
        <label for="signin-city">${i18n.t('signin.city')}</label>
        <input
          id="signin-city"
          type="text"
          autocomplete="off"
          spellcheck="false"
          .value=${city}
          aria-describedby="signin-city-hint"
          @change=${(e: Event) => {
            this.typedCity = (e.target as HTMLInputElement).value;
            this.host.requestUpdate();
          }}
        />
        <span class="hint" id="signin-city-hint">${i18n.t('signin.cityHint')}</span>
      </div>
      ${this.invite
        ? nothing
        : html`<div class="field">
            <label for="signin-contact">${i18n.t('signin.contact')}</label>
            <input id="signin-contact" type="text" autocomplete="username" spellcheck="false" aria-describedby="signin-contact-hint" />
            <span class="hint" id="signin-contact-hint">${i18n.t('signin.contactHint')}</span>
          </div>`}
      ${actions.control('signin-code', i18n.t('signin.sendCode'), null, { type: 'submit', primary: true })}
    </form>`;
  }

  private renderCode(): TemplateResult {
    const { i18n, actions } = this;
    const { value: c, contactHint } = this.challenge!;
    const email = c.channel === 'email';
    const sent = contactHint
      ? i18n.t(email ? 'signin.sentInviteEmail' : 'signin.sentInviteSms', { hint: contactHint })
      : i18n.t(email ? 'signin.sentEmail' : 'signin.sentSms');
    return html`<form class="stack" @submit=${(e: Event) => this.confirm(e)}>
      <p role="status">${sent}</p>
      <div class="field">
        <label for="signin-code">${i18n.t('signin.code')}</label>
        <input id="signin-code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength=${c.codeLength} aria-describedby="signin-code-hint" />
        <span class="hint" id="signin-code-hint">${i18n.t('signin.codeHint', { n: c.codeLength })}</span>
      </div>
      ${actions.control('signin-confirm', i18n.t('signin.submit'), null, { type: 'submit', primary: true })}
      <div class="actions-row">
        ${actions.control('signin-resend', i18n.t('signin.resend'), () => this.resend())}
        <button
          type="button"
          class="link"
          @click=${() => {
            this.challenge = null;
            this.actions.clear();
            this.host.requestUpdate();
            this.focus(this.invite ? '#signin-city' : '#signin-contact');
          }}
        >
          ${i18n.t('signin.other')}
        </button>
      </div>
    </form>`;
  }
}
