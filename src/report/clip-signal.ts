/**
 * A report signal cut to the report's window. Detection needs history before the
 * window (the baseline's look-back); the chart and the coverage count do not.
 */
import type { BaselineSeries } from "../model/baseline.ts";
import type { SignalSeries } from "../model/signal.ts";
import type { ReportSignal } from "./report-data.ts";

/** `signal` with only the bins that start in `[from, until)`. */
export function clipSignal(signal: ReportSignal, from: number, until: number): ReportSignal {
  const { series, baseline } = signal;
  const [i0, i1] = binRange(series, from, until);
  const clipped: SignalSeries = { ...series, start: series.start + i0 * series.stepMs, values: series.values.slice(i0, i1) };
  if (baseline === undefined) return { ...signal, series: clipped };
  const [j0, j1] = binRange(baseline, from, until);
  const b: BaselineSeries = {
    ...baseline,
    start: baseline.start + j0 * baseline.stepMs,
    values: baseline.values.slice(j0, j1),
    baseline: baseline.baseline.slice(j0, j1),
    warning: baseline.warning.slice(j0, j1),
    critical: baseline.critical.slice(j0, j1),
    ratio: baseline.ratio.slice(j0, j1),
    verdict: baseline.verdict.slice(j0, j1),
    inpainted: baseline.inpainted.slice(j0, j1),
  };
  return { ...signal, series: clipped, baseline: b };
}

function binRange(s: { start: number; stepMs: number; values: readonly unknown[] }, from: number, until: number): [number, number] {
  const clamp = (i: number): number => Math.min(s.values.length, Math.max(0, i));
  return [clamp(Math.ceil((from - s.start) / s.stepMs)), clamp(Math.ceil((until - s.start) / s.stepMs))];
}
