/**
 * How deep each signal fell during an event, and its IODA-style score
 * (Σ drop % × minutes over the bins in alert).
 */
import type { BaselineSeries } from "../model/baseline.ts";
import type { SignalDepth } from "../model/outage-event.ts";
import { isAlert } from "./bin-at.ts";
import { isoTime } from "./format-numbers.ts";

/** Indices of the bins of `b` that overlap `[start, end)`. */
export function binsOverlapping(b: BaselineSeries, start: number, end: number): [first: number, last: number] {
  const first = Math.max(0, Math.floor((start - b.start) / b.stepMs));
  const last = Math.min(b.verdict.length - 1, Math.ceil((end - b.start) / b.stepMs) - 1);
  return [first, last];
}

/** Depth and score of one signal over `[start, end)`, or undefined when it has no verdict there. */
export function signalDepth(b: BaselineSeries, start: number, end: number): SignalDepth | undefined {
  const [first, last] = binsOverlapping(b, start, end);
  let lowest: number | undefined;
  let score = 0;
  const minutes = b.stepMs / 60_000;
  for (let i = first; i <= last; i++) {
    const r = b.ratio[i];
    if (r === null || r === undefined) continue;
    if (lowest === undefined || r < (b.ratio[lowest] ?? Infinity)) lowest = i;
    if (isAlert(b.verdict[i])) score += Math.max(0, 1 - r) * 100 * minutes;
  }
  if (lowest === undefined) return undefined;
  const ratio = b.ratio[lowest] ?? 1;
  return {
    signal: b.signal,
    depth: Math.min(1, Math.max(0, ratio)),
    lowest: b.values[lowest] ?? 0,
    baseline: b.baseline[lowest] ?? 0,
    at: isoTime(b.start + lowest * b.stepMs),
    score: Math.round(score),
  };
}
