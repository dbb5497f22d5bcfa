/**
 * Running figures of a replay's bins, for its summary: bins counted per family, bins
 * with data per collector, the runs of bins without counts, the largest tables and the
 * range of full-feed peers per family.
 */
import type { Visibility } from "./compute-visibility.ts";
import type { FullFeedRange, LargestTable } from "./replay-bgp.ts";
import type { RoutingState } from "./routing-state.ts";

/** Running figures of the bins: counts, collectors, largest tables and full-feed peers per family. */
export class BinTally {
  readonly largest: Record<4 | 6, LargestTable | null> = { 4: null, 6: null };
  readonly fullFeedPeers: Record<4 | 6, FullFeedRange | null> = { 4: null, 6: null };
  readonly counted: Record<4 | 6, number> = { 4: 0, 6: 0 };
  readonly byCollector: Record<string, number> = {};
  readonly uncounted: [number, number][] = [];
  any = 0;

  constructor(collectors: readonly string[]) {
    for (const c of collectors) this.byCollector[c] = 0;
  }

  /** Notes the bin `[time, end)`: which collectors had data, what was counted. */
  add(time: number, end: number, state: RoutingState, collectors: readonly string[], visibility: Visibility | null, v4: boolean, v6: boolean): void {
    if (v4) this.counted[4]++;
    if (v6) this.counted[6]++;
    if (v4 || v6) this.any++;
    else {
      const last = this.uncounted.at(-1);
      if (last !== undefined && last[1] === time) last[1] = end;
      else this.uncounted.push([time, end]);
    }
    for (const c of collectors) this.byCollector[c] = (this.byCollector[c] ?? 0) + 1;
    if (collectors.length > 0) this.#measure(time, state, collectors, visibility);
  }

  #measure(time: number, state: RoutingState, collectors: readonly string[], visibility: Visibility | null): void {
    for (const peer of state.peers()) {
      if (!collectors.includes(peer.collector)) continue;
      for (const family of [4, 6] as const) {
        const routes = family === 4 ? peer.v4 : peer.v6;
        const best = this.largest[family];
        if (routes > 0 && (best === null || routes > best.routes)) {
          this.largest[family] = { routes, collector: peer.collector, peerIp: peer.ip, peerAsn: peer.asn, time };
        }
      }
    }
    if (visibility === null) return;
    for (const family of [4, 6] as const) {
      const n = (family === 4 ? visibility.v4 : visibility.v6).fullFeedPeers;
      const range = this.fullFeedPeers[family];
      this.fullFeedPeers[family] = range === null ? { min: n, max: n } : { min: Math.min(range.min, n), max: Math.max(range.max, n) };
    }
  }
}

