/**
 * Counts over an MRT stream: records by type, elements by kind, peers (with their
 * element counts) and time span. Built on the element iterator, so it measures that
 * iterator's speed too.
 */
import type { BgpElem } from "../model/bgp-elem.ts";
import { mrtTypeName } from "./constants.ts";
import type { MrtPeer, MrtRecord } from "./mrt-record.ts";
import { recordElems } from "./record-elems.ts";

/** One peer of a file and how many elements it gave. */
export interface PeerCount {
  readonly asn: number;
  readonly ip: string;
  readonly elements: number;
}

/** What `nightlight mrt stats` reports for one file. */
export interface MrtStats {
  readonly records: Record<string, number>;
  readonly elements: { A: number; W: number; STATE: number };
  /** Peers, most elements first. */
  readonly peers: readonly PeerCount[];
  /** Seconds since the epoch, or null for an empty file. */
  readonly first: number | null;
  readonly last: number | null;
}

/** Accumulates stats batch by batch. */
export class MrtStatsCollector {
  readonly #records = new Map<number, number>();
  /** Elements per message peer, keyed `asn ip`, and per table peer object. */
  readonly #peers = new Map<string, number>();
  readonly #tablePeers = new Map<MrtPeer, number>();
  readonly #elements = { A: 0, W: 0, STATE: 0 };
  #first = Infinity;
  #last = -Infinity;
  readonly #elems: BgpElem[] = [];

  /** Adds one batch of records. */
  add(batch: readonly MrtRecord[]): void {
    const elems = this.#elems;
    let lastType = -1;
    let run = 0;
    // Consecutive messages of one peer are the rule: count them before touching the map.
    let peerKey = "";
    let peerIp = "";
    let peerAsn = -1;
    let peerRun = 0;
    const flushPeer = (): void => {
      if (peerRun > 0) this.#peers.set(peerKey, (this.#peers.get(peerKey) ?? 0) + peerRun);
      peerRun = 0;
    };
    for (const record of batch) {
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
      if (record.kind === "rib") {
        for (const entry of record.entries) this.#tablePeers.set(entry.peer, (this.#tablePeers.get(entry.peer) ?? 0) + 1);
      } else if (record.kind !== "peer_index_table" && record.kind !== "unsupported") {
        if (record.peerIp !== peerIp || record.peerAsn !== peerAsn) {
          flushPeer();
          peerIp = record.peerIp;
          peerAsn = record.peerAsn;
          peerKey = `${peerAsn} ${peerIp}`;
        }
        peerRun += elems.length;
        if (peerRun === 0) this.#peers.set(peerKey, this.#peers.get(peerKey) ?? 0);
      }
    }
    flushPeer();
    if (run > 0) this.#records.set(lastType, (this.#records.get(lastType) ?? 0) + run);
  }

  /** The totals so far. */
  result(): MrtStats {
    const records: Record<string, number> = {};
    for (const [key, n] of [...this.#records].sort((a, b) => a[0] - b[0])) {
      records[mrtTypeName(Math.floor(key / 65536), key % 65536)] = n;
    }
    const peers = new Map(this.#peers);
    for (const [peer, n] of this.#tablePeers) {
      const key = `${peer.asn} ${peer.ip}`;
      peers.set(key, (peers.get(key) ?? 0) + n);
    }
    const list = [...peers].map(([key, elements]) => {
      const space = key.indexOf(" ");
      return { asn: Number(key.slice(0, space)), ip: key.slice(space + 1), elements };
    });
    list.sort((a, b) => b.elements - a.elements || a.asn - b.asn || (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
    const empty = this.#first === Infinity;
    return {
      records,
      elements: { ...this.#elements },
      peers: list,
      first: empty ? null : this.#first,
      last: empty ? null : this.#last,
    };
  }
}
