import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Backend } from '../../client/backend.js';
import {
  Debounced,
  browserConnectivity,
  hasContent,
  newIdempotencyKey,
  openDraftStore,
  type Connectivity,
  type DraftRecord,
  type DraftStore,
  type LoadedDraft,
} from '../../client/drafts.js';
import type { FinalState, OutboxCallbacks, OutboxJob, ProposalOutbox, SubmissionState } from '../../client/proposal-outbox.js';
import type { CityConfig } from '../../contract/index.js';
import { LazyPart } from '../../ui/lazy-part.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import type { ProposalFormMessages } from './messages.js';

/** Whether a draft is worth keeping: something typed or chosen, or a submission that may have reached the server. */
const worth = ({ record }: Pick<LoadedDraft, 'record'>): boolean => hasContent(record) || !!record.pendingKey;

/** The way to the server, fetched once submission is known to be open (see `DraftsController.prefetch`). */
export type SendingModule = typeof import('./sending.js');

/** What the drafts need from the form they sit in. */
export interface DraftsHost {
  /** What the form holds now, as a draft keeps it (no phone, no consent, no point). */
  content(): Pick<DraftRecord, 'fields' | 'photos'>;
  /** Puts a loaded draft back into the form (the controller keeps its key and says it was restored). */
  restore(draft: LoadedDraft): void;
  /** The resident asked to throw the draft away. */
  discard(): void;
  /** The form moved to another city or cycle: back to an empty form (the old one's draft is already kept). */
  reset(): void;
  say(text: string): void;
  /** Fetches the sending module (the form's `loadSending`, which tests replace). */
  loadSending(): Promise<SendingModule>;
}

/**
 * The form's draft and its way to the server. Opens the draft store of the
 * city and cycle (IndexedDB, or nothing kept where the browser refuses it, and
 * says so), restores a draft once, saves after typing stops (at once when a
 * field is left or the page hidden or unloaded), keeps photo bytes
 * beside it, and holds the Idempotency-Key of a submission that may have
 * reached the server, so a reload sends it again under the same key. Sending
 * goes through a `ProposalOutbox`, which waits out a lost connection; its
 * state is `sending`. The outbox is a module of its own, fetched once the
 * config says submission is open (not with the first paint); a submission that finds it missing and cannot fetch
 * it (offline) waits for the connection as the outbox itself would.
 *
 * Another tab (or form) of the same city and cycle shares the draft: the store writes only over the draft this form
 * last read or wrote, so a form that another tab wrote over stops saving and says so (`conflict`), with a way to load
 * that tab's draft. A `BroadcastChannel` tells it at once; without one it learns at its next save.
 */
export class DraftsController implements ReactiveController {
  /** Whether a draft survives a reload: unknown until the store opened. */
  persistent: boolean | null = null;
  /** The notice over a restored draft: a plain one, or one that may have been sent already; or that another tab sent or discarded it. */
  notice: 'restored' | 'pending' | 'gone' | null = null;
  /** The submission on its way (or waiting for the connection), else null. */
  sending: SubmissionState | null = null;
  /** Another tab wrote the draft since this form last read or wrote it: what is typed here is not saved. */
  conflict = false;

