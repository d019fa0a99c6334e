/**
 * A small but real OpenID Connect provider for tests and the local demo, built on `oidc-provider`
 * (panva, certified by the OpenID Foundation), so the relying party is tested against the same
 * protocol a national or corporate sign-in speaks rather than against a fake of it.
 *
 * Development only: accounts and passwords are given in plain text, state lives in memory and
 * vanishes with the process, and the issuer is plain http on the loopback interface.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { interactionPolicy, type Adapter, type AdapterPayload, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

export interface DevProviderClient {
  clientId: string;
  /** Absent: a public client, which authenticates with PKCE alone (`token_endpoint_auth_method: none`). */
  clientSecret?: string;
  redirectUris: string[];
}

export interface DevProviderAccount {
  login: string;
  password: string;
  /** Delivered with scope `openid` (and each also under a scope of its own name), e.g. `{ iin: '900101300123' }`. */
  claims: Record<string, string>;
}

export interface DevProviderOptions {
  /** 0 (the default) picks any free port. */
  port?: number;
  host?: '127.0.0.1';
  clients: DevProviderClient[];
  accounts: DevProviderAccount[];
  /**
   * Where the accounts' claims go. `id_token` (the default) puts them in the ID token, as eGov-style
   * providers do, with scope `openid`; `userinfo` keeps them out of it (the OpenID Connect default
   * for the code flow), delivering each only at the userinfo endpoint and only under the scope of
   * its own name (`openid iin`), so the relying party has to ask userinfo.
   */
  claimsIn?: 'id_token' | 'userinfo';
}

export interface DevProvider {
  /** `http://127.0.0.1:<port>`, the issuer to configure in the relying party. */
  issuer: string;
  close(): Promise<void>;
}

/** Lifetimes in seconds: short, since a resident signs in and comes straight back. */
const TTL = {
  AuthorizationCode: 60,
  AccessToken: 300,
  IdToken: 300,
  Interaction: 600,
  Session: 600,
  Grant: 600,
  ClientCredentials: 300,
  RefreshToken: 600,
  DeviceCode: 300,
  BackchannelAuthenticationRequest: 300,
} as const;

const MAX_FORM_BYTES = 8 * 1024;

