import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COST_OVER_CAP } from '../../src/domain/cost-cap.js';
import en from '../../src/widgets/proposal-form/messages/en.js';
import kk from '../../src/widgets/proposal-form/messages/kk.js';
import ru from '../../src/widgets/proposal-form/messages/ru.js';
import mineEn from '../../src/widgets/proposal-form/messages/mine/en.js';
import mineKk from '../../src/widgets/proposal-form/messages/mine/kk.js';
import mineRu from '../../src/widgets/proposal-form/messages/mine/ru.js';
import submitEn from '../../src/widgets/proposal-form/messages/submit/en.js';
import submitKk from '../../src/widgets/proposal-form/messages/submit/kk.js';
import submitRu from '../../src/widgets/proposal-form/messages/submit/ru.js';
import {
  describedBy,
  issueOf,
  issueWords,
  parseAmount,
  photoName,
  photoProblemIssue,
  photoStatusIssue,
  pointParams,
  problemOf,
  proposalLink,
  type EditIssue,
  type PhotoProblem,
  type PhotoStatus,
  type Words,
} from '../../src/widgets/proposal-form/texts.js';
import { refusalErrors } from '../../src/widgets/proposal-form/texts.js';

test('parseAmount reads a typed amount with any space the formatter or the resident put in, and the English grouping', () => {
  assert.equal(parseAmount('1 200 000'), 1_200_000);
  assert.equal(parseAmount('1\u00a0200\u202f000'), 1_200_000);
  assert.equal(parseAmount(' 950000 '), 950_000);
  // As the English texts group it (the edit form is filled that way): it was refused, so an author editing in
  // English was told to check a cost they had not touched.
  assert.equal(parseAmount('1,500,000'), 1_500_000);
  assert.equal(parseAmount('950,000'), 950_000);
  for (const bad of ['', '1,5', '1,50,000', '1,500,00', ',500', '-100', '12e5', '1.200.000', '99999999999999']) assert.ok(Number.isNaN(parseAmount(bad)), bad);
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
  // My proposals' words for an error code come before the common ones.
  const mine = (k: string) => ['mine.error.conflict', 'error.conflict', 'error.generic'].includes(k);
  assert.deepEqual(issueOf({ code: 'conflict', issues: [] }, mine), { code: 'mine.error.conflict' });
});

test("My proposals' words for the author's sign-in errors, in kk, ru and en, win over the common ones", () => {
  for (const [lang, catalogue] of Object.entries(mineCatalogues)) {
    const words = wordsOf(catalogue);
    for (const code of ['code_invalid', 'code_expired', 'code_locked', 'too_many_codes', 'unauthorized', 'conflict']) {
      const issue = issueOf({ code, issues: [] }, words.has);
      assert.equal(issue.code, `mine.error.${code}`, `${lang}: ${code}`);
      assert.ok(issueWords(words, issue).trim(), `${lang}: ${code} has words`);
    }
    // A wrong code says how many attempts are left.
    assert.match(issueWords(words, issueOf({ code: 'code_invalid', issues: [{ path: ['code'], message: 'code.invalid', params: { attemptsLeft: 3 } }] }, words.has)), /3/, lang);
  }
});

/** The form's catalogue of one language, as the element hands it to the helpers (money written as the test can see). */
function wordsOf(catalogue: Record<string, unknown>): Words {
  return {
    has: (key) => key in catalogue,
    t: (key, params) => {
      const m = catalogue[key];
      return typeof m === 'function' ? (m as (p: unknown) => string)(params) : String(m ?? '');
    },
    money: (amount) => `${amount} ₸`,
  };
}
/** The first catalogue and the submitting parts' (photos, refusals), as the photos part has them. */
const catalogues = { kk: { ...kk, ...submitKk }, ru: { ...ru, ...submitRu }, en: { ...en, ...submitEn } } as unknown as Record<string, Record<string, unknown>>;
/** And with "My proposals'" too, as it has them once it came. */
const mineCatalogues = { kk: { ...kk, ...submitKk, ...mineKk }, ru: { ...ru, ...submitRu, ...mineRu }, en: { ...en, ...submitEn, ...mineEn } } as unknown as Record<string, Record<string, unknown>>;

test('issueWords says a known key with its parameters, the cap as money, and "check this field" for a key without words', () => {
  const words = wordsOf(catalogues.en!);
  assert.equal(issueWords(words, { code: COST_OVER_CAP, params: { cap: 7_000_000 } }), 'At most 7000000 ₸ for one proposal.');
  assert.equal(issueWords(words, { code: 'no.such.key' }), 'Check this field.');
  assert.equal(issueWords(words, { code: 'no.such.key' }, 'error.generic'), words.t('error.generic'));
  // Only the cost cap is money: another number named cap stays a number.
  const echo: Words = { has: () => true, t: (_k, p) => JSON.stringify(p), money: () => 'money' };
  assert.equal(issueWords(echo, { code: 'other', params: { cap: 5 } }), '{"cap":5}');
});

