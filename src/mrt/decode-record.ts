/**
 * Raw MRT record → typed record. Holds the one piece of state an MRT stream has: the
 * latest TABLE_DUMP_V2 PEER_INDEX_TABLE, which the RIB records that follow refer to.
 */
import { BgpSyntaxError } from "../bgp/bgp-syntax-error.ts";
import { AFI_IPV4, AFI_IPV6, BGP_MSG_UPDATE } from "../bgp/constants.ts";
import { ipv4Text, ipv6Text, prefixText } from "../bgp/ip-text.ts";
import { decodeUpdate } from "../bgp/update.ts";
import { decodePathAttributes, type AttributeContext } from "../bgp/path-attributes.ts";
import * as C from "./constants.ts";
import type {
  Bgp4mpEntryRecord,
  Bgp4mpMessageRecord,
  Bgp4mpStateChangeRecord,
  BgpUpdate,
  MrtHeader,
  MrtPeer,
  MrtRawRecord,
  MrtRecord,
  PeerIndexTableRecord,
  RibEntry,
  RibRecord,
  TableDumpRecord,
} from "./mrt-record.ts";

const CTX_2: AttributeContext = { asnLength: 2, addPath: false };
const CTX_4: AttributeContext = { asnLength: 4, addPath: false };

function u16(b: Uint8Array, p: number): number {
  return (b[p]! << 8) | b[p + 1]!;
}

function u32(b: Uint8Array, p: number): number {
  return b[p]! * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
}

function need(p: number, n: number, end: number, what: string): void {
  if (p + n > end) throw new BgpSyntaxError(p, `${what} needs ${n} bytes, ${Math.max(0, end - p)} left`);
}

function addressText(family: 4 | 6, b: Uint8Array, p: number): string {
  return family === 4 ? ipv4Text(b, p) : ipv6Text(b, p);
}

function header(raw: MrtRawRecord): MrtHeader {
  return {
    index: raw.index,
    offset: raw.offset,
    timestamp: raw.timestamp,
    microseconds: raw.microseconds,
    type: raw.type,
    subtype: raw.subtype,
  };
}

/** Decodes typed records from raw ones; throws BgpSyntaxError (offset within `raw.data`). */
export class MrtDecoder {
  #peers: readonly MrtPeer[] | undefined;

  /** The current PEER_INDEX_TABLE's peers, if one has been read. */
  get peers(): readonly MrtPeer[] | undefined {
    return this.#peers;
  }

  /** Decodes one record. Unknown types and subtypes come back as `unsupported`. */
  decode(raw: MrtRawRecord): MrtRecord {
    switch (raw.type) {
      case C.MRT_TYPE_TABLE_DUMP:
        if (raw.subtype === C.TABLE_DUMP_AFI_IPV4 || raw.subtype === C.TABLE_DUMP_AFI_IPV6) return this.#tableDump(raw);
        break;
      case C.MRT_TYPE_TABLE_DUMP_V2:
        switch (raw.subtype) {
          case C.TDV2_PEER_INDEX_TABLE:
            return this.#peerIndexTable(raw);
          case C.TDV2_RIB_IPV4_UNICAST:
          case C.TDV2_RIB_IPV4_MULTICAST:
          case C.TDV2_RIB_IPV6_UNICAST:
          case C.TDV2_RIB_IPV6_MULTICAST:
          case C.TDV2_RIB_IPV4_UNICAST_ADDPATH:
          case C.TDV2_RIB_IPV4_MULTICAST_ADDPATH:
          case C.TDV2_RIB_IPV6_UNICAST_ADDPATH:
          case C.TDV2_RIB_IPV6_MULTICAST_ADDPATH:
          case C.TDV2_RIB_GENERIC:
          case C.TDV2_RIB_GENERIC_ADDPATH: {
            const rib = this.#rib(raw);
            if (rib !== undefined) return rib;
            break;
          }
        }
        break;
      case C.MRT_TYPE_BGP4MP:
      case C.MRT_TYPE_BGP4MP_ET:
        switch (raw.subtype) {
          case C.BGP4MP_STATE_CHANGE:
          case C.BGP4MP_STATE_CHANGE_AS4:
            return this.#stateChange(raw);
          case C.BGP4MP_MESSAGE:
          case C.BGP4MP_MESSAGE_AS4:
          case C.BGP4MP_MESSAGE_LOCAL:
          case C.BGP4MP_MESSAGE_AS4_LOCAL:
          case C.BGP4MP_MESSAGE_ADDPATH:
          case C.BGP4MP_MESSAGE_AS4_ADDPATH:
          case C.BGP4MP_MESSAGE_LOCAL_ADDPATH:
          case C.BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH:
            return this.#message(raw);
          case C.BGP4MP_ENTRY:
            return this.#entry(raw);
        }
        break;
    }
    return { kind: "unsupported", ...header(raw) };
  }

