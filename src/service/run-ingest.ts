/**
 * The ingest loop of `nightlight serve`: runs every source (the archive collectors, and
 * whatever else plugs in: live BGP sessions, RIS Live, probers), restarts one that fails
 * after a back-off (resuming from the store), and after each bin any source commits,
 * calls the registered BinListeners in order (the event tracker is one). A listener
 * that throws or rejects is logged; it never stops the ingest. Everything runs in the
 * thread that owns the store's writer connection.
 */
import { UsageError } from "../model/errors.ts";
import type { Store } from "../store/store.ts";
import type { BinCommitted, BinListener } from "./bin-committed.ts";
import type { Clock } from "./clock.ts";
import type { SourceHealthRegistry } from "./source-health.ts";

/** What a source is given to run with. */
export interface IngestContext {
  /** The store, opened for writing (the one writer). */
  readonly store: Store;
  readonly clock: Clock;
  /** Aborted when serve stops: every wait ends, `run` resolves or rejects soon after. */
  readonly signal: AbortSignal;
  /** Where the source reports its health (`health.source(id, kind, feeds)`). */
  readonly health: SourceHealthRegistry;
  /** Call after each committed bin; resolves when every listener has had it (await it: listeners run in commit order). */
  readonly committed: (bin: BinCommitted) => Promise<void>;
  /** One line for the log (the terminal, or serve's stderr). */
  readonly log: (line: string) => void;
}

/** Something serve runs that writes bins. */
export interface IngestSource {
  /** For messages, e.g. `archive bgp:rrc00+route-views2`. */
  readonly name: string;
  /**
   * Runs until `context.signal` aborts (or, for a fixed window, until done). A rejection
   * other than the abort is logged and the source is run again after a back-off; a
   * UsageError (a setting that cannot work) stops it for good.
   */
  run(context: IngestContext): Promise<void>;
}

/** What runIngest() needs beyond the sources. */
export interface RunIngestOptions extends Omit<IngestContext, "committed"> {
  readonly listeners: readonly BinListener[];
  /** First wait before a failed source runs again; doubles up to 10 minutes. Default 30 s. */
  readonly restartMs?: number;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Calls each listener with `bin`, in order; a failure is logged and the next one still runs. */
export async function notifyListeners(listeners: readonly BinListener[], bin: BinCommitted, log: (line: string) => void): Promise<void> {
  for (const [i, listener] of listeners.entries()) {
    try {
      await listener(bin);
    } catch (error: unknown) {
      log(`bin listener ${listener.name === "" ? i + 1 : listener.name} failed on ${bin.source.name} ${new Date(bin.time).toISOString()}: ${describe(error)}`);
    }
  }
}

/** Runs `sources` side by side until `options.signal` aborts and each has ended. */
export async function runIngest(sources: readonly IngestSource[], options: RunIngestOptions): Promise<void> {
  let queue: Promise<void> = Promise.resolve();
  const committed = (bin: BinCommitted): Promise<void> => {
    queue = queue.then(() => notifyListeners(options.listeners, bin, options.log));
    return queue;
  };
  const context: IngestContext = { ...options, committed };
  await Promise.all(sources.map((source) => supervise(source, context, options.restartMs ?? 30_000)));
}

/** Runs one source, again after each failure, until it finishes or the ingest stops. */
async function supervise(source: IngestSource, context: IngestContext, restartMs: number): Promise<void> {
  const { signal, clock, log } = context;
  for (let failures = 0; !signal.aborted; failures++) {
    try {
      await source.run(context);
      return;
    } catch (error: unknown) {
      if (signal.aborted) return;
      if (error instanceof UsageError) {
        log(`${source.name}: stopped: ${error.message}`);
        return;
      }
      const wait = Math.min(600_000, restartMs * 2 ** failures);
      log(`${source.name}: failed: ${describe(error)}; starting again in ${Math.round(wait / 1000)} s from what the store holds`);
      await clock.sleep(wait, signal);
    }
  }
}
