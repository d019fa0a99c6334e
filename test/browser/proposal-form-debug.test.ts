import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/widgets/proposal-form/define.js';
import { mockApi } from './support/msw.js';

describe('debug', () => {
  it('mounts', async () => {
    console.warn('start');
    await mockApi({ phase: 'submission' });
    console.warn('mock ok');
    const el = await fixture(html`<qala-proposal-form api="/api/v1" city="aksu" lang="ru"></qala-proposal-form>`);
    console.warn('fixture ok');
    await waitUntil(() => el.shadowRoot!.querySelector('form'), 'no form', { timeout: 5000 });
    console.warn('form ok');
    expect(1).to.equal(1);
  });
});
