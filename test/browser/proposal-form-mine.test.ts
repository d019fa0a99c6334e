import { expect, oneEvent } from '@open-wc/testing';
import { getResponse, http, HttpResponse } from 'msw';
import { sendKeys, setViewport } from './support/commands.js';
import type { ProposalSubmittedEvent } from '../../src/widgets/proposal-form/events.js';
import type { QalaProposalForm } from '../../src/widgets/proposal-form/proposal-form.js';
import { fits, waitUntil } from './support/dom.js';
import { $, API, active, addFiles, clearDrafts, fill, fresh, jpeg, mount, qa, type, useCycle } from './proposal-form-helpers.js';

const PHONE = '+77071234567';

/** Opens "My proposals" and sends the phone (the code's step follows once the server answers). */
async function sendPhone(el: QalaProposalForm, step = 'no phone step'): Promise<void> {
  $<HTMLButtonElement>(el, '[part~="my-proposals-button"]').click();
  await waitUntil(() => $(el, '#mine-phone'), step, { timeout: 5000 });
  type(el, '#mine-phone', PHONE);
  $<HTMLFormElement>(el, '#mine-phone').form!.requestSubmit();
}

/** Sends the phone, then the mock's code. */
async function sendCode(el: QalaProposalForm, step?: string): Promise<void> {
  await sendPhone(el, step);
  await waitUntil(() => $(el, '#mine-code'), 'no code step', { timeout: 5000 });
  $<HTMLInputElement>(el, '#mine-code').value = '123456';
  $<HTMLFormElement>(el, '#mine-code').form!.requestSubmit();
}

/** A fresh mock in the review phase whose first proposal is the resident's, sent back for changes. */
async function sentBack() {
  const mock = await fresh({ phase: 'review' });
  const list = mock.state.proposals.get('aksu')!;
  const mine = { ...list[0]!, cycleId: mock.state.configs.get('aksu')!.cycle.id, status: 'needs_changes' as const };
  list[0] = mine;
  mock.state.authors.set(mine.id, PHONE);
  return { mock, mine };
}

