import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { DraftPhotoMeta } from '../../client/drafts.js';
import type { OutboxPhoto } from '../../client/proposal-outbox.js';
import { ACCEPTED_TYPES, MAX_PHOTO_SIDE } from '../../client/photo-limits.js';
import { PROPOSAL_LIMITS } from '../../contract/index.js';
import { LazyPart } from '../../ui/lazy-part.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { ProposalFormMessages, SubmitI18n } from './messages.js';
import type { PhotoItem, PhotosController, PhotosHost } from './photos-controller.js';
import type { Words } from './validate.js';

/** The photos' module: resizing, the list, removal (fetched when the photos are about to be needed). */
export type PhotosModule = typeof import('./photos-controller.js');

/** What the field needs from the form, besides what the photos need (`PhotosHost`). */
export interface PhotosFieldHost extends PhotosHost {
  /** Fetches the photos' module and its texts in the language shown (the form's `loadPhotos` and `submitTexts`, which tests replace). */
  load(): Promise<PhotosModule>;
  /** The field's error under the list, and whether it is shown. */
  error(): TemplateResult | typeof nothing;
  invalid(): boolean;
  describedBy(): string;
}

/**
 * The photos field as the form draws it from its first paint: the label, the
 * hint, "add" and the file chooser. The rest (`PhotosController`) is a module
 * fetched once the config says submission is open, when the field is reached, or at the latest when a
 * resident chooses files or a draft with photos comes back. Until it is here,
 * the field holds the chosen files and the restored photos itself (they count,
 * are saved with the draft and sent), and hands them over when it arrives; if
 * it cannot be fetched (offline), it says so with a retry and loses nothing.
 */
