import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { Backend } from '../../client/backend.js';
import {
  Debounced,
  ProposalOutbox,
  emptyFields,
  hasContent,
  localId,
  newIdempotencyKey,
  openDraftStore,
  roundPoint,
  type DraftFields,
  type DraftRecord,
  type DraftStore,
  type FinalState,
  type SubmissionState,
} from '../../client/drafts.js';
import { ImageError, MAX_PHOTO_SIDE, MAX_SOURCE_BYTES, ACCEPTED_TYPES, resizeImage, type ImageProblem } from '../../client/images.js';
import { normalizeLine, PROPOSAL_LIMITS, type CityConfig, type GeoPoint, type Photo, type Proposal } from '../../contract/index.js';
import { COST_OVER_CAP } from '../../domain/cost-cap.js';
import { costHint } from './cost-hint.js';
import { windowState } from '../../domain/phase.js';
import { baseStyles } from '../../ui/base.styles.js';
import { QalaElement, textsPending } from '../../ui/base-element.js';
import { ConfigController } from '../../ui/config-controller.js';
import { LocalizeController } from '../../ui/localize.js';
import { ProposalSubmittedEvent } from './events.js';
import type { MyProposalsController } from './my-proposals-controller.js';
import { photoName } from './texts.js';
import { messages } from './messages.js';
import { styles } from './proposal-form.styles.js';
import {
  proposalCostCap,
  errorsFromIssues,
  firstInvalid,
  formatMoneyTyping,
  validateAll,
  validateField,
  type FieldError,
  type FieldErrors,
  type FieldName,
  type FormValues,
} from './validate.js';

interface PhotoItem {
  localId: string;
  name: string;
  /** Resized bytes; absent while the photo is being prepared. */
  blob?: Blob;
  url?: string;
  width: number;
  height: number;
  status: 'processing' | 'ready' | 'uploading' | 'uploaded' | 'error';
  progress: number;
  uploaded?: Photo;
}

interface PhotoProblem {
  name: string;
  problem: ImageProblem | 'tooMany';
}

/** "My proposals", a module of its own fetched when a resident first opens it (few do). */
type MineModule = typeof import('./my-proposals.js');
let mineModule: Promise<MineModule> | undefined;

type GeoState = 'idle' | 'locating' | 'denied' | 'unavailable' | 'unsupported';

