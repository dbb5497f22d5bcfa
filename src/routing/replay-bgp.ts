/**
 * Replays collectors' MRT files into bins of visible blocks: load each collector's last
 * RIB at or before the end of the first bin, apply its updates in time order, and at
 * every bin end compute visibility and the visible blocks per entity.
 *
 * A bin `[b, b + binMs)` is labelled with its start `b` and holds the state at its END,
 * `b + binMs` (as IODA's BGP pipeline does). A collector has data for a bin when its
 * RIB is at or before the bin's end and every file covering the bin (after the RIB) was
 * read. A missing or damaged updates file leaves the collector without data from the
 * start of the hole until its next RIB: what the hole held (withdrawals or
 * re-announcements) is unknown, and a stale table could show a shutdown that never
 * happened. From that RIB on, the collector has data again. A bin where no collector
 * has data has no counts (null): missing is not zero.
 *
 * `BgpReplay` keeps the routing state from bin to bin and takes more files as they
 * come (the serve ingest loop); `replayBgp()` plays a fixed window with it.
 */
import type { ReadReport } from "./read-mrt-file.ts";
import type { BlockAttribution } from "./block-attribution.ts";
import { BinTally } from "./bin-tally.ts";
import { CollectorFeed, type FeedCounter } from "./collector-feed.ts";
import type { Visibility, VisibilityOptions } from "./compute-visibility.ts";
import { countVisibleBlocks, type BlockCounts } from "./count-visible-blocks.ts";
import { PrefixOrder } from "./prefix-order.ts";
import { RoutingState } from "./routing-state.ts";
import { VisibilityTracker, type VisibilityPass } from "./visibility-tracker.ts";

/** One input file of a collector. */
export interface ReplayFile {
  readonly collector: string;
  readonly kind: "rib" | "updates";
  /** Archive-relative path or any name; what problems report. */
  readonly path: string;
  /** A RIB: the time of its state. Updates: the start of the period they cover, ms UTC. */
  readonly start: number;
  /** Updates: end (exclusive) of the period covered; a RIB: same as start. */
  readonly end: number;
}

/** What one collector's replay reads. */
export interface CollectorPlan {
  readonly collector: string;
  /** RIB candidates, newest first; the first one that reads without damage is used. */
  readonly ribs: readonly ReplayFile[];
  /** Updates files in time order. */
  readonly updates: readonly ReplayFile[];
  /** Later RIBs in time order: after a hole in the updates, the state starts again from the first one after it. */
  readonly resyncRibs?: readonly ReplayFile[];
  /** Without a RIB: start from empty tables at this time (tests of updates alone). */
  readonly emptyAt?: number;
}

/** An opened input: a name for messages and its decompressed bytes. */
export interface OpenedFile {
  readonly name: string;
  readonly chunks: AsyncIterable<Uint8Array>;
}

/** A file that is not there to read, and why when the opener knows more than "missing" (e.g. an archive unreachable past the file's deadline). */
export interface AbsentFile {
  readonly absent: string;
}

/** What an opener gives: the file, or null (missing from the archive), or why it is absent. */
export type OpenResult = OpenedFile | AbsentFile | null;

/** A file that is missing, damaged, or had records skipped. Reported, never fatal. */
export interface ReplayProblem {
  readonly collector: string;
  readonly file: string;
  readonly kind: "missing" | "damaged" | "skipped";
  readonly message: string;
  /** Byte offset (in the decompressed stream) of the first bad record, when known. */
  readonly offset?: number;
}

/** A finished bin. */
export interface ReplayBin {
  /** Bin start, ms UTC. */
  readonly time: number;
  /** Collectors with data in this bin. */
  readonly collectors: readonly string[];
  /** Visible /24 counts, or null when no collector has data or there is no full-feed IPv4 peer. */
  readonly v4: BlockCounts | null;
  /** Visible /48 counts, likewise. */
  readonly v6: BlockCounts | null;
  readonly visibility: Visibility | null;
  /** How visibility was computed: from scratch, or from the previous bin's and the prefixes changed since; null without data. */
  readonly visibilityPass: VisibilityPass | null;
  /** Milliseconds spent computing visibility and counts for this bin. */
  readonly computeMs: number;
  /** The live state at the bin's end (valid during the onBin call only). */
  readonly state: RoutingState;
}

