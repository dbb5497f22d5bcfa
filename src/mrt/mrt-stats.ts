/**
 * Counts over an MRT stream: records by type, elements by kind, peers and time span.
 * Built on the element iterator, so it measures that iterator's speed too.
 */
import type { BgpElem } from "../model/bgp-elem.ts";
import { mrtTypeName } from "./constants.ts";
import type { MrtRecord } from "./mrt-record.ts";
import { recordElems } from "./record-elems.ts";

/** What `nightlight mrt stats` reports for one file. */
export interface MrtStats {
  readonly records: Record<string, number>;
  readonly elements: { A: number; W: number; STATE: number };
  readonly peers: number;
  /** Seconds since the epoch, or null for an empty file. */
  readonly first: number | null;
  readonly last: number | null;
}

/** Accumulates stats batch by batch. */
export class MrtStatsCollector {
  readonly #records = new Map<number, number>();
  readonly #peers = new Set<string>();
  readonly #tablePeers = new Set<object>();
  readonly #elements = { A: 0, W: 0, STATE: 0 };
  #lastIp = "";
  #lastAsn = -1;
  #first = Infinity;
  #last = -Infinity;
  readonly #elems: BgpElem[] = [];

  /** Adds one batch of records. */
  add(batch: readonly MrtRecord[]): void {
    const elems = this.#elems;
    let lastType = -1;
    let run = 0;
    for (const record of batch) {
      // Runs of one record type are the rule: count them before touching the map.
      const key = record.type * 65536 + record.subtype;
      if (key !== lastType) {
        if (run > 0) this.#records.set(lastType, (this.#records.get(lastType) ?? 0) + run);
        lastType = key;
        run = 0;
      }
      run += 1;
      if (record.timestamp < this.#first) this.#first = record.timestamp;
      if (record.timestamp > this.#last) this.#last = record.timestamp;
      elems.length = 0;
      recordElems(record, elems);
      for (const e of elems) this.#elements[e.type] += 1;
      // Peers per record, not per element: one key per message, one object per table peer.
      if (record.kind === "rib") {
        for (const entry of record.entries) this.#tablePeers.add(entry.peer);
      } else if (record.kind !== "peer_index_table" && record.kind !== "unsupported") {
        if (record.peerIp !== this.#lastIp || record.peerAsn !== this.#lastAsn) {
          this.#peers.add(`${record.peerAsn} ${record.peerIp}`);
          this.#lastIp = record.peerIp;
          this.#lastAsn = record.peerAsn;
        }
      }
    }
    if (run > 0) this.#records.set(lastType, (this.#records.get(lastType) ?? 0) + run);
  }

  /** The totals so far. */
  result(): MrtStats {
    const records: Record<string, number> = {};
    for (const [key, n] of [...this.#records].sort((a, b) => a[0] - b[0])) {
      records[mrtTypeName(Math.floor(key / 65536), key % 65536)] = n;
    }
    const empty = this.#first === Infinity;
    return {
      records,
      elements: { ...this.#elements },
      peers: this.#peers.size + new Set([...this.#tablePeers].map((p) => `${(p as { asn: number }).asn} ${(p as { ip: string }).ip}`).filter((k) => !this.#peers.has(k))).size,
      first: empty ? null : this.#first,
      last: empty ? null : this.#last,
    };
  }
}
