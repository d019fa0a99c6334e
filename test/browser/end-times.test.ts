/**
 * "Until when" reads the same in every widget and cannot be misread: the end
 * of a window at the city's midnight is written as 24:00 of the last day
 * (`18.12.2026, 24:00`), never as `19.12.2026, 00:00` (the ballot and results
 * said so) nor as a bare `18.12.2026 inclusive` (the form said so).
 */
import { expect, fixture, html } from '@open-wc/testing';
import { HttpBackend } from '../../src/client/http-backend.js';
import { formatInstant } from '../../src/domain/city-time.js';
import type { MockState } from '../../src/mock/handlers.js';
import '../../src/widgets/ballot/define.js';
import '../../src/widgets/proposal-form/define.js';
import '../../src/widgets/proposal-list/define.js';
import '../../src/widgets/results/define.js';
import { clearOutbox, qa, text, until, waitUntil } from './support/dom.js';
import { mockApi } from './support/msw.js';

const DAY = 86_400_000;
let run = 0;

/** The city's midnight `days` from now, written as the server writes it, and how "until" must show it. */
function midnight(days: number): { end: string; shown: string } {
  const day = formatInstant(new Date(Date.now() + days * DAY), 'Asia/Almaty').slice(0, 10);
  const end = `${day}T00:00:00+05:00`;
  const before = formatInstant(new Date(Date.parse(end) - 1), 'Asia/Almaty');
  return { end, shown: `${before.slice(8, 10)}.${before.slice(5, 7)}.${before.slice(0, 4)}, 24:00` };
}

async function fresh(phase: 'submission' | 'voting' | 'results'): Promise<{ api: string; state: MockState }> {
  const api = `/api/end${++run}`;
  const { state } = await mockApi({ phase, base: api });
  state.configs.get('aksu')!.cycle.id = 'aksu-end';
  // Its proposals are that cycle's too (the mock, as the server, counts votes for the current cycle's only).
  for (const p of state.proposals.get('aksu')!) p.cycleId = 'aksu-end';
  return { api, state };
}

describe('end times, one way in every widget', () => {
  after(() => clearOutbox('aksu-end'));

  it('the ballot and the results say "until dd.mm.yyyy, 24:00" in kk, ru and en', async () => {
    const { api, state } = await fresh('voting');
    const { end, shown } = midnight(3);
    state.configs.get('aksu')!.cycle.phases.voting.end = end;
    for (const lang of ['kk', 'ru', 'en']) {
      const ballot = await fixture(html`<qala-ballot lang=${lang} .backend=${new HttpBackend({ baseUrl: api, city: 'aksu', retries: 0 })}></qala-ballot>`);
      await until(ballot, () => ballot.shadowRoot!.querySelector('#iin'), 'verify step');
      expect(text(ballot), `ballot ${lang}`).to.contain(shown).and.not.contain(', 00:00');
      const results = await fixture(html`<qala-results lang=${lang} .backend=${new HttpBackend({ baseUrl: api, city: 'aksu', retries: 0 })}></qala-results>`);
      await until(results, () => text(results).includes(shown), `results ${lang}: ${text(results)}`);
    }
  });

  it('the form and the list say the same of submission, without "inclusive"', async () => {
    const { api, state } = await fresh('submission');
    const { end, shown } = midnight(5);
    state.configs.get('aksu')!.cycle.phases.submission.end = end;
    state.proposals.set('aksu', []);
    for (const lang of ['kk', 'ru', 'en']) {
      const form = await fixture(html`<qala-proposal-form lang=${lang} api=${api} city="aksu"></qala-proposal-form>`);
      await until(form, () => form.shadowRoot!.querySelector('form'), 'form');
      expect(text(form), `form ${lang}`).to.contain(shown).and.not.match(/inclusive|включительно|қоса алғанда/);
      const list = await fixture(html`<qala-proposal-list lang=${lang} api=${api} city="aksu"></qala-proposal-list>`);
      await until(list, () => text(list).includes(shown), `list ${lang}: ${text(list)}`);
    }
  });
});

describe('the proposal dialog in the list', () => {
  const labels: Record<string, { votes: string; sort: string }> = {
    kk: { votes: 'Дауыс саны', sort: 'Дауыс саны бойынша' },
    ru: { votes: 'Голоса', sort: 'По числу голосов' },
    en: { votes: 'Votes', sort: 'Most votes' },
  };
  for (const [lang, words] of Object.entries(labels)) {
    it(`labels the vote count as votes, not with the sort option’s words (${lang})`, async () => {
      const { api, state } = await fresh('results');
      state.proposals.get('aksu')!.find((p) => p.id === 'aksu-2')!.votes = 380;
      const list = await fixture(html`<qala-proposal-list lang=${lang} api=${api} city="aksu" proposal="aksu-2"></qala-proposal-list>`);
      await waitUntil(() => list.shadowRoot!.querySelector<HTMLDialogElement>('dialog')?.open && qa(list, 'dialog dt').length > 0, `dialog ${lang}`, { timeout: 5000 });
      const votes = qa(list, 'dialog dd').find((dd) => dd.textContent!.trim() === '380');
      expect(votes, 'the count is shown').to.exist;
      expect((votes!.previousElementSibling as HTMLElement).textContent!.trim()).to.equal(words.votes);
      expect(qa(list, 'dialog dt').map((dt) => dt.textContent!.trim())).to.not.include(words.sort);
    });
  }
});
