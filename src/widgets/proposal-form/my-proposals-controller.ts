import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Backend } from '../../client/backend.js';
import { ImageError, MAX_SOURCE_BYTES, resizeImage } from '../../client/images.js';
import {
  PROPOSAL_LIMITS,
  ProposalEditInput,
  issuesFromZod,
  type AuthorProposal,
  type Challenge,
  type FieldIssue,
  type Photo,
} from '../../contract/index.js';

import { adoptPartStyles } from './parts.styles.js';
import { issueOf, parseAmount, photoName, problemOf, type EditIssue } from './texts.js';

export type { EditIssue } from './texts.js';
export { parseAmount } from './texts.js';

export interface EditFields {
  title: string;
  description: string;
  address: string;
  estimatedCost: string;
}

/** The "My proposals" step, carrying its own data (no `!` needed anywhere). */
export type MineStep =
  | { kind: 'off' }
  | { kind: 'phone'; phone: string; error: EditIssue | null; busy: boolean }
  | { kind: 'code'; challenge: Challenge; error: EditIssue | null; busy: boolean }
  /** `items` null until the list comes; `error` when it did not (the session is kept for a retry). */
  | { kind: 'list'; token: string; items: AuthorProposal[] | null; notice: string | null; error: EditIssue | null; busy: boolean }
  | {
      kind: 'edit';
      token: string;
      items: AuthorProposal[];
      proposal: AuthorProposal;
      fields: EditFields;
      /** The photos the corrected proposal will have (kept ones and new uploads). */
      photos: Photo[];
      /** Photos being resized and uploaded. */
      uploading: number;
      errors: Partial<Record<EditField, EditIssue>>;
      busy: boolean;
      /** The last send's Idempotency-Key and body: sent again unchanged, it goes under the same key (its answer may have been lost). */
      sent?: { key: string; body: string };
    };

export type EditField = keyof EditFields | 'photos' | 'form';

/**
 * "My proposals" in the proposal form: prove the phone with a one-time code,
 * see one's proposals with the council's notes, correct one sent back for
 * changes and send it again. Holds the session token in memory only (never
 * in storage); the phone is never kept after the code is sent. Loaded with
 * its views (`my-proposals.ts`) only when a resident opens it; the form offers
 * it only where the backend has the author routes.
 */
