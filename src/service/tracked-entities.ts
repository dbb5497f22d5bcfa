/**
 * Which entities the event tracker judges after a bin: every country and region the
 * bin touched, and any other entity a subscription follows (an ASN, or the networks
 * and counties within a subscribed country). Networks are not judged otherwise: a
 * national event's timeline already names the networks that fell, when and how deep,
 * and judging ~70 000 country-ASNs every 5 minutes would cost more than the bin
 * (docs/events.md, "What is judged").
 */
import { entityKind } from "../detect/entity-scope.ts";
import type { EntityId } from "../model/signal.ts";
import { type AlertTarget, follows } from "./alert-targets.ts";

/** Kinds judged whenever a bin touches them. */
export const TRACKED_KINDS: readonly string[] = ["country", "region"];

/** The entities of `touched` the tracker judges, sorted (the order events are created in). */
export function trackedEntities(touched: Iterable<EntityId>, targets: readonly AlertTarget[]): EntityId[] {
  const out = new Set<EntityId>();
  for (const e of touched) {
    if (TRACKED_KINDS.includes(entityKind(e)) || targets.some((t) => follows(t.scope, e))) out.add(e);
  }
  return [...out].sort();
}
