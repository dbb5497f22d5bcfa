/**
 * Stored events as JSON: the list item and the full event that `/v1/events`,
 * `/v1/events/{id}` and `nightlight events --format json` give, in one place so that
 * the CLI and the API say the same (docs/api.md, "Events").
 */
import { entityKind, isWithin } from "../detect/entity-scope.ts";
import type { EntityId } from "../model/signal.ts";
import type { EventTransition, StoredEvent } from "../model/stored-event.ts";
import { entityName } from "../chart/entity-name.ts";
import type { EventFilter } from "../store/event-records.ts";
import type { Store } from "../store/store.ts";

/** ISO 8601 UTC without milliseconds when they are zero. */
const iso = (t: number): string => new Date(t).toISOString().replace(".000Z", "Z");

/** One event of a list. */
export interface EventListItem {
  readonly id: number;
  readonly entity: EntityId;
  readonly entityName: string;
  readonly kind: string;
  readonly state: string;
  readonly start: string;
  readonly end: string | null;
  readonly depth: number;
  readonly score: number;
  readonly signals: readonly { readonly signal: string; readonly depth: number; readonly source: string | null }[];
  readonly lastChange: string;
}

/** A transition as JSON. */
export interface TransitionJson {
  readonly seq: number;
  readonly state: string;
  readonly reason: string;
  readonly time: string;
  readonly depth: number;
  readonly band: number;
  readonly historical: boolean;
  readonly signals: EventTransition["figures"]["signals"];
  readonly normalSince?: string;
  readonly mergedInto?: number;
}

/** What to list. */
export interface EventQuery {
  readonly entity?: EntityId | undefined;
  /** The entity and everything within it (`country/IR`: its regions, counties, networks). */
  readonly within?: EntityId | undefined;
  readonly kind?: string | undefined;
  readonly from?: number | undefined;
  readonly until?: number | undefined;
  readonly ongoing?: boolean | undefined;
  readonly limit?: number | undefined;
  readonly page?: number | undefined;
}

/** Id prefixes of what lies within `entity` (`country/IR` → `region/IR-`, `region/IR/`, …). */
export function withinPrefixes(entity: EntityId): string[] {
  const kind = entityKind(entity);
  const code = entity.slice(kind.length + 1);
  if (kind === "country") return ["region", "county"].flatMap((k) => [`${k}/${code}-`, `${k}/${code}/`]).concat(`country-asn/${code}/`);
  if (kind === "region") return [`county/${code}/`];
  return [];
}

/** The store's filter for a query. */
function filterOf(q: EventQuery): EventFilter {
  // Both: the entity, when it is the other or lies within it.
  const scope = q.entity !== undefined && q.within !== undefined
    ? { entities: q.entity === q.within || isWithin(q.entity, q.within) ? [q.entity] : [] }
    : q.within !== undefined ? { entities: [q.within], prefixes: withinPrefixes(q.within) }
      : q.entity !== undefined ? { entities: [q.entity] } : {};
  return {
    ...scope,
    ...(q.kind === undefined ? {} : { kind: q.kind }),
    ...(q.from === undefined ? {} : { from: q.from }),
    ...(q.until === undefined ? {} : { until: q.until }),
    ...(q.ongoing === undefined ? {} : { ongoing: q.ongoing }),
    ...(q.limit === undefined ? {} : { limit: q.limit, offset: q.limit * (q.page ?? 0) }),
  };
}

/** The list item of an event. */
export function eventListItem(store: Store, e: StoredEvent): EventListItem {
  return {
    id: e.id, entity: e.entity, entityName: entityName(e.entity, store.getEntity(e.entity)?.name ?? null), kind: e.kind, state: e.state,
    start: iso(e.start), end: e.end === null ? null : iso(e.end), depth: e.depth, score: e.score,
    signals: e.signals.map((s) => ({ signal: s.signal, depth: s.depth, source: s.source?.name ?? null })), lastChange: iso(e.lastChange),
  };
}

/** Stored events matching `q`, newest start first, and how many match in all. */
export function listStoredEvents(store: Store, q: EventQuery): { events: EventListItem[]; total: number } {
  const { events, total } = store.events.list(filterOf(q));
  return { events: events.map((e) => eventListItem(store, e)), total };
}

/** A transition as JSON. */
export function transitionJson(t: EventTransition): TransitionJson {
  return {
    seq: t.seq, state: t.state, reason: t.reason, time: iso(t.time), depth: t.figures.depth, band: t.figures.band, historical: t.historical,
    signals: t.figures.signals,
    ...(t.figures.normalSince === undefined ? {} : { normalSince: t.figures.normalSince }),
    ...(t.figures.mergedInto === undefined ? {} : { mergedInto: t.figures.mergedInto }),
  };
}

/** One event in full: figures, phases, timeline, explanation, provenance, history and annotations; undefined when there is none. */
export function storedEventJson(store: Store, id: number) {
  const e = store.events.get(id);
  if (e === undefined) return undefined;
  return {
    ...eventListItem(store, e),
    signals: e.signals.map((s) => ({ ...s, source: s.source?.name ?? null, sourceKind: s.source?.kind ?? null })),
    evidence: e.evidence, explanation: e.explanation, phases: e.phases, timeline: e.timeline,
    provenance: e.provenance.map((p) => ({ signal: p.signal, source: p.source, digest: p.digest, method: p.method })),
    judgedUntil: iso(e.judgedUntil),
    history: store.events.history(id).map(transitionJson),
    annotations: store.events.annotations(id).map((a) => ({ id: a.id, time: iso(a.time), author: a.author, text: a.text })),
  };
}
