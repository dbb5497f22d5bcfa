/**
 * The life of one detected event, bin by bin, as the states an observatory reports
 * while it happens: `open` when a signal first reaches critical (the event is then
 * known: detection reports only events that reached critical), `deepening` when the
 * depth crosses into a lower band, `recovering` when every signal with a verdict is
 * back to normal, `open` again on an alert while recovering, `closed` when all have
 * been normal for the recovery time (docs/events.md).
 *
 * Every step is computed from the bins up to it and no later, as the sweep of
 * `findEventWindows` is (baselines are causal too), so the steps up to any time are
 * the same whether the data end there or later: tracking bin by bin and tracking at
 * once give the same history.
 */
import type { BaselineSeries } from "../model/baseline.ts";
import type { EventState, SignalReading, TransitionFigures, TransitionReason } from "../model/stored-event.ts";
import { binAt, hasVerdict, isAlert, seriesEnd } from "./bin-at.ts";
import { boundaries } from "./find-event-windows.ts";
import { isoTime } from "./format-numbers.ts";

/**
 * Depth bands: a transition `deepening` is recorded when the event's depth (lowest
 * value ÷ baseline so far) falls below the next of these. Four steps at most, so a
 * slow slide to zero alerts a handful of times, not at every bin: below half of the
 * ordinary level, a quarter, a tenth, a twentieth (NetBlocks' "5 % of ordinary levels"
 * is what a national blackout reads).
 */
export const DEPTH_BANDS: readonly number[] = [0.5, 0.25, 0.1, 0.05];

/** How many bands `depth` lies below (0: above the first). */
export function depthBand(depth: number, bands: readonly number[] = DEPTH_BANDS): number {
  return bands.filter((b) => depth < b).length;
}

/** One step of an event's life. */
export interface LifecycleStep {
  readonly state: EventState;
  readonly reason: TransitionReason;
  /** When the data showed it: the end of the bin that caused it, ms UTC. */
  readonly time: number;
  readonly figures: TransitionFigures;
}

/** Options of `eventLifecycle`. */
export interface LifecycleOptions {
  /** The recovery time of detection (DETECT_DEFAULTS.recoveryMs unless overridden). */
  readonly recoveryMs: number;
  readonly bands?: readonly number[];
}

/** The readings of every signal of the entity at time `t`. */
function readings(own: readonly BaselineSeries[], t: number): SignalReading[] {
  return own.flatMap((b) => {
    const s = binAt(b, t);
    if (s === undefined) return [];
    return [{ signal: b.signal, bin: isoTime(b.start + s.index * b.stepMs), value: s.value, baseline: s.baseline, ratio: s.ratio, verdict: s.verdict }];
  });
}

/**
 * The steps of the event that starts at `event.start` (its first alert, ms UTC), from
 * the baselines of the entity's own signals: the same sweep over bin boundaries as
 * `findEventWindows`, so that the event closes where detection closes it.
 */
export function eventLifecycle(event: { readonly start: number }, own: readonly BaselineSeries[], options: LifecycleOptions): LifecycleStep[] {
  const bands = options.bands ?? DEPTH_BANDS;
  const times = boundaries(own);
  const last = Math.max(...own.map(seriesEnd));
  const steps: LifecycleStep[] = [];
  let state: EventState | undefined;
  let depth = 1;
  let band = 0;
  let normalSince: number | undefined;
  const push = (next: EventState, reason: TransitionReason, time: number, signals: SignalReading[], extra: Partial<TransitionFigures> = {}): void => {
    steps.push({ state: next, reason, time, figures: { depth, band, signals, ...extra } });
    state = next;
  };
  for (let k = 0; k < times.length; k++) {
    const t = times[k] ?? 0;
    const next = times[k + 1] ?? last;
    if (t < event.start) continue;
    if (t >= last) break;
    const now = readings(own, t);
    for (const r of now) if (r.ratio !== null && hasVerdict(r.verdict)) depth = Math.min(depth, Math.max(0, r.ratio));
    const verdicts = now.map((r) => r.verdict);
    const alert = verdicts.some(isAlert);
    if (state === undefined) {
      // Known once critical: detection reports no event that stayed at warning.
      if (verdicts.includes("critical")) {
        band = depthBand(depth, bands);
        push("open", "opened", next, now);
      }
      continue;
    }
    if (alert) {
      normalSince = undefined;
      if (state === "recovering") push("open", "relapse", next, now);
      const deeper = depthBand(depth, bands);
      if (deeper > band) {
        band = deeper;
        push("deepening", "deeper", next, now);
      }
    } else if (verdicts.some(hasVerdict)) {
      if (normalSince === undefined) {
        normalSince = t;
        if (state !== "recovering") push("recovering", "recovering", next, now);
      }
      if (next - normalSince >= options.recoveryMs) {
        push("closed", "recovered", next, now, { normalSince: isoTime(normalSince) });
        break;
      }
    } else {
      // Missing is not normal: a silent collector restarts the recovery wait.
      normalSince = undefined;
    }
  }
  return steps;
}