export class PhotosField implements ReactiveController {
  private readonly part: LazyPart<PhotosModule>;
  private controller: PhotosController | null = null;
  /** A restored draft's photos, kept here until the module arrives. */
  private restored: { photos: DraftPhotoMeta[]; blobs: ReadonlyMap<string, Blob> } | null = null;
  /** Files chosen before the module arrived. */
  private chosen: File[] = [];

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly i18n: LocalizeController<CommonMessages & ProposalFormMessages>,
    private readonly words: Words,
    private readonly hooks: PhotosFieldHost,
  ) {
    host.addController(this);
    this.part = new LazyPart(() => this.hooks.load(), () => this.host.requestUpdate());
  }

  hostConnected(): void {}

  /** Photos the module has not taken over yet: restored ones first, then chosen files. */
  private get waiting(): number {
    return (this.restored?.photos.length ?? 0) + this.chosen.length;
  }

  /** Whether a chosen photo is still being prepared, or waits for the module on its way (the form is not sent meanwhile). */
  get processing(): boolean {
    return this.controller ? this.controller.processing : this.chosen.length > 0 && this.part.loading;
  }

  /** Ids the validation counts: the uploaded id, or the local one until then. */
  get ids(): string[] {
    return this.controller ? this.controller.ids : (this.restored?.photos ?? []).map((p) => p.uploaded?.id ?? p.localId);
  }

  /** What the outbox uploads. */
  get outbox(): OutboxPhoto[] {
    if (this.controller) return this.controller.outbox;
    const r = this.restored;
    return (r?.photos ?? []).map((p) => ({ localId: p.localId, blob: r!.blobs.get(p.localId)!, name: p.name, ...(p.uploaded ? { uploaded: p.uploaded } : {}) }));
  }

  /** What a draft keeps of each prepared photo (restored ones too while the module is on its way). */
  get draft(): DraftPhotoMeta[] {
    return this.controller ? this.controller.draft : [...(this.restored?.photos ?? [])];
  }

  /** Starts fetching the module without waiting (submission open, the field reached). */
  prefetch(): void {
    this.part.prefetch();
  }

  /** The module's controller, with what the field held handed over; null when it could not be fetched. */
  private async ensure(): Promise<PhotosController | null> {
    if (this.controller) return this.controller;
    let module: PhotosModule;
    try {
      module = await this.part.get();
    } catch {
      this.hooks.say(this.i18n.t('part.loadFailed'));
      return null;
    }
    if (this.controller) return this.controller;
    const chosen = this.chosen;
    const controller = this.adopt(module);
    if (chosen.length) await controller.add(chosen);
    return controller;
  }

  /** Creates the controller and hands it the restored photos (chosen files are the caller's to add). */
  private adopt(module: PhotosModule): PhotosController {
    // Its texts came beside its module (the form's `load` fetches both), so they speak the part's keys too.
    const controller = new module.PhotosController(this.host, this.i18n as unknown as SubmitI18n, this.words, this.hooks);
    this.controller = controller;
    const restored = this.restored;
    this.restored = null;
    this.chosen = [];
    if (restored) controller.restore(restored.photos, restored.blobs);
    return controller;
  }

  /** The photos of a restored draft (a photo whose bytes were lost is left out). */
  restore(photos: readonly DraftPhotoMeta[], blobs: ReadonlyMap<string, Blob>): void {
    // Already fetched: the photos come back with the fields, in the same paint.
    if (!this.controller && this.part.value && !this.chosen.length) this.adopt(this.part.value);
    if (this.controller) return this.controller.restore(photos, blobs);
    this.restored = { photos: photos.filter((p) => blobs.has(p.localId)), blobs };
    this.host.requestUpdate();
    if (this.restored.photos.length) void this.ensure();
  }

  /** No photos (after sending, or when the draft is discarded). */
  clear(): void {
    this.controller?.clear();
    this.restored = null;
    this.chosen = [];
    this.host.requestUpdate();
  }

  /** An upload's progress, its result, or the server's refusal (from the outbox). */
  patch(id: string, patch: Partial<PhotoItem>): void {
    if (this.controller) return this.controller.patch(id, patch);
    // Sent before the module arrived: the upload is still remembered, so the draft does not upload it again.
    if (patch.uploaded && this.restored) this.restored = { ...this.restored, photos: this.restored.photos.map((p) => (p.localId === id ? { ...p, uploaded: patch.uploaded! } : p)) };
  }

  private readonly handleChoose = (): void => {
    this.prefetch();
    this.host.shadowRoot?.querySelector<HTMLInputElement>('#photo-input')?.click();
  };

  private readonly handleFiles = async (event: Event): Promise<void> => {
    const input = event.target as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (!files.length) return;
    if (this.controller) return this.controller.add(files);
    this.chosen = [...this.chosen, ...files];
    this.host.requestUpdate();
    await this.ensure();
  };

  private readonly handleRetry = (): void => {
    void this.ensure();
  };

  /** The photos field: the list, "add", what could not be added, and the field's error. */
  render(): TemplateResult {
    const max = PROPOSAL_LIMITS.photos.max;
    const count = this.controller ? this.controller.items.length : this.waiting;
    return html`<div class="field" part="field" role="group" aria-labelledby="f-photos-label" @focusin=${() => this.prefetch()}>
      <p class="legend" id="f-photos-label">${this.i18n.t('photos.label')} <span class="tag">(${this.i18n.t('required')})</span></p>
      <p class="hint" id="f-photos-hint">${this.i18n.t('photos.hint', { max, side: MAX_PHOTO_SIDE })}</p>
      ${this.controller ? this.controller.renderList() : this.renderWaiting()}
      <div class="actions">
        <button
          type="button"
          id="f-photos"
          aria-describedby=${this.hooks.describedBy()}
          aria-invalid=${this.hooks.invalid() ? 'true' : 'false'}
          ?disabled=${count >= max}
          @click=${this.handleChoose}
        >
          ${this.i18n.t('photos.add')}
        </button>
        <span class="muted">${this.i18n.t('photos.count', { count, max })}</span>
      </div>
      ${this.controller ? this.controller.renderProblems() : nothing}
      ${this.hooks.error()}
    </div>`;
  }

  /** Before the module is here: that photos are being prepared, or that they could not be, with a retry. */
  private renderWaiting(): TemplateResult | typeof nothing {
    if (this.part.failed && this.waiting) {
      return html`<div class="notice error" part="notice">
        <p id="f-photos-load-error">${this.i18n.t('part.loadFailed')}</p>
        <div class="actions"><button type="button" @click=${this.handleRetry}>${this.i18n.t('retry')}</button></div>
      </div>`;
    }
    if (this.waiting) return html`<p class="muted" role="status">${this.i18n.t('photo.processing')}</p>`;
    return nothing;
  }

  /** The hidden file chooser (inside the form, after its actions). */
  renderInput(): TemplateResult {
    return html`<input id="photo-input" type="file" accept=${ACCEPTED_TYPES.join(',')} multiple hidden @change=${this.handleFiles} />`;
  }
}
