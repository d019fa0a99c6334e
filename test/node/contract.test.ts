import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import {
  ApiError,
  BallotInput,
  BallotRule,
  City,
  CityConfig,
  Cycle,
  Challenge,
  Explanation,
  Photo,
  Proposal,
  ProposalContent,
  ProposalEditInput,
  ProposalInput,
  ProposalQuery,
  Receipt,
  ReceiptStatus,
  Results,
  VerificationConfirm,
  VerificationStart,
  VoterSession,
  graphemeLength,
  Instant,
  normalizeText,
  overBytes,
  ONE_UNIT_GRAPHEMES,
  TimeZone,
  userText,
} from '../../src/contract/index.js';
import { aksuCity, aksuCycle, aksuProposals, demoConfig, rudnyCity, rudnyCycle } from '../../src/mock/fixtures.js';

const NOW = Date.parse('2026-05-01T06:00:00Z');

function ok(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown) {
  const r = schema.safeParse(value);
  assert.equal(r.success, true, JSON.stringify((r as { error?: { issues?: unknown } }).error?.issues ?? null));
}
function bad(schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) {
  assert.equal(schema.safeParse(value).success, false, `accepted ${JSON.stringify(value)}`);
}

const proposalInput = {
  title: 'Скамейки у школы №2',
  description: 'Поставить десять скамеек и урны вдоль аллеи у школы №2.',
  category: 'yards',
  district: 'center',
  address: 'ул. Абая, 10',
  estimatedCost: 1_500_000,
  photos: ['ph1'],
  authorName: 'Асель',
  phone: '8 701 123 45 67',
  consent: true,
};

describe('text rules', () => {
  it('normalises to NFC and strips bidi controls and other control characters', () => {
    assert.equal(normalizeText('e\u0301'), '\u00e9');
    assert.equal(normalizeText('abc\u202Eevil\u202C'), 'abcevil');
    assert.equal(normalizeText('a\u2066b\u2069c\u200Fd'), 'abcd');
    assert.equal(normalizeText(' a\u0000b\r\nc '), 'ab\nc');
  });

  it('replaces half of a surrogate pair (not a character, and no store keeps it) with U+FFFD, keeps whole pairs', () => {
    assert.equal(normalizeText('a\ud800b\udc00c'), 'a\ufffdb\ufffdc');
    assert.equal(normalizeText('\udc00\ud800'), '\ufffd\ufffd');
    assert.equal(normalizeText('ok \ud83d\udc4d\ud83d'), 'ok \ud83d\udc4d\ufffd');
  });

  it('counts graphemes, not code units', () => {
    assert.equal(graphemeLength('👩‍👩‍👧‍👦'), 1);
    assert.equal(graphemeLength('Ақсу'), 4);
    assert.equal(graphemeLength('e\u0301'), 1);
  });

  it('counts a text of one-unit graphemes without the segmenter, and agrees with it on every such character', () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const count = (s: string) => [...segmenter.segment(s)].length;
    let simple = 0;
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      if (!ONE_UNIT_GRAPHEMES.test(c)) continue;
      simple++;
      // Its own cluster beside letters, itself and a line break: it neither joins nor is joined.
      assert.equal(count(`a${c}${c}я\n${c}`), 6, `U+${code.toString(16).padStart(4, '0')}`);
    }
    assert.ok(simple > 900, `${simple} characters counted without the segmenter`);
    // What joins (combining marks, ZWJ, variation selectors, surrogates for emoji) or CR goes to the segmenter.
    for (const c of ['\u0301', '\u0483', '\u200d', '\ufe0f', '\ud83d', '\r', '\u1100']) assert.equal(ONE_UNIT_GRAPHEMES.test(`a${c}`), false, c);
    for (const text of ['Ақсу ауданындағы саябақ — 1 200 000 ₸, №3', 'Сквер «Жастар»\n…', 'Café déjà-vu', 'e\u0301 👍🏽 ✌️ 🇰🇿 한국 क्षि']) {
      assert.equal(graphemeLength(text), count(text), text);
    }
  });

  it('limits length in graphemes after normalisation', () => {
    const field = userText({ min: 2, max: 5, bytes: 200 });
    assert.equal(field.parse(' ab\u202E '), 'ab');
    assert.equal(field.safeParse('👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦').success, true);
    const tooLong = field.safeParse('abcdef');
    assert.equal(tooLong.success, false);
    assert.equal(tooLong.error?.issues[0]?.message, 'text.too_long');
    assert.equal(field.safeParse('\u202Ea\u202C').error?.issues[0]?.message, 'text.too_short');
  });

  it('caps bytes so combining marks cannot make a huge string of few graphemes', () => {
    const field = userText({ max: 3, bytes: 30 });
    const heavy = 'a' + '\u0301'.repeat(40);
    assert.equal(graphemeLength(normalizeText(heavy)), 1);
    assert.equal(field.safeParse(heavy).success, false);
  });

  it('counts bytes in UTF-8 where a text could pass its cap, and not where it cannot', () => {
    const field = userText({ max: 20, bytes: 30 });
    // Two bytes a letter: 15 letters are 30 bytes, 16 are 32.
    assert.equal(field.safeParse('я'.repeat(15)).success, true);
    assert.equal(field.safeParse('я'.repeat(16)).error?.issues[0]?.message, 'text.too_long');
    // Four bytes for two UTF-16 units: 7 are 28 bytes, 8 are 32.
    assert.equal(field.safeParse('😀'.repeat(7)).success, true);
    assert.equal(field.safeParse('😀'.repeat(8)).error?.issues[0]?.message, 'text.too_long');
    assert.equal(overBytes('€'.repeat(10), 30), false);
    assert.equal(overBytes('€'.repeat(11), 30), true);
    assert.equal(overBytes('a'.repeat(10), 29), false);
  });

  it('folds whitespace in single-line fields but keeps line breaks in multi-line ones', () => {
    assert.equal(userText({ max: 50 }).parse('a  \n b'), 'a b');
    assert.equal(userText({ max: 50, multiline: true }).parse('a\r\nb'), 'a\nb');
  });
});

