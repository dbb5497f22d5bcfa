/**
 * One entity's events as just judged, against the events stored for it: a judged
 * event is the stored event of the same entity whose span overlaps it (its start may
 * move when new data arrive; the earliest start seen is kept), or a new one. Its
 * figures are rewritten from the judgement; its history only grows: each lifecycle
 * step later than the last stored transition that changes the state (or deepens past
 * the deepest band so far) is appended, with its alerts. A stored event that no
 * judgement covers any more is closed as withdrawn; one that two stored events now
 * form is kept as the earlier, the later closed as merged (docs/events.md).
 */
import { eventLifecycle, type LifecycleStep } from "../detect/event-lifecycle.ts";
import type { BaselineSeries } from "../model/baseline.ts";
import type { OutageEvent } from "../model/outage-event.ts";
import type { EventProvenance, EventState, StoredEvent, StoredSignalDepth } from "../model/stored-event.ts";
import type { EventFields } from "../store/event-records.ts";
import type { Store } from "../store/store.ts";
import type { SeriesRead } from "./read-entity-series.ts";

/** What the reconciliation works on. */
export interface ReconcileInput {
  /** The events of the judgement, in time order. */
  readonly judged: readonly OutageEvent[];
  /** The series read for it (sources of the figures). */
  readonly reads: readonly SeriesRead[];
  /** Baselines of the entity's own signals. */
  readonly own: readonly BaselineSeries[];
  /** Stored events of the entity overlapping the judged window. */
  readonly stored: readonly StoredEvent[];
  /** End of the data judged, ms UTC. */
  readonly until: number;
  readonly recoveryMs: number;
  /** Transitions whose time is before this are history, not news. */
  readonly historicalBefore: number;
  /** Queues the alerts of a new transition; returns how many. */
  readonly enqueue: (event: number, seq: number, state: EventState) => number;
}

/** What changed. */
export interface ReconcileOutcome {
  readonly opened: number;
  readonly transitions: number;
  readonly alerts: number;
  /** Ids of the events written. */
  readonly touched: number[];
}

/** The stored fields of a judged event. */
function fieldsOf(store: Store, event: OutageEvent, reads: readonly SeriesRead[], until: number, band: number): EventFields {
  const own = reads.filter((r) => r.series.entity === event.entity);
  const sourceOf = (signal: string) => own.find((r) => r.series.signal === signal)?.series.source;
  const signals: StoredSignalDepth[] = event.signals.map((s) => {
    const src = sourceOf(s.signal);
    return { ...s, source: src === undefined ? null : { name: src.name, digest: src.digest, kind: src.kind } };
  });
  const provenance: EventProvenance[] = own.map((r) => {
    const src = r.summary.source;
    const method = store.getMethods(r.series.signal).find((m) => m.source === src.name && m.digest === src.digest)?.description ?? "";
    return { signal: r.series.signal, source: src.name, digest: src.digest, method };
  });
  return {
    entity: event.entity, kind: event.kind, start: Date.parse(event.start), end: event.end === null ? null : Date.parse(event.end),
    depth: event.depth, band, score: event.score, signals, explanation: event.explanation, evidence: event.evidence,
    phases: event.phases, timeline: event.timeline, provenance, judgedUntil: until,
  };
}

/** The steps to append after the stored history, given its state, band and last time. */
function newSteps(steps: readonly LifecycleStep[], from: { state: EventState | undefined; band: number; last: number }): LifecycleStep[] {
  let { state, band } = from;
  const out: LifecycleStep[] = [];
  for (const step of steps) {
    if (step.time <= from.last) continue;
    if (step.reason === "deeper" ? step.figures.band <= band : step.state === state) continue;
    if (state === undefined && step.state !== "open") continue;
    const reopened = state === "closed" && step.state !== "closed";
    out.push(reopened ? { ...step, state: "open", reason: "reopened" } : step);
    state = reopened ? "open" : step.state;
    band = Math.max(band, step.figures.band);
  }
  return out;
}

/** Reconciles the judged events of one entity with its stored ones, in the caller's transaction. */
export function reconcileEvents(store: Store, input: ReconcileInput): ReconcileOutcome {
  const { stored, until } = input;
  const used = new Set<number>();
  let opened = 0;
  let transitions = 0;
  let alerts = 0;
  const touched: number[] = [];
  const append = (id: number, steps: readonly LifecycleStep[]): void => {
    for (const step of steps) {
      const event = store.events.get(id);
      if (event === undefined) return;
      const seq = store.events.transition(event, { ...step, historical: step.time < input.historicalBefore });
      transitions++;
      if (step.time >= input.historicalBefore) alerts += input.enqueue(id, seq, step.state);
    }
  };
  for (const judged of input.judged) {
    const start = Date.parse(judged.start);
    const end = judged.end === null ? Number.POSITIVE_INFINITY : Date.parse(judged.end);
    const steps = eventLifecycle({ start }, input.own, { recoveryMs: input.recoveryMs });
    const candidates = stored.filter((s) => !used.has(s.id) && s.start < end && (s.end ?? Number.POSITIVE_INFINITY) > start);
    const match = candidates[0];
    const band = Math.max(match?.band ?? 0, ...steps.map((s) => s.figures.band));
    const fields = fieldsOf(store, judged, input.reads, until, band);
    if (match === undefined) {
      const fresh = newSteps(steps, { state: undefined, band: 0, last: Number.NEGATIVE_INFINITY });
      if (fresh.length === 0) continue; // not yet known: it never reached critical in these bins
      const id = store.events.insert(fields);
      opened++;
      touched.push(id);
      append(id, fresh);
      continue;
    }
    used.add(match.id);
    touched.push(match.id);
    store.events.update(match.id, { ...fields, start: Math.min(match.start, fields.start) });
    append(match.id, newSteps(steps, { state: match.state, band: match.band, last: match.lastChange }));
    for (const other of candidates.slice(1)) {
      used.add(other.id);
      if (other.state === "closed") continue;
      append(other.id, [{ state: "closed", reason: "merged", time: until, figures: { depth: other.depth, band: other.band, signals: [], mergedInto: match.id } }]);
      touched.push(other.id);
    }
  }
  for (const s of stored) {
    if (used.has(s.id) || s.state === "closed") continue;
    // Judged over its span and no longer found: say so rather than leave it open.
    append(s.id, [{ state: "closed", reason: "withdrawn", time: until, figures: { depth: s.depth, band: s.band, signals: [] } }]);
    touched.push(s.id);
  }
  return { opened, transitions, alerts, touched };
}
