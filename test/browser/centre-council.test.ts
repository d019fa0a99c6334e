import { expect } from '@open-wc/testing';
import type { QalaCentre } from '../../src/centre/centre.js';
import '../../src/centre/define.js';
import type { AdminMockState } from '../../src/mock/admin-handlers.js';
import { sendKeys, setViewport } from './support/commands.js';
import { $, active, adminMock, click, fill, root, signedIn, text, until } from './support/centre.js';

// The coordinator's forms on a proposal and on people: what the keyboard and a screen reader are left with after an
// action removed the control that ran it, and the public reasons the server insists on, asked for before sending.

async function openProposal(el: QalaCentre, id: string): Promise<void> {
  if (!$(el, `#open-${CSS.escape(id)}`)) await click(el, /^\s*(All|Барлығы|Все)/);
  $<HTMLButtonElement>(el, `#open-${CSS.escape(id)}`)!.click();
  await until('the review', () => $(el, '#review-heading'));
  await el.updateComplete;
}

/** Two experts assigned to an open proposal: the mock's Aigul, then Olga Kim. */
function twoAssigned(state: AdminMockState) {
  const p = state.proposals.find((x) => x.status === 'under_review')!;
  const aigul = state.staff.find((m) => m.id === 'st_expert1')!;
  state.staff.push({ ...aigul, id: 'st_expert3', name: 'Ольга Ким', organisation: 'ТОО «Қала құрылыс»', contactHint: '…49' });
  for (const m of [aigul, state.staff.at(-1)!])
    state.assignments.push({ proposalId: p.id, proposalTitle: p.title, proposalStatus: p.status, staffId: m.id, expertName: m.name, organisation: m.organisation, state: 'pending', assignedAt: state.config.serverTime, assignedBy: 'Aksu project centre', updatedAt: null });
  return p;
}

const options = (el: QalaCentre, selector: string) => [...$<HTMLSelectElement>(el, selector)!.options].map((o) => o.value);