test('every photo problem and status has words in kk, ru and en, with the limits and the percentage in them', () => {
  const problems: PhotoProblem[] = ['type', 'size', 'decode', 'tooMany'];
  const statuses: PhotoStatus[] = ['processing', 'ready', 'uploading', 'uploaded', 'error'];
  const issues: EditIssue[] = [...problems.map((p) => photoProblemIssue(p, 25, 5)), ...statuses.map((s) => photoStatusIssue(s, 0.426))];
  assert.equal(new Set(issues.map((i) => i.code)).size, issues.length, 'each problem and status has words of its own');
  for (const [lang, catalogue] of Object.entries(catalogues)) {
    const words = wordsOf(catalogue);
    for (const issue of issues) assert.ok(words.has(issue.code), `${lang}: ${issue.code}`);
    assert.match(issueWords(words, photoProblemIssue('size', 25, 5)), /25/, lang);
    assert.match(issueWords(words, photoProblemIssue('tooMany', 25, 5)), /5/, lang);
    assert.match(issueWords(words, photoStatusIssue('uploading', 0.426)), /43/, lang);
  }
});

test('pointParams keeps five decimals (about a metre)', () => {
  assert.deepEqual(pointParams({ lat: 52.04123456, lng: 76.9 }), { lat: '52.04123', lng: '76.90000' });
});

test('proposalLink fills in the id, encoded, and refuses links that are not web, path, fragment or query links', () => {
  assert.equal(proposalLink('/proposals#qala:proposal={id}', 'p-1'), '/proposals#qala:proposal=p-1');
  assert.equal(proposalLink('https://pb.example.kz/p/{id}?from={id}', 'a b/c'), 'https://pb.example.kz/p/a%20b%2Fc?from=a%20b%2Fc');
  assert.equal(proposalLink('#{id}', 'x'), '#x');
  assert.equal(proposalLink('', 'x'), null);
  for (const bad of ['javascript:alert({id})', 'JavaScript:void(0)', 'data:text/html,{id}', 'proposals/{id}']) assert.equal(proposalLink(bad, 'x'), null, bad);
});

test('describedBy names the hint and the error only when they are shown', () => {
  assert.equal(describedBy('f-title', true, false), 'f-title-hint');
  assert.equal(describedBy('f-title', true, true), 'f-title-hint f-title-error');
  assert.equal(describedBy('f-category', false, true), 'f-category-error');
  assert.equal(describedBy('f-category', false, false), '');
});

test('refusalErrors puts a refusal on its fields: the cost cap, a refused photo in the words of its issue, a closed phase on none', () => {
  const has = (k: string) => ['photo.empty', 'text.too_long'].includes(k);
  // Issues on fields; one on no field is left for the form's own message.
  assert.deepEqual(refusalErrors({ code: 'validation', issues: [{ path: ['title'], message: 'text.too_long', params: { max: 120 } }, { path: [], message: 'x' }] }, undefined, false, has), {
    title: { code: 'text.too_long', params: { max: 120 } },
  });
  assert.deepEqual(refusalErrors({ code: 'validation', issues: [{ path: [], message: 'x' }] }, undefined, false, has), {});
  // over_cap without an issue on the cost: the cap the form knows, else the error's words.
  assert.deepEqual(refusalErrors({ code: 'over_cap', issues: [] }, 7_000_000, false, has), { estimatedCost: { code: COST_OVER_CAP, params: { cap: 7_000_000 } } });
  assert.deepEqual(refusalErrors({ code: 'over_cap', issues: [] }, undefined, false, has), { estimatedCost: { code: 'error.over_cap' } });
  assert.deepEqual(refusalErrors({ code: 'over_cap', issues: [{ path: ['estimatedCost'], message: COST_OVER_CAP, params: { cap: 5 } }] }, 7_000_000, false, has), {
    estimatedCost: { code: COST_OVER_CAP, params: { cap: 5 } },
  });
  // A refused photo: its body's issue when it has words, else the error code's.
  assert.deepEqual(refusalErrors({ code: 'validation_failed', issues: [{ path: ['body'], message: 'photo.empty' }] }, undefined, true, has), { photos: { code: 'photo.empty' } });
  assert.deepEqual(refusalErrors({ code: 'payload_too_large', issues: [{ path: [], message: 'photo.huge' }] }, undefined, true, has), { photos: { code: 'error.payload_too_large' } });
  // Refused while a photo went up, but not for the photo (the phase closed, a limit): the form's message, not the photo's.
  assert.deepEqual(refusalErrors({ code: 'phase_closed', issues: [] }, undefined, true, has), {});
  assert.deepEqual(refusalErrors({ code: 'rate_limited', issues: [] }, undefined, true, has), {});
});
