import { fail, refusal } from './answers.js';
import { http, HttpResponse, type HttpHandler } from 'msw';
import {
  AssessmentInput,
  MergeInput,
  PHASES,
  PaperBallotsInput,
  PhaseActionInput,
  PlaceOnBallotInput,
  SetCostInput,
  SetStatusInput,
  StaffInviteInput,
  StaffOidcStartInput,
  VisibilityInput,
  issuesFromZod,
  type AdminProposal,
  type Assessment,
  type AssessmentCriterion,
  type Assignment,
  type AuditEntry,
  type CityConfig,
  type PoolChoice,
  type ProposalStatus,
  type Receipt,
  type Results,
  type StaffMember,
  type ZodIssueLike,
} from '../contract/index.js';
import { otherDistrictIssues, validateBallot } from '../domain/ballot.js';
import { paperDistrictIssue } from '../domain/paper.js';
import { formatInstant } from '../domain/city-time.js';
import { windowState } from '../domain/phase.js';
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
  proposals: AdminProposal[];
  audit: AuditEntry[];
  staff: StaffMember[];
  assignments: Assignment[];
  assessments: Map<string, Assessment>;
  /** Staff session tokens → staff id. */
  sessions: Map<string, string>;
  /** Paper ballots entered through the admin API, each as its pools' choices. */
  paperBallots: PoolChoice[][];
  /** Sign-ins with the city's identity provider: challenge → who the provider proved (`pending` until `mockOidcFinish`). */
  oidc: Map<string, { outcome: 'pending' | 'done' | string; staffId: string | null; returnTo: string; mode: 'popup' | 'redirect'; inviteToken: string | null }>;
  /** Requests received, `METHOD path` (tests check what was sent). */
  calls: string[];
}

export const MOCK_ADMIN_TOKEN = 'mock-admin-token-0123456789';
export const MOCK_CRITERIA: AssessmentCriterion[] = [
  { id: 'feasibility', label: { kk: 'Іске асырылуы', ru: 'Реализуемость', en: 'Feasibility' }, min: 1, max: 5 },
  { id: 'benefit', label: { kk: 'Қоғамға пайдасы', ru: 'Польза для жителей', en: 'Public benefit' }, min: 1, max: 5 },
];

/** Statuses of a project that is (or was) on the ballot (src/server/services/proposals.ts BALLOT_STATUSES). */
const BALLOT_STATUSES: readonly ProposalStatus[] = ['on_ballot', 'winner', 'not_funded', 'in_progress', 'implemented', 'cancelled'];
const invalid = (error: { issues: readonly ZodIssueLike[] }) => fail('validation_failed', 'the request is not valid', issuesFromZod(error));

