/**
 * Continuous ingest of RIS and RouteViews archives: the BGP signal of some collectors,
 * bin after bin, from a backfill window (first start) or from the last stored bin
 * (after downtime) up to the present, then each new bin as its files are published.
 *
 * One routing state for the whole run (BgpReplay): each collector's RIB is read once at
 * the start, then its updates file by file; a missing updates file (absent past its
 * deadline) is a hole, and the collector has no data from it until its next RIB, which
 * is read as soon as it is published. A collector in a hole never holds the others'
 * bins back. See docs/serve.md.
 */
import { ARCHIVE_PERIOD_MS, archiveBase, archiveProject, type ArchiveBases } from "../archive/archive-files.ts";
import { dueAt, dueFor, dueUntil } from "../archive/archive-publication.ts";
import { pruneArchiveCache } from "../archive/prune-archive-cache.ts";
import { loadEntityIndex } from "../entities/load-entity-index.ts";
import { BlockAttribution } from "../routing/block-attribution.ts";
import { archivePlanFiles, planArchiveReplay } from "../routing/plan-archive-replay.ts";
import { BgpReplay, type CollectorPlan, type ReplayFile } from "../routing/replay-bgp.ts";
import type { SourceSpec, Store } from "../store/store.ts";
import { ArchiveFeed } from "./archive-feed.ts";
import { sleepUntil } from "./clock.ts";
import { BgpBinWriter } from "./bgp-bin-writer.ts";
import { bgpSourceSpec, type BgpMethod } from "./bgp-method.ts";
import type { IngestContext, IngestSource } from "./run-ingest.ts";
import { settleOtherMethods } from "./settle-other-methods.ts";
import type { SourceReporter } from "./source-health.ts";

/** What to ingest and how. */
export interface ArchiveIngestSettings extends BgpMethod {
  /** Where each collector's files are: folders or http(s) URLs in the RIS/RouteViews layout. */
  readonly archive: ArchiveBases;
  /** Downloads from http(s) archives are kept here (and pruned once no restart needs them). */
  readonly cacheDir: string;
  /** Failed attempts in a row (each after a back-off) before a collector counts as unreachable. */
  readonly retries: number;
  /** How far back the first start goes, and the furthest a catch-up after downtime goes. */
  readonly backfillMs: number;
  /** A file still absent this long after its due time is a hole. */
  readonly holeAfterMs: number;
  /** Replace bins of the same collectors made by another method in the window. */
  readonly replace: boolean;
  /** The store's file name, for messages. */
  readonly db: string;
  /** First bin (ms, a multiple of binMs) instead of the backfill or resume point (`--from`). */
  readonly from?: number | undefined;
  /** End (exclusive) of a fixed window (`--until`): the ingest stops there. */
  readonly until?: number | undefined;
}

/** Where an ingest starts, decided from the settings, the store and now. */
export interface ArchiveIngestStart {
  readonly spec: SourceSpec;
  /** First bin to compute. */
  readonly first: number;
  /** End of the bins whose files are due now (or the fixed window's end): the backfill's end. */
  readonly edge: number;
  /** Bins from `first` to `edge`. */
  readonly total: number;
  /** How the start was chosen, for the log. */
  readonly reason: string;
}

/** More bins behind than this (15 minutes of 5-minute bins) and the source is `behind`, not `live`. */
export const BEHIND_BINS = 3;

const iso = (t: number): string => new Date(t).toISOString().replace(":00.000Z", "Z");

/** The end of the bins every collector's updates are due for by `now`. */
function edgeAt(collectors: readonly string[], now: number, binMs: number): number {
  const due = Math.min(...collectors.map((c) => dueUntil(c, now)));
  return Math.floor(due / binMs) * binMs;
}

/** The newest stored bin of any source named `name` (any method) at or after `since`; null when none. */
function lastStoredBin(store: Store, name: string, since: number, until: number): number | null {
  let last: number | null = null;
  for (const source of store.listSources()) {
    if (source.name !== name) continue;
    for (const bin of store.getBins(source.id, since, until)) if (last === null || bin.time > last) last = bin.time;
  }
  return last;
}

/**
 * Where the ingest starts: `--from` (after the bins already stored there), else after the
 * last stored bin of these collectors within the backfill window (a catch-up), else the
 * backfill's start. A backfill starts at a RIB time when one lies in the window, so that
 * the first figure needs only the RIBs: the bin ending at a RIB's time is that RIB.
 * Refuses (UsageError) another method's bins in the window unless `replace`.
 */
