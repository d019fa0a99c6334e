import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { QalaElement, textsPending } from '../ui/base-element.js';
import { baseStyles } from '../ui/base.styles.js';
import { LocalizeController } from '../ui/localize.js';
import { ActionController, actionId } from './action-controller.js';
import { CentreError } from './api.js';
import { CityController } from './city-controller.js';
import { CouncilData } from './council.js';
import { styles } from './centre.styles.js';
import { LANGUAGES, phaseName } from './labels.js';
import { messages, type CentreMessages } from './messages.js';
import { createSections, type CentreContext, type CentreSection } from './section.js';
import { SessionController, type Signed } from './session-controller.js';
import { SignInView, inviteFromHash } from './signin-view.js';
import { UnsavedWorkController } from './unsaved-work-controller.js';


/** A server error in the person's words: the error, then each field's problem. */
export function explainError(i18n: LocalizeController<CentreMessages>, error: CentreError): string[] {
  const own = `err.${error.code}`;
  const main = i18n.has(own) ? i18n.t(own as 'err.generic') : i18n.has(`error.${error.code}`) ? i18n.t(`error.${error.code}` as 'error.generic') : i18n.t('err.generic');
  const lines: string[] = [];
  for (const issue of error.issues) {
    const params = { ...(issue.params ?? {}) } as Record<string, unknown>;
    const money = issue.message === 'ballot.under_min_share' ? ['cap', 'limit', 'cost', 'min'] : ['cap', 'limit', 'cost'];
    for (const name of money) if (typeof params[name] === 'number') params[name] = i18n.money(params[name] as number);
    const key = i18n.has(`issue.${issue.message}`) ? `issue.${issue.message}` : i18n.has(issue.message) ? issue.message : null;
    if (!key) continue;
    const line = (i18n.t as (k: string, p: unknown) => string)(key, params);
    // A batch (paper ballots) names the ballot the issue is about, as the batch numbers them.
    const ballot = issue.path[0] === 'ballots' && typeof issue.path[1] === 'number' ? issue.path[1] : null;
    lines.push(ballot === null ? line : `${i18n.t('paper.ballotN', { n: ballot + 1 })} ${line}`);
  }
  // A conflict the server names (the contact is taken, the person is not an expert) is said as it is, not as "someone changed this meanwhile".
  if (error.code === 'conflict' && lines.length) return [...new Set(lines)];
  return [...new Set([main, ...lines])];
}

/** How long before the server's idle limit the person is warned (the server notes activity once a minute, so it may end a minute early). */
const IDLE_WARNING_MS = 3 * 60_000;

/**
 * The project centre: the staff's app for the review of proposals, the
 * expert council, the phases and the results, over the admin API. Served by
 * the reference server at `/centre/`; an intranet page can embed it as it is.
 *
 * @tag qala-centre
 * @summary The project centre and expert council's app (staff only).
 *
 * @attr api - Base URL of the API (default `/api/v1`; the admin API is same-origin only).
 * @attr city - The city to open first, when the account has several.
 * @attr lang - `kk`, `ru` or `en`; the person can switch.
 * @attr theme - `light`, `dark` or `auto` (the system's setting); the person can switch, and the switch shows what is shown.
 *
 * @fires qala-error - An error the centre shows; detail `{ code, message, retryable }`.
 */
export class QalaCentre extends QalaElement {
  static override styles = [baseStyles, styles];

