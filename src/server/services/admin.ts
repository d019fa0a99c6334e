import {
  AdminProposalQuery,
  ApplyResultsInput,
  AuditQuery,
  MergeInput,
  PaperBallotsInput,
  PHASES,
  PhaseActionInput,
  PlaceOnBallotInput,
  SetCostInput,
  SetStatusInput,
  VisibilityInput,
  type AdminIdentity,
  type AdminProposal,
  type AdminProposalPage,
  type ApplyResultsResult,
  type AuditPage,
  type CityConfig,
  type PaperBallotsResult,
  type PhaseName,
  type NoteByLocale,
  type ProposalStatus,
  type Receipt,
  type StaffRole,
} from '../../contract/index.js';
import { adminProposalPage } from '../../domain/admin-proposal-list.js';
import { otherDistrictIssues, validateBallot } from '../../domain/ballot.js';
import { decodeAuditCursor, encodeAuditCursor } from '../../domain/cursor.js';
import { BALLOT_STATUSES } from '../../domain/ballot-projects.js';
import { statusChangeRefusal, statusInputRefusal } from '../../domain/status-change.js';
import { pabulibFileName } from '../../domain/results-downloads.js';
import { NO_SUCH_POOL } from '../../domain/cycle-refusals.js';
import { poolCovers } from '../../domain/cost-cap.js';
import { paperDistrictIssue } from '../../domain/paper.js';
import { windowState } from '../../domain/phase.js';
import { resultsToApply } from '../../domain/results-decisions.js';
import { withEntry } from '../../domain/proposal-history.js';
import { receiptCode, sha256 } from '../crypto.js';
import { HttpError, fail, validationError } from '../errors.js';
import type { CouncilDecision } from '../store/staff.js';
import type { AuditWrite, BallotRecord, PhaseOverride, ProposalRecord } from '../store/types.js';
import { formatInstant } from '../time.js';
import { phaseClosed, type Core, type CycleView } from './core.js';
import { cursorInvalid, parseQuery, toAdmin, type ProposalService } from './proposals.js';
import { isFinal, voteCounts, type ResultsService } from './results.js';

export interface AdminActor {
  /** What the audit log names: a config admin's id, or `staff:<id>` for a person. */
  id: string;
  name: string;
  cities: string[];
  /** Set when a named person acts through a staff session (`services/staff.ts`); absent for a config-file token. */
  staff?: { id: string; role: StaffRole; organisation: string; city: string; expiresAt: number; tokenHash: string };
}

/** What an admin route needs: a coordinator (the default: every action), or anyone of the city's staff (reading proposals). */
export type AdminNeed = 'coordinator' | 'staff';

/**
 * The actor of an admin request. `staffSession` is the outcome of resolving a
 * staff session token (done before, asynchronously, by the admin area's
 * middleware); otherwise the bearer token must be a config-file admin token.
 * A staff session is for its own city only; an expert may only read.
 */
export function authorizeAdmin(core: Core, header: string | undefined, staffSession: { actor: AdminActor } | { error: HttpError } | undefined, slug?: string, need: AdminNeed = 'coordinator'): AdminActor {
  if (!staffSession) return adminFromHeader(core, header, slug);
  if ('error' in staffSession) throw staffSession.error;
  const actor = staffSession.actor;
  if (slug !== undefined) {
    core.cityRuntime(slug);
    if (actor.staff!.city !== slug) fail('forbidden', 'this account is not for this city');
  }
  if (need === 'coordinator' && actor.staff!.role !== 'coordinator') fail('forbidden', 'experts may read proposals and assess those assigned to them; this needs a coordinator');
  return actor;
}

