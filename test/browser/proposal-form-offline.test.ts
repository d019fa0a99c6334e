import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from './support/dom.js';
import { http, HttpResponse } from 'msw';
import { get, keys } from 'idb-keyval';
import { HttpBackend } from '../../src/client/http-backend.js';
import { QalaError } from '../../src/client/errors.js';
import { DRAFT_DB, DRAFT_STORE, draftKey, type DraftRecord } from '../../src/client/drafts.js';
import type { Backend } from '../../src/client/backend.js';
import '../../src/widgets/proposal-form/define.js';
import type { QalaProposalForm } from '../../src/widgets/proposal-form/proposal-form.js';
import { API, active, addFiles, clearDrafts, draftStore, fill, fresh, jpeg, mount, qa, submit, type, useCycle, $, fillWithPhoto } from './proposal-form-helpers.js';

const CYCLE = 'aksu-2026-offline';
const KEY = draftKey('aksu', CYCLE);
const stored = () => get<DraftRecord>(KEY, draftStore());

async function waitForDraft(check: (r: DraftRecord) => boolean): Promise<DraftRecord> {
  let record: DraftRecord | undefined;
  await waitUntil(async () => {
    record = await stored();
    return !!record && check(record);
  }, 'draft not saved', { timeout: 5000 });
  return record!;
}

/** Removes the element (as a reload would) and mounts a new one. */
async function reload(el: QalaProposalForm, lang = 'ru'): Promise<QalaProposalForm> {
  el.remove();
  return mount(lang);
}

/**
 * Keeps one read-write transaction on the drafts store alive until released,
 * so the form's store opens late, as on a slow phone (and in WebKitGTK after a
 * long test session, where the store opened only after the photo was added).
 */
async function holdDraftStore(): Promise<() => Promise<void>> {
  await keys(draftStore()); // the database and its store exist
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DRAFT_DB);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction(DRAFT_STORE, 'readwrite');
  const done = new Promise((resolve) => (tx.oncomplete = tx.onabort = resolve));
  let held = true;
  const spin = () => {
    if (held) tx.objectStore(DRAFT_STORE).get('qala:v1:hold').onsuccess = spin;
  };
  spin();
  return async () => {
    held = false;
    await done;
    db.close();
  };
}

const proposalCount = (state: { proposals: Map<string, unknown[]> }) => state.proposals.get('aksu')!.length;

