/**
 * The origin AS of a route, as IODA attributes a prefix to a network: the last ASN of
 * the AS path.
 */
import type { AsPathSegment } from "../model/bgp-elem.ts";

/**
 * The origin ASN of an AS path, or null when the path names no single origin.
 *
 * - The last ASN of the last AS_SEQUENCE (RFC 4271 §5.1.2: the originator is last).
 * - Confederation segments (RFC 5065) are skipped: they are local to the neighbour.
 * - A final AS_SET (an aggregate, RFC 4271 §9.2.2.2) of one ASN is that ASN; of several,
 *   no single AS originates the prefix and null is returned: the route still counts for
 *   visibility of countries and regions, but for no network. (IODA's pipeline takes the
 *   set as a whole; RFC 9774 deprecates AS_SET, and they are about 0.01 % of routes.)
 * - An empty path (a route the peer originates itself as seen over iBGP, rare in
 *   collector feeds) gives null.
 */
export function originOfPath(segments: readonly AsPathSegment[] | undefined): number | null {
  if (segments === undefined) return null;
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i]!;
    if (s.kind === "confed_sequence" || s.kind === "confed_set" || s.asns.length === 0) continue;
    if (s.kind === "sequence") return s.asns[s.asns.length - 1]!;
    return s.asns.length === 1 ? s.asns[0]! : null;
  }
  return null;
}