export function createAdminMock(options: AdminMockOptions = {}): { handlers: HttpHandler[]; state: AdminMockState } {
  const base = (options.base ?? '/api/v1').replace(/\/$/, '');
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
    calls: [],
  };
  let auditId = 0;

  type Who = { kind: 'token' } | { kind: 'staff'; staffId: string; role: 'coordinator' | 'expert' };
  const who = (request: Request): Who | null => {
    const m = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '');
    if (!m) return null;
    if (m[1] === token) return { kind: 'token' };
    const staffId = state.sessions.get(m[1]!);
    const member = state.staff.find((s) => s.id === staffId && s.status === 'active');
    return member ? { kind: 'staff', staffId: member.id, role: member.role } : null;
  };
  const actorName = (w: Who) => (w.kind === 'token' ? 'aksu-centre' : `staff:${w.staffId}`);

  /** Authorises like the server: 401 without a valid credential, 403 for another city or an expert on a coordinator's route. */
  const guard = (request: Request, city: string | undefined, role: 'any' | 'coordinator' | 'expert' = 'coordinator'): Who | Response => {
    state.calls.push(`${request.method} ${new URL(request.url).pathname}`);
    const w = who(request);
    if (!w) return fail('unauthorized', 'the admin token is not valid');
    if (city !== undefined && city !== 'aksu') return fail('forbidden', 'this admin account is not for this city');
    const r = w.kind === 'token' ? 'coordinator' : w.role;
    if (role !== 'any' && r !== role) return fail('forbidden', 'your role may not do this');
    return w;
  };
  const find = (id: string) => state.proposals.find((p) => p.id === id);
  const frozen = () => windowState(state.config.cycle, 'voting', new Date(now)) !== 'before';
  const audit = (w: Who, action: string, target: string | null, details: Record<string, unknown>) =>
    state.audit.unshift({ id: ++auditId, at: at(), actor: actorName(w), action, target, details });
  const push = (p: AdminProposal, status: ProposalStatus, note?: string) => {
    p.history = [...p.history, note ? { status, at: at(), note } : { status, at: at() }];
    p.status = status;
    if (note) p.reviewNote = note;
  };
  const cap = (poolId: string) => {
    const pool = state.config.cycle.pools.find((x) => x.id === poolId)!;
    return Math.min(pool.costCap ?? pool.budget, pool.budget);
  };
  const overCap = (c: number) => fail('over_cap', `a project in this pool may cost at most ${c} ₸`, [{ path: ['finalCost'], message: 'cost.over_cap', params: { cap: c } }]);

  /** What is on the ballot, as the server counts it (src/server/services/proposals.ts ballotProjects). */
  const ballotProjects = () => state.proposals.filter((p) => p.poolId !== undefined && BALLOT_STATUSES.includes(p.status) && !p.hidden);
  const paperKeys = new Map<string, { body: string; result: { receipts: Receipt[] } }>();
  const receiptCode = () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
    const group = () => Array.from({ length: 4 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
    return `${group()}-${group()}-${group()}-${group()}`;
  };
  /** The count as the admin API gives it: the fixtures' online votes plus the paper ballots entered, greedy per pool. */
  const results = (): Results => {
    const cycle = state.config.cycle;
    const votes = new Map<string, number>();
    for (const ballot of state.paperBallots) for (const c of ballot) for (const pick of c.picks) votes.set(pick.projectId, (votes.get(pick.projectId) ?? 0) + (pick.points ?? 1));
    const online = Math.max(0, ...state.proposals.map((p) => p.votes ?? 0));
    const pools = cycle.pools.map((pool) => {
      let remaining = pool.budget;
      let round = 0;
      const projects = ballotProjects()
        .filter((p) => p.poolId === pool.id)
        .map((p) => ({ p, votes: (p.votes ?? 0) + (votes.get(p.id) ?? 0), cost: p.finalCost ?? p.estimatedCost }))
        .sort((a, b) => b.votes - a.votes || (a.p.id < b.p.id ? -1 : 1))
        .map(({ p, votes: v, cost }) => {
          const base = { projectId: p.id, title: p.title, cost, votes: v };
          if (v === 0) return { ...base, funded: false, explanation: { kind: 'no_support' as const } };
          if (cost > remaining) return { ...base, funded: false, explanation: { kind: 'did_not_fit' as const, remaining } };
          remaining -= cost;
          return { ...base, funded: true, explanation: { kind: 'funded' as const, round: ++round, stage: 'main' as const, supporters: v, remainingAfter: remaining } };
        });
      const ballots = state.paperBallots.filter((b) => b.some((c) => c.poolId === pool.id)).length + online;
      return { poolId: pool.id, name: pool.name, budget: pool.budget, spent: pool.budget - remaining, rule: cycle.counting.rule, tieBreak: cycle.counting.tieBreak, ballots, projects };
    });
    const final = ['results', 'implementation', 'closed'].includes(state.config.currentPhase);
    return { cycleId: cycle.id, mode: final ? 'final' : 'live', computedAt: at(), turnout: { online, paper: state.paperBallots.length, total: online + state.paperBallots.length }, pools };
  };

  const A = `${base}/admin/cities/:city`;
  type P = { city: string; id: string };
  const action = (name: string, run: (w: Who, p: AdminProposal, body: unknown) => Response | AdminProposal) =>
    http.post<P>(`${A}/proposals/:id/${name}`, async ({ request, params }) => {
      const w = guard(request, params.city);
      if (w instanceof Response) return w;
      const p = find(params.id);
      if (!p) return fail('not_found', 'no such proposal');
      const body = await request.json().catch(() => null);
      const r = run(w, p, body);
      if (r instanceof Response) return r;
      audit(w, `proposal.${name}`, p.id, { request: body });
      return HttpResponse.json(r);
    });

  const handlers: HttpHandler[] = [
    // The public config (no credential): the sign-in reads the city's identity method from it.
    http.get<P>(`${base}/cities/:city`, ({ params }) => (params.city === 'aksu' ? HttpResponse.json(state.config) : fail('not_found', 'no such city'))),
    http.get(`${base}/admin/whoami`, ({ request }) => {
      const w = guard(request, undefined, 'any');
      if (w instanceof Response) return w;
      return HttpResponse.json({ id: actorName(w), name: w.kind === 'token' ? 'Aksu project centre' : state.staff.find((s) => s.id === (w as { staffId: string }).staffId)!.name, cities: ['aksu'] });
    }),
    http.get<P>(A, ({ request, params }) => {
      const w = guard(request, params.city, 'any');
      if (w instanceof Response) return w;
      return HttpResponse.json(state.config);
    }),
    http.get<P>(`${A}/proposals`, ({ request, params }) => {
      const w = guard(request, params.city, 'any');
      if (w instanceof Response) return w;
      return HttpResponse.json({ items: state.proposals, nextCursor: null, total: state.proposals.length });
    }),
    http.get<P>(`${A}/proposals/:id`, ({ request, params }) => {
      const w = guard(request, params.city, 'any');
      if (w instanceof Response) return w;
      const p = find(params.id);
      return p ? HttpResponse.json(p) : fail('not_found', 'no such proposal');
    }),
    action('status', (_w, p, body) => {
      const parsed = SetStatusInput.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      const { status, note } = parsed.data;
      // A cancelled project is cancelled by its implementation record's final word (implementation-admin-handlers.ts), and stays so.
      if (status === 'merged' || status === 'on_ballot' || status === 'cancelled') return fail('validation_failed', 'use the action for this status', [{ path: ['status'], message: 'status.use_action' }]);
      if (p.status === 'cancelled') return fail('conflict', 'a cancelled project stays cancelled: its implementation record was closed with a public reason');
      if (p.status === 'on_ballot' && frozen()) return fail('phase_closed', 'the ballot is fixed once voting has started');
      push(p, status, note);
      return p;
    }),
    action('cost', (_w, p, body) => {
      const parsed = SetCostInput.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      if (p.poolId !== undefined && frozen()) return fail('phase_closed', 'the ballot is fixed once voting has started');
      if (p.poolId !== undefined && parsed.data.finalCost > cap(p.poolId)) return overCap(cap(p.poolId));
      p.finalCost = parsed.data.finalCost;
      if (parsed.data.note) p.reviewNote = parsed.data.note;
      return p;
    }),
    action('merge', (_w, p, body) => {
      const parsed = MergeInput.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      const { into, note } = parsed.data;
      if (into === p.id) return fail('validation_failed', 'a proposal cannot be merged into itself', [{ path: ['into'], message: 'merge.self' }]);
      const target = find(into);
      if (!target) return fail('validation_failed', 'no such proposal to merge into', [{ path: ['into'], message: 'merge.unknown' }]);
      if (target.status === 'merged') return fail('validation_failed', 'the target was itself merged', [{ path: ['into'], message: 'merge.target_merged' }]);
      if (p.status === 'merged') return fail('conflict', 'this proposal is already merged');
      if ((p.poolId !== undefined || target.poolId !== undefined) && frozen()) return fail('phase_closed', 'the ballot is fixed once voting has started');
      delete p.poolId;
      p.mergedInto = into;
      push(p, 'merged', note);
      // As the server: the target's history gets the reason, its status and review note stay.
      if (note) target.history = [...target.history, { status: target.status, at: at(), note }];
      return p;
    }),
    action('ballot', (_w, p, body) => {
      const parsed = PlaceOnBallotInput.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      if (frozen()) return fail('phase_closed', 'the ballot is fixed once voting has started');
      const { poolId, finalCost, note } = parsed.data;
      if (!state.config.cycle.pools.some((x) => x.id === poolId)) return fail('validation_failed', 'no such pool', [{ path: ['poolId'], message: 'pool.unknown' }]);
      const cost = finalCost ?? p.finalCost ?? p.estimatedCost;
      if (cost > cap(poolId)) return overCap(cap(poolId));
      if (finalCost !== undefined) p.finalCost = finalCost;
      p.poolId = poolId;
      push(p, 'on_ballot', note);
      return p;
    }),
    action('visibility', (_w, p, body) => {
      const parsed = VisibilityInput.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      if (parsed.data.hidden !== undefined) p.hidden = parsed.data.hidden;
      if (parsed.data.published !== undefined) p.published = parsed.data.published;
      return p;
    }),
    http.post<P>(`${A}/phases`, async ({ request, params }) => {
      const w = guard(request, params.city);
      if (w instanceof Response) return w;
      const parsed = PhaseActionInput.safeParse(await request.json().catch(() => null));
      if (!parsed.success) return invalid(parsed.error);
      const { phase, action: act } = parsed.data;
      const cycle = state.config.cycle;
      const s = windowState(cycle, phase, new Date(now));
      const iso = (t: number) => formatInstant(new Date(t), state.config.city.timeZone);
      if (act === 'close') {
        if (s !== 'open') return fail('conflict', `the ${phase} phase is not open`);
        cycle.phases[phase] = { start: cycle.phases[phase].start, end: iso(now) };
      } else {
        if (s !== 'before') return fail('conflict', `the ${phase} phase has already started`);
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
    http.post<P>(`${A}/results/apply`, ({ request, params }) => {
      const w = guard(request, params.city);
      if (w instanceof Response) return w;
      if (state.config.currentPhase !== 'results') return fail('phase_closed', 'applying the results is possible once results are final');
      return HttpResponse.json({ winners: [], notFunded: [], unchanged: [] });
    }),
    http.post<P>(`${A}/paper-ballots`, async ({ request, params }) => {
      const w = guard(request, params.city);
      if (w instanceof Response) return w;
      // In the server's order: the key, the body, then (once per key) the cycle, the phase and each ballot against the rule.
      const key = request.headers.get('idempotency-key');
      if (!key) return fail('idempotency_key_required', 'send an Idempotency-Key header');
      if (!/^[\x21-\x7e]{8,200}$/.test(key)) return fail('validation_failed', 'the Idempotency-Key header is malformed', [{ path: ['Idempotency-Key'], message: 'idempotency_key.invalid' }]);
      const text = await request.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        return fail('bad_request', 'the body is not JSON');
      }
      const parsed = PaperBallotsInput.safeParse(json);
      if (!parsed.success) return invalid(parsed.error);
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
      return new HttpResponse('META\nkey;value\ndescription;Aksu\n', { headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }),
    http.get<P>(`${A}/audit`, ({ request, params }) => {
      const w = guard(request, params.city);
      if (w instanceof Response) return w;
      return HttpResponse.json({ items: state.audit.slice(0, Number(new URL(request.url).searchParams.get('limit') ?? 100)), nextCursor: null });
    }),
  ];

  if (options.identity === 'voter_list') {
    // Rows as the server reads them: IIN (12 digits), a Kazakh mobile; anything else is refused by line.
    const list = new Map<string, string>();
    const summary = () => ({ cycleId: state.config.cycle.id, method: 'voter_list', total: list.size, byDistrict: { '': list.size }, updatedAt: list.size ? at() : null, deleteAfter: state.config.cycle.phases.voting.end });
    handlers.push(
      http.get<P>(`${A}/voter-list`, ({ request, params }) => {
        const w = guard(request, params.city);
        return w instanceof Response ? w : HttpResponse.json(summary());
      }),
      http.put<P>(`${A}/voter-list`, async ({ request, params }) => {
        const w = guard(request, params.city);
        if (w instanceof Response) return w;
        const rejected: { line: number; problem: string }[] = [];
        const before = list.size;
        list.clear();
        (await request.text()).split(/\r?\n/).forEach((row, i) => {
          if (!row.trim()) return;
          const [iin = '', phone = ''] = row.split(',').map((x) => x.trim());
          if (!/^\d{12}$/.test(iin)) rejected.push({ line: i + 1, problem: 'iin.format' });
          else if (!/^\+77\d{9}$/.test(phone)) rejected.push({ line: i + 1, problem: 'phone.invalid' });
          else list.set(iin, phone);
        });
        return HttpResponse.json({ cycleId: state.config.cycle.id, mode: 'replace', accepted: list.size, added: list.size, updated: 0, removed: before, rejected, rejectedTotal: rejected.length, total: list.size });
      }),
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
        decision: null,
        decisions: [],
      };
    };
    const mine = (w: Who, id: string) => (w.kind === 'staff' ? state.assignments.find((a) => a.proposalId === id && a.staffId === w.staffId) : undefined);
    handlers.push(
      // Sign-in by code: the mock's expert has the phone +77010000047 and every code is 123456.
      http.post<P>(`${A}/sign-in`, async ({ request }) => {
        const body = (await request.json().catch(() => ({}))) as { contact?: string };
        const staffId = String(body.contact ?? '').replace(/\D/g, '').endsWith('7010000047') ? 'st_expert1' : '';
        state.calls.push(`POST sign-in`);
        return HttpResponse.json({ challengeId: `ch_${staffId || 'nobody'}`, channel: 'sms', expiresAt: at(), resendAt: at(), codeLength: 6, attemptsLeft: 5 }, { status: 201 });
      }),
      // Sign-in with the city's provider, as the server: the challenge waits until the provider sends the person back
      // (a test plays that with mockOidcFinish), then it is confirmed without a code, once.
      http.post<P>(`${A}/sign-in/oidc`, async ({ request }) => {
        state.calls.push('POST sign-in/oidc');
        const parsed = StaffOidcStartInput.safeParse(await request.json().catch(() => null));
        if (!parsed.success) return invalid(parsed.error);
        if (state.config.identity.method !== 'oidc') return fail('validation_failed', 'this city has no identity provider; sign in with a code', [{ path: [], message: 'identity.no_sign_in' }]);
        // The server takes pages of its own origin: the mock's base when it has one (node), else the page's.
        const origin = /^https?:/.test(base) ? new URL(base).origin : typeof location === 'undefined' ? null : location.origin;
        if (origin && new URL(parsed.data.returnTo).origin !== origin) return fail('validation_failed', 'returnTo must be a page of this server', [{ path: ['returnTo'], message: 'url.not_allowed' }]);
        const challengeId = `oc_${state.oidc.size + 1}`;
        state.oidc.set(challengeId, { outcome: 'pending', staffId: null, returnTo: parsed.data.returnTo, mode: parsed.data.mode, inviteToken: parsed.data.inviteToken ?? null });
        return HttpResponse.json({ challengeId, authorizationUrl: `${origin ?? 'http://mock.test'}/mock-provider/authorize?state=${challengeId}`, expiresAt: at() }, { status: 201 });
      }),
      http.post<{ city: string; challenge: string }>(`${A}/sign-in/:challenge/confirm`, async ({ params, request }) => {
        const pending = state.oidc.get(params.challenge);
        if (pending) {
          if (pending.outcome === 'pending') return fail('conflict', 'the sign-in has not finished yet', [{ path: [], message: 'identity.sign_in_pending' }]);
          if (pending.outcome === 'used') return fail('not_found', 'this sign-in was already used; start again');
          const member = state.staff.find((m) => m.id === pending.staffId && m.status !== 'revoked');
          if (pending.outcome !== 'done' || !member) return fail('forbidden', 'the sign-in did not prove who you are, or you are not staff of this city', [{ path: [], message: `identity.${pending.outcome === 'done' ? 'not_staff' : pending.outcome}` }]);
          pending.outcome = 'used';
          member.status = 'active';
          const token = mockStaffSession(state, member.id);
          return HttpResponse.json({ token, me: { kind: 'staff', actor: `staff:${member.id}`, staffId: member.id, name: member.name, organisation: member.organisation, role: member.role, city: 'aksu', sessionExpiresAt: at(), idleMinutes: 30 } });
        }
        const body = (await request.json().catch(() => ({}))) as { code?: string };
        const staffId = params.challenge.replace(/^ch_/, '');
        const member = state.staff.find((m) => m.id === staffId && m.status === 'active');
        if (body.code !== '123456' || !member) return fail('code_invalid', 'wrong code', [{ path: ['code'], message: 'code.invalid' }]);
        const session = mockStaffSession(state, member.id);
        return HttpResponse.json({ token: session, me: { kind: 'staff', actor: `staff:${member.id}`, staffId: member.id, name: member.name, organisation: member.organisation, role: member.role, city: 'aksu', sessionExpiresAt: at(), idleMinutes: 30 } });
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
        const parsed = StaffInviteInput.safeParse(await request.json().catch(() => null));
        if (!parsed.success) return invalid(parsed.error);
        const member: StaffMember = { id: `st_${state.staff.length + 1}x`, city: 'aksu', name: parsed.data.name, organisation: parsed.data.organisation, role: parsed.data.role, status: 'invited', contactKind: parsed.data.contact.includes('@') ? 'email' : 'phone', contactHint: `…${parsed.data.contact.slice(-2)}`, invitedAt: at(), invitedBy: 'Aksu project centre', inviteExpiresAt: at(), activatedAt: null, revokedAt: null, lastSignInAt: null };
        state.staff.push(member);
        const inviteToken = 'inv1.mockmockmockmockmockmock';
        return HttpResponse.json({ member, inviteToken, inviteUrl: `${location.origin}/centre/?city=${params.city}#invite=${inviteToken}`, expiresAt: at() }, { status: 201 });
      }),
      http.post<{ city: string; staff: string }>(`${A}/staff/:staff/revoke`, ({ request, params }) => {
        const w = guard(request, params.city);
        if (w instanceof Response) return w;
        const m = state.staff.find((s) => s.id === params.staff);
        if (!m) return fail('not_found', 'no such person');
        m.status = 'revoked';
        m.revokedAt = at();
        return HttpResponse.json(m);
      }),
      http.get<P>(`${A}/assignments`, ({ request, params }) => {
        const w = guard(request, params.city, 'any');
        if (w instanceof Response) return w;
        return HttpResponse.json({ items: w.kind === 'staff' && w.role === 'expert' ? state.assignments.filter((a) => a.staffId === w.staffId) : state.assignments });
      }),
      http.put<{ city: string; id: string; staff: string }>(`${A}/proposals/:id/assignments/:staff`, ({ request, params }) => {
        const w = guard(request, params.city);
        if (w instanceof Response) return w;
        const p = find(params.id);
        const m = state.staff.find((s) => s.id === params.staff && s.role === 'expert' && s.status === 'active');
        if (!p || !m) return fail('not_found', 'no such proposal or expert');
        const existing = state.assignments.find((a) => a.proposalId === p.id && a.staffId === m.id);
        if (existing) return HttpResponse.json(existing);
        const a: Assignment = { proposalId: p.id, proposalTitle: p.title, proposalStatus: p.status, staffId: m.id, expertName: m.name, organisation: m.organisation, state: 'pending', assignedAt: at(), assignedBy: 'Aksu project centre', updatedAt: null };
        state.assignments.push(a);
        return HttpResponse.json(a);
      }),
      http.get<P>(`${A}/proposals/:id/assessment`, ({ request, params }) => {
        const w = guard(request, params.city, 'expert');
        if (w instanceof Response) return w;
        const a = mine(w, params.id);
        if (!a) return fail('forbidden', 'this proposal is not assigned to you');
        return HttpResponse.json(state.assessments.get(`${params.id}/${a.staffId}`) ?? { proposalId: params.id, staffId: a.staffId, expertName: a.expertName, organisation: a.organisation, state: a.state, scores: null, recommendation: null, note: null, conflictReason: null, updatedAt: null });
      }),
      http.put<P>(`${A}/proposals/:id/assessment`, async ({ request, params }) => {
        const w = guard(request, params.city, 'expert');
        if (w instanceof Response) return w;
        const a = mine(w, params.id);
        if (!a) return fail('forbidden', 'this proposal is not assigned to you');
        if (a.state === 'conflict') return fail('conflict', 'you declared a conflict of interest');
        const parsed = AssessmentInput.safeParse(await request.json().catch(() => null));
        if (!parsed.success) return invalid(parsed.error);
        const missing = MOCK_CRITERIA.filter((c) => parsed.data.scores[c.id] === undefined);
        if (missing.length) return fail('validation_failed', 'score every criterion', missing.map((c) => ({ path: ['scores', c.id], message: 'score.required' })));
        a.state = 'assessed';
        a.updatedAt = at();
        const out: Assessment = { proposalId: params.id, staffId: a.staffId, expertName: a.expertName, organisation: a.organisation, state: 'assessed', scores: parsed.data.scores, recommendation: parsed.data.recommendation, note: parsed.data.note ?? null, conflictReason: null, updatedAt: at() };
        state.assessments.set(`${params.id}/${a.staffId}`, out);
        return HttpResponse.json(out);
      }),
      http.post<P>(`${A}/proposals/:id/conflict`, async ({ request, params }) => {
        const w = guard(request, params.city, 'expert');
        if (w instanceof Response) return w;
        const a = mine(w, params.id);
        if (!a) return fail('forbidden', 'this proposal is not assigned to you');
        const body = (await request.json().catch(() => ({}))) as { reason?: string };
        a.state = 'conflict';
        const out: Assessment = { proposalId: params.id, staffId: a.staffId, expertName: a.expertName, organisation: a.organisation, state: 'conflict', scores: null, recommendation: null, note: null, conflictReason: body.reason ?? null, updatedAt: at() };
        state.assessments.set(`${params.id}/${a.staffId}`, out);
        return HttpResponse.json(out);
      }),
      http.get<P>(`${A}/proposals/:id/assessments`, ({ request, params }) => {
        const w = guard(request, params.city);
        return w instanceof Response ? w : HttpResponse.json(summary(params.id));
      }),
    );
  }
  return { handlers, state };
}

/** A staff session for one of the mock's people, as confirming a code would give (tests sign in an expert with it). */
export function mockStaffSession(state: AdminMockState, staffId: string): string {
  const token = `mock-session-${staffId}`;
  state.sessions.set(token, staffId);
  return token;
}

/** The provider sent the person of a mock sign-in back: who it proved (a staff id, or null for someone who is not staff), or why it failed. */
export function mockOidcFinish(state: AdminMockState, challengeId: string, staffId: string | null, outcome = 'done'): void {
  const c = state.oidc.get(challengeId);
  if (!c) throw new Error(`no mock sign-in ${challengeId}`);
  c.outcome = staffId || outcome !== 'done' ? outcome : 'not_staff';
  c.staffId = staffId;
}
