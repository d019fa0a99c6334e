import * as z from 'zod/mini';
import { AdminProposal } from './admin.js';
import { Id, Instant, LocalizedName, Money } from './common.js';
import { OidcProof } from './oidc-return.js';
import { Phone, ProposalStatus } from './proposal.js';
import { userText } from './text.js';

/**
 * The people of a city's project centre and expert council, how they sign in,
 * and how the council assesses proposals. Everything here is under the admin
 * API (`/api/v1/admin/…`), same-origin only, and never part of the residents'
 * API: residents see only a decision's public reason (as the proposal's
 * status note), never scores, private notes or who assessed.
 *
 * Authorisation: `Authorization: Bearer <token>` where the token is either a
 * config-file admin token (acts as a coordinator of its cities; for
 * bootstrapping and automation) or a staff session token from
 * `POST …/sign-in/{challengeId}/confirm` (a named person of one city).
 */

// ---------------------------------------------------------------- people

export const STAFF_ROLES = ['coordinator', 'expert'] as const;
/** `coordinator`: every admin action of the city; `expert`: reads proposals, assesses those assigned to them. */
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRole>;

export const STAFF_STATUSES = ['invited', 'active', 'revoked'] as const;
export const StaffStatus = z.enum(STAFF_STATUSES);
export type StaffStatus = z.infer<typeof StaffStatus>;