const FIELD_IDS: Record<FieldName, string> = {
  title: 'f-title',
  description: 'f-description',
  category: 'f-category',
  district: 'f-district',
  address: 'f-address',
  point: 'f-point',
  estimatedCost: 'f-cost',
  photos: 'f-photos',
  authorName: 'f-author',
  phone: 'f-phone',
  consent: 'f-consent',
};

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
 * @csspart draft-notice - The "draft restored" / "draft not kept" notice.
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

  private readonly i18n = new LocalizeController(this, messages);
  private readonly cfg = new ConfigController(this, (config) => this.handleConfig(config));
  /** "My proposals" once its module arrived (see `openMine`). */
  private mine: { controller: MyProposalsController; render: MineModule['renderMine'] } | null = null;
  /** "My proposals" asked for and its module on the way, or it could not be loaded (offline). */
  @state() private mineLoad: 'off' | 'loading' | 'failed' = 'off';
  /** @internal How the form fetches "My proposals"; tests replace it to fail or delay the load. */
  loadMyProposals: () => Promise<MineModule> = () => (mineModule ??= import('./my-proposals.js').catch((error: unknown) => {
    mineModule = undefined;
    throw error;
  }));

  @query('form') private formEl?: HTMLFormElement;
  @query('#photo-input') private photoInput?: HTMLInputElement;

  @state() private fields: DraftFields = emptyFields();
  @state() private costText = '';
  @state() private phone = '';
  @state() private consent = false;
  /** Consent to an SMS on each status change (only offered where the city sends them). */
  @state() private notify = false;
  @state() private point: GeoPoint | undefined;
  @state() private geo: GeoState = 'idle';
  @state() private photos: PhotoItem[] = [];
  @state() private photoProblems: PhotoProblem[] = [];
  @state() private errors: FieldErrors = {};
  @state() private formError: string | null = null;
  @state() private submittedOnce = false;
  @state() private draftNotice: 'restored' | 'pending' | null = null;
  @state() private draftSavedAt = '';
  @state() private draftPersistent: boolean | null = null;
  @state() private sending: SubmissionState | null = null;
  @state() private result: Proposal | 'duplicate' | null = null;
  @state() private announcement = '';
  @state() private clockSkew = 0;

  /** Where a submitted proposal can be seen; `{id}` is replaced with its id. */
  @property({ attribute: 'proposal-url' }) proposalUrl = '';

  private draftStore: DraftStore | null = null;
  private draftFor = '';
  private pendingKey: string | undefined;
  private dirty = false;
  private readonly saver = new Debounced(() => void this.saveDraft(), 500);
  private outbox: ProposalOutbox | null = null;
  private outboxBackend: Backend | null = null;
  private touched = new Set<FieldName>();

  private get config(): CityConfig | undefined {
    return this.cfg.config;
  }

  private get busy(): boolean {
    return this.sending !== null && (this.sending.kind === 'sending' || this.sending.kind === 'waiting');
  }

  private get values(): FormValues {
    return {
      ...this.fields,
      point: this.point,
      photoIds: this.photos.filter((p) => p.status !== 'processing').map((p) => p.uploaded?.id ?? p.localId),
      phone: this.phone,
      consent: this.consent,
    };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.saver.flush();
    this.outbox?.dispose();
    this.outbox = null;
    this.outboxBackend = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const backend = this.activeBackend;
    this.cfg.use(backend);
    // The outbox listens for online/offline from the start, not only from the first submit.
    if (backend !== this.outboxBackend || !this.outbox) {
      if (!this.busy) {
        this.outbox?.dispose();
        this.outbox = backend ? new ProposalOutbox(backend) : null;
        this.outboxBackend = backend;
      }
    }
  }

  private handleConfig(config: CityConfig): void {
    this.i18n.setOverrides(config.city.messages);
    this.clockSkew = Date.parse(config.serverTime) - Date.now();
    void this.initDraft(config);
  }

  private windowNow(config: CityConfig): 'before' | 'open' | 'after' {
    return windowState(config.cycle, 'submission', new Date(Date.now() + this.clockSkew));
  }

  private async initDraft(config: CityConfig): Promise<void> {
    const key = `${config.city.slug}\n${config.cycle.id}`;
    if (this.draftFor === key) return;
    this.draftFor = key;
    if (this.windowNow(config) !== 'open') return;
    const store = await openDraftStore(config.city.slug, config.cycle.id);
    if (this.draftFor !== key) return;
    this.draftStore = store;
    this.draftPersistent = store.persistent;
    const loaded = await store.load();
    this.draftPersistent = store.persistent;
    if (!loaded || this.dirty) return;
    const { record, blobs } = loaded;
    if (!hasContent(record) && !record.pendingKey) return;
    this.fields = { ...record.fields };
    this.costText = record.fields.estimatedCost === null ? '' : this.i18n.number(record.fields.estimatedCost);
    this.pendingKey = record.pendingKey;
    this.photos = record.photos.map((meta) => {
      const blob = blobs.get(meta.localId)!;
      return {
        localId: meta.localId,
        name: meta.name,
        blob,
        url: URL.createObjectURL(blob),
        width: meta.width,
        height: meta.height,
        status: meta.uploaded ? 'uploaded' : 'ready',
        progress: meta.uploaded ? 1 : 0,
        ...(meta.uploaded ? { uploaded: meta.uploaded } : {}),
      } satisfies PhotoItem;
    });
    this.draftSavedAt = record.savedAt;
    this.draftNotice = record.pendingKey ? 'pending' : 'restored';
    const text = record.pendingKey ? this.i18n.t('draft.pending') : this.i18n.t('draft.restored', { date: this.savedAtText() });
    this.announce(text);
  }

  private savedAtText(): string {
    const config = this.config;
    if (!config || !this.draftSavedAt) return '';
    return this.i18n.dateTime(this.draftSavedAt, config.city.timeZone);
  }

  private draftRecord(): DraftRecord {
    const cost = this.fields.estimatedCost;
    return {
      v: 1,
      fields: { ...this.fields, estimatedCost: cost },
      photos: this.photos
        .filter((p): p is PhotoItem & { blob: Blob } => !!p.blob)
        .map((p) => ({
          localId: p.localId,
          name: p.name,
          type: p.blob.type,
          width: p.width,
          height: p.height,
          size: p.blob.size,
          ...(p.uploaded ? { uploaded: p.uploaded } : {}),
        })),
      ...(this.pendingKey ? { pendingKey: this.pendingKey } : {}),
      savedAt: new Date().toISOString(),
    };
  }

  private async saveDraft(): Promise<void> {
    const store = this.draftStore;
    if (!store) return;
    const record = this.draftRecord();
    if (!hasContent(record) && !record.pendingKey) {
      await store.clear();
      return;
    }
    const ok = await store.save(record);
    if (!ok && this.draftPersistent) this.draftPersistent = false;
  }

  private changed(): void {
    this.dirty = true;
    this.saver.schedule();
  }

  private announce(text: string): void {
    // Clearing first makes a repeated message count as a change for screen readers.
    this.announcement = '';
    // A timer, not requestAnimationFrame: frames do not run in a background tab.
    setTimeout(() => {
      this.announcement = text;
    }, 30);
  }

  private errorText(error: FieldError): string {
    const params = { ...(error.params ?? {}) } as Record<string, unknown>;
    if (error.code === COST_OVER_CAP && typeof params.cap === 'number') params.cap = this.i18n.money(params.cap);
    const key = this.i18n.has(error.code) ? error.code : 'field.invalid';
    return (this.i18n.t as (k: string, p?: unknown) => string)(key, params);
  }

  private setFieldError(name: FieldName, error: FieldError | null): void {
    const before = this.errors[name];
    const next = { ...this.errors };
    if (error) next[name] = error;
    else delete next[name];
    this.errors = next;
    if (error && (!before || before.code !== error.code)) this.announce(this.errorText(error));
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

  private handleLocate(): void {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      this.geo = 'unsupported';
      this.announce(this.i18n.t('point.unsupported'));
      return;
    }
    this.geo = 'locating';
    navigator.geolocation.getCurrentPosition(
      (position) => {
        this.point = roundPoint({ lat: position.coords.latitude, lng: position.coords.longitude });
        this.geo = 'idle';
        this.announce(this.pointText(this.point));
      },
      (error) => {
        this.geo = error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable';
        this.announce(this.i18n.t(this.geo === 'denied' ? 'point.denied' : 'point.unavailable'));
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  }

  private handleRemovePoint(): void {
    this.point = undefined;
    this.geo = 'idle';
    void this.updateComplete.then(() => this.shadowRoot?.getElementById(FIELD_IDS.point)?.focus());
  }

  private pointText(point: GeoPoint): string {
    return this.i18n.t('point.set', { lat: point.lat.toFixed(5), lng: point.lng.toFixed(5) });
  }

  private handleAddPhotos(): void {
    this.photoInput?.click();
  }

  private async handleFiles(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    input.value = '';
    await this.addFiles(files);
  }

  /** Resizes and adds picked files (also used by drag-and-drop hosts and tests). */
  private async addFiles(files: File[]): Promise<void> {
    const problems: PhotoProblem[] = [];
    const max = PROPOSAL_LIMITS.photos.max;
    const jobs: Promise<void>[] = [];
    for (const file of files) {
      const name = photoName(file.name);
      const shown = normalizeLine(file.name).slice(0, 200);
      if (this.photos.length >= max) {
        problems.push({ name: shown, problem: 'tooMany' });
        continue;
      }
      const item: PhotoItem = { localId: localId('ph'), name, width: 0, height: 0, status: 'processing', progress: 0 };
      this.photos = [...this.photos, item];
      jobs.push(
        resizeImage(file).then(
          async (resized) => {
            const ready: PhotoItem = { ...item, blob: resized.blob, url: URL.createObjectURL(resized.blob), width: resized.width, height: resized.height, status: 'ready' };
            this.photos = this.photos.map((p) => (p.localId === item.localId ? ready : p));
            const stored = await this.draftStore?.putPhoto(item.localId, resized.blob);
            if (stored === false && this.draftPersistent) this.draftPersistent = false;
          },
          (error: unknown) => {
            this.photos = this.photos.filter((p) => p.localId !== item.localId);
            problems.push({ name: shown, problem: error instanceof ImageError ? error.problem : 'decode' });
          },
        ),
      );
    }
    await Promise.all(jobs);
    this.photoProblems = problems;
    if (problems.length) this.announce(problems.map((p) => `${p.name}: ${this.problemText(p.problem)}`).join(' '));
    this.changed();
    if (this.errors.photos || this.submittedOnce) this.revalidate('photos');
  }

  private handleRemovePhoto(id: string): void {
    const index = this.photos.findIndex((p) => p.localId === id);
    const item = this.photos[index];
    if (!item) return;
    if (item.url) URL.revokeObjectURL(item.url);
    this.photos = this.photos.filter((p) => p.localId !== id);
    void this.draftStore?.deletePhoto(id);
    this.changed();
    if (this.submittedOnce) this.revalidate('photos');
    // Focus the next photo's remove button, or the add button when none is left.
    void this.updateComplete.then(() => {
      const buttons = this.shadowRoot?.querySelectorAll<HTMLButtonElement>('.photo button.remove');
      const next = buttons?.[Math.min(index, (buttons?.length ?? 1) - 1)];
      (next ?? this.shadowRoot?.getElementById(FIELD_IDS.photos))?.focus();
    });
  }

  private problemText(problem: PhotoProblem['problem']): string {
    switch (problem) {
      case 'type':
        return this.i18n.t('photo.problem.type');
      case 'size':
        return this.i18n.t('photo.problem.size', { max: Math.round(MAX_SOURCE_BYTES / 1024 / 1024) });
      case 'tooMany':
        return this.i18n.t('photo.problem.tooMany', { max: PROPOSAL_LIMITS.photos.max });
      default:
        return this.i18n.t('photo.problem.decode');
    }
  }

  private async handleDiscard(): Promise<void> {
    this.saver.cancel();
    await this.draftStore?.clear();
    this.resetForm();
    this.announce(this.i18n.t('draft.discarded'));
    await this.updateComplete;
    this.shadowRoot?.getElementById(FIELD_IDS.title)?.focus();
  }

  private resetForm(): void {
    for (const p of this.photos) if (p.url) URL.revokeObjectURL(p.url);
    this.fields = emptyFields();
    this.costText = '';
    this.phone = '';
    this.consent = false;
    this.notify = false;
    this.point = undefined;
    this.geo = 'idle';
    this.photos = [];
    this.photoProblems = [];
    this.errors = {};
    this.formError = null;
    this.submittedOnce = false;
    this.touched.clear();
    this.draftNotice = null;
    this.pendingKey = undefined;
    this.dirty = false;
    this.sending = null;
  }

  private async focusField(name: FieldName): Promise<void> {
    await this.updateComplete;
    this.shadowRoot?.getElementById(FIELD_IDS[name])?.focus();
  }

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const config = this.config;
    const backend = this.activeBackend;
    if (!config || !backend || this.busy) return;
    this.submittedOnce = true;
    this.formError = null;
    if (this.photos.some((p) => p.status === 'processing')) return;
    const validation = validateAll(this.values, config);
    if (!validation.ok) {
      this.errors = validation.errors;
      const first = firstInvalid(validation.errors);
      this.announce(this.i18n.t('summary', { count: Object.keys(validation.errors).length }));
      if (first) await this.focusField(first);
      return;
    }
    this.errors = {};
    this.pendingKey ??= newIdempotencyKey();
    // The key is on the device before the request leaves it: a reload reuses it.
    this.saver.cancel();
    await this.saveDraft();
    if (!this.outbox || this.outboxBackend !== backend) {
      this.outbox?.dispose();
      this.outbox = new ProposalOutbox(backend);
      this.outboxBackend = backend;
    }
    const notify = this.notify && config.city.notifications?.sms === true;
    const job = {
      key: this.pendingKey,
      input: notify ? { ...validation.input, notify: { sms: true, locale: this.i18n.locale } } : validation.input,
      photos: this.photos.map((p) => ({ localId: p.localId, blob: p.blob!, name: p.name, ...(p.uploaded ? { uploaded: p.uploaded } : {}) })),
    };
    const final = await this.outbox.send(job, {
      onState: (s) => this.handleSendingState(s),
      onPhotoProgress: (id, fraction) => this.updatePhoto(id, { status: 'uploading', progress: fraction }),
      onPhotoUploaded: (id, photo) => {
        this.updatePhoto(id, { status: 'uploaded', progress: 1, uploaded: photo });
        this.saver.schedule();
      },
    });
    await this.handleFinal(final, config);
  }

  private updatePhoto(id: string, patch: Partial<PhotoItem>): void {
    this.photos = this.photos.map((p) => (p.localId === id ? { ...p, ...patch } : p));
  }

  private handleSendingState(next: SubmissionState): void {
    const wasWaiting = this.sending?.kind === 'waiting';
    this.sending = next;
    if (next.kind === 'waiting' && !wasWaiting) {
      this.announce(this.i18n.t(next.reason === 'offline' ? 'wait.offline' : 'wait.error'));
      void this.updateComplete.then(() => this.shadowRoot?.getElementById('sending-status')?.focus());
    }
  }

  private async handleFinal(final: FinalState, config: CityConfig): Promise<void> {
    if (final.kind === 'done' || final.kind === 'duplicate') {
      this.saver.cancel();
      await this.draftStore?.clear();
      this.resetForm();
      this.result = final.kind === 'done' ? final.proposal : 'duplicate';
      if (final.kind === 'done') {
        const p = final.proposal;
        this.dispatchEvent(new ProposalSubmittedEvent({ id: p.id, cycleId: p.cycleId, category: p.category, status: p.status, ...(p.reference ? { reference: p.reference } : {}) }));
      }
      await this.updateComplete;
      this.shadowRoot?.getElementById('result-heading')?.focus();
      return;
    }
    if (final.kind === 'cancelled') {
      this.sending = null;
      this.announce(this.i18n.t('wait.cancelled'));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="submit-button"]')?.focus();
      return;
    }
    // Refused for good: the key is spent, a corrected proposal gets a new one.
    this.sending = null;
    this.pendingKey = undefined;
    this.saver.schedule();
    const error = this.reportError(final.error);
    if (final.photo) this.updatePhoto(final.photo, { status: 'error' });
    const { errors } = errorsFromIssues(error.issues);
    if (error.code === 'over_cap' && !errors.estimatedCost) {
      const cap = proposalCostCap(config, this.fields);
      errors.estimatedCost = cap !== undefined ? { code: COST_OVER_CAP, params: { cap } } : { code: 'error.over_cap' };
    }
    if (final.photo) {
      // The upload's issues are about its body (`photo.empty`, `photo.dimensions`): say which, when there are words for it.
      const issue = error.issues.find((i) => this.i18n.has(i.message));
      errors.photos = issue ? { code: issue.message, ...(issue.params ? { params: issue.params } : {}) } : { code: `error.${error.code}` };
    }
    this.errors = errors;
    const first = firstInvalid(errors);
    if (first) {
      this.announce(this.i18n.t('summary', { count: Object.keys(errors).length }));
      await this.focusField(first);
      return;
    }
    this.formError = this.errorKey(error);
    this.announce(this.formErrorText());
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

  private proposalLink(id: string): string | null {
    if (!this.proposalUrl) return null;
    const url = this.proposalUrl.replace(/\{id\}/g, encodeURIComponent(id));
    return /^(https?:\/\/|\/|#|\?)/i.test(url) ? url : null;
  }

  override render(): TemplateResult {
    if (!this.i18n.ready) return textsPending(this.i18n);
    return html`${this.renderBody()}<div class="sr-only" role="status" aria-live="polite">${this.announcement}</div>`;
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
    if (this.mineLoad !== 'off') return this.renderMineLoad();
    if (this.mine && this.mine.controller.step.kind !== 'off') return this.mine.render(this.mine.controller, this.i18n, config);
    if (this.result) return this.renderResult(config);
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
      ${this.renderMineButton()}
    </section>`;
  }

  private renderResult(config: CityConfig): TemplateResult {
    const tz = config.city.timeZone;
    if (this.result === 'duplicate') {
      return html`<section class="panel notice success" part="confirmation" aria-labelledby="result-heading">
        <h2 id="result-heading" tabindex="-1" part="heading">${this.i18n.t('duplicate.heading')}</h2>
        <p>${this.i18n.t('duplicate.text')}</p>
        <div class="actions"><button type="button" @click=${this.handleAnother}>${this.i18n.t('done.another')}</button></div>
      </section>`;
    }
    const proposal = this.result!;
    const link = this.proposalLink(proposal.id);
    return html`<section class="panel notice success" part="confirmation" aria-labelledby="result-heading">
      <h2 id="result-heading" tabindex="-1" part="heading">${this.i18n.t('done.heading')}</h2>
      ${proposal.reference ? html`<p>${this.i18n.t('done.reference')} <bdi class="reference">${proposal.reference}</bdi></p>` : nothing}
      <p class=${proposal.reference ? 'muted' : ''}>${this.i18n.t('done.id')} <bdi class="id">${proposal.id}</bdi></p>
      <p>${this.i18n.t('done.next', { date: this.i18n.until(config.cycle.phases.review.end, tz) })}</p>
      <div class="actions">
        ${link ? html`<a class="button primary" href=${link}>${this.i18n.t('done.open')}</a>` : nothing}
        <button type="button" @click=${this.handleAnother}>${this.i18n.t('done.another')}</button>
      </div>
      ${this.renderMineButton()}
    </section>`;
  }

  private renderMineButton(): TemplateResult | typeof nothing {
    const b = this.activeBackend;
    // Only where the backend can do it (a host's own backend may not).
    if (!b?.startAuthorVerification || !b.confirmAuthorCode || !b.myProposals || !b.resubmitProposal) return nothing;
    return html`<div class="actions"><button type="button" class="link" part="my-proposals-button" @click=${() => void this.openMine()}>${this.i18n.t('mine.open')}</button></div>`;
  }

  /** Opens "My proposals", fetching its module the first time (a loading state meanwhile, a retryable error offline). */
  private async openMine(): Promise<void> {
    if (this.mine) return this.mine.controller.open();
    if (this.mineLoad === 'loading') return;
    this.mineLoad = 'loading';
    void this.updateComplete.then(() => this.shadowRoot?.getElementById('mine-heading')?.focus());
    let module: MineModule;
    try {
      module = await this.loadMyProposals();
    } catch {
      if (this.mineLoad !== 'loading') return;
      this.mineLoad = 'failed';
      await this.updateComplete;
      this.shadowRoot?.getElementById('mine-error')?.focus();
      return;
    }
    this.mine ??= {
      controller: new module.MyProposalsController(this, {
        backend: () => this.activeBackend,
        has: (key) => this.i18n.has(key),
        focus: (id) => this.shadowRoot?.getElementById(id)?.focus(),
        announce: (key) => this.announce((this.i18n.t as (k: string, p?: unknown) => string)(key, { count: 1 })),
      }),
      render: module.renderMine,
    };
    if (this.mineLoad !== 'loading') return; // closed while it loaded
    this.mineLoad = 'off';
    this.mine.controller.open();
  }

  /** "My proposals" while its module loads, or when it could not be loaded. */
  private renderMineLoad(): TemplateResult {
    const failed = this.mineLoad === 'failed';
    return html`<section class="panel stack" part="my-proposals" aria-labelledby="mine-heading" aria-busy=${failed ? 'false' : 'true'}>
      <div class="row">
        <h2 id="mine-heading" tabindex="-1" part="heading">${this.i18n.t('mine.heading')}</h2>
        <button type="button" class="link" @click=${() => (this.mineLoad = 'off')}>${this.i18n.t('mine.close')}</button>
      </div>
      ${failed
        ? html`<div class="notice error stack" part="notice">
            <p id="mine-error" tabindex="-1">${this.i18n.t('mine.loadFailed')}</p>
            <div class="actions"><button type="button" @click=${() => void this.openMine()}>${this.i18n.t('retry')}</button></div>
          </div>`
        : html`<p class="notice" role="status" part="notice">${this.i18n.t('mine.loading')}</p>`}
    </section>`;
  }

  private renderNotify(config: CityConfig): TemplateResult | typeof nothing {
    if (!config.city.notifications?.sms) return nothing;
    return html`<div class="field" part="field">
      <p class="hint" id="f-notify-hint">${this.i18n.t('notify.hint')}</p>
      <div class="check">
        <input id="f-notify" type="checkbox" aria-describedby="f-notify-hint" .checked=${live(this.notify)} @change=${(e: Event) => (this.notify = (e.target as HTMLInputElement).checked)} />
        <label for="f-notify">${this.i18n.t('notify.label')}</label>
      </div>
    </div>`;
  }

  private describedBy(name: FieldName, hint = true): string {
    const id = FIELD_IDS[name];
    return [hint ? `${id}-hint` : '', this.errors[name] ? `${id}-error` : ''].filter(Boolean).join(' ');
  }

  private renderError(name: FieldName): TemplateResult | typeof nothing {
    const error = this.errors[name];
    return error ? html`<p class="field-error" id="${FIELD_IDS[name]}-error">${this.errorText(error)}</p>` : nothing;
  }

  private renderLabel(name: FieldName, key: string, required: boolean): TemplateResult {
    return html`<label for=${FIELD_IDS[name]}>${(this.i18n.t as (k: string) => string)(key)}
      <span class="tag">(${required ? this.i18n.t('required') : this.i18n.t('optional')})</span></label>`;
  }

  private renderText(name: 'title' | 'address' | 'authorName', labelKey: 'title.label' | 'address.label' | 'author.label', hintKey: 'title.hint' | 'address.hint' | 'author.hint', autocomplete: string): TemplateResult {
    const limits = name === 'authorName' ? PROPOSAL_LIMITS.authorName : PROPOSAL_LIMITS[name];
    return html`<div class="field" part="field">
      ${this.renderLabel(name, labelKey, true)}
      <p class="hint" id="${FIELD_IDS[name]}-hint">${this.i18n.t(hintKey)}</p>
      <input
        id=${FIELD_IDS[name]}
        data-field=${name}
        type="text"
        dir="auto"
        autocomplete=${autocomplete}
        required
        maxlength=${limits.max * 2}
        aria-invalid=${this.errors[name] ? 'true' : 'false'}
        aria-describedby=${this.describedBy(name)}
        .value=${live(this.fields[name])}
      />
      ${this.renderError(name)}
    </div>`;
  }

  private renderForm(config: CityConfig): TemplateResult {
    const tz = config.city.timeZone;
    const lang = this.i18n.locale;
    const w = config.cycle.phases.submission;
    const cap = proposalCostCap(config, this.fields);
    const busy = this.busy;
    const errorCount = Object.keys(this.errors).length;
    return html`<form part="form" novalidate @submit=${this.handleSubmit} @input=${this.handleInput} @change=${this.handleInput} @focusout=${this.handleBlur} aria-labelledby="form-heading">
      <div class="stack">
        <h2 id="form-heading" part="heading">${this.i18n.t('heading')}</h2>
        ${this.renderMineButton()}
        <p class="muted">${this.i18n.t('openUntil', { date: this.i18n.until(w.end, tz) })}</p>
      </div>
      ${this.renderDraftNotice()}
      <fieldset class="stack" ?disabled=${busy}>
        ${this.renderText('title', 'title.label', 'title.hint', 'off')}
        <div class="field" part="field">
          ${this.renderLabel('description', 'description.label', true)}
          <p class="hint" id="f-description-hint">${this.i18n.t('description.hint')}</p>
          <textarea
            id="f-description"
            data-field="description"
            dir="auto"
            required
            rows="6"
            maxlength=${PROPOSAL_LIMITS.description.max * 2}
            aria-invalid=${this.errors.description ? 'true' : 'false'}
            aria-describedby=${this.describedBy('description')}
            .value=${live(this.fields.description)}
          ></textarea>
          ${this.renderError('description')}
        </div>
        <div class="field" part="field">
          ${this.renderLabel('category', 'category.label', true)}
          <select
            id="f-category"
            data-field="category"
            required
            aria-invalid=${this.errors.category ? 'true' : 'false'}
            aria-describedby=${this.describedBy('category', false)}
            .value=${live(this.fields.category)}
          >
            <option value="" ?selected=${this.fields.category === ''}>${this.i18n.t('choose')}</option>
            ${config.city.categories.map((c) => html`<option value=${c.id} ?selected=${this.fields.category === c.id}>${c.name[lang]}</option>`)}
          </select>
          ${this.renderError('category')}
        </div>
        ${config.city.districts.length
          ? html`<div class="field" part="field">
              ${this.renderLabel('district', 'district.label', false)}
              <select id="f-district" data-field="district" aria-invalid=${this.errors.district ? 'true' : 'false'} aria-describedby=${this.describedBy('district', false)} .value=${live(this.fields.district)}>
                <option value="" ?selected=${this.fields.district === ''}>${this.i18n.t('noDistrict')}</option>
                ${config.city.districts.map((d) => html`<option value=${d.id} ?selected=${this.fields.district === d.id}>${d.name[lang]}</option>`)}
              </select>
              ${this.renderError('district')}
            </div>`
          : nothing}
        ${this.renderText('address', 'address.label', 'address.hint', 'street-address')} ${this.renderPoint()}
        <div class="field" part="field">
          ${this.renderLabel('estimatedCost', 'cost.label', true)}
          <p class="hint" id="f-cost-hint">${costHint(this.i18n, config, this.fields)}</p>
          <div class="money">
            <input
              id="f-cost"
              data-field="estimatedCost"
              type="text"
              inputmode="numeric"
              autocomplete="off"
              required
              aria-invalid=${this.errors.estimatedCost ? 'true' : 'false'}
              aria-describedby=${this.describedBy('estimatedCost')}
              .value=${live(this.costText)}
            />
            <span class="sign" aria-hidden="true">₸</span>
          </div>
          ${this.renderError('estimatedCost')}
        </div>
        ${this.renderPhotos()}
        ${this.renderText('authorName', 'author.label', 'author.hint', 'name')}
        <div class="field" part="field">
          ${this.renderLabel('phone', 'phone.label', true)}
          <p class="hint" id="f-phone-hint">${this.i18n.t('phone.hint')}</p>
          <input
            id="f-phone"
            data-field="phone"
            type="tel"
            inputmode="tel"
            autocomplete="tel"
            dir="ltr"
            required
            maxlength="40"
            aria-invalid=${this.errors.phone ? 'true' : 'false'}
            aria-describedby=${this.describedBy('phone')}
            .value=${live(this.phone)}
          />
          ${this.renderError('phone')}
        </div>
        <div class="field" part="field">
          <p class="hint" id="f-consent-hint">${this.i18n.t('consent.notice')}</p>
          <div class="check">
            <input
              id="f-consent"
              data-field="consent"
              type="checkbox"
              required
              aria-invalid=${this.errors.consent ? 'true' : 'false'}
              aria-describedby=${this.describedBy('consent')}
              .checked=${live(this.consent)}
            />
            <label for="f-consent">${this.i18n.t('consent.label')}</label>
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
      ${this.renderSending()}
      <div class="actions">
        <button type="submit" class="primary" part="submit-button" aria-disabled=${busy ? 'true' : 'false'}>
          ${busy ? this.i18n.t('sending') : this.i18n.t('submit')}
        </button>
      </div>
      <input id="photo-input" type="file" accept=${ACCEPTED_TYPES.join(',')} multiple hidden @change=${this.handleFiles} />
    </form>`;
  }

  private renderDraftNotice(): TemplateResult | typeof nothing {
    if (this.draftNotice) {
      const text = this.draftNotice === 'pending' ? this.i18n.t('draft.pending') : this.i18n.t('draft.restored', { date: this.savedAtText() });
      return html`<div class="notice ${this.draftNotice === 'pending' ? 'warning' : ''}" part="draft-notice">
        <p>${text}</p>
        <div class="actions"><button type="button" class="link" @click=${this.handleDiscard}>${this.i18n.t('draft.discard')}</button></div>
      </div>`;
    }
    if (this.draftPersistent === false) return html`<p class="notice warning" part="draft-notice">${this.i18n.t('draft.notKept')}</p>`;
    if (this.draftPersistent) return html`<p class="hint" part="draft-notice">${this.i18n.t('draft.kept')}</p>`;
    return nothing;
  }

  private renderPoint(): TemplateResult {
    const message =
      this.geo === 'denied' ? 'point.denied' : this.geo === 'unavailable' ? 'point.unavailable' : this.geo === 'unsupported' ? 'point.unsupported' : null;
    return html`<div class="field" part="field" role="group" aria-labelledby="f-point-label">
      <p class="legend" id="f-point-label">${this.i18n.t('point.label')} <span class="tag">(${this.i18n.t('optional')})</span></p>
      <p class="hint" id="f-point-hint">${this.i18n.t('point.hint')}</p>
      ${this.point
        ? html`<div class="row">
            <p>${this.pointText(this.point)}</p>
            <button type="button" class="link" id="f-point" @click=${this.handleRemovePoint}>${this.i18n.t('point.remove')}</button>
          </div>`
        : html`<div class="actions">
            <button type="button" id="f-point" aria-describedby="f-point-hint" ?disabled=${this.geo === 'unsupported'} @click=${this.handleLocate}>
              ${this.geo === 'locating' ? this.i18n.t('point.locating') : this.i18n.t('point.use')}
            </button>
          </div>`}
      ${message ? html`<p class="notice" part="notice">${this.i18n.t(message)}</p>` : nothing}
    </div>`;
  }

  private renderPhotos(): TemplateResult {
    const max = PROPOSAL_LIMITS.photos.max;
    const count = this.photos.length;
    return html`<div class="field" part="field" role="group" aria-labelledby="f-photos-label">
      <p class="legend" id="f-photos-label">${this.i18n.t('photos.label')} <span class="tag">(${this.i18n.t('required')})</span></p>
      <p class="hint" id="f-photos-hint">${this.i18n.t('photos.hint', { max, side: MAX_PHOTO_SIDE })}</p>
      ${count
        ? html`<ul class="photos" part="photo-list">
            ${this.photos.map((p, i) => this.renderPhoto(p, i + 1))}
          </ul>`
        : nothing}
      <div class="actions">
        <button
          type="button"
          id="f-photos"
          aria-describedby=${this.describedBy('photos')}
          aria-invalid=${this.errors.photos ? 'true' : 'false'}
          ?disabled=${count >= max}
          @click=${this.handleAddPhotos}
        >
          ${this.i18n.t('photos.add')}
        </button>
        <span class="muted">${this.i18n.t('photos.count', { count, max })}</span>
      </div>
      ${this.photoProblems.length
        ? html`<ul class="problems">
            ${this.photoProblems.map((p) => html`<li class="field-error"><bdi class="user-text">${p.name}</bdi>: ${this.problemText(p.problem)}</li>`)}
          </ul>`
        : nothing}
      ${this.renderError('photos')}
    </div>`;
  }

  private renderPhoto(p: PhotoItem, n: number): TemplateResult {
    const percent = Math.round(p.progress * 100);
    const status =
      p.status === 'processing'
        ? this.i18n.t('photo.processing')
        : p.status === 'uploading'
          ? this.i18n.t('photo.uploading', { percent })
          : p.status === 'uploaded'
            ? this.i18n.t('photo.uploaded')
            : p.status === 'error'
              ? this.i18n.t('photo.problem.server')
              : this.i18n.t('photo.local');
    return html`<li class="photo" part="photo">
      ${p.url ? html`<img src=${p.url} alt=${this.i18n.t('photo.alt', { n })} width=${p.width} height=${p.height} />` : html`<div class="skeleton thumb-sk" aria-hidden="true"></div>`}
      <div class="meta">
        <span class="user-text" dir="auto">${p.name}</span>
        ${p.status === 'processing'
          ? html`<progress part="progress" aria-label=${this.i18n.t('photo.processing')}></progress>`
          : p.status === 'uploading' || p.status === 'uploaded'
            ? html`<progress part="progress" max="100" .value=${percent} aria-label=${this.i18n.t('photo.progressLabel', { n })}></progress>`
            : nothing}
        <span class=${p.status === 'error' ? 'field-error' : 'muted'}>${status}</span>
        ${this.busy || p.status === 'processing'
          ? nothing
          : html`<button type="button" class="remove" aria-label=${this.i18n.t('photo.remove', { n })} @click=${() => this.handleRemovePhoto(p.localId)}>✕</button>`}
      </div>
    </li>`;
  }

  private renderSending(): TemplateResult | typeof nothing {
    const s = this.sending;
    if (!s || s.kind !== 'waiting') return nothing;
    return html`<div class="notice warning" id="sending-status" tabindex="-1" part="status">
      <p>${this.i18n.t(s.reason === 'offline' ? 'wait.offline' : 'wait.error')}</p>
      <div class="actions">
        <button type="button" @click=${() => this.outbox?.retryNow()}>${this.i18n.t('wait.retryNow')}</button>
        <button type="button" class="link" @click=${() => this.outbox?.cancel()}>${this.i18n.t('wait.cancel')}</button>
      </div>
    </div>`;
  }
}
