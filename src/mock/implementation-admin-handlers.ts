import { fail, http, invalidFields, readBody, readJsonBody, refusal } from './answers.js';
import { checkPhotoBody } from '../domain/photo-upload.js';
import { HttpResponse, type HttpHandler } from 'msw';
import {
  FinishInput,
  ImplementationInput,
  PROPOSAL_LIMITS,
  UpdateInput,
  graphemeLength,
  noteOf,
  type AdminUpdate,
  type ErrorCode,
  type FieldIssue,
  type ImplementationRecord,
  type ProposalStatus,
} from '../contract/index.js';
import { formatInstant } from '../domain/city-time.js';
import { withEntry } from '../domain/proposal-history.js';
import { MOCK_ADMIN_TOKEN, ROLE_REFUSAL, adminCaller, appendAudit, type AdminMockState } from './admin-handlers.js';

/**
 * The admin API's implementation records (`/admin/cities/:city/implementation…`)
 * behind msw, answering as the reference server does
 * (src/server/services/implementation.ts): the same routes, statuses, codes,
 * messages and issue keys. Funded projects are the admin mock's proposals
 * with a funded status (winner, in progress, implemented, cancelled).
 */
export interface ImplementationMockOptions {
  base?: string;
  now?: number;
  token?: string;
  /** The admin mock's state: its proposals are the funded projects, its staff sessions sign in. */
  admin: AdminMockState;
}

export interface ImplementationMockState {
  records: Map<string, ImplementationRecord>;
  /** Uploaded photos not yet attached to an update. */
  photos: Map<string, { width: number; height: number; used: boolean }>;
  calls: string[];
}

const FUNDED = new Set(['winner', 'in_progress', 'implemented', 'cancelled']);
/** Who can be cancelled, as the server's CANCELLABLE (services/admin.ts). */
const CANCELLABLE = new Set(['winner', 'in_progress']);

