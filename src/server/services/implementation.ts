import {
  FinishInput,
  graphemeLength,
  noteOf,
  ImplementationInput,
  ProgressQuery,
  UpdateInput,
  type Cycle,
  type ImplementationList,
  type ImplementationRecord,
  type Photo,
  type ProgressList,
  type ProgressPhoto,
  type ProgressStage,
  type ProgressUpdate,
  type ProjectProgress,
  type ProjectProgressDetail,
  type ProposalStatus,
  type PublicText,
  type StageInput,
} from '../../contract/index.js';
import { NO_SUCH_CYCLE } from '../../domain/cycle-refusals.js';
import { FEED_ENTRIES, feedLang, feedPage, progressFeed } from '../../domain/progress-feed.js';
import { randomId } from '../crypto.js';
import { HttpError, fail, validationError } from '../errors.js';
import { checkPhotoBody } from '../../domain/photo-upload.js';
import { FUNDED_STATUSES } from '../../domain/results-decisions.js';
import { stripMetadata } from '../images.js';
import { isStoreError } from '../store/errors.js';
import type { StoredImplementation, StoredUpdate } from '../store/implementation.js';
import type { AuditWrite, ProposalRecord } from '../store/types.js';
import { formatInstant } from '../time.js';
import { CANCELLABLE, type AdminActor, type AdminService } from './admin.js';
import type { Core } from './core.js';
import { photoUrl } from './proposals.js';


/** The longest public note a proposal's history carries (`StatusChange.note`). */
const NOTE_MAX = 2000;

const UPDATES_PER_PROJECT = 50;

export interface FundedProject {
  p: ProposalRecord;
  cycle: Cycle;
}

const approvedCost = (p: ProposalRecord) => p.finalCost ?? p.estimatedCost;

function stageState(s: StageInput): ProgressStage['state'] {
  return s.actualEnd ? 'done' : s.actualStart ? 'in_progress' : 'planned';
}

const publicStage = (s: StageInput): ProgressStage => ({ ...s, state: stageState(s) });

/** A record of a funded project that has none stored yet. */
function blank(p: ProposalRecord, at: string): StoredImplementation {
  return { city: p.city, projectId: p.id, cycleId: p.cycleId, version: 0, createdAt: at, updatedAt: at, state: 'not_started', stages: [], progress: 0, committed: 0, spent: 0 };
}

/** Today in the city's calendar, `2026-05-14`. */
function today(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * Implementation records of funded projects: the project centre records the
 * plan, stages, figures, updates with photos and the final word; residents
 * read the public part and follow it by Atom feed. Every change is one store
 * transaction with its audit entry; the proposal's own status (`in_progress`,
 * `implemented`) moves through the admin service, so its public history and
 * audit entry are the ones every other status change has.
 */
export class ImplementationService {
  constructor(
    private readonly core: Core,
    private readonly admin: AdminService,
  ) {}

  // ——— what is funded ———

  /** Funded, visible projects of a city (of one cycle, or of all its cycles), newest cycle first. */
  async funded(slug: string, cycleId: string | null, includeHidden = false): Promise<FundedProject[]> {
    const rt = this.core.cityRuntime(slug);
    const cycles = [...rt.cycles].filter((c) => cycleId === null || c.id === cycleId).sort((a, b) => Date.parse(b.phases.submission.start) - Date.parse(a.phases.submission.start));
    const out: FundedProject[] = [];
    for (const cycle of cycles) {
      for (const p of await this.core.store.listProposals(slug, cycle.id)) {
        if (!FUNDED_STATUSES.has(p.status)) continue;
        if (!includeHidden && (p.hidden || !p.published)) continue;
        out.push({ p, cycle });
      }
    }
    return out;
  }

  private async project(slug: string, id: string, includeHidden: boolean): Promise<FundedProject> {
    const rt = this.core.cityRuntime(slug);
    const p = await this.core.store.getProposal(slug, id);
    const cycle = p && rt.cycles.find((c) => c.id === p.cycleId);
    if (!p || !cycle || !FUNDED_STATUSES.has(p.status) || (!includeHidden && (p.hidden || !p.published))) fail('not_found', 'no such funded project');
    return { p: p!, cycle: cycle! };
  }

