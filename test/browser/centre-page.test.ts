/**
 * The `/centre/` page's script (`src/centre/page.ts`): the theme follows the system until the person switches it, and
 * the theme and language they switch to are kept on this device for the next visit, the address's language winning.
 * The script runs once per test page, on the `<qala-centre>` in the document when it is imported.
 */
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import type { QalaCentre } from '../../src/centre/centre.js';
import { KEPT, pageChoices } from '../../src/centre/page-choices.js';
import { adminMock, button, until } from './support/centre.js';

/** `matchMedia` answering "the system prefers dark" (the switch is built with what it answers). */
function systemPrefersDark(): () => void {
  const real = window.matchMedia;
  window.matchMedia = ((query: string) => ({ ...real.call(window, query), matches: /prefers-color-scheme: dark/.test(query), addEventListener() {}, removeEventListener() {} })) as typeof window.matchMedia;
  return () => void (window.matchMedia = real);
}

describe('the /centre/ page', () => {
  afterEach(() => {
    fixtureCleanup();
    localStorage.clear();
  });

  it('follows the system’s dark setting with theme="auto", and its switch says so: pressed while dark is shown, and a press makes it light', async () => {
    await adminMock();
    const restore = systemPrefersDark();
    try {
      const el = await fixture<QalaCentre>(html`<qala-centre api="/api/v1" lang="en" theme="auto"></qala-centre>`);
      await until('the header', () => button(el, 'Dark theme'));
      expect(button(el, 'Dark theme')!.getAttribute('aria-pressed')).to.equal('true');
      button(el, 'Dark theme')!.click();
      await el.updateComplete;
      expect(el.getAttribute('theme')).to.equal('light');
      expect(button(el, 'Dark theme')!.getAttribute('aria-pressed')).to.equal('false');
    } finally {
      restore();
    }
  });

  /** A `<qala-centre>` as the page has it (`lang="ru"` in its HTML), set up by the page's script for an address with this query. */
  async function onThePage(search: string): Promise<QalaCentre> {
    const main = await fixture<HTMLElement>(html`<main><qala-centre api="/api/v1" lang="ru"></qala-centre></main>`);
    const el = main.querySelector<QalaCentre>('qala-centre')!;
    pageChoices(el, search);
    await el.updateComplete;
    return el;
  }

  it('opens in the theme and language the person switched to last time, and keeps what they switch to now', async () => {
    await adminMock();
    localStorage.setItem(KEPT.theme, 'dark');
    localStorage.setItem(KEPT.lang, 'kk');
    const el = await onThePage('?city=aksu');
    expect([el.getAttribute('theme'), el.getAttribute('lang'), el.getAttribute('city'), document.documentElement.lang]).to.deep.equal(['dark', 'kk', 'aksu', 'kk']);
    await until('Kazakh words', () => button(el, 'Қараңғы тақырып'));
    expect(button(el, 'Қараңғы тақырып')!.getAttribute('aria-pressed')).to.equal('true');
    button(el, 'Қараңғы тақырып')!.click();
    button(el, 'Русский')!.click();
    await until('Russian words', () => button(el, 'Тёмная тема'));
    expect([localStorage.getItem(KEPT.theme), localStorage.getItem(KEPT.lang), document.documentElement.lang]).to.deep.equal(['light', 'ru', 'ru']);
    expect(button(el, 'Тёмная тема')!.getAttribute('aria-pressed')).to.equal('false');
  });

  it('takes the address’s language over the kept one, keeps nothing it did not switch, follows the system when nothing is kept, and ignores a kept value it does not know', async () => {
    await adminMock();
    localStorage.setItem(KEPT.lang, 'kk');
    localStorage.setItem(KEPT.theme, 'purple');
    const el = await onThePage('?lang=en');
    expect([el.getAttribute('lang'), el.getAttribute('theme')]).to.deep.equal(['en', 'auto']);
    expect([localStorage.getItem(KEPT.lang), localStorage.getItem(KEPT.theme)], 'nothing switched, nothing kept').to.deep.equal(['kk', 'purple']);
    fixtureCleanup();
    localStorage.clear();
    const fresh = await onThePage('?lang=xx');
    expect([fresh.getAttribute('lang'), fresh.getAttribute('theme')], 'the page’s own language, the system’s theme').to.deep.equal(['ru', 'auto']);
  });
});
