/**
 * The screens the render benches draw on (`--viewports`, default both):
 * - `desktop`: a laptop's window, 1280×900 CSS px (the ballot bench: 1024×800), one device pixel per CSS pixel.
 * - `phone`: an inexpensive Android phone held upright: 360×740 CSS px at two device pixels each (a 720×1480
 *   screen), touch, mobile viewport. Its CPU is the `--rates` 4× run; the 1× run on it is this machine's CPU
 *   behind a phone's screen. The list draws one card a row there (17 em cards), three or four a screen.
 * At 4× the desktop rows are a phone's CPU behind a laptop's screen, four cards a row: a worse case than any
 * real device, kept because it shows costs the phone's screen hides.
 */
import type { BrowserContextOptions } from 'playwright-core';

export type ViewportName = 'desktop' | 'phone';

export const PHONE: BrowserContextOptions = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** `--viewports desktop,phone` → the names, in that order; unknown names are refused. */
export function viewportsOf(flag: string): ViewportName[] {
  const names = flag.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) if (name !== 'desktop' && name !== 'phone') throw new Error(`--viewports: unknown "${name}" (desktop, phone)`);
  return names as ViewportName[];
}

/** The page options of a viewport: `desktop` is the bench's own window. */
export function pageOptions(name: ViewportName, desktop: { width: number; height: number }): BrowserContextOptions {
  return name === 'phone' ? PHONE : { viewport: desktop };
}

/** ", phone 360×740" for the phone; nothing for the desktop (the figures' names stay as they were). */
export function viewportLabel(name: ViewportName): string {
  return name === 'phone' ? `, phone ${PHONE.viewport!.width}×${PHONE.viewport!.height}` : '';
}
