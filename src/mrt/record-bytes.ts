/** Bounds checks and address text shared by the record decoders. */
import { BgpSyntaxError } from "../bgp/bgp-syntax-error.ts";
import { ipv4Text, ipv6Text } from "../bgp/ip-text.ts";
import type { MrtHeader, MrtRawRecord } from "./mrt-record.ts";

/** Throws unless `n` bytes from `p` lie before `end`; `what` names them in the message. */
export function need(p: number, n: number, end: number, what: string): void {
  if (p + n > end) throw new BgpSyntaxError(p, `${what} needs ${n} bytes, ${Math.max(0, end - p)} left`);
}

/** Text of the 4- or 16-byte address at `p`. */
export function addressText(family: 4 | 6, b: Uint8Array, p: number): string {
  return family === 4 ? ipv4Text(b, p) : ipv6Text(b, p);
}

/** The header fields every typed record repeats. */
export function recordHeader(raw: MrtRawRecord): MrtHeader {
  return {
    index: raw.index,
    offset: raw.offset,
    timestamp: raw.timestamp,
    microseconds: raw.microseconds,
    type: raw.type,
    subtype: raw.subtype,
  };
}
