/**
 * The baselines of every series, grouped by entity: computed once, then read by the
 * event search, the kinds, the timeline and the verdict of each entity.
 */
import type { BaselineSeries, SignalConfig } from "../model/baseline.ts";
import type { EntityId, SignalName, SignalSeries } from "../model/signal.ts";
import { computeBaseline } from "./compute-baseline.ts";

/** Baselines of `seriesList` with the per-signal `overrides`, by entity, in input order. */
export function baselinesByEntity(
  seriesList: readonly SignalSeries[],
  overrides: Readonly<Record<SignalName, Partial<SignalConfig>>> = {},
): Map<EntityId, BaselineSeries[]> {
  const byEntity = new Map<EntityId, BaselineSeries[]>();
  for (const series of seriesList) {
    const config = overrides[series.signal];
    const b = computeBaseline(series, config === undefined ? {} : { config });
    const list = byEntity.get(series.entity) ?? [];
    list.push(b);
    byEntity.set(series.entity, list);
  }
  return byEntity;
}
