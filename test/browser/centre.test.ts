import { expect, fixture as mount, fixtureCleanup, html } from '@open-wc/testing';
import { waitUntil } from './support/dom.js';
import type { TemplateResult } from 'lit';
import { http, HttpResponse } from 'msw';
import { createAdminMock, MOCK_ADMIN_TOKEN, type AdminMockOptions, type AdminMockState } from '../../src/mock/admin-handlers.js';
import { createImplementationAdminMock } from '../../src/mock/implementation-admin-handlers.js';
import '../../src/centre/define.js';
import type { QalaCentre } from '../../src/centre/centre.js';
import { sendKeys, setViewport } from './support/commands.js';
import { $, active, askCode, button, click, fill, override, root, sendCode, serve, text, until } from './support/centre.js';

/** The element inside a <main>, as the /centre/ page and an intranet page have it. */
async function fixture<T extends Element>(template: TemplateResult): Promise<T> {
  const main = await mount<HTMLElement>(html`<main>${template}</main>`);
  const el = main.firstElementChild as T;
  await (el as unknown as QalaCentre).updateComplete;
  return el;
}

async function mock(options: AdminMockOptions = {}): Promise<AdminMockState> {
  const { handlers, state } = createAdminMock({ base: '/api/v1', ...options });
  await serve(handlers);
  return state;
}


/** A centre signed in with the bootstrap token, showing Aksu's queue. */
async function signedIn(lang: 'kk' | 'ru' | 'en' = 'en'): Promise<QalaCentre> {
  const el = await fixture<QalaCentre>(html`<qala-centre api="/api/v1" city="aksu" lang=${lang}></qala-centre>`);
  await until('sign-in', () => $(el, '#token'));
  fill(el, '#token', MOCK_ADMIN_TOKEN);
  $<HTMLFormElement>(el, '#token')!.form!.requestSubmit();
  await until('the queue', () => root(el).querySelector('li.proposal'));
  return el;
}

async function openProposal(el: QalaCentre, id: string): Promise<void> {
  if (!$(el, `#open-${CSS.escape(id)}`)) await click(el, /^\s*(All|Барлығы|Все)/);
  $<HTMLButtonElement>(el, `#open-${CSS.escape(id)}`)!.click();
  await until('the review', () => $(el, '#review-heading'));
  await el.updateComplete;
}

