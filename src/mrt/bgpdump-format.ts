/**
 * `bgpdump -m` lines for typed records: a drop-in replacement for people whose scripts
 * read bgpdump's output. Each quirk kept is bgpdump's, noted where it is reproduced;
 * where bgpdump 1.6.2 is wrong (unmasked NLRI, 8-byte AGGREGATOR in 2-byte records) or
 * silent (BGP4MP_ENTRY, RIB_GENERIC, multicast RIBs), see docs/bgpdump-differences.md.
 */
import type { AsPathSegment } from "../model/bgp-elem.ts";
import { AFI_IPV4, AFI_IPV6, ATTR_AS_PATH, ATTR_ATOMIC_AGGREGATE, ATTR_COMMUNITIES, ATTR_MP_REACH_NLRI } from "../bgp/constants.ts";
import { COMMUNITY_NO_ADVERTISE, COMMUNITY_NO_EXPORT, COMMUNITY_NO_EXPORT_SUBCONFED } from "../bgp/constants.ts";
import type { DecodedAttributes, MpReach } from "../bgp/path-attributes.ts";
import type { Nlri } from "../bgp/nlri.ts";
import { MRT_TYPE_BGP4MP_ET, TDV2_RIB_IPV4_UNICAST, TDV2_RIB_IPV4_UNICAST_ADDPATH, TDV2_RIB_IPV6_UNICAST, TDV2_RIB_IPV6_UNICAST_ADDPATH } from "./constants.ts";
import { LineWriter } from "./line-writer.ts";
import type { Bgp4mpMessageRecord, MrtRecord } from "./mrt-record.ts";

/** bgpdump's "no address" (INADDR_NONE) for absent NEXT_HOP and AGGREGATOR. */
const INADDR_NONE = "255.255.255.255";
/** bgpdump cuts AS path text near its 8000-byte buffer (bgpdump_lib.c). */
const ASPATH_MAX = 8000 - 100;
/** bgpdump builds community text in a BUFSIZ buffer. */
const COMMUNITY_MAX = 8191;

const bit = (code: number): number => 1 << (code - 1);

/** bgpdump's IPv6 text: like RFC 5952 but a lone zero group is compressed too, and IPv4-compatible addresses print dotted. */
export function bgpdumpIpv6(text: string): string {
  if (text.startsWith("::ffff:") || !text.includes(":")) return text;
  const slash = text.indexOf("/");
  const addr = slash < 0 ? text : text.slice(0, slash);
  const suffix = slash < 0 ? "" : text.slice(slash);
  if (addr.startsWith("::") && addr.indexOf(":", 2) < 0 && addr.length > 2) {
    // ::x or ::x:y — IPv4-compatible when the low 32 bits exceed 1 (IN6_IS_ADDR_V4COMPAT).
    const tail = addr.slice(2).split(":");
    const v = tail.length === 1 ? parseInt(tail[0]!, 16) : parseInt(tail[0]!, 16) * 65536 + parseInt(tail[1]!, 16);
    if (v > 1) return `::${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}${suffix}`;
    return text;
  }
  if (addr.startsWith("::") && addr.split(":").length === 4) {
    const [, , hi, lo] = addr.split(":");
    const v = parseInt(hi!, 16) * 65536 + parseInt(lo!, 16);
    if (v > 1) return `::${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}${suffix}`;
  }
  if (addr.includes("::")) return text;
  const groups = addr.split(":");
  const zero = groups.indexOf("0");
  if (zero < 0) return text;
  groups[zero] = "";
  let out = groups.join(":");
  if (zero === 0) out = `:${out}`;
  if (zero === 7) out = `${out}:`;
  return out + suffix;
}

function v6(text: string): string {
  return text.includes(":") ? bgpdumpIpv6(text) : text;
}

/** AS path text exactly as bgpdump's process_attr_aspath_string builds it. */
export function bgpdumpAsPath(segments: readonly AsPathSegment[]): string {
  let s = "";
  let space = false;
  let prev: AsPathSegment["kind"] = "sequence";
  for (const seg of segments) {
    if (prev !== "sequence") s += END[prev];
    if (space) s += " ";
    if (seg.kind !== "sequence") s += START[seg.kind];
    space = false;
    const comma = seg.kind === "set" || seg.kind === "confed_set";
    for (const asn of seg.asns) {
      if (space) s += comma ? "," : " ";
      else space = true;
      s += asn;
      if (s.length > ASPATH_MAX) return `${s}...`;
    }
    prev = seg.kind;
  }
  if (prev !== "sequence") s += END[prev];
  return s;
}

