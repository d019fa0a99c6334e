import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from './support/dom.js';
import { sendKeys, setViewport } from './support/commands.js';
import { http, HttpResponse } from 'msw';
import '../../src/widgets/proposal-form/define.js';
import type { QalaProposalForm } from '../../src/widgets/proposal-form/proposal-form.js';
import type { ProposalSubmittedEvent } from '../../src/widgets/proposal-form/events.js';
import { demoConfig } from '../../src/mock/fixtures.js';
import { cityDay, formatInstant } from '../../src/domain/city-time.js';
import { API, active, addFiles, clearDrafts, fill, fresh, jpeg, mount, qa, submit, type, useCycle, $ } from './proposal-form-helpers.js';

describe('<qala-proposal-form>', () => {
  before(() => useCycle('aksu-2026-form'));
  beforeEach(clearDrafts);
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('draws its fields from the city config and passes axe in kk, ru and dark', async () => {
    await fresh({ phase: 'submission' });
    for (const lang of ['kk', 'ru']) {
      const el = await mount(lang);
      const options = [...$<HTMLSelectElement>(el, '#f-category').options].map((o) => o.textContent!.trim());
      expect(options).to.include(lang === 'kk' ? 'Аулалар мен саябақтар' : 'Дворы и скверы');
      expect($(el, '#f-district')).to.exist;
      expect($(el, 'h2').textContent).to.equal(lang === 'kk' ? 'Өтінім беру' : 'Подать заявку');
      await expect(el).to.be.accessible();
      el.theme = 'dark';
      await el.updateComplete;
      await expect(el).to.be.accessible();
    }
  });

  it('shows a skeleton while loading and an error with retry that works', async () => {
    const { use } = await fresh({ phase: 'submission' });
    let fail = true;
    use(http.get(`${API}/cities/aksu`, () => (fail ? HttpResponse.json({ code: 'internal', message: 'x' }, { status: 500 }) : undefined)));
    const el = await fixture<QalaProposalForm>(html`<qala-proposal-form api=${API} city="aksu" lang="kk"></qala-proposal-form>`);
    expect($(el, '[aria-busy="true"] .skeleton')).to.exist;
    await expect(el).to.be.accessible();
    await waitUntil(() => $(el, '.notice.error'), 'no error', { timeout: 10000 });
    expect($(el, '.notice.error').textContent).to.contain('Сервер қатесі');
    await expect(el).to.be.accessible();
    fail = false;
    ($(el, '.notice.error button') as HTMLButtonElement).click();
    await waitUntil(() => $(el, 'form'), 'form after retry', { timeout: 5000 });
  });

  it('outside the window says when submission closed or opens, in the city time zone', async () => {
    const { state } = await fresh({ phase: 'review' });
    let el = await mount('ru');
    expect($(el, 'form')).to.not.exist;
    const cfg = state.configs.get('aksu')!;
    // The city's day by its own offset, not this browser's zone database (WebKitGTK's is older than March 2024 and reads Almaty an hour late).
    const fmt = (t: number) => {
      const { year, month, day } = cityDay('Asia/Almaty', new Date(t));
      return `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`;
    };
    const text = $(el, '.notice').textContent!;
    expect(text).to.contain('Приём заявок завершён');
    expect(text).to.contain(fmt(Date.parse(cfg.cycle.phases.submission.start)));
    expect(text).to.contain(fmt(Date.parse(cfg.cycle.phases.submission.end) - 1));
    await expect(el).to.be.accessible();

    // Upcoming: submission starts in 3 days, at midnight in Almaty.
    const now = Date.now();
    const upcoming = demoConfig('aksu', now, 'submission');
    const start = Date.parse('2099-04-18T00:00:00+05:00');
    const DAY = 86_400_000;
    // The server writes every instant with the city's offset (CityInstant); the widget formats those digits.
    const at = (t: number) => formatInstant(new Date(t), 'Asia/Almaty');
    upcoming.cycle.phases = {
      submission: { start: at(start), end: at(start + 30 * DAY) },
      review: { start: at(start + 30 * DAY), end: at(start + 60 * DAY) },
      voting: { start: at(start + 60 * DAY), end: at(start + 90 * DAY) },
      results: { start: at(start + 90 * DAY), end: at(start + 120 * DAY) },
      implementation: { start: at(start + 120 * DAY), end: at(start + 400 * DAY) },
    };
    upcoming.currentPhase = 'upcoming';
    const { use } = await fresh({ phase: 'submission' });
    use(http.get(`${API}/cities/aksu`, () => HttpResponse.json(upcoming)));
    el = await mount('kk');
    expect($(el, '.notice').textContent).to.contain('18.04.2099, 00:00');
    expect($(el, '.notice').textContent).to.contain('басталады');
    await expect(el).to.be.accessible();
  });

  it('formats the cost live and enforces the category cap while typing', async () => {
    await fresh({ phase: 'submission' });
    const el = await mount('ru');
    const cat = $<HTMLSelectElement>(el, '#f-category');
    cat.value = 'culture';
    cat.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect($(el, '#f-cost-hint').textContent).to.match(/6\s000\s000\s₸/);
    const cost = $<HTMLInputElement>(el, '#f-cost');
    cost.focus();
    type(el, '#f-cost', '6500000');
    await el.updateComplete;
    expect(cost.value).to.match(/^6\s500\s000$/);
    expect(cost.getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#f-cost-error').textContent).to.match(/Не больше 6\s000\s000\s₸/);
    expect(cost.getAttribute('aria-describedby')).to.contain('f-cost-error');
    type(el, '#f-cost', '5 900 000');
    await el.updateComplete;
    expect(cost.getAttribute('aria-invalid')).to.equal('false');
    // Switching to a category with a higher cap lifts the error; a lower one brings it back.
    type(el, '#f-cost', '8000000');
    cat.value = 'yards';
    cat.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect(cost.getAttribute('aria-invalid')).to.equal('false');
    cat.value = 'culture';
    cat.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect(cost.getAttribute('aria-invalid')).to.equal('true');
  });

  it('caps the cost at the smaller of the category cap and the pool cap, with the amount', async () => {
    const { state } = await fresh({ phase: 'submission' });
    state.configs.get('aksu')!.cycle.pools[0]!.costCap = 7_000_000;
    const el = await mount('ru');
    const cat = $<HTMLSelectElement>(el, '#f-category');
    cat.value = 'yards';
    cat.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect($(el, '#f-cost-hint').textContent).to.match(/7\s000\s000\s₸/);
    type(el, '#f-cost', '8000000');
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#f-cost').getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#f-cost-error').textContent).to.match(/Не больше 7\s000\s000\s₸/);
  });

  it("shows the API's pool-cap refusal (cost.over_cap) with the amount, in every language", async () => {
    for (const [lang, text] of [['kk', /7\s000\s000\s₸ аспауы/], ['ru', /Не больше 7\s000\s000\s₸/], ['en', /At most 7\s000\s000\s₸/]] as const) {
      const { state, use } = await fresh({ phase: 'submission' });
      // The page loaded the config before the pool got its cap; the API refuses by the cap it has now.
      const before = structuredClone(state.configs.get('aksu')!);
      use(http.get(`${API}/cities/aksu`, () => HttpResponse.json(before)));
      state.configs.get('aksu')!.cycle.pools[0]!.costCap = 7_000_000;
      const el = await mount(lang);
      await fill(el, { cost: '8000000' });
      await addFiles(el, [await jpeg(100, 100)]);
      submit(el);
      await waitUntil(() => $(el, '#f-cost-error'), 'over_cap not shown on the cost', { timeout: 5000 });
      expect($(el, '#f-cost-error').textContent).to.match(text);
      await waitUntil(() => active(el)?.id === 'f-cost', 'focus not on the cost');
      expect(state.proposals.get('aksu')!.some((p) => p.estimatedCost === 8_000_000)).to.equal(false);
      el.remove();
    }
  });

  it('validates with the contract schemas, in the widget language, and focuses the first invalid field', async () => {
    const { state } = await fresh({ phase: 'submission' });
    const el = await mount('kk');
    type(el, '#f-title', 'Жол');
    submit(el);
    await waitUntil(() => $(el, '#f-title-error'), 'no errors');
    expect($(el, '#f-title-error').textContent).to.equal('Кемінде 5 таңба.');
    expect($(el, '#f-description-error').textContent).to.equal('Бұл өрісті толтырыңыз.');
    expect($(el, '#f-photos-error').textContent).to.equal('Кемінде бір фото қосыңыз.');
    expect($(el, '#f-phone-error')).to.exist;
    expect($(el, '#f-consent-error').textContent).to.equal('Сіздің келісіміңіз қажет.');
    expect(active(el)?.id).to.equal('f-title');
    await waitUntil(() => $(el, '[aria-live="polite"]').textContent!.includes('Белгіленген өрістерді тексеріңіз'), 'not announced');
    expect(state.calls.get('proposals') ?? 0).to.equal(0);
    await expect(el).to.be.accessible();
    // Fixing a field clears its error as the resident types.
    type(el, '#f-title', 'Жаңа ойын алаңы');
    await el.updateComplete;
    expect($(el, '#f-title-error')).to.not.exist;
  });

  it('submits with resized photos, confirms with focus and an event without personal data', async () => {
    const { state, use } = await fresh({ phase: 'submission' });
    const uploads: { type: string; width: number; height: number; exif: boolean }[] = [];
    let body: Record<string, unknown> = {};
    use(
      http.post(`${API}/cities/aksu/photos`, async ({ request }) => {
        const blob = await request.clone().blob();
        const bitmap = await createImageBitmap(blob);
        const head = new Uint8Array(await blob.slice(0, 4096).arrayBuffer());
        uploads.push({ type: request.headers.get('Content-Type') ?? '', width: bitmap.width, height: bitmap.height, exif: new TextDecoder('latin1').decode(head).includes('Exif') });
        return undefined;
      }),
      http.post(`${API}/cities/aksu/proposals`, async ({ request }) => {
        body = (await request.clone().json()) as Record<string, unknown>;
        return undefined;
      }),
    );
    const before = state.proposals.get('aksu')!.length;
    const el = await mount('ru', { 'proposal-url': '/p#qala:proposal={id}' });
    await fill(el);
    await addFiles(el, [await jpeg(3200, 2400), await jpeg(800, 1200, 'small.png')]);
    expect(qa(el, '.photo').length).to.equal(2);
    const submitted = oneEvent(el, 'qala-proposal-submitted') as Promise<ProposalSubmittedEvent>;
    submit(el);
    const event = await submitted;
    expect(Object.keys(event.detail).sort()).to.deep.equal(['category', 'cycleId', 'id', 'reference', 'status']);
    for (const phone of ['701 123 45 67', '7011234567', '1234567']) expect(JSON.stringify(event.detail)).to.not.contain(phone);
    expect(JSON.stringify(event.detail)).to.not.contain('Асель');
    await waitUntil(() => active(el)?.id === 'result-heading', 'focus not on confirmation');
    expect($(el, '[part~="confirmation"]').textContent).to.contain(event.detail.id);
    expect($<HTMLAnchorElement>(el, '[part~="confirmation"] a').getAttribute('href')).to.equal(`/p#qala:proposal=${event.detail.id}`);
    expect(uploads.map((u) => [u.type, Math.max(u.width, u.height)])).to.deep.equal([
      ['image/jpeg', 1600],
      ['image/jpeg', 1200],
    ]);
    expect(uploads.every((u) => !u.exif)).to.equal(true);
    expect(body.phone).to.equal('+77011234567');
    expect(body.estimatedCost).to.equal(1_500_000);
    expect((body.photos as string[]).length).to.equal(2);
    expect(state.proposals.get('aksu')!.length).to.equal(before + 1);
    await expect(el).to.be.accessible();
  });

  it('shows upload progress bars while sending', async () => {
    const { use } = await fresh({ phase: 'submission' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    use(http.post(`${API}/cities/aksu/proposals`, async () => {
      await gate;
      return undefined;
    }));
    const el = await mount('ru');
    await fill(el);
    await addFiles(el, [await jpeg(2000, 1500)]);
    expect($(el, '.photo').textContent).to.contain('Загрузится при отправке');
    submit(el);
    await waitUntil(() => $(el, '.photo progress[max="100"]') && $<HTMLProgressElement>(el, '.photo progress').value === 100, 'no progress bar');
    expect($(el, '.photo').textContent).to.contain('Загружено');
    expect($<HTMLFieldSetElement>(el, 'fieldset').disabled).to.equal(true);
    release();
    await waitUntil(() => $(el, '[part~="confirmation"]'), 'no confirmation');
  });

  it('rejects files of the wrong type or size with a message next to the photos', async () => {
    await fresh({ phase: 'submission' });
    const el = await mount('ru');
    const gif = new File([new Uint8Array([71, 73, 70, 56])], 'anim\u202Egpj.gif', { type: 'image/gif' });
    const broken = new File([new Uint8Array([1, 2, 3])], 'broken.jpg', { type: 'image/jpeg' });
    await addFiles(el, [gif, broken]);
    const problems = qa(el, '.problems li').map((li) => li.textContent!);
    expect(problems[0]).to.contain('такой тип файла не подходит');
    expect(problems[0]).to.not.contain('\u202E');
    expect(problems[1]).to.contain('не удалось открыть изображение');
    expect(qa(el, '.photo').length).to.equal(0);
    await addFiles(el, await Promise.all([1, 2, 3, 4, 5, 6].map((i) => jpeg(40, 30, `p${i}.jpg`))));
    expect(qa(el, '.photo').length).to.equal(5);
    expect($(el, '.problems').textContent).to.contain('не больше 5 фото');
    expect($<HTMLButtonElement>(el, '#f-photos').disabled).to.equal(true);
    // Removing a photo moves focus to the next remove button.
    const removes = qa<HTMLButtonElement>(el, '.photo button.remove');
    removes[1]!.focus();
    removes[1]!.click();
    await el.updateComplete;
    await el.updateComplete;
    expect(qa(el, '.photo').length).to.equal(4);
    expect(active(el)?.classList.contains('remove')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('maps server errors back to their fields', async () => {
    const { use } = await fresh({ phase: 'submission' });
    use(http.post(`${API}/cities/aksu/proposals`, () =>
      HttpResponse.json({ code: 'validation_failed', message: 'bad', details: { issues: [{ path: ['address'], message: 'text.too_short', params: { min: 3 } }, { path: ['authorName'], message: 'text.required' }] } }, { status: 400 }),
    ));
    const el = await mount('ru');
    await fill(el);
    await addFiles(el, [await jpeg(100, 100)]);
    submit(el);
    await waitUntil(() => $(el, '#f-address-error'), 'server error not mapped', { timeout: 5000 });
    expect($(el, '#f-address-error').textContent).to.equal('Не меньше 3 символов.');
    expect($(el, '#f-author-error').textContent).to.equal('Заполните это поле.');
    await waitUntil(() => active(el)?.id === 'f-address', 'focus not on first invalid');
    expect($<HTMLFieldSetElement>(el, 'fieldset').disabled).to.equal(false);
  });

  it("shows the server's own words for a refused photo, an unknown category and the author's limit", async () => {
    const { use } = await fresh({ phase: 'submission' });
    use(http.post(`${API}/cities/aksu/photos`, () =>
      HttpResponse.json({ code: 'validation_failed', message: 'empty', details: { issues: [{ path: ['body'], message: 'photo.empty' }] } }, { status: 400 }),
    ));
    let el = await mount('ru');
    await fill(el);
    await addFiles(el, [await jpeg(100, 100)]);
    submit(el);
    await waitUntil(() => $(el, '#f-photos-error'), 'photo refusal not shown', { timeout: 5000 });
    expect($(el, '#f-photos-error').textContent).to.equal('Файл пустой — выберите другое фото.');
    el.remove();

    await fresh({ phase: 'submission' });
    use(http.post(`${API}/cities/aksu/proposals`, () =>
      HttpResponse.json({ code: 'validation_failed', message: 'bad', details: { issues: [{ path: ['category'], message: 'category.unknown' }, { path: ['district'], message: 'district.unknown' }] } }, { status: 400 }),
    ));
    el = await mount('kk');
    await fill(el);
    await addFiles(el, [await jpeg(100, 100)]);
    submit(el);
    await waitUntil(() => $(el, '#f-category-error'), 'category refusal not shown', { timeout: 5000 });
    expect($(el, '#f-category-error').textContent).to.equal('Мұндай санат енді жоқ — тізімнен таңдаңыз.');
    expect($(el, '#f-district-error').textContent).to.equal('Мұндай аудан енді жоқ — тізімнен таңдаңыз.');
    el.remove();

    await fresh({ phase: 'submission' });
    use(http.post(`${API}/cities/aksu/proposals`, () =>
      HttpResponse.json({ code: 'limit_reached', message: 'limit', details: { issues: [{ path: ['phone'], message: 'proposal.limit_reached', params: { limit: 3 } }] } }, { status: 409 }),
    ));
    el = await mount('en');
    await fill(el);
    await addFiles(el, [await jpeg(100, 100)]);
    submit(el);
    await waitUntil(() => $(el, '#f-phone-error'), 'limit not shown', { timeout: 5000 });
    expect($(el, '#f-phone-error').textContent).to.equal('One phone number may submit at most 3 proposals in this cycle, and this one has reached it.');
  });

  it('shows a phase_closed answer as a form-level message', async () => {
    const { state } = await fresh({ phase: 'submission' });
    const el = await mount('ru');
    await fill(el);
    await addFiles(el, [await jpeg(100, 100)]);
    state.setPhase('aksu', 'review');
    submit(el);
    await waitUntil(() => active(el)?.id === 'form-error', 'no form error', { timeout: 5000 });
    expect($(el, '#form-error').textContent).to.equal('Этот этап сейчас закрыт.');
    // The photo's upload met the closed phase (the server refuses it first): nothing is wrong with the photo.
    const shown = el.shadowRoot!.textContent!;
    expect(shown).to.not.contain('сервер не принял это фото');
    expect(shown).to.contain('Загрузится при отправке');
  });

  it('adds a point from the geolocation API and explains a refusal', async () => {
    const { use } = await fresh({ phase: 'submission' });
    let body: Record<string, unknown> = {};
    use(http.post(`${API}/cities/aksu/proposals`, async ({ request }) => {
      body = (await request.clone().json()) as Record<string, unknown>;
      return undefined;
    }));
    const geo = navigator.geolocation;
    const original = geo.getCurrentPosition;
    try {
      geo.getCurrentPosition = (_ok, fail) => fail?.({ code: 1, PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3, message: 'denied' } as GeolocationPositionError);
      const el = await mount('ru');
      $<HTMLButtonElement>(el, '#f-point').click();
      // The first press also fetches the field's module.
      await waitUntil(() => $(el, '[role="group"] .notice'), 'no refusal shown');
      expect($(el, '[role="group"] .notice').textContent).to.contain('Доступ к местоположению не разрешён');
      await expect(el).to.be.accessible();
      geo.getCurrentPosition = (ok) => ok({ coords: { latitude: 52.04012345, longitude: 76.92712345, accuracy: 5 }, timestamp: Date.now() } as GeolocationPosition);
      $<HTMLButtonElement>(el, '#f-point').click();
      await el.updateComplete;
      expect($(el, '[role="group"]').textContent).to.contain('52.04012, 76.92712');
      await fill(el);
      await addFiles(el, [await jpeg(100, 100)]);
      submit(el);
      await waitUntil(() => $(el, '[part~="confirmation"]'), 'no confirmation', { timeout: 5000 });
      expect(body.point).to.deep.equal({ lat: 52.04012, lng: 76.92712 });
    } finally {
      geo.getCurrentPosition = original;
    }
  });

  it('works with the keyboard alone', async () => {
    await fresh({ phase: 'submission' });
    const el = await mount('ru');
    $<HTMLInputElement>(el, '#f-title').focus();
    await sendKeys({ type: 'Детская площадка' });
    const order: string[] = [];
    for (let i = 0; i < 11; i++) {
      await sendKeys({ press: 'Tab' });
      order.push(active(el)?.id || active(el)?.getAttribute('part') || active(el)?.tagName || '');
    }
    expect(order).to.deep.equal(['f-description', 'f-category', 'f-district', 'f-address', 'f-point', 'f-cost', 'f-photos', 'f-author', 'f-phone', 'f-consent', 'submit-button']);
    // Space ticks the consent; Enter on the button submits and focus jumps to the first invalid field.
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(active(el)?.id).to.equal('f-consent');
    await sendKeys({ press: 'Space' });
    expect($<HTMLInputElement>(el, '#f-consent').checked).to.equal(true);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => active(el)?.id === 'f-description', 'focus not moved to first invalid');
    expect($<HTMLInputElement>(el, '#f-title').value).to.equal('Детская площадка');
  });

  it('fits a 360 px screen without horizontal scrolling', async () => {
    await setViewport({ width: 360, height: 740 });
    await fresh({ phase: 'submission' });
    const el = await mount('kk');
    await addFiles(el, [await jpeg(300, 200, 'өте-ұзын-файл-атауы-'.repeat(6) + '.jpg')]);
    submit(el);
    await el.updateComplete;
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    expect(document.documentElement.scrollWidth).to.be.at.most(360);
    await expect(el).to.be.accessible();
  });
});
