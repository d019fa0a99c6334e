import { readFileSync } from 'node:fs';
import { PHASES, Cycle, type AssessmentCriterion, type City, type FieldIssue } from '../contract/index.js';
import { ServerConfigFile, type ConfigAdmin, type ConfigCycle, type ConfigIdentity, type ConfigLimits, type MailConfig, type SmsConfig } from '../contract/config.js';
import { JSON_BODY_LIMIT } from '../domain/body-limit.js';
import { describeIssue, issuesFromZod } from './errors.js';
import { formatInstant, parseConfigMoment } from './time.js';

export interface CityRuntime {
  city: City;
  /** Cycles with every phase date resolved to an instant (written in the city's offset). */
  cycles: Cycle[];
  publishOnSubmit: boolean;
  /** How residents prove who they are, with secrets read from the environment. */
  identity: ResolvedIdentity;
  /** What the expert council scores proposals on (the defaults when the file says nothing). */
  criteria: AssessmentCriterion[];
}

/** The council's criteria when a city configures none. */
export const DEFAULT_CRITERIA: AssessmentCriterion[] = [
  { id: 'feasibility', label: { kk: 'Іске асырылуы', ru: 'Реализуемость', en: 'Feasibility' }, min: 1, max: 5 },
  { id: 'land_legal', label: { kk: 'Жер және құқықтық мәртебе', ru: 'Земля и правовой статус', en: 'Land and legal status' }, min: 1, max: 5 },
  { id: 'cost_realism', label: { kk: 'Құнның шынайылығы', ru: 'Реалистичность стоимости', en: 'Cost realism' }, min: 1, max: 5 },
  { id: 'public_benefit', label: { kk: 'Қоғамға пайдасы', ru: 'Общественная польза', en: 'Public benefit' }, min: 1, max: 5 },
];

/** The city's identity check with every `env:NAME` replaced by the variable's value. */
export type ResolvedIdentity =
  | { method: 'voter_list' }
  | { method: 'phone_only'; votersPerPhone: number }
  | (Omit<Extract<ConfigIdentity, { method: 'oidc' }>, 'clientSecret'> & { clientSecret?: string })
  | (Omit<Extract<ConfigIdentity, { method: 'census' }>, 'secret'> & { secret: string });

const LOOPBACK = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/;

function resolveIdentity(identity: ConfigIdentity, env: NodeJS.ProcessEnv, problem: (path: (string | number)[], message: string) => void): ResolvedIdentity {
  const fromEnv = (ref: string, path: string): string => {
    const name = ref.slice(4);
    const value = env[name];
    if (!value) problem([path], `the environment variable ${name} is not set`);
    return value ?? '';
  };
  const plainHttp = (url: string, path: string) => url.startsWith('http:') && !LOOPBACK.test(url) && problem([path], 'must be https (plain http only on this machine)');
  switch (identity.method) {
    case 'oidc': {
      plainHttp(identity.issuer, 'issuer');
      const { clientSecret, ...rest } = identity;
      return clientSecret ? { ...rest, clientSecret: fromEnv(clientSecret, 'clientSecret') } : rest;
    }
    case 'census':
      plainHttp(identity.url, 'url');
      return { ...identity, secret: fromEnv(identity.secret, 'secret') };
    case 'phone_only':
      return { method: 'phone_only', votersPerPhone: identity.votersPerPhone ?? 1 };
    default:
      return { method: identity.method };
  }
}

export interface ResolvedLimits extends Required<ConfigLimits> {}

export interface ServerConfig {
  cities: Map<string, CityRuntime>;
  admins: ConfigAdmin[];
  publicUrl?: string;
  /** How many proxies of ours append to `X-Forwarded-For` (0: the header is not read). */
  trustProxy: number;
  jsonBodyLimit: number;
  bodyTimeoutMs: number;
  voterTokenMinutes: number;
  sms: SmsConfig;
  mail: MailConfig;
  limits: ResolvedLimits;
}

export const DEFAULT_LIMITS: ResolvedLimits = {
  codesPerPhonePerHour: 5,
  codeTriesPerPhonePerDay: 20,
  verificationsPerIpPerHour: 5000,
  proposalsPerIpPerHour: 300,
  photosPerIpPerHour: 1000,
  receiptChecksPerIpPerMinute: 300,
  ballotsPerVoterPerMinute: 30,
};

/** A config file that cannot be used, with every problem found (path and reason). */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfigFile(path: string): ServerConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseConfig(json, path);
}

