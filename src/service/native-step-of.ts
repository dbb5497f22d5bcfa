/**
 * The step at which a stored series was measured. The store does not record it yet, so
 * it is guessed here, in one place, from the mean spacing of the stored points (nulls
 * included): the largest usual bin length not above it. When the store's summary gains
 * its own `stepMs`, this body becomes `return summary.stepMs`.
 */
import type { SignalSummary } from "../store/store.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Bin lengths of Nightlight's own signals (5-minute BGP) and of imports (hourly, daily). */
const STEPS = [MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY];

/** The native step of the series summarized by `summary`, ms. A single point is taken as hourly. */
export function nativeStepOf(summary: SignalSummary): number {
  const spacing = summary.points > 1 ? (summary.last - summary.first) / (summary.points - 1) : HOUR;
  // The tolerance keeps an exact spacing exact despite rounding in the division.
  return STEPS.filter((s) => s <= spacing * 1.0001).at(-1) ?? MINUTE;
}
