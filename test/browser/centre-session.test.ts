import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { QalaCentre } from '../../src/centre/centre.js';
import '../../src/centre/define.js';
import { MOCK_ADMIN_TOKEN, type AdminMockState } from '../../src/mock/admin-handlers.js';
import { $, active, adminMock, askCode, button, fill, leaving, override, root, sendCode, signedIn, text, until } from './support/centre.js';

/** What the element keeps private that these tests drive: the idle check (a timer's), the credential's last answer. */
type Inside = {
  checkIdle(): void;
  session: { signed?: { api: { lastAnswerAt: number } } };
};
const inside = (el: QalaCentre) => el as unknown as Inside;

const value = (el: QalaCentre, selector: string) => $<HTMLInputElement | HTMLTextAreaElement>(el, selector)!.value;
const checked = (el: QalaCentre, selector: string) => $<HTMLInputElement>(el, selector)!.checked;
const dialog = (el: QalaCentre) => $<HTMLDialogElement>(el, '#resign-dialog');

/** The mock's expert, assigned a proposal under review, signed in with a code and its assessment form open. */
async function expertAssessing(lang: 'kk' | 'ru' | 'en'): Promise<{ el: QalaCentre; state: AdminMockState; id: string }> {
  const state = await adminMock({ staff: true });
  const p = state.proposals.find((x) => x.status === 'under_review')!;
  state.assignments.push({ proposalId: p.id, proposalTitle: p.title, proposalStatus: p.status, staffId: 'st_expert1', expertName: 'Айгүл Серікқызы', organisation: 'Акимат', state: 'pending', assignedAt: state.config.serverTime, assignedBy: 'Aksu project centre', updatedAt: null });
  const main = await fixture<HTMLElement>(html`<main><qala-centre api="/api/v1" city="aksu" lang=${lang}></qala-centre></main>`);
  const el = main.firstElementChild as QalaCentre;
  await until('sign-in', () => $(el, '#signin-contact'));
  await askCode(el);
  sendCode(el);
  await until('the queue', () => $(el, `#open-${CSS.escape(p.id)}`));
  $<HTMLButtonElement>(el, `#open-${CSS.escape(p.id)}`)!.click();
  await until('the form', () => $(el, 'input[name="score-feasibility"]'));
  return { el, state, id: p.id };
}

/** The expert's typed assessment: two scores, a recommendation, a note. */
function typeAssessment(el: QalaCentre, note: string): void {
  $<HTMLInputElement>(el, 'input[name="score-feasibility"][value="4"]')!.click();
  $<HTMLInputElement>(el, 'input[name="score-benefit"][value="5"]')!.click();
  $<HTMLInputElement>(el, 'input[name="recommendation"][value="accept"]')!.click();
  fill(el, '#assess-note', note);
}

function expectAssessment(el: QalaCentre, note: string): void {
  expect(checked(el, 'input[name="score-feasibility"][value="4"]'), 'a score').to.equal(true);
  expect(checked(el, 'input[name="score-benefit"][value="5"]'), 'a score').to.equal(true);
  expect(checked(el, 'input[name="recommendation"][value="accept"]'), 'the recommendation').to.equal(true);
  expect(value(el, '#assess-note'), 'the note').to.equal(note);
}

