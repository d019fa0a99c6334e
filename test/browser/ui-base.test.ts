import { expect, fixture, html as testHtml } from '@open-wc/testing';
import { html } from 'lit';
import { QalaElement, textsPending } from '../../src/ui/base-element.js';
import { baseStyles } from '../../src/ui/base.styles.js';
import { defineElement } from '../../src/ui/define.js';
import { LocalizeController, type Catalogues } from '../../src/ui/localize.js';
import { PartedLocalizeController } from '../../src/ui/parted-localize.js';
import { withCommon } from '../../src/ui/messages/index.js';
import { ConfigController } from '../../src/ui/config-controller.js';
import { mockApi } from './support/msw.js';

const catalogues = withCommon({
  kk: { hello: 'Сәлем', left: ({ n }: { n: number }) => `${n} жоба қалды` },
  ru: { hello: 'Привет', left: ({ n }: { n: number }) => `Осталось ${n}` },
  en: { hello: 'Hello', left: ({ n }: { n: number }) => `${n} left` },
});

class TestWidget extends QalaElement {
  static override styles = [baseStyles];
  i18n = new LocalizeController(this, catalogues);
  cfg = new ConfigController(this, (config) => this.i18n.setOverrides(config.city.messages));
  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed as never);
    this.cfg.use(this.activeBackend);
  }
  override render() {
    return html`<p id="hello">${this.i18n.t('hello')}</p>
      <p id="money">${this.i18n.money(100_000_000)}</p>
      <p id="left">${this.i18n.t('left', { n: 2 })}</p>
      <p id="status">${this.i18n.t('status.on_ballot')}</p>
      <p id="state">${this.cfg.state.status}</p>
      <button class="primary">ok</button>`;
  }
}
defineElement('qala-test-widget', TestWidget);

const text = (el: Element, id: string) => el.shadowRoot!.getElementById(id)!.textContent;

/** Runs `fn` with console warnings collected (into the array it is given) instead of printed. */
async function withWarnings(fn: (warnings: string[]) => unknown): Promise<string[]> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
  try {
    await fn(warnings);
  } finally {
    console.warn = original;
  }
  return warnings;
}

describe('localize', () => {
  afterEach(() => document.documentElement.removeAttribute('lang'));

  it('uses the element lang, then <html lang>, then Russian', async () => {
    const el = await fixture<TestWidget>(testHtml`<qala-test-widget lang="kk-KZ"></qala-test-widget>`);
    expect(text(el, 'hello')).to.equal('Сәлем');
    el.lang = '';
    await el.updateComplete;
    expect(text(el, 'hello')).to.equal('Привет');
    document.documentElement.lang = 'en';
    await new Promise((r) => setTimeout(r));
    await el.updateComplete;
    expect(text(el, 'hello')).to.equal('Hello');
  });

  it('follows a change of <html lang> (a site language switch)', async () => {
    document.documentElement.lang = 'ru';
    const el = await fixture<TestWidget>(testHtml`<qala-test-widget></qala-test-widget>`);
    expect(text(el, 'status')).to.equal('В голосовании');
    document.documentElement.lang = 'kk';
    await new Promise((r) => setTimeout(r));
    await el.updateComplete;
    expect(text(el, 'status')).to.equal('Дауыс беруде');
  });

  it('formats tenge with KZ conventions and interpolates', async () => {
    const el = await fixture<TestWidget>(testHtml`<qala-test-widget lang="ru"></qala-test-widget>`);
    expect(text(el, 'money')).to.equal('100\u00a0000\u00a0000\u00a0₸');
    expect(text(el, 'left')).to.equal('Осталось 2');
  });

  it('lets a city override single strings, with placeholders', async () => {
    const { state } = await mockApi();
    const config = state.configs.get('aksu')!;
    config.city = { ...config.city, messages: { ru: { hello: 'Добро пожаловать в Аксу', left: 'Ещё {n}' } } };
    const el = await fixture<TestWidget>(testHtml`<qala-test-widget lang="ru" api="/api/v1" city="aksu"></qala-test-widget>`);
    await waitFor(() => text(el, 'state') === 'ready');
    expect(text(el, 'hello')).to.equal('Добро пожаловать в Аксу');
    expect(text(el, 'left')).to.equal('Ещё 2');
  });
});

