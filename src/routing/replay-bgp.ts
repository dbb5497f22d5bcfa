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
 */
import { MrtFileReader, type ReadReport } from "./read-mrt-file.ts";
import { RecordApplier } from "./record-applier.ts";
import type { BlockAttribution } from "./block-attribution.ts";
import type { Visibility, VisibilityOptions } from "./compute-visibility.ts";
import type { BlockCounts } from "./count-visible-blocks.ts";
import { BinComputer } from "./bin-computer.ts";
import { RoutingState } from "./routing-state.ts";
import type { VisibilityPass } from "./visibility-tracker.ts";

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

/** Options of replayBgp(). */
export interface ReplayOptions {
  /** First bin start, ms UTC, a multiple of binMs. */
  readonly from: number;
  /** End (exclusive) of the last bin, ms UTC. */
  readonly until: number;
  /** Default 300 000 (5 minutes). */
  readonly binMs?: number;
  readonly visibility?: Omit<VisibilityOptions, "collectors">;
  readonly attribution: BlockAttribution;
  /** Opens a file; null when the archive does not have it. A rejection (unreachable archive) ends the replay. */
  readonly open: (file: ReplayFile) => Promise<OpenedFile | null>;
  /** Called for each bin in order; awaited. */
  readonly onBin: (bin: ReplayBin) => void | Promise<void>;
  readonly onProblem?: (problem: ReplayProblem) => void;
  /** Called after each file is read, e.g. for logs. */
  readonly onFile?: (file: ReplayFile, report: ReadReport) => void;
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

/** One collector's progress through its files. */
class CollectorFeed {
  readonly plan: CollectorPlan;
  /** Time of the state the replay started from (RIB or emptyAt); null: never had data. */
  startTime: number | null = null;
  /** Periods without data: missing or damaged files. */
  readonly gaps: [number, number][] = [];
  /** Start of the first hole since the state was loaded: no data from here until a RIB resynchronises. */
  uncertainSince: number | null = null;
  /** End of the time covered without holes by the plan from startTime. */
  plannedUntil = -Infinity;
  /** Applies the collector's records; its session state (graceful restart) lasts across files. */
  readonly applier: RecordApplier;
  #next = 0;
  #reader: MrtFileReader | null = null;
  #file: ReplayFile | null = null;

  constructor(plan: CollectorPlan, state: RoutingState) {
    this.plan = plan;
    this.applier = new RecordApplier(state, plan.collector);
  }