  // ——— residents ———

  private photo(origin: string, ph: StoredUpdate['photos'][number]): ProgressPhoto {
    return { id: ph.id, url: photoUrl(origin, ph.id), width: ph.width, height: ph.height, tag: ph.tag };
  }

  private update(origin: string, u: StoredUpdate): ProgressUpdate {
    return { id: u.id, at: this.instant(u.city, u.at), text: u.text, photos: u.photos.map((ph) => this.photo(origin, ph)) };
  }

  /** Stored instants are UTC; residents read them in the city's offset. */
  private instant(slug: string, iso: string): string {
    const tz = this.core.cityRuntime(slug).city.timeZone;
    return formatInstant(new Date(iso), tz);
  }

  private summary(f: FundedProject, rec: StoredImplementation | null, updates: StoredUpdate[], origin: string): ProjectProgress {
    const { p, cycle } = f;
    const r = rec ?? blank(p, p.updatedAt);
    const latest = updates[0];
    const lastTagged = (tag: 'before' | 'after') => {
      for (const u of updates) for (const ph of u.photos) if (ph.tag === tag) return this.photo(origin, ph);
      return undefined;
    };
    const before = lastTagged('before');
    const after = lastTagged('after');
    return {
      projectId: p.id,
      cycleId: cycle.id,
      cycleTitle: cycle.title,
      title: p.title,
      category: p.category,
      ...(p.district ? { district: p.district } : {}),
      ...(p.address ? { address: p.address } : {}),
      approvedCost: approvedCost(p),
      state: r.state,
      progress: r.progress,
      committed: r.committed,
      spent: r.spent,
      ...(r.overspendReason ? { overspendReason: r.overspendReason } : {}),
      ...(r.contractor ? { contractor: r.contractor } : {}),
      ...(r.plannedStart ? { plannedStart: r.plannedStart } : {}),
      ...(r.plannedEnd ? { plannedEnd: r.plannedEnd } : {}),
      ...(r.implementedOn ? { implementedOn: r.implementedOn } : {}),
      ...(r.cancelReason ? { cancelReason: r.cancelReason } : {}),
      ...(r.completionNote ? { completionNote: r.completionNote } : {}),
      ...(latest ? { latestUpdate: this.update(origin, latest) } : {}),
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
      ...(rec ? { updatedAt: this.instant(p.city, rec.updatedAt) } : {}),
    };
  }

  feedUrl(origin: string, slug: string, projectId?: string): string {
    return `${origin}/api/v1/cities/${encodeURIComponent(slug)}/progress${projectId ? `/${encodeURIComponent(projectId)}` : ''}/feed.atom`;
  }

  async list(slug: string, params: URLSearchParams, origin: string): Promise<ProgressList> {
    const raw: Record<string, string> = {};
    for (const key of new Set(params.keys())) raw[key] = params.get(key)!;
    const parsed = ProgressQuery.safeParse(raw);
    if (!parsed.success) throw validationError(parsed.error);
    const rt = this.core.cityRuntime(slug);
    const cycleId = parsed.data.cycle ?? null;
    if (cycleId !== null && !rt.cycles.some((c) => c.id === cycleId))
      fail('validation_failed', NO_SUCH_CYCLE, { issues: [{ path: ['cycle'], message: 'cycle.unknown' }] });
    const projects = await this.funded(slug, cycleId);
    const records = new Map((await this.core.store.implementation.list(slug)).map((r) => [r.projectId, r]));
    const updates = new Map<string, StoredUpdate[]>();
    for (const u of await this.core.store.implementation.updates(slug, null, true, 1000)) updates.set(u.projectId, [...(updates.get(u.projectId) ?? []), u]);
    const cycles = new Map<string, Cycle>();
    for (const f of projects) cycles.set(f.cycle.id, f.cycle);
    if (cycleId !== null) cycles.set(cycleId, rt.cycles.find((c) => c.id === cycleId)!);
    return {
      cycles: [...cycles.values()].map((c) => ({ id: c.id, title: c.title })),
      items: projects.map((f) => this.summary(f, records.get(f.p.id) ?? null, updates.get(f.p.id) ?? [], origin)),
      feed: this.feedUrl(origin, slug),
    };
  }

