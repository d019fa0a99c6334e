import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { DraftPhotoMeta } from '../../client/drafts.js';
import type { OutboxPhoto } from '../../client/proposal-outbox.js';
import { ImageError, MAX_SOURCE_BYTES, resizeImage } from '../../client/images.js';
import { normalizeLine, PROPOSAL_LIMITS, type Photo } from '../../contract/index.js';
import type { SubmitI18n } from './messages.js';
import { adoptPartStyles } from './parts.styles.js';
import { issueWords, photoName, photoProblemIssue, photoStatusIssue, type PhotoProblem, type PhotoStatus, type Words } from './texts.js';

/** One chosen photo, from the file chooser (or a restored draft) until the proposal is sent. */
export interface PhotoItem {
  localId: string;
  name: string;
  /** Resized bytes; absent while the photo is being prepared. */
  blob?: Blob;
  url?: string;
  width: number;
  height: number;
  status: PhotoStatus;
  progress: number;
  uploaded?: Photo;
}

/** A chosen file that was not added, with its name as the resident's device gave it (shown as text only). */
export interface RefusedFile {
  name: string;
  problem: PhotoProblem;
}

/** What the photos need from the form they sit in. */
export interface PhotosHost {
  /** Keeps a resized photo's bytes with the draft (resolves once kept, or refused). */
  keep(localId: string, blob: Blob): Promise<void>;
  /** Forgets a removed photo's bytes. */
  forget(localId: string): void;
  /** The photos changed: the draft is saved, the field checked again where it showed an error. */
  changed(): void;
  say(text: string): void;
  /** Whether a submission is on its way (no removing then). */
  busy(): boolean;
  /** A fresh local id for a chosen photo (`localId` of `drafts.ts`, whose module the form has loaded already). */
  newId(): string;
}

const MAX_MEGABYTES = Math.round(MAX_SOURCE_BYTES / 1024 / 1024);

/**
 * The proposal's photos: resizing each chosen file on the device (the
 * re-encode also drops EXIF), keeping the bytes with the draft, the upload's
 * progress reported by the outbox, a photo the server refused, removal with
 * focus kept in place, and the files that could not be added. A module of its
 * own, which `PhotosField` (the field's frame, the file chooser) fetches when
 * the photos are about to be needed; the form reads it through the field.
 */