describe('<qala-proposal-form> My proposals (#13)', () => {
  before(() => useCycle('aksu-2026-mine'));
  beforeEach(clearDrafts);
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('in kk at 360 px, by keyboard: proves the phone, shows the council’s request, corrects and resubmits; axe-clean in each state', async () => {
    await setViewport({ width: 360, height: 740 });
    const { state } = await fresh({ phase: 'review' });
    const config = state.configs.get('aksu')!;
    const list = state.proposals.get('aksu')!;
    const note = 'Орнын нақтылаңыз: мектептің қай кіреберісі?';
    const mine = { ...list[0]!, cycleId: config.cycle.id, status: 'needs_changes' as const, reviewNote: note, history: [...list[0]!.history, { status: 'needs_changes' as const, at: list[0]!.createdAt, note }] };
    list[0] = mine;
    state.authors.set(mine.id, PHONE);

    const el = await mount('kk');
    // Review: the form is closed, but "My proposals" is offered.
    const open = $<HTMLButtonElement>(el, '[part~="my-proposals-button"]');
    expect(open.textContent!.trim()).to.equal('Менің өтінімдерім');
    expect(open.getBoundingClientRect().height, 'a finger\'s target (24 px)').to.be.at.least(24);
    open.focus();
    await sendKeys({ press: 'Enter' });
    // The first open fetches the "My proposals" part (and its texts): on a busy machine that takes over a second.
    await waitUntil(() => $(el, '#mine-phone'), 'no phone step', { timeout: 5000 });
    expect(active(el)?.id).to.equal('mine-heading');
    await expect(el).to.be.accessible();
    fits(el, 'phone step', null);

    $<HTMLInputElement>(el, '#mine-phone').focus();
    await sendKeys({ type: '8 707 123 45 67' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '#mine-code'), 'no code step');
    expect(active(el)?.id).to.equal('mine-code');
    expect($(el, '#mine-code-hint').textContent).to.contain('4567');
    await expect(el).to.be.accessible();

    // A wrong code: said next to the field, focus stays on it.
    await sendKeys({ type: '000000' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '#mine-code-error'), 'no code error');
    expect($(el, '#mine-code-error').textContent).to.contain('Код дұрыс емес');
    expect(active(el)?.id).to.equal('mine-code');
    await expect(el).to.be.accessible();
    $<HTMLInputElement>(el, '#mine-code').value = '';
    await sendKeys({ type: '123456' });
    await sendKeys({ press: 'Enter' });

    await waitUntil(() => $(el, '.mine-item'), 'no list');
    const item = $(el, '.mine-item');
    expect(item.textContent).to.contain('Түзету керек');
    expect(item.textContent).to.contain(note);
    expect(item.textContent).to.contain(mine.title);
    await expect(el).to.be.accessible();
    fits(el, 'list', null);

    $<HTMLButtonElement>(el, `#mine-edit-${mine.id}`).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '#edit-address'), 'no edit form');
    expect(active(el)?.id).to.equal('edit-heading');
    expect($<HTMLInputElement>(el, '#edit-title').value).to.equal(mine.title);
    await expect(el).to.be.accessible();
    fits(el, 'edit', null);

    // The shared schema refuses a too-short title before anything is sent.
    const title = $<HTMLInputElement>(el, '#edit-title');
    title.value = 'ab';
    title.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    $<HTMLButtonElement>(el, 'form button[type="submit"]').click();
    await waitUntil(() => $(el, '#edit-title-error'), 'no title error');
    expect(active(el)?.id).to.equal('edit-title');
    await expect(el).to.be.accessible();
    title.value = mine.title;
    title.dispatchEvent(new Event('input', { bubbles: true, composed: true }));

    // Photos too: a new one, resized on the device and uploaded through the author route during review.
    expect(qa(el, '#edit-photos ~ *, .photos .photo').length).to.be.greaterThan(0);
    const before = qa(el, '.photos .photo').length;
    const input = $<HTMLInputElement>(el, '#edit-photo-input');
    const dt = new DataTransfer();
    dt.items.add(await jpeg(1200, 900, 'entrance.jpg'));
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => qa(el, '.photos .photo').length === before + 1, 'the new photo was not added', { timeout: 8000 });
    await expect(el).to.be.accessible();

    const address = $<HTMLInputElement>(el, '#edit-address');
    address.focus();
    address.select();
    await sendKeys({ type: 'Абай көшесі, 10, бас кіреберіс' });
    $<HTMLButtonElement>(el, 'form button[type="submit"]').focus();
    await sendKeys({ press: 'Enter' });

    await waitUntil(() => $(el, '#mine-notice'), 'no confirmation');
    expect(active(el)?.id).to.equal('mine-notice');
    expect($(el, '#mine-notice').textContent).to.contain('қайта жіберілді');
    expect($(el, '.mine-item').textContent).to.contain('Қаралуда');
    expect($(el, `#mine-edit-${mine.id}`)).to.equal(null);
    expect(state.proposals.get('aksu')![0]!.address).to.equal('Абай көшесі, 10, бас кіреберіс');
    expect(state.proposals.get('aksu')![0]!.status).to.equal('under_review');
    expect(state.proposals.get('aksu')![0]!.photos.map((p) => p.name)).to.include('entrance.jpg');
    await expect(el).to.be.accessible();
    fits(el, 'after resubmitting', null);
  });

  it('a resubmission whose answer is lost on the way is sent again under its key and reads as sent — not "under review, cannot be changed"', async () => {
    const { mock, mine } = await sentBack();
    const { state } = mock;
    // The mock takes the first resubmission and its answer never arrives; every later attempt fails on the way
    // until the connection is back.
    let down = true;
    const keys: (string | null)[] = [];
    mock.use(
      http.post(`${API}/cities/aksu/authors/proposals/:id/resubmit`, async ({ request }) => {
        keys.push(request.headers.get('Idempotency-Key'));
        if (keys.length === 1) await getResponse(mock.handlers, request.clone());
        return down ? HttpResponse.error() : undefined;
      }),
    );
    const el = await mount('en');
    await sendCode(el);
    await waitUntil(() => $(el, `#mine-edit-${mine.id}`), 'no list');
    $<HTMLButtonElement>(el, `#mine-edit-${mine.id}`).click();
    await waitUntil(() => $(el, '#edit-address'), 'no edit form');
    const address = $<HTMLInputElement>(el, '#edit-address');
    address.value = 'Abay street 10, main entrance';
    address.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    $<HTMLButtonElement>(el, 'form button[type="submit"]').click();
    // The client's own retries (same key) fail too: the form says so and keeps everything typed.
    await waitUntil(() => $(el, '#edit-error'), 'no error after the failed attempts', { timeout: 15_000 });
    expect(keys.length).to.be.greaterThan(1);
    expect(new Set(keys).size, 'every attempt under one key').to.equal(1);
    expect(keys[0]).to.match(/^[\x21-\x7e]{8,200}$/);
    expect(state.proposals.get('aksu')![0]!.status, 'the first attempt was taken').to.equal('under_review');
    expect($<HTMLInputElement>(el, '#edit-address').value).to.equal('Abay street 10, main entrance');
    await expect(el).to.be.accessible();

    // Back online, "Send again": the same key, so the kept answer comes back.
    down = false;
    $<HTMLButtonElement>(el, 'form button[type="submit"]').click();
    await waitUntil(() => $(el, '#mine-notice'), 'no confirmation');
    expect($(el, '#mine-notice').textContent).to.contain('sent again');
    expect(new Set(keys).size).to.equal(1);
    expect(state.proposals.get('aksu')![0]!.history.length, 'resubmitted once').to.equal(mine.history.length + 1);
    await expect(el).to.be.accessible();
  });

  it('moved to another city by the host: an open "My proposals" closes and its session ends in the city it was opened in', async () => {
    const { mock, mine } = await sentBack();
    const { state } = mock;
    const signOuts: string[] = [];
    mock.use(
      http.post(`${API}/cities/:city/authors/sign-out`, ({ params, request }) => {
        signOuts.push(`${String(params.city)} ${request.headers.get('Authorization') ?? ''}`);
        return undefined;
      }),
    );
    const el = await mount('en');
    await sendCode(el);
    await waitUntil(() => $(el, `#mine-edit-${mine.id}`), 'no list');
    $<HTMLButtonElement>(el, `#mine-edit-${mine.id}`).click();
    await waitUntil(() => $(el, '#edit-address'), 'no edit form');

    el.setAttribute('city', 'rudny');
    await waitUntil(() => !$(el, '#mine-heading') && !$(el, '#edit-address'), 'the panel stayed open in the other city');
    await waitUntil(() => signOuts.length > 0, 'no sign-out');
    expect(signOuts).to.have.length(1);
    expect(signOuts[0]).to.match(/^aksu Bearer \S+$/);
    // Back in Aksu, "My proposals" starts again from the phone: the old session is not reused.
    el.setAttribute('city', 'aksu');
    // Rudny's button until the form has updated.
    await el.updateComplete;
    await waitUntil(() => $(el, '[part~="my-proposals-button"]'), 'no "My proposals" button');
    $<HTMLButtonElement>(el, '[part~="my-proposals-button"]').click();
    await waitUntil(() => $(el, '#mine-phone'), 'not the phone step');
    await expect(el).to.be.accessible();
  });

  it('a cancelled project reads as cancelled, with the reason the city gave in the reader’s language — not as the council’s note — in kk, ru and en at 360 px; axe-clean', async () => {
    await setViewport({ width: 360, height: 740 });
    const { state } = await fresh({ phase: 'results' });
    const config = state.configs.get('aksu')!;
    const list = state.proposals.get('aksu')!;
    // As the implementation record's final word leaves it: the reason joined, and per language beside it (noteOf).
    const notes = { kk: 'Жер телімі басқа құрылысқа берілді.', ru: 'Участок отдан под другую стройку.', en: 'The plot was given to another building project.' };
    const note = [notes.kk, notes.ru, notes.en].join('\n\n');
    const at = list[0]!.createdAt;
    const cancelled = {
      ...list[0]!,
      cycleId: config.cycle.id,
      status: 'cancelled' as const,
      poolId: config.cycle.pools[0]!.id,
      reviewNote: note,
      reviewNotes: notes,
      history: [...list[0]!.history, { status: 'winner' as const, at }, { status: 'cancelled' as const, at, note, notes }],
    };
    list[0] = cancelled;
    state.authors.set(cancelled.id, PHONE);

    for (const [lang, label, heading, council] of [
      ['kk', 'Тоқтатылды', 'Жобаның тоқтатылу себебі', 'Сарапшылар кеңесінің ескертуі'],
      ['ru', 'Отменена', 'Почему проект отменён', 'Замечание экспертного совета'],
      ['en', 'Cancelled', 'Why the project was cancelled', 'The expert council’s note'],
    ] as const) {
      const el = await mount(lang);
      $<HTMLButtonElement>(el, '[part~="my-proposals-button"]').click();
      await waitUntil(() => $(el, '#mine-phone'), `${lang}: no phone step`, { timeout: 5000 });
      type(el, '#mine-phone', PHONE);
      $<HTMLFormElement>(el, '#mine-phone').form!.requestSubmit();
      await waitUntil(() => $(el, '#mine-code'), `${lang}: no code step`);
      $<HTMLInputElement>(el, '#mine-code').value = '123456';
      $<HTMLFormElement>(el, '#mine-code').form!.requestSubmit();
      await waitUntil(() => $(el, '.mine-item'), `${lang}: no list`);

      const item = $(el, '.mine-item');
      const said = item.textContent!.replace(/\s+/g, ' ');
      expect(item.querySelector('strong')!.textContent, `${lang}: status`).to.equal(label);
      const box = item.querySelector('.notice')!;
      expect(box.textContent, `${lang}: heading`).to.contain(heading);
      expect(box.querySelector('.user-text')!.textContent, `${lang}: the reason in ${lang} alone`).to.equal(notes[lang]);
      expect(said, `${lang}: not the council's note`).not.to.contain(council);
      for (const raw of ['status.', 'mine.']) expect(said, `${lang}: raw id ${raw}`).not.to.contain(raw);
      expect($(el, `#mine-edit-${cancelled.id}`), `${lang}: not editable`).to.equal(null);
      await expect(el).to.be.accessible();
      fits(el, `${lang}: cancelled`, null);
      el.remove();
    }
  });

  it('after sending, shows the short reference, puts it in the event, and no longer promises a call', async () => {
    await fresh({ phase: 'submission' });
    const el = await mount('ru');
    expect($(el, '#f-consent-hint').textContent).not.to.match(/позвонят|связаться с вами/i);
    expect($(el, '#f-consent-hint').textContent).to.contain('Мои заявки');
    // The demo city sends no SMS: no consent to ask for.
    expect($(el, '#f-notify')).to.equal(null);
    await fill(el);
    await addFiles(el, [await jpeg(800, 600)]);
    const event = oneEvent(el, 'qala-proposal-submitted') as Promise<ProposalSubmittedEvent>;
    $<HTMLButtonElement>(el, '[part~="submit-button"]').click();
    const detail = (await event).detail;
    expect(detail.reference).to.match(/^[A-HJ-NPR-Z]{3}-[2-9]{4}$/);
    await waitUntil(() => $(el, '.reference'), 'no reference');
    expect($(el, '.reference').textContent).to.equal(detail.reference);
    expect($(el, '[part~="confirmation"]').textContent).not.to.match(/позвонят|связаться с вами/i);
    expect(JSON.stringify(detail)).not.to.contain('701');
    await expect(el).to.be.accessible();
  });

  it('asks for SMS consent in plain words where the city sends them, and sends it with the form’s language', async () => {
    const { state, use } = await fresh({ phase: 'submission' });
    state.configs.get('aksu')!.city.notifications = { sms: true };
    let sent: unknown;
    const { http } = await import('msw');
    use(
      http.post(/\/cities\/aksu\/proposals$/, async ({ request }) => {
        sent = await request.clone().json();
        return undefined;
      }),
    );
    const el = await mount('kk');
    expect($(el, '#f-notify-hint').textContent).to.contain('шифрланған');
    expect($(el, '#f-notify-hint').textContent).to.contain('өшіріледі');
    await expect(el).to.be.accessible();
    await fill(el);
    await addFiles(el, [await jpeg(800, 600)]);
    $<HTMLInputElement>(el, '#f-notify').click();
    const event = oneEvent(el, 'qala-proposal-submitted');
    $<HTMLButtonElement>(el, '[part~="submit-button"]').click();
    await event;
    expect((sent as { notify?: unknown }).notify).to.deep.equal({ sms: true, locale: 'kk' });
  });
  it('stays closed when the code or the session arrives after Close, and signs out a session that came too late', async () => {
    const { state, use } = await fresh({ phase: 'review' });
    state.authors.set(state.proposals.get('aksu')![0]!.id, PHONE);
    const { delay, http } = await import('msw');
    const signedOut: string[] = [];
    use(
      http.post(/\/authors\/verification$/, async () => {
        await delay(300);
        return undefined;
      }),
      http.post(/\/authors\/verification\/[^/]+\/confirm$/, async () => {
        await delay(300);
        return undefined;
      }),
      http.post(/\/authors\/sign-out$/, ({ request }) => {
        signedOut.push(request.headers.get('Authorization') ?? '');
        return undefined;
      }),
    );
    const el = await mount('ru');
    const closeMine = () => $<HTMLButtonElement>(el, '[part~="my-proposals"] .row button').click();
    const closed = async (what: string) => {
      await el.updateComplete;
      expect(!!$(el, '[part~="my-proposals"]'), `${what}: the panel opened again`).to.equal(false);
      expect(!!$(el, '[part~="my-proposals-button"]'), `${what}: the form is not back`).to.equal(true);
      expect(active(el)?.id ?? '', `${what}: focus moved into the panel`).not.to.match(/^mine-/);
    };

    // Close while the code is being sent.
    await sendPhone(el);
    closeMine();
    await closed('just closed');
    await delay(600);
    await closed('after the code was sent');

    // Close while the code is being checked: the session that then arrives is signed out, not kept.
    await sendCode(el, 'no phone step the second time');
    closeMine();
    await closed('closed while checking the code');
    await waitUntil(() => signedOut.length === 1, 'the late session was not signed out', { timeout: 5000 });
    expect(signedOut[0]).to.match(/^Bearer \S+$/);
    await delay(300);
    await closed('after the session arrived');
  });

  it('locked after wrong codes, or a code too late: back to the phone saying why (the server ended that verification); a new one works', async () => {
    const { state, use } = await fresh({ phase: 'review' });
    state.authors.set(state.proposals.get('aksu')![0]!.id, PHONE);
    const el = await mount('ru');
    await sendPhone(el);
    for (let i = 0; i < 5; i++) {
      await waitUntil(() => $(el, '#mine-code') && !$(el, '[part~="my-proposals"] button[type=submit][aria-disabled="true"]'), `no code step (${i})`, { timeout: 5000 });
      $<HTMLInputElement>(el, '#mine-code').value = '000000';
      $<HTMLFormElement>(el, '#mine-code').form!.requestSubmit();
      if (i < 4) await waitUntil(() => $(el, '#mine-code-error'), `no error after wrong code ${i + 1}`, { timeout: 5000 });
    }
    await waitUntil(() => $(el, '#mine-phone'), 'not back to the phone after the lock', { timeout: 5000 });
    expect($(el, '#mine-phone-error').textContent).to.equal('Слишком много неверных кодов — этот код больше не действует. Введите телефон ещё раз, чтобы получить новый код.');
    expect(active(el)?.id).to.equal('mine-phone');
    expect($<HTMLInputElement>(el, '#mine-phone').value).to.equal('');
    await expect(el).to.be.accessible();
    // A new start works.
    type(el, '#mine-phone', PHONE);
    $<HTMLFormElement>(el, '#mine-phone').form!.requestSubmit();
    await waitUntil(() => $(el, '#mine-code'), 'no code step after starting again', { timeout: 5000 });
    $<HTMLInputElement>(el, '#mine-code').value = '123456';
    $<HTMLFormElement>(el, '#mine-code').form!.requestSubmit();
    await waitUntil(() => qa(el, '[part~="my-proposal"]').length > 0, 'no list after starting again', { timeout: 5000 });

    // Too late for the server, in English; and "send again" for a verification the server no longer has.
    $<HTMLButtonElement>(el, '[part~="my-proposals"] .row button').click();
    el.setAttribute('lang', 'en');
    await waitUntil(() => $(el, '[part~="my-proposals-button"]')?.textContent?.includes('My proposals'), 'the form in English', { timeout: 5000 });
    use(http.post(/\/authors\/verification\/[^/]+\/confirm$/, () => HttpResponse.json({ code: 'code_expired', message: 'the code has expired; ask for a new one' }, { status: 410 })));
    await sendPhone(el);
    await waitUntil(() => $(el, '#mine-code'), 'no code step (en)', { timeout: 5000 });
    $<HTMLInputElement>(el, '#mine-code').value = '123456';
    $<HTMLFormElement>(el, '#mine-code').form!.requestSubmit();
    await waitUntil(() => $(el, '#mine-phone-error'), 'not back to the phone after a late code', { timeout: 5000 });
    expect($(el, '#mine-phone-error').textContent).to.equal('The code has expired. Enter your phone number again to get a new code.');
    use(http.post(/\/authors\/verification\/[^/]+\/resend$/, () => HttpResponse.json({ code: 'not_found', message: 'no such verification; it may have expired, start again' }, { status: 404 })));
    type(el, '#mine-phone', PHONE);
    $<HTMLFormElement>(el, '#mine-phone').form!.requestSubmit();
    await waitUntil(() => $(el, '#mine-code'), 'no code step (resend)', { timeout: 5000 });
    [...qa<HTMLButtonElement>(el, '[part~="my-proposals"] button.link')].find((b) => b.textContent!.includes('Send the code again'))!.click();
    await waitUntil(() => $(el, '#mine-phone-error'), 'not back to the phone after a resend of a gone verification', { timeout: 5000 });
    expect($(el, '#mine-phone-error').textContent).to.equal('This code can no longer be sent again. Enter your phone number again to get a new code.');
    expect(active(el)?.id).to.equal('mine-phone');
  });

  it('a code accepted whose list then fails: says so with a retry that uses the same session (no new code); a session gone asks for the phone again', async () => {
    const { state, use } = await fresh({ phase: 'review' });
    state.authors.set(state.proposals.get('aksu')![0]!.id, PHONE);
    const { http, HttpResponse } = await import('msw');
    const signedOut: string[] = [];
    const asked: string[] = [];
    // The server down, then the connection gone (each through the client's own retries), then the list.
    let mode: 'down' | 'offline' | 'gone' | 'up' = 'down';
    use(
      http.get(/\/authors\/proposals$/, ({ request }) => {
        asked.push(request.headers.get('Authorization') ?? '');
        if (mode === 'down') return HttpResponse.json({ code: 'internal', message: 'x' }, { status: 500 });
        if (mode === 'offline') return HttpResponse.error();
        if (mode === 'gone') return HttpResponse.json({ code: 'unauthorized', message: 'x' }, { status: 401 });
        return undefined;
      }),
      http.post(/\/authors\/sign-out$/, ({ request }) => {
        signedOut.push(request.headers.get('Authorization') ?? '');
        return undefined;
      }),
    );
    await setViewport({ width: 360, height: 700 });
    const el = await mount('ru');
    await sendCode(el);
    await waitUntil(() => $(el, '#mine-list-error'), 'no error for the list', { timeout: 10000 });
    expect($(el, '#mine-list-error').textContent!.trim()).to.equal('Ваши заявки не загрузились. Ошибка сервера. Попробуйте позже.');
    expect(active(el)?.id, 'focus on the error').to.equal('mine-list-error');
    expect(signedOut.length, 'the session is kept').to.equal(0);
    fits(el, 'the list’s error', null);
    await expect(el).to.be.accessible();

    // Offline: the same; the retry keeps the session.
    mode = 'offline';
    const before = asked.length;
    $<HTMLButtonElement>(el, '#mine-list-retry').click();
    await el.updateComplete;
    expect($(el, '#mine-list-retry').getAttribute('aria-disabled'), 'busy while it asks').to.equal('true');
    await waitUntil(() => asked.length > before && $(el, '#mine-list-retry')?.getAttribute('aria-disabled') === 'false', 'the retry did not finish', { timeout: 10000 });
    await el.updateComplete;
    expect($(el, '#mine-list-error').textContent!.trim()).to.equal('Ваши заявки не загрузились. Сервер недоступен. Попробуйте позже.');
    expect(active(el)?.id).to.equal('mine-list-error');
    // By keyboard, with the connection back.
    mode = 'up';
    $<HTMLButtonElement>(el, '#mine-list-retry').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, 'ul.mine'), 'the list did not come on the retry', { timeout: 10000 });
    expect(new Set(asked).size, 'one session for the three requests').to.equal(1);
    expect(active(el)?.id).to.equal('mine-heading');
    expect(signedOut.length).to.equal(0);
    await expect(el).to.be.accessible();

    // Signing out still ends it.
    $<HTMLButtonElement>(el, '[part~="my-proposals"] .row button').click();
    await waitUntil(() => signedOut.length === 1, 'not signed out', { timeout: 5000 });
    expect(signedOut[0]).to.equal(asked[0]);

    // A session the server no longer knows: back to the phone, saying why.
    mode = 'gone';
    await sendCode(el);
    await waitUntil(() => $(el, '#mine-phone-error'), 'not back to the phone', { timeout: 5000 });
    expect($(el, '#mine-phone-error').textContent!.trim()).to.equal('Сеанс закончился. Подтвердите телефон ещё раз.');
    expect(active(el)?.id).to.equal('mine-phone');
  });

  it('loads "My proposals" only when opened: says it is loading, and offline says so in the page’s language with a retry that works', async () => {
    await fresh({ phase: 'review' });
    for (const [lang, failed] of [
      ['kk', '«Менің өтінімдерім» ашылмады'],
      ['en', 'My proposals could not be opened'],
      ['ru', 'Не удалось открыть «Мои заявки»'],
    ] as const) {
      const el = await mount(lang);
      const real = el.loadMyProposals;
      let fail!: (error: Error) => void;
      el.loadMyProposals = () => new Promise((_, reject) => (fail = reject));
      $<HTMLButtonElement>(el, '[part~="my-proposals-button"]').click();
      await waitUntil(() => $(el, '[part~="my-proposals"] [role="status"]'), `${lang}: no loading state`);
      expect($(el, '[part~="my-proposals"]').getAttribute('aria-busy')).to.equal('true');
      expect(active(el)?.id).to.equal('mine-heading');
      await expect(el).to.be.accessible();

      // The chunk cannot be fetched (offline): a clear error, focus on it, and a retry.
      fail(new TypeError('Failed to fetch dynamically imported module'));
      await waitUntil(() => $(el, '#mine-error'), `${lang}: no error`);
      expect($(el, '#mine-error').textContent).to.contain(failed);
      expect(active(el)?.id).to.equal('mine-error');
      expect($(el, '#mine-phone')).to.equal(null);
      await expect(el).to.be.accessible();

      // Back online: trying again opens it.
      el.loadMyProposals = real;
      $<HTMLButtonElement>(el, '[part~="my-proposals"] .notice button').click();
      await waitUntil(() => $(el, '#mine-phone'), `${lang}: retry did not open it`, { timeout: 5000 });
      expect($(el, '#mine-error')).to.equal(null);
      el.remove();
    }
  });
});
