// The demo as shipped (npm start) lets authors ask for an SMS on each status change (#13):
// Aksu has `notifications.sms`, and Lisakovsk (the demo's town taking proposals, copied from
// Aksu) offers the consent and accepts it; a city without it refuses the consent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoConfig, demoPng } from '../../src/server/seed.js';
import { call, newKey, testServer, type TestServer } from '../../src/server/testing.js';

const PHONE = '+77075550001';

async function propose(t: TestServer, city: string) {
  const photo = await call(t.app, 'POST', `/cities/${city}/photos?name=a.png`, { raw: demoPng(8, 8, [9, 8, 7]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' });
  assert.equal(photo.status, 201, photo.text);
  return call(t.app, 'POST', `/cities/${city}/proposals`, {
    key: newKey(),
    body: {
      title: 'Скамейки у школы номер 3',
      description: 'Возле школы нет ни одной скамейки, родителям негде подождать детей.',
      category: 'improvement',
      address: 'ул. Ленина, 10',
      estimatedCost: 1_500_000,
      photos: [photo.body.id],
      authorName: 'Айгүл',
      phone: PHONE,
      consent: true,
      notify: { sms: true, locale: 'kk' },
    },
  });
}

test('the demo as shipped: Aksu sends authors an SMS on a status change if they consent; the town taking proposals accepts the consent', async () => {
  const now = new Date();
  const t = testServer({ now: now.toISOString(), identity: 'example', edit: (f) => Object.assign(f, demoConfig(f, now)) });
  try {
    const aksu = (await call(t.app, 'GET', '/cities/aksu')).body;
    assert.equal(aksu.city.notifications?.sms, true, 'Aksu’s public config offers the SMS');
    const lisakovsk = (await call(t.app, 'GET', '/cities/lisakovsk')).body;
    assert.equal(lisakovsk.currentPhase, 'submission');
    assert.equal(lisakovsk.city.notifications?.sms, true);
    const r = await propose(t, 'lisakovsk');
    assert.equal(r.status, 201, r.text);
  } finally {
    t.close();
  }
});

test('the same demo with the setting off refuses the consent', async () => {
  const now = new Date();
  const t = testServer({ now: now.toISOString(), identity: 'example', edit: (f) => Object.assign(f, demoConfig(f, now), { cities: demoConfig(f, now).cities.map((c) => ({ ...c, notifications: {} })) }) });
  try {
    const r = await propose(t, 'lisakovsk');
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.body.details.issues[0].path, ['notify', 'sms']);
  } finally {
    t.close();
  }
});
