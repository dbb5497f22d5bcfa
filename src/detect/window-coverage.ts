/**
 * How well one signal covers a window: bins with data, bins with a verdict, and the
 * history before the window against the warm-up. A signal that covers too little of
 * the window cannot say "no outage": docs/detection.md, "Verdicts".
 */
import type { BaselineSeries } from "../model/baseline.ts";
import type { EntityId, SignalName } from "../model/signal.ts";
import { hasVerdict } from "./bin-at.ts";

/** Why a signal cannot judge a window: too few bins with data, too little history, or no usable baseline. */
export type CoverageLack = "coverage" | "warm-up" | "baseline";

/** The figures behind a verdict for one signal of one entity over one window. */
export interface SignalCoverage {
  readonly entity: EntityId;
  readonly signal: SignalName;
  readonly stepMs: number;
  /** Bins of the window on the series' grid (those starting in `[from, until)`). */
  readonly bins: number;
  /** Of these, bins with a value. */
  readonly withData: number;
  /** Of these, bins with a verdict (normal, warning or critical). */
  readonly judged: number;
  /** Share of the window's bins that must have data and a verdict (the signal's `minCoverage`). */
  readonly minCoverage: number;
  /** History the baseline needs before its first verdict (the signal's `warmUpMs`). */
  readonly warmUpMs: number;
  /** History available: from the series' first value to the window's start (0 if it starts inside). */
  readonly historyMs: number;
  /** Why this signal cannot judge the window; null when it can. */
  readonly lacking: CoverageLack | null;
}

/** The coverage of `[from, until)` by the baseline series `b`. */
export function windowCoverage(b: BaselineSeries, from: number, until: number): SignalCoverage {
  const i0 = Math.ceil((from - b.start) / b.stepMs);
  const i1 = Math.ceil((until - b.start) / b.stepMs);
  let withData = 0;
  let judged = 0;
  let warmUp = 0;
  let tooSmall = 0;
  for (let i = Math.max(0, i0); i < Math.min(i1, b.values.length); i++) {
    if ((b.values[i] ?? null) === null) continue;
    withData++;
    const v = b.verdict[i];
    if (hasVerdict(v)) judged++;
    else if (v === "warm-up") warmUp++;
    else tooSmall++;
  }
  const bins = Math.max(0, i1 - i0);
  const first = b.values.findIndex((v) => v !== null);
  const historyMs = first < 0 ? 0 : Math.max(0, from - (b.start + first * b.stepMs));
  const need = b.config.minCoverage * bins;
  const lacking: CoverageLack | null =
    bins === 0 || withData === 0 || withData < need ? "coverage" : judged === 0 || judged < need ? (warmUp >= tooSmall ? "warm-up" : "baseline") : null;
  return {
    entity: b.entity,
    signal: b.signal,
    stepMs: b.stepMs,
    bins,
    withData,
    judged,
    minCoverage: b.config.minCoverage,
    warmUpMs: b.config.warmUpMs,
    historyMs,
    lacking,
  };
}
