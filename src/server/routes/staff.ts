import type { Context, MiddlewareHandler } from 'hono';
import { HttpError } from '../errors.js';
import { json } from '../http.js';
import { callbackResponse } from '../identity/callback-page.js';
import { authorizeAdmin, type AdminActor, type AdminNeed } from '../services/admin.js';
import type { AssessmentService } from '../services/assessment.js';
import type { Core } from '../services/core.js';
import { isStaffToken, type StaffService } from '../services/staff.js';

/** The outcome of resolving a staff session token, kept on the request for the admin routes. */
export type StaffResolution = { actor: AdminActor } | { error: HttpError };

type Route = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: (c: Context<any>) => Promise<Response> | Response) => void;

export interface StaffRouteDeps {
  api: string;
  core: Core;
  staff: StaffService;
  assessment: AssessmentService;
  route: Route;
  jsonBody: (c: Context, optional?: boolean) => Promise<unknown>;
  ip: (c: Context) => string;
  origin: (c: Context) => string;
}

const bearer = (header: string | undefined) => /^Bearer (\S{16,512})$/.exec(header ?? '')?.[1];

/**
 * For every admin request that carries a staff session token: looks the
 * session up in the store (so a revocation on any instance counts at once) and
 * keeps the outcome for `authorizeAdmin`. Config-file tokens are left as they are.
 */
export function staffSessions(staff: StaffService): MiddlewareHandler {
  return async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    if (token && isStaffToken(token)) {
      let resolution: StaffResolution;
      try {
        resolution = { actor: await staff.resolve(token) };
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        resolution = { error };
      }
      c.set('staffSession', resolution);
    }
    await next();
  };
}

/** The actor of an admin request, by what the route needs. */
export function adminActor(core: Core, c: Context, need: AdminNeed = 'coordinator'): AdminActor {
  return authorizeAdmin(core, c.req.header('authorization'), c.get('staffSession') as StaffResolution | undefined, c.req.param('city'), need);
}

/** Staff sign-in, people, and the council's assessment (`src/contract/staff.ts` lists them). */
export function mountStaffRoutes(d: StaffRouteDeps): void {
  const { route, core, staff, assessment } = d;
  const A = `${d.api}/admin/cities/:city`;
  const city = (c: Context) => c.req.param('city')!;
  const coordinator = (c: Context) => adminActor(core, c, 'coordinator');
  const anyone = (c: Context) => adminActor(core, c, 'staff');

  // Sign-in (no token).
  route('POST', `${A}/sign-in`, async (c) => json(c, 201, await staff.signIn(city(c), await d.jsonBody(c), d.ip(c))));
  route('POST', `${A}/sign-in/invite`, async (c) => json(c, 201, await staff.acceptInvite(city(c), await d.jsonBody(c), d.ip(c))));
  route('POST', `${A}/sign-in/oidc`, async (c) => json(c, 201, await staff.startOidc(city(c), await d.jsonBody(c), d.ip(c), d.origin(c))));
  route('POST', `${A}/sign-in/:challenge/resend`, async (c) => json(c, 201, await staff.resend(city(c), c.req.param('challenge')!, await d.jsonBody(c, true))));
  route('POST', `${A}/sign-in/:challenge/confirm`, async (c) => json(c, 200, await staff.confirm(city(c), c.req.param('challenge')!, await d.jsonBody(c, true))));
  route('GET', `${d.api}/admin/oidc/callback`, async (c) => callbackResponse(await staff.finishOidc(new URL(c.req.url)), 'staff'));

  // The session.
  route('GET', `${A}/me`, (c) => json(c, 200, staff.me(anyone(c), city(c))));
  route('POST', `${d.api}/admin/sign-out`, async (c) => {
    const resolution = c.get('staffSession') as StaffResolution | undefined;
    if (!resolution) throw new HttpError('unauthorized', 'this needs a staff session token');
    if ('error' in resolution) throw resolution.error;
    return json(c, 200, await staff.signOut(resolution.actor));
  });

  // People (coordinators).
  route('GET', `${A}/staff`, async (c) => (coordinator(c), json(c, 200, await staff.list(city(c)))));
  route('POST', `${A}/staff`, async (c) => json(c, 201, await staff.invite(coordinator(c), city(c), await d.jsonBody(c), d.origin(c))));
  route('GET', `${A}/staff/:staff`, async (c) => (coordinator(c), json(c, 200, await staff.get(city(c), c.req.param('staff')!))));
  route('POST', `${A}/staff/:staff`, async (c) => json(c, 200, await staff.update(coordinator(c), city(c), c.req.param('staff')!, await d.jsonBody(c))));
  route('POST', `${A}/staff/:staff/revoke`, async (c) => {
    const a = coordinator(c);
    await d.jsonBody(c, true);
    return json(c, 200, await staff.revoke(a, city(c), c.req.param('staff')!));
  });
  route('POST', `${A}/staff/:staff/reinvite`, async (c) => {
    const a = coordinator(c);
    await d.jsonBody(c, true);
    return json(c, 200, await staff.reinvite(a, city(c), c.req.param('staff')!, d.origin(c)));
  });

  // Assessment.
  route('GET', `${A}/criteria`, (c) => (anyone(c), json(c, 200, assessment.criteria(city(c)))));
  route('GET', `${A}/assignments`, async (c) => json(c, 200, await assessment.listAssignments(anyone(c), city(c), new URL(c.req.url).searchParams)));
  route('PUT', `${A}/proposals/:id/assignments/:staff`, async (c) => json(c, 200, await assessment.assign(coordinator(c), city(c), c.req.param('id')!, c.req.param('staff')!)));
  route('DELETE', `${A}/proposals/:id/assignments/:staff`, async (c) => json(c, 200, await assessment.unassign(coordinator(c), city(c), c.req.param('id')!, c.req.param('staff')!)));
  route('GET', `${A}/proposals/:id/assessment`, async (c) => json(c, 200, await assessment.myAssessment(anyone(c), city(c), c.req.param('id')!)));
  route('PUT', `${A}/proposals/:id/assessment`, async (c) => {
    const a = anyone(c);
    return json(c, 200, await assessment.saveAssessment(a, city(c), c.req.param('id')!, await d.jsonBody(c)));
  });
  route('POST', `${A}/proposals/:id/conflict`, async (c) => {
    const a = anyone(c);
    return json(c, 200, await assessment.declareConflict(a, city(c), c.req.param('id')!, await d.jsonBody(c, true)));
  });
  route('GET', `${A}/assessments`, async (c) => (coordinator(c), json(c, 200, await assessment.overview(city(c)))));
  route('GET', `${A}/proposals/:id/assessments`, async (c) => (coordinator(c), json(c, 200, await assessment.summary(city(c), c.req.param('id')!))));
  route('POST', `${A}/proposals/:id/decision`, async (c) => {
    const a = coordinator(c);
    return json(c, 200, await assessment.decide(a, city(c), c.req.param('id')!, await d.jsonBody(c), d.origin(c)));
  });
}
