/**
 * Streaming bzip2 decoder in TypeScript: the fallback when neither `lbzip2` nor `bzip2`
 * is on PATH, and the recovery pass that finds every complete block of a damaged file.
 *
 * Why our own decoder and not an npm package: `@foxglove/wasm-bz2` (the maintained WASM
 * build of libbz2) only offers one-shot buffer-to-buffer decompression, which needs the
 * whole file and its decompressed size in memory and yields nothing at all from a
 * truncated file; `unbzip2-stream` (last release 2020) pushes every output byte into a
 * JS array, ignores backpressure and reports truncation without saying how far it got;
 * `seek-bzip` is synchronous over whole buffers. Archives are large and often cut short,
 * so we need constant memory and every complete block before the error.
 *
 * Stream layout (bzip2 1.0.8, Joe Tsai's format specification):
 * ```
 * "BZh" level:'1'..'9'  { 0x314159265359 block }*  0x177245385090 combinedCRC:32  pad to byte
 * ```
 * Concatenated streams (pbzip2, `cat a.bz2 b.bz2`) are all read; bytes after the last
 * stream that do not start another one are ignored, as `bzip2 -d` ignores them.
 */
import { BitInput, NEED_INPUT } from "./bzip2-bit-input.ts";
import { CompressedStreamError } from "./compressed-stream-error.ts";
import { createBzip2Scratch, decodeBzip2Block } from "./decode-bzip2-block.ts";
import type { Bzip2Scratch } from "./decode-bzip2-block.ts";

/** bzip2 writes blocks of at most level × 100 000 bytes (before RLE1 is undone). */
const BLOCK_UNIT = 100_000;
/** Compressed bytes buffered before a block is tried: a 900 k block rarely exceeds this. */
const LOOKAHEAD = 1 << 20;
const BLOCK_MAGIC_HI = 0x314159;
const BLOCK_MAGIC_LO = 0x265359;
const END_MAGIC_HI = 0x177245;
const END_MAGIC_LO = 0x385090;

/** Options of {@link decodeBzip2}. */
export interface DecodeBzip2Options {
  /** Source name for error messages. */
  readonly name: string;
  /** Decompressed bytes to decode but not yield (to resume after another decoder). */
  readonly skip?: number;
}

/** What one step of the decoder found. */
type Step =
  | { readonly kind: "block"; readonly bytes: Uint8Array }
  | { readonly kind: "end" }
  | { readonly kind: "stream"; readonly blockSizeMax: number }
  | { readonly kind: "garbage" };

/**
 * Decompresses a bzip2 byte stream. Yields each block's bytes as soon as the block is
 * decoded; throws {@link CompressedStreamError} (with the decompressed byte count) when
 * the input ends inside a stream or a block is corrupt, after yielding every good block.
 */