  private readonly i18n = new LocalizeController(this, messages);
  private readonly actions = new ActionController(
    this,
    (error) => explainError(this.i18n, error),
    () => this.i18n.t('busy'),
    {
      // Any action the server refuses for the credential: the person signs in again over their work.
      failed: (key, error) => {
        if (error.code !== 'unauthorized' || key.startsWith('signin') || !this.session.current) return;
        this.refused.add(key);
        // A refusal arriving after the session lapsed (the refresh's own, a task after the data's) is no new lapse: a
        // sign-in the person put aside stays aside (it opened again over them).
        const fresh = !this.session.lapsed;
        this.session.expired(error);
        if (fresh) this.resignHidden = false;
      },
      done: (key) => this.saved(key),
    },
  );
  private readonly session = new SessionController(this, () => this.api || '/api/v1');
  private readonly data = new CityController(this, (error) => this.session.expired(error));
  private readonly council = new CouncilData(() => this.requestUpdate());
  private councilFor: unknown = null;
  private readonly sections: CentreSection[] = createSections(this);
  private readonly signIn = new SignInView(
    this,
    this.session,
    this.actions,
    this.i18n,
    () => this.api || '/api/v1',
    () => (this.session.lapsed ? this.slug : this.city),
    (city) => this.signedIn(city),
  );

  @state() private active = 'proposals';
  @state() private slug = '';
  /** The person closed the sign-in dialog of a lapsed session (Esc) to look at their work: a notice offers it again. */
  @state() private resignHidden = false;
  /** Less than `IDLE_WARNING_MS` is left of the session's idle limit: minutes left, said with a button to stay signed in. */
  @state() private idleLeft: number | null = null;

  /** The sign-in dialog of a lapsed session last rendered (a new one opens by itself). */
  private resignDialog: HTMLDialogElement | null = null;
  /** The same person signed in again after a lapse: `signedIn` takes them back to where they were. */
  private resumed = false;
  /** The actions the server refused for the credential since the sign-in lapsed: each says "press it again" once signed in. */
  private readonly refused = new Set<string>();
  /** What had the focus when the sign-in lapsed (it returns there). */
  private focusBeforeLapse: HTMLElement | null = null;
  /** What the sections hold that the server has not got: leaving the page asks first. */
  private readonly unsaved = new UnsavedWorkController(this, () => !!this.session.current, () => this.sections.some((s) => s.unsaved?.() ?? false));
  private idleTimer: ReturnType<typeof setInterval> | undefined;

  /** Whether a section holds work the server has not got (typed and not saved, or its own, a batch). */
  get hasUnsavedWork(): boolean {
    return this.unsaved.any;
  }

  /** The system's preference, which `theme="auto"` follows: the dark theme's switch says what is shown. */
  private readonly systemDark = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  private readonly onSystemTheme = (): void => this.requestUpdate();

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.settleLapse();
    const signed = this.session.current;
    void this.data.use(signed?.api, signed ? this.slug : '');
    const councilFor = signed && this.slug ? `${this.slug}\n${signed.id}` : null;
    if (councilFor !== this.councilFor) {
      this.councilFor = councilFor;
      this.council.reset();
      if (signed && this.slug) void this.council.load(signed.api, this.slug, signed.role === 'coordinator');
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const dialog = this.shadowRoot?.querySelector<HTMLDialogElement>('#resign-dialog') ?? null;
    const fresh = dialog !== this.resignDialog;
    this.resignDialog = dialog;
    // Opened when the session lapses (a new dialog) and when the person asks for it again, not whenever it is found
    // closed: its close event comes a task after it closed, and an update in between opened it again.
    if (dialog && !dialog.open && !this.resignHidden && (fresh || (changed as Map<PropertyKey, unknown>).has('resignHidden'))) {
      const before = this.shadowRoot!.activeElement;
      if (before instanceof HTMLElement && !dialog.contains(before)) this.focusBeforeLapse = before;
      dialog.showModal();
      // To the field the person fills first (the city is known): the dialog's name and what it says come with it.
      ['details[open] #token', '#signin-code', '#signin-contact', '#signin-city', '#signin-heading'].map((q) => dialog.querySelector<HTMLElement>(q)).find(Boolean)?.focus();
    }
  }

