/**
 * The OpenID Connect relying party: a resident proves who they are by signing in at the city's
 * identity provider (eGov-style or a company's staff sign-in), and the claim that holds their IIN or
 * employee id comes back. All protocol work (discovery, PKCE, state, nonce, the token request and
 * the ID token's issuer, audience, signature and expiry checks) is done by `openid-client` (panva,
 * OpenID-certified); this module only chooses the options, maps failures to four codes a resident
 * can be told about, and reads one claim.
 *
 * Nothing here logs, and no message or error carries a claim value, a token or a provider's
 * free-text description.
 */
import { createHash } from 'node:crypto';
import * as client from 'openid-client';

export interface OidcSettings {
  /** e.g. `https://idp.egov.kz` — discovery via `/.well-known/openid-configuration`; must equal the provider's `issuer` exactly. */
  issuer: string;
  clientId: string;
  /** Already resolved from the environment by the caller; absent => public client (PKCE only, `token_endpoint_auth_method` none). */
  clientSecret?: string;
  /** The ID-token/userinfo claim holding the IIN or employee id, e.g. `iin`. */
  claim: string;
  /** What the claim holds (default `iin`): an IIN sent as a JSON number gets back the leading zeros a number drops. */
  subject?: 'iin' | 'id';
  /** Audiences the ID token may name besides `clientId` (which it must always name). */
  audiences?: string[];
  /** Default `openid`; `openid` is added when missing. */
  scopes?: string;
}

export interface OidcStarted {
  /** Where to send the browser. */
  url: string;
  /** Keep these three on the server with the pending sign-in, and hand them back to `finish`. */
  state: string;
  nonce: string;
  codeVerifier: string;
}

export type OidcErrorCode = 'oidc_unavailable' | 'oidc_denied' | 'oidc_invalid' | 'oidc_claim_missing';

export class OidcError extends Error {
  override name = 'OidcError';
  constructor(
    readonly code: OidcErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Server metadata does change (endpoints move, keys rotate), so a cached discovery is renewed after this long. */
const DISCOVERY_TTL_MS = 60 * 60 * 1000;
/** Authorization-response errors that say the provider, not the resident, failed. */
const PROVIDER_SIDE_ERRORS = new Set(['server_error', 'temporarily_unavailable']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class OidcRelyingParty {
  private readonly timeoutMs: number;
  private readonly configurations = new Map<string, { configuration: Promise<client.Configuration>; expiresAt: number }>();

  constructor(opts: { timeoutMs?: number } = {}) {
    this.timeoutMs = opts.timeoutMs ?? 8000;
  }

  /** Authorization code + PKCE (S256) + state + nonce. */
  async start(settings: OidcSettings, redirectUri: string): Promise<OidcStarted> {
    checkRedirectUri(redirectUri);
    const configuration = await this.configuration(settings);
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: scopesOf(settings),
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /**
   * Handles the provider's redirect back: exchanges the code and has `openid-client` check state,
   * nonce, PKCE, issuer, audience, signature and expiry; then returns the claim's value (from the
   * ID token, else from userinfo).
   */
  async finish(
    settings: OidcSettings,
    redirectUri: string,
    callbackUrl: URL,
    expected: { state: string; nonce: string; codeVerifier: string },
  ): Promise<{ subject: string }> {
    checkRedirectUri(redirectUri);
    const configuration = await this.configuration(settings);
    // The code is bound to the redirect URI sent in `start`; openid-client sends the callback's
    // address without its query as that URI, so the configured one is used rather than whatever
    // host and path the request reached us through (a proxy may rewrite them).
    const current = new URL(redirectUri);
    current.search = callbackUrl.search;

    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, current, {
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        pkceCodeVerifier: expected.codeVerifier,
        idTokenExpected: true,
      });
    } catch (error) {
      throw this.failed(settings, error);
    }

    const idToken = tokens.claims();
    if (!idToken) throw new OidcError('oidc_invalid', 'The identity provider returned no ID token.');
    const allowed = new Set([settings.clientId, ...(settings.audiences ?? [])]);
    const audiences = Array.isArray(idToken.aud) ? idToken.aud : [idToken.aud];
    if (!audiences.every((audience) => allowed.has(audience))) {
      throw new OidcError('oidc_invalid', 'The ID token is also meant for an audience this city does not allow.');
    }

    let value = idToken[settings.claim];
    if (value === undefined || value === null) {
      const userinfoEndpoint = configuration.serverMetadata().userinfo_endpoint;
      if (userinfoEndpoint && tokens.access_token) {
        try {
          const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
          value = userinfo[settings.claim];
        } catch (error) {
          throw this.failed(settings, error);
        }
      }
    }
    const subject = claimText(value, (settings.subject ?? 'iin') === 'iin' ? IIN_DIGITS : 0);
    if (subject === undefined) {
      throw new OidcError('oidc_claim_missing', `The identity provider did not send the "${settings.claim}" claim.`);
    }
    return { subject };
  }

  private async configuration(settings: OidcSettings): Promise<client.Configuration> {
    const issuer = checkIssuer(settings.issuer);
    const key = [settings.issuer, settings.clientId, settings.clientSecret === undefined ? '' : createHash('sha256').update(settings.clientSecret).digest('hex')].join('\n');
    let cached = this.configurations.get(key);
    if (!cached || cached.expiresAt <= Date.now()) {
      cached = { configuration: this.discover(issuer, settings), expiresAt: Date.now() + DISCOVERY_TTL_MS };
      this.configurations.set(key, cached);
    }
    try {
      return await cached.configuration;
    } catch (error) {
      if (this.configurations.get(key) === cached) this.configurations.delete(key);
      throw classify(error);
    }
  }

  private async discover(issuer: URL, settings: OidcSettings): Promise<client.Configuration> {
    const insecure = issuer.protocol === 'http:';
    const timeout = this.timeoutMs / 1000;
    const discovered = await client.discovery(issuer, settings.clientId, undefined, client.None(), {
      timeout,
      ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
    });
    const metadata = discovered.serverMetadata();
    const configuration = new client.Configuration(metadata, settings.clientId, undefined, clientAuth(settings.clientSecret, metadata.token_endpoint_auth_methods_supported));
    configuration.timeout = timeout;
    if (insecure) client.allowInsecureRequests(configuration);
    // openid-client trusts an ID token from the token endpoint on the strength of TLS alone, as the
    // spec allows; checking its signature too also covers loopback http and TLS-terminating middleboxes.
    client.enableNonRepudiationChecks(configuration);
    return configuration;
  }

  /** Maps a failure, and forgets the provider's metadata when the provider itself seems to be at fault. */
  private failed(settings: OidcSettings, error: unknown): Error {
    const failure = classify(error);
    if (failure instanceof OidcError && failure.code === 'oidc_unavailable') {
      for (const key of this.configurations.keys()) if (key.startsWith(`${settings.issuer}\n`)) this.configurations.delete(key);
    }
    return failure;
  }
}

function scopesOf(settings: OidcSettings): string {
  const scopes = (settings.scopes ?? 'openid').split(/\s+/).filter(Boolean);
  return (scopes.includes('openid') ? scopes : ['openid', ...scopes]).join(' ');
}

/** Basic is the OAuth default; Post only when the provider lists Post and not Basic. */
function clientAuth(secret: string | undefined, supported: string[] | undefined): client.ClientAuth {
  if (secret === undefined) return client.None();
  if (supported && !supported.includes('client_secret_basic') && supported.includes('client_secret_post')) return client.ClientSecretPost(secret);
  return client.ClientSecretBasic(secret);
}

function checkIssuer(issuer: string): URL {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new OidcError('oidc_invalid', 'The identity provider address is not a valid URL.');
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return url;
  throw new OidcError('oidc_invalid', 'The identity provider must be reached over https (plain http only on 127.0.0.1 or localhost).');
}

function checkRedirectUri(redirectUri: string): void {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    throw new OidcError('oidc_invalid', 'The redirect address is not a valid URL.');
  }
  if (url.search || url.hash) throw new OidcError('oidc_invalid', 'The redirect address must have no query string or fragment.');
}

/** An IIN's length: one born in 2000–2009 starts with 0, which a JSON number does not keep. */
const IIN_DIGITS = 12;

/**
 * A non-empty string, or a safe integer (some providers send numeric ids as JSON numbers), written with at least
 * `digits` digits (an IIN `061211600012` sent as the number 61211600012 is that IIN again, not an 11-digit one).
 */
function claimText(value: unknown, digits = 0): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value >= 0 ? String(value).padStart(digits, '0') : String(value);
  return undefined;
}