const START = { sequence: "", set: "{", confed_sequence: "(", confed_set: "[" } as const;
const END = { sequence: "", set: "}", confed_sequence: ")", confed_set: "]" } as const;

/** Community text as bgpdump's process_attr_community_string builds it, without the leading space. */
export function bgpdumpCommunities(values: readonly number[]): string {
  let s = "";
  for (const c of values) {
    let item: string;
    if (c === COMMUNITY_NO_EXPORT) item = " no-export";
    else if (c === COMMUNITY_NO_ADVERTISE) item = " no-advertise";
    else if (c === COMMUNITY_NO_EXPORT_SUBCONFED) item = " local-AS";
    else {
      item = ` ${Math.floor(c / 65536)}:${c & 0xffff}`;
      if (s.length + item.length > COMMUNITY_MAX) item = item.slice(0, COMMUNITY_MAX - s.length);
      s += item;
      continue;
    }
    if (s.length + item.length < COMMUNITY_MAX + 1) s += item;
  }
  return s.slice(1);
}

/** The shared tail of an announcement: `aspath|origin|nexthop|lp|med|communities|AG|aggregator|`. */
function attrTail(d: DecodedAttributes, nextHop: string, signed: boolean): string {
  const a = d.attributes;
  const path = (d.seen & bit(ATTR_AS_PATH)) !== 0 && a.asPath !== undefined ? bgpdumpAsPath(a.asPath) : "";
  const origin = a.origin ?? "INCOMPLETE";
  let lp = a.localPref ?? 0;
  let med = a.med ?? 0;
  // table_line_announce_1 prints these with %d.
  if (signed) {
    lp |= 0;
    med |= 0;
  }
  const comm = (d.seen & bit(ATTR_COMMUNITIES)) !== 0 ? bgpdumpCommunities(a.communities ?? []) : "";
  const ag = (d.seen & bit(ATTR_ATOMIC_AGGREGATE)) !== 0 ? "AG" : "NAG";
  const agg = a.aggregator !== undefined && a.aggregator.ip !== INADDR_NONE ? `${a.aggregator.asn} ${a.aggregator.ip}` : "";
  return `${path}|${origin}|${nextHop}|${lp}|${med}|${comm}|${ag}|${agg}|\n`;
}

/** bgpdump's next hop for RIB lines: an IPv6 unicast MP_REACH_NLRI's, else NEXT_HOP. */
function ribNextHop(d: DecodedAttributes): string {
  if ((d.seen & bit(ATTR_MP_REACH_NLRI)) !== 0) {
    const mp = d.mpReach.find((m) => m.afi === AFI_IPV6 && m.safi === 1);
    if (mp !== undefined) return v6(mp.nextHops[0] ?? "::");
  }
  return d.attributes.nextHop ?? INADDR_NONE;
}

const ORDER: readonly (readonly [number, number])[] = [
  [AFI_IPV4, 1],
  [AFI_IPV4, 2],
  [AFI_IPV4, 3],
  [AFI_IPV6, 1],
  [AFI_IPV6, 2],
  [AFI_IPV6, 3],
];

