/**
 * The step at which a stored series was measured: the store records it per series
 * (the grid its points lie on), so nothing is guessed from the spacing of points.
 */
import type { SignalSummary } from "../store/store.ts";

/** The native step of the series summarized by `summary`, ms. */
export function nativeStepOf(summary: SignalSummary): number {
  return summary.stepMs;
}