describe('time zones', () => {
  it("knows Kazakhstan's zones without asking Intl, asks it about any other, and refuses what is not Area/Place or UTC", () => {
    const real = Intl.DateTimeFormat;
    try {
      // A browser whose tz data predates Asia/Qostanay (2018), or whose first Intl.DateTimeFormat is slow: never asked.
      Intl.DateTimeFormat = function () {
        throw new RangeError('asked');
      } as unknown as typeof Intl.DateTimeFormat;
      for (const zone of ['Asia/Almaty', 'Asia/Qostanay', 'Asia/Aqtobe', 'UTC']) ok(TimeZone, zone);
      bad(TimeZone, 'Europe/Berlin');
    } finally {
      Intl.DateTimeFormat = real;
    }
    ok(TimeZone, 'Europe/Berlin');
    for (const zone of ['Mars/Olympus_Mons', 'EST', '', 'asia almaty']) bad(TimeZone, zone);
  });
});

describe('instants', () => {
  it("take what zod's iso.datetime({ offset: true }) took, and nothing else: our pattern and the calendar replace it", () => {
    const builtIn = z.iso.datetime({ offset: true });
    let compared = 0;
    for (const year of ['2026', '2024', '2000', '1900', '0000', '9999'])
      for (const month of ['00', '01', '02', '04', '09', '11', '12', '13'])
        for (const day of ['00', '01', '28', '29', '30', '31', '32'])
          for (const time of ['T00:00:00', 'T23:59:59', 'T24:00:00', 'T12:60:00', 'T12:00:60', 'T12:00', 'T12:00:00.5', 'T12:00:00.123456789', 'T12:00:00.', 'T1:00:00', ' 12:00:00', 't12:00:00'])
            for (const offset of ['Z', 'z', '+05:00', '-23:59', '+24:00', '+05:60', '+0500', '+05', '']) {
              const value = `${year}-${month}-${day}${time}${offset}`;
              assert.equal(Instant.safeParse(value).success, builtIn.safeParse(value).success, value);
              compared++;
            }
    for (const value of ['', 'x', '2026-04-18T00:00:00+05:00\n', ' 2026-04-18T00:00:00Z', '２０２６-04-18T00:00:00Z']) assert.equal(Instant.safeParse(value).success, false, value);
    assert.ok(compared > 30_000);
    assert.deepEqual(Instant.safeParse('2026-02-29T00:00:00+05:00').error?.issues.map((i) => i.message), ['instant.invalid']);
    assert.deepEqual(Instant.safeParse('18.04.2026').error?.issues.map((i) => i.message), ['instant.invalid']);
  });
});

