// Its own file: the Russian texts must not be loaded before the switch, as on a real page.
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from './support/dom.js';
import '../../src/widgets/proposal-list/define.js';
import type { QalaProposalList } from '../../src/widgets/proposal-list/proposal-list.js';
import { mockApi } from './support/msw.js';

const API = '/api/lang1';
const cards = (el: QalaProposalList) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="card"]')];
const card = (el: QalaProposalList, title: string) => cards(el).find((c) => c.textContent!.includes(title))!;

describe('<qala-proposal-list> after the page switches language', () => {
  afterEach(() => document.documentElement.removeAttribute('lang'));

  it('shows the cards in the new language (badges, vote counts, the council decision), not only the filters', async () => {
    const { state } = await mockApi({ phase: 'results', base: API });
    state.proposals.get('aksu')!.find((p) => p.id === 'aksu-2')!.votes = 380;
    document.documentElement.lang = 'kk';
    const el = await fixture<QalaProposalList>(html`<qala-proposal-list api=${API} city="aksu"></qala-proposal-list>`);
    await waitUntil(() => el.shadowRoot!.querySelector('.cards[aria-busy="false"]'), 'list did not load', { timeout: 5000 });
    const lit = card(el, 'Освещение сквера');
    expect(lit.querySelector('[part~="badge"]')!.textContent).to.not.equal('');
    expect(lit.textContent).to.contain('380 дауыс');
    expect(card(el, 'Фонтан').querySelector('.reason')!.textContent).to.contain('Сараптама кеңесінің шешімі:');

    document.documentElement.lang = 'ru';
    await waitUntil(() => el.shadowRoot!.querySelector('#flt-category option')!.textContent === 'Все категории', 'filters did not switch', { timeout: 5000 });
    await el.updateComplete;
    const litRu = card(el, 'Освещение сквера');
    expect(litRu.textContent).to.contain('380 голосов');
    expect(litRu.querySelector('[part~="badge"]')!.textContent).to.not.match(/[әіңғүұқөһ]/i);
    expect(card(el, 'Фонтан').querySelector('.reason')!.textContent).to.contain('Решение экспертного совета:');
    expect(card(el, 'Фонтан').querySelector('[part~="badge"]')!.textContent).to.equal('Отклонена');
  });

  it("shows the council's note in the reader's language when the council wrote it per language (#13)", async () => {
    const { state } = await mockApi({ phase: 'results', base: API });
    const fountain = state.proposals.get('aksu')!.find((p) => p.title.includes('Фонтан'))!;
    fountain.reviewNotes = { kk: 'Жер учаскесі бос емес', ru: 'Участок занят' };
    fountain.reviewNote = 'Жер учаскесі бос емес / Участок занят';
    document.documentElement.lang = 'ru';
    const el = await fixture<QalaProposalList>(html`<qala-proposal-list api=${API} city="aksu"></qala-proposal-list>`);
    await waitUntil(() => el.shadowRoot!.querySelector('.cards[aria-busy="false"]'), 'list did not load', { timeout: 5000 });
    const reason = card(el, 'Фонтан').querySelector('.reason')!.textContent!;
    expect(reason).to.contain('Участок занят');
    expect(reason).to.not.contain('Жер учаскесі');
  });
});
