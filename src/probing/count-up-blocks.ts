/**
 * A round's figure per entity: how many of its eligible /24s were up at the end of the
 * round (IODA's "active probing: # /24s up"). Every entity with an eligible block gets
 * a value, 0 included: the prober watches those blocks, so none up is a measurement.
 */
import type { EntityId } from "../model/signal.ts";

/** Up and watched blocks of one entity. */
export interface EntityUpCount {
  readonly entity: EntityId;
  readonly up: number;
  readonly down: number;
  readonly uncertain: number;
  /** Eligible blocks the prober watches in the entity. */
  readonly watched: number;
}

/** Counts per entity from the blocks' entities and their status codes (0 up, 1 down, 2 uncertain). */
export function countUpBlocks(entities: readonly (readonly EntityId[])[], statuses: Uint8Array): EntityUpCount[] {
  const tally = new Map<EntityId, [number, number, number]>();
  for (let i = 0; i < entities.length; i++) {
    const code = statuses[i] ?? 2;
    for (const e of entities[i] ?? []) {
      let t = tally.get(e);
      if (t === undefined) tally.set(e, (t = [0, 0, 0]));
      t[code === 0 ? 0 : code === 1 ? 1 : 2]++;
    }
  }
  return [...tally.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([entity, [up, down, uncertain]]) => ({ entity, up, down, uncertain, watched: up + down + uncertain }));
}