function choose(el: QalaCentre, selector: string, value: string): void {
  const select = $<HTMLSelectElement>(el, selector)!;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

/** The ids an element's aria-describedby names, and their text. */
const description = (el: QalaCentre, field: HTMLElement) =>
  (field.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => root(el).getElementById(id)?.textContent?.trim() ?? `(no #${id})`)
    .join(' ');

describe('<qala-centre> council and status forms', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('removing an expert by keyboard says so politely and leaves the focus on the list’s heading, so a second Enter removes nobody else (ru, 360 px)', async () => {
    const state = await adminMock({ staff: true });
    const p = twoAssigned(state);
    await setViewport({ width: 360, height: 740 });
    const el = await signedIn('ru');
    await openProposal(el, p.id);
    const first = `#act-unassign-${CSS.escape(p.id)}-st_expert1`;
    await until('the assigned experts', () => $(el, first));
    expect($(el, first)!.getAttribute('aria-label')).to.equal('Снять: Айгүл Серікқызы');
    $<HTMLButtonElement>(el, first)!.focus();
    await sendKeys({ press: 'Enter' });
    await until('removed', () => !state.assignments.some((a) => a.staffId === 'st_expert1'));
    await until('the focus on the heading', () => active(el)?.id === 'assign-heading');
    const said = $(el, `#act-assigned-${CSS.escape(p.id)}-msg`)!;
    await until('said', () => said.textContent!.includes('Назначение снято: Айгүл Серікқызы больше не оценивает это предложение.'));
    expect(said.getAttribute('aria-live')).to.equal('polite');
    // The next person's button did not take the focus: Enter again removes nobody.
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(state.assignments.filter((a) => a.proposalId === p.id).map((a) => a.staffId)).to.deep.equal(['st_expert3']);
    expect($(el, `#act-unassign-${CSS.escape(p.id)}-st_expert3`)!.getAttribute('aria-label')).to.equal('Снять: Ольга Ким');
    await expect(el).to.be.accessible();
  });

  it('rejecting without a public note is asked for at the note, naming it, before anything is sent; with the note it is saved (kk)', async () => {
    const state = await adminMock();
    const p = state.proposals.find((x) => x.status === 'under_review' && x.poolId === undefined)!;
    const el = await signedIn('kk');
    await openProposal(el, p.id);
    const note = $<HTMLTextAreaElement>(el, '#status-note')!;
    expect(note.getAttribute('aria-required'), 'under review: the note is optional').to.equal('false');
    choose(el, '#status-select', 'rejected');
    await el.updateComplete;
    expect(note.getAttribute('aria-required')).to.equal('true');
    expect(description(el, note)).to.contain('«Қабылданбады» мәртебесі үшін міндетті');
    const calls = state.calls.length;
    $<HTMLFormElement>(el, '#status-note')!.form!.requestSubmit();
    await until('the note marked', () => note.getAttribute('aria-invalid') === 'true');
    await until('the focus in the note', () => active(el)?.id === 'status-note');
    expect(description(el, note)).to.contain('«Авторға ескертпе» өрісін толтырыңыз: «Қабылданбады» мәртебесі тек жария себебімен қойылады.');
    expect(state.calls.slice(calls).filter((c) => c.endsWith('/status')), 'nothing sent').to.deep.equal([]);
    expect(state.proposals.find((x) => x.id === p.id)!.status).to.equal('under_review');
    await expect(el).to.be.accessible();
    fill(el, '#status-note', 'Жер телімі жеке меншікте.');
    await el.updateComplete;
    expect(note.hasAttribute('aria-invalid'), 'written: no longer marked').to.equal(false);
    $<HTMLFormElement>(el, '#status-note')!.form!.requestSubmit();
    await until('saved', () => text(el).includes('Мәртебе сақталды.'));
    expect(state.proposals.find((x) => x.id === p.id)).to.include({ status: 'rejected', reviewNote: 'Жер телімі жеке меншікте.' });
  });

  it('a proposal never on the ballot is offered no status of the ballot; one on a ballot not fixed yet is (ru)', async () => {
    const state = await adminMock({ phase: 'review' });
    const off = state.proposals.find((x) => x.status === 'under_review' && x.poolId === undefined)!;
    const on = state.proposals.find((x) => x.status === 'on_ballot' && x.poolId !== undefined)!;
    const el = await signedIn('ru');
    await openProposal(el, off.id);
    expect(options(el, '#status-select')).to.deep.equal(['under_review', 'needs_changes', 'accepted', 'rejected', 'withdrawn']);
    expect($<HTMLSelectElement>(el, '#status-select')!.value).to.equal('under_review');
    await click(el, /←/);
    await openProposal(el, on.id);
    expect(options(el, '#status-select')).to.include.members(['rejected', 'winner', 'not_funded', 'in_progress', 'implemented']);
    await expect(el).to.be.accessible();
  });

  it('a council decision without a public reason names the field and marks both reason fields, with the focus in the person’s language (ru)', async () => {
    const state = await adminMock({ staff: true });
    const p = state.proposals.find((x) => x.status === 'under_review')!;
    const el = await signedIn('ru');
    await openProposal(el, p.id);
    await until('the decision form', () => $(el, 'input[name="outcome"][value="reject"]'));
    $<HTMLInputElement>(el, 'input[name="outcome"][value="reject"]')!.click();
    const calls = state.calls.length;
    $<HTMLFormElement>(el, '#decision-reason-ru')!.form!.requestSubmit();
    await until('the focus in the Russian reason', () => active(el)?.id === 'decision-reason-ru');
    const said = 'Заполните поле «Публичная причина» — по-казахски, по-русски или на обоих языках: без неё решение не записывается.';
    for (const id of ['decision-reason-kk', 'decision-reason-ru']) {
      const field = $(el, `#${id}`)!;
      expect(field.getAttribute('aria-invalid'), id).to.equal('true');
      expect(description(el, field), id).to.equal(said);
    }
    expect(text(el)).not.to.contain('Проверьте введённое');
    expect(state.calls.slice(calls).filter((c) => c.endsWith('/decision')), 'nothing sent').to.deep.equal([]);
    await expect(el).to.be.accessible();
    fill(el, '#decision-reason-kk', 'Жер телімі жеке меншікте.');
    await el.updateComplete;
    expect($(el, '#decision-reason-ru')!.hasAttribute('aria-invalid')).to.equal(false);
    $<HTMLFormElement>(el, '#decision-reason-ru')!.form!.requestSubmit();
    await until('recorded', () => text(el).includes('Решение записано.'));
    expect(state.proposals.find((x) => x.id === p.id)!.status).to.equal('rejected');
  });

  it('revoking a person’s access by keyboard leaves the focus on what it said, in place of the button (ru)', async () => {
    const state = await adminMock({ staff: true });
    const el = await signedIn('ru');
    await click(el, 'Люди');
    const revoke = '#act-revoke-st_expert1';
    await until('the people', () => $(el, revoke));
    $<HTMLButtonElement>(el, revoke)!.focus();
    await sendKeys({ press: 'Enter' });
    await until('revoked', () => state.staff.find((m) => m.id === 'st_expert1')!.status === 'revoked');
    await until('the focus on the result', () => active(el)?.id === 'revoked-st_expert1');
    expect(active(el)!.textContent).to.contain('Айгүл Серікқызы больше не может войти');
    expect($(el, revoke), 'the button is gone').to.equal(null);
    await expect(el).to.be.accessible();
  });
});
