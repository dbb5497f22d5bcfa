/**
 * The one place that decides what a bad record does: stop the read (the default, so
 * damage is never silent) or skip it, count it, and go on.
 */
import type { MrtSyntaxError } from "../model/errors.ts";

/** `stop`: the first bad record ends the read with its error. `skip`: count and go on. */
export type OnError = "stop" | "skip";

/** What a skipping read left out. */
export interface SkipReport {
  /** Records skipped because their body could not be decoded. */
  readonly records: number;
  /** Bytes passed over while resynchronising after a broken frame. */
  readonly bytes: number;
  /** The first errors, for the user to look at (at most 20 kept). */
  readonly errors: readonly MrtSyntaxError[];
}

const KEEP = 20;

/** Applies the policy and keeps the counts. */
export class ErrorPolicy {
  readonly mode: OnError;
  readonly #onSkip: ((error: MrtSyntaxError) => void) | undefined;
  #records = 0;
  #bytes = 0;
  readonly #errors: MrtSyntaxError[] = [];

  constructor(mode: OnError = "stop", onSkip?: (error: MrtSyntaxError) => void) {
    this.mode = mode;
    this.#onSkip = onSkip;
  }

  /** Throws `error` under `stop`; under `skip` counts it (and `bytes` passed over). */
  handle(error: MrtSyntaxError, bytes = 0): void {
    if (this.mode === "stop") throw error;
    this.#records += 1;
    this.#bytes += bytes;
    if (this.#errors.length < KEEP) this.#errors.push(error);
    this.#onSkip?.(error);
  }

  /** Counts so far. */
  get report(): SkipReport {
    return { records: this.#records, bytes: this.#bytes, errors: this.#errors };
  }
}
