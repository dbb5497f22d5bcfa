/**
 * What `nightlight serve` ingests and who hears of each bin, in the thread that owns the
 * store's writer connection (serve-worker.ts, or serve's own thread): the sources (the
 * archive collectors; live BGP sessions, RIS Live and probers plug in here) and the
 * BinListeners called after each committed bin (the event tracker plugs in here).
 */
import type { Store } from "../store/store.ts";
import { archiveIngest, planArchiveIngest, type ArchiveIngestSettings } from "../service/archive-ingest.ts";
import type { BinListener } from "../service/bin-committed.ts";
import type { Clock } from "../service/clock.ts";
import { runIngest, type IngestSource } from "../service/run-ingest.ts";
import type { SourceHealthRegistry } from "../service/source-health.ts";
import type { NightlightConfig } from "./nightlight-config.ts";

/** Everything the ingest needs, as plain data (it crosses to the worker thread). */
export interface ServeIngestSettings {
  /** The archive ingest; undefined: none (e.g. `--read-only`). */
  readonly archive: ArchiveIngestSettings | undefined;
  /** The config file as read, for the sections other sources and listeners take. */
  readonly config: NightlightConfig;
}

/** Where the ingest runs. */
export interface ServeIngestContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly health: SourceHealthRegistry;
  readonly log: (line: string) => void;
}

/** The sources serve runs. One line per kind of source. */
export function serveSources(settings: ServeIngestSettings): IngestSource[] {
  const sources: IngestSource[] = [];
  if (settings.archive !== undefined) sources.push(archiveIngest(settings.archive));
  // live: ...liveSources(settings.config.live),
  return sources;
}

/** The listeners called after each committed bin, in order. One line per listener. */
export function serveListeners(_context: ServeIngestContext & { readonly config: NightlightConfig }): BinListener[] {
  return [
    // events: eventTracker(context.store, context.config.alerts, context.log),
  ];
}

/** Runs serve's ingest until `context.signal` aborts. */
export async function runServeIngest(settings: ServeIngestSettings, context: ServeIngestContext): Promise<void> {
  const listeners = serveListeners({ ...context, config: settings.config });
  await runIngest(serveSources(settings), { ...context, listeners });
}

/** Refuses (UsageError) what the ingest would refuse, before anything is served: another method's bins in the window. */
export function checkServeIngest(store: Store, settings: ServeIngestSettings, now: number): void {
  if (settings.archive !== undefined && !settings.archive.replace) planArchiveIngest(store, settings.archive, now);
}
