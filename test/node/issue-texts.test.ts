import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { getResponse } from 'msw';
import { createMockApi } from '../../src/mock/handlers.js';
import { demoPng } from '../../src/server/seed.js';
import { AT, call, newKey, testServer } from '../../src/server/testing.js';
import ballotEn from '../../src/widgets/ballot/messages/en.js';
import ballotKk from '../../src/widgets/ballot/messages/kk.js';
import ballotRu from '../../src/widgets/ballot/messages/ru.js';
import receiptEn from '../../src/widgets/ballot/messages/receipt/en.js';
import receiptKk from '../../src/widgets/ballot/messages/receipt/kk.js';
import receiptRu from '../../src/widgets/ballot/messages/receipt/ru.js';
import signInEn from '../../src/widgets/ballot/messages/sign-in/en.js';
import signInKk from '../../src/widgets/ballot/messages/sign-in/kk.js';
import signInRu from '../../src/widgets/ballot/messages/sign-in/ru.js';
import voteEn from '../../src/widgets/ballot/messages/vote/en.js';
import voteKk from '../../src/widgets/ballot/messages/vote/kk.js';
import voteRu from '../../src/widgets/ballot/messages/vote/ru.js';
import formEn from '../../src/widgets/proposal-form/messages/en.js';
import formKk from '../../src/widgets/proposal-form/messages/kk.js';
import formRu from '../../src/widgets/proposal-form/messages/ru.js';
import formSubmitEn from '../../src/widgets/proposal-form/messages/submit/en.js';
import formSubmitKk from '../../src/widgets/proposal-form/messages/submit/kk.js';
import formSubmitRu from '../../src/widgets/proposal-form/messages/submit/ru.js';
import resultsEn from '../../src/widgets/results/messages/en.js';
import resultsKk from '../../src/widgets/results/messages/kk.js';
import resultsRu from '../../src/widgets/results/messages/ru.js';

/**
 * Every issue message the server's resident-facing services can send, found by
 * reading their sources (and the domain rules and request schemas they use),
 * must have a text in kk, ru and en in the widget that shows it — or be listed
 * below as one no resident can meet through our widgets, with the reason.
 * A new `message: '…'` in a service, or a template the test cannot expand,
 * fails here until it is given words.
 */
const ROOT = new URL('../../', import.meta.url);
const source = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');

type Widget = 'proposal form' | 'ballot' | 'results';
const CATALOGUES: Record<Widget, Record<'kk' | 'ru' | 'en', Record<string, unknown>>> = {
  // The form's first catalogue and its submitting parts' (a refusal is shown once the sending part and its texts came;
  // "My proposals'" catalogue is not here: a refusal on the form must not need it).
  'proposal form': { kk: { ...formKk, ...formSubmitKk }, ru: { ...formRu, ...formSubmitRu }, en: { ...formEn, ...formSubmitEn } },
  // The ballot's first catalogue and its parts' (the ballot's issues are worded in the voting's, receipt.invalid in the receipt check's).
  ballot: { kk: { ...ballotKk, ...voteKk, ...receiptKk, ...signInKk }, ru: { ...ballotRu, ...voteRu, ...receiptRu, ...signInRu }, en: { ...ballotEn, ...voteEn, ...receiptEn, ...signInEn } },
  results: { kk: resultsKk, ru: resultsRu, en: resultsEn },
};

/** Each resident-facing service, the sources its issues come from, and the widget that shows them. */
const SERVICES: { service: string; widget: Widget; sources: string[] }[] = [
  { service: 'proposals and photos', widget: 'proposal form', sources: ['src/server/services/proposals.ts', 'src/domain/cost-cap.ts', 'src/contract/proposal.ts', 'src/contract/text.ts', 'src/contract/common.ts'] },
  { service: 'verification', widget: 'ballot', sources: ['src/server/services/verification.ts', 'src/server/services/one-time-codes.ts', 'src/domain/residence.ts', 'src/contract/ballot.ts'] },
  { service: 'ballots and receipts', widget: 'ballot', sources: ['src/server/services/ballots.ts', 'src/domain/ballot.ts', 'src/contract/ballot.ts'] },
  { service: 'results', widget: 'results', sources: ['src/server/services/results.ts'] },
];

