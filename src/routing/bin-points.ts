/**
 * A bin's visible block counts per entity: `country/XX`, `region/XX-NN`, `asn/N` and
 * `country-asn/XX/N`. Only entities with blocks are listed; the store's zero rule
 * (docs/store.md) gives 0 to those seen recently and absent now.
 */
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
