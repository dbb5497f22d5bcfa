/**
 * What a store holds: per source, its signals, series and time span; per series (under
 * an entity prefix), its span, step and coverage. What `nightlight list` prints and the
 * API's sources page shows.
 */
import type { SourceInfo } from "../model/provenance.ts";
import type { SignalSummary, Store } from "../store/store.ts";

/** One source and what it holds. */
export interface SourceHolding {
  readonly source: SourceInfo;
  /** Signal → series count. */
  readonly signals: Readonly<Record<string, number>>;
  readonly first: number;
  readonly last: number;
}

/** One series and how much of its span has data. */
export interface SeriesHolding extends SignalSummary {
  /** Bins from first to last at the native step, and those with a value. */
  readonly bins: number;
  readonly withData: number;
}

/** Every source with its signals and span, from the series summaries under `prefix`. */
export function listSources(store: Store, prefix = ""): SourceHolding[] {
  const by = new Map<number, { source: SourceInfo; signals: Record<string, number>; first: number; last: number }>();
  for (const s of store.listSignals(prefix)) {
    let h = by.get(s.source.id);
    if (h === undefined) by.set(s.source.id, (h = { source: s.source, signals: {}, first: s.first, last: s.last }));
    h.signals[s.signal] = (h.signals[s.signal] ?? 0) + 1;
    h.first = Math.min(h.first, s.first);
    h.last = Math.max(h.last, s.last);
  }
  return [...by.values()].sort((a, b) => a.source.name.localeCompare(b.source.name) || a.source.id - b.source.id);
}

/** The series under `prefix` (at most `limit`), each read once for its coverage. */
export function listSeries(store: Store, prefix: string, options: { signal?: string; limit?: number } = {}): { rows: SeriesHolding[]; more: number } {
  const all = store.listSignals(prefix).filter((s) => options.signal === undefined || s.signal === options.signal);
  const limit = options.limit ?? 1000;
  const rows = all.slice(0, limit).map((s) => {
    const values = store.getSeries({ entity: s.entity, signal: s.signal, source: s.source.id, from: s.first, until: s.last + s.stepMs }).values;
    return { ...s, bins: values.length, withData: values.filter((v) => v !== null).length };
  });
  return { rows, more: Math.max(0, all.length - limit) };
}
