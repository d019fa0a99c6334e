/** What the implementation tests (#11) share: Aksu with last year's cycle, funded projects of it, error answers. */
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/contract/index.js';
import type { ServerConfigFile } from '../../../src/contract/config.js';
import type { ProposalRecord } from '../../../src/server/store/types.js';

/** A 4xx answer with this code (and this issue, when given) and a message for people. */
export function assertError(r: { status: number; body: unknown }, status: number, code: string, issue?: string): void {
  assert.equal(r.status, status, JSON.stringify(r.body));
  const parsed = ApiError.parse(r.body);
  assert.equal(parsed.code, code);
  assert.ok(parsed.message.length > 0, 'a message for people');
  if (issue) assert.ok(JSON.stringify(parsed.details?.issues ?? []).includes(`"${issue}"`), `issue ${issue} in ${JSON.stringify(parsed.details)}`);
}

/** Aksu runs 2026's submission while 2025's winners are built. */
export function withLastYear(file: ServerConfigFile): void {
  const aksu = file.cities.find((c) => c.slug === 'aksu')!;
  const last = structuredClone(aksu.cycles[aksu.cycles.length - 1]!);
  last.id = 'aksu-2025';
  last.title = { kk: 'Туған қала — Ақсу 2025', ru: 'Родной город — Аксу 2025', en: 'Tugan Qala — Aksu 2025' };
  last.phases = {
    submission: { start: '2025-04-18', end: '2025-05-17' },
    review: { start: '2025-05-18', end: '2025-08-31' },
    voting: { start: '2025-09-01', end: '2025-09-30' },
    results: { start: '2025-10-01', end: '2025-12-31' },
    implementation: { start: '2026-01-01', end: '2026-12-31' },
  };
  aksu.cycles.unshift(last);
}

let seq = 0;
/** A winner of Aksu's 2025 cycle as the store keeps it; `prefix` keeps ids apart between files. */
export function fundedProject(prefix: string, over: Partial<ProposalRecord> = {}): ProposalRecord {
  const at = '2025-05-01T00:00:00.000Z';
  seq++;
  return {
    id: `${prefix}-${seq}`,
    city: 'aksu',
    cycleId: 'aksu-2025',
    title: `Детская площадка №${seq}`,
    description: 'Площадка во дворе дома, с покрытием и горкой для детей.',
    category: 'improvement',
    district: 'town',
    address: 'ул. Ленина, 5',
    estimatedCost: 5_000_000,
    finalCost: 4_000_000,
    photos: [],
    authorName: 'Айгүл',
    authorHash: `author-${prefix}-${seq}`,
    status: 'winner',
    poolId: 'city',
    hidden: false,
    published: true,
    history: [
      { status: 'submitted', at },
      { status: 'winner', at: '2025-10-01T00:00:00.000Z' },
    ],
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...over,
  };
}
