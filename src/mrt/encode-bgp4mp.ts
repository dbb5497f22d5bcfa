/**
 * Writing BGP4MP_ET records (RFC 6396 §3 and §4.4, RFC 8050 §3 for ADD-PATH): what a
 * live session's recording holds, as RIPE RIS collectors write it. Each encoder returns
 * the record's bytes and the raw record the reader would frame from them, so a live
 * message is applied through the same path as a replayed one.
 *
 *     timestamp (4) | type 17 (2) | subtype (2) | length (4) | microseconds (4) |
 *     peer AS | local AS (2 or 4 each) | interface index (2) | AFI (2) |
 *     peer IP | local IP (4 or 16 each) | BGP message, or old state (2) | new state (2)
 */
import { ipv4Key, ipv6Groups } from "../bgp/ip-address.ts";
import * as C from "./constants.ts";
import type { MrtRawRecord } from "./mrt-record.ts";

/** The two ends of a recorded session. */
export interface Bgp4mpPeer {
  readonly peerAsn: number;
  readonly localAsn: number;
  readonly peerIp: string;
  readonly localIp: string;
  readonly interfaceIndex?: number;
}

/** How a message was carried. */
export interface MessageSession {
  /** 4-byte ASNs negotiated (RFC 6793): the AS4 subtypes, AS_PATH read with 4-byte ASNs. */
  readonly as4: boolean;
  /** The message's NLRI carry ADD-PATH identifiers (RFC 8050 subtypes). */
  readonly addPath: boolean;
  /** Sent by the collector (the `*_LOCAL` subtypes). */
  readonly local: boolean;
}

/** An encoded record and its framing. */
export interface EncodedRecord {
  readonly bytes: Uint8Array;
  readonly raw: MrtRawRecord;
}

function address(text: string): Uint8Array {
  const v4 = ipv4Key(text);
  if (v4 !== null) return Uint8Array.of(v4 >>> 24, (v4 >>> 16) & 0xff, (v4 >>> 8) & 0xff, v4 & 0xff);
  const g = ipv6Groups(text);
  if (g === null) throw new TypeError(`Cannot write MRT peer address ${JSON.stringify(text)}: not an IP address`);
  return Uint8Array.from(g.flatMap((x) => [x >> 8, x & 0xff]));
}

/** Writes the ET common header and returns the body's start. */
function header(out: DataView, timeMs: number, subtype: number, bodyLength: number): number {
  const seconds = Math.floor(timeMs / 1000);
  out.setUint32(0, seconds);
  out.setUint16(4, C.MRT_TYPE_BGP4MP_ET);
  out.setUint16(6, subtype);
  out.setUint32(8, bodyLength + 4);
  out.setUint32(12, Math.min(999_999, Math.floor((timeMs - seconds * 1000) * 1000)));
  return C.MRT_HEADER_LENGTH + 4;
}

/** Writes the peer header at `p` and returns where it ends. */
function peerHeader(b: Uint8Array, view: DataView, p: number, peer: Bgp4mpPeer, as4: boolean): number {
  const peerIp = address(peer.peerIp);
  const localIp = address(peer.localIp);
  if (peerIp.length !== localIp.length) throw new TypeError(`Cannot write an MRT peer header for ${peer.peerIp} with local address ${peer.localIp}: the families differ`);
  // RFC 6793 §8: a 4-byte ASN in a 2-byte field is AS_TRANS.
  const as2 = (asn: number): number => (asn > 0xffff ? 23456 : asn);
  if (as4) {
    view.setUint32(p, peer.peerAsn);
    view.setUint32(p + 4, peer.localAsn);
    p += 8;
  } else {
    view.setUint16(p, as2(peer.peerAsn));
    view.setUint16(p + 2, as2(peer.localAsn));
    p += 4;
  }
  view.setUint16(p, peer.interfaceIndex ?? 0);
  view.setUint16(p + 2, peerIp.length === 4 ? 1 : 2);
  p += 4;
  b.set(peerIp, p);
  b.set(localIp, p + peerIp.length);
  return p + 2 * peerIp.length;
}