  private store: DraftStore | null = null;
  /** The store of `openedFor` while it opens. */
  private opening: Promise<DraftStore> | null = null;
  private openedFor = '';
  /** Counts the cities and cycles the form moved to: a submission made before a move ends with the draft it was sent from. */
  private generation = 0;
  private savedAt = '';
  private pendingKey: string | undefined;
  /** The resident changed something: a draft that arrives later does not overwrite it. */
  private dirty = false;
  /** Photos prepared before the store opened (a slow device): kept once it has, or they would vanish on reload. */
  private readonly unkept = new Map<string, Blob>();
  private readonly saver = new Debounced(() => void this.save(), 500);
  private outbox: ProposalOutbox | null = null;
  private outboxBackend: Backend | null = null;
  private readonly sendingPart: LazyPart<SendingModule>;
  /** Online or not, listened to from the start (a submission made offline must know it before the outbox exists). */
  private connectivity: Connectivity | null = null;
  private stopListening: (() => void) | null = null;
  /** Ends the wait of a submission whose module could not be fetched (online again, "send now", "stop"). */
  private wakeLoad: (() => void) | null = null;
  private loadCancelled = false;
  /** Where a field's focusout is listened to (the form's shadow root). */
  private focusRoot: Node | null = null;
  /** Tells the other tabs' forms that the draft was written (its `rev`) or deleted (''). */
  private channel: BroadcastChannel | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly i18n: LocalizeController<CommonMessages & ProposalFormMessages>,
    private readonly hooks: DraftsHost,
  ) {
    host.addController(this);
    this.sendingPart = new LazyPart(() => this.hooks.loadSending(), () => this.host.requestUpdate());
  }

  hostConnected(): void {
    this.connectivity = browserConnectivity();
    this.stopListening = this.connectivity.subscribe((online) => {
      if (online) this.wakeLoad?.();
    });
    // A field left, a reload, a closed tab, a switch to another app: what was typed in the last half second is
    // written now, not lost (the debounced save would have come after the page was gone).
    // (On the shadow root: a focusout from one field to another inside it never reaches the host.)
    this.focusRoot = this.host.shadowRoot ?? this.host;
    this.focusRoot.addEventListener('focusout', this.onLeave);
    window.addEventListener('pagehide', this.onLeave);
    document.addEventListener('visibilitychange', this.onLeave);
    if (typeof BroadcastChannel == 'function') {
      this.channel = new BroadcastChannel('qala:v1:drafts');
      this.channel.onmessage = ({ data }: MessageEvent<{ k: string; r: string }>) => {
        const store = this.store;
        if (data.k !== this.openedFor || !store?.persistent) return;
        if (data.r) {
          if (data.r !== store.rev) this.setConflict(true);
        } else if (this.dirty) {
          // The other tab discarded or sent its draft: what is typed here is saved now.
          this.saver.schedule();
        } else if ((this.conflict || this.notice === 'restored' || this.notice === 'pending') && !this.busy) {
          // The draft shown here, untouched, was sent or thrown away there: not kept again from here (its photos are
          // gone), nor sent a second time.
          this.hooks.reset();
          this.conflict = false;
          this.notice = 'gone';
          this.hooks.say(this.i18n.t('draft.gone'));
        } else this.setConflict(false);
      };
    }
  }

  hostDisconnected(): void {
    this.focusRoot?.removeEventListener('focusout', this.onLeave);
    this.focusRoot = null;
    window.removeEventListener('pagehide', this.onLeave);
    document.removeEventListener('visibilitychange', this.onLeave);
    this.channel?.close();
    this.channel = null;
    this.saver.flush();
    this.outbox?.dispose();
    this.outbox = null;
    this.outboxBackend = null;
    this.cancel();
    this.stopListening?.();
    this.stopListening = null;
  }

  /** Whether a submission is being sent or waits to be retried. */
  get busy(): boolean {
    return this.sending !== null && (this.sending.kind === 'sending' || this.sending.kind === 'waiting');
  }

  /** A new backend gets a new outbox at the next submission; the outbox is not swapped mid-send. */
  useBackend(backend: Backend | null): void {
    if (backend !== this.outboxBackend && !this.busy) {
      this.outbox?.dispose();
      this.outbox = null;
      this.outboxBackend = backend;
    }
  }

  /** The sending module once it is here (always, once the outbox settled a submission). */
  get module(): SendingModule | undefined {
    return this.sendingPart.value;
  }

  /** Starts fetching the sending module (every submission needs it; fetched while the resident fills the form). */
  prefetch(): void {
    this.sendingPart.prefetch();
  }

  /**
   * Opens the draft of this city and cycle (once each) while submission is open, and restores it unless the resident
   * already typed. When the host moves the form to another city or cycle, the old one's draft is kept in its own
   * store first and the form starts empty (see `leave`).
   */
  async open(config: CityConfig, submissionOpen: boolean): Promise<void> {
    const key = `${config.city.slug}\n${config.cycle.id}`;
    if (this.openedFor === key) return;
    if (this.openedFor) this.leave();
    this.openedFor = key;
    if (!submissionOpen) return;
    const opening = (this.opening = openDraftStore(config.city.slug, config.cycle.id));
    const store = await opening;
    if (this.openedFor !== key) return;
    this.store = store;
    this.opening = null;
    this.setPersistent(store.persistent);
    const loaded = await store.load();
    if (this.openedFor !== key) return;
    this.setPersistent(store.persistent);
    // What the resident did while the store was opening is kept now, photos and all (in this store, even if the
    // form moves on meanwhile: they are this draft's photos).
    const unkept = [...this.unkept];
    this.unkept.clear();
    for (const [localId, blob] of unkept) {
      const stored = await store.putPhoto(localId, blob);
      if (stored === false && this.persistent && this.store === store) this.setPersistent(false);
    }
    if (this.openedFor !== key) return;
    if (loaded && worth(loaded) && !this.dirty) return this.restore(loaded, config.city.timeZone);
    // Typed before the draft came: that draft is not shown, so this form does not own it.
    if (loaded && worth(loaded)) store.rev = undefined;
    if (this.dirty) this.saver.schedule();
  }

  private restore(loaded: LoadedDraft, timeZone: string): void {
    const { record } = loaded;
    this.hooks.restore(loaded);
    this.pendingKey = record.pendingKey;
    this.savedAt = record.savedAt;
    this.notice = record.pendingKey ? 'pending' : 'restored';
    this.host.requestUpdate();
    this.hooks.say(this.noticeText(timeZone));
  }

  /** "Load the latest": this form takes the draft another tab wrote, in place of what was typed here. */
  private async loadLatest(timeZone: string): Promise<void> {
    const store = this.store;
    const mine = this.hooks.content().photos;
    const loaded = await store?.load();
    if (store !== this.store) return;
    this.setConflict(false);
    // Nothing stored: the other tab discarded or sent it meanwhile, and what is here is saved.
    if (!loaded || !worth(loaded)) return this.saver.schedule();
    this.dirty = false;
    this.saver.cancel();
    // Photos only this form held (the stored draft's own are kept).
    for (const p of mine) void store?.deletePhoto(p.localId);
    this.restore(loaded, timeZone);
    await this.host.updateComplete;
    this.host.shadowRoot?.getElementById('draft-notice')?.focus();
  }

  /** Another tab wrote the draft (said once: this form stops writing over it), or this form holds it again. */
  private setConflict(on: boolean): void {
    if (on === this.conflict) return;
    this.conflict = on;
    this.host.requestUpdate();
    if (on) this.hooks.say(this.i18n.t('draft.elsewhere'));
  }

  /**
   * The form moves to another city or cycle. What the resident changed goes to the old draft's own store now (once it
   * opened, if it is still opening); a submission on its way stops, its draft and Idempotency-Key staying in that
   * store, so coming back sends it again, at most once; then the form is emptied for the new draft.
   */
  private leave(): void {
    this.generation++;
    this.saver.cancel();
    if (this.dirty) {
      const record = this.record();
      const photos = [...this.unkept];
      const old = this.store ? Promise.resolve(this.store) : this.opening;
      void old
        ?.then(async (store) => {
          for (const [localId, blob] of photos) await store.putPhoto(localId, blob);
          await this.write(store, record);
        })
        .catch(() => undefined);
    }
    if (this.busy) {
      this.cancel();
      // Its last answer may still come (and is settled by `send`); the next submission gets an outbox of its own.
      this.outbox?.dispose();
      this.outbox = null;
      this.outboxBackend = null;
    }
    this.store = null;
    this.opening = null;
    this.persistent = null;
    this.conflict = false;
    this.savedAt = '';
    this.hooks.reset();
  }

  private setPersistent(persistent: boolean): void {
    this.persistent = persistent;
    this.host.requestUpdate();
  }

  private noticeText(timeZone: string): string {
    if (this.notice === 'pending') return this.i18n.t('draft.pending');
    if (this.notice === 'gone') return this.i18n.t('draft.gone');
    return this.i18n.t('draft.restored', { date: this.savedAt ? this.i18n.dateTime(this.savedAt, timeZone) : '' });
  }

  /** The resident changed the form: saved once typing stops. */
  changed(): void {
    this.dirty = true;
    if (this.notice === 'gone') {
      this.notice = null;
      this.host.requestUpdate();
    }
    this.saver.schedule();
  }

  /** Saves soon (an upload finished, a refusal spent the key). */
  schedule(): void {
    this.saver.schedule();
  }

  private readonly onLeave = (event: Event): void => {
    if (event.type !== 'visibilitychange' || document.visibilityState === 'hidden') this.saver.flush();
  };

  private async save(): Promise<void> {
    const store = this.store;
    if (!store) return;
    await this.write(store, this.record());
  }

  /** The draft as the form holds it now. */
  private record(): DraftRecord {
    return { v: 1, ...this.hooks.content(), ...(this.pendingKey ? { pendingKey: this.pendingKey } : {}), savedAt: new Date().toISOString() };
  }

  /** Writes the draft (an empty form deletes it) unless another tab's is stored; says which, here and to the other tabs. */
  private async write(store: DraftStore, record: DraftRecord): Promise<void> {
    const done = worth({ record }) ? await store.save(record) : (await store.clear()) || null;
    if (store !== this.store) return;
    if (done === false) {
      if (this.persistent) this.setPersistent(false);
      return;
    }
    this.setConflict(!done);
    if (done) this.post(store.rev);
  }

  private post(rev = ''): void {
    this.channel?.postMessage({ k: this.openedFor, r: rev });
  }

  /** Keeps a resized photo's bytes with the draft; a refusal means nothing is kept on this device. */
  async keepPhoto(localId: string, blob: Blob): Promise<void> {
    if (!this.store) {
      this.unkept.set(localId, blob);
      return;
    }
    const stored = await this.store.putPhoto(localId, blob);
    if (stored === false && this.persistent) this.setPersistent(false);
  }

  forgetPhoto(localId: string): void {
    this.unkept.delete(localId);
    void this.store?.deletePhoto(localId);
  }

  /** Forgets the draft on the device (discarded, or sent); another tab's newer draft stays. */
  async clear(): Promise<void> {
    this.saver.cancel();
    const store = this.store;
    if (!store) return;
    const done = await store.clear();
    this.setConflict(!done);
    if (done) this.post();
  }

  /** Back to an empty form: no notice, no key, nothing sending. */
  reset(): void {
    this.unkept.clear();
    this.notice = null;
    this.pendingKey = undefined;
    this.dirty = false;
    this.sending = null;
    this.host.requestUpdate();
  }

  /**
   * Sends the proposal `job()` describes under the draft's key (a new one the
   * first time, kept on the device before the request leaves it, so a reload
   * reuses it) and resolves when the outbox is done with it. Resolves null when
   * the form moved to another city or cycle meanwhile: the form has nothing
   * left to do, and the submission ended with the draft it was sent from
   * (cleared once the server has it, else kept with its key).
   */
  async send(backend: Backend, job: () => Omit<OutboxJob, 'key'>, callbacks: Omit<OutboxCallbacks, 'onState'>): Promise<FinalState | null> {
    const generation = this.generation;
    const here = () => generation === this.generation;
    const from = this.store;
    const key = (this.pendingKey ??= newIdempotencyKey());
    this.handleState({ kind: 'sending' });
    this.saver.cancel();
    await this.save();
    if (!here()) return null;
    const module = await this.sendingModule();
    if (!here()) return null;
    if (!module) return this.finish({ kind: 'cancelled' });
    if (!this.outbox || this.outboxBackend !== backend) {
      this.outbox?.dispose();
      this.outbox = new module.ProposalOutbox(backend, { connectivity: (this.connectivity ??= browserConnectivity()) });
      this.outboxBackend = backend;
    }
    const final = await this.outbox.send(
      { key, ...job() },
      {
        onPhotoProgress: (id, fraction) => here() && callbacks.onPhotoProgress?.(id, fraction),
        onPhotoUploaded: (id, photo) => here() && callbacks.onPhotoUploaded?.(id, photo),
        onState: (s) => here() && this.handleState(s),
      },
    );
    if (here()) return final;
    if (final.kind === 'done' || final.kind === 'duplicate') await from?.clear();
    // Still a fact the host may count, though the form shows another city now.
    if (final.kind === 'done') this.host.dispatchEvent(module.submittedEvent(final.proposal));
    return null;
  }

  private finish(state: FinalState): FinalState {
    this.handleState(state);
    return state;
  }

  /** The sending module, fetched now if the prefetch did not bring it; offline, waits as the outbox would. Null once stopped. */
  private async sendingModule(): Promise<SendingModule | null> {
    this.loadCancelled = false;
    for (;;) {
      try {
        return await this.sendingPart.get();
      } catch {
        // Offline, or the page's server out of reach: the draft is saved, the submission waits.
      }
      if (this.loadCancelled) return null;
      this.handleState({ kind: 'waiting', reason: 'offline', attempt: 0, retryAt: null });
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.wakeLoad = null;
          resolve();
        };
        const timer = setTimeout(done, 10_000);
        this.wakeLoad = done;
      });
      if (this.loadCancelled) return null;
    }
  }

  /** "Send now": the outbox tries at once, or the module is fetched again. */
  private retryNow(): void {
    if (this.outbox?.busy) this.outbox.retryNow();
    else this.wakeLoad?.();
  }

  /** "Stop": the outbox stops, or the wait for the module does. */
  private cancel(): void {
    if (this.outbox?.busy) return this.outbox.cancel();
    this.loadCancelled = true;
    this.wakeLoad?.();
  }

  /** The outbox stopped for good on a refusal: the key is spent, a corrected proposal gets a new one. */
  refused(): void {
    this.sending = null;
    this.pendingKey = undefined;
    this.saver.schedule();
    this.host.requestUpdate();
  }

  /** The resident stopped sending: the draft and its key stay. */
  cancelled(): void {
    this.sending = null;
    this.host.requestUpdate();
  }

  private handleState(next: SubmissionState): void {
    const wasWaiting = this.sending?.kind === 'waiting';
    this.sending = next;
    this.host.requestUpdate();
    if (next.kind === 'waiting' && !wasWaiting) {
      this.hooks.say(this.i18n.t(next.reason === 'offline' ? 'wait.offline' : 'wait.error'));
      void this.host.updateComplete.then(() => this.host.shadowRoot?.getElementById('sending-status')?.focus());
    }
  }

  /** "Open in another tab" (with "load the latest"), "draft restored" (with "discard"), or whether drafts are kept on this device. */
  renderNotice(timeZone: string): TemplateResult | typeof nothing {
    if (this.conflict || this.notice) {
      const gone = this.notice === 'gone' && !this.conflict;
      return html`<div class="notice ${(this.notice === 'restored' || gone) && !this.conflict ? '' : 'warning'}" id="draft-notice" tabindex="-1" part="draft-notice">
        <p>${this.conflict ? this.i18n.t('draft.elsewhere') : this.noticeText(timeZone)}</p>
        ${gone
          ? nothing
          : html`<div class="actions">
              ${this.conflict
                ? this.busy
                  ? nothing
                  : html`<button type="button" @click=${() => void this.loadLatest(timeZone)}>${this.i18n.t('draft.loadLatest')}</button>`
                : html`<button type="button" class="link" @click=${() => this.hooks.discard()}>${this.i18n.t('draft.discard')}</button>`}
            </div>`}
      </div>`;
    }
    if (this.persistent === false) return html`<p class="notice warning" part="draft-notice">${this.i18n.t('draft.notKept')}</p>`;
    if (this.persistent) return html`<p class="hint" part="draft-notice">${this.i18n.t('draft.kept')}</p>`;
    return nothing;
  }

  /** "Waiting to send" with "send now" and "stop", while the outbox waits. */
  renderSending(): TemplateResult | typeof nothing {
    const s = this.sending;
    if (!s || s.kind !== 'waiting') return nothing;
    return html`<div class="notice warning" id="sending-status" tabindex="-1" part="status">
      <p>${this.i18n.t(s.reason === 'offline' ? 'wait.offline' : 'wait.error')}</p>
      <div class="actions">
        <button type="button" @click=${() => this.retryNow()}>${this.i18n.t('wait.retryNow')}</button>
        <button type="button" class="link" @click=${() => this.cancel()}>${this.i18n.t('wait.cancel')}</button>
      </div>
    </div>`;
  }
}
