import * as z from 'zod/mini';
import { City } from './city.js';
import { Id, LocalizedName, Slug } from './common.js';
import { Cycle } from './cycle.js';
import { AssessmentCriterion } from './staff.js';

/**
 * The reference server's configuration file (`qala serve --config FILE`).
 * Cities and cycles reuse the wire schemas; only the phase dates differ: in the
 * file they may be written in the city's local time.
 */

/**
 * A moment in the file: an instant with an offset (`2026-04-18T00:00:00+05:00`),
 * a local date-time in the city's zone (`2026-04-18T09:00`), or a local date
 * (`2026-04-18`). A date alone means the start of that day for `start` and the
 * end of that day for `end` (so `18 April – 17 May` is written as it is said).
 */
export const ConfigMoment = z.string().check(
  z.regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/,
    'moment.invalid',
  ),
);

export const ConfigPhaseWindow = z.strictObject({ start: ConfigMoment, end: ConfigMoment });

export const ConfigCycle = z.extend(Cycle, {
  phases: z.strictObject({
    submission: ConfigPhaseWindow,
    review: ConfigPhaseWindow,
    voting: ConfigPhaseWindow,
    results: ConfigPhaseWindow,
    implementation: ConfigPhaseWindow,
  }),
});
export type ConfigCycle = z.infer<typeof ConfigCycle>;

/** A secret named by its environment variable (`env:QALA_CENSUS_TOKEN`), so no secret sits in the file. */
export const EnvRef = z.string().check(z.regex(/^env:[A-Z_][A-Z0-9_]{0,100}$/, 'env.invalid'));

const HttpUrl = z.string().check(z.maxLength(2000), z.regex(/^https?:\/\/[^\s#]+$/, 'url.invalid'));

/** How residents of this city prove who they are (see `identity.ts` in the contract). There is no default: a city says it. */
export const ConfigIdentity = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('voter_list') }),
  z.strictObject({
    method: z.literal('oidc'),
    /** The provider's name as residents know it, shown on its button. */
    provider: LocalizedName,
    /** The provider's issuer; its `/.well-known/openid-configuration` is read. Plain `http:` only on the loopback. */
    issuer: HttpUrl,
    clientId: z.string().check(z.minLength(1), z.maxLength(200)),
    /** Absent for a public client (PKCE only). */
    clientSecret: z.optional(EnvRef),
    /** The claim that holds the person's IIN (`subject: "iin"`) or employee id (`subject: "id"`). */
    claim: z.string().check(z.minLength(1), z.maxLength(100)),
    subject: z.optional(z.enum(['iin', 'id'])),
    /** Audiences accepted in the ID token besides `clientId`. */
    audiences: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.maxLength(10))),
    scopes: z.optional(z.string().check(z.regex(/^openid( [\x21-\x7e]+)*$/, 'scopes.invalid'))),
  }),
  z.strictObject({
    method: z.literal('census'),
    /** POSTed `{ "iin", "phone" }`; answers `{ "eligible": boolean, "phoneMatches": boolean }`. */
    url: HttpUrl,
    /** `bearer`: `Authorization: Bearer <secret>`; `hmac`: `X-Qala-Timestamp` and `X-Qala-Signature: sha256=<hex HMAC of "timestamp.body">`. */
    auth: z.enum(['bearer', 'hmac']),
    secret: EnvRef,
    timeoutMs: z.optional(z.int().check(z.minimum(100), z.maximum(30_000))),
  }),
  z.strictObject({
    method: z.literal('phone_only'),
    /**
     * How many residents one phone number may verify in a cycle (default 1). A code proves only the phone, so one
     * phone, one voter; a city where families share a phone may allow a few.
     */
    votersPerPhone: z.optional(z.int().check(z.minimum(1), z.maximum(10))),
  }),
]);
export type ConfigIdentity = z.infer<typeof ConfigIdentity>;

export const ConfigCity = z.extend(City, {
  /** How residents prove who they are before voting. */
  identity: ConfigIdentity,
  /** Every cycle of the city; the current one is the latest whose submission has started (else the first). */
  cycles: z.array(ConfigCycle).check(z.minLength(1), z.maxLength(20)),
  /** Proposals appear in the public list as soon as they are submitted (default), or only once the project centre publishes them. */
  publishOnSubmit: z.optional(z.boolean()),
  /** How the expert council assesses proposals; absent: feasibility, land and legal status, cost realism, public benefit, each 1–5. */
  assessment: z.optional(z.strictObject({ criteria: z.array(AssessmentCriterion).check(z.minLength(1), z.maxLength(20)) })),
});
export type ConfigCity = z.infer<typeof ConfigCity>;

const Sha256Hex = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'sha256.invalid'));

export const ConfigAdmin = z.strictObject({
  id: Id,
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  /** City slugs this account may act on; `*` for all. */
  cities: z.array(z.union([Slug, z.literal('*')])).check(z.minLength(1)),
  /** sha256 (hex) of the account's bearer token. May instead come from the secrets (`adminTokens`). */
  tokenSha256: z.optional(Sha256Hex),
});
export type ConfigAdmin = z.infer<typeof ConfigAdmin>;

