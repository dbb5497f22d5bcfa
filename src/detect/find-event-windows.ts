/**
 * Where one entity's events are: a sweep over the bin boundaries of all its signals.
 * An event opens at the first alert of any signal and closes when every signal with a
 * verdict has been normal for `recoveryMs`; its end is the first of those normal bins.
 */
import type { BaselineSeries } from "../model/baseline.ts";
import { binAt, hasVerdict, isAlert, seriesEnd } from "./bin-at.ts";

/** Options of `findEventWindows`. */
export interface EventWindowOptions {
  /** How long every signal must be back to normal before the event closes. */
  readonly recoveryMs: number;
  /** Keep only windows in which some signal reached this level. */
  readonly minSeverity: "warning" | "critical";
}

/** One event's time span: `end` is undefined while ongoing at the end of the data. */
export interface EventWindow {
  readonly start: number;
  readonly end: number | undefined;
}

/** Boundaries already computed, per list of baselines (the event search, the lifecycle and the state read one list). */
const computed = new WeakMap<readonly BaselineSeries[], readonly number[]>();

/** Sorted distinct bin boundaries of all series, with the end of the last bin. */
export function boundaries(baselines: readonly BaselineSeries[]): readonly number[] {
  const known = computed.get(baselines);
  if (known !== undefined) return known;
  const found = sortedBoundaries(baselines);
  computed.set(baselines, found);
  return found;
}

function sortedBoundaries(baselines: readonly BaselineSeries[]): number[] {
  if (baselines.length === 1 && baselines[0] !== undefined) {
    const b = baselines[0];
    return Array.from({ length: b.verdict.length + 1 }, (_, i) => b.start + i * b.stepMs);
  }
  const set = new Set<number>();
  for (const b of baselines) {
    for (let i = 0; i <= b.verdict.length; i++) set.add(b.start + i * b.stepMs);
  }
  return [...set].sort((a, b) => a - b);
}

/** Finds the event windows of one entity from the baselines of its signals. */
export function findEventWindows(
  baselines: readonly BaselineSeries[],
  options: EventWindowOptions,
): EventWindow[] {
  const times = boundaries(baselines);
  const last = Math.max(...baselines.map(seriesEnd));
  const windows: EventWindow[] = [];
  let open: number | undefined;
  let severe = false;
  let normalSince: number | undefined;
  for (let k = 0; k < times.length; k++) {
    const t = times[k] ?? 0;
    const next = times[k + 1] ?? last;
    if (t >= last) break;
    const verdicts = baselines.map((b) => binAt(b, t)?.verdict);
    const alert = verdicts.some(isAlert);
    const critical = verdicts.includes("critical");
    if (open === undefined) {
      if (alert) {
        open = t;
        severe = critical || options.minSeverity === "warning";
        normalSince = undefined;
      }
      continue;
    }
    if (alert) {
      severe ||= critical;
      normalSince = undefined;
    } else if (verdicts.some(hasVerdict)) {
      normalSince ??= t;
      if (next - normalSince >= options.recoveryMs) {
        if (severe) windows.push({ start: open, end: normalSince });
        open = undefined;
        normalSince = undefined;
      }
    } else {
      // Missing is not normal: a silent collector neither ends nor extends the event.
      normalSince = undefined;
    }
  }
  if (open !== undefined && severe) windows.push({ start: open, end: undefined });
  return windows;
}
