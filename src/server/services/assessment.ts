import {
  ASSESSED_STATUSES,
  AssessmentInput,
  AssignmentQuery,
  ConflictInput,
  DecisionInput,
  RECOMMENDATIONS,
  graphemeLength,
  type Assessment,
  type AssessmentCriterion,
  type AssessmentOverview,
  type AssessmentSummary,
  type Assignment,
  type AssignmentList,
  type CriteriaList,
  type Decision,
  type DecisionResult,
  type NoteByLocale,
  type ProposalStatus,
  type PublicReason,
  type Recommendation,
} from '../../contract/index.js';
import { scoresRefusal } from '../../domain/assessment-scores.js';
import { costCap } from '../../domain/cost-cap.js';
import { HttpError, fail, refusedFields, validationError } from '../errors.js';
import type { AssignmentRecord, CouncilDecision, StaffRecord } from '../store/staff.js';
import type { ProposalRecord } from '../store/types.js';
import type { AdminActor, AdminService } from './admin.js';
import type { Core } from './core.js';
import type { StaffService } from './staff.js';

/** The status each outcome sets. */
const STATUS_OF: Record<Recommendation, ProposalStatus> = { accept: 'accepted', needs_changes: 'needs_changes', reject: 'rejected' };

/** Proposals the council may still assess and decide on; later ones have left its hands (ballot, merge, withdrawal). */

/** The public note of a decision: the free text, or the languages given (kk, ru, en), one paragraph each. */
export function reasonNote(r: PublicReason): string {
  if (r.text !== undefined) return r.text;
  return [r.kk, r.ru, r.en].filter((x): x is string => x !== undefined).join('\n\n');
}

/** A per-language reason's words, for residents to read in their own language. */
function localNotes(r: PublicReason): NoteByLocale {
  return { ...(r.kk !== undefined ? { kk: r.kk } : {}), ...(r.ru !== undefined ? { ru: r.ru } : {}), ...(r.en !== undefined ? { en: r.en } : {}) };
}

/** Averages, recommendation counts and disagreement over the `assessed` assignments only (conflicts never count). */
export function summarise(criteria: AssessmentCriterion[], rows: Pick<AssignmentRecord, 'state' | 'scores' | 'recommendation'>[]) {
  const assessed = rows.filter((r) => r.state === 'assessed');
  const averages: Record<string, number | null> = {};
  const spread: string[] = [];
  for (const c of criteria) {
    const values = assessed.map((r) => r.scores?.[c.id]).filter((v): v is number => typeof v === 'number');
    averages[c.id] = values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null;
    if (values.length > 1 && Math.max(...values) - Math.min(...values) >= 2) spread.push(c.id);
  }
  const recommendations = { accept: 0, needs_changes: 0, reject: 0 };
  for (const r of assessed) if (r.recommendation) recommendations[r.recommendation]++;
  const differ = RECOMMENDATIONS.filter((k) => recommendations[k] > 0).length > 1;
  return {
    assigned: rows.length,
    assessed: assessed.length,
    pending: rows.filter((r) => r.state === 'pending').length,
    conflicts: rows.filter((r) => r.state === 'conflict').length,
    averages,
    recommendations,
    disagreement: { any: differ || spread.length > 0, recommendations: differ, criteria: spread },
  };
}

/**
 * The expert council's work on proposals: coordinators assign experts; an
 * assigned expert scores each criterion, recommends and keeps a private
 * note, or declares a conflict of interest and is excluded; coordinators read
 * the summary and record the council's decision, which sets the proposal's
 * status through the admin service (history, audit and version checks as for
 * any other status change). Nothing here reaches the residents' API except the
 * decision's public reason, as the status note.
 */
export class AssessmentService {
  constructor(
    private readonly core: Core,
    private readonly staff: StaffService,
    private readonly admin: AdminService,
  ) {}

  private get store() {
    return this.core.store.staff;
  }

  criteria(slug: string): CriteriaList {
    return { criteria: this.core.cityRuntime(slug).criteria };
  }

