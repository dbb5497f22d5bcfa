/**
 * The `signals` section of the config file: per-signal overrides of the detection
 * defaults (docs/detection.md), e.g. `{"bgp": {"windowMs": 172800000, "critical": 0.4},
 * "probing": {"method": "same-time"}}`. Any signal name is allowed (imports name their
 * own); unknown settings, wrong types and settings that contradict each other are errors
 * naming the key.
 */
import { z } from "zod";
import type { SignalConfig } from "../model/baseline.ts";
import { signalConfig } from "./signal-config.ts";

const duration = z.number().positive({ error: "must be a number of milliseconds above 0" });
const share = z.number().min(0).max(1);

/** One signal's overrides. */
const SIGNAL_OVERRIDES = z.strictObject({
  method: z.enum(["moving-median", "same-time"]).optional(),
  category: z.enum(["routing", "reachability", "service", "inside"]).optional(),
  windowMs: duration.optional(),
  periodMs: duration.optional(),
  periods: z.number().int().positive().optional(),
  minPeriods: z.number().int().positive().optional(),
  halfWidthMs: z.number().min(0).optional(),
  warmUpMs: z.number().min(0).optional(),
  minCoverage: share.optional(),
  minBaseline: z.number().min(0).optional(),
  warning: share.optional(),
  critical: share.optional(),
  inpaintMaxMs: z.number().min(0).optional(),
});

/** The section: signal name → overrides, each checked against its defaults (signalConfig()). */
export const SIGNALS_CONFIG = z.record(z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, { error: "is not a signal name such as bgp" }), SIGNAL_OVERRIDES).superRefine((signals, ctx) => {
  for (const [signal, overrides] of Object.entries(signals)) {
    try {
      signalConfig(signal, overrides as Partial<SignalConfig>);
    } catch (error: unknown) {
      if (!(error instanceof RangeError)) throw error;
      ctx.addIssue({ code: "custom", path: [signal], message: error.message });
    }
  }
});

/** What the section holds once read. */
export type SignalsConfig = Readonly<Record<string, Partial<SignalConfig>>>;
