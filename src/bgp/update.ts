/**
 * The body of a BGP UPDATE message (RFC 4271 §4.3), after the 19-byte header:
 *
 *     withdrawn length (2) | withdrawn routes | attributes length (2) | attributes | NLRI
 *
 * Shared by the MRT reader and live BGP sessions.
 */
import { BgpSyntaxError } from "./bgp-syntax-error.ts";
import { decodeNlri, type Nlri } from "./nlri.ts";
import { decodePathAttributes, type DecodedAttributes } from "./path-attributes.ts";

/** A decoded UPDATE. */
export interface BgpUpdate {
  readonly withdrawn: readonly Nlri[];
  readonly attrs: DecodedAttributes;
  readonly announced: readonly Nlri[];
  /** The NLRI field ended inside a prefix (a recorder cut the message); that prefix is dropped. */
  readonly truncatedNlri?: true;
}

/** Decodes the UPDATE body in `[start, end)` with the session's ASN width and ADD-PATH state. */
export function decodeUpdate(b: Uint8Array, start: number, end: number, as4: boolean, addPath: boolean): BgpUpdate {
  let p = start;
  if (p + 2 > end) throw new BgpSyntaxError(p, `UPDATE withdrawn routes length needs 2 bytes, ${end - p} left`);
  const withdrawnLength = (b[p]! << 8) | b[p + 1]!;
  p += 2;
  if (p + withdrawnLength + 2 > end) {
    throw new BgpSyntaxError(p - 2, `UPDATE withdrawn routes length ${withdrawnLength} overruns the ${end - p} bytes left`);
  }
  const withdrawn = decodeNlri(b, p, p + withdrawnLength, 4, addPath);
  p += withdrawnLength;
  const attrLength = (b[p]! << 8) | b[p + 1]!;
  p += 2;
  if (p + attrLength > end) {
    throw new BgpSyntaxError(p - 2, `UPDATE attributes length ${attrLength} overruns the ${end - p} bytes left`);
  }
  const attrs = decodePathAttributes(b, p, p + attrLength, { asnLength: as4 ? 4 : 2, addPath });
  p += attrLength;
  const cut = { truncated: false };
  const announced = decodeNlri(b, p, end, 4, addPath, cut);
  return cut.truncated ? { withdrawn, attrs, announced, truncatedNlri: true } : { withdrawn, attrs, announced };
}