/** Admin bearer token → account; 401 when unknown, 403 when the account is not for this city. */
export function adminFromHeader(core: Core, header: string | undefined, slug?: string): AdminActor {
  const m = /^Bearer (\S{16,512})$/.exec(header ?? '');
  if (!m) fail('unauthorized', 'this needs an admin bearer token');
  const admin = core.adminTokens.get(sha256(m![1]!));
  if (!admin) fail('unauthorized', 'the admin token is not valid');
  if (slug !== undefined) {
    core.cityRuntime(slug);
    if (!admin!.cities.includes('*') && !admin!.cities.includes(slug)) fail('forbidden', 'this admin account is not for this city');
  }
  return admin!;
}

/** Who can be cancelled (`cancelFunded`): a funded project not built yet. */
export const CANCELLABLE: ReadonlySet<ProposalStatus> = new Set(['winner', 'in_progress']);

/**
 * The project centre's and expert council's actions. Each one is a single
 * transaction together with its audit entry. A cycle's ballot is frozen once
 * its voting starts: nothing that changes what is on it or what it costs is
 * allowed then — nor later, when its count is final and published, also while
 * the next cycle runs (a project of the ballot keeps its pool: it may move
 * between the ballot's statuses, which the results show as the council's
 * decision next to the count, or be cancelled through its implementation
 * record, but it cannot be taken out, hidden or re-costed).
 */
export class AdminService {
  constructor(
    private readonly core: Core,
    private readonly proposals: ProposalService,
    private readonly results: ResultsService,
  ) {}

  whoami(actor: AdminActor): AdminIdentity {
    return { id: actor.staff?.id ?? actor.id, name: actor.name, cities: actor.cities };
  }

  async config(slug: string, cycleId?: string): Promise<CityConfig> {
    const view = await this.core.view(slug, cycleId);
    const id = view.rt.identity;
    const identity = id.method === 'oidc' ? { method: id.method, provider: id.provider } : { method: id.method };
    return { city: view.rt.city, cycle: view.cycle, currentPhase: view.phase, serverTime: formatInstant(view.now, view.rt.city.timeZone), identity };
  }

  async list(slug: string, params: URLSearchParams, origin: string): Promise<AdminProposalPage> {
    // Only a status may be repeated (one each): another key twice is refused, as the public list does, not half read.
    const query = parseQuery(params, AdminProposalQuery);
    const view = await this.core.view(slug);
    const votes = await voteCounts(this.core, this.proposals, view);
    // Filtered and paged by the rule the mock applies too (domain/admin-proposal-list.ts), over the store's order.
    const page = adminProposalPage(await this.proposals.all(slug, view.cycle.id), query);
    if (!page.ok) throw new HttpError('validation_failed', page.message, { issues: page.issues });
    return {
      items: page.items.map((p) => toAdmin(p, origin, view.rt.city.timeZone, votes.get(p.id) ?? 0)),
      nextCursor: page.nextCursor,
      total: page.total,
    };
  }

  async get(slug: string, id: string, origin: string): Promise<AdminProposal> {
    this.core.cityRuntime(slug);
    const p = await this.core.store.getProposal(slug, id);
    if (!p) fail('not_found', 'no such proposal');
    // Its own cycle's count: last year's winner (opened from its implementation record) was never on this year's ballots.
    const view = await this.ownView(slug, p!);
    const votes = await voteCounts(this.core, this.proposals, view);
    return toAdmin(p!, origin, view.rt.city.timeZone, votes.get(p!.id) ?? 0);
  }

  private audit(actor: AdminActor, slug: string, action: string, target: string | null, details: Record<string, unknown>): AuditWrite {
    return { at: this.core.now(), city: slug, actor: actor.id, action, target, details: actor.staff ? { ...details, by: actor.name } : details };
  }

  /**
   * Whether the ballot of the view's cycle is fixed: from the start of its
   * voting on, for good — its count, and once final its published results,
   * are made from what was on it. `view` is the proposal's own cycle's
   * (`change` gives it), never simply the current one: last year's ballot
   * stays fixed while this year's takes proposals.
   */
  private ballotFrozen(view: CycleView): boolean {
    return windowState(view.cycle, 'voting', view.now) !== 'before';
  }

