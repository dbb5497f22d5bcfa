/**
 * Decodes one bzip2 block (after its 48-bit magic) into bytes: Huffman → MTF/RLE2 →
 * inverse BWT → RLE1, then checks the block CRC. Layout per the bzip2 1.0.8 sources
 * (decompress.c) and Joe Tsai's "bzip2 format specification" (2016):
 *
 * ```
 * blockCRC:32 randomised:1 origPtr:24
 * used:16 { used group i → 16 bits of symbols 16i..16i+15 }
 * nGroups:3 (2..6) nSelectors:15 { selector MTF index: unary 1…10 }
 * per group: startLen:5 { per symbol: (1 then 0:+1 | 1:-1)* 0 }
 * symbols, a Huffman group per 50: RUNA=0 RUNB=1 MTF k=1..n EOB=n+1
 * ```
 */
import type { BitInput } from "./bzip2-bit-input.ts";
import { NEED_INPUT } from "./bzip2-bit-input.ts";

/** Symbols per Huffman group selector. */
const GROUP_SIZE = 50;
/** Longest Huffman code bzip2 writes. */
const MAX_CODE_LEN = 20;
/** bzip2 1.0.8 reads at most this many selectors and ignores the rest (CVE-2019-12900). */
const MAX_SELECTORS = 18002;
/** Table stride per group: code lengths 0..MAX_CODE_LEN+1. */
const LEN_STRIDE = MAX_CODE_LEN + 2;
/** Largest alphabet: 256 byte values + RUNA + RUNB. */
const MAX_ALPHA = 258;

/** Big-endian CRC-32 (polynomial 0x04C11DB7), as bzip2 computes it. */
const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    table[i] = c;
  }
  return table;
})();

/** A decoded block, or why it could not be decoded. */
export type Bzip2BlockResult =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly crc: number }
  | { readonly ok: false; readonly reason: string };

/** Reusable work arrays, sized for the largest block (900 000 bytes). */
export interface Bzip2Scratch {
  readonly tt: Uint32Array;
}

/** Allocates the work arrays once per stream. */
export function createBzip2Scratch(blockSizeMax: number): Bzip2Scratch {
  return { tt: new Uint32Array(blockSizeMax) };
}

