/**
 * The entities a /24 belongs to, as the BGP signal names them: `country/XX`,
 * `region/XX-NN`, `asn/N` and `country-asn/XX/N` (a block takes the attribution of its
 * first address, as the entity index splits prefixes). Computed once per target list.
 */
import type { EntityIndex } from "../entities/entity-index.ts";
import type { EntityId } from "../model/signal.ts";
import { blockAddress, type TargetBlock } from "./target-block.ts";

/** Entity ids per block, in the order of `blocks`. */
export function blockEntities(index: EntityIndex, blocks: readonly TargetBlock[]): EntityId[][] {
  return blocks.map((b) => {
    const ip = blockAddress(b.block, 0);
    const country = index.countryOf(ip);
    const region = index.regionOf(ip);
    const asn = index.asnOf(ip);
    const out: EntityId[] = [];
    if (country !== null) out.push(`country/${country}`);
    if (region !== null) out.push(`region/${region}`);
    if (asn !== null) out.push(`asn/${asn}`);
    if (country !== null && asn !== null) out.push(`country-asn/${country}/${asn}`);
    return out;
  });
}
