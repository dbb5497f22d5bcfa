/**
 * The replay's fast path through BGP4MP UPDATE records: the MRT peer header and the BGP
 * message header here, the UPDATE body through src/bgp's scanUpdateBody (the one fast
 * walk, shared with live sessions). Consumers that need only the peer, the prefixes
 * withdrawn and announced, and the origin AS (the BGP visibility signal) get no objects
 * and no text per prefix. Prefixes are handed over as (family, length, offset of their
 * bytes in the record's `data`, path identifier).
 *
 * Anything unusual goes to the full decoder instead (`"fallback"`): damage (which the
 * full decoder reports under the read's error policy, and where it infers BIRD's
 * ADD-PATH records), 2-byte sessions carrying AS4_PATH (which the full decoder merges
 * per RFC 6793), and announcements without their mandatory attributes.
 */
import { BGP_MSG_UPDATE } from "../bgp/constants.ts";
import { PrefixRefs, scanUpdateBody, UpdateBodyScan } from "../bgp/scan-update-body.ts";
import * as C from "./constants.ts";
import type { MrtRawRecord } from "./mrt-record.ts";

export { PrefixRefs };

/** Reusable output of scanUpdate(): the body's prefixes and origin, and the record's peer. */
export class UpdateScan extends UpdateBodyScan {
  /** Peer: ASN, address family, and the offset of its address in `data`. */
  peerAsn = 0;
  peerFamily: 4 | 6 = 4;
  peerOffset = 0;
}

/** Whether scanUpdate() reads this record: BGP4MP(_ET) MESSAGE subtypes a peer sent (not `*_LOCAL`). */
export function isScannableUpdate(raw: MrtRawRecord): boolean {
  if (raw.type !== C.MRT_TYPE_BGP4MP && raw.type !== C.MRT_TYPE_BGP4MP_ET) return false;
  const st = raw.subtype;
  return st === C.BGP4MP_MESSAGE || st === C.BGP4MP_MESSAGE_AS4 || st === C.BGP4MP_MESSAGE_ADDPATH || st === C.BGP4MP_MESSAGE_AS4_ADDPATH;
}

/**
 * Reads one message record into `out`. Returns `"update"` when `out` holds an UPDATE,
 * `"other"` for OPEN, KEEPALIVE, NOTIFICATION and ROUTE-REFRESH (nothing to apply), and
 * `"fallback"` when the full decoder must read the record.
 */
export function scanUpdate(raw: MrtRawRecord, out: UpdateScan): "update" | "other" | "fallback" {
  const b = raw.data;
  const end = raw.end;
  const st = raw.subtype;
  const as4 = st === C.BGP4MP_MESSAGE_AS4 || st === C.BGP4MP_MESSAGE_AS4_ADDPATH;
  const addPath = st === C.BGP4MP_MESSAGE_ADDPATH || st === C.BGP4MP_MESSAGE_AS4_ADDPATH;
  const asnLength = as4 ? 4 : 2;
  let p = raw.start;
  // Peer AS, local AS, interface index, AFI, peer address, local address.
  if (p + 2 * asnLength + 4 > end) return "fallback";
  out.peerAsn = as4 ? b[p]! * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) : (b[p]! << 8) | b[p + 1]!;
  p += 2 * asnLength + 2;
  const afi = (b[p]! << 8) | b[p + 1]!;
  if (afi !== 1 && afi !== 2) return "fallback";
  out.peerFamily = afi === 1 ? 4 : 6;
  p += 2;
  out.peerOffset = p;
  p += afi === 1 ? 8 : 32;
  // BGP header: marker, length, type.
  if (p + 19 > end) return "fallback";
  for (let i = 0; i < 16; i++) if (b[p + i] !== 0xff) return "fallback";
  const length = (b[p + 16]! << 8) | b[p + 17]!;
  if (length < 19 || p + length > end) return "fallback";
  if (b[p + 18] !== BGP_MSG_UPDATE) return "other";
  return scanUpdateBody(b, p + 19, p + length, as4, addPath, out) ? "update" : "fallback";
}
