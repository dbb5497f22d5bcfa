/**
 * The full decode of a path attribute block into a PathAttributes object: run lazily,
 * on the first read of a LazyPathAttributes, after the scan has validated the bytes.
 */
import { u32 } from "./wire.ts";
import type { Aggregator, AsPathSegment, Origin, PathAttributes, RawAttribute } from "../model/bgp-elem.ts";
import { decodeAsPath, mergeAs4Path } from "./as-path.ts";
import { attributeHeader, readAttributeHeader } from "./attribute-header.ts";
import { BgpSyntaxError } from "./bgp-syntax-error.ts";

import {
  AS_TRANS,
  ATTR_AGGREGATOR,
  ATTR_AS4_AGGREGATOR,
  ATTR_AS4_PATH,
  ATTR_AS_PATH,
  ATTR_ATOMIC_AGGREGATE,
  ATTR_CLUSTER_LIST,
  ATTR_COMMUNITIES,
  ATTR_EXTENDED_COMMUNITIES,
  ATTR_LARGE_COMMUNITIES,
  ATTR_LOCAL_PREF,
  ATTR_MP_REACH_NLRI,
  ATTR_MP_UNREACH_NLRI,
  ATTR_MULTI_EXIT_DISC,
  ATTR_ONLY_TO_CUSTOMER,
  ATTR_ORIGIN,
  ATTR_ORIGINATOR_ID,
} from "./constants.ts";
import { ipv4Text } from "./ip-text.ts";
import type { AttributeContext } from "./path-attributes.ts";

/** Reused by every walk of this module: the walks never nest. */
const HEADER = attributeHeader();

const ORIGINS: readonly Origin[] = ["IGP", "EGP", "INCOMPLETE"];
const NONE: readonly never[] = Object.freeze([]);


function expectLength(code: number, start: number, length: number, expected: number): void {
  if (length !== expected) {
    throw new BgpSyntaxError(start, `attribute ${code} has length ${length}, expected ${expected}`);
  }
}

/**
 * Builds the attribute object of a block that `decodePathAttributes` has already
 * scanned and validated (so nothing here throws on bytes that passed the scan).
 * A repeated attribute keeps its first occurrence (RFC 7606 §3 g).
 */
export function buildPathAttributes(
  b: Uint8Array,
  start: number,
  end: number,
  ctx: AttributeContext,
  mpNextHops: readonly string[] | undefined,
): PathAttributes {
  const attributes: PathAttributes = {};
  let unknown: RawAttribute[] | readonly never[] = NONE;
  let seen = 0;
  let asPath: AsPathSegment[] | undefined;
  let as4Path: AsPathSegment[] | undefined;
  let aggregator: Aggregator | undefined;
  let as4Aggregator: Aggregator | undefined;
  const h = HEADER;
  let p = start;
  while (p < end) {
    readAttributeHeader(b, p, end, h);
    const { flags, code, length, value: v, end: ve } = h;
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
        case ATTR_MP_REACH_NLRI:
        case ATTR_MP_UNREACH_NLRI:
          break; // decoded by the scan

        default:
          if (unknown === NONE) unknown = [];
          (unknown as RawAttribute[]).push({ flags, code, value: b.slice(v, ve) });
      }
    }
    p = ve;
  }
  resolveAs4(attributes, ctx, asPath, as4Path, aggregator, as4Aggregator);
  if (mpNextHops !== undefined) attributes.mpNextHops = mpNextHops;
  if (unknown.length > 0) attributes.unknown = unknown;
  return attributes;
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