  private async proposal(slug: string, id: string): Promise<ProposalRecord> {
    const p = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(id) ? await this.core.store.getProposal(slug, id) : null;
    if (!p) fail('not_found', 'no such proposal');
    return p!;
  }

  private assignment(a: AssignmentRecord, p: Pick<ProposalRecord, 'title' | 'status'>, s: Pick<StaffRecord, 'name' | 'organisation'>): Assignment {
    return {
      proposalId: a.proposalId,
      proposalTitle: p.title,
      proposalStatus: p.status,
      staffId: a.staffId,
      expertName: s.name,
      organisation: s.organisation,
      state: a.state,
      assignedAt: a.assignedAt,
      assignedBy: a.assignedBy,
      updatedAt: a.updatedAt,
    };
  }

  private assessment(a: AssignmentRecord, s: Pick<StaffRecord, 'name' | 'organisation'>): Assessment {
    return {
      proposalId: a.proposalId,
      staffId: a.staffId,
      expertName: s.name,
      organisation: s.organisation,
      state: a.state,
      scores: a.scores,
      recommendation: a.recommendation,
      note: a.note,
      conflictReason: a.conflictReason,
      updatedAt: a.updatedAt,
    };
  }

  private async people(slug: string): Promise<Map<string, StaffRecord>> {
    return new Map((await this.store.listStaff(slug)).map((s) => [s.id, s]));
  }

  async listAssignments(actor: AdminActor, slug: string, params: URLSearchParams): Promise<AssignmentList> {
    this.core.cityRuntime(slug);
    const raw: Record<string, unknown> = {};
    for (const key of new Set(params.keys())) {
      const values = params.getAll(key);
      if (values.length > 1) throw new HttpError('validation_failed', 'a query parameter is repeated', { issues: [{ path: [key.slice(0, 64)], message: 'query.repeated' }] });
      raw[key] = values[0];
    }
    const parsed = AssignmentQuery.safeParse(raw);
    if (!parsed.success) throw validationError(parsed.error);
    const q = parsed.data;
    // An expert sees only their own assignments, whatever the query asks.
    const staffId = actor.staff?.role === 'expert' ? actor.staff.id : q.expert;
    let rows = await this.store.listAssignments(slug, { ...(q.proposal ? { proposalId: q.proposal } : {}), ...(staffId ? { staffId } : {}) });
    if (q.state) rows = rows.filter((r) => r.state === q.state);
    const people = await this.people(slug);
    const proposals = new Map<string, ProposalRecord>();
    const items: Assignment[] = [];
    for (const r of rows) {
      let p = proposals.get(r.proposalId);
      if (!p) {
        p = (await this.core.store.getProposal(slug, r.proposalId)) ?? undefined;
        if (!p) continue;
        proposals.set(p.id, p);
      }
      const s = people.get(r.staffId);
      if (s) items.push(this.assignment(r, p, s));
    }
    return { items };
  }

  async assign(actor: AdminActor, slug: string, proposalId: string, staffId: string): Promise<Assignment> {
    const p = await this.proposal(slug, proposalId);
    const s = await this.staff.find(slug, staffId);
    if (s.role !== 'expert') fail('conflict', 'only experts are assigned to assess proposals', { issues: [{ path: ['staffId'], message: 'assignment.not_expert' }] });
    if (s.status === 'revoked') fail('conflict', 'this person is revoked', { issues: [{ path: ['staffId'], message: 'assignment.revoked' }] });
    if (!ASSESSED_STATUSES.has(p.status)) fail('conflict', `a ${p.status} proposal is no longer assessed`);
    const existing = await this.store.getAssignment(slug, proposalId, staffId);
    if (existing) return this.assignment(existing, p, s);
    const record: AssignmentRecord = {
      city: slug,
      proposalId,
      staffId,
      state: 'pending',
      assignedAt: this.core.now(),
      assignedBy: actor.name,
      scores: null,
      recommendation: null,
      note: null,
      conflictReason: null,
      updatedAt: null,
    };
    const created = await this.store.assign(record, this.staff.audit(actor, slug, 'assessment.assign', proposalId, { staffId, expert: s.name }));
    const stored = created ? record : await this.store.getAssignment(slug, proposalId, staffId);
    return this.assignment(stored ?? record, p, s);
  }

