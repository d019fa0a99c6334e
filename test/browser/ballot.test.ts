import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { createStore, entries } from 'idb-keyval';
import { http, HttpResponse } from 'msw';
import { HttpBackend } from '../../src/client/http-backend.js';
import type { MockState } from '../../src/mock/handlers.js';
import '../../src/widgets/ballot/define.js';
import type { QalaBallot } from '../../src/widgets/ballot/ballot.js';
import { ADULT, clearOutbox, heading, q, qa, root, text, type, until, waitUntil } from './support/dom.js';
import { mockApi } from './support/msw.js';
import { formatInstant } from '../../src/domain/city-time.js';

const API = '/api/v1';
const PHONE = '+7 701 234 56 78';
const store = createStore('qala-outbox-v1', 'outbox');

/** Forgets this file's outbox entries only: other test files run alongside in the same browser and share IndexedDB. */
const clearOwn = () => clearOutbox('aksu-flow', 'rudny-flow');

/** This file's own cycle ids, so its outbox keys never meet another test file's in the shared IndexedDB. */
function isolate(state: MockState) {
  state.configs.get('aksu')!.cycle.id = 'aksu-flow';
  state.configs.get('rudny')!.cycle.id = 'rudny-flow';
}

const backendFor = (city = 'aksu') => new HttpBackend({ baseUrl: API, city, retries: 0 });

async function mount(city = 'aksu', lang = 'ru', extra: Partial<QalaBallot> = {}) {
  const el = await fixture<QalaBallot>(html`<qala-ballot lang=${lang} .backend=${backendFor(city)} .retryDelays=${[60_000]}></qala-ballot>`);
  Object.assign(el, extra);
  return el;
}
async function identify(el: QalaBallot, iin = ADULT) {
  await until(el, () => !!root(el).querySelector('#iin'), 'identify step');
  type(q<HTMLInputElement>(el, '#iin'), iin);
  q<HTMLInputElement>(el, '#phone').value = PHONE;
  q<HTMLButtonElement>(el, 'form button[type=submit]').click();
  await until(el, () => !!root(el).querySelector('#code'), 'code step');
}
async function confirm(el: QalaBallot, code = '123456') {
  q<HTMLInputElement>(el, '#code').value = code;
  q<HTMLButtonElement>(el, 'form button[type=submit]').click();
}
async function toBallot(el: QalaBallot) {
  await identify(el);
  await confirm(el);
  await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot step');
}
const boxes = (el: QalaBallot) => qa<HTMLInputElement>(el, '[part=card] input[type=checkbox], [part=card] input[type=radio]');
async function castFirst(el: QalaBallot, n = 1) {
  for (const box of boxes(el).slice(0, n)) box.click();
  await el.updateComplete;
  q<HTMLButtonElement>(el, '.actions button.primary').click();
  await until(el, () => !!root(el).querySelector('[part=submit-button]'), 'review');
  q<HTMLButtonElement>(el, '[part=submit-button]').click();
}