  /**
   * The view of the proposal's own cycle (its pools, its phases). A cycle the
   * config no longer names falls back to the current one, as before.
   */
  private async ownView(slug: string, p: ProposalRecord): Promise<CycleView> {
    const known = this.core.cityRuntime(slug).cycles.some((c) => c.id === p.cycleId);
    return this.core.view(slug, known ? p.cycleId : undefined);
  }

  /** Loads, changes and writes one or more proposals under optimistic concurrency; `apply` gets the view of the proposal's own cycle. */
  private async change(actor: AdminActor, slug: string, id: string, action: string, json: unknown, apply: (p: ProposalRecord, view: CycleView, at: string) => Promise<ProposalRecord[]> | ProposalRecord[], origin: string): Promise<AdminProposal> {
    this.core.cityRuntime(slug);
    const p = await this.core.store.getProposal(slug, id);
    if (!p) fail('not_found', 'no such proposal');
    const view = await this.ownView(slug, p!);
    const at = this.core.now();
    const changed = await apply(structuredClone(p!), view, at);
    for (const c of changed) c.updatedAt = at;
    const ok = await this.core.store.updateProposals(changed, this.audit(actor, slug, action, id, { request: json as Record<string, unknown> }));
    if (!ok) fail('conflict', 'the proposal changed meanwhile; reload and try again');
    this.core.bump('proposals', slug);
    await this.proposals.statusChanged(slug, new Map([[p!.id, p!.status]]), changed);
    const votes = await voteCounts(this.core, this.proposals, view);
    return toAdmin({ ...changed[0]!, version: changed[0]!.version + 1 }, origin, view.rt.city.timeZone, votes.get(id) ?? 0);
  }

  private pushStatus(p: ProposalRecord, status: ProposalStatus, at: string, note: string | undefined, notes?: NoteByLocale) {
    p.history = withEntry(p.history, note ? { status, at, note, ...(notes ? { notes } : {}) } : { status, at });
    p.status = status;
    if (note) this.setNote(p, note, notes);
  }

  /** The latest public note; its per-language words go with it or not at all. */
  private setNote(p: ProposalRecord, note: string, notes?: NoteByLocale) {
    p.reviewNote = note;
    if (notes) p.reviewNotes = notes;
    else delete p.reviewNotes;
  }

  async setStatus(actor: AdminActor, slug: string, id: string, json: unknown, origin: string) {
    const parsed = SetStatusInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const { status, note } = parsed.data;
    const refused = statusInputRefusal(parsed.data);
    if (refused) fail(refused.code, refused.message, refused.issues ? { issues: refused.issues } : undefined);
    return this.change(actor, slug, id, 'proposal.status', parsed.data, (p, view, at) => {
      const refusal = statusChangeRefusal(p, status, this.ballotFrozen(view));
      if (refusal) fail(refusal.code, refusal.message, refusal.issues ? { issues: refusal.issues } : undefined);
      if (!BALLOT_STATUSES.has(status)) delete p.poolId;
      this.pushStatus(p, status, at, note);
      return [p];
    }, origin);
  }

  /**
   * A funded project the centre gave up: `cancelled`, its public reason in the
   * history (per language too), set by the implementation record's final word
   * (`ImplementationService.finish`). Only a winner or a project being built
   * can be cancelled; it keeps its pool, so the count it won stays the same.
   */
  async cancelFunded(actor: AdminActor, slug: string, id: string, reason: { note: string; notes: NoteByLocale }, origin: string) {
    return this.change(actor, slug, id, 'proposal.status', { status: 'cancelled', note: reason.note }, (p, _view, at) => {
      if (!CANCELLABLE.has(p.status)) fail('conflict', `a ${p.status} proposal cannot be cancelled: only a winner or a project being built`);
      this.pushStatus(p, 'cancelled', at, reason.note, reason.notes);
      return [p];
    }, origin);
  }

