/**
 * The outbox's delivery loop in a long-running process (`serve`): a round of
 * `deliverAlerts`, then a wait until the next alert is due (at most `pollMs`), or until
 * `wake()` (the tracker queued alerts). One round at a time; `stop()` waits for the
 * round under way. A failing round is reported and the loop goes on.
 */
import type { Store } from "../store/store.ts";
import { deliverAlerts, type DeliverOptions, type DeliverResult } from "./deliver-alerts.ts";

/** Options of the loop. */
export interface DispatcherOptions extends DeliverOptions {
  /** Longest wait between rounds, ms. Default 30 s. */
  readonly pollMs?: number;
  readonly onError?: (error: unknown) => void;
  readonly onRound?: (result: DeliverResult) => void;
}

/** Delivers alerts until stopped. */
export class AlertDispatcher {
  readonly #store: Store;
  readonly #options: DispatcherOptions;
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> | undefined;
  #stopped = true;

  constructor(store: Store, options: DispatcherOptions) {
    this.#store = store;
    this.#options = options;
  }

  /** Starts the loop with a round now. */
  start(): void {
    this.#stopped = false;
    this.wake();
  }

  /** Runs a round soon (after the one under way). */
  wake(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#run(), 0);
  }

  /** Stops the loop; resolves when no round is under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#round;
  }

  #run(): void {
    if (this.#round !== undefined) {
      void this.#round.then(() => this.wake());
      return;
    }
    this.#round = deliverAlerts(this.#store, this.#options)
      .then((result) => this.#options.onRound?.(result))
      .catch((error: unknown) => this.#options.onError?.(error))
      .finally(() => {
        this.#round = undefined;
        this.#schedule();
      });
  }

  #schedule(): void {
    if (this.#stopped) return;
    const now = (this.#options.now ?? Date.now)();
    const poll = this.#options.pollMs ?? 30_000;
    const due = this.#store.events.nextDue();
    const wait = due === undefined ? poll : Math.max(0, Math.min(poll, due - now));
    this.#timer = setTimeout(() => this.#run(), wait);
  }
}