describe('<qala-proposal-form> drafts and a bad connection', () => {
  before(() => useCycle(CYCLE));
  beforeEach(async () => {
    await clearDrafts();
    window.dispatchEvent(new Event('online'));
  });

  it('keeps a draft with its photos across a reload, without the phone, and can discard it', async () => {
    await fresh({ phase: 'submission' });
    let el = await mount('kk');
    await fill(el, { title: 'Ауладағы ойын алаңы', cost: '2500000', phone: '+7 701 555 66 77' });
    await addFiles(el, [await jpeg(2400, 1800)]);
    const record = await waitForDraft((r) => r.fields.title === 'Ауладағы ойын алаңы' && r.photos.length === 1);
    const json = JSON.stringify(record);
    // The phone in any form it could be kept in (not just '555': a random photo id may hold those digits).
    for (const phone of ['+7 701 555 66 77', '+77015556677', '7015556677', '555 66 77', '5556677']) expect(json).to.not.contain(phone);
    expect(json).to.not.contain('phone');
    expect(json).to.not.contain('consent');
    expect(json).to.not.contain('point');
    expect(record.photos[0]!.width).to.equal(1600);

    el = await reload(el, 'kk');
    await waitUntil(() => $(el, '[part~="draft-notice"] button'), 'no restore notice');
    expect($(el, '[part~="draft-notice"]').textContent).to.contain('черновик қалпына келтірілді');
    expect($<HTMLInputElement>(el, '#f-title').value).to.equal('Ауладағы ойын алаңы');
    expect($<HTMLInputElement>(el, '#f-cost').value.replace(/\D/g, '')).to.equal('2500000');
    expect($<HTMLSelectElement>(el, '#f-category').value).to.equal('yards');
    expect($<HTMLInputElement>(el, '#f-phone').value).to.equal('');
    expect($<HTMLInputElement>(el, '#f-consent').checked).to.equal(false);
    expect(qa(el, '.photo img').length).to.equal(1);
    await waitUntil(() => $(el, '[aria-live="polite"]').textContent!.includes('қалпына келтірілді'), 'restore not announced');
    await expect(el).to.be.accessible();

    $<HTMLButtonElement>(el, '[part~="draft-notice"] button').click();
    await waitUntil(() => active(el)?.id === 'f-title', 'focus not on title after discard');
    expect($<HTMLInputElement>(el, '#f-title').value).to.equal('');
    expect(qa(el, '.photo').length).to.equal(0);
    expect(await stored()).to.equal(undefined);
    el = await reload(el);
    expect($(el, '[part~="draft-notice"] button')).to.not.exist;
  });

  it('keeps a photo chosen before the draft store opened (a slow phone), so a reload does not lose it', async () => {
    await fresh({ phase: 'submission' });
    const release = await holdDraftStore();
    let el: QalaProposalForm;
    try {
      el = await mount('ru');
      type(el, '#f-title', 'Фото раньше черновика');
      await addFiles(el, [await jpeg(300, 200)]);
    } finally {
      await release();
    }
    const record = await waitForDraft((r) => r.fields.title === 'Фото раньше черновика' && r.photos.length === 1);
    expect((await keys(draftStore())).map(String)).to.include(`${KEY}:photo:${record.photos[0]!.localId}`);
    el = await reload(el);
    await waitUntil(() => $(el, '[part~="draft-notice"] button'), 'no restore notice');
    expect(qa(el, '.photo img').length, 'the photo came back').to.equal(1);
  });

  it('writes what was typed within the debounce at once when a field is left, the page hidden or unloaded, so a reload brings it back', async () => {
    await fresh({ phase: 'submission' });
    let el = await mount('ru');
    type(el, '#f-title', 'Навес');
    await waitForDraft((r) => r.fields.title === 'Навес');
    // Each time the debounced save is still pending: only the write at once can be in the draft when it is read
    // (the read's transaction comes after the form's write, which starts in the same task as the event).
    type(el, '#f-title', 'Навес на остановке');
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect((await stored())!.fields.title, 'written on pagehide').to.equal('Навес на остановке');

    type(el, '#f-cost', '2400000');
    const visibility = Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')!;
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
    } finally {
      delete (document as { visibilityState?: unknown }).visibilityState;
    }
    expect(document.visibilityState).to.equal(visibility.get!.call(document));
    expect((await stored())!.fields.estimatedCost, 'written when the page was hidden').to.equal(2_400_000);

    // Focus events fire only in a page that has the window's focus (the runner's pages take turns), so the
    // focusout a resident's move to the next field gives is dispatched too when this page lacks it.
    const author = $<HTMLInputElement>(el, '#f-author');
    author.focus();
    type(el, '#f-author', 'Гульнар С.');
    $<HTMLInputElement>(el, '#f-phone').focus();
    if (!document.hasFocus()) author.dispatchEvent(new FocusEvent('focusout', { bubbles: true, composed: true }));
    expect((await stored())!.fields.authorName, 'written when the field was left').to.equal('Гульнар С.');

    type(el, '#f-address', 'ул. Мира, 7');
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    el = await reload(el);
    await waitUntil(() => $(el, '[part~="draft-notice"] button'), 'no restore notice');
    expect($<HTMLInputElement>(el, '#f-title').value).to.equal('Навес на остановке');
    expect($<HTMLInputElement>(el, '#f-cost').value.replace(/\D/g, '')).to.equal('2400000');
    expect($<HTMLInputElement>(el, '#f-author').value).to.equal('Гульнар С.');
    expect($<HTMLInputElement>(el, '#f-address').value).to.equal('ул. Мира, 7');
  });

  it('clears the draft after a successful submit', async () => {
    await fresh({ phase: 'submission' });
    let el = await mount('ru');
    await fill(el);
    await addFiles(el, [await jpeg(300, 200)]);
    await waitForDraft((r) => r.photos.length === 1);
    submit(el);
    await waitUntil(() => $(el, '[part~="confirmation"]'), 'no confirmation', { timeout: 5000 });
    expect(await stored()).to.equal(undefined);
    el = await reload(el);
    expect($<HTMLInputElement>(el, '#f-title').value).to.equal('');
  });

  it('works without IndexedDB and says the draft is not kept', async () => {
    const { state } = await fresh({ phase: 'submission' });
    const own = Object.getOwnPropertyDescriptor(window, 'indexedDB');
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true, writable: true });
    try {
      const el = await mount('ru');
      await waitUntil(() => $(el, '[part~="draft-notice"].warning'), 'no "not kept" notice');
      expect($(el, '[part~="draft-notice"]').textContent).to.contain('не сохраняется');
      await expect(el).to.be.accessible();
      await fill(el);
      await addFiles(el, [await jpeg(300, 200)]);
      submit(el);
      await waitUntil(() => $(el, '[part~="confirmation"]'), 'no confirmation', { timeout: 5000 });
      expect(state.calls.get('proposals')).to.equal(1);
    } finally {
      if (own) Object.defineProperty(window, 'indexedDB', own);
      else delete (window as { indexedDB?: unknown }).indexedDB;
    }
  });

  it('offline: waits, says so, and sends exactly once when back online', async () => {
    const { state } = await fresh({ phase: 'submission' });
    const before = proposalCount(state);
    const el = await mount('kk');
    await fillWithPhoto(el);
    window.dispatchEvent(new Event('offline'));
    submit(el);
    await waitUntil(() => active(el)?.id === 'sending-status', 'waiting notice not focused');
    expect($(el, '#sending-status').textContent).to.contain('Интернет жоқ');
    expect($<HTMLFieldSetElement>(el, 'fieldset').disabled).to.equal(true);
    expect(state.calls.get('proposals') ?? 0).to.equal(0);
    await expect(el).to.be.accessible();
    // Pressing send again while waiting starts nothing new.
    submit(el);
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => $(el, '[part~="confirmation"]'), 'not sent after coming online', { timeout: 5000 });
    expect(state.calls.get('proposals')).to.equal(1);
    expect(state.calls.get('photos')).to.equal(1);
    expect(proposalCount(state)).to.equal(before + 1);
  });

  it('"send now" while the browser says it is offline tries at once (the flag can be wrong)', async () => {
    const { state } = await fresh({ phase: 'submission' });
    const before = proposalCount(state);
    const el = await mount('en');
    await fillWithPhoto(el);
    window.dispatchEvent(new Event('offline'));
    try {
      submit(el);
      await waitUntil(() => $(el, '#sending-status'), 'no waiting notice');
      await new Promise((r) => setTimeout(r, 200));
      expect(state.calls.get('proposals') ?? 0).to.equal(0);
      ($(el, '#sending-status button') as HTMLButtonElement).click();
      await waitUntil(() => $(el, '[part~="confirmation"]'), '"send now" did nothing', { timeout: 5000 });
      expect(`${state.calls.get('photos')} ${state.calls.get('proposals')} ${proposalCount(state) - before}`).to.equal('1 1 1');
    } finally {
      window.dispatchEvent(new Event('online'));
    }
  });

  it('retries with the same Idempotency-Key after network errors, creating one proposal', async () => {
    const { state, use } = await fresh({ phase: 'submission' });
    const before = proposalCount(state);
    const keys: string[] = [];
    let down = true;
    let photosDown = true;
    use(
      http.post(`${API}/cities/aksu/photos`, () => (photosDown ? HttpResponse.error() : undefined)),
      http.post(`${API}/cities/aksu/proposals`, ({ request }) => {
        keys.push(request.headers.get('Idempotency-Key') ?? '');
        return down ? HttpResponse.error() : undefined;
      }),
    );
    const el = await mount('ru');
    await fill(el);
    await addFiles(el, [await jpeg(300, 200)]);
    submit(el);
    await waitUntil(() => $(el, '#sending-status'), 'no waiting notice', { timeout: 8000 });
    expect($(el, '#sending-status').textContent).to.contain('Повторим автоматически');
    expect(state.calls.get('photos') ?? 0).to.equal(0);
    // Photo goes through, proposal still fails: the uploaded photo is not sent again.
    photosDown = false;
    ($(el, '#sending-status button') as HTMLButtonElement).click();
    await waitUntil(() => keys.length >= 1, 'proposal never attempted', { timeout: 8000 });
    await waitUntil(() => $(el, '#sending-status') && state.calls.get('photos') === 1, 'no second wait', { timeout: 8000 });
    down = false;
    ($(el, '#sending-status button') as HTMLButtonElement).click();
    await waitUntil(() => $(el, '[part~="confirmation"]'), 'no confirmation', { timeout: 8000 });
    expect(new Set(keys).size).to.equal(1);
    expect(keys.length).to.be.greaterThan(1);
    expect(state.calls.get('photos')).to.equal(1);
    expect(proposalCount(state)).to.equal(before + 1);
  });

  it('when the answer is lost, the retry returns the same proposal instead of a second one', async () => {
    const { state } = await fresh({ phase: 'submission' });
    const before = proposalCount(state);
    const real = new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 });
    let lose = true;
    const flaky: Backend = Object.assign(Object.create(real) as Backend, {
      async submitProposal(...args: Parameters<Backend['submitProposal']>) {
        const proposal = await real.submitProposal(...args);
        if (lose) {
          lose = false;
          throw new QalaError('network', 'unavailable', 'connection reset');
        }
        return proposal;
      },
    });
    const el = await fixture<QalaProposalForm>(html`<qala-proposal-form lang="ru" .backend=${flaky}></qala-proposal-form>`);
    await waitUntil(() => $(el, 'form'), 'no form');
    await fill(el);
    await addFiles(el, [await jpeg(300, 200)]);
    submit(el);
    await waitUntil(() => $(el, '#sending-status'), 'no waiting notice', { timeout: 5000 });
    ($(el, '#sending-status button') as HTMLButtonElement).click();
    await waitUntil(() => $(el, '[part~="confirmation"]'), 'no confirmation', { timeout: 5000 });
    expect(state.calls.get('proposals')).to.equal(2);
    expect(proposalCount(state)).to.equal(before + 1);
  });

  it('a submission cut off by a reload comes back as a pending draft and is sent once', async function () {
    const { state } = await fresh({ phase: 'submission' });
    const before = proposalCount(state);
    let el = await mount('ru');
    await fillWithPhoto(el);
    window.dispatchEvent(new Event('offline'));
    submit(el);
    await waitUntil(() => $(el, '#sending-status'), 'no waiting notice');
    const record = await waitForDraft((r) => !!r.pendingKey);
    window.dispatchEvent(new Event('online'));
    el.remove();
    await new Promise((r) => setTimeout(r, 50));
    expect(state.calls.get('proposals') ?? 0).to.equal(0);

    el = await mount('ru');
    await waitUntil(() => $(el, '[part~="draft-notice"].warning'), 'no pending notice');
    expect($(el, '[part~="draft-notice"]').textContent).to.contain('не была отправлена');
    await expect(el).to.be.accessible();
    type(el, '#f-phone', '+7 701 123 45 67');
    $<HTMLInputElement>(el, '#f-consent').click();
    submit(el);
    await waitUntil(() => $(el, '[part~="confirmation"]'), 'no confirmation', { timeout: 5000 });
    expect(state.calls.get('proposals')).to.equal(1);
    expect(proposalCount(state)).to.equal(before + 1);
    expect([...state.idempotency.keys()]).to.include(`aksu/proposals:${record.pendingKey}`);
  });

  it('if the first attempt did arrive and the resident edits after a reload, it is not created twice', async function () {
    const { state } = await fresh({ phase: 'submission' });
    const before = proposalCount(state);
    const real = new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 });
    const lossy: Backend = Object.assign(Object.create(real) as Backend, {
      async submitProposal(...args: Parameters<Backend['submitProposal']>) {
        await real.submitProposal(...args);
        throw new QalaError('network', 'unavailable', 'connection reset');
      },
    });
    let el = await fixture<QalaProposalForm>(html`<qala-proposal-form lang="ru" .backend=${lossy}></qala-proposal-form>`);
    await waitUntil(() => $(el, 'form'), 'no form');
    await fill(el);
    await addFiles(el, [await jpeg(300, 200)]);
    submit(el);
    await waitUntil(() => $(el, '#sending-status'), 'no waiting notice', { timeout: 5000 });
    el.remove();

    el = await mount('ru');
    await waitUntil(() => $(el, '[part~="draft-notice"].warning'), 'no pending notice');
    type(el, '#f-title', 'Скамейки у школы №2 и урны');
    type(el, '#f-phone', '+7 701 123 45 67');
    $<HTMLInputElement>(el, '#f-consent').click();
    submit(el);
    await waitUntil(() => active(el)?.id === 'result-heading', 'no focused result', { timeout: 5000 });
    expect($(el, '#result-heading').textContent).to.equal('Заявка уже получена');
    expect(proposalCount(state)).to.equal(before + 1);
    expect(await stored()).to.equal(undefined);
  });

  it('stopping a waiting submission gives the form back with the draft kept', async () => {
    const { state } = await fresh({ phase: 'submission' });
    const el = await mount('ru');
    await fillWithPhoto(el);
    window.dispatchEvent(new Event('offline'));
    submit(el);
    await waitUntil(() => $(el, '#sending-status'), 'no waiting notice');
    ($(el, '#sending-status button.link') as HTMLButtonElement).click();
    await waitUntil(() => !$<HTMLFieldSetElement>(el, 'fieldset').disabled, 'form still locked');
    await waitUntil(() => $(el, '[aria-live="polite"]').textContent!.includes('Отправка остановлена'), 'not announced');
    expect(state.calls.get('proposals') ?? 0).to.equal(0);
    expect((await stored())?.fields.title).to.equal('Скамейки у школы №2');
  });
});