  private async reloadAll(): Promise<void> {
    const signed = this.session.current;
    await Promise.all([this.data.reload(), signed && this.slug ? this.council.load(signed.api, this.slug, signed.role === 'coordinator') : undefined]);
    // A refused credential (revoked, expired) is the refresh's own error, beside its button.
    // A failed refresh of data already shown is not: the data stays, with a notice (an action that worked still says so).
    if (this.data.state.status === 'error') throw this.data.state.error;
  }

  /** "Refresh": the city's data, and what the shown section loaded itself (an open review's assessments, versions, cost history). */
  private async refresh(): Promise<void> {
    // "Refresh" and the notice's retry do the same: what one of them said last is out of date.
    this.actions.clear('refresh');
    this.actions.clear('stale-retry');
    await this.reloadAll();
    // The credential was refused: what the section loaded itself stays as it is (a load refused now would take its forms away).
    if (this.session.lapsed) throw this.data.stale ?? new CentreError('unauthorized', 'the session has ended', 401);
    const ctx = this.context();
    await (ctx ? this.sections.find((s) => s.id === this.active)?.refreshed?.(ctx) : undefined);
    const problem = this.data.stale ?? this.council.problem;
    if (problem) throw problem;
  }

  /** The notice's retry. When it works, the notice and its button go: the focus goes to "Refresh", which does the same. */
  private retryStale(): void {
    void this.actions.run('stale-retry', () => this.refresh(), () => this.i18n.t('refreshed')).then(async () => {
      if (this.actions.error('stale-retry')) return;
      await this.updateComplete;
      if (!this.shadowRoot?.activeElement) this.shadowRoot?.querySelector<HTMLElement>(`#${actionId('refresh')}`)?.focus();
    });
  }

  private context(): CentreContext | null {
    const signed = this.session.current;
    const config = this.data.config;
    if (!signed || !config) return null;
    return {
      host: this,
      api: signed.api,
      signed,
      city: this.data.city,
      config,
      proposals: this.data.proposals,
      council: this.council,
      i18n: this.i18n,
      actions: this.actions,
      locale: this.i18n.locale,
      reload: () => this.reloadAll(),
      replaceProposal: (p) => this.data.replace(p),
      setConfig: (c) => this.data.setConfig(c),
      navigate: (section, detail) => this.navigate(section, detail),
      signedOut: (error) => this.session.expired(error),
    };
  }

  private navigate(id: string, detail?: string): void {
    this.active = id;
    const ctx = this.context();
    const section = this.sections.find((s) => s.id === id);
    if (ctx) section?.open?.(ctx, detail);
    void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>(`#${id}-heading`)?.focus());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.systemDark?.addEventListener('change', this.onSystemTheme);
    this.idleTimer = setInterval(() => this.checkIdle(), 15_000);
    // An invitation link (`/centre/?city=…#invite=…`): accept it here for its city, and take the token out of the address bar and history.
    const invite = typeof location !== 'undefined' ? inviteFromHash(location.hash, location.search) : null;
    if (invite) {
      this.signIn.invite = invite;
      history.replaceState(history.state, '', location.pathname + location.search);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.systemDark?.removeEventListener('change', this.onSystemTheme);
    clearInterval(this.idleTimer);
  }

  /** An action worked: what was typed in its form is with the server now. */
  private saved(key: string): void {
    const button = this.shadowRoot?.querySelector<HTMLButtonElement>(`#${actionId(key)}`);
    const scope = button?.form ?? button?.closest('form');
    if (scope) this.unsaved.forget(scope);
    this.checkIdle();
  }

  /**
   * Someone signed in over a lapsed session. The same person (same city, same account) finds their work as they
   * left it, with a word beside each action the server refused: press it again. Anyone else must not see it.
   */
  private settleLapse(): void {
    const outcome = this.session.settle();
    if (!outcome) return;
    const signed = this.session.signed!;
    this.resignHidden = false;
    this.signIn.reset();
    for (const key of ['signin', 'signin-code', 'signin-confirm', 'signin-resend', 'signin-oidc']) this.actions.clear(key);
    if (outcome === 'same') {
      this.resumed = true;
      for (const key of this.refused) this.actions.note(key, this.i18n.t('resign.again'));
      this.refused.clear();
      void this.data.rebind(signed.api);
      if (this.slug) void this.council.load(signed.api, this.slug, signed.role === 'coordinator');
      return;
    }
    this.resumed = false;
    this.dropWork();
    this.slug = this.firstCity();
  }

