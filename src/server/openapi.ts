import * as z from 'zod/mini';
import {
  INSTANT_PATTERN,
  OidcChallenge,
  OidcStartInput,
  VoterListReport,
  VoterListSummary,
  AdminIdentity,
  AdminProposal,
  AdminProposalPage,
  ApiError,
  ApplyResultsInput,
  ApplyResultsResult,
  AuditPage,
  BallotInput,
  Challenge,
  CityConfig,
  ERROR_CODES,
  MergeInput,
  PaperBallotsInput,
  PaperBallotsResult,
  PhaseActionInput,
  Photo,
  PlaceOnBallotInput,
  Proposal,
  ProposalInput,
  ProposalPage,
  PROPOSAL_SORTS,
  PROPOSAL_STATUSES,
  Receipt,
  ReceiptStatus,
  Results,
  SetCostInput,
  SetStatusInput,
  VerificationConfirm,
  VerificationStart,
  VisibilityInput,
  VoterSession,
  STAFF_ROUTES,
  AUTHOR_ROUTES,
  AuthorProposal,
  AuthorProposals,
  AuthorSession,
  AuthorVerificationConfirm,
  AuthorVerificationStart,
  ProposalEditInput,
  ProposalVersions,
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
  OkResult,
  StaffChallenge,
  StaffCodeInput,
  StaffConfirmInput,
  StaffInvitation,
  StaffInviteAcceptInput,
  StaffInviteInput,
  StaffList,
  StaffMe,
  StaffMember,
  StaffOidcChallenge,
  StaffOidcStartInput,
  StaffSession,
  StaffCodeStep,
  StaffConfirmResult,
  StaffSignInInput,
  StaffUpdateInput,
} from '../contract/index.js';

/**
 * The OpenAPI 3.1 document of the reference server, generated from the
 * contract's zod schemas. Pure (no Node API) and cheap, so the build can write
 * `dist/openapi.json` with it and the server can serve it.
 */

const SCHEMAS = {
  ApiError,
  CityConfig,
  Proposal,
  ProposalPage,
  ProposalInput,
  Photo,
  VerificationStart,
  Challenge,
  VerificationConfirm,
  VoterSession,
  OidcStartInput,
  OidcChallenge,
  BallotInput,
  Receipt,
  ReceiptStatus,
  Results,
  AdminIdentity,
  AdminProposal,
  AdminProposalPage,
  SetStatusInput,
  SetCostInput,
  MergeInput,
  PlaceOnBallotInput,
  VisibilityInput,
  PaperBallotsInput,
  PaperBallotsResult,
  PhaseActionInput,
  ApplyResultsInput,
  ApplyResultsResult,
  AuditPage,
  VoterListReport,
  VoterListSummary,
  StaffMember,
  StaffList,
  StaffInviteInput,
  StaffUpdateInput,
  StaffInvitation,
  StaffSignInInput,
  StaffInviteAcceptInput,
  StaffChallenge,
  StaffCodeInput,
  StaffConfirmInput,
  StaffOidcStartInput,
  StaffOidcChallenge,
  StaffMe,
  StaffSession,
  StaffCodeStep,
  StaffConfirmResult,
  CriteriaList,
  Assignment,
  AssignmentList,
  AssessmentInput,
  ConflictInput,
  Assessment,
  DecisionInput,
  DecisionResult,
  AssessmentSummary,
  AssessmentOverview,
  OkResult,
  AuthorVerificationStart,
  AuthorVerificationConfirm,
  AuthorSession,
  AuthorProposal,
  AuthorProposals,
  ProposalEditInput,
  ProposalVersions,
} as const;

type Name = keyof typeof SCHEMAS;
const INPUTS: ReadonlySet<Name> = new Set([
  'ProposalInput',
  'AuthorVerificationStart',
  'AuthorVerificationConfirm',
  'ProposalEditInput',
  'VerificationStart',
  'VerificationConfirm',
  'OidcStartInput',
  'BallotInput',
  'SetStatusInput',
  'SetCostInput',
  'MergeInput',
  'PlaceOnBallotInput',
  'VisibilityInput',
  'PaperBallotsInput',
  'PhaseActionInput',
  'ApplyResultsInput',
  'StaffInviteInput',
  'StaffUpdateInput',
  'StaffSignInInput',
  'StaffInviteAcceptInput',
  'StaffCodeInput',
  'StaffConfirmInput',
  'StaffOidcStartInput',
  'AssessmentInput',
  'ConflictInput',
  'DecisionInput',
]);

