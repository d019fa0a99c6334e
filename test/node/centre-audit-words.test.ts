/**
 * The project centre's log says every action the server audits in words, in
 * kk, ru and en: the actions are found by scanning the server's sources for
 * audit calls, so a new action without words fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { KNOWN_ACTIONS } from '../../src/centre/audit-section.js';
import { centreEn as en } from '../../src/centre/messages/en.js';
import { centreKk as kk } from '../../src/centre/messages/kk.js';
import { centreRu as ru } from '../../src/centre/messages/ru.js';

const sources = ['src/server/services', 'src/server/routes', 'src/server']
  .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => `${dir}/${f}`))
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');

/** Action names as the services write them: `audit(actor, slug, 'x.y', …)`, `change(actor, slug, id, 'x.y', …)`, `action: 'x.y'`. */
const audited = new Set(
  [...sources.matchAll(/(?:audit|change)\([^'`]*?'([a-z_]+\.[a-z_]+)'|action: '([a-z_]+\.[a-z_]+)'/g)].map((m) => (m[1] ?? m[2])!),
);

test('every audited action has words in the centre’s log, in kk, ru and en', () => {
  assert.ok(audited.size >= 20, `the scan found ${audited.size} actions: ${[...audited].join(', ')}`);
  const missing = [...audited].filter((a) => !KNOWN_ACTIONS.has(a));
  assert.deepEqual(missing, [], 'actions the log would show by their raw name');
  for (const [lang, catalogue] of Object.entries({ kk, ru, en }) as [string, Record<string, unknown>][])
    for (const a of KNOWN_ACTIONS) assert.ok(typeof catalogue[`audit.${a}`] === 'string' && catalogue[`audit.${a}`], `${lang}: audit.${a}`);
});
