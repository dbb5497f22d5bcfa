/**
 * One stored series over a window, with where its figures came from: the source
 * (ingest and method digest), how that source computes the signal, and each bin's
 * record. Read by the one reader (`readEntitySeries`, own entity, no history), so the
 * API serves the bins `nightlight signals` prints.
 */
import type { BinsProvenance, SignalMethod } from "../model/provenance.ts";
import type { EntityId, SignalName, SignalSeries } from "../model/signal.ts";
import type { BinRecord, SignalSummary, Store } from "../store/store.ts";
import { readEntitySeries } from "./read-entity-series.ts";

/** What to read; times ms UTC, `until` exclusive. */
export interface SeriesWindowRequest {
  readonly entity: EntityId;
  readonly signal: SignalName;
  readonly from: number;
  readonly until: number;
  /** Bin length; default the native step. A whole multiple of it (else UsageError). */
  readonly stepMs?: number | undefined;
  /** The source to read (its name); default the store's preferred one. */
  readonly source?: string | undefined;
  /** Also read each bin's record (observatory sources only). Default false. */
  readonly bins?: boolean;
  /** Also sum up the bins' provenance (observatory sources only). Default false. */
  readonly provenance?: boolean;
}

/** A series as read, with its provenance. */
export interface SeriesWindow {
  /** Bins on the series' own grid, from the first grid time at or after `from` to past `until`. */
  readonly series: SignalSeries;
  readonly summary: SignalSummary;
  readonly nativeStepMs: number;
  /** How this series' source computes the signal. */
  readonly methods: readonly SignalMethod[];
  /** Per-bin records in the window, when asked for (empty for imports, which have none). */
  readonly bins: readonly BinRecord[];
  /** The window's bins summed up, when asked for; undefined for imports (no bins) or when not asked. */
  readonly provenance: BinsProvenance | undefined;
}

/** The series of `request.signal` of `request.entity`, or undefined when the store holds none. */
export function readSeriesWindow(store: Store, request: SeriesWindowRequest): SeriesWindow | undefined {
  const { entity, signal, from, until } = request;
  const [read] = readEntitySeries(store, { entity, from, until, signals: [signal], scope: "own", history: false, stepMs: request.stepMs, source: request.source });
  if (read === undefined) return undefined;
  const { source } = read.summary;
  const methods = store.getMethods(signal).filter((m) => m.source === source.name && m.digest === source.digest);
  const end = read.series.start + read.series.values.length * read.series.stepMs;
  const observatory = source.kind === "observatory";
  const bins = request.bins === true && observatory ? store.getBins(source.id, read.series.start, end) : [];
  const provenance = request.provenance === true && observatory ? store.binsProvenance(source.id, read.series.start, end) : undefined;
  return { series: read.series, summary: read.summary, nativeStepMs: read.nativeStepMs, methods, bins, provenance };
}
