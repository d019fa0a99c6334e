import { setupWorker, type SetupWorker } from 'msw/browser';
import type { HttpHandler } from 'msw';
import { createMockApi, type MockOptions, type MockState } from '../../../src/mock/handlers.js';

let worker: SetupWorker | undefined;

/**
 * Starts msw once per test file and (re)installs a fresh in-memory backend.
 * Call in `beforeEach`; tests can `worker.use(...)` extra handlers for one case.
 */
export async function mockApi(
  options: MockOptions = {},
): Promise<{ state: MockState; worker: SetupWorker; use: (...h: HttpHandler[]) => void; /** The mock's own handlers, for an override that lets the mock answer and then drops the answer. */ handlers: HttpHandler[] }> {
  const { handlers, state } = createMockApi(options);
  if (!worker) {
    worker = setupWorker(...handlers);
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
  } else {
    worker.resetHandlers(...handlers);
  }
  const w = worker;
  return { state, worker: w, use: (...h) => w.use(...h), handlers };
}
