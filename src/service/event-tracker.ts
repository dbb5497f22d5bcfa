/**
 * The event tracker as the service runs it: a `BinListener` for the ingest loop (each
 * committed bin, or an import's span, re-judges the tracked entities it touched), and
 * a catch-up from the per-source cursor on start, so that tracking resumes where it
 * stopped. The cursor moves only after the bin's events are stored, so a crash
 * repeats a judgement (which changes nothing) and never skips one.
 */
import type { BinCommitted, BinListener } from "./bin-committed.ts";
import type { Store } from "../store/store.ts";
import type { EntityId } from "../model/signal.ts";
import { alertTargets } from "./alert-targets.ts";
import type { AlertsConfig } from "../alerts/alerts-config.ts";
import { trackEvents, type TrackOptions, type TrackResult } from "./track-events.ts";
import { trackedEntities } from "./tracked-entities.ts";

/** Options of the tracker: tracking's, and the alerts section for its subscriptions. */
export interface EventTrackerOptions extends Omit<TrackOptions, "targets" | "alerts"> {
  readonly alerts?: AlertsConfig;
  /** Called with each run's figures (progress lines). */
  readonly onRun?: (run: TrackResult & { readonly source: string; readonly from: number; readonly until: number }) => void;
}

/** Tracks events on one writable store. */
export class EventTracker {
  readonly #store: Store;
  readonly #options: EventTrackerOptions;

  constructor(store: Store, options: EventTrackerOptions = {}) {
    this.#store = store;
    this.#options = options;
  }

  /** The listener to give the ingest loop. */
  get listener(): BinListener {
    return (bin) => {
      this.onBin(bin);
    };
  }

  /** Tracks the entities a committed bin (or an import's span) touched, then moves the source's cursor. */
  onBin(bin: BinCommitted): TrackResult {
    const touched = bin.entities ?? this.#entitiesOf(bin.source.id);
    return this.#run(bin.source.id, bin.source.name, touched, bin.time, bin.until);
  }

  /**
   * Tracks every source's data after its cursor (all of it for a source never tracked),
   * source by source in id order; returns one result per source that had new data.
   */
  catchUp(): TrackResult[] {
    const results: TrackResult[] = [];
    const spans = new Map<number, { first: number; end: number; entities: Set<EntityId> }>();
    for (const s of this.#store.listSignals()) {
      const span = spans.get(s.source.id) ?? { first: s.first, end: s.last + s.stepMs, entities: new Set<EntityId>() };
      span.first = Math.min(span.first, s.first);
      span.end = Math.max(span.end, s.last + s.stepMs);
      span.entities.add(s.entity);
      spans.set(s.source.id, span);
    }
    for (const source of this.#store.listSources()) {
      const span = spans.get(source.id);
      if (span === undefined) continue;
      const from = Math.max(span.first, this.#store.events.cursor(source.id) ?? Number.NEGATIVE_INFINITY);
      if (from >= span.end) continue;
      results.push(this.#run(source.id, source.name, span.entities, from, span.end));
    }
    return results;
  }

  #entitiesOf(source: number): EntityId[] {
    return this.#store.listSignals().filter((s) => s.source.id === source).map((s) => s.entity);
  }

  #run(source: number, name: string, touched: Iterable<EntityId>, from: number, until: number): TrackResult {
    const targets = alertTargets(this.#store, this.#options.alerts);
    const { alerts, onRun: _, ...rest } = this.#options;
    const result = trackEvents(this.#store, { entities: trackedEntities(touched, targets), from, until }, {
      ...rest, targets, ...(alerts === undefined ? {} : { alerts }),
    });
    this.#store.events.advanceCursor(source, until);
    this.#options.onRun?.({ ...result, source: name, from, until });
    return result;
  }
}
