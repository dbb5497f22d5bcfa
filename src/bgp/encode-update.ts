/**
 * An UPDATE message from its parts (RFC 4271 §4.3, RFC 4760 for IPv6): what a RIS Live
 * message without its raw bytes carries (path, origin, next hop, prefixes), and what
 * tests need to craft messages. IPv4 prefixes go in the NLRI and withdrawn fields,
 * IPv6 ones in MP_REACH_NLRI / MP_UNREACH_NLRI.
 */
import { encodeMessage } from "./bgp-message.ts";
import {
  AFI_IPV6,
  ATTR_AS_PATH,
  ATTR_FLAG_EXTENDED_LENGTH,
  ATTR_FLAG_OPTIONAL,
  ATTR_FLAG_TRANSITIVE,
  ATTR_MP_REACH_NLRI,
  ATTR_MP_UNREACH_NLRI,
  ATTR_NEXT_HOP,
  ATTR_ORIGIN,
  AS_SEQUENCE,
  BGP_MSG_UPDATE,
  SAFI_UNICAST,
} from "./constants.ts";
import { ipv4Key, ipv6Groups } from "./ip-address.ts";
import { prefixBytes } from "./prefix-bytes.ts";

/** The parts of an UPDATE. */
export interface UpdateParts {
  readonly withdrawn?: readonly string[];
  readonly announced?: readonly string[];
  /** AS_PATH as one AS_SEQUENCE (RIS Live's `path` without sets). */
  readonly path?: readonly number[];
  /** 0 IGP, 1 EGP, 2 INCOMPLETE. */
  readonly origin?: number;
  /** IPv4 next hop for IPv4 announcements, IPv6 for IPv6 ones. */
  readonly nextHop?: string;
  readonly nextHop6?: string;
  /** Session with 4-byte ASNs (default true). */
  readonly as4?: boolean;
  /** ADD-PATH identifier given to every prefix; undefined: no ADD-PATH. */
  readonly pathId?: number;
  /** Further attributes, already encoded (flags, type, length, value). */
  readonly extra?: readonly Uint8Array[];
}

/** An attribute: flags, code, length (extended when over 255), value. */
export function encodeAttribute(flags: number, code: number, value: readonly number[] | Uint8Array): Uint8Array {
  const extended = value.length > 255;
  const head = extended ? [flags | ATTR_FLAG_EXTENDED_LENGTH, code, value.length >> 8, value.length & 0xff] : [flags & ~ATTR_FLAG_EXTENDED_LENGTH, code, value.length];
  return Uint8Array.from([...head, ...value]);
}

function nlri(prefixes: readonly string[], pathId: number | undefined): number[] {
  const out: number[] = [];
  for (const text of prefixes) {
    const p = prefixBytes(text);
    if (p === null) throw new TypeError(`Cannot encode prefix ${JSON.stringify(text)}: not an IPv4 or IPv6 prefix`);
    if (pathId !== undefined) out.push((pathId >>> 24) & 0xff, (pathId >>> 16) & 0xff, (pathId >>> 8) & 0xff, pathId & 0xff);
    out.push(p.bits, ...p.bytes);
  }
  return out;
}

function address(text: string): number[] {
  const v4 = ipv4Key(text);
  if (v4 !== null) return [v4 >>> 24, (v4 >>> 16) & 0xff, (v4 >>> 8) & 0xff, v4 & 0xff];
  const g = ipv6Groups(text);
  if (g === null) throw new TypeError(`Cannot encode next hop ${JSON.stringify(text)}: not an IP address`);
  return g.flatMap((x) => [x >> 8, x & 0xff]);
}

const v6 = (prefix: string): boolean => prefix.includes(":");

function pathValue(path: readonly number[], as4: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < path.length; i += 255) {
    const part = path.slice(i, i + 255);
    out.push(AS_SEQUENCE, part.length);
    for (const asn of part) out.push(...(as4 ? [(asn >>> 24) & 0xff, (asn >>> 16) & 0xff] : []), (asn >>> 8) & 0xff, asn & 0xff);
  }
  return out;
}

/** The whole UPDATE message of `parts`. */
export function encodeUpdate(parts: UpdateParts): Uint8Array {
  const withdrawn4 = (parts.withdrawn ?? []).filter((p) => !v6(p));
  const withdrawn6 = (parts.withdrawn ?? []).filter(v6);
  const announced4 = (parts.announced ?? []).filter((p) => !v6(p));
  const announced6 = (parts.announced ?? []).filter(v6);
  const attrs: Uint8Array[] = [];
  const announces = announced4.length + announced6.length > 0;
  if (announces || parts.path !== undefined) {
    attrs.push(encodeAttribute(ATTR_FLAG_TRANSITIVE, ATTR_ORIGIN, [parts.origin ?? 0]));
    attrs.push(encodeAttribute(ATTR_FLAG_TRANSITIVE, ATTR_AS_PATH, pathValue(parts.path ?? [], parts.as4 ?? true)));
  }
  if (announced4.length > 0) attrs.push(encodeAttribute(ATTR_FLAG_TRANSITIVE, ATTR_NEXT_HOP, address(parts.nextHop ?? "0.0.0.0")));
  if (announced6.length > 0) {
    const hop = address(parts.nextHop6 ?? "::");
    attrs.push(encodeAttribute(ATTR_FLAG_OPTIONAL, ATTR_MP_REACH_NLRI, [0, AFI_IPV6, SAFI_UNICAST, hop.length, ...hop, 0, ...nlri(announced6, parts.pathId)]));
  }
  if (withdrawn6.length > 0) attrs.push(encodeAttribute(ATTR_FLAG_OPTIONAL, ATTR_MP_UNREACH_NLRI, [0, AFI_IPV6, SAFI_UNICAST, ...nlri(withdrawn6, parts.pathId)]));
  attrs.push(...(parts.extra ?? []));
  const w = nlri(withdrawn4, parts.pathId);
  const attrLength = attrs.reduce((n, a) => n + a.length, 0);
  const body = [w.length >> 8, w.length & 0xff, ...w, attrLength >> 8, attrLength & 0xff, ...attrs.flatMap((a) => [...a]), ...nlri(announced4, parts.pathId)];
  return encodeMessage(BGP_MSG_UPDATE, Uint8Array.from(body));
}