/** Thrown inside the decoder to stop at undecodable data; turned into a result below. */
class Corrupt {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

/**
 * Decodes the block at the reader's position (just after the block magic). Throws
 * {@link NEED_INPUT} when the block runs past the buffered input; returns `ok: false`
 * for undecodable data and for a CRC mismatch.
 */
export function decodeBzip2Block(input: BitInput, blockSizeMax: number, scratch: Bzip2Scratch): Bzip2BlockResult {
  try {
    const storedCrc = input.bits32();
    const { tt, nblock, origPtr } = readSymbols(input, blockSizeMax, scratch);
    const bytes = inverseBwtAndRle1(tt, nblock, origPtr);
    const crc = crc32(bytes);
    if (crc !== storedCrc) {
      return { ok: false, reason: `block CRC mismatch: stored 0x${hex(storedCrc)}, computed 0x${hex(crc)}` };
    }
    return { ok: true, bytes, crc };
  } catch (error: unknown) {
    if (error instanceof Corrupt) {
      // A code that looked bad may have been read from the zero padding past the input:
      // decide only with real bytes (at the end of input this reports a truncation).
      if (input.pos > input.data.length) throw NEED_INPUT;
      return { ok: false, reason: error.reason };
    }
    throw error;
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(8, "0");
}

/** bzip2's CRC of a block's output bytes, unsigned. */
function crc32(bytes: Uint8Array): number {
  let crc = -1;
  for (let i = 0; i < bytes.length; i++) {
    crc = (crc << 8) ^ (CRC_TABLE[((crc >>> 24) ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  }
  return ~crc >>> 0;
}

interface Symbols {
  readonly tt: Uint32Array;
  readonly nblock: number;
  readonly origPtr: number;
}

function readSymbolMap(input: BitInput): Uint8Array {
  const used = input.bits(16);
  const map: number[] = [];
  for (let i = 0; i < 16; i++) {
    if ((used & (0x8000 >> i)) === 0) continue;
    const bits = input.bits(16);
    for (let j = 0; j < 16; j++) if (bits & (0x8000 >> j)) map.push(i * 16 + j);
  }
  if (map.length === 0) throw new Corrupt("block uses no byte values");
  return Uint8Array.from(map);
}

function readSelectors(input: BitInput, nGroups: number): Uint8Array {
  const nSelectors = input.bits(15);
  if (nSelectors < 1) throw new Corrupt("block has no Huffman selectors");
  const selectors = new Uint8Array(Math.min(nSelectors, MAX_SELECTORS));
  const order = [0, 1, 2, 3, 4, 5];
  for (let i = 0; i < nSelectors; i++) {
    let j = 0;
    while (input.bits(1)) {
      if (++j >= nGroups) throw new Corrupt(`selector ${i} names group ${j} of ${nGroups}`);
    }
    const group = order[j] ?? 0;
    for (let k = j; k > 0; k--) order[k] = order[k - 1] ?? 0;
    order[0] = group;
    if (i < MAX_SELECTORS) selectors[i] = group;
  }
  return selectors;
}

/** Per-group canonical Huffman decoding tables (bzip2's hbCreateDecodeTables). */
interface HuffmanTables {
  readonly limit: Int32Array;
  readonly base: Int32Array;
  readonly perm: Uint16Array;
  readonly minLen: Uint8Array;
}

function readHuffmanTables(input: BitInput, nGroups: number, alphaSize: number): HuffmanTables {
  const limit = new Int32Array(nGroups * LEN_STRIDE);
  const base = new Int32Array(nGroups * LEN_STRIDE);
  const perm = new Uint16Array(nGroups * MAX_ALPHA);
  const minLen = new Uint8Array(nGroups);
  const lengths = new Uint8Array(alphaSize);
  for (let g = 0; g < nGroups; g++) {
    let len = input.bits(5);
    for (let s = 0; s < alphaSize; s++) {
      for (;;) {
        if (len < 1 || len > MAX_CODE_LEN) throw new Corrupt(`Huffman code length ${len} out of 1..20`);
        if (!input.bits(1)) break;
        len += input.bits(1) ? -1 : 1;
      }
      lengths[s] = len;
    }
    buildTables(lengths, g, { limit, base, perm, minLen });
  }
  return { limit, base, perm, minLen };
}

function buildTables(lengths: Uint8Array, g: number, tables: HuffmanTables): void {
  let min = 32;
  let max = 0;
  for (const len of lengths) {
    if (len > max) max = len;
    if (len < min) min = len;
  }
  const lo = g * LEN_STRIDE;
  let pp = g * MAX_ALPHA;
  for (let len = min; len <= max; len++) {
    for (let s = 0; s < lengths.length; s++) if (lengths[s] === len) tables.perm[pp++] = s;
  }
  const count = new Int32Array(LEN_STRIDE + 1);
  for (const len of lengths) count[len + 1]!++;
  for (let i = 1; i < count.length; i++) count[i]! += count[i - 1] ?? 0;
  let code = 0;
  for (let len = min; len <= max; len++) {
    code += (count[len + 1] ?? 0) - (count[len] ?? 0);
    tables.limit[lo + len] = code - 1;
    code <<= 1;
  }
  for (let len = min; len <= MAX_CODE_LEN + 1; len++) tables.base[lo + len] = count[len] ?? 0;
  for (let len = min + 1; len <= max; len++) {
    tables.base[lo + len] = (((tables.limit[lo + len - 1] ?? 0) + 1) << 1) - (count[len] ?? 0);
  }
  tables.base[lo + min] = count[min] ?? 0;
  // No code is longer than max: the decoder reads on until it reports a bad code.
  for (let len = max + 1; len <= MAX_CODE_LEN + 1; len++) tables.limit[lo + len] = -1;
  tables.minLen[g] = min;
}

function readSymbols(input: BitInput, blockSizeMax: number, scratch: Bzip2Scratch): Symbols {
  if (input.bits(1)) throw new Corrupt("randomised block (written by bzip2 before 0.9.5) is not supported");
  const origPtr = input.bits(24);
  const seqToUnseq = readSymbolMap(input);
  const alphaSize = seqToUnseq.length + 2;
  const nGroups = input.bits(3);
  if (nGroups < 2 || nGroups > 6) throw new Corrupt(`${nGroups} Huffman groups, expected 2..6`);
  const selectors = readSelectors(input, nGroups);
  const { limit, base, perm, minLen } = readHuffmanTables(input, nGroups, alphaSize);

  const tt = scratch.tt;
  const eob = alphaSize - 1;
  const mtf = new Uint8Array(256);
  for (let i = 0; i < 256; i++) mtf[i] = i;
  // The hot loop: reader state in locals, written back at the end.
  const data = input.data;
  const end = data.length;
  let { pos, buf, cnt } = input;
  let nblock = 0;
  let run = 0;
  let runBit = 1;
  let selector = 0;
  let left = 0;
  let lo = 0;
  let po = 0;
  let min = 0;
  try {
    for (;;) {
      if (left === 0) {
        if (selector >= selectors.length) throw new Corrupt("block has more symbols than selectors");
        const g = selectors[selector++] ?? 0;
        lo = g * LEN_STRIDE;
        po = g * MAX_ALPHA;
        min = minLen[g] ?? 1;
        left = GROUP_SIZE;
      }
      left--;
      while (cnt <= 24) {
        buf = (buf << 8) | (data[pos++] ?? 0);
        cnt += 8;
      }
      let zn = min;
      let zvec = (buf >>> (cnt - zn)) & ((1 << zn) - 1);
      while (zvec > (limit[lo + zn] ?? 0)) {
        if (++zn > MAX_CODE_LEN) throw new Corrupt("bad Huffman code");
        zvec = (buf >>> (cnt - zn)) & ((1 << zn) - 1);
      }
      cnt -= zn;
      if (pos > end && cnt < (pos - end) * 8) throw NEED_INPUT;
      const index = zvec - (base[lo + zn] ?? 0);
      if (index < 0 || index >= alphaSize) throw new Corrupt("bad Huffman code");
      const sym = perm[po + index] ?? 0;
      if (sym <= 1) {
        // RUNA/RUNB: bijective base-2 digits of a run length, least significant first.
        if (runBit > 0x100000) throw new Corrupt("run length overflows");
        run += runBit << sym;
        runBit <<= 1;
        continue;
      }
      if (run > 0) {
        if (nblock + run > blockSizeMax) throw new Corrupt(`block exceeds ${blockSizeMax} bytes`);
        tt.fill(seqToUnseq[mtf[0] ?? 0] ?? 0, nblock, nblock + run);
        nblock += run;
        run = 0;
        runBit = 1;
      }
      if (sym === eob) break;
      let k = sym - 1;
      const v = mtf[k] ?? 0;
      for (; k > 0; k--) mtf[k] = mtf[k - 1] ?? 0;
      mtf[0] = v;
      if (nblock >= blockSizeMax) throw new Corrupt(`block exceeds ${blockSizeMax} bytes`);
      tt[nblock++] = seqToUnseq[v] ?? 0;
    }
  } finally {
    input.pos = pos;
    input.buf = buf;
    input.cnt = cnt;
  }
  if (origPtr >= nblock) throw new Corrupt(`BWT origin ${origPtr} is outside the ${nblock}-byte block`);
  return { tt, nblock, origPtr };
}

/** Inverse Burrows–Wheeler transform, then undoes the initial run-length coding. */
function inverseBwtAndRle1(tt: Uint32Array, nblock: number, origPtr: number): Uint8Array {
  const cftab = new Int32Array(257);
  for (let i = 0; i < nblock; i++) cftab[(tt[i] ?? 0) + 1]!++;
  for (let i = 1; i < 257; i++) cftab[i]! += cftab[i - 1] ?? 0;
  for (let i = 0; i < nblock; i++) {
    const uc = (tt[i] ?? 0) & 0xff;
    const at = cftab[uc] ?? 0;
    tt[at] = (tt[at] ?? 0) | (i << 8);
    cftab[uc] = at + 1;
  }
  let out: Uint8Array = new Uint8Array(nblock + (nblock >> 2) + 256);
  let o = 0;
  let tPos = (tt[origPtr] ?? 0) >>> 8;
  let last = -1;
  let same = 0;
  for (let k = 0; k < nblock; k++) {
    tPos = tt[tPos] ?? 0;
    const ch = tPos & 0xff;
    tPos >>>= 8;
    if (same === 4) {
      // RLE1: four equal bytes are followed by a count of 0..255 more.
      if (o + ch > out.length) out = grow(out, o + ch);
      out.fill(last, o, o + ch);
      o += ch;
      same = 0;
      continue;
    }
    if (ch === last) same++;
    else {
      last = ch;
      same = 1;
    }
    if (o >= out.length) out = grow(out, o + 1);
    out[o++] = ch;
  }
  return out.subarray(0, o);
}

function grow(out: Uint8Array, need: number): Uint8Array {
  const bigger = new Uint8Array(Math.max(need, out.length * 2));
  bigger.set(out);
  return bigger;
}
