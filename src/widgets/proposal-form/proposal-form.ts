import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { emptyFields, localId, type DraftFields, type LoadedDraft } from '../../client/drafts.js';
import type { FinalState } from '../../client/proposal-outbox.js';
import { PROPOSAL_LIMITS, type CityConfig, type Proposal } from '../../contract/index.js';
import { costHint } from './cost-hint.js';
import { windowState } from '../../domain/phase.js';
import { Announcer } from '../../ui/announcer.js';
import { baseStyles } from '../../ui/base.styles.js';
import { QalaElement, textsPending } from '../../ui/base-element.js';
import { ConfigController } from '../../ui/config-controller.js';
import { fetchOnce } from '../../ui/lazy-part.js';
import type { Catalogue, Catalogues } from '../../ui/localize.js';
import { PartedLocalizeController } from '../../ui/parted-localize.js';
import { DraftsController, type SendingModule } from './drafts-controller.js';
import { MineLoader, type MineModule } from './mine-loader.js';
import { PhotosField, type PhotosModule } from './photos-field.js';
import { PointField, type PointModule } from './point-field.js';
import { messages, mineMessages, submitMessages, type MineMessages, type SubmitI18n, type SubmitMessages } from './messages.js';
import { styles } from './proposal-form.styles.js';
import {
  FIELD_IDS,
  describedBy,
  issueWords,
  proposalCostCap,
  firstInvalid,
  formatMoneyTyping,
  validateAll,
  validateField,
  type FieldError,
  type FieldErrors,
  type FieldName,
  type FormValues,
  type Words,
} from './validate.js';

/** "My proposals", fetched when a resident first opens it (see `MineLoader`). */
const fetchMine = fetchOnce(() => import('./my-proposals.js'));
/** The photos' resizer and list, fetched once submission is known to be open (see `PhotosField`). */
const fetchPhotos = fetchOnce(() => import('./photos-controller.js'));
/** The place on the map, fetched when its field is reached (see `PointField`). */
const fetchPoint = fetchOnce(() => import('./point-controller.js'));
/** The outbox, fetched once submission is known to be open (see `DraftsController`). */
const fetchSending = fetchOnce(() => import('./sending.js'));

/**
 * A resident submits a proposal: title, description, category, district,
 * place, estimated cost (capped per category), photos resized on the phone,
 * name, phone and consent. Keeps a draft on the device, survives a lost
 * connection (sends once it is back, never twice), and says when submission
 * opens or closed outside the window.
 *
 * @tag qala-proposal-form
 * @summary Proposal submission form for participatory budgeting.
 *
 * @attr api - Base URL of the API, e.g. `https://pb.example.kz/api/v1`.
 * @attr city - City slug, e.g. `aksu`.
 * @attr lang - `kk`, `ru` or `en`; falls back to `<html lang>`, then Russian.
 * @attr theme - `light`, `dark` or `auto`.
 * @attr accent - Accent colour.
 * @attr radius - `none|small|medium|large|pill` or a length.
 * @attr density - `compact|comfortable|spacious`.
 * @attr font - `system|serif|mono|inherit` or a family name.
 * @attr proposal-url - Link to a submitted proposal, `{id}` is replaced: `/proposals#qala:proposal={id}`.
 *
 * @prop {Backend} backend - A backend object of the host's own; wins over `api`.
 *
 * @fires qala-proposal-submitted - The proposal reached the backend; `detail`: `{ id, cycleId, category, status, reference }`, no personal data.
 * @fires qala-error - An error the widget shows; `detail`: `{ code, message, retryable }`.
 *
 * @csspart form - The `<form>`.
 * @csspart heading - The form's (or the confirmation's) heading.
 * @csspart field - Each field's wrapper.
 * @csspart photo-list - The list of chosen photos.
 * @csspart photo - One chosen photo.
 * @csspart progress - A photo's upload progress bar.
 * @csspart draft-notice - The "draft restored" / "draft not kept" / "open in another tab" notice.
 * @csspart status - The "waiting to send" notice.
 * @csspart submit-button - The send button.
 * @csspart confirmation - The confirmation after sending.
 * @csspart notice - The closed-window, error and empty notices.
 * @csspart my-proposals - The "My proposals" panel (prove the phone, see and correct one's proposals).
 * @csspart my-proposal - One of the author's proposals in it.
 * @csspart my-proposals-button - The button that opens it.
 *
 * @cssprop --qala-color-accent - Accent colour.
 * @cssprop --qala-color-surface - Background.
 * @cssprop --qala-color-text - Text colour.
 * @cssprop --qala-color-danger - Error colour.
 * @cssprop --qala-radius - Corner radius.
 * @cssprop --qala-font-family - Font family.
 * @cssprop --qala-font-size - Base size (everything else is in `em`).
 * @cssprop --qala-proposal-form-max-width - Widest the form grows (default `40em`).
 * @cssprop --qala-proposal-form-thumb-size - Photo thumbnail size (default `5em`).
 */
