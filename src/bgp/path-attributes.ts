/**
 * Path attributes of an UPDATE or an MRT RIB entry (RFC 4271 §4.3 and §5, RFC 4760,
 * RFC 6793, RFC 1997, RFC 4360, RFC 8092, RFC 9234). Unknown attributes are kept raw.
 */
import type { PathAttributes } from "../model/bgp-elem.ts";
import { attributeHeader, readAttributeHeader } from "./attribute-header.ts";
import { BgpSyntaxError } from "./bgp-syntax-error.ts";
import { checkAttributeValue } from "./check-attribute.ts";

import {
  AFI_IPV4,
  AFI_IPV6,
  ATTR_MP_REACH_NLRI,
  ATTR_MP_UNREACH_NLRI,
  ATTR_NEXT_HOP,
} from "./constants.ts";
import { ipv4Text, ipv6Text } from "./ip-text.ts";
import { LazyPathAttributes } from "./lazy-path-attributes.ts";
import { decodeNlri, type Nlri } from "./nlri.ts";

/** Reused by every walk of this module: the walks never nest. */
const HEADER = attributeHeader();

/** MP_REACH_NLRI (RFC 4760 §3); `abbreviated` for the MRT RIB form of RFC 6396 §4.3.4. */
export interface MpReach {
  readonly afi: number;
  readonly safi: number;
  readonly nextHopLength: number;
  readonly nextHops: readonly string[];
  readonly nlri: readonly Nlri[];
  readonly abbreviated: boolean;
}

/** MP_UNREACH_NLRI (RFC 4760 §4). */
export interface MpUnreach {
  readonly afi: number;
  readonly safi: number;
  readonly nlri: readonly Nlri[];
}

/** Everything one attribute block carries. */
export interface DecodedAttributes {
  readonly attributes: PathAttributes;
  /** Bit `code - 1` is set for every attribute code 1–32 present (bgpdump's flag word). */
  readonly seen: number;
  readonly mpReach: readonly MpReach[];
  readonly mpUnreach: readonly MpUnreach[];
}

/** How to read an attribute block: ASN width and whether NLRI carry ADD-PATH identifiers. */
export interface AttributeContext {
  readonly asnLength: 2 | 4;
  readonly addPath: boolean;
}

const NONE: readonly never[] = Object.freeze([]);


function familyOf(afi: number): 4 | 6 | undefined {
  return afi === AFI_IPV4 ? 4 : afi === AFI_IPV6 ? 6 : undefined;
}

function nextHopTexts(b: Uint8Array, p: number, length: number): string[] {
  if (length === 4) return [ipv4Text(b, p)];
  if (length === 16) return [ipv6Text(b, p)];
  if (length === 32) return [ipv6Text(b, p), ipv6Text(b, p + 16)];
  // RFC 4364 VPN next hops carry an 8-byte route distinguisher first.
  if (length === 12) return [ipv4Text(b, p + 8)];
  if (length === 24) return [ipv6Text(b, p + 8)];
  if (length === 48) return [ipv6Text(b, p + 8), ipv6Text(b, p + 32)];
  if (length === 0) return [];
  throw new BgpSyntaxError(p - 1, `next hop length ${length} is none of 0, 4, 12, 16, 24, 32, 48`);
}

