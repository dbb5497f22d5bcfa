/**
 * A bin's visible block counts as signal points: `country/XX`, `region/XX-NN`,
 * `asn/N` and `country-asn/XX/N`. An entity that had blocks earlier (in this replay or
 * in the store) and has none now gets 0: the collectors have data and the routes are
 * gone, a real zero. Entities never seen get no point rather than millions of zeros.
 */
import type { SignalPoint } from "../model/signal.ts";
import type { BlockCounts } from "./count-visible-blocks.ts";

/** The entity kinds a BGP replay writes. */
export type BgpEntityKind = "country" | "region" | "asn" | "country-asn";

/** Every kind, in the order entity ids are listed. */
export const BGP_ENTITY_KINDS: readonly BgpEntityKind[] = ["country", "region", "asn", "country-asn"];

/** The signal name per family: `bgp` counts /24s, `bgp6` counts /48s. */
export const BGP_SIGNAL: Readonly<Record<4 | 6, string>> = { 4: "bgp", 6: "bgp6" };

/** Entity id → visible blocks, for the kinds asked. */
export function entityCounts(counts: BlockCounts, kinds: ReadonlySet<BgpEntityKind>): Map<string, number> {
  const out = new Map<string, number>();
  if (kinds.has("country")) for (const [code, n] of counts.countries) out.set(`country/${code}`, n);
  if (kinds.has("region")) for (const [code, n] of counts.regions) out.set(`region/${code}`, n);
  if (kinds.has("asn")) for (const [asn, n] of counts.asns) out.set(`asn/${asn}`, n);
  if (kinds.has("country-asn")) for (const [key, n] of counts.countryAsns) out.set(`country-asn/${key}`, n);
  return out;
}

/**
 * Points of one family for the bin starting at `time`; adds the entities with blocks
 * to `known` and gives every other entity of `known` a 0.
 */
export function binPoints(counts: BlockCounts, time: number, kinds: ReadonlySet<BgpEntityKind>, known: Set<string>): SignalPoint[] {
  const signal = BGP_SIGNAL[counts.family];
  const current = entityCounts(counts, kinds);
  const points: SignalPoint[] = [];
  for (const [entity, value] of current) {
    points.push({ time, entity, signal, value });
    known.add(entity);
  }
  for (const entity of known) if (!current.has(entity)) points.push({ time, entity, signal, value: 0 });
  return points;
}
