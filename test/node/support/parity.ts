import assert from 'node:assert/strict';
import { mock } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { call, type TestServer } from '../../../src/server/testing.js';

/** What the mock-parity tests compare between the server's and the msw mock's answers. */
export interface Answer {
  status: number;
  code?: string;
  issues?: string[];
}

/** An answer reduced to its status, error code and issues (`path:message`). */
export const shape = (status: number, body: any): Answer => ({
  status,
  ...(body?.code ? { code: body.code } : {}),
  ...(body?.details?.issues ? { issues: body.details.issues.map((i: { path: unknown[]; message: string }) => `${i.path.join('.')}:${i.message}`) } : {}),
});

/** A value for each side: the server's and the mock's own (paths, ids, bodies). */
export type Pair<T = string> = { server: T; mock: T };

/** The same value on both sides. */
export const same = <T>(value: T): Pair<T> => ({ server: value, mock: value });

/**
 * A parity test of what expires, on two clocks: the server's (`setNow`, from `startedAt`) and the mock's (`Date`, under
 * node:test's mock timers, which the test enables and resets). `post` sends a POST to the server's app and to the
 * mock at `base`, each its own path and body; the server must answer `status`, and `off` collects what the mock
 * answered otherwise: a refusal must be the same whole, a success the same status, and what a 201 says it is good
 * until (`expiresAt`) as far ahead on each side's own clock. `later` moves both clocks on.
 */
export function twoClocks(server: TestServer, base: string, startedAt: string) {
  const off: string[] = [];
  const post = async (what: string, paths: Pair, bodies: Pair<unknown>, status: number) => {
    const s = await call(server.app, 'POST', paths.server, { body: bodies.server });
    const res = await fetch(`${base}${paths.mock}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bodies.mock) });
    const r = { s: { status: s.status, body: s.body as any }, m: { status: res.status, body: await res.json() } };
    assert.equal(r.s.status, status, `${what}: ${s.text}`);
    if (status >= 400 ? !isDeepStrictEqual(r.m, r.s) : r.m.status !== status) off.push(`${what}: server ${JSON.stringify(r.s)}, mock ${JSON.stringify(r.m)}`);
    if (status === 201 && r.s.body.expiresAt !== undefined) {
      const left = { server: Date.parse(r.s.body.expiresAt) - server.now().getTime(), mock: Date.parse(r.m.body.expiresAt) - Date.now() };
      if (Math.abs(left.mock - left.server) > 5_000) off.push(`${what}: good for ${left.server} ms on the server, ${left.mock} ms on the mock`);
    }
    return r;
  };
  let moved = 0;
  const later = (minutes: number) => {
    moved += minutes * 60_000;
    server.setNow(new Date(Date.parse(startedAt) + moved).toISOString());
    mock.timers.tick(minutes * 60_000);
  };
  return { off, post, later };
}
