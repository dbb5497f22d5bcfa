/**
 * MRT framing (RFC 6396 §2): turns a stream of decompressed chunks into raw records,
 * a batch per chunk, in constant memory. Records that lie inside a chunk are read in
 * place; only a record split across chunks is copied, into a buffer of its own size.
 * Damage costs only where it is: a resynchronising scan may hold up to one record's
 * bytes (at most {@link MAX_RECORD_LENGTH}) while it checks a candidate header.
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
import { CompressedStreamError } from "./compressed-stream-error.ts";
import { SourceError } from "../model/errors.ts";
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
const EMPTY = new Uint8Array(0);
/** Seconds in a (leap) year: how far a plausible timestamp may lie from the last good one. */
const YEAR = 366 * 86400;
/** 1995-01-01: the first public MRT archives are later (RouteViews from 1997, RIS from 1999). */
const EARLIEST_TIMESTAMP = 788_918_400;

/** Framing options. */
export interface FramingOptions {
  /** Name for messages: file, URL or `-`. */
  readonly file: string;
  readonly policy: ErrorPolicy;
  readonly maxRecordLength?: number;
}

/**
 * Whether a plausible header starts at `p`: a known type, a small subtype, a length
 * within the limit (and room for an ET header's microseconds), and a timestamp near
 * the last good one ({@link nearInTime}).
 */
function plausibleHeader(b: Uint8Array, p: number, lastTimestamp: number, max: number): boolean {
  const type = (b[p + 4]! << 8) | b[p + 5]!;
  const subtype = (b[p + 6]! << 8) | b[p + 7]!;
  const length = u32(b, p + 8);
  if (!KNOWN_TYPES.has(type) || subtype >= 16 || length > max || (ET_TYPES.has(type) && length < 4)) return false;
  return nearInTime(u32(b, p), lastTimestamp);
}

/**
 * Whether `timestamp` lies within a year of `reference`; without one yet (damage in the
 * first record), whether it is at all possible: not before the first MRT archives.
 */
function nearInTime(timestamp: number, reference: number): boolean {
  return reference < 0 ? timestamp >= EARLIEST_TIMESTAMP : Math.abs(timestamp - reference) < YEAR;
}

/** What a resynchronising scan found: a header to trust, none, or a candidate that needs more bytes. */
interface ScanResult {
  readonly verdict: "found" | "none" | "more";
  /** Where the trusted header or the undecided candidate starts (the end for `none`). */
  readonly at: number;
}

/**
 * The first header in `b[from, end)` a resynchronisation can trust: a plausible header
 * whose record ends within the data and is followed by another plausible header near
 * it in time, or ends at the end of the stream (`eof`; fewer than 12 bytes after it are left to the
 * truncation check). A candidate whose record runs past the data is never accepted:
 * before the end of the stream it is `more` (wait for bytes), at the end it is damage.
 */
function scanForHeader(b: Uint8Array, from: number, end: number, eof: boolean, lastTimestamp: number, max: number): ScanResult {
  let q = from;
  for (; q + MRT_HEADER_LENGTH <= end; q++) {
    if (!plausibleHeader(b, q, lastTimestamp, max)) continue;
    const next = q + MRT_HEADER_LENGTH + u32(b, q + 8);
    if (next > end) {
      if (eof) continue;
      return { verdict: "more", at: q };
    }
    if (next + MRT_HEADER_LENGTH > end) {
      if (eof) return { verdict: "found", at: q };
      return { verdict: "more", at: q };
    }
    // Its successor must be near it in time too: two false headers rarely agree.
    if (plausibleHeader(b, next, lastTimestamp, max) && nearInTime(u32(b, next), u32(b, q))) return { verdict: "found", at: q };
  }
  return eof ? { verdict: "none", at: end } : { verdict: "more", at: q };
}

/**
 * Reads raw records, yielding every complete record of each chunk as one batch. Under
 * the `stop` policy the first broken frame ends the read: every record before it is
 * yielded, then its MrtSyntaxError. Under `skip` a broken frame is reported and the
 * reader resynchronises on the next header it can trust ({@link scanForHeader}); a
 * record that runs past the end of the stream is skipped the same way when trusted
 * records follow inside it (its length was damaged). A stream that ends inside a record
 * yields every complete record, then throws an MrtSyntaxError naming the byte where the
 * incomplete record starts.
 *
 * Errors of the source keep their type: I/O failures, aborts and bugs are rethrown as
 * they are, after the complete records; a {@link CompressedStreamError} is rethrown as
 * one that also names the MRT record the damage cut. Stopping early (break, an error,
 * or `return()`) closes the source: its iterator's `return()` is always called.
 */
