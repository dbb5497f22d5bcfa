/** BGP4MP and BGP4MP_ET records (RFC 6396 §4.4, RFC 8050 §3): state changes, messages, entries. */
import { BgpSyntaxError } from "../bgp/bgp-syntax-error.ts";
import { u16, u32 } from "../bgp/wire.ts";
import { addressText, need, recordHeader } from "./record-bytes.ts";
import { AFI_IPV4, AFI_IPV6, BGP_MSG_UPDATE } from "../bgp/constants.ts";
import { ipv4Text, ipv6Text, prefixText } from "../bgp/ip-text.ts";
import { decodePathAttributes, type AttributeContext } from "../bgp/path-attributes.ts";
import { decodeUpdate } from "../bgp/update.ts";
import * as C from "./constants.ts";
import type { Bgp4mpEntryRecord, Bgp4mpMessageRecord, Bgp4mpStateChangeRecord, BgpUpdate, MrtRawRecord } from "./mrt-record.ts";

const CTX_2: AttributeContext = { asnLength: 2, addPath: false };

/** The BGP4MP peer header of `raw`: ASNs (2 or 4 bytes), interface index, AFI, peer and local IP, and where it ends (`next`). */
export function bgp4mpPeerHeader(raw: MrtRawRecord, asnLength: 2 | 4) {
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


export function decodeStateChange(raw: MrtRawRecord): Bgp4mpStateChangeRecord {
  const as4 = raw.subtype === C.BGP4MP_STATE_CHANGE_AS4;
  const h = bgp4mpPeerHeader(raw, as4 ? 4 : 2);
  need(h.next, 4, raw.end, "STATE_CHANGE states");
  const oldState = u16(raw.data, h.next);
  const newState = u16(raw.data, h.next + 2);
  const { next: _next, ...peer } = h;
  return { kind: "bgp4mp_state_change", ...recordHeader(raw), ...peer, oldState, newState };
}


/**
 *     peer header | BGP message: marker (16 × 0xff) | length (2) | type (1) | body
 *     UPDATE body: withdrawn length (2) | withdrawn | attribute length (2) | attributes | NLRI
 */
export function decodeMessage(raw: MrtRawRecord): Bgp4mpMessageRecord {
  const st = raw.subtype;
  const as4 = st === C.BGP4MP_MESSAGE_AS4 || st === C.BGP4MP_MESSAGE_AS4_LOCAL || st === C.BGP4MP_MESSAGE_AS4_ADDPATH || st === C.BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH;
  const local = st === C.BGP4MP_MESSAGE_LOCAL || st === C.BGP4MP_MESSAGE_AS4_LOCAL || st === C.BGP4MP_MESSAGE_LOCAL_ADDPATH || st === C.BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH;
  const addPath = st >= C.BGP4MP_MESSAGE_ADDPATH;
  const h = bgp4mpPeerHeader(raw, as4 ? 4 : 2);
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
  // One object literal with every field spelled out (no spreads): one shape and no
  // intermediate objects on the hot path of every update file.
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
    message: b.subarray(h.next, msgEnd),
  };
  if (inferred) return { ...record, addPathInferred: true };
  return record;
}


/**
 *     peer header (2-byte ASNs) | view (2) | status (2) | originated (4) | AFI (2) |
 *     SAFI (1) | next hop length (1) | next hop | prefix length (1) | prefix |
 *     attribute length (2) | attributes
 */
export function decodeEntry(raw: MrtRawRecord): Bgp4mpEntryRecord {
  const h = bgp4mpPeerHeader(raw, 2);
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
    ...recordHeader(raw),
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