export const ConsoleSms = z.strictObject({ provider: z.literal('console') });
/**
 * A JSON POST to an SMS gateway: `{ "to": "+77…", "text": "…" }` (field names configurable).
 * Header values of the form `env:NAME` are read from the environment, so no secret sits in the file.
 */
export const HttpSms = z.strictObject({
  provider: z.literal('http'),
  url: z.string().check(z.regex(/^https?:\/\/\S+$/, 'url.invalid')),
  headers: z.optional(z.record(z.string(), z.string())),
  toField: z.optional(z.string()),
  textField: z.optional(z.string()),
  /** Message text; `{code}` is replaced. */
  template: z.optional(z.string().check(z.maxLength(300))),
  timeoutMs: z.optional(z.int().check(z.minimum(100), z.maximum(60_000))),
});
export const SmsConfig = z.discriminatedUnion('provider', [ConsoleSms, HttpSms]);

/**
 * Staff sign-in codes by e-mail. `console` (development) logs the code, never
 * the address; `http` POSTs `{ "to", "subject", "text" }` (field names
 * configurable) to a transactional mail API. Header values `env:NAME` come
 * from the environment.
 */
export const MailConfig = z.discriminatedUnion('provider', [
  z.strictObject({ provider: z.literal('console') }),
  z.strictObject({
    provider: z.literal('http'),
    url: z.string().check(z.regex(/^https?:\/\/\S+$/, 'url.invalid')),
    from: z.optional(z.string().check(z.maxLength(254))),
    headers: z.optional(z.record(z.string(), z.string())),
    toField: z.optional(z.string()),
    subjectField: z.optional(z.string()),
    textField: z.optional(z.string()),
    fromField: z.optional(z.string()),
    timeoutMs: z.optional(z.int().check(z.minimum(100), z.maximum(60_000))),
  }),
]);
export type MailConfig = z.infer<typeof MailConfig>;
export type SmsConfig = z.infer<typeof SmsConfig>;

const PositiveInt = z.int().check(z.minimum(1), z.maximum(10_000_000));

export const ConfigLimits = z.strictObject({
  /** One-time codes sent to one phone in an hour. */
  codesPerPhonePerHour: z.optional(PositiveInt),
  /**
   * Codes typed for one phone (or one member of staff) in a day, right or wrong, whatever the challenge (default 20):
   * each challenge allows 5 tries, and without this someone who knows a neighbour's IIN could guess 25 codes an hour
   * at the listed phone, every hour of a month's vote.
   */
  codeTriesPerPhonePerDay: z.optional(PositiveInt),
  /** Coarse outer bound per client IP (a library's NAT may hold hundreds of residents). */
  verificationsPerIpPerHour: z.optional(PositiveInt),
  proposalsPerIpPerHour: z.optional(PositiveInt),
  photosPerIpPerHour: z.optional(PositiveInt),
  receiptChecksPerIpPerMinute: z.optional(PositiveInt),
  /** Ballot attempts per verified voter per minute. */
  ballotsPerVoterPerMinute: z.optional(PositiveInt),
});
export type ConfigLimits = z.infer<typeof ConfigLimits>;

export const ServerSettings = z.strictObject({
  /** Public origin of this server (`https://pb.example.kz`), used for absolute photo URLs; defaults to the request's origin. */
  publicUrl: z.optional(z.string().check(z.regex(/^https?:\/\/[^\s/]+$/, 'url.invalid'))),
  /**
   * Take the client address from `X-Forwarded-For` (only behind proxies you run): `true` for one proxy, or how many
   * proxies in a row append to it (a CDN then nginx: 2). The address is the one the outermost of them appended,
   * counted from the right: what a client writes into the header itself stays on the left and is never taken.
   */
  trustProxy: z.optional(z.union([z.boolean(), z.int().check(z.minimum(1), z.maximum(10))])),
  /** Largest JSON body in bytes (photos have their own 10 MiB cap). */
  jsonBodyLimit: z.optional(z.int().check(z.minimum(1024), z.maximum(16 * 1024 * 1024))),
  /**
   * How long a client may take to send a request's body, in ms (default 30 000), plus 1 s for every 2 KB it sent (a
   * slow upload that keeps moving goes on); a slower one gets 408 and the connection is closed.
   */
  bodyTimeoutMs: z.optional(z.int().check(z.minimum(100), z.maximum(600_000))),
  /** Lifetime of a voter's bearer token. */
  voterTokenMinutes: z.optional(z.int().check(z.minimum(1), z.maximum(24 * 60))),
  sms: z.optional(SmsConfig),
  mail: z.optional(MailConfig),
  limits: z.optional(ConfigLimits),
});
export type ServerSettings = z.infer<typeof ServerSettings>;

export const ServerConfigFile = z.strictObject({
  $schema: z.optional(z.string()),
  server: z.optional(ServerSettings),
  cities: z.array(ConfigCity).check(z.minLength(1), z.maxLength(200)),
  admins: z.optional(z.array(ConfigAdmin).check(z.maxLength(500))),
});
export type ServerConfigFile = z.infer<typeof ServerConfigFile>;
