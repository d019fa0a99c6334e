/**
 * Helpers every widget test uses: find things in a widget's shadow root, read
 * its text, wait for it, type like a user, and forget a test file's own
 * outbox entries in the IndexedDB that all files share.
 */
import { expect, waitUntil as openWcWaitUntil } from '@open-wc/testing';
import { createStore, del, keys } from 'idb-keyval';
import { sendKeys } from './commands.js';

/** An adult on the mock's voter list (DEMO_VOTERS, phone +77010000001). */
export const ADULT = '791028302728';

export const root = (el: Element): ShadowRoot => el.shadowRoot!;

/** Whitespace collapsed and trimmed. */
export const norm = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** The one element matching `selector` in the widget's shadow root; throws with the widget's text when there is none. */
export function q<T extends Element = HTMLElement>(el: Element, selector: string): T {
  const found = root(el).querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in: ${norm(root(el).textContent).slice(0, 400)}`);
  return found;
}

/** Every element matching `selector` in the shadow root. */
export const qa = <T extends Element = HTMLElement>(el: Element, selector: string): T[] => [...root(el).querySelectorAll<T>(selector)];

/** The widget's whole text, whitespace collapsed. */
export const text = (el: Element): string => norm(root(el).textContent);

/** The heading of a step (`[data-step-heading]`), or ''. */
export const heading = (el: Element): string => root(el).querySelector('[data-step-heading]')?.textContent?.trim() ?? '';

/** The focused element inside the widget. */
export const active = (el: Element): HTMLElement | null => root(el).activeElement as HTMLElement | null;

/** The first button in the shadow root whose text includes `label`; throws with the widget's text when there is none. */
export function button(el: Element, label: string): HTMLButtonElement {
  const found = qa<HTMLButtonElement>(el, 'button').find((b) => (b.textContent ?? '').includes(label));
  if (!found) throw new Error(`no button "${label}" in: ${norm(root(el).textContent).slice(0, 400)}`);
  return found;
}

/** Matches an element whose accessible label (`aria-label`, else its text) includes `label`. */
export const labelled = (label: string) => (e: Element): boolean => (e.getAttribute('aria-label') ?? e.textContent ?? '').includes(label);

/** Shift+Tab, held and released as a person does (what WebKitGTK sends as key "Unidentified", code Tab). */
export async function shiftTab(): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ up: 'Shift' });
}

/**
 * Presses Tab until the focused element inside the widget matches (keyboard only); throws after `max` presses.
 * When Tab leaves the widget's last control it lands on a button put after the widget, and the search turns round
 * with Shift+Tab: Tab from the page's last control would go into the browser's own toolbar, where Firefox under
 * automation never gives focus back to the page.
 */
export async function tabTo(el: Element, match: (e: Element) => boolean, what: string, max = 120): Promise<void> {
  const after = Object.assign(document.createElement('button'), { textContent: 'after the widget' });
  el.after(after);
  try {
    let back = false;
    for (let i = 0; i < max; i++) {
      const a = active(el);
      if (a && match(a)) return;
      back ||= document.activeElement === after;
      if (back) await shiftTab();
      else await sendKeys({ press: 'Tab' });
    }
  } finally {
    after.remove();
  }
  throw new Error(`Tab never reached ${what}`);
}

/** Waits until `fn` holds, then for the widget's next render. */
/**
 * @open-wc's `waitUntil` with five seconds by default, not one: in the full run on two cores, WebKit has taken more
 * than a second for steps that always come (IndexedDB opening, a part's module arriving, msw's worker answering),
 * a different test each time. A step that never comes fails all the same, only later. Every test imports this one.
 */
export function waitUntil(predicate: () => unknown, message?: string, options: { interval?: number; timeout?: number } = {}): Promise<void> {
  return openWcWaitUntil(predicate, message, { timeout: 5000, ...options });
}

export async function until(el: Element & { updateComplete?: Promise<unknown> }, fn: () => unknown, message: string, timeout = 5000): Promise<void> {
  await waitUntil(fn, message, { timeout });
  await el.updateComplete;
}

/** Types a value as a user would: the value, then an `input` event. */
export function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * A ballot's resident proves who they are by SMS code (the msw mock's and the test server's code is 123456):
 * an adult's IIN and a phone, then the code. The step after it is the caller's to wait for.
 */
export async function verifyByCode(el: Element & { updateComplete?: Promise<unknown> }, phone = '+7 701 234 56 78'): Promise<void> {
  await until(el, () => !!root(el).querySelector('#iin'), 'identify step');
  type(q<HTMLInputElement>(el, '#iin'), ADULT);
  q<HTMLInputElement>(el, '#phone').value = phone;
  q<HTMLButtonElement>(el, 'form button[type=submit]').click();
  await until(el, () => !!root(el).querySelector('#code'), 'code step');
  q<HTMLInputElement>(el, '#code').value = '123456';
  q<HTMLButtonElement>(el, 'form button[type=submit]').click();
}

/** A gate a request or a module load waits at until the test opens it. */
export function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** The ballot step while what it needs (projects, the vote part) is on its way: its heading, busy, focused, axe-clean. */
export async function expectBallotStepLoading(el: Element & { updateComplete?: Promise<unknown> }): Promise<void> {
  await until(el, () => heading(el) === 'Ваш выбор', 'ballot step, loading');
  expect(q(el, '[part=step]').getAttribute('aria-busy')).to.equal('true');
  expect(root(el).querySelector('[part=pool]')).to.equal(null);
  expect(active(el)?.hasAttribute('data-step-heading')).to.equal(true);
  await expect(el).to.be.accessible();
}

/** Waits for the widget's polite live region to say `words`. */
export const announced = (el: Element, words: string, selector = '[aria-live="polite"]') =>
  waitUntil(() => qa(el, selector).some((r) => norm(r.textContent).includes(words)), `announced: ${words}`, { timeout: 3000 });

/** Nothing wider than the element, nor the page (360 px phones); nor, unless `parts` is null, any of these parts. */
export function fits(el: HTMLElement, where: string, parts: string | null = '[part=card], [part=meter], form, [part=ranking], [part=review]'): void {
  expect(el.scrollWidth, `${where}: element`).to.be.at.most(el.clientWidth);
  expect(document.documentElement.scrollWidth, `${where}: page`).to.be.at.most(window.innerWidth);
  if (parts === null) return;
  for (const node of root(el).querySelectorAll<HTMLElement>(parts)) {
    expect(node.getBoundingClientRect().right, `${where}: ${node.getAttribute('part') ?? node.tagName}`).to.be.at.most(el.getBoundingClientRect().right + 0.5);
  }
}

const outboxStore = createStore('qala-outbox-v1', 'outbox');

/** Forgets the outbox entries of these cycles only: other test files run alongside in the same browser and share IndexedDB. */
export async function clearOutbox(...cycleIds: string[]): Promise<void> {
  for (const key of await keys(outboxStore)) if (cycleIds.some((id) => String(key).includes(`:${id}:`))) await del(key, outboxStore);
}
