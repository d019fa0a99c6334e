/**
 * Drawing long content in pieces (the results' "show all", a long ballot's cards): each piece is added in a task
 * after the page's next frame, so a frame styles and lays out one piece and no more. Adding piece after piece in
 * tasks alone (`setTimeout`, `scheduler.yield`) let several in before a frame, all laid out in one long task.
 *
 * A page in the background draws no frames and runs no animation callbacks: there the piece comes after
 * `HIDDEN_WAIT` ms (and at once if the page is hidden already), so the content still completes.
 */
const HIDDEN_WAIT = 500;

/** Lets the page handle input before what follows (`scheduler.yield` where there is one, a task otherwise). */
function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

/** Resolves in a task after the page's next frame is drawn (see above). */
export function afterFrame(): Promise<void> {
  if (document.hidden) return yieldToPage();
  return new Promise<void>((resolve) => {
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve();
    };
    // A timer set in an animation callback runs once that frame is painted.
    requestAnimationFrame(() => setTimeout(go));
    const timer = setTimeout(go, HIDDEN_WAIT);
  });
}
