/**
 * Times residents act on do not depend on the browser's zone database: the
 * server writes each instant in the city's offset, from a rule of its own for
 * Kazakh zones, and the widgets format those digits. "Old tz data" is
 * simulated by an `Intl.DateTimeFormat` that still puts Asia/Almaty at UTC+6,
 * as WebKitGTK and phones with tz data from before March 2024 do.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { CityConfig, Receipt, ReceiptStatus } from '../../src/contract/index.js';
import { RULED_ZONES, formatInstant, utcOffsetMinutes } from '../../src/domain/city-time.js';
import { checkVoterIin } from '../../src/domain/iin.js';
import { adultIins, call, makeIin, newKey, phoneFor, demoServer } from '../../src/server/testing.js';
import { atOffsetOf, formatDate, formatDateTime, formatEnd } from '../../src/ui/city-time.js';

const RealDateTimeFormat = Intl.DateTimeFormat;

/** An `Intl` whose zone data predates March 2024: Almaty and Qostanay still at UTC+6. */
function simulateOldZoneData(): void {
  const Old = function (this: unknown, locales?: string | string[], options?: Intl.DateTimeFormatOptions) {
    const zone = options?.timeZone;
    const stale = zone === 'Asia/Almaty' || zone === 'Asia/Qostanay' ? { ...options, timeZone: 'Etc/GMT-6' } : options;
    return new RealDateTimeFormat(locales, stale);
  } as unknown as typeof Intl.DateTimeFormat;
  Object.assign(Old, { supportedLocalesOf: RealDateTimeFormat.supportedLocalesOf });
  Intl.DateTimeFormat = Old;
}
afterEach(() => {
  Intl.DateTimeFormat = RealDateTimeFormat;
});

const realFormats = new Map<string, Intl.DateTimeFormat>();
const realIntlOffset = (timeZone: string, t: number): number => {
  if (!realFormats.has(timeZone))
    realFormats.set(timeZone, new RealDateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }));
  const parts = realFormats.get(timeZone)!.formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return (Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - t) / 60_000;
};

test('the Kazakh zone rule agrees with the current tz data, hour by hour around each change and daily from 2005 to 2035', () => {
  assert.ok((process.versions.tz ?? '') >= '2024a', `this Node's tz data (${process.versions.tz}) predates Kazakhstan's single zone; the comparison would mean nothing`);
  for (const zone of RULED_ZONES) {
    const instants: number[] = [];
    for (let t = Date.UTC(2005, 0, 1); t < Date.UTC(2035, 0, 1); t += 86_400_000) instants.push(t);
    for (const change of [Date.UTC(2018, 11, 20, 18), Date.UTC(2024, 1, 29, 18)]) for (let h = -48; h <= 48; h++) instants.push(change + h * 3_600_000);
    for (const t of instants) assert.equal(utcOffsetMinutes(zone, new Date(t)), realIntlOffset(zone, t), `${zone} at ${new Date(t).toISOString()}`);
  }
});

