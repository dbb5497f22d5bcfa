/**
 * MRT framing (RFC 6396 §2): turns a stream of decompressed chunks into raw records,
 * a batch per chunk, in constant memory. Records that lie inside a chunk are read in
 * place; only a record split across chunks is copied, into a buffer of its own size.
 *
 *     0                   1                   2                   3
 *     +-------------------------------------------------------------+
 *     |                        Timestamp (4)                        |
 *     +------------------------------+------------------------------+
 *     |           Type (2)           |          Subtype (2)         |
 *     +------------------------------+------------------------------+
 *     |                  Length (4, excludes header)                |
 *     +-------------------------------------------------------------+
 *     |   [Microseconds (4), *_ET types only, counted in Length]    |
 *     +-------------------------------------------------------------+
 *     |                        Message ...                          |
 */
import { u32 } from "../bgp/wire.ts";
import { MrtSyntaxError } from "../model/errors.ts";
import { MRT_HEADER_LENGTH } from "./constants.ts";
import type { ErrorPolicy } from "./error-policy.ts";
import type { MrtRawRecord } from "./mrt-record.ts";

/** Largest record accepted. Real RIB records reach a few MiB; a bigger length is damage. */
export const MAX_RECORD_LENGTH = 16 * 1024 * 1024;

/** ET types with a microsecond field (RFC 6396 §3). */
const ET_TYPES = new Set([17, 33, 49]);
/**
 * Every MRT type IANA lists (0–17 including the deprecated MRTd ones, 32–33, 48–49).
 * A header of another type is damage, not an unknown record: treating it as a record
 * would silently swallow corrupt bytes.
 */
const KNOWN_TYPES = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17, 32, 33, 48, 49]);

/** Framing options. */
export interface FramingOptions {
  /** Name for messages: file, URL or `-`. */
  readonly file: string;
  readonly policy: ErrorPolicy;
  readonly maxRecordLength?: number;
}


/**
 * Whether a plausible header starts at `p`: a known type, a small subtype, a length
 * within the limit, and a timestamp within a year of the last good one.
 */
function plausibleHeader(b: Uint8Array, p: number, lastTimestamp: number, max: number): boolean {
  const type = (b[p + 4]! << 8) | b[p + 5]!;
  const subtype = (b[p + 6]! << 8) | b[p + 7]!;
  const length = u32(b, p + 8);
  if (!KNOWN_TYPES.has(type) || subtype >= 16 || length > max) return false;
  return lastTimestamp < 0 || Math.abs(u32(b, p) - lastTimestamp) < 366 * 86400;
}

/**
 * Reads raw records, yielding every complete record of each chunk as one batch. A
 * truncated stream yields every complete record, then throws an MrtSyntaxError naming
 * the byte where the incomplete record starts. Under the `skip` policy a broken frame
 * is reported and the reader resynchronises on the next plausible header.
 */
