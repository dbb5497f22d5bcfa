/**
 * Numeric keys of IP addresses for the entity index. IPv4: the 32-bit address.
 * IPv6: the index of its /48 (the top 48 bits, exact in a double), because the BGP
 * signal counts IPv6 in /48s and a /48 is the smallest block it attributes.
 */
import { ipv4Key, ipv6Groups } from "../bgp/ip-address.ts";
import type { Family } from "../model/bgp-elem.ts";

/** An address as a key: `key` is the IPv4 address, or the IPv6 /48 index. */
export interface IpKey {
  readonly family: Family;
  readonly key: number;
  /** IPv6 only: true when the address is the first of its /48. Always true for IPv4. */
  readonly blockStart: boolean;
}

/** A prefix's keys: first and last key it covers, and its length. */
export interface PrefixKeys {
  readonly family: Family;
  readonly length: number;
  readonly first: number;
  readonly last: number;
}

/** Block size in bits per family: /24 for IPv4, /48 for IPv6. */
export const BLOCK_BITS: Readonly<Record<Family, number>> = { 4: 24, 6: 48 };

export { ipv4Key, ipv6Groups };

/** An address (IPv4 or IPv6 text) as a key, or null when it is neither. */
export function ipKey(text: string): IpKey | null {
  if (!text.includes(":")) {
    const key = ipv4Key(text);
    return key === null ? null : { family: 4, key, blockStart: true };
  }
  const g = ipv6Groups(text);
  if (g === null) return null;
  const [a = 0, b = 0, c = 0, ...low] = g;
  return { family: 6, key: (a * 65536 + b) * 65536 + c, blockStart: low.every((x) => x === 0) };
}

/**
 * A prefix such as `192.0.2.0/24` or `2001:db8::/32` as the keys it covers. Host bits
 * are ignored (masked), as routers do. Null when the text is not a prefix.
 */
export function prefixKeys(text: string): PrefixKeys | null {
  const slash = text.indexOf("/");
  if (slash < 0) return null;
  const address = ipKey(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (address === null || !/^\d{1,3}$/.test(lengthText)) return null;
  const length = Number(lengthText);
  const bits = address.family === 4 ? 32 : 48;
  const maxLength = address.family === 4 ? 32 : 128;
  if (length > maxLength) return null;
  // Keys are 32-bit addresses or 48-bit /48 indices; a longer IPv6 prefix sits in one /48.
  const free = Math.max(0, bits - length);
  const size = 2 ** free;
  const first = Math.floor(address.key / size) * size;
  return { family: address.family, length, first, last: first + size - 1 };
}
