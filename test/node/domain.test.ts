import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkIin, checkVoterIin, ageOn } from '../../src/domain/iin.js';
import { formatMoney, formatNumber, parseMoneyInput } from '../../src/domain/money.js';
import { phaseAt, windowState } from '../../src/domain/phase.js';
import { validateBallot, whyCannotAdd, tallyPool } from '../../src/domain/ballot.js';
import { formatDate, plural, pluralCategory, toLocale } from '../../src/ui/locale.js';
import { aksuCycle } from '../../src/mock/fixtures.js';
import type { Cycle } from '../../src/contract/index.js';

/** Builds a valid IIN from its first 11 digits, or null when no check digit exists. */
function withCheckDigit(first11: string): string | null {
  const d = [...first11].map(Number);
  let k = d.reduce((s, x, i) => s + x * (i + 1), 0) % 11;
  if (k === 10) k = d.reduce((s, x, i) => s + x * ([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2][i] ?? 0), 0) % 11;
  return k === 10 ? null : first11 + k;
}

describe('IIN', () => {
  it('accepts the documented examples', () => {
    const a = checkIin('791028302728');
    assert.ok(a.valid);
    assert.deepEqual(a.birthDate, { year: 1979, month: 10, day: 28 });
    assert.equal(a.sex, 'male');
    const b = checkIin('061211600012');
    assert.ok(b.valid);
    assert.deepEqual(b.birthDate, { year: 2006, month: 12, day: 11 });
    assert.equal(b.sex, 'female');
  });

  it('names what is wrong', () => {
    assert.deepEqual(checkIin('79102830272'), { valid: false, problem: 'format' });
    assert.deepEqual(checkIin('7910283027a8'), { valid: false, problem: 'format' });
    assert.deepEqual(checkIin('791028702728'), { valid: false, problem: 'century' });
    assert.deepEqual(checkIin('791028002728'), { valid: false, problem: 'century' });
    assert.deepEqual(checkIin('791028302729'), { valid: false, problem: 'checksum' });
    const feb30 = withCheckDigit('79023030272');
    assert.ok(feb30);
    assert.deepEqual(checkIin(feb30), { valid: false, problem: 'date' });
  });

  it('uses the second weight set when the first gives 10', () => {
    // Search for a number whose first sum is 10 but second is not, and check it passes.
    for (let serial = 0; serial < 10000; serial++) {
      const first11 = `8501013${String(serial).padStart(4, '0')}`;
      const d = [...first11].map(Number);
      if (d.reduce((s, x, i) => s + x * (i + 1), 0) % 11 !== 10) continue;
      const iin = withCheckDigit(first11);
      if (!iin) continue;
      assert.ok(checkIin(iin).valid, iin);
      return;
    }
    assert.fail('no such number found');
  });

  it('agrees with the published algorithm on random numbers, and changing the check digit always breaks it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1950, max: 2015 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 1, max: 9 }), (y, m, d, rest, delta) => {
        const century = y >= 2000 ? 5 : 3;
        const first11 = `${String(y % 100).padStart(2, '0')}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${century}${String(rest).padStart(5, '0').slice(1)}`;
        const iin = withCheckDigit(first11);
        if (!iin) return checkIin(first11 + '0').valid === false;
        const typo = iin.slice(0, 11) + ((Number(iin[11]) + delta) % 10);
        return checkIin(iin).valid && !checkIin(typo).valid;
      }),
    );
  });

  it('computes age in the city zone and refuses the too young', () => {
    assert.equal(ageOn({ year: 2006, month: 12, day: 11 }, { year: 2022, month: 12, day: 10 }), 15);
    assert.equal(ageOn({ year: 2006, month: 12, day: 11 }, { year: 2022, month: 12, day: 11 }), 16);
    // 10 Dec 2022 20:00 UTC is already 11 Dec in Almaty (UTC+5): the birthday has come.
    assert.deepEqual(checkVoterIin('061211600012', 16, 'Asia/Almaty', new Date('2022-12-10T20:00:00Z')), { ok: true, age: 16 });
    assert.deepEqual(checkVoterIin('061211600012', 16, 'UTC', new Date('2022-12-10T20:00:00Z')), { ok: false, problem: 'too_young', age: 15 });
    assert.deepEqual(checkVoterIin('791028302729', 16, 'Asia/Almaty'), { ok: false, problem: 'checksum' });
  });
});