describe('city and cycle', () => {
  it('accepts the demo cities and cycles', () => {
    ok(City, aksuCity);
    ok(City, rudnyCity);
    ok(Cycle, aksuCycle(NOW));
    ok(Cycle, rudnyCycle(NOW));
    ok(CityConfig, demoConfig('aksu', NOW));
  });

  it('rejects unknown keys, bad slugs, zones and origins', () => {
    bad(City, { ...aksuCity, extra: 1 });
    bad(City, { ...aksuCity, slug: 'Aksu City' });
    bad(City, { ...aksuCity, timeZone: 'Mars/Olympus' });
    bad(City, { ...aksuCity, allowedOrigins: ['javascript:alert(1)'] });
    bad(City, { ...aksuCity, currency: 'USD' });
    bad(City, { ...aksuCity, categories: [] });
  });

  it('rejects a phase that ends before it starts and negative budgets', () => {
    const cycle = aksuCycle(NOW);
    bad(Cycle, { ...cycle, phases: { ...cycle.phases, voting: { start: cycle.phases.voting.end, end: cycle.phases.voting.start } } });
    bad(Cycle, { ...cycle, pools: [{ ...cycle.pools[0], budget: -1 }] });
    bad(Cycle, { ...cycle, pools: [{ ...cycle.pools[0], budget: 1.5 }] });
    bad(Cycle, { ...cycle, phases: { ...cycle.phases, voting: { start: '2026-01-01', end: '2026-02-01' } } });
  });

  it('knows every ballot rule and refuses unknown ones', () => {
    ok(BallotRule, { kind: 'single' });
    ok(BallotRule, { kind: 'approval', min: 1, max: 3 });
    ok(BallotRule, { kind: 'knapsack', minShare: 0.7 });
    ok(BallotRule, { kind: 'knapsack', limit: 1_000_000 });
    ok(BallotRule, { kind: 'cumulative', points: 10, maxPerProject: 5 });
    ok(BallotRule, { kind: 'ranked', maxRanks: 5 });
    bad(BallotRule, { kind: 'quadratic' });
    bad(BallotRule, { kind: 'knapsack', minShare: 1.5 });
    bad(BallotRule, { kind: 'single', max: 2 });
    bad(BallotRule, { kind: 'cumulative', points: 0, maxPerProject: 1 });
  });
});

describe('proposals', () => {
  it('accepts every demo proposal', () => {
    for (const p of aksuProposals(NOW)) ok(Proposal, p);
  });

  it('normalises a Kazakh phone number and requires consent and a photo', () => {
    const parsed = ProposalInput.parse(proposalInput);
    assert.equal(parsed.phone, '+77011234567');
    bad(ProposalInput, { ...proposalInput, consent: false });
    bad(ProposalInput, { ...proposalInput, photos: [] });
    bad(ProposalInput, { ...proposalInput, photos: ['a', 'b', 'c', 'd', 'e', 'f'] });
    bad(ProposalInput, { ...proposalInput, phone: '12345' });
    bad(ProposalInput, { ...proposalInput, estimatedCost: 0 });
    bad(ProposalInput, { ...proposalInput, estimatedCost: '1000' });
    bad(ProposalInput, { ...proposalInput, title: 'abc' });
    bad(ProposalInput, { ...proposalInput, __proto__: { admin: true }, role: 'admin' });
  });

  it('gives field issues stable message codes', () => {
    const r = ProposalInput.safeParse({ ...proposalInput, title: '', phone: 'x', consent: false });
    assert.equal(r.success, false);
    const byField = Object.fromEntries(r.error!.issues.map((i) => [String(i.path[0]), i.message]));
    assert.equal(byField.title, 'text.required');
    assert.equal(byField.phone, 'phone.invalid');
    assert.equal(byField.consent, 'consent.required');
  });

  it('an author’s edit has the submission’s fields and rules, without the phone and consent', () => {
    const { phone: _phone, consent: _consent, ...edit } = proposalInput;
    ok(ProposalEditInput, edit);
    bad(ProposalEditInput, proposalInput);
    bad(ProposalEditInput, { ...edit, notify: { sms: true, locale: 'kk' } });
    bad(ProposalEditInput, { ...edit, photos: [] });
    bad(ProposalEditInput, { ...edit, estimatedCost: 0 });
    const p = aksuProposals(NOW)[0]!;
    const content = ProposalContent.parse(Object.fromEntries(Object.entries(p).filter(([k]) => ['title', 'description', 'category', 'district', 'address', 'point', 'estimatedCost', 'photos', 'authorName'].includes(k))));
    assert.equal(content.title, p.title);
    bad(ProposalContent, { ...content, status: 'winner' });
  });

  it('validates queries and photos', () => {
    ok(ProposalQuery, { status: ['on_ballot', 'winner'], sort: 'cost_desc', limit: 20 });
    bad(ProposalQuery, { sort: 'title; DROP TABLE proposals' });
    bad(ProposalQuery, { limit: 1000 });
    bad(ProposalQuery, { status: ['hacked'] });
    ok(Photo, { id: 'ph1', url: '/api/v1/photos/ph1', width: 1600, height: 1200 });
    bad(Photo, { id: 'ph1', url: 'javascript:alert(1)', width: 1, height: 1 });
    bad(Photo, { id: 'ph1', url: '/x" onerror="alert(1)', width: 1, height: 1 });
  });
});

