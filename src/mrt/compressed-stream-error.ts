/**
 * A compressed source that ends early or holds corrupt data. Every byte that could be
 * decompressed before the damage has already been delivered when this is thrown.
 */
import { SourceError } from "../model/errors.ts";

/** What went wrong with a compressed stream. */
export type CompressedStreamDamage = "truncated" | "corrupt";

/**
 * A gzip or bzip2 stream that ends early (`damage: "truncated"`) or cannot be decoded
 * (`damage: "corrupt"`). `offset` is the number of good decompressed bytes before the
 * damage, so a record reader can report the gap at that byte. `delivered` is how many
 * bytes were yielded: the same, except when an external `bzip2`/`lbzip2` wrote part of
 * a corrupt block before its CRC check failed; bytes past `offset` are then unverified.
 */
export class CompressedStreamError extends SourceError {
  /** Good decompressed bytes before the damage. */
  readonly offset: number;
  /** Decompressed bytes yielded before this error (≥ `offset`). */
  readonly delivered: number;
  /** Whether the stream ends early or holds undecodable data. */
  readonly damage: CompressedStreamDamage;
  /** What is wrong, without the source and the counts. */
  readonly reason: string;

  constructor(
    source: string,
    detail: {
      readonly damage: CompressedStreamDamage;
      readonly offset: number;
      readonly reason: string;
      readonly delivered?: number;
    },
    options?: ErrorOptions,
  ) {
    const delivered = Math.max(detail.offset, detail.delivered ?? detail.offset);
    const unverified = delivered > detail.offset ? `; ${delivered - detail.offset} bytes after them were delivered unverified` : "";
    super(source, `${detail.reason} (after ${detail.offset} decompressed bytes${unverified})`, options);
    this.offset = detail.offset;
    this.delivered = delivered;
    this.reason = detail.reason;
    this.damage = detail.damage;
  }
}
