/**
 * A prefix in text (`192.0.2.0/24`, `2001:db8::/32`) as NLRI wire bytes (RFC 4271 §4.3:
 * the length in bits, then the fewest bytes that hold it), host bits masked.
 */
import { ipv4Key, ipv6Groups } from "./ip-address.ts";

/** A prefix ready for the wire. */
export interface WirePrefix {
  readonly family: 4 | 6;
  readonly bits: number;
  /** `ceil(bits / 8)` address bytes, host bits zero. */
  readonly bytes: Uint8Array;
}

/** The wire form of a prefix in text; null when the text is not a prefix. */
export function prefixBytes(text: string): WirePrefix | null {
  const slash = text.indexOf("/");
  if (slash < 0 || !/^\d{1,3}$/.test(text.slice(slash + 1))) return null;
  const bits = Number(text.slice(slash + 1));
  const address = text.slice(0, slash);
  let full: Uint8Array;
  let family: 4 | 6;
  if (address.includes(":")) {
    const g = ipv6Groups(address);
    if (g === null || bits > 128) return null;
    full = Uint8Array.from(g.flatMap((x) => [x >> 8, x & 0xff]));
    family = 6;
  } else {
    const v = ipv4Key(address);
    if (v === null || bits > 32) return null;
    full = Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
    family = 4;
  }
  const bytes = full.slice(0, (bits + 7) >> 3);
  if ((bits & 7) !== 0) bytes[bytes.length - 1] = bytes[bytes.length - 1]! & (0xff << (8 - (bits & 7)));
  return { family, bits, bytes };
}
