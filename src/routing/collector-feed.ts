/**
 * One collector's way through its files during a replay: the RIB its state started from,
 * the updates read since, the holes met (missing or damaged files), and the RIB it starts
 * again from after a hole. The plan's file lists may grow while the replay runs (the serve
 * ingest loop appends each file as its time comes), and the state is kept across them:
 * a RIB is read at the start and after a hole, never per bin.
 */
import { MrtFileReader, type ReadReport } from "./read-mrt-file.ts";
import type { CollectorPlan, OpenedFile, OpenResult, ReplayFile, ReplayProblem, RibAttempt } from "./replay-bgp.ts";
import type { RoutingState } from "./routing-state.ts";

/** Files read and problems met, over every feed of a replay. */
export interface FeedCounter {
  files: number;
  problems: number;
}

/** What a feed needs from its replay. */
export interface FeedOptions {
  /** Opens a file; null or an AbsentFile when it is not there. A rejection ends the replay. */
  readonly open: (file: ReplayFile) => Promise<OpenResult>;
  /**
   * Whether `file` can be opened now without waiting (its fetch has settled). When given,
   * a RIB after a hole is loaded only once ready, so that a collector without data never
   * holds the others' bins back; when absent, every file is taken as ready.
   */
  readonly ready?: (file: ReplayFile) => boolean;
  /** `skip`: no updates are read while in a hole (see BgpReplayOptions.holes). */
  readonly holes?: "report" | "skip";
  readonly onProblem?: (problem: ReplayProblem) => void;
  readonly onFile?: (file: ReplayFile, report: ReadReport) => void;
}

/** One collector's progress through its files. */
export class CollectorFeed {
  readonly collector: string;
  /** Time of the state the replay started from (RIB or emptyAt); null: no RIB was read at the start. */
  startTime: number | null = null;
  /** Periods without data: missing or damaged files (those ending before the current bin are dropped). */
  readonly gaps: [number, number][] = [];
  /** Start of the first hole since the state was loaded: no data from here until a RIB resynchronises. */
  uncertainSince: number | null = null;
  /** End of the time covered without holes by the plan from startTime. */
  plannedUntil = -Infinity;
  /** RIB candidates for the first state, newest first. */
  readonly #ribs: readonly ReplayFile[];
  readonly #emptyAt: number | undefined;
  /** Updates files in time order; those read before any possible restart point are dropped. */
  readonly #updates: ReplayFile[];
  /** Later RIBs in time order, to start again from after a hole. */
  readonly #resyncRibs: ReplayFile[];
  #next = 0;
  #reader: MrtFileReader | null = null;
  #file: ReplayFile | null = null;
  #holesSeen = 0;
  readonly #triedRibs = new Set<string>();

  constructor(plan: CollectorPlan) {
    this.collector = plan.collector;
    this.#ribs = plan.ribs;
    this.#emptyAt = plan.emptyAt;
    this.#updates = [...plan.updates];
    this.#resyncRibs = [...(plan.resyncRibs ?? [])];
  }

  /** Loads the newest readable RIB candidate into `state`, noting each one tried; the time of its state, or null. */
  async load(state: RoutingState, options: FeedOptions, counter: FeedCounter, tried: RibAttempt[]): Promise<number | null> {
    for (const file of this.#ribs) {
      // Tried once: after a failed start, the RIB that ends the hole is a later one.
      this.#triedRibs.add(file.path);
      const outcome = await readRib(file, state, options, counter);
      tried.push({ path: file.path, outcome });
      if (outcome === "read") return file.start;
    }
    return this.#emptyAt ?? null;
  }

  /**
   * Chooses the updates that follow the start, and how far they reach. With `holeFrom`
   * and no start, the collector is in a hole from that time: it has data again from its
   * next RIB (the serve ingest loop, where later RIBs keep coming).
   */
  begin(start: number | null, holeFrom?: number): void {
    this.startTime = start;
    if (start === null) {
      if (holeFrom !== undefined) this.uncertainSince = holeFrom;
      return;
    }
    this.plannedUntil = start;
    this.#extendPlanned(this.#updates);
    this.#next = this.#updates.findIndex((f) => f.end > start);
    if (this.#next < 0) this.#next = this.#updates.length;
  }

  /** Appends files (after those listed), e.g. as the live present moves on. */
  extend(updates: readonly ReplayFile[], ribs: readonly ReplayFile[]): void {
    this.#updates.push(...updates);
    this.#resyncRibs.push(...ribs);
    if (this.startTime !== null) this.#extendPlanned(updates);
  }

  #extendPlanned(updates: readonly ReplayFile[]): void {
    for (const f of updates) if (f.start <= this.plannedUntil && f.end > this.plannedUntil) this.plannedUntil = f.end;
  }

  /** Whether the collector has data for `[binStart, binEnd)`. */
  hasData(binStart: number, binEnd: number): boolean {
    if (this.startTime === null || this.startTime > binEnd || this.plannedUntil < binEnd) return false;
    if (this.uncertainSince !== null && this.uncertainSince < binEnd) return false;
    const from = Math.max(binStart, this.startTime);
    return !this.gaps.some(([s, e]) => s < binEnd && e > from);
  }

