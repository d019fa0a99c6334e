import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { AT, call, testServer } from '../../src/server/testing.js';

describe('GET /cities/:city (the public config): a validator, so a browser keeps it and asks only "changed?"', () => {
  const t = testServer({ now: AT.aksu.submission });
  after(() => t.close());

  test('answers with an ETag and no-cache; the same tag in If-None-Match gets 304 and no body', async () => {
    const first = await call(t.app, 'GET', '/cities/aksu', { headers: { origin: 'https://tuganqala.kz' } });
    assert.equal(first.status, 200);
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^"[\w-]{22}"$/);
    assert.equal(first.headers.get('cache-control'), 'no-cache');
    assert.equal(first.body.city.slug, 'aksu');

    const again = await call(t.app, 'GET', '/cities/aksu', { headers: { 'if-none-match': etag! } });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    assert.equal(again.headers.get('etag'), etag);
    // A weak form of the tag, or one among others, matches too (RFC 9110: If-None-Match compares weakly).
    assert.equal((await call(t.app, 'GET', '/cities/aksu', { headers: { 'if-none-match': `"other", W/${etag}` } })).status, 304);
    assert.equal((await call(t.app, 'GET', '/cities/aksu', { headers: { 'if-none-match': '"other"' } })).status, 200);
  });

  test('a new phase is a new tag: the stale copy is not confirmed', async () => {
    const before = await call(t.app, 'GET', '/cities/aksu');
    t.setNow(AT.aksu.voting);
    const after = await call(t.app, 'GET', '/cities/aksu', { headers: { 'if-none-match': before.headers.get('etag')! } });
    assert.equal(after.status, 200);
    assert.notEqual(after.headers.get('etag'), before.headers.get('etag'));
    assert.equal(after.body.currentPhase, 'voting');
  });

  test('another city and an unknown one are answered as before', async () => {
    const rudny = await call(t.app, 'GET', '/cities/rudny');
    assert.equal(rudny.status, 200);
    const unknown = await call(t.app, 'GET', '/cities/nowhere', { headers: { 'if-none-match': '*' } });
    assert.equal(unknown.status, 404);
  });
});
