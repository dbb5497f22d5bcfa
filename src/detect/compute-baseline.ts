/**
 * Baseline, alert levels and verdict for every bin of one series (docs/detection.md,
 * "Baselines"). History is inpainted: a bin in alert enters the history as the value
 * it was expected to have, so an outage never becomes the new normal.
 */
import type { BaselineSeries, SignalConfig, Verdict } from "../model/baseline.ts";
import type { SignalSeries } from "../model/signal.ts";
import { median } from "./median.ts";
import { signalConfig } from "./signal-config.ts";
import { SortedWindow } from "./sorted-window.ts";

/** Options of `computeBaseline`. */
export interface BaselineOptions {
  /** Overrides of the signal's defaults (`SIGNAL_DEFAULTS`). */
  readonly config?: Partial<SignalConfig>;
}

/** The expected value of bin `i` from the history before it, or why there is none. */
type Expectation = { readonly baseline: number } | { readonly none: "warm-up" | "too-small" };

/** Computes the per-bin baseline, alert levels and verdicts of `series`. */
export function computeBaseline(series: SignalSeries, options: BaselineOptions = {}): BaselineSeries {
  const config = signalConfig(series.signal, options.config);
  const { values, stepMs } = series;
  if (!(stepMs > 0)) throw new RangeError(`Invalid step for ${series.entity} ${series.signal}: need > 0 ms, got ${stepMs}`);
  const n = values.length;
  const history: (number | null)[] = new Array<number | null>(n).fill(null);
  const baseline: (number | null)[] = [];
  const ratio: (number | null)[] = [];
  const verdict: Verdict[] = [];
  const inpainted: boolean[] = [];
  const expect = config.method === "same-time" ? sameTime(history, stepMs, config) : movingMedian(history, stepMs, config);
  const first = values.findIndex((v) => v !== null);
  let alertSince: number | undefined;

  for (let i = 0; i < n; i++) {
    const value = values[i] ?? null;
    // Always ask, so that the moving window sees every bin; then apply the warm-up.
    const asked = first < 0 ? undefined : expect(i, first);
    const e: Expectation =
      asked === undefined || (i - first) * stepMs < config.warmUpMs ? { none: "warm-up" } : asked;
    const b = "baseline" in e && e.baseline > 0 && e.baseline >= config.minBaseline ? e.baseline : null;
    baseline.push(b);
    let v: Verdict;
    if (value === null) v = "no-data";
    else if ("none" in e) v = e.none;
    else if (b === null) v = "too-small";
    else {
      const r = value / b;
      v = r < config.critical ? "critical" : r < config.warning ? "warning" : "normal";
    }
    ratio.push(value !== null && b !== null ? value / b : null);
    verdict.push(v);

    // Inpainting. A bin below the critical level is replaced for as long as the cut
    // lasts (a 24- or 87-day blackout stays one event); a shallower alert only for
    // `inpaintMaxMs`, after which the new level becomes normal, as in IODA.
    if (v === "warning" || v === "critical") {
      alertSince ??= i;
      const replace = v === "critical" || (i - alertSince) * stepMs < config.inpaintMaxMs;
      history[i] = replace ? b : value;
      inpainted.push(replace);
    } else {
      if (v !== "no-data") alertSince = undefined;
      history[i] = value;
      inpainted.push(false);
    }
  }
  return {
    entity: series.entity,
    signal: series.signal,
    start: series.start,
    stepMs,
    method: config.method,
    values,
    baseline,
    warning: baseline.map((b) => (b === null ? null : b * config.warning)),
    critical: baseline.map((b) => (b === null ? null : b * config.critical)),
    ratio,
    verdict,
    inpainted,
    config,
  };
}

/**
 * Moving median of the history over the last `windowMs` before bin `i`. Bins must be
 * asked for in order 0, 1, 2, … and `history[i - 1]` must be final when `i` is asked.
 */
function movingMedian(history: readonly (number | null)[], stepMs: number, config: SignalConfig) {
  const width = Math.max(1, Math.round(config.windowMs / stepMs));
  const window = new SortedWindow();
  return (i: number, first: number): Expectation => {
    const added = history[i - 1];
    if (added !== null && added !== undefined) window.insert(added);
    const dropped = history[i - 1 - width];
    if (dropped !== null && dropped !== undefined) window.remove(dropped);
    const spanned = Math.min(width, i - first);
    const m = window.median();
    if (m === undefined || window.size < config.minCoverage * spanned) return { none: "too-small" };
    return { baseline: m };
  };
}

/**
 * Median of the history at the same time of the last `periods` periods (± `halfWidthMs`).
 * Needs values in at least `minPeriods` of them.
 */
function sameTime(history: readonly (number | null)[], stepMs: number, config: SignalConfig) {
  const period = config.periodMs / stepMs;
  const half = Math.round(config.halfWidthMs / stepMs);
  if (!Number.isInteger(period) || period <= half) {
    throw new RangeError(
      `Cannot use the same-time baseline: the period of ${config.periodMs} ms is not a whole number of ${stepMs} ms bins greater than the half-width`,
    );
  }
  return (i: number): Expectation => {
    const found: number[] = [];
    let periodsWithData = 0;
    for (let k = 1; k <= config.periods; k++) {
      let any = false;
      for (let d = -half; d <= half; d++) {
        const v = history[i - k * period + d];
        if (v !== null && v !== undefined) {
          found.push(v);
          any = true;
        }
      }
      if (any) periodsWithData++;
    }
    const m = median(found);
    if (m === undefined || periodsWithData < config.minPeriods) return { none: "too-small" };
    return { baseline: m };
  };
}