async function waitFor(check: () => boolean, timeout = 3000) {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeout) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('languages loaded on demand', () => {
  type Texts = { hello: string };
  /** A loader the test releases by hand, like a language chunk on a slow network. */
  function gate(text: string) {
    let release!: () => void;
    let fail!: () => void;
    let calls = 0;
    let next = () =>
      new Promise<{ default: Texts }>((resolve, reject) => {
        release = () => resolve({ default: { hello: text } });
        fail = () => reject(new Error('chunk failed'));
      });
    const loader = () => {
      calls++;
      return next();
    };
    return { loader, release: () => release(), fail: () => fail(), calls: () => calls, retryOk: () => (next = () => Promise.resolve({ default: { hello: text } })) };
  }

  class LazyWidget extends QalaElement {
    static override styles = [baseStyles];
    static catalogues: Catalogues<Texts>;
    i18n = new LocalizeController(this, (this.constructor as typeof LazyWidget).catalogues);
    override render() {
      if (!this.i18n.ready) return textsPending(this.i18n);
      return html`<p id="hello">${this.i18n.t('hello')}</p>`;
    }
  }

  it('shows a busy box until the texts arrive, and updateComplete waits for them', async () => {
    const kk = gate('Сәлем');
    class A extends LazyWidget {
      static override catalogues = { kk: kk.loader, ru: { hello: 'Привет' }, en: { hello: 'Hello' } };
    }
    defineElement('qala-lazy-a', A);
    const el = document.createElement('qala-lazy-a') as A;
    el.lang = 'kk';
    document.body.append(el);
    await new Promise((r) => setTimeout(r, 20));
    expect(el.shadowRoot!.querySelector('[aria-busy="true"]')).to.exist;
    expect(el.shadowRoot!.getElementById('hello')).to.equal(null);
    const done = el.updateComplete;
    kk.release();
    await done;
    expect(text(el, 'hello')).to.equal('Сәлем');
    el.remove();
  });

  it('keeps the current language on screen while another loads; one load serves every widget', async () => {
    const en = gate('Hello');
    class B extends LazyWidget {
      static override catalogues = { kk: { hello: 'Сәлем' }, ru: { hello: 'Привет' }, en: en.loader };
    }
    defineElement('qala-lazy-b', B);
    const one = await fixture<B>(testHtml`<qala-lazy-b lang="ru"></qala-lazy-b>`);
    const two = await fixture<B>(testHtml`<qala-lazy-b lang="ru"></qala-lazy-b>`);
    one.lang = 'en';
    two.lang = 'en';
    await new Promise((r) => setTimeout(r, 20));
    expect(text(one, 'hello')).to.equal('Привет');
    en.release();
    await one.updateComplete;
    await two.updateComplete;
    expect(text(one, 'hello')).to.equal('Hello');
    expect(text(two, 'hello')).to.equal('Hello');
    expect(en.calls()).to.equal(1);
  });

  it('when a language cannot be loaded: warns, keeps what it shows, tries again when back online', async () => {
    const en = gate('Hello');
    class C extends LazyWidget {
      static override catalogues = { kk: { hello: 'Сәлем' }, ru: { hello: 'Привет' }, en: en.loader };
    }
    defineElement('qala-lazy-c', C);
    const el = await fixture<C>(testHtml`<qala-lazy-c lang="ru"></qala-lazy-c>`);
    await withWarnings(async (warnings) => {
      el.lang = 'en';
      await new Promise((r) => setTimeout(r, 20));
      en.fail();
      await el.updateComplete;
      expect(text(el, 'hello')).to.equal('Привет');
      expect(warnings.join()).to.contain('could not load the en texts of <qala-lazy-c>');
      en.retryOk();
      window.dispatchEvent(new Event('online'));
      await new Promise((r) => setTimeout(r, 20));
      await el.updateComplete;
      expect(text(el, 'hello')).to.equal('Hello');
      expect(en.calls()).to.equal(2);
    });
  });

  it('takes over the shadow root qala.js put a loading box in, and removes only that box', async () => {
    const el = document.createElement('qala-lazy-e');
    const root = el.attachShadow({ mode: 'open' });
    const box = document.createElement('div');
    box.setAttribute('data-qala-loader', '');
    box.setAttribute('aria-busy', 'true');
    root.append(box);
    el.lang = 'ru';
    document.body.append(el);
    class E extends LazyWidget {
      static override catalogues = { kk: { hello: 'Сәлем' }, ru: { hello: 'Привет' }, en: { hello: 'Hello' } };
    }
    defineElement('qala-lazy-e', E);
    await (el as E).updateComplete;
    expect(el.shadowRoot).to.equal(root);
    expect(root.querySelectorAll('[data-qala-loader]').length).to.equal(0);
    expect(text(el as E, 'hello')).to.equal('Привет');
    el.remove();
  });

  it('when the first language cannot be loaded: says so in all three languages (axe-clean), loads it when back online', async () => {
    const kk = gate('Сәлем');
    class D extends LazyWidget {
      static override catalogues = { kk: kk.loader, ru: { hello: 'Привет' }, en: { hello: 'Hello' } };
    }
    defineElement('qala-lazy-d', D);
    await withWarnings(async () => {
      const el = document.createElement('qala-lazy-d') as D;
      el.lang = 'kk';
      document.body.append(el);
      await new Promise((r) => setTimeout(r, 20));
      expect(el.shadowRoot!.querySelector('[aria-busy="true"]')).to.exist;
      kk.fail();
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 20));
      const alert = el.shadowRoot!.querySelector('[role="alert"]')!;
      expect(alert, 'an alert instead of the skeleton').to.exist;
      expect([...alert.querySelectorAll('p')].map((p) => p.lang)).to.deep.equal(['kk', 'ru', 'en']);
      expect(alert.textContent).to.contain('бетті қайта жүктеңіз').and.contain('перезагрузите страницу').and.contain('reload the page');
      await expect(el).to.be.accessible();
      // Not asked for again on every update: only when the browser is back online.
      el.requestUpdate();
      await el.updateComplete;
      expect(kk.calls()).to.equal(1);
      kk.retryOk();
      window.dispatchEvent(new Event('online'));
      await new Promise((r) => setTimeout(r, 20));
      await el.updateComplete;
      expect(text(el, 'hello')).to.equal('Сәлем');
      expect(kk.calls()).to.equal(2);
      el.remove();
    });
  });
});