describe('money and locale', () => {
  it('formats tenge the Kazakh way in every language', () => {
    assert.equal(formatMoney(100_000_000, 'kk'), '100\u00a0000\u00a0000\u00a0₸');
    assert.equal(formatMoney(9_000_000, 'ru'), '9\u00a0000\u00a0000\u00a0₸');
    assert.equal(formatMoney(2_300_000, 'en'), '2\u00a0300\u00a0000\u00a0₸');
  });

  it('writes whole numbers as Intl does for kk-KZ, ru-KZ and en-KZ, without making a number format; the rest through Intl', () => {
    const values = [0, 5, 999, 1000, 9999, 10_000, 123_456, 1_234_567, 987_654_321, Number.MAX_SAFE_INTEGER];
    for (const [locale, tag] of [['kk', 'kk-KZ'], ['ru', 'ru-KZ'], ['en', 'en-KZ']] as const) {
      const intl = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
      for (const n of values) assert.equal(formatNumber(n, locale), intl.format(n), `${locale} ${n}`);
      for (const n of [-1234, 2.5, 1e21]) assert.equal(formatNumber(n, locale), intl.format(n), `${locale} ${n}`);
    }
    const real = Intl.NumberFormat;
    let made = 0;
    try {
      Intl.NumberFormat = function (...args: ConstructorParameters<typeof Intl.NumberFormat>) {
        made++;
        return new real(...args);
      } as unknown as typeof Intl.NumberFormat;
      assert.equal(formatNumber(12_345, 'ru'), '12\u00a0345');
      assert.equal(formatNumber(12_345, 'en'), '12,345');
      assert.equal(made, 0);
    } finally {
      Intl.NumberFormat = real;
    }
  });

  it('reads what residents type into a money field', () => {
    assert.equal(parseMoneyInput('9 000 000'), 9_000_000);
    assert.equal(parseMoneyInput('9\u00a0000\u00a0000 ₸'), 9_000_000);
    assert.equal(parseMoneyInput('1.500.000 тг'), 1_500_000);
    assert.equal(parseMoneyInput(''), null);
    assert.equal(parseMoneyInput('12abc'), null);
    assert.equal(parseMoneyInput('-5'), null);
  });

  it('plural forms: Kazakh one/other, Russian one/few/many', () => {
    const ru = { one: '{n} проект', few: '{n} проекта', many: '{n} проектов', other: '{n} проекта' };
    assert.equal(plural('ru', 1, ru), '1 проект');
    assert.equal(plural('ru', 3, ru), '3 проекта');
    assert.equal(plural('ru', 5, ru), '5 проектов');
    assert.equal(plural('ru', 21, ru), '21 проект');
    assert.equal(plural('ru', 11, ru), '11 проектов');
    const kk = { one: '{n} жоба', other: '{n} жоба' };
    assert.equal(plural('kk', 1, kk), '1 жоба');
    assert.equal(plural('kk', 7, kk), '7 жоба');
  });

  it('plural categories of whole numbers as Intl gives them for every tag we use, without making plural rules; the rest through Intl', () => {
    const real = Intl.PluralRules;
    // Read-only in TypeScript's lib (a `var` in the engine): replaced for the test.
    const writableIntl = Intl as { PluralRules: typeof Intl.PluralRules };
    let made = 0;
    const values = [...Array.from({ length: 1200 }, (_, i) => i), 10_001, 100_011, 1_000_002, 1_234_567, 987_654_321, Number.MAX_SAFE_INTEGER];
    for (const tag of ['kk', 'ru', 'en', 'kk-KZ', 'ru-KZ', 'en-GB']) {
      const intl = new real(tag);
      made = 0;
      try {
        writableIntl.PluralRules = function (...args: ConstructorParameters<typeof Intl.PluralRules>) {
          made++;
          return new real(...args);
        } as unknown as typeof Intl.PluralRules;
        for (const n of values) assert.equal(pluralCategory(tag, n), intl.select(n), `${tag} ${n}`);
        assert.equal(made, 0, 'no Intl.PluralRules made for whole numbers');
        for (const n of [1.5, -1, 0.1, 2.25]) assert.equal(pluralCategory(tag, n), intl.select(n), `${tag} ${n}`);
      } finally {
        writableIntl.PluralRules = real;
      }
    }
  });

  it('dates as dd.mm.yyyy in the city zone', () => {
    assert.equal(formatDate('2026-05-17T19:30:00Z', 'ru', 'Asia/Almaty'), '18.05.2026');
    assert.equal(formatDate('2026-05-17T19:30:00Z', 'kk', 'UTC'), '17.05.2026');
  });

  it('maps language tags to our locales', () => {
    assert.equal(toLocale('kk-KZ'), 'kk');
    assert.equal(toLocale('RU'), 'ru');
    assert.equal(toLocale('de'), null);
  });
});

