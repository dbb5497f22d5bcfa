/**
 * Which archive files a collector's replay reads, from the public RIS and RouteViews
 * layouts: the RIB candidates at or before the end of the first bin (newest first, up
 * to three periods back, for when the newest is missing or damaged), every updates
 * file from the oldest candidate to the end, and the later RIBs, from which a collector
 * starts again after a hole in its updates.
 */
import { ARCHIVE_PERIOD_MS, archiveFiles, archiveProject } from "../archive/archive-files.ts";
import type { CollectorPlan, ReplayFile } from "./replay-bgp.ts";

/** RIB periods to look back when the newest RIB is missing or damaged. */
export const RIB_LOOKBACK = 3;

/** The plan for one collector over `[from, until)` with bins of `binMs`. */
export function planArchiveReplay(collector: string, from: number, until: number, binMs = 300_000): CollectorPlan {
  const project = archiveProject(collector);
  const ribPeriod = ARCHIVE_PERIOD_MS[project].rib;
  const updatesPeriod = ARCHIVE_PERIOD_MS[project].updates;
  const firstEnd = from + binMs;
  const ribs = archiveFiles({ collector, from: firstEnd - RIB_LOOKBACK * ribPeriod, until: firstEnd + 1, kinds: ["rib"] })
    .reverse()
    .slice(0, RIB_LOOKBACK)
    .map((f) => ({ collector, kind: "rib" as const, path: f.path, start: f.time, end: f.time }));
  const oldest = ribs[ribs.length - 1]?.start ?? from;
  const updates = archiveFiles({ collector, from: oldest, until, kinds: ["updates"] })
    .map((f) => ({ collector, kind: "updates" as const, path: f.path, start: f.time, end: f.time + updatesPeriod }));
  // Later RIBs, to start again from after a missing or damaged updates file.
  const resyncRibs = archiveFiles({ collector, from: firstEnd + 1, until, kinds: ["rib"] })
    .map((f) => ({ collector, kind: "rib" as const, path: f.path, start: f.time, end: f.time }));
  return { collector, ribs, updates, resyncRibs };
}

/**
 * The files of `collector` named with a time in `[from, until)`: updates, and RIBs to
 * start again from after a hole. What the serve ingest loop appends to a plan as the
 * present moves on (BgpReplay.extend).
 */
export function archivePlanFiles(collector: string, from: number, until: number): { updates: ReplayFile[]; ribs: ReplayFile[] } {
  const period = ARCHIVE_PERIOD_MS[archiveProject(collector)].updates;
  const updates = archiveFiles({ collector, from, until, kinds: ["updates"] })
    .map((f) => ({ collector, kind: "updates" as const, path: f.path, start: f.time, end: f.time + period }));
  const ribs = archiveFiles({ collector, from, until, kinds: ["rib"] })
    .map((f) => ({ collector, kind: "rib" as const, path: f.path, start: f.time, end: f.time }));
  return { updates, ribs };
}
