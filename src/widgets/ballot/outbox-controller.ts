import type { ReactiveController, ReactiveControllerHost } from 'lit';
// Types only: the outbox itself comes in a module of its own (`outbox-part.ts`), which the ballot fetches.
import type { Outbox, OutboxOptions, OutboxSnapshot } from '../../client/outbox.js';

/** What the outbox needs from the ballot it sits in. */
export interface OutboxHost {
  /** The outbox's class, once its code has come. */
  code(): typeof Outbox | undefined;
  /** Fetches the outbox's code (again, after a failed fetch). */
  loadCode(): void;
  /** The outbox of the ballot's load now (its backend, city and cycle), or null when it is not in the voting phase. */
  options(): OutboxOptions | null;
  /** A new state of the outbox (a send begun, refused, received). */
  changed(snapshot: OutboxSnapshot): void;
  /** The outbox has read what this device keeps. */
  opened(outbox: Outbox): void;
  /** It could not read it. */
  failed(error: unknown): void;
}

/**
 * The ballot's outbox, one per load (city and cycle): made once its code is here and the widget is on the page,
 * it reads what this device keeps, and whatever needs it (the end of a verification, the review's "Send") waits
 * for that (`when`). Closed when the widget leaves the page, made again when it comes back. The ballot decides
 * which step each state of it shows.
 */
export class OutboxController implements ReactiveController {
  private outbox: Outbox | null = null;
  /** The outbox has read what this device keeps. */
  private opened = false;
  private unsubscribe?: () => void;
  /** What waits for this load's outbox to have read this device. */
  private waiters: ((outbox: Outbox | null) => void)[] = [];

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly hooks: OutboxHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Back on the page (moved by the host): the outbox closed on leaving opens again, and what waits for it goes on.
    this.start();
  }

  hostDisconnected(): void {
    this.close();
  }

  /** This load's outbox, opened or not (null before its code has come). */
  get current(): Outbox | null {
    return this.outbox;
  }

  /** This load's outbox once it has read this device, else null. */
  get ready(): Outbox | null {
    return this.opened ? this.outbox : null;
  }

  /** Something waits for the outbox. */
  get waiting(): boolean {
    return this.waiters.length > 0;
  }

  /**
   * This load's outbox, made once its code is here, while the widget is on the page in the voting phase; it reads
   * what this device keeps. Nothing when there is one already.
   */
  start(): void {
    const Outbox = this.hooks.code();
    const options = Outbox && !this.outbox && this.host.isConnected ? this.hooks.options() : null;
    if (!Outbox || !options) return;
    const outbox = new Outbox(options);
    this.outbox = outbox;
    this.opened = false;
    this.unsubscribe = outbox.subscribe((s) => this.hooks.changed(s));
    void this.open(outbox);
  }

  private async open(outbox: Outbox): Promise<void> {
    try {
      await outbox.open();
    } catch (error) {
      if (this.outbox === outbox) this.hooks.failed(error);
      return;
    }
    if (this.outbox !== outbox) return;
    this.opened = true;
    this.hooks.opened(outbox);
    for (const resolve of this.waiters.splice(0)) resolve(outbox);
  }

  /**
   * This load's outbox once it has read this device: now, or when it has (its code fetched now if it is not here,
   * again if an earlier fetch failed); null when a new load (another city or cycle) came first.
   */
  when(): Promise<Outbox | null> {
    if (this.ready) return Promise.resolve(this.ready);
    const waiting = new Promise<Outbox | null>((resolve) => this.waiters.push(resolve));
    if (this.hooks.code()) this.start();
    else this.hooks.loadCode();
    return waiting;
  }

  /** A new load (another city or cycle): the outbox closes, and what waited for it stops (the choices stay in the draft). */
  reset(): void {
    this.close();
    for (const resolve of this.waiters.splice(0)) resolve(null);
  }

  private close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.outbox?.close();
    this.outbox = null;
  }
}
