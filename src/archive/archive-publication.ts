/**
 * When the archives publish a file: a RIS updates file covers five minutes and appears a
 * few minutes after they end, a RouteViews one covers fifteen; RIBs are dumped at their
 * time and take longer to write and copy. A file is looked for from its due time on; one
 * still absent a while later is a hole (see the serve ingest loop, docs/serve.md).
 */
import { ARCHIVE_PERIOD_MS, archiveProject, type ArchiveKind, type ArchiveProject } from "./archive-files.ts";

const MINUTE = 60_000;

/**
 * From the end of its period (updates) or its time (RIB), how long until a file is
 * normally there. RIS copies its collectors' dumps to data.ris.ripe.net every few
 * minutes; RouteViews' updates appear about ten minutes after their quarter; a full RIB
 * of either takes tens of minutes to dump and copy.
 */
export const PUBLISH_DELAY_MS: Readonly<Record<ArchiveProject, Readonly<Record<ArchiveKind, number>>>> = {
  ris: { updates: 5 * MINUTE, rib: 30 * MINUTE },
  routeviews: { updates: 10 * MINUTE, rib: 30 * MINUTE },
};

/**
 * How far behind now `nightlight replay`'s default window ends: RIS publishes a 5-minute
 * updates file a few minutes after its period ends; 15 minutes leaves room for a late one.
 */
export const REPLAY_LAG_MS = 15 * MINUTE;

/** When the file of `collector` named with `time` is due in its archive, ms UTC. */
export function dueAt(collector: string, kind: ArchiveKind, time: number): number {
  const project = archiveProject(collector);
  return time + (kind === "updates" ? ARCHIVE_PERIOD_MS[project].updates : 0) + PUBLISH_DELAY_MS[project][kind];
}

/**
 * The end of the updates of `collector` that are due by `now`: the end of the newest
 * updates file whose due time has passed. A bin ending after it cannot be computed yet.
 */
export function dueUntil(collector: string, now: number): number {
  const project = archiveProject(collector);
  const period = ARCHIVE_PERIOD_MS[project].updates;
  return Math.floor((now - PUBLISH_DELAY_MS[project].updates) / period) * period;
}

/** When every updates file of `collector` covering times before `end` is due: the earliest now at which dueUntil() reaches `end`. */
export function dueFor(collector: string, end: number): number {
  const project = archiveProject(collector);
  const period = ARCHIVE_PERIOD_MS[project].updates;
  return Math.ceil(end / period) * period + PUBLISH_DELAY_MS[project].updates;
}
