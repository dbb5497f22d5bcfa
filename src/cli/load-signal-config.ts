/**
 * `--config FILE` for detect and report: per-signal overrides of the detection defaults,
 * as JSON, e.g. `{"bgp": {"windowMs": 172800000, "critical": 0.4}, "probing": {"method": "same-time"}}`.
 * Unknown signals are allowed (imports name their own); unknown keys and wrong types are
 * usage errors naming the file and the key.
 */
import { readFileSync } from "node:fs";
import type { SignalConfig } from "../model/baseline.ts";
import { UsageError } from "../model/errors.ts";
import { signalConfig } from "../detect/signal-config.ts";

const NUMBER_KEYS = [
  "windowMs",
  "periodMs",
  "periods",
  "minPeriods",
  "halfWidthMs",
  "warmUpMs",
  "minCoverage",
  "minBaseline",
  "warning",
  "critical",
  "inpaintMaxMs",
] as const;
const METHODS = ["moving-median", "same-time"];
const CATEGORIES = ["routing", "reachability", "traffic", "service", "inside"];

/** Per-signal overrides read from `file` (undefined: none). */
export function loadSignalConfig(file: string | undefined): Record<string, Partial<SignalConfig>> {
  if (file === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error: unknown) {
    throw new UsageError(`--config ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new UsageError(`--config ${file}: expected an object of signal names, e.g. {"bgp": {"critical": 0.4}}`);
  }
  const out: Record<string, Partial<SignalConfig>> = {};
  for (const [signal, value] of Object.entries(json)) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new UsageError(`--config ${file}: "${signal}" must be an object of settings`);
    }
    const overrides: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if ((NUMBER_KEYS as readonly string[]).includes(key)) {
        if (typeof v !== "number" || !Number.isFinite(v)) throw new UsageError(`--config ${file}: ${signal}.${key} must be a number`);
      } else if (key === "method") {
        if (typeof v !== "string" || !METHODS.includes(v)) throw new UsageError(`--config ${file}: ${signal}.method must be one of ${METHODS.join(", ")}`);
      } else if (key === "category") {
        if (typeof v !== "string" || !CATEGORIES.includes(v)) throw new UsageError(`--config ${file}: ${signal}.category must be one of ${CATEGORIES.join(", ")}`);
      } else {
        throw new UsageError(`--config ${file}: unknown setting ${signal}.${key} (known: method, category, ${NUMBER_KEYS.join(", ")})`);
      }
      overrides[key] = v;
    }
    try {
      signalConfig(signal, overrides as Partial<SignalConfig>);
    } catch (error: unknown) {
      if (error instanceof RangeError) throw new UsageError(`--config ${file}: ${error.message}`);
      throw error;
    }
    out[signal] = overrides as Partial<SignalConfig>;
  }
  return out;
}