describe("a part's own texts (PartedLocalizeController.withPart)", () => {
  type Own = { hello: string };
  type Part = { pick: (p: { n: number }) => string };
  /** A part's catalogue per language, each loaded by a loader the test releases or fails by hand. */
  function partTexts() {
    const asked: string[] = [];
    const pending = new Map<string, { resolve: () => void; reject: () => void }>();
    const words = { kk: ({ n }: { n: number }) => `${n} таңдалды`, ru: ({ n }: { n: number }) => `Выбрано ${n}`, en: ({ n }: { n: number }) => `${n} chosen` };
    const loader = (lang: 'kk' | 'ru' | 'en') => () => {
      asked.push(lang);
      return new Promise<{ default: Part }>((resolve, reject) =>
        pending.set(lang, { resolve: () => resolve({ default: { pick: words[lang] } }), reject: () => reject(new Error('chunk failed')) }),
      );
    };
    const catalogues: Catalogues<Part> = { kk: loader('kk'), ru: loader('ru'), en: loader('en') };
    const settle = async (lang: string, ok: boolean) => {
      await until(() => pending.has(lang));
      const p = pending.get(lang)!;
      pending.delete(lang);
      if (ok) p.resolve();
      else p.reject();
    };
    return { catalogues, asked, release: (lang: string) => settle(lang, true), fail: (lang: string) => settle(lang, false) };
  }
  async function until(fn: () => boolean): Promise<void> {
    for (let i = 0; i < 100 && !fn(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(fn()).to.equal(true);
  }

  class PartedWidget extends QalaElement {
    static override styles = [baseStyles];
    i18n = new PartedLocalizeController<Own>(this, { kk: { hello: 'Сәлем' }, ru: { hello: 'Привет' }, en: { hello: 'Hello' } });
    /** The part's words once `withPart` resolved (what a part gets in its constructor). */
    words?: LocalizeController<Own & Part>;
    override render() {
      return html`<p id="hello">${this.i18n.t('hello')}</p>
        <p id="pick">${this.words?.t('pick', { n: 2 }) ?? ''}</p>`;
    }
  }
  defineElement('qala-parted-widget', PartedWidget);

  it('fetches only the language shown; the part speaks its keys beside the widget\'s and follows a change of language', async () => {
    const part = partTexts();
    const el = await fixture<PartedWidget>(testHtml`<qala-parted-widget lang="kk"></qala-parted-widget>`);
    const coming = el.i18n.withPart(part.catalogues);
    await part.release('kk');
    el.words = await coming;
    el.requestUpdate();
    await el.updateComplete;
    expect(part.asked).to.deep.equal(['kk']);
    expect(text(el, 'pick')).to.equal('2 таңдалды');
    expect(el.i18n.has('pick')).to.equal(true);
    // Another language: the widget's own texts switch at once, the part's keep the last language until theirs arrive.
    el.lang = 'en';
    await new Promise((r) => setTimeout(r, 20));
    expect(text(el, 'hello')).to.equal('Hello');
    expect(text(el, 'pick')).to.equal('2 таңдалды');
    const done = el.updateComplete;
    await part.release('en');
    await done;
    expect(text(el, 'pick')).to.equal('2 chosen');
    expect(part.asked).to.deep.equal(['kk', 'en']);
  });

  it('comes with the texts of the language shown when it arrives, if the language changed while they loaded', async () => {
    const part = partTexts();
    const el = await fixture<PartedWidget>(testHtml`<qala-parted-widget lang="ru"></qala-parted-widget>`);
    let words: LocalizeController<Own & Part> | undefined;
    const coming = el.i18n.withPart(part.catalogues).then((w) => (words = w));
    el.lang = 'en';
    await part.release('ru');
    await new Promise((r) => setTimeout(r, 20));
    expect(words, 'still waiting for the English texts').to.equal(undefined);
    await part.release('en');
    el.words = await coming;
    el.requestUpdate();
    await el.updateComplete;
    expect(text(el, 'pick')).to.equal('2 chosen');
  });

  it('rejects when the part\'s texts cannot come, and a second call (the retry) asks again', async () => {
    const part = partTexts();
    const el = await fixture<PartedWidget>(testHtml`<qala-parted-widget lang="ru"></qala-parted-widget>`);
    await withWarnings(async (warnings) => {
      const first = el.i18n.withPart(part.catalogues);
      await part.fail('ru');
      let failed = false;
      await first.catch(() => (failed = true));
      expect(failed, 'withPart rejected').to.equal(true);
      expect(warnings.join()).to.contain('could not load the ru texts of <qala-parted-widget>');
      expect(el.i18n.has('pick')).to.equal(false);
      const again = el.i18n.withPart(part.catalogues);
      await part.release('ru');
      el.words = await again;
      el.requestUpdate();
      await el.updateComplete;
      expect(text(el, 'pick')).to.equal('Выбрано 2');
      expect(part.asked).to.deep.equal(['ru', 'ru']);
    });
  });
});

describe('theme attributes', () => {
  it('turn into custom properties, and ignore values that are not CSS', async () => {
    const el = await fixture<TestWidget>(testHtml`<qala-test-widget accent="#0a7d5a" radius="large" density="compact" font="serif"></qala-test-widget>`);
    const button = el.shadowRoot!.querySelector('button')!;
    const style = getComputedStyle(button);
    expect(style.backgroundColor).to.equal('rgb(10, 125, 90)');
    expect(style.borderTopLeftRadius).to.equal('16px');
    expect(getComputedStyle(el).fontFamily).to.contain('Georgia');
    el.accent = 'red; background: url(x)';
    await el.updateComplete;
    expect(getComputedStyle(button).backgroundColor).to.equal('rgb(22, 86, 168)');
  });

  it('dark theme changes the surface, and host CSS custom properties win over defaults', async () => {
    const el = await fixture<TestWidget>(testHtml`<qala-test-widget theme="dark"></qala-test-widget>`);
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(21, 24, 29)');
    el.style.setProperty('--qala-color-surface', 'rgb(1, 2, 3)');
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(1, 2, 3)');
  });

  it('is sized in px/em, immune to html { font-size: 62.5% }', async () => {
    document.documentElement.style.fontSize = '62.5%';
    try {
      const el = await fixture<TestWidget>(testHtml`<qala-test-widget></qala-test-widget>`);
      expect(getComputedStyle(el).fontSize).to.equal('16px');
      expect(el.shadowRoot!.querySelector('button')!.getBoundingClientRect().height).to.be.at.least(44);
    } finally {
      document.documentElement.style.fontSize = '';
    }
  });

  it('passes axe in light and dark', async () => {
    for (const theme of ['light', 'dark']) {
      const el = await fixture<TestWidget>(testHtml`<qala-test-widget lang="kk" theme=${theme}></qala-test-widget>`);
      await expect(el).to.be.accessible();
    }
  });
});

describe('guarded define', () => {
  it('never throws and warns naming both when another class holds the tag', async () => {
    class Foreign extends HTMLElement {}
    customElements.define('qala-clash-test', Foreign);
    const warnings = await withWarnings(() => expect(defineElement('qala-clash-test', TestWidget)).to.equal(false));
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('<qala-clash-test>').and.contain('Foreign').and.contain('0.1.0');
    expect(customElements.get('qala-clash-test')).to.equal(Foreign);
  });

  it('is silent when the same version defines the same tag again', async () => {
    class Again extends TestWidget {}
    const warnings = await withWarnings(() => expect(defineElement('qala-test-widget', Again)).to.equal(false));
    expect(warnings).to.deep.equal([]);
  });
});
