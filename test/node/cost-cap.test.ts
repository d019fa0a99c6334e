import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { getResponse } from 'msw';
import { CityConfig, type Cycle } from '../../src/contract/index.js';
import { COST_OVER_CAP, costCap, costOverCap } from '../../src/domain/cost-cap.js';
import { createMockApi } from '../../src/mock/handlers.js';
import { demoPng } from '../../src/server/seed.js';
import { AT, call, newKey, testServer } from '../../src/server/testing.js';
import { validateField, type FormValues } from '../../src/widgets/proposal-form/validate.js';

const city = { categories: [{ id: 'yards', costCap: 9_000_000 }, { id: 'free' }] } as unknown as CityConfig['city'];
const pools = (list: unknown[]) => ({ pools: list }) as unknown as Cycle;

describe('the cost cap (src/domain/cost-cap.ts)', () => {
  test('is the smaller of the category cap and the cap of every pool the proposal counts in', () => {
    assert.equal(costCap(city, pools([{ budget: 1e8, scope: { kind: 'city' }, costCap: 7_000_000 }]), 'yards'), 7_000_000);
    assert.equal(costCap(city, pools([{ budget: 1e8, scope: { kind: 'city' }, costCap: 12_000_000 }]), 'yards'), 9_000_000);
    // A pool without its own cap caps by its budget; a pool of other categories or districts does not apply.
    assert.equal(costCap(city, pools([{ budget: 5_000_000, scope: { kind: 'category', categories: ['free'] } }]), 'free'), 5_000_000);
    assert.equal(costCap(city, pools([{ budget: 5_000_000, scope: { kind: 'category', categories: ['other'] } }]), 'free'), undefined);
    const byDistrict = pools([{ budget: 1e8, scope: { kind: 'district', districts: ['north'] }, costCap: 3_000_000 }]);
    assert.equal(costCap(city, byDistrict, 'yards', 'north'), 3_000_000);
    assert.equal(costCap(city, byDistrict, 'yards', 'south'), 9_000_000);
    assert.equal(costCap(city, byDistrict, 'yards'), 9_000_000);
  });

  test('one message code with the amount', () => {
    assert.equal(costOverCap(7_000_000, 7_000_000), null);
    assert.equal(costOverCap(1, undefined), null);
    assert.deepEqual(costOverCap(7_000_001, 7_000_000), { path: ['estimatedCost'], message: COST_OVER_CAP, params: { cap: 7_000_000 } });
  });
});

/** The proposal both backends get, over the cap their own config states. */
function overCapProposal(config: CityConfig, photo: string) {
  const category = config.city.categories[0]!.id;
  const district = config.city.districts[0]?.id;
  const cap = costCap(config.city, config.cycle, category, district)!;
  assert.ok(cap !== undefined);
  const body = {
    title: 'Скамейки и урны в сквере у школы №3',
    description: 'В сквере нет ни одной скамейки, пожилым людям негде присесть. Предлагаем десять скамеек и урны.',
    category,
    ...(district ? { district } : {}),
    address: 'ул. Ленина, сквер у школы №3',
    estimatedCost: cap + 1,
    photos: [photo],
    authorName: 'Айгүл Н.',
    phone: '8 701 555 12 34',
    consent: true,
  };
  const values: FormValues = { ...body, district: district ?? '', photoIds: body.photos };
  return { body, cap, formError: validateField('estimatedCost', values, config) };
}

describe('server, mock and form refuse a cost over the cap alike', () => {
  const server = testServer({ now: AT.aksu.submission });
  after(() => server.close());

  test('the server: 422 over_cap, cost.over_cap with the cap; the form says the same before sending', async () => {
    const config = CityConfig.parse((await call(server.app, 'GET', '/cities/aksu')).body);
    const upload = await call(server.app, 'POST', '/cities/aksu/photos?name=a.png', { raw: demoPng(40, 30, [10, 120, 200]) as Uint8Array<ArrayBuffer>, contentType: 'image/png' });
    assert.equal(upload.status, 201, upload.text);
    const { body, cap, formError } = overCapProposal(config, upload.body.id);
    const r = await call(server.app, 'POST', '/cities/aksu/proposals', { body, key: newKey() });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.code, 'over_cap');
    assert.deepEqual(r.body.details.issues, [{ path: ['estimatedCost'], message: COST_OVER_CAP, params: { cap } }]);
    assert.deepEqual(formError, { code: COST_OVER_CAP, params: { cap } });
  });

  test('the mock: the same answer, with a pool cap below the category cap', async () => {
    const { handlers, state } = createMockApi({ phase: 'submission', base: 'http://localhost/api/v1' });
    const config = state.configs.get('aksu')!;
    config.cycle.pools[0]!.costCap = 7_000_000;
    const { body, cap, formError } = overCapProposal(config, 'photo-1');
    assert.equal(cap, 7_000_000);
    const request = new Request('http://localhost/api/v1/cities/aksu/proposals', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
      body: JSON.stringify(body),
    });
    const response = (await getResponse(handlers, request))!;
    const answer = (await response.json()) as { code: string; details: { issues: unknown[] } };
    assert.equal(response.status, 422, JSON.stringify(answer));
    assert.equal(answer.code, 'over_cap');
    assert.deepEqual(answer.details.issues, [{ path: ['estimatedCost'], message: COST_OVER_CAP, params: { cap } }]);
    assert.deepEqual(formError, { code: COST_OVER_CAP, params: { cap } });
  });
});
