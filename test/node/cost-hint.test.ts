/**
 * The hint under the proposal form's cost field names the cap that applies:
 * "for this category" only when the category's cap is the smaller one; a
 * smaller pool cap (or a pool's whole budget) is named as the pool's.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locale } from '../../src/contract/index.js';
import { aksuCity, aksuCycle, rudnyCity, rudnyCycle } from '../../src/mock/fixtures.js';
import { formatMoney } from '../../src/domain/money.js';
import { costHint, type CostHintTexts } from '../../src/widgets/proposal-form/cost-hint.js';
import * as enModule from '../../src/widgets/proposal-form/messages/en.js';
import * as kkModule from '../../src/widgets/proposal-form/messages/kk.js';
import * as ruModule from '../../src/widgets/proposal-form/messages/ru.js';

const catalogues = { en: enModule.default, kk: kkModule.default, ru: ruModule.default } as Record<Locale, Record<string, unknown>>;

function texts(locale: Locale): CostHintTexts {
  return {
    locale,
    money: (n: number) => formatMoney(n, locale),
    t: ((key: string, params?: unknown) => {
      const m = catalogues[locale][key];
      return typeof m === 'function' ? (m as (p: unknown) => string)(params) : String(m);
    }) as CostHintTexts['t'],
  };
}

const NOW = Date.parse('2026-05-01T06:00:00Z');
const aksu = { city: aksuCity, cycle: aksuCycle(NOW, 'submission') };
const rudny = { city: rudnyCity, cycle: rudnyCycle(NOW, 'submission') };
const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

test('the category’s own cap, when it is the smaller: "in this category"', () => {
  // Aksu: culture 6 000 000 against the city pool's 9 000 000.
  assert.equal(nbsp(costHint(texts('en'), aksu, { category: 'culture', district: '' })), 'At most 6 000 000 ₸ in this category.');
  assert.match(nbsp(costHint(texts('ru'), aksu, { category: 'culture', district: '' })), /6 000 000 ₸ для этой категории/);
});

test('a pool cap smaller than the category’s is named as the pool’s, in kk, ru and en', () => {
  const scope = { city: { ...aksuCity, categories: aksuCity.categories.map((c) => ({ ...c, costCap: 12_000_000 })) }, cycle: aksu.cycle };
  const en = nbsp(costHint(texts('en'), scope, { category: 'yards', district: '' }));
  assert.equal(en, 'At most 9 000 000 ₸: the limit for one project in the “Whole city” budget.');
  assert.doesNotMatch(en, /category/);
  assert.equal(nbsp(costHint(texts('ru'), scope, { category: 'yards', district: '' })), 'Не больше 9 000 000 ₸: предел для одного проекта в бюджете «Весь город».');
  assert.match(nbsp(costHint(texts('kk'), scope, { category: 'yards', district: '' })), /9 000 000 ₸.*«Бүкіл қала» бюджетіндегі/);
});

test('a pool with no cap of its own caps a project at its whole budget', () => {
  const events = rudny.cycle.pools.find((p) => p.scope.kind === 'category' && p.scope.categories.includes('events'))!;
  const scope = { city: rudnyCity, cycle: { ...rudny.cycle, pools: rudny.cycle.pools.map((p) => (p === events ? { ...p, costCap: undefined, budget: 3_000_000 } : p)) } };
  assert.equal(nbsp(costHint(texts('en'), scope, { category: 'events', district: '' })), `At most 3 000 000 ₸: the whole “${events.name.en}” budget.`);
});

test('no category yet, and nothing capping', () => {
  assert.equal(costHint(texts('en'), aksu, { category: '', district: '' }), 'Choose a category first — each has its own limit.');
  const free = { city: { ...aksuCity, categories: aksuCity.categories.map(({ costCap: _, ...c }) => c) }, cycle: { ...aksu.cycle, pools: [] } };
  assert.equal(costHint(texts('en'), free, { category: 'yards', district: '' }), 'Whole tenge.');
});
