import { expect } from '@open-wc/testing';
import { createAdminMock, type AdminMockState } from '../../src/mock/admin-handlers.js';
import type { AdminProposal } from '../../src/contract/index.js';
import '../../src/centre/define.js';
import type { QalaCentre } from '../../src/centre/centre.js';
import { sendKeys, setViewport } from './support/commands.js';
import { $, active, root, serve, text, signedIn, until } from './support/centre.js';


/** The admin mock after the vote (results), with one funded project cancelled as the implementation record's final word leaves it. */
async function mockWithCancelled(): Promise<{ state: AdminMockState; cancelled: AdminProposal }> {
  const { handlers, state } = createAdminMock({ base: '/api/v1', phase: 'results' });
  await serve(handlers);
  const cancelled = state.proposals.find((p) => p.status === 'on_ballot' && p.poolId !== undefined)!;
  const notes = { kk: 'Жер телімі басқа мақсатқа берілді.', ru: 'Участок передан под другую стройку.', en: 'The plot was given to another building project.' };
  const note = [notes.kk, notes.ru, notes.en].join('\n\n');
  cancelled.history = [...cancelled.history, { status: 'winner', at: state.config.serverTime }, { status: 'cancelled', at: state.config.serverTime, note, notes }];
  cancelled.status = 'cancelled';
  cancelled.reviewNote = note;
  cancelled.reviewNotes = notes;
  return { state, cancelled };
}

const queueButton = (el: QalaCentre, label: string) =>
  [...root(el).querySelectorAll<HTMLButtonElement>('.queues button')].find((b) => b.textContent!.replace(/\s+/g, ' ').trim().startsWith(`${label} `));

const LABEL = { kk: 'Тоқтатылды', ru: 'Отменена', en: 'Cancelled' } as const;
const LOCKED = { kk: 'мәртебесін енді өзгертуге болмайды', ru: 'статус больше нельзя изменить', en: 'its status can no longer be changed' } as const;

describe('<qala-centre>: a cancelled project', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('has its own queue with a human label, and its review says why the status cannot change instead of offering the form, in kk, ru and en; passes axe', async function () {
    this.timeout(60_000); // three sign-ins and six axe runs
    for (const lang of ['kk', 'ru', 'en'] as const) {
      const { cancelled } = await mockWithCancelled();
      const el = await signedIn(lang);
      const chip = queueButton(el, LABEL[lang]);
      expect(chip, `${lang}: a queue named ${LABEL[lang]}`).to.not.equal(undefined);
      expect(chip!.textContent).to.match(/\b1\b/);
      chip!.click();
      await el.updateComplete;
      expect(chip!.getAttribute('aria-pressed')).to.equal('true');
      const cards = [...root(el).querySelectorAll('li.proposal')];
      expect(cards.map((c) => c.querySelector('button')!.id)).to.deep.equal([`open-${cancelled.id}`]);
      expect(cards[0]!.querySelector('.badge')!.textContent!.trim()).to.equal(LABEL[lang]);
      for (const raw of ['cancelled', 'status.']) expect(text(el), `${lang}: raw id ${raw}`).not.to.contain(raw);
      await expect(el).to.be.accessible();

      $<HTMLButtonElement>(el, `#open-${CSS.escape(cancelled.id)}`)!.click();
      await until('the review', () => active(el)?.id === 'review-heading');
      expect($(el, '#status-select'), `${lang}: no status form`).to.equal(null);
      expect($(el, `#act-status-${CSS.escape(cancelled.id)}`), `${lang}: no status button`).to.equal(null);
      expect($(el, '#status-locked')!.textContent).to.contain(LOCKED[lang]);
      // The reason the centre gave is in the history, as the notice says.
      expect($(el, '.history')!.textContent).to.contain('The plot was given to another building project.');
      await expect(el).to.be.accessible();
    }
  });

  it('the status form of every other project still offers its statuses, never “cancelled”', async () => {
    const { state } = await mockWithCancelled();
    const el = await signedIn('en');
    const winner = state.proposals.find((p) => p.status === 'on_ballot')!;
    queueButton(el, 'On the ballot')!.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, `#open-${CSS.escape(winner.id)}`)!.click();
    await until('the review', () => $(el, '#status-select'));
    const options = [...$<HTMLSelectElement>(el, '#status-select')!.options].map((o) => o.value);
    expect(options).to.include('winner');
    expect(options).to.not.include('cancelled');
    expect($(el, '#status-locked')).to.equal(null);
  });

  it('is reached by keyboard alone, and fits 360 px', async () => {
    const { state, cancelled } = await mockWithCancelled();
    await setViewport({ width: 360, height: 740 });
    const el = await signedIn('ru');
    const tabTo = async (match: (a: HTMLElement) => boolean, what: string) => {
      for (let i = 0; i < 60; i++) {
        await sendKeys({ press: 'Tab' });
        const a = active(el);
        if (a && match(a)) return a;
      }
      throw new Error(`Tab never reached ${what}`);
    };
    $<HTMLElement>(el, '#proposals-heading')!.focus();
    await tabTo((a) => a === queueButton(el, LABEL.ru), 'the cancelled queue');
    await sendKeys({ press: 'Enter' });
    await until('the queue', () => queueButton(el, LABEL.ru)!.getAttribute('aria-pressed') === 'true');
    await tabTo((a) => a.id === `open-${cancelled.id}`, 'the cancelled project');
    await sendKeys({ press: 'Enter' });
    await until('the review', () => active(el)?.id === 'review-heading');
    expect($(el, '#status-locked')!.textContent).to.contain(LOCKED.ru);
    expect(Math.max(document.scrollingElement!.scrollWidth, el.scrollWidth)).to.be.at.most(360);
    // Nothing was sent to change its status.
    expect(state.calls.filter((c) => c.endsWith('/status'))).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });
});