export class QalaProposalForm extends QalaElement {
  static override styles = [baseStyles, styles];

  private readonly i18n = new PartedLocalizeController(this, messages);
  private readonly cfg = new ConfigController(this, (config) => this.handleConfig(config));
  private readonly announcer = new Announcer(this);
  /** The catalogue as the pure text helpers read it (`issueWords`): its keys untyped. */
  private readonly words = this.i18n as unknown as Words;
  private readonly drafts = new DraftsController(this, this.i18n, {
    content: () => ({ fields: { ...this.fields }, photos: this.photos.draft }),
    restore: (draft) => this.restoreDraft(draft),
    discard: () => void this.handleDiscard(),
    reset: () => {
      this.resetForm();
      this.result = null;
    },
    say: (text) => this.announcer.say(text),
    loadSending: () => this.withTexts(this.loadSending(), this.submitTexts),
  });
  private readonly photos: PhotosField = new PhotosField(this, this.i18n, this.words, {
    load: () => this.withTexts(this.loadPhotos(), this.submitTexts),
    newId: () => localId('ph'),
    keep: (id, blob) => this.drafts.keepPhoto(id, blob),
    forget: (id) => this.drafts.forgetPhoto(id),
    changed: () => {
      this.changed();
      if (this.errors.photos || this.submittedOnce) this.revalidate('photos');
    },
    say: (text) => this.announcer.say(text),
    busy: () => this.drafts.busy,
    error: () => this.renderError('photos'),
    invalid: () => !!this.errors.photos,
    describedBy: () => this.describedBy('photos'),
  });
  private readonly point = new PointField(this, this.i18n, {
    load: () => this.withTexts(this.loadPoint(), this.submitTexts),
    say: (text) => this.announcer.say(text),
  });
  private readonly mine = new MineLoader(this, this.i18n, {
    backend: () => this.activeBackend,
    // Its own texts, and the submitting parts' (photos, a refusal's words) for correcting a proposal.
    load: () => this.withTexts(this.loadMyProposals(), this.submitTexts, this.mineTexts),
    say: (text) => this.announcer.say(text),
  });
  /** @internal How the form fetches "My proposals"; tests replace it to fail or delay the load. */
  loadMyProposals: () => Promise<MineModule> = fetchMine;
  /** @internal How the form fetches its way to the server; tests replace it to fail or delay the load. */
  loadSending: () => Promise<SendingModule> = fetchSending;
  /** @internal How the form fetches the place on the map's module; tests replace it to fail or delay the load. */
  loadPoint: () => Promise<PointModule> = fetchPoint;
  /** @internal How the form fetches the photos' module; tests replace it to fail or delay the load. */
  loadPhotos: () => Promise<PhotosModule> = fetchPhotos;
  /**
   * @internal The texts of the parts met while submitting (photos, the place on the map, the confirmation, a
   * refusal's words), a catalogue per language fetched beside each of those parts' modules; tests replace it.
   */
  submitTexts: Catalogues<SubmitMessages> = submitMessages;
  /** @internal The texts of "My proposals", fetched beside its module; tests replace them. */
  mineTexts: Catalogues<MineMessages> = mineMessages;

  @state() private fields: DraftFields = emptyFields();
  @state() private costText = '';
  @state() private phone = '';
  @state() private consent = false;
  /** Consent to an SMS on each status change (only offered where the city sends them). */
  @state() private notify = false;
  @state() private errors: FieldErrors = {};
  @state() private formError: string | null = null;
  @state() private submittedOnce = false;
  @state() private result: Proposal | 'duplicate' | null = null;

  /** Where a submitted proposal can be seen; `{id}` is replaced with its id. */
  @property({ attribute: 'proposal-url' }) proposalUrl = '';

  private touched = new Set<FieldName>();

  /**
   * A part's module and its texts in the language shown, fetched side by side: the part comes when both have, and
   * a failure of either is the part's (its kk/ru/en message and retry, which fetches again what did not come).
   */
  private async withTexts<T>(module: Promise<T>, ...texts: Catalogues<Catalogue>[]): Promise<T> {
    const [part] = await Promise.all([module, ...texts.map((catalogues) => this.i18n.withPart(catalogues))]);
    return part;
  }

