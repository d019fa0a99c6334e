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

/** Counts are public from the results phase on, or from the start of voting when the city shows live counts. */
export function countsPublic(cycle: Pick<Cycle, 'phases' | 'liveCounts'>, now: Date): boolean {
  const t = now.getTime();
  if (t >= Date.parse(cycle.phases.results.start)) return true;
  return cycle.liveCounts && t >= Date.parse(cycle.phases.voting.start);
}

/** Why an action is refused outside its phase (403 `phase_closed`): its window, in the server's words and the mock's. */
export function phaseClosedMessage(action: string, cycle: Pick<Cycle, 'phases'>, phase: PhaseName): string {
  const w = cycle.phases[phase];
  return `${action} is possible from ${w.start} until ${w.end}`;
}

/** Whether a cycle's results are final, not live counts: from the start of its results phase on (the server's and the mock's rule). */
export function resultsFinal(cycle: Pick<Cycle, 'phases'>, now: Date): boolean {
  return now.getTime() >= Date.parse(cycle.phases.results.start);
}

/** Why the pabulib file is refused while the counts are public but not final (403 `phase_closed`), in the server's words and the mock's. */
export function pabulibClosedMessage(cycle: Pick<Cycle, 'phases'>): string {
  return `the pabulib file is published from ${cycle.phases.results.start}`;
}

/** Why results are refused before they are public (403 `phase_closed`, see `countsPublic`), in the server's words and the mock's. */
export function resultsClosedMessage(cycle: Pick<Cycle, 'phases'>): string {
  return `results are published from ${cycle.phases.results.start}`;
}
