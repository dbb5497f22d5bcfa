/**
 * Alerts in IODA's sense (`/v2/outages/alerts`): each change of a signal's level
 * (normal, warning, critical) for an entity, as IODA's OutagesAlertsService squashes
 * them — only N→W, W→C, N→C, W→N and C→N are kept (a repeat, or C→W, is dropped) —
 * from the one detection's baselines of the entity's own signals (`detectEntity`,
 * scope own, with its history). Computed on demand, for any entity the store holds.
 */
import { binAt, hasVerdict } from "../detect/bin-at.ts";
import type { EntityId, SignalName } from "../model/signal.ts";
import type { Store } from "../store/store.ts";
import { detectEntity } from "./detect-entity.ts";

/** One level change of one signal. */
export interface SignalAlert {
  readonly entity: EntityId;
  readonly signal: SignalName;
  /** Start of the bin, ms UTC. */
  readonly time: number;
  readonly level: "normal" | "warning" | "critical";
  /** The level's threshold as a ratio to the baseline, e.g. `< 0.5`. */
  readonly condition: string;
  readonly value: number;
  readonly baseline: number;
  readonly method: string;
}

/** IODA's squash: from `current`, is `level` a change it keeps? */
function kept(current: string, level: string): boolean {
  return (current === "critical" && level === "normal") || (current !== "critical" && current !== level);
}

/** The alerts of `entity`'s own signals in [from, until), in time order. */
export function signalAlerts(store: Store, entity: EntityId, window: { readonly from: number; readonly until: number }): SignalAlert[] {
  const { baselines } = detectEntity(store, { entity, from: window.from, until: window.until, scope: "own" });
  const out: SignalAlert[] = [];
  for (const b of baselines.get(entity) ?? []) {
    const config = b.config;
    // The level before the window, so that a cut under way when it starts is not repeated at each bin.
    let current = "normal";
    for (let i = 0; i < b.verdict.length; i++) {
      const time = b.start + i * b.stepMs;
      if (time >= window.until) break;
      const s = binAt(b, time);
      if (s === undefined || !hasVerdict(s.verdict) || s.value === null || s.baseline === null) continue;
      const level = s.verdict as SignalAlert["level"];
      if (!kept(current, level)) continue;
      current = level;
      if (time < window.from) continue;
      const condition = level === "critical" ? `< ${config.critical}` : level === "warning" ? `< ${config.warning}` : `>= ${config.warning}`;
      out.push({ entity, signal: b.signal, time, level, condition, value: s.value, baseline: s.baseline, method: config.method });
    }
  }
  return out.sort((a, b) => a.time - b.time || a.signal.localeCompare(b.signal));
}
