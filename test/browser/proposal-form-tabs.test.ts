import { expect } from '@open-wc/testing';
import { get, keys, set } from 'idb-keyval';
import { draftKey, emptyFields, type DraftRecord } from '../../src/client/drafts.js';
import type { QalaProposalForm } from '../../src/widgets/proposal-form/proposal-form.js';
import { setViewport } from './support/commands.js';
import { fits, norm, waitUntil } from './support/dom.js';
import { active, addFiles, clearDrafts, draftStore, fresh, jpeg, mount, qa, submit, type, useCycle, $ } from './proposal-form-helpers.js';

/**
 * Two tabs of one city and cycle share one draft; two forms on one page stand for them (each form is its own
 * holder of the draft, and a BroadcastChannel reaches the other forms of the page as it reaches other tabs).
 * Neither may destroy what the other wrote: a form overwrites or deletes only the draft it last read or wrote.
 */
const CYCLE = 'aksu-2026-tabs';
const KEY = draftKey('aksu', CYCLE);
const stored = () => get<DraftRecord>(KEY, draftStore());
const photoKeys = async () => (await keys(draftStore())).map(String).filter((k) => k.startsWith(`${KEY}:photo:`));

const value = (el: QalaProposalForm, sel: string) => $<HTMLInputElement>(el, sel)?.value ?? '(no field)';
const notice = (el: QalaProposalForm) => norm($(el, '[part~="draft-notice"]')?.textContent);
const live = (el: QalaProposalForm) => norm($(el, '[aria-live="polite"]')?.textContent);
const ELSEWHERE = { en: 'also open in another tab', ru: 'открыта и в другой вкладке' };
const GONE = { en: 'sent or discarded in another tab', kk: 'басқа қойындыда жіберілді немесе өшірілді' };

async function waitForDraft(check: (r: DraftRecord) => boolean, what: string): Promise<DraftRecord> {
  let record: DraftRecord | undefined;
  await waitUntil(
    async () => {
      record = await stored();
      return !!record && check(record);
    },
    what,
    { timeout: 5000 },
  );
  return record!;
}

