/**
 * Calls `task` again and again: every `interval` ms while it succeeds, backing
 * off (×`factor`, up to `maxInterval`) while it fails, and waiting while the
 * page is hidden. Used by live results during voting.
 */
export interface PollOptions {
  interval: number;
  maxInterval?: number;
  factor?: number;
  /** Skip rounds while `document.hidden` (default true). */
  pauseWhenHidden?: boolean;
}

export class Poller {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private wait: number;
  private readonly onVisible = () => {
    if (this.running && typeof document !== 'undefined' && !document.hidden) this.schedule(0);
  };

  constructor(
    private readonly task: () => Promise<unknown>,
    private readonly options: PollOptions,
  ) {
    this.wait = options.interval;
  }

  /** The wait before the next round (grows after failures). */
  get nextWait(): number {
    return this.wait;
  }

  get active(): boolean {
    return this.running;
  }

  /** Starts polling; the first round runs after one interval (the caller has just loaded). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.wait = this.options.interval;
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisible);
    this.schedule(this.wait);
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisible);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.round(), ms);
  }

  private async round(): Promise<void> {
    if (!this.running) return;
    if (this.options.pauseWhenHidden !== false && typeof document !== 'undefined' && document.hidden) return; // resumes on visibilitychange
    try {
      await this.task();
      this.wait = this.options.interval;
    } catch {
      this.wait = Math.min(this.options.maxInterval ?? this.options.interval * 16, this.wait * (this.options.factor ?? 2));
    }
    if (this.running) this.schedule(this.wait);
  }
}
