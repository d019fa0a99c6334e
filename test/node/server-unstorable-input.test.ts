/**
 * Input that no store can keep as text — a NUL character (`%00` in an address, `\u0000` in JSON) or half of a
 * UTF-16 surrogate pair (`\ud800`) — is refused with 400 before it reaches the store, on SQLite and on a real
 * PostgreSQL alike. PostgreSQL refuses both in `text` and `jsonb`, and answered 500 `internal` for them (a review
 * found these by probing); SQLite kept them, and an Atom feed with half a pair is not XML.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../src/server/app.js';
import { parseConfig } from '../../src/server/config.js';
import { memoryLogger } from '../../src/server/logger.js';
import { sha256Hex, type Secrets } from '../../src/server/secrets.js';
import { demoPng } from '../../src/server/seed.js';
import { PgStore } from '../../src/server/store/postgres.js';
import { AT, call, capturingMail, capturingSms, exampleConfigFile, newKey, phoneFor, proposalBody, testServer } from '../../src/server/testing.js';
import { tempDatabase, type TempDatabase } from './support/pg.js';

type App = { app: ReturnType<typeof createApp>; admin: string; lines: string[]; setNow(iso: string): void; close(): Promise<void> | void };

/** The reference server on a database of its own on the test PostgreSQL. */
async function onPostgres(): Promise<App> {
  const file = exampleConfigFile();
  for (const city of file.cities) city.identity = { method: 'phone_only' };
  const config = parseConfig(file, 'test config');
  const admin = `qa_test_${randomBytes(16).toString('hex')}`;
  const secrets: Secrets = { secret: randomBytes(32), adminTokens: { 'aksu-centre': sha256Hex(admin) } };
  const db: TempDatabase = await tempDatabase('qala_unstorable');
  const store = await PgStore.open(db.url, { poolSize: 2 });
  let now = Date.parse(AT.aksu.submission);
  const logger = memoryLogger();
  const app = createApp({ config, store, secrets, clock: () => new Date(now), sms: capturingSms(), mail: capturingMail(), logger });
  return { app, admin, lines: logger.lines, setNow: (iso) => void (now = Date.parse(iso)), close: async () => (await store.close(), await db.drop()) };
}

function onSqlite(): App {
  const t = testServer({ now: AT.aksu.submission });
  return { app: t.app, admin: t.adminTokens['aksu-centre']!, lines: t.logger.lines, setNow: (iso) => t.setNow(iso), close: () => t.close() };
}

const proposal = proposalBody;

for (const [name, open] of [['SQLite', async () => onSqlite()], ['PostgreSQL', onPostgres]] as const) {
  describe(`unstorable text is refused with 400 (${name})`, () => {
    let s: App;
    let id = '';
    let photo = '';
    before(async () => {
      s = await open();
      const up = await call(s.app, 'POST', '/cities/aksu/photos?name=p.png', { raw: demoPng(8, 8, [200, 10, 10]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' });
      assert.equal(up.status, 201, up.text);
      const made = await call(s.app, 'POST', '/cities/aksu/proposals', { key: newKey(), body: proposal(up.body.id, phoneFor(1)) });
      assert.equal(made.status, 201, made.text);
      id = made.body.id;
      photo = (await call(s.app, 'POST', '/cities/aksu/photos?name=p.png', { raw: demoPng(8, 8, [10, 200, 10]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' })).body.id;
    });
    after(() => s.close());

    test('a NUL in an address (path or query)', async () => {
      for (const [method, path, o] of [
        ['GET', '/cities/aksu/proposals/%00', {}],
        ['GET', '/cities/aksu/proposals?q=%00', {}],
        ['GET', '/cities/aksu/progress/%00', {}],
        ['POST', '/cities/aksu/verification/%00/confirm', { body: { code: '123456' } }],
        ['POST', '/cities/aksu/verification/%00/resend', {}],
        ['GET', '/admin/cities/aksu/proposals/%00', { token: s.admin }],
        ['POST', '/admin/cities/aksu/proposals/%00/status', { token: s.admin, body: { status: 'under_review' } }],
        ['GET', '/admin/cities/aksu/implementation/%00', { token: s.admin }],
      ] as const) {
        const r = await call(s.app, method, path, o);
        assert.deepEqual([r.status, r.body.code], [400, 'bad_request'], `${method} ${path}`);
      }
    });

    test('a NUL or half a surrogate pair in a JSON body', async () => {
      const sent = [
        ['a title with half a pair', '/cities/aksu/proposals', JSON.stringify(proposal(photo, phoneFor(2))).replace('Скамейки', 'Скамейки \\ud800')],
        ['a title with the other half alone', '/cities/aksu/proposals', JSON.stringify(proposal(photo, phoneFor(2))).replace('Скамейки', '\\udc00 Скамейки')],
        ['a key with half a pair', '/cities/aksu/proposals', JSON.stringify(proposal(photo, phoneFor(2))).replace('"consent"', '"cons\\ud800ent"')],
        ['a NUL in a photo id', '/cities/aksu/proposals', JSON.stringify({ ...proposal(photo, phoneFor(2)), photos: ['ph_\u0000'] })],
      ] as const;
      for (const [what, path, raw] of sent) {
        const r = await call(s.app, 'POST', path, { key: newKey(), raw, contentType: 'application/json' });
        assert.deepEqual([r.status, r.body.code], [400, 'bad_request'], what);
      }
      s.setNow(AT.aksu.review);
      const note = await call(s.app, 'POST', `/admin/cities/aksu/proposals/${id}/status`, { token: s.admin, raw: '{"status":"under_review","note":"Смета \\udc00 уточнена."}', contentType: 'application/json' });
      assert.deepEqual([note.status, note.body.code], [400, 'bad_request'], 'a council note with half a pair');
      // A whole pair (an emoji) is text, and kept.
      const emoji = await call(s.app, 'POST', `/admin/cities/aksu/proposals/${id}/status`, { token: s.admin, raw: '{"status":"under_review","note":"Смета уточнена \\ud83d\\udc4d"}', contentType: 'application/json' });
      assert.equal(emoji.status, 200, emoji.text);
      s.setNow(AT.aksu.submission);
    });

    test('nothing was answered with a 500', () => {
      assert.deepEqual(s.lines.filter((l) => l.includes('"unhandled"')), []);
    });
  });
}