  async detail(slug: string, id: string, origin: string): Promise<ProjectProgressDetail> {
    const f = await this.project(slug, id, false);
    const rec = await this.core.store.implementation.get(slug, id);
    const updates = await this.core.store.implementation.updates(slug, id, true, UPDATES_PER_PROJECT);
    return {
      ...this.summary(f, rec, updates, origin),
      stages: (rec?.stages ?? []).map(publicStage),
      updates: updates.map((u) => this.update(origin, u)),
      feed: this.feedUrl(origin, slug, id),
    };
  }

  // ——— the project centre ———

  private toRecord(f: FundedProject, r: StoredImplementation, updates: StoredUpdate[], origin: string): ImplementationRecord {
    const { city: _c, projectId: _p, cycleId: _y, createdAt: _a, updatedAt, stages, ...rest } = r;
    return {
      ...rest,
      projectId: f.p.id,
      cycleId: f.cycle.id,
      title: f.p.title,
      approvedCost: approvedCost(f.p),
      stages: stages.map(publicStage),
      updates: updates.map((u) => ({ ...this.update(origin, u), public: u.public, author: u.author })),
      ...(r.version > 0 ? { updatedAt: this.instant(f.p.city, updatedAt) } : {}),
    };
  }

  async adminList(slug: string, origin: string): Promise<ImplementationList> {
    const projects = await this.funded(slug, null, true);
    const records = new Map((await this.core.store.implementation.list(slug)).map((r) => [r.projectId, r]));
    const at = this.core.now();
    return { items: projects.map((f) => this.toRecord(f, records.get(f.p.id) ?? blank(f.p, at), [], origin)) };
  }

  async adminGet(slug: string, id: string, origin: string): Promise<ImplementationRecord> {
    const f = await this.project(slug, id, true);
    const rec = (await this.core.store.implementation.get(slug, id)) ?? blank(f.p, this.core.now());
    return this.toRecord(f, rec, await this.core.store.implementation.updates(slug, id, false, UPDATES_PER_PROJECT), origin);
  }

  private audit(actor: AdminActor, slug: string, action: string, target: string, details: Record<string, unknown>): AuditWrite {
    return { at: this.core.now(), city: slug, actor: actor.id, action, target, details };
  }

  /**
   * The proposal's status follows the record: `in_progress` once work started,
   * `implemented` when finished so, `cancelled` (with the public reason in its
   * history) when given up — so the list, the results and "My proposals" stop
   * saying it is being built.
   */
  private async driveStatus(actor: AdminActor, slug: string, f: FundedProject, r: StoredImplementation, origin: string): Promise<void> {
    if (r.state === 'cancelled') {
      if (f.p.status !== 'cancelled') await this.admin.cancelFunded(actor, slug, f.p.id, noteOf(r.cancelReason!), origin);
      return;
    }
    const wanted: ProposalStatus | null = r.state === 'implemented' ? 'implemented' : r.state === 'in_progress' && f.p.status === 'winner' ? 'in_progress' : null;
    if (!wanted || wanted === f.p.status) return;
    await this.admin.setStatus(actor, slug, f.p.id, { status: wanted }, origin);
  }