describe('phases', () => {
  const now = Date.parse('2026-05-01T06:00:00Z');
  const cycle = aksuCycle(now, 'voting');
  it('finds the open phase with half-open windows', () => {
    assert.equal(phaseAt(cycle, new Date(now)), 'voting');
    assert.equal(phaseAt(cycle, new Date(cycle.phases.voting.end)), 'results');
    assert.equal(phaseAt(cycle, new Date(Date.parse(cycle.phases.submission.start) - 1)), 'upcoming');
    assert.equal(windowState(cycle, 'submission', new Date(now)), 'after');
    assert.equal(windowState(cycle, 'results', new Date(now)), 'before');
  });
});

describe('ballot validation', () => {
  const base = aksuCycle(0);
  const projects = [
    { id: 'a', cost: 40, poolId: 'city' },
    { id: 'b', cost: 30, poolId: 'city' },
    { id: 'c', cost: 50, poolId: 'city' },
    { id: 'd', cost: 10, poolId: 'city' },
  ];
  const cycleWith = (ballot: Cycle['ballot']): Cycle => ({ ...base, ballot, pools: [{ ...base.pools[0]!, budget: 100 }] });
  const ballot = (...ids: (string | [string, number])[]) => ({
    choices: [{ poolId: 'city', picks: ids.map((x) => (Array.isArray(x) ? { projectId: x[0], points: x[1] } : { projectId: x })) }],
  });
  const codes = (cycle: Cycle, b: ReturnType<typeof ballot>) => validateBallot(cycle, projects, b).map((i) => i.message);

  it('approval min and max', () => {
    const c = cycleWith({ kind: 'approval', min: 2, max: 3 });
    assert.deepEqual(codes(c, ballot('a', 'b')), []);
    assert.deepEqual(codes(c, ballot('a')), ['ballot.too_few']);
    assert.deepEqual(codes(c, ballot('a', 'b', 'c', 'd')), ['ballot.too_many']);
    assert.deepEqual(codes(c, ballot('a', 'a')), ['ballot.project_twice']);
    assert.deepEqual(codes(c, ballot('a', 'zzz')), ['ballot.project_unknown']);
    assert.deepEqual(codes(c, { choices: [{ poolId: 'city', picks: [] }] }), ['ballot.empty']);
    assert.deepEqual(codes(c, { choices: [{ poolId: 'nope', picks: [{ projectId: 'a' }] }] }), ['ballot.pool_unknown']);
  });

  it('single choice', () => {
    const c = cycleWith({ kind: 'single' });
    assert.deepEqual(codes(c, ballot('a')), []);
    assert.deepEqual(codes(c, ballot('a', 'b')), ['ballot.too_many']);
  });

  it('knapsack: the limit always, the minimum share only on the whole ballot', () => {
    const c = cycleWith({ kind: 'knapsack', minShare: 0.7 });
    assert.deepEqual(codes(c, ballot('a', 'b', 'd')), []);
    assert.deepEqual(codes(c, ballot('a', 'b', 'c')), ['ballot.over_budget']);
    assert.deepEqual(codes(c, ballot('a', 'd')), ['ballot.under_min_share']);
    const picks = ballot('a', 'b').choices[0]!.picks;
    const pool = c.pools[0]!;
    const byId = new Map(projects.map((p) => [p.id, p]));
    assert.deepEqual(whyCannotAdd(c.ballot, pool, picks, projects[2]!, byId), { reason: 'does_not_fit', remaining: 30, cost: 50 });
    assert.equal(whyCannotAdd(c.ballot, pool, picks, projects[3]!, byId), null);
    assert.equal(tallyPool(c.ballot, pool, picks, byId).moneyLeft, 30);
  });

  it('cumulative points', () => {
    const c = cycleWith({ kind: 'cumulative', points: 10, maxPerProject: 5 });
    assert.deepEqual(codes(c, ballot(['a', 5], ['b', 5])), []);
    assert.deepEqual(codes(c, ballot(['a', 6])), ['ballot.points_over_max']);
    assert.deepEqual(codes(c, ballot(['a', 5], ['b', 5], ['c', 1])), ['ballot.over_points']);
    assert.deepEqual(codes(c, ballot('a')), ['ballot.points_required']);
  });

  it('ranked and points where none belong', () => {
    const c = cycleWith({ kind: 'ranked', maxRanks: 2 });
    assert.deepEqual(codes(c, ballot('b', 'a')), []);
    assert.deepEqual(codes(c, ballot('b', 'a', 'c')), ['ballot.too_many']);
    assert.deepEqual(codes(c, ballot(['a', 2])), ['ballot.points_not_allowed']);
  });
});