describe('ballots, verification, receipts, results, errors', () => {
  it('ballot input', () => {
    ok(BallotInput, { cycleId: 'aksu-2026', choices: [{ poolId: 'city', picks: [{ projectId: 'aksu-1' }] }] });
    ok(BallotInput, { cycleId: 'c', choices: [{ poolId: 'city', picks: [{ projectId: 'a', points: 3 }] }] });
    bad(BallotInput, { cycleId: 'c', choices: [] });
    bad(BallotInput, { cycleId: 'c', choices: [{ poolId: 'city', picks: [{ projectId: 'a', points: 0 }] }] });
    bad(BallotInput, { cycleId: 'c', choices: [{ poolId: 'city', picks: [{ projectId: 'a' }] }], iin: '791028302728' });
  });

  it('verification and session shapes', () => {
    ok(VerificationStart, { cycleId: 'c', iin: '791028302728', phone: '+77011234567' });
    bad(VerificationStart, { cycleId: 'c', iin: '79102830272', phone: '+77011234567' });
    ok(VerificationConfirm, { code: '123456', location: { lat: 52.95, lng: 63.1 } });
    bad(VerificationConfirm, { code: '12ab56' });
    ok(Challenge, { challengeId: 'ch1', expiresAt: '2026-05-01T06:05:00Z', resendAt: '2026-05-01T06:01:00Z', codeLength: 6, attemptsLeft: 5, phoneHint: '4567' });
    ok(VoterSession, { token: 'x'.repeat(32), expiresAt: '2026-05-01T06:30:00Z', cycleId: 'c', receipt: null });
  });

  it('receipts use an unambiguous alphabet', () => {
    const receipt = { receiptCode: 'K7QM-2HXP-9TRW-4DNB', cycleId: 'c', castAt: '2026-05-01T11:00:00+05:00', changeableUntil: null };
    ok(Receipt, receipt);
    bad(Receipt, { ...receipt, receiptCode: 'K7QM-2HXP-9TRW-4DNO' });
    ok(ReceiptStatus, { receiptCode: 'K7QM-2HXP-9TRW-4DNB', cycleId: 'c', castAt: '2026-05-01T11:00:00+05:00', status: 'counted', channel: 'online' });
  });

  it('results with an explanation of every kind', () => {
    const explanations = [
      { kind: 'funded', round: 1, stage: 'main', supporters: 10, averagePayment: 1000, remainingAfter: 5 },
      { kind: 'did_not_fit', remaining: 2_300_000 },
      { kind: 'supporters_ran_out', supporters: 3, supportersMoney: 1200 },
      { kind: 'no_support' },
      { kind: 'over_budget', budget: 100 },
      { kind: 'rule_stopped', remaining: 10 },
    ];
    for (const e of explanations) ok(Explanation, e);
    bad(Explanation, { kind: 'funded', round: 0, stage: 'main', supporters: 1, remainingAfter: 0 });
    ok(Results, {
      cycleId: 'c',
      mode: 'final',
      computedAt: '2026-05-01T11:00:00+05:00',
      turnout: { online: 10, paper: 2, total: 12 },
      pools: [
        {
          poolId: 'city',
          name: { kk: 'Қала', ru: 'Город', en: 'City' },
          budget: 100,
          spent: 50,
          rule: 'mes-add1',
          tieBreak: 'lexico',
          ballots: 12,
          projects: [{ projectId: 'p1', title: 'Парк', cost: 50, votes: 7, funded: true, explanation: explanations[0] }],
        },
      ],
    });
  });

  it('errors come from a closed list of codes', () => {
    ok(ApiError, { code: 'validation_failed', message: 'x', details: { issues: [{ path: ['title'], message: 'text.required' }] } });
    bad(ApiError, { code: 'teapot', message: 'x' });
    bad(ApiError, { message: 'x' });
  });
});
