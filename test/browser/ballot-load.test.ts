import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { Backend } from '../../src/client/backend.js';
import { HttpBackend } from '../../src/client/http-backend.js';
import { outboxKey, type OutboxEntry, type OutboxStorage } from '../../src/client/outbox.js';
import type { MockState } from '../../src/mock/handlers.js';
import '../../src/widgets/ballot/define.js';
import type { QalaBallot } from '../../src/widgets/ballot/ballot.js';
import { active, announced, button, clearOutbox, heading, q, qa, root, until, verifyByCode, gate, expectBallotStepLoading } from './support/dom.js';
import { mockApi } from './support/msw.js';

const API = '/api/v1';
const PROPOSALS = `${API}/cities/aksu/proposals`;
/** Forgets this file's outbox entries only: other test files run alongside in the same browser and share IndexedDB. */
const clearOwn = () => clearOutbox('aksu-load');

async function mount(lang = 'ru') {
  return fixture<QalaBallot>(html`<qala-ballot lang=${lang} .backend=${new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 })} .retryDelays=${[60_000]}></qala-ballot>`);
}

// Every test in this file (web-test-runner runs each file in a page of its own): a fresh mock API with this file's
// cycle, and `release` — set by a test that holds something back — called after it.
let state: MockState;
let use: (...h: Parameters<Awaited<ReturnType<typeof mockApi>>['use']>) => void;
let release: () => void = () => {};
beforeEach(async () => {
  ({ state, use } = await mockApi());
  state.configs.get('aksu')!.cycle.id = 'aksu-load';
  await clearOwn();
});
afterEach(() => release());

describe('<qala-ballot> loading its projects beside the first steps', () => {
  it('shows the verification step while the projects are still on their way, and the ballot once they come', async () => {
    const held = gate();
    release = held.open;
    let asked = 0;
    use(
      http.get(PROPOSALS, async () => {
        asked++;
        await held.opened;
        return undefined;
      }),
    );
    const el = await mount();
    await until(el, () => heading(el) === 'Кто голосует', 'verify heading while the projects are pending');
    expect(asked).to.equal(1);
    await verifyByCode(el);
    // Verified before the projects came: the ballot step says it is loading, its heading has focus.
    await expectBallotStepLoading(el);
    held.open();
    await until(el, () => qa(el, '[part=card]').length > 0, 'projects arrive');
    expect(q(el, '[part=step]').getAttribute('aria-busy')).to.equal('false');
    // The heading is the same element: focus stayed on it, and the rule is announced.
    expect(active(el)?.hasAttribute('data-step-heading')).to.equal(true);
    await announced(el, 'Выберите');
  });

  it('a failed load of the projects shows an error on the ballot step; its retry reaches the ballot without verifying again', async () => {
    let down = true;
    let verifications = 0;
    const errors: string[] = [];
    use(
      http.get(PROPOSALS, () => (down ? HttpResponse.json({ code: 'unavailable', message: 'down' }, { status: 503 }) : undefined)),
      http.post(`${API}/cities/aksu/verification`, () => {
        verifications++;
        return undefined;
      }),
    );
    const el = await mount();
    el.addEventListener('qala-error', (e) => errors.push((e as CustomEvent<{ code: string }>).detail.code));
    await verifyByCode(el);
    await until(el, () => heading(el) === 'Не удалось загрузить бюллетень', 'load error on the ballot step');
    expect(q(el, '[role=alert]').textContent).to.not.equal('');
    expect(errors).to.include('unavailable');
    await expect(el).to.be.accessible();
    down = false;
    button(el, 'Повторить').click();
    await until(el, () => qa(el, '[part=card]').length > 0, 'ballot after retry');
    expect(heading(el)).to.equal('Ваш выбор');
    expect(active(el)?.hasAttribute('data-step-heading')).to.equal(true);
    expect(verifications).to.equal(1);
    // The session held: the ballot is sent with it.
    q<HTMLInputElement>(el, '[part=card] input').click();
    await el.updateComplete;
    q<HTMLButtonElement>(el, '.actions button.primary').click();
    await until(el, () => !!root(el).querySelector('[part=submit-button]'), 'review');
    q<HTMLButtonElement>(el, '[part=submit-button]').click();
    await until(el, () => !!root(el).querySelector('[part=receipt]'), 'done');
  });

  it('an answer for an earlier config does not replace the projects of a newer one', async () => {
    const held = gate();
    release = held.open;
    let first = true;
    use(
      http.get(PROPOSALS, async () => {
        if (!first) return undefined;
        first = false;
        await held.opened;
        return HttpResponse.json({ items: [], nextCursor: null });
      }),
    );
    const el = await mount();
    await until(el, () => heading(el) === 'Кто голосует', 'verify heading');
    // A new backend (the host changed the city's API): config and projects load anew.
    el.backend = new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 });
    await until(el, () => heading(el) === 'Кто голосует' && !first, 'verify heading again');
    await verifyByCode(el);
    await until(el, () => qa(el, '[part=card]').length > 0, 'projects of the new load');
    const cards = qa(el, '[part=card]').length;
    held.open();
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    expect(qa(el, '[part=card]').length).to.equal(cards);
  });
});

