/**
 * An MRT stream from decompressed chunks: typed records in batches, records one by one,
 * or per-prefix elements, with the read's error policy applied in one place.
 */
import { BgpSyntaxError } from "../bgp/bgp-syntax-error.ts";
import type { BgpElem } from "../model/bgp-elem.ts";
import { MrtSyntaxError } from "../model/errors.ts";
import { MRT_HEADER_LENGTH, MRT_TYPE_BGP4MP_ET } from "./constants.ts";
import { MrtDecoder } from "./decode-record.ts";
import { ErrorPolicy, type OnError, type SkipReport } from "./error-policy.ts";
import type { MrtRawRecord, MrtRecord } from "./mrt-record.ts";
import { readRawRecords } from "./read-raw-records.ts";
import { recordElems } from "./record-elems.ts";

/** Options of a read. */
export interface MrtStreamOptions {
  /** `stop` (default) ends the read at the first bad record; `skip` counts and goes on. */
  readonly onError?: OnError;
  /** Called for each skipped record under `skip`. */
  readonly onSkip?: (error: MrtSyntaxError) => void;
}

/** Decompressed input: a name for messages and the bytes. */
export interface MrtSource {
  readonly name: string;
  readonly chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** Releases the input (file, connection, child process) without reading it further. */
  readonly close?: () => Promise<void>;
}

/** Records per batch. */
const BATCH = 64;

function headerIndex(raw: MrtRawRecord): number {
  return raw.start - MRT_HEADER_LENGTH - (raw.type === MRT_TYPE_BGP4MP_ET || raw.type === 33 || raw.type === 49 ? 4 : 0);
}

/**
 * One pass over an MRT source. Iterate it once, by batches, records or elements. A read
 * that ends, fails or is left early (`break`) closes the source; `close()` (or `await
 * using`) releases one that was never iterated or whose iterator was dropped.
 */
export class MrtStream implements AsyncDisposable {
  readonly name: string;
  readonly #chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  readonly #close: (() => Promise<void>) | undefined;
  readonly #policy: ErrorPolicy;
  readonly #decoder = new MrtDecoder();
  #bytes = 0;

  constructor(source: MrtSource, options: MrtStreamOptions = {}) {
    this.name = source.name;
    this.#chunks = source.chunks;
    this.#close = source.close;
    this.#policy = new ErrorPolicy(options.onError ?? "stop", options.onSkip);
  }

  /** What the read skipped so far (always empty under `stop`). */
  get skipped(): SkipReport {
    return this.#policy.report;
  }

  /** Decompressed bytes read so far. */
  get bytesRead(): number {
    return this.#bytes;
  }

  /** Decodes one raw record under the policy: the typed record, or undefined when skipped. */
  decode(raw: MrtRawRecord): MrtRecord | undefined {
    try {
      return this.#decoder.decode(raw);
    } catch (error: unknown) {
      if (!(error instanceof BgpSyntaxError)) throw error;
      const at = raw.offset + (error.offset - headerIndex(raw));
      const wrapped = new MrtSyntaxError(
        { file: this.name, offset: raw.offset, recordIndex: raw.index },
        `${error.message} (at byte ${at})`,
        { cause: error },
      );
      this.#policy.handle(wrapped, raw.end - headerIndex(raw));
      return undefined;
    }
  }

  /** Releases the source without reading further; safe to call more than once. */
  async close(): Promise<void> {
    await this.#close?.();
  }

  /** `await using stream = await openMrt(…)` closes the source at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * Typed records, a batch per decompressed chunk: the fastest way through a file. Under
   * `stop`, the records before a bad one are yielded before its error.
   */
  async *batches(): AsyncGenerator<MrtRecord[]> {
    const self = this;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of self.#chunks) {
        self.#bytes += chunk.length;
        yield chunk;
      }
    }
    try {
      for await (const raws of readRawRecords(counted(), { file: this.name, policy: this.#policy })) {
        // Small batches keep decoded records short-lived: they die in the young
        // generation instead of being promoted, which keeps GC cheap.
        for (let i = 0; i < raws.length; i += BATCH) {
          const out: MrtRecord[] = [];
          const failure = this.#decodeInto(raws, i, Math.min(raws.length, i + BATCH), out);
          if (out.length > 0) yield out;
          if (failure !== undefined) throw failure.error;
        }
      }
    } finally {
      await this.close();
    }
  }

  /** Decodes `raws[from, to)` into `out`; a record that ends the read stops it, and its error is returned. */
  #decodeInto(raws: readonly MrtRawRecord[], from: number, to: number, out: MrtRecord[]): { error: unknown } | undefined {
    let j = from;
    try {
      for (; j < to; j++) {
        const record = this.decode(raws[j]!);
        if (record !== undefined) out.push(record);
      }
    } catch (error: unknown) {
      return { error };
    }
    return undefined;
  }

  /** Typed records one by one. */
  async *records(): AsyncGenerator<MrtRecord> {
    for await (const batch of this.batches()) yield* batch;
  }

  /** Per-prefix elements, a batch per decompressed chunk. */
  async *elemBatches(): AsyncGenerator<BgpElem[]> {
    for await (const batch of this.batches()) {
      const out: BgpElem[] = [];
      for (const record of batch) recordElems(record, out);
      if (out.length > 0) yield out;
    }
  }

  /** Per-prefix elements one by one. */
  async *elems(): AsyncGenerator<BgpElem> {
    for await (const batch of this.elemBatches()) yield* batch;
  }
}