/** Only OAuth error codes (short ASCII tokens) are quoted, never the provider's free-text description. */
function oauthCode(code: unknown): string {
  return typeof code === 'string' && /^[a-z_]{1,40}$/.test(code) ? ` (${code})` : '';
}

/**
 * Which check failed, in oauth4webapi's words (`unexpected JWT "aud" (audience) claim value`). Those
 * are fixed texts naming claims and parameters, never their values; anything else is left out.
 */
function checkReason(error: Error): string {
  const reason = error.cause instanceof Error ? error.cause.message : '';
  return /^[A-Za-z "()_:,.-]{1,120}$/.test(reason) ? `: ${reason}` : '';
}

function isNetworkFailure(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    if (cause.name === 'TimeoutError' || cause.name === 'AbortError') return true;
    if (cause instanceof TypeError && cause.message === 'fetch failed') return true;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+|OAUTH_TIMEOUT|OAUTH_ABORT)$/.test(code)) return true;
  }
  return false;
}

/** An `OidcError` for every failure of the protocol or the provider; anything else (a bug of ours) is passed on unchanged. */
function classify(error: unknown): Error {
  if (error instanceof OidcError) return error;
  if (error instanceof client.AuthorizationResponseError) {
    if (PROVIDER_SIDE_ERRORS.has(error.error)) return new OidcError('oidc_unavailable', `The identity provider could not complete the sign-in${oauthCode(error.error)}.`);
    return new OidcError('oidc_denied', `The sign-in was cancelled or refused at the identity provider${oauthCode(error.error)}.`);
  }
  if (error instanceof client.ResponseBodyError) {
    if (error.status >= 500 || PROVIDER_SIDE_ERRORS.has(error.error)) return new OidcError('oidc_unavailable', `The identity provider failed to answer${oauthCode(error.error)}.`);
    return new OidcError('oidc_invalid', `The identity provider refused the sign-in code${oauthCode(error.error)}.`);
  }
  if (error instanceof client.WWWAuthenticateChallengeError) {
    if (error.status >= 500) return new OidcError('oidc_unavailable', 'The identity provider failed to answer.');
    return new OidcError('oidc_invalid', 'The identity provider refused this client.');
  }
  if (isNetworkFailure(error)) return new OidcError('oidc_unavailable', 'The identity provider could not be reached in time.');
  const cause = error instanceof client.ClientError ? error.cause : undefined;
  if (cause instanceof Response && cause.status >= 500) return new OidcError('oidc_unavailable', 'The identity provider failed to answer.');
  if (error instanceof client.ClientError) return new OidcError('oidc_invalid', `The identity provider’s answer failed a security check${checkReason(error)}.`);
  return error instanceof Error ? error : new Error(String(error));
}
