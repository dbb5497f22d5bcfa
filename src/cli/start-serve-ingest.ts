/**
 * Starts serve's ingest in a worker thread (the default: the RIB load, the updates and
 * each bin's visibility are CPU-heavy and would hold the API's requests back; see
 * docs/serve.md, "One process, two threads") or, for comparison, in the serve thread
 * itself. Either way the caller gets the health registry to show and a way to stop.
 */
import { Worker } from "node:worker_threads";
import { UsageError } from "../model/errors.ts";
import { shiftedClock, SYSTEM_CLOCK, type Clock } from "../service/clock.ts";
import { SourceHealthRegistry, type SourceHealth } from "../service/source-health.ts";
import type { BinCommitted } from "../service/bin-committed.ts";
import type { Store } from "../store/store.ts";
import { checkServeIngest, runServeIngest, type ServeIngestSettings } from "./serve-ingest.ts";

/** A past moment served as if it were now, at some speed (NIGHTLIGHT_CLOCK). */
export interface ClockSpec {
  readonly start: number;
  readonly speed: number;
}

/** What the worker is started with. */
export interface IngestWorkerData {
  readonly db: string;
  readonly settings: ServeIngestSettings;
  readonly clock: ClockSpec | null;
}

/** What the worker tells the serve thread. */
export type IngestMessage =
  | { readonly type: "ready" }
  | { readonly type: "failed"; readonly usage: boolean; readonly message: string }
  | { readonly type: "health"; readonly entries: readonly SourceHealth[] }
  | { readonly type: "log"; readonly line: string }
  | { readonly type: "done" };

/** A running ingest. */
export interface IngestHandle {
  /** The sources' health (a mirror of the worker's registry). */
  readonly health: SourceHealthRegistry;
  /** Resolves when the ingest has ended (after stop(), or a fixed window done); rejects if it failed. */
  readonly done: Promise<void>;
  /** Ends the ingest and waits for it (at most `graceMs`, then the worker is terminated). */
  stop(graceMs?: number): Promise<void>;
  /** Tells the ingest's event tracker of bins another connection committed (the API's ingest route). */
  committed(bins: readonly BinCommitted[]): void;
}

/** What the serve thread tells the worker. */
export type IngestCommand =
  | { readonly type: "stop" }
  | { readonly type: "committed"; readonly bins: readonly BinCommitted[] };

/** How and where to start. */
export interface StartOptions {
  readonly db: string;
  readonly clock: ClockSpec | null;
  /** `worker` (default) or `main`: this thread, writing through `store`. */
  readonly thread: "worker" | "main";
  /** The writable store, for `thread: "main"`. */
  readonly store?: Store;
  readonly log: (line: string) => void;
}

/** The clock of a spec. */
export function clockOf(spec: ClockSpec | null): Clock {
  return spec === null ? SYSTEM_CLOCK : shiftedClock(spec.start, spec.speed);
}

/** Starts the ingest; resolves once it runs (the store is open and checked), rejects with a UsageError for a setting that cannot work. */
export async function startServeIngest(settings: ServeIngestSettings, options: StartOptions): Promise<IngestHandle> {
  return options.thread === "main" ? inThisThread(settings, options) : inWorker(settings, options);
}

function inThisThread(settings: ServeIngestSettings, options: StartOptions): IngestHandle {
  const store = options.store;
  if (store === undefined) throw new TypeError("startServeIngest: thread main needs the writable store");
  const clock = clockOf(options.clock);
  checkServeIngest(store, settings, clock.now());
  const health = new SourceHealthRegistry(clock);
  const stop = new AbortController();
  let tell: ((bins: readonly BinCommitted[]) => void) | undefined;
  const done = runServeIngest(settings, { store, clock, signal: stop.signal, health, log: options.log, elsewhere: (listener) => (tell = listener) });
  return {
    health, done,
    committed: (bins) => tell?.(bins),
    async stop() {
      stop.abort();
      await done.catch(() => {});
    },
  };
}

async function inWorker(settings: ServeIngestSettings, options: StartOptions): Promise<IngestHandle> {
  const data: IngestWorkerData = { db: options.db, settings, clock: options.clock };
  const worker = new Worker(new URL("./serve-worker.js", import.meta.url), { workerData: data });
  const health = new SourceHealthRegistry(clockOf(options.clock));
  let ready: (() => void) | undefined;
  let refuse: ((error: Error) => void) | undefined;
  const started = new Promise<void>((resolve, reject) => {
    ready = resolve;
    refuse = reject;
  });
  let finished: (() => void) | undefined;
  let failedWith: Error | undefined;
  const done = new Promise<void>((resolve, reject) => {
    finished = () => (failedWith === undefined ? resolve() : reject(failedWith));
  });
  done.catch(() => {}); // heard by whoever awaits it
  worker.on("message", (message: IngestMessage) => {
    if (message.type === "ready") ready?.();
    else if (message.type === "health") health.replace(message.entries);
    else if (message.type === "log") options.log(message.line);
    else if (message.type === "failed") {
      failedWith = message.usage ? new UsageError(message.message) : new Error(message.message);
      refuse?.(failedWith);
    } else if (message.type === "done") finished?.();
  });
  worker.on("error", (error) => {
    failedWith = error;
    refuse?.(error);
    finished?.();
  });
  worker.on("exit", () => {
    refuse?.(failedWith ?? new Error("the ingest thread ended before it started"));
    finished?.();
  });
  await started;
  let stopping: Promise<void> | undefined;
  const command = (message: IngestCommand): void => worker.postMessage(message);
  return {
    health, done,
    committed: (bins) => command({ type: "committed", bins }),
    stop(graceMs = 5000) {
      stopping ??= stopWorker(graceMs);
      return stopping;
    },
  };

  async function stopWorker(graceMs: number): Promise<void> {
    command({ type: "stop" });
    const timeout = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), graceMs).unref());
    const how = await Promise.race([done.then(() => "done" as const, () => "done" as const), timeout]);
    // A download in flight keeps the thread alive after the store is closed; ending it loses nothing.
    await worker.terminate();
    if (how === "late") options.log("the ingest thread did not stop in time and was ended");
  }
}
