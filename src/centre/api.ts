import type {
  AdminIdentity,
  Assessment,
  AssessmentInput,
  AssessmentOverview,
  AssessmentSummary,
  Assignment,
  AssignmentList,
  ConflictInput,
  CriteriaList,
  DecisionInput,
  DecisionResult,
  ProposalVersions,
  VoterListReport,
  VoterListSummary,
  StaffChallenge,
  StaffConfirmResult,
  StaffInvitation,
  StaffInviteInput,
  StaffList,
  StaffMe,
  StaffMember,
  StaffUpdateInput,
  StaffOidcChallenge,
  StaffSession,
  AdminProposal,
  AdminProposalPage,
  ApplyResultsResult,
  AuditPage,
  CityConfig,
  FieldIssue,
  MergeInput,
  PaperBallotsInput,
  PaperBallotsResult,
  PhaseActionInput,
  PlaceOnBallotInput,
  SetCostInput,
  SetStatusInput,
  VisibilityInput,
  PublicIdentity,
  Results,
} from '../contract/index.js';

/** What went wrong talking to the admin API: the server's `{ code, message, details.issues }`, or `network`. */
export class CentreError extends Error {
  override readonly name = 'CentreError';
  constructor(
    /** The server's error code, or `network` when no answer came. */
    readonly code: string,
    message: string,
    readonly status = 0,
    readonly issues: FieldIssue[] = [],
    /** The rest of the server's `details` (a voter list's refused rows, `retryAfter`). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }

  /** The credential (its `CentreApi`) the server refused, on a 401: a refusal of one replaced since is no news. */
  refused?: CentreApi;
}

export function toCentreError(error: unknown): CentreError {
  if (error instanceof CentreError) return error;
  return new CentreError('network', error instanceof Error ? error.message : String(error));
}

/**
 * The admin API (`/api/v1/admin/…`) with a bearer credential: a bootstrap
 * admin token or a staff session. The credential lives in this object only
 * (memory), never in storage or a URL.
 */
export class CentreApi {
  constructor(
    /** Base URL of the API, e.g. `/api/v1`. */
    readonly base: string,
    private readonly credential: string,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {}

  /** When the server last answered this credential (`Date.now()`): a staff session ends after a while without requests. */
  lastAnswerAt = Date.now();

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    let response: Response;
    try {
      response = await this.fetcher(`${this.base.replace(/\/$/, '')}${path}`, {
        method,
        headers: {
          Accept: 'application/json',
          ...(this.credential ? { Authorization: `Bearer ${this.credential}` } : {}),
          ...(body instanceof Blob ? { 'Content-Type': body.type || 'application/octet-stream' } : body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        // A Blob (a photo) goes as it is; anything else as JSON.
        body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch (error) {
      throw toCentreError(error);
    }
    if (response.status !== 401) this.lastAnswerAt = Date.now();
    const type = response.headers.get('content-type') ?? '';
    const data: unknown = type.includes('json') ? await response.json().catch(() => null) : await response.text();
    if (!response.ok) {
      const e = (data && typeof data === 'object' ? data : {}) as { code?: unknown; message?: unknown; details?: { issues?: FieldIssue[] } };
      const details: Record<string, unknown> = e.details && typeof e.details === 'object' ? { ...(e.details as Record<string, unknown>) } : {};
      // The wait a refusal asks for, from its header when the body does not say it.
      const retryAfter = Number(response.headers.get('Retry-After'));
      if (typeof details.retryAfter !== 'number' && Number.isFinite(retryAfter) && retryAfter > 0) details.retryAfter = retryAfter;
      const error = new CentreError(typeof e.code === 'string' ? e.code : 'internal', typeof e.message === 'string' ? e.message : `HTTP ${response.status}`, response.status, Array.isArray(e.details?.issues) ? e.details!.issues : [], details);
      if (response.status === 401) error.refused = this;
      throw error;
    }
    return data as T;
  }

  private city(slug: string, rest = ''): string {
    return `/admin/cities/${encodeURIComponent(slug)}${rest}`;
  }

  private proposal(slug: string, id: string, rest = ''): string {
    return this.city(slug, `/proposals/${encodeURIComponent(id)}${rest}`);
  }

  whoami(): Promise<AdminIdentity> {
    return this.request('GET', '/admin/whoami');
  }

  config(slug: string): Promise<CityConfig> {
    return this.request('GET', this.city(slug));
  }

  /** Every proposal of the current cycle (a city has a few hundred at most), following the cursor. */
  async allProposals(slug: string): Promise<AdminProposal[]> {
    const items: AdminProposal[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const q = new URLSearchParams({ limit: '500' });
      if (cursor) q.set('cursor', cursor);
      const page: AdminProposalPage = await this.request('GET', this.city(slug, `/proposals?${q}`));
      items.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return items;
  }

  getProposal(slug: string, id: string): Promise<AdminProposal> {
    return this.request('GET', this.proposal(slug, id));
  }

  setStatus(slug: string, id: string, input: SetStatusInput): Promise<AdminProposal> {
    return this.request('POST', this.proposal(slug, id, '/status'), input);
  }

  setCost(slug: string, id: string, input: SetCostInput): Promise<AdminProposal> {
    return this.request('POST', this.proposal(slug, id, '/cost'), input);
  }

  merge(slug: string, id: string, input: MergeInput): Promise<AdminProposal> {
    return this.request('POST', this.proposal(slug, id, '/merge'), input);
  }

  placeOnBallot(slug: string, id: string, input: PlaceOnBallotInput): Promise<AdminProposal> {
    return this.request('POST', this.proposal(slug, id, '/ballot'), input);
  }

  visibility(slug: string, id: string, input: VisibilityInput): Promise<AdminProposal> {
    return this.request('POST', this.proposal(slug, id, '/visibility'), input);
  }

  phase(slug: string, input: PhaseActionInput): Promise<CityConfig> {
    return this.request('POST', this.city(slug, '/phases'), input);
  }

  applyResults(slug: string): Promise<ApplyResultsResult> {
    return this.request('POST', this.city(slug, '/results/apply'), {});
  }

  /** The count now, whether or not public yet (the turnout says how many ballots were entered on paper). */
  results(slug: string): Promise<Results> {
    return this.request('GET', this.city(slug, '/results'));
  }

  /** Paper ballots counted at a desk; `key` is the same for every retry of one batch, so it is entered once. */
  paperBallots(slug: string, input: PaperBallotsInput, key: string): Promise<PaperBallotsResult> {
    return this.request('POST', this.city(slug, '/paper-ballots'), input, { 'Idempotency-Key': key });
  }

  /** One pool's election as a pabulib file; without `pool` the server takes the cycle's first (and refuses an unknown one, 404). */
  exportPb(slug: string, pool?: string): Promise<string> {
    return this.request('GET', this.city(slug, `/export.pb${pool === undefined ? '' : `?pool=${encodeURIComponent(pool)}`}`));
  }

  // ---------------------------------------------------------------- staff and the council (src/contract/staff.ts)

  me(slug: string): Promise<StaffMe> {
    return this.request('GET', this.city(slug, '/me'));
  }

  signOut(): Promise<unknown> {
    return this.request('POST', '/admin/sign-out', {});
  }

  staff(slug: string): Promise<StaffList> {
    return this.request('GET', this.city(slug, '/staff'));
  }

  invite(slug: string, input: StaffInviteInput): Promise<StaffInvitation> {
    return this.request('POST', this.city(slug, '/staff'), input);
  }

  /** A person's name, organisation or role (only what changed; not one's own role). */
  updateStaff(slug: string, staffId: string, change: StaffUpdateInput): Promise<StaffMember> {
    return this.request('POST', this.city(slug, `/staff/${encodeURIComponent(staffId)}`), change);
  }

  revoke(slug: string, staffId: string): Promise<StaffMember> {
    return this.request('POST', this.city(slug, `/staff/${encodeURIComponent(staffId)}/revoke`), {});
  }

  reinvite(slug: string, staffId: string): Promise<StaffInvitation> {
    return this.request('POST', this.city(slug, `/staff/${encodeURIComponent(staffId)}/reinvite`), {});
  }

  criteria(slug: string): Promise<CriteriaList> {
    return this.request('GET', this.city(slug, '/criteria'));
  }

  assignments(slug: string, query: { proposal?: string; expert?: string } = {}): Promise<AssignmentList> {
    const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
    return this.request('GET', this.city(slug, `/assignments${q.size ? `?${q}` : ''}`));
  }

  assign(slug: string, id: string, staffId: string): Promise<Assignment> {
    return this.request('PUT', this.proposal(slug, id, `/assignments/${encodeURIComponent(staffId)}`));
  }

  unassign(slug: string, id: string, staffId: string): Promise<unknown> {
    return this.request('DELETE', this.proposal(slug, id, `/assignments/${encodeURIComponent(staffId)}`));
  }

  myAssessment(slug: string, id: string): Promise<Assessment> {
    return this.request('GET', this.proposal(slug, id, '/assessment'));
  }

  assess(slug: string, id: string, input: AssessmentInput): Promise<Assessment> {
    return this.request('PUT', this.proposal(slug, id, '/assessment'), input);
  }

  conflict(slug: string, id: string, input: ConflictInput): Promise<Assessment> {
    return this.request('POST', this.proposal(slug, id, '/conflict'), input);
  }

  overview(slug: string): Promise<AssessmentOverview> {
    return this.request('GET', this.city(slug, '/assessments'));
  }

  summary(slug: string, id: string): Promise<AssessmentSummary> {
    return this.request('GET', this.proposal(slug, id, '/assessments'));
  }

  decide(slug: string, id: string, input: DecisionInput): Promise<DecisionResult> {
    return this.request('POST', this.proposal(slug, id, '/decision'), input);
  }

  /** The author's versions of a proposal with what changed (authors' API). */
  versions(slug: string, id: string): Promise<ProposalVersions> {
    return this.request('GET', this.proposal(slug, id, '/versions'));
  }

  voterList(slug: string): Promise<VoterListSummary> {
    return this.request('GET', this.city(slug, '/voter-list'));
  }

  /** A CSV from the spreadsheet (IIN, phone, optional district): replace the list, add to it, or take IINs off it. */
  async uploadVoterList(slug: string, mode: 'replace' | 'amend' | 'remove', csv: string): Promise<VoterListReport> {
    const method = mode === 'replace' ? 'PUT' : 'POST';
    const path = this.city(slug, mode === 'remove' ? '/voter-list/remove' : '/voter-list');
    let response: Response;
    try {
      response = await this.fetcher(`${this.base.replace(/\/$/, '')}${path}`, {
        method,
        headers: { Accept: 'application/json', 'Content-Type': 'text/csv', ...(this.credential ? { Authorization: `Bearer ${this.credential}` } : {}) },
        body: csv,
        credentials: 'same-origin',
      });
    } catch (error) {
      throw toCentreError(error);
    }
    if (response.status !== 401) this.lastAnswerAt = Date.now();
    const data = (await response.json().catch(() => null)) as (VoterListReport & { code?: string; message?: string; details?: { issues?: FieldIssue[]; rejected?: unknown } }) | null;
    // A refused file (nothing usable, nothing changed) still names its refused rows by line, in `details.rejected`.
    if (!response.ok) {
      const error = new CentreError(data?.code ?? 'internal', data?.message ?? `HTTP ${response.status}`, response.status, data?.details?.issues ?? [], data?.details ?? {});
      if (response.status === 401) error.refused = this;
      throw error;
    }
    return data!;
  }

  audit(slug: string, cursor?: string | null, limit = 50): Promise<AuditPage> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (cursor) q.set('cursor', cursor);
    return this.request('GET', this.city(slug, `/audit?${q}`));
  }
}

/**
 * Signing in as a person, before there is a credential: a one-time code to
 * the phone or e-mail the coordinator entered (or an invitation), then the
 * code for a session.
 */
export class StaffSignIn {
  private readonly api: CentreApi;
  constructor(base: string, fetcher?: typeof fetch) {
    this.api = new CentreApi(base, '', fetcher);
  }

  private path(slug: string, rest: string): string {
    return `/admin/cities/${encodeURIComponent(slug)}/sign-in${rest}`;
  }

  start(slug: string, contact: string): Promise<StaffChallenge> {
    return this.api.request('POST', this.path(slug, ''), { contact });
  }

  acceptInvite(slug: string, inviteToken: string): Promise<StaffChallenge> {
    return this.api.request('POST', this.path(slug, '/invite'), { inviteToken });
  }

  resend(slug: string, challengeId: string): Promise<StaffChallenge> {
    return this.api.request('POST', this.path(slug, `/${encodeURIComponent(challengeId)}/resend`), {});
  }

  confirm(slug: string, challengeId: string, code: string): Promise<StaffSession> {
    return this.api.request('POST', this.path(slug, `/${encodeURIComponent(challengeId)}/confirm`), { code });
  }

  /**
   * Confirms a sign-in with the provider: with the proof its callback handed this browser (the popup's message, the
   * redirect's fragment), or none yet (the server then says whether it is still pending; without the proof it is refused).
   * Accepting an invitation this way answers the code step (`next: 'code'`): a code went to the invited contact.
   */
  confirmOidc(slug: string, challengeId: string, proof: string | null): Promise<StaffConfirmResult> {
    return this.api.request('POST', this.path(slug, `/${encodeURIComponent(challengeId)}/confirm`), proof ? { proof } : {});
  }

  oidc(slug: string, returnTo: string, mode: 'popup' | 'redirect', inviteToken?: string): Promise<StaffOidcChallenge> {
    return this.api.request('POST', this.path(slug, '/oidc'), { returnTo, mode, ...(inviteToken ? { inviteToken } : {}) });
  }

  /** How the city proves who someone is (its public config): `oidc` names the provider its staff may sign in with too. */
  async identity(slug: string): Promise<PublicIdentity> {
    const config: CityConfig = await this.api.request('GET', `/cities/${encodeURIComponent(slug)}`);
    return config.identity;
  }
}
