/**
 * The centre's sign-in in words: how long a refused sign-in asks the person to
 * wait, and who counts as the same person when a lapsed session is signed in again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CentreError, type CentreApi } from '../../src/centre/api.js';
import { centreEn as en } from '../../src/centre/messages/en.js';
import { centreKk as kk } from '../../src/centre/messages/kk.js';
import { centreRu as ru } from '../../src/centre/messages/ru.js';
import { samePerson, type Signed } from '../../src/centre/session-controller.js';
import { retryWait, withWait } from '../../src/centre/signin-view.js';

test('the wait a refused sign-in asks for: minutes rounded up to an hour and a half, then hours; nothing without one', () => {
  assert.deepEqual(retryWait(2580), { message: 'signin.retryMinutes', n: 43 });
  assert.deepEqual(retryWait(1), { message: 'signin.retryMinutes', n: 1 });
  assert.deepEqual(retryWait(90 * 60), { message: 'signin.retryMinutes', n: 90 });
  assert.deepEqual(retryWait(90 * 60 + 1), { message: 'signin.retryHours', n: 2 });
  assert.deepEqual(retryWait(24 * 3600), { message: 'signin.retryHours', n: 24 });
  for (const none of [undefined, null, 0, -5, Number.NaN, '60']) assert.equal(retryWait(none), null);
});

test('the wait in words, with each language’s plural forms', () => {
  const say = (catalogue: Record<string, unknown>, key: string, n: number) => (catalogue[key] as (p: { n: number }) => string)({ n });
  assert.equal(say(ru, 'signin.retryMinutes', 1), 'Попробуйте снова через 1 минуту.');
  assert.equal(say(ru, 'signin.retryMinutes', 43), 'Попробуйте снова через 43 минуты.');
  assert.equal(say(ru, 'signin.retryMinutes', 45), 'Попробуйте снова через 45 минут.');
  assert.equal(say(ru, 'signin.retryMinutes', 21), 'Попробуйте снова через 21 минуту.');
  assert.equal(say(ru, 'signin.retryHours', 5), 'Попробуйте снова через 5 часов.');
  assert.equal(say(kk, 'signin.retryMinutes', 43), '43 минуттан кейін қайталап көріңіз.');
  assert.equal(say(kk, 'signin.retryHours', 2), '2 сағаттан кейін қайталап көріңіз.');
  assert.equal(say(en, 'signin.retryMinutes', 1), 'Try again in 1 minute.');
  assert.equal(say(en, 'signin.retryHours', 3), 'Try again in 3 hours.');
});

test('only a refusal that asks to wait gets the wait added, after its own issues', () => {
  const limited = withWait(new CentreError('too_many_codes', 'too many', 429, [], { retryAfter: 600 }));
  assert.deepEqual(limited.issues, [{ path: [], message: 'signin.retryMinutes', params: { n: 10 } }]);
  assert.equal(limited.code, 'too_many_codes');
  assert.deepEqual(withWait(new CentreError('validation_failed', 'bad', 400, [], { retryAfter: 600 })).issues, []);
  assert.deepEqual(withWait(new CentreError('rate_limited', 'slow down', 429)).issues, []);
});

test('the same person is the same account for the same cities and role; anyone else is not', () => {
  const api = {} as CentreApi;
  const expert: Signed = { api, id: 'staff:st_expert1', name: 'Айгүл', cities: ['aksu'], role: 'expert', bootstrap: false };
  assert.equal(samePerson(expert, { ...expert, api: {} as CentreApi, name: 'Айгүл Серікқызы' }), true);
  assert.equal(samePerson(expert, { ...expert, id: 'staff:st_expert2' }), false);
  assert.equal(samePerson(expert, { ...expert, cities: ['rudny'] }), false);
  assert.equal(samePerson(expert, { ...expert, role: 'coordinator' }), false);
  assert.equal(samePerson(expert, { ...expert, id: 'aksu-centre', role: 'coordinator', bootstrap: true }), false);
});
