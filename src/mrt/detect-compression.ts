/**
 * Recognises the compression of an input from its first bytes, never from its name:
 * archives are often misnamed (a gzip file called `.bz2`, a plain dump called `.gz`).
 */

/** The compressions an MRT input may have. */
export type Compression = "none" | "gzip" | "bzip2";

/** Bytes {@link detectCompression} needs to decide (fewer are fine at the end of input). */
export const COMPRESSION_MAGIC_BYTES = 4;

/**
 * Returns the compression announced by the magic at the start of `head`:
 * gzip `1f 8b` (RFC 1952 §2.3.1), bzip2 `BZh` followed by the block-size digit `1`..`9`;
 * anything else, including an empty input, is plain.
 */
export function detectCompression(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  const level = head[3];
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68 && level !== undefined && level >= 0x31 && level <= 0x39) {
    return "bzip2";
  }
  return "none";
}