  /** Forgets everything the sections hold (a sign-out, another person, another city). */
  private dropWork(): void {
    for (const s of this.sections) s.reset?.();
    this.actions.clear();
    this.unsaved.forget();
    this.refused.clear();
    this.focusBeforeLapse = null;
    this.active = 'proposals';
  }

  /** Warns before the server ends an idle session, and when it has surely ended, asks for a sign-in at once. */
  private checkIdle(): void {
    const signed = this.session.signed;
    const limit = signed?.idleMinutes ? signed.idleMinutes * 60_000 : 0;
    if (!signed || !limit) {
      this.idleLeft = null;
      return;
    }
    const quiet = Date.now() - signed.api.lastAnswerAt;
    if (quiet >= limit) {
      this.idleLeft = null;
      const error = new CentreError('unauthorized', 'the session has ended after a while without activity', 401);
      error.refused = signed.api;
      this.session.expired(error);
      return;
    }
    // The server may have noted the last request up to a minute before it was made.
    // About how many minutes: rounded, not floored (1 min 59.9 s left said "1 minute", as a check a millisecond late did).
    this.idleLeft = quiet >= limit - IDLE_WARNING_MS ? Math.max(1, Math.round((limit - 60_000 - quiet) / 60_000)) : null;
  }

  private stay(): void {
    const signed = this.session.signed;
    if (!signed) return;
    void this.actions.run('stay', () => signed.api.me(this.slug || signed.cities[0]!), () => this.i18n.t('idle.stayed')).then(() => this.checkIdle());
  }

  private async signedIn(city: string): Promise<void> {
    this.settleLapse();
    if (this.resumed) {
      this.resumed = false;
      await this.updateComplete;
      // Back where the person was (the button the server refused, as a rule): one press saves.
      const back = this.focusBeforeLapse?.isConnected ? this.focusBeforeLapse : null;
      this.focusBeforeLapse = null;
      (back ?? this.shadowRoot?.querySelector<HTMLElement>('#who'))?.focus();
      return;
    }
    this.slug = city || this.firstCity();
    this.active = 'proposals';
    for (const s of this.sections) s.reset?.();
    await this.updateComplete;
    this.shadowRoot?.querySelector<HTMLElement>('#who')?.focus();
  }

  private firstCity(): string {
    const cities = this.session.signed?.cities ?? [];
    if (this.city && (cities.includes(this.city) || cities.includes('*'))) return this.city;
    return cities.find((c) => c !== '*') ?? '';
  }