/** Where a widget words an issue under another key (the ballot's issueText, its IIN and sign-in texts). */
const WORDED_AS: Record<string, string> = {
  'ballot.empty': 'issue.empty',
  'ballot.too_few': 'issue.too_few',
  'ballot.too_many': 'issue.too_many',
  'ballot.under_min_share': 'issue.under_min_share',
  'ballot.over_budget': 'issue.over_budget',
  'ballot.over_points': 'issue.over_points',
  'identity.unavailable': 'identity.unavailableCensus',
  'receipt.invalid': 'receipt.invalid',
  'code.invalid': 'code.wrong',
};

/** Issues no resident meets through our widgets: they check the same schema first, or build the request themselves. */
const NOT_FOR_RESIDENTS: Record<string, string> = {
  'schema.*': 'zod built-ins on a hand-made request; the widgets validate with the same schemas before sending',
  'id.invalid': 'ids come from the config, never typed',
  'slug.invalid': 'the city slug is the page’s attribute',
  'url.invalid': 'photo URLs come from the server',
  'timezone.invalid': 'config only',
  'instant.city_offset': 'a response check, not a request one',
  'instant.invalid': 'no resident request carries an instant: they come from the server and the centre',
  'reference.invalid': 'references come from the server',
  'cursor.invalid': 'the list pages with the cursor the server gave',
  'query.repeated': 'the list builds its query once per parameter',
  'sort.votes_hidden': 'the list offers sorting by votes only where counts are visible',
  'idempotency_key.invalid': 'the client makes the key',
  'money.too_large': 'the form caps the cost far below (cost.over_cap)',
  'money.negative': 'the cost input has min=0 and the form checks it',
  'photos.unknown': 'the form sends only ids the upload returned',
  'notify.disabled': 'the form offers SMS notices only where the city sends them',
  'ballot.pool_unknown': 'pools come from the config',
  'ballot.pool_twice': 'the widget sends each pool once',
  'ballot.pool_other_district': 'the widget shows a listed voter only their district’s pools; the refusal (a row corrected since) is worded by its code, error.district_mismatch',
  'ballot.project_unknown': 'projects come from the server’s list',
  'ballot.project_twice': 'the widget picks a project once',
  'ballot.points_required': 'the widget sends points with every cumulative pick',
  'ballot.points_over_max': 'the stepper stops at the maximum',
  'ballot.points_not_allowed': 'the widget sends points only on a cumulative ballot',
  'code.format': 'the code field takes digits of the challenge’s length',
  'identity.no_sign_in': 'the widget offers sign-in only where the city uses it',
  'identity.sign_in_pending': 'the widget confirms only after the provider answered',
  'url.not_allowed': 'returnTo is the page itself',
  'identity.pending': 'a sign-in still pending is not an outcome the page is sent back with',
  'identity.done': 'a finished sign-in is a success, not an issue',
};

