/**
 * Runs of consecutive bins in alert in one series: where a signal went down and came
 * back, with the first bin below the critical level (when it "fell").
 */
import type { BaselineSeries } from "../model/baseline.ts";
import { isAlert } from "./bin-at.ts";

/** One run of alerts: bin indices, inclusive. */
export interface AlertRun {
  readonly first: number;
  readonly last: number;
  /** First critical bin, or undefined when the run stayed at warning. */
  readonly fell: number | undefined;
}

/** The alert runs of `b`, in time order. A bin without data ends a run. */
export function alertRuns(b: BaselineSeries): AlertRun[] {
  const runs: AlertRun[] = [];
  let first: number | undefined;
  let fell: number | undefined;
  const n = b.verdict.length;
  for (let i = 0; i <= n; i++) {
    const v = b.verdict[i];
    if (isAlert(v)) {
      first ??= i;
      if (v === "critical") fell ??= i;
      continue;
    }
    if (first !== undefined) runs.push({ first, last: i - 1, fell });
    first = undefined;
    fell = undefined;
  }
  return runs;
}
