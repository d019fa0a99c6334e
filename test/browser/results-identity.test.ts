import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from './support/dom.js';
import { HttpBackend } from '../../src/client/http-backend.js';
import type { IdentityMethod } from '../../src/contract/index.js';
import '../../src/widgets/results/define.js';
import type { QalaResults } from '../../src/widgets/results/results.js';
import { mockApi } from './support/msw.js';

const STATEMENTS: Record<IdentityMethod, Record<'kk' | 'ru' | 'en', string>> = {
  voter_list: {
    kk: 'сайлаушылар тізімі + тізімдегі телефонға SMS-код',
    ru: 'список избирателей проектного центра + SMS-код',
    en: 'the voter list of the project centre + an SMS code',
  },
  census: {
    kk: 'тұрғындар тізілімі + ЖСН-ге тіркелген телефонға SMS-код',
    ru: 'реестр жителей + SMS-код',
    en: 'the register of residents + an SMS code',
  },
  oidc: { kk: 'eGov арқылы кіру', ru: 'вход через eGov', en: 'sign-in with eGov' },
  phone_only: {
    kk: 'кімнің дауыс бергенін дәлелдемейді',
    ru: 'Это не доказывает, кто голосовал',
    en: 'This does not prove who voted',
  },
};

describe('<qala-results> states how votes were verified', () => {
  for (const method of Object.keys(STATEMENTS) as IdentityMethod[]) {
    it(`${method}, in kk, ru and en`, async () => {
      await mockApi({ phase: 'results', identity: method });
      for (const lang of ['kk', 'ru', 'en'] as const) {
        const el = await fixture<QalaResults>(html`<qala-results lang=${lang} .backend=${new HttpBackend({ baseUrl: '/api/v1', city: 'aksu' })}></qala-results>`);
        await waitUntil(() => !!el.shadowRoot!.querySelector('[part=verified-by]'), 'statement', { timeout: 5000 });
        const statement = el.shadowRoot!.querySelector<HTMLElement>('[part=verified-by]')!;
        expect(statement.textContent).to.include(STATEMENTS[method][lang]);
        // Phone only is a warning, not a footnote.
        expect(statement.classList.contains('warning'), 'warning').to.equal(method === 'phone_only');
        if (lang === 'en') await expect(el).to.be.accessible();
        el.remove();
      }
    });
  }
});