  async setCost(actor: AdminActor, slug: string, id: string, json: unknown, origin: string) {
    const parsed = SetCostInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    return this.change(actor, slug, id, 'proposal.cost', parsed.data, (p, view) => {
      if (p.poolId !== undefined && this.ballotFrozen(view)) fail('phase_closed', 'the ballot is fixed once voting has started');
      if (p.poolId !== undefined) this.checkPoolCap(view, p.poolId, parsed.data.finalCost);
      p.finalCost = parsed.data.finalCost;
      if (parsed.data.note) this.setNote(p, parsed.data.note);
      return [p];
    }, origin);
  }

  private checkPoolCap(view: CycleView, poolId: string, cost: number) {
    const pool = view.cycle.pools.find((x) => x.id === poolId)!;
    const cap = Math.min(pool.costCap ?? pool.budget, pool.budget);
    if (cost > cap) fail('over_cap', `a project in this pool may cost at most ${cap} ₸`, { issues: [{ path: ['finalCost'], message: 'cost.over_cap', params: { cap } }] });
  }

  async merge(actor: AdminActor, slug: string, id: string, json: unknown, origin: string) {
    const parsed = MergeInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const { into, note } = parsed.data;
    if (into === id) fail('validation_failed', 'a proposal cannot be merged into itself', { issues: [{ path: ['into'], message: 'merge.self' }] });
    return this.change(actor, slug, id, 'proposal.merge', parsed.data, async (p, view, at) => {
      const target = await this.core.store.getProposal(slug, into);
      if (!target || target.cycleId !== p.cycleId) fail('validation_failed', 'no such proposal to merge into', { issues: [{ path: ['into'], message: 'merge.unknown' }] });
      if (target!.status === 'merged') fail('validation_failed', 'the target was itself merged', { issues: [{ path: ['into'], message: 'merge.target_merged' }] });
      if (p.status === 'merged') fail('conflict', 'this proposal is already merged');
      if ((p.poolId !== undefined || target!.poolId !== undefined) && this.ballotFrozen(view)) fail('phase_closed', 'the ballot is fixed once voting has started');
      delete p.poolId;
      p.mergedInto = into;
      this.pushStatus(p, 'merged', at, note);
      // The target's public history gets the same reason (its status and its own
      // review note stay), so its author sees it too; its version is checked as well.
      const kept = { ...target! };
      if (note) kept.history = withEntry(kept.history, { status: kept.status, at, note });
      return [p, kept];
    }, origin);
  }

  async placeOnBallot(actor: AdminActor, slug: string, id: string, json: unknown, origin: string) {
    const parsed = PlaceOnBallotInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const { poolId, finalCost, note } = parsed.data;
    return this.change(actor, slug, id, 'proposal.ballot', parsed.data, (p, view, at) => {
      if (this.ballotFrozen(view)) fail('phase_closed', 'the ballot is fixed once voting has started');
      const pool = view.cycle.pools.find((x) => x.id === poolId);
      if (!pool) fail('validation_failed', NO_SUCH_POOL, { issues: [{ path: ['poolId'], message: 'pool.unknown' }] });
      if (!poolCovers(pool!, p.category, p.district)) fail('validation_failed', 'the proposal does not belong in this pool', { issues: [{ path: ['poolId'], message: 'pool.scope_mismatch' }] });
      if (p.status === 'merged' || p.status === 'withdrawn') fail('conflict', `a ${p.status} proposal cannot go on the ballot`);
      const cost = finalCost ?? p.finalCost ?? p.estimatedCost;
      this.checkPoolCap(view, poolId, cost);
      if (finalCost !== undefined) p.finalCost = finalCost;
      p.poolId = poolId;
      this.pushStatus(p, 'on_ballot', at, note);
      return [p];
    }, origin);
  }

