/**
 * A /24 block as the prober knows it: its ever-responsive addresses E(b) and their
 * mean availability A(E(b)) (Trinocular, §3.1). Types only.
 */

/** One /24 of a target list. */
export interface TargetBlock {
  /** The /24's index: its first IPv4 address divided by 256. */
  readonly block: number;
  /** Last octets (0–255) of the ever-responsive addresses E(b), ascending, distinct. */
  readonly addresses: readonly number[];
  /** A(E(b)): the mean share of E(b) that answered a probe, 0–1. */
  readonly availability: number;
}

/** `198.18.16.0/24` from a block index. */
export function blockPrefix(block: number): string {
  return `${blockAddress(block, 0)}/24`;
}

/** The dotted quad of host `host` (0–255) of block `block`. */
export function blockAddress(block: number, host: number): string {
  return `${(block >>> 16) & 255}.${(block >>> 8) & 255}.${block & 255}.${host}`;
}
