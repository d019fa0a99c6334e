import { PHASES, type CurrentPhase, type Cycle, type PhaseName } from '../contract/index.js';

/** Which phase a cycle is in at `now`. Windows are half-open: [start, end). */
export function phaseAt(cycle: Pick<Cycle, 'phases'>, now: Date): CurrentPhase {
  const t = now.getTime();
  if (t < Date.parse(cycle.phases.submission.start)) return 'upcoming';
  for (const name of PHASES) {
    const w = cycle.phases[name];
    if (t >= Date.parse(w.start) && t < Date.parse(w.end)) return name;
  }
  if (t >= Date.parse(cycle.phases.implementation.end)) return 'closed';
  return 'between';
}


/** `before` the window, `open`, or `after` it. */
export function windowState(cycle: Pick<Cycle, 'phases'>, phase: PhaseName, now: Date): 'before' | 'open' | 'after' {
  const w = cycle.phases[phase];
  const t = now.getTime();
  if (t < Date.parse(w.start)) return 'before';
  return t < Date.parse(w.end) ? 'open' : 'after';
}
