import { expect, fixture, html } from '@open-wc/testing';
import { http } from 'msw';
import '../../src/widgets/ballot/define.js';
import '../../src/widgets/results/define.js';
import type { QalaBallot } from '../../src/widgets/ballot/ballot.js';
import type { QalaResults } from '../../src/widgets/results/results.js';
import { CONFIG_SHARED_MS } from '../../src/ui/config-controller.js';
import { root, text, waitUntil } from './support/dom.js';
import { mockApi } from './support/msw.js';

// A fresh API base per test: widgets given the same `api` and `city` share a backend, and its config, for the page's life.
let run = 0;

/** A mock whose config requests are counted. */
async function counted(phase: 'review' | 'voting') {
  const api = `/api/cfg${++run}`;
  const mock = await mockApi({ phase, base: api });
  const asked = { n: 0 };
  mock.use(
    http.get(`${api}/cities/aksu`, () => {
      asked.n++;
      return undefined;
    }),
  );
  return { ...mock, api, asked };
}

const drawn = (el: HTMLElement) => waitUntil(() => !!root(el).querySelector('[part=heading], h2, #iin') && !root(el).querySelector('[aria-busy=true]'), 'drawn', { timeout: 5000 });

describe('the city’s config, shared by the widgets of a page', () => {
  const realNow = Date.now;
  afterEach(() => {
    Date.now = realNow;
  });

  it('widgets shown at once ask for it once', async () => {
    const { api, asked } = await counted('voting');
    const wrap = await fixture<HTMLElement>(html`<div>
      <qala-results api=${api} city="aksu" lang="ru"></qala-results>
      <qala-ballot api=${api} city="aksu" lang="ru"></qala-ballot>
    </div>`);
    const ballot = wrap.querySelector<QalaBallot>('qala-ballot')!;
    await waitUntil(() => !!root(ballot).querySelector('#iin'), 'the ballot’s first step', { timeout: 5000 });
    await drawn(wrap.querySelector<QalaResults>('qala-results')!);
    expect(asked.n).to.equal(1);
  });

  it('a widget a page adds later asks again, and shows the phase that opened meanwhile with the server’s clock of now', async () => {
    const { api, asked, state } = await counted('review');
    const results = await fixture<QalaResults>(html`<qala-results api=${api} city="aksu" lang="ru"></qala-results>`);
    await drawn(results);
    expect(asked.n).to.equal(1);
    // Voting opens; the resident comes back to the page later and a host app shows the ballot.
    state.setPhase('aksu', 'voting');
    Date.now = () => realNow() + CONFIG_SHARED_MS + 1_000;
    const ballot = await fixture<QalaBallot>(html`<qala-ballot api=${api} city="aksu" lang="ru"></qala-ballot>`);
    await waitUntil(() => !!root(ballot).querySelector('#iin') || text(ballot).includes('Голосование ещё не началось'), 'a step', { timeout: 5000 });
    expect(text(ballot)).not.to.contain('Голосование ещё не началось');
    expect(root(ballot).querySelector('#iin'), 'the ballot’s first step').to.exist;
    expect(asked.n).to.equal(2);
  });
});
