/**
 * Time as the service sees it: what time it is, and waiting. Injected everywhere the
 * ingest waits (for a file to be published, before a retry), so that tests move time by
 * hand and nothing waits for real minutes.
 */

/** Now and sleeping; `sleep` resolves early (without error) when `signal` aborts. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The machine's clock. */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted === true) {
        resolve();
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener("abort", done, { once: true });
    }),
};

/**
 * A clock that starts at `start` and runs `speed` times as fast as the machine's: a
 * past day served as if it were now (demos, and the child-process tests of serve, which
 * cannot be handed a clock object). `NIGHTLIGHT_CLOCK=2002-07-23T00:20Z@60` in serve.
 */
export function shiftedClock(start: number, speed = 1, base: Clock = SYSTEM_CLOCK): Clock {
  const t0 = base.now();
  return {
    now: () => start + (base.now() - t0) * speed,
    sleep: (ms, signal) => base.sleep(ms / speed, signal),
  };
}

/** Sleeps on `clock` until it reads `time` or later; rejects with the abort reason once `signal` aborts. */
export async function sleepUntil(clock: Clock, time: number, signal: AbortSignal): Promise<void> {
  while (clock.now() < time) {
    signal.throwIfAborted();
    await clock.sleep(time - clock.now(), signal);
  }
  signal.throwIfAborted();
}