describe('<qala-ballot> the first step before the outbox has read this device', () => {
  /** An outbox store that answers only once the test opens it (IndexedDB slow to open), keeping `kept` from an earlier visit. */
  function slowStorage(kept?: OutboxEntry): OutboxStorage {
    const held = gate();
    release = held.open;
    const map = new Map<string, OutboxEntry>(kept ? [[kept.key, kept]] : []);
    return {
      get: async (key) => (await held.opened, map.get(key)),
      set: async (key, entry) => void map.set(key, entry),
      del: async (key) => void map.delete(key),
      entries: async () => [...map],
    };
  }
  const waiting = (): OutboxEntry => ({
    key: outboxKey('aksu', 'aksu-load'),
    city: 'aksu',
    cycleId: 'aksu-load',
    ballot: { cycleId: 'aksu-load', choices: [{ poolId: 'city', picks: [{ projectId: 'aksu-2' }] }] },
    token: 'tok_kept',
    tokenExpiresAt: new Date(Date.now() + 600_000).toISOString(),
    idempotencyKey: 'kept-0001',
    createdAt: new Date().toISOString(),
    status: 'pending',
    attempts: 0,
  });
  const mountWith = (storage: OutboxStorage, backend: Backend = new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 })) =>
    fixture<QalaBallot>(html`<qala-ballot lang="ru" .outboxStorage=${storage} .backend=${backend} .retryDelays=${[60_000]}></qala-ballot>`);

  it('shows the first step without waiting for the outbox; a ballot sent from this device earlier then shows, taking no focus', async () => {
    const sent: OutboxEntry = {
      ...waiting(),
      ballot: { cycleId: 'aksu-load', choices: [] },
      token: null,
      tokenExpiresAt: null,
      status: 'sent',
      attempts: 1,
      receipt: { receiptCode: 'K7QM-2HXP-9TRW-4DNB', cycleId: 'aksu-load', castAt: '2026-12-04T10:00:00+05:00', changeableUntil: null },
    };
    const el = await mountWith(slowStorage(sent));
    await until(el, () => heading(el) === 'Кто голосует', 'first step while the outbox has not answered');
    expect(root(el).querySelector('#iin')).to.exist;
    release();
    await until(el, () => heading(el) === 'Ваш голос принят', 'the kept receipt');
    expect(q(el, '[part=receipt]').textContent).to.equal('K7QM-2HXP-9TRW-4DNB');
    // Page load: the widget does not pull focus.
    expect(active(el)).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('a resident already in the first step is taken, focus and all, to the ballot this device keeps waiting', async () => {
    use(http.post(`${API}/cities/aksu/ballots`, () => HttpResponse.error()));
    const el = await mountWith(slowStorage(waiting()));
    await until(el, () => !!root(el).querySelector('#iin'), 'first step');
    q<HTMLInputElement>(el, '#iin').focus();
    release();
    await until(el, () => heading(el) === 'Голос ещё не отправлен', 'the kept ballot');
    expect(active(el)?.hasAttribute('data-step-heading')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('a verification under way goes on, and its end finds the ballot this device keeps waiting', async () => {
    use(http.post(`${API}/cities/aksu/ballots`, () => HttpResponse.error()));
    const real = new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 });
    let confirmed = false;
    const backend = Object.assign(Object.create(real) as Backend, {
      confirmCode: async (...args: Parameters<Backend['confirmCode']>) => {
        const session = await real.confirmCode(...args);
        confirmed = true;
        return session;
      },
    });
    const el = await mountWith(slowStorage(waiting()), backend);
    await verifyByCode(el);
    await until(el, () => confirmed, 'code confirmed before the outbox answered');
    // Verified: neither the ballot (the kept one would be overlooked) nor the form again, but loading until the outbox answers.
    await until(el, () => !!root(el).querySelector('[part=step][aria-busy=true]'), 'loading');
    expect(root(el).querySelector('#iin, #code, [part=pool]')).to.equal(null);
    release();
    await until(el, () => heading(el) === 'Голос ещё не отправлен', 'the kept ballot once the outbox answered');
    expect(root(el).querySelector('[part=pool]')).to.equal(null);
  });
});