const ref = (name: Name) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (name: Name) => ({ 'application/json': { schema: ref(name) } });

type Op = {
  summary: string;
  tags: string[];
  params?: string[];
  query?: Record<string, object>;
  body?: Name;
  ok: [number, Name | 'text' | 'image' | 'none'];
  errors: number[];
  auth?: 'voter' | 'admin' | 'author';
  idempotent?: boolean;
  description?: string;
  /** The body is the raw image. */
  rawImage?: boolean;
  /** The body is a CSV file. */
  csv?: boolean;
};

const city = { name: 'city', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,39}$' }, description: 'City slug, e.g. `aksu`.' };
const pathParam = (name: string) => (name === 'city' ? city : { name, in: 'path', required: true, schema: { type: 'string', maxLength: 64 } });

type Method = 'get' | 'post' | 'put' | 'delete';
const OPS: Record<string, Partial<Record<Method, Op>>> = {};
function op(method: Method, path: string, o: Op) {
  OPS[path] ??= {};
  OPS[path]![method] = o;
}

const R = 'Residents';
const AD = 'Project centre (admin)';
op('get', '/cities/{city}', { summary: 'The city, its current cycle and the phase on the server clock', tags: [R], params: ['city'], ok: [200, 'CityConfig'], errors: [404] });
op('get', '/cities/{city}/proposals', {
  summary: 'Public proposals of the current cycle',
  description: 'Unpublished and hidden proposals never appear. `votes` is present only when counts are public. Unknown query keys are refused (400).',
  tags: [R],
  params: ['city'],
  query: {
    category: { type: 'string' },
    district: { type: 'string' },
    status: { type: 'array', items: { type: 'string', enum: [...PROPOSAL_STATUSES] }, description: 'Repeat the key for several.' },
    q: { type: 'string', maxLength: 200 },
    sort: { type: 'string', enum: [...PROPOSAL_SORTS], description: '`votes` only when counts are public.' },
    cursor: { type: 'string' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  },
  ok: [200, 'ProposalPage'],
  errors: [400, 404],
});
op('post', '/cities/{city}/proposals', { summary: 'Submit a proposal (submission phase only)', tags: [R], params: ['city'], body: 'ProposalInput', idempotent: true, ok: [201, 'Proposal'], errors: [400, 403, 404, 409, 413, 415, 422, 429] });
op('get', '/cities/{city}/proposals/{id}', { summary: 'One public proposal with its public review history', tags: [R], params: ['city', 'id'], ok: [200, 'Proposal'], errors: [404] });
op('post', '/cities/{city}/photos', {
  summary: 'Upload one photo as the raw request body',
  description: 'Body: the image bytes (JPEG, PNG or WebP, checked by content), at most 10 MiB. Query `name`: the original file name, shown as text only.',
  tags: [R],
  params: ['city'],
  query: { name: { type: 'string', maxLength: 200 } },
  rawImage: true,
  ok: [201, 'Photo'],
  errors: [400, 403, 404, 413, 415, 429],
});
op('get', '/photos/{id}', { summary: 'A photo, served with its sniffed image type', tags: [R], params: ['id'], ok: [200, 'image'], errors: [404] });
op('post', '/cities/{city}/verification', { summary: 'Check the IIN and send a one-time code to the phone', tags: [R], params: ['city'], body: 'VerificationStart', ok: [201, 'Challenge'], errors: [400, 403, 404, 415, 422, 429, 503] });
op('post', '/cities/{city}/verification/oidc', {
  summary: 'Start signing in with the city’s identity provider (cities whose identity method is `oidc`)',
  description: 'Open `authorizationUrl` in a popup or go there; the provider comes back to `GET /oidc/callback`, which hands the challenge and a one-time proof back to `returnTo` (a page on one of the city’s allowed origins). Then confirm the challenge with that proof (`proof`), no code.',
  tags: [R],
  params: ['city'],
  body: 'OidcStartInput',
  ok: [201, 'OidcChallenge'],
  errors: [400, 403, 404, 415, 429, 503],
});
op('get', '/oidc/callback', {
  summary: 'Where the identity provider sends the browser back (`code`, `state` or `error`)',
  description: 'Popup: a page that posts `{ type: "qala-oidc", challengeId, outcome, proof }` to the opener on `returnTo`’s origin and closes. Redirect: 303 to `returnTo#qala-oidc=<challengeId>&proof=<proof>`. The proof is made here, once per sign-in, and given to no one else: confirming the challenge needs it, so a sign-in started by someone else and finished by you gives them nothing.',
  tags: [R],
  ok: [200, 'text'],
  errors: [400],
});
op('post', '/cities/{city}/verification/{id}/resend', { summary: 'Send a new code for a pending verification', tags: [R], params: ['city', 'id'], ok: [201, 'Challenge'], errors: [403, 404, 429, 503] });
op('post', '/cities/{city}/verification/{id}/confirm', {
  summary: 'Exchange the code (and, where required, the location) for a voter token',
  description:
    '`district`: present when the city verifies by voter list, the resident’s row names a district and the cycle has district pools. That voter may choose only in the city-wide and category pools and in the pools of this district; a widget shows them only those.',
  tags: [R],
  params: ['city', 'id'],
  body: 'VerificationConfirm',
  ok: [200, 'VoterSession'],
  errors: [400, 403, 404, 410, 422],
});
op('post', '/cities/{city}/ballots', {
  summary: 'Cast (or, where allowed, replace) a ballot',
  description:
    'A voter whose row on the voter list names a district may pick projects only in the city-wide and category pools and in the pools of that district (the list is read when the ballot arrives): picks in another district’s pool are refused with 403 `district_mismatch`, `details.issues` naming each such choice (`choices.<i>.poolId`, `ballot.pool_other_district`). An empty choice there is an abstention and passes. Where the city verifies by the voter list, a voter the project centre removed from it since their confirmation is refused with 403 `not_eligible` (`iin.not_listed`), their token notwithstanding. A ballot that breaks the rule is 422 `ballot_invalid`.',
  tags: [R],
  params: ['city'],
  body: 'BallotInput',
  auth: 'voter',
  idempotent: true,
  ok: [201, 'Receipt'],
  errors: [400, 401, 403, 404, 409, 422, 429],
});
op('get', '/cities/{city}/receipts/{id}', { summary: 'Whether a ballot with this receipt code is counted (never what it says)', tags: [R], params: ['city', 'id'], ok: [200, 'ReceiptStatus'], errors: [400, 403, 404, 429] });
op('get', '/cities/{city}/results', { summary: 'Results per pool (final from the results phase; live during voting if the city allows)', tags: [R], params: ['city'], ok: [200, 'Results'], errors: [403, 404] });
op('get', '/cities/{city}/results.csv', { summary: 'Results as CSV', tags: [R], params: ['city'], ok: [200, 'text'], errors: [403, 404] });
op('get', '/cities/{city}/results.pb', { summary: 'The cycle as a pabulib file (one pool; `?pool=` to choose), anonymous voter ids', tags: [R], params: ['city'], query: { pool: { type: 'string' } }, ok: [200, 'text'], errors: [403, 404] });

op('get', '/admin/whoami', { summary: 'The admin account of the token', tags: [AD], auth: 'admin', ok: [200, 'AdminIdentity'], errors: [401] });
op('get', '/admin/cities/{city}', { summary: 'City config as the server sees it now (with phase overrides)', tags: [AD], params: ['city'], auth: 'admin', ok: [200, 'CityConfig'], errors: [401, 403, 404] });
op('get', '/admin/cities/{city}/proposals', {
  summary: 'Every proposal of the current cycle, hidden and unpublished included',
  tags: [AD],
  params: ['city'],
  auth: 'admin',
  query: { status: { type: 'array', items: { type: 'string' } }, q: { type: 'string' }, hidden: { type: 'string', enum: ['true', 'false'] }, cursor: { type: 'string' }, limit: { type: 'integer', maximum: 500 } },
  ok: [200, 'AdminProposalPage'],
  errors: [400, 401, 403, 404],
});
op('get', '/admin/cities/{city}/proposals/{id}', { summary: 'One proposal', tags: [AD], params: ['city', 'id'], auth: 'admin', ok: [200, 'AdminProposal'], errors: [401, 403, 404] });
for (const [name, body, summary] of [
  ['status', 'SetStatusInput', 'Set the status with a reason the author reads'],
  ['cost', 'SetCostInput', 'Set the final cost'],
  ['merge', 'MergeInput', 'Merge into another proposal (duplicates)'],
  ['ballot', 'PlaceOnBallotInput', 'Put on the ballot in a pool (before voting starts)'],
  ['visibility', 'VisibilityInput', 'Hide or publish (moderation)'],
] as const) {
  op('post', `/admin/cities/{city}/proposals/{id}/${name}`, { summary, tags: [AD], params: ['city', 'id'], auth: 'admin', body, ok: [200, 'AdminProposal'], errors: [400, 401, 403, 404, 409, 422] });
}
op('post', '/admin/cities/{city}/paper-ballots', { summary: 'Enter paper ballots counted at a desk', description: 'Where the budget has district pools the batch names the district whose papers it holds (`district`; 400 `paper.district_required` without it, `district.unknown` for one the city does not have), and a paper marked in another district’s pool is refused with 422 `ballot_invalid` (`ballots.<i>.choices.<j>.poolId`, `ballot.pool_other_district`), as a listed voter’s ballot would be online.', tags: [AD], params: ['city'], auth: 'admin', idempotent: true, body: 'PaperBallotsInput', ok: [201, 'PaperBallotsResult'], errors: [400, 401, 403, 404, 409, 422] });
op('post', '/admin/cities/{city}/phases', { summary: 'Open a phase now or close it now', tags: [AD], params: ['city'], auth: 'admin', body: 'PhaseActionInput', ok: [200, 'CityConfig'], errors: [400, 401, 403, 404, 409] });
op('get', '/admin/cities/{city}/results', { summary: 'Results now, whether or not public yet', tags: [AD], params: ['city'], auth: 'admin', ok: [200, 'Results'], errors: [401, 403, 404] });
op('post', '/admin/cities/{city}/results/apply', {
  summary: 'Mark the counted outcome on the proposals (winner / not funded); projects the council already moved are left alone',
  tags: [AD],
  params: ['city'],
  auth: 'admin',
  body: 'ApplyResultsInput',
  ok: [200, 'ApplyResultsResult'],
  errors: [400, 401, 403, 404, 409, 422],
});
op('get', '/admin/cities/{city}/export.pb', { summary: 'Export the cycle (one pool) as pabulib, anonymous voter ids', tags: [AD], params: ['city'], auth: 'admin', query: { pool: { type: 'string' } }, ok: [200, 'text'], errors: [401, 403, 404] });
op('get', '/admin/cities/{city}/voter-list', { summary: 'The voter list of the current cycle: how many, per district, when it is deleted', tags: [AD], params: ['city'], auth: 'admin', ok: [200, 'VoterListSummary'], errors: [401, 403, 404] });
const VOTER_CSV = 'CSV, UTF-8, comma or semicolon: `IIN,phone[,district]` a row, an optional header row. Refused rows come back by line number with a problem code, never with their values.';
op('put', '/admin/cities/{city}/voter-list', { summary: 'Replace the voter list with this file', description: VOTER_CSV, tags: [AD], params: ['city'], auth: 'admin', csv: true, ok: [200, 'VoterListReport'], errors: [400, 401, 403, 404, 409, 413, 415] });
op('post', '/admin/cities/{city}/voter-list', { summary: 'Add residents to the voter list, or update their phone', description: VOTER_CSV, tags: [AD], params: ['city'], auth: 'admin', csv: true, ok: [200, 'VoterListReport'], errors: [400, 401, 403, 404, 409, 413, 415] });
op('post', '/admin/cities/{city}/voter-list/remove', { summary: 'Take residents off the voter list (CSV of IINs)', tags: [AD], params: ['city'], auth: 'admin', csv: true, ok: [200, 'VoterListReport'], errors: [400, 401, 403, 404, 409, 413, 415] });
op('delete', '/admin/cities/{city}/voter-list', { summary: 'Delete the whole voter list now (it is deleted anyway when voting ends)', tags: [AD], params: ['city'], auth: 'admin', ok: [200, 'text'], errors: [401, 403, 404] });
op('get', '/admin/cities/{city}/audit', {
  summary: 'The append-only audit log, newest first',
  description: 'Unknown or repeated query keys are refused (400).',
  tags: [AD],
  params: ['city'],
  auth: 'admin',
  query: {
    cursor: { type: 'string', maxLength: 200, pattern: '^[A-Za-z0-9_-]*$', description: 'The `nextCursor` of the page before, as given; any other value is refused (400, `cursor.invalid`).' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
  },
  ok: [200, 'AuditPage'],
  errors: [400, 401, 403, 404],
});

// Staff and the expert council: the route table lives in the contract (`STAFF_ROUTES`).
const ST = 'Staff and the expert council';
for (const r of STAFF_ROUTES) {
  const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const who = { none: 'No token (same-origin).', any: 'A config token or any staff session of the city.', staff: 'A staff session.', coordinator: 'A config token or a coordinator’s session.', expert: 'An expert’s session, for a proposal assigned to them.' }[r.auth];
  op(r.method.toLowerCase() as Method, r.path, {
    summary: r.summary,
    description: who,
    tags: [ST],
    params,
    ...(r.path.endsWith('/assignments') && r.method === 'GET' ? { query: { proposal: { type: 'string' }, expert: { type: 'string' }, state: { type: 'string', enum: ['pending', 'assessed', 'conflict'] } } } : {}),
    ...(r.body ? { body: r.body as Name } : {}),
    ok: [r.ok[0], r.ok[1] as Name | 'text'],
    errors: r.errors,
    ...(r.auth !== 'none' ? { auth: 'admin' as const } : {}),
  });
}

// Authors refine their proposals: the route table lives in the contract (`AUTHOR_ROUTES`).
{
  const AU = 'Authors (My proposals)';
  const at = (route: string) => route.replace(/%7B/g, '{').replace(/%7D/g, '}');
  const C = '{city}';
  const I = '{id}';
  op('post', at(AUTHOR_ROUTES.verification(C)), { summary: 'Send a one-time code to the phone a proposal was submitted with (the same answer for a phone without proposals, which gets no SMS)', tags: [AU], params: ['city'], body: 'AuthorVerificationStart', ok: [201, 'Challenge'], errors: [400, 404, 415, 429, 503] });
  op('post', at(AUTHOR_ROUTES.resend(C, I)), { summary: 'Send the code again', tags: [AU], params: ['city', 'id'], ok: [201, 'Challenge'], errors: [400, 404, 429, 503] });
  op('post', at(AUTHOR_ROUTES.confirm(C, I)), { summary: 'Exchange the code for an author session', tags: [AU], params: ['city', 'id'], body: 'AuthorVerificationConfirm', ok: [200, 'AuthorSession'], errors: [400, 403, 404, 410, 422] });
  op('get', at(AUTHOR_ROUTES.proposals(C)), { summary: 'The author’s own proposals: status, the council’s public notes, history, whether they may be corrected', tags: [AU], params: ['city'], auth: 'author', ok: [200, 'AuthorProposals'], errors: [401, 404] });
  op('post', at(AUTHOR_ROUTES.resubmit(C, I)), { summary: 'Correct and resubmit a proposal sent back for changes (while submission or review lasts); it goes back under review and the version is kept', tags: [AU], params: ['city', 'id'], auth: 'author', idempotent: true, body: 'ProposalEditInput', ok: [200, 'AuthorProposal'], errors: [400, 401, 403, 404, 409, 422] });
  op('post', at(AUTHOR_ROUTES.photos(C)), { summary: 'Upload a photo for a proposal being corrected (also during review)', tags: [AU], params: ['city'], auth: 'author', query: { name: { type: 'string', maxLength: 200 } }, rawImage: true, ok: [201, 'Photo'], errors: [400, 401, 403, 409, 413, 415, 429] });
  op('post', at(AUTHOR_ROUTES.signOut(C)), { summary: 'End the author session now', tags: [AU], params: ['city'], auth: 'author', ok: [200, 'OkResult'], errors: [401] });
  op('get', at(AUTHOR_ROUTES.versions(C, I)), { summary: 'Every version of a proposal as its author wrote it, with the fields changed from the one before', tags: [AD], params: ['city', 'id'], auth: 'admin', ok: [200, 'ProposalVersions'], errors: [401, 403, 404] });
}

let cached: Record<string, unknown> | undefined;

/** An instant's schema (`contract/common.ts`: a pattern of ours and a calendar check) is a `date-time` string. */
function instantFormat({ jsonSchema }: { jsonSchema: { pattern?: string; allOf?: { pattern?: string }[]; format?: string } }): void {
  if (jsonSchema.pattern === INSTANT_PATTERN.source || jsonSchema.allOf?.some((part) => part.pattern === INSTANT_PATTERN.source)) jsonSchema.format = 'date-time';
}

export function buildOpenApi(): Record<string, unknown> {
  if (cached) return cached;
  const schemas: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    const { $schema: _drop, ...js } = z.toJSONSchema(schema as z.ZodMiniType, { unrepresentable: 'any', io: INPUTS.has(name as Name) ? 'input' : 'output', override: instantFormat }) as Record<string, unknown>;
    schemas[name] = js;
  }
  const paths: Record<string, unknown> = {};
  for (const [path, methods] of Object.entries(OPS)) {
    const item: Record<string, unknown> = {};
    for (const method of ['get', 'post', 'put', 'delete'] as const) {
      const o = methods[method];
      if (!o) continue;
      const parameters: unknown[] = (o.params ?? []).map(pathParam);
      for (const [name, schema] of Object.entries(o.query ?? {})) parameters.push({ name, in: 'query', required: false, schema, ...((schema as { type?: string }).type === 'array' ? { style: 'form', explode: true } : {}) });
      if (o.idempotent) parameters.push({ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 8, maxLength: 200 }, description: 'Same key + same body → the stored answer; same key + other body → 422; while the first is running → 409.' });
      const [status, kind] = o.ok;
      const okContent =
        kind === 'text'
          ? { 'text/plain': { schema: { type: 'string' } } }
          : kind === 'image'
            ? { 'image/jpeg': {}, 'image/png': {}, 'image/webp': {} }
            : kind === 'none'
              ? undefined
              : jsonContent(kind);
      const responses: Record<string, unknown> = { [status]: { description: 'OK', ...(okContent ? { content: okContent } : {}) } };
      for (const e of o.errors) responses[e] = { $ref: '#/components/responses/Error' };
      responses['500'] = { $ref: '#/components/responses/Error' };
      item[method] = {
        summary: o.summary,
        ...(o.description ? { description: o.description } : {}),
        tags: o.tags,
        operationId: `${method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}`,
        ...(parameters.length ? { parameters } : {}),
        ...(o.body ? { requestBody: { required: true, content: jsonContent(o.body) } } : {}),
        ...(o.rawImage ? { requestBody: { required: true, content: { 'image/jpeg': {}, 'image/png': {}, 'image/webp': {} } } } : {}),
        ...(o.csv ? { requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } } } : {}),
        ...(o.auth ? { security: [{ [o.auth === 'voter' ? 'voterToken' : o.auth === 'author' ? 'authorToken' : 'adminToken']: [] }] } : {}),
        responses,
      };
    }
    paths[path] = item;
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Qala reference server',
      version: '1',
      description:
        'Participatory budgeting: proposals, expert review, verified one-person-one-vote, results. Every error is `{ code, message, details? }` with a code from a closed list; field problems are in `details.issues` as `{ path, message, params? }` where `message` is a stable code (`text.too_long`, `phone.invalid`). Validation errors are 400 `validation_failed` (unknown keys included); a ballot that breaks the rule is 422 `ballot_invalid`; picks in another district’s pool than the voter list gives the voter are 403 `district_mismatch`.',
    },
    servers: [{ url: '/api/v1' }],
    tags: [{ name: R }, { name: AD }, { name: ST }],
    paths,
    components: {
      schemas,
      responses: {
        Error: {
          description: `An error. \`code\` is one of: ${ERROR_CODES.join(', ')}.`,
          content: { 'application/json': { schema: ref('ApiError') } },
        },
      },
      securitySchemes: {
        authorToken: { type: 'http', scheme: 'bearer', description: 'From `POST /cities/{city}/authors/verification/{id}/confirm` (a code to the phone a proposal was submitted with); one city, ~30 minutes.' },
        voterToken: { type: 'http', scheme: 'bearer', description: 'From `POST /cities/{city}/verification/{id}/confirm`; bound to one city and cycle, ~30 minutes.' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'An admin account token (stored hashed in the config or secrets), scoped to its cities; or a staff session token (`st1.…`) from `POST /admin/cities/{city}/sign-in/{challengeId}/confirm`, for one city and role.' },
      },
    },
  };
  return cached;
}
