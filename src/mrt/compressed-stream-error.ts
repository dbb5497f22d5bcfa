/**
 * A compressed source that ends early or holds corrupt data. Every byte that could be
 * decompressed before the damage has already been delivered when this is thrown.
 */
import { SourceError } from "../model/errors.ts";

/** What went wrong with a compressed stream. */
export type CompressedStreamDamage = "truncated" | "corrupt";

/** The MRT record a damaged stream cut, as a record reader places it. */
export interface CutRecord {
  /** 0-based index of the record. */
  readonly recordIndex: number;
  /** Decompressed byte offset where the record starts (or where the next one would). */
  readonly offset: number;
  /** What the reader holds of it, e.g. `declared length 145 exceeds the 20 bytes left`. */
  readonly state?: string | undefined;
}

/**
 * A gzip or bzip2 stream that ends early (`damage: "truncated"`) or cannot be decoded
 * (`damage: "corrupt"`). `offset` is the number of good decompressed bytes before the
 * damage, so a record reader can report the gap at that byte. `delivered` is how many
 * bytes were yielded: the same, except when an external `bzip2`/`lbzip2` wrote part of
 * a corrupt block before its CRC check failed; bytes past `offset` are then unverified.
 * A record reader rethrows it {@link CompressedStreamError.at | placed}: same type and
 * counts, and a message that names the MRT record the damage cut.
 */
export class CompressedStreamError extends SourceError {
  /** Good decompressed bytes before the damage. */
  override readonly offset: number;
  /** Decompressed bytes yielded before this error (≥ `offset`). */
  readonly delivered: number;
  /** Whether the stream ends early or holds undecodable data. */
  readonly damage: CompressedStreamDamage;
  /** What is wrong, without the source and the counts. */
  readonly reason: string;
  /** The MRT record the damage cut, once a record reader placed it. */
  readonly record: CutRecord | undefined;

  constructor(
    source: string,
    detail: {
      readonly damage: CompressedStreamDamage;
      readonly offset: number;
      readonly reason: string;
      readonly delivered?: number;
      readonly record?: CutRecord;
    },
    options?: ErrorOptions,
  ) {
    const delivered = Math.max(detail.offset, detail.delivered ?? detail.offset);
    const unverified = delivered > detail.offset ? `; ${delivered - detail.offset} bytes after them were delivered unverified` : "";
    const what = `${detail.reason} (after ${detail.offset} decompressed bytes${unverified})`;
    super(source, what, options);
    const r = detail.record;
    // Placed: worded like an MrtSyntaxError, since the reader sees a record cut short.
    if (r !== undefined) this.message = `Cannot parse MRT record ${r.recordIndex} of ${source} at byte ${r.offset}: ${r.state === undefined ? "" : `${r.state}: `}${what}`;
    this.offset = detail.offset;
    this.delivered = delivered;
    this.reason = detail.reason;
    this.damage = detail.damage;
    this.record = r;
  }

  /** The same damage, placed at the MRT record it cut (see {@link CutRecord}). */
  at(record: CutRecord): CompressedStreamError {
    const { damage, offset, delivered, reason } = this;
    return new CompressedStreamError(this.source, { damage, offset, delivered, reason, record }, { cause: this.cause });
  }
}
