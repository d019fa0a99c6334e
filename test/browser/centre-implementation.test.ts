import { expect, fixture as mount, fixtureCleanup, html } from '@open-wc/testing';
import { waitUntil } from './support/dom.js';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createAdminMock, MOCK_ADMIN_TOKEN, type AdminMockState } from '../../src/mock/admin-handlers.js';
import { createImplementationAdminMock, type ImplementationMockState } from '../../src/mock/implementation-admin-handlers.js';
import '../../src/centre/define.js';
import type { QalaCentre } from '../../src/centre/centre.js';
import { sendKeys, setViewport } from './support/commands.js';
import { $, active, button, fill, root, serve, text, until } from './support/centre.js';

async function mock(prepare?: (admin: AdminMockState) => void, extra: HttpHandler[] = []): Promise<{ admin: AdminMockState; impl: ImplementationMockState }> {
  const { handlers, state: admin } = createAdminMock({ base: '/api/v1' });
  prepare?.(admin);
  const { handlers: implHandlers, state: impl } = createImplementationAdminMock({ base: '/api/v1', admin });
  const all = [...extra, ...implHandlers, ...handlers];
  await serve(all);
  return { admin, impl };
}


const NAV = { kk: 'Іске асыру', ru: 'Реализация', en: 'Implementation' } as const;

/** Signed in with the bootstrap token (a coordinator), the implementation section shown. */
async function opened(lang: 'kk' | 'ru' | 'en'): Promise<QalaCentre> {
  const main = await mount<HTMLElement>(html`<main><qala-centre api="/api/v1" city="aksu" lang=${lang}></qala-centre></main>`);
  const el = main.firstElementChild as QalaCentre;
  await until('sign-in', () => $(el, '#token'));
  fill(el, '#token', MOCK_ADMIN_TOKEN);
  $<HTMLFormElement>(el, '#token')!.form!.requestSubmit();
  await until('the queue', () => root(el).querySelector('li.proposal'));
  await until('the section in the navigation', () => button(el, NAV[lang]));
  button(el, NAV[lang])!.click();
  await until('the records or their absence', () => $(el, '#impl-cycle') || $(el, '.impl-section .notice'));
  await el.updateComplete;
  return el;
}

async function openProject(el: QalaCentre, id: string): Promise<void> {
  $<HTMLButtonElement>(el, `#impl-open-${CSS.escape(id)}`)!.click();
  await until('the project', () => $(el, '#impl-contractor'));
  await el.updateComplete;
}

const funded = (admin: AdminMockState, status: string) => admin.proposals.find((p) => p.status === status)!;

/** A real 2×2 PNG made on a canvas (the server and the mock read its kind and size from the whole file). */
async function png(): Promise<File> {
  const canvas = new OffscreenCanvas(2, 2);
  canvas.getContext('2d')!.fillRect(0, 0, 1, 1);
  return new File([await canvas.convertToBlob({ type: 'image/png' })], 'yard-before.png', { type: 'image/png' });
}

