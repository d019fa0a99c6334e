/**
 * What the project centre's browser tests share: the msw worker serving the
 * admin mock (one per test page, its handlers replaced per test) and the
 * shadow-root helpers for `<qala-centre>`.
 */
import { fixture, html } from '@open-wc/testing';
import { waitUntil } from './dom.js';
import type { HttpHandler } from 'msw';
import { setupWorker, type SetupWorker } from 'msw/browser';
import type { QalaCentre } from '../../../src/centre/centre.js';
import { createAdminMock, MOCK_ADMIN_TOKEN, MOCK_STAFF_CODE, type AdminMockOptions, type AdminMockState } from '../../../src/mock/admin-handlers.js';
import '../../../src/centre/define.js';

let worker: SetupWorker | undefined;

/** Serves these handlers from now on (starts the worker the first time). */
export async function serve(handlers: HttpHandler[]): Promise<void> {
  if (!worker) {
    worker = setupWorker(...handlers);
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
  } else worker.resetHandlers(...handlers);
}

/** Puts handlers in front of the served ones for the rest of the test (a lost answer, an outage). */
export function override(...handlers: HttpHandler[]): void {
  if (!worker) throw new Error('serve handlers first');
  worker.use(...handlers);
}

/**
 * Whether leaving the page now would ask first (the centre's beforeunload guard). A real beforeunload on window would
 * also reach msw's worker client and stop the mocks: the element's listener is called directly.
 */
export function leaving(el: QalaCentre): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  (el as unknown as { unsaved: { onBeforeUnload(event: Event): void } }).unsaved.onBeforeUnload(event);
  return event.defaultPrevented;
}

/** A fresh admin mock on `/api/v1`, served; its state for the test to arrange and check. */
export async function adminMock(options: AdminMockOptions = {}): Promise<AdminMockState> {
  const { handlers, state } = createAdminMock({ base: '/api/v1', ...options });
  await serve(handlers);
  return state;
}

export const root = (el: QalaCentre) => el.shadowRoot!;
export const $ = <T extends Element = HTMLElement>(el: QalaCentre, selector: string) => root(el).querySelector<T>(selector);
export const text = (el: QalaCentre) => root(el).textContent!.replace(/\s+/g, ' ');
export const active = (el: QalaCentre) => root(el).activeElement as HTMLElement | null;
export const until = (what: string, check: () => unknown) => waitUntil(() => !!check(), what, { timeout: 5000 });

/** The button whose text is `label` (exactly) or matches it. */
export const button = (el: QalaCentre, label: string | RegExp) =>
  [...root(el).querySelectorAll<HTMLButtonElement>('button')].find((b) => (typeof label === 'string' ? b.textContent!.trim() === label : label.test(b.textContent!)));

export async function click(el: QalaCentre, label: string | RegExp): Promise<void> {
  const b = button(el, label);
  if (!b) throw new Error(`no button ${label} in: ${text(el).slice(0, 400)}`);
  b.click();
  await el.updateComplete;
}

/** Types into a field as a person would (an `input` event after the value). */
export function fill(el: QalaCentre, selector: string, value: string): void {
  const input = $<HTMLInputElement | HTMLTextAreaElement>(el, selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** `<qala-centre>` for Aksu inside a `<main>` (as /centre/ and an intranet page have it), signed in with the mock's token, its queue shown. */
export async function signedIn(lang: 'kk' | 'ru' | 'en' = 'en'): Promise<QalaCentre> {
  const main = await fixture<HTMLElement>(html`<main><qala-centre api="/api/v1" city="aksu" lang=${lang}></qala-centre></main>`);
  const el = main.firstElementChild as QalaCentre;
  await until('sign-in', () => $(el, '#token'));
  fill(el, '#token', MOCK_ADMIN_TOKEN);
  $<HTMLFormElement>(el, '#token')!.form!.requestSubmit();
  await until('the queue', () => root(el).querySelector('li.proposal'));
  return el;
}

/** The mock's active expert's phone (`createAdminMock({ staff: true })`), as a person types it. */
export const EXPERT_PHONE = '+7 701 000 00 47';

/** Asks for a sign-in code for `contact` and waits for the code's field. */
export async function askCode(el: QalaCentre, contact = EXPERT_PHONE): Promise<void> {
  fill(el, '#signin-contact', contact);
  $<HTMLFormElement>(el, '#signin-contact')!.form!.requestSubmit();
  await until('the code field', () => $(el, '#signin-code'));
}

/** Types a code (the mock's right one by default) and sends it. */
export function sendCode(el: QalaCentre, code = MOCK_STAFF_CODE): void {
  fill(el, '#signin-code', code);
  $<HTMLFormElement>(el, '#signin-code')!.form!.requestSubmit();
}