/** The values a template like `iin.${check.problem}` can take, read from where they are made. */
const EXPANSIONS: Record<string, () => string[]> = {
  iin: () => [...source('src/domain/iin.ts').matchAll(/problem: '(\w+)'/g)].map((m) => m[1]!),
  identity: () => [
    ...new Set([...source('src/server/services/verification.ts').matchAll(/(?:outcome(?: =|:)|report\()\s*'(\w+)'/g)].map((m) => m[1]!)),
    'oidc_denied',
    'oidc_invalid',
    'oidc_claim_missing',
    'oidc_unavailable',
    'not_eligible',
  ],
};

function issueCodes(path: string): { codes: string[]; unexpanded: string[] } {
  const text = source(path);
  const codes = new Set<string>();
  const unexpanded: string[] = [];
  const constants = new Map([...text.matchAll(/export const (\w+) = '([a-z_]+\.[a-z_.]+)'/g)].map((m) => [m[1]!, m[2]!]));
  for (const m of text.matchAll(/message: '([a-z_]+\.[a-z_.]+)'/g)) codes.add(m[1]!);
  for (const m of text.matchAll(/\bissue\([^\n]*?'([a-z_]+\.[a-z_]+)'/g)) codes.add(m[1]!);
  // A schema's own messages: `z.regex(…, 'iin.format')`, `{ message: 'x.y' }`, `(…, 'x.y')` in a check.
  if (path.startsWith('src/contract/')) for (const m of text.matchAll(/[,(]\s*'([a-z_]+\.[a-z_]+)'\s*[),]/g)) codes.add(m[1]!);
  for (const m of text.matchAll(/message: ([A-Z_]+)\b/g)) if (constants.has(m[1]!)) codes.add(constants.get(m[1]!)!);
  for (const [name, code] of constants) if (text.includes(`message: ${name}`) || text.includes(`message = ${name}`)) codes.add(code);
  for (const m of text.matchAll(/message: `([a-z_]+)\.\$\{/g)) {
    const expand = EXPANSIONS[m[1]!];
    if (!expand) unexpanded.push(m[0]);
    else for (const v of expand()) codes.add(`${m[1]}.${v}`);
  }
  return { codes: [...codes], unexpanded };
}

function textOf(catalogue: Record<string, unknown>, key: string): string | null {
  const message = catalogue[key];
  if (typeof message === 'string') return message.trim() || null;
  if (typeof message !== 'function') return null;
  const params = new Proxy({}, { get: (_, name) => (typeof name === 'string' ? `{${name}}` : undefined) });
  const text = (message as (p: unknown) => string)(params);
  return typeof text === 'string' && text.trim() ? text : null;
}

describe('every issue message the resident-facing services can send has a text in kk, ru and en', () => {
  for (const { service, widget, sources } of SERVICES) {
    test(`${service} → ${widget}`, () => {
      const found = new Set<string>();
      for (const path of sources) {
        const { codes, unexpanded } = issueCodes(path);
        assert.deepEqual(unexpanded, [], `${path}: a template issue message this test cannot expand; add its values to EXPANSIONS`);
        for (const c of codes) found.add(c);
      }
      const missing: string[] = [];
      for (const code of found) {
        if (code in NOT_FOR_RESIDENTS || (code.startsWith('schema.') && 'schema.*' in NOT_FOR_RESIDENTS)) continue;
        const key = WORDED_AS[code] ?? code;
        for (const [lang, catalogue] of Object.entries(CATALOGUES[widget])) if (!textOf(catalogue, key)) missing.push(`${lang} ${code}${key !== code ? ` (as ${key})` : ''}`);
      }
      assert.deepEqual(missing.sort(), [], `${widget}: issue messages without a text`);
    });
  }

  test('the scan sees what it must (a check of the test itself)', () => {
    const verification = issueCodes('src/server/services/verification.ts').codes;
    for (const code of ['iin.not_listed', 'iin.checksum', 'iin.too_young', 'phone.not_registered', 'identity.oidc_invalid', 'identity.expired', 'cycle.not_current']) assert.ok(verification.includes(code), code);
    assert.ok(issueCodes('src/server/services/one-time-codes.ts').codes.includes('code.invalid'));
    assert.ok(issueCodes('src/domain/cost-cap.ts').codes.includes('cost.over_cap'));
    assert.ok(issueCodes('src/domain/residence.ts').codes.includes('location.outside'));
    assert.ok(issueCodes('src/domain/ballot.ts').codes.includes('ballot.too_few'));
    assert.ok(issueCodes('src/contract/proposal.ts').codes.includes('consent.required'));
  });

  test('the cost cap’s words carry the amount', () => {
    for (const [lang, catalogue] of Object.entries(CATALOGUES['proposal form'])) {
      const text = (catalogue['cost.over_cap'] as (p: { cap: string }) => string)({ cap: '7 000 000 ₸' });
      assert.ok(text.includes('7 000 000 ₸'), `${lang}: ${text}`);
    }
  });
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
