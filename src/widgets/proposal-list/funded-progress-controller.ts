import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Backend } from '../../client/backend.js';
import type { ProjectProgress, Proposal } from '../../contract/index.js';
import { isFunded } from './query.js';

/** The funded cards' progress line and its data, fetched only when a funded card is shown. */
export type ProgressLine = typeof import('./progress-line.js');
let progressLine: Promise<ProgressLine> | undefined;

/** The funded projects' progress (of the list's cycle) and the module that draws it. */
export interface FundedProgress {
  items: Map<string, ProjectProgress>;
  line: ProgressLine;
}

/** What the progress needs from the list. */
export interface ProgressHost {
  backend(): Backend | null;
  /** The cycle of the list's config, if loaded. */
  cycle(): string | undefined;
  items(): Proposal[];
}

/**
 * The progress of the cycle's funded projects, asked once per cycle and only
 * when a funded card is shown. When it fails (offline, an older server) the
 * cards keep their status alone; it is asked again with the next page of
 * proposals or when the browser is back online.
 */
export class FundedProgressController implements ReactiveController {
  /** Null until fetched (and after the config changed). */
  value: FundedProgress | null = null;
  /** The cycle whose progress was asked for ('' = not yet, or asked again after a failure). */
  private asked = '';
  private readonly onOnline = () => void this.load();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly hooks: ProgressHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('online', this.onOnline);
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.onOnline);
  }

  /** A new config: its cycle's progress is asked for anew. */
  reset(): void {
    this.set(null);
    this.asked = '';
  }

  async load(): Promise<void> {
    const backend = this.hooks.backend();
    const cycle = this.hooks.cycle();
    if (!backend || !cycle || this.asked === cycle || !this.hooks.items().some((p) => isFunded(p.status))) return;
    this.asked = cycle;
    try {
      const line = await (progressLine ??= import('./progress-line.js'));
      const items = await line.loadProgress(backend, cycle);
      if (this.asked === cycle && this.hooks.backend() === backend && items) this.set({ items, line });
    } catch {
      progressLine = undefined;
      if (this.asked === cycle) this.asked = '';
    }
  }

  private set(value: FundedProgress | null): void {
    if (value === this.value) return;
    this.value = value;
    this.host.requestUpdate();
  }
}
