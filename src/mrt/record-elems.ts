/**
 * Typed record → flat per-prefix elements (the shape bgpkit-parser and pybgpstream use).
 * Elements of one UPDATE or RIB entry share one attributes object.
 */
import type { BgpElem, PathAttributes } from "../model/bgp-elem.ts";
import { AFI_IPV4 } from "../bgp/constants.ts";
import type { DecodedAttributes } from "../bgp/path-attributes.ts";
import type { Nlri } from "../bgp/nlri.ts";
import type { MrtRecord } from "./mrt-record.ts";

function time(record: MrtRecord): number {
  return record.microseconds === 0 ? record.timestamp : record.timestamp + record.microseconds / 1e6;
}

/** Next hop of the route from a RIB entry or table dump: MP_REACH_NLRI's if any, else NEXT_HOP. */
function ribNextHop(attrs: DecodedAttributes): string | null {
  const mp = attrs.mpReach[0];
  if (mp !== undefined && mp.nextHops[0] !== undefined) return mp.nextHops[0];
  return attrs.attributes.nextHop ?? null;
}

function push(
  out: BgpElem[],
  timestamp: number,
  type: "A" | "W",
  peerIp: string,
  peerAsn: number,
  nlri: readonly Nlri[],
  attributes: PathAttributes | null,
  nextHop: string | null,
): void {
  for (const n of nlri) {
    const elem: BgpElem =
      n.pathId === undefined
        ? { timestamp, type, peerIp, peerAsn, prefix: n.prefix, nextHop, attributes, fromRib: false }
        : { timestamp, type, peerIp, peerAsn, prefix: n.prefix, pathId: n.pathId, nextHop, attributes, fromRib: false };
    out.push(elem);
  }
}

/**
 * Elements of one record, appended to `out`: withdrawals before announcements, as
 * collectors apply them; RIB entries and table dumps as announcements with `fromRib`.
 * Messages other than UPDATE, peer index tables and unsupported records give none.
 */
export function recordElems(record: MrtRecord, out: BgpElem[] = []): BgpElem[] {
  const timestamp = time(record);
  switch (record.kind) {
    case "table_dump":
      out.push({
        timestamp,
        type: "A",
        peerIp: record.peerIp,
        peerAsn: record.peerAsn,
        prefix: record.prefix,
        nextHop: ribNextHop(record.attrs),
        attributes: record.attrs.attributes,
        fromRib: true,
      });
      break;
    case "rib":
      for (const e of record.entries) {
        const base = {
          timestamp,
          type: "A" as const,
          peerIp: e.peer.ip,
          peerAsn: e.peer.asn,
          prefix: record.prefix,
          nextHop: ribNextHop(e.attrs),
          attributes: e.attrs.attributes,
          fromRib: true,
        };
        out.push(e.pathId === undefined ? base : { ...base, pathId: e.pathId });
      }
      break;
    case "bgp4mp_entry":
      out.push({
        timestamp,
        type: "A",
        peerIp: record.peerIp,
        peerAsn: record.peerAsn,
        prefix: record.prefix,
        nextHop: record.nextHops[0] ?? record.attrs.attributes.nextHop ?? null,
        attributes: record.attrs.attributes,
        fromRib: true,
      });
      break;
    case "bgp4mp_state_change":
      out.push({
        timestamp,
        type: "STATE",
        peerIp: record.peerIp,
        peerAsn: record.peerAsn,
        prefix: null,
        nextHop: null,
        attributes: null,
        fromRib: false,
        oldState: record.oldState,
        newState: record.newState,
      });
      break;
    case "bgp4mp_message": {
      const u = record.update;
      if (u === undefined || record.local) break;
      const { peerIp, peerAsn } = record;
      push(out, timestamp, "W", peerIp, peerAsn, u.withdrawn, null, null);
      for (const mp of u.attrs.mpUnreach) push(out, timestamp, "W", peerIp, peerAsn, mp.nlri, null, null);
      const attributes = u.attrs.attributes;
      push(out, timestamp, "A", peerIp, peerAsn, u.announced, attributes, attributes.nextHop ?? null);
      for (const mp of u.attrs.mpReach) {
        const nextHop = mp.nextHops[0] ?? (mp.afi === AFI_IPV4 ? attributes.nextHop ?? null : null);
        push(out, timestamp, "A", peerIp, peerAsn, mp.nlri, attributes, nextHop);
      }
      break;
    }
    case "peer_index_table":
    case "unsupported":
      break;
  }
  return out;
}
