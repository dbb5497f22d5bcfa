/**
 * A parsed point that remembers the input line it came from, so that duplicates and
 * conflicts can be reported by line.
 */
import type { SignalPoint } from "../model/signal.ts";

/** A signal point and the 1-based line of the input it was read from. */
export interface LocatedPoint extends SignalPoint {
  readonly line: number;
}