/** Validates a parsed config file and resolves its local dates; throws `ConfigError` listing every problem. */
export function parseConfig(json: unknown, source = 'config', env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = ServerConfigFile.safeParse(json);
  if (!parsed.success) throw new ConfigError(source, issuesFromZod(parsed.error).map(describeIssue));
  const file = parsed.data;
  const problems: string[] = [];
  const problem = (path: (string | number)[], message: string) => problems.push(describeIssue({ path, message }));

  const cities = new Map<string, CityRuntime>();
  file.cities.forEach((c, ci) => {
    const at = (...rest: (string | number)[]) => ['cities', ci, ...rest];
    if (cities.has(c.slug)) problem(at('slug'), `city "${c.slug}" appears twice`);
    const categories = new Set<string>();
    c.categories.forEach((cat, k) => {
      if (categories.has(cat.id)) problem(at('categories', k, 'id'), `category "${cat.id}" appears twice`);
      categories.add(cat.id);
    });
    const districts = new Set<string>();
    c.districts.forEach((d, k) => {
      if (districts.has(d.id)) problem(at('districts', k, 'id'), `district "${d.id}" appears twice`);
      districts.add(d.id);
    });
    const { cycles: fileCycles, publishOnSubmit, identity: fileIdentity, assessment, ...city } = c;
    const criteria = assessment?.criteria ?? DEFAULT_CRITERIA;
    const criterionIds = new Set<string>();
    criteria.forEach((cr, k) => {
      if (criterionIds.has(cr.id)) problem(at('assessment', 'criteria', k, 'id'), `criterion "${cr.id}" appears twice`);
      criterionIds.add(cr.id);
      if (cr.min >= cr.max) problem(at('assessment', 'criteria', k, 'max'), 'the scale must end above where it starts');
    });
    const identity = resolveIdentity(fileIdentity, env, (path, message) => problem(at('identity', ...path), message));
    const cycles: Cycle[] = [];
    const cycleIds = new Set<string>();
    fileCycles.forEach((fc, yi) => {
      const cat = (...rest: (string | number)[]) => at('cycles', yi, ...rest);
      if (cycleIds.has(fc.id)) problem(cat('id'), `cycle "${fc.id}" appears twice`);
      cycleIds.add(fc.id);
      const cycle = resolveCycle(fc, city.timeZone, (path, message) => problem(cat(...path), message));
      if (!cycle) return;
      const poolIds = new Set<string>();
      cycle.pools.forEach((pool, pi) => {
        if (poolIds.has(pool.id)) problem(cat('pools', pi, 'id'), `pool "${pool.id}" appears twice`);
        poolIds.add(pool.id);
        if (pool.scope.kind === 'category')
          pool.scope.categories.forEach((id, k) => categories.has(id) || problem(cat('pools', pi, 'scope', 'categories', k), `unknown category "${id}"`));
        if (pool.scope.kind === 'district')
          pool.scope.districts.forEach((id, k) => districts.has(id) || problem(cat('pools', pi, 'scope', 'districts', k), `unknown district "${id}"`));
      });
      if (cycle.ballot.kind === 'approval') {
        if (cycle.ballot.max < 1) problem(cat('ballot', 'max'), 'an approval ballot must allow at least one project');
        if (cycle.ballot.min > cycle.ballot.max) problem(cat('ballot', 'min'), 'min is larger than max');
      }
      if (cycle.eligibility.residence === 'geolocation' && !city.boundary)
        problem(cat('eligibility', 'residence'), 'a geolocation residence check needs the city boundary (cities[].boundary)');
      cycles.push(cycle);
    });
    cities.set(c.slug, { city, cycles, publishOnSubmit: publishOnSubmit ?? true, identity, criteria });
  });

  const admins = file.admins ?? [];
  const adminIds = new Set<string>();
  admins.forEach((a, ai) => {
    if (adminIds.has(a.id)) problem(['admins', ai, 'id'], `admin "${a.id}" appears twice`);
    adminIds.add(a.id);
    a.cities.forEach((slug, k) => slug === '*' || cities.has(slug) || problem(['admins', ai, 'cities', k], `unknown city "${slug}"`));
  });

  if (problems.length) throw new ConfigError(source, problems);
  const s = file.server ?? {};
  return {
    cities,
    admins,
    publicUrl: s.publicUrl,
    trustProxy: s.trustProxy === true ? 1 : s.trustProxy === false || s.trustProxy === undefined ? 0 : s.trustProxy,
    jsonBodyLimit: s.jsonBodyLimit ?? JSON_BODY_LIMIT,
    bodyTimeoutMs: s.bodyTimeoutMs ?? 30_000,
    voterTokenMinutes: s.voterTokenMinutes ?? 30,
    sms: s.sms ?? { provider: 'console' },
    mail: s.mail ?? { provider: 'console' },
    limits: { ...DEFAULT_LIMITS, ...s.limits },
  };
}

function resolveCycle(fc: ConfigCycle, timeZone: string, problem: (path: (string | number)[], message: string) => void): Cycle | null {
  const phases = {} as Cycle['phases'];
  let ok = true;
  let previousEnd: Date | null = null;
  for (const name of PHASES) {
    const w = fc.phases[name];
    const start = parseConfigMoment(w.start, timeZone, 'start');
    const end = parseConfigMoment(w.end, timeZone, 'end');
    if (!start) problem(['phases', name, 'start'], 'not a real date');
    if (!end) problem(['phases', name, 'end'], 'not a real date');
    if (!start || !end) {
      ok = false;
      continue;
    }
    if (start >= end) {
      problem(['phases', name, 'end'], 'ends before it starts');
      ok = false;
    }
    if (previousEnd && start < previousEnd) {
      problem(['phases', name, 'start'], 'starts before the previous phase ends');
      ok = false;
    }
    previousEnd = end;
    phases[name] = { start: formatInstant(start, timeZone), end: formatInstant(end, timeZone) };
  }
  if (!ok) return null;
  const cycle = Cycle.safeParse({ ...fc, phases });
  if (!cycle.success) {
    issuesFromZod(cycle.error).forEach((i: FieldIssue) => problem(i.path, i.message));
    return null;
  }
  return cycle.data;
}