describe('<qala-centre>: a session that ends keeps the work (#session)', () => {
  it('the server ends the session before a save: the sign-in opens over the form, the same expert signs in again, the scores and note are there and one press saves them (ru)', async () => {
    const { el, state, id } = await expertAssessing('ru');
    const note = 'Место согласовано с отделом архитектуры';
    typeAssessment(el, note);
    expect(leaving(el), 'the typed assessment holds the page').to.equal(true);

    // 30 minutes without a request: the server has forgotten the session.
    state.sessions.clear();
    $<HTMLButtonElement>(el, `#act-assess-${id}`)!.focus();
    $<HTMLFormElement>(el, '#assess-note')!.form!.requestSubmit();
    await until('the sign-in dialog', () => dialog(el)?.open);
    await until('the focus in the dialog', () => active(el)?.id === 'signin-contact');
    expect(dialog(el)!.getAttribute('aria-labelledby')).to.equal('signin-heading');
    expect($(el, '#resign-dialog #signin-heading')!.textContent!.trim()).to.equal('Войдите снова');
    expect($(el, '#resign-lead')!.textContent).to.contain('войдите снова как Айгүл Серікқызы');
    expect($(el, `#act-assess-${id}-msg`)!.textContent).to.contain('Ваш вход закончился');
    expect($(el, `#act-assess-${id}-msg`)!.textContent).to.not.contain('Выйдите');
    expectAssessment(el, note);
    expect(leaving(el), 'still not saved').to.equal(true);
    await expect(el).to.be.accessible();

    await askCode(el);
    expect(dialog(el)!.contains(active(el)), 'the code field is in the dialog').to.equal(true);
    sendCode(el);
    await until('the dialog closes', () => !dialog(el));
    await until('the focus back on Save', () => active(el)?.id === `act-assess-${id}`);
    expectAssessment(el, note);
    expect($(el, `#act-assess-${id}-msg`)!.textContent).to.contain('Вы снова вошли. Нажмите кнопку ещё раз, чтобы сохранить.');
    expect(state.assessments.get(`${id}/st_expert1`), 'nothing saved yet').to.equal(undefined);
    await expect(el).to.be.accessible();

    $<HTMLButtonElement>(el, `#act-assess-${id}`)!.click();
    await until('saved', () => text(el).includes('Ваша оценка сохранена'));
    expect(state.assessments.get(`${id}/st_expert1`)).to.include({ recommendation: 'accept', note });
    expect(leaving(el), 'saved: the page may go').to.equal(false);
  });

  it('someone else signs in over a lapsed session: the expert’s typed note is not shown to them (kk)', async () => {
    const { el, state } = await expertAssessing('kk');
    typeAssessment(el, 'Жеке ескертпе');
    state.sessions.clear();
    $<HTMLButtonElement>(el, '#act-refresh')!.click();
    await until('the sign-in dialog', () => dialog(el)?.open);
    expect($(el, '#resign-dialog #signin-heading')!.textContent!.trim()).to.equal('Қайта кіріңіз');
    expect(text(el)).to.contain('Кіру сессияңыз аяқталды');
    await expect(el).to.be.accessible();

    $<HTMLElement>(el, '#resign-dialog summary')!.click();
    fill(el, '#token', MOCK_ADMIN_TOKEN);
    $<HTMLFormElement>(el, '#token')!.form!.requestSubmit();
    await until('the dialog closes', () => !dialog(el));
    await until('the queue', () => root(el).querySelector('li.proposal'));
    expect($(el, '#assess-note'), 'no assessment form').to.equal(null);
    expect(text(el)).to.not.contain('Жеке ескертпе');
    expect(leaving(el)).to.equal(false);
    await until('the focus on who is signed in', () => active(el)?.id === 'who');
    await expect(el).to.be.accessible();
  });

  it('closing the sign-in (Esc) leaves the work readable with a notice that opens it again; signing out from it drops the work', async () => {
    const { el, state } = await expertAssessing('en');
    typeAssessment(el, 'A private note');
    state.sessions.clear();
    $<HTMLButtonElement>(el, '#act-refresh')!.click();
    await until('the sign-in dialog', () => dialog(el)?.open);
    dialog(el)!.close();
    await until('the notice', () => $(el, '#resign-notice'));
    expect($(el, '#resign-notice')!.textContent).to.contain('What you typed stays on this page until you sign in again.');
    expectAssessment(el, 'A private note');
    await expect(el).to.be.accessible();
    button(el, 'Sign in again')!.click();
    await until('the dialog again', () => dialog(el)?.open);
    await until('the focus in the dialog', () => active(el)?.id === 'signin-contact');
    $<HTMLButtonElement>(el, '#resign-signout')!.click();
    await until('the sign-in page', () => !dialog(el) && $(el, '#signin-contact'));
    expect($(el, '#assess-note')).to.equal(null);
    expect(leaving(el)).to.equal(false);
  });

  it('warns a couple of minutes before the idle limit; "Stay signed in" asks the server; past the limit the sign-in opens by itself (ru)', async () => {
    const { el, state } = await expertAssessing('ru');
    fill(el, '#assess-note', 'Черновик');
    const api = inside(el).session.signed!.api;
    inside(el).checkIdle();
    await el.updateComplete;
    expect($(el, '#idle-notice'), 'no warning after a request').to.equal(null);

    api.lastAnswerAt = Date.now() - 27 * 60_000;
    inside(el).checkIdle();
    await until('the warning', () => $(el, '#idle-notice'));
    expect($(el, '#idle-notice')!.textContent).to.contain('Без действий вход закончится примерно через 2 минуты.');
    await expect(el).to.be.accessible();
    const calls = state.calls.length;
    $<HTMLButtonElement>(el, '#act-stay')!.click();
    await until('stayed', () => !$(el, '#idle-notice') && text(el).includes('Вход продлён.'));
    expect(state.calls.length, 'the server was asked').to.be.greaterThan(calls);
    expect(Date.now() - api.lastAnswerAt).to.be.lessThan(60_000);

    api.lastAnswerAt = Date.now() - 31 * 60_000;
    inside(el).checkIdle();
    await until('the sign-in dialog', () => dialog(el)?.open);
    expect(value(el, '#assess-note')).to.equal('Черновик');
  });

  it('a coordinator’s typed decision holds the page until it is saved; a failed save keeps holding it', async () => {
    const state = await adminMock({ staff: true });
    const p = state.proposals.find((x) => x.status === 'under_review')!;
    const el = await signedIn('en');
    expect(leaving(el), 'nothing typed').to.equal(false);
    if (!$(el, `#open-${CSS.escape(p.id)}`)) button(el, /^\s*All/)!.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, `#open-${CSS.escape(p.id)}`)!.click();
    await until('the review', () => $(el, '#review-heading'));
    expect(leaving(el), 'a form opened, nothing typed').to.equal(false);
    $<HTMLSelectElement>(el, '#status-select')!.value = 'accepted';
    $<HTMLSelectElement>(el, '#status-select')!.dispatchEvent(new Event('change', { bubbles: true }));
    fill(el, '#status-note', 'Принято к голосованию');
    expect(leaving(el)).to.equal(true);
    override(http.post(/\/status$/, () => HttpResponse.error()));
    $<HTMLFormElement>(el, '#status-note')!.form!.requestSubmit();
    await until('refused', () => $(el, `#act-status-${p.id}-msg .field-error`));
    expect(leaving(el), 'not saved').to.equal(true);
  });
});