export async function* decodeBzip2(
  source: AsyncIterable<Uint8Array>,
  options: DecodeBzip2Options,
): AsyncGenerator<Uint8Array, void, undefined> {
  const chunks = source[Symbol.asyncIterator]();
  let input = new BitInput(new Uint8Array(0));
  let ended = false;
  let produced = 0;
  let skip = options.skip ?? 0;
  let scratch: Bzip2Scratch | undefined;
  let blockSizeMax = 0;
  let blockIndex = 0;
  let combined = 0;
  let inStream = false;
  let streams = 0;

  /** Buffers input until `ahead` bytes follow the reader's position, or the input ends. */
  const fill = async (ahead: number): Promise<void> => {
    const parts: Uint8Array[] = [];
    let have = input.data.length - input.pos;
    while (!ended && have < ahead) {
      const next = await chunks.next();
      if (next.done === true) ended = true;
      else {
        parts.push(next.value);
        have += next.value.length;
      }
    }
    if (parts.length === 0) return;
    const padding = input.pos - input.data.length;
    if (padding > 0) {
      // Zero bytes loaded past the end but not consumed: unload them before real bytes come.
      input.cnt -= padding * 8;
      input.buf >>>= padding * 8;
      input.pos -= padding;
    }
    const rest = input.data.subarray(input.pos);
    const data = new Uint8Array(have);
    data.set(rest);
    let at = rest.length;
    for (const part of parts) {
      data.set(part, at);
      at += part.length;
    }
    const { buf, cnt } = input;
    input = new BitInput(data);
    input.buf = buf;
    input.cnt = cnt;
  };

  const damage = (kind: "truncated" | "corrupt", reason: string): CompressedStreamError =>
    new CompressedStreamError(options.name, { damage: kind, offset: produced, reason });

  const step = (): Step => {
    if (!inStream) return readStreamHeader(input, streams === 0);
    const hi = input.bits(24);
    const lo = input.bits(24);
    if (hi === BLOCK_MAGIC_HI && lo === BLOCK_MAGIC_LO) {
      scratch ??= createBzip2Scratch(blockSizeMax);
      const result = decodeBzip2Block(input, blockSizeMax, scratch);
      if (!result.ok) throw damage("corrupt", `bzip2 block ${blockIndex} is corrupt: ${result.reason}`);
      combined = (((combined << 1) | (combined >>> 31)) ^ result.crc) >>> 0;
      return { kind: "block", bytes: result.bytes };
    }
    if (hi === END_MAGIC_HI && lo === END_MAGIC_LO) {
      const stored = input.bits32();
      if (stored !== combined) {
        throw damage("corrupt", `bzip2 stream CRC mismatch: stored 0x${stored.toString(16)}, computed 0x${combined.toString(16)}`);
      }
      input.alignedByte();
      return { kind: "end" };
    }
    throw damage("corrupt", `bzip2 block ${blockIndex} does not start with the block magic`);
  };

  try {
    for (;;) {
      await fill(LOOKAHEAD);
      const mark = { pos: input.pos, buf: input.buf, cnt: input.cnt };
      let result: Step;
      for (;;) {
        try {
          result = step();
          break;
        } catch (error: unknown) {
          if (error !== NEED_INPUT) throw error;
          if (ended) {
            throw damage("truncated", `the bzip2 stream ends early, inside ${inStream ? `block ${blockIndex}` : "a stream header"}`);
          }
          // Rewind to the start of this step, buffer more, and decode it again.
          input.pos = mark.pos;
          input.buf = mark.buf;
          input.cnt = mark.cnt;
          const before = input.pos;
          await fill((input.data.length - input.pos) * 2 + LOOKAHEAD);
          mark.pos -= before - input.pos;
        }
      }
      if (result.kind === "garbage") {
        if (streams === 0) throw damage("corrupt", "the input does not start with the bzip2 magic BZh1..BZh9");
        return;
      }
      if (result.kind === "stream") {
        inStream = true;
        combined = 0;
        if (result.blockSizeMax > blockSizeMax) scratch = undefined;
        blockSizeMax = result.blockSizeMax;
        continue;
      }
      if (result.kind === "end") {
        inStream = false;
        streams++;
        continue;
      }
      blockIndex++;
      const bytes = result.bytes;
      produced += bytes.length;
      if (skip >= bytes.length) {
        skip -= bytes.length;
        continue;
      }
      yield skip > 0 ? bytes.subarray(skip) : bytes;
      skip = 0;
    }
  } finally {
    await chunks.return?.();
  }
}

/** Reads `BZh` + level at a byte boundary; `first` says whether this is the file's start. */
function readStreamHeader(input: BitInput, first: boolean): Step {
  const at = input.alignedByte();
  const b = input.data;
  if (at + 4 > b.length) {
    // The caller buffers ahead first, so fewer than 4 bytes means the input ends here.
    if (first) throw NEED_INPUT;
    return { kind: "garbage" };
  }
  const level = (b[at + 3] ?? 0) - 0x30;
  if (b[at] !== 0x42 || b[at + 1] !== 0x5a || b[at + 2] !== 0x68 || level < 1 || level > 9) {
    return { kind: "garbage" };
  }
  input.pos = at + 4;
  return { kind: "stream", blockSizeMax: level * BLOCK_UNIT };
}
