import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { get } from 'idb-keyval';
import { draftKey, type DraftRecord } from '../../src/client/drafts.js';
import '../../src/widgets/proposal-form/define.js';
import type { QalaProposalForm } from '../../src/widgets/proposal-form/proposal-form.js';
import type { PhotosModule } from '../../src/widgets/proposal-form/photos-field.js';
import type { SendingModule } from '../../src/widgets/proposal-form/drafts-controller.js';
import { API, active, addFiles, clearDrafts, draftStore, fill, fresh, jpeg, mount, qa, root, submit, type, useCycle, $ } from './proposal-form-helpers.js';

/** Parts of the form fetched when they are about to be needed, and what a resident sees when one cannot be (offline). */
const CYCLE = 'aksu-2026-parts';
const KEY = draftKey('aksu', CYCLE);
const realPhotos = (): Promise<PhotosModule> => import('../../src/widgets/proposal-form/photos-controller.js');
const realSending = (): Promise<SendingModule> => import('../../src/widgets/proposal-form/sending.js');
const offline = (): Promise<never> => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));

const FAILED = {
  kk: 'Форманың бұл бөлігі жүктелмеді',
  ru: 'Эта часть формы не загрузилась',
  en: 'This part of the form could not be loaded',
} as const;

async function mountWith(lang: string, loadPhotos: () => Promise<PhotosModule>, loadSending: () => Promise<SendingModule> = realSending): Promise<QalaProposalForm> {
  const el = await fixture<QalaProposalForm>(
    html`<qala-proposal-form api=${API} city="aksu" lang=${lang} .loadPhotos=${loadPhotos} .loadSending=${loadSending}></qala-proposal-form>`,
  );
  await waitUntil(() => root(el).querySelector('form'), 'form did not load', { timeout: 5000 });
  await el.updateComplete;
  return el;
}

