import { expect, fixture as mount, fixtureCleanup, html } from '@open-wc/testing';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createAdminMock, type AdminMockOptions, type AdminMockState } from '../../src/mock/admin-handlers.js';
import { createImplementationAdminMock } from '../../src/mock/implementation-admin-handlers.js';
import '../../src/centre/define.js';
import type { QalaCentre } from '../../src/centre/centre.js';
import { $, active, askCode, button, click, fill, override, sendCode, serve, signedIn, text, until } from './support/centre.js';

// Refusals of the admin and staff routes as the server words them (src/server/services/*), said in
// staff's terms rather than "Check what you entered:" alone or a misleading fallback; and loads that
// failed get their own retry, apart from the save that preceded them.

const A = '/api/v1/admin/cities/aksu';

async function mock(options: AdminMockOptions = {}, extra: HttpHandler[] = []): Promise<AdminMockState> {
  const { handlers, state } = createAdminMock({ base: '/api/v1', ...options });
  await serve([...extra, ...handlers]);
  return state;
}

/** The server's error body (src/server/errors.ts `HttpError.toBody`). */
const refusal = (status: number, code: string, message: string, details?: Record<string, unknown>) =>
  HttpResponse.json(details ? { code, message, details } : { code, message }, { status });

/** A centre that is not signed in yet, for Aksu. */
async function signIn(lang: 'kk' | 'ru' | 'en'): Promise<QalaCentre> {
  const main = await mount<HTMLElement>(html`<main><qala-centre api="/api/v1" city="aksu" lang=${lang}></qala-centre></main>`);
  const el = main.firstElementChild as QalaCentre;
  await until('sign-in', () => $(el, '#signin-contact') || $(el, '#signin-city'));
  return el;
}

const message = (el: QalaCentre, key: string) => $(el, `#act-${key}-msg`)?.textContent?.replace(/\s+/g, ' ') ?? '';

function choose(el: QalaCentre, file: string): void {
  const input = $<HTMLInputElement>(el, '#voters-file')!;
  const files = new DataTransfer();
  files.items.add(new File([file], 'list.csv', { type: 'text/csv' }));
  input.files = files.files;
}

