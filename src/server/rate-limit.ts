import type { Clock } from './time.js';

/**
 * Fixed-window counters in memory, keyed by whatever identifies the actor best
 * (a phone's keyed hash, a voter's hash, a challenge) and by client address only
 * as a coarse outer bound: 200 residents behind one library's NAT must all be
 * able to vote. Used by the SQLite store, which owns its file alone (one
 * process, enforced by a lock); the PostgreSQL store counts in the database.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private sweeps = 0;

  constructor(private readonly clock: Clock) {}

  /** Counts one hit; returns 0 when allowed, else the seconds until the window resets. */
  hit(key: string, limit: number, windowMs: number): number {
    const now = this.clock().getTime();
    if (++this.sweeps % 10_000 === 0) this.sweep(now);
    let w = this.windows.get(key);
    if (!w || now - w.start >= windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= limit) return Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
    w.count++;
    return 0;
  }

  /** How many hits a key has in its current window (for "too many codes" before sending). */
  count(key: string, windowMs: number): number {
    const w = this.windows.get(key);
    if (!w || this.clock().getTime() - w.start >= windowMs) return 0;
    return w.count;
  }

  private sweep(now: number) {
    for (const [key, w] of this.windows) if (now - w.start > 24 * 3600_000) this.windows.delete(key);
  }
}
