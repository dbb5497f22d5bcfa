/**
 * Baselines and per-bin verdicts as detection computes them, for detection itself and
 * for charts (baseline band, alert levels). Types only; the method is in docs/detection.md.
 */
import type { EntityId, SignalName } from "./signal.ts";

/**
 * What detection says about one bin. Only `normal`, `warning` and `critical` are
 * verdicts; the others say why there is none: no value (`no-data`), not enough history
 * yet (`warm-up`), or a baseline too small to mean anything (`too-small`).
 */
export type Verdict = "normal" | "warning" | "critical" | "no-data" | "warm-up" | "too-small";

/** How the expected value of a bin is computed. */
export type BaselineMethod = "moving-median" | "same-time";

/**
 * What a signal measures, which decides the kind of shutdown it is evidence for:
 * `routing` (BGP visibility), `reachability` (probing, traffic, telescope, imported
 * connectivity indices) or `service` (one service's use, e.g. Google Search), or
 * `inside` (reach measured from inside the entity by an inside probe: the share of
 * its domestic or international targets it reached).
 */
export type SignalCategory = "routing" | "reachability" | "service" | "inside";

/** Detection settings of one signal; defaults in `SIGNAL_DEFAULTS` (src/detect). */
export interface SignalConfig {
  readonly method: BaselineMethod;
  readonly category: SignalCategory;
  /** moving-median: length of the history window. */
  readonly windowMs: number;
  /** same-time: the period whose same bin is compared (a week by default). */
  readonly periodMs: number;
  /** same-time: how many past periods the median is taken over. */
  readonly periods: number;
  /** same-time: fewest past periods with a value before a verdict. */
  readonly minPeriods: number;
  /** same-time: bins within this distance of the same time also count. */
  readonly halfWidthMs: number;
  /** No verdict until the series has had a value this long ago. */
  readonly warmUpMs: number;
  /** Fewest share (0–1) of the history window's bins that must hold a value. */
  readonly minCoverage: number;
  /** No verdict when the baseline is below this (in the signal's own unit). */
  readonly minBaseline: number;
  /** Warning when value ÷ baseline falls below this. */
  readonly warning: number;
  /** Critical when value ÷ baseline falls below this. */
  readonly critical: number;
  /**
   * How long an alert above the critical level keeps being inpainted before the new
   * level is accepted as normal. Values below the critical level are inpainted for
   * as long as they last, so a deep cut stays one event to its end.
   */
  readonly inpaintMaxMs: number;
}

/** Per-bin baseline, alert levels and verdicts of one series, on the series' grid. */
export interface BaselineSeries {
  readonly entity: EntityId;
  readonly signal: SignalName;
  /** Start of bin 0, milliseconds since the Unix epoch (UTC). */
  readonly start: number;
  readonly stepMs: number;
  readonly method: BaselineMethod;
  /** The input values (`null` = no data). */
  readonly values: readonly (number | null)[];
  /** Expected value; `null` where no verdict can be given. */
  readonly baseline: readonly (number | null)[];
  /** Absolute warning level: baseline × `config.warning`. */
  readonly warning: readonly (number | null)[];
  /** Absolute critical level: baseline × `config.critical`. */
  readonly critical: readonly (number | null)[];
  /** value ÷ baseline where both exist. */
  readonly ratio: readonly (number | null)[];
  readonly verdict: readonly Verdict[];
  /** True where the history holds the baseline instead of the (outlying) value. */
  readonly inpainted: readonly boolean[];
  /** The settings actually used. */
  readonly config: SignalConfig;
}
