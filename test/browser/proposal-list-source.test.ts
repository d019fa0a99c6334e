import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from './support/dom.js';
import { delay, http, HttpResponse } from 'msw';
import { sendKeys } from './support/commands.js';
import '../../src/widgets/proposal-list/define.js';
import type { QalaProposalList } from '../../src/widgets/proposal-list/proposal-list.js';
import { HttpBackend } from '../../src/client/http-backend.js';
import { mockApi } from './support/msw.js';

let run = 0;
let API = '/api/v1';
async function fresh(options: Parameters<typeof mockApi>[0] = {}) {
  API = `/api/src${++run}`;
  return mockApi({ ...options, base: API });
}

const $ = <T extends Element = HTMLElement>(el: QalaProposalList, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const ids = (el: QalaProposalList) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="card"] [data-id]')].map((b) => b.dataset.id!);
const active = (el: QalaProposalList) => el.shadowRoot!.activeElement as HTMLElement | null;
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

describe('<qala-proposal-list> changing its source', () => {
  it('another city: its skeleton until its own list is there, never the old city’s cards (nor a late answer for them) under its filters', async () => {
    const { state, use } = await fresh({ phase: 'voting' });
    const rudnyTotal = state.proposals.get('rudny')!.length;
    const el = await fixture<QalaProposalList>(html`<qala-proposal-list api=${API} city="aksu" lang="ru"></qala-proposal-list>`);
    await waitUntil(() => $(el, '.cards[aria-busy="false"]'), 'aksu did not load', { timeout: 5000 });
    expect(ids(el).every((id) => id.startsWith('aksu-'))).to.equal(true);

    // A refresh of Aksu is on its way when the page switches to Rudny, whose config and list are slower still.
    use(
      http.get(`${API}/cities/aksu/proposals`, async () => {
        await delay(300);
        return undefined;
      }),
      http.get(`${API}/cities/rudny`, async () => {
        await delay(600);
        return undefined;
      }),
      http.get(`${API}/cities/rudny/proposals`, async () => {
        await delay(300);
        return undefined;
      }),
    );
    el.sort = 'cost_desc';
    await el.updateComplete;
    el.city = 'rudny';

    const wrong: string[] = [];
    let skeleton = false;
    const start = performance.now();
    while (!ids(el).some((id) => id.startsWith('rudny-'))) {
      if (performance.now() - start > 8000) throw new Error('Rudny’s list did not arrive');
      await nextFrame();
      const rudnyFilters = !!$(el, '#flt-category option[value="infra"]');
      // Rudny's own cards may arrive within this frame (the loop ends then): only another city's count as wrong.
      const shown = ids(el);
      if (rudnyFilters && shown.some((id) => !id.startsWith('rudny-'))) wrong.push(shown.join(','));
      if (rudnyFilters && $(el, '[aria-busy="true"] .skeleton')) {
        if (!skeleton) await expect(el).to.be.accessible();
        skeleton = true;
      }
    }
    expect(wrong, 'the old city’s cards were drawn under the new city’s filters').to.deep.equal([]);
    expect(skeleton, 'no loading state under the new city’s heading').to.equal(true);
    // The Aksu answer that comes late is dropped too.
    await delay(400);
    await el.updateComplete;
    expect(ids(el).every((id) => id.startsWith('rudny-'))).to.equal(true);
    expect(ids(el).length).to.equal(rudnyTotal);
    expect($(el, '#count').textContent).to.contain(String(rudnyTotal));
  });

  it('a proposal that fails to load (server error, then no network) offers a retry in its dialog, by keyboard; axe-clean', async () => {
    const { use } = await fresh({ phase: 'voting' });
    let mode: 'internal' | 'offline' | 'ok' = 'internal';
    let asked = 0;
    use(
      http.get(`${API}/cities/aksu/proposals/:id`, () => {
        asked++;
        if (mode === 'internal') return HttpResponse.json({ code: 'internal', message: 'x' }, { status: 500 });
        if (mode === 'offline') return HttpResponse.error();
        return undefined;
      }),
    );
    const backend = new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 });
    // A deep link to a proposal the filtered list does not hold.
    const el = await fixture<QalaProposalList>(html`<qala-proposal-list lang="kk" status="rejected" proposal="aksu-14" .backend=${backend}></qala-proposal-list>`);
    await waitUntil(() => $(el, 'dialog #detail-retry'), 'no retry in the dialog', { timeout: 5000 });
    expect($(el, 'dialog .notice.error').textContent).to.contain('Сервер қатесі');
    expect($(el, '#detail-retry').textContent!.trim()).to.equal('Қайталау');
    await expect(el).to.be.accessible();
    expect(asked).to.equal(1);

    // Still failing: focus comes back to the retry, which names the error.
    mode = 'offline';
    $<HTMLButtonElement>(el, '#detail-retry').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => asked === 2 && active(el)?.id === 'detail-retry', 'focus not back on the retry', { timeout: 5000 });
    expect($(el, '#detail-error').textContent).to.contain('Сервермен байланыс жоқ');
    expect($(el, '#detail-retry').getAttribute('aria-describedby')).to.equal('detail-error');
    await expect(el).to.be.accessible();

    mode = 'ok';
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '#detail-title').textContent!.includes('Видеонаблюдение'), 'the proposal did not load', { timeout: 5000 });
    await waitUntil(() => active(el)?.id === 'detail-title', 'focus not on the proposal’s title');
    expect($<HTMLDialogElement>(el, 'dialog').open).to.equal(true);
    expect(asked).to.equal(3);
  });

  it('another city while a proposal is open: the dialog follows `proposal` there, and a late answer for the old city is dropped', async () => {
    const { state, use } = await fresh({ phase: 'voting' });
    const aksu = state.proposals.get('aksu')![0]!;
    const rudny = state.proposals.get('rudny')![0]!;
    const dialog = (el: QalaProposalList) => $<HTMLDialogElement>(el, 'dialog');
    const title = (el: QalaProposalList) => $(el, '#detail-title')?.textContent?.trim() ?? '';
    const el = await fixture<QalaProposalList>(html`<qala-proposal-list api=${API} city="aksu" lang="ru" proposal=${aksu.id}></qala-proposal-list>`);
    await waitUntil(() => dialog(el)?.open && title(el) === aksu.title, 'the Aksu proposal did not open');

    // Only the city changes: the dialog opens again for the same id, asked of Rudny (which has no such proposal).
    el.city = 'rudny';
    await waitUntil(() => dialog(el)?.open && $(el, 'dialog .notice.error')?.textContent?.includes('Такая заявка не найдена'), 'the dialog did not follow `proposal` in Rudny');
    expect(el.proposal).to.equal(aksu.id);
    await expect(el).to.be.accessible();
    el.proposal = rudny.id;
    await waitUntil(() => dialog(el)?.open && title(el) === rudny.title, 'the Rudny proposal did not open');

    // Back to Aksu's proposal, whose answer is slow; the page switches to Rudny before it comes.
    use(
      http.get(`${API}/cities/aksu/proposals/:id`, async () => {
        await delay(800);
        return undefined;
      }),
    );
    el.city = 'aksu';
    el.proposal = aksu.id;
    await waitUntil(() => dialog(el)?.open && $(el, 'dialog .sk-block'), 'the Aksu proposal was not asked for');
    el.city = 'rudny';
    await waitUntil(() => $(el, 'dialog .notice.error')?.textContent?.includes('Такая заявка не найдена'), 'Rudny did not answer');
    await delay(1000);
    await el.updateComplete;
    expect(title(el), 'the late Aksu answer was drawn in Rudny').to.not.equal(aksu.title);
    expect($(el, 'dialog .notice.error')?.textContent).to.contain('Такая заявка не найдена');
  });
});
