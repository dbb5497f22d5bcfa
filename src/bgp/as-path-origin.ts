/**
 * The origin AS of an AS_PATH read straight from the wire, for consumers that need
 * nothing else of the path (the BGP visibility signal): no segment objects.
 */
import { BgpSyntaxError } from "./bgp-syntax-error.ts";
import { AS_SEQUENCE, AS_SET } from "./constants.ts";

/**
 * The origin ASN of the AS_PATH value in `[start, end)`: the last ASN of the last
 * AS_SEQUENCE; a final AS_SET of one ASN gives it, of several -1 (no single origin);
 * confederation segments are skipped; an empty path gives -1. Checks every segment as
 * decodeAsPath() does and throws BgpSyntaxError on damage.
 */
export function asPathOrigin(b: Uint8Array, start: number, end: number, asnLength: 2 | 4): number {
  let origin = -1;
  let q = start;
  while (q < end) {
    if (q + 2 > end) throw new BgpSyntaxError(q, `AS path segment header needs 2 bytes, ${end - q} left`);
    const type = b[q]!;
    const count = b[q + 1]!;
    if (type < 1 || type > 4) throw new BgpSyntaxError(q, `unknown AS path segment type ${type}`);
    q += 2;
    const size = count * asnLength;
    if (q + size > end) throw new BgpSyntaxError(q, `AS path segment of ${count} ASNs needs ${size} bytes, ${end - q} left`);
    if (count > 0 && (type === AS_SEQUENCE || type === AS_SET)) {
      const last = q + size - asnLength;
      const asn = asnLength === 4
        ? b[last]! * 0x1000000 + ((b[last + 1]! << 16) | (b[last + 2]! << 8) | b[last + 3]!)
        : (b[last]! << 8) | b[last + 1]!;
      origin = type === AS_SEQUENCE || count === 1 ? asn : -1;
    }
    q += size;
  }
  return origin;
}
