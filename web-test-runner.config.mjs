// Browser tests in Chromium, Firefox and WebKit (Debian's chromium, firefox-esr and
// webkit2gtk-driver; see test/browser/support/engines.mjs for how each is driven),
// TypeScript through esbuild, msw's service worker served from the root so it
// controls every test page. WTR_BROWSERS=chromium,firefox picks engines.
import { readFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { failuresReporter, quiet404s } from './test/browser/support/failures-reporter.mjs';
import { chromiumLauncher, engineCommandsPlugin, firefoxLauncher, webkitLauncher } from './test/browser/support/engines.mjs';

const workerFile = fileURLToPath(new URL('./node_modules/msw/lib/mockServiceWorker.js', import.meta.url));
// Test data (pabulib elections with pabutools' outcomes), kept in the repository so a clean clone has it.
const sharedData = fileURLToPath(new URL('./test/fixtures/', import.meta.url));

const launchers = { chromium: chromiumLauncher, firefox: firefoxLauncher, webkit: webkitLauncher };
const engines = (process.env.WTR_BROWSERS ?? 'chromium,firefox,webkit').split(',').map((name) => name.trim());
for (const name of engines) if (!launchers[name]) throw new Error(`WTR_BROWSERS: unknown engine "${name}" (chromium, firefox, webkit)`);

export default {
  files: process.env.WTR_FILES ? process.env.WTR_FILES.split(',') : ['test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  // One test page at a time in one engine at a time: test files share IndexedDB, a
  // background tab gets no animation frames, and the machine has two cores.
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 240_000,
  // Three engines start one after another on a shared two-core machine.
  browserStartTimeout: 120_000,
  testFramework: { config: { timeout: 20_000 } },
  reporters: [quiet404s(defaultReporter()), failuresReporter()],
  browsers: engines.map((name) => launchers[name]()),
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }), engineCommandsPlugin()],
  middleware: [
    async function serveFixtures(context, next) {
      if (context.path === '/mockServiceWorker.js') {
        context.type = 'application/javascript';
        context.set('Service-Worker-Allowed', '/');
        context.body = await readFile(workerFile);
        return;
      }
      // A photo upload whose answer trickles in (a few bytes every 400 ms, 3.6 s in all) or stalls (nothing for 4 s):
      // what the uploader's timeout is measured against (test/browser/client.test.ts).
      if (context.path.startsWith('/test-slow/trickle/') || context.path.startsWith('/test-slow/stall/')) {
        for await (const _chunk of context.req);
        const body = new PassThrough();
        context.status = 201;
        context.type = 'application/json';
        context.body = body;
        const photo = JSON.stringify({ id: 'ph_slow', url: '/photos/ph_slow.jpg', width: 1, height: 1 });
        if (context.path.startsWith('/test-slow/stall/')) setTimeout(() => body.end(photo), 4000);
        else {
          let ticks = 0;
          const timer = setInterval(() => {
            if (++ticks <= 8) return void body.write(' '.repeat(64));
            clearInterval(timer);
            body.end(photo);
          }, 400);
        }
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
