import assert from 'node:assert/strict';
import { test } from 'node:test';
import { issueOf, parseAmount, photoName, problemOf } from '../../src/widgets/proposal-form/texts.js';

test('parseAmount reads a typed amount with any space the formatter or the resident put in', () => {
  assert.equal(parseAmount('1 200 000'), 1_200_000);
  assert.equal(parseAmount('1\u00a0200\u202f000'), 1_200_000);
  assert.equal(parseAmount(' 950000 '), 950_000);
  for (const bad of ['', '1,5', '-100', '12e5', '1.200.000', '99999999999999']) assert.ok(Number.isNaN(parseAmount(bad)), bad);
});

test('photoName keeps a readable name without a path or control characters, ending .jpg', () => {
  assert.equal(photoName('C:\\Users\\me\\IMG_0012.HEIC'), 'IMG_0012.jpg');
  assert.equal(photoName('/tmp/yard.png'), 'yard.jpg');
  assert.equal(photoName('a\u0000b\u202e.jpeg'), photoName('ab.jpeg'));
  assert.equal(photoName(''), 'photo.jpg');
  assert.ok(photoName('x'.repeat(400)).length <= 154);
});

test('issueOf prefers an issue with words, then the error code’s words, then the generic ones', () => {
  const has = (k: string) => ['code.invalid', 'error.code_expired', 'error.generic'].includes(k);
  assert.deepEqual(issueOf({ code: 'code_invalid', issues: [{ path: ['code'], message: 'code.invalid', params: { attemptsLeft: 2 } }] }, has), { code: 'code.invalid', params: { attemptsLeft: 2 } });
  assert.deepEqual(issueOf({ code: 'code_expired', details: { issues: [{ path: [], message: 'no.words' }] } }, has), { code: 'error.code_expired' });
  assert.deepEqual(issueOf(new Error('boom'), has), { code: 'error.generic' });
  assert.deepEqual(issueOf(null, has), { code: 'error.generic' });
  assert.deepEqual(problemOf({ code: 'conflict', issues: 'not a list' }), { code: 'conflict', issues: [] });
});