function decodeMpReach(b: Uint8Array, start: number, end: number, ctx: AttributeContext): MpReach {
  // RFC 6396 §4.3.4: in TABLE_DUMP_V2 RIB entries only the next hop length and next hop
  // are kept. A full attribute starts with the AFI, whose first byte is 0.
  if (b[start] !== 0) {
    const length = b[start]!;
    if (start + 1 + length > end) throw new BgpSyntaxError(start, `next hop of ${length} bytes overruns MP_REACH_NLRI`);
    const afi = length === 4 || length === 12 ? AFI_IPV4 : AFI_IPV6;
    return { afi, safi: 1, nextHopLength: length, nextHops: nextHopTexts(b, start + 1, length), nlri: [], abbreviated: true };
  }
  if (start + 5 > end) throw new BgpSyntaxError(start, `MP_REACH_NLRI of ${end - start} bytes is shorter than 5`);
  const afi = (b[start]! << 8) | b[start + 1]!;
  const safi = b[start + 2]!;
  const length = b[start + 3]!;
  let p = start + 4;
  if (p + length + 1 > end) throw new BgpSyntaxError(p, `next hop of ${length} bytes overruns MP_REACH_NLRI`);
  const nextHops = nextHopTexts(b, p, length);
  p += length;
  // RFC 4760 §3: one reserved byte (formerly the SNPA count).
  const snpas = b[p]!;
  p += 1;
  for (let i = 0; i < snpas; i++) {
    if (p >= end) throw new BgpSyntaxError(p, "SNPA list overruns MP_REACH_NLRI");
    p += 1 + ((b[p]! + 1) >> 1);
  }
  if (p > end) throw new BgpSyntaxError(p, "SNPA list overruns MP_REACH_NLRI");
  const family = familyOf(afi);
  const nlri = family === undefined || (safi !== 1 && safi !== 2) ? [] : decodeNlri(b, p, end, family, ctx.addPath);
  return { afi, safi, nextHopLength: length, nextHops, nlri, abbreviated: false };
}

function decodeMpUnreach(b: Uint8Array, start: number, end: number, ctx: AttributeContext): MpUnreach {
  if (start + 3 > end) throw new BgpSyntaxError(start, `MP_UNREACH_NLRI of ${end - start} bytes is shorter than 3`);
  const afi = (b[start]! << 8) | b[start + 1]!;
  const safi = b[start + 2]!;
  const family = familyOf(afi);
  const nlri = family === undefined || (safi !== 1 && safi !== 2) ? [] : decodeNlri(b, start + 3, end, family, ctx.addPath);
  return { afi, safi, nlri };
}


/**
 * Decodes the attribute block between `start` and `end`. Each attribute is
 *
 *     flags (1) | type (1) | length (1, or 2 with the extended-length flag) | value
 *
 * Everything is validated now, so bad bytes raise here, under the reader's error
 * policy. MP_REACH_NLRI and MP_UNREACH_NLRI are decoded now (their prefixes are the
 * update's); the other attributes are built on first read (`LazyPathAttributes`),
 * which keeps a RIB scan or `mrt stats` from building objects nobody reads.
 * A repeated attribute keeps its first occurrence (RFC 7606 §3 g).
 */
export function decodePathAttributes(b: Uint8Array, start: number, end: number, ctx: AttributeContext): DecodedAttributes {
  let mpReach: MpReach[] | readonly never[] = NONE;
  let mpUnreach: MpUnreach[] | readonly never[] = NONE;
  let nextHop: string | undefined;
  let seen = 0;
  const h = HEADER;
  let p = start;
  while (p < end) {
    readAttributeHeader(b, p, end, h);
    const { code, value: v, end: ve } = h;
    const bit = code >= 1 && code <= 32 ? 1 << (code - 1) : 0;
    const repeated = (seen & bit) !== 0;
    seen |= bit;
    if (!repeated) {
      switch (code) {
        case ATTR_NEXT_HOP:
          checkAttributeValue(b, p, h, ctx.asnLength);
          nextHop = ipv4Text(b, v);
          break;
        case ATTR_MP_REACH_NLRI:
          if (mpReach === NONE) mpReach = [];
          (mpReach as MpReach[]).push(decodeMpReach(b, v, ve, ctx));
          break;
        case ATTR_MP_UNREACH_NLRI:
          if (mpUnreach === NONE) mpUnreach = [];
          (mpUnreach as MpUnreach[]).push(decodeMpUnreach(b, v, ve, ctx));
          break;
        default:
          checkAttributeValue(b, p, h, ctx.asnLength);
      }
    }
    p = ve;
  }
  const attributes = new LazyPathAttributes(b, start, end, ctx, nextHop, mpReach[0]?.nextHops);
  return { attributes, seen, mpReach, mpUnreach };
}
