/**
 * Reading a baseline series at a time rather than an index, so that signals on
 * different grids (5-minute BGP, hourly imports) can be compared bin against bin.
 */
import type { BaselineSeries, Verdict } from "../model/baseline.ts";

/** The state of one signal in the bin that covers a time. */
export interface BinState {
  readonly index: number;
  readonly verdict: Verdict;
  readonly ratio: number | null;
  readonly value: number | null;
  readonly baseline: number | null;
}

/** The bin of `b` covering time `t`, or undefined outside the series. */
export function binAt(b: BaselineSeries, t: number): BinState | undefined {
  const index = Math.floor((t - b.start) / b.stepMs);
  const verdict = b.verdict[index];
  if (index < 0 || verdict === undefined) return undefined;
  return {
    index,
    verdict,
    ratio: b.ratio[index] ?? null,
    value: b.values[index] ?? null,
    baseline: b.baseline[index] ?? null,
  };
}

/** True for the verdicts that are alerts. */
export function isAlert(v: Verdict | undefined): boolean {
  return v === "warning" || v === "critical";
}

/** True for actual verdicts (not no-data, warm-up or too-small). */
export function hasVerdict(v: Verdict | undefined): boolean {
  return v === "normal" || v === "warning" || v === "critical";
}

/** End of the last bin of `b` (exclusive), ms since the epoch. */
export function seriesEnd(b: BaselineSeries): number {
  return b.start + b.verdict.length * b.stepMs;
}