  /** Chooses the updates that follow the start, and how far they reach. */
  begin(start: number | null): void {
    this.startTime = start;
    if (start === null) return;
    let until = start;
    for (const f of this.plan.updates) if (f.start <= until && f.end > until) until = f.end;
    this.plannedUntil = until;
    this.#next = this.plan.updates.findIndex((f) => f.end > start);
    if (this.#next < 0) this.#next = this.plan.updates.length;
  }

  /** Whether the collector has data for `[binStart, binEnd)`. */
  hasData(binStart: number, binEnd: number): boolean {
    if (this.startTime === null || this.startTime > binEnd || this.plannedUntil < binEnd) return false;
    if (this.uncertainSince !== null && this.uncertainSince < binEnd) return false;
    const from = Math.max(binStart, this.startTime);
    return !this.gaps.some(([s, e]) => s < binEnd && e > from);
  }

  /** Applies every update before `t` (ms), starting again from a RIB after a hole. */
  async advance(t: number, state: RoutingState, options: ReplayOptions, counter: { files: number; problems: number }): Promise<void> {
    if (this.startTime === null) return;
    await this.#resync(t, state, options, counter);
    for (;;) {
      if (this.#reader !== null && this.#file !== null) {
        const exhausted = await this.#reader.next(Math.ceil(t / 1000));
        if (!exhausted) return;
        finishFile(this.#file, this.#reader.report, options, counter, this.gaps);
        this.#noteHoles();
        this.#reader = null;
        this.#file = null;
        continue;
      }
      const file = this.plan.updates[this.#next];
      if (file === undefined || file.start >= t) return;
      this.#next++;
      const opened = await openReported(file, options, counter, this.gaps);
      this.#noteHoles();
      if (opened === null) continue;
      this.#file = file;
      this.#reader = new MrtFileReader(this.applier, opened);
    }
  }

  #holesSeen = 0;

  /** Marks the state uncertain from the start of any hole recorded since the last look. */
  #noteHoles(): void {
    for (; this.#holesSeen < this.gaps.length; this.#holesSeen++) {
      const start = this.gaps[this.#holesSeen]![0];
      if (this.uncertainSince === null || start < this.uncertainSince) this.uncertainSince = start;
    }
  }

  /** After a hole, loads the first later RIB at or before `t` and goes on from it. */
  async #resync(t: number, state: RoutingState, options: ReplayOptions, counter: { files: number; problems: number }): Promise<void> {
    const since = this.uncertainSince;
    if (since === null) return;
    for (const rib of this.plan.resyncRibs ?? []) {
      if (rib.start < since || rib.start > t || (this.#triedRibs.has(rib.path))) continue;
      this.#triedRibs.add(rib.path);
      await this.#reader?.close();
      this.#reader = null;
      this.#file = null;
      state.clearCollector(this.plan.collector);
      this.applier.reset();
      const gaps: [number, number][] = [];
      const opened = await openReported(rib, options, counter, gaps);
      if (opened === null) continue;
      const reader = new MrtFileReader(this.applier, opened);
      await reader.next();
      finishFile(rib, reader.report, options, counter, gaps);
      if (reader.report.failure !== null) {
        state.clearCollector(this.plan.collector);
        continue;
      }
      this.uncertainSince = null;
      this.#holesSeen = this.gaps.length;
      this.begin(rib.start);
      return;
    }
  }

  readonly #triedRibs = new Set<string>();

  async close(): Promise<void> {
    await this.#reader?.close();
  }
}

async function openReported(file: ReplayFile, options: ReplayOptions, counter: { problems: number }, gaps: [number, number][]): Promise<OpenedFile | null> {
  // Errors of open() (an unreachable archive) are not the file's damage: they end the replay.
  const opened = await options.open(file);
  if (opened === null) {
    counter.problems++;
    gaps.push([file.start, Math.max(file.end, file.start + 1)]);
    options.onProblem?.({ collector: file.collector, file: file.path, kind: "missing", message: `${file.path} is missing from the archive` });
  }
  return opened;
}

/** Reports what a finished read skipped or where it broke; a broken file becomes a gap. */
function finishFile(file: ReplayFile, report: ReadReport, options: ReplayOptions, counter: { files: number; problems: number }, gaps: [number, number][]): void {
  counter.files++;
  options.onFile?.(file, report);
  if (report.skipped + report.malformed > 0) {
    counter.problems++;
    const first = report.errors[0];
    const malformed = report.malformed > 0 ? `${report.skipped > 0 ? ", " : ""}applied ${report.malformed} malformed UPDATE(s) as RFC 7606 says` : "";
    options.onProblem?.({
      collector: file.collector, file: file.path, kind: "skipped",
      message: `${report.skipped > 0 ? `skipped ${report.skipped} bad record(s)` : ""}${malformed} of ${file.path}${first === undefined ? "" : `; first: ${first.message}`}`,
      ...(first === undefined ? {} : { offset: first.offset }),
    });
  }
  if (report.failure !== null) {
    counter.problems++;
    gaps.push([file.start, Math.max(file.end, file.start + 1)]);
    const offset = (report.failure as { offset?: unknown }).offset;
    options.onProblem?.({
      collector: file.collector, file: file.path, kind: "damaged",
      message: `${report.failure.message}; the ${file.kind === "rib" ? "RIB" : "rest of the file"} is not used`,
      ...(typeof offset === "number" ? { offset } : {}),
    });
  }
}

/** Loads the newest readable RIB of a collector, noting each one tried; the time of its state, or null. */
async function loadRib(feed: CollectorFeed, state: RoutingState, options: ReplayOptions, counter: { files: number; problems: number }, tried: RibAttempt[]): Promise<number | null> {
  for (const file of feed.plan.ribs) {
    const gaps: [number, number][] = [];
    const opened = await openReported(file, options, counter, gaps);
    if (opened === null) {
      tried.push({ path: file.path, outcome: "missing" });
      continue;
    }
    const reader = new MrtFileReader(feed.applier, opened);
    await reader.next();
    finishFile(file, reader.report, options, counter, gaps);
    if (reader.report.failure === null) {
      tried.push({ path: file.path, outcome: "read" });
      return file.start;
    }
    tried.push({ path: file.path, outcome: "damaged" });
    state.clearCollector(file.collector);
    feed.applier.reset();
  }
  return feed.plan.emptyAt ?? null;
}

/** Running figures of the bins: counts, collectors, largest tables and full-feed peers per family. */
class BinTally {
  readonly largest: Record<4 | 6, LargestTable | null> = { 4: null, 6: null };
  readonly fullFeedPeers: Record<4 | 6, FullFeedRange | null> = { 4: null, 6: null };
  readonly counted: Record<4 | 6, number> = { 4: 0, 6: 0 };
  readonly byCollector: Record<string, number> = {};
  readonly uncounted: [number, number][] = [];
  any = 0;

  constructor(collectors: readonly string[]) {
    for (const c of collectors) this.byCollector[c] = 0;
  }

  /** Notes the bin `[time, end)`: which collectors had data, what was counted. */
  add(time: number, end: number, state: RoutingState, collectors: readonly string[], visibility: Visibility | null, v4: boolean, v6: boolean): void {
    if (v4) this.counted[4]++;
    if (v6) this.counted[6]++;
    if (v4 || v6) this.any++;
    else {
      const last = this.uncounted.at(-1);
      if (last !== undefined && last[1] === time) last[1] = end;
      else this.uncounted.push([time, end]);
    }
    for (const c of collectors) this.byCollector[c] = (this.byCollector[c] ?? 0) + 1;
    if (collectors.length > 0) this.#measure(time, state, collectors, visibility);
  }

  #measure(time: number, state: RoutingState, collectors: readonly string[], visibility: Visibility | null): void {
    for (const peer of state.peers()) {
      if (!collectors.includes(peer.collector)) continue;
      for (const family of [4, 6] as const) {
        const routes = family === 4 ? peer.v4 : peer.v6;
        const best = this.largest[family];
        if (routes > 0 && (best === null || routes > best.routes)) {
          this.largest[family] = { routes, collector: peer.collector, peerIp: peer.ip, peerAsn: peer.asn, time };
        }
      }
    }
    if (visibility === null) return;
    for (const family of [4, 6] as const) {
      const n = (family === 4 ? visibility.v4 : visibility.v6).fullFeedPeers;
      const range = this.fullFeedPeers[family];
      this.fullFeedPeers[family] = range === null ? { min: n, max: n } : { min: Math.min(range.min, n), max: Math.max(range.max, n) };
    }
  }
}

/** Replays `plans` over `[from, until)` and hands each bin to `onBin`. */
export async function replayBgp(plans: readonly CollectorPlan[], options: ReplayOptions): Promise<ReplaySummary> {
  const binMs = options.binMs ?? 300_000;
  if (!Number.isSafeInteger(options.from) || options.from % binMs !== 0 || !(options.until > options.from)) {
    throw new RangeError(`Cannot replay from ${options.from} until ${options.until}: from must be a multiple of ${binMs} ms, before until`);
  }
  const state = new RoutingState();
  const computer = new BinComputer(state, { attribution: options.attribution, ...(options.visibility === undefined ? {} : { visibility: options.visibility }) });
  const counter = { files: 0, problems: 0 };
  const feeds = plans.map((p) => new CollectorFeed(p, state));
  const starts: CollectorStart[] = [];
  for (const feed of feeds) {
    const tried: RibAttempt[] = [];
    const start = await loadRib(feed, state, options, counter, tried);
    feed.begin(start);
    starts.push({ collector: feed.plan.collector, ribsTried: tried, startTime: start });
  }
  const tally = new BinTally(plans.map((p) => p.collector));
  let bins = 0;
  let binsWithData = 0;
  try {
    for (let b = options.from; b < options.until; b += binMs) {
      const t = b + binMs;
      for (const feed of feeds) {
        await feed.advance(t, state, options, counter);
        feed.applier.tick(t);
      }
      const collectors = feeds.filter((f) => f.hasData(b, t)).map((f) => f.plan.collector);
      const bin = computer.compute(b, collectors);
      if (collectors.length > 0) binsWithData++;
      tally.add(b, t, state, collectors, bin.visibility, bin.v4 !== null, bin.v6 !== null);
      bins++;
      await options.onBin(bin);
    }
  } finally {
    for (const feed of feeds) await feed.close();
  }
  return {
    bins, binsWithData, binsCounted: tally.any, binsCountedByFamily: tally.counted, files: counter.files, problems: counter.problems,
    starts, largest: tally.largest, fullFeedPeers: tally.fullFeedPeers, binsByCollector: tally.byCollector, uncounted: tally.uncounted,
  };
}
