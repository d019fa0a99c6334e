import type { Context } from 'hono';
import { PROPOSAL_LIMITS } from '../contract/index.js';
import { FEED_CACHE_CONTROL } from '../domain/answer-headers.js';
import { json, readBytes } from './http.js';
import type { AdminActor } from './services/admin.js';
import type { Core } from './services/core.js';
import type { ImplementationService } from './services/implementation.js';

type Route = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: (c: Context<any>) => Promise<Response> | Response) => void;

export interface ImplementationRouteDeps {
  api: string;
  core: Core;
  implementation: ImplementationService;
  actor: (c: Context) => AdminActor;
  origin: (c: Context) => string;
  jsonBody: (c: Context) => Promise<unknown>;
}

const ATOM = 'application/atom+xml; charset=utf-8';

/**
 * Following the winners: residents read the public part of implementation
 * records (`/cities/:city/progress…`, with Atom feeds), the project centre
 * keeps them (`/admin/cities/:city/implementation…`).
 */
export function implementationRoutes(route: Route, d: ImplementationRouteDeps): void {
  const P = `${d.api}/cities/:city/progress`;
  const slug = (c: Context) => c.req.param('city')!;

  route('GET', P, async (c) => json(c, 200, await d.implementation.list(slug(c), new URL(c.req.url).searchParams, d.origin(c))));
  // Feeds are registered before `:id` so that `feed.atom` is never read as a project id.
  route('GET', `${P}/feed.atom`, async (c) =>
    c.body(await d.implementation.feed(slug(c), null, new URL(c.req.url).searchParams, d.origin(c)), 200, { 'content-type': ATOM, 'Cache-Control': FEED_CACHE_CONTROL }),
  );
  route('GET', `${P}/:id/feed.atom`, async (c) =>
    c.body(await d.implementation.feed(slug(c), c.req.param('id')!, new URL(c.req.url).searchParams, d.origin(c)), 200, { 'content-type': ATOM, 'Cache-Control': FEED_CACHE_CONTROL }),
  );
  route('GET', `${P}/:id`, async (c) => json(c, 200, await d.implementation.detail(slug(c), c.req.param('id')!, d.origin(c))));

  const A = `${d.api}/admin/cities/:city/implementation`;
  route('GET', A, async (c) => {
    d.actor(c);
    return json(c, 200, await d.implementation.adminList(slug(c), d.origin(c)));
  });
  route('GET', `${A}.csv`, async (c) => {
    const a = d.actor(c);
    const text = await d.implementation.csv(slug(c));
    await d.core.store.appendAudit({ at: d.core.now(), city: slug(c), actor: a.id, action: 'export.implementation_csv', target: null, details: {} });
    return c.body(text, 200, { 'content-type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${slug(c)}-implementation.csv"` });
  });
  route('POST', `${A}/photos`, async (c) => {
    const a = d.actor(c);
    const bytes = await readBytes(c, PROPOSAL_LIMITS.photoBytes);
    return json(c, 201, await d.implementation.uploadPhoto(a, slug(c), c.req.header('content-type'), bytes, d.origin(c)));
  });
  route('GET', `${A}/:id`, async (c) => {
    d.actor(c);
    return json(c, 200, await d.implementation.adminGet(slug(c), c.req.param('id')!, d.origin(c)));
  });
  route('PUT', `${A}/:id`, async (c) => {
    const a = d.actor(c);
    return json(c, 200, await d.implementation.save(a, slug(c), c.req.param('id')!, await d.jsonBody(c), d.origin(c)));
  });
  route('POST', `${A}/:id/updates`, async (c) => {
    const a = d.actor(c);
    return json(c, 201, await d.implementation.addUpdate(a, slug(c), c.req.param('id')!, await d.jsonBody(c), d.origin(c)));
  });
  route('POST', `${A}/:id/updates/:update/publish`, async (c) => {
    const a = d.actor(c);
    return json(c, 200, await d.implementation.publishUpdate(a, slug(c), c.req.param('id')!, c.req.param('update')!, await d.jsonBody(c), d.origin(c)));
  });
  route('POST', `${A}/:id/finish`, async (c) => {
    const a = d.actor(c);
    return json(c, 200, await d.implementation.finish(a, slug(c), c.req.param('id')!, await d.jsonBody(c), d.origin(c)));
  });
}
