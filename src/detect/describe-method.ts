/**
 * One line saying how a signal's baseline and alerts were computed, for explanations
 * and reports ("every number traceable").
 */
import type { SignalConfig } from "../model/baseline.ts";
import type { SignalName } from "../model/signal.ts";
import { duration, percent } from "./format-numbers.ts";

/** `probing: moving median of the last 7 d, inpainted; warning below 80 %, critical below 50 %`. */
export function describeMethod(signal: SignalName, c: SignalConfig): string {
  const how =
    c.method === "moving-median"
      ? `moving median of the last ${duration(c.windowMs)}`
      : `median of the same time (± ${duration(c.halfWidthMs)}) over the last ${c.periods} periods of ${duration(c.periodMs)}`;
  return `${signal}: ${how}, inpainted, after ${duration(c.warmUpMs)} of warm-up; warning below ${percent(c.warning)}, critical below ${percent(c.critical)} of baseline`;
}