  /**
   *     view (2) | sequence (2) | prefix (4/16) | length (1) | status (1) |
   *     originated (4) | peer IP (4/16) | peer AS (2) | attribute length (2) | attributes
   */
  #tableDump(raw: MrtRawRecord): TableDumpRecord {
    const b = raw.data;
    const end = raw.end;
    const family = raw.subtype === C.TABLE_DUMP_AFI_IPV4 ? 4 : 6;
    const a = family === 4 ? 4 : 16;
    let p = raw.start;
    need(p, 4 + a + 6 + a + 4, end, "TABLE_DUMP entry");
    const viewNumber = u16(b, p);
    const sequence = u16(b, p + 2);
    p += 4;
    const bits = b[p + a]!;
    if (bits > a * 8) throw new BgpSyntaxError(p + a, `prefix length ${bits} exceeds ${a * 8}`);
    const prefix = prefixText(family, b, p, bits);
    p += a + 1;
    const status = b[p]!;
    const originatedTime = u32(b, p + 1);
    p += 5;
    const peerIp = addressText(family, b, p);
    p += a;
    const peerAsn = u16(b, p);
    const attrLength = u16(b, p + 2);
    p += 4;
    need(p, attrLength, end, "TABLE_DUMP attributes");
    const attrs = decodePathAttributes(b, p, p + attrLength, CTX_2);
    return {
      kind: "table_dump",
      index: raw.index,
      offset: raw.offset,
      timestamp: raw.timestamp,
      microseconds: raw.microseconds,
      type: raw.type,
      subtype: raw.subtype,
      family,
      viewNumber,
      sequence,
      prefix,
      status,
      originatedTime,
      peerIp,
      peerAsn,
      attrs,
    };
  }

  /**
   *     collector BGP ID (4) | view name length (2) | view name | peer count (2) |
   *     per peer: type (1) | BGP ID (4) | IP (4/16 by type bit 0) | AS (2/4 by type bit 1)
   */
  #peerIndexTable(raw: MrtRawRecord): PeerIndexTableRecord {
    const b = raw.data;
    const end = raw.end;
    let p = raw.start;
    need(p, 6, end, "PEER_INDEX_TABLE header");
    const collectorId = ipv4Text(b, p);
    const nameLength = u16(b, p + 4);
    p += 6;
    need(p, nameLength + 2, end, "PEER_INDEX_TABLE view name");
    const viewName = Buffer.from(b.buffer, b.byteOffset + p, nameLength).toString("utf8");
    p += nameLength;
    const count = u16(b, p);
    p += 2;
    const peers: MrtPeer[] = [];
    for (let i = 0; i < count; i++) {
      need(p, 1, end, `peer ${i} of ${count}`);
      const type = b[p]!;
      const family = (type & 1) !== 0 ? 6 : 4;
      const asnLength = (type & 2) !== 0 ? 4 : 2;
      const size = 1 + 4 + (family === 6 ? 16 : 4) + asnLength;
      need(p, size, end, `peer ${i} of ${count}`);
      const bgpId = ipv4Text(b, p + 1);
      const ip = addressText(family, b, p + 5);
      const q = p + 5 + (family === 6 ? 16 : 4);
      const asn = asnLength === 4 ? u32(b, q) : u16(b, q);
      peers.push({ bgpId, ip, asn, family });
      p += size;
    }
    this.#peers = peers;
    return { kind: "peer_index_table", ...header(raw), collectorId, viewName, peers };
  }

  /**
   *     sequence (4) | [AFI (2) | SAFI (1) for RIB_GENERIC] | prefix length (1) | prefix |
   *     entry count (2) | per entry: peer index (2) | originated (4) |
   *     [path id (4), ADD-PATH subtypes] | attribute length (2) | attributes
   */
  #rib(raw: MrtRawRecord): RibRecord | undefined {
    const b = raw.data;
    const end = raw.end;
    const st = raw.subtype;
    const addPath = st >= C.TDV2_RIB_IPV4_UNICAST_ADDPATH;
    const generic = st === C.TDV2_RIB_GENERIC || st === C.TDV2_RIB_GENERIC_ADDPATH;
    let p = raw.start;
    need(p, 4, end, "RIB sequence number");
    const sequence = u32(b, p);
    p += 4;
    let afi: number;
    let safi: number;
    if (generic) {
      need(p, 3, end, "RIB_GENERIC AFI and SAFI");
      afi = u16(b, p);
      safi = b[p + 2]!;
      p += 3;
    } else {
      const base = addPath ? st - 6 : st;
      afi = base <= C.TDV2_RIB_IPV4_MULTICAST ? AFI_IPV4 : AFI_IPV6;
      safi = base === C.TDV2_RIB_IPV4_UNICAST || base === C.TDV2_RIB_IPV6_UNICAST ? 1 : 2;
    }
    // RIB_GENERIC of other families (VPN, flowspec, …) is counted as unsupported.
    if ((afi !== AFI_IPV4 && afi !== AFI_IPV6) || (safi !== 1 && safi !== 2)) return undefined;
    const family = afi === AFI_IPV4 ? 4 : 6;
    need(p, 1, end, "RIB prefix length");
    const bits = b[p]!;
    if (bits > (family === 4 ? 32 : 128)) throw new BgpSyntaxError(p, `IPv${family} prefix length ${bits} is too long`);
    const n = (bits + 7) >> 3;
    need(p + 1, n + 2, end, `prefix /${bits} and entry count`);
    const prefix = prefixText(family, b, p + 1, bits);
    p += 1 + n;
    const count = u16(b, p);
    p += 2;
    const peers = this.#peers;
    if (peers === undefined && count > 0) throw new BgpSyntaxError(raw.start, "RIB record before any PEER_INDEX_TABLE");
    const entries: RibEntry[] = [];
    for (let i = 0; i < count; i++) {
      need(p, addPath ? 12 : 8, end, `RIB entry ${i} of ${count}`);
      const peerIndex = u16(b, p);
      const peer = peers![peerIndex];
      if (peer === undefined) {
        throw new BgpSyntaxError(p, `RIB entry ${i} names peer ${peerIndex}, the peer table has ${peers!.length}`);
      }
      const originatedTime = u32(b, p + 2);
      p += 6;
      let pathId: number | undefined;
      if (addPath) {
        pathId = u32(b, p);
        p += 4;
      }
      const attrLength = u16(b, p);
      p += 2;
      need(p, attrLength, end, `RIB entry ${i} attributes`);
      // RFC 6396 §4.3.4: RIB entries always carry 4-byte ASNs; NLRI carry no path ids.
      const attrs = decodePathAttributes(b, p, p + attrLength, CTX_4);
      p += attrLength;
      entries.push(pathId === undefined ? { peerIndex, peer, originatedTime, attrs } : { peerIndex, peer, originatedTime, pathId, attrs });
    }
    return { kind: "rib", ...header(raw), family, afi, safi, addPath, sequence, prefix, entries };
  }

  /** The peer header: ASNs (2 or 4 bytes), interface index, AFI, peer and local IP. */
  #peerHeader(raw: MrtRawRecord, asnLength: 2 | 4) {
    const b = raw.data;
    const end = raw.end;
    let p = raw.start;
    need(p, 2 * asnLength + 4, end, "BGP4MP peer header");
    const first = asnLength === 4 ? u32(b, p) : u16(b, p);
    const second = asnLength === 4 ? u32(b, p + asnLength) : u16(b, p + asnLength);
    p += 2 * asnLength;
    const interfaceIndex = u16(b, p);
    const afi = u16(b, p + 2);
    p += 4;
    if (afi !== AFI_IPV4 && afi !== AFI_IPV6) throw new BgpSyntaxError(p - 2, `BGP4MP address family ${afi} is neither 1 nor 2`);
    const family = afi === AFI_IPV4 ? 4 : 6;
    const a = family === 4 ? 4 : 16;
    need(p, 2 * a, end, "BGP4MP peer and local addresses");
    const firstIp = addressText(family, b, p);
    const secondIp = addressText(family, b, p + a);
    p += 2 * a;
    // RFC 6396 §4.4.2: the peer's fields come first, in the `*_LOCAL` subtypes of
    // RFC 8050 §3 too (there the collector sent the message to that peer).
    return { peerAsn: first, localAsn: second, interfaceIndex, afi, peerIp: firstIp, localIp: secondIp, next: p };
  }

  #stateChange(raw: MrtRawRecord): Bgp4mpStateChangeRecord {
    const as4 = raw.subtype === C.BGP4MP_STATE_CHANGE_AS4;
    const h = this.#peerHeader(raw, as4 ? 4 : 2);
    need(h.next, 4, raw.end, "STATE_CHANGE states");
    const oldState = u16(raw.data, h.next);
    const newState = u16(raw.data, h.next + 2);
    return {
      kind: "bgp4mp_state_change",
      index: raw.index,
      offset: raw.offset,
      timestamp: raw.timestamp,
      microseconds: raw.microseconds,
      type: raw.type,
      subtype: raw.subtype,
      peerAsn: h.peerAsn,
      localAsn: h.localAsn,
      interfaceIndex: h.interfaceIndex,
      afi: h.afi,
      peerIp: h.peerIp,
      localIp: h.localIp,
      oldState,
      newState,
    };
  }

  /**
   *     peer header | BGP message: marker (16 × 0xff) | length (2) | type (1) | body
   *     UPDATE body: withdrawn length (2) | withdrawn | attribute length (2) | attributes | NLRI
   */
  #message(raw: MrtRawRecord): Bgp4mpMessageRecord {
    const st = raw.subtype;
    const as4 = st === C.BGP4MP_MESSAGE_AS4 || st === C.BGP4MP_MESSAGE_AS4_LOCAL || st === C.BGP4MP_MESSAGE_AS4_ADDPATH || st === C.BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH;
    const local = st === C.BGP4MP_MESSAGE_LOCAL || st === C.BGP4MP_MESSAGE_AS4_LOCAL || st === C.BGP4MP_MESSAGE_LOCAL_ADDPATH || st === C.BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH;
    const addPath = st >= C.BGP4MP_MESSAGE_ADDPATH;
    const h = this.#peerHeader(raw, as4 ? 4 : 2);
    const b = raw.data;
    const end = raw.end;
    let p = h.next;
    need(p, 19, end, "BGP message header");
    for (let i = 0; i < 16; i++) {
      if (b[p + i] !== 0xff) throw new BgpSyntaxError(p + i, "BGP marker is not 16 bytes of 0xff");
    }
    const length = u16(b, p + 16);
    const messageType = b[p + 18]!;
    if (length < 19) throw new BgpSyntaxError(p + 16, `BGP message length ${length} is below the minimum 19`);
    if (p + length > end) throw new BgpSyntaxError(p + 16, `BGP message length ${length} exceeds the ${end - p} bytes of the record`);
    const msgEnd = p + length;
    p += 19;
    let update: BgpUpdate | undefined;
    let inferred = false;
    if (messageType === BGP_MSG_UPDATE) {
      try {
        update = decodeUpdate(b, p, msgEnd, as4, addPath);
      } catch (error: unknown) {
        // BIRD writes ADD-PATH NLRI in the plain MESSAGE subtypes when the session
        // negotiated ADD-PATH; bgpdump prints garbage prefixes for them. When the plain
        // reading fails and the ADD-PATH one succeeds, the record is ADD-PATH.
        if (addPath || !(error instanceof BgpSyntaxError)) throw error;
        try {
          update = decodeUpdate(b, p, msgEnd, as4, true);
        } catch {
          throw error;
        }
        inferred = true;
      }
    }
    // One object literal, one shape: the hot path of every update file.
    const record: Bgp4mpMessageRecord = {
      kind: "bgp4mp_message",
      index: raw.index,
      offset: raw.offset,
      timestamp: raw.timestamp,
      microseconds: raw.microseconds,
      type: raw.type,
      subtype: raw.subtype,
      peerAsn: h.peerAsn,
      localAsn: h.localAsn,
      interfaceIndex: h.interfaceIndex,
      afi: h.afi,
      peerIp: h.peerIp,
      localIp: h.localIp,
      as4,
      addPath: addPath || inferred,
      local,
      messageType,
      update,
    };
    if (inferred) return { ...record, addPathInferred: true };
    return record;
  }

  /**
   *     peer header (2-byte ASNs) | view (2) | status (2) | originated (4) | AFI (2) |
   *     SAFI (1) | next hop length (1) | next hop | prefix length (1) | prefix |
   *     attribute length (2) | attributes
   */
  #entry(raw: MrtRawRecord): Bgp4mpEntryRecord {
    const h = this.#peerHeader(raw, 2);
    const b = raw.data;
    const end = raw.end;
    let p = h.next;
    need(p, 12, end, "BGP4MP_ENTRY header");
    const viewNumber = u16(b, p);
    const status = u16(b, p + 2);
    const originatedTime = u32(b, p + 4);
    const afi = u16(b, p + 8);
    const safi = b[p + 10]!;
    const nextHopLength = b[p + 11]!;
    p += 12;
    if (afi !== AFI_IPV4 && afi !== AFI_IPV6) throw new BgpSyntaxError(p - 4, `BGP4MP_ENTRY AFI ${afi} is neither 1 nor 2`);
    const family = afi === AFI_IPV4 ? 4 : 6;
    need(p, nextHopLength + 1, end, "BGP4MP_ENTRY next hop");
    const nextHops: string[] = [];
    if (nextHopLength === 4) nextHops.push(ipv4Text(b, p));
    else if (nextHopLength === 16 || nextHopLength === 32) {
      nextHops.push(ipv6Text(b, p));
      if (nextHopLength === 32) nextHops.push(ipv6Text(b, p + 16));
    } else if (nextHopLength !== 0) throw new BgpSyntaxError(p - 1, `BGP4MP_ENTRY next hop length ${nextHopLength} is none of 0, 4, 16, 32`);
    p += nextHopLength;
    const bits = b[p]!;
    if (bits > (family === 4 ? 32 : 128)) throw new BgpSyntaxError(p, `IPv${family} prefix length ${bits} is too long`);
    const n = (bits + 7) >> 3;
    need(p + 1, n + 2, end, `prefix /${bits} and attribute length`);
    const prefix = prefixText(family, b, p + 1, bits);
    p += 1 + n;
    const attrLength = u16(b, p);
    p += 2;
    need(p, attrLength, end, "BGP4MP_ENTRY attributes");
    const attrs = decodePathAttributes(b, p, p + attrLength, CTX_2);
    const { next: _next, ...peer } = h;
    return {
      kind: "bgp4mp_entry",
      ...header(raw),
      ...peer,
      viewNumber,
      status,
      originatedTime,
      family,
      safi,
      nextHops,
      prefix,
      attrs,
    };
  }
}