  private signOut(): void {
    this.session.signOut();
    this.signIn.reset();
    this.dropWork();
    this.resignHidden = false;
    this.idleLeft = null;
    this.slug = '';
    void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>('#signin-heading')?.focus());
  }

  private chooseCity(slug: string): void {
    if (slug === this.slug) return;
    for (const s of this.sections) s.reset?.();
    this.actions.clear();
    this.unsaved.forget();
    this.slug = slug;
  }

  protected override render(): TemplateResult {
    if (!this.i18n.ready) return textsPending(this.i18n);
    return html`<div class="app stack">
      ${this.renderHeader()}
      ${this.session.current ? this.renderWork() : this.signIn.render(this.session.state.status === 'signed-out' && !!this.session.state.error)}
      ${this.session.lapsed ? this.renderResign(this.session.lapsed) : nothing}
    </div>`;
  }

  private renderHeader(): TemplateResult {
    const { i18n } = this;
    const dark = this.theme === 'dark' || (this.theme === 'auto' && !!this.systemDark?.matches);
    // No <header>/<main> of its own: the host page (an intranet's, or /centre/) has those landmarks around the element.
    return html`<div class="stack head">
      <div class="top">
      <h1>${i18n.t('app.title')}</h1>
      <div class="row">
        <div class="row" role="group" aria-label=${i18n.t('lang.label')}>
          ${LANGUAGES.map(
            (l) => html`<button
              type="button"
              class="chip"
              lang=${l.locale}
              aria-pressed=${i18n.locale === l.locale ? 'true' : 'false'}
              @click=${() => {
                this.lang = l.locale;
              }}
            >
              ${l.name}
            </button>`,
          )}
        </div>
        <button
          type="button"
          class="chip"
          aria-pressed=${dark ? 'true' : 'false'}
          @click=${() => {
            this.theme = dark ? 'light' : 'dark';
          }}
        >
          ${i18n.t('theme.dark')}
        </button>
      </div>
      </div>
      ${this.session.current ? this.renderWho() : nothing}
    </div>`;
  }

  private renderWho(): TemplateResult {
    const { i18n } = this;
    const signed = this.session.current!;
    const cities = signed.cities.filter((c) => c !== '*');
    const anyCity = signed.cities.includes('*');
    const config = this.data.config;
    const locale = i18n.locale;
    return html`<div class="bar">
        <p id="who" tabindex="-1">
          <strong class="user-text">${i18n.t('who.signedIn', { name: signed.name })}</strong>
          <span class="muted">(${i18n.t(`role.${signed.role}`)}${signed.bootstrap ? html`, ${i18n.t('who.bootstrap')}` : nothing})</span>
        </p>
        ${cities.length > 1 || anyCity ? this.renderCityChoice(cities, anyCity) : nothing}
        <div class="actions-row">
          ${this.actions.control('refresh', i18n.t('refresh'), () => void this.actions.run('refresh', () => this.refresh(), () => i18n.t('refreshed')))}
          <button type="button" @click=${this.signOut}>${i18n.t('signout')}</button>
        </div>
      </div>
      ${config ? html`<p class="muted">${i18n.t('city.now', { city: config.city.name[locale], cycle: config.cycle.title[locale], phase: phaseName(i18n, config.currentPhase) })}</p>` : nothing}`;
  }

  private renderWork(): TemplateResult {
    const { i18n } = this;
    const ctx = this.context();
    const visible = ctx ? this.sections.filter((s) => s.visible?.(ctx) ?? true) : [];
    const section = visible.find((s) => s.id === this.active) ?? visible[0];
    return html`${ctx
        ? html`${this.renderProblems()}
            <nav aria-label=${i18n.t('nav.label')}>
              <ul class="nav">
                ${visible.map(
                  (s) => html`<li>
                    <button type="button" class="chip" aria-current=${s === section ? 'page' : 'false'} @click=${() => this.navigate(s.id)}>${s.label(ctx)}</button>
                  </li>`,
                )}
              </ul>
            </nav>
            <div class="content">${section ? section.render(ctx) : nothing}</div>`
        : html`<div class="content">${this.renderCityState()}</div>`}`;
  }

  /**
   * The sign-in of a person whose session lapsed, in a dialog over their work: everything stays as typed behind
   * it. Closing it (Esc) leaves the work readable, with a notice that opens it again.
   */
  private renderResign(lapsed: Signed): TemplateResult {
    const { i18n } = this;
    return html`<dialog
      id="resign-dialog"
      aria-labelledby="signin-heading"
      aria-describedby="resign-lead"
      @cancel=${() => {
        if (this.session.lapsed) this.resignHidden = true;
      }}
      @close=${() => {
        if (this.session.lapsed) this.resignHidden = true;
      }}
    >
      <div class="stack">
        ${this.signIn.render(true, { name: lapsed.name, token: lapsed.bootstrap })}
        <p><button type="button" class="link" id="resign-signout" @click=${this.signOut}>${i18n.t('resign.signOut')}</button></p>
      </div>
    </dialog>`;
  }

  /** Said above the work (in the live region of notices): the session is about to end for want of activity, or it ended and its sign-in was put aside. */
  private renderSessionNotice(): TemplateResult {
    const { i18n } = this;
    const lapsed = !!this.session.lapsed;
    return html`${lapsed && this.resignHidden
        ? html`<div class="notice warning stack" id="resign-notice">
            <p>${i18n.t('resign.notice')}</p>
            <p><button type="button" class="primary" @click=${() => (this.resignHidden = false)}>${i18n.t('resign.title')}</button></p>
          </div>`
        : !lapsed && this.idleLeft !== null
          ? html`<div class="notice warning stack" id="idle-notice">
              <p>${i18n.t('idle.warning', { n: this.idleLeft })}</p>
              ${this.actions.control('stay', i18n.t('idle.stay'), () => this.stay())}
            </div>`
          : this.actions.message('stay')}`;
  }

  private renderCityChoice(cities: string[], anyCity: boolean): TemplateResult {
    const { i18n } = this;
    if (!anyCity)
      return html`<div class="field inline">
        <label for="city">${i18n.t('city.label')}</label>
        <select id="city" @change=${(e: Event) => this.chooseCity((e.target as HTMLSelectElement).value)}>
          ${cities.map((c) => html`<option value=${c} ?selected=${c === this.slug}>${c}</option>`)}
        </select>
      </div>`;
    return html`<form
      class="row"
      @submit=${(e: Event) => {
        e.preventDefault();
        const value = (e.currentTarget as HTMLFormElement).querySelector<HTMLInputElement>('#city')!.value.trim().toLowerCase();
        if (value) this.chooseCity(value);
      }}
    >
      <div class="field inline">
        <label for="city">${i18n.t('city.other')}</label>
        <input id="city" type="text" autocomplete="off" spellcheck="false" .value=${this.slug} />
      </div>
      <button type="submit">${i18n.t('city.choose')}</button>
    </form>`;
  }

  /**
   * Data shown that the server could not refresh, or the council's data that never loaded: a notice that blocks
   * nothing, takes no focus and keeps every form as typed, with a retry. Its live region is always there, so
   * that the notice is announced when it appears.
   */
  private renderProblems(): TemplateResult {
    const { i18n } = this;
    const city = this.data.stale;
    const council = this.council.problem;
    const problem = city ?? council;
    return html`<div class="problems" aria-live="polite">
      ${this.renderSessionNotice()}
      ${problem
        ? html`<div class="notice warning stack" id="stale-notice">
            ${city ? html`<p>${i18n.t('city.stale')}</p>` : nothing}
            ${council ? html`<p>${i18n.t(this.council.state.status === 'error' ? 'council.loadFailed' : 'council.stale')}</p>` : nothing}
            <p>${explainError(i18n, problem)[0]}</p>
            ${this.actions.control('stale-retry', i18n.t('retry'), () => this.retryStale())}
          </div>`
        : this.actions.message('stale-retry')}
    </div>`;
  }

  private renderCityState(): TemplateResult {
    const { i18n } = this;
    const s = this.data.state;
    if (s.status === 'error')
      return html`<div class="notice error stack" role="alert">
        <p>${i18n.t('city.loadFailed')}</p>
        ${explainError(i18n, s.error).map((l) => html`<p>${l}</p>`)}
        <p><button type="button" @click=${() => void this.data.reload()}>${i18n.t('retry')}</button></p>
      </div>`;
    if (s.status === 'idle') return html``;
    return html`<div class="stack" aria-busy="true"><p class="muted">${i18n.t('loading')}</p><div class="skeleton sk-title"></div><div class="skeleton sk-block"></div></div>`;
  }
}
