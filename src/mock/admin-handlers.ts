import { RESEND_AFTER_MS, challengeGone, codeExpired, fail, http, invalidFields, keyRefused, oldestFirst, readEmptyBody, readJsonBody, readTextBody, refusal, resendTooSoon, wrongCode } from './answers.js';
import { HttpResponse, type HttpHandler } from 'msw';
import {
  AdminProposalQuery,
  ApplyResultsInput,
  ASSESSED_STATUSES,
  AssessmentInput,
  AuditQuery,
  ConflictInput,
  DecisionInput,
  MergeInput,
  PHASES,
  PaperBallotsInput,
  PhaseActionInput,
  PlaceOnBallotInput,
  SetCostInput,
  SetStatusInput,
  StaffCodeInput,
  StaffOidcConfirmInput,
  StaffInviteAcceptInput,
  StaffInviteInput,
  StaffUpdateInput,
  StaffOidcStartInput,
  StaffSignInInput,
  VisibilityInput,
  contactKind,
  graphemeLength,
  type AdminProposal,
  type Assessment,
  type AssessmentCriterion,
  type Assignment,
  type AuditEntry,
  type CityConfig,
  type Decision,
  type PoolChoice,
  type ProposalStatus,
  type PublicReason,
  type Receipt,
  type Results,
  type StaffChallenge,
  type StaffMember,
} from '../contract/index.js';
import { adminProposalPage } from '../domain/admin-proposal-list.js';
import { scoresRefusal } from '../domain/assessment-scores.js';
import { otherDistrictIssues, validateBallot } from '../domain/ballot.js';
import { BALLOT_STATUSES, isBallotProject } from '../domain/ballot-projects.js';
import { statusChangeRefusal, statusInputRefusal } from '../domain/status-change.js';
import { JSON_BODY_LIMIT, PAPER_BALLOTS_BODY_LIMIT, VOTER_LIST_BODY_LIMIT } from '../domain/body-limit.js';
import { costCap, poolCovers } from '../domain/cost-cap.js';
import { NO_SUCH_POOL } from '../domain/cycle-refusals.js';
import { cursorRefusal, decodeAuditCursor, encodeAuditCursor } from '../domain/cursor.js';
import { readListQuery } from '../domain/list-query.js';
import { parseVoterList } from '../domain/voter-list.js';
import { paperDistrictIssue } from '../domain/paper.js';
import { formatInstant } from '../domain/city-time.js';
import { ATTEMPTS, CODE_LENGTH, CODE_TTL_MS } from '../domain/one-time-code.js';
import { SIGN_IN_TOO_LONG, SIGN_IN_TTL_MS } from '../domain/provider-sign-in.js';
import { phaseClosedMessage, resultsFinal, windowState } from '../domain/phase.js';
import { withEntry } from '../domain/proposal-history.js';
import { countPool, poolProjects, projectVotes, voteKind } from '../domain/results-count.js';
import { resultsToApply, withDecisions } from '../domain/results-decisions.js';
import { pabulibFileName, resultsDownloads } from '../domain/results-downloads.js';
import { poolPabulib } from '../domain/results-files.js';
import { aksuProposals, demoConfig, type DemoPhase } from './fixtures.js';

/**
 * The admin API (project centre, expert council) behind msw, for the centre's
 * browser tests: the same routes, statuses, codes and issue messages as the
 * reference server for what the centre does (src/server/services/admin.ts,
 * the staff routes of src/contract/staff.ts), over Aksu's demo data.
 */
export interface AdminMockOptions {
  base?: string;
  now?: number;
  phase?: DemoPhase;
  /** The bootstrap admin token the mock accepts. */
  token?: string;
  /** Answer the staff API (criteria, people, assignments, assessments); without it those routes are 404 as on an older server. */
  staff?: boolean;
  /** How the city proves voters (`voter_list` adds the voter-list routes; `oidc`: staff may also sign in with the city's provider). */
  identity?: 'phone_only' | 'voter_list' | 'oidc';
}

export interface AdminMockState {
  config: CityConfig;
  /**
   * The proposals, each one's `votes` standing for that many ballots cast online, each choosing it alone (as the
   * server's demo seeds them): what the mock counts, not what it answers. Its answers give the votes those ballots and
   * the paper ballots entered give each proposal, as the server's do.
   */
  proposals: AdminProposal[];
  /** The log of this mock and the implementation records' (implementation-admin-handlers.ts), newest first; written with `appendAudit`. */
  audit: AuditEntry[];
  staff: StaffMember[];
  assignments: Assignment[];
  assessments: Map<string, Assessment>;
  /** Staff session tokens → staff id. */
  sessions: Map<string, string>;
  /** Paper ballots entered through the admin API, each as its pools' choices. */
  paperBallots: PoolChoice[][];
  /**
   * Sign-ins with the city's identity provider: challenge → who the provider proved (`pending` until `mockOidcFinish`),
   * the proof the callback handed the browser (confirming needs it, as on the server), and when the sign-in expires
   * (ms, on the clock the codes keep: `Date`). Deleted once confirmed, as the server's.
   */
  oidc: Map<string, { outcome: 'pending' | 'done' | string; staffId: string | null; returnTo: string; mode: 'popup' | 'redirect'; inviteToken: string | null; proof: string | null; expiresAt: number }>;
  /** Each person's contact, normalised as the server keeps it (`+77…` or a lower-case e-mail): who a sign-in is for, which contact is taken. */
  contacts: Map<string, string>;
  /** Open invitations: token → the person and when it stops working (ms). */
  invites: Map<string, { staffId: string; expiresAt: number }>;
  /**
   * Sign-ins by code: challenge → whom the code went to (null: nobody, so no code works), the invitation it accepts,
   * attempts left, when its code was sent and when it expires (ms, on the clock the public mock's codes keep: `Date`);
   * `linked` when it follows a sign-in with the city's provider (the code binds that account).
   */
  challenges: Map<string, { staffId: string | null; inviteToken: string | null; attemptsLeft: number; channel: 'sms' | 'email'; sentAt: number; expiresAt: number; linked?: boolean }>;
  /** The council's decisions by proposal, oldest first. */
  decisions: Map<string, Decision[]>;
  /** Requests received, `METHOD path` (tests check what was sent). */
  calls: string[];
}

export const MOCK_ADMIN_TOKEN = 'mock-admin-token-0123456789';
/** The code every mock sign-in takes. */
export const MOCK_STAFF_CODE = '123456';
/** The invitation of the mock's invited expert (st_expert2): it has expired, as its `inviteExpiresAt` says. */
export const MOCK_EXPIRED_INVITE = 'inv1.expiredexpiredexpiredexpired';
const INVITE_TTL_MS = 7 * 24 * 3600_000;
export const MOCK_CRITERIA: AssessmentCriterion[] = [
  { id: 'feasibility', label: { kk: 'Іске асырылуы', ru: 'Реализуемость', en: 'Feasibility' }, min: 1, max: 5 },
  { id: 'benefit', label: { kk: 'Қоғамға пайдасы', ru: 'Польза для жителей', en: 'Public benefit' }, min: 1, max: 5 },
];

/** Proposals the council may still decide on, and the status each outcome sets (src/server/services/assessment.ts). */
const COUNCIL_STATUSES: readonly ProposalStatus[] = ['submitted', 'under_review', 'needs_changes', 'accepted', 'rejected'];
const DECISION_STATUS = { accept: 'accepted', needs_changes: 'needs_changes', reject: 'rejected' } as const satisfies Record<Decision['outcome'], ProposalStatus>;

/** An expert's session on a coordinator's route (403), in the server's words (services/admin.ts `authorizeAdmin`). */
export const ROLE_REFUSAL = 'experts may read proposals and assess those assigned to them; this needs a coordinator';

/** Who an admin request comes from: a config token, or a person's staff session. */
export type AdminCaller = { kind: 'token' } | { kind: 'staff'; staffId: string; role: 'coordinator' | 'expert' };

/** A staff session token starts as the server's do (services/staff.ts `SESSION_PREFIX`): the server looks it up as a session, not as a config token. */
const STAFF_SESSION_PREFIX = 'st1.';

/**
 * The credential of an admin request read as the server reads it (services/admin.ts `adminFromHeader`, routes/staff.ts
 * `staffSessions`, services/staff.ts `resolve`), with its 401 in the server's words: a bearer token of 16–512
 * characters; a staff session token is looked up among the sessions, any other is compared with the config `token`.
 */
export function adminCaller(state: AdminMockState, token: string, request: Request): AdminCaller | Response {
  const bearer = /^Bearer (\S{16,512})$/.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!bearer) return fail('unauthorized', 'this needs an admin bearer token');
  if (!bearer.startsWith(STAFF_SESSION_PREFIX)) return bearer === token ? { kind: 'token' } : fail('unauthorized', 'the admin token is not valid');
  return staffSession(state, bearer);
}

