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

/** A trace's events and the page's phase marks (`bench:<phase>`), in time order. */
function readTrace<E extends TraceEvent>(json: Buffer): { events: E[]; marks: E[] } {
  const parsed = JSON.parse(json.toString('utf8')) as { traceEvents: E[] } | E[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  return { events, marks: events.filter((e) => e.name.startsWith('bench:')).sort((a, b) => a.ts - b.ts) };
}

/** The complete events (with a duration) of the thread `mark` was made on, in time order, outer before inner. */
function threadOf<E extends TraceEvent>(events: E[], mark: E): E[] {
  return events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
}

/**
 * Each event's self time (ms): its CPU time less that of the events nested in it, given to `each` with the
 * outermost event it is in (itself, if none), children before their parent.
 */
function selfTimes<E extends TraceEvent>(events: E[], each: (e: E, own: number, outermost: E) => void): void {
  const stack: { e: E; end: number; child: number }[] = [];
  const close = (until: number) => {
    while (stack.length && stack.at(-1)!.end <= until) {
      const top = stack.pop()!;
      each(top.e, Math.max(0, cpu(top.e) - top.child), stack[0]?.e ?? top.e);
    }
  };
  for (const e of events) {
    close(e.ts);
    if (stack.length) stack.at(-1)!.child += cpu(e);
    stack.push({ e, end: e.ts + e.dur!, child: 0 });
  }
  close(Infinity);
}

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
  const { events, marks } = readTrace(json);
  const out = new Map<string, Phase>();
  // The marks are made on the page's main thread.
  const main = marks[0];
  if (!main) return out;
  const mine = threadOf(events, main);
  for (let m = 0; m + 1 < marks.length; m++) {
    const mark = marks[m]!;
    const from = mine.find((e) => isTask(e) && e.ts <= mark.ts && e.ts + e.dur! > mark.ts)?.ts ?? mark.ts;
    const inPhase = mine.filter((e) => e.ts >= from && e.ts < marks[m + 1]!.ts);
    const self: Record<Kind, number> = { script: 0, style: 0, layout: 0, paint: 0, other: 0 };
    const byName = new Map<string, number>();
    // Each outermost event's self time by name, and the longest of them so far.
    const names = new Map<TraceEvent, Map<string, number>>();
    let longest = { cpu: -1, names: new Map<string, number>() };
    selfTimes(inPhase, (e, own, outermost) => {
      self[isTask(e) ? 'other' : kind(e.name)] += own;
      byName.set(e.name, (byName.get(e.name) ?? 0) + own);
      const its = names.get(outermost) ?? new Map<string, number>();
      names.set(outermost, its.set(e.name, (its.get(e.name) ?? 0) + own));
      if (e === outermost && cpu(e) > longest.cpu) longest = { cpu: cpu(e), names: its };
    });
    out.set(mark.name.slice('bench:'.length), { tasks: inPhase.filter(isTask).map(cpu), self, byName, longestTask: longest.names });
  }
  return out;
}

/**
 * With the main thread's samples too (`--trace-scroll`): the V8 sampling profiler's stacks, in the trace, to say
 * which functions filled a task. It slows the page it traces (see `longTasks`).
 */
export const SAMPLED_TRACE_CATEGORIES = [...TRACE_CATEGORIES, 'disabled-by-default-v8.cpu_profiler'];

/** Garbage collection, by the names V8 gives its pauses and their steps on the main thread. */
const isGC = (name: string) => /^(MinorGC|MajorGC|V8\.GC|BlinkGC)/.test(name);

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url?: string };
}

interface SampledEvent extends TraceEvent {
  id?: string;
  args?: { data?: { startTime?: number; timeDeltas?: number[]; cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] } } };
}

/** A task of a phase that took longer than asked (wall clock), and what filled it. */
export interface LongTask {
  /** When it began, in ms from the phase's start. */
  at: number;
  /** Wall-clock and CPU time (ms). */
  wall: number;
  cpu: number;
  /** Self CPU time by kind (ms), garbage collection apart from the script that caused it. */
  self: Record<Kind | 'gc', number>;
  /** The functions the profiler found running, by time (ms), most first. */
  functions: [string, number][];
}

