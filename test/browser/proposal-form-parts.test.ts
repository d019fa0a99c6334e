import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from './support/dom.js';
import { get } from 'idb-keyval';
import { draftKey, type DraftRecord } from '../../src/client/drafts.js';
import '../../src/widgets/proposal-form/define.js';
import type { QalaProposalForm } from '../../src/widgets/proposal-form/proposal-form.js';
import type { PhotosModule } from '../../src/widgets/proposal-form/photos-field.js';
import type { SendingModule } from '../../src/widgets/proposal-form/drafts-controller.js';
import type { Catalogue, Catalogues } from '../../src/ui/localize.js';
import { mineMessages, submitMessages } from '../../src/widgets/proposal-form/messages.js';
import mineEn from '../../src/widgets/proposal-form/messages/mine/en.js';
import mineKk from '../../src/widgets/proposal-form/messages/mine/kk.js';
import submitEn from '../../src/widgets/proposal-form/messages/submit/en.js';
import submitKk from '../../src/widgets/proposal-form/messages/submit/kk.js';
import submitRu from '../../src/widgets/proposal-form/messages/submit/ru.js';
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

type Lang = 'kk' | 'ru' | 'en';

/** A part's catalogues, each asked through `load(lang)`: the test sees which languages were asked and can fail them. */
function partTexts<M extends Catalogue>(real: Catalogues<M>, load?: (lang: Lang, real: () => Promise<{ default: M }>) => Promise<{ default: M }>): { texts: Catalogues<M>; asked: Lang[] } {
  const asked: Lang[] = [];
  const fetchReal = (lang: Lang) => () => (real[lang] as () => Promise<{ default: M }>)();
  const ask = (lang: Lang) => () => (asked.push(lang), load ? load(lang, fetchReal(lang)) : fetchReal(lang)());
  return { texts: { kk: ask('kk'), ru: ask('ru'), en: ask('en') }, asked };
}

async function mountTexts(lang: Lang, phase: 'submission' | 'review', submitTexts: Catalogues<never>, mineTexts: Catalogues<never>): Promise<QalaProposalForm> {
  const el = await fixture<QalaProposalForm>(html`<qala-proposal-form api=${API} city="aksu" lang=${lang} .submitTexts=${submitTexts} .mineTexts=${mineTexts}></qala-proposal-form>`);
  await waitUntil(() => root(el).querySelector(phase === 'submission' ? 'form' : '[part~="my-proposals-button"]'), 'the form did not load', { timeout: 5000 });
  await el.updateComplete;
  return el;
}

