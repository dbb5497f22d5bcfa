/** Big-endian integers from wire bytes; the caller has checked the bounds. */

/** The 2-byte unsigned integer at `p`. */
export function u16(b: Uint8Array, p: number): number {
  return (b[p]! << 8) | b[p + 1]!;
}

/** The 4-byte unsigned integer at `p` (a non-negative number, not an int32). */
export function u32(b: Uint8Array, p: number): number {
  return b[p]! * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
}
