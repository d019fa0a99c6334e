import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from './support/dom.js';
import '../../src/widgets/proposal-list/define.js';
import type { QalaProposalList } from '../../src/widgets/proposal-list/proposal-list.js';
import { API, addFiles, clearDrafts, fill, fresh, jpeg, mount, submit, useCycle } from './proposal-form-helpers.js';

const cards = (el: QalaProposalList) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="card"]')];

describe('<qala-proposal-list> on the page of a <qala-proposal-form>', () => {
  before(() => useCycle('aksu-2026-list-refresh'));
  beforeEach(clearDrafts);

  it('shows the proposal just submitted, without a reload', async () => {
    const { state } = await fresh({ phase: 'submission' });
    state.proposals.set('aksu', []);
    const list = await fixture<QalaProposalList>(html`<qala-proposal-list api=${API} city="aksu" lang="ru"></qala-proposal-list>`);
    await waitUntil(() => list.shadowRoot!.querySelector('.notice #count'), 'list did not load', { timeout: 5000 });
    expect(list.shadowRoot!.querySelector('#count')!.textContent).to.contain('Заявок пока нет');

    const form = await mount('ru');
    await fill(form, { title: 'Скамейки у школы №2 в Аксу' });
    await addFiles(form, [await jpeg(100, 100)]);
    const submitted = oneEvent(form, 'qala-proposal-submitted');
    submit(form);
    await submitted;
    await waitUntil(() => cards(list).length === 1, 'the list still shows no proposals', { timeout: 5000 });
    expect(cards(list)[0]!.textContent).to.contain('Скамейки у школы №2 в Аксу');
  });
});
