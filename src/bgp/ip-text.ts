/**
 * Address and prefix text from wire bytes: dotted quads for IPv4, RFC 5952 for IPv6.
 * Hot path of every decoder: no allocation but the result string.
 */

const HEX = "0123456789abcdef";
const scratch = new Uint8Array(16);
const groups = new Uint16Array(8);

/** Dotted-quad text of the 4 bytes at `offset`. */
export function ipv4Text(bytes: Uint8Array, offset: number): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

function hex16(v: number): string {
  if (v < 0x10) return HEX[v]!;
  if (v < 0x100) return HEX[v >> 4]! + HEX[v & 15]!;
  if (v < 0x1000) return HEX[v >> 8]! + HEX[(v >> 4) & 15]! + HEX[v & 15]!;
  return HEX[v >> 12]! + HEX[(v >> 8) & 15]! + HEX[(v >> 4) & 15]! + HEX[v & 15]!;
}

/**
 * RFC 5952 text of the 16 bytes at `offset`: lower case, the longest run (first on a
 * tie) of two or more zero groups as `::`, IPv4-mapped addresses as `::ffff:a.b.c.d`.
 */
export function ipv6Text(bytes: Uint8Array, offset: number): string {
  for (let i = 0; i < 8; i++) groups[i] = (bytes[offset + 2 * i]! << 8) | bytes[offset + 2 * i + 1]!;
  if (groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff) {
    return `::ffff:${ipv4Text(bytes, offset + 12)}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let text = "";
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += i === 0 ? "::" : ":";
      i += bestLen - 1;
      continue;
    }
    text += hex16(groups[i]!);
    if (i < 7) text += ":";
  }
  return text;
}

/**
 * Prefix text `addr/len` from `byteCount` wire bytes at `offset` (RFC 4271 §4.3: the
 * minimum number of bytes for `bits`), host bits masked to zero.
 */
export function prefixText(family: 4 | 6, bytes: Uint8Array, offset: number, bits: number): string {
  const byteCount = (bits + 7) >> 3;
  if (family === 4) {
    const a = byteCount > 0 ? bytes[offset]! : 0;
    const b = byteCount > 1 ? bytes[offset + 1]! : 0;
    const c = byteCount > 2 ? bytes[offset + 2]! : 0;
    const d = byteCount > 3 ? bytes[offset + 3]! : 0;
    let v = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
    if (bits < 32) v = bits === 0 ? 0 : (v & (0xffffffff << (32 - bits))) >>> 0;
    return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}/${bits}`;
  }
  scratch.fill(0);
  for (let i = 0; i < byteCount; i++) scratch[i] = bytes[offset + i]!;
  if ((bits & 7) !== 0) scratch[byteCount - 1] = scratch[byteCount - 1]! & (0xff << (8 - (bits & 7)));
  return `${ipv6Text(scratch, 0)}/${bits}`;
}
