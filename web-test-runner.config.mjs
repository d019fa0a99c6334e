// Browser tests: headless Debian Chromium, TypeScript through esbuild, msw's
// service worker served from the root so it controls every test page.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';

const chromium = process.env.CHROME_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
const workerFile = fileURLToPath(new URL('./node_modules/msw/lib/mockServiceWorker.js', import.meta.url));
// Test data (pabulib elections with pabutools' outcomes), kept in the repository so a clean clone has it.
const sharedData = fileURLToPath(new URL('./test/fixtures/', import.meta.url));

export default {
  files: process.env.WTR_FILES ? process.env.WTR_FILES.split(',') : ['test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  // One test page at a time: test files share IndexedDB and a background tab gets no animation frames.
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 240_000,
  testFramework: { config: { timeout: 20_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromium,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-dev-shm-usage',
        ],
      },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
  middleware: [
    async function serveFixtures(context, next) {
      if (context.path === '/mockServiceWorker.js') {
        context.type = 'application/javascript';
        context.set('Service-Worker-Allowed', '/');
        context.body = await readFile(workerFile);
        return;
      }
      if (context.path.startsWith('/shared-data/')) {
        const rel = decodeURIComponent(context.path.slice('/shared-data/'.length));
        if (rel.includes('..')) return next();
        try {
          context.type = 'text/plain; charset=utf-8';
          context.body = await readFile(sharedData + rel);
          return;
        } catch {
          return next();
        }
      }
      return next();
    },
  ],
};
