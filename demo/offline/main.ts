/**
 * The offline demo: msw in the browser stands in for the server, so the
 * widgets can be tried from static files. Starts the worker, then loads qala.js.
 */
import { setupWorker } from 'msw/browser';
import { createMockApi } from '../../src/mock/handlers.js';

const params = new URLSearchParams(location.search);
const phase = (['submission', 'review', 'voting', 'results'] as const).find((p) => p === params.get('phase')) ?? 'voting';
const here = new URL('.', location.href);
// As the demo server: Aksu checks voters against its voter list (the IINs the page names; the code goes to the listed phone).
const { handlers } = createMockApi({ base: new URL('api/v1', here).pathname, phase, latency: 300, identity: 'voter_list' });

await setupWorker(...handlers).start({ serviceWorker: { url: new URL('mockServiceWorker.js', here).pathname }, onUnhandledRequest: 'bypass', quiet: true });

// Winners in the list and the results link to their page in <qala-progress> below: this page, with #project=<id>.
for (const el of document.querySelectorAll('qala-proposal-list, qala-results')) el.setAttribute('progress-page', `${location.pathname}${location.search}`);

const script = document.createElement('script');
script.src = new URL('qala.js', here).href;
script.dataset.api = new URL('api/v1', here).pathname;
script.dataset.city = 'aksu';
document.head.append(script);
