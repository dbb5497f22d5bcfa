/**
 * Series of larger entities from their members: a province from its counties, a
 * country from all of them. The value is the mean of the members' values present at
 * that time; members without data are left out (missing is not zero), and a bin where
 * none has data is null.
 */
import type { EntityId, SignalPoint } from "../model/signal.ts";

/** Options of `rollUp`. */
export interface RollUpOptions {
  /** For each member entity, the larger entities it belongs to. */
  readonly rollupsOf: ReadonlyMap<EntityId, readonly EntityId[]>;
}

/** The points of every larger entity named in `options.rollupsOf`, sorted. */
export function rollUp(points: readonly SignalPoint[], options: RollUpOptions): SignalPoint[] {
  const sums = new Map<string, { entity: EntityId; signal: string; time: number; sum: number; n: number }>();
  for (const p of points) {
    for (const entity of options.rollupsOf.get(p.entity) ?? []) {
      const k = `${entity}\u0000${p.signal}\u0000${p.time}`;
      const acc = sums.get(k) ?? { entity, signal: p.signal, time: p.time, sum: 0, n: 0 };
      if (p.value !== null) {
        acc.sum += p.value;
        acc.n++;
      }
      sums.set(k, acc);
    }
  }
  return [...sums.values()]
    .map((a) => ({ time: a.time, entity: a.entity, signal: a.signal, value: a.n === 0 ? null : a.sum / a.n }))
    .sort((a, b) => (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : a.signal < b.signal ? -1 : a.signal > b.signal ? 1 : a.time - b.time));
}
