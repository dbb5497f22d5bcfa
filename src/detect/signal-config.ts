/**
 * Detection defaults per signal, and how overrides are merged into them. The reasons
 * for each number are in docs/detection.md ("Defaults"); change both together.
 */
import type { SignalConfig } from "../model/baseline.ts";
import type { SignalName } from "../model/signal.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Moving median over a week: probing, telescope and imported indices. */
const WEEKLY_MEDIAN: SignalConfig = {
  method: "moving-median",
  category: "reachability",
  windowMs: 7 * DAY,
  periodMs: 7 * DAY,
  periods: 4,
  minPeriods: 2,
  halfWidthMs: HOUR / 2,
  // One full day: the median then covers every hour of a daily rhythm at least once.
  warmUpMs: DAY,
  minCoverage: 0.5,
  minBaseline: 0,
  // IODA's active-probing levels (ioda.inetintel.cc.gatech.edu, "Alerts").
  warning: 0.8,
  critical: 0.5,
  // IODA stops inpainting after 7 days; Nightlight does so only above the critical level.
  inpaintMaxMs: 7 * DAY,
};

/** Same time of week over the last four weeks: signals with a strong daily rhythm. */
const SAME_TIME_OF_WEEK: SignalConfig = {
  ...WEEKLY_MEDIAN,
  method: "same-time",
  warmUpMs: 14 * DAY,
};

/**
 * Defaults by signal name. A name not listed takes the entry of its first
 * dash-separated word (`google-maps` → `google`), else `*`.
 */
export const SIGNAL_DEFAULTS: Readonly<Record<string, SignalConfig>> = {
  // IODA: BGP median of the last 24 h, alert levels 99 % and 50 %.
  bgp: {
    ...WEEKLY_MEDIAN,
    category: "routing",
    windowMs: DAY,
    warmUpMs: 6 * HOUR,
    minBaseline: 10,
    warning: 0.99,
    critical: 0.5,
  },
  bgp6: {
    ...WEEKLY_MEDIAN,
    category: "routing",
    windowMs: DAY,
    warmUpMs: 6 * HOUR,
    minBaseline: 10,
    warning: 0.99,
    critical: 0.5,
  },
  probing: { ...WEEKLY_MEDIAN, minBaseline: 10 },
  // Nightlight's own prober (IODA's ping-slash24 method, imported as `probing`): IODA's levels.
  "active-probing": { ...WEEKLY_MEDIAN, minBaseline: 10 },
  // Share (%) of an inside probe's domestic or international targets reached; a
  // percentage, so no minimum baseline. The levels are probing's.
  inside: { ...WEEKLY_MEDIAN, category: "inside" },
  // IODA: telescope 25 % and 10 %; unsolicited traffic is noisy, hence the low levels.
  telescope: { ...WEEKLY_MEDIAN, minBaseline: 10, warning: 0.25, critical: 0.1 },
  traffic: { ...SAME_TIME_OF_WEEK, warning: 0.7, critical: 0.4 },
  google: { ...SAME_TIME_OF_WEEK, category: "service", warning: 0.6, critical: 0.3 },
  mozilla: { ...SAME_TIME_OF_WEEK, category: "service", warning: 0.6, critical: 0.3 },
  "*": WEEKLY_MEDIAN,
};

/** The settings of `signal`: its defaults with `overrides` on top. */
export function signalConfig(signal: SignalName, overrides: Partial<SignalConfig> = {}): SignalConfig {
  const base =
    SIGNAL_DEFAULTS[signal] ?? SIGNAL_DEFAULTS[signal.split("-")[0] ?? ""] ?? WEEKLY_MEDIAN;
  const config: SignalConfig = { ...base, ...overrides };
  checkConfig(signal, config);
  return config;
}

function checkConfig(signal: SignalName, c: SignalConfig): void {
  if (!(c.critical >= 0 && c.critical <= c.warning && c.warning <= 1)) {
    throw new RangeError(
      `Invalid alert levels for signal ${signal}: need 0 ≤ critical ≤ warning ≤ 1, got critical ${c.critical} and warning ${c.warning}`,
    );
  }
  for (const key of ["windowMs", "periodMs", "periods", "minPeriods"] as const) {
    if (!(c[key] > 0)) throw new RangeError(`Invalid ${key} for signal ${signal}: need > 0, got ${c[key]}`);
  }
  if (!(c.minCoverage >= 0 && c.minCoverage <= 1)) {
    throw new RangeError(`Invalid minCoverage for signal ${signal}: need 0–1, got ${c.minCoverage}`);
  }
}