describe('<qala-ballot> verification', () => {
  let state: MockState;
  beforeEach(async () => {
    ({ state } = await mockApi());
    isolate(state);
    await clearOwn();
  });

  it('does not take focus when the page loads (only after the resident acts)', async () => {
    const outside = document.createElement('button');
    document.body.append(outside);
    outside.focus();
    try {
      const el = await mount();
      await until(el, () => !!root(el).querySelector('#iin'), 'identify step');
      await el.updateComplete;
      expect(document.activeElement).to.equal(outside);
      expect(root(el).activeElement).to.equal(null);
    } finally {
      outside.remove();
    }
  });

  it('checks the IIN live as it is typed: date, century, age from 7 digits, checksum', async () => {
    const el = await mount();
    await until(el, () => !!root(el).querySelector('#iin'), 'identify');
    const iin = q<HTMLInputElement>(el, '#iin');
    const status = () => q(el, '#iin-status').textContent!.trim();
    type(iin, '7913');
    await el.updateComplete;
    expect(status()).to.equal('В ИИН указана несуществующая дата.');
    expect(iin.getAttribute('aria-invalid')).to.equal('true');
    type(iin, '7910289');
    await el.updateComplete;
    expect(status()).to.equal('Такой ИИН не выдаётся.');
    type(iin, '1501015');
    await el.updateComplete;
    expect(status()).to.equal('Голосовать можно с 16 лет.');
    type(iin, '79102830272');
    await el.updateComplete;
    expect(status()).to.equal('');
    expect(iin.getAttribute('aria-invalid')).to.equal('false');
    type(iin, '791028302727');
    await el.updateComplete;
    expect(status()).to.equal('В ИИН ошибка: проверьте цифры.');
    type(iin, ADULT);
    await el.updateComplete;
    expect(status()).to.equal('ИИН верный.');
    expect(state.calls.get('verification') ?? 0).to.equal(0);
  });

  it('a failed load’s retry keeps the keyboard’s place: on the new retry if it fails again, then on the first step’s heading', async () => {
    const { use } = await mockApi();
    isolate(state);
    let down = true;
    let asked = 0;
    use(
      http.get(`${API}/cities/aksu`, () => {
        asked++;
        return down ? HttpResponse.error() : undefined;
      }),
    );
    const el = await mount();
    await until(el, () => !!root(el).querySelector('[role=alert]'), 'the load error');
    const first = q<HTMLButtonElement>(el, 'button.primary');
    first.focus();
    first.click();
    await until(el, () => asked === 2 && !!root(el).querySelector('[role=alert]') && q(el, 'button.primary') !== first, 'failed again');
    await el.updateComplete;
    expect(root(el).activeElement?.matches('button.primary'), 'the focus on the new retry').to.equal(true);
    down = false;
    q<HTMLButtonElement>(el, 'button.primary').click();
    await until(el, () => !!root(el).querySelector('#iin'), 'the first step');
    await el.updateComplete;
    expect(root(el).activeElement?.hasAttribute('data-step-heading'), 'the focus on the step’s heading').to.equal(true);
  });

  it('its errors follow a language switch: the IIN, the phone and a wrong code say it in the new language', async () => {
    const el = await mount();
    await until(el, () => !!root(el).querySelector('#iin'), 'identify');
    type(q<HTMLInputElement>(el, '#iin'), '791028302727');
    await el.updateComplete;
    expect(q(el, '#iin-status').textContent!.trim()).to.equal('В ИИН ошибка: проверьте цифры.');
    q<HTMLInputElement>(el, '#phone').value = '12';
    q<HTMLButtonElement>(el, 'form button[type=submit]').click();
    await el.updateComplete;
    expect(q(el, '#phone-error').textContent!.trim()).to.contain('+7 7XX XXX XX XX');
    el.lang = 'kk';
    await until(el, () => q(el, '#iin-status').textContent!.trim() === 'ЖСН-де қате бар: цифрларды тексеріңіз.', 'the IIN’s error in Kazakh');
    expect(q(el, '#phone-error').textContent!.trim()).to.equal('Ұялы нөмірді +7 7XX XXX XX XX түрінде көрсетіңіз.');
    el.lang = 'ru';
    await until(el, () => q(el, '#iin-status').textContent!.trim() === 'В ИИН ошибка: проверьте цифры.', 'back in Russian');
    await identify(el);
    q<HTMLInputElement>(el, '#code').value = '000000';
    q<HTMLButtonElement>(el, 'form button[type=submit]').click();
    await until(el, () => q(el, '#code-error').textContent!.includes('Неверный код'), 'a wrong code');
    el.lang = 'kk';
    await until(el, () => q(el, '#code-error').textContent!.includes('Код қате.'), 'the code’s error in Kazakh');
    await expect(el).to.be.accessible();
  });

  it('refuses a wrong phone before sending, then sends IIN and phone once and clears them', async () => {
    const el = await mount();
    await until(el, () => !!root(el).querySelector('#iin'), 'identify');
    type(q<HTMLInputElement>(el, '#iin'), ADULT);
    q<HTMLInputElement>(el, '#phone').value = '12345';
    q<HTMLButtonElement>(el, 'form button[type=submit]').click();
    await el.updateComplete;
    expect(q(el, '#phone-error').textContent).to.contain('+7 7XX');
    expect(root(el).activeElement?.id).to.equal('phone');
    expect(state.calls.get('verification') ?? 0).to.equal(0);
    q<HTMLInputElement>(el, '#phone').value = PHONE;
    q<HTMLButtonElement>(el, 'form button[type=submit]').click();
    await until(el, () => !!root(el).querySelector('#code'), 'code step');
    expect(state.calls.get('verification')).to.equal(1);
    expect(text(el)).to.contain('…5678');
    expect(root(el).activeElement?.id).to.equal('code');
    expect(root(el).innerHTML).not.to.contain(ADULT);
  });

  it('says how many attempts are left after a wrong code; locked, it goes back to the form, says why, and a new start works', async () => {
    const el = await mount();
    await identify(el);
    await confirm(el, '000000');
    await until(el, () => q(el, '#code-error').textContent!.includes('Неверный код'), 'wrong code');
    expect(q(el, '#code-error').textContent).to.equal('Неверный код. Осталось 4 попытки.');
    for (let i = 0; i < 4; i++) {
      await confirm(el, '000000');
      await until(el, () => state.calls.get('confirm') === i + 2 && (!root(el).querySelector('#code') || !q<HTMLButtonElement>(el, 'form button[type=submit]').disabled), 'answer');
    }
    // The server deleted the verification: no "send a new code" that could only fail, but the form again.
    await until(el, () => !!root(el).querySelector('#iin'), 'back to the form');
    expect(q(el, '#step-error').getAttribute('role')).to.equal('alert');
    expect(q(el, '#step-error').textContent).to.equal('Слишком много неверных попыток — этот код больше не действует. Введите ИИН и номер телефона ещё раз, чтобы получить новый код.');
    expect(root(el).activeElement?.id).to.equal('iin');
    await expect(el).to.be.accessible();
    await identify(el);
    expect(root(el).querySelector('#step-error')).to.equal(null);
    await confirm(el);
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot step');
  });

  it('a code the server says came too late goes back to the form (the server ended that verification)', async () => {
    const { use } = await mockApi();
    const el = await mount('aksu', 'kk');
    await identify(el);
    use(http.post(`${API}/cities/aksu/verification/:id/confirm`, () => HttpResponse.json({ code: 'code_expired', message: 'the code has expired; ask for a new one' }, { status: 410 })));
    await confirm(el);
    await until(el, () => !!root(el).querySelector('#iin'), 'back to the form');
    expect(q(el, '#step-error').textContent).to.equal('Кодтың мерзімі өтті. Жаңа код алу үшін ЖСН мен телефон нөмірін қайта енгізіңіз.');
    expect(root(el).activeElement?.id).to.equal('iin');
  });

  it('a code this device sees has expired offers a new one; if the server no longer has the verification, back to the form', async () => {
    const { use, state: mock } = await mockApi();
    const el = await mount('aksu', 'en');
    await identify(el);
    const step = (el as unknown as { verification: { step: { challenge: { expiresAt: string; resendAt: string } } } }).verification.step;
    step.challenge.expiresAt = step.challenge.resendAt = new Date(Date.now() - 1000).toISOString();
    await confirm(el);
    await until(el, () => q(el, '#code-error').textContent === 'The code has expired. Ask for a new one.', 'expired message');
    expect(mock.calls.get('verification'), 'the mock answered').to.equal(1);
    expect(mock.calls.get('confirm') ?? 0, 'an expired code is not sent').to.equal(0);
    expect(root(el).activeElement?.id).to.equal('resend');
    use(http.post(`${API}/cities/aksu/verification/:id/resend`, () => HttpResponse.json({ code: 'not_found', message: 'no such verification; it may have expired, start again' }, { status: 404 })));
    q<HTMLButtonElement>(el, '#resend').click();
    await until(el, () => !!root(el).querySelector('#iin'), 'back to the form');
    expect(q(el, '#step-error').textContent).to.equal('This code can no longer be sent again. Enter your IIN and phone number again to get a new code.');
    expect(root(el).activeElement?.id).to.equal('iin');
  });

  it('counts down before a new code may be sent, and sends it when the time has come', async () => {
    const { use } = await mockApi();
    const el = await mount();
    await identify(el);
    const resend = q<HTMLButtonElement>(el, '#resend');
    expect(resend.getAttribute('aria-disabled')).to.equal('true');
    expect(resend.textContent).to.match(/через [01]:\d\d/);
    resend.click();
    await el.updateComplete;
    expect(state.calls.get('resend') ?? 0).to.equal(0);
    // The server says the wait is over.
    const past = new Date(Date.now() - 1000).toISOString();
    use(
      http.post(`${API}/cities/aksu/verification/:id/resend`, ({ params }) =>
        HttpResponse.json({ challengeId: String(params.id), expiresAt: new Date(Date.now() + 300_000).toISOString(), resendAt: past, codeLength: 6, attemptsLeft: 5, phoneHint: '5678' }),
      ),
    );
    (el as unknown as { verification: { step: { challenge: { resendAt: string } } } }).verification.step.challenge.resendAt = past;
    el.requestUpdate();
    await el.updateComplete;
    expect(q(el, '#resend').getAttribute('aria-disabled')).to.equal('false');
    q<HTMLButtonElement>(el, '#resend').click();
    await until(el, () => text(el).includes('Новый код отправлен'), 'resent');
  });

  it('asks for location consent where the city checks residence, and explains a refusal', async () => {
    const geo = navigator.geolocation;
    const original = geo.getCurrentPosition;
    let bodies: unknown[] = [];
    let starts: { location?: unknown }[] = [];
    const { use } = await mockApi();
    use(
      http.post(`${API}/cities/rudny/verification`, async ({ request }) => {
        starts.push((await request.clone().json()) as { location?: unknown });
        return undefined;
      }),
      http.post(`${API}/cities/rudny/verification/:id/confirm`, async ({ request }) => {
        bodies.push(await request.clone().json());
        return undefined;
      }),
    );
    try {
      geo.getCurrentPosition = (_ok, fail) => fail?.({ code: 1, message: 'denied', PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 } as GeolocationPositionError);
      const el = await mount('rudny');
      await until(el, () => heading(el) === 'Подтвердите, что вы в городе', 'location step');
      expect(text(el)).to.contain('не сохраняются');
      q<HTMLButtonElement>(el, 'button.primary').click();
      await until(el, () => !!root(el).querySelector('#step-error'), 'refusal');
      expect(q(el, '#step-error').textContent).to.contain('Доступ к местоположению запрещён');
      expect(root(el).activeElement?.id).to.equal('step-error');
      geo.getCurrentPosition = (ok) => ok({ coords: { latitude: 52.96, longitude: 63.11, accuracy: 20 } } as GeolocationPosition);
      q<HTMLButtonElement>(el, 'button.primary').click();
      starts = [];
      await identify(el);
      bodies = [];
      await confirm(el);
      await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot');
      // Residence goes with the request for a code (checked before any SMS is sent), not again with the code.
      expect(starts[0]!.location).to.deep.equal({ lat: 52.96, lng: 63.11 });
      expect(bodies[0]).to.deep.equal({ code: '123456' });
      expect(root(el).querySelectorAll('[part=pool]').length).to.equal(2);
    } finally {
      geo.getCurrentPosition = original;
    }
  });

  it('shows "already voted" with the receipt, a check, and a way to change the vote when allowed', async () => {
    state.ballots.set(`aksu-flow:${ADULT}`, {
      input: { cycleId: 'aksu-flow', choices: [{ poolId: 'city', picks: [{ projectId: 'aksu-1' }] }] },
      receipt: { receiptCode: 'K7QM-2HXP-9TRW-4DNB', cycleId: 'aksu-flow', castAt: formatInstant(new Date(), state.configs.get('aksu')!.city.timeZone), changeableUntil: state.configs.get('aksu')!.cycle.phases.voting.end },
    });
    const el = await mount();
    await identify(el);
    await confirm(el);
    await until(el, () => heading(el) === 'Вы уже проголосовали', 'voted');
    expect(q(el, '[part=receipt]').textContent).to.equal('K7QM-2HXP-9TRW-4DNB');
    expect(root(el).activeElement?.hasAttribute('data-step-heading')).to.equal(true);
    expect(text(el)).to.contain('Голос можно изменить до');
    // The receipt check is a part of its own, fetched when this step shows.
    await until(el, () => !!root(el).querySelector('.receipt-check button[type=submit]'), 'receipt check');
    q<HTMLButtonElement>(el, '.receipt-check button[type=submit]').click();
    await until(el, () => text(el).includes('Голос учтён'), 'receipt checked');
    expect(root(el).activeElement?.id).to.equal('receipt-result');
    qa<HTMLButtonElement>(el, 'button').find((b) => b.textContent!.includes('Изменить голос'))!.click();
    await until(el, () => !!root(el).querySelector('[part=pool]'), 'ballot again');
  });

  it('says a vote is final when the city allows no re-vote', async () => {
    state.ballots.set(`rudny-flow:${ADULT}`, {
      input: { cycleId: 'rudny-flow', choices: [{ poolId: 'infra', picks: [{ projectId: 'rudny-i-1' }] }] },
      receipt: { receiptCode: 'K7QM-2HXP-9TRW-4DNC', cycleId: 'rudny-flow', castAt: formatInstant(new Date(), state.configs.get('rudny')!.city.timeZone), changeableUntil: null },
    });
    state.configs.get('rudny')!.cycle.eligibility.residence = 'none';
    const el = await mount('rudny');
    await identify(el);
    await confirm(el);
    await until(el, () => heading(el) === 'Вы уже проголосовали', 'voted');
    expect(text(el)).to.contain('Голос окончательный');
    expect(text(el)).not.to.contain('Изменить голос');
  });

  it('outside the voting window says when it opens or closed, in the city time', async () => {
    state.setPhase('aksu', 'review');
    const before = await mount();
    await until(before, () => heading(before) === 'Голосование ещё не началось', 'before');
    const start = state.configs.get('aksu')!.cycle.phases.voting.start;
    // The wall clock is the digits the server wrote with the city's offset, whatever the browser's zone data says
    // (WebKitGTK's is older than Kazakhstan's move to UTC+5 and would read an hour late).
    const [, year, month, day, hour, minute] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(start)!;
    expect(start).to.match(/\+05:00$/);
    expect(text(before)).to.contain(`откроется ${day}.${month}.${year}, ${hour}:${minute}`);
    expect(text(before)).to.contain('часовому поясу города Аксу');
    state.setPhase('aksu', 'results');
    const after = await mount();
    await until(after, () => heading(after) === 'Голосование завершено', 'after');
    await expect(after).to.be.accessible();
  });
});

