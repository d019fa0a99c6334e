import type { Context } from 'hono';
import { AUTHOR_ROUTES, PROPOSAL_LIMITS } from '../../contract/index.js';
import { json, readBytes } from '../http.js';
import type { AuthorService } from '../services/authors.js';

/** What the app gives an area's routes: its route table entry point and request helpers. */
export interface RouteKit {
  route: (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: (c: Context<any>) => Promise<Response> | Response) => void;
  /** `ROUTES`-style path (with `{city}`/`{id}` placeholders, URL-encoded) → Hono pattern under the API base. */
  pattern: (path: string) => string;
  jsonBody: (c: Context, optional?: boolean) => Promise<unknown>;
  ip: (c: Context) => string;
  origin: (c: Context) => string;
  /** Authorises a staff request for the city in the path (throws 401/403). */
  staff: (c: Context) => unknown;
}

const C = '{city}';
const I = '{id}';

/**
 * Authors refine their proposals (`services/authors.ts`): prove the phone,
 * list their own proposals, resubmit one sent back for changes, add photos
 * to it; and, for staff, every version of a proposal with what changed.
 */
export function mountAuthorRoutes(kit: RouteKit, authors: AuthorService): void {
  const { route, pattern, jsonBody, ip, origin } = kit;
  const city = (c: Context) => c.req.param('city')!;
  const auth = (c: Context) => c.req.header('authorization');

  route('POST', pattern(AUTHOR_ROUTES.verification(C)), async (c) => json(c, 201, await authors.start(city(c), await jsonBody(c), ip(c))));
  route('POST', pattern(AUTHOR_ROUTES.resend(C, I)), async (c) => json(c, 201, await authors.resend(city(c), c.req.param('id')!, await jsonBody(c, true))));
  route('POST', pattern(AUTHOR_ROUTES.confirm(C, I)), async (c) => json(c, 200, await authors.confirm(city(c), c.req.param('id')!, await jsonBody(c))));
  route('GET', pattern(AUTHOR_ROUTES.proposals(C)), async (c) => json(c, 200, await authors.list(city(c), auth(c), origin(c))));
  route('POST', pattern(AUTHOR_ROUTES.resubmit(C, I)), async (c) =>
    json(c, 200, await authors.resubmit(city(c), auth(c), c.req.header('idempotency-key'), c.req.param('id')!, await jsonBody(c), origin(c))),
  );
  route('POST', pattern(AUTHOR_ROUTES.photos(C)), async (c) => {
    const slug = city(c);
    // The session first: a stranger's body is not read.
    await authors.session(slug, auth(c));
    const bytes = await readBytes(c, PROPOSAL_LIMITS.photoBytes);
    return json(c, 201, await authors.uploadPhoto(slug, auth(c), c.req.header('content-type'), c.req.query('name') ?? null, bytes, ip(c), origin(c)));
  });
  route('POST', pattern(AUTHOR_ROUTES.signOut(C)), async (c) => json(c, 200, await authors.signOut(city(c), auth(c))));

  route('GET', pattern(AUTHOR_ROUTES.versions(C, I)), async (c) => {
    await kit.staff(c);
    return json(c, 200, await authors.versions(city(c), c.req.param('id')!, origin(c)));
  });
}
