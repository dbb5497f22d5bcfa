/**
 * Big-endian bit reader over a buffer of bzip2 input, for the JS bzip2 decoder.
 */

/**
 * Thrown (as this one object, never as an error a user sees) when a reader needs bits
 * beyond the buffered input. The stream decoder then buffers more input and decodes the
 * block again from its start, or, at the end of the input, reports a truncated stream.
 */
export const NEED_INPUT: { readonly needInput: true } = Object.freeze({ needInput: true });

/**
 * Reads bits most significant first from `data`. Bits past the end read as zero, and
 * consuming one of them throws {@link NEED_INPUT}, so a decoder never acts on padding.
 *
 * The fields are public so the Huffman loop of the block decoder can copy them into
 * locals: that loop is the hot spot of bzip2 decoding.
 */
export class BitInput {
  /** The buffered input. */
  data: Uint8Array;
  /** Next byte of `data` to load into `buf`. */
  pos: number;
  /** Bit accumulator: its low `cnt` bits are the next bits of input. */
  buf = 0;
  /** Number of valid bits in `buf` (0..32). */
  cnt = 0;

  constructor(data: Uint8Array, pos = 0) {
    this.data = data;
    this.pos = pos;
  }

  /** Whether bits beyond the end of `data` have been consumed. */
  overread(): boolean {
    return this.pos > this.data.length && this.cnt < (this.pos - this.data.length) * 8;
  }

  /** Reads `n` bits (1..24) as an unsigned number. */
  bits(n: number): number {
    while (this.cnt < n) {
      this.buf = (this.buf << 8) | (this.data[this.pos++] ?? 0);
      this.cnt += 8;
    }
    this.cnt -= n;
    if (this.pos > this.data.length && this.overread()) throw NEED_INPUT;
    return (this.buf >>> this.cnt) & ((1 << n) - 1);
  }

  /** Reads 32 bits as an unsigned number. */
  bits32(): number {
    return this.bits(16) * 0x10000 + this.bits(16);
  }

  /** Skips to the next byte boundary and returns that byte's index in `data`. */
  alignedByte(): number {
    this.cnt -= this.cnt % 8;
    const at = this.pos - this.cnt / 8;
    this.pos = at;
    this.buf = 0;
    this.cnt = 0;
    return at;
  }

  /** Whether every bit of `data` has been consumed, ignoring up to 7 bits of padding. */
  atEnd(): boolean {
    return this.pos - Math.floor(this.cnt / 8) >= this.data.length;
  }
}
