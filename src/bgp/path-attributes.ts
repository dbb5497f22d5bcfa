/**
 * Path attributes of an UPDATE or an MRT RIB entry (RFC 4271 §4.3 and §5, RFC 4760,
 * RFC 6793, RFC 1997, RFC 4360, RFC 8092, RFC 9234). Unknown attributes are kept raw.
 */
import type { Aggregator, AsPathSegment, Origin, PathAttributes, RawAttribute } from "../model/bgp-elem.ts";
import { decodeAsPath, mergeAs4Path } from "./as-path.ts";
import { BgpSyntaxError } from "./bgp-syntax-error.ts";
import {
  AFI_IPV4,
  AFI_IPV6,
  AS_TRANS,
  ATTR_AGGREGATOR,
  ATTR_AS4_AGGREGATOR,
  ATTR_AS4_PATH,
  ATTR_AS_PATH,
  ATTR_ATOMIC_AGGREGATE,
  ATTR_CLUSTER_LIST,
  ATTR_COMMUNITIES,
  ATTR_EXTENDED_COMMUNITIES,
  ATTR_FLAG_EXTENDED_LENGTH,
  ATTR_LARGE_COMMUNITIES,
  ATTR_LOCAL_PREF,
  ATTR_MP_REACH_NLRI,
  ATTR_MP_UNREACH_NLRI,
  ATTR_MULTI_EXIT_DISC,
  ATTR_NEXT_HOP,
  ATTR_ONLY_TO_CUSTOMER,
  ATTR_ORIGIN,
  ATTR_ORIGINATOR_ID,
} from "./constants.ts";
import { ipv4Text, ipv6Text } from "./ip-text.ts";
import { decodeNlri, type Nlri } from "./nlri.ts";

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

const ORIGINS: readonly Origin[] = ["IGP", "EGP", "INCOMPLETE"];

function u32(b: Uint8Array, p: number): number {
  return b[p]! * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
}

function expectLength(code: number, start: number, length: number, expected: number): void {
  if (length !== expected) {
    throw new BgpSyntaxError(start, `attribute ${code} has length ${length}, expected ${expected}`);
  }
}

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
 * A repeated attribute keeps its first occurrence (RFC 7606 §3 g).
 */
