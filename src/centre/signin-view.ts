import { html, nothing, type TemplateResult } from 'lit';
import type { StaffChallenge } from '../contract/index.js';
import type { LocalizeController } from '../ui/localize.js';
import type { ActionController } from './action-controller.js';
import { StaffSignIn } from './api.js';
import type { CentreMessages } from './messages.js';
import type { SessionController } from './session-controller.js';

export interface SignInHost {
  readonly shadowRoot: ShadowRoot | null;
  requestUpdate(): void;
  readonly updateComplete: Promise<boolean>;
}

const CITY = /^[a-z][a-z0-9-]{1,39}$/;

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
 * Signing in: a person with a one-time code sent to their phone or e-mail
 * (or by accepting their invitation), or a bootstrap admin token.
 */
export class SignInView {
  private challenge: { city: string; value: StaffChallenge } | null = null;
  /** An invitation being accepted (the token stays in memory only). */
  invite: { token: string; city: string | null } | null = null;

  constructor(
    private readonly host: SignInHost,
    private readonly session: SessionController,
    private readonly actions: ActionController,
    private readonly i18n: LocalizeController<CentreMessages>,
    private readonly base: () => string,
    private readonly defaultCity: () => string,
    private readonly signedIn: (city: string) => Promise<void>,
  ) {}

  reset(): void {
    this.challenge = null;
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
      const value = invite ? await api.acceptInvite(city, invite.token) : await api.start(city, contact);
      this.challenge = { city, value };
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
      const session = await api.confirm(challenge.city, challenge.value.challengeId, code);
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
        this.challenge = { city: challenge.city, value: await api.resend(challenge.city, challenge.value.challengeId) };
      },
      () => this.i18n.t('signin.resent'),
    );
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

  render(ended: boolean): TemplateResult {
    const { i18n, actions } = this;
    const tokenError = actions.error('signin');
    return html`<div class="stack signin">
      <p class="muted">${i18n.t('app.lead')}</p>
      <section class="card stack" aria-labelledby="signin-heading">
        <h2 id="signin-heading" tabindex="-1">${this.invite ? i18n.t('signin.inviteTitle') : i18n.t('signin.title')}</h2>
        ${ended ? html`<p class="notice warning" role="alert">${i18n.t('signin.ended')}</p>` : nothing}
        ${this.challenge ? this.renderCode() : this.renderContact()}
      </section>
      <details class="card" ?open=${!!tokenError}>
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

  private renderContact(): TemplateResult {
    const { i18n, actions } = this;
    const city = this.invite?.city ?? this.defaultCity();
    return html`<form class="stack" @submit=${(e: Event) => this.sendCode(e)}>
      <p>${this.invite ? i18n.t('signin.inviteLead') : i18n.t('signin.codeLead')}</p>
      <div class="field">
        <label for="signin-city">${i18n.t('signin.city')}</label>
        <input id="signin-city" type="text" autocomplete="off" spellcheck="false" .value=${city} aria-describedby="signin-city-hint" />
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
    const c = this.challenge!.value;
    return html`<form class="stack" @submit=${(e: Event) => this.confirm(e)}>
      <p role="status">${c.channel === 'email' ? i18n.t('signin.sentEmail') : i18n.t('signin.sentSms')}</p>
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
