/**
 * Options of event detection, and the one set of defaults every command uses
 * (`nightlight detect`, `nightlight report`, the API): docs/detection.md, "Events".
 */
import type { SignalConfig } from "../model/baseline.ts";
import type { EntityId, SignalName } from "../model/signal.ts";
import type { ClassifyOptions } from "./classify-state.ts";

const HOUR = 3_600_000;

/** Options of `detectEvents` and `judgeEntities`; every one has a default in `DETECT_DEFAULTS`. */
export interface DetectOptions {
  /** Report events of these entities only; the others still feed timelines and kinds. Default: all. */
  readonly entities?: readonly EntityId[];
  /** Per-signal overrides of `SIGNAL_DEFAULTS`. */
  readonly signals?: Readonly<Record<SignalName, Partial<SignalConfig>>>;
  /** How long every signal must be normal again before an event closes. Default 2 h. */
  readonly recoveryMs?: number;
  /** Report only events in which some signal reached this level. Default `critical`. */
  readonly minSeverity?: "warning" | "critical";
  /** Shortest phase of an event. Default 1 h. */
  readonly minPhaseMs?: number;
  /** Thresholds of the kinds. Default: routes kept at ≥ 85 %, near zero at ≤ 20 %. */
  readonly classify?: Partial<ClassifyOptions>;
  /** ASNs of mobile networks (data/mobile-asns.json). Default: none, so no mobile-first. */
  readonly mobileAsns?: ReadonlySet<number>;
  /** Mobile networks must fall at least this much earlier than fixed ones. Default 1 h. */
  readonly mobileLeadMs?: number;
  /** Curfew: fewest consecutive days, and how far the start may move. Default 3 days, 1 h. */
  readonly curfewMinDays?: number;
  readonly curfewToleranceMs?: number;
  /** Curfew: the length of a day. Default 24 h (only the shutdown lab, which compresses time, sets another). */
  readonly curfewPeriodMs?: number;
  /** Report only events overlapping `[from, until)`, ms since the epoch; also the window judged. */
  readonly from?: number;
  readonly until?: number;
}

/**
 * What an observatory's configuration may set of detection: per-signal overrides and
 * the event options. Production runs with the defaults; the shutdown lab, whose rounds
 * last seconds, passes its own (shorter windows, warm-up and recovery, a compressed day).
 */
export type DetectionSettings = Pick<DetectOptions, "signals" | "recoveryMs" | "minSeverity" | "minPhaseMs" | "classify" | "mobileLeadMs" | "curfewMinDays" | "curfewToleranceMs" | "curfewPeriodMs">;

/**
 * The defaults of the numeric options. Commands pass none of them, so that `detect`
 * and `report` find the same events for the same entity, window and --config.
 */
export const DETECT_DEFAULTS = {
  recoveryMs: 2 * HOUR,
  minSeverity: "critical",
  minPhaseMs: HOUR,
  mobileLeadMs: HOUR,
  curfewMinDays: 3,
  curfewToleranceMs: HOUR,
  curfewPeriodMs: 24 * HOUR,
} as const satisfies DetectOptions;
