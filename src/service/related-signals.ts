/**
 * The stored signals detection needs for one entity: its own, those of what lies within
 * it (regions, counties, networks of a country), and its country's (to tell a regional
 * cut from a national one). Read by entity-id prefix, never by scanning the whole store.
 */
import { countryEntityOf, countryOf, entityKind, isWithin } from "../detect/entity-scope.ts";
import type { EntityId } from "../model/signal.ts";
import type { SignalSummary, Store } from "../store/store.ts";

/** Summaries of the signals of `entity`, of the entities within it, and of its country. */
export function relatedSignals(store: Store, entity: EntityId): SignalSummary[] {
  const country = countryEntityOf(entity);
  const cc = countryOf(entity);
  const prefixes = new Set<string>([entity]);
  if (country !== undefined) prefixes.add(country);
  if (entityKind(entity) === "country" && cc !== undefined) {
    for (const kind of ["region", "county", "country-asn"]) prefixes.add(`${kind}/${cc}`);
  } else if (entityKind(entity) === "region") {
    prefixes.add(`county/${entity.slice("region/".length)}`);
  }
  const found = new Map<string, SignalSummary>();
  for (const prefix of prefixes) {
    for (const s of store.listSignals(prefix)) found.set(`${s.entity}\u0000${s.signal}`, s);
  }
  return [...found.values()].filter((s) => s.entity === entity || s.entity === country || isWithin(s.entity, entity));
}
