import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { QalaCentre } from '../../src/centre/centre.js';
import '../../src/centre/define.js';
import { $, active, adminMock, askCode, button, click, fill, override, root, sendCode, signedIn, text, until } from './support/centre.js';

/**
 * The connection drops after an action was saved: the reload's GETs fail. What loaded before stays on screen
 * with everything typed, the action says it worked, and a notice with a retry says the data is not fresh.
 */
function outage(pattern: string | RegExp = '/api/v1/*'): { on: boolean } {
  const net = { on: true };
  // Returning nothing hands the request on to the mock's own handler.
  override(http.get(pattern, () => (net.on ? HttpResponse.error() : undefined)));
  return net;
}

const value = (el: QalaCentre, selector: string) => $<HTMLInputElement | HTMLTextAreaElement>(el, selector)!.value;

async function openProposal(el: QalaCentre, id: string): Promise<void> {
  if (!$(el, `#open-${CSS.escape(id)}`)) await click(el, /^\s*(All|Барлығы|Все)/);
  $<HTMLButtonElement>(el, `#open-${CSS.escape(id)}`)!.click();
  await until('the review', () => $(el, '#review-heading'));
  await el.updateComplete;
}

describe('<qala-centre>: a refresh that fails keeps what is shown', () => {
  it('a status saved, then the reload fails: the review stays with the other forms as typed, the save says it worked, and the notice’s retry refreshes', async () => {
    const state = await adminMock({ staff: true });
    const p = state.proposals.find((x) => x.status === 'under_review')!;
    const el = await signedIn('en');
    await openProposal(el, p.id);
    fill(el, '#decision-reason-kk', 'Жоба қала жоспарына сай келеді');
    fill(el, '#decision-reason-ru', 'Проект соответствует плану города');
    fill(el, '#decision-cost', '4500000');
    fill(el, '#merge-note', 'Тот же двор');
    const net = outage();
    $<HTMLSelectElement>(el, '#status-select')!.value = 'accepted';
    fill(el, '#status-note', 'Принято к голосованию');
    $<HTMLButtonElement>(el, `#act-status-${p.id}`)!.focus();
    $<HTMLFormElement>(el, '#status-note')!.form!.requestSubmit();
    await until('saved', () => $(el, `#act-status-${p.id}-msg`)!.textContent!.includes('Status saved.'));
    expect(state.proposals.find((x) => x.id === p.id)!.status).to.equal('accepted');
    await until('the notice', () => $(el, '#stale-notice'));
    expect($(el, `#act-status-${p.id}-msg .field-error`), 'the save worked').to.equal(null);
    expect($(el, '#stale-notice')!.textContent).to.contain('The city’s data could not be refreshed');
    expect($(el, '#review-heading'), 'the review stays open').to.not.equal(null);
    expect(text(el)).to.not.contain('The city’s data did not load');
    expect(value(el, '#decision-reason-kk')).to.equal('Жоба қала жоспарына сай келеді');
    expect(value(el, '#decision-reason-ru')).to.equal('Проект соответствует плану города');
    expect(value(el, '#decision-cost')).to.equal('4500000');
    expect(value(el, '#merge-note')).to.equal('Тот же двор');
    expect(active(el)?.id, 'the notice takes no focus').to.equal(`act-status-${p.id}`);
    await expect(el).to.be.accessible();

    net.on = false;
    $<HTMLButtonElement>(el, '#act-stale-retry')!.focus();
    $<HTMLButtonElement>(el, '#act-stale-retry')!.click();
    await until('refreshed', () => !$(el, '#stale-notice') && text(el).includes('Up to date.'));
    await until('the focus on Refresh', () => active(el)?.id === 'act-refresh');
    expect(value(el, '#decision-reason-kk')).to.equal('Жоба қала жоспарына сай келеді');
    expect(value(el, '#merge-note')).to.equal('Тот же двор');
    await expect(el).to.be.accessible();
  });

  it('an invitation made while the connection drops: its link is shown, the people stay listed, the notice says the data is not fresh (ru)', async () => {
    const state = await adminMock({ staff: true });
    const el = await signedIn('ru');
    await click(el, 'Люди');
    await until('the people', () => text(el).includes('Айгүл Серікқызы'));
    fill(el, '#invite-name', 'Ерлан Болатұлы');
    fill(el, '#invite-organisation', 'Акимат');
    fill(el, '#invite-contact', '+7 701 000 00 12');
    outage();
    $<HTMLFormElement>(el, '#invite-name')!.form!.requestSubmit();
    await until('the link', () => $(el, '#invite-link'));
    expect(value(el, '#invite-link')).to.match(/#invite=/);
    expect(state.staff.some((s) => s.name === 'Ерлан Болатұлы')).to.equal(true);
    await until('invited', () => $(el, '#act-invite-msg')!.textContent!.includes('Приглашение создано.'));
    await until('the notice', () => $(el, '#stale-notice'));
    expect($(el, '#act-invite-msg .field-error')).to.equal(null);
    expect($(el, '#stale-notice')!.textContent).to.contain('Не удалось обновить данные города');
    expect($(el, '#stale-notice')!.textContent).to.contain('Не удалось обновить данные экспертного совета');
    expect(text(el), 'the people loaded before').to.contain('Айгүл Серікқызы');
    expect(active(el)?.id).to.equal('invite-link');
    await expect(el).to.be.accessible();
  });

  it('"Refresh" on a bad connection keeps what was typed, says so beside it and in the notice; a failed retry keeps the focus (kk)', async () => {
    const state = await adminMock({ staff: true });
    const p = state.proposals.find((x) => x.status === 'under_review')!;
    const el = await signedIn('kk');
    await openProposal(el, p.id);
    fill(el, '#decision-reason-kk', 'Жоба қала жоспарына сай келеді');
    fill(el, '#status-note', 'Қосымша сызба керек');
    outage();
    $<HTMLButtonElement>(el, '#act-refresh')!.focus();
    $<HTMLButtonElement>(el, '#act-refresh')!.click();
    await until('the refusal', () => $(el, '#act-refresh-msg .field-error'));
    await until('the notice', () => $(el, '#stale-notice'));
    expect($(el, '#stale-notice')!.textContent).to.contain('Қала деректерін жаңарту мүмкін болмады');
    expect($(el, '#review-heading')).to.not.equal(null);
    expect(value(el, '#decision-reason-kk')).to.equal('Жоба қала жоспарына сай келеді');
    expect(value(el, '#status-note')).to.equal('Қосымша сызба керек');
    expect(active(el)?.id).to.equal('act-refresh');
    await expect(el).to.be.accessible();

    $<HTMLButtonElement>(el, '#act-stale-retry')!.focus();
    $<HTMLButtonElement>(el, '#act-stale-retry')!.click();
    await until('the retry’s refusal', () => $(el, '#act-stale-retry-msg .field-error'));
    expect(active(el)?.id).to.equal('act-stale-retry');
    expect($(el, '#stale-notice')).to.not.equal(null);
    expect(value(el, '#decision-reason-kk')).to.equal('Жоба қала жоспарына сай келеді');
    await expect(el).to.be.accessible();
  });

  it('the council’s data that did not load is said where it is used, not "nobody is assigned"; its retry loads it', async () => {
    const state = await adminMock({ staff: true });
    const p = state.proposals.find((x) => x.status === 'under_review')!;
    state.assignments.push({ proposalId: p.id, proposalTitle: p.title, proposalStatus: p.status, staffId: 'st_expert1', expertName: 'Айгүл Серікқызы', organisation: 'Акимат', state: 'pending', assignedAt: state.config.serverTime, assignedBy: 'Aksu project centre', updatedAt: null });
    const net = outage(/\/api\/v1\/admin\/cities\/aksu\/(criteria|assignments|staff)(\?|$)/);
    const el = await signedIn('en');
    await until('the notice', () => $(el, '#stale-notice'));
    expect($(el, '#stale-notice')!.textContent).to.contain('The expert council’s data (criteria, assignments, people) did not load');
    await openProposal(el, p.id);
    expect(text(el)).to.contain('The experts and their assignments did not load.');
    expect(text(el)).to.not.contain('No expert is assigned yet');
    expect(text(el)).to.not.contain('Every active expert is assigned');
    await expect(el).to.be.accessible();
    await click(el, /Back to the queue/);
    await click(el, 'People');
    expect(text(el)).to.contain('The list of people did not load.');
    await expect(el).to.be.accessible();

    $<HTMLButtonElement>(el, '#act-council-retry-staff')!.focus();
    $<HTMLButtonElement>(el, '#act-council-retry-staff')!.click();
    await until('the retry’s refusal', () => $(el, '#act-council-retry-staff-msg .field-error'));
    expect(active(el)?.id).to.equal('act-council-retry-staff');
    net.on = false;
    $<HTMLButtonElement>(el, '#act-council-retry-staff')!.click();
    await until('the people', () => text(el).includes('Айгүл Серікқызы'));
    expect(text(el)).to.not.contain('The list of people did not load.');
    expect($(el, '#stale-notice')).to.equal(null);
    await until('the focus on the heading', () => active(el)?.id === 'staff-heading');
    await expect(el).to.be.accessible();
  });

  it('an expert whose assignments did not load is not told the proposal is not theirs, nor "0 assigned to me" alone (ru)', async () => {
    const state = await adminMock({ staff: true });
    const p = state.proposals.find((x) => x.status === 'under_review')!;
    state.assignments.push({ proposalId: p.id, proposalTitle: p.title, proposalStatus: p.status, staffId: 'st_expert1', expertName: 'Айгүл Серікқызы', organisation: 'Акимат', state: 'pending', assignedAt: state.config.serverTime, assignedBy: 'Aksu project centre', updatedAt: null });
    const net = outage(/\/api\/v1\/admin\/cities\/aksu\/(criteria|assignments)(\?|$)/);
    const main = await fixture<HTMLElement>(html`<main><qala-centre api="/api/v1" city="aksu" lang="ru"></qala-centre></main>`);
    const el = main.firstElementChild as QalaCentre;
    await until('sign-in', () => $(el, '#signin-contact'));
    await askCode(el);
    sendCode(el);
    await until('signed in', () => root(el).querySelectorAll('li.proposal').length > 0 || button(el, /^\s*Все/));
    await until('the notice', () => $(el, '#stale-notice'));
    expect($(el, '#stale-notice')!.textContent).to.contain('Данные экспертного совета (критерии, назначения, люди) не загрузились');
    // The queue "assigned to me" says it cannot be listed, with no count of 0 and no "nothing here".
    const mine = button(el, /^\s*Назначены мне/)!;
    expect(!!mine.querySelector('.count'), 'no count for "mine"').to.equal(false);
    expect(text(el)).to.contain('Ваши назначения не загрузились, поэтому список назначенных вам предложений пока не показать.');
    expect(!!$(el, '#act-council-retry-queue'), 'a retry in the queue').to.equal(true);
    await openProposal(el, p.id);
    expect(text(el)).to.contain('Ваши назначения не загрузились');
    expect(text(el)).to.not.contain('вам не назначено');
    await expect(el).to.be.accessible();

    net.on = false;
    $<HTMLButtonElement>(el, '#act-council-retry-assess')!.focus();
    $<HTMLButtonElement>(el, '#act-council-retry-assess')!.click();
    await until('the form', () => $(el, 'input[name="score-feasibility"]'));
    await until('the focus on the heading', () => active(el)?.id === 'assess-heading');
    expect($(el, '#stale-notice')).to.equal(null);
    await expect(el).to.be.accessible();
  });
});