export function planArchiveIngest(store: Store, s: ArchiveIngestSettings, now: number): ArchiveIngestStart {
  const spec = bgpSourceSpec(s);
  const { binMs } = s;
  const edge = s.until ?? Math.max(edgeAt(s.collectors, now, binMs), binMs);
  let first: number;
  let reason: string;
  if (s.from !== undefined) {
    first = Math.floor(s.from / binMs) * binMs;
    const ids = store.listSources().filter((x) => x.name === spec.name && x.digest === spec.digest).map((x) => x.id);
    while (first < edge && ids.some((id) => store.hasBin(id, first))) first += binMs;
    reason = first > s.from ? `from ${iso(s.from)}, after the bins already stored, at ${iso(first)}` : `from ${iso(first)}`;
  } else {
    const windowStart = Math.floor((now - s.backfillMs) / binMs) * binMs;
    const last = lastStoredBin(store, spec.name, windowStart, edge + binMs);
    if (last !== null) {
      first = last + binMs;
      reason = `resuming after the last stored bin, ${iso(last)}`;
    } else {
      const ribPeriod = Math.max(...s.collectors.map((c) => ARCHIVE_PERIOD_MS[archiveProject(c)].rib));
      const rib = Math.ceil((windowStart + binMs) / ribPeriod) * ribPeriod;
      const published = s.collectors.every((c) => dueAt(c, "rib", rib) <= now);
      first = rib - binMs < edge && published ? rib - binMs : windowStart;
      reason = `backfilling from ${iso(first)} (${Math.round((now - first) / 3_600_000)} h back${first === rib - binMs ? ", at a RIB time" : ""})`;
    }
  }
  // Only a check here (it reads): with `replace`, the run removes the other method's bins.
  if (!s.replace) settleOtherMethods(store, spec, { from: first, until: Math.max(edge, first + binMs), replace: false, db: s.db });
  return { spec, first, edge, total: Math.max(0, (edge - first) / binMs), reason };
}

/** The ingest of `settings` as a source of serve's ingest loop. */
export function archiveIngest(settings: ArchiveIngestSettings): IngestSource {
  return { name: `archive ${bgpSourceSpec(settings).name}`, run: (context) => runArchiveIngest(settings, context) };
}

/** The plans at the start: each collector's RIB candidates (only those due by now) and its updates to the first bin's end. */
function startPlans(s: ArchiveIngestSettings, first: number, now: number): CollectorPlan[] {
  return s.collectors.map((c) => {
    const plan = planArchiveReplay(c, first, first + s.binMs, s.binMs);
    return { ...plan, ribs: plan.ribs.filter((r) => dueAt(c, "rib", r.start) <= now) };
  });
}

/** Runs the ingest until the context's signal aborts (or a fixed window is done). */
export async function runArchiveIngest(s: ArchiveIngestSettings, context: IngestContext): Promise<void> {
  const { store, clock, signal, health, log } = context;
  const { binMs } = s;
  const start = planArchiveIngest(store, s, clock.now());
  const removed = settleOtherMethods(store, start.spec, { from: start.first, until: Math.max(start.edge, start.first + binMs), replace: s.replace, db: s.db });
  if (removed > 0) log(`${start.spec.name}: removed ${removed} bins made with another method (--replace)`);
  const sourceId = store.defineSource(start.spec);
  const reporters = new Map<string, SourceReporter>(s.collectors.map((c) => [c, health.source(`archive:${c}`, "archive", start.spec.name)]));
  for (const r of reporters.values()) r.phase("backfilling", { backfill: { done: 0, total: start.total }, binsBehind: start.total, detail: "loading the entity index" });
  log(`${start.spec.name}: ${start.reason}; ${start.total} bins to the present (${iso(start.edge)})`);
  const index = await loadEntityIndex({ regions: s.kinds.has("region") });
  const writer = new BgpBinWriter(store, sourceId, { binMs, kinds: s.kinds, index, now: () => clock.now() });
  const feeds = new Map(s.collectors.map((c) => {
    const id = `archive:${c}`;
    const feed = new ArchiveFeed({
      collector: c, base: archiveBase(s.archive, c), cacheDir: s.cacheDir, clock, signal, holeAfterMs: s.holeAfterMs, retries: s.retries, health: reporters.get(c)!, log,
      othersSince: (t) => health.list().some((e) => e.id !== id && (e.lastSuccess ?? Number.NEGATIVE_INFINITY) >= t),
    });
    return [c, feed];
  }));
  const feedOf = (file: ReplayFile): ArchiveFeed => feeds.get(file.collector)!;
  const replay = new BgpReplay(startPlans(s, start.first, clock.now()), {
    binMs, attribution: BlockAttribution.fromIndex(index), holes: "skip",
    visibility: { fullFeedV4: s.fullFeedV4, fullFeedV6: s.fullFeedV6, visibleShare: s.visibleShare },
    open: (file) => feedOf(file).open(file),
    ready: (file) => feedOf(file).ready(file),
    onFile: (file) => writer.fileRead(file.path),
    onProblem: (p) => {
      writer.problem(`${p.collector}: ${p.message}`);
      log(`${p.collector}: ${p.message}`);
    },
  });
  const ticker = keepBehindCurrent(s, start, reporters, context);
  try {
    for (const r of reporters.values()) r.update({ detail: "reading its RIB" });
    for (const feed of feeds.values()) feed.lookAhead(start.first);
    await replay.start(start.first);
    let listed = start.first + binMs;
    for (let b = start.first; s.until === undefined || b < s.until; b += binMs) {
      signal.throwIfAborted();
      const t = b + binMs;
      // Files up to and including the bin's end: a RIB at the end is that bin's state.
      for (const c of s.collectors) {
        const files = archivePlanFiles(c, listed, t + 1);
        replay.extend(c, files.updates, files.ribs);
      }
      listed = t + 1;
      // Never ahead of the archives: a bin is computed once its files are due, even when
      // every collector is in a hole and would wait for nothing.
      if (s.until === undefined) await sleepUntil(clock, Math.max(...s.collectors.map((c) => dueFor(c, t))), signal);
      const bin = await replay.bin(b);
      const commit = writer.commit(bin);
      if (commit !== undefined) await context.committed(commit.notice);
      report(s, start, reporters, b, bin.collectors, clock.now());
      if ((b / binMs) % 12 === 0) prune(s, t, log);
    }
    for (const r of reporters.values()) r.phase("stopped", { binsBehind: 0, detail: `window ${iso(start.first)} – ${iso(s.until ?? start.edge)} done` });
  } catch (error: unknown) {
    for (const r of reporters.values()) r.phase("stopped", { detail: signal.aborted ? "serve stopped" : `failed: ${error instanceof Error ? error.message : String(error)}` });
    throw error;
  } finally {
    ticker.stop();
    await replay.close();
  }
}

