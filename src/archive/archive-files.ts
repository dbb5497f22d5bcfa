/**
 * The public file layouts of RIPE RIS and RouteViews MRT archives: which files a
 * collector writes in a time range, as paths relative to the project's base URL.
 *
 *     RIS         rrc00/2019.11/bview.20191116.0800.gz           RIB every 8 h (00, 08, 16 UTC)
 *                 rrc00/2019.11/updates.20191116.1430.gz         updates every 5 min
 *     RouteViews  bgpdata/2019.11/RIBS/rib.20191116.1400.bz2     route-views2: at the root, RIB every 2 h
 *                 route-views.linx/bgpdata/2019.11/UPDATES/updates.20191116.1430.bz2   others, updates every 15 min
 */

/** Which archive a collector belongs to. */
export type ArchiveProject = "ris" | "routeviews";

/** Kind of MRT file. */
export type ArchiveKind = "rib" | "updates";

/** Where each project publishes by default. */
export const ARCHIVE_BASE_URLS: Readonly<Record<ArchiveProject, string>> = {
  ris: "https://data.ris.ripe.net/",
  routeviews: "https://archive.routeviews.org/",
};

const MINUTE = 60_000;
/** File period in ms per project and kind (RIS: 8 h / 5 min; RouteViews: 2 h / 15 min). */
export const ARCHIVE_PERIOD_MS: Readonly<Record<ArchiveProject, Readonly<Record<ArchiveKind, number>>>> = {
  ris: { rib: 480 * MINUTE, updates: 5 * MINUTE },
  routeviews: { rib: 120 * MINUTE, updates: 15 * MINUTE },
};

/** One expected archive file. */
export interface ArchiveFile {
  readonly collector: string;
  readonly project: ArchiveProject;
  readonly kind: ArchiveKind;
  /** Time in the file name (start of the dump period), ms UTC. */
  readonly time: number;
  /** Path relative to the project's base URL, with `/` separators. */
  readonly path: string;
}

/** What archiveFiles() lists. */
export interface ArchiveQuery {
  /** `rrc00`…`rrc26`, `route-views2`, `route-views.linx`, `route-views3`, … */
  readonly collector: string;
  /** ms UTC, inclusive. */
  readonly from: number;
  /** ms UTC, exclusive. */
  readonly until: number;
  /** Default both. */
  readonly kinds?: readonly ArchiveKind[];
}

/**
 * Every RIPE RIS collector that has published data: rrc00 to rrc26 without rrc17, which
 * never existed; rrc02, rrc08 and rrc09 are historic (their archives remain).
 * Source: RIS documentation, "Route collectors" (ris.ripe.net/docs/route-collectors).
 */
export const RIS_COLLECTORS: readonly string[] = Array.from({ length: 27 }, (_, n) => `rrc${String(n).padStart(2, "0")}`).filter((c) => c !== "rrc17");

/**
 * RouteViews names its collectors after the exchange they sit at and adds new ones
 * every year, so a list would go stale: any `route-viewsN` (route-views2, route-views3…)
 * or `route-views.NAME` / `route-viewsN.NAME` (route-views.linx, route-views2.saopaulo),
 * and the names of the collectors added since 2024, an exchange and its airport code
 * (`iraq-ixp.bgw` in Baghdad, `amsix.ams`, `decix.jhb`), archived in the same layout
 * (`iraq-ixp.bgw/bgpdata/…`), is taken; a name the archive does not have yields no RIB,
 * which the replay reports. Bare `route-views` (the old Oregon IX collector) has another
 * layout and is refused.
 */
const ROUTEVIEWS_NAME = /^(route-views(\d+(\.[a-z0-9-]+)?|\.[a-z0-9-]+)|[a-z0-9][a-z0-9-]*\.[a-z]{3})$/;

/** The project of a collector name; TypeError, listing the known names, for any other. */
export function archiveProject(collector: string): ArchiveProject {
  if (RIS_COLLECTORS.includes(collector)) return "ris";
  if (ROUTEVIEWS_NAME.test(collector)) return "routeviews";
  throw new TypeError(
    `Unknown collector ${JSON.stringify(collector)}: RIPE RIS has ${RIS_COLLECTORS.join(", ")}; ` +
      "RouteViews has route-views2, route-views3…, route-views.NAME (e.g. route-views.linx), EXCHANGE.AIRPORT (e.g. iraq-ixp.bgw)",
  );
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** `YYYY.MM` and `YYYYMMDD.HHMM` of a UTC time. */
function stamps(time: number): { month: string; stamp: string } {
  const d = new Date(time);
  const month = `${d.getUTCFullYear()}.${pad(d.getUTCMonth() + 1)}`;
  const stamp = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}.${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
  return { month, stamp };
}

/** The archive path of one file. */
export function archivePath(collector: string, kind: ArchiveKind, time: number): string {
  const { month, stamp } = stamps(time);
  if (archiveProject(collector) === "ris") return `${collector}/${month}/${kind === "rib" ? "bview" : "updates"}.${stamp}.gz`;
  const root = collector === "route-views2" ? "bgpdata" : `${collector}/bgpdata`;
  return kind === "rib" ? `${root}/${month}/RIBS/rib.${stamp}.bz2` : `${root}/${month}/UPDATES/updates.${stamp}.bz2`;
}

/**
 * The files a collector writes with a name time in `[from, until)`, in time order
 * (RIB before updates at equal times). Pure: it lists what the layout promises, not
 * what exists; fetchArchiveFile() reports the missing ones.
 */
export function archiveFiles(query: ArchiveQuery): ArchiveFile[] {
  const { collector, from, until } = query;
  if (!Number.isFinite(from) || !Number.isFinite(until)) throw new TypeError(`Cannot list archive files: from ${from} and until ${until} must be times in ms`);
  const project = archiveProject(collector);
  const files: ArchiveFile[] = [];
  for (const kind of query.kinds ?? ["rib", "updates"]) {
    const period = ARCHIVE_PERIOD_MS[project][kind];
    for (let time = Math.ceil(from / period) * period; time < until; time += period) {
      files.push({ collector, project, kind, time, path: archivePath(collector, kind, time) });
    }
  }
  return files.sort((a, b) => a.time - b.time || (a.kind === b.kind ? 0 : a.kind === "rib" ? -1 : 1));
}

/** Archive bases: one for every collector (a mirror of both projects, a folder), or one per project; undefined: the public archives. */
export type ArchiveBases = string | Readonly<Partial<Record<ArchiveProject, string | undefined>>> | undefined;

/** The base `collector`'s files are read from. */
export function archiveBase(bases: ArchiveBases, collector: string): string {
  const project = archiveProject(collector);
  if (typeof bases === "string") return bases;
  return bases?.[project] ?? ARCHIVE_BASE_URLS[project];
}
