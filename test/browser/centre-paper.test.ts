import { expect, fixture as mount, fixtureCleanup, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { createAdminMock, type AdminMockOptions, type AdminMockState } from '../../src/mock/admin-handlers.js';
import '../../src/centre/define.js';
import type { QalaCentre } from '../../src/centre/centre.js';
import { sendKeys, setViewport } from './support/commands.js';
import { $, active, button, click, leaving, override, root, serve, text, signedIn, until } from './support/centre.js';

// Paper ballots in the project centre (#13): entered as marked, checked by the vote's rules
// (the shared validateBallot), sent as a batch that is safe to retry, receipts to write on the papers.

async function mock(options: AdminMockOptions = {}): Promise<AdminMockState> {
  const { handlers, state } = createAdminMock({ base: '/api/v1', phase: 'voting', ...options });
  await serve(handlers);
  return state;
}

const markId = (id: string) => `#paper-mark-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
async function tick(el: QalaCentre, id: string, on = true) {
  const box = $<HTMLInputElement>(el, markId(id))!;
  if (box.checked !== on) box.click();
  await el.updateComplete;
}
const onBallot = (state: AdminMockState) => state.proposals.filter((p) => p.status === 'on_ballot' && p.poolId && !p.hidden);

async function openPaper(el: QalaCentre, label = 'Paper ballots'): Promise<void> {
  await click(el, label);
  await until('the section', () => $(el, '#paper-heading'));
  await until('the count', () => $(el, '#paper-count'));
}

describe('<qala-centre> paper ballots', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('enters ballots as marked: a ballot that breaks the rule is refused beside its button with the marks kept; the batch gets receipts and the count grows', async () => {
    const state = await mock();
    const projects = onBallot(state);
    expect(projects.length, 'the fixtures have enough projects on the ballot').to.be.at.least(4);
    const el = await signedIn('en');
    await openPaper(el);
    expect($(el, '#paper-count')!.textContent).to.contain('Entered on paper so far: 0 ballots');
    expect(text(el)).to.contain('tick the projects the resident chose (from 1 to 3)');
    await expect(el).to.be.accessible();

    // Four ticks where the rule allows three: refused by the shared rule, beside the button, which keeps the focus.
    for (const p of projects.slice(0, 4)) await tick(el, p.id);
    $<HTMLButtonElement>(el, '#act-paper-add')!.focus();
    $<HTMLFormElement>(el, '#paper-form')!.requestSubmit();
    await until('the refusal', () => $(el, '#act-paper-add-msg .field-error'));
    expect($(el, '#act-paper-add-msg')!.textContent).to.contain('At most 3 projects may be chosen');
    expect(active(el)?.id).to.equal('act-paper-add');
    expect(projects.slice(0, 4).every((p) => $<HTMLInputElement>(el, markId(p.id))!.checked)).to.equal(true);
    await expect(el).to.be.accessible();

    await tick(el, projects[3]!.id, false);
    $<HTMLFormElement>(el, '#paper-form')!.requestSubmit();
    await until('added', () => $(el, '#act-paper-add-msg')!.textContent!.includes('Added'));
    expect(active(el)?.id, 'back to the first mark for the next paper').to.equal(markId(projects[0]!.id).slice(1));
    expect(projects.every((p) => !$<HTMLInputElement>(el, markId(p.id))!.checked), 'the form is empty again').to.equal(true);
    await tick(el, projects[1]!.id);
    $<HTMLFormElement>(el, '#paper-form')!.requestSubmit();
    await until('two in the batch', () => text(el).includes('Batch to send: 2 ballots'));
    expect($(el, '#paper-batch')!.textContent).to.contain(projects[0]!.title);

    // No desk named: said beside the send button.
    $<HTMLButtonElement>(el, '#act-paper-send')!.focus();
    $<HTMLButtonElement>(el, '#act-paper-send')!.click();
    await until('the refusal', () => $(el, '#act-paper-send-msg .field-error'));
    expect($(el, '#act-paper-send-msg')!.textContent).to.contain('Name the desk');
    expect(active(el)?.id).to.equal('act-paper-send');
    expect(state.paperBallots).to.have.length(0);

    const desk = $<HTMLInputElement>(el, '#paper-desk')!;
    desk.value = 'Библиотека № 1';
    desk.dispatchEvent(new Event('input', { bubbles: true }));
    $<HTMLButtonElement>(el, '#act-paper-send')!.click();
    await until('the receipts', () => $(el, '#paper-receipts-heading'));
    await until('focus on the receipts', () => active(el)?.id === 'paper-receipts-heading');
    expect(root(el).querySelectorAll('.receipts code')).to.have.length(2);
    expect([...root(el).querySelectorAll('.receipts code')].every((c) => /^[0-9A-HJ-NP-Z]{4}(-[0-9A-HJ-NP-Z]{4}){3}$/.test(c.textContent!))).to.equal(true);
    expect(state.paperBallots).to.deep.equal([
      [{ poolId: projects[0]!.poolId, picks: projects.slice(0, 3).map((p) => ({ projectId: p.id })) }],
      [{ poolId: projects[1]!.poolId, picks: [{ projectId: projects[1]!.id }] }],
    ]);
    expect(state.audit[0]).to.deep.include({ action: 'ballots.paper', target: 'Библиотека № 1' });
    await until('the count', () => $(el, '#paper-count')!.textContent!.includes('2 ballots'));
    expect(text(el)).to.contain('Batch to send: 0 ballots');
    await expect(el).to.be.accessible();
  });

  it('district pools (ru): the batch names its district first, the form shows only that district’s pools and the city-wide ones, the district is fixed while the batch has papers, and the server gets it', async () => {
    const state = await mock();
    const cycle = state.config.cycle;
    cycle.pools.push(
      { id: 'center-pool', name: { kk: 'Орталық', ru: 'Район Центр', en: 'Centre district' }, budget: 30_000_000, scope: { kind: 'district', districts: ['center'] } },
      { id: 'zharma-pool', name: { kk: 'Жарма', ru: 'Район Жарма', en: 'Zharma district' }, budget: 30_000_000, scope: { kind: 'district', districts: ['zharma'] } },
    );
    const [inCity, inCenter, inZharma] = onBallot(state);
    inCenter!.poolId = 'center-pool';
    inZharma!.poolId = 'zharma-pool';
    const el = await signedIn('ru');
    await openPaper(el, 'Бумажные бюллетени');
    expect($(el, markId(inCity!.id)), 'no marks before the district').to.equal(null);
    expect($(el, '#paper-district-first')!.textContent).to.contain('Сначала выберите район');
    $<HTMLButtonElement>(el, '#act-paper-add')!.focus();
    $<HTMLFormElement>(el, '#paper-form')!.requestSubmit();
    await until('the refusal', () => $(el, '#act-paper-add-msg .field-error'));
    expect($(el, '#act-paper-add-msg')!.textContent).to.contain('Выберите район, чьи это бюллетени');
    await expect(el).to.be.accessible();

    const select = $<HTMLSelectElement>(el, '#paper-district')!;
    select.value = 'zharma';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect($(el, markId(inCenter!.id)), 'another district’s pool is not on this paper').to.equal(null);
    expect($(el, markId(inZharma!.id))).to.not.equal(null);
    await tick(el, inCity!.id);
    await tick(el, inZharma!.id);
    $<HTMLFormElement>(el, '#paper-form')!.requestSubmit();
    await until('added', () => $(el, '#act-paper-add-msg')!.textContent!.includes('Добавлен'));
    expect($<HTMLSelectElement>(el, '#paper-district')!.disabled, 'fixed while the batch has papers').to.equal(true);
    expect(text(el)).to.contain('Чтобы сменить район, сначала отправьте или удалите бюллетени этой пачки');
    await expect(el).to.be.accessible();

    const desk = $<HTMLInputElement>(el, '#paper-desk')!;
    desk.value = 'Школа № 3';
    desk.dispatchEvent(new Event('input', { bubbles: true }));
    $<HTMLButtonElement>(el, '#act-paper-send')!.click();
    await until('the receipts', () => $(el, '#paper-receipts-heading'));
    expect(state.paperBallots).to.have.length(1);
    expect(state.audit[0]).to.deep.include({ action: 'ballots.paper', target: 'Школа № 3' });
    expect(state.audit[0]!.details).to.deep.include({ district: 'zharma' });
    expect($<HTMLSelectElement>(el, '#paper-district')!.disabled, 'a new batch may be of another district').to.equal(false);
  });

  it('a batch the server refuses names the ballot beside the send button; a lost answer is retried with the same key, so the batch is entered once', async () => {
    const state = await mock();
    const projects = onBallot(state);
    const el = await signedIn('ru');
    await openPaper(el, 'Бумажные бюллетени');
    for (const id of [projects[0]!.id, projects[2]!.id]) {
      await tick(el, id);
      $<HTMLFormElement>(el, '#paper-form')!.requestSubmit();
      await until('added', () => $(el, '#act-paper-add-msg')!.textContent!.includes('Добавлен'));
      await tick(el, id, false);
    }
    const desk = $<HTMLInputElement>(el, '#paper-desk')!;
    desk.value = 'Школа № 2';
    desk.dispatchEvent(new Event('input', { bubbles: true }));
    // Meanwhile the project of the second ballot is taken off the ballot (hidden): the server's check refuses it.
    projects[2]!.hidden = true;
    $<HTMLButtonElement>(el, '#act-paper-send')!.click();
    await until('the refusal', () => $(el, '#act-paper-send-msg .field-error'));
    const said = $(el, '#act-paper-send-msg')!.textContent!.replace(/\s+/g, ' ');
    expect(said).to.contain('Бюллетень нарушает правила');
    expect(said).to.contain('Бюллетень 2: Отмеченного проекта (уже) нет в бюллетене');
    expect(active(el)?.id).to.equal('act-paper-send');
    expect(state.paperBallots).to.have.length(0);
    expect(text(el)).to.contain('Пачка к отправке: 2 бюллетеня');

    // Take it out of the batch; the first answer is lost on the way back, the retry carries the same key.
    $<HTMLButtonElement>(el, '#paper-remove-1')!.click();
    await el.updateComplete;
    const keys: string[] = [];
    let lost = false;
    override(
      http.post('/api/v1/admin/cities/aksu/paper-ballots', async ({ request }) => {
        keys.push(request.headers.get('idempotency-key') ?? '');
        if (lost) return undefined;
        lost = true;
        return HttpResponse.error();
      }),
    );
    $<HTMLButtonElement>(el, '#act-paper-send')!.click();
    await el.updateComplete;
    await until('the network error', () => $(el, '#act-paper-send-msg .field-error'));
    expect($(el, '#act-paper-send-msg')!.textContent).to.contain('Сервер не ответил');
    expect(active(el)?.id).to.equal('act-paper-send');
    $<HTMLButtonElement>(el, '#act-paper-send')!.click();
    await until('the receipts', () => $(el, '#paper-receipts-heading'));
    expect(keys).to.have.length(2);
    expect(keys[1]).to.equal(keys[0]);
    expect(state.paperBallots).to.have.length(1);
  });

  it('ru: a batch the server entered but whose answer was lost is kept aside and sent again under its key before the next batch, so no paper is counted twice', async () => {
    const { handlers, state } = createAdminMock({ base: '/api/v1', phase: 'voting' });
    await serve(handlers);
    const projects = onBallot(state);
    const el = await signedIn('ru');
    await openPaper(el, 'Бумажные бюллетени');
    await tick(el, projects[0]!.id);
    $<HTMLFormElement>(el, '#paper-form')!.requestSubmit();
    await until('added', () => $(el, '#act-paper-add-msg')!.textContent!.includes('Добавлен'));
    const desk = $<HTMLInputElement>(el, '#paper-desk')!;
    desk.value = 'Школа № 2';
    desk.dispatchEvent(new Event('input', { bubbles: true }));

    // The first request reaches the mock, which enters the paper; its answer is lost on the way back.
    const entering = handlers.find((h) => h.info.method === 'POST' && String(h.info.path).endsWith('/paper-ballots'))!;
    const keys: string[] = [];
    override(
      http.post('/api/v1/admin/cities/aksu/paper-ballots', async ({ request }) => {
        keys.push(request.headers.get('idempotency-key') ?? '');
        if (keys.length > 1) return undefined;
        await entering.run({ request: request.clone(), requestId: 'lost' });
        return HttpResponse.error();
      }),
    );
    $<HTMLButtonElement>(el, '#act-paper-send')!.click();
    await until('the network error', () => $(el, '#act-paper-send-msg .field-error'));
    expect(state.paperBallots, 'the server has it').to.have.length(1);
    await until('kept aside', () => $(el, '#paper-unsure'));
    expect($(el, '#paper-unsure-heading')!.textContent).to.contain('Отправлено, ответ не пришёл: 1 бюллетень (Школа № 2)');
    expect($(el, '#paper-unsure')!.textContent).to.contain(projects[0]!.title);
    expect(text(el)).to.contain('Пачка к отправке: 0 бюллетеней');
    expect($(el, '#act-paper-send')!.textContent).to.contain('Отправить ещё раз: 1 бюллетень');
    expect(leaving(el), 'leaving the page asks first: the paper is not known to be in').to.equal(true);
    await expect(el).to.be.accessible();

    // The clerk goes on with the next paper, as the message said, and sends.
    await tick(el, projects[1]!.id);
    $<HTMLFormElement>(el, '#paper-form')!.requestSubmit();
    await until('added', () => text(el).includes('Пачка к отправке: 1 бюллетень'));
    expect($(el, '#act-paper-send')!.textContent).to.contain('Отправить: 2 бюллетеня');
    $<HTMLButtonElement>(el, '#act-paper-send')!.click();
    await until('the receipts', () => $(el, '#paper-receipts-heading'));
    expect(keys, 'the lost batch again under its key, then the new one under a key of its own').to.have.length(3);
    expect(keys[1]).to.equal(keys[0]);
    expect(keys[2]).to.not.equal(keys[0]);
    expect(state.paperBallots, 'two papers, entered once each').to.have.length(2);
    expect(root(el).querySelectorAll('.receipts code')).to.have.length(2);
    expect($(el, '#paper-unsure') === null, 'no longer aside').to.equal(true);
    await until('the count', () => $(el, '#paper-count')!.textContent!.includes('Внесено бумажных бюллетеней: 2'));
  });

  it('a batch kept aside that the server then refuses (nothing was entered) comes back to the batch to be mended', async () => {
    const state = await mock();
    const projects = onBallot(state);
    const el = await signedIn('en');
    await openPaper(el);
    await tick(el, projects[0]!.id);
    $<HTMLFormElement>(el, '#paper-form')!.requestSubmit();
    await until('added', () => text(el).includes('Batch to send: 1 ballot'));
    const desk = $<HTMLInputElement>(el, '#paper-desk')!;
    desk.value = 'Desk 3';
    desk.dispatchEvent(new Event('input', { bubbles: true }));
    let calls = 0;
    override(http.post('/api/v1/admin/cities/aksu/paper-ballots', () => (++calls === 1 ? HttpResponse.error() : undefined)));
    $<HTMLButtonElement>(el, '#act-paper-send')!.click();
    await until('kept aside', () => $(el, '#paper-unsure'));
    // Meanwhile its project leaves the ballot: the server refuses the batch, and has entered nothing.
    projects[0]!.hidden = true;
    $<HTMLButtonElement>(el, '#act-paper-send')!.click();
    await until('the refusal', () => $(el, '#act-paper-send-msg')!.textContent!.includes('breaks the rules'));
    expect($(el, '#paper-unsure') === null, 'no longer aside').to.equal(true);
    expect(text(el)).to.contain('Batch to send: 1 ballot');
    expect($(el, '#paper-remove-0') !== null, 'it can be taken out').to.equal(true);
    expect($<HTMLInputElement>(el, '#paper-desk')!.value).to.equal('Desk 3');
    expect(state.paperBallots).to.have.length(0);
  });

  it('kk: closed before voting, and hidden from experts', async () => {
    const state = await mock({ phase: 'review', staff: true });
    let el = await signedIn('kk');
    await openPaper(el, 'Қағаз бюллетеньдер');
    expect(text(el)).to.contain('дауыс беру басталғаннан қорытындылар кезеңі аяқталғанға дейін');
    expect($(el, '#paper-form')).to.equal(null);
    await expect(el).to.be.accessible();

    // An expert (signed in with their code) has no such section.
    fixtureCleanup();
    const main = await mount<HTMLElement>(html`<main><qala-centre api="/api/v1" city="aksu" lang="kk"></qala-centre></main>`);
    el = main.firstElementChild as QalaCentre;
    await until('sign-in', () => $(el, '#signin-contact'));
    $<HTMLInputElement>(el, '#signin-contact')!.value = '+77010000047';
    $<HTMLFormElement>(el, '#signin-contact')!.form!.requestSubmit();
    await until('the code', () => $(el, '#signin-code'));
    $<HTMLInputElement>(el, '#signin-code')!.value = '123456';
    $<HTMLFormElement>(el, '#signin-code')!.form!.requestSubmit();
    await until('signed in', () => $(el, 'nav'));
    expect(text(el)).to.contain('сарапшы');
    expect(button(el, 'Қағаз бюллетеньдер')).to.equal(undefined);
    expect(state.calls.filter((c) => c.includes('paper'))).to.deep.equal([]);
  });

  it('a ranked vote: ranks typed per project, a rank given twice refused, the picks sent in rank order; fits 360 px', async () => {
    const state = await mock();
    state.config.cycle.ballot = { kind: 'ranked', maxRanks: 3 };
    const projects = onBallot(state);
    await setViewport({ width: 360, height: 740 });
    const el = await signedIn('ru');
    await openPaper(el, 'Бумажные бюллетени');
    expect(text(el)).to.contain('место, которое житель дал каждому проекту (1 — первый выбор, до 3)');
    const rank = async (id: string, value: string) => {
      const input = $<HTMLInputElement>(el, markId(id))!;
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await el.updateComplete;
    };
    await rank(projects[2]!.id, '1');
    await rank(projects[0]!.id, '1');
    $<HTMLFormElement>(el, '#paper-form')!.requestSubmit();
    await until('the refusal', () => $(el, '#act-paper-add-msg .field-error'));
    expect($(el, '#act-paper-add-msg')!.textContent).to.contain('У двух проектов одно и то же место');
    expect(active(el)?.id).to.equal('act-paper-add');
    await rank(projects[0]!.id, '2');
    $<HTMLFormElement>(el, '#paper-form')!.requestSubmit();
    await until('added', () => text(el).includes('Пачка к отправке: 1 бюллетень'));
    expect($(el, '#paper-batch')!.textContent!.replace(/\s+/g, ' ')).to.contain(`1. ${projects[2]!.title}; 2. ${projects[0]!.title}`);
    expect(Math.max(document.scrollingElement!.scrollWidth, el.scrollWidth)).to.be.at.most(360);
    await expect(el).to.be.accessible();
    const desk = $<HTMLInputElement>(el, '#paper-desk')!;
    desk.value = 'Школа № 2';
    desk.dispatchEvent(new Event('input', { bubbles: true }));
    $<HTMLButtonElement>(el, '#act-paper-send')!.click();
    await until('the receipts', () => $(el, '#paper-receipts-heading'));
    expect(state.paperBallots).to.deep.equal([[{ poolId: projects[0]!.poolId, picks: [{ projectId: projects[2]!.id }, { projectId: projects[0]!.id }] }]]);
  });

  it('works by keyboard and fits 360 px', async () => {
    const state = await mock();
    const projects = onBallot(state);
    await setViewport({ width: 360, height: 740 });
    const el = await signedIn('kk');
    await openPaper(el, 'Қағаз бюллетеньдер');
    const wide = () => Math.max(document.scrollingElement!.scrollWidth, el.scrollWidth);
    expect(wide()).to.be.at.most(360);
    $<HTMLInputElement>(el, markId(projects[0]!.id))!.focus();
    await sendKeys({ press: 'Space' });
    await until('ticked', () => $<HTMLInputElement>(el, markId(projects[0]!.id))!.checked);
    await sendKeys({ press: 'Enter' });
    await until('added', () => text(el).includes('Жіберілетін топтама: 1 бюллетень'));
    // A finger's target (WCAG 2.5.8): a link-looking button on a line of its own is at least 24 px tall.
    expect($(el, '#paper-remove-0')!.getBoundingClientRect().height, 'the remove link').to.be.at.least(24);
    $<HTMLInputElement>(el, '#paper-desk')!.focus();
    await sendKeys({ type: 'Пункт 3' });
    await sendKeys({ press: 'Tab' });
    expect(active(el)?.id).to.equal('act-paper-send');
    await sendKeys({ press: 'Enter' });
    await until('the receipts', () => active(el)?.id === 'paper-receipts-heading');
    expect(state.paperBallots).to.have.length(1);
    expect(wide()).to.be.at.most(360);
    await expect(el).to.be.accessible();
  });
});
