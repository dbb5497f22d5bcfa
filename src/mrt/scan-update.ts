/**
 * A fast path through BGP4MP UPDATE records for consumers that need only the peer, the
 * prefixes withdrawn and announced, and the origin AS (the BGP visibility signal): no
 * objects and no text per prefix. Prefixes are handed over as (family, length, offset
 * of their bytes in the record's `data`).
 *
 * Anything unusual goes to the full decoder instead (`"fallback"`): damage (which the
 * full decoder reports under the read's error policy, and where it infers BIRD's
 * ADD-PATH records), and 2-byte sessions carrying AS4_PATH (which the full decoder
 * merges per RFC 6793). The fast path reads the attribute framing, AS_PATH, and the
 * NLRI of the UPDATE and of MP_(UN)REACH_NLRI; it does not look inside the other
 * attributes, whose damage does not change a route's prefix or origin.
 */
import { asPathOrigin } from "../bgp/as-path-origin.ts";
import { attributeHeader, readAttributeHeader } from "../bgp/attribute-header.ts";
import { BgpSyntaxError } from "../bgp/bgp-syntax-error.ts";
import { ATTR_AS4_PATH, ATTR_AS_PATH, ATTR_MP_REACH_NLRI, ATTR_MP_UNREACH_NLRI, BGP_MSG_UPDATE } from "../bgp/constants.ts";
import * as C from "./constants.ts";
import type { MrtRawRecord } from "./mrt-record.ts";

/** Prefixes as references into the record's bytes; arrays grow as needed. */
export class PrefixRefs {
  count = 0;
  family = new Uint8Array(64);
  bits = new Uint8Array(64);
  offset = new Uint32Array(64);

  /** Appends one prefix. */
  push(family: 4 | 6, bits: number, offset: number): void {
    if (this.count === this.bits.length) {
      const n = 2 * this.count;
      const f = new Uint8Array(n);
      const b = new Uint8Array(n);
      const o = new Uint32Array(n);
      f.set(this.family);
      b.set(this.bits);
      o.set(this.offset);
      this.family = f;
      this.bits = b;
      this.offset = o;
    }
    this.family[this.count] = family;
    this.bits[this.count] = bits;
    this.offset[this.count] = offset;
    this.count++;
  }
}

/** Reusable output of scanUpdate(). */
export class UpdateScan {
  /** Peer: ASN, address family, and the offset of its address in `data`. */
  peerAsn = 0;
  peerFamily: 4 | 6 = 4;
  peerOffset = 0;
  /** Origin ASN of the announcements; -1 for none or no single one. */
  origin = -1;
  /** Unicast prefixes (SAFI 1) only. */
  readonly withdrawn = new PrefixRefs();
  readonly announced = new PrefixRefs();
}

/** Whether scanUpdate() reads this record: BGP4MP(_ET) MESSAGE subtypes a peer sent (not `*_LOCAL`). */
export function isScannableUpdate(raw: MrtRawRecord): boolean {
  if (raw.type !== C.MRT_TYPE_BGP4MP && raw.type !== C.MRT_TYPE_BGP4MP_ET) return false;
  const st = raw.subtype;
  return st === C.BGP4MP_MESSAGE || st === C.BGP4MP_MESSAGE_AS4 || st === C.BGP4MP_MESSAGE_ADDPATH || st === C.BGP4MP_MESSAGE_AS4_ADDPATH;
}

const HEADER = attributeHeader();

/** Appends the prefixes of the NLRI field `[p, end)` to `out` (ADD-PATH ids skipped). */
function nlri(b: Uint8Array, p: number, end: number, family: 4 | 6, addPath: boolean, out: PrefixRefs | undefined): void {
  const max = family === 4 ? 32 : 128;
  while (p < end) {
    if (addPath) p += 4;
    if (p >= end) throw new BgpSyntaxError(p, "prefix length byte missing");
    const bits = b[p]!;
    if (bits > max) throw new BgpSyntaxError(p, `IPv${family} prefix length ${bits} exceeds ${max}`);
    const n = (bits + 7) >> 3;
    if (p + 1 + n > end) throw new BgpSyntaxError(p, `prefix /${bits} needs ${n} bytes, ${end - p - 1} left`);
    out?.push(family, bits, p + 1);
    p += 1 + n;
  }
}

function familyOf(afi: number, safi: number): 4 | 6 | undefined {
  if (safi !== 1) return undefined; // unicast only: multicast and VPN carry no reachability
  return afi === 1 ? 4 : afi === 2 ? 6 : undefined;
}

/**
 * Reads one message record into `out`. Returns `"update"` when `out` holds an UPDATE,
 * `"other"` for OPEN, KEEPALIVE, NOTIFICATION and ROUTE-REFRESH (nothing to apply), and
 * `"fallback"` when the full decoder must read the record.
 */
export function scanUpdate(raw: MrtRawRecord, out: UpdateScan): "update" | "other" | "fallback" {
  try {
    return scan(raw, out);
  } catch (error: unknown) {
    if (error instanceof BgpSyntaxError) return "fallback";
    throw error;
  }
}

function scan(raw: MrtRawRecord, out: UpdateScan): "update" | "other" | "fallback" {
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
  const msgEnd = p + length;
  p += 19;
  out.withdrawn.count = 0;
  out.announced.count = 0;
  out.origin = -1;
  if (p + 2 > msgEnd) return "fallback";
  const withdrawnLength = (b[p]! << 8) | b[p + 1]!;
  p += 2;
  if (p + withdrawnLength + 2 > msgEnd) return "fallback";
  nlri(b, p, p + withdrawnLength, 4, addPath, out.withdrawn);
  p += withdrawnLength;
  const attrLength = (b[p]! << 8) | b[p + 1]!;
  p += 2;
  const attrEnd = p + attrLength;
  if (attrEnd > msgEnd) return "fallback";
  const h = HEADER;
  let seen = 0;
  while (p < attrEnd) {
    readAttributeHeader(b, p, attrEnd, h);
    const bit = h.code >= 1 && h.code <= 32 ? 1 << (h.code - 1) : 0;
    if ((seen & bit) === 0) {
      seen |= bit;
      switch (h.code) {
        case ATTR_AS_PATH:
          out.origin = asPathOrigin(b, h.value, h.end, asnLength);
          break;
        case ATTR_AS4_PATH:
          if (!as4) return "fallback"; // RFC 6793 merge: the full decoder's job
          break;
        case ATTR_MP_REACH_NLRI: {
          const v = h.value;
          if (b[v] !== 0 || v + 5 > h.end) return "fallback";
          const family = familyOf((b[v]! << 8) | b[v + 1]!, b[v + 2]!);
          let q = v + 4 + b[v + 3]!;
          if (q >= h.end || b[q] !== 0) return "fallback"; // SNPAs: let the full decoder judge
          q += 1;
          if (family !== undefined) nlri(b, q, h.end, family, addPath, out.announced);
          break;
        }
        case ATTR_MP_UNREACH_NLRI: {
          const v = h.value;
          if (v + 3 > h.end) return "fallback";
          const family = familyOf((b[v]! << 8) | b[v + 1]!, b[v + 2]!);
          if (family !== undefined) nlri(b, v + 3, h.end, family, addPath, out.withdrawn);
          break;
        }
      }
    }
    p = h.end;
  }
  // The NLRI field; a partial last prefix (a cut message) is the full decoder's case.
  nlri(b, attrEnd, msgEnd, 4, addPath, out.announced);
  return "update";
}