describe('<qala-centre>: how long to wait after too many sign-in codes', () => {
  async function refusedStart(lang: 'kk' | 'ru' | 'en', answer: () => Response): Promise<QalaCentre> {
    await adminMock({ staff: true });
    override(http.post('/api/v1/admin/cities/aksu/sign-in', answer));
    const main = await fixture<HTMLElement>(html`<main><qala-centre api="/api/v1" city="aksu" lang=${lang}></qala-centre></main>`);
    const el = main.firstElementChild as QalaCentre;
    await until('sign-in', () => $(el, '#signin-contact'));
    fill(el, '#signin-contact', '+7 701 000 00 47');
    $<HTMLFormElement>(el, '#signin-contact')!.form!.requestSubmit();
    await until('the refusal', () => $(el, '#act-signin-code-msg .field-error'));
    return el;
  }
  const tooMany = (retryAfter: number, inBody = true) => () =>
    HttpResponse.json(
      { code: 'too_many_codes', message: 'too many codes were sent to this phone; try again later', ...(inBody ? { details: { retryAfter } } : {}) },
      { status: 429, headers: { 'Retry-After': String(retryAfter) } },
    );

  it('says the wait in minutes, with the plural Russian needs, and keeps the focus on the button (ru)', async () => {
    const el = await refusedStart('ru', tooMany(43 * 60 - 20));
    const said = $(el, '#act-signin-code-msg .field-error')!.textContent!.replace(/\s+/g, ' ');
    expect(said).to.contain('Слишком много кодов или попыток для этого номера.');
    expect(said).to.contain('Попробуйте снова через 43 минуты.');
    expect(active(el)?.id).to.equal('act-signin-code');
    await expect(el).to.be.accessible();
  });

  it('in Kazakh, from the Retry-After header alone', async () => {
    const el = await refusedStart('kk', tooMany(21 * 60, false));
    expect($(el, '#act-signin-code-msg .field-error')!.textContent).to.contain('21 минуттан кейін қайталап көріңіз.');
  });

  it('a wait of hours in hours; a minute as one minute (en)', async () => {
    const el = await refusedStart('en', tooMany(5 * 3600));
    expect($(el, '#act-signin-code-msg .field-error')!.textContent).to.contain('Try again in 5 hours.');
    const again = await refusedStart('en', tooMany(30));
    expect($(again, '#act-signin-code-msg .field-error')!.textContent).to.contain('Try again in 1 minute.');
  });
});
