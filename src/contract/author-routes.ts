const enc = (segment: string) => encodeURIComponent(segment);

/**
 * The author routes, relative to the API base; the server, `HttpBackend` and
 * the msw mock all read them from here. Every route but the verification
 * steps needs `Authorization: Bearer <AuthorSession.token>`.
 */
export const AUTHOR_ROUTES = {
  /** POST `AuthorVerificationStart` → 201 `Challenge`. */
  verification: (city: string) => `/cities/${enc(city)}/authors/verification`,
  /** POST (empty) → 201 `Challenge`. */
  resend: (city: string, challenge: string) => `/cities/${enc(city)}/authors/verification/${enc(challenge)}/resend`,
  /** POST `AuthorVerificationConfirm` → 200 `AuthorSession`. */
  confirm: (city: string, challenge: string) => `/cities/${enc(city)}/authors/verification/${enc(challenge)}/confirm`,
  /** GET → 200 `AuthorProposals`. */
  proposals: (city: string) => `/cities/${enc(city)}/authors/proposals`,
  /** POST `ProposalEditInput` → 200 `AuthorProposal`. */
  resubmit: (city: string, id: string) => `/cities/${enc(city)}/authors/proposals/${enc(id)}/resubmit`,
  /** POST image bytes (`?name=`) → 201 `Photo`; while one of the author's proposals may be edited. */
  photos: (city: string) => `/cities/${enc(city)}/authors/photos`,
  /** POST → 200 `{ ok: true }`: the session ends now. */
  signOut: (city: string) => `/cities/${enc(city)}/authors/sign-out`,
  /** Admin: GET → 200 `ProposalVersions`. */
  versions: (city: string, id: string) => `/admin/cities/${enc(city)}/proposals/${enc(id)}/versions`,
} as const;
