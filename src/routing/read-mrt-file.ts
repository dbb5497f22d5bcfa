/**
 * Reads one MRT file (RIB or updates) into the routing state through its collector's
 * RecordApplier, under the `skip` error policy: a bad record is counted and reported
 * with its file and byte offset, and the read goes on; damage that ends the file early
 * (truncated or corrupt compression, a record cut by the end of the stream) is returned
 * as `failure` after every intact record was applied.
 */
import { MrtSyntaxError, SourceError } from "../model/errors.ts";
import { ErrorPolicy } from "../mrt/error-policy.ts";
import type { MrtRawRecord } from "../mrt/mrt-record.ts";
import { readRawRecords } from "../mrt/read-raw-records.ts";
import { emptyApplyReport, type ApplyReport, type RecordApplier } from "./record-applier.ts";

/** What a read did. */
export interface ReadReport extends ApplyReport {
  /** Damage that ended the read early, if any. */
  failure: Error | null;
}

const KEEP_ERRORS = 20;

/** A new, empty report. */
export function emptyReport(): ReadReport {
  return { ...emptyApplyReport(), failure: null };
}

/** Whether an error ends a file early (damage), as opposed to a bug. */
export function isInputDamage(error: unknown): error is Error {
  return error instanceof MrtSyntaxError || error instanceof SourceError;
}

/**
 * Record-by-record reader of one MRT input for one collector: `next(untilSeconds)`
 * applies records until one at or after `untilSeconds` (updates are applied in time
 * order, bin by bin), and reports when the input is exhausted.
 */
export class MrtFileReader {
  readonly name: string;
  readonly report: ReadReport = emptyReport();
  readonly #applier: RecordApplier;
  readonly #raws: AsyncIterator<MrtRawRecord[]>;
  #batch: MrtRawRecord[] = [];
  #at = 0;
  #done = false;

  /** Reads `input` into the routing state through `applier`, the collector's (kept across its files). */
  constructor(applier: RecordApplier, input: { name: string; chunks: AsyncIterable<Uint8Array> }) {
    this.#applier = applier;
    this.name = input.name;
    const onSkip = (error: MrtSyntaxError): void => {
      this.report.skipped++;
      if (this.report.errors.length < KEEP_ERRORS) this.report.errors.push(error);
    };
    const policy = new ErrorPolicy("skip", onSkip);
    this.#raws = readRawRecords(input.chunks, { file: input.name, policy })[Symbol.asyncIterator]();
  }

  /** Whether every record was read (or the read failed). */
  get done(): boolean {
    return this.#done;
  }

  /**
   * Applies records in file order until the next one has a timestamp ≥ `untilSeconds`
   * (default: to the end). Resolves true when the input is exhausted.
   */
  async next(untilSeconds = Infinity): Promise<boolean> {
    const target = { name: this.name, report: this.report };
    while (!this.#done) {
      if (this.#at >= this.#batch.length) {
        let next: IteratorResult<MrtRawRecord[]>;
        try {
          next = await this.#raws.next();
        } catch (error: unknown) {
          if (!isInputDamage(error)) throw error;
          this.report.failure = error;
          this.#done = true;
          break;
        }
        if (next.done === true) {
          this.#done = true;
          break;
        }
        this.#batch = next.value;
        this.#at = 0;
        continue;
      }
      const raw = this.#batch[this.#at]!;
      if (raw.timestamp >= untilSeconds) return false;
      this.#at++;
      this.#applier.apply(raw, target);
    }
    return true;
  }

  /** Stops reading and releases the input. */
  async close(): Promise<void> {
    this.#done = true;
    await this.#raws.return?.();
  }
}