export function createImplementationAdminMock(options: ImplementationMockOptions): { handlers: HttpHandler[]; state: ImplementationMockState } {
  const base = (options.base ?? '/api/v1').replace(/\/$/, '');
  const now = options.now ?? Date.now();
  const token = options.token ?? MOCK_ADMIN_TOKEN;
  const admin = options.admin;
  const tz = admin.config.city.timeZone;
  const at = () => formatInstant(new Date(now), tz);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
  const state: ImplementationMockState = { records: new Map(), photos: new Map(), calls: [] };
  let seq = 0;

  /** As the server's admin routes: 401 without a valid credential, 404 for a city it does not know (all but Aksu), 403 for an expert. */
  const guard = (request: Request, city: string): string | Response => {
    state.calls.push(`${request.method} ${new URL(request.url).pathname}`);
    const caller = adminCaller(admin, token, request);
    if (caller instanceof Response) return caller;
    if (city !== 'aksu') return fail('not_found', 'no such city');
    if (caller.kind === 'staff' && caller.role !== 'coordinator') return fail('forbidden', ROLE_REFUSAL);
    return caller.kind === 'token' ? 'aksu-centre' : `staff:${caller.staffId}`;
  };

  const project = (id: string) => {
    const p = admin.proposals.find((x) => x.id === id);
    return p && FUNDED.has(p.status) ? p : null;
  };
  const record = (id: string): ImplementationRecord => {
    const p = project(id)!;
    const r = state.records.get(id);
    const approvedCost = p.finalCost ?? p.estimatedCost;
    if (r) return { ...r, title: p.title, approvedCost };
    return { projectId: p.id, cycleId: p.cycleId, title: p.title, approvedCost, state: 'not_started', version: 0, stages: [], progress: 0, committed: 0, spent: 0, updates: [] };
  };
  const store = (r: ImplementationRecord) => state.records.set(r.projectId, r);
  /** An entry in the admin mock's log, numbered with its own entries (the server's store keeps one log per city). */
  const audit = (actor: string, action: string, target: string, details: Record<string, unknown>) => appendAudit(admin, { at: at(), actor, action, target, details });
  /**
   * The proposal's status follows the record, as the server's driveStatus (through `cancelFunded` or `setStatus`): its
   * history keeps HISTORY_MAX entries (`withEntry`), it is changed now (`updatedAt`), and the change is logged as those
   * write it (`proposal.status` with the request they make, a person named as every centre action names them).
   */
  const drive = (actor: string, r: ImplementationRecord) => {
    const p = project(r.projectId)!;
    const logged = (request: { status: ProposalStatus; note?: string }) => {
      const person = admin.staff.find((m) => actor === `staff:${m.id}`);
      audit(actor, 'proposal.status', p.id, person ? { request, by: person.name } : { request });
    };
    if (r.state === 'cancelled') {
      if (p.status === 'cancelled') return;
      const { note, notes } = noteOf(r.cancelReason!);
      p.history = withEntry(p.history, { status: 'cancelled', at: at(), note, notes });
      p.status = 'cancelled';
      p.reviewNote = note;
      p.reviewNotes = notes;
      p.updatedAt = at();
      logged({ status: 'cancelled', note });
      return;
    }
    const wanted = r.state === 'implemented' ? 'implemented' : r.state === 'in_progress' && p.status === 'winner' ? 'in_progress' : null;
    if (!wanted || wanted === p.status) return;
    p.history = withEntry(p.history, { status: wanted, at: at() });
    p.status = wanted;
    p.updatedAt = at();
    logged({ status: wanted });
  };

  const A = `${base}/admin/cities/:city/implementation`;
  type P = { city: string; id: string };
  /** A project's route after the credential and the city; each reads its body as the server does (`readJsonBody`), before the fields and the project. */
  const withProject = (run: (actor: string, id: string, request: Request, params: Record<string, string>) => Promise<Response> | Response) => async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
    const p = params as Record<string, string>;
    const actor = guard(request, p.city!);
    if (actor instanceof Response) return actor;
    return run(actor, p.id!, request, p);
  };
  const notFound = () => fail('not_found', 'no such funded project');

  const handlers: HttpHandler[] = [
    http.get<P>(A, ({ request, params }) => {
      const actor = guard(request, params.city);
      if (actor instanceof Response) return actor;
      // Newest cycle first, as the server lists them (the current cycle is the newest the mock knows).
      const rank = (cycleId: string) => (cycleId === admin.config.cycle.id ? '~' : cycleId);
      const funded = admin.proposals.filter((p) => FUNDED.has(p.status)).sort((a, b) => (rank(a.cycleId) < rank(b.cycleId) ? 1 : rank(a.cycleId) > rank(b.cycleId) ? -1 : 0));
      return HttpResponse.json({ items: funded.map((p) => ({ ...record(p.id), updates: [] })) });
    }),
    http.post<P>(`${A}/photos`, async ({ request, params }) => {
      const actor = guard(request, params.city);
      if (actor instanceof Response) return actor;
      // As the server: the credential and the city, then the body (at most a photo's bytes, whatever its type), then what it is.
      const bytes = await readBody(request, PROPOSAL_LIMITS.photoBytes);
      if (bytes instanceof Response) return bytes;
      const checked = checkPhotoBody(request.headers.get('content-type'), bytes);
      if (!checked.ok) return fail(checked.code, checked.message, checked.issues);
      const info = { width: checked.info.width, height: checked.info.height };
      const id = `ph_mock${++seq}`;
      state.photos.set(id, { ...info, used: false });
      audit(actor, 'implementation.photo', id, { ...info, size: bytes.length });
      return HttpResponse.json({ id, url: `/photos/${id}.jpg`, ...info }, { status: 201 });
    }),
    http.get<P>(
      `${A}/:id`,
      withProject((_actor, id) => (project(id) ? HttpResponse.json(record(id)) : notFound())),
    ),
    http.put<P>(
      `${A}/:id`,
      withProject(async (actor, id, request) => {
        const read = await readJsonBody(request);
        if (read instanceof Response) return read;
        const parsed = ImplementationInput.safeParse(read.json);
        if (!parsed.success) return invalidFields(parsed.error);
        const input = parsed.data;
        if (!project(id)) return notFound();
        const base = record(id);
        if (input.spent > base.approvedCost && !input.overspendReason)
          return fail('validation_failed', `spending above the approved cost (${base.approvedCost} ₸) needs a public reason`, [
            { path: ['overspendReason'], message: 'spent.over_approved', params: { approved: base.approvedCost } },
          ]);
        if (base.version !== input.version) return fail('conflict', 'the record changed meanwhile; reload and try again');
        const { version: _v, stages, contractorContact, overspendReason, internalNote, ...plan } = input;
        const started = input.progress > 0 || input.spent > 0 || stages.some((s) => s.actualStart !== undefined);
        const next: ImplementationRecord = {
          projectId: base.projectId,
          cycleId: base.cycleId,
          title: base.title,
          approvedCost: base.approvedCost,
          ...plan,
          ...(contractorContact ? { contractorContact } : {}),
          ...(overspendReason ? { overspendReason } : {}),
          ...(internalNote ? { internalNote } : {}),
          ...(base.implementedOn ? { implementedOn: base.implementedOn } : {}),
          ...(base.cancelReason ? { cancelReason: base.cancelReason } : {}),
          ...(base.completionNote ? { completionNote: base.completionNote } : {}),
          state: base.state === 'implemented' || base.state === 'cancelled' ? base.state : started ? 'in_progress' : 'not_started',
          version: base.version + 1,
          stages: stages.map((s) => ({ ...s, state: s.actualEnd ? 'done' : s.actualStart ? 'in_progress' : 'planned' })),
          updates: base.updates,
          updatedAt: at(),
        };
        store(next);
        audit(actor, 'implementation.save', id, { version: next.version, state: next.state, progress: input.progress, committed: input.committed, spent: input.spent, stages: stages.length });
        drive(actor, next);
        return HttpResponse.json(record(id));
      }),
    ),
    http.post<P>(
      `${A}/:id/updates`,
      withProject(async (actor, id, request) => {
        const read = await readJsonBody(request);
        if (read instanceof Response) return read;
        const parsed = UpdateInput.safeParse(read.json);
        if (!parsed.success) return invalidFields(parsed.error);
        const input = parsed.data;
        if (!project(id)) return notFound();
        const ids = input.photos.map((p) => p.id);
        if (new Set(ids).size !== ids.length) return fail('validation_failed', 'a photo is listed twice', [{ path: ['photos'], message: 'photo.duplicate' }]);
        const bad = input.photos.findIndex((ph) => !state.photos.get(ph.id) || state.photos.get(ph.id)!.used);
        if (bad >= 0) return fail('validation_failed', 'this photo is unknown or already used', [{ path: ['photos', bad, 'id'], message: 'photo.unavailable' }]);
        const base = record(id);
        const update: AdminUpdate = {
          id: `up_mock${++seq}`,
          at: at(),
          text: input.text,
          photos: input.photos.map((ph) => {
            const m = state.photos.get(ph.id)!;
            m.used = true;
            return { id: ph.id, url: `/photos/${ph.id}.jpg`, width: m.width, height: m.height, tag: ph.tag };
          }),
          public: input.public ?? true,
          author: actor,
        };
        const version = state.records.has(id) ? base.version : 1;
        store({ ...base, version, updatedAt: base.updatedAt ?? at(), updates: [update, ...base.updates] });
        audit(actor, 'implementation.update', id, { update: update.id, public: update.public, photos: update.photos.map((p) => `${p.id}:${p.tag}`) });
        return HttpResponse.json(record(id), { status: 201 });
      }),
    ),
    http.post<{ city: string; id: string; update: string }>(
      `${A}/:id/updates/:update/publish`,
      withProject(async (actor, id, request, params) => {
        const read = await readJsonBody(request);
        if (read instanceof Response) return read;
        const b = read.json as { public?: unknown } | null;
        if (!b || typeof b !== 'object' || typeof b.public !== 'boolean' || Object.keys(b).length !== 1)
          return fail('validation_failed', 'send { "public": true|false }', [{ path: ['public'], message: 'schema.invalid_type' }]);
        if (!project(id)) return notFound();
        const base = record(id);
        const u = base.updates.find((x) => x.id === params.update);
        if (!u) return fail('not_found', 'no such update of this project');
        store({ ...base, updates: base.updates.map((x) => (x === u ? { ...x, public: b.public as boolean } : x)) });
        audit(actor, b.public ? 'implementation.publish' : 'implementation.withdraw', id, { update: u.id });
        return HttpResponse.json(record(id));
      }),
    ),
    http.post<P>(
      `${A}/:id/finish`,
      withProject(async (actor, id, request) => {
        const read = await readJsonBody(request);
        if (read instanceof Response) return read;
        const parsed = FinishInput.safeParse(read.json);
        if (!parsed.success) return invalidFields(parsed.error);
        const input = parsed.data;
        if (!project(id)) return notFound();
        const base = record(id);
        if (base.state === 'implemented' || base.state === 'cancelled') return fail('conflict', `this project is already ${base.state}`);
        if (input.outcome === 'cancelled') {
          const status = project(id)!.status;
          if (!CANCELLABLE.has(status)) return fail('conflict', `a ${status} project cannot be cancelled: only a winner or a project being built`);
          if (graphemeLength(noteOf(input.reason).note) > 2000)
            return fail('validation_failed', 'the reason, all its languages together, may be at most 2000 characters', [{ path: ['reason'], message: 'text.too_long', params: { max: 2000 } }]);
        }
        if (input.outcome === 'implemented') {
          if (input.on > today) return fail('validation_failed', 'the day it was finished cannot be in the future', [{ path: ['on'], message: 'date.future' }]);
          if (base.plannedStart && input.on < base.plannedStart)
            return fail('validation_failed', 'the day it was finished is before the planned start', [{ path: ['on'], message: 'dates.order' }]);
        }
        const next: ImplementationRecord =
          input.outcome === 'implemented'
            ? { ...base, version: base.version + 1, updatedAt: at(), state: 'implemented', implementedOn: input.on, progress: 100, ...(input.note ? { completionNote: input.note } : {}) }
            : { ...base, version: base.version + 1, updatedAt: at(), state: 'cancelled', cancelReason: input.reason };
        store(next);
        audit(actor, 'implementation.finish', id, input.outcome === 'implemented' ? { outcome: 'implemented', on: input.on } : { outcome: 'cancelled', reason: input.reason.ru });
        drive(actor, next);
        return HttpResponse.json(record(id));
      }),
    ),
  ];
  return { handlers, state };
}
