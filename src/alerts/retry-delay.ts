/**
 * When to try a failed delivery again: exponential backoff, the first delay doubled at
 * each attempt up to a ceiling (30 s, 1 min, 2 min, … 6 h by default). No random
 * jitter: the outbox is per process and its retries are few, and a fixed schedule is
 * what a test and an operator can predict.
 */

/** The backoff policy. */
export interface RetryPolicy {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

/** Delay before the attempt after `attempts` failed ones (1 or more), ms. */
export function retryDelay(attempts: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, Math.min(attempts - 1, 40)));
}
