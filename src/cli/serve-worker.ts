/**
 * The thread `nightlight serve` ingests in: it owns the store's writer connection, runs
 * the sources and the bin listeners (serve-ingest.ts), and tells the main thread, which
 * serves the API from a reader connection (SQLite WAL), of health changes and log lines.
 * Started by start-serve-ingest.ts; its messages are IngestMessage.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { UsageError } from "../model/errors.ts";
import { shiftedClock, SYSTEM_CLOCK } from "../service/clock.ts";
import { SourceHealthRegistry } from "../service/source-health.ts";
import { openStore } from "../store/open-store.ts";
import type { Store } from "../store/store.ts";
import { checkServeIngest, runServeIngest } from "./serve-ingest.ts";
import type { BinCommitted } from "../service/bin-committed.ts";
import type { IngestCommand, IngestMessage, IngestWorkerData } from "./start-serve-ingest.ts";

const port: MessagePort = ((): MessagePort => {
  if (parentPort === null) throw new Error("serve-worker.ts runs as a worker thread of nightlight serve");
  return parentPort;
})();
const post = (message: IngestMessage): void => port.postMessage(message);
const data = workerData as IngestWorkerData;
const clock = data.clock === null ? SYSTEM_CLOCK : shiftedClock(data.clock.start, data.clock.speed);

async function main(): Promise<void> {
  let store: Store;
  try {
    store = openStore(data.db);
    checkServeIngest(store, data.settings, clock.now());
  } catch (error: unknown) {
    post({ type: "failed", usage: error instanceof UsageError, message: error instanceof Error ? error.message : String(error) });
    return;
  }
  const health = new SourceHealthRegistry(clock);
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    post({ type: "health", entries: health.list() });
  };
  // At most ten snapshots a second: a backfill changes every entry at every bin.
  health.onChange(() => {
    timer ??= setTimeout(flush, 100);
  });
  const stop = new AbortController();
  let tell: ((bins: readonly BinCommitted[]) => void) | undefined;
  port.on("message", (message: IngestCommand) => {
    if (message.type === "stop") stop.abort();
    else if (message.type === "committed") tell?.(message.bins);
  });
  post({ type: "ready" });
  try {
    await runServeIngest(data.settings, {
      store, clock, signal: stop.signal, health, log: (line) => post({ type: "log", line }), elsewhere: (listener) => (tell = listener),
    });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    flush();
    store.close();
    post({ type: "done" });
  }
}

void main().catch((error: unknown) => post({ type: "failed", usage: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