export class PhotosController implements ReactiveController {
  items: PhotoItem[] = [];
  /** Files of the last choice that were not added. */
  refused: RefusedFile[] = [];
  /** Moves on at each `clear`: a photo still being resized then belongs to a form that is gone (another city's, a sent one). */
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly i18n: SubmitI18n,
    private readonly words: Words,
    private readonly hooks: PhotosHost,
  ) {
    host.addController(this);
    adoptPartStyles(host);
  }

  hostConnected(): void {}

  /** Whether a chosen photo is still being resized (the form is not sent meanwhile). */
  get processing(): boolean {
    return this.items.some((p) => p.status === 'processing');
  }

  /** Ids the validation counts: the uploaded id, or the local one until then. */
  get ids(): string[] {
    return this.items.filter((p) => p.status !== 'processing').map((p) => p.uploaded?.id ?? p.localId);
  }

  /** What the outbox uploads (every photo is resized by now: the form is not sent while one is processing). */
  get outbox(): OutboxPhoto[] {
    return this.items.map((p) => ({ localId: p.localId, blob: p.blob!, name: p.name, ...(p.uploaded ? { uploaded: p.uploaded } : {}) }));
  }

  /** What a draft keeps of each prepared photo (its bytes are kept apart, see `keep`). */
  get draft(): DraftPhotoMeta[] {
    return this.items
      .filter((p): p is PhotoItem & { blob: Blob } => !!p.blob)
      .map((p) => ({
        localId: p.localId,
        name: p.name,
        type: p.blob.type,
        width: p.width,
        height: p.height,
        size: p.blob.size,
        ...(p.uploaded ? { uploaded: p.uploaded } : {}),
      }));
  }

  private set(items: PhotoItem[]): void {
    this.items = items;
    this.host.requestUpdate();
  }

  /** The photos of a restored draft (a photo whose bytes were lost is left out). */
  restore(photos: readonly DraftPhotoMeta[], blobs: ReadonlyMap<string, Blob>): void {
    this.clear();
    this.set(
      photos.flatMap((meta) => {
        const blob = blobs.get(meta.localId);
        if (!blob) return [];
        const item: PhotoItem = {
          localId: meta.localId,
          name: meta.name,
          blob,
          url: URL.createObjectURL(blob),
          width: meta.width,
          height: meta.height,
          status: meta.uploaded ? 'uploaded' : 'ready',
          progress: meta.uploaded ? 1 : 0,
          ...(meta.uploaded ? { uploaded: meta.uploaded } : {}),
        };
        return [item];
      }),
    );
  }

  /** No photos (after sending, or when the draft is discarded). */
  clear(): void {
    for (const p of this.items) if (p.url) URL.revokeObjectURL(p.url);
    this.generation++;
    this.items = [];
    this.refused = [];
    this.host.requestUpdate();
  }

  /** An upload's progress, its result, or the server's refusal (from the outbox). */
  patch(id: string, patch: Partial<PhotoItem>): void {
    this.set(this.items.map((p) => (p.localId === id ? { ...p, ...patch } : p)));
  }

  /** Resizes and adds chosen files, up to the limit; says which could not be added and why. */
  async add(files: readonly File[]): Promise<void> {
    const refused: RefusedFile[] = [];
    const max = PROPOSAL_LIMITS.photos.max;
    const generation = this.generation;
    const current = () => generation === this.generation;
    const jobs: Promise<void>[] = [];
    for (const file of files) {
      const shown = normalizeLine(file.name).slice(0, 200);
      if (this.items.length >= max) {
        refused.push({ name: shown, problem: 'tooMany' });
        continue;
      }
      const item: PhotoItem = { localId: this.hooks.newId(), name: photoName(file.name), width: 0, height: 0, status: 'processing', progress: 0 };
      this.set([...this.items, item]);
      jobs.push(
        resizeImage(file).then(
          async (resized) => {
            // Cleared meanwhile (the host moved the form to another city): neither shown nor kept in the new draft.
            if (!current()) return;
            const ready: PhotoItem = { ...item, blob: resized.blob, url: URL.createObjectURL(resized.blob), width: resized.width, height: resized.height, status: 'ready' };
            this.set(this.items.map((p) => (p.localId === item.localId ? ready : p)));
            await this.hooks.keep(item.localId, resized.blob);
          },
          (error: unknown) => {
            if (!current()) return;
            this.set(this.items.filter((p) => p.localId !== item.localId));
            refused.push({ name: shown, problem: error instanceof ImageError ? error.problem : 'decode' });
          },
        ),
      );
    }
    await Promise.all(jobs);
    if (!current()) return;
    this.refused = refused;
    this.host.requestUpdate();
    if (refused.length) this.hooks.say(refused.map((p) => `${p.name}: ${this.problemText(p.problem)}`).join(' '));
    this.hooks.changed();
  }

  /** Removes a photo and moves focus to the next one's remove button, or to "add" when none is left. */
  remove(id: string): void {
    const index = this.items.findIndex((p) => p.localId === id);
    const item = this.items[index];
    if (!item) return;
    if (item.url) URL.revokeObjectURL(item.url);
    this.set(this.items.filter((p) => p.localId !== id));
    this.hooks.forget(id);
    this.hooks.changed();
    void this.host.updateComplete.then(() => {
      const buttons = this.host.shadowRoot?.querySelectorAll<HTMLButtonElement>('.photo button.remove');
      const next = buttons?.[Math.min(index, (buttons?.length ?? 1) - 1)];
      (next ?? this.host.shadowRoot?.getElementById('f-photos'))?.focus();
    });
  }

  private problemText(problem: PhotoProblem): string {
    return issueWords(this.words, photoProblemIssue(problem, MAX_MEGABYTES, PROPOSAL_LIMITS.photos.max));
  }

  /** The chosen photos, if any. */
  renderList(): TemplateResult | typeof nothing {
    if (!this.items.length) return nothing;
    return html`<ul class="photos" part="photo-list">
      ${this.items.map((p, i) => this.renderPhoto(p, i + 1))}
    </ul>`;
  }

  /** The files of the last choice that could not be added, and why. */
  renderProblems(): TemplateResult | typeof nothing {
    if (!this.refused.length) return nothing;
    return html`<ul class="problems">
      ${this.refused.map((p) => html`<li class="field-error"><bdi class="user-text">${p.name}</bdi>: ${this.problemText(p.problem)}</li>`)}
    </ul>`;
  }

  private renderPhoto(p: PhotoItem, n: number): TemplateResult {
    const percent = Math.round(p.progress * 100);
    return html`<li class="photo" part="photo">
      ${p.url ? html`<img src=${p.url} alt=${this.i18n.t('photo.alt', { n })} width=${p.width} height=${p.height} />` : html`<div class="skeleton thumb-sk" aria-hidden="true"></div>`}
      <div class="meta">
        <span class="user-text" dir="auto">${p.name}</span>
        ${p.status === 'processing'
          ? html`<progress part="progress" aria-label=${this.i18n.t('photo.processing')}></progress>`
          : p.status === 'uploading' || p.status === 'uploaded'
            ? html`<progress part="progress" max="100" .value=${percent} aria-label=${this.i18n.t('photo.progressLabel', { n })}></progress>`
            : nothing}
        <span class=${p.status === 'error' ? 'field-error' : 'muted'}>${issueWords(this.words, photoStatusIssue(p.status, p.progress))}</span>
        ${this.hooks.busy() || p.status === 'processing'
          ? nothing
          : html`<button type="button" class="remove" aria-label=${this.i18n.t('photo.remove', { n })} @click=${() => this.remove(p.localId)}>✕</button>`}
      </div>
    </li>`;
  }
}