/** Past the form's debounced save (500 ms), so a save it would make has been made. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 900));

describe('<qala-proposal-form> in two tabs', () => {
  before(() => useCycle(CYCLE));
  beforeEach(() => clearDrafts());
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it("a keystroke in another tab, or that tab emptied, does not wipe this tab's draft: a reload brings its text and photo back", async () => {
    await fresh({ phase: 'submission' });
    const a = await mount('en');
    const b = await mount('en');
    type(a, '#f-title', 'Tab A long proposal');
    type(a, '#f-description', 'A long description that the resident typed for ten minutes.');
    await addFiles(a, [await jpeg(300, 200)]);
    await waitForDraft((r) => r.photos.length === 1 && r.fields.description.startsWith('A long'), "A's draft not saved");
    const photos = await photoKeys();
    expect(photos.length).to.equal(1);

    type(b, '#f-address', 'x');
    await settle();
    type(b, '#f-address', '');
    await settle();
    const record = await stored();
    expect(record?.fields.title ?? '(none)', 'the title B never saw').to.equal('Tab A long proposal');
    expect(record?.fields.address ?? '(none)', "B's keystroke").to.equal('');
    expect(record?.photos.length ?? 0).to.equal(1);
    expect((await photoKeys()).join()).to.equal(photos.join());
    expect(notice(b)).to.contain(ELSEWHERE.en);

    a.remove();
    b.remove();
    const c = await mount('en');
    await waitUntil(() => value(c, '#f-title') === 'Tab A long proposal', 'A not restored after the reload', { timeout: 5000 });
    expect(value(c, '#f-description')).to.equal('A long description that the resident typed for ten minutes.');
    await waitUntil(() => qa(c, '.photo img').length === 1, "A's photo not back", { timeout: 5000 });
  });

  it("a tab's discard, or its removal of a photo, keeps the draft and photo bytes that another tab wrote since", async () => {
    await fresh({ phase: 'submission' });
    const first = await mount('en');
    type(first, '#f-title', 'Shade over the bus stop');
    await addFiles(first, [await jpeg(300, 200)]);
    await waitForDraft((r) => r.photos.length === 1, 'draft with its photo not saved');
    first.remove();
    const photos = await photoKeys();
    expect(photos.length).to.equal(1);

    // Two tabs restore the same draft.
    const a = await mount('en');
    const b = await mount('en');
    for (const el of [a, b]) await waitUntil(() => value(el, '#f-title') === 'Shade over the bus stop' && qa(el, '.photo img').length === 1, 'not restored', { timeout: 5000 });
    // A's edit is written (its field left) and B's "discard" pressed in the same moment: B has not heard of A's
    // write yet, the store's check alone keeps it.
    type(a, '#f-title', 'Shade over the bus stop, with a bench');
    $(a, '#f-title').dispatchEvent(new FocusEvent('focusout', { bubbles: true, composed: true }));
    $<HTMLButtonElement>(b, '[part~="draft-notice"] button').click();
    await waitUntil(() => value(b, '#f-title') === '', 'B not emptied');
    await settle();
    let record = await stored();
    expect(record?.fields.title ?? '(deleted)').to.equal('Shade over the bus stop, with a bench');
    expect(record?.photos.length ?? 0).to.equal(1);
    expect((await photoKeys()).join(), "A's photo bytes").to.equal(photos.join());
    expect(notice(b)).to.contain(ELSEWHERE.en);
    expect(live(b), 'B is not told "discarded"').to.not.contain('discarded');

    // C restores A's draft, A writes again, then C removes the photo: its bytes are A's draft's.
    const c = await mount('en');
    await waitUntil(() => value(c, '#f-title').endsWith('with a bench') && qa(c, '.photo img').length === 1, 'C did not restore', { timeout: 5000 });
    type(a, '#f-description', 'A keeps writing while C is open.');
    await waitForDraft((r) => r.fields.description.startsWith('A keeps'), "A's second edit not saved");
    $<HTMLButtonElement>(c, '.photo button.remove').click();
    await settle();
    record = await stored();
    expect(record?.photos.length ?? 0).to.equal(1);
    expect((await photoKeys()).join(), "A's photo bytes after C's removal").to.equal(photos.join());

    a.remove();
    b.remove();
    c.remove();
    const d = await mount('en');
    await waitUntil(() => value(d, '#f-description') === 'A keeps writing while C is open.', 'A not restored after the reload', { timeout: 5000 });
    await waitUntil(() => qa(d, '.photo img').length === 1, "A's photo not back", { timeout: 5000 });
  });

  it('the tab that lost the draft says so in Russian at once, keyboard-reachable, axe-clean at 360 px; "load the latest" brings the other tab\'s text', async () => {
    await setViewport({ width: 360, height: 740 });
    await fresh({ phase: 'submission' });
    const a = await mount('ru');
    const b = await mount('ru');
    type(a, '#f-title', 'Освещение во дворе');
    type(a, '#f-description', 'Поставить четыре фонаря во дворе дома 12.');
    await waitForDraft((r) => r.fields.description.startsWith('Поставить'), "A's draft not saved");

    // B typed nothing: the other tab's word comes at once.
    await waitUntil(() => notice(b).includes(ELSEWHERE.ru), 'B was not told', { timeout: 3000 });
    await waitUntil(() => live(b).includes(ELSEWHERE.ru), 'not announced');
    expect($(b, '[part~="draft-notice"]').classList.contains('warning')).to.equal(true);
    const load = $<HTMLButtonElement>(b, '[part~="draft-notice"] button');
    expect(norm(load.textContent)).to.equal('Загрузить последний текст');
    load.focus();
    expect(active(b) === load, 'the action takes the focus').to.equal(true);
    fits(b, 'the notice at 360 px', '[part~="draft-notice"], form');
    await expect(b).to.be.accessible();

    // What B types is not saved over A's.
    type(b, '#f-title', 'Текст вкладки B');
    await settle();
    expect((await stored())?.fields.title).to.equal('Освещение во дворе');

    load.click();
    await waitUntil(() => value(b, '#f-title') === 'Освещение во дворе', 'the latest not loaded');
    expect(value(b, '#f-description')).to.equal('Поставить четыре фонаря во дворе дома 12.');
    await waitUntil(() => active(b)?.id === 'draft-notice', 'focus not on the notice');
    expect(notice(b)).to.contain('Восстановлен черновик');
    await expect(b).to.be.accessible();

    // B holds the draft now: its edit is saved, and A is the one told.
    type(b, '#f-address', 'ул. Ленина, 12');
    await waitForDraft((r) => r.fields.address === 'ул. Ленина, 12' && r.fields.title === 'Освещение во дворе', "B's edit not saved");
    await waitUntil(() => notice(a).includes(ELSEWHERE.ru), 'A was not told', { timeout: 3000 });
    type(a, '#f-title', 'Текст вкладки A');
    await settle();
    expect((await stored())?.fields.title).to.equal('Освещение во дворе');
  });

  it('without BroadcastChannel the draft is protected all the same, and the tab learns at its next save', async () => {
    const own = Object.getOwnPropertyDescriptor(window, 'BroadcastChannel');
    Object.defineProperty(window, 'BroadcastChannel', { value: undefined, configurable: true, writable: true });
    try {
      await fresh({ phase: 'submission' });
      const a = await mount('en');
      const b = await mount('en');
      type(a, '#f-title', 'Bike racks at the library');
      await waitForDraft((r) => r.fields.title === 'Bike racks at the library', "A's draft not saved");
      await settle();
      expect(notice(b)).to.not.contain(ELSEWHERE.en);
      type(b, '#f-title', 'B');
      await waitUntil(() => notice(b).includes(ELSEWHERE.en), 'B was not told at its save', { timeout: 3000 });
      expect((await stored())?.fields.title).to.equal('Bike racks at the library');
    } finally {
      if (own) Object.defineProperty(window, 'BroadcastChannel', own);
      else delete (window as { BroadcastChannel?: unknown }).BroadcastChannel;
    }
  });

  it('a proposal waiting to be sent keeps its Idempotency-Key when another tab types, and the tab holding it sends it once', async () => {
    const { state } = await fresh({ phase: 'submission' });
    const before = state.proposals.get('aksu')!.length;
    const b = await mount('ru');
    // B has opened the store and read it (nothing there yet) before the other tab's draft appears: otherwise B would
    // restore that draft itself and own it (WebKit's IndexedDB was slow enough once in the fresh-clone CI).
    await waitUntil(() => (b as unknown as { drafts: { persistent: boolean | null } }).drafts.persistent !== null, 'B never opened its store');
    await settle();
    // Another tab's submission was cut off: its draft waits with its key.
    const pendingKey = '7d2f6c1e-5b8a-4c3d-9e0f-1a2b3c4d5e6f';
    const pending: DraftRecord = {
      v: 1,
      fields: { ...emptyFields(), title: 'Скамейки у школы №2', description: 'Поставить десять скамеек вдоль аллеи у школы №2, сейчас сесть негде.', category: 'yards', district: 'center', address: 'ул. Абая, 10', estimatedCost: 1_500_000, authorName: 'Асель К.' },
      photos: [],
      pendingKey,
      savedAt: new Date().toISOString(),
    };
    await set(KEY, pending, draftStore());
    const a = await mount('ru');
    await waitUntil(() => !!$(a, '[part~="draft-notice"].warning'), 'no pending notice');

    type(b, '#f-title', 'Другое');
    await settle();
    expect((await stored())?.pendingKey, 'the key of the proposal on its way').to.equal(pendingKey);
    await waitUntil(() => notice(b).includes(ELSEWHERE.ru), 'B was not told', { timeout: 3000 });

    await addFiles(a, [await jpeg(300, 200)]);
    type(a, '#f-phone', '+7 701 123 45 67');
    $<HTMLInputElement>(a, '#f-consent').click();
    submit(a);
    await waitUntil(() => $(a, '[part~="confirmation"]'), 'no confirmation', { timeout: 5000 });
    expect(state.proposals.get('aksu')!.length).to.equal(before + 1);
    expect([...state.idempotency.keys()]).to.include(`aksu/proposals:${pendingKey}`);
    expect(await stored(), 'cleared by the tab that sent it').to.equal(undefined);
  });

  it('a draft both tabs show, discarded in one, leaves the other too: its form empties and says why, and what it types next is a draft of its own', async () => {
    await fresh({ phase: 'submission' });
    await set(KEY, { v: 1, fields: { ...emptyFields(), title: 'Shared draft title' }, photos: [], savedAt: new Date().toISOString() } satisfies DraftRecord, draftStore());
    const a = await mount('en');
    const b = await mount('kk');
    await waitUntil(() => value(a, '#f-title') === 'Shared draft title' && value(b, '#f-title') === 'Shared draft title', 'not restored in both');
    $<HTMLButtonElement>(a, '[part~="draft-notice"] button')!.click();
    await waitUntil(() => notice(b).includes(GONE.kk), 'B was not told', { timeout: 3000 });
    expect(value(b, '#f-title'), 'B no longer shows it').to.equal('');
    await waitUntil(() => live(b).includes(GONE.kk), 'not announced', { timeout: 3000 });
    expect(await stored(), 'nothing kept again from B').to.equal(undefined);
    await expect(b).to.be.accessible();
    type(b, '#f-title', 'Жаңа өтінім');
    await waitForDraft((r) => r.fields.title === 'Жаңа өтінім', "B's own draft not saved");
    expect(notice(b)).to.not.contain(GONE.kk);
  });
});