/** After bin `b`: each collector's phase, backfill progress and bins behind. */
function report(s: ArchiveIngestSettings, start: ArchiveIngestStart, reporters: Map<string, SourceReporter>, b: number, withData: readonly string[], now: number): void {
  const t = b + s.binMs;
  const done = Math.min(start.total, (t - start.first) / s.binMs);
  const behind = Math.max(0, ((s.until ?? edgeAt(s.collectors, now, s.binMs)) - t) / s.binMs);
  const phase = t < start.edge ? "backfilling" : behind > BEHIND_BINS ? "behind" : "live";
  for (const [c, r] of reporters) {
    r.phase(phase, { backfill: { done, total: start.total }, binsBehind: behind, lastBin: b, ...(withData.includes(c) ? {} : { detail: `no data in ${iso(b)}: in a hole until its next RIB` }) });
  }
}

/** Keeps bins behind current while the loop waits for a file (every minute of the clock). */
function keepBehindCurrent(s: ArchiveIngestSettings, start: ArchiveIngestStart, reporters: Map<string, SourceReporter>, context: IngestContext): { stop(): void } {
  const stop = new AbortController();
  const signal = AbortSignal.any([stop.signal, context.signal]);
  void (async () => {
    while (!signal.aborted) {
      await context.clock.sleep(60_000, signal);
      if (signal.aborted || s.until !== undefined) return;
      for (const r of reporters.values()) {
        const last = r.health.lastBin ?? start.first - s.binMs;
        const behind = Math.max(0, (edgeAt(s.collectors, context.clock.now(), s.binMs) - last - s.binMs) / s.binMs);
        if (r.health.state !== "backfilling" && r.health.state !== "stopped") r.phase(behind > BEHIND_BINS ? "behind" : "live", { binsBehind: behind });
        else r.update({ binsBehind: behind });
      }
    }
  })();
  return { stop: () => stop.abort() };
}

/**
 * Drops each collector's downloads from before its newest RIB at or before `t`: a
 * restart reads that RIB and the updates after it (and fetches again anything older it
 * may need). Local folders are the user's and are never touched.
 */
function prune(s: ArchiveIngestSettings, t: number, log: (line: string) => void): void {
  for (const c of s.collectors) {
    const base = archiveBase(s.archive, c);
    if (!/^https?:\/\//.test(base)) continue;
    const ribPeriod = ARCHIVE_PERIOD_MS[archiveProject(c)].rib;
    try {
      pruneArchiveCache(s.cacheDir, base, c, Math.floor(t / ribPeriod) * ribPeriod);
    } catch (error: unknown) {
      log(`${c}: could not prune the download cache ${s.cacheDir}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