export const Email = z.string().check(
  z.maxLength(254),
  z.overwrite((v) => v.trim().toLowerCase()),
  z.regex(/^[^\s@<>()",;:]{1,64}@[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)+$/, 'email.invalid'),
);

/** What a contact string is: an e-mail when it has an `@`, else a phone. */
export function contactKind(value: string): 'phone' | 'email' {
  return value.includes('@') ? 'email' : 'phone';
}

/**
 * Where a person's one-time codes go: a Kazakhstan mobile number (`+7…`, `8…`
 * accepted) or an e-mail address, normalised. The server keeps it only as a
 * keyed hash (to find the person) and sealed (to send codes); it is never
 * shown back in full, logged or audited.
 */
export const StaffContact = z.string().check(
  z.maxLength(254),
  z.superRefine((value, ctx) => {
    const schema = contactKind(value) === 'email' ? Email : Phone;
    if (!schema.safeParse(value).success) ctx.issues.push({ code: 'custom', message: 'contact.invalid', input: value });
  }),
  z.overwrite((value) => {
    const parsed = (contactKind(value) === 'email' ? Email : Phone).safeParse(value);
    return parsed.success ? parsed.data : value;
  }),
);

/** A person as their city's coordinators see them. */
export const StaffMember = z.strictObject({
  id: Id,
  city: z.string(),
  name: z.string(),
  organisation: z.string(),
  role: StaffRole,
  status: StaffStatus,
  contactKind: z.enum(['phone', 'email']),
  /** Enough of the contact to tell people apart (`…47`, `a…@akimat.kz`); never the whole of it. */
  contactHint: z.string(),
  invitedAt: Instant,
  /** Display name of whoever invited them. */
  invitedBy: z.string(),
  /** While `invited`: when the current invitation stops working. */
  inviteExpiresAt: z.nullable(Instant),
  activatedAt: z.nullable(Instant),
  revokedAt: z.nullable(Instant),
  lastSignInAt: z.nullable(Instant),
});
export type StaffMember = z.infer<typeof StaffMember>;

export const StaffList = z.strictObject({ items: z.array(StaffMember) });
export type StaffList = z.infer<typeof StaffList>;

export const StaffInviteInput = z.strictObject({
  name: userText({ min: 2, max: 120 }),
  organisation: userText({ min: 2, max: 200 }),
  role: StaffRole,
  contact: StaffContact,
});
export type StaffInviteInput = z.infer<typeof StaffInviteInput>;

/** Change a person's name, organisation or role (at least one). */
export const StaffUpdateInput = z.strictObject({
  name: z.optional(userText({ min: 2, max: 120 })),
  organisation: z.optional(userText({ min: 2, max: 200 })),
  role: z.optional(StaffRole),
});
export type StaffUpdateInput = z.infer<typeof StaffUpdateInput>;

/**
 * An invitation: hand `inviteUrl` (or the token) to the person. It works once,
 * until `expiresAt`; a new one (`reinvite`) replaces it. The token is never
 * stored, only its keyed hash; the link carries it in the fragment, so it does
 * not reach server logs.
 */
export const StaffInvitation = z.strictObject({
  member: StaffMember,
  inviteToken: z.string(),
  /** `<origin>/centre/#invite=<token>`. */
  inviteUrl: z.string(),
  expiresAt: Instant,
});
export type StaffInvitation = z.infer<typeof StaffInvitation>;

// ---------------------------------------------------------------- sign-in and sessions

export const InviteToken = z.string().check(z.regex(/^inv1\.[A-Za-z0-9_-]{20,100}$/, 'invite.invalid'));

/** Sign in with a one-time code sent to the person's phone or e-mail. */
export const StaffSignInInput = z.strictObject({ contact: StaffContact });
export type StaffSignInInput = z.infer<typeof StaffSignInInput>;

/** Accept an invitation: a code goes to the contact the coordinator entered; confirming it activates the account. */
export const StaffInviteAcceptInput = z.strictObject({ inviteToken: InviteToken });
export type StaffInviteAcceptInput = z.infer<typeof StaffInviteAcceptInput>;

/**
 * A code was sent (or, for a contact the city does not know, nothing was sent:
 * the answer is the same, so the sign-in form does not reveal who is staff).
 */
export const StaffChallenge = z.strictObject({
  challengeId: Id,
  channel: z.enum(['sms', 'email']),
  expiresAt: Instant,
  /** A new code may be asked for from then. */
  resendAt: Instant,
  codeLength: z.int(),
  attemptsLeft: z.int(),
  /**
   * Accepting an invitation only: the contact the code went to, as the coordinator entered it and as the centre
   * lists it (`…47`, `a…@akimat.kz`), so the person knows where to look. Never for a sign-in by contact, whose
   * answer must not tell who is staff.
   */
  contactHint: z.optional(z.string()),
});
export type StaffChallenge = z.infer<typeof StaffChallenge>;

export const StaffCodeInput = z.strictObject({ code: z.string().check(z.regex(/^\d{4,8}$/, 'code.invalid')) });
export type StaffCodeInput = z.infer<typeof StaffCodeInput>;

/** Confirming a sign-in with the city's provider: the proof its callback handed to this browser only (see `OidcProof`). */
export const StaffOidcConfirmInput = z.strictObject({ proof: OidcProof });
export type StaffOidcConfirmInput = z.infer<typeof StaffOidcConfirmInput>;

/** What confirming a sign-in takes: the code, or after a sign-in with the provider, its proof. */
export const StaffConfirmInput = z.union([StaffCodeInput, StaffOidcConfirmInput]);
export type StaffConfirmInput = z.infer<typeof StaffConfirmInput>;

/** Sign in with the city's OpenID Connect provider (cities whose identity method is `oidc`). */
export const StaffOidcStartInput = z.strictObject({
  /** A page of this server to come back to (the centre). */
  returnTo: z.string().check(z.maxLength(2000), z.regex(/^https?:\/\/[^\s#]+$/, 'url.invalid')),
  mode: z.enum(['popup', 'redirect']),
  /** First sign-in of an invited person: links the provider's account to them, once they also confirm a code sent to their contact (`StaffCodeStep`). */
  inviteToken: z.optional(InviteToken),
});
export type StaffOidcStartInput = z.infer<typeof StaffOidcStartInput>;

export const StaffOidcChallenge = z.strictObject({
  challengeId: Id,
  authorizationUrl: z.string().check(z.maxLength(4000)),
  expiresAt: Instant,
});
export type StaffOidcChallenge = z.infer<typeof StaffOidcChallenge>;

/** Who is signed in: a named person, or a config-file admin token (a coordinator for its cities). */
export const StaffMe = z.strictObject({
  kind: z.enum(['staff', 'token']),
  /** `staff:<id>` or the config admin's id: what the audit log names. */
  actor: z.string(),
  /** The person's id (null for a config token). */
  staffId: z.nullable(Id),
  name: z.string(),
  organisation: z.nullable(z.string()),
  role: StaffRole,
  city: z.string(),
  /** When the session ends at the latest (null for a config token); it also ends after `idleMinutes` without a request. */
  sessionExpiresAt: z.nullable(Instant),
  idleMinutes: z.nullable(z.int()),
});
export type StaffMe = z.infer<typeof StaffMe>;

/** Keep `token` in memory only (never in browser storage); send it as `Authorization: Bearer <token>`. */
export const StaffSession = z.strictObject({ token: z.string(), me: StaffMe });
export type StaffSession = z.infer<typeof StaffSession>;

/**
 * Confirming a sign-in with the provider that accepts an invitation opens no session yet: the provider proved an
 * account, not that it belongs to the person invited (a forwarded link would do). A code went to the contact the
 * coordinator entered (`contactHint` names it as `…47` or `a…@akimat.kz`); confirming `challenge` with that code, as
 * any code (`resend`, attempts, expiry alike), opens the session, activates the person and links the account.
 */
export const StaffCodeStep = z.strictObject({ next: z.literal('code'), contactHint: z.string(), challenge: StaffChallenge });
export type StaffCodeStep = z.infer<typeof StaffCodeStep>;

/** What confirming a sign-in answers: a session, or (an invitation accepted through the provider) the code step; `next` tells them apart. */
export const StaffConfirmResult = z.union([StaffSession, StaffCodeStep]);
export type StaffConfirmResult = z.infer<typeof StaffConfirmResult>;

// ---------------------------------------------------------------- assessment

/** A criterion the council scores every assigned proposal on, from `min` to `max` (whole numbers). */
export const AssessmentCriterion = z.strictObject({
  id: Id,
  label: LocalizedName,
  min: z.int().check(z.minimum(0), z.maximum(100)),
  max: z.int().check(z.minimum(1), z.maximum(100)),
});
export type AssessmentCriterion = z.infer<typeof AssessmentCriterion>;

export const CriteriaList = z.strictObject({ criteria: z.array(AssessmentCriterion) });
export type CriteriaList = z.infer<typeof CriteriaList>;

export const RECOMMENDATIONS = ['accept', 'needs_changes', 'reject'] as const;
export const Recommendation = z.enum(RECOMMENDATIONS);
export type Recommendation = z.infer<typeof Recommendation>;

export const ASSIGNMENT_STATES = ['pending', 'assessed', 'conflict'] as const;
/** `pending`: assigned, nothing recorded; `assessed`: scores and a recommendation; `conflict`: declared a conflict of interest, excluded. */
export const AssignmentState = z.enum(ASSIGNMENT_STATES);
export type AssignmentState = z.infer<typeof AssignmentState>;

export const Assignment = z.strictObject({
  proposalId: Id,
  proposalTitle: z.string(),
  proposalStatus: ProposalStatus,
  staffId: Id,
  expertName: z.string(),
  organisation: z.string(),
  state: AssignmentState,
  assignedAt: Instant,
  /** Display name of the coordinator who assigned. */
  assignedBy: z.string(),
  updatedAt: z.nullable(Instant),
});
export type Assignment = z.infer<typeof Assignment>;

export const AssignmentList = z.strictObject({ items: z.array(Assignment) });
export type AssignmentList = z.infer<typeof AssignmentList>;

/** `GET …/assignments` filters (all optional; an expert always gets only their own). */
export const AssignmentQuery = z.strictObject({
  proposal: z.optional(Id),
  expert: z.optional(Id),
  state: z.optional(AssignmentState),
});
export type AssignmentQuery = z.infer<typeof AssignmentQuery>;

const PrivateNote = userText({ max: 4000, multiline: true });

/** The statuses in which the council still assesses a proposal (assigns experts, takes assessments, decides). */
export const ASSESSED_STATUSES: ReadonlySet<ProposalStatus> = new Set(['submitted', 'under_review', 'needs_changes', 'accepted', 'rejected']);

/** An expert's assessment: a score for every criterion of the city, a recommendation, an optional note only staff read. */
export const AssessmentInput = z.strictObject({
  scores: z.record(Id, z.int()),
  recommendation: Recommendation,
  note: z.optional(PrivateNote),
});
export type AssessmentInput = z.infer<typeof AssessmentInput>;

/** Declaring a conflict of interest excludes the expert from the proposal (and drops what they had recorded). */
export const ConflictInput = z.strictObject({ reason: z.optional(userText({ max: 500, multiline: true })) });
export type ConflictInput = z.infer<typeof ConflictInput>;

/** One expert's assessment of one proposal (staff only). */
export const Assessment = z.strictObject({
  proposalId: Id,
  staffId: Id,
  expertName: z.string(),
  organisation: z.string(),
  state: AssignmentState,
  scores: z.nullable(z.record(z.string(), z.int())),
  recommendation: z.nullable(Recommendation),
  note: z.nullable(z.string()),
  conflictReason: z.nullable(z.string()),
  updatedAt: z.nullable(Instant),
});
export type Assessment = z.infer<typeof Assessment>;

/** A decision's public reason: one free text, or words per language (at least one). */
export const PublicReasonInput = z.union([
  userText({ max: 2000, multiline: true }),
  z.strictObject({
    kk: z.optional(userText({ max: 2000, multiline: true })),
    ru: z.optional(userText({ max: 2000, multiline: true })),
    en: z.optional(userText({ max: 2000, multiline: true })),
  }),
]);
export type PublicReasonInput = z.infer<typeof PublicReasonInput>;

export const PublicReason = z.strictObject({
  text: z.optional(z.string()),
  kk: z.optional(z.string()),
  ru: z.optional(z.string()),
  en: z.optional(z.string()),
});
export type PublicReason = z.infer<typeof PublicReason>;

/**
 * The council's decision. `accept` needs the final cost and makes the
 * proposal `accepted` (ready to be put on the ballot); `needs_changes` and
 * `reject` set those statuses. The reason becomes the public status note.
 */
export const DecisionInput = z.strictObject({
  outcome: Recommendation,
  reason: PublicReasonInput,
  finalCost: z.optional(Money.check(z.minimum(1, 'money.required'))),
});
export type DecisionInput = z.infer<typeof DecisionInput>;

export const Decision = z.strictObject({
  proposalId: Id,
  outcome: Recommendation,
  reason: PublicReason,
  finalCost: z.nullable(Money),
  /** The proposal status it set. */
  status: ProposalStatus,
  decidedAt: Instant,
  /** Display name of the coordinator who recorded it. */
  decidedBy: z.string(),
});
export type Decision = z.infer<typeof Decision>;

export const DecisionResult = z.strictObject({ decision: Decision, proposal: AdminProposal });
export type DecisionResult = z.infer<typeof DecisionResult>;

/**
 * What the council thinks of one proposal. Averages count only `assessed`
 * experts (never those with a conflict); `null` when nobody assessed yet.
 * Disagreement: the recommendations differ, or on some criterion the highest
 * and lowest score are 2 or more apart (listed in `criteria`).
 */
export const AssessmentSummary = z.strictObject({
  proposalId: Id,
  criteria: z.array(AssessmentCriterion),
  assessments: z.array(Assessment),
  assigned: z.int(),
  assessed: z.int(),
  pending: z.int(),
  conflicts: z.int(),
  averages: z.record(z.string(), z.nullable(z.number())),
  recommendations: z.strictObject({ accept: z.int(), needs_changes: z.int(), reject: z.int() }),
  disagreement: z.strictObject({ any: z.boolean(), recommendations: z.boolean(), criteria: z.array(z.string()) }),
  /** The latest decision, if any (`decisions` has them all, newest last). */
  decision: z.nullable(Decision),
  decisions: z.array(Decision),
});
export type AssessmentSummary = z.infer<typeof AssessmentSummary>;

/** The council's queue: one line per proposal of the current cycle that has an assignment or a decision. */
export const AssessmentOverviewItem = z.strictObject({
  proposalId: Id,
  title: z.string(),
  status: ProposalStatus,
  assigned: z.int(),
  assessed: z.int(),
  pending: z.int(),
  conflicts: z.int(),
  disagreement: z.boolean(),
  decision: z.nullable(Recommendation),
});
export type AssessmentOverviewItem = z.infer<typeof AssessmentOverviewItem>;

export const AssessmentOverview = z.strictObject({ items: z.array(AssessmentOverviewItem) });
export type AssessmentOverview = z.infer<typeof AssessmentOverview>;

export const OkResult = z.strictObject({ ok: z.literal(true) });
export type OkResult = z.infer<typeof OkResult>;

// ---------------------------------------------------------------- routes

export type StaffAuth = 'none' | 'any' | 'staff' | 'coordinator' | 'expert';

export interface StaffRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Under `/api/v1`; `{city}`, `{id}` (proposal), `{staffId}`, `{challengeId}` are filled in. */
  path: string;
  /**
   * Who may call: `none` (no token; same-origin), `any` (a config token or any
   * staff session of the city), `staff` (a staff session only), `coordinator`
   * (a config token or a coordinator's session), `expert` (an expert's session,
   * for proposals assigned to them).
   */
  auth: StaffAuth;
  summary: string;
  /** Name of the body schema in this module, if any. */
  body?: string;
  /** Status and schema name of the answer. */
  ok: [number, string];
  errors: number[];
}

/**
 * Every staff route. Errors are `{ code, message, details? }`: 400
 * `validation_failed` (bad body or query, `details.issues`), 401 `unauthorized`
 * (no, unknown, expired or revoked session), 403 `forbidden` (another city, or
 * the role may not do this: an expert outside their assignments), 404
 * `not_found`, 409 `conflict`, 422 `code_invalid`, 410 `code_expired`, 403
 * `code_locked`, 429 `rate_limited` / `too_many_codes` (with `Retry-After`).
 *
 * The existing admin routes (`src/contract/admin.ts`) take the same tokens:
 * an expert may call only `GET /admin/cities/{city}`, `GET …/proposals` and
 * `GET …/proposals/{id}` (plus `GET /admin/whoami`); every other admin route
 * needs a coordinator (403 `forbidden` for an expert). The audit log names a
 * person as `staff:<id>` with their display name in `details.by`.
 */
export const STAFF_ROUTES: readonly StaffRoute[] = [
  // sign-in (no token)
  { method: 'POST', path: '/admin/cities/{city}/sign-in', auth: 'none', summary: 'Send a one-time code to a staff member’s phone or e-mail (the same answer for unknown contacts)', body: 'StaffSignInInput', ok: [201, 'StaffChallenge'], errors: [400, 404, 429, 503] },
  { method: 'POST', path: '/admin/cities/{city}/sign-in/invite', auth: 'none', summary: 'Accept an invitation: send a code to the contact it was made for', body: 'StaffInviteAcceptInput', ok: [201, 'StaffChallenge'], errors: [400, 404, 410, 429, 503] },
  { method: 'POST', path: '/admin/cities/{city}/sign-in/{challengeId}/resend', auth: 'none', summary: 'Send a new code for a pending sign-in', ok: [201, 'StaffChallenge'], errors: [404, 429, 503] },
  { method: 'POST', path: '/admin/cities/{city}/sign-in/{challengeId}/confirm', auth: 'none', summary: 'Exchange the code (after an OpenID Connect sign-in: the proof its callback handed to the browser) for a session; activates an invited person. An invitation accepted through the provider answers `StaffCodeStep` instead: a code went to the invited contact, and only confirming that code opens the session', body: 'StaffConfirmInput', ok: [200, 'StaffConfirmResult'], errors: [400, 403, 404, 410, 422, 429, 503] },
  { method: 'POST', path: '/admin/cities/{city}/sign-in/oidc', auth: 'none', summary: 'Sign in with the city’s OpenID Connect provider (cities whose identity method is `oidc`)', body: 'StaffOidcStartInput', ok: [201, 'StaffOidcChallenge'], errors: [400, 403, 404, 429, 503] },
  { method: 'GET', path: '/admin/oidc/callback', auth: 'none', summary: 'Where the provider sends a staff sign-in back: hands the challenge and its one-time proof to the page (popup message to the centre’s origin, or the redirect’s fragment); then confirm the challenge with the proof', ok: [200, 'text'], errors: [400] },
  // the session
  { method: 'GET', path: '/admin/cities/{city}/me', auth: 'any', summary: 'Who is signed in, their role, when the session ends', ok: [200, 'StaffMe'], errors: [401, 403, 404] },
  { method: 'POST', path: '/admin/sign-out', auth: 'staff', summary: 'End this session now', ok: [200, 'OkResult'], errors: [401] },
  // people (coordinators)
  { method: 'GET', path: '/admin/cities/{city}/staff', auth: 'coordinator', summary: 'The city’s people: invited, active, revoked', ok: [200, 'StaffList'], errors: [401, 403, 404] },
  { method: 'POST', path: '/admin/cities/{city}/staff', auth: 'coordinator', summary: 'Invite a coordinator or an expert (a link valid for 7 days)', body: 'StaffInviteInput', ok: [201, 'StaffInvitation'], errors: [400, 401, 403, 404, 409] },
  { method: 'GET', path: '/admin/cities/{city}/staff/{staffId}', auth: 'coordinator', summary: 'One person', ok: [200, 'StaffMember'], errors: [401, 403, 404] },
  { method: 'POST', path: '/admin/cities/{city}/staff/{staffId}', auth: 'coordinator', summary: 'Change name, organisation or role', body: 'StaffUpdateInput', ok: [200, 'StaffMember'], errors: [400, 401, 403, 404, 409] },
  { method: 'POST', path: '/admin/cities/{city}/staff/{staffId}/revoke', auth: 'coordinator', summary: 'Revoke at once: every session of the person is refused from the next request, on every instance', ok: [200, 'StaffMember'], errors: [401, 403, 404, 409] },
  { method: 'POST', path: '/admin/cities/{city}/staff/{staffId}/reinvite', auth: 'coordinator', summary: 'A new invitation (the old link stops working); also re-admits a revoked person', ok: [200, 'StaffInvitation'], errors: [401, 403, 404, 409] },
  // assessment
  { method: 'GET', path: '/admin/cities/{city}/criteria', auth: 'any', summary: 'The criteria and scales the council scores on', ok: [200, 'CriteriaList'], errors: [401, 403, 404] },
  { method: 'GET', path: '/admin/cities/{city}/assignments', auth: 'any', summary: 'Assignments (query `proposal`, `expert`, `state`); an expert gets only their own', ok: [200, 'AssignmentList'], errors: [400, 401, 403, 404] },
  { method: 'PUT', path: '/admin/cities/{city}/proposals/{id}/assignments/{staffId}', auth: 'coordinator', summary: 'Assign an active expert to a proposal (again: no change)', ok: [200, 'Assignment'], errors: [401, 403, 404, 409] },
  { method: 'DELETE', path: '/admin/cities/{city}/proposals/{id}/assignments/{staffId}', auth: 'coordinator', summary: 'Unassign (what the expert recorded is dropped, and the audit log says so)', ok: [200, 'OkResult'], errors: [401, 403, 404] },
  { method: 'GET', path: '/admin/cities/{city}/proposals/{id}/assessment', auth: 'expert', summary: 'My assessment of a proposal assigned to me', ok: [200, 'Assessment'], errors: [401, 403, 404] },
  { method: 'PUT', path: '/admin/cities/{city}/proposals/{id}/assessment', auth: 'expert', summary: 'Record or change my scores, recommendation and private note', body: 'AssessmentInput', ok: [200, 'Assessment'], errors: [400, 401, 403, 404, 409] },
  { method: 'POST', path: '/admin/cities/{city}/proposals/{id}/conflict', auth: 'expert', summary: 'Declare a conflict of interest: excluded from this proposal', body: 'ConflictInput', ok: [200, 'Assessment'], errors: [400, 401, 403, 404, 409] },
  { method: 'GET', path: '/admin/cities/{city}/assessments', auth: 'coordinator', summary: 'The council’s queue: per proposal, how many assessed, conflicts, disagreement, decision', ok: [200, 'AssessmentOverview'], errors: [401, 403, 404] },
  { method: 'GET', path: '/admin/cities/{city}/proposals/{id}/assessments', auth: 'coordinator', summary: 'The summary of one proposal: who assessed, averages, recommendations, disagreement, decisions', ok: [200, 'AssessmentSummary'], errors: [401, 403, 404] },
  { method: 'POST', path: '/admin/cities/{city}/proposals/{id}/decision', auth: 'coordinator', summary: 'Record the council’s decision with a public reason (and the final cost when accepted); sets the proposal’s status', body: 'DecisionInput', ok: [200, 'DecisionResult'], errors: [400, 401, 403, 404, 409, 422] },
];

/** A route's path with its parameters filled in (encoded), e.g. `staffPath('/admin/cities/{city}/staff', { city: 'aksu' })`. */
export function staffPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`staffPath: missing ${name}`);
    return encodeURIComponent(value);
  });
}