describe('<qala-centre> implementation section', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('lists the funded projects of the cycle and opens one, in kk and ru; passes axe in the list, the project and the empty state', async function () {
    this.timeout(60_000);
    for (const [lang, notStarted, lead] of [
      ['kk', 'Басталмаған', 'Жоспар мен сандар'],
      ['ru', 'Не начат', 'План и цифры'],
    ] as const) {
      fixtureCleanup();
      const { admin } = await mock();
      const el = await opened(lang);
      const p = funded(admin, 'in_progress');
      expect(text(el), lang).to.contain(p.title);
      expect(text(el), lang).to.contain(funded(admin, 'implemented').title);
      expect(text(el), lang).to.contain(notStarted);
      for (const raw of ['in_progress', 'not_started', 'state.', 'impl.']) expect(text(el), `${lang}: raw ${raw}`).not.to.contain(raw);
      await expect(el).to.be.accessible();
      await openProject(el, p.id);
      expect(active(el)?.id, lang).to.equal('impl-project-heading');
      expect(text(el), lang).to.contain(lead);
      await expect(el).to.be.accessible();
    }
    fixtureCleanup();
    await mock((admin) => admin.proposals.forEach((p) => ['winner', 'in_progress', 'implemented'].includes(p.status) && (p.status = 'on_ballot')));
    const el = await opened('ru');
    expect(text(el)).to.contain('пока нет профинансированных проектов');
    await expect(el).to.be.accessible();
  });

  it('names last year’s cycle (from the public progress list) and shows its projects when chosen', async () => {
    const { admin } = await mock(
      (a) => void (a.proposals.find((p) => p.status === 'implemented')!.cycleId = 'aksu-2025'),
      [http.get('/api/v1/cities/aksu/progress', () => HttpResponse.json({ cycles: [{ id: 'aksu-2025', title: { kk: 'Ақсу 2025', ru: 'Аксу 2025', en: 'Aksu 2025' } }], items: [], feed: '/feed.atom' }))],
    );
    const el = await opened('ru');
    const select = $<HTMLSelectElement>(el, '#impl-cycle')!;
    expect([...select.options].map((o) => o.textContent!.trim())).to.include('Аксу 2025');
    const built = funded(admin, 'implemented');
    expect(text(el)).not.to.contain(built.title);
    select.value = 'aksu-2025';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect(text(el)).to.contain(built.title);
    expect(text(el)).not.to.contain(funded(admin, 'in_progress').title);
  });

  it('a refused save shows the server’s reason beside its button, keeps the focus there and the values typed; then saves with the reason', async () => {
    const { admin, impl } = await mock();
    const el = await opened('ru');
    const p = funded(admin, 'in_progress');
    await openProject(el, p.id);
    fill(el, '#impl-contractor', 'ТОО «Жарма Құрылыс»');
    fill(el, '#impl-planned-start', '2026-05-01');
    fill(el, '#impl-planned-end', '2026-09-30');
    fill(el, '#impl-progress', '40');
    fill(el, '#impl-committed', '9000000');
    fill(el, '#impl-spent', '8000000');
    const save = $<HTMLButtonElement>(el, `#act-impl-save-${CSS.escape(p.id)}`)!;
    save.focus();
    save.click();
    await until('the refusal', () => $(el, `#act-impl-save-${CSS.escape(p.id)}-msg .field-error`));
    const msg = $(el, `#act-impl-save-${CSS.escape(p.id)}-msg`)!.textContent!;
    expect(msg).to.contain('Проверьте введённое');
    expect(msg).to.contain('требуют публичной причины');
    expect(active(el)?.id).to.equal(`act-impl-save-${p.id}`);
    expect(save.getAttribute('aria-describedby')).to.contain(`act-impl-save-${p.id}-msg`);
    expect($<HTMLInputElement>(el, '#impl-contractor')!.value).to.equal('ТОО «Жарма Құрылыс»');
    expect($<HTMLInputElement>(el, '#impl-spent')!.value).to.equal('8000000');
    expect(impl.records.has(p.id)).to.equal(false);
    await expect(el).to.be.accessible();

    fill(el, '#impl-over-kk', 'Құрылыс материалдары қымбаттады.');
    fill(el, '#impl-over-ru', 'Подорожали строительные материалы.');
    $<HTMLButtonElement>(el, '#impl-stage-add')!.click();
    await el.updateComplete;
    const stage = root(el).querySelector<HTMLInputElement>('input[id^="impl-stage-"][id$="-kk"]')!;
    expect(active(el)).to.equal(stage);
    fill(el, `#${stage.id}`, 'Жобалау');
    fill(el, `#${stage.id.replace(/-kk$/, '-ru')}`, 'Проектирование');
    save.click();
    await until('saved', () => $(el, `#act-impl-save-${CSS.escape(p.id)}-msg .done`));
    const r = impl.records.get(p.id)!;
    expect(r.contractor).to.equal('ТОО «Жарма Құрылыс»');
    expect(r.spent).to.equal(8_000_000);
    expect(r.overspendReason?.ru).to.equal('Подорожали строительные материалы.');
    expect(r.stages.map((s) => s.title.ru)).to.deep.equal(['Проектирование']);
    expect(r.version).to.equal(1);
  });

  it('posts an update with a photo tagged before, withdraws it, and records a cancellation with its public reason (kk)', async () => {
    const { admin, impl } = await mock();
    const el = await opened('kk');
    const p = funded(admin, 'in_progress');
    await openProject(el, p.id);
    fill(el, '#impl-update-kk', 'Жұмыс басталды.');
    fill(el, '#impl-update-ru', 'Работы начались.');
    const files = new DataTransfer();
    files.items.add(await png());
    const input = $<HTMLInputElement>(el, '#impl-update-photos')!;
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    const tag = root(el).querySelector<HTMLSelectElement>('select[id^="impl-photo-tag-"]')!;
    tag.value = 'before';
    tag.dispatchEvent(new Event('change', { bubbles: true }));
    button(el, 'Жаңалықты қосу')!.click();
    await until('the update', () => impl.records.get(p.id)?.updates.length === 1 && text(el).includes('Жұмыс басталды.'));
    const u = impl.records.get(p.id)!.updates[0]!;
    expect(u.public).to.equal(true);
    expect(u.photos.map((ph) => ph.tag)).to.deep.equal(['before']);
    expect($(el, '.impl-photos figcaption')!.textContent!.trim()).to.equal('Дейін');
    expect($<HTMLTextAreaElement>(el, '#impl-update-kk')!.value).to.equal('');
    await expect(el).to.be.accessible();

    button(el, 'Жариялаудан алу')!.click();
    await until('withdrawn', () => impl.records.get(p.id)!.updates[0]!.public === false);
    await until('shown as staff only', () => text(el).includes('Тек қызметкерлерге'));

    const cancel = root(el).querySelector<HTMLInputElement>('input[name="impl-outcome"][value="cancelled"]')!;
    cancel.click();
    await el.updateComplete;
    fill(el, '#impl-cancel-kk', 'Учаске басқа жобаға берілді.');
    fill(el, '#impl-cancel-ru', 'Участок передан под другой проект.');
    button(el, 'Нәтижесін жазу')!.click();
    await until('cancelled', () => impl.records.get(p.id)?.state === 'cancelled');
    await until('the reason shown', () => text(el).includes('Тоқтатылды: Учаске басқа жобаға берілді.'));
    expect(admin.audit.map((a) => a.action)).to.include.members(['implementation.photo', 'implementation.update', 'implementation.withdraw', 'implementation.finish']);
    await expect(el).to.be.accessible();
  });

  it('works from the keyboard at 360 px without sideways scrolling, and is accessible in the dark', async () => {
    await setViewport({ width: 360, height: 740 });
    const { admin } = await mock();
    const el = await opened('ru');
    const p = funded(admin, 'implemented');
    $<HTMLButtonElement>(el, `#impl-open-${CSS.escape(p.id)}`)!.focus();
    await sendKeys({ press: 'Enter' });
    await until('the project', () => active(el)?.id === 'impl-project-heading');
    expect(document.documentElement.scrollWidth).to.be.at.most(360);
    expect(el.getBoundingClientRect().width).to.be.at.most(360);
    $<HTMLButtonElement>(el, '#impl-back')!.focus();
    await sendKeys({ press: 'Enter' });
    await until('back on its card', () => active(el)?.id === `impl-open-${p.id}`);
    await expect(el).to.be.accessible();
    el.setAttribute('theme', 'dark');
    await openProject(el, p.id);
    await expect(el).to.be.accessible();
  });
});