/**
 * A sample's function, as a reader wants it: a function of the page by its name; a DOM method (getBoundingClientRect:
 * a forced layout), an anonymous function or one of Lit's (its production build is minified: names of one or two
 * letters, or `_$…`) with the nearest named function of the page that called it. V8's own entries ("(program)", the
 * browser's work outside script; "(garbage collector)"; "(idle)") as they are.
 */
function sampleName(nodes: Map<number, ProfileNode>, id: number): string {
  const own = nodes.get(id);
  if (!own) return '(unknown)';
  const { functionName, url } = own.callFrame;
  if (functionName.startsWith('(')) return functionName;
  const named = (n: ProfileNode) => !!n.callFrame.url && n.callFrame.functionName.length > 2 && !n.callFrame.functionName.startsWith('_$');
  if (named(own)) return functionName;
  const name = !url ? functionName : functionName ? 'Lit' : '(anonymous)';
  for (let up = own.parent === undefined ? undefined : nodes.get(own.parent); up; up = up.parent === undefined ? undefined : nodes.get(up.parent)) {
    if (named(up)) return `${name} in ${up.callFrame.functionName}`;
  }
  return name;
}

/**
 * The tasks of `phase` longer than `over` ms of wall clock, each with what filled it: self CPU time by kind and, from
 * the trace's samples (`SAMPLED_TRACE_CATEGORIES`), by function. Tracing, sampling most of all, makes each task
 * longer, more so under CPU throttling: a traced run has more long tasks than the same run untraced, and what it
 * shows is what fills them, not how many there are.
 */
export function longTasks(json: Buffer, phase: string, over: number): LongTask[] {
  const { events, marks } = readTrace<SampledEvent>(json);
  const at = marks.findIndex((m) => m.name === `bench:${phase}`);
  const mark = marks[at];
  const end = marks[at + 1]?.ts ?? Infinity;
  if (!mark) return [];
  const mine = threadOf(events, mark).filter((e) => e.ts >= mark.ts && e.ts < end);

  // The main thread's samples: each with its time and how long it stands for (until the next sample).
  const profiles = new Set(events.filter((e) => e.name === 'Profile' && e.pid === mark.pid && e.tid === mark.tid).map((e) => e.id));
  const nodes = new Map<number, ProfileNode>();
  const samples: { ts: number; node: number }[] = [];
  const clock = new Map<string | undefined, number>();
  for (const e of events) {
    if (e.name === 'Profile' && profiles.has(e.id)) clock.set(e.id, e.args?.data?.startTime ?? e.ts);
    if (e.name !== 'ProfileChunk' || e.pid !== mark.pid || !profiles.has(e.id)) continue;
    const data = e.args?.data;
    for (const node of data?.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
    let t = clock.get(e.id) ?? 0;
    const deltas = data?.timeDeltas ?? [];
    (data?.cpuProfile?.samples ?? []).forEach((node, i) => {
      t += deltas[i] ?? 0;
      samples.push({ ts: t, node });
    });
    clock.set(e.id, t);
  }
  samples.sort((a, b) => a.ts - b.ts);

  const out: LongTask[] = [];
  let first = 0;
  let sample = 0;
  for (const task of mine) {
    if (!isTask(task) || task.dur! / 1000 <= over) continue;
    const taskEnd = task.ts + task.dur!;
    while (first < mine.length && mine[first]!.ts < task.ts) first++;
    const self: Record<Kind | 'gc', number> = { script: 0, gc: 0, style: 0, layout: 0, paint: 0, other: 0 };
    let last = first;
    while (last < mine.length && mine[last]!.ts < taskEnd) last++;
    selfTimes(mine.slice(first, last), (e, own) => {
      self[isTask(e) ? 'other' : isGC(e.name) ? 'gc' : kind(e.name)] += own;
    });
    const functions = new Map<string, number>();
    while (sample < samples.length && samples[sample]!.ts < task.ts) sample++;
    for (let i = sample; i < samples.length && samples[i]!.ts < taskEnd; i++) {
      const ms = (Math.min(samples[i + 1]?.ts ?? taskEnd, taskEnd) - samples[i]!.ts) / 1000;
      const name = sampleName(nodes, samples[i]!.node);
      functions.set(name, (functions.get(name) ?? 0) + ms);
    }
    out.push({ at: (task.ts - mark.ts) / 1000, wall: task.dur! / 1000, cpu: cpu(task), self, functions: [...functions].sort((a, b) => b[1] - a[1]) });
  }
  return out;
}
