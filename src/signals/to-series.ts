/**
 * Regular series from points, one per (entity, signal), for detection on data that
 * is not in a store (tests, `nightlight import --dry-run`). Bins without a point are
 * null.
 */
import type { SignalPoint, SignalSeries } from "../model/signal.ts";

/** Options of `toSeries`. */
export interface ToSeriesOptions {
  /** Bin length; default: the smallest gap between consecutive times of each series. */
  readonly stepMs?: number;
}

/** Groups `points` into regular series, sorted by entity then signal. */
export function toSeries(points: readonly SignalPoint[], options: ToSeriesOptions = {}): SignalSeries[] {
  const groups = new Map<string, SignalPoint[]>();
  for (const p of points) {
    const k = `${p.entity}\u0000${p.signal}`;
    const list = groups.get(k) ?? [];
    list.push(p);
    groups.set(k, list);
  }
  const out: SignalSeries[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => a.time - b.time);
    const first = list[0];
    const lastPoint = list.at(-1);
    if (first === undefined || lastPoint === undefined) continue;
    let step = options.stepMs ?? Infinity;
    if (options.stepMs === undefined) {
      for (let i = 1; i < list.length; i++) {
        const gap = (list[i]?.time ?? 0) - (list[i - 1]?.time ?? 0);
        if (gap > 0 && gap < step) step = gap;
      }
      if (step === Infinity) step = 3_600_000;
    }
    const values: (number | null)[] = new Array<number | null>(Math.floor((lastPoint.time - first.time) / step) + 1).fill(null);
    for (const p of list) {
      const i = Math.floor((p.time - first.time) / step);
      if (p.value !== null) values[i] = p.value;
    }
    out.push({ entity: first.entity, signal: first.signal, start: first.time, stepMs: step, values });
  }
  return out.sort((a, b) => (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : a.signal < b.signal ? -1 : 1));
}
