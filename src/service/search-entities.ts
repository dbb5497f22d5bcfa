/**
 * The entities a store holds series of, found by kind, id, name or what they lie
 * within: what `/v2/entities/query` and `/v1/entities` list. Names come from the
 * store's entity table, else from the id (`entityName`).
 */
import { entityKind, isWithin } from "../detect/entity-scope.ts";
import type { EntityId } from "../model/signal.ts";
import { entityName } from "../chart/entity-name.ts";
import type { SignalSummary, Store } from "../store/store.ts";

/** What to look for; every field narrows the list. */
export interface EntitySearch {
  /** Entity kinds (`country`, `region`, `county`, `asn`, `country-asn`); default every kind but `county` and `country-asn`, as IODA. */
  readonly kinds?: readonly string[] | undefined;
  /** Exact ids. */
  readonly ids?: readonly EntityId[] | undefined;
  /** Case-insensitive part of the name or of the id. */
  readonly search?: string | undefined;
  /** Only entities within this one (`country/IR`), or of this kind when it has no code. */
  readonly within?: EntityId | undefined;
  readonly limit?: number | undefined;
  /** 0-based page of `limit` entities. */
  readonly page?: number | undefined;
}

/** One entity with the series the store holds of it. */
export interface EntityListing {
  readonly id: EntityId;
  readonly kind: string;
  readonly name: string;
  readonly parent: EntityId | null;
  readonly signals: readonly SignalSummary[];
}

/** Kinds left out unless asked for (IODA: "exclude counties from search results"). */
const HIDDEN_KINDS = new Set(["county", "country-asn"]);

/** Rank of a match for ordering (IODA's ORDER BY: exact code, exact name, countries, regions, then name). */
function rank(e: EntityListing, search: string | undefined): number {
  if (search === undefined) return 0;
  const s = search.toLowerCase();
  if (e.id.slice(e.kind.length + 1).toLowerCase() === s) return 1;
  if (e.name.toLowerCase() === s) return 2;
  return e.kind === "country" ? 3 : e.kind === "region" ? 4 : 5;
}

/** Entities with series in `store` matching `query`, ordered as IODA orders them. */
export function searchEntities(store: Store, query: EntitySearch = {}): EntityListing[] {
  const bySeries = new Map<EntityId, SignalSummary[]>();
  for (const s of store.listSignals()) {
    const list = bySeries.get(s.entity);
    if (list === undefined) bySeries.set(s.entity, [s]);
    else list.push(s);
  }
  const search = query.search?.toLowerCase();
  const found: EntityListing[] = [];
  for (const [id, signals] of bySeries) {
    const kind = entityKind(id);
    if (query.kinds === undefined ? HIDDEN_KINDS.has(kind) && query.ids === undefined : !query.kinds.includes(kind)) continue;
    if (query.ids !== undefined && !query.ids.includes(id)) continue;
    if (query.within !== undefined && !(query.within.includes("/") ? isWithin(id, query.within) : true)) continue;
    const stored = store.getEntity(id);
    const name = entityName(id, stored?.name ?? null);
    if (search !== undefined && search !== "" && !name.toLowerCase().includes(search) && !id.toLowerCase().includes(search)) continue;
    found.push({ id, kind, name, parent: stored?.parent ?? null, signals });
  }
  found.sort((a, b) => rank(a, query.search) - rank(b, query.search) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const limit = query.limit ?? found.length;
  const start = limit * (query.page ?? 0);
  return found.slice(start, start + limit);
}
