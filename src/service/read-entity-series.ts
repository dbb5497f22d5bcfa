/**
 * The one way to read an entity's series from the store, for `detect`, `report`,
 * `signals` and the API: the related series (the entity, what lies within it, its
 * country), each at its native step on its own grid (Monash's hours fall at :30 UTC),
 * with the history its baseline needs under the caller's --config. A requested step
 * finer than the native one is refused, never turned into mostly empty bins; a coarser
 * one averages the native bins that have data.
 */
import { lookBackMs } from "../detect/look-back.ts";
import { duration } from "../detect/format-numbers.ts";
import { signalConfig } from "../detect/signal-config.ts";
import type { SignalConfig } from "../model/baseline.ts";
import { UsageError } from "../model/errors.ts";
import type { EntityId, SignalName, SignalSeries } from "../model/signal.ts";
import type { SignalSummary, Store } from "../store/store.ts";
import { nativeStepOf } from "./native-step-of.ts";
import { relatedSignals } from "./related-signals.ts";
import { resampleSeries } from "./resample-series.ts";

const DAY = 86_400_000;

/**
 * Least history read before the window, whatever the settings: an event that began up
 * to four weeks before the window is then seen from its start, with the baseline from
 * before it. A 24-hour BGP look-back alone would start inside a week-long cut and take
 * the cut for the ordinary level. Four weeks is also the longest default look-back
 * (same time of week over 4 weeks).
 */
export const MIN_HISTORY_MS = 28 * DAY;

/** What to read. Times are ms UTC; `until` is exclusive. */
export interface EntitySeriesRequest {
  readonly entity: EntityId;
  readonly from: number;
  readonly until: number;
  /** Only these signals; default every stored one. */
  readonly signals?: readonly SignalName[] | undefined;
  /** Per-signal overrides of the detection settings (--config): they set the look-back. */
  readonly overrides?: Readonly<Record<SignalName, Partial<SignalConfig>>>;
  /** Bin length wanted; default each series' native step. Must be a whole multiple of it. */
  readonly stepMs?: number | undefined;
  /** `related` (default): also what lies within the entity and its country; `own`: the entity only. */
  readonly scope?: "related" | "own";
  /** Read the history before `from` that baselines need (default true); false: the window only. */
  readonly history?: boolean;
  /** Least history read, ms; default `MIN_HISTORY_MS`. */
  readonly minHistoryMs?: number;
  /** Only series of this source (its name); default the store's preferred source of each. */
  readonly source?: string | undefined;
}

/** One series as read, with how it was read. */
export interface SeriesRead {
  /** From the start of the history (or of the window) to the end of the window's last bin. */
  readonly series: SignalSeries;
  readonly summary: SignalSummary;
  /** The step the series was stored at (`nativeStepOf`). */
  readonly nativeStepMs: number;
  /** History wanted before `from`: the signal's look-back under the request's settings, at least `minHistoryMs` (0 with `history: false`). */
  readonly lookBackMs: number;
  /** History actually read before `from`, ms: less when the series starts later. */
  readonly historyMs: number;
}

/** The bin length of `summary`'s series for this request; UsageError when finer than native. */
function stepFor(summary: SignalSummary, native: number, requested: number | undefined): number {
  if (requested === undefined || requested === native) return native;
  const what = `${summary.entity} ${summary.signal}`;
  if (requested < native) {
    throw new UsageError(
      `--step ${duration(requested)} is finer than the ${duration(native)} step ${what} is stored at; ` +
        `finer bins would only add empty ones (${Math.round(native / requested) - 1} in every ${Math.round(native / requested)}), so use ${duration(native)} or a multiple of it`,
    );
  }
  if (requested % native !== 0) {
    throw new UsageError(`--step ${duration(requested)} is not a whole multiple of the ${duration(native)} step ${what} is stored at; use a multiple such as ${duration(native * Math.ceil(requested / native))}`);
  }
  return requested;
}

/**
 * One series per (entity, signal): the store's default source, the observatory's own
 * first, then the newest (a replay's bgp over an imported bgp column of the same
 * entity). The others stay readable by naming their source.
 */
export function preferredSources(summaries: readonly SignalSummary[]): SignalSummary[] {
  const best = new Map<string, SignalSummary>();
  for (const s of summaries) {
    const key = `${s.entity}\u0000${s.signal}`;
    const held = best.get(key);
    const better = held === undefined || (held.source.kind !== s.source.kind ? s.source.kind === "observatory" : s.source.id > held.source.id);
    if (better) best.set(key, s);
  }
  return [...best.values()];
}

/** Reads the series of `request.entity` (and related ones) for `[from, until)`. */
export function readEntitySeries(store: Store, request: EntitySeriesRequest): SeriesRead[] {
  const { entity, from, until } = request;
  const summaries = preferredSources((request.scope === "own" ? store.listSignals(entity).filter((s) => s.entity === entity) : relatedSignals(store, entity))
    .filter((s) => (request.signals === undefined || request.signals.includes(s.signal)) && (request.source === undefined || s.source.name === request.source)));
  const reads: SeriesRead[] = [];
  for (const summary of summaries) {
    const nativeStepMs = nativeStepOf(summary);
    const stepMs = stepFor(summary, nativeStepMs, request.stepMs);
    const config = signalConfig(summary.signal, request.overrides?.[summary.signal]);
    const historyMs = request.history === false ? 0 : Math.max(lookBackMs(config), request.minHistoryMs ?? MIN_HISTORY_MS);
    // Bins on the stored points' grid, so that each native bin holds its own point and
    // the times printed are the points' own.
    const floor = (t: number): number => summary.first + Math.floor((t - summary.first) / stepMs) * stepMs;
    const ceil = (t: number): number => summary.first + Math.ceil((t - summary.first) / stepMs) * stepMs;
    // The window's bins always; before them, history back to the first point at most.
    const start = request.history === false ? ceil(from) : Math.max(floor(from - historyMs), Math.min(ceil(from), summary.first));
    const end = Math.max(start, ceil(until));
    // A related series with nothing in the read is left out; the entity's own is kept,
    // so that its verdict can say "data in 0 of N bins".
    if (summary.entity !== entity && (summary.last < start || summary.first >= end)) continue;
    const native = store.getSeries({ entity: summary.entity, signal: summary.signal, source: summary.source.id, from: start, until: end, stepMs: nativeStepMs });
    reads.push({ series: resampleSeries(native, stepMs), summary, nativeStepMs, lookBackMs: historyMs, historyMs: Math.max(0, from - start) });
  }
  return reads;
}
