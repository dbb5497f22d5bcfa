/**
 * How far before a window a signal's baseline reads: the history its method uses, or
 * its warm-up, whichever is longer. One definition for every reader of a series.
 */
import type { SignalConfig } from "../model/baseline.ts";

/** The look-back of a signal's detection settings, ms. */
export function signalLookBackMs(config: SignalConfig): number {
  const history = config.method === "moving-median" ? config.windowMs : config.periods * config.periodMs + config.halfWidthMs;
  return Math.max(history, config.warmUpMs);
}