  /** Replaces the plan and figures (`ImplementationInput`). */
  async save(actor: AdminActor, slug: string, id: string, json: unknown, origin: string): Promise<ImplementationRecord> {
    const parsed = ImplementationInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const input = parsed.data;
    const f = await this.project(slug, id, true);
    const approved = approvedCost(f.p);
    if (input.spent > approved && !input.overspendReason)
      fail('validation_failed', `spending above the approved cost (${approved} ₸) needs a public reason`, { issues: [{ path: ['overspendReason'], message: 'spent.over_approved', params: { approved } }] });
    const stored = await this.core.store.implementation.get(slug, id);
    if ((stored?.version ?? 0) !== input.version) fail('conflict', 'the record changed meanwhile; reload and try again');
    const at = this.core.now();
    const base = stored ?? blank(f.p, at);
    const { version: _v, ...plan } = input;
    const started = input.progress > 0 || input.spent > 0 || input.stages.some((s) => s.actualStart !== undefined);
    const state = base.state === 'implemented' || base.state === 'cancelled' ? base.state : started ? 'in_progress' : 'not_started';
    const next: StoredImplementation = {
      city: slug,
      projectId: id,
      cycleId: f.p.cycleId,
      version: base.version,
      createdAt: base.createdAt,
      updatedAt: at,
      state,
      ...(base.implementedOn ? { implementedOn: base.implementedOn } : {}),
      ...(base.cancelReason ? { cancelReason: base.cancelReason } : {}),
      ...(base.completionNote ? { completionNote: base.completionNote } : {}),
      ...plan,
    };
    const details = { version: base.version + 1, state, progress: input.progress, committed: input.committed, spent: input.spent, stages: input.stages.length };
    if (!(await this.core.store.implementation.save(next, base.version, this.audit(actor, slug, 'implementation.save', id, details)))) fail('conflict', 'the record changed meanwhile; reload and try again');
    await this.driveStatus(actor, slug, f, next, origin);
    return this.adminGet(slug, id, origin);
  }

  /** An image for an update: stored like a proposal's photo (sniffed, metadata stripped), attached when the update is posted. */
  async uploadPhoto(actor: AdminActor, slug: string, contentType: string | undefined, bytes: Uint8Array, origin: string): Promise<Photo> {
    this.core.cityRuntime(slug);
    // Checked as a resident's photo is (its kind from its bytes, its size, its pixels), in the same words.
    const body = checkPhotoBody(contentType, bytes);
    if (!body.ok) return fail(body.code, body.message, body.issues ? { issues: body.issues } : undefined);
    const { info } = body;
    const id = randomId('ph', 16);
    // Served publicly: what the camera wrote about it (the GPS position among it) goes.
    const clean = stripMetadata(info.type, bytes);
    await this.core.store.savePhoto({ id, city: slug, type: info.type, width: info.width, height: info.height, size: clean.length, createdAt: this.core.now(), proposalId: null }, clean);
    await this.core.store.appendAudit(this.audit(actor, slug, 'implementation.photo', id, { width: info.width, height: info.height, size: clean.length }));
    return { id, url: photoUrl(origin, id), width: info.width, height: info.height };
  }

  async addUpdate(actor: AdminActor, slug: string, id: string, json: unknown, origin: string): Promise<ImplementationRecord> {
    const parsed = UpdateInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const input = parsed.data;
    const f = await this.project(slug, id, true);
    const ids = input.photos.map((p) => p.id);
    if (new Set(ids).size !== ids.length) fail('validation_failed', 'a photo is listed twice', { issues: [{ path: ['photos'], message: 'photo.duplicate' }] });
    const metas = new Map((await this.core.store.getPhotoMeta(slug, ids)).map((m) => [m.id, m]));
    input.photos.forEach((ph, i) => {
      const m = metas.get(ph.id);
      if (!m || m.proposalId !== null) fail('validation_failed', 'this photo is unknown or already used', { issues: [{ path: ['photos', i, 'id'], message: 'photo.unavailable' }] });
    });
    let stored = await this.core.store.implementation.get(slug, id);
    if (!stored) {
      // The first word about a project may come before its plan: a blank record to hang it on.
      const at = this.core.now();
      await this.core.store.implementation.save({ ...blank(f.p, at) }, 0, this.audit(actor, slug, 'implementation.save', id, { version: 1, state: 'not_started' }));
      stored = await this.core.store.implementation.get(slug, id);
    }
    const update: StoredUpdate = {
      id: randomId('up', 16),
      city: slug,
      projectId: id,
      at: this.core.now(),
      public: input.public ?? true,
      author: actor.id,
      text: input.text,
      photos: input.photos.map((ph) => ({ id: ph.id, tag: ph.tag, width: metas.get(ph.id)!.width, height: metas.get(ph.id)!.height })),
    };
    try {
      await this.core.store.implementation.addUpdate(update, this.audit(actor, slug, 'implementation.update', id, { update: update.id, public: update.public, photos: update.photos.map((p) => `${p.id}:${p.tag}`) }));
    } catch (error) {
      if (isStoreError(error, 'photo_unavailable')) fail('validation_failed', 'a photo is unknown or already used', { issues: [{ path: ['photos'], message: 'photo.unavailable' }] });
      throw error;
    }
    return this.adminGet(slug, id, origin);
  }

