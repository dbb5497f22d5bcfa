/**
 * The current state of every entity of one kind the store holds series of, for the
 * dashboard's map: the state the event tracker stored at its last judgement
 * (`entity_state`), or `no-data` when there is none (never tracked: not a tracked
 * kind, or not yet) or when its newest bin is older than `STALE_MS` before the newest
 * of the kind (its data stopped: a silent collector says nothing about the network).
 * Never "normal" by default.
 */
import type { EntityId } from "../model/signal.ts";
import type { EntityState } from "../model/stored-event.ts";
import type { Store } from "../store/store.ts";
import { searchEntities } from "./search-entities.ts";

/** A state older than this, behind the kind's newest, says nothing about now. */
export const STALE_MS = 2 * 3_600_000;

/** One entity on the map. */
export interface MapState {
  readonly id: EntityId;
  readonly name: string;
  readonly state: EntityState["state"];
  /** Since when (ms UTC); null when nothing was ever judged. */
  readonly since: number | null;
  readonly value: number | null;
  readonly baseline: number | null;
  readonly signal: string | null;
  readonly eventId: number | null;
}

/** The states of `kind`, and the time they are as of (the newest data judged; null when none). */
export function mapStates(store: Store, kind: string): { time: number | null; entities: MapState[] } {
  const stored = new Map(store.events.states(kind).map((s) => [s.entity, s]));
  const time = stored.size === 0 ? null : Math.max(...[...stored.values()].map((s) => s.time));
  const entities = searchEntities(store, { kinds: [kind] }).map((e): MapState => {
    const s = stored.get(e.id);
    if (s === undefined) return { id: e.id, name: e.name, state: "no-data", since: null, value: null, baseline: null, signal: null, eventId: null };
    if (time !== null && s.time < time - STALE_MS) return { id: e.id, name: e.name, state: "no-data", since: s.time, value: null, baseline: null, signal: null, eventId: null };
    return { id: e.id, name: e.name, state: s.state, since: s.since, value: s.value, baseline: s.baseline, signal: s.signal, eventId: s.eventId };
  });
  return { time, entities };
}