export class MyProposalsController implements ReactiveController {
  step: MineStep = { kind: 'off' };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly deps: {
      backend: () => Backend | null;
      has: (key: string) => boolean;
      focus: (id: string) => void;
      announce: (key: string) => void;
      /** A fresh Idempotency-Key (the form's own: imported here, it would split the drafts module into a chunk of its own). */
      newKey: () => string;
    },
  ) {
    host.addController(this);
    adoptPartStyles(host);
  }

  hostConnected(): void {}

  private set(step: MineStep, focus?: string): void {
    this.step = step;
    this.host.requestUpdate();
    if (focus) void (this.host as unknown as { updateComplete: Promise<unknown> }).updateComplete.then(() => this.deps.focus(focus));
  }

  open(): void {
    this.set({ kind: 'phone', phone: '', error: null, busy: false }, 'mine-heading');
  }

  /** Closes the panel, ending its session with `backend` (the one it was opened with, when the host moved the form). */
  close(backend = this.deps.backend()): void {
    const s = this.step;
    if (s.kind === 'list' || s.kind === 'edit') this.signOut(s.token, backend);
    this.set({ kind: 'off' });
  }

  setPhone(phone: string): void {
    if (this.step.kind === 'phone') this.step = { ...this.step, phone };
  }

  async sendCode(): Promise<void> {
    const s = this.step;
    const backend = this.deps.backend();
    if (s.kind !== 'phone' || s.busy || !backend?.startAuthorVerification) return;
    const busy: MineStep = { ...s, busy: true, error: null };
    this.set(busy);
    try {
      const challenge = await backend.startAuthorVerification({ phone: s.phone });
      if (this.step !== busy) return;
      this.set({ kind: 'code', challenge, error: null, busy: false }, 'mine-code');
    } catch (error) {
      if (this.step !== busy) return;
      this.set({ ...s, busy: false, error: issueOf(error, this.deps.has) }, 'mine-phone');
    }
  }

  async resend(): Promise<void> {
    const s = this.step;
    const backend = this.deps.backend();
    if (s.kind !== 'code' || s.busy || !backend?.resendAuthorCode) return;
    try {
      const challenge = await backend.resendAuthorCode(s.challenge.challengeId);
      const now = this.step;
      if (now.kind !== 'code') return;
      this.set({ ...now, challenge, error: null }, 'mine-code');
    } catch (error) {
      const now = this.step;
      if (now.kind !== 'code') return;
      // The server no longer has this verification (locked, too late, swept): a new one starts from the phone.
      if (problemOf(error).code === 'not_found') return this.startAgain({ code: 'mine.gone' });
      this.set({ ...now, error: issueOf(error, this.deps.has) }, 'mine-code');
    }
  }

  /** Back to the phone, saying why: the server deleted the verification, so no new code can come for it. */
  private startAgain(error: EditIssue): void {
    this.set({ kind: 'phone', phone: '', error, busy: false }, 'mine-phone');
  }

  async confirm(code: string): Promise<void> {
    const s = this.step;
    const backend = this.deps.backend();
    if (s.kind !== 'code' || s.busy || !backend?.confirmAuthorCode || !backend.myProposals) return;
    const busy: MineStep = { ...s, busy: true, error: null };
    this.set(busy);
    let token: string;
    try {
      token = (await backend.confirmAuthorCode(s.challenge.challengeId, { code: code.replace(/\s/g, '') })).token;
    } catch (error) {
      if (this.step !== busy) return;
      // Locked, or the code came after its time: the server has deleted the verification.
      const { code: refused } = problemOf(error);
      if (refused === 'code_locked' || refused === 'code_expired') return this.startAgain({ code: `mine.error.${refused}` });
      return this.set({ ...s, busy: false, error: issueOf(error, this.deps.has) }, 'mine-code');
    }
    if (this.step !== busy) return this.signOut(token, backend);
    const listing: MineStep = { kind: 'list', token, items: null, notice: null, error: null, busy: true };
    this.set(listing);
    await this.list(listing);
  }

  /** The list did not come after the code was accepted: asks for it again with the same session (no new code). */
  async retryList(): Promise<void> {
    const s = this.step;
    if (s.kind !== 'list' || s.items || s.busy) return;
    const busy: MineStep = { ...s, busy: true };
    this.set(busy);
    await this.list(busy);
  }

  /**
   * Fetches the author's proposals for a `list` step still waiting for them. A late answer (closed meanwhile, which
   * signs the session out) is dropped; a failure keeps the session, with the reason and a retry, unless the session
   * itself is gone (then the phone again).
   */
  private async list(from: Extract<MineStep, { kind: 'list' }>): Promise<void> {
    const backend = this.deps.backend();
    try {
      if (!backend?.myProposals) throw new Error('no author routes');
      const { items } = await backend.myProposals(from.token);
      if (this.step !== from) return;
      this.set({ ...from, items, error: null, busy: false }, 'mine-heading');
    } catch (error) {
      if (this.step !== from) return;
      const issue = issueOf(error, this.deps.has);
      if (problemOf(error).code === 'unauthorized') return this.set({ kind: 'phone', phone: '', error: issue, busy: false }, 'mine-phone');
      this.set({ ...from, error: issue, busy: false }, 'mine-list-error');
    }
  }

  /** A session the resident no longer has on screen (closed, or closed before it arrived) ends at once. */
  private signOut(token: string, backend: Backend | null): void {
    if (backend?.signOutAuthor) void backend.signOutAuthor(token).catch(() => undefined);
  }

  edit(id: string, money: (n: number) => string): void {
    const s = this.step;
    if (s.kind !== 'list') return;
    const proposal = s.items?.find((p) => p.id === id);
    if (!proposal || !proposal.editable) return;
    const fields: EditFields = { title: proposal.title, description: proposal.description, address: proposal.address, estimatedCost: money(proposal.estimatedCost) };
    this.set({ kind: 'edit', token: s.token, items: s.items!, proposal, fields, photos: [...proposal.photos], uploading: 0, errors: {}, busy: false }, 'edit-heading');
  }

  cancelEdit(): void {
    const s = this.step;
    if (s.kind !== 'edit') return;
    const id = s.proposal.id;
    this.set({ kind: 'list', token: s.token, items: s.items, notice: null, error: null, busy: false }, `mine-edit-${id}`);
  }

  setField(name: keyof EditFields, value: string): void {
    if (this.step.kind === 'edit') this.step = { ...this.step, fields: { ...this.step.fields, [name]: value } };
  }

  removePhoto(id: string): void {
    const s = this.step;
    if (s.kind !== 'edit') return;
    const index = s.photos.findIndex((p) => p.id === id);
    const photos = s.photos.filter((p) => p.id !== id);
    const next = photos[Math.min(index, photos.length - 1)];
    this.set({ ...s, photos }, next ? `edit-photo-remove-${next.id}` : 'edit-photos');
  }

  /** Resizes on the device, then uploads through the author route (also allowed during review). */
  async addPhotos(files: File[]): Promise<void> {
    const backend = this.deps.backend();
    const start = this.step;
    if (start.kind !== 'edit' || !backend?.uploadAuthorPhoto) return;
    const room = PROPOSAL_LIMITS.photos.max - start.photos.length;
    const chosen = files.slice(0, Math.max(0, room));
    if (files.length > chosen.length) this.set({ ...start, errors: { ...start.errors, photos: { code: 'photo.problem.tooMany', params: { max: PROPOSAL_LIMITS.photos.max } } } });
    for (const file of chosen) {
      const s0 = this.step;
      if (s0.kind !== 'edit') return;
      this.set({ ...s0, uploading: s0.uploading + 1 });
      let issue: EditIssue | null = null;
      let added: Photo | null = null;
      try {
        const resized = await resizeImage(file);
        added = await backend.uploadAuthorPhoto(start.token, resized.blob, photoName(file.name));
      } catch (error) {
        issue = error instanceof ImageError ? { code: `photo.problem.${error.problem}`, params: { max: Math.round(MAX_SOURCE_BYTES / 1024 / 1024) } } : issueOf(error, this.deps.has);
      }
      const s1 = this.step;
      if (s1.kind !== 'edit') return;
      const errors = { ...s1.errors };
      if (issue) errors.photos = issue;
      else delete errors.photos;
      this.set({ ...s1, uploading: s1.uploading - 1, photos: added ? [...s1.photos, added] : s1.photos, errors });
    }
  }

  async resubmit(): Promise<void> {
    const s = this.step;
    const backend = this.deps.backend();
    if (s.kind !== 'edit' || s.busy || s.uploading > 0 || !backend?.resubmitProposal) return;
    const p = s.proposal;
    const input = {
      title: s.fields.title,
      description: s.fields.description,
      category: p.category,
      ...(p.district !== undefined ? { district: p.district } : {}),
      address: s.fields.address,
      ...(p.point ? { point: p.point } : {}),
      estimatedCost: parseAmount(s.fields.estimatedCost),
      photos: s.photos.map((ph) => ph.id),
      authorName: p.authorName,
    };
    // The same schema the server checks a submission with.
    const parsed = ProposalEditInput.safeParse(input);
    if (!parsed.success) {
      const errors = this.fieldErrors(issuesFromZod(parsed.error));
      this.set({ ...s, errors }, `edit-${Object.keys(errors)[0] ?? 'title'}`);
      this.deps.announce('summary');
      return;
    }
    const body = JSON.stringify(parsed.data);
    const sent = { key: s.sent?.body === body ? s.sent.key : this.deps.newKey(), body };
    const busy: MineStep = { ...s, busy: true, errors: {}, sent };
    this.set(busy);
    try {
      const updated = await backend.resubmitProposal(s.token, p.id, parsed.data, sent.key);
      if (this.step !== busy) return;
      const items = s.items.map((x) => (x.id === updated.id ? updated : x));
      this.set({ kind: 'list', token: s.token, items, notice: 'mine.resubmitted', error: null, busy: false }, 'mine-notice');
      this.deps.announce('mine.resubmitted');
    } catch (error) {
      if (this.step !== busy) return;
      const errors = this.fieldErrors(problemOf(error).issues);
      if (!Object.keys(errors).length) errors.form = issueOf(error, this.deps.has);
      if (problemOf(error).code === 'over_cap' && !errors.estimatedCost) errors.estimatedCost = issueOf(error, this.deps.has);
      this.set({ ...s, busy: false, errors, sent }, Object.keys(errors)[0] === 'form' ? 'edit-error' : `edit-${Object.keys(errors)[0]}`);
    }
  }

  private fieldErrors(issues: FieldIssue[]): Partial<Record<EditField, EditIssue>> {
    const out: Partial<Record<EditField, EditIssue>> = {};
    for (const i of issues) {
      const field = i.path[0];
      if (field === 'title' || field === 'description' || field === 'address' || field === 'estimatedCost' || field === 'photos') out[field] ??= { code: i.message, ...(i.params ? { params: i.params } : {}) };
    }
    return out;
  }
}
