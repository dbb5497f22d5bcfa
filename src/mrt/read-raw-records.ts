/**
 * MRT framing (RFC 6396 §2): turns a stream of decompressed chunks into raw records,
 * a batch per chunk, in constant memory.
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
import { MrtSyntaxError } from "../model/errors.ts";
import { MRT_HEADER_LENGTH, MRT_TYPE_BGP4MP_ET } from "./constants.ts";
import type { ErrorPolicy } from "./error-policy.ts";
import type { MrtRawRecord } from "./mrt-record.ts";

/** Largest record accepted. Real RIB records reach a few MiB; a bigger length is damage. */
export const MAX_RECORD_LENGTH = 16 * 1024 * 1024;

/** ET types with a microsecond field (RFC 6396 §3). */
const ET_TYPES = new Set([MRT_TYPE_BGP4MP_ET, 33, 49]);
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

function u32(b: Uint8Array, p: number): number {
  return b[p]! * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
}

/**
 * Whether a plausible header starts at `p`: a known type, a small subtype and a length
 * within the limit, and a timestamp within a year of the last good one.
 */
function plausibleHeader(b: Uint8Array, p: number, lastTimestamp: number, max: number): boolean {
  const type = (b[p + 4]! << 8) | b[p + 5]!;
  const subtype = (b[p + 6]! << 8) | b[p + 7]!;
  const length = u32(b, p + 8);
  const timestamp = u32(b, p);
  return KNOWN_TYPES.has(type) && subtype < 16 && length <= max && Math.abs(timestamp - lastTimestamp) < 366 * 86400;
}

/**
 * Reads raw records, yielding every complete record of each chunk as one batch. A
 * truncated stream yields every complete record, then throws an MrtSyntaxError naming
 * the byte where the incomplete record starts. Under the `skip` policy a broken frame
 * is reported and the reader resynchronises on the next plausible header.
 */
export async function* readRawRecords(
  chunks: AsyncIterable<Uint8Array>,
  options: FramingOptions,
): AsyncGenerator<MrtRawRecord[]> {
  const max = options.maxRecordLength ?? MAX_RECORD_LENGTH;
  const { file, policy } = options;
  let buf = new Uint8Array(0);
  let pos = 0; // read position in buf
  let base = 0; // stream offset of buf[0]
  let index = 0;
  let lastTimestamp = -1;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let needed = MRT_HEADER_LENGTH; // bytes wanted from pos before parsing can go on
  let sourceError: unknown;

  const iterator = chunks[Symbol.asyncIterator]();
  for (;;) {
    let chunk: Uint8Array | undefined;
    try {
      const next = await iterator.next();
      if (next.done === true) break;
      chunk = next.value;
    } catch (error: unknown) {
      sourceError = error;
      break;
    }
    if (chunk.length === 0) continue;
    // Gather chunks until a whole frame (or header) is present, then join once.
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (buf.length - pos + pendingBytes < needed) continue;
    const rest = buf.length - pos;
    const joined = new Uint8Array(rest + pendingBytes);
    joined.set(buf.subarray(pos), 0);
    let o = rest;
    for (const c of pending) {
      joined.set(c, o);
      o += c.length;
    }
    base += pos;
    buf = joined;
    pos = 0;
    pending = [];
    pendingBytes = 0;

    const batch: MrtRawRecord[] = [];
    for (;;) {
      const left = buf.length - pos;
      if (left < MRT_HEADER_LENGTH) {
        needed = MRT_HEADER_LENGTH;
        break;
      }
      const timestamp = u32(buf, pos);
      const type = (buf[pos + 4]! << 8) | buf[pos + 5]!;
      const subtype = (buf[pos + 6]! << 8) | buf[pos + 7]!;
      const length = u32(buf, pos + 8);
      if (length > max || !KNOWN_TYPES.has(type)) {
        const error = new MrtSyntaxError(
          { file, offset: base + pos, recordIndex: index },
          length > max
            ? `declared length ${length} exceeds the limit of ${max} bytes (type ${type}, subtype ${subtype})`
            : `type ${type} is not an MRT record type (subtype ${subtype}, length ${length})`,
        );
        if (batch.length > 0 && policy.mode === "stop") yield batch.splice(0);
        const skipped = resync(buf, pos + 1, lastTimestamp, max);
        policy.handle(error, skipped - pos);
        index += 1;
        pos = skipped;
        continue;
      }
      if (left < MRT_HEADER_LENGTH + length) {
        needed = MRT_HEADER_LENGTH + length;
        break;
      }
      let start = pos + MRT_HEADER_LENGTH;
      let microseconds = 0;
      if (ET_TYPES.has(type)) {
        if (length < 4) {
          const error = new MrtSyntaxError({ file, offset: base + pos, recordIndex: index }, `ET record length ${length} is below the 4 bytes of its microsecond field`);
          if (batch.length > 0 && policy.mode === "stop") yield batch.splice(0);
          policy.handle(error, MRT_HEADER_LENGTH + length);
          index += 1;
          pos += MRT_HEADER_LENGTH + length;
          continue;
        }
        microseconds = u32(buf, start);
        start += 4;
      }
      const end = pos + MRT_HEADER_LENGTH + length;
      batch.push({ index, offset: base + pos, timestamp, microseconds, type, subtype, data: buf, start, end });
      lastTimestamp = timestamp;
      index += 1;
      pos = end;
    }
    if (batch.length > 0) yield batch;
  }

  // End of input: anything left is an incomplete record.
  const rest = buf.length - pos + pendingBytes;
  if (rest > 0 || sourceError !== undefined) {
    const place = { file, offset: base + pos, recordIndex: index };
    const tail = rest === 0 ? "" : rest < MRT_HEADER_LENGTH
      ? `only ${rest} bytes of a ${MRT_HEADER_LENGTH}-byte header are left`
      : `declared length ${needed - MRT_HEADER_LENGTH} exceeds the ${rest - MRT_HEADER_LENGTH} bytes left`;
    if (sourceError !== undefined) {
      const why = sourceError instanceof Error ? sourceError.message : String(sourceError);
      throw new MrtSyntaxError(place, tail === "" ? why : `${tail}: ${why}`, { cause: sourceError });
    }
    throw new MrtSyntaxError(place, `the stream ends inside the record: ${tail}`);
  }
}

/** Offset of the next plausible header at or after `from`, or the end of `buf`. */
function resync(buf: Uint8Array, from: number, lastTimestamp: number, max: number): number {
  for (let p = from; p + MRT_HEADER_LENGTH <= buf.length; p++) {
    if (lastTimestamp < 0 || plausibleHeader(buf, p, lastTimestamp, max)) {
      if (lastTimestamp < 0 && !KNOWN_TYPES.has((buf[p + 4]! << 8) | buf[p + 5]!)) continue;
      return p;
    }
  }
  return Math.max(from, buf.length - MRT_HEADER_LENGTH + 1);
}