  async publishUpdate(actor: AdminActor, slug: string, id: string, updateId: string, json: unknown, origin: string): Promise<ImplementationRecord> {
    const body = json as { public?: unknown } | null;
    if (!body || typeof body !== 'object' || typeof body.public !== 'boolean' || Object.keys(body).length !== 1)
      fail('validation_failed', 'send { "public": true|false }', { issues: [{ path: ['public'], message: 'schema.invalid_type' }] });
    await this.project(slug, id, true);
    const isPublic = body!.public as boolean;
    const ok = await this.core.store.implementation.setUpdatePublic(slug, id, updateId, isPublic, this.core.now(), this.audit(actor, slug, isPublic ? 'implementation.publish' : 'implementation.withdraw', id, { update: updateId }));
    if (!ok) fail('not_found', 'no such update of this project');
    return this.adminGet(slug, id, origin);
  }

  /** The final word: implemented on a day (not in the future), or cancelled with the reason residents read. */
  async finish(actor: AdminActor, slug: string, id: string, json: unknown, origin: string): Promise<ImplementationRecord> {
    const parsed = FinishInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const input = parsed.data;
    const f = await this.project(slug, id, true);
    const rt = this.core.cityRuntime(slug);
    const stored = await this.core.store.implementation.get(slug, id);
    const base = stored ?? blank(f.p, this.core.now());
    if (base.state === 'implemented' || base.state === 'cancelled') fail('conflict', `this project is already ${base.state}`);
    if (input.outcome === 'cancelled') {
      // Checked before anything is written: the record and the proposal's status change together or not at all.
      if (!CANCELLABLE.has(f.p.status)) fail('conflict', `a ${f.p.status} project cannot be cancelled: only a winner or a project being built`);
      if (graphemeLength(noteOf(input.reason).note) > NOTE_MAX)
        fail('validation_failed', `the reason, all its languages together, may be at most ${NOTE_MAX} characters`, { issues: [{ path: ['reason'], message: 'text.too_long', params: { max: NOTE_MAX } }] });
    }
    if (input.outcome === 'implemented') {
      if (input.on > today(this.core.clock(), rt.city.timeZone)) fail('validation_failed', 'the day it was finished cannot be in the future', { issues: [{ path: ['on'], message: 'date.future' }] });
      if (base.plannedStart && input.on < base.plannedStart) fail('validation_failed', 'the day it was finished is before the planned start', { issues: [{ path: ['on'], message: 'dates.order' }] });
    }
    const at = this.core.now();
    const next: StoredImplementation =
      input.outcome === 'implemented'
        ? { ...base, updatedAt: at, state: 'implemented', implementedOn: input.on, progress: 100, ...(input.note ? { completionNote: input.note } : {}) }
        : { ...base, updatedAt: at, state: 'cancelled', cancelReason: input.reason };
    const details: Record<string, unknown> = input.outcome === 'implemented' ? { outcome: 'implemented', on: input.on } : { outcome: 'cancelled', reason: input.reason.ru };
    if (!(await this.core.store.implementation.save(next, base.version, this.audit(actor, slug, 'implementation.finish', id, details)))) fail('conflict', 'the record changed meanwhile; reload and try again');
    await this.driveStatus(actor, slug, f, next, origin);
    return this.adminGet(slug, id, origin);
  }

