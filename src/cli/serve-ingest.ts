/**
 * What `nightlight serve` ingests and who hears of each bin, in the thread that owns the
 * store's writer connection (serve-worker.ts, or serve's own thread): the sources (the
 * archive collectors; live BGP sessions, RIS Live and probers plug in here) and the
 * BinListener called after each committed bin: the event tracker, which wakes the alert
 * delivery loop.
 */
import type { Store } from "../store/store.ts";
import { archiveIngest, planArchiveIngest, type ArchiveIngestSettings } from "../service/archive-ingest.ts";
import type { BinCommitted, BinListener } from "../service/bin-committed.ts";
import type { Clock } from "../service/clock.ts";
import { runIngest, type IngestSource } from "../service/run-ingest.ts";
import { liveIngest } from "../service/live-ingest.ts";
import type { LiveConfig } from "../live/live-config.ts";
import type { BgpEntityKind } from "../routing/bin-points.ts";
import type { SourceHealthRegistry } from "../service/source-health.ts";
import type { SignalsConfig } from "../detect/signals-config.ts";
import { configChannels } from "../service/alert-channels.ts";
import { AlertDispatcher } from "../service/alert-dispatcher.ts";
import { EventTracker } from "../service/event-tracker.ts";
import { loadMobileAsns } from "../service/load-mobile-asns.ts";
import type { NightlightConfig } from "./nightlight-config.ts";

/** Everything the ingest needs, as plain data (it crosses to the worker thread). */
export interface ServeIngestSettings {
  /** The archive ingest; undefined: none (e.g. `--read-only`). */
  readonly archive: ArchiveIngestSettings | undefined;
  /** The live BGP sessions (the config's `live` section, flags applied); undefined: none. */
  readonly live: { readonly config: LiveConfig; readonly kinds: ReadonlySet<BgpEntityKind> } | undefined;
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
  /**
   * Hands over the listener of bins another writer of the store committed (the API's
   * `POST /v1/ingest/bins`, from probers and inside probes), so the event tracker judges
   * them as it judges the ingest's own (issue 10: probing data must reach the events).
   */
  readonly elsewhere?: (listener: (bins: readonly BinCommitted[]) => void) => void;
}

/** The sources serve runs. One line per kind of source. */
export function serveSources(settings: ServeIngestSettings): IngestSource[] {
  const sources: IngestSource[] = [];
  if (settings.archive !== undefined) sources.push(archiveIngest(settings.archive));
  if (settings.live !== undefined) sources.push(liveIngest(settings.live.config, settings.live.kinds));
  return sources;
}

/**
 * The event tracker and the alert outbox's delivery loop, in the writer's thread: the
 * tracker first catches up from its cursor (what was ingested or imported while serve
 * was down), then re-judges what each committed bin touched; each run wakes the
 * delivery loop, which sends what the tracker queued (docs/events.md).
 */
function startEvents(context: ServeIngestContext, config: NightlightConfig): { listener: BinListener; stop: () => Promise<void> } {
  const alerts = config.alerts;
  const tracker = new EventTracker(context.store, {
    overrides: (config.signals ?? {}) as SignalsConfig, mobileAsns: loadMobileAsns(), now: () => context.clock.now(),
    ...(alerts === undefined ? {} : { alerts }),
    onRun: (r) => {
      if (r.transitions > 0) context.log(`events: ${r.source}: ${r.opened} new, ${r.transitions} transitions, ${r.alerts} alerts queued`);
    },
  });
  const channels = configChannels(alerts);
  const dispatcher = new AlertDispatcher(context.store, {
    channels, now: () => context.clock.now(), ...(alerts === undefined ? {} : { retry: alerts.retry }),
    onError: (error) => context.log(`alerts: ${error instanceof Error ? error.message : String(error)}`),
    onAttempt: (alert, outcome, error) => {
      if (outcome !== "sent") context.log(`alerts: ${alert.target}: ${outcome}${error === undefined ? "" : ` (${error})`}`);
    },
  });
  tracker.catchUp();
  dispatcher.start();
  return {
    listener: (bin) => {
      tracker.onBin(bin);
      dispatcher.wake();
    },
    stop: () => dispatcher.stop(),
  };
}

/** Runs serve's ingest, event tracking and alert delivery until `context.signal` aborts. */
export async function runServeIngest(settings: ServeIngestSettings, context: ServeIngestContext): Promise<void> {
  const events = startEvents(context, settings.config);
  // One at a time and in order, as the ingest's own bins are heard; one failing is logged.
  let heard: Promise<void> = Promise.resolve();
  context.elsewhere?.((bins) => {
    for (const bin of bins) {
      heard = heard.then(() => events.listener(bin)).catch((error: unknown) => {
        context.log(`events: bins from the ingest route: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
  });
  try {
    await runIngest(serveSources(settings), { ...context, listeners: [events.listener] });
  } finally {
    await events.stop();
  }
}

/** Refuses (UsageError) what the ingest would refuse, before anything is served: another method's bins in the window. */
export function checkServeIngest(store: Store, settings: ServeIngestSettings, now: number): void {
  if (settings.archive !== undefined && !settings.archive.replace) planArchiveIngest(store, settings.archive, now);
}