/** How a BgpReplay computes its bins and gets its files. */
export interface BgpReplayOptions {
  /** Default 300 000 (5 minutes). */
  readonly binMs?: number;
  readonly visibility?: Omit<VisibilityOptions, "collectors">;
  readonly attribution: BlockAttribution;
  /** Opens a file; null (or an AbsentFile) when it is not there: a hole. A rejection (unreachable archive) ends the replay. */
  readonly open: (file: ReplayFile) => Promise<OpenResult>;
  /**
   * Whether a file can be opened without waiting. When given, a RIB after a hole is read
   * only once ready: a collector without data never holds the other collectors' bins.
   */
  readonly ready?: (file: ReplayFile) => boolean;
  /**
   * What a collector in a hole does. `report` (default, a fixed window): it goes on
   * reading its updates, so that every missing or damaged file of the window is named,
   * and without any readable first RIB it has no data at all. `skip` (the live present):
   * it reads nothing until its next RIB (so the bins never wait for its files), and
   * without a first RIB it is in a hole from the first bin, waiting for its next RIB.
   */
  readonly holes?: "report" | "skip";
  readonly onProblem?: (problem: ReplayProblem) => void;
  /** Called after each file is read, e.g. for logs. */
  readonly onFile?: (file: ReplayFile, report: ReadReport) => void;
}

/** Options of replayBgp(): a window and what to do with each bin. */
export interface ReplayOptions extends BgpReplayOptions {
  /** First bin start, ms UTC, a multiple of binMs. */
  readonly from: number;
  /** End (exclusive) of the last bin, ms UTC. */
  readonly until: number;
  /** Called for each bin in order; awaited. */
  readonly onBin: (bin: ReplayBin) => void | Promise<void>;
}

/** How one RIB candidate fared when a collector's state was first loaded. */
export interface RibAttempt {
  /** The file's archive-relative path (ReplayFile.path). */
  readonly path: string;
  readonly outcome: "read" | "missing" | "damaged";
}

/** Where one collector's state came from. */
export interface CollectorStart {
  readonly collector: string;
  /** The RIB candidates tried, newest first, until one was read. */
  readonly ribsTried: readonly RibAttempt[];
  /** Time of the state the replay started from (the RIB read, or emptyAt); null: no RIB could be read. */
  readonly startTime: number | null;
}

/** The peer with the most routes of one family at the end of a bin with data. */
export interface LargestTable {
  readonly routes: number;
  readonly collector: string;
  readonly peerIp: string;
  readonly peerAsn: number;
  /** Start of the bin it was seen in, ms UTC. */
  readonly time: number;
}

/** Fewest and most full-feed peers (sessions) of one family over the bins with data. */
export interface FullFeedRange {
  readonly min: number;
  readonly max: number;
}

/** Per IP family. */
export type ByFamily<T> = Readonly<Record<4 | 6, T>>;

/**
 * What replayBgp() did, with what a caller needs to say why nothing (or only part) was
 * computed: which RIBs were tried, the largest tables against the full-feed thresholds.
 */
export interface ReplaySummary {
  readonly bins: number;
  /** Bins where at least one collector had data. */
  readonly binsWithData: number;
  /** Bins with block counts for at least one family (data and a full-feed peer). */
  readonly binsCounted: number;
  /** Bins with block counts, per family. */
  readonly binsCountedByFamily: ByFamily<number>;
  readonly files: number;
  readonly problems: number;
  /** Per plan, in plan order: the RIBs tried at the start and the state's time. */
  readonly starts: readonly CollectorStart[];
  /** The largest table per family over the bins with data; null when no such bin held a route of the family. */
  readonly largest: ByFamily<LargestTable | null>;
  /** Full-feed peers per family over the bins with data; null without such bins. */
  readonly fullFeedPeers: ByFamily<FullFeedRange | null>;
  /** Bins with data per collector (0 for a collector that never had any). */
  readonly binsByCollector: Readonly<Record<string, number>>;
  /** Runs of bins without counts, as [first bin start, end of the last bin), ms UTC, in time order. */
  readonly uncounted: readonly (readonly [number, number])[];
}


/**
 * The routing state of some collectors, advanced bin by bin: `start(from)` loads each
 * collector's RIB, then `bin(b)` for b = from, from + binMs, … applies the updates before
 * the bin's end and computes it. `extend()` appends files as the present moves on; the
 * state is kept across them (a RIB is read at the start and after a hole only).
 */
export class BgpReplay {
  readonly binMs: number;
  readonly #options: BgpReplayOptions;
  readonly #state = new RoutingState();
  readonly #order = new PrefixOrder();
  readonly #tracker: VisibilityTracker;
  readonly #counter: FeedCounter = { files: 0, problems: 0 };
  readonly #feeds: CollectorFeed[];
  readonly #tally: BinTally;
  readonly #starts: CollectorStart[] = [];
  #next: number | null = null;
  #bins = 0;
  #binsWithData = 0;

  constructor(plans: readonly CollectorPlan[], options: BgpReplayOptions) {
    this.binMs = options.binMs ?? 300_000;
    this.#options = options;
    this.#tracker = new VisibilityTracker(this.#state);
    this.#feeds = plans.map((p) => new CollectorFeed(p));
    this.#tally = new BinTally(plans.map((p) => p.collector));
  }

