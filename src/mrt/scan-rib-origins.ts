/**
 * A fast path through TABLE_DUMP_V2 RIB records for consumers that need only the
 * prefix, the peer and the origin AS of each entry (the BGP visibility signal): no
 * objects, no text, no attribute decoding besides a walk of AS_PATH.
 *
 *     sequence (4) | prefix length (1) | prefix | entry count (2) |
 *     per entry: peer index (2) | originated (4) | [path id (4), ADD-PATH] |
 *                attribute length (2) | attributes
 *
 * RFC 6396 §4.3.4: RIB entries always carry 4-byte ASNs.
 */
import { asPathOrigin } from "../bgp/as-path-origin.ts";
import { attributeHeader, readAttributeHeader } from "../bgp/attribute-header.ts";
import { BgpSyntaxError } from "../bgp/bgp-syntax-error.ts";
import { ATTR_AS_PATH } from "../bgp/constants.ts";
import { MRT_TYPE_TABLE_DUMP_V2 } from "./constants.ts";
import * as C from "./constants.ts";
import type { MrtRawRecord } from "./mrt-record.ts";

/** Reused by every walk. */
const HEADER = attributeHeader();

/** Reusable output of scanRibOrigins(); arrays grow as needed. */
export class RibOrigins {
  family: 4 | 6 = 4;
  /** Prefix length and the offset of its bytes in the record's `data`. */
  bits = 0;
  prefixOffset = 0;
  /** Entries in this record. */
  count = 0;
  peerIndex = new Uint16Array(256);
  /** Origin ASN per entry; -1 when the path names no single origin (see originOfPath()). */
  origin = new Float64Array(256);

  /** Makes room for `n` entries. */
  reserve(n: number): void {
    if (n <= this.peerIndex.length) return;
    this.peerIndex = new Uint16Array(n);
    this.origin = new Float64Array(n);
  }
}

/** Whether scanRibOrigins() reads a record of this type and subtype (unicast IPv4/IPv6, with or without ADD-PATH). */
export function isScannableRib(raw: MrtRawRecord): boolean {
  if (raw.type !== MRT_TYPE_TABLE_DUMP_V2) return false;
  const st = raw.subtype;
  return st === C.TDV2_RIB_IPV4_UNICAST || st === C.TDV2_RIB_IPV6_UNICAST || st === C.TDV2_RIB_IPV4_UNICAST_ADDPATH || st === C.TDV2_RIB_IPV6_UNICAST_ADDPATH;
}

/** The origin ASN of the AS_PATH attribute of the block in `[p, end)`; -1 without one. */
function originInAttributes(b: Uint8Array, p: number, end: number): number {
  const h = HEADER;
  while (p < end) {
    readAttributeHeader(b, p, end, h);
    if (h.code === ATTR_AS_PATH) return asPathOrigin(b, h.value, h.end, 4);
    p = h.end;
  }
  return -1;
}

/**
 * Reads the prefix and every entry's peer index and origin AS of a TABLE_DUMP_V2
 * unicast RIB record into `out`. Throws BgpSyntaxError (offset within `raw.data`) for
 * damage, as the full decoder would.
 */
export function scanRibOrigins(raw: MrtRawRecord, out: RibOrigins): void {
  const b = raw.data;
  const end = raw.end;
  const st = raw.subtype;
  const addPath = st === C.TDV2_RIB_IPV4_UNICAST_ADDPATH || st === C.TDV2_RIB_IPV6_UNICAST_ADDPATH;
  const family = st === C.TDV2_RIB_IPV4_UNICAST || st === C.TDV2_RIB_IPV4_UNICAST_ADDPATH ? 4 : 6;
  let p = raw.start + 4;
  if (p + 1 > end) throw new BgpSyntaxError(raw.start, `RIB header needs 5 bytes, ${end - raw.start} left`);
  const bits = b[p]!;
  if (bits > (family === 4 ? 32 : 128)) throw new BgpSyntaxError(p, `IPv${family} prefix length ${bits} is too long`);
  const n = (bits + 7) >> 3;
  if (p + 1 + n + 2 > end) throw new BgpSyntaxError(p, `prefix /${bits} and entry count need ${n + 2} bytes, ${end - p - 1} left`);
  out.family = family;
  out.bits = bits;
  out.prefixOffset = p + 1;
  p += 1 + n;
  const count = (b[p]! << 8) | b[p + 1]!;
  p += 2;
  out.reserve(count);
  const fixed = addPath ? 12 : 8;
  for (let i = 0; i < count; i++) {
    if (p + fixed > end) throw new BgpSyntaxError(p, `RIB entry ${i} of ${count} needs ${fixed} bytes, ${end - p} left`);
    out.peerIndex[i] = (b[p]! << 8) | b[p + 1]!;
    p += fixed - 2;
    const attrLength = (b[p]! << 8) | b[p + 1]!;
    p += 2;
    if (p + attrLength > end) throw new BgpSyntaxError(p - 2, `RIB entry ${i} attributes need ${attrLength} bytes, ${end - p} left`);
    out.origin[i] = originInAttributes(b, p, p + attrLength);
    p += attrLength;
  }
  out.count = count;
}
