import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { HttpBackend } from '../../src/client/http-backend.js';
import '../../src/widgets/ballot/define.js';
import type { QalaBallot } from '../../src/widgets/ballot/ballot.js';
import { mockApi } from './support/msw.js';

const API = '/api/v1';
const ADULT = '791028302728';

function q<T extends Element = HTMLElement>(el: QalaBallot, selector: string): T {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}
const heading = (el: QalaBallot) => el.shadowRoot!.querySelector('[data-step-heading]')?.textContent?.trim() ?? '';
async function until(el: QalaBallot, fn: () => boolean, message: string) {
  await waitUntil(fn, message, { timeout: 5000 });
  await el.updateComplete;
}
function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
async function verify(el: QalaBallot, iin = ADULT) {
  await until(el, () => !!el.shadowRoot!.querySelector('#iin'), 'identify step');
  type(q<HTMLInputElement>(el, '#iin'), iin);
  q<HTMLInputElement>(el, '#phone').value = '+7 701 234 56 78';
  q<HTMLButtonElement>(el, 'form button[type=submit]').click();
  await until(el, () => !!el.shadowRoot!.querySelector('#code'), 'code step');
  q<HTMLInputElement>(el, '#code').value = '123456';
  q<HTMLButtonElement>(el, 'form button[type=submit]').click();
}

describe('<qala-ballot> basic flow', () => {
  it('verifies, votes under approval and shows a receipt', async () => {
    const { state } = await mockApi();
    const backend = new HttpBackend({ baseUrl: API, city: 'aksu', backoffMs: 5 });
    const el = await fixture<QalaBallot>(html`<qala-ballot lang="en" .backend=${backend}></qala-ballot>`);
    await verify(el);
    await until(el, () => heading(el) === 'Your choice', 'ballot step');
    const boxes = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
    expect(boxes.length).to.equal(6);
    boxes[0]!.click();
    boxes[1]!.click();
    await el.updateComplete;
    expect(q(el, '[part=meter]').textContent).to.contain('2 of 3 chosen');
    q<HTMLButtonElement>(el, '.actions button.primary').click();
    await el.updateComplete;
    expect(heading(el)).to.equal('Check your choice');
    const cast = oneEvent(el, 'qala-ballot-cast');
    q<HTMLButtonElement>(el, '[part=submit-button]').click();
    const event = await cast;
    await until(el, () => heading(el) === 'Your vote is in', 'done');
    expect(event.detail.receiptCode).to.match(/^[0-9A-Z]{4}-/);
    expect(q(el, '[part=receipt]').textContent).to.equal(event.detail.receiptCode);
    expect(state.ballots.size).to.equal(1);
    expect(el.shadowRoot!.activeElement?.hasAttribute('data-step-heading')).to.equal(true);
  });
});
