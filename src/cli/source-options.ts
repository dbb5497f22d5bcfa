/**
 * The options that say which BGP archives to read and how to count: one definition for
 * `nightlight replay` and `nightlight serve` (`--collector`, `--archive`, `--from`,
 * `--until`, the full-feed thresholds, `--visible-share`, `--kinds`, `--cache`,
 * `--retries`, `--replace`). Each command applies its own defaults to what is not given.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { archiveProject } from "../archive/archive-files.ts";
import { UsageError } from "../model/errors.ts";
import { BGP_ENTITY_KINDS, type BgpEntityKind } from "../routing/bin-points.ts";
import { echo } from "./parse-cli-args.ts";
import { timeOption } from "./time-option.ts";

/** The options for parseArgs. */
export const SOURCE_OPTIONS = {
  collector: { type: "string", multiple: true },
  archive: { type: "string" },
  from: { type: "string" },
  until: { type: "string" },
  cache: { type: "string" },
  retries: { type: "string" },
  "full-feed-v4": { type: "string" },
  "full-feed-v6": { type: "string" },
  "visible-share": { type: "string" },
  kinds: { type: "string" },
  replace: { type: "boolean" },
} as const;

/** Their help lines; `{collectors}`, `{from}`, `{until}` and `{cache}` are the command's defaults. */
export function sourceUsage(defaults: { collectors: string; from: string; until: string; cache: string }): string {
  return `  --collector NAME     rrc00…rrc26 (RIS; there is no rrc17), route-views2, route-views3…,
                       route-views.NAME, EXCHANGE.AIRPORT such as iraq-ixp.bgw (RouteViews)
                       (repeatable; default ${defaults.collectors})
  --from TIME          first bin, ISO 8601 UTC (2019-11-16T00:00Z), rounded down to 5 min
                       (default: ${defaults.from})
  --until TIME         end (exclusive), ISO 8601 UTC, rounded up to 5 min (default:
                       ${defaults.until})
  --archive URL|DIR    archive base: a folder or http(s) URL in the RIS/RouteViews
                       layout (default https://data.ris.ripe.net/ for RIS collectors,
                       https://archive.routeviews.org/ for RouteViews)
  --cache DIR          where downloads are kept (default ${defaults.cache})
  --retries N          further attempts per download on network errors (default 3)
  --full-feed-v4 N     a peer with more than N IPv4 routes is full-feed (default 400000)
  --full-feed-v6 N     a peer with more than N IPv6 routes is full-feed (default 10000)
  --visible-share X    a prefix is visible when at least this share of full-feed peer
                       ASNs sees it (default 0.5)
  --kinds LIST         entity kinds to write (default country,region,asn,country-asn)
  --replace            the store holds bins of these collectors in the window made with
                       another method (other thresholds, other entity data): replace
                       them with this run's, in one transaction (without it, refused)
`;
}

/** The values parseArgs gives for SOURCE_OPTIONS. */
export interface SourceValues {
  readonly collector?: string[] | undefined;
  readonly archive?: string | undefined;
  readonly from?: string | undefined;
  readonly until?: string | undefined;
  readonly cache?: string | undefined;
  readonly retries?: string | undefined;
  readonly "full-feed-v4"?: string | undefined;
  readonly "full-feed-v6"?: string | undefined;
  readonly "visible-share"?: string | undefined;
  readonly kinds?: string | undefined;
  readonly replace?: boolean | undefined;
}

/** What was given, checked; undefined where the option was not given. */
export interface SourceFlags {
  /** Sorted, without repeats. */
  readonly collectors: readonly string[] | undefined;
  /** Rounded down to `binMs`. */
  readonly from: number | undefined;
  /** Rounded up to `binMs`. */
  readonly until: number | undefined;
  readonly archive: string | undefined;
  readonly cacheDir: string | undefined;
  readonly retries: number | undefined;
  readonly fullFeedV4: number | undefined;
  readonly fullFeedV6: number | undefined;
  readonly visibleShare: number | undefined;
  readonly kinds: ReadonlySet<BgpEntityKind> | undefined;
  readonly replace: boolean;
}

/** A whole number ≥ 0 given as `flag`. */
function count(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new UsageError(`${flag} '${echo(text)}' is not a whole number`);
  return n;
}

/** Collector names, each checked (UsageError listing the known ones). */
export function checkCollectors(names: readonly string[]): string[] {
  const collectors = [...new Set(names)].sort();
  for (const c of collectors) {
    try {
      archiveProject(c);
    } catch (error: unknown) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  }
  return collectors;
}

/** Entity kinds of a comma-separated list. */
export function parseKinds(text: string, flag = "--kinds"): Set<BgpEntityKind> {
  const kinds = new Set<BgpEntityKind>();
  for (const k of text.split(",")) {
    const kind = BGP_ENTITY_KINDS.find((x) => x === k.trim());
    if (kind === undefined) throw new UsageError(`${flag}: '${echo(k)}' is none of ${BGP_ENTITY_KINDS.join(", ")}`);
    kinds.add(kind);
  }
  return kinds;
}

/** The source options given, checked; `binMs` rounds the window. */
export function sourceFlags(v: SourceValues, binMs: number): SourceFlags {
  const from = v.from === undefined ? undefined : Math.floor(timeOption("--from", v.from) / binMs) * binMs;
  const until = v.until === undefined ? undefined : Math.ceil(timeOption("--until", v.until) / binMs) * binMs;
  if (from !== undefined && until !== undefined && until <= from) throw new UsageError(`--until ${echo(v.until ?? "")} is not after --from ${echo(v.from ?? "")}`);
  const share = v["visible-share"] === undefined ? undefined : Number(v["visible-share"]);
  if (share !== undefined && !(share > 0 && share <= 1)) throw new UsageError(`--visible-share '${echo(v["visible-share"] ?? "")}' is not a number in (0, 1]`);
  return {
    collectors: v.collector === undefined ? undefined : checkCollectors(v.collector),
    from, until, archive: v.archive, cacheDir: v.cache,
    retries: count("--retries", v.retries),
    fullFeedV4: count("--full-feed-v4", v["full-feed-v4"]),
    fullFeedV6: count("--full-feed-v6", v["full-feed-v6"]),
    visibleShare: share,
    kinds: v.kinds === undefined ? undefined : parseKinds(v.kinds),
    replace: v.replace === true,
  };
}

/**
 * Refuses an --archive folder that does not exist or is not a folder, before anything is
 * read: fetchArchiveFile() would report every file as missing, which looks like a hole.
 */
export function checkArchiveFolder(archive: string | undefined, flag = "--archive"): void {
  if (archive === undefined || /^https?:\/\//.test(archive)) return;
  const path = resolve(archive.startsWith("file:") ? fileURLToPath(archive) : archive);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) throw new UsageError(`${flag} ${archive}: ${path} does not exist; pass a folder in the RIS/RouteViews layout (docs/archives.md) or an http(s) URL`);
  if (!stat.isDirectory()) throw new UsageError(`${flag} ${archive}: ${path} is a file, not a folder; pass the folder that holds rrc00/, route-views.linx/, bgpdata/…`);
}