  private get config(): CityConfig | undefined {
    return this.cfg.config;
  }

  private get values(): FormValues {
    return { ...this.fields, point: this.point.point, photoIds: this.photos.ids, phone: this.phone, consent: this.consent };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const backend = this.activeBackend;
    this.cfg.use(backend);
    this.drafts.useBackend(backend);
    this.mine.useBackend(backend);
  }

  private handleConfig(config: CityConfig): void {
    this.i18n.setOverrides(config.city.messages);
    const open = this.windowNow(config) === 'open';
    if (open) {
      // Every submission needs the photos and the outbox: fetched now, beside the draft store's opening, not with the first paint.
      this.photos.prefetch();
      this.drafts.prefetch();
    }
    void this.drafts.open(config, open);
  }

  private windowNow(config: CityConfig): 'before' | 'open' | 'after' {
    return windowState(config.cycle, 'submission', this.cfg.serverNow());
  }

  private restoreDraft({ record, blobs }: LoadedDraft): void {
    this.fields = { ...record.fields };
    this.costText = record.fields.estimatedCost === null ? '' : this.i18n.number(record.fields.estimatedCost);
    this.photos.restore(record.photos, blobs);
  }

  private changed(): void {
    this.drafts.changed();
  }

  private errorText(error: FieldError): string {
    return issueWords(this.words, error);
  }

  private setFieldError(name: FieldName, error: FieldError | null): void {
    const before = this.errors[name];
    const next = { ...this.errors };
    if (error) next[name] = error;
    else delete next[name];
    this.errors = next;
    if (error && (!before || before.code !== error.code)) this.announcer.say(this.errorText(error));
  }

  private revalidate(name: FieldName): void {
    const config = this.config;
    if (!config) return;
    this.setFieldError(name, validateField(name, this.values, config));
  }

  private handleInput(event: Event): void {
    const input = event.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    const name = input.dataset.field as FieldName | undefined;
    if (!name) return;
    switch (name) {
      case 'title':
      case 'description':
      case 'address':
      case 'authorName':
      case 'category':
      case 'district':
        this.fields = { ...this.fields, [name]: input.value };
        break;
      case 'estimatedCost': {
        const el = input as HTMLInputElement;
        const caret = el.selectionStart ?? el.value.length;
        const next = formatMoneyTyping(el.value, caret, (v) => this.i18n.number(v));
        el.value = next.text;
        if (this.shadowRoot?.activeElement === el) el.setSelectionRange(next.caret, next.caret);
        this.costText = next.text;
        this.fields = { ...this.fields, estimatedCost: next.value };
        // The cap is enforced while typing, not only on submit.
        this.revalidate('estimatedCost');
        break;
      }
      case 'phone':
        this.phone = input.value;
        break;
      case 'consent':
        this.consent = (input as HTMLInputElement).checked;
        break;
      default:
        return;
    }
    if ((name === 'category' || name === 'district') && (this.fields.estimatedCost !== null || this.errors.estimatedCost)) this.revalidate('estimatedCost');
    if (this.errors[name] || this.submittedOnce || name === 'category' || name === 'consent') {
      if (name !== 'estimatedCost') this.revalidate(name);
    }
    this.formError = null;
    this.changed();
  }

  private handleBlur(event: FocusEvent): void {
    const input = event.target as HTMLElement;
    const name = input.dataset.field as FieldName | undefined;
    if (!name || name === 'consent') return;
    const value = (input as HTMLInputElement).value;
    // Leaving an untouched empty field is not an error yet; submitting it is.
    if (!this.touched.has(name) && value === '' && !this.submittedOnce) return;
    this.touched.add(name);
    this.revalidate(name);
  }

  private async handleDiscard(): Promise<void> {
    await this.drafts.clear();
    this.resetForm();
    // Another tab's newer draft was kept: the controller said so.
    if (!this.drafts.conflict) this.announcer.say(this.i18n.t('draft.discarded'));
    await this.updateComplete;
    this.shadowRoot?.getElementById(FIELD_IDS.title)?.focus();
  }

  private resetForm(): void {
    this.photos.clear();
    this.fields = emptyFields();
    this.costText = '';
    this.phone = '';
    this.consent = false;
    this.notify = false;
    this.point.clear();
    this.errors = {};
    this.formError = null;
    this.submittedOnce = false;
    this.touched.clear();
    this.drafts.reset();
  }

