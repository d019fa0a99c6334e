import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from './support/dom.js';
import { del, get, keys, set } from 'idb-keyval';
import { HttpBackend } from '../../src/client/http-backend.js';
import { draftKey, emptyFields, type DraftRecord } from '../../src/client/drafts.js';
import type { Backend } from '../../src/client/backend.js';
import { loadConfig } from '../../src/ui/config-controller.js';
import '../../src/widgets/proposal-form/define.js';
import type { QalaProposalForm } from '../../src/widgets/proposal-form/proposal-form.js';
import { API, addFiles, clearDrafts, draftStore, fill, fresh, jpeg, mount, root, submit, type, useCycle, $, fillWithPhoto } from './proposal-form-helpers.js';

/** The host moves a live form to another city (its `city` attribute, or another backend): each city keeps its own draft. */
const CYCLE = 'aksu-2026-switch';
const RUDNY_CYCLE = 'rudny-2026-switch';
const AKSU = draftKey('aksu', CYCLE);
const RUDNY = draftKey('rudny', RUDNY_CYCLE);
const aksuDraft = () => get<DraftRecord>(AKSU, draftStore());
const rudnyDraft = () => get<DraftRecord>(RUDNY, draftStore());

const draft = (title: string, pendingKey?: string): DraftRecord => ({
  v: 1,
  fields: { ...emptyFields(), title, description: `${title}: a description long enough`, category: 'yards' },
  photos: [],
  ...(pendingKey ? { pendingKey } : {}),
  savedAt: new Date().toISOString(),
});

/** A mock whose Rudny is open for submissions too, under this file's cycle id. */
async function freshBoth() {
  const mock = await fresh({ phase: 'submission' });
  for (const config of mock.state.configs.values()) if (config.city.slug === 'rudny') config.cycle.id = RUDNY_CYCLE;
  return mock;
}

