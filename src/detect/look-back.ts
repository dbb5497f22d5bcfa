/**
 * How much history before a window a signal's baseline needs, from its settings: the
 * baseline's own window (moving median) or its past periods (same time of week), and
 * never less than the warm-up. Every reader of the store uses this one function, so that
 * `detect`, `report` and `signals` see the same history for the same --config.
 */
import type { SignalConfig } from "../model/baseline.ts";

/** Milliseconds of history the first bin of a window needs for a verdict under `config`. */
export function lookBackMs(config: SignalConfig): number {
  const history = config.method === "moving-median" ? config.windowMs : config.periods * config.periodMs + config.halfWidthMs;
  return Math.max(history, config.warmUpMs);
}
