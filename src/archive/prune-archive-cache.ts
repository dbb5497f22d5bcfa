/**
 * Deletes a collector's downloads that no restart needs any more. `nightlight replay`
 * keeps its cache (a re-run reads it again); the serve ingest loop would otherwise fill
 * the disk with a collector's day of updates every day, so it prunes what lies before
 * the RIB it would restart from.
 */
import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { archiveCachePath } from "./archive-cache-path.ts";
import { archivePath } from "./archive-files.ts";

/** `bview.20191116.0800.gz`, `updates.20191116.1430.bz2`, `rib.20191116.1400.bz2`: the time in the name. */
const NAME = /^(?:bview|updates|rib)\.(\d{4})(\d{2})(\d{2})\.(\d{2})(\d{2})\.(?:gz|bz2)$/;

/** The folder under which a collector's files lie: `rrc00`, `route-views.linx/bgpdata`, `bgpdata` (route-views2). */
function collectorRoot(collector: string): string {
  const sample = archivePath(collector, "rib", 0);
  return sample.slice(0, sample.indexOf("/1970.01/"));
}

function* files(dir: string, depth: number): Generator<string> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // nothing cached yet
  }
  for (const name of names) {
    const path = join(dir, name);
    if (NAME.test(name)) yield path;
    else if (depth > 0 && statSync(path, { throwIfNoEntry: false })?.isDirectory() === true) yield* files(path, depth - 1);
  }
}

/**
 * Removes the cached files of `collector` from the http(s) archive `base` whose name time
 * is before `before` (ms UTC); the number removed. Partial downloads (`.part`) are left to
 * fetchArchiveFile(), which knows whose they are.
 */
export function pruneArchiveCache(cacheDir: string, base: string, collector: string, before: number): number {
  const root = archiveCachePath(cacheDir, base, collectorRoot(collector));
  let removed = 0;
  for (const path of files(root, 2)) {
    const m = NAME.exec(path.slice(path.lastIndexOf("/") + 1));
    if (m === null) continue;
    const time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
    if (time >= before) continue;
    rmSync(path, { force: true });
    removed++;
  }
  return removed;
}
