/**
 * What the benches read from a Chromium trace (`--trace`): the page's main thread, phase by phase (between the
 * `performance.mark('bench:<phase>')` marks the page makes), in CPU time (`tdur`: the time the thread ran, not the
 * time it waited for a core), which other processes on a busy machine do not inflate as they do the long tasks'
 * wall-clock durations. Read it from an unthrottled run: a 4× phone runs the same instructions four times slower,
 * so a task of 12.5 ms CPU there is a 50 ms task on the phone. (Under Chromium's throttling the thread's CPU time
 * grows by more than the rate and varies with the load on this machine, so a throttled run's CPU figures are no
 * better than its wall-clock ones.)
 */

/** Trace categories: the main thread's tasks with their CPU time, what they spent it on, and the page's phase marks. */
export const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'blink.user_timing', 'v8.execute'];

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
}

export type Kind = 'script' | 'style' | 'layout' | 'paint' | 'other';

/** What main-thread work is called in the Performance panel (self time, by the event the time was spent in). */
function kind(name: string): Kind {
  if (name === 'UpdateLayoutTree' || name === 'RecalculateStyles' || name === 'ParseAuthorStyleSheet') return 'style';
  if (name === 'Layout' || name === 'HitTest') return 'layout';
  if (name === 'Paint' || name === 'PrePaint' || name === 'Layerize' || name === 'PaintImage' || name === 'UpdateLayer' || name === 'Commit' || name === 'CompositeLayers') return 'paint';
  if (
    name === 'FunctionCall' ||
    name === 'EvaluateScript' ||
    name === 'TimerFire' ||
    name === 'FireAnimationFrame' ||
    name === 'EventDispatch' ||
    name === 'RunMicrotasks' ||
    name === 'ResizeObserverDeliver' ||
    name === 'IntersectionObserverController::computeIntersections' ||
    name === 'ParseHTML' ||
    name.startsWith('v8.') ||
    name.startsWith('V8.')
  )
    return 'script';
  return 'other';
}

const isTask = (e: TraceEvent) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask';
const cpu = (e: TraceEvent) => (e.tdur ?? e.dur ?? 0) / 1000;

export interface Phase {
  /** Each task's CPU time (ms), in order. */
  tasks: number[];
  /** Self time by kind (ms): an event's CPU time less that of the events nested in it. */
  self: Record<Kind, number>;
  /** Self time by event name (ms). */
  byName: Map<string, number>;
  /** The longest task's self time by event name (ms): what filled it. */
  longestTask: Map<string, number>;
}

/**
 * The main thread's work per phase of one trace. A phase runs from the start of the task its mark was made in (the
 * script before the mark, in that task, is the phase's own) to the next mark.
 */
export function tracePhases(json: Buffer): Map<string, Phase> {
  const parsed = JSON.parse(json.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const marks = events.filter((e) => e.name.startsWith('bench:')).sort((a, b) => a.ts - b.ts);
  const out = new Map<string, Phase>();
  // The marks are made on the page's main thread.
  const main = marks[0];
  if (!main) return out;
  const mine = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  for (let m = 0; m + 1 < marks.length; m++) {
    const mark = marks[m]!;
    const from = mine.find((e) => isTask(e) && e.ts <= mark.ts && e.ts + e.dur! > mark.ts)?.ts ?? mark.ts;
    const inPhase = mine.filter((e) => e.ts >= from && e.ts < marks[m + 1]!.ts);
    const self: Record<Kind, number> = { script: 0, style: 0, layout: 0, paint: 0, other: 0 };
    const byName = new Map<string, number>();
    // Each outermost event's self time by name, and the longest of them so far.
    let longest = { cpu: -1, names: new Map<string, number>() };
    const stack: { end: number; kind: Kind; name: string; child: number; cpu: number; names: Map<string, number> }[] = [];
    const close = (until: number) => {
      while (stack.length && stack.at(-1)!.end <= until) {
        const top = stack.pop()!;
        const own = Math.max(0, top.cpu - top.child);
        self[top.kind] += own;
        byName.set(top.name, (byName.get(top.name) ?? 0) + own);
        top.names.set(top.name, (top.names.get(top.name) ?? 0) + own);
        if (!stack.length && top.cpu > longest.cpu) longest = { cpu: top.cpu, names: top.names };
      }
    };
    for (const e of inPhase) {
      close(e.ts);
      if (stack.length) stack.at(-1)!.child += cpu(e);
      stack.push({ end: e.ts + e.dur!, kind: isTask(e) ? 'other' : kind(e.name), name: e.name, child: 0, cpu: cpu(e), names: stack.at(-1)?.names ?? new Map() });
    }
    close(Infinity);
    out.set(mark.name.slice('bench:'.length), { tasks: inPhase.filter(isTask).map(cpu), self, byName, longestTask: longest.names });
  }
  return out;
}
