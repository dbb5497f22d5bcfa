/**
 * Live records into bins: each record of a live source (a BGP session's message or
 * state change, a RIS Live message) is recorded to MRT and applied to the routing state
 * by the collector's RecordApplier, the same one an archive replay uses; bins are cut
 * exactly as a replay of the recording cuts them, so replaying the recording gives the
 * same bins:
 *
 * - the bin `[b, e)` holds every record whose timestamp (seconds) is before `e`, in
 *   arrival order: the first record at or after `e` closes it, before it is applied;
 * - a bin the records do not close is closed by the clock `lagMs` after its end (a
 *   quiet session, or RIS Live's delay);
 * - stale routes of graceful restarts are dropped at the bin end (applier.tick).
 *
 * No data is not zero: the feed has data from `begin(t)` (a recording's start, a RIB
 * loaded) until `gap(t)` (the collector stopped, RIS Live disconnected); a bin not
 * wholly inside has no counts, and the store records nothing for it.
 */
import type { EncodedRecord } from "../mrt/encode-bgp4mp.ts";
import type { BlockAttribution } from "../routing/block-attribution.ts";
import { BinComputer } from "../routing/bin-computer.ts";
import type { VisibilityOptions } from "../routing/compute-visibility.ts";
import { emptyApplyReport, type ApplyReport, RecordApplier } from "../routing/record-applier.ts";
import type { ReplayBin } from "../routing/replay-bgp.ts";
import { RoutingState } from "../routing/routing-state.ts";
import type { MrtRecorder } from "./mrt-recorder.ts";

/** Options of a feed. */
export interface LiveFeedOptions {
  /** The collector name of its routes, recordings and source (`live`, `live-ams1`, `rrc00` for RIS Live). */
  readonly collector: string;
  /** Bin length, ms: whole seconds (default 300 000). */
  readonly binMs?: number;
  readonly visibility?: Omit<VisibilityOptions, "collectors">;
  readonly attribution: BlockAttribution;
  /** Where records are written; none: not recorded. */
  readonly recorder?: MrtRecorder;
  /** Wait after a bin's end before the clock closes it, ms (default 250). */
  readonly lagMs?: number;
  /** Clock, ms since the epoch; default Date.now. */
  readonly now?: () => number;
  /** Each bin, in time order (awaited one after the other; errors go to onError). */
  readonly onBin: (bin: ReplayBin) => void | Promise<void>;
  readonly onError?: (error: unknown) => void;
  /** RFC 4724's local bound on stale routes awaiting End-of-RIB, ms. */
  readonly staleMs?: number;
}

/** A live source's routing state, recording and bins. */
export class LiveFeed {
  readonly collector: string;
  readonly state = new RoutingState();
  readonly applier: RecordApplier;
  /** Counts since the feed started (records, announcements, withdrawals, malformed…). */
  readonly report: ApplyReport = emptyApplyReport();
  readonly binMs: number;
  readonly #options: LiveFeedOptions;
  readonly #computer: BinComputer;
  readonly #now: () => number;
  /** Start of the next bin to close. */
  #next = Number.NaN;
  #dataSince: number | null = null;
  #dataUntil = Infinity;
  #timer: NodeJS.Timeout | undefined;
  #queue: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(options: LiveFeedOptions) {
    this.collector = options.collector;
    this.binMs = options.binMs ?? 300_000;
    if (!(this.binMs >= 1000 && this.binMs % 1000 === 0)) throw new RangeError(`Cannot cut live bins of ${this.binMs} ms: a bin is a whole number of seconds`);
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.applier = new RecordApplier(this.state, options.collector, options.staleMs === undefined ? {} : { staleMs: options.staleMs });
    this.#computer = new BinComputer(this.state, { attribution: options.attribution, ...(options.visibility === undefined ? {} : { visibility: options.visibility }) });
  }

  /** The first bin the feed will close from now on: bins start here (ms). */
  get nextBin(): number {
    return this.#next;
  }

  /** Whether the feed has data now. */
  get hasData(): boolean {
    return this.#dataSince !== null && this.#dataUntil === Infinity;
  }

  /** The feed has data from `time` on (the state is complete from there: an empty start, a RIB). */
  begin(time: number): void {
    if (Number.isNaN(this.#next)) this.#next = Math.floor(time / this.binMs) * this.binMs;
    this.#dataSince = time;
    this.#dataUntil = Infinity;
    this.#arm();
  }

  /** No data from `time` until the next begin(): what happened is unknown. */
  gap(time: number): void {
    if (this.#dataSince !== null && this.#dataUntil === Infinity) this.#dataUntil = time;
  }

  /** Records (when recording) and applies one encoded record; closes the bins it ends first. */
  push(record: EncodedRecord, options: { record?: boolean; apply?: boolean } = {}): void {
    if (this.#stopped) return;
    const raw = record.raw;
    const timeMs = raw.timestamp * 1000 + raw.microseconds / 1000;
    if (!Number.isNaN(this.#next)) this.#closeUntil(raw.timestamp * 1000);
    if (options.record !== false) this.#options.recorder?.write(record.bytes, timeMs);
    if (options.apply !== false) this.applier.apply(raw, { name: `${this.collector} (live)`, report: this.report });
  }

  /** Closes every bin that has ended by the clock (lagMs past its end). */
  closeDue(): void {
    if (Number.isNaN(this.#next)) return;
    this.#closeUntil(this.#now() - (this.#options.lagMs ?? 250));
    this.#arm();
  }

  /** Waits for the bins handed to onBin so far. */
  async flush(): Promise<void> {
    await this.#queue;
  }

  /** Stops the clock; bins already closed are still handed over (flush() awaits them). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Closes the bins whose end is at or before `time` (ms; whole seconds for records). */
  #closeUntil(time: number): void {
    while (this.#next + this.binMs <= time) {
      const start = this.#next;
      const end = start + this.binMs;
      this.applier.tick(end);
      const collectors = this.#hasData(end) ? [this.collector] : [];
      const bin = this.#computer.compute(start, collectors);
      this.#next = end;
      // onBin gets the bin in order; the state is read now, in compute().
      this.#queue = this.#queue.then(() => this.#options.onBin(bin)).catch((error: unknown) => this.#options.onError?.(error));
    }
  }

  /** As a replay decides: the state is known from at or before the bin's end, and all through it. */
  #hasData(end: number): boolean {
    const since = this.#dataSince;
    return since !== null && since <= end && this.#dataUntil >= end;
  }

  #arm(): void {
    if (this.#stopped || Number.isNaN(this.#next)) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const due = this.#next + this.binMs + (this.#options.lagMs ?? 250) - this.#now();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.closeDue();
    }, Math.max(0, due));
    this.#timer.unref();
  }
}