describe('<qala-ballot> casting', () => {
  let state: MockState;
  let use: (...h: Parameters<Awaited<ReturnType<typeof mockApi>>['use']>) => void;
  beforeEach(async () => {
    ({ state, use } = await mockApi());
    isolate(state);
    await clearOwn();
  });

  it('keeps no IIN, phone or location anywhere after a full vote; events carry no personal data', async () => {
    const seen: string[] = [];
    const record = (e: Event) => seen.push(JSON.stringify((e as CustomEvent).detail));
    for (const name of ['qala-before-ballot-cast', 'qala-ballot-cast', 'qala-error']) document.addEventListener(name, record);
    try {
      const el = await mount();
      await toBallot(el);
      const cast = oneEvent(el, 'qala-ballot-cast');
      await castFirst(el, 2);
      await cast;
      await until(el, () => heading(el) === 'Ваш голос принят', 'done');
      // Every entry (other test files share this IndexedDB) for personal data; this file's own entry for the choices.
      const all = await entries(store);
      const stored = JSON.stringify(all);
      const mine = JSON.stringify(all.filter(([key]) => String(key).includes(':aksu-flow:')));
      expect(mine).to.contain('receiptCode');
      expect(mine, 'the choices are not kept once sent').not.to.contain('projectId');
      expect(stored).to.contain('receiptCode');
      for (const secret of [ADULT, '7012345678', '77012345678']) {
        expect(stored).not.to.contain(secret);
        expect(seen.join('\n')).not.to.contain(secret);
        expect(location.href).not.to.contain(secret);
        expect(JSON.stringify({ ...localStorage })).not.to.contain(secret);
        expect(JSON.stringify({ ...sessionStorage })).not.to.contain(secret);
      }
      expect(seen.join('\n')).not.to.contain('projectId');
      expect(JSON.parse(seen[0]!)).to.deep.equal({ cycleId: 'aksu-flow', pools: [{ poolId: 'city', picks: 2, cost: 13_700_000, points: 0 }] });
    } finally {
      for (const name of ['qala-before-ballot-cast', 'qala-ballot-cast', 'qala-error']) document.removeEventListener(name, record);
    }
  });

  it('approval: the meter drops "at least 1" once enough are picked, and the review does not number the picks as ranks', async () => {
    const el = await mount();
    await toBallot(el);
    const meter = () => q(el, '[part=meter]').textContent!.replace(/\s+/g, ' ');
    expect(meter()).to.contain('нужно не меньше 1');
    for (const box of boxes(el).slice(0, 3)) box.click();
    await el.updateComplete;
    expect(meter()).to.contain('Выбрано 3 из 3');
    expect(meter()).not.to.contain('нужно не меньше');
    q<HTMLButtonElement>(el, '.actions button.primary').click();
    await until(el, () => !!root(el).querySelector('[part=submit-button]'), 'review');
    const list = q(el, '[part=review] .review-list');
    expect(list.tagName).to.equal('UL');
    expect(getComputedStyle(list.querySelector('li')!).listStyleType).not.to.equal('decimal');
    expect(list.textContent).not.to.match(/\b1\.\s/);
  });

  it('confirmation: receipt, how to check it, until when it can change; focus on it', async () => {
    const el = await mount();
    await toBallot(el);
    await castFirst(el);
    await until(el, () => heading(el) === 'Ваш голос принят', 'done');
    expect(root(el).activeElement?.getAttribute('part')).to.equal('heading');
    expect(text(el)).to.contain('Сохраните код');
    expect(text(el)).to.contain('Голос можно изменить до');
    await until(el, () => !!root(el).querySelector('#receipt-code'), 'receipt check');
    expect(q<HTMLInputElement>(el, '#receipt-code').value).to.equal(q(el, '[part=receipt]').textContent);
    expect(state.ballots.size).to.equal(1);
  });

  it('a receipt check answered after "next voter" is dropped: the next resident at the desk never sees it', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let asked = false;
    use(
      http.get(`${API}/cities/aksu/receipts/:code`, async () => {
        asked = true;
        await held;
        return undefined;
      }),
    );
    const el = await mount();
    await toBallot(el);
    await castFirst(el);
    await until(el, () => heading(el) === 'Ваш голос принят', 'done');
    await until(el, () => !!root(el).querySelector('#receipt-code'), 'receipt check');
    q<HTMLButtonElement>(el, '.receipt-check button[type=submit]').click();
    await waitUntil(() => asked, 'the check asked');
    qa<HTMLButtonElement>(el, 'button').find((b) => b.textContent!.trim() === 'Проголосует другой человек')!.click();
    await until(el, () => !!root(el).querySelector('#iin'), 'the first step, for the next voter');
    release();
    await new Promise((r) => setTimeout(r, 300));
    await el.updateComplete;
    q<HTMLDetailsElement>(el, 'details.check-details').open = true;
    await until(el, () => !!root(el).querySelector('#receipt-code'), 'the receipt form');
    expect(q(el, '#receipt-result').textContent!.trim(), 'no answer of the voter before').to.equal('');
    expect(q<HTMLInputElement>(el, '#receipt-code').value).to.equal('');
    expect(root(el).activeElement?.id).not.to.equal('receipt-result');
  });

  it('lets the host veto with qala-before-ballot-cast', async () => {
    const el = await mount();
    el.addEventListener('qala-before-ballot-cast', (e) => e.preventDefault());
    await toBallot(el);
    await castFirst(el);
    await until(el, () => !!root(el).querySelector('#step-error'), 'veto message');
    expect(q(el, '#step-error').textContent).to.contain('Сайт остановил отправку');
    expect(state.calls.get('ballots') ?? 0).to.equal(0);
    expect(heading(el)).to.equal('Проверьте свой выбор');
  });

  it('warns before leaving with a half-made ballot, and not after the vote is in', async () => {
    const el = await mount();
    await toBallot(el);
    // A real beforeunload on window would also reach msw's worker client and stop the mocks, so the widget's listener is called directly.
    const leave = () => {
      const e = new Event('beforeunload', { cancelable: true });
      (el as unknown as { onBeforeUnload: (e: Event) => void }).onBeforeUnload(e);
      expect(e.defaultPrevented).to.equal(el.hasUnsavedWork);
      return e.defaultPrevented;
    };
    expect(leave()).to.equal(false);
    boxes(el)[0]!.click();
    await el.updateComplete;
    expect(leave()).to.equal(true);
    await castFirst(el, 0);
    await until(el, () => heading(el) === 'Ваш голос принят', 'done');
    expect(leave()).to.equal(false);
  });

  it('offline: keeps the ballot, says it is not sent, sends it when back online, exactly once', async () => {
    const el = await mount();
    await toBallot(el);
    let offline = true;
    use(http.post(`${API}/cities/aksu/ballots`, () => (offline ? HttpResponse.error() : undefined)));
    await castFirst(el);
    await until(el, () => heading(el) === 'Голос ещё не отправлен', 'queued');
    expect(q(el, '[part=status]').textContent).to.contain('сохранён на этом устройстве');
    expect(state.ballots.size).to.equal(0);
    expect(el.hasUnsavedWork, 'an unsent ballot warns on leave').to.equal(true);
    const kept = (await entries(store)).filter(([k]) => String(k).includes(':aksu-flow:')).map(([, v]) => v as { status: string; token: string | null });
    expect(kept[0]!.status).to.equal('pending');
    expect(kept[0]!.token).to.match(/^tok_/);
    offline = false;
    window.dispatchEvent(new Event('online'));
    // Up to 2 s at random after coming back online (the outbox's herd guard), then the send.
    await until(el, () => heading(el) === 'Ваш голос принят', 'sent after online', 10_000);
    expect(state.ballots.size).to.equal(1);
    const keys = new Set([...state.idempotency.keys()].filter((k) => k.startsWith('aksu/ballots')));
    expect(keys.size).to.equal(1);
  });

  it('sends a ballot kept from an earlier visit on load, and a retry button sends it now', async () => {
    const first = await mount();
    await toBallot(first);
    let down = true;
    let refused = 0;
    use(http.post(`${API}/cities/aksu/ballots`, () => (down ? (refused++, HttpResponse.json({ code: 'unavailable', message: 'down' }, { status: 503 })) : undefined)));
    await castFirst(first);
    await until(first, () => heading(first) === 'Голос ещё не отправлен', 'queued');
    const retry = (el: QalaBallot) => qa<HTMLButtonElement>(el, 'button').find((b) => b.textContent!.includes('Отправить сейчас') && !b.disabled);
    // The first attempt is over (refused, and kept with its count) before the visit ends: an attempt still on its way
    // when the next visit opens counts as that visit's own (it waits for it and does not send twice).
    await until(first, () => refused === 1 && !!retry(first), 'the first attempt over');
    first.remove();
    // Still down on the next visit: the retry button is there.
    const second = await mount();
    await until(second, () => heading(second) === 'Голос ещё не отправлен', 'queued on load');
    // Sent once when cast, once more on load.
    await waitUntil(() => refused >= 2, 'sent on load');
    down = false;
    await until(second, () => !!retry(second), 'retry button ready');
    retry(second)!.click();
    await until(second, () => heading(second) === 'Ваш голос принят', 'sent by retry');
    expect(state.calls.get('ballots')).to.equal(1);
    expect(state.ballots.size).to.equal(1);
  });

  it('says when the ballot cannot be kept offline, and still sends it', async () => {
    const broken = {
      get: () => Promise.reject(new Error('no idb')),
      set: () => Promise.reject(new Error('no idb')),
      del: () => Promise.reject(new Error('no idb')),
      entries: () => Promise.reject(new Error('no idb')),
    };
    const el = await fixture<QalaBallot>(html`<qala-ballot lang="ru" .backend=${backendFor()} .outboxStorage=${broken} .retryDelays=${[60_000]}></qala-ballot>`);
    await toBallot(el);
    use(http.post(`${API}/cities/aksu/ballots`, () => HttpResponse.error()));
    await castFirst(el);
    await until(el, () => heading(el) === 'Голос ещё не отправлен', 'queued');
    expect(text(el)).to.contain('не может сохранить бюллетень на устройстве');
  });

  it('asks to confirm again when the session expired, keeping the choices', async () => {
    const el = await mount();
    await toBallot(el);
    boxes(el)[2]!.click();
    await el.updateComplete;
    let expired = true;
    use(http.post(`${API}/cities/aksu/ballots`, () => (expired ? HttpResponse.json({ code: 'unauthorized', message: 'expired' }, { status: 401 }) : undefined)));
    q<HTMLButtonElement>(el, '.actions button.primary').click();
    await until(el, () => !!root(el).querySelector('[part=submit-button]'), 'review');
    q<HTMLButtonElement>(el, '[part=submit-button]').click();
    await until(el, () => heading(el) === 'Кто голосует', 'identify again');
    expect(text(el)).to.contain('ваш выбор сохранён');
    expired = false;
    await toBallot(el);
    expect(boxes(el)[2]!.checked).to.equal(true);
    expect(state.ballots.size).to.equal(0);
  });
  it('a refusal from the server is explained: already voted elsewhere, or voting closed meanwhile', async () => {
    const el = await mount();
    await toBallot(el);
    let code: 'already_voted' | 'phase_closed' = 'already_voted';
    use(http.post(`${API}/cities/aksu/ballots`, () => HttpResponse.json({ code, message: 'no' }, { status: 409 })));
    await castFirst(el);
    await until(el, () => heading(el) === 'Вы уже проголосовали', 'voted');
    expect(text(el)).to.contain('Проверить его можно по коду квитанции');
    expect(el.hasUnsavedWork).to.equal(false);
    const other = await mount();
    await toBallot(other);
    code = 'phase_closed';
    await castFirst(other);
    await until(other, () => heading(other) === 'Голосование завершено', 'closed');
    expect(text(other)).to.contain('Этот этап сейчас закрыт.');
  });
});
