/**
 * Mobile-first: the mobile networks of a country fell well before its fixed ones
 * (Iran 2019 and 2022, Myanmar 2021). Which networks are mobile is data
 * (data/mobile-asns.json), not code.
 */
import type { TimelineEntry } from "../model/outage-event.ts";
import type { EntityId } from "../model/signal.ts";
import type { Classification } from "./classify-state.ts";
import { asnOf } from "./entity-scope.ts";
import { duration, shortTime } from "./format-numbers.ts";
import { median } from "./median.ts";

/** Options of `findMobileFirst`. */
export interface MobileFirstOptions {
  readonly mobileAsns: ReadonlySet<number>;
  /** How much earlier (median time of fall) mobile networks must fall. */
  readonly leadMs: number;
}

/**
 * Compares when mobile and fixed networks fell. `networks` lists every network entity
 * with data inside the event's entity (fallen or not); `timeline` is the event's.
 */
export function findMobileFirst(
  timeline: readonly TimelineEntry[],
  networks: readonly EntityId[],
  options: MobileFirstOptions,
): Classification | undefined {
  const isMobile = (e: EntityId): boolean => options.mobileAsns.has(asnOf(e) ?? -1);
  const fell = new Map<EntityId, number>();
  for (const t of timeline) {
    if (asnOf(t.entity) === undefined || fell.has(t.entity)) continue;
    fell.set(t.entity, Date.parse(t.fell));
  }
  const mobile = [...fell].filter(([e]) => isMobile(e)).map(([, t]) => t);
  const fixed = [...fell].filter(([e]) => !isMobile(e)).map(([, t]) => t);
  const fixedNetworks = networks.filter((e) => asnOf(e) !== undefined && !isMobile(e));
  const mobileAt = median(mobile);
  if (mobileAt === undefined || fixedNetworks.length === 0) return undefined;
  const fixedAt = median(fixed);
  if (fixedAt === undefined) {
    return {
      kind: "mobile-first",
      evidence: `${mobile.length} mobile network(s) fell (median ${shortTime(mobileAt)}) while none of ${fixedNetworks.length} fixed network(s) did`,
    };
  }
  if (fixedAt - mobileAt < options.leadMs) return undefined;
  return {
    kind: "mobile-first",
    evidence: `mobile networks fell ${duration(fixedAt - mobileAt)} before fixed ones (median ${shortTime(mobileAt)} for ${mobile.length} mobile, ${shortTime(fixedAt)} for ${fixed.length} fixed)`,
  };
}
