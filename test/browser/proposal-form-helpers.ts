import { aTimeout, fixture, html } from '@open-wc/testing';
import '../../src/widgets/proposal-form/define.js';
import type { QalaProposalForm } from '../../src/widgets/proposal-form/proposal-form.js';
import { createStore, delMany, keys } from 'idb-keyval';
import { DRAFT_DB, DRAFT_STORE } from '../../src/client/drafts.js';
import { q, root, type as typeValue, waitUntil } from './support/dom.js';
import { mockApi } from './support/msw.js';

export { active, qa, root } from './support/dom.js';

/** Helpers shared by the proposal-form test files. */
// A fresh API base per test: widgets share one config cache per base (as on a real page).
let run = 0;
export let API = '/api/v1';
/**
 * Test files run side by side and share one IndexedDB: each file gives the
 * mock cycle its own id, so drafts (keyed by city and cycle) never collide.
 */
let cycleId = 'aksu-2026';
export function useCycle(id: string): void {
  cycleId = id;
}
export async function fresh(options: Parameters<typeof mockApi>[0] = {}) {
  API = `/api/t${++run}`;
  const mock = await mockApi({ ...options, base: API });
  for (const config of mock.state.configs.values()) if (config.city.slug === 'aksu') config.cycle.id = cycleId;
  const setPhase = mock.state.setPhase;
  mock.state.setPhase = (city, phase) => {
    setPhase(city, phase);
    const config = mock.state.configs.get(city);
    if (config && city === 'aksu') config.cycle.id = cycleId;
  };
  return mock;
}

/** The form's own IndexedDB store of drafts. */
export const draftStore = () => createStore(DRAFT_DB, DRAFT_STORE);

/** Deletes this file's drafts only. */
export async function clearDrafts(): Promise<void> {
  const store = draftStore();
  const mine = (await keys(store)).filter((k) => String(k).startsWith(`qala:v1:aksu:${cycleId}:`));
  await delMany(mine, store);
}

export async function mount(lang = 'ru', extra: Record<string, string> = {}): Promise<QalaProposalForm> {
  const el = await fixture<QalaProposalForm>(html`<qala-proposal-form api=${API} city="aksu" lang=${lang}></qala-proposal-form>`);
  for (const [k, v] of Object.entries(extra)) el.setAttribute(k, v);
  await waitUntil(() => root(el).querySelector('form, .notice, section'), 'widget did not load', { timeout: 5000 });
  await el.updateComplete;
  return el;
}

/** The element matching `sel` in the form's shadow root, or null (for `expect(…).to.not.exist`); `q` throws instead. */
export const $ = <T extends Element = HTMLElement>(el: QalaProposalForm, sel: string) => root(el).querySelector<T>(sel)!;

/** A real JPEG made on a canvas, `w`×`h`. */
export async function jpeg(w: number, h: number, name = 'yard.jpg'): Promise<File> {
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#3a7';
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = '#a33';
  ctx.fillRect(0, 0, w / 2, h / 2);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
  return new File([blob], name, { type: 'image/jpeg' });
}

export async function addFiles(el: QalaProposalForm, files: File[]): Promise<void> {
  const input = $<HTMLInputElement>(el, '#photo-input');
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
  // Photos wait for their module (fetched on first need) and then for the resize.
  await waitUntil(() => !root(el).querySelector('.photo .skeleton, #f-photos-label ~ [role="status"]'), 'photos not processed', { timeout: 8000 });
  await aTimeout(50);
  await el.updateComplete;
}

/** Types `value` into the form's field `sel`, as a user would. */
export function type(el: QalaProposalForm, sel: string, value: string): void {
  typeValue(q<HTMLInputElement>(el, sel), value);
}

export async function fill(el: QalaProposalForm, overrides: Partial<Record<string, string>> = {}): Promise<void> {
  const v = {
    title: 'Скамейки у школы №2',
    description: 'Поставить десять скамеек вдоль аллеи у школы №2, сейчас сесть негде.',
    category: 'yards',
    district: 'center',
    address: 'ул. Абая, 10',
    cost: '1500000',
    author: 'Асель К.',
    phone: '8 701 123 45 67',
    ...overrides,
  };
  type(el, '#f-title', v.title);
  type(el, '#f-description', v.description);
  const cat = $<HTMLSelectElement>(el, '#f-category');
  cat.value = v.category;
  cat.dispatchEvent(new Event('change', { bubbles: true }));
  const dis = $<HTMLSelectElement>(el, '#f-district');
  dis.value = v.district;
  dis.dispatchEvent(new Event('change', { bubbles: true }));
  type(el, '#f-address', v.address);
  type(el, '#f-cost', v.cost);
  type(el, '#f-author', v.author);
  type(el, '#f-phone', v.phone);
  const consent = $<HTMLInputElement>(el, '#f-consent');
  if (!consent.checked) consent.click();
  await el.updateComplete;
}

/** A form ready to send: every field filled (`fill`) and one photo added. */
export async function fillWithPhoto(el: QalaProposalForm): Promise<void> {
  await fill(el);
  await addFiles(el, [await jpeg(300, 200)]);
}

export const submit = (el: QalaProposalForm) => q<HTMLButtonElement>(el, '[part~="submit-button"]').click();

