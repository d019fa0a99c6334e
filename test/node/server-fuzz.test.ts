import fc from 'fast-check';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiError, ApplyResultsInput } from '../../src/contract/index.js';
import { demoPng } from '../../src/server/seed.js';
import { AT, adultIins, call, newKey, phoneFor, proposalBody, testServer, verify, type TestServer } from '../../src/server/testing.js';

/**
 * Every endpoint that takes a body, fed malformed, oversized, wrong-typed,
 * deeply nested and `__proto__` bodies: always a 4xx with the error shape,
 * never a 5xx, and nothing stored.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const PNG = demoPng(8, 8, [200, 10, 10]) as Uint8Array<ArrayBuffer>;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

const anyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 30 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { maxKeys: 3 }),
  fc.constant('x'.repeat(70_000)),
  fc.constant(1e300),
  fc.constant(-1),
) as fc.Arbitrary<Json>;

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Bodies built around a valid template, each certainly invalid. */
function bodies(template: Record<string, Json> | undefined): fc.Arbitrary<{ text: string; type?: string }> {
  const asJson = (v: unknown) => ({ text: JSON.stringify(v) ?? 'null' });
  const arbs: fc.Arbitrary<{ text: string; type?: string }>[] = [
    // Anything JSON, typically the wrong shape entirely.
    fc.jsonValue({ maxDepth: 4 }).map(asJson),
    // Not JSON at all.
    fc.string({ maxLength: 200 }).filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    }).map((text) => ({ text })),
    // Deeply nested arrays and objects.
    fc.integer({ min: 500, max: 60_000 }).map((n) => ({ text: '['.repeat(n) + ']'.repeat(n) })),
    fc.integer({ min: 500, max: 20_000 }).map((n) => ({ text: '{"a":'.repeat(n) + '1' + '}'.repeat(n) })),
    // Oversized.
    fc.integer({ min: 300 * 1024, max: 2 * 1024 * 1024 }).map((n) => ({ text: `{"a":"${'x'.repeat(n)}"}` })),
    // Wrong content type for a valid-looking body.
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml').map((type) => ({ ...asJson(template ?? {}), type })),
  ];
  if (template) {
    const keys = Object.keys(template);
    arbs.push(
      // One field of the wrong type.
      fc
        .tuple(fc.constantFrom(...keys), anyValue)
        .filter(([k, v]) => typeOf(v) !== typeOf(template[k]))
        .map(([k, v]) => asJson({ ...template, [k]: v })),
      // A required-or-not field dropped plus an unknown one added (strict schemas refuse unknown keys).
      fc.tuple(fc.constantFrom(...keys), fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !keys.includes(k))).map(([drop, extra]) => {
        const copy: Record<string, Json> = { ...template };
        delete copy[drop];
        // An own property even for `__proto__` (plain assignment would set the prototype and vanish from the JSON).
        Object.defineProperty(copy, extra, { value: 1, enumerable: true, writable: true, configurable: true });
        return asJson(copy);
      }),
      // Prototype pollution attempts riding on a valid body.
      fc.constantFrom('__proto__', 'constructor', 'prototype').map((k) => ({ text: JSON.stringify(template).replace(/^\{/, `{"${k}":{"polluted":true,"prototype":{"polluted":true}},`) })),
      fc.constant({ text: `{"__proto__":${JSON.stringify(template)}}` }),
      // Invalid UTF-8 inside an otherwise valid body.
      fc.constant({ text: JSON.stringify(template).replace(/"$/, '') + '\udc00' }),
    );
  }
  return fc.oneof(...arbs);
}

describe('fuzzing every endpoint', () => {
  let t: TestServer;
  let voterToken = '';
  let admin = '';
  let challengeId = '';
  let proposalId = '';
  let otherId = '';
  let before0 = '';
  const templates: Record<string, Record<string, Json>> = {};

  before(async () => {
    t = testServer({ now: AT.aksu.submission });
    admin = t.adminTokens['aksu-centre']!;
    const photos: string[] = [];
    for (let i = 0; i < 3; i++) photos.push((await call(t.app, 'POST', '/cities/aksu/photos?name=p.png', { raw: PNG, contentType: 'image/png' })).body.id);
    const input = proposalBody;
    proposalId = (await call(t.app, 'POST', '/cities/aksu/proposals', { key: newKey(), body: input(photos[0]!, phoneFor(1)) })).body.id;
    otherId = (await call(t.app, 'POST', '/cities/aksu/proposals', { key: newKey(), body: input(photos[1]!, phoneFor(2)) })).body.id;
    templates.proposal = input(photos[2]!, phoneFor(3));
    t.setNow(AT.aksu.review);
    assert.equal((await call(t.app, 'POST', `/admin/cities/aksu/proposals/${proposalId}/ballot`, { token: admin, body: { poolId: 'city' } })).status, 200);
    t.setNow(AT.aksu.voting);
    const [iin, iin2] = adultIins(2);
    voterToken = (await verify(t, 'aksu', iin!, phoneFor(4))).token;
    challengeId = (await call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId: 'aksu-2026', iin: iin2, phone: phoneFor(5) } })).body.challengeId;
    templates.verification = { cycleId: 'aksu-2026', iin: iin!, phone: phoneFor(6) };
    templates.confirm = { code: '12345', location: { lat: 52, lng: 76 } };
    templates.ballot = { cycleId: 'aksu-2026', choices: [{ poolId: 'city', picks: [{ projectId: proposalId }] }] };
    templates.status = { status: 'rejected', note: 'Причина отказа для автора.' };
    templates.cost = { finalCost: 900_000, note: 'Смета уточнена.' };
    templates.merge = { into: otherId, note: 'Дубликат.' };
    templates.ballotPlace = { poolId: 'city', finalCost: 900_000 };
    templates.visibility = { hidden: true, reason: 'спам' };
    templates.paper = { cycleId: 'aksu-2026', desk: 'Библиотека', ballots: [templates.ballot.choices as Json] as Json } as Record<string, Json>;
    templates.paper = { cycleId: 'aksu-2026', desk: 'Библиотека', ballots: [{ choices: templates.ballot.choices! }] };
    templates.phase = { phase: 'voting', action: 'close' };
    templates.apply = { note: 'Итоги голосования.' };
    before0 = JSON.stringify(t.store.tableCounts());
  });

  after(() => t.close());

  const endpoints = () =>
    [
      { name: 'submit proposal', path: '/cities/aksu/proposals', at: AT.aksu.submission, template: templates.proposal, key: true },
      { name: 'start verification', path: '/cities/aksu/verification', at: AT.aksu.voting, template: templates.verification },
      { name: 'resend code', path: `/cities/aksu/verification/${challengeId}/resend`, at: AT.aksu.voting, template: undefined },
      { name: 'confirm code', path: `/cities/aksu/verification/${challengeId}/confirm`, at: AT.aksu.voting, template: templates.confirm },
      { name: 'cast ballot', path: '/cities/aksu/ballots', at: AT.aksu.voting, template: templates.ballot, key: true, token: voterToken },
      { name: 'admin status', path: `/admin/cities/aksu/proposals/${otherId}/status`, at: AT.aksu.review, template: templates.status, token: admin },
      { name: 'admin cost', path: `/admin/cities/aksu/proposals/${otherId}/cost`, at: AT.aksu.review, template: templates.cost, token: admin },
      { name: 'admin merge', path: `/admin/cities/aksu/proposals/${proposalId}/merge`, at: AT.aksu.review, template: templates.merge, token: admin },
      { name: 'admin ballot', path: `/admin/cities/aksu/proposals/${otherId}/ballot`, at: AT.aksu.review, template: templates.ballotPlace, token: admin },
      { name: 'admin visibility', path: `/admin/cities/aksu/proposals/${otherId}/visibility`, at: AT.aksu.review, template: templates.visibility, token: admin },
      { name: 'admin paper ballots', path: '/admin/cities/aksu/paper-ballots', at: AT.aksu.voting, template: templates.paper, key: true, token: admin },
      { name: 'admin phases', path: '/admin/cities/aksu/phases', at: AT.aksu.voting, template: templates.phase, token: admin },
      { name: 'admin apply results', path: '/admin/cities/aksu/results/apply', at: AT.aksu.results, template: templates.apply, token: admin, validWhen: (body: unknown) => ApplyResultsInput.safeParse(body).success },
    ] as { name: string; path: string; at: string; template?: Record<string, Json>; key?: boolean; token?: string; validWhen?: (body: unknown) => boolean }[];

  test('bad bodies: always 4xx with the error shape, never 5xx, nothing stored', async () => {
    let requests = 0;
    for (const e of endpoints()) {
      t.setNow(e.at);
      await fc.assert(
        fc.asyncProperty(bodies(e.template), async (b) => {
          // Where every field is optional, `{}` and friends are valid bodies: not this test's business.
          if (e.validWhen && !b.type) fc.pre(!e.validWhen(parseOrUndefined(b.text)));
          const headers: Record<string, string> = { 'content-type': b.type ?? 'application/json' };
          if (e.key) headers['idempotency-key'] = newKey();
          if (e.token) headers.authorization = `Bearer ${e.token}`;
          const res = await t.app.request(`http://localhost/api/v1${e.path}`, { method: 'POST', headers, body: b.text });
          const text = await res.text();
          requests++;
          assert.ok(res.status >= 400 && res.status < 500, `${e.name}: ${res.status} ${text.slice(0, 300)} for ${b.text.slice(0, 200)}`);
          const parsed = ApiError.safeParse(JSON.parse(text));
          assert.ok(parsed.success, `${e.name}: error shape ${text.slice(0, 200)}`);
          assert.ok(!/at .*\.ts:\d+/.test(text), 'no stack trace');
        }),
        { numRuns: RUNS },
      );
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
    assert.equal(JSON.stringify(t.store.tableCounts()), before0, 'nothing was stored');
    assert.ok(requests >= RUNS * endpoints().length);
  });

  test('photo uploads of arbitrary bytes and types: 4xx, nothing stored', async () => {
    t.setNow(AT.aksu.submission);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.constant(new Uint8Array(0)), fc.uint8Array({ minLength: 4, maxLength: 64 }).map((b) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, ...b])), fc.uint8Array({ maxLength: 64 }).map((b) => new Uint8Array([0xff, 0xd8, 0xff, ...b]))),
        fc.constantFrom('image/png', 'image/jpeg', 'image/webp', 'text/html', 'image/svg+xml', 'application/octet-stream', ''),
        fc.string({ maxLength: 300 }),
        async (bytes, type, name) => {
          const res = await t.app.request(`http://localhost/api/v1/cities/aksu/photos?name=${encodeURIComponent(name)}`, { method: 'POST', headers: type ? { 'content-type': type } : {}, body: bytes as Uint8Array<ArrayBuffer> });
          const text = await res.text();
          assert.ok(res.status >= 400 && res.status < 500, `${res.status} ${text}`);
          assert.ok(ApiError.safeParse(JSON.parse(text)).success);
        },
      ),
      { numRuns: RUNS * 2 },
    );
    assert.equal(JSON.stringify(t.store.tableCounts()), before0);
  });

  test('query strings and path segments: never 5xx', async () => {
    t.setNow(AT.aksu.voting);
    const key = fc.oneof(fc.constantFrom('category', 'district', 'status', 'q', 'sort', 'cursor', 'limit', 'hidden', '__proto__', 'constructor'), fc.string({ maxLength: 10 }));
    const value = fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom('votes', 'newest', '-1', '1e9', '100', 'on_ballot', "' OR 1=1 --", '%00', 'x'.repeat(5000)));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 6 }), fc.constantFrom('/cities/aksu/proposals', '/admin/cities/aksu/proposals', '/admin/cities/aksu/audit', '/cities/aksu/results.pb', '/admin/cities/aksu/export.pb'), async (pairs, path) => {
        const qs = new URLSearchParams(pairs).toString();
        const res = await t.app.request(`http://localhost/api/v1${path}?${qs}`, { headers: { authorization: `Bearer ${admin}` } });
        const text = await res.text();
        assert.ok(res.status < 500, `${path}?${qs}: ${res.status} ${text.slice(0, 200)}`);
        if (res.status >= 400) assert.ok(ApiError.safeParse(JSON.parse(text)).success);
      }),
      { numRuns: RUNS * 3 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 80 }), fc.constantFrom('proposals', 'receipts', 'verification'), async (segment, kind) => {
        const enc = encodeURIComponent(segment);
        const path = kind === 'verification' ? `/cities/aksu/verification/${enc}/confirm` : `/cities/aksu/${kind}/${enc}`;
        const res = await t.app.request(`http://localhost/api/v1${path}`, kind === 'verification' ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"123456"}' } : {});
        assert.ok(res.status >= 400 && res.status < 500, `${path}: ${res.status}`);
        assert.ok(ApiError.safeParse(await res.json()).success);
      }),
      { numRuns: RUNS * 2 },
    );
    // Successful exports are audited (reading personal-data-free exports is still an admin action); nothing else changed.
    const { audit: _a, ...now } = t.store.tableCounts();
    const { audit: _b, ...then } = JSON.parse(before0);
    assert.deepEqual(now, then);
    const actions = t.store.db.prepare("SELECT DISTINCT action FROM audit WHERE action != 'proposal.ballot'").all() as { action: string }[];
    assert.ok(actions.every((a) => a.action === 'export.pb'), JSON.stringify(actions));
  });
});