function writeMessage(r: Bgp4mpMessageRecord, time: string, w: LineWriter): void {
  const u = r.update;
  if (u === undefined) return;
  const d = u.attrs;
  // bgpdump's get_bgp4mp_format: BGP4MP[_ET][_LOCAL][_AP].
  const tag = `BGP4MP${r.type === MRT_TYPE_BGP4MP_ET ? "_ET" : ""}${r.local ? "_LOCAL" : ""}${r.addPath ? "_AP" : ""}`;
  const peer = `${v6(r.peerIp)}|${r.peerAsn}|`;
  const ap = r.addPath;
  const withdraw = (list: readonly Nlri[]): void => {
    if (list.length === 0) return;
    const head = `${tag}|${time}|W|${peer}`;
    for (const n of list) {
      w.text(head);
      w.text(v6(n.prefix));
      if (ap) {
        w.byte(PIPE);
        w.uint(n.pathId ?? 0);
      }
      w.byte(NEWLINE);
    }
  };
  const announce = (list: readonly Nlri[], tail: string): void => {
    const head = `${tag}|${time}|A|${peer}`;
    // The attribute tail is the same on every line of the update: encode it once.
    const tailBytes = list.length > 1 ? Buffer.from(tail, "latin1") : undefined;
    for (const n of list) {
      w.text(head);
      w.text(v6(n.prefix));
      w.byte(PIPE);
      if (ap) {
        w.uint(n.pathId ?? 0);
        w.byte(PIPE);
      }
      if (tailBytes === undefined) w.text(tail);
      else w.bytes(tailBytes);
    }
  };
  withdraw(u.withdrawn);
  // bgpdump keeps one MP_(UN)REACH per AFI/SAFI, the first, and prints them in AFI/SAFI order.
  if (d.mpUnreach.length > 0) {
    for (const [afi, safi] of ORDER) {
      const mp = d.mpUnreach.find((m) => m.afi === afi && m.safi === safi);
      if (mp !== undefined) withdraw(mp.nlri);
    }
  }
  if (u.announced.length > 0) announce(u.announced, attrTail(d, d.attributes.nextHop ?? INADDR_NONE, false));
  if (d.mpReach.length > 0) {
    for (const [afi, safi] of ORDER) {
      const mp: MpReach | undefined = d.mpReach.find((m) => m.afi === afi && m.safi === safi && !m.abbreviated);
      if (mp === undefined || mp.nlri.length === 0) continue;
      const nh = mp.nextHops[0] ?? (afi === AFI_IPV4 ? "0.0.0.0" : "::");
      announce(mp.nlri, attrTail(d, v6(nh), afi === AFI_IPV4));
    }
  }
}

const PIPE = 0x7c;
const NEWLINE = 0x0a;

/** Writes the `bgpdump -m` lines of one record (none for records bgpdump prints nothing for). */
export function writeBgpdump(record: MrtRecord, w: LineWriter): void {
  const time = record.type === MRT_TYPE_BGP4MP_ET
    ? `${record.timestamp}.${String(record.microseconds).padStart(6, "0")}`
    : String(record.timestamp);
  switch (record.kind) {
    case "table_dump":
      w.text(`TABLE_DUMP|${time}|B|${v6(record.peerIp)}|${record.peerAsn}|${v6(record.prefix)}|`);
      w.text(attrTail(record.attrs, ribNextHop(record.attrs), false));
      return;
    case "rib": {
      const st = record.subtype;
      if (st !== TDV2_RIB_IPV4_UNICAST && st !== TDV2_RIB_IPV6_UNICAST && st !== TDV2_RIB_IPV4_UNICAST_ADDPATH && st !== TDV2_RIB_IPV6_UNICAST_ADDPATH) {
        return;
      }
      const head = `${record.addPath ? "TABLE_DUMP2_AP" : "TABLE_DUMP2"}|${time}|B|`;
      const prefix = v6(record.prefix);
      for (const e of record.entries) {
        w.text(head);
        w.text(v6(e.peer.ip));
        w.byte(PIPE);
        w.uint(e.peer.asn);
        w.byte(PIPE);
        w.text(prefix);
        w.byte(PIPE);
        if (record.addPath) {
          w.uint(e.pathId ?? 0);
          w.byte(PIPE);
        }
        w.text(attrTail(e.attrs, ribNextHop(e.attrs), false));
      }
      return;
    }
    case "bgp4mp_state_change":
      w.text(`BGP4MP${record.type === MRT_TYPE_BGP4MP_ET ? "_ET" : ""}|${time}|STATE|${v6(record.peerIp)}|${record.peerAsn}|${record.oldState}|${record.newState}\n`);
      return;
    case "bgp4mp_message":
      writeMessage(record, time, w);
      return;
    case "bgp4mp_entry":
    case "peer_index_table":
    case "unsupported":
      return;
  }
}

const scratch = new LineWriter(1 << 16);

/** The `bgpdump -m` lines of one record as a string ("" for records bgpdump prints nothing for). */
export function bgpdumpLines(record: MrtRecord): string {
  writeBgpdump(record, scratch);
  return scratch.takeString();
}
