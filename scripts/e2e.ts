/**
 * End-to-end tests: build the bundle, then run test/e2e/*.test.ts against the real
 * server and dist/qala.js (playwright-core driving the system Chromium; engines.test.ts
 * also Firefox and WebKit).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';

// `npm run test:e2e -- engines cycle` (or a file's path) runs only the files whose names contain one of the words.
const only = process.argv.slice(2).map((word) => basename(word));
const files = readdirSync('test/e2e')
  .filter((f) => f.endsWith('.test.ts') && (only.length === 0 || only.some((word) => f.includes(word))))
  .map((f) => `test/e2e/${f}`);
if (files.length === 0) {
  console.log('e2e: no end-to-end tests yet');
  process.exit(0);
}
execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { stdio: 'inherit' });
// The README's widget reference must be the one generated from custom-elements.json.
execFileSync(process.execPath, ['--import', 'tsx', 'scripts/docs.ts', '--check'], { stdio: 'inherit' });
execFileSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], { stdio: 'inherit' });
