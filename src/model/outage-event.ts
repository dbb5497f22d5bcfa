/**
 * Outage events as detection reports them. Types only.
 */
import type { EntityId, SignalName } from "./signal.ts";

/** Kinds of shutdown Nightlight names, each stated with its evidence. */
export type ShutdownKind =
  | "total"
  | "data-plane-cut"
  | "international-cut"
  | "route-withdrawal"
  | "mobile-first"
  | "regional"
  | "whitelisting"
  | "curfew"
  | "partial"
  | "unknown";

/** How deep one signal fell during an event. */
export interface SignalDepth {
  readonly signal: SignalName;
  /** Lowest value ÷ baseline over the event, 0–1. */
  readonly depth: number;
  readonly lowest: number;
  readonly baseline: number;
  /** Time of the lowest value, ISO 8601 UTC. */
  readonly at: string;
  /** IODA-style score part: Σ drop % × minutes. */
  readonly score: number;
}

/** A change of kind during an event, e.g. a partial restoration. */
export interface EventPhase {
  readonly start: string;
  readonly kind: ShutdownKind;
  readonly evidence: string;
}

/** One entry of the "who fell first" timeline. */
export interface TimelineEntry {
  readonly entity: EntityId;
  readonly signal: SignalName;
  /** First alert (warning or critical) of the run that reached critical, ISO 8601 UTC. */
  readonly start: string;
  /** First bin below the critical level: when it "fell". The timeline is ordered by this. */
  readonly fell: string;
  /** Lowest value ÷ baseline of the run while the event lasted, 0–1. */
  readonly depth: number;
}

/** An outage event as `nightlight detect --format json` prints it. */
export interface OutageEvent {
  readonly entity: EntityId;
  /** ISO 8601 UTC. */
  readonly start: string;
  /** ISO 8601 UTC, or null while ongoing. */
  readonly end: string | null;
  readonly kind: ShutdownKind;
  /** Why `kind`: the numbers behind it, in one sentence. */
  readonly evidence: string;
  /** Lowest value ÷ baseline across signals (the smallest per-signal depth). */
  readonly depth: number;
  readonly score: number;
  readonly signals: readonly SignalDepth[];
  readonly phases: readonly EventPhase[];
  readonly timeline: readonly TimelineEntry[];
  readonly explanation: string;
}