  async visibility(actor: AdminActor, slug: string, id: string, json: unknown, origin: string) {
    const parsed = VisibilityInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const { hidden, published } = parsed.data;
    if (hidden === undefined && published === undefined) fail('validation_failed', 'nothing to change', { issues: [{ path: [], message: 'visibility.empty' }] });
    return this.change(actor, slug, id, 'proposal.visibility', parsed.data, (p, view) => {
      // A hidden project is not counted: hiding one of the ballot, or showing one hidden before voting, would change the count.
      if (p.poolId !== undefined && this.ballotFrozen(view)) {
        if (hidden === true) fail('phase_closed', 'a project on the ballot cannot be hidden once voting has started');
        if (hidden === false && p.hidden) fail('phase_closed', 'the ballot is fixed once voting has started');
      }
      if (hidden !== undefined) p.hidden = hidden;
      if (published !== undefined) p.published = published;
      return [p];
    }, origin);
  }

  async paperBallots(actor: AdminActor, slug: string, key: string, json: unknown): Promise<{ status: number; body: unknown }> {
    const parsed = PaperBallotsInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const input = parsed.data;
    return this.core.idempotent(`paper:${slug}:${actor.id}`, key, json, async (record) => {
      const view = await this.core.view(slug);
      if (input.cycleId !== view.cycle.id) fail('validation_failed', 'this cycle is not the current one', { issues: [{ path: ['cycleId'], message: 'cycle.not_current' }] });
      if (windowState(view.cycle, 'voting', view.now) === 'before' || view.phase === 'implementation' || view.phase === 'closed')
        fail('phase_closed', 'paper ballots are entered from the start of voting until the results phase ends');
      const districtIssue = paperDistrictIssue(view.cycle.pools, view.rt.city.districts.map((d) => d.id), input.district);
      if (districtIssue) fail('validation_failed', 'name the district whose ballot papers these are, one of the city’s', { issues: [districtIssue] });
      const projects = (await this.proposals.ballotProjects(view)).map((p) => ({ id: p.id, cost: p.finalCost ?? p.estimatedCost, poolId: p.poolId! }));
      const district = input.district ?? null;
      const issues = input.ballots.flatMap((b, i) =>
        [...otherDistrictIssues(view.cycle.pools, district, b), ...validateBallot(view.cycle, projects, b)].map((x) => ({ ...x, path: ['ballots', i, ...x.path] })),
      );
      if (issues.length) throw new HttpError('ballot_invalid', 'a paper ballot breaks the rules of this vote', { issues: issues.slice(0, 50) });
      const castAt = this.core.now();
      const receipts: Receipt[] = [];
      const records: BallotRecord[] = input.ballots.map((b) => {
        const code = receiptCode();
        receipts.push({ receiptCode: code, cycleId: view.cycle.id, castAt: formatInstant(new Date(castAt), view.rt.city.timeZone), changeableUntil: null });
        return { city: slug, cycleId: view.cycle.id, voterHash: null, receiptCode: code, channel: 'paper', castAt, replacedAt: null, choices: b.choices.filter((c) => c.picks.length > 0) };
      });
      const body: PaperBallotsResult = { receipts };
      await this.core.store.castPaperBallots(records, record(201, body), this.audit(actor, slug, 'ballots.paper', input.desk, { desk: input.desk, ...(input.district ? { district: input.district } : {}), count: records.length }));
      this.core.bump('ballots', slug);
      return { status: 201, body };
    });
  }

  async phase(actor: AdminActor, slug: string, json: unknown): Promise<CityConfig> {
    const parsed = PhaseActionInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const { phase, action } = parsed.data;
    const view = await this.core.view(slug);
    const now = view.now.getTime();
    const w = view.cycle.phases[phase];
    const state = windowState(view.cycle, phase, view.now);
    const changes: Partial<Record<PhaseName, PhaseOverride>> = {};
    const iso = (t: number) => new Date(t).toISOString();
    if (action === 'close') {
      if (state !== 'open') fail('conflict', `the ${phase} phase is not open`);
      changes[phase] = { start: iso(Date.parse(w.start)), end: iso(now) };
    } else {
      if (state !== 'before') fail('conflict', `the ${phase} phase has already ${state === 'open' ? 'started' : 'ended'}`);
      changes[phase] = { start: iso(now), end: iso(Date.parse(w.end)) };
      // Earlier phases end now; ones that had not started become an empty moment just before.
      for (const earlier of PHASES.slice(0, PHASES.indexOf(phase))) {
        const e = view.cycle.phases[earlier];
        if (Date.parse(e.end) <= now) continue;
        const start = Math.min(Date.parse(e.start), now - 1);
        changes[earlier] = { start: iso(start), end: iso(now) };
      }
    }
    await this.core.store.setPhaseOverrides(slug, view.cycle.id, changes, this.audit(actor, slug, `phase.${action}`, phase, { phase, action }));
    this.core.forgetOverrides(slug, view.cycle.id);
    return this.config(slug);
  }