/** Chooses files in the form's file chooser, as the resident's picker would. */
function choose(el: QalaProposalForm, files: File[]): void {
  const input = $<HTMLInputElement>(el, '#photo-input');
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

async function waitForDraft(check: (r: DraftRecord) => boolean): Promise<DraftRecord> {
  let record: DraftRecord | undefined;
  await waitUntil(async () => {
    record = await get<DraftRecord>(KEY, draftStore());
    return !!record && check(record);
  }, 'draft not saved', { timeout: 5000 });
  return record!;
}

describe('<qala-proposal-form> parts fetched when needed', () => {
  before(() => useCycle(CYCLE));
  beforeEach(() => clearDrafts());

  it('draws the photos field at once and fetches the photos’ module, unasked, once the config says submission is open', async () => {
    await fresh({ phase: 'submission' });
    let calls = 0;
    let arrive!: () => void;
    const el = await mountWith('ru', () => {
      calls++;
      return new Promise<PhotosModule>((resolve) => (arrive = () => void realPhotos().then(resolve)));
    });
    expect($(el, '#f-photos').textContent).to.contain('Добавить фото');
    expect($(el, '#f-photos-label').textContent).to.contain('Фото');
    await waitUntil(() => calls === 1, 'the photos’ module was not fetched unasked', { timeout: 5000 });
    // A photo chosen while the module is on its way is prepared once it arrives.
    choose(el, [await jpeg(400, 300)]);
    await waitUntil(() => $(el, '#f-photos-label ~ [role="status"]'), 'no "preparing" status');
    expect(calls, 'fetched once').to.equal(1);
    arrive();
    await waitUntil(() => qa(el, '.photo img').length === 1, 'the chosen photo did not arrive', { timeout: 8000 });
    expect($(el, '#f-photos-label ~ [role="status"]')).to.equal(null);
    // The photos' own rules came with their module: a thumbnail, not the 400 px picture.
    expect($(el, '.photo img').getBoundingClientRect().width, 'the photo is not a thumbnail').to.be.below(120);
    await expect(el).to.be.accessible();
  });

  it('a photo chosen offline: says so in the page’s language, keeps what was typed, and the retry adds the photo', async () => {
    await fresh({ phase: 'submission' });
    for (const lang of ['kk', 'en', 'ru'] as const) {
      await clearDrafts();
      let calls = 0;
      const el = await mountWith(lang, () => (calls++, offline()));
      await waitUntil(() => calls === 1, `${lang}: no fetch unasked`, { timeout: 5000 });
      // Nobody asked for the photos yet: a failed prefetch shows nothing.
      expect($(el, '#f-photos-load-error'), `${lang}: error before anyone asked`).to.equal(null);
      type(el, '#f-title', `Скамейки ${lang}`);
      type(el, '#f-description', 'Поставить десять скамеек вдоль аллеи у школы.');
      choose(el, [await jpeg(400, 300, 'двор.jpg')]);
      await waitUntil(() => $(el, '#f-photos-load-error'), `${lang}: no error`);
      expect($(el, '#f-photos-load-error').textContent).to.contain(FAILED[lang]);
      await waitUntil(() => $(el, '[aria-live="polite"]').textContent!.includes(FAILED[lang]), `${lang}: not announced`);
      expect($<HTMLInputElement>(el, '#f-title').value).to.equal(`Скамейки ${lang}`);
      await waitForDraft((r) => r.fields.title === `Скамейки ${lang}`);
      await expect(el).to.be.accessible();

      // Back online: "try again" prepares the photo that was chosen.
      el.loadPhotos = realPhotos;
      $<HTMLButtonElement>(el, '#f-photos-load-error + .actions button').click();
      await waitUntil(() => qa(el, '.photo img').length === 1, `${lang}: the chosen photo was lost`, { timeout: 8000 });
      expect($(el, '#f-photos-load-error')).to.equal(null);
      expect($<HTMLInputElement>(el, '#f-title').value).to.equal(`Скамейки ${lang}`);
      await waitForDraft((r) => r.fields.title === `Скамейки ${lang}` && r.photos.length === 1);
      el.remove();
    }
  });

  it('a draft’s photos restored while their module cannot be fetched are kept, counted and saved, and shown after the retry', async () => {
    await fresh({ phase: 'submission' });
    let el = await mount('ru');
    await fill(el, { title: 'Черновик с фото' });
    await addFiles(el, [await jpeg(400, 300)]);
    await waitForDraft((r) => r.fields.title === 'Черновик с фото' && r.photos.length === 1);
    el.remove();

    el = await mountWith('ru', offline);
    await waitUntil(() => $(el, '[part~="draft-notice"] button'), 'no restore notice');
    await waitUntil(() => $(el, '#f-photos-load-error'), 'no error');
    expect($(el, '#f-photos-load-error').textContent).to.contain(FAILED.ru);
    expect($(el, '#f-photos ~ .muted').textContent).to.contain('1 из 5');
    // Typing saves the draft again: the photo waiting for its module stays in it.
    type(el, '#f-title', 'Черновик с фото, правка');
    const record = await waitForDraft((r) => r.fields.title === 'Черновик с фото, правка');
    expect(record.photos.length, 'the restored photo left the draft').to.equal(1);
    await expect(el).to.be.accessible();

    el.loadPhotos = realPhotos;
    $<HTMLButtonElement>(el, '#f-photos-load-error + .actions button').click();
    await waitUntil(() => qa(el, '.photo img').length === 1, 'the restored photo was lost', { timeout: 8000 });
    expect($<HTMLInputElement>(el, '#f-title').value).to.equal('Черновик с фото, правка');
  });

  it('fetches the way to the server once submission is open; a submission that cannot fetch it waits offline, keeps everything, and sends once', async () => {
    const { state } = await fresh({ phase: 'submission' });
    let calls = 0;
    const el = await mountWith('ru', realPhotos, () => (calls++, offline()));
    await waitUntil(() => calls === 1, 'the sending module was not fetched unasked', { timeout: 5000 });
    await fill(el, { title: 'Отправка без модуля' });
    await addFiles(el, [await jpeg(300, 200)]);
    submit(el);
    await waitUntil(() => active(el)?.id === 'sending-status', 'waiting notice not focused');
    expect($(el, '#sending-status').textContent).to.contain('Нет интернета');
    expect($<HTMLFieldSetElement>(el, 'fieldset').disabled).to.equal(true);
    expect(state.calls.get('proposals') ?? 0).to.equal(0);
    await waitForDraft((r) => r.fields.title === 'Отправка без модуля' && !!r.pendingKey && r.photos.length === 1);
    await expect(el).to.be.accessible();
    // Pressing send again while it waits starts nothing new.
    submit(el);

    // "Stop" gives the form back as it was.
    $<HTMLButtonElement>(el, '#sending-status button.link').click();
    await waitUntil(() => !$(el, '#sending-status'), 'did not stop');
    expect($<HTMLFieldSetElement>(el, 'fieldset').disabled).to.equal(false);
    expect($<HTMLInputElement>(el, '#f-title').value).to.equal('Отправка без модуля');

    // Sent again, still offline, then "send now" once the module can be fetched.
    submit(el);
    await waitUntil(() => $(el, '#sending-status'), 'no second wait');
    el.loadSending = realSending;
    $<HTMLButtonElement>(el, '#sending-status button:not(.link)').click();
    await waitUntil(() => $(el, '[part~="confirmation"]'), 'not sent once the module came', { timeout: 5000 });
    expect(state.calls.get('proposals')).to.equal(1);
    expect(state.calls.get('photos')).to.equal(1);
  });

  it('fetches the place on the map when its field is reached; offline the button says so, keeps what was typed, and pressing it again works', async () => {
    await fresh({ phase: 'submission' });
    const geo = navigator.geolocation;
    const original = geo.getCurrentPosition;
    geo.getCurrentPosition = (ok) => ok({ coords: { latitude: 52.04012345, longitude: 76.92712345, accuracy: 5 }, timestamp: Date.now() } as GeolocationPosition);
    try {
      for (const lang of ['kk', 'en', 'ru'] as const) {
        const el = await mount(lang);
        let calls = 0;
        let fetchPoint = (): Promise<never> => (calls++, offline());
        el.loadPoint = () => fetchPoint();
        type(el, '#f-title', `Место ${lang}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(calls, `${lang}: fetched before the field was reached`).to.equal(0);
        // Reached: by the pointer in Kazakh, by focus in the other two. Focus events fire only in a page that has the
        // window's focus (the runner's pages take turns), so the focus a resident's Tab would give is dispatched too.
        const point = $<HTMLButtonElement>(el, '#f-point');
        if (lang === 'kk') point.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
        else {
          point.focus();
          if (!document.hasFocus()) point.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
        }
        expect(calls, `${lang}: not fetched when reached`).to.equal(1);
        $<HTMLButtonElement>(el, '#f-point').click();
        await waitUntil(() => $(el, '#f-point-load-error'), `${lang}: no error`);
        expect($(el, '#f-point-load-error').textContent).to.contain(FAILED[lang]);
        await waitUntil(() => $(el, '[aria-live="polite"]').textContent!.includes(FAILED[lang]), `${lang}: not announced`);
        expect($<HTMLInputElement>(el, '#f-title').value).to.equal(`Место ${lang}`);
        await expect(el).to.be.accessible();

        fetchPoint = () => import('../../src/widgets/proposal-form/point-controller.js') as never;
        $<HTMLButtonElement>(el, '#f-point').click();
        await waitUntil(() => $(el, '[role="group"]')?.textContent?.includes('52.04012, 76.92712'), `${lang}: no place after the retry`);
        expect($(el, '#f-point-load-error')).to.equal(null);
        el.remove();
      }
    } finally {
      geo.getCurrentPosition = original;
    }
  });
});