  /** Every funded project's figures, for the akimat's reports: UTF-8 with a byte order mark, so spreadsheet programs read Cyrillic. */
  async csv(slug: string): Promise<string> {
    const projects = await this.funded(slug, null, true);
    const records = new Map((await this.core.store.implementation.list(slug)).map((r) => [r.projectId, r]));
    const header = [
      'cycle_id', 'project_id', 'title', 'district', 'category', 'approved_cost', 'state', 'progress_percent', 'committed', 'spent', 'overspend_reason',
      'contractor', 'planned_start', 'planned_end', 'stages_done', 'stages_total', 'implemented_on', 'cancel_reason', 'updated_at',
    ];
    const rows: (string | number)[][] = [header];
    for (const { p, cycle } of projects) {
      const r = records.get(p.id) ?? blank(p, p.updatedAt);
      rows.push([
        cycle.id, p.id, p.title, p.district ?? '', p.category, approvedCost(p), r.state, r.progress, r.committed, r.spent, r.overspendReason?.ru ?? '',
        r.contractor ?? '', r.plannedStart ?? '', r.plannedEnd ?? '', r.stages.filter((s) => s.actualEnd).length, r.stages.length, r.implementedOn ?? '', r.cancelReason?.ru ?? '',
        r.version > 0 ? r.updatedAt : '',
      ]);
    }
    return `\uFEFF${rows.map((row) => row.map((v) => csvCell(String(v))).join(',')).join('\r\n')}\r\n`;
  }

  // ——— Atom ———

  /**
   * Atom 1.0 of a city's (or one project's) public updates and final words,
   * newest first. `page` (an address of the page that shows the progress
   * widget, on one of the city's embedding origins) makes each entry link to
   * the project's page there; otherwise entries link to the API.
   */
  async feed(slug: string, projectId: string | null, params: URLSearchParams, origin: string): Promise<string> {
    const rt = this.core.cityRuntime(slug);
    const lang = feedLang(params.get('lang'));
    const page = this.pageParam(params.get('page'), rt.city.allowedOrigins, origin);
    const projects = projectId === null ? await this.funded(slug, null) : [await this.project(slug, projectId, false)];
    const titles = new Map(projects.map((f) => [f.p.id, f.p.title]));
    const records = (await this.core.store.implementation.list(slug)).filter((r) => titles.has(r.projectId));
    const updates = (await this.core.store.implementation.updates(slug, projectId, true, FEED_ENTRIES * 4)).filter((u) => titles.has(u.projectId));
    return progressFeed({
      lang,
      city: { slug, name: rt.city.name[lang] },
      projectId,
      titles,
      updates: updates.map((u) => ({ id: u.id, projectId: u.projectId, at: u.at, text: u.text, photos: u.photos.map((ph) => ({ url: photoUrl(origin, ph.id), width: ph.width, height: ph.height, tag: ph.tag })) })),
      outcomes: records.flatMap((r) =>
        r.state === 'implemented' || r.state === 'cancelled'
          ? [{ projectId: r.projectId, state: r.state, implementedOn: r.implementedOn, completionNote: r.completionNote, cancelReason: r.cancelReason, at: r.updatedAt }]
          : [],
      ),
      link: (id) => (page ? `${page}#project=${encodeURIComponent(id)}` : `${origin}/api/v1/cities/${encodeURIComponent(slug)}/progress/${encodeURIComponent(id)}`),
      self: `${this.feedUrl(origin, slug, projectId ?? undefined)}${lang !== 'ru' ? `?lang=${lang}` : ''}`,
      page,
      quietSince: records.map((r) => r.updatedAt).sort().pop() ?? new Date(0).toISOString(),
    });
  }

  private pageParam(value: string | null, allowed: string[], origin: string): string | null {
    const checked = feedPage(value, allowed, origin);
    if ('refused' in checked) throw new HttpError('validation_failed', checked.refused, { issues: [checked.issue] });
    return checked.page;
  }
}

/** A spreadsheet must not run a cell as a formula (`=`, `+`, `-`, `@`). */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