export async function* readRawRecords(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: FramingOptions,
): AsyncGenerator<MrtRawRecord[]> {
  const max = options.maxRecordLength ?? MAX_RECORD_LENGTH;
  const { file, policy } = options;
  let index = 0;
  let lastTimestamp = -1;
  /** Bytes of a record split across chunks, and its stream offset. */
  let carry = new Uint8Array(0);
  let carryLength = 0;
  let carryOffset = 0;
  /** Stream offset of the current chunk's first byte. */
  let base = 0;
  let sourceError: unknown;

  /** Whether the header at `p` of `b` is damage; if so, the error under the policy. */
  const damaged = (b: Uint8Array, p: number, offset: number): MrtSyntaxError | undefined => {
    const type = (b[p + 4]! << 8) | b[p + 5]!;
    const length = u32(b, p + 8);
    if (length <= max && KNOWN_TYPES.has(type) && (!ET_TYPES.has(type) || length >= 4)) return undefined;
    const subtype = (b[p + 6]! << 8) | b[p + 7]!;
    const reason = length > max
      ? `declared length ${length} exceeds the limit of ${max} bytes (type ${type}, subtype ${subtype})`
      : !KNOWN_TYPES.has(type)
        ? `type ${type} is not an MRT record type (subtype ${subtype}, length ${length})`
        : `ET record length ${length} is below the 4 bytes of its microsecond field`;
    return new MrtSyntaxError({ file, offset, recordIndex: index }, reason);
  };

  /** The first plausible header at or after `from` (or where fewer than 12 bytes are left). */
  const resync = (b: Uint8Array, from: number): number => {
    let q = from;
    while (q + MRT_HEADER_LENGTH <= b.length && !plausibleHeader(b, q, lastTimestamp, max)) q++;
    return q;
  };

  const record = (b: Uint8Array, p: number, offset: number, length: number): MrtRawRecord => {
    const timestamp = u32(b, p);
    const type = (b[p + 4]! << 8) | b[p + 5]!;
    const subtype = (b[p + 6]! << 8) | b[p + 7]!;
    let start = p + MRT_HEADER_LENGTH;
    let microseconds = 0;
    if (ET_TYPES.has(type)) {
      microseconds = u32(b, start);
      start += 4;
    }
    lastTimestamp = timestamp;
    return { index: index++, offset, timestamp, microseconds, type, subtype, data: b, start, end: p + MRT_HEADER_LENGTH + length };
  };

  const iterator = (Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]()) as
    AsyncIterator<Uint8Array> | Iterator<Uint8Array>;
  for (;;) {
    let chunk: Uint8Array;
    try {
      const next = await iterator.next();
      if (next.done === true) break;
      chunk = next.value;
    } catch (error: unknown) {
      sourceError = error;
      break;
    }
    if (chunk.length === 0) continue;
    const batch: MrtRawRecord[] = [];
    let pos = 0;
    // First finish a record split across chunks.
    while (carryLength > 0 && pos < chunk.length) {
      const want = carryLength < MRT_HEADER_LENGTH ? MRT_HEADER_LENGTH : MRT_HEADER_LENGTH + u32(carry, 8);
      const take = Math.min(want - carryLength, chunk.length - pos);
      if (carry.length < carryLength + take) {
        const grown = new Uint8Array(Math.max(want, MRT_HEADER_LENGTH));
        grown.set(carry.subarray(0, carryLength));
        carry = grown;
      }
      carry.set(chunk.subarray(pos, pos + take), carryLength);
      carryLength += take;
      pos += take;
      if (carryLength === MRT_HEADER_LENGTH && want === MRT_HEADER_LENGTH) {
        const error = damaged(carry, 0, carryOffset);
        if (error !== undefined) {
          // A damaged header split across chunks: drop it and resynchronise in this chunk.
          const q = resync(chunk, pos);
          policy.handle(error, MRT_HEADER_LENGTH + q - pos);
          index += 1;
          pos = q;
          carryLength = 0;
          break;
        }
        const need = MRT_HEADER_LENGTH + u32(carry, 8);
        if (carry.length < need) {
          const grown = new Uint8Array(need);
          grown.set(carry.subarray(0, carryLength));
          carry = grown;
        }
        if (need === MRT_HEADER_LENGTH) {
          batch.push(record(carry, 0, carryOffset, 0));
          carry = new Uint8Array(0);
          carryLength = 0;
        }
        continue;
      }
      if (carryLength === want && want > MRT_HEADER_LENGTH) {
        batch.push(record(carry, 0, carryOffset, want - MRT_HEADER_LENGTH));
        carry = new Uint8Array(0);
        carryLength = 0;
      }
    }
    // Then every whole record inside the chunk, in place.
    while (carryLength === 0 && chunk.length - pos >= MRT_HEADER_LENGTH) {
      const error = damaged(chunk, pos, base + pos);
      if (error !== undefined) {
        if (batch.length > 0 && policy.mode === "stop") yield batch.splice(0);
        const q = resync(chunk, pos + 1);
        policy.handle(error, q - pos);
        index += 1;
        pos = q;
        continue;
      }
      const length = u32(chunk, pos + 8);
      if (chunk.length - pos < MRT_HEADER_LENGTH + length) break;
      batch.push(record(chunk, pos, base + pos, length));
      pos += MRT_HEADER_LENGTH + length;
    }
    // Keep the start of a split record.
    if (carryLength === 0 && pos < chunk.length) {
      const rest = chunk.length - pos;
      const need = rest >= MRT_HEADER_LENGTH ? MRT_HEADER_LENGTH + u32(chunk, pos + 8) : MRT_HEADER_LENGTH;
      carry = new Uint8Array(Math.max(need, rest));
      carry.set(chunk.subarray(pos));
      carryLength = rest;
      carryOffset = base + pos;
    }
    base += chunk.length;
    if (batch.length > 0) yield batch;
  }
  if (carryLength > 0 || sourceError !== undefined) {
    const place = { file, offset: carryLength > 0 ? carryOffset : base, recordIndex: index };
    const tail = carryLength === 0
      ? ""
      : carryLength < MRT_HEADER_LENGTH
        ? `only ${carryLength} bytes of a ${MRT_HEADER_LENGTH}-byte header are left`
        : `declared length ${u32(carry, 8)} exceeds the ${carryLength - MRT_HEADER_LENGTH} bytes left`;
    if (sourceError !== undefined) {
      const why = sourceError instanceof Error ? sourceError.message : String(sourceError);
      throw new MrtSyntaxError(place, tail === "" ? why : `${tail}: ${why}`, { cause: sourceError });
    }
    throw new MrtSyntaxError(place, `the stream ends inside the record: ${tail}`);
  }
}