  async unassign(actor: AdminActor, slug: string, proposalId: string, staffId: string): Promise<{ ok: true }> {
    await this.proposal(slug, proposalId);
    const s = await this.staff.find(slug, staffId);
    const removed = await this.store.unassign(slug, proposalId, staffId, this.staff.audit(actor, slug, 'assessment.unassign', proposalId, { staffId, expert: s.name }));
    if (!removed) fail('not_found', 'this expert is not assigned to this proposal');
    return { ok: true };
  }

  /** The calling expert's assignment to this proposal; 403 when there is none (or for a coordinator). */
  private async mine(actor: AdminActor, slug: string, proposalId: string): Promise<{ a: AssignmentRecord; p: ProposalRecord; s: StaffRecord }> {
    this.core.cityRuntime(slug);
    if (actor.staff?.role !== 'expert') fail('forbidden', 'only an expert assigned to this proposal assesses it');
    const p = await this.proposal(slug, proposalId);
    const a = await this.store.getAssignment(slug, proposalId, actor.staff!.id);
    if (!a) fail('forbidden', 'this proposal is not assigned to you');
    const s = await this.staff.find(slug, actor.staff!.id);
    return { a: a!, p, s };
  }

  async myAssessment(actor: AdminActor, slug: string, proposalId: string): Promise<Assessment> {
    const { a, s } = await this.mine(actor, slug, proposalId);
    return this.assessment(a, s);
  }

  /** The scores against the city's criteria (`domain/assessment-scores.ts`, the mock's words too). */
  private checkScores(criteria: AssessmentCriterion[], scores: Record<string, number>): void {
    const refused = scoresRefusal(criteria, scores);
    if (refused) throw refusedFields(refused);
  }

  async saveAssessment(actor: AdminActor, slug: string, proposalId: string, json: unknown): Promise<Assessment> {
    const parsed = AssessmentInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const { a, p, s } = await this.mine(actor, slug, proposalId);
    if (a.state === 'conflict') fail('forbidden', 'you declared a conflict of interest on this proposal, so you do not assess it');
    if (!ASSESSED_STATUSES.has(p.status)) fail('conflict', `a ${p.status} proposal is no longer assessed`);
    this.checkScores(this.core.cityRuntime(slug).criteria, parsed.data.scores);
    const next: AssignmentRecord = { ...a, state: 'assessed', scores: parsed.data.scores, recommendation: parsed.data.recommendation, note: parsed.data.note ?? null, updatedAt: this.core.now() };
    // The audit says that and how the expert recommended; the scores and the private note stay in the assessment.
    const ok = await this.store.saveAssessment(next, a.updatedAt, this.staff.audit(actor, slug, 'assessment.record', proposalId, { recommendation: next.recommendation }));
    if (!ok) fail('conflict', 'your assessment changed meanwhile (another tab?); reload and try again');
    return this.assessment(next, s);
  }

  async declareConflict(actor: AdminActor, slug: string, proposalId: string, json: unknown): Promise<Assessment> {
    const parsed = ConflictInput.safeParse(json ?? {});
    if (!parsed.success) throw validationError(parsed.error);
    const { a, s } = await this.mine(actor, slug, proposalId);
    if (a.state === 'conflict') return this.assessment(a, s);
    const next: AssignmentRecord = { ...a, state: 'conflict', scores: null, recommendation: null, note: null, conflictReason: parsed.data.reason ?? null, updatedAt: this.core.now() };
    const ok = await this.store.saveAssessment(next, a.updatedAt, this.staff.audit(actor, slug, 'assessment.conflict', proposalId, {}));
    if (!ok) fail('conflict', 'your assessment changed meanwhile (another tab?); reload and try again');
    return this.assessment(next, s);
  }

  private decisionOf(proposalId: string, d: CouncilDecision): Decision {
    const { actor: _actor, ...rest } = d;
    return { proposalId, ...rest };
  }

