/**
 * Page size and real key presses in every engine the suite runs in (Chromium,
 * Firefox, WebKit). @web/test-runner-commands' own setViewport and sendKeys cannot
 * size a WebDriver (WebKit) window, cannot hold a key down there, and puppeteer's
 * Firefox keyboard does not know "Space"; these go to the config's
 * engineCommandsPlugin (test/browser/support/engines.mjs), which does it for each.
 */
import { executeServerCommand } from '@web/test-runner-commands';

export interface Viewport {
  width: number;
  height: number;
}

export type SendKeysPayload = { type: string } | { press: string } | { down: string } | { up: string };

export async function setViewport(viewport: Viewport): Promise<void> {
  await executeServerCommand('qala-set-viewport', viewport);
}

export async function sendKeys(payload: SendKeysPayload): Promise<void> {
  await executeServerCommand('qala-send-keys', payload);
}

/** The engine this page runs in, for the few tests that must differ (each says why). */
export const engine: 'chromium' | 'firefox' | 'webkit' = /Firefox\//.test(navigator.userAgent)
  ? 'firefox'
  : /Chrome\//.test(navigator.userAgent)
    ? 'chromium'
    : 'webkit';
