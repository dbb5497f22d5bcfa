/**
 * Routing state of a replay: every (collector, peer)'s routes over shared prefix and
 * origin tables. Memory: 4 bytes per (peer, prefix id) plus about 26 bytes per distinct
 * prefix (see PrefixTable); 50 full-feed peers over 1.2 M prefixes take about 270 MB.
 */
import { ChangedPrefixes } from "./changed-prefixes.ts";
import { OriginTable } from "./origin-table.ts";
import { PeerRoutes } from "./peer-routes.ts";
import { PrefixTable } from "./prefix-table.ts";

/** The route tables of all peers of all collectors in a replay. */
export class RoutingState {
  readonly prefixes = new PrefixTable();
  readonly origins = new OriginTable();
  /** Prefix ids whose routes changed since the last visibility pass (see VisibilityTracker). */
  readonly changes = new ChangedPrefixes();
  readonly #peers = new Map<string, PeerRoutes>();

  /** The peer's table, created empty when first named. */
  peer(collector: string, ip: string, asn: number): PeerRoutes {
    const key = `${collector}|${ip}|${asn}`;
    let peer = this.#peers.get(key);
    if (peer === undefined) {
      peer = new PeerRoutes(collector, ip, asn, this.changes);
      this.#peers.set(key, peer);
    }
    return peer;
  }

  /** The peer's table if it exists. */
  findPeer(collector: string, ip: string, asn: number): PeerRoutes | undefined {
    return this.#peers.get(`${collector}|${ip}|${asn}`);
  }

  /** Every peer, in creation order. */
  peers(): PeerRoutes[] {
    return [...this.#peers.values()];
  }

  /** Empties the tables of one collector's peers (before loading its RIB again). */
  clearCollector(collector: string): void {
    for (const peer of this.#peers.values()) if (peer.collector === collector) peer.clear();
  }

  /** Bytes held by the typed arrays (routes and prefix tables), for logs and benchmarks. */
  bytes(): number {
    let n = this.prefixes.capacity * (2 + 16 + 8);
    for (const peer of this.#peers.values()) n += peer.routes.byteLength;
    return n;
  }
}