describe('<qala-centre> refusals and failed loads', () => {
  afterEach(() => fixtureCleanup());

  it('a voter list with no usable row (ru, kk): the reason and the refused rows by line, nothing said to be changed', async () => {
    for (const [lang, nav, reason, line, nothing] of [
      ['ru', 'Список избирателей', 'В файле нет ни одной пригодной строки', 'Строка 2: ИИН не из 12 цифр', 'Ничего не изменилось'],
      ['kk', 'Сайлаушылар тізімі', 'Файлда пайдалануға жарамды бірде-бір жол жоқ', '2-жол: ЖСН 12 цифрдан тұрмайды', 'Ештеңе өзгерген жоқ'],
    ] as const) {
      fixtureCleanup();
      await mock({ identity: 'voter_list' }, [
        // Added to the list, as the form does unless asked otherwise.
        http.post(`${A}/voter-list`, () =>
          refusal(400, 'validation_failed', 'the file has no usable row; nothing was changed', {
            issues: [{ path: [], message: 'voter_list.empty' }],
            rejected: [
              { line: 1, problem: 'columns' },
              { line: 2, problem: 'iin.format' },
            ],
          }),
        ),
      ]);
      const el = await signedIn(lang);
      await until('the section', () => button(el, nav));
      await click(el, nav);
      await until('the summary', () => $(el, '#voters-heading') && !$(el, '#act-voters-load-msg .muted'));
      choose(el, 'IIN;phone\n12345,+77010000002\n');
      $<HTMLFormElement>(el, '#voters-file')!.form!.requestSubmit();
      await until('the refusal', () => $(el, '#act-voters-upload-msg .field-error'));
      expect(message(el, 'voters-upload'), lang).to.contain(reason);
      await until('the rows', () => $(el, '#voters-refused'));
      expect(text(el), lang).to.contain(line);
      expect($(el, '#voters-refused')!.textContent, lang).to.contain(nothing);
      await expect(el).to.be.accessible();
    }
  });

  it('a voter list that was replaced says so even when the summary after it does not load; the summary has its own retry', async () => {
    let summaryDown = false;
    await mock({ identity: 'voter_list' }, [http.get(`${A}/voter-list`, () => (summaryDown ? HttpResponse.error() : undefined))]);
    const el = await signedIn('en');
    await click(el, 'Voter list');
    await until('the summary', () => text(el).includes('0 resident(s) on the list'));
    summaryDown = true;
    choose(el, '791028302728,+77010000001\n');
    $<HTMLFormElement>(el, '#voters-file')!.form!.requestSubmit();
    await until('the upload done', () => $(el, '#act-voters-upload-msg .done'));
    expect(message(el, 'voters-upload')).to.contain('1 on the list');
    expect($(el, '#act-voters-upload-msg .field-error'), 'the upload is not said to have failed').to.equal(null);
    await until('the summary’s own failure', () => $(el, '#act-voters-load-msg .field-error'));
    expect(message(el, 'voters-load')).to.contain('No answer from the server');
    await expect(el).to.be.accessible();
    summaryDown = false;
    $<HTMLButtonElement>(el, '#voters-retry')!.click();
    await until('the summary', () => text(el).includes('1 resident(s) on the list'));
    expect($(el, '#voters-retry')).to.equal(null);
  });

  it('a voter-list summary that failed to load is loaded again by its retry and by Refresh', async () => {
    let down = true;
    await mock({ identity: 'voter_list' }, [http.get(`${A}/voter-list`, () => (down ? HttpResponse.error() : undefined))]);
    const el = await signedIn('ru');
    await click(el, 'Список избирателей');
    await until('the failure', () => $(el, '#voters-retry'));
    expect(message(el, 'voters-load')).to.contain('Сервер не ответил');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '#voters-retry')!.focus();
    $<HTMLButtonElement>(el, '#voters-retry')!.click();
    await el.updateComplete;
    expect(active(el)?.id, 'the retry keeps the focus while it works').to.equal('voters-retry');
    await until('failed again', () => $(el, '#act-voters-load-msg .field-error'));
    await until('the focus on the retry', () => active(el)?.id === 'voters-retry');
    down = false;
    await click(el, 'Обновить');
    await until('the summary', () => text(el).includes('В списке жителей: 0'));
    expect($(el, '#act-voters-load-msg .field-error')).to.equal(null);
  });

  it('a paper-ballot count that failed to load has a retry (kk), and Refresh loads it too', async () => {
    let down = true;
    await mock({ phase: 'voting' }, [http.get(`${A}/results`, () => (down ? HttpResponse.error() : undefined))]);
    const el = await signedIn('kk');
    await click(el, 'Қағаз бюллетеньдер');
    await until('the failure', () => $(el, '#paper-count-retry'));
    expect(message(el, 'paper-count')).to.contain('Сервер жауап бермеді');
    await expect(el).to.be.accessible();
    down = false;
    $<HTMLButtonElement>(el, '#paper-count-retry')!.focus();
    $<HTMLButtonElement>(el, '#paper-count-retry')!.click();
    await until('the count', () => $(el, '#paper-count'));
    expect($(el, '#paper-count')!.textContent).to.contain('Енгізілген қағаз бюллетеньдер: 0');
    await until('the focus on the count', () => active(el)?.id === 'paper-count');
    await expect(el).to.be.accessible();
    fixtureCleanup();

    down = true;
    const again = await signedIn('en');
    await click(again, 'Paper ballots');
    await until('the failure', () => $(again, '#paper-count-retry'));
    down = false;
    await click(again, 'Refresh');
    await until('the count', () => $(again, '#paper-count'));
  });

  it('marking the winners is said as done even when the reload after it fails', async () => {
    const state = await mock({ phase: 'results' });
    const el = await signedIn('en');
    await click(el, 'Results');
    let down = false;
    override(
      http.get(`${A}/proposals`, () => (down ? HttpResponse.error() : undefined)),
      http.get(A, () => (down ? HttpResponse.error() : undefined)),
    );
    down = true;
    await click(el, 'Mark the winners from the count');
    await until('an answer', () => $(el, '#act-results-apply-msg .done, #act-results-apply-msg .field-error'));
    expect($(el, '#act-results-apply-msg .field-error'), 'the marking is not said to have failed').to.equal(null);
    // The mock counts as the server does: its demo pool fits all six projects on the ballot.
    expect(message(el, 'results-apply')).to.contain('Winners: 6; not funded: 0');
    expect(state.calls.filter((c) => c.includes('results/apply'))).to.have.length.at.most(1);
    await expect(el).to.be.accessible();
  });

  it('a contact already on the staff list (kk) is named as such, not as "someone changed this meanwhile"', async () => {
    await mock({ staff: true }, [
      http.post(`${A}/staff`, () => refusal(409, 'conflict', 'someone in this city already has this phone or e-mail', { issues: [{ path: ['contact'], message: 'contact.taken' }] })),
    ]);
    const el = await signedIn('kk');
    await click(el, 'Адамдар');
    await until('the form', () => $(el, '#invite-contact'));
    fill(el, '#invite-name', 'Айгүл Серікқызы');
    fill(el, '#invite-organisation', 'Әкімдік');
    fill(el, '#invite-contact', '+7 701 000 00 47');
    $<HTMLFormElement>(el, '#invite-contact')!.form!.requestSubmit();
    await until('the refusal', () => $(el, '#act-invite-msg .field-error'));
    expect(message(el, 'invite')).to.contain('қызметкерлер тізіміндегі біреуде көрсетілген');
    expect(message(el, 'invite')).not.to.contain('Біреу мұны дәл осы уақытта өзгертті');
    expect(active(el)?.id).to.equal('act-invite');
    await expect(el).to.be.accessible();
  });

  it('a contact that is neither a phone nor an e-mail is explained on the invitation (en) and on the sign-in (ru)', async () => {
    const invalid = () => refusal(400, 'validation_failed', 'the request has invalid fields', { issues: [{ path: ['contact'], message: 'contact.invalid' }] });
    await mock({ staff: true }, [http.post(`${A}/staff`, invalid)]);
    const el = await signedIn('en');
    await click(el, 'People');
    await until('the form', () => $(el, '#invite-contact'));
    fill(el, '#invite-name', 'Aigul Serikkyzy');
    fill(el, '#invite-organisation', 'Akimat');
    fill(el, '#invite-contact', '8 701 000');
    $<HTMLFormElement>(el, '#invite-contact')!.form!.requestSubmit();
    await until('the refusal', () => $(el, '#act-invite-msg .field-error'));
    expect(message(el, 'invite')).to.contain('Enter a mobile number as +7 7XX XXX XX XX, or an e-mail address');
    fixtureCleanup();

    await mock({ staff: true }, [http.post(`${A}/sign-in`, invalid)]);
    const ru = await signIn('ru');
    fill(ru, '#signin-contact', 'aigul@');
    $<HTMLFormElement>(ru, '#signin-contact')!.form!.requestSubmit();
    await until('the refusal', () => $(ru, '#act-signin-code-msg .field-error'));
    expect(message(ru, 'signin-code')).to.contain('Введите мобильный номер в виде +7 7XX XXX XX XX или адрес e-mail');
    await expect(ru).to.be.accessible();
  });

  it('a code with letters (ru) and a wrong code (kk) say what is wrong with it', async () => {
    await mock({ staff: true }, [
      http.post(`${A}/sign-in/:challenge/confirm`, async ({ request }) => {
        const { code } = (await request.json()) as { code: string };
        return /^\d+$/.test(code)
          ? refusal(400, 'code_invalid', 'the code is not right', { attemptsLeft: 3, issues: [{ path: ['code'], message: 'code.invalid', params: { attemptsLeft: 3 } }] })
          : refusal(400, 'validation_failed', 'the request has invalid fields', { issues: [{ path: ['code'], message: 'code.invalid' }] });
      }),
    ]);
    for (const [lang, code, said] of [
      ['ru', '12a456', 'Код состоит только из цифр'],
      ['kk', '654321', 'Қалған әрекет саны: 3'],
    ] as const) {
      fixtureCleanup();
      const el = await signIn(lang);
      await askCode(el);
      sendCode(el, code);
      await until('the refusal', () => $(el, '#act-signin-confirm-msg .field-error'));
      expect(message(el, 'signin-confirm'), lang).to.contain(said);
      await expect(el).to.be.accessible();
    }
  });

  it('an invitation that expired (kk) or was used, revoked or replaced (en) says to ask for a new one, not to reload; an unknown city says so', async () => {
    const before = location.pathname + location.search + location.hash;
    try {
      for (const [lang, status, code, said] of [
        ['kk', 410, 'code_expired', 'Шақыру енді жарамсыз. Үйлестірушіден жаңасын сұраңыз.'],
        ['en', 404, 'not_found', 'The invitation is no longer valid. Ask your coordinator for a new one.'],
      ] as const) {
        fixtureCleanup();
        await mock({ staff: true }, [http.post(`${A}/sign-in/invite`, () => refusal(status, code, 'this invitation is not valid; ask your coordinator for a new one'))]);
        const search = new URLSearchParams(location.search);
        search.set('city', 'aksu');
        history.replaceState(history.state, '', `${location.pathname}?${search}#invite=inv1.mockmockmockmockmockmock`);
        const el = await signIn(lang);
        $<HTMLFormElement>(el, '#signin-city')!.form!.requestSubmit();
        await until('the refusal', () => $(el, '#act-signin-code-msg .field-error'));
        expect(message(el, 'signin-code'), lang).to.contain(said);
        expect(message(el, 'signin-code'), lang).not.to.match(/Reload|қайта жүктеңіз|code has expired|Кодтың/);
        await expect(el).to.be.accessible();
        history.replaceState(history.state, '', before);
      }
      fixtureCleanup();
      await mock({ staff: true }, [http.post('/api/v1/admin/cities/aksy/sign-in', () => refusal(404, 'not_found', 'no such city'))]);
      const el = await signIn('ru');
      fill(el, '#signin-city', 'aksy');
      fill(el, '#signin-contact', '+7 701 000 00 47');
      $<HTMLFormElement>(el, '#signin-contact')!.form!.requestSubmit();
      await until('the refusal', () => $(el, '#act-signin-code-msg .field-error'));
      expect(message(el, 'signin-code')).to.contain('Такого города здесь нет');
    } finally {
      history.replaceState(history.state, '', before);
    }
  });

  it('a final cost with "Reject" (ru) is explained beside the decision', async () => {
    const state = await mock({ staff: true }, [
      http.post(`${A}/proposals/:id/decision`, () =>
        refusal(400, 'validation_failed', 'the final cost goes with an accepted proposal only', { issues: [{ path: ['finalCost'], message: 'decision.cost_only_accept' }] }),
      ),
    ]);
    const p = state.proposals.find((x) => x.status === 'under_review')!;
    const el = await signedIn('ru');
    if (!$(el, `#open-${CSS.escape(p.id)}`)) await click(el, /^\s*Все/);
    $<HTMLButtonElement>(el, `#open-${CSS.escape(p.id)}`)!.click();
    await until('the decision form', () => $(el, '#decision-cost'));
    $<HTMLInputElement>(el, 'input[name="outcome"][value="reject"]')!.click();
    fill(el, '#decision-reason-ru', 'Участок не принадлежит городу.');
    fill(el, '#decision-cost', '1500000');
    $<HTMLFormElement>(el, '#decision-cost')!.form!.requestSubmit();
    await until('the refusal', () => $(el, `#act-decision-${CSS.escape(p.id)}-msg .field-error`));
    expect(message(el, `decision-${p.id}`)).to.contain('Итоговая стоимость указывается только с решением «Принять»');
    await expect(el).to.be.accessible();
  });

  it('money in the implementation plan that is not whole tenge ("1,5") is refused before sending, naming the field (ru, en)', async () => {
    for (const [lang, nav, said] of [
      ['ru', 'Реализация', '«Потрачено»: введите целые тенге только цифрами'],
      ['en', 'Implementation', '“Spent”: enter whole tenge in digits only'],
    ] as const) {
      fixtureCleanup();
      const { handlers, state: admin } = createAdminMock({ base: '/api/v1' });
      const { handlers: implHandlers, state: impl } = createImplementationAdminMock({ base: '/api/v1', admin });
      let sent = 0;
      await serve([
        http.put(`${A}/implementation/:id`, () => {
          sent++;
          return undefined;
        }),
        ...implHandlers,
        ...handlers,
      ]);
      const el = await signedIn(lang);
      await until('the section', () => button(el, nav));
      await click(el, nav);
      const p = admin.proposals.find((x) => x.status === 'in_progress')!;
      await until('the list', () => $(el, `#impl-open-${CSS.escape(p.id)}`));
      $<HTMLButtonElement>(el, `#impl-open-${CSS.escape(p.id)}`)!.click();
      await until('the project', () => $(el, '#impl-contractor'));
      fill(el, '#impl-contractor', 'ТОО «Жарма Құрылыс»');
      fill(el, '#impl-planned-start', '2026-05-01');
      fill(el, '#impl-planned-end', '2026-09-30');
      fill(el, '#impl-progress', '40');
      fill(el, '#impl-committed', '9000000');
      fill(el, '#impl-spent', '1,5');
      $<HTMLButtonElement>(el, `#act-impl-save-${CSS.escape(p.id)}`)!.click();
      await until('the refusal', () => $(el, `#act-impl-save-${CSS.escape(p.id)}-msg .field-error`));
      const msg = message(el, `impl-save-${p.id}`);
      expect(msg, lang).to.contain(said);
      expect(msg, lang).not.to.contain('committed');
      expect(sent, `${lang}: nothing sent`).to.equal(0);
      expect(impl.records.has(p.id)).to.equal(false);
      expect($<HTMLInputElement>(el, '#impl-spent')!.value).to.equal('1,5');
      await expect(el).to.be.accessible();
    }
  });
});
