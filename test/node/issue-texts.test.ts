import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { getResponse } from 'msw';
import { createMockApi } from '../../src/mock/handlers.js';
import { demoPng } from '../../src/server/seed.js';
import { AT, call, newKey, testServer } from '../../src/server/testing.js';
import ballotEn from '../../src/widgets/ballot/messages/en.js';
import ballotKk from '../../src/widgets/ballot/messages/kk.js';
import ballotRu from '../../src/widgets/ballot/messages/ru.js';
import formEn from '../../src/widgets/proposal-form/messages/en.js';
import formKk from '../../src/widgets/proposal-form/messages/kk.js';
import formRu from '../../src/widgets/proposal-form/messages/ru.js';

/**
 * Issue messages the server sends to residents, by the widget that shows them.
 * Without a text the resident reads a generic "check this field".
 */
const SHOWN_BY = {
  'proposal form': {
    catalogues: { kk: formKk, ru: formRu, en: formEn },
    codes: {
      'category.unknown': {},
      'district.unknown': {},
      'cost.over_cap': { cap: '7 000 000 ₸' },
      'photo.dimensions': {},
      'photo.empty': {},
      'proposal.limit_reached': { limit: 3 },
    },
  },
  ballot: {
    catalogues: { kk: ballotKk, ru: ballotRu, en: ballotEn },
    codes: { 'location.required': {}, 'cycle.not_current': {} },
  },
} as const;

describe('issue messages the server sends have a text in kk, ru and en', () => {
  for (const [widget, { catalogues, codes }] of Object.entries(SHOWN_BY)) {
    test(widget, () => {
      const missing: string[] = [];
      for (const [lang, catalogue] of Object.entries(catalogues)) {
        for (const [code, params] of Object.entries(codes)) {
          const message = (catalogue as Record<string, unknown>)[code];
          const text = typeof message === 'function' ? (message as (p: unknown) => string)(params) : message;
          if (typeof text !== 'string' || text.trim() === '') missing.push(`${lang} ${code}`);
          else for (const value of Object.values(params)) assert.ok(text.includes(String(value)), `${lang} ${code} leaves out ${value}: ${text}`);
        }
      }
      assert.deepEqual(missing, []);
    });
  }
});

describe('the mock answers an unknown category and district as the server does', () => {
  const server = testServer({ now: AT.aksu.submission });
  after(() => server.close());
  const proposal = (photo: string) => ({
    title: 'Скамейки и урны в сквере у школы №3',
    description: 'В сквере нет ни одной скамейки, пожилым людям негде присесть. Предлагаем десять скамеек и урны.',
    category: 'no-such-category',
    district: 'no-such-district',
    address: 'ул. Ленина, сквер у школы №3',
    estimatedCost: 1_000_000,
    photos: [photo],
    authorName: 'Айгүл Н.',
    phone: '8 701 555 12 34',
    consent: true,
  });
  const expected = [
    { path: ['category'], message: 'category.unknown' },
    { path: ['district'], message: 'district.unknown' },
  ];

  test('server and mock: 400 validation_failed with category.unknown and district.unknown', async () => {
    const upload = await call(server.app, 'POST', '/cities/aksu/photos?name=a.png', { raw: demoPng(40, 30, [10, 120, 200]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' });
    const fromServer = await call(server.app, 'POST', '/cities/aksu/proposals', { body: proposal(upload.body.id), key: newKey() });
    assert.equal(fromServer.status, 400, fromServer.text);
    assert.equal(fromServer.body.code, 'validation_failed');
    assert.deepEqual(fromServer.body.details.issues, expected);

    const { handlers } = createMockApi({ phase: 'submission', base: 'http://localhost/api/v1' });
    const request = new Request('http://localhost/api/v1/cities/aksu/proposals', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
      body: JSON.stringify(proposal('photo-1')),
    });
    const response = (await getResponse(handlers, request))!;
    const answer = (await response.json()) as { code: string; details: { issues: unknown[] } };
    assert.equal(response.status, 400);
    assert.equal(answer.code, 'validation_failed');
    assert.deepEqual(answer.details.issues, expected);
  });
});