  async summary(slug: string, proposalId: string): Promise<AssessmentSummary> {
    const p = await this.proposal(slug, proposalId);
    const criteria = this.core.cityRuntime(slug).criteria;
    const rows = await this.store.listAssignments(slug, { proposalId });
    const people = await this.people(slug);
    const decisions = (p.decisions ?? []).map((d) => this.decisionOf(p.id, d));
    return {
      proposalId,
      criteria,
      assessments: rows.flatMap((r) => {
        const s = people.get(r.staffId);
        return s ? [this.assessment(r, s)] : [];
      }),
      ...summarise(criteria, rows),
      decision: decisions.at(-1) ?? null,
      decisions,
    };
  }

  async overview(slug: string): Promise<AssessmentOverview> {
    const view = await this.core.view(slug);
    const proposals = await this.core.store.listProposals(slug, view.cycle.id);
    const rows = await this.store.listAssignments(slug, {});
    const byProposal = new Map<string, AssignmentRecord[]>();
    for (const r of rows) byProposal.set(r.proposalId, [...(byProposal.get(r.proposalId) ?? []), r]);
    const items: AssessmentOverview['items'] = [];
    for (const p of proposals) {
      const mine = byProposal.get(p.id) ?? [];
      if (!mine.length && !p.decisions?.length) continue;
      const s = summarise(view.rt.criteria, mine);
      items.push({
        proposalId: p.id,
        title: p.title,
        status: p.status,
        assigned: s.assigned,
        assessed: s.assessed,
        pending: s.pending,
        conflicts: s.conflicts,
        disagreement: s.disagreement.any,
        decision: p.decisions?.at(-1)?.outcome ?? null,
      });
    }
    return { items };
  }

  async decide(actor: AdminActor, slug: string, proposalId: string, json: unknown, origin: string): Promise<DecisionResult> {
    const parsed = DecisionInput.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const input = parsed.data;
    const reason: PublicReason = typeof input.reason === 'string' ? { text: input.reason } : input.reason;
    if (typeof input.reason !== 'string' && reason.kk === undefined && reason.ru === undefined && reason.en === undefined)
      fail('validation_failed', 'give the reason in at least one language', { issues: [{ path: ['reason'], message: 'text.required' }] });
    const note = reasonNote(reason);
    if (graphemeLength(note) > 2000) fail('validation_failed', 'the reason is too long', { issues: [{ path: ['reason'], message: 'text.too_long', params: { max: 2000 } }] });
    if (input.outcome === 'accept' && input.finalCost === undefined)
      fail('validation_failed', 'an accepted proposal needs its final cost', { issues: [{ path: ['finalCost'], message: 'money.required' }] });
    if (input.outcome !== 'accept' && input.finalCost !== undefined)
      fail('validation_failed', 'the final cost goes with an accepted proposal only', { issues: [{ path: ['finalCost'], message: 'decision.cost_only_accept' }] });
    const status = STATUS_OF[input.outcome];
    const decision: CouncilDecision = {
      outcome: input.outcome,
      reason,
      finalCost: input.finalCost ?? null,
      status,
      decidedAt: this.core.now(),
      decidedBy: actor.name,
      actor: actor.id,
    };
    const proposal = await this.admin.applyDecision(
      actor,
      slug,
      proposalId,
      { status, note, ...(reason.text === undefined ? { notes: localNotes(reason) } : {}), finalCost: input.finalCost ?? null, decision, request: { outcome: input.outcome, reason, ...(input.finalCost !== undefined ? { finalCost: input.finalCost } : {}) } },
      origin,
      (p, view) => {
        if (!ASSESSED_STATUSES.has(p.status)) fail('conflict', `a ${p.status} proposal has left the council’s hands`);
        if (input.finalCost !== undefined) {
          const cap = costCap(view.rt.city, view.cycle, p.category, p.district);
          if (cap !== undefined && input.finalCost > cap) fail('over_cap', `a proposal of this kind may cost at most ${cap} ₸`, { issues: [{ path: ['finalCost'], message: 'cost.over_cap', params: { cap } }] });
        }
      },
    );
    const stored = await this.core.store.getProposal(slug, proposalId);
    const last = stored?.decisions?.at(-1) ?? decision;
    return { decision: this.decisionOf(proposalId, last), proposal };
  }
}