function frame(bytes: Uint8Array, subtype: number): EncodedRecord {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    bytes,
    raw: {
      index: 0, offset: 0, timestamp: view.getUint32(0), microseconds: view.getUint32(12),
      type: C.MRT_TYPE_BGP4MP_ET, subtype, data: bytes, start: C.MRT_HEADER_LENGTH + 4, end: bytes.length,
    },
  };
}

function peerHeaderLength(peer: Bgp4mpPeer, as4: boolean): number {
  return (as4 ? 8 : 4) + 4 + 2 * (peer.peerIp.includes(":") ? 16 : 4);
}

/** The subtype of a message record (RFC 6396 §4.4, RFC 8050 §3). */
export function messageSubtype(s: MessageSession): number {
  if (s.addPath) {
    if (s.as4) return s.local ? C.BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH : C.BGP4MP_MESSAGE_AS4_ADDPATH;
    return s.local ? C.BGP4MP_MESSAGE_LOCAL_ADDPATH : C.BGP4MP_MESSAGE_ADDPATH;
  }
  if (s.as4) return s.local ? C.BGP4MP_MESSAGE_AS4_LOCAL : C.BGP4MP_MESSAGE_AS4;
  return s.local ? C.BGP4MP_MESSAGE_LOCAL : C.BGP4MP_MESSAGE;
}

/** A BGP4MP_ET MESSAGE record of `message` (a whole BGP message, header included) at `timeMs`. */
export function encodeBgp4mpMessage(timeMs: number, peer: Bgp4mpPeer, message: Uint8Array, session: MessageSession): EncodedRecord {
  const subtype = messageSubtype(session);
  const body = peerHeaderLength(peer, session.as4) + message.length;
  const bytes = new Uint8Array(C.MRT_HEADER_LENGTH + 4 + body);
  const view = new DataView(bytes.buffer);
  const p = peerHeader(bytes, view, header(view, timeMs, subtype, body), peer, session.as4);
  bytes.set(message, p);
  return frame(bytes, subtype);
}

/** A BGP4MP_ET STATE_CHANGE(_AS4) record: the session went from `oldState` to `newState`. */
export function encodeBgp4mpStateChange(timeMs: number, peer: Bgp4mpPeer, oldState: number, newState: number): EncodedRecord {
  // The AS4 subtype always: a 4-byte local or peer ASN fits only there.
  const subtype = C.BGP4MP_STATE_CHANGE_AS4;
  const body = peerHeaderLength(peer, true) + 4;
  const bytes = new Uint8Array(C.MRT_HEADER_LENGTH + 4 + body);
  const view = new DataView(bytes.buffer);
  const p = peerHeader(bytes, view, header(view, timeMs, subtype, body), peer, true);
  view.setUint16(p, oldState);
  view.setUint16(p + 2, newState);
  return frame(bytes, subtype);
}

/**
 * A TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 §4.3.1) listing no peer: the RIB of a
 * collector with no session, which a recording starts from. Plain MRT header.
 */
export function encodeEmptyPeerIndexTable(timeMs: number, collectorId: string, viewName: string): Uint8Array {
  const id = address(collectorId);
  const name = new TextEncoder().encode(viewName);
  const body = 4 + 2 + name.length + 2;
  const bytes = new Uint8Array(C.MRT_HEADER_LENGTH + body);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, Math.floor(timeMs / 1000));
  view.setUint16(4, C.MRT_TYPE_TABLE_DUMP_V2);
  view.setUint16(6, C.TDV2_PEER_INDEX_TABLE);
  view.setUint32(8, body);
  bytes.set(id.subarray(0, 4), 12);
  view.setUint16(16, name.length);
  bytes.set(name, 18);
  view.setUint16(18 + name.length, 0);
  return bytes;
}