  /**
   * Applies every update before `t` (ms), starting again from a RIB after a hole. With
   * `holes: "skip"`, no updates are read while the state is uncertain (after a hole,
   * before a RIB): the RIB that ends the hole is read with every update after it.
   */
  async advance(t: number, state: RoutingState, options: FeedOptions, counter: FeedCounter): Promise<void> {
    await this.#resync(t, state, options, counter);
    const skip = options.holes === "skip";
    if (this.startTime === null || (skip && this.uncertainSince !== null)) return;
    for (;;) {
      if (this.#reader !== null && this.#file !== null) {
        const exhausted = await this.#reader.next(Math.ceil(t / 1000));
        if (!exhausted) return;
        finishFile(this.#file, this.#reader.report, options, counter, this.gaps);
        this.#reader = null;
        this.#file = null;
        if (this.#noteHoles() && skip) return;
        continue;
      }
      const file = this.#updates[this.#next];
      if (file === undefined || file.start >= t) return;
      this.#next++;
      const opened = await openReported(file, options, counter, this.gaps);
      if ((this.#noteHoles() && skip) || opened === null) {
        if (skip) return;
        continue;
      }
      this.#file = file;
      this.#reader = new MrtFileReader(state, file.collector, opened);
    }
  }

  /** Drops what no later bin can need: gaps before `binStart`, updates read before any restart point. */
  trim(binStart: number): void {
    const old = this.gaps.filter(([, e]) => e <= binStart).length;
    if (old > 0 && old <= this.#holesSeen) {
      this.gaps.splice(0, old);
      this.#holesSeen -= old;
    }
    // A RIB after a hole restarts from its own time, re-reading the updates after it; so
    // while uncertain every file is kept, and otherwise only the files not yet read.
    if (this.uncertainSince === null && this.#next > 0) {
      this.#updates.splice(0, this.#next);
      this.#next = 0;
    }
    const keep = this.#resyncRibs.findIndex((r) => r.start >= (this.uncertainSince ?? binStart));
    this.#resyncRibs.splice(0, keep < 0 ? this.#resyncRibs.length : keep);
  }

  /** Marks the state uncertain from the start of any hole recorded since the last look; whether there is one. */
  #noteHoles(): boolean {
    for (; this.#holesSeen < this.gaps.length; this.#holesSeen++) {
      const start = this.gaps[this.#holesSeen]![0];
      if (this.uncertainSince === null || start < this.uncertainSince) this.uncertainSince = start;
    }
    return this.uncertainSince !== null;
  }

  /** After a hole, loads the first later RIB at or before `t` (and ready, when readiness is known) and goes on from it. */
  async #resync(t: number, state: RoutingState, options: FeedOptions, counter: FeedCounter): Promise<void> {
    const since = this.uncertainSince;
    if (since === null) return;
    for (const rib of this.#resyncRibs) {
      if (rib.start < since || rib.start > t || this.#triedRibs.has(rib.path)) continue;
      if (options.ready !== undefined && !options.ready(rib)) return; // not settled yet: the next bin looks again
      this.#triedRibs.add(rib.path);
      await this.#reader?.close();
      this.#reader = null;
      this.#file = null;
      state.clearCollector(this.collector);
      if ((await readRib(rib, state, options, counter)) !== "read") continue;
      this.uncertainSince = null;
      this.#holesSeen = this.gaps.length;
      this.begin(rib.start);
      return;
    }
  }

  async close(): Promise<void> {
    await this.#reader?.close();
  }
}

/** Reads one RIB into `state`; a damaged one leaves the collector's tables empty. */
async function readRib(file: ReplayFile, state: RoutingState, options: FeedOptions, counter: FeedCounter): Promise<RibAttempt["outcome"]> {
  const opened = await openReported(file, options, counter, []);
  if (opened === null) return "missing";
  const reader = new MrtFileReader(state, file.collector, opened);
  await reader.next();
  finishFile(file, reader.report, options, counter, []);
  if (reader.report.failure === null) return "read";
  state.clearCollector(file.collector);
  return "damaged";
}

async function openReported(file: ReplayFile, options: FeedOptions, counter: FeedCounter, gaps: [number, number][]): Promise<OpenedFile | null> {
  // Errors of open() (an unreachable archive) are not the file's damage: they end the replay.
  const opened = await options.open(file);
  if (opened === null || "absent" in opened) {
    counter.problems++;
    gaps.push([file.start, Math.max(file.end, file.start + 1)]);
    const why = opened === null ? "is missing from the archive" : opened.absent;
    options.onProblem?.({ collector: file.collector, file: file.path, kind: "missing", message: `${file.path} ${why}` });
    return null;
  }
  return opened;
}

/** Reports what a finished read skipped or where it broke; a broken file becomes a gap. */
function finishFile(file: ReplayFile, report: ReadReport, options: FeedOptions, counter: FeedCounter, gaps: [number, number][]): void {
  counter.files++;
  options.onFile?.(file, report);
  if (report.skipped > 0) {
    counter.problems++;
    const first = report.errors[0];
    options.onProblem?.({
      collector: file.collector, file: file.path, kind: "skipped",
      message: `skipped ${report.skipped} bad record(s) of ${file.path}${first === undefined ? "" : `; first: ${first.message}`}`,
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