  /** Writes the counted outcome onto the proposals (see `ApplyResultsInput`); running it again changes nothing. */
  async applyResults(actor: AdminActor, slug: string, json: unknown): Promise<ApplyResultsResult> {
    const parsed = ApplyResultsInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const view = await this.core.view(slug);
    if (!isFinal(view)) phaseClosed('applying the results', view.cycle, 'results');
    const results = await this.results.compute(view);
    const at = this.core.now();
    const byId = new Map((await this.proposals.ballotProjects(view)).map((p) => [p.id, p]));
    const { out, moves } = resultsToApply(results.pools, byId);
    const changed = moves.map(({ project, status }) => {
      const next = structuredClone(project);
      this.pushStatus(next, status, at, parsed.data.note);
      next.updatedAt = at;
      return next;
    });
    if (changed.length) {
      const ok = await this.core.store.updateProposals(changed, this.audit(actor, slug, 'results.apply', view.cycle.id, { winners: out.winners.length, notFunded: out.notFunded.length }));
      if (!ok) fail('conflict', 'a proposal changed meanwhile; try again');
      this.core.bump('proposals', slug);
      await this.proposals.statusChanged(slug, new Map(changed.map((p) => [p.id, 'on_ballot' as const])), changed);
    }
    return out;
  }

  /**
   * The council's decision (see `services/assessment.ts`): sets the status with
   * the public reason as its note (and the final cost when accepted), and keeps
   * the decision on the proposal, in one write with its audit entry.
   */
  async applyDecision(actor: AdminActor, slug: string, id: string, d: { status: ProposalStatus; note: string; notes?: NoteByLocale; finalCost: number | null; decision: CouncilDecision; request: Record<string, unknown> }, origin: string, check: (p: ProposalRecord, view: CycleView) => void) {
    return this.change(actor, slug, id, 'proposal.decision', d.request, (p, view, at) => {
      check(p, view);
      if (d.finalCost !== null) p.finalCost = d.finalCost;
      this.pushStatus(p, d.status, at, d.note, d.notes);
      p.decisions = [...(p.decisions ?? []).slice(-49), { ...d.decision, decidedAt: at }];
      return [p];
    }, origin);
  }

  /** The cycle (one pool) as pabulib, with an entry in the log naming who took it, as every centre action's. */
  /** The current cycle's pabulib file of a pool (the first by default), logged; with its name (`pabulibFileName`). */
  async exportPb(actor: AdminActor, slug: string, pool: string | undefined): Promise<{ text: string; fileName: string }> {
    const view = await this.core.view(slug);
    const text = await this.results.pabulib(view, pool);
    await this.core.store.appendAudit(this.audit(actor, slug, 'export.pb', pool ?? null, {}));
    return { text, fileName: pabulibFileName(slug, view.cycle.id, pool) };
  }

  async auditLog(slug: string, params: URLSearchParams): Promise<AuditPage> {
    const query = parseQuery(params, AuditQuery);
    const before = query.cursor ? (decodeAuditCursor(query.cursor) ?? cursorInvalid()) : null;
    const limit = query.limit ?? 100;
    const items = await this.core.store.listAudit(slug, before, limit);
    return { items, nextCursor: items.length === limit ? encodeAuditCursor(items[items.length - 1]!.id) : null };
  }
}