const title = (el: QalaProposalForm) => $<HTMLInputElement>(el, '#f-title')?.value ?? '(no field)';
const notice = (el: QalaProposalForm) => ($(el, '[part~="draft-notice"]')?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('proposal form: the host switches the city', () => {
  before(() => useCycle(CYCLE));
  beforeEach(async () => {
    await clearDrafts();
    await del(RUDNY, draftStore());
  });

  it("keeps what was typed in the old city's draft and shows the new city's own draft, untouched", async () => {
    await freshBoth();
    await set(RUDNY, draft('Rudny own draft'), draftStore());
    const el = await mount('ru');
    type(el, '#f-title', 'Aksu bench text');
    // Switched before the debounced save came: the text is not lost, and goes to Aksu's draft only.
    el.setAttribute('city', 'rudny');
    await waitUntil(() => title(el) === 'Rudny own draft', `Rudny's draft not shown (title "${title(el)}")`, { timeout: 5000 });
    await waitUntil(async () => (await aksuDraft())?.fields.title === 'Aksu bench text', 'Aksu text not kept in Aksu draft', { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 800));
    expect((await rudnyDraft())?.fields.title).to.equal('Rudny own draft');
    expect(notice(el)).to.contain('Восстановлен черновик');

    // Typing in Rudny saves Rudny's draft; back in Aksu, Aksu's text comes back.
    type(el, '#f-address', 'ул. Ленина 1');
    await waitUntil(async () => (await rudnyDraft())?.fields.address === 'ул. Ленина 1', 'Rudny edit not saved', { timeout: 5000 });
    expect((await rudnyDraft())?.fields.title).to.equal('Rudny own draft');
    el.setAttribute('city', 'aksu');
    await waitUntil(() => title(el) === 'Aksu bench text', `Aksu's draft not shown (title "${title(el)}")`, { timeout: 5000 });
    expect($<HTMLInputElement>(el, '#f-address').value).to.equal('');
    expect((await aksuDraft())?.fields.address).to.equal('');
  });

  it("does not carry a restored, may-have-been-sent draft (its notice, its Idempotency-Key) into another city", async () => {
    await freshBoth();
    await set(AKSU, draft('Aksu restored', 'key-aksu-0001'), draftStore());
    const el = await mount('ru');
    await waitUntil(() => title(el) === 'Aksu restored', 'Aksu draft not restored');
    await waitUntil(() => !!$(el, '[part~="draft-notice"].warning'), 'no pending notice');
    el.setAttribute('city', 'rudny');
    await waitUntil(() => title(el) === '', `Aksu's draft still shown in Rudny (title "${title(el)}")`, { timeout: 5000 });
    await el.updateComplete;
    expect(!!$(el, '[part~="draft-notice"].warning')).to.equal(false);
    type(el, '#f-address', 'ул. Ленина 1');
    await waitUntil(async () => (await rudnyDraft())?.fields.address === 'ул. Ленина 1', 'Rudny draft not saved', { timeout: 5000 });
    const rudny = (await rudnyDraft())!;
    expect(rudny.fields.title).to.equal('');
    expect(rudny.pendingKey ?? 'none').to.equal('none');
    const aksu = await aksuDraft();
    expect(aksu?.fields.title).to.equal('Aksu restored');
    expect(aksu?.pendingKey).to.equal('key-aksu-0001');
  });

  it('a submission that the server takes after the switch clears the draft it was sent from, not the new city\'s', async () => {
    const { state } = await freshBoth();
    await set(RUDNY, draft('Rudny own draft'), draftStore());
    const real = new HttpBackend({ baseUrl: API, city: 'aksu', retries: 0 });
    let started = false;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A backend that answers late and does not stop for the form (the request was already on the server).
    const slow: Backend = Object.assign(Object.create(real) as Backend, {
      async submitProposal(input: Parameters<Backend['submitProposal']>[0], key: string) {
        started = true;
        await gate;
        return real.submitProposal(input, key);
      },
    });
    const el = await fixture<QalaProposalForm>(html`<qala-proposal-form lang="ru" .backend=${slow}></qala-proposal-form>`);
    await waitUntil(() => $(el, 'form'), 'no form');
    const submitted: string[] = [];
    el.addEventListener('qala-proposal-submitted', (e) => submitted.push(e.detail.id));
    await fill(el);
    await addFiles(el, [await jpeg(300, 200)]);
    submit(el);
    await waitUntil(() => started, 'never sent', { timeout: 8000 });
    // Kept on the device with the draft: at once, or (when the draft store was still opening as the form was sent,
    // seen once in the full runner's WebKit) by the save that follows its opening.
    await waitUntil(async () => !!(await aksuDraft())?.pendingKey, 'the key was not kept with the draft', { timeout: 5000 });

    el.backend = new HttpBackend({ baseUrl: API, city: 'rudny' });
    await waitUntil(() => title(el) === 'Rudny own draft', `Rudny's draft not shown (title "${title(el)}")`, { timeout: 5000 });
    expect($<HTMLFieldSetElement>(el, 'fieldset').disabled).to.equal(false);
    release();
    await waitUntil(async () => (await aksuDraft()) === undefined, 'the sent Aksu draft was not cleared', { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await rudnyDraft())?.fields.title).to.equal('Rudny own draft');
    expect(title(el)).to.equal('Rudny own draft');
    expect(!!$(el, '[part~="confirmation"]')).to.equal(false);
    expect(submitted.length).to.equal(1);
    expect(state.calls.get('proposals')).to.equal(1);
  });

  it('a submission waiting for the connection stops at the switch and is kept, with its key, for when the resident comes back', async () => {
    const { state } = await freshBoth();
    const el = await mount('ru');
    await fillWithPhoto(el);
    window.dispatchEvent(new Event('offline'));
    try {
      submit(el);
      await waitUntil(() => $(el, '#sending-status'), 'no waiting notice');
      const key = (await aksuDraft())?.pendingKey ?? '';
      expect(key).to.not.equal('');
      el.setAttribute('city', 'rudny');
      await waitUntil(() => title(el) === '' && !$(el, '#sending-status'), 'the Aksu submission still shown in Rudny', { timeout: 5000 });
      expect($<HTMLFieldSetElement>(el, 'fieldset').disabled).to.equal(false);
      window.dispatchEvent(new Event('online'));
      await new Promise((r) => setTimeout(r, 500));
      expect(state.calls.get('proposals') ?? 0).to.equal(0);
      expect((await rudnyDraft()) === undefined).to.equal(true);
      expect((await aksuDraft())?.pendingKey).to.equal(key);

      el.setAttribute('city', 'aksu');
      await waitUntil(() => !!$(el, '[part~="draft-notice"].warning'), 'no pending notice back in Aksu', { timeout: 5000 });
      expect(title(el)).to.equal('Скамейки у школы №2');
    } finally {
      window.dispatchEvent(new Event('online'));
    }
  });
  it("a photo still being prepared when the host moves the form goes into neither city's draft, nor its bytes into storage", async () => {
    await freshBoth();
    const el = await mount('ru');
    type(el, '#f-title', 'Aksu with a photo');
    const file = await jpeg(4000, 3000);
    // Rudny's config is at hand (asked for already), so the form leaves Aksu at once, not once an answer came.
    const rudny = new HttpBackend({ baseUrl: API, city: 'rudny' });
    await loadConfig(rudny);
    // The moment the photo shows as being prepared, the host moves the form (the resize awaits the browser's decoder).
    let movedWhilePreparing = false;
    const observer = new MutationObserver(() => {
      if (!$(el, '.photo .skeleton')) return;
      observer.disconnect();
      movedWhilePreparing = true;
      el.backend = rudny;
    });
    observer.observe(root(el), { childList: true, subtree: true });
    const input = $<HTMLInputElement>(el, '#photo-input');
    const dt = new DataTransfer();
    dt.items.add(file);
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => movedWhilePreparing, 'the photo never showed as being prepared', { timeout: 8000 });
    await waitUntil(async () => (await aksuDraft())?.fields.title === 'Aksu with a photo', 'Aksu text not kept in Aksu draft', { timeout: 5000 });
    // Long enough for the resize to finish and a debounced save to follow.
    await new Promise((r) => setTimeout(r, 2500));
    await el.updateComplete;
    expect(!!$(el, '.photo'), 'a photo of Aksu shown in Rudny').to.equal(false);
    expect(!!$(el, '.problems'), 'a problem of Aksu shown in Rudny').to.equal(false);
    expect(await rudnyDraft()).to.equal(undefined);
    const stored = (await keys(draftStore())).map(String);
    expect(stored.filter((k) => k.startsWith(`${RUDNY}:photo:`)), 'bytes kept under Rudny').to.deep.equal([]);
    // Aksu's draft does not list it (it was not ready when the form left), so its bytes are not kept either.
    expect((await aksuDraft())?.photos).to.deep.equal([]);
    expect(stored.filter((k) => k.startsWith(`${AKSU}:photo:`)), 'bytes kept under Aksu that its draft does not list').to.deep.equal([]);
  });
});