export async function startDevProvider(opts: DevProviderOptions): Promise<DevProvider> {
  const host = opts.host ?? '127.0.0.1';
  const accounts = new Map(opts.accounts.map((account) => [account.login, account]));
  let provider: Provider | undefined;
  let handleProtocol: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const interaction = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (interaction && provider) {
      handleInteraction(provider, accounts, req, res).catch(() => {
        if (!res.headersSent) sendHtml(res, 500, errorPage('en', 'The sign-in page failed. Go back and try again.'));
        else res.end();
      });
      return;
    }
    if (handleProtocol) handleProtocol(req, res);
    else sendHtml(res, 503, errorPage('en', 'The provider is starting.'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host}:${port}`;

  provider = new Provider(issuer, configuration(opts));
  handleProtocol = provider.callback();

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function configuration(opts: DevProviderOptions): Configuration {
  const claimNames = [...new Set(opts.accounts.flatMap((account) => Object.keys(account.claims)))].filter(
    (name) => !['sub', 'openid'].includes(name),
  );
  const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const storage = new Map<string, { value: unknown; expiresAt: number }>();

  const policy = interactionPolicy.base();
  // Without this the provider would sign a second resident in on the same browser as the first
  // (its session cookie outlives the first vote); a demo of "one person, one vote" must not do that.
  policy.get('login')?.checks.add(
    new interactionPolicy.Check('every_authorization', 'The password is asked for on every sign-in', 'login_required', (ctx) =>
      ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
    ),
  );

  return {
    adapter: (model: string) => new MemoryAdapter(model, storage),
    clients: opts.clients.map((client) => ({
      client_id: client.clientId,
      ...(client.clientSecret !== undefined
        ? { client_secret: client.clientSecret, token_endpoint_auth_method: 'client_secret_basic' as const }
        : { token_endpoint_auth_method: 'none' as const }),
      redirect_uris: client.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'ES256',
    })),
    // An EC key is generated in a millisecond; an RSA key would take a noticeable part of a second.
    jwks: { keys: [{ ...signingKey, kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'ES256' }] },
    enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    responseTypes: ['code'],
    pkce: { methods: ['S256'], required: () => true },
    scopes: ['openid', ...claimNames],
    claims: {
      acr: null,
      auth_time: null,
      sid: null,
      // With claims in userinfo only, they are not tied to `openid`: the provider puts the claims
      // of `openid` into the ID token whatever conformIdTokenClaims says.
      openid: opts.claimsIn === 'userinfo' ? ['sub'] : ['sub', ...claimNames],
      ...Object.fromEntries(claimNames.map((name) => [name, [name]])),
    },
    conformIdTokenClaims: opts.claimsIn === 'userinfo',
    ttl: {
      ...TTL,
      // A signed-in session outlives its one authorization by a second only. Otherwise the next
      // resident on the same browser would meet oidc-provider's "sign out first?" page on the way
      // to their own sign-in (the password is asked for every time anyway, see the policy above).
      Session: (_ctx, session) => (session.accountId ? 1 : TTL.Session),
    },
    // The code and tokens must outlive that short session: they are exchanged after it.
    expiresWithSession: () => false,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: true },
    },
    interactions: {
      policy,
      url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}`,
    },
    // The configured clients are the city's own, so consent is granted with the sign-in.
    async loadExistingGrant(ctx) {
      const accountId = ctx.oidc.session?.accountId;
      const client = ctx.oidc.client;
      if (!accountId || !client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
      if (ctx.oidc.requestParamClaims) grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, id) {
      const account = opts.accounts.find((candidate) => candidate.login === id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ ...account.claims, sub: id }) };
    },
    clientBasedCORS: () => false,
    async renderError(ctx, out) {
      ctx.type = 'html';
      const detail = typeof out.error_description === 'string' ? `: ${out.error_description}` : '';
      ctx.body = errorPage('en', `The sign-in could not go on (${String(out.error)}${detail}). Go back and try again.`);
    },
  };
}

/** In-memory storage of the provider's codes, sessions and grants, private to one provider. */
class MemoryAdapter implements Adapter {
  constructor(
    private readonly model: string,
    private readonly storage: Map<string, { value: unknown; expiresAt: number }>,
  ) {}

  private get<T>(key: string): T | undefined {
    const entry = this.storage.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.storage.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  private set(key: string, value: unknown, expiresIn: number): void {
    this.storage.set(key, { value, expiresAt: Date.now() + expiresIn * 1000 });
  }

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const key = this.key(id);
    if (this.model === 'Session' && payload.uid) this.set(`sessionUid:${payload.uid}`, id, expiresIn);
    if (payload.grantId) {
      const grantKey = `grant:${payload.grantId}`;
      const keys = this.get<string[]>(grantKey) ?? [];
      keys.push(key);
      this.set(grantKey, keys, Math.max(expiresIn, TTL.Grant));
    }
    if (payload.userCode) this.set(`userCode:${payload.userCode}`, id, expiresIn);
    this.set(key, payload, expiresIn);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.get<AdapterPayload>(this.key(id));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = this.get<string>(`sessionUid:${uid}`);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const id = this.get<string>(`userCode:${userCode}`);
    return id === undefined ? undefined : this.find(id);
  }