  private async focusField(name: FieldName): Promise<void> {
    await this.updateComplete;
    this.shadowRoot?.getElementById(FIELD_IDS[name])?.focus();
  }

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const config = this.config;
    const backend = this.activeBackend;
    if (!config || !backend || this.drafts.busy) return;
    this.submittedOnce = true;
    this.formError = null;
    if (this.photos.processing) return;
    const validation = validateAll(this.values, config);
    if (!validation.ok) {
      this.errors = validation.errors;
      const first = firstInvalid(validation.errors);
      this.announcer.say(this.i18n.t('summary', { count: Object.keys(validation.errors).length }));
      if (first) await this.focusField(first);
      return;
    }
    this.errors = {};
    const notify = this.notify && config.city.notifications?.sms === true;
    const final = await this.drafts.send(
      backend,
      () => ({
        input: notify ? { ...validation.input, notify: { sms: true, locale: this.i18n.locale } } : validation.input,
        photos: this.photos.outbox,
      }),
      {
        onPhotoProgress: (id, fraction) => this.photos.patch(id, { status: 'uploading', progress: fraction }),
        onPhotoUploaded: (id, photo) => {
          this.photos.patch(id, { status: 'uploaded', progress: 1, uploaded: photo });
          this.drafts.schedule();
        },
      },
    );
    // Null: the host moved the form to another city or cycle meanwhile, and that submission ended with its own draft.
    if (final) await this.handleFinal(final, config);
  }

  private async handleFinal(final: FinalState, config: CityConfig): Promise<void> {
    if (final.kind === 'cancelled') {
      this.drafts.cancelled();
      this.announcer.say(this.i18n.t('wait.cancelled'));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="submit-button"]')?.focus();
      return;
    }
    // Anything but "stopped" comes from the outbox, so the sending module is here.
    const sending = this.drafts.module!;
    if (final.kind !== 'failed') {
      await this.drafts.clear();
      this.resetForm();
      sending.adoptPartStyles(this);
      this.result = final.kind === 'done' ? final.proposal : 'duplicate';
      if (final.kind === 'done') this.dispatchEvent(sending.submittedEvent(final.proposal));
      await this.updateComplete;
      this.shadowRoot?.getElementById('result-heading')?.focus();
      return;
    }
    this.drafts.refused();
    const error = this.reportError(final.error);
    const errors = sending.refusalErrors(error, proposalCostCap(config, this.fields), !!final.photo, (key) => this.i18n.has(key));
    // A photo refused for itself says so; one refused for something else (the phase closed) waits to be sent again.
    if (final.photo) this.photos.patch(final.photo, errors.photos ? { status: 'error' } : { status: 'ready', progress: 0 });
    this.errors = errors;
    const first = firstInvalid(errors);
    if (first) {
      this.announcer.say(this.i18n.t('summary', { count: Object.keys(errors).length }));
      await this.focusField(first);
      return;
    }
    this.formError = this.errorKey(error);
    this.announcer.say(this.formErrorText());
    await this.updateComplete;
    this.shadowRoot?.getElementById('form-error')?.focus();
  }

  private formErrorText(): string {
    const key = this.formError;
    if (!key) return '';
    return this.i18n.has(key) ? (this.i18n.t as (k: string) => string)(key) : this.i18n.t('error.generic');
  }

  private async handleAnother(): Promise<void> {
    this.result = null;
    await this.updateComplete;
    this.shadowRoot?.getElementById(FIELD_IDS.title)?.focus();
  }

  override render(): TemplateResult {
    if (!this.i18n.ready) return textsPending(this.i18n);
    return html`${this.renderBody()}${this.announcer.render()}`;
  }

  private renderBody(): TemplateResult {
    if (!this.activeBackend) return html`<p class="notice error" part="notice">${this.i18n.t('error.noBackend')}</p>`;
    const state = this.cfg.state;
    if (state.status === 'idle' || state.status === 'loading') return this.renderSkeleton();
    if (state.status === 'error') {
      return html`<div class="notice error stack" part="notice">
        <p>${(this.i18n.t as (k: string) => string)(this.i18n.has(this.errorKey(state.error)) ? this.errorKey(state.error) : 'error.generic')}</p>
        <div class="actions"><button type="button" @click=${() => this.cfg.retry()}>${this.i18n.t('retry')}</button></div>
      </div>`;
    }
    const config = state.config;
    const mine = this.mine.render(config);
    if (mine) return mine;
    if (this.result) {
      // The sending part's texts came with it.
      return this.drafts.module!.renderResult({ i18n: this.i18n as unknown as SubmitI18n, config, result: this.result, proposalUrl: this.proposalUrl, another: () => void this.handleAnother(), mine: this.mine.renderButton() });
    }
    const window = this.windowNow(config);
    if (window !== 'open') return this.renderClosed(config, window);
    return this.renderForm(config);
  }

  private renderSkeleton(): TemplateResult {
    return html`<div class="panel" aria-busy="true">
      <p class="sr-only">${this.i18n.t('loading')}</p>
      <div class="skeleton title" aria-hidden="true"></div>
      <div class="skeleton line" aria-hidden="true"></div>
      <div class="skeleton area" aria-hidden="true"></div>
      <div class="skeleton line" aria-hidden="true"></div>
    </div>`;
  }

  private renderClosed(config: CityConfig, window: 'before' | 'after'): TemplateResult {
    const tz = config.city.timeZone;
    const w = config.cycle.phases.submission;
    const text =
      window === 'before'
        ? this.i18n.t('closed.before', { date: this.i18n.dateTime(w.start, tz), zone: config.city.name[this.i18n.locale] })
        : this.i18n.t('closed.after', { from: this.i18n.date(w.start, tz), to: this.i18n.until(w.end, tz) });
    return html`<section class="panel" aria-labelledby="closed-heading">
      <h2 id="closed-heading" part="heading">${this.i18n.t('heading')}</h2>
      <div class="notice" part="notice">
        <p>${text}</p>
        ${window === 'after' ? html`<p>${this.i18n.t('closed.next')}</p>` : nothing}
      </div>
      ${this.mine.renderButton()}
    </section>`;
  }

  private renderNotify(config: CityConfig): TemplateResult | typeof nothing {
    if (!config.city.notifications?.sms) return nothing;
    // Its hint under its own box: above it, the hint read as the explanation of the consent box before it.
    return html`<div class="field" part="field">
      <div class="check">
        <input id="f-notify" type="checkbox" aria-describedby="f-notify-hint" .checked=${live(this.notify)} @change=${(e: Event) => (this.notify = (e.target as HTMLInputElement).checked)} />
        <label for="f-notify">${this.i18n.t('notify.label')}</label>
      </div>
      <p class="hint" id="f-notify-hint">${this.i18n.t('notify.hint')}</p>
    </div>`;
  }

  private describedBy(name: FieldName, hint = true): string {
    return describedBy(FIELD_IDS[name], hint, !!this.errors[name]);
  }

  private renderError(name: FieldName): TemplateResult | typeof nothing {
    const error = this.errors[name];
    return error ? html`<p class="field-error" id="${FIELD_IDS[name]}-error">${this.errorText(error)}</p>` : nothing;
  }

  /** A field: its label (required or optional), its hint when it has one, the control and its error. */
  private renderField(name: FieldName, label: string, hint: string | null, control: TemplateResult, required = true): TemplateResult {
    const i18n = this.i18n as unknown as { t(key: string): string };
    const id = FIELD_IDS[name];
    return html`<div class="field" part="field">
      <label for=${id}>${i18n.t(label)} <span class="tag">(${i18n.t(required ? 'required' : 'optional')})</span></label>
      ${hint ? html`<p class="hint" id="${id}-hint">${i18n.t(hint)}</p>` : nothing}
      ${control}
      ${this.renderError(name)}
    </div>`;
  }

  private renderText(name: 'title' | 'address' | 'authorName', key: string, autocomplete: string): TemplateResult {
    return this.renderField(
      name,
      `${key}.label`,
      `${key}.hint`,
      html`<input
        id=${FIELD_IDS[name]}
        data-field=${name}
        type="text"
        dir="auto"
        autocomplete=${autocomplete}
        required
        maxlength=${PROPOSAL_LIMITS[name].max * 2}
        aria-invalid=${this.invalid(name)}
        aria-describedby=${this.describedBy(name)}
        .value=${live(this.fields[name])}
      />`,
    );
  }

  /** A list of the city's (categories, districts) as a select. */
  private renderSelect(name: 'category' | 'district', empty: string, items: CityConfig['city']['categories'], required: boolean): TemplateResult {
    const value = this.fields[name];
    return this.renderField(
      name,
      `${name}.label`,
      null,
      html`<select id=${FIELD_IDS[name]} data-field=${name} ?required=${required} aria-invalid=${this.invalid(name)} aria-describedby=${this.describedBy(name, false)} .value=${live(value)}>
        <option value="" ?selected=${value === ''}>${(this.i18n.t as (k: string) => string)(empty)}</option>
        ${items.map((c) => html`<option value=${c.id} ?selected=${value === c.id}>${c.name[this.i18n.locale]}</option>`)}
      </select>`,
      required,
    );
  }

  private invalid(name: FieldName): 'true' | 'false' {
    return this.errors[name] ? 'true' : 'false';
  }

  private renderForm(config: CityConfig): TemplateResult {
    const tz = config.city.timeZone;
    const w = config.cycle.phases.submission;
    const busy = this.drafts.busy;
    const errorCount = Object.keys(this.errors).length;
    return html`<form part="form" novalidate @submit=${this.handleSubmit} @input=${this.handleInput} @change=${this.handleInput} @focusout=${this.handleBlur} aria-labelledby="form-heading">
      <div class="stack">
        <h2 id="form-heading" part="heading">${this.i18n.t('heading')}</h2>
        ${this.mine.renderButton()}
        <p class="muted">${this.i18n.t('openUntil', { date: this.i18n.until(w.end, tz) })}</p>
      </div>
      ${this.drafts.renderNotice(tz)}
      <fieldset class="stack" ?disabled=${busy}>
        ${this.renderText('title', 'title', 'off')}
        ${this.renderField(
          'description',
          'description.label',
          'description.hint',
          html`<textarea
            id="f-description"
            data-field="description"
            dir="auto"
            required
            rows="6"
            maxlength=${PROPOSAL_LIMITS.description.max * 2}
            aria-invalid=${this.invalid('description')}
            aria-describedby=${this.describedBy('description')}
            .value=${live(this.fields.description)}
          ></textarea>`,
        )}
        ${this.renderSelect('category', 'choose', config.city.categories, true)}
        ${config.city.districts.length ? this.renderSelect('district', 'noDistrict', config.city.districts, false) : nothing}
        ${this.renderText('address', 'address', 'street-address')} ${this.point.render()}
        <div class="field" part="field">
          <label for="f-cost">${this.i18n.t('cost.label')} <span class="tag">(${this.i18n.t('required')})</span></label>
          <p class="hint" id="f-cost-hint">${costHint(this.i18n, config, this.fields)}</p>
          <div class="money">
            <input
              id="f-cost"
              data-field="estimatedCost"
              type="text"
              inputmode="numeric"
              autocomplete="off"
              required
              aria-invalid=${this.invalid('estimatedCost')}
              aria-describedby=${this.describedBy('estimatedCost')}
              .value=${live(this.costText)}
            />
            <span class="sign" aria-hidden="true">₸</span>
          </div>
          ${this.renderError('estimatedCost')}
        </div>
        ${this.photos.render()}
        ${this.renderText('authorName', 'author', 'name')}
        ${this.renderField(
          'phone',
          'phone.label',
          'phone.hint',
          html`<input
            id="f-phone"
            data-field="phone"
            type="tel"
            inputmode="tel"
            autocomplete="tel"
            dir="ltr"
            required
            maxlength="40"
            aria-invalid=${this.invalid('phone')}
            aria-describedby=${this.describedBy('phone')}
            .value=${live(this.phone)}
          />`,
        )}
        <div class="field" part="field">
          <p class="hint" id="f-consent-hint">${this.i18n.t('consent.notice')}</p>
          <div class="check">
            <input
              id="f-consent"
              data-field="consent"
              type="checkbox"
              required
              aria-invalid=${this.invalid('consent')}
              aria-describedby=${this.describedBy('consent')}
              .checked=${live(this.consent)}
            />
            <label for="f-consent">${this.i18n.t('consent.label')} <span class="tag">(${this.i18n.t('required')})</span></label>
          </div>
          ${this.renderError('consent')}
        </div>
        ${this.renderNotify(config)}
      </fieldset>
      ${this.formError
        ? html`<p class="notice error" id="form-error" tabindex="-1" part="notice">${this.formErrorText()}</p>`
        : errorCount && this.submittedOnce
          ? html`<p class="field-error">${this.i18n.t('summary', { count: errorCount })}</p>`
          : nothing}
      ${this.drafts.renderSending()}
      <div class="actions">
        <button type="submit" class="primary" part="submit-button" aria-disabled=${busy ? 'true' : 'false'}>
          ${busy ? this.i18n.t('sending') : this.i18n.t('submit')}
        </button>
      </div>
      ${this.photos.renderInput()}
    </form>`;
  }
}
