/**
 * The ROUTE-REFRESH message (RFC 2918 §3; the subtype byte of RFC 7313 §3.2):
 *
 *     AFI (2) | reserved or subtype (1) | SAFI (1)
 *
 * A passive collector sends it to ask a peer for its routes again; it never answers one
 * with routes, having none to announce.
 */
import { encodeMessage } from "./bgp-message.ts";
import { BgpSyntaxError } from "./bgp-syntax-error.ts";
import { BGP_MSG_ROUTE_REFRESH } from "./constants.ts";
import type { AfiSafi } from "./open-message.ts";

/** A decoded ROUTE-REFRESH: the family and RFC 7313's subtype (0 = a plain request). */
export interface RouteRefresh extends AfiSafi {
  readonly subtype: number;
}

/** Decodes the ROUTE-REFRESH body `[start, end)`. */
export function decodeRouteRefresh(b: Uint8Array, start: number, end: number): RouteRefresh {
  if (end - start !== 4) throw new BgpSyntaxError(start, `ROUTE-REFRESH body has ${end - start} bytes, expected 4`);
  return { afi: (b[start]! << 8) | b[start + 1]!, subtype: b[start + 2]!, safi: b[start + 3]! };
}

/** The whole ROUTE-REFRESH message asking for `family` again. */
export function encodeRouteRefresh(family: AfiSafi): Uint8Array {
  return encodeMessage(BGP_MSG_ROUTE_REFRESH, Uint8Array.of(family.afi >> 8, family.afi & 0xff, 0, family.safi));
}
