/**
 * NLRI lists (RFC 4271 §4.3, RFC 4760 §5, RFC 7911 §3): prefixes as text, host bits
 * masked, with ADD-PATH identifiers when the session negotiated them.
 */
import { BgpSyntaxError } from "./bgp-syntax-error.ts";
import { prefixText } from "./ip-text.ts";

/** One prefix of an NLRI list. */
export interface Nlri {
  /** Masked prefix text, e.g. `192.0.2.0/24`. */
  readonly prefix: string;
  /** RFC 7911 path identifier; present only for ADD-PATH records. */
  readonly pathId?: number;
}

/**
 * Decodes the prefixes between `start` and `end`; a partial last prefix throws, or with
 * `cut` is dropped and flagged in `cut.truncated`:
 *
 *     [path id (4 bytes, ADD-PATH only)] | length in bits (1) | ceil(bits/8) bytes
 */
export function decodeNlri(
  bytes: Uint8Array,
  start: number,
  end: number,
  family: 4 | 6,
  addPath: boolean,
  cut?: { truncated: boolean },
): Nlri[] {
  const out: Nlri[] = [];
  const maxBits = family === 4 ? 32 : 128;
  let p = start;
  while (p < end) {
    let pathId = 0;
    if (addPath) {
      if (p + 4 > end) throw new BgpSyntaxError(p, `ADD-PATH identifier needs 4 bytes, ${end - p} left`);
      pathId = bytes[p]! * 0x1000000 + ((bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!);
      p += 4;
    }
    if (p >= end) throw new BgpSyntaxError(p, "prefix length byte missing");
    const bits = bytes[p]!;
    if (bits > maxBits) throw new BgpSyntaxError(p, `IPv${family} prefix length ${bits} exceeds ${maxBits}`);
    const n = (bits + 7) >> 3;
    if (p + 1 + n > end) {
      // A recorder that cut the message leaves a partial last prefix (bgpdump's
      // "INCOMPLETE PACKET"): with `cut`, keep what is whole and flag the rest.
      if (cut !== undefined) {
        cut.truncated = true;
        break;
      }
      throw new BgpSyntaxError(p, `prefix /${bits} needs ${n} bytes, ${end - p - 1} left`);
    }
    const prefix = prefixText(family, bytes, p + 1, bits);
    out.push(addPath ? { prefix, pathId } : { prefix });
    p += 1 + n;
  }
  return out;
}
