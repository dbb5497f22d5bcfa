/**
 * A clock that moves only when a test says so: `advance(to)` sets the time and wakes
 * every sleeper due by then. With `waitFor()`, a test steps the ingest through hours of
 * archive publication in a second, deterministically (no real waiting of minutes).
 */
import type { Clock } from "../src/service/clock.ts";

/** A hand-driven clock. */
export class ManualClock implements Clock {
  #now: number;
  readonly #sleepers: { until: number; wake: () => void }[] = [];

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted === true) {
        resolve();
        return;
      }
      const sleeper = { until: this.#now + Math.max(0, ms), wake: () => {} };
      const done = (): void => {
        const i = this.#sleepers.indexOf(sleeper);
        if (i >= 0) this.#sleepers.splice(i, 1);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      sleeper.wake = done;
      signal?.addEventListener("abort", done, { once: true });
      this.#sleepers.push(sleeper);
    });
  }

  /** Sets the time to `to` (never back) and wakes the sleepers due by then. */
  advance(to: number): void {
    this.#now = Math.max(this.#now, to);
    for (const s of [...this.#sleepers]) if (s.until <= this.#now) s.wake();
  }

  /** Sleepers waiting, for tests that check the ingest is idle. */
  get sleepers(): number {
    return this.#sleepers.length;
  }
}

/** Resolves once `condition()` holds, checking every 20 ms of real time; rejects after `ms` with `what`. */
export async function waitFor(condition: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