  async consume(id: string): Promise<void> {
    const payload = this.get<AdapterPayload>(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.storage.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const grantKey = `grant:${grantId}`;
    for (const key of this.get<string[]>(grantKey) ?? []) this.storage.delete(key);
    this.storage.delete(grantKey);
  }
}

type Lang = 'kk' | 'ru' | 'en';

const TEXT: Record<Lang, { title: string; note: string; login: string; password: string; submit: string; cancel: string; wrong: string }> = {
  kk: {
    title: 'Кіру',
    note: 'Qala-ны сынап көруге арналған сынақ кіру беті. Бұл нақты сәйкестендіру қызметі емес.',
    login: 'Логин',
    password: 'Құпиясөз',
    submit: 'Кіру',
    cancel: 'Бас тарту',
    wrong: 'Логин немесе құпиясөз қате.',
  },
  ru: {
    title: 'Вход',
    note: 'Тестовый вход, чтобы попробовать Qala. Это не настоящий сервис идентификации.',
    login: 'Логин',
    password: 'Пароль',
    submit: 'Войти',
    cancel: 'Отмена',
    wrong: 'Неверный логин или пароль.',
  },
  en: {
    title: 'Sign in',
    note: 'A test sign-in for trying Qala. It is not a real identity provider.',
    login: 'Login',
    password: 'Password',
    submit: 'Sign in',
    cancel: 'Cancel',
    wrong: 'Wrong login or password.',
  },
};

/** The language asked for in `ui_locales`, then in the browser's Accept-Language, then English. */
function pickLang(uiLocales: unknown, acceptLanguage: string | undefined): Lang {
  const wanted = [
    ...(typeof uiLocales === 'string' ? uiLocales.split(' ') : []),
    ...(acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]!.trim()),
  ];
  for (const tag of wanted) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'kk' || base === 'ru' || base === 'en') return base;
  }
  return 'en';
}

async function handleInteraction(
  provider: Provider,
  accounts: Map<string, DevProviderAccount>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    sendHtml(res, 400, errorPage(pickLang(undefined, req.headers['accept-language']), 'This sign-in has expired. Go back and start again.'));
    return;
  }
  const lang = pickLang(details.params.ui_locales, req.headers['accept-language']);
  if (req.method === 'GET') {
    sendHtml(res, 200, loginPage(lang, details.uid, '', false));
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'GET, POST' }).end();
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  if (form.get('action') === 'cancel') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The resident cancelled the sign-in.' }, { mergeWithLastSubmission: false });
    return;
  }
  const login = form.get('login') ?? '';
  const account = accounts.get(login);
  if (!account || account.password !== (form.get('password') ?? '')) {
    sendHtml(res, 401, loginPage(lang, details.uid, login, true));
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: account.login } }, { mergeWithLastSubmission: false });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        reject(new Error('form too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendHtml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  res.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#f4f5f7}
main{max-width:24em;margin:0 auto;padding:1.5em 1em}
h1{font-size:1.5em;margin:0 0 .5em}
p{margin:0 0 1em}
label{display:block;font-weight:600;margin:1em 0 .25em}
input{display:block;width:100%;font:inherit;padding:.6em .7em;border:1px solid #6b6f76;border-radius:.4em;background:#fff;color:inherit}
input:focus,button:focus{outline:3px solid #1d5fd1;outline-offset:2px}
.error{color:#a4161a;font-weight:600;margin-top:1em}
.actions{display:flex;flex-wrap:wrap;gap:.75em;margin-top:1.5em}
button{font:inherit;font-weight:600;min-height:2.75em;padding:.5em 1.25em;border-radius:.4em;border:1px solid #1d5fd1;cursor:pointer}
button[value=login]{background:#1d5fd1;color:#fff}
button[value=cancel]{background:#fff;color:#1d5fd1}
`;

function page(lang: Lang, title: string, content: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${content}
</main>
</body>
</html>`;
}

function loginPage(lang: Lang, uid: string, login: string, wrong: boolean): string {
  const t = TEXT[lang];
  const described = wrong ? ' aria-describedby="sign-in-error" aria-invalid="true"' : '';
  return page(
    lang,
    t.title,
    `<h1>${t.title}</h1>
<p>${t.note}</p>
<form method="post" action="/interaction/${escapeHtml(uid)}" novalidate>
${wrong ? `<p class="error" id="sign-in-error" role="alert">${t.wrong}</p>` : ''}
<label for="login">${t.login}</label>
<input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(login)}"${described}${wrong ? '' : ' autofocus'}>
<label for="password">${t.password}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${described}${wrong ? ' autofocus' : ''}>
<div class="actions">
<button type="submit" name="action" value="login">${t.submit}</button>
<button type="submit" name="action" value="cancel" formnovalidate>${t.cancel}</button>
</div>
</form>`,
  );
}

function errorPage(lang: Lang, message: string): string {
  return page(lang, 'Sign-in', `<h1>Sign-in</h1>\n<p role="alert">${escapeHtml(message)}</p>`);
}
