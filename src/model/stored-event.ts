/**
 * Events as the observatory keeps them: an outage event of detection with a state and
 * a history of transitions, each with the figures that caused it (docs/events.md).
 * Types only.
 */
import type { Verdict } from "./baseline.ts";
import type { EventPhase, ShutdownKind, SignalDepth, TimelineEntry } from "./outage-event.ts";
import type { EntityId, SignalName } from "./signal.ts";

/** Where a stored event is in its life. */
export type EventState = "open" | "deepening" | "recovering" | "closed";

/**
 * Why a transition was recorded: `opened` (a signal reached critical), `deeper` (the
 * depth crossed a band), `recovering` (every signal with a verdict back to normal),
 * `relapse` (an alert again while recovering), `recovered` (normal for the recovery
 * time), `reopened` (new data showed a closed event going on), `withdrawn` (new data no
 * longer show the event), `merged` (new data joined it to an earlier event).
 */
export type TransitionReason = "opened" | "deeper" | "recovering" | "relapse" | "recovered" | "reopened" | "withdrawn" | "merged";

/** One signal's bin as a transition cites it. */
export interface SignalReading {
  readonly signal: SignalName;
  /** Start of the bin, ISO 8601 UTC. */
  readonly bin: string;
  readonly value: number | null;
  readonly baseline: number | null;
  /** value ÷ baseline. */
  readonly ratio: number | null;
  readonly verdict: Verdict;
}

/** The numbers behind a transition. */
export interface TransitionFigures {
  /** Lowest value ÷ baseline of the event so far, 0–1. */
  readonly depth: number;
  /** Depth band reached so far (0: above the first band; see DEPTH_BANDS). */
  readonly band: number;
  /** The bin that caused it, per signal of the entity. */
  readonly signals: readonly SignalReading[];
  /** For `recovered`: when the signals were back to normal, ISO 8601 UTC. */
  readonly normalSince?: string;
  /** For `merged`: the event it was joined to. */
  readonly mergedInto?: number;
}

/** A change of state, as stored. */
export interface EventTransition {
  readonly event: number;
  /** 1, 2, … per event. */
  readonly seq: number;
  readonly state: EventState;
  readonly reason: TransitionReason;
  /** When the data first showed it (the end of the bin that caused it), ms UTC. */
  readonly time: number;
  readonly figures: TransitionFigures;
  /** Recorded while catching up on data older than the alert horizon: not alerted as news. */
  readonly historical: boolean;
}

/** A signal of a stored event, with the source its figures came from. */
export interface StoredSignalDepth extends SignalDepth {
  readonly source: { readonly name: string; readonly digest: string; readonly kind: "observatory" | "import" } | null;
}

/** Where each signal of an event came from and how it was computed. */
export interface EventProvenance {
  readonly signal: SignalName;
  readonly source: string;
  readonly digest: string | null;
  readonly method: string;
}

/** An event as the store keeps it. */
export interface StoredEvent {
  readonly id: number;
  readonly entity: EntityId;
  readonly kind: ShutdownKind;
  readonly state: EventState;
  /** First alert, ms UTC. */
  readonly start: number;
  /** First of the normal bins that closed it, ms UTC; null while not closed. */
  readonly end: number | null;
  readonly depth: number;
  /** Deepest band reached. */
  readonly band: number;
  readonly score: number;
  readonly signals: readonly StoredSignalDepth[];
  readonly explanation: string;
  readonly evidence: string;
  readonly phases: readonly EventPhase[];
  readonly timeline: readonly TimelineEntry[];
  readonly provenance: readonly EventProvenance[];
  /** Time of the last transition, ms UTC. */
  readonly lastChange: number;
  /** End of the data the event was last judged on, ms UTC. */
  readonly judgedUntil: number;
  readonly lastSeq: number;
}

/** A note a person added to an event. */
export interface EventAnnotation {
  readonly id: number;
  readonly event: number;
  /** When it was written, ms UTC. */
  readonly time: number;
  readonly author: string;
  readonly text: string;
}

/** Which transitions a subscriber wants. */
export interface SubscriptionScope {
  /** Entities subscribed to. */
  readonly entities: readonly EntityId[];
  /** Also the entities within them (regions, counties, networks). */
  readonly within: boolean;
  /** States alerted. */
  readonly states: readonly EventState[];
}

/** A webhook added through the API. */
export interface StoredWebhook extends SubscriptionScope {
  readonly id: number;
  readonly url: string;
  readonly secret: string;
  readonly createdAt: number;
  readonly createdBy: string;
}

/** Delivery state of one alert. */
export type AlertStatus = "pending" | "sending" | "sent" | "failed";

/** One alert: a transition to one target over one channel. */
export interface OutboxAlert {
  readonly id: number;
  readonly event: number;
  readonly seq: number;
  /** `webhook` or `email`. */
  readonly channel: "webhook" | "email";
  /** The configured channel's name (`webhook:ops`, `api-webhook:3`, `email:newsroom`). */
  readonly target: string;
  readonly status: AlertStatus;
  readonly attempts: number;
  /** ms UTC. */
  readonly nextAttempt: number;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly sentAt: number | null;
}

/** An entity's current state for the map. */
export interface EntityState {
  readonly entity: EntityId;
  readonly state: "outage" | "warning" | "normal" | "no-data";
  /** Since when, ms UTC (as far back as the data read show). */
  readonly since: number;
  /** End of the newest bin judged, ms UTC. */
  readonly time: number;
  readonly signal: SignalName | null;
  readonly value: number | null;
  readonly baseline: number | null;
  readonly eventId: number | null;
}
