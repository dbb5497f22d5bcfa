/**
 * One text per address, so that a peer is found whatever form names it: IPv4 dotted
 * quads, IPv6 in RFC 5952 form, and IPv4-mapped IPv6 (`::ffff:198.18.0.2`, what a
 * dual-stack listener reports for an IPv4 peer) as the IPv4 address.
 */
import { ipv4Key, ipv6Groups } from "../bgp/ip-address.ts";
import { ipv4Text, ipv6Text } from "../bgp/ip-text.ts";

/** The canonical text of an address, or null when `text` is not one. */
export function canonicalAddress(text: string): string | null {
  const v4 = ipv4Key(text);
  if (v4 !== null) return ipv4Text(Uint8Array.of(v4 >>> 24, (v4 >>> 16) & 0xff, (v4 >>> 8) & 0xff, v4 & 0xff), 0);
  const g = ipv6Groups(text.replace(/%.*$/, ""));
  if (g === null) return null;
  const bytes = Uint8Array.from(g.flatMap((x) => [x >> 8, x & 0xff]));
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return ipv4Text(bytes, 12);
  return ipv6Text(bytes, 0);
}
