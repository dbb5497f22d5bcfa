/**
 * An entity's state at the end of its data, for a map: `outage` inside an event,
 * `warning` when a signal is in alert without an event, `normal` when some signal has
 * a verdict and none is in alert, `no-data` when no signal could say (no data, warm-up,
 * a baseline too small): never "normal" by default. With the figures of the signal
 * that decides it and since when the data show that state.
 */
import type { BaselineSeries } from "../model/baseline.ts";
import type { SignalName } from "../model/signal.ts";
import { binAt, hasVerdict, isAlert, seriesEnd } from "./bin-at.ts";
import { boundaries } from "./find-event-windows.ts";

/** The state of the newest bin and its figures. */
export interface CurrentState {
  readonly state: "outage" | "warning" | "normal" | "no-data";
  /** Start of the run of bins in this state that ends with the newest, ms UTC (no earlier than the data read). */
  readonly since: number;
  /** End of the newest bin, ms UTC. */
  readonly time: number;
  readonly signal: SignalName | null;
  readonly value: number | null;
  readonly baseline: number | null;
}

/** The state at boundary `t`, and the signal with the lowest ratio there. */
function stateAt(own: readonly BaselineSeries[], t: number, inEvent: boolean): { state: CurrentState["state"]; pick: { b: BaselineSeries; value: number | null; baseline: number | null; ratio: number } | undefined } {
  let pick: { b: BaselineSeries; value: number | null; baseline: number | null; ratio: number } | undefined;
  let alert = false;
  let verdict = false;
  for (const b of own) {
    const s = binAt(b, t);
    if (s === undefined || !hasVerdict(s.verdict)) continue;
    verdict = true;
    alert ||= isAlert(s.verdict);
    const ratio = s.ratio ?? 1;
    if (pick === undefined || ratio < pick.ratio) pick = { b, value: s.value, baseline: s.baseline, ratio };
  }
  const state = inEvent ? "outage" : alert ? "warning" : verdict ? "normal" : "no-data";
  return { state, pick };
}

/**
 * The current state of an entity from the baselines of its own signals and its events'
 * spans (`end` undefined while ongoing), ms UTC.
 */
export function currentState(own: readonly BaselineSeries[], events: readonly { readonly start: number; readonly end: number | undefined }[]): CurrentState {
  // The last boundary is the end of the newest bin, not a bin.
  const times = boundaries(own).slice(0, -1);
  const time = own.length === 0 ? 0 : Math.max(...own.map(seriesEnd));
  const inEvent = (t: number): boolean => events.some((e) => e.start <= t && (e.end === undefined || t < e.end));
  const newest = times.at(-1);
  if (newest === undefined) return { state: "no-data", since: time, time, signal: null, value: null, baseline: null };
  const { state, pick } = stateAt(own, newest, inEvent(newest));
  let since = newest;
  for (let k = times.length - 2; k >= 0; k--) {
    const t = times[k] ?? 0;
    if (stateAt(own, t, inEvent(t)).state !== state) break;
    since = t;
  }
  if (state === "no-data" || pick === undefined) return { state, since, time, signal: null, value: null, baseline: null };
  return { state, since, time, signal: pick.b.signal, value: pick.value, baseline: pick.baseline };
}