export function decodePathAttributes(b: Uint8Array, start: number, end: number, ctx: AttributeContext): DecodedAttributes {
  const attributes: PathAttributes = {};
  const mpReach: MpReach[] = [];
  const mpUnreach: MpUnreach[] = [];
  const unknown: RawAttribute[] = [];
  let seen = 0;
  let asPath: AsPathSegment[] | undefined;
  let as4Path: AsPathSegment[] | undefined;
  let aggregator: Aggregator | undefined;
  let as4Aggregator: Aggregator | undefined;
  let p = start;
  while (p < end) {
    if (p + 3 > end) throw new BgpSyntaxError(p, `attribute header needs at least 3 bytes, ${end - p} left`);
    const flags = b[p]!;
    const code = b[p + 1]!;
    let length: number;
    let v: number;
    if ((flags & ATTR_FLAG_EXTENDED_LENGTH) !== 0) {
      if (p + 4 > end) throw new BgpSyntaxError(p, `extended attribute header needs 4 bytes, ${end - p} left`);
      length = (b[p + 2]! << 8) | b[p + 3]!;
      v = p + 4;
    } else {
      length = b[p + 2]!;
      v = p + 3;
    }
    const ve = v + length;
    if (ve > end) {
      throw new BgpSyntaxError(p, `attribute ${code} declares ${length} bytes, ${end - v} left in the attribute block`);
    }
    const bit = code >= 1 && code <= 32 ? 1 << (code - 1) : 0;
    const repeated = (seen & bit) !== 0;
    seen |= bit;
    if (!repeated) {
      switch (code) {
        case ATTR_ORIGIN: {
          expectLength(code, p, length, 1);
          const origin = ORIGINS[b[v]!];
          if (origin === undefined) throw new BgpSyntaxError(v, `ORIGIN value ${b[v]} is none of 0, 1, 2`);
          attributes.origin = origin;
          break;
        }
        case ATTR_AS_PATH:
          asPath = decodeAsPath(b, v, ve, ctx.asnLength);
          break;
        case ATTR_AS4_PATH:
          as4Path = decodeAsPath(b, v, ve, 4);
          break;
        case ATTR_NEXT_HOP:
          expectLength(code, p, length, 4);
          attributes.nextHop = ipv4Text(b, v);
          break;
        case ATTR_MULTI_EXIT_DISC:
          expectLength(code, p, length, 4);
          attributes.med = u32(b, v);
          break;
        case ATTR_LOCAL_PREF:
          expectLength(code, p, length, 4);
          attributes.localPref = u32(b, v);
          break;
        case ATTR_ATOMIC_AGGREGATE:
          attributes.atomicAggregate = true;
          break;
        case ATTR_AGGREGATOR:
          // The length tells the ASN width: some speakers write 8 bytes even in 2-byte sessions.
          if (length === 6) aggregator = { asn: (b[v]! << 8) | b[v + 1]!, ip: ipv4Text(b, v + 2) };
          else if (length === 8) aggregator = { asn: u32(b, v), ip: ipv4Text(b, v + 4) };
          else throw new BgpSyntaxError(p, `AGGREGATOR has length ${length}, expected 6 or 8`);
          break;
        case ATTR_AS4_AGGREGATOR:
          expectLength(code, p, length, 8);
          as4Aggregator = { asn: u32(b, v), ip: ipv4Text(b, v + 4) };
          break;
        case ATTR_COMMUNITIES: {
          if (length % 4 !== 0) throw new BgpSyntaxError(p, `COMMUNITIES length ${length} is not a multiple of 4`);
          const list = new Array<number>(length / 4);
          for (let i = 0; i < list.length; i++) list[i] = u32(b, v + 4 * i);
          attributes.communities = list;
          break;
        }
        case ATTR_LARGE_COMMUNITIES: {
          if (length % 12 !== 0) throw new BgpSyntaxError(p, `LARGE_COMMUNITIES length ${length} is not a multiple of 12`);
          const list: (readonly [number, number, number])[] = [];
          for (let q = v; q < ve; q += 12) list.push([u32(b, q), u32(b, q + 4), u32(b, q + 8)]);
          attributes.largeCommunities = list;
          break;
        }
        case ATTR_EXTENDED_COMMUNITIES: {
          if (length % 8 !== 0) throw new BgpSyntaxError(p, `EXTENDED_COMMUNITIES length ${length} is not a multiple of 8`);
          const list: string[] = [];
          for (let q = v; q < ve; q += 8) list.push(Buffer.from(b.buffer, b.byteOffset + q, 8).toString("hex"));
          attributes.extendedCommunities = list;
          break;
        }
        case ATTR_ORIGINATOR_ID:
          expectLength(code, p, length, 4);
          attributes.originatorId = ipv4Text(b, v);
          break;
        case ATTR_CLUSTER_LIST: {
          if (length % 4 !== 0) throw new BgpSyntaxError(p, `CLUSTER_LIST length ${length} is not a multiple of 4`);
          const list: string[] = [];
          for (let q = v; q < ve; q += 4) list.push(ipv4Text(b, q));
          attributes.clusterList = list;
          break;
        }
        case ATTR_ONLY_TO_CUSTOMER:
          expectLength(code, p, length, 4);
          attributes.onlyToCustomer = u32(b, v);
          break;
        case ATTR_MP_REACH_NLRI: {
          const reach = decodeMpReach(b, v, ve, ctx);
          mpReach.push(reach);
          attributes.mpNextHops = reach.nextHops;
          break;
        }
        case ATTR_MP_UNREACH_NLRI:
          mpUnreach.push(decodeMpUnreach(b, v, ve, ctx));
          break;
        default:
          unknown.push({ flags, code, value: b.slice(v, ve) });
      }
    }
    p = ve;
  }
  resolveAs4(attributes, ctx, asPath, as4Path, aggregator, as4Aggregator);
  if (unknown.length > 0) attributes.unknown = unknown;
  return { attributes, seen, mpReach, mpUnreach };
}

/**
 * RFC 6793 §4.2.3: in a 2-byte session, AS4_AGGREGATOR replaces an AGGREGATOR of
 * AS_TRANS and AS4_PATH is merged into AS_PATH; an AGGREGATOR of another AS means a
 * 2-byte speaker aggregated after the last 4-byte one, and both AS4 attributes are
 * ignored. In a 4-byte session the AS4 attributes are ignored.
 */
function resolveAs4(
  attributes: PathAttributes,
  ctx: AttributeContext,
  asPath: AsPathSegment[] | undefined,
  as4Path: AsPathSegment[] | undefined,
  aggregator: Aggregator | undefined,
  as4Aggregator: Aggregator | undefined,
): void {
  let path: readonly AsPathSegment[] | undefined = asPath;
  let agg = aggregator;
  if (ctx.asnLength === 2) {
    const ignoreAs4 = aggregator !== undefined && as4Aggregator !== undefined && aggregator.asn !== AS_TRANS;
    if (!ignoreAs4) {
      if (aggregator !== undefined && as4Aggregator !== undefined) agg = as4Aggregator;
      if (asPath !== undefined && as4Path !== undefined) path = mergeAs4Path(asPath, as4Path);
    }
  }
  if (path !== undefined) attributes.asPath = path;
  if (agg !== undefined) attributes.aggregator = agg;
}
