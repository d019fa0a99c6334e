#!/usr/bin/env node
// `npm start`: build the widgets if needed, then serve the demo against the
// reference server on an embedded SQLite file under `.qala/`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const bundle = join(root, 'dist', 'qala.js');
const stale = !existsSync(bundle) || statSync(bundle).mtimeMs < newest(join(root, 'src'));
if (stale) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (!pkg.scripts?.build) {
    process.stderr.write('qala: package.json has no build script yet; serving the demo without a fresh dist/\n');
  } else {
    process.stderr.write('qala: dist/qala.js is missing or older than the sources; running `npm run build`\n');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.stderr.write(`qala: the build failed (exit ${r.status}); serving what exists in dist/\n`);
  }
}

const { register } = await import('tsx/esm/api');
register();
const { startDemo } = await import('../src/cli/serve.ts');
process.exitCode = await startDemo(root);