export async function* readRawRecords(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: FramingOptions,
): AsyncGenerator<MrtRawRecord[]> {
  const max = options.maxRecordLength ?? MAX_RECORD_LENGTH;
  const { file, policy } = options;
  let index = 0;
  /** Timestamp of the last record near in time to the one before: the reference for plausible headers. */
  let lastTimestamp = -1;
  /** Bytes not framed yet: the start of a split record, or what a resynchronising scan holds. */
  let carry = EMPTY;
  let carryLength = 0;
  /** Stream offset of `carry[0]`. */
  let carryOffset = 0;
  /** Stream offset of the next chunk's first byte. */
  let base = 0;
  /** Under `skip`: a broken frame being passed over, while the scan looks for a header. */
  let lost: { readonly error: MrtSyntaxError; readonly offset: number } | undefined;
  /** The damage that ends the read, thrown once the records before it are yielded. */
  let failure: MrtSyntaxError | undefined;

  /** Whether the header at `p` of `b` is damage; if so, its error. */
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

  /** A broken frame at stream offset `offset`: the end of the read, or the start of a scan. */
  const broken = (error: MrtSyntaxError, offset: number): void => {
    index += 1;
    if (policy.mode === "stop") failure = error;
    else lost = { error, offset };
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
    // A false record framed after damage must not move the reference that resynchronisation trusts.
    if (lastTimestamp < 0 || nearInTime(timestamp, lastTimestamp)) lastTimestamp = timestamp;
    return { index: index++, offset, timestamp, microseconds, type, subtype, data: b, start, end: p + MRT_HEADER_LENGTH + length };
  };

  /**
   * Frames the records of `b[p, end)` in place (`at` is the stream offset of `b[0]`),
   * resynchronising after damage under `skip`. Returns where the unframed rest starts.
   */
  const frame = (b: Uint8Array, p: number, end: number, at: number, eof: boolean, batch: MrtRawRecord[]): number => {
    for (;;) {
      if (lost !== undefined) {
        const found = scanForHeader(b, p, end, eof, lastTimestamp, max);
        if (found.verdict === "more") return found.at;
        policy.handle(lost.error, at + found.at - lost.offset);
        lost = undefined;
        p = found.at;
      }
      if (end - p < MRT_HEADER_LENGTH) return p;
      const error = damaged(b, p, at + p);
      if (error !== undefined) {
        broken(error, at + p);
        if (failure !== undefined) return end;
        p += 1;
        continue;
      }
      const length = u32(b, p + 8);
      if (end - p < MRT_HEADER_LENGTH + length) return p;
      batch.push(record(b, p, at + p, length));
      p += MRT_HEADER_LENGTH + length;
    }
  };

  /** Keeps `b[stop, end)` (stream offset `at + stop`) as the carry, in a buffer of its own. */
  const keep = (b: Uint8Array, stop: number, end: number, at: number): void => {
    const rest = end - stop;
    if (b === carry && stop === 0) {
      carryLength = rest;
      return;
    }
    carryOffset = at + stop;
    if (rest === 0 || failure !== undefined) {
      carry = EMPTY;
      carryLength = 0;
      return;
    }
    const need = lost === undefined && rest >= MRT_HEADER_LENGTH ? MRT_HEADER_LENGTH + u32(b, stop + 8) : MRT_HEADER_LENGTH;
    carry = new Uint8Array(Math.max(need, rest));
    carry.set(b.subarray(stop, end));
    carryLength = rest;
  };

  /** Makes room for `n` carried bytes; `exact` when `n` is a record's size, else it grows by doubling. */
  const reserve = (n: number, exact: boolean): void => {
    if (carry.length >= n) return;
    const grown = new Uint8Array(exact ? n : Math.max(n, 2 * carry.length));
    grown.set(carry.subarray(0, carryLength));
    carry = grown;
  };

  /** Completes a record split across chunks from the start of `chunk`; returns the bytes taken. */
  const finishSplit = (chunk: Uint8Array, batch: MrtRawRecord[]): number => {
    let pos = 0;
    if (carryLength < MRT_HEADER_LENGTH) {
      pos = Math.min(MRT_HEADER_LENGTH - carryLength, chunk.length);
      reserve(MRT_HEADER_LENGTH, true);
      carry.set(chunk.subarray(0, pos), carryLength);
      carryLength += pos;
      if (carryLength < MRT_HEADER_LENGTH) return pos;
      const error = damaged(carry, 0, carryOffset);
      if (error !== undefined) {
        broken(error, carryOffset);
        // The scan starts at the damaged header's second byte.
        carry = carry.slice(1, carryLength);
        carryLength -= 1;
        carryOffset += 1;
        return pos;
      }
    }
    const need = MRT_HEADER_LENGTH + u32(carry, 8);
    const take = Math.min(need - carryLength, chunk.length - pos);
    reserve(need, true);
    carry.set(chunk.subarray(pos, pos + take), carryLength);
    carryLength += take;
    pos += take;
    if (carryLength === need) {
      batch.push(record(carry, 0, carryOffset, need - MRT_HEADER_LENGTH));
      carry = EMPTY;
      carryLength = 0;
    }
    return pos;
  };

  /** Frames one chunk: its batch of complete records. */
  const push = (chunk: Uint8Array): MrtRawRecord[] => {
    const batch: MrtRawRecord[] = [];
    const pos = carryLength > 0 && lost === undefined ? finishSplit(chunk, batch) : 0;
    if (failure === undefined && carryLength > 0 && lost !== undefined) {
      // A scan across chunks: it needs the bytes in one buffer.
      reserve(carryLength + chunk.length - pos, false);
      carry.set(chunk.subarray(pos), carryLength);
      carryLength += chunk.length - pos;
      keep(carry, frame(carry, 0, carryLength, carryOffset, false, batch), carryLength, carryOffset);
    } else if (failure === undefined && carryLength === 0) {
      keep(chunk, frame(chunk, pos, chunk.length, base, false, batch), chunk.length, base);
    }
    base += chunk.length;
    return batch;
  };

  /** The error for a stream that ends inside the carried record. */
  const cut = (): MrtSyntaxError =>
    new MrtSyntaxError({ file, offset: carryOffset, recordIndex: index }, `the stream ends inside the record: ${carryState()}`);
  const carryState = (): string =>
    carryLength < MRT_HEADER_LENGTH
      ? `only ${carryLength} bytes of a ${MRT_HEADER_LENGTH}-byte header are left`
      : `declared length ${u32(carry, 8)} exceeds the ${carryLength - MRT_HEADER_LENGTH} bytes left`;

  /** Frames what is left at the clean end of the stream. */
  const end = (): MrtRawRecord[] => {
    const batch: MrtRawRecord[] = [];
    if (lost !== undefined) keep(carry, frame(carry, 0, carryLength, carryOffset, true, batch), carryLength, carryOffset);
    while (carryLength > 0 && failure === undefined) {
      const error = cut();
      // Under skip, a record that runs past the end may only have a damaged length:
      // when trusted headers follow inside it, skip it and read them.
      const found = policy.mode === "skip" && carryLength > MRT_HEADER_LENGTH
        ? scanForHeader(carry, 1, carryLength, true, lastTimestamp, max)
        : undefined;
      if (found?.verdict !== "found") {
        failure = error;
        break;
      }
      index += 1;
      policy.handle(error, found.at);
      const [b, length, at] = [carry, carryLength, carryOffset];
      carry = EMPTY;
      carryLength = 0;
      keep(b, frame(b, found.at, length, at, true, batch), length, at);
    }
    return batch;
  };

  /** A source's error once the records before it are out: its own, placed when it is damage. */
  const sourceFailure = (error: unknown): unknown => {
    if (lost !== undefined) {
      policy.handle(lost.error, base - lost.offset);
      lost = undefined;
      carryLength = 0;
    }
    if (!(error instanceof CompressedStreamError)) {
      // An I/O failure keeps its type and gains its place; aborts and bugs pass as they are.
      return error instanceof SourceError ? error.placed({ recordIndex: index, offset: base, file }) : error;
    }
    if (carryLength === 0) return error.at({ recordIndex: index, offset: base });
    return error.at({ recordIndex: index, offset: carryOffset, state: `the stream ends inside the record: ${carryState()}` });
  };

  const iterator = (Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]()) as
    AsyncIterator<Uint8Array> | Iterator<Uint8Array>;
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await iterator.next();
      } catch (error: unknown) {
        throw sourceFailure(error);
      }
      if (next.done === true) break;
      if (next.value.length === 0) continue;
      const batch = push(next.value);
      if (batch.length > 0) yield batch;
      if (failure !== undefined) throw failure;
    }
    const batch = end();
    if (batch.length > 0) yield batch;
    if (failure !== undefined) throw failure;
  } finally {
    await iterator.return?.();
  }
}