describe('<qala-centre>', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('signs in with a token and shows the queue with human labels, in kk, ru and en; passes axe', async function () {
    this.timeout(60_000); // three sign-ins and three axe runs
    await mock();
    for (const [lang, category, status, heading] of [
      ['kk', 'Аулалар мен саябақтар', 'Қаралуда', 'Ұсыныстар'],
      ['ru', 'Дворы и скверы', 'На рассмотрении', 'Предложения'],
      ['en', 'Yards and parks', 'Under review', 'Proposals'],
    ] as const) {
      fixtureCleanup();
      const el = await signedIn(lang);
      await click(el, new RegExp(`^\\s*${{ kk: 'Барлығы', ru: 'Все', en: 'All' }[lang]}`));
      const t = text(el);
      expect(t, lang).to.contain(category);
      expect(t, lang).to.contain(heading);
      expect(t, lang).to.match(new RegExp(status));
      for (const raw of ['yards', 'under_review', 'on_ballot', 'status.']) expect(t, `${lang}: raw id ${raw}`).not.to.contain(raw);
      await expect(el).to.be.accessible();
    }
  });

  it('switches language and theme from its own controls, and stays accessible in the dark', async () => {
    await mock();
    const el = await signedIn('ru');
    await click(el, 'English');
    await until('English', () => text(el).includes('Awaiting review'));
    expect(el.getAttribute('lang')).to.equal('en');
    await click(el, 'Dark theme');
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(button(el, 'Dark theme')!.getAttribute('aria-pressed')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('a refused token is explained beside the sign-in button, which keeps the focus', async () => {
    await mock();
    const el = await fixture<QalaCentre>(html`<qala-centre api="/api/v1" lang="kk"></qala-centre>`);
    await until('sign-in', () => $(el, '#token'));
    fill(el, '#token', 'wrong-token-wrong-token');
    $<HTMLButtonElement>(el, '#act-signin')!.focus();
    $<HTMLFormElement>(el, '#token')!.form!.requestSubmit();
    await until('the refusal', () => $(el, '#act-signin-msg .field-error'));
    expect($(el, '#act-signin-msg')!.textContent).to.contain('Бұл токен жарамсыз');
    expect(active(el)?.id).to.equal('act-signin');
    expect($(el, '#act-signin')!.getAttribute('aria-describedby')).to.contain('act-signin-msg');
    expect($<HTMLInputElement>(el, '#token')!.value).to.equal('wrong-token-wrong-token');
    await expect(el).to.be.accessible();
  });

  it('an action the server refuses says why beside its button, in the person’s language, with the focus on it and the typed values kept', async () => {
    const state = await mock();
    const el = await signedIn('en');
    const p = state.proposals.find((x) => x.status === 'under_review')!;
    await openProposal(el, p.id);
    fill(el, '#ballot-cost', '20000000');
    fill(el, '#ballot-note', 'Смета уточнена');
    $<HTMLButtonElement>(el, `#act-ballot-${p.id}`)!.focus();
    $<HTMLFormElement>(el, '#ballot-cost')!.form!.requestSubmit();
    const msg = `#act-ballot-${p.id}-msg`;
    await until('the refusal', () => $(el, `${msg} .field-error`));
    expect($(el, msg)!.textContent).to.match(/may cost at most 9\s000\s000/);
    expect(active(el)?.id).to.equal(`act-ballot-${p.id}`);
    expect($<HTMLInputElement>(el, '#ballot-cost')!.value).to.equal('20000000');
    expect($<HTMLTextAreaElement>(el, '#ballot-note')!.value).to.equal('Смета уточнена');
    expect(text(el)).not.to.match(/\bnull\b/);
    expect(state.proposals.find((x) => x.id === p.id)!.status).to.equal('under_review');
    await expect(el).to.be.accessible();
    // The same refusal in Russian after a language switch.
    await click(el, 'Русский');
    await until('Russian', () => /не более 9\s000\s000/.test($(el, msg)!.textContent!));
  });

  it('a lost connection keeps the form and says so beside the button', async () => {
    const state = await mock();
    const el = await signedIn('en');
    const p = state.proposals.find((x) => x.status === 'under_review')!;
    await openProposal(el, p.id);
    override((await import('msw')).http.post('/api/v1/admin/cities/aksu/proposals/:id/status', () => (globalThis as any).Response.error()));
    fill(el, '#status-note', 'Нужно другое место');
    $<HTMLFormElement>(el, '#status-note')!.form!.requestSubmit();
    await until('the refusal', () => $(el, `#act-status-${p.id}-msg .field-error`));
    expect($(el, `#act-status-${p.id}-msg`)!.textContent).to.contain('No answer from the server');
    expect(active(el)?.id).to.equal(`act-status-${p.id}`);
    expect($<HTMLTextAreaElement>(el, '#status-note')!.value).to.equal('Нужно другое место');
  });

  it('merges with a chosen target and a reason', async () => {
    const state = await mock();
    const el = await signedIn('en');
    const [a, b] = state.proposals.filter((x) => x.status === 'submitted' || x.status === 'under_review');
    await openProposal(el, b!.id);
    expect(text(el)).to.contain('goes into the history of both proposals');
    $<HTMLSelectElement>(el, '#merge-target')!.value = a!.id;
    fill(el, '#merge-note', 'Одно место');
    $<HTMLFormElement>(el, '#merge-target')!.form!.requestSubmit();
    await until('merged', () => text(el).includes('Merged into'));
    const merged = state.proposals.find((x) => x.id === b!.id)!;
    expect([merged.status, merged.mergedInto, merged.reviewNote]).to.deep.equal(['merged', a!.id, 'Одно место']);
    // The target's author is shown the reason too, as the help says: in its history.
    const target = state.proposals.find((x) => x.id === a!.id)!;
    expect(target.history.at(-1)).to.include({ status: target.status, note: 'Одно место' });
    expect(active(el)?.id).to.equal('review-heading');
    await expect(el).to.be.accessible();
  });

  it('once voting has started, a proposal on the ballot offers no merge, and other proposals cannot be merged into one on it (the server refuses both)', async () => {
    const state = await mock({ phase: 'voting' });
    const el = await signedIn('ru');
    const onBallot = state.proposals.find((x) => x.poolId !== undefined)!;
    await openProposal(el, onBallot.id);
    expect($(el, '#merge-target'), 'no merge form').to.equal(null);
    expect(text(el)).to.contain('это предложение в бюллетене, а бюллетень зафиксирован, поэтому объединить его нельзя');
    // Nor can it leave the count: only the ballot's statuses are offered, and it can be neither hidden nor shown again.
    const statuses = [...$<HTMLSelectElement>(el, '#status-select')!.options].map((o) => o.value);
    expect(statuses).to.deep.equal(['winner', 'not_funded', 'in_progress', 'implemented']);
    expect($(el, '#status-fixed')!.textContent).to.contain('бюллетень зафиксирован');
    expect($(el, `#act-hide-${CSS.escape(onBallot.id)}`), 'no hide button').to.equal(null);
    expect($(el, '#moderation-fixed')!.textContent).to.contain('бюллетень зафиксирован');
    expect($(el, `#act-publish-${CSS.escape(onBallot.id)}`), 'publishing stays').to.not.equal(null);
    await expect(el).to.be.accessible();

    await click(el, /←/);
    const off = state.proposals.find((x) => x.poolId === undefined && x.status !== 'merged' && x.status !== 'withdrawn')!;
    await openProposal(el, off.id);
    const offered = [...$<HTMLSelectElement>(el, '#merge-target')!.options].map((o) => o.value).filter(Boolean);
    expect(offered.length, 'proposals off the ballot are still offered').to.be.above(0);
    for (const id of offered) expect(state.proposals.find((x) => x.id === id)!.poolId, id).to.equal(undefined);
    expect([...$<HTMLSelectElement>(el, '#status-select')!.options].map((o) => o.value), 'off the ballot: every status').to.include('rejected');
    expect($(el, `#act-hide-${CSS.escape(off.id)}`), 'off the ballot: it can be hidden').to.not.equal(null);
    expect(text(el)).to.contain('Предложений из бюллетеня здесь нет');
  });

  it('a note written per language shows in the reader’s language in the history, the others behind a disclosure (kk, ru)', async () => {
    const state = await mock();
    const p = state.proposals.find((x) => x.status === 'under_review')!;
    const notes = { kk: 'Орынды өзгерту керек', ru: 'Нужно другое место' };
    p.history = [...p.history, { status: 'needs_changes', at: p.history.at(-1)!.at, note: `${notes.kk}\n\n${notes.ru}`, notes }];
    for (const [lang, own, other, summary] of [
      ['ru', notes.ru, notes.kk, 'Та же заметка на других языках'],
      ['kk', notes.kk, notes.ru, 'Осы жазба басқа тілдерде'],
    ] as const) {
      fixtureCleanup();
      const el = await signedIn(lang);
      await openProposal(el, p.id);
      const item = [...root(el).querySelectorAll('section[aria-labelledby=history-heading] .history li')].at(-1)!;
      const shown = item.querySelector(':scope > p')!;
      expect(shown.textContent, lang).to.equal(own);
      expect(shown.getAttribute('lang')).to.equal(lang);
      const details = item.querySelector('details')!;
      expect(details.open, 'the other language is one click away').to.equal(false);
      expect(details.querySelector('summary')!.textContent!.trim()).to.equal(summary);
      expect(details.textContent).to.contain(other);
      await expect(el).to.be.accessible();
    }
  });

  it('a phase change asks first and states the consequences; cancelling changes nothing, confirming opens it', async () => {
    const state = await mock({ phase: 'review' });
    const el = await signedIn('en');
    await click(el, 'Phases');
    const open = button(el, 'Open “Voting” now')!;
    open.focus();
    open.click();
    await until('the dialog', () => $<HTMLDialogElement>(el, '#phase-dialog')?.open);
    const said = $(el, '#phase-dialog')!.textContent!.replace(/\s+/g, ' ');
    const awaiting = state.proposals.filter((p) => ['submitted', 'under_review', 'needs_changes'].includes(p.status)).length;
    expect(said).to.contain(`${awaiting} proposals still awaiting`);
    expect(said).to.contain('These stages end now: Expert review');
    expect(said).to.contain('the ballot is fixed');
    expect(active(el)?.id).to.equal('phase-cancel', 'the safe choice has the focus');
    await expect(el).to.be.accessible();
    await click(el, 'Cancel');
    expect($<HTMLDialogElement>(el, '#phase-dialog')!.open).to.equal(false);
    expect(active(el)?.id).to.equal('act-phase-voting');
    expect(state.calls.filter((c) => c.endsWith('/phases'))).to.deep.equal([]);
    open.click();
    await until('the dialog', () => $<HTMLDialogElement>(el, '#phase-dialog')?.open);
    await click(el, 'Yes, open “Voting”');
    await until('opened', () => text(el).includes('“Voting” is open.'));
    expect(state.config.currentPhase).to.equal('voting');
  });

  it('an empty ballot is named in the confirmation', async () => {
    const state = await mock({ phase: 'review' });
    for (const p of state.proposals) if (p.status === 'on_ballot') p.status = 'under_review';
    const el = await signedIn('ru');
    await click(el, 'Этапы');
    await click(el, 'Открыть «Голосование» сейчас');
    await until('the dialog', () => $<HTMLDialogElement>(el, '#phase-dialog')?.open);
    expect($(el, '#phase-dialog')!.textContent).to.contain('Бюллетень пуст');
  });

  it('works with the keyboard alone: sign in, open a proposal, back to the queue', async () => {
    await mock();
    const el = await fixture<QalaCentre>(html`<qala-centre api="/api/v1" city="aksu" lang="en"></qala-centre>`);
    await until('sign-in', () => $(el, '#token'));
    const tabTo = async (match: (a: HTMLElement) => boolean, what: string, back = false) => {
      for (let i = 0; i < 40; i++) {
        if (back) await sendKeys({ down: 'Shift' });
        await sendKeys({ press: 'Tab' });
        if (back) await sendKeys({ up: 'Shift' });
        const a = active(el);
        if (a && match(a)) return a;
      }
      throw new Error(`Tab never reached ${what}`);
    };
    await tabTo((a) => a.tagName === 'SUMMARY', 'the token section');
    await sendKeys({ press: 'Enter' });
    await tabTo((a) => a.id === 'token', 'the token field');
    await sendKeys({ type: MOCK_ADMIN_TOKEN });
    await sendKeys({ press: 'Enter' });
    await until('signed in', () => active(el)?.id === 'who');
    const card = await tabTo((a) => a.id.startsWith('open-'), 'a proposal');
    const id = card.id;
    await sendKeys({ press: 'Enter' });
    await until('the review', () => active(el)?.id === 'review-heading');
    await tabTo((a) => a.textContent!.includes('Back to the queue'), 'back', true);
    await sendKeys({ press: 'Enter' });
    await until('back', () => active(el)?.id === id);
  });

  it('finds a proposal by the code its author quotes (any case), by the author’s name and by words with stray spaces, and shows the code on the card and in the review', async () => {
    const state = await mock();
    const el = await signedIn('ru');
    await click(el, /^\s*Все/);
    const target = state.proposals.find((p) => p.authorName === 'Дмитрий К.')!;
    expect(target.reference, 'the mock’s proposals have references, as the server’s').to.match(/^[A-Z]{3}-\d{4}$/);
    const search = async (q: string) => {
      fill(el, '#search', q);
      await el.updateComplete;
      return [...root(el).querySelectorAll<HTMLElement>('li.proposal [id^="open-"]')].map((b) => b.id.slice('open-'.length));
    };
    expect(await search(`  ${target.reference!.toLowerCase()} `)).to.deep.equal([target.id]);
    expect(text(el)).to.include(`Код ${target.reference}`);
    expect(await search('дмитрий')).to.deep.equal([target.id]);
    expect(await search('ХОККЕЙНАЯ   коробка')).to.deep.equal([target.id]);
    expect(await search('AKS-9999')).to.deep.equal([]);
    expect(text(el)).to.include('AKS-9999');
    await expect(el).to.be.accessible();
    await search(target.reference!);
    await openProposal(el, target.id);
    const code = [...root(el).querySelectorAll('dt')].find((dt) => dt.textContent === 'Код заявки');
    expect(code?.nextElementSibling?.textContent).to.equal(target.reference);
  });

  it('fits 360 px: queue, review and phases scroll only downwards', async () => {
    const state = await mock();
    await setViewport({ width: 360, height: 740 });
    const el = await signedIn('kk');
    const wide = () => Math.max(document.scrollingElement!.scrollWidth, el.scrollWidth);
    expect(wide()).to.be.at.most(360);
    await openProposal(el, state.proposals[0]!.id);
    expect(wide()).to.be.at.most(360);
    await click(el, /Кезекке оралу/);
    await click(el, 'Кезеңдер');
    expect(wide()).to.be.at.most(360);
    await expect(el).to.be.accessible();
  });

  it('Implementation at 360 px: the cycle’s whole name, year included, is readable in its choice, under its label (ru)', async () => {
    const { handlers, state: admin } = createAdminMock({ base: '/api/v1' });
    admin.config.cycle.title = { ...admin.config.cycle.title, ru: 'Родной город — Аксу, 2026' };
    const { handlers: implementation } = createImplementationAdminMock({ base: '/api/v1', admin });
    await serve([...implementation, ...handlers]);
    await setViewport({ width: 360, height: 740 });
    const el = await signedIn('ru');
    await click(el, 'Реализация');
    await until('the cycle choice', () => $(el, '#impl-cycle'));
    const select = $<HTMLSelectElement>(el, '#impl-cycle')!;
    const name = select.selectedOptions[0]!.textContent!.trim();
    expect(name).to.equal('Родной город — Аксу, 2026');
    // The chosen name's width in the select's own font, its padding and room for the arrow: all inside the control.
    const style = getComputedStyle(select);
    const pen = document.createElement('canvas').getContext('2d')!;
    pen.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const needed = Math.ceil(pen.measureText(name).width + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + parseFloat(style.fontSize));
    expect(select.clientWidth, `“${name}” needs ${needed} px`).to.be.at.least(needed);
    expect(Math.max(document.scrollingElement!.scrollWidth, el.scrollWidth)).to.be.at.most(360);
    await expect(el).to.be.accessible();
  });

  it('ru: a voter list file is added unless asked otherwise; replacing a list with residents on it is asked again, saying how many and that voting is open', async () => {
    const state = await mock({ identity: 'voter_list', phase: 'voting' });
    const el = await signedIn('ru');
    await click(el, 'Список избирателей');
    const file = (csv: string) => {
      const files = new DataTransfer();
      files.items.add(new File([csv], 'list.csv', { type: 'text/csv' }));
      $<HTMLInputElement>(el, '#voters-file')!.files = files.files;
    };
    await until('the summary', () => text(el).includes('В списке жителей: 0'));
    expect($<HTMLInputElement>(el, '#voters-mode-amend')!.checked, 'adding is chosen').to.equal(true);
    file('791028302728,+77010000001\n061211600012,+77010000002\n');
    $<HTMLFormElement>(el, '#voters-form')!.requestSubmit();
    await until('two on the list', () => text(el).includes('В списке жителей: 2'));

    // Replace with a file of one: asked first, nothing sent.
    const calls = state.calls.length;
    file('791028302728,+77010000001\n');
    $<HTMLInputElement>(el, '#voters-mode-replace')!.click();
    $<HTMLFormElement>(el, '#voters-form')!.requestSubmit();
    await until('the question', () => $(el, '#voters-confirm-heading'));
    await until('focus on it', () => active(el)?.id === 'voters-confirm-heading');
    const asked = $(el, '[aria-labelledby="voters-confirm-heading"]')!.textContent!.replace(/\s+/g, ' ');
    expect(asked).to.contain('Заменить весь список?');
    expect(asked).to.contain('Сейчас в списке жителей: 2. Все, кого нет в этом файле, будут исключены из списка и не смогут голосовать.');
    expect(asked).to.contain('Голосование уже идёт');
    expect(state.calls.length, 'nothing sent yet').to.equal(calls);
    await expect(el).to.be.accessible();

    // Cancel: nothing changes, the focus back on the choice.
    $<HTMLButtonElement>(el, '#voters-confirm-cancel')!.click();
    await until('no question', () => !$(el, '#voters-confirm-heading'));
    await until('focus back', () => active(el)?.id === 'voters-mode-replace');
    expect(text(el)).to.contain('В списке жителей: 2');

    // Asked again and confirmed: replaced.
    $<HTMLFormElement>(el, '#voters-form')!.requestSubmit();
    await until('the question', () => $(el, '#voters-confirm'));
    $<HTMLButtonElement>(el, '#voters-confirm')!.click();
    await until('replaced', () => text(el).includes('исключено: 1'));
    await until('one on the list', () => text(el).includes('В списке жителей: 1'));
    expect(state.calls.filter((c) => c === 'PUT /api/v1/admin/cities/aksu/voter-list')).to.have.length(1);
  });

  it('uploads a voter list and names the refused rows by line', async () => {
    const state = await mock({ identity: 'voter_list' });
    const el = await signedIn('en');
    await click(el, 'Voter list');
    await until('the summary', () => text(el).includes('0 resident(s) on the list'));
    const input = $<HTMLInputElement>(el, '#voters-file')!;
    const files = new DataTransfer();
    files.items.add(new File(['791028302728,+77010000001\n12345,+77010000002\n'], 'list.csv', { type: 'text/csv' }));
    input.files = files.files;
    $<HTMLFormElement>(el, '#voters-file')!.form!.requestSubmit();
    await until('the report', () => text(el).includes('Rows refused: 1'));
    expect(text(el)).to.contain('Line 2: the IIN is not 12 digits');
    expect(text(el)).to.contain('1 resident(s) on the list');
    expect(state.calls.some((c) => c === 'POST /api/v1/admin/cities/aksu/voter-list'), 'added to the list, as the form does unless asked otherwise').to.equal(true);
    await expect(el).to.be.accessible();
  });

  describe('with the council (staff API)', () => {
    it('an expert signs in with a code, sees their assignment, assesses it, and can declare a conflict of interest', async () => {
      const state = await mock({ staff: true });
      const p = state.proposals.find((x) => x.status === 'under_review')!;
      state.assignments.push({ proposalId: p.id, proposalTitle: p.title, proposalStatus: p.status, staffId: 'st_expert1', expertName: 'Айгүл Серікқызы', organisation: 'Акимат', state: 'pending', assignedAt: state.config.serverTime, assignedBy: 'Aksu project centre', updatedAt: null });
      const el = await fixture<QalaCentre>(html`<qala-centre api="/api/v1" city="aksu" lang="ru"></qala-centre>`);
      await until('sign-in', () => $(el, '#signin-contact'));
      await askCode(el);
      expect(active(el)?.id).to.equal('signin-code');
      sendCode(el, '000000');
      await until('wrong code', () => $(el, '#act-signin-confirm-msg .field-error'));
      expect(active(el)?.id).to.equal('act-signin-confirm');
      sendCode(el);
      await until('signed in', () => text(el).includes('Назначены мне') && root(el).querySelectorAll('li.proposal').length > 0);
      expect(text(el)).to.contain('эксперт');
      expect(button(el, 'Этапы'), 'no phases for an expert').to.equal(undefined);
      expect(root(el).querySelectorAll('li.proposal').length).to.equal(1);
      await openProposal(el, p.id);
      await until('the form', () => $(el, 'input[name="score-feasibility"]'));
      expect($(el, '#status-select'), 'no coordinator forms').to.equal(null);
      await expect(el).to.be.accessible();
      $<HTMLInputElement>(el, 'input[name="score-feasibility"][value="4"]')!.click();
      $<HTMLInputElement>(el, 'input[name="score-benefit"][value="5"]')!.click();
      $<HTMLInputElement>(el, 'input[name="recommendation"][value="accept"]')!.click();
      fill(el, '#assess-note', 'Место согласовано с отделом архитектуры');
      $<HTMLFormElement>(el, '#assess-note')!.form!.requestSubmit();
      await until('saved', () => text(el).includes('Ваша оценка сохранена'));
      expect(state.assessments.get(`${p.id}/st_expert1`)).to.include({ recommendation: 'accept', note: 'Место согласовано с отделом архитектуры' });
      // The assessment recorded would be deleted: asked once more, saying so; keeping it changes nothing.
      await until('recorded', () => text(el).includes('Записано'));
      await click(el, 'Заявить о конфликте интересов');
      await until('asked', () => $(el, '#conflict-confirm-heading'));
      await until('focus on the question', () => active(el)?.id === 'conflict-confirm-heading');
      expect($(el, '[aria-labelledby="conflict-confirm-heading"]')!.textContent).to.contain('будут удалены насовсем');
      expect(state.assignments[0]!.state, 'nothing sent yet').to.equal('assessed');
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '#conflict-cancel')!.click();
      await until('not asked', () => !$(el, '#conflict-confirm-heading'));
      await until('focus back', () => active(el)?.textContent?.trim() === 'Заявить о конфликте интересов');
      expect(state.assessments.get(`${p.id}/st_expert1`)).to.include({ recommendation: 'accept' });
      await click(el, 'Заявить о конфликте интересов');
      await until('asked', () => $(el, '#conflict-confirm-heading'));
      await click(el, 'Удалить и заявить о конфликте');
      await until('excluded', () => text(el).includes('вы исключены'));
      expect(state.assignments[0]!.state).to.equal('conflict');
      await expect(el).to.be.accessible();
    });

    it('an invitation link names its city: the invited person need not type it, and the token leaves the address bar; the code step names where the code went', async () => {
      const state = await mock({ staff: true });
      state.invites.set('inv1.mockmockmockmockmockmock', { staffId: 'st_expert2', expiresAt: Date.now() + 7 * 86_400_000 });
      const before = location.pathname + location.search + location.hash;
      const search = new URLSearchParams(location.search); // the runner's own parameters stay
      search.set('city', 'aksu');
      history.replaceState(history.state, '', `${location.pathname}?${search}#invite=inv1.mockmockmockmockmockmock`);
      try {
        // No city attribute: the element alone (as an intranet embeds it) reads the link.
        const el = await fixture<QalaCentre>(html`<qala-centre api="/api/v1" lang="en"></qala-centre>`);
        await until('sign-in', () => $(el, '#signin-city'));
        expect($(el, '#signin-heading')!.textContent).to.match(/invitation/i);
        expect($<HTMLInputElement>(el, '#signin-city')!.value).to.equal('aksu');
        expect(location.hash).to.not.contain('invite=');
        expect(new URLSearchParams(location.search).get('city')).to.equal('aksu');
        // By code alone (no provider): the code went to the e-mail the coordinator entered, and the step says which.
        await click(el, 'Send the code');
        await until('the code step', () => $(el, '#signin-code'));
        expect(text(el)).to.contain('To finish accepting your invitation, enter the code we sent to p…@erg.kz.');
        await expect(el).to.be.accessible();
      } finally {
        history.replaceState(history.state, '', before);
      }
    });

    /** The expert's sign-in by code, at the code step. */
    async function atCodeStep(lang: 'kk' | 'ru' | 'en'): Promise<QalaCentre> {
      const el = await fixture<QalaCentre>(html`<qala-centre api="/api/v1" city="aksu" lang=${lang}></qala-centre>`);
      await until('sign-in', () => $(el, '#signin-contact'));
      await askCode(el);
      return el;
    }

    it('five wrong codes end the sign-in: back to the contact, saying why, with no "new code" that could only fail; a new start signs in', async () => {
      await mock({ staff: true });
      const el = await atCodeStep('ru');
      for (let left = 4; left > 0; left--) {
        sendCode(el, '000000');
        await until(`${left} attempts left`, () => $(el, '#act-signin-confirm-msg')?.textContent?.includes(`Осталось попыток: ${left}.`));
        expect(active(el)?.id).to.equal('act-signin-confirm');
      }
      sendCode(el, '000000');
      await until('back to the contact', () => $(el, '#signin-contact'));
      expect($(el, '#signin-code'), 'no code step').to.equal(null);
      expect($(el, '#act-signin-resend'), 'no "send the code again"').to.equal(null);
      expect($(el, '#signin-restart')!.getAttribute('role')).to.equal('alert');
      expect($(el, '#signin-restart')!.textContent).to.equal('Слишком много неверных попыток — этот код больше не действует. Запросите новый код.');
      await until('the focus in the contact field', () => active(el)?.id === 'signin-contact');
      await expect(el).to.be.accessible();
      await askCode(el);
      expect($(el, '#act-signin-confirm-msg')!.textContent!.trim(), 'the old attempts are not said').to.equal('');
      sendCode(el);
      await until('signed in', () => button(el, 'Выйти'));
      expect($(el, '#signin-restart')).to.equal(null);
    });

    it('a code the server says came too late goes back to the contact, saying so (kk)', async () => {
      await mock({ staff: true });
      const el = await atCodeStep('kk');
      override(http.post('/api/v1/admin/cities/aksu/sign-in/:challenge/confirm', () => HttpResponse.json({ code: 'code_expired', message: 'the code has expired; ask for a new one' }, { status: 410 })));
      sendCode(el);
      await until('back to the contact', () => $(el, '#signin-contact'));
      expect($(el, '#signin-restart')!.textContent).to.equal('Кодтың мерзімі өтті. Жаңа код сұраңыз.');
      await until('the focus in the contact field', () => active(el)?.id === 'signin-contact');
      await expect(el).to.be.accessible();
    });

    it('a new code for a sign-in the server no longer has goes back to the contact, saying so (en)', async () => {
      await mock({ staff: true });
      const el = await atCodeStep('en');
      override(http.post('/api/v1/admin/cities/aksu/sign-in/:challenge/resend', () => HttpResponse.json({ code: 'not_found', message: 'no such sign-in; it may have expired, start again' }, { status: 404 })));
      $<HTMLButtonElement>(el, '#act-signin-resend')!.click();
      await until('back to the contact', () => $(el, '#signin-contact'));
      expect($(el, '#signin-restart')!.textContent).to.equal('This sign-in is no longer valid. Ask for a new code.');
      await until('the focus in the contact field', () => active(el)?.id === 'signin-contact');
      expect(text(el), 'no "a new code is on its way"').not.to.contain('A new code is on its way');
      await expect(el).to.be.accessible();
    });

    it('accepting an invitation, a locked code goes back to the invitation’s first step, which still accepts it', async () => {
      const state = await mock({ staff: true });
      state.invites.set('inv1.mockmockmockmockmockmock', { staffId: 'st_expert2', expiresAt: Date.now() + 7 * 86_400_000 });
      const before = location.pathname + location.search + location.hash;
      history.replaceState(history.state, '', `${location.pathname}${location.search}#invite=inv1.mockmockmockmockmockmock&city=aksu`);
      try {
        const el = await fixture<QalaCentre>(html`<qala-centre api="/api/v1" lang="en"></qala-centre>`);
        await until('sign-in', () => $(el, '#signin-city'));
        await click(el, 'Send the code');
        await until('the code step', () => $(el, '#signin-code'));
        override(http.post('/api/v1/admin/cities/aksu/sign-in/:challenge/confirm', () => HttpResponse.json({ code: 'code_locked', message: 'too many wrong codes; start again' }, { status: 403 })));
        sendCode(el, '000000');
        await until('back to the invitation', () => $(el, '#signin-city'));
        expect($(el, '#signin-heading')!.textContent).to.match(/invitation/i);
        expect($(el, '#signin-contact'), 'the invitation names the contact').to.equal(null);
        expect($(el, '#signin-restart')!.textContent).to.equal('Too many wrong attempts — this code no longer works. Ask for a new code.');
        await until('the focus in the city field', () => active(el)?.id === 'signin-city');
        await click(el, 'Send the code');
        await until('a new code step', () => $(el, '#signin-code'));
        expect(text(el)).to.contain('To finish accepting your invitation');
      } finally {
        history.replaceState(history.state, '', before);
      }
    });

    it('a coordinator changes a person’s organisation and role by keyboard, on a phone-sized screen; cancelling changes nothing; axe-clean (kk)', async () => {
      const state = await mock({ staff: true });
      await setViewport({ width: 360, height: 740 });
      const el = await signedIn('kk');
      await click(el, 'Адамдар');
      await until('the people', () => $(el, '#staff-edit-st_expert1'));
      // Cancelling: nothing sent, focus back on the person's button.
      $<HTMLButtonElement>(el, '#staff-edit-st_expert1')!.focus();
      await sendKeys({ press: 'Enter' });
      await until('the form', () => active(el)?.id === 'edit-name-st_expert1');
      await expect(el).to.be.accessible();
      await click(el, 'Бас тарту');
      await until('closed', () => active(el)?.id === 'staff-edit-st_expert1');
      // Changing: only what changed goes to the server.
      const sent: unknown[] = [];
      override(
        http.post('/api/v1/admin/cities/aksu/staff/st_expert1', async ({ request }) => {
          sent.push(await request.clone().json());
          return undefined;
        }),
      );
      await sendKeys({ press: 'Enter' });
      await until('the form again', () => active(el)?.id === 'edit-name-st_expert1');
      fill(el, '#edit-organisation-st_expert1', 'Ақсу қаласының әкімдігі');
      $<HTMLInputElement>(el, 'input[name="role"][value="coordinator"]')!.click();
      await click(el, 'Сақтау');
      await until('saved', () => text(el).includes('Сақталды: Айгүл Серікқызы.'));
      expect(sent).to.deep.equal([{ organisation: 'Ақсу қаласының әкімдігі', role: 'coordinator' }]);
      expect(state.staff.find((m) => m.id === 'st_expert1')).to.include({ organisation: 'Ақсу қаласының әкімдігі', role: 'coordinator' });
      expect(active(el)?.id).to.equal('staff-edit-st_expert1');
      expect(text(el)).to.contain('Ақсу қаласының әкімдігі');
      await expect(el).to.be.accessible();
    });

    it('a coordinator signed in as a person edits their own name, never their own role (another coordinator changes it)', async () => {
      const state = await mock({ staff: true });
      const me = state.staff.find((m) => m.id === 'st_expert1')!;
      state.staff.push({ ...me, id: 'st_coord1', name: 'Дана Омарова', organisation: 'Проектный центр', role: 'coordinator', contactHint: '…48' });
      state.contacts.set('st_coord1', '+77010000048');
      const el = await fixture<QalaCentre>(html`<qala-centre api="/api/v1" city="aksu" lang="ru"></qala-centre>`);
      await until('sign-in', () => $(el, '#signin-contact'));
      await askCode(el, '+7 701 000 00 48');
      sendCode(el);
      await until('signed in', () => root(el).querySelector('li.proposal'));
      await click(el, 'Люди');
      await until('the people', () => $(el, '#staff-edit-st_coord1'));
      // Another person's form offers the role; one's own does not, and says who changes it.
      $<HTMLButtonElement>(el, '#staff-edit-st_expert1')!.click();
      await until('their form', () => $(el, '#edit-name-st_expert1'));
      expect($(el, '#edit-name-st_expert1')!.closest('form')!.querySelectorAll('input[name="role"]').length).to.equal(2);
      await click(el, 'Отмена');
      await until('closed', () => active(el)?.id === 'staff-edit-st_expert1');
      const sent: unknown[] = [];
      override(
        http.post('/api/v1/admin/cities/aksu/staff/st_coord1', async ({ request }) => {
          sent.push(await request.clone().json());
          return undefined;
        }),
      );
      $<HTMLButtonElement>(el, '#staff-edit-st_coord1')!.focus();
      await sendKeys({ press: 'Enter' });
      await until('my form', () => active(el)?.id === 'edit-name-st_coord1');
      expect($(el, '#edit-name-st_coord1')!.closest('form')!.querySelectorAll('input[name="role"]').length, 'a role choice for oneself').to.equal(0);
      expect(text(el)).to.contain('Ваша роль: Координатор. Изменить её может другой координатор.');
      await expect(el).to.be.accessible();
      fill(el, '#edit-name-st_coord1', 'Дана Омарова-Ким');
      await click(el, 'Сохранить');
      await until('saved', () => text(el).includes('Сохранено: Дана Омарова-Ким.'));
      expect(sent).to.deep.equal([{ name: 'Дана Омарова-Ким' }]);
      expect(state.staff.find((m) => m.id === 'st_coord1')).to.include({ name: 'Дана Омарова-Ким', role: 'coordinator' });
      expect(active(el)?.id).to.equal('staff-edit-st_coord1');
    });

    it('a coordinator assigns an expert, reads the summary, and manages people', async () => {
      const state = await mock({ staff: true });
      const p = state.proposals.find((x) => x.status === 'under_review')!;
      const el = await signedIn('en');
      await openProposal(el, p.id);
      await until('the summary', () => text(el).includes('Assigned: 0'));
      $<HTMLSelectElement>(el, '#assign-expert')!.value = 'st_expert1';
      $<HTMLFormElement>(el, '#assign-expert')!.form!.requestSubmit();
      await until('assigned', () => text(el).includes('Assigned: 1'));
      expect(state.assignments.map((a) => [a.proposalId, a.staffId])).to.deep.equal([[p.id, 'st_expert1']]);
      await expect(el).to.be.accessible();
      await click(el, /Back to the queue/);
      await click(el, 'People');
      expect(text(el)).to.contain('Айгүл Серікқызы');
      await expect(el).to.be.accessible();
      await click(el, 'Revoke');
      await until('revoked', () => text(el).includes('can no longer sign in'));
      expect(state.staff.find((s) => s.id === 'st_expert1')!.status).to.equal('revoked');
    });
  });
});