describe("<qala-proposal-form> its parts' texts, catalogues of their own", () => {
  before(() => useCycle(CYCLE));
  beforeEach(() => clearDrafts());

  it("come beside the parts in the widget's language only: the submitting parts' once submission is open, My proposals' when it is opened", async () => {
    await fresh({ phase: 'submission' });
    const submitting = partTexts(submitMessages);
    const mine = partTexts(mineMessages);
    const el = await mountTexts('kk', 'submission', submitting.texts as Catalogues<never>, mine.texts as Catalogues<never>);
    await waitUntil(() => submitting.asked.length > 0, 'not asked for once submission was open', { timeout: 5000 });
    expect(submitting.asked).to.deep.equal(['kk']);
    expect(mine.asked, 'My proposals’ texts before it was opened').to.deep.equal([]);
    await fill(el);
    await addFiles(el, [await jpeg(400, 300)]);
    expect($(el, '.photo').textContent).to.contain(submitKk['photo.local']);
    expect($(el, '.photo img').getAttribute('alt')).to.equal((submitKk['photo.alt'] as (p: { n: number }) => string)({ n: 1 }));
    submit(el);
    await waitUntil(() => $(el, '[part~="confirmation"]'), 'not sent', { timeout: 8000 });
    expect($(el, '#result-heading').textContent).to.contain(submitKk['done.heading']);
    expect(submitting.asked, 'fetched once').to.deep.equal(['kk']);
    await expect(el).to.be.accessible();

    $<HTMLButtonElement>(el, '[part~="confirmation"] [part~="my-proposals-button"]').click();
    await waitUntil(() => $(el, '#mine-phone'), 'My proposals did not open', { timeout: 5000 });
    expect(mine.asked).to.deep.equal(['kk']);
    expect($(el, '[part~="my-proposals"]').textContent).to.contain(mineKk['mine.intro']);
    expect(submitting.asked).to.deep.equal(['kk']);
  });

  it("that cannot come: the photos field says so in Kazakh with a retry, which brings the chosen photo in Kazakh; what was typed stays", async () => {
    await fresh({ phase: 'submission' });
    let online = false;
    const submitting = partTexts(submitMessages, (_lang, real) => (online ? real() : offline()));
    const el = await mountTexts('kk', 'submission', submitting.texts as Catalogues<never>, mineMessages as Catalogues<never>);
    await waitUntil(() => submitting.asked.length === 1, 'not asked for once submission was open', { timeout: 5000 });
    type(el, '#f-title', 'Сөздерсіз орындықтар');
    choose(el, [await jpeg(400, 300)]);
    await waitUntil(() => $(el, '#f-photos-load-error'), 'no error');
    expect($(el, '#f-photos-load-error').textContent).to.contain(FAILED.kk);
    expect(qa(el, '.photo').length).to.equal(0);
    await expect(el).to.be.accessible();

    online = true;
    $<HTMLButtonElement>(el, '#f-photos-load-error + .actions button').click();
    await waitUntil(() => qa(el, '.photo img').length === 1, 'the chosen photo was lost', { timeout: 8000 });
    expect($(el, '.photo').textContent).to.contain(submitKk['photo.local']);
    expect($<HTMLInputElement>(el, '#f-title').value).to.equal('Сөздерсіз орындықтар');
    expect(submitting.asked.every((lang) => lang === 'kk')).to.equal(true);
    await waitForDraft((r) => r.fields.title === 'Сөздерсіз орындықтар' && r.photos.length === 1);
  });

  it("My proposals' that cannot come: says so in English with a retry, which opens it in English", async () => {
    await fresh({ phase: 'review' });
    let online = false;
    const mine = partTexts(mineMessages, (_lang, real) => (online ? real() : offline()));
    const el = await mountTexts('en', 'review', submitMessages as Catalogues<never>, mine.texts as Catalogues<never>);
    $<HTMLButtonElement>(el, '[part~="my-proposals-button"]').click();
    await waitUntil(() => $(el, '#mine-error'), 'no error', { timeout: 5000 });
    expect($(el, '#mine-error').textContent).to.contain('My proposals could not be opened');
    expect(active(el)?.id).to.equal('mine-error');
    expect($(el, '#mine-phone')).to.equal(null);
    await expect(el).to.be.accessible();

    online = true;
    $<HTMLButtonElement>(el, '[part~="my-proposals"] .notice button').click();
    await waitUntil(() => $(el, '#mine-phone'), 'the retry did not open it', { timeout: 5000 });
    expect($(el, '[part~="my-proposals"]').textContent).to.contain(mineEn['mine.intro']);
    expect(mine.asked).to.deep.equal(['en', 'en']);
  });

  it('follow a change of language: a photo’s status and the confirmation read in the new one', async () => {
    await fresh({ phase: 'submission' });
    const el = await mount('ru');
    await fill(el);
    await addFiles(el, [await jpeg(400, 300)]);
    expect($(el, '.photo').textContent).to.contain(submitRu['photo.local']);
    el.lang = 'en';
    await waitUntil(() => $(el, '.photo').textContent!.includes(submitEn['photo.local']), 'the photo’s status stayed Russian', { timeout: 5000 });
    el.lang = 'ru';
    await waitUntil(() => $(el, '.photo').textContent!.includes(submitRu['photo.local']), 'the photo’s status stayed English');
    submit(el);
    await waitUntil(() => $(el, '[part~="confirmation"]'), 'not sent', { timeout: 8000 });
    expect($(el, '#result-heading').textContent).to.contain(submitRu['done.heading']);
    el.lang = 'kk';
    await waitUntil(() => $(el, '#result-heading').textContent!.includes(submitKk['done.heading']), 'the confirmation stayed Russian', { timeout: 5000 });
    expect($(el, '[part~="confirmation"] .actions button').textContent).to.contain(submitKk['done.another']);
  });
});
