import type {
  AuthorProposal,
  AuthorProposals,
  AuthorSession,
  AuthorVerificationConfirm,
  AuthorVerificationStart,
  ProposalEditInput,
  BallotInput,
  Challenge,
  CityConfig,
  Photo,
  Proposal,
  ProposalInput,
  ProposalPage,
  ProposalQuery,
  OidcChallenge,
  OidcStartInput,
  Receipt,
  ReceiptStatus,
  Results,
  ProgressList,
  ProgressQuery,
  ProjectProgressDetail,
  VerificationConfirm,
  VerificationStart,
  VoterSession,
} from '../contract/index.js';

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface UploadOptions extends RequestOptions {
  /** Called with the fraction sent, 0…1. */
  onProgress?: (fraction: number) => void;
}

/**
 * Everything a widget asks of a backend, for one city. The default is
 * `HttpBackend` (the reference server or any server honouring
 * `openapi.json`); a host page may pass its own object through the widgets'
 * `backend` property. Implementations reject with `QalaError`.
 */
export interface Backend {
  readonly city: string;
  /** The city, its current cycle and the phase on the server's clock. */
  getConfig(options?: RequestOptions): Promise<CityConfig>;
  listProposals(query: ProposalQuery, options?: RequestOptions): Promise<ProposalPage>;
  getProposal(id: string, options?: RequestOptions): Promise<Proposal>;
  /** Upload one (already resized) photo; the id goes into `ProposalInput.photos`. */
  uploadPhoto(file: Blob, name: string, options?: UploadOptions): Promise<Photo>;
  /** The same key and body always give the same proposal; the key is what makes retries safe. */
  submitProposal(input: ProposalInput, idempotencyKey: string, options?: RequestOptions): Promise<Proposal>;
  startVerification(input: VerificationStart, options?: RequestOptions): Promise<Challenge>;
  resendCode(challengeId: string, options?: RequestOptions): Promise<Challenge>;
  /**
   * Confirm a challenge: with the code for an SMS challenge; for a sign-in, with the `proof` its callback handed this
   * browser (and the location where the city checks residence), or `{}` to ask whether it is still pending.
   */
  confirmCode(challengeId: string, input: VerificationConfirm, options?: RequestOptions): Promise<VoterSession>;
  /** Start signing in with the city's identity provider (`identity.method === 'oidc'`); then `confirmCode(challengeId, { proof })`. */
  startSignIn(input: OidcStartInput, options?: RequestOptions): Promise<OidcChallenge>;
  /**
   * The origin the server's own pages come from (the sign-in window that
   * reports back is one of them); messages from any other origin are ignored.
   * Without it, only messages from the window the widget opened are accepted.
   */
  apiOrigin?(): string | null;
  castBallot(token: string, ballot: BallotInput, idempotencyKey: string, options?: RequestOptions): Promise<Receipt>;
  checkReceipt(code: string, options?: RequestOptions): Promise<ReceiptStatus>;
  getResults(options?: RequestOptions): Promise<Results>;
  /** Funded projects and how they are being built: one cycle, or all cycles of the city (`<qala-progress>`). */
  getProgress?(query: ProgressQuery, options?: RequestOptions): Promise<ProgressList>;
  /** One funded project's page: stages, updates, photos. */
  getProjectProgress?(id: string, options?: RequestOptions): Promise<ProjectProgressDetail>;
  // Authors refine their proposals ("My proposals" in the form). Optional for a host's own backend: without them the form offers no "My proposals".
  /** Send a one-time code to the phone a proposal was submitted with. */
  startAuthorVerification?(input: AuthorVerificationStart, options?: RequestOptions): Promise<Challenge>;
  resendAuthorCode?(challengeId: string, options?: RequestOptions): Promise<Challenge>;
  confirmAuthorCode?(challengeId: string, input: AuthorVerificationConfirm, options?: RequestOptions): Promise<AuthorSession>;
  /** The proven author's own proposals (`token` from `confirmAuthorCode`). */
  myProposals?(token: string, options?: RequestOptions): Promise<AuthorProposals>;
  /** Resubmit a proposal sent back for changes; as with `submitProposal`, the key makes retries safe. */
  resubmitProposal?(token: string, id: string, input: ProposalEditInput, idempotencyKey: string, options?: RequestOptions): Promise<AuthorProposal>;
  /** A photo for a proposal being edited (also during review). */
  uploadAuthorPhoto?(token: string, file: Blob, name: string, options?: UploadOptions): Promise<Photo>;
  signOutAuthor?(token: string, options?: RequestOptions): Promise<void>;
  /** Absolute URL of a download the server offers (`csv` or `pb`), or null. */
  downloadUrl?(path: string): string | null;
}

/**
 * The HTTP routes of the reference server, relative to the API base
 * (`https://host/api/v1`). The server and `HttpBackend` both read them from here.
 */
export const ROUTES = {
  config: (city: string) => `/cities/${enc(city)}`,
  proposals: (city: string) => `/cities/${enc(city)}/proposals`,
  proposal: (city: string, id: string) => `/cities/${enc(city)}/proposals/${enc(id)}`,
  photos: (city: string) => `/cities/${enc(city)}/photos`,
  verification: (city: string) => `/cities/${enc(city)}/verification`,
  resend: (city: string, challenge: string) => `/cities/${enc(city)}/verification/${enc(challenge)}/resend`,
  confirm: (city: string, challenge: string) => `/cities/${enc(city)}/verification/${enc(challenge)}/confirm`,
  signIn: (city: string) => `/cities/${enc(city)}/verification/oidc`,
  ballots: (city: string) => `/cities/${enc(city)}/ballots`,
  receipt: (city: string, code: string) => `/cities/${enc(city)}/receipts/${enc(code)}`,
  results: (city: string) => `/cities/${enc(city)}/results`,
  progress: (city: string) => `/cities/${enc(city)}/progress`,
  projectProgress: (city: string, id: string) => `/cities/${enc(city)}/progress/${enc(id)}`,
} as const;

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

/** Query string of a proposal query: repeated `status`, nothing for absent keys. */
export function proposalQueryString(query: ProposalQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