  /** Loads each collector's state for the first bin `from` (a multiple of binMs). */
  async start(from: number): Promise<void> {
    if (!Number.isSafeInteger(from) || from % this.binMs !== 0) {
      throw new RangeError(`Cannot replay from ${from}: it must be a multiple of ${this.binMs} ms`);
    }
    // The collectors' RIBs load side by side (each fills its own peers' tables): one
    // waiting for its archive does not hold the others' downloads back.
    const starts = await Promise.all(this.#feeds.map(async (feed) => {
      const tried: RibAttempt[] = [];
      const start = await feed.load(this.#state, this.#options, this.#counter, tried);
      feed.begin(start, this.#options.holes === "skip" ? from : undefined);
      return { collector: feed.collector, ribsTried: tried, startTime: start };
    }));
    this.#starts.push(...starts);
    this.#next = from;
  }

  /** Appends a collector's files (after those it has), e.g. those of the next bin. */
  extend(collector: string, updates: readonly ReplayFile[], ribs: readonly ReplayFile[]): void {
    const feed = this.#feeds.find((f) => f.collector === collector);
    if (feed === undefined) throw new RangeError(`Cannot extend ${collector}: the replay has no such collector`);
    feed.extend(updates, ribs);
  }

  /** The collectors, in plan order. */
  get collectors(): readonly string[] {
    return this.#feeds.map((f) => f.collector);
  }

  /** Computes bin `b`, the one after the previous (the first: `from`). Its `state` is valid until the next call. */
  async bin(b: number): Promise<ReplayBin> {
    if (this.#next === null || b !== this.#next) {
      throw new RangeError(`Cannot compute bin ${b}: the next bin is ${this.#next ?? "none (start() first)"}`);
    }
    const t = b + this.binMs;
    const state = this.#state;
    for (const feed of this.#feeds) await feed.advance(t, state, this.#options, this.#counter);
    const collectors = this.#feeds.filter((f) => f.hasData(b, t)).map((f) => f.collector);
    let visibility: Visibility | null = null;
    let visibilityPass: VisibilityPass | null = null;
    let v4: BlockCounts | null = null;
    let v6: BlockCounts | null = null;
    const started = performance.now();
    if (collectors.length > 0) {
      this.#order.update(state.prefixes);
      visibility = this.#tracker.compute({ ...this.#options.visibility, collectors: new Set(collectors) });
      visibilityPass = this.#tracker.lastPass;
      const context = { order: this.#order, origins: state.origins, attribution: this.#options.attribution };
      if (visibility.v4.threshold > 0) v4 = countVisibleBlocks(visibility, 4, context);
      if (visibility.v6.threshold > 0) v6 = countVisibleBlocks(visibility, 6, context);
      this.#binsWithData++;
    }
    const computeMs = performance.now() - started;
    this.#tally.add(b, t, state, collectors, visibility, v4 !== null, v6 !== null);
    this.#bins++;
    this.#next = t;
    for (const feed of this.#feeds) feed.trim(t);
    return { time: b, collectors, v4, v6, visibility, visibilityPass, computeMs, state };
  }

  /** What the bins so far came to. */
  summary(): ReplaySummary {
    const tally = this.#tally;
    return {
      bins: this.#bins, binsWithData: this.#binsWithData, binsCounted: tally.any, binsCountedByFamily: tally.counted,
      files: this.#counter.files, problems: this.#counter.problems, starts: this.#starts, largest: tally.largest,
      fullFeedPeers: tally.fullFeedPeers, binsByCollector: tally.byCollector, uncounted: tally.uncounted,
    };
  }

  /** Bytes held by the routing state's typed arrays. */
  bytes(): number {
    return this.#state.bytes();
  }

  /** Releases the inputs being read. */
  async close(): Promise<void> {
    for (const feed of this.#feeds) await feed.close();
  }
}

/** Replays `plans` over `[from, until)` and hands each bin to `onBin`. */
export async function replayBgp(plans: readonly CollectorPlan[], options: ReplayOptions): Promise<ReplaySummary> {
  const replay = new BgpReplay(plans, options);
  if (!Number.isSafeInteger(options.from) || options.from % replay.binMs !== 0 || !(options.until > options.from)) {
    throw new RangeError(`Cannot replay from ${options.from} until ${options.until}: from must be a multiple of ${replay.binMs} ms, before until`);
  }
  try {
    await replay.start(options.from);
    for (let b = options.from; b < options.until; b += replay.binMs) await options.onBin(await replay.bin(b));
  } finally {
    await replay.close();
  }
  return replay.summary();
}
