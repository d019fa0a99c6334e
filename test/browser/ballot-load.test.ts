import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { HttpBackend } from '../../src/client/http-backend.js';
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

describe('<qala-ballot> loading its projects beside the first steps', () => {
  let state: MockState;
  let use: (...h: Parameters<Awaited<ReturnType<typeof mockApi>>['use']>) => void;
  let release: () => void = () => {};
  beforeEach(async () => {
    ({ state, use } = await mockApi());
    state.configs.get('aksu')!.cycle.id = 'aksu-load';
    await clearOwn();
  });
  afterEach(() => release());

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
