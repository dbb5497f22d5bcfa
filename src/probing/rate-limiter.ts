/**
 * A strict packets-per-second cap: sends are spaced at least 1/pps seconds apart, so
 * no second ever holds more than `pps` probes (no bursts, unlike a token bucket with a
 * large depth). The clock and the wait are injectable for tests.
 */

/** Options of a limiter. */
export interface RateLimiterOptions {
  /** Milliseconds now (default performance.now-based). */
  readonly now?: () => number;
  /** Resolves after `ms` milliseconds (default setTimeout). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Spaces sends at 1/pps. */
export class RateLimiter {
  readonly pps: number;
  readonly #interval: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #next = Number.NEGATIVE_INFINITY;

  constructor(pps: number, options: RateLimiterOptions = {}) {
    if (!(Number.isFinite(pps) && pps > 0)) throw new RangeError(`A rate of ${pps} packets per second is not a positive number`);
    this.pps = pps;
    this.#interval = 1000 / pps;
    this.#now = options.now ?? (() => performance.now());
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Resolves when the next packet may be sent, and books its slot. */
  async take(): Promise<void> {
    const now = this.#now();
    const at = Math.max(now, this.#next);
    this.#next = at + this.#interval;
    if (at > now) await this.#sleep(at - now);
  }
}