/** A staff session token's person, or the server's 401 (`resolve`): malformed, ended (or never was), or the person no longer active. */
function staffSession(state: AdminMockState, bearer: string): AdminCaller | Response {
  if (bearer.length > 200) return fail('unauthorized', 'the session is not valid; sign in again');
  const member = state.sessions.has(bearer) ? state.staff.find((s) => s.id === state.sessions.get(bearer)) : undefined;
  if (!member) return fail('unauthorized', 'the session has ended; sign in again');
  if (member.status !== 'active') {
    state.sessions.delete(bearer);
    return fail('unauthorized', 'this account is no longer active; ask a coordinator');
  }
  return { kind: 'staff', staffId: member.id, role: member.role };
}

export function createAdminMock(options: AdminMockOptions = {}): { handlers: HttpHandler[]; state: AdminMockState } {
  const base = (options.base ?? '/api/v1').replace(/\/$/, '');
  /** The path the mock's API is served under, whatever its origin (the server's links are server-relative). */
  const apiPath = new URL(base, 'http://mock.invalid').pathname.replace(/\/$/, '');
  const now = options.now ?? Date.now();
  const token = options.token ?? MOCK_ADMIN_TOKEN;
  const config = demoConfig('aksu', now, options.phase ?? 'submission', options.identity ?? 'phone_only');
  const at = () => formatInstant(new Date(now), config.city.timeZone);
  const state: AdminMockState = {
    config,
    proposals: aksuProposals(now).map((p, i) => ({ ...p, hidden: false, published: true, authorKey: `a${i}`, votes: p.votes ?? 0 })),
    audit: [],
    staff: options.staff
      ? [
          { id: 'st_expert1', city: 'aksu', name: 'Айгүл Серікқызы', organisation: 'Акимат, отдел архитектуры', role: 'expert', status: 'active', contactKind: 'phone', contactHint: '…47', invitedAt: at(), invitedBy: 'Aksu project centre', inviteExpiresAt: null, activatedAt: at(), revokedAt: null, lastSignInAt: at() },
          { id: 'st_expert2', city: 'aksu', name: 'Pavel Ivanov', organisation: 'ERG', role: 'expert', status: 'invited', contactKind: 'email', contactHint: 'p…@erg.kz', invitedAt: at(), invitedBy: 'Aksu project centre', inviteExpiresAt: at(), activatedAt: null, revokedAt: null, lastSignInAt: null },
        ]
      : [],
    assignments: [],
    assessments: new Map(),
    sessions: new Map(),
    paperBallots: [],
    oidc: new Map(),
    contacts: new Map(options.staff ? [['st_expert1', '+77010000047'], ['st_expert2', 'pavel@erg.kz']] : []),
    invites: new Map(options.staff ? [[MOCK_EXPIRED_INVITE, { staffId: 'st_expert2', expiresAt: now }]] : []),
    challenges: new Map(),
    decisions: new Map(),
    calls: [],
  };

  type Who = AdminCaller;
  /** Who the audit log names (the server's `AdminActor.id`): the config token's account, or `staff:<id>` for a person. */
  const actorName = (w: Who) => (w.kind === 'token' ? 'aksu-centre' : `staff:${w.staffId}`);
  /** The acting person's name (the server's `AdminActor.name`): the config token's account's, or the staff member's. */
  const displayName = (w: Who) => (w.kind === 'token' ? 'Aksu project centre' : state.staff.find((m) => m.id === w.staffId)!.name);

  /** Authorises like the server: 401 without a valid credential, 404 for a city it does not know (all but Aksu), 403 for an expert on a coordinator's route. */
  const guard = (request: Request, city: string | undefined, role: 'any' | 'coordinator' = 'coordinator'): Who | Response => {
    state.calls.push(`${request.method} ${new URL(request.url).pathname}`);
    const w = adminCaller(state, token, request);
    if (w instanceof Response) return w;
    if (city !== undefined && city !== 'aksu') return fail('not_found', 'no such city');
    if (role === 'coordinator' && w.kind === 'staff' && w.role !== 'coordinator') return fail('forbidden', ROLE_REFUSAL);
    return w;
  };
  const find = (id: string) => state.proposals.find((p) => p.id === id);
  /** The ballot is fixed from the start of voting on, for good (the mock has one cycle: every proposal's own). */
  const frozen = () => windowState(state.config.cycle, 'voting', new Date(now)) !== 'before';
  /** An entry of the audit log as written (the voter list's names no one, as services/voter-list.ts; a sign-in its person). */
  const record = (actor: string, action: string, target: string | null, details: Record<string, unknown>) => appendAudit(state, { at: at(), actor, action, target, details });
  /** The entry of a centre's action, as the server's `audit` (services/admin.ts, staff.ts): a person is named (`by`). */
  const audit = (w: Who, action: string, target: string | null, details: Record<string, unknown>) =>
    record(actorName(w), action, target, w.kind === 'staff' ? { ...details, by: displayName(w) } : details);
  /** The latest public note, as the server's `setNote`: it replaces the one before, and that one's words per language. */
  const setNote = (p: AdminProposal, note: string) => {
    p.reviewNote = note;
    delete p.reviewNotes;
  };
  /** A new status with its public note, as the server's `pushStatus` (a full history makes room as the server's does). */
  const push = (p: AdminProposal, status: ProposalStatus, note?: string) => {
    p.history = withEntry(p.history, note ? { status, at: at(), note } : { status, at: at() });
    p.status = status;
    if (note) setNote(p, note);
  };
  const cap = (poolId: string) => {
    const pool = state.config.cycle.pools.find((x) => x.id === poolId)!;
    return Math.min(pool.costCap ?? pool.budget, pool.budget);
  };
  const overCap = (c: number) => fail('over_cap', `a project in this pool may cost at most ${c} ₸`, [{ path: ['finalCost'], message: 'cost.over_cap', params: { cap: c } }]);

  /**
   * What is on the ballot, as the server counts it (src/server/services/proposals.ts ballotProjects): the current
   * cycle's projects of the ballot (`domain/ballot-projects.ts`), in the server's order (oldest first).
   */
  const ballotProjects = () =>
    state.proposals
      .filter((p) => p.cycleId === state.config.cycle.id && isBallotProject(p))
      .sort(oldestFirst);
  const paperKeys = new Map<string, { body: string; result: { receipts: Receipt[] } }>();
  const receiptCode = () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
    const group = () => Array.from({ length: 4 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
    return `${group()}-${group()}-${group()}-${group()}`;
  };
  /**
   * The ballots the server counts for the current cycle (`countedBallots`), online and on paper: a fixture's `votes`
   * stand for that many ballots cast online, each choosing that project alone (as the server's demo seeds them), and
   * each paper ballot entered is one cast on paper.
   */
  const countedBallots = (projects: readonly AdminProposal[]): { online: { choices: PoolChoice[] }[]; paper: { choices: PoolChoice[] }[] } => {
    const points = voteKind(state.config.cycle.ballot) === 'cumulative';
    const online: { choices: PoolChoice[] }[] = [];
    for (const p of projects) for (let i = 0; i < p.votes; i++) online.push({ choices: [{ poolId: p.poolId!, picks: [points ? { projectId: p.id, points: 1 } : { projectId: p.id }] }] });
    return { online, paper: state.paperBallots.map((choices) => ({ choices })) };
  };
  /**
   * The votes of the current cycle's proposals, as the server's `voteCounts`: per project, the approvals, points or
   * first preferences (`projectVotes`) of the ballots the results count, cast online and entered on paper.
   */
  const cycleVotes = () => {
    const { online, paper } = countedBallots(ballotProjects());
    return projectVotes(state.config.cycle.ballot, [...online, ...paper]);
  };
  /**
   * A proposal as the admin API answers it (the server's `toAdmin` with its own cycle's count): the list, one
   * proposal and an action's answer. The server counts a proposal of another cycle its config names (last year's
   * winner) by that cycle's ballots; the mock has none of another cycle but those its `votes` stand for, so they are
   * its count.
   */
  const answered = (p: AdminProposal, votes = cycleVotes()): AdminProposal => ({ ...p, votes: p.cycleId === state.config.cycle.id ? (votes.get(p.id) ?? 0) : p.votes });
  /**
   * The results as the admin API gives them (the server's `ResultsService.compute` of the current cycle, public or
   * not): each pool counted by the cycle's rule (`domain/results-count.ts`, the server's count) over the ballots cast
   * online and on paper, the turnout split by channel, final from the start of the results phase; final results say
   * where the council's status of a project disagrees with the count, and the downloads are linked (server-relative:
   * under the path of the mock's base), the pabulib file once final.
   */
  const results = (): Results => {
    const cycle = state.config.cycle;
    const projects = ballotProjects();
    const { online, paper } = countedBallots(projects);
    const ballots = [...online, ...paper];
    const pools = cycle.pools.map((_, i) => countPool(cycle, i, projects, ballots));
    const final = resultsFinal(cycle, new Date(now));
    return {
      cycleId: cycle.id,
      mode: final ? 'final' : 'live',
      computedAt: at(),
      turnout: { online: online.length, paper: paper.length, total: ballots.length },
      pools: final ? withDecisions(pools, projects) : pools,
      downloads: resultsDownloads(state.config.city.slug, final, null, apiPath),
    };
  };

  const A = `${base}/admin/cities/:city`;
  type P = { city: string; id: string };
  /**
   * A proposal's action in the server's order (src/server/services/admin.ts): the credential and the city, the body,
   * its fields (`check`, with what is refused before the proposal is looked at), the proposal, then the action (`run`).
   */
  const action = <T extends object>(name: string, check: (body: unknown, id: string) => ReturnType<typeof fail> | T, run: (w: Who, p: AdminProposal, input: T) => Response | AdminProposal) =>
    http.post<P>(`${A}/proposals/:id/${name}`, async ({ request, params }) => {
      const w = guard(request, params.city);
      if (w instanceof Response) return w;
      const read = await readJsonBody(request);
      if (read instanceof Response) return read;
      const input = check(read.json, params.id);
      if (input instanceof Response) return input;
      const p = find(params.id);
      if (!p) return fail('not_found', 'no such proposal');
      const r = run(w, p, input);
      if (r instanceof Response) return r;
      // As the server's `change`: whatever an action changed was changed now.
      r.updatedAt = at();
      // As the server: the request as its schema read it (the notes normalised), not as it came.
      audit(w, `proposal.${name}`, p.id, { request: input });
      return HttpResponse.json(answered(r));
    });

  const handlers: HttpHandler[] = [
    // The public config (no credential): the sign-in reads the city's identity method from it.
    http.get<P>(`${base}/cities/:city`, ({ params }) => (params.city === 'aksu' ? HttpResponse.json(state.config) : fail('not_found', 'no such city'))),
    http.get(`${base}/admin/whoami`, ({ request }) => {
      const w = guard(request, undefined, 'any');
      if (w instanceof Response) return w;
      // As the server's `whoami`: a person by their own id, the config token by its account's.
      return HttpResponse.json({ id: w.kind === 'token' ? actorName(w) : w.staffId, name: displayName(w), cities: ['aksu'] });
    }),
    http.get<P>(A, ({ request, params }) => {
      const w = guard(request, params.city, 'any');
      if (w instanceof Response) return w;
      return HttpResponse.json(state.config);
    }),
    http.get<P>(`${A}/proposals`, ({ request, params }) => {
      const w = guard(request, params.city, 'any');
      if (w instanceof Response) return w;
      // As the server's `AdminService.list`: the query read as a list's (domain/list-query.ts), then the current cycle's
      // proposals in its store's order (oldest first), filtered and paged by the rule both apply
      // (domain/admin-proposal-list.ts), its cursors the server's.
      const read = readListQuery(new URL(request.url).searchParams, AdminProposalQuery);
      if (!read.ok) return fail('validation_failed', read.message, read.issues);
      const page = adminProposalPage(state.proposals.filter((p) => p.cycleId === state.config.cycle.id).sort(oldestFirst), read.query);
      if (!page.ok) return fail('validation_failed', page.message, page.issues);
      const votes = cycleVotes();
      return HttpResponse.json({ items: page.items.map((p) => answered(p, votes)), nextCursor: page.nextCursor, total: page.total });
    }),
    http.get<P>(`${A}/proposals/:id`, ({ request, params }) => {
      const w = guard(request, params.city, 'any');
      if (w instanceof Response) return w;
      const p = find(params.id);
      return p ? HttpResponse.json(answered(p)) : fail('not_found', 'no such proposal');
    }),
    // Every version an author wrote (the authors' API, for staff); the demo's proposals were never resubmitted.
    http.get<P>(`${A}/proposals/:id/versions`, ({ request, params }) => {
      const w = guard(request, params.city, 'any');
      if (w instanceof Response) return w;
      const p = find(params.id);
      if (!p) return fail('not_found', 'no such proposal');
      const { title, description, category, district, address, point, estimatedCost, photos, authorName } = p;
      const content = { title, description, category, ...(district !== undefined ? { district } : {}), address, ...(point ? { point } : {}), estimatedCost, photos, authorName };
      return HttpResponse.json({ proposalId: p.id, items: [{ n: 1, at: p.createdAt, status: 'submitted', content, changed: [] }] });
    }),
    action(
      'status',
      (body) => {
        const parsed = SetStatusInput.safeParse(body);
        if (!parsed.success) return invalidFields(parsed.error);
        // As the server (domain/status-change.ts): a status with its own action (a cancelled project is cancelled by its
        // implementation record's final word, implementation-admin-handlers.ts), or one that needs a public reason without it.
        const refused = statusInputRefusal(parsed.data);
        if (refused) return fail(refused.code, refused.message, refused.issues);
        return parsed.data;
      },
      (_w, p, { status, note }) => {
        // As the server: a cancelled project stays so; leaving a fixed ballot's statuses and a ballot status without a pool are refused.
        const refusal = statusChangeRefusal(p, status, frozen());
        if (refusal) return fail(refusal.code, refusal.message, refusal.issues);
        if (!BALLOT_STATUSES.has(status)) delete p.poolId;
        push(p, status, note);
        return p;
      },
    ),
    action(
      'cost',
      (body) => {
        const parsed = SetCostInput.safeParse(body);
        return parsed.success ? parsed.data : invalidFields(parsed.error);
      },
      (_w, p, { finalCost, note }) => {
        if (p.poolId !== undefined && frozen()) return fail('phase_closed', 'the ballot is fixed once voting has started');
        if (p.poolId !== undefined && finalCost > cap(p.poolId)) return overCap(cap(p.poolId));
        p.finalCost = finalCost;
        // As the server (setCost): a note is the latest public note, with no words per language left of the one before.
        if (note) setNote(p, note);
        return p;
      },
    ),
    action(
      'merge',
      (body, id) => {
        const parsed = MergeInput.safeParse(body);
        if (!parsed.success) return invalidFields(parsed.error);
        if (parsed.data.into === id) return fail('validation_failed', 'a proposal cannot be merged into itself', [{ path: ['into'], message: 'merge.self' }]);
        return parsed.data;
      },
      (_w, p, { into, note }) => {
        const target = find(into);
        if (!target) return fail('validation_failed', 'no such proposal to merge into', [{ path: ['into'], message: 'merge.unknown' }]);
        if (target.status === 'merged') return fail('validation_failed', 'the target was itself merged', [{ path: ['into'], message: 'merge.target_merged' }]);
        if (p.status === 'merged') return fail('conflict', 'this proposal is already merged');
        if ((p.poolId !== undefined || target.poolId !== undefined) && frozen()) return fail('phase_closed', 'the ballot is fixed once voting has started');
        delete p.poolId;
        p.mergedInto = into;
        push(p, 'merged', note);
        // As the server: the target's history gets the reason, its status and review note stay; it is written (changed
        // now) with or without one.
        if (note) target.history = withEntry(target.history, { status: target.status, at: at(), note });
        target.updatedAt = at();
        return p;
      },
    ),
    action(
      'ballot',
      (body) => {
        const parsed = PlaceOnBallotInput.safeParse(body);
        return parsed.success ? parsed.data : invalidFields(parsed.error);
      },
      (_w, p, { poolId, finalCost, note }) => {
        if (frozen()) return fail('phase_closed', 'the ballot is fixed once voting has started');
        const pool = state.config.cycle.pools.find((x) => x.id === poolId);
        if (!pool) return fail('validation_failed', NO_SUCH_POOL, [{ path: ['poolId'], message: 'pool.unknown' }]);
        if (!poolCovers(pool, p.category, p.district)) return fail('validation_failed', 'the proposal does not belong in this pool', [{ path: ['poolId'], message: 'pool.scope_mismatch' }]);
        if (p.status === 'merged' || p.status === 'withdrawn') return fail('conflict', `a ${p.status} proposal cannot go on the ballot`);
        const cost = finalCost ?? p.finalCost ?? p.estimatedCost;
        if (cost > cap(poolId)) return overCap(cap(poolId));
        if (finalCost !== undefined) p.finalCost = finalCost;
        p.poolId = poolId;
        push(p, 'on_ballot', note);
        return p;
      },
    ),
    action(
      'visibility',
      (body) => {
        const parsed = VisibilityInput.safeParse(body);
        if (!parsed.success) return invalidFields(parsed.error);
        if (parsed.data.hidden === undefined && parsed.data.published === undefined) return fail('validation_failed', 'nothing to change', [{ path: [], message: 'visibility.empty' }]);
        return parsed.data;
      },
      (_w, p, { hidden, published }) => {
        // As the server: a hidden project is not counted, so a project of the fixed ballot is neither hidden nor shown again.
        if (p.poolId !== undefined && frozen()) {
          if (hidden === true) return fail('phase_closed', 'a project on the ballot cannot be hidden once voting has started');
          if (hidden === false && p.hidden) return fail('phase_closed', 'the ballot is fixed once voting has started');
        }
        if (hidden !== undefined) p.hidden = hidden;
        if (published !== undefined) p.published = published;
        return p;
      },
    ),
    http.post<P>(`${A}/phases`, async ({ request, params }) => {
      const w = guard(request, params.city);
      if (w instanceof Response) return w;
      const read = await readJsonBody(request);
      if (read instanceof Response) return read;
      const parsed = PhaseActionInput.safeParse(read.json);
      if (!parsed.success) return invalidFields(parsed.error);
      const { phase, action: act } = parsed.data;
      const cycle = state.config.cycle;
      const s = windowState(cycle, phase, new Date(now));
      const iso = (t: number) => formatInstant(new Date(t), state.config.city.timeZone);
      if (act === 'close') {
        if (s !== 'open') return fail('conflict', `the ${phase} phase is not open`);
        cycle.phases[phase] = { start: cycle.phases[phase].start, end: iso(now) };
      } else {
        if (s !== 'before') return fail('conflict', `the ${phase} phase has already ${s === 'open' ? 'started' : 'ended'}`);
        cycle.phases[phase] = { start: iso(now), end: cycle.phases[phase].end };
        for (const earlier of PHASES.slice(0, PHASES.indexOf(phase))) {
          const e = cycle.phases[earlier];
          if (Date.parse(e.end) <= now) continue;
          cycle.phases[earlier] = { start: iso(Math.min(Date.parse(e.start), now - 1)), end: iso(now) };
        }
        state.config.currentPhase = phase;
      }
      audit(w, `phase.${act}`, phase, { phase, action: act });
      return HttpResponse.json(state.config);
    }),
    http.post<P>(`${A}/results/apply`, async ({ request, params }) => {
      const w = guard(request, params.city);
      if (w instanceof Response) return w;
      // As the server: the body and its fields (a note at most), then the phase (the results are final from their start on).
      const read = await readJsonBody(request);
      if (read instanceof Response) return read;
      const parsed = ApplyResultsInput.safeParse(read.json);
      if (!parsed.success) return invalidFields(parsed.error);
      if (windowState(state.config.cycle, 'results', new Date(now)) === 'before') return fail('phase_closed', phaseClosedMessage('applying the results', state.config.cycle, 'results'));
      // As the server (services/admin.ts applyResults): each project still `on_ballot` takes the count's outcome (with
      // the note); one the council moved already is left alone. Written, with its entry in the log, only when anything changed.
      const { out, moves } = resultsToApply(results().pools, new Map(ballotProjects().map((p) => [p.id, p])));
      for (const { project, status } of moves) {
        push(project, status, parsed.data.note);
        project.updatedAt = at();
      }
      if (out.winners.length || out.notFunded.length) audit(w, 'results.apply', state.config.cycle.id, { winners: out.winners.length, notFunded: out.notFunded.length });
      return HttpResponse.json(out);
    }),
    http.post<P>(`${A}/paper-ballots`, async ({ request, params }) => {
      const w = guard(request, params.city);
      if (w instanceof Response) return w;
      // In the server's order: the key, the body, then (once per key) the cycle, the phase and each ballot against the rule.
      const noKey = keyRefused(request);
      if (noKey) return noKey;
      const key = request.headers.get('idempotency-key')!;
      // A batch of paper ballots may be larger than other bodies (the server's limit: its own, or its JSON limit if larger).
      const read = await readJsonBody(request, { limit: Math.max(JSON_BODY_LIMIT, PAPER_BALLOTS_BODY_LIMIT) });
      if (read instanceof Response) return read;
      // Compared as the JSON it parsed to, as the server compares it (not its spacing).
      const text = JSON.stringify(read.json) ?? '';
      const parsed = PaperBallotsInput.safeParse(read.json);
      if (!parsed.success) return invalidFields(parsed.error);
      const done = paperKeys.get(`${actorName(w)}\n${key}`);
      if (done) return done.body === text ? HttpResponse.json(done.result, { status: 201 }) : fail('idempotency_key_reused', 'this Idempotency-Key was used with a different request');
      const input = parsed.data;
      const cycle = state.config.cycle;
      if (input.cycleId !== cycle.id) return fail('validation_failed', 'this cycle is not the current one', [{ path: ['cycleId'], message: 'cycle.not_current' }]);
      if (windowState(cycle, 'voting', new Date(now)) === 'before' || state.config.currentPhase === 'implementation' || state.config.currentPhase === 'closed')
        return fail('phase_closed', 'paper ballots are entered from the start of voting until the results phase ends');
      const districtIssue = paperDistrictIssue(cycle.pools, state.config.city.districts.map((d) => d.id), input.district);
      if (districtIssue) return fail('validation_failed', 'name the district whose ballot papers these are, one of the city’s', [districtIssue]);
      const projects = ballotProjects().map((p) => ({ id: p.id, cost: p.finalCost ?? p.estimatedCost, poolId: p.poolId! }));
      const issues = input.ballots.flatMap((b, i) =>
        [...otherDistrictIssues(cycle.pools, input.district ?? null, b), ...validateBallot(cycle, projects, b)].map((x) => ({ ...x, path: ['ballots', i, ...x.path] })),
      );
      if (issues.length) return fail('ballot_invalid', 'a paper ballot breaks the rules of this vote', issues.slice(0, 50));
      const receipts: Receipt[] = input.ballots.map(() => ({ receiptCode: receiptCode(), cycleId: cycle.id, castAt: at(), changeableUntil: null }));
      for (const b of input.ballots) state.paperBallots.push(b.choices.filter((c) => c.picks.length > 0));
      paperKeys.set(`${actorName(w)}\n${key}`, { body: text, result: { receipts } });
      audit(w, 'ballots.paper', input.desk, { desk: input.desk, ...(input.district ? { district: input.district } : {}), count: input.ballots.length });
      return HttpResponse.json({ receipts }, { status: 201 });
    }),
    http.get<P>(`${A}/results`, ({ request, params }) => {
      const w = guard(request, params.city);
      return w instanceof Response ? w : HttpResponse.json(results());
    }),
    http.get<P>(`${A}/export.pb`, ({ request, params }) => {
      const w = guard(request, params.city);
      if (w instanceof Response) return w;
      // As the server (services/results.ts `pabulib`): the pool named (the first by default), its projects on the
      // ballot, their count and the ballots with picks in it; then an entry in the log naming it and who took it.
      const asked = new URL(request.url).searchParams.get('pool') ?? undefined;
      const cycle = state.config.cycle;
      const pool = asked === undefined ? cycle.pools[0]! : cycle.pools.find((x) => x.id === asked);
      if (!pool) return fail('not_found', NO_SUCH_POOL);
      const projects = ballotProjects();
      const { online, paper } = countedBallots(projects);
      const result = results().pools.find((x) => x.poolId === pool.id)!;
      // The voters numbered in the order the mock keeps the ballots: the server orders them by a keyed hash first, so
      // that a voter's number says nothing of when or how they voted, and the mock has no such key. Only the numbering
      // differs; the ballots are the same.
      const ballots = [...online, ...paper].map((b) => b.choices.find((c) => c.poolId === pool.id)?.picks ?? []).filter((picks) => picks.length > 0);
      const text = poolPabulib({ city: state.config.city, cycle, pool, projects: poolProjects(projects, pool.id), result, ballots });
      audit(w, 'export.pb', asked ?? null, {});
      return new HttpResponse(text, { headers: { 'content-type': 'text/plain; charset=utf-8', 'content-disposition': `attachment; filename="${pabulibFileName(params.city, cycle.id, asked)}"` } });
    }),
    http.get<P>(`${A}/audit`, ({ request, params }) => {
      const w = guard(request, params.city);
      if (w instanceof Response) return w;
      // Read as the server reads a list's query (src/server/services/proposals.ts parseQuery): a key twice is refused, `limit` is an integer.
      const query = new URL(request.url).searchParams;
      const repeated = [...new Set(query.keys())].find((key) => query.getAll(key).length > 1);
      if (repeated !== undefined) return fail('validation_failed', 'a query parameter is repeated', [{ path: [repeated.slice(0, 64)], message: 'query.repeated' }]);
      const { limit, ...rest } = Object.fromEntries(query);
      const parsed = AuditQuery.safeParse({ ...rest, ...(limit !== undefined ? { limit: /^\d{1,4}$/.test(limit) ? Number(limit) : limit } : {}) });
      if (!parsed.success) return invalidFields(parsed.error);
      const before = parsed.data.cursor ? decodeAuditCursor(parsed.data.cursor) : null;
      if (parsed.data.cursor && before === null) {
        const { message, issues } = cursorRefusal();
        return fail('validation_failed', message, issues);
      }
      // Newest first by number, as the server's store (whatever order a test put entries in); a full page gives a
      // cursor even when nothing older is left, as there.
      const size = parsed.data.limit ?? 100;
      const items = state.audit
        .filter((e) => before === null || e.id < before)
        .sort((a, b) => b.id - a.id)
        .slice(0, size);
      return HttpResponse.json({ items, nextCursor: items.length === size ? encodeAuditCursor(items[items.length - 1]!.id) : null });
    }),
  ];

  if (options.identity === 'voter_list') {
    // Rows read as the server reads them (src/domain/voter-list.ts): refused by line, never echoed.
    const list = new Map<string, { phone: string; district: string | null }>();
    const summary = () => ({ cycleId: state.config.cycle.id, method: 'voter_list', total: list.size, byDistrict: { '': list.size }, updatedAt: list.size ? at() : null, deleteAfter: state.config.cycle.phases.voting.end });
    const upload = (mode: 'replace' | 'amend' | 'remove') => async ({ request, params }: { request: Request; params: P }) => {
      const w = guard(request, params.city);
      if (w instanceof Response) return w;
      // As the server: the file is read (CSV or plain text, UTF-8, at most its limit) before the cycle is looked at.
      const text = await readTextBody(request, VOTER_LIST_BODY_LIMIT);
      if (text instanceof Response) return text;
      if (Date.parse(state.config.cycle.phases.voting.end) <= now) return fail('phase_closed', 'voting in this cycle has ended; its voter list is deleted');
      const parsed = parseVoterList(text, { columns: mode === 'remove' ? 'iin' : 'iin-phone', districts: state.config.city.districts.map((d) => d.id) });
      const rejected = parsed.rejected.slice(0, 500);
      // As the server: a replacement with no usable row changes nothing (it would empty the list by mistake).
      if (!parsed.rows.length && mode === 'replace') {
        const { status, body } = refusal('validation_failed', 'the file has no usable row; nothing was changed', [{ path: [], message: 'voter_list.empty' }]);
        return HttpResponse.json({ ...body, details: { ...body.details, rejected } }, { status });
      }
      let added = 0;
      let updated = 0;
      let removed = 0;
      if (mode === 'remove') for (const r of parsed.rows) removed += list.delete(r.iin) ? 1 : 0;
      else {
        if (mode === 'replace') {
          const kept = new Set(parsed.rows.map((r) => r.iin));
          for (const iin of [...list.keys()]) if (!kept.has(iin)) removed += list.delete(iin) ? 1 : 0;
        }
        for (const r of parsed.rows) {
          if (list.has(r.iin)) updated++;
          else added++;
          list.set(r.iin, { phone: r.phone, district: r.district });
        }
      }
      record(actorName(w), `voter_list.${mode}`, state.config.cycle.id, { rows: parsed.rows.length, rejected: parsed.rejected.length });
      return HttpResponse.json({ cycleId: state.config.cycle.id, mode, accepted: parsed.rows.length, added, updated, removed, total: list.size, rejected, rejectedTotal: parsed.rejected.length });
    };
    handlers.push(
      http.get<P>(`${A}/voter-list`, ({ request, params }) => {
        const w = guard(request, params.city);
        return w instanceof Response ? w : HttpResponse.json(summary());
      }),
      http.put<P>(`${A}/voter-list`, upload('replace')),
      http.post<P>(`${A}/voter-list`, upload('amend')),
      http.post<P>(`${A}/voter-list/remove`, upload('remove')),
    );
  }

  if (options.staff) {
    const summary = (id: string) => {
      const assessments = state.assignments.filter((a) => a.proposalId === id).map((a) => state.assessments.get(`${id}/${a.staffId}`) ?? { proposalId: id, staffId: a.staffId, expertName: a.expertName, organisation: a.organisation, state: a.state, scores: null, recommendation: null, note: null, conflictReason: null, updatedAt: null });
      const assessed = assessments.filter((a) => a.state === 'assessed');
      const averages = Object.fromEntries(MOCK_CRITERIA.map((c) => [c.id, assessed.length ? assessed.reduce((s, a) => s + (a.scores?.[c.id] ?? 0), 0) / assessed.length : null]));
      const rec = { accept: 0, needs_changes: 0, reject: 0 };
      for (const a of assessed) if (a.recommendation) rec[a.recommendation]++;
      const spread = MOCK_CRITERIA.filter((c) => {
        const v = assessed.map((a) => a.scores?.[c.id] ?? 0);
        return v.length > 1 && Math.max(...v) - Math.min(...v) >= 2;
      }).map((c) => c.id);
      const recs = Object.values(rec).filter((n) => n > 0).length > 1;
      return {
        proposalId: id,
        criteria: MOCK_CRITERIA,
        assessments,
        assigned: assessments.length,
        assessed: assessed.length,
        pending: assessments.filter((a) => a.state === 'pending').length,
        conflicts: assessments.filter((a) => a.state === 'conflict').length,
        averages,
        recommendations: rec,
        disagreement: { any: recs || spread.length > 0, recommendations: recs, criteria: spread },
        decision: state.decisions.get(id)?.at(-1) ?? null,
        decisions: state.decisions.get(id) ?? [],
      };
    };
    /** The expert's own assignment to the proposal, refused as the server's (`mine`): not an expert, no such proposal, not theirs. */
    const mine = (w: Who, id: string): Assignment | Response => {
      if (w.kind !== 'staff' || w.role !== 'expert') return fail('forbidden', 'only an expert assigned to this proposal assesses it');
      if (!find(id)) return fail('not_found', 'no such proposal');
      return state.assignments.find((a) => a.proposalId === id && a.staffId === w.staffId) ?? fail('forbidden', 'this proposal is not assigned to you');
    };
    const noCity = () => fail('not_found', 'no such city');
    let inviteCount = 0;
    let challengeCount = 0;
    let oidcCount = 0;
    const iso = (ms: number) => formatInstant(new Date(ms), state.config.city.timeZone);
    const challengeOf = (id: string): StaffChallenge => {
      const c = state.challenges.get(id)!;
      return { challengeId: id, channel: c.channel, expiresAt: iso(c.expiresAt), resendAt: iso(c.sentAt + RESEND_AFTER_MS), codeLength: CODE_LENGTH, attemptsLeft: c.attemptsLeft };
    };
    /** A code "sent" to the person (for nobody, nothing is sent and no code works): the same answer either way. */
    /** `contactHint`: accepting an invitation, the contact it went to (as the server names it then only). */
    const startCode = (staffId: string | null, kind: 'phone' | 'email', inviteToken: string | null, contactHint?: string, linked = false) => {
      const id = `sc_mock${++challengeCount}${staffId ? `_${staffId}` : ''}`;
      const sentAt = Date.now();
      state.challenges.set(id, { staffId, inviteToken, attemptsLeft: ATTEMPTS, channel: kind === 'email' ? 'email' : 'sms', sentAt, expiresAt: sentAt + CODE_TTL_MS, ...(linked ? { linked } : {}) });
      return HttpResponse.json({ ...challengeOf(id), ...(contactHint ? { contactHint } : {}) }, { status: 201 });
    };
    /** The person an invitation is for, as the server refuses it: not_found when unknown, used or replaced; code_expired after its 7 days. */
    const byInvite = (token: string): StaffMember | Response => {
      const invite = state.invites.get(token);
      const member = invite && state.staff.find((m) => m.id === invite.staffId);
      if (!invite || !member || member.status !== 'invited') return fail('not_found', 'this invitation is not valid; ask your coordinator for a new one');
      if (now >= invite.expiresAt) return fail('code_expired', 'this invitation has expired; ask your coordinator for a new one');
      return member;
    };
    const meOf = (member: StaffMember) => ({ kind: 'staff' as const, actor: `staff:${member.id}`, staffId: member.id, name: member.name, organisation: member.organisation, role: member.role, city: 'aksu', sessionExpiresAt: iso(now + 12 * 3600_000), idleMinutes: 30 });
    /** A new invitation for the person (the old link stops working), as the server makes it. */
    const newInvite = (member: StaffMember) => {
      for (const [t, inv] of state.invites) if (inv.staffId === member.id) state.invites.delete(t);
      const inviteToken = `inv1.mock${String(++inviteCount).padStart(4, '0')}mockmockmockmock`;
      const expiresAt = now + INVITE_TTL_MS;
      state.invites.set(inviteToken, { staffId: member.id, expiresAt });
      member.inviteExpiresAt = iso(expiresAt);
      // The server's own origin (the mock's base in node, else the page's).
      const origin = /^https?:/.test(base) ? new URL(base).origin : location.origin;
      return { member, inviteToken, inviteUrl: `${origin}/centre/?city=aksu#invite=${inviteToken}`, expiresAt: iso(expiresAt) };
    };
    handlers.push(
      // Sign-in by code: the mock's expert has the phone +77010000047 and every code is 123456. As the server: an unknown
      // city and a contact that is no phone or e-mail are refused; anyone else gets the same answer, but only an active
      // person's code works (invited people come in through their invitation, revoked ones not at all).
      http.post<P>(`${A}/sign-in`, async ({ request, params }) => {
        state.calls.push(`POST sign-in`);
        const read = await readJsonBody(request);
        if (read instanceof Response) return read;
        if (params.city !== 'aksu') return noCity();
        const parsed = StaffSignInInput.safeParse(read.json);
        if (!parsed.success) return invalidFields(parsed.error);
        const member = state.staff.find((m) => state.contacts.get(m.id) === parsed.data.contact && m.status === 'active');
        return startCode(member?.id ?? null, contactKind(parsed.data.contact), null);
      }),
      // Accepting an invitation: a code goes to the contact it was made for; confirming it activates the person.
      http.post<P>(`${A}/sign-in/invite`, async ({ request, params }) => {
        state.calls.push('POST sign-in/invite');
        const read = await readJsonBody(request);
        if (read instanceof Response) return read;
        if (params.city !== 'aksu') return noCity();
        const parsed = StaffInviteAcceptInput.safeParse(read.json);
        if (!parsed.success) return invalidFields(parsed.error);
        const member = byInvite(parsed.data.inviteToken);
        if (member instanceof Response) return member;
        return startCode(member.id, member.contactKind === 'email' ? 'email' : 'phone', parsed.data.inviteToken, member.contactHint);
      }),
      http.post<{ city: string; challenge: string }>(`${A}/sign-in/:challenge/resend`, async ({ request, params }) => {
        // As the server: the body first (empty or {}, read as any JSON body is), then the city and the sign-in.
        const refused = await readEmptyBody(request);
        if (refused) return refused;
        if (params.city !== 'aksu') return noCity();
        // As the server: a sign-in (either kind) that expired as long ago again is gone; a code expired since less long gets a new code.
        const oidc = state.oidc.get(params.challenge);
        if (oidc) return challengeGone(oidc.expiresAt) ? fail('not_found', 'no such sign-in; it may have expired, start again') : fail('conflict', 'a sign-in with the identity provider has no code to send again');
        const c = state.challenges.get(params.challenge);
        if (!c || challengeGone(c.expiresAt)) return fail('not_found', 'no such sign-in; it may have expired, start again');
        const early = resendTooSoon(c.sentAt);
        if (early) return early;
        c.sentAt = Date.now();
        c.expiresAt = c.sentAt + CODE_TTL_MS;
        c.attemptsLeft = ATTEMPTS;
        return HttpResponse.json(challengeOf(params.challenge), { status: 201 });
      }),
      // Sign-in with the city's provider, as the server: the challenge waits until the provider sends the person back
      // (a test plays that with mockOidcFinish, which gives the proof the callback hands the browser), then it is
      // confirmed with that proof and no code, once.
      http.post<P>(`${A}/sign-in/oidc`, async ({ request, params }) => {
        state.calls.push('POST sign-in/oidc');
        const read = await readJsonBody(request);
        if (read instanceof Response) return read;
        if (params.city !== 'aksu') return noCity();
        const parsed = StaffOidcStartInput.safeParse(read.json);
        if (!parsed.success) return invalidFields(parsed.error);
        if (state.config.identity.method !== 'oidc') return fail('validation_failed', 'this city has no identity provider; sign in with a code', [{ path: [], message: 'identity.no_sign_in' }]);
        // The server takes pages of its own origin: the mock's base when it has one (node), else the page's.
        const origin = /^https?:/.test(base) ? new URL(base).origin : typeof location === 'undefined' ? null : location.origin;
        if (origin && new URL(parsed.data.returnTo).origin !== origin) return fail('validation_failed', 'returnTo must be a page of this server', [{ path: ['returnTo'], message: 'url.not_allowed' }]);
        // An invitation accepted through the provider is checked before the person is sent there, as a code's is.
        if (parsed.data.inviteToken !== undefined) {
          const member = byInvite(parsed.data.inviteToken);
          if (member instanceof Response) return member;
        }
        // From a counter: a confirmed sign-in is deleted, so the map's size could name a live one again.
        const challengeId = `oc_${++oidcCount}`;
        // As the server: the sign-in may take SIGN_IN_TTL_MS, from now.
        const expiresAt = Date.now() + SIGN_IN_TTL_MS;
        state.oidc.set(challengeId, { outcome: 'pending', staffId: null, returnTo: parsed.data.returnTo, mode: parsed.data.mode, inviteToken: parsed.data.inviteToken ?? null, proof: null, expiresAt });
        return HttpResponse.json({ challengeId, authorizationUrl: `${origin ?? 'http://mock.test'}/mock-provider/authorize?state=${challengeId}`, expiresAt: iso(expiresAt) }, { status: 201 });
      }),
      http.post<{ city: string; challenge: string }>(`${A}/sign-in/:challenge/confirm`, async ({ params, request }) => {
        // As the server: the body (which may be empty) first, then the city and the sign-in.
        const read = await readJsonBody(request, { optional: true });
        if (read instanceof Response) return read;
        if (params.city !== 'aksu') return noCity();
        const pending = state.oidc.get(params.challenge);
        if (pending) {
          // As the server: gone as long after it expired as a code's challenge; the body; then whether it took too long
          // (which leaves it there, refused alike, until it is gone); whether the provider sent the person back; the proof.
          if (challengeGone(pending.expiresAt)) return fail('not_found', 'no such sign-in; it may have expired, start again');
          const body = read.json ?? {};
          const parsed = typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0 ? null : StaffOidcConfirmInput.safeParse(body);
          if (parsed && !parsed.success) return invalidFields(parsed.error);
          if (Date.now() >= pending.expiresAt) return fail('code_expired', SIGN_IN_TOO_LONG);
          if (pending.outcome === 'pending') return fail('conflict', 'the sign-in has not finished yet', [{ path: [], message: 'identity.sign_in_pending' }]);
          if (!pending.proof || parsed?.data.proof !== pending.proof)
            return fail('forbidden', 'the sign-in can be confirmed only with the proof its callback gave the browser; start again', [{ path: [], message: 'identity.oidc_invalid' }]);
          // Without an invitation only an active person signs in (the server finds them by the account they linked).
          const member = state.staff.find((m) => m.id === pending.staffId && m.status === (pending.inviteToken === null ? 'active' : 'invited'));
          if (pending.outcome !== 'done' || !member) return fail('forbidden', 'the sign-in did not prove who you are, or you are not staff of this city', [{ path: [], message: `identity.${pending.outcome === 'done' ? 'not_staff' : pending.outcome}` }]);
          // Used once: as the server, it is deleted (confirming it again finds no such sign-in).
          state.oidc.delete(params.challenge);
          // An invitation accepted through the provider, as the server: no session yet, a code to the invited contact.
          if (pending.inviteToken !== null) {
            if (state.invites.get(pending.inviteToken)?.staffId !== member.id)
              return fail('forbidden', 'this invitation is no longer valid; ask your coordinator for a new one', [{ path: [], message: 'identity.invite_invalid' }]);
            const code = (await startCode(member.id, member.contactKind === 'email' ? 'email' : 'phone', pending.inviteToken, undefined, true).json()) as StaffChallenge;
            return HttpResponse.json({ next: 'code', contactHint: member.contactHint, challenge: code });
          }
          member.lastSignInAt = at();
          record(`staff:${member.id}`, 'staff.sign_in', member.id, { by: member.name, method: 'oidc' });
          const token = mockStaffSession(state, member.id);
          return HttpResponse.json({ token, me: meOf(member) });
        }
        // A code, as the server checks it: the challenge (gone once expired as long again), the fields (a 4–8 digit
        // code), its expiry (which ends the sign-in), the attempts, the code.
        const c = state.challenges.get(params.challenge);
        if (!c || challengeGone(c.expiresAt)) return fail('not_found', 'no such sign-in; it may have expired, start again');
        const parsed = StaffCodeInput.safeParse(read.json);
        if (!parsed.success) return invalidFields(parsed.error);
        const expired = codeExpired(c.expiresAt);
        if (expired) {
          state.challenges.delete(params.challenge);
          return expired;
        }
        if (parsed.data.code !== MOCK_STAFF_CODE || !c.staffId) {
          const left = --c.attemptsLeft;
          if (left > 0) return wrongCode(left);
          // As the server: the last wrong code ends the sign-in.
          state.challenges.delete(params.challenge);
          return fail('code_locked', 'too many wrong codes; start again');
        }
        state.challenges.delete(params.challenge);
        const member = state.staff.find((m) => m.id === c.staffId);
        const accepting = c.inviteToken !== null;
        if (!member || (accepting ? member.status !== 'invited' || state.invites.get(c.inviteToken!)?.staffId !== member.id : member.status !== 'active'))
          return fail('forbidden', accepting ? 'this invitation is no longer valid; ask your coordinator for a new one' : 'this account is not active; ask a coordinator');
        if (accepting) {
          state.invites.delete(c.inviteToken!);
          Object.assign(member, { status: 'active', activatedAt: at(), inviteExpiresAt: null });
        }
        member.lastSignInAt = at();
        // As the server: the person's own entry, how the code went, and whether it bound a provider's account.
        record(`staff:${member.id}`, accepting ? 'staff.accept' : 'staff.sign_in', member.id, { by: member.name, method: c.channel, ...(c.linked ? { linked: 'oidc' } : {}) });
        const session = mockStaffSession(state, member.id);
        return HttpResponse.json({ token: session, me: meOf(member) });
      }),
      http.get<P>(`${A}/criteria`, ({ request, params }) => {
        const w = guard(request, params.city, 'any');
        return w instanceof Response ? w : HttpResponse.json({ criteria: MOCK_CRITERIA });
      }),
      http.get<P>(`${A}/staff`, ({ request, params }) => {
        const w = guard(request, params.city);
        return w instanceof Response ? w : HttpResponse.json({ items: state.staff });
      }),
      http.post<P>(`${A}/staff`, async ({ request, params }) => {
        const w = guard(request, params.city);
        if (w instanceof Response) return w;
        const read = await readJsonBody(request);
        if (read instanceof Response) return read;
        const parsed = StaffInviteInput.safeParse(read.json);
        if (!parsed.success) return invalidFields(parsed.error);
        const contact = parsed.data.contact;
        // Anyone on the list, whatever their status, holds their contact (the server's store keys people by it).
        if ([...state.contacts.values()].includes(contact)) return fail('conflict', 'someone in this city already has this phone or e-mail', [{ path: ['contact'], message: 'contact.taken' }]);
        const kind = contactKind(contact);
        const hint = kind === 'phone' ? `…${contact.slice(-2)}` : `${contact.slice(0, 1)}…@${contact.split('@')[1]}`;
        const member: StaffMember = { id: `st_${state.staff.length + 1}x`, city: 'aksu', name: parsed.data.name, organisation: parsed.data.organisation, role: parsed.data.role, status: 'invited', contactKind: kind, contactHint: hint, invitedAt: at(), invitedBy: displayName(w), inviteExpiresAt: null, activatedAt: null, revokedAt: null, lastSignInAt: null };
        state.staff.push(member);
        state.contacts.set(member.id, contact);
        // The audit names the person and role, never their contact (as the server).
        audit(w, 'staff.invite', member.id, { name: member.name, organisation: member.organisation, role: member.role });
        return HttpResponse.json(newInvite(member), { status: 201 });
      }),
      http.post<{ city: string; staff: string }>(`${A}/staff/:staff/reinvite`, async ({ request, params }) => {
        const w = guard(request, params.city);
        if (w instanceof Response) return w;
        // As the server: a body may come (the centre sends {}); it is read, whatever it holds.
        const read = await readJsonBody(request, { optional: true });
        if (read instanceof Response) return read;
        const m = state.staff.find((s) => s.id === params.staff);
        if (!m) return fail('not_found', 'no such person in this city');
        if (m.status === 'active') return fail('conflict', 'this person has already accepted; they sign in with their phone or e-mail');
        Object.assign(m, { status: 'invited', revokedAt: null, activatedAt: null });
        audit(w, 'staff.reinvite', m.id, { name: m.name });
        return HttpResponse.json(newInvite(m));
      }),
      // A person's name, organisation or role, in the server's order: the body, its fields, something to change, the
      // person, and never one's own role.
      http.post<{ city: string; staff: string }>(`${A}/staff/:staff`, async ({ request, params }) => {
        const w = guard(request, params.city);
        if (w instanceof Response) return w;
        const read = await readJsonBody(request);
        if (read instanceof Response) return read;
        const parsed = StaffUpdateInput.safeParse(read.json);
        if (!parsed.success) return invalidFields(parsed.error);
        const change = parsed.data;
        if (change.name === undefined && change.organisation === undefined && change.role === undefined)
          return fail('validation_failed', 'nothing to change', [{ path: [], message: 'staff.nothing_to_change' }]);
        const m = state.staff.find((s) => s.id === params.staff);
        if (!m) return fail('not_found', 'no such person in this city');
        if (w.kind === 'staff' && w.staffId === m.id && change.role !== undefined && change.role !== m.role) return fail('conflict', 'you cannot change your own role; ask another coordinator');
        Object.assign(m, change);
        audit(w, 'staff.update', m.id, { ...change });
        return HttpResponse.json(m);
      }),
      http.post<{ city: string; staff: string }>(`${A}/staff/:staff/revoke`, async ({ request, params }) => {
        const w = guard(request, params.city);
        if (w instanceof Response) return w;
        const read = await readJsonBody(request, { optional: true });
        if (read instanceof Response) return read;
        const m = state.staff.find((s) => s.id === params.staff);
        if (!m) return fail('not_found', 'no such person in this city');
        if (w.kind === 'staff' && w.staffId === m.id) return fail('conflict', 'you cannot revoke yourself; ask another coordinator');
        if (m.status === 'revoked') return fail('conflict', 'this person is already revoked');
        Object.assign(m, { status: 'revoked', revokedAt: at(), inviteExpiresAt: null });
        audit(w, 'staff.revoke', m.id, { name: m.name });
        for (const [t, inv] of state.invites) if (inv.staffId === m.id) state.invites.delete(t);
        for (const [t, id] of state.sessions) if (id === m.id) state.sessions.delete(t);
        return HttpResponse.json(m);
      }),
      http.get<P>(`${A}/me`, ({ request, params }) => {
        const w = guard(request, params.city, 'any');
        if (w instanceof Response) return w;
        if (w.kind === 'token') return HttpResponse.json({ kind: 'token', actor: actorName(w), staffId: null, name: displayName(w), organisation: null, role: 'coordinator', city: params.city, sessionExpiresAt: null, idleMinutes: null });
        return HttpResponse.json(meOf(state.staff.find((m) => m.id === w.staffId)!));
      }),
      // Only a staff session ends: the config token has none (the server answers 401 for it, as for no token).
      http.post(`${base}/admin/sign-out`, ({ request }) => {
        state.calls.push('POST sign-out');
        // As the server: only a staff session token is looked up (and refused as it is); any other credential is none.
        const session = /^Bearer (\S{16,512})$/.exec(request.headers.get('authorization') ?? '')?.[1];
        if (!session?.startsWith(STAFF_SESSION_PREFIX)) return fail('unauthorized', 'this needs a staff session token');
        const w = staffSession(state, session);
        if (w instanceof Response) return w;
        state.sessions.delete(session);
        return HttpResponse.json({ ok: true });
      }),
      http.get<P>(`${A}/assignments`, ({ request, params }) => {
        const w = guard(request, params.city, 'any');
        if (w instanceof Response) return w;
        return HttpResponse.json({ items: w.kind === 'staff' && w.role === 'expert' ? state.assignments.filter((a) => a.staffId === w.staffId) : state.assignments });
      }),
      http.put<{ city: string; id: string; staff: string }>(`${A}/proposals/:id/assignments/:staff`, ({ request, params }) => {
        const w = guard(request, params.city);
        if (w instanceof Response) return w;
        // As the server (src/server/services/assessment.ts assign): the proposal, the person, their role and access, the proposal's status.
        const p = find(params.id);
        if (!p) return fail('not_found', 'no such proposal');
        const m = state.staff.find((s) => s.id === params.staff);
        if (!m) return fail('not_found', 'no such person in this city');
        if (m.role !== 'expert') return fail('conflict', 'only experts are assigned to assess proposals', [{ path: ['staffId'], message: 'assignment.not_expert' }]);
        if (m.status === 'revoked') return fail('conflict', 'this person is revoked', [{ path: ['staffId'], message: 'assignment.revoked' }]);
        if (!ASSESSED_STATUSES.has(p.status)) return fail('conflict', `a ${p.status} proposal is no longer assessed`);
        const existing = state.assignments.find((a) => a.proposalId === p.id && a.staffId === m.id);
        if (existing) return HttpResponse.json(existing);
        const a: Assignment = { proposalId: p.id, proposalTitle: p.title, proposalStatus: p.status, staffId: m.id, expertName: m.name, organisation: m.organisation, state: 'pending', assignedAt: at(), assignedBy: displayName(w), updatedAt: null };
        state.assignments.push(a);
        audit(w, 'assessment.assign', p.id, { staffId: m.id, expert: m.name });
        return HttpResponse.json(a);
      }),
      http.delete<{ city: string; id: string; staff: string }>(`${A}/proposals/:id/assignments/:staff`, ({ request, params }) => {
        const w = guard(request, params.city);
        if (w instanceof Response) return w;
        if (!find(params.id)) return fail('not_found', 'no such proposal');
        const m = state.staff.find((s) => s.id === params.staff);
        if (!m) return fail('not_found', 'no such person in this city');
        const i = state.assignments.findIndex((a) => a.proposalId === params.id && a.staffId === m.id);
        if (i < 0) return fail('not_found', 'this expert is not assigned to this proposal');
        state.assignments.splice(i, 1);
        state.assessments.delete(`${params.id}/${m.id}`);
        audit(w, 'assessment.unassign', params.id, { staffId: m.id, expert: m.name });
        return HttpResponse.json({ ok: true });
      }),
      http.get<P>(`${A}/proposals/:id/assessment`, ({ request, params }) => {
        const w = guard(request, params.city, 'any');
        if (w instanceof Response) return w;
        const a = mine(w, params.id);
        if (a instanceof Response) return a;
        return HttpResponse.json(state.assessments.get(`${params.id}/${a.staffId}`) ?? { proposalId: params.id, staffId: a.staffId, expertName: a.expertName, organisation: a.organisation, state: a.state, scores: null, recommendation: null, note: null, conflictReason: null, updatedAt: null });
      }),
      // As the server (src/server/services/assessment.ts): anyone of the staff, the body and its fields, then whether it is theirs.
      http.put<P>(`${A}/proposals/:id/assessment`, async ({ request, params }) => {
        const w = guard(request, params.city, 'any');
        if (w instanceof Response) return w;
        const read = await readJsonBody(request);
        if (read instanceof Response) return read;
        const parsed = AssessmentInput.safeParse(read.json);
        if (!parsed.success) return invalidFields(parsed.error);
        const a = mine(w, params.id);
        if (a instanceof Response) return a;
        if (a.state === 'conflict') return fail('forbidden', 'you declared a conflict of interest on this proposal, so you do not assess it');
        const status = find(params.id)!.status;
        if (!ASSESSED_STATUSES.has(status)) return fail('conflict', `a ${status} proposal is no longer assessed`);
        const badScores = scoresRefusal(MOCK_CRITERIA, parsed.data.scores);
        if (badScores) return fail('validation_failed', badScores.message, badScores.issues);
        a.state = 'assessed';
        a.updatedAt = at();
        const out: Assessment = { proposalId: params.id, staffId: a.staffId, expertName: a.expertName, organisation: a.organisation, state: 'assessed', scores: parsed.data.scores, recommendation: parsed.data.recommendation, note: parsed.data.note ?? null, conflictReason: null, updatedAt: at() };
        state.assessments.set(`${params.id}/${a.staffId}`, out);
        // As the server: the log says that and how the expert recommended; the scores and the note stay in the assessment.
        audit(w, 'assessment.record', params.id, { recommendation: out.recommendation });
        return HttpResponse.json(out);
      }),
      http.post<P>(`${A}/proposals/:id/conflict`, async ({ request, params }) => {
        const w = guard(request, params.city, 'any');
        if (w instanceof Response) return w;
        // The body may be empty (no reason given).
        const read = await readJsonBody(request, { optional: true });
        if (read instanceof Response) return read;
        const parsed = ConflictInput.safeParse(read.json ?? {});
        if (!parsed.success) return invalidFields(parsed.error);
        const body = parsed.data;
        const a = mine(w, params.id);
        if (a instanceof Response) return a;
        // Declared once: declaring it again answers what was declared.
        const declared = state.assessments.get(`${params.id}/${a.staffId}`);
        if (a.state === 'conflict' && declared) return HttpResponse.json(declared);
        a.state = 'conflict';
        const out: Assessment = { proposalId: params.id, staffId: a.staffId, expertName: a.expertName, organisation: a.organisation, state: 'conflict', scores: null, recommendation: null, note: null, conflictReason: body.reason ?? null, updatedAt: at() };
        state.assessments.set(`${params.id}/${a.staffId}`, out);
        audit(w, 'assessment.conflict', params.id, {});
        return HttpResponse.json(out);
      }),
      http.get<P>(`${A}/proposals/:id/assessments`, ({ request, params }) => {
        const w = guard(request, params.city);
        if (w instanceof Response) return w;
        return find(params.id) ? HttpResponse.json(summary(params.id)) : fail('not_found', 'no such proposal');
      }),
      http.get<P>(`${A}/assessments`, ({ request, params }) => {
        const w = guard(request, params.city);
        if (w instanceof Response) return w;
        const items = state.proposals
          .filter((p) => state.assignments.some((a) => a.proposalId === p.id) || state.decisions.has(p.id))
          .map((p) => {
            const s = summary(p.id);
            return { proposalId: p.id, title: p.title, status: p.status, assigned: s.assigned, assessed: s.assessed, pending: s.pending, conflicts: s.conflicts, disagreement: s.disagreement.any, decision: s.decision?.outcome ?? null };
          });
        return HttpResponse.json({ items });
      }),
      // The council's decision, in the server's order (src/server/services/assessment.ts decide): the body, the reason
      // and the cost, then the proposal, whether it is still the council's, and the cost cap.
      http.post<P>(`${A}/proposals/:id/decision`, async ({ request, params }) => {
        const w = guard(request, params.city);
        if (w instanceof Response) return w;
        const read = await readJsonBody(request);
        if (read instanceof Response) return read;
        const parsed = DecisionInput.safeParse(read.json);
        if (!parsed.success) return invalidFields(parsed.error);
        const input = parsed.data;
        const reason: PublicReason = typeof input.reason === 'string' ? { text: input.reason } : input.reason;
        if (typeof input.reason !== 'string' && reason.kk === undefined && reason.ru === undefined && reason.en === undefined)
          return fail('validation_failed', 'give the reason in at least one language', [{ path: ['reason'], message: 'text.required' }]);
        const words = { ...(reason.kk !== undefined ? { kk: reason.kk } : {}), ...(reason.ru !== undefined ? { ru: reason.ru } : {}), ...(reason.en !== undefined ? { en: reason.en } : {}) };
        const note = reason.text ?? [reason.kk, reason.ru, reason.en].filter((x): x is string => x !== undefined).join('\n\n');
        if (graphemeLength(note) > 2000) return fail('validation_failed', 'the reason is too long', [{ path: ['reason'], message: 'text.too_long', params: { max: 2000 } }]);
        if (input.outcome === 'accept' && input.finalCost === undefined) return fail('validation_failed', 'an accepted proposal needs its final cost', [{ path: ['finalCost'], message: 'money.required' }]);
        if (input.outcome !== 'accept' && input.finalCost !== undefined) return fail('validation_failed', 'the final cost goes with an accepted proposal only', [{ path: ['finalCost'], message: 'decision.cost_only_accept' }]);
        const p = find(params.id);
        if (!p) return fail('not_found', 'no such proposal');
        if (!COUNCIL_STATUSES.includes(p.status)) return fail('conflict', `a ${p.status} proposal has left the council’s hands`);
        if (input.finalCost !== undefined) {
          const c = costCap(state.config.city, state.config.cycle, p.category, p.district);
          if (c !== undefined && input.finalCost > c) return fail('over_cap', `a proposal of this kind may cost at most ${c} ₸`, [{ path: ['finalCost'], message: 'cost.over_cap', params: { cap: c } }]);
        }
        const status = DECISION_STATUS[input.outcome];
        if (input.finalCost !== undefined) p.finalCost = input.finalCost;
        p.history = withEntry(p.history, { status, at: at(), note, ...(reason.text === undefined ? { notes: words } : {}) });
        p.status = status;
        p.updatedAt = at();
        p.reviewNote = note;
        if (reason.text === undefined) p.reviewNotes = words;
        else delete p.reviewNotes;
        const decision: Decision = { proposalId: p.id, outcome: input.outcome, reason, finalCost: input.finalCost ?? null, status, decidedAt: at(), decidedBy: displayName(w) };
        state.decisions.set(p.id, [...(state.decisions.get(p.id) ?? []), decision]);
        audit(w, 'proposal.decision', p.id, { request: { outcome: input.outcome, reason, ...(input.finalCost !== undefined ? { finalCost: input.finalCost } : {}) } });
        return HttpResponse.json({ decision, proposal: answered(p) });
      }),
    );
  }
  return { handlers, state };
}

/**
 * Writes an entry in the log that the centre's mock and its implementation records' mock keep together, numbered as
 * the server's store numbers a city's entries: one sequence for all of them, each after the newest there is (an entry
 * a test put there too), so that paging by `?cursor=` (the entries before an id) lists each once, in the order written.
 */
export function appendAudit(state: AdminMockState, entry: Omit<AuditEntry, 'id'>): AuditEntry {
  const written = { id: state.audit.reduce((newest, e) => Math.max(newest, e.id), 0) + 1, ...entry };
  state.audit.unshift(written);
  return written;
}

/** A staff session for one of the mock's people, as confirming a code would give (tests sign in an expert with it). */
export function mockStaffSession(state: AdminMockState, staffId: string): string {
  const token = `${STAFF_SESSION_PREFIX}mock-session-${staffId}`;
  state.sessions.set(token, staffId);
  return token;
}

/**
 * The provider sent the person of a mock sign-in back: who it proved (a staff id, or null for someone who is not
 * staff), or why it failed. Returns the one-time proof the server's callback would hand that browser (in the popup's
 * message or the redirect's fragment); confirming needs it. As the server's callback (`StaffService.finishOidc`), one
 * for a sign-in it does not have (never started, or confirmed and so deleted) or that comes too late (it reports
 * `expired` for both) or again (`oidc_invalid`) records nothing and hands out no proof: null.
 */
export function mockOidcFinish(state: AdminMockState, challengeId: string, staffId: string | null, outcome = 'done'): string | null {
  const c = state.oidc.get(challengeId);
  if (!c || c.outcome !== 'pending' || Date.now() >= c.expiresAt) return null;
  c.outcome = staffId || outcome !== 'done' ? outcome : 'not_staff';
  c.staffId = staffId;
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  c.proof = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return c.proof;
}