test('with old tz data the server still writes Almaty at +05:00, and the IIN age check keeps the city day', () => {
  simulateOldZoneData();
  assert.equal(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Almaty', hour: '2-digit', hourCycle: 'h23' }).format(new Date('2026-12-18T19:00:00Z')), '01', 'the simulation is stale');
  assert.equal(formatInstant(new Date('2026-12-18T19:00:00Z'), 'Asia/Almaty'), '2026-12-19T00:00:00+05:00');
  assert.equal(formatInstant(new Date('2023-12-18T18:00:00Z'), 'Asia/Almaty'), '2023-12-19T00:00:00+06:00', 'before March 2024 Almaty was at +06:00');
  // Born 19.12.2010: 16 from the first minute of 19.12.2026 in the city, not an hour later.
  const iin = [1, 2, 3, 4, 5].map((n) => makeIin(2010, 12, 19, 'female', n)).find(Boolean)!;
  assert.equal(checkVoterIin(iin, 16, 'Asia/Almaty', new Date('2026-12-18T18:59:00Z')).ok, false);
  assert.equal(checkVoterIin(iin, 16, 'Asia/Almaty', new Date('2026-12-18T19:00:00Z')).ok, true);
});

test('widgets format the digits the server wrote, whatever the browser thinks of the zone', () => {
  simulateOldZoneData();
  const closes = '2026-12-19T00:00:00+05:00';
  assert.equal(formatDateTime(closes, 'Asia/Almaty'), '19.12.2026, 00:00');
  assert.equal(formatDate('2026-12-18T23:30:00+05:00', 'Asia/Almaty'), '18.12.2026');
  assert.equal(formatEnd(closes, 'Asia/Almaty'), '18.12.2026, 24:00');
  assert.equal(formatEnd('2027-01-01T00:00:00+05:00', 'Asia/Almaty'), '31.12.2026, 24:00', 'across a year');
  assert.equal(formatEnd('2026-03-01T00:00:00+05:00', 'Asia/Almaty'), '28.02.2026, 24:00', 'across a month');
  assert.equal(formatEnd('2026-12-18T18:30:00+05:00', 'Asia/Almaty'), '18.12.2026, 18:30');
  // A moment made in the browser (a draft saved now) takes the offset the server stated for its clock.
  const saved = atOffsetOf(new Date('2026-12-18T19:05:00Z'), '2026-12-18T23:59:00+05:00');
  assert.equal(saved, '2026-12-19T00:05:00+05:00');
  assert.equal(formatDateTime(saved, 'Asia/Almaty'), '19.12.2026, 00:05');
});

test('an instant with no city offset (Z) goes through Intl in the city zone, the only place the browser’s data counts', () => {
  assert.equal(formatDateTime('2026-12-18T19:00:00Z', 'Asia/Almaty'), '19.12.2026, 00:00');
  assert.equal(formatDate('2026-05-17T19:30:00Z', 'UTC'), '17.05.2026');
});

test('the contract: what a resident reads carries the city offset, never Z', () => {
  const receipt = { receiptCode: 'K7QM-2HXP-9TRW-4DNB', cycleId: 'aksu-2026', castAt: '2026-12-18T14:00:00+05:00', changeableUntil: '2026-12-19T00:00:00+05:00' };
  assert.ok(Receipt.safeParse(receipt).success);
  const utc = Receipt.safeParse({ ...receipt, castAt: '2026-12-18T09:00:00Z' });
  assert.equal(utc.success, false);
  assert.equal(utc.error!.issues[0]!.message, 'instant.city_offset');
});

test('the server states the city offset in the public config, receipts and results, even with old tz data', async () => {
  simulateOldZoneData();
  const now = new Date('2026-12-10T09:00:00Z');
  const t = await demoServer(now);
  try {
    const config = await call(t.app, 'GET', '/cities/aksu');
    assert.equal(config.status, 200);
    assert.ok(CityConfig.safeParse(config.body).success, JSON.stringify(CityConfig.safeParse(config.body).error?.issues));
    assert.match(config.body.serverTime, /\+05:00$/);
    for (const w of Object.values(config.body.cycle.phases) as { start: string; end: string }[]) {
      assert.match(w.start, /T00:00:00\+05:00$/, 'a phase starts at the city’s midnight');
      assert.match(w.end, /T00:00:00\+05:00$/);
    }
    const cycleId = config.body.cycle.id;
    const [iin] = adultIins(1, 7000);
    const start = await call(t.app, 'POST', '/cities/aksu/verification', { body: { cycleId, iin, phone: phoneFor(7000) } });
    assert.equal(start.status, 201, start.text);
    const confirm = await call(t.app, 'POST', `/cities/aksu/verification/${start.body.challengeId}/confirm`, { body: { code: t.sms.last(start.body.challengeId) } });
    assert.equal(confirm.status, 200, confirm.text);
    const list = await call(t.app, 'GET', '/cities/aksu/proposals?status=on_ballot&limit=50');
    const pick = list.body.items[0];
    // A proposal's history and dates read in the city's wall clock too (a decision at 18:30 UTC is the next day in Aksu).
    for (const p of list.body.items as { createdAt: string; updatedAt: string; history: { at: string }[] }[]) {
      for (const at of [p.createdAt, p.updatedAt, ...p.history.map((h) => h.at)]) assert.match(at, /\+05:00$/, `${at} carries Aksu's offset`);
    }
    const one = await call(t.app, 'GET', `/cities/aksu/proposals/${pick.id}`);
    assert.match(one.body.history[0].at, /\+05:00$/);
    assert.equal(Date.parse(one.body.createdAt), Date.parse(pick.createdAt));
    const admin = await call(t.app, 'GET', `/admin/cities/aksu/proposals/${pick.id}`, { token: Object.values(t.adminTokens)[0] });
    assert.equal(admin.status, 200, admin.text);
    assert.match(admin.body.history[0].at, /\+05:00$/);
    const cast = await call(t.app, 'POST', '/cities/aksu/ballots', {
      body: { cycleId, choices: [{ poolId: pick.poolId, picks: [{ projectId: pick.id }] }] },
      token: confirm.body.token,
      key: newKey(),
    });
    assert.equal(cast.status, 201, cast.text);
    assert.ok(Receipt.safeParse(cast.body).success, cast.text);
    assert.equal(cast.body.castAt, '2026-12-10T14:00:00+05:00');
    const check = await call(t.app, 'GET', `/cities/aksu/receipts/${cast.body.receiptCode}`);
    assert.ok(ReceiptStatus.safeParse(check.body).success, check.text);
    assert.equal(check.body.castAt, '2026-12-10T14:00:00+05:00');
    const again = await call(t.app, 'POST', `/cities/aksu/verification`, { body: { cycleId, iin, phone: phoneFor(7000) } });
    const session = await call(t.app, 'POST', `/cities/aksu/verification/${again.body.challengeId}/confirm`, { body: { code: t.sms.last(again.body.challengeId) } });
    assert.equal(session.body.receipt.castAt, '2026-12-10T14:00:00+05:00');
    const results = await call(t.app, 'GET', '/cities/aksu/results');
    if (results.status === 200) assert.match(results.body.computedAt, /\+05:00$/);
  } finally {
    t.close();
  }
});
