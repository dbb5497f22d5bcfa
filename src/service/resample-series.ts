/**
 * A series at a coarser step: each coarse bin is the mean of the native bins in it that
 * have data, and null when none has (missing is not zero, and a half-empty bin is not
 * half its value). Finer steps are never made: they would only add empty bins.
 */
import type { SignalSeries } from "../model/signal.ts";

/** `series` in bins of `stepMs`, a whole multiple of `series.stepMs`, starting at `series.start`. */
export function resampleSeries(series: SignalSeries, stepMs: number): SignalSeries {
  const k = stepMs / series.stepMs;
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`Cannot resample ${series.entity} ${series.signal} from ${series.stepMs} ms to ${stepMs} ms: not a whole multiple`);
  }
  if (k === 1) return series;
  const values: (number | null)[] = [];
  for (let i = 0; i < series.values.length; i += k) {
    let sum = 0;
    let n = 0;
    for (const v of series.values.slice(i, i + k)) {
      if (v === null) continue;
      sum += v;
      n++;
    }
    values.push(n === 0 ? null : sum / n);
  }
  return { ...series, stepMs, values };
}
